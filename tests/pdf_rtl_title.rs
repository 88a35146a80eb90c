//! The title block of a right-to-left article in the PDF is mirrored: title, byline, date and
//! site, and the rule under them stand at the right margin. So is a right-to-left table: its
//! first column is at the right.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{assert_qpdf_clean, cleancopy, fixture, has_tool};

/// Makes a PDF of the fixture `name` in `dir`; the PDF's path.
fn make_pdf(name: &str, dir: &Path) -> PathBuf {
    let pdf = dir.join(format!("{name}.pdf"));
    cleancopy()
        .args(["pdf", "-q"])
        .arg(fixture(name))
        // Laid out on the full 20 mm page these tests were measured on (the default measure
        // is narrower; tests/paper.rs checks it).
        .args(["--margin", "20"])
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    pdf
}

/// The left and right ends of each line of the first page as `pdftotext -bbox-layout` finds
/// them, with the line's words, top to bottom; `None` when `pdftotext` is missing.
fn line_extents(pdf: &Path) -> Option<Vec<(String, f32, f32)>> {
    let lines = common::layout_lines(pdf, Some(1))?;
    Some(
        lines
            .into_iter()
            .map(|line| (line.text(), line.x_min, line.x_max))
            .collect(),
    )
}

/// The horizontal lines drawn on the first page (`x0 y m x1 y l` in its content), as their
/// left and right ends; `None` when `qpdf` is missing.
fn horizontal_rules(pdf: &Path, dir: &Path) -> Option<Vec<(f32, f32)>> {
    if !has_tool("qpdf") {
        return None;
    }
    let expanded = dir.join("expanded.pdf");
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&expanded)
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(&expanded).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    let point = |line: &str, op: &str| -> Option<(f32, f32)> {
        let mut parts = line.strip_suffix(op)?.split_whitespace();
        let x = parts.next()?.parse().ok()?;
        let y = parts.next()?.parse().ok()?;
        parts.next().is_none().then_some((x, y))
    };
    Some(
        lines
            .windows(2)
            .filter_map(|pair| {
                let (x0, y0) = point(pair[0], " m")?;
                let (x1, y1) = point(pair[1], " l")?;
                ((y0 - y1).abs() < 0.01).then_some((x0.min(x1), x0.max(x1)))
            })
            .collect(),
    )
}

/// Checks that the title block of the fixture `name` stands at the right margin: its first
/// `title_lines` lines (title, byline, date and site) end at the right margin and start well
/// right of the left one, and the rule under them ends at the right margin.
fn assert_title_block_at_the_right(name: &str, title_lines: usize) {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf(name, dir.path());
    assert_qpdf_clean(&pdf);
    let Some(lines) = line_extents(&pdf) else {
        return;
    };
    let left = lines.iter().map(|line| line.1).fold(f32::MAX, f32::min);
    let right = lines.iter().map(|line| line.2).fold(f32::MIN, f32::max);
    for (text, x_min, x_max) in &lines[..title_lines] {
        assert!(
            right - x_max < 1.0 && x_min - left > 50.0,
            "{text:?} ({x_min:.1} to {x_max:.1}) is not at the right margin ({left:.1} to \
             {right:.1}): {lines:#?}"
        );
    }
    let Some(rules) = horizontal_rules(&pdf, dir.path()) else {
        return;
    };
    let (rule_left, rule_right) = *rules.first().expect("the title block has a rule");
    assert!(
        right - rule_right < 1.0 && rule_left - left > 50.0,
        "the rule ({rule_left:.1} to {rule_right:.1}) is not at the right margin ({left:.1} to \
         {right:.1})"
    );
}

#[test]
fn a_hebrew_title_block_is_mirrored() {
    assert_title_block_at_the_right("title-he.html", 3);
}

#[test]
fn an_arabic_title_block_is_mirrored() {
    assert_title_block_at_the_right("title-ar.html", 3);
}

#[test]
fn an_english_title_block_stays_at_the_left() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("lines-en-url.html", dir.path());
    let Some(lines) = line_extents(&pdf) else {
        return;
    };
    let left = lines.iter().map(|line| line.1).fold(f32::MAX, f32::min);
    for (text, x_min, _) in &lines[..3] {
        assert!(x_min - left < 1.0, "{text:?} does not start at the left");
    }
    if let Some(rules) = horizontal_rules(&pdf, dir.path()) {
        let (rule_left, _) = *rules.first().expect("the title block has a rule");
        assert!(
            rule_left - left < 1.0,
            "the rule does not start at the left"
        );
    }
}

/// Each word on the first page as `pdftotext -bbox-layout` finds it, with its left and right
/// ends.
fn word_extents(pdf: &Path) -> Option<Vec<(String, f32, f32)>> {
    let lines = common::layout_lines(pdf, Some(1))?;
    Some(
        lines
            .into_iter()
            .flat_map(|line| line.words)
            .map(|word| (word.text, word.x_min, word.x_max))
            .collect(),
    )
}

#[test]
fn an_arabic_table_runs_from_the_right() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("table-ar.html", dir.path());
    assert_qpdf_clean(&pdf);
    let Some(words) = word_extents(&pdf) else {
        return;
    };
    // `pdftotext` gives Arabic words in the order their letters are drawn, left to right.
    let find = |word: &str| {
        let drawn: String = word.chars().rev().collect();
        words
            .iter()
            .find(|(text, ..)| *text == word || *text == drawn)
            .unwrap_or_else(|| panic!("{word} not on the first page: {words:?}"))
    };
    let right = words.iter().map(|word| word.2).fold(f32::MIN, f32::max);
    // The first column (the kind of fish) is at the right, the price at the left.
    let (kind, source, price) = (find("الصنف"), find("المصدر"), find("السعر"));
    assert!(kind.1 > source.2, "{kind:?} is not right of {source:?}");
    assert!(source.1 > price.2, "{source:?} is not right of {price:?}");
    // The first column's cells end at the right margin.
    for word in ["الصنف", "سردين", "قاروص"] {
        let cell = find(word);
        assert!(
            right - cell.2 < 1.0,
            "{cell:?} does not end at the right margin {right}"
        );
    }
    let (sardine, forty) = (find("سردين"), find("40"));
    assert!(sardine.1 > forty.2, "{sardine:?} is not right of {forty:?}");
}
