//! E-mailing the books a run made (`cleancopy send`, and a server's send), with the SMTP
//! server of the user's settings.

use super::made::Made;
use crate::deliver::config::SmtpConfig;
use crate::deliver::email::{self, Sent};
use crate::error::Error;
use crate::output::OutputError;

/// Sends `books` (EPUBs) to every address of `to`, in as few messages as Send to Kindle's
/// limits and the server's message size allow. A book whose bytes were let go once written
/// is read back from its file.
pub fn send_books(books: &[Made], config: &SmtpConfig, to: &[String]) -> Result<Vec<Sent>, Error> {
    let limits = email::Limits {
        max_message_bytes: config.max_message_size,
        ..email::Limits::default()
    };
    let books = books
        .iter()
        .map(|made| {
            Ok(email::Book {
                title: made.title.clone(),
                epub: book_bytes(made)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(email::send_books(config, to, &books, &limits)?)
}

/// The bytes of a book, read back from where it was written when they were let go.
fn book_bytes(made: &Made) -> Result<Vec<u8>, Error> {
    if !made.bytes.is_empty() {
        return Ok(made.bytes.clone());
    }
    let Some(written) = made.written.first() else {
        return Ok(Vec::new());
    };
    std::fs::read(&written.path).map_err(|source| {
        OutputError::Read {
            path: written.path.clone(),
            source,
        }
        .into()
    })
}
