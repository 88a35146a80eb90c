//! The command line: argument definitions and the glue from arguments to library calls.
//!
//! Kept thin on purpose: reading, normalizing and rendering live in the library.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use cleancopy::backend::epub::{EpubBackend, EpubOptions};
use cleancopy::backend::json::JsonBackend;
use cleancopy::backend::pdf::{Paper, PdfBackend, PdfOptions};
use cleancopy::backend::text::{TextBackend, TextOptions};
use cleancopy::backend::Backend;
use cleancopy::document::Book;
use cleancopy::output::{slug, write_file};
use cleancopy::source::{Format, Input};
use cleancopy::ReadOptions;

const EXAMPLES: &str = "\
Examples:
  cleancopy epub article.txt                 writes <title-slug>.epub here
  cleancopy pdf page.html -o page.pdf        a printable PDF
  cleancopy epub page.html -o - > page.epub  the book on standard output
  cat page.html | cleancopy pdf - -o page.pdf
  cleancopy epub a.html b.txt --title \"Morning reading\" -o digest.epub
  cleancopy text --body-only page.html       the cleaned body as plain text
  cleancopy json page.html                   metadata and text as JSON";

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
        /// Language of the book when the article does not say (a code such as en, de, pt-BR).
        #[arg(long, default_value = "en", value_name = "CODE")]
        lang: String,
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
    },
    /// Print the cleaned article as plain text.
    #[command(after_help = "Example:\n  cleancopy text --body-only page.html > body.txt")]
    Text {
        #[command(flatten)]
        input: InputArgs,
        /// Leave out the title, byline and source lines: the article body alone.
        #[arg(long)]
        body_only: bool,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
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
}

/// Which articles to read and how.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Article files (HTML page or plain text); `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Read the inputs as this format instead of guessing from the name and content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<Format>,
    /// The page's original web address: resolves relative links and is shown as the source.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
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
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Epub {
            input,
            output,
            lang,
        } => {
            let backend = EpubBackend::new(EpubOptions {
                default_language: lang,
            });
            make_book(&input, &output, &backend, cli.quiet)
        }
        Command::Pdf {
            input,
            output,
            paper,
            margin,
            font_size,
        } => {
            anyhow::ensure!(
                (0.0..=80.0).contains(&margin),
                "--margin {margin}: must be between 0 and 80 mm"
            );
            anyhow::ensure!(
                (4.0..=36.0).contains(&font_size),
                "--font-size {font_size}: must be between 4 and 36 pt"
            );
            let backend = PdfBackend::new(PdfOptions {
                paper,
                margin_mm: margin,
                font_size_pt: font_size,
            });
            make_book(&input, &output, &backend, cli.quiet)
        }
        Command::Text {
            input,
            body_only,
            output,
            force,
        } => {
            let backend = TextBackend::new(TextOptions { body_only });
            print_book(&input, output, force, &backend)
        }
        Command::Json {
            input,
            output,
            force,
        } => print_book(&input, output, force, &JsonBackend),
    }
}

fn read_options(input: &InputArgs) -> ReadOptions {
    ReadOptions {
        format: input.from,
        url: input.url.clone(),
        ..ReadOptions::default()
    }
}

fn read(input: &InputArgs, title: Option<String>) -> anyhow::Result<Book> {
    let inputs: Vec<Input> = input.inputs.iter().map(|a| Input::from_arg(a)).collect();
    Ok(cleancopy::read_book(&inputs, &read_options(input), title)?)
}

/// EPUB and PDF: a file named after the title unless told otherwise.
fn make_book(
    input: &InputArgs,
    output: &OutputArgs,
    backend: &dyn Backend,
    quiet: bool,
) -> anyhow::Result<()> {
    if let Some(path) = output.output.as_ref().filter(|p| !is_stdout(p)) {
        refuse_existing(path, output.force)?;
    }
    let book = read(input, output.title.clone())?;
    let bytes = backend.render(&book)?;
    let path = match &output.output {
        Some(path) if is_stdout(path) => return write_stdout(&bytes),
        Some(path) => path.clone(),
        None => PathBuf::from(format!(
            "{}.{}",
            slug(book.display_title()),
            backend.extension()
        )),
    };
    write_file(&path, &bytes, output.force)?;
    if !quiet {
        let words: usize = book.articles.iter().map(|a| a.word_count()).sum();
        eprintln!(
            "wrote {} ({}, {} words, {} KB)",
            path.display(),
            book.display_title(),
            words,
            bytes.len().div_ceil(1024)
        );
    }
    Ok(())
}

/// Text and JSON: standard output unless a file is named.
fn print_book(
    input: &InputArgs,
    output: Option<PathBuf>,
    force: bool,
    backend: &dyn Backend,
) -> anyhow::Result<()> {
    if let Some(path) = output.as_ref().filter(|p| !is_stdout(p)) {
        refuse_existing(path, force)?;
    }
    let book = read(input, None)?;
    let bytes = backend.render(&book)?;
    match output {
        Some(path) if !is_stdout(&path) => Ok(write_file(&path, &bytes, force)?),
        _ => write_stdout(&bytes),
    }
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
