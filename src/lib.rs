//! cleancopy turns web articles into clean ebooks.
//!
//! The pipeline has three stages, each a module:
//! 1. [`source`] reads an input (a file, standard input or a web address) and decodes it to
//!    text;
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

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use document::{Book, Document};
use source::{FetchOptions, Fetcher, Format, HttpFetcher, Input, SourceLimits};

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
    /// Limits on input size (files, standard input and every HTTP body).
    pub limits: SourceLimits,
    /// How web addresses are fetched (timeouts, headers, cookies, offline).
    pub network: FetchOptions,
}

/// Reads and normalizes one article, fetching a URL input with an [`HttpFetcher`] made from
/// `options.network`.
pub fn read_article(input: &Input, options: &ReadOptions) -> Result<Document, Error> {
    let fetcher = HttpFetcher::new(&options.network, options.limits)?;
    read_article_with(input, options, &fetcher)
}

/// Reads and normalizes one article, fetching a URL input with `fetcher`.
pub fn read_article_with(
    input: &Input,
    options: &ReadOptions,
    fetcher: &dyn Fetcher,
) -> Result<Document, Error> {
    let mut loaded = source::load_with(input, options.format, options.limits, fetcher)?;
    if options.url.is_some() {
        loaded.source.url = options.url.clone();
    }
    Ok(normalize::normalize(&loaded.source)?)
}

/// Reads several articles into one book, in the order given. Stops at the first failure.
pub fn read_book(
    inputs: &[Input],
    options: &ReadOptions,
    title: Option<String>,
) -> Result<Book, Error> {
    let fetcher = HttpFetcher::new(&options.network, options.limits)?;
    let articles = inputs
        .iter()
        .map(|input| read_article_with(input, options, &fetcher))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Book { title, articles })
}

/// Reads every input, `jobs` at a time, and returns one result per input in the order given:
/// a failure of one input does not stop the others. `on_done` is called (from a worker
/// thread) as each input finishes, with its index; a progress display hooks in there.
pub fn read_all(
    inputs: &[Input],
    options: &ReadOptions,
    fetcher: &dyn Fetcher,
    jobs: usize,
    on_done: &(dyn Fn(usize, &Result<Document, Error>) + Sync),
) -> Vec<Result<Document, Error>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Document, Error>>>> =
        Mutex::new(inputs.iter().map(|_| None).collect());
    let worker = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(input) = inputs.get(index) else {
            break;
        };
        let result = read_article_with(input, options, fetcher);
        on_done(index, &result);
        if let Ok(mut slots) = results.lock() {
            slots[index] = Some(result);
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, inputs.len().max(1)) {
            scope.spawn(worker);
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .map(|slot| slot.unwrap_or_else(|| Err(Error::Source(interrupted()))))
        .collect()
}

/// The error left for an input whose worker died (a panic in a normalizer): never lost silently.
fn interrupted() -> source::SourceError {
    source::SourceError::Network {
        input: "<worker>".to_string(),
        cause: "reading was interrupted".to_string(),
    }
}
