//! Deciding what an input is: an HTML page, a plain-text scrape, a Markdown article, an MHTML
//! archive, or something cleancopy does not read (an image, a PDF, an archive). An HTTP
//! `Content-Type` decides first, then the file extension, then the bytes themselves.

use super::charset::utf16_without_bom;
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

/// What the user says an input is (`--from`), instead of letting cleancopy guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// An HTML or XHTML page.
    Html,
    /// Plain text.
    Text,
    /// Markdown (front matter read as the title, author and date).
    Markdown,
}

impl From<Format> for InputFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Html => InputFormat::Html,
            Format::Text => InputFormat::Text,
        }
    }
}

/// File extensions read as HTML.
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "xht", "shtml", "php", "asp", "aspx"];
/// File extensions read as plain text.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text"];
/// File extensions read as Markdown.
const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd"];
/// File extensions of single-file web archives.
const MHTML_EXTENSIONS: &[&str] = &["mhtml", "mht"];
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

/// What an input holds, which decides how it is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// An HTML or XHTML page.
    Html,
    /// Plain text.
    Text,
    /// A Markdown article, rendered to HTML before normalizing.
    Markdown,
    /// A single-file web archive (`.mhtml`, `.mht`): MIME parts around an HTML page.
    Mhtml,
}

/// Decides the format of `bytes`, named `name`, whose file extension (lowercase) is `extension`.
/// Markdown and MHTML inputs are read as HTML.
pub fn detect_format(
    name: &str,
    extension: Option<&str>,
    bytes: &[u8],
) -> Result<Format, SourceError> {
    Ok(match detect_kind(name, extension, None, bytes)? {
        Kind::Text => Format::Text,
        Kind::Html | Kind::Markdown | Kind::Mhtml => Format::Html,
    })
}

/// Decides what `bytes`, named `name`, hold: by `media_type` (an HTTP `Content-Type` without
/// parameters) when it is specific, else by `extension` (lowercase), else by their content.
pub(super) fn detect_kind(
    name: &str,
    extension: Option<&str>,
    media_type: Option<&str>,
    bytes: &[u8],
) -> Result<Kind, SourceError> {
    let by_type = match media_type {
        Some(media_type) => kind_of_media_type(name, media_type)?,
        None => None,
    };
    if let Some(what) = binary_kind(bytes) {
        return Err(SourceError::Binary {
            input: name.to_string(),
            what,
        });
    }
    if let Some(kind) = by_type {
        return Ok(kind);
    }
    match extension {
        Some(ext) if HTML_EXTENSIONS.contains(&ext) => Ok(Kind::Html),
        Some(ext) if TEXT_EXTENSIONS.contains(&ext) => Ok(Kind::Text),
        Some(ext) if MARKDOWN_EXTENSIONS.contains(&ext) => Ok(Kind::Markdown),
        Some(ext) if MHTML_EXTENSIONS.contains(&ext) => Ok(Kind::Mhtml),
        Some(ext) if FOREIGN_EXTENSIONS.contains(&ext) && media_type.is_none() => {
            Err(SourceError::UnknownFormat {
                input: name.to_string(),
                what: ext.to_string(),
            })
        }
        _ => {
            if looks_like_feed(bytes) {
                return Err(SourceError::IsFeed {
                    input: name.to_string(),
                });
            }
            Ok(sniff_kind(bytes))
        }
    }
}

/// The kind a `Content-Type` names, `None` when it leaves the question open (`text/plain`
/// is often sent for any file), or an error for types that are not pages (images, PDF, …).
fn kind_of_media_type(name: &str, media_type: &str) -> Result<Option<Kind>, SourceError> {
    match media_type {
        "text/html" | "application/xhtml+xml" => Ok(Some(Kind::Html)),
        "text/markdown" | "text/x-markdown" => Ok(Some(Kind::Markdown)),
        "multipart/related" | "message/rfc822" | "application/x-mimearchive" => {
            Ok(Some(Kind::Mhtml))
        }
        "application/rss+xml" | "application/atom+xml" | "application/feed+json" => {
            Err(SourceError::IsFeed {
                input: name.to_string(),
            })
        }
        "text/plain" | "text/xml" | "application/xml" => Ok(None),
        other if other.starts_with("text/") => Ok(None),
        other => Err(SourceError::ContentType {
            input: name.to_string(),
            content_type: other.to_string(),
        }),
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
    if is_utf16 || utf16_without_bom(head).is_some() {
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

/// An MHTML archive when the text starts with MIME headers of a multipart page, HTML when it
/// looks like markup, plain text otherwise.
fn sniff_kind(bytes: &[u8]) -> Kind {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let head = match utf16_without_bom(head) {
        Some(encoding) => encoding.decode_without_bom_handling(head).0.into_owned(),
        None => String::from_utf8_lossy(head).into_owned(),
    };
    let head = head.to_ascii_lowercase();
    if looks_like_mhtml(&head) {
        return Kind::Mhtml;
    }
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
        Kind::Html
    } else if looks_like_markdown(&head) {
        Kind::Markdown
    } else {
        Kind::Text
    }
}

/// Whether text (lowercase, as sniffed) is Markdown: it opens with a YAML front-matter block
/// (`---`, `key: value` lines, `---`), or it shows two different Markdown marks: `#` headings,
/// `**strong**` or `__strong__` runs, `[links](…)`, fenced code. A plain-text scrape rarely has
/// two of them.
fn looks_like_markdown(head: &str) -> bool {
    let text = head.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) == Some("---") {
        let block: Vec<&str> = lines
            .by_ref()
            .take_while(|l| l.trim_end() != "---")
            .collect();
        let closed = text.lines().nth(1 + block.len()).map(str::trim_end) == Some("---");
        let fields = block
            .iter()
            .filter(|line| {
                line.split_once(':').is_some_and(|(key, _)| {
                    !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                })
            })
            .count();
        if closed && fields > 0 {
            return true;
        }
    }
    let heading = text.lines().any(|line| {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        (1..=6).contains(&hashes) && line[hashes..].starts_with(' ')
    });
    let strong = ["**", "__"].iter().any(|mark| {
        text.split(mark)
            .skip(1)
            .step_by(2)
            .any(|inside| !inside.is_empty() && !inside.starts_with(' ') && !inside.contains('\n'))
    });
    let link = text.contains("](http") || text.contains("](/") || text.contains("](#");
    let fence = text.lines().any(|line| line.starts_with("```"));
    [heading, strong, link, fence]
        .iter()
        .filter(|&&m| m)
        .count()
        >= 2
}

/// Whether `bytes` are an RSS or Atom feed: XML whose first element is `<rss>`, `<feed>` or
/// `<rdf:RDF>` (RSS 1.0), after any XML declaration, comments and doctype.
fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(SNIFF_LEN)]);
    let mut rest = head.trim_start_matches('\u{feff}').trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<!--") {
            let Some(end) = after.find("-->") else {
                return false;
            };
            rest = after[end + 3..].trim_start();
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            let Some(end) = rest.find('>') else {
                return false;
            };
            rest = rest[end + 1..].trim_start();
        } else {
            break;
        }
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name: String = tag
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(name.as_str(), "rss" | "feed" | "rdf:rdf")
}

/// Whether lowercase `head` starts with MIME headers that announce a multipart/related page.
fn looks_like_mhtml(head: &str) -> bool {
    let headers = head.split("\n\n").next().unwrap_or("");
    let starts_with_header = ["mime-version:", "from:", "subject:", "content-type:"]
        .iter()
        .any(|h| head.trim_start().starts_with(h));
    starts_with_header && headers.contains("multipart/related")
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
    fn markdown_and_mhtml_extensions_are_recognised() {
        assert_eq!(
            detect_kind("a.md", Some("md"), None, b"# Title").ok(),
            Some(Kind::Markdown)
        );
        assert_eq!(
            detect_kind("a.mht", Some("mht"), None, b"MIME-Version: 1.0").ok(),
            Some(Kind::Mhtml)
        );
        assert_eq!(
            detect_format("a.md", Some("md"), b"# T").ok(),
            Some(Format::Html)
        );
    }

    #[test]
    fn mhtml_is_sniffed_from_its_headers() {
        let archive = b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n\
            Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"b\"\r\n\r\n--b\r\n";
        assert_eq!(
            detect_kind("-", None, None, archive).ok(),
            Some(Kind::Mhtml)
        );
    }

    #[test]
    fn content_type_decides_before_the_extension() {
        assert_eq!(
            detect_kind("u", Some("txt"), Some("text/html"), b"hello").ok(),
            Some(Kind::Html)
        );
        assert_eq!(
            detect_kind("u", Some("md"), Some("text/plain"), b"# T").ok(),
            Some(Kind::Markdown)
        );
        let err = detect_kind("u", Some("html"), Some("image/png"), b"<html>").unwrap_err();
        assert!(err.to_string().contains("'image/png'"), "{err}");
        let err = detect_kind("u", None, Some("application/rss+xml"), b"<rss>").unwrap_err();
        assert_eq!(
            err.to_string(),
            "u: this is an RSS or Atom feed, not an article; read its articles with --feed u"
        );
    }

    #[test]
    fn feeds_are_recognised_by_their_first_element() {
        let rss =
            b"<?xml version=\"1.0\"?>\n<!-- a feed -->\n<rss version=\"2.0\"><channel/></rss>";
        let atom = b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title></feed>";
        for feed in [&rss[..], &atom[..]] {
            let err = detect_kind("f.xml", Some("xml"), Some("text/xml"), feed).unwrap_err();
            assert!(matches!(err, SourceError::IsFeed { .. }), "{err}");
        }
        let page = b"<?xml version=\"1.0\"?><html><body><p>Hi</p></body></html>";
        assert_eq!(detect_kind("-", None, None, page).ok(), Some(Kind::Html));
        assert_eq!(
            detect_kind("-", None, None, b"feed the cat").ok(),
            Some(Kind::Text)
        );
    }

    #[test]
    fn markdown_is_sniffed_from_front_matter_or_its_marks() {
        let front = b"---\ntitle: Tides\nauthor: Ana\n---\n\nThe tide came in.\n";
        assert_eq!(
            detect_kind("-", None, None, front).ok(),
            Some(Kind::Markdown)
        );
        let marked = b"# Tides\n\nThe **spring** tide came in.\n";
        assert_eq!(
            detect_kind("-", None, None, marked).ok(),
            Some(Kind::Markdown)
        );
        let plain = b"Tides\n\nThe spring tide came in at six; see page 2.\n---\n";
        assert_eq!(detect_kind("-", None, None, plain).ok(), Some(Kind::Text));
        let one_mark = b"# 1 in 5 boats stayed home\n\nThe tide came in.\n";
        assert_eq!(
            detect_kind("-", None, None, one_mark).ok(),
            Some(Kind::Text)
        );
    }

    #[test]
    fn utf16_without_bom_is_text_not_binary() {
        let page: Vec<u8> = "<html><body><p>Hi there</p></body></html>"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(detect_kind("-", None, None, &page).ok(), Some(Kind::Html));
    }

    #[test]
    fn pdf_extension_is_an_unknown_format() {
        let err = detect_format("a.pdf", Some("pdf"), b"hello").unwrap_err();
        assert!(matches!(err, SourceError::UnknownFormat { .. }));
    }
}
