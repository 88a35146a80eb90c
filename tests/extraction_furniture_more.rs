//! What a page prints around its article that is not the article, read through the command
//! line's `text --body-only`: boxes about the author, disclosures of how the site earns
//! money, and the like.

mod common;

use common::*;

#[test]
fn a_box_about_the_author_under_the_post_is_left_out() {
    let text = body_text("furniture2-author-box.html");
    assert!(text.contains("die ersten Beete angelegt"), "{text}");
    assert!(
        text.contains("welches Gemüse welchen Platz braucht"),
        "{text}"
    );
    for furniture in [
        "Über Lene Marquardt",
        "Lehrerin an einer Grundschule",
        "reports on schools and gardens",
    ] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn a_disclosure_of_affiliate_links_is_left_out() {
    let text = body_text("furniture2-disclosure.html");
    assert!(
        text.starts_with("A small kitchen has little room"),
        "{text}"
    );
    assert!(text.contains("that is all it needs to do."), "{text}");
    for furniture in [
        "advertiser disclosure",
        "affiliate links",
        "How we earn money",
    ] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn a_heading_left_with_nothing_under_it_at_the_end_goes() {
    let text = body_text("furniture2-empty-section.html");
    assert!(text.contains("Händler sind erleichtert"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("auch in den Verkaufsräumen gelten müssten."),
        "{text}"
    );
    assert!(!text.contains("Weitere Informationen"), "{text}");
}

#[test]
fn a_box_the_page_names_an_aside_is_left_out_like_an_aside_element() {
    let text = body_text("furniture2-aside-class.html");
    assert!(
        text.contains("stand der Verein am Ende der Tabelle"),
        "{text}"
    );
    assert!(
        text.contains("die Jugend spielt in der höchsten Klasse"),
        "{text}"
    );
    for furniture in ["Wer schreibt hier?", "Seit meiner Kindheit", "Schreib doch"] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn a_link_back_to_the_list_or_the_top_of_the_page_is_left_out() {
    let text = body_text("furniture2-back-link.html");
    assert!(
        text.trim_end()
            .ends_with("Kinder unter zwölf Jahren haben freien Eintritt."),
        "{text}"
    );
    for furniture in ["zurück", "Nach oben"] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}

#[test]
fn an_appeal_to_follow_the_paper_on_a_network_is_left_out() {
    let text = body_text("furniture2-follow-appeal.html");
    assert!(text.contains("Follow the coastline on foot"), "{text}");
    assert!(!text.contains("Follow The Harbour Times"), "{text}");
    assert!(!text.contains("Send us a message"), "{text}");
}

#[test]
fn a_notice_that_all_rights_are_reserved_goes_in_other_languages_too() {
    let text = body_text("furniture2-rights-reserved.html");
    assert!(
        text.trim_end()
            .ends_with("bereits im vergangenen Herbst erhöht hat."),
        "{text}"
    );
    assert!(!text.contains("alle Rechte vorbehalten"), "{text}");
}

#[test]
fn a_notice_that_the_opinions_are_the_authors_not_the_sites_is_left_out() {
    let text = body_text("furniture2-opinion-disclaimer.html");
    assert!(
        text.contains("spiegele nicht die Meinung der meisten Anwohner"),
        "{text}"
    );
    assert!(!text.contains("nicht notwendigerweise"), "{text}");
}

#[test]
fn a_picture_credit_goes_even_when_its_words_carry_soft_hyphens() {
    let text = body_text("furniture2-picture-credit.html");
    assert!(
        text.trim_end()
            .ends_with("le hasard se fait rare quand chaque heure est comptée."),
        "{text}"
    );
    assert!(!text.contains("Jo Kim"), "{text}");
}

#[test]
fn a_line_that_only_points_elsewhere_for_more_information_is_left_out() {
    let text = body_text("furniture2-pointer-line.html");
    assert!(
        text.contains("Weitere Informationen lagen am Abend nicht vor"),
        "{text}"
    );
    assert!(!text.contains("Weitere Infos unter"), "{text}");
}

#[test]
fn a_related_heading_that_names_its_column_goes_with_its_links() {
    let text = body_text("furniture2-related-qualified.html");
    assert!(text.contains("klassische Posten."), "{text}");
    assert!(text.contains("die Teams selbst fragen."), "{text}");
    for furniture in ["Weitere Beiträge", "Besprechungen halbiert", "Großraumbüro"] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
}
