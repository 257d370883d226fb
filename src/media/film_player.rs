//! The film on the exhibit screen: one at a time, opened on a tap (or, for a muted
//! loop, when its panel shows), its newest picture uploaded as an egui texture each
//! frame, its captions at the film's own position, and how long it may keep a visit
//! going. Dropping the film (stop) hands its pipeline, frames and texture back.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use eframe::egui;

use super::film::{Event, Film, Sound};
use crate::captions::Captions;

/// Which film: one panel's, in the language its captions (and file) were chosen for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FilmKey {
    pub exhibit: String,
    pub panel: usize,
    pub language: String,
}

/// The key of the attract loop's films (an exhibit id is never empty); `panel` is the
/// clip's place in `attract.clips`.
pub const ATTRACT_LOOP: &str = "";

/// How a film is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    /// Paused on its first picture, for a visitor's tap.
    ForVisitor,
    /// Playing at once without sound, round and round (`loop_muted`).
    MutedLoop,
    /// Playing at once without sound, once (the attract loop's clips).
    MutedOnce,
}

/// How long past its length a film may still count as watched, for the idle timer.
const WATCHED_SLACK: Duration = Duration::from_secs(10);

/// Until the film's length is known, it keeps a visit going this long after a tap.
const LENGTH_UNKNOWN: Duration = Duration::from_secs(30);

/// Where the films' sound goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FilmSound {
    /// The PC's output, at the hall's volume.
    Device(f64),
    /// Nowhere (tests, instruments): played in time into a fake sink.
    Nowhere,
}

/// What the screen needs to draw the film now.
#[derive(Clone, Debug, PartialEq)]
pub struct FilmView {
    pub key: FilmKey,
    /// The latest picture and its size in pixels; none before the first (the poster
    /// shows).
    pub picture: Option<(egui::TextureId, egui::Vec2)>,
    /// Asked to play and not over.
    pub playing: bool,
    /// Playing by itself without sound (a `loop_muted` film, an attract clip).
    pub muted_loop: bool,
    pub ended: bool,
    /// The film cannot be played (the poster and a neutral message show).
    pub failed: bool,
    pub position: Duration,
    pub duration: Duration,
    pub caption: Option<String>,
}

/// What the statistics record of a film the visitor leaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftFilm {
    pub key: FilmKey,
    pub at: Duration,
}

struct Showing {
    key: FilmKey,
    /// None once it failed.
    film: Option<Film>,
    texture: Option<egui::TextureHandle>,
    captions: Option<Captions>,
    playing: bool,
    /// Without sound until a visitor taps play.
    muted_loop: bool,
    /// Starts again at its end (until a visitor taps play).
    looping: bool,
    ended: bool,
    failed: bool,
    /// Where the film is, as last read (kept while GStreamer cannot say, mid-seek).
    position: Duration,
    duration: Option<Duration>,
    /// The clock's time when it last started playing, and from where.
    played_from: Option<(Duration, Duration)>,
    /// A visitor asked it to play (with sound) at some point.
    played: bool,
    /// When a tap asked to play and no picture of it has come yet (tap → first frame).
    asked_at: Option<std::time::Instant>,
    /// The UI's frames while it played: how many, their total and the slowest.
    ui_frames: (u32, Duration, Duration),
}

/// The widest pictures a film is decoded at (a 1080p screen's width).
const MAX_WIDTH: u32 = 1920;

/// A film's pictures are resized only when the place shown differs by more than this.
const WIDTH_SLACK: u32 = 16;

/// How long a tap may wait for a film's first picture before the film counts as failed.
const NO_PICTURE_LIMIT: Duration = Duration::from_secs(5);

/// Plays one film at a time.
pub struct FilmPlayer {
    ctx: egui::Context,
    sound: FilmSound,
    /// Lowered under the kiosk's voice (`media::ducking`).
    ducked: bool,
    showing: Option<Showing>,
    log: Vec<String>,
    /// How long the latest tap took to its first picture, for the log and the docs.
    first_frame_after: Option<Duration>,
}

impl FilmPlayer {
    pub fn new(ctx: &egui::Context, sound: FilmSound) -> Self {
        // GStreamer reads its plugin registry the first time: not in a visitor's tap.
        let spawned = std::thread::Builder::new()
            .name("film-init".into())
            .spawn(|| {
                if let Err(err) = gstreamer::init() {
                    tracing::warn!("films cannot be played: GStreamer cannot start: {err}");
                }
            });
        if let Err(err) = spawned {
            tracing::warn!("films: cannot start GStreamer ahead of time: {err}");
        }
        Self {
            ctx: ctx.clone(),
            sound,
            ducked: false,
            showing: None,
            log: Vec::new(),
            first_frame_after: None,
        }
    }

    /// Opens `file` for `key`, paused, with frames `width` pixels wide; a muted loop
    /// starts playing at once.
    pub fn open(
        &mut self,
        key: FilmKey,
        file: &Path,
        captions: Option<&Path>,
        width: u32,
        opening: Opening,
    ) {
        let muted_loop = opening != Opening::ForVisitor;
        self.stop();
        let captions = captions.and_then(|path| read_captions(path, &mut self.log));
        let ctx = self.ctx.clone();
        let sound = match self.sound {
            FilmSound::Device(volume) => Sound::Device(volume),
            FilmSound::Nowhere => Sound::Nowhere,
        };
        let film = match Film::open_with(
            file,
            width.clamp(16, MAX_WIDTH),
            None,
            sound,
            Arc::new(move || ctx.request_repaint()),
        ) {
            Ok(film) => Some(film),
            Err(err) => {
                self.log
                    .push(format!("film {}: cannot be played: {err}", file.display()));
                None
            }
        };
        let failed = film.is_none();
        if let Some(film) = &film {
            film.set_volume(self.volume());
            if muted_loop {
                film.set_muted(true);
                film.play();
            }
        }
        self.showing = Some(Showing {
            key,
            film,
            texture: None,
            captions,
            playing: muted_loop && !failed,
            muted_loop,
            looping: opening == Opening::MutedLoop,
            ended: false,
            failed,
            position: Duration::ZERO,
            duration: None,
            played_from: None,
            played: false,
            asked_at: None,
            ui_frames: (0, Duration::ZERO, Duration::ZERO),
        });
    }

    /// Plays the film open for `key` with its sound (a muted loop's sound comes on, from
    /// the start); one that ended starts again.
    pub fn play(&mut self, now: Duration) {
        let Some(showing) = &mut self.showing else {
            return;
        };
        let Some(film) = &showing.film else {
            return;
        };
        if showing.muted_loop {
            showing.muted_loop = false;
            showing.looping = false;
            film.set_muted(false);
            film.seek(Duration::ZERO);
            showing.position = Duration::ZERO;
        }
        if showing.ended {
            showing.ended = false;
            film.seek(Duration::ZERO);
            showing.position = Duration::ZERO;
        }
        film.play();
        if showing.texture.is_none() {
            showing.asked_at = Some(std::time::Instant::now());
        }
        showing.playing = true;
        showing.played = true;
        showing.played_from = Some((now, showing.position));
    }

    pub fn pause(&mut self) {
        if let Some(showing) = &mut self.showing
            && let Some(film) = &showing.film
        {
            film.pause();
            showing.playing = false;
            showing.played_from = None;
        }
    }

    /// The hall's volume for films from now on (a reloaded `kiosk.ron`).
    pub fn set_volume(&mut self, volume: f64) {
        if let FilmSound::Device(_) = self.sound {
            self.sound = FilmSound::Device(volume);
        }
        self.apply_volume();
    }

    /// The volume a film's sound should play at now: the hall's (full when it is heard
    /// nowhere), or less under the kiosk's voice.
    fn volume(&self) -> f64 {
        let full = match self.sound {
            FilmSound::Device(volume) => volume,
            FilmSound::Nowhere => 1.0,
        };
        if self.ducked {
            full * f64::from(super::ducking::DUCKED_SHARE)
        } else {
            full
        }
    }

    fn apply_volume(&self) {
        if let Some(film) = self.showing.as_ref().and_then(|s| s.film.as_ref()) {
            film.set_volume(self.volume());
        }
    }

    /// The open film's volume as its pipeline has it, for tests and the log.
    pub fn playing_volume(&self) -> Option<f64> {
        self.showing
            .as_ref()
            .and_then(|s| s.film.as_ref())
            .map(Film::volume)
    }

    /// Decodes the open film's pictures `width` pixels wide from now on, where it is
    /// (full screen and back): a change of a few pixels, as layouts settle, is not worth
    /// a renegotiation.
    pub fn fit_width(&mut self, width: u32) {
        let width = width.clamp(16, MAX_WIDTH);
        if let Some(film) = self.showing.as_mut().and_then(|s| s.film.as_mut())
            && film.width().abs_diff(width) > WIDTH_SLACK
        {
            tracing::info!("film: pictures {} → {width} pixels wide", film.width());
            film.set_width(width);
        }
    }

    /// Moves to `position` (the keyframe nearest it), keeping play or pause.
    pub fn seek(&mut self, position: Duration, now: Duration) {
        if let Some(showing) = &mut self.showing
            && let Some(film) = &showing.film
        {
            let position = showing.duration.map_or(position, |d| position.min(d));
            film.seek(position);
            showing.position = position;
            showing.ended = false;
            if showing.playing {
                showing.played_from = Some((now, position));
            }
        }
    }

    /// Stops the film and gives back its memory. Returns where the visitor left it, if
    /// they had tapped play and it had not ended (a muted loop is nobody's viewing).
    pub fn stop(&mut self) -> Option<LeftFilm> {
        let showing = self.showing.take()?;
        if let Some(film) = &showing.film
            && showing.played
        {
            let (decoded, dropped) = film.counts();
            let (frames, total, slowest) = showing.ui_frames;
            tracing::info!(
                "film stopped: {decoded} pictures decoded, {dropped} never shown; UI frames while playing: {frames}, mean {:.1} ms, slowest {:.1} ms",
                total.as_secs_f64() * 1000.0 / f64::from(frames.max(1)),
                slowest.as_secs_f64() * 1000.0
            );
        }
        let unfinished = !showing.ended && !showing.failed && !showing.muted_loop;
        // Dropping the film sets its pipeline to NULL; the texture goes with the handle.
        drop(showing.film);
        (showing.played && unfinished).then_some(LeftFilm {
            key: showing.key,
            at: showing.position,
        })
    }

    /// Takes the newest picture into the texture and reads the bus. Returns the film's
    /// key once when it plays to its end (a muted loop starts again instead).
    pub fn tick(&mut self) -> Option<FilmKey> {
        let showing = self.showing.as_mut()?;
        let film = showing.film.as_ref()?;
        if let Some(frame) = film.take_frame() {
            let size = [
                usize::try_from(frame.width).unwrap_or(0),
                usize::try_from(frame.height).unwrap_or(0),
            ];
            if size[0].saturating_mul(size[1]).saturating_mul(4) == frame.rgba.len() {
                let image = egui::ColorImage::from_rgba_unmultiplied(size, &frame.rgba);
                match &mut showing.texture {
                    Some(texture) => texture.set(image, egui::TextureOptions::LINEAR),
                    None => {
                        showing.texture = Some(self.ctx.load_texture(
                            "film",
                            image,
                            egui::TextureOptions::LINEAR,
                        ));
                    }
                }
                if showing.playing
                    && let Some(asked) = showing.asked_at.take()
                {
                    let after = asked.elapsed();
                    self.first_frame_after = Some(after);
                    tracing::info!("film: first picture {} ms after the tap", after.as_millis());
                }
            }
        }
        if showing.duration.is_none() {
            showing.duration = film.duration();
        }
        if let Some(position) = film.position() {
            showing.position = position;
        }
        let mut completed = None;
        match film.event(Duration::ZERO) {
            Some(Event::Ended) if showing.looping => film.seek(Duration::ZERO),
            Some(Event::Ended) => {
                showing.ended = true;
                showing.playing = false;
                showing.played_from = None;
                showing.position = showing.duration.unwrap_or(showing.position);
                film.pause();
                // Only a film a visitor played counts as watched to its end.
                completed = showing.played.then(|| showing.key.clone());
            }
            Some(Event::Failed(err)) => {
                self.log.push(format!("film: cannot be played: {err}"));
                showing.failed = true;
                showing.playing = false;
                showing.played_from = None;
                showing.film = None;
                showing.texture = None;
            }
            None => {}
        }
        // A cut-off file can leave GStreamer waiting for data that never comes, with no
        // error on the bus (seen in about one run in three when other films are open):
        // a tap that brings no picture in time is a failure, not a black hole.
        if showing.playing
            && showing.texture.is_none()
            && showing
                .asked_at
                .is_some_and(|asked| asked.elapsed() > NO_PICTURE_LIMIT)
        {
            self.log.push(format!(
                "film: no picture {} s after the tap: the file may be damaged",
                NO_PICTURE_LIMIT.as_secs()
            ));
            showing.failed = true;
            showing.playing = false;
            showing.played_from = None;
            showing.film = None;
        }
        completed
    }

    /// What the screen shows now.
    pub fn view(&self) -> Option<FilmView> {
        let showing = self.showing.as_ref()?;
        let position = showing
            .duration
            .map_or(showing.position, |d| showing.position.min(d));
        let caption = showing
            .captions
            .as_ref()
            .and_then(|c| c.cue_at(position))
            .map(|cue| cue.text.clone());
        Some(FilmView {
            key: showing.key.clone(),
            picture: showing
                .texture
                .as_ref()
                .map(|texture| (texture.id(), texture.size_vec2())),
            playing: showing.playing,
            muted_loop: showing.muted_loop,
            ended: showing.ended,
            failed: showing.failed,
            position,
            duration: showing.duration.unwrap_or_default(),
            caption,
        })
    }

    pub fn current(&self) -> Option<&FilmKey> {
        self.showing.as_ref().map(|s| &s.key)
    }

    /// Whether a film plays with its sound (what narration must not talk over).
    pub fn is_playing(&self) -> bool {
        self.showing
            .as_ref()
            .is_some_and(|s| s.playing && !s.muted_loop)
    }

    /// Whether someone may be watching now, for the idle timer: a film a visitor
    /// started plays, and not longer since than it lasts (plus slack), whatever
    /// GStreamer reports. A muted loop keeps nobody's visit going.
    pub fn is_watched(&self, now: Duration) -> bool {
        let Some(showing) = &self.showing else {
            return false;
        };
        let Some((since, from)) = showing.played_from else {
            return false;
        };
        if !showing.playing || showing.muted_loop {
            return false;
        }
        let left = showing
            .duration
            .map_or(LENGTH_UNKNOWN, |d| d.saturating_sub(from) + WATCHED_SLACK);
        now <= since + left
    }

    /// Whether a film is open (playing or not).
    pub fn is_active(&self) -> bool {
        self.showing.is_some()
    }

    /// How soon the screen must draw again without a new picture: each picture asks
    /// for a frame itself (from GStreamer's thread), so while it plays this only keeps
    /// the times moving when none come; sooner while the first picture is awaited.
    pub fn draw_every(&self) -> Option<Duration> {
        let showing = self.showing.as_ref().filter(|s| s.film.is_some())?;
        if showing.playing {
            Some(Duration::from_millis(250))
        } else if showing.texture.is_none() {
            Some(Duration::from_millis(50))
        } else {
            None
        }
    }

    /// The UI took `took` for a frame: counted while a film plays (bounded counters).
    pub fn frame_took(&mut self, took: Duration) {
        if let Some(showing) = &mut self.showing
            && showing.playing
        {
            let (frames, total, slowest) = &mut showing.ui_frames;
            *frames = frames.saturating_add(1);
            *total = total.saturating_add(took);
            *slowest = (*slowest).max(took);
        }
    }

    /// How long the latest tap took to show its first picture.
    pub fn first_frame_after(&self) -> Option<Duration> {
        self.first_frame_after
    }

    /// Log lines since the last call.
    pub fn take_log(&mut self) -> Vec<String> {
        std::mem::take(&mut self.log)
    }
}

impl super::ducking::Ducks for FilmPlayer {
    fn set_ducked(&mut self, ducked: bool) {
        if self.ducked != ducked {
            self.ducked = ducked;
            self.apply_volume();
        }
    }
}

fn read_captions(path: &Path, log: &mut Vec<String>) -> Option<Captions> {
    let problem = match std::fs::read_to_string(path) {
        Ok(text) => match Captions::parse(&text) {
            Ok(captions) => return Some(captions),
            Err(err) => err.to_string(),
        },
        Err(err) => err.to_string(),
    };
    log.push(format!("film captions {}: {problem}", path.display()));
    None
}

/// The film of `video` for a visitor in `language`: its file, its captions and the
/// language they are in.
pub fn film_paths(
    video: &crate::content::Video,
    language: &str,
    fallback: &str,
) -> Option<(PathBuf, Option<PathBuf>, String)> {
    let file = video.file.for_language(language, fallback)?.file()?;
    let (lang, captions) = match &video.captions {
        Some(captions) => captions
            .get_key_value(language)
            .or_else(|| captions.get_key_value(fallback))
            .map_or((language.to_owned(), None), |(lang, path)| {
                (lang.clone(), path.file().map(Path::to_path_buf))
            }),
        None => (language.to_owned(), None),
    };
    Some((file.to_path_buf(), captions, lang))
}
