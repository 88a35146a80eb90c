//! Everyday use through the binary: what a new user tries first (a feed given as an article,
//! saved archives, Markdown on standard input, re-runs into existing folders, interrupted
//! batches) does what they meant, or says clearly why not.

mod common;

use std::path::Path;

use common::server::{Reply, TestServer};
use common::{cleancopy, fixture};

/// The names of the files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Asserts a one-line error with exit code 1 that contains every one of `parts`.
fn assert_one_line_error(output: &std::process::Output, parts: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    for part in parts {
        assert!(stderr.contains(part), "no '{part}' in: {stderr}");
    }
}

#[test]
fn a_feed_file_given_as_an_article_is_refused_with_the_way_to_read_it() {
    let dir = tempfile::tempdir().unwrap();
    let feed = fixture("everyday/harbour-feed.xml");
    let output = cleancopy()
        .current_dir(dir.path())
        .arg("epub")
        .arg(&feed)
        .output()
        .unwrap();
    let hint = format!("read its articles with --feed {}", feed.display());
    assert_one_line_error(&output, &["RSS or Atom feed", &hint]);
    assert!(files_in(dir.path()).is_empty(), "{:?}", files_in(dir.path()));

    let piped = cleancopy()
        .current_dir(dir.path())
        .args(["text", "-"])
        .write_stdin(std::fs::read(&feed).unwrap())
        .output()
        .unwrap();
    assert_one_line_error(&piped, &["<stdin>: ", "--feed -"]);
}

#[test]
fn a_feed_address_served_as_xml_is_refused_with_the_way_to_read_it() {
    let feed = std::fs::read(fixture("everyday/harbour-feed.xml")).unwrap();
    let server = TestServer::start(vec![("/feed.xml", Reply::ok("text/xml", feed))]);
    let dir = tempfile::tempdir().unwrap();
    let url = server.url("/feed.xml");
    let output = cleancopy()
        .current_dir(dir.path())
        .args(["epub", &url])
        .output()
        .unwrap();
    assert_one_line_error(&output, &[&format!("--feed {url}")]);
    assert!(files_in(dir.path()).is_empty(), "{:?}", files_in(dir.path()));
}
