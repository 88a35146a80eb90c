//! E-mailing books to a reading service's address (Send to Kindle, Kobo, PocketBook, or any
//! mailbox) over SMTP.
//!
//! Each book is an attachment of its format's type (`application/epub+zip`, or
//! `application/pdf` for a PDF sent as it is) named after its title, cleaned as
//! a file name is (no control or bidirectional formatting characters) and unique within its
//! message, with a plain ASCII name beside the UTF-8 one for mail programs that read only
//! that. The subject is the title (cleaned the same way), the body one short line, and the
//! message has its own `Message-ID` and a `Date`. A batch that does not fit in one message is
//! split over several; a book that fits in none is refused before any connection is made.
//!
//! Every wait on the server has a deadline ([`Timeouts`]): each connection goes through a
//! relay on 127.0.0.1 that ends it when one passes (the SMTP client's own timeouts apply to
//! each read, which a server sending a byte at a time never trips), and the messages of a
//! batch are sent only while the batch's time lasts. When a message fails, the ones before it stay sent and the rest are
//! not tried: [`Delivered`] says which books went.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use email_encoding::headers::{rfc2231, writer::EmailWriter};
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use super::config::{SmtpConfig, Timeouts, TlsMode};
use super::relay::{Deadlines, Overdue, Relay, RelayError};
use super::DeliverError;
use crate::output::{clean_line, readable_name};

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

/// The media type of a PDF attachment.
pub const PDF_MEDIA_TYPE: &str = "application/pdf";

/// The format of a book sent: what its attachment is called and typed as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BookFormat {
    /// An EPUB book.
    #[default]
    Epub,
    /// A PDF (Send to Kindle takes it as a document).
    Pdf,
}

impl BookFormat {
    /// The format of the media type `media_type`: PDF for `application/pdf`, else EPUB.
    pub fn of_media_type(media_type: &str) -> Self {
        if media_type == PDF_MEDIA_TYPE {
            BookFormat::Pdf
        } else {
            BookFormat::Epub
        }
    }

    /// The attachment's media type.
    pub fn media_type(self) -> &'static str {
        match self {
            BookFormat::Epub => EPUB_MEDIA_TYPE,
            BookFormat::Pdf => PDF_MEDIA_TYPE,
        }
    }

    /// The attachment's file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            BookFormat::Epub => "epub",
            BookFormat::Pdf => "pdf",
        }
    }

    /// The format's name in the message's body.
    fn label(self) -> &'static str {
        match self {
            BookFormat::Epub => "EPUB",
            BookFormat::Pdf => "PDF",
        }
    }
}

/// How much longer than the relay's deadlines the SMTP client's own socket timeout is: the
/// relay ends a late connection first and says which deadline passed.
const CLIENT_TIMEOUT_MARGIN: Duration = Duration::from_secs(5);

/// A book to send.
#[derive(Debug, Clone)]
pub struct Book {
    /// The book's title: the subject of its message and its attachment's name.
    pub title: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The file's format.
    pub format: BookFormat,
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
    /// The books it carried: their positions in the batch.
    pub books: Range<usize>,
    /// The titles of those books.
    pub titles: Vec<String>,
    /// The encoded message's size in bytes.
    pub bytes: usize,
}

/// What became of a batch: the messages the server accepted, in order, and the failure that
/// stopped the others (none were tried after it).
#[derive(Debug, Default)]
pub struct Delivered {
    /// The messages accepted.
    pub sent: Vec<Sent>,
    /// Why the other books were not sent; `None` when every book was.
    pub failure: Option<DeliverError>,
}

impl Delivered {
    /// Whether the book at `index` of the batch went out in an accepted message.
    pub fn was_sent(&self, index: usize) -> bool {
        self.sent.iter().any(|sent| sent.books.contains(&index))
    }
}

/// A message ready to send.
#[derive(Debug)]
pub struct Prepared {
    /// The message.
    pub message: Message,
    /// The books it carries: their positions in the batch.
    pub books: Range<usize>,
    /// Their titles.
    pub titles: Vec<String>,
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

/// The file name of a book's attachment: its title as a name people read (see
/// [`readable_name`]), ending in `.epub`.
pub fn attachment_name(title: &str) -> String {
    attachment_name_as(title, BookFormat::Epub)
}

/// [`attachment_name`] for a book in `format`, ending in its extension.
pub fn attachment_name_as(title: &str, format: BookFormat) -> String {
    format!("{}.{}", readable_name(title), format.extension())
}

/// The names an attachment goes under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentName {
    /// The name shown: the title as a file name, in UTF-8.
    pub name: String,
    /// The same in plain ASCII (accents taken off, other letters dropped), for mail programs
    /// that do not read UTF-8 names (RFC 2231). Equal to `name` when that is ASCII.
    pub ascii: String,
}

/// The attachment names of one message's books, in order: each title as a file name (see
/// [`attachment_name`]), followed by " (2)", " (3)"… when a name is already taken in the
/// message, ignoring case, so that no book hides another. The ASCII names are unique too.
pub fn attachment_names<T: AsRef<str>>(titles: &[T]) -> Vec<AttachmentName> {
    let formats = vec![BookFormat::Epub; titles.len()];
    attachment_names_as(titles, &formats)
}

/// [`attachment_names`] for books in `formats` (one for each title), each ending in its
/// format's extension.
pub fn attachment_names_as<T: AsRef<str>>(
    titles: &[T],
    formats: &[BookFormat],
) -> Vec<AttachmentName> {
    let stems: Vec<(String, &str)> = titles
        .iter()
        .zip(formats)
        .map(|(title, format)| (readable_name(title.as_ref()), format.extension()))
        .collect();
    let mut taken = HashSet::new();
    let names: Vec<String> = stems
        .iter()
        .map(|(stem, extension)| unique_name(stem, extension, &mut taken))
        .collect();
    // ASCII names are their own fallback: they are taken first, so that a fallback made
    // from another title never takes one of them.
    let mut taken_ascii: HashSet<String> = names
        .iter()
        .filter(|name| name.is_ascii())
        .map(|name| name.to_lowercase())
        .collect();
    names
        .into_iter()
        .zip(&stems)
        .map(|(name, (stem, extension))| {
            let ascii = if name.is_ascii() {
                name.clone()
            } else {
                unique_name(&ascii_stem(stem), extension, &mut taken_ascii)
            };
            AttachmentName { name, ascii }
        })
        .collect()
}

/// `stem.epub`, or `stem (n).epub` with the first `n` from 2 whose name is not `taken`
/// (compared in lowercase), with `extension` for `epub`; the name is added to `taken`.
fn unique_name(stem: &str, extension: &str, taken: &mut HashSet<String>) -> String {
    let mut number = 1;
    loop {
        let name = match number {
            1 => format!("{stem}.{extension}"),
            n => format!("{stem} ({n}).{extension}"),
        };
        if taken.insert(name.to_lowercase()) {
            return name;
        }
        number += 1;
    }
}

/// A name in plain ASCII: accents taken off (`Café` is `Cafe`), typographic quotes and dashes
/// made plain, other characters dropped; "Article" when no letter or digit is left.
fn ascii_stem(name: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let plain: String = name
        .nfkd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' => '\'',
            '\u{2010}'..='\u{2015}' => '-',
            c if c.is_ascii() => c,
            _ => ' ',
        })
        .collect();
    if !plain.chars().any(|c| c.is_ascii_alphanumeric()) {
        return "Article".into();
    }
    readable_name(&plain)
}

/// The `Content-Disposition` of an attachment: the ASCII name as `filename`, then, when the
/// name is not ASCII, the UTF-8 name as `filename*` (RFC 2231), which mail programs that read
/// it prefer.
#[derive(Debug, Clone)]
struct AttachmentDisposition(HeaderValue);

impl AttachmentDisposition {
    fn new(name: &AttachmentName) -> Self {
        let raw = format!("attachment; filename=\"{}\"", name.name);
        let mut encoded = String::new();
        {
            let mut writer =
                EmailWriter::new(&mut encoded, "Content-Disposition: ".len(), 0, false);
            // Writing to a String cannot fail, and the names hold no quote or backslash
            // (`readable_name` takes them out).
            let _ = write!(writer, "attachment; filename=\"{}\"", name.ascii);
            if name.name != name.ascii {
                let _ = writer.write_char(';');
                let _ = rfc2231::encode("filename", &name.name, &mut writer);
            }
        }
        AttachmentDisposition(HeaderValue::dangerous_new_pre_encoded(
            Self::name(),
            raw,
            encoded,
        ))
    }
}

impl Header for AttachmentDisposition {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Disposition")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Err("an attachment's Content-Disposition is only written".into())
    }

    fn display(&self) -> HeaderValue {
        self.0.clone()
    }
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

/// A new `Message-ID` in the sender's domain: the time and a random part.
fn message_id(from: &Mailbox) -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_millis());
    let random: String = std::iter::repeat_with(fastrand::alphanumeric)
        .take(20)
        .collect();
    format!("<{millis}.{random}.cleancopy@{}>", from.email.domain())
}

/// Builds the message carrying `books` from `from` to every address of `to`.
pub fn build_message(from: &str, to: &[String], books: &[&Book]) -> Result<Message, DeliverError> {
    let sender = mailbox(from)?;
    let titles: Vec<String> = books.iter().map(|book| clean_line(&book.title)).collect();
    let subject = match titles.as_slice() {
        [one] => one.clone(),
        many => format!("{} documents: {}", many.len(), many.join("; ")),
    };
    let mut builder = Message::builder()
        .message_id(Some(message_id(&sender)))
        .date(SystemTime::now())
        .from(sender)
        .subject(subject);
    for address in to {
        builder = builder.to(mailbox(address)?);
    }
    let formats: Vec<BookFormat> = books.iter().map(|book| book.format).collect();
    let label = match formats.as_slice() {
        [first, rest @ ..] if rest.iter().all(|format| format == first) => {
            format!("{} ", first.label())
        }
        _ => String::new(),
    };
    let body = if books.len() == 1 {
        format!("Sent by cleancopy: one {label}book is attached.")
    } else {
        format!(
            "Sent by cleancopy: {} {label}books are attached.",
            books.len()
        )
    };
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(body));
    for (book, name) in books.iter().zip(attachment_names_as(&titles, &formats)) {
        let media_type =
            ContentType::parse(book.format.media_type()).map_err(|err| DeliverError::Message {
                message: err.to_string(),
            })?;
        parts = parts.singlepart(
            SinglePart::builder()
                .header(AttachmentDisposition::new(&name))
                .header(media_type)
                .body(book.bytes.clone()),
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
) -> Result<Vec<Prepared>, DeliverError> {
    check_addresses(from, to)?;
    let sizes: Vec<u64> = books.iter().map(|book| book.bytes.len() as u64).collect();
    let names: Vec<String> = books
        .iter()
        .map(|book| attachment_name_as(&book.title, book.format))
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
        messages.push(Prepared {
            message,
            books: group,
            titles,
        });
    }
    Ok(messages)
}

/// How every connection is secured and logged in: read once for a batch (the CA file, the
/// password).
struct Connector {
    tls: Option<Tls>,
    credentials: Option<Credentials>,
}

impl Connector {
    fn new(config: &SmtpConfig) -> Result<Self, DeliverError> {
        let tls = match config.tls {
            TlsMode::None => None,
            mode => {
                let mut parameters = TlsParameters::builder(config.host.clone());
                if let Some(path) = &config.ca_file {
                    let pem = std::fs::read(path).map_err(|err| DeliverError::CaFile {
                        path: path.clone(),
                        message: err.to_string(),
                    })?;
                    let certificate =
                        Certificate::from_pem(&pem).map_err(|err| DeliverError::CaFile {
                            path: path.clone(),
                            message: format!("not a PEM certificate file ({err})"),
                        })?;
                    parameters = parameters.add_root_certificate(certificate);
                }
                let parameters = parameters.build().map_err(|err| DeliverError::Smtp {
                    server: config.server(),
                    what: "not sent".into(),
                    cause: format!("cannot set up TLS: {err}"),
                })?;
                Some(match mode {
                    TlsMode::Tls => Tls::Wrapper(parameters),
                    _ => Tls::Required(parameters),
                })
            }
        };
        let credentials = match (&config.user, config.resolve_password()?) {
            (Some(user), Some(password)) => Some(Credentials::new(user.clone(), password)),
            _ => None,
        };
        Ok(Connector { tls, credentials })
    }

    /// Sends `message` over a new connection to the server, through a relay that keeps the
    /// deadlines; `what` names the message in errors.
    fn send(
        &self,
        config: &SmtpConfig,
        message: &Message,
        send_end: Instant,
        what: &str,
    ) -> Result<(), DeliverError> {
        let timeouts = config.timeouts;
        let deadlines = Deadlines {
            connect: timeouts.connect,
            reply: timeouts.reply,
            session_end: send_end,
        };
        let relay = Relay::open(&config.host, config.port, deadlines)
            .map_err(|err| relay_error(config, what, err))?;
        let address = relay.address();
        let mut builder = SmtpTransport::builder_dangerous(address.ip().to_string())
            .port(address.port())
            .timeout(Some(
                timeouts.reply.max(timeouts.connect) + CLIENT_TIMEOUT_MARGIN,
            ));
        if let Some(tls) = &self.tls {
            builder = builder.tls(tls.clone());
        }
        if let Some(credentials) = &self.credentials {
            builder = builder.credentials(credentials.clone());
        }
        let result = builder.build().send(message);
        let overdue = relay.finish();
        match (result, overdue) {
            (Ok(_), _) => Ok(()),
            (Err(_), Some(overdue)) => Err(timed_out(config, what, overdue)),
            (Err(err), None) => Err(smtp_error(config, what, &err)),
        }
    }
}

/// Sends `books` to every address of `to`, split over as many messages as the limits need,
/// calling `on_sent` as each message is accepted.
///
/// Every check (addresses, sizes, the CA file, the password) is made before connecting. The
/// messages go one after the other, each over its own connection, until one fails or the
/// batch's time (`send_timeout`) is up; the ones after it are not tried.
pub fn send_books(
    config: &SmtpConfig,
    to: &[String],
    books: &[Book],
    limits: &Limits,
    on_sent: &mut dyn FnMut(&Sent),
) -> Delivered {
    let send_end = Instant::now() + config.timeouts.send;
    let mut delivered = Delivered::default();
    let prepared = prepare_messages(&config.from, to, books, limits)
        .and_then(|messages| Ok((messages, Connector::new(config)?)));
    let (messages, connector) = match prepared {
        Ok(prepared) => prepared,
        Err(err) => {
            delivered.failure = Some(err);
            return delivered;
        }
    };
    let total = messages.len();
    for (index, prepared) in messages.into_iter().enumerate() {
        let what = if total > 1 {
            format!(
                "message {} of {total} not sent ({} sent before it)",
                index + 1,
                delivered.sent.len()
            )
        } else {
            "not sent".to_string()
        };
        let result = if Instant::now() >= send_end {
            Err(timed_out(config, &what, Overdue::Session))
        } else {
            connector.send(config, &prepared.message, send_end, &what)
        };
        if let Err(err) = result {
            delivered.failure = Some(err);
            break;
        }
        let sent = Sent {
            books: prepared.books,
            titles: prepared.titles,
            bytes: prepared.message.formatted().len(),
        };
        on_sent(&sent);
        delivered.sent.push(sent);
    }
    delivered
}

/// A duration in seconds, as settings give it ("30 s", "0.5 s").
fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

/// The error for a deadline that passed.
fn timed_out(config: &SmtpConfig, what: &str, overdue: Overdue) -> DeliverError {
    let Timeouts {
        connect,
        reply,
        send,
    } = config.timeouts;
    let (reply, connect, send) = (seconds(reply), seconds(connect), seconds(send));
    let cause = match overdue {
        Overdue::Connect => {
            format!("timed out connecting (no connection within {connect}, connect_timeout)")
        }
        Overdue::Greeting if config.port == 465 && config.tls != TlsMode::Tls => format!(
            "timed out: the server sent no greeting within {reply} (reply_timeout); port 465 \
             usually wants tls = \"tls\""
        ),
        Overdue::Greeting => {
            format!("timed out: the server sent no greeting within {reply} (reply_timeout)")
        }
        Overdue::Reply => {
            format!("timed out: the server did not answer within {reply} (reply_timeout)")
        }
        Overdue::Upload => {
            format!("timed out: the server took none of the message for {reply} (reply_timeout)")
        }
        Overdue::Session => {
            format!("timed out: sending took longer than the {send} send_timeout allows")
        }
    };
    DeliverError::Smtp {
        server: config.server(),
        what: what.into(),
        cause,
    }
}

/// The error for a connection the relay could not make.
fn relay_error(config: &SmtpConfig, what: &str, err: RelayError) -> DeliverError {
    let cause = match err {
        RelayError::Overdue(overdue) => return timed_out(config, what, overdue),
        RelayError::Connect(err) if err.kind() == std::io::ErrorKind::ConnectionRefused => {
            "cannot connect: the server refused the connection (is the port right?)".into()
        }
        RelayError::Connect(err) => format!("cannot connect: {err}"),
        RelayError::Lookup(err) => format!(
            "cannot connect: no server by the name {} ({err})",
            config.host
        ),
        RelayError::Local(err) => format!("cannot open a connection on this machine: {err}"),
    };
    DeliverError::Smtp {
        server: config.server(),
        what: what.into(),
        cause,
    }
}

/// An SMTP failure, named by server, with the likely cause in words.
fn smtp_error(
    config: &SmtpConfig,
    what: &str,
    err: &lettre::transport::smtp::Error,
) -> DeliverError {
    let code = err.status().map(|code| code.to_string());
    let detail = err.to_string().replace(['\n', '\r'], " ");
    let cause = if let Some(tls) = rustls_error(err) {
        tls_failure(config, tls)
    } else {
        match code.as_deref() {
            Some("535" | "534" | "530") if config.user.is_some() => format!(
                "login refused for {}: {detail}",
                config.user.as_deref().unwrap_or_default()
            ),
            Some("530") => format!("the server wants a login (set user): {detail}"),
            Some("552") => format!("the server refused the message as too large: {detail}"),
            Some(code) if code.starts_with('5') => format!("the server refused it: {detail}"),
            Some(_) => format!("the server refused it for now (try again later): {detail}"),
            None if err.is_tls() || detail.contains("STARTTLS") => format!(
                "TLS failed ({detail}); check tls = {}",
                match config.tls {
                    TlsMode::Tls => "tls, or starttls for port 587",
                    _ => "starttls, or tls for port 465",
                }
            ),
            None if waited_too_long(err) => format!(
                "timed out: the server did not answer within {} (reply_timeout)",
                seconds(config.timeouts.reply)
            ),
            None => format!("SMTP error: {detail}"),
        }
    };
    DeliverError::Smtp {
        server: config.server(),
        what: what.into(),
        cause,
    }
}

/// Whether an SMTP failure is the client's own socket timeout (which the relay's deadlines
/// normally come before).
fn waited_too_long(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(err);
    while let Some(error) = current {
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            );
        }
        current = error.source();
    }
    false
}

/// The TLS error behind an SMTP failure, if there is one.
fn rustls_error<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut current = Some(err);
    while let Some(error) = current {
        if let Some(tls) = error.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        let inner = error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .and_then(|inner| inner.downcast_ref::<rustls::Error>());
        if inner.is_some() {
            return inner;
        }
        current = error.source();
    }
    None
}

/// A TLS failure in words, with what to do about it.
fn tls_failure(config: &SmtpConfig, error: &rustls::Error) -> String {
    use rustls::{CertificateError, Error};
    let wrong_mode = match config.tls {
        TlsMode::Tls => {
            "the server does not speak TLS on this port (port 587 usually wants tls = \"starttls\")"
        }
        _ => "the server's TLS is broken after STARTTLS (port 465 wants tls = \"tls\")",
    };
    let certificate = match error {
        Error::InvalidCertificate(certificate) => certificate,
        Error::InvalidMessage(_) | Error::InappropriateMessage { .. } => {
            return format!("TLS failed: {wrong_mode}");
        }
        Error::AlertReceived(alert) => {
            return format!("TLS failed: the server ended the handshake ({alert:?})");
        }
        other => return format!("TLS failed: {other}"),
    };
    let why = match certificate {
        CertificateError::UnknownIssuer => "is not signed by an authority this computer trusts \
             (for a self-hosted server, give its CA certificate in ca_file)"
            .to_string(),
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            format!("is not made out to {}", config.host)
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            "has expired".to_string()
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            "is not valid yet (is this computer's clock right?)".to_string()
        }
        CertificateError::Revoked => "was revoked".to_string(),
        CertificateError::Other(other)
            if matches!(
                other.0.downcast_ref::<webpki::Error>(),
                Some(webpki::Error::CaUsedAsEndEntity)
            ) =>
        {
            "is a CA certificate, which cannot also be the server's own (as `openssl req -x509` \
             makes by default): make a CA, sign the server's certificate with it, and give the \
             CA in ca_file"
                .to_string()
        }
        other => format!("was refused ({other:?})"),
    };
    format!("TLS failed: the server's certificate {why}")
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
    fn attachment_names_are_unique_within_a_message() {
        let names: Vec<String> = attachment_names(&["Same title", "Same title", "same TITLE"])
            .into_iter()
            .map(|name| name.name)
            .collect();
        assert_eq!(
            names,
            [
                "Same title.epub",
                "Same title (2).epub",
                "same TITLE (3).epub"
            ]
        );
    }

    #[test]
    fn attachment_names_lose_the_characters_that_disguise_them() {
        // U+202E shows what follows right to left: "Invoice \u{202E}exe.txt.epub" would
        // display as "Invoice bupe.txt.exe".
        let names = attachment_names(&["Invoice \u{202E}exe.txt", "a\u{1}b\u{7f}c"]);
        assert_eq!(names[0].name, "Invoice exe.txt.epub");
        assert_eq!(names[1].name, "a b c.epub");
    }

    #[test]
    fn non_ascii_names_have_a_plain_ascii_twin() {
        let names = attachment_names(&[
            "Café “Ünïcode” — 2024",
            "Привет, мир",
            "Cafe 'Unicode' - 2024",
        ]);
        assert_eq!(names[0].name, "Café “Ünïcode” — 2024.epub");
        // The third title's plain name is its own; the first one's twin gives way to it.
        assert_eq!(names[2].ascii, "Cafe 'Unicode' - 2024.epub");
        assert_eq!(names[0].ascii, "Cafe 'Unicode' - 2024 (2).epub");
        assert_eq!(names[1].ascii, "Article.epub");
        assert!(names.iter().all(|name| name.ascii.is_ascii()));
    }

    #[test]
    fn the_disposition_carries_the_plain_name_then_the_utf8_one() {
        let name = &attachment_names(&["Café"])[0];
        let header = AttachmentDisposition::new(name).display();
        let text = format!("{header:?}");
        assert!(
            text.contains("attachment; filename=\\\"Cafe.epub\\\";"),
            "{text}"
        );
        assert!(text.contains("filename*0*=utf-8''Caf%C3%A9.epub"), "{text}");
    }

    #[test]
    fn message_has_an_id_a_date_and_a_clean_subject() {
        let book = Book {
            title: "Tides\u{1} and \u{202E}clocks\u{7f}".into(),
            bytes: b"PK".to_vec(),
            format: BookFormat::Epub,
        };
        let message =
            build_message("me@example.org", &["me_kindle@kindle.com".into()], &[&book]).unwrap();
        let text = String::from_utf8_lossy(&message.formatted()).to_string();
        assert!(text.contains("Subject: Tides and clocks\r\n"), "{text}");
        let id = text
            .lines()
            .find_map(|line| line.strip_prefix("Message-ID: "))
            .expect("a Message-ID");
        assert!(id.starts_with('<') && id.ends_with("@example.org>"), "{id}");
        assert!(text.contains("\r\nDate: "), "{text}");
        let other = build_message("me@example.org", &["k@kindle.com".into()], &[&book]).unwrap();
        assert!(!String::from_utf8_lossy(&other.formatted()).contains(id));
    }

    #[test]
    fn certificate_failures_are_told_in_words() {
        use rustls::{CertificateError, OtherError};
        let config = SmtpConfig::from_sources(None, &|name: &str| match name {
            "CLEANCOPY_SMTP_HOST" => Some("mail.example.org".into()),
            "CLEANCOPY_SMTP_FROM" => Some("me@example.org".into()),
            _ => None,
        })
        .unwrap();
        let ca_as_server = rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(
            std::sync::Arc::new(webpki::Error::CaUsedAsEndEntity),
        )));
        let words = tls_failure(&config, &ca_as_server);
        assert!(words.contains("is a CA certificate"), "{words}");
        assert!(!words.contains("OtherError"), "{words}");
        let unknown = rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer);
        assert!(tls_failure(&config, &unknown).contains("ca_file"));
        let name = rustls::Error::InvalidCertificate(CertificateError::NotValidForName);
        assert!(tls_failure(&config, &name).contains("not made out to mail.example.org"));
    }

    #[test]
    fn message_has_title_subject_and_epub_attachment() {
        let book = Book {
            title: "The Tide Clock".into(),
            bytes: b"PK\x03\x04 not really".to_vec(),
            format: BookFormat::Epub,
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
            bytes: vec![1],
            format: BookFormat::Epub,
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
