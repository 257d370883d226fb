//! Reading a quiz question aloud, free of egui: what is said (the prompt, then the
//! choices or events in the order they are shown), and which recordings say it — the
//! curator's `prompt_audio` for the prompt, otherwise speech made ahead of time by
//! `scripts/make-demo-media` (`scripts/quiz_voice.py`), one clip per piece of text,
//! found by a hash of the words it speaks.
//!
//! A clip's name is `audio/quiz/<lang>/<key>.ogg` under `media/`, where `<key>` is
//! [`clip_key`] of the language and the spoken text: a question rewritten gets new
//! clips, one added later only the clips it lacks, and a clip is never read out for
//! words it does not say. The script computes the same key (see its `clip_key`).

use std::path::PathBuf;

use crate::content::media_index::MediaIndex;
use crate::content::{Hall, MediaKind, Question, QuestionKind, Text};

/// Where generated read-aloud clips live under `media/`.
pub const CLIP_FOLDER: &str = "audio/quiz";

/// The text a clip speaks, as its key is computed: white space runs made one space,
/// none at the ends (a line wrap in the source file does not change the words).
pub fn spoken(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a (64 bits) of `"<lang>\n<spoken text>"`, as 16 hex digits: stable across
/// versions and machines, and written the same way in `scripts/quiz_voice.py`.
pub fn clip_key(language: &str, text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in language
        .bytes()
        .chain(std::iter::once(b'\n'))
        .chain(spoken(text).into_bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The generated clip of `text` in `language`, relative to `media/`.
pub fn clip_path(language: &str, text: &str) -> String {
    format!("{CLIP_FOLDER}/{language}/{}.ogg", clip_key(language, text))
}

/// One piece of a question to say: its text, and the language it is written in (the
/// visitor's, or the hall's first when the curator gave none in theirs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub language: String,
    pub text: String,
}

fn piece(text: &Text, language: &str, fallback: &str) -> Piece {
    let (language, text) = text
        .0
        .get_key_value(language)
        .or_else(|| text.0.get_key_value(fallback))
        .or_else(|| text.0.iter().next())
        .map(|(l, t)| (l.as_str(), t.as_str()))
        .unwrap_or((language, ""));
    Piece {
        language: language.to_owned(),
        text: spoken(text),
    }
}

/// What reading `question` aloud says, in the order written: the prompt first, then
/// each choice, each event's text (never its year: the years are the answer), or each
/// picture's caption. A map or spot-it question is its prompt alone: naming the places
/// would give the answer away.
pub fn pieces(question: &Question, language: &str, fallback: &str) -> Vec<Piece> {
    let items: Vec<&Text> = match question.kind() {
        QuestionKind::Choice => question.choices.iter().collect(),
        QuestionKind::Order => question.events.iter().map(|e| &e.text).collect(),
        QuestionKind::Picture => question.pictures.iter().map(|p| &p.caption).collect(),
        QuestionKind::Map | QuestionKind::Spot => Vec::new(),
    };
    std::iter::once(&question.prompt)
        .chain(items)
        .map(|text| piece(text, language, fallback))
        .filter(|p| !p.text.is_empty())
        .collect()
}

/// How a question is read aloud.
#[derive(Clone, Debug, PartialEq)]
pub enum Reading {
    /// Recordings, played one after the other.
    Clips(Vec<PathBuf>),
    /// No recording for some piece: the kiosk's speech engine says it all.
    Speech { language: String, text: String },
}

/// How to read `question` aloud in `language`, its items in the order `shown` (indices
/// as written, as `RoundQuestion::order` holds them): recordings when every piece has
/// one, else the speech engine when there is one (`speech`), else nothing (the speaker
/// button is not shown).
pub fn reading(
    hall: &Hall,
    question: &Question,
    shown: &[usize],
    language: &str,
    speech: bool,
) -> Option<Reading> {
    let fallback = hall.config.default_language();
    let written = pieces(question, language, fallback);
    let (prompt, items) = written.split_first()?;
    let ordered: Vec<&Piece> = std::iter::once(prompt)
        .chain(shown.iter().filter_map(|&i| items.get(i)))
        .collect();
    let media_dir = hall.config.media_dir(&hall.root);
    let recorded = question
        .prompt_audio
        .as_ref()
        .and_then(|audio| audio.get(language))
        .and_then(|file| file.file())
        .map(PathBuf::from);
    let clips: Option<Vec<PathBuf>> = ordered
        .iter()
        .enumerate()
        .map(|(n, piece)| match (n, &recorded) {
            (0, Some(file)) => Some(file.clone()),
            _ => {
                let relative = clip_path(&piece.language, &piece.text);
                hall.media
                    .accepts(&relative, MediaKind::Audio)
                    .then(|| media_dir.join(relative))
            }
        })
        .collect();
    match clips {
        Some(clips) => Some(Reading::Clips(clips)),
        None if speech => Some(Reading::Speech {
            language: language.to_owned(),
            text: ordered
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(if language == "zh" { "。" } else { ". " }),
        }),
        None => None,
    }
}

/// For `kiosk check`: the pieces of `question` in `language` that have no recording
/// (the prompt counts as recorded when `prompt_audio` names a file for the language;
/// whether that file is there is the media check's to say).
pub fn unrecorded(
    question: &Question,
    language: &str,
    fallback: &str,
    media: &MediaIndex,
) -> Vec<Piece> {
    let recorded_prompt = question
        .prompt_audio
        .as_ref()
        .is_some_and(|audio| audio.contains_key(language));
    pieces(question, language, fallback)
        .into_iter()
        .enumerate()
        .filter(|(n, piece)| {
            let recorded = (*n == 0 && recorded_prompt)
                || media.accepts(&clip_path(&piece.language, &piece.text), MediaKind::Audio);
            !recorded
        })
        .map(|(_, piece)| piece)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_fnv1a_of_the_language_and_the_spoken_words() {
        // The same figures as `python3 scripts/quiz_voice.py --self-test`.
        assert_eq!(clip_key("", ""), "af63c74c8601c8dd");
        assert_eq!(clip_key("en", "Who?"), clip_key("en", "  Who?\n"));
        assert_ne!(clip_key("en", "Who?"), clip_key("zh", "Who?"));
        assert_eq!(
            clip_path("zh", "谁？"),
            format!("audio/quiz/zh/{}.ogg", clip_key("zh", "谁？"))
        );
    }
}
