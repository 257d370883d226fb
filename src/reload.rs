//! Live reload: watches `kiosk.ron`, `exhibits/` and `media/`, and loads the hall again
//! in the background with the same loader as `kiosk check`. A file that now has errors
//! keeps its last good version; the app swaps the new hall in when it is safe.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

use eframe::egui;
use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::content::{Hall, LoadOptions, Loaded, load_hall_keeping};

/// Files must be quiet this long after a change before the reload starts (an editor's
/// save is often several writes).
const DEBOUNCE: Duration = Duration::from_millis(400);

/// How often to try again to watch files that could not be watched.
const REWATCH: Duration = Duration::from_secs(5);

/// How a background load ended.
#[derive(Debug)]
pub enum Outcome {
    Loaded(Box<Loaded>),
    /// Nothing could be loaded (no `kiosk.ron`, a folder gone); the running hall stays.
    /// Said in words for staff and the log.
    Failed(String),
}

/// Loads a hall in the background and hands the result back. Every load ends in an
/// [`Outcome`], even one whose thread panicked, so a failed load never stops later
/// edits from being picked up.
pub struct Reloader {
    root: PathBuf,
    ctx: egui::Context,
    /// Rebuilt after every load: a folder replaced whole (a USB copy, `git checkout`,
    /// media unplugged and back) is a new folder, which the old watch no longer sees.
    watcher: Option<notify::RecommendedWatcher>,
    change_sender: Sender<()>,
    changes: Receiver<()>,
    /// When files last changed, for waiting until a save is complete.
    last_change: Option<Instant>,
    /// The load under way: its thread sends one outcome, or drops the sender if it dies.
    running: Option<Receiver<Outcome>>,
    /// Files changed since the running load started (or since the last load).
    dirty: bool,
    /// When watching the files last failed; cleared once a watch is set up again.
    watch_failed_at: Option<Instant>,
}

impl Reloader {
    /// Watches the hall in `root` (its `kiosk.ron`, exhibits and media folders).
    /// Without a working file watcher, reloads still happen on request.
    pub fn new(ctx: &egui::Context, hall: &Hall) -> Self {
        let (change_sender, changes) = channel();
        // The watcher reports absolute paths: a hall named relatively (`kiosk` run in
        // its folder is `.`) would match none of them.
        let root = std::path::absolute(&hall.root).unwrap_or_else(|_| hall.root.clone());
        let mut reloader = Self {
            root,
            ctx: ctx.clone(),
            watcher: None,
            change_sender,
            changes,
            last_change: None,
            running: None,
            dirty: false,
            watch_failed_at: None,
        };
        reloader.rewatch(hall);
        reloader
    }

    /// Watches `hall` from now on instead: a version the updater made live, in a folder
    /// of its own.
    pub fn follow(&mut self, hall: &Hall) {
        self.root = std::path::absolute(&hall.root).unwrap_or_else(|_| hall.root.clone());
        self.rewatch(hall);
    }

    /// Whether a load is under way.
    pub fn is_busy(&self) -> bool {
        self.running.is_some()
    }

    /// Starts a background load, keeping the last good version of broken files. Asked
    /// while one runs, another follows it.
    pub fn reload_now(&mut self, current: &Hall) {
        if self.running.is_some() {
            self.dirty = true;
            return;
        }
        let (sender, receiver) = channel();
        let root = self.root.clone();
        let previous = current.clone();
        let ctx = self.ctx.clone();
        // If the thread cannot start, or dies before it sends, the sender is dropped and
        // `poll` reports the load as failed.
        let _ = std::thread::Builder::new()
            .name("reload".into())
            .spawn(move || {
                let _ = sender.send(load(&root, &previous));
                ctx.request_repaint();
            });
        self.running = Some(receiver);
    }

    /// Call each frame: starts a reload once files have been quiet for a moment after
    /// a change, and returns a finished one.
    pub fn poll(&mut self, current: &Hall) -> Option<Outcome> {
        if self.changes.try_iter().count() > 0 {
            self.last_change = Some(Instant::now());
            self.dirty = true;
        }
        let finished = self
            .running
            .as_ref()
            .and_then(|running| match running.try_recv() {
                Ok(outcome) => Some(outcome),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => Some(Outcome::Failed(
                    "the reload stopped before it finished".to_owned(),
                )),
            });
        if self
            .watch_failed_at
            .is_some_and(|at| at.elapsed() >= REWATCH)
        {
            self.rewatch(current);
        }
        if let Some(outcome) = &finished {
            self.running = None;
            let hall = match outcome {
                Outcome::Loaded(loaded) => &loaded.hall,
                Outcome::Failed(_) => current,
            };
            self.rewatch(hall);
        }
        if self.dirty && self.running.is_none() {
            let quiet = self.last_change.map_or(DEBOUNCE, |at| at.elapsed());
            if quiet >= DEBOUNCE {
                self.dirty = false;
                self.reload_now(current);
            } else {
                self.ctx.request_repaint_after(DEBOUNCE - quiet);
            }
        }
        finished
    }

    /// Watches the hall's folders as they are now. A watch that cannot be set up (a
    /// folder vanishing at that moment) is tried again every few seconds.
    fn rewatch(&mut self, hall: &Hall) {
        match watch(&self.ctx, &self.root, hall, self.change_sender.clone()) {
            Ok(watcher) => {
                if self.watch_failed_at.take().is_some() {
                    tracing::info!("live reload: watching the hall's files again");
                }
                self.watcher = Some(watcher);
            }
            Err(err) => {
                if self.watch_failed_at.is_none() {
                    tracing::warn!("live reload: cannot watch the hall's files: {err}");
                }
                self.watch_failed_at = Some(Instant::now());
                self.ctx.request_repaint_after(REWATCH);
            }
        }
    }
}

/// Loads the hall in `root` again, keeping `previous` versions of broken files, with
/// every way it can end turned into an outcome. A hall that would have no exhibits
/// while the one in use has some (the exhibits folder gone for a moment) is refused.
pub fn load(root: &Path, previous: &Hall) -> Outcome {
    let attempt = std::panic::catch_unwind(AssertUnwindSafe(|| {
        load_hall_keeping(root, LoadOptions::default(), Some(previous))
    }));
    match attempt {
        Ok(Ok(loaded)) if loaded.hall.exhibits.is_empty() && !previous.exhibits.is_empty() => {
            Outcome::Failed(format!(
                "no exhibits found in {}; the hall in use is kept",
                loaded.hall.config.exhibits_dir
            ))
        }
        Ok(Ok(loaded)) => Outcome::Loaded(Box::new(loaded)),
        Ok(Err(err)) => Outcome::Failed(err.to_string()),
        Err(panic) => Outcome::Failed(format!(
            "the loader failed ({}); the hall in use is kept",
            crate::logging::panic_message(panic.as_ref())
        )),
    }
}

fn watch(
    ctx: &egui::Context,
    root: &Path,
    hall: &Hall,
    changes: Sender<()>,
) -> notify::Result<notify::RecommendedWatcher> {
    let repaint = ctx.clone();
    let folders = [hall.config.exhibits_dir(root), hall.config.media_dir(root)];
    let config_file = root.join(crate::content::CONFIG_FILE);
    // In the hall folder only kiosk.ron counts (not the data folder the kiosk writes).
    let in_scope =
        move |path: &Path| path == config_file || folders.iter().any(|f| path.starts_with(f));
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let relevant = match result {
            // Reading a file (as the kiosk itself does) is not a change.
            Ok(event) => {
                !matches!(event.kind, EventKind::Access(_))
                    && event.paths.iter().any(|p| is_content(p) && in_scope(p))
            }
            Err(_) => true,
        };
        if relevant {
            let _ = changes.send(());
            repaint.request_repaint();
        }
    })?;
    // The hall folder itself, not kiosk.ron alone: editors (and `kiosk set-pin`) save by
    // writing a new file and renaming it, which ends a watch on the old file.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in [hall.config.exhibits_dir(root), hall.config.media_dir(root)] {
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    Ok(watcher)
}

/// Editors write swap and backup files next to the real one; those are not content.
fn is_content(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    !(name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_litter_is_not_content() {
        assert!(is_content(Path::new("exhibits/01.ron")));
        assert!(!is_content(Path::new("exhibits/.01.ron.swp")));
        assert!(!is_content(Path::new("exhibits/01.ron~")));
    }
}
