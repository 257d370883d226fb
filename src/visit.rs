//! One visitor's session: where they are, which language they read, when they last
//! touched the screen, and the anonymous events the statistics record. Free of egui,
//! so that navigation and the idle reset are tested on their own.

use std::time::Duration;

use crate::content::{Hall, Level};
use crate::quiz::QuizState;
use crate::tour::TourRun;

/// Where the visitor is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Attract,
    Home,
    Exhibit {
        id: String,
        panel: usize,
    },
    Photo {
        id: String,
        panel: usize,
        photo: usize,
    },
    Quiz,
    Map,
    /// The guided-tour picker.
    Tours,
}

impl Screen {
    /// A short name for logs and reports.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Attract => "attract",
            Self::Home => "home",
            Self::Exhibit { .. } => "exhibit",
            Self::Photo { .. } => "photo",
            Self::Quiz => "quiz",
            Self::Map => "map",
            Self::Tours => "tours",
        }
    }
}

/// What the visitor asked for, returned by the screens and applied after the frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    StartVisit,
    /// A long press on the attract screen's accessibility button: the visit starts
    /// with the kiosk speaking for itself, in large text, until the idle reset.
    StartSelfVoicing,
    GoHome,
    Back,
    OpenExhibit {
        id: String,
        panel: usize,
    },
    ShowPanel(usize),
    OpenPhoto(usize),
    ClosePhoto,
    SetLanguage(String),
    ToggleLargeText,
    /// "Continue" on the idle warning.
    StillHere,
    OpenQuiz,
    OpenMap,
    PlayNarration,
    PauseNarration,
    SeekNarration(Duration),
    /// The quiz question's speaker button: read it aloud, or stop reading.
    QuizReadAloud,
    /// The panel's film: opened and played (or resumed, or started again at its end).
    PlayFilm,
    PauseFilm,
    SeekFilm(Duration),
    /// The film fills the screen, or goes back to its place on the panel.
    ToggleFilmFullScreen,
    ToggleTranscript,
    ToggleCaptions,
    /// The photo being viewed is zoomed in this far (1 = the whole photo fits).
    PhotoZoom(f32),
    QuizStart(Level),
    /// The choice at this position (as shown) was tapped.
    QuizAnswer(usize),
    /// An order question's card at this position was tapped (two taps swap two cards).
    QuizTapCard(usize),
    /// An order question's card was dragged from one position to another.
    QuizMoveCard {
        from: usize,
        to: usize,
    },
    /// The visitor checks an order question's arrangement.
    QuizCheckOrder,
    /// A map question's map was tapped here: fractions of the map's width and height,
    /// on a map `aspect` times as high as it is wide.
    QuizTapMap {
        at: [f32; 2],
        aspect: f32,
    },
    /// A spot-it question's photo was tapped here, in the photo's own pixels.
    QuizTapPhoto([f32; 2]),
    QuizNext,
    QuizTimeUp,
    /// Opens the panel that holds the current answer; back returns to the question.
    QuizLearnMore,
    QuizPlayAgain,
    OpenTours,
    StartTour(String),
    GuideNextStop,
    GuidePreviousStop,
    GuideGroupQuiz,
    EndTour,
    ToggleGuidePanel,
}

/// An anonymous event for the visit statistics. Nothing identifies a person.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    VisitStarted {
        language: String,
    },
    /// The visit's last language, whether large text was on at any time in it, and
    /// what ended it.
    VisitEnded {
        duration: Duration,
        language: String,
        large_text: bool,
        ending: Ending,
    },
    ExhibitOpened {
        exhibit: String,
    },
    ExhibitClosed {
        exhibit: String,
        dwell: Duration,
    },
    PanelViewed {
        exhibit: String,
        panel: usize,
    },
    NarrationPlayed {
        exhibit: String,
        panel: usize,
        language: String,
    },
    NarrationCompleted {
        exhibit: String,
        panel: usize,
        language: String,
    },
    /// The visitor left a narration before its end (another panel, another language,
    /// or the visit ended): the second they had heard to, for the drop-off curve.
    NarrationLeft {
        exhibit: String,
        panel: usize,
        language: String,
        at: Duration,
    },
    /// A visitor tapped play on a panel's film (not a muted loop playing by itself).
    FilmPlayed {
        exhibit: String,
        panel: usize,
        language: String,
    },
    FilmCompleted {
        exhibit: String,
        panel: usize,
        language: String,
    },
    /// The visitor left a film before its end: the second they had watched to.
    FilmLeft {
        exhibit: String,
        panel: usize,
        language: String,
        at: Duration,
    },
    /// A photo was zoomed into; recorded when the visitor leaves it, with how far
    /// they went (`zoom_percent`: 250 is two and a half times the fitted size).
    PhotoZoomed {
        exhibit: String,
        panel: usize,
        photo: usize,
        zoom_percent: u32,
    },
    /// One quiz question of a visitor's round answered (or timed out: `choice` none).
    /// `question` is the index into the exhibit's quiz, `choice` into its choices as
    /// written (not as shown), so the wrong choices' shares read against the content.
    /// `given` is what the visitor gave to a question of another kind, written out: an
    /// order question's events as written (counted from 0) in the order placed, `2,0,1`.
    QuizAnswered {
        exhibit: String,
        question: usize,
        choice: Option<usize>,
        given: Option<String>,
        right: bool,
    },
    QuizRound {
        level: Level,
        score: usize,
        questions: usize,
    },
    LanguageChanged {
        language: String,
    },
}

/// What ended a visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Nobody touched the screen for the idle timeout: the visitor walked away.
    Idle,
    /// The guide ended the guided tour.
    TourEnded,
    /// The hall closed (the kiosk went dark) during the visit.
    HallClosed,
}

impl Ending {
    /// How the statistics database names it.
    pub fn name(self) -> &'static str {
        match self {
            Ending::Idle => "idle",
            Ending::TourEnded => "tour_ended",
            Ending::HallClosed => "hall_closed",
        }
    }
}

/// Whether the visitor is still there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Idle {
    Active {
        until_warning: Duration,
    },
    /// The "Still there?" countdown is showing.
    Warning {
        remaining: Duration,
    },
    /// Time to reset.
    Expired,
}

/// One visitor's session.
#[derive(Clone, Debug)]
pub struct Visit {
    pub screen: Screen,
    pub language: String,
    pub large_text: bool,
    /// The kiosk speaks for itself and touch explores (`app::voicing`).
    pub self_voicing: bool,
    /// The high-contrast palette (`ui::theme::Palette::HIGH_CONTRAST`), which comes
    /// with the self-voicing mode.
    pub high_contrast: bool,
    /// Where "back" goes: the screens the visitor came through.
    back: Vec<Screen>,
    last_input: Duration,
    started_at: Option<Duration>,
    exhibit_opened: Option<(String, Duration)>,
    /// Large text was on at some time in this visit.
    large_text_used: bool,
    /// The photo on screen, if it was zoomed into, and the deepest zoom so far.
    photo_zoom: Option<((String, usize, usize), f32)>,
    events: Vec<Event>,
    /// The quiz round under way, if any, and the visitor's place in it.
    pub quiz: QuizState,
    /// The guided tour under way, if any.
    pub tour: Option<TourRun>,
}

impl Visit {
    pub fn new(hall: &Hall) -> Self {
        Self {
            screen: Screen::Attract,
            language: hall.config.default_language().to_owned(),
            large_text: false,
            self_voicing: false,
            high_contrast: false,
            back: Vec::new(),
            last_input: Duration::ZERO,
            started_at: None,
            exhibit_opened: None,
            large_text_used: false,
            photo_zoom: None,
            events: Vec::new(),
            quiz: QuizState::default(),
            tour: None,
        }
    }

    pub fn in_progress(&self) -> bool {
        self.started_at.is_some()
    }

    /// The visitor touched the screen.
    pub fn touched(&mut self, now: Duration) {
        self.last_input = now;
    }

    /// Whether the visitor has gone. The attract loop never times out.
    pub fn idle(&self, now: Duration, timeout: Duration, warning: Duration) -> Idle {
        if self.screen == Screen::Attract {
            return Idle::Active {
                until_warning: Duration::MAX,
            };
        }
        let quiet = now.saturating_sub(self.last_input);
        let warn_at = timeout.saturating_sub(warning);
        if quiet < warn_at {
            Idle::Active {
                until_warning: warn_at - quiet,
            }
        } else if quiet < timeout {
            Idle::Warning {
                remaining: timeout - quiet,
            }
        } else {
            Idle::Expired
        }
    }

    /// Ends the visit (for the reason `ending`) and returns to the attract loop in the
    /// default language.
    pub fn reset(&mut self, hall: &Hall, now: Duration, ending: Ending) {
        // The visitor was last seen at their last touch: the wait for the idle reset,
        // after they had walked away, is not part of their visit or of the exhibit's dwell.
        let last_seen = self.last_input.min(now);
        self.record_zoom();
        self.close_exhibit(last_seen);
        if let Some(started) = self.started_at.take() {
            self.events.push(Event::VisitEnded {
                duration: last_seen.saturating_sub(started),
                language: self.language.clone(),
                large_text: self.large_text_used || self.large_text,
                ending,
            });
        }
        self.screen = Screen::Attract;
        self.language = hall.config.default_language().to_owned();
        self.large_text = false;
        self.large_text_used = false;
        self.self_voicing = false;
        self.high_contrast = false;
        self.back.clear();
        self.quiz = QuizState::default();
        self.tour = None;
    }

    /// The events recorded since the last call.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    pub fn record(&mut self, event: Event) {
        self.events.push(event);
    }

    /// Applies a navigation action. Media actions are the app's; they are ignored here.
    pub fn apply(&mut self, action: &Action, hall: &Hall, now: Duration) {
        self.touched(now);
        match action {
            Action::StartVisit => {
                if self.started_at.is_none() {
                    self.started_at = Some(now);
                    self.events.push(Event::VisitStarted {
                        language: self.language.clone(),
                    });
                }
                self.go(Screen::Home, hall, now, false);
                self.back.clear();
            }
            Action::StartSelfVoicing => {
                // Turned on mid-visit (three fingers), the visitor stays where they are.
                if self.screen == Screen::Attract {
                    self.apply(&Action::StartVisit, hall, now);
                }
                self.self_voicing = true;
                self.large_text = true;
                self.high_contrast = true;
            }
            Action::GoHome => {
                self.go(Screen::Home, hall, now, false);
                self.back.clear();
            }
            Action::Back => {
                let target = match &self.screen {
                    Screen::Photo { id, panel, .. } => Screen::Exhibit {
                        id: id.clone(),
                        panel: *panel,
                    },
                    _ => self.back.pop().unwrap_or(Screen::Home),
                };
                self.go(target, hall, now, false);
            }
            Action::OpenExhibit { id, panel } => {
                let target = Screen::Exhibit {
                    id: id.clone(),
                    panel: *panel,
                };
                self.go(target, hall, now, true);
            }
            Action::ShowPanel(panel) => {
                if let Screen::Exhibit { id, .. } = &self.screen {
                    let target = Screen::Exhibit {
                        id: id.clone(),
                        panel: *panel,
                    };
                    self.go(target, hall, now, false);
                }
            }
            Action::OpenPhoto(photo) => {
                if let Screen::Exhibit { id, panel } = &self.screen {
                    let target = Screen::Photo {
                        id: id.clone(),
                        panel: *panel,
                        photo: *photo,
                    };
                    self.go(target, hall, now, false);
                }
            }
            Action::ClosePhoto => {
                if let Screen::Photo { id, panel, .. } = &self.screen {
                    let target = Screen::Exhibit {
                        id: id.clone(),
                        panel: *panel,
                    };
                    self.go(target, hall, now, false);
                }
            }
            Action::SetLanguage(language) => {
                if *language != self.language && hall.config.languages.contains(language) {
                    self.language = language.clone();
                    self.events.push(Event::LanguageChanged {
                        language: language.clone(),
                    });
                }
            }
            Action::ToggleLargeText => {
                self.large_text = !self.large_text;
                self.large_text_used |= self.large_text;
            }
            Action::OpenQuiz => {
                if self.started_at.is_none() {
                    self.apply(&Action::StartVisit, hall, now);
                }
                self.go(Screen::Quiz, hall, now, true);
            }
            Action::OpenMap => self.go(Screen::Map, hall, now, true),
            Action::OpenTours => {
                self.back.clear();
                self.go(Screen::Tours, hall, now, false);
            }
            Action::PhotoZoom(zoom) => {
                if let Screen::Photo { id, panel, photo } = &self.screen {
                    let key = (id.clone(), *panel, *photo);
                    match &mut self.photo_zoom {
                        Some((zoomed, deepest)) if *zoomed == key => {
                            *deepest = deepest.max(*zoom);
                        }
                        _ => self.photo_zoom = Some((key, *zoom)),
                    }
                }
            }
            Action::StillHere
            | Action::PlayNarration
            | Action::PauseNarration
            | Action::SeekNarration(_)
            | Action::QuizReadAloud
            | Action::PlayFilm
            | Action::PauseFilm
            | Action::SeekFilm(_)
            | Action::ToggleFilmFullScreen
            | Action::ToggleTranscript
            | Action::ToggleCaptions
            | Action::QuizStart(_)
            | Action::QuizAnswer(_)
            | Action::QuizTapCard(_)
            | Action::QuizMoveCard { .. }
            | Action::QuizCheckOrder
            | Action::QuizTapMap { .. }
            | Action::QuizTapPhoto(_)
            | Action::QuizNext
            | Action::QuizTimeUp
            | Action::QuizLearnMore
            | Action::QuizPlayAgain
            | Action::StartTour(_)
            | Action::GuideNextStop
            | Action::GuidePreviousStop
            | Action::GuideGroupQuiz
            | Action::EndTour
            | Action::ToggleGuidePanel => {}
        }
    }

    /// Moves to `target`, keeping it valid for `hall` (an exhibit that vanished in a
    /// reload leads home), and records what the statistics need.
    fn go(&mut self, target: Screen, hall: &Hall, now: Duration, remember: bool) {
        let target = valid(target, hall);
        if target == self.screen {
            return;
        }
        self.record_zoom();
        let old_exhibit = exhibit_of(&self.screen).map(str::to_owned);
        let new_exhibit = exhibit_of(&target).map(str::to_owned);
        if old_exhibit != new_exhibit {
            self.close_exhibit(now);
            if let Some(id) = &new_exhibit {
                self.exhibit_opened = Some((id.clone(), now));
                self.events.push(Event::ExhibitOpened {
                    exhibit: id.clone(),
                });
            }
        }
        if let Screen::Exhibit { id, panel } = &target {
            let same_panel = matches!(&self.screen,
                Screen::Exhibit { id: old, panel: p } | Screen::Photo { id: old, panel: p, .. }
                    if old == id && p == panel);
            if !same_panel {
                self.events.push(Event::PanelViewed {
                    exhibit: id.clone(),
                    panel: *panel,
                });
            }
        }
        if remember && self.screen != Screen::Attract {
            let previous = std::mem::replace(&mut self.screen, target);
            // Coming back from a photo means coming back to its panel.
            let previous = match previous {
                Screen::Photo { id, panel, .. } => Screen::Exhibit { id, panel },
                other => other,
            };
            if self.back.last() != Some(&previous) {
                self.back.push(previous);
            }
        } else {
            self.screen = target;
        }
    }

    /// The photo being left, if it was zoomed into: which one, and how far.
    fn record_zoom(&mut self) {
        if let Some(((exhibit, panel, photo), deepest)) = self.photo_zoom.take() {
            // Float to int: `as` saturates, and a zoom is between 1 and 12.
            let zoom_percent = (deepest.clamp(1.0, 100.0) * 100.0).round() as u32;
            self.events.push(Event::PhotoZoomed {
                exhibit,
                panel,
                photo,
                zoom_percent,
            });
        }
    }

    fn close_exhibit(&mut self, now: Duration) {
        if let Some((id, opened)) = self.exhibit_opened.take() {
            self.events.push(Event::ExhibitClosed {
                exhibit: id,
                dwell: now.saturating_sub(opened),
            });
        }
    }

    /// Re-validates the current place after a content reload: the visitor stays where
    /// they are if it still exists.
    pub fn revalidate(&mut self, hall: &Hall, now: Duration) {
        let current = self.screen.clone();
        let checked = valid(current.clone(), hall);
        if checked != current {
            self.go(checked, hall, now, false);
        }
        self.back = std::mem::take(&mut self.back)
            .into_iter()
            .map(|screen| valid(screen, hall))
            .collect();
        if !hall.config.languages.contains(&self.language) {
            self.language = hall.config.default_language().to_owned();
        }
    }
}

fn exhibit_of(screen: &Screen) -> Option<&str> {
    match screen {
        Screen::Exhibit { id, .. } | Screen::Photo { id, .. } => Some(id),
        _ => None,
    }
}

/// The nearest screen that exists in `hall`.
fn valid(screen: Screen, hall: &Hall) -> Screen {
    match screen {
        Screen::Exhibit { id, panel } => match hall.exhibit(&id) {
            Some(exhibit) => Screen::Exhibit {
                panel: panel.min(exhibit.panels.len().saturating_sub(1)),
                id,
            },
            None => Screen::Home,
        },
        Screen::Photo { id, panel, photo } => {
            let exists = hall
                .exhibit(&id)
                .and_then(|e| e.panels.get(panel))
                .is_some_and(|p| photo < p.photos.len());
            if exists {
                Screen::Photo { id, panel, photo }
            } else {
                valid(Screen::Exhibit { id, panel }, hall)
            }
        }
        Screen::Map if hall.map.is_none() => Screen::Home,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{LoadOptions, load_hall};

    #[test]
    fn a_visit_ended_by_the_idle_reset_counts_to_the_last_touch() {
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let hall = load_hall(&base, LoadOptions::default()).unwrap().hall;
        let mut visit = Visit::new(&hall);
        let at = Duration::from_secs;
        visit.apply(&Action::StartVisit, &hall, at(10));
        let open = Action::OpenExhibit {
            id: "alpha".into(),
            panel: 0,
        };
        visit.apply(&open, &hall, at(20));
        visit.apply(&Action::ShowPanel(1), &hall, at(65));
        // The visitor walks away; the kiosk resets 90 s after the last touch.
        visit.reset(&hall, at(155), Ending::Idle);
        let events = visit.take_events();
        assert!(events.contains(&Event::ExhibitClosed {
            exhibit: "alpha".into(),
            dwell: at(45),
        }));
        assert_eq!(
            events.last(),
            Some(&Event::VisitEnded {
                duration: at(55),
                language: "zh".into(),
                large_text: false,
                ending: Ending::Idle,
            })
        );
    }

    #[test]
    fn the_reset_ends_the_quiz_round_and_the_tour_with_the_visit() {
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let hall = load_hall(&base, LoadOptions::default()).unwrap().hall;
        let mut visit = Visit::new(&hall);
        let at = Duration::from_secs;
        visit.apply(&Action::StartVisit, &hall, at(10));
        visit.quiz = QuizState {
            round: Some(crate::quiz::Round::for_exhibit(&hall, "alpha", 7).unwrap()),
            question_since: at(12),
            praise: 2,
        };
        visit.tour = TourRun::start(&hall.tours[0], &hall, at(10));
        assert!(visit.tour.is_some());

        visit.reset(&hall, at(200), Ending::TourEnded);
        assert_eq!(visit.quiz, QuizState::default());
        assert!(visit.tour.is_none());
    }
}
