//! Pictures: the book's embedded images as PDF image objects.
//!
//! The images stage has already loaded, checked and scaled every picture to JPEG or PNG. A
//! JPEG goes into the PDF as it is (a `DCTDecode` stream: no decoding, no loss, no re-encoding);
//! only its header is read for the size and colour space. An opaque 8-bit grey or RGB PNG that
//! is not interlaced goes in the same way: its compressed data is already what a PDF
//! `FlateDecode` stream with PNG predictors holds, so it is checked (inflated once, to the size
//! its header promises) and passed through. Any other PNG is decoded to 8-bit samples, which
//! [`super::finish::compress`] deflates later, with its transparency as a soft mask.
//! A picture that cannot be read this way is not offered to the layout, so its figure falls
//! back to the alternative text.

use image::{DynamicImage, ImageFormat};
use lopdf::{Dictionary, Object, Stream};

use crate::document::EmbeddedImage;

/// Pixels per inch a picture is shown at when the column leaves it room ("natural size").
pub const NATURAL_DPI: f32 = 150.0;
/// How far past its natural size a small picture may be enlarged to fill the column.
pub const MAX_UPSCALE: f32 = 1.5;

/// A picture ready to be written into the PDF.
#[derive(Debug, Clone)]
pub struct PdfImage {
    /// The image stream.
    stream: Stream,
    /// The soft mask (transparency) stream, for PNGs with an alpha channel.
    mask: Option<Stream>,
}

impl PdfImage {
    /// Reads an embedded image, or says why it cannot be drawn.
    pub fn from_embedded(image: &EmbeddedImage) -> Result<Self, String> {
        match image.media_type.as_str() {
            "image/jpeg" => match jpeg_header(&image.bytes) {
                Some(header) if matches!(header.components, 1 | 3) => {
                    Ok(Self::from_jpeg(&image.bytes, header))
                }
                _ => Self::decoded(&image.bytes, ImageFormat::Jpeg),
            },
            "image/png" => match png_data(&image.bytes) {
                Some(png) => Ok(Self::from_png(png)),
                None => Self::decoded(&image.bytes, ImageFormat::Png),
            },
            other => Err(format!("{}: {other} is not drawn", image.file_name)),
        }
    }

    /// A JPEG passed through as a `DCTDecode` stream.
    fn from_jpeg(bytes: &[u8], header: JpegHeader) -> Self {
        let space = if header.components == 1 {
            "DeviceGray"
        } else {
            "DeviceRGB"
        };
        let mut dict = image_dict(header.width, header.height, space);
        dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
        PdfImage {
            stream: Stream::new(dict, bytes.to_vec()),
            mask: None,
        }
    }

    /// An opaque PNG passed through as a `FlateDecode` stream with PNG predictors.
    fn from_png(png: PngData) -> Self {
        let space = if png.channels == 1 {
            "DeviceGray"
        } else {
            "DeviceRGB"
        };
        let mut dict = image_dict(png.width, png.height, space);
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let mut parms = Dictionary::new();
        parms.set("Predictor", Object::Integer(15));
        parms.set("Colors", Object::Integer(i64::from(png.channels)));
        parms.set("BitsPerComponent", Object::Integer(8));
        parms.set("Columns", Object::Integer(i64::from(png.width)));
        dict.set("DecodeParms", Object::Dictionary(parms));
        PdfImage {
            stream: Stream::new(dict, png.zlib).with_compression(false),
            mask: None,
        }
    }

    /// A picture decoded to 8-bit grey or RGB samples, with its alpha as a soft mask.
    fn decoded(bytes: &[u8], format: ImageFormat) -> Result<Self, String> {
        let decoded = image::load_from_memory_with_format(bytes, format)
            .map_err(|err| format!("cannot decode the picture: {err}"))?;
        let (width, height) = (decoded.width(), decoded.height());
        let (space, samples) = if decoded.color().has_color() {
            ("DeviceRGB", decoded.to_rgb8().into_raw())
        } else {
            ("DeviceGray", decoded.to_luma8().into_raw())
        };
        let stream = Stream::new(image_dict(width, height, space), samples);
        Ok(PdfImage {
            stream,
            mask: soft_mask(&decoded),
        })
    }

    /// Adds the picture's objects to `doc` and returns the image's reference.
    pub fn add_to(&self, doc: &mut lopdf::Document) -> lopdf::ObjectId {
        let mut stream = self.stream.clone();
        if let Some(mask) = &self.mask {
            let mask = doc.add_object(mask.clone());
            stream.dict.set("SMask", Object::Reference(mask));
        }
        doc.add_object(stream)
    }
}

/// The name a picture is drawn under in the page resources.
pub fn resource_name(index: usize) -> String {
    format!("Im{}", index + 1)
}

/// The dictionary of an 8-bit image XObject.
fn image_dict(width: u32, height: u32, space: &str) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", Object::Integer(i64::from(width)));
    dict.set("Height", Object::Integer(i64::from(height)));
    dict.set("ColorSpace", Object::Name(space.as_bytes().to_vec()));
    dict.set("BitsPerComponent", Object::Integer(8));
    dict
}

/// The alpha channel as a grey soft mask, when the picture has one that is not fully opaque.
fn soft_mask(decoded: &DynamicImage) -> Option<Stream> {
    if !decoded.color().has_alpha() {
        return None;
    }
    let alpha: Vec<u8> = decoded
        .to_rgba8()
        .pixels()
        .map(|pixel| pixel.0[3])
        .collect();
    if alpha.iter().all(|&a| a == u8::MAX) {
        return None;
    }
    let dict = image_dict(decoded.width(), decoded.height(), "DeviceGray");
    Some(Stream::new(dict, alpha))
}

/// The compressed pixels of a PNG a PDF can take as they are.
#[derive(Debug)]
struct PngData {
    width: u32,
    height: u32,
    /// 1 (grey) or 3 (RGB).
    channels: u8,
    /// The zlib stream of the image data (the IDAT chunks joined).
    zlib: Vec<u8>,
}

/// The PNG's image data when it can pass into the PDF unchanged: 8 bits per sample, grey or
/// RGB, no transparency (`tRNS`), not interlaced, and data that inflates to exactly the filtered
/// rows its header promises. `None` sends the picture to the decoder instead.
fn png_data(bytes: &[u8]) -> Option<PngData> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut rest = bytes.strip_prefix(SIGNATURE)?;
    let mut header = None;
    let mut zlib = Vec::new();
    loop {
        let length = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let kind = rest.get(4..8)?;
        let data = rest.get(8..8usize.checked_add(length)?)?;
        match kind {
            b"IHDR" => header = Some(data),
            b"IDAT" => zlib.extend_from_slice(data),
            b"tRNS" | b"PLTE" => return None,
            b"IEND" => break,
            _ => {}
        }
        // Skip the data and its CRC.
        rest = rest.get(12 + length..)?;
    }
    let header = header?;
    let number = |at: usize| Some(u32::from_be_bytes(header.get(at..at + 4)?.try_into().ok()?));
    let (width, height) = (number(0)?, number(4)?);
    let (depth, color, interlace) = (*header.get(8)?, *header.get(9)?, *header.get(12)?);
    let channels = match color {
        0 => 1,
        2 => 3,
        _ => return None,
    };
    if depth != 8 || interlace != 0 || width == 0 || height == 0 {
        return None;
    }
    let row = u64::from(width) * u64::from(channels) + 1;
    let expected = row.checked_mul(u64::from(height))?;
    (inflated_size(&zlib, expected)? == expected).then_some(PngData {
        width,
        height,
        channels,
        zlib,
    })
}

/// How many bytes a zlib stream inflates to, reading at most one byte past `limit`; `None` when
/// the stream is damaged.
fn inflated_size(zlib: &[u8], limit: u64) -> Option<u64> {
    use std::io::Read;
    let mut inflater = flate2::read::ZlibDecoder::new(zlib).take(limit.saturating_add(1));
    std::io::copy(&mut inflater, &mut std::io::sink()).ok()
}

/// What a JPEG's frame header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct JpegHeader {
    width: u32,
    height: u32,
    components: u8,
}

/// Reads the frame header (SOFn) of a JPEG, skipping the segments before it.
fn jpeg_header(bytes: &[u8]) -> Option<JpegHeader> {
    if !bytes.starts_with(&[0xff, 0xd8]) {
        return None;
    }
    let mut at = 2;
    loop {
        // Markers may be preceded by any number of 0xFF fill bytes.
        while *bytes.get(at)? == 0xff && *bytes.get(at + 1)? == 0xff {
            at += 1;
        }
        if *bytes.get(at)? != 0xff {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        at += 2;
        if marker == 0x01 || (0xd0..=0xd7).contains(&marker) {
            continue;
        }
        let length = usize::from(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]));
        let is_frame = (0xc0..=0xcf).contains(&marker) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
        if is_frame {
            let segment = bytes.get(at + 2..at + length)?;
            let (height, width) = (
                u16::from_be_bytes([*segment.get(1)?, *segment.get(2)?]),
                u16::from_be_bytes([*segment.get(3)?, *segment.get(4)?]),
            );
            let bits = *segment.first()?;
            let components = *segment.get(5)?;
            return (bits == 8 && width > 0 && height > 0).then_some(JpegHeader {
                width: u32::from(width),
                height: u32::from(height),
                components,
            });
        }
        if marker == 0xda || length < 2 {
            return None;
        }
        at += length;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb, Rgba};

    fn encoded(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut bytes = std::io::Cursor::new(Vec::new());
        image
            .write_to(&mut bytes, format)
            .unwrap_or_else(|err| panic!("{err}"));
        bytes.into_inner()
    }

    /// The name `dict` gives `key`, if it is a name.
    fn name_in<'a>(dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
        dict.get(key).and_then(Object::as_name).ok()
    }

    fn embedded(bytes: Vec<u8>, media_type: &str) -> EmbeddedImage {
        EmbeddedImage {
            media_type: media_type.into(),
            file_name: "images/img-001".into(),
            bytes,
            ..EmbeddedImage::default()
        }
    }

    #[test]
    fn jpegs_pass_through_unchanged() {
        let picture = ImageBuffer::from_fn(40, 30, |x, y| Rgb([x as u8 * 6, y as u8 * 8, 90]));
        let bytes = encoded(DynamicImage::ImageRgb8(picture), ImageFormat::Jpeg);
        let image = PdfImage::from_embedded(&embedded(bytes.clone(), "image/jpeg"))
            .unwrap_or_else(|err| panic!("{err}"));
        let number = |key: &[u8]| image.stream.dict.get(key).and_then(Object::as_i64).ok();
        assert_eq!((number(b"Width"), number(b"Height")), (Some(40), Some(30)));
        assert_eq!(image.stream.content, bytes, "the JPEG is not re-encoded");
        assert_eq!(
            name_in(&image.stream.dict, b"Filter"),
            Some(b"DCTDecode".as_slice())
        );
        assert_eq!(
            name_in(&image.stream.dict, b"ColorSpace"),
            Some(b"DeviceRGB".as_slice())
        );
    }

    #[test]
    fn opaque_pngs_pass_through_with_png_predictors() {
        let picture = ImageBuffer::from_fn(30, 20, |x, y| Rgb([x as u8 * 8, y as u8 * 12, 40]));
        let bytes = encoded(DynamicImage::ImageRgb8(picture.clone()), ImageFormat::Png);
        let image = PdfImage::from_embedded(&embedded(bytes, "image/png"))
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(
            name_in(&image.stream.dict, b"Filter"),
            Some(b"FlateDecode".as_slice())
        );
        let parms = image
            .stream
            .dict
            .get(b"DecodeParms")
            .and_then(Object::as_dict)
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(
            parms.get(b"Predictor").and_then(Object::as_i64).ok(),
            Some(15)
        );
        assert_eq!(
            parms.get(b"Columns").and_then(Object::as_i64).ok(),
            Some(30)
        );
        // The stream undoes to the picture's pixels, as a PDF reader would undo it.
        let mut stream = image.stream.clone();
        stream.decompress().unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(stream.content, picture.into_raw());
    }

    #[test]
    fn damaged_or_unusual_pngs_are_decoded_instead() {
        let picture = ImageBuffer::from_fn(30, 20, |x, _| Rgb([x as u8 * 8, 0, 40]));
        let bytes = encoded(DynamicImage::ImageRgb8(picture), ImageFormat::Png);
        assert!(png_data(&bytes).is_some());
        // Cut the image data short: the pass-through refuses it.
        let idat = bytes
            .windows(4)
            .position(|window| window == b"IDAT")
            .unwrap_or_else(|| panic!("no IDAT"));
        let mut damaged = bytes.clone();
        damaged[idat + 10] ^= 0xFF;
        damaged[idat + 11] ^= 0xFF;
        assert!(png_data(&damaged).is_none());
        assert!(png_data(&bytes[..bytes.len() / 2]).is_none());
        // 16-bit and transparent pictures go to the decoder.
        let deep = ImageBuffer::from_fn(4, 4, |_, _| image::Rgb([1000u16, 2000, 3000]));
        assert!(png_data(&encoded(DynamicImage::ImageRgb16(deep), ImageFormat::Png)).is_none());
        let clear = ImageBuffer::from_fn(4, 4, |_, _| Rgba([1, 2, 3, 0]));
        assert!(png_data(&encoded(DynamicImage::ImageRgba8(clear), ImageFormat::Png)).is_none());
    }

    #[test]
    fn transparent_pngs_get_a_soft_mask() {
        let picture = ImageBuffer::from_fn(20, 10, |x, _| Rgba([200, 10, 10, (x * 12) as u8]));
        let bytes = encoded(DynamicImage::ImageRgba8(picture), ImageFormat::Png);
        let image = PdfImage::from_embedded(&embedded(bytes, "image/png"))
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(image.stream.content.len(), 20 * 10 * 3);
        let mask = image.mask.expect("a soft mask");
        assert_eq!(mask.content.len(), 20 * 10);
    }

    #[test]
    fn broken_pictures_are_refused() {
        let broken = embedded(b"\xff\xd8\xff\xe0 not really".to_vec(), "image/jpeg");
        assert!(PdfImage::from_embedded(&broken).is_err());
        assert_eq!(jpeg_header(b"GIF89a"), None);
    }
}
