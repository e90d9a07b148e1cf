//! What the ledger prints, as plain strings (tested on the host).

use crate::ledger::Frame;

/// How many sites a frame's report line names.
const TOP_SITES: usize = 3;

/// The one-line report for a finished frame, e.g.
/// `wasm-ledger frame 7: 42 crossings at 2 sites; 40 in draw (src/lib.rs:12:9), 2 in input (src/lib.rs:30:5)`.
pub(crate) fn frame_line(frame: &Frame) -> String {
    use std::fmt::Write;
    let mut line = format!(
        "wasm-ledger frame {}: {} crossing{} at {} site{}",
        frame.index,
        frame.crossings,
        plural(frame.crossings),
        frame.sites.len(),
        plural(frame.sites.len() as u64),
    );
    for (i, count) in frame.sites.iter().take(TOP_SITES).enumerate() {
        let sep = if i == 0 { "; " } else { ", " };
        let _ = write!(line, "{sep}{} in {} ({})", count.crossings, count.site.func(), count.site);
    }
    if frame.sites.len() > TOP_SITES {
        let _ = write!(line, ", {} more site(s)", frame.sites.len() - TOP_SITES);
    }
    line
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::SiteCount;
    use crate::site::Site;

    static DRAW: Site = Site::new("draw", "src/lib.rs", 12, 9);
    static INPUT: Site = Site::new("input", "src/lib.rs", 30, 5);

    #[test]
    fn the_line_names_the_busiest_sites() {
        let frame = Frame {
            index: 7,
            crossings: 42,
            sites: vec![
                SiteCount { site: &DRAW, crossings: 40 },
                SiteCount { site: &INPUT, crossings: 2 },
            ],
        };
        assert_eq!(
            frame_line(&frame),
            "wasm-ledger frame 7: 42 crossings at 2 sites; 40 in draw (src/lib.rs:12:9), 2 in input (src/lib.rs:30:5)"
        );
    }

    #[test]
    fn an_idle_frame_says_so() {
        let frame = Frame { index: 0, crossings: 1, sites: vec![SiteCount { site: &DRAW, crossings: 1 }] };
        assert_eq!(frame_line(&frame), "wasm-ledger frame 0: 1 crossing at 1 site; 1 in draw (src/lib.rs:12:9)");
        let idle = Frame { index: 1, crossings: 0, sites: vec![] };
        assert_eq!(frame_line(&idle), "wasm-ledger frame 1: 0 crossings at 0 sites");
    }
}
