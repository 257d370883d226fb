//! The app's side of content versions (`crate::updates`): the updater thread's
//! outcomes, and the rule that a new version reaches visitors only at the attract
//! screen — never mid-visit. A checked version is switched on disk (`current`) when the
//! kiosk is at the attract screen, and swapped in once the switch is done.

use std::time::Duration;

use eframe::egui;

use super::KioskApp;
use crate::content::Loaded;
use crate::safe_mode::CLEAN_AFTER;
use crate::updates::HallRoot;
use crate::updates::background::{Outcome, Updater};

/// When the first look at the source comes after start.
const FIRST_LOOK_AFTER: Duration = Duration::from_secs(30);
/// A thread found gone is started again at most this often (one that cannot even be
/// spawned must not be retried, and logged, every frame).
const RESTART_AT_MOST_EVERY: Duration = Duration::from_secs(60);

pub(super) struct Updates {
    updater: Updater,
    /// The version on screen, and since when (for marking it proven).
    running: Option<String>,
    running_since: Duration,
    /// When this updater thread was started.
    started_at: Duration,
    proven_sent: bool,
    /// Checked, waiting for the attract screen to be switched.
    ready: Option<(String, Loaded)>,
    switch_asked: bool,
    /// `current` points at it: swapped in at the attract screen.
    switched: Option<Loaded>,
    /// What the overlay says.
    pub(super) status: String,
    /// A failed command, until the next outcome.
    note: Option<String>,
}

impl Updates {
    pub(super) fn start(ctx: &egui::Context, root: HallRoot, now: Duration) -> Self {
        let repaint = ctx.clone();
        let running = root.live_version();
        let status = crate::updates::status_text(&root);
        Self {
            updater: Updater::start(root, FIRST_LOOK_AFTER, move || repaint.request_repaint()),
            running,
            running_since: now,
            started_at: now,
            proven_sent: false,
            ready: None,
            switch_asked: false,
            switched: None,
            status,
            note: None,
        }
    }

    /// The overlay's text.
    pub(super) fn overlay_text(&self) -> String {
        match &self.note {
            Some(note) => format!("{}\n{note}", self.status),
            None => self.status.clone(),
        }
    }
}

impl KioskApp {
    /// Each frame: the updater's outcomes; at the attract screen, a checked version is
    /// switched and then swapped in; a version that has run long enough is proven.
    pub(super) fn poll_updates(&mut self, ctx: &egui::Context, now: Duration) {
        let Some(updates) = &mut self.updates else {
            return;
        };
        let outcomes = match updates.updater.poll() {
            Ok(outcomes) => outcomes,
            Err(_) if now.saturating_sub(updates.started_at) < RESTART_AT_MOST_EVERY => return,
            Err(_) => {
                tracing::error!("updates: the updater thread stopped; starting it again");
                let root = updates.updater.root().clone();
                *updates = Updates::start(ctx, root, now);
                return;
            }
        };
        for outcome in outcomes {
            self.take_outcome(outcome);
        }
        let Some(updates) = &mut self.updates else {
            return;
        };
        let at_attract = matches!(self.session.visit.screen, crate::visit::Screen::Attract)
            && !self.session.visit.in_progress();
        if at_attract
            && !updates.switch_asked
            && let Some((version, _)) = &updates.ready
        {
            updates.updater.switch(version);
            updates.switch_asked = true;
        }
        if at_attract && let Some(loaded) = updates.switched.take() {
            let version = loaded
                .hall
                .root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            tracing::info!(
                "updates: {} is on screen: {}",
                version.as_deref().unwrap_or("?"),
                loaded.summary()
            );
            updates.running = version;
            updates.running_since = now;
            updates.proven_sent = false;
            self.desk.check_text = loaded.diagnostics.render(crate::diagnostics::Style::Plain);
            self.desk.check_summary = loaded.summary();
            self.pending = Some(loaded);
            self.apply_pending(now);
            if let Some(reloader) = &mut self.reloader {
                reloader.follow(&self.hall);
            }
        }
        let Some(updates) = &mut self.updates else {
            return;
        };
        if !updates.proven_sent && now.saturating_sub(updates.running_since) >= CLEAN_AFTER {
            updates.proven_sent = true;
            if let Some(version) = &updates.running {
                updates.updater.proven(version);
            }
        }
    }

    /// Staff's rollback from the overlay: done on the updater's thread, swapped in at
    /// the attract screen.
    pub(super) fn roll_back(&mut self) {
        if let Some(updates) = &mut self.updates {
            tracing::info!("admin: rollback requested");
            updates.note = Some("正在回退…… · Rolling back…".to_owned());
            updates.updater.roll_back();
        }
    }

    /// Looks at the source now and waits for the answer (tests and instruments).
    pub fn look_for_update_now(&mut self) {
        if let Some(updates) = &mut self.updates {
            updates.updater.look_now();
            self.wait_for_updater();
        }
    }

    /// Waits until the updater has answered everything asked of it, and takes its
    /// outcomes in (tests).
    pub fn wait_for_updater(&mut self) {
        let Some(updates) = &mut self.updates else {
            return;
        };
        for outcome in updates.updater.wait(Duration::from_secs(120)) {
            self.take_outcome(outcome);
        }
    }

    fn take_outcome(&mut self, outcome: Outcome) {
        let Some(updates) = &mut self.updates else {
            return;
        };
        updates.note = None;
        match outcome {
            Outcome::Ready { version, loaded } => {
                tracing::info!("updates: {version} is checked; it goes live at the attract screen");
                updates.ready = Some((version, *loaded));
                updates.switch_asked = false;
            }
            Outcome::Switched { version } => {
                if let Some((ready, loaded)) = updates.ready.take()
                    && ready == version
                {
                    updates.switched = Some(loaded);
                }
                updates.switch_asked = false;
            }
            Outcome::Live { loaded, .. } => {
                updates.ready = None;
                updates.switched = Some(*loaded);
            }
            Outcome::Looked => {}
            Outcome::Failed(reason) => {
                tracing::warn!("updates: {reason}");
                updates.note = Some(format!("更新失败 · Update failed: {reason}"));
                updates.switch_asked = false;
            }
        }
        updates.status = crate::updates::status_text(updates.updater.root());
    }

    /// The version the kiosk shows, when its hall follows a source.
    pub fn running_version(&self) -> Option<&str> {
        self.updates.as_ref().and_then(|u| u.running.as_deref())
    }

    /// A checked version waiting for the attract screen (tests).
    pub fn waiting_version(&self) -> Option<&str> {
        self.updates
            .as_ref()
            .and_then(|u| u.ready.as_ref().map(|(version, _)| version.as_str()))
    }
}
