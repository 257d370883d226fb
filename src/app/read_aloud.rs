//! The quiz's speaker button: a question read aloud through the narrator (so that it
//! stops a narration or a film as a narration does), one clip after the other, or by
//! the speech engine when some text has no clip; stopped when the visitor leaves the
//! question.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::KioskApp;
use crate::content::read_aloud::{Reading, reading};
use crate::media::audio::TrackKey;
use crate::visit::Screen;

/// A question being read aloud.
#[derive(Debug)]
pub(super) struct ReadingAloud {
    /// The question read: its place in the round, and the language.
    question: (usize, String),
    /// The clip the narrator plays now; `None` when the speech engine speaks.
    playing: Option<(TrackKey, PathBuf)>,
    /// The clips still to come, in the order the screen shows their texts.
    rest: VecDeque<PathBuf>,
}

impl KioskApp {
    /// The question on the screen that can be read aloud: its place in the round and
    /// the visit's language. None once answered: the feedback takes over.
    fn question_shown(&self) -> Option<(usize, String)> {
        if self.session.visit.screen != Screen::Quiz {
            return None;
        }
        let round = self.session.visit.quiz.round.as_ref()?;
        let current = round.current().filter(|q| !q.is_answered())?;
        current.question(&self.hall)?;
        Some((round.current, self.session.visit.language.clone()))
    }

    /// The speaker button's tap: reads the question aloud, or stops the reading.
    pub(super) fn toggle_read_aloud(&mut self, now: Duration) {
        if self.session.read_aloud.is_some() {
            self.stop_read_aloud();
            return;
        }
        let Some(question) = self.question_shown() else {
            return;
        };
        let Some(current) = self
            .session
            .visit
            .quiz
            .round
            .as_ref()
            .and_then(|r| r.current())
            .cloned()
        else {
            return;
        };
        let Some(content) = current.question(&self.hall) else {
            return;
        };
        let language = question.1.clone();
        match reading(
            &self.hall,
            content,
            &current.order,
            &language,
            self.voicing.available(),
        ) {
            Some(Reading::Clips(clips)) => {
                if self.films.is_playing() {
                    self.films.pause();
                }
                self.leave_narration(now);
                self.session.read_aloud = Some(ReadingAloud {
                    question,
                    playing: None,
                    rest: clips.into(),
                });
                self.play_next_clip(now);
            }
            Some(Reading::Speech { language, text }) => {
                self.leave_narration(now);
                self.voicing.say(&language, &text);
                self.session.read_aloud = Some(ReadingAloud {
                    question,
                    playing: None,
                    rest: VecDeque::new(),
                });
            }
            None => {}
        }
    }

    /// Plays the next clip of the reading, or ends it after the last.
    fn play_next_clip(&mut self, now: Duration) {
        let Some(reading) = &mut self.session.read_aloud else {
            return;
        };
        let Some(clip) = reading.rest.pop_front() else {
            self.session.read_aloud = None;
            return;
        };
        let key = TrackKey {
            // Never a panel's key: exhibit ids have no `:`.
            exhibit: format!("quiz:{}", reading.question.0),
            panel: reading.rest.len(),
            language: reading.question.1.clone(),
        };
        reading.playing = Some((key.clone(), clip.clone()));
        self.narrator.play(key, &clip, None, now);
    }

    /// Whether the narrator's recording is one of the reading's clips (so that its end
    /// and its leaving are no narration's in the statistics).
    pub(super) fn is_reading_aloud(&self, key: Option<&TrackKey>) -> bool {
        let Some(reading) = &self.session.read_aloud else {
            return false;
        };
        key.is_some_and(|key| reading.playing.as_ref().is_some_and(|(k, _)| k == key))
    }

    /// Stops the reading, if any.
    pub(super) fn stop_read_aloud(&mut self) {
        let Some(reading) = self.session.read_aloud.take() else {
            return;
        };
        match reading.playing {
            Some((key, _)) => {
                if self.narrator.current() == Some(&key) {
                    self.narrator.stop();
                }
            }
            None => self.voicing.hush(),
        }
    }

    /// After each frame's actions: the next clip when one ended, and silence when the
    /// visitor left the question (answered it, moved on, changed language, went away)
    /// or something else took the narrator.
    pub(super) fn follow_read_aloud(&mut self, ended: Option<&TrackKey>, now: Duration) {
        let Some(reading) = &self.session.read_aloud else {
            return;
        };
        if self.question_shown().as_ref() != Some(&reading.question) {
            self.stop_read_aloud();
            return;
        }
        match &reading.playing {
            Some((key, _)) if ended == Some(key) => self.play_next_clip(now),
            Some((key, _)) if self.narrator.current() != Some(key) => {
                self.session.read_aloud = None;
            }
            // The speech engine tells no end: its reading lasts until tapped or left.
            None | Some(_) => {}
        }
    }

    /// The clip being read aloud now, for tests.
    pub fn read_aloud_clip(&self) -> Option<&Path> {
        self.session
            .read_aloud
            .as_ref()
            .and_then(|r| r.playing.as_ref())
            .map(|(_, clip)| clip.as_path())
    }
}
