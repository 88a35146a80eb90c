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
//! Between 2 and 3, [`images`] loads, checks and converts the pictures an EPUB embeds.
//!
//! [`output`] writes the result to disk safely (temporary file, then rename).
//!
//! Delivery ([`deliver`]) e-mails a finished EPUB to a reading service or copies a book onto a
//! mounted e-reader.
//!
//! # Example: a saved page to an EPUB and a PDF
//!
//! Read → normalize → write, on the example page shipped with the sources:
//!
//! ```
//! use cleancopy::backend::{epub::EpubBackend, pdf::PdfBackend, Backend};
//! use cleancopy::document::Book;
//! use cleancopy::source::Input;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Read and normalize: a file, `-` (standard input) or a web address.
//! let input = Input::from_arg("examples/tide-clock.html");
//! let article = cleancopy::read_article(&input, &cleancopy::ReadOptions::default())?;
//! assert_eq!(article.meta.title, "The Clockmaker Who Tells the Tides");
//! assert_eq!(article.meta.authors, ["Jonas Weller"]);
//!
//! // Write: any backend renders a book of one or more articles to bytes.
//! let book = Book::single(article);
//! let epub = EpubBackend::default().render(&book)?;
//! let pdf = PdfBackend::default().render(&book)?;
//! assert!(epub.starts_with(b"PK") && pdf.starts_with(b"%PDF"));
//!
//! // Save atomically; an existing file is never replaced unless asked.
//! let folder = tempfile::tempdir()?;
//! let path = folder.path().join("tide-clock.epub");
//! cleancopy::output::write_file(&path, &epub, false)?;
//! assert!(cleancopy::output::write_file(&path, &epub, false).is_err());
//! # Ok(())
//! # }
//! ```
//!
//! # Example: text already in memory
//!
//! [`normalize::normalize`] takes decoded text, so a page held in a string needs no file:
//!
//! ```
//! use cleancopy::source::{Format, SourceText};
//!
//! let page = SourceText {
//!     name: "memo".into(),
//!     text: "<html><head><title>Harbour memo</title></head><body><article>\
//!            <h1>Harbour memo</h1><p>The ferry leaves at nine on Saturdays from the north \
//!            quay, and the harbour office opens an hour before it. Tickets are sold on \
//!            board; bicycles travel free.</p></article></body></html>"
//!         .into(),
//!     format: Format::Html,
//!     url: None,
//! };
//! let article = cleancopy::normalize::normalize(&page).expect("an article");
//! assert_eq!(article.meta.title, "Harbour memo");
//! assert!(article.word_count() > 20);
//! ```
//!
//! `examples/convert.rs` is a small program doing the same from the command line
//! (`cargo run --example convert -- page.html page.epub`).

pub mod backend;
pub mod deliver;
pub mod document;
pub mod fonts;
pub mod images;
pub mod normalize;
pub mod output;
pub mod source;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use document::{Book, Document};
use source::{FetchOptions, Fetcher, Format, HttpFetcher, Input, Origin, SourceLimits};

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
    /// Reading one input of several hit a bug (a panic); the other inputs were still read.
    #[error("{input}: internal error while reading this input (a bug; please report it)")]
    Internal { input: String },
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
    /// How pages become documents (`keep_all` converts whole pages).
    pub normalize: normalize::NormalizeOptions,
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
    Ok(read_sourced_with(input, options, fetcher)?.document)
}

/// An article and where it came from: the [`Origin`] decides which of its images may be
/// loaded (see [`images`]).
#[derive(Debug, Clone)]
pub struct Sourced {
    /// The normalized article.
    pub document: Document,
    /// Where the page was read from.
    pub origin: Origin,
}

/// Reads and normalizes one article like [`read_article_with`], keeping its origin.
pub fn read_sourced_with(
    input: &Input,
    options: &ReadOptions,
    fetcher: &dyn Fetcher,
) -> Result<Sourced, Error> {
    let mut loaded = source::load_with(input, options.format, options.limits, fetcher)?;
    if options.url.is_some() {
        loaded.source.url = options.url.clone();
    }
    Ok(Sourced {
        document: normalize::normalize_with(&loaded.source, options.normalize)?,
        origin: loaded.origin,
    })
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
    let read = |input: &Input| read_article_with(input, options, fetcher);
    read_each(inputs, &read, jobs, on_done)
}

/// [`read_all`], keeping each article's origin (for the [`images`] stage).
pub fn read_all_sourced(
    inputs: &[Input],
    options: &ReadOptions,
    fetcher: &dyn Fetcher,
    jobs: usize,
    on_done: &(dyn Fn(usize, &Result<Sourced, Error>) + Sync),
) -> Vec<Result<Sourced, Error>> {
    let read = |input: &Input| read_sourced_with(input, options, fetcher);
    read_each(inputs, &read, jobs, on_done)
}

/// Runs `read` on every input, `jobs` at a time; results in the order of the inputs. A panic
/// in `read` becomes that input's error. `read` may do more than read (a script can render
/// each article as it is read, so that no more than `jobs` articles are held at once).
pub fn read_each<T: Send>(
    inputs: &[Input],
    read: &(dyn Fn(&Input) -> Result<T, Error> + Sync),
    jobs: usize,
    on_done: &(dyn Fn(usize, &Result<T, Error>) + Sync),
) -> Vec<Result<T, Error>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<T, Error>>>> =
        Mutex::new(inputs.iter().map(|_| None).collect());
    let worker = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(input) = inputs.get(index) else {
            break;
        };
        let result = read_guarded(input, read);
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
        .zip(inputs)
        .map(|(slot, input)| {
            slot.unwrap_or_else(|| {
                Err(Error::Internal {
                    input: input.display_name(),
                })
            })
        })
        .collect()
}

/// Reads one input, turning a panic (a bug in some stage) into that input's error so that the
/// other inputs of a run are not lost with it.
fn read_guarded<T>(
    input: &Input,
    read: &(dyn Fn(&Input) -> Result<T, Error> + Sync),
) -> Result<T, Error> {
    let read = std::panic::AssertUnwindSafe(|| read(input));
    std::panic::catch_unwind(read).unwrap_or_else(|_| {
        Err(Error::Internal {
            input: input.display_name(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use source::{Fetched, SourceError};

    /// Serves `/slow` late, `/fail` never, and any other address at once.
    struct FakeFetcher;

    impl Fetcher for FakeFetcher {
        fn fetch(&self, url: &str, _: Option<&str>) -> Result<Fetched, SourceError> {
            if url.ends_with("/fail") {
                return Err(SourceError::Http {
                    input: url.into(),
                    status: 404,
                    reason: "Not Found".into(),
                });
            }
            if url.ends_with("/slow") {
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            let name = url.rsplit('/').next().unwrap_or("page");
            let body = format!(
                "<html><head><title>Story {name}</title></head><body><article><p>{}</p></article></body></html>",
                "The harbour board met again to talk about the wall and the storms. ".repeat(6)
            );
            Ok(Fetched {
                url: url.into(),
                media_type: Some("text/html".into()),
                charset: None,
                bytes: body.into_bytes(),
            })
        }
    }

    #[test]
    fn read_all_keeps_the_order_given_and_survives_a_failure() {
        let inputs: Vec<Input> = ["slow", "fail", "fast"]
            .iter()
            .map(|p| Input::Url(format!("https://example.org/{p}")))
            .collect();
        let done = AtomicUsize::new(0);
        let on_done = |_: usize, _: &Result<Document, Error>| {
            done.fetch_add(1, Ordering::Relaxed);
        };
        let results = read_all(&inputs, &ReadOptions::default(), &FakeFetcher, 3, &on_done);
        assert_eq!(done.load(Ordering::Relaxed), 3);
        let titles: Vec<String> = results
            .iter()
            .map(|r| match r {
                Ok(doc) => doc.meta.title.clone(),
                Err(err) => err.to_string(),
            })
            .collect();
        assert_eq!(
            titles,
            [
                "Story slow",
                "https://example.org/fail: HTTP 404 Not Found",
                "Story fast"
            ]
        );
    }
}
