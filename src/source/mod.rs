//! Getting an article's bytes and turning them into text: files, standard input, and the
//! charset and format detection that follows.
//!
//! Everything here is about *reading*; deciding what in the text is the article is the job of
//! [`crate::normalize`].

mod charset;
mod detect;
mod file;
mod stdin;

use std::path::PathBuf;

pub use charset::decode;
pub use detect::{detect_format, Format};

/// Where an article comes from, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A saved page or text file.
    File(PathBuf),
    /// A web address. Fetching is not built yet, so loading one is refused with a clear error.
    Url(String),
}

impl Input {
    /// Interprets a command-line argument: `-` is standard input, `http://` and `https://`
    /// addresses are URLs, anything else a path.
    pub fn from_arg(arg: &str) -> Self {
        let lower = arg.to_ascii_lowercase();
        if arg == "-" {
            Input::Stdin
        } else if lower.starts_with("http://") || lower.starts_with("https://") {
            Input::Url(arg.to_string())
        } else {
            Input::File(PathBuf::from(arg))
        }
    }

    /// How the input is named in messages.
    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(path) => path.display().to_string(),
            Input::Url(url) => url.clone(),
        }
    }
}

/// Limits on what a source may deliver.
#[derive(Debug, Clone, Copy)]
pub struct SourceLimits {
    /// The largest input accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for SourceLimits {
    fn default() -> Self {
        SourceLimits {
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

/// An input read and decoded, ready for a normalizer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// How the input is named in messages.
    pub name: String,
    /// The decoded text.
    pub text: String,
    /// Whether the text is an HTML page or a plain-text scrape.
    pub format: Format,
    /// The page's own address when known (used to resolve relative links).
    pub url: Option<String>,
}

/// Why an input could not be read. Each message names the input and the cause on one line.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The path does not exist.
    #[error("{input}: no such file")]
    NotFound { input: String },
    /// The path is a directory.
    #[error("{input}: is a directory, not an article file")]
    IsDirectory { input: String },
    /// The operating system refused the read.
    #[error("{input}: cannot read: {source}")]
    Unreadable {
        input: String,
        #[source]
        source: std::io::Error,
    },
    /// The input holds no text at all.
    #[error("{input}: the input is empty")]
    Empty { input: String },
    /// The input is larger than the configured limit.
    #[error("{input}: larger than the {limit}-byte input limit")]
    TooLarge { input: String, limit: u64 },
    /// The bytes are not text (an image, an archive, …).
    #[error("{input}: not a text or HTML file ({what})")]
    Binary { input: String, what: String },
    /// The file's kind is known, and it is not one cleancopy reads.
    #[error("{input}: unsupported format '{what}' (cleancopy reads HTML pages and plain text)")]
    UnknownFormat { input: String, what: String },
    /// URL fetching is not available in this build.
    #[error("{input}: reading URLs is not supported yet; save the page and pass the file")]
    UrlNotSupported { input: String },
}

/// Reads `input` whole (within `limits`), decodes it and decides its format.
///
/// `forced` overrides format detection (`--from html|text`).
pub fn load(
    input: &Input,
    forced: Option<Format>,
    limits: SourceLimits,
) -> Result<SourceText, SourceError> {
    let name = input.display_name();
    let (bytes, extension) = match input {
        Input::Stdin => (stdin::read_stdin(&name, limits)?, None),
        Input::File(path) => (
            file::read_file(path, &name, limits)?,
            path.extension()
                .map(|ext| ext.to_string_lossy().to_ascii_lowercase()),
        ),
        Input::Url(_) => return Err(SourceError::UrlNotSupported { input: name }),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SourceError::Empty { input: name });
    }
    let format = match forced {
        Some(format) => format,
        None => detect_format(&name, extension.as_deref(), &bytes)?,
    };
    let text = decode(&bytes, format);
    if text.trim().is_empty() {
        return Err(SourceError::Empty { input: name });
    }
    Ok(SourceText {
        name,
        text,
        format,
        url: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_means_stdin_and_http_means_url() {
        assert_eq!(Input::from_arg("-"), Input::Stdin);
        assert_eq!(
            Input::from_arg("HTTPS://example.org/a"),
            Input::Url("HTTPS://example.org/a".into())
        );
        assert_eq!(
            Input::from_arg("page.html"),
            Input::File(PathBuf::from("page.html"))
        );
    }
}
