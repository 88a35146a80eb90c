//! The resource policy through the public API: a page from the network can never make
//! cleancopy read a local file, and a local page may load only files inside its folder.

use std::path::PathBuf;
use std::sync::Mutex;

use cleancopy::source::{
    load_resource, resolve_resource, Deadline, Fetched, Fetcher, Origin, Refusal, ResourceLocation,
    SourceError, SourceLimits,
};
use url::Url;

/// Addresses a hostile page might use to reach local files.
const LOCAL_TRICKS: &[&str] = &[
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "file://localhost/etc/passwd",
    "/etc/passwd",
    "\\etc\\passwd",
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "C:/Windows/win.ini",
    "c:\\Windows\\win.ini",
    "data:image/png;base64,iVBORw0KGgo=",
    "javascript:alert(1)",
    "ftp://example.org/x.png",
    "jar:file:///tmp/a.zip!/x.png",
];

/// A fetcher that records what it was asked for and never touches the network.
#[derive(Default)]
struct RecordingFetcher {
    calls: Mutex<Vec<(String, Option<String>)>>,
}

impl Fetcher for RecordingFetcher {
    fn fetch(&self, url: &str, referer: Option<&str>) -> Result<Fetched, SourceError> {
        self.calls
            .lock()
            .unwrap()
            .push((url.to_string(), referer.map(str::to_string)));
        Ok(Fetched {
            url: url.to_string(),
            media_type: Some("image/png".into()),
            charset: None,
            bytes: b"\x89PNG\r\n\x1a\n".to_vec(),
        })
    }
}

/// The time a page's resources are given.
fn deadline() -> Deadline {
    Deadline::after(std::time::Duration::from_secs(30))
}

fn remote_page() -> Origin {
    Origin::Remote {
        page: Some(Url::parse("https://news.example.org/2025/story.html").unwrap()),
    }
}

#[test]
fn a_remote_page_resolves_only_to_web_addresses() {
    for origin in [remote_page(), Origin::Remote { page: None }] {
        for src in LOCAL_TRICKS {
            match resolve_resource(&origin, src) {
                Ok(ResourceLocation::Web(url)) => {
                    assert!(
                        url.as_str().starts_with("https://news.example.org/"),
                        "{src} → {url}"
                    );
                }
                Ok(ResourceLocation::File(path)) => {
                    panic!(
                        "{src} from a remote page resolved to the file {}",
                        path.display()
                    )
                }
                Err(_) => {}
            }
        }
    }
    // With no page address, a root path is named as what it is.
    assert_eq!(
        resolve_resource(&Origin::Remote { page: None }, "/etc/passwd"),
        Err(Refusal::LocalFromRemote)
    );
    assert_eq!(
        resolve_resource(&remote_page(), "file:///etc/passwd"),
        Err(Refusal::Scheme("file".into()))
    );
}

#[test]
fn a_remote_page_resolves_relative_and_absolute_web_addresses() {
    let web = |s: &str| Ok(ResourceLocation::Web(Url::parse(s).unwrap()));
    assert_eq!(
        resolve_resource(&remote_page(), "img/a.jpg"),
        web("https://news.example.org/2025/img/a.jpg")
    );
    assert_eq!(
        resolve_resource(&remote_page(), "//cdn.example.net/b.png"),
        web("https://cdn.example.net/b.png")
    );
    assert_eq!(
        resolve_resource(&remote_page(), "http://other.example/c.gif"),
        web("http://other.example/c.gif")
    );
}

#[test]
fn a_local_page_loads_relative_paths_inside_its_folder_only() {
    let origin = Origin::Local {
        folder: PathBuf::from("/home/reader/saved"),
    };
    assert_eq!(
        resolve_resource(&origin, "story_files/photo%201.jpg"),
        Ok(ResourceLocation::File(PathBuf::from(
            "/home/reader/saved/story_files/photo 1.jpg"
        )))
    );
    for src in LOCAL_TRICKS {
        assert!(
            !matches!(
                resolve_resource(&origin, src),
                Ok(ResourceLocation::File(_))
            ),
            "{src} resolved to a file"
        );
    }
    assert_eq!(
        resolve_resource(&origin, "/etc/passwd"),
        Err(Refusal::AbsolutePath)
    );
    assert_eq!(
        resolve_resource(&origin, "../secrets.txt"),
        Err(Refusal::OutsideFolder)
    );
    assert!(matches!(
        resolve_resource(&origin, "https://example.org/x.png"),
        Ok(ResourceLocation::Web(_))
    ));
}

#[test]
fn load_resource_fetches_web_images_with_the_page_as_referer() {
    let fetcher = RecordingFetcher::default();
    let fetched = load_resource(
        &remote_page(),
        "../img/a",
        &fetcher,
        SourceLimits::default(),
        &deadline(),
    )
    .unwrap();
    assert_eq!(fetched.image_type(), Some("image/png"));
    assert_eq!(
        fetcher.calls.lock().unwrap().as_slice(),
        [(
            "https://news.example.org/img/a".to_string(),
            Some("https://news.example.org/2025/story.html".to_string())
        )]
    );
}

#[test]
fn load_resource_refuses_local_tricks_without_reading_or_fetching() {
    let fetcher = RecordingFetcher::default();
    for src in LOCAL_TRICKS {
        if let Ok(fetched) = load_resource(
            &Origin::Remote { page: None },
            src,
            &fetcher,
            SourceLimits::default(),
            &deadline(),
        ) {
            panic!("{src} was loaded: {}", fetched.url);
        }
    }
    assert!(fetcher.calls.lock().unwrap().is_empty());
}

#[test]
fn load_resource_reads_files_next_to_a_local_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("page_files")).unwrap();
    std::fs::write(dir.path().join("page_files/pic"), b"GIF89a....").unwrap();
    let origin = Origin::Local {
        folder: dir.path().to_path_buf(),
    };
    let fetcher = RecordingFetcher::default();
    let fetched = load_resource(
        &origin,
        "page_files/pic",
        &fetcher,
        SourceLimits::default(),
        &deadline(),
    )
    .unwrap();
    assert_eq!(fetched.image_type(), Some("image/gif"));
    let err = load_resource(
        &origin,
        "page_files/none.png",
        &fetcher,
        SourceLimits::default(),
        &deadline(),
    )
    .unwrap_err();
    assert!(err.to_string().ends_with("none.png: no such file"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_folder_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "do not read").unwrap();
    let page_dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        page_dir.path().join("innocent.png"),
    )
    .unwrap();
    let origin = Origin::Local {
        folder: page_dir.path().to_path_buf(),
    };
    let err = load_resource(
        &origin,
        "innocent.png",
        &RecordingFetcher::default(),
        SourceLimits::default(),
        &deadline(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            SourceError::Refused {
                refusal: Refusal::OutsideFolder,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("refused to load 'innocent.png'"),
        "{err}"
    );
}
