//! `kiosk --show SCREEN`: opens the kiosk on a given screen — for a curator previewing
//! a panel they just wrote, and for the screenshots in docs/screens/.

use super::KioskApp;
use crate::content::Level;
use crate::visit::Action;

/// The screens `--show` knows, for its error message.
pub const SCREENS: &str = "home, exhibit:ID[:PANEL], narration:ID[:PANEL], film:ID[:PANEL], photo:ID:PANEL:PHOTO, \
quiz, quiz-question, quiz-feedback, quiz-result, quiz-order[:senior], quiz-order-feedback, \
quiz-picture[:senior], quiz-picture-feedback, quiz-map[:senior], quiz-map-feedback, quiz-spot[:senior], quiz-spot-feedback, map, map-site:SITE, map-route:ROUTE, tours, \
tour:TOUR, pin, admin, statistics[:when|exhibits|narration|quiz], large-text, high-contrast, english";

/// Why `--show` cannot open a screen; logged, and the kiosk opens as usual.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShowError {
    #[error("`{number}` is not a number in `{spec}`")]
    NotANumber { number: String, spec: String },
    #[error("no exhibit has the id `{0}`")]
    NoExhibit(String),
    #[error("no map site has the id `{0}`")]
    NoSite(String),
    #[error("no map route has the id `{0}`")]
    NoRoute(String),
    #[error("unknown screen `{0}`; the screens are: {SCREENS}")]
    UnknownScreen(String),
}

impl KioskApp {
    /// The hall's first question of a kind first in the round; with `feedback`, missed
    /// as a visitor might: a wrong picture, a tap beside the site, a tap in the corner.
    fn show_quiz_kind(&mut self, kind: &str, feedback: bool, now: std::time::Duration) {
        use crate::content::QuestionKind;
        let kind = match kind {
            "quiz-picture" => QuestionKind::Picture,
            "quiz-map" => QuestionKind::Map,
            _ => QuestionKind::Spot,
        };
        let Some(round) = &mut self.session.visit.quiz.round else {
            return;
        };
        round.put_first(&self.hall, kind, 0);
        if !feedback {
            return;
        }
        let action = round.current().and_then(|current| {
            let question = current.question(&self.hall)?;
            Some(match kind {
                QuestionKind::Map => {
                    let id = question.site.as_deref()?;
                    let site = self.hall.map.as_ref()?.sites.iter().find(|s| s.id == id)?;
                    let beside = |v: f32| if v > 0.5 { v - 0.12 } else { v + 0.12 };
                    Action::QuizTapMap {
                        at: [beside(site.x), site.y],
                        aspect: 2.0 / 3.0,
                    }
                }
                QuestionKind::Spot => Action::QuizTapPhoto([200.0, 1500.0]),
                _ => {
                    let right = current.right_position(question)?;
                    Action::QuizAnswer((right + 1) % current.order.len().max(1))
                }
            })
        });
        if let Some(action) = action {
            self.apply(&action, now);
        }
    }

    /// Goes to `spec` (see [`SCREENS`]) as a visitor, guide or staff would get there.
    /// Several screens separated by commas are visited in turn, so that
    /// `english,exhibit:xia-minghan` shows the exhibit in English.
    pub fn show(&mut self, spec: &str) -> Result<(), ShowError> {
        spec.split(',')
            .try_for_each(|one| self.show_one(one.trim()))
    }

    fn show_one(&mut self, spec: &str) -> Result<(), ShowError> {
        let now = self.clock.now();
        let parts: Vec<&str> = spec.split(':').collect();
        let number = |i: usize| -> Result<usize, ShowError> {
            parts.get(i).map_or(Ok(0), |n| {
                n.parse().map_err(|_| ShowError::NotANumber {
                    number: (*n).to_owned(),
                    spec: spec.to_owned(),
                })
            })
        };
        let exhibit = |id: &str| -> Result<String, ShowError> {
            self.hall
                .exhibit(id)
                .map(|e| e.id.clone())
                .ok_or_else(|| ShowError::NoExhibit(id.to_owned()))
        };
        let mut actions = vec![Action::StartVisit];
        match parts.as_slice() {
            ["home"] => {}
            ["large-text"] => actions.push(Action::ToggleLargeText),
            // The self-voicing mode's look, without its voice.
            ["high-contrast"] => self.session.visit.high_contrast = true,
            ["english"] => actions.push(Action::SetLanguage("en".into())),
            ["exhibit", id, ..] | ["narration", id, ..] | ["film", id, ..] => {
                actions.push(Action::OpenExhibit {
                    id: exhibit(id)?,
                    panel: number(2)?,
                });
                if parts[0] == "narration" {
                    actions.push(Action::PlayNarration);
                }
                // The film is sized by its place on the panel: it plays once drawn.
                self.session.play_film_when_drawn = parts.first() == Some(&"film");
            }
            ["photo", id, ..] => {
                actions.push(Action::OpenExhibit {
                    id: exhibit(id)?,
                    panel: number(2)?,
                });
                actions.push(Action::OpenPhoto(number(3)?));
            }
            ["quiz"] => actions.push(Action::OpenQuiz),
            ["quiz-question"] | ["quiz-feedback"] | ["quiz-result"] => {
                actions.push(Action::OpenQuiz);
                actions.push(Action::QuizStart(Level::Junior));
            }
            ["quiz-order", ..]
            | ["quiz-order-feedback"]
            | ["quiz-picture", ..]
            | ["quiz-picture-feedback"]
            | ["quiz-map", ..]
            | ["quiz-map-feedback"]
            | ["quiz-spot", ..]
            | ["quiz-spot-feedback"] => {
                actions.push(Action::OpenQuiz);
                actions.push(Action::QuizStart(if parts.get(1) == Some(&"senior") {
                    Level::Senior
                } else {
                    Level::Junior
                }));
            }
            ["map"] | ["map-site", _] | ["map-route", _] => actions.push(Action::OpenMap),
            ["tours"] => actions.push(Action::OpenTours),
            ["tour", id] => {
                actions.push(Action::OpenTours);
                actions.push(Action::StartTour((*id).to_owned()));
                actions.push(Action::ToggleGuidePanel);
            }
            ["pin"] => {
                self.desk.gate.open_pad(now);
                return Ok(());
            }
            ["admin"] => {
                self.desk.gate.open_overlay(now);
                self.desk.stats_request = self.analytics.request_summary(self.hall.utc_offset());
                return Ok(());
            }
            ["statistics", topic @ ..] => {
                use crate::ui::statistics::{Page, Topic};
                let topic = match topic {
                    [] | ["when"] => Topic::Visits,
                    ["exhibits"] => Topic::Exhibits,
                    ["narration"] => Topic::Narration,
                    ["quiz"] => Topic::Quiz,
                    _ => return Err(ShowError::UnknownScreen(spec.to_owned())),
                };
                self.desk.gate.open_overlay(now);
                self.show_statistics(Page {
                    topic,
                    narration: 0,
                });
                return Ok(());
            }
            _ => {
                return Err(ShowError::UnknownScreen(spec.to_owned()));
            }
        }
        for action in &actions {
            self.apply(action, now);
        }
        match parts.as_slice() {
            ["quiz-question"] | ["quiz-feedback"] => {
                // A multiple choice, as these previews have always shown.
                if let Some(round) = &mut self.session.visit.quiz.round
                    && round
                        .current()
                        .is_some_and(|q| q.kind != crate::content::QuestionKind::Choice)
                {
                    round.put_first(&self.hall, crate::content::QuestionKind::Choice, 0);
                }
                if parts[0] == "quiz-feedback" {
                    self.apply(&Action::QuizAnswer(0), now);
                }
            }
            ["quiz-order", ..] | ["quiz-order-feedback"] => {
                if let Some(round) = &mut self.session.visit.quiz.round {
                    round.put_first(&self.hall, crate::content::QuestionKind::Order, 0);
                }
                if parts[0] == "quiz-order-feedback" {
                    // The earliest card in its place, the last two swapped, then checked.
                    if let Some(round) = &mut self.session.visit.quiz.round
                        && let Some(first) = round.questions.first_mut()
                        && let Some(question) = first.question(&self.hall)
                    {
                        let mut order = question.events_in_order();
                        let n = order.len();
                        if n >= 2 {
                            order.swap(n - 2, n - 1);
                        }
                        first.order = order;
                    }
                    self.apply(&Action::QuizCheckOrder, now);
                }
            }
            [kind @ ("quiz-picture" | "quiz-map" | "quiz-spot"), ..] => {
                self.show_quiz_kind(kind, false, now)
            }
            [kind @ ("quiz-picture-feedback" | "quiz-map-feedback" | "quiz-spot-feedback")] => {
                self.show_quiz_kind(kind.trim_end_matches("-feedback"), true, now)
            }
            ["quiz-result"] => {
                // A round with one question missed, for the review.
                let count = self
                    .session
                    .visit
                    .quiz
                    .round
                    .as_ref()
                    .map_or(0, |r| r.questions.len());
                for n in 0..count {
                    let position = self.session.visit.quiz.round.as_ref().and_then(|round| {
                        let current = round.current()?;
                        let right = current.right_position(current.question(&self.hall)?)?;
                        Some(if n == 1 {
                            (right + 1) % current.order.len()
                        } else {
                            right
                        })
                    });
                    self.apply(&Action::QuizAnswer(position.unwrap_or(0)), now);
                    self.apply(&Action::QuizNext, now);
                }
            }
            ["map-site", site] => {
                let known = self
                    .hall
                    .map
                    .as_ref()
                    .is_some_and(|m| m.sites.iter().any(|s| s.id == *site));
                if !known {
                    return Err(ShowError::NoSite((*site).to_owned()));
                }
                self.session.screens.map.site = Some((*site).to_owned());
            }
            ["map-route", route] => {
                let first = self
                    .hall
                    .map
                    .as_ref()
                    .and_then(|m| m.routes.iter().find(|r| r.id == *route))
                    .map(|r| r.sites.first().cloned())
                    .ok_or_else(|| ShowError::NoRoute((*route).to_owned()))?;
                self.session.screens.map.route = Some(((*route).to_owned(), 0));
                self.session.screens.map.site = first;
            }
            _ => {}
        }
        Ok(())
    }
}
