//! Arbitrary bytes as an exhibit, a tour, a map or kiosk.ron: the loader must answer
//! with diagnostics, never a panic, and every diagnostic must render.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xinghuo::content::{FileKind, check_bytes};
use xinghuo::diagnostics::Style;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let kind = match selector % 4 {
        0 => FileKind::Exhibit,
        1 => FileKind::Tour,
        2 => FileKind::Map,
        _ => FileKind::Config,
    };
    let diagnostics = check_bytes(kind, bytes);
    let _ = diagnostics.render(Style::Plain);
    let _ = diagnostics.render(Style::Ansi);
});
