//! Particles: a `requestAnimationFrame` loop that moves particles in Rust,
//! renders them into a pixel buffer and hands the buffer to a canvas in one
//! call, plus a per-frame HUD drawn with canvas calls. The mouse attracts
//! the particles; space bursts them.
//!
//! `#[wasm_ledger::frame]` on [`App::frame`] makes each animation frame a
//! ledger frame; `#[wasm_ledger::track]` on the `impl` counts every call
//! into JS the app makes, per line. Open the console to read the reports.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData, KeyboardEvent, MouseEvent};

const WIDTH: u32 = 480;
const HEIGHT: u32 = 320;
const PARTICLES: usize = 2_000;

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
    ctx: CanvasRenderingContext2d,
    pixels: Vec<u8>,
    particles: Vec<Particle>,
    mouse: (f32, f32),
    seed: u32,
    frames: u64,
}

#[wasm_ledger::track]
impl App {
    fn new(ctx: CanvasRenderingContext2d) -> App {
        let mut app = App {
            ctx,
            pixels: vec![0; (WIDTH * HEIGHT * 4) as usize],
            particles: Vec::with_capacity(PARTICLES),
            mouse: (WIDTH as f32 / 2.0, HEIGHT as f32 / 2.0),
            seed: 0x9e37_79b9,
            frames: 0,
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
    fn frame(&mut self) {
        self.frames += 1;
        self.step();
        self.draw()
            .unwrap_or_else(|e| web_sys::console::error_1(&e));
    }

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
        // The whole buffer crosses once: one ImageData, one putImageData.
        let image =
            ImageData::new_with_u8_clamped_array_and_sh(Clamped(&self.pixels), WIDTH, HEIGHT)?;
        self.ctx.put_image_data(&image, 0.0, 0.0)?;
        // The HUD: a handful of canvas calls per frame.
        self.ctx.set_fill_style_str("#e0e0e0");
        self.ctx.fill_text(
            &format!("frame {}  particles {}", self.frames, self.particles.len()),
            8.0,
            16.0,
        )?;
        Ok(())
    }
}

/// Entry point: finds the canvas, wires the mouse and keyboard, and starts
/// the animation loop.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
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
    let app = Rc::new(RefCell::new(App::new(ctx)));

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
    let tick: Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>> = Rc::new(RefCell::new(None));
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
