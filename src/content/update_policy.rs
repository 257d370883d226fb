//! The rules of kiosk.ron's `updates`, with their defaults: what `kiosk check` checks
//! (`content::updates`) and what the updater (`crate::updates`) applies, in one place
//! below both.

use std::time::Duration;

use super::config::UpdateSettings;

/// The versions kept on disk (the live one included) unless kiosk.ron says otherwise.
pub const DEFAULT_KEEP: usize = 3;
/// How often a running kiosk looks for a version unless kiosk.ron says otherwise.
pub const DEFAULT_EVERY: &str = "15m";
/// The shortest interval between two looks, whatever kiosk.ron says.
pub const MIN_EVERY: Duration = Duration::from_secs(60);

/// The `updates` part of a kiosk.ron in force: checked, with defaults filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub source: String,
    pub every: Duration,
    pub require_signature: bool,
    /// The allowed-signers file, as kiosk.ron names it (relative to the hall folder).
    pub allowed_signers: Option<String>,
    pub keep: usize,
}

/// What is wrong with an `updates` setting, for `kiosk check` and the updater alike.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyProblem {
    EmptySource,
    RelativeSource(String),
    BadEvery(String),
    SignersMissingName,
}

impl Policy {
    pub fn from_settings(settings: &UpdateSettings) -> Result<Self, PolicyProblem> {
        let source = settings.source.trim();
        if source.is_empty() {
            return Err(PolicyProblem::EmptySource);
        }
        if !is_absolute_source(source) {
            return Err(PolicyProblem::RelativeSource(source.to_owned()));
        }
        let every = settings.every.as_deref().unwrap_or(DEFAULT_EVERY);
        let every = parse_every(every).ok_or_else(|| PolicyProblem::BadEvery(every.to_owned()))?;
        if settings.require_signature && settings.allowed_signers.is_none() {
            return Err(PolicyProblem::SignersMissingName);
        }
        Ok(Self {
            source: source.to_owned(),
            every: every.max(MIN_EVERY),
            require_signature: settings.require_signature,
            allowed_signers: settings.allowed_signers.clone(),
            keep: settings.keep.unwrap_or(DEFAULT_KEEP).max(2),
        })
    }
}

/// A path from `/`, a URL (`ssh://`, `https://`, `file://`) or git's `host:path`.
fn is_absolute_source(source: &str) -> bool {
    source.starts_with('/')
        || source.contains("://")
        || source
            .split_once(':')
            .is_some_and(|(host, _)| !host.is_empty() && !host.contains('/'))
}

/// `15m`, `1h`, `30s`, `2d`.
pub fn parse_every(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let value: u64 = number.parse().ok()?;
    let seconds = match unit {
        "s" => value,
        "m" => value.checked_mul(60)?,
        "h" => value.checked_mul(3600)?,
        "d" => value.checked_mul(86_400)?,
        _ => return None,
    };
    (seconds > 0).then(|| Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_and_sources() {
        assert_eq!(parse_every("15m"), Some(Duration::from_secs(900)));
        assert_eq!(parse_every("2h"), Some(Duration::from_secs(7200)));
        assert_eq!(parse_every("0m"), None);
        assert_eq!(parse_every("soon"), None);
        assert_eq!(parse_every("15"), None);
        assert!(is_absolute_source("/media/usb"));
        assert!(is_absolute_source("ssh://hall-server/srv/hall.git"));
        assert!(is_absolute_source("curator@hall-server:hall.git"));
        assert!(!is_absolute_source("usb/hall"));
    }
}
