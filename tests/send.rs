//! `cleancopy send` against a real SMTP server on 127.0.0.1 (Python's aiosmtpd, see
//! `common/smtp.rs`): what arrives, STARTTLS with a trusted CA file, logins, and failures;
//! and against servers that keep it waiting (`common/smtp_raw.rs`): every deadline.
#![cfg(feature = "email")]

mod common;
#[path = "common/smtp_raw.rs"]
mod smtp_raw;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::smtp::{make_certificates, make_self_signed_ca, SmtpOptions, SmtpServer};
use common::{cleancopy, fixture};
use predicates::str::contains;
use smtp_raw::{Behaviour, RawServer, Unanswered};

/// The example article and the file `send` writes for it.
const TITLE: &str = "The Clockmaker Who Tells the Tides";
const EPUB_NAME: &str = "the-clockmaker-who-tells-the-tides.epub";

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tide-clock.html")
}

/// `cleancopy` run in `dir`, with a config folder of its own and no SMTP settings inherited.
fn send_in(dir: &Path) -> assert_cmd::Command {
    let mut cmd = cleancopy();
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env_remove("CLEANCOPY_CONFIG");
    for var in [
        "HOST",
        "PORT",
        "TLS",
        "USER",
        "FROM",
        "PASSWORD",
        "PASSWORD_COMMAND",
        "CA_FILE",
        "MAX_MESSAGE_SIZE",
        "CONNECT_TIMEOUT",
        "REPLY_TIMEOUT",
        "SEND_TIMEOUT",
    ] {
        cmd.env_remove(format!("CLEANCOPY_SMTP_{var}"));
    }
    cmd
}

/// Plain SMTP on this machine, no login.
fn plain_env(cmd: &mut assert_cmd::Command, port: u16) {
    cmd.env("CLEANCOPY_SMTP_HOST", "127.0.0.1")
        .env("CLEANCOPY_SMTP_PORT", port.to_string())
        .env("CLEANCOPY_SMTP_TLS", "none")
        .env("CLEANCOPY_SMTP_FROM", "me@example.org");
}

/// A port on 127.0.0.1 that nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}

#[test]
fn sent_book_arrives_as_the_same_epub_named_after_its_title() {
    let Some(server) = SmtpServer::start(&SmtpOptions::default()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    let out = cmd
        .args(["send", "--json", "--to", "reader_42@kindle.com"])
        .arg(example())
        .assert()
        .success()
        .stderr(contains("sent 1 book to reader_42@kindle.com (1 e-mail)"))
        .get_output()
        .stdout
        .clone();

    let on_disk = std::fs::read(dir.path().join(EPUB_NAME)).expect("the book stays on disk");
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(
        message.summary["rcpt_tos"],
        serde_json::json!(["reader_42@kindle.com"])
    );
    assert_eq!(message.summary["mail_from"], "me@example.org");
    assert_eq!(message.summary["subject"], TITLE);
    assert!(!message.raw.contains("octet-stream"), "{}", message.raw);

    let parts = message.parts();
    assert_eq!(parts.len(), 2, "a text body and the book");
    assert_eq!(parts[0].0, "text/plain");
    assert!(String::from_utf8_lossy(&parts[0].2).contains("EPUB"));
    assert_eq!(parts[1].0, "application/epub+zip");
    assert_eq!(parts[1].1.as_deref(), Some(&*format!("{TITLE}.epub")));
    assert!(
        parts[1].2 == on_disk,
        "the attachment is not the EPUB written"
    );

    let record: serde_json::Value = serde_json::from_slice(&out).expect("one JSON record");
    assert_eq!(record["path"], EPUB_NAME);
    assert_eq!(
        record["sent_to"],
        serde_json::json!(["reader_42@kindle.com"])
    );
    assert_eq!(record["bytes"], on_disk.len());
}

#[test]
fn login_over_starttls_trusts_the_ca_file_of_the_config() {
    let certs = tempfile::tempdir().unwrap();
    let (ca, cert, key) = make_certificates(certs.path());
    let options = SmtpOptions {
        tls: Some((cert, key)),
        login: Some(("reader".into(), "tide-clock-42".into())),
        implicit_tls: false,
        refuse: 0,
    };
    let Some(server) = SmtpServer::start(&options) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config/cleancopy/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"starttls\"\nuser = \"reader\"\n\
             from = \"reader@example.org\"\npassword_command = \"echo tide-clock-42\"\n\
             ca_file = \"{}\"\n",
            server.port,
            ca.display()
        ),
    )
    .unwrap();
    send_in(dir.path())
        .args(["send", "--to", "reader@kobo.example.net"])
        .arg(example())
        .assert()
        .success();

    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].summary["tls"], true, "STARTTLS was used");
    assert_eq!(messages[0].summary["login"], "reader");
    let attachments = messages[0].attachments();
    assert_eq!(attachments.len(), 1);
    assert!(attachments[0].1 == std::fs::read(dir.path().join(EPUB_NAME)).unwrap());
}

#[test]
fn untrusted_certificate_fails_before_anything_is_sent_and_keeps_the_book() {
    let certs = tempfile::tempdir().unwrap();
    let (_, cert, key) = make_certificates(certs.path());
    let options = SmtpOptions {
        tls: Some((cert, key)),
        login: Some(("reader".into(), "tide-clock-42".into())),
        implicit_tls: false,
        refuse: 0,
    };
    let Some(server) = SmtpServer::start(&options) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    send_in(dir.path())
        .env("CLEANCOPY_SMTP_HOST", "127.0.0.1")
        .env("CLEANCOPY_SMTP_PORT", server.port.to_string())
        .env("CLEANCOPY_SMTP_TLS", "starttls")
        .env("CLEANCOPY_SMTP_USER", "reader@example.org")
        .env("CLEANCOPY_SMTP_PASSWORD", "tide-clock-42")
        .args(["send", "--to", "reader_42@kindle.com"])
        .arg(example())
        .assert()
        .code(1)
        .stderr(contains(format!(
            "127.0.0.1:{}: not sent: TLS failed",
            server.port
        )))
        .stderr(contains(format!("the book is kept at {EPUB_NAME}")));
    assert!(dir.path().join(EPUB_NAME).is_file());
    assert!(server.messages().is_empty());
}

#[test]
fn refused_login_is_reported_and_keeps_the_book() {
    let options = SmtpOptions {
        tls: None,
        login: Some(("reader".into(), "tide-clock-42".into())),
        implicit_tls: false,
        refuse: 0,
    };
    let Some(server) = SmtpServer::start(&options) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    cmd.env("CLEANCOPY_SMTP_USER", "reader")
        .env("CLEANCOPY_SMTP_PASSWORD", "wrong password")
        .args(["send", "--to", "reader_42@kindle.com"])
        .arg(example())
        .assert()
        .code(1)
        .stderr(contains(format!(
            "127.0.0.1:{}: not sent: login refused for reader",
            server.port
        )))
        .stderr(contains("535"));
    assert!(dir.path().join(EPUB_NAME).is_file());
    assert!(server.messages().is_empty());
}

#[test]
fn unreachable_server_is_named_and_the_book_kept() {
    let dir = tempfile::tempdir().unwrap();
    let port = closed_port();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, port);
    let out = cmd
        .args(["send", "--to", "reader_42@kindle.com"])
        .arg(example())
        .assert()
        .code(1)
        .stderr(contains(format!(
            "127.0.0.1:{port}: not sent: cannot connect"
        )))
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("cleancopy: error"))
            .count(),
        1,
        "one line of error:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(dir.path().join(EPUB_NAME).is_file());
}

#[test]
fn a_message_over_the_size_limit_is_refused_before_connecting() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = send_in(dir.path());
    // Nothing listens on this port: a connection attempt would fail differently.
    plain_env(&mut cmd, closed_port());
    cmd.env("CLEANCOPY_SMTP_MAX_MESSAGE_SIZE", "4000")
        .args(["send", "--to", "reader_42@kindle.com"])
        .arg(example())
        .assert()
        .code(1)
        .stderr(contains(format!("{TITLE}.epub: ")))
        .stderr(contains(
            "is over the 0.0 MB the configured max_message_size allows",
        ))
        .stderr(contains("nothing was sent"));
    assert!(dir.path().join(EPUB_NAME).is_file());
}

#[test]
fn missing_settings_fail_before_any_book_is_made() {
    let dir = tempfile::tempdir().unwrap();
    send_in(dir.path())
        .args(["send", "--to", "reader_42@kindle.com"])
        .arg(example())
        .assert()
        .code(1)
        .stderr(contains("no SMTP server: set host in"))
        .stderr(contains("CLEANCOPY_SMTP_HOST"));
    assert!(!dir.path().join(EPUB_NAME).exists());
}

#[test]
fn twenty_six_books_go_in_two_messages_of_at_most_twenty_five() {
    let Some(server) = SmtpServer::start(&SmtpOptions::default()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    let mut paths = Vec::new();
    for n in 1..=26 {
        let path = inputs.join(format!("note-{n:02}.md"));
        std::fs::write(
            &path,
            format!(
                "---\ntitle: Harbour note {n}\n---\n\nThe harbour board met for the {n}th time \
                 to talk about the wall, the storms and the ferry timetable. Everyone agreed \
                 the tide would come in again tomorrow.\n"
            ),
        )
        .unwrap();
        paths.push(path);
    }
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    cmd.args([
        "send",
        "--split",
        "-o",
        "books",
        "--no-images",
        "--to",
        "reader_42@kindle.com",
    ])
    .args(&paths)
    .assert()
    .success()
    .stderr(contains(
        "sent 26 books to reader_42@kindle.com (2 e-mails)",
    ));

    let messages = server.messages();
    let counts: Vec<usize> = messages.iter().map(|m| m.attachments().len()).collect();
    assert_eq!(counts, [25, 1]);
    let received: Vec<(String, Vec<u8>)> = messages.iter().flat_map(|m| m.attachments()).collect();
    for (n, (name, bytes)) in received.iter().enumerate() {
        let n = n + 1;
        assert_eq!(name, &format!("Harbour note {n}.epub"));
        let on_disk =
            std::fs::read(dir.path().join(format!("books/harbour-note-{n}.epub"))).unwrap();
        assert!(bytes == &on_disk, "attachment {n} differs from its file");
    }
    assert_eq!(messages[1].summary["subject"], "Harbour note 26");
    assert!(messages[0].summary["subject"]
        .as_str()
        .unwrap()
        .starts_with("25 documents: Harbour note 1; Harbour note 2;"));
}

#[test]
fn send_to_standard_output_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    send_in(dir.path())
        .args(["send", "-o", "-", "--to", "reader_42@kindle.com"])
        .arg(fixture("article.html"))
        .assert()
        .code(2);
}

#[test]
fn a_mistyped_recipient_fails_before_any_book_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, closed_port());
    cmd.args(["send", "--to", "reader_42kindle.com"])
        .arg(example())
        .assert()
        .code(1)
        .stderr(contains(
            "cleancopy: error: 'reader_42kindle.com': not an e-mail address",
        ));
    assert!(!dir.path().join(EPUB_NAME).exists());
}

#[test]
fn login_over_implicit_tls_the_default_mode() {
    let certs = tempfile::tempdir().unwrap();
    let (ca, cert, key) = make_certificates(certs.path());
    let options = SmtpOptions {
        tls: Some((cert, key)),
        login: Some(("reader".into(), "tide-clock-42".into())),
        implicit_tls: true,
        refuse: 0,
    };
    let Some(server) = SmtpServer::start(&options) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // No tls setting: TLS from the first byte is the default.
    send_in(dir.path())
        .env("CLEANCOPY_SMTP_HOST", "127.0.0.1")
        .env("CLEANCOPY_SMTP_PORT", server.port.to_string())
        .env("CLEANCOPY_SMTP_USER", "reader")
        .env("CLEANCOPY_SMTP_FROM", "reader@example.org")
        .env("CLEANCOPY_SMTP_PASSWORD", "tide-clock-42")
        .env("CLEANCOPY_SMTP_CA_FILE", &ca)
        .args(["send", "--to", "reader@pbsync.example.com"])
        .arg(example())
        .assert()
        .success();
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].summary["login"], "reader");
    assert_eq!(
        messages[0].summary["rcpt_tos"],
        serde_json::json!(["reader@pbsync.example.com"])
    );
    let attachments = messages[0].attachments();
    assert!(attachments[0].1 == std::fs::read(dir.path().join(EPUB_NAME)).unwrap());
}

/// Deadlines short enough for a test: `connect`, `reply` and `send` seconds.
fn deadlines(cmd: &mut assert_cmd::Command, connect: &str, reply: &str, send: &str) {
    cmd.env("CLEANCOPY_SMTP_CONNECT_TIMEOUT", connect)
        .env("CLEANCOPY_SMTP_REPLY_TIMEOUT", reply)
        .env("CLEANCOPY_SMTP_SEND_TIMEOUT", send);
}

/// Sends the example with `cmd` (which must fail), and returns its standard error and how
/// long it took. A run that hangs is stopped after 30 s.
fn failed_send(cmd: &mut assert_cmd::Command) -> (String, Duration) {
    let start = Instant::now();
    let out = cmd
        .args(["send", "--to", "reader_42@kindle.com"])
        .arg(example())
        .timeout(Duration::from_secs(30))
        .assert()
        .code(1)
        .get_output()
        .clone();
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

/// The margin a run may take beyond the deadline it tests (making the book, starting up).
const MARGIN: Duration = Duration::from_secs(6);

#[test]
fn a_silent_server_times_out_at_the_reply_deadline() {
    let server = RawServer::start(Behaviour::Silent);
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    deadlines(&mut cmd, "10", "1", "60");
    let (stderr, took) = failed_send(&mut cmd);
    assert!(
        stderr.contains(&format!(
            "127.0.0.1:{}: not sent: timed out: the server sent no greeting within 1 s \
             (reply_timeout)",
            server.port
        )),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(1) + MARGIN, "took {took:?}");
    assert!(dir.path().join(EPUB_NAME).is_file());
}

#[test]
fn a_trickled_greeting_times_out_at_the_reply_deadline() {
    // One byte every 100 ms meets any timeout on each read; the reply as a whole is late.
    let server = RawServer::start(Behaviour::Trickle(Duration::from_millis(100)));
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    deadlines(&mut cmd, "10", "1", "60");
    let (stderr, took) = failed_send(&mut cmd);
    assert!(
        stderr.contains(&format!(
            "127.0.0.1:{}: not sent: timed out: the server sent no greeting within 1 s",
            server.port
        )),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(1) + MARGIN, "took {took:?}");
}

#[test]
fn a_connection_never_answered_times_out_at_the_connect_deadline() {
    let server = Unanswered::start();
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    deadlines(&mut cmd, "1", "10", "60");
    let (stderr, took) = failed_send(&mut cmd);
    assert!(
        stderr.contains(&format!(
            "127.0.0.1:{}: not sent: timed out connecting (no connection within 1 s, \
             connect_timeout)",
            server.port
        )),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(1) + MARGIN, "took {took:?}");
}

#[test]
fn a_server_answering_slowly_every_time_is_stopped_at_the_send_deadline() {
    // Each reply comes in 0.4 s, well within the reply deadline, but a message takes seven.
    let server = RawServer::start(Behaviour::Slow(Duration::from_millis(400)));
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    deadlines(&mut cmd, "10", "2", "1.5");
    let (stderr, took) = failed_send(&mut cmd);
    assert!(
        stderr.contains(&format!(
            "127.0.0.1:{}: not sent: timed out: sending took longer than the 1.5 s \
             send_timeout allows",
            server.port
        )),
        "{stderr}"
    );
    assert!(took < Duration::from_millis(1500) + MARGIN, "took {took:?}");
}

#[test]
fn a_slow_server_within_every_deadline_gets_the_book() {
    let server = RawServer::start(Behaviour::Slow(Duration::from_millis(50)));
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    deadlines(&mut cmd, "10", "2", "20");
    cmd.args(["send", "--to", "reader_42@kindle.com"])
        .arg(example())
        .timeout(Duration::from_secs(30))
        .assert()
        .success()
        .stderr(contains("sent 1 book to reader_42@kindle.com (1 e-mail)"));
}

/// Writes `count` short Markdown articles titled "Harbour note N" in `dir`/inputs.
fn harbour_notes(dir: &Path, count: usize) -> Vec<PathBuf> {
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    (1..=count)
        .map(|n| {
            let path = inputs.join(format!("note-{n:02}.md"));
            std::fs::write(
                &path,
                format!(
                    "---\ntitle: Harbour note {n}\n---\n\nThe harbour board met for the {n}th \
                     time to talk about the wall, the storms and the ferry timetable.\n"
                ),
            )
            .unwrap();
            path
        })
        .collect()
}

/// The `--json` records printed: (path, sent_to) of each.
fn records(stdout: &[u8]) -> Vec<(String, Option<Vec<String>>)> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let sent_to = record.get("sent_to").map(|to| {
                to.as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap().to_string())
                    .collect()
            });
            (record["path"].as_str().unwrap().to_string(), sent_to)
        })
        .collect()
}

#[test]
fn a_partly_sent_batch_is_reported_book_by_book_and_can_be_finished_without_duplicates() {
    let refusing = SmtpOptions {
        refuse: 2,
        ..SmtpOptions::default()
    };
    let Some(server) = SmtpServer::start(&refusing) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let notes = harbour_notes(dir.path(), 27);
    let to = "reader_42@kindle.com";
    let send = |port: u16, extra: &[&str]| {
        let mut cmd = send_in(dir.path());
        plain_env(&mut cmd, port);
        cmd.args([
            "send",
            "--split",
            "-o",
            "books",
            "--no-images",
            "--json",
            "--to",
            to,
        ])
        .args(extra)
        .args(&notes);
        cmd
    };

    // The server takes the first message (25 books) and refuses the second (2 books).
    let out = send(server.port, &[]).assert().code(3).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "cleancopy: error: 127.0.0.1:{}: message 2 of 2 not sent (1 sent before it): \
             the server refused it: ",
            server.port
        )) && stderr.contains("554"),
        "{stderr}"
    );
    let unsent: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("cleancopy: not sent: "))
        .collect();
    assert_eq!(
        unsent,
        [
            "cleancopy: not sent: books/harbour-note-26.epub (Harbour note 26)",
            "cleancopy: not sent: books/harbour-note-27.epub (Harbour note 27)",
        ]
    );
    assert!(
        stderr.contains(
            "sent 25 of 27 books to reader_42@kindle.com (1 e-mail); the 2 books not sent \
             are kept: run the same command again with --force --skip-sent"
        ),
        "{stderr}"
    );
    let first = records(&out.stdout);
    assert_eq!(first.len(), 27, "one record per file written");
    for (n, (path, sent_to)) in first.iter().enumerate() {
        let n = n + 1;
        assert_eq!(path, &format!("books/harbour-note-{n}.epub"));
        let expected = (n <= 25).then(|| vec![to.to_string()]);
        assert_eq!(sent_to, &expected, "book {n}");
    }
    assert_eq!(server.messages().len(), 1);

    // Run again, with a server that takes everything: only the two books not sent go.
    let Some(second_server) = SmtpServer::start(&SmtpOptions::default()) else {
        return;
    };
    let out = send(second_server.port, &["--force", "--skip-sent"])
        .assert()
        .success()
        .stderr(contains(
            "skipped 25 books already sent to reader_42@kindle.com",
        ))
        .stderr(contains("sent 2 books to reader_42@kindle.com (1 e-mail)"))
        .get_output()
        .clone();
    let messages = second_server.messages();
    assert_eq!(messages.len(), 1);
    let names: Vec<String> = messages[0].attachments().into_iter().map(|a| a.0).collect();
    assert_eq!(names, ["Harbour note 26.epub", "Harbour note 27.epub"]);
    let second = records(&out.stdout);
    assert_eq!(second.len(), 27);
    let sent: Vec<&str> = (second.iter())
        .filter(|(_, sent_to)| sent_to.is_some())
        .map(|(path, _)| path.as_str())
        .collect();
    assert_eq!(
        sent,
        ["books/harbour-note-26.epub", "books/harbour-note-27.epub"]
    );

    // And once more: nothing is left to send.
    send(second_server.port, &["--force", "--skip-sent"])
        .assert()
        .success()
        .stderr(contains("skipped 27 books already sent"));
    assert_eq!(second_server.messages().len(), 1);
}

#[test]
fn a_refused_book_still_gets_its_json_record() {
    let refusing = SmtpOptions {
        refuse: 1,
        ..SmtpOptions::default()
    };
    let Some(server) = SmtpServer::start(&refusing) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    let out = cmd
        .args(["send", "--json", "--to", "reader_42@kindle.com"])
        .arg(example())
        .assert()
        .code(1)
        .stderr(contains(format!(
            "127.0.0.1:{}: not sent: the server refused it",
            server.port
        )))
        .stderr(contains(format!("the book is kept at {EPUB_NAME}")))
        .get_output()
        .clone();
    assert_eq!(records(&out.stdout), [(EPUB_NAME.to_string(), None)]);
    assert!(!dir.path().join(".cleancopy-sent.jsonl").exists());
}

/// A page titled `title`, with enough text to be an article.
fn page(title: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>The harbour board met again to talk about the wall, the storms and the ferry \
         timetable; everyone agreed that the tide would come in again tomorrow.</p>\
         </article></body></html>"
    )
}

#[test]
fn attachment_names_are_clean_unique_and_readable_in_ascii_and_utf8() {
    let Some(server) = SmtpServer::start(&SmtpOptions::default()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let titles = [
        "Same title",
        "Same title",
        "Same title",
        "Invoice &#x202E;exe.txt",
        "Café au lait",
        "Tides &#1;and &#127;clocks",
    ];
    let inputs: Vec<PathBuf> = (titles.iter().enumerate())
        .map(|(n, title)| {
            let path = dir.path().join(format!("page-{n}.html"));
            std::fs::write(&path, page(title)).unwrap();
            path
        })
        .collect();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    cmd.args([
        "send",
        "--split",
        "-o",
        "books",
        "--no-images",
        "--to",
        "r@kindle.com",
    ])
    .args(&inputs)
    .assert()
    .success();

    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    let plain: Vec<String> = message.attachments().into_iter().map(|a| a.0).collect();
    assert_eq!(
        plain,
        [
            "Same title.epub",
            "Same title (2).epub",
            "Same title (3).epub",
            "Invoice exe.txt.epub",
            "Cafe au lait.epub",
            "Tides and clocks.epub",
        ]
    );
    let utf8 = message.utf8_names();
    assert_eq!(utf8[4].as_deref(), Some("Café au lait.epub"));
    assert!(utf8
        .iter()
        .enumerate()
        .all(|(n, name)| n == 4 || name.is_none()));
    assert_eq!(
        message.summary["subject"],
        "6 documents: Same title; Same title; Same title; Invoice exe.txt; Café au lait; \
         Tides and clocks"
    );
    let id = message.summary["message_id"]
        .as_str()
        .expect("a Message-ID");
    assert!(id.starts_with('<') && id.ends_with("@example.org>"), "{id}");
    assert!(message.summary["date"].is_string(), "a Date");
    assert!(!message.raw.contains('\u{202E}') && !message.raw.contains('\u{1}'));
}

#[test]
fn a_self_signed_ca_as_the_servers_certificate_is_explained() {
    let certs = tempfile::tempdir().unwrap();
    let (cert, key) = make_self_signed_ca(certs.path());
    let options = SmtpOptions {
        tls: Some((cert.clone(), key)),
        ..SmtpOptions::default()
    };
    let Some(server) = SmtpServer::start(&options) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    cmd.env("CLEANCOPY_SMTP_TLS", "starttls")
        .env("CLEANCOPY_SMTP_CA_FILE", &cert);
    let (stderr, _) = failed_send(&mut cmd);
    assert!(
        stderr.contains(&format!(
            "127.0.0.1:{}: not sent: TLS failed: the server's certificate is a CA certificate",
            server.port
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("OtherError"), "{stderr}");
    assert!(server.messages().is_empty());
}

#[test]
fn after_a_failed_send_the_same_command_makes_the_book_again_and_sends_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut failing = send_in(dir.path());
    plain_env(&mut failing, closed_port());
    // Made at another time than the retry: the same book, other bytes.
    failing
        .env_remove("SOURCE_DATE_EPOCH")
        .args(["send", "--to", "reader_42@kindle.com"])
        .arg(example())
        .assert()
        .code(1);
    assert!(
        dir.path().join(EPUB_NAME).is_file(),
        "the book stays on disk"
    );
    let Some(server) = SmtpServer::start(&SmtpOptions::default()) else {
        return;
    };
    let mut retry = send_in(dir.path());
    plain_env(&mut retry, server.port);
    retry
        .args(["send", "--to", "reader_42@kindle.com"])
        .arg(example())
        .assert()
        .success()
        .stderr(contains("sent 1 book"));
    let on_disk = std::fs::read(dir.path().join(EPUB_NAME)).unwrap();
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].attachments()[0].1 == on_disk);

    // Another book under that name is still never replaced without --force.
    std::fs::write(dir.path().join(EPUB_NAME), b"my own notes").unwrap();
    let mut other = send_in(dir.path());
    plain_env(&mut other, server.port);
    other
        .args(["send", "--to", "reader_42@kindle.com"])
        .arg(example())
        .assert()
        .code(1)
        .stderr(contains("already exists"));
    assert_eq!(server.messages().len(), 1);
}

#[test]
fn an_epub_given_to_send_is_sent_as_it_is() {
    let Some(server) = SmtpServer::start(&SmtpOptions::default()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    cleancopy()
        .current_dir(dir.path())
        .args(["epub", "-o", "book.epub"])
        .arg(example())
        .assert()
        .success();
    let book = std::fs::read(dir.path().join("book.epub")).unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    cmd.args(["send", "book.epub", "--to", "reader_42@kindle.com"])
        .assert()
        .success()
        .stderr(contains("sent 1 book"));
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].summary["subject"], TITLE);
    let attachments = messages[0].attachments();
    assert_eq!(attachments.len(), 1);
    assert!(
        attachments[0].1 == book,
        "the attachment is the file as it was"
    );
    assert_eq!(
        files_count(dir.path()),
        2,
        "book.epub and the sent record, nothing made"
    );
}

/// How many entries `dir` holds.
fn files_count(dir: &Path) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

#[test]
fn send_to_of_the_config_is_the_default_address() {
    let Some(server) = SmtpServer::start(&SmtpOptions::default()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config/cleancopy/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "[send]\nto = \"me_123@kindle.com\"\n").unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    cmd.args(["send", "-q"]).arg(example()).assert().success();
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(
        messages[0].summary["rcpt_tos"],
        serde_json::json!(["me_123@kindle.com"])
    );
}

#[test]
fn a_pdf_given_to_send_is_sent_as_it_is() {
    let Some(server) = SmtpServer::start(&SmtpOptions::default()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    cleancopy()
        .current_dir(dir.path())
        .args(["pdf", "--no-images", "-o", "book.pdf"])
        .arg(example())
        .assert()
        .success();
    let book = std::fs::read(dir.path().join("book.pdf")).unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    cmd.args(["send", "book.pdf", "--to", "reader_42@kindle.com"])
        .assert()
        .success()
        .stderr(contains("sent 1 book"));
    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].summary["subject"], TITLE);
    let parts = messages[0].parts();
    assert_eq!(parts.len(), 2, "a text body and the PDF");
    assert!(String::from_utf8_lossy(&parts[0].2).contains("PDF"));
    assert_eq!(parts[1].0, "application/pdf");
    assert_eq!(parts[1].1.as_deref(), Some(&*format!("{TITLE}.pdf")));
    assert!(parts[1].2 == book, "the attachment is the file as it was");
    assert_eq!(
        files_count(dir.path()),
        2,
        "book.pdf and the sent record, nothing made"
    );
}

#[test]
fn a_file_named_pdf_that_is_not_one_is_refused_before_sending() {
    let Some(server) = SmtpServer::start(&SmtpOptions::default()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.pdf"), "just some words").unwrap();
    let mut cmd = send_in(dir.path());
    plain_env(&mut cmd, server.port);
    cmd.args(["send", "notes.pdf", "--to", "reader_42@kindle.com"])
        .assert()
        .failure()
        .stderr(contains("notes.pdf: not a PDF"));
    assert!(server.messages().is_empty());
}
