//! The config file: the SMTP settings of `cleancopy send` (overridden by environment
//! variables) and defaults for the commands' options.
//!
//! The file is `$CLEANCOPY_CONFIG` when set, else `$XDG_CONFIG_HOME/cleancopy/config.toml`, else
//! `$HOME/.config/cleancopy/config.toml`. Its `[smtp]` table takes the keys below; each has an
//! environment variable that wins over the file:
//!
//! | key | variable | meaning |
//! | --- | --- | --- |
//! | `host` | `CLEANCOPY_SMTP_HOST` | the SMTP server (required) |
//! | `port` | `CLEANCOPY_SMTP_PORT` | default 465 for `tls`, 587 for `starttls`, 25 for `none` |
//! | `tls` | `CLEANCOPY_SMTP_TLS` | `tls` (the default), `starttls` or `none` |
//! | `user` | `CLEANCOPY_SMTP_USER` | the login; no login when unset |
//! | `from` | `CLEANCOPY_SMTP_FROM` | the sender address (default: `user`) |
//! | `password_command` | `CLEANCOPY_SMTP_PASSWORD_COMMAND` | a shell command printing the password |
//! | — | `CLEANCOPY_SMTP_PASSWORD` | the password itself (wins over the command) |
//! | `ca_file` | `CLEANCOPY_SMTP_CA_FILE` | a PEM file of extra certificate authorities to trust |
//! | `max_message_size` | `CLEANCOPY_SMTP_MAX_MESSAGE_SIZE` | your mail provider's limit on an encoded message, in bytes |
//! | `connect_timeout` | `CLEANCOPY_SMTP_CONNECT_TIMEOUT` | seconds to connect to the server (default 30) |
//! | `reply_timeout` | `CLEANCOPY_SMTP_REPLY_TIMEOUT` | seconds the server has for each reply, or to take more of a message (default 60) |
//! | `send_timeout` | `CLEANCOPY_SMTP_SEND_TIMEOUT` | seconds all the messages of one run may take together (default 600) |
//!
//! The password is never read from the file or from a command-line flag (both can be seen by
//! others: a flag in `ps`, a file in backups).
//!
//! The `[epub]`, `[pdf]` and `[send]` tables hold defaults for the options of those commands
//! ([`DEFAULT_SETTINGS`], read by [`option_defaults`]): `[pdf] paper = "letter"`,
//! `[send] to = "me_123@kindle.com"`. An option given on the command line wins.
//!
//! The `[serve]` table's `token` is the access token of `cleancopy serve` ([`serve_token`];
//! `CLEANCOPY_SERVE_TOKEN` wins over it).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::DeliverError;
use crate::limits::parse_seconds;

/// How long each part of e-mailing books may take. Every wait on the server has a deadline,
/// so that `send` always ends, and says which one passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Connecting to the server (`connect_timeout`).
    pub connect: Duration,
    /// Each reply of the server, its greeting included, and each pause in its taking a message
    /// (`reply_timeout`). A reply that trickles in counts as a whole.
    pub reply: Duration,
    /// Sending every message of one run, connections and uploads included (`send_timeout`).
    pub send: Duration,
}

impl Default for Timeouts {
    /// 30 s to connect, 60 s for each reply, 10 minutes in all: a mail server answers in
    /// well under a second, and 10 minutes uploads a few 50 MB messages on a slow line.
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(30),
            reply: Duration::from_secs(60),
            send: Duration::from_secs(600),
        }
    }
}

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// TLS from the first byte (SMTPS, port 465).
    Tls,
    /// A plain connection upgraded with STARTTLS before anything else is sent; refused when the
    /// server does not offer it.
    StartTls,
    /// No encryption: only for a relay on this machine (a login is refused on any other host).
    None,
}

impl TlsMode {
    fn parse(value: &str, setting: &str) -> Result<Self, DeliverError> {
        match value.trim().to_ascii_lowercase().as_str() {
            "tls" | "ssl" | "smtps" => Ok(TlsMode::Tls),
            "starttls" => Ok(TlsMode::StartTls),
            "none" | "plain" => Ok(TlsMode::None),
            _ => Err(DeliverError::Setting {
                setting: setting.into(),
                message: format!("'{value}' is not a TLS mode (tls, starttls or none)"),
            }),
        }
    }

    /// The usual port of this mode.
    pub fn default_port(self) -> u16 {
        match self {
            TlsMode::Tls => 465,
            TlsMode::StartTls => 587,
            TlsMode::None => 25,
        }
    }
}

/// Where the password comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// No login.
    None,
    /// The password itself (from `CLEANCOPY_SMTP_PASSWORD`).
    Value(String),
    /// A shell command whose first line of output is the password.
    Command(String),
}

impl std::fmt::Debug for PasswordSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PasswordSource::None => f.write_str("None"),
            PasswordSource::Value(_) => f.write_str("Value(<hidden>)"),
            PasswordSource::Command(command) => write!(f, "Command({command:?})"),
        }
    }
}

/// Everything needed to reach the SMTP server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    /// The server's host name or address.
    pub host: String,
    /// The server's port.
    pub port: u16,
    /// How the connection is secured.
    pub tls: TlsMode,
    /// The login, when the server wants one.
    pub user: Option<String>,
    /// The sender address.
    pub from: String,
    /// Where the password comes from.
    pub password: PasswordSource,
    /// Extra certificate authorities to trust (a self-hosted server's own CA).
    pub ca_file: Option<PathBuf>,
    /// The largest encoded message the user's mail provider accepts, when they told us.
    pub max_message_size: Option<u64>,
    /// How long connecting, each reply and the whole delivery may take.
    pub timeouts: Timeouts,
}

/// One setting of the `[smtp]` table: its key in the file (`None` for a setting only the
/// environment may hold), the environment variable that wins over it, and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmtpSetting {
    /// The key in the `[smtp]` table.
    pub key: Option<&'static str>,
    /// The environment variable.
    pub variable: &'static str,
    /// What it sets, in a few words.
    pub meaning: &'static str,
}

/// Every SMTP setting, in the order the manual and README list them.
pub const SMTP_SETTINGS: &[SmtpSetting] = &[
    SmtpSetting {
        key: Some("host"),
        variable: "CLEANCOPY_SMTP_HOST",
        meaning: "the SMTP server (required)",
    },
    SmtpSetting {
        key: Some("port"),
        variable: "CLEANCOPY_SMTP_PORT",
        meaning: "default 465 for tls, 587 for starttls, 25 for none",
    },
    SmtpSetting {
        key: Some("tls"),
        variable: "CLEANCOPY_SMTP_TLS",
        meaning: "tls (the default), starttls or none",
    },
    SmtpSetting {
        key: Some("user"),
        variable: "CLEANCOPY_SMTP_USER",
        meaning: "the login; no login when unset",
    },
    SmtpSetting {
        key: Some("from"),
        variable: "CLEANCOPY_SMTP_FROM",
        meaning: "the sender address (default: user)",
    },
    SmtpSetting {
        key: Some("password_command"),
        variable: "CLEANCOPY_SMTP_PASSWORD_COMMAND",
        meaning: "a shell command printing the password",
    },
    SmtpSetting {
        key: None,
        variable: "CLEANCOPY_SMTP_PASSWORD",
        meaning: "the password itself (wins over the command; never read from the file)",
    },
    SmtpSetting {
        key: Some("ca_file"),
        variable: "CLEANCOPY_SMTP_CA_FILE",
        meaning: "a PEM file of extra certificate authorities to trust",
    },
    SmtpSetting {
        key: Some("max_message_size"),
        variable: "CLEANCOPY_SMTP_MAX_MESSAGE_SIZE",
        meaning: "the mail provider's limit on an encoded message, in bytes",
    },
    SmtpSetting {
        key: Some("connect_timeout"),
        variable: "CLEANCOPY_SMTP_CONNECT_TIMEOUT",
        meaning: "seconds to connect to the server (default 30)",
    },
    SmtpSetting {
        key: Some("reply_timeout"),
        variable: "CLEANCOPY_SMTP_REPLY_TIMEOUT",
        meaning: "seconds the server has for each reply (default 60)",
    },
    SmtpSetting {
        key: Some("send_timeout"),
        variable: "CLEANCOPY_SMTP_SEND_TIMEOUT",
        meaning: "seconds all the messages of one run may take together (default 600)",
    },
];

/// The `[smtp]` table of the config file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSmtp {
    host: Option<String>,
    port: Option<u16>,
    tls: Option<String>,
    user: Option<String>,
    from: Option<String>,
    password_command: Option<String>,
    ca_file: Option<PathBuf>,
    max_message_size: Option<u64>,
    connect_timeout: Option<f64>,
    reply_timeout: Option<f64>,
    send_timeout: Option<f64>,
}

/// The `[epub]` table: defaults for the options of `epub` and `send`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEpub {
    no_images: Option<bool>,
    max_image_size: Option<u32>,
    css: Option<PathBuf>,
}

/// The `[pdf]` table: defaults for the options of `pdf`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FilePdf {
    paper: Option<String>,
    landscape: Option<bool>,
    style: Option<PathBuf>,
    margin: Option<f32>,
    font_size: Option<f32>,
    ragged: Option<bool>,
    no_images: Option<bool>,
    max_image_size: Option<u32>,
    no_system_fonts: Option<bool>,
}

/// The `[send]` table: defaults for the options of `send`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSend {
    to: Option<Addresses>,
}

/// The `[serve]` table: the settings of `cleancopy serve`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileServe {
    token: Option<String>,
}

/// One address or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Addresses {
    One(String),
    Many(Vec<String>),
}

/// The whole config file, as written.
#[derive(Debug, Default)]
struct FileConfig {
    smtp: FileSmtp,
    epub: FileEpub,
    pdf: FilePdf,
    send: FileSend,
    serve: FileServe,
}

impl FileConfig {
    /// Parses the file; an unknown table or key is an error naming the file, the table and
    /// the key.
    fn parse(path: &Path, text: &str) -> Result<Self, DeliverError> {
        let error = |message: String| DeliverError::Config {
            path: path.to_path_buf(),
            message: message.replace('\n', " "),
        };
        let tables: toml::Table =
            toml::from_str(text).map_err(|err| error(err.message().into()))?;
        let mut config = FileConfig::default();
        for (name, value) in tables {
            let table = |err: toml::de::Error| error(format!("[{name}]: {}", err.message()));
            match name.as_str() {
                "smtp" => config.smtp = value.clone().try_into().map_err(table)?,
                "epub" => config.epub = value.clone().try_into().map_err(table)?,
                "pdf" => config.pdf = value.clone().try_into().map_err(table)?,
                "send" => config.send = value.clone().try_into().map_err(table)?,
                "serve" => config.serve = value.clone().try_into().map_err(table)?,
                _ => {
                    return Err(error(format!(
                        "unknown table [{name}], expected [smtp], [epub], [pdf], [send] or [serve]"
                    )))
                }
            }
        }
        Ok(config)
    }
}

/// A default value for one option of one command, from the config file's `[epub]`, `[pdf]`
/// or `[send]` table. An option given on the command line wins over it.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionDefault {
    /// The command it applies to: `epub`, `pdf` or `send`.
    pub command: &'static str,
    /// The option's name, as in the config file (`font_size` for `--font-size`).
    pub option: &'static str,
    /// Its value or values, written as on the command line (`letter`, `12`, `true`).
    pub values: Vec<String>,
}

/// One key of the `[epub]`, `[pdf]` or `[send]` tables, for the manual and README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultSetting {
    /// The table.
    pub table: &'static str,
    /// The key, the option's long name with `_` for `-`.
    pub key: &'static str,
    /// What it sets, in a few words.
    pub meaning: &'static str,
}

/// Every key of the tables of defaults, in the order the manual lists them.
pub const DEFAULT_SETTINGS: &[DefaultSetting] = &[
    DefaultSetting {
        table: "epub",
        key: "no_images",
        meaning: "true: leave the pictures out",
    },
    DefaultSetting {
        table: "epub",
        key: "max_image_size",
        meaning: "the pictures' longest side, in pixels",
    },
    DefaultSetting {
        table: "epub",
        key: "css",
        meaning: "a stylesheet added to the built-in one",
    },
    DefaultSetting {
        table: "pdf",
        key: "paper",
        meaning: "the paper size (a4, letter, 120x190mm, …)",
    },
    DefaultSetting {
        table: "pdf",
        key: "landscape",
        meaning: "true: the paper turned sideways",
    },
    DefaultSetting {
        table: "pdf",
        key: "style",
        meaning: "a print style of one's own",
    },
    DefaultSetting {
        table: "pdf",
        key: "margin",
        meaning: "the page margin, in millimetres",
    },
    DefaultSetting {
        table: "pdf",
        key: "font_size",
        meaning: "the body text's size, in points",
    },
    DefaultSetting {
        table: "pdf",
        key: "ragged",
        meaning: "true: paragraphs ragged right",
    },
    DefaultSetting {
        table: "pdf",
        key: "no_images",
        meaning: "true: leave the pictures out",
    },
    DefaultSetting {
        table: "pdf",
        key: "max_image_size",
        meaning: "the pictures' longest side, in pixels",
    },
    DefaultSetting {
        table: "pdf",
        key: "no_system_fonts",
        meaning: "true: never the machine's own fonts",
    },
    DefaultSetting {
        table: "send",
        key: "to",
        meaning: "where send sends books: an address or a list of them",
    },
];

/// Reads the defaults for the commands' options from the config file, when it exists.
pub fn option_defaults() -> Result<Vec<OptionDefault>, DeliverError> {
    let env = |name: &str| std::env::var(name).ok();
    let Some(path) = config_path(&env) else {
        return Ok(Vec::new());
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => option_defaults_from(&path, &text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(err) => Err(DeliverError::Config {
            path,
            message: err.to_string(),
        }),
    }
}

/// The defaults for the commands' options in a config file's text: the `[epub]` table's for
/// `epub` and `send` (which makes an EPUB), `[pdf]`'s for `pdf`, `[send]`'s for `send`.
pub fn option_defaults_from(path: &Path, text: &str) -> Result<Vec<OptionDefault>, DeliverError> {
    let file = FileConfig::parse(path, text)?;
    let mut defaults = Vec::new();
    let mut add = |commands: &[&'static str], option: &'static str, value: Option<String>| {
        if let Some(value) = value {
            for &command in commands {
                defaults.push(OptionDefault {
                    command,
                    option,
                    values: vec![value.clone()],
                });
            }
        }
    };
    let shown = |path: Option<PathBuf>| path.map(|path| path.display().to_string());
    let flag = |on: Option<bool>| on.map(|on| on.to_string());
    let number = |value: Option<f32>| value.map(|value| value.to_string());
    let epub = &["epub", "send"];
    add(epub, "no_images", flag(file.epub.no_images));
    add(
        epub,
        "max_image_size",
        file.epub.max_image_size.map(|px| px.to_string()),
    );
    add(epub, "css", shown(file.epub.css));
    let pdf = &["pdf"];
    if let Some(paper) = &file.pdf.paper {
        paper
            .parse::<crate::backend::pdf::Paper>()
            .map_err(|message| DeliverError::Config {
                path: path.to_path_buf(),
                message: format!("[pdf] paper: {message}"),
            })?;
    }
    add(pdf, "paper", file.pdf.paper);
    add(pdf, "landscape", flag(file.pdf.landscape));
    add(pdf, "style", shown(file.pdf.style));
    add(pdf, "margin", number(file.pdf.margin));
    add(pdf, "font_size", number(file.pdf.font_size));
    add(pdf, "ragged", flag(file.pdf.ragged));
    add(pdf, "no_images", flag(file.pdf.no_images));
    add(
        pdf,
        "max_image_size",
        file.pdf.max_image_size.map(|px| px.to_string()),
    );
    add(pdf, "no_system_fonts", flag(file.pdf.no_system_fonts));
    if let Some(to) = file.send.to {
        let values = match to {
            Addresses::One(address) => vec![address],
            Addresses::Many(addresses) => addresses,
        };
        if !values.is_empty() {
            defaults.push(OptionDefault {
                command: "send",
                option: "to",
                values,
            });
        }
    }
    Ok(defaults)
}

/// The access token of `cleancopy serve`: `$CLEANCOPY_SERVE_TOKEN`, else the config file's
/// `[serve] token`; `None` when neither is set (or either is blank).
pub fn serve_token() -> Result<Option<String>, DeliverError> {
    let env = |name: &str| std::env::var(name).ok();
    let from_env = env("CLEANCOPY_SERVE_TOKEN").filter(|token| !token.trim().is_empty());
    if from_env.is_some() {
        return Ok(from_env);
    }
    let Some(path) = config_path(&env) else {
        return Ok(None);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => {
            return Err(DeliverError::Config {
                path,
                message: err.to_string(),
            })
        }
    };
    let parsed = FileConfig::parse(&path, &text)?;
    Ok(parsed.serve.token.filter(|token| !token.trim().is_empty()))
}

/// The config file's path: `$CLEANCOPY_CONFIG`, `$XDG_CONFIG_HOME/cleancopy/config.toml` or
/// `$HOME/.config/cleancopy/config.toml`; `None` when none of these variables is set.
pub fn config_path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let set = |name: &str| env(name).filter(|value| !value.is_empty());
    if let Some(path) = set("CLEANCOPY_CONFIG") {
        return Some(PathBuf::from(path));
    }
    let base = set("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| set("HOME").map(|home| Path::new(&home).join(".config")))?;
    Some(base.join("cleancopy").join("config.toml"))
}

impl SmtpConfig {
    /// Reads the config file (when it exists) and the environment of this process.
    pub fn from_environment() -> Result<Self, DeliverError> {
        let env = |name: &str| std::env::var(name).ok();
        let path = config_path(&env);
        let text = match &path {
            Some(path) => match std::fs::read_to_string(path) {
                Ok(text) => Some(text),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
                Err(err) => {
                    return Err(DeliverError::Config {
                        path: path.clone(),
                        message: err.to_string(),
                    })
                }
            },
            None => None,
        };
        Self::from_sources(path.as_deref().zip(text.as_deref()), &env)
    }

    /// Builds the settings from a config file's `(path, text)`, when there is one, and an
    /// environment lookup; the environment wins.
    pub fn from_sources(
        file: Option<(&Path, &str)>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, DeliverError> {
        let parsed = match file {
            Some((path, text)) => FileConfig::parse(path, text)?,
            None => FileConfig::default(),
        };
        let smtp = parsed.smtp;
        let env = |name: &str| env(name).filter(|value| !value.trim().is_empty());
        let where_from = match file {
            Some((path, _)) => format!("[smtp] in {}", path.display()),
            None => "[smtp] in the config file".to_string(),
        };

        let host =
            env("CLEANCOPY_SMTP_HOST")
                .or(smtp.host)
                .ok_or_else(|| DeliverError::Missing {
                    what: format!(
                        "no SMTP server: set host in {where_from} or CLEANCOPY_SMTP_HOST"
                    ),
                })?;
        let tls = match env("CLEANCOPY_SMTP_TLS") {
            Some(value) => TlsMode::parse(&value, "CLEANCOPY_SMTP_TLS")?,
            None => match &smtp.tls {
                Some(value) => TlsMode::parse(value, "tls")?,
                None => TlsMode::Tls,
            },
        };
        let port = match env("CLEANCOPY_SMTP_PORT") {
            Some(value) => value.trim().parse().map_err(|_| DeliverError::Setting {
                setting: "CLEANCOPY_SMTP_PORT".into(),
                message: format!("'{value}' is not a port number"),
            })?,
            None => smtp.port.unwrap_or_else(|| tls.default_port()),
        };
        let user = env("CLEANCOPY_SMTP_USER").or(smtp.user);
        let from = env("CLEANCOPY_SMTP_FROM")
            .or(smtp.from)
            .or_else(|| user.clone().filter(|user| user.contains('@')))
            .ok_or_else(|| DeliverError::Missing {
                what: format!("no sender address: set from in {where_from} or CLEANCOPY_SMTP_FROM"),
            })?;
        let password = match (
            &user,
            env("CLEANCOPY_SMTP_PASSWORD"),
            env("CLEANCOPY_SMTP_PASSWORD_COMMAND").or(smtp.password_command),
        ) {
            (None, _, _) => PasswordSource::None,
            (Some(_), Some(password), _) => PasswordSource::Value(password),
            (Some(_), None, Some(command)) => PasswordSource::Command(command),
            (Some(user), None, None) => {
                return Err(DeliverError::Missing {
                    what: format!(
                        "no password for {user}: set CLEANCOPY_SMTP_PASSWORD, or \
                         password_command in {where_from}"
                    ),
                })
            }
        };
        let ca_file = env("CLEANCOPY_SMTP_CA_FILE")
            .map(PathBuf::from)
            .or(smtp.ca_file);
        let max_message_size = match env("CLEANCOPY_SMTP_MAX_MESSAGE_SIZE") {
            Some(value) => Some(value.trim().parse().map_err(|_| DeliverError::Setting {
                setting: "CLEANCOPY_SMTP_MAX_MESSAGE_SIZE".into(),
                message: format!("'{value}' is not a number of bytes"),
            })?),
            None => smtp.max_message_size,
        };
        let defaults = Timeouts::default();
        let timeout = |variable: &str, key: &str, file: Option<f64>, default: Duration| {
            let (setting, value) = match env(variable) {
                Some(value) => (variable, value),
                None => match file {
                    Some(seconds) => (key, seconds.to_string()),
                    None => return Ok(default),
                },
            };
            parse_seconds(&value).map_err(|message| DeliverError::Setting {
                setting: setting.into(),
                message,
            })
        };
        let timeouts = Timeouts {
            connect: timeout(
                "CLEANCOPY_SMTP_CONNECT_TIMEOUT",
                "connect_timeout",
                smtp.connect_timeout,
                defaults.connect,
            )?,
            reply: timeout(
                "CLEANCOPY_SMTP_REPLY_TIMEOUT",
                "reply_timeout",
                smtp.reply_timeout,
                defaults.reply,
            )?,
            send: timeout(
                "CLEANCOPY_SMTP_SEND_TIMEOUT",
                "send_timeout",
                smtp.send_timeout,
                defaults.send,
            )?,
        };
        if tls == TlsMode::None && user.is_some() && !is_loopback(&host) {
            return Err(DeliverError::Setting {
                setting: "tls".into(),
                message: format!(
                    "will not send the password for {} to {host} without encryption; \
                     use tls or starttls",
                    user.as_deref().unwrap_or_default()
                ),
            });
        }
        Ok(SmtpConfig {
            host,
            port,
            tls,
            user,
            from,
            password,
            ca_file,
            max_message_size,
            timeouts,
        })
    }

    /// `host:port`, as messages name the server.
    pub fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The password: the value given, or the first line the command prints.
    pub fn resolve_password(&self) -> Result<Option<String>, DeliverError> {
        match &self.password {
            PasswordSource::None => Ok(None),
            PasswordSource::Value(password) => Ok(Some(password.clone())),
            PasswordSource::Command(command) => run_password_command(command).map(Some),
        }
    }
}

/// Runs `command` with `sh -c` and returns the first line it prints.
fn run_password_command(command: &str) -> Result<String, DeliverError> {
    let failed = |message: String| DeliverError::Password {
        message: format!("password command '{command}': {message}"),
    };
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|err| failed(format!("cannot run: {err}")))?;
    if !output.status.success() {
        return Err(failed(format!("failed ({})", output.status)));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| failed("printed something that is not UTF-8".into()))?;
    let password = text.lines().next().unwrap_or_default().to_string();
    if password.is_empty() {
        return Err(failed("printed no password".into()));
    }
    Ok(password)
}

/// Whether `host` names this machine.
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn file_settings_are_read_and_the_environment_wins() {
        let file = r#"
            [smtp]
            host = "mail.example.org"
            tls = "starttls"
            user = "reader@example.org"
            password_command = "echo secret"
        "#;
        let path = Path::new("/home/r/.config/cleancopy/config.toml");
        let config = SmtpConfig::from_sources(Some((path, file)), &env_of(&[])).unwrap();
        assert_eq!(config.server(), "mail.example.org:587");
        assert_eq!(config.from, "reader@example.org");
        assert_eq!(
            config.password,
            PasswordSource::Command("echo secret".into())
        );
        assert_eq!(
            config.resolve_password().unwrap().as_deref(),
            Some("secret")
        );

        let env = env_of(&[
            ("CLEANCOPY_SMTP_PORT", "2525"),
            ("CLEANCOPY_SMTP_PASSWORD", "from-env"),
        ]);
        let config = SmtpConfig::from_sources(Some((path, file)), &env).unwrap();
        assert_eq!(config.port, 2525);
        assert_eq!(config.password, PasswordSource::Value("from-env".into()));
    }

    #[test]
    fn a_password_in_the_file_is_refused_by_name() {
        let file = "[smtp]\nhost = \"h\"\nfrom = \"a@b.c\"\npassword = \"x\"\n";
        let err = SmtpConfig::from_sources(Some((Path::new("c.toml"), file)), &env_of(&[]))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c.toml: "), "{err}");
        assert!(err.contains("password"), "{err}");
    }

    #[test]
    fn missing_settings_say_where_to_set_them() {
        let err = SmtpConfig::from_sources(None, &env_of(&[]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("CLEANCOPY_SMTP_HOST"), "{err}");
        let env = env_of(&[
            ("CLEANCOPY_SMTP_HOST", "mail.example.org"),
            ("CLEANCOPY_SMTP_USER", "reader"),
            ("CLEANCOPY_SMTP_FROM", "reader@example.org"),
        ]);
        let err = SmtpConfig::from_sources(None, &env)
            .unwrap_err()
            .to_string();
        assert!(err.contains("CLEANCOPY_SMTP_PASSWORD"), "{err}");
    }

    #[test]
    fn no_password_over_a_plain_connection_to_another_host() {
        let env = env_of(&[
            ("CLEANCOPY_SMTP_HOST", "mail.example.org"),
            ("CLEANCOPY_SMTP_TLS", "none"),
            ("CLEANCOPY_SMTP_USER", "reader@example.org"),
            ("CLEANCOPY_SMTP_PASSWORD", "pw"),
        ]);
        let err = SmtpConfig::from_sources(None, &env)
            .unwrap_err()
            .to_string();
        assert!(err.contains("without encryption"), "{err}");
    }

    #[test]
    fn timeouts_have_defaults_and_are_set_in_seconds() {
        let base = [
            ("CLEANCOPY_SMTP_HOST", "mail.example.org"),
            ("CLEANCOPY_SMTP_FROM", "reader@example.org"),
        ];
        let config = SmtpConfig::from_sources(None, &env_of(&base)).unwrap();
        assert_eq!(config.timeouts, Timeouts::default());

        let file = "[smtp]\nconnect_timeout = 5\nreply_timeout = 2.5\n";
        let env = env_of(&[base[0], base[1], ("CLEANCOPY_SMTP_SEND_TIMEOUT", "90")]);
        let config = SmtpConfig::from_sources(Some((Path::new("c.toml"), file)), &env).unwrap();
        assert_eq!(config.timeouts.connect, Duration::from_secs(5));
        assert_eq!(config.timeouts.reply, Duration::from_millis(2500));
        assert_eq!(config.timeouts.send, Duration::from_secs(90));

        let env = env_of(&[base[0], base[1], ("CLEANCOPY_SMTP_REPLY_TIMEOUT", "0")]);
        let err = SmtpConfig::from_sources(None, &env)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("CLEANCOPY_SMTP_REPLY_TIMEOUT: '0'"),
            "{err}"
        );
    }

    #[test]
    fn config_path_follows_xdg() {
        let env = env_of(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/h")]);
        assert_eq!(
            config_path(&env),
            Some(PathBuf::from("/x/cleancopy/config.toml"))
        );
        let env = env_of(&[("HOME", "/h")]);
        assert_eq!(
            config_path(&env),
            Some(PathBuf::from("/h/.config/cleancopy/config.toml"))
        );
    }
}
