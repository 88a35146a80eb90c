//! The routes' handlers: requests in, conversions run, books or errors out.
//!
//! The API answers errors as JSON (`{"error": "…"}`); the form answers them as a short page,
//! as a browser shows it. Both name the cause on one line and never echo the page sent.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{FromRequest, Multipart, Query, Request, State as Shared};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::access::{Refused, COOKIE};
use super::jobs::{Failure, Format, Job, Page};
use super::{page, State};
use crate::convert::{send_books, Made};
use crate::deliver::email;
use crate::error::Error;
use crate::source::SourceError;

/// How long a client told the server is busy should wait, in seconds.
const RETRY_AFTER_SECONDS: u32 = 5;

/// An answer that is not a book: a status and a one-line message.
#[derive(Debug)]
pub(super) struct Problem {
    status: StatusCode,
    message: String,
}

impl Problem {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Problem {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, message)
    }

    fn too_large(max_bytes: usize) -> Self {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request is over the server's limit of {max_bytes} bytes (--max-bytes)"),
        )
    }

    /// The answer as JSON, `{"error": "…"}`.
    fn json(self) -> Response {
        let body = serde_json::json!({ "error": self.message });
        self.with_body("application/json", format!("{body}\n"))
    }

    /// The answer as a short page.
    fn html(self) -> Response {
        let body = page::message(
            self.status.canonical_reason().unwrap_or("Error"),
            &self.message,
        );
        self.with_body("text/html; charset=utf-8", body)
    }

    fn with_body(self, content_type: &'static str, body: String) -> Response {
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        response
    }
}

impl From<Refused> for Problem {
    fn from(refused: Refused) -> Self {
        let status = match refused {
            Refused::Unauthorized => StatusCode::UNAUTHORIZED,
            Refused::CrossSite => StatusCode::FORBIDDEN,
        };
        Problem::new(status, refused.message())
    }
}

impl From<Failure> for Problem {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Busy => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is busy with other conversions; try again in a few seconds",
            ),
            Failure::TimedOut => Problem::new(
                StatusCode::GATEWAY_TIMEOUT,
                "the conversion took longer than the server allows (--timeout)",
            ),
            Failure::Internal => Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error while converting (a bug; please report it)",
            ),
            Failure::Convert(err) => Problem::new(status_of(&err), err.one_line()),
        }
    }
}

/// Reads a request's body whole before its handler runs, within the client's time
/// ([`ServeOptions::client_timeout`](super::ServeOptions::client_timeout)) and the size
/// limit: a client that trickles its upload gets 408 and its connection back, instead of
/// holding it open for as long as it likes. Errors are JSON on `/api/` and a page elsewhere.
pub(super) async fn read_body_in_time(
    Shared(state): Shared<Arc<State>>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let answer = |problem: Problem| if api { problem.json() } else { problem.html() };
    let (parts, body) = request.into_parts();
    let read = tokio::time::timeout(state.client_timeout, to_bytes(body, state.max_bytes));
    match read.await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(_)) => answer(Problem::too_large(state.max_bytes)),
        Err(_) => answer(Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the request was not sent within {} s (--client-timeout)",
                state.client_timeout.as_secs_f64()
            ),
        )),
    }
}

/// The status that says what went wrong in a conversion.
fn status_of(err: &Error) -> StatusCode {
    match err {
        Error::Normalize(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Error::Source(source) => match source {
            SourceError::NotPublic { .. } => StatusCode::FORBIDDEN,
            SourceError::BadUrl { .. } => StatusCode::BAD_REQUEST,
            SourceError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            SourceError::Timeout { .. } => StatusCode::GATEWAY_TIMEOUT,
            SourceError::Empty { .. }
            | SourceError::Binary { .. }
            | SourceError::UnknownFormat { .. }
            | SourceError::IsFeed { .. }
            | SourceError::Mhtml { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_GATEWAY,
        },
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A book as a download.
fn book_response(made: Made) -> Response {
    let file_name: String = (made.file_name.chars())
        .map(|c| match c {
            '"' | '\\' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let ascii: String = (file_name.chars())
        .map(|c| if c.is_ascii() { c } else { '_' })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encode(&file_name)
    );
    let mut response = Response::new(Body::from(made.bytes));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(made.media_type),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `text` with everything but unreserved characters percent-encoded (RFC 5987).
fn percent_encode(text: &str) -> String {
    let mut encoded = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// `GET /healthz`.
pub(super) async fn health() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        "{\"status\":\"ok\"}\n",
    )
        .into_response()
}

/// Any other address.
pub(super) async fn not_found(method: Method) -> Response {
    if method == Method::GET {
        Problem::new(StatusCode::NOT_FOUND, "no such page").html()
    } else {
        Problem::new(StatusCode::NOT_FOUND, "no such address").json()
    }
}

/// The query of `GET /`.
#[derive(Debug, Deserialize)]
pub(super) struct PageQuery {
    token: Option<String>,
    /// The address a Send to Kindle bookmarklet is made for.
    to: Option<String>,
}

/// `GET /`: the page. `/?token=TOKEN` stores the token in a cookie and comes back to `/`
/// without it, so that it stays out of the address bar and the history.
pub(super) async fn page(
    Shared(state): Shared<Arc<State>>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    if let Some(given) = &query.token {
        if !state.access.is_token(given) {
            return Problem::from(Refused::Unauthorized).html();
        }
        let cookie = format!("{COOKIE}={given}; Path=/; HttpOnly; SameSite=Strict");
        let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return response;
    }
    if let Err(refused) = state.access.check(&Method::GET, &headers, None) {
        return Problem::from(refused).html();
    }
    let scheme = (headers.get("x-forwarded-proto"))
        .and_then(|value| value.to_str().ok())
        .filter(|scheme| *scheme == "https")
        .unwrap_or("http");
    let host = (headers.get(header::HOST))
        .and_then(|value| value.to_str().ok())
        .unwrap_or("127.0.0.1");
    let base = format!("{scheme}://{host}");
    let body = page::render(
        &base,
        state.access.token(),
        state.smtp.is_ok(),
        query.to.as_deref(),
    );
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// One address or several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Addresses {
    One(String),
    Many(Vec<String>),
}

impl Addresses {
    fn into_vec(self) -> Vec<String> {
        match self {
            Addresses::One(one) => one
                .split(',')
                .map(|address| address.trim().to_string())
                .filter(|address| !address.is_empty())
                .collect(),
            Addresses::Many(many) => many,
        }
    }
}

/// The body of `POST /api/convert` and `POST /api/send`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApiRequest {
    url: Option<String>,
    html: Option<String>,
    format: Option<String>,
    title: Option<String>,
    to: Option<Addresses>,
}

/// The page a request names: `html` (read at `url`), or `url` alone.
fn page_of(
    url: Option<String>,
    html: Option<Vec<u8>>,
    name: Option<String>,
) -> Result<Page, Problem> {
    let url = url
        .map(|url| url.trim().to_string())
        .filter(|url| !url.is_empty());
    if let Some(url) = &url {
        let parsed = url::Url::parse(url)
            .map_err(|_| Problem::bad_request(format!("'{url}': not a web address")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Problem::bad_request(format!(
                "'{url}': only http and https addresses are fetched"
            )));
        }
    }
    match (html.filter(|html| !html.is_empty()), url) {
        (Some(bytes), url) => Ok(Page::Bytes {
            name: name.unwrap_or_else(|| "page.html".into()),
            bytes,
            url,
        }),
        (None, Some(url)) => Ok(Page::Url(url)),
        (None, None) => Err(Problem::bad_request(
            "nothing to convert: give a url, or the page's html (with its url)",
        )),
    }
}

/// Reads an API request: authorized, JSON, within the size limit.
async fn api_request(state: &State, request: Request) -> Result<ApiRequest, Problem> {
    state
        .access
        .check(request.method(), request.headers(), None)?;
    let json = (request.headers().get(header::CONTENT_TYPE))
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().starts_with("application/json"));
    if !json {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the request must be JSON (Content-Type: application/json)",
        ));
    }
    let declared = (request.headers().get(header::CONTENT_LENGTH))
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > state.max_bytes) {
        return Err(Problem::too_large(state.max_bytes));
    }
    let body = to_bytes(request.into_body(), state.max_bytes)
        .await
        .map_err(|_| Problem::too_large(state.max_bytes))?;
    serde_json::from_slice(&body)
        .map_err(|err| Problem::bad_request(format!("the request is not valid: {err}")))
}

/// `POST /api/convert`: the book.
pub(super) async fn api_convert(Shared(state): Shared<Arc<State>>, request: Request) -> Response {
    match api_convert_inner(&state, request).await {
        Ok(made) => book_response(made),
        Err(problem) => problem.json(),
    }
}

async fn api_convert_inner(state: &State, request: Request) -> Result<Made, Problem> {
    let body = api_request(state, request).await?;
    if body.to.is_some() {
        return Err(Problem::bad_request("'to' belongs to /api/send"));
    }
    let format = match body.format.as_deref() {
        None => Format::Epub,
        Some(name) => Format::parse(name).ok_or_else(|| {
            Problem::bad_request(format!("'{name}': not a format (epub, pdf, text or json)"))
        })?,
    };
    let page = page_of(body.url, body.html.map(String::into_bytes), None)?;
    let job = Job {
        page,
        format,
        title: body.title,
    };
    Ok(state.jobs.run(job).await?)
}

/// What `POST /api/send` answers: the book e-mailed.
#[derive(Debug, Serialize)]
struct SentRecord {
    title: String,
    author: Option<String>,
    file_name: String,
    bytes: usize,
    words: usize,
    images: usize,
    sent_to: Vec<String>,
    warnings: Vec<String>,
}

/// `POST /api/send`: the book e-mailed, and its record.
pub(super) async fn api_send(Shared(state): Shared<Arc<State>>, request: Request) -> Response {
    let sent = async {
        let body = api_request(&state, request).await?;
        if body
            .format
            .as_deref()
            .is_some_and(|format| format != "epub")
        {
            return Err(Problem::bad_request("books are sent as EPUB"));
        }
        let to = body.to.map(Addresses::into_vec).unwrap_or_default();
        let page = page_of(body.url, body.html.map(String::into_bytes), None)?;
        send(&state, page, body.title, to).await
    };
    match sent.await {
        Ok(record) => (
            [(header::CONTENT_TYPE, "application/json")],
            format!("{}\n", serde_json::to_string(&record).unwrap_or_default()),
        )
            .into_response(),
        Err(problem) => problem.json(),
    }
}

/// Makes the EPUB of `page` and e-mails it to `to`.
async fn send(
    state: &State,
    page: Page,
    title: Option<String>,
    to: Vec<String>,
) -> Result<SentRecord, Problem> {
    let config = state.smtp.clone().map_err(|cause| {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("e-mail is not set up on this server: {cause}"),
        )
    })?;
    email::check_addresses(&config.from, &to)
        .map_err(|err| Problem::bad_request(err.to_string()))?;
    let job = Job {
        page,
        format: Format::Epub,
        title,
    };
    let made = state.jobs.run(job).await?;
    let record = SentRecord {
        title: made.title.clone(),
        author: (!made.authors.is_empty()).then(|| made.authors.join(", ")),
        file_name: made.file_name.clone(),
        bytes: made.size,
        words: made.words,
        images: made.images,
        sent_to: to.clone(),
        warnings: made.warnings.clone(),
    };
    let delivery = tokio::task::spawn_blocking(move || send_books(vec![made], &config, &to, false))
        .await
        .map_err(|_| Problem::from(Failure::Internal))?;
    match delivery.failure() {
        Some(failure) => Err(Problem::new(StatusCode::BAD_GATEWAY, failure)),
        None => Ok(record),
    }
}

/// The fields of the page's form and the bookmarklet's.
#[derive(Debug, Default)]
struct FormFields {
    token: Option<String>,
    url: Option<String>,
    html: Option<Vec<u8>>,
    file_name: Option<String>,
    format: Option<String>,
    to: Option<String>,
    title: Option<String>,
}

/// Reads the multipart form.
async fn form_fields(state: &State, request: Request) -> Result<FormFields, Problem> {
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|err| Problem::bad_request(format!("not a form: {}", err.body_text())))?;
    let mut fields = FormFields::default();
    let field_error = |err: axum::extract::multipart::MultipartError| {
        if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::too_large(state.max_bytes)
        } else {
            Problem::bad_request(format!("the form is damaged: {}", err.body_text()))
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(field_error)? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(field_error)?;
        let text = || String::from_utf8_lossy(&bytes).trim().to_string();
        match name.as_str() {
            "token" => fields.token = Some(text()),
            "url" => fields.url = Some(text()),
            "format" => fields.format = Some(text()),
            "to" => fields.to = Some(text()),
            "title" => fields.title = Some(text()).filter(|title| !title.is_empty()),
            "html" if !bytes.is_empty() => fields.html = Some(bytes.to_vec()),
            "file" if !bytes.is_empty() => {
                fields.html = Some(bytes.to_vec());
                fields.file_name = file_name.filter(|name| !name.is_empty());
            }
            _ => {}
        }
    }
    Ok(fields)
}

/// `POST /convert`: the page's form and the bookmarklet. Answers with the book as a download,
/// or a page saying where it was sent.
pub(super) async fn form(Shared(state): Shared<Arc<State>>, request: Request) -> Response {
    match form_inner(&state, request).await {
        Ok(response) => response,
        Err(problem) => problem.html(),
    }
}

async fn form_inner(state: &State, request: Request) -> Result<Response, Problem> {
    let (method, headers) = (request.method().clone(), request.headers().clone());
    // Refused before the body is read, unless the body may carry the token.
    let early = state.access.check(&method, &headers, None);
    if early == Err(Refused::CrossSite) && !state.access.has_token() {
        return Err(early.unwrap_err().into());
    }
    let fields = form_fields(state, request).await?;
    state
        .access
        .check(&method, &headers, fields.token.as_deref())?;
    let page = page_of(fields.url, fields.html, fields.file_name)?;
    let format = fields.format.as_deref().unwrap_or("epub");
    if format == "send" {
        let to = Addresses::One(fields.to.unwrap_or_default()).into_vec();
        let record = send(state, page, fields.title, to).await?;
        let message = format!(
            "“{}” was sent to {}.",
            record.title,
            record.sent_to.join(", ")
        );
        let body = page::message("Sent", &message);
        return Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response());
    }
    let format = Format::parse(format).ok_or_else(|| {
        Problem::bad_request(format!(
            "'{format}': not a format (epub, pdf, text, json or send)"
        ))
    })?;
    let job = Job {
        page,
        format,
        title: fields.title,
    };
    Ok(book_response(state.jobs.run(job).await?))
}
