//! Films: a GStreamer `playbin` whose picture leaves through an `appsink` as RGBA frames
//! at the size shown (scaled by GStreamer, so a 1080p film costs only the frames of its
//! place on screen), for the UI to upload as a texture. The sound goes to GStreamer's
//! own sink at the hall's volume. Not wired into the screens yet (issue 18).

use std::path::Path;
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
    bus: gst::Bus,
    latest: Arc<Mutex<Option<Frame>>>,
}

impl Film {
    /// Opens `path`, paused on its first picture, delivering frames of `width`×`height`.
    pub fn open(path: &Path, width: u32, height: u32, sound: Sound) -> Result<Self, FilmError> {
        gst::init().map_err(|err| FilmError::Init(err.to_string()))?;
        let pipeline = |err: &dyn std::fmt::Display| FilmError::Pipeline(err.to_string());
        let uri = std::path::absolute(path)
            .map_err(|err| pipeline(&err))
            .and_then(|p| gst::glib::filename_to_uri(p, None).map_err(|err| pipeline(&err)))?;
        let caps = gst::Caps::builder("video/x-raw")
            .field("format", "RGBA")
            .field("width", i32::try_from(width.max(2)).unwrap_or(1920))
            .field("height", i32::try_from(height.max(2)).unwrap_or(1080))
            .field("pixel-aspect-ratio", gst::Fraction::new(1, 1))
            .build();
        let sink = gst_app::AppSink::builder()
            .caps(&caps)
            .max_buffers(1)
            .drop(true)
            .build();
        let latest: Arc<Mutex<Option<Frame>>> = Arc::default();
        // The paused film's first picture arrives as the preroll, the rest as samples.
        let keep = |latest: &Arc<Mutex<Option<Frame>>>, sample: gst::Sample| {
            if let Some(frame) = frame_of(&sample)
                && let Ok(mut slot) = latest.lock()
            {
                *slot = Some(frame);
            }
            Ok(gst::FlowSuccess::Ok)
        };
        let (for_preroll, for_samples) = (Arc::clone(&latest), Arc::clone(&latest));
        sink.set_callbacks(
            gst_app::AppSinkCallbacks::builder()
                .new_preroll(move |sink| {
                    let sample = sink.pull_preroll().map_err(|_| gst::FlowError::Eos)?;
                    keep(&for_preroll, sample)
                })
                .new_sample(move |sink| {
                    let sample = sink.pull_sample().map_err(|_| gst::FlowError::Eos)?;
                    keep(&for_samples, sample)
                })
                .build(),
        );
        let convert = gst::ElementFactory::make("videoconvertscale")
            .build()
            .map_err(|err| pipeline(&err))?;
        let video = gst::Bin::new();
        video
            .add_many([&convert, sink.upcast_ref()])
            .map_err(|err| pipeline(&err))?;
        convert.link(&sink).map_err(|err| pipeline(&err))?;
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
        let bus = playbin
            .bus()
            .ok_or_else(|| pipeline(&"the playbin has no bus"))?;
        // A file that cannot be read fails here or on the bus; either way the caller
        // shows the poster.
        playbin
            .set_state(gst::State::Paused)
            .map_err(|err| pipeline(&err))?;
        Ok(Self {
            playbin,
            bus,
            latest,
        })
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

    /// The next end or failure on the film's bus, waiting at most `wait`.
    pub fn event(&self, wait: Duration) -> Option<Event> {
        let wait = gst::ClockTime::from_nseconds(u64::try_from(wait.as_nanos()).unwrap_or(0));
        let message = self
            .bus
            .timed_pop_filtered(wait, &[gst::MessageType::Eos, gst::MessageType::Error])?;
        match message.view() {
            gst::MessageView::Eos(_) => Some(Event::Ended),
            gst::MessageView::Error(err) => Some(Event::Failed(err.error().to_string())),
            _ => None,
        }
    }
}

impl Drop for Film {
    fn drop(&mut self) {
        let _ = self.playbin.set_state(gst::State::Null);
    }
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
    fn a_damaged_film_fails_with_a_message_and_no_frame() {
        let damaged = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/invalid/film-truncated/media/video/clip.webm"
        );
        let failed = match Film::open(Path::new(damaged), 320, 180, Sound::Nowhere) {
            Err(_) => true,
            Ok(film) => {
                let event = (0..100).find_map(|_| film.event(Duration::from_millis(50)));
                assert!(film.take_frame().is_none());
                matches!(event, Some(Event::Failed(_)))
            }
        };
        assert!(failed);
    }
}
