//! The EPUB backend end to end: fixtures become books that EPUBCheck 5.3 passes clean, keep
//! every body paragraph, and lose the widgets.

mod common;

use common::*;

const FIXTURES: &[&str] = &[
    "seed-shaped.txt",
    "share-this.txt",
    "related-links.txt",
    "advertisement.txt",
    "article.html",
    "multilingual.html",
];

fn make_epub(fixture_name: &str, dir: &std::path::Path) -> (std::path::PathBuf, Vec<u8>) {
    let out = dir.join(format!("{fixture_name}.epub"));
    cleancopy()
        .arg("epub")
        .arg(fixture(fixture_name))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    (out, bytes)
}

#[test]
fn every_fixture_epub_passes_epubcheck_with_no_warnings() {
    let dir = tempfile::tempdir().unwrap();
    for name in FIXTURES {
        let (path, _) = make_epub(name, dir.path());
        assert_epubcheck_clean(&path);
    }
}

#[test]
fn seed_shaped_epub_keeps_every_paragraph_and_drops_widgets() {
    let dir = tempfile::tempdir().unwrap();
    let (_, epub) = make_epub("seed-shaped.txt", dir.path());
    let text = epub_text(&epub);
    let source = std::fs::read_to_string(fixture("seed-shaped.txt")).unwrap();
    assert_words_in_order(&long_lines(&source), &text);
    for widget in ["Print Friendly", "Send to Kindle", "[Photo"] {
        assert!(!text.contains(widget), "{widget} leaked into the EPUB");
    }
    assert!(
        text.contains("Photo: Harbour Board / Lena Strand"),
        "credit kept as a credit line"
    );
}

#[test]
fn epub_is_a_valid_container_with_utf8_pages_and_a_language() {
    let dir = tempfile::tempdir().unwrap();
    let (_, epub) = make_epub("article.html", dir.path());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&epub)).unwrap();
    {
        let first = archive.by_index(0).unwrap();
        assert_eq!(first.name(), "mimetype");
        assert_eq!(first.compression(), zip::CompressionMethod::Stored);
    }
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    assert!(
        names.iter().any(|n| n.ends_with("toc.ncx")),
        "NCX for old readers"
    );
    assert!(names.iter().any(|n| n.ends_with("nav.xhtml")), "EPUB 3 nav");
    for name in names.iter().filter(|n| n.ends_with(".xhtml")) {
        let mut page = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut page).unwrap();
        assert!(
            page.to_lowercase()
                .starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
            "{name} does not declare UTF-8"
        );
        for banned in ["<script", "<iframe", "<form", "onclick", "javascript:"] {
            assert!(!page.contains(banned), "{name} contains {banned}");
        }
    }
    let mut opf = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("OEBPS/content.opf").unwrap(), &mut opf)
        .unwrap();
    assert!(opf.contains(">en-GB</dc:language>"), "{opf}");
    assert!(opf.contains(">Rosa Lindqvist</dc:creator>"));
    assert!(opf.contains("https://gazette.example.org/features/lighthouse-keepers"));
}

#[test]
fn html_article_keeps_structure_and_loses_page_chrome() {
    let dir = tempfile::tempdir().unwrap();
    let (_, epub) = make_epub("article.html", dir.path());
    let text = epub_text(&epub);
    for kept in [
        "They did not.",
        "A routine that never changed",
        "The machine keeps the light",
        "forty-one ships",
        "Visitors to Skarv Point",
        "on = sunset - 20min",
        "ordered coal for the winter",
        "The light on Skarv Point, now run by a timer.",
    ] {
        assert!(text.contains(kept), "missing {kept:?}");
    }
    for dropped in [
        "Share on Twitter",
        "Island ferry",
        "Sign up for our weekly",
        "Great story",
        "Most read",
        "Privacy",
        "Advertisement",
        "trackPageView",
    ] {
        assert!(!text.contains(dropped), "{dropped:?} leaked into the book");
    }
}

#[test]
fn same_input_gives_byte_identical_epub() {
    let dir = tempfile::tempdir().unwrap();
    let (_, first) = make_epub("article.html", dir.path());
    std::fs::remove_file(dir.path().join("article.html.epub")).unwrap();
    let (_, second) = make_epub("article.html", dir.path());
    assert_eq!(first, second);
}

#[test]
fn several_articles_make_one_book_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("digest.epub");
    cleancopy()
        .args(["epub", "--title", "Morning reading", "-o"])
        .arg(&out)
        .arg(fixture("seed-shaped.txt"))
        .arg(fixture("article.html"))
        .assert()
        .success();
    assert_epubcheck_clean(&out);
    let text = epub_text(&std::fs::read(&out).unwrap());
    let first = text.find("Harbour Board Votes").unwrap();
    let second = text.find("The Lighthouse Keepers Who Stayed").unwrap();
    assert!(first < second);
    assert!(text.contains("Morning reading"));
}
