//! An on-disk cache of fetched bodies (`--cache DIR`), so that a re-run of a reading list
//! fetches nothing new.
//!
//! Each address asked for has two files, named by a UUID derived from the address: the body,
//! and a small JSON record of where it ended up and its validators. An entry with an `ETag` or
//! `Last-Modified` is revalidated with a conditional request (a `304 Not Modified` answer costs
//! no body); an entry without either is used as it is, until the folder is cleared.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Fetched, SourceLimits};

/// A cache folder.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    folder: PathBuf,
}

/// What is kept about a cached body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Entry {
    /// The final address after redirects.
    pub url: String,
    pub media_type: Option<String>,
    pub charset: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Entry {
    /// Whether the server gave a way to ask if the body changed.
    pub(crate) fn has_validators(&self) -> bool {
        self.etag.is_some() || self.last_modified.is_some()
    }
}

impl Cache {
    /// Opens (creating if needed) the cache in `folder`.
    pub(crate) fn open(folder: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(folder)?;
        Ok(Cache {
            folder: folder.to_path_buf(),
        })
    }

    /// The entry and body cached for `url`, if both are there, readable and within `limits`.
    pub(crate) fn get(&self, url: &str, limits: SourceLimits) -> Option<(Entry, Vec<u8>)> {
        let (meta_path, body_path) = self.paths(url);
        let entry: Entry = serde_json::from_slice(&std::fs::read(meta_path).ok()?).ok()?;
        let size = std::fs::metadata(&body_path).ok()?.len();
        if size > limits.max_bytes {
            return None;
        }
        Some((entry, std::fs::read(body_path).ok()?))
    }

    /// Stores `fetched` as the answer for `url`. Failing to write only costs a later fetch, so
    /// errors are ignored; each file is written to a temporary name first and renamed, so a
    /// reader never sees half an entry.
    pub(crate) fn put(
        &self,
        url: &str,
        fetched: &Fetched,
        validators: (Option<String>, Option<String>),
    ) {
        let entry = Entry {
            url: fetched.url.clone(),
            media_type: fetched.media_type.clone(),
            charset: fetched.charset.clone(),
            etag: validators.0,
            last_modified: validators.1,
        };
        let (meta_path, body_path) = self.paths(url);
        let Ok(meta) = serde_json::to_vec(&entry) else {
            return;
        };
        if self.write(&body_path, &fetched.bytes).is_ok() {
            let _ = self.write(&meta_path, &meta);
        }
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let mut temp = tempfile::NamedTempFile::new_in(&self.folder)?;
        temp.write_all(bytes)?;
        temp.persist(path).map(drop).map_err(|err| err.error)
    }

    /// The record and body files for `url`.
    fn paths(&self, url: &str) -> (PathBuf, PathBuf) {
        let key = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, url.as_bytes()).simple();
        (
            self.folder.join(format!("{key}.json")),
            self.folder.join(format!("{key}.body")),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_body_comes_back_with_its_record() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("cache")).unwrap();
        let fetched = Fetched {
            url: "https://example.org/final".into(),
            media_type: Some("text/html".into()),
            charset: Some("utf-8".into()),
            bytes: b"<p>hi</p>".to_vec(),
        };
        assert!(cache
            .get("https://example.org/a", SourceLimits::default())
            .is_none());
        cache.put(
            "https://example.org/a",
            &fetched,
            (Some("\"v1\"".into()), None),
        );
        let (entry, body) = cache
            .get("https://example.org/a", SourceLimits::default())
            .unwrap();
        assert_eq!(body, b"<p>hi</p>");
        assert_eq!(entry.url, "https://example.org/final");
        assert!(entry.has_validators());
        let tiny = SourceLimits { max_bytes: 3 };
        assert!(cache.get("https://example.org/a", tiny).is_none());
    }
}
