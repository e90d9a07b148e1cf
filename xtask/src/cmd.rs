//! Running commands (through duct): each one is echoed before it runs, so a
//! reader of the log sees exactly what was done.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use anyhow::{bail, Context};

use crate::Result;

/// The host's cargo (the one running xtask), in the workspace's root.
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(crate::root());
    c
}

/// Prints `$ VAR=value program args` the way a shell would show it.
pub fn echo(cmd: &Command) {
    let mut line = String::from("$");
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            line.push_str(&format!(" {}={}", k.to_string_lossy(), v.to_string_lossy()));
        }
    }
    for word in std::iter::once(cmd.get_program()).chain(cmd.get_args()) {
        line.push(' ');
        line.push_str(&word.to_string_lossy());
    }
    println!("{line}");
}

/// `cmd` as a duct expression: its program, arguments, environment and
/// directory; its exit status is for the caller to judge.
fn expression(cmd: &Command) -> duct::Expression {
    let mut e = duct::cmd(cmd.get_program(), cmd.get_args()).unchecked();
    if let Some(dir) = cmd.get_current_dir() {
        e = e.dir(dir);
    }
    for (name, value) in cmd.get_envs() {
        e = match value {
            Some(value) => e.env(name, value),
            None => e.env_remove(name),
        };
    }
    e
}

fn cannot_start(cmd: &Command) -> String {
    format!("cannot start {:?}", cmd.get_program())
}

/// Runs to completion with inherited output; an error says what failed.
pub fn run(cmd: &Command) -> Result {
    echo(cmd);
    let status = expression(cmd)
        .run()
        .with_context(|| cannot_start(cmd))?
        .status;
    if !status.success() {
        bail!("{:?} failed ({status})", cmd.get_program());
    }
    Ok(())
}

/// Runs to completion, streaming stdout (and stderr, in order with it, if
/// `with_stderr`: cargo says which test binary runs on stderr, the binary's
/// results go to stdout) to the terminal and returning it, with whether the
/// command succeeded.
pub fn tee(cmd: &Command, with_stderr: bool) -> Result<(String, bool)> {
    echo(cmd);
    let mut e = expression(cmd);
    if with_stderr {
        e = e.stderr_to_stdout();
    }
    let reader = e.reader().with_context(|| cannot_start(cmd))?;
    let mut captured = String::new();
    for line in BufReader::new(&reader).split(b'\n') {
        let line = String::from_utf8_lossy(&line?).into_owned();
        let line = line.strip_suffix('\r').unwrap_or(&line);
        let _ = writeln!(std::io::stdout().lock(), "{line}");
        captured.push_str(line);
        captured.push('\n');
    }
    let ok = reader.try_wait()?.is_some_and(|o| o.status.success());
    Ok((captured, ok))
}

/// Runs to completion, stdout and stderr captured, stdin closed (not echoed).
pub fn capture(cmd: &Command) -> Result<Output> {
    let e = expression(cmd)
        .stdin_null()
        .stdout_capture()
        .stderr_capture();
    e.run().with_context(|| cannot_start(cmd))
}

/// Runs a measuring script (`node bench.mjs ..`) to completion and returns
/// what follows `prefix` on the line of its output that starts with it;
/// `what` names the script in errors.
pub fn result_line(cmd: &Command, prefix: &str, what: &str) -> Result<String> {
    let output = capture(cmd).with_context(|| what.to_string())?;
    if !output.status.success() {
        bail!(
            "{what} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .map(str::to_string)
        .with_context(|| format!("{what} printed no result"))
}

/// What a command prints on stdout, trimmed, if it runs and succeeds.
pub fn output(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let e = duct::cmd(program.as_ref(), args).stdin_null().stderr_null();
    e.read().ok().map(|out| out.trim().to_string())
}

/// Runs with a time limit; `Ok(false)` if it ran out of time (and was killed).
pub fn run_with_timeout(cmd: &Command, limit: Duration) -> Result<bool> {
    echo(cmd);
    let handle = expression(cmd).start().with_context(|| cannot_start(cmd))?;
    if let Some(done) = handle.wait_timeout(limit)? {
        return Ok(done.status.success());
    }
    let _ = handle.kill();
    let _ = handle.wait();
    Ok(false)
}

/// Finds `name` on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

pub fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The `.rs` files under `dir`, at any depth, sorted.
pub fn rust_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs_err::read_dir(dir)?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) -> Result {
    fs_err::create_dir_all(to)?;
    for entry in fs_err::read_dir(from)?.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs_err::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.args(["-c", script]).env("WORD", "two");
        c
    }

    #[test]
    fn tee_returns_what_was_printed_and_whether_it_succeeded() {
        let both = "echo one; echo $WORD >&2; echo three; exit 3";
        assert_eq!(
            tee(&sh(both), true).unwrap(),
            ("one\ntwo\nthree\n".into(), false)
        );
        assert_eq!(
            tee(&sh(both), false).unwrap(),
            ("one\nthree\n".into(), false)
        );
        assert_eq!(
            tee(&sh("printf 'a\\r\\nb'"), false).unwrap(),
            ("a\nb\n".into(), true)
        );
        assert!(run(&sh("exit 0")).is_ok());
        let failed = run(&sh("exit 2")).unwrap_err().to_string();
        assert!(failed.contains("\"sh\" failed"), "{failed}");
        assert!(run(&Command::new("/no/such/program")).is_err());
    }

    #[test]
    fn outputs_results_and_time_limits() {
        assert_eq!(output("sh", &["-c", "echo ' hi '"]).as_deref(), Some("hi"));
        assert_eq!(output("sh", &["-c", "echo hi; exit 1"]), None);
        let measured = result_line(&sh("echo x; echo 'RESULT 42'"), "RESULT ", "it").unwrap();
        assert_eq!(measured, "42");
        assert!(result_line(&sh("echo x"), "RESULT ", "it").is_err());
        assert!(result_line(&sh("echo 'RESULT 1'; exit 1"), "RESULT ", "it").is_err());
        let started = std::time::Instant::now();
        assert!(!run_with_timeout(&sh("sleep 20"), Duration::from_millis(300)).unwrap());
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(run_with_timeout(&sh("exit 0"), Duration::from_secs(20)).unwrap());
    }
}
