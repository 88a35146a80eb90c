//! The plain-text normalizer: scrapes and copy-pastes of an article.
//!
//! A scrape typically reads, top to bottom: a section word, share/print widget lines, the title,
//! perhaps a byline and a date, the paragraphs, and a photo credit or a related-links box at the
//! end. This module sorts the lines into those roles with the shared rules of
//! [`super::boilerplate`] and keeps every real paragraph exactly as written.

use super::boilerplate::{
    after_byline_opener, attribution_line, boilerplate_rule, credit_line,
    drop_trailing_author_bios, is_bullet, is_byline_line, is_related_heading, is_taxonomy_line,
    widget_rule,
};
use super::metadata::{clean_author_names, date_to_iso};
use super::removals::Removals;
use super::vocabulary::dates::DATE_LABELS;
use crate::document::{count_words, Block, Document, Inline, Metadata};

/// The most words a line may have and still be taken for a title, section or subheading.
const MAX_HEADLINE_WORDS: usize = 24;
/// The most words a section label on top of a scrape may have ("World", "Middle East").
const MAX_SECTION_WORDS: usize = 4;
/// The most words a line under a related-links heading may have to be taken for a link.
const MAX_RELATED_LINK_WORDS: usize = 18;
/// A block with this many words is body text even without closing punctuation.
const PROSE_MIN_WORDS: usize = 25;

/// Normalizes a plain-text article into a [`Document`].
pub fn normalize(text: &str) -> Document {
    normalize_noting(text, &mut Removals::new(false))
}

/// [`normalize`], noting the lines and paragraphs it removed in `removals` (when that log is
/// enabled).
pub fn normalize_noting(text: &str, removals: &mut Removals) -> Document {
    normalize_lines(text, true, removals)
}

/// Normalizes a plain-text scrape keeping every line: widget lines, related boxes and credits
/// stay in the text (the `--keep-all` escape hatch).
pub fn normalize_keeping_all(text: &str) -> Document {
    normalize_lines(text, false, &mut Removals::new(false))
}

fn normalize_lines(text: &str, remove_boilerplate: bool, removals: &mut Removals) -> Document {
    let mut meta = Metadata::default();
    let lines = clean_lines(text, &mut meta, remove_boilerplate, removals);
    let blocks = group_blocks(&lines);
    let body_start = blocks
        .iter()
        .position(|b| is_prose(b))
        .unwrap_or(blocks.len());
    read_header(&blocks[..body_start], &mut meta);
    let mut body = Vec::new();
    for (index, block) in blocks.iter().enumerate().skip(body_start) {
        if let Some(rule) = remove_boilerplate
            .then(|| furniture_paragraph_rule(block))
            .flatten()
        {
            removals.note_text(&block.join(" "), rule);
            continue;
        }
        let next_is_prose = blocks.get(index + 1).is_some_and(|b| is_prose(b));
        body.push(to_block(block, next_is_prose));
    }
    if remove_boilerplate {
        drop_trailing_author_bios(&mut body, removals);
    }
    if body.is_empty() && !meta.title.is_empty() && body_start > 0 {
        // A scrape with no paragraph at all: keep the header lines rather than lose them.
        body = blocks[..body_start]
            .iter()
            .map(|block| Block::paragraph(block.join(" ")))
            .collect();
        meta.title.clear();
    }
    Document { meta, blocks: body }
}

/// One line of the scrape after widget removal, or a paragraph break.
#[derive(Debug, Clone, PartialEq)]
enum Line {
    Text(String),
    Break,
}

/// Drops widget lines and related-link boxes, lifts credits into `meta`, and marks paragraph
/// breaks. Lines are trimmed; their wording is untouched.
fn clean_lines(
    text: &str,
    meta: &mut Metadata,
    remove_boilerplate: bool,
    removals: &mut Removals,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut in_related_box = false;
    for raw in text.lines() {
        let line = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if line.is_empty() {
            lines.push(Line::Break);
            continue;
        }
        if !remove_boilerplate {
            lines.push(Line::Text(line.to_string()));
            continue;
        }
        if in_related_box {
            if looks_like_related_link(line) {
                removals.note_line(line, "related-links");
                continue;
            }
            in_related_box = false;
        }
        if let Some(rule) = widget_rule(line).or_else(|| is_taxonomy_line(line).then_some("tags")) {
            removals.note_line(line, rule);
            continue;
        }
        if is_related_heading(line) {
            removals.note_line(line, "related-links");
            in_related_box = true;
            continue;
        }
        if let Some(credit) = credit_line(line) {
            removals.note_line(line, "photo-credit");
            meta.image_credit.get_or_insert(credit);
            continue;
        }
        lines.push(Line::Text(line.to_string()));
    }
    lines
}

/// A paragraph of the body that is furniture by its wording (the rules the HTML normalizer
/// applies to its paragraphs): a teaser, an appeal to the reader, a copyright notice, a
/// leftover shortcode, a byline repeated under the text.
/// Returns the rule that says so, by its name in the removal log.
fn furniture_paragraph_rule(block: &[String]) -> Option<&'static str> {
    match block {
        [line] => boilerplate_rule(line).or_else(|| is_byline_line(line).then_some("byline")),
        _ => None,
    }
}

/// A line in a related-links box: a bullet, or a short headline without closing punctuation.
fn looks_like_related_link(line: &str) -> bool {
    line.starts_with(is_bullet)
        || (count_words(line) <= MAX_RELATED_LINK_WORDS && !ends_sentence(line))
}

/// Groups lines between breaks. A line that ends a sentence and is followed by another line
/// ends its group too, so scrapes with one paragraph per line and no blank lines still split;
/// but the lines of a list, and of a quotation (`>`), stay together.
fn group_blocks(lines: &[Line]) -> Vec<Vec<String>> {
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in lines {
        match line {
            Line::Break => flush(&mut blocks, &mut current),
            Line::Text(text) => {
                let is_item = list_marker(text).is_some();
                let current_is_list = current.first().is_some_and(|l| list_marker(l).is_some());
                let is_quoted = text.starts_with('>');
                let current_is_quoted = current.first().is_some_and(|l| l.starts_with('>'));
                if !current.is_empty()
                    && (is_item != current_is_list || is_quoted != current_is_quoted)
                {
                    flush(&mut blocks, &mut current);
                }
                current.push(text.clone());
                if !is_item && !is_quoted && ends_sentence(text) && count_words(text) >= 8 {
                    flush(&mut blocks, &mut current);
                }
            }
        }
    }
    flush(&mut blocks, &mut current);
    blocks
}

fn flush(blocks: &mut Vec<Vec<String>>, current: &mut Vec<String>) {
    if !current.is_empty() {
        blocks.push(std::mem::take(current));
    }
}

/// Whether the text ends like a sentence (full stop, question, exclamation, closing quote).
fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with([
        '.', '!', '?', '…', '"', '”', '’', '»', ')', ':', ';', '。', '！', '？', '」', '』', '）',
        '：', '；', '।', '؟', '۔',
    ])
}

/// Whether a block is body text rather than a header line.
fn is_prose(block: &[String]) -> bool {
    let text = block.join(" ");
    let words = count_words(&text);
    list_marker(&block[0]).is_some()
        || words >= PROSE_MIN_WORDS
        || (words >= 8 && ends_sentence(&text) && !text.ends_with(':'))
}

/// Sorts the lines above the first paragraph into section, title, byline, date and standfirst.
fn read_header(blocks: &[Vec<String>], meta: &mut Metadata) {
    let mut candidates: Vec<String> = Vec::new();
    for line in blocks.iter().flatten() {
        if let Some(authors) = byline(line) {
            if meta.authors.is_empty() {
                meta.authors = authors;
            }
        } else if let Some(iso) = date_line(line) {
            meta.published.get_or_insert(iso);
        } else {
            candidates.push(line.clone());
        }
    }
    let mut rest = candidates.into_iter();
    let Some(first) = rest.next() else { return };
    let second = rest.next();
    match second {
        Some(title) if is_section_label(&first) => {
            meta.section = Some(first);
            meta.title = title;
        }
        Some(standfirst) => {
            meta.title = first;
            meta.description = Some(standfirst);
        }
        None => meta.title = first,
    }
    let leftover: Vec<String> = rest.collect();
    if meta.description.is_none() && !leftover.is_empty() {
        meta.description = Some(leftover.join(" "));
    }
}

/// A short label with no sentence punctuation: "Diplomacy", "Middle East".
fn is_section_label(line: &str) -> bool {
    count_words(line) <= MAX_SECTION_WORDS
        && !line.contains(['.', ',', ':', '!', '?', '。', '、', '，', '：'])
}

/// "By Jane Roe", "By Jane Roe and Sam Lee", "Author: Jane Roe".
fn byline(line: &str) -> Option<Vec<String>> {
    let rest = after_byline_opener(line)?;
    let names_part = rest.split(['|', '•']).next().unwrap_or(rest);
    if names_part.split_whitespace().count() > 10 {
        return None;
    }
    let authors = clean_author_names(names_part);
    (!authors.is_empty()).then_some(authors)
}

/// A line that is only a date, perhaps labelled ([`DATE_LABELS`]: "Published 3 March 2024").
fn date_line(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    let text = DATE_LABELS
        .iter()
        .find_map(|label| lower.strip_prefix(label))
        .unwrap_or(&lower)
        .trim();
    if text.split_whitespace().count() > 6 {
        return None;
    }
    date_to_iso(text)
}

/// The marker of a list item line and whether the list is ordered.
fn list_marker(line: &str) -> Option<(usize, bool)> {
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    if is_bullet(first) {
        let (next_index, next) = chars.next()?;
        return next.is_whitespace().then_some((next_index, false));
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if (rest.starts_with(". ") || rest.starts_with(") ")) && rest.len() > 2 {
            return Some((digits + 1, true));
        }
    }
    None
}

/// The number a numbered list line begins with ("5. Mount the unit" → 5), 1 when it has none.
fn first_number(line: &str) -> u32 {
    let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(1)
}

/// Turns a group of lines into a document block.
fn to_block(block: &[String], next_is_prose: bool) -> Block {
    if let Some((_, ordered)) = list_marker(&block[0]) {
        let start = if ordered { first_number(&block[0]) } else { 1 };
        let items = block
            .iter()
            .map(|line| {
                let start = list_marker(line).map_or(0, |(index, _)| index);
                vec![Block::paragraph(line[start..].trim())]
            })
            .collect();
        return Block::List {
            ordered,
            start,
            items,
        };
    }
    let text = block.join(" ");
    if is_rule(&text) {
        return Block::Rule;
    }
    if let Some(heading) = text
        .strip_prefix("#")
        .map(|h| h.trim_start_matches('#').trim())
    {
        if !heading.is_empty() {
            return heading_block(heading);
        }
    }
    if block.len() == 1 && next_is_prose && looks_like_subheading(&text) {
        return heading_block(&text);
    }
    if let Some(mut quoted) = quote_lines(block) {
        // A last line opening with a dash names the source ("> — Ada Lovelace").
        let attribution = quoted
            .split_last()
            .and_then(|(last, before)| attribution_line(last, before))
            .map(|name| vec![Inline::text(name)]);
        if attribution.is_some() {
            quoted.pop();
        }
        return Block::Quote {
            blocks: vec![Block::paragraph(quoted.join(" "))],
            attribution: attribution.unwrap_or_default(),
        };
    }
    Block::Paragraph {
        content: vec![Inline::text(text)],
    }
}

fn heading_block(text: &str) -> Block {
    Block::Heading {
        level: 2,
        content: vec![Inline::text(text)],
    }
}

/// A short line without sentence punctuation between paragraphs.
fn looks_like_subheading(text: &str) -> bool {
    let words = count_words(text);
    (1..=MAX_HEADLINE_WORDS.min(12)).contains(&words)
        && !ends_sentence(text)
        && !text.ends_with(',')
        && text.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// `***`, `* * *`, `---`, `___`.
fn is_rule(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && (compact.chars().all(|c| c == '*')
            || compact.chars().all(|c| c == '-')
            || compact.chars().all(|c| c == '_'))
}

/// Lines all starting with `>` (e-mail and Markdown quoting), without the markers.
fn quote_lines(block: &[String]) -> Option<Vec<&str>> {
    block
        .iter()
        .map(|line| line.strip_prefix('>').map(str::trim))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::inlines_text;

    fn body_texts(doc: &Document) -> Vec<String> {
        let mut out = Vec::new();
        for block in &doc.blocks {
            block.for_each_text(&mut |t| out.push(t.to_string()));
        }
        out
    }

    #[test]
    fn section_word_then_widgets_then_title() {
        let doc = normalize(
            "Weather\n\n  • Print Friendly, PDF & Email\n  • Send to Kindle\n\nRain Returns to the Valley After a Long Dry Spell\n\nThe first heavy rain in four months fell across the valley on Monday, filling reservoirs and cheering farmers.\n",
        );
        assert_eq!(doc.meta.section.as_deref(), Some("Weather"));
        assert_eq!(
            doc.meta.title,
            "Rain Returns to the Valley After a Long Dry Spell"
        );
        assert_eq!(doc.blocks.len(), 1);
    }

    #[test]
    fn trailing_photo_credit_becomes_metadata() {
        let doc = normalize("A Title\n\nOne paragraph of enough words to count as the body of the article here.\n\n[Photo: Example Agency / Jo Smith]");
        assert_eq!(
            doc.meta.image_credit.as_deref(),
            Some("Photo: Example Agency / Jo Smith")
        );
        assert!(body_texts(&doc).iter().all(|t| !t.contains("Photo")));
    }

    #[test]
    fn related_box_is_dropped_with_its_links() {
        let doc = normalize("Title Here\n\nThe council voted on Tuesday to extend the library's opening hours.\n\nRelated:\n\nCouncil Approves New Budget\nLibrary Wins Award\n\nThe new hours start next month, the council said in a statement.");
        let texts = body_texts(&doc);
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts.iter().all(|t| !t.contains("Budget")));
    }

    #[test]
    fn byline_and_date_under_the_title_become_metadata() {
        let doc = normalize("Bridges of the North\nBy Ana Silva and Tom Reed\nMarch 3, 2024\n\nThe old bridge across the fjord has stood for ninety years, and engineers say it can stand for ninety more.");
        assert_eq!(doc.meta.title, "Bridges of the North");
        assert_eq!(doc.meta.authors, vec!["Ana Silva", "Tom Reed"]);
        assert_eq!(doc.meta.published.as_deref(), Some("2024-03-03"));
    }

    #[test]
    fn the_html_paragraph_rules_drop_teasers_appeals_and_notices_from_the_body() {
        let doc = normalize(
            "Harbour Reopens\nStory by Ana Silva\n\nThe harbour reopened on Monday after a week of \
             repairs to the old sea wall.\n\nRead more: Sea walls along the coast\n\nBoats were \
             back by noon, and the ferry kept its timetable for the rest of the day.\n\nTell us \
             what you think...\n\n© 2024 Example Media. All rights reserved.\n\nAna Silva is a \
             reporter for Example Media.\n",
        );
        assert_eq!(doc.meta.authors, vec!["Ana Silva"]);
        let texts = body_texts(&doc);
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts[1].starts_with("Boats were back by noon"));
    }

    #[test]
    fn bullet_lists_in_the_body_are_kept_as_lists() {
        let doc = normalize("Packing List\n\nHere is what the guide recommends you bring on the trip this summer.\n\n- a warm jacket\n- water\n- a map\n");
        match &doc.blocks[1] {
            Block::List { ordered, items, .. } => {
                assert!(!ordered);
                assert_eq!(items.len(), 3);
            }
            other => panic!("expected a list, got {other:?}"),
        }
    }

    #[test]
    fn short_line_between_paragraphs_is_a_subheading() {
        let doc = normalize("Main Title\n\nA first paragraph that is long enough to be body text for sure.\n\nWhat Comes Next\n\nA second paragraph that is also long enough to be body text here.");
        match &doc.blocks[1] {
            Block::Heading { content, .. } => assert_eq!(inlines_text(content), "What Comes Next"),
            other => panic!("expected a heading, got {other:?}"),
        }
    }

    #[test]
    fn one_paragraph_per_line_without_blank_lines_splits() {
        let doc = normalize("Title\nFirst sentence of the first paragraph is right here now.\nSecond paragraph starts on this line and ends here too.");
        assert_eq!(doc.blocks.len(), 2);
    }

    #[test]
    fn a_last_quoted_line_opening_with_a_dash_names_the_source() {
        let doc = normalize(
            "Title\n\nA first paragraph that is long enough to be body text for sure.\n\n\
             > Those who cannot remember the past are condemned to repeat it.\n\
             > — George Santayana\n",
        );
        match &doc.blocks[1] {
            Block::Quote {
                blocks,
                attribution,
            } => {
                assert_eq!(blocks.len(), 1);
                assert_eq!(inlines_text(attribution), "George Santayana");
            }
            other => panic!("expected a quotation, got {other:?}"),
        }
    }

    #[test]
    fn exact_wording_and_typographic_quotes_are_kept() {
        let para = "“It’s done,” she said — and that was that, according to the minutes.";
        let doc = normalize(&format!("Title\n\n{para}"));
        assert_eq!(body_texts(&doc), vec![para.to_string()]);
    }
}
