//! Backends: one per output format, each turning a [`Book`] into bytes.
//!
//! Every backend implements [`Backend`] and owns its folder and options. Backends never import
//! each other and never see raw HTML: the [`Book`] of normalized documents is all they get.

pub mod epub;
pub mod json;
pub mod pdf;
pub mod text;

use crate::document::Book;

/// Something went wrong while rendering a book. Backends are given valid documents, so these
/// are internal failures of a format library, reported with the format's name.
#[derive(Debug, thiserror::Error)]
#[error("{format} output failed: {message}")]
pub struct BackendError {
    /// The backend's name ("epub", "pdf", …).
    pub format: &'static str,
    /// What went wrong.
    pub message: String,
}

impl BackendError {
    /// A failure of the `format` backend.
    pub fn new(format: &'static str, message: impl std::fmt::Display) -> Self {
        BackendError {
            format,
            message: message.to_string(),
        }
    }
}

/// An output format.
pub trait Backend {
    /// The format's short name, as used on the command line.
    fn name(&self) -> &'static str;
    /// The file extension of the format's output, without the dot.
    fn extension(&self) -> &'static str;
    /// Renders the whole book into the format's bytes.
    fn render(&self, book: &Book) -> Result<Vec<u8>, BackendError>;
}

/// The moment a book is said to be made, for metadata that needs one.
///
/// Honours `SOURCE_DATE_EPOCH` (seconds since 1970) so that builds can be reproduced byte for
/// byte; otherwise it is the current time.
pub fn build_timestamp() -> chrono::DateTime<chrono::Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|value| value.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now)
}
