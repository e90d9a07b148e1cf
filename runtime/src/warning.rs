//! What the detectors find, as plain data: a [`Warning`] and its
//! [`WarningKind`].

use crate::site::Site;

/// What a warning is about. The names (`name()`) are stable: tools and
/// tests match on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WarningKind {
    /// `Closure`s made per event or per frame and never released.
    UnreleasedCallback,
    /// A Rust collection of JS handles that only grows.
    GrowingCache,
    /// Live JS handles keep growing.
    LiveHandlesGrowing,
    /// A typed-array view made before wasm memory grew.
    DetachedView,
    /// A `Closure` handed to JS by reference, then dropped while JS still
    /// holds it.
    DroppedWhileHeld,
    /// Elements copied one crossing at a time, many times a frame.
    PerElementCopy,
    /// Exported `#[wasm_bindgen]` objects JS makes and never frees keep
    /// growing (exact mode: the probe counts them).
    ExportedObjectsGrowing,
    /// Rust memory a site allocated keeps growing while the page stays the
    /// same size (counted by [`Alloc`](crate::Alloc), when the app installs it).
    HeapGrowing,
    /// A frame or turn took longer than [`Config::long_frame_ms`](crate::Config::long_frame_ms).
    LongFrame,
}

impl WarningKind {
    /// The stable name: `unreleased_callback`, `growing_cache`,
    /// `live_handles_growing`, `detached_view`, `dropped_while_held`,
    /// `per_element_copy`, `exported_objects_growing`, `heap_growing`,
    /// `long_frame`.
    pub fn name(self) -> &'static str {
        match self {
            WarningKind::UnreleasedCallback => "unreleased_callback",
            WarningKind::GrowingCache => "growing_cache",
            WarningKind::LiveHandlesGrowing => "live_handles_growing",
            WarningKind::DetachedView => "detached_view",
            WarningKind::DroppedWhileHeld => "dropped_while_held",
            WarningKind::PerElementCopy => "per_element_copy",
            WarningKind::ExportedObjectsGrowing => "exported_objects_growing",
            WarningKind::HeapGrowing => "heap_growing",
            WarningKind::LongFrame => "long_frame",
        }
    }
}

/// A problem found by a detector, blamed on a site.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    /// What.
    pub kind: WarningKind,
    /// Where (the site that causes it; for live handles, the busiest maker).
    pub site: Option<&'static Site>,
    /// The explanation and the fix, kept up to date.
    pub message: String,
    /// The frame it was first found in.
    pub first_frame: u64,
    /// The frame it was last confirmed in.
    pub last_frame: u64,
}

impl Warning {
    /// `kind at file:line:col in function: message`.
    pub fn line(&self) -> String {
        match self.site {
            Some(s) => format!(
                "wasm-ledger warning [{}] {} in {}: {}",
                self.kind.name(),
                s,
                s.func(),
                self.message
            ),
            None => format!(
                "wasm-ledger warning [{}]: {}",
                self.kind.name(),
                self.message
            ),
        }
    }

    /// The line a later report lists it by (the whole warning was printed
    /// once, when it was raised): `still active: [kind] file:line:col in
    /// function, since frame N`.
    pub fn still_active(&self, unit: &str) -> String {
        let place = match self.site {
            Some(s) => format!(" {s} in {}", s.func()),
            None => String::new(),
        };
        format!(
            "still active: [{}]{place}, since {unit} {} (last seen in {unit} {})",
            self.kind.name(),
            self.first_frame,
            self.last_frame
        )
    }
}
