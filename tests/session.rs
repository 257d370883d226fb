//! The installed kiosk's session, for real: `kiosk init` and `kiosk record-exit` as the
//! package runs them, and the kiosk under cage's headless backend with a test socket in
//! `NOTIFY_SOCKET`, as systemd would watch it: READY after the first frame, the whole
//! output drawn in landscape and portrait, keep-alives while frames are drawn, none
//! while the UI thread is stalled (the debug build's injected stall), and again once it
//! goes on.
//!
//! The cage test needs `cage`, `grim` and `xwayland` (CI installs them); without them it
//! says so and passes. cage refuses to run as root, so as root it runs as `nobody`.

use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn kiosk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kiosk"))
}

/// `kiosk init HALL --from` the repository's demo hall.
fn init_from_demo(hall: &Path) -> std::process::Output {
    kiosk()
        .arg("init")
        .arg(hall)
        .arg("--from")
        .arg(repo())
        .output()
        .unwrap()
}

#[test]
fn init_copies_the_demo_hall_and_refuses_a_folder_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let hall = dir.path().join("hall");
    let out = init_from_demo(&hall);
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("Set its PINs with `kiosk set-pin"), "{said}");
    for part in [
        "kiosk.ron",
        "exhibits/map.ron",
        "media/fonts/NotoSansSC-Regular.otf",
    ] {
        assert!(hall.join(part).is_file(), "{part} was not copied");
    }
    assert!(
        !hall.join("data").exists(),
        "a new hall starts without data"
    );
    let check = kiosk().arg("check").arg(&hall).output().unwrap();
    assert!(check.status.success(), "{check:?}");

    let again = init_from_demo(&hall);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&again.stderr),
        format!(
            "kiosk: {} is not empty; choose a new folder (nothing was copied)\n",
            hall.display()
        )
    );
}

#[test]
fn record_exit_writes_why_the_session_ended_to_the_halls_log() {
    let dir = tempfile::tempdir().unwrap();
    let hall = dir.path().join("hall");
    let init = init_from_demo(&hall);
    assert!(init.status.success(), "{init:?}");
    let out = kiosk()
        .arg("record-exit")
        .arg(&hall)
        .env("SERVICE_RESULT", "watchdog")
        .env("EXIT_CODE", "killed")
        .env("EXIT_STATUS", "ABRT")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let logs: Vec<PathBuf> = std::fs::read_dir(hall.join("data/logs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    let log = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(
        log.contains(
            "the kiosk session ended: the screen stopped drawing frames (watchdog) \
             (result `watchdog`, killed ABRT)"
        ),
        "{log}"
    );
}

/// Ends the session when the test ends, however it ends: the process group the test
/// started it in (runuser, cage and the kiosk), since killing runuser alone leaves cage
/// running — holding whatever it inherited, such as the build's lock file.
struct Session(Child);

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(group) = i32::try_from(self.0.id()) {
            // SAFETY: a signal to the process group this test created, nothing else.
            unsafe { libc::kill(-group, libc::SIGTERM) };
        }
        let _ = self.0.wait();
    }
}

/// The messages arriving on `socket` until `deadline`, or until `wanted` says stop.
fn receive_until(
    socket: &UnixDatagram,
    deadline: Instant,
    mut wanted: impl FnMut(&str) -> bool,
) -> Vec<String> {
    let mut messages = Vec::new();
    let mut buf = [0u8; 512];
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        socket
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        let Ok(n) = socket.recv(&mut buf) else {
            continue;
        };
        let message = String::from_utf8_lossy(&buf[..n]).into_owned();
        let stop = wanted(&message);
        messages.push(message);
        if stop {
            break;
        }
    }
    messages
}

fn which(program: &str) -> bool {
    ["/usr/bin", "/bin", "/usr/local/bin"]
        .iter()
        .any(|dir| Path::new(dir).join(program).is_file())
}

/// Gives `path` and everything under it to `uid`.
fn chown_tree(path: &Path, uid: u32) {
    std::os::unix::fs::chown(path, Some(uid), None).unwrap();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            chown_tree(&entry.unwrap().path(), uid);
        }
    }
}

/// A kiosk session under headless cage, as the unit starts it (docs/INSTALL.md), in a
/// folder of its own; cage will not run as root, so as root it runs as `nobody`.
struct CageSession {
    /// First, so that the session ends before its folder is removed.
    session: Option<Session>,
    root: tempfile::TempDir,
    runtime: PathBuf,
    socket: UnixDatagram,
    stall: PathBuf,
    as_root: bool,
    started: Instant,
}

impl CageSession {
    /// The demo hall under cage with `cage_args` (e.g. `-r` to rotate the output), or
    /// `None` when cage, grim or Xwayland is missing.
    fn start(cage_args: &[&str]) -> Option<Self> {
        if let Some(missing) = ["cage", "grim", "Xwayland"].into_iter().find(|p| !which(p)) {
            println!("SKIPPED: `{missing}` is not installed (apt-get install cage grim xwayland)");
            return None;
        }
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
        let hall = root.join("hall");
        let init = init_from_demo(&hall);
        assert!(init.status.success(), "{init:?}");
        // The test's own build, where the user running cage can reach it.
        let binary = root.join("kiosk");
        std::fs::copy(env!("CARGO_BIN_EXE_kiosk"), &binary).unwrap();
        let runtime = root.join("runtime");
        std::fs::create_dir(&runtime).unwrap();
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
        let notify = root.join("notify.socket");
        let socket = UnixDatagram::bind(&notify).unwrap();
        std::fs::set_permissions(&notify, std::fs::Permissions::from_mode(0o777)).unwrap();
        let stall = root.join("stall");
        let as_root = std::fs::metadata("/proc/self")
            .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
            .unwrap_or(false);
        if as_root {
            let uid = String::from_utf8(
                Command::new("id")
                    .args(["-u", "nobody"])
                    .output()
                    .unwrap()
                    .stdout,
            )
            .unwrap();
            let uid: u32 = uid.trim().parse().unwrap();
            chown_tree(&hall, uid);
            chown_tree(&runtime, uid);
        }
        let mut this = Self {
            session: None,
            root: dir,
            runtime,
            socket,
            stall,
            as_root,
            started: Instant::now(),
        };
        let log = std::fs::File::create(this.root.path().join("session.log")).unwrap();
        use std::os::unix::process::CommandExt as _;
        let child = this
            .run_as("cage")
            .process_group(0)
            .args(cage_args)
            .arg("--")
            .arg(&binary)
            .arg("--hall")
            .arg(&hall)
            .env("WLR_BACKENDS", "headless")
            .env("WLR_RENDERER", "pixman")
            .env("WLR_LIBINPUT_NO_DEVICES", "1")
            .env("NOTIFY_SOCKET", &notify)
            .env("WATCHDOG_USEC", "3000000")
            .env("XINGHUO_TEST_STALL_FILE", &this.stall)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        this.started = Instant::now();
        this.session = Some(Session(child));
        Some(this)
    }

    fn run_as(&self, program: &str) -> Command {
        let mut command = if self.as_root {
            let mut c = Command::new("/usr/sbin/runuser");
            c.args(["-u", "nobody", "--", program]);
            c
        } else {
            Command::new(program)
        };
        command
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("HOME", self.root.path())
            .env("XDG_RUNTIME_DIR", &self.runtime);
        command
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.root.path().join("session.log")).unwrap_or_default()
    }

    /// Waits for READY, which the kiosk sends once its first frame is drawn.
    fn wait_ready(&self) {
        let first = receive_until(&self.socket, self.started + Duration::from_secs(60), |m| {
            m.contains("READY=1")
        });
        assert!(
            first.iter().any(|m| m.contains("READY=1")),
            "no READY from the kiosk under cage: {first:?}\n{}",
            self.log()
        );
        println!(
            "READY {} ms after cage started",
            self.started.elapsed().as_millis()
        );
    }

    /// What is on the output now, by `grim`.
    fn screenshot(&self) -> image::RgbImage {
        let shot = self.runtime.join("shot.png");
        let grim = self
            .run_as("grim")
            .env("WAYLAND_DISPLAY", "wayland-0")
            .arg(&shot)
            .output()
            .unwrap();
        assert!(grim.status.success(), "{grim:?}");
        image::open(&shot).unwrap().to_rgb8()
    }
}

/// How many colours a screenshot has, and what share of it (per cent) is not black.
fn coverage(image: &image::RgbImage) -> (usize, u64) {
    let mut colours = std::collections::HashSet::new();
    let mut lit = 0u64;
    for pixel in image.pixels() {
        colours.insert(pixel.0);
        if pixel.0 != [0, 0, 0] {
            lit += 1;
        }
    }
    let total = u64::from(image.width()) * u64::from(image.height());
    (colours.len(), lit * 100 / total.max(1))
}

/// cage shows a fullscreen client's buffer on the output directly (scan-out) whenever
/// the output is not rotated; grim then gets cage's last composited picture, which is
/// the kiosk's first frame from before cage had sized its window (docs/RELIABILITY.md,
/// "Under cage"). The kiosk's own log says what it was given. The pictures are taken
/// on rotated outputs, which cage always composites: upside down (landscape) and a
/// quarter turn (portrait).
#[test]
fn under_headless_cage_the_kiosk_fills_the_output_in_landscape_and_portrait() {
    for (args, width, height) in [(&["-r", "-r"][..], 1280, 720), (&["-r"][..], 720, 1280)] {
        let Some(cage) = CageSession::start(args) else {
            return;
        };
        cage.wait_ready();
        // A few frames of the attract loop after the first.
        let mut alive = 0;
        receive_until(
            &cage.socket,
            Instant::now() + Duration::from_secs(20),
            |m| {
                alive += usize::from(m.contains("WATCHDOG=1"));
                alive >= 2
            },
        );
        let image = cage.screenshot();
        let (colours, lit) = coverage(&image);
        println!(
            "cage {args:?}: screenshot {}×{}: {colours} colours, {lit}% of the output drawn",
            image.width(),
            image.height(),
        );
        assert_eq!((image.width(), image.height()), (width, height));
        assert!(colours > 64, "the screenshot is blank ({colours} colours)");
        assert!(
            lit >= 99,
            "cage {args:?}: only {lit}% of the output is drawn\n{}",
            cage.log()
        );
        let log = cage.log();
        assert!(
            log.contains(&format!("screen: {width}×{height} pixels")),
            "{log}"
        );
    }
}

#[test]
fn under_headless_cage_the_kiosk_feeds_the_watchdog_until_its_ui_stalls() {
    let Some(cage) = CageSession::start(&[]) else {
        return;
    };
    cage.wait_ready();
    let socket = &cage.socket;

    // Keep-alives while frames are drawn, an idle attract screen included.
    let mut alive = 0;
    receive_until(socket, Instant::now() + Duration::from_secs(20), |m| {
        alive += usize::from(m.contains("WATCHDOG=1"));
        alive >= 3
    });
    assert!(alive >= 3, "{alive} keep-alives in 20 s\n{}", cage.log());
    // Given the whole output, as under X11.
    let log = cage.log();
    assert!(log.contains("screen: 1280×720 pixels"), "{log}");
    assert!(
        !log.contains("display(s) found"),
        "one output, one display: {log}"
    );

    // The UI thread stalls: after one already on its way, no keep-alive for longer
    // than the watchdog's 3 s.
    std::fs::write(&cage.stall, "").unwrap();
    receive_until(
        socket,
        Instant::now() + Duration::from_millis(1_500),
        |_| false,
    );
    let during = receive_until(socket, Instant::now() + Duration::from_secs(4), |_| false);
    assert!(
        during.iter().all(|m| !m.contains("WATCHDOG=1")),
        "keep-alives from a stalled UI thread: {during:?}"
    );

    // It goes on: so do the keep-alives.
    std::fs::remove_file(&cage.stall).unwrap();
    let after = receive_until(socket, Instant::now() + Duration::from_secs(20), |m| {
        m.contains("WATCHDOG=1")
    });
    assert!(
        after.iter().any(|m| m.contains("WATCHDOG=1")),
        "no keep-alive after the stall ended\n{}",
        cage.log()
    );
    let log = cage.log();
    assert!(log.contains("UI thread stalled for a test"), "{log}");
}

/// systemd stops the unit by sending SIGTERM to all of it, cage and the kiosk at once:
/// the kiosk records a clean stop, so that restarting the service three times is not
/// taken for a crash loop at the next start.
#[test]
fn a_stop_by_systemd_is_a_clean_stop_not_a_failed_run() {
    let Some(mut cage) = CageSession::start(&[]) else {
        return;
    };
    cage.wait_ready();
    let starts = cage.root.path().join("hall/data/starts");
    assert!(starts.is_file(), "the start is in the ledger while running");

    let session = cage.session.take().unwrap();
    let group = i32::try_from(session.0.id()).unwrap();
    // SAFETY: a signal to the process group this test created, nothing else.
    assert_eq!(unsafe { libc::kill(-group, libc::SIGTERM) }, 0);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut session = session;
    while session.0.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "the session did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The kiosk itself may outlive runuser and cage by a moment.
    let log_says_stopped = || {
        cage.log()
            .contains("stopping: the system asked the kiosk to stop")
    };
    while !log_says_stopped() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(log_says_stopped(), "{}", cage.log());
    assert!(
        !starts.exists(),
        "a stop by the system leaves no failed run in the ledger"
    );
}
