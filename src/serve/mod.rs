//! `cleancopy serve`: the pipeline as a small web service, with a page and a bookmarklet.
//!
//! Routes: `GET /` the page (a form that works without JavaScript, and the bookmarklet);
//! `POST /convert` that form's and the bookmarklet's target (the book as a download, or a page
//! saying it was e-mailed); `POST /api/convert` and `POST /api/send` (JSON in; the book, or
//! the JSON record of what was sent, out); and `GET /healthz`.
//!
//! With an access token set, every request but `/healthz` carries it: an `Authorization:
//! Bearer TOKEN` header, a `token` form field (the bookmarklet), or the `HttpOnly;
//! SameSite=Strict` cookie that `/?token=TOKEN` sets (the page); a form posted with the cookie
//! alone must come from the page itself (its `Origin` names this server). Without a token only
//! a loopback address is served, and only to requests addressed to a loopback name from no
//! other site.
//!
//! Conversions are CPU work, run on tokio's blocking threads: at most [`ServeOptions::jobs`]
//! at once, at most [`ServeOptions::queue`] more waiting, and past that the answer is 503 with
//! `Retry-After`. Addresses are fetched from public hosts only unless
//! [`ServeOptions::allow_private_addresses`] ([`crate::source::public`]). On SIGTERM or
//! Ctrl-C the server stops accepting connections and finishes the conversions in flight.
//!
//! axum on tokio was chosen as the tokio project's own HTTP framework: hyper underneath,
//! body limits, JSON, forms and multipart built in, graceful shutdown, and nothing unsafe to
//! add; the conversions themselves stay the blocking library calls the command line makes.

mod access;
mod handlers;
mod jobs;
mod page;

use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::HttpBody as _;
use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use crate::deliver::config::SmtpConfig;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The address to listen on (`127.0.0.1:8461`; port 0 picks a free one).
    pub listen: String,
    /// The largest request body accepted, in bytes (413 past it).
    pub max_bytes: usize,
    /// How many conversions run at once.
    pub jobs: usize,
    /// How many more may wait for their turn; past that, 503.
    pub queue: usize,
    /// The most time one conversion may take, its fetches included (504 past it).
    pub timeout: Duration,
    /// The most time a client may take to send a request's head, and again its body (408
    /// past it); an idle kept-alive connection is closed after it too.
    pub client_timeout: Duration,
    /// Fetch pages and pictures from private, loopback and link-local addresses too.
    pub allow_private_addresses: bool,
    /// The access token; `None` allows only a loopback address.
    pub token: Option<String>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            listen: "127.0.0.1:8461".into(),
            max_bytes: 32 * 1024 * 1024,
            jobs: std::thread::available_parallelism().map_or(2, usize::from),
            queue: 16,
            timeout: Duration::from_secs(60),
            client_timeout: Duration::from_secs(30),
            allow_private_addresses: false,
            token: None,
        }
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The listen address does not parse or resolve.
    #[error("--listen {address}: not an address to listen on ({cause})")]
    Address {
        /// The address as given.
        address: String,
        /// Why it cannot be used.
        cause: String,
    },
    /// A non-loopback address without a token.
    #[error(
        "--listen {address}: refusing to listen beyond this machine without an access token \
         (set CLEANCOPY_SERVE_TOKEN or [serve] token in the config file)"
    )]
    TokenRequired {
        /// The address as given.
        address: String,
    },
    /// Binding or serving failed.
    #[error("--listen {address}: {source}")]
    Listen {
        /// The address.
        address: String,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// The converters could not be set up.
    #[error(transparent)]
    Setup(#[from] crate::Error),
}

/// What every request handler shares.
#[derive(Debug)]
struct State {
    access: access::Access,
    jobs: jobs::Jobs,
    /// The e-mail settings, or why there are none.
    smtp: Result<SmtpConfig, String>,
    max_bytes: usize,
    /// See [`ServeOptions::client_timeout`].
    client_timeout: Duration,
}

/// Runs the server until SIGTERM or Ctrl-C, then finishes the conversions in flight.
/// Writes `listening on http://HOST:PORT` on standard error once it accepts connections,
/// then one line per request.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let address = resolve_listen(&options.listen)?;
    if options.token.is_none() && !address.ip().is_loopback() {
        return Err(ServeError::TokenRequired {
            address: options.listen.clone(),
        });
    }
    let state = Arc::new(State {
        access: access::Access::new(options.token.clone()),
        jobs: jobs::Jobs::new(&options)?,
        smtp: SmtpConfig::from_environment().map_err(|err| err.to_string()),
        max_bytes: options.max_bytes,
        client_timeout: options.client_timeout,
    });
    let listen_error = |source| ServeError::Listen {
        address: options.listen.clone(),
        source,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(listen_error)?;
    runtime.block_on(async {
        let listener = TcpListener::bind(address).await.map_err(listen_error)?;
        let bound = listener.local_addr().map_err(listen_error)?;
        eprintln!("listening on http://{bound}");
        serve_connections(listener, router(state), options.client_timeout).await;
        Ok::<(), ServeError>(())
    })?;
    eprintln!("stopped");
    Ok(())
}

/// Accepts connections and serves them until SIGTERM or Ctrl-C, then lets the requests in
/// flight finish. Each connection has `client_timeout` to send each request's head (hyper's
/// header timeout, which also ends a kept-alive connection left idle); a client that goes away
/// or breaks the protocol ends only its own connection.
async fn serve_connections(listener: TcpListener, app: Router, client_timeout: Duration) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(client_timeout);
    let connections = GracefulShutdown::new();
    let stop = stop_signal();
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors and the like: wait for connections to close
                    // rather than spin.
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        // A book goes out in several writes: with TCP_NODELAY the last one does not wait for
        // the client's delayed acknowledgement of the one before. Only a latency hint: a
        // connection that refuses it is served as it is.
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let connection = connections.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    connections.shutdown().await;
}

/// The one address `listen` names.
fn resolve_listen(listen: &str) -> Result<SocketAddr, ServeError> {
    let error = |cause: String| ServeError::Address {
        address: listen.to_string(),
        cause,
    };
    let mut addresses = listen
        .to_socket_addrs()
        .map_err(|err| error(err.to_string()))?;
    addresses
        .next()
        .ok_or_else(|| error("it names no address".into()))
}

/// How long to wait before accepting again after the system refused a connection.
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// The routes, their body limits (size and time) and the request log.
fn router(state: Arc<State>) -> Router {
    let max_bytes = state.max_bytes;
    Router::new()
        .route("/", get(handlers::page))
        .route("/healthz", get(handlers::health))
        .route("/convert", post(handlers::form))
        .route("/api/convert", post(handlers::api_convert))
        .route("/api/send", post(handlers::api_send))
        .fallback(handlers::not_found)
        .layer(DefaultBodyLimit::max(max_bytes))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            handlers::read_body_in_time,
        ))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Logs one line per request on standard error: method, path (without the query, which may
/// hold the token), status, body bytes and milliseconds. Nothing of the page or the token.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let bytes = response.body().size_hint().exact().unwrap_or_default();
    eprintln!(
        "{method} {path} {} {bytes} {}ms",
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}

/// Resolves on SIGTERM or Ctrl-C (SIGINT).
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    eprintln!("stopping: finishing the conversions in flight");
}
