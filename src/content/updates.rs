//! Checks `kiosk.ron`'s `updates` (where the kiosk takes new versions from, see
//! `crate::updates`), each problem at its field's line: the same rules as the updater
//! applies (`crate::updates::Policy`), so what `kiosk check` accepts the kiosk uses.

use std::path::Path;

use super::config::UpdateSettings;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::updates::{MIN_EVERY, Policy, PolicyProblem, parse_every};

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
            Diagnostic::error(display, "the updates source is empty")
                .with_field("updates.source")
                .with_hint(
                    "write where versions come from: a git repository (`/srv/hall.git`, `ssh://hall-server/srv/hall.git`) or the USB stick's folder (`/media/usb`)",
                ),
        )),
        Err(PolicyProblem::RelativeSource(source)) => out.push(at(
            "source",
            Diagnostic::error(
                display,
                format!("the updates source `{source}` is not an absolute path or a URL"),
            )
            .with_field("updates.source")
            .with_hint("the kiosk runs as a service, not in this folder: write e.g. `/media/usb` or `ssh://hall-server/srv/hall.git`"),
        )),
        Err(PolicyProblem::BadEvery(every)) => out.push(at(
            "every",
            Diagnostic::error(display, format!("`every: \"{every}\"` is not a time like 15m, 1h or 30s"))
                .with_field("updates.every")
                .with_hint("a number and s, m, h or d; the kiosk looks every 15 minutes if `every` is left out"),
        )),
        Err(PolicyProblem::SignersMissingName) => out.push(at(
            "require_signature",
            Diagnostic::error(display, "require_signature is on but no allowed_signers file is named")
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
                        format!("the allowed-signers file `{signers}` does not exist"),
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
                        format!("`every: \"{text_every}\"` is shorter than a minute; the kiosk looks once a minute"),
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
                        format!("`keep: {keep}` leaves no version to roll back to; the kiosk keeps 2"),
                    )
                    .with_field("updates.keep"),
                ));
            }
        }
    }
}
