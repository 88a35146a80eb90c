//! Book options through the binary: who the book is credited to (`--author`), its cover
//! (`--cover`, `--no-cover`), its contents (`--toc`, `--no-toc`, `--toc-depth`), the `html`
//! and `md` commands, and `-v` listing what the article lost.

mod common;

use common::{cleancopy, entry_text, epub_entries, fixture, pdf_text};

/// The article of these tests: credited to Ingrid Halvorsen, with headings, a table and a note.
const ARTICLE: &str = "book-options.html";

#[test]
fn author_replaces_the_pages_authors_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let epub = dir.path().join("book.epub");
    cleancopy()
        .args([
            "epub",
            "--author",
            "Ann Example",
            "--author",
            "Bo Other",
            "-o",
        ])
        .arg(&epub)
        .arg(fixture(ARTICLE))
        .assert()
        .success();
    let entries = epub_entries(&std::fs::read(&epub).unwrap());
    let opf = entry_text(&entries, "OEBPS/content.opf");
    assert!(opf.contains(">Ann Example</dc:creator>"), "{opf}");
    assert!(opf.contains(">Bo Other</dc:creator>"), "{opf}");
    assert!(!opf.contains("Halvorsen"), "{opf}");

    let json = cleancopy()
        .args(["json", "--author", "Ann Example"])
        .arg(fixture(ARTICLE))
        .output()
        .unwrap();
    let record: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(record["authors"], serde_json::json!(["Ann Example"]));

    let pdf = dir.path().join("book.pdf");
    cleancopy()
        .args(["pdf", "--author", "Ann Example", "-o"])
        .arg(&pdf)
        .arg(fixture(ARTICLE))
        .assert()
        .success();
    if let Some(text) = pdf_text(&pdf) {
        assert!(text.contains("Ann Example"), "{text}");
        assert!(!text.contains("Halvorsen"), "{text}");
    }
    let bytes = std::fs::read(&pdf).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        !raw.contains("Halvorsen"),
        "the PDF's metadata names the page's author"
    );
}

/// A photo-like PNG of `width` × `height`.
fn photo_png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 90])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// Makes an EPUB of the article with `options` (checked by EPUBCheck when `check`); its
/// entries.
fn epub_with(options: &[&str], check: bool) -> std::collections::HashMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let epub = dir.path().join("book.epub");
    cleancopy()
        .arg("epub")
        .args(options)
        .arg("-o")
        .arg(&epub)
        .arg(fixture(ARTICLE))
        .assert()
        .success();
    if check {
        common::assert_epubcheck_clean(&epub);
    }
    epub_entries(&std::fs::read(&epub).unwrap())
}

/// The book's cover picture (`images/cover.png` or `.jpg`), decoded.
fn cover_of(entries: &std::collections::HashMap<String, Vec<u8>>) -> image::DynamicImage {
    let (_, bytes) = entries
        .iter()
        .find(|(name, _)| name.starts_with("OEBPS/images/cover."))
        .unwrap_or_else(|| panic!("no cover picture in {:?}", entries.keys()));
    image::load_from_memory(bytes).unwrap()
}

#[test]
fn cover_makes_a_picture_file_the_cover_even_without_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("my cover.png");
    std::fs::write(&picture, photo_png(600, 900)).unwrap();
    let picture = picture.to_str().unwrap();
    for (options, check) in [
        (vec!["--cover", picture], true),
        (vec!["--cover", picture, "--no-images"], false),
    ] {
        let entries = epub_with(&options, check);
        let opf = entry_text(&entries, "OEBPS/content.opf");
        assert!(opf.contains("properties=\"cover-image\""), "{opf}");
        let cover = cover_of(&entries);
        assert_eq!((cover.width(), cover.height()), (600, 900), "{options:?}");
        assert!(entry_text(&entries, "OEBPS/cover.xhtml").contains("images/cover."));
    }
    // Scaled as the book's pictures are.
    let entries = epub_with(&["--cover", picture, "--max-image-size", "300"], false);
    let cover = cover_of(&entries);
    assert_eq!((cover.width(), cover.height()), (200, 300));
}

#[test]
fn a_cover_that_is_not_a_picture_stops_the_run_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_picture = dir.path().join("cover.png");
    std::fs::write(&not_a_picture, "hello").unwrap();
    let out = dir.path().join("book.epub");
    let assert = cleancopy()
        .args(["epub", "--cover"])
        .arg(&not_a_picture)
        .arg("-o")
        .arg(&out)
        .arg(fixture(ARTICLE))
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("--cover") && stderr.contains("cover.png"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(!out.exists());
}

#[test]
fn no_cover_leaves_the_cover_out_but_keeps_the_book_as_it_is() {
    let with = epub_with(&[], false);
    assert!(
        with.contains_key("OEBPS/cover.xhtml"),
        "the article's book has a drawn cover"
    );
    let without = epub_with(&["--no-cover"], true);
    assert!(!without.contains_key("OEBPS/cover.xhtml"));
    assert!(
        !without.keys().any(|name| name.contains("cover")),
        "{:?}",
        without.keys()
    );
    let opf = entry_text(&without, "OEBPS/content.opf");
    assert!(!opf.contains("cover"), "{opf}");
    assert!(without.contains_key("OEBPS/article-1.xhtml"));
}

/// The nav's text (the EPUB's contents list).
fn nav_text(entries: &std::collections::HashMap<String, Vec<u8>>) -> String {
    entry_text(entries, "OEBPS/nav.xhtml")
}

#[test]
fn toc_depth_sets_how_deep_the_epub_contents_go() {
    let all = nav_text(&epub_with(&[], false));
    assert!(
        all.contains("Pruning the old trees") && all.contains("The ladders"),
        "{all}"
    );
    let two = epub_with(&["--toc-depth", "2"], false);
    let (nav, ncx) = (nav_text(&two), entry_text(&two, "OEBPS/toc.ncx"));
    for contents in [&nav, &ncx] {
        assert!(contents.contains("Pruning the old trees"), "{contents}");
        assert!(!contents.contains("The ladders"), "{contents}");
    }
    let none = nav_text(&epub_with(&["--no-toc"], false));
    assert!(
        none.contains("The Orchard Keepers of Vale Street"),
        "{none}"
    );
    assert!(!none.contains("Pruning the old trees"), "{none}");
    assert!(
        !two.contains_key("OEBPS/toc.xhtml"),
        "no printed contents page by default"
    );
}

#[test]
fn toc_prints_a_contents_page_after_the_title_page() {
    let entries = epub_with(&["--toc", "--toc-depth", "2"], true);
    let page = entry_text(&entries, "OEBPS/toc.xhtml");
    assert!(page.contains("Pruning the old trees"), "{page}");
    assert!(!page.contains("The ladders"), "{page}");
    let opf = entry_text(&entries, "OEBPS/content.opf");
    let spine = &opf[opf.find("<spine").unwrap()..];
    let at = |name: &str| {
        spine
            .find(name)
            .unwrap_or_else(|| panic!("{name}: {spine}"))
    };
    assert!(at("title.xhtml") < at("toc.xhtml") && at("toc.xhtml") < at("article-1"));
}

#[test]
fn a_wrong_toc_depth_is_a_usage_error() {
    for depth in ["0", "7", "deep"] {
        cleancopy()
            .args(["epub", "--toc-depth", depth])
            .arg(fixture(ARTICLE))
            .assert()
            .code(2);
    }
    cleancopy()
        .args(["pdf", "--no-toc", "--toc"])
        .arg(fixture(ARTICLE))
        .assert()
        .code(2);
}

/// The titles of a PDF's outline, each indented two spaces a level.
fn outline_of(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut titles = Vec::new();
    let Ok(outlines) = doc
        .catalog()
        .and_then(|catalog| catalog.get(b"Outlines"))
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
    else {
        return titles;
    };
    fn walk(doc: &lopdf::Document, item: &lopdf::Dictionary, depth: usize, out: &mut Vec<String>) {
        let mut next = item
            .get(b"First")
            .and_then(lopdf::Object::as_reference)
            .ok();
        while let Some(id) = next {
            let entry = doc.get_dictionary(id).unwrap();
            let title = entry.get(b"Title").unwrap();
            let title = lopdf::decode_text_string(title).unwrap();
            out.push(format!("{}{title}", "  ".repeat(depth)));
            walk(doc, entry, depth + 1, out);
            next = entry
                .get(b"Next")
                .and_then(lopdf::Object::as_reference)
                .ok();
        }
    }
    walk(&doc, outlines, 0, &mut titles);
    titles
}

/// Makes a PDF of the article with `options`; its outline.
fn pdf_outline_with(options: &[&str]) -> Vec<String> {
    let out = cleancopy()
        .arg("pdf")
        .args(options)
        .args(["-o", "-"])
        .arg(fixture(ARTICLE))
        .output()
        .unwrap();
    assert!(out.status.success());
    outline_of(&out.stdout)
}

#[test]
fn toc_depth_and_no_toc_set_the_pdf_outline() {
    let all = pdf_outline_with(&[]);
    assert!(all.iter().any(|t| t.trim() == "The ladders"), "{all:?}");
    let two = pdf_outline_with(&["--toc-depth", "2"]);
    assert!(
        two.iter().any(|t| t.trim() == "Pruning the old trees"),
        "{two:?}"
    );
    assert!(!two.iter().any(|t| t.trim() == "The ladders"), "{two:?}");
    let one = pdf_outline_with(&["--toc-depth", "1"]);
    assert_eq!(one, ["The Orchard Keepers of Vale Street"]);
    assert!(pdf_outline_with(&["--no-toc"]).is_empty());
}

/// A page of the article with a picture and a script, at a known address.
fn page_with_picture(dir: &std::path::Path) -> std::path::PathBuf {
    let page = std::fs::read_to_string(fixture(ARTICLE)).unwrap().replace(
        "<h2>The first harvest</h2>",
        "<figure><img src=\"https://courier.example.org/images/orchard.jpg\" alt=\"Trees in blossom\">\
         <figcaption>The orchard in May.</figcaption></figure>\
         <p>Ask at <a href=\"javascript:alert(1)\">the club</a> for ladders.</p>\
         <h2>The first harvest</h2>",
    );
    let path = dir.join("page.html");
    std::fs::write(&path, page).unwrap();
    path
}

/// Runs `command` on the page with a picture; its standard output.
fn output_of(command: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let page = page_with_picture(dir.path());
    let out = cleancopy().arg(command).arg(&page).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn html_writes_the_cleaned_article_as_a_standalone_page() {
    let html = output_of("html");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    for expected in [
        "<meta charset=\"utf-8\">",
        "<title>The Orchard Keepers of Vale Street</title>",
        "<style>",
        "By Ingrid Halvorsen",
        "The Valley Courier",
        "<h2>Pruning the old trees</h2>",
        "<img src=\"https://courier.example.org/images/orchard.jpg\" alt=\"Trees in blossom\">",
        "<figcaption>The orchard in May.</figcaption>",
        "<th>Variety</th>",
        "<td>Bramley</td>",
    ] {
        assert!(
            html.contains(expected),
            "{expected:?} missing from:\n{html}"
        );
    }
    for absent in [
        "<script",
        "javascript:",
        "tracking",
        "Subscribe",
        "Facebook",
        "<nav",
    ] {
        assert!(!html.contains(absent), "{absent:?} in:\n{html}");
    }
    // The note and its reference link to each other.
    let reference = html.find("href=\"#fn-").expect("a note reference");
    let id = &html[reference + 7..html[reference + 7..].find('"').unwrap() + reference + 7];
    assert!(html.contains(&format!("id=\"{id}\"")), "{id}: {html}");
    // Standard HTML a browser parses into the same article.
    let document = scraper_free_parse(&html);
    assert!(
        document.contains("Said at the club's first meeting"),
        "{document}"
    );
}

/// The page's text as html5ever-free plain text: tags removed (enough to see the note is
/// there as text).
fn scraper_free_parse(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#39;", "'")
}

#[test]
fn md_writes_front_matter_then_the_body_with_pipe_tables_and_footnotes() {
    let markdown = output_of("md");
    let front =
        "---\ntitle: \"The Orchard Keepers of Vale Street\"\nauthor: \"Ingrid Halvorsen\"\n\
                 date: \"2025-04-11T08:00:00Z\"\nsite: \"The Valley Courier\"\n\
                 url: \"https://courier.example.org/orchard-keepers\"\n";
    assert!(markdown.starts_with(front), "{markdown}");
    for expected in [
        "## Pruning the old trees",
        "### The ladders",
        "![Trees in blossom](https://courier.example.org/images/orchard.jpg)",
        "| Variety | Trees | Crates |",
        "| Bramley | 6 | 41 |",
        "hair.[^1]",
        "[^1]: Said at the club's first meeting, in March.",
        "Ask at the club for ladders.",
    ] {
        assert!(
            markdown.contains(expected),
            "{expected:?} missing from:\n{markdown}"
        );
    }
    assert!(!markdown.contains("javascript"), "{markdown}");
    // A Markdown reader finds the table, the footnote and the picture.
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(&markdown, options),
    );
    assert!(html.contains("<td>Bramley</td>"), "{html}");
    assert!(html.contains("footnote-definition"), "{html}");
    assert!(
        html.contains("<img src=\"https://courier.example.org/images/orchard.jpg\""),
        "{html}"
    );
    assert!(
        !html.contains("title:"),
        "the front matter is read as such: {html}"
    );
}

#[test]
fn html_and_md_write_a_file_with_o_and_keep_an_existing_one_without_force() {
    let dir = tempfile::tempdir().unwrap();
    for (command, name) in [("html", "clean.html"), ("md", "notes.md")] {
        let out = dir.path().join(name);
        let run = || {
            let mut command_line = cleancopy();
            command_line
                .arg(command)
                .arg(fixture(ARTICLE))
                .arg("-o")
                .arg(&out);
            command_line
        };
        run().assert().success();
        assert!(std::fs::read_to_string(&out)
            .unwrap()
            .contains("Orchard Keepers"));
        run().assert().failure();
        run().arg("--force").assert().success();
    }
}
