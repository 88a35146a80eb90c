//! Finishing touches on the PDF object tree that printpdf does not offer: a nested outline
//! (bookmarks) in document order, the document language, a tidy information dictionary, the
//! right version number, and a reproducible file identifier.
//!
//! printpdf's own bookmarks are flat and sorted by page and then by name, so headings on one
//! page would come out alphabetically. Instead the outline is written here, on the `lopdf`
//! document printpdf produces: one entry per article, its headings nested below it by level,
//! each pointing at the top of its line.
//!
//! The pictures drawn on the pages ([`add_images`]) and the XMP metadata stream
//! ([`add_metadata`]) are added here too, since printpdf would re-encode the one and does not
//! write the other.
//!
//! [`compress`] then deflates the streams, at a cheaper level than lopdf's own.

use std::io::Write as _;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::images::{resource_name, PdfImage};
use super::paginate::OutlineEntry;

/// The PDF version written: embedded OpenType (CFF) font programs need PDF 1.6.
const PDF_VERSION: &str = "1.7";

/// Adds the outline and the language to the catalog, tidies the information dictionary, and
/// sets the version and the trailer's `/ID`.
pub fn finish(
    doc: &mut Document,
    entries: &[OutlineEntry],
    language: Option<&str>,
    id: [u8; 16],
) -> Result<(), String> {
    let outline = if entries.is_empty() {
        None
    } else {
        Some(write_outline(doc, entries)?)
    };
    let catalog = doc
        .catalog_mut()
        .map_err(|err| format!("no catalog: {err}"))?;
    if let Some(outline) = outline {
        catalog.set("Outlines", Object::Reference(outline));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    if let Some(language) = language.map(str::trim).filter(|l| !l.is_empty()) {
        catalog.set("Lang", text_string(language));
    }
    let id = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    doc.version = PDF_VERSION.to_string();
    tidy_info(doc);
    Ok(())
}

/// Adds `images` (each with its index in the book) to the XObject dictionary the pages share,
/// under the names [`super::draw`] uses for them.
pub fn add_images(doc: &mut Document, images: &[(usize, &PdfImage)]) -> Result<(), String> {
    if images.is_empty() {
        return Ok(());
    }
    let shared = shared_xobjects(doc)?;
    let objects: Vec<(String, ObjectId)> = images
        .iter()
        .map(|(index, image)| (resource_name(*index), image.add_to(doc)))
        .collect();
    let dict = doc
        .get_object_mut(shared)
        .and_then(Object::as_dict_mut)
        .map_err(|err| format!("no XObject dictionary: {err}"))?;
    for (name, id) in objects {
        dict.set(name, Object::Reference(id));
    }
    Ok(())
}

/// The id of the XObject dictionary printpdf shares between all pages.
fn shared_xobjects(doc: &Document) -> Result<ObjectId, String> {
    let error = |err: lopdf::Error| format!("no XObject dictionary on the first page: {err}");
    let page = *doc
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| "a document without pages".to_string())?;
    let page = doc.get_dictionary(page).map_err(error)?;
    let resources = match page.get(b"Resources").map_err(error)? {
        Object::Reference(id) => doc.get_dictionary(*id).map_err(error)?,
        Object::Dictionary(dict) => dict,
        _ => return Err("page resources are not a dictionary".to_string()),
    };
    resources
        .get(b"XObject")
        .and_then(Object::as_reference)
        .map_err(error)
}

/// Adds the XMP packet `xml` to the catalog as its `/Metadata` stream, left uncompressed so
/// that tools which scan files for XMP find it.
pub fn add_metadata(doc: &mut Document, xml: String) -> Result<(), String> {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let stream = lopdf::Stream::new(dict, xml.into_bytes()).with_compression(false);
    let id = doc.add_object(stream);
    doc.catalog_mut()
        .map_err(|err| format!("no catalog: {err}"))?
        .set("Metadata", Object::Reference(id));
    Ok(())
}

/// Drops the empty entries printpdf writes into the information dictionary, among them an
/// empty `/GTS_PDFXVersion` that makes readers report the file as PDF/X, which it is not.
fn tidy_info(doc: &mut Document) {
    let Ok(info) = doc.trailer.get(b"Info").and_then(Object::as_reference) else {
        return;
    };
    let Ok(info) = doc.get_object_mut(info).and_then(Object::as_dict_mut) else {
        return;
    };
    info.remove(b"GTS_PDFXVersion");
    let empty: Vec<Vec<u8>> = info
        .iter()
        .filter(|(_, value)| is_empty_text(value))
        .map(|(key, _)| key.clone())
        .collect();
    for key in empty {
        info.remove(&key);
    }
}

/// Whether an object is an empty string, or a UTF-16 string holding only its byte order mark.
fn is_empty_text(value: &Object) -> bool {
    matches!(value, Object::String(bytes, _) if bytes.is_empty() || bytes == &[0xfe, 0xff])
}

/// An outline entry and the entries nested below it.
struct Node {
    entry: usize,
    parent: Option<usize>,
    children: Vec<usize>,
}

/// Nests entries by level: each entry goes below the nearest earlier entry of a lower level.
/// Returns the nodes and the indices of the top-level ones.
fn nest(entries: &[OutlineEntry]) -> (Vec<Node>, Vec<usize>) {
    let mut nodes: Vec<Node> = Vec::with_capacity(entries.len());
    let mut roots = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        while open
            .last()
            .is_some_and(|&node| entries[nodes[node].entry].level >= entry.level)
        {
            open.pop();
        }
        let parent = open.last().copied();
        match parent {
            Some(parent) => nodes[parent].children.push(index),
            None => roots.push(index),
        }
        nodes.push(Node {
            entry: index,
            parent,
            children: Vec::new(),
        });
        open.push(index);
    }
    (nodes, roots)
}

/// Writes the outline objects and returns the id of the outline dictionary.
fn write_outline(doc: &mut Document, entries: &[OutlineEntry]) -> Result<ObjectId, String> {
    let pages = doc.get_pages();
    let (nodes, roots) = nest(entries);
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    let root = doc.new_object_id();
    for (index, node) in nodes.iter().enumerate() {
        let entry = &entries[node.entry];
        let page_number = u32::try_from(entry.page + 1).map_err(|err| err.to_string())?;
        let page = *pages
            .get(&page_number)
            .ok_or_else(|| format!("outline entry on missing page {page_number}"))?;
        let mut item = Dictionary::new();
        item.set("Title", text_string(&entry.title));
        item.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(entry.top),
                Object::Null,
            ]),
        );
        let parent = node.parent;
        item.set("Parent", Object::Reference(parent.map_or(root, |p| ids[p])));
        let siblings = parent.map_or(&roots, |p| &nodes[p].children);
        link_siblings(&mut item, siblings, index, &ids);
        link_children(&mut item, &node.children, &ids, descendants(&nodes, index));
        doc.objects.insert(ids[index], Object::Dictionary(item));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    link_children(&mut outlines, &roots, &ids, nodes.len());
    doc.objects.insert(root, Object::Dictionary(outlines));
    Ok(root)
}

/// Sets `/Prev` and `/Next` of node `index` among `siblings`.
fn link_siblings(item: &mut Dictionary, siblings: &[usize], index: usize, ids: &[ObjectId]) {
    let Some(position) = siblings.iter().position(|&s| s == index) else {
        return;
    };
    if let Some(&prev) = position.checked_sub(1).and_then(|p| siblings.get(p)) {
        item.set("Prev", Object::Reference(ids[prev]));
    }
    if let Some(&next) = siblings.get(position + 1) {
        item.set("Next", Object::Reference(ids[next]));
    }
}

/// Sets `/First`, `/Last` and `/Count` (all entries open) for a node with `children`.
fn link_children(item: &mut Dictionary, children: &[usize], ids: &[ObjectId], count: usize) {
    if let (Some(&first), Some(&last)) = (children.first(), children.last()) {
        item.set("First", Object::Reference(ids[first]));
        item.set("Last", Object::Reference(ids[last]));
        item.set("Count", Object::Integer(count as i64));
    }
}

/// The number of entries below node `index`.
fn descendants(nodes: &[Node], index: usize) -> usize {
    nodes[index]
        .children
        .iter()
        .map(|&child| 1 + descendants(nodes, child))
        .sum()
}

/// A PDF text string: UTF-16BE with a byte order mark, which any reader decodes.
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xfe, 0xff];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// The zlib level streams are deflated at. lopdf's `Document::compress` uses the best level
/// (9), which made deflating a third of the time of a short article's PDF. The fastest level
/// takes 12% of the instructions of a 1,500-word article's whole run away, against the
/// default level (6), for a file 9–13% larger (55 KB instead of 49 KB for a short article
/// without pictures).
const DEFLATE_LEVEL: u32 = 1;

/// Deflates every stream that allows it and is not filtered yet, keeping the raw bytes where
/// deflating does not make them smaller (as `Document::compress` does).
pub fn compress(doc: &mut Document) -> Result<(), String> {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            compress_stream(stream)?;
        }
    }
    Ok(())
}

/// Deflates one stream as [`compress`] does.
fn compress_stream(stream: &mut Stream) -> Result<(), String> {
    if !stream.allows_compression || stream.dict.has(b"Filter") {
        return Ok(());
    }
    let mut encoder = ZlibEncoder::new(
        Vec::with_capacity(stream.content.len() / 2),
        Compression::new(DEFLATE_LEVEL),
    );
    encoder
        .write_all(&stream.content)
        .map_err(|err| format!("could not compress a stream: {err}"))?;
    let deflated = encoder
        .finish()
        .map_err(|err| format!("could not compress a stream: {err}"))?;
    // "/Filter /FlateDecode" costs 19 bytes of dictionary.
    if deflated.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(deflated);
    }
    Ok(())
}

/// Makes `content` the content stream of page `page`, compressed as [`compress`] would, so
/// that a page's content is held only compressed.
pub fn set_page_content(
    doc: &mut Document,
    page: ObjectId,
    content: Vec<u8>,
) -> Result<(), String> {
    let error = |err: lopdf::Error| format!("no content stream on a page: {err}");
    let contents = doc
        .get_dictionary(page)
        .and_then(|page| page.get(b"Contents"))
        .and_then(Object::as_reference)
        .map_err(error)?;
    let stream = doc
        .get_object_mut(contents)
        .and_then(Object::as_stream_mut)
        .map_err(error)?;
    stream.set_content(content);
    compress_stream(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_deflated_and_read_back_unchanged() {
        let text = b"BT /F1 11 Tf 72 720 Td (The harbour board met again.) Tj ET\n".repeat(40);
        let tiny = b"q Q".to_vec();
        let mut doc = Document::with_version("1.7");
        let big = doc.add_object(lopdf::Stream::new(Dictionary::new(), text.clone()));
        let small = doc.add_object(lopdf::Stream::new(Dictionary::new(), tiny.clone()));
        compress(&mut doc).expect("compresses");
        let big = doc
            .get_object(big)
            .and_then(Object::as_stream)
            .expect("a stream");
        assert_eq!(big.filters().expect("filters"), ["FlateDecode".as_bytes()]);
        assert!(big.content.len() < text.len() / 4);
        assert_eq!(big.decompressed_content().expect("inflates"), text);
        let small = doc
            .get_object(small)
            .and_then(Object::as_stream)
            .expect("a stream");
        assert!(
            !small.dict.has(b"Filter"),
            "too short to gain from deflating"
        );
        assert_eq!(small.content, tiny);
    }

    fn entry(level: u8, title: &str) -> OutlineEntry {
        OutlineEntry {
            level,
            title: title.into(),
            page: 0,
            top: 700.0,
        }
    }

    #[test]
    fn headings_nest_below_their_article_in_order() {
        let entries = [
            entry(0, "Article one"),
            entry(1, "Zebra"),
            entry(3, "Deep"),
            entry(1, "Apple"),
            entry(0, "Article two"),
        ];
        let (nodes, roots) = nest(&entries);
        assert_eq!(roots, [0, 4]);
        assert_eq!(
            nodes[0].children,
            [1, 3],
            "document order, not alphabetical"
        );
        assert_eq!(nodes[1].children, [2], "a skipped level still nests");
        assert_eq!(descendants(&nodes, 0), 3);
    }

    #[test]
    fn text_strings_are_utf16_with_bom() {
        let Object::String(bytes, _) = text_string("Привет") else {
            panic!("not a string");
        };
        assert_eq!(&bytes[..2], [0xfe, 0xff]);
        assert_eq!(bytes.len(), 2 + 2 * 6);
    }
}
