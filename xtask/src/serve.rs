//! A small static file server (tiny_http) for the pages the commands load,
//! plus one endpoint, `/__console`, to which the page relays what it prints
//! to its console (the relay script, `relay.js`, is injected into every
//! HTML page served), so the terminal shows it.

use std::io::Read;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};

use anyhow::{anyhow, Context};
use tiny_http::{Header, Method, Request, Response, Server};

use crate::Result;

/// Served at `/__wasm_ledger_relay.js` and loaded first by every page.
const RELAY_JS: &str = include_str!("relay.js");

/// A path prefix that serves the same files, but `.wasm` as `text/plain`
/// (the wrong type: `instantiateStreaming` refuses it).
pub const AS_TEXT: &str = "__as_text/";

/// Serves `dir` on 127.0.0.1:`port` (0: any free port) from a thread of its
/// own, each request in a thread of its own: the address, and the console
/// lines pages relay.
pub fn spawn(dir: &Path, port: u16) -> Result<(SocketAddr, Receiver<String>)> {
    let server = Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow!("cannot listen on port {port}: {e}"))?;
    let addr = server.server_addr().to_ip().context("no IP address")?;
    let (tx, rx) = std::sync::mpsc::channel();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let (dir, tx) = (dir.clone(), tx.clone());
            std::thread::spawn(move || handle(request, &dir, &tx));
        }
    });
    Ok((addr, rx))
}

fn handle(mut request: Request, dir: &Path, console: &Sender<String>) -> std::io::Result<()> {
    let target = request.url().to_string();
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (path, wasm_as_text) = match path.strip_prefix(&format!("/{AS_TEXT}")) {
        Some(rest) => (format!("/{rest}"), true),
        None => (path.to_string(), false),
    };
    if *request.method() == Method::Post && path == "/__console" {
        // Snapshots come this way too (`wasm-ledger-json`, a few MB).
        let mut body = Vec::new();
        request.as_reader().take(64 << 20).read_to_end(&mut body)?;
        for line in String::from_utf8_lossy(&body).lines() {
            let _ = console.send(line.to_string());
        }
        return respond(request, 204, "text/plain", Vec::new());
    }
    if path == "/__wasm_ledger_relay.js" {
        return respond(request, 200, "text/javascript", RELAY_JS.into());
    }
    let file = resolve(dir, &path);
    let Some((file, mut bytes)) = file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) else {
        return respond(request, 404, "text/plain", "not found".into());
    };
    let mut kind = content_type(&file);
    if wasm_as_text && kind == "application/wasm" {
        kind = "text/plain";
    }
    // A page can do without the relay (the benchmark: relaying the ledger's
    // reports would be counted as the ledger's cost); it posts to
    // `/__console` itself.
    let html = String::from_utf8_lossy(&bytes);
    if kind.starts_with("text/html") && !html.contains("wasm-ledger-relay: off") {
        let script = "<head>\n<script src=\"/__wasm_ledger_relay.js\"></script>";
        bytes = html.replacen("<head>", script, 1).into_bytes();
    }
    respond(request, 200, kind, bytes)
}

fn respond(request: Request, status: u16, kind: &str, body: Vec<u8>) -> std::io::Result<()> {
    let header = |name: &str, value: &str| Header::from_bytes(name, value).expect("ASCII");
    // Every answer with its length, none chunked.
    let response = Response::from_data(body)
        .with_chunked_threshold(usize::MAX)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"));
    request.respond(response)
}

/// Maps a URL path into `dir`, refusing anything that climbs out of it.
fn resolve(dir: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let full = dir.join(relative);
    Some(if full.is_dir() {
        full.join("index.html")
    } else {
        full
    })
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") | Some("mjs") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_served_directory() {
        let dir = Path::new("/srv/demo");
        assert_eq!(
            resolve(dir, "/pkg/app.js"),
            Some(PathBuf::from("/srv/demo/pkg/app.js"))
        );
        assert_eq!(resolve(dir, "/../etc/passwd"), None);
        assert_eq!(resolve(dir, "/pkg/../../x"), None);
    }

    #[test]
    fn pages_get_the_relay_and_what_it_posts_is_passed_on() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<html><head></head></html>").unwrap();
        std::fs::write(dir.join("app.wasm"), "\0asm").unwrap();
        let (addr, console) = spawn(&dir, 0).unwrap();
        let get = |path: &str| ureq::get(format!("http://{addr}{path}")).call().unwrap();

        let page = get("/").body_mut().read_to_string().unwrap();
        assert!(page.contains("<head>\n<script src=\"/__wasm_ledger_relay.js\"></script>"));
        let mut script = get("/__wasm_ledger_relay.js");
        assert_eq!(script.headers()["content-type"], "text/javascript");
        assert_eq!(script.headers()["cache-control"], "no-store");
        let length = RELAY_JS.len().to_string();
        assert_eq!(script.headers()["content-length"], length.as_str());
        assert_eq!(script.body_mut().read_to_string().unwrap(), RELAY_JS);
        // The script posts where the server listens.
        assert!(RELAY_JS.contains("fetch('/__console'"));
        assert_eq!(
            get("/app.wasm").headers()["content-type"],
            "application/wasm"
        );
        let as_text = get(&format!("/{AS_TEXT}app.wasm"));
        assert_eq!(as_text.headers()["content-type"], "text/plain");
        let missing = ureq::get(format!("http://{addr}/nothing")).call();
        assert!(matches!(missing, Err(ureq::Error::StatusCode(404))));

        let posted = ureq::post(format!("http://{addr}/__console"))
            .send("[log] one\n[warn] two")
            .unwrap();
        assert_eq!(posted.status(), 204);
        let lines: Vec<String> = console.iter().take(2).collect();
        assert_eq!(lines, ["[log] one", "[warn] two"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
