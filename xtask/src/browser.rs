//! Headless Chromium, the one launcher of the commands, two ways: opened on
//! a page with a profile of its own (what the page prints comes back
//! through the server's console relay), or driven through chromedriver
//! (the W3C WebDriver protocol, JSON over HTTP by ureq) to run scripts in
//! the page and take screenshots.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use base64::Engine;
use serde_json::{json, Value};

use crate::{cmd, root, serve, setup, Result};

/// A process the browser needs, with its stderr in `target/xtask/<log>`.
fn start(c: &mut Command, log: &str) -> Result<Child> {
    let log = fs_err::File::create(root().join("target/xtask").join(log))?;
    let child = c.stdout(Stdio::null()).stderr(log.into_file()).spawn();
    child.with_context(|| format!("cannot start {:?}", c.get_program()))
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Headless Chromium on one page, with a profile of its own (removed when
/// closed); its own log goes to `target/xtask/chromium.log`.
pub struct Browser {
    child: Child,
    profile: PathBuf,
}

impl Browser {
    pub fn open(env: &setup::Env, url: &str) -> Result<Browser> {
        let profile = root().join(format!(
            "target/xtask/chromium-profile-{}",
            std::process::id()
        ));
        let mut chromium = Command::new(&env.chromium()?.browser);
        chromium
            .args(setup::CHROMIUM_ARGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url);
        cmd::echo(&chromium);
        let child = start(&mut chromium, "chromium.log")?;
        Ok(Browser { child, profile })
    }

    pub fn close(&mut self) {
        stop(&mut self.child);
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.close();
    }
}

/// Serves `site`, opens `page` in headless Chromium and hands each line its
/// console prints to `on_line` until that returns true or `limit` passes.
pub fn watch_page(
    env: &setup::Env,
    site: &Path,
    page: &str,
    limit: Duration,
    mut on_line: impl FnMut(String) -> bool,
) -> Result {
    let (addr, rx) = serve::spawn(site, 0)?;
    let mut browser = Browser::open(env, &format!("http://{addr}/{page}"))?;
    let started = Instant::now();
    while let Some(left) = limit.checked_sub(started.elapsed()) {
        let Ok(line) = rx.recv_timeout(left) else {
            break;
        };
        if on_line(line) {
            break;
        }
    }
    browser.close();
    Ok(())
}

/// A chromedriver process and one browser session in it; both end when
/// dropped.
pub struct Session {
    driver: Child,
    agent: ureq::Agent,
    /// `http://127.0.0.1:<port>`, where chromedriver listens.
    base: String,
    id: String,
}

impl Session {
    /// Headless Chromium, `width`×`height` CSS pixels (device pixel ratio 1).
    pub fn chromium(env: &setup::Env, width: u32, height: u32) -> Result<Session> {
        let port = TcpListener::bind(("127.0.0.1", 0))
            .and_then(|l| l.local_addr())
            .context("no free port for chromedriver")?
            .port();
        let chromium = env.chromium()?;
        let mut driver = Command::new(&chromium.driver);
        driver.arg(format!("--port={port}"));
        // Everything is on this machine: no proxy, and WebDriver's errors
        // (4xx, 5xx) are answers to read.
        let agent = ureq::Agent::config_builder()
            .proxy(None)
            .http_status_as_error(false)
            .build()
            .new_agent();
        let mut session = Session {
            driver: start(&mut driver, "chromedriver.log")?,
            agent,
            base: format!("http://127.0.0.1:{port}"),
            id: String::new(),
        };
        let started = Instant::now();
        while session.request("/status", None).is_err() {
            if started.elapsed() > Duration::from_secs(20) {
                bail!("chromedriver did not answer in 20 s");
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
        let answer = session.request("/session", Some(&caps))?;
        session.id = answer["value"]["sessionId"]
            .as_str()
            .with_context(|| format!("chromedriver made no session: {answer}"))?
            .to_string();
        Ok(session)
    }

    pub fn open(&mut self, url: &str) -> Result {
        self.command("url", Some(&json!({ "url": url })))
            .map(|_| ())
    }

    /// Runs `script` (a function body; `return` gives the value) in the page.
    pub fn script(&mut self, script: &str) -> Result<Value> {
        let body = json!({ "script": script, "args": [] });
        self.command("execute/sync", Some(&body))
    }

    /// The viewport as a PNG.
    pub fn screenshot(&mut self) -> Result<Vec<u8>> {
        let b64 = self.command("screenshot", None)?;
        let b64 = b64.as_str().context("the screenshot is not a string")?;
        let png = base64::engine::general_purpose::STANDARD.decode(b64);
        png.context("the screenshot is not base64")
    }

    /// `POST /session/<id>/<what>` with `body`, else `GET`: the answer's
    /// value, or its error.
    fn command(&mut self, what: &str, body: Option<&Value>) -> Result<Value> {
        let answer = self.request(&format!("/session/{}/{what}", self.id), body)?;
        let value = answer.get("value").cloned().unwrap_or(Value::Null);
        if let Some(error) = value.get("error") {
            let message = value.get("message").and_then(Value::as_str).unwrap_or("");
            bail!("webdriver {what}: {error}: {message}");
        }
        Ok(value)
    }

    /// `POST path` with `body`, else `GET path`: the JSON answer.
    fn request(&self, path: &str, body: Option<&Value>) -> Result<Value> {
        let url = format!("{}{path}", self.base);
        let mut answer = match body {
            Some(body) => self.agent.post(&url).send_json(body)?,
            None => self.agent.get(&url).call()?,
        };
        // A screenshot is a few MB of base64.
        let body = answer.body_mut().with_config().limit(256 << 20);
        body.read_json()
            .with_context(|| format!("chromedriver's answer to {path}"))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.id.is_empty() {
            let url = format!("{}/session/{}", self.base, self.id);
            let _ = self.agent.delete(&url).call();
        }
        stop(&mut self.driver);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headless Chromium on a page served here, both ways. It needs what
    /// `cargo xtask setup` installs for Chromium: `cargo test -p xtask --
    /// --ignored`.
    #[test]
    #[ignore]
    fn a_page_is_watched_and_driven() {
        let env = setup::run(setup::CHROMIUM).unwrap();
        let dir = std::env::temp_dir().join(format!("xtask-browser-{}", std::process::id()));
        fs_err::create_dir_all(&dir).unwrap();
        let page =
            "<html><head></head><body><script>console.log('hello', 1 + 1)</script></body></html>";
        fs_err::write(dir.join("index.html"), page).unwrap();
        let mut lines = Vec::new();
        let limit = Duration::from_secs(30);
        watch_page(&env, &dir, "index.html", limit, |line| {
            lines.push(line);
            true
        })
        .unwrap();
        assert_eq!(lines, ["[log] hello 2"]);

        let (addr, _console) = serve::spawn(&dir, 0).unwrap();
        let mut session = Session::chromium(&env, 640, 480).unwrap();
        session.open(&format!("http://{addr}/index.html")).unwrap();
        let read = session.script("return [innerWidth, 1 + 1]").unwrap();
        assert_eq!(read, json!([640, 2]));
        assert!(session.script("throw new Error('no')").is_err());
        assert!(session.screenshot().unwrap().starts_with(b"\x89PNG"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
