//! The ledger's configuration as plain data: [`Config`], and the HUD's
//! [`Corner`] it names.

/// How many finished frames the ledger keeps by default.
pub const DEFAULT_FRAME_WINDOW: usize = 600;

/// How the ledger behaves; see [`configure`](crate::configure).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Print a report every this many frames (0: never print by itself;
    /// [`report`](crate::report()) still prints on demand). Default 60.
    pub report_every: u32,
    /// How many finished frames [`snapshot`](crate::snapshot) keeps. Default 600.
    pub frame_window: usize,
    /// How many sites the printed table lists, busiest first. Default 20.
    pub table_rows: usize,
    /// A site's closures must pile up in this many frames (at least 2) to
    /// be an unreleased callback. Default 2.
    pub callback_frames: u32,
    /// Frames over which a collection of handles must keep growing (never
    /// shrinking) to be a growing cache. Default 120.
    pub cache_window: usize,
    /// How many entries more, over that window, is growth. Default 30.
    pub cache_growth: u32,
    /// Frames over which live handles must keep growing. Default 120.
    pub live_window: usize,
    /// How many live handles more, over that window, is growth. Default 100.
    pub live_growth: u32,
    /// Calls in one frame at one element-by-element site (`set_index`,
    /// `get_index`, a JS array's `push`/`get`/`set`) that make it a
    /// per-element copy. Default 1000.
    pub element_calls: u64,
    /// Sites a frame keeps, busiest first; the others are counted in the
    /// frame's totals and in [`Frame::overflow_sites`](crate::Frame::overflow_sites), never dropped
    /// silently. Bounds the frame window's memory. Default 1024.
    pub frame_sites: usize,
    /// In an app measured by turns (no `#[frame]`, no [`end_frame`](crate::end_frame)): the
    /// periodic report comes every [`report_every`](Config::report_every)
    /// turns, but at most once per this many milliseconds (0: no limit).
    /// Default 1000.
    pub report_interval_ms: u32,
    /// A frame or turn whose own work (the ledger's left out) takes longer
    /// than this many milliseconds is a long frame (0: never). Default 50,
    /// the browser's long-task line.
    pub long_frame_ms: u32,
    /// Long frames warn once this many of them came within the last
    /// [`cache_window`](Config::cache_window) frames (a frame now and then
    /// held up by the garbage collector or a busy machine is not the
    /// app's), not counting the first 30 frames after start-up or a reset,
    /// or their first 2 s if that ends sooner (the engine warming up); one
    /// over four times the line warns at once. Default 3.
    pub long_frames: u32,
    /// Shows the in-page HUD (see [the `hud` module](mod@crate::hud)).
    /// Default off.
    pub hud: bool,
    /// The HUD's crossings graph draws a line at this many crossings per
    /// frame (0: none). Default 0.
    pub hud_budget: u64,
    /// Where the HUD sits. Default top right.
    pub hud_corner: Corner,
    /// Counts the whole app: calls into JS made where no annotated code
    /// runs (by JS API, their Rust code sampled from stacks) and closures
    /// made there (by the line of their creation stack). Off, only
    /// annotated code is counted. Default on.
    pub whole_app: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            report_every: 60,
            frame_window: DEFAULT_FRAME_WINDOW,
            table_rows: 20,
            callback_frames: 2,
            cache_window: 120,
            cache_growth: 30,
            live_window: 120,
            live_growth: 100,
            element_calls: 1000,
            frame_sites: 1024,
            report_interval_ms: 1000,
            long_frame_ms: 50,
            long_frames: 3,
            hud: false,
            hud_budget: 0,
            hud_corner: Corner::TopRight,
            whole_app: true,
        }
    }
}

/// A corner of the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Corner {
    /// Top left.
    TopLeft,
    /// Top right (the default).
    #[default]
    TopRight,
    /// Bottom left.
    BottomLeft,
    /// Bottom right.
    BottomRight,
}
