//! Single-file web archives (`.mhtml`, `.mht`): a MIME message whose parts are the page and its
//! resources, each with a `Content-Location` and a transfer encoding (quoted-printable, base64
//! or none). Browsers write them with "Save page as… single file".
//!
//! [`parse`] reads every part; [`MhtmlArchive::page`] is the HTML page, and
//! [`MhtmlArchive::resource`] finds a resource (an image) by its address: the page's pictures
//! are taken from the archive (see [`super::Origin::Archive`]) rather than from the network.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

use super::media_type::parse_content_type;
use super::SourceError;

/// A parsed archive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MhtmlArchive {
    /// The address the page was saved from (`Snapshot-Content-Location`), when given.
    pub snapshot_location: Option<String>,
    /// The parts in archive order.
    pub parts: Vec<MhtmlPart>,
}

/// One part of an archive, its transfer encoding undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MhtmlPart {
    /// The media type without parameters, lowercase (`text/html`, `image/png`).
    pub media_type: String,
    /// The part's `charset` parameter, when given.
    pub charset: Option<String>,
    /// The part's `Content-Location`: the address it was saved from.
    pub location: Option<String>,
    /// The part's `Content-ID`, without its angle brackets (a page names it `cid:ID`).
    pub content_id: Option<String>,
    /// The decoded bytes.
    pub body: Vec<u8>,
}

impl MhtmlArchive {
    /// The page: the first `text/html` (or XHTML) part.
    pub fn page(&self) -> Option<&MhtmlPart> {
        self.parts
            .iter()
            .find(|p| p.media_type == "text/html" || p.media_type == "application/xhtml+xml")
    }

    /// The page's web address: its part's `Content-Location`, else the snapshot location, when
    /// that is an `http` or `https` address.
    pub fn page_url(&self) -> Option<url::Url> {
        let from_part = self.page().and_then(|p| p.location.as_deref());
        [from_part, self.snapshot_location.as_deref()]
            .into_iter()
            .flatten()
            .filter_map(|location| url::Url::parse(location).ok())
            .find(|url| matches!(url.scheme(), "http" | "https"))
    }

    /// The part saved from `location` (an absolute address, as the page's resolved links are,
    /// compared as addresses: `HTTPS://Host/a%7e` finds `https://host/a%7e`), or named
    /// `cid:ID` by its `Content-ID`.
    pub fn resource(&self, location: &str) -> Option<&MhtmlPart> {
        if let Some(id) = location.strip_prefix("cid:") {
            return self
                .parts
                .iter()
                .find(|p| p.content_id.as_deref() == Some(id));
        }
        let exact = self
            .parts
            .iter()
            .find(|p| p.location.as_deref() == Some(location));
        exact.or_else(|| {
            let wanted = url::Url::parse(location).ok()?;
            self.parts.iter().find(|p| {
                p.location
                    .as_deref()
                    .and_then(|l| url::Url::parse(l).ok())
                    .is_some_and(|l| l == wanted)
            })
        })
    }
}

/// Parses the archive in `bytes`, named `name` in errors.
pub fn parse(bytes: &[u8], name: &str) -> Result<MhtmlArchive, SourceError> {
    let error = |cause: &str| SourceError::Mhtml {
        input: name.to_string(),
        cause: cause.to_string(),
    };
    let (headers, body) = split_head(bytes);
    let content_type = header(&headers, "content-type").ok_or_else(|| error("no Content-Type"))?;
    let (media_type, params) = parse_content_type(content_type);
    let snapshot_location = header(&headers, "snapshot-content-location").map(str::to_string);
    let parts = if media_type.starts_with("multipart/") {
        let boundary = param(&params, "boundary").ok_or_else(|| error("no MIME boundary"))?;
        split_parts(body, boundary)
            .into_iter()
            .map(|part| {
                let (headers, body) = split_head(part);
                decode_part(&headers, body)
            })
            .collect()
    } else {
        vec![decode_part(&headers, body)]
    };
    if parts.is_empty() {
        return Err(error("no MIME parts"));
    }
    Ok(MhtmlArchive {
        snapshot_location,
        parts,
    })
}

/// Headers as (lowercase name, value) pairs, folded lines joined.
type Headers = Vec<(String, String)>;

/// Splits a MIME entity into its headers and its body at the first empty line.
fn split_head(bytes: &[u8]) -> (Headers, &[u8]) {
    let crlf = find(bytes, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = find(bytes, b"\n\n").map(|i| (i, i + 2));
    let (head_end, body_start) = match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => (bytes.len(), bytes.len()),
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]);
    (parse_headers(&head), &bytes[body_start..])
}

/// Reads header lines, joining continuation lines (those starting with white space).
fn parse_headers(head: &str) -> Headers {
    let mut headers: Headers = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    headers
}

fn header<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// The bodies between `--boundary` delimiter lines, up to the closing `--boundary--`.
fn split_parts<'a>(body: &'a [u8], boundary: &str) -> Vec<&'a [u8]> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut current: Option<usize> = None;
    let mut offset = 0;
    for line in body.split_inclusive(|&b| b == b'\n') {
        let text = trim_line_end(line);
        if let Some(rest) = text.strip_prefix(delimiter.as_bytes()) {
            let rest = trim_ascii_end(rest);
            if rest.is_empty() || rest == b"--" {
                if let Some(start) = current.take() {
                    parts.push(strip_final_newline(&body[start..offset]));
                }
                if rest == b"--" {
                    return parts;
                }
                current = Some(offset + line.len());
            }
        }
        offset += line.len();
    }
    if let Some(start) = current {
        parts.push(&body[start..]);
    }
    parts
}

/// The line without its `\n` or `\r\n`.
fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn trim_ascii_end(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &bytes[..end]
}

/// The line break before a delimiter belongs to the delimiter, not to the part.
fn strip_final_newline(part: &[u8]) -> &[u8] {
    let part = part.strip_suffix(b"\n").unwrap_or(part);
    part.strip_suffix(b"\r").unwrap_or(part)
}

/// A part with its transfer encoding undone.
fn decode_part(headers: &Headers, body: &[u8]) -> MhtmlPart {
    let (media_type, params) =
        parse_content_type(header(headers, "content-type").unwrap_or("text/plain"));
    let encoding = header(headers, "content-transfer-encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let body = match encoding.as_str() {
        "quoted-printable" => decode_quoted_printable(body),
        "base64" => decode_base64(body),
        _ => body.to_vec(),
    };
    MhtmlPart {
        media_type,
        charset: param(&params, "charset").map(str::to_string),
        location: header(headers, "content-location").map(str::to_string),
        content_id: header(headers, "content-id").map(|id| {
            id.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        }),
        body,
    }
}

/// Undoes quoted-printable: `=XX` is a byte, `=` at a line end joins the lines. Malformed
/// escapes are kept as written.
pub(crate) fn decode_quoted_printable(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut lines = body.split_inclusive(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        let has_newline = line.ends_with(b"\n");
        let content = trim_ascii_end(trim_line_end(line));
        let (content, soft_break) = match content.strip_suffix(b"=") {
            Some(rest) => (rest, true),
            None => (content, false),
        };
        decode_qp_line(content, &mut out);
        if has_newline && !soft_break && lines.peek().is_some() {
            out.push(b'\n');
        }
    }
    out
}

fn decode_qp_line(line: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < line.len() {
        if line[i] == b'=' {
            if let Some(byte) = line.get(i + 1..i + 3).and_then(hex_byte) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(line[i]);
        i += 1;
    }
}

fn hex_byte(pair: &[u8]) -> Option<u8> {
    let text = std::str::from_utf8(pair).ok()?;
    u8::from_str_radix(text, 16).ok()
}

/// Undoes base64, ignoring line breaks and tolerating missing padding. Undecodable data gives
/// an empty body rather than an error: one broken resource must not lose the page.
fn decode_base64(body: &[u8]) -> Vec<u8> {
    let engine = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let compact: Vec<u8> = body
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    engine.decode(compact).unwrap_or_default()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARCHIVE: &str = "From: <Saved by a browser>\r\n\
        Snapshot-Content-Location: https://news.example.org/story\r\n\
        MIME-Version: 1.0\r\n\
        Content-Type: multipart/related;\r\n\
        \ttype=\"text/html\";\r\n\
        \tboundary=\"----Boundary--x;y\"\r\n\
        \r\n\
        ------Boundary--x;y\r\n\
        Content-Type: text/html; charset=\"windows-1252\"\r\n\
        Content-Transfer-Encoding: quoted-printable\r\n\
        Content-Location: https://news.example.org/story\r\n\
        \r\n\
        <html><p class=3D\"a\">caf=E9 au lait, a long line that is =\r\n\
        continued</p></html>\r\n\
        ------Boundary--x;y\r\n\
        Content-Type: image/png\r\n\
        Content-Transfer-Encoding: base64\r\n\
        Content-Location: https://news.example.org/a.png\r\n\
        \r\n\
        iVBORw0K\r\n\
        Ggo=\r\n\
        ------Boundary--x;y--\r\n";

    #[test]
    fn parts_are_split_and_decoded() {
        let archive = parse(ARCHIVE.as_bytes(), "a.mhtml").unwrap();
        assert_eq!(archive.parts.len(), 2);
        let page = archive.page().unwrap();
        assert_eq!(page.charset.as_deref(), Some("windows-1252"));
        assert_eq!(
            page.body,
            b"<html><p class=\"a\">caf\xe9 au lait, a long line that is continued</p></html>"
        );
        let png = archive.resource("https://news.example.org/a.png").unwrap();
        assert_eq!(png.body, b"\x89PNG\r\n\x1a\n");
        assert_eq!(
            archive.page_url().unwrap().as_str(),
            "https://news.example.org/story"
        );
    }

    #[test]
    fn resources_are_found_by_address_or_content_id() {
        let archive = parse(ARCHIVE.as_bytes(), "a.mhtml").unwrap();
        assert!(archive.resource("HTTPS://News.Example.org/a.png").is_some());
        assert!(archive.resource("https://news.example.org/b.png").is_none());
        let with_id = ARCHIVE.replace(
            "Content-Location: https://news.example.org/a.png",
            "Content-ID: <a@saved>",
        );
        let archive = parse(with_id.as_bytes(), "a.mhtml").unwrap();
        assert!(archive.resource("cid:a@saved").is_some());
    }

    #[test]
    fn missing_boundary_is_an_error_naming_the_input() {
        let err = parse(b"Content-Type: multipart/related\r\n\r\nx", "s.mht").unwrap_err();
        assert_eq!(
            err.to_string(),
            "s.mht: not a readable MHTML archive (no MIME boundary)"
        );
    }

    #[test]
    fn a_single_part_archive_is_its_own_page() {
        let bytes = b"Content-Type: text/html\nContent-Transfer-Encoding: base64\n\nPHA+SGk8L3A+\n";
        let archive = parse(bytes, "one.mht").unwrap();
        assert_eq!(archive.page().unwrap().body, b"<p>Hi</p>");
    }

    #[test]
    fn quoted_printable_keeps_malformed_escapes() {
        assert_eq!(decode_quoted_printable(b"a=3Db=ZZc=\r\nd"), b"a=b=ZZcd");
    }
}
