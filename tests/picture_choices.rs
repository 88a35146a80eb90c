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

/// The stored pictures of a book, in the order of the article's `<img>`s: (file, bytes).
fn article_pictures(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let page = entry_text(epub, "OEBPS/article-1.xhtml");
    let doc = roxmltree::Document::parse_with_options(
        &page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    doc.descendants()
        .filter(|node| node.has_tag_name("img"))
        .map(|node| {
            let src = node.attribute("src").unwrap().to_string();
            let bytes = entry(epub, &format!("OEBPS/{src}"));
            (src, bytes)
        })
        .collect()
}

#[test]
fn a_photographic_png_is_stored_as_jpeg_and_a_flat_one_stays_png() {
    let dir = tempfile::tempdir().unwrap();
    let (photo_path, drawing_path) = (dir.path().join("harbour.png"), dir.path().join("chart.png"));
    save(&photo(1600, 1200, 2), &photo_path, ImageFormat::Png);
    save(&drawing(1600, 1200), &drawing_path, ImageFormat::Png);
    let photo_png = std::fs::read(&photo_path).unwrap();
    let drawing_png = std::fs::read(&drawing_path).unwrap();
    let figures = "<figure><img src=\"harbour.png\" alt=\"The harbour at dusk\"><figcaption>The harbour at dusk.</figcaption></figure>\
         <p>The tide tables for the year.</p>\
         <figure><img src=\"chart.png\" alt=\"A chart of the tides\"><figcaption>High and low water.</figcaption></figure>";
    let page = page_with(dir.path(), "The harbour at dusk", "", figures);
    let out = dir.path().join("harbour.epub");
    let epub = convert("epub", &page, &out, &[]);
    let pictures = article_pictures(&epub);
    assert_eq!(pictures.len(), 2);
    let (photo_file, stored_photo) = &pictures[0];
    assert!(photo_file.ends_with(".jpg"), "{photo_file}");
    assert_eq!(
        image::guess_format(stored_photo).unwrap(),
        ImageFormat::Jpeg
    );
    let decoded = image::load_from_memory(stored_photo).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1600, 1200));
    assert!(
        stored_photo.len() <= 5_000_000 && stored_photo.len() * 3 < photo_png.len(),
        "a {} byte PNG stored in {} bytes",
        photo_png.len(),
        stored_photo.len()
    );
    let (drawing_file, stored_drawing) = &pictures[1];
    assert!(drawing_file.ends_with(".png"), "{drawing_file}");
    assert_eq!(
        stored_drawing, &drawing_png,
        "the drawing is stored as it was"
    );
    assert_epubcheck_clean(&out);
}

/// How many times `needle` occurs in `haystack`, spaces and line breaks taken as one space.
fn occurrences(haystack: &str, needle: &str) -> usize {
    let flat = haystack.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.matches(needle).count()
}

/// The text of an XHTML page, tags left out.
fn page_text(page: &str) -> String {
    let doc = roxmltree::Document::parse_with_options(
        page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let body = doc.descendants().find(|n| n.has_tag_name("body")).unwrap();
    body.descendants()
        .filter(|node| node.is_text())
        .filter_map(|node| node.text())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_picture_that_cannot_be_shown_leaves_no_stray_or_repeated_caption() {
    let dir = tempfile::tempdir().unwrap();
    save(
        &photo(800, 600, 3),
        &dir.path().join("pier.jpg"),
        ImageFormat::Jpeg,
    );
    // Only pier.jpg exists: every other picture cannot be loaded.
    let figures = "\
        <p><img src=\"jane-doe.jpg\" alt=\"Jane Doe\" width=\"80\" height=\"80\"></p>\
        <p><a href=\"https://www.addthis.com/bookmark.php\"><img src=\"share.gif\" alt=\"Bookmark and Share\"></a></p>\
        <figure><img src=\"dawn.jpg\" alt=\"The pier at dawn\"><figcaption>The pier at dawn</figcaption></figure>\
        <p>The fishing fleet leaves before the sun is up.</p>\
        <figure><img src=\"fajr.jpg\" alt=\"الميناء عند الفجر\"><figcaption>الميناء عند الفجر</figcaption></figure>\
        <p>The fleet comes home at noon with the tide.</p>\
        <figure><img src=\"pier.jpg\" alt=\"The old pier\"><figcaption>The old pier in 1920.</figcaption></figure>\
        <p>The old pier in 1920.</p>\
        <p>Since then the pier has been rebuilt twice after storms.</p>\
        <figure><img src=\"map.png\" alt=\"A map of the harbour and its two piers\"></figure>";
    let head = "<meta name=\"author\" content=\"Jane Doe\">";
    let page = page_with(dir.path(), "Dawn at the pier", head, figures);

    let out = dir.path().join("pier.epub");
    let epub = convert("epub", &page, &out, &[]);
    let article = page_text(&entry_text(&epub, "OEBPS/article-1.xhtml"));
    let pdf_out = dir.path().join("pier.pdf");
    convert("pdf", &page, &pdf_out, &[]);
    let books = [("EPUB", Some(article)), ("PDF", pdf_text(&pdf_out))];
    for (format, text) in books {
        let Some(text) = text else {
            continue;
        };
        assert_eq!(
            occurrences(&text, "Bookmark and Share"),
            0,
            "{format}: {text}"
        );
        assert_eq!(
            occurrences(&text, "Jane Doe"),
            1,
            "{format}, the byline only: {text}"
        );
        assert_eq!(
            occurrences(&text, "The pier at dawn"),
            1,
            "{format}: {text}"
        );
        assert_eq!(
            occurrences(&text, "The old pier in 1920."),
            1,
            "{format}: {text}"
        );
        assert_eq!(
            occurrences(&text, "A map of the harbour and its two piers"),
            1,
            "{format}: a description stays: {text}"
        );
        if format == "EPUB" {
            assert_eq!(
                occurrences(&text, "الميناء عند الفجر"),
                1,
                "{format}: {text}"
            );
        }
    }
    assert_epubcheck_clean(&out);
    assert_qpdf_clean(&pdf_out);
}
