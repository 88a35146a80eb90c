//! Keeping all of the article once it is found: a standfirst set as a heading, text a page
//! sets apart inside the body, read through the command line's `text --body-only`.

mod common;

use common::*;

#[test]
fn a_standfirst_set_as_the_heading_under_the_headline_opens_the_article() {
    let text = body_text("recall-deck.html");
    assert!(
        text.starts_with("Twenty years after the weir was rebuilt"),
        "{text}"
    );
    assert_eq!(text.matches("Twenty years after").count(), 1, "{text}");
    assert!(text.contains("The new weir, built in 2004"), "{text}");
    for furniture in ["By Tomas Brenner", "More from Nature", "Kingfishers"] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn a_standfirst_beside_a_headline_far_above_the_body_opens_the_article() {
    let text = body_text("recall-hero-lead.html");
    assert!(
        text.starts_with("Vier Glocken hingen einst im Turm der Pfarrkirche."),
        "{text}"
    );
    assert!(text.contains("Der Förderverein hat inzwischen"), "{text}");
    for furniture in ["Mira Lenz", "Aktualisiert am", "Neueste Beiträge", "Kultur"] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn the_standfirst_in_the_articles_own_header_stays_when_the_header_goes() {
    let text = body_text("recall-header-lead.html");
    assert!(
        text.starts_with("Drei Jahre stand das Geschäft am Kirchplatz leer"),
        "{text}"
    );
    assert!(text.contains("Hinter der Kasse stehen"), "{text}");
    for furniture in ["Lindenberg", "Jana Roth", "Mehr aus der Region"] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn an_address_to_write_to_on_a_line_of_its_own_is_text_not_a_teaser() {
    let text = body_text("recall-contact.html");
    assert!(text.contains("arbres@mairie.example.org"), "{text}");
    assert!(text.contains("01 00 00 00 00"), "{text}");
    assert!(text.contains("Un premier inventaire"), "{text}");
    assert!(!text.contains("Le parc des Tilleuls"), "{text}");
}

#[test]
fn a_short_code_listing_in_a_wrapper_of_its_own_is_part_of_the_article() {
    let text = body_text("recall-code.html");
    for command in ["pip install tidemark", "uv add tidemark"] {
        assert!(text.contains(command), "{command} missing from {text}");
    }
    assert!(text.contains("Once installed, the command reads"), "{text}");
    assert!(!text.contains("Copyright"), "{text}");
}

#[test]
fn the_standfirst_in_the_articles_header_counts_when_the_headline_is_a_level_down() {
    let text = body_text("recall-article-header.html");
    assert!(
        text.starts_with("Da lunedì la corsa del mattino collega di nuovo il porto"),
        "{text}"
    );
    assert!(text.contains("In primavera si deciderà"), "{text}");
    for furniture in ["Marta Ferri", "Cronaca", "I più letti", "Condividi"] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn a_list_of_steps_each_with_a_picture_is_part_of_the_article() {
    let text = body_text("recall-steps.html");
    for step in [
        "Rinse the barley twice",
        "Soften the leeks in butter",
        "Season and stir in the parsley",
    ] {
        assert!(text.contains(step), "{step} missing from {text}");
    }
    assert!(text.contains("Leftovers keep for three days"), "{text}");
}
