//! `pdf --style FILE` replaces values of the built-in print style (any subset of the tables and
//! keys of styles/print.toml) and shows in the PDF; a style with an unknown key, a value of the
//! wrong kind or a file that is not there is refused before anything is written, and `--css`
//! on a PDF says to use `--style`.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// The PDF of the article with `args`, decompressed by qpdf (`None` without qpdf).
fn pdf_content(dir: &Path, name: &str, args: &[&str]) -> Option<String> {
    let pdf = dir.join(format!("{name}.pdf"));
    cleancopy()
        .arg("pdf")
        .arg(fixture("meaning-en.html"))
        .args(args)
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    if !has_tool("qpdf") {
        assert!(!validators_required(), "qpdf is required");
        return None;
    }
    assert_qpdf_clean(&pdf);
    let qdf = dir.join(format!("{name}.qdf"));
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&pdf)
        .arg(&qdf)
        .status()
        .unwrap();
    assert!(status.success());
    Some(String::from_utf8_lossy(&std::fs::read(qdf).unwrap()).to_string())
}

/// How far down the page the text of a one-page PDF reaches (`pdftotext -bbox`), in points.
fn text_bottom(dir: &Path, name: &str) -> f32 {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(dir.join(format!("{name}.pdf")))
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split("yMax=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse::<f32>().ok())
        // Above the page number, in the bottom margin of an A4 page.
        .filter(|bottom| *bottom < 780.0)
        .fold(0.0, f32::max)
}

#[test]
fn a_style_file_changes_the_colour_and_the_leading_of_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let style = dir.path().join("print.toml");
    std::fs::write(
        &style,
        "# wide leading, navy text\n[text]\nleading = 2.4\n\n[colors]\ntext = \"#000080\"\n",
    )
    .unwrap();
    let Some(plain) = pdf_content(dir.path(), "plain", &[]) else {
        return;
    };
    let styled = pdf_content(dir.path(), "styled", &["--style", style.to_str().unwrap()]).unwrap();
    assert!(!plain.contains("0 0 0.5019608 rg"), "navy before the style");
    assert!(
        styled.contains("0 0 0.5019608 rg"),
        "the style's text colour is not used"
    );
    let (plain_bottom, styled_bottom) = (
        text_bottom(dir.path(), "plain"),
        text_bottom(dir.path(), "styled"),
    );
    assert!(
        styled_bottom > plain_bottom + 50.0,
        "leading 2.4 should set the text further down: {styled_bottom} vs {plain_bottom}"
    );
}

#[test]
fn a_wrong_style_is_refused_by_name_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("[text]\nlead = 2\n", "unknown key [text] lead"),
        ("[paper]\nsize = 2\n", "unknown table [paper]"),
        (
            "[text]\njustify = \"no\"\n",
            "[text] justify takes true or false",
        ),
        ("[text\n", "not TOML"),
    ];
    for (index, (text, expected)) in cases.iter().enumerate() {
        let style = dir.path().join(format!("style{index}.toml"));
        std::fs::write(&style, text).unwrap();
        let out = cleancopy()
            .current_dir(dir.path())
            .arg("pdf")
            .arg(fixture("meaning-en.html"))
            .arg("--style")
            .arg(&style)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        let error = String::from_utf8(out.stderr).unwrap();
        assert_eq!(error.lines().count(), 1, "{error}");
        assert!(
            error.contains(expected) && error.contains("style"),
            "{error}"
        );
    }
    let missing = cleancopy()
        .current_dir(dir.path())
        .args(["pdf", "--style", "nowhere.toml"])
        .arg(fixture("meaning-en.html"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nowhere.toml"));
    let pdfs = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|e| e == "pdf")
        })
        .count();
    assert_eq!(pdfs, 0);
}

#[test]
fn css_on_a_pdf_points_to_the_print_style() {
    let dir = tempfile::tempdir().unwrap();
    let out = cleancopy()
        .current_dir(dir.path())
        .args(["pdf", "--css", "book.css"])
        .arg(fixture("meaning-en.html"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let error = String::from_utf8(out.stderr).unwrap();
    assert!(error.contains("--style"), "{error}");
    assert!(!error.contains("-- --css"), "{error}");
}
