//! An egui app that repaints every frame (an animation, a live plot): the
//! page's steps only wait while eframe's runner paints.

use eframe::egui;
use wasm_bindgen::prelude::*;

struct Spin {
    frames: u64,
}

impl eframe::App for Spin {
    fn update(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.frames += 1;
        egui::CentralPanel::default().show(ctx, |ui| {
            ui.label(format!("frame {}", self.frames));
        });
        ctx.request_repaint();
    }
}

thread_local! {
    static RUNNER: eframe::WebRunner = eframe::WebRunner::new();
}

/// How many steps the page runs, and the pause between two (ms): about
/// two seconds of frames.
#[wasm_bindgen]
pub fn plan() -> Vec<u32> {
    vec![100, 20]
}

#[wasm_bindgen]
pub fn step(i: u32) {
    if i != 0 {
        return;
    }
    let runner = RUNNER.with(Clone::clone);
    wasm_bindgen_futures::spawn_local(async move {
        let started = runner
            .start(
                "canvas",
                eframe::WebOptions::default(),
                Box::new(|_| {
                    let app: Box<dyn eframe::App> = Box::new(Spin { frames: 0 });
                    #[cfg(feature = "fixed")]
                    let app = Ok(app);
                    app
                }),
            )
            .await;
        if let Err(e) = started {
            web_sys_error(&format!("eframe did not start: {e:?}"));
        }
    });
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn web_sys_error(s: &str);
}
