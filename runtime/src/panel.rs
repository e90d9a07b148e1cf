//! The HUD's side of the ledger: the panel's state, and each finished
//! frame handed to `js/hud.js` as the numbers it draws (see the public
//! [`hud`](mod@crate::hud) module).

use crate::config::{Config, Corner};
use crate::frame::Frame;
use crate::output;
use crate::site::Site;
use crate::tally::Mode;
use crate::warning::Warning;

/// How many values the ledger hands the HUD per frame; `js/hud.js` reads
/// them in this order.
pub(crate) const VALUES: usize = 15;

/// The HUD's side of the ledger.
#[derive(Default)]
pub(crate) struct State {
    shown: bool,
    /// Warnings handed to the HUD so far (the ledger only appends).
    sent: usize,
    /// The HUD said once why it cannot draw.
    told: bool,
}

impl State {
    /// After the ledger's reset: the panel stays, its warnings go.
    pub(crate) fn reset(self) -> State {
        if self.shown {
            js::clear();
        }
        State { sent: 0, ..self }
    }

    /// At a boundary: hands the finished frame (and new warnings) to the
    /// panel, which draws it.
    pub(crate) fn frame(
        &mut self,
        config: &Config,
        frame: &Frame,
        warnings: &[Warning],
        mode: Mode,
    ) {
        if !config.hud {
            if self.shown {
                js::off();
                self.shown = false;
            }
            return;
        }
        if !self.shown {
            self.shown = true;
            if let Err(why) = js::available() {
                if !self.told {
                    self.told = true;
                    output::warn(&format!("wasm-ledger HUD: not shown: {why}"));
                }
                return;
            }
        }
        for w in warnings.iter().skip(self.sent) {
            let place = w.site.map(|s| s.to_string()).unwrap_or_default();
            js::warning(w.kind.name(), &place, &w.message);
        }
        self.sent = warnings.len();
        let values = values(config, frame, mode);
        if !js::frame(&values) && !self.told {
            self.told = true;
            output::warn("wasm-ledger HUD: not shown: there is no document to draw in");
        }
    }
}

/// The frame as the HUD reads it: see `js/hud.js` for the order.
pub(crate) fn values(config: &Config, frame: &Frame, mode: Mode) -> [f64; VALUES] {
    let (mut made, mut released) = (0u64, 0u64);
    for site in Site::all() {
        let t = site.total_in(mode);
        made += t.closures_created;
        released += t.closures_released;
    }
    let or_none = |v: Option<f64>| v.filter(|v| v.is_finite()).unwrap_or(-1.0);
    [
        frame.index as f64,
        f64::from(u8::from(frame.turn)),
        // The whole app's: annotated code's and the rest's.
        frame.whole_app().crossings as f64,
        or_none(frame.live_handles.map(f64::from)),
        made.saturating_sub(released) as f64,
        frame.js_calls as f64,
        frame.tally.bytes as f64,
        or_none(frame.app_ms()),
        or_none(frame.ledger_ms),
        or_none(frame.memory_bytes.map(|b| b as f64)),
        f64::from(u8::from(frame.is_long(config))),
        f64::from(config.long_frame_ms),
        config.hud_budget as f64,
        corner_code(config.hud_corner),
        // Turns come as fast as events: at most one drawing per 16 ms (the
        // last one is drawn at the next animation frame). Frames: each one.
        if frame.turn { 16.0 } else { 0.0 },
    ]
}

/// Where `js/hud.js` puts the panel: its code for `corner`.
fn corner_code(corner: Corner) -> f64 {
    match corner {
        Corner::TopLeft => 0.0,
        Corner::TopRight => 1.0,
        Corner::BottomLeft => 2.0,
        Corner::BottomRight => 3.0,
    }
}

#[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/js/hud.js")]
    extern "C" {
        #[wasm_bindgen(catch, js_name = hudFrame)]
        fn hud_frame(values: &[f64]) -> Result<bool, JsValue>;
        #[wasm_bindgen(catch, js_name = hudWarning)]
        fn hud_warning(kind: &str, place: &str, message: &str) -> Result<(), JsValue>;
        #[wasm_bindgen(catch, js_name = hudOff)]
        fn hud_off() -> Result<(), JsValue>;
        #[wasm_bindgen(catch, js_name = hudClear)]
        fn hud_clear() -> Result<(), JsValue>;
    }

    pub(super) fn available() -> Result<(), &'static str> {
        Ok(())
    }
    pub(super) fn frame(values: &[f64]) -> bool {
        hud_frame(values).unwrap_or(true)
    }
    pub(super) fn warning(kind: &str, place: &str, message: &str) {
        let _ = hud_warning(kind, place, message);
    }
    pub(super) fn off() {
        let _ = hud_off();
    }
    pub(super) fn clear() {
        let _ = hud_clear();
    }
}

#[cfg(not(all(target_arch = "wasm32", wasm_ledger_exact)))]
mod js {
    pub(super) fn available() -> Result<(), &'static str> {
        Err(if cfg!(target_arch = "wasm32") {
            "it needs the glue's JS snippets (js/hud.js), left out with `--cfg wasm_ledger_estimate`"
        } else {
            "not a wasm32 build: there is no page"
        })
    }
    pub(super) fn frame(_values: &[f64]) -> bool {
        true
    }
    pub(super) fn warning(_kind: &str, _place: &str, _message: &str) {}
    pub(super) fn off() {}
    pub(super) fn clear() {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tally::Tally;

    #[test]
    fn a_frame_is_handed_over_in_the_order_the_panel_reads() {
        let frame = Frame {
            index: 7,
            tally: Tally {
                crossings: 120,
                bytes: 4096,
                ..Tally::default()
            },
            sites: Vec::new(),
            elsewhere: Tally::default(),
            elsewhere_sites: Vec::new(),
            memory_growth: 0,
            live_handles: Some(33),
            duration_ms: Some(16.0),
            overflow_sites: 0,
            js_calls: 2,
            live_objects: None,
            turn: false,
            work_ms: Some(80.0),
            ledger_ms: Some(1.0),
            memory_bytes: Some(17 * 65_536),
        };
        let config = Config {
            hud_budget: 100,
            hud_corner: Corner::BottomLeft,
            ..Config::default()
        };
        let v = values(&config, &frame, Mode::default());
        assert_eq!(v[0], 7.0);
        assert_eq!(v[2], 120.0);
        assert_eq!(v[3], 33.0);
        assert_eq!(v[5], 2.0);
        assert_eq!(v[6], 4096.0);
        assert_eq!(v[7], 79.0, "the app's own time");
        assert_eq!(v[9], 17.0 * 65_536.0, "memory");
        assert_eq!(v[10], 1.0, "79 ms is a long frame");
        assert_eq!((v[12], v[13], v[14]), (100.0, 2.0, 0.0));
    }

    #[test]
    fn off_wasm32_showing_it_says_why_once_and_draws_nothing() {
        let mut state = State::default();
        let frame = Frame {
            index: 0,
            tally: Tally::default(),
            sites: Vec::new(),
            elsewhere: Tally::default(),
            elsewhere_sites: Vec::new(),
            memory_growth: 0,
            live_handles: None,
            duration_ms: None,
            overflow_sites: 0,
            js_calls: 0,
            live_objects: None,
            turn: true,
            work_ms: None,
            ledger_ms: None,
            memory_bytes: None,
        };
        let on = Config {
            hud: true,
            ..Config::default()
        };
        state.frame(&on, &frame, &[], Mode::default());
        assert!(state.shown && state.told);
        state.frame(&Config::default(), &frame, &[], Mode::default());
        assert!(!state.shown);
    }
}
