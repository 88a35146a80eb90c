//! Deadlines for one connection to an SMTP server.
//!
//! The SMTP client blocks on its socket and offers only a timeout for each read and write: a
//! server that sends its greeting a byte at a time meets every one of them and can hold the
//! client for as long as it likes. So the client does not talk to the server directly: it
//! connects to a [`Relay`] on 127.0.0.1, which holds both sockets, passes the bytes along
//! (TLS included, untouched) and shuts both sockets down the moment a deadline passes, which
//! ends the client's blocked read or write at once.
//!
//! The deadlines: the connection to the server is made within the connect timeout; after the
//! client's last bytes (or the connection, for the greeting) the server has the reply timeout
//! to answer, or to take the next bytes of a message being sent; and nothing goes on past the
//! session's end.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long the relay waits between two looks for the client's connection.
const ACCEPT_POLL: Duration = Duration::from_millis(5);

/// The size of the buffer each direction is copied through.
const BUFFER_BYTES: usize = 64 * 1024;

/// Which deadline passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overdue {
    /// No connection to the server within the connect timeout.
    Connect,
    /// The server sent no greeting within the reply timeout.
    Greeting,
    /// The server did not answer within the reply timeout.
    Reply,
    /// The server took none of the message for the reply timeout.
    Upload,
    /// The session's end came.
    Session,
}

/// Why the relay could not be set up.
#[derive(Debug)]
pub enum RelayError {
    /// A deadline passed while connecting.
    Overdue(Overdue),
    /// The server's name has no address.
    Lookup(io::Error),
    /// The connection was refused, or failed otherwise.
    Connect(io::Error),
    /// No relay socket could be opened on 127.0.0.1.
    Local(io::Error),
}

/// The deadlines of a connection.
#[derive(Debug, Clone, Copy)]
pub struct Deadlines {
    /// How long connecting to the server may take.
    pub connect: Duration,
    /// How long the server may take to answer, or to take more of a message.
    pub reply: Duration,
    /// When everything must be over.
    pub session_end: Instant,
}

/// A relay between the SMTP client and one connection to the server: connect the client to
/// [`Relay::address`], then call [`Relay::finish`] once it is done.
pub struct Relay {
    address: SocketAddr,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// What the relay's threads share.
struct Shared {
    upstream: TcpStream,
    state: Mutex<State>,
}

struct State {
    /// When the server was connected to.
    connected: Instant,
    /// When the client last sent bytes; `None` until it does (the server owes its greeting).
    client_spoke: Option<Instant>,
    /// Whether the bytes the client sent last are still being handed to the server.
    uploading: bool,
    /// The client's socket, once it is connected.
    client: Option<TcpStream>,
    /// The deadline that passed, if one did.
    overdue: Option<Overdue>,
    /// Set when the relay is being closed.
    finished: bool,
}

impl Relay {
    /// Connects to `host:port` within the deadlines, and opens the relay the client connects
    /// to.
    pub fn open(host: &str, port: u16, deadlines: Deadlines) -> Result<Relay, RelayError> {
        let upstream = connect(host, port, &deadlines)?;
        let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(RelayError::Local)?;
        let address = listener.local_addr().map_err(RelayError::Local)?;
        listener.set_nonblocking(true).map_err(RelayError::Local)?;
        let shared = Arc::new(Shared {
            upstream,
            state: Mutex::new(State {
                connected: Instant::now(),
                client_spoke: None,
                uploading: false,
                client: None,
                overdue: None,
                finished: false,
            }),
        });
        let relay_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("smtp-relay".into())
            .spawn(move || run(listener, relay_shared, deadlines))
            .map_err(RelayError::Local)?;
        Ok(Relay {
            address,
            shared,
            thread: Some(thread),
        })
    }

    /// The address the client connects to.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Closes both connections and says which deadline passed, if one did.
    pub fn finish(mut self) -> Option<Overdue> {
        self.close();
        self.shared.state().overdue
    }

    fn close(&mut self) {
        self.shared.state().finished = true;
        self.shared.shut_down();
        if let Some(thread) = self.thread.take() {
            // A relay thread that panicked has nothing more to say.
            let _ = thread.join();
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.close();
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Ends both connections: every blocked read and write on them returns.
    fn shut_down(&self) {
        let _ = self.upstream.shutdown(Shutdown::Both);
        if let Some(client) = &self.state().client {
            let _ = client.shutdown(Shutdown::Both);
        }
    }

    /// Records that `overdue` passed (the first one only) and ends both connections.
    fn give_up(&self, overdue: Overdue) {
        self.state().overdue.get_or_insert(overdue);
        self.shut_down();
    }

    /// The next deadline, and which one it is.
    fn deadline(&self, deadlines: &Deadlines) -> (Instant, Overdue) {
        let state = self.state();
        let (since, kind) = match (state.client_spoke, state.uploading) {
            (None, _) => (state.connected, Overdue::Greeting),
            (Some(spoke), true) => (spoke, Overdue::Upload),
            (Some(spoke), false) => (spoke, Overdue::Reply),
        };
        let reply_end = since + deadlines.reply;
        if deadlines.session_end <= reply_end {
            (deadlines.session_end, Overdue::Session)
        } else {
            (reply_end, kind)
        }
    }
}

/// Connects to the first address of `host:port` that answers, within the connect timeout
/// and the session: the name lookup included.
fn connect(host: &str, port: u16, deadlines: &Deadlines) -> Result<TcpStream, RelayError> {
    let connect_end = Instant::now() + deadlines.connect;
    let (end, overdue) = if deadlines.session_end < connect_end {
        (deadlines.session_end, Overdue::Session)
    } else {
        (connect_end, Overdue::Connect)
    };
    let addresses = match resolve(host, port, end) {
        Some(found) => found?,
        None => return Err(RelayError::Overdue(overdue)),
    };
    let mut last_error = None;
    for address in addresses {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(RelayError::Overdue(overdue));
        }
        match TcpStream::connect_timeout(&address, left) {
            Ok(stream) => return Ok(stream),
            Err(error) if error.kind() == io::ErrorKind::TimedOut => {
                last_error = Some(RelayError::Overdue(overdue));
            }
            Err(error) => last_error = Some(RelayError::Connect(error)),
        }
    }
    Err(last_error.unwrap_or_else(|| {
        RelayError::Lookup(io::Error::new(
            io::ErrorKind::NotFound,
            "the name has no address",
        ))
    }))
}

/// The addresses of `host:port`, or `None` when the lookup does not end by `end`. The lookup
/// runs on a thread of its own, which the system's resolver ends in its own time.
fn resolve(host: &str, port: u16, end: Instant) -> Option<Result<Vec<SocketAddr>, RelayError>> {
    if let Ok(ip) = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
    {
        return Some(Ok(vec![SocketAddr::new(ip, port)]));
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    let name = host.to_string();
    let lookup = std::thread::Builder::new()
        .name("smtp-lookup".into())
        .spawn(move || {
            let found = (name.as_str(), port)
                .to_socket_addrs()
                .map(Iterator::collect::<Vec<_>>);
            let _ = sender.send(found);
        });
    if let Err(error) = lookup {
        return Some(Err(RelayError::Local(error)));
    }
    let left = end.saturating_duration_since(Instant::now());
    let found = receiver.recv_timeout(left).ok()?;
    Some(found.map_err(RelayError::Lookup))
}

/// The relay's thread: waits for the client, then copies bytes both ways until either side
/// closes or a deadline passes.
fn run(listener: TcpListener, shared: Arc<Shared>, deadlines: Deadlines) {
    let Some(client) = accept(&listener, &shared, &deadlines) else {
        return;
    };
    drop(listener);
    let (Ok(client_reader), Ok(upstream_writer)) =
        (client.try_clone(), shared.upstream.try_clone())
    else {
        // The client sees the connection end, and says so.
        shared.shut_down();
        return;
    };
    // A side that takes nothing for the reply timeout ends the copy towards it.
    let _ = upstream_writer.set_write_timeout(Some(deadlines.reply));
    let _ = client.set_write_timeout(Some(deadlines.reply));
    let uploader_shared = Arc::clone(&shared);
    let uploader = std::thread::Builder::new()
        .name("smtp-relay-upload".into())
        .spawn(move || upload(client_reader, upstream_writer, &uploader_shared));
    download(client, &shared, &deadlines);
    shared.shut_down();
    if let Ok(uploader) = uploader {
        let _ = uploader.join();
    }
}

/// Waits for the client's connection, until the relay is closed or the connect deadline.
fn accept(listener: &TcpListener, shared: &Shared, deadlines: &Deadlines) -> Option<TcpStream> {
    let end = (Instant::now() + deadlines.connect).min(deadlines.session_end);
    loop {
        match listener.accept() {
            Ok((client, _)) => {
                if client.set_nonblocking(false).is_err() {
                    return None;
                }
                let mut state = shared.state();
                if state.finished {
                    return None;
                }
                state.client = client.try_clone().ok();
                return Some(client);
            }
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                if shared.state().finished || Instant::now() >= end {
                    return None;
                }
                std::thread::sleep(ACCEPT_POLL);
            }
            Err(_) => return None,
        }
    }
}

/// Client to server: every chunk the client sends restarts the server's reply clock.
fn upload(mut client: TcpStream, mut upstream: TcpStream, shared: &Shared) {
    let mut buffer = vec![0; BUFFER_BYTES];
    loop {
        let count = match client.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(count) => count,
        };
        {
            let mut state = shared.state();
            state.client_spoke = Some(Instant::now());
            state.uploading = true;
        }
        let written = upstream.write_all(&buffer[..count]);
        shared.state().uploading = false;
        if written.is_err() {
            break;
        }
    }
    let _ = upstream.shutdown(Shutdown::Write);
}

/// Server to client, watching the deadlines: the server's reads wait no longer than the next
/// deadline, and when it passes both connections are shut down.
fn download(mut client: TcpStream, shared: &Shared, deadlines: &Deadlines) {
    let mut upstream = &shared.upstream;
    let mut buffer = vec![0; BUFFER_BYTES];
    loop {
        let (deadline, overdue) = shared.deadline(deadlines);
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            if !shared.state().finished {
                shared.give_up(overdue);
            }
            return;
        }
        if upstream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match upstream.read(&mut buffer) {
            Ok(0) => return,
            Ok(count) => {
                if client.write_all(&buffer[..count]).is_err() {
                    return;
                }
            }
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) => {}
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn deadlines(reply_ms: u64, session_ms: u64) -> Deadlines {
        Deadlines {
            connect: Duration::from_secs(5),
            reply: Duration::from_millis(reply_ms),
            session_end: Instant::now() + Duration::from_millis(session_ms),
        }
    }

    /// A server on 127.0.0.1 that runs `serve` on its first connection.
    fn server(serve: impl FnOnce(TcpStream) + Send + 'static) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            if let Ok((stream, _)) = listener.accept() {
                serve(stream);
            }
        });
        port
    }

    /// Reads from `stream` until it ends; returns the bytes and how long it took.
    fn read_all(stream: &mut TcpStream) -> (Vec<u8>, Duration) {
        let start = Instant::now();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        (bytes, start.elapsed())
    }

    #[test]
    fn bytes_pass_both_ways() {
        let port = server(|mut stream| {
            stream.write_all(b"220 hello\r\n").unwrap();
            let mut line = [0; 6];
            stream.read_exact(&mut line).unwrap();
            stream.write_all(&line).unwrap();
        });
        let relay = Relay::open("127.0.0.1", port, deadlines(2000, 5000)).unwrap();
        let mut client = TcpStream::connect(relay.address()).unwrap();
        let mut greeting = [0; 11];
        client.read_exact(&mut greeting).unwrap();
        assert_eq!(&greeting, b"220 hello\r\n");
        client.write_all(b"QUIT\r\n").unwrap();
        let (echo, _) = read_all(&mut client);
        assert_eq!(echo, b"QUIT\r\n");
        assert_eq!(relay.finish(), None);
    }

    #[test]
    fn a_trickled_greeting_is_cut_at_the_reply_deadline() {
        let port = server(|mut stream| {
            for byte in b"220 slow server ready\r\n".repeat(20) {
                if stream.write_all(&[byte]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        let relay = Relay::open("127.0.0.1", port, deadlines(300, 10_000)).unwrap();
        let mut client = TcpStream::connect(relay.address()).unwrap();
        let (bytes, took) = read_all(&mut client);
        assert!(!bytes.is_empty() && bytes.len() < 100, "{}", bytes.len());
        assert!(took < Duration::from_secs(2), "{took:?}");
        assert_eq!(relay.finish(), Some(Overdue::Greeting));
    }

    #[test]
    fn a_silent_server_is_cut_at_the_reply_deadline_after_the_client_speaks() {
        let port = server(|mut stream| {
            stream.write_all(b"220 hello\r\n").unwrap();
            std::thread::sleep(Duration::from_secs(10));
        });
        let relay = Relay::open("127.0.0.1", port, deadlines(300, 10_000)).unwrap();
        let mut client = TcpStream::connect(relay.address()).unwrap();
        let mut greeting = [0; 11];
        client.read_exact(&mut greeting).unwrap();
        client.write_all(b"EHLO me\r\n").unwrap();
        let (_, took) = read_all(&mut client);
        assert!(took < Duration::from_secs(2), "{took:?}");
        assert_eq!(relay.finish(), Some(Overdue::Reply));
    }

    #[test]
    fn the_session_end_cuts_a_server_that_answers_in_time_every_time() {
        let port = server(|mut stream| {
            let mut byte = [0];
            while stream.read_exact(&mut byte).is_ok() {
                std::thread::sleep(Duration::from_millis(100));
                if stream.write_all(b"250 ok\r\n").is_err() {
                    return;
                }
            }
        });
        let relay = Relay::open("127.0.0.1", port, deadlines(300, 700)).unwrap();
        let mut client = TcpStream::connect(relay.address()).unwrap();
        let start = Instant::now();
        let mut reply = [0; 8];
        while client.write_all(b"N").is_ok() && client.read_exact(&mut reply).is_ok() {}
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(relay.finish(), Some(Overdue::Session));
    }

    #[test]
    fn a_refused_connection_is_not_a_timeout() {
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        match Relay::open("127.0.0.1", port, deadlines(300, 5000)) {
            Err(RelayError::Connect(error)) => {
                assert_eq!(error.kind(), io::ErrorKind::ConnectionRefused)
            }
            other => panic!("{:?}", other.map(|relay| relay.address())),
        }
    }
}
