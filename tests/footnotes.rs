//! Footnotes, whatever the page's markup (a plain `#fn` list, DPUB-ARIA roles, MediaWiki's
//! references), become pop-up notes in the EPUB, notes at the foot of the page in the PDF
//! (see `page_notes.rs`) and notes at the end of the article in the text output, with no
//! back-link arrows left over.

mod common;

use std::io::Read;
use std::path::Path;

use common::*;

/// The fixtures, each with the text of its first note and the heading above the notes (the
/// page's own, or "Notes").
const FIXTURES: &[(&str, &str, &str)] = &[
    (
        "notes-plain.html",
        "Survey of the Lower Valley, 1821, volume two.",
        "Notes",
    ),
    (
        "notes-dpub.html",
        "Parish records name the mason as Thomas Reed.",
        "Notes",
    ),
    (
        "notes-wiki-de.html",
        "Landesvermessung, Band 2, 1821.",
        "Einzelnachweise",
    ),
];

fn chapter(epub: &Path) -> String {
    let bytes = std::fs::read(epub).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut joined = String::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        if file.name().ends_with("article-1.xhtml") {
            file.read_to_string(&mut joined).unwrap();
        }
    }
    joined
}

#[test]
fn footnotes_are_epub_pop_up_notes_without_back_arrows() {
    let dir = tempfile::tempdir().unwrap();
    for (name, note, heading) in FIXTURES {
        let epub = convert_fixture("epub", name, dir.path());
        let xhtml = chapter(&epub);
        assert_eq!(xhtml.matches(heading).count(), 1, "{name}: {xhtml}");
        assert!(
            xhtml.contains("<sup><a epub:type=\"noteref\" class=\"noteref\" href=\"#fn-1\" id=\"fnref-1\">1</a></sup>"),
            "{name}: {xhtml}"
        );
        let aside = xhtml
            .find("<aside epub:type=\"footnote\" id=\"fn-1\"")
            .unwrap_or_else(|| panic!("{name}: no note: {xhtml}"));
        assert!(xhtml[aside..].contains(note), "{name}: {xhtml}");
        assert!(xhtml[aside..].contains("href=\"#fnref-1\""), "{name}");
        assert!(
            !xhtml.contains('↩') && !xhtml.contains('↑'),
            "{name}: {xhtml}"
        );
        assert!(
            !xhtml.contains("<ol>"),
            "{name}: the notes stay a list: {xhtml}"
        );
        assert_epubcheck_clean(&epub);
    }
}

#[test]
fn footnotes_are_printed_once_at_the_foot_of_the_page_in_pdf() {
    let dir = tempfile::tempdir().unwrap();
    for (name, note, heading) in FIXTURES {
        let pdf = convert_fixture("pdf", name, dir.path());
        let Some(text) = pdf_text(&pdf) else { return };
        assert_eq!(text.matches(note).count(), 1, "{name}: {text}");
        let printed = text
            .find(&format!("1 {note}"))
            .unwrap_or_else(|| panic!("{name}: {text}"));
        // The page number, in the article's language.
        let page_number = ["Page 1 of 1", "Seite 1 von 1"]
            .iter()
            .find_map(|label| text.find(label))
            .expect("one page");
        assert!(printed < page_number, "{name}: {text}");
        // The notes are at the foot of the page, not in a list under a heading.
        assert!(!text.contains(heading), "{name}: {text}");
        assert!(!text.contains('↩') && !text.contains('↑'), "{name}: {text}");
    }
}

#[test]
fn footnotes_are_marked_and_listed_at_the_end_of_the_text_output() {
    for (name, note, heading) in FIXTURES {
        let out = cleancopy().arg("text").arg(fixture(name)).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let reference = text.find("[1]").unwrap_or_else(|| panic!("{name}: {text}"));
        let notes = text
            .find(&format!("\n{heading}\n"))
            .unwrap_or_else(|| panic!("{name}: {text}"));
        assert!(reference < notes, "{name}: {text}");
        assert!(text.contains(&format!("[1] {note}")), "{name}: {text}");
        assert_eq!(text.matches(note).count(), 1, "{name}: {text}");
        assert_eq!(text.matches(heading).count(), 1, "{name}: {text}");
        assert!(!text.contains('↩') && !text.contains('↑'), "{name}: {text}");
    }
}
