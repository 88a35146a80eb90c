//! E-mailing books to a reading service's address (Send to Kindle, Kobo, PocketBook, or any
//! mailbox) over SMTP.
//!
//! Each book is an attachment named after its title with the type `application/epub+zip`, in
//! a message whose subject is the title and whose body is one short line. A batch that does
//! not fit in one message is split over several; a book that fits in none is refused before
//! any connection is made.

use std::ops::Range;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use super::config::{SmtpConfig, TlsMode};
use super::DeliverError;

/// The most attachments one e-mail to Send to Kindle may carry.
///
/// Source: Amazon's help page "Using Your Send to Kindle Email Address"
/// (<https://www.amazon.co.uk/gp/help/customer/display.html?nodeId=201974220>): "an email can
/// contain up to 25 attachments".
pub const MAX_ATTACHMENTS: usize = 25;

/// The largest total size of the attachments of one e-mail to Send to Kindle, in bytes.
///
/// Source: the same Amazon help page: "The total size of your documents should be 50 MB or
/// less". Counted here in decimal megabytes (50,000,000 bytes), the stricter reading.
pub const MAX_ATTACHMENT_BYTES: u64 = 50_000_000;

/// The most Send to Kindle addresses one e-mail may go to.
///
/// Source: the same Amazon help page: an e-mail "can be sent to up to 15 distinct Send to
/// Kindle email addresses".
pub const MAX_RECIPIENTS: usize = 15;

/// The media type of an EPUB attachment. Send to Kindle files an `application/octet-stream`
/// attachment by its name alone; the real type is what it and other services expect.
pub const EPUB_MEDIA_TYPE: &str = "application/epub+zip";

/// A book to send.
#[derive(Debug, Clone)]
pub struct Book {
    /// The book's title: the subject of its message and its attachment's name.
    pub title: String,
    /// The EPUB file's bytes.
    pub epub: Vec<u8>,
}

/// The limits a message must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Attachments per message.
    pub max_attachments: usize,
    /// Total attachment bytes per message.
    pub max_attachment_bytes: u64,
    /// The encoded message's size (the user's own mail provider's limit), when known.
    pub max_message_bytes: Option<u64>,
}

impl Default for Limits {
    /// Send to Kindle's limits.
    fn default() -> Self {
        Limits {
            max_attachments: MAX_ATTACHMENTS,
            max_attachment_bytes: MAX_ATTACHMENT_BYTES,
            max_message_bytes: None,
        }
    }
}

/// One message that was accepted by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The titles of the books it carried.
    pub titles: Vec<String>,
    /// The encoded message's size in bytes.
    pub bytes: usize,
}

/// Groups books of the given sizes into messages, in order: a new message starts when the
/// next book would pass `max_attachments` or `max_attachment_bytes`. `names[i]` names book
/// `i` in the error when a book fits in no message.
pub fn plan_messages(
    sizes: &[u64],
    names: &[String],
    limits: &Limits,
) -> Result<Vec<Range<usize>>, DeliverError> {
    let mut groups = Vec::new();
    let mut start = 0;
    let mut total = 0u64;
    for (index, &size) in sizes.iter().enumerate() {
        if size > limits.max_attachment_bytes {
            return Err(DeliverError::TooLarge {
                name: names.get(index).cloned().unwrap_or_default(),
                size,
                limit: limits.max_attachment_bytes,
                limit_name: "a Send to Kindle e-mail may carry (Amazon's limit)".into(),
            });
        }
        let count = index - start;
        if count > 0
            && (count >= limits.max_attachments || total + size > limits.max_attachment_bytes)
        {
            groups.push(start..index);
            start = index;
            total = 0;
        }
        total += size;
    }
    if start < sizes.len() {
        groups.push(start..sizes.len());
    }
    Ok(groups)
}

/// The file name of a book's attachment: its title, without characters file systems or mail
/// programs refuse, ending in `.epub`.
pub fn attachment_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let mut name = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() > 120 {
        name = name.chars().take(120).collect::<String>().trim_end().into();
    }
    if name.is_empty() {
        name = "Article".into();
    }
    format!("{name}.epub")
}

/// Parses an address given on the command line or in the config.
fn mailbox(address: &str) -> Result<Mailbox, DeliverError> {
    address
        .trim()
        .parse::<Mailbox>()
        .map_err(|err| DeliverError::Address {
            address: address.into(),
            reason: err.to_string(),
        })
}

/// Checks the sender and every recipient address, and that there is a recipient: run it
/// before making books so that a typo fails at once.
pub fn check_addresses(from: &str, to: &[String]) -> Result<(), DeliverError> {
    if to.is_empty() {
        return Err(DeliverError::Missing {
            what: "no recipient: give --to ADDRESS".into(),
        });
    }
    if to.len() > MAX_RECIPIENTS {
        return Err(DeliverError::Missing {
            what: format!(
                "{} recipients: Send to Kindle takes at most {MAX_RECIPIENTS} addresses per e-mail",
                to.len()
            ),
        });
    }
    mailbox(from)?;
    for address in to {
        mailbox(address)?;
    }
    Ok(())
}

/// Builds the message carrying `books` from `from` to every address of `to`.
pub fn build_message(from: &str, to: &[String], books: &[&Book]) -> Result<Message, DeliverError> {
    let titles: Vec<&str> = books.iter().map(|book| book.title.as_str()).collect();
    let subject = match titles.as_slice() {
        [one] => (*one).to_string(),
        many => format!("{} documents: {}", many.len(), many.join("; ")),
    };
    let mut builder = Message::builder().from(mailbox(from)?).subject(subject);
    for address in to {
        builder = builder.to(mailbox(address)?);
    }
    let body = if books.len() == 1 {
        "Sent by cleancopy: one EPUB book is attached.".to_string()
    } else {
        format!(
            "Sent by cleancopy: {} EPUB books are attached.",
            books.len()
        )
    };
    let epub_type = ContentType::parse(EPUB_MEDIA_TYPE).map_err(|err| DeliverError::Message {
        message: err.to_string(),
    })?;
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(body));
    for book in books {
        parts = parts.singlepart(
            Attachment::new(attachment_name(&book.title))
                .body(book.epub.clone(), epub_type.clone()),
        );
    }
    builder
        .multipart(parts)
        .map_err(|err| DeliverError::Message {
            message: err.to_string(),
        })
}

/// Plans and builds every message for `books`, checking every limit: nothing is sent when a
/// book or a message is too large.
pub fn prepare_messages(
    from: &str,
    to: &[String],
    books: &[Book],
    limits: &Limits,
) -> Result<Vec<(Message, Vec<String>)>, DeliverError> {
    check_addresses(from, to)?;
    let sizes: Vec<u64> = books.iter().map(|book| book.epub.len() as u64).collect();
    let names: Vec<String> = books
        .iter()
        .map(|book| attachment_name(&book.title))
        .collect();
    let mut messages = Vec::new();
    for group in plan_messages(&sizes, &names, limits)? {
        let batch: Vec<&Book> = books[group.clone()].iter().collect();
        let message = build_message(from, to, &batch)?;
        if let Some(limit) = limits.max_message_bytes {
            let size = message.formatted().len() as u64;
            if size > limit {
                return Err(DeliverError::TooLarge {
                    name: names[group].join(", "),
                    size,
                    limit,
                    limit_name: "the configured max_message_size allows (encoded message)".into(),
                });
            }
        }
        let titles = batch.iter().map(|book| book.title.clone()).collect();
        messages.push((message, titles));
    }
    Ok(messages)
}

/// The SMTP transport `config` describes, with the password resolved.
fn transport(config: &SmtpConfig) -> Result<SmtpTransport, DeliverError> {
    let mut builder = SmtpTransport::builder_dangerous(config.host.as_str())
        .port(config.port)
        .timeout(Some(std::time::Duration::from_secs(60)));
    if config.tls != TlsMode::None {
        let mut parameters = TlsParameters::builder(config.host.clone());
        if let Some(path) = &config.ca_file {
            let pem = std::fs::read(path).map_err(|err| DeliverError::CaFile {
                path: path.clone(),
                message: err.to_string(),
            })?;
            let certificate = Certificate::from_pem(&pem).map_err(|err| DeliverError::CaFile {
                path: path.clone(),
                message: format!("not a PEM certificate file ({err})"),
            })?;
            parameters = parameters.add_root_certificate(certificate);
        }
        let parameters = parameters
            .build()
            .map_err(|err| smtp_error(config, "cannot set up TLS", err))?;
        builder = builder.tls(match config.tls {
            TlsMode::Tls => Tls::Wrapper(parameters),
            _ => Tls::Required(parameters),
        });
    }
    if let (Some(user), Some(password)) = (&config.user, config.resolve_password()?) {
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    Ok(builder.build())
}

/// Sends `books` to every address of `to`, split over as many messages as the limits need.
///
/// Every check (addresses, sizes, the CA file, the password) is made before connecting. When
/// a message fails, the ones before it were sent; the error says which.
pub fn send_books(
    config: &SmtpConfig,
    to: &[String],
    books: &[Book],
    limits: &Limits,
) -> Result<Vec<Sent>, DeliverError> {
    let messages = prepare_messages(&config.from, to, books, limits)?;
    let transport = transport(config)?;
    let total = messages.len();
    let mut sent = Vec::new();
    for (index, (message, titles)) in messages.into_iter().enumerate() {
        let bytes = message.formatted().len();
        transport.send(&message).map_err(|err| {
            let what = if total > 1 {
                format!(
                    "message {} of {total} not sent ({} sent before it)",
                    index + 1,
                    sent.len()
                )
            } else {
                "not sent".to_string()
            };
            smtp_error(config, &what, err)
        })?;
        sent.push(Sent { titles, bytes });
    }
    Ok(sent)
}

/// An SMTP failure, named by server, with the likely cause in words.
fn smtp_error(
    config: &SmtpConfig,
    what: &str,
    err: lettre::transport::smtp::Error,
) -> DeliverError {
    let code = err.status().map(|code| code.to_string());
    let detail = err.to_string().replace(['\n', '\r'], " ");
    let tls_failed = err.is_tls() || detail.contains("certificate") || detail.contains("TLS");
    let cause = match code.as_deref() {
        Some("535" | "534" | "530") if config.user.is_some() => format!(
            "login refused for {}",
            config.user.as_deref().unwrap_or_default()
        ),
        Some("530") => "the server wants a login (set user)".into(),
        Some("552") => "the server refused the message as too large".into(),
        _ if tls_failed => format!(
            "TLS failed (a self-hosted server's certificate needs its CA in ca_file; \
             check tls = {})",
            match config.tls {
                TlsMode::Tls => "tls, or starttls for port 587",
                _ => "starttls, or tls for port 465",
            }
        ),
        _ if detail.starts_with("Connection error") || detail.starts_with("network error") => {
            "cannot connect".into()
        }
        _ => "SMTP error".into(),
    };
    DeliverError::Smtp {
        server: config.server(),
        what: what.into(),
        cause,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("book {i}.epub")).collect()
    }

    #[test]
    fn batches_keep_the_attachment_count_limit() {
        let sizes = vec![10; 60];
        let groups = plan_messages(&sizes, &names(60), &Limits::default()).unwrap();
        assert_eq!(groups, vec![0..25, 25..50, 50..60]);
    }

    #[test]
    fn batches_keep_the_size_limit() {
        let mb = 1_000_000;
        let sizes = vec![20 * mb, 20 * mb, 20 * mb, 50 * mb, mb];
        let groups = plan_messages(&sizes, &names(5), &Limits::default()).unwrap();
        assert_eq!(groups, vec![0..2, 2..3, 3..4, 4..5]);
    }

    #[test]
    fn a_book_over_the_limit_is_refused_by_name() {
        let sizes = vec![10, MAX_ATTACHMENT_BYTES + 1];
        let err = plan_messages(&sizes, &names(2), &Limits::default())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("book 1.epub: "), "{err}");
        assert!(err.contains("50.0 MB"), "{err}");
    }

    #[test]
    fn attachment_names_are_titles_safe_for_files() {
        assert_eq!(
            attachment_name("Russia’s FM: All Troops / Leave?"),
            "Russia’s FM All Troops Leave.epub"
        );
        assert_eq!(attachment_name("  "), "Article.epub");
    }

    #[test]
    fn message_has_title_subject_and_epub_attachment() {
        let book = Book {
            title: "The Tide Clock".into(),
            epub: b"PK\x03\x04 not really".to_vec(),
        };
        let message =
            build_message("me@example.org", &["me_kindle@kindle.com".into()], &[&book]).unwrap();
        let text = String::from_utf8_lossy(&message.formatted()).to_string();
        assert!(text.contains("Subject: The Tide Clock"), "{text}");
        assert!(
            text.contains("Content-Type: application/epub+zip"),
            "{text}"
        );
        assert!(text.contains("filename=\"The Tide Clock.epub\""), "{text}");
        assert!(!text.contains("octet-stream"), "{text}");
    }

    #[test]
    fn bad_recipient_is_named() {
        let book = Book {
            title: "T".into(),
            epub: vec![1],
        };
        let err = prepare_messages(
            "me@example.org",
            &["not an address".into()],
            &[book],
            &Limits::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("'not an address': not an e-mail address"),
            "{err}"
        );
    }

    #[test]
    fn more_recipients_than_send_to_kindle_takes_are_refused() {
        let to: Vec<String> = (0..16).map(|i| format!("reader{i}@kindle.com")).collect();
        let err = check_addresses("me@example.org", &to).unwrap_err();
        assert!(err.to_string().contains("at most 15"), "{err}");
        assert!(check_addresses("me@example.org", &to[..15]).is_ok());
    }
}
