//! The sound card missing when the kiosk starts and plugged in later, with the real
//! audio stack: ALSA is told by its configuration that the default device is a card
//! that is not there, then that it is ALSA's null device (which plays in real time and
//! discards the sound). ALSA reads its configuration again when the file changes, as it
//! does when a USB speaker's card appears.
//!
//! A test binary of its own: the configuration is chosen by an environment variable,
//! which must be set before any thread reads it.

use std::path::Path;
use std::time::{Duration, Instant};

use xinghuo::media::audio::{DeviceMode, Narrator, TrackKey};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn key() -> TrackKey {
    TrackKey {
        exhibit: "civilisation-practice".into(),
        panel: 0,
        language: "zh".into(),
    }
}

/// Ticks until the recording is opened on the narration thread; returns its log lines.
fn opened(narrator: &mut Narrator, now: Duration) -> Vec<String> {
    let started = Instant::now();
    while narrator.is_preparing() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the recording was never opened"
        );
        narrator.tick(now);
        std::thread::sleep(Duration::from_millis(20));
    }
    narrator.take_log()
}

/// The position after half a second of real time, with the kiosk's clock held still:
/// a device moves it, captions on the clock do not.
fn position_after_a_moment(narrator: &mut Narrator, now: Duration) -> Duration {
    std::thread::sleep(Duration::from_millis(500));
    narrator.tick(now);
    narrator.view(now).map(|v| v.position).unwrap_or_default()
}

#[test]
fn a_sound_card_missing_at_start_is_used_once_it_appears() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("asound.conf");
    std::fs::write(&config, "pcm.!default { type hw card 57 }\n").unwrap();
    // SAFETY: the only test of this binary, before it starts any thread that reads the
    // environment (the narrator's is started below).
    unsafe {
        std::env::set_var(
            "ALSA_CONFIG_PATH",
            format!("/usr/share/alsa/alsa.conf:{}", config.display()),
        );
    }
    let audio = repo().join("media/audio/zh/civilisation-practice-1.ogg");
    let captions = repo().join("media/captions/zh/civilisation-practice-1.vtt");
    let captions = captions.exists().then_some(captions.as_path());
    let now = Duration::from_secs(1);

    let mut narrator = Narrator::new(DeviceMode::System, 0.8);
    narrator.play(key(), &audio, captions, now);
    let log = opened(&mut narrator, now);
    assert!(
        log.iter().any(|line| line.starts_with("no audio device")),
        "{log:?}"
    );
    // Captions only, on the clock: playing, and still at the start while it stands.
    assert!(narrator.is_playing(now));
    assert_eq!(position_after_a_moment(&mut narrator, now), Duration::ZERO);

    // The card appears (ALSA sees its configuration changed by its time stamp).
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&config, "pcm.!default { type null }\n").unwrap();
    narrator.stop();
    narrator.play(key(), &audio, captions, now);
    let log = opened(&mut narrator, now);
    assert!(
        log.iter()
            .any(|line| line == "audio device available again"),
        "{log:?}"
    );
    assert!(narrator.is_playing(now));
    assert!(
        position_after_a_moment(&mut narrator, now) > Duration::ZERO,
        "the device plays"
    );
}
