//! Running commands: each one is echoed before it runs, so a reader of the
//! log sees exactly what was done.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::Result;

/// The host's cargo (the one running xtask), in the workspace's root.
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(crate::root());
    c
}

/// Prints `$ program args` the way a shell would show it.
pub fn echo(cmd: &Command) {
    let mut line = String::from("$");
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            line.push_str(&format!(" {}={}", k.to_string_lossy(), v.to_string_lossy()));
        }
    }
    line.push(' ');
    line.push_str(&cmd.get_program().to_string_lossy());
    for a in cmd.get_args() {
        line.push(' ');
        line.push_str(&a.to_string_lossy());
    }
    println!("{line}");
}

/// Runs a measuring script (`node bench.mjs ..`) to completion and returns
/// what follows `prefix` on the line of its output that starts with it;
/// `what` names the script in errors.
pub fn result_line(cmd: &mut Command, prefix: &str, what: &str) -> Result<String> {
    let output = cmd
        .output()
        .map_err(|e| format!("{what}: cannot start {:?}: {e}", cmd.get_program()))?;
    if !output.status.success() {
        return Err(format!(
            "{what} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .map(str::to_string)
        .ok_or_else(|| format!("{what} printed no result"))
}

/// Runs to completion with inherited output; an error says what failed.
pub fn run(cmd: &mut Command) -> Result {
    echo(cmd);
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed ({status})", cmd.get_program()))
    }
}

/// Runs to completion, streaming stdout to the terminal and returning it.
/// Returns the output and whether the command succeeded.
pub fn run_tee(cmd: &mut Command) -> Result<(String, bool)> {
    echo(cmd);
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let mut captured = String::new();
    if let Some(out) = child.stdout.take() {
        let stdout = std::io::stdout();
        for line in BufReader::new(out).lines().map_while(|l| l.ok()) {
            let _ = writeln!(stdout.lock(), "{line}");
            captured.push_str(&line);
            captured.push('\n');
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok((captured, status.success()))
}

/// [`run_tee`] with stderr captured too, in order with stdout (cargo says
/// which test binary runs on stderr, the binary's results go to stdout).
pub fn run_tee_all(cmd: &mut Command) -> Result<(String, bool)> {
    echo(cmd);
    let (reader, writer) = std::io::pipe().map_err(|e| e.to_string())?;
    let copy = writer.try_clone().map_err(|e| e.to_string())?;
    let mut child = cmd
        .stdout(writer)
        .stderr(copy)
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    // The writers now live only in the child: the reader ends when it exits.
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    let mut captured = String::new();
    let stdout = std::io::stdout();
    for line in BufReader::new(reader).lines().map_while(|l| l.ok()) {
        let _ = writeln!(stdout.lock(), "{line}");
        captured.push_str(&line);
        captured.push('\n');
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok((captured, status.success()))
}

/// The first line a command prints on stdout, if it runs and succeeds.
pub fn output(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Runs with a time limit; `Ok(false)` if it ran out of time (and was killed).
pub fn run_with_timeout(cmd: &mut Command, limit: Duration) -> Result<bool> {
    echo(cmd);
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok(status.success());
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(false);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Finds `name` on PATH.
pub fn which(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

pub fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| format!("{}: {e}", from.display()))?
        .flatten()
    {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("{}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}
