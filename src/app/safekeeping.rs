//! The app's side of safe mode (`crate::safe_mode`): keeping a copy of a hall that
//! has run cleanly for a while, and staff leaving safe mode.

use std::path::PathBuf;
use std::time::Duration;

use eframe::egui;

use super::KioskApp;
use crate::reload::Reloader;
use crate::safe_mode::{CLEAN_AFTER, SafeMode};

/// Where and when the last good hall is kept, and safe mode if the kiosk is in it.
pub(super) struct Safekeeping {
    /// The data folder the last good hall goes in; none for tests and instruments.
    pub(super) data_dir: Option<PathBuf>,
    /// Since when the hall in use has been in use without errors.
    pub(super) clean_since: Option<Duration>,
    /// Whether the hall in use has been kept already.
    pub(super) kept: bool,
    pub(super) mode: Option<SafeMode>,
}

impl Safekeeping {
    pub(super) fn new(
        data_dir: Option<PathBuf>,
        mode: Option<SafeMode>,
        clean: bool,
        now: Duration,
    ) -> Self {
        Self {
            data_dir,
            clean_since: clean.then_some(now),
            kept: false,
            mode,
        }
    }

    /// A new hall came into use at `now`.
    pub(super) fn hall_changed(&mut self, clean: bool, now: Duration) {
        self.clean_since = clean.then_some(now);
        self.kept = false;
    }
}

impl KioskApp {
    /// Once the hall in use has run for [`CLEAN_AFTER`] without errors, copies its text
    /// files as the last good hall, on a thread of its own (it reads every file again,
    /// and keeps them only if they still load without errors).
    pub(super) fn keep_last_good(&mut self, now: Duration) {
        let keeping = &mut self.safekeeping;
        let due = keeping.mode.is_none()
            && !keeping.kept
            && keeping
                .clean_since
                .is_some_and(|since| now.saturating_sub(since) >= CLEAN_AFTER);
        let Some(data_dir) = keeping.data_dir.clone().filter(|_| due) else {
            return;
        };
        keeping.kept = true;
        let root = self.hall.root.clone();
        let spawned = std::thread::Builder::new()
            .name("last-good".into())
            .spawn(move || {
                let kept = std::panic::catch_unwind(|| keep(&root, &data_dir));
                if kept.is_err() {
                    tracing::error!("safe mode: keeping the last good hall panicked");
                }
            });
        if let Err(err) = spawned {
            tracing::warn!("safe mode: cannot start keeping the last good hall: {err}");
        }
    }

    /// Staff leave safe mode: the hall's own files are loaded again (each file with
    /// errors keeps its safe-mode version) and watched from now on.
    pub(super) fn leave_safe_mode(&mut self, ctx: &egui::Context) {
        tracing::info!("admin: safe mode left");
        self.safekeeping.mode = None;
        if let Some(data_dir) = &self.safekeeping.data_dir {
            crate::safe_mode::clear_starts(data_dir);
        }
        self.desk.reload_note = Some("正在载入…… · Loading…".to_owned());
        let mut reloader = Reloader::new(ctx, &self.hall);
        reloader.reload_now(&self.hall);
        self.reloader = Some(reloader);
    }

    /// Why the kiosk is in safe mode, for tests.
    pub fn safe_mode(&self) -> Option<&SafeMode> {
        self.safekeeping.mode.as_ref()
    }
}

fn keep(root: &std::path::Path, data_dir: &std::path::Path) {
    let loaded = match crate::content::load_hall(root, Default::default()) {
        Ok(loaded) => loaded,
        Err(err) => {
            tracing::warn!("safe mode: the hall was not kept: {err}");
            return;
        }
    };
    if loaded.diagnostics.error_count() > 0 {
        tracing::info!("safe mode: the hall was not kept, its files have errors now");
        return;
    }
    match crate::safe_mode::keep_last_good(root, &loaded.hall.config, data_dir) {
        Ok(()) => tracing::info!("safe mode: kept this hall as the last good one"),
        Err(err) => tracing::warn!("safe mode: {err}"),
    }
}

/// How much of the last problem's log line the overlay shows.
const PROBLEM_CHARS: usize = 160;

/// The overlay's red notice for safe mode.
/// `offset` is the hall's time zone, in which the copy's time is shown.
pub(super) fn notice(mode: &SafeMode, offset: time::UtcOffset) -> String {
    let kept = mode
        .kept_at
        .map(|at| {
            // The copy's time is a file's: anything a disk holds reads as a date.
            let at = crate::clock::local(at, offset);
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}",
                at.year(),
                u8::from(at.month()),
                at.day(),
                at.hour(),
                at.minute()
            )
        })
        .unwrap_or_else(|| "?".to_owned());
    let problem = match mode.last_problem.as_deref() {
        // A log line can be long; the overlay has a column.
        Some(line) if line.chars().count() > PROBLEM_CHARS => {
            let cut: String = line.chars().take(PROBLEM_CHARS).collect();
            format!("{cut}…")
        }
        Some(line) => line.to_owned(),
        None => "没有记录（被外部停止或断电） · none: stopped from outside, or the power went"
            .to_owned(),
    };
    format!(
        "安全模式：{minutes} 分钟内启动 {starts} 次，未正常退出。显示上次正常运行的内容（{kept}），不载入修改。\n\
         Safe mode: the kiosk started {starts} times within {minutes} minutes without a clean stop. It shows the hall as it last ran cleanly; edits are not loaded.\n\
         最后的问题 · Last problem: {problem}",
        starts = mode.starts,
        minutes = crate::safe_mode::CRASH_LOOP_WINDOW.as_secs() / 60,
    )
}
