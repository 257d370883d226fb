//! The curator's contract: the types of `exhibits/*.ron`, `exhibits/tours/*.ron`
//! and `exhibits/map.ron`. Unknown fields are errors, so a typo is never ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer};

/// Localised text: a map from language code (as declared in `kiosk.ron`) to text.
/// A language given twice is an error, not a silent choice of one of the two.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text(pub BTreeMap<String, String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_map(UniqueLanguages { what: "text" })
            .map(Self)
    }
}

impl Text {
    /// The text in `lang`, else in `fallback` (the hall's first language), else any.
    pub fn get<'a>(&'a self, lang: &str, fallback: &str) -> &'a str {
        self.0
            .get(lang)
            .or_else(|| self.0.get(fallback))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.0.values().map(String::as_str)
    }

    /// Test and synthetic-hall helper: the same text in every listed language.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        )
    }
}

/// A media file the content names: the path as the curator wrote it and, once the load
/// has accepted it, the file the kiosk opens.
///
/// Parsing gives only the written path. The file is set in one place, when the loaded
/// hall is put together (`Hall::new`), and only for a path the check accepts: inside
/// `media/`, of the right kind, there when the hall was loaded. So a path `kiosk check`
/// rejects (`../x.jpg`, an absolute path, a link leading out, a missing file) cannot
/// reach a screen as something to open; the screen shows its placeholder instead.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub struct MediaRef {
    written: String,
    file: Option<PathBuf>,
}

impl MediaRef {
    /// The path as written in the content, relative to `media/`: for messages.
    pub fn written(&self) -> &str {
        &self.written
    }

    /// The file to open, if the load accepted the path.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Only the hall's assembly decides what a path opens.
    pub(in crate::content) fn set_file(&mut self, file: Option<PathBuf>) {
        self.file = file;
    }
}

impl From<String> for MediaRef {
    fn from(written: String) -> Self {
        Self {
            written,
            file: None,
        }
    }
}

impl From<&str> for MediaRef {
    fn from(written: &str) -> Self {
        Self::from(written.to_owned())
    }
}

/// Per-language media files, e.g. one narration recording per language.
pub type LocalisedPath = BTreeMap<String, MediaRef>;

fn unique_paths<'de, D: Deserializer<'de>>(deserializer: D) -> Result<LocalisedPath, D::Error> {
    let written = deserializer.deserialize_map(UniqueLanguages {
        what: "list of files",
    })?;
    Ok(written
        .into_iter()
        .map(|(language, path)| (language, MediaRef::from(path)))
        .collect())
}

fn optional_unique_paths<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<LocalisedPath>, D::Error> {
    struct Paths(LocalisedPath);
    impl<'de> Deserialize<'de> for Paths {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            unique_paths(deserializer).map(Self)
        }
    }
    Option::<Paths>::deserialize(deserializer).map(|paths| paths.map(|p| p.0))
}

/// Reads a language → string map, refusing a language given twice: serde's own map
/// keeps the last one, so a copy-paste slip would hide a text without a word.
struct UniqueLanguages {
    what: &'static str,
}

/// Begins the message of a language given twice, for `source` to recognise and hint.
pub(crate) const LANGUAGE_TWICE_PREFIX: &str = "the language `";
pub(crate) const LANGUAGE_TWICE: &str = "` is given twice in this ";

impl<'de> serde::de::Visitor<'de> for UniqueLanguages {
    type Value = BTreeMap<String, String>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        // serde's own words for a map, so that messages stay as they were.
        formatter.write_str("a map")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(language) = map.next_key::<String>()? {
            // Refused before its value is read, so the error points at the second key.
            if out.contains_key(&language) {
                // The words of LANGUAGE_TWICE_PREFIX and LANGUAGE_TWICE.
                return Err(serde::de::Error::custom(String::from(crate::msg!(
                    "the language `{language}` is given twice in this {}",
                    self.what
                ))));
            }
            let value = map.next_value::<String>()?;
            out.insert(language, value);
        }
        Ok(out)
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exhibit {
    pub id: String,
    pub title: Text,
    /// One line for the home tile.
    #[serde(default)]
    pub summary: Option<Text>,
    /// Groups tiles on the home screen; names come from `kiosk.ron`'s `themes`.
    pub theme: String,
    /// Places the exhibit on the timeline.
    #[serde(default)]
    pub year: Option<i32>,
    pub cover: MediaRef,
    /// The point of the cover that stays in view when a screen crops it (a portrait
    /// attract screen shows a narrow slice of a landscape cover).
    #[serde(default)]
    pub cover_focus: Option<Focus>,
    pub panels: Vec<Panel>,
    /// Shown only to student guides in guided mode.
    #[serde(default)]
    pub guide_notes: Option<Text>,
    #[serde(default)]
    pub quiz: Vec<Question>,
    /// The file this exhibit came from, relative to the hall directory.
    #[serde(skip)]
    pub source: PathBuf,
}

/// A point of a picture, as fractions of its width (`x`, from the left edge) and height
/// (`y`, from the top), so it holds at any size the picture is made or shown.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Focus {
    pub x: f32,
    pub y: f32,
}

impl Focus {
    /// Whether the point lies on the picture.
    pub fn is_on_the_picture(&self) -> bool {
        (0.0..=1.0).contains(&self.x) && (0.0..=1.0).contains(&self.y)
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    pub heading: Text,
    pub body: Text,
    #[serde(default)]
    pub photos: Vec<Photo>,
    #[serde(default)]
    pub narration: Option<Narration>,
    /// A film shown in the photo area, with its own controls.
    #[serde(default)]
    pub video: Option<Video>,
}

/// A film on a panel: one file for every language, or one per language (a dubbed film).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Video {
    pub file: VideoFile,
    /// A still shown at once, before the film plays and if it cannot be played.
    #[serde(default)]
    pub poster: Option<MediaRef>,
    #[serde(default, deserialize_with = "optional_unique_paths")]
    pub captions: Option<LocalisedPath>,
    /// Plays by itself, without sound, round and round (a tap still gives the controls).
    #[serde(default)]
    pub loop_muted: bool,
}

/// The film's file: `"video/x.webm"` or `{"zh": "video/x-zh.webm", "en": …}`.
#[derive(Clone, Debug, PartialEq)]
pub enum VideoFile {
    One(MediaRef),
    PerLanguage(LocalisedPath),
}

impl VideoFile {
    /// The file for a visitor in `lang`: theirs, else the hall's first language's, else any.
    pub fn for_language(&self, lang: &str, fallback: &str) -> Option<&MediaRef> {
        match self {
            Self::One(file) => Some(file),
            Self::PerLanguage(files) => files
                .get(lang)
                .or_else(|| files.get(fallback))
                .or_else(|| files.values().next()),
        }
    }

    /// Every file with its language (`None` for the one file of all languages).
    pub fn files(&self) -> Vec<(Option<&str>, &MediaRef)> {
        match self {
            Self::One(file) => vec![(None, file)],
            Self::PerLanguage(files) => files
                .iter()
                .map(|(lang, file)| (Some(lang.as_str()), file))
                .collect(),
        }
    }

    pub(in crate::content) fn files_mut(&mut self) -> Vec<&mut MediaRef> {
        match self {
            Self::One(file) => vec![file],
            Self::PerLanguage(files) => files.values_mut().collect(),
        }
    }
}

impl<'de> Deserialize<'de> for VideoFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrMap;
        impl<'de> serde::de::Visitor<'de> for OneOrMap {
            type Value = VideoFile;

            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter
                    .write_str("a file such as \"video/name.webm\" or a map of languages to files")
            }

            fn visit_str<E: serde::de::Error>(self, path: &str) -> Result<Self::Value, E> {
                Ok(VideoFile::One(MediaRef::from(path)))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                let written = UniqueLanguages {
                    what: "list of files",
                }
                .visit_map(map)?;
                Ok(VideoFile::PerLanguage(
                    written
                        .into_iter()
                        .map(|(language, path)| (language, MediaRef::from(path)))
                        .collect(),
                ))
            }
        }
        deserializer.deserialize_any(OneOrMap)
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    pub file: MediaRef,
    #[serde(default)]
    pub caption: Option<Text>,
    #[serde(default)]
    pub credit: Option<String>,
    /// What the photo shows, for visitors who cannot see it: read out in the
    /// self-voicing mode and given to screen readers as the image's description.
    #[serde(default)]
    pub alt: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narration {
    #[serde(deserialize_with = "unique_paths")]
    pub audio: LocalisedPath,
    #[serde(default, deserialize_with = "optional_unique_paths")]
    pub captions: Option<LocalisedPath>,
}

/// Who a quiz question is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
pub enum Level {
    /// Ages 8–11.
    Junior,
    /// Ages 12–15.
    Senior,
    /// Asked at either level.
    All,
}

/// A quiz question. Its kind is told by the field that holds its answer: `choices`
/// (with `answer`) for a multiple choice of texts, `events` to put in the order they
/// happened. One struct for every kind, so that each kind is written as `Question(…)`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub level: Level,
    pub prompt: Text,
    /// Recordings of the prompt read aloud, one per language (like a narration's
    /// `audio`); the choices or events follow from the clips made ahead of time.
    #[serde(default, deserialize_with = "optional_unique_paths")]
    pub prompt_audio: Option<LocalisedPath>,
    #[serde(default)]
    pub choices: Vec<Text>,
    /// Index into `choices`; written as a bare number (`answer: 2`).
    #[serde(default, deserialize_with = "bare_number")]
    pub answer: Option<usize>,
    /// Events to put in the order they happened, written in any order: the years order them.
    #[serde(default)]
    pub events: Vec<TimelineEvent>,
    /// Photos to choose from (a picture choice); `answer` is the right one's index.
    #[serde(default)]
    pub pictures: Vec<PictureChoice>,
    /// The id of the map site to find on the red-sites map.
    #[serde(default)]
    pub site: Option<String>,
    /// How far from the site a tap still counts, as a fraction of the map's width
    /// (`DEFAULT_MAP_TOLERANCE` without it).
    #[serde(default)]
    pub tolerance: Option<f32>,
    /// The photo to spot something in, with `regions` where the answer is.
    #[serde(default)]
    pub photo: Option<MediaRef>,
    #[serde(default)]
    pub regions: Vec<Region>,
    pub explanation: Text,
    /// The panel (0-based) whose text holds the answer; "learn more" opens it.
    #[serde(default)]
    pub panel: Option<usize>,
}

/// What a question asks the visitor to do, told by which answer field it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuestionKind {
    /// Pick one of the texts in `choices`.
    Choice,
    /// Put `events` in the order they happened.
    Order,
    /// Pick one of the photos in `pictures`.
    Picture,
    /// Tap the `site` on the red-sites map.
    Map,
    /// Tap one of the `regions` of the `photo`.
    Spot,
}

/// How far from a map question's site a tap counts as right, as a fraction of the
/// map's width, when the question does not say.
pub const DEFAULT_MAP_TOLERANCE: f32 = 0.05;

/// One photo to choose in a picture choice; the caption names it for screen readers
/// and in the feedback. Written `Picture(…)` in the content.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Picture")]
pub struct PictureChoice {
    pub photo: MediaRef,
    pub caption: Text,
}

/// Where the answer is in a spot-it question's photo, in the photo's own pixels
/// (from its top left corner), so that it holds at any screen size.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Region {
    Rect {
        x: u32,
        y: u32,
        width: u32,
        height: u32,
    },
    Circle {
        x: u32,
        y: u32,
        radius: u32,
    },
}

impl Region {
    /// Whether the point (in the photo's pixels) is inside.
    pub fn contains(self, point: [f32; 2]) -> bool {
        let [px, py] = point;
        match self {
            Self::Rect {
                x,
                y,
                width,
                height,
            } => {
                let (x, y) = (x as f32, y as f32);
                px >= x && py >= y && px <= x + width as f32 && py <= y + height as f32
            }
            Self::Circle { x, y, radius } => {
                let (dx, dy) = (px - x as f32, py - y as f32);
                dx * dx + dy * dy <= (radius as f32) * (radius as f32)
            }
        }
    }

    /// The right and bottom edges, in pixels (saturating, for the check).
    pub fn far_corner(self) -> (u64, u64) {
        match self {
            Self::Rect {
                x,
                y,
                width,
                height,
            } => (
                u64::from(x) + u64::from(width),
                u64::from(y) + u64::from(height),
            ),
            Self::Circle { x, y, radius } => (
                u64::from(x) + u64::from(radius),
                u64::from(y) + u64::from(radius),
            ),
        }
    }

    /// The left and top edges, in pixels (negative when a circle crosses the edge).
    pub fn near_corner(self) -> (i64, i64) {
        match self {
            Self::Rect { x, y, .. } => (i64::from(x), i64::from(y)),
            Self::Circle { x, y, radius } => (
                i64::from(x) - i64::from(radius),
                i64::from(y) - i64::from(radius),
            ),
        }
    }
}

impl Question {
    /// The kind the question's fields make it; `Choice` when none is given (the check
    /// then reports the missing choices).
    pub fn kind(&self) -> QuestionKind {
        if !self.events.is_empty() {
            QuestionKind::Order
        } else if !self.pictures.is_empty() {
            QuestionKind::Picture
        } else if self.site.is_some() {
            QuestionKind::Map
        } else if self.photo.is_some() || !self.regions.is_empty() {
            QuestionKind::Spot
        } else {
            QuestionKind::Choice
        }
    }

    /// The answer fields the question has, each with the kind it belongs to: more than
    /// one kind is a curator's slip the check reports.
    pub fn kinds_given(&self) -> Vec<(QuestionKind, &'static str)> {
        let mut given = Vec::new();
        if !self.choices.is_empty() {
            given.push((QuestionKind::Choice, "choices"));
        }
        if !self.events.is_empty() {
            given.push((QuestionKind::Order, "events"));
        }
        if !self.pictures.is_empty() {
            given.push((QuestionKind::Picture, "pictures"));
        }
        if self.site.is_some() {
            given.push((QuestionKind::Map, "site"));
        } else if self.tolerance.is_some() {
            given.push((QuestionKind::Map, "tolerance"));
        }
        if self.photo.is_some() {
            given.push((QuestionKind::Spot, "photo"));
        } else if !self.regions.is_empty() {
            given.push((QuestionKind::Spot, "regions"));
        }
        given
    }

    /// What the answer is tied to beyond the prompt: the map site or the photo, so that
    /// a question whose site or photo changed in a reload is not taken for the one asked.
    pub fn answer_key(&self) -> Option<&str> {
        match self.kind() {
            QuestionKind::Map => self.site.as_deref(),
            QuestionKind::Spot => self.photo.as_ref().map(MediaRef::written),
            QuestionKind::Choice | QuestionKind::Order | QuestionKind::Picture => None,
        }
    }

    /// A map question's tolerance, or the default.
    pub fn map_tolerance(&self) -> f32 {
        self.tolerance.unwrap_or(DEFAULT_MAP_TOLERANCE)
    }

    /// How many things the visitor handles: choices or events.
    pub fn item_count(&self) -> usize {
        match self.kind() {
            QuestionKind::Choice => self.choices.len(),
            QuestionKind::Order => self.events.len(),
            QuestionKind::Picture => self.pictures.len(),
            QuestionKind::Spot => self.regions.len(),
            QuestionKind::Map => 0,
        }
    }

    /// The events' indices (as written) in the order they happened.
    pub fn events_in_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.events.len()).collect();
        order.sort_by_key(|&i| self.events.get(i).map(|e| e.year));
        order
    }
}

/// One card of an order question: what happened, its year, and optionally a picture.
/// Written `Event(…)` in the content.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Event")]
pub struct TimelineEvent {
    pub text: Text,
    pub year: i32,
    #[serde(default)]
    pub photo: Option<MediaRef>,
}

/// `answer: 2` read into `Some(2)`: a question of another kind has no answer index.
fn bare_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<usize>, D::Error> {
    usize::deserialize(deserializer).map(Some)
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tour {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    pub stops: Vec<Stop>,
    #[serde(skip)]
    pub source: PathBuf,
}

impl Tour {
    pub fn planned_minutes(&self) -> u32 {
        self.stops
            .iter()
            .fold(0, |sum, stop| sum.saturating_add(stop.minutes))
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stop {
    pub exhibit: String,
    pub minutes: u32,
    #[serde(default)]
    pub notes: Option<Text>,
}

/// `exhibits/map.ron`: the red-sites map.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Map {
    pub title: Text,
    /// Background picture, relative to `media/`.
    pub image: MediaRef,
    /// What the picture shows, for visitors who cannot see it (as a photo's `alt`).
    #[serde(default)]
    pub alt: Option<Text>,
    pub sites: Vec<Site>,
    #[serde(default)]
    pub routes: Vec<Route>,
    #[serde(skip)]
    pub source: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub enum SiteCategory {
    MemorialHall,
    Museum,
    FormerResidence,
    RelicSite,
    ScenicSpot,
    EducationSite,
}

impl SiteCategory {
    pub const ALL: [Self; 6] = [
        Self::MemorialHall,
        Self::Museum,
        Self::FormerResidence,
        Self::RelicSite,
        Self::ScenicSpot,
        Self::EducationSite,
    ];

    pub fn label(self, lang: &str) -> &'static str {
        let zh = lang == "zh";
        match self {
            Self::MemorialHall => {
                if zh {
                    "纪念馆"
                } else {
                    "Memorial hall"
                }
            }
            Self::Museum => {
                if zh {
                    "展馆"
                } else {
                    "Museum"
                }
            }
            Self::FormerResidence => {
                if zh {
                    "故居"
                } else {
                    "Former residence"
                }
            }
            Self::RelicSite => {
                if zh {
                    "革命旧址"
                } else {
                    "Historic site"
                }
            }
            Self::ScenicSpot => {
                if zh {
                    "红色景区"
                } else {
                    "Red scenic spot"
                }
            }
            Self::EducationSite => {
                if zh {
                    "教育基地"
                } else {
                    "Education site"
                }
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: String,
    pub name: Text,
    pub category: SiteCategory,
    /// Position as fractions (0–1) of the map image's width and height.
    pub x: f32,
    pub y: f32,
    pub description: Text,
    #[serde(default)]
    pub exhibit: Option<String>,
    #[serde(default)]
    pub address: Option<Text>,
    #[serde(default)]
    pub hours: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub id: String,
    pub title: Text,
    pub sites: Vec<String>,
    #[serde(default)]
    pub duration: Option<Text>,
}
