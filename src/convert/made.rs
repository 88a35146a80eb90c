//! A book the pipeline made: its bytes, the facts a caller reports about it, where it was
//! written, and the JSON record scripts read (`--json`).

use std::path::PathBuf;

use serde::Serialize;

use crate::deliver::device::DeviceKind;
use crate::document::Book;
use crate::normalize::removals::{Removal, Removals};
use crate::output::slug;

/// A rendered book and what is known about it.
#[derive(Debug, Clone, Default)]
pub struct Made {
    /// The output file. Emptied by [`Made::release`] once the book is written, so that a batch
    /// holds no finished books.
    pub bytes: Vec<u8>,
    /// The book's size in bytes (kept when `bytes` is released).
    pub size: usize,
    /// The file name the book goes under by default: its title as a file name, and the
    /// format's extension.
    pub file_name: String,
    /// The media type of the format (`application/epub+zip`, …).
    pub media_type: &'static str,
    /// The book's title.
    pub title: String,
    /// Every author of the book, in order of first appearance.
    pub authors: Vec<String>,
    /// The first article's site: its publication's name, else its address's host.
    pub site: Option<String>,
    /// The first article's publication date, `YYYY-MM-DD`, when it gives one.
    pub date: Option<String>,
    /// Words in the articles' bodies.
    pub words: usize,
    /// Pictures stored in the book.
    pub images: usize,
    /// What was left out or given up (pictures that could not be loaded, inputs that failed),
    /// one line each.
    pub warnings: Vec<String>,
    /// Where the book was written; empty until it is (and when it went to standard output).
    pub written: Vec<Written>,
    /// What the normalizer removed from each article's input, when that was asked for
    /// ([`NormalizeOptions::note_removals`](crate::normalize::NormalizeOptions::note_removals));
    /// else empty.
    pub removed: Vec<Removed>,
}

/// What the normalizer removed from one input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removed {
    /// The input, as messages name it.
    pub input: String,
    /// What was removed.
    pub removals: Removals,
}

/// One removal in a JSON record: the input it was removed from, and what and why.
#[derive(Debug, Clone, Serialize)]
pub struct RemovalRecord {
    /// The input, as messages name it.
    pub input: String,
    /// What was removed, and by which rule.
    #[serde(flatten)]
    pub removal: Removal,
}

/// A file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file's path.
    pub path: PathBuf,
    /// The kind of e-reader, for a copy made onto one.
    pub device: Option<DeviceKind>,
}

/// The line of JSON printed for each file written (`--json`), which scripts read. Its keys
/// are in alphabetical order.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// The book's authors, joined with commas; `null` when none is known.
    pub author: Option<String>,
    /// The file's size in bytes.
    pub bytes: usize,
    /// The kind of e-reader the file was copied onto.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<DeviceKind>,
    /// Pictures stored in the book.
    pub images: usize,
    /// The file written.
    pub path: String,
    /// What the normalizer removed, with `--verbose` (the first of each input's removals).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<RemovalRecord>,
    /// The addresses the book was e-mailed to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sent_to: Vec<String>,
    /// The book's title.
    pub title: String,
    /// What was left out or given up, one line each.
    pub warnings: Vec<String>,
    /// Words in the articles' bodies.
    pub words: usize,
}

impl Made {
    /// The facts of `book`, rendered as `bytes` in a format with this `extension` and
    /// `media_type`.
    pub fn new(book: &Book, bytes: Vec<u8>, extension: &str, media_type: &'static str) -> Self {
        let title = book.display_title().to_string();
        Made {
            size: bytes.len(),
            bytes,
            file_name: format!("{}.{extension}", slug(&title)),
            media_type,
            authors: book.authors().into_iter().map(str::to_string).collect(),
            site: book
                .articles
                .first()
                .and_then(|article| site_of(&article.meta)),
            date: book.articles.first().and_then(|article| {
                let published = article.meta.published.as_deref()?;
                let day = published.get(..10)?;
                chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                    .ok()
                    .map(|_| day.to_string())
            }),
            words: book.articles.iter().map(|a| a.word_count()).sum(),
            title,
            images: 0,
            warnings: Vec::new(),
            written: Vec::new(),
            removed: Vec::new(),
        }
    }

    /// Lets the bytes go once the book is written (its size is kept).
    pub fn release(&mut self) {
        self.bytes = Vec::new();
    }

    /// A copy of everything known about the book but its bytes (which are in the files it
    /// was written to).
    pub fn without_bytes(&self) -> Made {
        Made {
            bytes: Vec::new(),
            file_name: self.file_name.clone(),
            title: self.title.clone(),
            authors: self.authors.clone(),
            site: self.site.clone(),
            date: self.date.clone(),
            warnings: self.warnings.clone(),
            written: self.written.clone(),
            removed: self.removed.clone(),
            ..*self
        }
    }

    /// The records of [`Made::records`] as JSON Lines: one line per file written.
    pub fn record_lines(&self, sent_to: &[String]) -> String {
        let mut lines = String::new();
        for record in self.records(sent_to) {
            // A record of strings and numbers always serializes.
            if let Ok(line) = serde_json::to_string(&record) {
                lines.push_str(&line);
                lines.push('\n');
            }
        }
        lines
    }

    /// The record of each file written, saying it was e-mailed to `sent_to` (when not empty).
    pub fn records(&self, sent_to: &[String]) -> Vec<Record> {
        self.written
            .iter()
            .map(|written| Record {
                path: written.path.display().to_string(),
                title: self.title.clone(),
                author: (!self.authors.is_empty()).then(|| self.authors.join(", ")),
                words: self.words,
                images: self.images,
                bytes: self.size,
                warnings: self.warnings.clone(),
                device: written.device,
                sent_to: sent_to.to_vec(),
                removed: self
                    .removed
                    .iter()
                    .flat_map(|removed| {
                        removed
                            .removals
                            .noted()
                            .iter()
                            .map(|removal| RemovalRecord {
                                input: removed.input.clone(),
                                removal: removal.clone(),
                            })
                    })
                    .collect(),
            })
            .collect()
    }
}

/// An article's site: its publication's name, else its address's host (without `www.`).
fn site_of(meta: &crate::document::Metadata) -> Option<String> {
    meta.site_name
        .clone()
        .filter(|name| !name.trim().is_empty())
        .or_else(|| {
            let url = url::Url::parse(meta.source_url.as_deref()?).ok()?;
            let host = url.host_str()?;
            Some(host.strip_prefix("www.").unwrap_or(host).to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Document, Metadata};

    #[test]
    fn a_made_book_is_named_after_its_title_and_counts_its_words() {
        let book = Book::single(Document {
            meta: Metadata {
                title: "Harbour Board Votes".into(),
                authors: vec!["Ana Silva".into()],
                ..Metadata::default()
            },
            blocks: vec![Block::paragraph("Three words here.")],
        });
        let mut made = Made::new(&book, b"PK".to_vec(), "epub", "application/epub+zip");
        assert_eq!(made.file_name, "harbour-board-votes.epub");
        assert_eq!((made.words, made.size), (3, 2));
        made.written.push(Written {
            path: "out/harbour-board-votes.epub".into(),
            device: None,
        });
        made.release();
        let record = serde_json::to_value(&made.records(&[])[0]).unwrap();
        assert_eq!(record["author"], "Ana Silva");
        assert_eq!(record["bytes"], 2);
        assert!(record.get("device").is_none() && record.get("sent_to").is_none());
    }
}
