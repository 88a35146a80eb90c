//! Words of written dates and of the lines that only date an article. All lowercase.

/// The months' English names, in calendar order. A word names a month when it starts with
/// the first [`MONTH_ABBREVIATION_LEN`] letters of one ("sept", "Dec."), or, for the metadata
/// reader, when it is the start of one at least that long ("mar", "sept").
///
/// **Read by** the date rules of
/// [`is_byline_line`](crate::normalize::boilerplate::is_byline_line),
/// [`is_date_line`](crate::normalize::boilerplate::is_date_line), and the dateline and
/// pagination rules of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph) and
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line) (block filter, text
/// normalizer); and by the metadata reader, through
/// [`date_to_iso`](crate::normalize::metadata::date_to_iso) and the date stripping of
/// [`clean_author_names`](crate::normalize::metadata::clean_author_names).
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The fewest letters of a month's name that name the month ("jan", "sep").
///
/// **Read by** the same rules as [`MONTH_NAMES`].
pub const MONTH_ABBREVIATION_LEN: usize = 3;

/// Words of a written date or time besides the months: days, the parts of a clock time,
/// the "on" and "at" between them, and time zones. A word that starts with one (and is not
/// longer than a date word can be) is part of a date.
///
/// **Read by** the date-word test `is_date_word` of
/// [`is_byline_line`](crate::normalize::boilerplate::is_byline_line),
/// [`is_date_line`](crate::normalize::boilerplate::is_date_line), the dateline rule of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph) and
/// the pagination rule of [`is_widget_line`](crate::normalize::boilerplate::is_widget_line)
/// (block filter, text normalizer).
pub const DATE_WORDS: &[&str] = &[
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "am", "pm", "a.m", "p.m", "on", "at", "gmt",
    "utc", "et", "pt", "est", "edt", "pst", "pdt", "cst", "cdt", "bst", "cet", "cest", "ist",
];

/// Openings of the paragraphs that only date the article ("Updated 3:27 am", "Published 20
/// Nov 2019", "Posted on May 3, 2015 by Admin"): a space or a colon, then a date.
///
/// **Read by** the dateline rule `is_dateline` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph) and
/// of [`is_date_line`](crate::normalize::boilerplate::is_date_line) (block filter, text
/// normalizer).
pub const DATELINE_PREFIXES: &[&str] = &[
    "updated",
    "last updated",
    "published",
    "first published",
    "posted",
    "posted on",
    "last modified",
];

/// Labels a date line under a scrape's title may start with ("Published 3 March 2024"). The
/// first that matches is removed, so a longer label comes before its start ("published:"
/// before "published").
///
/// **Read by** the text normalizer's header reader (`date_line` in `text.rs`), which makes
/// the date the document's publication date.
pub const DATE_LABELS: &[&str] = &[
    "published:",
    "published",
    "updated:",
    "updated",
    "posted on",
    "posted",
    "on",
];
