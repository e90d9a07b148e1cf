//! Exported objects growing: `#[wasm_bindgen]` structs JS keeps making and
//! never frees (exact mode).

use std::collections::VecDeque;
use std::fmt::Write;

use crate::detect::{keeps_growing, Detector, Finding, Input};
use crate::warning::WarningKind;

/// Exported objects alive at each frame end.
#[derive(Default)]
pub(crate) struct ExportedObjects {
    objects: VecDeque<u64>,
}

impl Detector for ExportedObjects {
    /// Exported objects that JS keeps making and never frees: their
    /// finalization registry may never run while the page is busy
    /// (wasm-bindgen #3903), so only `free()` releases them. Judged like
    /// live handles: over `live_window` frames, never down, up by at least
    /// `live_growth`.
    fn observe(&mut self, input: &Input<'_>, found: &mut Vec<Finding>) {
        let (frame, config, objects_by_type) =
            (input.frame, input.config, input.ask.objects_by_type);
        let Some(live) = frame.live_objects else {
            return;
        };
        let window = config.live_window.max(2);
        let Some((first, last)) = keeps_growing(
            &mut self.objects,
            live,
            window,
            u64::from(config.live_growth),
        ) else {
            return;
        };
        // Naming the types asks the probe (one call into JS): when first
        // found, then once a window while it goes on.
        let known = input
            .active
            .iter()
            .any(|w| w.kind == WarningKind::ExportedObjectsGrowing);
        if known && !frame.index.is_multiple_of(window as u64) {
            return;
        }
        let mut message = format!(
            "{last} exported objects alive, up from {first} over the last {window} {u}s and never down",
            u = input.unit
        );
        for (i, (ty, n)) in objects_by_type().iter().take(3).enumerate() {
            let _ = write!(message, "{}{n} {ty}", if i == 0 { ": " } else { ", " });
        }
        message.push_str(
            ". JS makes them and never calls `free()`; their finalization registry may never run while \
             the page is busy (wasm-bindgen #3903). Call `free()` when done (or `using` them), or keep \
             one and reuse it.",
        );
        found.push(Finding {
            kind: WarningKind::ExportedObjectsGrowing,
            site: None,
            message,
        });
    }
}
