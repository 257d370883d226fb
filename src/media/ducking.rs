//! Sound that makes way for the kiosk's own voice: lowered while it speaks (not
//! paused, so that a visitor keeps their place in a recording), and restored after.
//!
//! The narration and a film's sound duck: each implements [`Ducks`] and is handed to
//! [`Voice::duck`] every frame.

use std::time::Duration;

/// What ducked sound keeps of its volume: clearly below the voice, still heard.
pub const DUCKED_SHARE: f32 = 0.25;

/// Something that plays sound under the kiosk's voice.
pub trait Ducks {
    /// Lowers (`true`) or restores (`false`) the sound; called every frame, so it must
    /// be cheap when nothing changes.
    fn set_ducked(&mut self, ducked: bool);
}

/// Time after each utterance's expected end before the sound comes back up: the
/// engine starts a little late, and a gap between two utterances is not worth a swell.
const TAIL: Duration = Duration::from_millis(600);
/// The longest any one utterance is taken to last (a whole panel read from the top).
const LONGEST: Duration = Duration::from_secs(120);

/// When the kiosk's voice is speaking, as far as the kiosk can tell: each utterance
/// is taken to last as long as espeak-ng takes at its default rate (about four Chinese
/// characters or fourteen English letters a second). speech-dispatcher's end-of-speech
/// events would be exact; this needs none, and errs on the long side.
#[derive(Clone, Debug, Default)]
pub struct Voice {
    until: Option<Duration>,
}

impl Voice {
    /// The voice began `text` in `language` at `now` (interrupting what it said before).
    pub fn spoke(&mut self, now: Duration, language: &str, text: &str) {
        self.until = Some(now + spoken_length(language, text) + TAIL);
    }

    /// The voice was stopped.
    pub fn stopped(&mut self) {
        self.until = None;
    }

    /// How much longer the voice speaks, if it does.
    pub fn left(&self, now: Duration) -> Option<Duration> {
        self.until
            .filter(|until| *until > now)
            .map(|until| until.saturating_sub(now))
    }

    /// Lowers `sounds` while the voice speaks and restores them after; returns when to
    /// look again.
    pub fn duck(&mut self, now: Duration, sounds: &mut [&mut dyn Ducks]) -> Option<Duration> {
        let left = self.left(now);
        if left.is_none() {
            self.until = None;
        }
        for sound in sounds.iter_mut() {
            sound.set_ducked(left.is_some());
        }
        left
    }
}

/// How long espeak-ng takes to say `text`, about.
pub fn spoken_length(language: &str, text: &str) -> Duration {
    let seconds = if language == "zh" {
        text.chars().filter(|c| !c.is_whitespace()).count() as f32 / 4.0
    } else {
        text.chars().count() as f32 / 14.0
    };
    Duration::from_secs_f32(seconds.clamp(0.0, LONGEST.as_secs_f32()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Sound(Vec<bool>);
    impl Ducks for Sound {
        fn set_ducked(&mut self, ducked: bool) {
            self.0.push(ducked);
        }
    }

    #[test]
    fn sound_is_lowered_while_the_voice_speaks_and_restored_after() {
        let mut voice = Voice::default();
        let mut sound = Sound::default();
        let start = Duration::from_secs(10);
        assert_eq!(voice.duck(start, &mut [&mut sound]), None);
        // Eight Chinese characters (spaces not counted): two seconds, and the tail.
        voice.spoke(start, "zh", "第 2 页，共 3 页。");
        let left = voice.duck(start, &mut [&mut sound]).unwrap();
        assert_eq!(left, Duration::from_millis(2600));
        assert!(
            voice
                .duck(start + left - Duration::from_millis(1), &mut [&mut sound])
                .is_some()
        );
        assert_eq!(voice.duck(start + left, &mut [&mut sound]), None);
        assert_eq!(sound.0, [false, true, true, false]);
        // A stop restores at once.
        voice.spoke(start, "en", "Panel 2 of 3");
        voice.stopped();
        assert_eq!(voice.duck(start, &mut [&mut sound]), None);
    }

    #[test]
    fn a_very_long_text_is_bounded() {
        let text = "字".repeat(100_000);
        assert_eq!(spoken_length("zh", &text), LONGEST);
    }
}
