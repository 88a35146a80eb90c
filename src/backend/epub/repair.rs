//! Mends the archive `epub-builder` writes, in one pass with the `zip` crate:
//! - gives `dc:language` its own id (epub-builder 0.8.3 numbers the language and the authors
//!   from one counter, so the first of each share `epub-creator-0`, which EPUBCheck rejects);
//! - completes the NCX, whose template epub-builder compiles in and fills only with the table
//!   of contents' name: its `docTitle` becomes the book's title, `dtb:uid` the package's
//!   identifier and `dtb:depth` the real depth of its entries (the template says 1);
//! - declares the book's language on the nav page (its template has no `lang`);
//! - keeps `mimetype` first and stored, as the EPUB container format requires;
//! - stores images (already compressed JPEG and PNG) instead of deflating them again;
//! - sets every entry's time to the build time, so the same input gives the same bytes.
//!
//! Entries it does not change are copied as they are, still deflated, rather than inflated
//! and deflated again. The pictures are handed to epub-builder empty (it would deflate them,
//! which gains nothing and cost a third of a picture book's time) and their bytes are written
//! here, stored.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::document::EmbeddedImage;

/// The part of the OPF that carries the shared id, and what it becomes.
const LANGUAGE_ID_BUG: &str = "<dc:language id=\"epub-creator-";
const LANGUAGE_ID_FIXED: &str = "<dc:language id=\"epub-language-";

/// The folder epub-builder puts the book's files in.
const CONTENT_FOLDER: &str = "OEBPS/";

/// The NCX and the nav page, as epub-builder names them.
const NCX: &str = "OEBPS/toc.ncx";
const NAV: &str = "OEBPS/nav.xhtml";
/// The printed contents page (`--toc`), made of the nav as it is.
const PRINTED_CONTENTS: &str = "OEBPS/toc.xhtml";

/// What the NCX and the nav page are completed with.
#[derive(Debug, Clone, Copy)]
pub(super) struct Package<'a> {
    /// The book's title, as the package states it.
    pub title: &'a str,
    /// The package's unique identifier (`dc:identifier`), as epub-builder writes it.
    pub identifier: uuid::Uuid,
    /// The book's language (`dc:language`).
    pub language: &'a str,
}

/// Rewrites the archive `epub` with the fixes above. `images` are the pictures that were
/// added to it with empty contents: each entry `OEBPS/<file_name>` gets its bytes.
pub(super) fn repair(
    epub: &[u8],
    images: &[&EmbeddedImage],
    timestamp: chrono::DateTime<chrono::Utc>,
    package: &Package<'_>,
) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(epub))?;
    let images_size: usize = images.iter().map(|image| image.bytes.len()).sum();
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(epub.len() + images_size)));
    let time = zip_time(timestamp);
    let mut names: Vec<String> = archive.file_names().map(str::to_string).collect();
    // `file_names` does not keep archive order; put mimetype first and keep the rest stable.
    names.sort_by_key(|name| (name != "mimetype", archive.index_for_name(name)));
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time);
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    let mut images_written = 0;
    for name in names {
        let image = name
            .strip_prefix(CONTENT_FOLDER)
            .and_then(|path| images.iter().find(|image| image.file_name == path));
        if let Some(image) = image {
            writer.start_file(name, stored)?;
            writer.write_all(&image.bytes)?;
            images_written += 1;
            continue;
        }
        let mut file = archive.by_name(&name)?;
        let rewrite = name == "mimetype"
            || name.ends_with("content.opf")
            || name == NCX
            || name == NAV
            || name == PRINTED_CONTENTS
            || is_compressed_image(&name);
        if !rewrite && file.compression() == CompressionMethod::Deflated {
            writer.raw_copy_file_touch(file, time, None)?;
            continue;
        }
        let mut contents = Vec::new();
        file.read_to_end(&mut contents)?;
        if name.ends_with("content.opf") {
            contents = String::from_utf8_lossy(&contents)
                .replace(LANGUAGE_ID_BUG, LANGUAGE_ID_FIXED)
                .into_bytes();
        } else if name == NCX {
            contents = complete_ncx(&String::from_utf8_lossy(&contents), package).into_bytes();
        } else if name == NAV || name == PRINTED_CONTENTS {
            contents = declare_language(&String::from_utf8_lossy(&contents), package.language)
                .into_bytes();
        }
        let options = if name == "mimetype" || is_compressed_image(&name) {
            stored
        } else {
            deflated
        };
        writer.start_file(name, options)?;
        writer.write_all(&contents)?;
    }
    if images_written < images.len() {
        return Err(zip::result::ZipError::FileNotFound);
    }
    Ok(writer.finish()?.into_inner())
}

/// The NCX with the book's title, identifier, language and depth (see the module's
/// documentation). Parts it cannot find are left as they are.
fn complete_ncx(ncx: &str, package: &Package<'_>) -> String {
    let mut out = ncx.to_string();
    if let Some((start, end)) = span(&out, "<docTitle>", "</docTitle>") {
        let title = format!(
            "<docTitle>\n    <text>{}</text>\n  </docTitle>",
            super::xhtml::text(package.title)
        );
        out.replace_range(start..end, &title);
    }
    if let Some((start, end)) = span(&out, "<meta name=\"dtb:depth\"", "/>") {
        let head = format!(
            "<meta name=\"dtb:uid\" content=\"{}\" />\n    \
             <meta name=\"dtb:depth\" content=\"{}\" />",
            uuid::fmt::Urn::from_uuid(package.identifier),
            navigation_depth(ncx).max(1)
        );
        out.replace_range(start..end, &head);
    }
    if let Some(at) = out.find("<ncx ").map(|at| at + "<ncx ".len()) {
        let language = super::xhtml::attr(package.language);
        out.insert_str(at, &format!("xml:lang=\"{language}\" "));
    }
    out
}

/// The byte range of the first `open` … `close` in `text`, both included.
fn span(text: &str, open: &str, close: &str) -> Option<(usize, usize)> {
    let start = text.find(open)?;
    let end = start + text[start..].find(close)? + close.len();
    Some((start, end))
}

/// How deep the NCX's `navPoint`s nest: 1 when none holds another.
fn navigation_depth(ncx: &str) -> usize {
    let (mut depth, mut deepest) = (0_usize, 0);
    let mut rest = ncx;
    while let Some(at) = rest.find("navPoint") {
        let closing = rest[..at].ends_with("</");
        let opening = rest[..at].ends_with('<');
        if closing {
            depth = depth.saturating_sub(1);
        } else if opening {
            depth += 1;
            deepest = deepest.max(depth);
        }
        rest = &rest[at + "navPoint".len()..];
    }
    deepest
}

/// `page` with `lang` and `xml:lang` on its `<html>` element, unless it has them already.
fn declare_language(page: &str, language: &str) -> String {
    let Some(start) = page.find("<html") else {
        return page.to_string();
    };
    let Some(end) = page[start..].find('>').map(|end| start + end) else {
        return page.to_string();
    };
    if page[start..end].contains(" lang=") {
        return page.to_string();
    }
    let language = super::xhtml::attr(language);
    let mut out = page.to_string();
    out.insert_str(
        end,
        &format!(" lang=\"{language}\" xml:lang=\"{language}\""),
    );
    out
}

/// Whether an entry is an image the book stores (JPEG or PNG: deflating them gains nothing).
fn is_compressed_image(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("oebps/images/")
        && [".jpg", ".jpeg", ".png"]
            .iter()
            .any(|extension| lower.ends_with(extension))
}

/// The build time as a ZIP date (which cannot go before 1980).
fn zip_time(timestamp: chrono::DateTime<chrono::Utc>) -> zip::DateTime {
    use chrono::{Datelike, Timelike};
    zip::DateTime::from_date_and_time(
        timestamp.year().clamp(1980, 2107) as u16,
        timestamp.month() as u8,
        timestamp.day() as u8,
        timestamp.hour() as u8,
        timestamp.minute() as u8,
        timestamp.second() as u8,
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACKAGE: Package<'static> = Package {
        title: "Tides & clocks",
        identifier: uuid::Uuid::nil(),
        language: "en",
    };

    fn archive_with(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in entries {
            writer
                .start_file(*name, SimpleFileOptions::default())
                .unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn language_id_no_longer_collides_with_the_author_id() {
        let opf = r#"<dc:language id="epub-creator-0">en</dc:language><dc:creator id="epub-creator-0">A</dc:creator>"#;
        let fixed = repair(
            &archive_with(&[
                ("mimetype", "application/epub+zip"),
                ("OEBPS/content.opf", opf),
            ]),
            &[],
            chrono::Utc::now(),
            &PACKAGE,
        )
        .unwrap();
        let mut archive = ZipArchive::new(Cursor::new(fixed)).unwrap();
        let mut text = String::new();
        archive
            .by_name("OEBPS/content.opf")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert!(
            text.contains(r#"<dc:language id="epub-language-0">"#),
            "{text}"
        );
        assert!(text.contains(r#"<dc:creator id="epub-creator-0">"#));
    }

    #[test]
    fn mimetype_comes_first_and_stored() {
        let fixed = repair(
            &archive_with(&[("a.txt", "x"), ("mimetype", "application/epub+zip")]),
            &[],
            chrono::Utc::now(),
            &PACKAGE,
        )
        .unwrap();
        let mut archive = ZipArchive::new(Cursor::new(fixed)).unwrap();
        let first = archive.by_index(0).unwrap();
        assert_eq!(first.name(), "mimetype");
        assert_eq!(first.compression(), CompressionMethod::Stored);
    }

    #[test]
    fn pictures_get_their_bytes_stored_and_other_entries_keep_their_text() {
        let picture = EmbeddedImage {
            file_name: "images/img-001.jpg".into(),
            media_type: "image/jpeg".into(),
            bytes: vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3],
            ..EmbeddedImage::default()
        };
        let fixed = repair(
            &archive_with(&[
                ("mimetype", "application/epub+zip"),
                ("OEBPS/chapter.xhtml", "<p>The harbour board met again.</p>"),
                ("OEBPS/images/img-001.jpg", ""),
            ]),
            &[&picture],
            chrono::Utc::now(),
            &PACKAGE,
        )
        .unwrap();
        let mut archive = ZipArchive::new(Cursor::new(fixed)).unwrap();
        let mut image = archive.by_name("OEBPS/images/img-001.jpg").unwrap();
        assert_eq!(image.compression(), CompressionMethod::Stored);
        let mut bytes = Vec::new();
        image.read_to_end(&mut bytes).unwrap();
        assert_eq!(bytes, picture.bytes);
        drop(image);
        let mut text = String::new();
        archive
            .by_name("OEBPS/chapter.xhtml")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "<p>The harbour board met again.</p>");
    }

    #[test]
    fn a_picture_missing_from_the_archive_is_an_error() {
        let picture = EmbeddedImage {
            file_name: "images/img-009.png".into(),
            ..EmbeddedImage::default()
        };
        let result = repair(
            &archive_with(&[("mimetype", "application/epub+zip")]),
            &[&picture],
            chrono::Utc::now(),
            &PACKAGE,
        );
        assert!(result.is_err());
    }
}
