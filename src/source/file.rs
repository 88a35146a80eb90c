//! Reading a local file, with clear errors for missing files, folders and oversized inputs.

use std::io::Read;
use std::path::Path;

use super::{SourceError, SourceLimits};

/// Reads the whole file at `path`, refusing directories and files above the size limit.
pub(super) fn read_file(
    path: &Path,
    name: &str,
    limits: SourceLimits,
) -> Result<Vec<u8>, SourceError> {
    let metadata = std::fs::metadata(path).map_err(|err| io_error(name, err))?;
    if metadata.is_dir() {
        return Err(SourceError::IsDirectory {
            input: name.to_string(),
        });
    }
    if metadata.len() > limits.max_bytes {
        return Err(SourceError::TooLarge {
            input: name.to_string(),
            limit: limits.max_bytes,
        });
    }
    let file = std::fs::File::open(path).map_err(|err| io_error(name, err))?;
    read_capped(file, name, limits)
}

/// Reads at most `limits.max_bytes` from `reader`; one byte more is an error, so a file that
/// grows while it is read, or an endless stream, cannot exhaust memory.
pub(super) fn read_capped(
    reader: impl Read,
    name: &str,
    limits: SourceLimits,
) -> Result<Vec<u8>, SourceError> {
    let mut bytes = Vec::new();
    reader
        .take(limits.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| io_error(name, err))?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(SourceError::TooLarge {
            input: name.to_string(),
            limit: limits.max_bytes,
        });
    }
    Ok(bytes)
}

fn io_error(name: &str, err: std::io::Error) -> SourceError {
    match err.kind() {
        std::io::ErrorKind::NotFound => SourceError::NotFound {
            input: name.to_string(),
        },
        _ => SourceError::Unreadable {
            input: name.to_string(),
            source: err,
        },
    }
}
