//! Books already on disk: EPUB and PDF files given to `send` to be e-mailed as they are, and
//! the package facts (title, identifier) read back from an EPUB, which tell whether a book on
//! disk is the one a run has just made again.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::made::{Made, Written};
use crate::error::Error;
use crate::output::OutputError;

/// The largest package document read back (an OPF is a few kilobytes).
const MAX_PACKAGE_BYTES: u64 = 4 * 1024 * 1024;

/// What an EPUB's package document says about the book.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EpubFacts {
    /// The `dc:title`.
    pub title: Option<String>,
    /// The `dc:identifier` (the book's identity: the same articles make the same one).
    pub identifier: Option<String>,
}

/// Reads the title and identifier of the EPUB in `bytes`; `None` when the bytes are not an
/// EPUB (a ZIP archive with a package document).
pub fn epub_facts(bytes: &[u8]) -> Option<EpubFacts> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let package_name = (0..archive.len())
        .filter_map(|index| archive.name_for_index(index).map(str::to_string))
        .find(|name| name.to_ascii_lowercase().ends_with(".opf"))?;
    let mut package = String::new();
    archive
        .by_name(&package_name)
        .ok()?
        .take(MAX_PACKAGE_BYTES)
        .read_to_string(&mut package)
        .ok()?;
    Some(EpubFacts {
        title: element_text(&package, "dc:title"),
        identifier: element_text(&package, "dc:identifier"),
    })
}

/// The text of the first `<name …>text</name>` of `xml`, its entities decoded.
fn element_text(xml: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{name}"))?;
    let open_end = start + xml[start..].find('>')? + 1;
    let close = open_end + xml[open_end..].find(&format!("</{name}>"))?;
    let text = html_escape::decode_html_entities(xml[open_end..close].trim()).into_owned();
    (!text.is_empty()).then_some(text)
}

/// Whether the file at `path` is an EPUB of the same book as `bytes` (the same identifier):
/// the book a run has made again, which it may replace.
pub fn is_same_book(path: &Path, bytes: &[u8]) -> bool {
    let Some(new) = epub_facts(bytes).and_then(|facts| facts.identifier) else {
        return false;
    };
    std::fs::read(path)
        .ok()
        .and_then(|old| epub_facts(&old))
        .and_then(|facts| facts.identifier)
        .is_some_and(|old| old == new)
}

/// The kinds of book `send` e-mails as they are, by their file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BookFile {
    Epub,
    Pdf,
}

impl BookFile {
    /// The kind of book a file so named is, if it is one.
    fn of(input: &str) -> Option<Self> {
        let extension = Path::new(input).extension()?;
        if extension.eq_ignore_ascii_case("epub") {
            Some(BookFile::Epub)
        } else if extension.eq_ignore_ascii_case("pdf") {
            Some(BookFile::Pdf)
        } else {
            None
        }
    }
}

/// The inputs of `send` when they are books to e-mail as they are: `Ok(None)` when none names
/// an `.epub` or `.pdf` file (they are articles to make a book of), the books when every one
/// does, and an error when some do and others do not, or a file is not what its name says.
pub fn existing_books(inputs: &[String]) -> Result<Option<Vec<Made>>, Error> {
    let books = inputs
        .iter()
        .filter(|input| BookFile::of(input).is_some())
        .count();
    if books == 0 {
        return Ok(None);
    }
    if books < inputs.len() {
        return Err(Error::Usage(
            "send e-mails either EPUB and PDF books as they are or articles made into a book, \
             not both in one run"
                .into(),
        ));
    }
    inputs
        .iter()
        .filter_map(|input| Some((PathBuf::from(input), BookFile::of(input)?)))
        .map(|(path, kind)| existing_book(path, kind))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The book at `path`, to be sent as it is: titled as its EPUB package or its PDF's document
/// information says (else after its file name), its bytes read back when it is sent.
fn existing_book(path: PathBuf, kind: BookFile) -> Result<Made, Error> {
    let bytes = std::fs::read(&path).map_err(|source| OutputError::Read {
        path: path.clone(),
        source,
    })?;
    let (title, media_type) = match kind {
        BookFile::Epub => {
            let facts =
                epub_facts(&bytes).ok_or_else(|| OutputError::NotAnEpub { path: path.clone() })?;
            (facts.title, "application/epub+zip")
        }
        BookFile::Pdf => {
            if !bytes.starts_with(b"%PDF-") {
                return Err(OutputError::NotAPdf { path }.into());
            }
            (pdf_title(&bytes), "application/pdf")
        }
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = title.unwrap_or_else(|| {
        path.file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    Ok(Made {
        size: bytes.len(),
        file_name,
        media_type,
        title,
        written: vec![Written { path, device: None }],
        ..Made::default()
    })
}

/// The title a PDF's document information gives, if it can be read and is not empty.
fn pdf_title(bytes: &[u8]) -> Option<String> {
    let document = lopdf::Document::load_mem(bytes).ok()?;
    let info = document
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| document.get_dictionary(id))
        .ok()?;
    let title = lopdf::decode_text_string(info.get(b"Title").ok()?).ok()?;
    let title = title.trim();
    (!title.is_empty()).then(|| title.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_s_title_and_identifier_are_read_with_entities_decoded() {
        let package = "<package><metadata><dc:identifier id=\"id\">urn:uuid:1</dc:identifier>\
            <dc:title>Tides &amp; Times</dc:title></metadata></package>";
        assert_eq!(
            element_text(package, "dc:title").as_deref(),
            Some("Tides & Times")
        );
        assert_eq!(
            element_text(package, "dc:identifier").as_deref(),
            Some("urn:uuid:1")
        );
        assert_eq!(element_text(package, "dc:creator"), None);
    }

    #[test]
    fn books_and_articles_are_not_sent_together() {
        let err = existing_books(&["a.epub".into(), "b.html".into()]).unwrap_err();
        assert!(err.is_usage());
        let err = existing_books(&["a.pdf".into(), "b.html".into()]).unwrap_err();
        assert!(err.is_usage());
        assert!(existing_books(&["b.html".into()]).unwrap().is_none());
    }
}
