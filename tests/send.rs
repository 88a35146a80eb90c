//! `cleancopy send` against a real SMTP server on 127.0.0.1 (Python's aiosmtpd, see
//! `common/smtp.rs`): what arrives, STARTTLS with a trusted CA file, logins, and failures.
#![cfg(feature = "email")]

mod common;

use std::path::{Path, PathBuf};

use common::smtp::{make_certificates, SmtpOptions, SmtpServer};
use common::{cleancopy, fixture};
use predicates::str::contains;

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
