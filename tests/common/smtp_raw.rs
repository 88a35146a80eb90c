//! SMTP servers that keep a client waiting, for the deadline tests of `cleancopy send`: plain
//! TCP on 127.0.0.1, started by the test and stopped when dropped (aiosmtpd always answers at
//! once).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How the server keeps its client waiting.
#[derive(Debug, Clone, Copy)]
pub enum Behaviour {
    /// Takes the connection and says nothing.
    Silent,
    /// Sends a greeting that never ends, one byte every `interval`.
    Trickle(Duration),
    /// Answers every command as a server should, each reply after `delay`.
    Slow(Duration),
}

/// A running server.
pub struct RawServer {
    /// Its port on 127.0.0.1.
    pub port: u16,
    stop: Arc<AtomicBool>,
}

impl RawServer {
    /// Starts a server that treats every connection as `behaviour` says.
    pub fn start(behaviour: Behaviour) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        listener.set_nonblocking(true).expect("non-blocking");
        let stop = Arc::new(AtomicBool::new(false));
        let running = Arc::clone(&stop);
        std::thread::spawn(move || {
            while !running.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let running = Arc::clone(&running);
                        std::thread::spawn(move || serve(stream, behaviour, &running));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        RawServer { port, stop }
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(stream: TcpStream, behaviour: Behaviour, stop: &AtomicBool) {
    let _ = stream.set_nonblocking(false);
    let mut writer = match stream.try_clone() {
        Ok(writer) => writer,
        Err(_) => return,
    };
    let pause = |duration: Duration| {
        std::thread::sleep(duration);
        !stop.load(Ordering::Relaxed)
    };
    match behaviour {
        Behaviour::Silent => while pause(Duration::from_millis(50)) {},
        Behaviour::Trickle(interval) => {
            let greeting = b"220 slow.example ESMTP ready"
                .iter()
                .chain(std::iter::repeat(&b' '));
            for byte in greeting {
                if !pause(interval) || writer.write_all(&[*byte]).is_err() {
                    return;
                }
            }
        }
        Behaviour::Slow(delay) => {
            let mut reply = |text: &str| pause(delay) && writer.write_all(text.as_bytes()).is_ok();
            if !reply("220 slow.example ESMTP\r\n") {
                return;
            }
            let mut reader = BufReader::new(stream);
            let mut in_data = false;
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|read| read > 0) {
                let command = line.trim_end().to_ascii_uppercase();
                line.clear();
                let answer = if in_data {
                    if command != "." {
                        continue;
                    }
                    in_data = false;
                    "250 queued\r\n"
                } else if command.starts_with("EHLO") || command.starts_with("HELO") {
                    "250 slow.example\r\n"
                } else if command == "DATA" {
                    in_data = true;
                    "354 go ahead\r\n"
                } else if command == "QUIT" {
                    let _ = reply("221 bye\r\n");
                    return;
                } else {
                    "250 ok\r\n"
                };
                if !reply(answer) {
                    return;
                }
            }
        }
    }
}

/// A port on 127.0.0.1 where a connection is never made: a listener whose queue is full
/// (one connection waiting, none taken), so that new ones wait for an answer that never
/// comes.
pub struct Unanswered {
    /// The port.
    pub port: u16,
    _listener: socket2::Socket,
    _waiting: TcpStream,
}

impl Unanswered {
    /// Opens the listener and fills its queue.
    pub fn start() -> Unanswered {
        use socket2::{Domain, Socket, Type};
        let listener = Socket::new(Domain::IPV4, Type::STREAM, None).expect("socket");
        let address: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
        listener.bind(&address.into()).expect("bind");
        listener.listen(0).expect("listen");
        let port = listener
            .local_addr()
            .expect("address")
            .as_socket()
            .expect("an IP address")
            .port();
        let waiting = TcpStream::connect(("127.0.0.1", port)).expect("the first connection");
        Unanswered {
            port,
            _listener: listener,
            _waiting: waiting,
        }
    }
}
