//! Media types: what kind of file a body is, from its first bytes or from its
//! `Content-Type` header. Read by the fetcher, the MHTML reader and the images stage.

/// A `Content-Type` value as its lowercase media type and its parameters (lowercase names,
/// unquoted values).
pub fn parse_content_type(value: &str) -> (String, Vec<(String, String)>) {
    let mut pieces = split_unquoted(value, ';').into_iter();
    let media_type = pieces
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let params = pieces
        .filter_map(|piece| {
            let (name, value) = piece.split_once('=')?;
            let value = value.trim().trim_matches('"').to_string();
            Some((name.trim().to_ascii_lowercase(), value))
        })
        .collect();
    (media_type, params)
}

/// Splits `value` at `separator`s outside double quotes.
fn split_unquoted(value: &str, separator: char) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in value.chars() {
        if c == separator && !quoted {
            pieces.push(std::mem::take(&mut current));
            continue;
        }
        if c == '"' {
            quoted = !quoted;
        }
        current.push(c);
    }
    pieces.push(current);
    pieces
}

/// Whether the bytes start with an ISO-BMFF `ftyp` box naming AVIF as its major brand or, after
/// a generic HEIF brand such as `mif1`, among its compatible brands.
fn is_avif(bytes: &[u8]) -> bool {
    if bytes.len() < 16 || &bytes[4..8] != b"ftyp" {
        return false;
    }
    let box_size = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let brands = bytes.get(8..box_size.min(bytes.len())).unwrap_or(&[]);
    let is_avif_brand = |brand: &[u8]| matches!(brand, b"avif" | b"avis");
    // The major brand, then the minor version (skipped), then the compatible brands.
    is_avif_brand(&brands[..4.min(brands.len())])
        || brands
            .get(8..)
            .is_some_and(|compatible| compatible.chunks_exact(4).any(is_avif_brand))
}

/// The MIME type of an image from its first bytes (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO, SVG).
pub fn sniff_image_type(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"BM", "image/bmp"),
        (b"\x00\x00\x01\x00", "image/x-icon"),
    ];
    if let Some((_, mime)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(mime);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("image/webp");
    }
    if is_avif(bytes) {
        return Some("image/avif");
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    (head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")))
        .then_some("image/svg+xml")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Fetched;

    #[test]
    fn images_are_typed_by_their_bytes() {
        assert_eq!(
            sniff_image_type(b"\x89PNG\r\n\x1a\n...."),
            Some("image/png")
        );
        assert_eq!(
            sniff_image_type(b"RIFF\0\0\0\0WEBPVP8 "),
            Some("image/webp")
        );
        assert_eq!(
            sniff_image_type(b"<?xml version='1.0'?><svg xmlns='x'/>"),
            Some("image/svg+xml")
        );
        assert_eq!(sniff_image_type(b"<html>"), None);
        assert_eq!(
            sniff_image_type(b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf"),
            Some("image/avif")
        );
        assert_eq!(
            sniff_image_type(b"\0\0\0\x1cftypmif1\0\0\0\0mif1avifmiaf"),
            Some("image/avif")
        );
        assert_eq!(
            sniff_image_type(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"),
            None
        );
        let fetched = Fetched {
            url: "https://example.org/img".into(),
            media_type: Some("application/octet-stream".into()),
            charset: None,
            bytes: b"\xff\xd8\xff\xe0".to_vec(),
        };
        assert_eq!(fetched.image_type(), Some("image/jpeg"));
    }

    #[test]
    fn content_types_give_a_lowercase_type_and_unquoted_parameters() {
        let (media_type, params) =
            parse_content_type("Multipart/Related; boundary=\"a;b\"; type=text/html");
        assert_eq!(media_type, "multipart/related");
        assert_eq!(
            params,
            [
                ("boundary".to_string(), "a;b".to_string()),
                ("type".to_string(), "text/html".to_string())
            ]
        );
    }
}
