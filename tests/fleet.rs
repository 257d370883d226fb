//! Many kiosks, one hall: versions published with `kiosk publish`, taken with
//! `kiosk update`, with real git in temporary folders (a central repository, curators'
//! folder, kiosks' hall roots, a "USB stick").

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xinghuo::updates::HallRoot;

/// A sandbox: its own git configuration (no user's or system's), a curator's name.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Self {
        let site = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::write(site.path("gitconfig"), "").unwrap();
        site
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn env(&self, command: &mut Command) {
        command
            .env("GIT_CONFIG_GLOBAL", self.path("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Curator")
            .env("GIT_AUTHOR_EMAIL", "curator@hall.example")
            .env("GIT_COMMITTER_NAME", "Curator")
            .env("GIT_COMMITTER_EMAIL", "curator@hall.example")
            .env("LANG", "C");
    }

    fn kiosk(&self, args: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kiosk"));
        command.args(args);
        self.env(&mut command);
        command.output().unwrap()
    }

    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let mut command = Command::new("git");
        command.arg("-C").arg(dir).args(args);
        self.env(&mut command);
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The curators' hall (a copy of the base fixture, following `source`), and the
    /// central bare repository it is pushed to.
    fn curators(&self, updates: &str) -> (PathBuf, PathBuf) {
        let hall = self.path("curators");
        support::copy_dir(&support_base(), &hall);
        set_updates(&hall, updates);
        let central = self.path("central.git");
        let mut init = Command::new("git");
        init.args(["init", "--bare", "--quiet"]).arg(&central);
        self.env(&mut init);
        assert!(init.status().unwrap().success());
        self.git(&hall, &["init", "--quiet"]);
        self.git(
            &hall,
            &["remote", "add", "central", central.to_str().unwrap()],
        );
        (hall, central)
    }

    fn publish_and_push(&self, hall: &Path) -> Output {
        let output = self.kiosk(&["publish", hall.to_str().unwrap()]);
        if output.status.success() {
            self.git(
                hall,
                &[
                    "push",
                    "--quiet",
                    "--tags",
                    "central",
                    "HEAD:refs/heads/main",
                ],
            );
        }
        output
    }

    fn update(&self, kiosk: &Path, extra: &[&str]) -> Output {
        let mut args = vec!["update", kiosk.to_str().unwrap()];
        args.extend_from_slice(extra);
        self.kiosk(&args)
    }
}

fn support_base() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// kiosk.ron of `hall` with `updates: Some(Updates(<updates>))` added.
fn set_updates(hall: &Path, updates: &str) {
    let path = hall.join("kiosk.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = match text.find("    updates:") {
        Some(at) => {
            let end = text[at..].find('\n').unwrap() + at;
            format!(
                "{}    updates: Some(Updates({updates})),{}",
                &text[..at],
                &text[end..]
            )
        }
        None => text.replacen(
            "Kiosk(",
            &format!("Kiosk(\n    updates: Some(Updates({updates})),\n"),
            1,
        ),
    };
    std::fs::write(path, text).unwrap();
}

/// Changes the English title of exhibit alpha (a version anyone can tell apart).
fn retitle(hall: &Path, title: &str) {
    let path = hall.join("exhibits/01-alpha.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("\"en\": \"").unwrap() + 7;
    let end = start + text[start..].find('"').unwrap();
    std::fs::write(&path, format!("{}{title}{}", &text[..start], &text[end..])).unwrap();
}

fn live(kiosk: &Path) -> Option<String> {
    HallRoot::new(kiosk).live_version()
}

fn live_title(kiosk: &Path) -> String {
    let text = std::fs::read_to_string(kiosk.join("current/exhibits/01-alpha.ron")).unwrap();
    let start = text.find("\"en\": \"").unwrap() + 7;
    let end = start + text[start..].find('"').unwrap();
    text[start..end].to_owned()
}

#[test]
fn a_good_version_reaches_three_kiosks_and_one_with_an_error_is_refused_by_each() {
    let site = Site::new();
    let central = site.path("central.git");
    let (hall, _) = site.curators(&format!("source: \"{}\"", central.display()));
    retitle(&hall, "First version");
    let published = site.publish_and_push(&hall);
    assert!(published.status.success(), "{}", text(&published));
    assert!(text(&published).contains("Published v1 (changes committed), not signed."));

    let kiosks: Vec<PathBuf> = (1..=3).map(|n| site.path(&format!("kiosk-{n}"))).collect();
    for kiosk in &kiosks {
        let first = site.update(kiosk, &["--source", central.to_str().unwrap()]);
        assert!(first.status.success(), "{}", text(&first));
        assert!(text(&first).contains("v1 is live"), "{}", text(&first));
        assert_eq!(live(kiosk).as_deref(), Some("v1"));
        assert_eq!(live_title(kiosk), "First version");
        // The kiosk runs `current`, and its data folder is the hall root's.
        let check = site.kiosk(&["check", kiosk.join("current").to_str().unwrap()]);
        assert!(check.status.success(), "{}", text(&check));
        assert_eq!(
            std::fs::canonicalize(kiosk.join("current/data")).unwrap(),
            std::fs::canonicalize(kiosk.join("data")).unwrap()
        );
    }

    // A version with an error: publish refuses it …
    let alpha = hall.join("exhibits/01-alpha.ron");
    let good = std::fs::read_to_string(&alpha).unwrap();
    std::fs::write(
        &alpha,
        good.replace("photos/alpha.jpg", "photos/alpha-missing.jpg"),
    )
    .unwrap();
    let refused = site.publish_and_push(&hall);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("not published: fix the errors above first"));
    assert_eq!(site.git(&hall, &["tag", "--list"]).trim(), "v1");
    // … and when it is tagged by hand all the same, every kiosk refuses it.
    site.git(&hall, &["add", "--all"]);
    site.git(&hall, &["commit", "--quiet", "-m", "A missing photo"]);
    site.git(&hall, &["tag", "-a", "v2", "-m", "by hand"]);
    site.git(&hall, &["push", "--quiet", "--tags", "central"]);
    for kiosk in &kiosks {
        let update = site.update(kiosk, &[]);
        assert_eq!(update.status.code(), Some(1), "{}", text(&update));
        assert!(
            text(&update).contains("v2 was refused, the live version stays: `kiosk check` finds"),
            "{}",
            text(&update)
        );
        assert_eq!(live(kiosk).as_deref(), Some("v1"));
        assert_eq!(live_title(kiosk), "First version");
        let status = text(&site.update(kiosk, &["--status"]));
        assert!(status.contains("live: v1 (taken "), "{status}");
        assert!(status.contains("refused: v2 at "), "{status}");
        assert!(status.contains("alpha-missing.jpg"), "{status}");
        assert!(
            !kiosk.join("staging/v2").exists(),
            "the refused version is cleaned up"
        );
        // Looking again does not take it either.
        let again = site.update(kiosk, &[]);
        assert!(
            text(&again).contains("up to date: v1 is live"),
            "{}",
            text(&again)
        );
    }

    // Fixed: v3 reaches all three, v1 is kept for rolling back.
    std::fs::write(&alpha, good.replace("First version", "Third version")).unwrap();
    assert!(site.publish_and_push(&hall).status.success());
    for kiosk in &kiosks {
        let update = site.update(kiosk, &[]);
        assert!(update.status.success(), "{}", text(&update));
        assert_eq!(live(kiosk).as_deref(), Some("v3"));
        assert_eq!(live_title(kiosk), "Third version");
        assert!(kiosk.join("versions/v1/kiosk.ron").is_file());
    }
}

#[test]
fn rollback_makes_the_earlier_version_live_and_it_is_not_taken_again() {
    let site = Site::new();
    let central = site.path("central.git");
    let (hall, _) = site.curators(&format!("source: \"{}\", keep: 2", central.display()));
    let kiosk = site.path("kiosk");
    for (n, title) in ["One", "Two", "Three"].iter().enumerate() {
        retitle(&hall, title);
        assert!(site.publish_and_push(&hall).status.success());
        let source = central.to_str().unwrap();
        let args: &[&str] = if n == 0 { &["--source", source] } else { &[] };
        assert!(site.update(&kiosk, args).status.success());
    }
    assert_eq!(live(&kiosk).as_deref(), Some("v3"));
    assert!(
        !kiosk.join("versions/v1").exists(),
        "keep: 2 keeps the live one and one more"
    );

    let rollback = site.update(&kiosk, &["--rollback"]);
    assert!(rollback.status.success(), "{}", text(&rollback));
    assert!(text(&rollback).contains("v2 is live again"));
    assert_eq!(live_title(&kiosk), "Two");
    let status = text(&site.update(&kiosk, &["--status"]));
    assert!(status.contains("refused: v3 at "), "{status}");
    assert!(status.contains("rolled back by staff"), "{status}");
    let again = site.update(&kiosk, &[]);
    assert!(
        text(&again).contains("up to date: v2 is live"),
        "{}",
        text(&again)
    );

    let nothing_left = site.update(&kiosk, &["--rollback"]);
    assert_eq!(nothing_left.status.code(), Some(2));
    assert!(text(&nothing_left).contains("there is no earlier version to roll back to"));
    assert_eq!(live(&kiosk).as_deref(), Some("v2"));
}

#[test]
fn a_bundle_on_a_usb_stick_updates_a_kiosk_without_a_network() {
    let site = Site::new();
    let usb = site.path("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let (hall, _) = site.curators(&format!("source: \"{}\"", usb.display()));
    let kiosk = site.path("kiosk");

    // No stick yet: nothing to take, and that is not a fault.
    let empty = site.update(&kiosk, &["--source", usb.to_str().unwrap()]);
    assert!(empty.status.success(), "{}", text(&empty));
    assert!(text(&empty).contains("nothing to take: no .bundle file in"));

    retitle(&hall, "From the stick");
    let bundle = usb.join("hall.bundle");
    let published = site.kiosk(&[
        "publish",
        hall.to_str().unwrap(),
        "--bundle",
        bundle.to_str().unwrap(),
    ]);
    assert!(published.status.success(), "{}", text(&published));
    assert!(text(&published).contains("Bundle for a USB stick: "));
    let taken = site.update(&kiosk, &["--source", usb.to_str().unwrap()]);
    assert!(taken.status.success(), "{}", text(&taken));
    assert_eq!(live_title(&kiosk), "From the stick");

    // The next stick brings v2; its kiosk.ron names the stick, so no --source.
    retitle(&hall, "Second stick");
    std::fs::remove_file(&bundle).unwrap();
    // First a stick pulled out while the bundle was being copied: half a file.
    let staged = site.path("whole.bundle");
    let published = site.kiosk(&[
        "publish",
        hall.to_str().unwrap(),
        "--bundle",
        staged.to_str().unwrap(),
    ]);
    assert!(published.status.success(), "{}", text(&published));
    let whole = std::fs::read(&staged).unwrap();
    std::fs::write(&bundle, &whole[..whole.len() / 2]).unwrap();
    let cut = site.update(&kiosk, &[]);
    assert_eq!(cut.status.code(), Some(2), "{}", text(&cut));
    assert!(
        text(&cut).contains("cannot read the bundle"),
        "{}",
        text(&cut)
    );
    assert_eq!(
        live_title(&kiosk),
        "From the stick",
        "the live version stays"
    );
    let status = text(&site.update(&kiosk, &["--status"]));
    assert!(
        status.contains("last look: ") && status.contains("failed: cannot read the bundle"),
        "{status}"
    );
    std::fs::write(&bundle, &whole).unwrap();
    std::fs::remove_file(&staged).unwrap();
    let taken = site.update(&kiosk, &[]);
    assert!(taken.status.success(), "{}", text(&taken));
    assert_eq!(live(&kiosk).as_deref(), Some("v2"));
    assert_eq!(live_title(&kiosk), "Second stick");
}

/// An SSH key pair made by ssh-keygen, and its allowed-signers line.
fn ssh_key(site: &Site, name: &str) -> (PathBuf, String) {
    let key = site.path(name);
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&key)
        .status()
        .unwrap();
    assert!(status.success());
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    (
        key,
        format!("{name}@hall.example namespaces=\"git\" {}", public.trim()),
    )
}

#[test]
fn an_unsigned_version_is_refused_when_signatures_are_required() {
    let site = Site::new();
    let central = site.path("central.git");
    let (hall, _) = site.curators(&format!(
        "source: \"{}\", require_signature: true, allowed_signers: \"keys/allowed_signers\"",
        central.display()
    ));
    let (curator_key, curator_line) = ssh_key(&site, "curator");
    let (stranger_key, _) = ssh_key(&site, "stranger");
    std::fs::create_dir_all(hall.join("keys")).unwrap();
    std::fs::write(hall.join("keys/allowed_signers"), curator_line + "\n").unwrap();
    site.git(&hall, &["config", "gpg.format", "ssh"]);
    site.git(
        &hall,
        &["config", "user.signingkey", curator_key.to_str().unwrap()],
    );
    let kiosk = site.path("kiosk");

    retitle(&hall, "Signed");
    let published = site.publish_and_push(&hall);
    assert!(
        text(&published).contains("Published v1 (changes committed), signed."),
        "{}",
        text(&published)
    );
    let taken = site.update(&kiosk, &["--source", central.to_str().unwrap()]);
    assert!(taken.status.success(), "{}", text(&taken));
    assert_eq!(live(&kiosk).as_deref(), Some("v1"));

    // Unsigned: tagged without a key.
    retitle(&hall, "Unsigned");
    site.git(&hall, &["commit", "--quiet", "-am", "unsigned"]);
    site.git(
        &hall,
        &[
            "-c",
            "tag.gpgSign=false",
            "tag",
            "-a",
            "v2",
            "-m",
            "unsigned",
        ],
    );
    site.git(&hall, &["push", "--quiet", "--tags", "central"]);
    let refused = site.update(&kiosk, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(
        text(&refused).contains("v2 was refused, the live version stays: it is not signed by a key in the hall's allowed signers"),
        "{}",
        text(&refused)
    );

    // Signed by a key the hall does not list, which the version itself adds: refused,
    // since the live version's keys decide.
    retitle(&hall, "Stranger");
    let (_, stranger_line) = {
        let public = std::fs::read_to_string(stranger_key.with_extension("pub")).unwrap();
        (
            (),
            format!("stranger@hall.example namespaces=\"git\" {}", public.trim()),
        )
    };
    let signers = std::fs::read_to_string(hall.join("keys/allowed_signers")).unwrap();
    std::fs::write(
        hall.join("keys/allowed_signers"),
        signers + &stranger_line + "\n",
    )
    .unwrap();
    site.git(&hall, &["commit", "--quiet", "-am", "stranger"]);
    site.git(
        &hall,
        &[
            "-c",
            &format!("user.signingkey={}", stranger_key.display()),
            "tag",
            "-s",
            "v3",
            "-m",
            "stranger",
        ],
    );
    site.git(&hall, &["push", "--quiet", "--tags", "central"]);
    let refused = site.update(&kiosk, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(
        text(&refused).contains("v3 was refused"),
        "{}",
        text(&refused)
    );
    assert_eq!(live_title(&kiosk), "Signed");

    // The curator's signature again: taken.
    retitle(&hall, "Signed again");
    let published = site.publish_and_push(&hall);
    assert!(
        text(&published).contains("Published v4"),
        "{}",
        text(&published)
    );
    assert!(site.update(&kiosk, &[]).status.success());
    assert_eq!(live_title(&kiosk), "Signed again");
}

#[test]
fn a_version_changing_one_photo_fetches_that_photo_not_every_photo() {
    let site = Site::new();
    let central = site.path("central.git");
    let (hall, _) = site.curators(&format!("source: \"{}\"", central.display()));
    // Forty distinct photos of about a megapixel each.
    std::fs::remove_dir_all(&hall).unwrap();
    xinghuo::synthetic_hall::HallSpec {
        exhibits: 20,
        shape: xinghuo::synthetic_hall::HallShape::bench(2),
        megapixels: 1,
        distinct_photos: 40,
        fonts: None,
    }
    .write(&hall)
    .unwrap();
    set_updates(&hall, &format!("source: \"{}\"", central.display()));
    // The generator's hard links would share one file between two names.
    let photos = hall.join("media/photos");
    for entry in std::fs::read_dir(&photos).unwrap().flatten() {
        let bytes = std::fs::read(entry.path()).unwrap();
        std::fs::remove_file(entry.path()).unwrap();
        std::fs::write(entry.path(), bytes).unwrap();
    }
    site.git(&hall, &["init", "--quiet"]);
    site.git(
        &hall,
        &["remote", "add", "central", central.to_str().unwrap()],
    );
    assert!(site.publish_and_push(&hall).status.success());
    let kiosk = site.path("kiosk");
    let first = site.update(&kiosk, &["--source", central.to_str().unwrap()]);
    assert!(first.status.success(), "{}", text(&first));
    let all_bytes = fetched(&first);

    // One photo changes (a byte after the end of its JPEG data: it still decodes).
    let changed = photos.join("source-3.jpg");
    let mut bytes = std::fs::read(&changed).unwrap();
    let photo_bytes = bytes.len() as u64;
    bytes.push(0);
    std::fs::write(&changed, bytes).unwrap();
    assert!(site.publish_and_push(&hall).status.success());
    let second = site.update(&kiosk, &[]);
    assert!(second.status.success(), "{}", text(&second));
    let one_bytes = fetched(&second);
    assert!(
        all_bytes > 30 * photo_bytes / 2,
        "the first fetch brought the photos: {all_bytes}"
    );
    assert!(
        one_bytes < 3 * photo_bytes,
        "the second fetch brought {one_bytes} bytes; one photo is {photo_bytes}"
    );
    // And on disk the unchanged photos are the same files as in the version before.
    use std::os::unix::fs::MetadataExt as _;
    let inode = |version: &str, name: &str| {
        std::fs::metadata(
            kiosk
                .join("versions")
                .join(version)
                .join("media/photos")
                .join(name),
        )
        .unwrap()
        .ino()
    };
    assert_eq!(inode("v1", "source-4.jpg"), inode("v2", "source-4.jpg"));
    assert_ne!(inode("v1", "source-3.jpg"), inode("v2", "source-3.jpg"));
}

fn fetched(output: &Output) -> u64 {
    let text = text(output);
    text.lines()
        .find_map(|line| line.strip_prefix("fetched: "))
        .and_then(|rest| rest.strip_suffix(" bytes"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no fetched line in {text}"))
}

#[test]
fn a_version_that_crashes_the_kiosk_at_start_is_rolled_back_and_marked_bad() {
    let site = Site::new();
    let central = site.path("central.git");
    let (hall, _) = site.curators(&format!("source: \"{}\"", central.display()));
    let kiosk = site.path("kiosk");
    retitle(&hall, "Ran for months");
    assert!(site.publish_and_push(&hall).status.success());
    assert!(
        site.update(&kiosk, &["--source", central.to_str().unwrap()])
            .status
            .success()
    );
    let root = HallRoot::new(&kiosk);
    xinghuo::updates::mark_proven(&root, "v1").unwrap();
    retitle(&hall, "Crashes");
    assert!(site.publish_and_push(&hall).status.success());
    assert!(site.update(&kiosk, &[]).status.success());
    assert_eq!(live(&kiosk).as_deref(), Some("v2"));

    // Three starts on v2, none ending cleanly (each dies before staff quit).
    let hall_dir = kiosk.join("current");
    let data = kiosk.join("data");
    let start = |minute: u64| {
        let now =
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000 + minute * 60);
        // As `kiosk` starts: load, let the updater look at the ledger, record the start.
        let loaded = xinghuo::content::load_hall(&hall_dir, Default::default()).unwrap();
        let loaded = xinghuo::updates::before_start(&hall_dir, &data, loaded, now);
        xinghuo::safe_mode::starting_hall(&hall_dir, &data, loaded, now)
    };
    for minute in [0, 1] {
        let starting = start(minute);
        assert!(starting.safe_mode.is_none());
        assert_eq!(
            starting
                .loaded
                .hall
                .exhibit("alpha")
                .unwrap()
                .title
                .get("en", ""),
            "Crashes"
        );
    }
    let third = start(2);
    assert!(third.safe_mode.is_none(), "rolled back, not safe mode");
    assert_eq!(
        third
            .loaded
            .hall
            .exhibit("alpha")
            .unwrap()
            .title
            .get("en", ""),
        "Ran for months"
    );
    assert_eq!(live(&kiosk).as_deref(), Some("v1"));
    let status = text(&site.update(&kiosk, &["--status"]));
    assert!(
        status.contains("refused: v2 at ")
            && status.contains("the kiosk did not stay up on it: 3 starts within 10 minutes"),
        "{status}"
    );
    let again = site.update(&kiosk, &[]);
    assert!(
        text(&again).contains("up to date: v1 is live"),
        "{}",
        text(&again)
    );
}

/// docs/FLEET.md's `sh` blocks, in order: (the kiosk a block runs on, its commands).
fn guide_blocks() -> Vec<(Option<String>, String)> {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/FLEET.md"))
            .unwrap();
    let mut blocks = Vec::new();
    let mut lines = guide.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() != "```sh" {
            continue;
        }
        let body: Vec<&str> = lines
            .by_ref()
            .take_while(|l| l.trim_end() != "```")
            .collect();
        let kiosk = body
            .first()
            .and_then(|l| l.strip_prefix("# on the kiosk "))
            .map(|name| name.trim().to_owned());
        blocks.push((kiosk, body.join("\n")));
    }
    blocks
}

#[test]
fn the_fleet_guide_s_commands_set_up_a_hall_with_three_kiosks() {
    let site = Site::new();
    let sandbox = site.dir.path();
    let home = site.path("home");
    let bin = site.path("bin");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(site.path("media/usb")).unwrap();
    std::fs::create_dir_all(site.path("srv/xinghuo")).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_kiosk"), bin.join("kiosk")).unwrap();
    let blocks = guide_blocks();
    assert!(
        blocks.len() >= 10,
        "the guide's commands are found: {}",
        blocks.len()
    );
    let demo = env!("CARGO_MANIFEST_DIR");
    for (kiosk, commands) in &blocks {
        // The guide's folders, each a folder of the sandbox; each kiosk a computer of its own.
        let hall_root = site.path(&format!("kiosks/{}", kiosk.as_deref().unwrap_or("none")));
        let script = commands
            .replace("/usr/share/xinghuo/demo-hall", demo)
            .replace("/var/lib/xinghuo/fleet", hall_root.to_str().unwrap())
            .replace("/srv/", &format!("{}/srv/", sandbox.display()))
            .replace("/media/usb", &format!("{}/media/usb", sandbox.display()));
        let mut command = Command::new("bash");
        command
            .args(["-euo", "pipefail", "-c", &script])
            .current_dir(sandbox)
            .env("HOME", &home)
            .env(
                "PATH",
                format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
            );
        site.env(&mut command);
        // The guide's own identity and keys, not the test's.
        command
            .env_remove("GIT_AUTHOR_NAME")
            .env_remove("GIT_AUTHOR_EMAIL");
        command
            .env_remove("GIT_COMMITTER_NAME")
            .env_remove("GIT_COMMITTER_EMAIL");
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "the guide's block\n{commands}\nfailed:\n{}",
            text(&output)
        );
    }
    let kiosk = |name: &str| site.path(&format!("kiosks/{name}"));
    assert_eq!(live(&kiosk("entrance")).as_deref(), Some("v2"));
    assert_eq!(
        live(&kiosk("village")).as_deref(),
        Some("v2"),
        "the USB-only site"
    );
    assert_eq!(
        live(&kiosk("gallery")).as_deref(),
        Some("v1"),
        "rolled back"
    );
    let subtitle =
        |name: &str| std::fs::read_to_string(kiosk(name).join("current/kiosk.ron")).unwrap();
    assert!(subtitle("entrance").contains("A digital exhibition of the red heritage of Hengyang"));
    assert!(subtitle("gallery").contains("A digital exhibition of Hengyang's red heritage"));
    let tag = site.git(&home.join("hall"), &["cat-file", "-p", "v2"]);
    assert!(
        tag.contains("-----BEGIN SSH SIGNATURE-----"),
        "versions are signed: {tag}"
    );
    let status = text(&site.update(&kiosk("gallery"), &["--status"]));
    assert!(
        status.contains("refused: v2 at ") && status.contains("rolled back by staff"),
        "{status}"
    );
}
