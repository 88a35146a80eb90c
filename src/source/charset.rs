//! Turning bytes into text: byte-order mark first; then UTF-8 when the bytes are valid UTF-8
//! and not plain ASCII (legacy multi-byte text almost never is, while pages re-saved as UTF-8
//! often keep their old `<meta charset>`); then the page's own `<meta charset>`; and
//! Windows-1252, the web's default, last.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use super::Format;

/// How far into an HTML page a `<meta charset>` declaration is looked for.
const META_SCAN_LEN: usize = 4096;

/// Decodes `bytes` to text, replacing undecodable sequences with U+FFFD.
pub fn decode(bytes: &[u8], format: Format) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    let declared = match format {
        Format::Html => declared_html_charset(bytes),
        Format::Text => None,
    };
    let encoding = if valid_utf8 && !bytes.is_ascii() {
        UTF_8
    } else {
        declared.unwrap_or(if valid_utf8 { UTF_8 } else { WINDOWS_1252 })
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text.into_owned()
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
            let encoding = Encoding::for_label(label.as_bytes())?;
            // A page that could be read as ASCII cannot really be UTF-16 (HTML standard).
            return Some(encoding.output_encoding());
        }
    }
    None
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
}
