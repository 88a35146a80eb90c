//! Hostile inputs: pages built to break a converter (deep nesting, huge sizes, entity bombs,
//! picture bombs, control characters, script injection, titles that try to escape the output
//! folder) and interruptions in the middle of a run. Each test states what the user gets:
//! a clean book, or a one-line refusal, and never a crash, a hang or a half-written file.
//!
//! Big inputs are generated here, never committed. Inputs that earlier made the library panic
//! live in `tests/fixtures/fuzz-regressions/` and are run through the whole pipeline.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use cleancopy::backend::{
    epub::EpubBackend, json::JsonBackend, pdf::PdfBackend, text::TextBackend, Backend,
    RenderContext,
};
use cleancopy::document::{Book, Document};
use cleancopy::source::{Format, SourceText};
use common::*;

/// A paragraph long enough to count as an article on its own.
const PROSE: &str = "The harbour board met again on Tuesday to talk about the sea wall, the \
    winter storms and the cost of repairs, and the fishermen who came to listen stayed until \
    the last question was answered late in the evening.";

/// Normalizes `page` as an HTML page named `hostile.html`.
fn normalize_html(page: &str) -> Result<Document, cleancopy::normalize::NormalizeError> {
    cleancopy::normalize::normalize(&SourceText {
        name: "hostile.html".into(),
        text: page.into(),
        format: Format::Html,
        url: Some("https://example.org/news/story.html".into()),
    })
}

/// Renders `doc` with every backend and checks what each promises: every EPUB page is
/// well-formed XML, the PDF is a PDF, the text and the JSON are UTF-8 without NUL bytes.
fn render_everywhere(doc: Document) -> RenderedAll {
    let book = Book::single(doc);
    let context = RenderContext::new(&book);
    let epub = EpubBackend::default().render(&context).expect("EPUB").bytes;
    let pdf = PdfBackend::default().render(&context).expect("PDF").bytes;
    let text = TextBackend::default().render(&context).expect("text").bytes;
    let json = JsonBackend.render(&context).expect("JSON").bytes;
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    let text = String::from_utf8(text).expect("text is UTF-8");
    let json = String::from_utf8(json).expect("JSON is UTF-8");
    serde_json::from_str::<serde_json::Value>(&json).expect("JSON parses");
    assert!(!text.contains('\0') && !json.contains('\0'));
    let pages = epub_xml_files(&epub);
    RenderedAll {
        pages,
        pdf,
        text,
        json,
    }
}

/// Everything one article becomes.
struct RenderedAll {
    /// Every XHTML, OPF and NCX file of the EPUB, by name.
    pages: Vec<(String, String)>,
    pdf: Vec<u8>,
    text: String,
    json: String,
}

/// The XML files of an EPUB (XHTML pages, package document, NCX), each checked to be
/// well-formed.
fn epub_xml_files(epub: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("EPUB is a ZIP");
    let mut pages = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let name = file.name().to_string();
        if [".xhtml", ".opf", ".ncx"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            let mut xml = String::new();
            file.read_to_string(&mut xml).expect("UTF-8 page");
            let parsed = roxmltree::Document::parse_with_options(
                &xml,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                },
            );
            if let Err(err) = parsed {
                panic!("{name} is not well-formed XML: {err}");
            }
            pages.push((name, xml));
        }
    }
    pages
}

/// The names of the files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `cleancopy epub INPUT -o DIR/out.epub` and returns the exit code and standard error.
fn epub_of(input: &Path, dir: &Path) -> (Option<i32>, String) {
    let out = cleancopy()
        .arg("epub")
        .arg(input)
        .arg("-o")
        .arg(dir.join("out.epub"))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ---------------------------------------------------------------------------------------------
// Inputs that are not articles

#[test]
fn a_page_of_share_widgets_is_no_article_and_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("widgets.html");
    std::fs::write(
        &page,
        "<html><head><title>Share</title></head><body><div class='share-buttons'>\
         <a href='https://twitter.com/share'>Tweet</a> <a href='https://facebook.com/sharer'>Share</a>\
         <a href='mailto:?subject=x'>Email</a> <button>Print</button></div>\
         <div class='social'>Follow us on Twitter, Facebook and Instagram</div></body></html>",
    )
    .unwrap();
    let (code, stderr) = epub_of(&page, dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("no article content found"), "{stderr}");
    assert_eq!(files_in(dir.path()), ["widgets.html"]);
}

#[test]
fn a_png_named_html_and_nul_bytes_up_front_are_refused_as_binary() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("photo.html");
    std::fs::write(&png, minimal_png(64, 64)).unwrap();
    let (code, stderr) = epub_of(&png, dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("not a text or HTML file (PNG image)"),
        "{stderr}"
    );

    let nul = dir.path().join("nul.html");
    std::fs::write(
        &nul,
        format!("<html>\0\0\0<body><p>{PROSE}</p></body></html>"),
    )
    .unwrap();
    let (code, stderr) = epub_of(&nul, dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("binary data"), "{stderr}");
    assert_eq!(files_in(dir.path()), ["nul.html", "photo.html"]);
}

#[test]
fn a_page_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.html");
    // 200 MB that take no disk space: the size is refused from the file's metadata.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(200 * 1024 * 1024).unwrap();
    drop(file);
    let (code, stderr) = epub_of(&path, dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("huge.html: larger than the 67108864-byte input limit"),
        "{stderr}"
    );
    assert_eq!(files_in(dir.path()), ["huge.html"]);
}

#[test]
fn standard_input_over_the_size_limit_is_refused_without_reading_it_all() {
    let out = cleancopy()
        .args(["text", "--max-bytes", "1M", "-"])
        .write_stdin(format!("<p>{PROSE}</p>\n").repeat(20_000))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("larger than the 1048576-byte input limit"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Encodings and characters

#[test]
fn invalid_utf8_and_mixed_encodings_still_make_a_readable_book() {
    let mut page = format!("<html><head><meta charset='utf-8'><title>Caf\u{e9} notes</title></head><body><article><p>{PROSE}</p><p>Na\u{ef}ve caf\u{e9} owners ").into_bytes();
    // Latin-1 bytes, a lone continuation byte and a truncated sequence inside a UTF-8 page.
    page.extend_from_slice(b"in M\xfcnchen \x80 and \xe2\x82 ");
    page.extend_from_slice(format!("agreed.</p><p>{PROSE}</p></article></body></html>").as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.html");
    std::fs::write(&path, &page).unwrap();
    let out = cleancopy().arg("text").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8 text");
    assert!(text.contains("Naïve café owners in M"), "{text}");
    assert!(text.contains("agreed."), "{text}");

    let doc = cleancopy::normalize::normalize(&SourceText {
        name: "mixed.html".into(),
        text: cleancopy::source::decode(&page, Format::Html),
        format: Format::Html,
        url: None,
    })
    .unwrap();
    render_everywhere(doc);
}

#[test]
fn control_zero_width_and_bidi_characters_never_break_a_book() {
    let hostile = "A\u{0}B\u{1}C\u{8}D\u{b}E\u{1b}F\u{7f}G\u{200b}H\u{200d}I\u{202e}J\u{2066}K\u{feff}L\u{fffe}M\u{ffff}N";
    let page = format!(
        "<html><head><title>Title {hostile}</title><meta name='author' content='{hostile}'></head>\
         <body><article><h1>Title {hostile}</h1><p>{PROSE} {hostile}</p>\
         <p><a href='https://example.org/{hostile}'>link {hostile}</a> <img src='x.png' alt='{hostile}'>\
         {PROSE}</p><table><caption>{hostile}</caption><tr><td>{hostile}</td></tr></table></article></body></html>"
    );
    let doc = normalize_html(&page).unwrap();
    let all = render_everywhere(doc);
    let chapter = all
        .pages
        .iter()
        .map(|(_, xml)| xml.as_str())
        .collect::<String>();
    // Bidi and zero-width characters are text (they matter in Arabic, Hebrew, emoji); XML's
    // forbidden characters are gone.
    assert!(
        chapter.contains("G\u{200b}H\u{200d}I\u{202e}J\u{2066}K"),
        "{chapter}"
    );
    for forbidden in [
        '\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{1b}', '\u{fffe}', '\u{ffff}',
    ] {
        assert!(!chapter.contains(forbidden), "{forbidden:?} in the EPUB");
    }
    assert!(all.text.contains(PROSE));
}

#[test]
fn nul_bytes_deep_in_a_page_never_reach_an_output() {
    let page = format!(
        // Past the first 8 KB, which are sniffed for binary data.
        "<html><head><!-- {} --><title>Nul\0 story</title></head><body><article><p>Before\0after {PROSE}</p></article></body></html>",
        "x ".repeat(5000)
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nul.html");
    std::fs::write(&path, &page).unwrap();
    for format in ["text", "json"] {
        let out = cleancopy().arg(format).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert!(!out.stdout.contains(&0), "NUL byte in the {format} output");
    }
    let doc = normalize_html(&page).unwrap();
    let all = render_everywhere(doc);
    assert!(all.pages.iter().all(|(_, xml)| !xml.contains('\0')));
}

// ---------------------------------------------------------------------------------------------
// Size and depth

#[test]
fn a_hundred_thousand_nested_divs_do_not_overflow_the_stack() {
    let depth = 100_000;
    let page = format!(
        "<html><body>{}<p>{PROSE}</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let doc = normalize_html(&page).unwrap();
    assert!(doc.word_count() >= 30);
    let all = render_everywhere(doc);
    assert!(all.text.contains("the last question was answered"));
}

#[test]
fn a_hundred_thousand_nested_inline_tags_do_not_overflow_the_stack() {
    let depth = 100_000;
    let tags = [
        "span",
        "em",
        "a href='https://example.org/'",
        "strong",
        "sup",
    ];
    let mut page = format!("<html><body><article><p>{PROSE}</p><p>");
    for i in 0..depth {
        page.push_str(&format!("<{}>", tags[i % tags.len()]));
        // A word now and then: the nesting is the test, not the length.
        if i % 100 == 0 {
            page.push_str(&format!("w{i} "));
        }
    }
    page.push_str("</p></article></body></html>");
    let doc = normalize_html(&page).unwrap();
    let all = render_everywhere(doc);
    assert!(all.text.contains("the last question was answered"));
    assert!(all.text.contains("w0 "), "the start of the nest is lost");
    assert!(all.text.contains("w99900"), "the end of the nest is lost");
}

/// Takes about 20 s in a debug build: run by `scripts/hostile-big.sh` (release), not by
/// `cargo test`.
#[test]
#[ignore]
fn a_page_of_a_hundred_thousand_paragraphs_converts() {
    let mut page = String::from("<html><head><title>Long</title></head><body><article>");
    for i in 0..100_000 {
        page.push_str(&format!("<p>Paragraph {i} of the long report.</p>"));
    }
    page.push_str("</article></body></html>");
    let doc = normalize_html(&page).unwrap();
    assert!(doc.word_count() >= 500_000, "{}", doc.word_count());
    let book = Book::single(doc);
    let epub = EpubBackend::default()
        .render(&RenderContext::new(&book))
        .unwrap()
        .bytes;
    let text = epub_text(&epub);
    assert!(text.contains("Paragraph 0 of") && text.contains("Paragraph 99999 of"));
}

#[test]
fn entity_blow_up_is_plain_text_and_stays_small() {
    // HTML has no user-defined entities: a DTD is a bogus comment, `&lol9;` stays text.
    let page = format!(
        "<!DOCTYPE html [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\
         <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">]>\
         <html><body><article><p>{PROSE} &lol2; &lol9; &amp;lol2;</p></article></body></html>"
    );
    let doc = normalize_html(&page).unwrap();
    let all = render_everywhere(doc);
    assert!(all.text.contains("&lol2; &lol9; &lol2;"), "{}", all.text);
    assert!(
        all.text.len() < 2_000,
        "the text grew to {} bytes",
        all.text.len()
    );
    assert!(!all.text.contains("lollol"));
}

#[cfg(feature = "feeds")]
#[test]
fn entity_blow_up_in_a_feed_is_refused_or_stays_small() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.xml");
    let mut entities = String::from("<!ENTITY lol0 \"lol\">");
    for i in 1..10 {
        let previous = format!("&lol{};", i - 1).repeat(10);
        entities.push_str(&format!("<!ENTITY lol{i} \"{previous}\">"));
    }
    std::fs::write(
        &feed,
        format!(
            "<?xml version=\"1.0\"?><!DOCTYPE rss [{entities}]><rss version=\"2.0\"><channel>\
             <title>&lol9;</title><link>https://example.org/</link><description>x</description>\
             <item><title>&lol9;</title><link>https://example.org/a</link>\
             <description>&lol9;</description></item></channel></rss>"
        ),
    )
    .unwrap();
    let out = cleancopy()
        .args(["json", "--offline", "--feed"])
        .arg(&feed)
        .output()
        .unwrap();
    // Either refused (the feed's article is a web address and the run is offline) or read;
    // never billions of "lol"s.
    assert!(out.stdout.len() < 100_000 && out.stderr.len() < 100_000);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("lollollol"));
}

#[test]
fn a_picture_fifty_thousand_pixels_wide_is_left_out_by_the_pixel_limit() {
    let dir = tempfile::tempdir().unwrap();
    // A PNG header announcing 50,000 × 50,000 pixels (10 GB decoded) in a few dozen bytes.
    std::fs::write(dir.path().join("bomb.png"), minimal_png(50_000, 50_000)).unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        format!(
            "<html><head><title>Bomb</title></head><body><article><p>{PROSE}</p>\
             <figure><img src='bomb.png' alt='A wide picture'><figcaption>Caption kept</figcaption></figure>\
             <p>{PROSE}</p></article></body></html>"
        ),
    )
    .unwrap();
    let (code, stderr) = epub_of(&page, dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("bomb.png left out") && stderr.contains("limit"),
        "{stderr}"
    );
    let epub = std::fs::read(dir.path().join("out.epub")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&epub)).unwrap();
    let images: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().to_string())
        .filter(|name| name.contains("images/img-"))
        .collect();
    assert!(images.is_empty(), "{images:?}");
    assert!(epub_text(&epub).contains("Caption kept"));
}

/// A PNG of `width` × `height` whose pixel data is a single empty IDAT chunk: enough for a
/// decoder to read the size.
fn minimal_png(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    push_chunk(&mut png, b"IHDR", &ihdr);
    push_chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    push_chunk(&mut png, b"IEND", &[]);
    png
}

fn push_chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(&crc.sum().to_be_bytes());
}

// ---------------------------------------------------------------------------------------------
// File names

#[test]
fn a_ten_thousand_character_title_makes_a_short_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let long_words = "Harbour ".repeat(1_250);
    let one_word = "é".repeat(10_000);
    for (file, title) in [("words.html", long_words), ("word.html", one_word)] {
        std::fs::write(
            dir.path().join(file),
            format!("<html><head><title>{title}</title></head><body><article><p>{PROSE}</p></article></body></html>"),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    cleancopy()
        .args(["epub", "--split", "--no-images", "-q", "-o"])
        .arg(&out)
        .arg(dir.path().join("words.html"))
        .arg(dir.path().join("word.html"))
        .assert()
        .success();
    let names = files_in(&out);
    assert_eq!(names.len(), 2, "{names:?}");
    for name in &names {
        assert!(name.len() < 255, "{} bytes: {name}", name.len());
        assert!(
            name.ends_with(".epub") && name.len() > ".epub".len() + 10,
            "{name}"
        );
    }
}

#[test]
fn titles_never_make_a_file_outside_the_folder_or_a_reserved_or_hidden_name() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let titles = [
        "../../escape",
        "/etc/passwd",
        "..",
        ".hidden",
        "CON",
        "nul",
        "COM1",
        "a\\..\\..\\b",
        "C:\\Windows\\evil",
        "\u{202e}fdp.exe",
        "~",
    ];
    let mut paths = Vec::new();
    for (i, title) in titles.iter().enumerate() {
        let path = inputs.join(format!("{i}.html"));
        let title = html_escape::encode_text(title);
        std::fs::write(
            &path,
            format!("<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{PROSE}</p></article></body></html>"),
        )
        .unwrap();
        paths.push(path);
    }
    let out = dir.path().join("out");
    cleancopy()
        .args(["epub", "--split", "--no-images", "-q", "-o"])
        .arg(&out)
        .args(&paths)
        .assert()
        .success();
    let names = files_in(&out);
    assert_eq!(names.len(), titles.len(), "{names:?}");
    let reserved = ["con", "prn", "aux", "nul", "com1", "lpt1"];
    for name in &names {
        let stem = name.trim_end_matches(".epub");
        assert!(
            !name.starts_with('.') && !name.contains(['/', '\\', ':', '\u{202e}']),
            "{name}"
        );
        assert!(!reserved.contains(&stem), "reserved name {name}");
    }
    // Nothing was written beside the output folder or the inputs.
    assert_eq!(files_in(dir.path()), ["in", "out"]);
    assert_eq!(files_in(&inputs).len(), titles.len());
}

// ---------------------------------------------------------------------------------------------
// Scripts and other active content

#[test]
fn no_script_handler_javascript_url_form_or_iframe_reaches_any_output() {
    let page = std::fs::read_to_string(fixture("hostile/active-content.html")).unwrap();
    let doc = normalize_html(&page).unwrap();
    let all = render_everywhere(doc);
    assert!(all.text.contains("The tide tables"), "the article is lost");
    // A script link keeps its words and loses its address.
    assert!(
        all.text.contains("the spring of the great flood, when"),
        "{}",
        all.text
    );
    let epub = all
        .pages
        .iter()
        .map(|(_, x)| x.as_str())
        .collect::<String>();
    // The page's <title> is text ("… <script>alert('title')</script>"): it may be shown,
    // escaped, but no script, handler, form or frame of the page may pass.
    let outputs = [
        ("EPUB", epub.clone()),
        ("text", all.text.clone()),
        ("JSON", all.json.clone()),
    ];
    for (format, output) in &outputs {
        let lower = output.to_lowercase();
        for needle in [
            "alert('body')",
            "alert('article')",
            "alert('h1')",
            "alert('link')",
            "alert('js')",
            "alert('mixed')",
            "alert('tab')",
            "alert('img')",
            "alert('inline')",
            "alert('frame')",
            "alert('go')",
            "alert('svg",
            "alert('math')",
            "alert('css')",
            "alert('template')",
            "alert(1)",
            "alert(2)",
            "msgbox",
            "document.cookie",
            "hunter2",
            "onerror",
            "onclick",
            "onload",
            "onmouseover",
            "javascript:",
            "vbscript:",
            "data:text/html",
            "evil.example",
            "expression(",
        ] {
            assert!(!lower.contains(needle), "{needle} in the {format} output");
        }
    }
    for (name, xml) in &all.pages {
        let parsed = roxmltree::Document::parse_with_options(
            xml,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap();
        for node in parsed.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name().name();
            assert!(
                !["script", "form", "input", "button", "iframe", "object", "embed", "svg", "math"]
                    .contains(&tag),
                "<{tag}> in {name}"
            );
            for attribute in node.attributes() {
                assert!(
                    !attribute.name().starts_with("on") && attribute.name() != "style",
                    "{} on <{tag}> in {name}",
                    attribute.name()
                );
            }
        }
    }
    let uris = pdf_link_addresses(&all.pdf);
    assert!(
        uris.contains(&"https://example.org/tides".to_string()),
        "{uris:?}"
    );
    for uri in &uris {
        assert!(
            uri.starts_with("https://") || uri.starts_with("http://"),
            "{uri}"
        );
    }
    let raw_pdf = String::from_utf8_lossy(&all.pdf).to_lowercase();
    assert!(!raw_pdf.contains("/javascript") && !raw_pdf.contains("/js "));
}

/// The addresses of the PDF's link actions (`/URI` entries, wherever they are written).
fn pdf_link_addresses(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    let mut uris = Vec::new();
    for object in doc.objects.values() {
        collect_uris(object, &mut uris);
    }
    uris
}

fn collect_uris(object: &lopdf::Object, uris: &mut Vec<String>) {
    match object {
        lopdf::Object::Dictionary(dict) => {
            for (key, value) in dict.iter() {
                if key == b"URI" {
                    if let Ok(uri) = value.as_str() {
                        uris.push(String::from_utf8_lossy(uri).into_owned());
                    }
                }
                collect_uris(value, uris);
            }
        }
        lopdf::Object::Array(items) => items.iter().for_each(|item| collect_uris(item, uris)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Interruptions

#[cfg(unix)]
#[test]
fn an_interrupted_batch_leaves_only_complete_books() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let mut paths = Vec::new();
    for i in 0..400 {
        let path = inputs.join(format!("{i}.txt"));
        std::fs::write(&path, format!("Report number {i}\n\n{}\n", PROSE.repeat(4))).unwrap();
        paths.push(path);
    }
    let out = dir.path().join("out");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cleancopy"))
        .args(["epub", "--split", "--no-images", "-q", "-o"])
        .arg(&out)
        .args(&paths)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Interrupt once the first books are on disk, in the middle of writing the others.
    while child.try_wait().unwrap().is_none() && count_files(&out) < 3 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let names = files_in(&out);
    assert!(!names.is_empty());
    if names.len() < paths.len() {
        assert_eq!(status.code(), Some(130), "an interrupted run reports it");
    }
    for name in &names {
        assert!(name.ends_with(".epub"), "partial file left: {name}");
        let bytes = std::fs::read(out.join(name)).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .unwrap_or_else(|err| panic!("{name} is truncated: {err}"));
        assert!(archive.by_name("mimetype").is_ok(), "{name} is not a book");
    }
}

#[test]
fn a_split_batch_never_replaces_an_existing_book_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("second-report.epub"), "precious").unwrap();
    let mut inputs = Vec::new();
    for (i, title) in ["First report", "Second report"].iter().enumerate() {
        let path = dir.path().join(format!("{i}.txt"));
        std::fs::write(&path, format!("{title}\n\n{PROSE}\n")).unwrap();
        inputs.push(path);
    }
    let run = |force: bool| {
        let mut cmd = cleancopy();
        cmd.args(["epub", "--split", "--no-images", "-q", "-o"])
            .arg(&out)
            .args(&inputs);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let refused = run(false);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("second-report.epub: already exists (use --force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(out.join("second-report.epub")).unwrap(),
        b"precious"
    );
    assert!(files_in(&out).iter().all(|name| !name.ends_with(".part")));

    assert_eq!(run(true).status.code(), Some(0));
    assert!(std::fs::read(out.join("second-report.epub"))
        .unwrap()
        .starts_with(b"PK"));
}

#[cfg(unix)]
fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Hostile drawings

/// SVG pictures that would take minutes and gigabytes to draw (`tests/fixtures/hostile/`): a
/// blur over a shape a hundred times the picture, a filter region 21 times its shape, fifty
/// blurred shapes, a hundred thousand translucent squares made by `<use>`, groups nested a
/// thousand deep.
#[cfg(feature = "svg")]
const HOSTILE_DRAWINGS: [&str; 5] = [
    "huge-blur.svg",
    "huge-filter-region.svg",
    "many-filtered-shapes.svg",
    "many-elements.svg",
    "deep-nesting.svg",
];

#[cfg(feature = "svg")]
#[test]
fn drawings_over_the_limits_are_left_out_with_a_warning_and_the_book_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let mut figures = String::new();
    for name in HOSTILE_DRAWINGS {
        std::fs::copy(fixture("hostile").join(name), dir.path().join(name)).unwrap();
        figures.push_str(&format!(
            "<figure><img src='{name}' alt='A drawing'><figcaption>Caption of {name}</figcaption></figure><p>{PROSE}</p>"
        ));
    }
    std::fs::write(
        dir.path().join("fine.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='100'>\
         <filter id='s'><feDropShadow dx='2' dy='2' stdDeviation='2'/></filter>\
         <rect x='20' y='20' width='160' height='60' fill='#36c' filter='url(#s)'/></svg>",
    )
    .unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        format!(
            "<html><head><title>Drawings</title></head><body><article><p>{PROSE}</p>{figures}\
             <figure><img src='fine.svg' alt='A chart'><figcaption>A chart</figcaption></figure>\
             <p>{PROSE}</p></article></body></html>"
        ),
    )
    .unwrap();
    // Drawn, these pictures take minutes each; refused, they take milliseconds. The bound is
    // generous for slow debug builds.
    let out = cleancopy()
        .arg("epub")
        .arg(&page)
        .arg("-o")
        .arg(dir.path().join("out.epub"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    for name in HOSTILE_DRAWINGS {
        let warning = stderr
            .lines()
            .find(|line| line.contains(&format!("{name} left out")))
            .unwrap_or_else(|| panic!("no warning for {name}: {stderr}"));
        assert!(
            warning.contains("over a drawing limit") && warning.contains("limit"),
            "{warning}"
        );
    }
    assert!(!stderr.contains("fine.svg"), "{stderr}");
    let epub_path = dir.path().join("out.epub");
    let epub = std::fs::read(&epub_path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&epub)).unwrap();
    let images: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().to_string())
        .filter(|name| name.contains("images/img-"))
        .collect();
    assert_eq!(
        images,
        ["OEBPS/images/img-001.png"],
        "only the chart is drawn"
    );
    let text = epub_text(&epub);
    for name in HOSTILE_DRAWINGS {
        assert!(text.contains(&format!("Caption of {name}")), "{name}");
    }
    assert_epubcheck_clean(&epub_path);
}

// ---------------------------------------------------------------------------------------------
// Fuzz regressions

/// A drawing on which the SVG library itself panics (found by fuzzing) costs the book only
/// that picture: the run goes on, says so in one warning line, and makes the book.
#[cfg(feature = "svg")]
#[test]
fn a_drawing_that_breaks_the_svg_library_is_left_out_and_the_book_is_made() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("fuzz-regressions/pictures/svg-filter-region-that-panics-the-svg-library.svg"),
        dir.path().join("glow.svg"),
    )
    .unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        format!(
            "<html><head><title>Glow</title></head><body><article><p>{PROSE}</p>\
             <figure><img src='glow.svg' alt='A glow'><figcaption>The glow</figcaption></figure>\
             <p>{PROSE}</p></article></body></html>"
        ),
    )
    .unwrap();
    let out = cleancopy()
        .arg("epub")
        .arg(&page)
        .arg("-o")
        .arg(dir.path().join("out.epub"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|line| line.contains("glow.svg left out") && line.contains("SVG library failed")),
        "{stderr}"
    );
    assert!(dir.path().join("out.epub").is_file());
}

#[test]
fn inputs_that_once_crashed_the_pipeline_now_convert_or_fail_cleanly() {
    let folder = fixture("fuzz-regressions");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "bin"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    for input in inputs {
        let bytes = std::fs::read(&input).unwrap();
        for format in [Format::Html, Format::Text] {
            let source = SourceText {
                name: input.display().to_string(),
                text: cleancopy::source::decode(&bytes, format),
                format,
                url: Some("https://example.org/news/story".into()),
            };
            if let Ok(doc) = cleancopy::normalize::normalize(&source) {
                render_everywhere(doc);
            }
        }
    }
}
