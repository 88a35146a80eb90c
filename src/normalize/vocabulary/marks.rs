//! Marks around and between the words of furniture: bullets, the punctuation at a widget
//! label's edges, arrows, and the separators of a page title.

/// Characters that start a bulleted line ("• Send to Kindle", "- a warm jacket").
///
/// **Read by** [`is_bullet`](crate::normalize::boilerplate::is_bullet): by the wording
/// rules (block filter, text normalizer), which ignore a leading bullet, and by the text
/// normalizer, which reads a bulleted line as a list item or a related link.
pub const BULLETS: &[char] = &[
    '•', '·', '*', '-', '–', '—', '▪', '►', '▸', '◦', '‣', '○', '●',
];

/// Punctuation around a widget label or a heading, ignored with the surrounding spaces
/// ("Share this:", "Related »", "| Print |").
///
/// **Read by** [`simplify`](crate::normalize::boilerplate::simplify) and the rules of
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line),
/// [`is_related_heading`](crate::normalize::boilerplate::is_related_heading) and
/// [`is_taxonomy_line`](crate::normalize::boilerplate::is_taxonomy_line) (block filter,
/// text normalizer).
pub const EDGE_MARKS: &[char] = &[':', '|', '.', '…', '»', '›'];

/// Arrows of the links to the neighbouring posts ("« Previous", "Next »"): with one, a lone
/// "Next" is such a link; without, it may be a button of the page's own.
///
/// **Read by** the pagination rule `is_pagination_line` of
/// [`is_widget_line`](crate::normalize::boilerplate::is_widget_line) (block filter, text
/// normalizer).
pub const ARROWS: &[char] = &['«', '»', '‹', '›', '←', '→'];

/// Separators between a headline and the site's name in a page's `<title>` ("A Story |
/// The Times"). The last one in the title counts.
///
/// **Read by** the metadata reader, which takes the title from `<title>` when nothing better
/// names it.
pub const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " \\ ", " / ", " > ", " » ", " · ", " :: ",
];

/// The whole text of a permalink mark: the sign of a link to a place on the page, put beside
/// a heading or at the end of a paragraph ("Installing¶", "FAQ 🔗"). Invisible characters
/// (zero-width spaces, emoji variation selectors) are ignored around and inside them.
///
/// **Read by** the walker, through
/// [`permalink_text`](crate::normalize::boilerplate::permalink_text): a link with
/// such a text to the page itself, or with a class of
/// [`PERMALINK_CLASSES`](super::classes::PERMALINK_CLASSES), is left out.
pub const PERMALINK_MARKS: &[&str] = &["¶", "§", "#", "🔗", "⚓", "∞"];

/// Dashes that open a quotation's attribution ("— Ada Lovelace", "~ the editors"): left out of
/// the attribution, whose dash each book sets itself.
///
/// **Read by** [`after_attribution_dash`](crate::normalize::boilerplate::after_attribution_dash):
/// by the walker, when it reads a quotation's attribution and to recognise a last paragraph of
/// a quotation that is one, and by the text normalizer, for a last quoted line ("> — Ada").
pub const ATTRIBUTION_DASHES: &[char] = &['—', '―', '–', '-', '~', '‒'];

/// The whole text of a link from a note back to its reference ("↩", "^", "back"),
/// lowercase, variation selectors removed.
///
/// **Read by** the walker, through `is_backlink` (`notes.rs`), when it reads a note.
pub const BACKLINK_MARKS: &[&str] = &["↩", "↑", "^", "⤴", "⮐", "back", "return to text"];
