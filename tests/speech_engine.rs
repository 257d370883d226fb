//! The speech module against the real engine: speech-dispatcher with espeak-ng, started
//! for the test with its sound going to ALSA's null device (CI has no sound card; the
//! system-wide daemon would wait for PulseAudio there and never speak).

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use xinghuo::speech::{EngineStatus, Speaker as _, SpeechDispatcher};

struct Daemon {
    child: Child,
    socket: PathBuf,
    log_dir: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// speech-dispatcher on a socket of its own, or `None` when it is not installed
/// (which CI, where the packages are installed, does not accept).
fn daemon() -> Option<Daemon> {
    let installed = Path::new("/etc/speech-dispatcher/speechd.conf").exists()
        && Command::new("speech-dispatcher").arg("-v").output().is_ok();
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs speech-dispatcher and speech-dispatcher-espeak-ng"
        );
        eprintln!("speech-dispatcher is not installed: the real engine is not tried");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("conf");
    let copied = Command::new("cp")
        .args(["-r", "/etc/speech-dispatcher"])
        .arg(&conf)
        .status()
        .unwrap();
    assert!(copied.success());
    let mut speechd = std::fs::read_to_string(conf.join("speechd.conf")).unwrap();
    speechd.push_str(
        "\nAudioOutputMethod \"alsa\"\n\
         AddModule \"espeak-ng\" \"sd_espeak-ng\" \"espeak-ng.conf\"\n\
         DefaultModule espeak-ng\n",
    );
    std::fs::write(conf.join("speechd.conf"), speechd).unwrap();
    let alsa = dir.path().join("asound-null.conf");
    std::fs::write(&alsa, "pcm.!default { type null }\n").unwrap();
    let runtime = dir.path().join("run");
    std::fs::create_dir(&runtime).unwrap();
    let log_dir = dir.path().join("log");
    std::fs::create_dir(&log_dir).unwrap();
    let socket = runtime.join("speechd.sock");
    let child = Command::new("speech-dispatcher")
        .args(["--run-single", "--timeout", "60", "--log-level", "5"])
        .arg("--config-dir")
        .arg(&conf)
        .arg("--log-dir")
        .arg(&log_dir)
        .arg("--socket-path")
        .arg(&socket)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env(
            "ALSA_CONFIG_PATH",
            format!("/usr/share/alsa/alsa.conf:{}", alsa.display()),
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !socket.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(Daemon {
        child,
        socket,
        log_dir,
        _dir: dir,
    })
}

fn log_text(dir: &Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
    }
    text
}

#[test]
fn the_real_engine_has_mandarin_and_english_and_speaks_both() {
    let Some(daemon) = daemon() else { return };
    let speech = SpeechDispatcher::start(
        vec!["zh".to_owned(), "en".to_owned()],
        Some(daemon.socket.clone()),
    );
    let status = speech.wait_for_probe(Duration::from_secs(20));
    assert_eq!(
        status,
        EngineStatus::Ready {
            languages: vec!["zh".to_owned(), "en".to_owned()]
        }
    );
    speech.speak("zh", "衡阳党史馆");
    std::thread::sleep(Duration::from_millis(300));
    speech.speak("en", "Hengyang Party History Museum");
    // At log level 5 the daemon logs every line it is sent: the languages set and the
    // texts spoken.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut log = String::new();
    while Instant::now() < deadline {
        log = log_text(&daemon.log_dir);
        if log.contains("Hengyang Party History Museum") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(log.contains("SET self LANGUAGE cmn"), "{log}");
    assert!(log.contains("SET self LANGUAGE en"), "{log}");
    assert!(log.contains("衡阳党史馆"), "{log}");
    assert!(log.contains("Hengyang Party History Museum"), "{log}");
    assert!(speech.status().is_ready(), "{:?}", speech.status());
}
