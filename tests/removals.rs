//! `--verbose`: the list of what the normalizer removed from each input, and why, on standard
//! error; and nothing of it without the option.

mod common;

use common::*;

/// Standard error and standard output of `cleancopy text` on a fixture, with `args`.
fn run_text(name: &str, args: &[&str]) -> (String, String) {
    let out = cleancopy()
        .args(["text", "-o", "-"])
        .args(args)
        .arg(fixture(&format!("removals/{name}")))
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    (stderr, String::from_utf8(out.stdout).unwrap())
}

#[test]
fn verbose_lists_each_widget_box_of_a_page_with_its_rule_and_words() {
    let (stderr, _) = run_text("furniture.html", &["-v"]);
    let heading = stderr.lines().next().unwrap_or_default();
    assert!(heading.ends_with("removals/furniture.html:"), "{stderr}");
    for line in [
        r#"  removed aside "Share this: Facebook Twitter Email" (share-widget)"#,
        r#"  removed div "Get the Ledger's weekly letter from the coast …" (newsletter)"#,
        r#"  removed div "More from the coast Fishing fleet returns early …" (related-links)"#,
        r#"  removed header "The Northern Ledger — news from the coast …" (outside-main-content)"#,
        r#"  removed footer "Copyright The Northern Ledger. Contact the newsroom." (outside-main-content)"#,
    ] {
        assert!(
            stderr.lines().any(|l| l == line),
            "{line}\nnot in\n{stderr}"
        );
    }
}

#[test]
fn without_verbose_nothing_removed_is_listed() {
    let (stderr, text) = run_text("furniture.html", &[]);
    assert!(!stderr.contains("removed"), "{stderr}");
    assert!(!text.contains("Share this"), "{text}");
    let (stderr, _) = run_text("scrape.txt", &[]);
    assert!(!stderr.contains("removed"), "{stderr}");
}

#[test]
fn verbose_lists_the_share_bullets_and_the_credit_of_a_plain_text_scrape() {
    let (stderr, text) = run_text("scrape.txt", &["--verbose"]);
    for line in [
        r#"  removed line "• Share on Facebook" (share-widget)"#,
        r#"  removed line "• Share on Twitter" (share-widget)"#,
        r#"  removed line "• Email this article" (share-widget)"#,
        r#"  removed line "[Photo: Northern Ledger / Sam Eriksen]" (photo-credit)"#,
    ] {
        assert!(
            stderr.lines().any(|l| l == line),
            "{line}\nnot in\n{stderr}"
        );
    }
    assert!(text.contains("The last keeper, Ingrid Halvorsen"), "{text}");
}

#[test]
fn verbose_records_go_in_the_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let out = cleancopy()
        .args(["epub", "-v", "--json", "--no-images", "-o"])
        .arg(dir.path().join("scrape.epub"))
        .arg(fixture("removals/scrape.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let removed = record["removed"].as_array().unwrap();
    assert_eq!(removed.len(), 4, "{record}");
    assert_eq!(removed[3]["rule"], "photo-credit");
    assert_eq!(removed[3]["kind"], "line");
    assert!(removed[3]["input"]
        .as_str()
        .unwrap()
        .ends_with("scrape.txt"));
}

#[test]
fn verbose_and_quiet_do_not_go_together() {
    cleancopy()
        .args(["text", "-q", "-v", "-o", "-"])
        .arg(fixture("removals/scrape.txt"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--quiet prints nothing but errors",
        ));
}

#[test]
fn the_headline_above_the_article_is_its_title_not_a_removal() {
    let (stderr, text) = run_text("../extraction/standfirst.html", &["-v"]);
    let headline = "Lighthouse keepers return to Skerry Point";
    assert!(text.starts_with(headline), "{text}");
    assert!(!stderr.contains(headline), "{stderr}");
    // The page around the article is still listed.
    assert!(
        stderr.contains(r#"removed footer "Copyright The Coast Gazette" (outside-main-content)"#),
        "{stderr}"
    );
}

#[test]
fn verbose_lists_the_pictures_the_picture_pass_left_out() {
    let (stderr, text) = run_text("pictures.html", &["-v"]);
    for line in [
        r#"  removed img "Share on Facebook" (widget-picture)"#,
        r#"  removed p "The kelp lines at low tide in March." (repeated-caption)"#,
    ] {
        assert!(
            stderr.lines().any(|l| l == line),
            "{line}\nnot in\n{stderr}"
        );
    }
    assert_eq!(
        text.matches("The kelp lines at low tide").count(),
        1,
        "{text}"
    );
}
