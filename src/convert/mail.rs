//! E-mailing the books a run made (`cleancopy send`, and a server's send), with the SMTP
//! server of the user's settings, and the account of what went: which books were sent, which
//! were not, and the `--json` records that say so.
//!
//! Each book the server accepts is added to the record beside it
//! ([`crate::deliver::sent`]); with `skip_sent`, the books that record lists as already sent to
//! every address are left out, so that a run that stopped part-way can be repeated without
//! sending any book twice.

use std::path::Path;

use super::made::Made;
use crate::deliver::config::SmtpConfig;
use crate::deliver::email::{self, Sent};
use crate::deliver::sent::{self, SentRecord};
use crate::error::Error;
use crate::output::OutputError;

/// What became of a book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendStatus {
    /// A message carrying it was accepted by the server.
    Sent,
    /// It was left out: the record beside it says it was sent to every address before.
    AlreadySent,
    /// It was not sent (see [`Delivery::error`]).
    NotSent,
}

/// A book and what became of it.
#[derive(Debug, Clone)]
pub struct SentBook {
    /// The book (its bytes may have been let go; it is read back from its file).
    pub made: Made,
    /// Whether it went.
    pub status: SendStatus,
}

/// What e-mailing a run's books did.
#[derive(Debug)]
pub struct Delivery {
    /// The addresses.
    pub to: Vec<String>,
    /// Every book, in order, with what became of it.
    pub books: Vec<SentBook>,
    /// How many messages the server accepted.
    pub messages: usize,
    /// Why the books not sent were not; `None` when every book went (or was already sent).
    pub error: Option<Error>,
    /// What went wrong without stopping anything (the record of the books sent could not be
    /// read or written), one line each.
    pub warnings: Vec<String>,
}

/// Sends `books` (EPUBs, or PDFs sent as they are) to every address of `to`, in as few messages as Send to Kindle's
/// limits and the server's message size allow, and says what became of each. With
/// `skip_sent`, the books the record beside them lists as sent to every address are left out.
/// A book whose bytes were let go once written is read back from its file.
pub fn send_books(
    books: Vec<Made>,
    config: &SmtpConfig,
    to: &[String],
    skip_sent: bool,
) -> Delivery {
    let mut delivery = Delivery {
        to: to.to_vec(),
        books: (books.into_iter())
            .map(|made| SentBook {
                made,
                status: SendStatus::NotSent,
            })
            .collect(),
        messages: 0,
        error: None,
        warnings: Vec::new(),
    };
    if skip_sent {
        delivery.skip_sent();
    }
    let pending: Vec<usize> = (0..delivery.books.len())
        .filter(|&index| delivery.books[index].status == SendStatus::NotSent)
        .collect();
    if pending.is_empty() {
        return delivery;
    }
    let batch = match (pending.iter())
        .map(|&index| {
            let made = &delivery.books[index].made;
            Ok(email::Book {
                title: made.title.clone(),
                bytes: book_bytes(made)?,
                format: email::BookFormat::of_media_type(made.media_type),
            })
        })
        .collect::<Result<Vec<_>, Error>>()
    {
        Ok(batch) => batch,
        Err(err) => {
            delivery.error = Some(err);
            return delivery;
        }
    };
    let limits = email::Limits {
        max_message_bytes: config.max_message_size,
        ..email::Limits::default()
    };
    let Delivery {
        books, warnings, ..
    } = &mut delivery;
    let mut on_sent = |sent: &Sent| {
        let indexes = &pending[sent.books.clone()];
        for &index in indexes {
            books[index].status = SendStatus::Sent;
        }
        let written: Vec<(&Path, &str)> = (indexes.iter())
            .filter_map(|&index| {
                let made = &books[index].made;
                let first = made.written.first()?;
                Some((first.path.as_path(), made.title.as_str()))
            })
            .collect();
        if let Err(err) = sent::record(&written, to) {
            warnings.push(format!(
                "{err}; a later --skip-sent will send these books again"
            ));
        }
    };
    let delivered = email::send_books(config, to, &batch, &limits, &mut on_sent);
    delivery.messages = delivered.sent.len();
    delivery.error = delivered.failure.map(Error::from);
    delivery
}

impl Delivery {
    /// Marks the books the record beside them lists as sent to every address.
    fn skip_sent(&mut self) {
        let mut records: Vec<(std::path::PathBuf, SentRecord)> = Vec::new();
        for book in &mut self.books {
            let Some(written) = book.made.written.first() else {
                continue;
            };
            let folder = sent::record_path(&written.path);
            let record = match records.iter().position(|(known, _)| *known == folder) {
                Some(at) => &records[at].1,
                None => {
                    let record = SentRecord::read_for(&written.path).unwrap_or_else(|err| {
                        self.warnings
                            .push(format!("{err}; no book is skipped from this folder"));
                        SentRecord::default()
                    });
                    records.push((folder, record));
                    &records[records.len() - 1].1
                }
            };
            if record.has_sent(&written.path, &book.made.title, &self.to) {
                book.status = SendStatus::AlreadySent;
            }
        }
    }

    /// How many books have `status`.
    pub fn count(&self, status: SendStatus) -> usize {
        self.books
            .iter()
            .filter(|book| book.status == status)
            .count()
    }

    /// The `--json` records of every file written, one line each; `sent_to` is only on the
    /// books sent now.
    pub fn record_lines(&self) -> String {
        (self.books.iter())
            .map(|book| match book.status {
                SendStatus::Sent => book.made.record_lines(&self.to),
                _ => book.made.record_lines(&[]),
            })
            .collect()
    }

    /// What was done, for the user: the books sent (and to whom) and the books skipped as
    /// already sent.
    pub fn notes(&self) -> Vec<String> {
        let (sent, skipped, unsent) = (
            self.count(SendStatus::Sent),
            self.count(SendStatus::AlreadySent),
            self.count(SendStatus::NotSent),
        );
        let to = self.to.join(", ");
        let mut notes = Vec::new();
        if skipped > 0 {
            notes.push(format!(
                "skipped {} already sent to {to} (see {})",
                plural(skipped, "book"),
                sent::FILE_NAME
            ));
        }
        let messages = plural(self.messages, "e-mail");
        if sent > 0 && unsent == 0 {
            notes.push(format!(
                "sent {} to {to} ({messages})",
                plural(sent, "book")
            ));
        } else if sent > 0 {
            let kept = match unsent {
                1 => "the book not sent is kept".to_string(),
                n => format!("the {n} books not sent are kept"),
            };
            notes.push(format!(
                "sent {sent} of {} books to {to} ({messages}); {kept}: run the same command \
                 again with --force --skip-sent to send only those",
                sent + unsent
            ));
        }
        notes
    }

    /// One line for each book not sent, naming its file and title.
    pub fn unsent(&self) -> Vec<String> {
        (self.books.iter())
            .filter(|book| book.status == SendStatus::NotSent)
            .map(|book| {
                let title = &book.made.title;
                match book.made.written.first() {
                    Some(written) => format!("not sent: {} ({title})", written.path.display()),
                    None => format!("not sent: {title}"),
                }
            })
            .collect()
    }

    /// Whether any book was sent now.
    pub fn sent_any(&self) -> bool {
        self.messages > 0
    }

    /// When a book was not sent: the error on one line, followed, when nothing was sent, by
    /// where the books are kept.
    pub fn failure(&self) -> Option<String> {
        let error = self.error.as_ref()?.one_line();
        if self.sent_any() {
            return Some(error);
        }
        let kept: Vec<String> = (self.books.iter())
            .filter(|book| book.status == SendStatus::NotSent)
            .filter_map(|book| book.made.written.first())
            .map(|written| written.path.display().to_string())
            .collect();
        Some(match kept.len() {
            0 => error,
            1 => format!("{error}; the book is kept at {}", kept[0]),
            n => format!("{error}; the {n} books are kept at {}", kept.join(", ")),
        })
    }
}

/// "1 book", "3 books".
fn plural(count: usize, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        _ => format!("{count} {noun}s"),
    }
}

/// The bytes of a book, read back from where it was written when they were let go.
fn book_bytes(made: &Made) -> Result<Vec<u8>, Error> {
    if !made.bytes.is_empty() {
        return Ok(made.bytes.clone());
    }
    let Some(written) = made.written.first() else {
        return Ok(Vec::new());
    };
    read_back(&written.path)
}

fn read_back(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| {
        OutputError::Read {
            path: path.to_path_buf(),
            source,
        }
        .into()
    })
}
