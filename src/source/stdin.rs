//! Reading an article piped on standard input.

use super::file::read_capped;
use super::{SourceError, SourceLimits};

/// Reads all of standard input, within the size limit.
pub(super) fn read_stdin(name: &str, limits: SourceLimits) -> Result<Vec<u8>, SourceError> {
    read_capped(std::io::stdin().lock(), name, limits)
}
