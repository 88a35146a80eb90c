//! SVG pictures, rasterised to PNG.
//!
//! E-readers differ in what SVG they show (Kindle's converters drop much of it) and an SVG can
//! carry scripts, event handlers and references to other files. Rasterising with `resvg` keeps
//! the picture and none of that: scripts and event attributes are never run, and an `<image>`
//! inside the SVG is drawn only when its bytes are inline (`data:` addresses). A reference to
//! any other file or address is ignored, so an SVG from a web page can never make cleancopy
//! read a local file. Text is set in the bundled fonts only, so the result does not depend on
//! the fonts installed on the machine.
//!
//! Drawing is bounded in time and memory by limits checked before the work they bound: the
//! document, once the parts it refers to are written out in full, must stay small and shallow
//! (the `expansion` module, checked on the XML before usvg builds its tree), and the drawing,
//! estimated from that tree, must stay within a number of elements, a number of pixel
//! operations and a number of pixels held at once (the `cost` module, checked before resvg
//! draws). The picture itself is at most `max_side` pixels on its long side. A picture over
//! a limit is left out with [`SvgError::OverLimit`] naming the limit. No deadline is needed:
//! resvg cannot be interrupted safely, and the limits bound what it will do.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb, roxmltree, ImageHrefResolver, ImageKind};

use crate::fonts::{face_bytes, FaceId};
use crate::source::sniff_image_type;

mod cost;
mod expansion;

/// The most XML nodes (elements, text, comments) read from one SVG: usvg refuses documents of
/// more than a million elements, and reading no further bounds the memory spent on refusing.
const MAX_XML_NODES: u32 = 1_000_000;

/// How many pixels a picture gets per CSS pixel of its own size: 2 keeps lines crisp on
/// high-density e-reader screens.
const PIXELS_PER_CSS_PIXEL: f32 = 2.0;

/// Why an SVG could not be rasterised.
#[derive(Debug, thiserror::Error)]
pub enum SvgError {
    /// The bytes are not an SVG document resvg can read.
    #[error("unreadable SVG ({0})")]
    Parse(#[from] usvg::Error),
    /// The picture has no area, or one too large to draw.
    #[error("SVG of unusable size {width}x{height}")]
    Size {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// The drawn picture could not be written as PNG.
    #[error("could not write PNG ({0})")]
    Png(String),
    /// Drawing the picture would go over a limit on time or memory.
    #[error("over a drawing limit: {0}")]
    OverLimit(#[from] OverLimit),
    /// The SVG libraries failed on the picture (they panicked on input they do not expect).
    #[error("the SVG library failed on this picture")]
    Failed,
}

/// A limit on drawing an SVG, and how far a picture went over it.
#[derive(Debug, thiserror::Error)]
pub enum OverLimit {
    /// Elements nested too deeply, counting each reference as a level.
    #[error(
        "it nests elements more than {} levels deep, the limit",
        expansion::MAX_NESTING
    )]
    Nesting,
    /// Too large once every reference is written out in place.
    #[error(
        "written out in full it is {} MB (limit {} MB)",
        .0 >> 20,
        expansion::MAX_EXPANDED_BYTES >> 20
    )]
    Expansion(u64),
    /// A style sheet with many rules over many elements.
    #[error(
        "its style sheet takes {0} rule matches (limit {limit})",
        limit = expansion::MAX_STYLE_MATCHES
    )]
    StyleMatches(u64),
    /// Too many elements to draw.
    #[error(
        "it draws {0} elements or more (limit {limit})",
        limit = cost::MAX_DRAWN_ELEMENTS
    )]
    Elements(u64),
    /// Too much work: filters, layers and shapes over too many pixels.
    #[error(
        "its shapes, layers and filters take {} million pixel operations or more (limit {} million)",
        .0 / 1_000_000,
        cost::MAX_PIXEL_WORK / 1_000_000
    )]
    Work(u64),
    /// Too many pixels held at once.
    #[error(
        "it holds {} MB of pixels at once (limit {} MB)",
        .0 >> 20,
        cost::MAX_PIXEL_BYTES >> 20
    )]
    PixelBytes(u64),
}

/// An SVG drawn at a size whose long side is at most `max_side` pixels, as PNG bytes with
/// their width and height.
/// Pictures over the limits (see the module documentation) are refused before they are drawn.
/// A panic inside the SVG libraries, on input they were not written for, is turned into
/// [`SvgError::Failed`]: one bad picture never ends the run.
pub fn rasterize(bytes: &[u8], max_side: u32) -> Result<(Vec<u8>, u32, u32), SvgError> {
    catch_unwind(AssertUnwindSafe(|| rasterize_unguarded(bytes, max_side)))
        .unwrap_or(Err(SvgError::Failed))
}

fn rasterize_unguarded(bytes: &[u8], max_side: u32) -> Result<(Vec<u8>, u32, u32), SvgError> {
    let tree = parse(bytes, &options())?;
    let size = tree.size();
    let natural_long_side = size.width().max(size.height());
    let scale = (PIXELS_PER_CSS_PIXEL).min(max_side as f32 / natural_long_side);
    let width = (size.width() * scale).round() as u32;
    let height = (size.height() * scale).round() as u32;
    let transform = Transform::from_scale(scale, scale);
    cost::check(&tree, transform, width, height)?;
    let mut pixmap = Pixmap::new(width, height).ok_or(SvgError::Size { width, height })?;
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    let png = pixmap
        .encode_png()
        .map_err(|error| SvgError::Png(error.to_string()))?;
    Ok((png, width, height))
}

/// The tree of an SVG document, once the document is known to stay within the limits on its
/// size written out in full ([`expansion`]).
fn parse(bytes: &[u8], options: &usvg::Options) -> Result<usvg::Tree, SvgError> {
    let text = std::str::from_utf8(bytes).map_err(|_| usvg::Error::NotAnUtf8Str)?;
    let xml_options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_XML_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(text, xml_options)
        .map_err(usvg::Error::ParsingFailed)?;
    expansion::check(&document)?;
    Ok(usvg::Tree::from_xmltree(&document, options)?)
}

/// Parsing options: bundled fonts only, and no loading of anything but inline `data:` images.
/// An inline SVG picture is held to the same limits as the picture it is in; inline raster
/// pictures are not drawn (this build of resvg does not decode them).
fn options() -> usvg::Options<'static> {
    let default_data = ImageHrefResolver::default_data_resolver();
    usvg::Options {
        font_family: "Libertinus Serif".to_string(),
        fontdb: bundled_fonts(),
        image_href_resolver: ImageHrefResolver {
            resolve_data: Box::new(move |mime, data, options| {
                let raster = sniff_image_type(&data).is_some_and(|kind| kind != "image/svg+xml");
                match mime {
                    "image/svg+xml" | "text/plain" if !raster => {
                        parse(&data, &self::options()).ok().map(ImageKind::SVG)
                    }
                    _ => default_data(mime, data, options),
                }
            }),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// The fonts SVG text is set in: the ones bundled with cleancopy (see [`crate::fonts`]),
/// loaded once.
fn bundled_fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = fontdb::Database::new();
            for bytes in FaceId::ALL.into_iter().filter_map(face_bytes) {
                database.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
            }
            database.set_serif_family("Libertinus Serif");
            database.set_sans_serif_family("Libertinus Serif");
            database.set_monospace_family("DejaVu Sans Mono");
            Arc::new(database)
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png: &[u8]) -> image::RgbaImage {
        image::load_from_memory(png).expect("a PNG").to_rgba8()
    }

    #[test]
    fn a_drawing_becomes_a_png_twice_its_size() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">
            <rect width="40" height="20" fill="rgb(0,0,255)"/></svg>"#;
        let (png, width, height) = rasterize(svg, 1600).expect("rasterised");
        assert_eq!((width, height), (80, 40));
        let pixels = decode(&png);
        assert_eq!(pixels.get_pixel(40, 20).0, [0, 0, 255, 255]);
    }

    #[test]
    fn a_huge_drawing_is_drawn_within_the_long_side() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="50000" height="25000">
            <circle cx="25000" cy="12500" r="9000" fill="black"/></svg>"#;
        let (_, width, height) = rasterize(svg, 1600).expect("rasterised");
        assert_eq!((width, height), (1600, 800));
    }

    #[test]
    fn a_reference_to_a_local_file_is_not_read() {
        let folder = tempfile::tempdir().expect("temp dir");
        let red = folder.path().join("red.png");
        image::RgbaImage::from_pixel(10, 10, image::Rgba([255, 0, 0, 255]))
            .save(&red)
            .expect("PNG written");
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
                width="10" height="10"><rect width="10" height="10" fill="white"/>
                <image width="10" height="10" xlink:href="{}"/>
                <image width="10" height="10" href="file://{}"/></svg>"#,
            red.display(),
            red.display()
        );
        let (png, _, _) = rasterize(svg.as_bytes(), 1600).expect("rasterised");
        assert!(decode(&png)
            .pixels()
            .all(|pixel| pixel.0 == [255, 255, 255, 255]));
    }

    #[test]
    fn scripts_do_not_stop_the_drawing() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"
            onload="alert(1)"><script>alert(2)</script><rect width="10" height="10"/></svg>"#;
        let (png, _, _) = rasterize(svg, 1600).expect("rasterised");
        assert!(decode(&png).pixels().all(|pixel| pixel.0 == [0, 0, 0, 255]));
    }

    #[test]
    fn text_is_drawn_in_the_bundled_fonts() {
        assert_eq!(bundled_fonts().len(), FaceId::ALL.len());
        for family in [
            "serif",
            "sans-serif",
            "monospace",
            "Libertinus Serif",
            "DejaVu Sans",
        ] {
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">
                <rect width="120" height="40" fill="white"/>
                <text x="4" y="30" font-size="24" font-family="{family}">Hamburg</text></svg>"#
            );
            let (png, _, _) = rasterize(svg.as_bytes(), 1600).expect("rasterised");
            let ink = decode(&png)
                .pixels()
                .filter(|pixel| pixel.0[0] < 128)
                .count();
            assert!(ink > 200, "{family}: {ink} dark pixels");
        }
    }

    #[test]
    fn junk_is_an_error() {
        assert!(rasterize(b"<svg", 1600).is_err());
    }

    /// An 800 × 800 drawing (drawn at 1600 × 1600) with `body` inside.
    fn drawing(body: &str) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
                width="800" height="800">{body}</svg>"#
        )
    }

    /// What drawing `svg` at 1600 pixels would take, estimated without drawing it.
    fn estimate(svg: &str) -> Result<cost::Measured, SvgError> {
        let tree = parse(svg.as_bytes(), &options())?;
        let scale = 1600.0 / tree.size().width().max(tree.size().height());
        let (width, height) = (tree.size().width() * scale, tree.size().height() * scale);
        let transform = Transform::from_scale(scale, scale);
        Ok(cost::check(&tree, transform, width as u32, height as u32)?)
    }

    /// The limit `svg` goes over; fails when it is drawn.
    fn refusal(svg: &str) -> OverLimit {
        match rasterize(svg.as_bytes(), 1600) {
            Err(SvgError::OverLimit(limit)) => limit,
            Err(other) => panic!("refused for another reason: {other}"),
            Ok(_) => panic!("drawn"),
        }
    }

    /// `count` 300 × 300 squares, each blurred by `filter`.
    fn filtered_squares(filter: &str, count: usize) -> String {
        let squares: String = (0..count)
            .map(|i| {
                format!(
                    r#"<rect x="{}" y="{}" width="300" height="300" filter="url(#f)"/>"#,
                    i % 5 * 100,
                    i / 5 * 60
                )
            })
            .collect();
        drawing(&format!(r#"<filter id="f">{filter}</filter>{squares}"#))
    }

    #[test]
    fn a_huge_blur_over_a_huge_filter_region_is_refused_before_drawing() {
        let svg = drawing(
            r#"<filter id="f" x="-1000%" y="-1000%" width="2100%" height="2100%">
                <feGaussianBlur stdDeviation="5000"/></filter>
                <rect width="800" height="800" fill="red" filter="url(#f)"/>"#,
        );
        let limit = refusal(&svg);
        assert!(matches!(limit, OverLimit::Work(_)), "{limit}");
        assert!(limit.to_string().contains("limit"), "{limit}");
    }

    #[test]
    fn blurred_shapes_add_up_to_the_limit() {
        let blur = r#"<feGaussianBlur stdDeviation="20"/>"#;
        let five = estimate(&filtered_squares(blur, 5)).expect("within the limits");
        assert!(five.work > cost::MAX_PIXEL_WORK / 20, "{five:?}");
        assert!(matches!(
            refusal(&filtered_squares(blur, 50)),
            OverLimit::Work(_)
        ));
    }

    #[test]
    fn filters_are_weighed_by_their_radius_kernel_octaves_and_primitives() {
        for (cheap, costly) in [
            (
                r#"<feMorphology radius="1"/>"#,
                r#"<feMorphology radius="200"/>"#,
            ),
            (
                r#"<feConvolveMatrix order="3" kernelMatrix="0 1 0 1 1 1 0 1 0"/>"#,
                &format!(
                    r#"<feConvolveMatrix order="40" kernelMatrix="{}"/>"#,
                    "1 ".repeat(1600)
                ),
            ),
            (
                r#"<feTurbulence baseFrequency="0.05" numOctaves="2"/>"#,
                r#"<feTurbulence baseFrequency="0.05" numOctaves="1000000000"/>"#,
            ),
            (
                r#"<feOffset dx="1"/>"#,
                &r#"<feOffset dx="1"/>"#.repeat(1000),
            ),
        ] {
            assert!(estimate(&filtered_squares(cheap, 1)).is_ok(), "{cheap}");
            let limit = refusal(&filtered_squares(costly, 1));
            assert!(matches!(limit, OverLimit::Work(_)), "{limit}");
        }
    }

    #[test]
    fn a_pattern_tile_larger_than_memory_allows_is_refused() {
        let svg = drawing(
            r#"<pattern id="p" width="6000" height="6000" patternUnits="userSpaceOnUse">
                <rect width="10" height="10"/></pattern>
                <rect width="800" height="800" fill="url(#p)"/>"#,
        );
        assert!(matches!(refusal(&svg), OverLimit::PixelBytes(_)));
    }

    #[test]
    fn too_many_elements_are_refused() {
        let paths = r#"<path d="M0 0h1"/>"#.repeat(cost::MAX_DRAWN_ELEMENTS as usize + 1);
        assert!(matches!(refusal(&drawing(&paths)), OverLimit::Elements(_)));
    }

    #[test]
    fn deep_nesting_is_refused_and_nesting_up_to_the_limit_is_drawn() {
        let nested = |levels: usize| {
            let open = r#"<g opacity="0.99">"#.repeat(levels);
            let close = "</g>".repeat(levels);
            drawing(&format!(r#"{open}<rect width="50" height="50"/>{close}"#))
        };
        // The root, then the levels, then the rectangle.
        let deepest = expansion::MAX_NESTING as usize - 2;
        let (png, _, _) = rasterize(nested(deepest).as_bytes(), 1600).expect("drawn");
        assert!(decode(&png).get_pixel(50, 50).0[3] > 0);
        assert!(matches!(refusal(&nested(deepest + 1)), OverLimit::Nesting));
    }

    #[test]
    fn a_picture_inside_the_picture_is_held_to_the_same_limits() {
        // A nested SVG that would make a million copies of a long path is left out; the
        // picture around it is drawn.
        let mut bomb = format!(r#"<defs><path id="l0" d="M0 0{}"/>"#, " L9 9".repeat(1000));
        for level in 1..=6 {
            bomb.push_str(&format!(r#"<g id="l{level}">"#));
            bomb.push_str(&format!(r##"<use href="#l{}"/>"##, level - 1).repeat(10));
            bomb.push_str("</g>");
        }
        bomb.push_str(r##"</defs><use href="#l6"/>"##);
        let inner =
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, drawing(&bomb));
        let svg = drawing(&format!(
            r#"<rect width="800" height="800" fill="rgb(0,0,255)"/>
               <image width="800" height="800" href="data:image/svg+xml;base64,{inner}"/>"#
        ));
        let (png, _, _) = rasterize(svg.as_bytes(), 1600).expect("drawn");
        assert!(decode(&png)
            .pixels()
            .all(|pixel| pixel.0 == [0, 0, 255, 255]));
    }

    #[test]
    fn a_drop_shadow_on_a_chart_is_drawn() {
        let svg = drawing(
            r#"<filter id="shadow"><feDropShadow dx="4" dy="4" stdDeviation="3"/></filter>
               <rect width="800" height="800" fill="white"/>
               <g filter="url(#shadow)"><rect x="100" y="300" width="100" height="400" fill="blue"/>
               <rect x="300" y="200" width="100" height="500" fill="blue"/></g>"#,
        );
        let (png, _, _) = rasterize(svg.as_bytes(), 1600).expect("drawn");
        let pixels = decode(&png);
        assert_eq!(pixels.get_pixel(300, 1000).0, [0, 0, 255, 255]);
        let shadow = pixels.get_pixel(405, 1000).0;
        assert!(
            shadow[0] < 250 && shadow[0] == shadow[2],
            "grey beside the bar: {shadow:?}"
        );
    }
}
