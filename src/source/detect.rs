//! Deciding what an input is: an HTML page, a plain-text scrape, or something cleancopy does not
//! read (an image, a PDF, an archive). Extensions decide first, the bytes themselves second.

use super::SourceError;

/// The two kinds of input a normalizer understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// An HTML or XHTML page.
    Html,
    /// Plain text: a scrape, a copy-paste, a `.txt` export.
    Text,
}

/// File extensions read as HTML.
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "xht", "shtml", "php", "asp", "aspx"];
/// File extensions read as plain text.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown"];
/// File extensions of formats people may pass by mistake; named in the error.
const FOREIGN_EXTENSIONS: &[&str] = &[
    "pdf", "epub", "mobi", "azw", "azw3", "doc", "docx", "odt", "rtf", "png", "jpg", "jpeg", "gif",
    "webp", "avif", "svg", "zip", "gz", "tar", "mp3", "mp4", "exe",
];

/// Magic numbers of common binary formats, with a name for the error message.
const MAGIC_NUMBERS: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "executable"),
];

/// How many leading bytes are inspected when sniffing.
const SNIFF_LEN: usize = 8192;

/// Decides the format of `bytes`, named `name`, whose file extension (lowercase) is `extension`.
pub fn detect_format(
    name: &str,
    extension: Option<&str>,
    bytes: &[u8],
) -> Result<Format, SourceError> {
    if let Some(what) = binary_kind(bytes) {
        return Err(SourceError::Binary {
            input: name.to_string(),
            what,
        });
    }
    match extension {
        Some(ext) if HTML_EXTENSIONS.contains(&ext) => Ok(Format::Html),
        Some(ext) if TEXT_EXTENSIONS.contains(&ext) => Ok(Format::Text),
        Some(ext) if FOREIGN_EXTENSIONS.contains(&ext) => Err(SourceError::UnknownFormat {
            input: name.to_string(),
            what: ext.to_string(),
        }),
        _ => Ok(sniff_text_format(bytes)),
    }
}

/// Names the binary format of `bytes`, or `None` when they look like text.
fn binary_kind(bytes: &[u8]) -> Option<String> {
    if let Some((_, what)) = MAGIC_NUMBERS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Some((*what).to_string());
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let is_utf16 = head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff");
    if is_utf16 {
        return None;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    if head.contains(&0) || controls * 20 > head.len() {
        return Some("binary data".to_string());
    }
    None
}

/// HTML when the start of the text looks like markup, plain text otherwise.
fn sniff_text_format(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    let markers = [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<article",
        "<main",
    ];
    let starts_with_tag = trimmed.starts_with('<');
    if markers.iter().any(|m| trimmed.contains(m))
        || (starts_with_tag
            && ["<p", "<div", "<h1", "<h2"]
                .iter()
                .any(|m| trimmed.contains(m)))
    {
        Format::Html
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_decides_before_content() {
        assert_eq!(
            detect_format("a.txt", Some("txt"), b"<html>").ok(),
            Some(Format::Text)
        );
        assert_eq!(
            detect_format("a.htm", Some("htm"), b"hello").ok(),
            Some(Format::Html)
        );
    }

    #[test]
    fn markup_without_extension_is_html() {
        let page = b"\n<!DOCTYPE html><html><body><p>Hi</p></body></html>";
        assert_eq!(detect_format("-", None, page).ok(), Some(Format::Html));
        assert_eq!(
            detect_format("-", None, b"Just words.\n").ok(),
            Some(Format::Text)
        );
    }

    #[test]
    fn png_renamed_html_is_refused_as_binary() {
        let err = detect_format("a.html", Some("html"), b"\x89PNG\r\n\x1a\n\0\0").unwrap_err();
        assert!(err.to_string().contains("PNG image"), "{err}");
    }

    #[test]
    fn pdf_extension_is_an_unknown_format() {
        let err = detect_format("a.pdf", Some("pdf"), b"hello").unwrap_err();
        assert!(matches!(err, SourceError::UnknownFormat { .. }));
    }
}
