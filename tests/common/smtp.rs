//! A real SMTP server for the tests of `cleancopy send`: Python's aiosmtpd on 127.0.0.1,
//! started by the test and stopped when it is dropped.
//!
//! Tests skip with a notice when aiosmtpd is not installed, and fail when
//! `CLEANCOPY_REQUIRE_VALIDATORS=1` (CI installs it).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// How the server is set up.
#[derive(Debug, Default, Clone)]
pub struct SmtpOptions {
    /// STARTTLS with this certificate and key (PEM files); required before anything else.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// A login is required: this user and password.
    pub login: Option<(String, String)>,
    /// With `tls`: TLS from the first byte (SMTPS) instead of STARTTLS.
    pub implicit_tls: bool,
    /// Refuse the n-th message received (554), counting from 1; 0 refuses none.
    pub refuse: usize,
}

/// A running server and the folder its messages land in.
pub struct SmtpServer {
    child: Child,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
    dir: tempfile::TempDir,
}

/// One message the server accepted, as Python's e-mail parser read it.
#[derive(Debug)]
pub struct Received {
    /// The summary the server wrote (see `smtp_server.py`).
    pub summary: serde_json::Value,
    /// The raw message.
    pub raw: String,
}

impl Received {
    /// The `filename*` (RFC 2231) of each attachment, decoded, in order.
    pub fn utf8_names(&self) -> Vec<Option<String>> {
        self.summary["parts"]
            .as_array()
            .expect("parts")
            .iter()
            .filter(|part| !part["filename"].is_null())
            .map(|part| part["filename_star"].as_str().map(str::to_string))
            .collect()
    }

    /// The decoded parts: (content type, file name, bytes).
    pub fn parts(&self) -> Vec<(String, Option<String>, Vec<u8>)> {
        self.summary["parts"]
            .as_array()
            .expect("parts")
            .iter()
            .map(|part| {
                (
                    part["content_type"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    part["filename"].as_str().map(str::to_string),
                    std::fs::read(part["file"].as_str().expect("file")).expect("part file"),
                )
            })
            .collect()
    }

    /// The attachments: (file name, bytes), in order.
    pub fn attachments(&self) -> Vec<(String, Vec<u8>)> {
        self.parts()
            .into_iter()
            .filter_map(|(_, name, bytes)| name.map(|name| (name, bytes)))
            .collect()
    }
}

/// Whether aiosmtpd can be imported (a notice and `false` when not and not required).
pub fn aiosmtpd_available() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .output()
        .is_ok_and(|out| out.status.success());
    super::available("Python's aiosmtpd (pip install aiosmtpd)", found)
}

impl SmtpServer {
    /// Starts a server, or returns `None` (after a notice) when aiosmtpd is missing and not
    /// required.
    pub fn start(options: &SmtpOptions) -> Option<SmtpServer> {
        if !aiosmtpd_available() {
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common/smtp_server.py");
        let mut command = Command::new("python3");
        command.arg(script).arg("--dir").arg(dir.path());
        if let Some((cert, key)) = &options.tls {
            command.arg("--cert").arg(cert).arg("--key").arg(key);
            if options.implicit_tls {
                command.arg("--implicit-tls");
            }
        }
        if let Some((user, password)) = &options.login {
            command.args(["--user", user, "--password", password]);
        }
        if options.refuse > 0 {
            command.args(["--refuse", &options.refuse.to_string()]);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("server output");
        let port = line
            .trim()
            .strip_prefix("READY ")
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("the SMTP server did not start: {line:?}"));
        Some(SmtpServer { child, port, dir })
    }

    /// The messages received so far, in order.
    pub fn messages(&self) -> Vec<Received> {
        let mut messages = Vec::new();
        for n in 1.. {
            let base = self.dir.path().join(format!("msg-{n}"));
            let Ok(json) = std::fs::read_to_string(base.with_extension("json")) else {
                break;
            };
            messages.push(Received {
                summary: serde_json::from_str(&json).expect("summary is JSON"),
                raw: String::from_utf8_lossy(
                    &std::fs::read(base.with_extension("eml")).expect("raw message"),
                )
                .into_owned(),
            });
        }
        messages
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A self-signed certificate for 127.0.0.1 that is also a certificate authority (what
/// `openssl req -x509` makes by default), written as PEM files in `dir`: (certificate, key).
pub fn make_self_signed_ca(dir: &Path) -> (PathBuf, PathBuf) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let mut params = CertificateParams::new(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let key = KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    let paths = (dir.join("self-signed.pem"), dir.join("self-signed.key"));
    std::fs::write(&paths.0, cert.pem()).unwrap();
    std::fs::write(&paths.1, key.serialize_pem()).unwrap();
    paths
}

/// A certificate authority and a server certificate it signed for 127.0.0.1 and localhost,
/// written as PEM files in `dir`: (CA certificate, server certificate, server key).
pub fn make_certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    use rcgen::{
        BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair, KeyUsagePurpose,
    };
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "cleancopy test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let server_key = KeyPair::generate().unwrap();
    let server_cert = CertificateParams::new(vec!["127.0.0.1".into(), "localhost".into()])
        .unwrap()
        .signed_by(&server_key, &ca)
        .unwrap();
    let paths = (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    );
    std::fs::write(&paths.0, ca.pem()).unwrap();
    std::fs::write(&paths.1, server_cert.pem()).unwrap();
    std::fs::write(&paths.2, server_key.serialize_pem()).unwrap();
    paths
}
