//! Content versions through git: a kiosk takes the hall's published versions (tags
//! `v1`, `v2`, … made by `kiosk publish`) from a git repository on the LAN or from a
//! `git bundle` file on a USB stick, checks each with the loader `kiosk check` uses,
//! and only then makes it live by swapping one symlink.
//!
//! A kiosk that follows a source runs on a *hall root* laid out so:
//!
//! ```text
//! HALL/
//!   current -> versions/v7     the live version; the kiosk runs `--hall HALL/current`
//!   versions/v7/               a checked-out version (kiosk.ron, exhibits/, media/),
//!     data -> ../../data       never edited in place; unchanged files are hard links
//!   versions/v6/               the versions kept for rolling back
//!   data/                      statistics, logs, the starts ledger: outside the versions
//!   repository.git/            git's copy of everything fetched (bare)
//!   staging/                   a version being checked out and checked
//!   updates.json               what is live, since when, what was refused and why
//!   .lock                      held while one update or rollback runs
//! ```
//!
//! The switch is `rename(current.new, current)`: a process opening `current/…` sees the
//! old version or the new one, never a mix. The running kiosk swaps its hall in memory
//! only at the attract screen (see `background`).
//!
//! Trust: a version's signature is checked against the allowed-signers file named by
//! the *live* version's kiosk.ron (read from the live version, so a new version cannot
//! bring its own key); the first version a kiosk takes is taken on the word of the
//! technician who points it at its source.

pub mod background;
pub mod git;
pub mod publish;
mod state;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::Context as _;

pub use crate::content::update_policy::{
    DEFAULT_EVERY, DEFAULT_KEEP, MIN_EVERY, Policy, PolicyProblem, parse_every,
};
use crate::content::{CONFIG_FILE, Config, LoadOptions, Loaded, load_hall};
use git::Git;
pub use state::{Refusal, State, Taken, format_time};

const CURRENT: &str = "current";
const VERSIONS: &str = "versions";
const STAGING: &str = "staging";
const REPOSITORY: &str = "repository.git";
const DATA: &str = "data";
const LOCK: &str = ".lock";

/// A hall root (see the module's documentation for its layout).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HallRoot {
    root: PathBuf,
}

impl HallRoot {
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
        }
    }

    /// The hall root a kiosk's `--hall` folder belongs to: `HALL/current` or
    /// `HALL/versions/X` (or `HALL` itself when it has a `current` link).
    pub fn of_hall_dir(hall_dir: &Path) -> Option<Self> {
        let looks_like_root = |root: &Path| root.join(state::STATE_FILE).is_file();
        if hall_dir.join(CURRENT).is_symlink() && looks_like_root(hall_dir) {
            return Some(Self::new(hall_dir));
        }
        let absolute = std::path::absolute(hall_dir).ok()?;
        let name = absolute.file_name()?;
        let parent = absolute.parent()?;
        if name == CURRENT && looks_like_root(parent) {
            return Some(Self::new(parent));
        }
        let grandparent = parent.parent()?;
        (parent.file_name()? == VERSIONS && looks_like_root(grandparent))
            .then(|| Self::new(grandparent))
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The live hall: what the kiosk's `--hall` names.
    pub fn current(&self) -> PathBuf {
        self.root.join(CURRENT)
    }

    pub fn version_dir(&self, version: &str) -> PathBuf {
        self.root.join(VERSIONS).join(version)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.root.join(DATA)
    }

    fn repository(&self) -> Git {
        Git::bare(&self.root.join(REPOSITORY))
    }

    /// The version `current` points at, read from the link itself.
    pub fn live_version(&self) -> Option<String> {
        let target = std::fs::read_link(self.current()).ok()?;
        target.file_name()?.to_str().map(str::to_owned)
    }

    pub fn state(&self) -> State {
        State::read(&self.root)
    }

    /// Holds the root's lock until dropped: one update, rollback or switch at a time,
    /// between the kiosk and `kiosk update` on the command line.
    fn lock(&self) -> anyhow::Result<std::fs::File> {
        std::fs::create_dir_all(&self.root)
            .with_context(|| format!("cannot make {}", self.root.display()))?;
        let path = self.root.join(LOCK);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        file.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        Ok(file)
    }
}

/// A version's number: `v12` is 12. Tags of other names are not versions.
pub fn version_number(tag: &str) -> Option<u64> {
    let digits = tag.strip_prefix('v')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// What one look at the source came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Report {
    /// Nothing newer than the live version (or none that was not refused before).
    UpToDate { live: Option<String> },
    /// The source has nothing to offer now: the USB stick is not in, or the folder is
    /// empty. Not a fault.
    NothingThere(String),
    /// A version passed every check. `switched`: it is live now; otherwise it waits in
    /// `versions/` for [`switch`].
    Taken {
        version: String,
        switched: bool,
        fetched_bytes: u64,
    },
    /// A version was refused; the live one stays.
    Refused { version: String, reason: String },
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UpToDate { live: Some(live) } => write!(f, "up to date: {live} is live"),
            Self::UpToDate { live: None } => write!(f, "no version is published yet"),
            Self::NothingThere(why) => write!(f, "nothing to take: {why}"),
            Self::Taken {
                version,
                switched: true,
                ..
            } => write!(f, "{version} is live"),
            Self::Taken { version, .. } => {
                write!(f, "{version} is checked and waits for the attract screen")
            }
            Self::Refused { version, reason } => {
                write!(f, "{version} was refused, the live version stays: {reason}")
            }
        }
    }
}

/// How an update is asked for.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The source to use instead of the live kiosk.ron's (`kiosk update --source`;
    /// needed for the first version).
    pub source: Option<String>,
    /// Make a version that passes live at once (the command line); the running kiosk
    /// switches itself at the attract screen.
    pub switch: bool,
}

/// Looks at the source, and takes its newest version if it passes the checks.
pub fn update(root: &HallRoot, request: &Request, now: SystemTime) -> anyhow::Result<Report> {
    let _lock = root.lock()?;
    let mut state = root.state();
    let result = update_locked(root, request, now, &mut state);
    state.last_check = Some(state::Check {
        at: state::seconds(now),
        said: match &result {
            Ok(report) => report.to_string(),
            Err(err) => format!("failed: {err:#}"),
        },
    });
    state.write(&root.root)?;
    result
}

fn update_locked(
    root: &HallRoot,
    request: &Request,
    now: SystemTime,
    state: &mut State,
) -> anyhow::Result<Report> {
    let live = root.live_version();
    let live_config = live
        .as_ref()
        .and_then(|version| read_config(&root.version_dir(version)));
    let live_policy = live_config
        .as_ref()
        .and_then(|config| config.updates.as_ref())
        .and_then(|settings| Policy::from_settings(settings).ok());
    if let Some(source) = &request.source {
        state.source = Some(source.clone());
    }
    let source = state
        .source
        .clone()
        .or_else(|| live_policy.as_ref().map(|p| p.source.clone()))
        .context(
            "no source to update from: the live kiosk.ron has no `updates` (give --source for the first version)",
        )?;
    let repository = root.repository();
    std::fs::create_dir_all(root.root.join(REPOSITORY))?;
    if !repository.succeeds(["rev-parse", "--git-dir"]) {
        repository.run(["init", "--bare", "--quiet"])?;
    }
    let before = stored_bytes(&repository);
    if let Some(nothing) = fetch(&repository, &source)? {
        return Ok(Report::NothingThere(nothing));
    }
    let fetched_bytes = stored_bytes(&repository).saturating_sub(before);
    // Packs loose objects once there are many; the store grows only by what changed.
    if let Err(err) = repository.run(["gc", "--auto", "--quiet"]) {
        tracing::warn!("update: {err}");
    }

    let live_number = live.as_deref().and_then(version_number).unwrap_or(0);
    let Some((version, commit)) = newest_version(&repository, state)?
        .filter(|(version, _)| version_number(version).unwrap_or(0) > live_number)
    else {
        return Ok(Report::UpToDate { live });
    };
    if state.waiting.as_deref() == Some(version.as_str()) && root.version_dir(&version).is_dir() {
        return finish(root, state, &version, &commit, request, now, fetched_bytes);
    }
    let staged = checkout(root, &repository, &version, live.as_deref());
    if let Err(err) = staged {
        // Not the version's fault (a full disk, say): the next look tries again.
        let _ = std::fs::remove_dir_all(root.root.join(STAGING));
        return Err(err.context(format!("cannot check {version} out")));
    }
    match check_staged(
        root,
        &repository,
        &version,
        live.as_deref(),
        live_policy.as_ref(),
    ) {
        Ok(()) => finish(root, state, &version, &commit, request, now, fetched_bytes),
        Err(Refused(reason)) => {
            let _ = std::fs::remove_dir_all(root.root.join(STAGING));
            tracing::warn!("update: {version} refused: {reason}");
            state.refuse(&version, &commit, &reason, now);
            Ok(Report::Refused { version, reason })
        }
    }
}

/// A staged version that passed: moved into `versions/`, and live if asked.
fn finish(
    root: &HallRoot,
    state: &mut State,
    version: &str,
    commit: &str,
    request: &Request,
    now: SystemTime,
    fetched_bytes: u64,
) -> anyhow::Result<Report> {
    let staged = root.root.join(STAGING).join(version);
    if staged.is_dir() {
        let target = root.version_dir(version);
        if target.exists() {
            std::fs::remove_dir_all(&target)
                .with_context(|| format!("cannot remove {}", target.display()))?;
        }
        std::fs::create_dir_all(root.root.join(VERSIONS))?;
        std::fs::rename(&staged, &target)
            .with_context(|| format!("cannot move {} into versions/", staged.display()))?;
    }
    state.waiting = Some(version.to_owned());
    state.waiting_commit = Some(commit.to_owned());
    if request.switch {
        switch_locked(root, state, version, now)?;
    }
    Ok(Report::Taken {
        version: version.to_owned(),
        switched: request.switch,
        fetched_bytes,
    })
}

/// Makes the waiting `version` live (the running kiosk, at the attract screen).
pub fn switch(root: &HallRoot, version: &str, now: SystemTime) -> anyhow::Result<()> {
    let _lock = root.lock()?;
    let mut state = root.state();
    switch_locked(root, &mut state, version, now)?;
    state.write(&root.root)
}

fn switch_locked(
    root: &HallRoot,
    state: &mut State,
    version: &str,
    now: SystemTime,
) -> anyhow::Result<()> {
    if !root.version_dir(version).join(CONFIG_FILE).is_file() {
        anyhow::bail!("{version} is not in {}", root.root.join(VERSIONS).display());
    }
    point_current_at(root, version)?;
    let commit = if state.waiting.as_deref() == Some(version) {
        state.waiting_commit.take().unwrap_or_default()
    } else {
        String::new()
    };
    if state.waiting.as_deref() == Some(version) {
        state.waiting = None;
    }
    if let Some(previous) = state.live.take()
        && previous.version != version
    {
        state.previous.insert(0, previous);
    }
    state.previous.retain(|taken| taken.version != version);
    state.live = Some(Taken {
        version: version.to_owned(),
        commit,
        taken_at: state::seconds(now),
        proven: false,
    });
    tracing::info!("update: {version} is live");
    prune(root, state);
    Ok(())
}

/// `current.new -> versions/X`, then renamed over `current`: atomic.
fn point_current_at(root: &HallRoot, version: &str) -> anyhow::Result<()> {
    let fresh = root.root.join("current.new");
    let _ = std::fs::remove_file(&fresh);
    std::os::unix::fs::symlink(Path::new(VERSIONS).join(version), &fresh)
        .with_context(|| format!("cannot make {}", fresh.display()))?;
    std::fs::rename(&fresh, root.current())
        .with_context(|| format!("cannot switch {}", root.current().display()))?;
    // The rename is durable once the folder holding it is.
    if let Ok(folder) = std::fs::File::open(&root.root) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Keeps the live version and the newest earlier ones, `keep` in all; removes the rest.
fn prune(root: &HallRoot, state: &mut State) {
    let keep = root
        .live_version()
        .and_then(|v| read_config(&root.version_dir(&v)))
        .and_then(|config| config.updates)
        .and_then(|settings| Policy::from_settings(&settings).ok())
        .map_or(DEFAULT_KEEP, |policy| policy.keep);
    state.previous.truncate(keep.saturating_sub(1));
    let mut kept: Vec<&str> = state.previous.iter().map(|t| t.version.as_str()).collect();
    kept.extend(state.live.as_ref().map(|t| t.version.as_str()));
    kept.extend(state.waiting.as_deref());
    let Ok(entries) = std::fs::read_dir(root.root.join(VERSIONS)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !kept.iter().any(|k| name == **k)
            && let Err(err) = std::fs::remove_dir_all(entry.path())
        {
            tracing::warn!("update: cannot remove {}: {err}", entry.path().display());
        }
    }
}

/// Makes the version before the live one live again, and marks the one that was live
/// as bad so that it is not taken again (`reason` says why, in `--status`).
pub fn roll_back(root: &HallRoot, reason: &str, now: SystemTime) -> anyhow::Result<String> {
    let _lock = root.lock()?;
    let mut state = root.state();
    let target = state
        .previous
        .iter()
        .position(|taken| root.version_dir(&taken.version).join(CONFIG_FILE).is_file())
        .context("there is no earlier version to roll back to")?;
    let earlier = state.previous.remove(target);
    point_current_at(root, &earlier.version)?;
    if let Some(bad) = state.live.take() {
        state.refuse(&bad.version, &bad.commit, reason, now);
    }
    state.previous.drain(..target);
    tracing::warn!("update: rolled back to {}: {reason}", earlier.version);
    let version = earlier.version.clone();
    state.live = Some(earlier);
    prune(root, &mut state);
    state.write(&root.root)?;
    Ok(version)
}

/// At a start in a crash loop: a version taken since the kiosk last ran cleanly is
/// rolled back and marked bad. `Some(version)` when it rolled back to `version`.
pub fn roll_back_after_crash_loop(
    root: &HallRoot,
    starts: usize,
    now: SystemTime,
) -> Option<String> {
    let state = root.state();
    let fresh = state.live.as_ref().is_some_and(|live| !live.proven);
    if !fresh || state.previous.is_empty() {
        return None;
    }
    let reason = format!(
        "the kiosk did not stay up on it: {starts} starts within {} minutes without a clean stop",
        crate::safe_mode::CRASH_LOOP_WINDOW.as_secs() / 60
    );
    match roll_back(root, &reason, now) {
        Ok(version) => Some(version),
        Err(err) => {
            tracing::error!("update: cannot roll back after the crash loop: {err:#}");
            None
        }
    }
}

/// Before a start is recorded: if it would be a crash loop and the live version was
/// taken since the kiosk last ran cleanly, that version is rolled back and marked bad,
/// the start ledger begins anew (the earlier version deserves its own three tries
/// before safe mode), and the earlier version's hall is returned to start on.
pub fn before_start(hall_dir: &Path, data_dir: &Path, loaded: Loaded, now: SystemTime) -> Loaded {
    let Some(root) = HallRoot::of_hall_dir(hall_dir) else {
        return loaded;
    };
    let Some(starts) = crate::safe_mode::starts_after_failure(data_dir, now)
        .filter(|&starts| starts >= crate::safe_mode::CRASH_LOOP_STARTS)
    else {
        return loaded;
    };
    let Some(version) = roll_back_after_crash_loop(&root, starts, now) else {
        return loaded;
    };
    tracing::error!(
        "update: the kiosk did not stay up on the new version; {version} is live again"
    );
    crate::safe_mode::clear_starts(data_dir);
    match load_hall(hall_dir, LoadOptions::default()) {
        Ok(earlier) => earlier,
        Err(err) => {
            tracing::error!("update: {version} cannot be loaded: {err}");
            loaded
        }
    }
}

/// The live `version` ran cleanly for a while: a later crash loop is not its doing.
pub fn mark_proven(root: &HallRoot, version: &str) -> anyhow::Result<()> {
    let _lock = root.lock()?;
    let mut state = root.state();
    match &mut state.live {
        Some(live) if live.version == version && !live.proven => live.proven = true,
        _ => return Ok(()),
    }
    state.write(&root.root)
}

/// Fetches every tag of `source` into the repository: from a repository (a path or
/// URL), or from the `.bundle` files in a folder. `Some(why)` when the folder has no
/// bundle to offer.
fn fetch(repository: &Git, source: &str) -> anyhow::Result<Option<String>> {
    let path = Path::new(source);
    let is_folder_of_bundles =
        path.is_dir() && !path.join("HEAD").is_file() && !path.join(".git").exists();
    if is_folder_of_bundles {
        let mut bundles: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot read {source}"))?
            .flatten()
            .map(|entry| entry.path())
            .filter(|p| p.extension().is_some_and(|e| e == "bundle") && p.is_file())
            .collect();
        if bundles.is_empty() {
            return Ok(Some(format!("no .bundle file in {source}")));
        }
        bundles.sort();
        for bundle in bundles {
            let mut args = vec!["fetch".as_ref(), "--quiet".as_ref(), bundle.as_os_str()];
            args.push("+refs/tags/*:refs/tags/*".as_ref());
            repository
                .run(&args)
                .with_context(|| format!("cannot read the bundle {}", bundle.display()))?;
        }
        return Ok(None);
    }
    if source.starts_with('/') && !path.exists() {
        return Ok(Some(format!("{source} is not there")));
    }
    repository
        .run([
            "fetch",
            "--quiet",
            "--no-tags",
            source,
            "+refs/tags/*:refs/tags/*",
        ])
        .with_context(|| format!("cannot fetch from {source}"))?;
    Ok(None)
}

/// Bytes in git's object store (loose and packed), to count what a fetch brought.
fn stored_bytes(repository: &Git) -> u64 {
    let Ok(text) = repository.run(["count-objects", "-v"]) else {
        return 0;
    };
    text.lines()
        .filter_map(|line| line.split_once(": "))
        .filter(|(key, _)| matches!(*key, "size" | "size-pack"))
        .filter_map(|(_, kib)| kib.trim().parse::<u64>().ok())
        .fold(0u64, |sum, kib| {
            sum.saturating_add(kib.saturating_mul(1024))
        })
}

/// The newest version tag not refused before, with its commit.
fn newest_version(repository: &Git, state: &State) -> anyhow::Result<Option<(String, String)>> {
    let listed = repository.run([
        "for-each-ref",
        "--format=%(refname:short) %(objectname) %(*objectname)",
        "refs/tags/",
    ])?;
    Ok(listed
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let tag = parts.next()?;
            let object = parts.next()?;
            // An annotated tag names its commit as `*objectname`.
            let commit = parts.next().unwrap_or(object);
            Some((version_number(tag)?, tag.to_owned(), commit.to_owned()))
        })
        .filter(|(_, tag, _)| !state.is_bad(tag))
        .max_by_key(|(number, ..)| *number)
        .map(|(_, tag, commit)| (tag, commit)))
}

/// Why a version was refused, in words for `--status` and the overlay.
struct Refused(String);

impl<E: std::fmt::Display> From<E> for Refused {
    fn from(err: E) -> Self {
        Self(format!("{err:#}"))
    }
}

/// Verifies the signature of `version`, checked out in `staging/`, if the live or the
/// new kiosk.ron asks for one, and runs the loader of `kiosk check` on it.
fn check_staged(
    root: &HallRoot,
    repository: &Git,
    version: &str,
    live: Option<&str>,
    live_policy: Option<&Policy>,
) -> Result<(), Refused> {
    let dir = root.root.join(STAGING).join(version);

    let new_policy = read_config(&dir)
        .and_then(|config| config.updates)
        .and_then(|settings| Policy::from_settings(&settings).ok());
    let required = live_policy.is_some_and(|p| p.require_signature)
        || new_policy.as_ref().is_some_and(|p| p.require_signature);
    if required {
        // The live version's keys when there is one: a new version cannot vouch for itself.
        let (signers_root, policy) = match (live, live_policy) {
            (Some(live), Some(policy)) => (root.version_dir(live), policy),
            _ => match &new_policy {
                Some(policy) => (dir.clone(), policy),
                None => {
                    return Err(Refused(
                        "signatures are required but no allowed-signers file is named".into(),
                    ));
                }
            },
        };
        let signers = policy
            .allowed_signers
            .as_deref()
            .map(|name| signers_root.join(name))
            .ok_or_else(|| {
                Refused("signatures are required but no allowed-signers file is named".into())
            })?;
        verify_signature(repository, version, &signers)?;
    }

    let loaded = std::panic::catch_unwind(|| load_hall(&dir, LoadOptions { probe_media: true }))
        .map_err(|panic| {
        Refused(format!(
            "the check failed ({})",
            crate::logging::panic_message(panic.as_ref())
        ))
    })??;
    refuse_with_errors(&loaded)?;
    Ok(())
}

/// A version whose check has errors is refused with the first of them.
fn refuse_with_errors(loaded: &Loaded) -> Result<(), Refused> {
    let errors = loaded.diagnostics.error_count();
    if errors > 0 {
        let first = loaded
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(crate::diagnostics::Diagnostic::headline)
            .unwrap_or_default();
        let plural = if errors == 1 { "error" } else { "errors" };
        return Err(Refused(format!(
            "`kiosk check` finds {errors} {plural}; the first: {first}"
        )));
    }
    if loaded.hall.exhibits.is_empty() {
        return Err(Refused("it has no exhibits".to_owned()));
    }
    Ok(())
}

/// The tag's signature (or its commit's) by a key in `signers`, checked by git.
fn verify_signature(repository: &Git, version: &str, signers: &Path) -> Result<(), Refused> {
    if !signers.is_file() {
        return Err(Refused(format!(
            "signatures are required but the allowed-signers file {} does not exist",
            signers.display()
        )));
    }
    let mut config = std::ffi::OsString::from("gpg.ssh.allowedSignersFile=");
    config.push(signers);
    let tag = repository.run_full(
        [
            "-c".as_ref(),
            config.as_os_str(),
            "verify-tag".as_ref(),
            version.as_ref(),
        ],
        &[],
    );
    if tag.is_ok() {
        return Ok(());
    }
    let commit = format!("{version}^{{commit}}");
    match repository.run_full(
        [
            "-c".as_ref(),
            config.as_os_str(),
            "verify-commit".as_ref(),
            commit.as_ref(),
        ],
        &[],
    ) {
        Ok(_) => Ok(()),
        Err(err) => Err(Refused(format!(
            "it is not signed by a key in the hall's allowed signers ({err})"
        ))),
    }
}

/// Writes `version`'s files into `staging/<version>`: files unchanged since the `live`
/// version are hard links to it (a new version that changes one photo writes one
/// photo), the rest come from git. The data folder is a link to the hall root's,
/// outside the versions.
fn checkout(
    root: &HallRoot,
    repository: &Git,
    version: &str,
    live: Option<&str>,
) -> anyhow::Result<()> {
    let staging = root.root.join(STAGING);
    let _ = std::fs::remove_dir_all(&staging);
    let dir = &staging.join(version);
    std::fs::create_dir_all(dir)?;
    let index = root.root.join(STAGING).join(format!("{version}.index"));
    let index_env: [(&str, &std::ffi::OsStr); 1] = [("GIT_INDEX_FILE", index.as_os_str())];
    let tree = format!("{version}^{{tree}}");
    repository.run_full(["read-tree", tree.as_str()], &index_env)?;
    let listed = repository
        .run_full(["ls-files", "-s", "-z"], &index_env)?
        .stdout;
    let live_files = match live {
        Some(live) => tree_blobs(repository, live)?,
        None => Default::default(),
    };
    let mut from_git = Vec::new();
    for entry in listed.split('\0').filter(|e| !e.is_empty()) {
        // `<mode> <blob> <stage>\t<path>`
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        if path == DATA || path.starts_with("data/") {
            continue;
        }
        let mut meta = meta.split(' ');
        let (mode, blob) = (meta.next().unwrap_or(""), meta.next().unwrap_or(""));
        let linked = mode == "100644"
            && live.is_some_and(|live| {
                live_files
                    .get(path)
                    .is_some_and(|(m, b)| m == mode && b == blob)
                    && link_file(&root.version_dir(live).join(path), &dir.join(path))
            });
        if !linked {
            from_git.push(path.to_owned());
        }
    }
    if !from_git.is_empty() {
        let mut command = std::process::Command::new("git");
        command
            .arg("--git-dir")
            .arg(root.root.join(REPOSITORY))
            .arg("--work-tree")
            .arg(dir)
            .args(["checkout-index", "-f", "-z", "--stdin"])
            .env("GIT_INDEX_FILE", &index)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().map_err(git::GitError::NotRun)?;
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write as _;
            let list = from_git.join("\0") + "\0";
            stdin.write_all(list.as_bytes())?;
        }
        let output = child.wait_with_output()?;
        if !output.status.success() {
            anyhow::bail!(
                "cannot check {version} out: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
    }
    let _ = std::fs::remove_file(&index);
    std::fs::create_dir_all(root.data_dir())?;
    std::os::unix::fs::symlink(Path::new("../..").join(DATA), dir.join(DATA))
        .with_context(|| format!("cannot link the data folder into {}", dir.display()))?;
    Ok(())
}

/// Path → (mode, blob) of every file in `version`'s tree.
fn tree_blobs(
    repository: &Git,
    version: &str,
) -> anyhow::Result<std::collections::HashMap<String, (String, String)>> {
    let tree = format!("{version}^{{tree}}");
    let listed = repository.run(["ls-tree", "-r", "-z", tree.as_str()])?;
    Ok(listed
        .split('\0')
        .filter_map(|entry| {
            // `<mode> blob <id>\t<path>`
            let (meta, path) = entry.split_once('\t')?;
            let mut meta = meta.split(' ');
            let mode = meta.next()?;
            let _kind = meta.next()?;
            let blob = meta.next()?;
            Some((path.to_owned(), (mode.to_owned(), blob.to_owned())))
        })
        .collect())
}

/// A hard link of `from` at `to`; false when the file system will not (git writes it).
fn link_file(from: &Path, to: &Path) -> bool {
    if !from.is_file() || from.is_symlink() {
        return false;
    }
    if let Some(parent) = to.parent()
        && std::fs::create_dir_all(parent).is_err()
    {
        return false;
    }
    std::fs::hard_link(from, to).is_ok()
}

/// The kiosk.ron of the hall in `dir`, if it parses.
fn read_config(dir: &Path) -> Option<Config> {
    let path = dir.join(CONFIG_FILE);
    let text = crate::content::source::read_text(&path, Path::new(CONFIG_FILE)).ok()?;
    crate::content::source::parse::<Config>(&text, Path::new(CONFIG_FILE)).value
}

/// What `kiosk update --status` and the admin overlay say.
pub fn status_text(root: &HallRoot) -> String {
    let state = root.state();
    let mut lines = Vec::new();
    match (&state.live, root.live_version()) {
        (Some(live), Some(linked)) if live.version == linked => lines.push(format!(
            "live: {} (taken {}{})",
            live.version,
            format_time(live.taken_at),
            if live.proven {
                ""
            } else {
                ", not yet run for 5 minutes"
            }
        )),
        (_, Some(linked)) => lines.push(format!("live: {linked}")),
        (_, None) => lines.push("live: none yet".to_owned()),
    }
    if let Some(waiting) = &state.waiting {
        lines.push(format!(
            "waiting: {waiting} (checked; goes live at the next attract screen)"
        ));
    }
    if !state.previous.is_empty() {
        let kept: Vec<&str> = state.previous.iter().map(|t| t.version.as_str()).collect();
        lines.push(format!("kept for rollback: {}", kept.join(", ")));
    }
    for refusal in state.refused.iter().take(3) {
        lines.push(format!(
            "refused: {} at {}: {}",
            refusal.version,
            format_time(refusal.at),
            refusal.reason
        ));
    }
    if let Some(source) = &state.source {
        lines.push(format!("source: {source} (given with --source)"));
    }
    if let Some(check) = &state.last_check {
        lines.push(format!(
            "last look: {}: {}",
            format_time(check.at),
            check.said
        ));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_v_and_a_number() {
        assert_eq!(version_number("v12"), Some(12));
        assert_eq!(version_number("v"), None);
        assert_eq!(version_number("v1.2"), None);
        assert_eq!(version_number("release"), None);
    }
}
