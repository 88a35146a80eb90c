//! Plain text of an article, shared by the text backend (the whole article) and the JSON
//! backend (the body alone, in each record's `text`).
//!
//! Text has no typography, so what the page marks is written the way people type it:
//!
//! - raised and lowered figures as the Unicode superscript and subscript characters ("km²",
//!   "H₂O", "10⁻³"), which every UTF-8 terminal and editor shows as such; what has no such
//!   characters gets a caret or an underscore where it would otherwise run into the word
//!   before it, as in TeX and e-mail ("e^(iπ)", "V_(max)"), but an ordinal ("1st") and a mark
//!   set apart by punctuation ("\[1\]") are written as they read. The body alone
//!   ([`TextOptions::body_only`], the text scripts and scorers compare) keeps them as written
//!   ("km2"): marking them would change its words ("km²" and "km^2" are not the word "km2"
//!   that the page's text, a search and the books' text have);
//! - struck-out text between `~~` (the strikethrough of Markdown and of chat programs), so
//!   "~~$499~~ $399" still says which price is gone, and no word is added to the text;
//! - inline quotations between the quotation marks of the article's language ("„…“" in
//!   German, "«…»" in French), inner ones for a quotation inside another;
//! - a quotation's attribution on a line of its own under it, after an em dash;
//! - a definition list as its terms, each with its descriptions indented under it;
//! - a table as its caption, then a line per row (header, body, then footer rows), its cells
//!   between vertical bars and a cell's paragraphs or list items between slashes.
//!
//! - a reference to a footnote as its mark between brackets ("\[1\]"), and the notes under
//!   "Notes" (or the page's own heading), each after its mark ("\[1\] The note."; the body
//!   alone has the notes' text only).
//!
//! - a reading (ruby) after its text, in parentheses ("子(こ)"); the body alone has the text
//!   only.
//! - the photo credit on the article's last line, as the books print it; the body alone has
//!   none.
//!
//! Soft hyphens are left out. Inserted, highlighted and small-capital text, and abbreviations, are written as they read
//! (the JSON record's `blocks` keep what they are).

use crate::backend::Locale;
use crate::document::{Block, Document, Inline, QuoteMarks, TableCell};

/// What the plain text of an article includes.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// The article's running text alone: no title, byline or other metadata lines, no figure
    /// captions and no marks of section breaks, and superscripts and subscripts as written.
    pub body_only: bool,
}

/// U+00AD, a place a word may be hyphenated.
const SOFT_HYPHEN: char = '\u{ad}';

/// One article as text: paragraphs separated by blank lines, ending with a newline.
pub fn article_text(doc: &Document, options: TextOptions) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !options.body_only {
        parts.push(header(doc));
    }
    // Captions belong to pictures, which text cannot show, and a break is no words: the
    // body alone is the prose.
    let writer = Writer {
        decorations: !options.body_only,
        mark_scripts: !options.body_only,
        marks: QuoteMarks::for_language(doc.meta.language.as_deref()),
    };
    let mut after_heading = false;
    for block in &doc.blocks {
        if matches!(block, Block::Notes { notes } if !notes.is_empty())
            && writer.decorations
            && !after_heading
        {
            parts.push(Locale::of(&doc.meta).notes.to_string());
        }
        writer.block(block, "", &mut parts);
        after_heading = matches!(block, Block::Heading { .. });
    }
    // The photo credit closes the article, as in the books; the body alone is the prose.
    if let Some(credit) = doc
        .meta
        .image_credit
        .as_deref()
        .filter(|_| writer.decorations)
    {
        parts.push(credit.to_string());
    }
    // Soft hyphens mark where a word may break on paper; in text, nothing breaks there.
    let mut text = parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
        .replace(SOFT_HYPHEN, "");
    text.push('\n');
    text
}

/// Section, title, byline, date and site, source: one line each.
fn header(doc: &Document) -> String {
    let meta = &doc.meta;
    let locale = Locale::of(meta);
    let mut lines: Vec<String> = Vec::new();
    if let Some(section) = &meta.section {
        lines.push(section.to_uppercase());
    }
    lines.push(doc.display_title().to_string());
    if !meta.authors.is_empty() {
        lines.push(locale.byline(&meta.authors));
    }
    if let Some(dateline) = locale.dateline(meta) {
        lines.push(dateline);
    }
    if let Some(url) = &meta.source_url {
        lines.push(url.clone());
    }
    lines.join("\n")
}

/// How the blocks of one article are written.
#[derive(Debug, Clone, Copy)]
struct Writer {
    /// Whether figure captions and the marks of section breaks are written.
    decorations: bool,
    /// Whether superscripts and subscripts are marked as such (else written as they are).
    mark_scripts: bool,
    /// The quotation marks of the article's language.
    marks: QuoteMarks,
}

impl Writer {
    /// Appends the text of `block`, each line prefixed with `indent`.
    fn block(&self, block: &Block, indent: &str, parts: &mut Vec<String>) {
        let prefix = |text: &str| -> String {
            text.lines()
                .map(|line| format!("{indent}{line}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                parts.push(prefix(&self.inlines(content)))
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                let nested = format!("{indent}    ");
                let start = parts.len();
                blocks.iter().for_each(|b| self.block(b, &nested, parts));
                let attribution = self.inlines(attribution);
                if !attribution.trim().is_empty() {
                    // The line under the quotation's last one.
                    let line = format!("{nested}— {}", attribution.trim());
                    match parts[start..]
                        .iter_mut()
                        .rev()
                        .find(|p| !p.trim().is_empty())
                    {
                        Some(last) => {
                            last.push('\n');
                            last.push_str(&line);
                        }
                        None => parts.push(line),
                    }
                }
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                let mut lines = Vec::new();
                for (number, item) in (*start as usize..).zip(items) {
                    let marker = if *ordered {
                        format!("{number}. ")
                    } else {
                        "- ".to_string()
                    };
                    let mut item_parts = Vec::new();
                    item.iter().for_each(|b| self.block(b, "", &mut item_parts));
                    if item_parts.iter().all(|part| part.trim().is_empty()) {
                        continue;
                    }
                    let body = item_parts
                        .join("\n")
                        .replace('\n', &format!("\n{indent}  "));
                    lines.push(format!("{indent}{marker}{body}"));
                }
                parts.push(lines.join("\n"));
            }
            Block::DefinitionList { items } => {
                let nested = format!("{indent}    ");
                let mut lines = Vec::new();
                for item in items {
                    for term in &item.terms {
                        lines.push(prefix(&self.inlines(term)));
                    }
                    let mut descriptions = Vec::new();
                    for block in item.descriptions.iter().flatten() {
                        self.block(block, &nested, &mut descriptions);
                    }
                    lines.extend(descriptions.into_iter().filter(|d| !d.trim().is_empty()));
                }
                parts.push(lines.join("\n"));
            }
            Block::Figure { caption, .. } => {
                let caption = self.inlines(caption);
                if self.decorations && !caption.trim().is_empty() {
                    parts.push(prefix(&format!("[{}]", caption.trim())));
                }
            }
            Block::Table(table) => {
                let mut lines = vec![prefix(&self.inlines(&table.caption))];
                for (_, row) in table.rows() {
                    let cells: Vec<String> = row.cells.iter().map(|c| self.cell(c)).collect();
                    lines.push(prefix(&cells.join(" | ")));
                }
                parts.push(lines.join("\n").trim_start_matches('\n').to_string());
            }
            Block::Notes { notes } => {
                if notes.is_empty() {
                    return;
                }
                for note in notes {
                    let mut note_parts = Vec::new();
                    note.blocks
                        .iter()
                        .for_each(|b| self.block(b, "", &mut note_parts));
                    let body = note_parts
                        .iter()
                        .filter(|part| !part.trim().is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("\n")
                        .replace('\n', &format!("\n{indent}    "));
                    if self.decorations {
                        parts.push(format!("{indent}[{}] {body}", note.label));
                    } else {
                        parts.push(format!("{indent}{body}"));
                    }
                }
            }
            Block::Code { text, .. } => parts.push(prefix(text)),
            Block::Rule if self.decorations => parts.push(format!("{indent}* * *")),
            Block::Rule => {}
        }
    }

    /// The text of a table cell on one line: its paragraphs (and list items) apart, between
    /// slashes.
    fn cell(&self, cell: &TableCell) -> String {
        let mut parts = Vec::new();
        cell.blocks
            .iter()
            .for_each(|b| self.block(b, "", &mut parts));
        parts
            .iter()
            .flat_map(|part| part.lines())
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// The text of a run of inlines, as the module's documentation describes.
    fn inlines(&self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        self.push_inlines(inlines, 0, &mut out);
        out
    }

    /// Appends the text of `inlines` inside `quotes` inline quotations.
    fn push_inlines(&self, inlines: &[Inline], quotes: usize, out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text { text } | Inline::Code { text } => out.push_str(text),
                Inline::LineBreak => out.push('\n'),
                Inline::Image { .. } => {}
                Inline::NoteRef { label, .. } => {
                    out.push('[');
                    out.push_str(label);
                    out.push(']');
                }
                // A reading after its text, in parentheses: 子(こ).
                Inline::Ruby {
                    content,
                    annotation,
                } if self.decorations => {
                    self.push_inlines(content, quotes, out);
                    out.push('(');
                    out.push_str(annotation.trim());
                    out.push(')');
                }
                Inline::Quoted { content } => {
                    let (open, close) = self.marks.at_depth(quotes);
                    out.push_str(open);
                    self.push_inlines(content, quotes + 1, out);
                    out.push_str(close);
                }
                Inline::Deleted { content } => {
                    out.push_str("~~");
                    self.push_inlines(content, quotes, out);
                    out.push_str("~~");
                }
                Inline::Superscript { content } | Inline::Subscript { content }
                    if self.mark_scripts =>
                {
                    let text = self.inlines(content);
                    let raised = matches!(inline, Inline::Superscript { .. });
                    out.push_str(&script_text(&text, raised, out.chars().next_back()));
                }
                other => {
                    if let Some(content) = other.children() {
                        self.push_inlines(content, quotes, out);
                    }
                }
            }
        }
    }
}

/// Characters with a Unicode superscript form, and that form.
const SUPERSCRIPTS: &[(char, char)] = &[
    ('0', '⁰'),
    ('1', '¹'),
    ('2', '²'),
    ('3', '³'),
    ('4', '⁴'),
    ('5', '⁵'),
    ('6', '⁶'),
    ('7', '⁷'),
    ('8', '⁸'),
    ('9', '⁹'),
    ('+', '⁺'),
    ('-', '⁻'),
    ('−', '⁻'),
    ('=', '⁼'),
    ('(', '⁽'),
    (')', '⁾'),
    ('n', 'ⁿ'),
    ('i', 'ⁱ'),
];

/// Characters with a Unicode subscript form, and that form.
const SUBSCRIPTS: &[(char, char)] = &[
    ('0', '₀'),
    ('1', '₁'),
    ('2', '₂'),
    ('3', '₃'),
    ('4', '₄'),
    ('5', '₅'),
    ('6', '₆'),
    ('7', '₇'),
    ('8', '₈'),
    ('9', '₉'),
    ('+', '₊'),
    ('-', '₋'),
    ('−', '₋'),
    ('=', '₌'),
    ('(', '₍'),
    (')', '₎'),
];

/// A superscript (`raised`) or subscript in plain text, after the character `before`: in
/// Unicode's raised or lowered characters when it has them all; as written when punctuation
/// or a space sets it apart from the word before ("[1]", ": 207") or it is an ordinal after a
/// figure ("1st", "2e"); else after a caret or an underscore, in parentheses when longer than
/// one character ("AA^H", "H_(ij)").
fn script_text(text: &str, raised: bool, before: Option<char>) -> String {
    let text = text.trim();
    let table = if raised { SUPERSCRIPTS } else { SUBSCRIPTS };
    let mapped: Option<String> = text
        .chars()
        .map(|c| table.iter().find(|(plain, _)| *plain == c).map(|(_, s)| *s))
        .collect();
    if let Some(mapped) = mapped.filter(|m| !m.is_empty()) {
        return mapped;
    }
    let set_apart = !before.is_some_and(char::is_alphanumeric)
        || !text.chars().next().is_some_and(char::is_alphanumeric);
    let ordinal = raised
        && before.is_some_and(|c| c.is_ascii_digit())
        && text.chars().count() <= 3
        && text.chars().all(char::is_lowercase);
    if set_apart || ordinal {
        return text.to_string();
    }
    let sign = if raised { '^' } else { '_' };
    if text.chars().count() == 1 {
        format!("{sign}{text}")
    } else {
        format!("{sign}({text})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Inline, Metadata};

    fn doc() -> Document {
        Document {
            meta: Metadata {
                title: "Title".into(),
                authors: vec!["Ana".into()],
                ..Metadata::default()
            },
            blocks: vec![
                Block::paragraph("First."),
                Block::List {
                    ordered: true,
                    start: 1,
                    items: vec![vec![Block::paragraph("one")], vec![Block::paragraph("two")]],
                },
            ],
        }
    }

    #[test]
    fn full_text_starts_with_title_and_byline() {
        let text = article_text(&doc(), TextOptions::default());
        assert_eq!(text, "Title\nBy Ana\n\nFirst.\n\n1. one\n2. two\n");
    }

    #[test]
    fn body_only_leaves_out_captions_even_inside_lists() {
        let mut article = doc();
        let figure = Block::Figure {
            image: crate::document::ImageRef::default(),
            caption: vec![crate::document::Inline::text("A caption")],
        };
        article.blocks.push(figure.clone());
        article.blocks.push(Block::List {
            ordered: false,
            start: 1,
            items: vec![vec![figure]],
        });
        let body = article_text(&article, TextOptions { body_only: true });
        assert!(!body.contains("A caption"), "{body}");
        let full = article_text(&article, TextOptions::default());
        assert!(full.contains("[A caption]"), "{full}");
    }

    #[test]
    fn body_only_leaves_out_the_marks_of_section_breaks() {
        let mut article = doc();
        article.blocks.insert(1, Block::Rule);
        let body = article_text(&article, TextOptions { body_only: true });
        assert_eq!(body, "First.\n\n1. one\n2. two\n");
        let full = article_text(&article, TextOptions::default());
        assert!(full.contains("First.\n\n* * *\n\n1. one"), "{full}");
    }

    fn meaning_doc(language: &str) -> Document {
        let text = |t: &str| Inline::text(t);
        Document {
            meta: Metadata {
                title: "T".into(),
                language: Some(language.into()),
                ..Metadata::default()
            },
            blocks: vec![
                Block::Paragraph {
                    content: vec![
                        text("4,200 km"),
                        Inline::Superscript {
                            content: vec![text("2")],
                        },
                        text(" of H"),
                        Inline::Subscript {
                            content: vec![text("2")],
                        },
                        text("O, 1"),
                        Inline::Superscript {
                            content: vec![text("st")],
                        },
                        text(" A"),
                        Inline::Superscript {
                            content: vec![text("H")],
                        },
                        text(" H"),
                        Inline::Subscript {
                            content: vec![text("ij")],
                        },
                        text(" note"),
                        Inline::Superscript {
                            content: vec![text("[1]")],
                        },
                        text(" for "),
                        Inline::Deleted {
                            content: vec![text("$499")],
                        },
                        text(" "),
                        Inline::Inserted {
                            content: vec![text("$399")],
                        },
                        text(": "),
                        Inline::Quoted {
                            content: vec![
                                text("a "),
                                Inline::Quoted {
                                    content: vec![text("b")],
                                },
                            ],
                        },
                    ],
                },
                Block::Quote {
                    blocks: vec![Block::paragraph("Quoted.")],
                    attribution: vec![text("Ada")],
                },
                Block::DefinitionList {
                    items: vec![crate::document::Definition {
                        terms: vec![vec![text("Tide")]],
                        descriptions: vec![vec![Block::paragraph("The sea rising.")]],
                    }],
                },
            ],
        }
    }

    #[test]
    fn inline_meaning_is_written_the_way_people_type_it() {
        let full = article_text(&meaning_doc("en"), TextOptions::default());
        assert_eq!(
            full,
            "T\n\n4,200 km² of H₂O, 1st A^H H_(ij) note[1] for ~~$499~~ $399: “a ‘b’”\n\n    \
             Quoted.\n    — Ada\n\nTide\n    The sea rising.\n"
        );
        let german = article_text(&meaning_doc("de"), TextOptions { body_only: true });
        assert!(
            german.starts_with("4,200 km2 of H2O, 1st AH Hij note[1]"),
            "{german}"
        );
        assert!(german.contains("~~$499~~ $399: „a ‚b‘“"), "{german}");
        let french = article_text(&meaning_doc("fr"), TextOptions::default());
        assert!(french.contains(": «\u{a0}a “b”\u{a0}»"), "{french}");
    }

    #[test]
    fn body_only_leaves_out_the_header() {
        let text = article_text(&doc(), TextOptions { body_only: true });
        assert_eq!(text, "First.\n\n1. one\n2. two\n");
    }
}
