//! `kiosk.ron`: the hall's settings. Every field but `title` and `languages` has a
//! default, so a new hall starts from a short file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::model::Text;

pub const CONFIG_FILE: &str = "kiosk.ron";

/// The shortest idle timeout the kiosk uses, whatever kiosk.ron says.
pub const MIN_IDLE_TIMEOUT_SECS: u64 = 15;

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Kiosk")]
pub struct Config {
    pub title: Text,
    /// A line under the title on the attract screen.
    #[serde(default)]
    pub subtitle: Option<Text>,
    /// Language codes in display order; the first is the default and the fallback.
    pub languages: Vec<String>,
    /// Names of the themes that group the home screen's tiles, by theme id.
    #[serde(default)]
    pub themes: BTreeMap<String, Text>,
    /// Display order of the themes; themes not listed come after, by id.
    #[serde(default)]
    pub theme_order: Vec<String>,
    #[serde(default = "defaults::idle_timeout_secs")]
    pub idle_timeout_secs: u64,
    /// How long the "Still there?" countdown lasts before the reset.
    #[serde(default = "defaults::idle_warning_secs")]
    pub idle_warning_secs: u64,
    #[serde(default)]
    pub attract: Attract,
    #[serde(default)]
    pub quiz: QuizSettings,
    #[serde(default)]
    pub narration: NarrationSettings,
    /// Salted hash of the admin PIN, written by `kiosk set-pin`.
    #[serde(default)]
    pub admin_pin_hash: Option<String>,
    /// Salted hash of the guide PIN (opens guided mode only), written by `kiosk set-pin --guide`.
    #[serde(default)]
    pub guide_pin_hash: Option<String>,
    /// Guided mode suspends the idle reset for at most this long.
    #[serde(default = "defaults::max_tour_minutes")]
    pub max_tour_minutes: u32,
    #[serde(default)]
    pub analytics: Analytics,
    /// Byte budget of the decoded-photo texture cache.
    #[serde(default = "defaults::image_cache_mb")]
    pub image_cache_mb: u64,
    #[serde(default)]
    pub hide_cursor: bool,
    /// The key a hall's accessibility button sends (a big button wired as a USB
    /// keyboard): it starts the spoken visit, as holding 无障碍 does. `None` for none.
    #[serde(default = "defaults::spoken_guidance_key")]
    pub spoken_guidance_key: Option<String>,
    /// Turns off crossfades and slides.
    #[serde(default)]
    pub reduced_motion: bool,
    #[serde(default = "defaults::exhibits_dir")]
    pub exhibits_dir: String,
    #[serde(default = "defaults::media_dir")]
    pub media_dir: String,
    /// Opening hours; without them the kiosk is always on.
    #[serde(default)]
    pub schedule: Option<ScheduleSettings>,
    /// Where this kiosk takes new versions of the hall from (`crate::updates`);
    /// without it the kiosk runs the folder it is given.
    #[serde(default)]
    pub updates: Option<UpdateSettings>,
}

/// `updates: Some(Updates(source: "…", every: "15m", require_signature: true,
/// allowed_signers: "keys/allowed_signers"))`. Checked by `update_policy::Policy`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Updates")]
pub struct UpdateSettings {
    /// A git repository (an absolute path or a URL on the LAN), or a folder where a
    /// USB stick with `.bundle` files appears.
    pub source: String,
    /// How often the running kiosk looks: `15m`, `1h`, `30s` (at least a minute).
    #[serde(default)]
    pub every: Option<String>,
    /// Take only versions whose tag or commit is signed by a key in `allowed_signers`.
    #[serde(default)]
    pub require_signature: bool,
    /// An allowed-signers file (ssh-keygen's format, as git's `gpg.ssh.allowedSignersFile`),
    /// relative to the hall folder.
    #[serde(default)]
    pub allowed_signers: Option<String>,
    /// Versions kept on disk, the live one included (at least 2).
    #[serde(default)]
    pub keep: Option<usize>,
}

/// The opening hours as the curator writes them: times and dates are text, checked
/// (with their positions) after parsing, so that a slip in them leaves the rest of
/// kiosk.ron in use. `crate::schedule::Schedule` is the checked form.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Schedule")]
pub struct ScheduleSettings {
    /// The local time's offset from UTC, `+08:00` (Beijing time) unless given.
    #[serde(default)]
    pub utc_offset: Option<String>,
    /// Opening and closing time of an ordinary day, `HH:MM`.
    pub open: String,
    pub close: String,
    /// Weekdays the hall is closed, e.g. `[Monday]`.
    #[serde(default)]
    pub closed_on: Vec<WeekdayName>,
    /// Other hours on some weekdays.
    #[serde(default)]
    pub weekday_hours: Vec<WeekdayHours>,
    /// Dates whose hours differ: holidays, commemoration days.
    #[serde(default)]
    pub exceptions: Vec<DateException>,
    /// A program and its arguments that switch the screen off when the kiosk goes
    /// dark, e.g. `["xset", "dpms", "force", "off"]`; none by default.
    #[serde(default)]
    pub screen_off_command: Vec<String>,
    /// And on again when it lights up.
    #[serde(default)]
    pub screen_on_command: Vec<String>,
}

/// `(on: [Saturday, Sunday], open: "09:00", close: "18:00")`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekdayHours {
    pub on: Vec<WeekdayName>,
    pub open: String,
    pub close: String,
}

/// `(date: "2026-10-01", open: "08:30", close: "18:00")` or
/// `(date: "2026-12-31", closed: true)`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateException {
    pub date: String,
    #[serde(default)]
    pub open: Option<String>,
    #[serde(default)]
    pub close: Option<String>,
    #[serde(default)]
    pub closed: bool,
}

/// A weekday written bare, as RON writes an enum value (`Monday`), kept as the name
/// written: an unknown one is reported by the check with a suggestion, and does not
/// stop kiosk.ron from loading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeekdayName(pub String);

impl<'de> Deserialize<'de> for WeekdayName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl<'de> serde::de::Visitor<'de> for Name {
            type Value = String;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a weekday such as `Monday`")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<String, E> {
                Ok(name.to_owned())
            }
        }
        impl<'de> serde::de::DeserializeSeed<'de> for Name {
            type Value = String;
            fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
                d.deserialize_identifier(self)
            }
        }
        struct Day;
        impl<'de> serde::de::Visitor<'de> for Day {
            type Value = WeekdayName;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a weekday such as `Monday`")
            }
            fn visit_enum<A: serde::de::EnumAccess<'de>>(
                self,
                data: A,
            ) -> Result<WeekdayName, A::Error> {
                use serde::de::VariantAccess as _;
                let (name, variant) = data.variant_seed(Name)?;
                variant.unit_variant()?;
                Ok(WeekdayName(name))
            }
        }
        deserializer.deserialize_enum("Weekday", &crate::schedule::WEEKDAYS, Day)
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attract {
    /// Seconds each cover stays on screen.
    #[serde(default = "defaults::slide_secs")]
    pub slide_secs: u64,
    /// Length of the crossfade between covers.
    #[serde(default = "defaults::fade_secs")]
    pub fade_secs: f32,
    /// Silent films played between rounds of covers, one after each round.
    #[serde(default)]
    pub clips: Vec<super::MediaRef>,
}

impl Default for Attract {
    fn default() -> Self {
        Self {
            slide_secs: defaults::slide_secs(),
            fade_secs: defaults::fade_secs(),
            clips: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizSettings {
    #[serde(default = "defaults::questions_per_round")]
    pub questions_per_round: usize,
    /// Optional time limit per question; off by default (no time pressure).
    #[serde(default)]
    pub seconds_per_question: Option<u64>,
}

impl Default for QuizSettings {
    fn default() -> Self {
        Self {
            questions_per_round: defaults::questions_per_round(),
            seconds_per_question: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NarrationSettings {
    /// 0.0–1.0.
    #[serde(default = "defaults::volume")]
    pub volume: f32,
    /// Off by default: sound that starts by itself is a barrier (WCAG 1.4.2).
    #[serde(default)]
    pub autoplay: bool,
}

impl Default for NarrationSettings {
    fn default() -> Self {
        Self {
            volume: defaults::volume(),
            autoplay: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analytics {
    /// SQLite database of anonymous visit events, relative to the hall directory.
    #[serde(default = "defaults::analytics_path")]
    pub path: String,
    /// Events older than this are deleted.
    #[serde(default = "defaults::retention_days")]
    pub retention_days: u32,
    /// This kiosk's name in a hall of several (`kiosk export-stats` writes it with the
    /// events); the computer's host name if not given.
    #[serde(default)]
    pub kiosk_name: Option<String>,
}

impl Analytics {
    /// The name `kiosk export-stats` gives this kiosk's events.
    pub fn kiosk_name(&self) -> String {
        self.kiosk_name
            .clone()
            .filter(|name| !name.trim().is_empty())
            .or_else(|| {
                std::fs::read_to_string("/etc/hostname")
                    .ok()
                    .map(|name| name.trim().to_owned())
                    .filter(|name| !name.is_empty())
            })
            .unwrap_or_else(|| "kiosk".to_owned())
    }
}

impl Default for Analytics {
    fn default() -> Self {
        Self {
            path: defaults::analytics_path(),
            retention_days: defaults::retention_days(),
            kiosk_name: None,
        }
    }
}

/// The keys `spoken_guidance_key` may name: those an accessibility button's USB
/// interface can be set to send and that no visitor's touch makes.
pub fn is_button_key(name: &str) -> bool {
    let function = name
        .strip_prefix('F')
        .filter(|n| !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse::<u8>().ok());
    matches!(name, "Space" | "Enter") || function.is_some_and(|n| (1..=24).contains(&n))
}

mod defaults {
    pub fn spoken_guidance_key() -> Option<String> {
        Some("F8".to_owned())
    }
    pub fn idle_timeout_secs() -> u64 {
        90
    }
    pub fn idle_warning_secs() -> u64 {
        20
    }
    pub fn slide_secs() -> u64 {
        8
    }
    pub fn fade_secs() -> f32 {
        1.5
    }
    pub fn questions_per_round() -> usize {
        5
    }
    pub fn volume() -> f32 {
        0.8
    }
    pub fn max_tour_minutes() -> u32 {
        120
    }
    pub fn image_cache_mb() -> u64 {
        96
    }
    pub fn analytics_path() -> String {
        "data/visits.sqlite".to_owned()
    }
    pub fn retention_days() -> u32 {
        730
    }
    pub fn exhibits_dir() -> String {
        "exhibits".to_owned()
    }
    pub fn media_dir() -> String {
        "media".to_owned()
    }
}

impl Config {
    /// A minimal configuration, used when `kiosk.ron` itself is broken so that the
    /// rest of the hall can still be checked.
    pub fn fallback() -> Self {
        Self {
            title: Text::from_pairs([("zh", "星火"), ("en", "Xinghuo")]),
            subtitle: None,
            languages: vec!["zh".to_owned(), "en".to_owned()],
            themes: BTreeMap::new(),
            theme_order: Vec::new(),
            idle_timeout_secs: defaults::idle_timeout_secs(),
            idle_warning_secs: defaults::idle_warning_secs(),
            attract: Attract::default(),
            quiz: QuizSettings::default(),
            narration: NarrationSettings::default(),
            admin_pin_hash: None,
            guide_pin_hash: None,
            max_tour_minutes: defaults::max_tour_minutes(),
            analytics: Analytics::default(),
            image_cache_mb: defaults::image_cache_mb(),
            hide_cursor: false,
            spoken_guidance_key: defaults::spoken_guidance_key(),
            reduced_motion: false,
            exhibits_dir: defaults::exhibits_dir(),
            media_dir: defaults::media_dir(),
            schedule: None,
            updates: None,
        }
    }

    /// The default language: the first one listed.
    pub fn default_language(&self) -> &str {
        self.languages.first().map_or("zh", String::as_str)
    }

    pub fn exhibits_dir(&self, root: &Path) -> PathBuf {
        root.join(&self.exhibits_dir)
    }

    pub fn media_dir(&self, root: &Path) -> PathBuf {
        root.join(&self.media_dir)
    }

    pub fn analytics_path(&self, root: &Path) -> PathBuf {
        root.join(&self.analytics.path)
    }

    /// How long a visit may go untouched before it ends; never under
    /// [`MIN_IDLE_TIMEOUT_SECS`], so that a slip in kiosk.ron cannot end visits while
    /// someone reads.
    pub fn idle_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.idle_timeout_secs.max(MIN_IDLE_TIMEOUT_SECS))
    }

    /// How long the "Still there?" countdown runs before the visit ends: at most half
    /// the timeout.
    pub fn idle_warning(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.idle_warning_secs.min(self.idle_timeout_secs / 2))
    }
}

#[cfg(test)]
mod tests {
    use super::is_button_key;

    #[test]
    fn an_accessibility_button_may_send_a_function_key_space_or_enter() {
        for good in ["F1", "F8", "F24", "Space", "Enter"] {
            assert!(is_button_key(good), "{good}");
        }
        for bad in ["F0", "F08", "F25", "F+8", "F", "f8", "A", "", "Escape"] {
            assert!(!is_button_key(bad), "{bad}");
        }
    }
}
