//! Articles in the world's scripts come out right in both books: right-to-left articles run
//! right to left in the EPUB (their pages, the spine, the stylesheet's alignment). Books are
//! made from the fixtures in `tests/fixtures/world/`, one short article per language.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// The fixture `world/<name>.html`.
fn world(name: &str) -> PathBuf {
    fixture(&format!("world/{name}.html"))
}

/// Runs `cleancopy <command>` on `inputs` (with `args`) into `out`; returns the output's bytes.
fn make(command: &str, inputs: &[PathBuf], args: &[&str], out: &Path) -> Vec<u8> {
    cleancopy()
        .arg(command)
        .args(inputs)
        .args(args)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    std::fs::read(out).unwrap()
}

/// The `dir` of a page's `<html>` element.
fn page_direction(page: &str) -> Option<String> {
    parse_xml(page)
        .root_element()
        .attribute("dir")
        .map(str::to_string)
}

/// The spine's `page-progression-direction` in a book's package.
fn progression(entries: &std::collections::HashMap<String, Vec<u8>>) -> Option<String> {
    let opf = entry_text(entries, "OEBPS/content.opf");
    let doc = parse_xml(&opf);
    let spine = doc.descendants().find(|n| n.has_tag_name("spine"))?;
    spine
        .attribute("page-progression-direction")
        .map(str::to_string)
}

#[test]
fn a_right_to_left_article_runs_right_to_left_in_the_epub() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ar.epub");
    let epub = make("epub", &[world("ar")], &[], &out);
    let entries = epub_entries(&epub);
    assert_eq!(progression(&entries).as_deref(), Some("rtl"));
    for page in ["OEBPS/title.xhtml", "OEBPS/article-1.xhtml"] {
        assert_eq!(
            page_direction(&entry_text(&entries, page)).as_deref(),
            Some("rtl"),
            "{page}"
        );
    }
    // Code still reads left to right.
    let article = entry_text(&entries, "OEBPS/article-1.xhtml");
    let doc = parse_xml(&article);
    let pre = doc.descendants().find(|n| n.has_tag_name("pre")).unwrap();
    assert_eq!(pre.attribute("dir"), Some("ltr"));
    assert_epubcheck_clean(&out);
}

#[test]
fn each_article_of_a_mixed_book_runs_its_own_way() {
    let dir = tempfile::tempdir().unwrap();
    // A Hebrew book with an English article in it, and an English book with a Hebrew one.
    let out = dir.path().join("mixed.epub");
    let epub = make("epub", &[world("he"), world("en"), world("ar")], &[], &out);
    let entries = epub_entries(&epub);
    assert_eq!(progression(&entries).as_deref(), Some("rtl"));
    let directions: Vec<Option<String>> = (1..=3)
        .map(|n| page_direction(&entry_text(&entries, &format!("OEBPS/article-{n}.xhtml"))))
        .collect();
    assert_eq!(
        directions,
        [Some("rtl".into()), Some("ltr".into()), Some("rtl".into())]
    );
    // On the title page, each article's entry runs its own way.
    let title_page = entry_text(&entries, "OEBPS/title.xhtml");
    let doc = parse_xml(&title_page);
    let entry_directions: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("entry"))
        .filter_map(|n| n.attribute("dir"))
        .collect();
    assert_eq!(entry_directions, ["rtl", "ltr", "rtl"]);
    assert_epubcheck_clean(&out);

    let out = dir.path().join("mixed-en.epub");
    let epub = make("epub", &[world("en"), world("he")], &[], &out);
    let entries = epub_entries(&epub);
    assert_ne!(progression(&entries).as_deref(), Some("rtl"));
    assert_eq!(
        page_direction(&entry_text(&entries, "OEBPS/article-2.xhtml")).as_deref(),
        Some("rtl")
    );
}

#[test]
fn the_stylesheet_aligns_by_the_start_of_the_line_not_the_left() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ar.epub");
    let epub = make("epub", &[world("ar")], &[], &out);
    let css = entry_text(&epub_entries(&epub), "OEBPS/stylesheet.css");
    // Every rule that aligns text to a side does so because the page asked for that side (a
    // table column's own alignment), not as the default of headings, lists, captions or cells.
    let mut rest = css.as_str();
    while let Some(open) = rest.find('{') {
        let selector = rest[..open].rsplit("*/").next().unwrap().trim();
        let close = open + rest[open..].find('}').unwrap();
        let body = &rest[open + 1..close];
        for side in ["left", "right"] {
            if body.contains(&format!("text-align: {side}")) {
                assert!(
                    selector.contains(&format!("align-{side}")),
                    "`{selector}` is aligned {side} whatever the text's direction"
                );
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(css.contains("text-align: start"));
}

#[test]
fn the_words_around_an_article_are_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    // EPUB: the byline, the date and the table of contents' name in Arabic; the page's
    // keyword list is not shown as a section label.
    let out = dir.path().join("ar.epub");
    let entries = epub_entries(&make("epub", &[world("ar")], &[], &out));
    let article = entry_text(&entries, "OEBPS/article-1.xhtml");
    assert!(article.contains(">بقلم سلمى يوسف</p>"), "{article}");
    assert!(article.contains("2 أغسطس 2017"), "{article}");
    assert!(!article.contains("By ") && !article.contains("August"));
    assert!(!article.contains("class=\"section\""), "{article}");
    let nav = entry_text(&entries, "OEBPS/nav.xhtml");
    assert!(nav.contains("المحتويات"), "{nav}");
    assert_epubcheck_clean(&out);

    // Text: Hebrew.
    let out = dir.path().join("he.txt");
    let text = String::from_utf8(make("text", &[world("he")], &[], &out)).unwrap();
    assert!(text.contains("מאת נועה ברק"), "{text}");
    assert!(text.contains("14 במרץ 2019"), "{text}");

    // PDF: Russian, the page numbers too.
    let out = dir.path().join("ru.pdf");
    make("pdf", &[world("ru")], &[], &out);
    if let Some(text) = pdf_text(&out) {
        assert_words_in_order(
            "Часы на старой пристани Текст: Анна Соколова 2 августа 2017 Страница 1 из 1",
            &text,
        );
        assert!(!text.contains("Page "), "{text}");
    }
}

#[test]
fn readings_stay_readings_and_soft_hyphens_are_not_printed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ja.epub");
    let entries = epub_entries(&make("epub", &[world("ja")], &[], &out));
    let article = entry_text(&entries, "OEBPS/article-1.xhtml");
    for ruby in [
        "<ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>ども",
        "<ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp></ruby><ruby>字<rp>(</rp><rt>じ</rt><rp>)</rp></ruby>",
    ] {
        assert!(article.contains(ruby), "{ruby} not in {article}");
    }
    assert_epubcheck_clean(&out);

    // Text: the reading after its text, in parentheses.
    let out = dir.path().join("ja.txt");
    let text = String::from_utf8(make("text", &[world("ja")], &[], &out)).unwrap();
    assert!(text.contains("子(こ)ども"), "{text}");
    assert!(text.contains("漢(かん)字(じ)の"), "{text}");

    // PDF: the same, the reading smaller.
    let out = dir.path().join("ja.pdf");
    make("pdf", &[world("ja")], &[], &out);
    if let Some(text) = pdf_text(&out) {
        let joined: String = text.split_whitespace().collect();
        assert!(joined.contains("子(こ)ども"), "{text}");
        assert!(joined.contains("漢(かん)字(じ)"), "{text}");
    }

    // A soft hyphen is a place a word may break, never a character of the text.
    let out = dir.path().join("en.txt");
    let text = String::from_utf8(make("text", &[world("en")], &[], &out)).unwrap();
    assert!(text.contains("small wooden cupboard"), "{text:?}");
    assert!(!text.contains('\u{ad}'));
}

#[test]
fn plain_japanese_text_has_its_title_and_counts_each_character() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ja.json");
    let input = fixture("world/ja.txt");
    let json = make("json", std::slice::from_ref(&input), &[], &out);
    let record: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(record["title"], "川辺の図書箱", "{record}");
    assert!(record["section"].is_null(), "{record}");
    // Each kana and ideograph of the body is a word (its punctuation is not).
    let source = std::fs::read_to_string(&input).unwrap();
    let body = source.split_once("\n\n").unwrap().1;
    let characters = body.chars().filter(|c| c.is_alphanumeric()).count();
    assert_eq!(record["word_count"], characters, "{record}");
}

/// The folder `fonts-noto-cjk` installs its collections in (Debian), when it is there.
fn noto_cjk_folder() -> Option<PathBuf> {
    let folder = PathBuf::from("/usr/share/fonts/opentype/noto");
    let found = folder.join("NotoSansCJK-Regular.ttc").is_file()
        && folder.join("NotoSansCJK-Bold.ttc").is_file();
    available("fonts-noto-cjk (/usr/share/fonts/opentype/noto)", found).then_some(folder)
}

/// The names of the fonts a PDF embeds, without their subset prefixes.
fn embedded_fonts(pdf: &Path) -> Option<Vec<String>> {
    if !has_tool("pdffonts") {
        return None;
    }
    let out = std::process::Command::new("pdffonts")
        .arg(pdf)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&out.stdout).to_string();
    Some(
        listing
            .lines()
            .skip(2)
            .filter_map(|row| row.split_whitespace().next())
            .map(|name| {
                name.split_once('+')
                    .map_or(name, |(_, name)| name)
                    .to_string()
            })
            .collect(),
    )
}

#[test]
fn each_cjk_language_takes_its_own_member_of_a_collection_and_its_bold_face() {
    let Some(folder) = noto_cjk_folder() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (fixture, member) in [
        ("ja", "jp"),
        ("zh-hans", "sc"),
        ("zh-hant", "tc"),
        ("ko", "kr"),
    ] {
        let out = dir.path().join(format!("{fixture}.pdf"));
        let args = ["--no-system-fonts", "--font-dir", folder.to_str().unwrap()];
        make("pdf", &[world(fixture)], &args, &out);
        assert_fonts_embedded(&out);
        let Some(fonts) = embedded_fonts(&out) else {
            return;
        };
        let cjk: Vec<&String> = fonts.iter().filter(|name| name.contains("CJK")).collect();
        for weight in ["Regular", "Bold"] {
            let wanted = format!("NotoSansCJK{member}-{weight}");
            assert!(
                cjk.contains(&&wanted),
                "{fixture}: {wanted} not in {fonts:?}"
            );
        }
        assert_eq!(cjk.len(), 2, "{fixture}: {fonts:?}");
        if let Some(text) = pdf_text(&out) {
            assert!(!text.contains('\u{fffd}'), "{text}");
        }
    }
}

#[test]
fn japanese_is_set_in_the_face_fontconfig_matches_for_japanese() {
    // What fontconfig matches for `:lang=ja` on this machine.
    let Ok(matched) = std::process::Command::new("fc-match")
        .args(["-f", "%{postscriptname}", ":lang=ja"])
        .output()
    else {
        available("fc-match", false);
        return;
    };
    let matched = String::from_utf8_lossy(&matched.stdout).to_string();
    if !matched.contains("CJK") {
        available("a CJK font for Japanese (fonts-noto-cjk)", false);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ja.pdf");
    make("pdf", &[world("ja")], &[], &out);
    let Some(fonts) = embedded_fonts(&out) else {
        return;
    };
    assert!(fonts.contains(&matched), "{matched} not in {fonts:?}");
    assert!(!fonts.iter().any(|name| name.contains("DroidSansFallback")));
}

#[test]
fn characters_no_font_has_are_reported_once_per_book_by_script() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("far.pdf");
    let inputs = [world("ko"), world("hi"), world("th")];
    let output = cleancopy()
        .args(["pdf", "--no-system-fonts", "--title", "Far", "-o"])
        .arg(&out)
        .args(&inputs)
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains("have no font"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    for script in ["Hangul", "Devanagari", "Thai"] {
        assert!(warnings[0].contains(script), "{stderr}");
    }
    // The count is the number of such characters in the book, here more than three hundred.
    let total: usize = warnings[0]
        .split_whitespace()
        .find_map(|word| word.parse().ok())
        .unwrap();
    assert!(total > 300, "{stderr}");

    // The same warning in the JSON record.
    let out = dir.path().join("ko.pdf");
    let json = cleancopy()
        .args(["pdf", "--no-system-fonts", "--json", "-q", "-o"])
        .arg(&out)
        .arg(world("ko"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let record: serde_json::Value =
        serde_json::from_slice(json.split(|&b| b == b'\n').next().unwrap()).unwrap();
    let warnings = record["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("Hangul")),
        "{record}"
    );
}

/// The rows of the drawn cover (1200 × 1600) where its title is set, and those of its date.
const COVER_TITLE_ROWS: std::ops::Range<u32> = 300..1120;
const COVER_DATE_ROWS: std::ops::Range<u32> = 1360..1600;

/// How many dark pixels the rows `rows` of a cover have.
fn inked(cover: &image::RgbImage, rows: std::ops::Range<u32>) -> usize {
    rows.flat_map(|y| (0..cover.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| cover.get_pixel(x, y)[0] < 100)
        .count()
}

#[test]
fn a_drawn_cover_leaves_out_a_title_it_cannot_draw() {
    let dir = tempfile::tempdir().unwrap();
    // A Korean title with Latin digits and punctuation: the cover font has some of its
    // characters, which must not be drawn alone. Without the machine's fonts, no font has the
    // Korean letters.
    let out = dir.path().join("ko.epub");
    let entries = epub_entries(&make("epub", &[world("ko")], &["--no-system-fonts"], &out));
    let png = entries
        .get("OEBPS/images/cover.png")
        .expect("a drawn cover");
    let cover = image::load_from_memory(png).unwrap().to_rgb8();
    assert_eq!(inked(&cover, COVER_TITLE_ROWS), 0, "stray title marks");
    // What can be drawn is: the date, in digits.
    assert!(inked(&cover, COVER_DATE_ROWS) > 500, "no date");
    assert_epubcheck_clean(&out);
    // A title the cover font has is drawn.
    let out = dir.path().join("en.epub");
    let entries = epub_entries(&make("epub", &[world("en")], &[], &out));
    let cover = image::load_from_memory(&entries["OEBPS/images/cover.png"])
        .unwrap()
        .to_rgb8();
    assert!(inked(&cover, COVER_TITLE_ROWS) > 5_000);
}

/// The drawn cover of the EPUB made from the fixture `world/<name>.html` with `args`.
fn drawn_cover(name: &str, args: &[&str], dir: &Path) -> image::RgbImage {
    let out = dir.join(format!("{name}-{}.epub", args.len()));
    let entries = epub_entries(&make("epub", &[world(name)], args, &out));
    let png = entries
        .get("OEBPS/images/cover.png")
        .unwrap_or_else(|| panic!("{name}: no drawn cover"));
    image::load_from_memory(png).unwrap().to_rgb8()
}

#[test]
fn a_drawn_cover_sets_a_japanese_or_korean_title_in_the_machines_font() {
    if !has_font_for("ja") || !has_font_for("ko") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for name in ["ja", "ko"] {
        let drawn = inked(&drawn_cover(name, &[], dir.path()), COVER_TITLE_ROWS);
        let without = inked(
            &drawn_cover(name, &["--no-system-fonts"], dir.path()),
            COVER_TITLE_ROWS,
        );
        assert_eq!(without, 0, "{name}: no font, no title");
        // The title (and the byline under it) are drawn: the Japanese title of eight
        // characters, the Korean one of two lines.
        assert!(
            drawn > 5_000,
            "{name}: {drawn} dark pixels in the title's rows"
        );
    }
}

/// The leftmost and rightmost columns of `cover` inked in `rows`.
fn inked_columns(cover: &image::RgbImage, rows: std::ops::Range<u32>) -> (u32, u32) {
    let columns: Vec<u32> = (0..cover.width())
        .filter(|&x| rows.clone().any(|y| cover.get_pixel(x, y)[0] < 100))
        .collect();
    (columns[0], columns[columns.len() - 1])
}

#[test]
fn a_drawn_cover_sets_arabic_and_hebrew_titles_right_to_left() {
    let dir = tempfile::tempdir().unwrap();
    // The bundled faces have both scripts: DejaVu Sans the Arabic, Libertinus the Hebrew.
    for name in ["ar", "he"] {
        let cover = drawn_cover(name, &["--no-system-fonts"], dir.path());
        let title = inked(&cover, COVER_TITLE_ROWS);
        assert!(
            title > 5_000,
            "{name}: {title} dark pixels in the title's rows"
        );
        // Set against the right margin (110 pixels): the title, and the short date line,
        // which starts right of the middle.
        let (_, right) = inked_columns(&cover, COVER_TITLE_ROWS);
        assert!(
            (1075..=1090).contains(&right),
            "{name}: title ends at {right}"
        );
        let (left, right) = inked_columns(&cover, COVER_DATE_ROWS);
        assert!(
            left > 600 && (1075..=1090).contains(&right),
            "{name}: date at {left}-{right}"
        );
    }
}

#[test]
fn an_epubs_cover_title_page_and_contents_are_named_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    for (name, inputs, names) in [
        (
            "ar",
            vec![world("ar")],
            ["صفحة العنوان", "الغلاف", "المحتويات"],
        ),
        ("ja", vec![world("ja"), world("ja")], ["扉", "表紙", "目次"]),
    ] {
        let out = dir.path().join(format!("{name}.epub"));
        let entries = epub_entries(&make("epub", &inputs, &[], &out));
        let nav = entry_text(&entries, "OEBPS/nav.xhtml");
        let doc = parse_xml(&nav);
        let landmarks: Vec<String> = doc
            .descendants()
            .filter(|node| {
                node.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("landmarks")
            })
            .flat_map(|nav| nav.descendants().filter(|node| node.has_tag_name("a")))
            .map(|link| link.text().unwrap_or_default().trim().to_string())
            .collect();
        for label in &names[..2] {
            assert!(
                landmarks.contains(&label.to_string()),
                "{name}: {label} not in {landmarks:?}"
            );
        }
        let heading = doc
            .descendants()
            .find(|node| node.attribute("id") == Some("toc-title"));
        assert_eq!(
            heading.and_then(|node| node.text()),
            Some(names[2]),
            "{nav}"
        );
        // The guide of the package says the same.
        let opf = entry_text(&entries, "OEBPS/content.opf");
        assert!(opf.contains(&format!("title=\"{}\"", names[0])), "{opf}");
        assert!(
            !nav.contains("Title page") && !nav.contains(">Cover<"),
            "{nav}"
        );
        assert_epubcheck_clean(&out);
    }
}

/// `text` without its whitespace.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn a_thai_article_comes_back_from_the_pdf_whole() {
    if !has_font_for("th") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("th.pdf");
    make("pdf", &[world("th")], &[], &out);
    assert!(assert_fonts_embedded(&out) > 0 || !has_tool("pdffonts"));
    let Some(text) = pdf_text(&out) else {
        return;
    };
    assert!(!text.contains('\u{fffd}'), "{text}");
    // Thai leaves no space between words, and the book may break a line between any two:
    // every character of the article comes back, in order, whitespace aside.
    let book = squeezed(&text);
    let mut position = 0;
    for line in [
        "นาฬิกาเก่าที่ท่าเรือ",
        "สมชาย ใจดี",
        "ที่ทางเข้าท่าเรือมีนาฬิกาอายุร้อยปีตั้งอยู่ ชาวประมงดูนาฬิกานี้เพื่อรู้เวลาน้ำขึ้น",
        "ฤดูหนาวที่แล้วพายุทำให้เฟืองตัวหนึ่งหัก นาฬิกาจึงหยุดเดิน",
    ] {
        let wanted = squeezed(line);
        match book[position..].find(&wanted) {
            Some(offset) => position += offset + wanted.len(),
            None => panic!("{line:?} missing or out of order in:\n{text}"),
        }
    }
}

#[test]
fn thai_lines_end_between_words() {
    if !has_font_for("th") {
        return;
    }
    // A paragraph of ten words, eight times over, without a space: too long for a line.
    let words = [
        "ชาว",
        "ประมง",
        "ดู",
        "นาฬิกา",
        "นี้",
        "เพื่อ",
        "รู้",
        "เวลา",
        "น้ำ",
        "ขึ้น",
    ];
    let paragraph = words.concat().repeat(8);
    let mut ends = std::collections::HashSet::new();
    let mut end = 0;
    for word in words.iter().cycle().take(words.len() * 8) {
        end += word.chars().count();
        ends.insert(end);
    }
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("th-long.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>นาฬิกา</title>\
             </head><body><article><h1>นาฬิกา</h1><p>{paragraph}</p></article></body></html>"
        ),
    )
    .unwrap();
    let out = dir.path().join("th-long.pdf");
    make("pdf", &[page], &[], &out);
    let Some(text) = pdf_text(&out) else {
        return;
    };
    // The paragraph's lines, each a run of whole words.
    let lines: Vec<String> = text
        .lines()
        .map(squeezed)
        .skip_while(|line| !line.starts_with("ชาวประมง"))
        .take_while(|line| !line.is_empty())
        .collect();
    assert_eq!(squeezed(&lines.concat()), paragraph, "{text}");
    assert!(lines.len() >= 4, "{text}");
    let mut at = 0;
    for line in &lines {
        at += line.chars().count();
        assert!(
            ends.contains(&at),
            "a line ends inside a word: {line}\n{text}"
        );
    }
}
