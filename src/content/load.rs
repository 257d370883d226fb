//! The one loader, used by the running kiosk, its live reload and `kiosk check`:
//! reads `kiosk.ron`, `exhibits/*.ron`, `exhibits/tours/*.ron` and `exhibits/map.ron`,
//! and returns the hall together with every problem found. It never stops at the first
//! problem: a broken file is left out (or, on reload, keeps its last good version) and
//! the rest loads.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::config::{CONFIG_FILE, Config};
use super::hall::Hall;
use super::media_index::{MediaIndex, MediaKind};
use super::model::{Exhibit, Map, Tour};
use super::source;
use super::validate::{Context, FileCheck, KnownExhibits};
use crate::diagnostics::{Diagnostic, Diagnostics, Message};
use crate::msg;
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
            Diagnostic::error(&config.media_dir, msg!("the media folder does not exist"))
                .with_hint(format!("create `{}/` next to kiosk.ron", config.media_dir)),
        );
    }
    check_attract_clips(&config, &config_path, &media, &mut diagnostics);
    let themes: BTreeSet<String> = config.themes.keys().cloned().collect();
    let mut characters = HashMap::new();
    let map_path = exhibits_dir.join("map.ron");
    let map = read_map(&map_path);
    let map_sites = map
        .as_ref()
        .map(|map| map.as_ref().map_or_else(Vec::new, |map| map.sites.clone()));
    let map_aspect = map.flatten().and_then(|map| map_aspect(&map, &mut media));
    let mut ctx = Context {
        languages: &config.languages,
        themes: config_ok.then_some(&themes),
        media: &mut media,
        probe: options.probe_media,
        characters: &mut characters,
        map_sites: map_sites.as_deref(),
        map_aspect,
    };

    let exhibit_files = ron_files(&exhibits_dir)
        .map_err(|err| LoadError::Unreadable(exhibits_dir.clone(), err))?
        .into_iter()
        .filter(|path| path.file_name().is_some_and(|name| name != "map.ron"))
        .collect::<Vec<_>>();
    let mut exhibits: Vec<Exhibit> = Vec::new();
    let mut exhibit_files_by_id: HashMap<String, (PathBuf, usize)> = HashMap::new();
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
        let unreadable_id = match checked.text.as_deref() {
            Some(text) if checked.unparsed => source::first_string_of(text, "id"),
            None => source::read_lossy(&path).and_then(|text| source::first_string_of(&text, "id")),
            Some(_) => None,
        };
        if let Some(id) = unreadable_id {
            unparsed_ids.insert(id, display.clone());
        }
        let Some(mut exhibit) = checked.value else {
            continue;
        };
        exhibit.source = display.clone();
        let id = exhibit.id.clone();
        let admitted = admit(
            "exhibit",
            exhibit,
            &id,
            &display,
            checked.text.as_deref(),
            texts,
            &mut exhibits,
            &mut exhibit_files_by_id,
        );
        diagnostics.extend(admitted);
    }
    diagnostics.extend(unread_files(texts, &exhibits_dir, Some("tours")));
    if exhibits.is_empty() {
        diagnostics.push(
            Diagnostic::error(&config.exhibits_dir, msg!("the hall has no exhibits")).with_hint(
                format!("add a file such as `{}/01-first.ron`", config.exhibits_dir),
            ),
        );
    }

    if config_ok {
        check_quiz_bank(&config, &exhibits, &mut diagnostics);
    }

    let known = KnownExhibits::new(&exhibits, unparsed_ids);
    let tours_dir = exhibits_dir.join("tours");
    let tour_files = if tours_dir.is_dir() {
        ron_files(&tours_dir).map_err(|err| LoadError::Unreadable(tours_dir.clone(), err))?
    } else {
        Vec::new()
    };
    let mut tours: Vec<Tour> = Vec::new();
    let mut tour_files_by_id: HashMap<String, (PathBuf, usize)> = HashMap::new();
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
                check.tour(tour, &known);
            },
        );
        let Some(mut tour) = checked.value else {
            continue;
        };
        tour.source = display.clone();
        let id = tour.id.clone();
        let admitted = admit(
            "tour",
            tour,
            &id,
            &display,
            checked.text.as_deref(),
            texts,
            &mut tours,
            &mut tour_files_by_id,
        );
        diagnostics.extend(admitted);
    }
    if tours_dir.is_dir() {
        diagnostics.extend(unread_files(texts, &tours_dir, None));
    }

    let map = if map_path.is_file() {
        let kept = previous.and_then(|hall| hall.map.as_ref());
        read_checked(
            texts,
            &map_path,
            &mut diagnostics,
            kept,
            &mut ctx,
            |check, map: &mut Map| {
                check.map(map, &known);
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

/// Adds `item` to `kept` unless its id is taken. Of two files with one id the first
/// in file-name order is used, except that an original wins over its Windows copy
/// (`13-foo - 副本.ron` sorts before `13-foo.ron`), so that edits to the original show.
/// Returns the problem, reported on the file left out.
#[allow(clippy::too_many_arguments)]
fn admit<T>(
    kind: &str,
    item: T,
    id: &str,
    display: &Path,
    text: Option<&str>,
    texts: &Path,
    kept: &mut Vec<T>,
    files_by_id: &mut HashMap<String, (PathBuf, usize)>,
) -> Option<Diagnostic> {
    let Some((first, index)) = files_by_id.get(id).cloned() else {
        files_by_id.insert(id.to_owned(), (display.to_path_buf(), kept.len()));
        kept.push(item);
        return None;
    };
    if is_windows_copy(&first) && !is_windows_copy(display) {
        if let Some(slot) = kept.get_mut(index) {
            *slot = item;
        }
        files_by_id.insert(id.to_owned(), (display.to_path_buf(), index));
        let copy_text = std::fs::read_to_string(texts.join(&first)).ok();
        return Some(copy_left_out(
            kind,
            id,
            display,
            &first,
            copy_text.as_deref(),
        ));
    }
    if is_windows_copy(display) {
        return Some(copy_left_out(kind, id, &first, display, text));
    }
    let diagnostic = Diagnostic::error(
        display,
        msg!(
            "the {kind} id `{id}` is already used by {}",
            first.display()
        ),
    )
    .with_field("id")
    .with_hint(format!(
        "give each {kind} its own id; this file is left out until then"
    ));
    Some(at_id(diagnostic, text))
}

/// The error on a Windows copy that shares its original's id.
fn copy_left_out(
    kind: &str,
    id: &str,
    original: &Path,
    copy: &Path,
    copy_text: Option<&str>,
) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        copy,
        msg!(
            "this looks like a copy of {}, with the same {kind} id `{id}`; the copy is left out",
            original.display()
        ),
    )
    .with_field("id")
    .with_hint(format!(
        "delete the copy (edit {} instead), or give the copy its own id",
        original.display()
    ));
    at_id(diagnostic, copy_text)
}

fn at_id(diagnostic: Diagnostic, text: Option<&str>) -> Diagnostic {
    match text.and_then(|text| {
        source::field_keys(text)
            .get("id")
            .and_then(|all| all.first().copied())
            .map(|position| (position, text))
    }) {
        Some((position, text)) => diagnostic.at(position, text),
        None => diagnostic,
    }
}

/// Whether a file's name is how Windows (or a browser) names a copy:
/// `13-foo - 副本.ron`, `13-foo - Copy.ron`, `13-foo - Copy (2).ron`, `13-foo (1).ron`.
fn is_windows_copy(path: &Path) -> bool {
    let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
        return false;
    };
    let trimmed = stem.trim_end();
    let (base, numbered) = match trimmed.strip_suffix(')').and_then(|s| s.rsplit_once('(')) {
        Some((base, number))
            if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (base.trim_end(), true)
        }
        _ => (trimmed, false),
    };
    let lower = base.to_lowercase();
    numbered || lower.ends_with("副本") || lower.ends_with(" copy")
}

/// Files and folders in `dir` the loader does not read although they look meant to
/// be read: `x.ron.txt` (Notepad's default), `X.RON`, and folders other than
/// `allowed_folder`.
fn unread_files(texts: &Path, dir: &Path, allowed_folder: Option<&str>) -> Vec<Diagnostic> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<Diagnostic> = Vec::new();
    for entry in read.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let display = relative(texts, &path);
        if path.is_dir() {
            if Some(name.as_str()) == allowed_folder {
                continue;
            }
            let parent = relative(texts, dir);
            let hint = match allowed_folder {
                Some(tours) => format!(
                    "move the exhibits it holds into {}/ and tours into {}/{tours}/, or move the folder out of the hall",
                    parent.display(),
                    parent.display()
                ),
                None => format!(
                    "move the tours it holds into {}/, or move the folder out of the hall",
                    parent.display()
                ),
            };
            found.push(
                Diagnostic::warning(
                    format!("{}/", display.display()),
                    msg!("this folder is not read"),
                )
                .with_hint(hint),
            );
            continue;
        }
        // ASCII case only, so that byte positions in `lower` are those in `name`.
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".ron") && !name.ends_with(".ron") {
            let renamed = format!("{}.ron", &name[..name.len() - ".ron".len()]);
            found.push(
                Diagnostic::warning(
                    &display,
                    msg!(
                        "this file is not read: only names ending in `.ron`, in small letters, are"
                    ),
                )
                .with_hint(format!("rename it to `{renamed}`")),
            );
        } else if let Some(at) = lower.find(".ron.") {
            let renamed = format!("{}.ron", &name[..at]);
            let ending = &name[at + 4..];
            found.push(
                Diagnostic::warning(
                    &display,
                    msg!("this file is not read: its name ends in `{ending}`, not `.ron`"),
                )
                .with_hint(format!(
                    "rename it to `{renamed}` (Notepad adds `.txt` unless “Save as type” is set to “All files”)"
                )),
            );
        }
    }
    found
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
    let parsed = source::read_text(path, display).and_then(|text| {
        let parsed = source::parse::<Config>(&text, display);
        let mut problems = parsed.problems.into_iter();
        match parsed.value {
            Some(config) => {
                diagnostics.extend(problems);
                Ok((config, text))
            }
            None => {
                let first = problems.next();
                diagnostics.extend(problems);
                Err(Box::new(first.unwrap_or_else(|| {
                    Diagnostic::error(display, msg!("the file cannot be read"))
                })))
            }
        }
    });
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
            check_idle_warning(&config, &text, display, diagnostics);
            check_spoken_guidance_key(&config, &text, display, diagnostics);
            if config.languages.is_empty() {
                diagnostics.push(
                    Diagnostic::error(display, msg!("no languages are listed"))
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

/// The "Still there?" countdown a visitor gets before the visit ends: WCAG 2.2.1 asks
/// for at least 20 seconds to answer it.
pub const MIN_IDLE_WARNING_SECS: u64 = 20;

/// The attract loop's films are media paths like the exhibits' (missing, outside
/// `media/`, not a film), reported at the `clips` line of kiosk.ron.
fn check_attract_clips(
    config: &Config,
    config_path: &Path,
    media: &MediaIndex,
    out: &mut Diagnostics,
) {
    if config.attract.clips.is_empty() {
        return;
    }
    let text = std::fs::read_to_string(config_path).unwrap_or_default();
    let position = source::field_keys(&text)
        .get("clips")
        .and_then(|k| k.first())
        .copied();
    for (i, clip) in config.attract.clips.iter().enumerate() {
        if let Err(problem) = media.check(clip.written(), MediaKind::Video) {
            let mut diagnostic = Diagnostic::error(CONFIG_FILE, Message::relayed(problem.message))
                .with_field(format!("attract.clips[{i}]"));
            if let Some(hint) = problem.hint {
                diagnostic = diagnostic.with_hint(hint);
            }
            if let Some(position) = position {
                diagnostic = diagnostic.at(position, &text);
            }
            out.push(diagnostic);
        }
    }
}

fn check_spoken_guidance_key(config: &Config, text: &str, display: &Path, out: &mut Diagnostics) {
    let Some(key) = config
        .spoken_guidance_key
        .as_deref()
        .filter(|key| !super::config::is_button_key(key))
    else {
        return;
    };
    let mut diagnostic = Diagnostic::error(
        display,
        msg!(
            "`{}` is not a key an accessibility button can send here",
            key
        ),
    )
    .with_field("spoken_guidance_key")
    .with_hint(
        "write `Some(\"F8\")` (F1 to F24, `Space` or `Enter`), or `None` for no button".to_owned(),
    );
    if let Some(position) = source::field_keys(text)
        .get("spoken_guidance_key")
        .and_then(|k| k.first())
    {
        diagnostic = diagnostic.at(*position, text);
    }
    out.push(diagnostic);
}

fn check_idle_warning(config: &Config, text: &str, display: &Path, out: &mut Diagnostics) {
    let warning = config.idle_warning().as_secs();
    if warning >= MIN_IDLE_WARNING_SECS {
        return;
    }
    let keys = source::field_keys(text);
    let (field, hint) = if config.idle_warning_secs >= MIN_IDLE_WARNING_SECS {
        (
            "idle_timeout_secs",
            format!(
                "the countdown is at most half of `idle_timeout_secs`: make it at least {}",
                2 * MIN_IDLE_WARNING_SECS
            ),
        )
    } else {
        (
            "idle_warning_secs",
            format!("write `idle_warning_secs: {MIN_IDLE_WARNING_SECS}` or more"),
        )
    };
    let mut diagnostic = Diagnostic::warning(
        display,
        msg!(
            "the \"Still there?\" countdown is {warning} seconds; visitors who read or move slowly need at least {MIN_IDLE_WARNING_SECS} to answer it"
        ),
    )
    .with_field(field)
    .with_hint(hint);
    if let Some(position) = keys.get(field).and_then(|k| k.first()) {
        diagnostic = diagnostic.at(*position, text);
    }
    out.push(diagnostic);
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
    let parsed = source::parse::<T>(&text, &display);
    diagnostics.extend(parsed.problems);
    let mut value = match parsed.value {
        Some(value) => value,
        None => {
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

/// The ids of the map's sites, for the exhibits' map questions, read before the
/// exhibits (the map itself is checked after them, against their ids): none without a
/// map, and `None` when map.ron cannot be read (its own errors say why).
/// The hall's map for its questions to be checked against: `Some(None)` when the hall
/// has none, `None` when it cannot be read (its own errors are reported with it).
fn read_map(map_path: &Path) -> Option<Option<Map>> {
    if !map_path.is_file() {
        return Some(None);
    }
    let text = source::read_lossy(map_path)?;
    source::parse::<Map>(&text, map_path).value.map(Some)
}

/// The map picture's height over its width, when the media index accepts it and its
/// header can be read (its own problems are reported with the map).
fn map_aspect(map: &Map, media: &mut MediaIndex) -> Option<f32> {
    let image = map.image.written();
    if !media.accepts(image, MediaKind::Image) {
        return None;
    }
    match media.probe(image, MediaKind::Image) {
        Ok(super::media_index::Probe::Image { width, height }) if width > 0 => {
            Some(height as f32 / width as f32)
        }
        _ => None,
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
                msg!("no font file found; Chinese text cannot be shown"),
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
                Diagnostic::warning(relative(root, face), msg!("cannot read the font: {err}"))
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
        let mut diagnostic = Diagnostic::warning(&file, msg!("the shipped fonts cannot draw {list}"))
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
            0 => msg!("no quiz questions for {name}; that level cannot be chosen"),
            n if n >= wanted => continue,
            1 => msg!(
                "only 1 quiz question for {name}; a round asks {wanted}, so those rounds are shorter"
            ),
            n => msg!(
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
        map_sites: None,
        map_aspect: None,
    };
    let exhibits = KnownExhibits::default();
    let mut check = FileCheck::new(&mut ctx, display, &text);
    match kind {
        FileKind::Exhibit => {
            let parsed = source::parse::<Exhibit>(&text, display);
            diagnostics.extend(parsed.problems);
            if let Some(mut exhibit) = parsed.value {
                check.exhibit(&mut exhibit);
            }
        }
        FileKind::Tour => {
            let parsed = source::parse::<Tour>(&text, display);
            diagnostics.extend(parsed.problems);
            if let Some(mut tour) = parsed.value {
                check.tour(&mut tour, &exhibits);
            }
        }
        FileKind::Map => {
            let parsed = source::parse::<Map>(&text, display);
            diagnostics.extend(parsed.problems);
            if let Some(mut map) = parsed.value {
                check.map(&mut map, &exhibits);
            }
        }
        FileKind::Config => {
            diagnostics.extend(source::parse::<Config>(&text, display).problems);
        }
    }
    diagnostics.extend(check.out);
    diagnostics.sort();
    diagnostics
}
