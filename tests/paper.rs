//! The PDF's paper: the ISO and US sizes by name, any size as `WxHmm`, turned sideways with
//! `--landscape`; a size that is not one is a usage error naming the choices.

mod common;

use common::*;

/// The page size `pdfinfo` reports, in points (rounded), or `None` without poppler.
fn page_size(args: &[&str]) -> Option<(u32, u32)> {
    if !has_tool("pdfinfo") {
        assert!(!validators_required(), "pdfinfo is required");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("page.pdf");
    cleancopy()
        .arg("pdf")
        .arg(fixture("article.html"))
        .args(args)
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    assert_qpdf_clean(&pdf);
    let out = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8(out.stdout).unwrap();
    let line = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    let numbers: Vec<f32> = line
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    Some((numbers[0].round() as u32, numbers[1].round() as u32))
}

#[test]
fn named_papers_give_their_sizes_upright_or_sideways() {
    let cases: &[(&[&str], (u32, u32))] = &[
        (&[], (595, 842)),
        (&["--landscape"], (842, 595)),
        (&["--paper", "a3"], (842, 1191)),
        (&["--paper", "A3", "--landscape"], (1191, 842)),
        (&["--paper", "legal"], (612, 1008)),
        (&["--paper", "letter", "--landscape"], (792, 612)),
    ];
    for (args, expected) in cases {
        if let Some(size) = page_size(args) {
            assert_eq!(size, *expected, "{args:?}");
        }
    }
}

#[test]
fn a_custom_paper_size_in_millimetres_is_used_as_given() {
    // 120 × 190 mm is 340.2 × 538.6 pt.
    if let Some(size) = page_size(&["--paper", "120x190mm"]) {
        assert_eq!(size, (340, 539));
    }
    // A wide custom size stays wide.
    if let Some(size) = page_size(&["--paper", "300x200mm"]) {
        assert_eq!(size, (850, 567));
    }
}

#[test]
fn a_paper_that_is_not_a_size_is_a_usage_error_naming_the_choices() {
    for wrong in ["b4", "120x190", "20x30mm", "axbmm"] {
        let dir = tempfile::tempdir().unwrap();
        let out = cleancopy()
            .current_dir(dir.path())
            .args(["pdf", "--paper", wrong])
            .arg(fixture("article.html"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{wrong}");
        let error = String::from_utf8(out.stderr).unwrap();
        assert!(error.contains(wrong), "{error}");
        assert!(
            error.contains("a3") || error.contains("50 to 1200 mm"),
            "{error}"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

/// The median length, in characters, of the full lines of running text of the fixture's PDF
/// made with `args` (`None` without poppler).
fn median_line_length(args: &[&str]) -> Option<usize> {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("page.pdf");
    cleancopy()
        .arg("pdf")
        .arg(fixture("seed-shaped.txt"))
        .args(args)
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    let text = pdf_text(&pdf)?;
    let mut lengths: Vec<usize> = text
        .lines()
        .filter(|line| line.split_whitespace().count() >= 6)
        .map(|line| line.chars().count())
        .collect();
    assert!(lengths.len() >= 10, "too few lines to measure: {text}");
    lengths.sort_unstable();
    Some(lengths[lengths.len() / 2])
}

#[test]
fn lines_are_a_comfortable_length_by_default_on_a4_and_letter() {
    for paper in ["a4", "letter"] {
        if let Some(length) = median_line_length(&["--paper", paper]) {
            assert!(
                (60..=75).contains(&length),
                "{paper}: {length} characters a line"
            );
        }
    }
    // A margin given by hand is every side's, as before.
    if let Some(length) = median_line_length(&["--margin", "20"]) {
        assert!(length > 85, "--margin 20: {length} characters a line");
    }
}
