//! The running kiosk: owns the hall, the visit, the photo cache and the narrator; runs
//! one frame as input → idle check → screen → actions; and keeps visitors inside.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use eframe::egui;

use crate::clock::{Clock, SystemClock};
use crate::content::{Hall, LoadOptions, Loaded, load_hall};
use crate::diagnostics::{Diagnostics, Style};
use crate::media::audio::{DeviceMode, Narrator, TrackKey, narration_paths};
use crate::media::images::ImageCache;
use crate::quiz::Round;
use crate::ui::quiz::QuizState;
use crate::ui::{self, Frame, ScreenState, theme::Metrics};
use crate::visit::{Action, Event, Idle, Screen, Visit};

/// How the app is set up: real devices and time in the kiosk, fakes in tests.
pub struct Options {
    pub clock: Arc<dyn Clock>,
    pub audio: DeviceMode,
    /// Photo decoding threads; 0 decodes on request (tests only).
    pub decode_workers: usize,
    /// Fonts to use instead of the hall's `media/fonts/`.
    pub fonts_dir: Option<std::path::PathBuf>,
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
        }
    }
}

/// The kiosk application.
pub struct KioskApp {
    hall: Hall,
    diagnostics: Diagnostics,
    visit: Visit,
    screens: ScreenState,
    images: ImageCache,
    narrator: Narrator,
    clock: Arc<dyn Clock>,
    /// Set by the admin route only: the one way out of the kiosk.
    quit_allowed: bool,
    /// The exhibit panel whose narration autoplay has already considered.
    autoplayed: Option<(String, usize)>,
    events: Vec<Event>,
    /// Quiz rounds started, to vary the shuffle.
    rounds: u64,
}

impl KioskApp {
    pub fn new(ctx: &egui::Context, loaded: Loaded, options: Options) -> Self {
        let Loaded {
            hall, diagnostics, ..
        } = loaded;
        let fonts_dir = options
            .fonts_dir
            .clone()
            .unwrap_or_else(|| hall.config.media_dir(&hall.root).join("fonts"));
        let fonts = crate::fonts::FontFiles::find(&fonts_dir);
        if let Err(problem) = crate::fonts::install(ctx, &fonts) {
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
        let images = ImageCache::new(ctx, budget, options.decode_workers);
        let narrator = Narrator::new(options.audio, hall.config.narration.volume);
        let visit = Visit::new(&hall);
        let now = options.clock.now();
        Self {
            hall,
            diagnostics,
            visit,
            screens: ScreenState {
                attract_since: now,
                ..ScreenState::default()
            },
            images,
            narrator,
            clock: options.clock,
            quit_allowed: false,
            autoplayed: None,
            events: Vec::new(),
            rounds: 0,
        }
    }

    pub fn hall(&self) -> &Hall {
        &self.hall
    }

    pub fn visit(&self) -> &Visit {
        &self.visit
    }

    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    pub fn narrator(&self) -> &Narrator {
        &self.narrator
    }

    pub fn screens(&self) -> &ScreenState {
        &self.screens
    }

    pub fn images(&self) -> &ImageCache {
        &self.images
    }

    /// Statistics events since the last call.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// One frame.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let now = self.clock.now();
        self.images.begin_frame();
        self.keep_visitors_in(&ctx);

        let touched = ctx.input(|i| {
            i.events.iter().any(|event| {
                matches!(
                    event,
                    egui::Event::PointerButton { .. }
                        | egui::Event::Touch { .. }
                        | egui::Event::Key { .. }
                        | egui::Event::MouseWheel { .. }
                )
            })
        });
        if touched {
            self.visit.touched(now);
        }

        let config = &self.hall.config;
        let timeout = Duration::from_secs(config.idle_timeout_secs.max(15));
        let warning =
            Duration::from_secs(config.idle_warning_secs.min(config.idle_timeout_secs / 2));
        let idle = self.visit.idle(now, timeout, warning);
        if idle == Idle::Expired {
            self.reset(now);
        }

        let rect = ui.max_rect();
        let metrics = Metrics::new(rect.size(), self.visit.large_text);
        let mut frame = Frame {
            hall: &self.hall,
            visit: &self.visit,
            m: metrics,
            now,
            images: &mut self.images,
            narration: self.narrator.view(now),
            state: &mut self.screens,
            pixels_per_point: ctx.pixels_per_point(),
            reduced_motion: self.hall.config.reduced_motion,
            actions: Vec::new(),
            repaint_after: None,
        };
        ui::show(ui, &mut frame);
        if let Idle::Warning { remaining } = idle {
            ui::idle::idle_ui(ui, &mut frame, remaining);
        }
        let actions = std::mem::take(&mut frame.actions);
        let mut repaint_after = frame.repaint_after;
        if let Idle::Active { until_warning } = idle
            && until_warning < Duration::MAX
        {
            repaint_after = Some(repaint_after.map_or(until_warning, |d| d.min(until_warning)));
        }

        for action in actions {
            self.apply(&action, now);
        }
        if let Some(done) = self.narrator.tick(now) {
            self.visit.record(Event::NarrationCompleted {
                exhibit: done.exhibit,
                panel: done.panel,
                language: done.language,
            });
        }
        self.autoplay(now);
        for line in self.narrator.take_log() {
            tracing::warn!("{line}");
        }
        for problem in self.images.take_problems() {
            tracing::warn!("photo {problem}");
        }
        self.events.extend(self.visit.take_events());

        if let Some(delay) = repaint_after {
            ctx.request_repaint_after(delay);
        }
        if self.hall.config.hide_cursor {
            ctx.set_cursor_icon(egui::CursorIcon::None);
        }
    }

    /// Fullscreen without a way out: close requests (window manager, Alt+F4) are
    /// refused unless staff chose "quit".
    fn keep_visitors_in(&self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.quit_allowed {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            tracing::info!("refused a request to close the kiosk");
        }
    }

    /// Ends the visit: audio stops, language resets, back to the attract loop.
    fn reset(&mut self, now: Duration) {
        self.narrator.stop();
        self.visit.reset(&self.hall, now);
        self.screens = ScreenState {
            attract_since: now,
            ..ScreenState::default()
        };
        self.autoplayed = None;
        tracing::info!("visit ended after inactivity");
    }

    /// Applies one action from the screens.
    pub fn apply(&mut self, action: &Action, now: Duration) {
        match action {
            Action::PlayNarration => self.play_narration(now),
            Action::PauseNarration => self.narrator.pause(now),
            Action::SeekNarration(position) => self.narrator.seek(*position, now),
            Action::ToggleTranscript => {
                self.screens.transcript_open = !self.screens.transcript_open
            }
            Action::ToggleCaptions => self.screens.captions_hidden = !self.screens.captions_hidden,
            Action::OpenQuiz => self.screens.quiz = QuizState::default(),
            Action::OpenMap => self.screens.map = crate::ui::map::MapState::default(),
            Action::QuizStart(level) => self.start_round(*level, now),
            Action::QuizPlayAgain => {
                if let Some(level) = self.screens.quiz.round.as_ref().map(|r| r.level) {
                    self.start_round(level, now);
                }
            }
            Action::QuizAnswer(position) => {
                if let Some(round) = &mut self.screens.quiz.round
                    && round.answer(&self.hall, *position) == Some(true)
                {
                    self.screens.quiz.praise += 1;
                }
            }
            Action::QuizTimeUp => {
                if let Some(round) = &mut self.screens.quiz.round {
                    round.time_out();
                }
            }
            Action::QuizNext => {
                if let Some(round) = &mut self.screens.quiz.round {
                    let more = round.advance();
                    self.screens.quiz.question_since = now;
                    if !more && !round.group {
                        self.visit.record(Event::QuizRound {
                            level: round.level,
                            score: round.score(&self.hall),
                            questions: round.questions.len(),
                        });
                    }
                }
            }
            Action::QuizLearnMore => {
                let target = self
                    .screens
                    .quiz
                    .round
                    .as_ref()
                    .and_then(|round| round.current())
                    .and_then(|current| {
                        let question = current.question(&self.hall)?;
                        Some((current.exhibit.clone(), question.panel.unwrap_or(0)))
                    });
                if let Some((id, panel)) = target {
                    self.visit
                        .apply(&Action::OpenExhibit { id, panel }, &self.hall, now);
                }
            }
            _ => {}
        }
        let before = self.visit.screen.clone();
        let language_before = self.visit.language.clone();
        self.visit.apply(action, &self.hall, now);
        let after = &self.visit.screen;
        let same_panel = match (&before, after) {
            (Screen::Exhibit { id: a, panel: p }, Screen::Exhibit { id: b, panel: q })
            | (
                Screen::Photo {
                    id: a, panel: p, ..
                },
                Screen::Exhibit { id: b, panel: q },
            )
            | (
                Screen::Exhibit { id: a, panel: p },
                Screen::Photo {
                    id: b, panel: q, ..
                },
            ) => a == b && p == q,
            (a, b) => a == b,
        };
        if !same_panel || self.visit.language != language_before {
            // Narration belongs to its panel and language.
            self.narrator.stop();
            self.screens.transcript_open = false;
        }
        if *after == Screen::Attract && before != Screen::Attract {
            self.screens.attract_since = now;
        }
    }

    fn start_round(&mut self, level: crate::content::Level, now: Duration) {
        self.rounds += 1;
        let seed = (now.as_nanos() as u64) ^ self.rounds.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let count = self.hall.config.quiz.questions_per_round.max(1);
        match Round::draw(&self.hall, level, count, seed) {
            Ok(round) => {
                self.screens.quiz = QuizState {
                    round: Some(round),
                    question_since: now,
                    praise: self.screens.quiz.praise,
                };
            }
            Err(err) => tracing::warn!("quiz: {err}"),
        }
    }

    fn current_panel(&self) -> Option<(&str, usize)> {
        match &self.visit.screen {
            Screen::Exhibit { id, panel } | Screen::Photo { id, panel, .. } => Some((id, *panel)),
            _ => None,
        }
    }

    fn play_narration(&mut self, now: Duration) {
        let Some((id, panel)) = self.current_panel() else {
            return;
        };
        let Some(narration) = self
            .hall
            .exhibit(id)
            .and_then(|e| e.panels.get(panel))
            .and_then(|p| p.narration.as_ref())
        else {
            return;
        };
        let media = self.hall.config.media_dir(&self.hall.root);
        let Some((audio, captions, language)) = narration_paths(
            narration,
            &self.visit.language,
            self.hall.config.default_language(),
            &media,
        ) else {
            return;
        };
        let key = TrackKey {
            exhibit: id.to_owned(),
            panel,
            language: language.clone(),
        };
        let resumed = self.narrator.current() == Some(&key);
        self.narrator
            .play(key.clone(), &audio, captions.as_deref(), now);
        if !resumed {
            self.visit.record(Event::NarrationPlayed {
                exhibit: key.exhibit,
                panel,
                language,
            });
        }
    }

    /// With `autoplay` on, narration starts when a panel is first shown.
    fn autoplay(&mut self, now: Duration) {
        if !self.hall.config.narration.autoplay {
            return;
        }
        let current = self
            .current_panel()
            .map(|(id, panel)| (id.to_owned(), panel));
        if current.is_some() && current != self.autoplayed {
            self.autoplayed = current;
            if !self.narrator.is_active() {
                self.play_narration(now);
            }
        }
    }

    /// Lets the next close request through (the admin overlay's "quit").
    pub fn allow_quit(&mut self) {
        self.quit_allowed = true;
    }
}

impl eframe::App for KioskApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        egui::Rgba::from(ui::theme::NIGHT).to_array()
    }
}

/// Loads the hall and opens the kiosk window.
pub fn run(hall_dir: &Path, windowed: bool) -> anyhow::Result<()> {
    let loaded = load_hall(hall_dir, LoadOptions::default())?;
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
        ..Default::default()
    };
    eframe::run_native(
        "xinghuo-kiosk",
        native,
        Box::new(move |cc| {
            Ok(Box::new(KioskApp::new(
                &cc.egui_ctx,
                loaded,
                Options::default(),
            )))
        }),
    )
    .map_err(|err| anyhow::anyhow!("{err}"))
    .context("cannot open the kiosk window")
}
