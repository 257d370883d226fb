//! Applying the screens' actions: navigation, narration and the quiz.

use std::time::Duration;

use super::KioskApp;
use crate::media::audio::{TrackKey, narration_paths};
use crate::media::film_player::{ATTRACT_LOOP, FilmKey, Opening, film_paths};
use crate::quiz::{QuizState, Round};
use crate::tour::TourRun;

use crate::visit::{Action, Ending, Event, Screen};

impl KioskApp {
    /// Applies one action from the screens.
    pub fn apply(&mut self, action: &Action, now: Duration) {
        if self.is_navigation(action) {
            // Curators' edits reach the visitor at their next step, never mid-panel.
            self.apply_pending(now);
        }
        // Compared after the action, to stop narration that no longer belongs.
        let before = self.session.visit.screen.clone();
        let language_before = self.session.visit.language.clone();
        match action {
            Action::PlayNarration => {
                // Narration and a film never talk at once.
                if self.films.is_playing() {
                    self.films.pause();
                }
                self.play_narration(now);
            }
            Action::PlayFilm => {
                if self.narrator.is_playing(now) {
                    self.narrator.pause(now);
                }
                self.play_film(now);
            }
            Action::PauseFilm => self.films.pause(),
            Action::SeekFilm(position) => self.films.seek(*position, now),
            Action::ToggleFilmFullScreen => {
                self.session.screens.film_full_screen = !self.session.screens.film_full_screen
            }
            Action::PauseNarration => self.narrator.pause(now),
            Action::QuizReadAloud => self.toggle_read_aloud(now),
            Action::SeekNarration(position) => self.narrator.seek(*position, now),
            Action::ToggleTranscript => {
                self.session.screens.transcript_open = !self.session.screens.transcript_open
            }
            Action::ToggleCaptions => {
                self.session.screens.captions_shown = !self.session.screens.captions_shown
            }
            Action::OpenQuiz => self.session.visit.quiz = QuizState::default(),
            Action::StartTour(id) => {
                if let Some(tour) = self.hall.tour(id) {
                    self.session.visit.tour = TourRun::start(tour, &self.hall, now);
                    self.session.screens.guide_open = false;
                    if self.session.visit.tour.is_some() {
                        if !self.session.visit.in_progress() {
                            self.session
                                .visit
                                .apply(&Action::StartVisit, &self.hall, now);
                        }
                        tracing::info!("guided tour `{id}` started");
                        self.show_stop(now);
                    }
                }
            }
            Action::GuideNextStop | Action::GuidePreviousStop => {
                let forward = *action == Action::GuideNextStop;
                let moved = self.session.visit.tour.as_mut().is_some_and(|tour| {
                    if forward {
                        tour.advance(&self.hall, now)
                    } else {
                        tour.back(&self.hall, now)
                    }
                });
                if moved {
                    self.show_stop(now);
                }
            }
            Action::GuideGroupQuiz => {
                let exhibit = self
                    .session
                    .visit
                    .tour
                    .as_ref()
                    .and_then(|t| t.stop())
                    .map(|s| s.exhibit.clone());
                if let Some(exhibit) = exhibit {
                    self.session.quiz_seeds_drawn += 1;
                    if let Ok(round) = Round::for_exhibit(
                        &self.hall,
                        &exhibit,
                        now.as_nanos() as u64 ^ self.session.quiz_seeds_drawn,
                    ) {
                        self.session.visit.apply(&Action::OpenQuiz, &self.hall, now);
                        self.session.visit.quiz = QuizState {
                            round: Some(round),
                            question_since: now,
                            praise: 0,
                        };
                        self.session.screens.guide_open = false;
                    }
                }
            }
            Action::EndTour => {
                tracing::info!("guided tour ended");
                self.session.visit.tour = None;
                self.reset(now, Ending::TourEnded);
            }
            Action::ToggleGuidePanel => {
                self.session.screens.guide_open = !self.session.screens.guide_open
            }
            Action::OpenMap => self.session.screens.map = crate::ui::map::MapState::default(),
            Action::QuizStart(level) => self.start_round(*level, now),
            Action::QuizPlayAgain => {
                if let Some(level) = self.session.visit.quiz.round.as_ref().map(|r| r.level) {
                    self.start_round(level, now);
                }
            }
            Action::QuizAnswer(position) => {
                let mut answered = None;
                if let Some(round) = &mut self.session.visit.quiz.round
                    && let Some(right) = round.answer(&self.hall, *position)
                {
                    answered = answer_event(round, right);
                    if right {
                        self.session.visit.quiz.praise += 1;
                    }
                }
                if let Some(event) = answered {
                    self.session.visit.record(event);
                }
            }
            Action::QuizTapCard(position) => {
                if let Some(round) = &mut self.session.visit.quiz.round {
                    round.tap_card(*position);
                }
            }
            Action::QuizMoveCard { from, to } => {
                if let Some(round) = &mut self.session.visit.quiz.round {
                    round.move_card(*from, *to);
                }
            }
            Action::QuizCheckOrder => {
                let mut answered = None;
                if let Some(round) = &mut self.session.visit.quiz.round
                    && let Some(right) = round.check_order(&self.hall)
                {
                    answered = answer_event(round, right);
                    if right {
                        self.session.visit.quiz.praise += 1;
                    }
                }
                if let Some(event) = answered {
                    self.session.visit.record(event);
                }
            }
            Action::QuizTapMap { at, aspect } => {
                let mut answered = None;
                if let Some(round) = &mut self.session.visit.quiz.round
                    && let Some(right) = round.tap_map(&self.hall, *at, *aspect)
                {
                    answered = answer_event(round, right);
                    if right {
                        self.session.visit.quiz.praise += 1;
                    }
                }
                if let Some(event) = answered {
                    self.session.visit.record(event);
                }
            }
            Action::QuizTapPhoto(at) => {
                let mut answered = None;
                if let Some(round) = &mut self.session.visit.quiz.round
                    && let Some(right) = round.tap_photo(&self.hall, *at)
                {
                    answered = answer_event(round, right);
                    if right {
                        self.session.visit.quiz.praise += 1;
                    }
                }
                if let Some(event) = answered {
                    self.session.visit.record(event);
                }
            }
            Action::QuizTimeUp => {
                let mut answered = None;
                if let Some(round) = &mut self.session.visit.quiz.round
                    && round.current().is_some_and(|q| !q.is_answered())
                {
                    round.time_out();
                    answered = answer_event(round, false);
                }
                if let Some(event) = answered {
                    self.session.visit.record(event);
                }
            }
            Action::QuizNext => {
                let quiz = &mut self.session.visit.quiz;
                if let Some(round) = &mut quiz.round {
                    let more = round.advance();
                    quiz.question_since = now;
                    // A visitor's round ends in the statistics; a guide's group round not.
                    let ended = (!more && !round.group).then(|| Event::QuizRound {
                        level: round.level,
                        score: round.score(&self.hall),
                        questions: round.questions.len(),
                    });
                    if let Some(event) = ended {
                        self.session.visit.record(event);
                    }
                }
            }
            Action::QuizLearnMore => {
                let target = self
                    .session
                    .visit
                    .quiz
                    .round
                    .as_ref()
                    .and_then(|round| round.current())
                    .and_then(|current| {
                        let question = current.question(&self.hall)?;
                        Some((current.exhibit.clone(), question.panel.unwrap_or(0)))
                    });
                if let Some((id, panel)) = target {
                    self.session
                        .visit
                        .apply(&Action::OpenExhibit { id, panel }, &self.hall, now);
                }
            }
            _ => {}
        }
        self.session.visit.apply(action, &self.hall, now);
        if *action == Action::StartSelfVoicing {
            self.voicing.end();
            let language = &self.session.visit.language;
            self.voicing.say_first(crate::ui::widgets::tr(
                    language,
                    "语音导览已开启。手指按住屏幕，听手指下的内容；在任意处双击，打开刚听到的项目；向左或向右滑动，听上一项或下一项；两指向下滑动，从头朗读本页。",
                "Spoken guidance is on. Hold a finger on the screen to hear what is under it; double-tap anywhere to open what you last heard; swipe left or right for the previous or next item; swipe down with two fingers to hear the page from the top.",
            ));
        }
        let after = &self.session.visit.screen;
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
        let to_attract = *after == Screen::Attract && before != Screen::Attract;
        let to_photo = matches!(after, Screen::Photo { .. });
        if !same_panel || self.session.visit.language != language_before {
            // Narration and film belong to their panel and language.
            self.leave_narration(now);
            self.leave_film();
            self.session.screens.transcript_open = false;
        }
        if to_photo && self.films.is_playing() {
            // The photo viewer covers the film: it waits for the visitor's return.
            self.films.pause();
        }
        if to_attract {
            self.session.screens.attract_since = now;
        }
    }

    fn is_navigation(&self, action: &Action) -> bool {
        matches!(
            action,
            Action::StartVisit
                | Action::GoHome
                | Action::Back
                | Action::OpenExhibit { .. }
                | Action::ShowPanel(_)
                | Action::OpenQuiz
                | Action::OpenMap
                | Action::StartTour(_)
                | Action::GuideNextStop
                | Action::GuidePreviousStop
                | Action::GuideGroupQuiz
        )
    }

    /// Guided mode: the tour picker.
    pub(super) fn start_guided(&mut self, now: Duration) {
        self.narrator.stop();
        self.session.visit.tour = None;
        self.session
            .visit
            .apply(&Action::OpenTours, &self.hall, now);
    }

    /// Shows the current stop of the tour on the visitors' screen.
    pub(super) fn show_stop(&mut self, now: Duration) {
        if let Some(stop) = self
            .session
            .visit
            .tour
            .as_ref()
            .and_then(|t| t.stop())
            .cloned()
        {
            self.session.visit.apply(
                &Action::OpenExhibit {
                    id: stop.exhibit,
                    panel: 0,
                },
                &self.hall,
                now,
            );
        }
    }

    fn start_round(&mut self, level: crate::content::Level, now: Duration) {
        self.session.quiz_seeds_drawn += 1;
        let seed = (now.as_nanos() as u64)
            ^ self
                .session
                .quiz_seeds_drawn
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let count = self.hall.config.quiz.questions_per_round.max(1);
        // Spotting a thing in a picture needs sight: the spoken visit's rounds leave it out.
        let left_out: &[crate::content::QuestionKind] = if self.session.visit.self_voicing {
            &[crate::content::QuestionKind::Spot]
        } else {
            &[]
        };
        match Round::draw_without(&self.hall, level, count, seed, left_out) {
            Ok(round) => {
                self.session.visit.quiz = QuizState {
                    round: Some(round),
                    question_since: now,
                    praise: self.session.visit.quiz.praise,
                };
            }
            Err(err) => tracing::warn!("quiz: {err}"),
        }
    }

    fn current_panel(&self) -> Option<(&str, usize)> {
        match &self.session.visit.screen {
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
        let Some((audio, captions, language)) = narration_paths(
            narration,
            &self.session.visit.language,
            self.hall.config.default_language(),
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
            self.session.visit.record(Event::NarrationPlayed {
                exhibit: key.exhibit,
                panel,
                language,
            });
        }
    }

    /// Stops the narration the visitor walks away from, recording the second they left
    /// it at (a completed one was recorded when it ended).
    pub(super) fn leave_narration(&mut self, now: Duration) {
        if self.is_reading_aloud(self.narrator.current()) {
            // A quiz question read aloud is no narration.
            self.stop_read_aloud();
            return;
        }
        if let Some((key, at)) = self.narrator.unfinished(now) {
            self.session.visit.record(Event::NarrationLeft {
                exhibit: key.exhibit,
                panel: key.panel,
                language: key.language,
                at,
            });
        }
        self.narrator.stop();
    }

    /// The film of the panel shown (when the exhibit screen shows one), in the visitor's
    /// language: its key, file, captions and whether it loops muted.
    fn panel_film(
        &self,
    ) -> Option<(
        FilmKey,
        std::path::PathBuf,
        Option<std::path::PathBuf>,
        bool,
    )> {
        let Screen::Exhibit { id, panel } = &self.session.visit.screen else {
            return None;
        };
        let video = self
            .hall
            .exhibit(id)
            .and_then(|e| e.panels.get(*panel))
            .and_then(|p| p.video.as_ref())?;
        let (file, captions, language) = film_paths(
            video,
            &self.session.visit.language,
            self.hall.config.default_language(),
        )?;
        let key = FilmKey {
            exhibit: id.clone(),
            panel: *panel,
            language,
        };
        Some((key, file, captions, video.loop_muted))
    }

    /// Plays the panel's film, opening it first unless it is open already.
    fn play_film(&mut self, now: Duration) {
        let Some((key, file, captions, _)) = self.panel_film() else {
            return;
        };
        let open = self.films.current() == Some(&key);
        let was_muted_loop = self.films.view().is_some_and(|v| v.muted_loop);
        if !open {
            let width = self.session.screens.film_pixels.max(320);
            self.films.open(
                key.clone(),
                &file,
                captions.as_deref(),
                width,
                Opening::ForVisitor,
            );
        }
        self.films.play(now);
        if !open || was_muted_loop {
            self.session.visit.record(Event::FilmPlayed {
                exhibit: key.exhibit,
                panel: key.panel,
                language: key.language,
            });
        }
    }

    /// Stops the film the visitor walks away from (its memory goes back), recording
    /// the second they left it at.
    pub(super) fn leave_film(&mut self) {
        self.session.screens.film_full_screen = false;
        // The next panel's film is sized when that panel is drawn.
        self.session.screens.film_pixels = 0;
        if let Some(left) = self.films.stop() {
            self.session.visit.record(Event::FilmLeft {
                exhibit: left.key.exhibit,
                panel: left.key.panel,
                language: left.key.language,
                at: left.at,
            });
        }
    }

    /// A film marked `loop_muted` plays by itself, silent, once its panel has been
    /// drawn (so that its size is known).
    pub(super) fn autoplay_film(&mut self) {
        let Some((key, file, captions, true)) = self.panel_film() else {
            return;
        };
        let width = self.session.screens.film_pixels;
        if self.films.current() != Some(&key) && width > 0 {
            self.films
                .open(key, &file, captions.as_deref(), width, Opening::MutedLoop);
        }
    }

    /// The attract loop: after each round of covers, the next of `attract.clips`
    /// plays once, silent, over the whole screen; then the covers start again.
    pub(super) fn attract_clips(&mut self, now: Duration) {
        let clips = &self.hall.config.attract.clips;
        if self.session.visit.screen != Screen::Attract || clips.is_empty() {
            return;
        }
        let playing_clip = self
            .films
            .current()
            .is_some_and(|key| key.exhibit == ATTRACT_LOOP);
        if playing_clip {
            if self.films.view().is_some_and(|v| v.ended || v.failed) {
                self.films.stop();
                self.session.attract_clip = self.session.attract_clip.wrapping_add(1);
                self.session.screens.attract_since = now;
            }
            return;
        }
        let attract = &self.hall.config.attract;
        let round = Duration::from_secs(attract.slide_secs.max(2))
            .saturating_mul(u32::try_from(self.hall.exhibits.len().max(1)).unwrap_or(u32::MAX));
        let width = self.session.screens.film_pixels;
        if now.saturating_sub(self.session.screens.attract_since) < round || width == 0 {
            return;
        }
        let index = self.session.attract_clip % clips.len();
        let Some(file) = clips.get(index).and_then(|clip| clip.file()) else {
            // Refused by the check: the covers go on.
            self.session.attract_clip = self.session.attract_clip.wrapping_add(1);
            self.session.screens.attract_since = now;
            return;
        };
        let key = FilmKey {
            exhibit: ATTRACT_LOOP.to_owned(),
            panel: index,
            language: String::new(),
        };
        let file = file.to_path_buf();
        self.films.open(key, &file, None, width, Opening::MutedOnce);
    }

    /// With `autoplay` on, narration starts when a panel is first shown.
    pub(super) fn autoplay(&mut self, now: Duration) {
        if !self.hall.config.narration.autoplay {
            return;
        }
        let current = self
            .current_panel()
            .map(|(id, panel)| (id.to_owned(), panel));
        if current.is_some() && current != self.session.autoplayed {
            self.session.autoplayed = current;
            if !self.narrator.is_active() {
                self.play_narration(now);
            }
        }
    }
}

/// The statistics' record of the current question just answered; none in a guide's
/// group round, which is the group's, not a visitor's.
fn answer_event(round: &crate::quiz::Round, right: bool) -> Option<Event> {
    let question = round.current().filter(|_| !round.group)?;
    Some(Event::QuizAnswered {
        exhibit: question.exhibit.clone(),
        question: question.index,
        choice: question.picked,
        given: question.given(),
        right,
    })
}
