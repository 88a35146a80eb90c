//! `cleancopy serve` run for real: the binary listens on a free loopback port, and the tests
//! talk HTTP to it (the API, the page's form, the bookmarklet's post), with pages from a local
//! test server and books e-mailed to a local SMTP server.

#![cfg(feature = "serve")]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use common::server::{Reply, TestServer};
use common::smtp::{SmtpOptions, SmtpServer};

/// A running `cleancopy serve`, stopped when dropped.
struct Serve {
    child: Child,
    base: String,
    log: Arc<Mutex<Vec<String>>>,
    _home: tempfile::TempDir,
}

impl Serve {
    /// Starts `cleancopy serve --listen 127.0.0.1:0 ARGS` with `env`, and waits for its first
    /// line.
    fn start(args: &[&str], env: &[(&str, &str)]) -> Serve {
        Self::try_start(args, env).unwrap_or_else(|line| panic!("serve did not start: {line}"))
    }

    /// [`Serve::start`], or the first line of standard error when it is not the listening one.
    fn try_start(args: &[&str], env: &[(&str, &str)]) -> Result<Serve, String> {
        let home = tempfile::tempdir().expect("temp dir");
        let mut command = Command::new(env!("CARGO_BIN_EXE_cleancopy"));
        command
            .arg("serve")
            .args(args)
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env_remove("CLEANCOPY_CONFIG")
            .env_remove("CLEANCOPY_SERVE_TOKEN")
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for var in ["HOST", "PORT", "TLS", "USER", "FROM", "PASSWORD"] {
            command.env_remove(format!("CLEANCOPY_SMTP_{var}"));
        }
        if !args.contains(&"--listen") {
            command.args(["--listen", "127.0.0.1:0"]);
        }
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("cleancopy runs");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (first_tx, first_rx) = mpsc::channel();
        let lines = log.clone();
        std::thread::spawn(move || {
            let mut first = Some(first_tx);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(tx) = first.take() {
                    let _ = tx.send(line.clone());
                }
                lines.lock().unwrap().push(line);
            }
        });
        let first = first_rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_default();
        let Some(address) = first.strip_prefix("listening on ") else {
            let _ = child.wait();
            return Err(first);
        };
        Ok(Serve {
            base: address.to_string(),
            child,
            log,
            _home: home,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The lines written on standard error so far.
    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Sends SIGTERM.
    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, headers, body.
struct Answer {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `error` of a JSON error body.
    fn error(&self) -> String {
        assert_eq!(
            self.header("content-type"),
            "application/json",
            "{}",
            self.text()
        );
        let value: serde_json::Value = serde_json::from_slice(&self.body).expect("JSON error");
        value["error"]
            .as_str()
            .expect("an error message")
            .to_string()
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .new_agent()
}

fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = response.expect("the server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .body_mut()
        .with_config()
        .limit(100 * 1024 * 1024)
        .read_to_vec()
        .expect("body");
    Answer {
        status,
        headers,
        body,
    }
}

fn get(url: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = agent().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    answer(request.call())
}

fn post(url: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut request = agent().post(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    answer(request.send(body))
}

fn post_json(url: &str, json: &serde_json::Value) -> Answer {
    post(
        url,
        &[("content-type", "application/json")],
        json.to_string().as_bytes(),
    )
}

const BOUNDARY: &str = "cleancopy-test-boundary";

/// A `multipart/form-data` body of text fields.
fn multipart(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    body.into_bytes()
}

fn form_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

fn article() -> String {
    std::fs::read_to_string(common::fixture("article.html")).expect("fixture")
}

/// A test server with the article at `/article` (its picture at `/img/skarv-point.jpg` is
/// not there: a 404).
fn pages() -> TestServer {
    TestServer::start(vec![("/article", Reply::html(article()))])
}

#[test]
fn the_first_line_names_the_address_and_health_and_page_answer() {
    let serve = Serve::start(&[], &[]);
    assert!(
        serve.base.starts_with("http://127.0.0.1:"),
        "{}",
        serve.base
    );
    let port: u16 = serve.base.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);
    let health = get(&serve.url("/healthz"), &[]);
    assert_eq!(health.status, 200);
    assert_eq!(health.text().trim(), r#"{"status":"ok"}"#);
    let page = get(&serve.url("/"), &[]);
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains(r#"<form id="convert" method="post" action="/convert""#));
    assert!(html.contains(r#"name="viewport""#), "readable on a phone");
    assert!(html.contains(r#"type="file""#) && html.contains(r#"value="send""#));
}

#[test]
fn a_url_becomes_a_book_in_each_format() {
    let pages = pages();
    let serve = Serve::start(&["--allow-private-addresses"], &[]);
    let url = pages.url("/article");
    let cases = [
        (
            "epub",
            "application/epub+zip",
            "the-lighthouse-keepers-who-stayed.epub",
        ),
        (
            "pdf",
            "application/pdf",
            "the-lighthouse-keepers-who-stayed.pdf",
        ),
        (
            "text",
            "text/plain",
            "the-lighthouse-keepers-who-stayed.txt",
        ),
        (
            "json",
            "application/x-ndjson",
            "the-lighthouse-keepers-who-stayed.json",
        ),
    ];
    for (format, media_type, file_name) in cases {
        let book = post_json(
            &serve.url("/api/convert"),
            &serde_json::json!({ "url": url, "format": format }),
        );
        assert_eq!(book.status, 200, "{format}: {}", book.text());
        assert!(
            book.header("content-type").starts_with(media_type),
            "{format}"
        );
        let disposition = book.header("content-disposition");
        assert!(
            disposition.starts_with("attachment;") && disposition.contains(file_name),
            "{format}: {disposition}"
        );
        match format {
            "epub" => assert!(book.body.starts_with(b"PK")),
            "pdf" => assert!(book.body.starts_with(b"%PDF")),
            "text" => assert!(book.text().contains("Lighthouse Keepers")),
            _ => {
                let line: serde_json::Value =
                    serde_json::from_str(book.text().lines().next().unwrap()).unwrap();
                assert_eq!(line["title"], "The Lighthouse Keepers Who Stayed");
            }
        }
    }
    let log = serve.log();
    assert!(
        log.iter()
            .any(|line| { line.starts_with("POST /api/convert 200 ") && line.ends_with("ms") }),
        "{log:?}"
    );
}

#[test]
fn a_page_sent_as_html_with_its_address_becomes_a_valid_epub_titled_as_asked() {
    let serve = Serve::start(&[], &[]);
    let book = post_json(
        &serve.url("/api/convert"),
        &serde_json::json!({
            "html": article(),
            "url": "https://gazette.example.org/2024/lighthouse",
            "title": "Skarv Point",
        }),
    );
    assert_eq!(book.status, 200, "{}", book.text());
    assert!(book
        .header("content-disposition")
        .contains("skarv-point.epub"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.epub");
    std::fs::write(&path, &book.body).unwrap();
    common::assert_epubcheck_clean(&path);
    assert!(common::epub_text(&book.body).contains("Skarv Point"));
}

#[test]
fn a_japanese_page_is_set_in_the_machines_japanese_font_as_on_the_command_line() {
    if !common::has_font_for("ja") {
        return;
    }
    let serve = Serve::start(&[], &[]);
    let html = std::fs::read_to_string(common::fixture("world/ja.html")).unwrap();
    let book = post_json(
        &serve.url("/api/convert"),
        &serde_json::json!({ "html": html, "format": "pdf" }),
    );
    assert_eq!(book.status, 200, "{}", book.text());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.pdf");
    std::fs::write(&path, &book.body).unwrap();
    common::assert_fonts_embedded(&path);
    let Some(text) = common::pdf_text(&path) else {
        return;
    };
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        !text.contains('\u{FFFD}'),
        "characters left without a font: {text}"
    );
    assert!(text.contains("屋上の小さな菜園"), "{text}");
    assert!(text.contains("雨水は二つのタンクにためて"), "{text}");
}

#[test]
fn bad_requests_are_answered_with_json_errors_and_their_statuses() {
    let serve = Serve::start(&["--max-bytes", "20K"], &[]);
    let api = serve.url("/api/convert");
    let cases: [(&str, &[u8], u16, &str); 6] = [
        ("application/json", b"{not json", 400, "not valid"),
        ("application/json", b"{}", 400, "nothing to convert"),
        (
            "application/json",
            br#"{"url":"file:///etc/passwd"}"#,
            400,
            "only http and https",
        ),
        (
            "application/json",
            br#"{"url":"https://a.example/","format":"docx"}"#,
            400,
            "not a format",
        ),
        (
            "text/plain",
            br#"{"url":"https://a.example/"}"#,
            415,
            "must be JSON",
        ),
        (
            "application/json",
            br#"{"html":"<p>x</p>"}"#,
            422,
            "no article content found",
        ),
    ];
    for (content_type, body, status, message) in cases {
        let answer = post(&api, &[("content-type", content_type)], body);
        assert_eq!(answer.status, status, "{}", answer.text());
        assert!(answer.error().contains(message), "{}", answer.error());
    }
    let big = serde_json::json!({ "html": "x".repeat(30 * 1024) });
    let over = post_json(&api, &big);
    assert_eq!(over.status, 413);
    assert!(over.error().contains("--max-bytes"), "{}", over.error());
    let upload = [("html", "x".repeat(30 * 1024))];
    let fields: Vec<(&str, &str)> = upload.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let form = post(
        &serve.url("/convert"),
        &[("content-type", &form_type())],
        &multipart(&fields),
    );
    assert_eq!(form.status, 413, "{}", form.text());
    let log = serve.log().join("\n");
    assert!(log.contains("POST /api/convert 413 "), "{log}");
    assert!(!log.contains("xxxx"), "the log never holds the page");
}

#[test]
fn the_token_is_asked_for_and_never_logged() {
    let token = "s3cret-token-42";
    let serve = Serve::start(&[], &[("CLEANCOPY_SERVE_TOKEN", token)]);
    let api = serve.url("/api/convert");
    let body = br#"{"html":"<p>x</p>"}"#;
    let json = ("content-type", "application/json");
    let none = post(&api, &[json], body);
    assert_eq!(none.status, 401);
    assert!(none.error().contains("access token"));
    let wrong = post(
        &api,
        &[json, ("authorization", "Bearer s3cret-token-4")],
        body,
    );
    assert_eq!(wrong.status, 401);
    let bearer = format!("Bearer {token}");
    let right = post(&api, &[json, ("authorization", &bearer)], body);
    assert_eq!(right.status, 422, "past the token, the page is read");
    assert_eq!(get(&serve.url("/"), &[]).status, 401);

    let given = get(&serve.url(&format!("/?token={token}")), &[]);
    assert_eq!(given.status, 303);
    assert_eq!(given.header("location"), "/");
    let cookie = given.header("set-cookie").to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_string();
    let page = get(&serve.url("/"), &[("cookie", &pair)]);
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("href=\"javascript:"),
        "the bookmarklet is shown"
    );

    // The cookie alone, from another site's form: refused. From the page itself: accepted.
    let form = multipart(&[("html", &article()), ("format", "text")]);
    let form_type = form_type();
    let elsewhere = [
        ("content-type", form_type.as_str()),
        ("cookie", pair.as_str()),
        ("origin", "https://evil.example"),
    ];
    assert_eq!(post(&serve.url("/convert"), &elsewhere, &form).status, 403);
    let own = serve.base.clone();
    let here = [
        ("content-type", form_type.as_str()),
        ("cookie", pair.as_str()),
        ("origin", own.as_str()),
    ];
    let book = post(&serve.url("/convert"), &here, &form);
    assert_eq!(book.status, 200, "{}", book.text());
    assert!(book.text().contains("Lighthouse Keepers"));

    // The bookmarklet's post: from the article's site, without the cookie, with the token.
    let form = multipart(&[
        ("token", token),
        ("format", "epub"),
        ("url", "https://gazette.example.org/lighthouse"),
        ("html", &article()),
    ]);
    let from_article = [
        ("content-type", form_type.as_str()),
        ("origin", "https://gazette.example.org"),
    ];
    let book = post(&serve.url("/convert"), &from_article, &form);
    assert_eq!(book.status, 200, "{}", book.text());
    assert!(book.body.starts_with(b"PK"));

    let log = serve.log().join("\n");
    assert!(log.contains("GET / 303 "), "{log}");
    assert!(log.contains("POST /api/convert 401 "), "{log}");
    assert!(!log.contains(token), "the token is never logged: {log}");
}

#[test]
fn listening_beyond_loopback_without_a_token_is_refused() {
    let refused = Serve::try_start(&["--listen", "0.0.0.0:0"], &[]).err();
    let line = refused.expect("serve refuses to start");
    assert!(line.contains("without an access token"), "{line}");
    let started = Serve::try_start(
        &["--listen", "0.0.0.0:0"],
        &[("CLEANCOPY_SERVE_TOKEN", "t0ken")],
    );
    assert!(started.is_ok(), "with a token it starts");
}

#[test]
fn private_addresses_are_refused_for_pages_and_pictures_without_the_flag() {
    let pages = TestServer::start(vec![
        ("/article", Reply::html(article())),
        ("/moved", Reply::redirect(302, "/article")),
    ]);
    let serve = Serve::start(&[], &[]);
    let refused = post_json(
        &serve.url("/api/convert"),
        &serde_json::json!({ "url": pages.url("/article") }),
    );
    assert_eq!(refused.status, 403, "{}", refused.text());
    assert!(
        refused.error().contains("not a public address"),
        "{}",
        refused.error()
    );
    let by_name = post_json(
        &serve.url("/api/convert"),
        &serde_json::json!({ "url": pages.url("/moved").replace("127.0.0.1", "localhost") }),
    );
    assert_eq!(by_name.status, 403, "{}", by_name.text());
    // A page sent whole, whose picture is on a private address: the book is made without it.
    let sent = post_json(
        &serve.url("/api/convert"),
        &serde_json::json!({ "html": article(), "url": pages.url("/article") }),
    );
    assert_eq!(sent.status, 200, "{}", sent.text());
    assert!(
        pages.requests().is_empty(),
        "nothing was fetched: {:?}",
        pages.requests().len()
    );

    let allowed = Serve::start(&["--allow-private-addresses"], &[]);
    let book = post_json(
        &allowed.url("/api/convert"),
        &serde_json::json!({ "url": pages.url("/moved") }),
    );
    assert_eq!(book.status, 200, "{}", book.text());
    assert!(pages
        .requests()
        .iter()
        .any(|r| r.path == "/img/skarv-point.jpg"));
}

#[test]
fn twenty_conversions_at_once_all_become_books() {
    let pages = pages();
    let serve = Serve::start(
        &["--allow-private-addresses", "--jobs", "4", "--queue", "32"],
        &[],
    );
    let url = pages.url("/article");
    let api = serve.url("/api/convert");
    let threads: Vec<_> = (0..20)
        .map(|n| {
            let (url, api) = (url.clone(), api.clone());
            std::thread::spawn(move || {
                let format = if n % 2 == 0 { "epub" } else { "pdf" };
                let book = post_json(&api, &serde_json::json!({ "url": url, "format": format }));
                (book.status, book.body.get(..2).map(<[u8]>::to_vec))
            })
        })
        .collect();
    for (n, thread) in threads.into_iter().enumerate() {
        let (status, start) = thread.join().unwrap();
        assert_eq!(status, 200, "conversion {n}");
        let expected: &[u8] = if n % 2 == 0 { b"PK" } else { b"%P" };
        assert_eq!(start.as_deref(), Some(expected));
    }
}

#[test]
fn past_the_queue_the_server_is_busy_and_past_the_budget_it_times_out() {
    let pages = TestServer::start(vec![
        (
            "/slow",
            Reply::html(article()).delayed(Duration::from_secs(3)),
        ),
        (
            "/slower",
            Reply::html(article()).delayed(Duration::from_secs(8)),
        ),
    ]);
    let serve = Serve::start(
        &[
            "--allow-private-addresses",
            "--jobs",
            "1",
            "--queue",
            "0",
            "--timeout",
            "2",
        ],
        &[],
    );
    let api = serve.url("/api/convert");
    let slow = pages.url("/slow");
    let first = {
        let api = api.clone();
        std::thread::spawn(move || post_json(&api, &serde_json::json!({ "url": slow })))
    };
    let started = Instant::now();
    while pages.requests().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the first conversion started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let busy = post_json(&api, &serde_json::json!({ "url": pages.url("/slow") }));
    assert_eq!(busy.status, 503, "{}", busy.text());
    assert!(busy.header("retry-after").parse::<u32>().is_ok());
    assert!(busy.error().contains("busy"));
    let timed_out = first.join().unwrap();
    assert_eq!(timed_out.status, 504, "{}", timed_out.text());
    let begun = Instant::now();
    let slower = post_json(&api, &serde_json::json!({ "url": pages.url("/slower") }));
    assert_eq!(slower.status, 504, "{}", slower.text());
    assert!(
        begun.elapsed() < Duration::from_secs(6),
        "answered at the 2 s budget"
    );
}

#[test]
fn a_slow_client_does_not_hold_up_the_others() {
    let serve = Serve::start(&[], &[]);
    let address = serve.base.trim_start_matches("http://").to_string();
    let mut slow = TcpStream::connect(&address).unwrap();
    slow.write_all(
        b"POST /api/convert HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"html\":",
    )
    .unwrap();
    let book = post_json(
        &serve.url("/api/convert"),
        &serde_json::json!({ "html": article() }),
    );
    assert_eq!(book.status, 200);
    assert_eq!(get(&serve.url("/healthz"), &[]).status, 200);
    drop(slow);
}

#[test]
fn sigterm_finishes_the_conversion_in_flight() {
    let pages = TestServer::start(vec![(
        "/slow",
        Reply::html(article()).delayed(Duration::from_secs(2)),
    )]);
    let mut serve = Serve::start(&["--allow-private-addresses"], &[]);
    let api = serve.url("/api/convert");
    let url = pages.url("/slow");
    let request = std::thread::spawn(move || post_json(&api, &serde_json::json!({ "url": url })));
    let started = Instant::now();
    while pages.requests().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the conversion started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    serve.terminate();
    let book = request.join().unwrap();
    assert_eq!(book.status, 200, "{}", book.text());
    assert!(book.body.starts_with(b"PK"));
    let status = serve.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(
        TcpStream::connect(serve.base.trim_start_matches("http://")).is_err(),
        "no longer accepting"
    );
    let log = serve.log().join("\n");
    assert!(
        log.contains("stopping") && log.contains("POST /api/convert 200"),
        "{log}"
    );
}

#[test]
fn send_emails_the_book_and_answers_its_record() {
    let Some(smtp) = SmtpServer::start(&SmtpOptions::default()) else {
        return;
    };
    let port = smtp.port.to_string();
    let serve = Serve::start(
        &[],
        &[
            ("CLEANCOPY_SMTP_HOST", "127.0.0.1"),
            ("CLEANCOPY_SMTP_PORT", &port),
            ("CLEANCOPY_SMTP_TLS", "none"),
            ("CLEANCOPY_SMTP_FROM", "me@example.org"),
        ],
    );
    let no_to = post_json(
        &serve.url("/api/send"),
        &serde_json::json!({ "html": article() }),
    );
    assert_eq!(no_to.status, 400, "{}", no_to.text());
    let sent = post_json(
        &serve.url("/api/send"),
        &serde_json::json!({ "html": article(), "to": "me_123@kindle.example" }),
    );
    assert_eq!(sent.status, 200, "{}", sent.text());
    let record: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(record["title"], "The Lighthouse Keepers Who Stayed");
    assert_eq!(
        record["sent_to"],
        serde_json::json!(["me_123@kindle.example"])
    );
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let attachments = messages[0].attachments();
    assert_eq!(attachments.len(), 1);
    assert!(attachments[0].0.ends_with(".epub") && attachments[0].1.starts_with(b"PK"));
}

#[test]
fn send_without_email_settings_says_so() {
    let serve = Serve::start(&[], &[]);
    let answer = post_json(
        &serve.url("/api/send"),
        &serde_json::json!({ "html": article(), "to": "me_123@kindle.example" }),
    );
    assert_eq!(answer.status, 503, "{}", answer.text());
    assert!(
        answer.error().contains("e-mail is not set up"),
        "{}",
        answer.error()
    );
}

/// The `host:port` a server's base address names.
fn host_port(serve: &Serve) -> String {
    serve.base.trim_start_matches("http://").to_string()
}

/// Everything a client reads from `stream` until the server closes it, or `None` when the
/// server keeps it open for `patience`.
fn read_until_closed(stream: &mut TcpStream, patience: Duration) -> Option<String> {
    use std::io::Read;
    stream.set_read_timeout(Some(patience)).unwrap();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return Some(String::from_utf8_lossy(&received).into_owned()),
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => {
                return Some(String::from_utf8_lossy(&received).into_owned())
            }
            Err(_) => return None,
        }
    }
}

#[test]
fn a_client_that_never_finishes_its_request_head_is_disconnected() {
    let serve = Serve::start(&["--client-timeout", "1"], &[]);
    let mut stream = TcpStream::connect(host_port(&serve)).unwrap();
    stream
        .write_all(b"POST /api/convert HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: app")
        .unwrap();
    let started = Instant::now();
    let closed = read_until_closed(&mut stream, Duration::from_secs(15));
    assert!(closed.is_some(), "the connection was still open after 15 s");
    assert!(started.elapsed() >= Duration::from_millis(900));
    // The server goes on serving others.
    let health = ureq::get(&serve.url("/healthz")).call().unwrap();
    assert_eq!(health.status(), 200);
}

#[test]
fn a_client_that_trickles_its_upload_gets_408() {
    let serve = Serve::start(&["--client-timeout", "1"], &[]);
    let mut stream = TcpStream::connect(host_port(&serve)).unwrap();
    stream
        .write_all(
            b"POST /api/convert HTTP/1.1\r\nHost: 127.0.0.1\r\n\
              Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"html\": \"<p>",
        )
        .unwrap();
    let answer = read_until_closed(&mut stream, Duration::from_secs(15))
        .expect("the server answers and closes within 15 s");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("--client-timeout"), "{answer}");
}

#[test]
fn an_idle_kept_alive_connection_is_closed() {
    let serve = Serve::start(&["--client-timeout", "1"], &[]);
    let mut stream = TcpStream::connect(host_port(&serve)).unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let answer = read_until_closed(&mut stream, Duration::from_secs(15))
        .expect("the server closes an idle connection within 15 s");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
