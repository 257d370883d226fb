//! The quiz's question kinds answered with a picture or a place: photos to choose
//! from, a site to find on the red-sites map, something to spot in a photo. Each draws
//! its answer area from the top of `area` and returns where it ends; `ui/quiz.rs`
//! draws the prompt above and the feedback card below.

use eframe::egui::{self, Align2, Color32, Pos2, Rect, Sense, Stroke, pos2, vec2};

use super::FrameContext;
use super::theme;
use super::widgets::{self, Fit};
use crate::content::{Question, Site};
use crate::media::images::{ImageState, Priority};
use crate::quiz::{Round, RoundQuestion};
use crate::visit::Action;

const LETTERS: [&str; 4] = ["A", "B", "C", "D"];

/// A picture choice's photos, each a big button with its letter; once answered, each
/// shows its caption, the right one framed in gold with a tick, the one picked in calm
/// blue-grey. Screen readers hear each photo's caption as the button's name.
pub fn picture_choices(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    round: &Round,
    current: &RoundQuestion,
    question: &Question,
    area: Rect,
) -> f32 {
    let m = frame.m;
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let answered = current.is_answered();
    let count = current.order.len().max(1);
    let columns = match (m.portrait, count) {
        (true, 4) => 2,
        (true, _) => 1,
        (false, n) => n,
    };
    let rows = count.div_ceil(columns);
    let gap = m.px(24.0);
    let right_position = current.right_position(question);
    let cell_width = (area.width() - gap * (columns as f32 - 1.0)) / columns as f32;
    // Once answered, each card shows its caption under the photo, broken into as many
    // lines as the longest caption needs at the card's width: room for it all.
    let caption_width = (cell_width - m.px(28.0)).max(m.px(40.0));
    let caption_font = m.strong(26.0);
    let caption_galleys: Vec<_> = current
        .order
        .iter()
        // Laid out only once they are shown.
        .filter(|_| answered)
        .enumerate()
        .map(|(position, &choice)| {
            let caption = question
                .pictures
                .get(choice)
                .map_or("", |p| p.caption.get(&language, &fallback));
            let ink = if right_position == Some(position) {
                theme::palette().right
            } else {
                theme::palette().ink
            };
            widgets::centred_lines(ui, caption, caption_font.clone(), ink, caption_width)
        })
        .collect();
    let caption_room = if answered {
        caption_galleys
            .iter()
            .map(|g| g.size().y)
            .fold(0.0, f32::max)
            + m.px(12.0)
    } else {
        0.0
    };
    // As high as a 4:3 photo of the cell's width needs, and no higher: no empty card.
    let cell_height = ((area.height() - gap * (rows as f32 - 1.0)) / rows as f32)
        .min(cell_width * 0.75 + m.px(28.0) + caption_room)
        .max(m.target() * 2.0);
    for (position, &choice) in current.order.iter().enumerate() {
        let Some(picture) = question.pictures.get(choice) else {
            continue;
        };
        let (row, column) = (position / columns, position % columns);
        let cell = Rect::from_min_size(
            pos2(
                area.min.x + column as f32 * (cell_width + gap),
                area.min.y + row as f32 * (cell_height + gap),
            ),
            vec2(cell_width, cell_height),
        );
        let letter = LETTERS.get(position).copied().unwrap_or("·");
        let caption = picture.caption.get(&language, &fallback).to_owned();
        let is_right = right_position == Some(position);
        let picked_here = current.picked == Some(choice);
        let label = if answered && is_right {
            format!(
                "{letter} {caption}{}",
                frame.tr("，正确答案", ", the right answer")
            )
        } else if answered && picked_here {
            format!(
                "{letter} {caption}{}",
                frame.tr("，你选的", ", your choice")
            )
        } else {
            format!("{letter} {caption}")
        };
        let response = ui
            .add_enabled_ui(!answered, |ui| {
                widgets::touch(
                    ui,
                    cell,
                    ("picture", round.current, position),
                    egui::Role::Button,
                    &label,
                )
            })
            .inner;
        let (fill, stroke) = if answered && is_right {
            (
                theme::palette().card,
                Stroke::new(m.px(8.0), theme::palette().gold),
            )
        } else if answered && picked_here {
            (
                theme::palette().card,
                Stroke::new(m.px(6.0), theme::palette().calm),
            )
        } else if response.is_pointer_button_down_on() && !answered {
            (
                theme::palette().line,
                Stroke::new(m.px(5.0), theme::palette().gold_deep),
            )
        } else {
            (
                theme::palette().card,
                Stroke::new(m.px(2.0), theme::palette().outline),
            )
        };
        let painter = ui.painter().clone();
        painter.rect(cell, m.px(18.0), fill, stroke, egui::StrokeKind::Inside);
        let inner = cell.shrink(m.px(14.0));
        let caption_height = caption_room;
        let picture_rect =
            Rect::from_min_max(inner.min, pos2(inner.max.x, inner.max.y - caption_height));
        if picture_rect.height() > m.px(20.0) {
            let side = frame.pixels(picture_rect.width().max(picture_rect.height()));
            let state = frame.photo(&picture.photo, side, Priority::Now);
            let tint = if answered && !is_right {
                Color32::from_gray(200)
            } else {
                Color32::WHITE
            };
            widgets::photo(ui, picture_rect, &state, Fit::Contain, tint);
        }
        // The letter, over the photo's corner.
        let badge = pos2(inner.min.x + m.px(38.0), inner.min.y + m.px(38.0));
        painter.circle(
            badge,
            m.px(32.0),
            if answered && is_right {
                theme::palette().right
            } else if answered && picked_here {
                theme::palette().calm
            } else {
                theme::palette().red
            },
            Stroke::new(m.px(3.0), theme::palette().cream),
        );
        painter.text(
            badge,
            Align2::CENTER_CENTER,
            letter,
            m.strong(32.0),
            theme::palette().cream,
        );
        if answered && is_right {
            paint_tick(
                &painter,
                m.px(28.0),
                pos2(inner.max.x - m.px(38.0), badge.y),
            );
        }
        if answered {
            let caption_rect = Rect::from_min_max(
                pos2(inner.min.x, inner.max.y - caption_height + m.px(8.0)),
                inner.max,
            );
            if let Some(galley) = caption_galleys.get(position) {
                widgets::paint_centred(&painter, galley.clone(), caption_rect);
            }
        }
        if !answered && response.clicked() {
            frame.act(Action::QuizAnswer(position));
        }
    }
    area.min.y + rows as f32 * (cell_height + gap)
}

/// A picture answered by a tap on it (the map, a spot-it photo): an image for screen
/// readers, with its description, and while `open` a touch target; returns where a
/// tap landed this frame, as a fraction of the picture's width and height.
fn tap_on_picture(
    ui: &mut egui::Ui,
    shown: Rect,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    label: &str,
    description: Option<&str>,
    open: bool,
) -> Option<egui::Vec2> {
    let sense = if open { Sense::click() } else { Sense::hover() };
    let response = ui.interact(shown, ui.scope_id().with(id_salt), sense);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, open, label));
    if let Some(description) = description {
        widgets::describe(ui, response.id, description);
    }
    if !open {
        return None;
    }
    widgets::register_widget(
        ui,
        shown,
        Some(response.id),
        egui::Role::Image,
        label,
        widgets::TargetKind::Tap,
    );
    let pointer = response
        .interact_pointer_pos()
        .filter(|_| response.clicked())?;
    let fraction = (pointer - shown.min) / shown.size().max(vec2(1.0, 1.0));
    Some(vec2(fraction.x.clamp(0.0, 1.0), fraction.y.clamp(0.0, 1.0)))
}

/// `rect` moved the least that puts it inside `room` (its top-left corner inside, when
/// it is the larger of the two).
fn inside(rect: Rect, room: Rect) -> Rect {
    let dx = (room.max.x - rect.max.x).min(0.0) + (room.min.x - rect.min.x).max(0.0);
    let dy = (room.max.y - rect.max.y).min(0.0) + (room.min.y - rect.min.y).max(0.0);
    let moved = rect.translate(vec2(dx, dy));
    moved.translate(vec2(
        (room.min.x - moved.min.x).max(0.0),
        (room.min.y - moved.min.y).max(0.0),
    ))
}

/// A gold disc with a green tick: the right answer.
fn paint_tick(painter: &egui::Painter, radius: f32, centre: Pos2) {
    let s = radius * 0.65;
    painter.circle_filled(centre, radius, theme::palette().gold);
    painter.line(
        vec![
            centre + vec2(-s * 0.7, 0.0),
            centre + vec2(-s * 0.2, s * 0.5),
            centre + vec2(s * 0.7, -s * 0.5),
        ],
        Stroke::new(radius * 0.2, theme::palette().right),
    );
}

/// Where the visitor tapped: a ring with a dot, in red ink.
fn paint_tap(painter: &egui::Painter, at: Pos2, radius: f32) {
    painter.circle_stroke(
        at,
        radius,
        Stroke::new(radius * 0.25, theme::palette().cream),
    );
    painter.circle_stroke(at, radius, Stroke::new(radius * 0.14, theme::palette().red));
    painter.circle_filled(at, radius * 0.25, theme::palette().red);
}

/// A map question: the red-sites map without its pins; a tap anywhere on it answers.
/// Once answered the site's pin shows with its name, the tolerance around it, and the
/// visitor's tap. Each site is also a named button for screen readers and the
/// self-voicing mode (drawn under the map, so a finger always reaches the map).
pub fn map_question(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    round: &Round,
    current: &RoundQuestion,
    question: &Question,
    area: Rect,
) -> f32 {
    let m = frame.m;
    let Some(map) = frame.hall.map.as_ref() else {
        return area.min.y;
    };
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let answered = current.is_answered();
    let side = frame.pixels(area.width().max(area.height()) * 1.2);
    let state = frame.photo(&map.image, side, Priority::Now);
    let picture_size = match &state {
        ImageState::Ready { source_size, .. } => vec2(source_size[0] as f32, source_size[1] as f32),
        _ => vec2(3.0, 2.0),
    };
    let (shown, _) = widgets::fitted(area, picture_size, Fit::Contain);
    ui.painter().rect_filled(
        shown.expand(m.px(4.0)),
        m.px(8.0),
        Color32::from_rgb(0xE9, 0xDF, 0xCB),
    );
    widgets::photo(ui, shown, &state, Fit::Contain, Color32::WHITE);
    let aspect = shown.height() / shown.width().max(1.0);
    let at = |site: &Site| {
        pos2(
            shown.min.x + site.x * shown.width(),
            shown.min.y + site.y * shown.height(),
        )
    };
    if !answered {
        for site in &map.sites {
            let name = site.name.get(&language, &fallback).to_owned();
            let target = Rect::from_center_size(at(site), vec2(m.target(), m.target()));
            // For screen readers and the spoken visit only: a finger answers on the map
            // (drawn over these), so they are touch targets only in the spoken visit.
            let rect = target.intersect(shown);
            let response = if frame.visit.self_voicing {
                widgets::touch(
                    ui,
                    rect,
                    ("quiz-map-site", round.current, &site.id),
                    egui::Role::Button,
                    &name,
                )
            } else {
                let id = ui
                    .scope_id()
                    .with(("quiz-map-site", round.current, &site.id));
                let response = ui.interact(rect, id, Sense::click());
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                response
            };
            if response.clicked() {
                frame.act(Action::QuizTapMap {
                    at: [site.x, site.y],
                    aspect,
                });
            }
        }
    }
    let title = map.title.get(&language, &fallback);
    let label = if language == "zh" {
        format!("地图：{title}，点一点你认为的位置")
    } else {
        format!("Map: {title}. Tap the place you think it is")
    };
    let alt = map.alt.as_ref().map(|alt| alt.get(&language, &fallback));
    let tapped = tap_on_picture(
        ui,
        shown,
        ("quiz-map", round.current),
        &label,
        alt,
        !answered,
    );
    if let Some(at) = tapped {
        frame.act(Action::QuizTapMap {
            at: [at.x, at.y],
            aspect,
        });
    }
    if !answered {
        return shown.max.y + m.px(16.0);
    }
    // The answer: the tolerance as a soft ring, the site's pin and name, the tap.
    let painter = ui.painter_at(shown);
    let site = question
        .site
        .as_deref()
        .and_then(|id| map.sites.iter().find(|s| s.id == id));
    if let Some(site) = site {
        let tip = at(site);
        let radius = question.map_tolerance() * shown.width();
        painter.circle(
            tip,
            radius,
            Color32::from_rgba_unmultiplied(0xE8, 0xC6, 0x6A, 70),
            Stroke::new(m.px(3.0), theme::palette().gold_deep),
        );
        super::map::paint_pin(
            &painter,
            tip,
            m.target() * 0.5,
            super::map::category_colour(site.category),
            true,
        );
        let name = site.name.get(&language, &fallback).to_owned();
        let galley = painter.layout(
            name.clone(),
            m.strong(24.0),
            theme::palette().ink,
            shown.width() * 0.6,
        );
        let size = galley.size() + vec2(m.px(20.0), m.px(12.0));
        let pin = m.target() * 0.5;
        let tapped = current.tap.map(|tap| {
            pos2(
                shown.min.x + tap.at[0] * shown.width(),
                shown.min.y + tap.at[1] * shown.height(),
            )
        });
        // Above the pin, else below it, else beside: where it covers neither the tap
        // nor leaves the map.
        let candidates = [
            Rect::from_min_size(tip + vec2(-size.x / 2.0, -pin * 2.6 - size.y), size),
            Rect::from_min_size(tip + vec2(-size.x / 2.0, m.px(12.0)), size),
            Rect::from_min_size(tip + vec2(pin, -pin * 1.6), size),
            Rect::from_min_size(tip + vec2(-pin - size.x, -pin * 1.6), size),
        ];
        let fits = |r: &Rect| {
            shown.contains_rect(*r) && tapped.is_none_or(|t| !r.expand(m.px(20.0)).contains(t))
        };
        let label = candidates
            .iter()
            .copied()
            .find(fits)
            .or_else(|| candidates.iter().copied().find(|r| shown.contains_rect(*r)))
            .unwrap_or_else(|| inside(candidates[0], shown));
        painter.rect(
            label,
            m.px(8.0),
            Color32::from_rgba_unmultiplied(0xFF, 0xFB, 0xF0, 240),
            Stroke::new(m.px(2.0), theme::palette().red),
            egui::StrokeKind::Inside,
        );
        painter.galley(
            label.min + vec2(m.px(10.0), m.px(6.0)),
            galley,
            theme::palette().ink,
        );
        widgets::accessible_text(ui, label, ("quiz-map-answer", round.current), &name);
    }
    if let Some(tap) = current.tap {
        let point = pos2(
            shown.min.x + tap.at[0] * shown.width(),
            shown.min.y + tap.at[1] * shown.height(),
        );
        paint_tap(&painter, point, m.px(18.0));
    }
    shown.max.y + m.px(16.0)
}

/// A spot-it question: the photo, whole; a tap on it answers. Once answered its
/// regions are outlined in gold and the tap is marked.
pub fn spot_question(
    ui: &mut egui::Ui,
    frame: &mut FrameContext<'_>,
    round: &Round,
    current: &RoundQuestion,
    question: &Question,
    area: Rect,
) -> f32 {
    let m = frame.m;
    let Some(photo) = question.photo.as_ref() else {
        return area.min.y;
    };
    let language = frame.language().to_owned();
    let fallback = frame.fallback().to_owned();
    let answered = current.is_answered();
    let side = frame.pixels(area.width().max(area.height()));
    let state = frame.photo(photo, side, Priority::Now);
    let source = match &state {
        ImageState::Ready { source_size, .. } => {
            Some(vec2(source_size[0] as f32, source_size[1] as f32))
        }
        _ => None,
    };
    let (shown, _) = widgets::fitted(area, source.unwrap_or(vec2(4.0, 3.0)), Fit::Contain);
    widgets::photo(ui, shown, &state, Fit::Contain, Color32::WHITE);
    // What the photo shows, from the exhibit's own description of it.
    let description = frame
        .hall
        .exhibit(&current.exhibit)
        .and_then(|exhibit| {
            exhibit
                .panels
                .iter()
                .flat_map(|p| &p.photos)
                .find(|p| p.file.written() == photo.written())
        })
        .and_then(|p| p.alt.as_ref().or(p.caption.as_ref()))
        .map(|t| t.get(&language, &fallback).to_owned());
    let label = frame
        .tr(
            "图片：点一点你找到的地方",
            "Picture: tap the place you found",
        )
        .to_owned();
    // Until the photo has decoded its size is unknown, and a tap could not be placed.
    let tapped = tap_on_picture(
        ui,
        shown,
        ("quiz-spot", round.current),
        &label,
        description.as_deref(),
        !answered && source.is_some(),
    );
    let Some(source) = source else {
        return shown.max.y + m.px(16.0);
    };
    if let Some(at) = tapped {
        // In the photo's own pixels, as the regions are written.
        frame.act(Action::QuizTapPhoto([at.x * source.x, at.y * source.y]));
    }
    if !answered {
        return shown.max.y + m.px(16.0);
    }
    let scale = shown.width() / source.x.max(1.0);
    let painter = ui.painter_at(shown);
    let on_screen = |x: u32, y: u32| {
        pos2(
            shown.min.x + x as f32 * scale,
            shown.min.y + y as f32 * scale,
        )
    };
    for region in &question.regions {
        let halo = Stroke::new(m.px(9.0), Color32::from_black_alpha(90));
        let stroke = Stroke::new(m.px(5.0), theme::palette().gold);
        match *region {
            crate::content::Region::Rect {
                x,
                y,
                width,
                height,
            } => {
                let rect = Rect::from_min_max(
                    on_screen(x, y),
                    on_screen(x.saturating_add(width), y.saturating_add(height)),
                );
                painter.rect_stroke(rect, m.px(6.0), halo, egui::StrokeKind::Middle);
                painter.rect_stroke(rect, m.px(6.0), stroke, egui::StrokeKind::Middle);
            }
            crate::content::Region::Circle { x, y, radius } => {
                let centre = on_screen(x, y);
                let r = radius as f32 * scale;
                painter.circle_stroke(centre, r, halo);
                painter.circle_stroke(centre, r, stroke);
            }
        }
    }
    if let Some(tap) = current.tap {
        let point = pos2(
            shown.min.x + tap.at[0] * scale,
            shown.min.y + tap.at[1] * scale,
        );
        paint_tap(&painter, point, m.px(18.0));
    }
    shown.max.y + m.px(16.0)
}

/// The feedback's first line when a picture, map or spot-it question was missed (or
/// its time ran out): the right picture's letter and caption, or where the place is.
/// `None` for the other kinds.
pub fn missed_headline(
    current: &RoundQuestion,
    question: &Question,
    hall: &crate::content::Hall,
    language: &str,
    fallback: &str,
    letter: &str,
) -> Option<String> {
    let zh = language == "zh";
    let lead = match (zh, current.timed_out) {
        (true, true) => "时间到了。",
        (false, true) => "Time's up. ",
        (true, false) => "差一点！",
        (false, false) => "Nearly! ",
    };
    Some(match question.kind() {
        crate::content::QuestionKind::Picture => {
            let caption = question
                .answer
                .and_then(|a| question.pictures.get(a))
                .map_or("", |p| p.caption.get(language, fallback));
            if zh {
                format!("{lead}正确答案是 {letter}：{caption}。")
            } else {
                format!("{lead}The answer is {letter}: {caption}.")
            }
        }
        crate::content::QuestionKind::Map => {
            let name = review_place(question, hall, language, fallback);
            if zh {
                format!("{lead}{name}在地图上标出的这里。")
            } else {
                format!("{lead}{name} is where the pin shows.")
            }
        }
        crate::content::QuestionKind::Spot => {
            if zh {
                format!("{lead}答案在图上用金色框出的地方。")
            } else {
                format!("{lead}The answer is outlined in gold in the picture.")
            }
        }
        _ => return None,
    })
}

/// The place a map question asks for (the site's name), or where a spot-it question's
/// answer is, for the review's "Answer:" line.
pub fn review_place(
    question: &Question,
    hall: &crate::content::Hall,
    language: &str,
    fallback: &str,
) -> String {
    match question.kind() {
        crate::content::QuestionKind::Map => question
            .site
            .as_deref()
            .and_then(|id| hall.map.as_ref()?.sites.iter().find(|s| s.id == id))
            .map_or(String::new(), |s| s.name.get(language, fallback).to_owned()),
        _ => widgets::tr(
            language,
            "图上框出的地方，见下面的说明",
            "the place outlined in the picture, as told below",
        )
        .to_owned(),
    }
}
