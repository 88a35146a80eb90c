//! What an article's markup means reaches every output: raised and lowered figures, struck and
//! inserted text, inline quotations in the marks of the article's language, highlights,
//! abbreviations, a quotation's attribution and definition lists, in the EPUB's XHTML, the
//! PDF's drawing and text, and the text output; permalink marks reach none of them. Fixtures
//! in English, German, French, Japanese and Arabic.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::*;

/// Converts a fixture with `command` (`epub`, `pdf`) into `dir`.
fn convert(command: &str, fixture_name: &str, dir: &Path) -> PathBuf {
    let out = dir.join(format!("{fixture_name}.{command}"));
    let mut command_line = cleancopy();
    command_line.arg(command).arg(fixture(fixture_name));
    if command == "pdf" {
        // Laid out on the full 20 mm page these tests were measured on (the default measure
        // is narrower; tests/paper.rs checks it).
        command_line.args(["--margin", "20"]);
    }
    command_line.arg("-o").arg(&out).assert().success();
    out
}

/// The text output of a fixture (`extra`: more arguments).
fn text_of(fixture_name: &str, extra: &[&str]) -> String {
    let out = cleancopy()
        .arg("text")
        .args(extra)
        .arg(fixture(fixture_name))
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The files of an EPUB whose names end with `suffix`, joined.
fn epub_files(epub: &Path, suffix: &str) -> String {
    let bytes = std::fs::read(epub).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut joined = String::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        if file.name().ends_with(suffix) {
            file.read_to_string(&mut joined).unwrap();
        }
    }
    joined
}

/// The XHTML of the article's chapter of an EPUB.
fn chapter(epub: &Path) -> String {
    epub_files(epub, "article-1.xhtml")
}

/// Makes the EPUB of a fixture and gives its chapter's XHTML.
fn chapter_of(fixture_name: &str, dir: &Path) -> String {
    chapter(&convert("epub", fixture_name, dir))
}

/// The fixtures, one a language.
const FIXTURES: [&str; 5] = [
    "meaning-en.html",
    "meaning-de.html",
    "meaning-fr.html",
    "meaning-ja.html",
    "meaning-ar.html",
];

#[test]
fn a_book_of_every_fixture_is_epubcheck_clean_with_each_chapter_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let epub = dir.path().join("all.epub");
    cleancopy()
        .arg("epub")
        .args(FIXTURES.map(fixture))
        .arg("-o")
        .arg(&epub)
        .assert()
        .success();
    // One run of EPUBCheck (it takes seconds) for every element of every fixture.
    assert_epubcheck_clean(&epub);
    for (index, marks) in ["“", "„", "«", "「", "”"].into_iter().enumerate() {
        let xhtml = epub_files(&epub, &format!("article-{}.xhtml", index + 1));
        assert!(xhtml.contains(&format!("<q>{marks}")), "{marks}: {xhtml}");
        assert!(xhtml.contains("<sup>"), "{xhtml}");
    }
}

#[test]
fn every_meaning_reaches_the_epub_as_its_own_element() {
    let dir = tempfile::tempdir().unwrap();
    let xhtml = chapter_of("meaning-en.html", dir.path());
    for wanted in [
        "4,200 km<sup>2</sup>",
        "H<sub>2</sub>O",
        "10<sup>−1</sup>",
        "<del>$499</del> $399",
        "<ins>added on Monday</ins>",
        "<q>“is <q>‘healthier’</q> than it has been for years”</q>",
        "<abbr title=\"Environmental Protection Agency\">EPA</abbr>",
        "<mark>The north shore is still closed.</mark>",
        "<p>We owe the lake a careful count, not a hopeful guess.</p>\n\
         <footer class=\"attribution\">— <em>Mara Olsen</em>, chief surveyor</footer>\n</blockquote>",
        "<dl>\n<dt>Seiche</dt>\n<dd>A standing wave that rocks the whole lake from end to end.</dd>",
    ] {
        assert!(xhtml.contains(wanted), "{wanted:?} missing from:\n{xhtml}");
    }
}

#[test]
fn permalink_marks_reach_no_heading_paragraph_or_table_of_contents() {
    let dir = tempfile::tempdir().unwrap();
    let epub = convert("epub", "meaning-en.html", dir.path());
    let pdf = convert("pdf", "meaning-en.html", dir.path());
    let text = text_of("meaning-en.html", &[]);
    let xhtml = chapter(&epub);
    assert!(
        xhtml.contains("<h2 id=\"h1\">Installing the gauges</h2>"),
        "{xhtml}"
    );
    assert!(
        xhtml.contains("<h2 id=\"h2\">Questions from readers</h2>"),
        "{xhtml}"
    );
    assert!(
        xhtml.contains("<h2 id=\"h3\">Words the survey uses</h2>"),
        "{xhtml}"
    );
    let contents = epub_files(&epub, "nav.xhtml") + &epub_files(&epub, "toc.ncx");
    assert!(contents.contains("Installing the gauges<"), "{contents}");
    let mut outputs = vec![("chapter", xhtml), ("contents", contents), ("text", text)];
    if let Some(pdf_text) = pdf_text(&pdf) {
        outputs.push(("pdf", pdf_text));
    }
    for (name, output) in outputs {
        for mark in ["¶", "🔗", "uses #", "closed. #"] {
            assert!(!output.contains(mark), "{mark} in the {name}:\n{output}");
        }
    }
}

/// The operators of the first page's content of a PDF, with their number operands.
fn first_page_operations(pdf: &Path) -> Vec<(String, Vec<f32>)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    content
        .operations
        .into_iter()
        .map(|operation| {
            let numbers = operation
                .operands
                .iter()
                .filter_map(|operand| operand.as_float().ok())
                .collect();
            (operation.operator, numbers)
        })
        .collect()
}

/// The text rises of a page's drawing, each with the font size set when it was drawn.
fn rises(operations: &[(String, Vec<f32>)]) -> Vec<(f32, f32)> {
    let mut size = 0.0;
    let mut rises = Vec::new();
    for (operator, numbers) in operations {
        match (operator.as_str(), numbers.as_slice()) {
            ("Tf", [set]) => size = *set,
            ("Ts", [rise]) if *rise != 0.0 => rises.push((*rise, size)),
            _ => {}
        }
    }
    rises
}

#[test]
fn scripts_are_drawn_smaller_and_moved_and_the_words_come_back_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for (fixture_name, paragraph, raised, lowered) in [
        (
            "meaning-en.html",
            "It now covers 4,200 km2, and its water is almost pure H2O, with a pH of 10 1 less",
            true,
            true,
        ),
        (
            "meaning-ar.html",
            // Words without the lam-alef ligature, which pdftotext gives back decomposed.
            "قاس فريق المسح البحيرة مرة أخرى هذا الربيع وهي تغطي أربعة كيلومتر مربع 1 وقالت رئيسة",
            true,
            false,
        ),
        ("meaning-ja.html", "1 2 3", true, false),
    ] {
        let pdf = convert("pdf", fixture_name, dir.path());
        assert_qpdf_clean(&pdf);
        let rises = rises(&first_page_operations(&pdf));
        let up = rises.iter().any(|(rise, _)| *rise > 0.0);
        let down = rises.iter().any(|(rise, _)| *rise < 0.0);
        assert_eq!((up, down), (raised, lowered), "{fixture_name}: {rises:?}");
        // Body text is 11 pt: every raised or lowered figure is smaller.
        assert!(
            rises.iter().all(|(_, size)| *size < 9.0),
            "{fixture_name}: {rises:?}"
        );
        if fixture_name == "meaning-ja.html" {
            // The machine may have no Japanese font: the marks' figures are what counts.
            continue;
        }
        if let Some(text) = pdf_text(&pdf) {
            assert_words_in_order(paragraph, &text);
        }
    }
}

#[test]
fn struck_inserted_and_highlighted_text_is_drawn_with_its_line_in_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = convert("pdf", "meaning-en.html", dir.path());
    let operations = first_page_operations(&pdf);
    let strokes_between = |from: usize, to: usize| {
        operations[from..to]
            .iter()
            .filter(|(operator, _)| operator == "S")
            .count()
    };
    let text_start = operations.iter().position(|(op, _)| op == "BT").unwrap();
    let text_end = operations.iter().rposition(|(op, _)| op == "ET").unwrap();
    // Before the text: the rule under the title and the highlight's band on each of its two
    // lines; after it, the line through "$499" and the one under "added on Monday".
    assert_eq!(strokes_between(0, text_start), 3, "{operations:?}");
    assert_eq!(
        strokes_between(text_end, operations.len()),
        2,
        "{operations:?}"
    );
    if let Some(text) = pdf_text(&pdf) {
        assert_words_in_order(
            "The printed report was to cost $499 $399, and the team added on Monday a chapter",
            &text,
        );
    }
}

#[test]
fn inline_quotations_get_the_marks_of_the_article_language_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    for (fixture_name, in_xhtml, quoted, in_pdf) in [
        (
            "meaning-en.html",
            "<q>“is <q>‘healthier’</q> than it has been for years”</q>",
            "“is ‘healthier’ than it has been for years”",
            true,
        ),
        (
            "meaning-de.html",
            "<q>„gesünder als seit Jahren, <q>‚wirklich‘</q> gesünder“</q>",
            "„gesünder als seit Jahren, ‚wirklich‘ gesünder“",
            true,
        ),
        (
            "meaning-fr.html",
            "<q>«\u{a0}plus sain que jamais\u{a0}»</q>",
            "«\u{a0}plus sain que jamais\u{a0}»",
            true,
        ),
        (
            "meaning-ja.html",
            "<q>「ここ数年で最も健康だ」</q>",
            "「ここ数年で最も健康だ」",
            false,
        ),
        (
            "meaning-ar.html",
            "<q>”أكثر صحة من أي وقت مضى“</q>",
            "”أكثر صحة من أي وقت مضى“",
            false,
        ),
    ] {
        let xhtml = chapter_of(fixture_name, dir.path());
        assert!(
            xhtml.contains(in_xhtml),
            "{fixture_name}: {in_xhtml} missing from:\n{xhtml}"
        );
        let text = text_of(fixture_name, &[]);
        assert!(
            text.contains(quoted),
            "{fixture_name}: {quoted} missing from:\n{text}"
        );
        let pdf = convert("pdf", fixture_name, dir.path());
        assert_qpdf_clean(&pdf);
        // Japanese needs a font the machine may not have; right-to-left text comes back from
        // pdftotext in its own order.
        if let (true, Some(text)) = (in_pdf, pdf_text(&pdf)) {
            // pdftotext may give a no-break space as a plain one.
            let plain = |s: &str| s.replace('\u{a0}', " ");
            assert!(
                plain(&text).contains(&plain(quoted)),
                "{fixture_name}: {quoted} missing from the PDF:\n{text}"
            );
        }
    }
}

#[test]
fn attributions_stand_under_their_quotation_in_epub_pdf_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let xhtml = chapter_of("meaning-fr.html", dir.path());
    assert!(
        xhtml.contains(
            "<p>Nous devons au lac un compte exact, et non un espoir.</p>\n\
             <footer class=\"attribution\">— Mara Olsen, cheffe du relevé</footer>\n</blockquote>"
        ),
        "{xhtml}"
    );
    let text = text_of("meaning-fr.html", &[]);
    assert!(
        text.contains(
            "    Nous devons au lac un compte exact, et non un espoir.\n    — Mara Olsen, cheffe du relevé\n"
        ),
        "{text}"
    );
    let pdf = convert("pdf", "meaning-fr.html", dir.path());
    if let Some(text) = pdf_text(&pdf) {
        assert_words_in_order(
            "Nous devons au lac un compte exact, et non un espoir. Mara Olsen, cheffe du relevé \
             Les tableaux complets",
            &text,
        );
    }
}

#[test]
fn text_output_marks_scripts_strikes_and_definitions_readably_and_the_body_keeps_the_words() {
    let full = text_of("meaning-en.html", &[]);
    for wanted in [
        "It now covers 4,200 km², and its water is almost pure H₂O, with a pH of 10⁻¹ less",
        "figure.[1]",
        "was to cost ~~$499~~ $399",
        "the lake “is ‘healthier’ than it has been for years”, and the EPA agreed.",
        "    We owe the lake a careful count, not a hopeful guess.\n    — Mara Olsen, chief surveyor",
        "Seiche\n    A standing wave that rocks the whole lake from end to end.\nThermocline\n",
    ] {
        assert!(full.contains(wanted), "{wanted:?} missing from:\n{full}");
    }
    let body = text_of("meaning-en.html", &["--body-only"]);
    assert!(
        body.contains(
            "It now covers 4,200 km2, and its water is almost pure H2O, with a pH of 10−1"
        ),
        "{body}"
    );
    let japanese = text_of("meaning-ja.html", &[]);
    assert!(
        japanese.contains("純粋な水である。[1]主任調査員"),
        "{japanese}"
    );
}

#[test]
fn japanese_and_arabic_note_marks_stay_raised_in_the_epub() {
    let dir = tempfile::tempdir().unwrap();
    let japanese = chapter_of("meaning-ja.html", dir.path());
    assert!(
        japanese.contains("純粋な水である。<sup>[1]</sup>主任調査員"),
        "{japanese}"
    );
    let arabic = chapter_of("meaning-ar.html", dir.path());
    assert!(arabic.contains("كيلومتر مربع.<sup>[1]</sup>"), "{arabic}");
    let german = chapter_of("meaning-de.html", dir.path());
    assert!(german.contains("H<sub>2</sub>O.<sup>1</sup>"), "{german}");
    assert!(german.contains("<del>49 Euro</del> 39 Euro"), "{german}");
}
