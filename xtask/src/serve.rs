//! A small static file server for the demo, plus one endpoint, `/__console`,
//! to which the page relays what it prints to its console (the relay script,
//! `relay.js`, is injected into every HTML page served), so the terminal
//! shows it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};

/// Served at `/__wasm_ledger_relay.js` and loaded first by every page.
const RELAY_JS: &str = include_str!("relay.js");

/// A path prefix that serves the same files, but `.wasm` as `text/plain`
/// (the wrong type: `instantiateStreaming` refuses it).
pub const AS_TEXT: &str = "__as_text/";

/// Serves `dir` on 127.0.0.1:`port` (0: any free port) from a thread of its
/// own: the address, and the console lines pages relay.
pub fn spawn(dir: &Path, port: u16) -> Result<(SocketAddr, Receiver<String>), String> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on port {port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || serve(listener, dir, tx));
    Ok((addr, rx))
}

/// Serves `dir` on `listener` forever, sending relayed console lines to
/// `console`.
pub fn serve(listener: TcpListener, dir: PathBuf, console: Sender<String>) {
    for stream in listener.incoming().flatten() {
        let dir = dir.clone();
        let console = console.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &dir, &console);
        });
    }
}

fn handle(mut stream: TcpStream, dir: &Path, console: &Sender<String>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (path, wasm_as_text) = match path.strip_prefix(&format!("/{AS_TEXT}")) {
        Some(rest) => (format!("/{rest}"), true),
        None => (path.to_string(), false),
    };
    let path = path.as_str();

    if method == "POST" && path == "/__console" {
        // Snapshots come this way too (`wasm-ledger-json`, a few MB).
        let mut body = vec![0; length.min(64 << 20)];
        reader.read_exact(&mut body)?;
        for line in String::from_utf8_lossy(&body).lines() {
            let _ = console.send(line.to_string());
        }
        return respond(&mut stream, "204 No Content", "text/plain", b"");
    }
    if path == "/__wasm_ledger_relay.js" {
        return respond(
            &mut stream,
            "200 OK",
            "text/javascript",
            RELAY_JS.as_bytes(),
        );
    }
    let Some(file) = resolve(dir, path) else {
        return respond(&mut stream, "404 Not Found", "text/plain", b"not found");
    };
    match std::fs::read(&file) {
        Ok(mut bytes) => {
            let mut kind = content_type(&file);
            if wasm_as_text && kind == "application/wasm" {
                kind = "text/plain";
            }
            // A page can do without the relay (the benchmark: relaying the
            // ledger's reports would be counted as the ledger's cost); it
            // posts to `/__console` itself.
            let opted_out = String::from_utf8_lossy(&bytes).contains("wasm-ledger-relay: off");
            if kind.starts_with("text/html") && !opted_out {
                let html = String::from_utf8_lossy(&bytes).replacen(
                    "<head>",
                    "<head>\n<script src=\"/__wasm_ledger_relay.js\"></script>",
                    1,
                );
                bytes = html.into_bytes();
            }
            respond(&mut stream, "200 OK", kind, &bytes)
        }
        Err(_) => respond(&mut stream, "404 Not Found", "text/plain", b"not found"),
    }
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

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
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

    /// One request to the server at `addr`, the whole answer.
    fn request(addr: SocketAddr, text: &str) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(text.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    #[test]
    fn pages_get_the_relay_and_what_it_posts_is_passed_on() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<html><head></head></html>").unwrap();
        let (addr, console) = spawn(&dir, 0).unwrap();

        let page = request(addr, "GET / HTTP/1.1\r\n\r\n");
        assert!(page.contains("<head>\n<script src=\"/__wasm_ledger_relay.js\"></script>"));
        let script = request(addr, "GET /__wasm_ledger_relay.js HTTP/1.1\r\n\r\n");
        assert!(script.contains("Content-Type: text/javascript"));
        assert!(script.ends_with(&format!("\r\n\r\n{RELAY_JS}")));
        // The script posts where the server listens.
        assert!(RELAY_JS.contains("fetch('/__console'"));

        let body = "[log] one\n[warn] two";
        let posted = request(
            addr,
            &format!(
                "POST /__console HTTP/1.1\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            ),
        );
        assert!(posted.starts_with("HTTP/1.1 204"));
        let lines: Vec<String> = console.iter().take(2).collect();
        assert_eq!(lines, ["[log] one", "[warn] two"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
