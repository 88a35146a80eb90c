//! Which pictures a book shows, and how: the cover is a book-shaped picture (never a banner),
//! photographic PNGs are stored as JPEG while flat drawings stay PNG, no picture is stored
//! over 5 MB, and a picture that cannot be shown leaves no stray caption (a share button's
//! label, an author's name) and no caption printed twice — in the EPUB and in the PDF.

mod common;

use std::io::{Cursor, Read};
use std::path::Path;

use common::*;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

const PARAGRAPH: &str = "The harbour board met again on Tuesday to talk about the sea wall, \
    the winter storms and the cost of keeping the old pier open for the fishing boats. ";

/// A photograph-like picture: smooth light and shade with grain, so that no two neighbouring
/// pixels are quite alike (as in a camera's picture).
fn photo(width: u32, height: u32, seed: u32) -> DynamicImage {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(7);
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let grain = (state % 24) as i32 - 12;
        let shade = |base: u32| (base as i32 + grain).clamp(0, 255) as u8;
        Rgb([
            shade(x * 200 / width + 20),
            shade(y * 180 / height + 40),
            shade((x + y) * 120 / (width + height) + 60),
        ])
    }))
}

/// A drawing in a few flat colours: bands and a frame, as in a chart or a screenshot.
fn drawing(width: u32, height: u32) -> DynamicImage {
    let colours = [
        Rgb([255, 255, 255]),
        Rgb([30, 60, 120]),
        Rgb([220, 80, 40]),
        Rgb([240, 200, 60]),
    ];
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        if x < 4 || y < 4 || x >= width - 4 || y >= height - 4 {
            colours[1]
        } else {
            colours[((x / 97 + y / 61) % 4) as usize]
        }
    }))
}

fn save(image: &DynamicImage, path: &Path, format: ImageFormat) {
    image.save_with_format(path, format).unwrap();
}

/// A saved page in `dir` with `figures` (HTML) among its paragraphs.
fn page_with(dir: &Path, title: &str, head: &str, figures: &str) -> std::path::PathBuf {
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>{head}</head>\
         <body><article><h1>{title}</h1><p>{PARAGRAPH}</p>\n{figures}\n<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>\
         </article></body></html>"
    );
    let path = dir.join("page.html");
    std::fs::write(&path, html).unwrap();
    path
}

/// Runs `cleancopy <command>` on `page`; returns the output's bytes.
fn convert(command: &str, page: &Path, out: &Path, args: &[&str]) -> Vec<u8> {
    cleancopy()
        .arg(command)
        .arg(page)
        .arg("-o")
        .arg(out)
        .args(args)
        .assert()
        .success();
    std::fs::read(out).unwrap()
}

fn entry(epub: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is not in the book"));
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).unwrap();
    bytes
}

fn entry_text(epub: &[u8], name: &str) -> String {
    String::from_utf8(entry(epub, name)).unwrap()
}

/// The href of the manifest item marked as the cover image.
fn cover_href(epub: &[u8]) -> String {
    let opf = entry_text(epub, "OEBPS/content.opf");
    let doc = roxmltree::Document::parse(&opf).unwrap();
    doc.descendants()
        .find(|node| node.attribute("properties") == Some("cover-image"))
        .and_then(|node| node.attribute("href"))
        .unwrap_or_else(|| panic!("no cover image in {opf}"))
        .to_string()
}

#[test]
fn a_banner_is_passed_over_for_a_book_shaped_cover() {
    let dir = tempfile::tempdir().unwrap();
    save(
        &drawing(1600, 200),
        &dir.path().join("banner.png"),
        ImageFormat::Png,
    );
    save(
        &photo(900, 1200, 1),
        &dir.path().join("keeper.jpg"),
        ImageFormat::Jpeg,
    );
    let figures = "<figure><img src=\"banner.png\" alt=\"\"></figure>\
         <p>The keeper of the light.</p>\
         <figure><img src=\"keeper.jpg\" alt=\"The keeper on the gallery\"></figure>";
    let head = "<meta property=\"og:image\" content=\"banner.png\">";
    let page = page_with(dir.path(), "The keeper", head, figures);
    let out = dir.path().join("keeper.epub");
    let epub = convert("epub", &page, &out, &[]);
    let cover = cover_href(&epub);
    let picture = image::load_from_memory(&entry(&epub, &format!("OEBPS/{cover}"))).unwrap();
    assert_eq!((picture.width(), picture.height()), (900, 1200), "{cover}");
    assert_epubcheck_clean(&out);

    // With only the banner, the cover is drawn.
    let page = page_with(
        dir.path(),
        "The banner",
        head,
        "<figure><img src=\"banner.png\" alt=\"\"></figure>",
    );
    let out = dir.path().join("banner.epub");
    let epub = convert("epub", &page, &out, &[]);
    assert_eq!(cover_href(&epub), "images/cover.png");
}
