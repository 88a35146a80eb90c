//! The command line as a user meets it: inputs from files and stdin, outputs to files and
//! stdout, the text and JSON views, and one-line errors that leave nothing behind.

mod common;

use common::*;
use predicates::prelude::*;

/// Files in `dir`, sorted.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn body_only_text_matches_the_golden_output() {
    for name in [
        "seed-shaped",
        "share-this",
        "related-links",
        "advertisement",
        "article",
    ] {
        let input = ["txt", "html"]
            .iter()
            .map(|ext| fixture(&format!("{name}.{ext}")))
            .find(|p| p.exists())
            .unwrap();
        let golden = std::fs::read_to_string(fixture(&format!("{name}.body.txt"))).unwrap();
        cleancopy()
            .args(["text", "--body-only"])
            .arg(input)
            .assert()
            .success()
            .stdout(golden);
    }
}

#[test]
fn full_text_starts_with_section_title_and_credit_is_not_body() {
    let out = cleancopy()
        .arg("text")
        .arg(fixture("seed-shaped.txt"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(
        "INFRASTRUCTURE\nHarbour Board Votes to Rebuild the Old Breakwater Before Winter Storms\n"
    ));
    // The credit is not a paragraph of the body: it closes the article once, as in the books.
    assert!(!text.contains("[Photo:"), "{text}");
    assert!(
        text.ends_with("\n\nPhoto: Harbour Board / Lena Strand\n"),
        "{text}"
    );
}

#[test]
fn json_gives_metadata_and_text() {
    let out = cleancopy()
        .arg("json")
        .arg(fixture("seed-shaped.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["section"], "Infrastructure");
    assert_eq!(
        record["title"],
        "Harbour Board Votes to Rebuild the Old Breakwater Before Winter Storms"
    );
    assert_eq!(record["image_credit"], "Photo: Harbour Board / Lena Strand");
    assert_eq!(record["language"], "en");
    assert!(record["word_count"].as_u64().unwrap() > 200);
}

#[test]
fn json_of_an_html_page_reads_its_metadata() {
    let out = cleancopy()
        .arg("json")
        .arg(fixture("article.html"))
        .output()
        .unwrap();
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["title"], "The Lighthouse Keepers Who Stayed");
    assert_eq!(record["authors"][0], "Rosa Lindqvist");
    assert_eq!(record["site_name"], "The Coastal Gazette");
    assert_eq!(record["section"], "Features");
    assert_eq!(record["published"], "2025-06-02T07:30:00Z");
    assert_eq!(record["language"], "en-GB");
    assert_eq!(
        record["lead_image"]["src"],
        "https://gazette.example.org/img/lighthouse.jpg"
    );
}

#[test]
fn stdin_in_and_stdout_out() {
    let page = std::fs::read(fixture("article.html")).unwrap();
    let out = cleancopy()
        .args(["epub", "-", "-o", "-"])
        .write_stdin(page)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stdout.starts_with(b"PK\x03\x04"),
        "stdout is not an EPUB"
    );
    assert!(epub_text(&out.stdout).contains("Lighthouse Keepers"));
}

#[test]
fn default_output_is_named_after_the_title() {
    let dir = tempfile::tempdir().unwrap();
    cleancopy()
        .current_dir(dir.path())
        .arg("epub")
        .arg(fixture("seed-shaped.txt"))
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote harbour-board-votes"));
    assert_eq!(
        files_in(dir.path()),
        vec!["harbour-board-votes-to-rebuild-the-old-breakwater-before-winter-storms.epub"]
    );
}

#[test]
fn quiet_prints_nothing_on_success() {
    let dir = tempfile::tempdir().unwrap();
    cleancopy()
        .current_dir(dir.path())
        .args(["pdf", "-q"])
        .arg(fixture("seed-shaped.txt"))
        .assert()
        .success()
        .stderr("")
        .stdout("");
}

/// Runs `cleancopy epub INPUT -o DIR/out.epub` and checks a one-line error naming `named`
/// and containing `cause`, a failure exit code, and an untouched output folder.
fn assert_clean_failure(input: &std::path::Path, named: &str, cause: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = cleancopy()
        .arg("epub")
        .arg(input)
        .arg("-o")
        .arg(dir.path().join("out.epub"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    assert!(stderr.starts_with("cleancopy: error: "), "{stderr}");
    assert!(stderr.contains(named) && stderr.contains(cause), "{stderr}");
    assert!(
        files_in(dir.path()).is_empty(),
        "left {:?}",
        files_in(dir.path())
    );
}

#[test]
fn missing_file_is_a_clear_error() {
    assert_clean_failure(
        std::path::Path::new("no-such-article.html"),
        "no-such-article.html",
        "no such file",
    );
}

#[test]
fn directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().display().to_string();
    assert_clean_failure(dir.path(), &name, "is a directory");
}

#[test]
fn empty_and_whitespace_inputs_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (file, content) in [("empty.txt", ""), ("blank.html", "  \n\t\n")] {
        let path = dir.path().join(file);
        std::fs::write(&path, content).unwrap();
        assert_clean_failure(&path, file, "empty");
    }
}

#[test]
fn binary_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.html");
    std::fs::write(&path, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    assert_clean_failure(&path, "photo.html", "PNG image");
    let path = dir.path().join("blob");
    std::fs::write(&path, [0u8, 1, 2, 3, 255, 254, 0, 7].repeat(50)).unwrap();
    assert_clean_failure(&path, "blob", "binary data");
}

#[test]
fn unknown_format_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.pdf");
    std::fs::write(&path, "not really a pdf").unwrap();
    assert_clean_failure(&path, "book.pdf", "unsupported format 'pdf'");
}

#[test]
fn page_with_only_widgets_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("widgets.txt");
    std::fs::write(
        &path,
        "• Print Friendly, PDF & Email\n• Send to Kindle\nShare this:\nTwitter\nFacebook\n",
    )
    .unwrap();
    assert_clean_failure(
        &path,
        "widgets.txt",
        "no article content found (--keep-all converts the whole page)",
    );
}

#[test]
fn pages_without_an_article_are_a_clear_error() {
    for name in ["app-shell.html", "login-wall.html", "home-page.html"] {
        let path = fixture(&format!("not-an-article/{name}"));
        assert_clean_failure(&path, name, "no article content found");
    }
}

#[test]
fn keep_all_converts_the_whole_page_but_never_its_scripts_or_forms() {
    let path = fixture("not-an-article/home-page.html");
    for flag in ["--keep-all", "--no-extract"] {
        let out = cleancopy()
            .args(["text", flag])
            .arg(&path)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        let headlines = [
            "Storm closes the old pier for the winter",
            "Ferry timetable changes from Monday",
            "Obituary: the harbourmaster who knew every boat",
        ];
        let positions: Vec<usize> = headlines.iter().map(|h| text.find(h).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    }
    let login = fixture("not-an-article/login-wall.html");
    let out = cleancopy()
        .args(["json", "--keep-all"])
        .arg(&login)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json = String::from_utf8(out).unwrap();
    assert!(json.contains("Get unlimited access"), "{json}");
    assert!(
        !json.contains("password") && !json.contains("app.js"),
        "{json}"
    );
}

#[test]
fn existing_output_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.pdf");
    std::fs::write(&out, "precious").unwrap();
    let result = cleancopy()
        .arg("pdf")
        .arg(fixture("seed-shaped.txt"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr.contains("out.pdf: already exists (use --force to overwrite)"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious");
    assert_eq!(files_in(dir.path()), vec!["out.pdf"]);

    cleancopy()
        .arg("pdf")
        .arg(fixture("seed-shaped.txt"))
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
    assert_eq!(files_in(dir.path()), vec!["out.pdf"]);
}

#[test]
fn url_inputs_are_refused_clearly_when_offline() {
    // URL fetching itself is tested against a local server in tests/fetch_http.rs.
    cleancopy()
        .args(["text", "--offline", "https://example.org/story"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "https://example.org/story: network access is off (--offline)",
        ));
}

#[test]
fn help_explains_options_with_examples_and_version_prints() {
    cleancopy().arg("--help").assert().success().stdout(
        predicate::str::contains("Examples:").and(predicate::str::contains("cleancopy epub")),
    );
    cleancopy()
        .args(["pdf", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--paper").and(predicate::str::contains("--force")));
    cleancopy()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("cleancopy "));
}

#[test]
fn bad_usage_exits_with_two() {
    cleancopy().arg("epub").assert().code(2);
    cleancopy().args(["nonsense", "x"]).assert().code(2);
}
