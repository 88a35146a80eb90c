//! Netscape cookies.txt files (`--cookie-file`): reading any file must never panic; it gives a
//! fetcher or a one-line error naming the file and the line.
#![no_main]

use cleancopy::source::{FetchOptions, HttpFetcher, SourceLimits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("cookies.txt");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let options = FetchOptions {
        cookie_file: Some(path),
        offline: true,
        ..FetchOptions::default()
    };
    if let Err(err) = HttpFetcher::new(&options, SourceLimits::default()) {
        assert!(!err.to_string().contains('\n'), "{err}");
    }
});
