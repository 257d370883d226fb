//! The running kiosk's updater: a thread that looks at the hall's source on kiosk.ron's
//! schedule (and when staff ask), stages and checks a new version, and switches or
//! rolls back when the app says so. The app owns the timing of what visitors see: a
//! version checked here waits until the attract screen, and is loaded here (from its
//! own folder under `versions/`) so the app only swaps it in.
//!
//! Every command and every scheduled look ends in an [`Outcome`], a panic included;
//! the thread ends only when the app drops its [`Updater`], and the app starts a new
//! one if it finds the thread gone.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::{Duration, Instant, SystemTime};

use super::{HallRoot, Policy, Report, Request};
use crate::content::{LoadOptions, Loaded, load_hall};

/// What the thread reports.
pub enum Outcome {
    /// A version passed every check and waits in `versions/`; loaded from there.
    Ready {
        version: String,
        loaded: Box<Loaded>,
    },
    /// `current` points at `version` now: the app may swap in the hall it holds.
    Switched { version: String },
    /// `current` points at `version`, loaded here: staff's rollback, or a switch made
    /// on the command line (`kiosk update`) while the kiosk ran.
    Live {
        version: String,
        loaded: Box<Loaded>,
    },
    /// A look ended without a version to take (up to date, refused, nothing there,
    /// or failed): the status line for the overlay.
    Looked,
    /// A command failed; the hall in use stays. In words for staff and the log.
    Failed(String),
}

enum Command {
    LookNow,
    Switch(String),
    RollBack,
    /// The app has run `version` cleanly for a while.
    Proven(String),
}

/// The app's handle on the thread.
pub struct Updater {
    root: HallRoot,
    commands: Sender<Command>,
    /// Each outcome, and whether it answers a command (or a scheduled look's).
    outcomes: Receiver<(bool, Outcome)>,
    /// Commands sent whose outcome has not come back yet (scheduled looks aside).
    awaited: usize,
}

impl Updater {
    /// Starts the thread for the hall root `root`; `first_look_after`: when the first
    /// scheduled look comes (the kiosk has just started, and drawn nothing yet).
    pub fn start(
        root: HallRoot,
        first_look_after: Duration,
        repaint: impl Fn() + Send + 'static,
    ) -> Self {
        let (commands, command_receiver) = channel();
        let (outcome_sender, outcomes) = channel();
        let thread_root = root.clone();
        let spawned = std::thread::Builder::new()
            .name("updates".into())
            .spawn(move || {
                run(
                    &thread_root,
                    first_look_after,
                    &command_receiver,
                    &outcome_sender,
                    &repaint,
                );
            });
        if let Err(err) = spawned {
            // The sender is dropped with the closure: the app sees the thread gone.
            tracing::error!("updates: cannot start the updater thread: {err}");
        }
        Self {
            root,
            commands,
            outcomes,
            awaited: 0,
        }
    }

    pub fn root(&self) -> &HallRoot {
        &self.root
    }

    pub fn look_now(&mut self) {
        self.send(Command::LookNow);
    }

    pub fn switch(&mut self, version: &str) {
        self.send(Command::Switch(version.to_owned()));
    }

    pub fn roll_back(&mut self) {
        self.send(Command::RollBack);
    }

    pub fn proven(&mut self, version: &str) {
        if self
            .commands
            .send(Command::Proven(version.to_owned()))
            .is_err()
        {
            tracing::warn!("updates: the updater thread is gone");
        }
    }

    fn send(&mut self, command: Command) {
        if self.commands.send(command).is_ok() {
            self.awaited += 1;
        }
    }

    /// The outcomes that have come in; `Err` when the thread is gone.
    pub fn poll(&mut self) -> Result<Vec<Outcome>, Gone> {
        let mut outcomes = Vec::new();
        loop {
            match self.outcomes.try_recv() {
                Ok((answer, outcome)) => {
                    self.awaited = self.awaited.saturating_sub(usize::from(answer));
                    outcomes.push(outcome);
                }
                Err(TryRecvError::Empty) => return Ok(outcomes),
                Err(TryRecvError::Disconnected) if outcomes.is_empty() => return Err(Gone),
                Err(TryRecvError::Disconnected) => return Ok(outcomes),
            }
        }
    }

    /// Waits until every command sent has its outcome (tests and instruments).
    pub fn wait(&mut self, limit: Duration) -> Vec<Outcome> {
        let deadline = Instant::now() + limit;
        let mut outcomes = Vec::new();
        while self.awaited > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.outcomes.recv_timeout(left) {
                Ok((answer, outcome)) => {
                    self.awaited = self.awaited.saturating_sub(usize::from(answer));
                    outcomes.push(outcome);
                }
                Err(_) => break,
            }
        }
        outcomes
    }
}

/// The updater thread stopped (it never should).
#[derive(Debug)]
pub struct Gone;

fn run(
    root: &HallRoot,
    first_look_after: Duration,
    commands: &Receiver<Command>,
    outcomes: &Sender<(bool, Outcome)>,
    repaint: &dyn Fn(),
) {
    let mut next_look = Instant::now() + first_look_after;
    // The version the app shows, as far as this thread knows.
    let mut shown = root.live_version();
    loop {
        let wait = next_look.saturating_duration_since(Instant::now());
        let command = match commands.recv_timeout(wait) {
            Ok(command) => Some(command),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let scheduled = command.is_none();
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| match command {
            None | Some(Command::LookNow) => look(root, &mut shown),
            Some(Command::Switch(version)) => switch(root, &version, &mut shown),
            Some(Command::RollBack) => roll_back(root, &mut shown),
            Some(Command::Proven(version)) => {
                if let Err(err) = super::mark_proven(root, &version) {
                    tracing::warn!("updates: {err:#}");
                }
                None
            }
        }))
        .unwrap_or_else(|panic| {
            Some(Outcome::Failed(format!(
                "the updater failed ({})",
                crate::logging::panic_message(panic.as_ref())
            )))
        });
        if scheduled || matches!(&outcome, Some(Outcome::Looked | Outcome::Ready { .. })) {
            next_look = Instant::now() + every(root);
        }
        if let Some(outcome) = outcome {
            if outcomes.send((!scheduled, outcome)).is_err() {
                return;
            }
            repaint();
        }
    }
}

/// How often the live kiosk.ron asks to look; without `updates`, once an hour (a
/// `kiosk update --rollback` on the command line is still followed then).
fn every(root: &HallRoot) -> Duration {
    root.live_version()
        .and_then(|v| super::read_config(&root.version_dir(&v)))
        .and_then(|config| config.updates)
        .and_then(|settings| Policy::from_settings(&settings).ok())
        .map_or(Duration::from_secs(3600), |policy| policy.every)
}

fn look(root: &HallRoot, shown: &mut Option<String>) -> Option<Outcome> {
    let live = root.live_version();
    if live != *shown
        && let Some(version) = live
    {
        // `kiosk update` or `--rollback` on the command line moved `current`.
        *shown = Some(version.clone());
        return Some(
            load_version(root, &version).map_or_else(Outcome::Failed, |loaded| Outcome::Live {
                version,
                loaded: Box::new(loaded),
            }),
        );
    }
    let has_source = root.state().source.is_some()
        || root
            .live_version()
            .and_then(|v| super::read_config(&root.version_dir(&v)))
            .is_some_and(|config| config.updates.is_some());
    if !has_source {
        return Some(Outcome::Looked);
    }
    let request = Request {
        source: None,
        switch: false,
    };
    match super::update(root, &request, SystemTime::now()) {
        Ok(Report::Taken { version, .. }) => Some(load_version(root, &version).map_or_else(
            Outcome::Failed,
            |loaded| Outcome::Ready {
                version,
                loaded: Box::new(loaded),
            },
        )),
        Ok(report) => {
            tracing::info!("updates: {report}");
            Some(Outcome::Looked)
        }
        Err(err) => {
            tracing::warn!("updates: {err:#}");
            Some(Outcome::Looked)
        }
    }
}

fn switch(root: &HallRoot, version: &str, shown: &mut Option<String>) -> Option<Outcome> {
    Some(match super::switch(root, version, SystemTime::now()) {
        Ok(()) => {
            *shown = Some(version.to_owned());
            Outcome::Switched {
                version: version.to_owned(),
            }
        }
        Err(err) => Outcome::Failed(format!("{err:#}")),
    })
}

fn roll_back(root: &HallRoot, shown: &mut Option<String>) -> Option<Outcome> {
    let rolled =
        super::roll_back(root, "rolled back by staff", SystemTime::now()).and_then(|version| {
            load_version(root, &version)
                .map(|loaded| (version, loaded))
                .map_err(anyhow::Error::msg)
        });
    Some(match rolled {
        Ok((version, loaded)) => {
            *shown = Some(version.clone());
            Outcome::Live {
                version,
                loaded: Box::new(loaded),
            }
        }
        Err(err) => Outcome::Failed(format!("{err:#}")),
    })
}

/// The hall of `version`, from its own folder: the paths it holds stay valid whatever
/// `current` points at later.
fn load_version(root: &HallRoot, version: &str) -> Result<Loaded, String> {
    let dir: PathBuf = root.version_dir(version);
    load_hall(Path::new(&dir), LoadOptions::default()).map_err(|err| err.to_string())
}
