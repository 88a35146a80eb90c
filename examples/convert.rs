//! Converts one article to an EPUB or a PDF with the cleancopy library.
//!
//! ```sh
//! cargo run --example convert -- examples/tide-clock.html tide-clock.epub
//! cargo run --example convert -- https://example.org/story story.pdf
//! ```
//!
//! The output's extension picks the format. Like the `cleancopy` command, it never replaces
//! an existing file.

use std::path::Path;
use std::process::ExitCode;

use cleancopy::backend::{epub::EpubBackend, pdf::PdfBackend, Backend};
use cleancopy::document::Book;
use cleancopy::source::Input;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: convert INPUT OUTPUT.epub|OUTPUT.pdf");
        return ExitCode::from(2);
    };
    match convert(input, Path::new(output)) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("convert: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Reads and normalizes `input`, renders it in the format `output`'s extension names, and
/// writes it; returns a one-line summary.
fn convert(input: &str, output: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let backend: Box<dyn Backend> = match output.extension().and_then(|e| e.to_str()) {
        Some("epub") => Box::new(EpubBackend::default()),
        Some("pdf") => Box::new(PdfBackend::default()),
        _ => return Err(format!("{}: name an .epub or .pdf file", output.display()).into()),
    };
    // 1. Read: a file, `-` for standard input, or a web address.
    let article = cleancopy::read_article(&Input::from_arg(input), &Default::default())?;
    let title = article.display_title().to_string();
    let words = article.word_count();
    // 2. Write: the backend renders a book; `write_file` saves it atomically.
    let bytes = backend.render(&Book::single(article))?;
    cleancopy::output::write_file(output, &bytes, false)?;
    Ok(format!(
        "{}: {title} ({words} words, {} bytes)",
        output.display(),
        bytes.len()
    ))
}
