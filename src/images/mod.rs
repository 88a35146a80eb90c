//! The images stage, between normalizing and rendering: loads the pictures a [`Book`] names and
//! turns them into [`EmbeddedImage`]s that a backend can store as they are.
//!
//! Backends never fetch and never see HTML, so everything an e-reader needs is decided here:
//! - every address is loaded through [`load_resource`], which applies the security policy (a
//!   page from the network never reads local files; a local page reads only inside its folder);
//! - an article's pictures are fetched [`PICTURE_FETCHES`] at a time, within what its input's
//!   time [`Budget`] (`--timeout`) has left after its page: those not loaded by then are left
//!   out with a warning, and the book keeps the order of the page whichever came first;
//! - tracking pixels and spacers (under [`ImageOptions::min_side`] pixels on a side) are dropped;
//! - images larger than [`ImageOptions::max_side`] on their long side are scaled down;
//! - formats e-readers cannot show (WebP, AVIF, GIF, CMYK JPEG) become JPEG (photos) or PNG (images
//!   with transparency, and GIFs); AVIF is decoded (the `avif` module) and stored the same way;
//!   SVG is drawn into a PNG (the `svg` module), which keeps its picture and drops its scripts
//!   and references;
//! - photographic PNGs without transparency become JPEG (a photo stored as PNG is several
//!   times larger; see [`looks_photographic`]); drawings, screenshots and pictures with
//!   transparency stay PNG;
//! - no picture is stored larger than [`MAX_PICTURE_BYTES`] (Amazon's limit for a picture in
//!   a book): one that would be is stored as JPEG when it has no transparency, and scaled
//!   down until it fits;
//! - JPEG and PNG files that need no change are kept byte for byte (no re-encoding);
//! - the same bytes under several addresses are stored once;
//! - an image that cannot be loaded or decoded is left out with an [`ImageWarning`]: it never
//!   fails the book.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, GenericImageView, ImageFormat, ImageReader};

#[cfg(feature = "avif")]
mod avif;
#[cfg(feature = "svg")]
mod svg;

use crate::document::{Block, Book, EmbeddedImage, Inline, Node, Walk};
use crate::limits::{check_range, OptionError, IMAGE_SIDE_PX};
use crate::source::{
    load_resource, sniff_image_type, Budget, Fetcher, Origin, SourceError, SourceLimits,
};

/// The long side images are scaled down to by default, in pixels.
pub const DEFAULT_MAX_SIDE: u32 = 1600;
/// Images smaller than this on either side are dropped as tracking pixels or spacers.
pub const DEFAULT_MIN_SIDE: u32 = 16;
/// How many pictures of an article are fetched at once.
pub const PICTURE_FETCHES: usize = 6;
/// The JPEG quality of re-encoded photos.
const JPEG_QUALITY: u8 = 85;
/// The largest picture stored, in bytes: Amazon's guidance for one picture in a book.
pub const MAX_PICTURE_BYTES: usize = 5_000_000;
/// A PNG smaller than this is kept as it is without looking at its pixels: storing it as
/// JPEG would gain little.
const PHOTO_CHECK_MIN_BYTES: usize = 100_000;
/// A PNG packed into fewer bytes a pixel than this is a drawing (flat colours deflate well);
/// a photograph takes 2 to 4.
const PHOTO_CHECK_MIN_BYTES_PER_PIXEL: f64 = 1.0;
/// The most pixels [`looks_photographic`] looks at (a grid over the picture).
const PHOTO_SAMPLE_SIDE: u32 = 64;
/// The largest width or height decoded at all (a guard against decompression bombs).
const MAX_DECODED_SIDE: u32 = 20_000;
/// The most memory one decode may take.
const MAX_DECODE_ALLOC: u64 = 512 << 20;

/// How images are prepared.
#[derive(Debug, Clone, Copy)]
pub struct ImageOptions {
    /// The longest side an image keeps, in pixels; larger images are scaled down.
    pub max_side: u32,
    /// Images smaller than this on either side are dropped.
    pub min_side: u32,
    /// Limits on the bytes read for one image.
    pub limits: SourceLimits,
}

impl ImageOptions {
    /// Checks that the options are within [`crate::limits`].
    pub fn check(&self) -> Result<(), OptionError> {
        check_range("--max-image-size", self.max_side, &IMAGE_SIDE_PX, "pixels")
    }
}

impl Default for ImageOptions {
    fn default() -> Self {
        ImageOptions {
            max_side: DEFAULT_MAX_SIDE,
            min_side: DEFAULT_MIN_SIDE,
            limits: SourceLimits::default(),
        }
    }
}

/// Why one image was left out.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// Loading failed or the policy refused the address.
    #[error(transparent)]
    Load(#[from] SourceError),
    /// The input's time ran out before the picture was loaded.
    #[error("not loaded within the {seconds} s its page may take (--timeout)")]
    OutOfTime {
        /// The input's whole time, in seconds.
        seconds: f64,
    },
    /// The picture is smaller than a picture worth keeping.
    #[error("too small: under {min_side} pixels on a side")]
    TooSmall {
        /// The smallest side kept, in pixels.
        min_side: u32,
    },
    /// The bytes are not an image format cleancopy reads.
    #[error("not an image in a format cleancopy can embed ({0})")]
    Unsupported(String),
    /// The image could not be decoded or encoded.
    #[error("cannot decode the image: {}", one_line(.0))]
    Decode(#[from] image::ImageError),
    /// The SVG picture could not be drawn.
    #[cfg(feature = "svg")]
    #[error("cannot draw the picture: {}", one_line(.0))]
    Svg(#[from] svg::SvgError),
    /// The AVIF picture could not be decoded.
    #[error("{}", one_line(.0))]
    #[cfg(feature = "avif")]
    Avif(#[from] avif::AvifError),
}

/// A decoder's message on one line, as a warning is on standard error and in `--json`
/// records: some decoders end theirs with a line break, and an SVG parser quotes the character
/// it did not expect, a line break among them. Line breaks at the end go; control characters
/// within are written as escapes (`'\n'`).
fn one_line(message: &impl std::fmt::Display) -> String {
    message
        .to_string()
        .trim_end()
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// An image that was left out of the book, and why.
#[derive(Debug, thiserror::Error)]
#[error("image {src} left out: {}", one_line(error))]
pub struct ImageWarning {
    /// The image address as the article gives it.
    pub src: String,
    /// What went wrong.
    pub error: ImageError,
}

/// What the images stage made of a book.
#[derive(Debug, Default)]
pub struct PreparedImages {
    /// The images to store, each once.
    pub images: Vec<EmbeddedImage>,
    /// The images left out because they failed to load or decode.
    pub warnings: Vec<ImageWarning>,
}

/// Loads, checks and converts every figure image of `book` (and the first article's lead image,
/// a cover candidate). `origins[i]` is where article `i` came from and `budgets[i]` what its
/// input's time has left for its pictures; an article without both loads no images.
pub fn prepare_images(
    book: &Book,
    origins: &[Origin],
    budgets: &[Budget],
    fetcher: &dyn Fetcher,
    options: &ImageOptions,
) -> PreparedImages {
    let mut stage = Stage::default();
    for (index, article) in book.articles.iter().enumerate() {
        let (Some(origin), Some(budget)) = (origins.get(index), budgets.get(index)) else {
            continue;
        };
        let lead = (index == 0)
            .then_some(article.meta.lead_image.as_ref())
            .flatten();
        let figures = article.blocks.iter().flat_map(figure_sources);
        let mut seen = HashSet::new();
        let sources: Vec<&str> = lead
            .map(|image| image.src.as_str())
            .into_iter()
            .chain(figures)
            .filter(|src| seen.insert(*src))
            .collect();
        let loaded = load_all(&sources, origin, fetcher, options.limits, budget);
        for (src, bytes) in sources.into_iter().zip(loaded) {
            stage.add(index, src, bytes, options);
        }
    }
    PreparedImages {
        images: stage.images,
        warnings: stage.warnings,
    }
}

/// A picture's bytes as loaded, or why it was not.
type Loaded = Result<Vec<u8>, ImageError>;

/// Loads `sources`, pictures of a page of `origin`, [`PICTURE_FETCHES`] at a time within
/// `budget`; the results in the order of `sources`.
fn load_all(
    sources: &[&str],
    origin: &Origin,
    fetcher: &dyn Fetcher,
    limits: SourceLimits,
    budget: &Budget,
) -> Vec<Loaded> {
    let deadline = budget.start();
    let seconds = deadline.total().as_secs_f64();
    let load = |src: &str| match load_resource(origin, src, fetcher, limits, &deadline) {
        Ok(fetched) => Ok(fetched.bytes),
        // The input's time ran out (rather than, say, connecting to one server).
        Err(SourceError::Timeout { seconds: limit, .. }) if limit == seconds => {
            Err(ImageError::OutOfTime { seconds })
        }
        Err(error) => Err(error.into()),
    };
    let workers = PICTURE_FETCHES.min(sources.len());
    if workers <= 1 {
        return sources.iter().map(|src| load(src)).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<Loaded>>> = Mutex::new(sources.iter().map(|_| None).collect());
    let worker = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(src) = sources.get(index) else {
            break;
        };
        let result = load(src);
        if let Ok(mut slots) = slots.lock() {
            slots[index] = Some(result);
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(worker);
        }
    });
    slots
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        // Every slot is filled: a worker that panicked would have ended the scope with its panic.
        .map(|slot| slot.unwrap_or_else(|| Err(ImageError::Unsupported("not loaded".into()))))
        .collect()
}

/// The `src` of every picture in `block` in reading order: figures, nested ones included,
/// and pictures inside text, captions and table cells.
fn figure_sources(block: &Block) -> Vec<&str> {
    let mut sources = Vec::new();
    block.walk(&mut |node| {
        match node {
            Node::Block(Block::Figure { image, .. }) | Node::Inline(Inline::Image { image }) => {
                sources.push(image.src.as_str())
            }
            _ => {}
        }
        Walk::Continue
    });
    sources
}

/// The images made so far, and what is known about each source seen.
#[derive(Default)]
struct Stage {
    images: Vec<EmbeddedImage>,
    warnings: Vec<ImageWarning>,
    /// The image made from the exact bytes loaded (`None`: dropped as too small).
    by_bytes: HashMap<Vec<u8>, Option<usize>>,
}

impl Stage {
    /// Records `src` of article `article`, `loaded` as it was, as an image, a drop or a
    /// warning.
    fn add(&mut self, article: usize, src: &str, loaded: Loaded, options: &ImageOptions) {
        let bytes = match loaded {
            Ok(bytes) => bytes,
            Err(error) => return self.warn(src, error),
        };
        if let Some(known) = self.by_bytes.get(&bytes) {
            if let Some(index) = *known {
                self.images[index].sources.push((article, src.to_string()));
            }
            return;
        }
        let number = self.images.len() + 1;
        match convert(&bytes, options) {
            Ok(Some(converted)) => {
                self.by_bytes.insert(bytes, Some(self.images.len()));
                self.images.push(converted.embed(number, article, src));
            }
            Ok(None) => {
                self.by_bytes.insert(bytes, None);
            }
            Err(error) => self.warn(src, error),
        }
    }

    fn warn(&mut self, src: &str, error: ImageError) {
        self.warnings.push(ImageWarning {
            src: src.to_string(),
            error,
        });
    }
}

/// A picture ready to store in a book: JPEG or PNG bytes, and their size.
#[derive(Debug)]
pub struct Converted {
    /// The JPEG or PNG bytes.
    pub bytes: Vec<u8>,
    format: Stored,
    /// The width in pixels.
    pub width: u32,
    /// The height in pixels.
    pub height: u32,
    /// The long side of the picture the page gave, before it was scaled down: what decides
    /// whether it may be the cover, so that a smaller `--max-image-size` never swaps a photo
    /// cover for a drawn one.
    source_long_side: u32,
}

/// The two formats images are stored in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stored {
    Jpeg,
    Png,
}

impl Stored {
    fn extension(self) -> &'static str {
        match self {
            Stored::Jpeg => "jpg",
            Stored::Png => "png",
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Stored::Jpeg => "image/jpeg",
            Stored::Png => "image/png",
        }
    }
}

impl Converted {
    /// `image/jpeg` or `image/png`.
    pub fn media_type(&self) -> &'static str {
        self.format.media_type()
    }

    fn embed(self, number: usize, article: usize, src: &str) -> EmbeddedImage {
        EmbeddedImage {
            sources: vec![(article, src.to_string())],
            file_name: format!("images/img-{number:03}.{}", self.format.extension()),
            media_type: self.format.media_type().to_string(),
            width: self.width,
            height: self.height,
            prepared_long_side: self.source_long_side.max(self.width).max(self.height),
            bytes: self.bytes,
        }
    }
}

/// Makes a book's cover of a picture's bytes (`--cover`), checked, scaled and converted as
/// every picture of a book is (see [`convert`]), stored as `images/cover.jpg` or `.png`.
pub fn cover_picture(bytes: &[u8], options: &ImageOptions) -> Result<EmbeddedImage, ImageError> {
    let converted = convert(bytes, options)?.ok_or(ImageError::TooSmall {
        min_side: options.min_side,
    })?;
    let mut cover = converted.embed(0, 0, "");
    cover.sources.clear();
    cover.file_name = cover.file_name.replace("img-000", "cover");
    Ok(cover)
}

/// Makes the stored form of one picture from its bytes, whatever their format (told by the
/// bytes, not by a name or a header), as the images stage does for each picture of a book:
/// `None` when the picture is too small to keep, an error when it cannot be read or is over
/// a limit (see [`ImageOptions`] and the module documentation).
pub fn convert(bytes: &[u8], options: &ImageOptions) -> Result<Option<Converted>, ImageError> {
    let (format, kept_as) = match sniff_image_type(bytes) {
        Some("image/jpeg") => (ImageFormat::Jpeg, Some(Stored::Jpeg)),
        Some("image/png") => (ImageFormat::Png, Some(Stored::Png)),
        Some("image/gif") => (ImageFormat::Gif, None),
        Some("image/webp") => (ImageFormat::WebP, None),
        Some("image/svg+xml") => return rasterized_svg(bytes, options),
        Some("image/avif") => return decoded_avif(bytes, options),
        Some(other) => return Err(ImageError::Unsupported(other.to_string())),
        None => return Err(ImageError::Unsupported("unknown format".to_string())),
    };
    let (width, height) = reader(bytes, format).into_dimensions()?;
    if width < options.min_side || height < options.min_side {
        return Ok(None);
    }
    let fits = width.max(height) <= options.max_side;
    let as_it_is =
        kept_as.filter(|_| fits && !is_cmyk_jpeg(bytes) && bytes.len() <= MAX_PICTURE_BYTES);
    let unchanged = |format| Converted {
        bytes: bytes.to_vec(),
        format,
        width,
        height,
        source_long_side: width.max(height),
    };
    let may_be_photo = |bytes: usize| {
        bytes >= PHOTO_CHECK_MIN_BYTES
            && bytes as f64 / (f64::from(width) * f64::from(height))
                >= PHOTO_CHECK_MIN_BYTES_PER_PIXEL
    };
    match as_it_is {
        Some(Stored::Png) if may_be_photo(bytes.len()) => {}
        Some(stored) => return Ok(Some(unchanged(stored))),
        None => {}
    }
    let mut decoded = reader(bytes, format).decode()?;
    if !fits {
        decoded = decoded.resize(options.max_side, options.max_side, FilterType::Triangle);
    }
    let lossless = match format {
        ImageFormat::Gif => true,
        ImageFormat::Png => !looks_photographic(&decoded),
        _ => false,
    };
    if lossless && as_it_is.is_some() {
        return Ok(Some(unchanged(Stored::Png)));
    }
    let converted = within_picture_limit(encode(&decoded, lossless)?, &decoded, MAX_PICTURE_BYTES)?;
    Ok(Some(Converted {
        source_long_side: width.max(height),
        ..converted
    }))
}

/// Whether a picture looks like a photograph rather than a drawing, a chart or a
/// screenshot: at least a quarter of the pixels of a grid of up to 64 × 64 over it have
/// colours of their own, and more than 256 (a drawing has a few flat colours and their
/// anti-aliased edges; a photograph's light, shade and grain make nearly every pixel
/// different). Pictures with transparency are never photographs here: JPEG cannot keep it.
pub fn looks_photographic(image: &DynamicImage) -> bool {
    if has_transparency(image) {
        return false;
    }
    let (width, height) = (image.width(), image.height());
    let (columns, rows) = (width.min(PHOTO_SAMPLE_SIDE), height.min(PHOTO_SAMPLE_SIDE));
    let mut colours = HashSet::new();
    for row in 0..rows {
        for column in 0..columns {
            // The middle of each cell of the grid.
            let x = (u64::from(column) * 2 + 1) * u64::from(width) / (u64::from(columns) * 2);
            let y = (u64::from(row) * 2 + 1) * u64::from(height) / (u64::from(rows) * 2);
            let [r, g, b, _] = image.get_pixel(x as u32, y as u32).0;
            colours.insert([r, g, b]);
        }
    }
    let samples = (columns * rows) as usize;
    colours.len() > 256 && colours.len() * 4 >= samples
}

/// `converted` (made from `image`) within `limit` bytes ([`MAX_PICTURE_BYTES`]): a larger
/// one is stored as JPEG when it has no transparency, and scaled down (by the square root of
/// how much too large it is, and a tenth more) until it fits.
fn within_picture_limit(
    converted: Converted,
    image: &DynamicImage,
    limit: usize,
) -> Result<Converted, ImageError> {
    let mut converted = converted;
    let mut scaled: Option<DynamicImage> = None;
    let transparent = has_transparency(image);
    while converted.bytes.len() > limit {
        let current = scaled.as_ref().unwrap_or(image);
        if converted.format == Stored::Png && !transparent {
            converted = encode(current, false)?;
            continue;
        }
        let factor = 0.9 * (limit as f64 / converted.bytes.len() as f64).sqrt();
        let side = |pixels: u32| ((f64::from(pixels) * factor) as u32).max(1);
        let smaller = current.resize_exact(
            side(current.width()),
            side(current.height()),
            FilterType::Triangle,
        );
        converted = encode(&smaller, transparent)?;
        scaled = Some(smaller);
    }
    Ok(converted)
}

/// An AVIF picture decoded, scaled and stored as JPEG (or PNG when it has transparent pixels),
/// unless it is smaller than a spacer.
#[cfg(feature = "avif")]
fn decoded_avif(bytes: &[u8], options: &ImageOptions) -> Result<Option<Converted>, ImageError> {
    let mut decoded = avif::decode(bytes, MAX_DECODE_ALLOC / 4)?;
    if decoded.width() < options.min_side || decoded.height() < options.min_side {
        return Ok(None);
    }
    let source_long_side = decoded.width().max(decoded.height());
    if source_long_side > options.max_side {
        decoded = decoded.resize(options.max_side, options.max_side, FilterType::Triangle);
    }
    let converted = within_picture_limit(encode(&decoded, false)?, &decoded, MAX_PICTURE_BYTES)?;
    Ok(Some(Converted {
        source_long_side,
        ..converted
    }))
}

/// An SVG drawn as a PNG, unless it comes out smaller than a spacer.
#[cfg(feature = "svg")]
fn rasterized_svg(bytes: &[u8], options: &ImageOptions) -> Result<Option<Converted>, ImageError> {
    let (png, width, height) = svg::rasterize(bytes, options.max_side)?;
    if width < options.min_side || height < options.min_side {
        return Ok(None);
    }
    let drawn = Converted {
        bytes: png,
        format: Stored::Png,
        width,
        height,
        source_long_side: width.max(height),
    };
    if drawn.bytes.len() <= MAX_PICTURE_BYTES {
        return Ok(Some(drawn));
    }
    let decoded = reader(&drawn.bytes, ImageFormat::Png).decode()?;
    within_picture_limit(drawn, &decoded, MAX_PICTURE_BYTES).map(Some)
}

/// Without the `avif` feature, AVIF pictures are left out.
#[cfg(not(feature = "avif"))]
fn decoded_avif(_: &[u8], _: &ImageOptions) -> Result<Option<Converted>, ImageError> {
    Err(left_out_by_build("image/avif", "avif"))
}

/// Without the `svg` feature, SVG pictures are left out.
#[cfg(not(feature = "svg"))]
fn rasterized_svg(_: &[u8], _: &ImageOptions) -> Result<Option<Converted>, ImageError> {
    Err(left_out_by_build("image/svg+xml", "svg"))
}

/// The error for a picture format this build was made without.
#[cfg(not(all(feature = "avif", feature = "svg")))]
fn left_out_by_build(media_type: &str, feature: &str) -> ImageError {
    ImageError::Unsupported(format!(
        "{media_type}; this cleancopy was built without the `{feature}` feature"
    ))
}

/// `image` with each side scaled by `factor` (below 1), in the same format and under the same
/// file name. Used to fit a book under a size limit; pictures keep at least one pixel a side.
pub fn downscale(image: &EmbeddedImage, factor: f64) -> Result<EmbeddedImage, ImageError> {
    let format = match image.media_type.as_str() {
        "image/jpeg" => ImageFormat::Jpeg,
        "image/png" => ImageFormat::Png,
        other => return Err(ImageError::Unsupported(other.to_string())),
    };
    let decoded = reader(&image.bytes, format).decode()?;
    let side = |pixels: u32| ((f64::from(pixels) * factor).round() as u32).clamp(1, pixels);
    let resized = decoded.resize_exact(
        side(decoded.width()),
        side(decoded.height()),
        FilterType::Triangle,
    );
    let converted = encode(&resized, format == ImageFormat::Png)?;
    Ok(EmbeddedImage {
        bytes: converted.bytes,
        width: converted.width,
        height: converted.height,
        ..image.clone()
    })
}

/// A decoder for `bytes` of `format`, with limits on what it may allocate.
fn reader(bytes: &[u8], format: ImageFormat) -> ImageReader<Cursor<&[u8]>> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    reader
}

/// Encodes as PNG when the image is lossless or has transparent pixels, else as JPEG.
fn encode(image: &DynamicImage, lossless: bool) -> Result<Converted, ImageError> {
    let (width, height) = (image.width(), image.height());
    let mut bytes = Vec::new();
    let format = if lossless || has_transparency(image) {
        image.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)?;
        Stored::Png
    } else {
        JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY).encode_image(&image.to_rgb8())?;
        Stored::Jpeg
    };
    Ok(Converted {
        bytes,
        format,
        width,
        height,
        source_long_side: width.max(height),
    })
}

/// Whether any pixel is not fully opaque.
fn has_transparency(image: &DynamicImage) -> bool {
    image.color().has_alpha() && image.to_rgba8().pixels().any(|pixel| pixel[3] < u8::MAX)
}

/// Whether a JPEG has four colour components (CMYK or YCCK), which many e-readers show with
/// wrong colours or not at all. Reads the frame header (SOFn) for its component count.
fn is_cmyk_jpeg(bytes: &[u8]) -> bool {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return false;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            return bytes.get(at + 9) == Some(&4);
        }
        if marker == 0xDA || length < 2 {
            return false;
        }
        at += 2 + length;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn encoded(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut bytes = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut bytes), format)
            .unwrap();
        bytes
    }

    fn photo(width: u32, height: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        }))
    }

    /// Pictures that once made the picture fuzz targets fail
    /// (`tests/fixtures/fuzz-regressions/pictures/`): each converts, or is refused with a
    /// one-line message, as every picture of a page is.
    #[test]
    fn pictures_that_once_broke_a_fuzz_target_convert_or_fail_in_one_line() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz-regressions/pictures");
        let options = ImageOptions {
            min_side: 1,
            max_side: 64,
            ..ImageOptions::default()
        };
        let mut seen = 0;
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            if let Err(error) = convert(&bytes, &options) {
                let warning = ImageWarning {
                    src: path.display().to_string(),
                    error,
                }
                .to_string();
                assert!(!warning.contains('\n'), "{warning:?}");
                assert!(warning.starts_with("image "), "{warning:?}");
            }
            seen += 1;
        }
        assert!(seen > 0);
    }

    #[test]
    fn small_jpeg_is_kept_byte_for_byte() {
        let bytes = encoded(photo(40, 30), ImageFormat::Jpeg);
        let converted = convert(&bytes, &ImageOptions::default()).unwrap().unwrap();
        assert_eq!(converted.bytes, bytes);
        assert_eq!(converted.format, Stored::Jpeg);
        assert!(!is_cmyk_jpeg(&bytes));
    }

    /// A photograph-like picture: light and shade with grain, no two neighbours alike.
    fn grainy(width: u32, height: u32) -> DynamicImage {
        let mut state = 0x2545_f491_u32;
        DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let grain = (state % 24) as i32 - 12;
            let shade = |base: u32| (base as i32 + grain).clamp(0, 255) as u8;
            Rgb([
                shade(x * 200 / width + 20),
                shade(y * 180 / height + 40),
                shade(90),
            ])
        }))
    }

    /// A drawing in four flat colours with soft (anti-aliased) edges, like a chart.
    fn drawing(width: u32, height: u32) -> DynamicImage {
        let colours = [
            [255.0, 255.0, 255.0],
            [30.0, 60.0, 120.0],
            [220.0, 80.0, 40.0],
            [240.0, 200.0, 60.0],
        ];
        DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
            let band = (x / 50 + y / 30) as usize;
            let (a, b) = (colours[band % 4], colours[(band + 1) % 4]);
            // The last two pixels of a band blend into the next.
            let blend = match x % 50 {
                48 => 0.33,
                49 => 0.66,
                _ => 0.0,
            };
            let mix = |i: usize| (a[i] * (1.0 - blend) + b[i] * blend) as u8;
            Rgb([mix(0), mix(1), mix(2)])
        }))
    }

    #[test]
    fn large_png_drawing_is_scaled_and_stays_png() {
        let bytes = encoded(drawing(400, 100), ImageFormat::Png);
        let options = ImageOptions {
            max_side: 200,
            ..ImageOptions::default()
        };
        let converted = convert(&bytes, &options).unwrap().unwrap();
        assert_eq!((converted.width, converted.height), (200, 50));
        assert_eq!(sniff_image_type(&converted.bytes), Some("image/png"));
    }

    #[test]
    fn photographs_are_told_from_drawings() {
        assert!(looks_photographic(&grainy(400, 300)));
        assert!(looks_photographic(&photo(400, 300)), "a smooth gradient");
        assert!(!looks_photographic(&drawing(400, 300)));
        assert!(!looks_photographic(&drawing(4000, 30)));
        let mut see_through = grainy(100, 100).to_rgba8();
        see_through.get_pixel_mut(3, 3).0[3] = 0;
        assert!(!looks_photographic(&DynamicImage::ImageRgba8(see_through)));
    }

    #[test]
    fn a_photographic_png_becomes_jpeg_and_a_drawing_stays_byte_for_byte() {
        let options = ImageOptions::default();
        let photo_png = encoded(grainy(500, 400), ImageFormat::Png);
        assert!(
            photo_png.len() > PHOTO_CHECK_MIN_BYTES,
            "{}",
            photo_png.len()
        );
        let converted = convert(&photo_png, &options).unwrap().unwrap();
        assert_eq!(converted.format, Stored::Jpeg);
        assert_eq!((converted.width, converted.height), (500, 400));
        assert!(
            converted.bytes.len() * 3 < photo_png.len(),
            "{}",
            converted.bytes.len()
        );

        let drawing_png = encoded(drawing(1600, 1200), ImageFormat::Png);
        let converted = convert(&drawing_png, &options).unwrap().unwrap();
        assert_eq!(converted.format, Stored::Png);
        assert_eq!(converted.bytes, drawing_png);

        // A photograph with transparent corners keeps them, as PNG.
        let mut cut_out = grainy(500, 400).to_rgba8();
        for (x, y) in [(0, 0), (499, 0), (0, 399), (499, 399)] {
            cut_out.get_pixel_mut(x, y).0[3] = 0;
        }
        let cut_out_png = encoded(DynamicImage::ImageRgba8(cut_out), ImageFormat::Png);
        let converted = convert(&cut_out_png, &options).unwrap().unwrap();
        assert_eq!(converted.format, Stored::Png);
    }

    #[test]
    fn a_picture_over_the_limit_becomes_jpeg_then_smaller_until_it_fits() {
        const LIMIT: usize = 40_000;
        let picture = grainy(300, 300);
        let png = encode(&picture, true).unwrap();
        assert!(png.bytes.len() > LIMIT);
        let fitted = within_picture_limit(png, &picture, LIMIT).unwrap();
        assert!(fitted.bytes.len() <= LIMIT, "{}", fitted.bytes.len());
        assert_eq!(fitted.format, Stored::Jpeg);
        // Transparency stays: the picture is scaled down as PNG.
        let mut see_through = picture.to_rgba8();
        see_through.get_pixel_mut(0, 0).0[3] = 0;
        let see_through = DynamicImage::ImageRgba8(see_through);
        let png = encode(&see_through, true).unwrap();
        let fitted = within_picture_limit(png, &see_through, LIMIT).unwrap();
        assert!(fitted.bytes.len() <= LIMIT, "{}", fitted.bytes.len());
        assert_eq!(fitted.format, Stored::Png);
        assert!(fitted.width < 300 && fitted.width == fitted.height);
    }

    #[test]
    fn webp_becomes_jpeg_or_png_by_transparency() {
        let opaque = encoded(photo(40, 40), ImageFormat::WebP);
        let converted = convert(&opaque, &ImageOptions::default()).unwrap().unwrap();
        assert_eq!(sniff_image_type(&converted.bytes), Some("image/jpeg"));
        let clear = DynamicImage::ImageRgba8(RgbaImage::from_pixel(40, 40, Rgba([0, 0, 0, 0])));
        let converted = convert(&encoded(clear, ImageFormat::WebP), &ImageOptions::default())
            .unwrap()
            .unwrap();
        assert_eq!(sniff_image_type(&converted.bytes), Some("image/png"));
    }

    #[test]
    fn pixels_are_dropped_and_junk_is_an_error() {
        let pixel = encoded(photo(1, 1), ImageFormat::Png);
        assert!(convert(&pixel, &ImageOptions::default()).unwrap().is_none());
        assert!(convert(b"<html></html>", &ImageOptions::default()).is_err());
    }

    /// Serves a PNG at every address ending in `.png`, and nothing else.
    struct FakeFetcher(Vec<u8>);

    impl Fetcher for FakeFetcher {
        fn fetch(
            &self,
            url: &str,
            _: Option<&str>,
        ) -> Result<crate::source::Fetched, crate::source::SourceError> {
            if !url.ends_with(".png") {
                return Err(crate::source::SourceError::Http {
                    input: url.into(),
                    status: 404,
                    reason: "Not Found".into(),
                    at: None,
                });
            }
            Ok(crate::source::Fetched {
                url: url.into(),
                media_type: Some("image/png".into()),
                charset: None,
                bytes: self.0.clone(),
            })
        }
    }

    fn figure(src: &str) -> Block {
        Block::Figure {
            image: crate::document::ImageRef {
                src: src.into(),
                alt: String::new(),
            },
            caption: Vec::new(),
        }
    }

    #[test]
    fn a_book_stores_each_picture_once_and_warns_about_the_missing() {
        let page = url::Url::parse("https://example.org/news/story").ok();
        let article = crate::document::Document {
            meta: crate::document::Metadata {
                lead_image: Some(crate::document::ImageRef {
                    src: "https://example.org/lead.png".into(),
                    alt: String::new(),
                }),
                ..Default::default()
            },
            blocks: vec![
                figure("https://example.org/a.png"),
                Block::Quote {
                    blocks: vec![figure("https://example.org/a.png")],
                    attribution: Vec::new(),
                },
                figure("https://example.org/gone.jpg"),
            ],
        };
        let book = Book::single(article);
        let fetcher = FakeFetcher(encoded(photo(40, 40), ImageFormat::Png));
        let origins = [Origin::Remote { page }];
        let prepared = prepare_images(
            &book,
            &origins,
            &[full_budget()],
            &fetcher,
            &ImageOptions::default(),
        );
        assert_eq!(prepared.images.len(), 1);
        let image = &prepared.images[0];
        assert_eq!(image.file_name, "images/img-001.png");
        assert!(image.serves(0, "https://example.org/lead.png"));
        assert!(image.serves(0, "https://example.org/a.png"));
        assert_eq!(prepared.warnings.len(), 1);
        assert_eq!(prepared.warnings[0].src, "https://example.org/gone.jpg");
    }

    fn full_budget() -> Budget {
        Budget::new(std::time::Duration::from_secs(30))
    }

    /// Serves `/pic-N.png` as a picture tinted N, later the smaller N is.
    struct LateFirst;

    impl Fetcher for LateFirst {
        fn fetch(&self, url: &str, _: Option<&str>) -> Result<crate::source::Fetched, SourceError> {
            let number: u8 = url
                .trim_end_matches(".png")
                .rsplit('-')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            std::thread::sleep(std::time::Duration::from_millis(
                20 * u64::from(10 - number),
            ));
            let picture =
                DynamicImage::ImageRgb8(RgbImage::from_pixel(20, 20, Rgb([number * 20, 0, 0])));
            Ok(crate::source::Fetched {
                url: url.into(),
                media_type: None,
                charset: None,
                bytes: encoded(picture, ImageFormat::Png),
            })
        }
    }

    fn article_with_pictures(count: u8) -> Book {
        Book::single(crate::document::Document {
            meta: Default::default(),
            blocks: (0..count)
                .map(|n| figure(&format!("https://example.org/pic-{n}.png")))
                .collect(),
        })
    }

    fn remote_origin() -> Origin {
        Origin::Remote {
            page: url::Url::parse("https://example.org/news/story").ok(),
        }
    }

    #[test]
    fn pictures_fetched_at_once_keep_the_order_of_the_page() {
        let book = article_with_pictures(9);
        let prepared = prepare_images(
            &book,
            &[remote_origin()],
            &[full_budget()],
            &LateFirst,
            &ImageOptions::default(),
        );
        assert!(prepared.warnings.is_empty(), "{:?}", prepared.warnings);
        assert_eq!(prepared.images.len(), 9);
        for (n, image) in prepared.images.iter().enumerate() {
            assert!(image.serves(0, &format!("https://example.org/pic-{n}.png")));
            assert_eq!(image.file_name, format!("images/img-{:03}.png", n + 1));
        }
    }

    #[test]
    fn pictures_past_the_input_time_are_left_out_and_say_so() {
        let book = article_with_pictures(3);
        let spent = Budget::new(std::time::Duration::ZERO);
        let prepared = prepare_images(
            &book,
            &[remote_origin()],
            &[spent],
            &LateFirst,
            &ImageOptions::default(),
        );
        assert!(prepared.images.is_empty());
        assert_eq!(prepared.warnings.len(), 3);
        for warning in &prepared.warnings {
            assert!(
                matches!(warning.error, ImageError::OutOfTime { .. }),
                "{warning}"
            );
            assert!(warning.to_string().contains("(--timeout)"), "{warning}");
        }
    }

    #[test]
    fn cmyk_frame_headers_are_recognised() {
        // SOI, then an SOF0 with 8-bit precision, 16×16, four components.
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x14, 8, 0, 16, 0, 16, 4];
        bytes.extend([0; 12]);
        assert!(is_cmyk_jpeg(&bytes));
        bytes[11] = 3;
        assert!(!is_cmyk_jpeg(&bytes));
    }
}
