//! Words in class, id and other attribute values: what marks furniture, what marks the
//! article, its captions, headings and quoted posts, and where a byline sits.
//!
//! A *fragment* matches anywhere in a token (`share` in `sharebar`), ASCII case ignored; a
//! *token* matches a whole class or id token. The furniture, unlikely and score rules
//! ([`is_negative_class`], [`is_unlikely_candidate`], [`class_weight`]) skip tokens made of
//! more than four hyphen- or underscore-separated parts: those are slugs of headings
//! (`sharing-with-a-single-developer`), not names. The [`POSITIVE_FRAGMENTS`] are looked for
//! in the whole value.
//!
//! [`is_negative_class`]: crate::normalize::boilerplate::is_negative_class
//! [`is_unlikely_candidate`]: crate::normalize::boilerplate::is_unlikely_candidate
//! [`class_weight`]: crate::normalize::boilerplate::class_weight

/// Class and id fragments that mark page furniture wherever they appear in a token
/// (`sharebar`, `social-icons`, `comments-area`).
///
/// **Read by** the walker, through
/// [`is_negative_class`](crate::normalize::boilerplate::is_negative_class): a marked element
/// goes unless it holds most of the article, or is a figure, sits in a heading, or wraps a
/// quoted post.
pub const NEGATIVE_FRAGMENTS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "comment",
    "related",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "sponsor",
    "advert",
    "promo",
    "outbrain",
    "taboola",
    "disqus",
    "breadcrumb",
    "cookie",
    "popup",
    "paywall",
    "recommend",
    "printfriendly",
    "print-friendly",
    "author-bio",
    "authorbio",
    "author-info",
    "authorinfo",
    "author-description",
    "author-box",
    "authorbox",
    "about-author",
    "about-the-author",
    "disclaimer",
    "disclosure",
    "affiliate",
    "more-stories",
    "morestories",
    "read-more",
    "readmore",
    "jp-relatedposts",
    "sharedaddy",
    "addtoany",
    "a2a",
];

/// Class and id tokens that mark furniture only as whole tokens (`ad` but not `head`).
///
/// **Read by** the walker, through
/// [`is_negative_class`](crate::normalize::boilerplate::is_negative_class).
pub const NEGATIVE_TOKENS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advertisement",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "sidebar",
    "aside",
    "banner",
    "modal",
    "toolbar",
    "tags",
    "tag-list",
    "print",
    "widget",
    "byline",
    "masthead",
    "skip",
    "hidden",
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
];

/// Parts of a hyphen- or underscore-joined token that mark furniture (`top-ad-slot`,
/// `share_tools`), as whole parts.
///
/// **Read by** the walker, through
/// [`is_negative_class`](crate::normalize::boilerplate::is_negative_class).
pub const NEGATIVE_NAME_PARTS: &[&str] = &["ad", "ads", "advert", "nav", "share", "social"];

/// Class and id fragments that mark the article body itself: an element so marked is never
/// furniture by its name, whatever else its class says (`article-body comments-enabled`).
///
/// **Read by** the walker, through
/// [`is_negative_class`](crate::normalize::boilerplate::is_negative_class).
pub const POSITIVE_FRAGMENTS: &[&str] = &[
    "articlebody",
    "article-body",
    "article__body",
    "article_body",
    "article-content",
    "article__content",
    "articlecontent",
    "story-body",
    "storybody",
    "story-content",
    "entry-content",
    "post-content",
    "post-body",
    "postbody",
    "content-body",
    "body-text",
    "article-text",
];

/// Class and id fragments of containers that are unlikely to hold the article; the scorer
/// does not look inside them unless [`MAYBE_CANDIDATE_FRAGMENTS`] also match, and only in its
/// strictest pass.
///
/// **Read by** the scorer, through
/// [`is_unlikely_candidate`](crate::normalize::boilerplate::is_unlikely_candidate).
pub const UNLIKELY_FRAGMENTS: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumbs",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
];

/// Class and id fragments that keep an otherwise unlikely container in the running.
///
/// **Read by** the scorer, through
/// [`is_unlikely_candidate`](crate::normalize::boilerplate::is_unlikely_candidate).
pub const MAYBE_CANDIDATE_FRAGMENTS: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
];

/// Class and id fragments that raise a container's score by 25.
///
/// **Read by** the scorer (a container's starting score) and the walker's make-up check
/// [`is_suspicious_container`](crate::normalize::extract::is_suspicious_container), through
/// [`class_weight`](crate::normalize::boilerplate::class_weight); both only in the passes
/// that weigh classes.
pub const SCORE_POSITIVE_FRAGMENTS: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
];

/// The fragment of [`SCORE_NEGATIVE_FRAGMENTS`] that marks media (`el__leafmedia`,
/// `media-block`): it says nothing of an element with no picture or video in it.
///
/// **Read by** the walker's make-up check
/// [`is_suspicious_container`](crate::normalize::extract::is_suspicious_container), through
/// [`is_marked_only_as_media`](crate::normalize::boilerplate::is_marked_only_as_media).
pub const MEDIA_FRAGMENT: &str = "media";

/// Class and id fragments that lower a container's score by 25 (as does the token
/// [`HIDDEN_TOKEN`]).
///
/// **Read by** the scorer (a container's starting score) and the walker's make-up check
/// [`is_suspicious_container`](crate::normalize::extract::is_suspicious_container), through
/// [`class_weight`](crate::normalize::boilerplate::class_weight); both only in the passes
/// that weigh classes.
pub const SCORE_NEGATIVE_FRAGMENTS: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    MEDIA_FRAGMENT,
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
];

/// A class or id token, matched whole in any case, that lowers a container's score like
/// the [`SCORE_NEGATIVE_FRAGMENTS`].
///
/// **Read by** [`class_weight`](crate::normalize::boilerplate::class_weight) and
/// [`is_marked_only_as_media`](crate::normalize::boilerplate::is_marked_only_as_media)
/// (scorer, walker).
pub const HIDDEN_TOKEN: &str = "hid";

/// Class and id fragments of image captions and credits (`wp-caption-text`, `media-caption`,
/// `photo-credit`, `image-copyright`, MediaWiki's `gallerytext`).
///
/// **Read by** the walker, through
/// [`has_caption_mark`](crate::normalize::extract::has_caption_mark): a marked element with
/// a picture is a figure; one far from any picture is dropped with it.
pub const CAPTION_FRAGMENTS: &[&str] = &["caption", "credit", "copyright", "getty", "gallerytext"];

/// Where the walker looks for a figure's caption when it has no `<figcaption>`: a class
/// naming a caption or MediaWiki's `gallerytext` (the caption part of
/// [`CAPTION_FRAGMENTS`]).
///
/// **Read by** the walker, when it converts a figure.
pub const FIGURE_CAPTION_SELECTOR: &str = "[class*=caption], [class*=gallerytext]";

/// A caption of the picture it follows, outside any figure (`<img>`, then
/// `<div class="imageCaption">`): the classes of [`FIGURE_CAPTION_SELECTOR`], in any case.
///
/// **Read by** the walker, which makes such an element the caption of the picture's figure.
pub const CAPTION_AFTER_PICTURE_SELECTOR: &str = "[class*=caption i], [class*=gallerytext i]";

/// Parts of a hyphen- or underscore-joined class or id token that name a list of the works an
/// article cites (`references`, `c-article-references`, `article__references__item`,
/// MediaWiki's `reflist`), as whole parts in any case: each entry is a citation whose commas
/// separate authors' names, not clauses.
///
/// **Read by** the scorer, through
/// [`is_reference_list`](crate::normalize::boilerplate::is_reference_list): the paragraphs of
/// such a list earn its containers nothing, so a long bibliography never outscores the text
/// that cites it. The walker still keeps the list where it sits in the article.
pub const REFERENCE_LIST_NAME_PARTS: &[&str] = &["references", "reflist", "bibliography"];

/// Class fragments of a section heading set as a plain `<div>` or `<p>` (`pf_subheadline`,
/// `subhead`, `crosshead`, `intertitle`).
///
/// **Read by** [`is_classed_heading`](crate::normalize::extract::is_classed_heading),
/// through [`is_heading_class`](crate::normalize::boilerplate::is_heading_class): the walker
/// makes such an element a heading, and its make-up check never drops it.
pub const HEADING_CLASS_FRAGMENTS: &[&str] = &["subhead", "crosshead", "intertitle"];

/// Classes of the block quotes that social networks' embed codes put in an article: a post
/// the article quotes, whose text the page shows before any script runs.
///
/// **Read by** the walker, through
/// [`is_embedded_post_class`](crate::normalize::boilerplate::is_embedded_post_class): such a
/// post, and a wrapper around little else, stays even when its name marks furniture.
pub const EMBEDDED_POST_CLASSES: &[&str] = &[
    "twitter-tweet",
    "instagram-media",
    "tiktok-embed",
    "bluesky-embed",
    "text-post-media",
    "reddit-embed-bq",
];

/// Words of an `<img>`'s class (split at anything but letters and digits) that make it part
/// of the line of text it sits in: a formula or an emoji.
///
/// **Read by** [`is_inline_picture`](crate::normalize::extract::is_inline_picture): the
/// scorer does not count such a picture, and the walker keeps it inline.
pub const INLINE_PICTURE_CLASS_WORDS: &[&str] = &["math", "emoji", "latex", "tex"];

/// Class prefixes that name the language of a code block (`language-rust`, `lang-js`), on a
/// `<pre>` or a `<code>` inside it. The first that matches counts.
///
/// **Read by** the walker, when it converts a `<pre>`.
pub const CODE_LANGUAGE_PREFIXES: &[&str] = &["language-", "lang-"];

/// Class and id fragments of the element that holds a byline, in groups, most telling
/// first: every element is tried with the first group before any with the second.
///
/// **Read by** the metadata reader, which takes the authors from such an element when the
/// page's tags and JSON-LD name none.
pub const BYLINE_FRAGMENTS: &[&[&str]] = &[
    &["byline", "author", "writtenby", "p-author"],
    &["dateline"],
];

/// The class or id fragment of a list of reader comments, matched in any case: the bylines
/// inside it are the commenters', not the article's.
///
/// **Read by** the metadata reader, when it looks for a byline element.
pub const COMMENTS_FRAGMENT: &str = "comment";

/// Attribute words that mark what the metadata reader reads wherever it is (microdata,
/// author links, bylines; compare [`BYLINE_FRAGMENTS`]), matched anywhere in a start tag in
/// any case.
///
/// **Read by** the nesting guard (`nesting.rs`): an element whose content it would leave
/// out ([`EMPTIED_BEFORE_PARSING`](super::elements::EMPTIED_BEFORE_PARSING)) keeps it when a
/// tag inside has one of these.
pub const METADATA_MARKS: &[&str] = &["itemprop", "author", "byline"];

/// Class tokens of a permalink mark: the "¶", "#" or link icon beside a heading or at the end
/// of a paragraph that gives a link to that place on the page (Sphinx's `headerlink`,
/// GitHub's and markdown-it's `anchor`, Docusaurus's `hash-link`, AnchorJS, W3C's
/// `self-link`), matched as whole tokens in any case.
///
/// **Read by** the walker, through
/// [`is_permalink_class`](crate::normalize::boilerplate::is_permalink_class): such a link
/// whose text is only a mark ([`PERMALINK_MARKS`](super::marks::PERMALINK_MARKS)), a word
/// ([`PERMALINK_WORDS`](super::phrases::PERMALINK_WORDS)) or nothing is left out, so no
/// heading (and no table of contents) ends in "¶".
pub const PERMALINK_CLASSES: &[&str] = &[
    "anchor",
    "anchor-link",
    "anchorjs-link",
    "autolink",
    "deep-link",
    "direct-link",
    "hash-link",
    "header-anchor",
    "header-link",
    "headerlink",
    "heading-anchor",
    "heading-link",
    "markdownit-anchor",
    "permalink",
    "self-link",
    "zola-anchor",
];

/// Class fragments of the element that names who or what a quotation quotes, inside or
/// under a `<blockquote>` (Bootstrap's `blockquote-footer`, `quote-author`), matched in any
/// case.
///
/// **Read by** the walker, through
/// [`is_attribution_class`](crate::normalize::boilerplate::is_attribution_class): the
/// element becomes the quotation's attribution instead of a paragraph of the quote (or
/// furniture).
pub const ATTRIBUTION_FRAGMENTS: &[&str] = &[
    "attribution",
    "blockquote-footer",
    "quote-author",
    "quote-cite",
    "quote-credit",
    "quote-source",
];

/// Class tokens of text set in small capitals, matched as whole tokens in any case (beside
/// a `font-variant: small-caps` style, see
/// [`SMALL_CAPS_STYLE`](super::elements::SMALL_CAPS_STYLE)).
///
/// **Read by** the walker, through
/// [`is_small_caps_class`](crate::normalize::boilerplate::is_small_caps_class).
pub const SMALL_CAPS_CLASSES: &[&str] = &["smallcaps", "small-caps"];

/// Class and id fragments of a list of footnotes or endnotes (`footnotes`, `endnote-list`),
/// matched anywhere in a token, ASCII case ignored.
///
/// **Read by** the walker, through `NoteIndex::gather` (`notes.rs`): a link in a superscript
/// to an element inside such a list is a reference to a note.
pub const NOTES_LIST_FRAGMENTS: &[&str] = &["footnote", "endnote"];

/// Class and id tokens of a list of notes, matched as whole tokens in any case (`fn` but not
/// `fname`; MediaWiki's `references` and `reflist`).
///
/// **Read by** the walker, through `NoteIndex::gather` (`notes.rs`).
pub const NOTES_LIST_TOKENS: &[&str] = &["notes", "fn", "fns", "references", "reflist", "refs"];

/// Class fragments of the links from a note back to where it is referred to, and of their
/// wrappers (MediaWiki's `mw-cite-backlink`, kramdown's `reversefootnote`, pandoc's
/// `footnote-back`).
///
/// **Read by** the walker, through `is_backlink` (`notes.rs`), when it reads a note.
pub const BACKLINK_CLASS_FRAGMENTS: &[&str] =
    &["backlink", "footnote-back", "reversefootnote", "backref"];

/// Classes of a note's own number printed at its start, which books number themselves
/// (pulldown-cmark's `footnote-definition-label`, in Markdown articles).
///
/// **Read by** the walker, through `is_note_label` (`notes.rs`), when it reads a note.
pub const NOTE_LABEL_CLASSES: &[&str] = &["footnote-definition-label"];

/// How the id that a note's back-link points at begins (`#fnref1`, `#fnref:1`,
/// `#cite_ref-3`).
///
/// **Read by** the walker, through `is_backlink` (`notes.rs`), when it reads a note.
pub const BACKLINK_TARGET_PREFIXES: &[&str] = &["fnref", "cite_ref"];

/// What a class or id fragment says an element of furniture is, as the removal log
/// (`--verbose`) names it: the first pair whose fragment is in one of the element's class and
/// id tokens (ASCII case ignored) names the removal; an element marked by none of them is
/// `furniture-class`. Only names: which elements go is decided by the lists above.
///
/// **Read by** the walker, when it notes a removal
/// ([`Removals`](crate::normalize::removals::Removals)).
pub const FURNITURE_KIND_FRAGMENTS: &[(&str, &str)] = &[
    ("newsletter", "newsletter"),
    ("subscri", "newsletter"),
    ("signup", "newsletter"),
    ("sign-up", "newsletter"),
    ("related", "related-links"),
    ("more-stories", "related-links"),
    ("morestories", "related-links"),
    ("read-more", "related-links"),
    ("readmore", "related-links"),
    ("recommend", "recommendations"),
    ("outbrain", "recommendations"),
    ("taboola", "recommendations"),
    ("share", "share-widget"),
    ("sharing", "share-widget"),
    ("social", "share-widget"),
    ("addtoany", "share-widget"),
    ("a2a", "share-widget"),
    ("printfriendly", "share-widget"),
    ("print-friendly", "share-widget"),
    ("comment", "comment-section"),
    ("disqus", "comment-section"),
    ("advert", "advertisement"),
    ("sponsor", "advertisement"),
    ("promo", "promotion"),
    ("breadcrumb", "breadcrumbs"),
    ("cookie", "cookie-notice"),
    ("gdpr", "cookie-notice"),
    ("paywall", "paywall"),
    ("popup", "popup"),
    ("modal", "popup"),
    ("author-bio", "author-bio"),
    ("authorbio", "author-bio"),
    ("author-info", "author-bio"),
    ("authorinfo", "author-bio"),
    ("author-description", "author-bio"),
    ("author-box", "author-bio"),
    ("authorbox", "author-bio"),
    ("about-author", "author-bio"),
    ("about-the-author", "author-bio"),
    ("disclaimer", "disclosure"),
    ("disclosure", "disclosure"),
    ("affiliate", "disclosure"),
    ("sidebar", "sidebar"),
    ("footer", "page-footer"),
    ("masthead", "page-header"),
    ("banner", "banner"),
    ("nav", "navigation"),
    ("menu", "navigation"),
    ("tags", "tags"),
];

/// Class and id tokens, matched whole, that name furniture as an advertisement (`ad`).
///
/// **Read by** the walker, when it notes a removal, after the [`FURNITURE_KIND_FRAGMENTS`].
pub const ADVERTISEMENT_TOKENS: &[&str] = &["ad", "ads", "adv"];
