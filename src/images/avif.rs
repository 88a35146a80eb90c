//! AVIF pictures, decoded so they can be stored as JPEG or PNG (e-readers and the PDF cannot show
//! AVIF).
//!
//! The container is read with `avif-parse` and the AV1 picture inside it is decoded with
//! `re_rav1d`, a Rust port of the dav1d decoder (built without its assembly, so it needs no
//! assembler). The decoded YUV planes are turned into RGB with the colour matrix and range the
//! stream declares; an alpha item, when there is one, becomes the alpha channel.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use image::{DynamicImage, GrayImage, RgbImage, RgbaImage};
use re_rav1d::dav1d::{Decoder, Picture, PixelLayout, PlanarImageComponent, Settings};
use re_rav1d::pixel::{MatrixCoefficients, YUVRange};

/// Why an AVIF picture could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum AvifError {
    /// The container is damaged or uses a feature the parser does not read (grids, sequences).
    #[error("cannot read the AVIF container: {0}")]
    Container(String),
    /// The AV1 data inside could not be decoded.
    #[error("cannot decode the AV1 picture: {0}")]
    Picture(String),
    /// The picture is larger than the decoder is allowed to allocate.
    #[error("the picture is {width}×{height} pixels, more than the {limit} allowed")]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// The most pixels a picture may have.
        limit: u64,
    },
}

/// Decodes an AVIF file into RGB (or RGBA when it has an alpha item), refusing pictures of more
/// than `max_pixels` pixels before decoding them. A panic inside the parser or decoder, on input
/// they were not written for, is turned into an error: one bad picture never ends the run.
pub fn decode(bytes: &[u8], max_pixels: u64) -> Result<DynamicImage, AvifError> {
    catch_unwind(AssertUnwindSafe(|| decode_unguarded(bytes, max_pixels)))
        .unwrap_or_else(|_| Err(AvifError::Picture("the decoder failed".to_string())))
}

fn decode_unguarded(bytes: &[u8], max_pixels: u64) -> Result<DynamicImage, AvifError> {
    let data = avif_parse::read_avif(&mut Cursor::new(bytes))
        .map_err(|error| AvifError::Container(error.to_string()))?;
    let metadata = data
        .primary_item_metadata()
        .map_err(|error| AvifError::Container(error.to_string()))?;
    let (width, height) = (
        metadata.max_frame_width.get(),
        metadata.max_frame_height.get(),
    );
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(AvifError::TooLarge {
            width,
            height,
            limit: max_pixels,
        });
    }
    let color = decode_av1(data.primary_item.to_vec(), max_pixels)?;
    let alpha = match &data.alpha_item {
        Some(item) => Some(decode_av1(item.to_vec(), max_pixels)?),
        None => None,
    };
    let rgb = to_rgb(&color);
    match alpha {
        Some(alpha) => Ok(DynamicImage::ImageRgba8(with_alpha(
            rgb,
            &to_gray(&alpha),
            data.premultiplied_alpha,
        ))),
        None => Ok(DynamicImage::ImageRgb8(rgb)),
    }
}

/// Decodes one AV1 still picture (a sequence of OBUs).
fn decode_av1(obus: Vec<u8>, max_pixels: u64) -> Result<Picture, AvifError> {
    let failed = |error: re_rav1d::dav1d::Error| AvifError::Picture(error.to_string());
    let mut settings = Settings::new();
    settings.set_n_threads(1);
    settings.set_max_frame_delay(1);
    settings.set_frame_size_limit(u32::try_from(max_pixels).unwrap_or(u32::MAX));
    let mut decoder = Decoder::with_settings(&settings).map_err(failed)?;
    match decoder.send_data(obus, None, None, None) {
        Err(error) if !error.is_again() => return Err(failed(error)),
        _ => {}
    }
    // A still picture comes out within a round or two; data that never yields one (the
    // decoder answering "again" for ever, and allocating a little each time) is given up
    // after a bounded number of rounds.
    for _ in 0..MAX_DECODE_ROUNDS {
        match decoder.get_picture() {
            Ok(picture) => return Ok(picture),
            Err(error) if error.is_again() => match decoder.send_pending_data() {
                Ok(()) => {}
                Err(error) if error.is_again() => {}
                // Nothing pending and no picture: the data holds no frame.
                Err(_) => break,
            },
            Err(error) => return Err(failed(error)),
        }
    }
    Err(AvifError::Picture("the data holds no picture".to_string()))
}

/// The most rounds of asking the AV1 decoder for a picture and giving it the data it still
/// holds: a still picture needs one or two.
const MAX_DECODE_ROUNDS: usize = 64;

/// The coefficients of red and blue in luma (Kr, Kb) of a YUV matrix; `None` for the identity
/// matrix, where Y, U and V carry G, B and R.
fn luma_weights(matrix: MatrixCoefficients) -> Option<(f32, f32)> {
    match matrix {
        MatrixCoefficients::Identity => None,
        MatrixCoefficients::BT709 => Some((0.2126, 0.0722)),
        MatrixCoefficients::BT2020NonConstantLuminance
        | MatrixCoefficients::BT2020ConstantLuminance => Some((0.2627, 0.0593)),
        MatrixCoefficients::BT470M => Some((0.30, 0.11)),
        MatrixCoefficients::ST240M => Some((0.212, 0.087)),
        // BT.601 (BT470BG, ST170M) and anything unspecified, as libavif does.
        _ => Some((0.299, 0.114)),
    }
}

/// Reads the samples of one plane as values in 0.0..=1.0 of the full range, with the plane's
/// width in samples.
struct PlaneReader {
    plane: re_rav1d::dav1d::Plane,
    stride: usize,
    wide: bool,
    max: f32,
}

impl PlaneReader {
    fn new(picture: &Picture, component: PlanarImageComponent) -> Self {
        let bits = picture.bit_depth().clamp(8, 16);
        PlaneReader {
            plane: picture.plane(component),
            stride: picture.stride(component) as usize,
            wide: bits > 8,
            max: ((1u32 << bits) - 1) as f32,
        }
    }

    /// The raw sample at (x, y), as a fraction of the largest sample value.
    fn sample(&self, x: usize, y: usize) -> f32 {
        let value = if self.wide {
            let at = y * self.stride + 2 * x;
            match self.plane.get(at..at + 2) {
                Some(pair) => f32::from(u16::from_ne_bytes([pair[0], pair[1]])),
                None => 0.0,
            }
        } else {
            self.plane
                .get(y * self.stride + x)
                .map_or(0.0, |value| f32::from(*value))
        };
        value / self.max
    }
}

/// The scale and offset that take a luma or chroma sample to full range.
fn range_mapping(range: YUVRange, chroma: bool) -> (f32, f32) {
    match (range, chroma) {
        (YUVRange::Full, _) => (1.0, 0.0),
        (YUVRange::Limited, false) => (255.0 / 219.0, 16.0 / 255.0),
        (YUVRange::Limited, true) => (255.0 / 224.0, 16.0 / 255.0),
    }
}

fn to_byte(value: f32) -> u8 {
    (value * 255.0).round().clamp(0.0, 255.0) as u8
}

/// The picture as RGB, converted with its own matrix and range.
fn to_rgb(picture: &Picture) -> RgbImage {
    let (width, height) = (picture.width(), picture.height());
    let layout = picture.pixel_layout();
    let range = picture.color_range();
    let luma = PlaneReader::new(picture, PlanarImageComponent::Y);
    let chroma = (layout != PixelLayout::I400).then(|| {
        (
            PlaneReader::new(picture, PlanarImageComponent::U),
            PlaneReader::new(picture, PlanarImageComponent::V),
        )
    });
    let (shift_x, shift_y) = match layout {
        PixelLayout::I420 => (1, 1),
        PixelLayout::I422 => (1, 0),
        PixelLayout::I400 | PixelLayout::I444 => (0, 0),
    };
    let weights = luma_weights(picture.matrix_coefficients());
    let (luma_scale, luma_offset) = range_mapping(range, false);
    let (chroma_scale, chroma_offset) = range_mapping(range, true);
    RgbImage::from_fn(width, height, |x, y| {
        let (x, y) = (x as usize, y as usize);
        let full_luma = (luma.sample(x, y) - luma_offset) * luma_scale;
        let Some((u_plane, v_plane)) = &chroma else {
            let gray = to_byte(full_luma);
            return image::Rgb([gray, gray, gray]);
        };
        let (cx, cy) = (x >> shift_x, y >> shift_y);
        let u = (u_plane.sample(cx, cy) - chroma_offset) * chroma_scale;
        let v = (v_plane.sample(cx, cy) - chroma_offset) * chroma_scale;
        let Some((kr, kb)) = weights else {
            // Identity: Y is green, U blue, V red.
            return image::Rgb([to_byte(v), to_byte(full_luma), to_byte(u)]);
        };
        let (cb, cr) = (u - 0.5, v - 0.5);
        let kg = 1.0 - kr - kb;
        let red = full_luma + 2.0 * (1.0 - kr) * cr;
        let blue = full_luma + 2.0 * (1.0 - kb) * cb;
        let green = (full_luma - kr * red - kb * blue) / kg;
        image::Rgb([to_byte(red), to_byte(green), to_byte(blue)])
    })
}

/// The luma plane of a picture (an alpha item) as a grey image.
fn to_gray(picture: &Picture) -> GrayImage {
    let luma = PlaneReader::new(picture, PlanarImageComponent::Y);
    let (scale, offset) = range_mapping(picture.color_range(), false);
    GrayImage::from_fn(picture.width(), picture.height(), |x, y| {
        image::Luma([to_byte(
            (luma.sample(x as usize, y as usize) - offset) * scale,
        )])
    })
}

/// Joins colour and alpha (which may differ in size; alpha is sampled to the colour's size),
/// undoing premultiplication when the file says the colour was multiplied by alpha.
fn with_alpha(rgb: RgbImage, alpha: &GrayImage, premultiplied: bool) -> RgbaImage {
    let (width, height) = rgb.dimensions();
    let (alpha_width, alpha_height) = alpha.dimensions();
    RgbaImage::from_fn(width, height, |x, y| {
        let ax = (u64::from(x) * u64::from(alpha_width) / u64::from(width.max(1))) as u32;
        let ay = (u64::from(y) * u64::from(alpha_height) / u64::from(height.max(1))) as u32;
        let opacity = alpha
            .get_pixel_checked(ax, ay)
            .map_or(u8::MAX, |pixel| pixel[0]);
        let [red, green, blue] = rgb.get_pixel(x, y).0;
        let unmultiply = |channel: u8| {
            if premultiplied && opacity > 0 {
                ((u32::from(channel) * 255 + u32::from(opacity) / 2) / u32::from(opacity)).min(255)
                    as u8
            } else {
                channel
            }
        };
        image::Rgba([
            unmultiply(red),
            unmultiply(green),
            unmultiply(blue),
            opacity,
        ])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, Rgb, Rgba};

    fn avif(image: DynamicImage) -> Vec<u8> {
        let mut bytes = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Avif)
            .expect("encode AVIF");
        bytes
    }

    fn close(a: u8, b: u8) -> bool {
        a.abs_diff(b) <= 12
    }

    #[test]
    fn an_opaque_avif_decodes_to_its_colours() {
        let picture = RgbImage::from_fn(64, 48, |x, _| {
            if x < 32 {
                Rgb([220, 30, 30])
            } else {
                Rgb([20, 40, 200])
            }
        });
        let decoded = decode(&avif(DynamicImage::ImageRgb8(picture)), 1 << 24).expect("decode");
        assert_eq!((decoded.width(), decoded.height()), (64, 48));
        let rgb = decoded.to_rgb8();
        let left = rgb.get_pixel(8, 24).0;
        let right = rgb.get_pixel(56, 24).0;
        assert!(
            close(left[0], 220) && close(left[1], 30) && close(left[2], 30),
            "{left:?}"
        );
        assert!(
            close(right[0], 20) && close(right[1], 40) && close(right[2], 200),
            "{right:?}"
        );
    }

    #[test]
    fn an_alpha_item_becomes_the_alpha_channel() {
        let picture = RgbaImage::from_fn(40, 40, |_, y| {
            let opacity = if y < 20 { 255 } else { 0 };
            Rgba([10, 160, 60, opacity])
        });
        let decoded = decode(&avif(DynamicImage::ImageRgba8(picture)), 1 << 24).expect("decode");
        let rgba = decoded.to_rgba8();
        assert!(close(rgba.get_pixel(20, 5)[3], 255));
        assert!(close(rgba.get_pixel(20, 35)[3], 0));
        assert!(close(rgba.get_pixel(20, 5)[1], 160));
    }

    #[test]
    fn a_picture_over_the_pixel_limit_is_refused_before_decoding() {
        let bytes = avif(DynamicImage::ImageRgb8(RgbImage::new(200, 100)));
        assert!(matches!(
            decode(&bytes, 10_000),
            Err(AvifError::TooLarge {
                width: 200,
                height: 100,
                ..
            })
        ));
    }

    #[test]
    fn damaged_data_is_an_error_not_a_panic() {
        let mut bytes = avif(DynamicImage::ImageRgb8(RgbImage::new(64, 64)));
        assert!(decode(&bytes[..bytes.len() / 2], 1 << 24).is_err());
        let last = bytes.len() - 20;
        for byte in &mut bytes[last..] {
            *byte ^= 0x5A;
        }
        let _ = decode(&bytes, 1 << 24);
        assert!(decode(b"\0\0\0\x18ftypavif\0\0\0\0avifmif1", 1 << 24).is_err());
    }
}
