//! Tests of the whole PDF backend: from a [`Book`] to bytes, checked with `lopdf` and, when
//! they are installed, with `qpdf`, `pdffonts` and `pdftotext`.

use std::path::Path;
use std::process::Command;

use super::*;
use crate::document::{Block, EmbeddedImage, Inline};

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
                attribution: Vec::new(),
            },
            Block::List {
                ordered: false,
                start: 1,
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
    render_with(book, &[])
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
    // The title page, the contents, and a page each.
    assert_eq!(load(&render(&two)).get_pages().len(), 4);
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
            margin_mm: Some(120.0),
            ..PdfOptions::default()
        },
        PdfOptions {
            margin_mm: Some(-1.0),
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
        let err = PdfBackend::new(options.clone()).render(&RenderContext::new(&book));
        let err = err
            .err()
            .unwrap_or_else(|| panic!("{options:?} was accepted"));
        assert_eq!(err.format, "pdf");
    }
    let letter = PdfOptions {
        paper: Paper::Letter,
        margin_mm: Some(10.0),
        font_size_pt: 14.0,
        ragged: true,
        ..PdfOptions::default()
    };
    assert!(PdfBackend::new(letter)
        .render(&RenderContext::new(&book))
        .is_ok());
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
        "By Ada Lovelace and Charles Babbage",
        "17 May 2024 · The Example Times",
        LATIN,
        "Other scripts",
        CYRILLIC,
        GREEK,
        // The link's note mark follows its last word.
        "Plain words, italic words, bold words, code_words() and linked words1 in one line. \
         Unbelievable wordjoiner nobreak bellless.",
        "A quoted sentence stands apart.",
        "• First item",
        "fn main() {",
        "[image: A drawing of the engine]",
        "The engine, as drawn in 1840.",
        // The link's address, in its note at the foot of the page.
        "1 https://example.org/",
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

// ----- pictures -----

/// A JPEG of `width` × `height` pixels, a gradient so it is not trivially compressible.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let picture = image::ImageBuffer::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut bytes, image::ImageFormat::Jpeg)
        .unwrap_or_else(|err| panic!("{err}"));
    bytes.into_inner()
}

const PICTURE_SRC: &str = "https://example.org/engine.jpg";

fn embedded_jpeg(width: u32, height: u32) -> EmbeddedImage {
    EmbeddedImage {
        sources: vec![(0, PICTURE_SRC.into())],
        file_name: "images/img-001.jpg".into(),
        media_type: "image/jpeg".into(),
        width,
        height,
        prepared_long_side: width.max(height),
        bytes: jpeg(width, height),
    }
}

fn figure(caption: &str) -> Block {
    Block::Figure {
        image: crate::document::ImageRef {
            src: PICTURE_SRC.into(),
            alt: "A drawing of the engine".into(),
        },
        caption: vec![Inline::text(caption)],
    }
}

/// The image XObjects of a PDF: (width, height, filter, stream bytes).
fn image_objects(doc: &lopdf::Document) -> Vec<(i64, i64, Vec<u8>, Vec<u8>)> {
    doc.objects
        .values()
        .filter_map(|object| object.as_stream().ok())
        .filter(|stream| {
            stream
                .dict
                .get(b"Subtype")
                .and_then(lopdf::Object::as_name)
                .ok()
                == Some(b"Image")
        })
        .map(|stream| {
            let number = |key: &[u8]| stream.dict.get(key).and_then(lopdf::Object::as_i64);
            let filter = stream.dict.get(b"Filter").and_then(lopdf::Object::as_name);
            (
                number(b"Width").unwrap_or(0),
                number(b"Height").unwrap_or(0),
                filter.map(<[u8]>::to_vec).unwrap_or_default(),
                stream.content.clone(),
            )
        })
        .collect()
}

fn render_with(book: &Book, images: &[EmbeddedImage]) -> Vec<u8> {
    PdfBackend::default()
        .render(&RenderContext::new(book).with_images(images))
        .unwrap_or_else(|err| panic!("{err}"))
        .bytes
}

#[test]
fn figure_jpegs_are_embedded_as_they_are() {
    let picture = embedded_jpeg(600, 400);
    let book = Book::single(article("Pictures", vec![figure("The engine.")]));
    let doc = load(&render_with(&book, std::slice::from_ref(&picture)));
    let images = image_objects(&doc);
    assert_eq!(images.len(), 1, "one picture drawn");
    let (width, height, filter, content) = &images[0];
    assert_eq!((*width, *height), (600, 400));
    assert_eq!(filter, b"DCTDecode");
    assert_eq!(content, &picture.bytes, "the JPEG's bytes, not re-encoded");
    let page = *doc.get_pages().values().next().expect("a page");
    let content = doc.get_page_content(page);
    let content = String::from_utf8_lossy(&content);
    assert!(content.contains("/Im1 Do"), "{content}");
}

#[test]
fn without_pictures_figures_show_their_alternative_text() {
    let book = Book::single(article("Pictures", vec![figure("The engine.")]));
    let bytes = render(&book);
    assert!(image_objects(&load(&bytes)).is_empty());
    let flows = layout::article_flow(
        &book.articles[0],
        fonts::bundled_font_set(),
        style::print_style(),
        &layout::test_geometry(),
    );
    assert!(!flows
        .iter()
        .any(|item| matches!(item, layout::Flow::Image(_))));
}

/// The placed pictures and the text of each page, for a book with pictures.
fn paginate_with(blocks: Vec<Block>, images: &[EmbeddedImage]) -> Vec<Page> {
    let fonts = fonts::bundled_font_set();
    let geometry = layout::test_geometry();
    let drawable = vec![true; images.len()];
    let pictures = Pictures {
        article: 0,
        images,
        drawable: &drawable,
    };
    let doc = article("Pictures", blocks);
    let flow =
        layout::article_flow_with(&doc, pictures, fonts, style::print_style(), &geometry, true);
    let mut paginator = Paginator::new(&geometry, style::print_style());
    paginator.add_article(0, flow);
    paginator.finish().0
}

fn page_text(page: &Page) -> String {
    page.lines
        .iter()
        .flat_map(|line| &line.line.runs)
        .map(|run| run.run.text())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn pictures_fill_the_column_but_small_ones_are_not_blown_up() {
    let geometry = layout::test_geometry();
    let large = paginate_with(vec![figure("Large.")], &[embedded_jpeg(1600, 900)]);
    let placed = &large[0].images[0];
    assert!((placed.width - geometry.text_width()).abs() < 0.01);
    assert!((placed.height / placed.width - 900.0 / 1600.0).abs() < 0.001);
    assert!((placed.x - geometry.side_margin).abs() < 0.01);

    let small = paginate_with(vec![figure("Small.")], &[embedded_jpeg(100, 80)]);
    let placed = &small[0].images[0];
    let natural = 100.0 * 72.0 / 150.0;
    assert!(
        (placed.width - 1.5 * natural).abs() < 0.01,
        "{}",
        placed.width
    );
    let centre = placed.x + placed.width / 2.0;
    assert!((centre - geometry.page_width / 2.0).abs() < 0.01, "centred");
}

#[test]
fn tall_pictures_fit_the_page_body_with_their_caption() {
    let geometry = layout::test_geometry();
    let pages = paginate_with(vec![figure("A tall one.")], &[embedded_jpeg(400, 4000)]);
    let page = pages
        .iter()
        .find(|page| !page.images.is_empty())
        .expect("the picture is placed");
    let placed = &page.images[0];
    assert!(placed.height < geometry.text_height());
    assert!(placed.y >= geometry.margin - 0.01);
    assert!(
        (placed.height / placed.width - 10.0).abs() < 0.01,
        "scaled, not squeezed"
    );
    assert!(page_text(page).contains("A tall one."));
}

#[test]
fn a_picture_that_does_not_fit_moves_to_the_next_page_with_its_caption() {
    let filler = Block::paragraph("word ".repeat(60));
    for paragraphs in 1..10 {
        let mut blocks = vec![filler.clone(); paragraphs];
        blocks.push(figure("Caption of the picture."));
        let pages = paginate_with(blocks, &[embedded_jpeg(1200, 900)]);
        let geometry = layout::test_geometry();
        let (index, page) = pages
            .iter()
            .enumerate()
            .find(|(_, page)| !page.images.is_empty())
            .expect("the picture is placed");
        let placed = &page.images[0];
        assert!(
            placed.y >= geometry.margin - 0.01,
            "{paragraphs}: inside the page"
        );
        assert!(placed.y + placed.height <= geometry.page_height - geometry.margin + 0.01);
        assert!(
            page_text(page).contains("Caption of the picture."),
            "{paragraphs} paragraphs: caption not on page {index} with its picture"
        );
    }
}

#[test]
fn text_after_a_figure_that_does_not_fit_fills_the_page_and_the_figure_tops_the_next() {
    let geometry = layout::test_geometry();
    let filler = Block::paragraph("word ".repeat(60));
    let mut floated = 0;
    for paragraphs in 1..12 {
        let mut blocks = vec![filler.clone(); paragraphs];
        blocks.push(figure("Caption of the picture."));
        blocks.push(Block::paragraph("Following ".repeat(150)));
        blocks.push(figure("Second caption."));
        let pages = paginate_with(blocks, &[embedded_jpeg(1200, 900)]);
        let texts: Vec<String> = pages.iter().map(page_text).collect();
        let first_picture = pages
            .iter()
            .position(|page| !page.images.is_empty())
            .expect("the picture is placed");
        let caption = texts
            .iter()
            .position(|text| text.contains("Caption of the picture."))
            .expect("the caption is printed");
        assert_eq!(
            caption, first_picture,
            "{paragraphs}: caption with its picture"
        );
        let following = texts
            .iter()
            .position(|text| text.contains("Following"))
            .expect("the paragraph is printed");
        let last_filler = texts
            .iter()
            .rposition(|text| text.contains("word"))
            .expect("the filler is printed");
        if last_filler == first_picture {
            continue;
        }
        // The picture did not fit under the filler: the text after it fills that page (when
        // two of its lines fit there), and the picture takes the top of the next one.
        assert!(following <= first_picture, "{paragraphs}: text held back");
        if following == last_filler {
            floated += 1;
        }
        assert_eq!(
            first_picture,
            last_filler + 1,
            "{paragraphs}: the next page"
        );
        let placed = &pages[first_picture].images[0];
        let top = geometry.page_height - geometry.margin;
        assert!(
            (placed.y + placed.height - top).abs() < 0.01,
            "{paragraphs}: the figure tops its page"
        );
        // Figures keep their order: the second comes after the first.
        let second = texts
            .iter()
            .position(|text| text.contains("Second caption."))
            .expect("the second caption is printed");
        assert!(second >= first_picture);
        let pictures: usize = pages.iter().map(|page| page.images.len()).sum();
        assert_eq!(pictures, 2, "{paragraphs}: both pictures placed once");
    }
    assert!(
        floated > 3,
        "{floated} layouts let the text after the figure fill its page"
    );
}

// ----- XMP metadata -----

/// The text of an information dictionary entry.
fn info_text(doc: &lopdf::Document, key: &[u8]) -> String {
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .unwrap_or_else(|err| panic!("{err}"));
    let bytes = info
        .get(key)
        .and_then(lopdf::Object::as_str)
        .unwrap_or_else(|err| panic!("{err}"));
    lopdf::decode_text_string(&lopdf::Object::string_literal(bytes.to_vec()))
        .unwrap_or_else(|err| panic!("{err}"))
}

#[test]
fn xmp_metadata_says_what_the_information_dictionary_says() {
    let mut book = sample_book();
    book.articles[0].meta.description = Some("Notes on a machine & its loom.".into());
    let doc = load(&render(&book));
    let catalog = doc.catalog().unwrap_or_else(|err| panic!("{err}"));
    let stream = catalog
        .get(b"Metadata")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(lopdf::Object::as_stream)
        .unwrap_or_else(|err| panic!("no /Metadata stream: {err}"));
    assert_eq!(
        stream
            .dict
            .get(b"Subtype")
            .and_then(lopdf::Object::as_name)
            .ok(),
        Some(b"XML".as_slice())
    );
    assert!(!stream.dict.has(b"Filter"), "XMP is left readable");
    let xml = String::from_utf8(stream.content.clone()).unwrap_or_else(|err| panic!("{err}"));
    let tree = roxmltree::Document::parse(&xml).unwrap_or_else(|err| panic!("{err}"));
    let values = |namespace: &str, name: &str| -> Vec<String> {
        tree.descendants()
            .filter(|node| {
                node.tag_name().namespace() == Some(namespace) && node.tag_name().name() == name
            })
            .map(|node| {
                let items: Vec<String> = node
                    .descendants()
                    .filter(|n| n.tag_name().name() == "li")
                    .filter_map(|n| n.text().map(str::to_string))
                    .collect();
                if items.is_empty() {
                    node.text().unwrap_or_default().to_string()
                } else {
                    items.join("|")
                }
            })
            .collect()
    };
    const DC: &str = "http://purl.org/dc/elements/1.1/";
    const XMP: &str = "http://ns.adobe.com/xap/1.0/";
    assert_eq!(values(DC, "title"), [info_text(&doc, b"Title")]);
    assert_eq!(values(DC, "creator"), ["Ada Lovelace|Charles Babbage"]);
    assert_eq!(values(DC, "description"), [info_text(&doc, b"Subject")]);
    assert_eq!(
        values(DC, "description"),
        ["Notes on a machine & its loom."]
    );
    assert_eq!(values(DC, "language"), ["en"]);
    assert_eq!(values(DC, "subject"), ["Science"]);
    // D:20240517100000+00'00' and 2024-05-17T10:00:00Z name the same moment.
    let created = values(XMP, "CreateDate").concat();
    let digits: String = created.chars().filter(char::is_ascii_digit).collect();
    let info_digits: String = info_text(&doc, b"CreationDate")
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    assert_eq!(digits, info_digits, "{created}");
    assert!(created.ends_with('Z'), "{created}");
}

// ----- tables -----

fn table(rows: usize) -> Block {
    use crate::document::{Table, TableCell, TableRow};
    let cell = |text: String, header: bool| TableCell::inline(header, vec![Inline::text(text)]);
    let header = TableRow {
        cells: vec![
            cell("Harbour".into(), true),
            cell("Arrivals in the year".into(), true),
        ],
    };
    let body = (1..=rows).map(|n| TableRow {
        cells: vec![
            cell(format!("Port {n}"), false),
            cell(format!("{} ships and boats", n * 7), false),
        ],
    });
    Block::Table(Table {
        caption: vec![Inline::text("Ships by harbour.")],
        head: vec![header],
        body: body.collect(),
        ..Table::default()
    })
}

#[test]
fn long_tables_break_between_rows_and_repeat_their_header() {
    let pages = paginate_with(vec![table(120)], &[]);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let mut seen = Vec::new();
    for (number, page) in pages.iter().enumerate() {
        let lines: Vec<String> = page
            .lines
            .iter()
            .map(|line| line.line.runs.iter().map(|run| run.run.text()).collect())
            .collect();
        let first_row = lines
            .iter()
            .position(|line| line.starts_with("Port"))
            .expect("rows on every page");
        assert_eq!(
            lines[first_row - 1],
            "HarbourArrivals in the year",
            "page {}: the header sits right above the first row",
            number + 1
        );
        assert!(page.rules.len() >= 2, "rules above and below the header");
        for line in &page.lines {
            let cells: Vec<String> = line.line.runs.iter().map(|run| run.run.text()).collect();
            let Some(number) = cells.first().and_then(|cell| cell.strip_prefix("Port ")) else {
                continue;
            };
            let n: usize = number.parse().expect("a row number");
            assert_eq!(
                cells.get(1).map(String::as_str),
                Some(format!("{} ships and boats", n * 7).as_str()),
                "row {n} is whole"
            );
            seen.push(n);
        }
    }
    assert_eq!(
        seen,
        (1..=120).collect::<Vec<_>>(),
        "every row once, in order"
    );
}

#[test]
fn table_columns_take_the_width_of_their_content() {
    let pages = paginate_with(vec![table(3)], &[]);
    let geometry = layout::test_geometry();
    let row = pages[0]
        .lines
        .iter()
        .find(|line| line.line.runs[0].run.text().starts_with("Port"))
        .expect("a body row");
    let second_column = row.line.runs.get(1).expect("the second column").x;
    assert!(
        second_column < geometry.text_width() / 3.0,
        "a narrow first column, not an even split: second column at {second_column}"
    );
    let rule = &pages[0].rules.last().expect("a closing rule");
    assert!(
        rule.x1 - rule.x0 < geometry.text_width(),
        "the table is no wider than its content"
    );
}

#[test]
fn captions_line_up_with_their_picture() {
    let pages = paginate_with(
        vec![figure("Under the picture.")],
        &[embedded_jpeg(400, 300)],
    );
    let page = &pages[0];
    let placed = &page.images[0];
    let caption = page
        .lines
        .iter()
        .find(|line| {
            line.line
                .runs
                .iter()
                .any(|run| run.run.text().contains("Under"))
        })
        .expect("the caption");
    assert!(
        (caption.x - placed.x).abs() < 0.01,
        "caption starts where the picture does"
    );
    assert!(caption.baseline < placed.y, "caption below the picture");
}

/// Pages with every kind of drawing: pictures, rules, links, colours, several faces and sizes,
/// right-to-left text, shaped glyphs, raised marks and ligatures, over several pages with
/// their running headers and footers.
fn varied_pages() -> Vec<Page> {
    let shaped = Block::Paragraph {
        content: vec![
            Inline::text("Hebrew שלום עולם and Arabic كُتُبٌ لِلطُّلَّابِ with office affluence, "),
            Inline::Link {
                href: "https://example.org/shaped".into(),
                content: vec![Inline::text("a link to ffi ligatures")],
            },
            Inline::text(" and Devanagari नमस्ते दुनिया."),
        ],
    };
    let mut blocks = vec![
        figure("A caption under the picture."),
        mixed_paragraph(),
        meaning_paragraph(),
        shaped,
        Block::paragraph("كُتُبٌ لِلطُّلَّابِ في المكتبة الكبيرة، وهي فقرة عربية كاملة."),
        Block::Rule,
    ];
    for i in 0..40 {
        blocks.push(Block::paragraph(format!("{i}. {LATIN} {CYRILLIC} {GREEK}")));
    }
    blocks.push(sample_book().articles[0].blocks[6].clone());
    let mut pages = paginate_with(blocks, &[embedded_jpeg(640, 480)]);
    let furniture = [paginate::Furniture {
        title: "Pictures",
        source: Some("https://example.org/articles/engines"),
        language: None,
    }];
    paginate::add_furniture(
        &mut pages,
        &furniture,
        paginate::Furniture::default(),
        &layout::test_geometry(),
        style::print_style(),
        fonts::bundled_font_set(),
    );
    pages
}

/// A paragraph of raised, lowered, struck, underlined, highlighted and quoted text.
fn meaning_paragraph() -> Block {
    let text = |t: &str| Inline::text(t);
    Block::Paragraph {
        content: vec![
            text("The lake covers 4,200 km"),
            Inline::Superscript {
                content: vec![text("2")],
            },
            text(" of H"),
            Inline::Subscript {
                content: vec![text("2")],
            },
            text("O, once "),
            Inline::Deleted {
                content: vec![text("$499")],
            },
            text(" now "),
            Inline::Inserted {
                content: vec![text("$399")],
            },
            text(", "),
            Inline::Highlight {
                content: vec![text("a bargain")],
            },
            text(": "),
            Inline::Quoted {
                content: vec![text("cheap")],
            },
            text("."),
        ],
    }
}

/// The operators of a page's content and their number operands, in order.
fn operations(doc: &lopdf::Document, page: lopdf::ObjectId) -> Vec<(String, Vec<f32>)> {
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).expect("content");
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

#[test]
fn scripts_are_drawn_smaller_and_raised_and_struck_text_has_a_line_over_it() {
    let book = Book::single(article("Meaning", vec![meaning_paragraph()]));
    let doc = load(&render(&book));
    let page = *doc.get_pages().values().next().expect("a page");
    let ops = operations(&doc, page);
    let base = layout::test_geometry().base_size;
    // The size set before each rise: a superscript is raised, a subscript lowered, both in
    // a smaller size than the text.
    let mut size = 0.0;
    let mut rises = Vec::new();
    for (operator, numbers) in &ops {
        match (operator.as_str(), numbers.as_slice()) {
            ("Tf", [size_set]) => size = *size_set,
            ("Ts", [rise]) if *rise != 0.0 => rises.push((*rise, size)),
            _ => {}
        }
    }
    assert_eq!(rises.len(), 2, "{rises:?}");
    assert!(rises[0].0 > 0.0 && rises[1].0 < 0.0, "{rises:?}");
    assert!(
        rises.iter().all(|(_, size)| *size < base * 0.8),
        "{rises:?}"
    );
    // The highlight is drawn before the text, the lines through and under it after.
    let begin = ops.iter().position(|(op, _)| op == "BT").expect("text");
    let end = ops.iter().rposition(|(op, _)| op == "ET").expect("text");
    let strokes = |range: &[(String, Vec<f32>)]| range.iter().filter(|(op, _)| op == "S").count();
    let title_rule = 1;
    assert_eq!(strokes(&ops[..begin]), title_rule + 1, "the highlight");
    assert_eq!(strokes(&ops[end..]), 2, "line through and underline");
}

/// The bytes of a page's one content stream, as they are.
fn raw_content(doc: &lopdf::Document, page: lopdf::ObjectId) -> Vec<u8> {
    let streams = doc.get_page_contents(page);
    let [stream] = streams.as_slice() else {
        panic!("{} content streams", streams.len());
    };
    doc.get_object(*stream)
        .and_then(lopdf::Object::as_stream)
        .map(|stream| stream.content.clone())
        .expect("a stream")
}

/// A printpdf page of the test geometry with `ops`.
fn pdf_page(ops: Vec<printpdf::Op>) -> PdfPage {
    let geometry = layout::test_geometry();
    let size = Rect::from_wh(Pt(geometry.page_width), Pt(geometry.page_height));
    PdfPage {
        media_box: size.clone(),
        trim_box: size.clone(),
        crop_box: size,
        ops,
    }
}

#[test]
fn page_content_is_what_printpdf_writes_for_the_same_drawing() {
    let fonts = fonts::bundled_font_set();
    let pages = varied_pages();
    assert!(pages.len() >= 3, "{} pages", pages.len());

    let new_document = || {
        let mut doc = PdfDocument::new("Pictures");
        let created = chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("a time");
        doc.metadata.info = document_info(&sample_book(), created).expect("information");
        doc
    };
    // printpdf draws the pages itself.
    let mut doc = new_document();
    let ids = draw::register_fonts(&mut doc, &pages, fonts);
    let pdf_pages = pages
        .iter()
        .map(|page| {
            let mut ops = draw::printpdf_operations(page, &ids);
            ops.extend(draw::link_annotations(page));
            pdf_page(ops)
        })
        .collect();
    doc.with_pages(pdf_pages);
    let theirs = to_lopdf(doc);

    // printpdf writes the rest, and the content is written here.
    let mut doc = new_document();
    let ids = draw::register_fonts(&mut doc, &pages, fonts);
    let usage = draw::GlyphUsage::of_pages(&pages, &ids, fonts);
    let pdf_pages = pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            let mut ops = if index == 0 {
                usage.operations()
            } else {
                Vec::new()
            };
            ops.extend(draw::link_annotations(page));
            pdf_page(ops)
        })
        .collect();
    doc.with_pages(pdf_pages);
    let mut ours = to_lopdf(doc);
    let encodings = draw::Encodings::read(&ours, &usage, &ids, fonts).expect("codes");
    let their_pages: Vec<lopdf::ObjectId> = theirs.get_pages().into_values().collect();
    let our_pages: Vec<lopdf::ObjectId> = ours.get_pages().into_values().collect();
    for (number, page) in pages.iter().enumerate() {
        let content = draw::page_content(page, &ids, &encodings);
        let expected = raw_content(&theirs, their_pages[number]);
        let first_difference = content.iter().zip(&expected).position(|(a, b)| a != b);
        assert!(
            content == expected,
            "page {number}: {} bytes, printpdf {}, first difference at {first_difference:?}:\n{}",
            content.len(),
            expected.len(),
            String::from_utf8_lossy(&content[first_difference.unwrap_or(0).saturating_sub(200)..])
        );
        finish::set_page_content(&mut ours, our_pages[number], content).expect("a page");
    }
    // Everything else, fonts and their subsets included, is what printpdf made of its own
    // drawing too.
    let mut theirs = theirs;
    finish::compress(&mut theirs).expect("compresses");
    finish::compress(&mut ours).expect("compresses");
    assert_eq!(ours.objects.len(), theirs.objects.len());
    for (id, object) in &theirs.objects {
        assert!(
            ours.objects.get(id) == Some(object),
            "object {id:?} differs: {:?}\n{:?}",
            ours.objects.get(id),
            object
        );
    }
}

/// The text of every line of an article's flow, in order.
fn flow_text(doc: &Document) -> String {
    let flow = layout::article_flow(
        doc,
        fonts::bundled_font_set(),
        style::print_style(),
        &layout::test_geometry(),
    );
    flow.iter()
        .filter_map(|item| match item {
            layout::Flow::Line(line) => Some(
                line.line
                    .runs
                    .iter()
                    .map(|run| run.run.text())
                    .collect::<String>(),
            ),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_picture_credit_follows_the_first_caption_else_closes_the_article() {
    let credited = |blocks: Vec<Block>| {
        let mut doc = article("Pictures", blocks);
        doc.meta.image_credit = Some("Photo: Example Wire / Jane Roe".into());
        flow_text(&doc)
    };
    let text = credited(vec![
        figure("The engine."),
        Block::paragraph(LATIN),
        figure("The loom."),
    ]);
    let (caption, credit) = (
        text.find("The engine.").unwrap(),
        text.find("Photo:").unwrap(),
    );
    assert!(
        caption < credit && credit < text.find("analytical").unwrap(),
        "{text}"
    );
    assert_eq!(text.matches("Photo:").count(), 1, "{text}");
    let text = credited(vec![Block::paragraph(LATIN)]);
    assert!(text.ends_with("Photo: Example Wire / Jane Roe"), "{text}");
}
