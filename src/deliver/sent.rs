//! The books e-mailed from a folder: `.cleancopy-sent.jsonl` beside them, one line of JSON
//! for each book the server accepted (its file name, its title, the addresses and when).
//!
//! `send` adds to it as each message is accepted, so that it is right even after a run that
//! stopped part-way; `send --skip-sent` reads it to leave out the books already delivered to
//! every address of the run. A book is known by its file name and title: one made again under
//! the same name and title counts as sent. Lines that cannot be read (a line cut short by a
//! crash) are passed over.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::output::OutputError;

/// The record's file name, in the folder of the books it lists.
pub const FILE_NAME: &str = ".cleancopy-sent.jsonl";

/// One book delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The book's file name, in the record's folder.
    pub file: String,
    /// The book's title.
    pub title: String,
    /// The addresses it was sent to.
    pub to: Vec<String>,
    /// When, in RFC 3339 (UTC).
    pub sent: String,
}

/// The record of one folder, as read.
#[derive(Debug, Clone, Default)]
pub struct SentRecord {
    entries: Vec<Entry>,
}

/// The record of the folder holding `book`.
pub fn record_path(book: &Path) -> PathBuf {
    match book.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.join(FILE_NAME),
        _ => PathBuf::from(FILE_NAME),
    }
}

/// The file name of `book`, as the record lists it.
fn file_name(book: &Path) -> String {
    book.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// An address as compared: trimmed, in lowercase.
fn normal(address: &str) -> String {
    address.trim().to_lowercase()
}

impl SentRecord {
    /// Reads the record of the folder holding `book`; an empty one when there is none.
    pub fn read_for(book: &Path) -> Result<Self, OutputError> {
        let path = record_path(book);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(OutputError::Read { path, source }),
        };
        let entries = text
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect();
        Ok(SentRecord { entries })
    }

    /// Whether the book written at `book`, titled `title`, was sent to every address of `to`
    /// (in one run or several).
    pub fn has_sent(&self, book: &Path, title: &str, to: &[String]) -> bool {
        let file = file_name(book);
        let reached: Vec<String> = (self.entries.iter())
            .filter(|entry| entry.file == file && entry.title == title)
            .flat_map(|entry| entry.to.iter().map(|address| normal(address)))
            .collect();
        !to.is_empty() && to.iter().all(|address| reached.contains(&normal(address)))
    }
}

/// Adds to the record beside each book that `books` (path and title) were sent to `to` now.
/// The lines of one folder are written at once, at the end of its record.
pub fn record(books: &[(&Path, &str)], to: &[String]) -> Result<(), OutputError> {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut folders: Vec<(PathBuf, String)> = Vec::new();
    for (book, title) in books {
        let entry = Entry {
            file: file_name(book),
            title: title.to_string(),
            to: to.to_vec(),
            sent: now.clone(),
        };
        // An entry of strings always serializes.
        let line = serde_json::to_string(&entry).unwrap_or_default() + "\n";
        let path = record_path(book);
        match folders.iter_mut().find(|(known, _)| *known == path) {
            Some((_, lines)) => lines.push_str(&line),
            None => folders.push((path, line)),
        }
    }
    for (path, lines) in folders {
        append(&path, &lines).map_err(|source| OutputError::Write { path, source })?;
    }
    Ok(())
}

/// Appends `lines` to the file at `path`, after a line break when its last line was cut short.
fn append(path: &Path, lines: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(path)?;
    let mut last = [b'\n'];
    if file.metadata()?.len() > 0 {
        file.seek(SeekFrom::End(-1))?;
        file.read_exact(&mut last)?;
    }
    let start = if last == [b'\n'] { "" } else { "\n" };
    file.write_all(format!("{start}{lines}").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_sent_to_every_address_is_known_by_name_and_title() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.epub");
        let b = dir.path().join("b.epub");
        let to = vec!["Reader@Kindle.com".to_string()];
        assert!(!SentRecord::read_for(&a).unwrap().has_sent(&a, "A", &to));
        record(&[(&a, "A")], &to).unwrap();
        record(&[(&b, "B")], &["other@example.org".to_string()]).unwrap();

        let sent = SentRecord::read_for(&a).unwrap();
        assert!(sent.has_sent(&a, "A", &["reader@kindle.com".to_string()]));
        assert!(
            !sent.has_sent(&a, "A changed", &to),
            "another title is another book"
        );
        assert!(!sent.has_sent(&b, "B", &to), "not to this address");
        let both = vec![
            "reader@kindle.com".to_string(),
            "other@example.org".to_string(),
        ];
        assert!(!sent.has_sent(&a, "A", &both), "not to every address");
        record(&[(&a, "A")], &["other@example.org".to_string()]).unwrap();
        assert!(SentRecord::read_for(&a).unwrap().has_sent(&a, "A", &both));
    }

    #[test]
    fn a_line_cut_short_is_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.epub");
        let to = vec!["r@kindle.com".to_string()];
        record(&[(&a, "A")], &to).unwrap();
        let path = record_path(&a);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"file\":\"b.ep");
        std::fs::write(&path, text).unwrap();
        assert!(SentRecord::read_for(&a).unwrap().has_sent(&a, "A", &to));
        let c = dir.path().join("c.epub");
        record(&[(&c, "C")], &to).unwrap();
        assert!(SentRecord::read_for(&c).unwrap().has_sent(&c, "C", &to));
    }

    #[test]
    fn the_record_is_in_the_books_folder() {
        assert_eq!(
            record_path(Path::new("books/a.epub")),
            Path::new("books").join(FILE_NAME)
        );
        assert_eq!(record_path(Path::new("a.epub")), PathBuf::from(FILE_NAME));
    }
}
