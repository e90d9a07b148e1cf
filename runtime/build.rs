//! Decides once whether the ledger is on, as `cfg(wasm_ledger_on)`: in
//! builds with debug assertions unless `--cfg wasm_ledger_disable`, and
//! always with the `always-on` feature. Off, the crate links nothing into
//! the user's wasm: no JS imports, no exports, no data.
//!
//! It also finds out which API of wasm-bindgen, js-sys and
//! wasm-bindgen-futures the app resolved to, as cfgs, so that one source
//! builds against every supported release (see [`Api`]). It asks the
//! crates themselves, not a version number: they are this script's
//! build-dependencies with the same ranges as the library's (cargo never
//! holds two semver-compatible versions of one crate in a build, so these
//! host copies are the very versions the wasm build links), and a snippet
//! naming each API is compiled against them.

use std::any::TypeId;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn main() {
    println!("cargo::rustc-check-cfg=cfg(wasm_ledger_on)");
    println!("cargo::rustc-check-cfg=cfg(wasm_ledger_disable)");
    println!("cargo::rustc-check-cfg=cfg(wasm_ledger_estimate)");
    println!("cargo::rustc-check-cfg=cfg(wasm_ledger_exact)");
    println!("cargo::rustc-check-cfg=cfg(docsrs)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CARGO_CFG_WASM_LEDGER_DISABLE");
    println!("cargo::rerun-if-env-changed=CARGO_CFG_WASM_LEDGER_ESTIMATE");
    let debug = std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_some();
    let disabled = std::env::var_os("CARGO_CFG_WASM_LEDGER_DISABLE").is_some();
    let always = std::env::var_os("CARGO_FEATURE_ALWAYS_ON").is_some();
    // Exact mode comes with the ledger: the glue imports the probe, which
    // counts every import call at the running site. `--cfg
    // wasm_ledger_estimate` leaves the probe out (wasm-bindgen's
    // `--target no-modules` takes no JS snippets): crossings are estimated.
    let estimate = std::env::var_os("CARGO_CFG_WASM_LEDGER_ESTIMATE").is_some();
    if always || (debug && !disabled) {
        println!("cargo::rustc-cfg=wasm_ledger_on");
        if !estimate {
            println!("cargo::rustc-cfg=wasm_ledger_exact");
        }
    }
    Api::found().emit();
}

/// The parts of the wasm-bindgen family's API that the runtime names, and
/// that changed between releases.
#[derive(Debug)]
struct Api {
    /// `wasm_bindgen::closure::ScopedClosure<'a, T>` exists and `Closure<T>`
    /// is its `'static` alias (0.2.109 on); before, `Closure` is a type of
    /// its own and no closure borrows its environment.
    scoped_closure: bool,
    /// How many type parameters `js_sys::Promise` takes: 0 (js-sys 0.3.77),
    /// 1 (`Promise<T>`) or 2 (`Promise<T, E>`).
    promise_params: u8,
    /// The same of `wasm_bindgen_futures::JsFuture`.
    future_params: u8,
    /// Typed-array views are made in one call into JS
    /// (`wasm_bindgen::__rt::wbg_cast`); before, `view` called JS three
    /// times (`wasm_bindgen::memory()`, `.buffer()`, the constructor).
    view_by_cast: bool,
}

impl Api {
    /// The newest API, assumed when the probe cannot run (it says why).
    const NEWEST: Api = Api {
        scoped_closure: true,
        promise_params: 2,
        future_params: 2,
        view_by_cast: true,
    };

    fn found() -> Api {
        let probe = match Probe::new() {
            Ok(probe) => probe,
            Err(why) => {
                println!(
                    "cargo::warning=wasm-ledger could not look at the wasm-bindgen API ({why}); \
                     assuming the newest"
                );
                return Api::NEWEST;
            }
        };
        let params = |krate: &str, ty: &str| {
            if probe.names_type(&format!("{krate}::{ty}<js_sys::Array, js_sys::Error>")) {
                2
            } else if probe.names_type(&format!("{krate}::{ty}<js_sys::Array>")) {
                1
            } else {
                0
            }
        };
        Api {
            scoped_closure: probe
                .names_type("wasm_bindgen::closure::ScopedClosure<'static, dyn FnMut()>"),
            promise_params: params("js_sys", "Promise"),
            future_params: params("wasm_bindgen_futures", "JsFuture"),
            view_by_cast: probe
                .compiles("#[allow(unused_imports)]\nuse wasm_bindgen::__rt::wbg_cast;\n"),
        }
    }

    fn emit(&self) {
        println!("cargo::rustc-check-cfg=cfg(wasm_ledger_scoped_closure)");
        println!("cargo::rustc-check-cfg=cfg(wasm_ledger_view_by_cast)");
        if self.view_by_cast {
            println!("cargo::rustc-cfg=wasm_ledger_view_by_cast");
        }
        for name in ["wasm_ledger_promise_params", "wasm_ledger_future_params"] {
            println!("cargo::rustc-check-cfg=cfg({name}, values(\"0\", \"1\", \"2\"))");
        }
        if self.scoped_closure {
            println!("cargo::rustc-cfg=wasm_ledger_scoped_closure");
        }
        println!(
            "cargo::rustc-cfg=wasm_ledger_promise_params=\"{}\"",
            self.promise_params
        );
        println!(
            "cargo::rustc-cfg=wasm_ledger_future_params=\"{}\"",
            self.future_params
        );
    }
}

/// Compiles snippets against this script's build-dependencies.
struct Probe {
    rustc: PathBuf,
    out: PathBuf,
    /// Where cargo put the build-dependencies (it puts these directories
    /// on the dynamic library path of every build script it runs).
    deps: Vec<PathBuf>,
    /// The crates a snippet may name: `(name, rlib)`.
    crates: Vec<(&'static str, PathBuf)>,
}

/// A crate of the family, and a type it defines, whose `TypeId` tells this
/// script's copy of the crate from another version's left in the same
/// directory.
struct Family {
    name: &'static str,
    witness: &'static str,
    type_id: TypeId,
}

impl Probe {
    fn family() -> [Family; 3] {
        [
            Family {
                name: "wasm_bindgen",
                witness: "wasm_bindgen::JsValue",
                type_id: TypeId::of::<wasm_bindgen::JsValue>(),
            },
            Family {
                name: "js_sys",
                witness: "js_sys::Object",
                type_id: TypeId::of::<js_sys::Object>(),
            },
            Family {
                name: "wasm_bindgen_futures",
                witness: "wasm_bindgen_futures::JsFuture",
                type_id: TypeId::of::<wasm_bindgen_futures::JsFuture>(),
            },
        ]
    }

    fn new() -> Result<Probe, String> {
        let rustc = PathBuf::from(std::env::var_os("RUSTC").ok_or("RUSTC is not set")?);
        let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
        let mut deps: Vec<PathBuf> = library_path()
            .into_iter()
            .filter(|d| d.file_name().is_some_and(|n| n == "deps"))
            .collect();
        // Where this script's own deps are, whatever the library path says.
        if let Some(build) = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.join("deps")))
        {
            if !deps.contains(&build) {
                deps.push(build);
            }
        }
        let mut probe = Probe {
            rustc,
            out,
            deps,
            crates: Vec::new(),
        };
        for family in Probe::family() {
            let rlib = probe.rlib_of(&family)?;
            probe.crates.push((family.name, rlib));
        }
        // The oldest API must compile, or the probe itself is broken.
        if !probe.names_type("js_sys::Promise") {
            return Err("a snippet naming js_sys::Promise did not compile".into());
        }
        Ok(probe)
    }

    /// This script's own copy of a crate: the only rlib of that name, or,
    /// where another version's is still there (the lock file changed since
    /// it was built), the one whose witness type is this script's.
    fn rlib_of(&self, family: &Family) -> Result<PathBuf, String> {
        let prefix = format!("lib{}-", family.name);
        let mut candidates: Vec<PathBuf> = self
            .deps
            .iter()
            .filter_map(|d| std::fs::read_dir(d).ok())
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| is_rlib_of(p, &prefix))
            .collect();
        // Builds with other features are the same release: only where the
        // candidates come from more than one source is there a question.
        let mut sources: Vec<Option<PathBuf>> = candidates.iter().map(|c| source_of(c)).collect();
        sources.sort();
        sources.dedup();
        if sources.len() > 1 {
            let ours = format!("{:?}", family.type_id);
            candidates.retain(|rlib| self.type_id_with(family, rlib).as_deref() == Some(&ours));
        }
        candidates.into_iter().next().ok_or_else(|| {
            format!(
                "no {} rlib of this build among the build-dependencies",
                family.name
            )
        })
    }

    /// The witness's `TypeId` as a program built with `rlib` prints it.
    fn type_id_with(&self, family: &Family, rlib: &Path) -> Option<String> {
        let source = self.out.join("api_probe_type_id.rs");
        let code = format!(
            "fn main() {{ print!(\"{{:?}}\", std::any::TypeId::of::<{}>()); }}\n",
            family.witness
        );
        std::fs::write(&source, code).ok()?;
        let exe = self.out.join("api_probe_type_id");
        let mut c = self.rustc(&source, "bin");
        c.arg("-o").arg(&exe);
        c.arg("--extern")
            .arg(format!("{}={}", family.name, rlib.display()));
        if !c.status().ok()?.success() {
            return None;
        }
        let out = Command::new(&exe).output().ok()?;
        String::from_utf8(out.stdout).ok()
    }

    /// Whether a function taking a `&ty` compiles.
    fn names_type(&self, ty: &str) -> bool {
        self.compiles(&format!("#![allow(unused)]\nfn probe(_: &{ty}) {{}}\n"))
    }

    /// Whether `code` compiles as a library with every crate of the family
    /// in its extern prelude.
    fn compiles(&self, code: &str) -> bool {
        let source = self.out.join("api_probe.rs");
        if std::fs::write(&source, code).is_err() {
            return false;
        }
        let mut c = self.rustc(&source, "lib");
        c.args(["--emit", "metadata", "--out-dir"]).arg(&self.out);
        for (name, rlib) in &self.crates {
            c.arg("--extern").arg(format!("{name}={}", rlib.display()));
        }
        c.status().is_ok_and(|s| s.success())
    }

    fn rustc(&self, source: &Path, crate_type: &str) -> Command {
        let mut c = Command::new(&self.rustc);
        c.args(["--crate-type", crate_type, "--edition", "2021"])
            .args(["--crate-name", "wasm_ledger_api_probe"]);
        for dir in &self.deps {
            c.arg("-L").arg(format!("dependency={}", dir.display()));
        }
        c.arg(source).stdout(Stdio::null()).stderr(Stdio::null());
        c
    }
}

/// The directories of the dynamic library path.
fn library_path() -> Vec<PathBuf> {
    let var = if cfg!(windows) {
        "PATH"
    } else if cfg!(target_os = "macos") {
        "DYLD_FALLBACK_LIBRARY_PATH"
    } else {
        "LD_LIBRARY_PATH"
    };
    std::env::var_os(var)
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default()
}

/// The source directory an rlib was built from, as its dep-info file
/// (`name-hash.d` beside `libname-hash.rlib`) names it.
fn source_of(rlib: &Path) -> Option<PathBuf> {
    let stem = rlib.file_stem()?.to_str()?.strip_prefix("lib")?;
    let info = std::fs::read_to_string(rlib.with_file_name(format!("{stem}.d"))).ok()?;
    let (_, inputs) = info.lines().next()?.split_once(": ")?;
    let lib = inputs
        .split_whitespace()
        .find(|p| p.ends_with("src/lib.rs"))?;
    Some(Path::new(lib).parent()?.parent()?.to_path_buf())
}

fn is_rlib_of(path: &Path, prefix: &str) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".rlib"))
}
