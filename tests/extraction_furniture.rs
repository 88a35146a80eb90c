//! What of the page around an article's text is furniture that `text --body-only` leaves out
//! (notices about the page, lines of metadata, headings left with nothing under them), read
//! through the command line.

mod common;

use common::*;

#[test]
fn notices_that_the_page_advertises_or_earns_from_its_links_are_left_out() {
    let text = body_text("furniture-disclosure.html");
    assert!(text.starts_with("Wir haben das Boot"), "{text}");
    assert!(text.contains("fest entschlossen"), "{text}");
    for notice in ["enthält Werbung", "eine Provision"] {
        assert!(!text.contains(notice), "{notice}: {text}");
    }
}

#[test]
fn a_date_filed_with_its_category_and_author_between_bars_is_left_out() {
    let text = body_text("furniture-filing-lines.html");
    assert!(text.starts_with("Im Sommer tragen wir"), "{text}");
    assert!(text.contains("Unser Laden zieht um"), "{text}");
    assert!(text.contains("in der alten Bäckerei"), "{text}");
    for line in ["VON Ines Berg", "3 COMMENTS", "2019-06-02", "Neuigkeiten"] {
        assert!(!text.contains(line), "{line}: {text}");
    }
}

#[test]
fn headings_that_end_the_article_with_nothing_under_them_are_left_out() {
    let text = body_text("furniture-trailing-heading.html");
    assert!(text.contains("Der richtige Platz"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("was dem Wasser den Sauerstoff nimmt."),
        "{text}"
    );
    for heading in ["zum Abspeichern", "Mehr zu Gartenteichen"] {
        assert!(!text.contains(heading), "{heading}: {text}");
    }
}

#[test]
fn a_membership_pitch_and_a_login_call_under_the_article_are_left_out() {
    let text = body_text("furniture-appeals.html");
    assert!(
        text.trim_end().ends_with("bis zum Herbst fertig wird."),
        "{text}"
    );
    for appeal in ["seit hundert Jahren", "MITGLIED", "eingeloggt"] {
        assert!(!text.contains(appeal), "{appeal}: {text}");
    }
}

#[test]
fn the_press_contact_under_a_release_is_left_out() {
    let text = body_text("furniture-contact.html");
    assert!(
        text.trim_end().ends_with("Vorkenntnisse braucht es keine."),
        "{text}"
    );
    for contact in ["Pressekontakt", "Ines Berg", "presse@", "Jonas Weber"] {
        assert!(!text.contains(contact), "{contact}: {text}");
    }
}

#[test]
fn a_photographer_credit_and_a_byline_under_a_label_are_left_out() {
    let text = body_text("furniture-credit-byline.html");
    assert!(text.contains("The rangers count them"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("circle the summit all afternoon."),
        "{text}"
    );
    for line in ["Photograph by", "Von:", "Ines Berg"] {
        assert!(!text.contains(line), "{line}: {text}");
    }
}

#[test]
fn a_copyright_credit_after_a_caption_goes_and_the_caption_stays_with_its_picture() {
    let text = body_text("furniture-caption-credit.html");
    assert!(text.contains("Zwanzig Jahre später"), "{text}");
    assert!(!text.contains("Bildagentur Nord"), "{text}");
    let out = cleancopy()
        .args(["md", "--from", "html", "-o", "-"])
        .arg(fixture("extraction/furniture-caption-credit.html"))
        .output()
        .unwrap();
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(
        markdown.contains("*Rot war seine Farbe, auf jedem Turnier.*\n"),
        "{markdown}"
    );
    // The credit is the article's photo credit, printed once where every output prints it:
    // after the text, not in the caption.
    assert_eq!(
        markdown.matches("Bildagentur Nord").count(),
        1,
        "{markdown}"
    );
    assert!(
        markdown
            .trim_end()
            .ends_with("*© Beispiel-Archiv/Bildagentur Nord*"),
        "{markdown}"
    );
}
