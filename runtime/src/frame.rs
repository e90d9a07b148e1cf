//! The ledger's record as plain data: a finished [`Frame`] (or turn), a
//! site's [`SiteTally`], and the [`Snapshot`] of the whole ledger. Built at
//! the frame boundary and by [`snapshot`](crate::snapshot); nothing here
//! reads the ledger's state.

use crate::config::Config;
use crate::site::Site;
use crate::startup::Startup;
use crate::tally::Tally;
use crate::warning::Warning;
use crate::whole::WholeApp;

/// One finished frame, or turn (see [`Snapshot::turns`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// 0 for the first frame, counting up.
    pub index: u64,
    /// Everything counted in annotated code during the frame.
    pub tally: Tally,
    /// The sites of annotated code that counted anything during the frame,
    /// most crossings first.
    pub sites: Vec<SiteTally>,
    /// What code that is not annotated did during the frame (exact mode):
    /// its calls into JS, counted by JS API, and the closures it made,
    /// counted at the lines that made them. With [`tally`](Frame::tally),
    /// the whole app: [`Frame::whole_app`].
    pub elsewhere: Tally,
    /// The rows of [`elsewhere`](Frame::elsewhere) that counted anything
    /// during the frame (sites of origin [`Api`](crate::Origin::Api),
    /// [`Made`](crate::Origin::Made) or [`Lumped`](crate::Origin::Lumped)),
    /// most crossings first.
    pub elsewhere_sites: Vec<SiteTally>,
    /// How much wasm linear memory grew during the frame, in bytes.
    pub memory_growth: u64,
    /// Live JS handles owned by wasm at the end of the frame
    /// (`wasm_bindgen::externref_heap_live_count()`); `None` off wasm32.
    pub live_handles: Option<u32>,
    /// Milliseconds since the previous frame ended; `None` for the first
    /// frame and where no clock is available.
    pub duration_ms: Option<f64>,
    /// Sites that counted in this frame beyond [`Config::frame_sites`]:
    /// their counts are in `tally`, not in `sites`.
    pub overflow_sites: u64,
    /// Calls from JS into wasm during the frame (exported functions and
    /// closures, event handlers among them), counted by the probe; 0
    /// outside exact mode.
    pub js_calls: u64,
    /// Exported `#[wasm_bindgen]` objects JS made and has not freed, at the
    /// end of the frame; `None` outside exact mode.
    pub live_objects: Option<u64>,
    /// A turn (a call from JS into wasm that ran annotated code), not a
    /// frame: see [`Snapshot::turns`].
    pub turn: bool,
    /// Milliseconds the thread spent running wasm for this frame: the calls
    /// from JS into wasm since the previous boundary, as the probe timed
    /// them (with the previous boundary's own work where it ran after its
    /// call returned, timed by the probe there), or the `#[frame]`
    /// function's own time where that is longer (or there is no probe).
    /// Idle time between frames is not in it. `None` where neither was
    /// measured.
    pub work_ms: Option<f64>,
    /// Of [`work_ms`](Frame::work_ms), the ledger's own work at the
    /// previous boundary (closing that frame, its report, the HUD).
    pub ledger_ms: Option<f64>,
    /// The size of wasm linear memory at the end of the frame, in bytes
    /// (`None` off wasm32).
    pub memory_bytes: Option<u64>,
}

impl Frame {
    /// Crossings counted in annotated code during the frame.
    pub fn crossings(&self) -> u64 {
        self.tally.crossings
    }

    /// Everything the whole app counted during the frame: annotated code
    /// and the rest ([`elsewhere`](Frame::elsewhere)).
    pub fn whole_app(&self) -> Tally {
        let mut t = self.tally;
        t.add(&self.elsewhere);
        t
    }

    /// The frame's own work: [`work_ms`](Frame::work_ms) without the
    /// ledger's.
    pub fn app_ms(&self) -> Option<f64> {
        Some((self.work_ms? - self.ledger_ms.unwrap_or(0.0)).max(0.0))
    }

    /// Whether the frame's own work took longer than `config`'s line
    /// ([`Config::long_frame_ms`]). The first (index 0) holds start-up,
    /// told by the start-up line instead.
    pub(crate) fn is_long(&self, config: &Config) -> bool {
        config.long_frame_ms > 0
            && self.index > 0
            && self
                .app_ms()
                .is_some_and(|ms| ms > f64::from(config.long_frame_ms))
    }

    /// What one site (or row) counted in this frame.
    pub fn site(&self, site: &Site) -> Option<Tally> {
        self.sites
            .iter()
            .chain(&self.elsewhere_sites)
            .find(|s| core::ptr::eq(s.site, site))
            .map(|s| s.tally)
    }
}

/// What one site counted (in a frame, or since the start).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SiteTally {
    /// Where.
    pub site: &'static Site,
    /// What.
    pub tally: Tally,
}

/// The ledger's contents as plain data; see [`snapshot`](crate::snapshot).
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// The most recent finished frames, oldest first (at most
    /// [`Config::frame_window`]).
    pub frames: Vec<Frame>,
    /// Frames finished since the program started (including those that
    /// dropped out of the window).
    pub frames_total: u64,
    /// False while no frame boundary was ever marked: then everything so far
    /// is one long frame, held in `current`.
    pub frames_marked: bool,
    /// The boundaries are *turns*, not frames: no `#[frame]` function ran and
    /// [`end_frame`](crate::end_frame) was never called, so each call from JS into wasm that ran
    /// annotated code (an event handler, a timer, a promise continuation, an
    /// exported function) is one entry of [`frames`](Snapshot::frames), and
    /// the detectors judge turns as they judge frames. The probe marks them
    /// (exact mode); with the estimate there are no turns.
    pub turns: bool,
    /// What was counted since the last frame boundary (the frame under way).
    pub current: Tally,
    /// Every site of annotated code that ever counted, with its totals
    /// since the start, most crossings first.
    pub sites: Vec<SiteTally>,
    /// Every row of the whole app (code that is not annotated: JS APIs,
    /// lines that made closures) that ever counted, with its totals since
    /// the start, most crossings first (exact mode).
    pub elsewhere: Vec<SiteTally>,
    /// Where the calls into JS made outside annotated code came from, in
    /// the Rust source: sampled stacks (exact mode; see [`WholeApp`]).
    pub whole_app: Option<WholeApp>,
    /// What the detectors found, in the order found, each kept up to date.
    pub warnings: Vec<Warning>,
    /// Whether crossings are exact (counted by the truth probe at the
    /// running call site) rather than estimated from the call sites' types.
    pub exact: bool,
    /// Why they are estimated, when they are ([`estimate_reason`](crate::estimate_reason)).
    pub estimate_reason: Option<&'static str>,
    /// Calls from JS into each exported function since the start, busiest
    /// first (exact mode; closures are counted at the sites that made them,
    /// in [`Tally::js_calls`]).
    pub js_calls_by_export: Vec<(String, u64)>,
    /// Exported `#[wasm_bindgen]` objects JS holds and has not freed, per
    /// type, most first (exact mode).
    pub live_objects_by_type: Vec<(String, u64)>,
    /// What start-up cost before the first Rust ran, and whether the
    /// module was compiled while it downloaded (exact mode: the probe
    /// times it).
    pub startup: Option<Startup>,
}

/// Sorts `sites` most crossings first (then by place in the source).
pub(crate) fn sort_busiest_first(sites: &mut [SiteTally]) {
    sites.sort_by(|a, b| {
        let key = |s: &SiteTally| (s.site.file(), s.site.line(), s.site.column());
        b.tally
            .crossings
            .cmp(&a.tally.crossings)
            .then_with(|| key(a).cmp(&key(b)))
    });
}
