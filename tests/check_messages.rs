//! docs/CURATORS.md's table of messages and the messages in the code say the same.
//!
//! Every message `kiosk check` prints is made by `msg!("…")` (a `Diagnostic` takes
//! nothing else), so the templates are collected from the `msg!` calls in `src/`:
//! a message added to the code without a row in the table fails here, and so does a
//! row whose message the code no longer prints.

use std::path::{Path, PathBuf};

/// Every `msg!("…")` template outside unit tests, with where it is.
fn templates() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("\nmod tests {").next().unwrap_or_default();
        for (number, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") || line.contains("macro_rules!") {
                continue;
            }
            let mut rest = line;
            while let Some(at) = rest.find("msg!(") {
                let offset = code
                    .lines()
                    .take(number)
                    .map(|l| l.len() + 1)
                    .sum::<usize>()
                    + (line.len() - rest.len())
                    + at
                    + "msg!(".len();
                let place = format!("{}:{}", file.display(), number + 1);
                let template = string_literal(&code[offset..])
                    .unwrap_or_else(|| panic!("{place}: msg! must begin with a string literal"));
                found.push((template, place));
                rest = &rest[at + "msg!(".len()..];
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literal at the start of `code` (after spaces), unescaped.
fn string_literal(code: &str) -> Option<String> {
    let chars: Vec<char> = code.trim_start().strip_prefix('"')?.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '"' => return Some(out),
            '\\' => {
                let escaped = *chars.get(i)?;
                i += 1;
                match escaped {
                    'n' => out.push('\n'),
                    // A line continuation: the next line's indentation is not text.
                    '\n' => {
                        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                            i += 1;
                        }
                    }
                    other => out.push(other),
                }
            }
            c => out.push(c),
        }
    }
    None
}

/// The first cell of each row of the message tables in section 6.
fn documented() -> Vec<String> {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/CURATORS.md"))
            .unwrap();
    let start = guide
        .find("### Common messages and their fixes")
        .expect("the message table's heading");
    let section = &guide[start..];
    let end = section.find("\n---\n").unwrap_or(section.len());
    section[..end]
        .lines()
        .filter(|line| {
            line.starts_with("| ") && !line.starts_with("| Message") && !line.starts_with("| ---")
        })
        .map(|line| {
            line.trim_start_matches("| ")
                .split(" | ")
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

/// A template as literal pieces between its `{…}` placeholders.
fn pieces(template: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.last_mut().unwrap().push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.last_mut().unwrap().push('}');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                out.push(String::new());
            }
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// Whether `text` is the template with something in each placeholder.
fn matches(pieces: &[String], text: &str) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    let Some(after) = text.strip_prefix(first.as_str()) else {
        return false;
    };
    if rest.is_empty() {
        return after.is_empty();
    }
    // Each placeholder takes at least one character.
    after
        .char_indices()
        .map(|(byte, c)| byte + c.len_utf8())
        .any(|split| matches(rest, &after[split..]))
}

#[test]
fn the_curators_message_table_lists_every_message_the_check_prints() {
    let templates = templates();
    assert!(
        templates.len() > 50,
        "found only {} msg! calls",
        templates.len()
    );
    let rows = documented();
    // A message may end a longer one (a caption file's problem ends the message
    // naming the file), so a template is documented by a row that ends with it.
    let undocumented: Vec<String> = templates
        .iter()
        .filter(|(template, _)| {
            let pieces = pieces(template);
            !rows.iter().any(|row| {
                row.char_indices()
                    .any(|(byte, _)| matches(&pieces, &row[byte..]))
            })
        })
        .map(|(template, place)| format!("{place}: {template}"))
        .collect();
    let stale: Vec<&String> = rows
        .iter()
        .filter(|row| {
            !templates
                .iter()
                .any(|(template, _)| matches(&pieces(template), row))
        })
        .collect();
    assert!(
        undocumented.is_empty() && stale.is_empty(),
        "messages in the code without a row in docs/CURATORS.md §6:\n{}\n\nrows of the table no message in the code prints:\n{}",
        undocumented.join("\n"),
        stale
            .iter()
            .map(|row| row.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_template_matches_its_examples_only() {
    let file_not_found = pieces("file not found: media/{relative}");
    assert!(matches(
        &file_not_found,
        "file not found: media/photos/alpah.jpg"
    ));
    assert!(!matches(&file_not_found, "file not found: media/"));
    assert!(!matches(&file_not_found, "the file is empty"));
    let braces = pieces("write `{{…}}` around `{lang}`");
    assert!(matches(&braces, "write `{…}` around `zh`"));
}
