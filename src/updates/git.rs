//! The `git` program, run as a child process: the one place the updater and
//! `kiosk publish` talk to git. Fetching, bundles, signature checks and the object
//! store's deduplication are git's own; this module only runs it and turns a failure
//! into a sentence with git's own words in it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A git command that failed, or git that could not be run.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git ({0}); is git installed?")]
    NotRun(std::io::Error),
    #[error("`git {command}` failed: {message}")]
    Failed { command: String, message: String },
}

/// Where a git command runs: a repository (`--git-dir`) or a working tree (`-C`).
#[derive(Clone, Debug)]
pub struct Git {
    at: Place,
}

#[derive(Clone, Debug)]
enum Place {
    GitDir(PathBuf),
    WorkTree(PathBuf),
}

/// What one command printed.
pub struct Output {
    pub stdout: String,
    pub stderr: String,
}

impl Git {
    /// Commands on the bare repository in `git_dir`.
    pub fn bare(git_dir: &Path) -> Self {
        Self {
            at: Place::GitDir(git_dir.to_path_buf()),
        }
    }

    /// Commands in the working tree `dir` (the curators' repository).
    pub fn work_tree(dir: &Path) -> Self {
        Self {
            at: Place::WorkTree(dir.to_path_buf()),
        }
    }

    fn command(&self) -> Command {
        let mut command = Command::new("git");
        match &self.at {
            Place::GitDir(dir) => command.arg("--git-dir").arg(dir),
            Place::WorkTree(dir) => command.arg("-C").arg(dir),
        };
        // An unattended kiosk must never wait for a password prompt, and its messages
        // are matched by nobody, so they may stay in the system's language.
        command
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_ASKPASS", "true")
            .env("SSH_ASKPASS", "true")
            // A server that stops answering mid-fetch must not hold the updater for
            // ever: git gives up on a transfer slower than 1 KB/s for a minute.
            .args([
                "-c",
                "http.lowSpeedLimit=1000",
                "-c",
                "http.lowSpeedTime=60",
            ])
            .stdin(Stdio::null());
        if std::env::var_os("GIT_SSH_COMMAND").is_none() {
            command.env(
                "GIT_SSH_COMMAND",
                "ssh -o BatchMode=yes -o ConnectTimeout=20 -o ServerAliveInterval=15 -o ServerAliveCountMax=4",
            );
        }
        command
    }

    /// Runs `git args…`; its standard output if it succeeded.
    pub fn run<I, S>(&self, args: I) -> Result<String, GitError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.run_full(args, &[]).map(|output| output.stdout)
    }

    /// Runs `git args…` with extra environment variables; both outputs if it succeeded.
    pub fn run_full<I, S>(&self, args: I, env: &[(&str, &OsStr)]) -> Result<Output, GitError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<_> = args
            .into_iter()
            .map(|a| a.as_ref().to_os_string())
            .collect();
        let mut command = self.command();
        command.args(&args);
        for (name, value) in env {
            command.env(name, value);
        }
        let output = command.output().map_err(GitError::NotRun)?;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if output.status.success() {
            Ok(Output { stdout, stderr })
        } else {
            Err(GitError::Failed {
                command: describe(&args),
                message: last_lines(if stderr.trim().is_empty() {
                    &stdout
                } else {
                    &stderr
                }),
            })
        }
    }

    /// Whether `git args…` succeeds (for questions such as "is this a repository").
    pub fn succeeds<I, S>(&self, args: I) -> bool
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = self.command();
        command
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command.status().is_ok_and(|status| status.success())
    }
}

/// The command for a message: its subcommand and the arguments that are not long.
fn describe(args: &[std::ffi::OsString]) -> String {
    args.iter()
        .take(3)
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The end of what git said, on one line: its last lines say why.
fn last_lines(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let start = lines.len().saturating_sub(3);
    let joined = lines.get(start..).unwrap_or_default().join(" / ");
    if joined.is_empty() {
        "git said nothing".to_owned()
    } else {
        joined.chars().take(400).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_names_the_command_and_git_s_reason() {
        let dir = tempfile::tempdir().unwrap();
        let err = Git::bare(&dir.path().join("missing.git"))
            .run(["rev-parse", "HEAD"])
            .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("`git rev-parse HEAD` failed: "), "{text}");
        assert!(text.contains("not a git repository"), "{text}");
    }
}
