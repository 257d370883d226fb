//! `updates.json` in the hall root: which version is live and since when, the ones
//! kept for rolling back, the one waiting for the attract screen, and the ones refused
//! and why. Written next to itself and renamed, so a power cut leaves the old file or
//! the new one; a damaged file reads as empty (the `current` link still says what is
//! live).

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

pub(super) const STATE_FILE: &str = "updates.json";
/// Refusals remembered (they are not taken again); the file stays small for years.
const REFUSALS_KEPT: usize = 32;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    pub live: Option<Taken>,
    /// Earlier versions kept on disk, the newest first.
    pub previous: Vec<Taken>,
    /// A version checked and in `versions/`, not live yet.
    pub waiting: Option<String>,
    pub waiting_commit: Option<String>,
    /// The newest first; a version refused (or rolled back) is not taken again.
    pub refused: Vec<Refusal>,
    pub last_check: Option<Check>,
    /// The source given on the command line (`kiosk update --source`), used from then
    /// on instead of kiosk.ron's: a USB-only site in a hall whose kiosk.ron names the
    /// server.
    pub source: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taken {
    pub version: String,
    pub commit: String,
    /// Seconds since 1970 (UTC).
    pub taken_at: u64,
    /// The kiosk has run it for a while: a crash loop later is not this version's doing.
    pub proven: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub version: String,
    pub commit: String,
    pub reason: String,
    pub at: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub at: u64,
    pub said: String,
}

impl State {
    pub(super) fn read(root: &Path) -> Self {
        let path = root.join(STATE_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|err| {
                tracing::warn!(
                    "update: {} is damaged ({err}); starting it anew",
                    path.display()
                );
                Self::default()
            }),
            Err(_) => Self::default(),
        }
    }

    pub(super) fn write(&self, root: &Path) -> anyhow::Result<()> {
        use anyhow::Context as _;
        let path = root.join(STATE_FILE);
        let fresh = root.join(format!(".{STATE_FILE}.new"));
        let json = serde_json::to_vec_pretty(self)?;
        let written = std::fs::File::create(&fresh).and_then(|mut file| {
            use std::io::Write as _;
            file.write_all(&json)?;
            file.sync_all()
        });
        written
            .and_then(|()| std::fs::rename(&fresh, &path))
            .with_context(|| format!("cannot write {}", path.display()))
    }

    pub(super) fn is_bad(&self, version: &str) -> bool {
        self.refused.iter().any(|r| r.version == version)
    }

    pub(super) fn refuse(&mut self, version: &str, commit: &str, reason: &str, now: SystemTime) {
        self.refused.retain(|r| r.version != version);
        self.refused.insert(
            0,
            Refusal {
                version: version.to_owned(),
                commit: commit.to_owned(),
                reason: reason.to_owned(),
                at: seconds(now),
            },
        );
        self.refused.truncate(REFUSALS_KEPT);
        if self.waiting.as_deref() == Some(version) {
            self.waiting = None;
            self.waiting_commit = None;
        }
    }
}

pub(super) fn seconds(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `2026-12-02 16:05 UTC`.
pub fn format_time(seconds: u64) -> String {
    let at = i64::try_from(seconds)
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok());
    match at {
        Some(at) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02} UTC",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute()
        ),
        None => "?".to_owned(),
    }
}
