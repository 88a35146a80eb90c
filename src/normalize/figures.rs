//! The picture pass, after either normalizer: what a picture's words may say in the book.
//!
//! A picture's alternative text stands in for it where the picture cannot be shown, so it is
//! kept only when it describes the picture:
//! - a picture whose alternative text is a widget's label ("Bookmark and Share", "Share on
//!   Facebook", "Print") is a button, not part of the article: it is left out, unless it has
//!   a caption of its own (or the whole page is kept, `--keep-all`, when only its text goes);
//! - an alternative text that names only a file ("IMG_2041.jpg", `hero_image_2x`), an address
//!   or a kind of picture ("image", "photo", "avatar") is dropped;
//! - so is one that names the article's author (a headshot beside the byline: "Jane Doe",
//!   "Photo of Jane Doe").
//!
//! And a caption is printed once: a paragraph right after a figure that repeats its caption
//! is dropped, and one that repeats the alternative text of a figure without a caption becomes
//! its caption.

use std::cell::RefCell;

use super::boilerplate::is_widget_line;
use super::removals::Removals;
use super::vocabulary::pictures::{
    CAMERA_FILE_PREFIXES, PICTURE_EXTENSIONS, PICTURE_KIND_WORDS, WIDGET_PICTURE_LABELS,
};
use crate::document::{inlines_text, Block, Document, ImageRef, Inline};

/// The most words besides an author's name an alternative text naming the author has
/// ("photo of", "headshot").
const MAX_WORDS_BESIDE_AUTHOR: usize = 2;

/// Applies the pass to `doc` (see the module's documentation), noting in `removals` the
/// pictures it leaves out (`widget-picture`) and the captions it prints once
/// (`repeated-caption`). With `keep_all`, no picture is left out: widgets only lose their
/// words.
pub(super) fn tidy_pictures(doc: &mut Document, keep_all: bool, removals: &mut Removals) {
    let pass = Pass {
        authors: doc
            .meta
            .authors
            .iter()
            .map(|name| words(name))
            .filter(|name| !name.is_empty())
            .collect(),
        keep_all,
        noted: RefCell::new(removals.fork()),
    };
    pass.blocks(&mut doc.blocks);
    removals.append(pass.noted.into_inner());
}

/// What the pass knows: the article's authors (as lowercase words) and whether pictures may
/// be left out; and what it left out.
struct Pass {
    authors: Vec<String>,
    keep_all: bool,
    noted: RefCell<Removals>,
}

/// What an alternative text says of its picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AltText {
    /// It describes the picture.
    Describes,
    /// It says nothing of the picture (a file name, a kind of picture, the author's name).
    SaysNothing,
    /// It is a widget's label: the picture is a button.
    Widget,
}

impl Pass {
    fn blocks(&self, blocks: &mut Vec<Block>) {
        for mut block in std::mem::take(blocks) {
            if let Block::Figure { image, caption } = &mut block {
                let has_caption = !inlines_text(caption).trim().is_empty();
                match self.judge(&image.alt) {
                    AltText::Widget if !has_caption && !self.keep_all => {
                        self.noted.borrow_mut().note(
                            "img",
                            || image.alt.trim().to_string(),
                            "widget-picture",
                        );
                        continue;
                    }
                    AltText::Widget | AltText::SaysNothing => image.alt.clear(),
                    AltText::Describes => {}
                }
            }
            self.inside(&mut block);
            if let Some(previous) = blocks.last_mut() {
                if repeats_figure_words(previous, &block) {
                    self.noted
                        .borrow_mut()
                        .note_block(&block, "repeated-caption");
                    continue;
                }
            }
            blocks.push(block);
        }
    }

    /// The blocks and inlines inside `block`.
    fn inside(&self, block: &mut Block) {
        match block {
            Block::Quote { blocks, .. } => self.blocks(blocks),
            Block::List { items, .. } => items.iter_mut().for_each(|item| self.blocks(item)),
            Block::Paragraph { content } | Block::Heading { content, .. } => self.inlines(content),
            Block::Figure { caption, .. } => self.inlines(caption),
            _ => {}
        }
    }

    fn inlines(&self, inlines: &mut Vec<Inline>) {
        inlines.retain_mut(|inline| match inline {
            Inline::Image { image, .. } => self.keep_image(image),
            Inline::Emphasis { content, .. }
            | Inline::Strong { content, .. }
            | Inline::Link { content, .. } => {
                self.inlines(content);
                true
            }
            _ => true,
        });
    }

    /// Whether a picture inside the text stays (a widget's does not), its alternative text
    /// cleared when it says nothing.
    fn keep_image(&self, image: &mut ImageRef) -> bool {
        match self.judge(&image.alt) {
            AltText::Widget if !self.keep_all => {
                self.noted.borrow_mut().note(
                    "img",
                    || image.alt.trim().to_string(),
                    "widget-picture",
                );
                false
            }
            AltText::Describes => true,
            AltText::Widget | AltText::SaysNothing => {
                image.alt.clear();
                true
            }
        }
    }

    fn judge(&self, alt: &str) -> AltText {
        let simple = words(alt);
        if simple.is_empty() {
            return AltText::SaysNothing;
        }
        if WIDGET_PICTURE_LABELS.contains(&simple.as_str()) || is_widget_line(alt) {
            return AltText::Widget;
        }
        if PICTURE_KIND_WORDS.contains(&simple.as_str())
            || names_a_file(alt.trim())
            || self.names_an_author(&simple)
        {
            return AltText::SaysNothing;
        }
        AltText::Describes
    }

    /// Whether `simple` (lowercase words) is an author's name with at most
    /// [`MAX_WORDS_BESIDE_AUTHOR`] other words.
    fn names_an_author(&self, simple: &str) -> bool {
        self.authors.iter().any(|author| {
            let padded = format!(" {simple} ");
            padded.contains(&format!(" {author} "))
                && padded
                    .replacen(&format!(" {author} "), " ", 1)
                    .split_whitespace()
                    .count()
                    <= MAX_WORDS_BESIDE_AUTHOR
        })
    }
}

/// `text` in lowercase words, without punctuation ("Photo: Jane Doe." → "photo jane doe").
fn words(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '&') || c == '’')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `alt` names a file or an address rather than what a picture shows: a web address
/// or path, a name ending in a picture's extension, or a single word that is a camera's file
/// name ("IMG_2041", "DSC01234"), joined with underscores ("hero_image") or a lowercase slug
/// with a number ("hero-image-2x", not "Nord-Ostsee-Kanal").
fn names_a_file(alt: &str) -> bool {
    if alt.contains("://") || alt.starts_with('/') {
        return true;
    }
    let lower = alt.to_lowercase();
    if let Some((_, extension)) = lower.rsplit_once('.') {
        if PICTURE_EXTENSIONS.contains(&extension) || extension == "svg" {
            return true;
        }
    }
    if lower.contains(char::is_whitespace) {
        return false;
    }
    let camera = CAMERA_FILE_PREFIXES.iter().any(|prefix| {
        lower.strip_prefix(prefix).is_some_and(|rest| {
            rest.trim_start_matches(['_', '-'])
                .starts_with(|c: char| c.is_ascii_digit())
        })
    });
    let slug = alt.contains('-')
        && alt.chars().any(|c| c.is_ascii_digit())
        && alt
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    camera || alt.contains('_') || slug
}

/// Whether `next` repeats the words of the figure `previous`: its caption (the repeat goes),
/// or, for a figure without a caption, its alternative text (the repeat becomes its caption,
/// and goes from where it was).
fn repeats_figure_words(previous: &mut Block, next: &Block) -> bool {
    let (Block::Figure { image, caption }, Block::Paragraph { content }) = (previous, next) else {
        return false;
    };
    let repeated = words(&inlines_text(content));
    if repeated.is_empty() {
        return false;
    }
    let caption_words = words(&inlines_text(caption));
    if caption_words.is_empty() {
        if words(&image.alt) == repeated {
            *caption = content.clone();
            return true;
        }
        return false;
    }
    caption_words == repeated
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Metadata;

    fn figure(alt: &str, caption: &str) -> Block {
        Block::Figure {
            image: ImageRef {
                src: "https://example.org/p.jpg".into(),
                alt: alt.into(),
            },
            caption: if caption.is_empty() {
                Vec::new()
            } else {
                vec![Inline::text(caption)]
            },
        }
    }

    fn tidy(blocks: Vec<Block>, keep_all: bool) -> Vec<Block> {
        let mut doc = Document {
            meta: Metadata {
                authors: vec!["Jane Doe".into()],
                ..Metadata::default()
            },
            blocks,
        };
        tidy_pictures(&mut doc, keep_all, &mut Removals::new(false));
        doc.blocks
    }

    fn alts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .filter_map(|block| match block {
                Block::Figure { image, .. } => Some(image.alt.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn only_alternative_texts_that_describe_the_picture_stay() {
        let kept = [
            "The pier at dawn",
            "A chart of the tides in 2024",
            "Jane Doe opens the new sea wall with the mayor and the harbour master",
            "Boeing 747",
            "Nord-Ostsee-Kanal",
            "COVID-19",
            "港の潮時計",
        ];
        let dropped = [
            "IMG_2041.JPG",
            "DSC01234",
            "hero_image_2x",
            "hero-image-2x",
            "photo.png",
            "https://example.org/a.jpg",
            "Image",
            "photo",
            "Jane Doe",
            "Photo of Jane Doe",
            "jane doe headshot",
            "",
        ];
        let blocks: Vec<Block> = kept
            .iter()
            .chain(dropped.iter())
            .map(|alt| figure(alt, ""))
            .collect();
        let mut expected: Vec<String> = kept.iter().map(|alt| alt.to_string()).collect();
        expected.extend(dropped.iter().map(|_| String::new()));
        assert_eq!(alts(&tidy(blocks, false)), expected);
    }

    #[test]
    fn share_buttons_are_left_out_unless_captioned_or_kept() {
        let blocks = vec![
            figure("Bookmark and Share", ""),
            figure("Share on Facebook", ""),
            Block::Paragraph {
                content: vec![
                    Inline::text("Read on "),
                    Inline::Image {
                        image: ImageRef {
                            src: "https://example.org/print.gif".into(),
                            alt: "Print".into(),
                        },
                    },
                ],
            },
            figure("Print", "The printing press of 1890."),
        ];
        let tidied = tidy(blocks.clone(), false);
        assert_eq!(tidied.len(), 2, "{tidied:?}");
        assert_eq!(
            tidied[0],
            Block::Paragraph {
                content: vec![Inline::text("Read on ")]
            }
        );
        assert_eq!(alts(&tidied), [""]);
        let kept = tidy(blocks, true);
        assert_eq!(kept.len(), 4);
        assert_eq!(alts(&kept), ["", "", ""]);
    }

    #[test]
    fn a_caption_repeated_in_the_next_paragraph_is_printed_once() {
        let tidied = tidy(
            vec![
                figure("The pier", "The pier at dawn."),
                Block::paragraph("The pier at dawn"),
                figure("Boats in the harbour", ""),
                Block::paragraph("Boats in the harbour."),
                Block::paragraph("The pier at dawn."),
            ],
            false,
        );
        assert_eq!(
            tidied,
            vec![
                figure("The pier", "The pier at dawn."),
                figure("Boats in the harbour", "Boats in the harbour."),
                Block::paragraph("The pier at dawn."),
            ]
        );
    }
}
