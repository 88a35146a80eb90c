//! Copying a book onto a mounted e-reader.
//!
//! The folder given is the reader's mount point (or any folder). A Kindle keeps its books in
//! `documents/`; a Kobo (recognised by its `.kobo` folder) finds books anywhere, so they go at
//! the top; any other folder gets the book as it is. The copy is atomic (see
//! [`crate::output::write_file`]): a reader unplugged in the middle never shows half a book.

use std::path::{Path, PathBuf};

use super::DeliverError;

/// The kind of e-reader found at a mount point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceKind {
    /// A Kindle: books go in `documents/`.
    Kindle,
    /// A Kobo (a `.kobo` folder at the top): books go at the top.
    Kobo,
    /// Any other folder: books go in it.
    Folder,
}

impl DeviceKind {
    /// The kind's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            DeviceKind::Kindle => "Kindle",
            DeviceKind::Kobo => "Kobo",
            DeviceKind::Folder => "folder",
        }
    }
}

/// A book copied onto a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    /// The file written.
    pub path: PathBuf,
    /// What the folder was recognised as.
    pub kind: DeviceKind,
    /// Something the user should know (a Kindle does not open EPUB files copied over USB).
    pub note: Option<String>,
}

/// Finds the kind of reader mounted at `root` and the folder its books go in.
pub fn detect(root: &Path) -> Result<(DeviceKind, PathBuf), DeliverError> {
    if !root.is_dir() {
        return Err(DeliverError::Device {
            path: root.to_path_buf(),
            message: "no such folder (is the e-reader connected and mounted?)".into(),
        });
    }
    let documents = root.join("documents");
    if documents.is_dir() {
        return Ok((DeviceKind::Kindle, documents));
    }
    if root.join(".kobo").is_dir() {
        return Ok((DeviceKind::Kobo, root.to_path_buf()));
    }
    Ok((DeviceKind::Folder, root.to_path_buf()))
}

/// Writes `bytes` as `file_name` into the books folder of the reader mounted at `root`,
/// atomically; an existing book is replaced only with `overwrite`.
pub fn copy_to_device(
    root: &Path,
    file_name: &str,
    bytes: &[u8],
    overwrite: bool,
) -> Result<Copied, DeliverError> {
    let (kind, folder) = detect(root)?;
    let path = folder.join(file_name);
    crate::output::write_file(&path, bytes, overwrite)?;
    let note = (kind == DeviceKind::Kindle && file_name.to_ascii_lowercase().ends_with(".epub"))
        .then(|| {
            "a Kindle does not open EPUB files copied over USB: use `cleancopy send` \
             (Send to Kindle) or `cleancopy pdf --device`"
                .to_string()
        });
    Ok(Copied { path, kind, note })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kindle_books_go_in_documents() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("documents")).unwrap();
        let copied = copy_to_device(dir.path(), "a.pdf", b"%PDF", false).unwrap();
        assert_eq!(copied.kind, DeviceKind::Kindle);
        assert_eq!(copied.path, dir.path().join("documents/a.pdf"));
        assert_eq!(std::fs::read(&copied.path).unwrap(), b"%PDF");
        assert!(copied.note.is_none());
        let epub = copy_to_device(dir.path(), "a.epub", b"PK", false).unwrap();
        assert!(epub.note.unwrap().contains("cleancopy send"));
    }

    #[test]
    fn kobo_books_go_at_the_top() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".kobo")).unwrap();
        let copied = copy_to_device(dir.path(), "a.epub", b"PK", false).unwrap();
        assert_eq!(copied.kind, DeviceKind::Kobo);
        assert_eq!(copied.path, dir.path().join("a.epub"));
    }

    #[test]
    fn an_existing_book_is_kept_without_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.epub"), "old").unwrap();
        let err = copy_to_device(dir.path(), "a.epub", b"new", false).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(std::fs::read(dir.path().join("a.epub")).unwrap(), b"old");
    }

    #[test]
    fn a_missing_mount_point_is_named() {
        let err = detect(Path::new("/nonexistent/KINDLE"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("/nonexistent/KINDLE: no such folder"),
            "{err}"
        );
    }
}
