//! RSS and Atom feeds: reading one must never panic, and every link taken is a web address
//! (a feed can never point cleancopy at a local file).
#![no_main]

use cleancopy::source::feed::{read_feed, FeedSelection};
use cleancopy::source::{Fetched, Fetcher, Input, SourceError, SourceLimits};
use libfuzzer_sys::fuzz_target;

/// Serves the fuzz input as the feed at any address.
struct FeedBytes<'a>(&'a [u8]);

impl Fetcher for FeedBytes<'_> {
    fn fetch(&self, url: &str, _referer: Option<&str>) -> Result<Fetched, SourceError> {
        Ok(Fetched {
            url: url.to_string(),
            media_type: Some("application/rss+xml".into()),
            charset: None,
            bytes: self.0.to_vec(),
        })
    }
}

fuzz_target!(|data: &[u8]| {
    let input = Input::Url("https://example.org/feed.xml".into());
    let selection = FeedSelection {
        since: None,
        limit: Some(50),
    };
    if let Ok(items) = read_feed(&input, &FeedBytes(data), SourceLimits::default(), selection) {
        assert!(items.links.len() <= 50);
        for link in &items.links {
            assert!(link.starts_with("http://") || link.starts_with("https://"), "{link}");
        }
    }
});
