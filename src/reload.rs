//! Live reload: watches `kiosk.ron`, `exhibits/` and `media/`, and loads the hall again
//! in the background with the same loader as `kiosk check`. A file that now has errors
//! keeps its last good version; the app swaps the new hall in when it is safe.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use std::time::Instant;

use eframe::egui;
use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::content::{Hall, LoadOptions, Loaded, load_hall_keeping};

/// Files must be quiet this long after a change before the reload starts (an editor's
/// save is often several writes).
const DEBOUNCE: Duration = Duration::from_millis(400);

/// Loads a hall in the background and hands the result back.
pub struct Reloader {
    root: PathBuf,
    ctx: egui::Context,
    results: Receiver<Loaded>,
    sender: Sender<Loaded>,
    _watcher: Option<notify::RecommendedWatcher>,
    changes: Receiver<()>,
    /// When files last changed, for waiting until a save is complete.
    last_change: Option<Instant>,
    busy: bool,
    /// Files changed since the running load started.
    dirty: bool,
}

impl Reloader {
    /// Watches the hall in `root` (its `kiosk.ron`, exhibits and media folders).
    /// Without a working file watcher, reloads still happen on request.
    pub fn new(ctx: &egui::Context, hall: &Hall) -> Self {
        let (sender, results) = channel();
        let (change_sender, changes) = channel();
        let watcher = watch(ctx, hall, change_sender)
            .map_err(|err| {
                tracing::warn!("live reload is off (cannot watch the hall's files): {err}")
            })
            .ok();
        Self {
            root: hall.root.clone(),
            ctx: ctx.clone(),
            results,
            sender,
            _watcher: watcher,
            changes,
            last_change: None,
            busy: false,
            dirty: false,
        }
    }

    /// Starts a background load, keeping the last good version of broken files.
    pub fn reload_now(&mut self, current: &Hall) {
        if self.busy {
            return;
        }
        self.busy = true;
        let root = self.root.clone();
        let previous = current.clone();
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("reload".into())
            .spawn(move || {
                match load_hall_keeping(&root, LoadOptions::default(), Some(&previous)) {
                    Ok(loaded) => {
                        let _ = sender.send(loaded);
                    }
                    Err(err) => tracing::warn!("reload failed: {err}"),
                }
                ctx.request_repaint();
            });
        if spawned.is_err() {
            self.busy = false;
        }
    }

    /// Call each frame: starts a reload once files have been quiet for a moment after
    /// a change, and returns a finished one.
    pub fn poll(&mut self, current: &Hall) -> Option<Loaded> {
        if self.changes.try_iter().count() > 0 {
            self.last_change = Some(Instant::now());
            self.dirty = true;
        }
        let loaded = self.results.try_iter().last();
        if loaded.is_some() {
            self.busy = false;
        }
        if self.dirty && !self.busy {
            let quiet = self.last_change.map_or(DEBOUNCE, |at| at.elapsed());
            if quiet >= DEBOUNCE {
                self.dirty = false;
                self.reload_now(current);
            } else {
                self.ctx.request_repaint_after(DEBOUNCE - quiet);
            }
        }
        loaded
    }
}

fn watch(
    ctx: &egui::Context,
    hall: &Hall,
    changes: Sender<()>,
) -> notify::Result<notify::RecommendedWatcher> {
    let repaint = ctx.clone();
    let root = hall.root.clone();
    let folders = [
        hall.config.exhibits_dir(&root),
        hall.config.media_dir(&root),
    ];
    let config_file = root.join(crate::config::CONFIG_FILE);
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
    let root = &hall.root;
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
