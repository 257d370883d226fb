//! Staff's side of the app: the hidden corner hold, the PIN pad and admin overlay,
//! live reload of curator edits, and quitting.

use std::time::Duration;

use eframe::egui;

use std::sync::mpsc::Receiver;

use super::KioskApp;
use crate::admin::{Gate, Role, Stage};
use crate::analytics::{Charts, Summary};
use crate::content::Loaded;
use crate::diagnostics::Style;
use crate::reload::Outcome;
use crate::selftest;
use crate::ui::admin::{AdminAction, corner};
use crate::ui::theme::Metrics;

/// A finger may wander this far and still be holding the corner.
const HOLD_SLACK: f32 = 24.0;

/// What staff see and do: the PIN gate, the overlay's texts and figures, their
/// choices, and whether the kiosk may close.
pub(super) struct StaffDesk {
    pub(super) gate: Gate,
    /// The text the admin overlay shows: `kiosk check`'s output for the last load.
    pub(super) check_text: String,
    pub(super) check_summary: String,
    pub(super) reload_note: Option<String>,
    pub(super) stats: Option<Summary>,
    pub(super) stats_request: Option<Receiver<Summary>>,
    /// The statistics page, while staff look at it.
    pub(super) statistics_page: Option<crate::ui::statistics::Page>,
    /// Its charts, counted once on the writer's thread each time the page is opened.
    pub(super) charts: Option<Charts>,
    pub(super) charts_request: Option<Receiver<Charts>>,
    pub(super) confirm_quit: bool,
    /// Staff's choice of default language (until the kiosk restarts).
    pub(super) language_override: Option<String>,
    pub(super) quitting: bool,
    /// Whether a close request is honoured: from the start in a window (`--windowed`),
    /// else only once staff chose "quit" or the autopilot is done.
    pub(super) quit_allowed: bool,
    /// The self-test's thread and how to start it again.
    selftest: Option<(SelfTest, Option<selftest::Background>)>,
    /// The latest self-test, for the overlay's card.
    pub(super) selftest_report: Option<selftest::Report>,
}

/// What the self-test's thread is started with.
pub(super) struct SelfTest {
    pub(super) root: std::path::PathBuf,
    pub(super) audio: crate::media::audio::DeviceMode,
    pub(super) narrator: std::sync::Arc<std::sync::atomic::AtomicBool>,
    pub(super) clock: std::sync::Arc<dyn crate::clock::Clock>,
    pub(super) ctx: egui::Context,
    pub(super) first_after: Duration,
    /// When "every morning" is: before the hall opens, in its own time.
    pub(super) morning: selftest::Morning,
}

impl SelfTest {
    fn start(&self, first_after: Duration) -> Option<selftest::Background> {
        let ctx = self.ctx.clone();
        let job = selftest::Background::kiosk_job(
            self.root.clone(),
            self.audio,
            std::sync::Arc::clone(&self.narrator),
        );
        selftest::Background::start(
            job,
            std::sync::Arc::clone(&self.clock),
            first_after,
            super::SELFTEST_PAUSE,
            self.morning.clone(),
            Box::new(move || ctx.request_repaint()),
        )
        .map_err(|err| tracing::warn!("self-test: cannot start its thread: {err}"))
        .ok()
    }
}

impl StaffDesk {
    pub(super) fn new(
        check_text: String,
        check_summary: String,
        windowed: bool,
        selftest: Option<SelfTest>,
    ) -> Self {
        let selftest = selftest.map(|setup| {
            let running = setup.start(setup.first_after);
            (setup, running)
        });
        Self {
            gate: Gate::default(),
            check_text,
            check_summary,
            reload_note: None,
            stats: None,
            stats_request: None,
            statistics_page: None,
            charts: None,
            charts_request: None,
            confirm_quit: false,
            language_override: None,
            quitting: false,
            quit_allowed: windowed,
            selftest,
            selftest_report: None,
        }
    }

    /// Takes a finished self-test for the card; a thread that is gone is started again
    /// (its next run at once, since the report it would have made is lost).
    pub(super) fn poll_selftest(&mut self) {
        let Some((setup, running)) = &mut self.selftest else {
            return;
        };
        match running.as_ref().map(selftest::Background::poll) {
            Some(Ok(Some(report))) => self.selftest_report = Some(report),
            // Not started (already logged): not tried again every frame.
            Some(Ok(None)) | None => {}
            Some(Err(selftest::Gone)) => {
                tracing::warn!("self-test: its thread had stopped; starting it again");
                *running = setup.start(Duration::ZERO);
            }
        }
    }
}

impl StaffDesk {
    /// Takes the statistics page's charts once counted.
    pub(super) fn poll_charts(&mut self, repaint: &mut super::Repaint) {
        let Some(request) = &self.charts_request else {
            return;
        };
        match request.try_recv() {
            Ok(charts) => {
                self.charts = Some(charts);
                self.charts_request = None;
            }
            // Nobody will answer: the page says the statistics are unavailable.
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.charts_request = None,
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                repaint.within(Duration::from_millis(100));
            }
        }
    }

    /// Leaves the statistics page and forgets its charts.
    fn close_statistics(&mut self) {
        self.statistics_page = None;
        self.charts = None;
        self.charts_request = None;
    }
}

impl KioskApp {
    /// Feeds the hidden corner gesture; returns its progress (0–1).
    pub(super) fn corner_hold(
        &mut self,
        ctx: &egui::Context,
        m: &Metrics,
        screen: egui::Rect,
        now: Duration,
    ) -> f32 {
        let zone = corner(m, screen);
        let held = ctx.input(|i| {
            i.pointer.primary_down()
                && i.pointer.press_origin().is_some_and(|p| zone.contains(p))
                && i.pointer
                    .latest_pos()
                    .is_some_and(|p| zone.expand(HOLD_SLACK).contains(p))
        });
        let was_closed = self.desk.gate.is_closed();
        let progress = self.desk.gate.corner(held, now);
        if was_closed && !self.desk.gate.is_closed() {
            tracing::info!("admin: PIN pad opened");
        }
        progress
    }

    /// Opens the PIN pad (tests and the guided-mode entry use this too).
    pub fn open_pin_pad(&mut self) {
        let now = self.clock.now();
        self.desk.gate.open_pad(now);
    }

    pub fn staff_stage(&self) -> &Stage {
        &self.desk.gate.stage
    }

    pub(super) fn apply_staff(&mut self, ctx: &egui::Context, action: AdminAction, now: Duration) {
        self.desk.gate.touched(now);
        match action {
            AdminAction::Digit(digit) => self.desk.gate.digit(digit, now),
            AdminAction::Backspace => self.desk.gate.backspace(now),
            AdminAction::Submit => match self.desk.gate.submit(&self.hall.config, now) {
                Some(Role::Staff) => {
                    tracing::info!("admin: overlay opened");
                    self.desk.confirm_quit = false;
                    self.desk.close_statistics();
                    self.desk.stats = None;
                    self.desk.stats_request =
                        self.analytics.request_summary(self.hall.utc_offset());
                }
                Some(Role::Guide) => {
                    tracing::info!("admin: guide PIN accepted");
                    self.start_guided(now);
                }
                None => tracing::info!("admin: a wrong PIN was entered"),
            },
            AdminAction::Close => {
                self.desk.gate.close();
                self.desk.confirm_quit = false;
                self.desk.close_statistics();
            }
            AdminAction::ShowStatistics(page) => self.show_statistics(page),
            AdminAction::CloseStatistics => self.desk.close_statistics(),
            AdminAction::Touched => {}
            // In safe mode, loading the hall's files again is leaving it.
            AdminAction::Reload if self.safekeeping.mode.is_some() => self.leave_safe_mode(ctx),
            AdminAction::Reload => {
                tracing::info!("admin: reload requested");
                self.desk.reload_note = Some("正在载入…… · Loading…".to_owned());
                match &mut self.reloader {
                    Some(reloader) => reloader.reload_now(&self.hall),
                    None => self.reload_blocking(now),
                }
            }
            AdminAction::LeaveSafeMode => self.leave_safe_mode(ctx),
            AdminAction::RollBack => self.roll_back(),
            AdminAction::GuidedMode => {
                self.desk.gate.close();
                self.start_guided(now);
            }
            AdminAction::SetDefaultLanguage(language) => {
                tracing::info!("admin: default language set to {language}");
                self.desk.language_override = Some(language);
                self.apply_language_override();
            }
            AdminAction::KeepOn(on) => self.keep_on(on),
            AdminAction::AskQuit => self.desk.confirm_quit = true,
            AdminAction::Quit => {
                tracing::info!("admin: quit");
                self.narrator.stop();
                self.analytics.flush();
                self.desk.quit_allowed = true;
                self.desk.quitting = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// The statistics page at `page`; opening it asks for the charts, counted on the
    /// statistics writer's thread.
    pub(super) fn show_statistics(&mut self, page: crate::ui::statistics::Page) {
        if self.desk.statistics_page.is_none() {
            tracing::info!("admin: statistics page opened");
            self.desk.charts = None;
            self.desk.charts_request = self
                .analytics
                .request_charts(crate::ui::statistics::DAYS, self.hall.utc_offset());
        }
        self.desk.statistics_page = Some(page);
    }

    /// Moves staff's chosen default language to the front of the list.
    fn apply_language_override(&mut self) {
        if let Some(language) = &self.desk.language_override {
            let languages = &mut self.hall.config.languages;
            if let Some(index) = languages.iter().position(|l| l == language) {
                let chosen = languages.remove(index);
                languages.insert(0, chosen);
            }
        }
    }

    /// Reloads without a watcher thread (when file watching is off).
    fn reload_blocking(&mut self, now: Duration) {
        match crate::reload::load(&self.hall.root, &self.hall) {
            Outcome::Loaded(loaded) => self.receive(*loaded, now),
            Outcome::Failed(reason) => self.reload_failed(&reason),
        }
    }

    /// Picks up a finished background reload.
    pub(super) fn poll_reload(&mut self, now: Duration) {
        let outcome = self.reloader.as_mut().and_then(|r| r.poll(&self.hall));
        match outcome {
            Some(Outcome::Loaded(loaded)) => self.receive(*loaded, now),
            Some(Outcome::Failed(reason)) => self.reload_failed(&reason),
            None => {}
        }
    }

    /// Nothing could be loaded: the hall in use stays, staff see why, and the next
    /// change to the files tries again.
    fn reload_failed(&mut self, reason: &str) {
        tracing::warn!("reload failed, the hall in use is kept: {reason}");
        self.desk.reload_note = Some(format!(
            "载入失败，仍使用原内容 · Reload failed, the hall in use is kept: {reason}"
        ));
    }

    /// Reloads the hall from disk now and waits for it (tests, and staff without a watcher).
    pub fn reload_now(&mut self) {
        let now = self.clock.now();
        self.reload_blocking(now);
    }

    /// A new load: shown to staff at once, applied to visitors when it is safe.
    fn receive(&mut self, loaded: Loaded, now: Duration) {
        let summary = loaded.summary();
        tracing::info!("content reloaded: {summary}");
        for diagnostic in loaded.diagnostics.iter() {
            tracing::warn!("{}", diagnostic.headline());
        }
        self.desk.check_text = loaded.diagnostics.render(Style::Plain);
        self.desk.check_summary = summary;
        self.desk.reload_note = Some(format!("已载入 · Loaded: {}", self.desk.check_summary));
        self.pending = Some(loaded);
        if matches!(self.session.visit.screen, crate::visit::Screen::Attract)
            || !self.session.visit.in_progress()
        {
            self.apply_pending(now);
        }
    }

    /// Swaps in a waiting reload. The visitor stays where they are if it still exists.
    pub(super) fn apply_pending(&mut self, now: Duration) {
        let Some(loaded) = self.pending.take() else {
            return;
        };
        self.hall = loaded.hall;
        self.diagnostics = loaded.diagnostics;
        self.safekeeping
            .hall_changed(self.diagnostics.error_count() == 0, now);
        self.apply_language_override();
        self.narrator.set_volume(self.hall.config.narration.volume);
        self.films
            .set_volume(f64::from(self.hall.config.narration.volume));
        self.images.clear();
        self.session.visit.revalidate(&self.hall, now);
        // A guided tour whose stop vanished moves on, with a note to the guide.
        let stop_before = self.session.visit.tour.as_ref().map(|t| t.current);
        if let Some(tour) = &mut self.session.visit.tour {
            tour.settle(&self.hall, true);
            if tour.stop().is_none() {
                self.session.visit.tour = None;
            }
        }
        if self.session.visit.tour.as_ref().map(|t| t.current) != stop_before
            && self.session.visit.tour.is_some()
        {
            self.show_stop(now);
        }
        if let Some(track) = self.narrator.current()
            && self.hall.exhibit(&track.exhibit).is_none()
        {
            self.narrator.stop();
        }
    }

    /// What staff's overlay says about the last reload.
    pub fn reload_note(&self) -> Option<&str> {
        self.desk.reload_note.as_deref()
    }

    /// Whether staff chose to quit.
    pub fn is_quitting(&self) -> bool {
        self.desk.quitting
    }

    /// Whether a reload is waiting for the visitor's next navigation.
    pub fn has_pending_reload(&self) -> bool {
        self.pending.is_some()
    }
}
