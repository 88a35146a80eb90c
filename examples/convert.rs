//! Converts one article to an EPUB or a PDF with the cleancopy library, pictures included.
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

use cleancopy::convert::{Converter, Options, OutputFormat};
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

/// Reads and normalizes `input`, loads its pictures, renders it in the format `output`'s
/// extension names, and writes it; returns a one-line summary.
fn convert(input: &str, output: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let format = match output.extension().and_then(|e| e.to_str()) {
        Some("epub") => OutputFormat::epub(),
        Some("pdf") => OutputFormat::pdf(),
        _ => return Err(format!("{}: name an .epub or .pdf file", output.display()).into()),
    };
    // 1. The pipeline: read a file, `-` for standard input, or a web address; normalize;
    //    load the pictures; render.
    let converter = Converter::new(format, Options::default())?;
    let made = converter.convert(&[Input::from_arg(input)], None)?;
    for warning in &made.warnings {
        eprintln!("convert: warning: {warning}");
    }
    // 2. Write: `write_file` saves it atomically.
    cleancopy::output::write_file(output, &made.bytes, false)?;
    Ok(format!(
        "{}: {} ({} words, {} pictures, {} bytes)",
        output.display(),
        made.title,
        made.words,
        made.images,
        made.size
    ))
}
