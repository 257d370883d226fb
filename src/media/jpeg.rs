//! JPEG through libjpeg-turbo (the `turbojpeg` crate, which builds the library with its
//! SIMD code): the kiosk's photos are nearly all JPEGs of several megapixels, and most
//! are shown far smaller than they are. libjpeg-turbo decodes them straight at ½, ¼ or
//! ⅛ of their size in its DCT, with SIMD, several times faster than the Rust decoders,
//! and writes the disk cache's entries in a few milliseconds instead of tens.
//!
//! Everything here returns `None` or an error rather than guess: a caller falls back to
//! the general decoder of the `image` crate, which reads every format the kiosk accepts.

use turbojpeg::{Colorspace, Decompressor, Image, PixelFormat, ScalingFactor};

/// Progressive scans allowed in one JPEG. A real photo has about ten; a crafted file
/// with thousands keeps a decoder busy for minutes (libjpeg-turbo's documented guard).
const MAX_SCANS: u32 = 500;

/// The scales at which the DCT itself scales with SIMD; the ones between (⅜, ⅝ …) go
/// through slower plain-C code than a ½ decode and a resize.
const SCALES: [ScalingFactor; 4] = [
    ScalingFactor::ONE_EIGHTH,
    ScalingFactor::ONE_QUARTER,
    ScalingFactor::ONE_HALF,
    ScalingFactor::ONE,
];

/// A decoded JPEG: RGB, or gray for a grayscale photo.
pub struct Decoded {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub gray: bool,
}

impl Decoded {
    pub fn into_image(self) -> Option<image::DynamicImage> {
        if self.gray {
            image::GrayImage::from_raw(self.width, self.height, self.pixels)
                .map(image::DynamicImage::ImageLuma8)
        } else {
            image::RgbImage::from_raw(self.width, self.height, self.pixels)
                .map(image::DynamicImage::ImageRgb8)
        }
    }
}

/// Decodes a JPEG at the smallest of [`SCALES`] that is still at least
/// `width`×`height` (in the file's own orientation), never larger than
/// `max_pixels` before scaling. `None` for what this path does not handle (CMYK, a
/// damaged file): the general decoder then decodes it, or says why it cannot.
pub fn decode_scaled(bytes: &[u8], width: u32, height: u32, max_pixels: u64) -> Option<Decoded> {
    let mut decompressor = Decompressor::new().ok()?;
    decompressor.set_scan_limit(MAX_SCANS).ok()?;
    let header = decompressor.read_header(bytes).ok()?;
    let pixels = u64::try_from(header.width)
        .ok()?
        .checked_mul(u64::try_from(header.height).ok()?)?;
    if pixels == 0 || pixels > max_pixels {
        return None;
    }
    let gray = match header.colorspace {
        Colorspace::Gray => true,
        Colorspace::YCbCr | Colorspace::RGB => false,
        Colorspace::CMYK | Colorspace::YCCK => return None,
    };
    let (want_width, want_height) = (usize::try_from(width).ok()?, usize::try_from(height).ok()?);
    let scale = SCALES
        .into_iter()
        .find(|scale| {
            scale.scale(header.width) >= want_width && scale.scale(header.height) >= want_height
        })
        .unwrap_or(ScalingFactor::ONE);
    decompressor.set_scaling_factor(scale).ok()?;
    let scaled = header.scaled(scale);
    let format = if gray {
        PixelFormat::GRAY
    } else {
        PixelFormat::RGB
    };
    let pitch = scaled.width.checked_mul(format.size())?;
    let mut image = Image {
        pixels: vec![0; pitch.checked_mul(scaled.height)?],
        width: scaled.width,
        pitch,
        height: scaled.height,
        format,
    };
    decompressor.decompress(bytes, image.as_deref_mut()).ok()?;
    Some(Decoded {
        pixels: image.pixels,
        width: u32::try_from(scaled.width).ok()?,
        height: u32::try_from(scaled.height).ok()?,
        gray,
    })
}

/// Encodes RGB pixels as a baseline JPEG at `quality` (1–100).
pub fn encode_rgb(
    rgb: &[u8],
    width: u32,
    height: u32,
    quality: u8,
) -> Result<Vec<u8>, turbojpeg::Error> {
    let width = usize::try_from(width).map_err(|_| turbojpeg::Error::IntegerOverflow("width"))?;
    let height =
        usize::try_from(height).map_err(|_| turbojpeg::Error::IntegerOverflow("height"))?;
    let pitch = width
        .checked_mul(3)
        .filter(|pitch| pitch.checked_mul(height) == Some(rgb.len()))
        .ok_or(turbojpeg::Error::IntegerOverflow("pixels"))?;
    let mut compressor = turbojpeg::Compressor::new()?;
    compressor.set_quality(i32::from(quality))?;
    compressor.set_subsamp(turbojpeg::Subsamp::Sub2x2)?;
    compressor.compress_to_vec(Image {
        pixels: rgb,
        width,
        pitch,
        height,
        format: PixelFormat::RGB,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
            .encode_image(&image)
            .unwrap_or_else(|error| panic!("cannot encode the test photo: {error}"));
        bytes
    }

    #[test]
    fn a_photo_is_decoded_at_the_smallest_scale_that_still_covers_the_size_asked() {
        let bytes = photo(1600, 1200);
        let size = |width, height| {
            decode_scaled(&bytes, width, height, u64::MAX).map(|d| (d.width, d.height, d.gray))
        };
        assert_eq!(size(800, 600), Some((800, 600, false)), "½ exactly");
        assert_eq!(
            size(801, 600),
            Some((1600, 1200, false)),
            "just over ½: whole"
        );
        assert_eq!(size(300, 100), Some((400, 300, false)), "¼");
        assert_eq!(size(10, 10), Some((200, 150, false)), "⅛ at the smallest");
        assert_eq!(size(5000, 5000), Some((1600, 1200, false)), "never larger");
    }

    #[test]
    fn garbage_a_cut_file_and_too_many_pixels_are_left_to_the_general_decoder() {
        let bytes = photo(640, 480);
        assert!(decode_scaled(b"not a jpeg", 100, 100, u64::MAX).is_none());
        assert!(decode_scaled(&bytes[..bytes.len() / 3], 100, 100, u64::MAX).is_none());
        assert!(decode_scaled(&bytes, 100, 100, 640 * 480 - 1).is_none());
        assert!(decode_scaled(&bytes, 100, 100, 640 * 480).is_some());
    }

    #[test]
    fn a_gray_photo_stays_gray_and_encoded_pixels_come_back_close() {
        let gray = image::GrayImage::from_fn(64, 32, |x, _| image::Luma([(x * 4) as u8]));
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut bytes)
            .encode_image(&gray)
            .unwrap_or_else(|error| panic!("cannot encode: {error}"));
        let decoded = decode_scaled(&bytes, 64, 32, u64::MAX);
        assert!(decoded.is_some_and(|d| d.gray && d.pixels.len() == 64 * 32));

        let rgb: Vec<u8> = (0..64 * 32)
            .flat_map(|i| [(i % 64 * 4) as u8, 90, 200])
            .collect();
        let jpeg = encode_rgb(&rgb, 64, 32, 90).unwrap_or_default();
        let back = decode_scaled(&jpeg, 64, 32, u64::MAX);
        let back = back.map(|d| d.pixels).unwrap_or_default();
        assert_eq!(back.len(), rgb.len());
        let worst = rgb.iter().zip(&back).map(|(a, b)| a.abs_diff(*b)).max();
        assert!(
            worst.is_some_and(|worst| worst < 24),
            "worst difference {worst:?}"
        );
        assert!(
            encode_rgb(&rgb, 64, 31, 90).is_err(),
            "the size must match the pixels"
        );
    }
}
