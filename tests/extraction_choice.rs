//! Choosing the article's block among the page's blocks of text: what must not outscore the
//! article's own paragraphs (a bibliography, …), read through the command line's
//! `text --body-only`.

mod common;

use common::*;

#[test]
fn a_long_list_of_references_does_not_replace_the_paper_it_closes() {
    let text = body_text("choice-references.html");
    assert!(
        text.starts_with("Background:"),
        "the paper's text should open the article: {text}"
    );
    assert!(
        text.contains("Light grazing keeps the roosts open for the birds that need them."),
        "{text}"
    );
    // The references stay where the paper puts them, after its text.
    let conclusion = text.find("Light grazing keeps").unwrap();
    let first_reference = text.find("Arnesen K, Dunmore P").unwrap();
    assert!(conclusion < first_reference, "{text}");
}

#[test]
fn a_list_of_teasers_under_the_article_does_not_replace_it() {
    let text = body_text("choice-teasers.html");
    assert!(
        text.starts_with("The harbour wall has dropped by a hand's width"),
        "the story should open the article: {text}"
    );
    assert!(text.contains("The council will meet on Thursday"), "{text}");
    // The other stories' headlines and summaries are the site's, not the article's.
    for teaser in [
        "The ferry timetable for the winter",
        "Boats leave the harbour twice a day",
        "Knitting circle turns fifty",
    ] {
        assert!(!text.contains(teaser), "{teaser} in {text}");
    }
}

#[test]
fn a_post_between_two_players_keeps_its_paragraphs() {
    let text = body_text("choice-embeds.html");
    assert!(text.starts_with("Marta Lindgren ist Glaziologin"), "{text}");
    // The paragraphs that sit between the player and the search box are the post's notes.
    for line in [
        "Außerdem geht es um die Frage",
        "Zum Schluss erzählt sie",
        "Veröffentlicht am 3. März",
    ] {
        assert!(text.contains(line), "{line} missing from {text}");
    }
}

#[test]
fn an_article_shown_by_scripts_is_read_from_the_text_the_page_declares() {
    let text = body_text("choice-declared-body.html");
    assert!(
        text.starts_with("After eleven winters without it, the night ferry"),
        "{text}"
    );
    assert!(
        text.contains("\n\nThe first sailing is planned for the night of the spring market"),
        "the declared text keeps its paragraphs: {text}"
    );
    assert!(!text.contains("Share"), "{text}");
}

#[test]
fn a_short_post_under_its_headline_beats_the_blogs_description_and_follow_box() {
    let text = body_text("choice-blog-sidebar.html");
    assert!(
        text.starts_with("Seit Montag können Fußgänger und Radfahrer"),
        "{text}"
    );
    for furniture in [
        "Über diesen Blog",
        "Dieser Blog erzählt",
        "Blog per E-Mail folgen",
    ] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}
