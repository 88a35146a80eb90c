//! What a page may make cleancopy load, and from where.
//!
//! The rule: **a page from the network can never make cleancopy read a local file.** Only
//! `http` and `https` addresses are loaded for it, relative ones resolved against the page's
//! address. A page read from a local file may also name files, but only by paths relative to
//! its folder that stay inside that folder (so a saved page's `page_files/photo.jpg` works and
//! `../../.ssh/id_rsa` or `/etc/passwd` do not). `file:`, `data:`, `javascript:` and every
//! other scheme are refused for both. Standard input and MHTML archives count as network pages:
//! their content came from the web, whatever folder they were saved in.
//!
//! [`resolve_resource`] decides without touching the disk or the network; [`load_resource`]
//! then loads, and checks again after following symbolic links.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use url::Url;

use super::mhtml::MhtmlArchive;
use super::{file, Deadline, Fetched, Fetcher, SourceError, SourceLimits};

/// Where a page came from, which decides what it may load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Fetched from the network, or of web provenance (standard input, an MHTML archive):
    /// only web addresses may be loaded. `page` is the page's address when known.
    Remote {
        /// The page's address, against which relative addresses resolve.
        page: Option<Url>,
    },
    /// The page of a single-file web archive (MHTML): web addresses only, like
    /// [`Origin::Remote`], but those the archive holds are taken from it, without the network.
    Archive {
        /// The page's address, against which relative addresses resolve.
        page: Option<Url>,
        /// The archive, with the resources saved with the page.
        archive: Arc<MhtmlArchive>,
    },
    /// A page read from a local file: relative paths resolve inside its folder.
    Local {
        /// The folder the page file is in.
        folder: PathBuf,
    },
}

impl Origin {
    /// The page's address, sent as `Referer` when a resource is fetched.
    pub fn page_url(&self) -> Option<&Url> {
        match self {
            Origin::Remote { page } | Origin::Archive { page, .. } => page.as_ref(),
            Origin::Local { .. } => None,
        }
    }

    /// How the origin is named in messages.
    pub fn describe(&self) -> String {
        match self {
            Origin::Remote { page: Some(url) }
            | Origin::Archive {
                page: Some(url), ..
            } => url.to_string(),
            Origin::Remote { page: None } | Origin::Archive { page: None, .. } => {
                "<page>".to_string()
            }
            Origin::Local { folder } => folder.display().to_string(),
        }
    }
}

/// Where a resource may be loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceLocation {
    /// An `http` or `https` address.
    Web(Url),
    /// A file inside a local page's folder.
    File(PathBuf),
}

/// Why a resource address is not loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The address is empty.
    #[error("empty address")]
    Empty,
    /// A scheme other than `http` and `https` (`file:`, `data:`, `javascript:`, …).
    #[error("'{0}:' addresses are never loaded")]
    Scheme(String),
    /// A page from the network names a local path.
    #[error("a page from the network may not name local files")]
    LocalFromRemote,
    /// A relative address with no page address to resolve it against.
    #[error("relative address and no page address to resolve it against")]
    NoBase,
    /// A local page names an absolute path.
    #[error("absolute paths are not loaded, only paths relative to the page's folder")]
    AbsolutePath,
    /// A local page names a path outside its folder.
    #[error("the path leads out of the page's folder")]
    OutsideFolder,
    /// The address cannot be parsed.
    #[error("not a valid address")]
    Invalid,
}

/// Decides whether a page of `origin` may load the resource `src` (an image's `src`, as
/// written or as resolved by the normalizer) and where from.
pub fn resolve_resource(origin: &Origin, src: &str) -> Result<ResourceLocation, Refusal> {
    let src = src.trim();
    if src.is_empty() {
        return Err(Refusal::Empty);
    }
    match Url::parse(src) {
        Ok(url) => web_only(url),
        Err(url::ParseError::RelativeUrlWithoutBase) => match origin {
            Origin::Local { folder } => inside_folder(folder, src),
            remote => match remote.page_url() {
                Some(page) => web_only(page.join(src).map_err(|_| Refusal::Invalid)?),
                None if looks_like_path(src) => Err(Refusal::LocalFromRemote),
                None => Err(Refusal::NoBase),
            },
        },
        Err(_) => Err(Refusal::Invalid),
    }
}

/// Whether a relative address names a path from the root (`/etc/passwd`, `\\server\share`).
fn looks_like_path(src: &str) -> bool {
    src.starts_with(['/', '\\'])
}

fn web_only(url: Url) -> Result<ResourceLocation, Refusal> {
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|h| !h.is_empty()) => {
            Ok(ResourceLocation::Web(url))
        }
        "http" | "https" => Err(Refusal::Invalid),
        scheme => Err(Refusal::Scheme(scheme.to_string())),
    }
}

/// The file `src` (a relative address: percent-escapes, `?query` and `#fragment` allowed)
/// names inside `folder`, if it stays inside.
fn inside_folder(folder: &Path, src: &str) -> Result<ResourceLocation, Refusal> {
    if src.starts_with("//") || src.starts_with("\\\\") {
        // Protocol-relative (`//host/x`): a web address whose scheme a file cannot supply.
        return Err(Refusal::NoBase);
    }
    if looks_like_path(src) {
        return Err(Refusal::AbsolutePath);
    }
    // Resolve against a stand-in root so that `..`, `.`, escapes and backslashes are handled
    // as a browser would, then check the result is still under the root.
    let root = Url::parse("file:///page-folder/").map_err(|_| Refusal::Invalid)?;
    let joined = root.join(src).map_err(|_| Refusal::Invalid)?;
    if joined.scheme() != "file" || joined.host_str().is_some_and(|h| !h.is_empty()) {
        return Err(Refusal::Invalid);
    }
    let Some(relative) = joined.path().strip_prefix(root.path()) else {
        return Err(Refusal::OutsideFolder);
    };
    if relative.is_empty() || relative.ends_with('/') {
        return Err(Refusal::Invalid);
    }
    let mut path = folder.to_path_buf();
    for segment in relative.split('/') {
        let segment = percent_decode(segment).ok_or(Refusal::Invalid)?;
        if segment.is_empty() || segment == "." || segment == ".." || segment.contains(['/', '\\'])
        {
            return Err(Refusal::OutsideFolder);
        }
        path.push(segment);
    }
    Ok(ResourceLocation::File(path))
}

/// Undoes `%XX` escapes; `None` when the result is not UTF-8 or contains NUL.
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| segment.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok().filter(|s| !s.contains('\0'))
}

/// Loads the resource `src` of a page of `origin`, if [`resolve_resource`] allows it: web
/// addresses from the page's archive when it holds them, else through `fetcher` (with the page
/// as `Referer`) before `deadline` (the page's input's), files from the page's folder within
/// `limits`, after checking that symbolic links do not lead out of the folder.
pub fn load_resource(
    origin: &Origin,
    src: &str,
    fetcher: &dyn Fetcher,
    limits: SourceLimits,
    deadline: &Deadline,
) -> Result<Fetched, SourceError> {
    let refused = |refusal: Refusal| SourceError::Refused {
        input: origin.describe(),
        src: src.to_string(),
        refusal,
    };
    if let Some(saved) = from_archive(origin, src) {
        return Ok(saved);
    }
    match resolve_resource(origin, src).map_err(refused)? {
        ResourceLocation::Web(url) => {
            if let Some(saved) = from_archive(origin, url.as_str()) {
                return Ok(saved);
            }
            fetcher.fetch_before(url.as_str(), origin.page_url().map(Url::as_str), deadline)
        }
        ResourceLocation::File(path) => {
            let Origin::Local { folder } = origin else {
                return Err(refused(Refusal::LocalFromRemote));
            };
            if !still_inside(folder, &path) {
                return Err(refused(Refusal::OutsideFolder));
            }
            let name = path.display().to_string();
            let bytes = file::read_file(&path, &name, limits)?;
            Ok(Fetched {
                url: name,
                media_type: None,
                charset: None,
                bytes,
            })
        }
    }
}

/// The part of the page's archive saved from `location` (as written in the page, or resolved),
/// when the page came from an archive that holds it. Archives name their parts by the address
/// they were saved from, or by a `cid:` content identifier.
fn from_archive(origin: &Origin, location: &str) -> Option<Fetched> {
    let Origin::Archive { archive, .. } = origin else {
        return None;
    };
    let part = archive.resource(location.trim())?;
    Some(Fetched {
        url: location.trim().to_string(),
        media_type: Some(part.media_type.clone()),
        charset: part.charset.clone(),
        bytes: part.body.clone(),
    })
}

/// Whether `path`, with symbolic links followed, is inside `folder`. A path that does not
/// exist passes here and fails as "no such file" when read.
fn still_inside(folder: &Path, path: &Path) -> bool {
    match (folder.canonicalize(), path.canonicalize()) {
        (Ok(folder), Ok(path)) => path.starts_with(folder),
        (Ok(_), Err(_)) => !path.exists(),
        (Err(_), _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote(page: &str) -> Origin {
        Origin::Remote {
            page: Some(Url::parse(page).unwrap()),
        }
    }

    fn local() -> Origin {
        Origin::Local {
            folder: PathBuf::from("/saved"),
        }
    }

    #[test]
    fn percent_escapes_query_and_fragment_are_handled_for_local_pages() {
        assert_eq!(
            resolve_resource(&local(), "page_files/my%20photo.jpg?v=2#x"),
            Ok(ResourceLocation::File(PathBuf::from(
                "/saved/page_files/my photo.jpg"
            )))
        );
        assert_eq!(
            resolve_resource(&local(), "./a/../b.png"),
            Ok(ResourceLocation::File(PathBuf::from("/saved/b.png")))
        );
    }

    #[test]
    fn escaped_dots_and_backslashes_do_not_leave_the_folder() {
        for src in [
            "%2e%2e/secret",
            "a/%2e%2e/%2e%2e/secret",
            "..\\..\\secret",
            "a%2fb",
        ] {
            let result = resolve_resource(&local(), src);
            assert!(
                !matches!(&result, Ok(ResourceLocation::File(p)) if !p.starts_with("/saved")),
                "{src}: {result:?}"
            );
        }
        assert_eq!(
            resolve_resource(&local(), "a%2f..%2f..%2fsecret"),
            Err(Refusal::OutsideFolder)
        );
    }

    #[test]
    fn remote_relative_addresses_resolve_to_the_web() {
        assert_eq!(
            resolve_resource(&remote("https://news.example.org/a/story"), "../img/x.png"),
            Ok(ResourceLocation::Web(
                Url::parse("https://news.example.org/img/x.png").unwrap()
            ))
        );
    }

    #[test]
    fn nul_in_a_path_is_refused() {
        assert_eq!(
            resolve_resource(&local(), "a%00.png"),
            Err(Refusal::Invalid)
        );
    }
}
