//! The bookmarklet in a real browser: headless Chromium, driven over WebDriver
//! (`chromedriver`), opens the server's page with the token, takes a screenshot of it, then
//! opens an article on another site and runs the bookmarklet the page shows; the book it
//! downloads must pass EPUBCheck.
//!
//! Skips with a notice when Chromium or chromedriver is missing (Debian: `chromium`,
//! `chromium-driver`), unless `CLEANCOPY_REQUIRE_VALIDATORS=1`, as CI sets.

#![cfg(feature = "serve")]

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use common::server::{Reply, TestServer};
use serde_json::{json, Value};

const TOKEN: &str = "browser-test-token-7";

/// A child process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn found(program: &str) -> Option<PathBuf> {
    let out = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .ok()?;
    let path = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
}

/// A free port on 127.0.0.1 (bound, then let go).
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// `cleancopy serve` with the token, and its base address.
fn start_serve() -> (Killed, String) {
    let home = std::env::temp_dir();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cleancopy"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--allow-private-addresses",
        ])
        .env("CLEANCOPY_SERVE_TOKEN", TOKEN)
        .env(
            "CLEANCOPY_CONFIG",
            home.join("cleancopy-browser-test-no-config.toml"),
        )
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cleancopy runs");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    std::thread::spawn(move || lines.for_each(drop));
    let base = first
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("serve did not start: {first}"))
        .to_string();
    (Killed(child), base)
}

/// A WebDriver session on a chromedriver of its own.
struct Browser {
    _driver: Killed,
    session: String,
    endpoint: String,
    agent: ureq::Agent,
}

impl Browser {
    fn start(chromium: &Path, chromedriver: &Path, downloads: &Path) -> Browser {
        let port = free_port();
        let driver = Killed(
            Command::new(chromedriver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver runs"),
        );
        let endpoint = format!("http://127.0.0.1:{port}");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .new_agent();
        let started = Instant::now();
        while agent.get(format!("{endpoint}/status")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=412,915"],
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                },
            },
        }}});
        let mut browser = Browser {
            _driver: driver,
            session: String::new(),
            endpoint,
            agent,
        };
        let created = browser.call("POST", "/session", Some(capabilities));
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_string();
        browser
    }

    /// A WebDriver command; its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.endpoint);
        let response = match body {
            Some(body) => self
                .agent
                .post(&url)
                .header("content-type", "application/json")
                .send(body.to_string()),
            None if method == "DELETE" => self.agent.delete(&url).call(),
            None => self.agent.get(&url).call(),
        };
        let mut response = response.expect("chromedriver answers");
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .expect("body");
        let value: Value = serde_json::from_str(&text).expect("JSON");
        value["value"].clone()
    }

    fn session(&self, path: &str) -> String {
        format!("/session/{}{path}", self.session)
    }

    fn open(&self, url: &str) {
        self.call("POST", &self.session("/url"), Some(json!({ "url": url })));
    }

    fn run(&self, script: &str) -> Value {
        let body = json!({ "script": script, "args": [] });
        self.call("POST", &self.session("/execute/sync"), Some(body))
    }

    fn screenshot(&self) -> Vec<u8> {
        let value = self.call("GET", &self.session("/screenshot"), None);
        base64::engine::general_purpose::STANDARD
            .decode(value.as_str().expect("a screenshot"))
            .expect("base64")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            self.call("DELETE", &self.session(""), None);
        }
    }
}

/// The script a `javascript:` address runs.
fn script_of(href: &str) -> String {
    let code = href
        .strip_prefix("javascript:")
        .expect("a javascript: link");
    let bytes = code.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            decoded.push(u8::from_str_radix(hex, 16).expect("percent escape"));
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(decoded).unwrap()
}

#[test]
fn the_bookmarklet_sends_the_rendered_page_and_the_book_downloads() {
    let chromium = found("chromium").or_else(|| found("chromium-browser"));
    let chromedriver = found("chromedriver");
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        common::available(
            "Chromium and chromedriver (chromium, chromium-driver)",
            false,
        );
        return;
    };
    // The article, with a paragraph only its script writes: the book must have it, which a
    // server fetching the address itself could not see.
    let article = std::fs::read_to_string(common::fixture("article.html")).unwrap();
    let scripted = article.replace(
        "</body>",
        "<script>var p=document.createElement('p');\
         p.textContent='The keepers rowed out twice in the winter storms to guide fishing boats home through the fog.';\
         document.querySelector('.article-body').appendChild(p);</script></body>",
    );
    let pages = TestServer::start(vec![("/article", Reply::html(scripted))]);
    let (_serve, base) = start_serve();
    let downloads = tempfile::tempdir().unwrap();
    let browser = Browser::start(&chromium, &chromedriver, downloads.path());

    browser.open(&format!("{base}/?token={TOKEN}"));
    let png = browser.screenshot();
    let shot = image::load_from_memory(&png).expect("a PNG").to_rgb8();
    assert!(
        shot.width() >= 300 && shot.height() >= 300,
        "{}x{}",
        shot.width(),
        shot.height()
    );
    let background = *shot.get_pixel(0, 0);
    let drawn = shot.pixels().filter(|pixel| **pixel != background).count();
    let share = drawn as f64 / (shot.width() * shot.height()) as f64;
    assert!(
        share > 0.02,
        "the page is drawn: {:.1}% of pixels",
        share * 100.0
    );
    let href = browser.run("return document.querySelector('a.bookmarklet').href;");
    let href = href
        .as_str()
        .expect("the page shows a bookmarklet")
        .to_string();

    // Another site: the article at `localhost`, the server at 127.0.0.1.
    browser.open(&pages.url("/article").replace("127.0.0.1", "localhost"));
    browser.run(&script_of(&href));
    let started = Instant::now();
    let book = loop {
        let done = std::fs::read_dir(downloads.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| path.extension().is_some_and(|ext| ext == "epub"));
        if let Some(book) = done {
            break book;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no book was downloaded"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(
        book.file_name().unwrap(),
        "the-lighthouse-keepers-who-stayed.epub"
    );
    let bytes = std::fs::read(&book).unwrap();
    assert!(common::epub_text(&bytes).contains("rowed out twice in the winter storms"));
    common::assert_epubcheck_clean(&book);
}
