//! The attract screen's shade over a cover: a dark band along the bottom and a scrim
//! from the left, where the title sits, so the text stays legible on any photo.
//!
//! The shade is baked into the cover's pixels when it is decoded for the attract loop
//! ([`bake`]), so that a crossfade frame draws two opaque quads instead of two covers,
//! a band and a scrim blended over the whole screen: under software GL that was most
//! of a crossfade frame's cost (docs/PERFORMANCE.md, "The attract loop"). [`mesh`]
//! draws the same shade for a cover not yet decoded.

use eframe::egui::{self, Color32, Rect, pos2};

/// The band's darkest alpha, at the bottom edge.
const BAND_ALPHA: f32 = 225.0;
/// The scrim's darkest alpha, at its left edge (from its lower part down).
const SCRIM_ALPHA: f32 = 175.0;
/// The scrim covers the left three quarters, from a quarter of the height down.
const SCRIM_RIGHT: f32 = 0.75;
const SCRIM_TOP: f32 = 0.25;

/// The share of the screen's height the band covers, from the bottom.
fn band_height(portrait: bool) -> f32 {
    if portrait { 0.42 } else { 0.5 }
}

/// The band's alpha (0–255) at `fy`, a fraction of the screen's height from the top.
fn band_alpha(fy: f32, portrait: bool) -> f32 {
    let height = band_height(portrait);
    let top = 1.0 - height;
    if fy <= top {
        0.0
    } else {
        BAND_ALPHA * ((fy - top) / height).min(1.0)
    }
}

/// The scrim's alpha (0–255) at (`fx`, `fy`), fractions of the screen from the top left:
/// fading out rightwards, and upwards over its upper part.
fn scrim_alpha(fx: f32, fy: f32) -> f32 {
    if fx >= SCRIM_RIGHT || fy <= SCRIM_TOP {
        return 0.0;
    }
    let sx = fx / SCRIM_RIGHT;
    let sy = (fy - SCRIM_TOP) / (1.0 - SCRIM_TOP);
    SCRIM_ALPHA * (1.0 - sx) * (sy * 1.6).min(1.0)
}

/// Darkens an RGB image of the whole screen (`width`×`height`, three bytes a pixel,
/// rows top to bottom) as the band and scrim drawn over it would: each pixel keeps
/// `(1 − band) × (1 − scrim)` of its light, as egui's blending of the two black layers
/// does.
pub fn bake(pixels: &mut [u8], width: u32, height: u32, portrait: bool) {
    let (w, h) = (width.max(1) as usize, height.max(1) as usize);
    let fx: Vec<f32> = (0..w).map(|x| (x as f32 + 0.5) / w as f32).collect();
    // An ordered dither (4×4 Bayer, in 1/256ths of a level) instead of rounding, so the
    // long dark gradient shows no bands on a plain sky or wall.
    const BAYER: [[u32; 4]; 4] = [[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]];
    for (y, row) in pixels.chunks_exact_mut(w * 3).take(h).enumerate() {
        let fy = (y as f32 + 0.5) / h as f32;
        let band_kept = 1.0 - band_alpha(fy, portrait) / 255.0;
        let dither = &BAYER[y % 4];
        for (x, (pixel, &fx)) in row.chunks_exact_mut(3).zip(&fx).enumerate() {
            let kept = band_kept * (1.0 - scrim_alpha(fx, fy) / 255.0);
            if kept < 1.0 {
                // Fixed point: 256 keeps all, 0 nothing.
                let kept = (kept * 256.0) as u32;
                let threshold = dither[x % 4] * 16 + 8;
                for channel in pixel {
                    *channel = ((u32::from(*channel) * kept + threshold) >> 8).min(255) as u8;
                }
            }
        }
    }
}

/// The same shade as a mesh over `rect`, for a cover drawn without it (still decoding,
/// or failed).
pub fn mesh(rect: Rect, portrait: bool) -> egui::Mesh {
    let mut mesh = egui::Mesh::default();
    let band = Rect::from_min_max(
        pos2(
            rect.min.x,
            rect.max.y - rect.height() * band_height(portrait),
        ),
        rect.max,
    );
    let top = Color32::from_black_alpha(0);
    let bottom = Color32::from_black_alpha(BAND_ALPHA as u8);
    mesh.colored_vertex(band.left_top(), top);
    mesh.colored_vertex(band.right_top(), top);
    mesh.colored_vertex(band.right_bottom(), bottom);
    mesh.colored_vertex(band.left_bottom(), bottom);
    mesh.add_triangle(0, 1, 2);
    mesh.add_triangle(0, 2, 3);
    // The scrim as a small grid, so it fades both rightwards and upwards.
    let steps: u32 = 8;
    let base = mesh.vertices.len() as u32;
    for row in 0..=steps {
        for column in 0..=steps {
            let fx = SCRIM_RIGHT * column as f32 / steps as f32;
            let fy = SCRIM_TOP + (1.0 - SCRIM_TOP) * row as f32 / steps as f32;
            mesh.colored_vertex(
                pos2(
                    rect.min.x + fx * rect.width(),
                    rect.min.y + fy * rect.height(),
                ),
                Color32::from_black_alpha(scrim_alpha(fx, fy) as u8),
            );
        }
    }
    let at = |row: u32, column: u32| base + row * (steps + 1) + column;
    for row in 0..steps {
        for column in 0..steps {
            mesh.add_triangle(
                at(row, column),
                at(row, column + 1),
                at(row + 1, column + 1),
            );
            mesh.add_triangle(
                at(row, column),
                at(row + 1, column + 1),
                at(row + 1, column),
            );
        }
    }
    mesh
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baked(width: u32, height: u32, portrait: bool) -> Vec<u8> {
        let mut pixels = vec![200; (width * height * 3) as usize];
        bake(&mut pixels, width, height, portrait);
        pixels
    }

    fn at(pixels: &[u8], width: u32, x: u32, y: u32) -> u8 {
        pixels[((y * width + x) * 3) as usize]
    }

    #[test]
    fn the_top_right_stays_as_it_was_and_the_bottom_left_is_darkest() {
        let (w, h) = (192, 108);
        let pixels = baked(w, h, false);
        assert_eq!(at(&pixels, w, w - 1, 0), 200);
        assert_eq!(
            at(&pixels, w, w / 2, h / 4),
            200,
            "above the band, right of the scrim's top"
        );
        let corner = at(&pixels, w, 0, h - 1);
        // 200 × (1 − 225/255) × (1 − 175/255) ≈ 7.
        assert!(corner <= 10, "{corner}");
        // Darker downwards along the band and leftwards under the scrim.
        assert!(at(&pixels, w, w - 1, h - 1) < at(&pixels, w, w - 1, h * 3 / 4));
        assert!(at(&pixels, w, 0, h * 3 / 4) < at(&pixels, w, w / 2, h * 3 / 4));
    }

    #[test]
    fn the_band_reaches_higher_in_landscape_than_in_portrait() {
        // 45 % of the height from the top: inside the landscape band (the lower half),
        // above the portrait one (the lower 42 %); on the right, clear of the scrim.
        let (landscape, portrait) = (baked(100, 100, false), baked(100, 100, true));
        assert!(at(&landscape, 100, 90, 55) < 200);
        assert_eq!(at(&portrait, 100, 90, 55), 200);
    }

    #[test]
    fn the_mesh_and_the_baked_pixels_are_the_same_shade() {
        // The mesh's vertex alphas are the baked function's values at its vertices.
        let mesh = mesh(
            Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(100.0, 100.0)),
            false,
        );
        let bottom_left = mesh.vertices[3].color.a();
        assert_eq!(f32::from(bottom_left), BAND_ALPHA);
        assert!(mesh.vertices.iter().all(|v| v.color.r() == 0));
    }
}
