//! Checks `kiosk.ron`'s `updates` (where the kiosk takes new versions from, see
//! `crate::updates`), each problem at its field's line: the same rules as the updater
//! applies (`update_policy::Policy`), so what `kiosk check` accepts the kiosk uses.

use std::path::Path;

use super::config::UpdateSettings;
use super::update_policy::{MIN_EVERY, Policy, PolicyProblem, parse_every};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::msg;

/// The problems of `settings`, found in kiosk.ron's `text`; `root` is the hall folder
/// the allowed-signers file is named from.
pub(super) fn check_updates(
    settings: &UpdateSettings,
    text: &str,
    display: &Path,
    root: &Path,
    out: &mut Diagnostics,
) {
    let keys = super::source::field_keys(text);
    let at = |field: &str, diagnostic: Diagnostic| match keys.get(field).and_then(|k| k.first()) {
        Some(position) => diagnostic.at(*position, text),
        None => diagnostic,
    };
    match Policy::from_settings(settings) {
        Err(PolicyProblem::EmptySource) => out.push(at(
            "source",
            Diagnostic::error(display, msg!("the updates source is empty"))
                .with_field("updates.source")
                .with_hint(
                    "write where versions come from: a git repository (`/srv/hall.git`, `ssh://hall-server/srv/hall.git`) or the USB stick's folder (`/media/usb`)",
                ),
        )),
        Err(PolicyProblem::RelativeSource(source)) => out.push(at(
            "source",
            Diagnostic::error(
                display,
                msg!("the updates source `{source}` is not an absolute path or a URL"),
            )
            .with_field("updates.source")
            .with_hint("the kiosk runs as a service, not in this folder: write e.g. `/media/usb` or `ssh://hall-server/srv/hall.git`"),
        )),
        Err(PolicyProblem::BadEvery(every)) => out.push(at(
            "every",
            Diagnostic::error(display, msg!("`every: \"{every}\"` is not a time like 15m, 1h or 30s"))
                .with_field("updates.every")
                .with_hint("a number and s, m, h or d; the kiosk looks every 15 minutes if `every` is left out"),
        )),
        Err(PolicyProblem::SignersMissingName) => out.push(at(
            "require_signature",
            Diagnostic::error(display, msg!("require_signature is on but no allowed_signers file is named"))
                .with_field("updates.allowed_signers")
                .with_hint("name the file of the curators' public keys, e.g. `allowed_signers: \"keys/allowed_signers\"`"),
        )),
        Ok(policy) => {
            if let Some(signers) = &policy.allowed_signers
                && !root.join(signers).is_file()
            {
                out.push(at(
                    "allowed_signers",
                    Diagnostic::error(
                        display,
                        msg!("the allowed-signers file `{signers}` does not exist"),
                    )
                    .with_field("updates.allowed_signers")
                    .with_hint("it lists the curators' public keys in ssh-keygen's allowed-signers format; see docs/FLEET.md"),
                ));
            }
            let every = settings.every.as_deref().and_then(parse_every);
            if let (Some(every), Some(text_every)) = (every, &settings.every)
                && every < MIN_EVERY
            {
                out.push(at(
                    "every",
                    Diagnostic::warning(
                        display,
                        msg!("`every: \"{text_every}\"` is shorter than a minute; the kiosk looks once a minute"),
                    )
                    .with_field("updates.every"),
                ));
            }
            if let Some(keep) = settings.keep
                && keep < 2
            {
                out.push(at(
                    "keep",
                    Diagnostic::warning(
                        display,
                        msg!("`keep: {keep}` leaves no version to roll back to; the kiosk keeps 2"),
                    )
                    .with_field("updates.keep"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::content::{LoadOptions, load_hall};

    /// `kiosk check`'s problems with kiosk.ron's `updates`, as (line, field, message).
    fn problems(updates: &str) -> Vec<(usize, String, String)> {
        let hall = tempfile::tempdir().unwrap();
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        crate::soak::copy_tree(&base, hall.path()).unwrap();
        let config = hall.path().join("kiosk.ron");
        let text = std::fs::read_to_string(&config).unwrap();
        let text = text.replacen(
            "Kiosk(\n",
            &format!("Kiosk(\n    updates: Some(Updates(\n{updates}\n    )),\n"),
            1,
        );
        std::fs::write(&config, text).unwrap();
        let loaded = load_hall(hall.path(), LoadOptions::default()).unwrap();
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.field.as_deref().is_some_and(|f| f.starts_with("updates")))
            .map(|d| {
                (
                    d.position.map_or(0, |p| p.line),
                    d.field.clone().unwrap_or_default(),
                    format!("{}: {}", d.severity.label(), d.message),
                )
            })
            .collect()
    }

    #[test]
    fn a_good_setting_has_no_problems() {
        assert!(
            problems("        source: \"/media/usb\",\n        every: \"1h\",\n        keep: 3,")
                .is_empty()
        );
        assert!(problems("        source: \"ssh://hall-server/srv/hall.git\",").is_empty());
    }

    #[test]
    fn each_problem_is_named_at_its_line() {
        assert_eq!(
            problems("        source: \"usb\",\n        every: \"1h\","),
            [(
                3,
                "updates.source".into(),
                "error: the updates source `usb` is not an absolute path or a URL".into()
            )]
        );
        assert_eq!(
            problems("        source: \" \","),
            [(
                3,
                "updates.source".into(),
                "error: the updates source is empty".into()
            )]
        );
        assert_eq!(
            problems("        source: \"/media/usb\",\n        every: \"hourly\","),
            [(
                4,
                "updates.every".into(),
                "error: `every: \"hourly\"` is not a time like 15m, 1h or 30s".into()
            )]
        );
        assert_eq!(
            problems("        source: \"/media/usb\",\n        require_signature: true,"),
            [(
                4,
                "updates.allowed_signers".into(),
                "error: require_signature is on but no allowed_signers file is named".into()
            )]
        );
        assert_eq!(
            problems(
                "        source: \"/media/usb\",\n        require_signature: true,\n        allowed_signers: \"keys/allowed_signers\","
            ),
            [(
                5,
                "updates.allowed_signers".into(),
                "error: the allowed-signers file `keys/allowed_signers` does not exist".into()
            )]
        );
        assert_eq!(
            problems("        source: \"/media/usb\",\n        every: \"20s\",\n        keep: 1,"),
            [
                (4, "updates.every".into(), "warning: `every: \"20s\"` is shorter than a minute; the kiosk looks once a minute".into()),
                (5, "updates.keep".into(), "warning: `keep: 1` leaves no version to roll back to; the kiosk keeps 2".into()),
            ]
        );
    }
}
