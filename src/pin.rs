//! PINs for staff and guides: stored only as salted Argon2 hashes in `kiosk.ron`, and
//! written there by `kiosk set-pin` without touching anything else in the file.

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use password_hash::rand_core::OsRng;

/// A PIN is 4 to 8 digits: entered on a touch keypad.
pub fn is_valid_pin(pin: &str) -> bool {
    (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

/// Moderate cost: a PIN pad is checked on the kiosk's UI thread, once per attempt.
fn hasher() -> Argon2<'static> {
    let params = Params::new(8 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Why `kiosk set-pin` could not set a PIN; the words follow "cannot set the PIN: ".
#[derive(Debug, thiserror::Error)]
pub enum PinError {
    #[error("{0}")]
    Hash(argon2::password_hash::Error),
    #[error("the field's line is missing")]
    FieldLineMissing,
    #[error("kiosk.ron has no closing `)`")]
    NoClosingParenthesis,
}

/// A salted hash of `pin` in PHC string form (`$argon2id$…`).
pub fn hash_pin(pin: &str) -> Result<String, PinError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(pin.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(PinError::Hash)
}

/// Whether `pin` matches `hash`. A malformed hash matches nothing.
pub fn verify_pin(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| hasher().verify_password(pin.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// Which PIN a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinKind {
    Admin,
    Guide,
}

impl PinKind {
    pub fn field(self) -> &'static str {
        match self {
            Self::Admin => "admin_pin_hash",
            Self::Guide => "guide_pin_hash",
        }
    }
}

/// `kiosk.ron`'s text with the PIN field set to `hash`: the field's line is replaced
/// if it exists, else a line is added before the closing parenthesis. Comments,
/// order and formatting of everything else stay exactly as they were.
pub fn with_pin_hash(text: &str, kind: PinKind, hash: &str) -> Result<String, PinError> {
    let field = kind.field();
    let value = format!("Some(\"{hash}\")");
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let keys = crate::content::source::field_keys(text);
    if let Some(position) = keys.get(field).and_then(|all| all.first()) {
        let index = position.line - 1;
        let line = lines.get(index).ok_or(PinError::FieldLineMissing)?.clone();
        // Replace from the value after `field:` to the end of the value (the comma or
        // the end of the line), keeping any comment after it.
        let start = line
            .char_indices()
            .nth(position.column - 1 + field.len())
            .map_or(line.len(), |(byte, _)| byte);
        let after_colon = line[start..].find(':').map_or(start, |i| start + i + 1);
        let rest = &line[after_colon..];
        let end = value_end(rest).map_or(line.trim_end_matches(['\r', '\n']).len(), |i| {
            after_colon + i
        });
        let mut replaced = String::with_capacity(line.len() + value.len());
        replaced.push_str(&line[..after_colon]);
        replaced.push(' ');
        replaced.push_str(&value);
        replaced.push_str(&line[end..]);
        lines[index] = replaced;
        return Ok(lines.concat());
    }
    // Add a line before the last `)`.
    let close = text.rfind(')').ok_or(PinError::NoClosingParenthesis)?;
    let before = text[..close].trim_end();
    let needs_comma = !before.ends_with(',') && !before.ends_with('(');
    let indent = "    ";
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len() + 100);
    out.push_str(before);
    if needs_comma {
        out.push(',');
    }
    out.push_str(newline);
    out.push_str(&format!("{indent}{field}: {value},{newline}"));
    out.push_str(&text[close..]);
    Ok(out)
}

/// Where a RON value that starts in `rest` ends: at the first top-level comma, or
/// before a comment or the line end.
fn value_end(rest: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    let bytes = rest.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                b'\\' if !escaped => escaped = true,
                b'"' if !escaped => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 0 => return Some(i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => return Some(i),
            b'\r' | b'\n' => return Some(i),
            _ => {}
        }
        if depth < 0 {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_salted() {
        let a = hash_pin("2468").unwrap();
        let b = hash_pin("2468").unwrap();
        assert_ne!(a, b, "salted");
        assert!(a.starts_with("$argon2id$"));
        assert!(verify_pin("2468", &a));
        assert!(!verify_pin("2469", &a));
        assert!(!verify_pin("2468", "not a hash"));
    }

    #[test]
    fn pins_are_digits() {
        assert!(is_valid_pin("0000"));
        assert!(!is_valid_pin("123"));
        assert!(!is_valid_pin("12a4"));
        assert!(!is_valid_pin("123456789"));
    }

    #[test]
    fn replaces_only_the_value_keeping_comments() {
        let text = "// Settings\nKiosk(\n    title: {\"zh\": \"x\"}, // the title\n    admin_pin_hash: None, // set by kiosk set-pin\n    languages: [\"zh\"],\n)\n";
        let out = with_pin_hash(text, PinKind::Admin, "$argon2id$abc").unwrap();
        assert_eq!(
            out,
            "// Settings\nKiosk(\n    title: {\"zh\": \"x\"}, // the title\n    admin_pin_hash: Some(\"$argon2id$abc\"), // set by kiosk set-pin\n    languages: [\"zh\"],\n)\n"
        );
        // Again: replaces the previous hash.
        let again = with_pin_hash(&out, PinKind::Admin, "$argon2id$def").unwrap();
        assert!(
            again.contains("admin_pin_hash: Some(\"$argon2id$def\"), // set by kiosk set-pin\n")
        );
    }

    #[test]
    fn adds_the_field_when_missing() {
        let text = "Kiosk(\n    title: {\"zh\": \"x\"},\n    languages: [\"zh\"]\n)\n";
        let out = with_pin_hash(text, PinKind::Guide, "$h").unwrap();
        assert_eq!(
            out,
            "Kiosk(\n    title: {\"zh\": \"x\"},\n    languages: [\"zh\"],\n    guide_pin_hash: Some(\"$h\"),\n)\n"
        );
    }
}
