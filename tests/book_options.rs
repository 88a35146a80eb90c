//! Book options through the binary: who the book is credited to (`--author`), its cover
//! (`--cover`, `--no-cover`), its contents (`--toc`, `--no-toc`, `--toc-depth`), the `html`
//! and `md` commands, and `-v` listing what the article lost.

mod common;

use common::{cleancopy, entry_text, epub_entries, fixture, pdf_text};

/// The article of these tests: credited to Ingrid Halvorsen, with headings, a table and a note.
const ARTICLE: &str = "book-options.html";

#[test]
fn author_replaces_the_pages_authors_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let epub = dir.path().join("book.epub");
    cleancopy()
        .args(["epub", "--author", "Ann Example", "--author", "Bo Other", "-o"])
        .arg(&epub)
        .arg(fixture(ARTICLE))
        .assert()
        .success();
    let entries = epub_entries(&std::fs::read(&epub).unwrap());
    let opf = entry_text(&entries, "OEBPS/content.opf");
    assert!(opf.contains(">Ann Example</dc:creator>"), "{opf}");
    assert!(opf.contains(">Bo Other</dc:creator>"), "{opf}");
    assert!(!opf.contains("Halvorsen"), "{opf}");

    let json = cleancopy()
        .args(["json", "--author", "Ann Example"])
        .arg(fixture(ARTICLE))
        .output()
        .unwrap();
    let record: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(record["authors"], serde_json::json!(["Ann Example"]));

    let pdf = dir.path().join("book.pdf");
    cleancopy()
        .args(["pdf", "--author", "Ann Example", "-o"])
        .arg(&pdf)
        .arg(fixture(ARTICLE))
        .assert()
        .success();
    if let Some(text) = pdf_text(&pdf) {
        assert!(text.contains("Ann Example"), "{text}");
        assert!(!text.contains("Halvorsen"), "{text}");
    }
    let bytes = std::fs::read(&pdf).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(!raw.contains("Halvorsen"), "the PDF's metadata names the page's author");
}
