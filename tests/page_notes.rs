//! Notes at the foot of the page in the PDF: a footnote is printed under a short rule at the
//! foot of the page whose text refers to it, and the address of each link in a note of its
//! own (unless `--no-link-notes`), the link staying clickable. A note too long for the room
//! left on its page continues at the foot of the next one.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const ARCHIVE: &str = "https://archiv.example.de/bruecken";
const GAUGES: &str = "https://wsa.example.de/pegel";
const MAPS: &str = "https://karten.example.de/";
const MAIL: &str = "redaktion@example.de";

/// Converts `page` to a PDF in `dir` with the `extra` options, and checks it with qpdf and
/// pdffonts.
fn pdf_of(page: &Path, dir: &Path, extra: &[&str]) -> PathBuf {
    let stem = page
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or("page");
    let out = dir.join(format!("{stem}-{}.pdf", extra.len()));
    cleancopy()
        .arg("pdf")
        .arg(page)
        // Laid out on the full 20 mm page these tests were measured on (the default measure
        // is narrower; tests/paper.rs checks it).
        .args(["--margin", "20"])
        .args(extra)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert_qpdf_clean(&out);
    assert_fonts_embedded(&out);
    out
}

/// The page's text with its lines joined and runs of spaces collapsed.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The index of the one page whose text holds `needle` (found in the text as `flat` gives it).
fn page_with(pages: &[String], needle: &str) -> usize {
    let found: Vec<usize> = (0..pages.len())
        .filter(|&index| flat(&pages[index]).contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{needle:?} is on pages {found:?}: {pages:#?}"
    );
    found[0]
}

/// How far down page `index` (from 0) the body text reaches: the bottom of its lowest word
/// set at least as large as `sample`, a word of the body.
fn body_bottom(words: &[WordBox], sample: &str) -> f32 {
    let body = words
        .iter()
        .find(|word| word.text == sample)
        .unwrap_or_else(|| panic!("{sample:?} is not on the page: {words:?}"));
    let height = body.y_max - body.y_min;
    words
        .iter()
        .filter(|word| word.y_max - word.y_min >= 0.9 * height)
        .map(|word| word.y_max)
        .fold(0.0, f32::max)
}

/// Asserts that the word `note` of a note is on page `index` (from 0) below every line of
/// the body text, which `body_word` belongs to.
fn assert_below_the_text(pdf: &Path, index: usize, note: &str, body_word: &str) {
    let Some(words) = page_words(pdf, index + 1) else {
        return;
    };
    let bottom = body_bottom(&words, body_word);
    let note_word = words
        .iter()
        .find(|word| word.text == note)
        .unwrap_or_else(|| panic!("{note:?} is not on page {}: {words:?}", index + 1));
    assert!(
        note_word.y_min > bottom,
        "{note:?} (top {}) is not below the text of page {} (bottom {bottom})",
        note_word.y_min,
        index + 1
    );
}

/// The web and mail addresses of the PDF's link annotations.
fn link_targets(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).expect("the PDF loads");
    let mut targets = Vec::new();
    for page in doc.get_pages().into_values() {
        let annotations = doc
            .get_dictionary(page)
            .and_then(|page| page.get(b"Annots"))
            .and_then(|annots| match annots {
                lopdf::Object::Reference(id) => doc.get_object(*id),
                other => Ok(other),
            })
            .and_then(lopdf::Object::as_array)
            .cloned()
            .unwrap_or_default();
        for annotation in annotations {
            let dict = match &annotation {
                lopdf::Object::Reference(id) => doc.get_dictionary(*id),
                other => other.as_dict(),
            };
            let action = dict.and_then(|dict| dict.get(b"A")).and_then(|a| match a {
                lopdf::Object::Reference(id) => doc.get_dictionary(*id),
                other => other.as_dict(),
            });
            if let Ok(uri) = action.and_then(|action| action.get(b"URI")) {
                if let Ok(bytes) = uri.as_str() {
                    targets.push(String::from_utf8_lossy(bytes).into_owned());
                }
            }
        }
    }
    targets
}

#[test]
fn footnotes_are_printed_at_the_foot_of_the_page_that_refers_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = pdf_of(&fixture("page-notes-de.html"), dir.path(), &[]);
    let Some(pages) = pages_text(&pdf) else {
        return;
    };
    assert!(pages.len() >= 2, "{pages:#?}");
    let notes = [
        (
            "stand.1",
            "1 Landesvermessung, Band 2, Blatt 14, mit den Tiefenangaben der Vermesser.",
            "Landesvermessung,",
        ),
        (
            "regelt.2",
            "2 Die Pegelstände wurden bis zur Einführung der Messgeräte täglich um sieben Uhr \
             abgelesen.",
            "Pegelstände",
        ),
    ];
    let mut reference_pages = Vec::new();
    for (reference, note, note_word) in notes {
        let page = page_with(&pages, reference);
        assert_eq!(page_with(&pages, note), page, "{note:?}");
        assert_below_the_text(&pdf, page, note_word, "Brücke");
        reference_pages.push(page);
    }
    assert_ne!(
        reference_pages[0], reference_pages[1],
        "the references are on different pages"
    );
    // No list of notes is left at the end, nor its heading.
    assert!(
        pages.iter().all(|page| !page.contains("Anmerkungen")),
        "{pages:#?}"
    );
}

#[test]
fn link_addresses_are_printed_at_the_foot_of_their_page_and_the_links_stay_clickable() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = pdf_of(&fixture("page-notes-de.html"), dir.path(), &[]);
    let Some(pages) = pages_text(&pdf) else {
        return;
    };
    let all = flat(&pages.join("\n"));
    // The footnotes are numbered, so the links are lettered: a mark stands for one note.
    let first = page_with(&pages, "Stadtarchiva");
    assert_eq!(page_with(&pages, &format!("a {ARCHIVE}")), first);
    assert_below_the_text(&pdf, first, ARCHIVE, "Brücke");
    // The same address twice on a page: one note, both links marked with it.
    assert!(
        flat(&pages[first]).contains("im Archiva;"),
        "{}",
        pages[first]
    );
    assert_eq!(all.matches(ARCHIVE).count(), 1, "{all}");
    // A mail address without its scheme.
    assert_eq!(page_with(&pages, &format!("b {MAIL}")), first);
    assert!(!all.contains("mailto:"), "{all}");
    // A link whose text is its address, and links within the article (to `#…` or to the
    // article's own address), get no note.
    assert_eq!(all.matches("karten.example.de").count(), 1, "{all}");
    assert!(all.contains("karten.example.de zu sehen"), "{all}");
    assert!(
        all.contains("weiter unten und im letzten Abschnitt."),
        "{all}"
    );
    assert!(!all.contains("bruecken#pegel"), "{all}");
    let second = page_with(&pages, "Wasserstraßenamtc");
    assert_eq!(page_with(&pages, &format!("c {GAUGES}")), second);
    assert_below_the_text(&pdf, second, GAUGES, "Brücke");

    let targets = link_targets(&pdf);
    for address in [ARCHIVE, GAUGES, MAPS, &format!("mailto:{MAIL}")] {
        assert!(
            targets.iter().any(|target| target == address),
            "no link to {address} in {targets:?}"
        );
    }
}

#[test]
fn no_link_notes_leaves_the_addresses_out_and_keeps_the_links_and_footnotes() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = pdf_of(
        &fixture("page-notes-de.html"),
        dir.path(),
        &["--no-link-notes"],
    );
    let Some(pages) = pages_text(&pdf) else {
        return;
    };
    let all = flat(&pages.join("\n"));
    for address in [ARCHIVE, GAUGES, MAIL] {
        assert!(!all.contains(address), "{address} is printed: {all}");
    }
    assert!(all.contains("Das Stadtarchiv bewahrt"), "{all}");
    assert!(all.contains("das Wasserstraßenamt, das"), "{all}");
    let reference = page_with(&pages, "stand.1");
    assert_eq!(page_with(&pages, "1 Landesvermessung, Band 2"), reference);

    let targets = link_targets(&pdf);
    for address in [ARCHIVE, GAUGES, MAPS] {
        assert!(
            targets.iter().any(|target| target == address),
            "no link to {address} in {targets:?}"
        );
    }
}

/// A page whose note (200 numbered words) is referred to after `lead` words of text.
fn long_note_page(dir: &Path, lead: usize) -> PathBuf {
    let words: String = "the keeper trimmed the wick and climbed down the stairs "
        .split_whitespace()
        .cycle()
        .take(lead)
        .collect::<Vec<_>>()
        .join(" ");
    let note: String = (1..=200)
        .map(|number| format!("n{number:03}"))
        .collect::<Vec<_>>()
        .join(" ");
    let closing = "Afterwards the lamp burned until the morning. ".repeat(30);
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>The Lamp Room</title></head><body>\
         <article><h1>The Lamp Room</h1><p>{words}.</p>\
         <p>The keeper wrote it down.<sup><a href=\"#fn1\" id=\"r1\">1</a></sup> {closing}</p>\
         <div class=\"footnotes\"><ol><li id=\"fn1\"><p>{note}</p></li></ol></div>\
         </article></body></html>"
    );
    let page = dir.join(format!("lamp-{lead}.html"));
    std::fs::write(&page, html).unwrap();
    page
}

#[test]
fn a_note_longer_than_the_room_left_continues_at_the_foot_of_the_next_page_whole() {
    if !has_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut continued = 0;
    for lead in (560..=800).step_by(16) {
        let pdf = pdf_of(&long_note_page(dir.path(), lead), dir.path(), &[]);
        let pages = pages_text(&pdf).expect("pdftotext reads every page");
        let reference = page_with(&pages, "down.1");
        // The note starts on the page of its reference, below the text.
        assert_eq!(page_with(&pages, "1 n001"), reference, "lead {lead}");
        assert_below_the_text(&pdf, reference, "n001", "keeper");
        // Every word of the note is printed once, in order, on that page and the next.
        let words: Vec<String> = pages
            .iter()
            .flat_map(|page| page.split_whitespace())
            .filter(|word| word.starts_with('n') && word[1..].parse::<u32>().is_ok())
            .map(str::to_string)
            .collect();
        let expected: Vec<String> = (1..=200).map(|n| format!("n{n:03}")).collect();
        assert_eq!(words, expected, "lead {lead}");
        let last = page_with(&pages, "n200");
        assert!(
            last <= reference + 1,
            "lead {lead}: the note ends on page {last}"
        );
        if last == reference + 1 {
            continued += 1;
            // On the next page, too, the note is under the text.
            assert_below_the_text(&pdf, last, "n200", "Afterwards");
        }
    }
    assert!(
        continued > 0,
        "no reference fell low enough on its page for its note to continue"
    );
}
