//! Narration: playback through rodio, its position for the captions, and a fallback
//! when there is no audio device (headless, unplugged or busy): the captions then run
//! on the clock, and the next play tries the device again.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rodio::Source as _;

use crate::captions::Captions;

/// Opens an audio file and reads its duration from its headers (no full decode).
pub fn probe_duration(path: &Path) -> Result<Option<Duration>, String> {
    let decoder = open_decoder(path)?;
    Ok(decoder.total_duration())
}

pub(crate) fn open_decoder(path: &Path) -> Result<rodio::Decoder<BufReader<File>>, String> {
    let file = File::open(path).map_err(|err| err.to_string())?;
    let byte_len = file.metadata().map_err(|err| err.to_string())?.len();
    let mut builder = rodio::Decoder::builder()
        .with_data(BufReader::new(file))
        .with_byte_len(byte_len)
        .with_seekable(true);
    if let Some(extension) = path.extension().and_then(|e| e.to_str()) {
        builder = builder.with_hint(extension);
    }
    builder.build().map_err(|err| err.to_string())
}

/// Which recording: one panel's narration in one language.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TrackKey {
    pub exhibit: String,
    pub panel: usize,
    pub language: String,
}

/// Whether to use the sound card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceMode {
    /// Open the default output device on the first play.
    System,
    /// Never open a device: captions run on the clock (tests, benchmarks).
    Silent,
}

/// A device whose position has not moved for this long while playing has stopped (a USB
/// speaker pulled, HDMI audio gone with the screen asleep).
const STALL: Duration = Duration::from_secs(3);

/// How long past its length a narration may still count as heard, for the idle timer.
const HEARD_SLACK: Duration = Duration::from_secs(10);

enum Device {
    Untried,
    Open(rodio::MixerDeviceSink),
    /// A mixer nothing plays from: a device that stopped, for tests.
    #[cfg(test)]
    Stalled {
        mixer: rodio::mixer::Mixer,
        /// Held so that the mixer stays open, never read from.
        _output: rodio::mixer::MixerSource,
    },
    /// The last attempt failed; the next play tries again.
    Unavailable,
}

enum Output {
    Player(rodio::Player),
    /// No device: the position is counted from the clock.
    Clock {
        /// Position when the clock last started.
        from: Duration,
        /// When it last started; `None` while paused.
        since: Option<Duration>,
    },
}

struct Track {
    key: TrackKey,
    captions: Option<Captions>,
    duration: Duration,
    output: Output,
    completed: bool,
    /// The player's position when it last moved, and when that was.
    moved: (Duration, Duration),
    /// After this moment the recording cannot still be playing; `None` while paused.
    heard_until: Option<Duration>,
}

impl Track {
    /// Playing from `position` at `now`: heard until its end, with some slack.
    fn playing_from(&mut self, position: Duration, now: Duration) {
        self.moved = (position, now);
        self.heard_until = Some(now + self.duration.saturating_sub(position) + HEARD_SLACK);
    }
}

/// What the narration controls show.
#[derive(Clone, Debug, PartialEq)]
pub struct NarrationView {
    pub key: TrackKey,
    pub playing: bool,
    pub position: Duration,
    pub duration: Duration,
    /// The caption cue at the position, if any.
    pub caption: Option<String>,
    pub transcript: Option<String>,
    /// No audio device: captions only.
    pub silent: bool,
}

/// Plays one narration at a time.
pub struct Narrator {
    mode: DeviceMode,
    device: Device,
    volume: f32,
    track: Option<Track>,
    log: Vec<String>,
    /// Whether the last failure was already logged (one line per outage, not per tap).
    failure_logged: bool,
    starts: u64,
}

impl Narrator {
    pub fn new(mode: DeviceMode, volume: f32) -> Self {
        Self {
            mode,
            device: Device::Untried,
            volume: volume.clamp(0.0, 1.0),
            track: None,
            log: Vec::new(),
            failure_logged: false,
            starts: 0,
        }
    }

    /// A narrator on a device that takes the recording and never plays it.
    #[cfg(test)]
    fn on_a_stalled_device() -> Self {
        let channels = std::num::NonZero::new(1).unwrap_or(std::num::NonZero::<u16>::MIN);
        let rate = std::num::NonZero::new(44_100).unwrap_or(std::num::NonZero::<u32>::MIN);
        let (mixer, source) = rodio::mixer::mixer(channels, rate);
        let mut narrator = Self::new(DeviceMode::System, 1.0);
        narrator.device = Device::Stalled {
            mixer,
            _output: source,
        };
        narrator
    }

    pub fn set_volume(&mut self, volume: f32) {
        self.volume = volume.clamp(0.0, 1.0);
        if let Some(Track {
            output: Output::Player(player),
            ..
        }) = &self.track
        {
            player.set_volume(self.volume);
        }
    }

    /// Starts (or resumes) the recording `key` from `audio`, with `captions`.
    pub fn play(&mut self, key: TrackKey, audio: &Path, captions: Option<&Path>, now: Duration) {
        if let Some(track) = &mut self.track
            && track.key == key
            && !track.completed
        {
            resume(track, now);
            let position = clock_position(track, now);
            track.playing_from(position, now);
            return;
        }
        self.stop();
        self.starts += 1;
        let captions = captions.and_then(|path| match std::fs::read_to_string(path) {
            Ok(text) => match Captions::parse(&text) {
                Ok(captions) => Some(captions),
                Err(err) => {
                    self.log.push(format!("captions {}: {err}", path.display()));
                    None
                }
            },
            Err(err) => {
                self.log.push(format!("captions {}: {err}", path.display()));
                None
            }
        });
        let decoder = match open_decoder(audio) {
            Ok(decoder) => Some(decoder),
            Err(err) => {
                self.log.push(format!(
                    "narration {}: cannot be decoded: {err}",
                    audio.display()
                ));
                None
            }
        };
        let duration = decoder
            .as_ref()
            .and_then(rodio::Source::total_duration)
            .or_else(|| captions.as_ref().map(Captions::end))
            .unwrap_or_default();
        let output = match (decoder, self.mixer()) {
            (Some(decoder), Some(mixer)) => {
                let player = rodio::Player::connect_new(mixer);
                player.set_volume(self.volume);
                player.append(decoder);
                Output::Player(player)
            }
            _ => Output::Clock {
                from: Duration::ZERO,
                since: Some(now),
            },
        };
        let mut track = Track {
            key,
            captions,
            duration,
            output,
            completed: false,
            moved: (Duration::ZERO, now),
            heard_until: None,
        };
        track.playing_from(Duration::ZERO, now);
        self.track = Some(track);
    }

    /// The output mixer, opening the device if needed.
    fn mixer(&mut self) -> Option<&rodio::mixer::Mixer> {
        if self.mode == DeviceMode::Silent {
            return None;
        }
        if matches!(self.device, Device::Untried | Device::Unavailable) {
            match rodio::DeviceSinkBuilder::open_default_sink() {
                Ok(mut sink) => {
                    sink.log_on_drop(false);
                    if self.failure_logged {
                        self.log.push("audio device available again".to_owned());
                    }
                    self.failure_logged = false;
                    self.device = Device::Open(sink);
                }
                Err(err) => {
                    if !self.failure_logged {
                        self.log.push(format!(
                            "no audio device ({err}); narration shows captions only and tries again on the next play"
                        ));
                        self.failure_logged = true;
                    }
                    self.device = Device::Unavailable;
                }
            }
        }
        match &self.device {
            Device::Open(sink) => Some(sink.mixer()),
            #[cfg(test)]
            Device::Stalled { mixer, .. } => Some(mixer),
            _ => None,
        }
    }

    pub fn pause(&mut self, now: Duration) {
        let Some(track) = &mut self.track else {
            return;
        };
        track.heard_until = None;
        match &mut track.output {
            Output::Player(player) => player.pause(),
            Output::Clock { from, since } => {
                if let Some(started) = since.take() {
                    *from += now.saturating_sub(started);
                }
            }
        }
    }

    /// Moves to `position` (clamped to the recording), keeping play or pause.
    pub fn seek(&mut self, position: Duration, now: Duration) {
        let Some(track) = &mut self.track else {
            return;
        };
        let position = position.min(track.duration);
        track.completed = false;
        if track.heard_until.is_some() {
            track.playing_from(position, now);
        }
        match &mut track.output {
            Output::Player(player) => {
                if player.empty() {
                    // Finished: nothing to seek in. Start again from the position.
                    return;
                }
                if let Err(err) = player.try_seek(position) {
                    self.log.push(format!("narration seek failed: {err}"));
                }
            }
            Output::Clock { from, since } => {
                *from = position;
                if since.is_some() {
                    *since = Some(now);
                }
            }
        }
    }

    pub fn stop(&mut self) {
        if let Some(Track {
            output: Output::Player(player),
            ..
        }) = &self.track
        {
            player.stop();
        }
        self.track = None;
    }

    /// Whether a narration is being heard now: started, not paused, not over.
    pub fn is_playing(&self, now: Duration) -> bool {
        self.view(now)
            .is_some_and(|v| v.playing && v.position < v.duration)
    }

    /// Whether someone may be listening now, for the idle timer: playing, and not
    /// longer since it started than the recording lasts (plus slack), whatever the
    /// device reports.
    pub fn is_heard(&self, now: Duration) -> bool {
        self.is_playing(now)
            && self
                .track
                .as_ref()
                .and_then(|track| track.heard_until)
                .is_some_and(|until| now <= until)
    }

    pub fn is_active(&self) -> bool {
        self.track.is_some()
    }

    pub fn current(&self) -> Option<&TrackKey> {
        self.track.as_ref().map(|t| &t.key)
    }

    /// Notices the end of the recording; returns its key once when it completes.
    pub fn tick(&mut self, now: Duration) -> Option<TrackKey> {
        let track = self.track.as_mut()?;
        if track.completed {
            return None;
        }
        let mut stalled_at = None;
        let finished = match &track.output {
            Output::Player(player) => {
                let position = player.get_pos();
                if player.is_paused() || player.empty() || position != track.moved.0 {
                    track.moved = (position, now);
                } else if now.saturating_sub(track.moved.1) >= STALL {
                    stalled_at = Some(position);
                }
                player.empty()
            }
            Output::Clock { .. } => clock_position(track, now) >= track.duration,
        };
        if let Some(position) = stalled_at {
            // The device stopped: the captions go on on the clock from here, and the
            // next play opens the device again.
            track.output = Output::Clock {
                from: position,
                since: Some(now),
            };
            self.device = Device::Unavailable;
            self.failure_logged = true;
            self.log.push(
                "the audio device stopped playing; narration shows captions only and tries the device again on the next play"
                    .to_owned(),
            );
        }
        if finished {
            track.completed = true;
            if let Output::Clock { from, since } = &mut track.output {
                *from = track.duration;
                *since = None;
            }
            return Some(track.key.clone());
        }
        None
    }

    /// What the controls show now.
    pub fn view(&self, now: Duration) -> Option<NarrationView> {
        let track = self.track.as_ref()?;
        let (playing, position) = match &track.output {
            Output::Player(player) => {
                let position = if track.completed {
                    track.duration
                } else {
                    player.get_pos()
                };
                (!player.is_paused() && !track.completed, position)
            }
            Output::Clock { since, .. } => (
                since.is_some() && !track.completed,
                clock_position(track, now),
            ),
        };
        let position = position.min(track.duration);
        let caption = track
            .captions
            .as_ref()
            .and_then(|c| c.cue_at(position))
            .map(|cue| cue.text.clone());
        Some(NarrationView {
            key: track.key.clone(),
            playing,
            position,
            duration: track.duration,
            caption,
            transcript: track.captions.as_ref().map(Captions::transcript),
            silent: matches!(track.output, Output::Clock { .. }),
        })
    }

    /// Log lines since the last call.
    pub fn take_log(&mut self) -> Vec<String> {
        std::mem::take(&mut self.log)
    }

    /// How many recordings were started.
    pub fn starts(&self) -> u64 {
        self.starts
    }
}

fn resume(track: &mut Track, now: Duration) {
    match &mut track.output {
        Output::Player(player) => player.play(),
        Output::Clock { since, .. } => {
            if since.is_none() {
                *since = Some(now);
            }
        }
    }
}

fn clock_position(track: &Track, now: Duration) -> Duration {
    match &track.output {
        Output::Clock { from, since } => {
            let running = since.map_or(Duration::ZERO, |started| now.saturating_sub(started));
            (*from + running).min(track.duration)
        }
        Output::Player(player) => player.get_pos(),
    }
}

/// Resolves a narration's audio and captions for a language, falling back to the
/// hall's first language. A file validation refused is not opened: without its audio
/// there is no narration, without its captions none are shown.
pub fn narration_paths(
    narration: &crate::content::Narration,
    language: &str,
    fallback: &str,
    hall: &crate::content::Hall,
) -> Option<(PathBuf, Option<PathBuf>, String)> {
    use crate::content::MediaKind;
    let (lang, audio) = narration
        .audio
        .get_key_value(language)
        .or_else(|| narration.audio.get_key_value(fallback))
        .or_else(|| narration.audio.iter().next())?;
    let captions = narration
        .captions
        .as_ref()
        .and_then(|c| c.get(lang))
        .and_then(|file| hall.media_path(file, MediaKind::Captions));
    Some((
        hall.media_path(audio, MediaKind::Audio)?,
        captions,
        lang.clone(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/base/media")
            .join(path)
    }

    fn key() -> TrackKey {
        TrackKey {
            exhibit: "alpha".into(),
            panel: 0,
            language: "zh".into(),
        }
    }

    #[test]
    fn silent_narration_runs_captions_on_the_clock() {
        let mut narrator = Narrator::new(DeviceMode::Silent, 1.0);
        let at = Duration::from_secs;
        narrator.play(
            key(),
            &fixture("audio/zh/alpha-1.ogg"),
            Some(&fixture("captions/zh/alpha-1.vtt")),
            at(10),
        );
        let view = narrator.view(at(10)).unwrap();
        assert!(view.playing && view.silent);
        assert_eq!(view.duration, Duration::from_secs(2));
        assert_eq!(view.caption.as_deref(), Some("第一句。"));
        assert_eq!(
            narrator
                .view(Duration::from_millis(11_200))
                .unwrap()
                .caption
                .as_deref(),
            Some("第二句。")
        );

        narrator.pause(Duration::from_millis(11_500));
        let paused = narrator.view(at(60)).unwrap();
        assert!(!paused.playing);
        assert_eq!(paused.position, Duration::from_millis(1500));

        narrator.play(key(), &fixture("audio/zh/alpha-1.ogg"), None, at(70));
        assert_eq!(narrator.tick(Duration::from_millis(70_400)), None);
        assert_eq!(narrator.tick(at(71)), Some(key()));
        assert_eq!(narrator.tick(at(72)), None, "completion is reported once");
    }

    #[test]
    fn a_device_that_stops_playing_gives_way_to_captions_on_the_clock() {
        let mut narrator = Narrator::on_a_stalled_device();
        let at = Duration::from_millis;
        narrator.play(
            key(),
            &fixture("audio/zh/alpha-1.ogg"),
            Some(&fixture("captions/zh/alpha-1.vtt")),
            at(0),
        );
        assert!(!narrator.view(at(0)).unwrap().silent, "on the device");
        for ms in [500, 1_500, 2_500] {
            assert_eq!(narrator.tick(at(ms)), None);
        }
        assert!(
            !narrator.view(at(2_500)).unwrap().silent,
            "not given up yet"
        );
        assert_eq!(narrator.tick(at(3_000)), None);
        let view = narrator.view(at(3_000)).unwrap();
        assert!(view.silent && view.playing, "captions only, still going");
        assert_eq!(
            narrator.view(at(4_200)).unwrap().caption.as_deref(),
            Some("第二句。")
        );
        assert!(narrator.take_log()[0].starts_with("the audio device stopped playing"));
        assert_eq!(narrator.tick(at(5_000)), Some(key()), "the narration ends");
        assert!(!narrator.is_heard(at(5_000)));
        assert!(
            matches!(narrator.device, Device::Unavailable),
            "the next play opens the device again"
        );
    }

    #[test]
    fn a_narration_counts_as_heard_no_longer_than_it_lasts() {
        let mut narrator = Narrator::on_a_stalled_device();
        let at = Duration::from_secs;
        narrator.play(key(), &fixture("audio/zh/alpha-1.ogg"), None, at(100));
        // Nothing notices the stall (no ticks): the idle timer still may not wait forever.
        assert!(narrator.is_heard(at(100)));
        assert!(narrator.is_heard(at(112)), "2 s long, plus slack");
        assert!(narrator.is_playing(at(113)), "the device says it plays");
        assert!(!narrator.is_heard(at(113)), "but nobody hears it any more");
        narrator.pause(at(113));
        narrator.play(key(), &fixture("audio/zh/alpha-1.ogg"), None, at(200));
        assert!(
            narrator.is_heard(at(205)),
            "resumed: heard again for its rest"
        );
    }

    #[test]
    fn seeking_moves_the_caption() {
        let mut narrator = Narrator::new(DeviceMode::Silent, 1.0);
        narrator.play(
            key(),
            &fixture("audio/zh/alpha-1.ogg"),
            Some(&fixture("captions/zh/alpha-1.vtt")),
            Duration::ZERO,
        );
        narrator.seek(Duration::from_millis(1_200), Duration::ZERO);
        assert_eq!(
            narrator.view(Duration::ZERO).unwrap().caption.as_deref(),
            Some("第二句。")
        );
    }

    #[test]
    fn undecodable_audio_falls_back_to_captions() {
        let mut narrator = Narrator::new(DeviceMode::Silent, 1.0);
        narrator.play(
            key(),
            &fixture("photos/alpha.jpg"),
            Some(&fixture("captions/zh/alpha-1.vtt")),
            Duration::ZERO,
        );
        let view = narrator.view(Duration::ZERO).unwrap();
        assert_eq!(view.duration, Duration::from_millis(1900));
        assert!(narrator.take_log()[0].contains("cannot be decoded"));
    }
}
