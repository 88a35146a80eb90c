//! Words of bylines, names and credits: what opens a byline, what stands between names, what
//! an author's bio says. All lowercase.

/// Words that open a byline ("By Jane Roe", "Written by Sam Lee"), in both places a byline
/// is read. None is the start of another, so the order does not matter.
///
/// **Read by** the block filter and the text normalizer, through
/// [`is_byline_line`](crate::normalize::boilerplate::is_byline_line) (with
/// [`BYLINE_LINE_OPENERS`]); by the text normalizer's header reader, through
/// [`after_byline_opener`](crate::normalize::boilerplate::after_byline_opener); and by the
/// metadata reader, which strips them from each name in
/// [`clean_author_names`](crate::normalize::metadata::clean_author_names) (with
/// [`NAME_INTRODUCERS`]).
pub const BYLINE_OPENERS: &[&str] = &["by ", "written by ", "story by ", "words by "];

/// Openers of a line that is a byline, besides the [`BYLINE_OPENERS`] ("Posted by admin",
/// "Author: Jane Roe"). The metadata reader does not strip them from names.
///
/// **Read by** the block filter and the text normalizer, through
/// [`after_byline_opener`](crate::normalize::boilerplate::after_byline_opener).
pub const BYLINE_LINE_OPENERS: &[&str] = &[
    "posted by ",
    "author: ",
    "eingestellt von ",
    "veröffentlicht von ",
    "geschrieben von ",
    "autor: ",
    "autorin: ",
    "von: ",
    "publicado por ",
    "publié par ",
    "pubblicato da ",
];

/// Words that introduce a name inside a byline, besides the [`BYLINE_OPENERS`]: other roles
/// ("Edited by"), other languages ("Par", "Von", "Por") and added names ("with Al Fay",
/// "avec …"). A parenthesis that starts with one of these, or with an opener, adds names
/// ("Jo Kim (with Al Fay)").
///
/// **Read by** the metadata reader, through
/// [`clean_author_names`](crate::normalize::metadata::clean_author_names) (also used by the
/// text normalizer's header reader).
pub const NAME_INTRODUCERS: &[&str] = &[
    "edited by ",
    "reported by ",
    "par ",
    "von ",
    "por ",
    "with ",
    "avec ",
    "mit ",
    "con ",
];

/// Words that join two names in a byline, padded with spaces ("Ana Silva and Tom Reed").
/// The byline is split at each in turn, in this order.
///
/// **Read by** the metadata reader, through
/// [`clean_author_names`](crate::normalize::metadata::clean_author_names).
pub const NAME_JOINERS: &[&str] = &[
    " and ",
    " with ",
    " et ",
    " avec ",
    " und ",
    " y ",
    " e ",
    " edited by ",
];

/// Lowercase words that may stand between the capitalised words of names ("Ana de Souza",
/// "Jo Kim and Al Ng").
///
/// **Read by** the name test `are_name_words` of
/// [`is_byline_line`](crate::normalize::boilerplate::is_byline_line),
/// [`is_author_bio`](crate::normalize::boilerplate::is_author_bio) and the staff-credit rule
/// of [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer).
pub const NAME_PARTICLES: &[&str] = &[
    "and", "&", "de", "da", "di", "del", "der", "den", "van", "von", "la", "le", "du", "dos", "y",
    "e", "bin", "al",
];

/// Where the names of a byline end and its date starts ("By Jane Roe – 2019-04-10", "By Jane
/// Roe on Monday"). The earliest one in the line counts.
///
/// **Read by** [`is_byline_line`](crate::normalize::boilerplate::is_byline_line) (block
/// filter, text normalizer).
pub const BYLINE_DATE_SEPARATORS: &[&str] = &[" - ", " – ", " — ", " | ", " • ", " on "];

/// Openings of the line that credits the people who reported, wrote or edited a story beside
/// its author ("Reporting by …; Editing by …", "Additional reporting by …"). Each part of the
/// line must open with one and go on with names.
///
/// **Read by** the staff-credit rule `is_staff_credit` of
/// [`is_boilerplate_paragraph`](crate::normalize::boilerplate::is_boilerplate_paragraph)
/// (block filter, text normalizer).
pub const STAFF_CREDIT_PREFIXES: &[&str] = &[
    "additional reporting by",
    "additional reporting from",
    "reporting by",
    "writing by",
    "editing by",
];

/// Words naming the people who write for a publication: an author's bio says which of them
/// the author is ("Jane Roe is a *reporter* for …"). A plural ("editors") counts too.
///
/// **Read by** [`is_author_bio`](crate::normalize::boilerplate::is_author_bio), which the
/// block filter and the text normalizer apply to the last paragraphs of an article through
/// [`drop_trailing_author_bios`](crate::normalize::boilerplate::drop_trailing_author_bios).
pub const WRITER_ROLES: &[&str] = &[
    "reporter",
    "correspondent",
    "writer",
    "editor",
    "journalist",
    "columnist",
    "contributor",
    "producer",
    "photographer",
    "critic",
    "blogger",
    "freelancer",
    "author",
];

/// The verbs between the name that opens an author's bio and its description ("Jane Roe
/// *is* a reporter", "Sam Lee *was* a staff writer"), padded with spaces. The earliest one
/// in the first sentence counts.
///
/// **Read by** [`is_author_bio`](crate::normalize::boilerplate::is_author_bio) (block
/// filter, text normalizer).
pub const BIO_VERBS: &[&str] = &[" is ", " was "];

/// Labels after which a byline holds only its date ("Jane Roe *Updated* on May 3", "By Jane
/// Roe | *Published* Dec. 14, 2016"), matched as whole words anywhere but at the start of the
/// byline: the names end there.
///
/// **Read by** the metadata reader, through
/// [`clean_author_names`](crate::normalize::metadata::clean_author_names).
pub const BYLINE_DATE_LABELS: &[&str] = &[
    "updated",
    "published",
    "posted on",
    "last modified",
    "modified",
    "publié",
    "mis à jour",
    "aktualisiert",
    "veröffentlicht am",
    "actualizado",
    "publicado el",
    "atualizado",
    "aggiornato",
];

/// Words that qualify a writer's role after a name ("Jane Roe, *Senior* Correspondent", "Jane
/// Roe *Staff* Writer"); the role itself is one of the [`WRITER_ROLES`].
///
/// **Read by** the metadata reader, through
/// [`clean_author_names`](crate::normalize::metadata::clean_author_names), which drops the
/// role from the name.
pub const ROLE_QUALIFIERS: &[&str] = &[
    "staff",
    "senior",
    "contributing",
    "special",
    "chief",
    "associate",
    "assistant",
    "managing",
    "deputy",
    "executive",
    "guest",
    "freelance",
    "political",
    "national",
    "foreign",
    "investigative",
    "science",
    "technology",
    "tech",
    "business",
    "sports",
    "features",
    "news",
    "opinion",
    "culture",
    "health",
    "digital",
    "local",
];
