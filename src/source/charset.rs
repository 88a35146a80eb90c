//! Turning bytes into text. The encoding is chosen in this order:
//!
//! 1. a byte-order mark;
//! 2. a UTF-16 charset declared by the transport (HTTP `Content-Type`, an MHTML part);
//! 3. UTF-8, when the bytes are valid UTF-8 and not plain ASCII (legacy multi-byte text almost
//!    never is, while pages re-saved as UTF-8 often keep their old `<meta charset>`, and servers
//!    often send a stale default charset);
//! 4. the charset declared by the transport;
//! 5. the page's own `<meta charset>` or `http-equiv` declaration;
//! 6. UTF-8 for plain ASCII;
//! 7. UTF-16 without a byte-order mark, recognised by its pattern of zero bytes;
//! 8. a guess from the bytes themselves (chardetng, as browsers do), which falls back to
//!    Windows-1252, the web's default.
//!
//! A label WHATWG maps to the "replacement" encoding (ISO-2022-KR, HZ-GB-2312, ISO-2022-CN and
//! the like) counts as no label: decoding with it would turn the whole page into one U+FFFD,
//! while the bytes are usually in an encoding the guess finds.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8};

use super::Format;

/// How far into an HTML page a `<meta charset>` declaration is looked for.
const META_SCAN_LEN: usize = 4096;
/// How many leading bytes are inspected for the zero-byte pattern of UTF-16.
const UTF16_SCAN_LEN: usize = 4096;

/// Decodes `bytes` to text, replacing undecodable sequences with U+FFFD.
pub fn decode(bytes: &[u8], format: Format) -> String {
    decode_declared(bytes, format, None)
}

/// Decodes `bytes` to text like [`decode`], honouring `declared`, a charset label given by the
/// transport (an HTTP `Content-Type` charset, an MHTML part's charset). Unknown labels, and
/// those of the "replacement" encoding, are ignored.
pub fn decode_declared(bytes: &[u8], format: Format, declared: Option<&str>) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    let declared = declared.and_then(|label| encoding_for_label(label.trim()));
    let encoding = choose_encoding(bytes, format, declared);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// The encoding of `bytes`, which carry no byte-order mark.
fn choose_encoding(
    bytes: &[u8],
    format: Format,
    declared: Option<&'static Encoding>,
) -> &'static Encoding {
    if let Some(utf16) = declared.filter(|e| *e == UTF_16LE || *e == UTF_16BE) {
        return utf16;
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    if valid_utf8 && !bytes.is_ascii() {
        return UTF_8;
    }
    if let Some(encoding) = declared {
        return encoding;
    }
    let in_page = match format {
        Format::Html => declared_html_charset(bytes),
        Format::Text => None,
    };
    if let Some(encoding) = in_page {
        return encoding;
    }
    if let Some(utf16) = utf16_without_bom(bytes) {
        return utf16;
    }
    if valid_utf8 {
        return UTF_8;
    }
    guess_encoding(bytes)
}

/// The legacy encoding chardetng finds most likely (never UTF-8: valid UTF-8 was handled
/// before, and invalid UTF-8 is not UTF-8).
fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Deny)
}

/// UTF-16LE or UTF-16BE when `bytes` have no byte-order mark but the zero bytes of ASCII
/// characters (markup, spaces, digits) in UTF-16: many at one parity, almost none at the other.
pub(super) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(UTF16_SCAN_LEN) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let zeros_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let many = |zeros: usize| zeros * 5 >= pairs;
    let few = |zeros: usize| zeros * 50 <= pairs;
    let candidate = if many(odd) && few(even) {
        UTF_16LE
    } else if many(even) && few(odd) {
        UTF_16BE
    } else {
        return None;
    };
    reads_as_text(candidate, head).then_some(candidate)
}

/// Whether `head` decodes in `encoding` without errors to text with few control characters
/// (binary data can have the zero-byte pattern of UTF-16 too).
fn reads_as_text(encoding: &'static Encoding, head: &[u8]) -> bool {
    let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(head) else {
        return false;
    };
    let chars = text.chars().count();
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    controls * 20 <= chars
}

/// The encoding named by `<meta charset=…>` or `<meta http-equiv content="…; charset=…">`.
fn declared_html_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN_LEN)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(pos) = rest.find("<meta") {
        rest = &rest[pos + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(label) = charset_in_tag(tag) {
            let encoding = encoding_for_label(&label)?;
            // A page that could be read as ASCII cannot really be UTF-16 (HTML standard).
            return Some(encoding.output_encoding());
        }
    }
    None
}

/// The encoding a charset label names; `None` for an unknown label and for the "replacement"
/// encoding (which decodes nothing).
fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.as_bytes()).filter(|encoding| *encoding != REPLACEMENT)
}

fn charset_in_tag(tag: &str) -> Option<String> {
    let start = tag.find("charset=")? + "charset=".len();
    let value = tag[start..].trim_start_matches(['"', '\'', ' ']);
    let end = value
        .find(|c: char| c == '"' || c == '\'' || c == ';' || c.is_whitespace() || c == '/')
        .unwrap_or(value.len());
    Some(value[..end].to_string()).filter(|label| !label.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_decides_for_html() {
        let page = b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
        assert!(decode(page, Format::Html).contains("Привет"));
    }

    #[test]
    fn http_equiv_charset_is_read() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>caf\xe9</p>";
        assert!(decode(page, Format::Html).contains("café"));
    }

    #[test]
    fn valid_utf8_wins_over_a_stale_meta_charset() {
        let page = "<meta charset=\"gb2312\"><p>腾讯新闻</p>";
        assert!(decode(page.as_bytes(), Format::Html).contains("腾讯新闻"));
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        assert_eq!(
            decode(b"\x93quoted\x94", Format::Text),
            "\u{201c}quoted\u{201d}"
        );
    }

    #[test]
    fn bom_wins_over_everything() {
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Hi".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16, Format::Text), "Hi");
    }

    #[test]
    fn transport_charset_beats_the_meta_charset() {
        let page = b"<meta charset=\"iso-8859-1\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        let text = decode_declared(page, Format::Html, Some("windows-1251"));
        assert!(text.contains("Привет"), "{text}");
    }

    #[test]
    fn valid_utf8_wins_over_a_stale_transport_charset() {
        let page = "<p>Grüße</p>";
        let text = decode_declared(page.as_bytes(), Format::Html, Some("iso-8859-1"));
        assert!(text.contains("Grüße"), "{text}");
    }

    #[test]
    fn unknown_transport_charset_is_ignored() {
        let text = decode_declared(b"plain", Format::Text, Some("x-no-such-charset"));
        assert_eq!(text, "plain");
    }

    #[test]
    fn replacement_labels_fall_back_to_detection() {
        let text = "Городской совет утвердил новый план развития набережной. \
                    Работы начнутся весной и продлятся два года.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        for label in ["iso-2022-kr", "hz-gb-2312", "csiso2022kr"] {
            assert_eq!(decode_declared(&bytes, Format::Text, Some(label)), text);
            let page = [format!("<meta charset=\"{label}\">").as_bytes(), &bytes].concat();
            assert!(decode(&page, Format::Html).ends_with(text), "{label}");
        }
        assert_eq!(
            decode_declared(b"plain words", Format::Text, Some("iso-2022-kr")),
            "plain words"
        );
    }

    #[test]
    fn utf16_without_bom_is_recognised_in_both_byte_orders() {
        let text = "<p>Hello, Welt — привет</p>";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&le, Format::Html), text);
        assert_eq!(decode(&be, Format::Html), text);
    }

    #[test]
    fn binary_with_a_zero_byte_pattern_is_not_utf16() {
        let blob = [0u8, 1, 2, 3, 255, 254, 0, 7].repeat(50);
        assert_eq!(utf16_without_bom(&blob), None);
    }

    #[test]
    fn undeclared_cyrillic_is_detected() {
        let text = "Городской совет утвердил новый план развития набережной. \
                    Работы начнутся весной и продлятся два года.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        assert_eq!(decode(&bytes, Format::Text), text);
    }
}
