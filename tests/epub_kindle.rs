//! The Kindle rules of the EPUB backend (listed in `src/backend/epub/mod.rs`), each checked on
//! books made from pages generated here: a hostile page, a multi-article book with pictures,
//! pages with bad language tags, a user stylesheet and a book over the size limit.

mod common;

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use cleancopy::backend::epub::{EpubBackend, EpubOptions};
use cleancopy::backend::RenderContext;
use cleancopy::convert::render_within_limit;
use cleancopy::document::{Block, Book, Document, EmbeddedImage, ImageRef, Metadata};
use common::*;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

const PARAGRAPH: &str = "The harbour board met again on Tuesday to talk about the sea wall, \
    the winter storms and the cost of keeping the old pier open for the fishing boats. ";

/// The manifest: id → (href, media type).
fn manifest(opf: &str) -> HashMap<String, (String, String)> {
    parse_xml(opf)
        .descendants()
        .filter(|node| node.has_tag_name("item"))
        .map(|node| {
            let attr = |name| node.attribute(name).unwrap_or_default().to_string();
            (attr("id"), (attr("href"), attr("media-type")))
        })
        .collect()
}

/// The pages (`OEBPS/...xhtml`, nav included) of a book.
fn pages(entries: &HashMap<String, Vec<u8>>) -> Vec<String> {
    let mut names: Vec<String> = entries
        .keys()
        .filter(|name| name.ends_with(".xhtml"))
        .cloned()
        .collect();
    names.sort();
    names
}

/// Runs `cleancopy epub` with `args`; returns the book.
fn make_epub(args: &[&std::ffi::OsStr], out: &Path) -> Vec<u8> {
    cleancopy()
        .arg("epub")
        .args(args)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    std::fs::read(out).unwrap()
}

/// A page that tries everything an e-reader must never see.
const HOSTILE: &str = r##"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Storms and the sea wall</title>
<script>document.write('<p>injected</p>')</script>
<style>body { position: fixed; width: 100vw }</style>
</head><body onload="steal()">
<article><h1 id="top" onclick="x()">Storms and the sea wall</h1>
<p onmouseover="track()">PARA <a href="javascript:alert(1)" onclick="evil()">a script link</a>
and <a href="#top">a link to the top</a> and <a href="https://example.org/ok" onfocus="y()">a web link</a>.</p>
<form action="/subscribe" onsubmit="send()"><input name="email"><button>Subscribe</button></form>
<iframe src="https://example.org/embed"></iframe>
<object data="movie.swf"><embed src="movie.swf"></object>
<noscript><p>Enable scripts</p></noscript>
<p style="position:absolute" onerror="boom()">PARA</p>
<img src="" alt="no source" onerror="fail()">
<img alt="no source at all">
<svg onload="svg()"><script>alert(2)</script></svg>
<h2 id="storms">The winter storms</h2><p>PARA</p>
<p><a href="#storms">back to the storms</a></p>
</article></body></html>"##;

#[test]
fn a_hostile_page_leaves_no_script_form_iframe_event_attribute_or_empty_image() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("hostile.html");
    std::fs::write(&page, HOSTILE.replace("PARA", PARAGRAPH)).unwrap();
    let out = dir.path().join("hostile.epub");
    let epub = make_epub(&[page.as_os_str()], &out);
    let entries = epub_entries(&epub);
    for name in pages(&entries) {
        let page = entry_text(&entries, &name);
        let doc = parse_xml(&page);
        for node in doc.descendants().filter(|node| node.is_element()) {
            let tag = node.tag_name().name();
            assert!(
                !matches!(
                    tag,
                    "script"
                        | "noscript"
                        | "form"
                        | "input"
                        | "button"
                        | "iframe"
                        | "object"
                        | "embed"
                        | "svg"
                        | "style"
                ),
                "{name} has a <{tag}>"
            );
            for attribute in node.attributes() {
                let attr = attribute.name().to_ascii_lowercase();
                assert!(!attr.starts_with("on"), "{name}: <{tag} {attr}=…>");
                assert_ne!(attr, "style", "{name}: <{tag} style=…>");
                assert!(
                    !attribute.value().trim_start().starts_with("javascript:"),
                    "{name}: {attr}={}",
                    attribute.value()
                );
            }
            if tag == "img" {
                let src = node.attribute("src").unwrap_or_default();
                assert!(!src.is_empty(), "{name}: an <img> without src");
                assert!(
                    entries.contains_key(&format!("OEBPS/{src}")),
                    "{name}: <img src={src}> is not in the book"
                );
                assert!(node.attribute("alt").is_some(), "{name}: <img> without alt");
            }
        }
        assert!(!page.contains("injected") && !page.contains("Enable scripts"));
    }
    let article = entry_text(&entries, "OEBPS/article-1.xhtml");
    assert!(article.contains("https://example.org/ok"), "web links stay");
    assert!(article.contains("a script link"), "its text stays");
    assert_epubcheck_clean(&out);
}

/// Writes `count` article pages with headings and a picture each into `dir`.
fn articles_with_pictures(dir: &Path, count: usize) -> Vec<std::path::PathBuf> {
    (1..=count)
        .map(|n| {
            let picture = dir.join(format!("picture-{n}.jpg"));
            DynamicImage::ImageRgb8(RgbImage::from_fn(320, 200, |x, y| {
                Rgb([(x % 256) as u8, (y % 256) as u8, (n * 60) as u8])
            }))
            .save_with_format(&picture, ImageFormat::Jpeg)
            .unwrap();
            let page = dir.join(format!("article-{n}.html"));
            std::fs::write(
                &page,
                format!(
                    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
                     <title>Report number {n}</title></head><body><article>\
                     <h1>Report number {n}</h1><p>{PARAGRAPH}</p>\
                     <figure><img src=\"picture-{n}.jpg\" alt=\"Picture {n}\">\
                     <figcaption>Picture {n}</figcaption></figure>\
                     <h2>First part of {n}</h2><p>{PARAGRAPH}</p>\
                     <h2>Second part of {n}</h2><p>{PARAGRAPH}</p>\
                     </article></body></html>"
                ),
            )
            .unwrap();
            page
        })
        .collect()
}

/// The distinct files a list of links points at, in order (fragments removed).
fn files_in_order<'a>(links: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for link in links {
        let file = link.split('#').next().unwrap_or_default().to_string();
        if files.last() != Some(&file) {
            assert!(
                !files.contains(&file),
                "{file} comes back later in {files:?}"
            );
            files.push(file);
        }
    }
    files
}

#[test]
fn a_book_of_several_articles_keeps_spine_nav_and_ncx_in_one_order_with_valid_files() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = articles_with_pictures(dir.path(), 3);
    let out = dir.path().join("digest.epub");
    let mut args: Vec<&std::ffi::OsStr> = inputs.iter().map(|p| p.as_os_str()).collect();
    args.extend(["--title", "Morning reading"].map(std::ffi::OsStr::new));
    let epub = make_epub(&args, &out);
    let entries = epub_entries(&epub);

    // mimetype first and stored; the NCX beside the nav, in the same folder.
    let mut archive = zip::ZipArchive::new(Cursor::new(&epub)).unwrap();
    let first = archive.by_index(0).unwrap();
    assert_eq!(first.name(), "mimetype");
    assert_eq!(first.compression(), zip::CompressionMethod::Stored);
    drop(first);
    assert!(entries.contains_key("OEBPS/toc.ncx") && entries.contains_key("OEBPS/nav.xhtml"));

    // Spine order is nav order is NCX order.
    let opf = entry_text(&entries, "OEBPS/content.opf");
    let items = manifest(&opf);
    let opf_doc = parse_xml(&opf);
    let spine: Vec<String> = opf_doc
        .descendants()
        .filter(|node| node.has_tag_name("itemref"))
        .map(|node| items[node.attribute("idref").unwrap()].0.clone())
        .collect();
    let nav = entry_text(&entries, "OEBPS/nav.xhtml");
    let nav_doc = parse_xml(&nav);
    let toc = nav_doc
        .descendants()
        .find(|node| {
            node.has_tag_name("nav")
                && node
                    .attributes()
                    .any(|a| a.name() == "type" && a.value() == "toc")
        })
        .expect("a toc nav");
    let nav_files = files_in_order(
        toc.descendants()
            .filter(|node| node.has_tag_name("a"))
            .filter_map(|node| node.attribute("href")),
    );
    let ncx = entry_text(&entries, "OEBPS/toc.ncx");
    let ncx_doc = parse_xml(&ncx);
    let ncx_files = files_in_order(
        ncx_doc
            .descendants()
            .filter(|node| node.has_tag_name("content"))
            .filter_map(|node| node.attribute("src")),
    );
    assert_eq!(nav_files, ncx_files);
    let spine_in_toc: Vec<String> = spine
        .iter()
        .filter(|file| nav_files.contains(file))
        .cloned()
        .collect();
    assert_eq!(spine_in_toc, nav_files, "spine {spine:?}");
    assert!(
        nav_files
            .iter()
            .filter(|file| file.starts_with("article-"))
            .eq(["article-1.xhtml", "article-2.xhtml", "article-3.xhtml"].iter()),
        "{nav_files:?}"
    );

    // No link targets a <body> id, and every fragment exists.
    let links = nav_doc
        .descendants()
        .filter_map(|node| node.attribute("href"))
        .chain(
            ncx_doc
                .descendants()
                .filter_map(|node| node.attribute("src")),
        );
    let mut fragments = 0;
    for link in links {
        let Some((file, fragment)) = link.split_once('#') else {
            continue;
        };
        fragments += 1;
        let target = entry_text(&entries, &format!("OEBPS/{file}"));
        let target = parse_xml(&target);
        let element = target
            .descendants()
            .find(|node| node.attribute("id") == Some(fragment))
            .unwrap_or_else(|| panic!("{link} points at nothing"));
        assert!(!element.has_tag_name("body"), "{link} targets <body>");
    }
    assert!(fragments >= 6, "the headings are in the table of contents");
    for page in pages(&entries) {
        let body = parse_xml(&entry_text(&entries, &page))
            .descendants()
            .find(|node| node.has_tag_name("body"))
            .and_then(|node| node.attribute("id").map(str::to_string));
        assert_eq!(body, None, "{page} gives <body> an id");
    }

    // Every file's extension, media type and bytes agree.
    for (href, media_type) in items.values() {
        let bytes = &entries[&format!("OEBPS/{href}")];
        let extension = href.rsplit('.').next().unwrap();
        let expected = match extension {
            "xhtml" => "application/xhtml+xml",
            "css" => "text/css",
            "ncx" => "application/x-dtbncx+xml",
            "jpg" | "jpeg" => "image/jpeg",
            "png" => "image/png",
            other => panic!("{href}: unexpected extension {other}"),
        };
        assert_eq!(media_type, expected, "{href}");
        match extension {
            "jpg" | "jpeg" => assert_eq!(image::guess_format(bytes).unwrap(), ImageFormat::Jpeg),
            "png" => assert_eq!(image::guess_format(bytes).unwrap(), ImageFormat::Png),
            "css" => assert!(std::str::from_utf8(bytes).is_ok(), "{href}"),
            _ => {
                let page = std::str::from_utf8(bytes).unwrap();
                assert!(
                    page.to_ascii_lowercase()
                        .starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
                    "{href} does not declare UTF-8"
                );
                parse_xml(page);
            }
        }
    }
    assert_epubcheck_clean(&out);
}

#[test]
fn language_is_a_real_code_even_when_the_page_says_c_or_us() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, expected) in [("C", "en"), ("us", "en"), ("", "en"), ("de-DE", "de-DE")] {
        let page = dir.path().join(format!("lang-{lang}.html"));
        std::fs::write(
            &page,
            format!(
                "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
                 <title>Storms</title></head><body><article><h1>Storms</h1>\
                 <p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
            ),
        )
        .unwrap();
        let out = dir.path().join(format!("lang-{lang}.epub"));
        let epub = make_epub(
            &[page.as_os_str(), std::ffi::OsStr::new("--no-images")],
            &out,
        );
        let entries = epub_entries(&epub);
        let opf = entry_text(&entries, "OEBPS/content.opf");
        let language = parse_xml(&opf)
            .descendants()
            .find(|node| node.has_tag_name("language"))
            .and_then(|node| node.text())
            .unwrap_or_default()
            .to_string();
        assert_eq!(language, expected, "lang=\"{lang}\"");
        for name in pages(&entries) {
            let page = entry_text(&entries, &name);
            for bad in ["lang=\"C\"", "lang=\"us\"", "lang=\"\""] {
                assert!(!page.contains(bad), "{name} has {bad}");
            }
        }
    }
}

#[test]
fn the_bundled_stylesheet_has_no_positioning_viewport_units_or_fixed_sizes() {
    let css =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("styles/epub.css"))
            .unwrap();
    // Comments may talk about what is left out.
    let mut rules = String::new();
    let mut rest = css.as_str();
    while let Some(start) = rest.find("/*") {
        rules.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    rules.push_str(rest);
    for declaration in rules.split([';', '{', '}']) {
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        let (property, value) = (property.trim(), value.trim());
        assert_ne!(property, "position", "{declaration}");
        assert!(
            !property.starts_with("float") || value == "none",
            "{declaration}"
        );
        for word in value.split(|c: char| c.is_whitespace() || c == ',') {
            let unit =
                word.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-');
            assert!(
                !matches!(unit, "vw" | "vh" | "vmin" | "vmax"),
                "viewport unit in {declaration}"
            );
            if unit == "px" || unit == "pt" {
                // Only hairlines (borders) may be in pixels; sizes follow the reader's font.
                assert!(
                    property.starts_with("border"),
                    "fixed size in {declaration}"
                );
            }
        }
        if matches!(property, "width" | "height" | "min-width" | "min-height") {
            assert!(
                value == "auto" || value.ends_with('%') || value.ends_with("em"),
                "fixed {property} in {declaration}"
            );
        }
    }
}

#[test]
fn a_user_stylesheet_comes_after_the_bundled_one_and_a_missing_one_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Storms</title>\
             </head><body><article><h1>Storms</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>\
             </article></body></html>"
        ),
    )
    .unwrap();
    let css = dir.path().join("mine.css");
    std::fs::write(&css, "p { text-indent: 0; margin-bottom: 0.7em; }\n").unwrap();
    let out = dir.path().join("styled.epub");
    let epub = make_epub(
        &[
            page.as_os_str(),
            std::ffi::OsStr::new("--css"),
            css.as_os_str(),
        ],
        &out,
    );
    let entries = epub_entries(&epub);
    let stylesheet = entry_text(&entries, "OEBPS/stylesheet.css");
    let bundled = stylesheet.find("widows: 2").expect("bundled rules");
    let mine = stylesheet
        .find("p { text-indent: 0; margin-bottom: 0.7em; }")
        .expect("the user's rule is in the book");
    assert!(bundled < mine, "the user's rules come last, so they win");
    for name in pages(&entries)
        .iter()
        .filter(|name| !name.ends_with("nav.xhtml"))
    {
        assert!(
            entry_text(&entries, name).contains("href=\"stylesheet.css\""),
            "{name} does not link the stylesheet"
        );
    }
    assert_epubcheck_clean(&out);

    let missing = dir.path().join("nowhere.css");
    let out = dir.path().join("never.epub");
    let output = cleancopy()
        .arg("epub")
        .arg(&page)
        .arg("--css")
        .arg(&missing)
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nowhere.css"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
}

/// A picture of noise, which no format compresses: `side` pixels a side, about 3 bytes a
/// pixel as PNG.
fn noise(side: u32, seed: u32) -> DynamicImage {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    DynamicImage::ImageRgb8(RgbImage::from_fn(side, side, |_, _| {
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state & 0xFF) as u8
        };
        Rgb([next(), next(), next()])
    }))
}

#[test]
fn a_book_over_the_size_limit_has_its_pictures_scaled_down_until_it_fits() {
    const LIMIT: usize = 1_500_000;
    const SIDE: u32 = 500;
    let mut blocks = vec![Block::paragraph(PARAGRAPH)];
    let mut images = Vec::new();
    for n in 1..=6u32 {
        let (format, extension, media_type) = if n % 2 == 0 {
            (ImageFormat::Png, "png", "image/png")
        } else {
            (ImageFormat::Jpeg, "jpg", "image/jpeg")
        };
        let mut bytes = Vec::new();
        noise(SIDE, n)
            .write_to(&mut Cursor::new(&mut bytes), format)
            .unwrap();
        let src = format!("https://example.org/noise-{n}.{extension}");
        blocks.push(Block::Figure {
            image: ImageRef {
                src: src.clone(),
                alt: format!("Noise {n}"),
            },
            caption: Vec::new(),
        });
        images.push(EmbeddedImage {
            sources: vec![(0, src)],
            file_name: format!("images/img-{n:03}.{extension}"),
            media_type: media_type.to_string(),
            width: SIDE,
            height: SIDE,
            prepared_long_side: SIDE,
            bytes,
        });
    }
    let total: usize = images.iter().map(|image| image.bytes.len()).sum();
    assert!(total > 2 * LIMIT, "the pictures alone are {total} bytes");
    let book = Book::single(Document {
        meta: Metadata {
            title: "Noise".into(),
            ..Metadata::default()
        },
        blocks,
    });
    let backend = EpubBackend::new(EpubOptions {
        max_book_bytes: LIMIT,
        ..EpubOptions::default()
    });
    let context = RenderContext::new(&book).with_images(&images);
    let rendered = render_within_limit(&backend, &context).unwrap();
    assert!(
        rendered.bytes.len() <= LIMIT,
        "{} bytes",
        rendered.bytes.len()
    );
    assert!(
        rendered.warnings.iter().any(|w| w.contains("scaling")),
        "{:?}",
        rendered.warnings
    );
    let entries = epub_entries(&rendered.bytes);
    for image in &images {
        let stored = &entries[&format!("OEBPS/{}", image.file_name)];
        let decoded = image::load_from_memory(stored).unwrap();
        assert!(decoded.width() < SIDE, "{} was not scaled", image.file_name);
        assert_eq!(
            image::guess_format(stored).unwrap(),
            image::guess_format(&image.bytes).unwrap(),
            "{} keeps its format",
            image.file_name
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noise.epub");
    std::fs::write(&path, &rendered.bytes).unwrap();
    assert_epubcheck_clean(&path);

    // Under the limit, nothing is touched.
    let roomy = render_within_limit(&EpubBackend::default(), &context).unwrap();
    assert!(roomy.warnings.is_empty());
    assert!(roomy.bytes.len() > total);
}
