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
    has_svg_root(bytes).then_some("image/svg+xml")
}

/// How far into a file sniffing looks for the `<svg` that starts an SVG picture. Drawing
/// programs write an XML declaration, comments and a DOCTYPE before it (Illustrator's DOCTYPE
/// declares eight entities: about 1 KB in all); 8 KiB leaves room for a long licence comment
/// and keeps the look cheap.
const SVG_SNIFF_BYTES: usize = 8 * 1024;

/// Whether the document's first element is `<svg>`: looks past a byte-order mark, whitespace,
/// the XML declaration and other processing instructions, comments and a DOCTYPE (with an
/// internal subset of entity lines) within the first [`SVG_SNIFF_BYTES`]. An `<svg` inside a
/// comment or after another first element (an HTML page with a drawing in it) does not count.
fn has_svg_root(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SVG_SNIFF_BYTES)];
    let mut rest = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    loop {
        rest = rest.trim_ascii_start();
        let skipped = if let Some(after) = rest.strip_prefix(b"<?") {
            after_text(after, b"?>")
        } else if let Some(after) = rest.strip_prefix(b"<!--") {
            after_text(after, b"-->")
        } else if starts_with_ignoring_case(rest, b"<!doctype") {
            after_doctype(&rest[b"<!doctype".len()..])
        } else {
            return [b"<svg".as_slice(), b"<svg:svg"].iter().any(|start| {
                starts_with_ignoring_case(rest, start)
                    && rest.get(start.len()).is_some_and(|&next| {
                        next.is_ascii_whitespace() || matches!(next, b'>' | b'/')
                    })
            });
        };
        match skipped {
            Some(after) => rest = after,
            None => return false,
        }
    }
}

/// Whether `bytes` starts with `start`, ignoring ASCII case.
fn starts_with_ignoring_case(bytes: &[u8], start: &[u8]) -> bool {
    bytes
        .get(..start.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(start))
}

/// What follows the first `end` in `bytes`, if there is one.
fn after_text<'a>(bytes: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    let at = bytes.windows(end.len()).position(|window| window == end)?;
    Some(&bytes[at + end.len()..])
}

/// What follows a DOCTYPE whose `<!DOCTYPE` has been read: its closing `>` is the first one
/// outside quotes and outside the internal subset in brackets, where entity values, comments
/// and processing instructions may hold `>` and `]` of their own.
fn after_doctype(mut bytes: &[u8]) -> Option<&[u8]> {
    let mut in_subset = false;
    loop {
        let (&first, after) = bytes.split_first()?;
        bytes = match first {
            b'"' | b'\'' => after_text(after, &[first])?,
            b'<' if in_subset && after.starts_with(b"!--") => after_text(&after[3..], b"-->")?,
            b'<' if in_subset && after.starts_with(b"?") => after_text(&after[1..], b"?>")?,
            b'[' if !in_subset => {
                in_subset = true;
                after
            }
            b']' if in_subset => {
                in_subset = false;
                after
            }
            b'>' if !in_subset => return Some(after),
            _ => after,
        };
    }
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
            sniff_image_type(b"\xef\xbb\xbf\n <svg width='1'/>"),
            Some("image/svg+xml")
        );
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

    /// The opening of an Illustrator export: XML declaration, generator comment, a DOCTYPE
    /// whose internal subset declares entities, then `<svg`, past byte 512.
    const ILLUSTRATOR_HEAD: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 24.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
	<!ENTITY ns_extend "http://ns.adobe.com/Extensibility/1.0/">
	<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">
	<!ENTITY ns_graphs "http://ns.adobe.com/Graphs/1.0/">
	<!ENTITY ns_vars "http://ns.adobe.com/Variables/1.0/">
	<!ENTITY ns_imrep "http://ns.adobe.com/ImageReplacement/1.0/">
	<!ENTITY ns_sfw "http://ns.adobe.com/SaveForWeb/1.0/">
	<!ENTITY ns_custom "http://ns.adobe.com/GenericCustomNamespace/1.0/">
	<!ENTITY ns_adobe_xpath "http://ns.adobe.com/XPath/1.0/">
]>
"#;

    #[test]
    fn an_svg_is_found_past_its_declaration_comments_and_doctype() {
        let illustrator = format!(
            "{ILLUSTRATOR_HEAD}<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\"/>"
        );
        assert!(illustrator.find("<svg").unwrap() > 512);
        assert_eq!(
            sniff_image_type(illustrator.as_bytes()),
            Some("image/svg+xml")
        );
        // Brackets, `>` and comments inside the internal subset do not end the DOCTYPE early.
        let tricky = b"<!DOCTYPE svg [ <!-- ]> <html> --> <!ENTITY a \"]>\"> <?pi > ?> ]>\n\
            <!-- a comment -->\n<svg:svg xmlns:svg='http://www.w3.org/2000/svg'/>";
        assert_eq!(sniff_image_type(tricky), Some("image/svg+xml"));
    }

    #[test]
    fn html_pages_with_drawings_or_comments_are_not_svg() {
        for page in [
            "<!DOCTYPE html><html><body><svg width='10'/></body></html>",
            "<!-- <svg width='10'/> -->\n<html><body>Text</body></html>",
            "<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><svg/></html>",
            "<svgalt>not a drawing</svgalt>",
            "<!-- <svg> is in a comment that never ends",
        ] {
            assert_eq!(sniff_image_type(page.as_bytes()), None, "{page}");
        }
        // The `<svg` must come within the first 8 KiB.
        let late = format!("<!--{}--><svg/>", " ".repeat(SVG_SNIFF_BYTES));
        assert_eq!(sniff_image_type(late.as_bytes()), None);
    }
}
