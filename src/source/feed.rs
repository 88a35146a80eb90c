//! RSS and Atom feeds as a source of article addresses (`--feed URL --since 2d --limit N`).
//!
//! A feed is read like any input (a URL, a file or standard input), parsed with `feed-rs`, and
//! its entries' links become URL inputs. Only `http` and `https` links are taken: a feed can
//! never point cleancopy at a local file.
//!
//! A web address that gives an HTML page instead of a feed is read for the feed it names
//! (autodiscovery): its first `<link rel="alternate">` of an RSS, Atom or JSON Feed type, whose
//! address, resolved against the page's, is fetched in its place, with the same fetcher (its
//! limits and policy). One hop only: a page that names another page is not followed further.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use url::Url;

use super::detect::{detect_kind, Kind};
use super::{file, stdin, Fetcher, Input, SourceError, SourceLimits};

/// The media types of the feeds a page may name in a `<link rel="alternate">` (a plain
/// `application/json` one is an API's, not a feed).
const FEED_MEDIA_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
];

/// Which entries of a feed to take.
#[derive(Debug, Clone, Copy, Default)]
pub struct FeedSelection {
    /// Only entries published (or updated) at or after this time; undated entries are left out
    /// when this is set.
    pub since: Option<DateTime<Utc>>,
    /// At most this many entries, the newest first.
    pub limit: Option<usize>,
}

/// The entries taken from a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItems {
    /// The feed's title, for the book.
    pub title: Option<String>,
    /// The entries' article addresses, newest first.
    pub links: Vec<String>,
}

/// Reads the feed `input` (fetching it with `fetcher` when it is a URL) and picks its entries.
pub fn read_feed(
    input: &Input,
    fetcher: &dyn Fetcher,
    limits: SourceLimits,
    selection: FeedSelection,
) -> Result<FeedItems, SourceError> {
    let name = input.display_name();
    let (bytes, base) = match input {
        Input::Url(url) => {
            let fetched = fetcher.fetch(url, None)?;
            match feed_rs::parser::parse(fetched.bytes.as_slice()) {
                Ok(feed) => {
                    let base = Url::parse(&fetched.url).ok();
                    return Ok(select(feed, base.as_ref(), selection));
                }
                Err(err) => match discovered_feed(&name, &fetched)? {
                    Some(feed_url) => {
                        let fetched = fetcher.fetch(&feed_url, None)?;
                        let base = Url::parse(&fetched.url).ok();
                        let feed =
                            feed_rs::parser::parse(fetched.bytes.as_slice()).map_err(|err| {
                                SourceError::Feed {
                                    input: format!("{feed_url} (the feed {name} names)"),
                                    cause: one_line(&err.to_string()),
                                }
                            })?;
                        return Ok(select(feed, base.as_ref(), selection));
                    }
                    None => {
                        return Err(SourceError::Feed {
                            input: name,
                            cause: one_line(&err.to_string()),
                        })
                    }
                },
            }
        }
        Input::File(path) => (file::read_file(path, &name, limits)?, None),
        Input::Stdin => (stdin::read_stdin(&name, limits)?, None),
    };
    let feed = feed_rs::parser::parse(bytes.as_slice()).map_err(|err| SourceError::Feed {
        input: name.clone(),
        cause: one_line(&err.to_string()),
    })?;
    Ok(select(feed, base.as_ref(), selection))
}

/// When `fetched` (the input `name`) is an HTML page rather than a feed, the address of the
/// feed it names, resolved against the page's; `Ok(None)` when it is no HTML page, and an
/// error when it is one that names no feed.
fn discovered_feed(name: &str, fetched: &super::Fetched) -> Result<Option<String>, SourceError> {
    let kind = detect_kind(name, None, fetched.media_type.as_deref(), &fetched.bytes);
    if !matches!(kind, Ok(Kind::Html)) {
        return Ok(None);
    }
    let page = String::from_utf8_lossy(&fetched.bytes);
    let base = Url::parse(&fetched.url).ok();
    feed_link(&page, base.as_ref())
        .map(Some)
        .ok_or_else(|| SourceError::NoFeedNamed {
            input: name.to_string(),
        })
}

/// The address of the feed an HTML page names in a `<link rel="alternate" type="…">` of one
/// of the [`FEED_MEDIA_TYPES`] (the first such, as sites list their main feed first),
/// resolved against `base`; only an `http` or `https` address.
fn feed_link(page: &str, base: Option<&Url>) -> Option<String> {
    let html = scraper::Html::parse_document(page);
    let links = scraper::Selector::parse("link[rel][href][type]").ok()?;
    let found = html.select(&links).find_map(|link| {
        let value = link.value();
        let rel = value.attr("rel")?;
        if !rel
            .split_ascii_whitespace()
            .any(|token| token.eq_ignore_ascii_case("alternate"))
        {
            return None;
        }
        let media_type = value.attr("type")?.split(';').next()?.trim().to_lowercase();
        if !FEED_MEDIA_TYPES.contains(&media_type.as_str()) {
            return None;
        }
        let href = value.attr("href")?.trim();
        let url = match base {
            Some(base) => base.join(href).ok()?,
            None => Url::parse(href).ok()?,
        };
        matches!(url.scheme(), "http" | "https").then_some(url)
    })?;
    Some(found.to_string())
}

/// The entries of `feed` chosen by `selection`, their links resolved against `base`.
fn select(feed: feed_rs::model::Feed, base: Option<&Url>, selection: FeedSelection) -> FeedItems {
    FeedItems {
        links: pick_links(&feed.entries, base, selection),
        title: feed
            .title
            .map(|t| one_line(&t.content))
            .filter(|t| !t.is_empty()),
    }
}

/// The links of the `entries` chosen by `selection`, newest first, each once.
///
/// The entries are sorted, newest first, then taken in that order, each link once (at its
/// newest date), until `selection.limit` are found: linear in the entries besides the sort,
/// which costs milliseconds for a hundred thousand. (A heap of the newest N would skip the
/// sort but not the dedupe: a link listed twice must not take two of the N places, so the
/// heap would have to be refilled; sorting keeps it simple and the result the same.)
fn pick_links(
    entries: &[feed_rs::model::Entry],
    base: Option<&Url>,
    selection: FeedSelection,
) -> Vec<String> {
    let mut entries: Vec<(Option<DateTime<Utc>>, String)> = entries
        .iter()
        .filter_map(|entry| {
            let link = entry_link(entry, base)?;
            Some((entry.published.or(entry.updated), link))
        })
        .filter(|(date, _)| match selection.since {
            Some(since) => date.is_some_and(|d| d >= since),
            None => true,
        })
        .collect();
    // Newest first; entries without a date keep their feed order, after the dated ones.
    entries.sort_by_key(|(date, _)| std::cmp::Reverse(*date));
    let limit = selection.limit.unwrap_or(usize::MAX);
    let mut seen = HashSet::new();
    entries
        .iter()
        .map(|(_, link)| link.as_str())
        .filter(|link| seen.insert(*link))
        .take(limit)
        .map(str::to_string)
        .collect()
}

/// The entry's article address: its `alternate` (or first) link, resolved against the entry's
/// `xml:base` or the feed's address; `None` unless it is an `http` or `https` address.
fn entry_link(entry: &feed_rs::model::Entry, feed_base: Option<&Url>) -> Option<String> {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or_else(|| entry.links.first())?;
    let entry_base = entry.base.as_deref().and_then(|b| Url::parse(b).ok());
    let url = match Url::parse(link.href.trim()) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            entry_base.as_ref().or(feed_base)?.join(&link.href).ok()?
        }
        Err(_) => return None,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses a `--since` value: an age (`90m`, `12h`, `2d`, `1w`) before `now`, or a date
/// (`2025-06-01`) or time (`2025-06-01T08:00:00Z`).
pub fn parse_since(value: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let value = value.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(value) {
        return Ok(time.with_timezone(&Utc));
    }
    if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        if let Some(midnight) = date.and_hms_opt(0, 0, 0) {
            return Ok(midnight.and_utc());
        }
    }
    let invalid = || {
        format!("'{value}': expected an age such as 12h, 2d or 1w, or a date such as 2025-06-01")
    };
    let split = value
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(invalid)?;
    let (count, unit) = value.split_at(split);
    let count: i64 = count.parse().map_err(|_| invalid())?;
    let age = match unit {
        "m" | "min" => Duration::try_minutes(count),
        "h" => Duration::try_hours(count),
        "d" => Duration::try_days(count),
        "w" => Duration::try_weeks(count),
        _ => None,
    }
    .ok_or_else(invalid)?;
    now.checked_sub_signed(age).ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour
  News</title><link>https://news.example.org/</link>
<item><title>Old</title><link>https://news.example.org/old</link>
  <pubDate>Mon, 02 Jun 2025 08:00:00 GMT</pubDate></item>
<item><title>New</title><link>/new</link>
  <pubDate>Wed, 04 Jun 2025 08:00:00 GMT</pubDate></item>
<item><title>Evil</title><link>file:///etc/passwd</link>
  <pubDate>Thu, 05 Jun 2025 08:00:00 GMT</pubDate></item>
<item><title>Middle</title><link>https://news.example.org/middle</link>
  <pubDate>Tue, 03 Jun 2025 08:00:00 GMT</pubDate></item>
</channel></rss>"#;

    fn items(selection: FeedSelection) -> FeedItems {
        let feed = feed_rs::parser::parse(RSS.as_bytes()).unwrap();
        let base = Url::parse("https://news.example.org/feed.xml").unwrap();
        select(feed, Some(&base), selection)
    }

    #[test]
    fn newest_first_local_links_dropped_relative_links_resolved() {
        let all = items(FeedSelection::default());
        assert_eq!(all.title.as_deref(), Some("Harbour News"));
        assert_eq!(
            all.links,
            [
                "https://news.example.org/new",
                "https://news.example.org/middle",
                "https://news.example.org/old"
            ]
        );
    }

    #[test]
    fn since_and_limit_select_entries() {
        let since = parse_since("2025-06-03", Utc::now()).unwrap();
        let recent = items(FeedSelection {
            since: Some(since),
            limit: None,
        });
        assert_eq!(recent.links.len(), 2);
        let one = items(FeedSelection {
            since: None,
            limit: Some(1),
        });
        assert_eq!(one.links, ["https://news.example.org/new"]);
    }

    #[test]
    fn a_long_feed_gives_its_newest_distinct_links_up_to_the_limit() {
        // 100,000 entries, two a link, a minute apart (oldest first), and one undated.
        let entry = |n: i64, updated: Option<DateTime<Utc>>| feed_rs::model::Entry {
            links: vec![feed_rs::model::Link {
                href: format!("https://example.org/{}", n / 2),
                target: None,
                rel: None,
                media_type: None,
                href_lang: None,
                title: None,
                length: None,
            }],
            updated,
            ..Default::default()
        };
        let mut entries: Vec<_> = (0..100_000i64)
            .map(|n| entry(n, DateTime::from_timestamp(1_600_000_000 + n * 60, 0)))
            .collect();
        entries.insert(50_000, entry(200_000, None));
        let newest = |limit| {
            let selection = FeedSelection {
                since: None,
                limit: Some(limit),
            };
            pick_links(&entries, None, selection)
        };
        let expected: Vec<String> = (49_995..50_000)
            .rev()
            .map(|n| format!("https://example.org/{n}"))
            .collect();
        assert_eq!(newest(5), expected);
        let all = newest(usize::MAX);
        assert_eq!(all.len(), 50_001);
        assert_eq!(
            all.last().map(String::as_str),
            Some("https://example.org/100000")
        );
    }

    #[test]
    fn a_page_names_its_feed_in_a_link_resolved_against_its_address() {
        let base = Url::parse("https://news.example.org/harbour/").unwrap();
        let page = r#"<html><head>
            <link rel="stylesheet" href="/style.css" type="text/css">
            <link rel="alternate" type="application/json" href="/wp-json/posts/1">
            <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
            <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="atom.xml">
            <link rel="alternate" type="application/rss+xml" href="/rss.xml">
            </head><body></body></html>"#;
        assert_eq!(
            feed_link(page, Some(&base)).as_deref(),
            Some("https://news.example.org/harbour/atom.xml")
        );
        assert_eq!(feed_link("<html><p>No feed</p></html>", Some(&base)), None);
    }

    #[test]
    fn since_reads_ages_and_dates() {
        let now = DateTime::parse_from_rfc3339("2025-06-10T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            parse_since("2d", now).unwrap().to_rfc3339(),
            "2025-06-08T12:00:00+00:00"
        );
        assert_eq!(
            parse_since("12h", now).unwrap().to_rfc3339(),
            "2025-06-10T00:00:00+00:00"
        );
        assert!(parse_since("2 days", now).is_err());
        assert!(parse_since("soon", now).is_err());
    }
}
