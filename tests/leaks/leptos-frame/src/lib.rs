//! Requests an animation frame and cancels it before it comes, once per
//! step (a drag that schedules a repaint and supersedes it on the next
//! move does this).

use leptos_dom::helpers::request_animation_frame_with_handle;
use wasm_bindgen::prelude::*;

/// How many steps the page runs, and the pause between two (ms).
#[wasm_bindgen]
pub fn plan() -> Vec<u32> {
    vec![150, 5]
}

#[wasm_bindgen]
pub fn step(i: u32) {
    let handle = request_animation_frame_with_handle(move || repaint(i)).expect("a frame");
    handle.cancel();
}

fn repaint(i: u32) {
    // Never runs: the frame is cancelled.
    let _ = i;
}
