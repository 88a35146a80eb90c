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

/// The short forms of other languages' month names ("déc.", "Okt.", "dic"), without their
/// dot; Spanish, French, German, Italian and Portuguese, in calendar order. The full names
/// are [`calendar::WORDED`](crate::calendar::WORDED), shared with the backends that write
/// dates.
///
/// **Read by** the metadata reader's date parser
/// ([`normalize_date`](crate::normalize::metadata::normalize_date)).
pub const FOREIGN_MONTH_ABBREVIATIONS: &[[&str; 12]] = &[
    [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ],
    [
        "janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc",
    ],
    [
        "jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez",
    ],
    [
        "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
    ],
    [
        "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez",
    ],
];

/// Words a written date may hold besides its day, month, year and time, which the date
/// parser passes over: weekdays (English, and their short forms), the words between the
/// parts ("15 *de* diciembre *de* 2016", "*le* 15 décembre", "*den* 15.", "*at* 10:45"), and
/// the labels before a date ("Published", "Updated on").
///
/// **Read by** the metadata reader's date parser
/// ([`normalize_date`](crate::normalize::metadata::normalize_date)).
pub const DATE_FILLER_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "on",
    "at",
    "the",
    "of",
    "de",
    "del",
    "le",
    "den",
    "il",
    "à",
    "a",
    "às",
    "las",
    "alle",
    "um",
    "uhr",
    "h",
    "г",
    "года",
];

/// Time zones a written date may name, with their offset from UTC in minutes. Zones whose
/// offset is ambiguous ("ET", "IST") are not here: a date naming them keeps only its day.
///
/// **Read by** the metadata reader's date parser
/// ([`normalize_date`](crate::normalize::metadata::normalize_date)).
pub const TIME_ZONES: &[(&str, i32)] = &[
    ("utc", 0),
    ("gmt", 0),
    ("z", 0),
    ("est", -300),
    ("edt", -240),
    ("cst", -360),
    ("cdt", -300),
    ("mst", -420),
    ("mdt", -360),
    ("pst", -480),
    ("pdt", -420),
    ("bst", 60),
    ("cet", 60),
    ("cest", 120),
    ("mez", 60),
    ("mesz", 120),
    ("jst", 540),
    ("kst", 540),
];
