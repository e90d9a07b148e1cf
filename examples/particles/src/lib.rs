//! Particles: a `requestAnimationFrame` loop that moves particles in Rust,
//! renders them into a pixel buffer and hands the buffer to a canvas in one
//! call, plus a per-frame HUD drawn with canvas calls. The mouse attracts
//! the particles; space bursts them.
//!
//! `#[wasm_ledger::frame]` on [`App::frame`] makes each animation frame a
//! ledger frame; `#[wasm_ledger::track]` on the `impl` counts every call
//! into JS the app makes, per line. Open the console to read the reports.
//!
//! `?leak=closure`, `?leak=cache`, `?leak=view`, `?leak=per-element` (or
//! several, comma-separated, or `all`) switch on one classic mistake each;
//! every one is marked `// leak: <name>` on the line the ledger blames.
//! `?hud` shows the ledger's in-page HUD (`?hud=500`: with a budget line
//! at 500 crossings per frame).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::Uint8ClampedArray;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, ImageData, KeyboardEvent, MouseEvent, TextMetrics,
};

const WIDTH: u32 = 480;
const HEIGHT: u32 = 320;
/// Particles at start; a fountain at the mouse adds more, up to the most.
const PARTICLES: usize = 2_000;
const MOST_PARTICLES: usize = 20_000;
const SPAWN_PER_FRAME: usize = 50;

/// The mistakes the page can switch on with `?leak=`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Leaks {
    /// A mousemove listener made every frame and forgotten.
    pub closure: bool,
    /// Text metrics cached per HUD string, which changes every frame.
    pub cache: bool,
    /// A typed-array view of the pixels made once and kept.
    pub view: bool,
    /// The pixels copied to JS one byte per call.
    pub per_element: bool,
}

impl Leaks {
    /// The names `?leak=` takes.
    pub const NAMES: [&'static str; 4] = ["closure", "cache", "view", "per-element"];

    /// `closure,view`, `all`, or empty (none).
    pub fn parse(spec: &str) -> Result<Leaks, String> {
        let mut leaks = Leaks::default();
        for name in spec.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name {
                "closure" => leaks.closure = true,
                "cache" => leaks.cache = true,
                "view" => leaks.view = true,
                "per-element" => leaks.per_element = true,
                "all" => {
                    leaks = Leaks {
                        closure: true,
                        cache: true,
                        view: true,
                        per_element: true,
                    };
                }
                other => {
                    return Err(format!(
                        "unknown leak `{other}`; the leaks are: {}, all",
                        Leaks::NAMES.join(", ")
                    ))
                }
            }
        }
        Ok(leaks)
    }

    /// The names of the leaks that are on.
    pub fn names(&self) -> Vec<&'static str> {
        let on = [self.closure, self.cache, self.view, self.per_element];
        Leaks::NAMES
            .iter()
            .zip(on)
            .filter(|(_, on)| *on)
            .map(|(n, _)| *n)
            .collect()
    }
}

/// One moving point.
#[derive(Clone, Copy)]
struct Particle {
    x: f32,
    y: f32,
    vx: f32,
    vy: f32,
}

/// The whole app state; lives in an `Rc<RefCell<_>>` shared with the event
/// and animation callbacks.
pub struct App {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    pixels: Vec<u8>,
    particles: Vec<Particle>,
    mouse: (f32, f32),
    seed: u32,
    frames: u64,
    leaks: Leaks,
    /// `?leak=cache`: measured HUD strings, never cleared.
    metrics: HashMap<String, TextMetrics>,
    /// `?leak=view`: a view of `pixels`, made once.
    view: Option<Uint8ClampedArray>,
    /// `?leak=per-element`: a JS copy of the pixels, filled byte by byte.
    js_pixels: Option<Uint8ClampedArray>,
    /// The first drawing error is printed, not the same one every frame.
    draw_failed: bool,
}

#[wasm_ledger::track]
impl App {
    /// The app on `canvas`, drawing with `ctx`, with `leaks` switched on.
    pub fn new(canvas: HtmlCanvasElement, ctx: CanvasRenderingContext2d, leaks: Leaks) -> App {
        let mut app = App {
            canvas,
            ctx,
            pixels: vec![0; (WIDTH * HEIGHT * 4) as usize],
            particles: Vec::with_capacity(PARTICLES),
            mouse: (WIDTH as f32 / 2.0, HEIGHT as f32 / 2.0),
            seed: 0x9e37_79b9,
            frames: 0,
            leaks,
            metrics: HashMap::new(),
            view: None,
            js_pixels: None,
            draw_failed: false,
        };
        for _ in 0..PARTICLES {
            let p = Particle {
                x: app.random() * WIDTH as f32,
                y: app.random() * HEIGHT as f32,
                vx: 0.0,
                vy: 0.0,
            };
            app.particles.push(p);
        }
        app
    }

    /// A small xorshift: randomness without a crossing per number.
    fn random(&mut self) -> f32 {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 17;
        self.seed ^= self.seed << 5;
        (self.seed >> 8) as f32 / (1u32 << 24) as f32
    }

    fn burst(&mut self) {
        for i in 0..self.particles.len() {
            let (a, b) = (self.random() - 0.5, self.random() - 0.5);
            self.particles[i].vx += a * 8.0;
            self.particles[i].vy += b * 8.0;
        }
    }

    /// One animation frame: physics, then drawing.
    #[wasm_ledger::frame]
    pub fn frame(&mut self) {
        self.frames += 1;
        self.spawn();
        self.step();
        let mut drawn = self.draw();
        if drawn.is_ok() && self.leaks.closure {
            drawn = self.hover_listener();
        }
        if let Err(e) = drawn {
            if !self.draw_failed {
                self.draw_failed = true;
                web_sys::console::error_2(&"particles: drawing failed (printed once):".into(), &e);
            }
        }
    }

    /// The fountain: new particles at the mouse, while there is room.
    fn spawn(&mut self) {
        let (mx, my) = self.mouse;
        for _ in 0..SPAWN_PER_FRAME.min(MOST_PARTICLES - self.particles.len()) {
            let (vx, vy) = (self.random() - 0.5, self.random() - 0.5);
            self.particles.push(Particle {
                x: mx,
                y: my,
                vx: vx * 6.0,
                vy: vy * 6.0,
            });
        }
    }

    /// `?leak=closure`: a hover listener registered anew every frame and
    /// forgotten; each one stays alive (with its slot in the function table)
    /// as long as the page.
    fn hover_listener(&mut self) -> Result<(), JsValue> {
        let on_hover = Closure::<dyn FnMut()>::new(|| ()); // leak: closure
        self.canvas
            .add_event_listener_with_callback("mousemove", on_hover.as_ref().unchecked_ref())?;
        on_hover.forget();
        Ok(())
    }

    #[cfg_attr(feature = "layout-control", inline(never))]
    fn step(&mut self) {
        let (mx, my) = self.mouse;
        for p in &mut self.particles {
            let (dx, dy) = (mx - p.x, my - p.y);
            let d2 = dx * dx + dy * dy + 50.0;
            p.vx = (p.vx + dx / d2 * 20.0) * 0.99;
            p.vy = (p.vy + dy / d2 * 20.0) * 0.99;
            p.x = (p.x + p.vx).rem_euclid(WIDTH as f32);
            p.y = (p.y + p.vy).rem_euclid(HEIGHT as f32);
        }
    }

    fn draw(&mut self) -> Result<(), JsValue> {
        for px in self.pixels.chunks_exact_mut(4) {
            px.copy_from_slice(&[12, 14, 22, 255]);
        }
        for p in &self.particles {
            let i =
                ((p.y as u32).min(HEIGHT - 1) * WIDTH + (p.x as u32).min(WIDTH - 1)) as usize * 4;
            self.pixels[i..i + 4].copy_from_slice(&[120, 200, 255, 255]);
        }
        let image = if self.leaks.per_element {
            self.image_element_by_element()?
        } else {
            // The whole buffer crosses once: one ImageData, one putImageData.
            ImageData::new_with_u8_clamped_array_and_sh(Clamped(&self.pixels), WIDTH, HEIGHT)?
        };
        self.ctx.put_image_data(&image, 0.0, 0.0)?;
        // The HUD: a handful of canvas calls per frame.
        let mut text = format!("frame {}  particles {}", self.frames, self.particles.len());
        if self.leaks.view {
            text += &format!("  under the mouse {}", self.red_under_mouse());
        }
        self.ctx.set_fill_style_str("#e0e0e0");
        self.ctx.fill_text(&text, 8.0, 16.0)?;
        if self.leaks.cache {
            let width = self.text_width(&text)?;
            self.ctx.fill_rect(8.0, 20.0, width, 1.0);
        }
        Ok(())
    }

    /// `?leak=cache`: text metrics cached by string. The HUD's string
    /// changes every frame, so the cache only grows, and every entry pins a
    /// JS `TextMetrics`.
    fn text_width(&mut self, text: &str) -> Result<f64, JsValue> {
        if let Some(m) = self.metrics.get(text) {
            return Ok(m.width());
        }
        let m = self.ctx.measure_text(text)?;
        let width = m.width();
        self.metrics.insert(text.to_string(), m); // leak: cache
        Ok(width)
    }

    /// `?leak=view`: the red under the mouse, read through a view of the
    /// pixels made once and kept. The fountain grows the particles, the
    /// allocator grows wasm memory, and the kept view is detached: from then
    /// on it reads 0.
    #[wasm_ledger::track(allow(view_escapes))]
    fn red_under_mouse(&mut self) -> u8 {
        let (x, y) = (self.mouse.0 as u32 % WIDTH, self.mouse.1 as u32 % HEIGHT);
        let view = self
            .view
            .get_or_insert_with(|| unsafe { Uint8ClampedArray::view(&self.pixels) }); // leak: view
        view.get_index((y * WIDTH + x) * 4)
    }

    /// `?leak=per-element`: the pixels copied to JS one byte per call, where
    /// `copy_from` (or `ImageData::new_with_u8_clamped_array_and_sh`) copies
    /// them in one.
    #[wasm_ledger::track(allow(per_element_copy))]
    fn image_element_by_element(&mut self) -> Result<ImageData, JsValue> {
        let js = self
            .js_pixels
            .get_or_insert_with(|| Uint8ClampedArray::new_with_length(WIDTH * HEIGHT * 4));
        for (i, byte) in self.pixels.iter().enumerate() {
            js.set_index(i as u32, *byte); // leak: per-element
        }
        ImageData::new_with_js_u8_clamped_array_and_sh(js, WIDTH, HEIGHT)
    }
}

/// The ledger's snapshot as JSON (its schema is in wasm-ledger's docs), for
/// the page's tools: `cargo xtask demo --json` and the HUD's test read it.
#[wasm_bindgen]
pub fn ledger_snapshot() -> String {
    wasm_ledger::snapshot().to_json()
}

/// Entry point: finds the canvas, reads `?leak=`, wires the mouse and
/// keyboard, and starts the animation loop.
#[cfg_attr(feature = "start", wasm_bindgen(start))]
pub fn start() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let query = web_sys::UrlSearchParams::new_with_str(&window.location().search()?)?;
    let leaks = Leaks::parse(&query.get("leak").unwrap_or_default())?;
    if let Some(hud) = query.get("hud") {
        match hud.parse::<u64>() {
            Ok(budget) => wasm_ledger::hud_budget(budget),
            Err(_) => wasm_ledger::hud(),
        }
    }
    let on = leaks.names();
    web_sys::console::info_1(
        &format!(
            "particles: leaks on: {}",
            if on.is_empty() {
                "none".to_string()
            } else {
                on.join(", ")
            }
        )
        .into(),
    );
    let canvas: HtmlCanvasElement = document
        .get_element_by_id("canvas")
        .ok_or("no #canvas")?
        .dyn_into()?;
    canvas.set_width(WIDTH);
    canvas.set_height(HEIGHT);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or("no 2d context")?
        .dyn_into()?;
    let app = Rc::new(RefCell::new(App::new(canvas.clone(), ctx, leaks)));

    // Listeners live as long as the page: made once and handed to JS for
    // good, which is fine (and not a leak) because it happens once.
    let on_move = {
        let app = app.clone();
        Closure::<dyn FnMut(MouseEvent)>::new(move |e: MouseEvent| {
            app.borrow_mut().mouse = (e.offset_x() as f32, e.offset_y() as f32);
        })
    };
    canvas.add_event_listener_with_callback("mousemove", on_move.as_ref().unchecked_ref())?;
    on_move.forget();
    let on_key = {
        let app = app.clone();
        Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if e.key() == " " {
                app.borrow_mut().burst();
            }
        })
    };
    document.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
    on_key.forget();

    // The animation callback is made once and re-registered every frame.
    type Tick = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;
    let tick: Tick = Rc::new(RefCell::new(None));
    let again = tick.clone();
    *tick.borrow_mut() = Some(Closure::new(move |_time: f64| {
        app.borrow_mut().frame();
        if let (Some(window), Some(cb)) = (web_sys::window(), again.borrow().as_ref()) {
            let _ = window.request_animation_frame(cb.as_ref().unchecked_ref());
        }
    }));
    if let Some(cb) = tick.borrow().as_ref() {
        window.request_animation_frame(cb.as_ref().unchecked_ref())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Leaks;

    #[test]
    fn leaks_are_parsed_by_name_or_all() {
        assert_eq!(Leaks::parse(""), Ok(Leaks::default()));
        let two = Leaks::parse("closure, per-element").unwrap();
        assert_eq!(two.names(), ["closure", "per-element"]);
        assert_eq!(Leaks::parse("all").unwrap().names(), Leaks::NAMES);
        assert!(Leaks::parse("views")
            .unwrap_err()
            .starts_with("unknown leak `views`"));
    }
}
