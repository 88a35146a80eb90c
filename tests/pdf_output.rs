//! The PDF backend end to end: qpdf-clean files with embedded, subset fonts whose text comes
//! back in order and without widgets, pictures drawn whole inside the page body, and pages
//! that, rendered to pixels with `pdftoppm`, keep their ink inside the margins.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use cleancopy::backend::pdf::{PdfBackend, PdfOptions};
use cleancopy::backend::{Backend, RenderContext};
use cleancopy::convert::{Converter, Options, OutputFormat};
use cleancopy::document::Book;
use cleancopy::source::Input;
use common::*;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

fn make_pdf(fixture_name: &str, dir: &std::path::Path, extra: &[&str]) -> std::path::PathBuf {
    let out = dir.join(format!("{fixture_name}.pdf"));
    // Laid out on the full 20 mm page these tests were measured on, unless they give their
    // own margin (the default measure is narrower; tests/paper.rs checks it).
    let margin: &[&str] = if extra.contains(&"--margin") {
        &[]
    } else {
        &["--margin", "20"]
    };
    cleancopy()
        .arg("pdf")
        .arg(fixture(fixture_name))
        .args(margin)
        .args(extra)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

#[test]
fn seed_shaped_pdf_is_valid_small_and_gives_back_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("seed-shaped.txt", dir.path(), &[]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.len() < 150 * 1024, "PDF is {} bytes", bytes.len());
    assert_qpdf_clean(&pdf);
    assert_fonts_embedded(&pdf);
    if let Some(text) = pdf_text(&pdf) {
        let source = std::fs::read_to_string(fixture("seed-shaped.txt")).unwrap();
        assert_words_in_order(&long_lines(&source), &text);
        assert!(!text.contains("Print Friendly") && !text.contains("Send to Kindle"));
        assert!(text.contains("Harbour Board Votes to Rebuild"));
    }
}

#[test]
fn every_fixture_pdf_passes_qpdf_with_fonts_embedded() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "share-this.txt",
        "related-links.txt",
        "advertisement.txt",
        "article.html",
        "multilingual.html",
    ] {
        let pdf = make_pdf(name, dir.path(), &[]);
        assert_qpdf_clean(&pdf);
        assert_fonts_embedded(&pdf);
    }
}

#[test]
fn cyrillic_and_greek_text_comes_back_from_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("multilingual.html", dir.path(), &[]);
    if let Some(text) = pdf_text(&pdf) {
        assert_words_in_order("Маяк на северном мысу горит каждую ночь", &text);
        assert_words_in_order("Ο φάρος στο βόρειο ακρωτήρι", &text);
        assert!(!text.contains('\u{fffd}'));
    }
}

#[test]
fn six_scripts_come_back_from_the_pdf_in_reading_order_with_ligatures_whole() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("scripts.html", dir.path(), &[]);
    assert_qpdf_clean(&pdf);
    assert_fonts_embedded(&pdf);
    let Some(text) = pdf_text(&pdf) else { return };
    let html = std::fs::read_to_string(fixture("scripts.html")).unwrap();
    // Latin, Greek, Cyrillic, Hebrew, Arabic, and Armenian and Georgian from the fallback face.
    for paragraph in paragraphs(&html).lines() {
        assert_words_in_order(paragraph, &text);
    }
    assert!(
        !text.contains('\u{fffd}'),
        "a character was not drawn:\n{text}"
    );
    // Parentheses in right-to-left text are drawn mirrored but copied as written, and those
    // in left-to-right text are not disturbed by them.
    assert!(text.contains("(ליד המזח)"), "{text}");
    assert!(text.contains("(the fluffy"), "{text}");
    // Words drawn with ff, fi, ffl and fl ligatures are extracted whole.
    let extracted = words(&text);
    for word in [
        "office",
        "fluffy",
        "waffles",
        "difficult",
        "offer",
        "final",
        "affair",
    ] {
        assert!(
            extracted.iter().any(|w| w == word),
            "{word} not extracted whole"
        );
    }
}

/// Each word `pdftotext -bbox` finds on the first page: its text, left and right edges and top.
fn word_boxes(pdf: &Path) -> Option<Vec<(String, f32, f32, f32)>> {
    let words = common::page_words(pdf, 1)?;
    Some(
        words
            .into_iter()
            .map(|word| (word.text, word.x_min, word.x_max, word.y_min))
            .collect(),
    )
}

#[test]
fn right_to_left_paragraphs_are_laid_out_from_the_right_margin() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("scripts.html", dir.path(), &[]);
    let Some(boxes) = word_boxes(&pdf) else {
        return;
    };
    // `-bbox` gives each word's characters in the order they are drawn, left to right.
    let find = |word: &str| {
        let drawn: String = word.chars().rev().collect();
        boxes
            .iter()
            .find(|(text, ..)| {
                let text = text.trim_matches('.');
                text == word || text == drawn
            })
            .unwrap_or_else(|| panic!("{word} not on the first page"))
    };
    // The right edge of the English paragraph's justified first line is the column's.
    let english_top = find("ferry").3;
    let right_edge = boxes
        .iter()
        .filter(|(_, _, _, top)| (top - english_top).abs() < 1.0)
        .map(|(_, _, x_max, _)| *x_max)
        .fold(f32::MIN, f32::max);
    for (first, second, last) in [("ספריית", "הנמל", "המלחים"), ("تفتح", "مكتبة", "للبحارة")]
    {
        let (first, second, last) = (find(first), find(second), find(last));
        // Read from the right: the first word is right of the second, the last at the left.
        assert!(first.1 > second.2, "{first:?} is not right of {second:?}");
        assert!(last.2 < second.1, "{last:?} is not left of {second:?}");
        // The line ends at the right margin, less at most a paragraph indent.
        let gap = right_edge - first.2;
        assert!(
            (-1.0..25.0).contains(&gap),
            "{first:?} is {gap} pt from the right edge"
        );
        // And it does not start at the left margin, as a left-to-right line would.
        assert!(
            last.1 > find("ferry").1 + 20.0,
            "{last:?} starts at the left"
        );
    }
}

/// The base names of the fonts `pdffonts` lists.
fn font_names(pdf: &Path) -> Option<String> {
    if !has_tool("pdffonts") {
        return None;
    }
    let out = Command::new("pdffonts").arg(pdf).output().unwrap();
    assert!(out.status.success());
    Some(String::from_utf8_lossy(&out.stdout).to_string())
}

#[test]
fn characters_no_bundled_font_has_are_drawn_from_a_font_folder() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = fixture("fonts");
    let fonts = fonts.to_str().unwrap();
    let with_folder = dir.path().join("with-folder.pdf");
    cleancopy()
        .args(["pdf", "--no-system-fonts", "--font-dir", fonts, "-o"])
        .arg(&with_folder)
        .arg(fixture("far-scripts.html"))
        .assert()
        .success();
    assert_qpdf_clean(&with_folder);
    assert_fonts_embedded(&with_folder);
    if let Some(names) = font_names(&with_folder) {
        assert!(names.contains("CleancopyTestGlyphs"), "{names}");
    }
    if let Some(text) = pdf_text(&with_folder) {
        assert!(text.contains("港口"), "{text}");
        assert!(text.contains("नमस्ते"), "{text}");
        assert!(!text.contains('\u{fffd}'), "{text}");
    }

    // Without the folder and the machine's fonts, the same characters are replacement marks.
    let without = dir.path().join("without.pdf");
    cleancopy()
        .args(["pdf", "--no-system-fonts", "-o"])
        .arg(&without)
        .arg(fixture("far-scripts.html"))
        .assert()
        .success();
    assert_qpdf_clean(&without);
    if let Some(text) = pdf_text(&without) {
        assert!(!text.contains("港口"));
        assert!(text.contains('\u{fffd}'), "{text}");
    }
}

#[test]
fn a_font_folder_that_does_not_exist_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never.pdf");
    let missing = dir.path().join("no-such-fonts");
    let assert = cleancopy()
        .args(["pdf", "--font-dir"])
        .arg(&missing)
        .arg("-o")
        .arg(&out)
        .arg(fixture("far-scripts.html"))
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("--font-dir") && stderr.contains("not a folder"),
        "{stderr}"
    );
    assert!(!out.exists());
}

/// The article of a fixture, read as the command line reads it.
fn fixture_book(name: &str) -> Book {
    let input = Input::from_arg(fixture(name).to_str().unwrap());
    Book::single(read_article(&input))
}

/// Reads and normalizes one input as the command line does.
fn read_article(input: &Input) -> cleancopy::document::Document {
    let converter = Converter::new(OutputFormat::pdf(), Options::default()).unwrap();
    converter.read(input).unwrap().document
}

/// A PDF of `book` whose missing characters come from the fonts of `font_dir` only.
fn render_with_font_dir(book: &Book, font_dir: &Path) -> Vec<u8> {
    let backend = PdfBackend::new(PdfOptions {
        font_dirs: vec![font_dir.to_path_buf()],
        system_fonts: false,
        ..PdfOptions::default()
    });
    backend.render(&RenderContext::new(book)).unwrap().bytes
}

/// The `BaseFont` names of the fonts a PDF embeds, subset tags and all.
fn embedded_font_names(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|object| {
            let dict = object.as_dict().ok()?;
            let is_font = dict.get(b"Type").and_then(lopdf::Object::as_name).ok()? == b"Font";
            let name = dict
                .get(b"BaseFont")
                .and_then(lopdf::Object::as_name)
                .ok()?;
            is_font.then(|| String::from_utf8_lossy(name).into_owned())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A folder with a copy of the test font under another name (`CleancopyTestOthers`): the
/// same glyphs, so both fonts draw the same characters, but told apart in a PDF by name.
fn renamed_test_font() -> tempfile::TempDir {
    let mut bytes = std::fs::read(fixture("fonts/test-glyphs.ttf")).unwrap();
    // The family and PostScript names, in the `name` table's one-byte and UTF-16 records.
    // The replacement has the same length, so no offset in the file moves.
    for (from, to) in [("TestGlyphs", "TestOthers"), ("Test Glyphs", "Test Others")] {
        for (from, to) in [
            (from.as_bytes().to_vec(), to.as_bytes().to_vec()),
            (utf16_be(from), utf16_be(to)),
        ] {
            while let Some(at) = bytes.windows(from.len()).position(|window| window == from) {
                bytes[at..at + to.len()].copy_from_slice(&to);
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("other-glyphs.ttf"), bytes).unwrap();
    dir
}

fn utf16_be(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

/// Whether a PDF embeds the test font of that name (and not the other).
fn embeds_only(pdf: &[u8], wanted: &str, other: &str) -> bool {
    let names = embedded_font_names(pdf);
    names.iter().any(|name| name.contains(wanted)) && !names.iter().any(|name| name.contains(other))
}

#[test]
fn renders_with_different_font_folders_each_embed_their_own_font() {
    let book = fixture_book("far-scripts.html");
    let glyphs = fixture("fonts");
    let others = renamed_test_font();
    let renders: [(&Path, &str, &str); 2] = [
        (&glyphs, "CleancopyTestGlyphs", "CleancopyTestOthers"),
        (others.path(), "CleancopyTestOthers", "CleancopyTestGlyphs"),
    ];

    // One after the other, and back to the first folder.
    for (dir, wanted, other) in [renders[0], renders[1], renders[0]] {
        let pdf = render_with_font_dir(&book, dir);
        assert!(
            embeds_only(&pdf, wanted, other),
            "with {}: {:?}",
            dir.display(),
            embedded_font_names(&pdf)
        );
    }

    // At the same time, from two threads, several times over.
    let start = std::sync::Barrier::new(renders.len());
    std::thread::scope(|scope| {
        let threads: Vec<_> = renders
            .iter()
            .map(|&(dir, wanted, other)| {
                let (book, start) = (&book, &start);
                scope.spawn(move || {
                    start.wait();
                    (0..4)
                        .map(|_| render_with_font_dir(book, dir))
                        .filter(|pdf| !embeds_only(pdf, wanted, other))
                        .map(|pdf| embedded_font_names(&pdf))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for (thread, (dir, wanted, _)) in threads.into_iter().zip(renders) {
            let wrong = thread.join().unwrap();
            assert!(
                wrong.is_empty(),
                "with {} at the same time as another folder, {wanted} was not the only test \
                 font: {wrong:?}",
                dir.display()
            );
        }
    });
}

#[test]
fn a_render_that_misses_many_characters_does_not_stop_the_next_finding_its_font() {
    // Private-use characters no font has: each one is searched for, up to a limit per book.
    let missing: String = (0xE000..0xE100).filter_map(char::from_u32).collect();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("missing.html");
    std::fs::write(
        &page,
        format!(
            "<html><head><title>Marks</title></head><body><article><h1>Marks</h1>\
             <p>Marks that no font draws follow here, in a paragraph long enough to be read \
             as the article of the page: {missing}</p></article></body></html>"
        ),
    )
    .unwrap();
    let missing_book = Book::single(read_article(&Input::from_arg(page.to_str().unwrap())));
    let fonts = fixture("fonts");
    render_with_font_dir(&missing_book, &fonts);
    let pdf = render_with_font_dir(&fixture_book("far-scripts.html"), &fonts);
    assert!(
        embeds_only(&pdf, "CleancopyTestGlyphs", "CleancopyTestOthers"),
        "{:?}",
        embedded_font_names(&pdf)
    );
}

#[test]
fn letter_paper_gives_letter_sized_pages() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("article.html", dir.path(), &["--paper", "letter"]);
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("612") && text.contains("792"),
        "no 612×792 MediaBox"
    );
}

#[test]
fn a5_paper_gives_a5_pages_whose_text_stays_inside_them() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("article.html", dir.path(), &["--paper", "a5"]);
    let bytes = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    // 148 × 210 mm in points.
    assert!(
        text.contains("419.5") && text.contains("595.2"),
        "no A5 MediaBox"
    );
    assert_qpdf_clean(&pdf);
    let Some(boxes) = word_boxes(&pdf) else {
        return;
    };
    assert!(!boxes.is_empty());
    for (word, x_min, x_max, _) in boxes {
        assert!(
            x_min >= 0.0 && x_max <= 419.6,
            "{word} runs off the page: {x_min}..{x_max}"
        );
    }
}

#[test]
fn long_article_pdf_numbers_its_pages_with_the_total_and_the_source_address() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("article.html", dir.path(), &["--font-size", "20"]);
    if let Some(text) = pdf_text(&pdf) {
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(pages.len() >= 2, "expected several pages at 20 pt");
        let total = pages.len();
        for (index, page) in pages.iter().enumerate() {
            let number = format!("Page {} of {total}", index + 1);
            assert!(page.contains(&number), "no \"{number}\" on:\n{page}");
            // The source address is in every page's footer.
            assert!(
                page.contains("gazette.example.org/features/lighthouse"),
                "no source address on page {}:\n{page}",
                index + 1
            );
        }
    }
}

#[test]
fn same_input_gives_byte_identical_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let first = std::fs::read(make_pdf("article.html", dir.path(), &[])).unwrap();
    let second = std::fs::read(make_pdf("article.html", dir.path(), &["--force"])).unwrap();
    assert_eq!(first, second);
}

/// The text of the fixture's paragraphs.
fn paragraphs(html: &str) -> String {
    html.split("<p>")
        .skip(1)
        .filter_map(|part| part.split("</p>").next())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `pdftotext -raw` output: lines as drawn, hyphens at line ends kept.
fn raw_text(pdf: &std::path::Path) -> Option<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-nopgbrk", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn justified_hyphenated_pdf_gives_the_words_back_in_order() {
    let dir = tempfile::tempdir().unwrap();
    // Wide margins make a narrow column, so some lines end inside a long word.
    let pdf = make_pdf("hyphenation.html", dir.path(), &["--margin", "70"]);
    assert_qpdf_clean(&pdf);
    let source = std::fs::read_to_string(fixture("hyphenation.html")).unwrap();
    if let Some(text) = pdf_text(&pdf) {
        assert_words_in_order(&paragraphs(&source), &text);
        // As drawn, some line ends in a hyphen inside a word the next line finishes.
        let raw = raw_text(&pdf).unwrap_or_default();
        let lines: Vec<&str> = raw.lines().map(str::trim_end).collect();
        let hyphenated = lines.windows(2).any(|pair| {
            pair[0].ends_with('-')
                && pair[0].len() > 1
                && pair[1].starts_with(|c: char| c.is_lowercase())
        });
        assert!(hyphenated, "no line ends inside a word:\n{raw}");
    }
}

#[test]
fn ragged_pdf_gives_the_words_back_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf(
        "hyphenation.html",
        dir.path(),
        &["--margin", "70", "--ragged"],
    );
    assert_qpdf_clean(&pdf);
    let source = std::fs::read_to_string(fixture("hyphenation.html")).unwrap();
    if let Some(text) = pdf_text(&pdf) {
        assert_words_in_order(&paragraphs(&source), &text);
    }
}
// ----- pictures -----

const PARAGRAPH: &str = "The lighthouse keeper counted the ships that passed the northern cape \
    each evening and wrote their names in a ledger kept beside the lamp. ";

/// A folder holding `page.html`, an article with `paragraphs` paragraphs, a figure whose
/// picture is a generated photo of `width` × `height` pixels, and more paragraphs.
fn figure_page(root: &Path, width: u32, height: u32, paragraphs: usize) -> PathBuf {
    let photo = DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 140])
    }));
    photo
        .save_with_format(root.join("lamp.jpg"), ImageFormat::Jpeg)
        .unwrap();
    let body = format!("<p>{}</p>", PARAGRAPH.repeat(4)).repeat(paragraphs);
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>The Lamp Room</title></head><body>\
         <article><h1>The Lamp Room</h1>{body}\
         <figure><img src=\"lamp.jpg\" alt=\"The lamp at dusk\">\
         <figcaption>The lamp, lit for the night.</figcaption></figure>{body}</article></body></html>"
    );
    let page = root.join("page.html");
    std::fs::write(&page, html).unwrap();
    page
}

fn pdf_of(page: &Path, out: &Path, extra: &[&str]) -> Vec<u8> {
    let margin: &[&str] = if extra.contains(&"--margin") {
        &[]
    } else {
        &["--margin", "20"]
    };
    cleancopy()
        .arg("pdf")
        .arg(page)
        // Laid out on the full 20 mm page these tests were measured on (the default measure
        // is narrower; tests/paper.rs checks it).
        .args(margin)
        .args(extra)
        .arg("-o")
        .arg(out)
        .arg("--force")
        .assert()
        .success();
    std::fs::read(out).unwrap()
}

/// Image XObjects in a PDF, as (width, height, filter).
fn pictures(pdf: &[u8]) -> Vec<(i64, i64, String)> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|object| object.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Image"))
        .map(|s| {
            let number = |key: &[u8]| s.dict.get(key).and_then(lopdf::Object::as_i64).unwrap_or(0);
            let filter = s
                .dict
                .get(b"Filter")
                .and_then(lopdf::Object::as_name)
                .unwrap_or(b"");
            (
                number(b"Width"),
                number(b"Height"),
                String::from_utf8_lossy(filter).into_owned(),
            )
        })
        .collect()
}

#[test]
fn figure_pictures_are_drawn_and_no_images_leaves_them_out() {
    let dir = tempfile::tempdir().unwrap();
    let page = figure_page(dir.path(), 640, 420, 2);
    let with = pdf_of(&page, &dir.path().join("with.pdf"), &[]);
    assert_eq!(pictures(&with), [(640, 420, "DCTDecode".to_string())]);
    assert_qpdf_clean(&dir.path().join("with.pdf"));
    assert_fonts_embedded(&dir.path().join("with.pdf"));
    if let Some(text) = pdf_text(&dir.path().join("with.pdf")) {
        assert!(text.contains("The lamp, lit for the night."));
        assert!(
            !text.contains("[image:"),
            "the picture replaces the alt text"
        );
    }

    let without = pdf_of(&page, &dir.path().join("without.pdf"), &["--no-images"]);
    assert!(
        pictures(&without).is_empty(),
        "--no-images gives a text-only PDF"
    );
    if let Some(text) = pdf_text(&dir.path().join("without.pdf")) {
        assert!(text.contains("[image: The lamp at dusk]"));
        assert!(text.contains("The lamp, lit for the night."));
    }
}

/// An article of `paragraphs` paragraphs, then `middle` (HTML), then a closing paragraph.
fn article_page(root: &Path, paragraphs: usize, middle: &str) -> PathBuf {
    let body = format!("<p>{}</p>", PARAGRAPH.repeat(4)).repeat(paragraphs);
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>The Lamp Room</title></head><body>\
         <article><h1>The Lamp Room</h1>{body}{middle}\
         <p>{}</p></article></body></html>",
        "Afterwards the keeper trimmed the wick and climbed down the stairs. ".repeat(12)
    );
    let page = root.join("page.html");
    std::fs::write(&page, html).unwrap();
    page
}

#[test]
fn a_figure_that_does_not_fit_floats_to_the_next_page_and_the_text_after_it_fills_this_one() {
    if !has_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let photo = DynamicImage::ImageRgb8(RgbImage::from_fn(900, 700, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 140])
    }));
    photo
        .save_with_format(dir.path().join("lamp.jpg"), ImageFormat::Jpeg)
        .unwrap();
    let figure = "<figure><img src=\"lamp.jpg\" alt=\"The lamp at dusk\">\
                  <figcaption>The lamp, lit for the night.</figcaption></figure>";
    let mut floated = 0;
    for count in 2..8 {
        let page = article_page(dir.path(), count, figure);
        let out = dir.path().join(format!("float-{count}.pdf"));
        pdf_of(&page, &out, &[]);
        assert_qpdf_clean(&out);
        let pages = pages_text(&out).expect("pdftotext reads every page");
        let on = |needle: &str| {
            pages
                .iter()
                .position(|text| text.contains(needle))
                .unwrap_or_else(|| panic!("{count}: {needle:?} not printed"))
        };
        let caption = on("The lamp, lit for the night.");
        let after = on("Afterwards the keeper");
        let before_ends = pages
            .iter()
            .rposition(|text| text.contains("lighthouse keeper"))
            .expect("the text before the figure is printed");
        if before_ends < caption {
            // The figure did not fit after the text before it: it tops the next page, and
            // the text after it does not wait for it.
            assert_eq!(caption, before_ends + 1, "{count}: the next page");
            assert!(after <= caption, "{count}: text waits for the figure");
            if after == before_ends {
                floated += 1;
            }
        }
        // Every word of the paragraphs is printed, in order.
        let text = pdf_text(&out).unwrap_or_default();
        let source = std::fs::read_to_string(&page).unwrap();
        assert_words_in_order(&paragraphs(&source), &text);
    }
    assert!(floated > 0, "the text after a figure never filled its page");
}

#[test]
fn a_heading_is_printed_with_at_least_two_lines_after_it_on_its_page() {
    if !has_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut at_a_foot = 0;
    for sentences in 1..16 {
        // A paragraph of a growing length moves the heading down the page, line by line.
        let middle = format!(
            "<p>{}</p><h2>Harbour Records</h2><p>Entry one.</p><p>Entry two.</p>\
             <p>Entry three.</p>",
            PARAGRAPH.repeat(sentences)
        );
        let page = article_page(dir.path(), 5, &middle);
        let out = dir.path().join(format!("heading-{sentences}.pdf"));
        pdf_of(&page, &out, &[]);
        assert_qpdf_clean(&out);
        let pages = pages_text(&out).expect("pdftotext reads every page");
        let text = pages
            .iter()
            .find(|text| text.contains("Harbour Records"))
            .expect("the heading is printed");
        let after: Vec<&str> = text
            .lines()
            .skip_while(|line| !line.contains("Harbour Records"))
            .skip(1)
            .filter(|line| line.contains("Entry") || line.contains("Afterwards"))
            .collect();
        assert!(
            after.len() >= 2,
            "{sentences}: the heading is followed by {after:?} on its page"
        );
        if !text.contains("Afterwards") {
            at_a_foot += 1;
        }
    }
    assert!(at_a_foot > 0, "the heading never came near a page foot");
}

#[test]
fn same_input_with_a_picture_gives_byte_identical_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let page = figure_page(dir.path(), 320, 240, 1);
    let first = pdf_of(&page, &dir.path().join("a.pdf"), &[]);
    let second = pdf_of(&page, &dir.path().join("b.pdf"), &[]);
    assert_eq!(first, second);
}

// ----- pages as pixels -----

/// A page rendered to pixels: width, height, and whether each pixel carries ink.
struct Raster {
    width: u32,
    height: u32,
    ink: Vec<bool>,
}

impl Raster {
    fn inked(&self, x: u32, y: u32) -> bool {
        self.ink[(y * self.width + x) as usize]
    }

    /// The bounding box of the ink (x0, y0, x1, y1), inclusive, or `None` for a blank page.
    fn ink_box(&self) -> Option<(u32, u32, u32, u32)> {
        let mut found: Option<(u32, u32, u32, u32)> = None;
        for y in 0..self.height {
            for x in 0..self.width {
                if self.inked(x, y) {
                    let (x0, y0, x1, y1) = found.unwrap_or((x, y, x, y));
                    found = Some((x0.min(x), y0.min(y), x1.max(x), y1.max(y)));
                }
            }
        }
        found
    }

    /// Whether any pixel in rows `y0..y1` carries ink.
    fn ink_in_rows(&self, y0: u32, y1: u32) -> bool {
        (y0..y1.min(self.height)).any(|y| (0..self.width).any(|x| self.inked(x, y)))
    }
}

/// Renders every page of `pdf` with `pdftoppm -r DPI -png`, or `None` when it is missing.
fn rasterize(pdf: &Path, dpi: u32) -> Option<Vec<Raster>> {
    let found = Command::new("pdftoppm").arg("-v").output().is_ok();
    if !available("pdftoppm", found) {
        return None;
    }
    let dir = pdf.with_extension("pages");
    std::fs::create_dir_all(&dir).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-png"])
        .arg(pdf)
        .arg(dir.join("page"))
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let rasters = files
        .iter()
        .map(|file| {
            let grey = image::open(file).unwrap().to_luma8();
            Raster {
                width: grey.width(),
                height: grey.height(),
                ink: grey.pixels().map(|pixel| pixel.0[0] < 200).collect(),
            }
        })
        .collect();
    Some(rasters)
}

/// Checks the pages of `pdf` as pixels: as many as the PDF has, none blank, every page's ink
/// inside the side margins, and above and below the text area only in the bands where the
/// running header and page number sit, away from the paper's edge.
fn assert_pages_look_right(pdf: &Path, margin_mm: f32) {
    const DPI: u32 = 50;
    let Some(pages) = rasterize(pdf, DPI) else {
        return;
    };
    let count = lopdf::Document::load(pdf).unwrap().get_pages().len();
    assert_eq!(pages.len(), count, "pdftoppm pages vs the PDF's page count");
    let margin = margin_mm / 25.4 * DPI as f32;
    // One pixel of anti-aliasing on each side.
    let slack = 1.0;
    for (number, page) in pages.iter().enumerate() {
        let number = number + 1;
        let (x0, y0, x1, y1) = page
            .ink_box()
            .unwrap_or_else(|| panic!("page {number} is blank"));
        let body_top = margin.ceil() as u32;
        let body_bottom = (page.height as f32 - margin).floor() as u32;
        assert!(
            page.ink_in_rows(body_top, body_bottom),
            "page {number} has nothing in its text area"
        );
        assert!(
            x0 as f32 >= margin - slack && x1 as f32 <= page.width as f32 - margin + slack,
            "page {number}: ink from x={x0} to x={x1}, margins at {margin:.1} and {:.1}",
            page.width as f32 - margin
        );
        // Header and footer sit inside the top and bottom margins, clear of the edge.
        let edge = margin / 5.0;
        assert!(
            y0 as f32 >= edge && y1 as f32 <= page.height as f32 - edge,
            "page {number}: ink from y={y0} to y={y1} reaches the paper's edge"
        );
    }
}

#[test]
fn seed_shaped_pages_keep_their_ink_inside_the_margins() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("seed-shaped.txt", dir.path(), &[]);
    assert_pages_look_right(&pdf, 20.0);
    let large = dir.path().join("large.pdf");
    cleancopy()
        .arg("pdf")
        .arg(fixture("seed-shaped.txt"))
        .args(["--font-size", "16", "--margin", "30", "-o"])
        .arg(&large)
        .assert()
        .success();
    assert_pages_look_right(&large, 30.0);
}

#[test]
fn pages_with_a_picture_keep_their_ink_inside_the_margins() {
    let dir = tempfile::tempdir().unwrap();
    // A tall picture after several paragraphs: it moves to a page of its own making.
    let page = figure_page(dir.path(), 500, 900, 4);
    let pdf = dir.path().join("figure.pdf");
    let bytes = pdf_of(&page, &pdf, &[]);
    assert_eq!(pictures(&bytes).len(), 1);
    assert_pages_look_right(&pdf, 20.0);
}

// ----- one long paragraph -----

/// The text a reader follows from page to page: `pdftotext`'s lines without the running
/// title and the "Page N of M" lines, a word hyphenated at the end of a line (or a page)
/// joined again.
fn running_text(text: &str, title: &str) -> String {
    let lines = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && *line != title && !line.starts_with("Page "));
    let mut joined = String::new();
    for line in lines {
        match joined.strip_suffix('-') {
            Some(start) => joined.truncate(start.len()),
            None if !joined.is_empty() => joined.push(' '),
            None => {}
        }
        joined.push_str(line);
    }
    joined
}

/// The words [`long_paragraph`] is made of.
const PARAGRAPH_WORDS: [&str; 24] = [
    "harbour", "lantern", "keeper", "evening", "northern", "ledger", "weather", "tide", "station",
    "ferry", "island", "signal", "coast", "storm", "morning", "boats", "clock", "square", "bakery",
    "rope", "radio", "winter", "fog", "pier",
];

/// About `bytes` of sentences in words of our own, from a fixed seed, with a link every few
/// sentences: the text of one paragraph, as HTML.
fn long_paragraph(bytes: usize) -> String {
    const WORDS: [&str; 24] = PARAGRAPH_WORDS;
    let mut state = 7_u64;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % bound
    };
    let mut html = String::new();
    let mut sentence = 0;
    while html.len() < bytes {
        let words: Vec<&str> = (0..6 + next(10))
            .map(|_| WORDS[next(WORDS.len())])
            .collect();
        let text = format!("The {}.", words.join(" "));
        if sentence % 7 == 3 {
            html.push_str(&format!(
                "<a href=\"https://example.org/{sentence}\">{text}</a> "
            ));
        } else {
            html.push_str(&text);
            html.push(' ');
        }
        sentence += 1;
    }
    html
}

#[test]
fn a_page_that_is_one_long_paragraph_gives_its_words_back_in_order() {
    let dir = tempfile::tempdir().unwrap();
    // 150 KB: some 25,000 words, several times what the line breaker takes at once.
    let paragraph = long_paragraph(150_000);
    let page = dir.path().join("long.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><title>The Long Paragraph</title></head>\
             <body><article><h1>The Long Paragraph</h1><p>{paragraph}</p></article></body></html>"
        ),
    )
    .unwrap();
    // A narrow column, so that windows of the paragraph need hyphens too. The links'
    // addresses are left out of the running text (`page_notes.rs` tests them).
    for extra in [&["--margin", "60"][..], &["--ragged"][..]] {
        let pdf = dir.path().join("long.pdf");
        cleancopy()
            .args(["pdf", "-q", "--force", "--no-link-notes", "-o"])
            .arg(&pdf)
            .arg(&page)
            .args(extra)
            .assert()
            .success();
        assert_qpdf_clean(&pdf);
        assert_fonts_embedded(&pdf);
        let source = paragraph.replace("</a>", "").replace("<a href=\"", "<");
        let source: String = source
            .split('<')
            .map(|part| part.split_once("\">").map_or(part, |(_, rest)| rest))
            .collect();
        if let Some(text) = pdf_text(&pdf) {
            let text = running_text(&text, "The Long Paragraph");
            assert_words_in_order(&source, &text);
            // No window of the paragraph is printed twice.
            let count = |text: &str| {
                words(text)
                    .iter()
                    .filter(|word| PARAGRAPH_WORDS.contains(&word.as_str()))
                    .count()
            };
            assert_eq!(count(&text), count(&source), "{extra:?}");
        }
    }
}

#[test]
fn the_photo_credit_the_epub_shows_is_set_under_the_figure_caption() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("credited.pdf");
    cleancopy()
        .args(["pdf", "--no-images", "-o"])
        .arg(&pdf)
        .arg(fixture("credited-figure.html"))
        .assert()
        .success();
    let Some(text) = pdf_text(&pdf) else { return };
    let caption = text
        .find("The harbour wall at the lowest tide of the year.")
        .expect("the caption");
    let credit = text
        .find("Photo: Northern Ledger / Sam Eriksen")
        .unwrap_or_else(|| panic!("no credit in\n{text}"));
    let next = text
        .find("They tap the stones")
        .expect("the next paragraph");
    assert!(caption < credit && credit < next, "{text}");
}
