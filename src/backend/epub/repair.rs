//! Mends the archive `epub-builder` writes, in one pass with the `zip` crate:
//! - gives `dc:language` its own id (epub-builder 0.8.3 numbers the language and the authors
//!   from one counter, so the first of each share `epub-creator-0`, which EPUBCheck rejects);
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

/// Rewrites the archive `epub` with the fixes above. `images` are the pictures that were
/// added to it with empty contents: each entry `OEBPS/<file_name>` gets its bytes.
pub(super) fn repair(
    epub: &[u8],
    images: &[&EmbeddedImage],
    timestamp: chrono::DateTime<chrono::Utc>,
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
        let rewrite =
            name == "mimetype" || name.ends_with("content.opf") || is_compressed_image(&name);
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
        );
        assert!(result.is_err());
    }
}
