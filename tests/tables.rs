//! The article's tables reach every output as tables: header, body and footer rows (the
//! footer after the body), cells spanning columns and rows, cells of several paragraphs or a
//! list kept apart, columns of numbers set flush right, and a long table whose cells hold
//! sentences kept whole with its header, repeated on each page of the PDF. Fixtures in
//! English with Māori, in Japanese with prices, and a table of 300 rows of sentences.

mod common;

use std::io::Read;
use std::path::Path;

use common::*;

/// The PDF of a fixture laid out on the full 20 mm page these tests were measured on (the
/// default measure is narrower; tests/paper.rs checks it).
fn pdf_at_full_width(fixture_name: &str, dir: &Path) -> std::path::PathBuf {
    let out = dir.join(format!("{fixture_name}.pdf"));
    cleancopy()
        .arg("pdf")
        .arg(fixture(fixture_name))
        .args(["--margin", "20", "-o"])
        .arg(&out)
        .assert()
        .success();
    out
}

/// The text output of a fixture.
fn text_of(fixture_name: &str) -> String {
    let out = cleancopy()
        .arg("text")
        .arg(fixture(fixture_name))
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The XHTML pages of an EPUB holding a table, joined.
fn tables_xhtml(epub: &Path) -> String {
    let bytes = std::fs::read(epub).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut joined = String::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        if file.name().ends_with(".xhtml") {
            let mut page = String::new();
            file.read_to_string(&mut page).unwrap();
            if page.contains("<table") {
                joined.push_str(&page);
            }
        }
    }
    joined
}

/// The part of `text` from `from` to the first `to` after it.
fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} in:\n{text}"));
    let end = text[start..]
        .find(to)
        .unwrap_or_else(|| panic!("{to:?} after {from:?} in:\n{text}"));
    &text[start..start + end + to.len()]
}

#[test]
fn a_book_of_the_tables_is_epubcheck_clean() {
    let dir = tempfile::tempdir().unwrap();
    let epub = dir.path().join("tables.epub");
    cleancopy()
        .arg("epub")
        .args(["tables-mi.html", "tables-ja.html", "tables-long.html"].map(fixture))
        .arg("-o")
        .arg(&epub)
        .assert()
        .success();
    assert_epubcheck_clean(&epub);
    let xhtml = tables_xhtml(&epub);
    assert_eq!(xhtml.matches("<table>").count(), 3, "{xhtml}");
}

#[test]
fn epub_tables_keep_spans_parts_and_the_paragraphs_of_a_cell() {
    let dir = tempfile::tempdir().unwrap();
    let xhtml = tables_xhtml(&convert_fixture("epub", "tables-mi.html", dir.path()));
    let table = between(&xhtml, "<table>", "</table>");
    for wanted in [
        "<caption>Harbour words and their meanings</caption>",
        "<thead>\n<tr><th scope=\"col\">Māori</th>",
        "<td rowspan=\"2\">Waka</td>",
        "<td colspan=\"2\">Haere rā, go well</td>",
        "<td><ul>\n<li>hello</li>\n<li>thank you</li>\n</ul>\n</td>",
        "<td><p>First paragraph about the open sea beyond the heads.</p>\n\
         <p>Second paragraph about the sea inside the harbour.</p>\n</td>",
    ] {
        assert!(table.contains(wanted), "{wanted:?} missing from:\n{table}");
    }
    // The footer the page wrote before the body comes after it.
    let body_end = table.find("</tbody>").expect("a body");
    let foot = table.find("<tfoot>").expect("a footer");
    assert!(foot > body_end, "{table}");
    assert!(table[foot..].contains("Glossary checked by the harbour board"));
}

#[test]
fn epub_columns_of_prices_are_set_flush_right() {
    let dir = tempfile::tempdir().unwrap();
    let xhtml = tables_xhtml(&convert_fixture("epub", "tables-ja.html", dir.path()));
    for wanted in [
        "<td class=\"align-right\">¥1,200</td>",
        "<td class=\"align-right\">180円</td>",
        "<td class=\"align-right\">₩15,000</td>",
        "<td class=\"align-right\">24</td>",
        "<th class=\"align-right\">値段</th>",
        "<tfoot>\n<tr><td colspan=\"2\">合計</td><td class=\"align-right\">¥18,830</td>",
    ] {
        assert!(xhtml.contains(wanted), "{wanted:?} missing from:\n{xhtml}");
    }
    // Words stay as the text runs.
    assert!(xhtml.contains("<td>北の漁港</td>"), "{xhtml}");
}

#[test]
fn pdf_tables_give_their_words_back_row_by_row_with_the_footer_last() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = pdf_at_full_width("tables-mi.html", dir.path());
    assert_qpdf_clean(&pdf);
    let Some(text) = pdf_text(&pdf) else { return };
    assert_words_in_order(
        "Māori English When you hear it \
         Kia ora hello thank you At the gate each morning \
         Moana sea ocean First paragraph about the open sea beyond the heads \
         Second paragraph about the sea inside the harbour \
         Waka canoe On regatta days vehicle In the car park by the ferry terminal \
         Haere rā go well When a ship leaves the wharf \
         Glossary checked by the harbour board's language adviser \
         The board adds new words",
        &text,
    );
    // A cell's two paragraphs are not run together, nor the items of its list.
    assert!(!text.contains("heads.Second"), "{text}");
    assert!(!text.contains("hellothank"), "{text}");
    assert!(text.contains("• hello\n• thank you\n"), "{text}");
}

#[test]
fn pdf_prices_are_flush_right_in_their_column() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = pdf_at_full_width("tables-ja.html", dir.path());
    assert_qpdf_clean(&pdf);
    if !has_tool("pdftotext") {
        return;
    }
    // Where each price ends on the page: flush right, they all end at the same place.
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let bbox = String::from_utf8_lossy(&out.stdout);
    let right_edge = |word: &str| -> f32 {
        let line = bbox
            .lines()
            .find(|line| line.ends_with(&format!(">{word}</word>")))
            .unwrap_or_else(|| panic!("{word} in:\n{bbox}"));
        let x_max = line
            .split("xMax=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        x_max.parse().unwrap()
    };
    // (pdftotext gives the Japanese words back as other characters: prices in Latin
    // figures are the ones to find.)
    let edges: Vec<f32> = ["¥1,200", "¥2,450", "₩15,000", "¥18,830"]
        .into_iter()
        .map(right_edge)
        .collect();
    for edge in &edges {
        assert!((edge - edges[0]).abs() < 1.0, "right edges {edges:?}");
    }
    let lefts: Vec<f32> = ["¥1,200", "₩15,000"]
        .into_iter()
        .map(|word| {
            let line = bbox
                .lines()
                .find(|l| l.ends_with(&format!(">{word}</word>")))
                .unwrap();
            line.split("xMin=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!(
        lefts[0] > lefts[1] + 5.0,
        "the shorter price starts further right: {lefts:?}"
    );
}

#[test]
fn a_long_table_of_sentences_stays_a_table_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = |n: usize| {
        let verbs = [
            "repairs", "paints", "inspects", "cleans", "measures", "records", "checks", "replaces",
        ];
        let things = [
            "the north mooring posts",
            "the ferry ramp",
            "the lighthouse lamp",
            "the fuel jetty",
            "the harbour chain",
            "the tide gauge",
            "the slipway rails",
            "the signal mast",
        ];
        format!(
            "In week {n}, the keeper {} {}, writes what was done in the harbour log, and signs it \
             before sunset.",
            verbs[n % 8],
            things[(n * 3) % 8]
        )
    };
    // Text: the header row, every row on a line of its own, the footer last.
    let text = text_of("tables-long.html");
    assert!(
        text.contains("Clause | What the keeper does\nClause 1 | "),
        "{text}"
    );
    for n in 1..=300 {
        assert!(
            text.contains(&format!("\nClause {n} | {}\n", sentence(n))),
            "row {n} in:\n{text}"
        );
    }
    assert!(text.trim_end().ends_with(&format!(
        "Clause 300 | {}\nEnd of the schedule, signed by the harbour master.",
        sentence(300)
    )));

    // EPUB: one table of 300 body rows, under its header.
    let xhtml = tables_xhtml(&convert_fixture("epub", "tables-long.html", dir.path()));
    assert!(xhtml.contains("<thead>\n<tr><th>Clause</th><th>What the keeper does</th></tr>"));
    assert_eq!(xhtml.matches("<tr><td>Clause ").count(), 300, "{xhtml}");

    // PDF: every row, in order, and the header at the top of each page the table runs on.
    let pdf = pdf_at_full_width("tables-long.html", dir.path());
    assert_qpdf_clean(&pdf);
    let Some(text) = pdf_text(&pdf) else { return };
    let expected: String = (1..=300)
        .map(|n| format!("Clause {n} {} ", sentence(n)))
        .collect();
    assert_words_in_order(
        &format!("{expected} End of the schedule, signed by the harbour master."),
        &text,
    );
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| p.contains("Clause "))
        .collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for (number, page) in pages.iter().enumerate() {
        let header = page
            .find("What the keeper does")
            .unwrap_or_else(|| panic!("no header on page {}:\n{page}", number + 1));
        let first_row = page.find("Clause ").unwrap();
        assert!(
            header < page.find("In week").unwrap() && first_row < header + 40,
            "page {}: the header opens the page's rows:\n{page}",
            number + 1
        );
    }
}

#[test]
fn text_output_keeps_a_cells_paragraphs_apart_and_the_footer_last() {
    let text = text_of("tables-mi.html");
    let table = between(&text, "Harbour words and their meanings", "adviser.");
    assert_eq!(
        table,
        "Harbour words and their meanings\n\
         Māori | English | When you hear it\n\
         Kia ora | - hello / - thank you | At the gate each morning.\n\
         Moana | sea, ocean | First paragraph about the open sea beyond the heads. / \
         Second paragraph about the sea inside the harbour.\n\
         Waka | canoe | On regatta days.\n\
         vehicle | In the car park by the ferry terminal.\n\
         Haere rā, go well | When a ship leaves the wharf.\n\
         Glossary checked by the harbour board's language adviser."
    );
}

#[test]
fn a_table_too_wide_for_its_words_is_set_smaller_rather_than_breaking_them() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = pdf_at_full_width("tables-wide.html", dir.path());
    assert_qpdf_clean(&pdf);
    let Some(printed) = pdf_text(&pdf) else {
        assert!(!validators_required(), "pdftotext is required");
        return;
    };
    let printed = words(&printed);
    for header in [
        "requirements",
        "wireframes",
        "accessibility",
        "implementation",
        "localisation",
        "documentation",
        "acceptance",
        "controllers",
        "responsibilities",
        "interoperability",
        "internationalisation",
    ] {
        assert!(
            printed.iter().any(|word| word == header),
            "{header:?} is broken inside its cell: {printed:?}"
        );
    }
}
