//! Helpers shared by the CLI's integration tests: run the built binary, read fixtures.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub mod book;

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub raw: Vec<u8>,
}

impl Run {
    /// Asserts the exit code and that nothing panicked, showing the output when not.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code\n--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        self
    }
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

/// The folder of submissions of the goal case `zq-goal-met-ruleset-unnamed`, or a file in it:
/// three zones named by 2014, a vetoed one, an annual assessment and an invalid file.
pub fn goal_folder(rel: &str) -> PathBuf {
    let folder =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/goal-cases/zq-goal-met-ruleset-unnamed/submissions");
    if rel.is_empty() {
        folder
    } else {
        folder.join(rel)
    }
}

pub fn fixture_str(rel: &str) -> String {
    fixture(rel).display().to_string()
}

fn command(args: &[&str], dir: Option<&Path>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zonescore"));
    cmd.args(args).env("COLUMNS", "120").stdout(Stdio::piped()).stderr(Stdio::piped());
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    cmd
}

fn finish(out: std::process::Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        raw: out.stdout,
    }
}

/// Runs `zonescore` with these arguments and an empty standard input.
pub fn run(args: &[&str]) -> Run {
    finish(command(args, None).stdin(Stdio::null()).output().unwrap())
}

/// Runs `zonescore` with environment variables set (`COLUMNS`).
pub fn run_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    with_env(command(args, None), env)
}

/// Runs `zonescore` in a folder.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    finish(command(args, Some(dir)).stdin(Stdio::null()).output().unwrap())
}

/// Runs `zonescore` in `dir` with environment variables set (`COLUMNS`).
pub fn run_env_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    with_env(command(args, Some(dir)), env)
}

fn with_env(mut cmd: Command, env: &[(&str, &str)]) -> Run {
    for (k, v) in env {
        cmd.env(k, v);
    }
    finish(cmd.stdin(Stdio::null()).output().unwrap())
}

/// Runs `zonescore` with `input` on standard input.
pub fn run_stdin(args: &[&str], input: &[u8]) -> Run {
    let mut child = command(args, None).stdin(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    finish(out)
}

/// The zone-qualification example the tests own (a snapshot: 91.0, A, named).
pub const OUBEI: &str = "submissions/oubei-valves-2013.json";
