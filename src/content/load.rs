//! The one loader, used by the running kiosk, its live reload and `kiosk check`:
//! reads `kiosk.ron`, `exhibits/*.ron`, `exhibits/tours/*.ron` and `exhibits/map.ron`,
//! and returns the hall together with every problem found. It never stops at the first
//! problem: a broken file is left out (or, on reload, keeps its last good version) and
//! the rest loads.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::config::{CONFIG_FILE, Config};
use super::hall::Hall;
use super::media_index::MediaIndex;
use super::model::{Exhibit, Map, Tour};
use super::source;
use super::validate::{Context, FileCheck};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::schedule::Schedule;

/// How thoroughly to look at media.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Open every media file (dimensions, durations, caption cues). `kiosk check` does;
    /// the kiosk itself only checks that files exist, so that it starts fast and reads
    /// photos lazily.
    pub probe_media: bool,
}

/// A hall that could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("no {CONFIG_FILE} in {}: is this a hall folder?", .0.display())]
    NoConfig(PathBuf),
    #[error("cannot read the folder {path}: {source}", path = .0.display(), source = .1)]
    Unreadable(PathBuf, std::io::Error),
}

/// Counts for the summary line of `kiosk check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub exhibits: usize,
    pub tours: usize,
    pub media_files: usize,
}

/// The outcome of one load.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub hall: Hall,
    pub diagnostics: Diagnostics,
    pub counts: Counts,
    /// Every character of the hall's texts: the self-test asks the fonts about them.
    pub characters: BTreeSet<char>,
}

impl Loaded {
    /// `12 exhibits, 3 tours, 140 media files: 0 errors, 2 warnings`
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        format!(
            "{}, {}, {}: {}, {}",
            plural(self.counts.exhibits, "exhibit"),
            plural(self.counts.tours, "tour"),
            plural(self.counts.media_files, "media file"),
            plural(self.diagnostics.error_count(), "error"),
            plural(self.diagnostics.warning_count(), "warning"),
        )
    }
}

/// Loads the hall in `root`.
pub fn load_hall(root: &Path, options: LoadOptions) -> Result<Loaded, LoadError> {
    load_hall_keeping(root, options, None)
}

/// Loads the hall in `root`; a file that now has errors keeps its version from
/// `previous`, if it had one there.
pub fn load_hall_keeping(
    root: &Path,
    options: LoadOptions,
    previous: Option<&Hall>,
) -> Result<Loaded, LoadError> {
    load_from(root, root, options, previous)
}

/// Loads the hall in `root` with its text files — `kiosk.ron` and the exhibits folder —
/// read from `texts` instead: safe mode's copy of the last hall that ran cleanly. Media,
/// fonts and the data folder stay the hall's own.
pub fn load_hall_texts_from(
    root: &Path,
    texts: &Path,
    options: LoadOptions,
) -> Result<Loaded, LoadError> {
    load_from(root, texts, options, None)
}

fn load_from(
    root: &Path,
    texts: &Path,
    options: LoadOptions,
    previous: Option<&Hall>,
) -> Result<Loaded, LoadError> {
    let config_path = texts.join(CONFIG_FILE);
    if !config_path.is_file() {
        return Err(LoadError::NoConfig(texts.to_path_buf()));
    }
    let mut diagnostics = Diagnostics::default();
    let mut hours_problems = Diagnostics::default();
    let (config, schedule) = load_config(
        &config_path,
        root,
        previous,
        &mut diagnostics,
        &mut hours_problems,
    );
    // The rest of kiosk.ron is in use whatever the opening hours say.
    let config_ok = diagnostics.error_count() == 0;
    diagnostics.extend(hours_problems.iter().cloned());

    let exhibits_dir = config.exhibits_dir(texts);
    let media_dir = config.media_dir(root);
    let mut media = MediaIndex::scan(&media_dir);
    if !media_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(&config.media_dir, "the media folder does not exist")
                .with_hint(format!("create `{}/` next to kiosk.ron", config.media_dir)),
        );
    }
    let themes: BTreeSet<String> = config.themes.keys().cloned().collect();
    let mut characters = HashMap::new();
    let mut ctx = Context {
        languages: &config.languages,
        themes: config_ok.then_some(&themes),
        media: &mut media,
        probe: options.probe_media,
        characters: &mut characters,
    };

    let exhibit_files = ron_files(&exhibits_dir)
        .map_err(|err| LoadError::Unreadable(exhibits_dir.clone(), err))?
        .into_iter()
        .filter(|path| path.file_name().is_some_and(|name| name != "map.ron"))
        .collect::<Vec<_>>();
    let mut exhibits: Vec<Exhibit> = Vec::new();
    let mut exhibit_files_by_id: HashMap<String, PathBuf> = HashMap::new();
    // Ids of exhibits whose files cannot be parsed, to explain tours that name them.
    let mut unparsed_ids: HashMap<String, PathBuf> = HashMap::new();
    for path in exhibit_files {
        let display = relative(texts, &path);
        let kept = previous.and_then(|hall| hall.exhibits.iter().find(|e| e.source == display));
        let checked = read_checked(
            texts,
            &path,
            &mut diagnostics,
            kept,
            &mut ctx,
            |check, exhibit: &mut Exhibit| {
                check.exhibit(exhibit);
            },
        );
        if checked.unparsed
            && let Some(id) = checked
                .text
                .as_deref()
                .and_then(|text| source::first_string_of(text, "id"))
        {
            unparsed_ids.insert(id, display.clone());
        }
        let Some(mut exhibit) = checked.value else {
            continue;
        };
        exhibit.source = display.clone();
        if let Some(first) = exhibit_files_by_id.get(&exhibit.id) {
            diagnostics.push(duplicate_id(
                "exhibit",
                &exhibit.id,
                first,
                &display,
                checked.text.as_deref(),
            ));
            continue;
        }
        exhibit_files_by_id.insert(exhibit.id.clone(), display);
        exhibits.push(exhibit);
    }
    if exhibits.is_empty() {
        diagnostics.push(
            Diagnostic::error(&config.exhibits_dir, "the hall has no exhibits").with_hint(format!(
                "add a file such as `{}/01-first.ron`",
                config.exhibits_dir
            )),
        );
    }

    if config_ok {
        check_quiz_bank(&config, &exhibits, &mut diagnostics);
    }

    let exhibit_ids: BTreeSet<&str> = exhibits.iter().map(|e| e.id.as_str()).collect();
    let tours_dir = exhibits_dir.join("tours");
    let tour_files = if tours_dir.is_dir() {
        ron_files(&tours_dir).map_err(|err| LoadError::Unreadable(tours_dir.clone(), err))?
    } else {
        Vec::new()
    };
    let mut tours: Vec<Tour> = Vec::new();
    let mut tour_files_by_id: HashMap<String, PathBuf> = HashMap::new();
    for path in tour_files {
        let display = relative(texts, &path);
        let kept = previous.and_then(|hall| hall.tours.iter().find(|t| t.source == display));
        let checked = read_checked(
            texts,
            &path,
            &mut diagnostics,
            kept,
            &mut ctx,
            |check, tour: &mut Tour| {
                check.tour(tour, &exhibit_ids, &unparsed_ids);
            },
        );
        let Some(mut tour) = checked.value else {
            continue;
        };
        tour.source = display.clone();
        if let Some(first) = tour_files_by_id.get(&tour.id) {
            diagnostics.push(duplicate_id(
                "tour",
                &tour.id,
                first,
                &display,
                checked.text.as_deref(),
            ));
            continue;
        }
        tour_files_by_id.insert(tour.id.clone(), display);
        tours.push(tour);
    }

    let map_path = exhibits_dir.join("map.ron");
    let map = if map_path.is_file() {
        let kept = previous.and_then(|hall| hall.map.as_ref());
        read_checked(
            texts,
            &map_path,
            &mut diagnostics,
            kept,
            &mut ctx,
            |check, map: &mut Map| {
                check.map(map, &exhibit_ids, &unparsed_ids);
            },
        )
        .value
        .map(|mut map| {
            map.source = relative(texts, &map_path);
            map
        })
    } else {
        None
    };

    check_font_coverage(root, texts, &config, &characters, &mut diagnostics);

    let counts = Counts {
        exhibits: exhibits.len(),
        tours: tours.len(),
        media_files: media.file_count(),
    };
    diagnostics.sort();
    Ok(Loaded {
        hall: Hall::new(
            root.to_path_buf(),
            config,
            schedule,
            exhibits,
            tours,
            map,
            media,
        ),
        diagnostics,
        counts,
        characters: characters.keys().copied().collect(),
    })
}

fn duplicate_id(
    kind: &str,
    id: &str,
    first: &Path,
    display: &Path,
    text: Option<&str>,
) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(
        display,
        format!(
            "the {kind} id `{id}` is already used by {}",
            first.display()
        ),
    )
    .with_field("id")
    .with_hint(format!(
        "give each {kind} its own id; this file is left out until then"
    ));
    if let Some(text) = text
        && let Some(position) = source::field_keys(text)
            .get("id")
            .and_then(|all| all.first())
    {
        diagnostic = diagnostic.at(*position, text);
    }
    diagnostic
}

/// kiosk.ron's settings and the opening hours checked from them. A file that cannot
/// be read keeps the settings in use (or the fallback); a schedule with errors keeps
/// the hours in use (or none: the kiosk stays on), and the rest of the file is used.
fn load_config(
    path: &Path,
    root: &Path,
    previous: Option<&Hall>,
    diagnostics: &mut Diagnostics,
    hours_problems: &mut Diagnostics,
) -> (Config, Option<Schedule>) {
    let display = Path::new(CONFIG_FILE);
    let kept_schedule = || previous.and_then(|hall| hall.schedule.clone());
    let parsed = source::read_text(path, display)
        .and_then(|text| source::parse::<Config>(&text, display).map(|config| (config, text)));
    match parsed {
        Ok((config, text)) => {
            let schedule = match &config.schedule {
                None => None,
                Some(settings) => {
                    super::hours::check_schedule(settings, &text, display, hours_problems)
                        .or_else(kept_schedule)
                }
            };
            if let Some(settings) = &config.updates {
                super::updates::check_updates(settings, &text, display, root, diagnostics);
            }
            if config.languages.is_empty() {
                diagnostics.push(
                    Diagnostic::error(display, "no languages are listed")
                        .with_field("languages")
                        .with_hint("write e.g. `languages: [\"zh\", \"en\"]`"),
                );
                let config = Config {
                    languages: Config::fallback().languages,
                    ..config
                };
                return (config, schedule);
            }
            (config, schedule)
        }
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            match previous {
                Some(hall) => (hall.config.clone(), kept_schedule()),
                None => (Config::fallback(), None),
            }
        }
    }
}

/// One file after reading and checking.
struct Checked<T> {
    /// The data to use: this file's, or its last good version.
    value: Option<T>,
    /// The file's text, when it could be read.
    text: Option<String>,
    /// It could be read but not parsed.
    unparsed: bool,
}

/// Reads, parses and checks one file. A file with errors is replaced by `kept` (its
/// last good version) when there is one; without one, a file that cannot be parsed is
/// left out, and a file with other errors is used as it is (the kiosk shows neutral
/// placeholders for missing media).
fn read_checked<T: serde::de::DeserializeOwned + Clone>(
    root: &Path,
    path: &Path,
    diagnostics: &mut Diagnostics,
    kept: Option<&T>,
    ctx: &mut Context<'_>,
    check: impl FnOnce(&mut FileCheck<'_, '_>, &mut T),
) -> Checked<T> {
    let display = relative(root, path);
    let text = match source::read_text(path, &display) {
        Ok(text) => text,
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            return Checked {
                value: kept.cloned(),
                text: None,
                unparsed: false,
            };
        }
    };
    let mut value = match source::parse::<T>(&text, &display) {
        Ok(value) => value,
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            return Checked {
                value: kept.cloned(),
                text: Some(text),
                unparsed: true,
            };
        }
    };
    let mut file_check = FileCheck::new(ctx, &display, &text);
    check(&mut file_check, &mut value);
    let has_errors = file_check.error_count() > 0;
    diagnostics.extend(file_check.out);
    let value = match kept {
        Some(kept) if has_errors => kept.clone(),
        _ => value,
    };
    Checked {
        value: Some(value),
        text: Some(text),
        unparsed: false,
    }
}

/// `*.ron` files directly in `dir`, in file-name order (the display order).
fn ron_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    Ok(files)
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Warns about characters the shipped fonts cannot draw (they would show as boxes).
fn check_font_coverage(
    root: &Path,
    texts: &Path,
    config: &Config,
    characters: &HashMap<char, (PathBuf, String, Option<crate::diagnostics::Position>)>,
    diagnostics: &mut Diagnostics,
) {
    let fonts_dir = config.media_dir(root).join("fonts");
    let fonts = crate::fonts::FontFiles::find(&fonts_dir);
    let Some(regular) = fonts.regular() else {
        diagnostics.push(
            Diagnostic::warning(
                format!("{}/fonts", config.media_dir),
                "no font file found; Chinese text cannot be shown",
            )
            .with_hint(
                "put an OpenType font with Chinese glyphs (e.g. Noto Sans SC) in media/fonts/",
            ),
        );
        return;
    };
    // The other faces are only read (the kiosk falls back to the regular face
    // without them); the regular one is also asked what it can draw.
    let mut coverage = None;
    for face in fonts.all() {
        match crate::fonts::Coverage::load(face) {
            Ok(read) if face == regular => coverage = Some(read),
            Ok(_) => {}
            Err(err) => diagnostics.push(
                Diagnostic::warning(relative(root, face), format!("cannot read the font: {err}"))
                    .with_hint("the file is damaged or not a font; copy it again"),
            ),
        }
    }
    let Some(coverage) = coverage else {
        return;
    };
    // Group the missing characters by where each was first seen.
    let mut missing: std::collections::BTreeMap<
        (PathBuf, String, Option<crate::diagnostics::Position>),
        Vec<char>,
    > = std::collections::BTreeMap::new();
    for (c, place) in characters {
        if !c.is_control() && !coverage.contains(*c) {
            missing.entry(place.clone()).or_default().push(*c);
        }
    }
    for ((file, field, position), mut chars) in missing {
        chars.sort_unstable();
        let list = chars
            .iter()
            .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
            .collect::<Vec<_>>()
            .join(", ");
        let mut diagnostic = Diagnostic::warning(&file, format!("the shipped fonts cannot draw {list}"))
            .with_field(field)
            .with_hint("add the characters to the font subset (scripts/make_font_subset.py), or use other characters");
        // Re-read the line for the caret; the file was read moments ago.
        if let Some(position) = position
            && let Ok(text) = std::fs::read_to_string(texts.join(&file))
        {
            diagnostic = diagnostic.at(position, &text);
        }
        diagnostics.push(diagnostic);
    }
}

/// Warns when a level has fewer questions than a round asks (rounds get shorter).
fn check_quiz_bank(config: &Config, exhibits: &[Exhibit], diagnostics: &mut Diagnostics) {
    use super::model::Level;
    let total: usize = exhibits.iter().map(|e| e.quiz.len()).sum();
    if total == 0 {
        return;
    }
    let wanted = config.quiz.questions_per_round;
    for (level, name) in [
        (Level::Junior, "Junior (ages 8–11)"),
        (Level::Senior, "Senior (ages 12–15)"),
    ] {
        let count = exhibits
            .iter()
            .flat_map(|e| &e.quiz)
            .filter(|q| q.level == level || q.level == Level::All)
            .count();
        let message = match count {
            0 => format!("no quiz questions for {name}; that level cannot be chosen"),
            n if n >= wanted => continue,
            1 => format!(
                "only 1 quiz question for {name}; a round asks {wanted}, so those rounds are shorter"
            ),
            n => format!(
                "only {n} quiz questions for {name}; a round asks {wanted}, so those rounds are shorter"
            ),
        };
        diagnostics.push(
            Diagnostic::warning(&config.exhibits_dir, message).with_hint(
                "add questions with `level: Junior`, `Senior` or `All` to the exhibits' `quiz` lists",
            ),
        );
    }
}

/// Which kind of content file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Exhibit,
    Tour,
    Map,
    Config,
}

/// Decodes, parses and checks one file's bytes on their own, as the loader would (no
/// media folder: every media path is reported missing). For fuzzing: whatever the
/// bytes, this returns diagnostics and never panics.
pub fn check_bytes(kind: FileKind, bytes: &[u8]) -> Diagnostics {
    let display = Path::new("fuzz.ron");
    let mut diagnostics = Diagnostics::default();
    let text = match source::decode_utf8(bytes.to_vec(), display) {
        Ok(text) => text,
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            return diagnostics;
        }
    };
    let config = Config::fallback();
    let mut media = MediaIndex::scan(Path::new("/nonexistent-xinghuo-media"));
    let themes = BTreeSet::new();
    let mut characters = HashMap::new();
    let mut ctx = Context {
        languages: &config.languages,
        themes: Some(&themes),
        media: &mut media,
        probe: false,
        characters: &mut characters,
    };
    let exhibit_ids: BTreeSet<&str> = ["a", "b"].into_iter().collect();
    let unparsed = HashMap::new();
    let mut check = FileCheck::new(&mut ctx, display, &text);
    let parsed = match kind {
        FileKind::Exhibit => {
            source::parse::<Exhibit>(&text, display).map(|mut exhibit| check.exhibit(&mut exhibit))
        }
        FileKind::Tour => source::parse::<Tour>(&text, display)
            .map(|mut tour| check.tour(&mut tour, &exhibit_ids, &unparsed)),
        FileKind::Map => source::parse::<Map>(&text, display)
            .map(|mut map| check.map(&mut map, &exhibit_ids, &unparsed)),
        FileKind::Config => source::parse::<Config>(&text, display).map(|_| ()),
    };
    diagnostics.extend(check.out);
    if let Err(diagnostic) = parsed {
        diagnostics.push(*diagnostic);
    }
    diagnostics.sort();
    diagnostics
}
