//! Tests of the whole PDF backend: from a [`Book`] to bytes, checked with `lopdf` and, when
//! they are installed, with `qpdf`, `pdffonts` and `pdftotext`.

use std::path::Path;
use std::process::Command;

use super::*;
use crate::document::{Block, Inline};

fn article(title: &str, blocks: Vec<Block>) -> Document {
    Document {
        meta: Metadata {
            title: title.into(),
            authors: vec!["Ada Lovelace".into(), "Charles Babbage".into()],
            published: Some("2024-05-17".into()),
            site_name: Some("The Example Times".into()),
            section: Some("Science".into()),
            language: Some("en".into()),
            source_url: Some("https://example.org/articles/engines".into()),
            ..Metadata::default()
        },
        blocks,
    }
}

const LATIN: &str = "The analytical engine weaves algebraic patterns just as the Jacquard \
                     loom weaves flowers and leaves.";
const CYRILLIC: &str = "Привет мир, это проверка кириллицы.";
const GREEK: &str = "Καλημέρα κόσμε, αυτή είναι μια δοκιμή.";

fn mixed_paragraph() -> Block {
    Block::Paragraph {
        content: vec![
            Inline::text("Plain words, "),
            Inline::Emphasis {
                content: vec![Inline::text("italic words")],
            },
            Inline::text(", "),
            Inline::Strong {
                content: vec![Inline::text("bold words")],
            },
            Inline::text(", "),
            Inline::Code {
                text: "code_words()".into(),
            },
            Inline::text(" and "),
            Inline::Link {
                href: "https://example.org/".into(),
                content: vec![Inline::text("linked words")],
            },
            Inline::text(" in one line. Un"),
            Inline::Strong {
                content: vec![Inline::text("believ")],
            },
            Inline::text("able word\u{2060}joiner no\u{FEFF}break bell\u{0007}less."),
        ],
    }
}

fn sample_book() -> Book {
    Book::single(article(
        "On the Analytical Engine",
        vec![
            Block::paragraph(LATIN),
            Block::Heading {
                level: 2,
                content: vec![Inline::text("Other scripts")],
            },
            Block::paragraph(CYRILLIC),
            Block::paragraph(GREEK),
            mixed_paragraph(),
            Block::Quote {
                blocks: vec![Block::paragraph("A quoted sentence stands apart.")],
            },
            Block::List {
                ordered: false,
                items: vec![
                    vec![Block::paragraph("First item")],
                    vec![Block::paragraph("Second item")],
                ],
            },
            Block::Code {
                language: Some("rust".into()),
                text: "fn main() {\n    println!(\"hello\");\n}".into(),
            },
            Block::Rule,
            Block::Figure {
                image: crate::document::ImageRef {
                    src: "https://example.org/engine.png".into(),
                    alt: "A drawing of the engine".into(),
                },
                caption: vec![Inline::text("The engine, as drawn in 1840.")],
            },
        ],
    ))
}

fn render(book: &Book) -> Vec<u8> {
    PdfBackend::default()
        .render(book)
        .unwrap_or_else(|err| panic!("{err}"))
}

fn load(bytes: &[u8]) -> lopdf::Document {
    lopdf::Document::load_mem(bytes).unwrap_or_else(|err| panic!("lopdf cannot read it: {err}"))
}

#[test]
fn output_is_a_small_pdf() {
    let bytes = render(&sample_book());
    assert!(bytes.starts_with(b"%PDF"));
    assert!(
        bytes.len() < 150 * 1024,
        "a short article took {} bytes",
        bytes.len()
    );
    assert_eq!(load(&bytes).get_pages().len(), 1);
}

#[test]
fn backend_names_itself() {
    let backend = PdfBackend::new(PdfOptions::default());
    assert_eq!(backend.name(), "pdf");
    assert_eq!(backend.extension(), "pdf");
}

#[test]
fn long_articles_take_several_pages_and_articles_start_on_new_pages() {
    let long = article("Long", vec![Block::paragraph(LATIN.repeat(30)); 8]);
    assert!(load(&render(&Book::single(long))).get_pages().len() >= 2);

    let two = Book {
        title: Some("Two short pieces".into()),
        articles: vec![
            article("One", vec![Block::paragraph("short")]),
            article("Two", vec![Block::paragraph("short")]),
        ],
    };
    assert_eq!(load(&render(&two)).get_pages().len(), 2);
}

#[test]
fn document_info_has_title_author_and_real_dates() {
    let doc = load(&render(&sample_book()));
    let info_id = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .unwrap_or_else(|err| panic!("{err}"));
    let info = doc
        .get_dictionary(info_id)
        .unwrap_or_else(|err| panic!("{err}"));
    let text = |key: &[u8]| -> String {
        let bytes = info
            .get(key)
            .and_then(lopdf::Object::as_str)
            .unwrap_or_else(|err| panic!("{err}"));
        lopdf::decode_text_string(&lopdf::Object::string_literal(bytes.to_vec()))
            .unwrap_or_else(|err| panic!("{err}"))
    };
    assert_eq!(text(b"Title"), "On the Analytical Engine");
    assert_eq!(text(b"Author"), "Ada Lovelace, Charles Babbage");
    let created = text(b"CreationDate");
    assert!(created.starts_with("D:"), "{created}");
    assert!(!created.starts_with("D:1970"), "{created}");
    let catalog = doc.catalog().unwrap_or_else(|err| panic!("{err}"));
    assert!(catalog.has(b"Outlines"));
    assert!(catalog.has(b"Lang"));
}

#[test]
fn an_empty_book_still_makes_a_page() {
    let bytes = render(&Book::default());
    assert_eq!(load(&bytes).get_pages().len(), 1);
}

#[test]
fn bad_options_are_errors_not_panics() {
    let book = sample_book();
    for options in [
        PdfOptions {
            margin_mm: 120.0,
            ..PdfOptions::default()
        },
        PdfOptions {
            margin_mm: -1.0,
            ..PdfOptions::default()
        },
        PdfOptions {
            font_size_pt: f32::NAN,
            ..PdfOptions::default()
        },
        PdfOptions {
            font_size_pt: 0.0,
            ..PdfOptions::default()
        },
    ] {
        let err = PdfBackend::new(options.clone()).render(&book);
        let err = err
            .err()
            .unwrap_or_else(|| panic!("{options:?} was accepted"));
        assert_eq!(err.format, "pdf");
    }
    let letter = PdfOptions {
        paper: Paper::Letter,
        margin_mm: 10.0,
        font_size_pt: 14.0,
        ragged: true,
    };
    assert!(PdfBackend::new(letter).render(&book).is_ok());
}

// ----- external validators -----

/// Runs a tool, or returns `None` when it is not installed.
fn run(tool: &str, args: &[&str], file: &Path) -> Option<std::process::Output> {
    Command::new(tool).args(args).arg(file).output().ok()
}

/// Whether missing validator tools must fail the test instead of skipping it.
fn validators_required() -> bool {
    std::env::var("CLEANCOPY_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1")
}

#[test]
fn validators_accept_the_pdf_and_read_the_words_back() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let path = dir.path().join("sample.pdf");
    std::fs::write(&path, render(&sample_book())).unwrap_or_else(|err| panic!("{err}"));

    let Some(check) = run("qpdf", &["--check"], &path) else {
        assert!(!validators_required(), "qpdf is not installed");
        eprintln!("skipping: qpdf, pdffonts and pdftotext are needed for this test");
        return;
    };
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "qpdf --check failed:\n{report}");
    assert!(
        report.contains("No syntax or stream encoding errors"),
        "{report}"
    );

    check_fonts(&path);
    check_text(&path);
}

/// Every font is embedded and subset, with a Unicode map.
fn check_fonts(path: &Path) {
    let Some(fonts) = run("pdffonts", &[], path) else {
        assert!(!validators_required(), "pdffonts is not installed");
        eprintln!("skipping the font check: pdffonts is not installed");
        return;
    };
    let listing = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.status.success(), "{listing}");
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(
        rows.len() >= 4,
        "regular, italic, bold and mono expected:\n{listing}"
    );
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let n = columns.len();
        assert!(n >= 7, "{row}");
        let (emb, sub, uni) = (columns[n - 5], columns[n - 4], columns[n - 3]);
        assert_eq!((emb, sub, uni), ("yes", "yes", "yes"), "{row}");
    }
}

/// `pdftotext` gives back each paragraph's words, in order, neither glued nor split.
fn check_text(path: &Path) {
    let Some(output) = run("pdftotext", &["-enc", "UTF-8", "-eol", "unix"], path) else {
        assert!(!validators_required(), "pdftotext is not installed");
        eprintln!("skipping the text check: pdftotext is not installed");
        return;
    };
    assert!(output.status.success(), "pdftotext failed");
    // Without an output name, pdftotext writes beside the PDF.
    let text =
        std::fs::read_to_string(path.with_extension("txt")).unwrap_or_else(|err| panic!("{err}"));
    let words: Vec<&str> = text.split_whitespace().collect();
    let expected = [
        "On the Analytical Engine",
        "By Ada Lovelace, Charles Babbage",
        "17 May 2024 · The Example Times",
        LATIN,
        "Other scripts",
        CYRILLIC,
        GREEK,
        "Plain words, italic words, bold words, code_words() and linked words in one line. \
         Unbelievable wordjoiner nobreak bellless.",
        "A quoted sentence stands apart.",
        "• First item",
        "fn main() {",
        "[image: A drawing of the engine]",
        "The engine, as drawn in 1840.",
    ];
    let mut from = 0;
    for sentence in expected {
        let wanted: Vec<&str> = sentence.split_whitespace().collect();
        let found = (from..words.len())
            .find(|&at| words[at..].starts_with(&wanted))
            .unwrap_or_else(|| panic!("{sentence:?} not found in order in:\n{text}"));
        from = found + wanted.len();
    }
}
