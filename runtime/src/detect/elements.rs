//! Per-element copies: an element-by-element method on numbers
//! (`set_index`, `get_index`, a JS array's `push` of a number) called from
//! one site at least `element_calls` times in a frame, where a bulk copy
//! crosses once.

use crate::detect::{Detector, Finding, Input};
use crate::warning::WarningKind;

/// Judges each frame on its own: no state.
#[derive(Default)]
pub(crate) struct Elements;

impl Detector for Elements {
    fn observe(&mut self, input: &Input<'_>, found: &mut Vec<Finding>) {
        let (frame, config) = (input.frame, input.config);
        let limit = config.element_calls.max(1);
        for s in frame
            .sites
            .iter()
            .filter(|s| s.site.is_element() && s.tally.crossings >= limit)
        {
            let message = format!(
                "{} element-by-element calls from this line in {} {}, one crossing each; copy the whole \
                 buffer in one crossing (`copy_from`, `copy_to`, `to_vec`, `Uint8Array::from(&slice[..])`).",
                s.tally.crossings, input.unit, frame.index
            );
            found.push(Finding {
                kind: WarningKind::PerElementCopy,
                site: Some(s.site),
                message,
            });
        }
    }
}
