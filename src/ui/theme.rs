//! The look of the kiosk in one place: colours, type sizes, spacing and touch-target
//! sizes, all scaled to the screen.

use eframe::egui::{self, Color32, FontFamily, FontId, Vec2};

use super::fonts;
use crate::fonts::Punctuation;

/// Warm paper: the reading ground.
pub const PAPER: Color32 = Color32::from_rgb(0xF5, 0xEE, 0xDF);
/// Cards and tiles on paper.
pub const CARD: Color32 = Color32::from_rgb(0xFB, 0xF7, 0xEE);
/// Body text on paper (contrast 15:1).
pub const INK: Color32 = Color32::from_rgb(0x1E, 0x1A, 0x18);
/// Secondary text on paper (contrast 9:1).
pub const INK_SOFT: Color32 = Color32::from_rgb(0x4A, 0x40, 0x3A);
/// Deep red: header bands, primary buttons, headings.
pub const RED: Color32 = Color32::from_rgb(0x8B, 0x1A, 0x1A);
/// Pressed red.
pub const RED_DARK: Color32 = Color32::from_rgb(0x6A, 0x12, 0x12);
/// Text on red (contrast 9:1).
pub const CREAM: Color32 = Color32::from_rgb(0xFF, 0xF8, 0xE7);
/// Warm gold accents on dark grounds.
pub const GOLD: Color32 = Color32::from_rgb(0xE8, 0xC6, 0x6A);
/// Gold that stays legible on paper (used for lines, not text).
pub const GOLD_DEEP: Color32 = Color32::from_rgb(0xB0, 0x84, 0x22);
/// The photo viewer's and the attract loop's ground.
pub const NIGHT: Color32 = Color32::from_rgb(0x14, 0x11, 0x10);
/// Hairlines on paper.
pub const LINE: Color32 = Color32::from_rgb(0xD9, 0xCB, 0xAE);
/// The outline of what can be touched on paper or cards — buttons, tiles, answers —
/// and of inactive progress dots (contrast 3.6:1 on paper, 3.9:1 on cards).
pub const OUTLINE: Color32 = Color32::from_rgb(0x8C, 0x7A, 0x58);
/// A kind, warm colour for a right answer.
pub const RIGHT: Color32 = Color32::from_rgb(0x2E, 0x6B, 0x3A);
/// A calm colour for a wrong answer (never alarm red).
pub const CALM: Color32 = Color32::from_rgb(0x5B, 0x6B, 0x7A);
/// Amber: over the planned time.
pub const AMBER: Color32 = Color32::from_rgb(0xC2, 0x6A, 0x00);

/// Sizes for one frame, derived from the screen and the large-text setting.
#[derive(Clone, Copy, Debug)]
pub struct Metrics {
    /// 1.0 on a 1920×1080 (or 1080×1920) screen.
    pub unit: f32,
    /// Extra scale for text when the visitor chose large text.
    pub text_scale: f32,
    pub portrait: bool,
    pub screen: Vec2,
    /// The visitor's language sets quotes full-width (Chinese) or proportional (English).
    pub punctuation: Punctuation,
}

impl Metrics {
    pub fn new(screen: Vec2, large_text: bool, language: &str) -> Self {
        let unit = (screen.x.min(screen.y) / 1080.0).clamp(0.55, 2.5);
        Self {
            unit,
            text_scale: if large_text { 1.25 } else { 1.0 },
            portrait: screen.y > screen.x * 1.05,
            screen,
            punctuation: Punctuation::of_language(language),
        }
    }

    /// The same sizes for a part of the screen of `size`: laid out in portrait when that
    /// part is taller than wide, with the screen's own scale (text does not shrink
    /// because the guide's panel took half the width).
    pub fn within(self, size: Vec2) -> Self {
        Self {
            portrait: size.y > size.x * 1.05,
            ..self
        }
    }

    /// `points` at 1080p, scaled to this screen.
    pub fn px(&self, points: f32) -> f32 {
        points * self.unit
    }

    /// The smallest touch target: about 15 mm on a 24-inch 1080p screen.
    pub fn target(&self) -> f32 {
        self.px(84.0).max(64.0)
    }

    /// Margin around screen content.
    pub fn margin(&self) -> f32 {
        self.px(if self.portrait { 36.0 } else { 48.0 })
    }

    fn text(&self, points: f32) -> f32 {
        (points * self.unit * self.text_scale).max(16.0)
    }

    /// Body text: 30 px at 1080p (the floor is 28 px).
    pub fn body(&self) -> FontId {
        FontId::new(self.text(30.0), fonts::family(self.punctuation, false))
    }

    /// The smallest text any visitor screen draws: nothing is set or shrunk below it.
    pub fn smallest_text(&self) -> f32 {
        self.text(20.0)
    }

    /// Captions, notes and secondary lines.
    pub fn small(&self) -> FontId {
        FontId::new(self.text(26.0), fonts::family(self.punctuation, false))
    }

    pub fn button(&self) -> FontId {
        FontId::new(self.text(30.0), fonts::family(self.punctuation, true))
    }

    pub fn heading(&self) -> FontId {
        FontId::new(self.text(46.0), fonts::family(self.punctuation, true))
    }

    pub fn title(&self) -> FontId {
        FontId::new(self.text(40.0), fonts::family(self.punctuation, true))
    }

    pub fn display(&self) -> FontId {
        FontId::new(self.text(76.0), fonts::family(self.punctuation, true))
    }

    pub fn strong(&self, points: f32) -> FontId {
        FontId::new(self.text(points), fonts::family(self.punctuation, true))
    }

    pub fn regular(&self, points: f32) -> FontId {
        FontId::new(self.text(points), fonts::family(self.punctuation, false))
    }

    /// The widest a text column may be: about 38 Chinese or 70 Latin characters.
    pub fn measure(&self) -> f32 {
        self.body().size * 38.0
    }
}

/// The bold family for symbols drawn as text (icons), whatever the language.
pub fn bold() -> FontFamily {
    FontFamily::Name(fonts::BOLD.into())
}

/// Sets egui's global style for the kiosk: no hover-only cues, generous spacing.
pub fn apply(ctx: &egui::Context) {
    ctx.global_style_mut(|style| {
        style.visuals = egui::Visuals::light();
        style.visuals.panel_fill = PAPER;
        style.visuals.window_fill = CARD;
        style.visuals.override_text_color = Some(INK);
        style.visuals.selection.bg_fill = RED;
        style.visuals.selection.stroke.color = CREAM;
        style.visuals.widgets.noninteractive.bg_stroke.color = LINE;
        style.spacing.item_spacing = egui::vec2(16.0, 12.0);
        style.spacing.scroll = egui::style::ScrollStyle::solid();
        style.spacing.scroll.bar_width = 14.0;
        style.interaction.tooltip_delay = f32::INFINITY;
        style.url_in_tooltip = false;
    });
}

/// WCAG's contrast ratio of two colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    fn luminance(c: Color32) -> f32 {
        let channel = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pairing of colours the screens draw: body text (7:1), other text (4.5:1),
    /// and the outlines of what can be touched and inactive dots (3:1).
    #[test]
    fn the_themes_colours_keep_their_contrast_where_the_screens_use_them() {
        let body = [
            ("ink on paper", INK, PAPER),
            ("ink on cards", INK, CARD),
            ("soft ink on paper", INK_SOFT, PAPER),
            ("soft ink on cards", INK_SOFT, CARD),
            ("cream on red", CREAM, RED),
            ("cream on night", CREAM, NIGHT),
            ("gold on night", GOLD, NIGHT),
        ];
        let other = [
            ("red headings on paper", RED, PAPER),
            ("red on cards", RED, CARD),
            ("cream on the right answer", CREAM, RIGHT),
            ("cream on the calm wrong answer", CREAM, CALM),
            ("amber on night", AMBER, NIGHT),
        ];
        let outlines = [
            ("outlines on paper", OUTLINE, PAPER),
            ("outlines on cards", OUTLINE, CARD),
            ("soft-ink dots on paper", INK_SOFT, PAPER),
        ];
        let mut failures = Vec::new();
        for (need, pairs) in [(7.0, &body[..]), (4.5, &other[..]), (3.0, &outlines[..])] {
            for (name, fg, bg) in pairs {
                let ratio = contrast(*fg, *bg);
                if ratio < need {
                    failures.push(format!("{name}: {ratio:.2}:1, under {need}:1"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // The hairline is only a hairline: too faint for an outline.
        assert!(contrast(LINE, PAPER) < 3.0);
    }
}
