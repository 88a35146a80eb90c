//! The front matter of a PDF: a book of several articles opens with a title page and a
//! contents list whose page numbers are the pages' own (as their footers print them, and as
//! `pdftotext` finds the titles there), each entry a link to its page; `--no-toc` leaves the
//! contents out, and `--toc` lists a single article's sections.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use lopdf::{Dictionary, Document, Object, ObjectId};

const ENGLISH: [&str; 3] = [
    "contents/keeper.html",
    "contents/ferry.html",
    "contents/market.html",
];
const HEBREW: [&str; 2] = ["contents/migdalor-he.html", "contents/maaboret-he.html"];

/// Makes a PDF of `inputs` with the `extra` options.
fn make_pdf(inputs: &[&str], dir: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join("book.pdf");
    cleancopy()
        .args(["pdf", "-q"])
        .args(inputs.iter().map(|name| fixture(name)))
        .args(extra)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

/// The non-blank lines of a page, trimmed, without the marks of direction `pdftotext` adds
/// around right-to-left lines.
fn lines(page: &str) -> Vec<String> {
    let direction_mark = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}');
    page.lines()
        .map(|line| line.replace(direction_mark, ""))
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect()
}

/// The page number a contents line ends with, after the `title` it starts with.
fn listed_page(contents: &str, title: &str) -> usize {
    let line = lines(contents)
        .into_iter()
        .find(|line| line.contains(title))
        .unwrap_or_else(|| panic!("{title:?} is not in the contents:\n{contents}"));
    line.rsplit(' ')
        .next()
        .and_then(|number| number.parse().ok())
        .unwrap_or_else(|| panic!("no page number ends {line:?}"))
}

/// The page each link annotation of page `number` (from 1) goes to, in order.
fn link_targets(pdf: &Path, number: u32) -> Vec<u32> {
    let doc = Document::load(pdf).expect("lopdf reads the PDF");
    let pages: BTreeMap<u32, ObjectId> = doc.get_pages();
    let number_of = |id: ObjectId| pages.iter().find(|(_, page)| **page == id).map(|(n, _)| *n);
    let resolve = |object: &Object| -> Dictionary {
        match object {
            Object::Reference(id) => doc.get_dictionary(*id).expect("a dictionary").clone(),
            Object::Dictionary(dict) => dict.clone(),
            other => panic!("not a dictionary: {other:?}"),
        }
    };
    let page = doc.get_dictionary(pages[&number]).expect("the page");
    let Ok(annotations) = page.get(b"Annots") else {
        return Vec::new();
    };
    let annotations = match annotations {
        Object::Reference(id) => doc.get_object(*id).unwrap().as_array().unwrap().clone(),
        Object::Array(items) => items.clone(),
        other => panic!("Annots: {other:?}"),
    };
    let mut targets = Vec::new();
    for annotation in &annotations {
        let annotation = resolve(annotation);
        let Ok(action) = annotation.get(b"A").map(resolve) else {
            continue;
        };
        if action.get(b"S").and_then(Object::as_name).ok() != Some(b"GoTo".as_slice()) {
            continue;
        }
        let destination = action.get(b"D").and_then(Object::as_array).expect("/D");
        let page = destination[0].as_reference().expect("a page");
        targets.push(number_of(page).expect("a page of the document"));
    }
    targets.dedup();
    targets
}

/// Asserts that page `number` of the PDF is where the article `title` by `author` starts:
/// the title is the first line, the byline the next.
fn assert_article_starts_on(pdf: &Path, number: usize, title: &str, author: &str) {
    let page = page_text(pdf, number).expect("pdftotext");
    let lines = lines(&page);
    assert_eq!(
        lines.first().map(String::as_str),
        Some(title),
        "page {number}:\n{page}"
    );
    assert_eq!(
        lines.get(1).map(String::as_str),
        Some(format!("By {author}").as_str()),
        "page {number}:\n{page}"
    );
}

#[test]
fn a_book_of_three_articles_opens_with_a_title_page_and_contents_giving_each_articles_page() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf(&ENGLISH, dir.path(), &[]);
    assert_qpdf_clean(&pdf);
    assert_fonts_embedded(&pdf);
    let Some(pages) = pages_text(&pdf) else {
        return;
    };
    let total = pages.len();

    let title_page = lines(&pages[0]).join(" ");
    assert_eq!(
        title_page,
        "Coastal Review — 6 March 2021 3 articles 4 March 2021 – 6 March 2021 · Coastal Review",
        "the title page: the book's title, its count of articles, dates and site"
    );

    let contents = &pages[1];
    assert_eq!(lines(contents)[0], "Contents", "{contents}");
    assert!(
        lines(contents)
            .last()
            .unwrap()
            .ends_with(&format!("Page 2 of {total}")),
        "the contents are numbered with the book's pages:\n{contents}"
    );
    let articles = [
        ("A Year at the Lighthouse", "Mara Quill"),
        ("The Last Ferry Home", "Tobias Wren"),
        ("Saturday at the Fish Market", "Ines Harrow"),
    ];
    let mut listed = Vec::new();
    for (title, author) in articles {
        let number = listed_page(contents, title);
        assert!(
            contents.contains(&format!("By {author} · Coastal Review")),
            "each article's byline and site under its title:\n{contents}"
        );
        assert_article_starts_on(&pdf, number, title, author);
        let footer = lines(&pages[number - 1]).pop().unwrap();
        assert!(
            footer.ends_with(&format!("Page {number} of {total}")),
            "the footer of page {number} numbers it as the contents do: {footer:?}"
        );
        listed.push(number);
    }
    assert!(listed[0] == 3 && listed[0] < listed[1] && listed[1] < listed[2]);
    assert_eq!(
        link_targets(&pdf, 2),
        listed.iter().map(|&n| n as u32).collect::<Vec<_>>(),
        "each contents entry links to its article's first page"
    );
    // The body's words come back whole and in order after the front matter.
    let text = pdf_text(&pdf).unwrap();
    assert_words_in_order(
        "Contents A Year at the Lighthouse The Last Ferry Home Saturday at the Fish Market \
         A Year at the Lighthouse By Mara Quill Spring Storms The keeper climbed the hundred \
         and twelve steps before dawn",
        &text,
    );
}

#[test]
fn a_deeper_toc_lists_each_articles_sections_indented_at_their_pages() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf(&ENGLISH, dir.path(), &["--toc-depth", "2"]);
    assert_qpdf_clean(&pdf);
    let Some(contents) = page_text(&pdf, 2) else {
        return;
    };
    for section in [
        "Spring Storms",
        "Winter Watch",
        "The Crossing",
        "Closing Time",
    ] {
        let number = listed_page(&contents, section);
        let page = page_text(&pdf, number).unwrap();
        assert!(
            lines(&page).iter().any(|line| line == section),
            "{section:?} is listed at page {number}, which does not have it:\n{page}"
        );
    }
    let words = page_words(&pdf, 2).unwrap();
    let left = |word: &str| {
        words
            .iter()
            .find(|w| w.text == word)
            .map(|w| w.x_min)
            .unwrap_or_else(|| panic!("{word:?} not on the contents page"))
    };
    assert!(
        left("Spring") > left("Year") + 5.0,
        "a section stands indented under its article"
    );
    assert!(link_targets(&pdf, 2).len() >= 6, "sections are links too");
}

#[test]
fn a_hebrew_book_has_a_mirrored_title_page_and_its_contents_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf(&HEBREW, dir.path(), &[]);
    assert_qpdf_clean(&pdf);
    assert_fonts_embedded(&pdf);
    let (Some(title_page), Some(contents)) = (page_words(&pdf, 1), page_text(&pdf, 2)) else {
        return;
    };
    let doc = Document::load(&pdf).unwrap();
    let width = doc
        .get_dictionary(doc.get_pages()[&1])
        .and_then(|page| page.get(b"MediaBox"))
        .and_then(Object::as_array)
        .map(|mediabox| mediabox[2].as_float().unwrap())
        .unwrap();
    // The count of articles ("2 מאמרים") stands at the right; no line starts at the left
    // margin.
    // `pdftotext -bbox` gives each word's letters in the order they are drawn: a Hebrew
    // word backwards.
    let drawn = |word: &str| word.chars().rev().collect::<String>();
    let count = title_page
        .iter()
        .find(|word| word.text == drawn("מאמרים"))
        .expect("the count of articles on the title page");
    assert!(count.x_min > width / 2.0, "{title_page:?}");
    let leftmost = title_page.iter().map(|w| w.x_min).fold(f32::MAX, f32::min);
    assert!(
        leftmost > width * 0.25,
        "the title page is mirrored: {title_page:?}"
    );

    assert!(contents.contains("תוכן העניינים"), "{contents}");
    let first = contents.find("שנה במגדלור").expect("the first article");
    let second = contents
        .find("המעבורת האחרונה הביתה")
        .expect("the second article");
    assert!(first < second, "the articles in order:\n{contents}");
    // The numbers stand at the left margin, the titles at the right.
    let words = page_words(&pdf, 2).unwrap();
    let footer = words.last().map_or(0.0, |word| word.y_min);
    let numbers: Vec<&str> = words
        .iter()
        .filter(|word| word.x_min < width / 4.0 && word.y_min < footer)
        .map(|word| word.text.as_str())
        .collect();
    assert_eq!(numbers, ["3", "4"], "{words:?}");
    let title = words
        .iter()
        .find(|word| word.text == drawn("במגדלור"))
        .unwrap();
    assert!(title.x_min > width / 2.0);
    for (number, title) in [(3, "שנה במגדלור"), (4, "המעבורת האחרונה הביתה")]
    {
        let page = page_text(&pdf, number).unwrap();
        assert_eq!(lines(&page)[0], title, "page {number}:\n{page}");
    }
    assert_eq!(link_targets(&pdf, 2), [3, 4]);
}

#[test]
fn no_toc_keeps_the_title_page_and_leaves_out_the_contents() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf(&ENGLISH, dir.path(), &["--no-toc"]);
    assert_qpdf_clean(&pdf);
    let Some(pages) = pages_text(&pdf) else {
        return;
    };
    assert!(lines(&pages[0]).contains(&"3 articles".to_string()));
    assert!(
        pages.iter().all(|page| !page.contains("Contents")),
        "no contents"
    );
    assert_article_starts_on(&pdf, 2, "A Year at the Lighthouse", "Mara Quill");
    let footer = lines(&pages[1]).pop().unwrap();
    assert!(footer.ends_with(&format!("Page 2 of {}", pages.len())));
}

#[test]
fn a_single_article_lists_its_sections_with_toc_and_opens_with_its_text_without() {
    let dir = tempfile::tempdir().unwrap();
    let plain = make_pdf(&ENGLISH[..1], dir.path(), &[]);
    let Some(first) = page_text(&plain, 1) else {
        return;
    };
    assert_eq!(
        lines(&first)[0],
        "A Year at the Lighthouse",
        "no front matter"
    );
    let body_pages = pages_text(&plain).unwrap().len();

    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf(&ENGLISH[..1], dir.path(), &["--toc"]);
    assert_qpdf_clean(&pdf);
    let pages = pages_text(&pdf).unwrap();
    assert_eq!(
        pages.len(),
        body_pages + 1,
        "the contents take a page of their own"
    );
    let contents = &pages[0];
    assert_eq!(lines(contents)[0], "Contents", "{contents}");
    assert!(
        !contents.contains("3 articles"),
        "no title page for one article"
    );
    let sections = [
        "Spring Storms",
        "Summer Visitors",
        "Autumn Accounts",
        "Winter Watch",
    ];
    let mut listed = Vec::new();
    for section in sections {
        let number = listed_page(contents, section);
        assert!(
            lines(&pages[number - 1]).iter().any(|line| line == section),
            "{section:?} is listed at page {number}"
        );
        listed.push(number as u32);
    }
    listed.dedup();
    assert_eq!(link_targets(&pdf, 1), listed);
    assert_article_starts_on(&pdf, 2, "A Year at the Lighthouse", "Mara Quill");
}
