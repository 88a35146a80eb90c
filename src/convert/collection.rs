//! The title of a book of several articles made without `--title`: the feed's title, or the
//! first article's site (else its title), then " — " and a date; the date being the newest article's publication day (else
//! the day the book is made), written in full in the book's language ("2 August 2017",
//! "2 de agosto de 2017").

use chrono::NaiveDate;

use crate::backend::{build_timestamp, Locale};
use crate::document::{Document, Metadata};

/// The title of a book of `articles` (more than one) read from a feed titled `feed_title`,
/// when there was one.
pub(crate) fn collection_title(feed_title: Option<&str>, articles: &[&Document]) -> String {
    let name = feed_title
        .map(str::trim)
        .filter(|title| !title.is_empty())
        .map(str::to_string)
        .or_else(|| articles.first().and_then(|first| site_of(first)))
        .or_else(|| {
            articles
                .first()
                .map(|first| first.display_title().to_string())
        })
        .unwrap_or_default();
    let newest = articles
        .iter()
        .filter_map(|article| published_day(&article.meta))
        .max()
        .unwrap_or_else(|| build_timestamp().date_naive());
    let language = articles
        .iter()
        .find_map(|article| article.meta.language.as_deref());
    let day = Metadata {
        published: Some(newest.format("%Y-%m-%d").to_string()),
        ..Metadata::default()
    };
    let date = Locale::for_language(language)
        .date(&day)
        .unwrap_or_else(|| newest.to_string());
    format!("{name} — {date}")
}

/// The publication's name, else the host of the article's address (without `www.`).
fn site_of(article: &Document) -> Option<String> {
    let meta = &article.meta;
    if let Some(site) = meta.site_name.as_deref().map(str::trim) {
        if !site.is_empty() {
            return Some(site.to_string());
        }
    }
    let url = url::Url::parse(meta.source_url.as_deref()?).ok()?;
    let host = url.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

/// The day of a machine (ISO 8601) publication date.
fn published_day(meta: &Metadata) -> Option<NaiveDate> {
    let published = meta.published.as_deref()?.trim();
    NaiveDate::parse_from_str(published.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(site: Option<&str>, url: &str, published: Option<&str>, language: &str) -> Document {
        Document {
            meta: Metadata {
                title: "A story".into(),
                site_name: site.map(str::to_string),
                source_url: Some(url.into()),
                published: published.map(str::to_string),
                language: Some(language.into()),
                ..Metadata::default()
            },
            ..Document::default()
        }
    }

    #[test]
    fn the_feed_or_the_first_site_and_the_newest_day_in_the_books_language() {
        let articles = [
            &article(
                None,
                "https://www.example.org/a",
                Some("2017-08-02T09:00:00Z"),
                "pt",
            ),
            &article(
                Some("Other"),
                "https://other.org/b",
                Some("2017-08-05"),
                "pt",
            ),
        ];
        assert_eq!(
            collection_title(None, &articles),
            "example.org — 5 de agosto de 2017"
        );
        assert_eq!(
            collection_title(Some("Tide Notes"), &articles),
            "Tide Notes — 5 de agosto de 2017"
        );
    }
}
