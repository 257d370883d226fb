//! The autopilot: drives the real kiosk through its own input events, as thousands
//! of visitors would — one ordered pass over every exhibit, panel, photo, narration,
//! quiz and the map, then seeded random touches — and measures it while it runs.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use eframe::egui::{self, Pos2, pos2, vec2};
use serde::Serialize;

use crate::content::{Hall, Level};
use crate::ui::widgets::{Target, TargetKind};

/// How the autopilot runs.
#[derive(Clone, Debug)]
pub struct AutopilotConfig {
    pub seed: u64,
    /// How long to run in all (the ordered pass, then random touches); the run ends
    /// then even mid-pass. `None` with `pass_only`: as long as the passes take.
    pub duration: Option<Duration>,
    /// Only ordered passes over all content (this many), then stop.
    pub pass_only: bool,
    pub passes: usize,
    pub report: Option<PathBuf>,
}

/// A step of the drive.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// Tap the first target whose label is one of these.
    Tap(Vec<String>),
    /// Tap an exhibit's home tile (labelled by its title), this many tiles down the
    /// home screen: scrolled to in the right direction however far it is.
    TapTile(Vec<String>, usize),
    /// Tap an exhibit's stop on the home screen's timeline (labelled by year and title),
    /// `rank` stops along: scrolled to in the right direction. Not found, the exhibit is
    /// reached by its tile instead, as `TapTile(tile, tile_rank)`.
    TapStop {
        stop: Vec<String>,
        rank: usize,
        tile: Vec<String>,
        tile_rank: usize,
    },
    /// Tap the `n`th target whose label starts with one of these.
    TapPrefix(Vec<String>, usize),
    /// Tap a target if there is one; go on either way.
    TapIfAny(Vec<String>),
    /// Tap a quiz answer: this many choices down, counted round the choices shown.
    Answer(usize),
    /// Tap the seek bar at this fraction.
    Seek(f32),
    SwipeLeft,
    Zoom,
    Pan,
    Wait(Duration),
    /// Wait without touching until the kiosk resets itself.
    IdleReset(Duration),
    /// The ordered pass reaches this exhibit (for the progress lines in the log).
    Exhibit(usize),
    /// The quiz, map and idle reset after the exhibits. Like `Exhibit`, where the pass
    /// goes on when an exhibit could not be reached.
    Section,
    /// The ordered pass is complete (memory is sampled here).
    PassDone,
}

/// What the autopilot found, printed and written at the end.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub seed: u64,
    pub seconds: f64,
    pub frames: u64,
    pub touches: u64,
    /// Layout of the kiosk's frame (egui `ui` pass), milliseconds.
    pub ui_ms: Percentiles,
    /// Wall-clock time between frames while drawing continuously, milliseconds.
    pub frame_interval_ms: Percentiles,
    pub longest_frame_ms: f64,
    pub longest_frame_screen: String,
    /// When the longest frame came, in seconds from the start: to set it beside the
    /// log and whatever else the machine was doing then.
    pub longest_frame_at_s: f64,
    /// Frames whose interval was over the limit (after warm-up).
    pub frames_over_limit: usize,
    pub rss_mb: Memory,
    pub image_cache_textures: usize,
    pub image_cache_mb: f64,
    /// egui's glyph atlas: its size in pixels, and its bytes (RGBA).
    pub font_atlas: [usize; 2],
    pub font_atlas_mb: f64,
    pub narration_starts: u64,
    pub steps_not_found: u64,
    /// Ordered passes over all content completed.
    pub ordered_passes_done: usize,
    pub passed: bool,
    pub failures: Vec<String>,
}

/// The median, 99th percentile and maximum of a set of samples (milliseconds, for the
/// autopilot's report and the bench); all zero when there are none.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Percentiles {
    pub median: f64,
    pub p99: f64,
    pub max: f64,
}

impl Percentiles {
    pub fn of(values: &[f64]) -> Self {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let at = |q: f64| {
            sorted
                .get((sorted.len().saturating_sub(1) as f64 * q).round() as usize)
                .copied()
                .unwrap_or(0.0)
        };
        Self {
            median: at(0.5),
            p99: at(0.99),
            max: at(1.0),
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Memory {
    pub start: f64,
    pub peak: f64,
    /// When the peak was sampled, in minutes from the start, and where the drive was
    /// then ("in ordered pass 1 at exhibit 52 of 300, photo viewer").
    pub peak_at_minutes: f64,
    pub peak_during: String,
    pub end_of_first_pass: f64,
    /// At the end of each ordered pass.
    pub after_passes: Vec<f64>,
    /// `[minutes, MB]` every few minutes, to see the whole run's course.
    pub every_few_minutes: Vec<[f64; 2]>,
    pub end: f64,
}

/// Frames slower than this after warm-up fail the run.
const FRAME_LIMIT_MS: f64 = 250.0;
/// Memory may grow this much between the end of the first pass and the end.
const MEMORY_GROWTH: f64 = 0.10;
const WARM_UP: Duration = Duration::from_secs(5);
/// How often memory and progress go to the log and the report's course of memory.
const PROGRESS_EVERY: Duration = Duration::from_secs(300);
/// Drags tried while looking for a label that may be scrolled out of sight.
const SEARCH_DRAGS: u32 = 20;
/// …and for an exhibit's tile or timeline stop, whose direction is known: a whole
/// long home screen.
const TILE_DRAGS: u32 = 200;

/// The home screen's two ways to an exhibit, each scrolled through to find it.
#[derive(Clone, Copy)]
enum Row {
    /// The tiles, scrolled up and down.
    Tiles,
    /// The timeline, scrolled sideways.
    Timeline,
}

/// What one look along a row came to.
enum Sought {
    Tapped,
    Scrolled,
    Missing,
}

pub struct Autopilot {
    config: AutopilotConfig,
    rng: fastrand::Rng,
    steps: VecDeque<Step>,
    /// Events to inject at the coming frames, one batch per frame.
    pending: VecDeque<Vec<egui::Event>>,
    busy_until: Instant,
    started: Instant,
    first_pass_done: bool,
    last_frame: Option<Instant>,
    last_rss: Instant,
    last_progress: Instant,
    /// Where the ordered pass is: exhibit index, and the hall's count.
    exhibit: (usize, usize),
    /// Past the exhibits, in the quiz, map and idle reset.
    after_exhibits: bool,
    /// The first step that found nothing, and where in the run.
    first_not_found: Option<(String, String)>,
    ui_ms: Vec<f64>,
    intervals: Vec<f64>,
    rss: Memory,
    report: Report,
    finished: bool,
    idle_timeout: Duration,
    /// Scrolls tried while looking for the current target.
    scrolls: u32,
    /// Each exhibit title's place among the home screen's tiles.
    tile_rank: HashMap<String, usize>,
    /// Each timeline stop's place along the timeline, by its label.
    stop_rank: HashMap<String, usize>,
    /// Set by Ctrl-C or SIGTERM: the run ends at the next frame and writes its report.
    interrupt: Arc<AtomicBool>,
    interrupted: bool,
}

impl Autopilot {
    pub fn new(config: AutopilotConfig, hall: &Hall) -> Self {
        let now = Instant::now();
        let start_rss = crate::memory::resident_mb();
        Self {
            rng: fastrand::Rng::with_seed(config.seed),
            steps: (0..config.passes.max(1))
                .flat_map(|_| ordered_pass(hall))
                .collect(),
            pending: VecDeque::new(),
            busy_until: now,
            started: now,
            first_pass_done: false,
            last_frame: None,
            last_rss: now,
            last_progress: now,
            exhibit: (0, hall.exhibits.len()),
            after_exhibits: false,
            first_not_found: None,
            ui_ms: Vec::new(),
            intervals: Vec::new(),
            rss: Memory {
                start: start_rss,
                peak: start_rss,
                ..Memory::default()
            },
            report: Report {
                seed: config.seed,
                ..Report::default()
            },
            finished: false,
            scrolls: 0,
            tile_rank: hall
                .home_order()
                .iter()
                .enumerate()
                .flat_map(|(rank, e)| e.title.0.values().map(move |t| (t.clone(), rank)))
                .collect(),
            stop_rank: hall
                .timeline()
                .into_iter()
                .enumerate()
                .flat_map(|(rank, (year, e))| {
                    e.title
                        .0
                        .values()
                        .map(move |t| (format!("{year} {t}"), rank))
                })
                .collect(),
            interrupt: Arc::default(),
            interrupted: false,
            idle_timeout: hall.config.idle_timeout() + Duration::from_secs(2),
            config,
        }
    }

    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Records one frame's layout time and the screen it showed.
    pub fn frame_done(&mut self, ui_time: Duration, screen: &str) {
        let now = Instant::now();
        self.report.frames += 1;
        let warm = now.duration_since(self.started) > WARM_UP;
        self.ui_ms.push(ui_time.as_secs_f64() * 1000.0);
        if let Some(last) = self.last_frame {
            let interval = now.duration_since(last).as_secs_f64() * 1000.0;
            // Idle waits draw nothing on purpose: only frames while the drive is busy count.
            if warm && now < self.busy_until + Duration::from_millis(100) {
                self.intervals.push(interval);
                if interval > self.report.longest_frame_ms {
                    self.report.longest_frame_ms = interval;
                    self.report.longest_frame_screen = screen.to_owned();
                    self.report.longest_frame_at_s = now.duration_since(self.started).as_secs_f64();
                }
            }
        }
        self.last_frame = Some(now);
        if now.duration_since(self.last_rss) > Duration::from_secs(2) {
            self.last_rss = now;
            let rss = crate::memory::resident_mb();
            self.note_rss(rss, now, screen);
            self.rss.end = rss;
        }
        if now.duration_since(self.last_progress) >= PROGRESS_EVERY {
            self.last_progress = now;
            let minutes = now.duration_since(self.started).as_secs_f64() / 60.0;
            let rss = crate::memory::resident_mb();
            self.rss
                .every_few_minutes
                .push([minutes.round(), rss.round()]);
            let (exhibit, of) = self.exhibit;
            let pass = if self.steps.is_empty() {
                "random touches".to_owned()
            } else {
                format!("ordered pass at exhibit {} of {of}", exhibit + 1)
            };
            tracing::info!(
                "autopilot: {minutes:.0} min, {pass}, {} frames, {} steps found nothing, {rss:.0} MB resident",
                self.report.frames,
                self.report.steps_not_found
            );
        }
    }

    /// Lets Ctrl-C (or SIGTERM) end the run with its report, not lose it.
    pub fn stop_on_interrupt(&self, ctx: &egui::Context) {
        let ctx = ctx.clone();
        let interrupt = Arc::clone(&self.interrupt);
        let handler = move || {
            interrupt.store(true, Ordering::Relaxed);
            ctx.request_repaint();
        };
        if let Err(err) = ctrlc::set_handler(handler) {
            tracing::warn!("autopilot: an interrupted run will not write its report ({err})");
        }
    }

    /// Chooses this frame's input events from the targets the last frame drew.
    pub fn drive(&mut self, targets: &[Target], screen_size: egui::Vec2, raw: &mut egui::RawInput) {
        if let Some(batch) = self.pending.pop_front() {
            raw.events.extend(batch);
            return;
        }
        let now = Instant::now();
        if now < self.busy_until || self.finished {
            return;
        }
        let elapsed = now.duration_since(self.started);
        if self.interrupt.load(Ordering::Relaxed) {
            self.interrupted = true;
            self.finish();
            return;
        }
        if self.config.duration.is_some_and(|d| elapsed >= d) {
            self.finish();
            return;
        }
        let Some(step) = self.steps.pop_front() else {
            if self.config.pass_only {
                self.finish();
            } else {
                self.random_step(targets, screen_size);
            }
            return;
        };
        self.run_step(step, targets, screen_size);
    }

    fn run_step(&mut self, step: Step, targets: &[Target], screen: egui::Vec2) {
        let now = Instant::now();
        let settle = Duration::from_millis(350);
        match step {
            Step::Tap(labels) => match find(targets, |t| labels.contains(&t.label)) {
                Some(target) => {
                    self.scrolls = 0;
                    self.tap(target.rect.center(), settle);
                }
                // Out of sight: scroll the list (then the timeline) as a visitor would.
                None if self.scrolls < SEARCH_DRAGS => {
                    self.scrolls += 1;
                    self.search_drag(screen);
                    self.steps.push_front(Step::Tap(labels));
                }
                None => {
                    self.scrolls = 0;
                    self.not_found(&labels);
                }
            },
            Step::TapTile(labels, rank) => {
                match self.seek(Row::Tiles, &labels, rank, targets, screen, settle) {
                    Sought::Tapped => {}
                    Sought::Scrolled => self.steps.push_front(Step::TapTile(labels, rank)),
                    Sought::Missing => {
                        self.not_found(&labels);
                        // Whatever was to be done in that exhibit cannot be: on to the next.
                        while self
                            .steps
                            .front()
                            .is_some_and(|s| !matches!(s, Step::Exhibit(_) | Step::Section))
                        {
                            self.steps.pop_front();
                        }
                    }
                }
            }
            Step::TapStop {
                stop,
                rank,
                tile,
                tile_rank,
            } => match self.seek(Row::Timeline, &stop, rank, targets, screen, settle) {
                Sought::Tapped => {}
                Sought::Scrolled => self.steps.push_front(Step::TapStop {
                    stop,
                    rank,
                    tile,
                    tile_rank,
                }),
                Sought::Missing => {
                    self.not_found(&stop);
                    // Still the exhibit is visited, and what is planned in it done.
                    self.steps.push_front(Step::TapTile(tile, tile_rank));
                }
            },
            Step::TapIfAny(labels) => {
                if let Some(target) = find(targets, |t| labels.contains(&t.label)) {
                    self.tap(target.rect.center(), settle);
                }
            }
            Step::TapPrefix(prefixes, n) => {
                let matching: Vec<&Target> = targets
                    .iter()
                    .filter(|t| {
                        t.kind == TargetKind::Tap
                            && prefixes.iter().any(|p| t.label.starts_with(p.as_str()))
                    })
                    .collect();
                match matching.get(n) {
                    Some(target) => self.tap(target.rect.center(), Duration::from_millis(600)),
                    None => self.not_found(&prefixes),
                }
            }
            Step::Answer(n) => {
                let choices: Vec<&Target> = targets
                    .iter()
                    .filter(|t| {
                        t.kind == TargetKind::Tap
                            && ANSWER_LETTERS
                                .iter()
                                .any(|letter| t.label.starts_with(&format!("{letter} ")))
                    })
                    .collect();
                // An order question is answered by checking its cards as they lie.
                let check = find(targets, |t| ORDER_CHECK.contains(&t.label.as_str()));
                match (choices.get(n % choices.len().max(1)), check) {
                    (Some(choice), _) => self.tap(choice.rect.center(), Duration::from_millis(600)),
                    (None, Some(check)) => {
                        self.tap(check.rect.center(), Duration::from_millis(600))
                    }
                    (None, None) => self.not_found(&ANSWER_LETTERS.map(str::to_owned)),
                }
            }
            Step::Seek(fraction) => {
                if let Some(bar) = find(targets, |t| t.label == "seek") {
                    let at = pos2(
                        bar.rect.min.x + bar.rect.width() * fraction,
                        bar.rect.center().y,
                    );
                    self.tap(at, settle);
                }
            }
            Step::SwipeLeft => {
                if let Some(page) = find(targets, |t| t.kind == TargetKind::Swipe) {
                    let y = page.rect.min.y + page.rect.height() * 0.3;
                    self.drag(
                        pos2(page.rect.max.x - 40.0, y),
                        pos2(page.rect.min.x + page.rect.width() * 0.3, y),
                    );
                }
            }
            Step::Zoom => {
                if let Some(view) = find(targets, |t| t.kind == TargetKind::Zoom) {
                    let centre = view.rect.center();
                    self.pending
                        .push_back(vec![egui::Event::PointerMoved(centre)]);
                    for _ in 0..6 {
                        self.pending.push_back(vec![egui::Event::Zoom(1.18)]);
                    }
                    self.busy_until = now + Duration::from_millis(700);
                }
            }
            Step::Pan => {
                if let Some(view) = find(targets, |t| t.kind == TargetKind::Zoom) {
                    let c = view.rect.center();
                    self.drag(c, c + vec2(-screen.x * 0.15, -screen.y * 0.1));
                }
            }
            Step::Wait(duration) => self.busy_until = now + duration,
            Step::Exhibit(n) => {
                self.exhibit.0 = n;
                self.after_exhibits = false;
            }
            Step::Section => self.after_exhibits = true,
            Step::IdleReset(duration) => {
                self.busy_until = now + duration;
                self.pending.push_back(vec![egui::Event::PointerGone]);
            }
            Step::PassDone => {
                let rss = crate::memory::resident_mb();
                if !self.first_pass_done {
                    self.rss.end_of_first_pass = rss;
                }
                self.first_pass_done = true;
                self.rss.after_passes.push(rss);
                self.note_rss(rss, now, "the end of the pass");
                tracing::info!("autopilot: ordered pass done, {rss:.0} MB resident");
            }
        }
    }

    /// A seeded random visitor touch among the targets on screen.
    fn random_step(&mut self, targets: &[Target], screen: egui::Vec2) {
        let roll = self.rng.u32(0..1000);
        if roll < 3 {
            // Now and then, a visitor walks away.
            self.run_step(Step::IdleReset(self.idle_timeout), targets, screen);
            return;
        }
        if roll < 60 {
            self.run_step(Step::SwipeLeft, targets, screen);
            return;
        }
        if roll < 90 {
            self.run_step(Step::Zoom, targets, screen);
            return;
        }
        let taps: Vec<&Target> = targets
            .iter()
            .filter(|t| t.kind == TargetKind::Tap)
            .collect();
        if taps.is_empty() {
            self.tap(
                pos2(screen.x / 2.0, screen.y / 2.0),
                Duration::from_millis(300),
            );
            return;
        }
        let target = taps[self.rng.usize(0..taps.len())];
        let wait = Duration::from_millis(self.rng.u64(120..900));
        let at =
            target.rect.center() + vec2(self.rng.f32() * 6.0 - 3.0, self.rng.f32() * 6.0 - 3.0);
        self.tap(at, wait);
    }

    /// Taps the item of `row` labelled one of `labels` if it is in sight; else scrolls
    /// towards its `rank`, as far as the items in sight tell, for up to `TILE_DRAGS`.
    fn seek(
        &mut self,
        row: Row,
        labels: &[String],
        rank: usize,
        targets: &[Target],
        screen: egui::Vec2,
        settle: Duration,
    ) -> Sought {
        if let Some(target) = find(targets, |t| labels.contains(&t.label)) {
            self.scrolls = 0;
            self.tap(target.rect.center(), settle);
            return Sought::Tapped;
        }
        if self.scrolls >= TILE_DRAGS {
            self.scrolls = 0;
            return Sought::Missing;
        }
        self.scrolls += 1;
        let ranks = match row {
            Row::Tiles => &self.tile_rank,
            Row::Timeline => &self.stop_rank,
        };
        let (first, last) = targets
            .iter()
            .filter(|t| t.kind != TargetKind::Read)
            .filter_map(|t| ranks.get(&t.label).copied())
            .fold((usize::MAX, 0), |(lo, hi), r| (lo.min(r), hi.max(r)));
        let onwards = if first == usize::MAX || self.scrolls > TILE_DRAGS / 2 {
            None
        } else if rank > last {
            Some(true)
        } else if rank < first {
            Some(false)
        } else {
            None
        };
        match (row, onwards) {
            (Row::Tiles, Some(onwards)) => self.scroll_list(screen, onwards),
            (Row::Timeline, Some(onwards)) => self.scroll_timeline(screen, onwards),
            // Nothing in sight tells the way (or it has been missed): search.
            (_, None) => self.search_drag(screen),
        }
        Sought::Scrolled
    }

    /// One drag of the search for something out of sight: the list down, then up, then
    /// the timeline one way and the other.
    fn search_drag(&mut self, screen: egui::Vec2) {
        match self.scrolls % SEARCH_DRAGS {
            1..=4 => self.scroll_list(screen, true),
            5..=12 => self.scroll_list(screen, false),
            13..=16 => self.scroll_timeline(screen, true),
            _ => self.scroll_timeline(screen, false),
        }
    }

    /// Drags the timeline half the screen's width: `onwards` brings later years into sight.
    fn scroll_timeline(&mut self, screen: egui::Vec2, onwards: bool) {
        let y = screen.y - 50.0;
        let (left, right) = (pos2(screen.x * 0.35, y), pos2(screen.x * 0.85, y));
        if onwards {
            self.drag(right, left);
        } else {
            self.drag(left, right);
        }
    }

    /// Drags the list a third of the screen: `onwards` brings later items into sight.
    fn scroll_list(&mut self, screen: egui::Vec2, onwards: bool) {
        let (lower, upper) = (
            pos2(screen.x * 0.5, screen.y * 0.72),
            pos2(screen.x * 0.5, screen.y * 0.42),
        );
        if onwards {
            self.drag(lower, upper);
        } else {
            self.drag(upper, lower);
        }
    }

    fn tap(&mut self, at: Pos2, settle: Duration) {
        self.report.touches += 1;
        let press = |pressed| egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        };
        self.pending
            .push_back(vec![egui::Event::PointerMoved(at), press(true)]);
        self.pending.push_back(vec![press(false)]);
        self.pending.push_back(vec![egui::Event::PointerGone]);
        self.busy_until = Instant::now() + settle;
    }

    fn drag(&mut self, from: Pos2, to: Pos2) {
        self.report.touches += 1;
        let button = |pos, pressed| egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        };
        self.pending
            .push_back(vec![egui::Event::PointerMoved(from), button(from, true)]);
        for i in 1..=8 {
            let t = i as f32 / 8.0;
            self.pending
                .push_back(vec![egui::Event::PointerMoved(from + (to - from) * t)]);
        }
        self.pending.push_back(vec![button(to, false)]);
        self.pending.push_back(vec![egui::Event::PointerGone]);
        self.busy_until = Instant::now() + Duration::from_millis(500);
    }

    fn not_found(&mut self, labels: &[String]) {
        self.report.steps_not_found += 1;
        let labels = labels.join(" / ");
        tracing::warn!("autopilot: nothing on screen named {labels}");
        if self.first_not_found.is_none() {
            self.first_not_found = Some((labels, self.place()));
        }
    }

    /// Keeps a resident-memory sample if it is the highest yet, with when and where.
    fn note_rss(&mut self, rss: f64, now: Instant, screen: &str) {
        if rss > self.rss.peak {
            self.rss.peak = rss;
            self.rss.peak_at_minutes = now.duration_since(self.started).as_secs_f64() / 60.0;
            self.rss.peak_during = format!("{}, {screen}", self.place());
        }
    }

    /// Where the ordered pass is, for the report: "in ordered pass 1 at exhibit 3 of 30".
    fn place(&self) -> String {
        let pass = self.rss.after_passes.len() + 1;
        let (exhibit, of) = self.exhibit;
        if self.after_exhibits {
            format!("in ordered pass {pass} after the exhibits")
        } else {
            format!("in ordered pass {pass} at exhibit {} of {of}", exhibit + 1)
        }
    }

    fn finish(&mut self) {
        self.finished = true;
        if !self.first_pass_done {
            self.rss.end_of_first_pass = crate::memory::resident_mb();
        }
    }

    /// The final report; `passed` says whether the run met its limits.
    pub fn report(
        &mut self,
        cache: crate::media::images::CacheStats,
        narration_starts: u64,
        font_atlas: [usize; 2],
    ) -> Report {
        let mut report = self.report.clone();
        report.seconds = self.started.elapsed().as_secs_f64();
        report.ui_ms = Percentiles::of(&self.ui_ms);
        report.frame_interval_ms = Percentiles::of(&self.intervals);
        self.rss.end = crate::memory::resident_mb();
        self.note_rss(self.rss.end, Instant::now(), "the end of the run");
        report.rss_mb = self.rss.clone();
        report.image_cache_textures = cache.textures;
        report.image_cache_mb = cache.bytes as f64 / 1_048_576.0;
        report.narration_starts = narration_starts;
        report.font_atlas = font_atlas;
        report.font_atlas_mb = (font_atlas[0] * font_atlas[1] * 4) as f64 / 1_048_576.0;
        report.frames_over_limit = self
            .intervals
            .iter()
            .filter(|&&ms| ms > FRAME_LIMIT_MS)
            .count();
        if report.longest_frame_ms > FRAME_LIMIT_MS {
            report.failures.push(format!(
                "a frame took {:.0} ms (on the {} screen, {:.0} s into the run; {} frame(s) over \
                 the limit in all); the limit is {FRAME_LIMIT_MS:.0} ms",
                report.longest_frame_ms,
                report.longest_frame_screen,
                report.longest_frame_at_s,
                report.frames_over_limit
            ));
        }
        report.ordered_passes_done = report.rss_mb.after_passes.len();
        let place = self.place();
        // A step the pass planned but could not take leaves part of the hall unvisited.
        if let Some((labels, at)) = &self.first_not_found {
            report.failures.push(format!(
                "a step found nothing on screen named {labels} ({at}; {} step(s) found nothing \
                 in all)",
                report.steps_not_found
            ));
        }
        if self.interrupted {
            report.failures.push(format!(
                "interrupted (Ctrl-C or SIGTERM) after {:.0} s, {}",
                report.seconds,
                if report.ordered_passes_done < self.config.passes.max(1) {
                    place
                } else {
                    "in random touches".to_owned()
                }
            ));
        } else if self.config.pass_only && report.ordered_passes_done < self.config.passes.max(1) {
            report
                .failures
                .push(format!("--duration ended the run {place}"));
        }
        let first = report.rss_mb.end_of_first_pass;
        let repeated = !self.config.pass_only || self.config.passes > 1;
        if repeated && first > 0.0 && report.rss_mb.end > first * (1.0 + MEMORY_GROWTH) {
            report.failures.push(format!(
                "memory grew from {first:.0} MB after the first pass to {:.0} MB",
                report.rss_mb.end
            ));
        }
        report.passed = report.failures.is_empty();
        report
    }

    pub fn report_path(&self) -> Option<&PathBuf> {
        self.config.report.as_ref()
    }
}

/// A target to touch: texts to read (`TargetKind::Read`) are not touched.
fn find(targets: &[Target], predicate: impl Fn(&Target) -> bool) -> Option<&Target> {
    targets
        .iter()
        .find(|t| t.kind != TargetKind::Read && predicate(t))
}

/// An order question's button that answers it, in either language.
const ORDER_CHECK: [&str; 2] = ["排好了，看看对不对", "Check my order"];

/// The quiz screen's answer buttons are labelled by letter and text: "B 1921".
const ANSWER_LETTERS: [&str; 6] = ["A", "B", "C", "D", "E", "F"];

/// The language switch's button for `language`, labelled in its own script.
fn language_button(language: &str) -> Vec<String> {
    vec![crate::ui::widgets::language_name(language)]
}

/// How many questions a round at `level` asks: none when the hall has none for it,
/// fewer than a round's worth when its bank is smaller.
fn round_length(hall: &Hall, level: Level) -> usize {
    let count = hall.config.quiz.questions_per_round.max(1);
    crate::quiz::Round::draw(hall, level, count, 0).map_or(0, |round| round.questions.len())
}

fn both(zh: &str, en: &str) -> Vec<String> {
    vec![zh.to_owned(), en.to_owned()]
}

/// Every exhibit, panel and photo in order, with narration, language switches, a
/// quiz round at each level, the map, and an idle reset: each only where the hall
/// has it, for every step planned is expected to find its target.
fn ordered_pass(hall: &Hall) -> VecDeque<Step> {
    let mut steps = VecDeque::new();
    // In a very large hall every exhibit, panel and photo is still visited, but briskly:
    // every tenth photo zoomed, every tenth exhibit's first narration played, tiles
    // found on the home screen only, no reading back in the other language. A pass
    // over 300 exhibits then takes about an hour and a quarter on a 2-core PC, not four.
    let photos: usize = hall
        .exhibits
        .iter()
        .flat_map(|e| &e.panels)
        .map(|p| p.photos.len())
        .sum();
    let large = photos > 300;
    // Where each exhibit's tile is among the home screen's tiles.
    let home = hall.home_order();
    let mut photo_count = 0usize;
    steps.push_back(Step::Wait(Duration::from_secs(2)));
    steps.push_back(Step::Tap(vec!["点击开始 Touch to begin".to_owned()]));
    let timeline = hall.timeline();
    let languages = &hall.config.languages;
    let language_at = |n: usize| {
        languages
            .get(n % languages.len().max(1))
            .map_or(hall.config.default_language(), String::as_str)
    };
    for (n, exhibit) in hall.exhibits.iter().enumerate() {
        // Alternate the language as visitors do.
        let language = language_at(n);
        let other = language_at(n + 1);
        steps.push_back(Step::Exhibit(n));
        steps.push_back(Step::TapIfAny(language_button(language)));
        // Every other exhibit in large text, so the first pass draws text at every size.
        let large_text = n % 2 == 1;
        if large_text {
            steps.push_back(Step::Tap(both("大字", "Large text")));
        }
        let title = exhibit
            .title
            .get(language, hall.config.default_language())
            .to_owned();
        // Tiles can be scrolled out of sight; the timeline holds dated exhibits too.
        let tile_rank = home.iter().position(|e| e.id == exhibit.id).unwrap_or(0);
        match timeline
            .iter()
            .enumerate()
            .find(|(_, (_, e))| e.id == exhibit.id)
        {
            Some((rank, (year, _))) if n % 3 == 1 && !large => {
                steps.push_back(Step::TapStop {
                    stop: vec![format!("{year} {title}")],
                    rank,
                    tile: vec![title],
                    tile_rank,
                });
            }
            _ => steps.push_back(Step::TapTile(vec![title], tile_rank)),
        }
        for (p, panel) in exhibit.panels.iter().enumerate() {
            for i in 0..panel.photos.len() {
                photo_count += 1;
                steps.push_back(Step::TapPrefix(both("放大查看", "Enlarge"), i));
                if !large {
                    steps.push_back(Step::Wait(Duration::from_millis(300)));
                }
                if !large || photo_count.is_multiple_of(10) {
                    steps.push_back(Step::Zoom);
                    steps.push_back(Step::Wait(Duration::from_millis(500)));
                    steps.push_back(Step::Pan);
                    steps.push_back(Step::Wait(Duration::from_millis(400)));
                }
                steps.push_back(Step::Tap(both("关闭", "Close")));
            }
            if panel.narration.is_some() && (!large || (p == 0 && n % 10 == 0)) {
                steps.push_back(Step::Tap(both("收听讲解", "Listen")));
                steps.push_back(Step::Wait(Duration::from_millis(1200)));
                steps.push_back(Step::Seek(0.6));
                steps.push_back(Step::Wait(Duration::from_millis(800)));
                steps.push_back(Step::TapIfAny(both("暂停讲解", "Pause")));
            }
            if p + 1 < exhibit.panels.len() {
                if p % 2 == 0 {
                    steps.push_back(Step::SwipeLeft);
                } else {
                    steps.push_back(Step::Tap(both("下一页", "Next")));
                }
            }
        }
        // Back through the panels in the other language, as a visitor's companion
        // reads them: every text is drawn in both languages within the first pass.
        if !large && other != language {
            steps.push_back(Step::Tap(language_button(other)));
            for _ in 1..exhibit.panels.len() {
                steps.push_back(Step::Wait(Duration::from_millis(300)));
                steps.push_back(Step::Tap(both("上一页", "Previous")));
            }
        }
        steps.push_back(Step::Tap(both("首页", "Home")));
        if large_text {
            steps.push_back(Step::Tap(both("大字", "Large text")));
        }
    }
    steps.push_back(Step::Section);
    for (level, level_zh, level_en) in [
        (Level::Junior, "小学 8–11 岁", "Junior Ages 8–11"),
        (Level::Senior, "中学 12–15 岁", "Senior Ages 12–15"),
    ] {
        let questions = round_length(hall, level);
        if questions == 0 {
            // The level's card is there but cannot be tapped (or no quiz button at all).
            continue;
        }
        steps.push_back(Step::Tap(both("知识问答", "Quiz")));
        steps.push_back(Step::Tap(both(level_zh, level_en)));
        for q in 0..questions {
            // A, then B, …: some right, some wrong.
            steps.push_back(Step::Answer(q % 3));
            steps.push_back(Step::Wait(Duration::from_millis(500)));
            steps.push_back(Step::TapIfAny(vec![
                "下一题".into(),
                "Next question".into(),
                "看看成绩".into(),
                "See my result".into(),
            ]));
        }
        steps.push_back(Step::Wait(Duration::from_millis(800)));
        steps.push_back(Step::Tap(both("首页", "Home")));
    }
    if let Some(map) = &hall.map {
        steps.push_back(Step::Tap(both("红色地图", "Red map")));
        steps.push_back(Step::Zoom);
        for site in map.sites.iter().take(4) {
            steps.push_back(Step::TapIfAny(vec![
                site.name.get("zh", "zh").to_owned(),
                site.name.get("en", "zh").to_owned(),
            ]));
            steps.push_back(Step::Wait(Duration::from_millis(400)));
        }
        for route in &map.routes {
            steps.push_back(Step::TapIfAny(vec![
                route.title.get("zh", "zh").to_owned(),
                route.title.get("en", "zh").to_owned(),
            ]));
            steps.push_back(Step::Wait(Duration::from_millis(400)));
        }
        steps.push_back(Step::Tap(both("首页", "Home")));
    }
    let idle = hall.config.idle_timeout() + Duration::from_secs(2);
    steps.push_back(Step::IdleReset(idle));
    steps.push_back(Step::PassDone);
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{LoadOptions, load_hall};

    fn generated_hall(exhibits: usize, photos: usize) -> (tempfile::TempDir, Hall) {
        let dir = tempfile::tempdir().unwrap();
        crate::synthetic_hall::generate_hall(dir.path(), exhibits, photos, 1, 1).unwrap();
        let loaded = load_hall(dir.path(), LoadOptions::default()).unwrap();
        (dir, loaded.hall)
    }

    fn count(steps: &VecDeque<Step>, wanted: impl Fn(&Step) -> bool) -> usize {
        steps.iter().filter(|s| wanted(s)).count()
    }

    fn opens_photo(step: &Step) -> bool {
        matches!(step, Step::TapPrefix(labels, _) if labels.iter().any(|l| l == "放大查看"))
    }

    fn taps(label: &'static str) -> impl Fn(&Step) -> bool {
        move |s| matches!(s, Step::Tap(labels) if labels.iter().any(|l| l == label))
    }

    #[test]
    fn a_small_hall_is_read_closely_in_both_languages() {
        let (_dir, hall) = generated_hall(3, 4);
        let steps = ordered_pass(&hall);
        assert_eq!(count(&steps, opens_photo), 12, "every photo is opened");
        assert_eq!(count(&steps, |s| *s == Step::Zoom), 12, "and zoomed");
        assert_eq!(count(&steps, taps("收听讲解")), 6, "every narration");
        assert_eq!(
            count(&steps, taps("上一页")),
            3,
            "read back, panel by panel"
        );
    }

    #[test]
    fn a_large_hall_still_opens_every_photo_but_briskly() {
        let (_dir, hall) = generated_hall(40, 10);
        let steps = ordered_pass(&hall);
        // The hall's exhibits are all reached, and every one of their 400 photos opened.
        assert_eq!(count(&steps, |s| matches!(s, Step::Exhibit(_))), 40);
        assert_eq!(count(&steps, opens_photo), 400);
        assert_eq!(count(&steps, |s| *s == Step::Zoom), 40, "every tenth");
        assert_eq!(
            count(&steps, taps("收听讲解")),
            4,
            "every tenth exhibit's first"
        );
        assert_eq!(count(&steps, taps("上一页")), 0, "no reading back");
    }

    /// A hall of `exhibits`, each of three panels with one, one and two photos, without
    /// narration or quiz questions.
    fn plain_hall(exhibits: usize) -> (tempfile::TempDir, Hall) {
        let dir = tempfile::tempdir().unwrap();
        let shape = crate::synthetic_hall::HallShape {
            photos_per_panel: vec![1, 1, 2],
            narration: false,
            quiz: false,
        };
        crate::synthetic_hall::generate_shaped_hall(dir.path(), exhibits, &shape, 1, 1).unwrap();
        let loaded = load_hall(dir.path(), LoadOptions::default()).unwrap();
        (dir, loaded.hall)
    }

    #[test]
    fn a_hall_without_quiz_or_narration_plans_neither_and_opens_every_photo() {
        let (_dir, hall) = plain_hall(4);
        let steps = ordered_pass(&hall);
        for label in ["知识问答", "小学 8–11 岁", "中学 12–15 岁", "收听讲解"] {
            assert_eq!(count(&steps, taps(label)), 0, "{label}");
        }
        // Each photo of each panel by its place among the panel's photos, each closed.
        let opened: Vec<usize> = steps
            .iter()
            .filter_map(|s| match s {
                Step::TapPrefix(labels, n) if labels.iter().any(|l| l == "放大查看") => {
                    Some(*n)
                }
                _ => None,
            })
            .collect();
        assert_eq!(opened, [0, 0, 0, 1].repeat(4));
        assert_eq!(count(&steps, taps("关闭")), 16);
    }

    #[test]
    fn a_quiz_is_played_at_the_levels_it_has_questions_for_and_as_long_as_its_rounds() {
        let (_dir, mut hall) = plain_hall(2);
        let question = crate::content::Question {
            level: crate::content::Level::Junior,
            prompt: crate::content::Text::default(),
            prompt_audio: None,
            choices: vec![crate::content::Text::default(); 2],
            answer: Some(0),
            events: Vec::new(),
            pictures: Vec::new(),
            site: None,
            tolerance: None,
            photo: None,
            regions: Vec::new(),
            explanation: crate::content::Text::default(),
            panel: None,
        };
        hall.exhibits[0].quiz = vec![question.clone(), question];
        let steps = ordered_pass(&hall);
        assert_eq!(count(&steps, taps("知识问答")), 1, "one level");
        assert_eq!(count(&steps, taps("小学 8–11 岁")), 1);
        assert_eq!(count(&steps, taps("中学 12–15 岁")), 0, "none for seniors");
        // A round of two questions, answered A then B.
        let answers: Vec<&Step> = steps
            .iter()
            .filter(|s| matches!(s, Step::Answer(_)))
            .collect();
        assert_eq!(answers, [&Step::Answer(0), &Step::Answer(1)]);

        // A third answer on two choices is the first again, not a step that finds nothing.
        let mut autopilot = Autopilot::new(config(None, false), &hall);
        autopilot.steps = VecDeque::from([Step::Answer(2)]);
        let choice = |label: &str, x: f32| Target {
            label: label.to_owned(),
            rect: egui::Rect::from_min_size(pos2(x, 500.0), vec2(200.0, 100.0)),
            kind: TargetKind::Tap,
            role: egui::Role::Button,
            id: None,
        };
        let choices = [choice("A 甲", 100.0), choice("B 乙", 400.0)];
        let mut raw = egui::RawInput::default();
        autopilot.drive(&choices, vec2(1920.0, 1080.0), &mut raw);
        assert_eq!(autopilot.report.steps_not_found, 0);
        let tapped_at = autopilot
            .pending
            .front()
            .and_then(|batch| match batch.first() {
                Some(egui::Event::PointerMoved(at)) => Some(*at),
                _ => None,
            });
        assert_eq!(tapped_at, Some(pos2(200.0, 550.0)));
    }

    #[test]
    fn a_hall_in_one_language_is_not_switched_to_another() {
        let (_dir, mut hall) = plain_hall(3);
        hall.config.languages = vec!["zh".to_owned()];
        let steps = ordered_pass(&hall);
        assert_eq!(count(&steps, taps("English")), 0);
        assert_eq!(count(&steps, taps("上一页")), 0, "nothing to read back in");
    }

    #[test]
    fn a_step_that_finds_nothing_fails_the_run_and_says_which_and_where() {
        let (_dir, hall) = plain_hall(2);
        let mut autopilot = Autopilot::new(config(None, false), &hall);
        let enlarge = Step::TapPrefix(both("放大查看", "Enlarge"), 1);
        autopilot.steps = VecDeque::from([Step::Exhibit(1), enlarge.clone(), enlarge]);
        for _ in 0..3 {
            drive_once(&mut autopilot);
        }
        let report = autopilot.report(Default::default(), 0, [0, 0]);
        assert_eq!(report.steps_not_found, 2);
        assert!(!report.passed);
        assert_eq!(
            report.failures,
            vec![
                "a step found nothing on screen named 放大查看 / Enlarge (in ordered pass 1 at \
                 exhibit 2 of 2; 2 step(s) found nothing in all)"
                    .to_owned()
            ]
        );
    }

    #[test]
    fn a_timeline_stop_out_of_sight_is_scrolled_to_along_the_timeline_or_its_tile_tapped() {
        let (_dir, hall) = generated_hall(40, 2);
        let plan = ordered_pass(&hall);
        // Exhibit 31 (in English) is reached by the timeline.
        let way_in = plan
            .iter()
            .skip_while(|s| **s != Step::Exhibit(31))
            .find(|s| !matches!(s, Step::Exhibit(_) | Step::TapIfAny(_)) && !taps("大字")(s))
            .unwrap()
            .clone();
        let stops = |ranks: std::ops::Range<usize>| -> Vec<Target> {
            ranks
                .map(|n| Target {
                    label: format!("{} Exhibit {n}", 1900 + n),
                    rect: egui::Rect::from_min_size(pos2(300.0, 960.0), vec2(200.0, 100.0)),
                    kind: TargetKind::Tap,
                    role: egui::Role::Button,
                    id: None,
                })
                .collect()
        };
        let screen = vec2(1920.0, 1080.0);
        let mut raw = egui::RawInput::default();
        let mut autopilot = Autopilot::new(config(None, true), &hall);
        autopilot.steps = VecDeque::from([way_in.clone(), Step::Exhibit(32)]);

        // Stops 0–7 in sight: the timeline is dragged to bring later stops in.
        autopilot.drive(&stops(0..8), screen, &mut raw);
        assert_eq!(
            drag_start(&mut autopilot),
            pos2(1920.0 * 0.85, 1080.0 - 50.0)
        );
        // Too far: back.
        autopilot.drive(&stops(34..40), screen, &mut raw);
        assert_eq!(
            drag_start(&mut autopilot),
            pos2(1920.0 * 0.35, 1080.0 - 50.0)
        );
        autopilot.drive(&stops(28..36), screen, &mut raw);
        assert_eq!(autopilot.report.touches, 3);
        assert_eq!(autopilot.steps.front(), Some(&Step::Exhibit(32)));

        // Never in sight: counted, and the exhibit is reached by its tile instead.
        autopilot.pending.clear();
        autopilot.busy_until = Instant::now();
        autopilot.steps = VecDeque::from([way_in, Step::Exhibit(32)]);
        for _ in 0..=TILE_DRAGS {
            autopilot.drive(&stops(0..8), screen, &mut raw);
            autopilot.pending.clear();
            autopilot.busy_until = Instant::now();
        }
        assert_eq!(autopilot.report.steps_not_found, 1);
        assert_eq!(
            autopilot.steps.front(),
            Some(&Step::TapTile(vec!["Exhibit 31".into()], 31))
        );
    }

    /// The whole ordered pass on the real kiosk, headless: each frame the autopilot picks
    /// its input from the targets the last frame drew, as in the window. Each frame is
    /// 16 ms of the kiosk's clock and of the autopilot's waits, as on a 60 Hz screen,
    /// however long it takes to draw here.
    fn run_pass_headless(hall_dir: &std::path::Path) -> Report {
        use crate::app::{KioskApp, Options};
        use crate::clock::{Clock as _, ManualClock};
        let loaded = load_hall(hall_dir, LoadOptions::default()).unwrap();
        let ctx = egui::Context::default();
        let clock = ManualClock::default();
        let mut app = KioskApp::new(
            &ctx,
            loaded,
            // egui's own fonts: the labels are what counts, not the glyphs.
            Options::headless(Arc::new(clock.clone()), Some(hall_dir.join("no-fonts")), 0),
        );
        let mut autopilot = Autopilot::new(config(None, true), app.hall());
        let screen = vec2(1920.0, 1080.0);
        let frame = Duration::from_millis(16);
        let mut frames = 0;
        while !autopilot.is_finished() {
            frames += 1;
            assert!(frames < 100_000, "the pass does not end");
            let drawing = Instant::now();
            let mut raw = egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(Pos2::ZERO, screen)),
                time: Some(clock.now().as_secs_f64()),
                ..Default::default()
            };
            autopilot.drive(app.targets(), screen, &mut raw);
            // Headless: no renderer takes the textures.
            ctx.run_ui(raw, |ui| app.run_frame(ui))
                .textures_delta
                .clear();
            autopilot.frame_done(Duration::ZERO, app.visit().screen.name());
            clock.advance(frame);
            let waited = autopilot.busy_until + drawing.elapsed();
            autopilot.busy_until = waited.checked_sub(frame).unwrap_or(waited);
        }
        // The frames' wall-clock times say nothing here.
        autopilot.intervals.clear();
        autopilot.report.longest_frame_ms = 0.0;
        autopilot.report(Default::default(), 0, [0, 0])
    }

    #[test]
    fn the_whole_pass_of_a_hall_without_narration_or_quiz_finds_every_step() {
        let dir = tempfile::tempdir().unwrap();
        let shape = crate::synthetic_hall::HallShape {
            photos_per_panel: vec![1, 1, 2],
            narration: false,
            quiz: false,
        };
        crate::synthetic_hall::generate_shaped_hall(dir.path(), 3, &shape, 1, 1).unwrap();
        let report = run_pass_headless(dir.path());
        assert_eq!(report.ordered_passes_done, 1);
        assert_eq!(report.steps_not_found, 0, "{:?}", report.failures);
        assert!(report.passed, "{:?}", report.failures);
    }

    fn config(duration: Option<Duration>, pass_only: bool) -> AutopilotConfig {
        AutopilotConfig {
            seed: 1,
            duration,
            pass_only,
            passes: 1,
            report: None,
        }
    }

    fn drive_once(autopilot: &mut Autopilot) {
        let mut raw = egui::RawInput::default();
        autopilot.drive(&[], vec2(1920.0, 1080.0), &mut raw);
    }

    fn tiles(ranks: std::ops::Range<usize>) -> Vec<Target> {
        ranks
            .map(|n| Target {
                label: format!("Exhibit {n}"),
                rect: egui::Rect::from_min_size(pos2(100.0, 300.0), vec2(400.0, 300.0)),
                kind: TargetKind::Tap,
                role: egui::Role::Button,
                id: None,
            })
            .collect()
    }

    /// Where the drag the autopilot just began starts.
    fn drag_start(autopilot: &mut Autopilot) -> Pos2 {
        let batch = autopilot.pending.pop_front().unwrap();
        autopilot.pending.clear();
        autopilot.busy_until = Instant::now();
        match batch.first() {
            Some(egui::Event::PointerMoved(at)) => *at,
            other => panic!("not a drag: {other:?}"),
        }
    }

    #[test]
    fn a_tile_out_of_sight_is_scrolled_to_in_its_direction() {
        let (_dir, hall) = generated_hall(40, 2);
        let mut autopilot = Autopilot::new(config(None, true), &hall);
        let wanted = Step::TapTile(vec!["Exhibit 30".into()], 30);
        let screen = vec2(1920.0, 1080.0);
        autopilot.steps = VecDeque::from([wanted.clone(), Step::Exhibit(31), Step::Section]);
        let mut raw = egui::RawInput::default();

        // Tiles 0–7 in sight: the list is dragged up, to bring later tiles in.
        autopilot.drive(&tiles(0..8), screen, &mut raw);
        assert_eq!(drag_start(&mut autopilot).y, 1080.0 * 0.72);
        // Scrolled too far: back down.
        autopilot.drive(&tiles(32..40), screen, &mut raw);
        assert_eq!(drag_start(&mut autopilot).y, 1080.0 * 0.42);
        // In sight: tapped.
        autopilot.drive(&tiles(28..36), screen, &mut raw);
        assert_eq!(autopilot.report.touches, 3);
        assert_eq!(autopilot.steps.front(), Some(&Step::Exhibit(31)));
        assert_eq!(autopilot.report.steps_not_found, 0);

        // Never found: counted once, and the rest of that exhibit is skipped.
        autopilot.pending.clear();
        autopilot.busy_until = Instant::now();
        autopilot.steps = VecDeque::from([
            wanted,
            Step::Tap(vec!["关闭".into()]),
            Step::SwipeLeft,
            Step::Exhibit(31),
        ]);
        for _ in 0..=TILE_DRAGS {
            autopilot.drive(&tiles(0..8), screen, &mut raw);
            autopilot.pending.clear();
            autopilot.busy_until = Instant::now();
        }
        assert_eq!(autopilot.report.steps_not_found, 1);
        assert_eq!(autopilot.steps.front(), Some(&Step::Exhibit(31)));
    }

    #[test]
    fn the_duration_ends_the_run_even_in_the_middle_of_a_pass() {
        let (_dir, hall) = generated_hall(2, 2);
        let mut timed = Autopilot::new(config(Some(Duration::ZERO), false), &hall);
        drive_once(&mut timed);
        assert!(timed.is_finished());
        let report = timed.report(Default::default(), 0, [0, 0]);
        assert_eq!(report.ordered_passes_done, 0);
        assert!(
            report.passed,
            "a timed run may end mid-pass: {:?}",
            report.failures
        );

        // Asked for a whole pass, a run cut short says so and fails.
        let mut pass = Autopilot::new(config(Some(Duration::ZERO), true), &hall);
        drive_once(&mut pass);
        let report = pass.report(Default::default(), 0, [0, 0]);
        assert_eq!(
            report.failures,
            vec!["--duration ended the run in ordered pass 1 at exhibit 1 of 2".to_owned()]
        );

        // With no duration, a pass runs as long as it takes.
        let mut untimed = Autopilot::new(config(None, true), &hall);
        drive_once(&mut untimed);
        assert!(!untimed.is_finished());
    }

    #[test]
    fn a_slow_frame_fails_the_run_and_says_when_and_how_many() {
        let (_dir, hall) = generated_hall(2, 2);
        let mut autopilot = Autopilot::new(config(None, false), &hall);
        autopilot.intervals = vec![60.0, 260.0, 90.0, 301.0];
        autopilot.report.longest_frame_ms = 301.0;
        autopilot.report.longest_frame_screen = "home".into();
        autopilot.report.longest_frame_at_s = 1234.4;
        let report = autopilot.report(Default::default(), 0, [0, 0]);
        assert_eq!(report.frames_over_limit, 2);
        assert_eq!(
            report.failures,
            vec![
                "a frame took 301 ms (on the home screen, 1234 s into the run; 2 frame(s) over \
                 the limit in all); the limit is 250 ms"
                    .to_owned()
            ]
        );
    }

    #[test]
    fn ctrl_c_ends_the_run_at_the_next_frame_and_says_where() {
        let (_dir, hall) = generated_hall(2, 2);
        let mut autopilot = Autopilot::new(config(None, true), &hall);
        drive_once(&mut autopilot);
        assert!(!autopilot.is_finished());

        // What the Ctrl-C / SIGTERM handler does.
        autopilot.interrupt.store(true, Ordering::Relaxed);
        autopilot.busy_until = Instant::now();
        autopilot.pending.clear();
        drive_once(&mut autopilot);
        assert!(autopilot.is_finished());
        let report = autopilot.report(Default::default(), 0, [0, 0]);
        assert!(!report.passed);
        assert_eq!(
            report.failures,
            vec![
                "interrupted (Ctrl-C or SIGTERM) after 0 s, in ordered pass 1 at exhibit 1 of 2"
                    .to_owned()
            ]
        );
    }
}
