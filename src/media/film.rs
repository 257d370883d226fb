//! Films: a GStreamer `playbin` whose picture leaves through an `appsink` as RGBA frames
//! at the size shown (scaled by GStreamer, so a 1080p film costs only the frames of its
//! place on screen), for the UI to upload as a texture. The sound goes to GStreamer's
//! own sink at the hall's volume. Its bus is read on a thread of its own that reports
//! the end and failures over a channel; `film_player` puts it on the exhibit screen.

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gstreamer as gst;
use gstreamer::prelude::*;
use gstreamer_app as gst_app;

/// One decoded picture, RGBA, rows without padding.
#[derive(Clone, Debug)]
pub struct Frame {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
    /// The film's own time of this picture.
    pub position: Duration,
}

/// Where the sound goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sound {
    /// GStreamer's choice of the PC's output, at this volume (0–1).
    Device(f64),
    /// Played in time but heard nowhere (tests; a muted loop).
    Nowhere,
}

/// What the film's bus said since it was last asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Ended,
    /// The film cannot be played; the words are GStreamer's, for the log.
    Failed(String),
}

/// Called from GStreamer's streaming thread whenever a new picture is ready (the UI
/// asks for a repaint there).
pub type OnFrame = Arc<dyn Fn() + Send + Sync>;

/// How often the bus thread looks whether its film is gone.
const BUS_WAKE: Duration = Duration::from_millis(200);

#[derive(Debug, thiserror::Error)]
pub enum FilmError {
    #[error("GStreamer cannot start: {0}")]
    Init(String),
    #[error("the film's pipeline cannot be built: {0}")]
    Pipeline(String),
}

/// A film being played. Dropping it stops it and hands its memory back.
pub struct Film {
    playbin: gst::Element,
    /// The capsfilter that sets the pictures' size.
    size: gst::Element,
    /// The pictures' width now.
    width: u32,
    events: Receiver<Event>,
    /// Set when the film is dropped: its bus thread ends.
    closed: Arc<AtomicBool>,
    latest: Arc<Mutex<Option<Frame>>>,
    counts: Arc<Counts>,
}

/// Pictures that reached the appsink, and those replaced by a newer one before the UI
/// took them (dropped), for the log and docs/PERFORMANCE.md.
#[derive(Debug, Default)]
pub struct Counts {
    pub decoded: std::sync::atomic::AtomicU64,
    pub dropped: std::sync::atomic::AtomicU64,
}

impl Film {
    /// Opens `path`, paused on its first picture, delivering frames of `width`×`height`.
    pub fn open(path: &Path, width: u32, height: u32, sound: Sound) -> Result<Self, FilmError> {
        Self::open_with(path, width, Some(height), sound, Arc::new(|| {}))
    }

    /// Opens `path`, paused on its first picture, delivering frames `width` wide and,
    /// without a `height`, as high as the film's own shape makes them; `on_frame` is
    /// called for every new picture.
    pub fn open_with(
        path: &Path,
        width: u32,
        height: Option<u32>,
        sound: Sound,
        on_frame: OnFrame,
    ) -> Result<Self, FilmError> {
        gst::init().map_err(|err| FilmError::Init(err.to_string()))?;
        let pipeline = |err: &dyn std::fmt::Display| FilmError::Pipeline(err.to_string());
        let uri = std::path::absolute(path)
            .map_err(|err| pipeline(&err))
            .and_then(|p| gst::glib::filename_to_uri(p, None).map_err(|err| pipeline(&err)))?;
        let sink = gst_app::AppSink::builder()
            .caps(
                &gst::Caps::builder("video/x-raw")
                    .field("format", "RGBA")
                    .build(),
            )
            .max_buffers(1)
            .drop(true)
            .build();
        // The picture's size is the capsfilter's: changed there, the scaler before it
        // renegotiates while the film plays on (full screen and back).
        let size = gst::ElementFactory::make("capsfilter")
            .property("caps", picture_caps(width, height))
            .build()
            .map_err(|err| pipeline(&err))?;
        let latest: Arc<Mutex<Option<Frame>>> = Arc::default();
        let counts: Arc<Counts> = Arc::default();
        // The paused film's first picture arrives as the preroll, the rest as samples.
        let keep = |latest: &Arc<Mutex<Option<Frame>>>,
                    counts: &Counts,
                    on_frame: &OnFrame,
                    sample: gst::Sample| {
            if let Some(frame) = frame_of(&sample)
                && let Ok(mut slot) = latest.lock()
            {
                counts.decoded.fetch_add(1, Ordering::Relaxed);
                if slot.replace(frame).is_some() {
                    counts.dropped.fetch_add(1, Ordering::Relaxed);
                }
                on_frame();
            }
            Ok(gst::FlowSuccess::Ok)
        };
        let (for_preroll, for_samples) = (Arc::clone(&latest), Arc::clone(&latest));
        let (preroll_counts, sample_counts) = (Arc::clone(&counts), Arc::clone(&counts));
        let preroll_frame = Arc::clone(&on_frame);
        sink.set_callbacks(
            gst_app::AppSinkCallbacks::builder()
                .new_preroll(move |sink| {
                    let sample = sink.pull_preroll().map_err(|_| gst::FlowError::Eos)?;
                    keep(&for_preroll, &preroll_counts, &preroll_frame, sample)
                })
                .new_sample(move |sink| {
                    let sample = sink.pull_sample().map_err(|_| gst::FlowError::Eos)?;
                    keep(&for_samples, &sample_counts, &on_frame, sample)
                })
                .build(),
        );
        let convert = gst::ElementFactory::make("videoconvertscale")
            .build()
            .map_err(|err| pipeline(&err))?;
        let video = gst::Bin::new();
        video
            .add_many([&convert, &size, sink.upcast_ref()])
            .map_err(|err| pipeline(&err))?;
        gst::Element::link_many([&convert, &size, sink.upcast_ref()])
            .map_err(|err| pipeline(&err))?;
        let pad = convert
            .static_pad("sink")
            .ok_or_else(|| pipeline(&"videoconvertscale has no sink pad"))?;
        let ghost = gst::GhostPad::with_target(&pad).map_err(|err| pipeline(&err))?;
        video.add_pad(&ghost).map_err(|err| pipeline(&err))?;

        let audio = match sound {
            Sound::Device(_) => gst::ElementFactory::make("autoaudiosink").build(),
            Sound::Nowhere => gst::ElementFactory::make("fakesink")
                .property("sync", true)
                .build(),
        }
        .map_err(|err| pipeline(&err))?;
        let playbin = gst::ElementFactory::make("playbin")
            .property("uri", uri.as_str())
            .property("video-sink", &video)
            .property("audio-sink", &audio)
            .build()
            .map_err(|err| pipeline(&err))?;
        if let Sound::Device(volume) = sound {
            playbin.set_property("volume", volume.clamp(0.0, 1.0));
        }
        // The film keeps the wall clock's time, not the sound card's: an output that
        // takes samples as fast as they come (ALSA's null device on a PC without one)
        // would otherwise run the film five times too fast, decoding flat out and
        // starving the UI (docs/PERFORMANCE.md). A real card follows this clock.
        if let Some(pipeline) = playbin.downcast_ref::<gst::Pipeline>() {
            pipeline.use_clock(Some(&gst::SystemClock::obtain()));
        }
        let bus = playbin
            .bus()
            .ok_or_else(|| pipeline(&"the playbin has no bus"))?;
        let closed = Arc::new(AtomicBool::new(false));
        let events = read_bus(bus, Arc::clone(&closed)).map_err(|err| pipeline(&err))?;
        // A file that cannot be read fails here or on the bus; either way the caller
        // shows the poster.
        if let Err(err) = playbin.set_state(gst::State::Paused) {
            closed.store(true, Ordering::SeqCst);
            let _ = playbin.set_state(gst::State::Null);
            return Err(pipeline(&err));
        }
        Ok(Self {
            playbin,
            size,
            width,
            events,
            closed,
            latest,
            counts,
        })
    }

    /// Pictures decoded so far, and those the UI never took.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.counts.decoded.load(Ordering::Relaxed),
            self.counts.dropped.load(Ordering::Relaxed),
        )
    }

    /// The pictures' width now.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Delivers pictures `width` wide from now on (as high as the film's shape makes
    /// them), without stopping or moving the film: a playing film's next picture has
    /// the new size; a paused one is shown again, at the same place, at the new size.
    pub fn set_width(&mut self, width: u32) {
        if width == self.width {
            return;
        }
        self.width = width;
        self.size.set_property("caps", picture_caps(width, None));
        let (_, state, _) = self.playbin.state(gst::ClockTime::ZERO);
        if state == gst::State::Paused
            && let Some(at) = self.playbin.query_position::<gst::ClockTime>()
        {
            // A paused pipeline passes no new picture through until it is flushed: an
            // accurate seek to where it is re-decodes this very picture at the new size.
            let _ = self
                .playbin
                .seek_simple(gst::SeekFlags::FLUSH | gst::SeekFlags::ACCURATE, at);
        }
    }

    /// Plays the sound at `volume` (0–1) of full.
    pub fn set_volume(&self, volume: f64) {
        self.playbin.set_property("volume", volume.clamp(0.0, 1.0));
    }

    /// The sound's volume as the pipeline has it now (0–1).
    pub fn volume(&self) -> f64 {
        self.playbin.property::<f64>("volume")
    }

    /// Silences the film or gives it its sound back (a muted loop that was tapped).
    pub fn set_muted(&self, muted: bool) {
        self.playbin.set_property("mute", muted);
    }

    pub fn play(&self) {
        let _ = self.playbin.set_state(gst::State::Playing);
    }

    pub fn pause(&self) {
        let _ = self.playbin.set_state(gst::State::Paused);
    }

    /// Jumps to the keyframe nearest `to` (films are encoded with one each second).
    pub fn seek(&self, to: Duration) {
        let to = gst::ClockTime::from_nseconds(u64::try_from(to.as_nanos()).unwrap_or(u64::MAX));
        let _ = self
            .playbin
            .seek_simple(gst::SeekFlags::FLUSH | gst::SeekFlags::KEY_UNIT, to);
    }

    /// The newest picture not yet taken.
    pub fn take_frame(&self) -> Option<Frame> {
        self.latest.lock().ok().and_then(|mut slot| slot.take())
    }

    pub fn position(&self) -> Option<Duration> {
        self.playbin
            .query_position::<gst::ClockTime>()
            .map(|t| Duration::from_nanos(t.nseconds()))
    }

    pub fn duration(&self) -> Option<Duration> {
        self.playbin
            .query_duration::<gst::ClockTime>()
            .map(|t| Duration::from_nanos(t.nseconds()))
    }

    /// The next end or failure on the film's bus, waiting at most `wait` (zero: only
    /// what has arrived). A bus thread that is gone is a failure too, never silence.
    pub fn event(&self, wait: Duration) -> Option<Event> {
        match self.events.recv_timeout(wait) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(Event::Failed(
                "the thread reading the film's bus has stopped".to_owned(),
            )),
        }
    }
}

impl Drop for Film {
    fn drop(&mut self) {
        self.closed.store(true, Ordering::SeqCst);
        let _ = self.playbin.set_state(gst::State::Null);
    }
}

/// Reads the film's bus on a thread of its own until `closed`, sending its end and its
/// failures. A panic while reading is caught and reported as a failure, and the thread
/// goes on; if it ends anyway, the channel closes and [`Film::event`] says so.
fn read_bus(bus: gst::Bus, closed: Arc<AtomicBool>) -> std::io::Result<Receiver<Event>> {
    let (events, receiver) = channel();
    let wake = gst::ClockTime::from_nseconds(u64::try_from(BUS_WAKE.as_nanos()).unwrap_or(0));
    std::thread::Builder::new()
        .name("film-bus".into())
        .spawn(move || {
            while !closed.load(Ordering::SeqCst) {
                let read = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    let message = bus.timed_pop_filtered(
                        wake,
                        &[gst::MessageType::Eos, gst::MessageType::Error],
                    )?;
                    match message.view() {
                        gst::MessageView::Eos(_) => Some(Event::Ended),
                        gst::MessageView::Error(err) => {
                            Some(Event::Failed(err.error().to_string()))
                        }
                        _ => None,
                    }
                }));
                let event = match read {
                    Ok(event) => event,
                    Err(_) => Some(Event::Failed("reading the film's bus panicked".to_owned())),
                };
                if let Some(event) = event
                    && events.send(event).is_err()
                {
                    // Nobody listens: the film is gone.
                    return;
                }
            }
        })?;
    Ok(receiver)
}

/// RGBA pictures `width` wide (at least 2), square pixels, and `height` high if given.
fn picture_caps(width: u32, height: Option<u32>) -> gst::Caps {
    let mut caps = gst::Caps::builder("video/x-raw")
        .field("format", "RGBA")
        .field("width", i32::try_from(width.max(2)).unwrap_or(1920))
        .field("pixel-aspect-ratio", gst::Fraction::new(1, 1));
    if let Some(height) = height {
        caps = caps.field("height", i32::try_from(height.max(2)).unwrap_or(1080));
    }
    caps.build()
}

fn frame_of(sample: &gst::Sample) -> Option<Frame> {
    let caps = sample.caps()?;
    let info = gstreamer_video::VideoInfo::from_caps(caps).ok()?;
    let buffer = sample.buffer()?;
    let map = buffer.map_readable().ok()?;
    let width = info.width();
    let height = info.height();
    let stride = usize::try_from(*info.stride().first()?).ok()?;
    let row = usize::try_from(width).ok()?.checked_mul(4)?;
    let mut rgba = Vec::with_capacity(row.checked_mul(usize::try_from(height).ok()?)?);
    for y in 0..usize::try_from(height).ok()? {
        let start = y.checked_mul(stride)?;
        rgba.extend_from_slice(map.get(start..start.checked_add(row)?)?);
    }
    Some(Frame {
        width,
        height,
        rgba,
        position: buffer
            .pts()
            .map_or(Duration::ZERO, |t| Duration::from_nanos(t.nseconds())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/media/video/party-history-museum-1.webm"
    );

    /// Waits for a frame, with a bound so that a broken pipeline fails the test
    /// instead of hanging it (the bound is not what is tested).
    fn next_frame(film: &Film) -> Option<Frame> {
        for _ in 0..200 {
            if let Some(frame) = film.take_frame() {
                return Some(frame);
            }
            if let Some(Event::Failed(err)) = film.event(Duration::from_millis(50)) {
                panic!("the film failed: {err}");
            }
        }
        None
    }

    #[test]
    fn the_demo_film_plays_in_frames_of_the_size_shown() {
        let film = Film::open(Path::new(DEMO), 320, 180, Sound::Nowhere).unwrap();
        let first = next_frame(&film).expect("the paused film shows its first picture");
        assert_eq!((first.width, first.height), (320, 180));
        assert_eq!(first.rgba.len(), 320 * 180 * 4);
        film.play();
        let mut later = first.clone();
        for _ in 0..50 {
            later = next_frame(&film).expect("frames keep coming while it plays");
            if later.position > first.position + Duration::from_millis(400) {
                break;
            }
        }
        assert!(
            later.position > first.position,
            "{:?} then {:?}",
            first.position,
            later.position
        );
        let duration = film.duration().expect("the film's length is known");
        assert!(duration > Duration::from_secs(13) && duration < Duration::from_secs(15));
    }

    #[test]
    fn a_film_is_resized_where_it_is_paused_and_while_it_plays() {
        let mut film =
            Film::open_with(Path::new(DEMO), 320, None, Sound::Nowhere, Arc::new(|| {})).unwrap();
        let first = next_frame(&film).expect("the first picture");
        assert_eq!((first.width, first.height), (320, 180));
        film.seek(Duration::from_secs(5));
        let paused_at = (0..100)
            .find_map(|_| next_frame(&film).filter(|f| f.position >= Duration::from_secs(4)))
            .expect("the picture at 5 s");
        // Full screen while paused: the same picture again, at the screen's size.
        film.set_width(1280);
        let large = next_frame(&film).expect("the paused picture at the new size");
        // As high as the film's shape makes it (its height is rounded by the scaler).
        assert_eq!(large.width, 1280);
        assert!(large.height.abs_diff(720) <= 1, "{}", large.height);
        assert_eq!(large.position, paused_at.position, "it did not move");
        // Back to the panel while it plays: the film goes on from there, smaller.
        film.play();
        film.set_width(480);
        let small = (0..100)
            .find_map(|_| next_frame(&film).filter(|f| f.width == 480))
            .expect("pictures at the panel's size again");
        assert!(small.height.abs_diff(270) <= 1, "{}", small.height);
        assert!(
            small.position >= paused_at.position,
            "{:?} after {:?}: the film did not start again",
            small.position,
            paused_at.position
        );
    }

    #[test]
    fn a_damaged_film_fails_with_a_message_and_no_frame() {
        let damaged = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/invalid/film-truncated/media/video/clip.webm"
        );
        // The cut-off file fails on the bus, or (in about one run in three while other
        // tests open films) GStreamer waits for data with no word at all; the player
        // turns that silence into a failure after `NO_PICTURE_LIMIT`. Either way no
        // picture comes and the film never reports that it played to its end.
        if let Ok(film) = Film::open(Path::new(damaged), 320, 180, Sound::Nowhere) {
            let event = (0..100).find_map(|_| film.event(Duration::from_millis(50)));
            assert!(film.take_frame().is_none(), "a damaged film gave a picture");
            assert!(
                matches!(event, Some(Event::Failed(_)) | None),
                "a damaged film reported {event:?}"
            );
        }
    }
}
