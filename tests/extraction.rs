//! Finding the article in real-shaped pages: what of the page around the article's text
//! belongs to it (a standfirst, a caption) and what does not (related stories, notices), read
//! through the command line's `text --body-only`.

mod common;

use common::*;

#[test]
fn the_standfirst_under_the_headline_opens_the_article() {
    let text = body_text("standfirst.html");
    assert!(
        text.starts_with("After forty years of automatic lamps"),
        "{text}"
    );
    assert!(text.contains("The trust voted on Tuesday"), "{text}");
    assert!(!text.contains("By Ines Halvorsen"), "{text}");
    assert_eq!(text.matches("The tower at dusk").count(), 0, "{text}");
}

#[test]
fn related_stories_go_in_other_languages_too() {
    let text = body_text("related-de.html");
    assert!(text.contains("Die neue Fähre fährt mit Strom"), "{text}");
    for furniture in ["Mehr zum Thema", "Neuer Fahrplan ab Mai", "Lea también"] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn a_post_kept_in_a_template_script_and_noscript_is_read_once() {
    let text = body_text("scripted-body.html");
    assert!(
        text.contains("Broad beans sown in November stand through the frost"),
        "{text}"
    );
    assert_eq!(
        text.matches("By May the first pods are ready").count(),
        1,
        "{text}"
    );
    assert!(!text.contains("innerHTML"), "{text}");
}

#[test]
fn credits_sources_and_bylines_in_other_languages_are_furniture() {
    let text = body_text("furniture-lines.html");
    assert!(text.contains("Die Stadt hat die Steine"), "{text}");
    for furniture in ["Quelle:", "Crédits photos", "Eingestellt von"] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn appeals_to_the_reader_and_moderation_notices_are_furniture() {
    let text = body_text("furniture-lines.html");
    assert!(text.contains("Die Stadt hat die Steine"), "{text}");
    for furniture in [
        "War der Artikel",
        "Like this story",
        "Kommentare werden moderiert",
    ] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn filing_lines_of_dates_authors_categories_and_tags_are_furniture() {
    let text = body_text("furniture-lines.html");
    assert!(text.contains("Die Stadt hat die Steine"), "{text}");
    for furniture in ["Publicado por", "Schlagwörter"] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn divs_of_text_before_a_block_of_div_paragraphs_are_paragraphs_too() {
    let text = body_text("div-paragraphs.html");
    for paragraph in [
        "The orchard on Hollin Lane has been sold",
        "For years the trustees argued",
        "Work on the new gate starts next week",
        "Paragraph 8 tells how the pressing was done",
    ] {
        assert!(text.contains(paragraph), "{paragraph} missing from {text}");
    }
    assert!(
        text.find("The orchard on Hollin Lane") < text.find("Paragraph 1 tells"),
        "{text}"
    );
    assert!(!text.contains("Copyright"), "{text}");
}

/// The pictures of a fixture page's article, each with its caption, as `cleancopy json`
/// gives them.
fn figures(name: &str) -> Vec<(String, String)> {
    let stdout = stdout_of(
        cleancopy()
            .args(["json", "--from", "html"])
            .arg(fixture(&format!("extraction/{name}"))),
    );
    let document: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    document["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|block| block["type"] == "figure")
        .map(|figure| {
            let caption = figure["caption"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|inline| inline["text"].as_str())
                .collect::<String>();
            let src = figure["image"]["src"].as_str().unwrap().to_string();
            (src, caption)
        })
        .collect()
}

#[test]
fn a_caption_after_a_picture_outside_a_figure_is_the_pictures_caption() {
    let expected = [
        (
            "ferry.jpg",
            "The ferry at Bergvik quay before its first crossing.",
        ),
        ("deck.jpg", "Passengers on the upper deck at midnight."),
        ("crossing.jpg", "A crossing filmed from the bridge."),
    ];
    assert_eq!(
        figures("caption-divs.html"),
        expected.map(|(src, caption)| (src.to_string(), caption.to_string()))
    );
    let text = body_text("caption-divs.html");
    assert!(
        text.contains("The county will review the service"),
        "{text}"
    );
    for (_, caption) in expected {
        assert!(!text.contains(caption), "{caption} in {text}");
    }
}

#[test]
fn whole_related_articles_under_a_related_heading_go_with_it() {
    let text = body_text("related-nested.html");
    assert!(text.contains("the night ferry between Halden"), "{text}");
    assert!(text.contains("without paying for a hotel"), "{text}");
    for furniture in [
        "You may also like",
        "Bridge tolls to rise",
        "The county wants to raise tolls",
        "Harbour cranes sold abroad",
        "More in Travel",
        "Tags:",
    ] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn the_headline_is_not_repeated_in_the_body_whatever_its_ellipsis() {
    // The page's title ends in "...", its heading in "…", and a paragraph repeats the heading.
    let text = body_text("related-nested.html");
    assert!(!text.contains("Night ferries return"), "{text}");
    assert!(text.starts_with("After a gap of six years"), "{text}");
}
