//! Delivering books: by e-mail to a reading service ([`email`]; Send to Kindle, Kobo,
//! PocketBook or any address), or onto a mounted e-reader ([`device`]).
//!
//! [`config`] reads the SMTP settings from the config file and the environment, and [`sent`]
//! keeps the list of the books e-mailed from a folder, so that a run that stopped part-way can
//! be repeated without sending any book twice.

pub mod config;
pub mod device;
#[cfg(feature = "email")]
pub mod email;
#[cfg(feature = "email")]
mod relay;
pub mod sent;

use std::path::PathBuf;

/// Why a book could not be delivered. Each message names the setting, file or server, and
/// the cause, on one line.
#[derive(Debug, thiserror::Error)]
pub enum DeliverError {
    /// The config file could not be read or parsed.
    #[error("{}: {message}", path.display())]
    Config {
        /// The config file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A setting has a value that cannot be used.
    #[error("{setting}: {message}")]
    Setting {
        /// The setting's key or environment variable.
        setting: String,
        /// What is wrong with it.
        message: String,
    },
    /// A required setting is missing; the message says where to set it.
    #[error("{what}")]
    Missing {
        /// What is missing and where to set it.
        what: String,
    },
    /// The password could not be had.
    #[error("{message}")]
    Password {
        /// What went wrong.
        message: String,
    },
    /// An e-mail address does not parse.
    #[error("'{address}': not an e-mail address ({reason})")]
    Address {
        /// The address as given.
        address: String,
        /// Why it does not parse.
        reason: String,
    },
    /// A book or message is over a size limit; nothing was sent.
    #[error(
        "{name}: {} is over the {} {limit_name}; nothing was sent (try --no-images, a smaller \
         --max-image-size, or --split)",
        megabytes(*size),
        megabytes(*limit)
    )]
    TooLarge {
        /// The attachment (or attachments) concerned.
        name: String,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
        /// Whose limit it is.
        limit_name: String,
    },
    /// The message could not be built.
    #[error("cannot build the e-mail: {message}")]
    Message {
        /// Why.
        message: String,
    },
    /// The CA file named in the settings cannot be used.
    #[error("ca_file {}: {message}", path.display())]
    CaFile {
        /// The file.
        path: PathBuf,
        /// Why it cannot be used.
        message: String,
    },
    /// The SMTP server could not be reached, did not answer in time, or refused the message.
    #[error("{server}: {what}: {cause}")]
    Smtp {
        /// `host:port`.
        server: String,
        /// What was not done ("not sent", "message 2 of 3 not sent (1 sent before it)").
        what: String,
        /// The cause in words ("login refused for reader: …", "timed out: …"), with the
        /// server's own reply when it gave one.
        cause: String,
    },
    /// The e-reader's folder cannot be used.
    #[error("{}: {message}", path.display())]
    Device {
        /// The mount point given.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The book could not be written.
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
}

/// A size in decimal megabytes with one decimal ("50.0 MB").
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
