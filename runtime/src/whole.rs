//! The whole app as plain data: what code that is not annotated did, as the
//! probe saw it, and where in the Rust source it came from ([`WholeApp`],
//! [`Place`]), parsed from the probe's text (tested on the host). The rows
//! themselves are [`Site`](crate::Site)s of origin `Api` or `Made` (counted
//! in the `rows` module); this holds the sampled attribution beside them.

/// How the probe locates the Rust code of calls into JS made where no
/// annotated code ran, and what it found: see
/// [`Snapshot::whole_app`](crate::Snapshot::whole_app).
///
/// Every such call is counted exactly at the row of its JS API
/// ([`Origin::Api`](crate::Origin::Api)); which Rust function and line made
/// it is read off its stack, taken for a sample of the calls (a stack costs
/// microseconds, a crossing nanoseconds): each JS API's 1st, 2nd, 4th, 8th...
/// call, then one in [`period`](WholeApp::period), the period doubling while
/// taking stacks costs more than 2% of the time spent in wasm. The calls of
/// a [`Place`] are the API's exact count shared among its samples by weight:
/// an estimate, exact where every call was sampled.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WholeApp {
    /// The module has a `name` section: stacks name Rust functions.
    pub names: bool,
    /// The module has DWARF line information (`.debug_line`).
    pub dwarf: bool,
    /// The DWARF lines were read (it takes the module's bytes, which the
    /// probe keeps only where the module has DWARF).
    pub lines: bool,
    /// Rows of the DWARF line table.
    pub line_rows: u64,
    /// Milliseconds reading the DWARF line table took (once).
    pub lines_ms: u64,
    /// The app's own crate, as the module is named (`todo.wasm`: `todo`).
    pub app_crate: String,
    /// Stacks taken so far (closures' creation stacks among them).
    pub stacks: u64,
    /// What taking one stack costs on average, in microseconds.
    pub capture_us: u64,
    /// One call in this many is sampled, at most (1: every call).
    pub period: u64,
    /// Calls into JS made where no annotated code ran that the samples
    /// stand for.
    pub sampled_calls: u64,
    /// Stacks of such calls taken.
    pub samples: u64,
    /// Of `sampled_calls`: attributed to a named Rust function.
    pub named_calls: u64,
    /// Of `sampled_calls`: attributed to a frame in the app's own code.
    pub app_calls: u64,
    /// Of `sampled_calls`: attributed to a `file:line` (the app's, else
    /// the library's).
    pub line_calls: u64,
    /// The places, busiest first.
    pub places: Vec<Place>,
}

/// Where calls into JS made outside annotated code came from (sampled).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// Calls estimated, since the start.
    pub calls: u64,
    /// Stacks this estimate rests on.
    pub samples: u64,
    /// The JS API called (`Element.setAttribute`).
    pub api: String,
    /// The first frame in the app's own code (`todo::TodoRow::{{closure}}`);
    /// empty where the stack holds none.
    pub function: String,
    /// Its `file:line`, where DWARF has it.
    pub at: String,
    /// The innermost library frame inside it, not the bindings themselves
    /// (`tachys::renderer::dom::Dom::set_attribute`).
    pub library: String,
    /// Its `file:line`, where DWARF has it.
    pub library_at: String,
}

impl Place {
    /// `TodoRow — src/todos.rs:55 → tachys::renderer::dom::set_attribute`:
    /// the line to act on, and the library function beside it.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        if !self.function.is_empty() {
            out.push_str(&self.function);
            if !self.at.is_empty() {
                out.push_str(" — ");
                out.push_str(&self.at);
            }
        }
        if !self.library.is_empty() {
            if !out.is_empty() {
                out.push_str(" → ");
            }
            out.push_str(&self.library);
            if self.function.is_empty() && !self.library_at.is_empty() {
                out.push_str(" — ");
                out.push_str(&self.library_at);
            }
        }
        if out.is_empty() {
            out.push_str("(no Rust function on the stack)");
        }
        out
    }
}

impl WholeApp {
    /// Parses the probe's `wholeApp()` (`key=value` lines) and
    /// `attribution()` (a `#` header line, then one tab-separated line per
    /// place) texts.
    #[cfg_attr(not(all(target_arch = "wasm32", wasm_ledger_exact)), allow(dead_code))]
    pub(crate) fn parse(info: &str, attribution: &str) -> WholeApp {
        let mut w = WholeApp::default();
        for (key, value) in info.lines().filter_map(|l| l.split_once('=')) {
            let n = value.trim().parse::<u64>().unwrap_or(0);
            match key.trim() {
                "names" => w.names = n != 0,
                "dwarf" => w.dwarf = n != 0,
                "lines" => w.lines = n != 0,
                "line_rows" => w.line_rows = n,
                "lines_ms" => w.lines_ms = n,
                "app_crate" => w.app_crate = value.trim().to_string(),
                "stacks" => w.stacks = n,
                "capture_us" => w.capture_us = n,
                "period" => w.period = n,
                _ => {}
            }
        }
        for line in attribution.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let num = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
            let text = |i: usize| f.get(i).copied().unwrap_or("").to_string();
            if f.first() == Some(&"#") {
                w.sampled_calls = num(1);
                w.samples = num(2);
                w.named_calls = num(3);
                w.app_calls = num(4);
                w.line_calls = num(5);
            } else if f.len() >= 3 {
                w.places.push(Place {
                    calls: num(0),
                    samples: num(1),
                    api: text(2),
                    function: text(3),
                    at: text(4),
                    library: text(5),
                    library_at: text(6),
                });
            }
        }
        w
    }

    /// The share of `part` in the sampled calls, in percent.
    pub fn share(&self, part: u64) -> f64 {
        if self.sampled_calls == 0 {
            return 0.0;
        }
        100.0 * part as f64 / self.sampled_calls as f64
    }

    /// What the build lacks to name Rust code, and how to keep it: `None`
    /// when it has names and DWARF lines.
    pub fn missing(&self) -> Option<String> {
        if !self.names {
            return Some(
                "this build has no `name` section: calls outside annotated code are counted by JS API \
                 only, not by Rust function. Keep it (do not strip the module, nor run \
                 `wasm-bindgen --remove-name-section` or `wasm-opt` without `-g`)"
                    .to_string(),
            );
        }
        if !self.dwarf {
            return Some(
                "this build has no DWARF lines: calls outside annotated code are named by Rust \
                 function, not by line. Keep them with `wasm-bindgen --keep-debug` (trunk: \
                 `data-keep-debug` on the rust link; wasm-pack: `dwarf-debug-info = true` under \
                 `[package.metadata.wasm-pack.profile.dev.wasm-bindgen]`)"
                    .to_string(),
            );
        }
        if !self.lines {
            return Some(
                "this build has DWARF lines, but the probe could not place them: the module's \
                 bytes were not at hand (instantiated from a compiled module it did not see \
                 compiled); calls outside annotated code are named by Rust function"
                    .to_string(),
            );
        }
        None
    }
}

/// One row of the whole app's table, as the probe names it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(all(target_arch = "wasm32", wasm_ledger_exact)), allow(dead_code))]
pub(crate) struct RowName {
    pub made: bool,
    pub func: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub label: String,
}

impl RowName {
    /// `kind\tfunction\tfile\tline\tcolumn\tlabel`; `None` when empty.
    #[cfg_attr(not(all(target_arch = "wasm32", wasm_ledger_exact)), allow(dead_code))]
    pub(crate) fn parse(text: &str) -> Option<RowName> {
        let f: Vec<&str> = text.split('\t').collect();
        if f.len() < 3 {
            return None;
        }
        let num = |i: usize| f.get(i).and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
        Some(RowName {
            made: f[0] == "made",
            func: f[1].to_string(),
            file: f[2].to_string(),
            line: num(3),
            column: num(4),
            label: f.get(5).copied().unwrap_or("").to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probes_texts_parse_into_places_and_shares() {
        let info = "names=1\ndwarf=1\nlines=1\nline_rows=1200\nlines_ms=4\napp_crate=todo\nstacks=30\ncapture_us=12\nperiod=8";
        let attribution = "#\t200\t30\t198\t150\t190\n\
            120\t12\tElement.setAttribute\ttodo::TodoRow::{{closure}}\tsrc/todos.rs:55\ttachys::renderer::dom::Dom::set_attribute\ttachys-0.2.1/src/renderer/dom.rs:80\n\
            30\t3\tqueueMicrotask\t\t\twasm_bindgen_futures::queue::Queue::schedule_task\twasm-bindgen-futures-0.4.80/src/queue.rs:40";
        let w = WholeApp::parse(info, attribution);
        assert!(w.names && w.dwarf && w.lines);
        assert_eq!(w.app_crate, "todo");
        assert_eq!((w.stacks, w.capture_us, w.period), (30, 12, 8));
        assert_eq!((w.sampled_calls, w.samples), (200, 30));
        assert_eq!(w.share(w.app_calls), 75.0);
        assert_eq!(w.places.len(), 2);
        assert_eq!(
            w.places[0].describe(),
            "todo::TodoRow::{{closure}} — src/todos.rs:55 → tachys::renderer::dom::Dom::set_attribute"
        );
        assert_eq!(
            w.places[1].describe(),
            "wasm_bindgen_futures::queue::Queue::schedule_task — wasm-bindgen-futures-0.4.80/src/queue.rs:40"
        );
        assert_eq!(w.missing(), None);
    }

    #[test]
    fn a_build_without_names_or_lines_says_what_is_missing_and_how_to_keep_it() {
        let none = WholeApp::parse("names=0\ndwarf=0", "");
        assert!(none.missing().unwrap().contains("no `name` section"));
        let names = WholeApp::parse("names=1\ndwarf=0", "");
        assert!(names.missing().unwrap().contains("--keep-debug"));
        assert_eq!(
            names.share(0),
            0.0,
            "no samples: no share, no division by zero"
        );
    }

    #[test]
    fn row_names_parse_and_empty_ones_do_not() {
        let api = RowName::parse("api\t(not annotated)\tNode.appendChild\t0\t0\t").unwrap();
        assert!(!api.made);
        assert_eq!(api.file, "Node.appendChild");
        let made = RowName::parse(
            "made\ttodo::row\tsrc/todos.rs\t103\t9\tgloo_events::EventListener::new",
        )
        .unwrap();
        assert!(made.made);
        assert_eq!((made.line, made.column), (103, 9));
        assert_eq!(made.label, "gloo_events::EventListener::new");
        assert_eq!(RowName::parse(""), None);
    }
}
