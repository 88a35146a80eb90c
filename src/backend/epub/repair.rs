//! Mends the archive `epub-builder` writes, in one pass with the `zip` crate:
//! - gives `dc:language` its own id (epub-builder 0.8.3 numbers the language and the authors
//!   from one counter, so the first of each share `epub-creator-0`, which EPUBCheck rejects);
//! - keeps `mimetype` first and stored, as the EPUB container format requires;
//! - stores images (already compressed JPEG and PNG) instead of deflating them again;
//! - sets every entry's time to the build time, so the same input gives the same bytes.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The part of the OPF that carries the shared id, and what it becomes.
const LANGUAGE_ID_BUG: &str = "<dc:language id=\"epub-creator-";
const LANGUAGE_ID_FIXED: &str = "<dc:language id=\"epub-language-";

/// Rewrites the archive `epub` with the fixes above.
pub(super) fn repair(
    epub: &[u8],
    timestamp: chrono::DateTime<chrono::Utc>,
) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(epub))?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(epub.len())));
    let time = zip_time(timestamp);
    let mut names: Vec<String> = archive.file_names().map(str::to_string).collect();
    // `file_names` does not keep archive order; put mimetype first and keep the rest stable.
    names.sort_by_key(|name| (name != "mimetype", archive.index_for_name(name)));
    for name in names {
        let mut contents = Vec::new();
        archive.by_name(&name)?.read_to_end(&mut contents)?;
        if name.ends_with("content.opf") {
            contents = String::from_utf8_lossy(&contents)
                .replace(LANGUAGE_ID_BUG, LANGUAGE_ID_FIXED)
                .into_bytes();
        }
        let method = if name == "mimetype" || is_compressed_image(&name) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(time);
        writer.start_file(name, options)?;
        writer.write_all(&contents)?;
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
            chrono::Utc::now(),
        )
        .unwrap();
        let mut archive = ZipArchive::new(Cursor::new(fixed)).unwrap();
        let first = archive.by_index(0).unwrap();
        assert_eq!(first.name(), "mimetype");
        assert_eq!(first.compression(), CompressionMethod::Stored);
    }
}
