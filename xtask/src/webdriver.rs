//! A small WebDriver client (the W3C protocol over HTTP/1.1, JSON by
//! serde_json) for headless Chromium through chromedriver: open a page,
//! run a script in it, take a screenshot.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

use crate::{root, setup, Result};

/// A chromedriver process and one browser session in it; both end when
/// dropped.
pub struct Session {
    driver: Child,
    port: u16,
    id: String,
}

impl Session {
    /// Headless Chromium, `width`×`height` CSS pixels (device pixel ratio 1).
    pub fn chromium(env: &setup::Env, width: u32, height: u32) -> Result<Session> {
        let port = TcpListener::bind(("127.0.0.1", 0))
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port for chromedriver: {e}"))?
            .port();
        let log = std::fs::File::create(root().join("target/xtask/chromedriver.log"))
            .map_err(|e| e.to_string())?;
        let chromium = env.chromium()?;
        let driver = Command::new(&chromium.driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start chromedriver: {e}"))?;
        let mut session = Session {
            driver,
            port,
            id: String::new(),
        };
        let started = Instant::now();
        while session.request("GET", "/status", None).is_err() {
            if started.elapsed() > Duration::from_secs(20) {
                return Err("chromedriver did not answer in 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut args: Vec<String> = setup::CHROMIUM_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!("--window-size={width},{height}"));
        args.push("--force-device-scale-factor=1".into());
        args.push("--hide-scrollbars".into());
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium.browser, "args": args },
        } } });
        let answer = session.request("POST", "/session", Some(&caps))?;
        session.id = answer["value"]["sessionId"]
            .as_str()
            .ok_or_else(|| format!("chromedriver made no session: {answer}"))?
            .to_string();
        Ok(session)
    }

    pub fn open(&mut self, url: &str) -> Result {
        self.command("POST", "url", Some(&json!({ "url": url })))
            .map(|_| ())
    }

    /// Runs `script` (a function body; `return` gives the value) in the page.
    pub fn script(&mut self, script: &str) -> Result<Value> {
        self.command(
            "POST",
            "execute/sync",
            Some(&json!({ "script": script, "args": [] })),
        )
    }

    /// The viewport as a PNG.
    pub fn screenshot(&mut self) -> Result<Vec<u8>> {
        let b64 = self.command("GET", "screenshot", None)?;
        base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().ok_or("the screenshot is not a string")?)
            .map_err(|e| format!("the screenshot is not base64: {e}"))
    }

    fn command(&mut self, method: &str, what: &str, body: Option<&Value>) -> Result<Value> {
        let path = format!("/session/{}/{what}", self.id);
        let answer = self.request(method, &path, body)?;
        let value = answer.get("value").cloned().unwrap_or(Value::Null);
        if let Some(error) = value.get("error") {
            return Err(format!(
                "webdriver {what}: {error}: {}",
                value.get("message").and_then(Value::as_str).unwrap_or("")
            ));
        }
        Ok(value)
    }

    fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        let body = body.map(Value::to_string).unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        )
        .map_err(|e| e.to_string())?;
        // chromedriver keeps the connection open: read the head, then as
        // many bytes as it says (or the chunks).
        let mut raw = Vec::new();
        let mut buf = [0u8; 65536];
        let head_end = loop {
            let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("chromedriver closed the connection".into());
            }
            raw.extend_from_slice(&buf[..n]);
            if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
        };
        let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        let chunked = head.contains("transfer-encoding: chunked");
        loop {
            let body = &raw[head_end..];
            let done = match length {
                Some(n) => body.len() >= n,
                None if chunked => body.windows(5).any(|w| w == b"0\r\n\r\n"),
                None => false,
            };
            if done {
                break;
            }
            let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&buf[..n]);
        }
        let rest = String::from_utf8_lossy(&raw[head_end..]).to_string();
        let json = if chunked { unchunk(&rest) } else { rest };
        serde_json::from_str(&json).map_err(|e| format!("chromedriver's answer to {path}: {e}"))
    }
}

/// The body of a chunked HTTP answer.
fn unchunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.id.is_empty() {
            let _ = self.request("DELETE", &format!("/session/{}", self.id), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A decoded RGBA image.
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

impl Image {
    pub fn decode(png_bytes: &[u8]) -> Result<Image> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
        let mut reader = decoder.read_info().map_err(|e| format!("png: {e}"))?;
        let mut buf = vec![0; reader.output_buffer_size().ok_or("png: too large")?];
        let info = reader
            .next_frame(&mut buf)
            .map_err(|e| format!("png: {e}"))?;
        buf.truncate(info.buffer_size());
        let channels = info.color_type.samples();
        let rgba = match channels {
            4 => buf,
            3 => buf
                .chunks_exact(3)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect(),
            n => return Err(format!("png: {n} channels")),
        };
        Ok(Image {
            width: info.width,
            height: info.height,
            rgba,
        })
    }

    /// The pixels of a rectangle (clipped to the image), as RGB.
    pub fn pixels(&self, x: u32, y: u32, w: u32, h: u32) -> Vec<[u8; 3]> {
        let mut out = Vec::new();
        for row in y..(y + h).min(self.height) {
            for col in x..(x + w).min(self.width) {
                let i = ((row * self.width + col) * 4) as usize;
                out.push([self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]]);
            }
        }
        out
    }
}

pub fn write(path: &Path, bytes: &[u8]) -> Result {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            super::unchunk("4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n"),
            "{\"a\":1}"
        );
    }
}
