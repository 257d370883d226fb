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
