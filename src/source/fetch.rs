//! Fetching pages and resources over HTTP(S), safely.
//!
//! [`Fetcher`] is the interface every stage uses (pages, feeds, pictures); [`HttpFetcher`] is
//! the real one, built on `ureq` with rustls. It follows at most
//! [`FetchOptions::max_redirects`] redirects itself, so that it can refuse loops and non-web
//! schemes and keep cookies and credentials to the hosts they belong to; bounds a fetch in time
//! as a whole, redirects included (a [`Deadline`]: [`FetchOptions::timeout`] from the start, or
//! the one of the input the fetch belongs to), each request's own timeout being the time left;
//! caps every body at [`SourceLimits::max_bytes`] after decompression (gzip and brotli are
//! accepted); and sends a clear `User-Agent`. Errors name the address the fetch was asked for
//! (where a redirect led, too) and say what went wrong in plain words. With
//! [`FetchOptions::cache_dir`] it keeps what it fetched on disk and revalidates it
//! (`ETag`, `Last-Modified`) instead of downloading it again. With [`FetchOptions::offline`]
//! it refuses all network access (answering from the cache when it can).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rustls::Error as Rustls;
use ureq::http::{header, HeaderMap, HeaderName, HeaderValue, Response, StatusCode};
use ureq::unversioned::transport::DefaultConnector;
use ureq::Body;
use url::Url;

use super::budget::Deadline;
use super::cache::{Cache, Entry};
use super::cookies::CookieJar;
use super::media_type::parse_content_type;
use super::public::{NotPublic, PublicOnly};
use super::{Fetched, Fetcher, SourceError, SourceLimits};

/// What `Accept` says for pages when the user set no `Accept` header.
const ACCEPT: &str = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.8";
/// Headers that carry credentials: never sent to a host other than the one first asked.
const CREDENTIAL_HEADERS: &[&str] = &["authorization", "cookie", "proxy-authorization"];
/// The most a request's head (request line and headers) may take, in bytes: the size of
/// ureq's output buffer.
const REQUEST_HEAD_LIMIT: usize = 128 * 1024;
/// What a request's head holds besides the headers set here (the request line's method and
/// version, `Host`, `Accept-Encoding`), generously.
const REQUEST_HEAD_EXTRA: usize = 1024;

/// How HTTP requests are made.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The `User-Agent`; [`default_user_agent`] when `None`.
    pub user_agent: Option<String>,
    /// Extra request headers (`--header`). `Authorization` and `Cookie` go only to the origin
    /// (scheme, host and port) first asked, not to others a redirect leads to.
    pub headers: Vec<(String, String)>,
    /// A Netscape `cookies.txt` file whose matching cookies are sent.
    pub cookie_file: Option<PathBuf>,
    /// The most time one fetch (connecting, waiting, downloading, redirects included) may
    /// take; the images stage gives one input's pictures what its page left of it.
    pub timeout: Duration,
    /// The most time connecting may take (never more than `timeout`).
    pub connect_timeout: Duration,
    /// The most redirects followed for one request.
    pub max_redirects: u32,
    /// Refuse every network access (a cached copy is still used).
    pub offline: bool,
    /// Keep fetched bodies in this folder and reuse them (see the module documentation).
    pub cache_dir: Option<PathBuf>,
    /// The least time between the starts of two page requests to the same host (`--delay`):
    /// pages, feeds and the redirects to them wait their turn (which counts in their
    /// `timeout`); a page's pictures do not.
    pub delay: Duration,
    /// Connect only to public addresses: a host that resolves to this machine or a private
    /// network is refused ([`super::public`]), on every redirect and for every picture, and
    /// no proxy from the environment is used. For a server fetching addresses others give it.
    pub public_only: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            user_agent: None,
            headers: Vec::new(),
            cookie_file: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_redirects: 10,
            offline: false,
            cache_dir: None,
            delay: Duration::ZERO,
            public_only: false,
        }
    }
}

/// `cleancopy/VERSION`, followed by `(+ADDRESS)` when the package names a repository or home
/// page.
pub fn default_user_agent() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let home = [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
        .into_iter()
        .find(|address| !address.is_empty());
    match home {
        Some(home) => format!("cleancopy/{version} (+{home})"),
        None => format!("cleancopy/{version}"),
    }
}

/// Parses a `--header` argument, `Name: value`.
pub fn parse_header(header: &str) -> Result<(String, String), SourceError> {
    let invalid = |cause: &str| SourceError::InvalidHeader {
        header: header.to_string(),
        cause: cause.to_string(),
    };
    let (name, value) = header
        .split_once(':')
        .ok_or_else(|| invalid("expected 'Name: value'"))?;
    let (name, value) = (name.trim(), value.trim());
    HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid("not a valid header name"))?;
    HeaderValue::from_str(value).map_err(|_| invalid("not a valid header value"))?;
    Ok((name.to_string(), value.to_string()))
}

/// The real fetcher: HTTP(S) with rustls.
pub struct HttpFetcher {
    agent: ureq::Agent,
    options: FetchOptions,
    limits: SourceLimits,
    cookies: CookieJar,
    cache: Option<Cache>,
    /// When each host may next be sent a page request ([`FetchOptions::delay`]).
    turns: Mutex<HashMap<String, Instant>>,
}

impl std::fmt::Debug for HttpFetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpFetcher")
            .field("options", &self.options)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl HttpFetcher {
    /// A fetcher with `options` whose bodies are capped by `limits`. Reads the cookie file and
    /// checks the extra headers now, so that a mistake there is reported before any request.
    pub fn new(options: &FetchOptions, limits: SourceLimits) -> Result<Self, SourceError> {
        for (name, value) in &options.headers {
            parse_header(&format!("{name}: {value}"))?;
        }
        let cookies = match &options.cookie_file {
            Some(path) => CookieJar::load(path, limits)?,
            None => CookieJar::default(),
        };
        let cache = match &options.cache_dir {
            Some(folder) => Some(Cache::open(folder).map_err(|source| SourceError::Cache {
                input: folder.display().to_string(),
                source,
            })?),
            None => None,
        };
        let user_agent = options
            .user_agent
            .clone()
            .unwrap_or_else(default_user_agent);
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .output_buffer_size(REQUEST_HEAD_LIMIT)
            .timeout_global(Some(options.timeout))
            .timeout_connect(Some(options.connect_timeout.min(options.timeout)))
            .user_agent(user_agent.as_str());
        if options.public_only {
            // A proxy would resolve the names itself, past the check.
            config = config.proxy(None);
        }
        let config = config.build();
        let agent = if options.public_only {
            ureq::Agent::with_parts(config, DefaultConnector::new(), PublicOnly::default())
        } else {
            config.new_agent()
        };
        Ok(HttpFetcher {
            agent,
            options: options.clone(),
            limits,
            cookies,
            cache,
            turns: Mutex::new(HashMap::new()),
        })
    }

    /// Waits until `url`'s host may be sent a page request ([`FetchOptions::delay`] after the
    /// last one began), or until `deadline`, whichever comes first; takes the turn.
    fn wait_for_turn(&self, url: &Url, deadline: &Deadline) {
        if self.options.delay.is_zero() {
            return;
        }
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let wait = {
            let mut turns = self.turns.lock().unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            let turn = turns
                .get(&host)
                .copied()
                .filter(|turn| *turn > now)
                .unwrap_or(now);
            turns.insert(host, turn + self.options.delay);
            turn - now
        };
        std::thread::sleep(wait.min(deadline.remaining()));
    }

    /// Sends one GET for `url` before `deadline`; `first` is the address asked for (named
    /// `input` in errors). With `cached`, the request is conditional on the cached copy having
    /// changed.
    fn send(
        &self,
        url: &Url,
        (first, input): (&Url, &str),
        referer: Option<&str>,
        cached: Option<&Entry>,
        deadline: &Deadline,
    ) -> Result<Response<Body>, SourceError> {
        let same_origin = url.origin() == first.origin();
        let user_sets = |name: &str| {
            self.options
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
        };
        let mut request = self.agent.get(url.as_str());
        if !user_sets("accept") {
            request = request.header(header::ACCEPT, ACCEPT);
        }
        // As browsers do, an https page is not named to a plain-http server.
        let downgrade = |page: &&str| page.starts_with("https:") && url.scheme() == "http";
        if let Some(referer) = referer.filter(|page| !downgrade(page)) {
            request = request.header(header::REFERER, referer);
        }
        if !user_sets("cookie") {
            if let Some(cookies) = self.cookies.header_for(url, unix_now()) {
                request = request.header(header::COOKIE, cookies);
            }
        }
        if let Some(etag) = cached.and_then(|e| e.etag.as_deref()) {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = cached.and_then(|e| e.last_modified.as_deref()) {
            request = request.header(header::IF_MODIFIED_SINCE, date);
        }
        for (name, value) in &self.options.headers {
            let credential = CREDENTIAL_HEADERS.contains(&name.to_ascii_lowercase().as_str());
            if same_origin || !credential {
                request = request.header(name.as_str(), value.as_str());
            }
        }
        let head = request_head_size(url, request.headers_ref());
        if head > REQUEST_HEAD_LIMIT {
            return Err(SourceError::Network {
                input: input.to_string(),
                cause: format!(
                    "the request headers are too large ({} KB, more than the {} KB a request may \
                     carry; see --cookie-file and --header)",
                    head.div_ceil(1024),
                    REQUEST_HEAD_LIMIT / 1024
                ),
            });
        }
        if referer.is_none() {
            self.wait_for_turn(url, deadline);
        }
        let limits = self.request_limits(deadline);
        let request = request
            .config()
            .timeout_global(Some(limits.whole))
            .timeout_connect(Some(limits.connect))
            .build();
        let response = request.call();
        response.map_err(|err| self.network_error(input, url, first, err, &limits))
    }

    /// The timeouts of a request sent now, within `deadline`.
    fn request_limits(&self, deadline: &Deadline) -> RequestLimits {
        let left = deadline.remaining();
        // The input's time, unless the fetcher's own timeout is shorter.
        let (whole, seconds) = if left < self.options.timeout {
            (left, deadline.total())
        } else {
            (self.options.timeout, self.options.timeout)
        };
        let whole = whole.max(Duration::from_millis(1));
        RequestLimits {
            whole,
            seconds,
            connect: self.options.connect_timeout.min(whole),
        }
    }

    /// Refuses a redirect to `next` that closes a loop or goes past the redirect limit.
    fn check_redirect(&self, visited: &[Url], next: &Url, input: &str) -> Result<(), SourceError> {
        if visited.contains(next) {
            return Err(SourceError::RedirectLoop {
                input: input.to_string(),
                at: next.to_string(),
            });
        }
        if visited.len() > self.options.max_redirects as usize {
            return Err(SourceError::TooManyRedirects {
                input: input.to_string(),
                limit: self.options.max_redirects,
            });
        }
        Ok(())
    }

    /// Where a redirect response leads, or `None` when `response` is not a redirect.
    fn redirect_target(
        &self,
        response: &Response<Body>,
        current: &Url,
        input: &str,
    ) -> Result<Option<Url>, SourceError> {
        let status = response.status();
        if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
            return Ok(None);
        }
        let Some(location) = response.headers().get(header::LOCATION) else {
            return Ok(None);
        };
        let location = String::from_utf8_lossy(location.as_bytes()).into_owned();
        let bad = || SourceError::BadRedirect {
            input: input.to_string(),
            location: location.clone(),
        };
        let next = current.join(location.trim()).map_err(|_| bad())?;
        if !matches!(next.scheme(), "http" | "https") {
            return Err(bad());
        }
        Ok(Some(next))
    }

    /// Reads the body of a final (non-redirect) response to `url`, the end of a fetch of
    /// `first` (named `input` in errors) begun within `deadline`.
    fn finish(
        &self,
        response: Response<Body>,
        url: Url,
        (first, input): (&Url, &str),
        deadline: &Deadline,
    ) -> Result<Fetched, SourceError> {
        let status = response.status();
        if !status.is_success() {
            return Err(SourceError::Http {
                input: input.to_string(),
                status: status.as_u16(),
                reason: status.canonical_reason().unwrap_or("").to_string(),
                at: (url != *first).then(|| url.to_string()),
            });
        }
        let (media_type, charset) = content_type(response.headers());
        let max = self.limits.max_bytes;
        if response
            .body()
            .content_length()
            .is_some_and(|len| len > max)
        {
            return Err(SourceError::TooLarge {
                input: input.to_string(),
                limit: max,
            });
        }
        // The body is read under the request's timeouts, set when it was sent.
        let limits = self.request_limits(deadline);
        let bytes = response
            .into_body()
            .into_with_config()
            .limit(max)
            .read_to_vec()
            .map_err(|err| self.network_error(input, &url, first, err, &limits))?;
        Ok(Fetched {
            url: url.to_string(),
            media_type,
            charset,
            bytes,
        })
    }

    /// One line naming `input` (the address asked for) and what went wrong with the request
    /// to `url` (where redirects from `first` led), sent with `limits`.
    fn network_error(
        &self,
        input: &str,
        url: &Url,
        first: &Url,
        err: ureq::Error,
        limits: &RequestLimits,
    ) -> SourceError {
        let timeout = |which: Option<ureq::Timeout>| {
            let connecting =
                matches!(which, Some(ureq::Timeout::Connect)) && limits.connect < limits.whole;
            let seconds = if connecting {
                limits.connect
            } else {
                limits.seconds
            };
            SourceError::Timeout {
                input: input.to_string(),
                seconds: seconds.as_secs_f64(),
            }
        };
        if let ureq::Error::Other(inner) = &err {
            if let Some(refused) = inner.downcast_ref::<NotPublic>() {
                return SourceError::NotPublic {
                    input: input.to_string(),
                    refused: refused.clone(),
                };
            }
        }
        let cause = match err {
            ureq::Error::Timeout(which) => return timeout(Some(which)),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                return timeout(None)
            }
            ureq::Error::BodyExceedsLimit(_) => {
                return SourceError::TooLarge {
                    input: input.to_string(),
                    limit: self.limits.max_bytes,
                }
            }
            other => plain_cause(&other),
        };
        let cause = if url == first {
            cause
        } else {
            format!("{cause} (redirected to {url})")
        };
        SourceError::Network {
            input: input.to_string(),
            cause,
        }
    }

    /// Fetches `url` before `deadline`, following redirects.
    fn fetch_within(
        &self,
        url: &str,
        referer: Option<&str>,
        deadline: &Deadline,
    ) -> Result<Fetched, SourceError> {
        let cached = self.cache.as_ref().and_then(|c| c.get(url, self.limits));
        if let Some((entry, body)) = &cached {
            if self.options.offline || !entry.has_validators() {
                return Ok(from_cache(entry, body));
            }
        }
        if self.options.offline {
            return Err(SourceError::Offline {
                input: url.to_string(),
            });
        }
        let first = web_url(url)?;
        let asked = (&first, url);
        let mut current = first.clone();
        let mut visited = vec![first.clone()];
        loop {
            if deadline.is_past() {
                return Err(deadline.timed_out(url));
            }
            // Validators belong to the address that answered with the cached body.
            let conditional = cached
                .as_ref()
                .filter(|(entry, _)| entry.url == current.as_str());
            let response = self.send(
                &current,
                asked,
                referer,
                conditional.map(|(e, _)| e),
                deadline,
            )?;
            if let (Some((entry, body)), StatusCode::NOT_MODIFIED) =
                (conditional, response.status())
            {
                return Ok(from_cache(entry, body));
            }
            let Some(next) = self.redirect_target(&response, &current, url)? else {
                let validators = validators(response.headers());
                let fetched = self.finish(response, current, asked, deadline)?;
                if let Some(cache) = &self.cache {
                    cache.put(url, &fetched, validators);
                }
                return Ok(fetched);
            };
            self.check_redirect(&visited, &next, url)?;
            visited.push(next.clone());
            current = next;
        }
    }
}

/// The timeouts of one request.
#[derive(Debug, Clone, Copy)]
struct RequestLimits {
    /// The most the request may take, body included.
    whole: Duration,
    /// The limit named when `whole` runs out: the input's whole time, or the fetcher's timeout.
    seconds: Duration,
    /// The most connecting may take.
    connect: Duration,
}

/// The size of a request's head for `url` with `headers`, counted generously.
fn request_head_size(url: &Url, headers: Option<&HeaderMap>) -> usize {
    let headers: usize = headers
        .into_iter()
        .flatten()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    url.as_str().len() + headers + REQUEST_HEAD_EXTRA
}

/// What went wrong, in plain words, for an error that is not a timeout or a size limit.
fn plain_cause(err: &ureq::Error) -> String {
    let tls = match err {
        ureq::Error::Rustls(tls) => Some(tls),
        ureq::Error::Io(io) => io
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>()),
        _ => None,
    };
    if let Some(tls) = tls {
        return tls_cause(tls);
    }
    match err {
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        ureq::Error::LargeResponseHeader(..) => {
            "the server's response headers are too large".to_string()
        }
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
            std::io::ErrorKind::ConnectionReset => "the server closed the connection".to_string(),
            std::io::ErrorKind::UnexpectedEof => {
                "the server closed the connection before the end".to_string()
            }
            _ => io.to_string(),
        },
        ureq::Error::Protocol(protocol) => {
            format!("the server's response is not valid HTTP ({protocol})")
        }
        ureq::Error::Decompress(encoding, _) => {
            format!("the server's {encoding}-compressed body is damaged")
        }
        other => other.to_string(),
    }
}

/// A failed secure connection, in plain words: above all a certificate that is not trusted.
fn tls_cause(err: &rustls::Error) -> String {
    use rustls::CertificateError as Certificate;
    let certificate = |what: &str| format!("the server's certificate {what}");
    let Rustls::InvalidCertificate(problem) = err else {
        return match err {
            Rustls::AlertReceived(alert) => {
                format!("the server refused the secure connection ({alert:?})")
            }
            other => format!("the secure connection failed ({other})"),
        };
    };
    match problem {
        Certificate::UnknownIssuer => {
            certificate("is not trusted (issued by an unknown authority, or self-signed)")
        }
        Certificate::Other(other)
            if matches!(
                other.0.downcast_ref::<webpki::Error>(),
                Some(webpki::Error::CaUsedAsEndEntity)
            ) =>
        {
            certificate("is not trusted (self-signed)")
        }
        Certificate::Expired | Certificate::ExpiredContext { .. } => certificate("has expired"),
        Certificate::NotValidYet | Certificate::NotValidYetContext { .. } => {
            certificate("is not valid yet (is this computer's clock right?)")
        }
        Certificate::NotValidForName | Certificate::NotValidForNameContext { .. } => {
            certificate("is for another host name")
        }
        Certificate::Revoked => certificate("has been revoked"),
        other => certificate(&format!("is not valid ({other})")),
    }
}

impl Fetcher for HttpFetcher {
    /// Fetches `url` within [`FetchOptions::timeout`], redirects included.
    fn fetch(&self, url: &str, referer: Option<&str>) -> Result<Fetched, SourceError> {
        self.fetch_within(url, referer, &Deadline::after(self.options.timeout))
    }

    fn fetch_before(
        &self,
        url: &str,
        referer: Option<&str>,
        deadline: &Deadline,
    ) -> Result<Fetched, SourceError> {
        self.fetch_within(url, referer, deadline)
    }
}

/// A cached body as a fetch result.
fn from_cache(entry: &Entry, body: &[u8]) -> Fetched {
    Fetched {
        url: entry.url.clone(),
        media_type: entry.media_type.clone(),
        charset: entry.charset.clone(),
        bytes: body.to_vec(),
    }
}

/// The `ETag` and `Last-Modified` of a response, for revalidating a cached copy.
fn validators(headers: &HeaderMap) -> (Option<String>, Option<String>) {
    let get = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    (get(header::ETAG), get(header::LAST_MODIFIED))
}

/// Parses `url`, which must be an `http` or `https` address with a host.
pub(crate) fn web_url(url: &str) -> Result<Url, SourceError> {
    let bad = |cause: String| SourceError::BadUrl {
        input: url.to_string(),
        cause,
    };
    let parsed = Url::parse(url.trim()).map_err(|err| bad(err.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad(format!("scheme '{}'", parsed.scheme())));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("no host".to_string()));
    }
    Ok(parsed)
}

/// The media type (lowercase, without parameters) and charset of a `Content-Type` header.
fn content_type(headers: &HeaderMap) -> (Option<String>, Option<String>) {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return (None, None);
    };
    let (media_type, params) = parse_content_type(value);
    let charset = params
        .into_iter()
        .find(|(name, _)| name == "charset")
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty());
    ((!media_type.is_empty()).then_some(media_type), charset)
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_argument_is_name_colon_value() {
        assert_eq!(
            parse_header("X-Token:  abc def ").unwrap(),
            ("X-Token".to_string(), "abc def".to_string())
        );
        let err = parse_header("no colon").unwrap_err();
        assert_eq!(
            err.to_string(),
            "--header 'no colon': expected 'Name: value'"
        );
        assert!(parse_header("Bad Name: x").is_err());
    }

    #[test]
    fn only_web_addresses_are_fetched() {
        assert!(web_url("https://example.org/a").is_ok());
        for bad in [
            "file:///etc/passwd",
            "ftp://example.org/",
            "http://",
            "not a url",
        ] {
            assert!(
                matches!(web_url(bad), Err(SourceError::BadUrl { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn offline_fetcher_refuses_before_any_connection() {
        let options = FetchOptions {
            offline: true,
            ..FetchOptions::default()
        };
        let fetcher = HttpFetcher::new(&options, SourceLimits::default()).unwrap();
        let err = fetcher.fetch("http://127.0.0.1:9/", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "http://127.0.0.1:9/: network access is off (--offline)"
        );
    }

    #[test]
    fn user_agent_names_the_program_and_version() {
        assert!(
            default_user_agent().starts_with(&format!("cleancopy/{}", env!("CARGO_PKG_VERSION")))
        );
    }
}
