//! Every text of the demo hall, laid out by the kiosk's line breaker in the kiosk's fonts
//! at the widths its screens use (landscape 1920×1080, portrait 1080×1920, each with and
//! without large text), keeps the typesetting rules: no line begins with closing or ends
//! with opening punctuation, no body paragraph ends on one character, no line is longer
//! than 35 Chinese or 55 English characters. A failure names the exhibit, the field and
//! the line.

use std::path::Path;

use eframe::egui::{self, FontId, vec2};
use xinghuo::content::{LoadOptions, Text, load_hall};
use xinghuo::fonts::FontFiles;
use xinghuo::typeset::{self, Kind};
use xinghuo::ui::theme::Metrics;

/// (where, language, text, kind) for every visitor-facing text of the hall.
fn texts(root: &Path) -> Vec<(String, String, String, Kind)> {
    let loaded = load_hall(root, LoadOptions::default()).expect("the demo hall loads");
    let hall = loaded.hall;
    let mut out = Vec::new();
    let mut add = |place: String, text: &Text, kind: Kind| {
        for (language, value) in &text.0 {
            out.push((place.clone(), language.clone(), value.clone(), kind));
        }
    };
    for exhibit in &hall.exhibits {
        let id = &exhibit.id;
        add(format!("exhibit {id}: title"), &exhibit.title, Kind::Label);
        if let Some(summary) = &exhibit.summary {
            add(format!("exhibit {id}: summary"), summary, Kind::Label);
        }
        for (p, panel) in exhibit.panels.iter().enumerate() {
            add(
                format!("exhibit {id}: panels[{p}].heading"),
                &panel.heading,
                Kind::Label,
            );
            add(
                format!("exhibit {id}: panels[{p}].body"),
                &panel.body,
                Kind::Body,
            );
            for (f, photo) in panel.photos.iter().enumerate() {
                if let Some(caption) = &photo.caption {
                    let place = format!("exhibit {id}: panels[{p}].photos[{f}].caption");
                    add(place, caption, Kind::Body);
                }
            }
        }
        if let Some(notes) = &exhibit.guide_notes {
            add(format!("exhibit {id}: guide_notes"), notes, Kind::Body);
        }
        for (q, question) in exhibit.quiz.iter().enumerate() {
            add(
                format!("exhibit {id}: quiz[{q}].prompt"),
                &question.prompt,
                Kind::Label,
            );
            for (c, choice) in question.choices.iter().enumerate() {
                add(
                    format!("exhibit {id}: quiz[{q}].choices[{c}]"),
                    choice,
                    Kind::Label,
                );
            }
            for (e, event) in question.events.iter().enumerate() {
                add(
                    format!("exhibit {id}: quiz[{q}].events[{e}].text"),
                    &event.text,
                    Kind::Label,
                );
            }
            let place = format!("exhibit {id}: quiz[{q}].explanation");
            add(place, &question.explanation, Kind::Body);
        }
    }
    for tour in &hall.tours {
        let id = &tour.id;
        add(format!("tour {id}: title"), &tour.title, Kind::Label);
        if let Some(description) = &tour.description {
            add(format!("tour {id}: description"), description, Kind::Body);
        }
        for (s, stop) in tour.stops.iter().enumerate() {
            if let Some(notes) = &stop.notes {
                add(format!("tour {id}: stops[{s}].notes"), notes, Kind::Body);
            }
        }
    }
    if let Some(map) = &hall.map {
        for site in &map.sites {
            let id = &site.id;
            add(format!("map site {id}: name"), &site.name, Kind::Label);
            add(
                format!("map site {id}: description"),
                &site.description,
                Kind::Body,
            );
        }
        for route in &map.routes {
            add(
                format!("map route {}: title", route.id),
                &route.title,
                Kind::Label,
            );
        }
    }
    out
}

/// The text column widths of the screens for one screen size: the exhibit and quiz
/// columns (at most `measure`), the map's site card and the narrow guide and route lists.
fn widths(m: &Metrics) -> Vec<f32> {
    let full = m.screen.x - 2.0 * m.margin();
    vec![
        full.min(m.measure()),
        (m.screen.x * 0.45 - m.margin()).min(m.measure()),
        (full.min(m.px(760.0))) - m.px(64.0),
        (full - m.px(380.0)).min(m.measure()),
    ]
}

#[test]
fn every_text_of_the_demo_hall_keeps_the_typesetting_rules_on_every_screen() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ctx = egui::Context::default();
    xinghuo::ui::fonts::install(&ctx, &FontFiles::find(&root.join("media/fonts")))
        .expect("the shipped fonts install");
    // One pass makes egui build its fonts; the font atlas it would upload is not needed.
    ctx.run_ui(egui::RawInput::default(), |_| {})
        .textures_delta
        .clear();

    let texts = texts(root);
    assert!(texts.len() > 500, "only {} texts found", texts.len());
    let screens = [
        ("landscape", vec2(1920.0, 1080.0), false),
        ("portrait", vec2(1080.0, 1920.0), false),
        ("landscape, large text", vec2(1920.0, 1080.0), true),
        ("portrait, large text", vec2(1080.0, 1920.0), true),
    ];
    let mut problems = Vec::new();
    for (screen, size, large) in screens {
        for (place, language, text, kind) in &texts {
            let m = Metrics::new(size, large, language);
            let font: FontId = m.body();
            for width in widths(&m) {
                let lines = ctx.fonts_mut(|fonts| {
                    let mut width_of =
                        |s: &str| -> f32 { s.chars().map(|c| fonts.glyph_width(&font, c)).sum() };
                    typeset::lines(text, width * 0.98, *kind, &mut width_of)
                });
                let limit = typeset::line_chars_for(text);
                for index in 0..lines.len() {
                    if let Some(problem) = typeset::line_problem(&lines, index, *kind, limit) {
                        problems.push(format!(
                            "{place} [{language}], {screen}, {width:.0} px: {problem}: {:?}",
                            lines[index]
                        ));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The ink of each glyph of a laid-out line, left to right: (character, left, right).
fn ink(galley: &egui::Galley) -> Vec<(char, f32, f32)> {
    galley
        .rows
        .iter()
        .flat_map(|row| row.glyphs.iter())
        .filter(|glyph| glyph.uv_rect.size.x > 0.0)
        .map(|glyph| {
            let left = glyph.pos.x + glyph.uv_rect.offset.x;
            (glyph.chr, left, left + glyph.uv_rect.size.x)
        })
        .collect()
}

#[test]
fn a_compressed_mark_closes_the_gap_without_touching_the_character_before_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ctx = egui::Context::default();
    xinghuo::ui::fonts::install(&ctx, &FontFiles::find(&root.join("media/fonts")))
        .expect("the shipped fonts install");
    let m = Metrics::new(vec2(1920.0, 1080.0), false, "zh");
    let font = m.body();
    let em = font.size;
    let mut galleys = Vec::new();
    for _ in 0..2 {
        galleys.clear();
        ctx.run_ui(egui::RawInput::default(), |ui| {
            for text in [
                "“东方的莫斯科保卫战”。",
                "坚守了47天。”",
                "（一）「甲」，乙",
            ] {
                let galley = xinghuo::ui::widgets::paragraph(
                    ui,
                    text,
                    font.clone(),
                    egui::Color32::WHITE,
                    m.measure(),
                );
                galleys.push((text, galley));
            }
        })
        .textures_delta
        .clear();
    }
    for (text, galley) in &galleys {
        let glyphs = ink(galley);
        for pair in glyphs.windows(2) {
            let [(a, _, a_right), (b, b_left, _)] = pair else {
                continue;
            };
            assert!(
                b_left + 0.5 >= *a_right,
                "in {text:?}, {b} is drawn over {a}: its ink begins at {b_left:.1} px, {a}'s ends at {a_right:.1} px"
            );
        }
    }
    // The pair ”。 is set in less than a character and a half, not in two full widths.
    let (_, galley) = &galleys[0];
    let row = &galley.rows[0];
    let at = |c: char| {
        row.glyphs
            .iter()
            .rev()
            .find(|g| g.chr == c)
            .map(|g| g.pos.x)
            .expect("the mark is laid out")
    };
    let pair_width = at('。') - at('”');
    assert!(
        pair_width < 0.75 * em,
        "”。 leaves a double gap: the full stop begins {pair_width:.1} px after the quote ({em:.1} px a character)"
    );
}
