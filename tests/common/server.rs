//! A small real HTTP/1.1 server on 127.0.0.1 for the fetch tests, on a thread of the test
//! process: fixed replies per path (pages, redirects and chains of them, slow, trickling and
//! endless replies, any status or content type), and a log of the requests it received; with
//! [`TestServer::start_tls`], the same over TLS with a given certificate. Nothing here touches
//! the internet.
//!
//! A reply with an `ETag` or `Last-Modified` answers a matching conditional request with
//! `304 Not Modified`. Every connection is answered once and closed. Reads and writes time out
//! after a few seconds and an endless or trickling reply stops after a bounded number of bytes
//! or when the client hangs up, so no test can hang on the server.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// How long the server waits on a silent or stalled client.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// The most an endless reply sends before giving up on its own.
const ENDLESS_CAP: usize = 256 * 1024 * 1024;

/// What the server answers on one path.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before sending anything.
    pub delay: Duration,
    /// Send body bytes until the client hangs up (no `Content-Length`).
    pub endless: bool,
    /// Send the body one byte at a time, this long apart.
    pub trickle: Option<Duration>,
}

impl Reply {
    /// 200 with this content type and body.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
            endless: false,
            trickle: None,
        }
    }

    /// An HTML page (UTF-8).
    pub fn html(body: impl Into<Vec<u8>>) -> Self {
        Reply::ok("text/html; charset=utf-8", body)
    }

    /// A bare status with a short text body.
    pub fn status(status: u16) -> Self {
        Reply {
            status,
            ..Reply::ok("text/plain", format!("status {status}"))
        }
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Reply::status(status).header("Location", location)
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Waits `delay` before answering.
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Streams its body over and over until the client hangs up.
    pub fn endless(mut self) -> Self {
        self.endless = true;
        self
    }

    /// Sends its body one byte every `interval` (the head at once, with the full
    /// `Content-Length`).
    pub fn trickled(mut self, interval: Duration) -> Self {
        self.trickle = Some(interval);
        self
    }
}

/// A chain of `hops` redirects, `{prefix}/0` → `{prefix}/1` → … → `{prefix}/{hops - 1}` →
/// `target`, each answered after `delay`.
pub fn redirect_chain(
    prefix: &str,
    hops: usize,
    delay: Duration,
    target: &str,
) -> Vec<(String, Reply)> {
    (0..hops)
        .map(|hop| {
            let next = if hop + 1 == hops {
                target.to_string()
            } else {
                format!("{prefix}/{}", hop + 1)
            };
            let reply = Reply::redirect(302, &next).delayed(delay);
            (format!("{prefix}/{hop}"), reply)
        })
        .collect()
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    /// Header names lowercase.
    pub headers: Vec<(String, String)>,
    /// When the request had been read.
    pub at: std::time::Instant,
}

impl Request {
    /// The value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A running server.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    log: Arc<Mutex<Vec<Request>>>,
}

impl TestServer {
    /// Starts a server answering `routes` (path → reply; anything else is a 404).
    pub fn start<P: Into<String>>(routes: Vec<(P, Reply)>) -> Self {
        Self::serve(routes, None)
    }

    /// Starts a server like [`TestServer::start`] that speaks only TLS, presenting
    /// `certificate` (DER) signed with `key` (PKCS #8 DER).
    pub fn start_tls<P: Into<String>>(
        routes: Vec<(P, Reply)>,
        certificate: Vec<u8>,
        key: Vec<u8>,
    ) -> Self {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![certificate.into()],
                rustls::pki_types::PrivatePkcs8KeyDer::from(key).into(),
            )
            .unwrap();
        Self::serve(routes, Some(Arc::new(config)))
    }

    fn serve<P: Into<String>>(
        routes: Vec<(P, Reply)>,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let scheme = if tls.is_some() { "https" } else { "http" };
        let base = format!("{scheme}://{}", listener.local_addr().unwrap());
        let routes: Arc<HashMap<String, Reply>> = Arc::new(
            routes
                .into_iter()
                .map(|(path, reply)| (path.into(), reply))
                .collect(),
        );
        let log = Arc::new(Mutex::new(Vec::new()));
        let server_log = Arc::clone(&log);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let routes = Arc::clone(&routes);
                let log = Arc::clone(&server_log);
                let tls = tls.clone();
                thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
                    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
                    match tls {
                        None => answer(stream, &routes, &log),
                        Some(config) => {
                            let Ok(connection) = rustls::ServerConnection::new(config) else {
                                return;
                            };
                            let stream = rustls::StreamOwned::new(connection, stream);
                            answer(stream, &routes, &log)
                        }
                    }
                });
            }
        });
        TestServer { base, log }
    }

    /// The address of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }
}

fn answer(
    mut stream: impl Read + Write,
    routes: &HashMap<String, Reply>,
    log: &Mutex<Vec<Request>>,
) {
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    let reply = routes
        .get(&request.path)
        .cloned()
        .unwrap_or_else(|| Reply::status(404));
    let reply = if is_not_modified(&request, &reply) {
        Reply::status(304)
    } else {
        reply
    };
    log.lock().unwrap().push(request);
    thread::sleep(reply.delay);
    let _ = send(&mut stream, &reply);
}

/// Whether a conditional request names the reply's own `ETag` or `Last-Modified`.
fn is_not_modified(request: &Request, reply: &Reply) -> bool {
    let reply_header = |name: &str| {
        reply
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let same = |ours: &str, theirs: &str| {
        reply_header(ours).is_some_and(|value| request.header(theirs) == Some(value))
    };
    same("etag", "if-none-match") || same("last-modified", "if-modified-since")
}

fn read_request(stream: &mut impl Read) -> Option<Request> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.lines();
    let path = lines.next()?.split_whitespace().nth(1)?.to_string();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Request {
        path,
        headers,
        at: std::time::Instant::now(),
    })
}

fn send(stream: &mut impl Write, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !reply.endless {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    stream.write_all(head.as_bytes())?;
    stream.flush()?;
    if let Some(interval) = reply.trickle {
        for byte in &reply.body {
            thread::sleep(interval);
            stream.write_all(std::slice::from_ref(byte))?;
            stream.flush()?;
        }
        return Ok(());
    }
    if !reply.endless {
        stream.write_all(&reply.body)?;
        return stream.flush();
    }
    let chunk = if reply.body.is_empty() {
        vec![b'x'; 64 * 1024]
    } else {
        reply.body.clone()
    };
    let mut sent = 0;
    while sent < ENDLESS_CAP {
        stream.write_all(&chunk)?;
        sent += chunk.len();
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Whatever",
    }
}

/// The `cleancopy` command for network tests: no proxy from the environment (requests go
/// straight to 127.0.0.1) and a hard time limit.
pub fn cleancopy_net() -> assert_cmd::Command {
    let mut cmd = super::cleancopy();
    for var in [
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ] {
        cmd.env_remove(var);
    }
    cmd.timeout(Duration::from_secs(60));
    cmd
}
