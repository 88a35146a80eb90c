//! Running conversions for requests: the library's blocking pipeline on tokio's blocking
//! threads, a bounded number at once, with a bounded queue and a time budget.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::ServeOptions;
use crate::backend::epub::EpubOptions;
use crate::backend::pdf::PdfOptions;
use crate::backend::text::TextOptions;
use crate::convert::{Converter, Made, Options, OutputFormat, ReadOptions};
use crate::error::Error;
use crate::fonts::machine::MachineFontSources;
use crate::source::{FetchOptions, HttpFetcher, Input, SourceError, SourceLimits};

/// How long after the time budget a conversion that has not ended is answered with 504.
const GUARD_GRACE: Duration = Duration::from_secs(1);

/// The formats the server makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// EPUB.
    Epub,
    /// PDF.
    Pdf,
    /// Plain text.
    Text,
    /// JSON Lines.
    Json,
}

impl Format {
    /// The format named `name` (`epub`, `pdf`, `text`, `json`).
    pub(super) fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "epub" => Some(Format::Epub),
            "pdf" => Some(Format::Pdf),
            "text" | "txt" => Some(Format::Text),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// The page to convert.
#[derive(Debug)]
pub(super) enum Page {
    /// A web address, fetched by the server.
    Url(String),
    /// A page sent whole (a browser's rendered page, an uploaded file) named `name`, read at
    /// `url` when given.
    Bytes {
        /// The name (an uploaded file's; its extension helps tell the format).
        name: String,
        /// The page.
        bytes: Vec<u8>,
        /// Where it was read.
        url: Option<String>,
    },
}

/// One conversion asked for.
#[derive(Debug)]
pub(super) struct Job {
    /// The page.
    pub page: Page,
    /// The format.
    pub format: Format,
    /// The book's title, instead of the article's.
    pub title: Option<String>,
}

/// Why a conversion gave no book.
#[derive(Debug)]
pub(super) enum Failure {
    /// Every worker is busy and the queue is full.
    Busy,
    /// The conversion took longer than the time budget.
    TimedOut,
    /// The pipeline's error.
    Convert(Error),
    /// The conversion panicked (a bug).
    Internal,
}

/// The converters and the bounds on running them.
#[derive(Debug)]
pub(super) struct Jobs {
    epub: Arc<Converter>,
    pdf: Arc<Converter>,
    text: Arc<Converter>,
    json: Arc<Converter>,
    /// One permit per conversion running.
    running: Arc<Semaphore>,
    /// One permit per conversion running or waiting.
    admitted: Arc<Semaphore>,
    timeout: Duration,
}

impl Jobs {
    /// The converters for `options`, sharing one fetcher (public addresses only, unless
    /// private ones are allowed).
    pub(super) fn new(options: &ServeOptions) -> Result<Self, Error> {
        let limits = SourceLimits {
            max_bytes: options.max_bytes as u64,
        };
        let network = FetchOptions {
            timeout: options.timeout,
            public_only: !options.allow_private_addresses,
            ..FetchOptions::default()
        };
        let fetcher = Arc::new(HttpFetcher::new(&network, limits).map_err(Error::from)?);
        let pipeline = Options {
            read: ReadOptions {
                limits,
                network,
                ..ReadOptions::default()
            },
            jobs: 1,
            ..Options::default()
        };
        let converter = |format: OutputFormat| -> Result<Arc<Converter>, Error> {
            let fetcher = fetcher.clone();
            Ok(Arc::new(Converter::with_fetcher(
                format.backend(),
                pipeline.clone(),
                fetcher,
            )?))
        };
        let jobs = options.jobs.max(1);
        // As on the command line, characters the bundled fonts lack (Chinese, Japanese,
        // Korean, Devanagari, Thai…) are drawn in the machine's fonts, in the PDF and on a
        // drawn cover alike.
        let machine_fonts = MachineFontSources {
            dirs: Vec::new(),
            system: true,
        };
        let epub = OutputFormat::Epub(EpubOptions {
            cover_fonts: machine_fonts,
            ..EpubOptions::default()
        });
        let pdf = OutputFormat::Pdf(PdfOptions {
            system_fonts: true,
            ..PdfOptions::default()
        });
        Ok(Jobs {
            epub: converter(epub)?,
            pdf: converter(pdf)?,
            text: converter(OutputFormat::Text(TextOptions::default()))?,
            json: converter(OutputFormat::Json)?,
            running: Arc::new(Semaphore::new(jobs)),
            admitted: Arc::new(Semaphore::new(jobs + options.queue)),
            timeout: options.timeout,
        })
    }

    /// Runs `job` when a worker is free, refusing it at once when the queue is full. The
    /// budget starts when it runs; a conversion past it is answered with
    /// [`Failure::TimedOut`] and keeps its worker until it ends.
    pub(super) async fn run(&self, job: Job) -> Result<Made, Failure> {
        let admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| Failure::Busy)?;
        let running = (self.running.clone().acquire_owned().await).map_err(|_| Failure::Busy)?;
        let converter = match job.format {
            Format::Epub => &self.epub,
            Format::Pdf => &self.pdf,
            Format::Text => &self.text,
            Format::Json => &self.json,
        }
        .clone();
        let task = tokio::task::spawn_blocking(move || {
            let made = convert(&converter, job.page, job.title);
            drop((running, admitted));
            made
        });
        // The fetches stop themselves at the budget, ending the task (and freeing its worker)
        // before it is answered; the guard, a little later, answers for a conversion that
        // overruns the budget elsewhere, whose worker stays taken until it ends.
        match tokio::time::timeout(self.timeout + GUARD_GRACE, task).await {
            Err(_) => Err(Failure::TimedOut),
            Ok(Err(_)) => Err(Failure::Internal),
            Ok(Ok(Err(Error::Source(SourceError::Timeout { .. })))) => Err(Failure::TimedOut),
            Ok(Ok(made)) => made.map_err(Failure::Convert),
        }
    }
}

/// Converts `page` with `converter` (blocking).
fn convert(converter: &Converter, page: Page, title: Option<String>) -> Result<Made, Error> {
    match page {
        Page::Url(url) => converter.convert(&[Input::Url(url)], title),
        Page::Bytes { name, bytes, url } => {
            let article = converter.read_bytes(&name, bytes, url.as_deref())?;
            converter.render(vec![article], title)
        }
    }
}
