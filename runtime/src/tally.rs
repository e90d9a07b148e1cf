//! Counts as plain data: a [`Tally`] of one site or one frame, the counters
//! a site keeps ([`Counter`]), and the [`Mode`] that says which of those
//! counters a tally is read from.

/// What a site counts; also the fields of a [`Tally`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub(crate) enum Counter {
    Crossings,
    Handles,
    ClosuresCreated,
    ClosuresReleased,
    ClosuresGiven,
    /// Bytes a typed-array copy moved out of wasm memory into JS, by the
    /// call's types (`copy_from`, `Uint8Array::from(&buf)`).
    BytesToJs,
    /// Bytes a typed-array copy moved from JS into wasm memory (`copy_to`,
    /// `to_vec`).
    BytesFromJs,
    Views,
    /// Crossings counted by the probe in exact mode (it adds to this
    /// counter in wasm memory); reported as `crossings` when exact mode is on.
    /// The probe's other counters follow it in this order: it finds them
    /// at fixed offsets from the address it is aimed at.
    Exact,
    /// Closures wasm-bindgen handed to JS while this site ran, seen by the
    /// probe (reported as `closures_created` in exact mode).
    ExactClosuresCreated,
    /// Releases of those closures, wherever they happened (the drop's call
    /// into JS, or JS finalizing one given away with `into_js_value`).
    ExactClosuresReleased,
    /// Calls from JS into those closures.
    JsCalls,
    /// Bytes the glue moved out of wasm memory into JS while this site ran,
    /// seen by the probe: strings decoded (`&str` arguments), vectors
    /// passed by value, typed-array copies.
    ExactBytesToJs,
    /// Bytes the glue wrote into wasm memory from JS while this site ran:
    /// strings encoded (`String` results), vectors returned, typed-array
    /// copies into a Rust slice.
    ExactBytesFromJs,
    /// Slices lent to JS as views of wasm memory for the call alone
    /// (zero-copy: a `&[T]` argument JS reads in place).
    ExactViewsLent,
    /// Views of wasm memory that JS keeps after the call (`Uint8Array::view`,
    /// an `ImageData` made on a Rust slice): they detach when memory grows.
    ExactViewsKept,
}

/// How many counters a site keeps.
pub(crate) const COUNTERS: usize = 16;

/// The probe's counters of a site, in the order it finds them from the
/// address it is aimed at (also a whole-app row's layout).
pub(crate) const PROBE_COUNTERS: [Counter; 8] = [
    Counter::Exact,
    Counter::ExactClosuresCreated,
    Counter::ExactClosuresReleased,
    Counter::JsCalls,
    Counter::ExactBytesToJs,
    Counter::ExactBytesFromJs,
    Counter::ExactViewsLent,
    Counter::ExactViewsKept,
];

/// Which of a site's counters stand: the estimate's (from the call sites'
/// types), or the probe's. Whoever builds a [`Tally`] says which; nothing
/// here reads the ledger's current mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Mode {
    /// Exact mode: crossings as the probe counted them at the running site.
    pub(crate) exact: bool,
    /// Closures (made, released, called from JS) as the probe saw
    /// wasm-bindgen hand them to JS: exact mode, with a wasm-bindgen whose
    /// closures it can follow.
    pub(crate) closures: bool,
}

impl Counter {
    /// The counter that holds crossings in `mode`.
    pub(crate) fn crossings(mode: Mode) -> Counter {
        if mode.exact {
            Counter::Exact
        } else {
            Counter::Crossings
        }
    }
}

/// Counts of one site, or of a whole frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Calls from wasm into JS.
    pub crossings: u64,
    /// JS handles created (values of JS type produced by calls, clones).
    pub handles: u64,
    /// `Closure`s made.
    pub closures_created: u64,
    /// `Closure`s released: their Rust side was dropped.
    pub closures_released: u64,
    /// `Closure`s handed to JS for good (`forget`, `into_js_value`).
    pub closures_given: u64,
    /// Bytes moved across the boundary, both ways (`bytes_to_js +
    /// bytes_from_js`).
    pub bytes: u64,
    /// Bytes copied out of wasm memory into JS: strings handed to JS at
    /// their UTF-8 length, vectors passed by value, typed-array copies. In
    /// exact mode as the probe saw the glue move them; otherwise typed-array
    /// copies only, from the call's types.
    pub bytes_to_js: u64,
    /// Bytes copied from JS into wasm memory: strings from JS at their UTF-8
    /// length, vectors returned, typed-array copies into Rust (`to_vec`).
    pub bytes_from_js: u64,
    /// Typed-array views of wasm memory made by annotated code
    /// (`Uint8Array::view`...), judged by the detached-view check.
    pub views: u64,
    /// Views of wasm memory JS keeps after the call that made them, as the
    /// probe saw the glue make them anywhere in the app: a view cast
    /// (`Uint8Array::view`), an `ImageData` made on a Rust slice (exact
    /// mode; 0 otherwise).
    pub views_kept: u64,
    /// Slices lent to JS as views for the call alone: a `&[T]` argument JS
    /// reads in place, zero-copy (exact mode; 0 otherwise).
    pub views_lent: u64,
    /// Calls from JS into the closures made here (exact mode; 0 otherwise).
    pub js_calls: u64,
}

impl Tally {
    /// A site's counters (indexed by [`Counter`]) as a tally: in exact mode
    /// the probe's counts replace the estimate's (crossings at the running
    /// site; closures as wasm-bindgen handed them to JS, where it follows
    /// them).
    pub(crate) fn from_counts(a: [u64; COUNTERS], mode: Mode) -> Tally {
        let closures = mode.closures;
        // Bytes: the probe's where it runs (it sees strings and vectors
        // too); the types' typed-array copies where it does not, or where
        // it could not see one (js-sys before 0.3.79 copies through a view
        // and `set`, whose bytes only the types give).
        let bytes = |types: Counter, probe: Counter| {
            let by_types = a[types as usize];
            if mode.exact {
                by_types.max(a[probe as usize])
            } else {
                by_types
            }
        };
        let bytes_to_js = bytes(Counter::BytesToJs, Counter::ExactBytesToJs);
        let bytes_from_js = bytes(Counter::BytesFromJs, Counter::ExactBytesFromJs);
        let pick = |by_probe: bool, estimate: Counter, probe: Counter| {
            a[if by_probe { probe } else { estimate } as usize]
        };
        Tally {
            crossings: a[Counter::crossings(mode) as usize],
            handles: a[Counter::Handles as usize],
            closures_created: pick(
                closures,
                Counter::ClosuresCreated,
                Counter::ExactClosuresCreated,
            ),
            closures_released: pick(
                closures,
                Counter::ClosuresReleased,
                Counter::ExactClosuresReleased,
            ),
            closures_given: a[Counter::ClosuresGiven as usize],
            bytes: bytes_to_js.saturating_add(bytes_from_js),
            bytes_to_js,
            bytes_from_js,
            views: a[Counter::Views as usize],
            views_kept: if mode.exact {
                a[Counter::ExactViewsKept as usize]
            } else {
                0
            },
            views_lent: if mode.exact {
                a[Counter::ExactViewsLent as usize]
            } else {
                0
            },
            js_calls: if closures {
                a[Counter::JsCalls as usize]
            } else {
                0
            },
        }
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        *self == Tally::default()
    }

    /// Adds `other` into `self`.
    /// Saturating: a ledger must never panic on its own account.
    pub fn add(&mut self, other: &Tally) {
        self.crossings = self.crossings.saturating_add(other.crossings);
        self.handles = self.handles.saturating_add(other.handles);
        self.closures_created = self.closures_created.saturating_add(other.closures_created);
        self.closures_released = self
            .closures_released
            .saturating_add(other.closures_released);
        self.closures_given = self.closures_given.saturating_add(other.closures_given);
        self.bytes = self.bytes.saturating_add(other.bytes);
        self.bytes_to_js = self.bytes_to_js.saturating_add(other.bytes_to_js);
        self.bytes_from_js = self.bytes_from_js.saturating_add(other.bytes_from_js);
        self.views = self.views.saturating_add(other.views);
        self.views_kept = self.views_kept.saturating_add(other.views_kept);
        self.views_lent = self.views_lent.saturating_add(other.views_lent);
        self.js_calls = self.js_calls.saturating_add(other.js_calls);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mode_given_picks_the_estimates_or_the_probes_counters() {
        let mut a = [0u64; COUNTERS];
        a[Counter::Crossings as usize] = 2;
        a[Counter::Exact as usize] = 5;
        a[Counter::ClosuresCreated as usize] = 1;
        a[Counter::ExactClosuresCreated as usize] = 3;
        a[Counter::JsCalls as usize] = 7;
        let estimate = Tally::from_counts(a, Mode::default());
        assert_eq!(
            (
                estimate.crossings,
                estimate.closures_created,
                estimate.js_calls
            ),
            (2, 1, 0)
        );
        let exact = Mode {
            exact: true,
            closures: false,
        };
        let t = Tally::from_counts(a, exact);
        assert_eq!((t.crossings, t.closures_created, t.js_calls), (5, 1, 0));
        let closures = Mode {
            exact: true,
            closures: true,
        };
        let t = Tally::from_counts(a, closures);
        assert_eq!((t.crossings, t.closures_created, t.js_calls), (5, 3, 7));
    }
}
