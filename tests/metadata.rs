//! What `cleancopy json` says about an article: its headline without the site's affixes, its
//! authors as people, and its dates in ISO 8601, read from real-shaped pages.

mod common;

use common::*;

/// The JSON record `cleancopy json` gives for a fixture page.
fn record(name: &str) -> serde_json::Value {
    let stdout = stdout_of(
        cleancopy()
            .args(["json", "--from", "html"])
            .arg(fixture(&format!("metadata/{name}"))),
    );
    serde_json::from_slice(&stdout).unwrap()
}

#[test]
fn section_and_note_affixes_leave_the_headline_and_a_glued_byline_gives_the_name() {
    let record = record("opinion-glued-byline.html");
    assert_eq!(record["title"], "The Tide Clock Runs Late Again");
    assert_eq!(record["authors"], serde_json::json!(["Jane Doe"]));
    // The `<time>`'s datetime is no date; its text is.
    assert_eq!(record["published"], "2016-12-14");
}

#[test]
fn the_publisher_is_never_the_author_and_a_byline_gives_names_and_date() {
    let record = record("publisher-as-author.html");
    assert_eq!(record["title"], "The Night the Beacon Failed");
    assert_eq!(
        record["authors"],
        serde_json::json!(["Ana Ruiz", "Tom Reed"])
    );
    assert_eq!(record["published"], "2015-08-03T12:45:00-04:00");
    assert_eq!(record["modified"], "2015-08-04T09:00:00+02:00");
}

#[test]
fn a_german_dateline_gives_the_date_and_a_surname_first_author_is_one_person() {
    let record = record("dateline-de.html");
    assert_eq!(record["authors"], serde_json::json!(["Anna Schmidt"]));
    // Year 1 is a placeholder, not the date.
    assert_eq!(record["published"], "2016-12-15");
}

#[test]
fn a_japanese_dateline_gives_the_date() {
    assert_eq!(record("dateline-ja.html")["published"], "2016-12-15");
}

#[test]
fn meta_dates_named_by_name_are_read_and_an_ellipsis_title_matches_its_heading() {
    let record = record("ellipsis-and-name-attributes.html");
    assert_eq!(record["title"], "Wait... What Happened to the Old Pier?");
    assert_eq!(record["authors"], serde_json::json!(["Jane Doe"]));
    assert_eq!(record["published"], "2016-12-15");
    assert_eq!(record["modified"], "2016-12-16T08:00:00Z");
}
