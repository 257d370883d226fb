//! The look of the kiosk in one place: colours, type sizes, spacing and touch-target
//! sizes, all scaled to the screen.
//!
//! Screens take their colours from [`palette()`], the palette the app chose for this
//! frame: the standard one, or the high-contrast one of the self-voicing mode. The
//! constants below are the standard palette's colours; a screen that still names one
//! directly shows the standard colour in either mode.

use std::cell::Cell;

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

/// The colours of one presentation. Each field is the colour of the constant of the
/// same name (upper case) in the standard palette, and has the same use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub paper: Color32,
    pub card: Color32,
    pub ink: Color32,
    pub ink_soft: Color32,
    pub red: Color32,
    pub red_dark: Color32,
    pub cream: Color32,
    pub gold: Color32,
    pub gold_deep: Color32,
    pub night: Color32,
    pub line: Color32,
    pub outline: Color32,
    pub right: Color32,
    pub calm: Color32,
    pub amber: Color32,
}

impl Palette {
    /// The hall's everyday look.
    pub const STANDARD: Self = Self {
        paper: PAPER,
        card: CARD,
        ink: INK,
        ink_soft: INK_SOFT,
        red: RED,
        red_dark: RED_DARK,
        cream: CREAM,
        gold: GOLD,
        gold_deep: GOLD_DEEP,
        night: NIGHT,
        line: LINE,
        outline: OUTLINE,
        right: RIGHT,
        calm: CALM,
        amber: AMBER,
    };

    /// The self-voicing mode's look, for low vision: the same hall red, gold and warm
    /// paper, but near-black text on a whiter paper, a deeper red and a brighter gold,
    /// so every text stands at 7:1 or more and every outline at 4.5:1 or more.
    pub const HIGH_CONTRAST: Self = Self {
        paper: Color32::from_rgb(0xFF, 0xFC, 0xF4),
        card: Color32::from_rgb(0xFF, 0xFF, 0xFF),
        ink: Color32::from_rgb(0x0A, 0x08, 0x07),
        ink_soft: Color32::from_rgb(0x2B, 0x23, 0x1F),
        red: Color32::from_rgb(0x7A, 0x0E, 0x0E),
        red_dark: Color32::from_rgb(0x56, 0x08, 0x08),
        cream: Color32::from_rgb(0xFF, 0xFC, 0xF2),
        gold: Color32::from_rgb(0xFF, 0xD6, 0x6E),
        gold_deep: Color32::from_rgb(0x7A, 0x56, 0x0C),
        night: Color32::from_rgb(0x00, 0x00, 0x00),
        line: Color32::from_rgb(0xC9, 0xB8, 0x94),
        outline: Color32::from_rgb(0x5A, 0x45, 0x26),
        right: Color32::from_rgb(0x1B, 0x50, 0x25),
        calm: Color32::from_rgb(0x38, 0x44, 0x4F),
        amber: Color32::from_rgb(0xFF, 0xA7, 0x33),
    };

    pub fn of(high_contrast: bool) -> Self {
        if high_contrast {
            Self::HIGH_CONTRAST
        } else {
            Self::STANDARD
        }
    }
}

thread_local! {
    /// The palette of the frame being drawn on this thread. A thread-local rather than
    /// a parameter: every screen and widget reads colours, and the app sets it once at
    /// the start of each frame; each test's harness draws on its own thread.
    static CURRENT: Cell<Palette> = const { Cell::new(Palette::STANDARD) };
}

/// The palette of the frame being drawn.
pub fn palette() -> Palette {
    CURRENT.with(Cell::get)
}

/// Chooses the palette for this frame and, when it changed, egui's colours with it.
pub fn choose(ctx: &egui::Context, high_contrast: bool) {
    let chosen = Palette::of(high_contrast);
    CURRENT.with(|current| current.set(chosen));
    let id = egui::Id::unique("xinghuo-high-contrast");
    let applied = ctx.data(|d| d.get_temp::<bool>(id));
    if applied != Some(high_contrast) {
        ctx.data_mut(|d| d.insert_temp(id, high_contrast));
        apply_colours(ctx, &chosen);
    }
}

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
        style.spacing.item_spacing = egui::vec2(16.0, 12.0);
        style.spacing.scroll = egui::style::ScrollStyle::solid();
        style.spacing.scroll.bar_width = 14.0;
        style.interaction.tooltip_delay = f32::INFINITY;
        style.url_in_tooltip = false;
    });
    apply_colours(ctx, &palette());
}

fn apply_colours(ctx: &egui::Context, palette: &Palette) {
    ctx.global_style_mut(|style| {
        style.visuals.panel_fill = palette.paper;
        style.visuals.window_fill = palette.card;
        style.visuals.override_text_color = Some(palette.ink);
        style.visuals.selection.bg_fill = palette.red;
        style.visuals.selection.stroke.color = palette.cream;
        style.visuals.widgets.noninteractive.bg_stroke.color = palette.line;
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

    /// Every pairing of colours the screens draw, in both palettes: body text (7:1),
    /// other text (4.5:1; 7:1 in high contrast), and the outlines of what can be
    /// touched and inactive dots (3:1; 4.5:1 in high contrast).
    #[test]
    fn the_themes_colours_keep_their_contrast_where_the_screens_use_them() {
        let mut failures = Vec::new();
        for (name, p, other_text, outline) in [
            ("standard", Palette::STANDARD, 4.5, 3.0),
            ("high contrast", Palette::HIGH_CONTRAST, 7.0, 4.5),
        ] {
            let body = [
                ("ink on paper", p.ink, p.paper),
                ("ink on cards", p.ink, p.card),
                ("soft ink on paper", p.ink_soft, p.paper),
                ("soft ink on cards", p.ink_soft, p.card),
                ("cream on red", p.cream, p.red),
                ("cream on pressed red", p.cream, p.red_dark),
                ("cream on night", p.cream, p.night),
                ("gold on night", p.gold, p.night),
            ];
            let other = [
                ("red headings on paper", p.red, p.paper),
                ("red on cards", p.red, p.card),
                ("red on the selected cream", p.red, p.cream),
                ("ink on the pressed hairline fill", p.ink, p.line),
                ("cream on the right answer", p.cream, p.right),
                ("cream on the calm wrong answer", p.cream, p.calm),
                ("amber on night", p.amber, p.night),
            ];
            let outlines = [
                ("outlines on paper", p.outline, p.paper),
                ("outlines on cards", p.outline, p.card),
                ("soft-ink dots on paper", p.ink_soft, p.paper),
                ("right-answer edges on cards", p.right, p.card),
                ("calm-answer edges on cards", p.calm, p.card),
            ];
            for (need, pairs) in [
                (7.0, &body[..]),
                (other_text, &other[..]),
                (outline, &outlines[..]),
            ] {
                for (pair, fg, bg) in pairs {
                    let ratio = contrast(*fg, *bg);
                    if ratio < need {
                        failures.push(format!("{name}, {pair}: {ratio:.2}:1, under {need}:1"));
                    }
                }
            }
            // The hairline is only a hairline: too faint for an outline.
            if contrast(p.line, p.paper) >= 3.0 {
                failures.push(format!("{name}: the hairline is as strong as an outline"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn the_high_contrast_palette_keeps_the_halls_red_and_gold() {
        // Recognisably the same hall: each hue moves little, only its lightness.
        let hue = |c: Color32| {
            let hsva = egui::ecolor::Hsva::from(c);
            hsva.h
        };
        let (s, h) = (Palette::STANDARD, Palette::HIGH_CONTRAST);
        for (name, a, b) in [
            ("red", s.red, h.red),
            ("gold", s.gold, h.gold),
            ("paper", s.paper, h.paper),
        ] {
            let turn = (hue(a) - hue(b)).abs();
            let turn = turn.min(1.0 - turn);
            assert!(turn < 0.03, "{name} turned {turn:.3} of the colour wheel");
        }
        assert_eq!(Palette::of(false), Palette::STANDARD);
        assert_eq!(Palette::of(true), Palette::HIGH_CONTRAST);
    }

    #[test]
    fn a_frame_reads_the_palette_chosen_for_it() {
        let ctx = egui::Context::default();
        choose(&ctx, true);
        assert_eq!(palette(), Palette::HIGH_CONTRAST);
        assert_eq!(
            ctx.global_style().visuals.panel_fill,
            Palette::HIGH_CONTRAST.paper
        );
        choose(&ctx, false);
        assert_eq!(palette(), Palette::STANDARD);
        assert_eq!(ctx.global_style().visuals.override_text_color, Some(INK));
    }
}
