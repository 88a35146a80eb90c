//! Getting an article's bytes and turning them into text: files, standard input, web addresses,
//! saved pages (Markdown, MHTML archives), feeds, and the charset and format detection that
//! follows.
//!
//! Everything here is about *reading*; deciding what in the text is the article is the job of
//! [`crate::normalize`]. Network access goes through the [`Fetcher`] trait ([`HttpFetcher`] in
//! the program), and [`resolve_resource`] is the one place that decides whether a page may make
//! cleancopy load a resource (an image) and from where. An input's page, the redirects to it and
//! its pictures share one time [`Budget`] (`--timeout`): every fetch of the input is given its
//! [`Deadline`].

mod budget;
mod cache;
mod charset;
mod cookies;
mod detect;
#[cfg(feature = "feeds")]
pub mod feed;
pub mod fetch;
mod file;
mod list;
mod markdown;
pub mod media_type;
pub mod mhtml;
pub mod policy;
pub mod public;
mod stdin;

use std::path::{Path, PathBuf};

pub use budget::{Budget, Deadline};
pub use charset::{decode, decode_declared};
pub use detect::{detect_format, Format, InputFormat};
pub use fetch::{FetchOptions, HttpFetcher};
pub use list::{parse_input_list, read_input_list, read_input_list_lines, Listed};
pub use media_type::sniff_image_type;
pub use policy::{load_resource, resolve_resource, Origin, Refusal, ResourceLocation};

use detect::Kind;

/// A body fetched from the network (or read from disk for a local resource).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// Where the bytes came from: for HTTP, the final address after redirects.
    pub url: String,
    /// The `Content-Type` without parameters, lowercase, when the server sent one.
    pub media_type: Option<String>,
    /// The `Content-Type`'s charset, when given.
    pub charset: Option<String>,
    /// The body, decompressed.
    pub bytes: Vec<u8>,
}

impl Fetched {
    /// The image type of the body: from its bytes when they are a known image format (image
    /// addresses often have no extension, and servers mislabel), else the server's
    /// `image/…` type.
    pub fn image_type(&self) -> Option<&str> {
        media_type::sniff_image_type(&self.bytes).or_else(|| {
            self.media_type
                .as_deref()
                .filter(|media_type| media_type.starts_with("image/"))
        })
    }
}

/// Gets the body at a web address. Implementations must refuse anything but `http` and
/// `https`, and must be usable from several threads at once.
pub trait Fetcher: Send + Sync {
    /// Fetches `url`, sending `referer` (the page an image belongs to) when given, within the
    /// fetcher's own time limit.
    fn fetch(&self, url: &str, referer: Option<&str>) -> Result<Fetched, SourceError>;

    /// Fetches `url` like [`Fetcher::fetch`], done by `deadline` (the one of the input it
    /// belongs to) or failing with [`SourceError::Timeout`] naming `url`. The default refuses
    /// once the deadline has passed and otherwise calls [`Fetcher::fetch`]: enough for a
    /// fetcher that does not wait on a network.
    fn fetch_before(
        &self,
        url: &str,
        referer: Option<&str>,
        deadline: &Deadline,
    ) -> Result<Fetched, SourceError> {
        if deadline.is_past() {
            return Err(deadline.timed_out(url));
        }
        self.fetch(url, referer)
    }
}

/// Where an article comes from, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A saved page or text file.
    File(PathBuf),
    /// A web address (`http://` or `https://`).
    Url(String),
}

impl Input {
    /// Interprets a command-line argument: `-` is standard input, `http://` and `https://`
    /// addresses are URLs, a `file://` address is the file it names, anything else a path.
    pub fn from_arg(arg: &str) -> Self {
        let lower = arg.to_ascii_lowercase();
        if arg == "-" {
            Input::Stdin
        } else if lower.starts_with("http://") || lower.starts_with("https://") {
            Input::Url(arg.to_string())
        } else if let Some(path) = file_url_path(arg) {
            Input::File(path)
        } else {
            Input::File(PathBuf::from(arg))
        }
    }

    /// How the input is named in messages.
    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(path) => path.display().to_string(),
            Input::Url(url) => url.clone(),
        }
    }
}

/// The local path of a `file://` address typed by the user, if `arg` is one.
fn file_url_path(arg: &str) -> Option<PathBuf> {
    if !arg.to_ascii_lowercase().starts_with("file://") {
        return None;
    }
    url::Url::parse(arg).ok()?.to_file_path().ok()
}

/// Limits on what a source may deliver.
#[derive(Debug, Clone, Copy)]
pub struct SourceLimits {
    /// The largest input accepted, in bytes: files, standard input and every HTTP body.
    pub max_bytes: u64,
}

impl Default for SourceLimits {
    fn default() -> Self {
        SourceLimits {
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

/// An input read and decoded, ready for a normalizer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// How the input is named in messages.
    pub name: String,
    /// The decoded text.
    pub text: String,
    /// Whether the text is an HTML page or a plain-text scrape.
    pub format: Format,
    /// The page's own address when known (used to resolve relative links). For a URL input,
    /// the final address after redirects.
    pub url: Option<String>,
}

/// An input read and decoded, with where it came from (which decides what resources it may
/// make cleancopy load; see [`resolve_resource`]).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The decoded text.
    pub source: SourceText,
    /// A local file or a remote page.
    pub origin: Origin,
}

/// Why an input could not be read. Each message names the input and the cause on one line.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The path does not exist.
    #[error("{input}: no such file")]
    NotFound {
        /// The input, as named in messages.
        input: String,
    },
    /// The path is a directory.
    #[error("{input}: is a directory, not an article file")]
    IsDirectory {
        /// The input, as named in messages.
        input: String,
    },
    /// The operating system refused the read.
    #[error("{input}: cannot read: {source}")]
    Unreadable {
        /// The input, as named in messages.
        input: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The input holds no text at all.
    #[error("{input}: the input is empty")]
    Empty {
        /// The input, as named in messages.
        input: String,
    },
    /// The input is larger than the configured limit.
    #[error("{input}: larger than the {limit}-byte input limit")]
    TooLarge {
        /// The input, as named in messages.
        input: String,
        /// The limit that was passed.
        limit: u64,
    },
    /// The bytes are not text (an image, an archive, …).
    #[error("{input}: not a text or HTML file ({what})")]
    Binary {
        /// The input, as named in messages.
        input: String,
        /// What the bytes or the file were found to be.
        what: String,
    },
    /// The file's kind is known, and it is not one cleancopy reads.
    #[error("{input}: unsupported format '{what}' (cleancopy reads HTML pages and plain text)")]
    UnknownFormat {
        /// The input, as named in messages.
        input: String,
        /// What the bytes or the file were found to be.
        what: String,
    },
    /// The server sent something that is not a page (an image, a PDF, …).
    #[error(
        "{input}: unsupported content type '{content_type}' (cleancopy reads HTML pages and plain text)"
    )]
    ContentType {
        /// The input, as named in messages.
        input: String,
        /// The `Content-Type` the server sent.
        content_type: String,
    },
    /// The input is an RSS or Atom feed given as an article.
    #[error(
        "{input}: this is an RSS or Atom feed, not an article; read its articles with --feed {}",
        feed_argument(input)
    )]
    IsFeed {
        /// The input, as named in messages.
        input: String,
    },
    /// The address is not an `http://` or `https://` URL cleancopy can fetch.
    #[error("{input}: not a web address cleancopy can fetch ({cause})")]
    BadUrl {
        /// The input, as named in messages.
        input: String,
        /// Why, in a few words.
        cause: String,
    },
    /// The server answered with an error status.
    #[error("{input}: HTTP {status} {reason}{}", redirected_to(at.as_deref()))]
    Http {
        /// The input, as named in messages.
        input: String,
        /// The HTTP status code.
        status: u16,
        /// The status's reason phrase.
        reason: String,
        /// Where redirects from the input led, when they did: the address that answered.
        at: Option<String>,
    },
    /// The input (its page, the redirects to it, or one of its pictures) was not fetched within
    /// its time (`--timeout`).
    #[error("{input}: timed out after {seconds} s")]
    Timeout {
        /// The input, as named in messages.
        input: String,
        /// The input's whole time, in seconds.
        seconds: f64,
    },
    /// The address leads to a host that is not public, and the fetcher fetches only from
    /// public addresses ([`FetchOptions::public_only`]).
    #[error("{input}: refused: {refused}")]
    NotPublic {
        /// The input, as named in messages.
        input: String,
        /// The host and the address it resolved to.
        refused: public::NotPublic,
    },
    /// The connection failed (no such host, refused, TLS, a broken transfer, …).
    #[error("{input}: cannot fetch: {cause}")]
    Network {
        /// The input, as named in messages.
        input: String,
        /// Why, in a few words.
        cause: String,
    },
    /// Redirects lead back to an address already visited.
    #[error("{input}: redirect loop at {at}")]
    RedirectLoop {
        /// The input, as named in messages.
        input: String,
        /// The address visited twice.
        at: String,
    },
    /// More redirects than allowed.
    #[error("{input}: more than {limit} redirects")]
    TooManyRedirects {
        /// The input, as named in messages.
        input: String,
        /// The limit that was passed.
        limit: u32,
    },
    /// A redirect to an address that is not a web address.
    #[error("{input}: refused redirect to '{location}' (only http and https are followed)")]
    BadRedirect {
        /// The input, as named in messages.
        input: String,
        /// Where the redirect pointed.
        location: String,
    },
    /// Network access was switched off.
    #[error("{input}: network access is off (--offline)")]
    Offline {
        /// The input, as named in messages.
        input: String,
    },
    /// A `--header` value is not `Name: value`.
    #[error("--header '{header}': {cause}")]
    InvalidHeader {
        /// The header as given.
        header: String,
        /// Why, in a few words.
        cause: String,
    },
    /// A line of a Netscape cookies.txt file cannot be read.
    #[error("{input}:{line}: not a cookies.txt line ({cause})")]
    CookieFile {
        /// The input, as named in messages.
        input: String,
        /// The line number, from 1.
        line: usize,
        /// Why, in a few words.
        cause: String,
    },
    /// An MHTML archive has no readable HTML page.
    #[error("{input}: not a readable MHTML archive ({cause})")]
    Mhtml {
        /// The input, as named in messages.
        input: String,
        /// Why, in a few words.
        cause: String,
    },
    /// A web page given as a feed names none.
    #[error(
        "{input}: a web page that names no feed (no <link rel=\"alternate\"> of an RSS, Atom \
         or JSON Feed type); give the feed's own address"
    )]
    NoFeedNamed {
        /// The input, as named in messages.
        input: String,
    },
    /// An RSS or Atom feed cannot be parsed.
    #[error("{input}: not a readable RSS or Atom feed ({cause})")]
    Feed {
        /// The input, as named in messages.
        input: String,
        /// Why, in a few words.
        cause: String,
    },
    /// The cache folder cannot be created or used.
    #[error("{input}: cannot use as a cache folder: {source}")]
    Cache {
        /// The input, as named in messages.
        input: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A page asked for a resource it may not load (see [`resolve_resource`]).
    #[error("{input}: refused to load '{src}': {refusal}")]
    Refused {
        /// The input, as named in messages.
        input: String,
        /// The resource address as the page gives it.
        src: String,
        /// Why it was refused.
        refusal: Refusal,
    },
}

/// How an input is given to `--feed`: as named, standard input as `-`.
fn feed_argument(input: &str) -> &str {
    if input == "<stdin>" {
        "-"
    } else {
        input
    }
}

/// " (redirected to ADDRESS)" after an HTTP error, when redirects led there.
fn redirected_to(at: Option<&str>) -> String {
    at.map(|at| format!(" (redirected to {at})"))
        .unwrap_or_default()
}

/// Bytes as read, before decoding, with what the transport said about them.
#[derive(Debug)]
struct RawInput {
    name: String,
    bytes: Vec<u8>,
    /// The file's extension, lowercase (or the last path segment's, for a URL).
    extension: Option<String>,
    /// The HTTP `Content-Type` without parameters, lowercase.
    media_type: Option<String>,
    /// The charset the transport declared (HTTP header, MIME part).
    charset: Option<String>,
    /// The page's address, for URL inputs the final one.
    url: Option<String>,
    origin: Origin,
}

/// Reads `input` whole (within `limits`), decodes it and decides its format, fetching URLs
/// with a default [`HttpFetcher`].
///
/// `forced` overrides format detection (`--from html|text|markdown`).
pub fn load(
    input: &Input,
    forced: Option<InputFormat>,
    limits: SourceLimits,
) -> Result<SourceText, SourceError> {
    let fetcher = HttpFetcher::new(&FetchOptions::default(), limits)?;
    Ok(load_with(input, forced, limits, &fetcher)?.source)
}

/// Reads `input` whole (within `limits`), fetching URLs with `fetcher` (within its own time
/// limit), then decodes it and decides its format. Markdown is rendered to HTML and an MHTML
/// archive gives its HTML page.
pub fn load_with(
    input: &Input,
    forced: Option<InputFormat>,
    limits: SourceLimits,
    fetcher: &dyn Fetcher,
) -> Result<Loaded, SourceError> {
    load_raw(read_raw(input, limits, fetcher, None)?, forced)
}

/// [`load_with`], a URL fetched before `deadline` (the input's: see [`Budget`]).
pub fn load_before(
    input: &Input,
    forced: Option<InputFormat>,
    limits: SourceLimits,
    fetcher: &dyn Fetcher,
    deadline: &Deadline,
) -> Result<Loaded, SourceError> {
    load_raw(read_raw(input, limits, fetcher, Some(deadline))?, forced)
}

/// A page held in memory (one a browser sent, an uploaded file) named `name`, decoded and its
/// format decided like a file's (`name`'s extension counts). It is of web provenance: its
/// pictures may be loaded from the web only, relative addresses resolving against `url`, the
/// address it was read at, which also becomes the article's source.
pub fn load_bytes(
    name: &str,
    bytes: Vec<u8>,
    url: Option<&str>,
    forced: Option<InputFormat>,
) -> Result<Loaded, SourceError> {
    let page = url.and_then(|url| url::Url::parse(url).ok());
    let raw = RawInput {
        name: name.to_string(),
        bytes,
        extension: extension_of(Path::new(name)),
        media_type: None,
        charset: None,
        url: page.as_ref().map(ToString::to_string),
        origin: Origin::Remote { page },
    };
    load_raw(raw, forced)
}

/// Decodes `raw` and decides its format (`forced`, else detected).
fn load_raw(raw: RawInput, forced: Option<InputFormat>) -> Result<Loaded, SourceError> {
    if raw.bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SourceError::Empty { input: raw.name });
    }
    let kind = match forced {
        Some(InputFormat::Html) => Kind::Html,
        Some(InputFormat::Text) => Kind::Text,
        Some(InputFormat::Markdown) => Kind::Markdown,
        None => detect::detect_kind(
            &raw.name,
            raw.extension.as_deref(),
            raw.media_type.as_deref(),
            &raw.bytes,
        )?,
    };
    let loaded = match kind {
        Kind::Mhtml => decode_mhtml(raw)?,
        _ => decode_raw(raw, kind),
    };
    if loaded.source.text.trim().is_empty() {
        return Err(SourceError::Empty {
            input: loaded.source.name,
        });
    }
    Ok(loaded)
}

/// Gets the bytes of `input`: a file, standard input, or an HTTP body (fetched before
/// `deadline` when there is one).
fn read_raw(
    input: &Input,
    limits: SourceLimits,
    fetcher: &dyn Fetcher,
    deadline: Option<&Deadline>,
) -> Result<RawInput, SourceError> {
    let name = input.display_name();
    let raw = match input {
        Input::Stdin => RawInput {
            bytes: stdin::read_stdin(&name, limits)?,
            extension: None,
            media_type: None,
            charset: None,
            url: None,
            origin: Origin::Remote { page: None },
            name,
        },
        Input::File(path) => RawInput {
            bytes: file::read_file(path, &name, limits)?,
            extension: extension_of(path),
            media_type: None,
            charset: None,
            url: None,
            origin: Origin::Local {
                folder: folder_of(path),
            },
            name,
        },
        Input::Url(url) => {
            let fetched = match deadline {
                Some(deadline) => fetcher.fetch_before(url, None, deadline)?,
                None => fetcher.fetch(url, None)?,
            };
            let final_url = url::Url::parse(&fetched.url).ok();
            RawInput {
                extension: final_url.as_ref().and_then(url_extension),
                media_type: fetched.media_type,
                charset: fetched.charset,
                origin: Origin::Remote { page: final_url },
                url: Some(fetched.url),
                bytes: fetched.bytes,
                name,
            }
        }
    };
    Ok(raw)
}

/// A path's extension, lowercase.
fn extension_of(path: &Path) -> Option<String> {
    path.extension()
        .map(|ext| ext.to_string_lossy().to_ascii_lowercase())
}

/// The folder a file's relative resources resolve against.
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The extension of a URL's last path segment, lowercase (`/a/story.md` → `md`).
fn url_extension(url: &url::Url) -> Option<String> {
    let segment = url.path_segments()?.next_back()?;
    let (_, ext) = segment.rsplit_once('.')?;
    (!ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// Decodes an HTML, text or Markdown input.
fn decode_raw(raw: RawInput, kind: Kind) -> Loaded {
    let (text, format) = match kind {
        Kind::Markdown => {
            let markdown = decode_declared(&raw.bytes, Format::Text, raw.charset.as_deref());
            (markdown::to_html(&markdown), Format::Html)
        }
        Kind::Text => (
            decode_declared(&raw.bytes, Format::Text, raw.charset.as_deref()),
            Format::Text,
        ),
        Kind::Html | Kind::Mhtml => (
            decode_declared(&raw.bytes, Format::Html, raw.charset.as_deref()),
            Format::Html,
        ),
    };
    Loaded {
        source: SourceText {
            name: raw.name,
            text,
            format,
            url: raw.url,
        },
        origin: raw.origin,
    }
}

/// Takes the HTML page out of an MHTML archive. The archive's content came from the web, so
/// its page may load web resources only, whatever folder the archive sits in; those saved in
/// the archive are taken from it.
fn decode_mhtml(raw: RawInput) -> Result<Loaded, SourceError> {
    let archive = mhtml::parse(&raw.bytes, &raw.name)?;
    let page = archive.page().ok_or_else(|| SourceError::Mhtml {
        input: raw.name.clone(),
        cause: "no text/html part".to_string(),
    })?;
    let page_url = archive
        .page_url()
        .or_else(|| raw.url.as_deref().and_then(|u| url::Url::parse(u).ok()));
    let inner = RawInput {
        name: raw.name,
        bytes: page.body.clone(),
        extension: None,
        media_type: Some(page.media_type.clone()),
        charset: page.charset.clone(),
        url: page_url.as_ref().map(url::Url::to_string),
        origin: Origin::Archive {
            page: page_url,
            archive: std::sync::Arc::new(archive),
        },
    };
    Ok(decode_raw(inner, Kind::Html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_means_stdin_and_http_means_url() {
        assert_eq!(Input::from_arg("-"), Input::Stdin);
        assert_eq!(
            Input::from_arg("HTTPS://example.org/a"),
            Input::Url("HTTPS://example.org/a".into())
        );
        assert_eq!(
            Input::from_arg("page.html"),
            Input::File(PathBuf::from("page.html"))
        );
    }

    #[test]
    fn file_url_argument_is_the_file() {
        assert_eq!(
            Input::from_arg("file:///tmp/page.html"),
            Input::File(PathBuf::from("/tmp/page.html"))
        );
    }

    #[test]
    fn url_extension_reads_the_last_segment() {
        let url = url::Url::parse("https://example.org/notes/story.MD?x=1").unwrap();
        assert_eq!(url_extension(&url).as_deref(), Some("md"));
        let url = url::Url::parse("https://example.org/notes/").unwrap();
        assert_eq!(url_extension(&url), None);
    }

    #[test]
    fn folder_of_a_bare_file_name_is_here() {
        assert_eq!(folder_of(Path::new("page.html")), PathBuf::from("."));
        assert_eq!(folder_of(Path::new("a/page.html")), PathBuf::from("a"));
    }
}
