//! Narration: playback through rodio, its position for the captions, and a fallback
//! when there is no audio device (headless, unplugged or busy): the captions then run
//! on the clock, and the next play tries the device again.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::Duration;

use crate::captions::Captions;
use crate::content::media_index::open_audio;

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
    /// Being opened on the narration thread.
    Preparing(Receiver<Prepared>),
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

impl super::ducking::Ducks for Narrator {
    fn set_ducked(&mut self, ducked: bool) {
        if self.ducked != ducked {
            self.ducked = ducked;
            self.apply_volume();
        }
    }
}

/// Plays one narration at a time.
pub struct Narrator {
    preparation: Preparation,
    volume: f32,
    /// Lowered under the kiosk's voice (`media::ducking`).
    ducked: bool,
    track: Option<Track>,
    log: Vec<String>,
    starts: u64,
    device_open: Arc<AtomicBool>,
}

impl Narrator {
    pub fn new(mode: DeviceMode, volume: f32) -> Self {
        let device_open = Arc::new(AtomicBool::new(false));
        let preparer = Preparer {
            mode,
            device: Device::Untried,
            failure_logged: false,
            device_open: Arc::clone(&device_open),
        };
        // Opening the device and the recording can take long (a sound server waking, a
        // slow disk): in the kiosk it happens on a thread of its own, never in a frame.
        // Without a device there is nothing slow to wait for but the files, and tests
        // want each play settled at once.
        let preparation = match mode {
            DeviceMode::System => Preparation::Thread(Worker::start(preparer)),
            DeviceMode::Silent => Preparation::Inline(preparer),
        };
        Self {
            preparation,
            volume: volume.clamp(0.0, 1.0),
            ducked: false,
            track: None,
            log: Vec::new(),
            starts: 0,
            device_open,
        }
    }

    /// Whether the narration thread holds the audio device open now: the self-test's
    /// own attempt to open it may then fail only because it is taken.
    pub fn device_open(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.device_open)
    }

    /// A narrator on a device that takes the recording and never plays it.
    #[cfg(test)]
    fn on_a_stalled_device() -> Self {
        let channels = std::num::NonZero::new(1).unwrap_or(std::num::NonZero::<u16>::MIN);
        let rate = std::num::NonZero::new(44_100).unwrap_or(std::num::NonZero::<u32>::MIN);
        let (mixer, source) = rodio::mixer::mixer(channels, rate);
        let mut narrator = Self::new(DeviceMode::Silent, 1.0);
        narrator.preparation = Preparation::Inline(Preparer {
            mode: DeviceMode::System,
            device: Device::Stalled {
                mixer,
                _output: source,
            },
            failure_logged: false,
            device_open: Arc::default(),
        });
        narrator
    }

    pub fn set_volume(&mut self, volume: f32) {
        self.volume = volume.clamp(0.0, 1.0);
        self.apply_volume();
    }

    /// The volume the recording plays at now: the hall's, or less under the kiosk's voice.
    pub fn playing_volume(&self) -> f32 {
        if self.ducked {
            self.volume * super::ducking::DUCKED_SHARE
        } else {
            self.volume
        }
    }

    fn apply_volume(&self) {
        if let Some(Track {
            output: Output::Player(player),
            ..
        }) = &self.track
        {
            player.set_volume(self.playing_volume());
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
        let volume = self.playing_volume();
        let output = match &mut self.preparation {
            Preparation::Inline(preparer) => {
                let prepared = preparer.prepare(audio, captions, volume);
                self.start(key, prepared, now);
                return;
            }
            Preparation::Thread(worker) => {
                Output::Preparing(worker.prepare(audio, captions, volume))
            }
        };
        self.track = Some(Track {
            key,
            captions: None,
            duration: Duration::ZERO,
            output,
            completed: false,
            moved: (Duration::ZERO, now),
            heard_until: None,
        });
    }

    /// Plays a prepared recording from its start.
    fn start(&mut self, key: TrackKey, prepared: Prepared, now: Duration) {
        self.log.extend(prepared.log);
        let output = match prepared.player {
            Some(player) => {
                // Prepared before a duck or its end: at today's volume.
                player.set_volume(self.playing_volume());
                Output::Player(player)
            }
            None => Output::Clock {
                from: Duration::ZERO,
                since: Some(now),
            },
        };
        let mut track = Track {
            key,
            captions: prepared.captions,
            duration: prepared.duration,
            output,
            completed: false,
            moved: (Duration::ZERO, now),
            heard_until: None,
        };
        track.playing_from(Duration::ZERO, now);
        self.track = Some(track);
    }

    /// Whether a recording is being opened (the screen shows it as starting).
    pub fn is_preparing(&self) -> bool {
        matches!(
            self.track,
            Some(Track {
                output: Output::Preparing(_),
                ..
            })
        )
    }

    pub fn pause(&mut self, now: Duration) {
        let Some(track) = &mut self.track else {
            return;
        };
        track.heard_until = None;
        match &mut track.output {
            // Opening takes a moment; a pause tapped meanwhile is rare and harmless.
            Output::Preparing(_) => {}
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
            Output::Preparing(_) => {}
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

    /// The narration under way and how far it has been heard, unless it completed:
    /// what the statistics record when the visitor leaves it.
    pub fn unfinished(&self, now: Duration) -> Option<(TrackKey, Duration)> {
        let track = self.track.as_ref()?;
        if track.completed || matches!(track.output, Output::Preparing(_)) {
            return None;
        }
        let view = self.view(now)?;
        (view.position < view.duration).then_some((view.key, view.position))
    }

    pub fn current(&self) -> Option<&TrackKey> {
        self.track.as_ref().map(|t| &t.key)
    }

    /// Notices the end of the recording; returns its key once when it completes.
    pub fn tick(&mut self, now: Duration) -> Option<TrackKey> {
        let track = self.track.as_mut()?;
        if let Output::Preparing(answer) = &track.output {
            let prepared = match answer.try_recv() {
                Ok(prepared) => prepared,
                Err(TryRecvError::Empty) => return None,
                // The narration thread failed on this recording: captions only, if any.
                Err(TryRecvError::Disconnected) => Prepared {
                    captions: None,
                    duration: Duration::ZERO,
                    player: None,
                    log: vec!["narration: the recording could not be opened".to_owned()],
                },
            };
            let key = track.key.clone();
            self.start(key, prepared, now);
            return None;
        }
        if track.completed {
            return None;
        }
        let mut stalled_at = None;
        let finished = match &track.output {
            Output::Preparing(_) => false,
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
            self.preparation.forget_device();
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
            Output::Preparing(_) => (true, Duration::ZERO),
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

/// Opens the default audio output the way the narration thread does, and closes it
/// again: the self-test's "does the sound card open".
pub fn try_default_device() -> Result<(), rodio::DeviceSinkError> {
    let mut sink = rodio::DeviceSinkBuilder::open_default_sink()?;
    sink.log_on_drop(false);
    Ok(())
}

/// What opening a recording found: its captions, its length, and a player already
/// playing it on the device, if there is one.
struct Prepared {
    captions: Option<Captions>,
    duration: Duration,
    player: Option<rodio::Player>,
    log: Vec<String>,
}

/// Opens recordings and the audio device.
struct Preparer {
    mode: DeviceMode,
    device: Device,
    /// Whether the last failure was already logged (one line per outage, not per tap).
    failure_logged: bool,
    /// Set while `device` is open, for [`Narrator::device_open`].
    device_open: Arc<AtomicBool>,
}

impl Preparer {
    fn prepare(&mut self, audio: &Path, captions: Option<&Path>, volume: f32) -> Prepared {
        let mut log = Vec::new();
        let captions = captions.and_then(|path| match std::fs::read_to_string(path) {
            Ok(text) => match Captions::parse(&text) {
                Ok(captions) => Some(captions),
                Err(err) => {
                    log.push(format!("captions {}: {err}", path.display()));
                    None
                }
            },
            Err(err) => {
                log.push(format!("captions {}: {err}", path.display()));
                None
            }
        });
        let decoder = match open_audio(audio) {
            Ok(decoder) => Some(decoder),
            Err(err) => {
                log.push(format!(
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
        let player = match (decoder, self.mixer(&mut log)) {
            (Some(decoder), Some(mixer)) => {
                let player = rodio::Player::connect_new(mixer);
                player.set_volume(volume);
                player.append(decoder);
                Some(player)
            }
            _ => None,
        };
        Prepared {
            captions,
            duration,
            player,
            log,
        }
    }

    /// The output mixer, opening the device if needed.
    fn mixer(&mut self, log: &mut Vec<String>) -> Option<&rodio::mixer::Mixer> {
        if self.mode == DeviceMode::Silent {
            return None;
        }
        if matches!(self.device, Device::Untried | Device::Unavailable) {
            match rodio::DeviceSinkBuilder::open_default_sink() {
                Ok(mut sink) => {
                    sink.log_on_drop(false);
                    if self.failure_logged {
                        log.push("audio device available again".to_owned());
                    }
                    self.failure_logged = false;
                    self.device = Device::Open(sink);
                    self.device_open.store(true, Ordering::SeqCst);
                }
                Err(err) => {
                    if !self.failure_logged {
                        log.push(format!(
                            "no audio device ({err}); narration shows captions only and tries again on the next play"
                        ));
                        self.failure_logged = true;
                    }
                    self.device = Device::Unavailable;
                    self.device_open.store(false, Ordering::SeqCst);
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

    /// The device stopped playing: open it again next time.
    fn forget_device(&mut self) {
        self.device = Device::Unavailable;
        self.failure_logged = true;
        self.device_open.store(false, Ordering::SeqCst);
    }
}

/// Where recordings are opened.
enum Preparation {
    Inline(Preparer),
    Thread(Worker),
}

impl Preparation {
    fn forget_device(&mut self) {
        match self {
            Self::Inline(preparer) => preparer.forget_device(),
            Self::Thread(worker) => worker.send(Job::ForgetDevice),
        }
    }
}

enum Job {
    Prepare {
        audio: PathBuf,
        captions: Option<PathBuf>,
        volume: f32,
        reply: Sender<Prepared>,
    },
    ForgetDevice,
}

/// The narration thread: it owns the audio device and opens recordings. A panic in a
/// decoder fails that recording only; a thread that is gone is started again.
struct Worker {
    jobs: Sender<Job>,
    mode: DeviceMode,
    device_open: Arc<AtomicBool>,
}

impl Worker {
    fn start(preparer: Preparer) -> Self {
        let mode = preparer.mode;
        let device_open = Arc::clone(&preparer.device_open);
        let (jobs, receiver) = channel::<Job>();
        let mut preparer = preparer;
        let spawned = std::thread::Builder::new()
            .name("narration".into())
            .spawn(move || {
                for job in receiver {
                    match job {
                        Job::Prepare {
                            audio,
                            captions,
                            volume,
                            reply,
                        } => {
                            let prepared = std::panic::catch_unwind(AssertUnwindSafe(|| {
                                preparer.prepare(&audio, captions.as_deref(), volume)
                            }));
                            // A panic drops `reply`: the track falls back to the clock.
                            if let Ok(prepared) = prepared {
                                let _ = reply.send(prepared);
                            }
                        }
                        Job::ForgetDevice => preparer.forget_device(),
                    }
                }
            });
        if let Err(err) = spawned {
            tracing::warn!("narration: cannot start its thread: {err}");
        }
        Self {
            jobs,
            mode,
            device_open,
        }
    }

    fn send(&mut self, job: Job) {
        if let Err(std::sync::mpsc::SendError(job)) = self.jobs.send(job) {
            tracing::warn!("narration: its thread had stopped; starting it again");
            self.device_open.store(false, Ordering::SeqCst);
            *self = Self::start(Preparer {
                mode: self.mode,
                device: Device::Untried,
                failure_logged: false,
                device_open: Arc::clone(&self.device_open),
            });
            let _ = self.jobs.send(job);
        }
    }

    /// Asks for a recording to be opened; the answer comes on the returned channel.
    fn prepare(
        &mut self,
        audio: &Path,
        captions: Option<&Path>,
        volume: f32,
    ) -> Receiver<Prepared> {
        let (reply, answer) = channel();
        self.send(Job::Prepare {
            audio: audio.to_path_buf(),
            captions: captions.map(Path::to_path_buf),
            volume,
            reply,
        });
        answer
    }
}

fn resume(track: &mut Track, now: Duration) {
    match &mut track.output {
        Output::Preparing(_) => {}
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
        Output::Preparing(_) => Duration::ZERO,
    }
}

/// Resolves a narration's audio and captions for a language, falling back to the
/// hall's first language. A file validation refused has no file to open: without its
/// audio there is no narration, without its captions none are shown.
pub fn narration_paths(
    narration: &crate::content::Narration,
    language: &str,
    fallback: &str,
) -> Option<(PathBuf, Option<PathBuf>, String)> {
    let (lang, audio) = narration
        .audio
        .get_key_value(language)
        .or_else(|| narration.audio.get_key_value(fallback))
        .or_else(|| narration.audio.iter().next())?;
    let captions = narration
        .captions
        .as_ref()
        .and_then(|c| c.get(lang))
        .and_then(|file| file.file())
        .map(Path::to_path_buf);
    Some((audio.file()?.to_path_buf(), captions, lang.clone()))
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
            matches!(
                narrator.preparation,
                Preparation::Inline(Preparer {
                    device: Device::Unavailable,
                    ..
                })
            ),
            "the next play opens the device again"
        );
    }

    #[test]
    fn a_recording_slow_to_open_never_holds_up_the_frame() {
        // A named pipe nobody writes yet: reading it blocks, as a hung disk or a sound
        // server slow to wake would block the frame that tapped "Listen".
        let dir = tempfile::tempdir().unwrap();
        let slow = dir.path().join("slow.vtt");
        let made = std::process::Command::new("mkfifo")
            .arg(&slow)
            .status()
            .unwrap();
        assert!(made.success());
        let (returned, watched) = channel::<()>();
        let unblock = slow.clone();
        // If `play` waits for the file, this gives it the file after 10 s, and says so.
        let watchdog = std::thread::spawn(move || {
            let waited = watched.recv_timeout(Duration::from_secs(10)).is_err();
            if waited {
                let _ = std::fs::write(&unblock, "WEBVTT\n");
            }
            waited
        });
        let mut narrator = Narrator::new(DeviceMode::System, 1.0);
        narrator.play(
            key(),
            &fixture("audio/zh/alpha-1.ogg"),
            Some(&slow),
            Duration::ZERO,
        );
        let _ = returned.send(());
        assert!(!watchdog.join().unwrap(), "play waited for the file");
        assert!(narrator.is_preparing());
        assert!(
            narrator.view(Duration::ZERO).is_some_and(|v| v.playing),
            "shown as starting"
        );

        std::fs::write(&slow, "WEBVTT\n\n00:00.000 --> 00:01.000\n第一句。\n").unwrap();
        for _ in 0..1000 {
            narrator.tick(Duration::ZERO);
            if !narrator.is_preparing() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let view = narrator.view(Duration::ZERO).unwrap();
        assert_eq!(
            view.caption.as_deref(),
            Some("第一句。"),
            "the recording started"
        );
        assert_eq!(view.duration, Duration::from_secs(2));
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
