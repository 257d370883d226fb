//! The attract loop: exhibit covers in a slow crossfade, the hall's title, and
//! "touch to begin". Any touch starts a visit.

use std::time::Duration;

use eframe::egui::{self, Align2, Color32, Rect, pos2, vec2};

use super::FrameContext;
use super::crossfade;
use super::theme;
use super::widgets::{self, Fit, Icon, Look};
use crate::content::MediaRef;
use crate::media::images::{ImageState, Priority, ScreenCover};
use crate::visit::Action;

pub fn attract_ui(ui: &mut egui::Ui, frame: &mut FrameContext<'_>) {
    let rect = ui.max_rect();
    let m = frame.m;

    let covers: Vec<(&MediaRef, [u16; 2])> = frame
        .hall
        .exhibits
        .iter()
        .map(|e| (&e.cover, ScreenCover::focus_of(e.cover_focus)))
        .collect();
    let slide = frame.hall.config.attract.slide_secs.max(2) as f32;
    let fade = if frame.reduced_motion {
        0.0
    } else {
        // Slow: never more than one change every two seconds.
        frame.hall.config.attract.fade_secs.clamp(0.0, slide / 2.0)
    };
    let elapsed = frame
        .now
        .saturating_sub(frame.state.attract_since)
        .as_secs_f32();
    let count = covers.len().max(1);
    let index = (elapsed / slide) as usize % count;
    let into = elapsed % slide;
    let next = (index + 1) % count;
    // Each cover is made for this screen, pixel for pixel, with the shade under the
    // title baked in: a frame, a crossfade's too, then draws one or two opaque quads.
    let screen = ScreenCover {
        width: frame.pixels(rect.width()),
        height: frame.pixels(rect.height()),
        portrait: m.portrait,
        focus: ScreenCover::MIDDLE,
    };
    // Every cover for this screen, and every home tile, made on disk ahead of need
    // (once per hall loaded: a background thread does the work).
    frame.images.warm_hall(frame.hall, screen, super::THUMB_PX);

    let whole = widgets::touch(
        ui,
        rect,
        "attract-touch",
        egui::Role::Button,
        "点击开始 Touch to begin",
    );

    frame.state.film_pixels = frame.pixels(rect.width());
    // An attract clip, once its first picture has come, takes the covers' place.
    let clip = frame
        .film
        .as_ref()
        .filter(|f| f.key.exhibit == crate::media::film_player::ATTRACT_LOOP && !f.failed)
        .and_then(|f| f.picture);
    let mut shaded = false;
    if let Some((texture, size)) = clip {
        ui.painter().rect_filled(rect, 0.0, theme::palette().night);
        let (shown, uv) = widgets::fitted(rect, size, Fit::Cover);
        ui.painter_at(rect)
            .image(texture, shown, uv, Color32::WHITE);
    } else if let Some(&(cover, focus)) = covers.get(index) {
        let state = frame.cover(cover, ScreenCover { focus, ..screen }, Priority::Now);
        shaded = matches!(state, ImageState::Ready { .. });
        let fading = fade > 0.0 && into > slide - fade;
        let next_cover = covers.get(next).copied();
        let next_state = match next_cover {
            Some((next_cover, focus)) if fading => {
                Some(frame.cover(next_cover, ScreenCover { focus, ..screen }, Priority::Now))
            }
            _ => None,
        };
        let t = ((into - (slide - fade)) / fade.max(0.001)).clamp(0.0, 1.0);
        match (&state, &next_state) {
            (
                ImageState::Ready { texture: from, .. },
                Some(ImageState::Ready { texture: to, .. }),
            ) if crossfade::available() => {
                crossfade::paint(ui, rect, from.id(), to.id(), t);
            }
            _ => {
                if !shaded {
                    ui.painter().rect_filled(rect, 0.0, theme::palette().night);
                }
                widgets::photo(ui, rect, &state, Fit::Cover, Color32::WHITE);
                if shaded && let Some(next_state @ ImageState::Ready { .. }) = &next_state {
                    widgets::photo(
                        ui,
                        rect,
                        next_state,
                        Fit::Cover,
                        Color32::from_white_alpha((t * 255.0) as u8),
                    );
                }
            }
        }
        if fading {
            let pause = frame
                .state
                .fade_pace
                .next_frame_in(frame.now, crate::cpu_time::process());
            frame.repaint_in(pause);
        } else if let Some((next_cover, focus)) = next_cover {
            frame.prefetch_cover(next_cover, ScreenCover { focus, ..screen });
            let until_change = if fade > 0.0 {
                slide - fade - into
            } else {
                slide - into
            };
            frame.repaint_in(Duration::from_secs_f32(until_change.max(0.05)));
        }
    } else {
        ui.painter().rect_filled(rect, 0.0, theme::palette().night);
    }

    // A dark band under the text keeps it legible on any cover, and a scrim from the
    // left, where the title sits: in the cover's pixels once it is ready, drawn over
    // anything else.
    if !shaded {
        ui.painter()
            .add(crate::media::cover_shade::mesh(rect, m.portrait));
    }

    let margin = m.margin() * 1.5;
    let language = frame.hall.config.default_language();
    let width = rect.width() - 2.0 * margin;
    // Title in the first language, then the others, then the subtitle, bottom-up
    // above the call to action.
    let config = &frame.hall.config;
    let title = config.title.get(language, language);
    let mut lines = vec![(title.to_owned(), m.display(), theme::palette().cream)];
    for other in config.languages.iter().skip(1) {
        let text = config.title.get(other, language);
        if text != title {
            lines.push((text.to_owned(), m.regular(36.0), theme::palette().cream));
        }
    }
    if let Some(subtitle) = &config.subtitle {
        lines.push((
            subtitle.get(language, language).to_owned(),
            m.regular(32.0),
            theme::palette().gold,
        ));
    }
    let painter = ui.painter();
    let galleys: Vec<_> = lines
        .into_iter()
        .map(|(text, font, colour)| painter.layout(text, font, colour, width))
        .collect();
    let gap = m.px(12.0);
    let total: f32 = galleys.iter().map(|g| g.size().y + gap).sum();
    let mut y = rect.max.y - margin - m.px(150.0) - total;
    for galley in galleys {
        let height = galley.size().y;
        painter.galley(pos2(rect.min.x + margin, y), galley, theme::palette().cream);
        y += height + gap;
    }
    widgets::accessible_text(
        ui,
        Rect::from_min_size(rect.min, vec2(1.0, 1.0)),
        "hall-title",
        title,
    );

    // "Touch to begin" in every language, as a wide, calm call to action.
    let prompt = frame
        .hall
        .config
        .languages
        .iter()
        .map(|l| widgets::tr(l, "点击开始", "Touch to begin"))
        .collect::<Vec<_>>()
        .join("  ·  ");
    let prompt_rect = Rect::from_min_size(
        pos2(rect.min.x + margin, rect.max.y - margin - m.px(96.0)),
        vec2(m.px(640.0).min(width), m.px(96.0)),
    );
    let pill = ui.painter();
    pill.rect_filled(prompt_rect, m.px(48.0), theme::palette().red);
    pill.rect_stroke(
        prompt_rect,
        m.px(48.0),
        egui::Stroke::new(m.px(3.0), theme::palette().gold),
        egui::StrokeKind::Inside,
    );
    widgets::fitted_label(
        ui,
        prompt_rect.shrink(m.px(20.0)),
        &prompt,
        m.strong(34.0),
        theme::palette().cream,
        Align2::CENTER_CENTER,
    );

    // Children go straight to the quiz.
    let quiz_label = frame
        .hall
        .config
        .languages
        .iter()
        .map(|l| widgets::tr(l, "知识问答", "Quiz"))
        .collect::<Vec<_>>()
        .join(" · ");
    let quiz_width = widgets::button_width(ui, &m, Some(Icon::Quiz), &quiz_label);
    let quiz_rect = Rect::from_min_size(
        pos2(
            rect.max.x - margin - quiz_width,
            rect.max.y - margin - m.target(),
        ),
        vec2(quiz_width, m.target()),
    );
    let quiz_enabled = frame.hall.exhibits.iter().any(|e| !e.quiz.is_empty());
    if quiz_enabled
        && widgets::button_at(
            ui,
            &m,
            quiz_rect,
            Some(Icon::Quiz),
            &quiz_label,
            Look::OnDark,
        )
        .clicked()
    {
        frame.act(Action::OpenQuiz);
        return;
    }
    if frame.voicing_offered && voicing_button(ui, frame, margin) {
        return;
    }
    if whole.clicked() || whole.drag_started() {
        frame.act(Action::StartVisit);
    }
}

/// How long the accessibility button is held to turn the spoken guidance on: long
/// enough that a passing tap does not, short enough for staff to announce ("hold the
/// yellow button").
pub const VOICING_HOLD: Duration = Duration::from_secs(1);

/// The 无障碍 · Accessibility button, top centre (the corners are staff's hidden
/// hold): large, yellow on black (legible to low vision on any cover). Held for [`VOICING_HOLD`], the visit starts spoken; a
/// short tap starts an ordinary visit. Returns whether it took the touch.
fn voicing_button(ui: &mut egui::Ui, frame: &mut FrameContext<'_>, margin: f32) -> bool {
    // Not a corner: those are staff's.
    let m = frame.m;
    let rect = ui.max_rect();
    let label = "无障碍 · Accessibility";
    let font = m.strong(40.0);
    let text_width = ui
        .painter()
        .layout_no_wrap(label.to_owned(), font.clone(), theme::palette().cream)
        .size()
        .x;
    let size = vec2(text_width + m.px(80.0), m.target() * 1.5);
    let button = Rect::from_min_size(
        pos2(rect.center().x - size.x / 2.0, rect.min.y + margin),
        size,
    );
    let response = widgets::touch(ui, button, "voicing", egui::Role::Button, label);
    // Held as long as the finger that pressed it stays down on it (egui stops calling a
    // press "down on" a click widget after a while).
    let held = ui.input(|i| {
        i.pointer.primary_down()
            && i.pointer.press_origin().is_some_and(|p| button.contains(p))
            && i.pointer.latest_pos().is_some_and(|p| button.contains(p))
    });
    let yellow = Color32::from_rgb(0xFF, 0xD5, 0x00);
    // Near black: a contrast of about 14:1 with the yellow.
    let ink_black = Color32::from_rgb(0x12, 0x0E, 0x0A);
    let (fill, ink) = if held {
        (yellow, ink_black)
    } else {
        (ink_black, yellow)
    };
    let painter = ui.painter();
    painter.rect(
        button,
        m.px(20.0),
        fill,
        egui::Stroke::new(m.px(6.0), yellow),
        egui::StrokeKind::Inside,
    );
    widgets::fitted_label(
        ui,
        button.shrink(m.px(16.0)),
        label,
        font,
        ink,
        Align2::CENTER_CENTER,
    );
    if held {
        let since = *frame.state.voicing_held_since.get_or_insert(frame.now);
        let progress =
            (frame.now.saturating_sub(since).as_secs_f32() / VOICING_HOLD.as_secs_f32()).min(1.0);
        let bar = Rect::from_min_size(
            pos2(button.min.x, button.max.y + m.px(8.0)),
            vec2(button.width() * progress, m.px(10.0)),
        );
        ui.painter().rect_filled(bar, m.px(5.0), yellow);
        if progress >= 1.0 {
            frame.state.voicing_held_since = None;
            frame.act(Action::StartSelfVoicing);
        } else {
            frame.repaint_in(Duration::from_millis(50));
        }
        return true;
    }
    frame.state.voicing_held_since = None;
    if response.clicked() {
        frame.act(Action::StartVisit);
        return true;
    }
    false
}

/// How often the crossfade is drawn. Thirty frames a second where a frame is cheap
/// (any GPU); where a frame costs much CPU (software GL: some 70 ms a frame at 1080p
/// with the layers blended separately), fewer, so that a crossfade takes about
/// [`FADE_CPU_SHARE`] of one core. A slow dissolve stays smooth to the eye at a dozen
/// frames a second; a kiosk idling on its attract loop for hours should cost little.
#[derive(Clone, Copy, Debug, Default)]
pub struct FadePace {
    /// The clock and the process's CPU time at the last crossfade frame.
    last: Option<(Duration, Duration)>,
    /// The CPU one crossfade frame costs, smoothed over the last few.
    cost: Option<Duration>,
}

/// The share of one core a crossfade may take.
pub const FADE_CPU_SHARE: f32 = 0.2;
/// The most frames a second a crossfade draws, and the fewest.
const FADE_FASTEST: Duration = Duration::from_millis(33);
const FADE_SLOWEST: Duration = Duration::from_millis(125);

impl FadePace {
    /// Records a crossfade frame drawn at `now` with the process at `cpu`, and returns
    /// how long to wait before the next one.
    pub fn next_frame_in(&mut self, now: Duration, cpu: Option<Duration>) -> Duration {
        if let (Some(cpu), Some((then, cpu_then))) = (cpu, self.last) {
            // Only from one crossfade frame to the next: a gap (a slide between fades,
            // a visit) holds other work.
            if now.saturating_sub(then) <= FADE_SLOWEST * 2 {
                let spent = cpu.saturating_sub(cpu_then);
                self.cost = Some(match self.cost {
                    Some(cost) => cost.mul_f32(0.7) + spent.mul_f32(0.3),
                    None => spent,
                });
            }
        }
        self.last = cpu.map(|cpu| (now, cpu));
        self.cost
            .map_or(FADE_FASTEST, |cost| cost.div_f32(FADE_CPU_SHARE))
            .clamp(FADE_FASTEST, FADE_SLOWEST)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::FadePace;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn a_cheap_frame_fades_at_thirty_a_second() {
        let mut pace = FadePace::default();
        let mut cpu = ms(1000);
        let mut now = ms(0);
        for _ in 0..10 {
            assert_eq!(pace.next_frame_in(now, Some(cpu)), ms(33));
            now += ms(33);
            cpu += ms(2);
        }
    }

    #[test]
    fn a_dear_frame_fades_at_fewer_frames_for_a_fifth_of_a_core() {
        let mut pace = FadePace::default();
        let (mut now, mut cpu) = (ms(0), ms(0));
        let mut pause = pace.next_frame_in(now, Some(cpu));
        for _ in 0..30 {
            now += pause;
            cpu += ms(16);
            pause = pace.next_frame_in(now, Some(cpu));
        }
        assert_eq!(
            pause.as_millis(),
            80,
            "16 ms of CPU a frame at a fifth of a core"
        );
        // However dear, a crossfade still moves eight times a second.
        for _ in 0..30 {
            now += pause;
            cpu += ms(70);
            pause = pace.next_frame_in(now, Some(cpu));
        }
        assert_eq!(pause, ms(125));
    }

    #[test]
    fn the_work_between_two_crossfades_is_not_counted() {
        let mut pace = FadePace::default();
        pace.next_frame_in(ms(0), Some(ms(0)));
        pace.next_frame_in(ms(33), Some(ms(2)));
        // Six seconds and a decoded cover later, the next crossfade begins.
        assert_eq!(pace.next_frame_in(ms(6033), Some(ms(900))), ms(33));
        // Without a CPU clock, thirty a second.
        assert_eq!(FadePace::default().next_frame_in(ms(0), None), ms(33));
    }
}
