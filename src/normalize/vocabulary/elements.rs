//! Elements and ARIA roles by what extraction makes of them: never content, furniture,
//! blocks, paragraphs, phrases, and the containers the scorer and the make-up check weigh.
//! Element names are lowercase, as the parser gives them; roles are matched as written.

/// Elements that start a new block; everything else is inline content.
///
/// **Read by** the walker, which converts these as blocks and flushes the running paragraph
/// before each, and by the scorer, for which a `div` without any of these is a paragraph
/// and one of these ends a run of loose text
/// ([`has_block_child`](crate::normalize::extract::has_block_child)).
pub const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements that never hold article text: code, embeds, form controls, the page's head,
/// navigation.
///
/// **Read by** [`is_never_content`](crate::normalize::html::is_never_content): the scorer
/// never looks inside them, and the walker drops them in every mode, `--keep-all` included.
pub const NEVER_CONTENT_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "button", "input",
    "select", "textarea", "svg", "canvas", "object", "embed", "video", "audio", "map", "dialog",
    "link", "meta", "head", "title", "label", "source", "track", "nav", "menu",
];

/// ARIA roles of elements that never hold article text, like the
/// [`NEVER_CONTENT_ELEMENTS`].
///
/// **Read by** [`is_never_content`](crate::normalize::html::is_never_content) (scorer,
/// walker) and by the scorer's
/// [`is_unlikely_candidate`](crate::normalize::boilerplate::is_unlikely_candidate) (with
/// [`UNLIKELY_ROLES`]).
pub const NEVER_CONTENT_ROLES: &[&str] = &["navigation", "menu", "menubar", "dialog"];

/// Declarations of a `style` attribute that hide an element, written without spaces and
/// matched in any case: a hidden element never holds article text.
///
/// **Read by** [`is_never_content`](crate::normalize::html::is_never_content) (scorer,
/// walker).
pub const HIDING_STYLES: &[&str] = &["display:none", "visibility:hidden"];

/// The declaration of a `style` attribute, written without spaces and matched in any case,
/// that sets text in small capitals (compare
/// [`SMALL_CAPS_CLASSES`](super::classes::SMALL_CAPS_CLASSES)).
///
/// **Read by** the walker, which keeps such text as small capitals.
pub const SMALL_CAPS_STYLE: &str = "font-variant:small-caps";

/// ARIA roles of containers that are unlikely to hold the article, besides the
/// [`NEVER_CONTENT_ROLES`]: asides and alerts.
///
/// **Read by** the scorer, through
/// [`is_unlikely_candidate`](crate::normalize::boilerplate::is_unlikely_candidate) (in its
/// strictest pass only).
pub const UNLIKELY_ROLES: &[&str] = &["complementary", "alert", "alertdialog"];

/// Elements that hold page furniture, unless they hold most of the article (some sites wrap
/// a whole page in a `<form>`, or the article text in a `<header>`).
///
/// **Read by** the walker, when it decides whether an element is furniture.
pub const FURNITURE_ELEMENTS: &[&str] = &["header", "footer", "aside", "form", "fieldset"];

/// ARIA roles of page furniture (the page's banner, its footer, an aside), with the same
/// exception as the [`FURNITURE_ELEMENTS`].
///
/// **Read by** the walker, when it decides whether an element is furniture.
pub const FURNITURE_ROLES: &[&str] = &["banner", "contentinfo", "complementary"];

/// Elements whose class and id never mark them as furniture: a picture or a figure
/// (`fig--has-shares` names the share button drawn on it).
///
/// **Read by** the walker, when it decides whether an element is furniture.
pub const PICTURE_ELEMENTS: &[&str] = &["figure", "picture", "img"];

/// Elements that are a phrase of running text: a link or a word set apart (emphasis, a term,
/// a quotation). Not `<span>`, the usual wrapper of an inline widget or of a message a site's
/// stylesheet hides.
///
/// **Read by** the walker: inside a sentence, these stay whatever their class says, and
/// only hidden ones go.
pub const PHRASE_ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "b", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark",
    "q", "s", "strike", "strong", "sub", "sup", "time", "u", "var",
];

/// Elements whose own text the scorer scores as a paragraph.
///
/// **Read by** the scorer.
pub const PARAGRAPH_ELEMENTS: &[&str] = &["p", "pre", "td", "blockquote", "li", "dd"];

/// Containers that the scorer scores as a paragraph when none of their children is a block
/// (a `div` used as a `p`).
///
/// **Read by** the scorer.
pub const FLAT_PARAGRAPH_ELEMENTS: &[&str] = &["div", "section", "span", "font", "center"];

/// Elements whose text between children is layout, not loose paragraphs: the scorer does not
/// score runs of text in them.
///
/// **Read by** the scorer.
pub const STRUCTURAL_ELEMENTS: &[&str] = &[
    "table", "tbody", "thead", "tfoot", "tr", "ul", "ol", "dl", "select",
];

/// Starting scores of the scorer's candidates by element: containers of text start higher,
/// lists, forms and headings lower. Elements not listed start at 0; the class and id weight
/// of [`class_weight`](crate::normalize::boilerplate::class_weight) is added.
///
/// **Read by** the scorer.
pub const CONTAINER_SCORES: &[(&[&str], f64)] = &[
    (&["div", "article", "main"], 5.0),
    (&["pre", "td", "blockquote"], 3.0),
    (
        &["address", "ol", "ul", "dl", "dd", "dt", "li", "form"],
        -3.0,
    ),
    (&["h1", "h2", "h3", "h4", "h5", "h6", "th"], -5.0),
];

/// Containers that the walker's make-up check
/// [`is_suspicious_container`](crate::normalize::extract::is_suspicious_container) judges
/// ("clean conditionally"); any other element passes it.
///
/// **Read by** the walker, in the passes that clean conditionally.
pub const CONDITIONALLY_CLEANED_ELEMENTS: &[&str] = &[
    "div", "section", "ul", "ol", "table", "form", "fieldset", "aside", "dl",
];

/// Elements whose text is code or markup, not words on the page: their text counts for
/// nothing in the statistics.
///
/// **Read by** the scorer's statistics ([`PageStats`](crate::normalize::extract::PageStats)),
/// which every later phase of an HTML page reads.
pub const CODE_ELEMENTS: &[&str] = &["script", "style", "noscript", "template"];

/// Form controls: a container with more of them than a third of its paragraphs is a form.
///
/// **Read by** the scorer's statistics ([`PageStats`](crate::normalize::extract::PageStats)),
/// for the walker's make-up check.
pub const FORM_CONTROL_ELEMENTS: &[&str] = &["input", "textarea", "select"];

/// Embedded objects: a container of one with little text, or of several, is furniture.
///
/// **Read by** the scorer's statistics ([`PageStats`](crate::normalize::extract::PageStats)),
/// for the walker's make-up check.
pub const EMBED_ELEMENTS: &[&str] = &["iframe", "embed", "object", "video"];

/// What a table's cells hold when the table only lays out the page: nested tables and
/// blocks of text. A layout table is walked as a container, not kept as a table.
///
/// **Read by** the walker, when it converts a table that is not a table of data.
pub const LAYOUT_TABLE_CONTENT_SELECTOR: &str = "table, p, div, h1, h2, h3, ul, ol, blockquote";

/// Elements whose text is never a byline: the page's head, code, and the frame of the
/// document.
///
/// **Read by** the metadata reader, when it looks for a byline element.
pub const NEVER_BYLINE_ELEMENTS: &[&str] = &["meta", "link", "script", "style", "body", "html"];

/// Elements whose content is left out before parsing: extraction never reads it, and on a
/// typical page these hold a fifth of the markup left once scripts are emptied (menus of
/// links, icons drawn as paths). The element itself stays, empty. Both are
/// [`NEVER_CONTENT_ELEMENTS`] too.
///
/// **Read by** the nesting guard (`nesting.rs`), when it prunes a page for parsing.
pub const EMPTIED_BEFORE_PARSING: &[&str] = &["nav", "svg"];

/// Elements read wherever they are (metadata, and the password field of a login wall): an
/// element of [`EMPTIED_BEFORE_PARSING`] with one of them inside keeps its content.
///
/// **Read by** the nesting guard (`nesting.rs`).
pub const READ_ANYWHERE: &[&str] = &["meta", "link", "time", "input"];

/// ARIA roles (DPUB-ARIA) of a list of notes.
///
/// **Read by** the walker, through `NoteIndex::gather` (`notes.rs`).
pub const NOTES_LIST_ROLES: &[&str] = &["doc-endnotes", "doc-footnotes"];

/// ARIA roles (DPUB-ARIA) of a single note.
///
/// **Read by** the walker, through `NoteIndex::gather` (`notes.rs`).
pub const NOTE_ROLES: &[&str] = &["doc-footnote", "doc-endnote"];

/// The ARIA role (DPUB-ARIA) of a reference to a note.
///
/// **Read by** the walker, through `NoteIndex::gather` (`notes.rs`).
pub const NOTE_REFERENCE_ROLE: &str = "doc-noteref";

/// The ARIA role (DPUB-ARIA) of a link from a note back to its reference.
///
/// **Read by** the walker, through `is_backlink` (`notes.rs`).
pub const BACKLINK_ROLE: &str = "doc-backlink";
