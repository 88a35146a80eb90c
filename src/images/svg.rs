//! SVG pictures, rasterised to PNG.
//!
//! E-readers differ in what SVG they show (Kindle's converters drop much of it) and an SVG can
//! carry scripts, event handlers and references to other files. Rasterising with `resvg` keeps
//! the picture and none of that: scripts and event attributes are never run, and an `<image>`
//! inside the SVG is drawn only when its bytes are inline (`data:` addresses). A reference to
//! any other file or address is ignored, so an SVG from a web page can never make cleancopy
//! read a local file. Text is set in the bundled fonts only, so the result does not depend on
//! the fonts installed on the machine.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb, ImageHrefResolver};

use crate::fonts::{face_bytes, FaceId};

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
}

/// An SVG drawn at a size whose long side is at most `max_side` pixels, as PNG bytes with
/// their width and height.
pub fn rasterize(bytes: &[u8], max_side: u32) -> Result<(Vec<u8>, u32, u32), SvgError> {
    let tree = usvg::Tree::from_data(bytes, &options())?;
    let size = tree.size();
    let natural_long_side = size.width().max(size.height());
    let scale = (PIXELS_PER_CSS_PIXEL).min(max_side as f32 / natural_long_side);
    let width = (size.width() * scale).round() as u32;
    let height = (size.height() * scale).round() as u32;
    let mut pixmap = Pixmap::new(width, height).ok_or(SvgError::Size { width, height })?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = pixmap
        .encode_png()
        .map_err(|error| SvgError::Png(error.to_string()))?;
    Ok((png, width, height))
}

/// Parsing options: bundled fonts only, and no loading of anything but inline `data:` images.
fn options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: "Libertinus Serif".to_string(),
        fontdb: bundled_fonts(),
        image_href_resolver: ImageHrefResolver {
            resolve_data: ImageHrefResolver::default_data_resolver(),
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
}
