//! Pictures in the EPUB, end to end: a saved page with generated images (JPEG, PNG, WebP, a
//! duplicate, a tracking pixel, a missing file and paths that lead out of the page's folder)
//! becomes a book whose images are embedded, converted, scaled, stored once and safe.

mod common;

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use common::*;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

const PARAGRAPH: &str = "The harbour board met again on Tuesday to talk about the sea wall, \
    the winter storms and the cost of keeping the old pier open for the fishing boats. ";

/// A photo-like image: gradients, so that JPEG has something to compress.
fn photo(width: u32, height: u32, tint: u8) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, tint])
    }))
}

fn save(image: &DynamicImage, path: &Path, format: ImageFormat) {
    image.save_with_format(path, format).unwrap();
}

/// A folder `page/` holding `page.html` and its images, and a secret image beside the folder.
/// Returns the page's path and the secret's bytes.
fn saved_page(root: &Path) -> (PathBuf, Vec<u8>) {
    let page = root.join("page");
    std::fs::create_dir_all(page.join("img")).unwrap();
    save(
        &photo(800, 600, 40),
        &page.join("img/photo.jpg"),
        ImageFormat::Jpeg,
    );
    std::fs::copy(page.join("img/photo.jpg"), page.join("img/same.jpg")).unwrap();
    save(
        &photo(2400, 600, 90),
        &page.join("img/wide.png"),
        ImageFormat::Png,
    );
    save(
        &photo(300, 200, 160),
        &page.join("img/pic.webp"),
        ImageFormat::WebP,
    );
    save(
        &photo(1, 1, 0),
        &page.join("img/pixel.png"),
        ImageFormat::Png,
    );
    let secret = root.join("secret.png");
    save(&photo(64, 64, 250), &secret, ImageFormat::Png);
    let secret_abs = secret.display().to_string();
    let figure = |src: &str, caption: &str| {
        format!("<figure><img src=\"{src}\" alt=\"{caption}\"><figcaption>{caption}</figcaption></figure>\n<p>{PARAGRAPH}</p>\n")
    };
    let mut body = String::new();
    for (src, caption) in [
        ("img/photo.jpg", "The pier at dawn"),
        ("img/wide.png", "A wide view of the bay"),
        ("img/pic.webp", "A WebP picture"),
        ("img/same.jpg", "The pier again"),
        ("img/photo.jpg", "The pier, third time"),
        ("img/pixel.png", "Pixel"),
        ("img/missing.jpg", "A missing picture"),
        ("../secret.png", "Parent folder"),
        (secret_abs.as_str(), "Absolute path"),
        (&format!("file://{secret_abs}"), "File address"),
    ] {
        body.push_str(&figure(src, caption));
    }
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Storms and the sea wall</title></head>\
         <body><article><h1>Storms and the sea wall</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>\n{body}</article></body></html>"
    );
    let path = page.join("page.html");
    std::fs::write(&path, html).unwrap();
    (path, std::fs::read(secret).unwrap())
}

/// Runs `cleancopy epub` on `page` with `args`; returns the book path, its bytes and stderr.
fn make_epub(page: &Path, out: &Path, args: &[&str]) -> (Vec<u8>, String) {
    let output = cleancopy()
        .arg("epub")
        .arg(page)
        .arg("-o")
        .arg(out)
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    (
        std::fs::read(out).unwrap(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn entry(epub: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    let mut file = archive.by_name(name).unwrap();
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).unwrap();
    bytes
}

fn entry_text(epub: &[u8], name: &str) -> String {
    String::from_utf8(entry(epub, name)).unwrap()
}

/// The image entries of the book: name, bytes and compression method.
fn images(epub: &[u8]) -> Vec<(String, Vec<u8>, zip::CompressionMethod)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
    let mut found = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        if file.name().starts_with("OEBPS/images/") {
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            found.push((file.name().to_string(), bytes, file.compression()));
        }
    }
    found
}

/// The manifest's (href, media-type, properties) items.
fn manifest(opf: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(opf).unwrap();
    doc.descendants()
        .filter(|node| node.has_tag_name("item"))
        .map(|node| {
            let attr = |name| node.attribute(name).unwrap_or_default().to_string();
            (attr("href"), attr("media-type"), attr("properties"))
        })
        .collect()
}

fn sniffed(bytes: &[u8]) -> &'static str {
    match image::guess_format(bytes).unwrap() {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        other => panic!("an image stored as {other:?}"),
    }
}

#[test]
fn images_are_embedded_converted_scaled_stored_once_and_kept_inside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (page, secret) = saved_page(dir.path());
    let out = dir.path().join("book.epub");
    let (epub, stderr) = make_epub(&page, &out, &[]);
    assert_epubcheck_clean(&out);

    // photo (also as same.jpg and twice by name), wide, webp: three files; no pixel, no secret.
    let stored = images(&epub);
    assert_eq!(
        stored.len(),
        3,
        "{:?}",
        stored.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    assert!(stored.iter().all(|(_, bytes, _)| *bytes != secret));
    let original = std::fs::read(page.with_file_name("img/photo.jpg")).unwrap();
    assert!(
        stored.iter().any(|(_, bytes, _)| *bytes == original),
        "a JPEG that needs no change is stored byte for byte"
    );
    for (name, bytes, compression) in &stored {
        assert_eq!(*compression, zip::CompressionMethod::Stored, "{name}");
        let decoded = image::load_from_memory(bytes).unwrap();
        assert!(
            decoded.width().max(decoded.height()) <= 1600,
            "{name} not scaled"
        );
        assert!(decoded.width() >= 16 && decoded.height() >= 16);
    }

    // Every manifest item's media type matches its bytes and its extension.
    let opf = entry_text(&epub, "OEBPS/content.opf");
    let image_items: Vec<_> = manifest(&opf)
        .into_iter()
        .filter(|(_, media_type, _)| media_type.starts_with("image/"))
        .collect();
    assert_eq!(image_items.len(), 3);
    for (href, media_type, _) in &image_items {
        let bytes = entry(&epub, &format!("OEBPS/{href}"));
        assert_eq!(sniffed(&bytes), media_type, "{href}");
        let extension = if media_type == "image/jpeg" {
            ".jpg"
        } else {
            ".png"
        };
        assert!(href.ends_with(extension), "{href} is {media_type}");
    }
    assert!(
        image_items
            .iter()
            .all(|(href, _, _)| !href.ends_with(".webp")),
        "WebP converted"
    );

    // The article shows each picture where its figure was, the duplicate by the same file.
    let article = entry_text(&epub, "OEBPS/article-1.xhtml");
    assert_eq!(article.matches("<img ").count(), 5, "{article}");
    for (href, _, _) in &image_items {
        assert!(
            article.contains(&format!("src=\"{href}\"")),
            "{href} not shown"
        );
    }
    assert!(
        article.contains("A missing picture"),
        "caption kept without its image"
    );

    // The missing image is a warning, not a failure.
    assert!(
        stderr.contains("warning") && stderr.contains("missing.jpg"),
        "{stderr}"
    );
}

#[test]
fn the_lead_picture_is_the_cover_marked_both_ways_with_a_cover_page_first() {
    let dir = tempfile::tempdir().unwrap();
    let (page, _) = saved_page(dir.path());
    let out = dir.path().join("book.epub");
    let (epub, _) = make_epub(&page, &out, &[]);
    let opf = entry_text(&epub, "OEBPS/content.opf");
    assert!(opf.contains("properties=\"cover-image\""), "{opf}");
    assert!(
        opf.contains("<meta name=\"cover\" content=\"cover-image\""),
        "{opf}"
    );
    let cover_item = manifest(&opf)
        .into_iter()
        .find(|(_, _, properties)| properties == "cover-image")
        .unwrap();
    let cover = image::load_from_memory(&entry(&epub, &format!("OEBPS/{}", cover_item.0))).unwrap();
    assert_eq!((cover.width(), cover.height()), (800, 600));
    let doc = roxmltree::Document::parse(&opf).unwrap();
    let first_in_spine = doc
        .descendants()
        .find(|node| node.has_tag_name("itemref"))
        .and_then(|node| node.attribute("idref"))
        .unwrap();
    assert!(
        first_in_spine.contains("cover"),
        "spine starts with {first_in_spine}"
    );
    let cover_page = entry_text(&epub, "OEBPS/cover.xhtml");
    assert!(cover_page.contains(&format!("src=\"{}\"", cover_item.0)));
}

#[test]
fn no_images_makes_a_text_only_book() {
    let dir = tempfile::tempdir().unwrap();
    let (page, _) = saved_page(dir.path());
    let out = dir.path().join("text-only.epub");
    let (epub, stderr) = make_epub(&page, &out, &["--no-images"]);
    assert!(images(&epub).is_empty());
    let article = entry_text(&epub, "OEBPS/article-1.xhtml");
    assert!(!article.contains("<img"));
    assert!(article.contains("The pier at dawn"), "captions stay");
    assert!(!stderr.contains("warning"), "nothing is loaded: {stderr}");
    assert!(!entry_text(&epub, "OEBPS/content.opf").contains("cover-image"));
    assert_epubcheck_clean(&out);
}

#[test]
fn max_image_size_scales_every_picture_down() {
    let dir = tempfile::tempdir().unwrap();
    let (page, _) = saved_page(dir.path());
    let out = dir.path().join("small.epub");
    let (epub, _) = make_epub(&page, &out, &["--max-image-size", "300"]);
    let stored: Vec<_> = images(&epub)
        .into_iter()
        .filter(|(name, _, _)| name != "OEBPS/images/cover.png")
        .collect();
    assert_eq!(stored.len(), 3);
    for (name, bytes, _) in stored {
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert!(decoded.width().max(decoded.height()) <= 300, "{name}");
    }
    let opf = entry_text(&epub, "OEBPS/content.opf");
    let cover = manifest(&opf)
        .into_iter()
        .find(|(_, _, properties)| properties == "cover-image")
        .unwrap();
    assert_eq!(
        cover.0, "images/img-001.jpg",
        "the 800 px photo stays the cover when scaled down: no drawn cover is added"
    );
    assert!(images(&epub)
        .iter()
        .all(|(name, _, _)| name != "OEBPS/images/cover.png"));
}

/// The cover item of a book: its manifest href, checked to be marked the EPUB 2 way too, and
/// first in the spine through the cover page.
fn cover_of(epub: &[u8]) -> String {
    let opf = entry_text(epub, "OEBPS/content.opf");
    let (href, _, _) = manifest(&opf)
        .into_iter()
        .find(|(_, _, properties)| properties == "cover-image")
        .unwrap_or_else(|| panic!("no cover-image in {opf}"));
    assert!(
        opf.contains("<meta name=\"cover\" content=\"cover-image\""),
        "{opf}"
    );
    let doc = roxmltree::Document::parse(&opf).unwrap();
    let first_in_spine = doc
        .descendants()
        .find(|node| node.has_tag_name("itemref"))
        .and_then(|node| node.attribute("idref"))
        .unwrap();
    assert!(first_in_spine.contains("cover"), "{first_in_spine}");
    assert!(entry_text(epub, "OEBPS/cover.xhtml").contains(&format!("src=\"{href}\"")));
    href
}

#[test]
fn a_book_without_a_cover_picture_gets_a_drawn_cover() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>Storms and the sea wall</title>\
             <meta property=\"og:site_name\" content=\"The Coastal Gazette\">\
             <meta property=\"article:published_time\" content=\"2024-03-03\"></head>\
             <body><article><h1>Storms and the sea wall</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>\
             </article></body></html>"
        ),
    )
    .unwrap();
    let out = dir.path().join("drawn.epub");
    let (epub, _) = make_epub(&page, &out, &[]);
    let href = cover_of(&epub);
    let bytes = entry(&epub, &format!("OEBPS/{href}"));
    assert_eq!(sniffed(&bytes), "image/png");
    assert!(href.ends_with(".png"));
    let cover = image::load_from_memory(&bytes).unwrap().to_luma8();
    assert!(
        cover.height() * 3 >= cover.width() * 4,
        "portrait: {}×{}",
        cover.width(),
        cover.height()
    );
    let darkest = cover.pixels().map(|pixel| pixel[0]).min().unwrap();
    let lightest = cover.pixels().map(|pixel| pixel[0]).max().unwrap();
    assert!(
        lightest - darkest > 150,
        "a blank cover: {darkest}..{lightest}"
    );
    assert_epubcheck_clean(&out);

    // The same page draws the same cover; --no-images draws none.
    std::fs::remove_file(&out).unwrap();
    let (again, _) = make_epub(&page, &out, &[]);
    assert_eq!(entry(&again, &format!("OEBPS/{href}")), bytes);
    std::fs::remove_file(&out).unwrap();
    let (text_only, _) = make_epub(&page, &out, &["--no-images"]);
    assert!(images(&text_only).is_empty());
    assert!(!entry_text(&text_only, "OEBPS/content.opf").contains("cover"));
}

/// A photo-sized picture with grain, so that it compresses like a real photo.
fn grainy_photo(width: u32, height: u32) -> DynamicImage {
    let mut seed: u32 = 12345;
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let grain = (seed >> 24) as u8 / 4;
        Rgb([
            ((x * 200 / width) as u8).saturating_add(grain),
            ((y * 200 / height) as u8).saturating_add(grain),
            120u8.saturating_add(grain),
        ])
    }))
}

/// Measures the book of one 4000×3000 photo kept whole and scaled to the default 1600 px.
/// Slow in a debug build: `cargo test --test epub_images -- --ignored --nocapture`.
#[test]
#[ignore]
fn a_large_photo_is_scaled_down_and_the_book_shrinks() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    save(
        &grainy_photo(4000, 3000),
        &dir.path().join("photo.jpg"),
        ImageFormat::Jpeg,
    );
    std::fs::write(
        &page,
        format!(
            "<html lang=\"en\"><head><title>Big photo</title></head><body><article>\
             <h1>Big photo</h1><p>{PARAGRAPH}{PARAGRAPH}</p><figure><img src=\"photo.jpg\" alt=\"\">\
             <figcaption>A big photo</figcaption></figure><p>{PARAGRAPH}{PARAGRAPH}</p></article></body></html>"
        ),
    )
    .unwrap();
    let (whole, _) = make_epub(
        &page,
        &dir.path().join("whole.epub"),
        &["--max-image-size", "10000"],
    );
    let (scaled, _) = make_epub(&page, &dir.path().join("scaled.epub"), &[]);
    let (_, bytes, _) = &images(&scaled)[0];
    let decoded = image::load_from_memory(bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1600, 1200));
    eprintln!(
        "4000×3000 photo: EPUB {} KB kept whole, {} KB scaled to 1600×1200",
        whole.len() / 1024,
        scaled.len() / 1024
    );
    assert!(scaled.len() * 3 < whole.len());
}

fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

#[test]
fn a_web_page_has_its_images_fetched_and_may_not_name_local_files() {
    use common::server::{cleancopy_net, Reply, TestServer};
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.png");
    save(&photo(64, 64, 250), &secret, ImageFormat::Png);
    let html = format!(
        "<html lang=\"en\"><head><title>Storms online</title></head><body><article>\
         <h1>Storms online</h1><p>{PARAGRAPH}{PARAGRAPH}</p>\
         <figure><img src=\"/media/photo\" alt=\"Pier\"><figcaption>The pier</figcaption></figure>\
         <p>{PARAGRAPH}</p>\
         <figure><img src=\"file://{}\" alt=\"Secret\"><figcaption>Secret</figcaption></figure>\
         <p>{PARAGRAPH}</p></article></body></html>",
        secret.display()
    );
    // A WebP sent as `application/octet-stream` from an address with no extension.
    let webp = encoded(&photo(640, 480, 30), ImageFormat::WebP);
    let server = TestServer::start(vec![
        ("/story", Reply::html(html)),
        ("/media/photo", Reply::ok("application/octet-stream", webp)),
    ]);
    let out = dir.path().join("web.epub");
    cleancopy_net()
        .arg("epub")
        .arg(server.url("/story"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let epub = std::fs::read(&out).unwrap();
    let stored = images(&epub);
    assert_eq!(stored.len(), 1, "only the web image");
    assert_eq!(sniffed(&stored[0].1), "image/jpeg", "WebP converted");
    let photo_request = server
        .requests()
        .into_iter()
        .find(|request| request.path == "/media/photo")
        .expect("the image was fetched");
    assert_eq!(
        photo_request.header("referer"),
        Some(server.url("/story").as_str())
    );
    assert_epubcheck_clean(&out);
}

#[test]
fn pictures_in_table_cells_and_text_are_embedded_inline() {
    let dir = tempfile::tempdir().unwrap();
    save(
        &photo(40, 24, 30),
        &dir.path().join("flag.png"),
        ImageFormat::Png,
    );
    save(
        &photo(32, 32, 200),
        &dir.path().join("icon.png"),
        ImageFormat::Png,
    );
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Flags of the harbour towns</title></head>\
         <body><article><h1>Flags of the harbour towns</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>\
         <table><tr><th>Flag</th><th>Town</th></tr>\
         <tr><td><img src=\"flag.png\" alt=\"Blue flag\"></td><td>Port Ellis</td></tr></table>\
         <p>Rising tides are marked <img src=\"icon.png\" width=\"32\" height=\"32\" alt=\"up\"> on the board.</p>\
         </article></body></html>"
    );
    let page = dir.path().join("flags.html");
    std::fs::write(&page, html).unwrap();
    let out = dir.path().join("flags.epub");
    let (epub, _) = make_epub(&page, &out, &[]);
    assert_eq!(
        images(&epub).len(),
        3,
        "both pictures are in the book, and the drawn cover"
    );
    let article = entry_text(&epub, "OEBPS/article-1.xhtml");
    let cell = article.split("<td>").nth(1).expect("the table is kept");
    assert!(cell.starts_with("<img class=\"inline\""), "{article}");
    assert!(
        article.contains("marked <img class=\"inline\""),
        "the icon stays in its sentence: {article}"
    );
    assert_epubcheck_clean(&out);
}

#[cfg(feature = "svg")]
#[test]
fn an_svg_picture_is_drawn_into_a_png_without_its_script_or_local_references() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page");
    std::fs::create_dir_all(&page).unwrap();
    let secret = dir.path().join("secret.png");
    save(&photo(64, 64, 250), &secret, ImageFormat::Png);
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
             width="300" height="150" onload="alert(1)"><script>alert(2)</script>
           <rect width="300" height="150" fill="rgb(20,120,40)"/>
           <image width="300" height="150" xlink:href="{}"/></svg>"#,
        secret.display()
    );
    std::fs::write(page.join("chart.svg"), svg).unwrap();
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>A chart</title></head>\
         <body><article><h1>A chart</h1><p>{PARAGRAPH}</p>\
         <figure><img src=\"chart.svg\" alt=\"Rainfall by month\"><figcaption>Rainfall by month</figcaption></figure>\
         <p>{PARAGRAPH}</p></article></body></html>"
    );
    std::fs::write(page.join("page.html"), html).unwrap();
    let out = dir.path().join("book.epub");
    let (epub, _) = make_epub(&page.join("page.html"), &out, &[]);
    assert_epubcheck_clean(&out);

    // A 2:1 chart is no cover: the book has a drawn one besides it.
    let stored: Vec<_> = images(&epub)
        .into_iter()
        .filter(|(name, _, _)| name != "OEBPS/images/cover.png")
        .collect();
    assert_eq!(
        stored.len(),
        1,
        "{:?}",
        stored.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    let (name, bytes, _) = &stored[0];
    assert!(name.ends_with(".png"), "{name}");
    let drawn = image::load_from_memory(bytes).unwrap().to_rgb8();
    assert_eq!(
        (drawn.width(), drawn.height()),
        (600, 300),
        "drawn at twice its size"
    );
    assert!(
        drawn.pixels().all(|pixel| pixel.0 == [20, 120, 40]),
        "only the SVG's own drawing, not the local file it names"
    );
    let article = entry_text(&epub, "OEBPS/article-1.xhtml");
    assert!(!article.contains("alert"), "{article}");
}

#[cfg(feature = "avif")]
#[test]
fn avif_pictures_are_decoded_into_jpeg_and_png_with_their_colours() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page");
    std::fs::create_dir_all(&page).unwrap();
    save(
        &photo(320, 200, 200),
        &page.join("photo.avif"),
        ImageFormat::Avif,
    );
    let half_clear = image::RgbaImage::from_fn(120, 80, |x, _| {
        image::Rgba([30, 90, 220, if x < 60 { 255 } else { 0 }])
    });
    save(
        &DynamicImage::ImageRgba8(half_clear),
        &page.join("logo.avif"),
        ImageFormat::Avif,
    );
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>New formats</title></head>\
         <body><article><h1>New formats</h1><p>{PARAGRAPH}</p>\
         <figure><picture><source type=\"image/jxl\" srcset=\"photo.jxl\"><source type=\"image/avif\" srcset=\"photo.avif\"><img alt=\"The bay\"></picture><figcaption>The bay</figcaption></figure>\
         <p>{PARAGRAPH}</p>\
         <figure><img src=\"logo.avif\" alt=\"A logo\"><figcaption>A logo</figcaption></figure>\
         <p>{PARAGRAPH}</p></article></body></html>"
    );
    std::fs::write(page.join("page.html"), html).unwrap();
    let out = dir.path().join("book.epub");
    let (epub, stderr) = make_epub(&page.join("page.html"), &out, &[]);
    assert_epubcheck_clean(&out);
    assert!(!stderr.contains("left out"), "{stderr}");

    let stored = images(&epub);
    // The 320×200 lead picture is too small for a cover: a cover is drawn beside them.
    let stored: Vec<_> = stored
        .into_iter()
        .filter(|(name, _, _)| name.contains("/img-"))
        .collect();
    let kinds: Vec<&str> = stored.iter().map(|(_, bytes, _)| sniffed(bytes)).collect();
    assert_eq!(
        kinds,
        ["image/jpeg", "image/png"],
        "photo as JPEG, transparent logo as PNG"
    );
    let photo = image::load_from_memory(&stored[0].1).unwrap().to_rgb8();
    assert_eq!(photo.dimensions(), (320, 200));
    let corner = photo.get_pixel(310, 190).0;
    assert!(
        corner[0] > 200 && corner[1] > 200 && corner[2] > 170,
        "bottom right of the gradient is light: {corner:?}"
    );
    let logo = image::load_from_memory(&stored[1].1).unwrap().to_rgba8();
    assert!(logo.get_pixel(10, 40)[3] > 240 && logo.get_pixel(110, 40)[3] < 15);
    let blue = logo.get_pixel(10, 40).0;
    assert!(blue[2] > 190 && blue[0] < 60, "{blue:?}");
}

/// A drawing as Adobe Illustrator exports it: an XML declaration, the generator's comment and
/// a DOCTYPE whose internal subset declares the namespace entities the `<svg>` element uses,
/// so `<svg` starts past byte 900; a `<switch>` offering Illustrator's own data first, class
/// styles, and the private `i:pgf` blob at the end.
#[cfg(feature = "svg")]
const ILLUSTRATOR_EXPORT: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 24.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
	<!ENTITY ns_extend "http://ns.adobe.com/Extensibility/1.0/">
	<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">
	<!ENTITY ns_graphs "http://ns.adobe.com/Graphs/1.0/">
	<!ENTITY ns_vars "http://ns.adobe.com/Variables/1.0/">
	<!ENTITY ns_imrep "http://ns.adobe.com/ImageReplacement/1.0/">
	<!ENTITY ns_sfw "http://ns.adobe.com/SaveForWeb/1.0/">
	<!ENTITY ns_custom "http://ns.adobe.com/GenericCustomNamespace/1.0/">
	<!ENTITY ns_adobe_xpath "http://ns.adobe.com/XPath/1.0/">
]>
<svg version="1.1" id="Layer_1" xmlns:x="&ns_extend;" xmlns:i="&ns_ai;" xmlns:graph="&ns_graphs;"
	 xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" x="0px" y="0px" width="300px" height="200px"
	 viewBox="0 0 300 200" style="enable-background:new 0 0 300 200;" xml:space="preserve">
<style type="text/css">
	.st0{fill:#1F6FB2;}
	.st1{fill:#F2A900;stroke:#1A1A1A;stroke-width:2;stroke-miterlimit:10;}
</style>
<switch>
	<foreignObject requiredExtensions="&ns_ai;" x="0" y="0" width="1" height="1">
		<i:pgfRef  xlink:href="#adobe_illustrator_pgf">
		</i:pgfRef>
	</foreignObject>
	<g i:extraneous="self">
		<rect x="0" y="0" class="st0" width="300" height="200"/>
		<circle class="st1" cx="150" cy="100" r="60"/>
	</g>
</switch>
<i:pgf  id="adobe_illustrator_pgf">
	<![CDATA[
	eJzsvWmTHceRIPi9zOo/vP4gM9KmCcV9cNbWrG5JbYGSjJJ6ZW1rY2KTUBMjAtRCoHo6v/bu4Z7Ph
	8fu7xBFE3O5ORXYlT0TbmMhLu7Xbq2+/UnA1s9gbuT/uHt1TWRmqPVd48jcq/vMAs=
	]]>
</i:pgf>
</svg>
"##;

#[cfg(feature = "svg")]
#[test]
fn an_illustrator_export_is_recognised_and_drawn_into_a_png() {
    assert!(ILLUSTRATOR_EXPORT.find("<svg").unwrap() > 512);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page");
    std::fs::create_dir_all(&page).unwrap();
    std::fs::write(page.join("logo.svg"), ILLUSTRATOR_EXPORT).unwrap();
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>A logo</title></head>\
         <body><article><h1>A logo</h1><p>{PARAGRAPH}</p>\
         <figure><img src=\"logo.svg\" alt=\"The harbour board's logo\"><figcaption>The logo</figcaption></figure>\
         <p>{PARAGRAPH}</p></article></body></html>"
    );
    std::fs::write(page.join("page.html"), html).unwrap();
    let out = dir.path().join("book.epub");
    let (epub, stderr) = make_epub(&page.join("page.html"), &out, &[]);
    assert!(!stderr.contains("left out"), "{stderr}");
    assert_epubcheck_clean(&out);

    let stored: Vec<_> = images(&epub)
        .into_iter()
        .filter(|(name, _, _)| name.contains("/img-"))
        .collect();
    assert_eq!(stored.len(), 1, "{stderr}");
    let (name, bytes, _) = &stored[0];
    assert!(name.ends_with(".png"), "{name}");
    let drawn = image::load_from_memory(bytes).unwrap().to_rgb8();
    assert_eq!(drawn.dimensions(), (600, 400), "drawn at twice its size");
    assert_eq!(
        drawn.get_pixel(20, 20).0,
        [0x1F, 0x6F, 0xB2],
        "the background"
    );
    assert_eq!(
        drawn.get_pixel(300, 200).0,
        [0xF2, 0xA9, 0x00],
        "the circle"
    );
}
