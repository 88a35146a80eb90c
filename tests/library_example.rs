//! The library example (`examples/convert.rs`), run as a user runs it: it makes a book with
//! the article's picture, like the command line does.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// The example program `cargo test` builds beside the tests.
fn example(name: &str) -> PathBuf {
    let deps = std::env::current_exe().expect("the test's own path");
    let debug = deps
        .parent()
        .and_then(Path::parent)
        .expect("tests run from target/<profile>/deps");
    debug.join("examples").join(name)
}

#[test]
fn the_library_example_makes_a_book_with_its_picture() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("tide-clock.epub");
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tide-clock.html");
    let out = Command::new(example("convert"))
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .arg(&page)
        .arg(&book)
        .output()
        .expect("the example runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("1 pictures"), "{summary}");
    let bytes = std::fs::read(&book).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let pictures: Vec<String> = archive
        .file_names()
        .filter(|name| name.starts_with("OEBPS/images/"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        pictures.len(),
        1,
        "the article's picture is in the book: {pictures:?}"
    );
    let mut page = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("OEBPS/article-1.xhtml").unwrap(),
        &mut page,
    )
    .unwrap();
    let stored = pictures[0].trim_start_matches("OEBPS/");
    assert!(
        page.contains(&format!("src=\"{stored}\"")),
        "the article page shows the picture"
    );
    assert_epubcheck_clean(&book);
}
