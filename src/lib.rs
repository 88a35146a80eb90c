//! cleancopy turns web articles into clean ebooks.
//!
//! The pipeline has three stages, each a module:
//! 1. [`source`] reads an input (file or standard input) and decodes it to text;
//! 2. [`normalize`] finds the article in it, drops the boilerplate and builds a
//!    [`document::Document`];
//! 3. a [`backend`] writes one or more documents (a [`document::Book`]) as EPUB, PDF, text or
//!    JSON.
//!
//! [`output`] writes the result to disk safely (temporary file, then rename).
//!
//! ```no_run
//! use cleancopy::backend::{epub::EpubBackend, Backend};
//! use cleancopy::document::Book;
//! use cleancopy::source::Input;
//!
//! # fn main() -> Result<(), cleancopy::Error> {
//! let article = cleancopy::read_article(&Input::from_arg("page.html"), &Default::default())?;
//! let epub = EpubBackend::default().render(&Book::single(article))?;
//! cleancopy::output::write_file(std::path::Path::new("page.epub"), &epub, false)?;
//! # Ok(())
//! # }
//! ```

pub mod backend;
pub mod document;
pub mod normalize;
pub mod output;
pub mod source;

use document::{Book, Document};
use source::{Format, Input, SourceLimits};

/// Everything that can go wrong between an input and an output file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be read.
    #[error(transparent)]
    Source(#[from] source::SourceError),
    /// The input holds no article.
    #[error(transparent)]
    Normalize(#[from] normalize::NormalizeError),
    /// A backend failed.
    #[error(transparent)]
    Backend(#[from] backend::BackendError),
    /// The output could not be written.
    #[error(transparent)]
    Output(#[from] output::OutputError),
}

/// How inputs are read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Read every input as this format instead of detecting it.
    pub format: Option<Format>,
    /// The page's original address: resolves relative links and becomes the source URL.
    pub url: Option<String>,
    /// Limits on input size.
    pub limits: SourceLimits,
}

/// Reads and normalizes one article.
pub fn read_article(input: &Input, options: &ReadOptions) -> Result<Document, Error> {
    let mut source = source::load(input, options.format, options.limits)?;
    if options.url.is_some() {
        source.url = options.url.clone();
    }
    Ok(normalize::normalize(&source)?)
}

/// Reads several articles into one book, in the order given. Stops at the first failure.
pub fn read_book(
    inputs: &[Input],
    options: &ReadOptions,
    title: Option<String>,
) -> Result<Book, Error> {
    let articles = inputs
        .iter()
        .map(|input| read_article(input, options))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Book { title, articles })
}
