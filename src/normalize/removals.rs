//! What a normalizer removed from a page, and why: the list `--verbose` prints.
//!
//! A [`Removals`] log is kept only when [`NormalizeOptions::note_removals`] asks for one;
//! otherwise every call to it returns at once, before the removed part's words are read, so
//! that a run without it pays nothing. Each [`Removal`] names the kind of the part removed
//! (its element, `aside`, `div`, `ul`; a paragraph `p`; a `line` of a plain-text scrape), its
//! first words, and the rule that removed it, by a short name that stays the same from one
//! version to the next:
//!
//! - by where it stood: `outside-main-content` (the page around the chosen article),
//!   `empty-section` (a heading that ends the article with nothing left under it);
//! - by its element or role: `navigation`, `hidden`, `embed`, `popup`, `not-content`,
//!   `sidebar`, `page-header`, `page-footer`, `form`;
//! - by its class or id: `share-widget`, `related-links`, `newsletter`, `comment-section`,
//!   `advertisement`, `promotion`, `recommendations`, `breadcrumbs`, `cookie-notice`,
//!   `paywall`, `author-bio`, `disclosure`, `furniture-class`;
//! - by its make-up: `picture-box`, `list-heavy`, `form`, `little-text`, `link-heavy`,
//!   `link-list`, `embed`, `stray-caption`;
//! - by its wording: `share-widget`, `widget`, `comment-count`, `promotion`, `reading-time`,
//!   `ad-break`, `pagination`, `tags`, `related-links`, `teaser`, `reader-appeal`,
//!   `rights-notice`, `disclaimer`, `citation`, `staff-credit`, `coverage-promotion`,
//!   `dateline`, `copyright`, `shortcode`, `byline`, `date-line`, `photo-credit`,
//!   `author-bio`, `repeated-title`;
//! - by the picture pass, after either normalizer: `widget-picture` (a button's picture, "Share
//!   on Facebook"), `repeated-caption` (a paragraph repeating the figure's caption above it).
//!
//! A photo credit is not lost: it goes into the article's metadata, which every output but the
//! body alone prints after the article (the PDF under its first figure's caption).
//!
//! [`NormalizeOptions::note_removals`]: super::NormalizeOptions::note_removals

use scraper::{ElementRef, Node};

use crate::document::{inlines_text, Block};

/// The most removals a log keeps; those after it are only counted.
pub const MAX_NOTED_REMOVALS: usize = 200;

/// The most words of a removed part a [`Removal`] gives.
pub const REMOVAL_WORDS: usize = 8;

/// One part of a page a normalizer removed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Removal {
    /// What was removed: its element's name (`aside`, `div`), or `p`, `h2`, `ul`, `line`.
    pub kind: String,
    /// Its first words (at most [`REMOVAL_WORDS`], "…" after them when there were more), on
    /// one line; `[picture]` for pictures without words.
    pub words: String,
    /// The rule that removed it (see the [module](self) for the names).
    pub rule: &'static str,
}

impl std::fmt::Display for Removal {
    /// `removed aside "Share this: Facebook Twitter" (share-widget)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "removed {} \"{}\" ({})",
            self.kind, self.words, self.rule
        )
    }
}

/// The removals of one normalization, in the order met, when asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removals {
    enabled: bool,
    noted: Vec<Removal>,
    more: usize,
}

impl Removals {
    /// A log that notes removals when `enabled`, else notes nothing (and costs nothing).
    pub fn new(enabled: bool) -> Self {
        Removals {
            enabled,
            ..Removals::default()
        }
    }

    /// Whether removals are noted.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// An empty log noting removals as this one does (for a pass that may be dropped).
    pub fn fork(&self) -> Self {
        Removals::new(self.enabled)
    }

    /// The removals noted, the first [`MAX_NOTED_REMOVALS`].
    pub fn noted(&self) -> &[Removal] {
        &self.noted
    }

    /// How many removals there were beyond those noted.
    pub fn more(&self) -> usize {
        self.more
    }

    /// Whether nothing was removed (or nothing noted).
    pub fn is_empty(&self) -> bool {
        self.noted.is_empty() && self.more == 0
    }

    /// Adds the removals of `other` after these.
    pub fn append(&mut self, other: Removals) {
        for removal in other.noted {
            self.push(removal);
        }
        self.more += other.more;
    }

    fn push(&mut self, removal: Removal) {
        if self.noted.len() < MAX_NOTED_REMOVALS {
            self.noted.push(removal);
        } else {
            self.more += 1;
        }
    }

    /// Notes that `kind`, whose words `words` gives (asked only when noting), was removed by
    /// `rule`. A part with no words is not noted: nothing a reader would miss went.
    pub fn note(&mut self, kind: &str, words: impl FnOnce() -> String, rule: &'static str) {
        if !self.enabled {
            return;
        }
        let words = words();
        if words.is_empty() {
            return;
        }
        self.push(Removal {
            kind: kind.to_string(),
            words,
            rule,
        });
    }

    /// Notes that `element` was removed by `rule`.
    pub fn note_element(&mut self, element: &ElementRef, rule: &'static str) {
        self.note(element.value().name(), || element_words(element), rule);
    }

    /// Notes that `block` was removed by `rule`.
    pub fn note_block(&mut self, block: &Block, rule: &'static str) {
        self.note(block_kind(block), || block_words(block), rule);
    }

    /// Notes that a line of text was removed by `rule`.
    pub fn note_line(&mut self, line: &str, rule: &'static str) {
        self.note("line", || first_words(line.split_whitespace()), rule);
    }

    /// Notes that a paragraph of text was removed by `rule`.
    pub fn note_text(&mut self, text: &str, rule: &'static str) {
        self.note("p", || first_words(text.split_whitespace()), rule);
    }
}

/// The first [`REMOVAL_WORDS`] of `words`, joined by spaces, with "…" when there were more.
fn first_words<'w>(mut words: impl Iterator<Item = &'w str>) -> String {
    let mut out = String::new();
    for word in words.by_ref().take(REMOVAL_WORDS) {
        if !out.is_empty() {
            out.push(' ');
        }
        // A word with a quotation mark in it stays readable between the quotes.
        out.extend(word.chars().filter(|c| !c.is_control()));
    }
    if words.next().is_some() {
        out.push_str(" …");
    }
    out
}

/// The first words of an element's text, read no further than needed; `[picture]` for an
/// element of pictures only.
fn element_words(element: &ElementRef) -> String {
    let mut words: Vec<&str> = Vec::with_capacity(REMOVAL_WORDS + 1);
    let mut pictures = false;
    for node in element.descendants() {
        match node.value() {
            Node::Text(text) => {
                words.extend(
                    text.split_whitespace()
                        .take(REMOVAL_WORDS + 1 - words.len()),
                );
                if words.len() > REMOVAL_WORDS {
                    break;
                }
            }
            Node::Element(inner) => pictures |= inner.name() == "img",
            _ => {}
        }
    }
    match first_words(words.into_iter()) {
        words if words.is_empty() && pictures => "[picture]".to_string(),
        words => words,
    }
}

/// The kind of a block, named as its HTML element would be.
fn block_kind(block: &Block) -> &'static str {
    match block {
        Block::Heading { level, .. } => match level {
            1 => "h1",
            2 => "h2",
            3 => "h3",
            4 => "h4",
            5 => "h5",
            _ => "h6",
        },
        Block::Paragraph { .. } => "p",
        Block::Quote { .. } => "blockquote",
        Block::List { ordered: true, .. } => "ol",
        Block::List { .. } => "ul",
        Block::DefinitionList { .. } => "dl",
        Block::Figure { .. } => "figure",
        Block::Table(_) => "table",
        Block::Code { .. } => "pre",
        Block::Notes { .. } => "section",
        Block::Rule => "hr",
    }
}

/// The first words of a block's text.
fn block_words(block: &Block) -> String {
    let text = match block {
        Block::Paragraph { content } | Block::Heading { content, .. } => inlines_text(content),
        _ => {
            let mut text = String::new();
            block.for_each_text(&mut |piece| {
                if text.len() < 400 {
                    text.push_str(piece);
                    text.push(' ');
                }
            });
            text
        }
    };
    first_words(text.split_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_not_asked_for_notes_nothing_and_never_reads_the_words() {
        let mut log = Removals::new(false);
        log.note("div", || unreachable!("words are not read"), "hidden");
        assert!(log.is_empty());
    }

    #[test]
    fn words_are_cut_after_eight_and_the_list_after_its_limit() {
        let mut log = Removals::new(true);
        log.note_line(
            "• Share this: one two three four five six seven",
            "share-widget",
        );
        assert_eq!(
            log.noted()[0].to_string(),
            "removed line \"• Share this: one two three four five …\" (share-widget)"
        );
        for _ in 0..MAX_NOTED_REMOVALS + 5 {
            log.note_text("Advertisement", "widget");
        }
        assert_eq!((log.noted().len(), log.more()), (MAX_NOTED_REMOVALS, 6));
    }
}
