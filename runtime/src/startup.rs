//! What start-up cost before the first Rust ran, as the probe timed it:
//! the download, compiling (streaming or not, and why not), instantiating.

use std::fmt::Write;

/// How the module was compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compiled {
    /// `WebAssembly.instantiateStreaming`/`compileStreaming`: compiled while
    /// the bytes arrived.
    Streaming,
    /// From the whole bytes (`WebAssembly.instantiate`/`compile` of a
    /// buffer): compiling began after the download ended.
    Bytes,
    /// `new WebAssembly.Module(bytes)`, blocking the thread (Node's glue).
    Sync,
    /// The probe did not see the module compiled.
    Unknown,
}

impl Compiled {
    /// `streaming`, `bytes`, `sync`, `unknown` (stable: the JSON's).
    pub fn name(self) -> &'static str {
        match self {
            Compiled::Streaming => "streaming",
            Compiled::Bytes => "bytes",
            Compiled::Sync => "sync",
            Compiled::Unknown => "unknown",
        }
    }
}

/// The phases of start-up, in milliseconds since the page's (or process')
/// time origin (`performance.now()`'s zero), as the probe saw them; see
/// [`Snapshot::startup`](crate::Snapshot::startup).
#[derive(Clone, Debug, PartialEq)]
pub struct Startup {
    /// How the module was compiled.
    pub compiled: Compiled,
    /// The `Content-Type` the `.wasm` was served with, when fetched.
    pub content_type: Option<String>,
    /// Where it was fetched from.
    pub url: Option<String>,
    /// The download (Resource Timing: request start, last byte), where the
    /// page has it.
    pub fetch_start_ms: Option<f64>,
    /// See [`fetch_start_ms`](Startup::fetch_start_ms).
    pub fetch_end_ms: Option<f64>,
    /// Compiling: begun (for streaming, when the download was handed over)
    /// and done.
    pub compile_start_ms: Option<f64>,
    /// See [`compile_start_ms`](Startup::compile_start_ms).
    pub compile_end_ms: Option<f64>,
    /// Instantiating: begun and done.
    pub instantiate_start_ms: Option<f64>,
    /// See [`instantiate_start_ms`](Startup::instantiate_start_ms).
    pub instantiate_end_ms: Option<f64>,
    /// The first call from JS into the module (the start function, or the
    /// first export JS called).
    pub first_rust_ms: Option<f64>,
    /// Streaming was asked for and refused for the response's
    /// `Content-Type`: `Some(the type)` (empty: none was sent).
    pub streaming_refused: Option<String>,
    /// What went wrong, once (the probe also printed it with
    /// `console.warn`): "served as text/plain: compile waited for the whole
    /// download..."
    pub warning: Option<String>,
}

impl Startup {
    /// The probe's `key=value` lines; `None` when it saw nothing.
    #[cfg_attr(not(all(target_arch = "wasm32", wasm_ledger_exact)), allow(dead_code))]
    pub(crate) fn parse(text: &str) -> Option<Startup> {
        let mut s = Startup {
            compiled: Compiled::Unknown,
            content_type: None,
            url: None,
            fetch_start_ms: None,
            fetch_end_ms: None,
            compile_start_ms: None,
            compile_end_ms: None,
            instantiate_start_ms: None,
            instantiate_end_ms: None,
            first_rust_ms: None,
            streaming_refused: None,
            warning: None,
        };
        let mut any = false;
        for (key, value) in text.lines().filter_map(|l| l.split_once('=')) {
            any = true;
            let ms = || value.parse::<f64>().ok().filter(|v| v.is_finite());
            let text = || (value != "null").then(|| value.to_string());
            match key {
                "how" => {
                    s.compiled = match value {
                        "streaming" => Compiled::Streaming,
                        "bytes" => Compiled::Bytes,
                        "sync" => Compiled::Sync,
                        _ => Compiled::Unknown,
                    }
                }
                "contentType" => s.content_type = text(),
                "url" => s.url = text(),
                "fetchStart" => s.fetch_start_ms = ms(),
                "fetchEnd" => s.fetch_end_ms = ms(),
                "compileStart" => s.compile_start_ms = ms(),
                "compileEnd" => s.compile_end_ms = ms(),
                "instantiateStart" => s.instantiate_start_ms = ms(),
                "instantiateEnd" => s.instantiate_end_ms = ms(),
                "firstRust" => s.first_rust_ms = ms(),
                "refusedType" => {
                    s.streaming_refused = Some(if value == "null" {
                        String::new()
                    } else {
                        value.to_string()
                    })
                }
                "warning" => s.warning = text(),
                _ => {}
            }
        }
        any.then_some(s)
    }

    /// Compiling took this long.
    pub fn compile_ms(&self) -> Option<f64> {
        Some(self.compile_end_ms? - self.compile_start_ms?)
    }

    /// Instantiating took this long.
    pub fn instantiate_ms(&self) -> Option<f64> {
        Some(self.instantiate_end_ms? - self.instantiate_start_ms?)
    }

    /// One line for the report: `start-up: downloaded 0.0–12.3 ms ·
    /// compiled (streaming) 4.1 ms · instantiated 0.8 ms · first Rust at
    /// 31.0 ms`.
    pub fn line(&self) -> String {
        let mut out = String::from("start-up:");
        let mut sep = " ";
        if let (Some(a), Some(b)) = (self.fetch_start_ms, self.fetch_end_ms) {
            let _ = write!(out, "{sep}downloaded {a:.1}–{b:.1} ms");
            sep = " · ";
        }
        if let Some(c) = self.compile_ms() {
            let _ = write!(out, "{sep}compiled ({}) {c:.1} ms", self.compiled.name());
            sep = " · ";
        }
        if let Some(i) = self.instantiate_ms() {
            let _ = write!(out, "{sep}instantiated {i:.1} ms");
            sep = " · ";
        }
        if let Some(f) = self.first_rust_ms {
            let _ = write!(out, "{sep}first Rust at {f:.1} ms");
        }
        if let Some(w) = &self.warning {
            let _ = write!(out, " · {w}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probes_lines_are_read_and_a_refused_stream_is_kept() {
        let s = Startup::parse(
            "how=bytes\nrefusedType=text/plain\nurl=http://x/pkg/a_bg.wasm?v=1\nfetchStart=3.5\nfetchEnd=20\n\
             compileStart=21\ncompileEnd=30.5\ninstantiateStart=31\ninstantiateEnd=32\nfirstRust=33.25\n\
             warning=served as text/plain: compile waited for the whole download",
        )
        .unwrap();
        assert_eq!(s.compiled, Compiled::Bytes);
        assert_eq!(s.streaming_refused.as_deref(), Some("text/plain"));
        assert_eq!(s.url.as_deref(), Some("http://x/pkg/a_bg.wasm?v=1"));
        assert_eq!(s.compile_ms(), Some(9.5));
        assert_eq!(s.instantiate_ms(), Some(1.0));
        let line = s.line();
        assert!(
            line.starts_with("start-up: downloaded 3.5–20.0 ms · compiled (bytes) 9.5 ms"),
            "{line}"
        );
        assert!(
            line.ends_with("compile waited for the whole download"),
            "{line}"
        );
        assert_eq!(Startup::parse(""), None);
    }
}
