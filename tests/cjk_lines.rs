//! How the PDF sets lines of Chinese, Japanese and Korean text, and of English text with a
//! word too long for a line: justified lines fill the measure, Japanese and Chinese lines
//! keep the kinsoku rules, Korean words are never split, and `pdftotext` reads the text back.
//!
//! The lines are measured with `pdftotext -bbox-layout`. The Chinese, Japanese and Korean
//! fixtures need a machine font for those scripts (`fonts-noto-cjk`, which `.ci/run`
//! installs).

mod common;

use std::path::{Path, PathBuf};

use common::{
    assert_fonts_embedded, assert_qpdf_clean, assert_words_in_order, cleancopy, fixture,
    has_font_for, has_tool, pdf_text,
};

/// Characters no line of Chinese or Japanese text may start with.
const NO_LINE_START: &str =
    "、。，．・：；？！ー」』）］｝〕〉》】ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々”’";
/// Characters no line of Chinese or Japanese text may end with.
const NO_LINE_END: &str = "「『（［｛〔〈《【“‘";

/// One line of text as `pdftotext -bbox-layout` finds it.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    x_min: f32,
    x_max: f32,
    /// Its height: the title's lines are taller than the text's.
    height: f32,
    /// Whether it is the last line of its block.
    ends_block: bool,
}

/// Makes a PDF of the fixture `name` in `dir`; the PDF's path.
fn make_pdf(name: &str, dir: &Path) -> PathBuf {
    let pdf = dir.join(format!("{name}.pdf"));
    cleancopy()
        .args(["pdf", "-q"])
        .arg(fixture(name))
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    pdf
}

/// The lines of every page of `pdf`, or `None` when `pdftotext` is missing.
fn lines(pdf: &Path) -> Option<Vec<Line>> {
    let lines = common::layout_lines(pdf, None)?;
    Some(
        lines
            .into_iter()
            .map(|line| Line {
                text: line.text(),
                x_min: line.x_min,
                x_max: line.x_max,
                height: line.height(),
                ends_block: line.ends_block,
            })
            .collect(),
    )
}

/// The lines of the article's paragraphs (those of blocks of more than one line, no taller
/// than the text's: the title's lines and the page number are left out), each with whether it
/// ends its paragraph: it ends its block, or the next line starts indented.
fn paragraph_lines(lines: &[Line]) -> Vec<(Line, bool)> {
    let left = lines.iter().map(|line| line.x_min).fold(f32::MAX, f32::min);
    let mut heights: Vec<f32> = lines.iter().map(|line| line.height).collect();
    heights.sort_by(f32::total_cmp);
    let text_height = heights.get(heights.len() / 2).copied().unwrap_or(0.0);
    let mut out = Vec::new();
    let mut block: Vec<&Line> = Vec::new();
    for line in lines {
        block.push(line);
        if line.ends_block {
            if block.len() > 1 && block[0].height < text_height * 1.3 {
                for (i, line) in block.iter().enumerate() {
                    let ends = line.ends_block || block[i + 1].x_min > left + 2.0;
                    out.push(((*line).clone(), ends));
                }
            }
            block.clear();
        }
    }
    out
}

/// Asserts that every line of a paragraph but its last ends within a point of the right
/// margin (the right end of the longest line), and returns how many lines were measured.
fn assert_justified(lines: &[(Line, bool)]) -> usize {
    let right = lines
        .iter()
        .map(|(line, _)| line.x_max)
        .fold(f32::MIN, f32::max);
    let mut measured = 0;
    for (line, last) in lines {
        if *last {
            continue;
        }
        measured += 1;
        assert!(
            right - line.x_max <= 1.0,
            "a justified line ends {:.1} pt short of the margin: {:?}\nall lines: {:#?}",
            right - line.x_max,
            line.text,
            lines
        );
    }
    measured
}

/// The paragraphs of a fixture's article (the text of its `<p>` elements, entities of the
/// fixtures decoded).
fn fixture_paragraphs(name: &str) -> Vec<String> {
    let html = std::fs::read_to_string(fixture(name)).unwrap();
    html.split("<p>")
        .skip(1)
        .map(|part| part.split("</p>").next().unwrap().replace("&amp;", "&"))
        .collect()
}

/// Text without any whitespace.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Checks the PDF of a Chinese or Japanese fixture: justified lines fill the measure, no line
/// starts or ends with a character kinsoku forbids there, the text reads back in order, and
/// the file is sound.
fn check_cjk_fixture(name: &str, lang: &str) {
    if !has_font_for(lang) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf(name, dir.path());
    let Some(lines) = lines(&pdf) else {
        return;
    };
    let body = paragraph_lines(&lines);
    assert!(assert_justified(&body) >= 8, "{body:#?}");
    for (line, _) in &body {
        let text = squeezed(&line.text);
        let first = text.chars().next().unwrap();
        let last = text.chars().next_back().unwrap();
        assert!(
            !NO_LINE_START.contains(first),
            "a line starts with {first}: {text}"
        );
        assert!(
            !NO_LINE_END.contains(last),
            "a line ends with {last}: {text}"
        );
    }
    // `pdftotext` gives the paragraphs back, character for character, in order: the lines
    // of a paragraph join without a space, however they were justified.
    let extracted = pdf_text(&pdf).unwrap().replace(['\n', '\u{c}'], "");
    let mut from = 0;
    for paragraph in fixture_paragraphs(name) {
        match extracted[from..].find(&paragraph) {
            Some(at) => from += at + paragraph.len(),
            None => panic!("not read back in order: {paragraph}\nextracted: {extracted}"),
        }
    }
    assert_qpdf_clean(&pdf);
    assert!(assert_fonts_embedded(&pdf) >= 2 || !has_tool("pdffonts"));
}

#[test]
fn justified_japanese_lines_fill_the_measure_and_keep_kinsoku() {
    check_cjk_fixture("lines-ja.html", "ja");
}

#[test]
fn justified_chinese_lines_fill_the_measure_and_keep_kinsoku() {
    check_cjk_fixture("lines-zh.html", "zh-cn");
}

#[test]
fn ideographs_read_back_as_themselves_though_radicals_share_their_glyphs() {
    if !has_font_for("ja") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("ideographs-ja.html", dir.path());
    let Some(text) = pdf_text(&pdf) else {
        return;
    };
    let extracted = squeezed(&text);
    // The ideographs 一 and 見 come back as themselves, not as the Kangxi radicals ⼀ and ⾒
    // that a font draws alike and the second paragraph quotes.
    let first = squeezed(&fixture_paragraphs("ideographs-ja.html")[0]);
    assert!(extracted.contains(&first), "{first} not in:\n{extracted}");
    // A quoted radical reads back as the ideograph it is drawn as, or as itself.
    assert!(
        extracted.contains("「一」や「見」") || extracted.contains("「⼀」や「⾒」"),
        "{extracted}"
    );
}

#[test]
fn korean_lines_break_only_between_words_and_fill_the_measure() {
    if !has_font_for("ko") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("lines-ko.html", dir.path());
    let Some(lines) = lines(&pdf) else {
        return;
    };
    let body = paragraph_lines(&lines);
    assert!(assert_justified(&body) >= 5, "{body:#?}");
    // Every word on the page is a whole word of the article.
    let paragraphs = fixture_paragraphs("lines-ko.html");
    let article_words: Vec<&str> = paragraphs
        .iter()
        .flat_map(|paragraph| paragraph.split_whitespace())
        .collect();
    for (line, _) in &body {
        for word in line.text.split_whitespace() {
            assert!(
                article_words.contains(&word),
                "{word:?} is not a whole word of the article (line {:?})",
                line.text
            );
        }
    }
    let text = pdf_text(&pdf).unwrap();
    assert_words_in_order(&paragraphs.join("\n"), &text);
    assert_qpdf_clean(&pdf);
    assert_fonts_embedded(&pdf);
}

#[test]
fn words_before_a_word_too_long_for_a_line_share_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf("lines-en-url.html", dir.path());
    let Some(lines) = lines(&pdf) else {
        return;
    };
    let body = paragraph_lines(&lines);
    assert_justified(&body);
    // The words before the long checksum and the long addresses start their lines with them.
    for start in [
        "Its checksum: sha256:",
        "See the archive: https://",
        "A long word: https://",
    ] {
        assert!(
            body.iter().any(|(line, _)| line.text.starts_with(start)),
            "no line starts with {start:?}: {body:#?}"
        );
    }
    // No line holds one short word alone (a paragraph's last line may).
    for (line, _) in body.iter().filter(|(_, last)| !last) {
        assert!(
            line.text.contains(' ') || line.text.chars().count() > 20,
            "a word alone on its line: {:?}",
            line.text
        );
    }
    // The text reads back in order, the long words whole once their line ends are closed up.
    let extracted = squeezed(&pdf_text(&pdf).unwrap());
    let mut from = 0;
    for paragraph in fixture_paragraphs("lines-en-url.html") {
        let paragraph = squeezed(&paragraph);
        match extracted[from..].find(&paragraph) {
            Some(at) => from += at + paragraph.len(),
            None => panic!("not read back in order: {paragraph}\nextracted: {extracted}"),
        }
    }
    assert_qpdf_clean(&pdf);
}
