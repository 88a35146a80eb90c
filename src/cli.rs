//! The command line: argument definitions and the glue from arguments to library calls.
//!
//! Kept thin on purpose: reading, normalizing and rendering live in the library.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Args, CommandFactory, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use cleancopy::backend::epub::{EpubBackend, EpubOptions};
use cleancopy::backend::json::JsonBackend;
use cleancopy::backend::pdf::{Paper, PdfBackend, PdfOptions};
use cleancopy::backend::text::{TextBackend, TextOptions};
use cleancopy::backend::Backend;
use cleancopy::deliver::config::SmtpConfig;
use cleancopy::deliver::device::{self, DeviceKind};
use cleancopy::deliver::email;
use cleancopy::document::Book;
use cleancopy::images::{prepare_images, ImageOptions, PreparedImages, DEFAULT_MAX_SIDE};
use cleancopy::normalize::NormalizeOptions;
use cleancopy::output::{slug, write_file};
use cleancopy::source::feed::{parse_since, read_feed, FeedSelection};
use cleancopy::source::fetch::parse_header;
use cleancopy::source::{
    read_input_list, FetchOptions, Format, HttpFetcher, Input, Origin, SourceLimits,
};
use cleancopy::{ReadOptions, Sourced};

const EXAMPLES: &str = "\
Examples:
  cleancopy epub article.txt                 writes <title-slug>.epub here
  cleancopy pdf page.html -o page.pdf        a printable PDF
  cleancopy epub page.html -o - > page.epub  the book on standard output
  cat page.html | cleancopy pdf - -o page.pdf
  cleancopy epub a.html b.txt --title \"Morning reading\" -o digest.epub
  cleancopy epub https://example.org/story   fetch a page and make a book of it
  cleancopy epub --input-list links.txt      one URL or path a line, # comments
  cleancopy epub --feed https://example.org/feed.xml --since 2d -o digest.epub
  cleancopy pdf --feed feed.xml --limit 5 --split -o articles/
  cleancopy text --body-only page.html       the cleaned body as plain text
  cleancopy json page.html                   metadata and text as JSON
  cleancopy send page.html --to me_123@kindle.com   e-mail the EPUB (SMTP set up in the config)
  cleancopy pdf page.html --device /media/KINDLE    onto a mounted e-reader
  cleancopy epub page.html --json -q         one JSON line per file written, for scripts
  cleancopy completions bash                 a shell completion script (cleancopy man: the manual)

Exit codes: 0 success, 1 failure, 2 bad command line, 3 some inputs failed (the output has
the others).";

/// Turn a web article (a saved HTML page or a plain-text scrape) into a clean EPUB or PDF.
#[derive(Debug, Parser)]
#[command(name = "cleancopy", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// What to make.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make an EPUB book (Kindle and other e-readers) of one or more articles.
    #[command(after_help = "Example:\n  cleancopy epub article.html -o article.epub")]
    Epub {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        epub: EpubArgs,
    },
    /// Make a printable PDF of one or more articles.
    #[command(after_help = "Example:\n  cleancopy pdf article.html --paper letter -o article.pdf")]
    Pdf {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        output: OutputArgs,
        /// Paper size.
        #[arg(long, value_enum, default_value_t = Paper::A4)]
        paper: Paper,
        /// Page margin on every side, in millimetres.
        #[arg(long, default_value_t = 20.0, value_name = "MM")]
        margin: f32,
        /// Size of the body text, in points.
        #[arg(long, default_value_t = 11.0, value_name = "PT")]
        font_size: f32,
        /// Set paragraphs ragged right (left-aligned) instead of justified. Words are still
        /// hyphenated in the article's language, but only where that clearly evens the edge.
        #[arg(long)]
        ragged: bool,
        /// Leave the pictures out: a text-only PDF (figures show their alternative text and
        /// captions).
        #[arg(long)]
        no_images: bool,
        /// Scale pictures down to at most PX pixels on their long side.
        #[arg(long, value_name = "PX", default_value_t = DEFAULT_MAX_SIDE,
              value_parser = clap::value_parser!(u32).range(64..=10_000))]
        max_image_size: u32,
        /// A folder of fonts (TrueType or OpenType) for characters the bundled fonts lack,
        /// such as Chinese or Devanagari; searched before the machine's fonts (repeatable).
        #[arg(long, value_name = "DIR")]
        font_dir: Vec<PathBuf>,
        /// Never use the machine's own fonts: characters the bundled fonts (and --font-dir)
        /// lack are drawn as U+FFFD, and the PDF is the same on every machine.
        #[arg(long)]
        no_system_fonts: bool,
    },
    /// Print the cleaned article as plain text.
    #[command(after_help = "Example:\n  cleancopy text --body-only page.html > body.txt")]
    Text {
        #[command(flatten)]
        input: InputArgs,
        /// Leave out the title, byline and source lines, figure captions and section-break
        /// marks: the article body alone.
        #[arg(long)]
        body_only: bool,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Make an EPUB book and e-mail it (Send to Kindle, Kobo, PocketBook or any address).
    ///
    /// The book is written to disk first (as `epub` would) and stays there. The SMTP server is
    /// set in $XDG_CONFIG_HOME/cleancopy/config.toml or CLEANCOPY_SMTP_* variables (see the
    /// README); the password comes from CLEANCOPY_SMTP_PASSWORD or password_command, never from
    /// the command line.
    #[command(after_help = SEND_HELP)]
    Send {
        #[command(flatten)]
        input: InputArgs,
        /// Where to send the book (your Send to Kindle address, or any e-mail address;
        /// repeatable).
        #[arg(long, value_name = "ADDRESS", required = true)]
        to: Vec<String>,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        epub: EpubArgs,
    },
    /// Print each article's metadata, word count and text as one line of JSON.
    #[command(after_help = "Example:\n  cleancopy json page.html | jq .title")]
    Json {
        #[command(flatten)]
        input: InputArgs,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(
        after_help = "Example:\n  cleancopy completions bash > ~/.local/share/bash-completion/completions/cleancopy"
    )]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Example:\n  cleancopy man > ~/.local/share/man/man1/cleancopy.1")]
    Man,
}

const SEND_HELP: &str = "\
Examples:
  cleancopy send page.html --to me_123@kindle.com
  cleancopy send --feed feed.xml --since 1d --split --to me_123@kindle.com

At most 25 books and 50 MB go in one e-mail (Amazon's Send to Kindle limits); a larger batch
is split over several messages, and a book over 50 MB is refused before connecting.";

/// EPUB options (epub, send).
#[derive(Debug, Args)]
pub struct EpubArgs {
    /// Language of the book when the article does not say (a code such as en, de, pt-BR).
    #[arg(long, default_value = "en", value_name = "CODE")]
    pub lang: String,
    /// Leave the pictures out: a text-only book (captions are kept).
    #[arg(long)]
    pub no_images: bool,
    /// Scale pictures down to at most PX pixels on their long side.
    #[arg(long, value_name = "PX", default_value_t = DEFAULT_MAX_SIDE,
          value_parser = clap::value_parser!(u32).range(64..=10_000))]
    pub max_image_size: u32,
    /// A stylesheet added after the built-in one (its rules win), for every page of the book.
    #[arg(long, value_name = "FILE")]
    pub css: Option<PathBuf>,
}

/// Which articles to read and how.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Articles: saved pages (.html, .txt, .md, .mhtml), web addresses, or `-` for standard
    /// input.
    #[arg(value_name = "INPUT", required_unless_present_any = ["input_list", "feed"])]
    pub inputs: Vec<String>,
    /// Also read the inputs listed in FILE, one URL or path a line (`#` comments; `-` reads the
    /// list from standard input).
    #[arg(long, value_name = "FILE")]
    pub input_list: Option<String>,
    /// Also read the articles of an RSS or Atom feed (a URL or a file).
    #[arg(long, value_name = "FEED")]
    pub feed: Option<String>,
    /// With --feed: only articles published since AGE ago (90m, 12h, 2d, 1w) or a DATE.
    #[arg(long, value_name = "AGE|DATE", requires = "feed", value_parser = since_arg)]
    pub since: Option<DateTime<Utc>>,
    /// With --feed: at most N articles, the newest first.
    #[arg(long, value_name = "N", requires = "feed")]
    pub limit: Option<usize>,
    /// Read the inputs as this format instead of guessing from the name and content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<Format>,
    /// The page's original web address: resolves relative links and is shown as the source.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Convert the whole page instead of finding the article: nothing is removed but scripts,
    /// forms, embeds, navigation menus and hidden parts (for pages extraction gets wrong).
    #[arg(long, visible_alias = "no-extract")]
    pub keep_all: bool,
    /// How many inputs are read at once.
    #[arg(short, long, default_value_t = 4, value_name = "N",
          value_parser = clap::value_parser!(u8).range(1..=32))]
    pub jobs: u8,
    #[command(flatten)]
    pub network: NetworkArgs,
}

/// The help heading of the network options.
const NETWORK: &str = "Network";

/// How web addresses are fetched.
#[derive(Debug, Args)]
pub struct NetworkArgs {
    /// The User-Agent sent with every request. Default: cleancopy/VERSION.
    #[arg(long, help_heading = NETWORK, value_name = "TEXT")]
    pub user_agent: Option<String>,
    /// An extra request header, 'Name: value' (repeatable). Authorization and Cookie headers
    /// are not sent to other hosts after a redirect.
    #[arg(long = "header", help_heading = NETWORK, value_name = "NAME: VALUE", value_parser = header_arg)]
    pub headers: Vec<(String, String)>,
    /// Send the matching cookies of this Netscape cookies.txt file (a login you already have).
    #[arg(long, help_heading = NETWORK, value_name = "FILE")]
    pub cookie_file: Option<PathBuf>,
    /// Give up on a request after this many seconds (connecting, waiting and downloading).
    #[arg(long, help_heading = NETWORK, value_name = "SECS", default_value = "30", value_parser = seconds_arg)]
    pub timeout: Duration,
    /// The largest input or download accepted (bytes; K, M, G suffixes).
    #[arg(long, help_heading = NETWORK, value_name = "SIZE", default_value = "64M", value_parser = size_arg)]
    pub max_bytes: u64,
    /// Never use the network: web addresses are refused (unless cached with --cache).
    #[arg(long, help_heading = NETWORK)]
    pub offline: bool,
    /// Keep fetched pages in DIR and reuse them on later runs (revalidated when the server
    /// gave an ETag or Last-Modified; clear the folder to fetch everything again).
    #[arg(long, help_heading = NETWORK, value_name = "DIR")]
    pub cache: Option<PathBuf>,
}

/// Where a book goes.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output file; `-` writes to standard output. Default: the title as a file name, here.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Title of the book when it collects several articles.
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// One file per article instead of one book; -o then names the folder to write them in.
    #[arg(long)]
    pub split: bool,
    /// Copy the book onto the e-reader mounted at PATH (a Kindle's documents/ folder, the top
    /// of a Kobo, or PATH itself). Without -o, the book is written there only.
    #[arg(long, value_name = "PATH")]
    pub device: Option<PathBuf>,
    /// Print one line of JSON per file written on standard output (path, title, author,
    /// words, images, bytes, warnings).
    #[arg(long)]
    pub json: bool,
}

/// How a run ended when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every input was read.
    Complete,
    /// Some inputs failed (each reported); the output has the others.
    Partial,
}

/// A command line that parses but asks for something impossible (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

fn usage(message: &str) -> anyhow::Error {
    UsageError(message.to_string()).into()
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Epub {
            input,
            output,
            epub,
        } => {
            let maker = epub_maker(&epub, &input)?;
            let made = make_book(&input, &output, &maker, cli.quiet, Records::Stream)?;
            print_records(&made.files, &output, &[])?;
            Ok(made.outcome)
        }
        Command::Send {
            input,
            to,
            output,
            epub,
        } => send(&input, &to, &output, &epub, cli.quiet),
        Command::Pdf {
            input,
            output,
            paper,
            margin,
            font_size,
            ragged,
            no_images,
            max_image_size,
            font_dir,
            no_system_fonts,
        } => {
            anyhow::ensure!(
                (0.0..=80.0).contains(&margin),
                "--margin {margin}: must be between 0 and 80 mm"
            );
            for dir in &font_dir {
                anyhow::ensure!(dir.is_dir(), "--font-dir {}: not a folder", dir.display());
            }
            anyhow::ensure!(
                (4.0..=36.0).contains(&font_size),
                "--font-size {font_size}: must be between 4 and 36 pt"
            );
            let backend = PdfBackend::new(PdfOptions {
                paper,
                margin_mm: margin,
                font_size_pt: font_size,
                ragged,
                font_dirs: font_dir,
                system_fonts: !no_system_fonts,
            });
            let images = (!no_images).then(|| ImageOptions {
                max_side: max_image_size,
                limits: SourceLimits {
                    max_bytes: input.network.max_bytes,
                },
                ..ImageOptions::default()
            });
            let maker = Maker::Pdf { backend, images };
            let made = make_book(&input, &output, &maker, cli.quiet, Records::Stream)?;
            print_records(&made.files, &output, &[])?;
            Ok(made.outcome)
        }
        Command::Text {
            input,
            body_only,
            output,
            force,
        } => {
            let backend = TextBackend::new(TextOptions { body_only });
            print_book(&input, output, force, &backend, cli.quiet)
        }
        Command::Json {
            input,
            output,
            force,
        } => print_book(&input, output, force, &JsonBackend, cli.quiet),
        Command::Completions { shell } => {
            let mut bytes = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "cleancopy", &mut bytes);
            write_stdout(&bytes)?;
            Ok(Outcome::Complete)
        }
        Command::Man => {
            let mut bytes = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut bytes)
                .context("cannot render the manual page")?;
            write_stdout(&bytes)?;
            Ok(Outcome::Complete)
        }
    }
}

/// The EPUB maker the EPUB options describe.
/// Reads the `--css` file first, so that a missing one stops the run before anything is read
/// or written.
fn epub_maker(epub: &EpubArgs, input: &InputArgs) -> anyhow::Result<Maker> {
    let extra_css = match &epub.css {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|error| {
            anyhow::anyhow!(
                "--css {}: cannot read the stylesheet: {error}",
                path.display()
            )
        })?),
        None => None,
    };
    let backend = EpubBackend::new(EpubOptions {
        default_language: epub.lang.clone(),
        generate_cover: !epub.no_images,
        extra_css,
        ..EpubOptions::default()
    });
    let images = (!epub.no_images).then(|| ImageOptions {
        max_side: epub.max_image_size,
        limits: SourceLimits {
            max_bytes: input.network.max_bytes,
        },
        ..ImageOptions::default()
    });
    Ok(Maker::Epub { backend, images })
}

/// `send`: the settings are checked first, then the books are made and written (they stay on
/// disk whatever happens next), then e-mailed.
fn send(
    input: &InputArgs,
    to: &[String],
    output: &OutputArgs,
    epub: &EpubArgs,
    quiet: bool,
) -> anyhow::Result<Outcome> {
    if output.output.as_deref().is_some_and(is_stdout) {
        return Err(usage(
            "send writes the book to a file before sending it; give -o a file, not '-'",
        ));
    }
    let config = SmtpConfig::from_environment()?;
    email::check_addresses(&config.from, to)?;
    let limits = email::Limits {
        max_message_bytes: config.max_message_size,
        ..email::Limits::default()
    };
    let maker = epub_maker(epub, input)?;
    let made = make_book(input, output, &maker, quiet, Records::Keep)?;
    let books = made
        .files
        .iter()
        .map(|file| {
            Ok(email::Book {
                title: file.title.clone(),
                epub: book_bytes(file)?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    match email::send_books(&config, to, &books, &limits) {
        Ok(sent) => {
            if !quiet {
                eprintln!(
                    "sent {} to {} ({} e-mail{})",
                    plural(books.len(), "book"),
                    to.join(", "),
                    sent.len(),
                    if sent.len() == 1 { "" } else { "s" }
                );
            }
            print_records(&made.files, output, to)?;
            Ok(made.outcome)
        }
        Err(err) => {
            let kept: Vec<String> = made
                .files
                .iter()
                .flat_map(|file| &file.written)
                .map(|written| written.path.display().to_string())
                .collect();
            Err(anyhow::anyhow!(
                "{}; the book is kept at {}",
                err.to_string().replace('\n', " "),
                kept.join(", ")
            ))
        }
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `--json`: one line per file written, on standard output.
fn print_records(files: &[Made], output: &OutputArgs, sent_to: &[String]) -> anyhow::Result<()> {
    if !output.json || files.is_empty() {
        return Ok(());
    }
    let text: String = files
        .iter()
        .map(|file| record_lines(file, sent_to))
        .collect();
    write_stdout(text.as_bytes())
}

/// The `--json` lines of one book: one per file written.
fn record_lines(file: &Made, sent_to: &[String]) -> String {
    let mut text = String::new();
    for written in &file.written {
        let mut record = serde_json::json!({
            "path": written.path.display().to_string(),
            "title": file.title,
            "author": (!file.authors.is_empty()).then(|| file.authors.join(", ")),
            "words": file.words,
            "images": file.images,
            "bytes": file.size,
            "warnings": file.warnings,
        });
        if let Some(kind) = written.device {
            record["device"] = serde_json::json!(kind);
        }
        if !sent_to.is_empty() {
            record["sent_to"] = serde_json::json!(sent_to);
        }
        text.push_str(&record.to_string());
        text.push('\n');
    }
    text
}

fn read_options(input: &InputArgs) -> ReadOptions {
    let network = &input.network;
    ReadOptions {
        format: input.from,
        url: input.url.clone(),
        limits: SourceLimits {
            max_bytes: network.max_bytes,
        },
        network: FetchOptions {
            user_agent: network.user_agent.clone(),
            headers: network.headers.clone(),
            cookie_file: network.cookie_file.clone(),
            timeout: network.timeout,
            offline: network.offline,
            cache_dir: network.cache.clone(),
            ..FetchOptions::default()
        },
        normalize: NormalizeOptions {
            keep_all: input.keep_all,
        },
    }
}

/// The articles read, and the failures of the inputs that could not be read.
struct Reading {
    book: Book,
    /// Where each article of `book` came from, in the same order.
    origins: Vec<Origin>,
    /// The fetcher the articles were read with; their images are fetched with it too.
    fetcher: HttpFetcher,
    /// One line for each input that could not be read.
    failures: Vec<String>,
    total: usize,
}

/// How a book becomes bytes: the EPUB or PDF backend, with the images stage before it.
enum Maker {
    /// The EPUB backend; `images` is `None` with `--no-images`.
    Epub {
        backend: EpubBackend,
        images: Option<ImageOptions>,
    },
    /// The PDF backend; `images` is `None` with `--no-images`.
    Pdf {
        backend: PdfBackend,
        images: Option<ImageOptions>,
    },
}

impl Maker {
    fn extension(&self) -> &'static str {
        match self {
            Maker::Epub { backend, .. } => backend.extension(),
            Maker::Pdf { backend, .. } => backend.extension(),
        }
    }

    /// Renders `book`, whose articles came from `origins`. Images that are left out are
    /// reported as warnings unless `quiet`.
    fn render(
        &self,
        book: &Book,
        origins: &[Origin],
        fetcher: &HttpFetcher,
        quiet: bool,
    ) -> anyhow::Result<Rendered> {
        let plain = |bytes| Rendered {
            bytes,
            images: 0,
            warnings: Vec::new(),
        };
        match self {
            Maker::Epub {
                backend,
                images: None,
            } => Ok(plain(backend.render(book)?)),
            Maker::Epub {
                backend,
                images: Some(options),
            } => {
                let prepared = prepare_images(book, origins, fetcher, options);
                let rendered = backend.render_book(book, &prepared.images)?;
                Ok(with_warnings(
                    rendered.bytes,
                    &prepared,
                    rendered.warnings,
                    quiet,
                ))
            }
            Maker::Pdf {
                backend,
                images: None,
            } => Ok(plain(backend.render(book)?)),
            Maker::Pdf {
                backend,
                images: Some(options),
            } => {
                let prepared = prepare_images(book, origins, fetcher, options);
                let bytes = backend.render_book(book, &prepared.images)?;
                Ok(with_warnings(bytes, &prepared, Vec::new(), quiet))
            }
        }
    }
}

/// A book rendered with the pictures `prepared`, and the warnings of the images stage and of
/// the backend (`more`), printed unless `quiet`.
fn with_warnings(
    bytes: Vec<u8>,
    prepared: &PreparedImages,
    more: Vec<String>,
    quiet: bool,
) -> Rendered {
    let warnings: Vec<String> = prepared
        .warnings
        .iter()
        .map(ToString::to_string)
        .chain(more)
        .map(|warning| warning.replace('\n', " "))
        .collect();
    if !quiet {
        for warning in &warnings {
            eprintln!("cleancopy: warning: {warning}");
        }
    }
    Rendered {
        bytes,
        images: prepared.images.len(),
        warnings,
    }
}

/// A rendered book: its bytes, the pictures embedded and what was left out.
struct Rendered {
    bytes: Vec<u8>,
    images: usize,
    warnings: Vec<String>,
}

/// A book made by `epub`, `pdf` or `send`, and where it was written.
struct Made {
    title: String,
    authors: Vec<String>,
    words: usize,
    images: usize,
    /// The book; emptied once written by `--split`, so that a batch holds no finished books.
    bytes: Vec<u8>,
    /// The book's size in bytes.
    size: usize,
    warnings: Vec<String>,
    /// The files written; empty when the book went to standard output.
    written: Vec<Written>,
}

/// The bytes of a book made, read back from where it was written when `--split` let them go.
fn book_bytes(made: &Made) -> anyhow::Result<Vec<u8>> {
    if !made.bytes.is_empty() {
        return Ok(made.bytes.clone());
    }
    let written = made
        .written
        .first()
        .context("a book was neither kept nor written")?;
    std::fs::read(&written.path).with_context(|| format!("{}: cannot read", written.path.display()))
}

/// A file written.
struct Written {
    path: PathBuf,
    /// The kind of e-reader, for a copy made with `--device`.
    device: Option<DeviceKind>,
}

/// What `--split` does with the record of each book once it is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Records {
    /// Prints its `--json` line at once and lets it go, so that a batch's memory does not grow
    /// with the number of articles (`epub`, `pdf`).
    Stream,
    /// Keeps every record for the caller (`send`, which mails the books after writing them).
    Keep,
}

/// The books of a run and how the run went.
struct MadeBooks {
    files: Vec<Made>,
    outcome: Outcome,
}

impl Reading {
    fn outcome(&self) -> Outcome {
        if self.failures.is_empty() {
            Outcome::Complete
        } else {
            Outcome::Partial
        }
    }

    /// After a partial success: how many inputs failed, on one line.
    fn report(&self, quiet: bool) {
        if !self.failures.is_empty() && !quiet {
            eprintln!(
                "cleancopy: {} of {} inputs failed; the output has the other {}",
                self.failures.len(),
                self.total,
                self.total - self.failures.len()
            );
        }
    }
}

/// Reads every input (arguments, reading list, feed) in parallel. Each failure is reported on
/// its own line; it is an error only when no article could be read.
fn read(input: &InputArgs, title: Option<String>, quiet: bool) -> anyhow::Result<Reading> {
    let options = read_options(input);
    let fetcher = HttpFetcher::new(&options.network, options.limits)?;
    let (inputs, feed_title) = gather_inputs(input, &fetcher, options.limits)?;
    anyhow::ensure!(
        input.url.is_none() || inputs.len() == 1,
        "--url gives the address of one page; use it with a single input"
    );
    let bar = progress_bar(inputs.len(), quiet);
    let on_done = |index: usize, _: &Result<Sourced, cleancopy::Error>| {
        if let Some(bar) = &bar {
            bar.set_message(inputs[index].display_name());
            bar.inc(1);
        }
    };
    let jobs = usize::from(input.jobs);
    let results = cleancopy::read_all_sourced(&inputs, &options, &fetcher, jobs, &on_done);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let total = results.len();
    let (articles, mut errors) = split_results(results);
    if articles.is_empty() {
        return Err(no_article_error(&mut errors, total));
    }
    for err in &errors {
        eprintln!("cleancopy: error: {}", one_line(err));
    }
    let (articles, origins) = articles
        .into_iter()
        .map(|sourced| (sourced.document, sourced.origin))
        .unzip();
    Ok(Reading {
        book: Book {
            title: title.or(feed_title),
            articles,
        },
        origins,
        fetcher,
        failures: errors.iter().map(one_line).collect(),
        total,
    })
}

/// Separates the articles from the errors, keeping the order of each.
fn split_results(
    results: Vec<Result<Sourced, cleancopy::Error>>,
) -> (Vec<Sourced>, Vec<cleancopy::Error>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(article) => articles.push(article),
            Err(err) => errors.push(err),
        }
    }
    (articles, errors)
}

/// The error when nothing could be read: the input's own for a single input; otherwise each
/// failure is printed and a summary is returned.
fn no_article_error(errors: &mut Vec<cleancopy::Error>, total: usize) -> anyhow::Error {
    if errors.len() == 1 {
        return errors.remove(0).into();
    }
    for err in errors.iter() {
        eprintln!("cleancopy: error: {}", one_line(err));
    }
    anyhow::anyhow!("none of the {total} inputs could be read")
}

fn one_line(err: &cleancopy::Error) -> String {
    err.to_string().replace('\n', " ")
}

/// The inputs named on the command line, in the reading list and in the feed, in that order,
/// and the feed's title.
fn gather_inputs(
    args: &InputArgs,
    fetcher: &HttpFetcher,
    limits: SourceLimits,
) -> anyhow::Result<(Vec<Input>, Option<String>)> {
    let mut inputs: Vec<Input> = args.inputs.iter().map(|a| Input::from_arg(a)).collect();
    check_stdin_once(args, &inputs)?;
    if let Some(list) = &args.input_list {
        let listed = read_input_list(list, limits)?;
        anyhow::ensure!(
            !listed.is_empty() || !inputs.is_empty() || args.feed.is_some(),
            "{list}: the input list names no input"
        );
        inputs.extend(listed);
    }
    let mut feed_title = None;
    if let Some(feed) = &args.feed {
        let selection = FeedSelection {
            since: args.since,
            limit: args.limit,
        };
        let items = read_feed(&Input::from_arg(feed), fetcher, limits, selection)?;
        anyhow::ensure!(
            !items.links.is_empty() || !inputs.is_empty(),
            "{feed}: no feed entries to read (check --since and --limit)"
        );
        feed_title = items.title;
        inputs.extend(items.links.into_iter().map(Input::Url));
    }
    check_stdin_once(args, &inputs)?;
    Ok((inputs, feed_title))
}

/// Standard input can feed one input, the reading list or the feed, not several of them.
fn check_stdin_once(args: &InputArgs, inputs: &[Input]) -> anyhow::Result<()> {
    let stdin_uses = usize::from(args.input_list.as_deref() == Some("-"))
        + usize::from(args.feed.as_deref() == Some("-"))
        + inputs.iter().filter(|i| **i == Input::Stdin).count();
    anyhow::ensure!(
        stdin_uses <= 1,
        "standard input ('-') can be read only once per run"
    );
    Ok(())
}

/// A progress bar on standard error when it is a terminal, not quiet, and there is more than
/// one input.
fn progress_bar(total: usize, quiet: bool) -> Option<ProgressBar> {
    if quiet || total < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let style = ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {wide_msg}")
        .map(|style| style.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar = ProgressBar::new(total as u64).with_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}

/// EPUB and PDF: a file named after the title unless told otherwise, and a copy on the
/// e-reader with `--device`.
fn make_book(
    input: &InputArgs,
    output: &OutputArgs,
    maker: &Maker,
    quiet: bool,
    records: Records,
) -> anyhow::Result<MadeBooks> {
    let to_stdout = output.output.as_deref().is_some_and(is_stdout);
    if to_stdout && output.json {
        return Err(usage(
            "--json prints its records on standard output; give -o a file, not '-'",
        ));
    }
    if to_stdout && output.device.is_some() {
        return Err(usage("--device copies a file; give -o a file, not '-'"));
    }
    if let Some(device) = &output.device {
        device::detect(device)?;
    }
    if output.split {
        return make_split(input, output, maker, quiet, records);
    }
    if let Some(path) = output.output.as_ref().filter(|p| !is_stdout(p)) {
        refuse_existing(path, output.force)?;
    }
    let reading = read(input, output.title.clone(), quiet)?;
    let book = &reading.book;
    let rendered = maker.render(book, &reading.origins, &reading.fetcher, quiet)?;
    let mut made = made(book, rendered, &reading.failures);
    if to_stdout {
        write_stdout(&made.bytes)?;
    } else {
        let name = format!("{}.{}", slug(book.display_title()), maker.extension());
        let local = match (&output.output, &output.device) {
            (Some(path), _) => Some(path.clone()),
            (None, None) => Some(PathBuf::from(&name)),
            (None, Some(_)) => None,
        };
        let name = local
            .as_ref()
            .and_then(|path| path.file_name())
            .map(|file| file.to_string_lossy().into_owned())
            .unwrap_or(name);
        write_made(&mut made, local, &name, output, quiet)?;
    }
    reading.report(quiet);
    Ok(MadeBooks {
        files: vec![made],
        outcome: reading.outcome(),
    })
}

/// The record of a rendered book, before it is written.
fn made(book: &Book, rendered: Rendered, failures: &[String]) -> Made {
    let mut warnings = rendered.warnings;
    warnings.extend(failures.iter().cloned());
    Made {
        title: book.display_title().to_string(),
        authors: book.authors().into_iter().map(str::to_string).collect(),
        words: book.articles.iter().map(|a| a.word_count()).sum(),
        images: rendered.images,
        size: rendered.bytes.len(),
        bytes: rendered.bytes,
        warnings,
        written: Vec::new(),
    }
}

/// Writes a book to `local` (when given) and onto the e-reader (with `--device`), as
/// `name` there.
fn write_made(
    made: &mut Made,
    local: Option<PathBuf>,
    name: &str,
    output: &OutputArgs,
    quiet: bool,
) -> anyhow::Result<()> {
    if let Some(path) = local {
        write_file(&path, &made.bytes, output.force)?;
        if !quiet {
            report_written(&path, made);
        }
        made.written.push(Written { path, device: None });
    }
    if let Some(root) = &output.device {
        let copied = device::copy_to_device(root, name, &made.bytes, output.force)?;
        if !quiet {
            report_written(&copied.path, made);
            if let Some(note) = &copied.note {
                eprintln!("cleancopy: note: {note}");
            }
        }
        made.warnings.extend(copied.note);
        made.written.push(Written {
            path: copied.path,
            device: Some(copied.kind),
        });
    }
    Ok(())
}

fn report_written(path: &Path, made: &Made) {
    eprintln!(
        "wrote {} ({}, {} words, {} KB)",
        path.display(),
        made.title,
        made.words,
        made.size.div_ceil(1024)
    );
}

/// `--split`: one file per article, named after its title, in the folder `-o` names (and on
/// the e-reader with `--device`).
fn make_split(
    input: &InputArgs,
    output: &OutputArgs,
    maker: &Maker,
    quiet: bool,
    records: Records,
) -> anyhow::Result<MadeBooks> {
    let folder = match (&output.output, &output.device) {
        (Some(folder), _) => Some(folder.clone()),
        (None, None) => Some(PathBuf::from(".")),
        (None, Some(_)) => None,
    };
    if let Some(folder) = &folder {
        anyhow::ensure!(
            !is_stdout(folder),
            "--split writes one file per article; give -o a folder, not '-'"
        );
        anyhow::ensure!(
            !folder.is_file(),
            "{}: is a file; with --split, -o names a folder",
            folder.display()
        );
    }
    let options = read_options(input);
    let fetcher = HttpFetcher::new(&options.network, options.limits)?;
    let (inputs, _) = gather_inputs(input, &fetcher, options.limits)?;
    anyhow::ensure!(
        input.url.is_none() || inputs.len() == 1,
        "--url gives the address of one page; use it with a single input"
    );
    if let Some(folder) = &folder {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("{}: cannot create folder", folder.display()))?;
    }
    let bar = progress_bar(inputs.len(), quiet);
    let on_done = |index: usize, _: &Result<SplitArticle, cleancopy::Error>| {
        if let Some(bar) = &bar {
            bar.set_message(inputs[index].display_name());
            bar.inc(1);
        }
    };
    // Each worker reads an article and renders it at once; a chunk of articles is written and
    // dropped before the next is read, so memory does not grow with the number of inputs.
    let render_one = |input: &Input| {
        let sourced = cleancopy::read_sourced_with(input, &options, &fetcher)?;
        let book = Book::single(sourced.document);
        let rendered = maker.render(&book, &[sourced.origin], &fetcher, quiet);
        Ok(SplitArticle {
            made: rendered.map(|rendered| made(&book, rendered, &[])),
        })
    };
    let mut used = UsedNames::default();
    let mut files = Vec::new();
    let mut written = 0;
    let mut failures = Vec::new();
    for chunk in inputs.chunks(SPLIT_CHUNK) {
        let results = cleancopy::read_each(chunk, &render_one, usize::from(input.jobs), &on_done);
        for (result, source) in results.into_iter().zip(chunk) {
            let failure = match result.map(|article| article.made) {
                Ok(Ok(mut made)) => {
                    let name = used.unique(&slug(&made.title), maker.extension());
                    let local = folder.as_ref().map(|folder| folder.join(&name));
                    write_made(&mut made, local, &name, output, quiet)?;
                    made.bytes = Vec::new();
                    written += 1;
                    match records {
                        Records::Keep => files.push(made),
                        Records::Stream if output.json => {
                            write_stdout(record_lines(&made, &[]).as_bytes())?;
                        }
                        Records::Stream => {}
                    }
                    continue;
                }
                Ok(Err(err)) => format!("{}: {err:#}", source.display_name()),
                Err(err) => one_line(&err),
            };
            if let Some(bar) = &bar {
                bar.suspend(|| eprintln!("cleancopy: error: {failure}"));
            } else {
                eprintln!("cleancopy: error: {failure}");
            }
            failures.push(failure);
        }
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    anyhow::ensure!(
        written > 0 || failures.is_empty(),
        "none of the {} inputs could be converted",
        inputs.len()
    );
    if !failures.is_empty() && !quiet {
        eprintln!(
            "cleancopy: {} of {} inputs failed; the other {} were written",
            failures.len(),
            inputs.len(),
            inputs.len() - failures.len()
        );
    }
    Ok(MadeBooks {
        files,
        outcome: if failures.is_empty() {
            Outcome::Complete
        } else {
            Outcome::Partial
        },
    })
}

/// How many articles `--split` reads and renders before writing them: the most it holds in
/// memory at once, whatever the number of inputs.
const SPLIT_CHUNK: usize = 32;

/// One article of a `--split` run, rendered (or failed to render) as soon as it was read.
struct SplitArticle {
    made: anyhow::Result<Made>,
}

/// The file names a `--split` run has used, so that no two articles get the same one.
#[derive(Default)]
struct UsedNames {
    names: HashSet<String>,
    /// The next number to try for each stem that was taken, so that many articles with one
    /// title do not each count up from 2.
    next_number: HashMap<String, usize>,
}

impl UsedNames {
    /// `stem.ext`, or `stem-2.ext`, `stem-3.ext`… when an earlier article of this run took it.
    fn unique(&mut self, stem: &str, extension: &str) -> String {
        let mut name = format!("{stem}.{extension}");
        if self.names.contains(&name) {
            let number = self.next_number.entry(stem.to_string()).or_insert(2);
            loop {
                name = format!("{stem}-{number}.{extension}");
                *number += 1;
                if !self.names.contains(&name) {
                    break;
                }
            }
        }
        self.names.insert(name.clone());
        name
    }
}

/// Text and JSON: standard output unless a file is named.
fn print_book(
    input: &InputArgs,
    output: Option<PathBuf>,
    force: bool,
    backend: &dyn Backend,
    quiet: bool,
) -> anyhow::Result<Outcome> {
    if let Some(path) = output.as_ref().filter(|p| !is_stdout(p)) {
        refuse_existing(path, force)?;
    }
    let reading = read(input, None, quiet)?;
    let bytes = backend.render(&reading.book)?;
    match output {
        Some(path) if !is_stdout(&path) => write_file(&path, &bytes, force)?,
        _ => write_stdout(&bytes)?,
    }
    reading.report(quiet);
    Ok(reading.outcome())
}

/// `--since`: an age or a date, relative to now.
fn since_arg(value: &str) -> Result<DateTime<Utc>, String> {
    parse_since(value, Utc::now())
}

/// `--header 'Name: value'`.
fn header_arg(value: &str) -> Result<(String, String), String> {
    parse_header(value).map_err(|err| err.to_string())
}

/// `--timeout`: seconds, fractions allowed, up to a day.
fn seconds_arg(value: &str) -> Result<Duration, String> {
    let seconds: f64 = value
        .trim()
        .parse()
        .map_err(|_| format!("'{value}' is not a number of seconds"))?;
    if !(seconds > 0.0 && seconds <= 86_400.0) {
        return Err(format!("'{value}': must be between 0 and 86400 seconds"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// `--max-bytes`: a byte count with an optional K, M or G (binary) suffix.
fn size_arg(value: &str) -> Result<u64, String> {
    let invalid = || format!("'{value}': expected a size such as 500000, 800K, 64M or 1G");
    let upper = value.trim().to_ascii_uppercase();
    let upper = upper.trim_end_matches("IB").trim_end_matches('B');
    let (digits, shift) = match upper.chars().last() {
        Some('K') => (&upper[..upper.len() - 1], 10),
        Some('M') => (&upper[..upper.len() - 1], 20),
        Some('G') => (&upper[..upper.len() - 1], 30),
        _ => (upper, 0),
    };
    let count: u64 = digits.trim().parse().map_err(|_| invalid())?;
    count
        .checked_mul(1 << shift)
        .filter(|&bytes| bytes > 0)
        .ok_or_else(invalid)
}

fn is_stdout(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

/// Fails before any work when the output exists and may not be replaced.
fn refuse_existing(path: &std::path::Path, force: bool) -> anyhow::Result<()> {
    if !force && path.exists() {
        anyhow::bail!(
            "{}: already exists (use --force to overwrite)",
            path.display()
        );
    }
    Ok(())
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .context("<stdout>: cannot write")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(size_arg("1000"), Ok(1000));
        assert_eq!(size_arg("800K"), Ok(800 * 1024));
        assert_eq!(size_arg("64MiB"), Ok(64 << 20));
        assert_eq!(size_arg("1g"), Ok(1 << 30));
        assert!(size_arg("0").is_err());
        assert!(size_arg("lots").is_err());
    }

    #[test]
    fn timeouts_are_positive_seconds() {
        assert_eq!(seconds_arg("1.5"), Ok(Duration::from_millis(1500)));
        assert!(seconds_arg("0").is_err());
        assert!(seconds_arg("-3").is_err());
        assert!(seconds_arg("NaN").is_err());
    }

    #[test]
    fn split_names_do_not_collide() {
        let mut used = UsedNames::default();
        assert_eq!(used.unique("a", "epub"), "a.epub");
        assert_eq!(used.unique("a", "epub"), "a-2.epub");
        assert_eq!(used.unique("a-2", "epub"), "a-2-2.epub");
        assert_eq!(used.unique("a", "epub"), "a-3.epub");
        assert_eq!(used.unique("a-3", "epub"), "a-3-2.epub");
        assert_eq!(used.unique("b", "epub"), "b.epub");
    }
}
