//! The time-warp soak: a year of a hall in well under an hour. The real kiosk runs
//! headless on a hand-driven clock through opening days of random visitors (touches on
//! whatever the screen offers, then walking away until the idle reset), a curator's
//! edit and reload a day (a broken one each week, mended the next day), and a restart
//! every night, with statistics written to a real database and logs to real daily
//! files, both dated by the same clock. At the end of each month it writes down what
//! could grow with uptime: resident memory, the database, the log folder and open files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use eframe::egui::{self, Pos2, pos2, vec2};
use serde::Serialize;

use crate::app::{KioskApp, Options};
use crate::clock::{Clock as _, ManualClock};
use crate::content::{LoadOptions, load_hall};
use crate::ui::widgets::{Target, TargetKind};
use crate::visit::Screen;

/// The screen the soak's kiosk is laid out on.
const SCREEN: egui::Vec2 = vec2(1920.0, 1080.0);

/// A month, for the figures: thirty opening days.
const MONTH_DAYS: u32 = 30;

/// A visitor who walks away is given this long for the kiosk to reset itself (the
/// longest idle timeout plus a narration's suspension is far less).
const LONGEST_WALK_AWAY: Duration = Duration::from_secs(30 * 60);

/// How often the kiosk is looked at while nobody touches it: the idle warning and
/// reset come at the first frame after their time, as in the kiosk.
const WALK_AWAY_STEP: Duration = Duration::from_secs(30);

/// How the soak runs.
#[derive(Clone, Debug)]
pub struct SoakConfig {
    /// The hall to copy and run (it is never written to).
    pub hall: PathBuf,
    /// Where the copy goes; a temporary folder, deleted afterwards, if `None`.
    pub dir: Option<PathBuf>,
    pub days: u32,
    /// Visits per opening day, drawn evenly from this range.
    pub visits_per_day: std::ops::RangeInclusive<u32>,
    /// Touches per visit after the first tap, drawn evenly from this range.
    pub touches_per_visit: std::ops::RangeInclusive<u32>,
    /// Instead of the hall's `retention_days`, to see pruning at work within the run.
    pub retention_days: Option<u32>,
    pub seed: u64,
}

/// What the soak found, printed and, with `--report`, written as JSON.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SoakReport {
    pub days: u32,
    pub visits: u64,
    pub touches: u64,
    pub frames: u64,
    pub reloads: u64,
    pub idle_resets: u64,
    pub restarts: u64,
    pub retention_days: u32,
    /// Frames drawn on each screen.
    pub screens: BTreeMap<String, u64>,
    pub months: Vec<MonthFigures>,
    /// Wall-clock seconds the soak took.
    pub seconds: f64,
    pub failures: Vec<String>,
}

/// The figures at the end of a simulated month (or of the last day).
#[derive(Clone, Debug, Default, Serialize)]
pub struct MonthFigures {
    pub day: u32,
    pub visits: u64,
    pub resident_mb: f64,
    /// The statistics database with its write-ahead log and shared-memory file.
    pub database_bytes: u64,
    pub database_events: i64,
    pub log_bytes: u64,
    pub log_files: usize,
    pub open_files: usize,
    pub threads: usize,
}

impl SoakReport {
    /// The report for people: one line a month.
    pub fn table(&self) -> String {
        let mut text = format!(
            "{} days, {} visits, {} touches, {} frames, {} reloads, {} idle resets, {} restarts, \
             retention {} days, {:.0} s\n\n",
            self.days,
            self.visits,
            self.touches,
            self.frames,
            self.reloads,
            self.idle_resets,
            self.restarts,
            self.retention_days,
            self.seconds
        );
        text.push_str(
            "| day | visits | resident MB | database KB | events | logs KB | log files | open files | threads |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
        );
        for m in &self.months {
            text.push_str(&format!(
                "| {} | {} | {:.0} | {} | {} | {} | {} | {} | {} |\n",
                m.day,
                m.visits,
                m.resident_mb,
                m.database_bytes / 1024,
                m.database_events,
                m.log_bytes / 1024,
                m.log_files,
                m.open_files,
                m.threads
            ));
        }
        let screens: Vec<String> = self
            .screens
            .iter()
            .map(|(screen, frames)| format!("{screen} {frames}"))
            .collect();
        text.push_str(&format!("\nframes by screen: {}\n", screens.join(", ")));
        if self.failures.is_empty() {
            text.push_str("no failures\n");
        } else {
            text.push_str(&format!("{} failures:\n", self.failures.len()));
            for failure in &self.failures {
                text.push_str(&format!("  {failure}\n"));
            }
        }
        text
    }
}

/// A visitor's touch, chosen from what the screen offers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Touch {
    Tap(Pos2),
    Swipe {
        from: Pos2,
        to: Pos2,
    },
    /// A pinch, by this factor.
    Zoom(f32),
}

/// A random touch on the targets of the last frame: mostly taps, some swipes on pages
/// that turn, some pinches. `None` if the screen offers nothing.
pub fn random_touch(targets: &[Target], rng: &mut fastrand::Rng) -> Option<Touch> {
    let roll = rng.u32(0..100);
    if roll < 10
        && let Some(page) = targets.iter().find(|t| t.kind == TargetKind::Swipe)
    {
        let y = page.rect.center().y;
        let (left, right) = (page.rect.min.x + 20.0, page.rect.max.x - 20.0);
        return Some(if rng.bool() {
            Touch::Swipe {
                from: pos2(right, y),
                to: pos2(left, y),
            }
        } else {
            Touch::Swipe {
                from: pos2(left, y),
                to: pos2(right, y),
            }
        });
    }
    if roll < 14 {
        return Some(Touch::Zoom(0.5 + rng.f32() * 2.5));
    }
    // Texts to read do nothing when touched.
    let touchable: Vec<&Target> = targets
        .iter()
        .filter(|t| t.kind != TargetKind::Read)
        .collect();
    if touchable.is_empty() {
        return None;
    }
    let target = touchable.get(rng.usize(0..touchable.len()))?;
    Some(Touch::Tap(target.rect.center()))
}

impl Touch {
    /// The input events of the touch, as two frames: the finger down, then up.
    pub fn events(self) -> [Vec<egui::Event>; 2] {
        let button = |pos, pressed| egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        };
        match self {
            Self::Tap(at) => [
                vec![egui::Event::PointerMoved(at), button(at, true)],
                vec![button(at, false)],
            ],
            Self::Swipe { from, to } => [
                vec![egui::Event::PointerMoved(from), button(from, true)],
                vec![egui::Event::PointerMoved(to), button(to, false)],
            ],
            Self::Zoom(factor) => [vec![egui::Event::Zoom(factor)], vec![]],
        }
    }
}

/// Runs the soak; the report says what was found, failures included.
pub fn run(config: &SoakConfig) -> anyhow::Result<SoakReport> {
    let temporary;
    let dir = match &config.dir {
        Some(dir) => dir.clone(),
        None => {
            temporary = tempfile::tempdir().context("cannot make a folder for the soak")?;
            temporary.path().to_path_buf()
        }
    };
    let hall = dir.join("hall");
    if hall.exists() {
        anyhow::bail!(
            "{} exists: give a folder without a hall in it",
            hall.display()
        );
    }
    copy_hall(&config.hall, &hall)?;
    let exhibit_file = first_exhibit_file(&hall.join("exhibits"))?;
    let exhibit_text = std::fs::read_to_string(&exhibit_file)
        .with_context(|| format!("cannot read {}", exhibit_file.display()))?;
    // What the curator's files hold wrong before any edit (a good edit keeps it so).
    let as_copied = crate::content::load_hall(&hall, LoadOptions::default())
        .with_context(|| format!("the hall in {} does not load", config.hall.display()))?;
    let errors_as_copied = as_copied.diagnostics.error_count();
    let exhibits_as_copied = as_copied.hall.exhibits.len();
    let clock = ManualClock::default();
    let logs = hall.join("data/logs");
    let subscriber = crate::logging::files_only(&logs, Arc::new(clock.clone()))
        .with_context(|| format!("cannot write logs in {}", logs.display()))?;
    let mut soak = Soak {
        config: config.clone(),
        hall,
        exhibit_file,
        exhibit_text,
        errors_as_copied,
        exhibits_as_copied,
        clock,
        rng: fastrand::Rng::with_seed(config.seed),
        report: SoakReport::default(),
    };
    let started = Instant::now();
    tracing::subscriber::with_default(subscriber, || soak.days())?;
    soak.report.seconds = started.elapsed().as_secs_f64();
    Ok(soak.report)
}

struct Soak {
    config: SoakConfig,
    /// The soak's copy of the hall.
    hall: PathBuf,
    /// The exhibit file the curator edits, and its text as copied.
    exhibit_file: PathBuf,
    exhibit_text: String,
    errors_as_copied: usize,
    exhibits_as_copied: usize,
    clock: ManualClock,
    rng: fastrand::Rng,
    report: SoakReport,
}

impl Soak {
    fn days(&mut self) -> anyhow::Result<()> {
        let opening = self.clock.now();
        for day in 0..self.config.days {
            // Each day opens at the same hour, the kiosk started afresh.
            let opens = opening + Duration::from_secs(86_400) * day;
            if let Some(wait) = opens.checked_sub(self.clock.now()) {
                self.clock.advance(wait);
            }
            self.day(day)?;
            self.report.days = day + 1;
        }
        Ok(())
    }

    /// One opening day: start, visitors, a curator's edit half-way, and the figures at
    /// the end of a month before the kiosk is switched off for the night.
    fn day(&mut self, day: u32) -> anyhow::Result<()> {
        let mut loaded = load_hall(&self.hall, LoadOptions::default())
            .with_context(|| format!("day {day}: the hall does not load"))?;
        if let Some(days) = self.config.retention_days {
            loaded.hall.config.analytics.retention_days = days;
        }
        self.report.retention_days = loaded.hall.config.analytics.retention_days;
        let ctx = egui::Context::default();
        let mut kiosk = Running {
            app: KioskApp::new(
                &ctx,
                loaded,
                Options {
                    statistics: true,
                    // The hall's own fonts, as in the kiosk.
                    ..Options::headless(Arc::new(self.clock.clone()), None, 1)
                },
            ),
            ctx,
        };
        self.report.restarts += 1;
        let visits = self.rng.u32(self.config.visits_per_day.clone());
        for visit in 0..visits {
            if visit == visits / 2 {
                self.curator_edits(&mut kiosk, day)?;
            }
            self.visit(&mut kiosk, day);
        }
        let last = day + 1 == self.config.days;
        if (day + 1).is_multiple_of(MONTH_DAYS) || last {
            // What waits for the writer is in the database before it is measured.
            kiosk.app.flush_statistics();
            let figures = self.figures(day + 1);
            // For whoever watches a long run: the month's line as it comes.
            eprintln!(
                "soak: day {}: {} visits, {:.0} MB resident, database {} KB ({} events), logs {} KB in {} files, {} open files, {} threads",
                figures.day,
                figures.visits,
                figures.resident_mb,
                figures.database_bytes / 1024,
                figures.database_events,
                figures.log_bytes / 1024,
                figures.log_files,
                figures.open_files,
                figures.threads
            );
            self.report.months.push(figures);
        }
        Ok(())
    }

    /// A visitor: a tap on the attract screen, a few touches on whatever each screen
    /// offers, then walking away until the kiosk resets itself.
    fn visit(&mut self, kiosk: &mut Running, day: u32) {
        self.report.visits += 1;
        self.frame(kiosk, vec![]);
        self.touch(kiosk, Touch::Tap(pos2(SCREEN.x / 2.0, SCREEN.y / 2.0)));
        for _ in 0..self.rng.u32(self.config.touches_per_visit.clone()) {
            self.clock
                .advance(Duration::from_millis(self.rng.u64(800..8_000)));
            self.frame(kiosk, vec![]);
            if let Some(touch) = random_touch(kiosk.app.targets(), &mut self.rng) {
                self.touch(kiosk, touch);
            }
        }
        let walked_away = self.clock.now();
        while kiosk.app.visit().screen != Screen::Attract {
            if self.clock.now().saturating_sub(walked_away) > LONGEST_WALK_AWAY {
                let screen = kiosk.app.visit().screen.name();
                self.fail(format!(
                    "day {day}: no idle reset in {} minutes on the {screen} screen",
                    LONGEST_WALK_AWAY.as_secs() / 60
                ));
                break;
            }
            self.clock.advance(WALK_AWAY_STEP);
            self.frame(kiosk, vec![]);
        }
        self.report.idle_resets += 1;
    }

    fn touch(&mut self, kiosk: &mut Running, touch: Touch) {
        self.report.touches += 1;
        let [down, up] = touch.events();
        self.frame(kiosk, down);
        self.clock.advance(Duration::from_millis(120));
        self.frame(kiosk, up);
    }

    fn frame(&mut self, kiosk: &mut Running, events: Vec<egui::Event>) {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(Pos2::ZERO, SCREEN)),
            time: Some(self.clock.now().as_secs_f64()),
            events,
            ..Default::default()
        };
        let app = &mut kiosk.app;
        // Headless: no renderer takes the textures.
        kiosk
            .ctx
            .run_ui(input, |ui| app.run_frame(ui))
            .textures_delta
            .clear();
        self.report.frames += 1;
        *self
            .report
            .screens
            .entry(kiosk.app.visit().screen.name().to_owned())
            .or_default() += 1;
    }

    /// A curator's edit of an exhibit file, reloaded as staff's Reload does: each
    /// week a broken one (the kiosk must keep the good version), mended the next day.
    fn curator_edits(&mut self, kiosk: &mut Running, day: u32) -> anyhow::Result<()> {
        let broken = (day + 1).is_multiple_of(7);
        let mut edited = format!("{}\n// soak: edited on day {day}\n", self.exhibit_text);
        if broken {
            edited.push_str("// soak: broken on purpose\n(\n");
        }
        std::fs::write(&self.exhibit_file, edited)
            .with_context(|| format!("cannot write {}", self.exhibit_file.display()))?;
        kiosk.app.reload_now();
        self.report.reloads += 1;
        let note = kiosk.app.reload_note().unwrap_or_default().to_owned();
        if !note.starts_with("已载入") {
            self.fail(format!("day {day}: the reload said {note:?}"));
        }
        // A broken file keeps its last good version; a mended one is back. (The day
        // after a broken edit, the kiosk started without that exhibit: a fresh start
        // has no last good version to keep.)
        let exhibits = kiosk.app.hall().exhibits.len();
        if exhibits != self.exhibits_as_copied {
            self.fail(format!(
                "day {day}: {exhibits} exhibits after the reload, {} in the hall as copied",
                self.exhibits_as_copied
            ));
        }
        if broken != (kiosk.app.diagnostics().error_count() > self.errors_as_copied) {
            self.fail(format!(
                "day {day}: a {} edit, and the reload {} errors",
                if broken { "broken" } else { "good" },
                if broken { "found no" } else { "found" }
            ));
        }
        Ok(())
    }

    fn figures(&self, day: u32) -> MonthFigures {
        let database = self.hall.join("data/visits.sqlite");
        let database_bytes = ["", "-wal", "-shm"]
            .iter()
            .map(|suffix| {
                let mut name = database.as_os_str().to_owned();
                name.push(suffix);
                file_bytes(Path::new(&name))
            })
            .sum();
        let database_events = crate::analytics::Store::open(&database)
            .and_then(|store| store.count())
            .unwrap_or(-1);
        let logs: Vec<u64> = std::fs::read_dir(self.hall.join("data/logs"))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|entry| file_bytes(&entry.path()))
            .collect();
        MonthFigures {
            day,
            visits: self.report.visits,
            resident_mb: crate::memory::resident_mb(),
            database_bytes,
            database_events,
            log_bytes: logs.iter().sum(),
            log_files: logs.len(),
            open_files: entries("/proc/self/fd"),
            threads: entries("/proc/self/task"),
        }
    }

    fn fail(&mut self, failure: String) {
        tracing::warn!("soak: {failure}");
        // A defect met every day is one defect: the first hundred say enough.
        if self.report.failures.len() < 100 {
            self.report.failures.push(failure);
        }
    }
}

/// The kiosk of one day, with its egui context.
struct Running {
    app: KioskApp,
    ctx: egui::Context,
}

/// The first exhibit file by name: the one the curator edits.
fn first_exhibit_file(exhibits: &Path) -> anyhow::Result<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(exhibits)
        .with_context(|| format!("cannot list {}", exhibits.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    files.sort();
    files
        .into_iter()
        .next()
        .with_context(|| format!("no exhibit files in {}", exhibits.display()))
}

/// Copies the hall's settings, exhibits and media; not its data (statistics, logs).
/// `kiosk init` uses it too.
pub fn copy_hall(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot make {}", to.display()))?;
    let from_config = from.join("kiosk.ron");
    std::fs::copy(&from_config, to.join("kiosk.ron"))
        .with_context(|| format!("cannot copy {}", from_config.display()))?;
    for folder in ["exhibits", "media"] {
        copy_tree(&from.join(folder), &to.join(folder))?;
    }
    Ok(())
}

/// Copies the folder `from` into `to`, recursively (the tests copy their fixture
/// halls with it too).
pub fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot make {}", to.display()))?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))?
    {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn file_bytes(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn entries(dir: &str) -> usize {
    std::fs::read_dir(dir).map_or(0, Iterator::count)
}
