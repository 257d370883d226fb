//! The running kiosk: owns the hall, the visit, the photo cache and the narrator; runs
//! one frame as input → idle check → screen → actions; and keeps visitors inside.

mod actions;
mod hours;
mod idle;
mod read_aloud;
mod safekeeping;
mod show;
mod staff;
mod updates;
mod voicing;

pub use hours::{DARK_RECHECK, WAKE_FOR};
pub use show::{SCREENS, ShowError};

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use eframe::egui;

use std::sync::Mutex;

use crate::analytics::Analytics;
use crate::autopilot::{Autopilot, AutopilotConfig, Report as AutopilotReport};
use crate::clock::{Clock, SystemClock};
use crate::content::{Hall, LoadOptions, Loaded, load_hall};
use crate::diagnostics::{Diagnostics, Style};
use crate::media::audio::{DeviceMode, Narrator};
use crate::media::film_player::{FilmPlayer, FilmSound};
use crate::media::images::ImageCache;
use crate::reload::Reloader;
use crate::ui::admin::AdminView;
use crate::ui::{self, FrameContext, Repaint, ScreenState, theme::Metrics};
use crate::visit::{Event, Idle, Visit};
use idle::{Presence, touched};
use safekeeping::Safekeeping;
use staff::{SelfTest, StaffDesk};

/// How the app is set up: real devices and time in the kiosk, fakes in tests.
pub struct Options {
    pub clock: Arc<dyn Clock>,
    pub audio: DeviceMode,
    /// Photo decoding threads; 0 decodes on request (tests only).
    pub decode_workers: usize,
    /// Fonts to use instead of the hall's `media/fonts/`.
    pub fonts_dir: Option<std::path::PathBuf>,
    /// Record visit statistics in the hall's database.
    pub statistics: bool,
    /// Watch the hall's files and reload on changes.
    pub watch: bool,
    /// A window for curators: closing it is allowed.
    pub windowed: bool,
    /// Drive the kiosk with the autopilot and report on it.
    pub autopilot: Option<AutopilotConfig>,
    /// Where the last hall that ran cleanly is kept (`crate::safe_mode`); none keeps none.
    pub keep_last_good: Option<std::path::PathBuf>,
    /// The start is in a crash loop: the hall given is the last good one.
    pub safe_mode: Option<crate::safe_mode::SafeMode>,
    /// Run the self-test in the background, first this long after start, then daily.
    pub selftest: Option<Duration>,
    /// The hall follows a source (`crate::updates`): the hall root it belongs to.
    pub updates: Option<crate::updates::HallRoot>,
    /// The voice of the self-voicing mode.
    pub speech: Speech,
    /// Keep home tiles and attract covers in the data folder (`media::derived`).
    pub photo_cache: bool,
}

/// Where the self-voicing mode's speech goes.
#[derive(Clone)]
pub enum Speech {
    /// speech-dispatcher, looked for at start (the mode is offered once it answers).
    System,
    /// None: the mode is not offered (tests, instruments).
    Off,
    /// A speaker of the caller's (a recording in tests).
    Given(Arc<dyn crate::speech::Speaker>),
}

impl Default for Options {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            clock: Arc::new(SystemClock::default()),
            audio: DeviceMode::System,
            // Leave a core for the UI thread.
            decode_workers: cores.saturating_sub(1).clamp(1, 4),
            fonts_dir: None,
            statistics: true,
            watch: true,
            windowed: false,
            autopilot: None,
            keep_last_good: None,
            safe_mode: None,
            // After the first frames, on a quiet machine.
            selftest: Some(SELFTEST_FIRST_AFTER),
            updates: None,
            speech: Speech::System,
            photo_cache: true,
        }
    }
}

/// When the first self-test begins after start.
const SELFTEST_FIRST_AFTER: Duration = Duration::from_secs(10);
/// The self-test's pause after each media file, so that a visitor never notices it.
const SELFTEST_PAUSE: Duration = Duration::from_millis(25);

/// How many of the latest statistics events the app keeps for [`KioskApp::take_events`].
pub const RECENT_EVENTS: usize = 256;

impl Options {
    /// A kiosk without devices, files written or a window to close, on `clock`: what
    /// the instruments and tests drive headless.
    pub fn headless(
        clock: Arc<dyn Clock>,
        fonts_dir: Option<std::path::PathBuf>,
        decode_workers: usize,
    ) -> Self {
        Self {
            clock,
            audio: DeviceMode::Silent,
            decode_workers,
            fonts_dir,
            statistics: false,
            watch: false,
            windowed: false,
            autopilot: None,
            keep_last_good: None,
            safe_mode: None,
            selftest: None,
            updates: None,
            speech: Speech::Off,
            photo_cache: false,
        }
    }
}

/// The kiosk application, its state grouped by concern: the hall in use and its
/// reloads; the devices and caches; the visitor's session; the staff desk; the
/// displays; and the instruments that drive and measure it.
pub struct KioskApp {
    hall: Hall,
    diagnostics: Diagnostics,
    reloader: Option<Reloader>,
    /// A reloaded hall waiting for the visitor's next navigation.
    pending: Option<Loaded>,
    images: ImageCache,
    narrator: Narrator,
    /// The film on the exhibit screen, one at a time.
    films: FilmPlayer,
    analytics: Analytics,
    clock: Arc<dyn Clock>,
    session: Session,
    desk: StaffDesk,
    /// Dark outside opening hours.
    after_hours: AfterHours,
    displays: Displays,
    instruments: Instruments,
    safekeeping: Safekeeping,
    /// New versions of the hall from its source, when it follows one.
    updates: Option<updates::Updates>,
    /// The self-voicing mode's speech and touch exploring.
    voicing: voicing::Voicing,
    /// When the kiosk's voice speaks, for the sound that makes way for it.
    voice: crate::media::ducking::Voice,
}

/// The kiosk outside opening hours: the lights' rules, staff's "keep on", and the
/// screen's power commands.
#[derive(Default)]
struct AfterHours {
    lights: hours::Lights,
    keep_on: hours::KeepOn,
    power: hours::ScreenPower,
}

/// The visitor's session as the app runs it: the visit, the screens' own state, and
/// what the app decided for this visit.
struct Session {
    visit: Visit,
    screens: ScreenState,
    /// Which of the attract loop's clips plays next.
    attract_clip: usize,
    /// `--show film:…`: the panel's film plays once the panel has been drawn.
    play_film_when_drawn: bool,
    /// The exhibit panel whose narration autoplay has already considered.
    autoplayed: Option<(String, usize)>,
    /// Seeds drawn for quiz rounds so far, mixed into the next seed so that two rounds
    /// started in the same instant are shuffled differently.
    quiz_seeds_drawn: u64,
    /// The quiz question being read aloud, if one is.
    read_aloud: Option<read_aloud::ReadingAloud>,
}

/// The displays attached, and the one the guide's window goes on.
struct Displays {
    count: usize,
    guide: usize,
    /// When the displays were last counted.
    checked: Option<Duration>,
}

/// What drives and measures the kiosk, and what tests read back.
struct Instruments {
    /// The touch targets of the last frame drawn.
    targets: Vec<crate::ui::widgets::Target>,
    /// The viewports of its scroll areas.
    scrolls: Vec<egui::Rect>,
    /// Its targets that reach past the screen's edge, whole.
    cut_targets: Vec<crate::ui::widgets::CutTarget>,
    autopilot: Option<Autopilot>,
    /// Where the autopilot's report goes when it is done.
    autopilot_report: Arc<Mutex<Option<AutopilotReport>>>,
    /// When `run` began, until the first frame logs how long starting took.
    launched: Option<std::time::Instant>,
    /// The latest statistics events, for tests to read back; bounded, since the kiosk
    /// runs for months and the database has them all.
    recent_events: std::collections::VecDeque<Event>,
    /// systemd's READY and watchdog, fed by the frames the real window draws.
    supervisor: crate::supervision::Supervisor,
    /// Frames begun in the real window; the one before this was painted.
    frames_begun: u64,
    /// The screen's size in pixels when it was last logged.
    screen_pixels: Option<(u32, u32)>,
    /// Set when the system asks the kiosk to stop (`supervision::on_stop`).
    stop_asked: Arc<std::sync::atomic::AtomicBool>,
    /// `kiosk --count-frames FILE`: where the frames drawn are written, for instruments
    /// outside the process.
    count_frames: Option<std::path::PathBuf>,
}

impl KioskApp {
    pub fn new(ctx: &egui::Context, loaded: Loaded, options: Options) -> Self {
        let check_summary = loaded.summary();
        let Loaded {
            hall, diagnostics, ..
        } = loaded;
        let fonts_dir = options
            .fonts_dir
            .clone()
            .unwrap_or_else(|| hall.config.media_dir(&hall.root).join("fonts"));
        let fonts = crate::fonts::FontFiles::find(&fonts_dir);
        if let Err(problem) = ui::fonts::install(ctx, &fonts) {
            tracing::warn!("{problem}");
        }
        ctx.set_theme(egui::Theme::Light);
        ui::theme::apply(ctx);
        ctx.options_mut(|o| o.reduce_texture_memory = true);
        for diagnostic in diagnostics.iter() {
            tracing::warn!("{}", diagnostic.headline());
        }
        let budget = usize::try_from(hall.config.image_cache_mb.saturating_mul(1024 * 1024))
            .unwrap_or(usize::MAX);
        // Tiles and covers kept in the data folder; not when photos are decoded inside
        // the frame (tests, without workers), which must stay deterministic.
        let store = (options.photo_cache && options.decode_workers > 0).then(|| {
            crate::media::derived::DerivedStore::new(
                hall.data_dir().join(crate::media::derived::FOLDER),
                &[ui::THUMB_PX],
                crate::media::derived::DEFAULT_LIMIT_BYTES,
            )
        });
        let images = ImageCache::with_disk_cache(ctx, budget, options.decode_workers, store);
        let narrator = Narrator::new(options.audio, hall.config.narration.volume);
        let films = FilmPlayer::new(
            ctx,
            match options.audio {
                DeviceMode::System => FilmSound::Device(f64::from(hall.config.narration.volume)),
                DeviceMode::Silent => FilmSound::Nowhere,
            },
        );
        let speaker: Arc<dyn crate::speech::Speaker> = match options.speech.clone() {
            Speech::System => Arc::new(crate::speech::SpeechDispatcher::start(
                hall.config.languages.clone(),
                None,
            )),
            Speech::Off => Arc::new(crate::speech::Silent("spoken guidance is off".into())),
            Speech::Given(speaker) => speaker,
        };
        let visit = Visit::new(&hall);
        let now = options.clock.now();
        let analytics = if options.statistics {
            Analytics::start(
                hall.config.analytics_path(&hall.root),
                hall.config.analytics.retention_days,
                Arc::clone(&options.clock),
            )
        } else {
            Analytics::disabled()
        };
        // Safe mode does not follow edits: they may be what keeps failing.
        let watch = options.watch && options.safe_mode.is_none();
        let reloader = watch.then(|| Reloader::new(ctx, &hall));
        let safekeeping = Safekeeping::new(
            options.keep_last_good.clone(),
            options.safe_mode.clone(),
            diagnostics.error_count() == 0,
            now,
        );
        let selftest = options.selftest.map(|first_after| SelfTest {
            root: hall.root.clone(),
            audio: options.audio,
            narrator: narrator.device_open(),
            clock: Arc::clone(&options.clock),
            ctx: ctx.clone(),
            first_after,
            morning: crate::selftest::Morning::of_hall(&hall),
        });
        let updates = options
            .updates
            .clone()
            .filter(|_| options.safe_mode.is_none())
            .map(|root| updates::Updates::start(ctx, root, now));
        let check_text = diagnostics.render(Style::Plain);
        let autopilot = options.autopilot.map(|config| {
            let autopilot = Autopilot::new(config, &hall);
            autopilot.stop_on_interrupt(ctx);
            autopilot
        });
        Self {
            hall,
            diagnostics,
            reloader,
            pending: None,
            images,
            narrator,
            films,
            analytics,
            clock: options.clock,
            session: Session {
                visit,
                screens: ScreenState {
                    attract_since: now,
                    ..ScreenState::default()
                },
                autoplayed: None,
                attract_clip: 0,
                play_film_when_drawn: false,
                quiz_seeds_drawn: 0,
                read_aloud: None,
            },
            desk: StaffDesk::new(check_text, check_summary, options.windowed, selftest),
            after_hours: AfterHours::default(),
            displays: Displays {
                count: 1,
                guide: 1,
                checked: None,
            },
            instruments: Instruments {
                targets: Vec::new(),
                cut_targets: Vec::new(),
                scrolls: Vec::new(),
                autopilot,
                autopilot_report: Arc::new(Mutex::new(None)),
                launched: None,
                recent_events: std::collections::VecDeque::new(),
                supervisor: crate::supervision::Supervisor::none(),
                frames_begun: 0,
                screen_pixels: None,
                stop_asked: Arc::default(),
                count_frames: None,
            },
            safekeeping,
            updates,
            voicing: voicing::Voicing::new(speaker),
            voice: crate::media::ducking::Voice::default(),
        }
    }

    pub fn hall(&self) -> &Hall {
        &self.hall
    }

    pub fn visit(&self) -> &Visit {
        &self.session.visit
    }

    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    pub fn narrator(&self) -> &Narrator {
        &self.narrator
    }

    pub fn films(&self) -> &FilmPlayer {
        &self.films
    }

    /// What could be touched in the last frame.
    pub fn targets(&self) -> &[crate::ui::widgets::Target] {
        &self.instruments.targets
    }

    /// The touch targets of the last frame that reach past the screen's edge.
    pub fn cut_targets(&self) -> &[crate::ui::widgets::CutTarget] {
        &self.instruments.cut_targets
    }

    /// The viewports of the last frame's scroll areas.
    pub fn scroll_viewports(&self) -> &[egui::Rect] {
        &self.instruments.scrolls
    }

    /// Whether `clip` lies in a scroll area of the last frame, where text cut at the
    /// edge is scrolled into view rather than lost.
    pub fn scrolls_at(&self, clip: egui::Rect) -> bool {
        // egui clips a scroll area's content to the viewport in the direction it
        // scrolls only, so a clip sharing its left and right (or top and bottom) edges
        // is the scroll area's.
        let near = |a: f32, b: f32| (a - b).abs() <= 1.0;
        self.instruments.scrolls.iter().any(|viewport| {
            viewport.intersects(clip)
                && ((near(clip.min.x, viewport.min.x) && near(clip.max.x, viewport.max.x))
                    || (near(clip.min.y, viewport.min.y) && near(clip.max.y, viewport.max.y)))
        })
    }

    pub fn screens(&self) -> &ScreenState {
        &self.session.screens
    }

    pub fn images(&self) -> &ImageCache {
        &self.images
    }

    /// Waits until the statistics recorded so far are in the database (the soak
    /// measures it).
    pub fn flush_statistics(&self) {
        self.analytics.flush();
    }

    /// The statistics events since the last call, at most the latest
    /// [`RECENT_EVENTS`].
    pub fn take_events(&mut self) -> Vec<Event> {
        self.instruments.recent_events.drain(..).collect()
    }

    /// One frame: input, the idle rules, the visitors' screens, staff's overlay, then
    /// what they asked for, and when to draw again.
    pub fn run_frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let now = self.clock.now();
        ui::theme::choose(&ctx, self.session.visit.high_contrast);
        self.images.begin_frame();
        self.keep_visitors_in(&ctx);
        self.poll_reload(now);
        self.poll_updates(&ctx, now);
        let Some(hours_repaint) = self.opening_hours(ui, now) else {
            return;
        };
        if touched(&ctx) {
            self.session.visit.touched(now);
        }
        let rect = ui.max_rect();
        let metrics = Metrics::new(
            rect.size(),
            self.session.visit.large_text,
            &self.session.visit.language,
        );
        let voiced = self.voiced_touches(&ctx, &metrics, now);
        let drawn = (
            self.session.visit.screen.clone(),
            self.session.visit.language.clone(),
        );
        let hold = self.corner_hold(&ctx, &metrics, rect, now);
        self.desk.gate.tick(now);
        let staff = !self.desk.gate.is_closed();
        let idle = self.idle_check(staff, now);
        // The idle reset ends the high-contrast look with the visit, in this very frame.
        ui::theme::choose(&ctx, self.session.visit.high_contrast);

        let mut repaint = Repaint::default();
        if let Some(delay) = hours_repaint {
            repaint.within(delay);
        }
        // Touches that are the mode's, or a gesture of several fingers', reach no
        // screen: without the pointer no widget is clicked, whether it answers with an
        // action or changes what it shows by itself (the map's pins), and nothing
        // begins a swipe or a scroll. egui has already read it for this frame, so it
        // is put back for the next one.
        let pointer = voiced
            .touched
            .then(|| ctx.input_mut(|input| std::mem::take(&mut input.pointer)));
        let actions = self.screens_ui(ui, idle, metrics, now, &mut repaint);
        if let Some(pointer) = pointer {
            ctx.input_mut(|input| input.pointer = pointer);
        }
        ui::admin::hold_mark(ui, &metrics, rect, hold);
        if hold > 0.0 && hold < 1.0 {
            repaint.within(Duration::from_millis(50));
        }
        let staff_actions = if staff {
            self.staff_ui(ui, &metrics, now)
        } else {
            Vec::new()
        };
        if let Some(closes_in) = self.desk.gate.closes_in(now) {
            repaint.within(closes_in);
        }
        if let Some(left) = self.desk.gate.lockout_left(now) {
            repaint.within(left.min(Duration::from_secs(1)));
        }

        if let Some(delay) = voiced.again_within {
            repaint.within(delay);
        }
        // In the self-voicing mode a touch only explores: what the finger lifted on
        // does nothing; a double tap's click comes in the next frame.
        let actions = if voiced.touched { Vec::new() } else { actions };
        if !staff {
            for action in actions {
                self.apply(&action, now);
            }
        }
        for action in staff_actions {
            self.apply_staff(&ctx, action, now);
        }
        self.after_actions(now, &mut repaint);
        // egui's own colours for the next frame follow what the visitor just did.
        ui::theme::choose(&ctx, self.session.visit.high_contrast);
        // An idle kiosk still draws often enough to feed the watchdog.
        if let Some(every) = self.instruments.supervisor.frame_at_least_every() {
            repaint.within(every);
        }

        if let Some(delay) = repaint.delay() {
            ctx.request_repaint_after(delay);
        }
        // What this frame drew, for the autopilot's next touch.
        self.instruments.targets = crate::ui::widgets::take_targets(&ctx);
        self.instruments.scrolls = crate::ui::widgets::take_scrolls(&ctx);
        self.instruments.cut_targets = crate::ui::widgets::take_cut_targets(&ctx);
        // Texts of a screen the visitor has just left are not read out.
        let left = drawn
            != (
                self.session.visit.screen.clone(),
                self.session.visit.language.clone(),
            );
        if !left {
            self.voice_what_appeared(&ctx, idle, now);
        }
        // The narration and a film go quiet under the kiosk's voice, and come back after.
        match self.voicing.take_told() {
            Some(Some(utterance)) => self.voice.spoke(now, &utterance.language, &utterance.text),
            Some(None) => self.voice.stopped(),
            None => {}
        }
        if let Some(left) = self
            .voice
            .duck(now, &mut [&mut self.narrator, &mut self.films])
        {
            ctx.request_repaint_after(left);
        }
        if self.hall.config.hide_cursor {
            ctx.set_cursor_icon(egui::CursorIcon::None);
        }
    }

    /// The self-voicing mode's part of a frame: the click a double tap asked for, and
    /// this frame's touches, which explore instead of pressing.
    fn voiced_touches(
        &mut self,
        ctx: &egui::Context,
        metrics: &Metrics,
        now: Duration,
    ) -> voicing::Handled {
        let distance = metrics.px(100.0);
        let fingers = self.voicing.fingers(ctx, now, distance);
        if !self.session.visit.self_voicing {
            // The hall's accessibility button, a USB keyboard of one key, if it has one.
            let button = self
                .hall
                .config
                .spoken_guidance_key
                .as_deref()
                .and_then(egui::Key::from_name)
                .is_some_and(|key| ctx.input(|i| i.key_pressed(key)));
            if (fingers == Some(voicing::Fingers::ThreeTap) || button)
                && self.voicing.available()
                && self.desk.gate.is_closed()
            {
                self.apply(&crate::visit::Action::StartSelfVoicing, now);
            }
            return voicing::Handled {
                touched: self.voicing.three_fingers(),
                ..voicing::Handled::default()
            };
        }
        self.voicing.begin_frame(ctx);
        let recorded = self.recorded_body();
        let mut handled = self.voicing.gestures(
            ctx,
            &self.instruments.targets,
            &self.session.visit.language,
            recorded.as_deref(),
            now,
            distance,
        );
        if fingers == Some(voicing::Fingers::TwoDown) {
            handled.spoke |= self.voicing.read_from_top(
                &self.instruments.targets,
                &self.session.visit.language,
                recorded.as_deref(),
                now,
            );
        }
        handled
    }

    /// The body of the panel on screen when it has narration recorded in the visit's
    /// language: the self-voicing mode plays the recording instead of synthesising it.
    fn recorded_body(&self) -> Option<String> {
        let crate::visit::Screen::Exhibit { id, panel } = &self.session.visit.screen else {
            return None;
        };
        let language = &self.session.visit.language;
        let panel = self.hall.exhibit(id)?.panels.get(*panel)?;
        let recorded = panel
            .narration
            .as_ref()?
            .audio
            .get(language)
            .and_then(|audio| audio.file())
            .is_some();
        recorded.then(|| {
            panel
                .body
                .get(language, self.hall.config.default_language())
                .to_owned()
        })
    }

    /// After a frame in the self-voicing mode: the texts that appeared are read, and the
    /// idle warning says how to stay.
    fn voice_what_appeared(&mut self, ctx: &egui::Context, idle: Idle, now: Duration) {
        if !self.session.visit.self_voicing {
            self.voicing.end();
            return;
        }
        let language = self.session.visit.language.clone();
        let playing = self.narrator.is_playing(now);
        let warned = self.voicing.idle_warned;
        let recorded = self.recorded_body();
        self.voicing.read_new_texts(
            &self.instruments.targets,
            &self.session.visit.screen,
            &language,
            playing,
            recorded.as_deref(),
            now,
        );
        if self.voicing.clip_due(now) {
            if !self.narrator.is_playing(now) {
                self.apply(&crate::visit::Action::PlayNarration, now);
            }
        } else if let Some(wait) = self.voicing.clip_waits(now) {
            ctx.request_repaint_after(wait);
        }
        if let Idle::Warning { remaining } = idle {
            if !warned {
                self.voicing.idle_warned = true;
                let seconds = remaining.as_secs_f32().ceil() as u64;
                let text = if language == "zh" {
                    format!("还在看吗？参观将在 {seconds} 秒后结束；双击继续。")
                } else {
                    format!(
                        "Still there? The visit ends in {seconds} seconds; double-tap to continue."
                    )
                };
                self.voicing.say(&language, &text);
                let continue_label =
                    crate::ui::widgets::tr(&language, "继续 · Continue", "Continue · 继续");
                self.voicing
                    .focus_on(&self.instruments.targets, continue_label);
            }
        } else {
            self.voicing.idle_warned = false;
        }
    }

    /// Applies the idle rules: someone still there keeps the visit going; a visit
    /// untouched past the timeout ends.
    fn idle_check(&mut self, staff: bool, now: Duration) -> Idle {
        let presence = Presence {
            staff,
            tour_within_limit: self
                .session
                .visit
                .tour
                .as_ref()
                .is_some_and(|tour| !tour.exceeded(now, self.hall.config.max_tour_minutes)),
            narration_heard: self.narrator.is_heard(now),
            film_watched: self.films.is_watched(now),
        };
        if presence.keeps_the_visit() {
            self.session.visit.touched(now);
        }
        let config = &self.hall.config;
        let idle = self
            .session
            .visit
            .idle(now, config.idle_timeout(), config.idle_warning());
        if idle == Idle::Expired {
            self.reset(now, crate::visit::Ending::Idle);
        }
        idle
    }

    /// The visitors' screen, the guide's window and the idle warning; returns the
    /// visitors' actions.
    fn screens_ui(
        &mut self,
        ui: &mut egui::Ui,
        idle: Idle,
        metrics: Metrics,
        now: Duration,
        repaint: &mut Repaint,
    ) -> Vec<crate::visit::Action> {
        self.session.screens.guide_window = self.displays.count >= 2;
        if let Some(done) = self.films.tick() {
            self.session.visit.record(Event::FilmCompleted {
                exhibit: done.exhibit,
                panel: done.panel,
                language: done.language,
            });
        }
        self.session.screens.speech_ready = self.voicing.available();
        self.session.screens.reading_aloud = self.session.read_aloud.is_some();
        let mut frame = FrameContext {
            hall: &self.hall,
            visit: &self.session.visit,
            m: metrics,
            now,
            images: &mut self.images,
            narration: self.narrator.view(now),
            film: self.films.view(),
            state: &mut self.session.screens,
            pixels_per_point: ui.ctx().pixels_per_point(),
            reduced_motion: self.hall.config.reduced_motion,
            voicing_offered: self.voicing.available() && !self.session.visit.self_voicing,
            actions: Vec::new(),
            repaint_after: Repaint::default(),
        };
        ui::show(ui, &mut frame);
        if frame.visit.tour.is_some() && frame.state.guide_window {
            guide_window(ui.ctx(), &mut frame, self.displays.guide);
        }
        if let Idle::Warning { remaining } = idle {
            ui::idle::idle_ui(ui, &mut frame, remaining);
        }
        if let Some(delay) = frame.repaint_after.delay() {
            repaint.within(delay);
        }
        if let Idle::Active { until_warning } = idle
            && until_warning < Duration::MAX
        {
            repaint.within(until_warning);
        }
        std::mem::take(&mut frame.actions)
    }

    /// Staff's overlay; returns staff's actions.
    fn staff_ui(
        &self,
        ui: &mut egui::Ui,
        metrics: &Metrics,
        now: Duration,
    ) -> Vec<crate::ui::admin::AdminAction> {
        let updates = self.updates.as_ref().map(updates::Updates::overlay_text);
        let view = AdminView {
            diagnostics: &self.desk.check_text,
            summary_line: &self.desk.check_summary,
            stats: self.desk.stats.as_ref(),
            stats_pending: self.desk.stats_request.is_some(),
            statistics_note: statistics_note(&self.analytics.health()),
            languages: &self.hall.config.languages,
            default_language: self.hall.config.default_language(),
            reload_note: self.desk.reload_note.as_deref(),
            safe_mode: self
                .safekeeping
                .mode
                .as_ref()
                .map(|mode| safekeeping::notice(mode, self.hall.utc_offset())),
            updates: updates.as_deref(),
            confirm_quit: self.desk.confirm_quit,
            has_tours: !self.hall.tours.is_empty(),
            hours_note: self.hours_note(),
            kept_on: self.is_kept_on(),
            selftest: self.desk.selftest_report.as_ref(),
            now,
            hall: &self.hall,
            statistics: self
                .desk
                .statistics_page
                .map(|page| ui::statistics::StatisticsView {
                    page,
                    charts: self.desk.charts.as_ref(),
                    pending: self.desk.charts_request.is_some(),
                    hall: &self.hall,
                }),
        };
        ui::admin::admin_ui(ui, metrics, &self.desk.gate, &view)
    }

    /// Narration's end, autoplay, the log, statistics and staff's figures.
    fn after_actions(&mut self, now: Duration, repaint: &mut Repaint) {
        self.keep_last_good(now);
        let ended = self.narrator.tick(now);
        if let Some(done) = ended.clone()
            && !self.is_reading_aloud(Some(&done))
        {
            self.session.visit.record(Event::NarrationCompleted {
                exhibit: done.exhibit,
                panel: done.panel,
                language: done.language,
            });
        }
        let was_reading = self.session.read_aloud.is_some();
        self.follow_read_aloud(ended.as_ref(), now);
        if self.session.read_aloud.is_some() {
            // Frames while a question is read aloud, to notice each clip's end.
            repaint.within(Duration::from_millis(100));
        } else if was_reading {
            // The speaker button shows the reading is over.
            repaint.within(Duration::ZERO);
        }
        self.autoplay(now);
        self.autoplay_film();
        self.attract_clips(now);
        // The film is decoded at the size of its place now (full screen or the panel).
        if self.session.screens.film_pixels > 0 {
            self.films.fit_width(self.session.screens.film_pixels);
        }
        if self.session.play_film_when_drawn && self.session.screens.film_pixels > 0 {
            self.session.play_film_when_drawn = false;
            self.apply(&crate::visit::Action::PlayFilm, now);
        }
        if self.narrator.is_preparing() {
            repaint.within(Duration::from_millis(10));
        }
        if let Some(every) = self.films.draw_every() {
            repaint.within(every);
        }
        for line in self
            .narrator
            .take_log()
            .into_iter()
            .chain(self.films.take_log())
        {
            tracing::warn!("{line}");
        }
        for problem in self.images.take_problems() {
            tracing::warn!("photo {problem}");
        }
        self.record_events();
        self.desk.poll_selftest();
        self.desk.poll_charts(repaint);
        if let Some(request) = &self.desk.stats_request {
            match request.try_recv() {
                Ok(stats) => {
                    self.desk.stats = Some(stats);
                    self.desk.stats_request = None;
                }
                // Nobody will answer (the statistics writer is gone): stop asking.
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.desk.stats_request = None,
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    repaint.within(Duration::from_millis(100));
                }
            }
        }
    }

    /// The visit's events to statistics (and the bounded list tests read).
    fn record_events(&mut self) {
        for event in self.session.visit.take_events() {
            if self.instruments.recent_events.len() >= RECENT_EVENTS {
                self.instruments.recent_events.pop_front();
            }
            self.instruments.recent_events.push_back(event.clone());
            self.analytics.record(event);
        }
    }

    /// Notices a second display (for the guide's window). Checked every few seconds:
    /// a display may be plugged in while the kiosk runs.
    /// Logs the screen's size whenever it changes: what the compositor gave the kiosk
    /// (under cage, the whole output) is the first thing a technician asks about.
    fn log_screen_size(&mut self, ctx: &egui::Context) {
        let (rect, pixels_per_point) = ctx.input(|i| (i.content_rect(), i.pixels_per_point));
        let pixels = rect.size() * pixels_per_point;
        // Float to int: `as` saturates, and a screen is never near u32's limit.
        let pixels = (pixels.x.round() as u32, pixels.y.round() as u32);
        if self.instruments.screen_pixels != Some(pixels) {
            self.instruments.screen_pixels = Some(pixels);
            tracing::info!(
                "screen: {}×{} pixels, {pixels_per_point} pixels per point",
                pixels.0,
                pixels.1
            );
        }
    }

    fn count_displays(&mut self, native: &eframe::Frame) {
        let now = self.clock.now();
        if self
            .displays
            .checked
            .is_some_and(|at| now.saturating_sub(at) < Duration::from_secs(3))
        {
            return;
        }
        self.displays.checked = Some(now);
        let Some(window) = native.winit_window() else {
            return;
        };
        // winit 0.30 lists a Wayland output twice (once when bound, again when its
        // details arrive): one screen under cage counted as two, and the guide's window
        // would have replaced the visitors' one. Each output once.
        let mut monitors = Vec::new();
        for monitor in window.available_monitors() {
            if !monitors.contains(&monitor) {
                monitors.push(monitor);
            }
        }
        let current = window.current_monitor();
        let ours = monitors
            .iter()
            .position(|m| Some(m) == current.as_ref())
            .unwrap_or(0);
        if monitors.len() != self.displays.count {
            tracing::info!("{} display(s) found", monitors.len());
        }
        self.displays.count = monitors.len().max(1);
        self.displays.guide = (0..monitors.len()).find(|&i| i != ours).unwrap_or(0);
    }

    /// Tells the app how many displays there are (tests; the kiosk counts them itself).
    pub fn set_displays(&mut self, displays: usize) {
        self.displays.count = displays.max(1);
        self.displays.checked = Some(Duration::MAX);
    }

    /// Fullscreen without a way out: close requests (window manager, Alt+F4) are
    /// refused unless staff chose "quit".
    fn keep_visitors_in(&mut self, ctx: &egui::Context) {
        if !self.desk.quit_allowed
            && self
                .instruments
                .stop_asked
                .load(std::sync::atomic::Ordering::Relaxed)
        {
            self.desk.quit_allowed = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.desk.quit_allowed {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            tracing::info!("refused a request to close the kiosk");
        }
    }

    /// Ends the visit (for the reason `ending`): audio stops, language resets, back to
    /// the attract loop.
    pub(super) fn reset(&mut self, now: Duration, ending: crate::visit::Ending) {
        self.leave_narration(now);
        self.leave_film();
        self.session.visit.reset(&self.hall, now, ending);
        self.voicing.end();
        // A reload waiting for the visitor applies now that nobody is reading.
        self.apply_pending(now);
        self.session.screens = ScreenState {
            attract_since: now,
            ..ScreenState::default()
        };
        self.session.autoplayed = None;
        match ending {
            crate::visit::Ending::Idle => tracing::info!("visit ended after inactivity"),
            crate::visit::Ending::TourEnded => tracing::info!("visit ended with the tour"),
            crate::visit::Ending::HallClosed => tracing::info!("visit ended as the hall closed"),
        }
    }
}

/// What staff should know of the statistics database, if anything.
fn statistics_note(health: &crate::analytics::Health) -> Option<String> {
    use crate::analytics::Health;
    match health {
        Health::Off | Health::Ok { events_lost: 0 } => None,
        Health::Ok { events_lost } => Some(format!(
            "统计曾中断 · Statistics were interrupted: {events_lost} events lost since start"
        )),
        Health::Trouble {
            message,
            waiting,
            events_lost,
            ..
        } => Some(format!(
            "统计暂停 · Statistics paused: {message}; {waiting} events wait in memory, {events_lost} lost"
        )),
    }
}

/// The largest texture the kiosk makes on a screen whose longer side has `pixels`.
///
/// egui's glyph atlas (RGBA) is as wide as the GPU allows (16384 on Mesa) and starts
/// over only when 80% full, so Chinese and English at every text size grew it to
/// 64 MB, twice over with the GPU's copy, during an hour of visitors. The smallest
/// power of two that holds the screen keeps photos sharp at full screen and bounds
/// the atlas at 16 MB on a 1080p screen, several screens' worth of glyphs.
fn texture_side_for(pixels: f32) -> usize {
    (pixels.max(2048.0) as usize).next_power_of_two()
}

impl eframe::App for KioskApp {
    fn ui(&mut self, ui: &mut egui::Ui, native: &mut eframe::Frame) {
        crate::supervision::test_stall();
        let started = std::time::Instant::now();
        // eframe paints between these calls: reaching this one means the frame before
        // was drawn, which is what systemd is told.
        if self.instruments.frames_begun > 0 {
            self.instruments.supervisor.frame_drawn(started);
        }
        self.instruments.frames_begun = self.instruments.frames_begun.saturating_add(1);
        if let Some(path) = &self.instruments.count_frames {
            // An instrument's file: a failed write only leaves its figure stale.
            let _ = std::fs::write(path, self.instruments.frames_begun.to_string());
        }
        self.count_displays(native);
        self.log_screen_size(ui.ctx());
        self.run_frame(ui);
        self.films.frame_took(started.elapsed());
        if let Some(launched) = self.instruments.launched.take() {
            tracing::info!(
                "first frame laid out {} ms after start",
                launched.elapsed().as_millis()
            );
        }
        if let Some(autopilot) = &mut self.instruments.autopilot {
            autopilot.frame_done(started.elapsed(), self.session.visit.screen.name());
            ui.ctx().request_repaint();
            if autopilot.is_finished() && !self.desk.quitting {
                let atlas = ui.ctx().fonts(|fonts| fonts.font_image_size());
                let report = autopilot.report(self.images.stats(), self.narrator.starts(), atlas);
                if let Ok(mut slot) = self.instruments.autopilot_report.lock() {
                    *slot = Some(report);
                }
                self.desk.quitting = true;
                self.desk.quit_allowed = true;
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        // The guide's window gets the GPU's limit straight from eframe and shares the
        // glyph atlas: capping only this window then would rebuild the atlas every frame.
        let one_window = !(self.session.visit.tour.is_some() && self.session.screens.guide_window);
        let screen = raw_input.screen_rect.map_or(0.0, |r| r.size().max_elem())
            * raw_input.viewport().native_pixels_per_point.unwrap_or(1.0);
        if one_window && let Some(side) = &mut raw_input.max_texture_side {
            *side = (*side).min(texture_side_for(screen));
        }
        if let Some(autopilot) = &mut self.instruments.autopilot {
            let size = raw_input
                .screen_rect
                .map_or(egui::vec2(1920.0, 1080.0), |r| r.size());
            autopilot.drive(&self.instruments.targets, size, raw_input);
        }
    }

    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        egui::Rgba::from(ui::theme::palette().night).to_array()
    }
}

/// The guide's own window on the second display: notes and controls, while the big
/// screen shows the visitors' view.
fn guide_window(ctx: &egui::Context, frame: &mut FrameContext<'_>, display: usize) {
    let builder = egui::ViewportBuilder::default()
        .with_title("星火 · 导游 Guide")
        .with_monitor(display)
        .with_fullscreen(true)
        .with_decorations(false);
    let mut actions = Vec::new();
    ctx.show_viewport_immediate(
        egui::ViewportId::from_hash_of("guide-window"),
        builder,
        |ui, _class| {
            let rect = ui.max_rect();
            let mut guide_frame = FrameContext {
                hall: frame.hall,
                visit: frame.visit,
                m: Metrics::new(rect.size(), false, &frame.visit.language),
                now: frame.now,
                images: frame.images,
                narration: frame.narration.clone(),
                film: frame.film.clone(),
                state: frame.state,
                pixels_per_point: ui.ctx().pixels_per_point(),
                reduced_motion: frame.reduced_motion,
                voicing_offered: false,
                actions: Vec::new(),
                repaint_after: Repaint::default(),
            };
            ui::guide::guide_window_ui(ui, &mut guide_frame);
            actions = guide_frame.actions;
            if ui.input(|i| i.viewport().close_requested()) {
                ui.ctx()
                    .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            }
        },
    );
    frame.actions.extend(actions);
}

/// The hall's data folder (statistics, logs): where its database is.
pub fn data_dir(hall: &Hall) -> std::path::PathBuf {
    hall.data_dir()
}

/// Loads the hall and opens the kiosk window, on the `show` screen if one is named
/// (`kiosk --show`). With the autopilot, returns its report.
pub fn run(
    hall_dir: &Path,
    windowed: bool,
    autopilot: Option<AutopilotConfig>,
    show: Option<String>,
    count_frames: Option<std::path::PathBuf>,
) -> anyhow::Result<Option<AutopilotReport>> {
    let launched = std::time::Instant::now();
    let loaded = load_hall(hall_dir, LoadOptions::default())?;
    let data_dir = data_dir(&loaded.hall);
    crate::logging::init_logging(Some(&data_dir.join("logs")));
    crate::logging::log_panics();
    tracing::info!(
        "kiosk {} started (process {})",
        env!("CARGO_PKG_VERSION"),
        std::process::id()
    );
    // A version the kiosk cannot stay up on is rolled back before this start counts.
    let loaded =
        crate::updates::before_start(hall_dir, &data_dir, loaded, std::time::SystemTime::now());
    let crate::safe_mode::Starting { loaded, safe_mode } =
        crate::safe_mode::starting_hall(hall_dir, &data_dir, loaded, std::time::SystemTime::now());
    if loaded.diagnostics.error_count() > 0 {
        eprintln!("{}", loaded.diagnostics.render(Style::Plain));
        eprintln!("{}", loaded.summary());
        eprintln!(
            "kiosk: starting anyway; the problems above are left out or shown as placeholders"
        );
    }
    let title = loaded
        .hall
        .config
        .title
        .get(loaded.hall.config.default_language(), "")
        .to_owned();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(title)
        .with_min_inner_size([640.0, 480.0]);
    viewport = if windowed {
        viewport.with_inner_size([1600.0, 900.0])
    } else {
        viewport.with_fullscreen(true).with_decorations(false)
    };
    let native = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        // egui's dithering adds noise to every pixel of every layer in the fragment
        // shader; under software GL that doubled the cost of the attract loop's
        // crossfade, and it keeps llvmpipe off its fast path for plain textured quads.
        // The one wide gradient, the attract screen's shade, is dithered once when it
        // is baked into the cover (`media::cover_shade`).
        dithering: false,
        ..Default::default()
    };
    let report_slot = Arc::new(Mutex::new(None));
    let slot = Arc::clone(&report_slot);
    let keep_last_good = Some(data_dir.clone());
    let stop_data_dir = data_dir.clone();
    let updates = crate::updates::HallRoot::of_hall_dir(hall_dir);
    eframe::run_native(
        "xinghuo-kiosk",
        native,
        Box::new(move |cc| {
            let mut app = KioskApp::new(
                &cc.egui_ctx,
                loaded,
                Options {
                    windowed,
                    autopilot,
                    keep_last_good,
                    safe_mode,
                    updates,
                    ..Options::default()
                },
            );
            if let Some(spec) = &show
                && let Err(err) = app.show(spec)
            {
                tracing::warn!("--show: {err}");
            }
            app.instruments.autopilot_report = slot;
            app.instruments.launched = Some(launched);
            app.instruments.count_frames = count_frames;
            // The autopilot has its own Ctrl+C (it writes its report).
            if app.instruments.autopilot.is_none() {
                let stop_asked = Arc::clone(&app.instruments.stop_asked);
                let ctx = cc.egui_ctx.clone();
                crate::supervision::on_stop(stop_data_dir, move || {
                    stop_asked.store(true, std::sync::atomic::Ordering::Relaxed);
                    ctx.request_repaint();
                });
            }
            app.instruments.supervisor = crate::supervision::Supervisor::from_env();
            Ok(Box::new(app))
        }),
    )
    .map_err(|err| anyhow::anyhow!("{err}"))
    .context("cannot open the kiosk window")?;
    // The window closed as staff (or the autopilot) asked: a clean stop.
    crate::safe_mode::clear_starts(&data_dir);
    let report = report_slot.lock().ok().and_then(|mut slot| slot.take());
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::texture_side_for;

    #[test]
    fn textures_are_capped_to_the_screen_rounded_up() {
        assert_eq!(texture_side_for(1920.0), 2048);
        assert_eq!(texture_side_for(1080.0), 2048);
        assert_eq!(texture_side_for(2560.0), 4096);
        assert_eq!(texture_side_for(3840.0), 4096);
        assert_eq!(texture_side_for(0.0), 2048, "no screen size yet");
    }
}
