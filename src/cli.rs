//! The command line: argument definitions, progress and printing. Everything else (reading,
//! rendering, naming and writing books) is the library's pipeline, [`cleancopy::convert`].

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use anyhow::Context;
#[cfg(feature = "feeds")]
use chrono::{DateTime, Utc};
use clap::{Args, CommandFactory, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use cleancopy::backend::epub::EpubOptions;
use cleancopy::backend::pdf::{check_print_style, Paper, PdfOptions};
use cleancopy::backend::text::TextOptions;
use cleancopy::backend::Contents;
#[cfg(feature = "email")]
use cleancopy::convert::{existing_books, is_stdout, send_books};
use cleancopy::convert::{
    Converter, Destination, InputSelection, Made, NameTemplate, Observer, Options, OutputFormat,
    ReadOptions, Run,
};
#[cfg(feature = "email")]
use cleancopy::deliver::{config::SmtpConfig, email};
use cleancopy::document::EmbeddedImage;
use cleancopy::fonts::machine::MachineFontSources;
use cleancopy::images::{self, ImageOptions, DEFAULT_MAX_SIDE};
use cleancopy::limits::{parse_seconds, parse_size};
use cleancopy::normalize::{removals::Removals, NormalizeOptions};
#[cfg(feature = "feeds")]
use cleancopy::source::feed::parse_since;
use cleancopy::source::fetch::parse_header;
use cleancopy::source::{FetchOptions, InputFormat, SourceLimits};

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
  cleancopy md page.html -o clean.md         the cleaned article as Markdown (html: a web page)
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
        #[command(flatten)]
        pdf: PdfArgs,
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
    /// The book is written to disk first (as `epub` would) and stays there; the same command
    /// run again after a failed send replaces it (when it is the same book) and retries. EPUB
    /// and PDF files given as inputs are sent as they are. The SMTP server is
    /// set in $XDG_CONFIG_HOME/cleancopy/config.toml or CLEANCOPY_SMTP_* variables (see the
    /// README); the password comes from CLEANCOPY_SMTP_PASSWORD or password_command, never from
    /// the command line.
    #[cfg(feature = "email")]
    #[command(after_help = SEND_HELP)]
    Send {
        #[command(flatten)]
        input: InputArgs,
        /// Where to send the book (your Send to Kindle address, or any e-mail address;
        /// repeatable). Default: `to` in the config file's [send] table.
        #[arg(long, value_name = "ADDRESS", required = true)]
        to: Vec<String>,
        /// Leave out the books already sent to every --to address, as listed in
        /// .cleancopy-sent.jsonl beside them (send adds each book the server accepts): to
        /// repeat a send that stopped part-way (with --force) without sending a book twice.
        #[arg(long)]
        skip_sent: bool,
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
    /// Write the cleaned article as a standalone web page (pictures by their addresses).
    #[command(after_help = "Example:\n  cleancopy html page.html -o clean.html")]
    Html {
        #[command(flatten)]
        input: InputArgs,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write the cleaned article as Markdown, with front matter (title, author, date, site,
    /// url).
    #[command(after_help = "Example:\n  cleancopy md page.html -o notes.md")]
    Md {
        #[command(flatten)]
        input: InputArgs,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Run the web service: a page, a bookmarklet and an HTTP API that make books of the
    /// articles a browser sends (see README, "cleancopy serve").
    #[cfg(feature = "serve")]
    #[command(
        after_help = "Example:\n  CLEANCOPY_SERVE_TOKEN=$(openssl rand -hex 16) cleancopy serve --listen 127.0.0.1:8461"
    )]
    Serve(ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(
        after_help = "Example:\n  cleancopy completions bash > ~/.local/share/bash-completion/completions/cleancopy"
    )]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): cleancopy(1), or one command's page.
    #[command(
        after_help = "Examples:\n  cleancopy man > ~/.local/share/man/man1/cleancopy.1\n  cleancopy man epub > ~/.local/share/man/man1/cleancopy-epub.1"
    )]
    Man {
        /// The command whose page to print (epub, pdf, send, …); none for cleancopy(1).
        command: Option<String>,
    },
}

#[cfg(feature = "email")]
const SEND_HELP: &str = "\
Examples:
  cleancopy send page.html --to me_123@kindle.com
  cleancopy send --feed feed.xml --since 1d --split --to me_123@kindle.com

At most 25 books and 50 MB go in one e-mail (Amazon's Send to Kindle limits); a larger batch
is split over several messages, and a book over 50 MB is refused before connecting.

Every book the server accepts is listed in .cleancopy-sent.jsonl beside it. When some books
went and others did not, the exit code is 3 and each book not sent is named; repeat the same
command with --force --skip-sent to send only those. Connecting, each reply of the server and
the whole sending have time limits (connect_timeout, reply_timeout, send_timeout in the config).";

/// PDF options.
#[derive(Debug, Args)]
pub struct PdfArgs {
    /// Paper size: a3, a4, a5, letter, legal, or WxHmm (120x190mm).
    #[arg(long, default_value_t = Paper::A4, value_name = "SIZE")]
    pub paper: Paper,
    /// Turn the paper sideways (its longer side across).
    #[arg(long)]
    pub landscape: bool,
    /// A print style of your own: a TOML file with any of the tables and keys of the built-in
    /// style (styles/print.toml: sizes, spacing, leading, colours), whose values replace the
    /// built-in ones.
    #[arg(long, value_name = "FILE")]
    pub style: Option<PathBuf>,
    /// (EPUB only; a PDF takes --style.)
    #[arg(long, value_name = "FILE", hide = true)]
    pub css: Option<PathBuf>,
    /// Page margin on every side, in millimetres. Default: 20 mm at the top and bottom, and
    /// side margins that keep lines to about 65 characters (at least 20 mm).
    #[arg(long, value_name = "MM")]
    pub margin: Option<f32>,
    /// Size of the body text, in points.
    #[arg(long, default_value_t = 11.0, value_name = "PT")]
    pub font_size: f32,
    /// Set paragraphs ragged right (left-aligned) instead of justified. Words are still
    /// hyphenated in the article's language, but only where that clearly evens the edge.
    #[arg(long)]
    pub ragged: bool,
    /// Leave the pictures out: a text-only PDF (figures show their alternative text and
    /// captions).
    #[arg(long)]
    pub no_images: bool,
    /// Scale pictures down to at most PX pixels on their long side.
    #[arg(long, value_name = "PX", default_value_t = DEFAULT_MAX_SIDE)]
    pub max_image_size: u32,
    /// A folder of fonts (TrueType or OpenType) for characters the bundled fonts lack,
    /// such as Chinese or Devanagari; searched before the machine's fonts (repeatable).
    #[arg(long, value_name = "DIR")]
    pub font_dir: Vec<PathBuf>,
    /// Never use the machine's own fonts: characters the bundled fonts (and --font-dir)
    /// lack are drawn as U+FFFD, and the PDF is the same on every machine.
    #[arg(long)]
    pub no_system_fonts: bool,
    /// Do not print the address of each link in a note at the foot of its page (links stay
    /// clickable either way).
    #[arg(long)]
    pub no_link_notes: bool,
    #[command(flatten)]
    pub contents: ContentsArgs,
}

/// The book's contents (epub, pdf, send).
#[derive(Debug, Args)]
pub struct ContentsArgs {
    /// Print a contents page listing the contents to --toc-depth: in an EPUB after its title
    /// page, in a PDF of one article before it, with the page of each section (a PDF of
    /// several articles has a title page and a contents page unless --no-toc).
    #[arg(long)]
    pub toc: bool,
    /// No contents beyond the articles: no printed contents page (a PDF of several articles
    /// keeps its title page), the EPUB's contents list (which e-readers require) names the
    /// articles only, and a PDF has no outline.
    #[arg(long, conflicts_with_all = ["toc", "toc_depth"])]
    pub no_toc: bool,
    /// How many levels the contents (EPUB navigation, PDF outline, printed contents page)
    /// hold: 1 the articles, 2 also their sections, up to 6, every heading (the default, but
    /// for a PDF's contents page of several articles, which lists the articles alone).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=6))]
    pub toc_depth: Option<u8>,
}

impl ContentsArgs {
    /// The contents the options ask for.
    fn contents(&self) -> Contents {
        Contents {
            printed: self.toc,
            depth: if self.no_toc { Some(0) } else { self.toc_depth },
        }
    }
}

/// EPUB options (epub, send).
#[derive(Debug, Args)]
pub struct EpubArgs {
    /// Leave the pictures out: a text-only book (captions are kept).
    #[arg(long)]
    pub no_images: bool,
    /// Scale pictures down to at most PX pixels on their long side.
    #[arg(long, value_name = "PX", default_value_t = DEFAULT_MAX_SIDE)]
    pub max_image_size: u32,
    /// A stylesheet added after the built-in one (its rules win), for every page of the book.
    #[arg(long, value_name = "FILE")]
    pub css: Option<PathBuf>,
    /// A folder of fonts (TrueType or OpenType) for a drawn cover's letters the bundled fonts
    /// lack, such as a Chinese title; searched before the machine's fonts (repeatable).
    #[arg(long, value_name = "DIR")]
    pub font_dir: Vec<PathBuf>,
    /// Never use the machine's own fonts: a drawn cover leaves out a line the bundled fonts
    /// (and --font-dir) cannot draw, and is the same on every machine.
    #[arg(long)]
    pub no_system_fonts: bool,
    /// Use this picture as the book's cover (JPEG, PNG, GIF, WebP, AVIF or SVG, converted as
    /// the book's pictures are), even with --no-images.
    #[arg(long, value_name = "IMAGE")]
    pub cover: Option<PathBuf>,
    /// No cover: neither a picture of the article nor a drawn one (the pictures stay).
    #[arg(long, conflicts_with = "cover")]
    pub no_cover: bool,
    #[command(flatten)]
    pub contents: ContentsArgs,
}

/// Which articles to read and how.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Articles: saved pages (.html, .txt, .md, .mhtml), web addresses, or `-` for standard
    /// input.
    #[cfg_attr(feature = "feeds", arg(value_name = "INPUT", required_unless_present_any = ["input_list", "feed"]))]
    #[cfg_attr(
        not(feature = "feeds"),
        arg(value_name = "INPUT", required_unless_present = "input_list")
    )]
    pub inputs: Vec<String>,
    /// Also read the inputs listed in FILE, one URL or path a line (`#` comments; `-` reads the
    /// list from standard input).
    #[arg(long, value_name = "FILE")]
    pub input_list: Option<String>,
    /// Also read the articles of an RSS, Atom or JSON feed (a URL or a file); a web page's
    /// URL reads the feed the page names in its <link rel="alternate">.
    #[cfg(feature = "feeds")]
    #[arg(long, value_name = "FEED")]
    pub feed: Option<String>,
    /// With --feed: only articles published since AGE ago (90m, 12h, 2d, 1w) or a DATE.
    #[cfg(feature = "feeds")]
    #[arg(long, value_name = "AGE|DATE", requires = "feed", value_parser = since_arg)]
    pub since: Option<DateTime<Utc>>,
    /// With --feed: at most N articles, the newest first.
    #[cfg(feature = "feeds")]
    #[arg(long, value_name = "N", requires = "feed")]
    pub limit: Option<usize>,
    /// The language of articles that do not state one (a code such as en, de, pt-BR),
    /// instead of guessing it from their words (else en): for the book's language, its
    /// quotation marks and hyphenation.
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// Read the inputs as this format instead of guessing from the name and content (for
    /// Markdown on standard input or in a file without a .md name).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<InputFormat>,
    /// Credit the book to NAME instead of the authors the page names (repeatable, one name
    /// each): the EPUB's and PDF's author, the byline, and the text and JSON output.
    #[arg(long, value_name = "NAME")]
    pub author: Vec<String>,
    /// The page's original web address: resolves relative links and is shown as the source.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Convert the whole page instead of finding the article: nothing is removed but scripts,
    /// forms, embeds, navigation menus and hidden parts (for pages extraction gets wrong).
    #[arg(long, visible_alias = "no-extract")]
    pub keep_all: bool,
    /// List what was removed from each input, and why, on standard error: each part's kind,
    /// first words and rule (share-widget, related-links, outside-main-content, …).
    #[arg(short, long, conflicts_with = "keep_all")]
    pub verbose: bool,
    /// How many inputs are read at once.
    #[arg(short, long, default_value_t = 4, value_name = "N")]
    pub jobs: usize,
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
    /// The most time one input may take on the network, in seconds: its page, the redirects to
    /// it and its pictures together (connecting, waiting and downloading). A page not read by
    /// then fails; pictures not loaded by then are left out with a warning.
    #[arg(long, help_heading = NETWORK, value_name = "SECS", default_value = "30", value_parser = parse_seconds)]
    pub timeout: Duration,
    /// The largest input or download accepted (bytes; K, M, G suffixes).
    #[arg(long, help_heading = NETWORK, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub max_bytes: u64,
    /// Never use the network: web addresses are refused (unless cached with --cache).
    #[arg(long, help_heading = NETWORK)]
    pub offline: bool,
    /// Wait at least SECS between the page requests sent to one host (pages, feeds and their
    /// redirects; a page's pictures are not held back), to be gentle with a site when reading
    /// many of its articles. The wait counts in --timeout.
    #[arg(long, help_heading = NETWORK, value_name = "SECS", value_parser = parse_seconds)]
    pub delay: Option<Duration>,
    /// Keep fetched pages in DIR and reuse them on later runs (revalidated when the server
    /// gave an ETag or Last-Modified; clear the folder to fetch everything again).
    #[arg(long, help_heading = NETWORK, value_name = "DIR")]
    pub cache: Option<PathBuf>,
}

/// Where a book goes.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output file; `-` writes to standard output; an existing folder, or one written with a
    /// trailing / (created), gets the book under its title as a file name. Default: the title
    /// as a file name, here.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Title of the book when it collects several articles (not with --split: each book
    /// is then titled after its article). Default: "<the feed's title, or the first
    /// article's site> — <the newest article's date>".
    #[arg(long, value_name = "TITLE", conflicts_with = "split")]
    pub title: Option<String>,
    /// One file per article instead of one book; -o then names the folder to write them in.
    #[arg(long)]
    pub split: bool,
    /// Name the books written under their own names (not with -o FILE) after TEMPLATE:
    /// {title}, {site}, {date} (the publication date, 2025-06-02) and {n} (the book's number
    /// in the run, 01, 02…), e.g. '{date}-{site}-{title}'. Default: '{title}'.
    #[arg(long, value_name = "TEMPLATE", value_parser = name_arg)]
    pub name: Option<NameTemplate>,
    /// With --split: keep the books that are there already (each is reported) and make the
    /// others, instead of stopping at the first that exists; for re-running a feed.
    #[arg(long, requires = "split", conflicts_with = "force")]
    pub skip_existing: bool,
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

impl Outcome {
    fn of(failures: usize) -> Self {
        if failures == 0 {
            Outcome::Complete
        } else {
            Outcome::Partial
        }
    }
}

/// A command line that parses but asks for something impossible (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Parses the command line, with the config file's defaults for the options of `epub`, `pdf`
/// and `send` (an option given on the command line wins). A config file that cannot be read
/// is an error for those commands only.
pub fn parse() -> anyhow::Result<Cli> {
    use clap::FromArgMatches;
    let defaults = cleancopy::deliver::config::option_defaults();
    let mut command = Cli::command();
    for default in defaults.as_deref().unwrap_or_default() {
        if command.find_subcommand(default.command).is_none() {
            continue; // `send` in a build without e-mail
        }
        let values = default.values.clone();
        command = command.mut_subcommand(default.command, |sub| {
            sub.mut_arg(default.option, |arg| {
                arg.required(false).default_values(values)
            })
        });
    }
    let matches = command.get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit());
    if matches!(cli.command, Command::Epub { .. } | Command::Pdf { .. })
        || cfg!(feature = "email") && matches.subcommand_name() == Some("send")
    {
        defaults?;
    }
    Ok(cli)
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let quiet = cli.quiet;
    match cli.command {
        Command::Epub {
            input,
            output,
            epub,
        } => {
            let (format, pictures) = epub.format(input.lang.as_deref())?;
            let (run, _) = make_books(&input, &output, format, pictures, quiet, false)?;
            Ok(Outcome::of(run.failures))
        }
        Command::Pdf { input, output, pdf } => {
            let (format, pictures) = pdf.format()?;
            let (run, _) = make_books(&input, &output, format, pictures, quiet, false)?;
            Ok(Outcome::of(run.failures))
        }
        #[cfg(feature = "email")]
        Command::Send {
            input,
            to,
            skip_sent,
            output,
            epub,
        } => send(&input, &to, skip_sent, &output, &epub, quiet),
        Command::Text {
            input,
            body_only,
            output,
            force,
        } => {
            let format = OutputFormat::Text(TextOptions { body_only });
            print_book(&input, output, force, format, quiet)
        }
        Command::Json {
            input,
            output,
            force,
        } => print_book(&input, output, force, OutputFormat::Json, quiet),
        Command::Html {
            input,
            output,
            force,
        } => print_book(&input, output, force, OutputFormat::Html, quiet),
        Command::Md {
            input,
            output,
            force,
        } => print_book(&input, output, force, OutputFormat::Markdown, quiet),
        #[cfg(feature = "serve")]
        Command::Serve(args) => {
            cleancopy::serve::serve(args.options()?)?;
            Ok(Outcome::Complete)
        }
        Command::Completions { shell } => {
            let mut bytes = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "cleancopy", &mut bytes);
            write_stdout(&bytes)?;
            Ok(Outcome::Complete)
        }
        Command::Man { command } => {
            let bytes =
                crate::manual::page(Cli::command(), command.as_deref()).map_err(UsageError)?;
            write_stdout(&bytes)?;
            Ok(Outcome::Complete)
        }
    }
}

/// The options of `serve`.
#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on (port 0 picks a free one). An address beyond this
    /// machine needs an access token (CLEANCOPY_SERVE_TOKEN or [serve] token in the config).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8461")]
    listen: String,
    /// The largest request (a page sent, a file uploaded) accepted, and the largest page or
    /// picture fetched.
    #[arg(long, value_name = "SIZE", default_value = "32M", value_parser = parse_size)]
    max_bytes: u64,
    /// How many conversions run at once (default: one per processor).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// How many more conversions may wait for their turn; past that, 503 (busy).
    #[arg(long, value_name = "N", default_value = "16")]
    queue: usize,
    /// The most time one conversion may take, its fetches included (504 past it).
    #[arg(long, value_name = "SECS", default_value = "60", value_parser = parse_seconds)]
    timeout: Duration,
    /// The most time a client may take to send a request's head, and again its body (408
    /// past it); an idle connection is closed after it.
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = parse_seconds)]
    client_timeout: Duration,
    /// Fetch from loopback, private and link-local addresses too (refused by default, so
    /// that no one can make the server read this machine or its network).
    #[arg(long)]
    allow_private_addresses: bool,
}

#[cfg(feature = "serve")]
impl ServeArgs {
    /// The server's options, with the token from the environment or the config file.
    fn options(&self) -> anyhow::Result<cleancopy::serve::ServeOptions> {
        let defaults = cleancopy::serve::ServeOptions::default();
        let jobs = self.jobs.unwrap_or(defaults.jobs);
        if jobs == 0 {
            return Err(usage(
                "--jobs 0: at least one conversion must be able to run",
            ));
        }
        Ok(cleancopy::serve::ServeOptions {
            listen: self.listen.clone(),
            max_bytes: usize::try_from(self.max_bytes).unwrap_or(usize::MAX),
            jobs,
            queue: self.queue,
            timeout: self.timeout,
            client_timeout: self.client_timeout,
            allow_private_addresses: self.allow_private_addresses,
            token: cleancopy::deliver::config::serve_token()?,
        })
    }
}

impl EpubArgs {
    /// The EPUB format and picture options. Reads the `--css` file, so that a missing one
    /// stops the run before anything is read or written.
    fn format(&self, lang: Option<&str>) -> anyhow::Result<(OutputFormat, Option<ImageOptions>)> {
        let extra_css = match &self.css {
            Some(path) => Some(std::fs::read_to_string(path).map_err(|error| {
                anyhow::anyhow!(
                    "--css {}: cannot read the stylesheet: {error}",
                    path.display()
                )
            })?),
            None => None,
        };
        if let Some(dir) = self.font_dir.iter().find(|dir| !dir.is_dir()) {
            return Err(usage(&format!(
                "--font-dir {}: not a folder",
                dir.display()
            )));
        }
        let cover_image = match &self.cover {
            Some(path) => Some(cover_picture(path, self.max_image_size)?),
            None => None,
        };
        let options = EpubOptions {
            default_language: lang.unwrap_or("en").to_string(),
            generate_cover: !self.no_images,
            no_cover: self.no_cover,
            cover_image,
            contents: self.contents.contents(),
            extra_css,
            cover_fonts: MachineFontSources {
                dirs: self.font_dir.clone(),
                system: !self.no_system_fonts,
            },
            ..EpubOptions::default()
        };
        let pictures = pictures(self.no_images, self.max_image_size);
        Ok((OutputFormat::Epub(options), pictures))
    }
}

impl PdfArgs {
    /// The PDF format and picture options. Reads and checks the `--style` file, so that a
    /// missing or wrong one stops the run before anything is read or written.
    fn format(&self) -> anyhow::Result<(OutputFormat, Option<ImageOptions>)> {
        if self.css.is_some() {
            return Err(usage(
                "--css is for EPUB books; a PDF takes --style FILE, with the tables and keys of styles/print.toml (see README)",
            ));
        }
        let style = match &self.style {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|error| {
                    anyhow::anyhow!("--style {}: cannot read the style: {error}", path.display())
                })?;
                check_print_style(&text)
                    .map_err(|message| usage(&format!("--style {}: {message}", path.display())))?;
                Some(text)
            }
            None => None,
        };
        let options = PdfOptions {
            paper: self.paper,
            landscape: self.landscape,
            margin_mm: self.margin,
            font_size_pt: self.font_size,
            ragged: self.ragged,
            font_dirs: self.font_dir.clone(),
            system_fonts: !self.no_system_fonts,
            style,
            link_notes: !self.no_link_notes,
            contents: self.contents.contents(),
        };
        let pictures = pictures(self.no_images, self.max_image_size);
        Ok((OutputFormat::Pdf(options), pictures))
    }
}

/// `--cover IMAGE`: the picture read, checked and converted, or why it cannot be the cover.
fn cover_picture(path: &std::path::Path, max_side: u32) -> anyhow::Result<EmbeddedImage> {
    let bytes = std::fs::read(path).map_err(|error| {
        anyhow::anyhow!(
            "--cover {}: cannot read the picture: {error}",
            path.display()
        )
    })?;
    let options = ImageOptions {
        max_side,
        ..ImageOptions::default()
    };
    images::cover_picture(&bytes, &options)
        .map_err(|error| anyhow::anyhow!("--cover {}: {error}", path.display()))
}

/// How pictures are prepared: not at all with `--no-images`.
fn pictures(no_images: bool, max_side: u32) -> Option<ImageOptions> {
    (!no_images).then(|| ImageOptions {
        max_side,
        ..ImageOptions::default()
    })
}

impl InputArgs {
    /// The pipeline's options; pictures loaded within the input size limit.
    fn options(&self, pictures: Option<ImageOptions>) -> Options {
        let network = &self.network;
        let limits = SourceLimits {
            max_bytes: network.max_bytes,
        };
        Options {
            read: ReadOptions {
                format: self.from,
                url: self.url.clone(),
                limits,
                network: FetchOptions {
                    user_agent: network.user_agent.clone(),
                    headers: network.headers.clone(),
                    cookie_file: network.cookie_file.clone(),
                    timeout: network.timeout,
                    offline: network.offline,
                    cache_dir: network.cache.clone(),
                    delay: network.delay.unwrap_or_default(),
                    ..FetchOptions::default()
                },
                normalize: NormalizeOptions {
                    keep_all: self.keep_all,
                    note_removals: self.verbose,
                    ..NormalizeOptions::default()
                },
                language: self.lang.clone(),
                authors: self.author.clone(),
            },
            pictures: pictures.map(|pictures| ImageOptions { limits, ..pictures }),
            jobs: self.jobs,
        }
    }

    /// Whether a feed is read.
    #[cfg(feature = "email")]
    fn has_feed(&self) -> bool {
        #[cfg(feature = "feeds")]
        return self.feed.is_some();
        #[cfg(not(feature = "feeds"))]
        false
    }

    /// The inputs named, listed and in the feed.
    fn selection(&self) -> InputSelection {
        InputSelection {
            inputs: self.inputs.clone(),
            input_list: self.input_list.clone(),
            #[cfg(feature = "feeds")]
            feed: self
                .feed
                .as_ref()
                .map(|address| cleancopy::convert::FeedRequest {
                    address: address.clone(),
                    since: self.since,
                    limit: self.limit,
                }),
            #[cfg(not(feature = "feeds"))]
            feed: None,
        }
    }
}

/// EPUB and PDF: a file named after the title unless told otherwise (one per article with
/// `--split`), and a copy on the e-reader with `--device`. A split run prints each book's
/// `--json` record as it is written. With `sending`, the records wait for the e-mail, and
/// the books written are returned.
fn make_books(
    input: &InputArgs,
    output: &OutputArgs,
    format: OutputFormat,
    pictures: Option<ImageOptions>,
    quiet: bool,
    sending: bool,
) -> anyhow::Result<(Run, Vec<Made>)> {
    let destination = Destination {
        output: output.output.clone(),
        split: output.split,
        device: output.device.clone(),
        force: output.force,
        replace_same_book: sending,
        name: output.name.clone(),
        skip_existing: output.skip_existing,
    };
    if destination.is_stdout() && output.json {
        return Err(usage(
            "--json prints its records on standard output; give -o a file, not '-'",
        ));
    }
    let report = Report::new(quiet, output.json && output.split && !sending, sending);
    let title = output.title.clone();
    let run = convert(input, format, pictures, title, &destination, &report)?;
    if !output.split && !sending {
        print_records(&run.books, output.json, &[])?;
    }
    Ok((run, report.into_kept()))
}

/// Reads and renders the inputs, writing the books where `destination` says (standard output
/// included) while `report` prints progress, failures, warnings and files written.
fn convert(
    input: &InputArgs,
    format: OutputFormat,
    pictures: Option<ImageOptions>,
    title: Option<String>,
    destination: &Destination,
    report: &Report,
) -> anyhow::Result<Run> {
    if input.verbose && report.quiet {
        return Err(usage(
            "--verbose lists what was removed, --quiet prints nothing but errors: give one",
        ));
    }
    destination.check()?;
    let converter = Converter::new(format, input.options(pictures))?;
    destination.check_extension(converter.backend().extension())?;
    let gathered = converter.gather(&input.selection())?;
    if let Some(nothing_new) = gathered.nothing_new.as_ref() {
        if !report.quiet {
            eprintln!("cleancopy: {nothing_new}");
        }
        return Ok(Run::default());
    }
    report.start(gathered.inputs.len());
    let run = converter.run(gathered, title, destination, report)?;
    if destination.is_stdout() {
        for made in &run.books {
            write_stdout(&made.bytes)?;
        }
    }
    report.summary(&run, destination.split);
    Ok(run)
}

/// Text and JSON: standard output unless a file is named.
fn print_book(
    input: &InputArgs,
    output: Option<PathBuf>,
    force: bool,
    format: OutputFormat,
    quiet: bool,
) -> anyhow::Result<Outcome> {
    let destination = Destination {
        output: Some(output.unwrap_or_else(|| PathBuf::from("-"))),
        force,
        ..Destination::default()
    };
    let run = convert(
        input,
        format,
        None,
        None,
        &destination,
        &Report::new(quiet, false, false),
    )?;
    Ok(Outcome::of(run.failures))
}

/// `send`: the settings are checked first, then the books are made and written (they stay on
/// disk whatever happens next), then e-mailed. Every book written gets its `--json` record,
/// sent or not; the books not sent are named.
#[cfg(feature = "email")]
fn send(
    input: &InputArgs,
    to: &[String],
    skip_sent: bool,
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
    let (run, books) = match existing_books(&input.inputs)? {
        Some(books) if input.input_list.is_none() && !input.has_feed() => {
            let run = Run {
                total: books.len(),
                ..Run::default()
            };
            (run, books)
        }
        _ => {
            let (format, pictures) = epub.format(input.lang.as_deref())?;
            make_books(input, output, format, pictures, quiet, true)?
        }
    };
    let delivery = send_books(books, &config, to, skip_sent);
    if output.json {
        write_stdout(delivery.record_lines().as_bytes())?;
    }
    if !quiet {
        for warning in &delivery.warnings {
            eprintln!("cleancopy: warning: {warning}");
        }
    }
    let failure = delivery.failure();
    if let Some(failure) = failure.as_ref().filter(|_| delivery.sent_any()) {
        eprintln!("cleancopy: error: {failure}");
        for line in delivery.unsent() {
            eprintln!("cleancopy: {line}");
        }
    }
    if !quiet {
        for note in delivery.notes() {
            eprintln!("{note}");
        }
    }
    match failure {
        None => Ok(Outcome::of(run.failures)),
        Some(_) if delivery.sent_any() => Ok(Outcome::Partial),
        Some(failure) => Err(anyhow::anyhow!(failure)),
    }
}

/// `--json`: one line per file written, on standard output.
fn print_records(books: &[Made], json: bool, sent_to: &[String]) -> anyhow::Result<()> {
    let lines: String = books
        .iter()
        .map(|made| made.record_lines(sent_to))
        .collect();
    if json {
        write_stdout(lines.as_bytes())?;
    }
    Ok(())
}

impl Cli {
    /// Whether the command handles Ctrl-C and SIGTERM itself (the server finishes what it is
    /// doing).
    pub fn handles_signals(&self) -> bool {
        #[cfg(feature = "serve")]
        if matches!(self.command, Command::Serve(_)) {
            return true;
        }
        false
    }
}

/// What an interruption (Ctrl-C) reports: the progress bar to clear, and how many books the
/// run had written (those stay: each is complete).
struct Progress {
    bar: Option<ProgressBar>,
    /// A run is reporting (books may be written), and not quietly.
    telling: bool,
    written: usize,
}

static PROGRESS: Mutex<Progress> = Mutex::new(Progress {
    bar: None,
    telling: false,
    written: 0,
});

fn progress() -> std::sync::MutexGuard<'static, Progress> {
    PROGRESS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Called on Ctrl-C, once no more files can be written: clears the progress bar and says how
/// many books were written (and kept).
pub fn report_interruption() {
    let mut progress = progress();
    if let Some(bar) = progress.bar.take() {
        bar.finish_and_clear();
    }
    if progress.telling {
        match progress.written {
            0 => eprintln!("cleancopy: interrupted; nothing was written"),
            1 => eprintln!("cleancopy: interrupted; the 1 book written before it is kept"),
            n => eprintln!("cleancopy: interrupted; the {n} books written before it are kept"),
        }
    }
}

/// What a run tells the user on standard error: a progress bar on a terminal, failures,
/// warnings and the files written (the last two not when quiet); with `records`, each book's
/// `--json` lines on standard output as it is written; with `keep`, the books written, for
/// e-mailing.
struct Report {
    bar: OnceLock<ProgressBar>,
    /// How many inputs there are, and how many have been started.
    total: std::sync::atomic::AtomicUsize,
    started: std::sync::atomic::AtomicUsize,
    quiet: bool,
    records: bool,
    kept: Option<Mutex<Vec<Made>>>,
}

impl Report {
    fn new(quiet: bool, records: bool, keep: bool) -> Self {
        progress().telling = !quiet;
        Report {
            bar: OnceLock::new(),
            total: Default::default(),
            started: Default::default(),
            quiet,
            records,
            kept: keep.then(Mutex::default),
        }
    }

    /// Shows a progress line when standard error is a terminal and not quiet: a spinner, the
    /// number of the input being read ("1/2", when there are several) and its name.
    fn start(&self, total: usize) {
        self.total
            .store(total, std::sync::atomic::Ordering::Relaxed);
        if !self.quiet && total > 0 && std::io::stderr().is_terminal() {
            let style = ProgressStyle::with_template("{spinner} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            let bar = ProgressBar::new(total as u64).with_style(style);
            bar.enable_steady_tick(Duration::from_millis(120));
            progress().bar = Some(bar.clone());
            let _ = self.bar.set(bar);
        }
    }

    /// The books kept, in the order they were written.
    fn into_kept(self) -> Vec<Made> {
        (self.kept.map(Mutex::into_inner))
            .and_then(Result::ok)
            .unwrap_or_default()
    }

    /// Prints a line above the progress bar.
    fn line(&self, line: &str) {
        match self.bar.get() {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// After a partial success: how many inputs failed, on one line.
    fn summary(&self, run: &Run, split: bool) {
        if let Some(summary) = run.summary(split).filter(|_| !self.quiet) {
            eprintln!("cleancopy: {summary}");
        }
    }
}

impl Observer for Report {
    fn input_started(&self, name: &str) {
        if let Some(bar) = self.bar.get() {
            let number = self
                .started
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                + 1;
            let total = self.total.load(std::sync::atomic::Ordering::Relaxed);
            let count = match total {
                1 => String::new(),
                _ => format!("{}/{total} ", number.min(total)),
            };
            // The spinner and its space take two columns; one more keeps the cursor clear of
            // the edge.
            let columns = usize::from(console::Term::stderr().size().1);
            let room = columns.saturating_sub(3 + count.chars().count()).max(10);
            bar.set_message(format!("{count}{}", ellipsized(name, room)));
        }
    }

    fn input_done(&self, _name: &str) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }

    fn inputs_done(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
        progress().bar = None;
    }

    fn failed(&self, failure: &str) {
        self.line(&format!("cleancopy: error: {failure}"));
    }

    fn removed(&self, name: &str, removals: &Removals) {
        if removals.is_empty() {
            self.line(&format!("{name}: nothing removed"));
            return;
        }
        let mut lines = format!("{name}:");
        for removal in removals.noted() {
            lines.push_str(&format!("\n  {removal}"));
        }
        if removals.more() > 0 {
            lines.push_str(&format!("\n  … and {} more", removals.more()));
        }
        self.line(&lines);
    }

    fn warnings(&self, warnings: &[String]) {
        if !self.quiet {
            for warning in warnings {
                self.line(&format!("cleancopy: warning: {warning}"));
            }
        }
    }

    fn kept(&self, path: &std::path::Path) {
        if !self.quiet {
            self.line(&format!("kept {} (already there)", path.display()));
        }
    }

    fn written(&self, made: &Made, notes: &[String]) {
        if !made.written.is_empty() {
            progress().written += 1;
        }
        if !self.quiet {
            for written in &made.written {
                let (path, title, words) = (written.path.display(), &made.title, made.words);
                let size = made.size.div_ceil(1024);
                self.line(&format!("wrote {path} ({title}, {words} words, {size} KB)"));
            }
            for note in notes {
                self.line(&format!("cleancopy: note: {note}"));
            }
        }
        if self.records {
            if let Err(err) = print_records(std::slice::from_ref(made), true, &[]) {
                self.line(&format!("cleancopy: error: {err:#}"));
            }
        }
        if let Some(Ok(mut kept)) = self.kept.as_ref().map(Mutex::lock) {
            kept.push(made.without_bytes());
        }
    }
}

fn usage(message: &str) -> anyhow::Error {
    UsageError(message.to_string()).into()
}

/// `--since`: an age or a date, relative to now.
#[cfg(feature = "feeds")]
fn since_arg(value: &str) -> Result<DateTime<Utc>, String> {
    parse_since(value, Utc::now())
}

/// `--name TEMPLATE`.
fn name_arg(value: &str) -> Result<NameTemplate, String> {
    NameTemplate::parse(value).map_err(|err| err.to_string())
}

/// `--header 'Name: value'`.
fn header_arg(value: &str) -> Result<(String, String), String> {
    parse_header(value).map_err(|err| err.to_string())
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .context("<stdout>: cannot write")
}

/// `text` whole when it has at most `room` characters, else its start and end around "…"
/// (the end of an address names the article, its start the site).
fn ellipsized(text: &str, room: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= room {
        return text.to_string();
    }
    let kept = room.saturating_sub(1);
    let head = kept / 2;
    let tail = kept - head;
    let start: String = chars[..head].iter().collect();
    let end: String = chars[chars.len() - tail..].iter().collect();
    format!("{start}…{end}")
}

#[cfg(test)]
mod tests {
    use super::ellipsized;

    #[test]
    fn names_are_cut_in_the_middle_only_when_they_do_not_fit() {
        let url = "https://example.org/2025/06/02/harbour-board-votes";
        assert_eq!(ellipsized(url, 60), url);
        let cut = ellipsized(url, 21);
        assert_eq!(cut, "https://ex…oard-votes");
        assert_eq!(cut.chars().count(), 21);
    }
}
