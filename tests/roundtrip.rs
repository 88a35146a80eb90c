//! Nothing is lost between the document and the books: for fixtures in several scripts, every
//! word of the `text` output is found, in order, in what a reader gets from the EPUB (its
//! pages' text) and from the PDF (`pdftotext`). `scripts/check-roundtrip-corpus.py` makes the
//! same check on the shared corpus of real pages.

mod common;

use common::{cleancopy, epub_entries, fixture, has_font_for, parse_xml, pdf_text};
use unicode_normalization::UnicodeNormalization;

/// How far past the previous word a book may set the next one: room for what a book adds
/// between two words of the text (a running head and page number, notes at a page's foot, a
/// picture's caption), not for a word that moved elsewhere.
const LOOK_AHEAD: usize = 3_000;

/// The letters and digits of a text as the comparison sees them, one entry per word (per
/// character in Chinese and Japanese): Unicode compatibility forms ("²" is "2"), no combining
/// marks, lower case.
fn letter_words(text: &str) -> Vec<Vec<char>> {
    let plain: String = text
        .replace('\u{ad}', "")
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect();
    let mut words = Vec::new();
    for word in plain.split(|c: char| !c.is_alphanumeric()) {
        // Chinese and Japanese mark no word ends: each character counts as a word.
        let mut rest: Vec<char> = Vec::new();
        for c in word.to_lowercase().chars() {
            if is_han_or_kana(c) {
                if !rest.is_empty() {
                    words.push(std::mem::take(&mut rest));
                }
                words.push(vec![c]);
            } else {
                rest.push(c);
            }
        }
        if !rest.is_empty() {
            words.push(rest);
        }
    }
    words
}

/// A Chinese character or a kana.
fn is_han_or_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The words of `expected` that are not found, in order, in `book`. Letters are compared with
/// spaces left out, so that where the book puts a word boundary does not matter (a note number
/// raised right after a word, a hyphenated line end); each word must follow the previous one
/// within `LOOK_AHEAD` letters.
fn lost_words(expected: &str, book: &str) -> Vec<String> {
    let book: Vec<char> = letter_words(book).concat();
    lost_words_after(expected, &book, 0)
}

/// [`lost_words`] for a note, which a book may print anywhere (at the foot of a page): its
/// words in order from one of the places its first word is (the one losing fewest).
fn lost_note_words(note: &str, book: &str) -> Vec<String> {
    let book: Vec<char> = letter_words(book).concat();
    let Some(first) = letter_words(note).into_iter().next() else {
        return Vec::new();
    };
    (0..book.len().saturating_sub(first.len()))
        .filter(|&at| book[at..].starts_with(&first))
        .map(|at| lost_words_after(note, &book, at))
        .min_by_key(Vec::len)
        .unwrap_or_else(|| lost_words_after(note, &book, 0))
}

/// The words of `expected` not found in order in the letters `book` from `position` on.
fn lost_words_after(expected: &str, book: &[char], mut position: usize) -> Vec<String> {
    let mut lost = Vec::new();
    for word in letter_words(expected) {
        let end = (position + LOOK_AHEAD + word.len()).min(book.len());
        let window = &book[position.min(end)..end];
        match window
            .windows(word.len())
            .position(|run| run == word.as_slice())
        {
            Some(offset) => position += offset + word.len(),
            None => lost.push(word.iter().collect()),
        }
    }
    lost
}

/// The text a reader sees on an EPUB's pages, in order: the text of every element and the
/// numbers a reading system draws before the items of an ordered list.
fn epub_reader_text(epub: &[u8]) -> String {
    let entries = epub_entries(epub);
    let mut names: Vec<&String> = entries
        .keys()
        .filter(|name| name.ends_with(".xhtml") && !name.ends_with("nav.xhtml"))
        .collect();
    names.sort();
    let mut text = String::new();
    for name in names {
        let page = String::from_utf8_lossy(&entries[name]).to_string();
        reader_text(parse_xml(&page).root(), &mut text);
    }
    text
}

fn reader_text(node: roxmltree::Node<'_, '_>, out: &mut String) {
    let mut number = node.has_tag_name("ol").then(|| {
        node.attribute("start")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(1)
    });
    for child in node.children() {
        if let Some(text) = child.text().filter(|_| child.is_text()) {
            out.push_str(text);
        }
        if let (Some(n), true) = (number.as_mut(), child.has_tag_name("li")) {
            out.push_str(&format!("{n}. "));
            *n += 1;
        }
        reader_text(child, out);
        if child.is_element() {
            out.push(' ');
        }
    }
}

/// Makes the text output, the EPUB and the PDF of a fixture and asserts the books lose none of
/// the text output's words.
fn assert_books_keep_every_word(name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let text_out = cleancopy().arg("text").arg(fixture(name)).output().unwrap();
    assert!(text_out.status.success(), "{name}: text output failed");
    let text = String::from_utf8(text_out.stdout).unwrap();
    assert!(
        letter_words(&text).len() > 40,
        "{name}: the text output is too short to compare"
    );

    let epub = dir.path().join("book.epub");
    cleancopy()
        .args(["epub", "-o"])
        .arg(&epub)
        .arg(fixture(name))
        .assert()
        .success();
    let lost = lost_words(&text, &epub_reader_text(&std::fs::read(&epub).unwrap()));
    assert!(lost.is_empty(), "{name}: the EPUB loses {lost:?}");

    let pdf = dir.path().join("book.pdf");
    cleancopy()
        .args(["pdf", "-o"])
        .arg(&pdf)
        .arg(fixture(name))
        .assert()
        .success();
    if let Some(blocks) = pdf_text(&pdf) {
        // pdftotext's two reading orders: by text block (a table cell's lines together) and
        // by layout (a table's rows across); a word is lost when neither finds it in order.
        let by_layout = std::process::Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let by_layout = String::from_utf8_lossy(&by_layout.stdout).to_string();
        // The PDF prints each note at the foot of the page that refers to it, not in a list
        // after the text: the text is compared without its list, each note on its own.
        let (body, notes) = split_notes(&text);
        let lost = [lost_words(&body, &blocks), lost_words(&body, &by_layout)]
            .into_iter()
            .min_by_key(Vec::len)
            .unwrap_or_default();
        let pdf_words = blocks;
        assert!(lost.is_empty(), "{name}: the PDF loses {lost:?}");
        for note in notes {
            let lost = lost_note_words(&note, &pdf_words);
            assert!(lost.is_empty(), "{name}: the PDF loses {lost:?} of a note");
        }
    } else {
        assert!(!common::validators_required(), "pdftotext is required");
    }
}

/// The text output without its list of notes (each note's paragraph, "[1] The note.", and
/// the heading over them), and the text of each note without its mark.
fn split_notes(text: &str) -> (String, Vec<String>) {
    fn note(paragraph: &str) -> Option<&str> {
        let rest = paragraph.strip_prefix('[')?;
        let (mark, text) = rest.split_once("] ")?;
        (mark.chars().count() <= 12 && !mark.contains('\n')).then_some(text)
    }
    let mut body: Vec<&str> = Vec::new();
    let mut notes = Vec::new();
    let mut in_notes = false;
    for paragraph in text.split("\n\n").map(str::trim) {
        match note(paragraph) {
            Some(text) => {
                if !in_notes && body.last().is_some_and(|last| !last.contains('\n')) {
                    body.pop();
                }
                in_notes = true;
                notes.push(text.to_string());
            }
            None => {
                in_notes = false;
                body.push(paragraph);
            }
        }
    }
    (body.join("\n\n"), notes)
}

#[test]
fn the_comparison_finds_a_lost_word_and_forgives_moved_boundaries() {
    assert_eq!(lost_words("one two three", "one three"), ["two"]);
    assert_eq!(
        lost_words("one two three", "three two one"),
        ["two", "three"]
    );
    assert!(lost_words("4,200 km² of H₂O", "4,200 km 2 of H 2 O").is_empty());
    assert!(lost_words("a well-known word", "a well-\nknown word").is_empty());
    let (body, notes) = split_notes("Text.[1]\n\nNotes\n\n[1] The note.\n\n[n 2] Another.");
    assert_eq!(body, "Text.[1]");
    assert_eq!(notes, ["The note.", "Another."]);
}

#[test]
fn english_inline_meanings_reach_both_books_whole() {
    assert_books_keep_every_word("meaning-en.html");
}

#[test]
fn german_and_french_articles_reach_both_books_whole() {
    assert_books_keep_every_word("meaning-de.html");
    assert_books_keep_every_word("meaning-fr.html");
}

#[test]
fn footnotes_of_every_markup_reach_both_books_whole() {
    assert_books_keep_every_word("notes-plain.html");
    assert_books_keep_every_word("notes-dpub.html");
    assert_books_keep_every_word("notes-wiki-de.html");
    assert_books_keep_every_word("page-notes-de.html");
}

#[test]
fn tables_reach_both_books_whole() {
    assert_books_keep_every_word("tables-mi.html");
}

#[test]
fn nested_numbered_lists_keep_their_numbers_in_both_books() {
    assert_books_keep_every_word("lists-nested.html");
}

#[test]
fn a_numbered_list_that_continues_keeps_its_numbers_everywhere() {
    let text = cleancopy()
        .arg("text")
        .arg(fixture("lists-nested.html"))
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("5. Mount the small consumer unit"), "{text}");
    assert!(text.contains("9. Have the work inspected"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    let epub = common::convert_fixture("epub", "lists-nested.html", dir.path());
    let page = epub_reader_text(&std::fs::read(&epub).unwrap());
    assert!(page.contains("5. Mount the small consumer unit"), "{page}");

    let pdf = common::convert_fixture("pdf", "lists-nested.html", dir.path());
    if let Some(printed) = pdf_text(&pdf) {
        let printed = printed.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            printed.contains("5. Mount the small consumer unit"),
            "{printed}"
        );
        assert!(printed.contains("9. Have the work inspected"), "{printed}");
    }
}

#[test]
fn articles_in_several_scripts_reach_both_books_whole() {
    assert_books_keep_every_word("multilingual.html");
    assert_books_keep_every_word("scripts.html");
}

#[test]
fn japanese_and_chinese_articles_reach_both_books_whole() {
    if !has_font_for("ja") || !has_font_for("zh-cn") {
        return;
    }
    for name in [
        "world/ja.html",
        "meaning-ja.html",
        "tables-ja.html",
        "world/zh-hans.html",
        "world/zh-hant.html",
    ] {
        assert_books_keep_every_word(name);
    }
}

#[test]
fn korean_arabic_hebrew_and_russian_articles_reach_both_books_whole() {
    if !has_font_for("ko") {
        return;
    }
    for name in [
        "world/ko.html",
        "world/ar.html",
        "world/he.html",
        "world/ru.html",
    ] {
        assert_books_keep_every_word(name);
    }
}

#[test]
fn arabic_words_with_lam_alef_come_back_from_the_pdf_whole() {
    // "الآن", "آلاف", "الأولى": one glyph draws lam and alef, in words read right to left.
    for name in ["meaning-ar.html", "details-ar.html"] {
        assert_books_keep_every_word(name);
    }
}

#[test]
fn a_hindi_article_comes_back_from_the_pdf_whole() {
    // Devanagari draws a vowel sign before its consonant and joins consonants into one glyph
    // ("है", "शर्मा"): the glyphs alone do not say the letters in order.
    if !has_font_for("hi") {
        return;
    }
    assert_books_keep_every_word("world/hi.html");
}
