//! Books of several articles: titled and named after their site (or feed) and date.

mod common;

use common::{cleancopy, fixture};

#[test]
fn a_book_of_several_articles_is_titled_after_the_site_and_newest_date() {
    let dir = tempfile::tempdir().unwrap();
    cleancopy()
        .current_dir(dir.path())
        .args(["epub", "-q"])
        .arg(fixture("collection/story-1.html"))
        .arg(fixture("collection/story-2.html"))
        .assert()
        .success();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("hafenblatt-"), "{names:?}");
    let epub = std::fs::read(dir.path().join(&names[0])).unwrap();
    let entries = common::epub_entries(&epub);
    let opf = entries
        .keys()
        .find(|name| name.ends_with(".opf"))
        .unwrap()
        .clone();
    let package = common::entry_text(&entries, &opf);
    assert!(
        package.contains("<dc:title>Hafenblatt — 6. August 2017</dc:title>"),
        "the site, then the newest article's day in the book's language: {package}"
    );
}
