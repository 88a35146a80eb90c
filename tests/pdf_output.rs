//! The PDF backend end to end: qpdf-clean files with embedded, subset fonts whose text comes
//! back in order and without widgets.

mod common;

use common::*;

fn make_pdf(fixture_name: &str, dir: &std::path::Path, extra: &[&str]) -> std::path::PathBuf {
    let out = dir.join(format!("{fixture_name}.pdf"));
    cleancopy()
        .arg("pdf")
        .arg(fixture(fixture_name))
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
fn long_article_pdf_has_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("article.html", dir.path(), &["--font-size", "20"]);
    if let Some(text) = pdf_text(&pdf) {
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(pages.len() >= 2, "expected several pages at 20 pt");
        for (index, page) in pages.iter().enumerate() {
            let number = (index + 1).to_string();
            assert!(
                page.split_whitespace().any(|w| w == number),
                "page {number} shows no page number:\n{page}"
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
