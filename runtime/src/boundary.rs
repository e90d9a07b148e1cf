//! The frame boundary's arithmetic as pure functions: what the boundary
//! read from the world ([`Readings`], read once), what it kept from the
//! boundary before ([`Clock`]), and from those the frame's figures (its
//! time split between the app and the ledger, memory growth, calls from
//! JS), the finished [`Frame`] itself, and whether a periodic report is
//! due. No state, no platform: tested
//! on the host, with arbitrary successive readings.
//!
//! Every counter read here can step backwards or wrap (the probe's
//! microsecond counts are `u32`s; a clock read a moment before a call's end
//! may stand beyond the total after it; a re-attached probe starts again
//! from 0): a step backwards is read as 0, never as 2³².

use crate::frame::{sort_busiest_first, Frame, SiteTally};
use crate::tally::{Mode, Tally};

/// What the boundary reads from the world, once.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Readings {
    pub now_ms: Option<f64>,
    /// Wasm memory, in 64 KiB pages.
    pub pages: Option<u64>,
    pub live_handles: Option<u32>,
    /// The probe's microseconds spent in wasm (wraps).
    pub busy_us: u32,
    /// The probe's own microseconds (its stacks; wraps).
    pub probe_own_us: u32,
    /// The probe's count of calls from JS into wasm.
    pub js_calls: u64,
    /// Exported objects made and freed (exact mode).
    pub objects: Option<(u64, u64)>,
    /// When the outermost `#[frame]` function was entered (frames only).
    pub frame_start_ms: Option<f64>,
    /// The ledger's own work since the last boundary outside it, in ms.
    pub own_extra_ms: f64,
    pub mode: Mode,
}

/// What one boundary keeps for the next.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Clock {
    pub memory_pages: Option<u64>,
    pub last_end_ms: Option<f64>,
    pub js_calls: u64,
    pub busy_us: u32,
    pub probe_own_us: u32,
    /// How long the ledger's own work took at the last boundary.
    pub own_ms: Option<f64>,
    /// That work ran inside a call from JS (a frame closed where it
    /// ended), so the probe's time in wasm holds it; not after one (a
    /// turn's end, a frame closed when its call returned: the probe calls
    /// the ledger then).
    pub own_in_call: bool,
}

/// A frame's figures, from its readings.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Figures {
    pub memory_growth: u64,
    pub duration_ms: Option<f64>,
    pub js_calls: u64,
    pub live_objects: Option<u64>,
    /// The frame's work (the probe's time in wasm, or the frame function's
    /// own span) and the ledger's part of it.
    pub work_ms: Option<f64>,
    pub ledger_ms: Option<f64>,
}

/// How far a wrapping `u32` counter moved from `before` to `now`; a step
/// backwards (more than half the range) is 0.
pub(crate) fn step_u32(now: u32, before: u32) -> u32 {
    let d = now.wrapping_sub(before);
    if d > u32::MAX / 2 {
        0
    } else {
        d
    }
}

/// How far a `u64` counter moved; backwards is 0.
pub(crate) fn step_u64(now: u64, before: u64) -> u64 {
    now.saturating_sub(before)
}

/// Milliseconds from `before` to `now`; a clock that stepped back is 0.
fn elapsed(before: Option<f64>, now: Option<f64>) -> Option<f64> {
    match (before, now) {
        (Some(before), Some(now)) => Some((now - before).max(0.0)),
        _ => None,
    }
}

/// The frame's figures from what was read and what the boundary before
/// kept, and what this one keeps. `turn`: the boundary ends a turn (called
/// by the probe after the call from JS returned), not a frame.
pub(crate) fn figures(r: &Readings, before: Clock, turn: bool) -> (Figures, Clock) {
    let memory_growth = match (before.memory_pages, r.pages) {
        (Some(b), Some(now)) => now.saturating_sub(b) * 65_536,
        _ => 0,
    };
    let busy = step_u32(r.busy_us, before.busy_us);
    let probe_ms = r.mode.exact.then(|| f64::from(busy) / 1000.0);
    let probe_own = f64::from(step_u32(r.probe_own_us, before.probe_own_us)) / 1000.0;
    let guard_ms = if turn {
        None
    } else {
        elapsed(r.frame_start_ms, r.now_ms)
    };
    let own_before = before.own_ms.unwrap_or(0.0);
    let extra = r.own_extra_ms.max(0.0);
    // The previous boundary's work is the ledger's, and the thread's time
    // in wasm: inside a call from JS the probe's time holds it; after one
    // (a turn's end, a frame closed when its call returned) the probe
    // timed it apart, and it is added.
    let probe_ms = probe_ms.map(|p| {
        if before.own_in_call {
            p
        } else {
            p + own_before
        }
    });
    let (work_ms, ledger_ms) = match (probe_ms, guard_ms) {
        (Some(p), g) if g.is_none_or(|g| p >= g) => {
            (Some(p), Some((own_before + extra + probe_own).min(p)))
        }
        (_, Some(g)) => (Some(g), Some(0.0)),
        (_, None) => (None, None),
    };
    let figures = Figures {
        memory_growth,
        duration_ms: elapsed(before.last_end_ms, r.now_ms),
        js_calls: step_u64(r.js_calls, before.js_calls),
        live_objects: r.objects.map(|(made, freed)| made.saturating_sub(freed)),
        work_ms,
        ledger_ms,
    };
    let after = Clock {
        memory_pages: r.pages.or(before.memory_pages),
        last_end_ms: r.now_ms.or(before.last_end_ms),
        js_calls: r.js_calls,
        busy_us: before.busy_us.wrapping_add(busy),
        probe_own_us: r.probe_own_us,
        // Measured after the boundary's work, by the caller.
        own_ms: None,
        own_in_call: false,
    };
    (figures, after)
}

/// When the last periodic report was printed, and how many frames (or
/// turns) had ended then.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ReportClock {
    pub last_ms: Option<f64>,
    pub reported: u64,
}

/// Whether a periodic report is due after `ended` frames (or turns): every
/// `every` of them; for turns, which come as fast as events do, at most
/// one per `interval_ms`, and the next one as soon as it has passed. With
/// the clock to keep.
pub(crate) fn report_due(
    ended: u64,
    every: u32,
    turn: bool,
    interval_ms: u32,
    now_ms: Option<f64>,
    clock: ReportClock,
) -> (bool, ReportClock) {
    let every = u64::from(every);
    let mut due = every > 0 && ended.is_multiple_of(every);
    if turn && interval_ms > 0 {
        let quiet = match (clock.last_ms, now_ms) {
            (Some(last), Some(now)) => now - last < f64::from(interval_ms),
            _ => false,
        };
        due = every > 0 && !quiet && ended >= clock.reported + every;
    }
    if due {
        (
            true,
            ReportClock {
                last_ms: now_ms.or(clock.last_ms),
                reported: ended,
            },
        )
    } else {
        (false, clock)
    }
}

/// The finished frame `index`: its sites' counts (annotated ones, and the
/// rest), busiest first, at most `cap` in all (those beyond it stay in the
/// totals), with its figures.
pub(crate) fn frame(
    index: u64,
    turn: bool,
    mut sites: Vec<SiteTally>,
    mut elsewhere_sites: Vec<SiteTally>,
    cap: usize,
    readings: &Readings,
    figures: &Figures,
) -> Frame {
    sort_busiest_first(&mut sites);
    sort_busiest_first(&mut elsewhere_sites);
    let total = |list: &[SiteTally]| {
        let mut t = Tally::default();
        for s in list {
            t.add(&s.tally);
        }
        t
    };
    let (tally, elsewhere) = (total(&sites), total(&elsewhere_sites));
    let cap = cap.max(1);
    let overflow_sites = (sites.len() + elsewhere_sites.len()).saturating_sub(cap) as u64;
    sites.truncate(cap);
    elsewhere_sites.truncate(cap.saturating_sub(sites.len()));
    Frame {
        index,
        tally,
        sites,
        elsewhere,
        elsewhere_sites,
        memory_growth: figures.memory_growth,
        live_handles: readings.live_handles,
        duration_ms: figures.duration_ms,
        overflow_sites,
        js_calls: figures.js_calls,
        live_objects: figures.live_objects,
        turn,
        work_ms: figures.work_ms,
        ledger_ms: figures.ledger_ms,
        memory_bytes: readings.pages.map(|p| p * 65_536),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so that the property
    /// tests need no dependency and replay the same readings every run.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        /// A counter's next reading: mostly forward, sometimes backwards,
        /// sometimes wrapped, sometimes a jump.
        fn counter(&mut self, at: u32) -> u32 {
            match self.next() % 8 {
                0 => at.wrapping_sub((self.next() % 5000) as u32),
                1 => at.wrapping_add(u32::MAX - (self.next() % 3) as u32),
                2 => self.next() as u32,
                _ => at.wrapping_add((self.next() % 20_000) as u32),
            }
        }
    }

    fn readings(rng: &mut Rng, at: &Readings, exact: bool) -> Readings {
        let now = at.now_ms.unwrap_or(0.0) + (rng.next() % 40_000) as f64 / 1000.0
            - if rng.next().is_multiple_of(10) {
                5.0
            } else {
                0.0
            };
        Readings {
            now_ms: (!rng.next().is_multiple_of(20)).then_some(now),
            pages: Some(
                at.pages.unwrap_or(17) + rng.next() % 3 - u64::from(rng.next().is_multiple_of(10)),
            ),
            live_handles: Some((rng.next() % 500) as u32),
            busy_us: rng.counter(at.busy_us),
            probe_own_us: rng.counter(at.probe_own_us),
            js_calls: at.js_calls + rng.next() % 100
                - u64::from(rng.next().is_multiple_of(10)).min(at.js_calls),
            objects: exact.then(|| (rng.next() % 100, rng.next() % 120)),
            frame_start_ms: Some(now - (rng.next() % 30_000) as f64 / 1000.0 + 1.0),
            own_extra_ms: (rng.next() % 3000) as f64 / 1000.0 - 1.0,
            mode: Mode {
                exact,
                closures: exact,
            },
        }
    }

    #[test]
    fn a_step_backwards_is_zero_and_a_wrap_forward_is_its_distance() {
        assert_eq!(step_u32(10, 5), 5);
        assert_eq!(step_u32(5, 10), 0, "backwards");
        assert_eq!(step_u32(3, u32::MAX - 1), 5, "wrapped forward");
        assert_eq!(step_u64(3, 10), 0);
    }

    /// Whatever the successive readings, every figure is one a frame can
    /// hold: no time above what passed in the probe's counter (at most half
    /// its range), the ledger's part never above the work, nothing
    /// negative, nothing near 2³² µs.
    #[test]
    fn arbitrary_successive_readings_give_figures_a_frame_can_hold() {
        for (seed, exact, turn) in [
            (1u64, true, true),
            (7, true, false),
            (99, false, false),
            (12345, false, true),
        ] {
            let mut rng = Rng(seed);
            let mut at = Readings::default();
            let mut clock = Clock::default();
            for _ in 0..20_000 {
                let r = readings(&mut rng, &at, exact);
                let (f, next) = figures(&r, clock, turn);
                let most_ms = f64::from(u32::MAX / 2) / 1000.0;
                for ms in [f.work_ms, f.ledger_ms, f.duration_ms]
                    .into_iter()
                    .flatten()
                {
                    assert!(
                        (0.0..=most_ms).contains(&ms) || f.duration_ms == Some(ms),
                        "{f:?} from {r:?}"
                    );
                    assert!(ms >= 0.0, "{f:?} from {r:?}");
                }
                if let (Some(work), Some(ledger)) = (f.work_ms, f.ledger_ms) {
                    assert!(ledger <= work, "{f:?} from {r:?}");
                }
                assert!(f.js_calls < 1 << 40, "{f:?}");
                assert!(f.memory_growth <= 3 * 65_536, "{f:?}");
                assert_eq!(f.live_objects.is_some(), exact);
                at = r;
                clock = Clock {
                    own_ms: Some((rng.next() % 2000) as f64 / 1000.0),
                    own_in_call: rng.next().is_multiple_of(2),
                    ..next
                };
            }
        }
    }

    #[test]
    fn the_ledgers_work_after_a_call_returned_is_in_the_next_frames_time() {
        let r = Readings {
            mode: Mode {
                exact: true,
                ..Mode::default()
            },
            busy_us: 4_000,
            ..Readings::default()
        };
        for (own_in_call, work) in [(true, 4.0), (false, 5.5)] {
            let before = Clock {
                own_ms: Some(1.5),
                own_in_call,
                ..Clock::default()
            };
            let (f, _) = figures(&r, before, false);
            assert_eq!(f.work_ms, Some(work), "{own_in_call}");
            assert_eq!(f.ledger_ms, Some(1.5), "{own_in_call}");
        }
    }

    #[test]
    fn turns_report_at_most_once_per_interval_and_frames_every_n() {
        let mut clock = ReportClock::default();
        let mut printed = Vec::new();
        for ended in 1..=600u64 {
            let now = Some(ended as f64 * 10.0); // a turn every 10 ms
            let (due, next) = report_due(ended, 60, true, 1000, now, clock);
            clock = next;
            if due {
                printed.push(ended);
            }
        }
        // Every 60 turns is 600 ms: the 1 s interval decides.
        assert_eq!(printed, [60, 160, 260, 360, 460, 560]);
        let frames: Vec<u64> = (1..=180)
            .filter(|&i| report_due(i, 60, false, 1000, Some(0.0), ReportClock::default()).0)
            .collect();
        assert_eq!(frames, [60, 120, 180]);
        assert!(
            !report_due(60, 0, false, 0, None, ReportClock::default()).0,
            "every 0: never"
        );
    }

    #[test]
    fn a_frame_keeps_its_busiest_sites_and_all_of_their_counts() {
        use crate::site::Site;
        static A: Site = Site::new("a", "src/a.rs", 1, 1);
        static B: Site = Site::new("b", "src/b.rs", 2, 1);
        static C: Site = Site::new("c", "src/c.rs", 3, 1);
        let at = |site: &'static Site, crossings: u64| SiteTally {
            site,
            tally: Tally {
                crossings,
                ..Tally::default()
            },
        };
        let readings = Readings {
            pages: Some(2),
            live_handles: Some(9),
            ..Readings::default()
        };
        let figures = Figures {
            memory_growth: 65_536,
            ..Figures::default()
        };
        let f = frame(
            7,
            true,
            vec![at(&A, 1), at(&B, 5)],
            vec![at(&C, 3)],
            2,
            &readings,
            &figures,
        );
        assert_eq!((f.index, f.turn), (7, true));
        // Busiest first, two kept, the third in the totals only.
        assert_eq!(
            f.sites
                .iter()
                .map(|s| s.tally.crossings)
                .collect::<Vec<_>>(),
            [5, 1]
        );
        assert!(f.elsewhere_sites.is_empty());
        assert_eq!(
            (f.tally.crossings, f.elsewhere.crossings, f.overflow_sites),
            (6, 3, 1)
        );
        assert_eq!(
            (f.memory_growth, f.memory_bytes, f.live_handles),
            (65_536, Some(131_072), Some(9))
        );
    }
}
