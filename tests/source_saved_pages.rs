//! Saved pages as people keep them: Markdown exports and single-file web archives (`.mhtml`,
//! `.mht`), read through the command line.

mod common;

use common::*;

fn json(path: &std::path::Path) -> serde_json::Value {
    let out = cleancopy().arg("json").arg(path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The `src` of every figure in a JSON record.
fn figure_sources(record: &serde_json::Value) -> Vec<String> {
    record["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| b["type"] == "figure")
        .filter_map(|b| b["image"]["src"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn markdown_article_takes_its_title_and_byline_from_front_matter() {
    let record = json(&fixture("source/tides.md"));
    assert_eq!(record["title"], "Tide Tables for the Harbour");
    assert_eq!(record["authors"][0], "Ada Byrne");
    let text = record["text"].as_str().unwrap();
    assert!(text.contains("nobody has forgotten it"), "{text}");
    assert!(!text.contains("author:"), "front matter leaked: {text}");
    assert!(
        record["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["type"] == "table"),
        "the Markdown table is lost"
    );
}

#[test]
fn markdown_without_front_matter_is_titled_by_its_first_heading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.markdown");
    let paragraph = "The chandlery on the quay sells rope, paint, charts and tide tables, and \
        the owner will tell anyone who asks which charts are out of date and why.";
    std::fs::write(
        &path,
        format!("# Notes From the Chandlery\n\n{paragraph}\n\n{paragraph}\n\n- rope\n- paint\n"),
    )
    .unwrap();
    let out = cleancopy().arg("text").arg(&path).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Notes From the Chandlery\n"),
        "title is not first: {text}"
    );
    assert!(!text.contains("# Notes"), "Markdown syntax leaked: {text}");
}

#[test]
fn mhtml_archive_gives_its_page_and_its_address() {
    let record = json(&fixture("source/ferry.mhtml"));
    assert_eq!(record["title"], "The Ferry That Runs on Time");
    assert_eq!(
        record["source_url"],
        "https://courier.example.org/island/ferry"
    );
    let text = record["text"].as_str().unwrap();
    // Quoted-printable soft line breaks joined, UTF-8 bytes decoded.
    assert!(
        text.contains("the harbour froze over, and the islanders"),
        "{text}"
    );
    assert!(text.contains("Sólveig Dahl"), "{text}");
    assert_eq!(
        figure_sources(&record),
        ["https://courier.example.org/island/images/ferry.png"]
    );
}

#[test]
fn legacy_mht_with_a_base64_windows_1252_page() {
    let record = json(&fixture("source/cafe.mht"));
    assert_eq!(record["title"], "Café Society on the Quay");
    assert_eq!(
        record["source_url"],
        "http://quay.example.net/stories/cafe.htm"
    );
    let text = record["text"].as_str().unwrap();
    assert!(
        text.contains("crêpes") && text.contains("“naïve”"),
        "{text}"
    );
    assert!(text.contains("somebody’s grandfather"), "{text}");
}

#[test]
fn mhtml_piped_on_standard_input_is_recognised() {
    let archive = std::fs::read(fixture("source/ferry.mhtml")).unwrap();
    let out = cleancopy()
        .args(["text", "-"])
        .write_stdin(archive)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("The Ferry That Runs on Time\n"));
}

#[test]
fn a_broken_archive_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.mht");
    std::fs::write(
        &path,
        "MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\nno parts here\r\n",
    )
    .unwrap();
    let out = cleancopy().arg("text").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("broken.mht: not a readable MHTML archive (no MIME boundary)"),
        "{stderr}"
    );
}

#[test]
fn local_page_with_a_url_resolves_links_against_it() {
    let record = {
        let out = cleancopy()
            .arg("json")
            .arg(fixture("source/remote-page.html"))
            .args(["--url", "https://harbour.example.org/news/2025/wall.html"])
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    assert_eq!(
        record["source_url"],
        "https://harbour.example.org/news/2025/wall.html"
    );
    assert_eq!(
        figure_sources(&record),
        ["https://harbour.example.org/news/2025/img/breakwater.jpg"]
    );
}
