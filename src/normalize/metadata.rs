//! Article metadata: what the page says about itself in `<meta>` tags (OpenGraph, Twitter,
//! Dublin Core, `article:*`), JSON-LD, `<html lang>`, `<title>`, its canonical link and
//! `<time datetime>`, and, when none of these names the authors, its byline element; plus the
//! small parsers for names, dates and language tags that both normalizers share.
//!
//! The names of the tags and JSON-LD fields are here, in the order of trust in which they are
//! asked; the words of bylines, dates and titles are in [`vocabulary`](super::vocabulary).

use scraper::Html;
use serde_json::Value;

use super::selector;
use super::vocabulary::bylines::{
    BYLINE_DATE_LABELS, BYLINE_OPENERS, NAME_INTRODUCERS, NAME_JOINERS, ROLE_QUALIFIERS,
    WRITER_ROLES,
};
use super::vocabulary::classes::{BYLINE_FRAGMENTS, COMMENTS_FRAGMENT};
use super::vocabulary::dates::{MONTH_ABBREVIATION_LEN, MONTH_NAMES};

mod dates;

use super::vocabulary::elements::NEVER_BYLINE_ELEMENTS;
use super::vocabulary::marks::TITLE_SEPARATORS;
use crate::document::{ImageRef, Metadata};
pub use dates::{find_date, normalize_date, DayOrder};

/// JSON-LD `@type`s that describe an article.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "WebPage",
];

/// `<meta>` names of the publication date, in the order they are asked.
const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "date",
    "dc:date",
    "dc:date:issued",
    "dcterms:issued",
    "dcterm:date",
    "dcterms:date",
    "dcterms:created",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "sailthru:date",
    "parsely-pub-date",
];

/// `<meta>` names of the date of the last change, in the order they are asked.
const MODIFIED_META: &[&str] = &[
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "article:updated_time",
    "datemodified",
    "dc:date:modified",
    "dcterms:modified",
    "dcterm:modified",
    "last-modified",
];

/// Class or id fragments of the elements that show an article's date to readers
/// ("dateline", "post-date", "timestamp"), asked after every machine-readable source.
const DATELINE_FRAGMENTS: &[&str] = &[
    "dateline",
    "byline",
    "published",
    "pubdate",
    "timestamp",
    "posted",
    "date",
    "meta",
];

/// Reads every metadata source of `html`. `page_url` resolves relative image addresses.
pub fn read_html_metadata(html: &Html, resolve: &dyn Fn(&str) -> Option<String>) -> Metadata {
    read_html_metadata_and_body(html, resolve).0
}

/// [`read_html_metadata`], and the text of the article as the page's JSON-LD declares it (its
/// `articleBody`), when that is plain text: some pages show their article only through
/// scripts and keep its text there. The JSON-LD is parsed once for both.
pub fn read_html_metadata_and_body(
    html: &Html,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> (Metadata, Option<String>) {
    let ld = JsonLd::read(html);
    let declared_body = ld.string("articleBody").filter(|body| !body.contains('<'));
    (read_sources(html, &ld, resolve), declared_body)
}

/// The metadata of `html` from its tags, its JSON-LD (`ld`, read already) and its text.
fn read_sources(html: &Html, ld: &JsonLd, resolve: &dyn Fn(&str) -> Option<String>) -> Metadata {
    let metas = MetaTags::read(html);
    let language = first_some(&[
        &|| root_attr(html, "lang"),
        &|| root_attr(html, "xml:lang"),
        &|| metas.get(&["content-language", "language", "dc:language", "og:locale"]),
        &|| ld.string("inLanguage"),
    ])
    .and_then(|tag| normalize_language(&tag));
    let order = DayOrder::for_language(language.as_deref());
    let site_name = first_some(&[
        &|| metas.get(&["og:site_name", "application-name", "twitter:site"]),
        &|| ld.nested_name("publisher"),
    ])
    .map(|name| name.trim_start_matches('@').to_string());
    // The publication's names: never an author, and a title's affix when it is one.
    let publishers: Vec<String> = [
        site_name.clone(),
        ld.nested_name("publisher"),
        metas.get(&["og:site_name"]),
        metas.get(&["application-name"]),
    ]
    .into_iter()
    .flatten()
    .map(|name| collapse_whitespace(name.trim_start_matches('@')))
    .filter(|name| !name.is_empty())
    .collect();
    let byline = std::cell::OnceCell::new();
    let byline = || byline.get_or_init(|| byline_element_text(html)).clone();
    let title = first_some(&[
        &|| ld.title(html),
        &|| {
            metas.get(&[
                "dc:title",
                "dcterm:title",
                "og:title",
                "weibo:article:title",
                "weibo:webpage:title",
                "title",
                "twitter:title",
                "parsely-title",
            ])
        },
        &|| document_title(html),
    ])
    // Some sites escape their titles twice ("Bike &amp;amp; Style"): one more decoding
    // gives the text they meant.
    .map(|t| collapse_whitespace(&html_escape::decode_html_entities(&t)))
    .map(|t| headline_without_affixes(&t, &title_references(html, &metas, ld), &publishers))
    .unwrap_or_default();
    let mut meta = Metadata {
        title,
        authors: Vec::new(),
        published: first_date(
            order,
            &[
                &|| ld.dates("datePublished"),
                &|| metas.all(PUBLISHED_META),
                &|| microdata_dates(html, "datePublished"),
                &|| time_element_dates(html, order),
                &|| dateline_dates(html, byline(), order),
            ],
        ),
        modified: first_date(
            order,
            &[
                &|| ld.dates("dateModified"),
                &|| metas.all(MODIFIED_META),
                &|| microdata_dates(html, "dateModified"),
            ],
        ),
        site_name,
        section: first_some(&[
            &|| metas.get(&["article:section", "section", "parsely-section"]),
            &|| ld.string("articleSection"),
        ])
        .filter(|section| {
            is_section_label(
                section,
                metas.get(&["keywords", "news_keywords"]).as_deref(),
            )
        }),
        language,
        source_url: first_some(&[
            &|| select_attr(html, "link[rel=canonical]", "href"),
            &|| metas.get(&["og:url", "twitter:url"]),
        ])
        .and_then(|url| resolve(&url))
        .filter(|url| url.starts_with("http://") || url.starts_with("https://")),
        description: first_some(&[
            &|| metas.get(&["og:description", "description", "twitter:description"]),
            &|| ld.string("description"),
        ])
        .map(|d| collapse_whitespace(&d)),
        lead_image: first_some(&[
            &|| {
                metas.get(&[
                    "og:image",
                    "og:image:url",
                    "twitter:image",
                    "twitter:image:src",
                ])
            },
            &|| ld.image(),
        ])
        .and_then(|src| resolve(&src))
        .map(|src| ImageRef {
            src,
            alt: metas
                .get(&["og:image:alt", "twitter:image:alt"])
                .unwrap_or_default(),
        }),
        image_credit: None,
    };
    let people = |names: Vec<String>| -> Vec<String> {
        names
            .iter()
            .filter_map(|name| person_name(name, &publishers))
            .collect()
    };
    let author_sources: [&dyn Fn() -> Vec<String>; 3] = [
        &|| {
            ld.authors()
                .into_iter()
                .filter_map(|(name, person)| {
                    if person {
                        Some(name)
                    } else {
                        person_name(&name, &publishers)
                    }
                })
                .collect()
        },
        &|| {
            let names = metas
                .all(&[
                    "dc:creator",
                    "dcterm:creator",
                    "author",
                    "parsely-author",
                    "article:author",
                    "og:article:author",
                    "byl",
                ])
                .into_iter()
                .find(|a| !a.starts_with("http"));
            people(names.map(|n| clean_author_names(&n)).unwrap_or_default())
        },
        &|| people(byline().map(|n| clean_author_names(&n)).unwrap_or_default()),
    ];
    meta.authors = author_sources
        .iter()
        .map(|source| source())
        .find(|names| !names.is_empty())
        .unwrap_or_default();
    meta
}

/// `name` as a person's name: `None` when it names one of the `publishers` or a desk of
/// one ("BBC News", "Detroit News wire services"); without the publication after it when it
/// ends with one ("Elliot Brownstein Florida Today" → "Elliot Brownstein").
fn person_name(name: &str, publishers: &[String]) -> Option<String> {
    let fold = |text: &str| -> String {
        let lower = text.to_lowercase();
        let lower = lower.strip_prefix("the ").unwrap_or(&lower);
        lower.chars().filter(|c| c.is_alphanumeric()).collect()
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    for publisher in publishers {
        let publisher = fold(publisher);
        if publisher.is_empty() {
            continue;
        }
        for start in 0..words.len() {
            for end in start + 1..=words.len() {
                if fold(&words[start..end].join(" ")) != publisher {
                    continue;
                }
                if start > 0 && end == words.len() {
                    return Some(words[..start].join(" "));
                }
                return None;
            }
        }
    }
    Some(name.to_string())
}

/// Whether two names of a publication or person are the same, ignoring case, spacing and a
/// leading "The".
fn same_name(a: &str, b: &str) -> bool {
    let fold = |text: &str| {
        let text = loose_text(text);
        text.strip_prefix("the ")
            .map(str::to_string)
            .unwrap_or(text)
    };
    fold(a) == fold(b)
}

/// The first value of the `sources` that reads as a date, in ISO 8601 (see
/// [`normalize_date`]); each source may give several values, asked in order.
fn first_date(order: DayOrder, sources: &[&dyn Fn() -> Vec<String>]) -> Option<String> {
    sources.iter().find_map(|source| {
        source()
            .iter()
            .find_map(|value| normalize_date(value, order))
    })
}

/// The dates microdata gives under `itemprop` `property` (`datePublished`, `dateModified`):
/// each element's `content` or `datetime`, else its text.
fn microdata_dates(html: &Html, property: &str) -> Vec<String> {
    html.select(&selector("[itemprop]"))
        .filter(|element| {
            element.value().attr("itemprop").is_some_and(|p| {
                p.split_whitespace()
                    .any(|p| p.eq_ignore_ascii_case(property))
            })
        })
        .filter_map(|element| {
            let value = element.value();
            value
                .attr("content")
                .or_else(|| value.attr("datetime"))
                .map(str::to_string)
                .or_else(|| Some(collapse_whitespace(&element.text().collect::<String>())))
        })
        .collect()
}

/// The dates of the page's `<time>` elements outside reader comments, in order: each one's
/// `datetime`, and the date in its visible text after it (so a malformed `datetime` is passed
/// over for the text).
fn time_element_dates(html: &Html, order: DayOrder) -> Vec<String> {
    html.select(&selector("time"))
        .filter(|element| !is_in_comments(element))
        .flat_map(|element| {
            let text = collapse_whitespace(&element.text().collect::<String>());
            let datetime = element.value().attr("datetime").map(str::to_string);
            datetime.into_iter().chain(dated_text(&text, order))
        })
        .collect()
}

/// The date written in a short `text` ("Published Dec. 14, 2016"), in ISO 8601.
fn dated_text(text: &str, order: DayOrder) -> Option<String> {
    if text.is_empty() || text.chars().count() >= MAX_BYLINE_CHARS {
        return None;
    }
    find_date(text, order)
}

/// The dates of the page's visible datelines: the `byline` text, then the short texts of
/// elements whose class or id names a date ([`DATELINE_FRAGMENTS`]), outside reader
/// comments.
fn dateline_dates(html: &Html, byline: Option<String>, order: DayOrder) -> Vec<String> {
    if let Some(date) = byline.and_then(|b| dated_text(&b, order)) {
        return vec![date];
    }
    for fragment in DATELINE_FRAGMENTS {
        for element in html
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            let value = element.value();
            if NEVER_BYLINE_ELEMENTS.contains(&value.name()) {
                continue;
            }
            let named = [value.attr("class"), value.attr("id")]
                .into_iter()
                .flatten()
                .any(|hint| contains_ignoring_case(hint, fragment));
            if named && !is_in_comments(&element) {
                let text = collapse_whitespace(&element.text().collect::<String>());
                if let Some(date) = dated_text(&text, order) {
                    return vec![date];
                }
            }
        }
    }
    Vec::new()
}

/// `<meta>` tags by lowercase `property`, `name` or `http-equiv`; the first of each wins.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn read(html: &Html) -> Self {
        let mut tags = Vec::new();
        let mut named = Vec::new();
        for element in html.select(&selector("meta[content]")) {
            let value = element.value();
            let Some(content) = value.attr("content") else {
                continue;
            };
            // Tags named by `property` (RDFa, OpenGraph) are looked up before those named by
            // `name`, so the property wins when a page gives both.
            for key in ["property", "name", "http-equiv", "itemprop"] {
                // `property` may hold several space-separated names ("og:title dc:title").
                let list = if key == "property" {
                    &mut tags
                } else {
                    &mut named
                };
                for name in value.attr(key).unwrap_or_default().split_whitespace() {
                    list.push((meta_key(name), content.trim().to_string()));
                }
            }
        }
        tags.extend(named);
        MetaTags(tags)
    }

    /// Every non-empty value of `keys`, in the order of `keys`.
    fn all(&self, keys: &[&str]) -> Vec<String> {
        keys.iter()
            .flat_map(|key| {
                self.0
                    .iter()
                    .filter(move |(name, content)| name == key && !content.is_empty())
                    .map(|(_, content)| content.clone())
            })
            .collect()
    }

    /// The first non-empty value among `keys`, in the order of `keys`.
    fn get(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| {
            self.0
                .iter()
                .find(|(name, content)| name == key && !content.is_empty())
                .map(|(_, content)| content.clone())
        })
    }
}

/// Whether a page's section is a label a book may show above the title ("Science", "Middle
/// East"): not the page's keywords, nor a list of them ("Politics, Europe, Elections"), nor a
/// sentence.
fn is_section_label(section: &str, keywords: Option<&str>) -> bool {
    let section = section.trim();
    let words = section.split_whitespace().count();
    let characters = section.chars().count();
    keywords.is_none_or(|keywords| keywords.trim() != section)
        && !section.contains([',', ';', '|', '、', '，', '،', '؛'])
        && words <= 5
        && characters <= 40
}

/// A `<meta>` name as looked up here: lowercase, with `.` read as `:` ("DC.Title" → "dc:title").
fn meta_key(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace('.', ":")
}

/// The article object of the page's JSON-LD, if any, and the other objects that describe
/// an article.
struct JsonLd(Option<Value>, Vec<Value>);

impl JsonLd {
    fn read(html: &Html) -> Self {
        let articles: Vec<Value> = html
            .select(&selector("script[type='application/ld+json']"))
            .filter_map(|script| {
                let text: String = script.text().collect();
                serde_json::from_str::<Value>(strip_cdata(&text).trim_end_matches(';')).ok()
            })
            .flat_map(flatten_graph)
            .filter(is_article)
            .collect();
        let article = articles
            .iter()
            .max_by_key(|object| {
                if type_names(object).contains(&"WebPage") {
                    0
                } else {
                    1
                }
            })
            .cloned();
        JsonLd(article, articles)
    }

    fn string(&self, key: &str) -> Option<String> {
        match self.0.as_ref()?.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Array(items) => items.iter().find_map(|v| v.as_str()).map(str::to_string),
            _ => None,
        }
    }

    /// The article's title: its `headline` or its `name`, whichever matches the page's
    /// `<title>` (without its site suffix); the name when both do (Wikipedia's headline is a
    /// description), the headline when neither does (a name is often the site's).
    fn title(&self, html: &Html) -> Option<String> {
        let (name, headline) = (self.string("name"), self.string("headline"));
        match (name, headline) {
            (Some(name), Some(headline)) if name != headline => {
                let page_title = document_title(html).unwrap_or_default();
                let similar = |text: &str| word_similarity(text, &page_title) > 0.75;
                if similar(&name) {
                    Some(name)
                } else {
                    Some(headline)
                }
            }
            (name, headline) => headline.or(name),
        }
    }

    /// The values of the date field `key` (`datePublished`): the article's own, then those of
    /// the objects nested in it (a `mainEntity`, an `isPartOf`), then those of every other
    /// object of the page's JSON-LD that describes an article.
    fn dates(&self, key: &str) -> Vec<String> {
        let mut found = Vec::new();
        if let Some(article) = &self.0 {
            collect_strings(article, key, &mut found);
        }
        for object in &self.1 {
            collect_strings(object, key, &mut found);
        }
        found
    }

    fn nested_name(&self, key: &str) -> Option<String> {
        match self.0.as_ref()?.get(key)? {
            Value::Object(object) => object.get("name")?.as_str().map(str::to_string),
            Value::String(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// The names of the article's authors, each with whether the page declares it a
    /// `Person` (a person may share a name with the publication, as on a personal blog).
    fn authors(&self) -> Vec<(String, bool)> {
        let Some(author) = self.0.as_ref().and_then(|a| a.get("author")) else {
            return Vec::new();
        };
        let values = match author {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        };
        let mut names: Vec<(String, bool)> = Vec::new();
        for value in values {
            let name = match &value {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
                _ => None,
            };
            let person = type_names(&value).contains(&"Person");
            for name in name.map(|n| clean_author_names(&n)).unwrap_or_default() {
                if !names.iter().any(|(known, _)| *known == name) {
                    names.push((name, person));
                }
            }
        }
        names
    }

    fn image(&self) -> Option<String> {
        let image = self.0.as_ref()?.get("image")?;
        let first = match image {
            Value::Array(items) => items.first()?,
            other => other,
        };
        match first {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("url").and_then(Value::as_str).map(str::to_string),
            _ => None,
        }
    }
}

/// Every string (or first string of a list) under `key` in `value` and the objects nested in
/// it, the outer ones first.
fn collect_strings(value: &Value, key: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            match object.get(key) {
                Some(Value::String(s)) => found.push(s.trim().to_string()),
                Some(Value::Array(items)) => {
                    found.extend(items.iter().filter_map(Value::as_str).map(str::to_string));
                }
                _ => {}
            }
            for (name, nested) in object {
                if name != key {
                    collect_strings(nested, key, found);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_strings(item, key, found);
            }
        }
        _ => {}
    }
}

/// The JSON inside a script's text, without the `<![CDATA[ … ]]>` wrapper some sites put
/// around it (a leftover of XHTML templates).
fn strip_cdata(text: &str) -> &str {
    let text = text.trim();
    match text
        .strip_prefix("<![CDATA[")
        .and_then(|inner| inner.strip_suffix("]]>"))
    {
        Some(inner) => inner.trim(),
        None => text,
    }
}

/// A JSON-LD value and, for `@graph` containers and arrays, every object inside.
fn flatten_graph(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.into_iter().flat_map(flatten_graph).collect(),
        Value::Object(mut object) => match object.remove("@graph") {
            Some(graph) => flatten_graph(graph),
            None => vec![Value::Object(object)],
        },
        _ => Vec::new(),
    }
}

fn type_names(object: &Value) -> Vec<&str> {
    match object.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_article(object: &Value) -> bool {
    type_names(object)
        .iter()
        .any(|name| ARTICLE_TYPES.contains(name))
}

/// The page's `<title>`, without a trailing " | Site Name" or " - Site Name".
fn document_title(html: &Html) -> Option<String> {
    let title = select_text(html, "title")?;
    let last_separator = TITLE_SEPARATORS
        .iter()
        .filter_map(|separator| title.rfind(separator).map(|index| (index, separator.len())))
        .max_by_key(|(index, _)| *index);
    let Some((index, separator_len)) = last_separator else {
        return Some(title);
    };
    let head = title[..index].trim();
    let tail = title[index + separator_len..].trim();
    if is_part_of_a_series(tail) {
        // "The Long Road / Part 2": the part belongs to the headline, not a site name.
        return Some(title);
    }
    let head_words = head.split_whitespace().count();
    // A short head is only the headline when all that was cut is a one-word site name
    // ("New Zealand - Wikipedia"); otherwise the cut took part of the headline.
    if head_words >= MIN_HEADLINE_WORDS || (head_words > 0 && tail.split_whitespace().count() == 1)
    {
        Some(head.to_string())
    } else {
        Some(title)
    }
}

/// Whether the end of a `<title>` names a part of a series ("Part 2", "Chapter IV", "Teil 3",
/// "Episode 12"), which belongs to the headline.
fn is_part_of_a_series(tail: &str) -> bool {
    const PART_WORDS: &[&str] = &[
        "part",
        "pt",
        "chapter",
        "episode",
        "ep",
        "volume",
        "vol",
        "book",
        "teil",
        "partie",
        "parte",
        "capítulo",
        "chapitre",
        "kapitel",
        "deel",
    ];
    let mut words = tail.split_whitespace();
    let (Some(word), Some(number), None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    let word = word.trim_end_matches('.').to_lowercase();
    let roman = |n: &str| !n.is_empty() && n.chars().all(|c| "ivxlcIVXLC".contains(c));
    PART_WORDS.contains(&word.as_str())
        && (number.chars().all(|c| c.is_ascii_digit()) || roman(number))
}

/// Where a title may be cut from its affixes: the [`TITLE_SEPARATORS`], an em dash, and
/// the opening bracket of a trailing note ("(Published 2016)").
const AFFIX_SEPARATORS: &[&str] = &[" — ", " ("];

/// Separators between a publication's name and the headline it opens ("Harbour News:
/// Storm closes the pier") or closes.
const SITE_NAME_SEPARATORS: &[&str] = &[": ", " | ", " - ", " – ", " — ", " · ", " :: "];

/// The clean headlines the page gives besides its chosen title: its `<h1>`s, `og:title`,
/// `twitter:title` and JSON-LD `headline`.
fn title_references(html: &Html, metas: &MetaTags, ld: &JsonLd) -> Vec<String> {
    let mut references: Vec<String> = html
        .select(&selector("h1"))
        .map(|element| collapse_whitespace(&element.text().collect::<String>()))
        .filter(|text| !text.is_empty() && text.split_whitespace().count() <= 40)
        .take(3)
        .collect();
    references.extend(metas.get(&["og:title"]));
    references.extend(metas.get(&["twitter:title"]));
    references.extend(ld.string("headline"));
    references
        .into_iter()
        .map(|text| collapse_whitespace(&html_escape::decode_html_entities(&text)))
        .collect()
}

/// `title` without the site's name, section or note around the headline ("Opinion | The
/// Headline | Site", "The Headline (Published 2016)", "Site: The Headline"): the part of it
/// between separators that another source gives as the title on its own (`references`: the
/// `<h1>`, `og:title`, …), else the title without a leading or trailing name of the
/// publication (`publishers`). The part kept must be at least as long as each part cut.
fn headline_without_affixes(title: &str, references: &[String], publishers: &[String]) -> String {
    let mut cuts: Vec<(usize, usize)> = TITLE_SEPARATORS
        .iter()
        .chain(AFFIX_SEPARATORS)
        .flat_map(|separator| {
            title
                .match_indices(separator)
                .map(|(index, separator)| (index, index + separator.len()))
                .collect::<Vec<_>>()
        })
        .collect();
    cuts.sort_unstable();
    cuts.dedup_by_key(|(start, _)| *start);
    // The pieces between cuts, as byte ranges.
    let mut pieces = Vec::new();
    let mut from = 0;
    for (start, end) in &cuts {
        if *start < from {
            continue;
        }
        pieces.push((from, *start));
        // A bracket opened by a cut belongs to the piece after it.
        from = if title[..*end].ends_with('(') {
            end - 1
        } else {
            *end
        };
    }
    pieces.push((from, title.len()));
    let references: Vec<String> = references
        .iter()
        .filter(|reference| !publishers.iter().any(|p| same_name(p, reference)))
        .map(|reference| loose_text(reference))
        .collect();
    let mut best: Option<&str> = None;
    for first in 0..pieces.len() {
        for last in first..pieces.len() {
            if first == 0 && last == pieces.len() - 1 {
                continue;
            }
            let span = title[pieces[first].0..pieces[last].1].trim();
            let longest_cut = pieces[..first]
                .iter()
                .chain(&pieces[last + 1..])
                .map(|(start, end)| title[*start..*end].chars().count())
                .max()
                .unwrap_or(0);
            let matches = references.contains(&loose_text(span));
            // A tie goes to the piece that opens the title, where headlines stand.
            let long_enough = match span.chars().count().cmp(&longest_cut) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Equal => first == 0,
                std::cmp::Ordering::Less => false,
            };
            if matches && long_enough && best.is_none_or(|best| span.len() > best.len()) {
                best = Some(span);
            }
        }
    }
    if let Some(span) = best {
        return span.to_string();
    }
    for publisher in publishers {
        for separator in SITE_NAME_SEPARATORS {
            let lower = title.to_lowercase();
            if lower.len() != title.len() {
                break;
            }
            let name = publisher.to_lowercase();
            let prefix = format!("{name}{separator}");
            let suffix = format!("{separator}{name}");
            if lower.starts_with(&prefix) && title.len() > prefix.len() {
                return title[prefix.len()..].trim().to_string();
            }
            if lower.ends_with(&suffix) && title.len() > suffix.len() {
                return title[..title.len() - suffix.len()].trim().to_string();
            }
        }
    }
    title.to_string()
}

/// `text` as titles and names are compared: lowercase, with spaces collapsed, "..." read as
/// "…", typographic quotes as plain ones, and no full stop or permalink mark at the end.
fn loose_text(text: &str) -> String {
    let text = collapse_whitespace(&text.to_lowercase())
        .replace("...", "…")
        .replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"");
    // A heading may end with its permalink mark ("Evolve¶").
    text.trim_end_matches(['.', ' ', '¶', '#', '§']).to_string()
}

/// A headline cut from a `<title>` needs this many words to stand on its own.
const MIN_HEADLINE_WORDS: usize = 5;

/// Share of the words of `b` that also occur in `a` (0 when `b` has none).
fn word_similarity(a: &str, b: &str) -> f64 {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if b.is_empty() {
        return 0.0;
    }
    let shared = b.iter().filter(|w| a.contains(w)).count();
    shared as f64 / b.len() as f64
}

/// The first non-blank value the sources give, asking them in order and no further.
fn first_some(sources: &[&dyn Fn() -> Option<String>]) -> Option<String> {
    sources
        .iter()
        .filter_map(|source| source())
        .find(|value| !value.trim().is_empty())
}

/// An attribute of the `<html>` element, trimmed, if not blank.
fn root_attr(html: &Html, attr: &str) -> Option<String> {
    html.root_element()
        .value()
        .attr(attr)
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

fn select_attr(html: &Html, css: &'static str, attr: &str) -> Option<String> {
    html.select(&selector(css))
        .find_map(|element| element.value().attr(attr))
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

fn select_text(html: &Html, css: &'static str) -> Option<String> {
    html.select(&selector(css))
        .map(|element| collapse_whitespace(&element.text().collect::<String>()))
        .find(|text| !text.is_empty() && text.split_whitespace().count() <= 30)
}

/// The longest byline, in characters.
const MAX_BYLINE_CHARS: usize = 100;

/// The text of the first element that reads as a byline: `rel="author"` or an `itemprop`
/// naming the author first, then a class or id such as `byline` or `author`, then `dateline`;
/// each with a short text that reads as names (see [`clean_author_names`]). Bylines of reader
/// comments are not the article's.
fn byline_element_text(html: &Html) -> Option<String> {
    let elements: Vec<scraper::ElementRef> = html
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .filter(|element| !NEVER_BYLINE_ELEMENTS.contains(&element.value().name()))
        .collect();
    let byline_text = |element: &scraper::ElementRef| {
        Some(collapse_whitespace(&element.text().collect::<String>()))
            .filter(|text| {
                !text.is_empty()
                    && text.chars().count() < MAX_BYLINE_CHARS
                    && !clean_author_names(text).is_empty()
            })
            .filter(|_| !is_in_comments(element))
    };
    let by_markup = elements.iter().filter(|element| {
        let value = element.value();
        value.attr("rel") == Some("author")
            || value.attr("itemprop").is_some_and(|p| p.contains("author"))
    });
    if let Some(text) = by_markup.filter_map(byline_text).next() {
        return Some(text);
    }
    BYLINE_FRAGMENTS.iter().find_map(|fragments| {
        elements
            .iter()
            .filter(|element| {
                let value = element.value();
                [value.attr("class"), value.attr("id")]
                    .into_iter()
                    .flatten()
                    .any(|hint| fragments.iter().any(|f| contains_ignoring_case(hint, f)))
            })
            .filter_map(byline_text)
            .next()
    })
}

/// Whether `text` contains `fragment` (lowercase ASCII), ignoring ASCII case.
pub(super) fn contains_ignoring_case(text: &str, fragment: &str) -> bool {
    text.as_bytes()
        .windows(fragment.len())
        .any(|window| window.eq_ignore_ascii_case(fragment.as_bytes()))
}

/// Whether `element` sits in a list of reader comments.
fn is_in_comments(element: &scraper::ElementRef) -> bool {
    element
        .ancestors()
        .filter_map(scraper::ElementRef::wrap)
        .any(|ancestor| {
            let value = ancestor.value();
            [value.attr("class"), value.attr("id")]
                .into_iter()
                .flatten()
                .any(|hint| hint.to_ascii_lowercase().contains(COMMENTS_FRAGMENT))
        })
}

/// Collapses runs of whitespace to one space and trims the ends.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The most words a person's or desk's name has.
const MAX_NAME_WORDS: usize = 5;

/// Splits a byline into names: "By Ana Silva and Tom Reed" → ["Ana Silva", "Tom Reed"];
/// "Written by Lee Park Edited by Sam Roy" → ["Lee Park", "Sam Roy"]; "Jo Kim (with Al Fay)"
/// → ["Jo Kim", "Al Fay"]. A date after a name ("Jo Kim May 20, 2019") is dropped. Returns
/// nothing when a part does not read as a name (a headline, a count, a sentence), so a
/// teaser or a widget is never taken for a byline.
pub fn clean_author_names(byline: &str) -> Vec<String> {
    let without_addresses: Vec<&str> = byline
        .split_whitespace()
        .filter(|word| {
            !is_address(word.trim_matches(|c| c == '(' || c == ')' || c == '<' || c == '>'))
        })
        .collect();
    let text = unglue_byline(&without_addresses.join(" "));
    let text = open_joined_parentheses(before_date_label(&text));
    let mut names = Vec::new();
    for part in text.split([';', '&', '|', '/', '·', '•']) {
        let mut pieces = vec![part.trim().to_string()];
        for joiner in NAME_JOINERS {
            pieces = pieces
                .iter()
                .flat_map(|piece| split_case_insensitive(piece, joiner))
                .collect();
        }
        for piece in pieces {
            let piece = strip_name_prefixes(&piece);
            let candidates = match inverted_name(piece) {
                Some(name) => vec![name],
                None => piece.split(',').map(str::to_string).collect(),
            };
            for candidate in candidates {
                // "Tom Roe, AP Auto Writer": a part that ends with a role after a name is
                // that name's title.
                if !names.is_empty() && ends_with_role(&candidate) {
                    continue;
                }
                let name = strip_name_prefixes(&candidate);
                let name = strip_trailing_date(name)
                    .trim()
                    .trim_end_matches('.')
                    .trim();
                let name = without_role(name);
                let name = name.as_str();
                if name.is_empty() || is_date_part(name) {
                    continue;
                }
                if !is_plausible_name(name) {
                    return Vec::new();
                }
                if !names.iter().any(|known: &String| known == name) {
                    names.push(name.to_string());
                }
            }
        }
    }
    names
}

/// A byline whose parts the page glued together ("ByJane DoeStaff Writer", "Jane
/// DoePublished May 3") with the parts apart again: a space after an opening "By" that runs
/// into a capital, and one inside a word where a capital starts a role
/// ([`ROLE_QUALIFIERS`], [`WRITER_ROLES`]) or a date label ([`BYLINE_DATE_LABELS`]).
fn unglue_byline(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for (index, word) in text.split_whitespace().enumerate() {
        let mut word = word.to_string();
        if index == 0 {
            let opener = BYLINE_OPENERS
                .iter()
                .map(|opener| opener.trim_end())
                .filter(|opener| !opener.contains(' '))
                .find(|opener| {
                    word.len() > opener.len()
                        && word.is_char_boundary(opener.len())
                        && word[..opener.len()].eq_ignore_ascii_case(opener)
                        && word[opener.len()..].starts_with(char::is_uppercase)
                });
            if let Some(opener) = opener {
                words.push(word[..opener.len()].to_string());
                word = word[opener.len()..].to_string();
            }
        }
        let glued = word
            .char_indices()
            .zip(word.chars().skip(1))
            .filter(|((_, before), after)| before.is_lowercase() && after.is_uppercase())
            .map(|((index, before), _)| index + before.len_utf8())
            .find(|split| {
                // The tail is a whole role or label word, or one glued to the next ("Doe" +
                // "StaffWriter"); "McDonald" or "JoNewsome" stay whole.
                let tail = &word[*split..];
                let lower = tail.to_lowercase();
                let is_word = |w: &&str| {
                    lower.len() == tail.len()
                        && lower.starts_with(*w)
                        && tail[w.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| c.is_uppercase() || !c.is_alphanumeric())
                };
                ROLE_QUALIFIERS.iter().any(is_word)
                    || WRITER_ROLES.iter().any(is_word)
                    || BYLINE_DATE_LABELS.iter().any(is_word)
            });
        match glued {
            Some(split) => {
                words.push(word[..split].to_string());
                words.push(word[split..].to_string());
            }
            None => words.push(word),
        }
    }
    words.join(" ")
}

/// `text` up to the first [`BYLINE_DATE_LABELS`] word ("Jane Roe Updated on …" → "Jane Roe
/// "); a label that opens the text and introduces names ("Published by Jane Roe") stays.
fn before_date_label(text: &str) -> &str {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return text;
    }
    let cut = BYLINE_DATE_LABELS
        .iter()
        .flat_map(|label| {
            lower
                .match_indices(label)
                .map(|(index, _)| (index, label.len()))
        })
        .filter(|(index, len)| {
            let before = lower[..*index].chars().next_back();
            let after = lower[index + len..].chars().next();
            // At the start, a label opens a dateline ("Published May 3"), unless it
            // introduces the names ("Published by Jane Roe").
            let introduces_names =
                lower[index + len..]
                    .split_whitespace()
                    .next()
                    .is_some_and(|word| {
                        NAME_INTRODUCERS
                            .iter()
                            .chain(BYLINE_OPENERS)
                            .any(|w| w.trim_end() == word)
                    });
            (*index > 0 || !introduces_names)
                && before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
        })
        .map(|(index, _)| index)
        .min();
    match cut {
        Some(index) => &text[..index],
        None => text,
    }
}

/// A name written surname first ("Doe, Jane", "Doe, Jane A."), in reading order ("Jane
/// Doe"); `None` for anything else, such as a list of two names ("Jane Doe, John Roe").
fn inverted_name(text: &str) -> Option<String> {
    let (surname, given) = text.split_once(',')?;
    let (surname, given) = (surname.trim(), given.trim());
    let given_words: Vec<&str> = given.split_whitespace().collect();
    let is_initial = |word: &str| {
        let letters = word.trim_end_matches('.');
        letters.chars().count() == 1 && letters.chars().all(char::is_uppercase)
    };
    let is_name_word = |word: &str| {
        let lower = word.to_lowercase();
        word.starts_with(char::is_uppercase)
            && word.chars().any(char::is_lowercase)
            && word
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
            && !ROLE_QUALIFIERS.contains(&lower.as_str())
            && !WRITER_ROLES.contains(&lower.as_str())
    };
    let given_ok = match given_words.as_slice() {
        [first] => is_name_word(first) || is_initial(first),
        [first, initial] => (is_name_word(first) || is_initial(first)) && is_initial(initial),
        _ => false,
    };
    (surname.split_whitespace().count() == 1 && is_name_word(surname) && given_ok)
        .then(|| format!("{given} {surname}"))
}

/// Whether the last word of `text` is one of the [`WRITER_ROLES`] ("Writer", "editors").
fn ends_with_role(text: &str) -> bool {
    text.split_whitespace().next_back().is_some_and(|word| {
        let word = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        WRITER_ROLES
            .iter()
            .any(|role| word == *role || word.strip_suffix('s') == Some(role))
    })
}

/// `name` without a writer's role after it ("Jane Roe Staff Writer", "Jane Roe - Senior
/// Correspondent" → "Jane Roe"); empty when it is only a role ("Staff Writer").
fn without_role(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let bare = |word: &str| {
        word.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let is_role = |word: &str| {
        let word = bare(word);
        WRITER_ROLES
            .iter()
            .any(|role| word == *role || word.strip_suffix('s') == Some(role))
    };
    let mut keep = words.len();
    if keep == 0 || !is_role(words[keep - 1]) {
        return name.to_string();
    }
    keep -= 1;
    let mut qualified = false;
    while keep > 0 && ROLE_QUALIFIERS.contains(&bare(words[keep - 1]).as_str()) {
        keep -= 1;
        qualified = true;
    }
    if keep > 0 && !qualified && keep < 2 {
        // "Jane Writer": too short to be a name and a role.
        return name.to_string();
    }
    words[..keep]
        .join(" ")
        .trim_end_matches(|c: char| {
            c == ',' || c == '-' || c == '–' || c == '—' || c.is_whitespace()
        })
        .to_string()
}

/// `text` with parentheses that add names ("Jo Kim (with Al Fay)") turned into a list
/// ("Jo Kim , with Al Fay "); other parentheses ("Bruno (Henrique) Rodrigues") stay.
fn open_joined_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let (before, from_paren) = rest.split_at(open);
        out.push_str(before);
        let inner = &from_paren[1..];
        let close = inner.find(')').unwrap_or(inner.len());
        let lower = inner[..close].trim_start().to_lowercase();
        if BYLINE_OPENERS
            .iter()
            .chain(NAME_INTRODUCERS)
            .any(|prefix| lower.starts_with(prefix))
        {
            out.push_str(", ");
            out.push_str(&inner[..close]);
            out.push(' ');
        } else {
            out.push('(');
            out.push_str(&inner[..close]);
            if close < inner.len() {
                out.push(')');
            }
        }
        rest = inner.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// `text` split at every case-insensitive occurrence of the lowercase `separator`.
fn split_case_insensitive(text: &str, separator: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return vec![text.to_string()];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for (index, _) in lower.match_indices(separator) {
        pieces.push(text[start..index].to_string());
        start = index + separator.len();
    }
    pieces.push(text[start..].to_string());
    pieces
}

/// `name` without leading byline words such as "By" or "Written by" ([`BYLINE_OPENERS`] and
/// [`NAME_INTRODUCERS`]).
fn strip_name_prefixes(name: &str) -> &str {
    let mut name = name.trim();
    loop {
        let lower = name.to_lowercase();
        let prefix = BYLINE_OPENERS
            .iter()
            .chain(NAME_INTRODUCERS)
            .find(|prefix| lower.starts_with(*prefix) && name.is_char_boundary(prefix.len()));
        match prefix {
            Some(prefix) => name = name[prefix.len()..].trim_start(),
            None => return name,
        }
    }
}

/// `name` without a trailing "May 20" or "20 May" (the rest of a date after a comma is
/// dropped by [`is_date_part`]).
fn strip_trailing_date(name: &str) -> &str {
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_month = |word: &str| {
        let word = word.trim_end_matches('.').to_lowercase();
        word.len() >= MONTH_ABBREVIATION_LEN
            && MONTH_NAMES.iter().any(|month| month.starts_with(&word))
    };
    let is_day = |word: &str| word.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
    let date_words = match words.as_slice() {
        [.., month, day] if is_month(month) && is_day(day) => 2,
        [.., day, month] if is_day(day) && is_month(month) => 2,
        _ => 0,
    };
    if date_words == 0 || words.len() <= date_words {
        return name;
    }
    let keep = words.len() - date_words;
    let mut end = 0;
    for word in &words[..keep] {
        end = name[end..].find(word).map_or(end, |i| end + i + word.len());
    }
    &name[..end]
}

/// A piece of a byline that is a date or a time: "2019", "10h55", "21.dez.2018".
fn is_date_part(text: &str) -> bool {
    date_to_iso(text).is_some()
        || text.chars().filter(char::is_ascii_digit).count() * 2 >= text.chars().count()
        || text
            .split_whitespace()
            .any(|word| word.chars().filter(char::is_ascii_digit).count() >= 4)
}

/// A web or e-mail address given beside a name ("Sam Roy (`https://example.org/sam`)").
fn is_address(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("://") || lower.starts_with("www.") || lower.starts_with("mailto:")
}

/// Whether `text` reads as a person's or a desk's name: a few words, letters first, no
/// digits and no sentence punctuation.
fn is_plausible_name(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=MAX_NAME_WORDS).contains(&words)
        && text.chars().any(char::is_alphabetic)
        && !text.chars().any(|c| {
            c.is_ascii_digit()
                || matches!(c, ':' | '?' | '!' | '$' | '€' | '£' | '"' | '“' | '”' | '@')
        })
}

/// Reads a date written as ISO 8601 ("2024-03-03", "2024-03-03T10:00:00Z"), "March 3, 2024",
/// "Mar 3 2024" or "3 March 2024", and returns it as `YYYY-MM-DD`.
pub fn date_to_iso(text: &str) -> Option<String> {
    let text = text.trim();
    let prefix = text
        .get(..10)
        .filter(|head| head.as_bytes().get(4) == Some(&b'-'))
        .and_then(|head| normalize_date(head, DayOrder::MonthFirst));
    prefix
        .or_else(|| normalize_date(text, DayOrder::MonthFirst))
        .and_then(|iso| iso.get(..10).map(str::to_string))
}

/// Turns "en_US", "EN-us" or "en-US,en;q=0.9" into a BCP 47 tag ("en-US"); `None` for anything
/// that is not shaped like one.
pub fn normalize_language(tag: &str) -> Option<String> {
    let first = tag.split([',', ';']).next()?.trim().replace('_', "-");
    let mut parts = first.split('-');
    let primary = parts.next()?.to_ascii_lowercase();
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    if matches!(primary.as_str(), "und" | "zxx" | "mul") {
        return None;
    }
    let mut out = primary;
    for part in parts {
        if !(2..=8).contains(&part.len()) || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
            break;
        }
        out.push('-');
        if part.len() == 2 {
            out.push_str(&part.to_ascii_uppercase());
        } else {
            out.push_str(part);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_of_a_series_stays_in_the_title() {
        for title in [
            "The Long Road Home from the Sea / Part 2",
            "The Long Road Home from the Sea - Chapter IV",
        ] {
            let page = Html::parse_document(&format!("<title>{title}</title>"));
            assert_eq!(document_title(&page).as_deref(), Some(title));
        }
        let page =
            Html::parse_document("<title>The Long Road Home from the Sea | Harbour News</title>");
        assert_eq!(
            document_title(&page).as_deref(),
            Some("The Long Road Home from the Sea")
        );
    }

    fn read(page: &str) -> Metadata {
        read_html_metadata(&Html::parse_document(page), &|s| Some(s.to_string()))
    }

    #[test]
    fn opengraph_and_article_tags_are_read() {
        let meta = read(
            r#"<html lang="en_GB"><head><title>Ignored | Site</title>
            <meta property="og:title" content="The Real Title">
            <meta property="og:site_name" content="Example Post">
            <meta property="article:section" content="Science">
            <meta property="article:published_time" content="2024-05-01T08:00:00Z">
            <meta name="author" content="Ana Silva">
            <meta property="og:image" content="https://example.org/a.jpg">
            <link rel="canonical" href="https://example.org/story">
            </head><body></body></html>"#,
        );
        assert_eq!(meta.title, "The Real Title");
        assert_eq!(meta.site_name.as_deref(), Some("Example Post"));
        assert_eq!(meta.section.as_deref(), Some("Science"));
        assert_eq!(meta.published.as_deref(), Some("2024-05-01T08:00:00Z"));
        assert_eq!(meta.authors, vec!["Ana Silva"]);
        assert_eq!(meta.language.as_deref(), Some("en-GB"));
        assert_eq!(
            meta.source_url.as_deref(),
            Some("https://example.org/story")
        );
        assert_eq!(
            meta.lead_image.map(|i| i.src).as_deref(),
            Some("https://example.org/a.jpg")
        );
    }

    #[test]
    fn keywords_are_never_a_section() {
        let keywords = r#"<meta name="keywords" content="Gardens">"#;
        for tags in [
            format!(r#"{keywords}<meta property="article:section" content="Gardens">"#),
            r#"<meta property="article:section" content="Gardens, roofs, rain, neighbours">"#
                .to_string(),
            r#"<meta property="article:section" content="屋上、菜園、雨水">"#.to_string(),
        ] {
            let meta = read(&format!("<html><head>{tags}</head><body></body></html>"));
            assert_eq!(meta.section, None, "{tags}");
        }
    }

    #[test]
    fn the_declared_article_body_is_read_when_it_is_plain_text() {
        let declared_body =
            |html: &Html| read_html_metadata_and_body(html, &|s| Some(s.to_string())).1;
        let page = |body: &str| {
            Html::parse_document(&format!(
                r#"<html><head><script type="application/ld+json">
                {{"@context":"https://schema.org","@type":"NewsArticle","headline":"H",
                  "articleBody":"{body}"}}</script></head><body></body></html>"#
            ))
        };
        assert_eq!(
            declared_body(&page("First line.\\nSecond line.")).as_deref(),
            Some("First line.\nSecond line.")
        );
        assert_eq!(declared_body(&page("<p>Markup</p>")), None);
        assert_eq!(declared_body(&page(" ")), None);
    }

    #[test]
    fn json_ld_article_is_read_from_a_graph() {
        let meta = read(
            r#"<html><head><title>Fallback title here now</title><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},
             {"@type":"NewsArticle","headline":"Headline From LD","datePublished":"2023-02-03",
              "author":[{"@type":"Person","name":"Tom Reed"},{"@type":"Person","name":"Li Wei"}],
              "publisher":{"@type":"Organization","name":"The Example"},"articleSection":["World"]}]}
            </script></head><body></body></html>"#,
        );
        assert_eq!(meta.title, "Headline From LD");
        assert_eq!(meta.authors, vec!["Tom Reed", "Li Wei"]);
        assert_eq!(meta.site_name.as_deref(), Some("The Example"));
        assert_eq!(meta.section.as_deref(), Some("World"));
        assert_eq!(meta.published.as_deref(), Some("2023-02-03"));
    }

    #[test]
    fn json_ld_name_wins_when_it_is_the_page_title_and_the_headline_a_description() {
        let meta = read(
            r#"<html><head><title>Tide clock - Harbourpedia</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"Article",
              "name":"Tide clock","headline":"instrument that shows the state of the tide"}</script>
            </head><body></body></html>"#,
        );
        assert_eq!(meta.title, "Tide clock");
        let meta = read(
            r#"<html><head><title>Storm closes the pier | Harbour News</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
              "name":"Harbour News","headline":"Storm closes the pier"}</script>
            </head><body></body></html>"#,
        );
        assert_eq!(meta.title, "Storm closes the pier");
    }

    #[test]
    fn json_ld_wrapped_in_cdata_is_read() {
        let meta = read(
            r#"<html><head><meta property="og:title" content="Social Title | Site">
            <script type="application/ld+json">
            <![CDATA[ {"@context":"https://schema.org","@type":"NewsArticle",
              "headline":"The Real Headline","author":{"@type":"Person","name":"Ana Ruiz"}} ]]>
            </script></head><body></body></html>"#,
        );
        assert_eq!(meta.title, "The Real Headline");
        assert_eq!(meta.authors, vec!["Ana Ruiz"]);
    }

    #[test]
    fn document_title_loses_its_site_suffix() {
        let meta = read("<title>A Long Story About Rivers | The River Times</title>");
        assert_eq!(meta.title, "A Long Story About Rivers");
        let meta = read("<title>New Zealand - Wikipedia</title>");
        assert_eq!(meta.title, "New Zealand");
    }

    #[test]
    fn document_title_keeps_a_short_headline_whole() {
        let meta = read("<title>On Recent Events - Sam Lee (blog)</title>");
        assert_eq!(meta.title, "On Recent Events - Sam Lee (blog)");
    }

    #[test]
    fn dates_in_common_shapes_become_iso() {
        assert_eq!(date_to_iso("March 3, 2024").as_deref(), Some("2024-03-03"));
        assert_eq!(date_to_iso("3 Mar 2024").as_deref(), Some("2024-03-03"));
        assert_eq!(
            date_to_iso("2024-03-03T10:00Z").as_deref(),
            Some("2024-03-03")
        );
        assert_eq!(date_to_iso("Monday"), None);
        assert_eq!(date_to_iso("May the force be"), None);
    }

    #[test]
    fn language_tags_are_normalized() {
        assert_eq!(normalize_language("en_us").as_deref(), Some("en-US"));
        assert_eq!(
            normalize_language("de-DE,de;q=0.9").as_deref(),
            Some("de-DE")
        );
        assert_eq!(normalize_language("und"), None);
        assert_eq!(normalize_language("english"), None);
    }

    #[test]
    fn selectors_in_this_module_compile() {
        for css in [
            "meta[content]",
            "script[type='application/ld+json']",
            "time[datetime]",
            "html[lang]",
            "html[xml\\:lang]",
            "link[rel=canonical]",
            "[rel=author]",
            "[itemprop=author] [itemprop=name]",
            "[itemprop=author]",
            ".byline, .author-name, .c-byline__author",
            "title",
        ] {
            assert!(scraper::Selector::parse(css).is_ok(), "{css}");
        }
    }

    #[test]
    fn byline_names_are_split_at_joiners_in_several_languages() {
        assert_eq!(
            clean_author_names("By Ana Silva and Tom Reed"),
            vec!["Ana Silva", "Tom Reed"]
        );
        assert_eq!(
            clean_author_names("Written by Lee Park Edited by Sam Roy"),
            vec!["Lee Park", "Sam Roy"]
        );
        assert_eq!(
            clean_author_names("Jo Kim (avec Al Fay et Mia Dor)"),
            vec!["Jo Kim", "Al Fay", "Mia Dor"]
        );
        assert_eq!(
            clean_author_names("Bruno (Henrique) Rodrigues"),
            vec!["Bruno (Henrique) Rodrigues"]
        );
    }

    #[test]
    fn dates_after_a_byline_are_dropped() {
        assert_eq!(clean_author_names("Jo Kim May 20, 2019"), vec!["Jo Kim"]);
        assert_eq!(
            clean_author_names("Sam Roy (https://example.org/sam/)"),
            vec!["Sam Roy"]
        );
        assert_eq!(
            clean_author_names("Par Eva Lund, 21.12.2018 10h55"),
            vec!["Eva Lund"]
        );
    }

    #[test]
    fn text_that_is_not_names_gives_no_byline() {
        assert!(clean_author_names("Matt Bai The real problem behind fake news").is_empty());
        assert!(clean_author_names("Follow: 12,000 readers").is_empty());
        assert!(clean_author_names("21.12.2018").is_empty());
    }

    #[test]
    fn byline_element_skips_teasers_and_comment_bylines() {
        let meta = read(
            r#"<html><body>
            <ul class="author-follow"><li class="author-follow">Mo Tan Why the tide clock runs late every spring</li></ul>
            <ol class="comments-list"><li class="comment"><div class="byline">Sky Reader</div>Nice.</li></ol>
            <div class="author-name">NADIA ORLOVA</div>
            </body></html>"#,
        );
        assert_eq!(meta.authors, vec!["NADIA ORLOVA"]);
    }

    #[test]
    fn og_article_author_names_the_author_but_a_profile_link_does_not() {
        let meta = read(r#"<meta property="og:article:author" content="River Desk">"#);
        assert_eq!(meta.authors, vec!["River Desk"]);
        let meta = read(
            r#"<meta property="article:author" content="https://example.org/people/ana">
            <span class="author">Par <span class="authorname">Ana Lima</span></span>"#,
        );
        assert_eq!(meta.authors, vec!["Ana Lima"]);
    }

    #[test]
    fn title_affixes_go_when_another_source_shows_the_headline() {
        let headline = |title: &str, references: &[&str], publishers: &[&str]| {
            let references: Vec<String> = references.iter().map(|r| r.to_string()).collect();
            let publishers: Vec<String> = publishers.iter().map(|p| p.to_string()).collect();
            headline_without_affixes(title, &references, &publishers)
        };
        assert_eq!(
            headline(
                "Opinion | Storm Closes the Pier",
                &["Storm Closes the Pier"],
                &[]
            ),
            "Storm Closes the Pier"
        );
        assert_eq!(
            headline(
                "Storm Closes the Pier (Published 2016)",
                &["Storm Closes the Pier"],
                &[]
            ),
            "Storm Closes the Pier"
        );
        assert_eq!(
            headline(
                "Storm Closes the Pier — Harbour News",
                &["Storm Closes the Pier"],
                &[]
            ),
            "Storm Closes the Pier"
        );
        assert_eq!(
            headline(
                "Harbour News: Storm Closes the Pier",
                &[],
                &["Harbour News"]
            ),
            "Storm Closes the Pier"
        );
        assert_eq!(
            headline(
                "Storm Closes the Pier - harbour news",
                &[],
                &["Harbour News"]
            ),
            "Storm Closes the Pier"
        );
        assert_eq!(
            headline(
                "Wait... Where Is the Pier? | Harbour News",
                &["Wait… Where Is the Pier?"],
                &[]
            ),
            "Wait... Where Is the Pier?"
        );
        // A short heading that is the site's name or a section is no headline.
        assert_eq!(
            headline(
                "Storm Closes the Pier | Harbour News",
                &["Harbour News"],
                &["Harbour News"]
            ),
            "Storm Closes the Pier"
        );
        assert_eq!(
            headline("Opinion | Storm Closes the Pier", &["Opinion"], &[]),
            "Opinion | Storm Closes the Pier"
        );
        assert_eq!(
            headline(
                "Shared Mutable History — evolve for Mercurial",
                &["evolve for Mercurial", "Shared Mutable History¶"],
                &[]
            ),
            "Shared Mutable History"
        );
        // A colon inside a headline stays without a site name before it.
        assert_eq!(
            headline("Storms: Why the Pier Closed", &["Why the Pier Closed"], &[]),
            "Storms: Why the Pier Closed"
        );
    }

    #[test]
    fn a_surname_first_name_is_one_author() {
        assert_eq!(clean_author_names("Doe, Jane"), vec!["Jane Doe"]);
        assert_eq!(clean_author_names("By Doe, Jane A."), vec!["Jane A. Doe"]);
        assert_eq!(clean_author_names("Kooman, F."), vec!["F. Kooman"]);
        assert_eq!(
            clean_author_names("Jane Doe, John Roe"),
            vec!["Jane Doe", "John Roe"]
        );
        assert_eq!(
            clean_author_names("Doe, Jane and Roe, John"),
            vec!["Jane Doe", "John Roe"]
        );
    }

    #[test]
    fn roles_labels_and_glued_parts_leave_the_names() {
        assert_eq!(
            clean_author_names("ByJane DoeStaff Writer"),
            vec!["Jane Doe"]
        );
        assert_eq!(
            clean_author_names("Jane Doe, Senior Correspondent"),
            vec!["Jane Doe"]
        );
        assert_eq!(
            clean_author_names("JANE DOE, AP National Security Writer"),
            vec!["JANE DOE"]
        );
        assert_eq!(
            clean_author_names("Jane Doe Updated on March 3, 2024, 10:45 a.m."),
            vec!["Jane Doe"]
        );
        assert_eq!(
            clean_author_names("By Jane Doe | Published Dec. 14, 2016"),
            vec!["Jane Doe"]
        );
        assert_eq!(
            clean_author_names("Jane DoePublished May 3"),
            vec!["Jane Doe"]
        );
        assert!(clean_author_names("Staff Writer").is_empty());
        assert!(clean_author_names("Published").is_empty());
        // Names that merely look like roles or openers stay whole.
        assert_eq!(clean_author_names("Byron McDonald"), vec!["Byron McDonald"]);
        assert_eq!(clean_author_names("Jo JoNewsome"), vec!["Jo JoNewsome"]);
        assert_eq!(clean_author_names("Jane Writer"), vec!["Jane Writer"]);
    }

    #[test]
    fn the_publisher_is_never_an_author() {
        let meta = read(
            r#"<html><head><meta property="og:site_name" content="Harbour Post">
            <script type="application/ld+json">{"@context":"https://schema.org",
              "@type":"NewsArticle","headline":"Storm closes the pier",
              "author":[{"@type":"Organization","name":"The Harbour Post"}],
              "publisher":{"@type":"Organization","name":"The Harbour Post"}}</script>
            <meta name="author" content="Harbour Post"></head>
            <body><p class="byline">By Lena Strand</p></body></html>"#,
        );
        assert_eq!(meta.authors, vec!["Lena Strand"]);
        let meta = read(
            r#"<html><head><meta property="og:site_name" content="harbourpost">
            </head><body><div class="byline"><span class="author">Lena Strand</span>
            <span>Harbour Post</span><span>Published 2:16 AM EST Nov 20, 2019</span></div>
            <p class="byline">Harbour Post wire services</p></body></html>"#,
        );
        assert_eq!(meta.authors, vec!["Lena Strand"]);
        assert_eq!(meta.published.as_deref(), Some("2019-11-20T02:16:00-05:00"));
        // A person the page declares may share the name of their own blog.
        let meta = read(
            r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org",
              "@type":"BlogPosting","headline":"Plain SQL for anomalies",
              "author":{"@type":"Person","name":"Lena Strand"},
              "publisher":{"@type":"Organization","name":"Lena Strand"}}</script></head></html>"#,
        );
        assert_eq!(meta.authors, vec!["Lena Strand"]);
    }

    #[test]
    fn published_and_modified_dates_are_iso_from_every_source() {
        let date = |head: &str, body: &str| {
            let meta = read(&format!(
                "<html><head>{head}</head><body>{body}</body></html>"
            ));
            (meta.published, meta.modified)
        };
        let ld = |fields: &str| {
            format!(
                r#"<script type="application/ld+json">{{"@context":"https://schema.org",
                "@type":"WebPage","mainEntity":{{"@type":"NewsArticle",{fields}}}}}</script>"#
            )
        };
        assert_eq!(
            date(
                &ld(r#""datePublished":"2016-12-15T10:00:00+01:00","dateModified":"2016-12-16""#),
                ""
            ),
            (
                Some("2016-12-15T10:00:00+01:00".into()),
                Some("2016-12-16".into())
            )
        );
        assert_eq!(
            date(
                r#"<meta property="article:published_time" content="Tue, 15 Dec 2015 10:00:00 GMT">
                <meta property="article:modified_time" content="2016-13-01">
                <meta name="og:updated_time" content="2016-02-01">"#,
                ""
            ),
            (
                Some("2015-12-15T10:00:00Z".into()),
                Some("2016-02-01".into())
            )
        );
        for (head, body, want) in [
            (
                r#"<meta name="DC.date.issued" content="2016-12-15">"#,
                "",
                "2016-12-15",
            ),
            (
                r#"<meta name="sailthru.date" content="2016-12-15 10:00:00">"#,
                "",
                "2016-12-15",
            ),
            (
                r#"<meta name="pubdate" content="20161215">"#,
                "",
                "2016-12-15",
            ),
            (
                "",
                r#"<span itemprop="datePublished" content="2016-12-15">Dec 15</span>"#,
                "2016-12-15",
            ),
            (
                "",
                r#"<time itemprop="datePublished" datetime="2016-12-15T10:00Z">x</time>"#,
                "2016-12-15T10:00:00Z",
            ),
            (
                "",
                r#"<time datetime="soon">15 December 2016</time>"#,
                "2016-12-15",
            ),
            (
                "",
                r#"<div class="post-date">Posted on Mon Aug 03 12:45:00 EDT 2015</div>"#,
                "2015-08-03T12:45:00-04:00",
            ),
        ] {
            assert_eq!(date(head, body).0.as_deref(), Some(want), "{head}{body}");
        }
        assert_eq!(
            date(r#"<meta name="date" content="0001-01-01">"#, "").0,
            None
        );
    }

    #[test]
    fn numeric_datelines_follow_the_page_language() {
        let dated = |lang: &str| {
            read(&format!(
                r#"<html lang="{lang}"><body><p class="dateline">04/05/2016</p></body></html>"#
            ))
            .published
        };
        assert_eq!(dated("en-US").as_deref(), Some("2016-04-05"));
        assert_eq!(dated("en-GB").as_deref(), Some("2016-05-04"));
        assert_eq!(dated("ru").as_deref(), Some("2016-05-04"));
    }

    #[test]
    fn titles_escaped_twice_are_decoded() {
        let meta = read(
            r#"<meta property="og:title" content="Bike &amp;amp; Style &amp;#8216;now&amp;#8217;">"#,
        );
        assert_eq!(meta.title, "Bike & Style \u{2018}now\u{2019}");
    }
}
