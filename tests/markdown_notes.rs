//! A Markdown article's footnotes (`[^1]`) reach every output as notes, each printed once with
//! its own number and without the label the Markdown renderer puts before it; struck text
//! (`~~word~~`) stays struck.

mod common;

use common::*;

const FIXTURE: &str = "notes-markdown.md";
const FIRST_NOTE: &str = "Medido desde las salinas del norte";

#[test]
fn markdown_footnotes_are_notes_in_the_text_output_without_a_second_label() {
    let out = cleancopy()
        .arg("text")
        .arg(fixture(FIXTURE))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("acompañaba.[1]"), "{text}");
    assert!(text.contains("se saltaban.[2]"), "{text}");
    let note_line = text
        .lines()
        .position(|line| line.contains(FIRST_NOTE))
        .expect("the first note is printed");
    let lines: Vec<&str> = text.lines().collect();
    let before = lines[..note_line].join("\n");
    assert!(
        !before.contains('¹'),
        "a second label before the note: {text}"
    );
    assert!(!text.contains("[1] 1"), "{text}");
}

#[test]
fn markdown_footnotes_are_pop_up_notes_in_the_epub_and_struck_text_stays_struck() {
    let dir = tempfile::tempdir().unwrap();
    let epub = convert_fixture("epub", FIXTURE, dir.path());
    assert_epubcheck_clean(&epub);
    let entries = epub_entries(&std::fs::read(&epub).unwrap());
    let page = entries
        .keys()
        .filter(|name| name.ends_with(".xhtml") && !name.ends_with("nav.xhtml"))
        .map(|name| entry_text(&entries, name))
        .find(|page| page.contains(FIRST_NOTE))
        .expect("a page holds the notes");
    assert_eq!(page.matches("epub:type=\"noteref\"").count(), 2, "{page}");
    assert_eq!(page.matches("epub:type=\"footnote\"").count(), 2, "{page}");
    let note_start = page.find("epub:type=\"footnote\"").unwrap();
    let note = &page[note_start..page[note_start..].find("</aside>").unwrap() + note_start];
    assert!(
        !note.contains("<sup"),
        "the note keeps the renderer's label: {note}"
    );
    assert!(page.contains("<del>nadie</del>"), "{page}");
}

#[test]
fn markdown_footnotes_are_printed_once_in_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = convert_fixture("pdf", FIXTURE, dir.path());
    assert_qpdf_clean(&pdf);
    let Some(printed) = pdf_text(&pdf) else {
        assert!(!validators_required(), "pdftotext is required");
        return;
    };
    assert_eq!(printed.matches(FIRST_NOTE).count(), 1, "{printed}");
    assert!(!printed.contains('¹'), "{printed}");
}
