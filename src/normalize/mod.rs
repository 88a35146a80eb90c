//! Normalizers: from decoded source text to a [`Document`].
//!
//! [`html`] reads web pages, finding the article with the scorer of [`extract`]; [`text`] reads
//! plain-text scrapes. Both share the boilerplate rules of [`boilerplate`], the metadata
//! parsers of [`metadata`], and the words, classes and elements those rules look for, which
//! are all in [`vocabulary`]. [`normalize`] picks the right normalizer for a [`SourceText`],
//! flattens structure nested deeper than any reader needs, fails when no article is left, and
//! fills in what both leave open (a source URL, a language guessed from the text). Asked to,
//! it lists what the normalizer removed and why ([`removals`]).

pub mod boilerplate;
pub mod extract;
mod figures;
pub mod html;
pub mod metadata;
mod nesting;
mod notes;
pub mod removals;
pub mod text;
pub mod vocabulary;

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use scraper::Selector;

use crate::document::{inlines_text, Block, Document, Inline};
use crate::source::{Format, SourceText};
use removals::Removals;

/// Why a normalizer found no article.
#[derive(Debug, thiserror::Error)]
pub enum NormalizeError {
    /// The page holds nothing but furniture (or nothing at all).
    #[error("{input}: no article content found{}", if *.whole_page_has_text {
        " (--keep-all converts the whole page)"
    } else {
        ""
    })]
    NoContent {
        /// The input, as named in messages.
        input: String,
        /// Whether the whole page, furniture included, has text that `--keep-all` would keep.
        whole_page_has_text: bool,
    },
}

/// Whether `--keep-all` would make a book of the page: asked only when no article was found,
/// so that the message can say what to try.
fn whole_page_has_text(source: &SourceText) -> bool {
    let mut doc = match source.format {
        Format::Html => html::normalize_whole_page(&source.text, source.url.as_deref()),
        Format::Text => text::normalize_keeping_all(&source.text),
    };
    figures::tidy_pictures(&mut doc, true, &mut Removals::new(false));
    doc.has_content()
}

/// The fewest letters of body text for a language guess to be trusted.
const MIN_TEXT_FOR_LANGUAGE_GUESS: usize = 80;

/// How a source is normalized.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NormalizeOptions {
    /// Convert the whole page instead of finding the article and removing boilerplate.
    pub keep_all: bool,
    /// Leave the language unset when the source does not state one, instead of guessing it
    /// from the words (for a caller that has one to give: `--lang`).
    pub no_language_guess: bool,
    /// List what the normalizer removed, and why ([`Normalized::removals`], `--verbose`).
    pub note_removals: bool,
}

/// A normalized document and what was removed to make it.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The article.
    pub document: Document,
    /// What the normalizer removed, when [`NormalizeOptions::note_removals`] asked for it
    /// (else empty).
    pub removals: Removals,
}

/// Normalizes a source into a document, choosing the normalizer by the source's format.
pub fn normalize(source: &SourceText) -> Result<Document, NormalizeError> {
    normalize_with(source, NormalizeOptions::default())
}

/// [`normalize`] with options.
pub fn normalize_with(
    source: &SourceText,
    options: NormalizeOptions,
) -> Result<Document, NormalizeError> {
    normalize_noting(source, options).map(|normalized| normalized.document)
}

/// [`normalize_with`], with what was removed when the options ask for it.
pub fn normalize_noting(
    source: &SourceText,
    options: NormalizeOptions,
) -> Result<Normalized, NormalizeError> {
    let mut removals = Removals::new(options.note_removals && !options.keep_all);
    let mut doc = match (source.format, options.keep_all) {
        (Format::Html, false) => {
            html::normalize_noting(&source.text, source.url.as_deref(), &mut removals)
        }
        (Format::Html, true) => html::normalize_whole_page(&source.text, source.url.as_deref()),
        (Format::Text, false) => text::normalize_noting(&source.text, &mut removals),
        (Format::Text, true) => text::normalize_keeping_all(&source.text),
    };
    flatten_deep_nesting(&mut doc.blocks, 0);
    figures::tidy_pictures(&mut doc, options.keep_all, &mut removals);
    if !doc.has_content() {
        return Err(NormalizeError::NoContent {
            input: source.name.clone(),
            whole_page_has_text: !options.keep_all && whole_page_has_text(source),
        });
    }
    if doc.meta.source_url.is_none() {
        doc.meta.source_url = source.url.clone();
    }
    if doc.meta.language.is_none() && !options.no_language_guess {
        doc.meta.language = guess_language(&doc);
    }
    Ok(Normalized {
        document: doc,
        removals,
    })
}

/// The deepest nesting of quotes, lists, definitions, table cells, emphasis, links and the
/// other inlines that wrap text a document keeps.
/// Deeper structure becomes plain text: no reader needs it, and it keeps every backend's walk
/// (and a JSON record's depth, which parsers limit to about 128) small whatever the page.
const MAX_MODEL_NESTING: usize = 24;

/// Replaces what nests deeper than [`MAX_MODEL_NESTING`] with its text.
fn flatten_deep_nesting(blocks: &mut [Block], depth: usize) {
    for block in blocks {
        match block {
            Block::Quote { .. } | Block::List { .. } | Block::DefinitionList { .. }
                if depth >= MAX_MODEL_NESTING =>
            {
                let mut text = String::new();
                block.for_each_text(&mut |piece| {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(piece);
                });
                *block = Block::paragraph(text);
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                flatten_deep_nesting(blocks, depth + 1);
                flatten_deep_inlines(attribution, depth + 1);
            }
            Block::List { items, .. } => items
                .iter_mut()
                .for_each(|item| flatten_deep_nesting(item, depth + 1)),
            Block::DefinitionList { items } => {
                for item in items {
                    for term in &mut item.terms {
                        flatten_deep_inlines(term, depth + 1);
                    }
                    for description in &mut item.descriptions {
                        flatten_deep_nesting(description, depth + 1);
                    }
                }
            }
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                flatten_deep_inlines(content, depth)
            }
            Block::Figure { caption, .. } => flatten_deep_inlines(caption, depth),
            Block::Table(table) => {
                flatten_deep_inlines(&mut table.caption, depth);
                for rows in [&mut table.head, &mut table.body, &mut table.foot] {
                    for cell in rows.iter_mut().flat_map(|row| &mut row.cells) {
                        flatten_deep_nesting(&mut cell.blocks, depth + 1);
                    }
                }
            }
            Block::Notes { notes } => notes
                .iter_mut()
                .for_each(|note| flatten_deep_nesting(&mut note.blocks, depth + 1)),
            Block::Code { .. } | Block::Rule => {}
        }
    }
}

fn flatten_deep_inlines(inlines: &mut [Inline], depth: usize) {
    for inline in inlines {
        if let Some(content) = inline.children_mut() {
            if depth >= MAX_MODEL_NESTING {
                *content = vec![Inline::text(inlines_text(content))];
            } else {
                flatten_deep_inlines(content, depth + 1);
            }
        }
    }
}

/// Guesses the body's language from its words when the source does not state one.
fn guess_language(doc: &Document) -> Option<String> {
    let mut sample = String::new();
    for block in &doc.blocks {
        block.for_each_text(&mut |text| {
            if sample.len() < 4000 {
                sample.push_str(text);
                sample.push(' ');
            }
        });
    }
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_TEXT_FOR_LANGUAGE_GUESS {
        return None;
    }
    let info = whatlang::detect(&sample).filter(whatlang::Info::is_reliable)?;
    iso_639_1(info.lang()).map(str::to_string)
}

/// Two-letter codes for the languages whatlang knows, where ISO 639-1 has one.
fn iso_639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Epo => "eo",
        _ => return None,
    })
}

/// A CSS selector written in the normalizers, parsed once per thread (a page asks for the same
/// few many times). Every selector string is a constant and the modules' tests run each one; a
/// bad one would match nothing.
fn selector(css: &'static str) -> Selector {
    thread_local! {
        static PARSED: RefCell<FxHashMap<&'static str, Selector>> = RefCell::default();
    }
    PARSED.with(|parsed| {
        parsed
            .borrow_mut()
            .entry(css)
            .or_insert_with(|| {
                Selector::parse(css)
                    .or_else(|_| Selector::parse(":not(*)"))
                    .unwrap_or_else(|_| unreachable!("':not(*)' is a valid selector"))
            })
            .clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str, format: Format) -> SourceText {
        SourceText {
            name: "test-input".into(),
            text: text.into(),
            format,
            url: None,
        }
    }

    #[test]
    fn page_of_only_widgets_has_no_content() {
        let err = normalize(&source(
            "<html><body><div class='share'>Share</div><p>Print</p><p>Send to Kindle</p></body></html>",
            Format::Html,
        ))
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "test-input: no article content found (--keep-all converts the whole page)"
        );
        let empty = normalize(&source(
            "<html><body><nav></nav></body></html>",
            Format::Html,
        ));
        assert_eq!(
            empty.unwrap_err().to_string(),
            "test-input: no article content found",
            "no hint when the whole page is empty too"
        );
        let keeping_all = normalize_with(
            &source("<html><body><p></p></body></html>", Format::Html),
            NormalizeOptions {
                keep_all: true,
                ..NormalizeOptions::default()
            },
        );
        assert_eq!(
            keeping_all.unwrap_err().to_string(),
            "test-input: no article content found"
        );
    }

    #[test]
    fn language_is_guessed_when_the_source_is_silent() {
        let doc = normalize(&source(
            "Ein Titel\n\nDie Stadt hat am Dienstag beschlossen, die Öffnungszeiten der Bibliothek zu verlängern, weil immer mehr Menschen dort lernen und arbeiten wollen.",
            Format::Text,
        ))
        .unwrap();
        assert_eq!(doc.meta.language.as_deref(), Some("de"));
    }

    #[test]
    fn structure_nested_deeper_than_the_limit_becomes_text() {
        let levels = MAX_MODEL_NESTING + 10;
        let page = format!(
            "<html><body><article><p>{}</p>{}<p>deep words here</p>{}<p>{}deepest{}</p></article></body></html>",
            "Readers write to the harbour office every week about the tides. ".repeat(5),
            "<blockquote>".repeat(levels),
            "</blockquote>".repeat(levels),
            "<em>x<strong>".repeat(levels),
            "</strong></em>".repeat(levels),
        );
        let doc = normalize(&source(&page, Format::Html)).unwrap();
        let json = serde_json::to_string(&doc.blocks).unwrap();
        serde_json::from_str::<serde_json::Value>(&json).expect("parses within serde's limit");
        assert!(json.contains("deep words here") && json.contains("deepest"));
    }
}
