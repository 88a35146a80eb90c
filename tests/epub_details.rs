//! What a reader sees of an EPUB's pages and navigation: the title page is one centred block,
//! code keeps its size beside the body text, every page (the nav included) says its language,
//! the NCX names the book with the package's identifier and its real depth, and a long article
//! is split into files a reading system can open, its table of contents still pointing at its
//! headings. Books are made from the Japanese and Arabic fixtures (`details-*.html`) and from
//! an article generated here.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::*;
use scraper::{ElementRef, Html, Selector};

/// Runs `cleancopy epub` on `inputs` (with `args`); returns the book's path and bytes.
fn make_epub(inputs: &[&Path], args: &[&str], out: &Path) -> Vec<u8> {
    cleancopy()
        .arg("epub")
        .args(inputs)
        .args(args)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    std::fs::read(out).unwrap()
}

/// One rule of a stylesheet: its selector, its specificity, and its declarations.
struct Rule {
    selector: Selector,
    specificity: (usize, usize, usize),
    declarations: Vec<(String, String)>,
}

/// The rules of `css`, in order, one for each selector of a selector list.
fn rules(css: &str) -> Vec<Rule> {
    let mut plain = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        plain.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    plain.push_str(rest);
    let mut out = Vec::new();
    for block in plain.split('}') {
        let Some((selectors, body)) = block.split_once('{') else {
            continue;
        };
        let declarations: Vec<(String, String)> = body
            .split(';')
            .filter_map(|declaration| declaration.split_once(':'))
            .map(|(property, value)| (property.trim().to_string(), value.trim().to_string()))
            .collect();
        for selector in selectors.split(',').map(str::trim) {
            // Pseudo-elements (`q::before`) style no element of their own.
            if selector.contains("::")
                || selector.contains(":before")
                || selector.contains(":after")
            {
                continue;
            }
            out.push(Rule {
                selector: Selector::parse(selector).unwrap(),
                specificity: specificity(selector),
                declarations: declarations.clone(),
            });
        }
    }
    out
}

/// The specificity of a simple selector of the kind the bundled stylesheet uses (types,
/// classes, ids, combinators).
fn specificity(selector: &str) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for compound in selector
        .split([' ', '+', '>', '~'])
        .filter(|s| !s.is_empty())
    {
        counts.0 += compound.matches('#').count();
        counts.1 += compound.matches(['.', '[', ':']).count();
        if compound.starts_with(|c: char| c.is_ascii_alphabetic()) {
            counts.2 += 1;
        }
    }
    counts
}

/// The value of `property` that wins for `element`: the declaration of the most specific
/// matching rule (the later one among equals), else, for an inherited property, its parent's.
fn cascaded(rules: &[Rule], element: ElementRef<'_>, property: &str) -> Option<String> {
    let own = rules
        .iter()
        .enumerate()
        .filter(|(_, rule)| rule.selector.matches(&element))
        .flat_map(|(order, rule)| {
            rule.declarations
                .iter()
                .filter(|(name, _)| name == property)
                .map(move |(_, value)| ((rule.specificity, order), value.clone()))
        })
        .max_by_key(|(rank, _)| *rank)
        .map(|(_, value)| value);
    let inherited = matches!(property, "text-align" | "font-family");
    own.or_else(|| {
        let parent = element.parent().and_then(ElementRef::wrap)?;
        inherited
            .then(|| cascaded(rules, parent, property))
            .flatten()
    })
}

/// The font size of `element` relative to the body's, as Blink and WebKit compute it: `em`
/// and `%` multiply the parent's size, and an element whose font family is the lone generic
/// `monospace` starts from their monospace default, 13 px where the body's is 16 px.
fn relative_font_size(rules: &[Rule], element: ElementRef<'_>) -> f64 {
    if element.value().name() == "body" {
        return 1.0;
    }
    let parent = element
        .parent()
        .and_then(ElementRef::wrap)
        .map_or(1.0, |parent| relative_font_size(rules, parent));
    let lone_monospace = |family: Option<String>| family.is_some_and(|f| f == "monospace");
    let mut base = parent;
    if lone_monospace(cascaded(rules, element, "font-family"))
        && !lone_monospace(
            element
                .parent()
                .and_then(ElementRef::wrap)
                .and_then(|parent| cascaded(rules, parent, "font-family")),
        )
    {
        base *= 13.0 / 16.0;
    }
    match cascaded(rules, element, "font-size") {
        Some(size) if size.ends_with("em") => {
            base * size.trim_end_matches("em").parse::<f64>().unwrap()
        }
        Some(size) if size.ends_with('%') => {
            base * size.trim_end_matches('%').parse::<f64>().unwrap() / 100.0
        }
        _ => base,
    }
}

#[test]
fn the_title_page_is_one_centred_block_and_code_keeps_the_body_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ja.epub");
    let epub = make_epub(&[&fixture("details-ja.html")], &[], &out);
    let entries = epub_entries(&epub);
    let rules = rules(&entry_text(&entries, "OEBPS/stylesheet.css"));

    let title_page = Html::parse_document(&entry_text(&entries, "OEBPS/title.xhtml"));
    let block = Selector::parse(".title-page, .title-page *").unwrap();
    let alignments: Vec<(String, Option<String>)> = title_page
        .select(&block)
        .map(|element| {
            let name = element.value().name().to_string();
            (name, cascaded(&rules, element, "text-align"))
        })
        .collect();
    assert!(
        alignments.len() >= 4,
        "title, byline and dateline: {alignments:?}"
    );
    for (name, alignment) in &alignments {
        assert_eq!(
            alignment.as_deref(),
            Some("center"),
            "{name}: {alignments:?}"
        );
    }

    let article = Html::parse_document(&entry_text(&entries, "OEBPS/article-1.xhtml"));
    let code = Selector::parse("pre code, p code").unwrap();
    let mut seen = 0;
    for element in article.select(&code) {
        seen += 1;
        let size = relative_font_size(&rules, element);
        assert!(
            size >= 0.85,
            "{} is set at {:.0} % of the body",
            element.html(),
            size * 100.0
        );
    }
    assert_eq!(seen, 2, "the fixture's block and inline code");
    assert_epubcheck_clean(&out);
}

/// The `lang` and `xml:lang` of a page's `<html>` element.
fn page_languages(page: &str) -> (Option<String>, Option<String>) {
    let doc = parse_xml(page);
    let html = doc.root_element();
    let xml_lang = html
        .attributes()
        .find(|a| {
            a.name() == "lang" && a.namespace() == Some("http://www.w3.org/XML/1998/namespace")
        })
        .map(|a| a.value().to_string());
    let lang = html
        .attributes()
        .find(|a| a.name() == "lang" && a.namespace().is_none())
        .map(|a| a.value().to_string());
    (lang, xml_lang)
}

#[test]
fn every_page_the_nav_included_declares_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let (japanese, arabic) = (fixture("details-ja.html"), fixture("details-ar.html"));
    let books = [
        ("ja.epub", vec![japanese.as_path()], "ja", vec![]),
        ("ar.epub", vec![arabic.as_path()], "ar", vec![]),
        (
            "both.epub",
            vec![japanese.as_path(), arabic.as_path()],
            "ja",
            vec![("OEBPS/article-2.xhtml", "ar")],
        ),
    ];
    for (name, inputs, language, own) in books {
        let out = dir.path().join(name);
        let entries = epub_entries(&make_epub(&inputs, &["--title", "港と海"], &out));
        let mut pages: Vec<&String> = entries.keys().filter(|n| n.ends_with(".xhtml")).collect();
        pages.sort();
        assert!(pages.contains(&&"OEBPS/nav.xhtml".to_string()), "{pages:?}");
        for page in pages {
            let expected = own
                .iter()
                .find(|(file, _)| file == page)
                .map_or(language, |(_, language)| *language);
            let (lang, xml_lang) = page_languages(&entry_text(&entries, page));
            assert_eq!(lang.as_deref(), Some(expected), "{name}: lang of {page}");
            assert_eq!(
                xml_lang.as_deref(),
                Some(expected),
                "{name}: xml:lang of {page}"
            );
        }
        assert_epubcheck_clean(&out);
    }
}

#[test]
fn the_ncx_names_the_book_with_the_package_identifier_and_its_real_depth() {
    let dir = tempfile::tempdir().unwrap();
    let (japanese, arabic) = (fixture("details-ja.html"), fixture("details-ar.html"));
    // The fixtures' headings: h2, h3 under it, h2; the articles are one level above them.
    let books = [
        (
            "ja.epub",
            vec![japanese.as_path()],
            vec![],
            "港の潮時計を直す",
        ),
        (
            "both.epub",
            vec![japanese.as_path(), arabic.as_path()],
            vec!["--title", "Harbours & tides"],
            "Harbours & tides",
        ),
    ];
    for (name, inputs, args, title) in books {
        let out = dir.path().join(name);
        let entries = epub_entries(&make_epub(&inputs, &args, &out));
        let opf = entry_text(&entries, "OEBPS/content.opf");
        let opf = parse_xml(&opf);
        let package = opf.root_element();
        let unique = package.attribute("unique-identifier").unwrap();
        let identifier = opf
            .descendants()
            .find(|node| node.has_tag_name("identifier") && node.attribute("id") == Some(unique))
            .and_then(|node| node.text())
            .unwrap();

        let ncx = entry_text(&entries, "OEBPS/toc.ncx");
        let ncx = parse_xml(&ncx);
        let meta = |name: &str| {
            ncx.descendants()
                .find(|node| node.has_tag_name("meta") && node.attribute("name") == Some(name))
                .and_then(|node| node.attribute("content"))
                .map(str::to_string)
        };
        assert_eq!(meta("dtb:uid").as_deref(), Some(identifier), "{name}");
        let doc_title = ncx
            .descendants()
            .find(|node| node.has_tag_name("docTitle"))
            .and_then(|node| node.descendants().find(|n| n.has_tag_name("text")))
            .and_then(|node| node.text());
        assert_eq!(doc_title, Some(title), "{name}");
        let deepest = ncx
            .descendants()
            .filter(|node| node.has_tag_name("navPoint"))
            .map(|node| {
                node.ancestors()
                    .filter(|a| a.has_tag_name("navPoint"))
                    .count()
            })
            .max()
            .unwrap();
        assert_eq!(deepest, 3, "{name}: article, h2, h3");
        assert_eq!(meta("dtb:depth"), Some(deepest.to_string()), "{name}");
        assert_epubcheck_clean(&out);
    }
}

/// Words the long article is made of, so that its paragraphs read like prose.
const WORDS: &[&str] = &[
    "the",
    "harbour",
    "board",
    "met",
    "again",
    "on",
    "Tuesday",
    "to",
    "talk",
    "about",
    "sea",
    "wall",
    "winter",
    "storms",
    "and",
    "cost",
    "of",
    "keeping",
    "old",
    "pier",
    "open",
    "for",
    "fishing",
    "boats",
    "tide",
    "clock",
    "keepers",
    "lighthouse",
    "ferry",
    "timetable",
];

/// The share of the article each of its sections has, in thousandths: the fifth is larger
/// than a page (and has no heading inside it), the first four together nearly fill one.
const SECTIONS: [usize; 8] = [80, 80, 80, 80, 600, 27, 27, 26];

/// A page of about `words` words in the [`SECTIONS`], each but the fifth with an h3 halfway.
/// Every paragraph starts with its number ("P17."), so the order can be checked. Returns the
/// page and its number of paragraphs.
fn long_article(words: usize) -> (String, usize) {
    const PARAGRAPH_WORDS: usize = 120;
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>The long history of the harbour</title></head><body><article>\
         <h1>The long history of the harbour</h1>",
    );
    let mut paragraph = 0;
    let mut word = 0;
    for (index, share) in SECTIONS.into_iter().enumerate() {
        let section = index + 1;
        html.push_str(&format!("<h2>Section {section}</h2>"));
        let paragraphs = words * share / 1000 / PARAGRAPH_WORDS;
        for n in 0..paragraphs {
            if section != 5 && n == paragraphs / 2 {
                html.push_str(&format!("<h3>Section {section}, second half</h3>"));
            }
            paragraph += 1;
            html.push_str(&format!("<p>P{paragraph}."));
            for _ in 1..PARAGRAPH_WORDS {
                html.push(' ');
                html.push_str(WORDS[word % WORDS.len()]);
                word += 7;
            }
            html.push_str(".</p>");
        }
    }
    html.push_str("</article></body></html>");
    (html, paragraph)
}

#[test]
fn a_long_article_is_split_into_files_under_250_kb_that_keep_its_order_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let (html, paragraphs) = long_article(75_000);
    let page = dir.path().join("long.html");
    std::fs::write(&page, html).unwrap();
    let short = fixture("details-ar.html");
    let out = dir.path().join("long.epub");
    let epub = make_epub(&[&page, &short], &["--title", "Harbour reading"], &out);
    let entries = epub_entries(&epub);

    // The spine: the long article's pages in order, then the second article.
    let opf = entry_text(&entries, "OEBPS/content.opf");
    let opf = parse_xml(&opf);
    let hrefs: HashMap<&str, &str> = opf
        .descendants()
        .filter(|node| node.has_tag_name("item"))
        .map(|node| {
            (
                node.attribute("id").unwrap(),
                node.attribute("href").unwrap(),
            )
        })
        .collect();
    let spine: Vec<&str> = opf
        .descendants()
        .filter(|node| node.has_tag_name("itemref"))
        .map(|node| hrefs[node.attribute("idref").unwrap()])
        .filter(|href| href.starts_with("article-"))
        .collect();
    assert!(
        spine.len() >= 4,
        "the article is cut into 3 pages or more: {spine:?}"
    );
    let mut expected: Vec<String> = vec!["article-1.xhtml".into()];
    expected.extend((2..spine.len()).map(|n| format!("article-1-{n}.xhtml")));
    expected.push("article-2.xhtml".into());
    assert_eq!(spine, expected);

    // Each page is under the limit, and the paragraphs come in order, each once. A page
    // begins at a heading, unless it begins inside the section larger than a page.
    let mut numbers = Vec::new();
    for (page_number, file) in spine[..spine.len() - 1].iter().enumerate() {
        let page = entry_text(&entries, &format!("OEBPS/{file}"));
        assert!(page.len() < 250_000, "{file} is {} bytes", page.len());
        let doc = parse_xml(&page);
        let article = doc
            .descendants()
            .find(|node| node.has_tag_name("article"))
            .unwrap();
        let first = article.children().find(|node| node.is_element()).unwrap();
        match page_number {
            0 => assert!(first.has_tag_name("header"), "{file}"),
            1 => assert_eq!(
                first.text(),
                Some("Section 5"),
                "{file} begins at a heading"
            ),
            _ => assert!(
                first.has_tag_name("p") && numbers.len() < paragraphs * 92 / 100,
                "{file} begins inside the fifth section"
            ),
        }
        numbers.extend(
            doc.descendants()
                .filter(|node| node.has_tag_name("p"))
                .filter_map(|node| {
                    node.text()?
                        .strip_prefix('P')?
                        .split('.')
                        .next()?
                        .parse::<usize>()
                        .ok()
                }),
        );
    }
    assert_eq!(numbers, (1..=paragraphs).collect::<Vec<_>>());

    // Every heading is in the table of contents, and every link there reaches it.
    let nav = entry_text(&entries, "OEBPS/nav.xhtml");
    let nav = parse_xml(&nav);
    let ncx = entry_text(&entries, "OEBPS/toc.ncx");
    let ncx = parse_xml(&ncx);
    let targets: Vec<(String, String)> = nav
        .descendants()
        .filter(|node| node.has_tag_name("a"))
        .filter_map(|node| {
            Some((
                node.attribute("href")?.to_string(),
                node.text()?.to_string(),
            ))
        })
        .chain(
            ncx.descendants()
                .filter(|node| node.has_tag_name("navPoint"))
                .map(|node| {
                    let src = node.children().find(|n| n.has_tag_name("content")).unwrap();
                    let label = node.descendants().find(|n| n.has_tag_name("text")).unwrap();
                    (
                        src.attribute("src").unwrap().to_string(),
                        label.text().unwrap().to_string(),
                    )
                }),
        )
        .collect();
    let mut headings = 0;
    for (link, label) in &targets {
        let Some((file, id)) = link.split_once('#') else {
            continue;
        };
        let page = entry_text(&entries, &format!("OEBPS/{file}"));
        let doc = parse_xml(&page);
        let target = doc
            .descendants()
            .find(|node| node.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("{link} ({label}) points at nothing"));
        let heading: String = target
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(&heading, label, "{link}");
        headings += 1;
    }
    // 8 sections and 7 second halves, and the Arabic article's 3, in the nav and in the NCX.
    assert_eq!(headings, 2 * (8 + 7 + 3), "{targets:?}");
    assert_epubcheck_clean(&out);
}
