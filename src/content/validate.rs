//! Checks that go beyond the RON types: ids, languages, media, quiz answers, tour
//! stops and map positions. Each problem names the file, the field path and, where it
//! can be found, the line and column.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::media_index::{MediaIndex, MediaKind, Probe};
use super::model::{
    Exhibit, LocalisedPath, Map, Narration, Question, QuestionKind, Site, Text, Tour, Video,
    VideoFile,
};

use super::source::field_keys;
use crate::diagnostics::{Diagnostic, Diagnostics, Message, Position, Severity};
use crate::msg;

mod quiz_kinds;

/// A school visit lasts an afternoon: a longer stop is a slip (seconds, or a digit
/// too many).
pub const MAX_STOP_MINUTES: u32 = 240;

/// Films larger than this play slowly with software decoding on a kiosk PC.
const MAX_FILM_WIDTH: u32 = 1920;
const MAX_FILM_HEIGHT: u32 = 1080;

/// What a caption file goes with, for its messages.
#[derive(Clone, Copy)]
enum Medium {
    Recording,
    Film,
}

/// Slack allowed between the last caption and the end of the audio.
const CAPTION_SLACK: Duration = Duration::from_millis(100);

/// Everything the per-file checks need from the rest of the hall.
pub struct Context<'a> {
    pub languages: &'a [String],
    /// The theme ids named in kiosk.ron; `None` when kiosk.ron itself is broken.
    pub themes: Option<&'a BTreeSet<String>>,
    pub media: &'a mut MediaIndex,
    /// Open files to read dimensions, durations and cues (`kiosk check`), or only
    /// check that they exist (the running kiosk, for a fast start).
    pub probe: bool,
    /// Every character of every text goes here, for the font coverage check.
    pub characters: &'a mut HashMap<char, (std::path::PathBuf, String, Option<Position>)>,
    /// The map's sites, for map questions: empty without a map, `None` when the map
    /// cannot be read (then its own errors are reported, not every question's).
    pub map_sites: Option<&'a [Site]>,
    /// The map picture's height over its width, when it could be read: a map
    /// question's tolerance is measured in widths.
    pub map_aspect: Option<f32>,
}

/// Checks one file's data, collecting diagnostics. Field positions are found by
/// counting `key:` occurrences in the source, in the order the data is walked.
pub struct FileCheck<'a, 'c> {
    ctx: &'a mut Context<'c>,
    display: &'a Path,
    text: &'a str,
    keys: HashMap<String, Vec<Position>>,
    seen: HashMap<&'static str, usize>,
    pub out: Diagnostics,
}

impl<'a, 'c> FileCheck<'a, 'c> {
    pub fn new(ctx: &'a mut Context<'c>, display: &'a Path, text: &'a str) -> Self {
        Self {
            ctx,
            display,
            text,
            keys: field_keys(text),
            seen: HashMap::new(),
            out: Diagnostics::default(),
        }
    }

    /// The position of the next `key:` in walking order.
    fn next_key(&mut self, key: &'static str) -> Option<Position> {
        let n = self.seen.entry(key).or_default();
        let position = self.keys.get(key).and_then(|all| all.get(*n)).copied();
        *n += 1;
        position
    }

    fn report(
        &mut self,
        severity: Severity,
        position: Option<Position>,
        field: &str,
        message: Message,
        hint: Option<String>,
    ) {
        let mut diagnostic = match severity {
            Severity::Error => Diagnostic::error(self.display, message),
            Severity::Warning => Diagnostic::warning(self.display, message),
        }
        .with_field(field);
        if let Some(position) = position {
            diagnostic = diagnostic.at(position, self.text);
        }
        diagnostic.hint = hint;
        self.out.push(diagnostic);
    }

    pub fn error_count(&self) -> usize {
        self.out.error_count()
    }

    fn id(&mut self, id: &str, field: &str) {
        let position = self.next_key("id");
        if id.is_empty() {
            self.report(
                Severity::Error,
                position,
                field,
                msg!("the id is empty"),
                None,
            );
        } else if !is_valid_id(id) {
            let suggestion = suggest_id(id);
            self.report(
                Severity::Error,
                position,
                field,
                msg!("the id `{id}` may only use a–z, 0–9 and `-`"),
                (!suggestion.is_empty()).then(|| format!("try `{suggestion}`")),
            );
        }
    }

    /// Checks one localised text found at the next `key:`.
    fn text(&mut self, text: &Text, key: &'static str, field: &str) {
        let position = self.next_key(key);
        self.text_at(text, position, field);
    }

    /// Checks one localised text: declared languages, missing translations, empty text.
    fn text_at(&mut self, text: &Text, position: Option<Position>, field: &str) {
        for lang in text.languages() {
            if !self.ctx.languages.iter().any(|l| l == lang) {
                self.report(
                    Severity::Error,
                    position,
                    field,
                    msg!("the language `{lang}` is not declared in kiosk.ron"),
                    Some(format!(
                        "the hall's languages are: {}",
                        self.ctx.languages.join(", ")
                    )),
                );
            }
        }
        for lang in self.ctx.languages {
            match text.0.get(lang) {
                None => self.report(
                    Severity::Warning,
                    position,
                    field,
                    msg!(
                        "no `{lang}` text; visitors will see the `{}` text",
                        fallback(self.ctx.languages)
                    ),
                    None,
                ),
                Some(value) if value.trim().is_empty() => {
                    self.report(
                        Severity::Warning,
                        position,
                        field,
                        msg!("the `{lang}` text is empty"),
                        None,
                    );
                }
                Some(_) => {}
            }
        }
        for value in text.values() {
            for c in value.chars() {
                self.ctx
                    .characters
                    .entry(c)
                    .or_insert_with(|| (self.display.to_path_buf(), field.to_owned(), position));
            }
        }
    }

    /// A picture's description for visitors who cannot see it; its absence is warned
    /// about at the picture's file (`file_position`).
    fn alt(&mut self, alt: Option<&Text>, file_position: Option<Position>, field: &str) {
        match alt {
            Some(alt) => self.text(alt, "alt", field),
            None => self.report(
                Severity::Warning,
                file_position,
                field,
                msg!(
                    "the picture has no `alt` text: visitors who cannot see it will not hear what it shows"
                ),
                Some(
                    "describe what it shows in a sentence or two: `alt: {\"zh\": \"…\", \"en\": \"…\"}`"
                        .to_owned(),
                ),
            ),
        }
    }

    fn optional_text(&mut self, text: Option<&Text>, key: &'static str, field: &str) {
        if let Some(text) = text {
            self.text(text, key, field);
        }
    }

    /// Checks a media reference; returns what probing found, if it was probed.
    fn media(
        &mut self,
        relative: &str,
        kind: MediaKind,
        position: Option<Position>,
        field: &str,
    ) -> Option<Probe> {
        let position = self.value_position(position, relative);
        if let Err(problem) = self.ctx.media.check(relative, kind) {
            self.report(
                Severity::Error,
                position,
                field,
                Message::relayed(problem.message),
                problem.hint,
            );
            return None;
        }
        if !self.ctx.probe {
            return None;
        }
        match self.ctx.media.probe(relative, kind) {
            Ok(probe) => Some(probe),
            Err(problem) => {
                let message = match &problem.in_captions {
                    Some(err) => msg!(
                        "invalid WebVTT at line {} of media/{relative}: {}",
                        err.line,
                        err.message
                    ),
                    None => Message::relayed(problem.message),
                };
                self.report(Severity::Error, position, field, message, problem.hint);
                None
            }
        }
    }

    /// The position of the string `value` at or after its key, else the key's.
    fn value_position(&self, key: Option<Position>, value: &str) -> Option<Position> {
        let line = key?.line;
        super::source::locate_literal(self.text, value, line)
            // A Windows path is checked with `/` but written with `\`.
            .or_else(|| super::source::locate_literal(self.text, &value.replace('/', "\\"), line))
            .or(key)
    }

    pub fn exhibit(&mut self, exhibit: &mut Exhibit) {
        self.id(&exhibit.id, "id");
        self.text(&exhibit.title, "title", "title");
        self.optional_text(exhibit.summary.as_ref(), "summary", "summary");
        let theme_position = self.next_key("theme");
        if let Some(themes) = self
            .ctx
            .themes
            .filter(|themes| !themes.contains(&exhibit.theme))
        {
            let known: Vec<&str> = themes.iter().map(String::as_str).collect();
            let hint = match crate::diagnostics::closest(&exhibit.theme, known.iter().copied()) {
                Some(best) => Some(format!("did you mean `{best}`?")),
                None if known.is_empty() => {
                    Some("name the theme in kiosk.ron's `themes`".to_owned())
                }
                None => Some(format!("the themes in kiosk.ron are: {}", known.join(", "))),
            };
            self.report(
                Severity::Warning,
                theme_position,
                "theme",
                msg!(
                    "the theme `{}` has no name in kiosk.ron; its id is shown instead",
                    exhibit.theme
                ),
                hint,
            );
        }
        let cover_position = self.next_key("cover");
        self.media(
            exhibit.cover.written(),
            MediaKind::Image,
            cover_position,
            "cover",
        );
        if let Some(focus) = exhibit.cover_focus {
            let position = self.next_key("cover_focus");
            if !focus.is_on_the_picture() {
                self.report(
                    Severity::Warning,
                    position,
                    "cover_focus",
                    msg!(
                        "the cover's focus (x: {}, y: {}) is not on the picture; the cover is cropped about its middle",
                        focus.x,
                        focus.y
                    ),
                    Some(
                        "x and y are fractions of the picture: 0.0 is its left or top edge, 1.0 its right or bottom edge"
                            .to_owned(),
                    ),
                );
                exhibit.cover_focus = None;
            }
        }

        let panels_position = self.next_key("panels");
        if exhibit.panels.is_empty() {
            self.report(
                Severity::Error,
                panels_position,
                "panels",
                msg!("an exhibit needs at least one panel"),
                None,
            );
        }
        for (p, panel) in exhibit.panels.iter().enumerate() {
            self.text(&panel.heading, "heading", &format!("panels[{p}].heading"));
            self.text(&panel.body, "body", &format!("panels[{p}].body"));
            for (i, photo) in panel.photos.iter().enumerate() {
                let field = format!("panels[{p}].photos[{i}]");
                let position = self.next_key("file");
                self.media(
                    photo.file.written(),
                    MediaKind::Image,
                    position,
                    &format!("{field}.file"),
                );
                self.optional_text(
                    photo.caption.as_ref(),
                    "caption",
                    &format!("{field}.caption"),
                );
                let file_position = self.value_position(position, photo.file.written());
                self.alt(photo.alt.as_ref(), file_position, &format!("{field}.alt"));
            }
            if let Some(narration) = &panel.narration {
                self.narration(narration, &format!("panels[{p}].narration"));
            }
            if let Some(video) = &panel.video {
                self.video(video, &format!("panels[{p}].video"));
            }
        }
        self.optional_text(exhibit.guide_notes.as_ref(), "guide_notes", "guide_notes");

        let panel_count = exhibit.panels.len();
        // Each question's keys are looked for between its `prompt:` and the next one's,
        // since a question of one kind lacks the other kinds' fields.
        let prompts: Vec<Position> = self.keys.get("prompt").cloned().unwrap_or_default();
        let mut keep = Vec::with_capacity(exhibit.quiz.len());
        for (q, question) in exhibit.quiz.iter_mut().enumerate() {
            let field = format!("quiz[{q}]");
            let span = (prompts.get(q).copied(), prompts.get(q + 1).copied());
            self.text(&question.prompt, "prompt", &format!("{field}.prompt"));
            let one_kind = self.one_kind(question, &field, span);
            let usable = match question.kind() {
                QuestionKind::Choice => self.choice_question(question, &field, span),
                QuestionKind::Order => self.order_question(question, &field, span),
                QuestionKind::Picture => self.picture_question(question, &field, span),
                QuestionKind::Map => self.map_question(question, &field, span),
                QuestionKind::Spot => self.spot_question(question, &field, span),
            } && one_kind;
            self.text(
                &question.explanation,
                "explanation",
                &format!("{field}.explanation"),
            );
            if let Some(panel) = question.panel {
                let position = self.key_within("panel", span);
                if panel >= panel_count {
                    self.report(
                        Severity::Error,
                        position,
                        &format!("{field}.panel"),
                        msg!("panel {panel} does not exist; this exhibit has {panel_count} panels"),
                        Some(format!(
                            "panels count from 0: use 0 to {}",
                            panel_count.saturating_sub(1)
                        )),
                    );
                    question.panel = None;
                }
            }
            keep.push(usable);
            if usable {
                self.read_aloud(question, &field, span);
            }
        }
        // Unusable questions never reach the quiz screen.
        let mut flags = keep.into_iter();
        exhibit.quiz.retain(|_| flags.next().unwrap_or(false));
    }

    /// The first `key:` inside `span` (from a question's `prompt:` to the next one's).
    fn key_within(
        &self,
        key: &str,
        span: (Option<Position>, Option<Position>),
    ) -> Option<Position> {
        self.keys_within(key, span).into_iter().next()
    }

    fn keys_within(&self, key: &str, span: (Option<Position>, Option<Position>)) -> Vec<Position> {
        let (from, to) = span;
        self.keys
            .get(key)
            .map(|all| {
                all.iter()
                    .copied()
                    .filter(|p| from.is_none_or(|f| *p >= f) && to.is_none_or(|t| *p < t))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A multiple choice of texts; returns whether the quiz can ask it.
    fn choice_question(
        &mut self,
        question: &Question,
        field: &str,
        span: (Option<Position>, Option<Position>),
    ) -> bool {
        let choices_position = self.key_within("choices", span);
        for (c, choice) in question.choices.iter().enumerate() {
            // Choices are bare maps without a key of their own: point at `choices:`.
            self.text_at(choice, choices_position, &format!("{field}.choices[{c}]"));
        }
        let answer_position = self.key_within("answer", span);
        let count = question.choices.len();
        if count < 2 {
            self.report(
                Severity::Error,
                choices_position.or(span.0),
                &format!("{field}.choices"),
                msg!("a question needs at least 2 choices, found {}", count),
                None,
            );
            return false;
        }
        if count > 4 {
            self.report(
                Severity::Warning,
                choices_position,
                &format!("{field}.choices"),
                msg!("{} choices; the quiz screen is designed for 2 to 4", count),
                None,
            );
        }
        match question.answer {
            None => {
                self.report(
                    Severity::Error,
                    choices_position,
                    &format!("{field}.answer"),
                    msg!("this question has choices but no `answer`"),
                    Some(format!(
                        "add `answer:` with the right choice's number, counting from 0 (0 to {})",
                        count - 1
                    )),
                );
                false
            }
            Some(answer) if answer >= count => {
                self.report(
                    Severity::Error,
                    answer_position,
                    &format!("{field}.answer"),
                    msg!(
                        "the answer is choice {}, but there are only {} choices",
                        answer,
                        count
                    ),
                    Some(format!("choices count from 0: use 0 to {}", count - 1)),
                );
                false
            }
            Some(_) => true,
        }
    }

    /// Events to put in the order they happened; returns whether the quiz can ask it.
    fn order_question(
        &mut self,
        question: &Question,
        field: &str,
        span: (Option<Position>, Option<Position>),
    ) -> bool {
        let mut usable = true;
        let events_position = self.key_within("events", span);
        if !question.choices.is_empty() {
            self.report(
                Severity::Error,
                self.key_within("choices", span),
                &format!("{field}.choices"),
                msg!("a question has either `choices` or `events`, not both"),
                Some(
                    "an order question's answer is the events' years: remove `choices`".to_owned(),
                ),
            );
            usable = false;
        }
        if question.answer.is_some() {
            self.report(
                Severity::Warning,
                self.key_within("answer", span),
                &format!("{field}.answer"),
                msg!("an order question needs no `answer`; it is ignored"),
                Some("the events' years give the right order".to_owned()),
            );
        }
        let count = question.events.len();
        if !(3..=4).contains(&count) {
            self.report(
                Severity::Error,
                events_position,
                &format!("{field}.events"),
                msg!("an order question needs 3 or 4 events, found {}", count),
                Some(
                    "the cards must fit the screen at once, and two are too easy to guess"
                        .to_owned(),
                ),
            );
            usable = false;
        }
        let texts = self.keys_within("text", span);
        let years = self.keys_within("year", span);
        let photos = self.keys_within("photo", span);
        let mut seen: HashMap<i32, usize> = HashMap::new();
        for (e, event) in question.events.iter().enumerate() {
            let event_field = format!("{field}.events[{e}]");
            // The event's own keys: after its `text:` and before the next event's.
            let event_span = (
                texts.get(e).copied().or(events_position),
                texts.get(e + 1).copied().or(span.1),
            );
            let within = |all: &[Position]| {
                all.iter().copied().find(|p| {
                    event_span.0.is_none_or(|f| *p >= f) && event_span.1.is_none_or(|t| *p < t)
                })
            };
            let text_position = texts.get(e).copied().or(events_position);
            self.text_at(&event.text, text_position, &format!("{event_field}.text"));
            let year_position = within(&years).or(text_position);
            if let Some(&first) = seen.get(&event.year) {
                self.report(
                    Severity::Error,
                    year_position,
                    &format!("{event_field}.year"),
                    msg!(
                        "events {first} and {e} both happened in {}: their order cannot be told",
                        event.year
                    ),
                    Some("give each event a different year, or choose another event".to_owned()),
                );
                usable = false;
            } else {
                seen.insert(event.year, e);
            }
            if let Some(photo) = &event.photo {
                let position = within(&photos).or(text_position);
                self.media(
                    photo.written(),
                    MediaKind::Image,
                    position,
                    &format!("{event_field}.photo"),
                );
            }
        }
        usable
    }

    /// A question's read-aloud: the recorded prompts it names, and in each language of
    /// the hall a recording of every piece the speaker button says (`read_aloud`).
    fn read_aloud(
        &mut self,
        question: &Question,
        field: &str,
        span: (Option<Position>, Option<Position>),
    ) {
        let audio_position = self.key_within("prompt_audio", span);
        for (lang, file) in question.prompt_audio.iter().flatten() {
            if !self.ctx.languages.contains(lang) {
                self.report(
                    Severity::Error,
                    audio_position,
                    &format!("{field}.prompt_audio"),
                    msg!("the language `{lang}` is not declared in kiosk.ron"),
                    None,
                );
            }
            self.media(
                file.written(),
                MediaKind::Audio,
                audio_position,
                &format!("{field}.prompt_audio.{lang}"),
            );
        }
        let fallback = fallback(self.ctx.languages).to_owned();
        for lang in self.ctx.languages {
            let unrecorded =
                crate::content::read_aloud::unrecorded(question, lang, &fallback, self.ctx.media);
            let Some(first) = unrecorded.first() else {
                continue;
            };
            let (missing, first) = (unrecorded.len(), first.text.clone());
            let total = crate::content::read_aloud::pieces(question, lang, &fallback).len();
            self.report(
                Severity::Warning,
                audio_position.or(span.0),
                &format!("{field}.prompt_audio"),
                msg!(
                    "no `{lang}` read-aloud audio for {missing} of this question's {total} texts (“{first}”); the speaker button is shown only where the kiosk has a speech engine"
                ),
                Some(
                    "name a recording of the prompt in `prompt_audio`, and run scripts/make-demo-media to make the missing clips with espeak-ng"
                        .to_owned(),
                ),
            );
        }
    }

    fn narration(&mut self, narration: &Narration, field: &str) {
        let audio_position = self.next_key("audio");
        let mut durations = HashMap::new();
        for (lang, file) in &narration.audio {
            if !self.ctx.languages.contains(lang) {
                self.report(
                    Severity::Error,
                    audio_position,
                    &format!("{field}.audio"),
                    msg!("the language `{lang}` is not declared in kiosk.ron"),
                    None,
                );
            }
            if let Some(Probe::Audio { duration }) = self.media(
                file.written(),
                MediaKind::Audio,
                audio_position,
                &format!("{field}.audio.{lang}"),
            ) {
                durations.insert(lang.clone(), duration);
            }
        }
        for lang in self.ctx.languages {
            if !narration.audio.contains_key(lang) {
                self.report(
                    Severity::Warning,
                    audio_position,
                    &format!("{field}.audio"),
                    msg!(
                        "no `{lang}` narration; visitors will hear the `{}` one",
                        fallback(self.ctx.languages)
                    ),
                    None,
                );
            }
        }
        let Some(captions) = &narration.captions else {
            return;
        };
        let captions_position = self.next_key("captions");
        self.captions(
            captions,
            captions_position,
            field,
            &durations,
            Medium::Recording,
        );
    }

    /// A panel's film: its file or files, poster and captions. Probing asks GStreamer
    /// whether this machine can decode each file (the kiosk's player uses the same
    /// plugins).
    fn video(&mut self, video: &Video, field: &str) {
        let file_position = self.next_key("file");
        let mut durations = HashMap::new();
        if let VideoFile::PerLanguage(files) = &video.file {
            for lang in files.keys() {
                if !self.ctx.languages.contains(lang) {
                    self.report(
                        Severity::Error,
                        file_position,
                        &format!("{field}.file"),
                        msg!("the language `{lang}` is not declared in kiosk.ron"),
                        None,
                    );
                }
            }
            for lang in self.ctx.languages {
                if !files.contains_key(lang) {
                    self.report(
                        Severity::Warning,
                        file_position,
                        &format!("{field}.file"),
                        msg!(
                            "no `{lang}` film; visitors will see the `{}` one",
                            fallback(self.ctx.languages)
                        ),
                        None,
                    );
                }
            }
        }
        for (lang, file) in video.file.files() {
            let file_field = match lang {
                Some(lang) => format!("{field}.file.{lang}"),
                None => format!("{field}.file"),
            };
            let Some(Probe::Video(film)) =
                self.media(file.written(), MediaKind::Video, file_position, &file_field)
            else {
                continue;
            };
            let position = self.value_position(file_position, file.written());
            if film.width > MAX_FILM_WIDTH || film.height > MAX_FILM_HEIGHT {
                self.report(
                    Severity::Warning,
                    position,
                    &file_field,
                    msg!(
                        "the film is {}×{} px; more than 1920×1080 plays slowly on a kiosk PC",
                        film.width,
                        film.height
                    ),
                    Some("scale it to 1920×1080 or less with the command in section 5 of the curator's guide".to_owned()),
                );
            }
            match lang {
                Some(lang) => {
                    durations.insert(lang.to_owned(), film.duration);
                }
                None => {
                    for lang in self.ctx.languages {
                        durations.insert(lang.clone(), film.duration);
                    }
                }
            }
        }
        let poster_position = if video.poster.is_some() {
            self.next_key("poster")
        } else {
            None
        };
        match &video.poster {
            Some(poster) => {
                self.media(
                    poster.written(),
                    MediaKind::Image,
                    poster_position,
                    &format!("{field}.poster"),
                );
            }
            None => self.report(
                Severity::Warning,
                file_position,
                &format!("{field}.poster"),
                msg!("the film has no poster; the panel shows a dark frame until it plays"),
                Some("add `poster: Some(\"photos/….jpg\")`, a still from the film".to_owned()),
            ),
        }
        if let Some(captions) = &video.captions {
            let captions_position = self.next_key("captions");
            self.captions(captions, captions_position, field, &durations, Medium::Film);
        }
    }

    /// The caption files of a recording or a film, against the lengths probing found.
    fn captions(
        &mut self,
        captions: &LocalisedPath,
        captions_position: Option<Position>,
        field: &str,
        durations: &HashMap<String, Option<Duration>>,
        medium: Medium,
    ) {
        for (lang, file) in captions {
            let caption_field = format!("{field}.captions.{lang}");
            let Some(Probe::Captions(cues)) = self.media(
                file.written(),
                MediaKind::Captions,
                captions_position,
                &caption_field,
            ) else {
                continue;
            };
            let vtt = format!("media/{}", file.written());
            let position = self.value_position(captions_position, file.written());
            if cues.cues.is_empty() {
                self.report(
                    Severity::Warning,
                    position,
                    &caption_field,
                    msg!("{vtt} holds no cues"),
                    None,
                );
            }
            for order in &cues.out_of_order {
                let start = minutes_seconds(order.start);
                match order.before_start {
                    Some(earlier) => self.report(
                        Severity::Error,
                        position,
                        &caption_field,
                        msg!(
                            "line {} of {vtt}: the cue starts at {start}, before the cue above it ({})",
                            order.line,
                            minutes_seconds(earlier)
                        ),
                        Some("cues go in time order: is one of the two times mistyped?".to_owned()),
                    ),
                    None => self.report(
                        Severity::Warning,
                        position,
                        &caption_field,
                        msg!(
                            "line {} of {vtt}: the cue starts at {start}, before the cue above it ends ({})",
                            order.line,
                            minutes_seconds(order.previous_end)
                        ),
                        Some(format!(
                            "the cue above is cut short; let it end at {start} or earlier"
                        )),
                    ),
                }
            }
            if let Some(Some(duration)) = durations.get(lang)
                && cues.end() > *duration + CAPTION_SLACK
            {
                self.report(
                    Severity::Error,
                    position,
                    &caption_field,
                    match medium {
                        Medium::Recording => msg!(
                            "{vtt} ends at {}, after the recording ends ({})",
                            minutes_seconds(cues.end()),
                            minutes_seconds(*duration)
                        ),
                        Medium::Film => msg!(
                            "{vtt} ends at {}, after the film ends ({})",
                            minutes_seconds(cues.end()),
                            minutes_seconds(*duration)
                        ),
                    },
                    Some("regenerate the captions, or shorten the last cue".to_owned()),
                );
            }
        }
    }

    pub fn tour(&mut self, tour: &mut Tour, exhibits: &KnownExhibits) {
        self.id(&tour.id, "id");
        self.text(&tour.title, "title", "title");
        self.optional_text(tour.description.as_ref(), "description", "description");
        let stops_position = self.next_key("stops");
        if tour.stops.is_empty() {
            self.report(
                Severity::Error,
                stops_position,
                "stops",
                msg!("a tour needs at least one stop"),
                None,
            );
        }
        for (s, stop) in tour.stops.iter_mut().enumerate() {
            let field = format!("stops[{s}]");
            let position = self.next_key("exhibit");
            if !exhibits.contains(&stop.exhibit) {
                let hint = exhibits.hint(&stop.exhibit);
                let position = self.value_position(position, &stop.exhibit);
                self.report(
                    Severity::Error,
                    position,
                    &format!("{field}.exhibit"),
                    msg!("no exhibit has the id `{}`", stop.exhibit),
                    hint,
                );
            }
            let position = self.next_key("minutes");
            if stop.minutes == 0 {
                self.report(
                    Severity::Error,
                    position,
                    &format!("{field}.minutes"),
                    msg!("a stop needs at least 1 planned minute"),
                    None,
                );
            } else if stop.minutes > MAX_STOP_MINUTES {
                self.report(
                    Severity::Error,
                    position,
                    &format!("{field}.minutes"),
                    msg!(
                        "the stop is planned for {} minutes; a stop may take at most {MAX_STOP_MINUTES}",
                        stop.minutes
                    ),
                    Some("`minutes` counts minutes: a ten-minute stop is `minutes: 10`".to_owned()),
                );
                // The guide's clocks never show the slip.
                stop.minutes = MAX_STOP_MINUTES;
            }
            self.optional_text(stop.notes.as_ref(), "notes", &format!("{field}.notes"));
        }
    }

    pub fn map(&mut self, map: &mut Map, exhibits: &KnownExhibits) {
        self.text(&map.title, "title", "title");
        let position = self.next_key("image");
        self.media(map.image.written(), MediaKind::Image, position, "image");
        let image_position = self.value_position(position, map.image.written());
        self.alt(map.alt.as_ref(), image_position, "alt");
        let mut site_ids = BTreeSet::new();
        for (s, site) in map.sites.iter().enumerate() {
            let field = format!("sites[{s}]");
            self.id(&site.id, &format!("{field}.id"));
            if !site_ids.insert(site.id.as_str()) {
                let position = self.seen_position("id");
                self.report(
                    Severity::Error,
                    position,
                    &format!("{field}.id"),
                    msg!("two sites have the id `{}`", site.id),
                    None,
                );
            }
            self.text(&site.name, "name", &format!("{field}.name"));
            for (key, value) in [("x", site.x), ("y", site.y)] {
                let position = self.next_key(if key == "x" { "x" } else { "y" });
                if !is_on_map(value) {
                    self.report(
                        Severity::Error,
                        position,
                        &format!("{field}.{key}"),
                        msg!(
                            "`{key}` is {value}; positions are fractions of the map from 0.0 to 1.0"
                        ),
                        None,
                    );
                }
            }
            self.text(
                &site.description,
                "description",
                &format!("{field}.description"),
            );
            if let Some(exhibit) = &site.exhibit {
                let key = self.next_key("exhibit");
                let position = self.value_position(key, exhibit);
                if !exhibits.contains(exhibit) {
                    let hint = exhibits.hint(exhibit);
                    self.report(
                        Severity::Error,
                        position,
                        &format!("{field}.exhibit"),
                        msg!("no exhibit has the id `{exhibit}`"),
                        hint,
                    );
                }
            }
            self.optional_text(
                site.address.as_ref(),
                "address",
                &format!("{field}.address"),
            );
            self.optional_text(site.hours.as_ref(), "hours", &format!("{field}.hours"));
        }
        let mut route_ids = BTreeSet::new();
        for (r, route) in map.routes.iter().enumerate() {
            let field = format!("routes[{r}]");
            self.id(&route.id, &format!("{field}.id"));
            if !route_ids.insert(route.id.as_str()) {
                let position = self.seen_position("id");
                self.report(
                    Severity::Error,
                    position,
                    &format!("{field}.id"),
                    msg!("two routes have the id `{}`", route.id),
                    None,
                );
            }
            self.text(&route.title, "title", &format!("{field}.title"));
            let position = self.next_key("sites");
            if route.sites.len() < 2 {
                self.report(
                    Severity::Error,
                    position,
                    &format!("{field}.sites"),
                    msg!("a route needs at least 2 sites"),
                    None,
                );
            }
            for (i, site) in route.sites.iter().enumerate() {
                if !site_ids.contains(site.as_str()) {
                    let hint = crate::diagnostics::closest(site, site_ids.iter().copied())
                        .map(|best| format!("did you mean `{best}`?"));
                    let position = self.value_position(position, site);
                    self.report(
                        Severity::Error,
                        position,
                        &format!("{field}.sites[{i}]"),
                        msg!("no site has the id `{site}`"),
                        hint,
                    );
                }
            }
            self.optional_text(
                route.duration.as_ref(),
                "duration",
                &format!("{field}.duration"),
            );
        }
        // What was reported stays off the screen: a site placed off the map is left
        // out, with it from its routes, and a route left with one site is dropped.
        map.sites
            .retain(|site| is_on_map(site.x) && is_on_map(site.y));
        let sites = &map.sites;
        for route in &mut map.routes {
            route
                .sites
                .retain(|id| sites.iter().any(|site| &site.id == id));
        }
        map.routes.retain(|route| route.sites.len() >= 2);
    }

    /// The position of the most recently walked `key:`.
    fn seen_position(&self, key: &'static str) -> Option<Position> {
        let n = self.seen.get(key).copied().unwrap_or(0);
        self.keys
            .get(key)
            .and_then(|all| all.get(n.checked_sub(1)?))
            .copied()
    }
}

/// Whether a site's position is a fraction of the map (0–1).
fn is_on_map(value: f32) -> bool {
    value.is_finite() && (0.0..=1.0).contains(&value)
}

/// The exhibits tours and the map may name, and what is known of those that did not
/// load, so that a stop naming one is told why rather than offered another exhibit.
#[derive(Debug, Default)]
pub struct KnownExhibits {
    /// Every id of a loaded exhibit, valid or not.
    ids: BTreeSet<String>,
    /// Loaded exhibits whose ids are not valid, with their files.
    invalid: Vec<(String, PathBuf)>,
    /// Each title text of a loaded exhibit, with the exhibit's id.
    titles: Vec<(String, String)>,
    /// Ids found in exhibit files that cannot be read, with those files.
    unreadable: HashMap<String, PathBuf>,
}

impl KnownExhibits {
    pub fn new(exhibits: &[Exhibit], unreadable: HashMap<String, PathBuf>) -> Self {
        let mut known = Self {
            unreadable,
            ..Self::default()
        };
        for exhibit in exhibits {
            known.ids.insert(exhibit.id.clone());
            if !is_valid_id(&exhibit.id) {
                known
                    .invalid
                    .push((exhibit.id.clone(), exhibit.source.clone()));
            }
            for title in exhibit.title.values() {
                known
                    .titles
                    .push((title.trim().to_owned(), exhibit.id.clone()));
            }
        }
        known
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Why `id` names no exhibit: its file is broken, the exhibit's own id is not
    /// valid, it is a title rather than an id, or a typo of a valid id.
    pub fn hint(&self, id: &str) -> Option<String> {
        if let Some(file) = self.unreadable.get(id) {
            return Some(format!(
                "{} has this id but cannot be read; fix it first",
                file.display()
            ));
        }
        if let Some((invalid, file)) = self
            .invalid
            .iter()
            .find(|(invalid, _)| suggest_id(invalid) == suggest_id(id))
        {
            return Some(format!(
                "{} has the id `{invalid}`, which is not a valid id; correct it there first",
                file.display()
            ));
        }
        if let Some((_, owner)) = self.titles.iter().find(|(title, _)| title == id.trim()) {
            return Some(format!(
                "`{id}` is the title of the exhibit `{owner}`: name it by its id, `exhibit: \"{owner}\"`"
            ));
        }
        let valid = self
            .ids
            .iter()
            .map(String::as_str)
            .filter(|candidate| is_valid_id(candidate));
        crate::diagnostics::closest(id, valid).map(|best| format!("did you mean `{best}`?"))
    }
}

fn fallback(languages: &[String]) -> &str {
    languages.first().map_or("?", String::as_str)
}

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A valid id close to an invalid one: `Xia Minghan` → `xia-minghan`.
fn suggest_id(id: &str) -> String {
    let lowered: String = id
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '-'
            }
        })
        .collect();
    lowered
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A duration as `m:ss.s`, for messages.
pub fn minutes_seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    format!("{}:{:04.1}", (secs / 60.0).floor() as u64, secs % 60.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("xia-minghan-2"));
        assert!(!is_valid_id("Xia_Minghan"));
        assert_eq!(suggest_id("Xia Minghan!"), "xia-minghan");
    }

    #[test]
    fn minutes_seconds_format() {
        assert_eq!(minutes_seconds(Duration::from_millis(65_250)), "1:05.2");
    }
}
