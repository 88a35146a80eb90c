//! Backends: one per output format, each turning a [`Book`] into bytes.
//!
//! Every backend implements [`Backend`] and owns its folder and options. A backend is given a
//! [`RenderContext`]: the book, the pictures the images stage made for it, and the moment the
//! book is said to be made. That is all it gets: backends never import each other, the
//! normalizers or the sources, and never see raw HTML. Text shared by the text and JSON
//! backends is written by [`plain`], below both; [`html`] and [`markdown`] write the cleaned
//! article as a web page and as Markdown. The words every book adds around an article
//! ("By", "Page 3 of 12", "Notes", dates) come from [`Locale`], in the article's language.

pub mod epub;
pub mod html;
pub mod json;
mod locale;
pub mod markdown;
pub mod pdf;
pub mod plain;
pub mod text;

use chrono::{DateTime, Utc};

pub use locale::{Locale, LOCALES};

use crate::document::{Book, EmbeddedImage};
use crate::limits::OptionError;

/// Something went wrong while rendering a book. Backends are given valid documents, so these
/// are internal failures of a format library (or options no book can be set with), reported
/// with the format's name.
#[derive(Debug, thiserror::Error)]
#[error("{format} output failed: {message}")]
pub struct BackendError {
    /// The backend's name ("epub", "pdf", …).
    pub format: &'static str,
    /// What went wrong.
    pub message: String,
}

impl BackendError {
    /// A failure of the `format` backend.
    pub fn new(format: &'static str, message: impl std::fmt::Display) -> Self {
        BackendError {
            format,
            message: message.to_string(),
        }
    }
}

/// Everything a backend needs to render one book.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext<'a> {
    /// The articles to render.
    pub book: &'a Book,
    /// The pictures the images stage loaded for the book (see [`EmbeddedImage::serves`]); a
    /// figure whose picture is not among them shows its alternative text.
    pub images: &'a [EmbeddedImage],
    /// The moment the book is said to be made, for the metadata that needs one.
    pub built_at: DateTime<Utc>,
}

impl<'a> RenderContext<'a> {
    /// A context for `book` without pictures, made at [`build_timestamp`].
    pub fn new(book: &'a Book) -> Self {
        RenderContext {
            book,
            images: &[],
            built_at: build_timestamp(),
        }
    }

    /// The same context with these pictures.
    pub fn with_images(self, images: &'a [EmbeddedImage]) -> Self {
        RenderContext { images, ..self }
    }
}

/// What a book's contents list: the levels of its navigation (the EPUB's nav and NCX, the
/// PDF's outline) and whether a contents page is printed in the book (`--toc`, `--no-toc`,
/// `--toc-depth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contents {
    /// Print a contents page (the EPUB's after its title page; a PDF's of a single article
    /// on a page before it). A PDF of several articles prints one unless the depth is 0
    /// (`--no-toc`).
    pub printed: bool,
    /// How many levels the contents hold, when given (`--toc-depth`): 1 the articles, 2 also
    /// their sections (`h2`), and so on down to [`Contents::ALL`]; 0 none, where the format
    /// allows it (a PDF then has no outline and no printed contents; an EPUB, whose format
    /// requires its nav, lists the articles). `None`: every level in the navigation, and the
    /// format's choice on a printed page (a PDF of several articles lists the articles).
    pub depth: Option<u8>,
}

impl Contents {
    /// Every level: the articles and their headings `h2` to `h6`.
    pub const ALL: u8 = 6;

    /// How many levels the navigation holds: the depth given, else [`Contents::ALL`].
    pub fn levels(&self) -> u8 {
        self.depth.unwrap_or(Contents::ALL)
    }

    /// Whether a heading of `level` (2–6, as in HTML) is listed.
    pub fn lists_heading(&self, level: u8) -> bool {
        level <= self.levels()
    }
}

impl Default for Contents {
    /// Every level in the navigation, no printed contents page (but in a PDF of several
    /// articles): a reader's own contents menu shows the navigation, and an article's headings
    /// rarely go deeper than three levels.
    fn default() -> Self {
        Contents {
            printed: false,
            depth: None,
        }
    }
}

/// A rendered book: the output file's bytes and what was given up to make them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The file.
    pub bytes: Vec<u8>,
    /// One line for each compromise the backend made.
    pub warnings: Vec<String>,
}

impl Rendered {
    /// A rendering that gave nothing up.
    pub fn clean(bytes: Vec<u8>) -> Self {
        Rendered {
            bytes,
            warnings: Vec::new(),
        }
    }
}

/// An output format.
pub trait Backend: Send + Sync {
    /// The format's short name, as used on the command line.
    fn name(&self) -> &'static str;
    /// The file extension of the format's output, without the dot.
    fn extension(&self) -> &'static str;
    /// The media type of the format's output (`application/epub+zip`, …).
    fn media_type(&self) -> &'static str;
    /// Whether the format shows pictures: the images stage runs only for those that do.
    fn shows_pictures(&self) -> bool {
        false
    }
    /// The largest output the format's readers take, in bytes, if there is a limit: the
    /// pipeline scales a book's pictures down until it fits.
    fn max_output_bytes(&self) -> Option<usize> {
        None
    }
    /// Checks the backend's options, so that a run with options no book can be set with
    /// stops before anything is read.
    fn check(&self) -> Result<(), OptionError> {
        Ok(())
    }
    /// Renders the book of `context` into the format's bytes.
    fn render(&self, context: &RenderContext<'_>) -> Result<Rendered, BackendError>;
}

/// The moment a book is said to be made, for metadata that needs one.
///
/// Honours `SOURCE_DATE_EPOCH` (seconds since 1970) so that builds can be reproduced byte for
/// byte; otherwise it is the current time.
pub fn build_timestamp() -> DateTime<Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|value| value.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(Utc::now)
}

/// What a figure whose picture is not shown prints in its place besides its caption: its
/// alternative text, unless it has none or the caption already says it (ignoring case, spaces
/// and punctuation). The normalizers keep an alternative text only when it describes the
/// picture, so a button's label or an author's name never comes this far.
pub fn figure_stand_in<'a>(alt: &'a str, caption: &[crate::document::Inline]) -> Option<&'a str> {
    let alt = alt.trim();
    let simple = |text: &str| {
        text.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let alt_words = simple(alt);
    if alt_words.is_empty() {
        return None;
    }
    let caption_words = format!(" {} ", simple(&crate::document::inlines_text(caption)));
    (!caption_words.contains(&format!(" {alt_words} "))).then_some(alt)
}
