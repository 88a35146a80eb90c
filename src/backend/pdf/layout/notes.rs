//! Notes at the foot of the page: the article's footnotes, and the addresses of its links.
//!
//! Each note is set here once, in lines of the notes' smaller size across the text area, its
//! mark hung in the indent, and every body line that shows a note's mark carries the note
//! ([`FlowLine::notes`]); pagination prints it at the foot of the page that line lands on.
//!
//! A footnote goes to the foot of the page when the body text refers to it and it is set in
//! text alone (no picture, table or rule) no taller than [`NoteStyle::max_height`] of the page;
//! the others stay in the list of notes at the end of the article, as the page had them.
//!
//! Each link the PDF keeps clickable (web, FTP and mail addresses) gets a note printing its
//! address, unless its text already is the address or the link leads to a part of the article
//! itself (its own address and a `#…`); a link inside a note has its address in brackets
//! after it instead. Links to the same address share one note and one mark. Link
//! marks are numbers, like the notes of pandoc's `links-as-notes`, unless the article's
//! footnotes are numbered: they are then letters (a, b, …, z, aa), so that a mark never
//! stands for two notes.
//!
//! [`NoteStyle::max_height`]: super::super::style::NoteStyle::max_height

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::document::{inlines_text, Block, Document, Inline, Node, Walk};

use super::super::lines::reads_right_to_left;
use super::{first_text, Builder, Flow, FlowLine, Frame, Pictures};

/// A note printed at the foot of the page whose text refers to it.
#[derive(Debug, Clone, PartialEq)]
pub struct FootNote {
    /// Which note of the article it is: a note referred to twice is printed once a page.
    pub key: usize,
    /// Its lines, the first with the note's mark.
    pub lines: Vec<NoteLine>,
}

impl FootNote {
    /// Height of the note's first line: the least of the note that must be on the page that
    /// refers to it.
    pub fn first_line_height(&self) -> f32 {
        self.lines.first().map_or(0.0, |line| line.line.height)
    }
}

/// One line of a [`FootNote`].
#[derive(Debug, Clone, PartialEq)]
pub struct NoteLine {
    /// Space above the line when another line of the notes is above it (between a note's
    /// paragraphs or list items).
    pub space: f32,
    /// The line.
    pub line: FlowLine,
}

/// How link notes are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkMarks {
    Numbers,
    Letters,
    /// Numbers in brackets, when the footnotes use both numbers and letters.
    Bracketed,
}

/// The notes of one article printed at the foot of its pages.
#[derive(Debug, Default)]
pub(super) struct FootNotes {
    /// Every note, by key.
    notes: Vec<Arc<FootNote>>,
    /// The keys of the footnotes, by [`crate::document::Note::id`].
    footnotes: HashMap<String, usize>,
    /// The keys and marks of the link notes, by address.
    links: HashMap<String, (usize, String)>,
    /// Whether links get notes at all.
    links_enabled: bool,
    /// The article's own address, without `#…`, as [`bare`] gives it: a link to a part of
    /// the article is not a link away from it, and gets no note.
    own_address: Option<String>,
    /// How link notes are marked.
    link_marks: Option<LinkMarks>,
}

impl FootNotes {
    /// The note of `key`.
    pub(super) fn get(&self, key: usize) -> Option<Arc<FootNote>> {
        self.notes.get(key).cloned()
    }

    /// The key of the footnote `id`, when it is printed at the foot of the page.
    pub(super) fn footnote(&self, id: &str) -> Option<usize> {
        self.footnotes.get(id).copied()
    }

    fn add(&mut self, lines: Vec<NoteLine>) -> usize {
        let key = self.notes.len();
        self.notes.push(Arc::new(FootNote { key, lines }));
        key
    }
}

impl Builder<'_> {
    /// Sets the article's footnotes that can go to the foot of the page, and makes ready the
    /// notes of its links (`link_notes`).
    pub(super) fn prepare_notes(&mut self, article: &Document, link_notes: bool) {
        let mut referenced: HashSet<&str> = HashSet::new();
        let mut labels: Vec<&str> = Vec::new();
        let mut notes = Vec::new();
        for block in &article.blocks {
            block.walk(&mut |node| match node {
                Node::Block(Block::Notes { notes: listed }) => {
                    notes.extend(listed);
                    labels.extend(listed.iter().map(|note| note.label.as_str()));
                    Walk::SkipChildren
                }
                Node::Inline(Inline::NoteRef { id, .. }) => {
                    referenced.insert(id);
                    Walk::Continue
                }
                _ => Walk::Continue,
            });
        }
        let mut foot = FootNotes {
            links_enabled: link_notes,
            own_address: article.meta.source_url.as_deref().map(without_fragment),
            link_marks: Some(link_marks(&labels)),
            ..FootNotes::default()
        };
        for note in notes {
            if !referenced.contains(note.id.as_str()) || foot.footnotes.contains_key(&note.id) {
                continue;
            }
            if let Some(lines) = self.note_lines(&note.label, &note.blocks) {
                let key = foot.add(lines);
                foot.footnotes.insert(note.id.clone(), key);
            }
        }
        *self.notes.borrow_mut() = foot;
    }

    /// The key and mark of the note printing the address of a link to `href` whose text is
    /// `content`, set on first use; `None` when the link gets no note.
    pub(super) fn link_note(&self, href: &str, content: &[Inline]) -> Option<(usize, String)> {
        if self.in_note || !self.notes.borrow().links_enabled {
            return None;
        }
        let address = printed_address(href, content)?;
        let href = href.trim();
        if self.links_within(href) {
            return None;
        }
        if let Some(known) = self.notes.borrow().links.get(href) {
            return Some(known.clone());
        }
        let number = self.notes.borrow().links.len() + 1;
        let mark = match self.notes.borrow().link_marks {
            Some(LinkMarks::Letters) => letters(number),
            Some(LinkMarks::Bracketed) => format!("[{number}]"),
            Some(LinkMarks::Numbers) | None => number.to_string(),
        };
        let text = [Inline::Link {
            href: href.to_string(),
            content: vec![Inline::text(address)],
        }];
        let lines = self.note_lines(
            &mark,
            &[Block::Paragraph {
                content: text.to_vec(),
            }],
        )?;
        let mut notes = self.notes.borrow_mut();
        let key = notes.add(lines);
        notes.links.insert(href.to_string(), (key, mark.clone()));
        Some((key, mark))
    }

    /// The address printed after a link inside a note, in brackets; `None` when its text
    /// already is the address or links get no notes.
    pub(super) fn address_in_note(&self, href: &str, content: &[Inline]) -> Option<String> {
        if !self.in_note || !self.notes.borrow().links_enabled || self.links_within(href) {
            return None;
        }
        printed_address(href, content).map(|address| format!(" ({address})"))
    }

    /// Whether `href` leads to a part of the article itself.
    fn links_within(&self, href: &str) -> bool {
        self.notes.borrow().own_address == Some(without_fragment(href))
    }

    /// A note's blocks set at the notes' size, across the text area, with `mark` hung in the
    /// indent; `None` when the note cannot go to the foot of a page (it holds a picture, a
    /// table or a rule, or is too tall).
    fn note_lines(&self, mark: &str, blocks: &[Block]) -> Option<Vec<NoteLine>> {
        let n = &self.style.notes;
        let size = self.em(n.size);
        let indent = self.em(n.indent_em);
        let rtl = first_text(blocks).is_some_and(|text| reads_right_to_left(&text));
        let frame = Frame {
            left: if rtl { 0.0 } else { indent },
            right: if rtl { indent } else { 0.0 },
            size,
            italic: false,
            in_list: false,
            list_depth: 0,
        };
        let mut builder = Builder {
            fonts: self.fonts,
            style: self.style,
            geometry: self.geometry,
            hyphenation: self.hyphenation,
            marks: self.marks,
            locale: self.locale,
            pictures: Pictures::default(),
            flow: Vec::new(),
            pending_space: 0.0,
            held_lines: 0,
            in_note: true,
            notes: Default::default(),
            credit: None,
        };
        {
            let (mut inner, outer) = (builder.notes.borrow_mut(), self.notes.borrow());
            inner.links_enabled = outer.links_enabled;
            inner.own_address = outer.own_address.clone();
        }
        builder.blocks(blocks, frame);
        builder.attach_marker(0, mark, frame, 0.4 * size, rtl);
        let mut lines = Vec::new();
        let mut space = 0.0;
        for item in builder.flow {
            match item {
                Flow::Line(mut line) => {
                    line.height = line.size * n.leading;
                    line.keep_with_next = false;
                    lines.push(NoteLine { space, line });
                    space = 0.0;
                }
                Flow::Space(amount) => space += amount,
                Flow::Mark(_) => {}
                Flow::Rule(_) | Flow::Image(_) | Flow::RepeatHeader(_) | Flow::EndRepeat => {
                    return None
                }
            }
        }
        let height: f32 = lines.iter().map(|l| l.space + l.line.height).sum();
        (height <= n.max_height * self.geometry.text_height()).then_some(lines)
    }

    /// The notes whose marks are among `styles` (the styles of a line's text), each once.
    pub(super) fn notes_of<'s>(
        &self,
        styles: impl Iterator<Item = &'s super::super::lines::TextStyle>,
    ) -> Vec<Arc<FootNote>> {
        let notes = self.notes.borrow();
        let mut found: Vec<Arc<FootNote>> = Vec::new();
        for key in styles.filter_map(|style| style.note) {
            if found.iter().all(|note| note.key != key) {
                found.extend(notes.get(key));
            }
        }
        found
    }
}

/// How link notes are marked, given the marks of the article's footnotes.
fn link_marks(labels: &[&str]) -> LinkMarks {
    let any = |test: fn(char) -> bool| labels.iter().any(|label| label.chars().any(test));
    if !any(|c| c.is_ascii_digit()) {
        LinkMarks::Numbers
    } else if !any(char::is_alphabetic) {
        LinkMarks::Letters
    } else {
        LinkMarks::Bracketed
    }
}

/// The mark of link note `number` (from 1) in letters: 1 → a, 26 → z, 27 → aa.
fn letters(mut number: usize) -> String {
    let mut out = Vec::new();
    while number > 0 {
        number -= 1;
        out.push(char::from(b'a' + (number % 26) as u8));
        number /= 26;
    }
    out.iter().rev().collect()
}

/// The address a note prints for a link to `href` showing `content`: the web address, or the
/// mail address without `mailto:`; `None` when the PDF does not keep the link, when the link
/// shows no text, or when its text already is the address.
fn printed_address(href: &str, content: &[Inline]) -> Option<String> {
    if !super::inlines::linkable(href) {
        return None;
    }
    let href = href.trim();
    let address = match href.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &href[7..],
        _ => href,
    };
    let text = inlines_text(content);
    let text = text.trim();
    if text.is_empty() || bare(text) == bare(address) {
        return None;
    }
    Some(address.to_string())
}

/// An address as [`bare`] gives it, without its `#…` part.
fn without_fragment(address: &str) -> String {
    let whole = address.split('#').next().unwrap_or(address);
    bare(whole)
}

/// An address without what people leave out when they write it: the scheme, `www.` and a
/// closing slash, in lower case.
fn bare(address: &str) -> String {
    let lower = address.trim().to_lowercase();
    let mut rest = lower.as_str();
    for prefix in ["https://", "http://", "ftp://", "mailto:", "www."] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    rest.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_whose_text_is_its_address_gets_no_note() {
        let text = |t: &str| vec![Inline::text(t)];
        let href = "https://www.example.org/report/";
        assert_eq!(printed_address(href, &text("example.org/report")), None);
        assert_eq!(printed_address(href, &text(href)), None);
        assert_eq!(
            printed_address(href, &text("the report")).as_deref(),
            Some(href)
        );
        assert_eq!(
            printed_address("mailto:ann@example.org", &text("write to Ann")).as_deref(),
            Some("ann@example.org")
        );
        assert_eq!(printed_address("#section-2", &text("below")), None);
        assert_eq!(printed_address("https://example.org/x", &text("  ")), None);
        assert_eq!(
            without_fragment("https://example.org/story#cite_note-8"),
            without_fragment("https://www.example.org/story/")
        );
    }

    #[test]
    fn link_marks_never_look_like_footnote_marks() {
        assert_eq!(link_marks(&[]), LinkMarks::Numbers);
        assert_eq!(link_marks(&["*", "†"]), LinkMarks::Numbers);
        assert_eq!(link_marks(&["1", "2"]), LinkMarks::Letters);
        assert_eq!(link_marks(&["1", "a"]), LinkMarks::Bracketed);
        assert_eq!(letters(1), "a");
        assert_eq!(letters(26), "z");
        assert_eq!(letters(28), "ab");
    }
}
