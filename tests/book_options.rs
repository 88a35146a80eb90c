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
        .args([
            "epub",
            "--author",
            "Ann Example",
            "--author",
            "Bo Other",
            "-o",
        ])
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
    assert!(
        !raw.contains("Halvorsen"),
        "the PDF's metadata names the page's author"
    );
}

/// A photo-like PNG of `width` × `height`.
fn photo_png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 90])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// Makes an EPUB of the article with `options` (checked by EPUBCheck when `check`); its
/// entries.
fn epub_with(options: &[&str], check: bool) -> std::collections::HashMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let epub = dir.path().join("book.epub");
    cleancopy()
        .arg("epub")
        .args(options)
        .arg("-o")
        .arg(&epub)
        .arg(fixture(ARTICLE))
        .assert()
        .success();
    if check {
        common::assert_epubcheck_clean(&epub);
    }
    epub_entries(&std::fs::read(&epub).unwrap())
}

/// The book's cover picture (`images/cover.png` or `.jpg`), decoded.
fn cover_of(entries: &std::collections::HashMap<String, Vec<u8>>) -> image::DynamicImage {
    let (_, bytes) = entries
        .iter()
        .find(|(name, _)| name.starts_with("OEBPS/images/cover."))
        .unwrap_or_else(|| panic!("no cover picture in {:?}", entries.keys()));
    image::load_from_memory(bytes).unwrap()
}

#[test]
fn cover_makes_a_picture_file_the_cover_even_without_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("my cover.png");
    std::fs::write(&picture, photo_png(600, 900)).unwrap();
    let picture = picture.to_str().unwrap();
    for (options, check) in [
        (vec!["--cover", picture], true),
        (vec!["--cover", picture, "--no-images"], false),
    ] {
        let entries = epub_with(&options, check);
        let opf = entry_text(&entries, "OEBPS/content.opf");
        assert!(opf.contains("properties=\"cover-image\""), "{opf}");
        let cover = cover_of(&entries);
        assert_eq!((cover.width(), cover.height()), (600, 900), "{options:?}");
        assert!(entry_text(&entries, "OEBPS/cover.xhtml").contains("images/cover."));
    }
    // Scaled as the book's pictures are.
    let entries = epub_with(&["--cover", picture, "--max-image-size", "300"], false);
    let cover = cover_of(&entries);
    assert_eq!((cover.width(), cover.height()), (200, 300));
}

#[test]
fn a_cover_that_is_not_a_picture_stops_the_run_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_picture = dir.path().join("cover.png");
    std::fs::write(&not_a_picture, "hello").unwrap();
    let out = dir.path().join("book.epub");
    let assert = cleancopy()
        .args(["epub", "--cover"])
        .arg(&not_a_picture)
        .arg("-o")
        .arg(&out)
        .arg(fixture(ARTICLE))
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("--cover") && stderr.contains("cover.png"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(!out.exists());
}

#[test]
fn no_cover_leaves_the_cover_out_but_keeps_the_book_as_it_is() {
    let with = epub_with(&[], false);
    assert!(
        with.contains_key("OEBPS/cover.xhtml"),
        "the article's book has a drawn cover"
    );
    let without = epub_with(&["--no-cover"], true);
    assert!(!without.contains_key("OEBPS/cover.xhtml"));
    assert!(
        !without.keys().any(|name| name.contains("cover")),
        "{:?}",
        without.keys()
    );
    let opf = entry_text(&without, "OEBPS/content.opf");
    assert!(!opf.contains("cover"), "{opf}");
    assert!(without.contains_key("OEBPS/article-1.xhtml"));
}
