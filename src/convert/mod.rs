//! The pipeline as one library call: inputs and options in, rendered books out.
//!
//! Like pandoc (reader → document → writer) and mdBook (a renderer per backend, given a
//! context with everything it needs), a [`Converter`] runs the stages in order:
//! 1. [`crate::source`] reads each input (a file, standard input, a web address) — several at
//!    once, see [`Options::jobs`];
//! 2. [`crate::normalize`] finds the article and builds a [`Document`];
//! 3. [`crate::images`] loads and converts the pictures, for formats that show them, within
//!    what the page left of its input's time (`--timeout`, [`FetchOptions::timeout`]: one
//!    [`Budget`] for the page, the redirects to it and its pictures);
//! 4. the [`Backend`] renders a [`RenderContext`] (the book, its pictures, the build time),
//!    scaled down to the format's size limit when there is one (`fit`).
//!
//! The result is a [`Made`] book: bytes, a file name, the facts scripts print and the
//! warnings. [`Destination`] writes it where the user asked. The command line, the examples
//! and scripts all go through here, so they make the same books.
//!
//! ```
//! use cleancopy::convert::{Converter, Options, OutputFormat};
//! use cleancopy::source::Input;
//!
//! # fn main() -> Result<(), cleancopy::Error> {
//! let converter = Converter::new(OutputFormat::epub(), Options::default())?;
//! let made = converter.convert(&[Input::from_arg("examples/tide-clock.html")], None)?;
//! assert_eq!(made.title, "The Clockmaker Who Tells the Tides");
//! assert_eq!(made.file_name, "the-clockmaker-who-tells-the-tides.epub");
//! assert_eq!(made.images, 1, "the book carries the article's picture");
//! assert!(made.bytes.starts_with(b"PK"));
//! # Ok(())
//! # }
//! ```

mod collection;
mod existing;
mod fit;
mod inputs;
mod made;
#[cfg(feature = "email")]
mod mail;
mod name;
mod observe;
mod write;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};

pub use existing::{epub_facts, existing_books, is_same_book, EpubFacts};
pub use fit::render_within_limit;
pub use inputs::{FeedRequest, Gathered, InputSelection};
pub use made::Removed;
pub use made::{Made, Record, Written};
#[cfg(feature = "email")]
pub use mail::{send_books, Delivery, SendStatus, SentBook};
pub use name::NameTemplate;
pub use observe::{Observer, Silent};
pub use write::{is_stdout, Destination, Placed, UsedNames};

use crate::backend::epub::{EpubBackend, EpubOptions};
use crate::backend::html::HtmlBackend;
use crate::backend::json::JsonBackend;
use crate::backend::markdown::MarkdownBackend;
use crate::backend::pdf::{PdfBackend, PdfOptions};
use crate::backend::text::{TextBackend, TextOptions};
use crate::backend::{build_timestamp, Backend, RenderContext};
use crate::document::{Book, Document};
use crate::error::Error;
use crate::images::{prepare_images, ImageOptions};
use crate::limits::{check_range, JOBS};
use crate::normalize::{self, NormalizeOptions};
use crate::source::{
    self, Budget, FetchOptions, Fetcher, HttpFetcher, Input, InputFormat, Origin, SourceLimits,
};

/// How inputs are read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Read every input as this format instead of detecting it.
    pub format: Option<InputFormat>,
    /// The page's original address: resolves relative links and becomes the source URL. Only
    /// for a run of a single input.
    pub url: Option<String>,
    /// Limits on input size (files, standard input and every HTTP body).
    pub limits: SourceLimits,
    /// How web addresses are fetched (headers, cookies, offline), and the time each input may
    /// take ([`FetchOptions::timeout`]: its page, redirects and pictures together).
    pub network: FetchOptions,
    /// How pages become documents (`keep_all` converts whole pages).
    pub normalize: NormalizeOptions,
    /// The language of the articles that do not state one (`--lang`), instead of the one
    /// guessed from their words: a BCP 47 tag such as `de` or `pt-BR`.
    pub language: Option<String>,
    /// The authors every article is credited to (`--author`), instead of those the page names;
    /// empty keeps the page's.
    pub authors: Vec<String>,
}

/// How a run reads its inputs and prepares their pictures.
#[derive(Debug, Clone)]
pub struct Options {
    /// How inputs are read.
    pub read: ReadOptions,
    /// How pictures are loaded and converted, for formats that show them; `None` leaves them
    /// out (figures show their captions).
    pub pictures: Option<ImageOptions>,
    /// How many inputs are read at once (see [`crate::limits::JOBS`]).
    pub jobs: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            read: ReadOptions::default(),
            pictures: Some(ImageOptions::default()),
            jobs: 4,
        }
    }
}

/// The format books are made in, with its options.
#[derive(Debug, Clone)]
pub enum OutputFormat {
    /// An EPUB 3 book.
    Epub(EpubOptions),
    /// A printable PDF.
    Pdf(PdfOptions),
    /// Plain text.
    Text(TextOptions),
    /// JSON Lines: metadata, text and blocks of each article.
    Json,
    /// A standalone HTML page.
    Html,
    /// Markdown with front matter.
    Markdown,
}

impl OutputFormat {
    /// EPUB with the default options.
    pub fn epub() -> Self {
        OutputFormat::Epub(EpubOptions::default())
    }

    /// PDF with the default options.
    pub fn pdf() -> Self {
        OutputFormat::Pdf(PdfOptions::default())
    }

    /// The backend that writes the format.
    pub fn backend(self) -> Box<dyn Backend> {
        match self {
            OutputFormat::Epub(options) => Box::new(EpubBackend::new(options)),
            OutputFormat::Pdf(options) => Box::new(PdfBackend::new(options)),
            OutputFormat::Text(options) => Box::new(TextBackend::new(options)),
            OutputFormat::Json => Box::new(JsonBackend),
            OutputFormat::Html => Box::new(HtmlBackend),
            OutputFormat::Markdown => Box::new(MarkdownBackend),
        }
    }
}

/// An article and where it came from: the [`Origin`] decides which of its pictures may be
/// loaded (see [`crate::images`]), and the [`Budget`] how long they may take.
#[derive(Debug, Clone)]
pub struct Sourced {
    /// The normalized article.
    pub document: Document,
    /// Where the page was read from.
    pub origin: Origin,
    /// What reading the page left of its input's time, for its pictures.
    pub budget: Budget,
    /// The input, as messages name it, and what its normalizer removed (only when
    /// [`NormalizeOptions::note_removals`] asked for it).
    pub removed: Removed,
}

/// A book made of several inputs, and the inputs that could not be read.
#[derive(Debug)]
pub struct Conversion {
    /// The book of every article that was read.
    pub made: Made,
    /// One line for each input that failed (also among the book's warnings).
    pub failures: Vec<String>,
    /// How many inputs there were.
    pub total: usize,
}

/// The books a run made and how it went.
#[derive(Debug, Default)]
pub struct Run {
    /// The book made, with its bytes. Empty for a split run (one book per input): each book
    /// is handed to the observer as it is written, and let go, so that a batch holds no
    /// books, nor their records (which would scatter small allocations through the freed
    /// books' memory and keep it from the next ones).
    pub books: Vec<Made>,
    /// How many books were written.
    pub written: usize,
    /// How many books of a split run were there already and kept (`--skip-existing`).
    pub kept: usize,
    /// How many inputs failed (each reported to the observer).
    pub failures: usize,
    /// How many inputs there were.
    pub total: usize,
}

impl Run {
    /// After a partial success, how many inputs failed and what became of the others, on one
    /// line; `None` when none failed.
    pub fn summary(&self, split: bool) -> Option<String> {
        if self.failures == 0 {
            return None;
        }
        let (failures, total) = (self.failures, self.total);
        let others = total - failures;
        let rest = if split {
            format!("the other {others} were written")
        } else {
            format!("the output has the other {others}")
        };
        Some(format!("{failures} of {total} inputs failed; {rest}"))
    }
}

/// Called as each input of a run is done, with its index among the inputs (from a worker
/// thread); a progress display hooks in here.
pub type OnDone<'a> = &'a (dyn Fn(usize) + Sync);

/// The pipeline, set up once for a run: a backend, how inputs are read and how pictures are
/// prepared. It can be used from several threads at once.
pub struct Converter {
    backend: Box<dyn Backend>,
    options: Options,
    fetcher: Arc<dyn Fetcher>,
}

impl std::fmt::Debug for Converter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Converter")
            .field("backend", &self.backend.name())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Converter {
    /// A converter to `format`, fetching web addresses over HTTP as `options` say. Every
    /// option is checked here, before anything is read.
    pub fn new(format: OutputFormat, options: Options) -> Result<Self, Error> {
        let fetcher = HttpFetcher::new(&options.read.network, options.read.limits)?;
        Self::with_fetcher(format.backend(), options, Arc::new(fetcher))
    }

    /// A converter with its own backend and fetcher (a test's, a server's).
    pub fn with_fetcher(
        backend: Box<dyn Backend>,
        options: Options,
        fetcher: Arc<dyn Fetcher>,
    ) -> Result<Self, Error> {
        check_range("--jobs", options.jobs, &JOBS, "")?;
        if let Some(pictures) = &options.pictures {
            pictures.check()?;
        }
        backend.check()?;
        Ok(Converter {
            backend,
            options,
            fetcher,
        })
    }

    /// The backend books are rendered with.
    pub fn backend(&self) -> &dyn Backend {
        self.backend.as_ref()
    }

    /// The fetcher web addresses are read with.
    pub fn fetcher(&self) -> &dyn Fetcher {
        self.fetcher.as_ref()
    }

    /// The inputs `selection` names (reading its list and feed).
    pub fn gather(&self, selection: &InputSelection) -> Result<Gathered, Error> {
        let gathered = selection.gather(self.fetcher(), self.options.read.limits)?;
        self.check_single_url(gathered.inputs.len())?;
        Ok(gathered)
    }

    /// Reads and normalizes one input, its page (and the redirects to it) fetched within the
    /// input's time; what is left of it goes with the article, for its pictures.
    pub fn read(&self, input: &Input) -> Result<Sourced, Error> {
        let read = &self.options.read;
        let deadline = Budget::new(read.network.timeout).start();
        let fetcher = self.fetcher();
        let mut loaded = source::load_before(input, read.format, read.limits, fetcher, &deadline)?;
        let budget = deadline.pause();
        if read.url.is_some() {
            loaded.source.url = read.url.clone();
        }
        self.normalize(loaded, budget, input.display_name())
    }

    /// Reads and normalizes a page held in memory (see [`source::load_bytes`]): `bytes` named
    /// `name`, read at `url`. Its pictures are loaded within the input's whole time.
    pub fn read_bytes(
        &self,
        name: &str,
        bytes: Vec<u8>,
        url: Option<&str>,
    ) -> Result<Sourced, Error> {
        let limit = self.options.read.limits.max_bytes;
        if bytes.len() as u64 > limit {
            return Err(source::SourceError::TooLarge {
                input: name.to_string(),
                limit,
            }
            .into());
        }
        let loaded = source::load_bytes(name, bytes, url, self.options.read.format)?;
        let budget = Budget::new(self.options.read.network.timeout);
        self.normalize(loaded, budget, name.to_string())
    }

    /// Finds the article in a page read (the input named `name`), with the run's language and
    /// authors.
    fn normalize(
        &self,
        loaded: source::Loaded,
        budget: Budget,
        name: String,
    ) -> Result<Sourced, Error> {
        let read = &self.options.read;
        let normalize = NormalizeOptions {
            no_language_guess: read.normalize.no_language_guess || read.language.is_some(),
            ..read.normalize
        };
        let normalized = normalize::normalize_noting(&loaded.source, normalize)?;
        let mut document = normalized.document;
        if document.meta.language.is_none() {
            document.meta.language = read.language.clone();
        }
        if !read.authors.is_empty() {
            document.meta.authors = read.authors.clone();
        }
        Ok(Sourced {
            document,
            origin: loaded.origin,
            budget,
            removed: Removed {
                input: name,
                removals: normalized.removals,
            },
        })
    }

    /// Renders the articles as one book titled `title` (the first article's title when
    /// `None`), with their pictures when the format shows them.
    pub fn render(&self, articles: Vec<Sourced>, title: Option<String>) -> Result<Made, Error> {
        let mut documents = Vec::with_capacity(articles.len());
        let mut origins = Vec::with_capacity(articles.len());
        let mut budgets = Vec::with_capacity(articles.len());
        let mut removed = Vec::new();
        for sourced in articles {
            documents.push(sourced.document);
            origins.push(sourced.origin);
            budgets.push(sourced.budget);
            if sourced.removed.removals.is_enabled() {
                removed.push(sourced.removed);
            }
        }
        let book = Book {
            title,
            articles: documents,
        };
        let mut made = self.render_within(&book, &origins, &budgets)?;
        made.removed = removed;
        Ok(made)
    }

    /// Renders `book`, whose article `i` came from `origins[i]` (an article without an origin
    /// loads no pictures); each article's pictures may take the whole of an input's time.
    pub fn render_book(&self, book: &Book, origins: &[Origin]) -> Result<Made, Error> {
        let budgets = vec![Budget::new(self.options.read.network.timeout); origins.len()];
        self.render_within(book, origins, &budgets)
    }

    /// [`Converter::render_book`], article `i`'s pictures loaded within `budgets[i]`.
    fn render_within(
        &self,
        book: &Book,
        origins: &[Origin],
        budgets: &[Budget],
    ) -> Result<Made, Error> {
        let backend = self.backend();
        let prepared = match &self.options.pictures {
            Some(options) if backend.shows_pictures() => {
                prepare_images(book, origins, budgets, self.fetcher(), options)
            }
            _ => Default::default(),
        };
        let context = RenderContext {
            book,
            images: &prepared.images,
            built_at: build_timestamp(),
        };
        let rendered = render_within_limit(backend, &context)?;
        let mut made = Made::new(
            book,
            rendered.bytes,
            backend.extension(),
            backend.media_type(),
        );
        made.images = prepared.images.len();
        made.warnings = prepared
            .warnings
            .iter()
            .map(ToString::to_string)
            .chain(rendered.warnings)
            .map(|warning| warning.replace('\n', " "))
            .collect();
        Ok(made)
    }

    /// Reads every input (`jobs` at a time) and makes one book of the articles read, titled
    /// `title` (else the only article's, or of several the first article's site and a date). Inputs that fail are left out and reported; it is
    /// an error only when none could be read (a single input's own error when there was one).
    pub fn convert(&self, inputs: &[Input], title: Option<String>) -> Result<Made, Error> {
        self.convert_reporting(inputs, title, &|_| {})
            .map(|conversion| conversion.made)
    }

    /// [`Converter::convert`], calling `on_done` as each input is read, and returning the
    /// failures apart as well.
    pub fn convert_reporting(
        &self,
        inputs: &[Input],
        title: Option<String>,
        on_done: OnDone<'_>,
    ) -> Result<Conversion, Error> {
        let gathered = Gathered {
            inputs: inputs.to_vec(),
            ..Gathered::default()
        };
        self.convert_gathered(&gathered, title, &|_| {}, on_done)
    }

    /// [`Converter::convert_reporting`], the failures of inputs from a reading list naming
    /// its line.
    fn convert_gathered(
        &self,
        gathered: &Gathered,
        title: Option<String>,
        on_start: &(dyn Fn(&Input) + Sync),
        on_done: OnDone<'_>,
    ) -> Result<Conversion, Error> {
        let inputs = &gathered.inputs;
        self.check_single_url(inputs.len())?;
        let read = |input: &Input| {
            on_start(input);
            self.read(input)
        };
        let results = self.each(inputs, &read, on_done);
        let total = results.len();
        let mut articles = Vec::new();
        let mut errors = Vec::new();
        for (index, result) in results.into_iter().enumerate() {
            match result {
                Ok(article) => articles.push(article),
                Err(err) => errors.push((index, err)),
            }
        }
        let failures: Vec<String> = (errors.iter())
            .map(|(index, err)| gathered.placed(*index, err.one_line()))
            .collect();
        if articles.is_empty() {
            return Err(match errors.len() {
                1 if !gathered.places.contains_key(&errors[0].0) => errors.remove(0).1,
                _ => Error::NothingMade {
                    total,
                    done: "read",
                    failures,
                },
            });
        }
        let title = title.or_else(|| match articles.len() {
            1 => gathered.feed_title.clone(),
            _ => {
                let documents: Vec<&Document> = articles.iter().map(|a| &a.document).collect();
                Some(collection::collection_title(
                    gathered.feed_title.as_deref(),
                    &documents,
                ))
            }
        });
        let mut made = self.render(articles, title)?;
        made.warnings.extend(failures.iter().cloned());
        Ok(Conversion {
            made,
            failures,
            total,
        })
    }

    /// Makes one book per input, `jobs` at a time, handing each to `on_made` in the order of
    /// the inputs as soon as it and the books before it are made (so that an interrupted run
    /// keeps every book finished): at most [`SPLIT_BATCH`] books are held at once, whatever the
    /// number of inputs. A failed input is handed over as its error; an error returned by
    /// `on_made` stops the run.
    pub fn convert_each<E: From<Error>>(
        &self,
        inputs: &[Input],
        on_done: OnDone<'_>,
        on_made: impl FnMut(&Input, Result<Made, Error>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.convert_each_started(inputs, &|_| {}, on_done, on_made)
    }

    /// [`Converter::convert_each`], calling `on_start` as each input begins to be read.
    fn convert_each_started<E: From<Error>>(
        &self,
        inputs: &[Input],
        on_start: &(dyn Fn(&Input) + Sync),
        on_done: OnDone<'_>,
        mut on_made: impl FnMut(&Input, Result<Made, Error>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.check_single_url(inputs.len())?;
        let make = |input: &Input| {
            on_start(input);
            let sourced = self.read(input)?;
            let book = Book::single(sourced.document);
            let mut made = self.render_within(&book, &[sourced.origin], &[sourced.budget])?;
            if sourced.removed.removals.is_enabled() {
                made.removed = vec![sourced.removed];
            }
            Ok(made)
        };
        for (batch, start) in inputs.chunks(SPLIT_BATCH).zip((0..).step_by(SPLIT_BATCH)) {
            let on_done = |index: usize| on_done(start + index);
            self.each_in_order(batch, &make, &on_done, |index, result| {
                on_made(&batch[index], result)
            })?;
        }
        Ok(())
    }

    /// Runs `work` on every input, [`Options::jobs`] at a time, and hands each result to
    /// `handle` on this thread, in the order of the inputs, as soon as it and those before it
    /// are done. An error from `handle` stops the inputs not started yet and is returned.
    fn each_in_order<T: Send, E>(
        &self,
        inputs: &[Input],
        work: &(dyn Fn(&Input) -> Result<T, Error> + Sync),
        on_done: OnDone<'_>,
        mut handle: impl FnMut(usize, Result<T, Error>) -> Result<(), E>,
    ) -> Result<(), E> {
        let workers = self.options.jobs.clamp(1, inputs.len().max(1));
        if workers == 1 {
            for (index, input) in inputs.iter().enumerate() {
                let result = guarded(input, work);
                on_done(index);
                handle(index, result)?;
            }
            return Ok(());
        }
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let (sender, receiver) = mpsc::channel();
            for _ in 0..workers {
                let sender = sender.clone();
                let (next, stop) = (&next, &stop);
                scope.spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(input) = inputs.get(index) else {
                            break;
                        };
                        let result = guarded(input, work);
                        on_done(index);
                        if sender.send((index, result)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            let mut waiting = BTreeMap::new();
            let mut expected = 0;
            let mut hand_over = |index: usize, result| {
                handle(index, result).inspect_err(|_| stop.store(true, Ordering::Relaxed))
            };
            for (index, result) in receiver {
                waiting.insert(index, result);
                while let Some(result) = waiting.remove(&expected) {
                    hand_over(expected, result)?;
                    expected += 1;
                }
            }
            // A worker that died outside `guarded` leaves its inputs without a result.
            for (index, input) in inputs.iter().enumerate().skip(expected) {
                let result = waiting
                    .remove(&index)
                    .unwrap_or_else(|| Err(internal(input)));
                hand_over(index, result)?;
            }
            Ok(())
        })
    }

    /// Makes the books of `gathered` and writes them where `destination` says: one book of
    /// every article (titled `title`; else, of several articles, after the feed or the first
    /// article's site and the newest article's date), or one book per
    /// input with [`Destination::split`]. Books for standard output are returned unwritten.
    /// Inputs that fail are reported to `observer` and left out; it is an error only when
    /// nothing could be made.
    pub fn run(
        &self,
        gathered: Gathered,
        title: Option<String>,
        destination: &Destination,
        observer: &dyn Observer,
    ) -> Result<Run, Error> {
        let inputs = &gathered.inputs;
        let on_done = |index: usize| observer.input_done(&inputs[index].display_name());
        if destination.split {
            if title.is_some() {
                return Err(Error::Usage(
                    "--title names one book; with --split each article's book has its own title"
                        .into(),
                ));
            }
            return self.run_split(&gathered, destination, observer);
        }
        let on_start = |input: &Input| observer.input_started(&input.display_name());
        let conversion = self.convert_gathered(&gathered, title, &on_start, &on_done);
        observer.inputs_done();
        let conversion = conversion.inspect_err(|err| {
            if let Error::NothingMade { failures, .. } = err {
                failures.iter().for_each(|failure| observer.failed(failure));
            }
        })?;
        let mut made = conversion.made;
        conversion
            .failures
            .iter()
            .for_each(|failure| observer.failed(failure));
        made.removed
            .iter()
            .for_each(|removed| observer.removed(&removed.input, &removed.removals));
        // The failures, reported as such, close the book's warnings.
        let own = made.warnings.len() - conversion.failures.len();
        observer.warnings(&made.warnings[..own]);
        if !destination.is_stdout() {
            let notes = destination.write_book(&mut made)?;
            observer.written(&made, &notes);
        }
        Ok(Run {
            written: usize::from(!made.written.is_empty()),
            kept: 0,
            books: vec![made],
            failures: conversion.failures.len(),
            total: conversion.total,
        })
    }

    /// [`Converter::run`] with one book per input, each written (and its bytes let go) as soon
    /// as its batch is made.
    fn run_split(
        &self,
        gathered: &Gathered,
        destination: &Destination,
        observer: &dyn Observer,
    ) -> Result<Run, Error> {
        let inputs = &gathered.inputs;
        let created = destination.create_folder()?;
        let on_done = |index: usize| observer.input_done(&inputs[index].display_name());
        let mut names = UsedNames::default();
        let mut run = Run {
            total: inputs.len(),
            ..Run::default()
        };
        let mut failures = Vec::new();
        let mut handed = 0;
        let on_start = |input: &Input| observer.input_started(&input.display_name());
        let result = self.convert_each_started(
            inputs,
            &on_start,
            &on_done,
            |input: &Input, made: Result<Made, Error>| {
                handed += 1;
                let mut made = match made {
                    Ok(made) => made,
                    Err(err) => {
                        let failure = gathered.placed(handed - 1, naming_the_input(input, &err));
                        observer.failed(&failure);
                        failures.push(failure);
                        return Ok(());
                    }
                };
                made.removed
                    .iter()
                    .for_each(|removed| observer.removed(&removed.input, &removed.removals));
                match destination.write_split(&mut made, &mut names, handed)? {
                    Placed::Written(notes) => {
                        observer.warnings(&made.warnings[..made.warnings.len() - notes.len()]);
                        made.release();
                        observer.written(&made, &notes);
                        run.written += 1;
                    }
                    Placed::Kept(path) => {
                        observer.kept(&path);
                        run.kept += 1;
                    }
                }
                Ok::<(), Error>(())
            },
        );
        observer.inputs_done();
        if created && run.written == 0 {
            destination.remove_empty_folder();
        }
        if let Err(cause) = result {
            let untried = inputs[handed.min(inputs.len())..]
                .iter()
                .map(Input::display_name)
                .collect();
            return Err(Error::Stopped {
                cause: Box::new(cause),
                untried,
            });
        }
        run.failures = failures.len();
        if run.written + run.kept == 0 && !failures.is_empty() {
            return Err(Error::NothingMade {
                total: run.total,
                done: "converted",
                failures,
            });
        }
        Ok(run)
    }

    /// `--url` names the address of one page.
    fn check_single_url(&self, inputs: usize) -> Result<(), Error> {
        if self.options.read.url.is_some() && inputs != 1 {
            return Err(Error::Usage(
                "--url gives the address of one page; use it with a single input".into(),
            ));
        }
        Ok(())
    }

    /// Runs `work` on every input, [`Options::jobs`] at a time; results in the order of the
    /// inputs. A panic in `work` becomes that input's error, so that the other inputs of a run
    /// are not lost with it.
    fn each<T: Send>(
        &self,
        inputs: &[Input],
        work: &(dyn Fn(&Input) -> Result<T, Error> + Sync),
        on_done: OnDone<'_>,
    ) -> Vec<Result<T, Error>> {
        let workers = self.options.jobs.clamp(1, inputs.len().max(1));
        if workers == 1 {
            // One at a time: on this thread, without starting another.
            return (inputs.iter().enumerate())
                .map(|(index, input)| {
                    let result = guarded(input, work);
                    on_done(index);
                    result
                })
                .collect();
        }
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<Result<T, Error>>>> =
            Mutex::new(inputs.iter().map(|_| None).collect());
        let worker = || loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(index) else {
                break;
            };
            let result = guarded(input, work);
            on_done(index);
            if let Ok(mut slots) = results.lock() {
                slots[index] = Some(result);
            }
        };
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(worker);
            }
        });
        results
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .into_iter()
            .zip(inputs)
            .map(|(slot, input)| slot.unwrap_or_else(|| Err(internal(input))))
            .collect()
    }
}

/// How many articles of a split run are read and rendered together: the most it holds in
/// memory at once (books made ahead of one still being read), whatever the number of inputs.
pub const SPLIT_BATCH: usize = 32;

/// The error on one line, beginning with the input's name (reading errors give it already;
/// rendering errors do not).
fn naming_the_input(input: &Input, err: &Error) -> String {
    let name = input.display_name();
    let line = err.one_line();
    if line.starts_with(&name) {
        line
    } else {
        format!("{name}: {line}")
    }
}

/// Runs `work` on one input, turning a panic (a bug in some stage) into that input's error.
fn guarded<T>(
    input: &Input,
    work: &(dyn Fn(&Input) -> Result<T, Error> + Sync),
) -> Result<T, Error> {
    let work = std::panic::AssertUnwindSafe(|| work(input));
    std::panic::catch_unwind(work).unwrap_or_else(|_| Err(internal(input)))
}

fn internal(input: &Input) -> Error {
    Error::Internal {
        input: input.display_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Fetched, SourceError};

    /// Serves `/slow` late, `/fail` never, and any other address at once.
    struct FakeFetcher;

    impl Fetcher for FakeFetcher {
        fn fetch(&self, url: &str, _: Option<&str>) -> Result<Fetched, SourceError> {
            if url.ends_with("/fail") {
                return Err(SourceError::Http {
                    input: url.into(),
                    status: 404,
                    reason: "Not Found".into(),
                    at: None,
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

    fn converter(jobs: usize) -> Converter {
        let options = Options {
            jobs,
            ..Options::default()
        };
        Converter::with_fetcher(OutputFormat::Json.backend(), options, Arc::new(FakeFetcher))
            .unwrap()
    }

    fn urls(paths: &[&str]) -> Vec<Input> {
        paths
            .iter()
            .map(|p| Input::Url(format!("https://example.org/{p}")))
            .collect()
    }

    #[test]
    fn a_book_keeps_the_order_given_and_survives_a_failure() {
        let done = AtomicUsize::new(0);
        let on_done = |_: usize| {
            done.fetch_add(1, Ordering::Relaxed);
        };
        let conversion = converter(3)
            .convert_reporting(&urls(&["slow", "fail", "fast"]), None, &on_done)
            .unwrap();
        assert_eq!(done.load(Ordering::Relaxed), 3);
        assert_eq!(
            conversion.failures,
            ["https://example.org/fail: HTTP 404 Not Found"]
        );
        assert!(
            conversion.made.title.starts_with("example.org — "),
            "a book of two articles is titled after the first one's site: {}",
            conversion.made.title
        );
        let text = String::from_utf8(conversion.made.bytes).unwrap();
        let titles: Vec<&str> = text
            .lines()
            .map(|line| {
                line.split("\"title\":\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
            })
            .collect();
        assert_eq!(titles, ["Story slow", "Story fast"]);
    }

    #[test]
    fn each_input_of_a_split_run_is_handed_over_in_order() {
        let mut seen = Vec::new();
        converter(2)
            .convert_each(
                &urls(&["slow", "fail", "fast"]),
                &|_| {},
                |input: &Input, made: Result<Made, Error>| {
                    seen.push((
                        input.display_name(),
                        made.map(|made| made.title).map_err(|e| e.to_string()),
                    ));
                    Ok::<(), Error>(())
                },
            )
            .unwrap();
        assert_eq!(
            seen,
            [
                (
                    "https://example.org/slow".to_string(),
                    Ok("Story slow".to_string())
                ),
                (
                    "https://example.org/fail".to_string(),
                    Err("https://example.org/fail: HTTP 404 Not Found".to_string())
                ),
                (
                    "https://example.org/fast".to_string(),
                    Ok("Story fast".to_string())
                ),
            ]
        );
    }

    /// Hears the titles of the books written.
    #[derive(Default)]
    struct Titles(Mutex<Vec<(String, usize, usize)>>);

    impl Observer for Titles {
        fn written(&self, made: &Made, _: &[String]) {
            if let Ok(mut titles) = self.0.lock() {
                titles.push((made.title.clone(), made.bytes.len(), made.size));
            }
        }
    }

    #[test]
    fn a_split_run_hands_each_book_over_and_keeps_none() {
        let folder = tempfile::tempdir().unwrap();
        let destination = Destination {
            output: Some(folder.path().to_path_buf()),
            split: true,
            ..Destination::default()
        };
        let gathered = Gathered {
            inputs: urls(&["one", "fail", "two"]),
            ..Gathered::default()
        };
        let titles = Titles::default();
        let run = converter(2)
            .run(gathered, None, &destination, &titles)
            .unwrap();
        assert!(run.books.is_empty(), "a batch holds no books");
        assert_eq!((run.written, run.failures, run.total), (2, 1, 3));
        let titles = titles.0.into_inner().unwrap();
        assert_eq!(titles.len(), 2);
        for (title, bytes, size) in &titles {
            assert!(title.starts_with("Story "));
            assert_eq!(*bytes, 0, "the bytes are let go once written");
            assert!(*size > 0);
        }
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_title_for_a_split_run_is_refused_before_anything_is_read() {
        let folder = tempfile::tempdir().unwrap();
        let destination = Destination {
            output: Some(folder.path().join("books")),
            split: true,
            ..Destination::default()
        };
        let gathered = Gathered {
            inputs: urls(&["one", "two"]),
            ..Gathered::default()
        };
        let titles = Titles::default();
        let err = converter(1)
            .run(gathered, Some("Digest".into()), &destination, &titles)
            .unwrap_err();
        assert!(matches!(err, Error::Usage(_)), "{err}");
        assert!(titles.0.into_inner().unwrap().is_empty());
        assert!(!folder.path().join("books").exists());
    }

    #[test]
    fn options_out_of_range_stop_the_run_before_anything_is_read() {
        let options = Options {
            jobs: 0,
            ..Options::default()
        };
        let err = Converter::new(OutputFormat::epub(), options).unwrap_err();
        assert_eq!(err.to_string(), "--jobs 0: must be between 1 and 32");
        let pdf = OutputFormat::Pdf(PdfOptions {
            font_size_pt: 40.0,
            ..PdfOptions::default()
        });
        let err = Converter::new(pdf, Options::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--font-size 40: must be between 4 and 36 pt"
        );
        assert!(err.is_usage());
    }

    #[test]
    fn none_read_is_an_error_listing_every_failure() {
        let err = converter(1)
            .convert(&urls(&["fail", "fail"]), None)
            .unwrap_err();
        match err {
            Error::NothingMade {
                total, failures, ..
            } => {
                assert_eq!(total, 2);
                assert_eq!(failures.len(), 2);
            }
            other => panic!("{other}"),
        }
    }
}
