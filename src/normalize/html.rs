//! The HTML normalizer: finds the article in a page and converts it into document blocks.
//!
//! Steps: the markup is pruned for parsing (tags nested too deep unwrapped, the code of
//! scripts and the content of menus left out) and parsed with html5ever (via `scraper`); the
//! page's metadata is read ([`metadata`](super::metadata)) and text statistics are gathered
//! for every element ([`PageStats`]). Then, in passes from the strictest to the most lenient
//! ([`Strictness::PASSES`]), the scorer of [`extract`](super::extract) chooses the article's
//! containers (the best-scoring element, the siblings that belong with it, the lead picture of
//! its `<article>`'s header), and the walker converts them into headings, paragraphs, quotes,
//! lists, figures, tables and code, skipping page furniture: elements that never hold text
//! (scripts, forms, navigation, anything hidden), furniture by tag, role, class or id (share
//! bars, ads, related boxes), and containers that fail the make-up check. The first pass that
//! finds enough text is kept, else the one that found the most.
//!
//! The block filter then drops what the walk kept but its wording gives away (widget labels,
//! teasers, bylines, datelines, notices: the rules of [`boilerplate`](super::boilerplate)),
//! lifts a photo credit into the metadata, and drops a heading that repeats the title and an
//! author's bio at the end. A page whose little prose is outweighed by links, or stands beside
//! a password field, has no article. [`normalize_whole_page`] converts the whole `<body>`,
//! skipping only the elements that never hold text.
//!
//! The words, classes and elements these steps look for are in
//! [`vocabulary`](super::vocabulary).

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};
use url::Url;

use super::boilerplate::{
    after_attribution_dash, attribution_line, boilerplate_rule, credit_line,
    drop_trailing_author_bios, drop_trailing_contact_box, furniture_kind, is_attribution_class,
    is_byline_line, is_date_line, is_embedded_post_class, is_negative_class, is_permalink_class,
    is_related_heading, is_small_caps_class, is_taxonomy_line, permalink_text,
    trailing_copyright_credit, widget_rule, PermalinkText,
};
use super::extract::{
    article_roots, has_block_child, has_caption_mark, header_figure, header_standfirst,
    is_captioned_picture, is_classed_heading, is_data_table, is_inline_picture, is_tracking_pixel,
    suspicious_make_up, with_scripted_bodies_shown, MakeUp, PageStats, Strictness,
    MAX_CAPTION_CHARS,
};
use super::metadata::{collapse_whitespace, read_html_metadata, read_html_metadata_and_body};
use super::nesting::{limit_nesting, prune_for_parsing, MAX_NESTING};
use super::notes::{is_backlink, is_note_label, reference_label, NoteIndex};
use super::removals::Removals;
use super::selector;
use super::vocabulary::classes::{
    CAPTION_AFTER_PICTURE_SELECTOR, CODE_LANGUAGE_PREFIXES, FIGURE_CAPTION_SELECTOR,
};
use super::vocabulary::elements::{
    BLOCK_ELEMENTS, FURNITURE_ELEMENTS, FURNITURE_ROLES, HIDING_STYLES,
    LAYOUT_TABLE_CONTENT_SELECTOR, NEVER_CONTENT_ELEMENTS, NEVER_CONTENT_ROLES, PHRASE_ELEMENTS,
    PICTURE_ELEMENTS, SMALL_CAPS_STYLE,
};
use super::vocabulary::pictures::{
    LAZY_SRCSET_ATTRIBUTES, LAZY_SRC_ATTRIBUTES, PICTURE_EXTENSIONS, UNREADABLE_PICTURE_TYPES,
};
use crate::document::{
    has_image, inlines_text, walk_inlines, Block, ColumnAlign, Definition, Document, HeaderScope,
    ImageRef, Inline, Node as ModelNode, Note, Table, TableCell, TablePart, TableRow, Walk,
};

/// Extraction below this many characters of text is retried less strictly.
const MIN_ARTICLE_CHARS: usize = 500;

/// Deeper than this, a subtree is read as flat text so that hostile nesting cannot exhaust
/// the stack.
const MAX_DEPTH: usize = 200;

/// Parses a page, with elements nested deeper than [`MAX_NESTING`] unwrapped first (a deep page
/// would cost the parser time quadratic in its depth) and what extraction never reads left
/// out (the code of scripts and styles, comments, the content of menus and drawings; see
/// [`prune_for_parsing`]).
fn parse_document(page: &str) -> Html {
    Html::parse_document(&prune_for_parsing(page, MAX_NESTING))
}

/// Normalizes an HTML page into a [`Document`]. `page_url` (the page's address, when known)
/// resolves relative links and images.
pub fn normalize(page: &str, page_url: Option<&str>) -> Document {
    normalize_noting(page, page_url, &mut Removals::new(false))
}

/// [`normalize`], noting what it removed in `removals` (when that log is enabled).
pub fn normalize_noting(page: &str, page_url: Option<&str>, removals: &mut Removals) -> Document {
    let mut noted = removals.fork();
    let doc = normalize_markup(page, page_url, &mut noted);
    if blocks_char_count(&doc.blocks) < MIN_ARTICLE_CHARS {
        // The article may be in markup that scripts show (a blog theme's template).
        if let Some(shown) = with_scripted_bodies_shown(page) {
            let mut other_noted = removals.fork();
            let other = normalize_markup(&shown, page_url, &mut other_noted);
            if blocks_char_count(&other.blocks) > blocks_char_count(&doc.blocks) {
                removals.append(other_noted);
                return other;
            }
        }
    }
    removals.append(noted);
    doc
}

/// [`normalize`] on the page as it is.
fn normalize_markup(page: &str, page_url: Option<&str>, removals: &mut Removals) -> Document {
    let html = parse_document(page);
    let base = base_url(&html, page_url);
    let resolve = |href: &str| resolve_url(base.as_ref(), href);
    let (mut meta, declared_body) = read_html_metadata_and_body(&html, &resolve);
    let stats = PageStats::gather(*html.root_element());
    let notes = NoteIndex::gather(&html);
    // The best short result so far: (whether it opens with the headline, its prose, …).
    let mut best: Option<(bool, usize, Vec<Block>, Removals)> = None;
    for strictness in Strictness::PASSES {
        let (blocks, noted) = extract_blocks(
            &html,
            &stats,
            &notes,
            strictness,
            base.as_ref(),
            &meta.title,
            removals,
        );
        let chars = blocks_char_count(&blocks);
        if chars >= MIN_ARTICLE_CHARS {
            best = Some((true, chars, blocks, noted));
            break;
        }
        // A short article under its headline beats more text without it (a sidebar's blog
        // description and follow box beside a post of one paragraph).
        let titled = chars >= MIN_TITLED_CHARS && opens_with_title(&blocks, &meta.title);
        if best
            .as_ref()
            .is_none_or(|(best_titled, most, _, _)| (titled, chars) > (*best_titled, *most))
        {
            best = Some((titled, chars, blocks, noted));
        }
    }
    let mut blocks = match best {
        Some((_, _, blocks, noted)) => {
            removals.append(noted);
            blocks
        }
        None => Vec::new(),
    };
    if let Some(declared) = declared_body.and_then(|body| declared_body_instead(&body, &blocks)) {
        blocks = declared;
    }
    if meta.title.is_empty() {
        meta.title = first_heading_text(&blocks).unwrap_or_default();
    }
    drop_title_heading(&mut blocks, &mut meta.title, removals);
    strip_boilerplate_blocks(&mut blocks, &mut meta.image_credit, removals);
    drop_trailing_author_bios(&mut blocks, removals);
    drop_trailing_contact_box(&mut blocks, removals);
    drop_trailing_headings(&mut blocks, removals);
    let walker = Walker {
        base: base.as_ref(),
        root_text_len: 0,
        stats: &stats,
        strictness: Strictness::PASSES[Strictness::PASSES.len() - 1],
        keep_all: true,
        notes: &notes,
        reading_notes: true,
        removals: removals.fork(),
    };
    removals.append(attach_notes(&html, walker, &mut blocks));
    if is_not_an_article(&html, &blocks) {
        blocks.clear();
    }
    Document { meta, blocks }
}

/// Removes the headings that end the article with nothing under them ("More from the
/// programme", "Further information:"): what they headed, a list of links or a player, was
/// left out as furniture, and a heading alone heads nothing. A heading longer than
/// [`MAX_EMPTY_HEADING_WORDS`] is a paragraph set large (a paywalled page's standfirst), and
/// stays.
fn drop_trailing_headings(blocks: &mut Vec<Block>, removals: &mut Removals) {
    while let Some(Block::Heading { content, .. }) = blocks.last() {
        if inlines_text(content).split_whitespace().count() > MAX_EMPTY_HEADING_WORDS {
            break;
        }
        if let Some(heading) = blocks.pop() {
            removals.note_block(&heading, "empty-section");
        }
    }
}

/// The most words of a heading that ends an article and is left out as heading nothing.
const MAX_EMPTY_HEADING_WORDS: usize = 12;

/// How many times longer than the text found the text a page declares as its article must
/// be to stand in for it.
const DECLARED_BODY_FACTOR: usize = 3;

/// The paragraphs of `declared`, the article's text as the page declares it in its JSON-LD
/// ([`read_html_metadata_and_body`]), when it is an article's length ([`MIN_ARTICLE_CHARS`])
/// and [`DECLARED_BODY_FACTOR`] times longer than what extraction found in `blocks`: the page
/// shows its article through scripts (what the markup holds is a header, a share bar and an
/// author's note). `None` otherwise.
fn declared_body_instead(declared: &str, blocks: &[Block]) -> Option<Vec<Block>> {
    let found = blocks_char_count(blocks);
    let declared_chars = declared.chars().filter(|c| !c.is_whitespace()).count();
    if declared_chars < MIN_ARTICLE_CHARS || declared_chars < found * DECLARED_BODY_FACTOR {
        return None;
    }
    Some(
        declared
            .split('\n')
            .map(collapse_whitespace)
            .filter(|line| !line.is_empty())
            .map(Block::paragraph)
            .collect(),
    )
}

/// Below this many characters of prose (text outside headings and links, whitespace
/// excluded), what was found is no article when it is mostly links (a home page of
/// headlines) or the page asks for a password (a login wall): such a page gives "no article
/// content found" instead of a book of menus, and `--keep-all` converts it anyway. A short
/// page of plain text is still an article. Readability ignores containers under 140
/// characters for the same reason.
pub const MIN_ARTICLE_PROSE_CHARS: usize = 140;

/// Whether the blocks found on `html` are no article: little prose, and that little is
/// outweighed by links or stands beside a password field.
fn is_not_an_article(html: &Html, blocks: &[Block]) -> bool {
    let prose = prose_chars(blocks);
    if prose >= MIN_ARTICLE_PROSE_CHARS {
        return false;
    }
    linked_chars(blocks) > prose
        || html
            .select(&selector("input[type=password i]"))
            .next()
            .is_some()
}

/// Characters of link text in `blocks`, headings included, whitespace excluded.
fn linked_chars(blocks: &[Block]) -> usize {
    let mut count = 0;
    for block in blocks {
        block.for_each_inlines(&mut |content| count += inline_link_chars(content));
    }
    count
}

/// Characters of the link text in `content`, whitespace excluded.
fn inline_link_chars(content: &[Inline]) -> usize {
    let mut count = 0;
    walk_inlines(content, &mut |node| match node {
        ModelNode::Inline(Inline::Link { content, .. }) => {
            count += inlines_text(content)
                .chars()
                .filter(|c| !c.is_whitespace())
                .count();
            Walk::SkipChildren
        }
        _ => Walk::Continue,
    });
    count
}

/// Characters of prose in `blocks`: text outside headings and links, whitespace excluded.
fn prose_chars(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|block| match block {
            Block::Heading { .. } | Block::Rule => 0,
            Block::Paragraph { content } => inline_prose_chars(content),
            Block::Quote {
                blocks,
                attribution,
            } => prose_chars(blocks) + inline_prose_chars(attribution),
            Block::List { items, .. } => items.iter().map(|item| prose_chars(item)).sum(),
            Block::DefinitionList { items } => items
                .iter()
                .map(|item| {
                    item.terms
                        .iter()
                        .map(|term| inline_prose_chars(term))
                        .sum::<usize>()
                        + item
                            .descriptions
                            .iter()
                            .map(|description| prose_chars(description))
                            .sum::<usize>()
                })
                .sum(),
            Block::Figure { caption, .. } => inline_prose_chars(caption),
            Block::Table(table) => table.cells().map(|cell| prose_chars(&cell.blocks)).sum(),
            Block::Code { text, .. } => text.chars().filter(|c| !c.is_whitespace()).count(),
            Block::Notes { notes } => notes.iter().map(|note| prose_chars(&note.blocks)).sum(),
        })
        .sum()
}

fn inline_prose_chars(content: &[Inline]) -> usize {
    content
        .iter()
        .map(|inline| match inline {
            Inline::Text { text } | Inline::Code { text } => {
                text.chars().filter(|c| !c.is_whitespace()).count()
            }
            Inline::Link { .. } | Inline::LineBreak | Inline::Image { .. } => 0,
            other => other
                .children()
                .map_or(0, |content| inline_prose_chars(content)),
        })
        .sum()
}

/// Converts the whole visible body of a page, without looking for the article or removing
/// boilerplate (the `--keep-all` escape hatch for pages extraction gets wrong). Scripts, forms,
/// embeds and hidden elements still never pass.
pub fn normalize_whole_page(page: &str, page_url: Option<&str>) -> Document {
    let html = parse_document(page);
    let base = base_url(&html, page_url);
    let resolve = |href: &str| resolve_url(base.as_ref(), href);
    let mut meta = read_html_metadata(&html, &resolve);
    let stats = PageStats::gather(*html.root_element());
    let notes = NoteIndex::gather(&html);
    let body = html
        .select(&selector("body"))
        .next()
        .unwrap_or_else(|| html.root_element());
    let mut walker = Walker {
        base: base.as_ref(),
        root_text_len: stats.of(*body).text,
        stats: &stats,
        strictness: Strictness::PASSES[Strictness::PASSES.len() - 1],
        keep_all: true,
        notes: &notes,
        reading_notes: false,
        removals: Removals::new(false),
    };
    let mut blocks = walker.blocks(*body, 0);
    if meta.title.is_empty() {
        meta.title = first_heading_text(&blocks).unwrap_or_default();
    }
    drop_title_heading(&mut blocks, &mut meta.title, &mut Removals::new(false));
    walker.reading_notes = true;
    attach_notes(&html, walker, &mut blocks);
    Document { meta, blocks }
}

/// One extraction pass: choose the article's containers and convert them; what the pass
/// removed is noted as `removals` would (in a log of its own, kept if the pass is). `title`
/// is the article's title, read from the page before: the heading that spells it is not
/// noted as removed, since it is the book's title.
fn extract_blocks(
    html: &Html,
    stats: &PageStats,
    notes: &NoteIndex,
    strictness: Strictness,
    base: Option<&Url>,
    title: &str,
    removals: &Removals,
) -> (Vec<Block>, Removals) {
    let roots = article_roots(html, stats, &is_never_content, strictness);
    let mut noted = removals.fork();
    note_outside(html, &roots, title, &mut noted);
    let mut walker = Walker {
        base,
        root_text_len: roots.iter().map(|r| stats.of(**r).text).sum(),
        stats,
        strictness,
        keep_all: false,
        notes,
        reading_notes: false,
        removals: noted,
    };
    let mut blocks = Vec::new();
    for root in roots {
        walker.block_element(root, 0, &mut blocks);
    }
    (blocks, walker.removals)
}

/// Notes, as `outside-main-content`, each element of the page that lies outside the
/// article's containers `roots` and holds none of them: the largest such parts (a header, a
/// sidebar, a footer), not every element in them. Elements that never hold content (scripts,
/// menus) and the one that is only the article's `title` (which the book shows as its title)
/// are left unsaid.
fn note_outside(html: &Html, roots: &[ElementRef<'_>], title: &str, removals: &mut Removals) {
    if !removals.is_enabled() {
        return;
    }
    let mut holding = std::collections::HashSet::new();
    for root in roots {
        holding.extend(root.ancestors().map(|ancestor| ancestor.id()));
    }
    let roots: std::collections::HashSet<_> = roots.iter().map(|root| root.id()).collect();
    let mut pending = vec![html.root_element()];
    while let Some(element) = pending.pop() {
        if roots.contains(&element.id()) {
            continue;
        }
        if holding.contains(&element.id()) {
            // Children are pushed in reverse, so that they are noted in the page's order.
            pending.extend(element.children().rev().filter_map(ElementRef::wrap));
        } else if !is_never_content(&element) && !spells(&element, title) {
            removals.note_element(&element, "outside-main-content");
        }
    }
}

/// Whether the whole text of `element` is `title`, compared as [`title_words`].
fn spells(element: &ElementRef<'_>, title: &str) -> bool {
    let wanted = title_words(title);
    !wanted.is_empty() && title_words(&element.text().collect::<String>()) == wanted
}

/// Gathers the notes the references in `blocks` refer to into a [`Block::Notes`], read by
/// `walker`, in place of the first mark of where a list of notes was (or at the end), and
/// takes the other marks out of `blocks`. Returns what the walker removed from the notes.
fn attach_notes(html: &Html, mut walker: Walker<'_>, blocks: &mut Vec<Block>) -> Removals {
    let mut referenced: std::collections::HashMap<String, String> = Default::default();
    for block in blocks.iter() {
        block.walk(&mut |node| {
            if let ModelNode::Inline(Inline::NoteRef { id, label }) = node {
                referenced
                    .entry(id.clone())
                    .or_insert_with(|| label.clone());
            }
            Walk::Continue
        });
    }
    // The notes go where the page's list of them was, under its heading ("References"),
    // when that was in the article's text, else at its end.
    let is_mark = |block: &Block| matches!(block, Block::Notes { notes } if notes.is_empty());
    let place = blocks.iter().position(is_mark).unwrap_or(blocks.len());
    let before = blocks[..place]
        .iter()
        .filter(|block| is_mark(block))
        .count();
    blocks.retain(|block| !is_mark(block));
    let place = place - before;
    let mut notes = Vec::new();
    for (node, id) in walker.notes.notes() {
        let (Some(label), Some(element)) = (referenced.get(id), html.tree.get(*node)) else {
            continue;
        };
        let label = if label.is_empty() {
            (notes.len() + 1).to_string()
        } else {
            label.clone()
        };
        notes.push(Note {
            id: id.clone(),
            label,
            blocks: walker.blocks(element, 0),
        });
    }
    if !notes.is_empty() {
        blocks.insert(place, Block::Notes { notes });
    }
    walker.removals
}

/// Characters of text in `blocks`, whitespace excluded.
fn blocks_char_count(blocks: &[Block]) -> usize {
    let mut count = 0;
    for block in blocks {
        block.for_each_text(&mut |text| {
            count += text.chars().filter(|c| !c.is_whitespace()).count()
        });
    }
    count
}

/// The page's `<base href>` resolved against its own address, or that address.
fn base_url(html: &Html, page_url: Option<&str>) -> Option<Url> {
    let page = page_url.and_then(|u| Url::parse(u).ok());
    let base_href = html
        .select(&selector("base[href]"))
        .find_map(|e| e.value().attr("href"));
    match (page, base_href) {
        (Some(page), Some(href)) => page.join(href).ok().or(Some(page)),
        (None, Some(href)) => Url::parse(href).ok(),
        (page, None) => page,
    }
}

/// Resolves `href` against `base`. Only web addresses survive: `javascript:`, `data:`, `file:`
/// and other schemes are dropped so that a page can never point cleancopy at a local file.
fn resolve_url(base: Option<&Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let url = match base {
        Some(base) => base.join(href).ok()?,
        None => match Url::parse(href) {
            Ok(url) => url,
            // A relative address with nothing to resolve it against is kept as written.
            Err(url::ParseError::RelativeUrlWithoutBase) => return Some(href.to_string()),
            Err(_) => return None,
        },
    };
    matches!(url.scheme(), "http" | "https" | "mailto").then(|| url.to_string())
}

/// Whether an element never holds article text: scripts, styles, navigation, form controls,
/// embeds, and anything hidden.
pub fn is_never_content(element: &ElementRef) -> bool {
    never_content_rule(element).is_some()
}

/// Why an element never holds article text ([`is_never_content`]), by the name the removal
/// log gives the rule: `navigation`, `popup`, `embed`, `not-content` or `hidden`.
fn never_content_rule(element: &ElementRef) -> Option<&'static str> {
    let value = element.value();
    let name = value.name();
    if NEVER_CONTENT_ELEMENTS.contains(&name) {
        return Some(match name {
            "nav" | "menu" => "navigation",
            "dialog" => "popup",
            "iframe" | "frame" | "frameset" | "object" | "embed" | "video" | "audio" | "svg"
            | "canvas" => "embed",
            _ => "not-content",
        });
    }
    let hidden_by_style = value.attr("style").is_some_and(|style| {
        let style = style.to_ascii_lowercase().replace(' ', "");
        HIDING_STYLES.iter().any(|hiding| style.contains(hiding))
    });
    // `aria-hidden` hides from screen readers, not from the eye: a picture so marked (a
    // formula image beside its MathML) is still seen.
    let hidden_from_view = value.attr("aria-hidden") == Some("true") && name != "img";
    if value.attr("hidden").is_some() || hidden_from_view || hidden_by_style {
        return Some("hidden");
    }
    match value.attr("role") {
        Some(role) if NEVER_CONTENT_ROLES.contains(&role) => Some(if role == "dialog" {
            "popup"
        } else {
            "navigation"
        }),
        _ => None,
    }
}

/// Whether an element has text of its own, not only inside its child elements: running text
/// that its inline children are part of.
fn has_own_text(element: &ElementRef) -> bool {
    element.children().any(|child| {
        child
            .value()
            .as_text()
            .is_some_and(|text| !text.trim().is_empty())
    })
}

/// Whether an element is a phrase of running text ([`PHRASE_ELEMENTS`]): a link or a word set
/// apart (emphasis, a term, a quotation).
fn is_phrase(element: &ElementRef) -> bool {
    PHRASE_ELEMENTS.contains(&element.value().name())
}

/// Whether an element is page furniture by its tag or role (header, footer, aside, form),
/// and what it is then, by the name the removal log gives it: `page-header`, `page-footer`,
/// `sidebar` or `form`.
fn furniture_tag(element: &ElementRef) -> Option<&'static str> {
    let value = element.value();
    let name = value.name();
    if FURNITURE_ELEMENTS.contains(&name) {
        return Some(match name {
            "header" => "page-header",
            "footer" => "page-footer",
            "aside" => "sidebar",
            _ => "form",
        });
    }
    match value.attr("role") {
        Some(role) if FURNITURE_ROLES.contains(&role) => Some(match role {
            "banner" => "page-header",
            "contentinfo" => "page-footer",
            _ => "sidebar",
        }),
        _ => None,
    }
}

/// Whether `element` is a box of blocks whose first child element is a heading of related
/// links ("You may also like", "Mehr zum Thema"): the other articles it offers.
fn opens_with_related_heading(element: &ElementRef) -> bool {
    if !matches!(
        element.value().name(),
        "section" | "div" | "aside" | "footer" | "nav"
    ) {
        return false;
    }
    element
        .children()
        .filter_map(ElementRef::wrap)
        .next()
        .is_some_and(|first| {
            matches!(first.value().name(), "h2" | "h3" | "h4" | "h5" | "h6")
                && is_related_heading(&first.text().collect::<String>())
        })
}

/// Whether an element's class and id may mark it as furniture: not for a picture or a figure
/// (`fig--has-shares` names the share button drawn on it), nor for what sits in a heading
/// (MediaWiki's headline ids repeat the heading's words, "…_promotion_controversy").
fn names_can_mark(element: &ElementRef) -> bool {
    !PICTURE_ELEMENTS.contains(&element.value().name())
        && !element
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|ancestor| {
                matches!(
                    ancestor.value().name(),
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                )
            })
}

/// Whether the element is a post from a social network that the article quotes, or a wrapper
/// around one and little else (an embedded tweet in a `<div class="social-embed">`): its
/// name marks the embed, not furniture.
fn is_embedded_post_wrapper(element: &ElementRef, stats: &PageStats) -> bool {
    // `descendants` starts with the element itself: a post is its own wrapper.
    let post = element
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|descendant| {
            descendant.value().name() == "blockquote"
                && descendant
                    .value()
                    .attr("class")
                    .is_some_and(is_embedded_post_class)
        });
    // The post's text is most of the wrapper's: a whole section that happens to quote a post
    // is judged on its own.
    post.is_some_and(|post| stats.of(*post).text * 5 >= stats.of(**element).text * 4)
}

/// Walks the content root and builds blocks.
struct Walker<'a> {
    base: Option<&'a Url>,
    /// Text length of the whole article, to keep furniture rules from removing the article.
    root_text_len: usize,
    /// Text statistics of every element of the page.
    stats: &'a PageStats,
    /// Which heuristics this pass uses.
    strictness: Strictness,
    /// Keep everything visible: no furniture rules at all (`--keep-all`).
    keep_all: bool,
    /// The page's footnotes and their references.
    notes: &'a NoteIndex,
    /// Whether the walker reads a note, whose links back to the text go.
    reading_notes: bool,
    /// What the walk removed.
    removals: Removals,
}

impl Walker<'_> {
    /// Whether an element is furniture rather than article, and if so, which rule says so
    /// (by its name in the removal log). Each element that is goes into the log.
    fn is_furniture(&mut self, element: &ElementRef) -> bool {
        let Some(rule) = self.furniture_rule(element) else {
            return false;
        };
        if self.removals.is_enabled() {
            // What a class names is looked up only for the log.
            let rule = rule.unwrap_or_else(|| furniture_kind(element));
            self.removals.note_element(element, rule);
        }
        true
    }

    /// Whether a class/id-marked element is furniture rather than most of the article: the
    /// rule that says so, or `Some(None)` when it is the element's class or id (named by
    /// [`furniture_kind`]).
    fn furniture_rule(&self, element: &ElementRef) -> Option<Option<&'static str>> {
        if let Some(rule) = never_content_rule(element) {
            return Some(Some(rule));
        }
        if self.keep_all {
            return None;
        }
        let value = element.value();
        let is_caption = has_caption_mark(element);
        let stats = self.stats.of(**element);
        if is_caption && stats.images == 0 && stats.text < MAX_CAPTION_CHARS && !in_figure(element)
        {
            // A caption or credit away from its picture: the picture is gone, so is it.
            return Some(Some("stray-caption"));
        }
        // Names and tags can mislead (a whole page wrapped in a `<form>`), so they never remove
        // most of the article; a make-up check that fails is trusted, and a pass that loses
        // the article this way is retried less strictly.
        // A quoted post keeps the wrapper its embed code names "social" or the like.
        if self.strictness.clean_conditionally {
            if let Some(make_up) =
                suspicious_make_up(element, self.stats, self.strictness.weight_classes)
            {
                return (!is_embedded_post_wrapper(element, self.stats)).then(|| match make_up {
                    MakeUp::FurnitureClass => None,
                    other => Some(other.rule()),
                });
            }
        }
        if stats.text * 2 < self.root_text_len.max(1) && opens_with_related_heading(element) {
            // "You may also like" over whole teaser articles: the box goes with its heading.
            return Some(Some("related-links"));
        }
        let marked = furniture_tag(element).map(Some).or_else(|| {
            ((value.attr("class").is_some_and(is_negative_class)
                || value.attr("id").is_some_and(is_negative_class))
                && names_can_mark(element))
            .then_some(None)
        });
        marked.filter(|_| {
            stats.text * 2 < self.root_text_len.max(1)
                && !is_embedded_post_wrapper(element, self.stats)
        })
    }

    /// The blocks of a container's children.
    fn blocks(&mut self, container: NodeRef<'_, Node>, depth: usize) -> Vec<Block> {
        self.blocks_but(container, depth, None)
    }

    /// The blocks of a container's children, but for the child `left_out` (a quotation's
    /// attribution, read on its own).
    fn blocks_but(
        &mut self,
        container: NodeRef<'_, Node>,
        depth: usize,
        left_out: Option<ego_tree::NodeId>,
    ) -> Vec<Block> {
        let mut out = Vec::new();
        if depth > MAX_DEPTH {
            let text = collapse_whitespace(&flat_text(container));
            if !text.is_empty() {
                out.push(Block::paragraph(text));
            }
            return out;
        }
        let mut pending: Vec<Inline> = Vec::new();
        // The element child read last, and how many blocks there were before it.
        let mut last_element: Option<(ElementRef<'_>, usize)> = None;
        for child in container.children() {
            if Some(child.id()) == left_out {
                continue;
            }
            match child.value() {
                Node::Text(text) => push_text(&mut pending, text),
                Node::Element(_) => {
                    let Some(element) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let previous = last_element.replace((element, out.len()));
                    if let Some((previous, blocks_before)) = previous.filter(|_| is_blank(&pending))
                    {
                        if self.caption_after_picture(
                            element,
                            previous,
                            blocks_before,
                            depth,
                            &mut out,
                        ) {
                            continue;
                        }
                    }
                    if self.notes.is_set_apart(child.id()) {
                        // The notes come after the article; this marks where they were.
                        flush_paragraph(&mut pending, &mut out);
                        out.push(Block::Notes { notes: Vec::new() });
                        continue;
                    }
                    if self.is_furniture(&element) {
                        // An article's header goes, but not the picture it leads with, nor
                        // the standfirst under its headline.
                        if let Some(figure) = header_figure(&element) {
                            flush_paragraph(&mut pending, &mut out);
                            self.block_element(figure, depth, &mut out);
                        }
                        if element.value().name() == "header" {
                            for lead in header_standfirst(&element, self.stats) {
                                flush_paragraph(&mut pending, &mut out);
                                self.block_element(lead, depth, &mut out);
                            }
                        }
                        continue;
                    }
                    let name = element.value().name();
                    if BLOCK_ELEMENTS.contains(&name) || holds_blocks(&element) {
                        flush_paragraph(&mut pending, &mut out);
                        self.block_element(element, depth, &mut out);
                    } else if name == "br" && ends_with_break(&pending) {
                        // `<br><br>` between runs of loose text separates paragraphs.
                        flush_paragraph(&mut pending, &mut out);
                    } else {
                        let mut hoisted = Vec::new();
                        self.inline_element(element, depth, &mut pending, &mut hoisted);
                        if !hoisted.is_empty() {
                            flush_paragraph(&mut pending, &mut out);
                            out.extend(hoisted);
                        }
                    }
                }
                _ => {}
            }
        }
        flush_paragraph(&mut pending, &mut out);
        out
    }

    /// Reads `element` as the caption of the picture `previous` right before it, when it is
    /// one (`<img>`, then `<div class="imageCaption">`): the figure the picture made (the
    /// last of `out`, added since `blocks_before`) takes it, or a captioned video becomes a
    /// figure of its poster. Returns whether it did.
    fn caption_after_picture(
        &mut self,
        element: ElementRef<'_>,
        previous: ElementRef<'_>,
        blocks_before: usize,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> bool {
        let own = self.stats.of(*element);
        let is_caption = own.images == 0
            && own.text > 0
            && own.text < MAX_CAPTION_CHARS
            && selector(CAPTION_AFTER_PICTURE_SELECTOR).matches(&element);
        if !is_caption {
            return false;
        }
        let figure_made = out.len() > blocks_before
            && is_picture(&previous, self.stats)
            && matches!(out.last(), Some(Block::Figure { caption, .. }) if is_blank(caption));
        let poster = if figure_made {
            None
        } else {
            match self.video_poster(&previous) {
                Some(poster) => Some(poster),
                None => return false,
            }
        };
        let mut hoisted = Vec::new();
        let mut content = Vec::new();
        self.inline_children(element, depth, &mut content, &mut hoisted);
        let content = trim_inlines(content);
        match (poster, out.last_mut()) {
            (Some(image), _) => out.push(Block::Figure {
                image,
                caption: content,
            }),
            (None, Some(Block::Figure { caption, .. })) => *caption = content,
            (None, _) => {}
        }
        true
    }

    /// The still a shown `<video>` (or a wrapper holding only one) declares as its `poster`.
    fn video_poster(&self, element: &ElementRef) -> Option<ImageRef> {
        let own = self.stats.of(**element);
        let video = if element.value().name() == "video" {
            *element
        } else if own.embeds == 1 && own.images == 0 && own.text <= MAX_TEXT_BESIDE_PICTURE {
            element.select(&selector("video")).next()?
        } else {
            return None;
        };
        let value = video.value();
        if value.attr("hidden").is_some() || value.attr("aria-hidden") == Some("true") {
            return None;
        }
        let poster = value.attr("poster")?.trim();
        if poster.is_empty() || poster.starts_with("data:") {
            return None;
        }
        let alt = value
            .attr("aria-label")
            .or_else(|| value.attr("title"))
            .map(collapse_whitespace)
            .unwrap_or_default();
        Some(ImageRef {
            src: resolve_url(self.base, poster)?,
            alt,
        })
    }

    /// Converts one block-level element, appending to `out`.
    fn block_element(&mut self, element: ElementRef<'_>, depth: usize, out: &mut Vec<Block>) {
        let name = element.value().name();
        // A box of several pictures (a list item "with no_caption") is walked, not made one
        // figure.
        let is_caption_box = (has_caption_mark(&element) && self.stats.of(*element).images <= 1)
            || is_captioned_picture(&element, self.stats);
        if is_caption_box && !matches!(name, "figure" | "figcaption") && !in_figure(&element) {
            // A captioned picture without <figure> (WordPress's `wp-caption`, MediaWiki's
            // `thumb` and the like).
            self.figure(element, depth, out);
            return;
        }
        if is_classed_heading(&element, self.stats) {
            let content = self.inlines(element, depth, out);
            if !is_blank(&content) {
                out.push(Block::Heading { level: 2, content });
            }
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse::<u8>().unwrap_or(2).clamp(2, 6);
                let content = self.inlines(element, depth, out);
                if !is_blank(&content) {
                    out.push(Block::Heading { level, content });
                }
            }
            "p" | "dt" | "dd" | "address" | "summary" | "caption" | "figcaption" => {
                let mut hoisted = Vec::new();
                let mut content = Vec::new();
                self.inline_children(element, depth, &mut content, &mut hoisted);
                if name == "dt" {
                    content = vec![Inline::Strong { content }];
                }
                flush_paragraph(&mut content, out);
                out.extend(hoisted);
            }
            "blockquote" => self.quote(element, depth, out),
            "dl" => self.definition_list(element, depth, out),
            "ul" | "ol" => self.list(element, name == "ol", depth, out),
            "figure" => self.figure(element, depth, out),
            "table" => self.table(element, depth, out),
            "pre" => out.push(code_block(element)),
            "hr" => out.push(Block::Rule),
            _ => out.extend(self.blocks(*element, depth + 1)),
        }
    }

    /// A `<blockquote>`: its blocks, and its attribution (a `<footer>`, a last `<cite>`, a
    /// last paragraph opening with a dash) under them.
    fn quote(&mut self, element: ElementRef<'_>, depth: usize, out: &mut Vec<Block>) {
        let attribution_element = quote_attribution(&element);
        let blocks = self.blocks_but(*element, depth + 1, attribution_element.map(|e| e.id()));
        let attribution = attribution_element
            .map(|source| self.attribution(source, depth))
            .unwrap_or_default();
        if !blocks.is_empty() {
            out.push(Block::Quote {
                blocks,
                attribution,
            });
        } else if !attribution.is_empty() {
            out.push(Block::Paragraph {
                content: attribution,
            });
        }
    }

    /// The text of a quotation's attribution, without its opening dash.
    fn attribution(&mut self, source: ElementRef<'_>, depth: usize) -> Vec<Inline> {
        let mut content = Vec::new();
        // Pictures (the quoted person's portrait) are left out of the line.
        let mut pictures = Vec::new();
        self.inline_children(source, depth + 1, &mut content, &mut pictures);
        let mut content = trim_inlines(content);
        if let Some(Inline::Text { text }) = content.first_mut() {
            if let Some(rest) = after_attribution_dash(text) {
                *text = rest.to_string();
            }
        }
        trim_inlines(content)
    }

    /// A `<figure>` that holds a quotation and names its source in a `<figcaption>`: one
    /// quotation with that attribution.
    fn quote_figure(
        &mut self,
        figure: ElementRef<'_>,
        quote: ElementRef<'_>,
        depth: usize,
        out: &mut Vec<Block>,
    ) {
        let mut blocks = Vec::new();
        self.quote(quote, depth + 1, &mut blocks);
        let caption = figure
            .children()
            .filter_map(ElementRef::wrap)
            .find(|child| child.value().name() == "figcaption")
            .map(|caption| self.attribution(caption, depth))
            .unwrap_or_default();
        match blocks.as_mut_slice() {
            [Block::Quote { attribution, .. }] if attribution.is_empty() => {
                *attribution = caption;
                out.extend(blocks);
            }
            _ => {
                out.extend(blocks);
                flush_paragraph(&mut caption.clone(), out);
            }
        }
    }

    /// A definition list: its terms (`<dt>`) and descriptions (`<dd>`), also when grouped
    /// in `<div>`s. A list whose terms hold no words (a gallery of pictures laid out as a
    /// `<dl>`) is walked as plain blocks.
    fn definition_list(&mut self, element: ElementRef<'_>, depth: usize, out: &mut Vec<Block>) {
        let mut items: Vec<Definition> = Vec::new();
        let mut hoisted = Vec::new();
        self.definitions(element, depth, &mut items, &mut hoisted);
        let has_words = items
            .iter()
            .flat_map(|item| &item.terms)
            .any(|term| !inlines_text(term).trim().is_empty());
        if !has_words {
            out.extend(self.blocks(*element, depth + 1));
            return;
        }
        out.push(Block::DefinitionList { items });
        out.extend(hoisted);
    }

    /// Adds the terms and descriptions of a `<dl>` (or of a `<div>` grouping some) to
    /// `items`; pictures in terms go to `hoisted`.
    fn definitions(
        &mut self,
        container: ElementRef<'_>,
        depth: usize,
        items: &mut Vec<Definition>,
        hoisted: &mut Vec<Block>,
    ) {
        for child in container.children().filter_map(ElementRef::wrap) {
            if self.is_furniture(&child) {
                continue;
            }
            match child.value().name() {
                "dt" => {
                    let mut term = Vec::new();
                    self.inline_children(child, depth + 1, &mut term, hoisted);
                    let term = trim_inlines(term);
                    if is_blank(&term) {
                        continue;
                    }
                    match items.last_mut() {
                        Some(item) if item.descriptions.is_empty() => item.terms.push(term),
                        _ => items.push(Definition {
                            terms: vec![term],
                            descriptions: Vec::new(),
                        }),
                    }
                }
                "div" if depth < MAX_DEPTH => self.definitions(child, depth + 1, items, hoisted),
                _ => {
                    let blocks = if child.value().name() == "dd" {
                        self.blocks(*child, depth + 1)
                    } else {
                        let mut blocks = Vec::new();
                        self.block_element(child, depth + 1, &mut blocks);
                        blocks
                    };
                    if blocks.is_empty() {
                        continue;
                    }
                    match items.last_mut() {
                        Some(item) => item.descriptions.push(blocks),
                        None => items.push(Definition {
                            terms: Vec::new(),
                            descriptions: vec![blocks],
                        }),
                    }
                }
            }
        }
    }

    fn list(&mut self, element: ElementRef<'_>, ordered: bool, depth: usize, out: &mut Vec<Block>) {
        let mut items = Vec::new();
        for child in element.children().filter_map(ElementRef::wrap) {
            if self.is_furniture(&child) {
                continue;
            }
            let blocks = if child.value().name() == "li" {
                self.blocks(*child, depth + 1)
            } else {
                let mut blocks = Vec::new();
                self.block_element(child, depth + 1, &mut blocks);
                blocks
            };
            if !blocks.is_empty() {
                items.push(blocks);
            }
        }
        if !items.is_empty() {
            let start = if ordered { list_start(element) } else { 1 };
            out.push(Block::List {
                ordered,
                start,
                items,
            });
        }
    }

    fn figure(&mut self, element: ElementRef<'_>, depth: usize, out: &mut Vec<Block>) {
        if let Some(quote) = quoted_in_figure(&element) {
            self.quote_figure(element, quote, depth, out);
            return;
        }
        let image = element
            .select(&selector("img"))
            .find_map(|img| self.image_ref(img))
            .or_else(|| {
                let (src, alt) = element
                    .select(&selector("noscript"))
                    .find_map(|noscript| picture_in_noscript(&noscript))?;
                Some(ImageRef {
                    src: resolve_url(self.base, &src)?,
                    alt,
                })
            })
            .or_else(|| {
                Some(ImageRef {
                    src: resolve_url(self.base, microdata_picture(&element)?)?,
                    alt: String::new(),
                })
            });
        let caption = element
            .select(&selector("figcaption"))
            .next()
            .or_else(|| element.select(&selector(FIGURE_CAPTION_SELECTOR)).next())
            .map(|caption| {
                let mut hoisted = Vec::new();
                let mut content = Vec::new();
                self.inline_children(caption, depth, &mut content, &mut hoisted);
                trim_inlines(content)
            })
            .unwrap_or_default();
        match image {
            Some(image) => out.push(Block::Figure { image, caption }),
            // A figure without a usable image (an embed, a chart in script) keeps its text.
            None => out.extend(self.blocks(*element, depth + 1)),
        }
    }

    /// A table of data: its caption, its header, body and footer rows (a `<tfoot>` wherever
    /// the page put it, rows of header cells atop a table without `<thead>` as its header),
    /// cells with their spans and blocks, and each column's alignment (the page's, or right
    /// for a column of numbers). A table that only lays out the page is walked as blocks.
    fn table(&mut self, element: ElementRef<'_>, depth: usize, out: &mut Vec<Block>) {
        if !is_data_table(&element) && is_layout_table(&element) {
            out.extend(self.blocks(*element, depth + 1));
            return;
        }
        let mut table = Table::default();
        // The page's alignment of each cell, in the order of `Table::cells`.
        let (mut head_aligns, mut body_aligns, mut foot_aligns) =
            (Vec::new(), Vec::new(), Vec::new());
        for child in element.children().filter_map(ElementRef::wrap) {
            let (rows, aligns) = match child.value().name() {
                "thead" => (&mut table.head, &mut head_aligns),
                "tfoot" => (&mut table.foot, &mut foot_aligns),
                "tbody" => (&mut table.body, &mut body_aligns),
                "tr" => {
                    let row = self.table_row(child, depth, &mut body_aligns);
                    table.body.push(row);
                    continue;
                }
                _ => continue,
            };
            for row in child
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|row| row.value().name() == "tr")
            {
                let row = self.table_row(row, depth, aligns);
                rows.push(row);
            }
        }
        // Without a `<thead>`, the rows of header cells atop the body are the header.
        if table.head.is_empty() {
            let header_rows = table
                .body
                .iter()
                .take_while(|row| !row.cells.is_empty() && row.cells.iter().all(|c| c.header))
                .count();
            if header_rows < table.body.len() {
                let cells: usize = table.body[..header_rows]
                    .iter()
                    .map(|r| r.cells.len())
                    .sum();
                table.head = table.body.drain(..header_rows).collect();
                head_aligns = body_aligns.drain(..cells).collect();
            }
        }
        // A cell spans no more columns than the row with the most cells has: one attribute
        // cannot widen a table of two columns to a thousand.
        let widest = table
            .rows()
            .map(|(_, row)| row.cells.len())
            .max()
            .unwrap_or(1);
        let widest = u32::try_from(widest).unwrap_or(MAX_COLSPAN).max(1);
        for rows in [&mut table.head, &mut table.body, &mut table.foot] {
            for cell in rows.iter_mut().flat_map(|row| &mut row.cells) {
                cell.colspan = cell.colspan.min(widest);
            }
            drop_empty_rows(rows);
            // A row span ends with its part.
            let count = rows.len();
            for (index, row) in rows.iter_mut().enumerate() {
                for cell in &mut row.cells {
                    cell.rowspan = cell
                        .rowspan
                        .min(u32::try_from(count - index).unwrap_or(u32::MAX));
                }
            }
        }
        table.caption = element
            .children()
            .filter_map(ElementRef::wrap)
            .find(|child| child.value().name() == "caption")
            .map(|c| {
                let mut hoisted = Vec::new();
                let mut content = Vec::new();
                self.inline_children(c, depth + 1, &mut content, &mut hoisted);
                trim_inlines(content)
            })
            .unwrap_or_default();
        if table.row_count() == 0 {
            return;
        }
        // A table of one cell that holds code only frames a listing (syntax highlighters
        // set their listings so).
        if let [only] = table.cells().collect::<Vec<_>>()[..] {
            let code = !only.blocks.is_empty()
                && only.blocks.iter().all(|b| matches!(b, Block::Code { .. }));
            if code && inlines_text(&table.caption).trim().is_empty() {
                out.extend(only.blocks.clone());
                return;
            }
        }
        let aligns: Vec<Option<ColumnAlign>> = head_aligns
            .into_iter()
            .chain(body_aligns)
            .chain(foot_aligns)
            .collect();
        table.columns = column_aligns(&table, &aligns);
        out.push(Block::Table(table));
    }

    /// One row of a table; the page's alignment of each of its cells is added to `aligns`.
    fn table_row(
        &mut self,
        row: ElementRef<'_>,
        depth: usize,
        aligns: &mut Vec<Option<ColumnAlign>>,
    ) -> TableRow {
        let cells = row
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|cell| matches!(cell.value().name(), "td" | "th"))
            .map(|cell| {
                aligns.push(cell_align(&cell));
                self.table_cell(cell, depth)
            })
            .collect();
        TableRow { cells }
    }

    /// One cell: its spans, whether it is a header (and of what), and its blocks. A picture
    /// in a cell stays in it, as a paragraph of its own.
    fn table_cell(&mut self, cell: ElementRef<'_>, depth: usize) -> TableCell {
        let value = cell.value();
        let span = |name: &str, most: u32| {
            value
                .attr(name)
                .and_then(|span| span.trim().parse::<u32>().ok())
                .map_or(1, |span| match span {
                    // A row span of 0 covers the rest of its part (clamped there later).
                    0 if name == "rowspan" => most,
                    span => span.clamp(1, most),
                })
        };
        let blocks = self
            .blocks(*cell, depth + 1)
            .into_iter()
            .flat_map(|block| match block {
                Block::Figure { image, caption } => {
                    let mut blocks = vec![Block::Paragraph {
                        content: vec![Inline::Image { image }],
                    }];
                    if !is_blank(&caption) {
                        blocks.push(Block::Paragraph { content: caption });
                    }
                    blocks
                }
                block => vec![block],
            })
            .collect();
        TableCell {
            header: value.name() == "th",
            scope: value.attr("scope").and_then(|scope| {
                match scope.trim().to_ascii_lowercase().as_str() {
                    "row" => Some(HeaderScope::Row),
                    "col" => Some(HeaderScope::Col),
                    "rowgroup" => Some(HeaderScope::RowGroup),
                    "colgroup" => Some(HeaderScope::ColGroup),
                    _ => None,
                }
            }),
            colspan: span("colspan", MAX_COLSPAN),
            rowspan: span("rowspan", MAX_ROWSPAN),
            blocks,
        }
    }

    /// The inline content of a block element; images inside are hoisted after it into `out`.
    fn inlines(
        &mut self,
        element: ElementRef<'_>,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> Vec<Inline> {
        let mut hoisted = Vec::new();
        let mut content = Vec::new();
        self.inline_children(element, depth, &mut content, &mut hoisted);
        out.extend(hoisted);
        trim_inlines(content)
    }

    fn inline_children(
        &mut self,
        element: ElementRef<'_>,
        depth: usize,
        content: &mut Vec<Inline>,
        hoisted: &mut Vec<Block>,
    ) {
        if depth > MAX_DEPTH {
            push_text(content, &flat_text(*element));
            return;
        }
        let in_prose = has_own_text(&element);
        for child in element.children() {
            match child.value() {
                Node::Text(text) => push_text(content, text),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        // Words inside a sentence are the sentence's, whatever their class
                        // says (`<a class="popup">` glossing a word): only hidden ones go.
                        let dropped = if in_prose && is_phrase(&child) {
                            let rule = never_content_rule(&child);
                            if let Some(rule) = rule {
                                self.removals.note_element(&child, rule);
                            }
                            rule.is_some()
                        } else {
                            self.is_furniture(&child)
                        };
                        if !dropped {
                            self.inline_element(child, depth + 1, content, hoisted);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Converts an inline element (or a block element met inside inline content, read as
    /// inline) into `content`; images become figures in `hoisted`.
    fn inline_element(
        &mut self,
        element: ElementRef<'_>,
        depth: usize,
        content: &mut Vec<Inline>,
        hoisted: &mut Vec<Block>,
    ) {
        let name = element.value().name();
        let mut children = Vec::new();
        if self.reading_notes && (is_backlink(&element) || is_note_label(&element)) {
            return;
        }
        if let Some(id) = self.notes.reference(element.id()) {
            content.push(Inline::NoteRef {
                label: reference_label(&element),
                id: id.to_string(),
            });
            return;
        }
        match name {
            "br" => content.push(Inline::LineBreak),
            "img" => {
                if let Some(image) = self.image_ref(element) {
                    if is_inline_picture(&element) {
                        content.push(Inline::Image { image });
                    } else {
                        hoisted.push(Block::Figure {
                            image,
                            caption: Vec::new(),
                        });
                    }
                }
            }
            "code" | "kbd" | "samp" | "tt" | "var" => {
                let text = collapse_inline_whitespace(&flat_text(*element));
                if !text.is_empty() {
                    content.push(Inline::Code { text });
                }
            }
            "em" | "i" | "cite" | "dfn" => {
                self.inline_children(element, depth, &mut children, hoisted);
                if !is_blank(&children) {
                    content.push(Inline::Emphasis { content: children });
                }
            }
            "strong" | "b" => {
                self.inline_children(element, depth, &mut children, hoisted);
                if !is_blank(&children) {
                    content.push(Inline::Strong { content: children });
                }
            }
            "sup" | "sub" | "del" | "s" | "strike" | "ins" | "q" | "mark" => {
                self.inline_children(element, depth, &mut children, hoisted);
                let is_note_mark = |inline: &Inline| match inline {
                    Inline::NoteRef { .. } => true,
                    Inline::Text { text } => text.trim().is_empty(),
                    _ => false,
                };
                let holds_reference = children
                    .iter()
                    .any(|inline| matches!(inline, Inline::NoteRef { .. }));
                if holds_reference && children.iter().all(is_note_mark) {
                    // A superscript holding only note references: each is raised already.
                    content.extend(
                        children
                            .into_iter()
                            .filter(|inline| matches!(inline, Inline::NoteRef { .. })),
                    );
                    return;
                }
                if is_blank(&children) {
                    return;
                }
                content.push(match name {
                    "sup" => Inline::Superscript { content: children },
                    "sub" => Inline::Subscript { content: children },
                    "ins" => Inline::Inserted { content: children },
                    "q" => Inline::Quoted { content: children },
                    "mark" => Inline::Highlight { content: children },
                    _ => Inline::Deleted { content: children },
                });
            }
            "abbr" | "acronym" => {
                self.inline_children(element, depth, &mut children, hoisted);
                let title = collapse_whitespace(element.value().attr("title").unwrap_or_default());
                if title.is_empty() || title == collapse_whitespace(&inlines_text(&children)) {
                    content.extend(children);
                } else if !is_blank(&children) {
                    content.push(Inline::Abbreviation {
                        title,
                        content: children,
                    });
                }
            }
            "ruby" => self.ruby(element, depth, content, hoisted),
            "a" if is_permalink_mark(&element, self.base) => {}
            "a" => {
                self.inline_children(element, depth, &mut children, hoisted);
                let href = element
                    .value()
                    .attr("href")
                    .and_then(|href| resolve_url(self.base, href));
                match href {
                    Some(href) if !is_blank(&children) => content.push(Inline::Link {
                        href,
                        content: children,
                    }),
                    _ => content.extend(children),
                }
            }
            _ if is_small_caps(&element) => {
                self.inline_children(element, depth, &mut children, hoisted);
                if !is_blank(&children) {
                    content.push(Inline::SmallCaps { content: children });
                }
            }
            _ => self.inline_children(element, depth, content, hoisted),
        }
    }

    /// `<ruby>`: each run of text followed by its reading (`<rt>`, or `<rtc>`) becomes an
    /// [`Inline::Ruby`]; the parentheses for browsers without ruby (`<rp>`) are dropped, and
    /// text without a reading stays plain text.
    fn ruby(
        &mut self,
        element: ElementRef<'_>,
        depth: usize,
        content: &mut Vec<Inline>,
        hoisted: &mut Vec<Block>,
    ) {
        let mut base = Vec::new();
        for child in element.children() {
            match child.value() {
                Node::Text(text) => push_text(&mut base, text),
                Node::Element(inner) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    match inner.name() {
                        "rp" => {}
                        "rt" | "rtc" => {
                            let annotation = collapse_whitespace(&flat_text(*child));
                            if annotation.is_empty() || is_blank(&base) {
                                content.append(&mut base);
                            } else {
                                content.push(Inline::Ruby {
                                    content: std::mem::take(&mut base),
                                    annotation,
                                });
                            }
                        }
                        _ => self.inline_element(child, depth + 1, &mut base, hoisted),
                    }
                }
                _ => {}
            }
        }
        content.append(&mut base);
    }

    /// The address and alt text of an `<img>`, honouring lazy-loading attributes, `srcset`,
    /// `<picture>` sources and a `<noscript>` copy of the picture, and skipping tracking pixels.
    fn image_ref(&self, img: ElementRef<'_>) -> Option<ImageRef> {
        let own = (!is_tracking_pixel(&img))
            .then(|| image_source(&img))
            .flatten()
            .map(|src| (src, alt_text(&img)));
        let (src, alt) = own.or_else(|| noscript_picture(&img))?;
        Some(ImageRef {
            src: resolve_url(self.base, &src)?,
            alt,
        })
    }
}

fn alt_text(img: &ElementRef) -> String {
    collapse_whitespace(img.value().attr("alt").unwrap_or_default())
}

/// The address an `<img>` shows (not yet resolved): a lazy-loading attribute, then the best
/// candidate of a lazy-loading `srcset` (whose `src` is only a placeholder), then `src`, else
/// the best `srcset` candidate of the image or of its `<picture>`'s `<source>`s.
fn image_source(img: &ElementRef) -> Option<String> {
    let value = img.value();
    let usable = |src: &&str| !src.trim().is_empty() && !src.trim_start().starts_with("data:");
    if let Some(src) = LAZY_SRC_ATTRIBUTES
        .iter()
        .filter_map(|attr| value.attr(attr))
        .find(usable)
    {
        return Some(src.trim().to_string());
    }
    if let Some(src) = LAZY_SRCSET_ATTRIBUTES
        .iter()
        .filter_map(|attr| value.attr(attr))
        .find_map(best_srcset_candidate)
    {
        return Some(src);
    }
    if let Some(src) = value.attr("src").filter(usable) {
        return Some(src.trim().to_string());
    }
    let mut picture_sources: Vec<(u8, ElementRef)> = img
        .parent()
        .and_then(ElementRef::wrap)
        .filter(|parent| parent.value().name() == "picture")
        .into_iter()
        .flat_map(|picture| picture.children().filter_map(ElementRef::wrap))
        .filter(|child| child.value().name() == "source")
        .filter_map(|source| Some((picture_type_rank(&source)?, source)))
        .collect();
    // A stable sort: sources of the same rank keep the page's order.
    picture_sources.sort_by_key(|(rank, _)| *rank);
    std::iter::once(*img)
        .chain(picture_sources.into_iter().map(|(_, source)| source))
        .flat_map(|element| {
            LAZY_SRCSET_ATTRIBUTES
                .iter()
                .copied()
                .chain(["srcset"])
                .filter_map(move |attr| element.value().attr(attr))
        })
        .find_map(best_srcset_candidate)
}

/// How much a `<picture>`'s `<source>` is wanted, by its `type`: common formats (JPEG, PNG,
/// WebP, or no type given) first, AVIF after them (it is decoded too, but slowly, and pages that
/// offer it nearly always offer a common format as well), and `None` for formats cleancopy
/// cannot read (JPEG XL, HEIC).
fn picture_type_rank(source: &ElementRef) -> Option<u8> {
    let Some(kind) = source.value().attr("type") else {
        return Some(0);
    };
    let kind = kind.trim().to_ascii_lowercase();
    if UNREADABLE_PICTURE_TYPES
        .iter()
        .any(|unreadable| kind.starts_with(unreadable))
    {
        None
    } else if kind.starts_with("image/avif") {
        Some(1)
    } else {
        Some(0)
    }
}

/// The width a picture is chosen for: enough for an e-reader page, no more.
pub const PREFERRED_PICTURE_WIDTH: f32 = 1600.0;

/// The `srcset` candidate closest to an e-reader's needs: the widest up to
/// [`PREFERRED_PICTURE_WIDTH`] (or 2x density), else the narrowest above it.
pub fn best_srcset_candidate(srcset: &str) -> Option<String> {
    let candidates: Vec<(String, f32)> = srcset
        .split(',')
        .filter_map(|candidate| {
            let mut parts = candidate.split_whitespace();
            let url = parts.next()?;
            if url.starts_with("data:") {
                return None;
            }
            let size = match parts.next() {
                Some(d) if d.ends_with('w') => d.trim_end_matches('w').parse::<f32>().ok()?,
                Some(d) if d.ends_with('x') => {
                    d.trim_end_matches('x').parse::<f32>().ok()? * PREFERRED_PICTURE_WIDTH / 2.0
                }
                _ => PREFERRED_PICTURE_WIDTH / 2.0,
            };
            Some((url.to_string(), size))
        })
        .collect();
    let within = candidates
        .iter()
        .filter(|(_, size)| *size <= PREFERRED_PICTURE_WIDTH)
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let above = candidates
        .iter()
        .filter(|(_, size)| *size > PREFERRED_PICTURE_WIDTH)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    within.or(above).map(|(url, _)| url.clone())
}

/// The picture of a `<noscript>` right after `img` (the usual lazy-loading fallback): its
/// address and alt text. The parser keeps a `<noscript>`'s content as text, so it is parsed
/// here on its own.
fn noscript_picture(img: &ElementRef) -> Option<(String, String)> {
    let noscript = img
        .next_siblings()
        .filter_map(ElementRef::wrap)
        .next()
        .filter(|sibling| sibling.value().name() == "noscript")?;
    picture_in_noscript(&noscript)
}

/// The first picture inside a `<noscript>` element: its address and alt text.
fn picture_in_noscript(noscript: &ElementRef) -> Option<(String, String)> {
    let markup: String = noscript.text().collect();
    if !markup.contains("<img") {
        return None;
    }
    let fragment = Html::parse_fragment(&limit_nesting(&markup, MAX_NESTING));
    let found = fragment.select(&selector("img")).find_map(|inner| {
        (!is_tracking_pixel(&inner))
            .then(|| image_source(&inner))
            .flatten()
            .map(|src| (src, alt_text(&inner)))
    });
    found
}

/// The picture a figure names only in schema.org microdata, as an `ImageObject` whose
/// `itemid` is the picture's address: pages that leave the `<img>` for a script to add.
/// Only an address ending in a picture's file name counts.
fn microdata_picture<'a>(figure: &ElementRef<'a>) -> Option<&'a str> {
    let value = figure.value();
    if !value
        .attr("itemtype")
        .is_some_and(|kind| kind.trim_end().ends_with("/ImageObject"))
    {
        return None;
    }
    let address = value.attr("itemid")?.trim();
    let path = address.split(['?', '#']).next().unwrap_or_default();
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    PICTURE_EXTENSIONS
        .contains(&extension.as_str())
        .then_some(address)
}

/// The element of a `<blockquote>` that names its source: a `<footer>` or an element classed
/// as an attribution among its children, a `<cite>` with nothing after it, or a short last
/// paragraph that opens with a dash, after other text.
fn quote_attribution<'a>(quote: &ElementRef<'a>) -> Option<ElementRef<'a>> {
    let children: Vec<ElementRef<'a>> = quote.children().filter_map(ElementRef::wrap).collect();
    if let Some(marked) = children.iter().find(|child| {
        child.value().name() == "footer"
            || child
                .value()
                .attr("class")
                .is_some_and(is_attribution_class)
    }) {
        return Some(*marked);
    }
    let last = *children.last()?;
    let text_after = last
        .next_siblings()
        .any(|node| node.value().as_text().is_some_and(|t| !t.trim().is_empty()));
    if text_after || children.len() < 2 {
        return None;
    }
    let text_of = |element: &ElementRef| element.text().collect::<String>();
    let is_dashed_line = last.value().name() == "p" && {
        let others: Vec<String> = children[..children.len() - 1].iter().map(text_of).collect();
        let others: Vec<&str> = others.iter().map(String::as_str).collect();
        attribution_line(&text_of(&last), &others).is_some()
    };
    (last.value().name() == "cite" || is_dashed_line).then_some(last)
}

/// The `<blockquote>` of a `<figure>` that quotes (one with a `<figcaption>` and no picture
/// outside the quotation).
fn quoted_in_figure<'a>(figure: &ElementRef<'a>) -> Option<ElementRef<'a>> {
    let children: Vec<ElementRef<'a>> = figure.children().filter_map(ElementRef::wrap).collect();
    let quote = children
        .iter()
        .find(|child| child.value().name() == "blockquote")?;
    let has_caption = children
        .iter()
        .any(|child| child.value().name() == "figcaption");
    let picture_outside = children.iter().any(|child| {
        child.value().name() != "blockquote" && child.select(&selector("img")).next().is_some()
            || child.value().name() == "img"
    });
    (has_caption && !picture_outside).then_some(*quote)
}

/// Whether an element sets its text in small capitals, by its style or its class.
fn is_small_caps(element: &ElementRef) -> bool {
    let value = element.value();
    value.attr("class").is_some_and(is_small_caps_class)
        || value.attr("style").is_some_and(|style| {
            style
                .to_ascii_lowercase()
                .replace(' ', "")
                .contains(SMALL_CAPS_STYLE)
        })
}

/// Whether a link is a permalink mark: the "¶", "#" or "🔗" (or icon, or nothing visible) that
/// pages put beside a heading or at the end of a paragraph to give a link to that place,
/// pointing at the page itself or classed as one; or a word such as "permalink" classed as
/// one, or pointing at the page from a heading or from the end of a paragraph (there only if
/// it is more than a bare "link"). A link holding a picture is never one.
fn is_permalink_mark(link: &ElementRef, base: Option<&Url>) -> bool {
    if link.select(&selector("img")).next().is_some() {
        return false;
    }
    let text: String = link.text().collect();
    let Some(kind) = permalink_text(&text) else {
        return false;
    };
    let classed = link.value().attr("class").is_some_and(is_permalink_class);
    let to_this_page = link
        .value()
        .attr("href")
        .is_some_and(|href| links_within_page(href, base));
    match kind {
        PermalinkText::Sign => classed || to_this_page,
        PermalinkText::Word => {
            let word = collapse_whitespace(&text).to_lowercase();
            classed
                || (to_this_page && (in_heading(link) || (word != "link" && ends_its_block(link))))
        }
    }
}

/// Whether `href` points at a place on the page itself: a bare fragment, or the page's own
/// address with one.
fn links_within_page(href: &str, base: Option<&Url>) -> bool {
    let href = href.trim();
    if href.starts_with('#') {
        return true;
    }
    let (Some(base), true) = (base, href.contains('#')) else {
        return false;
    };
    let Ok(mut target) = base.join(href) else {
        return false;
    };
    let mut page = base.clone();
    target.set_fragment(None);
    page.set_fragment(None);
    target == page
}

/// Whether the element sits inside a heading.
fn in_heading(element: &ElementRef) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| matches!(a.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
}

/// Whether no text follows the element in the block it is part of (its nearest block
/// ancestor).
fn ends_its_block(element: &ElementRef) -> bool {
    let mut node = **element;
    loop {
        let text_after = node.next_siblings().any(|sibling| match sibling.value() {
            Node::Text(text) => !text.trim().is_empty(),
            Node::Element(_) => sibling.descendants().any(|inner| {
                inner
                    .value()
                    .as_text()
                    .is_some_and(|text| !text.trim().is_empty())
            }),
            _ => false,
        });
        if text_after {
            return false;
        }
        match node.parent() {
            Some(parent)
                if parent
                    .value()
                    .as_element()
                    .is_some_and(|e| !BLOCK_ELEMENTS.contains(&e.name())) =>
            {
                node = parent
            }
            _ => return true,
        }
    }
}

/// Whether the element sits inside a `<figure>`.
fn in_figure(element: &ElementRef) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "figure")
}

/// A table used for page layout: it holds nested tables or block content in its cells.
/// The most columns a cell may span, as HTML has it.
const MAX_COLSPAN: u32 = 1000;

/// The most rows a cell may span, as HTML has it.
const MAX_ROWSPAN: u32 = 65534;

/// Removes the rows that hold no words and no picture, unless a cell of the part spans rows
/// (an empty row then still takes its place in the grid).
fn drop_empty_rows(rows: &mut Vec<TableRow>) {
    if rows
        .iter()
        .flat_map(|row| &row.cells)
        .any(|cell| cell.rowspan > 1)
    {
        return;
    }
    rows.retain(|row| {
        row.cells.iter().any(|cell| {
            cell.blocks.iter().any(|block| {
                let mut words = false;
                block.for_each_text(&mut |text| words |= !text.trim().is_empty());
                block.for_each_inlines(&mut |content| words |= has_image(content));
                words
            })
        })
    });
}

/// The alignment a page gives a cell (`align`, or `text-align` in its style), if any.
fn cell_align(cell: &ElementRef) -> Option<ColumnAlign> {
    let value = cell.value();
    let style = value
        .attr("style")
        .map(|style| style.to_ascii_lowercase().replace(' ', ""));
    let stated = value
        .attr("align")
        .map(|align| align.trim().to_ascii_lowercase())
        .or_else(|| {
            let style = style?;
            let at = style.find("text-align:")?;
            let rest = &style[at + "text-align:".len()..];
            Some(rest.split(';').next().unwrap_or_default().to_string())
        })?;
    match stated.trim_end_matches("!important") {
        "left" | "start" => Some(ColumnAlign::Left),
        "center" | "middle" => Some(ColumnAlign::Center),
        "right" | "end" => Some(ColumnAlign::Right),
        _ => None,
    }
}

/// Each column's alignment: the one the page gives all the column's body and footer cells
/// that hold words, else right for a column whose body and footer cells are all numbers, else as the text
/// runs. Cells spanning several columns say nothing about one. `aligns` is the page's
/// alignment of each cell, in the order of [`Table::cells`].
fn column_aligns(table: &Table, aligns: &[Option<ColumnAlign>]) -> Vec<ColumnAlign> {
    let (grid, width) = table.grid();
    let mut stated: Vec<Option<Option<ColumnAlign>>> = vec![None; width];
    let mut numbers = vec![0_usize; width];
    let mut words = vec![0_usize; width];
    for (placed, align) in grid.iter().zip(aligns) {
        if placed.columns != 1 {
            continue;
        }
        let text: String = {
            let mut text = String::new();
            for block in &placed.cell.blocks {
                block.for_each_text(&mut |part| {
                    text.push_str(part);
                    text.push(' ');
                });
            }
            text
        };
        if text.trim().is_empty() {
            continue;
        }
        let column = placed.column;
        if placed.part == TablePart::Head || placed.cell.header {
            continue;
        }
        stated[column] = match stated[column] {
            None => Some(*align),
            Some(before) if before == *align => Some(before),
            Some(_) => Some(None),
        };
        if is_placeholder(&text) {
            continue;
        }
        if is_number(&text) {
            numbers[column] += 1;
        } else {
            words[column] += 1;
        }
    }
    let columns: Vec<ColumnAlign> = (0..width)
        .map(|column| match stated[column] {
            Some(Some(align)) => align,
            _ if numbers[column] > 0 && words[column] == 0 => ColumnAlign::Right,
            _ => ColumnAlign::Auto,
        })
        .collect();
    if columns.iter().all(|align| *align == ColumnAlign::Auto) {
        Vec::new()
    } else {
        columns
    }
}

/// Characters a number in a table may have beside its digits: separators, signs, percent
/// and currency signs, and the units of counting and of currency East Asian prices are
/// written with ("1,200円", "15,000원", "3万").
const NUMBER_MARKS: &str = ".,'’·\u{a0}\u{202f} +-−–±%‰()$€£¥₩₹¢₽₺₫₱฿円원元万億兆圓";

/// Whether a cell's text is a number (an amount, a price, a percentage).
fn is_number(text: &str) -> bool {
    let text = text.trim();
    text.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && text.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || c.is_whitespace()
                || NUMBER_MARKS.contains(c)
        })
}

/// Whether a cell's text only stands for a missing value ("—", "-", "n/a").
fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    text.chars()
        .all(|c| matches!(c, '-' | '–' | '—' | '−' | '/' | '.'))
        || text.eq_ignore_ascii_case("n/a")
}

fn is_layout_table(table: &ElementRef) -> bool {
    table
        .select(&selector(LAYOUT_TABLE_CONTENT_SELECTOR))
        .next()
        .is_some()
        || table.value().attr("role") == Some("presentation")
}

/// A `<pre>` block, its text kept line for line, with a language from `language-*` classes.
fn code_block(element: ElementRef<'_>) -> Block {
    let language = std::iter::once(element)
        .chain(element.select(&selector("code")))
        .filter_map(|e| e.value().attr("class"))
        .flat_map(str::split_whitespace)
        .find_map(|class| {
            CODE_LANGUAGE_PREFIXES
                .iter()
                .find_map(|prefix| class.strip_prefix(prefix))
        })
        .map(str::to_string);
    let text = flat_text(*element);
    let text = text
        .strip_prefix('\n')
        .unwrap_or(&text)
        .trim_end()
        .to_string();
    Block::Code { language, text }
}

/// All text under a node, as written (iterative, so deep trees are safe).
fn flat_text(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for descendant in node.descendants() {
        match descendant.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// Appends HTML text with whitespace collapsed the way a browser shows it.
fn push_text(content: &mut Vec<Inline>, raw: &str) {
    let text = collapse_inline_whitespace(raw);
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text { text: last }) = content.last_mut() {
        if last.ends_with(' ') && text.starts_with(' ') {
            last.push_str(&text[1..]);
        } else {
            last.push_str(&text);
        }
    } else {
        content.push(Inline::text(text));
    }
}

/// Collapses runs of HTML whitespace (not non-breaking spaces) to a single space.
fn collapse_inline_whitespace(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_space = false;
    for c in raw.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// Whether the content ends with a line break, ignoring trailing spaces.
fn ends_with_break(content: &[Inline]) -> bool {
    content
        .iter()
        .rev()
        .find(|inline| !matches!(inline, Inline::Text { text } if text.trim().is_empty()))
        .is_some_and(|inline| matches!(inline, Inline::LineBreak))
}

/// Pushes the pending inline content as a paragraph unless it is blank.
fn flush_paragraph(pending: &mut Vec<Inline>, out: &mut Vec<Block>) {
    let content = trim_inlines(std::mem::take(pending));
    if !is_blank(&content) {
        out.push(Block::Paragraph { content });
    }
}

/// The most characters of text a picture's wrapper holds besides the picture ("Enlarge").
const MAX_TEXT_BESIDE_PICTURE: usize = 20;

/// Whether an element is a picture shown in the text: an `<img>`, `<picture>` or `<video>`,
/// or a wrapper holding one picture and next to no text.
fn is_picture(element: &ElementRef, stats: &PageStats) -> bool {
    let own = stats.of(**element);
    matches!(element.value().name(), "img" | "picture" | "video")
        || (own.images == 1 && own.text <= MAX_TEXT_BESIDE_PICTURE)
}

fn is_blank(content: &[Inline]) -> bool {
    inlines_text(content).trim().is_empty() && !has_image(content)
}

/// Removes leading and trailing spaces and line breaks of a run of inlines.
fn trim_inlines(mut content: Vec<Inline>) -> Vec<Inline> {
    loop {
        let before = content.len();
        trim_edge(&mut content, true);
        trim_edge(&mut content, false);
        content.retain(|inline| !matches!(inline, Inline::Text { text } if text.is_empty()));
        if matches!(content.first(), Some(Inline::LineBreak)) {
            content.remove(0);
        }
        if matches!(content.last(), Some(Inline::LineBreak)) {
            content.pop();
        }
        if content.len() == before {
            return content;
        }
    }
}

fn trim_edge(content: &mut [Inline], start: bool) {
    let edge = if start {
        content.first_mut()
    } else {
        content.last_mut()
    };
    match edge {
        Some(Inline::Text { text }) => {
            *text = if start {
                text.trim_start().to_string()
            } else {
                text.trim_end().to_string()
            }
        }
        Some(inline) => {
            if let Some(content) = inline.children_mut() {
                trim_edge(content, start)
            }
        }
        None => {}
    }
}

/// The text of a heading that opens the body, before any paragraph: a title the page's
/// metadata did not give.
fn first_heading_text(blocks: &[Block]) -> Option<String> {
    match blocks.first()? {
        Block::Heading { content, .. } => Some(collapse_whitespace(&inlines_text(content))),
        _ => None,
    }
}

/// Removes a heading that repeats the title (the page's `<h1>`), when it comes before the
/// text, and a paragraph right under it that repeats the heading (a theme's `p.titulo`). A
/// title cut short with an ellipsis ("… the northern route...") takes the heading's words in
/// full.
fn drop_title_heading(blocks: &mut Vec<Block>, title: &mut String, removals: &mut Removals) {
    let wanted = title_words(title);
    if wanted.is_empty() {
        return;
    }
    let heading = blocks
        .iter()
        .take(4)
        .position(|block| is_title_heading(block, &wanted));
    let Some(index) = heading else {
        return;
    };
    let heading = blocks.remove(index);
    let heading_text = match &heading {
        Block::Heading { content, .. } => collapse_whitespace(&inlines_text(content)),
        _ => String::new(),
    };
    let heading_words = title_words(&heading_text);
    if ends_with_ellipsis(title) && heading_words.len() > wanted.len() {
        *title = heading_text;
    }
    removals.note_block(&heading, "repeated-title");
    let repeats_heading = |block: &Block| {
        matches!(block, Block::Paragraph { content }
            if title_words(&inlines_text(content)) == heading_words)
    };
    if blocks.get(index).is_some_and(repeats_heading) {
        let repeat = blocks.remove(index);
        removals.note_block(&repeat, "repeated-title");
    }
}

/// The least prose under its headline that makes a short pass's result the article rather
/// than a heading and a date line.
const MIN_TITLED_CHARS: usize = 100;

/// Whether `blocks` open with a heading that is the article's `title` (among the first
/// blocks, as [`drop_title_heading`] finds it).
fn opens_with_title(blocks: &[Block], title: &str) -> bool {
    let wanted = title_words(title);
    !wanted.is_empty()
        && blocks
            .iter()
            .take(4)
            .any(|block| is_title_heading(block, &wanted))
}

/// Whether `block` is a heading spelling the title whose [`title_words`] are `wanted` (or
/// its start, or the title its start).
fn is_title_heading(block: &Block, wanted: &str) -> bool {
    match block {
        Block::Heading { content, .. } => {
            let text = title_words(&inlines_text(content));
            !text.is_empty()
                && (text == wanted || wanted.starts_with(&text) || text.starts_with(wanted))
        }
        _ => false,
    }
}

/// Whether `text` ends with an ellipsis ("…" or "...").
fn ends_with_ellipsis(text: &str) -> bool {
    let text = text.trim_end();
    text.ends_with('…') || text.ends_with("...")
}

/// `title` for comparing with a heading: lowercase, whitespace collapsed, and without the
/// ellipsis a cut title ends with ("..." and "…" alike).
fn title_words(title: &str) -> String {
    let lower = collapse_whitespace(title).to_lowercase();
    lower.trim_end_matches(['…', '.', ' ']).to_string()
}

/// Drops widget paragraphs and related-link boxes that survived the class rules, and lifts a
/// lone photo-credit paragraph into metadata; each noted in `removals`.
fn strip_boilerplate_blocks(
    blocks: &mut Vec<Block>,
    credit: &mut Option<String>,
    removals: &mut Removals,
) {
    let mut kept = Vec::with_capacity(blocks.len());
    let mut drop_next_list = false;
    for mut block in blocks.drain(..) {
        if let Block::Paragraph { content } = &mut block {
            if let Some(found) = cut_trailing_copyright_credit(content) {
                removals.note_text(&found, "photo-credit");
                credit.get_or_insert(found);
            }
        }
        let text = match &block {
            Block::Paragraph { content } | Block::Heading { content, .. } => {
                Some(without_soft_hyphens(inlines_text(content)))
            }
            _ => None,
        };
        if let Some(text) = text {
            let is_paragraph = matches!(&block, Block::Paragraph { .. });
            let rule = if is_related_heading(&text) {
                drop_next_list = true;
                Some("related-links")
            } else if let Some(rule) = widget_rule(&text).or_else(|| boilerplate_rule(&text)) {
                Some(rule)
            } else if is_taxonomy_line(&text) {
                Some("tags")
            } else if is_paragraph && is_byline_line(&text) {
                Some("byline")
            } else if is_paragraph && is_date_line(&text) {
                Some("date-line")
            } else if matches!(&block, Block::Paragraph { content } if is_teaser_paragraph(content))
            {
                Some("teaser")
            } else if let Some(found) = credit_line(&text) {
                credit.get_or_insert(found);
                Some("photo-credit")
            } else {
                None
            };
            if let Some(rule) = rule {
                removals.note_block(&block, rule);
                continue;
            }
        }
        if drop_next_list && matches!(block, Block::List { .. }) {
            drop_next_list = false;
            removals.note_block(&block, "related-links");
            continue;
        }
        drop_next_list = false;
        kept.push(block);
    }
    *blocks = kept;
}

/// The text without its soft hyphens (U+00AD), the hints where a word may break that pages
/// set inside words ("Illus\u{ad}tra\u{ad}tion"): the wording rules read the words as a
/// reader sees them.
fn without_soft_hyphens(text: String) -> String {
    if text.contains(SOFT_HYPHEN) {
        text.replace(SOFT_HYPHEN, "")
    } else {
        text
    }
}

/// The soft hyphen, a place where a word may break, invisible otherwise.
const SOFT_HYPHEN: char = '\u{ad}';

/// Cuts the copyright credit a caption ends with ("The pier at dusk. | © Agency/Jo Kim",
/// see [`trailing_copyright_credit`]) from the paragraph's last run of text, and returns it:
/// the credit is the picture's, not part of what the caption says. A caption that is
/// labelled like a credit ("Bild: The pier at dusk | © Agency") stays whole, so that it is
/// not taken for a credit line once its tail is gone.
fn cut_trailing_copyright_credit(content: &mut Vec<Inline>) -> Option<String> {
    let whole = inlines_text(content);
    let Some(Inline::Text { text }) = content.last_mut() else {
        return None;
    };
    let (bar, found) = trailing_copyright_credit(text)?;
    let caption = whole.get(..whole.len().checked_sub(text.len() - bar)?)?;
    if credit_line(caption).is_some() {
        return None;
    }
    let found = found.to_string();
    text.truncate(bar);
    let kept = text.trim_end().len();
    text.truncate(kept);
    if text.is_empty() {
        content.pop();
    }
    Some(found)
}

/// The most words a paragraph that is one link may have to be taken for a teaser.
const MAX_TEASER_WORDS: usize = 16;

/// A short paragraph that is nothing but a link: a headline pointing at another article.
/// `links` are the texts of its links.
fn is_link_teaser(content: &[Inline], links: &[String]) -> bool {
    let total = inlines_text(content);
    let words = total.split_whitespace().count();
    if words == 0 || words > MAX_TEASER_WORDS {
        return false;
    }
    let linked: usize = links.iter().map(|link| link.trim().chars().count()).sum();
    linked * 10 >= total.trim().chars().count() * 9
}

/// The most capital letters of label between the links of a row of teasers, per link
/// ("\[PICTURES\]", "VIDEO").
const MAX_TEASER_LABEL_CHARS: usize = 12;

/// The number of an ordered list's first item: its `start` attribute when that is a number
/// a reader could follow (0 to 1,000,000), else 1.
fn list_start(element: ElementRef<'_>) -> u32 {
    element
        .value()
        .attr("start")
        .and_then(|start| start.trim().parse::<u32>().ok())
        .filter(|start| *start <= 1_000_000)
        .unwrap_or(1)
}

/// Whether an element that is not a block holds blocks of its own: a made-up or custom tag
/// (`<block>`, `<story-text>`) or a misused inline one (`<span><p>…</p><p>…</p></span>`)
/// around paragraphs. Walked as a container, its paragraphs stay apart instead of running
/// into one. A link around blocks (a card) stays one linked paragraph.
fn holds_blocks(element: &ElementRef) -> bool {
    element.value().name() != "a" && has_block_child(element)
}

/// The fewest words of a headline in a row of teasers: "Learn more" and "Try it now" are
/// buttons, which a row of them does not make a row of teasers.
const MIN_HEADLINE_WORDS: usize = 4;

/// A paragraph that is a row of headlines linking elsewhere: two links or more, each of a
/// headline's length, with nothing between them but punctuation and labels in capitals
/// ("<a>…</a> \[INSIGHT\] | <a>…</a> \[VIDEO\]"). Words of a sentence between the links
/// ("see <a>the report</a> and <a>the data</a>") make it text.
fn is_teaser_row(links: &[String], between: &str) -> bool {
    if links.len() < 2
        || links.iter().any(|link| {
            let words = link.split_whitespace().count();
            !(MIN_HEADLINE_WORDS..=MAX_TEASER_WORDS).contains(&words)
        })
    {
        return false;
    }
    let mut label_chars = 0;
    for c in between.chars().filter(|c| c.is_alphanumeric()) {
        if !c.is_uppercase() {
            return false;
        }
        label_chars += 1;
    }
    label_chars <= MAX_TEASER_LABEL_CHARS * links.len()
}

/// A paragraph that points elsewhere instead of saying something: a lone short link (a
/// teaser) or a row of linked headlines. `content` is split into links and the rest once, for
/// both checks.
fn is_teaser_paragraph(content: &[Inline]) -> bool {
    let mut links = Vec::new();
    let mut between = String::new();
    split_link_text(content, &mut links, &mut between);
    !links.is_empty() && (is_link_teaser(content, &links) || is_teaser_row(&links, &between))
}

/// Link schemes that give an address to write to or call, not a page to read: such a link is
/// the text's own information (a contact), never a teaser.
const ADDRESS_LINK_SCHEMES: &[&str] = &["mailto:", "tel:"];

/// Sorts the text of `content` into the text of each link and the text outside links. An
/// e-mail address or a telephone number counts as text, not as a link.
fn split_link_text(content: &[Inline], links: &mut Vec<String>, between: &mut String) {
    walk_inlines(content, &mut |node| match node {
        ModelNode::Inline(Inline::Link { href, content })
            if !ADDRESS_LINK_SCHEMES.iter().any(|scheme| {
                href.get(..scheme.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
            }) =>
        {
            links.push(inlines_text(content));
            Walk::SkipChildren
        }
        ModelNode::Inline(Inline::Text { text } | Inline::Code { text }) => {
            between.push_str(text);
            Walk::Continue
        }
        _ => Walk::Continue,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(doc: &Document) -> Vec<String> {
        let mut out = Vec::new();
        for block in &doc.blocks {
            block.for_each_text(&mut |t| out.push(t.to_string()));
        }
        out
    }

    const FILLER: &str = "This sentence is here so the article has enough text to be chosen as the content of the page by the normalizer.";

    #[test]
    fn article_element_is_preferred_over_page_chrome() {
        let page = format!(
            "<html><body><nav><a href='/'>Home</a></nav><div class='promo'>Buy now</div>
             <article><h1>Headline</h1><p>{FILLER}</p><p>Second paragraph here.</p></article>
             <footer>Copyright</footer></body></html>"
        );
        let doc = normalize(&page, None);
        assert_eq!(doc.meta.title, "Headline");
        assert_eq!(
            texts(&doc),
            vec![FILLER.to_string(), "Second paragraph here.".into()]
        );
    }

    #[test]
    fn share_and_related_boxes_are_removed_by_class() {
        let page = format!(
            "<article><p>{FILLER}</p><div class='share-buttons'><a href='#'>Facebook</a></div>
             <div class='related-posts'><ul><li>Other story</li></ul></div>
             <div id='comments'><p>First!</p></div></article>"
        );
        let doc = normalize(&page, None);
        assert_eq!(texts(&doc), vec![FILLER.to_string()]);
    }

    #[test]
    fn scripts_styles_and_forms_never_reach_the_document() {
        let page = format!(
            "<article><p>{FILLER}</p><script>alert(1)</script><style>p{{}}</style>
             <form><input value='x'><p>Sign in</p></form><iframe src='x'></iframe></article>"
        );
        let joined = texts(&normalize(&page, None)).join(" ");
        assert!(
            !joined.contains("alert") && !joined.contains("Sign in"),
            "{joined}"
        );
    }

    #[test]
    fn structure_is_kept() {
        let page = format!(
            "<article><p>{FILLER}</p><h2>Sub</h2><blockquote><p>Quoted.</p></blockquote>
             <ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>
             <figure><img src='a.jpg' alt='A cat'><figcaption>The cat.</figcaption></figure>
             <table><tr><th>K</th><th>V</th></tr><tr><td>a</td><td>1</td></tr></table>
             <pre class='language-rust'>fn main() {{\n    x();\n}}</pre><hr></article>"
        );
        let doc = normalize(&page, Some("https://example.org/news/story.html"));
        let kinds: Vec<&str> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { .. } => "p",
                Block::Heading { .. } => "h",
                Block::Quote { .. } => "quote",
                Block::List { ordered: false, .. } => "ul",
                Block::List { ordered: true, .. } => "ol",
                Block::Figure { .. } => "figure",
                Block::Table(_) => "table",
                Block::Code { .. } => "code",
                Block::DefinitionList { .. } => "dl",
                Block::Rule => "hr",
                Block::Notes { .. } => "notes",
            })
            .collect();
        assert_eq!(
            kinds,
            ["p", "h", "quote", "ul", "ol", "figure", "table", "code", "hr"]
        );
        match &doc.blocks[5] {
            Block::Figure { image, caption } => {
                assert_eq!(image.src, "https://example.org/news/a.jpg");
                assert_eq!(image.alt, "A cat");
                assert_eq!(inlines_text(caption), "The cat.");
            }
            other => panic!("{other:?}"),
        }
        match &doc.blocks[7] {
            Block::Code { language, text } => {
                assert_eq!(language.as_deref(), Some("rust"));
                assert_eq!(text, "fn main() {\n    x();\n}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn inline_markup_becomes_inlines() {
        let page = format!(
            "<article><p>{FILLER}</p><p>An <em>odd</em> and <strong>bold</strong> <a href='/x'>link</a>
             with <code>code</code><br>and a break.</p></article>"
        );
        let doc = normalize(&page, Some("https://example.org/a/b"));
        let Block::Paragraph { content } = &doc.blocks[1] else {
            panic!("{:?}", doc.blocks)
        };
        assert!(content.contains(&Inline::Emphasis {
            content: vec![Inline::text("odd")]
        }));
        assert!(content.contains(&Inline::Link {
            href: "https://example.org/x".into(),
            content: vec![Inline::text("link")]
        }));
        assert!(content.contains(&Inline::Code {
            text: "code".into()
        }));
        assert!(content.contains(&Inline::LineBreak));
    }

    #[test]
    fn words_inside_a_sentence_stay_whatever_their_class_but_hidden_ones_go() {
        let page = format!(
            "<article><p>{FILLER}</p><p>The nature of my <a class='popup' \
             href='javascript:void(0)'>avocations</a> for thirty years brought me into \
             <em class='share'>more</em> than ordinary contact<a class='popup' \
             style='display:none'> with secrets</a>.</p></article>"
        );
        let doc = normalize(&page, Some("https://example.org/"));
        assert_eq!(
            texts(&doc)[1],
            "The nature of my avocations for thirty years brought me into more than ordinary contact."
        );
    }

    #[test]
    fn javascript_and_file_links_lose_their_address() {
        let page = format!(
            "<article><p>{FILLER} <a href='javascript:alert(1)'>bad</a> <a href='file:///etc/passwd'>local</a></p></article>"
        );
        let doc = normalize(&page, Some("https://example.org/"));
        let Block::Paragraph { content } = &doc.blocks[0] else {
            panic!()
        };
        assert!(content.iter().all(|i| !matches!(i, Inline::Link { .. })));
    }

    #[test]
    fn hidden_elements_and_widget_paragraphs_are_dropped() {
        let page = format!(
            "<article><p>{FILLER}</p><p style='display: none'>Secret</p><p hidden>Also</p>
             <p>Print Friendly, PDF &amp; Email</p><p>[Photo: Wire / Jo]</p></article>"
        );
        let doc = normalize(&page, None);
        assert_eq!(texts(&doc), vec![FILLER.to_string()]);
        assert_eq!(doc.meta.image_credit.as_deref(), Some("Photo: Wire / Jo"));
    }

    #[test]
    fn a_quoted_post_stays_even_in_a_wrapper_named_social_but_a_share_bar_goes() {
        let page = format!(
            "<article><p>{FILLER}</p><div class='social-media-embed'>\
             <blockquote class='twitter-tweet'><p>The pier is open again!</p>\
             &mdash; Harbour Office (@harbour) <a href='https://x.example/s/1'>May 2</a>\
             </blockquote></div><div class='social-share'><a href='/s'>Share on Facebook</a>\
             <a href='/t'>Post to X</a></div><p>Boats were back by noon.</p></article>"
        );
        let doc = normalize(&page, None);
        let mut quoted = Vec::new();
        for block in &doc.blocks {
            if let Block::Quote { blocks, .. } = block {
                blocks
                    .iter()
                    .for_each(|b| b.for_each_text(&mut |t| quoted.push(t.to_string())));
            }
        }
        assert_eq!(
            quoted.first().map(String::as_str),
            Some("The pier is open again!")
        );
        let all = texts(&doc).join(" ");
        assert!(!all.contains("Share on Facebook"), "{all}");
        assert!(all.contains("Boats were back by noon."));
    }

    #[test]
    fn an_authors_bio_under_the_article_goes_but_the_same_words_inside_it_stay() {
        let page = format!(
            "<article><p>{FILLER}</p><p>Jo Kim is a reporter for the Harbour Gazette, and she \
             was first to the pier.</p><p>Boats were back by noon.</p>\
             <p>Sam Lee is a correspondent for The Example, based in Lisbon. He previously \
             covered shipping.</p></article>"
        );
        let texts = texts(&normalize(&page, None));
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[1].starts_with("Jo Kim is a reporter"));
        assert_eq!(texts[2], "Boats were back by noon.");
    }

    #[test]
    fn a_link_past_an_advertisement_is_dropped_and_the_text_around_it_stays() {
        let page = format!(
            "<article><p>{FILLER}</p><div class='slot'><a href='#after-slot'>Continue reading \
             the main story</a></div><p id='after-slot'>The harbour reopened on Monday.</p>\
             <p>Story continues below advertisement</p><p>Boats were back by noon.</p></article>"
        );
        let doc = normalize(&page, None);
        assert_eq!(
            texts(&doc),
            vec![
                FILLER.to_string(),
                "The harbour reopened on Monday.".to_string(),
                "Boats were back by noon.".to_string()
            ]
        );
    }

    #[test]
    fn a_paragraph_in_a_wrapper_named_media_stays_when_it_holds_no_media() {
        let body = format!("<div class='para'>{FILLER}</div>").repeat(6);
        let page = format!(
            "<article><div class='box'><div class='el__leafmedia'><p>Lisbon (Harbour News) The \
             tide rose higher than any year on record.</p></div>{body}\
             <div class='media-promo'><p>Watch our new series on the old harbour tonight.</p>\
             </div></div></article>"
        );
        let text = texts(&normalize(&page, None)).join(" ");
        assert!(text.contains("The tide rose higher"), "{text}");
        assert!(!text.contains("Watch our new series"), "{text}");
    }

    #[test]
    fn a_heading_set_as_a_classed_div_is_a_heading_but_a_classed_summary_is_text() {
        let page = format!(
            "<article><p>{FILLER}</p><div class='pf_subheadline'>Who pays for the sea wall?</div>\
             <p>{FILLER}</p><p class='article-subheading'>The council voted on Monday to raise \
             the harbour fee for every boat that stays the winter.</p></article>"
        );
        let doc = normalize(&page, None);
        let headings: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|block| match block {
                Block::Heading { content, .. } => Some(inlines_text(content)),
                _ => None,
            })
            .collect();
        assert_eq!(headings, vec!["Who pays for the sea wall?".to_string()]);
        assert!(texts(&doc)
            .iter()
            .any(|t| t.starts_with("The council voted")));
    }

    #[test]
    fn paragraphs_inside_an_unknown_or_inline_wrapper_stay_apart() {
        for wrapper in ["block", "story-text", "span"] {
            let page = format!(
                "<article><p>{FILLER}</p><{wrapper}><p>The pier reopened on Monday.</p>\
                 <p>Boats were back by noon.</p></{wrapper}></article>"
            );
            assert_eq!(
                texts(&normalize(&page, None)),
                vec![
                    FILLER.to_string(),
                    "The pier reopened on Monday.".to_string(),
                    "Boats were back by noon.".to_string()
                ],
                "{wrapper}"
            );
        }
    }

    #[test]
    fn a_row_of_linked_headlines_goes_but_a_sentence_of_links_stays() {
        let page = format!(
            "<article><p>{FILLER}</p><p><strong>DON'T MISS</strong></p>\
             <p><a href='/a'>Harbour council approves the new sea wall</a> [<strong>PICTURES]|\
             <br></strong><a href='/b'>Ferry timetable changes for the winter season</a> \
             [VIDEO]</p><p>See <a href='/r'>the council's full report</a> and \
             <a href='/d'>the tide data for the whole year</a>.</p></article>"
        );
        let doc = normalize(&page, None);
        assert_eq!(
            texts(&doc),
            vec![
                FILLER.to_string(),
                "See the council's full report and the tide data for the whole year.".to_string()
            ]
        );
    }

    #[test]
    fn a_page_of_headlines_or_a_login_wall_is_no_article_but_a_short_note_is() {
        let headlines = "<main><h2><a href='/a'>Storm closes the pier</a></h2>\
            <p><a href='/a'>Repairs will take months.</a></p>\
            <h2><a href='/b'>Ferry times change</a></h2></main>";
        assert!(normalize(headlines, None).blocks.is_empty());
        let wall = "<main><p>Subscribe to keep reading.</p>\
            <form><input type='password' name='pw'></form></main>";
        assert!(normalize(wall, None).blocks.is_empty());
        let note = "<main><p>The pier is closed today. <a href='/a'>Details</a>.</p></main>";
        assert!(!normalize(note, None).blocks.is_empty());
    }

    #[test]
    fn pictures_in_table_cells_and_formulas_stay_in_the_text() {
        let page = format!(
            "<article><p>{FILLER}</p>
             <p>The area is <span style='display:none'>MathML</span><img class='mwe-math-fallback-image-inline' aria-hidden='true' src='/f.svg' alt='pi r^2'> exactly.</p>
             <table><tr><th>Flag</th><th>Name</th></tr>
             <tr><td><img src='/flag.png' width='120' height='60' alt='flag'></td><td>Aotearoa</td></tr></table>
             <p>A photo follows.<img src='/big.jpg' width='800' height='600' alt='harbour'></p></article>"
        );
        let doc = normalize(&page, Some("https://example.org/"));
        let formula = Inline::Image {
            image: ImageRef {
                src: "https://example.org/f.svg".into(),
                alt: "pi r^2".into(),
            },
        };
        assert!(
            matches!(&doc.blocks[1], Block::Paragraph { content } if content.contains(&formula)),
            "{:?}",
            doc.blocks
        );
        let Some(Block::Table(table)) = doc.blocks.iter().find(|b| matches!(b, Block::Table(_)))
        else {
            panic!("no table: {:?}", doc.blocks)
        };
        let mut flag = false;
        table.cells().for_each(|cell| {
            cell.blocks.iter().for_each(|block| {
                block.for_each_inlines(&mut |content| {
                    flag |= content.iter().any(|i| {
                        matches!(i, Inline::Image { image } if image.src == "https://example.org/flag.png")
                    })
                })
            })
        });
        assert!(flag);
        assert!(doc.blocks.iter().any(
            |b| matches!(b, Block::Figure { image, .. } if image.src == "https://example.org/big.jpg")
        ));
    }

    #[test]
    fn srcset_picture_and_noscript_give_the_picture_a_lazy_page_hides() {
        let page = format!(
            "<article><p>{FILLER}</p>
             <img srcset='/s-400.jpg 400w, /s-1200.jpg 1200w, /s-3000.jpg 3000w' alt='set'>
             <picture><source type='image/avif' srcset='/p.avif 2x'><source type='image/webp' srcset='/p.webp 1x, /p@2x.webp 2x'><img alt='pic'></picture>
             <picture><source type='image/jxl' srcset='/q.jxl'><source type='image/avif' srcset='/q.avif'><img alt='only avif'></picture>
             <img src='data:image/gif;base64,R0lGOD' class='lazy' width='1' height='1'><noscript><img src='/real.jpg' alt='real'></noscript>
             <figure><noscript><img src='/fig.jpg' alt='fig'></noscript><figcaption>Caption here</figcaption></figure>
             </article>"
        );
        let doc = normalize(&page, Some("https://example.org/"));
        let sources: Vec<&str> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Figure { image, .. } => Some(image.src.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            sources,
            vec![
                "https://example.org/s-1200.jpg",
                "https://example.org/p@2x.webp",
                "https://example.org/q.avif",
                "https://example.org/real.jpg",
                "https://example.org/fig.jpg",
            ]
        );
    }

    /// Every figure of `doc`, in lists and quotes too: its picture's address and its
    /// caption's text.
    fn figures(doc: &Document) -> Vec<(String, String)> {
        fn collect(blocks: &[Block], out: &mut Vec<(String, String)>) {
            for block in blocks {
                match block {
                    Block::Figure { image, caption } => {
                        out.push((image.src.clone(), inlines_text(caption).trim().to_string()))
                    }
                    Block::List { items, .. } => items.iter().for_each(|item| collect(item, out)),
                    Block::Quote { blocks, .. } => collect(blocks, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        collect(&doc.blocks, &mut out);
        out
    }

    #[test]
    fn a_captioned_picture_without_figure_markup_keeps_its_caption_of_links() {
        // MediaWiki's thumbnails: a caption that is mostly a link, and a row of two pictures.
        let thumb = "<div class='thumb tright'><div class='thumbinner'>
             <a href='/wiki/File:sheet.jpg' class='image'><img src='/sheet.jpg' width='170' height='318'></a>
             <div class='thumbcaption'><div class='magnify'><a href='/wiki/File:sheet.jpg' title='Enlarge'></a></div>
             The <a href='/wiki/Harbour_Treaty'>Harbour Treaty</a></div></div></div>";
        let row = "<div class='thumb tmulti'><div class='thumbinner'><div class='trow'>
             <div class='tsingle'><div class='thumbimage'><a href='/wiki/A'><img src='/a.jpg' width='150' height='190'></a></div>
             <div class='thumbcaption'><a href='/wiki/A'>Anna Field</a>, mayor</div></div>
             <div class='tsingle'><div class='thumbimage'><a href='/wiki/B'><img src='/b.jpg' width='150' height='190'></a></div>
             <div class='thumbcaption'><a href='/wiki/B'>Bert Stone</a>, clerk</div></div></div></div></div>";
        // A MediaWiki gallery: a title, then pictures each with its text.
        let gallery = "<ul class='gallery'><li class='gallerycaption'>Two coasts</li>
             <li class='gallerybox'><div><div class='thumb'><a href='/wiki/File:E.jpg'><img src='/east.jpg' width='180' height='120'></a></div>
             <div class='gallerytext'><p><a href='/wiki/East'>East coast</a></p></div></div></li>
             <li class='gallerybox'><div><div class='thumb'><a href='/wiki/File:W.jpg'><img src='/west.jpg' width='180' height='120'></a></div>
             <div class='gallerytext'><p><a href='/wiki/West'>West coast</a></p></div></div></li></ul>";
        // A teaser card with a credit is no captioned picture: its headline is text of its own.
        let card = "<div class='card'><a href='/other'><img src='/teaser.jpg' width='300' height='200'></a>
             <a href='/other'>Another story about the harbour tides and its clocks</a>
             <span class='credit'>Photo: A. Person</span></div>";
        let page = format!(
            "<article><p>{FILLER}</p>{thumb}<p>{FILLER}</p>{row}<p>{FILLER} {FILLER}</p>{card}<p>{FILLER} {FILLER}</p>{gallery}</article>"
        );
        let doc = normalize(&page, Some("https://example.org/"));
        let expected = [
            ("https://example.org/sheet.jpg", "The Harbour Treaty"),
            ("https://example.org/a.jpg", "Anna Field, mayor"),
            ("https://example.org/b.jpg", "Bert Stone, clerk"),
            ("https://example.org/east.jpg", "East coast"),
            ("https://example.org/west.jpg", "West coast"),
        ];
        assert_eq!(
            figures(&doc),
            expected.map(|(src, caption)| (src.to_string(), caption.to_string()))
        );
        assert!(!texts(&doc).iter().any(|t| t.contains("tides")));
    }

    #[test]
    fn figures_and_headline_anchors_are_not_judged_by_their_names() {
        let page = format!(
            "<article><p>{FILLER}</p><p>{FILLER}</p>
             <figure class='fig fig--has-shares'><img src='/pier.jpg' alt='pier'><figcaption>The pier.</figcaption></figure>
             <h2><span class='mw-headline' id='Sponsor_promotion_dispute'>Sponsor promotion dispute</span></h2>
             <p>{FILLER}</p><p>{FILLER}</p><p>{FILLER}</p></article>"
        );
        let doc = normalize(&page, Some("https://example.org/"));
        assert_eq!(figures(&doc).len(), 1);
        assert!(doc.blocks.iter().any(|block| matches!(block,
            Block::Heading { content, .. } if inlines_text(content) == "Sponsor promotion dispute")));
    }

    #[test]
    fn a_box_of_pictures_named_like_a_caption_is_walked_not_made_one_figure() {
        let page = format!(
            "<article><p>{FILLER}</p><p>{FILLER}</p>
             <div class='list_item no_caption'><h2>Two views of the bay</h2>
             <img src='/east.jpg' width='600' height='400'><img src='/west.jpg' width='600' height='400'></div>
             <p>{FILLER}</p><p>{FILLER}</p><p>{FILLER}</p></article>"
        );
        let doc = normalize(&page, Some("https://example.org/"));
        let sources: Vec<String> = figures(&doc).into_iter().map(|(src, _)| src).collect();
        assert_eq!(
            sources,
            [
                "https://example.org/east.jpg",
                "https://example.org/west.jpg"
            ]
        );
        assert!(texts(&doc).iter().any(|t| t == "Two views of the bay"));
    }

    #[test]
    fn an_article_split_by_an_advertisement_keeps_both_parts() {
        let part = |class: &str, words: &str, count: usize| {
            let paragraphs = format!("<p>{words}, {FILLER}</p>").repeat(count);
            format!(
                "<div class='story-part'><div class='story-body {class}'>{paragraphs}</div>
                 <div class='more'><ul><li><a href='/x'>Another story</a></li></ul></div></div>"
            )
        };
        let page = format!(
            "<body><div class='page'>{}<div class='ad'>Advertisement</div>{}</div></body>",
            part("story-body-1", "At first", 2),
            part("story-body-2", "Later on", 8)
        );
        let doc = normalize(&page, None);
        let text = texts(&doc).join(" ");
        assert!(text.starts_with("At first"), "{text}");
        assert_eq!(text.matches("Later on").count(), 8);
        assert!(!text.contains("Advertisement"));
    }

    #[test]
    fn a_figure_that_names_its_picture_only_in_microdata_keeps_the_picture() {
        let page = format!(
            "<article><p>{FILLER}</p>
             <figure itemscope itemtype='http://schema.org/ImageObject' itemid='https://img.example.org/harbour-large.jpg?quality=90'>
             <div data-testid='lazyimage-container'></div><figcaption>Boats at the harbour.</figcaption></figure>
             <figure itemscope itemtype='http://schema.org/ImageObject' itemid='https://example.org/photos/boats'>
             <figcaption>An address that names no picture file.</figcaption></figure>
             <p>{FILLER}</p></article>"
        );
        let doc = normalize(&page, None);
        assert_eq!(
            figures(&doc),
            [(
                "https://img.example.org/harbour-large.jpg?quality=90".to_string(),
                "Boats at the harbour.".to_string()
            )]
        );
        assert!(texts(&doc).iter().any(|t| t.contains("names no picture")));
    }

    #[test]
    fn srcset_prefers_the_widest_candidate_an_e_reader_needs() {
        assert_eq!(
            best_srcset_candidate("a.jpg 320w, b.jpg 1024w").as_deref(),
            Some("b.jpg")
        );
        assert_eq!(
            best_srcset_candidate("a.jpg 2400w, b.jpg 4000w").as_deref(),
            Some("a.jpg")
        );
        assert_eq!(
            best_srcset_candidate("a.jpg, b.jpg 2x, c.jpg 3x").as_deref(),
            Some("b.jpg")
        );
        assert_eq!(best_srcset_candidate("").as_deref(), None);
    }

    #[test]
    fn lazy_images_use_their_real_address_and_pixels_are_dropped() {
        let page = format!(
            "<article><p>{FILLER}</p><img src='data:image/gif;base64,R0l' data-src='/real.jpg'>
             <img src='/pixel.gif' width='1' height='1'></article>"
        );
        let doc = normalize(&page, Some("https://example.org/"));
        let figures: Vec<&Block> = doc
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Figure { .. }))
            .collect();
        assert_eq!(figures.len(), 1);
        assert!(
            matches!(figures[0], Block::Figure { image, .. } if image.src == "https://example.org/real.jpg")
        );
    }

    #[test]
    fn a_heading_that_ends_the_article_with_nothing_under_it_goes() {
        let page = format!(
            "<article><p>{FILLER}</p><h2>The harbour in winter</h2><p>{FILLER}</p>
             <h3>Further information on the harbour:</h3>
             <ul class='related'><li><a href='/a'>Tides</a></li></ul></article>"
        );
        let doc = normalize(&page, None);
        assert_eq!(
            texts(&doc),
            vec![
                FILLER.to_string(),
                "The harbour in winter".into(),
                FILLER.to_string()
            ]
        );
    }

    #[test]
    fn byline_and_filing_paragraphs_go_but_a_heading_of_the_same_shape_stays() {
        let page = format!(
            "<article><p>By Jane Roe and Sam Lee</p><p>{FILLER}</p><h2>By The Numbers</h2>
             <p>{FILLER}</p><p>Filed under: Weather |</p></article>"
        );
        let doc = normalize(&page, None);
        assert_eq!(
            texts(&doc),
            vec![
                FILLER.to_string(),
                "By The Numbers".into(),
                FILLER.to_string()
            ]
        );
    }

    #[test]
    fn a_lazy_srcset_beats_the_placeholder_in_src() {
        let page = format!(
            "<article><p>{FILLER}</p><figure><img class='lazyload' src='/loader.png'
             data-srcset='/boat-300.jpg 300w, /boat-900.jpg 900w'></figure></article>"
        );
        let doc = normalize(&page, Some("https://example.org/"));
        assert!(doc
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Figure { image, .. }
            if image.src == "https://example.org/boat-900.jpg")));
    }

    #[test]
    fn an_article_header_keeps_its_lead_picture_and_loses_the_rest() {
        let header = "<header><h1>Harbour wall</h1><p class='byline'>By A. Writer</p>
             <figure><img src='/lead.jpg'><figcaption>The wall at dawn.</figcaption></figure>
             <div class='share'><a href='/s'>Share this story</a></div></header>";
        // The text's container inside the article, and the article itself.
        for body in [
            format!("<div class='story-body'><p>{FILLER}</p><p>{FILLER}</p></div>"),
            format!("<p>{FILLER}</p><p>{FILLER}</p>"),
        ] {
            let page = format!("<body><article>{header}{body}</article></body>");
            let doc = normalize(&page, Some("https://example.org/"));
            assert_eq!(
                figures(&doc),
                vec![(
                    "https://example.org/lead.jpg".to_string(),
                    "The wall at dawn.".to_string()
                )],
                "{body}"
            );
            assert!(matches!(doc.blocks.first(), Some(Block::Figure { .. })));
            let text = texts(&doc).join(" ");
            assert!(!text.contains("Share this story") && !text.contains("A. Writer"));
        }
    }

    #[test]
    fn double_line_breaks_in_loose_text_separate_paragraphs() {
        let page = format!(
            "<div class='post-body'>{FILLER}<br>\n<br>Second paragraph of loose text.<br>Same one.<div class='x'></div></div>"
        );
        let doc = normalize(&page, None);
        assert_eq!(
            texts(&doc),
            vec![
                FILLER.to_string(),
                "Second paragraph of loose text.\nSame one.".into()
            ]
        );
    }

    #[test]
    fn menus_and_drawings_left_out_of_the_parse_lose_nothing_the_page_shows() {
        let page = format!(
            "<html><head><title>Tides</title></head><body>\
             <nav><a href='/'>Home</a><a href='/news'>News</a><a href='/sport'>Sport</a></nav>\
             <nav class='byline'><a rel='author' href='/ann'>Ann Lee</a></nav>\
             <article><p>{FILLER}</p><svg viewBox='0 0 9 9'><path d='M0 0'/>\
             <p>Words the parser moves out of the drawing.</p></svg></article></body></html>"
        );
        let doc = normalize(&page, None);
        assert_eq!(doc.meta.authors, vec!["Ann Lee".to_string()]);
        let text = texts(&doc).join(" ");
        assert!(
            text.contains("Words the parser moves out of the drawing."),
            "{text}"
        );
        assert!(!text.contains("Sport"), "{text}");
    }

    /// The blocks of a page whose article is `body` among filler paragraphs.
    fn body_blocks(body: &str) -> Vec<Block> {
        let page = format!(
            "<html lang='en'><body><article><p>{FILLER}</p>{body}<p>{FILLER}</p></article></body></html>"
        );
        let mut blocks = normalize(&page, Some("https://example.org/guide/page.html")).blocks;
        blocks.remove(0);
        blocks.pop();
        blocks
    }

    fn paragraph_of(blocks: &[Block]) -> &[Inline] {
        match blocks {
            [Block::Paragraph { content }] => content,
            other => panic!("expected one paragraph, got {other:?}"),
        }
    }

    #[test]
    fn raised_lowered_struck_inserted_quoted_marked_and_abbreviated_text_is_kept() {
        let blocks = body_blocks(
            "<p>4,200 km<sup>2</sup> of H<sub>2</sub>O for <del>$499</del> <s>$450</s> \
             <strike>$420</strike> <ins>$399</ins>; <q>cheap</q>, <mark>really</mark>, says \
             <abbr title='National Aeronautics and Space Administration'>NASA</abbr> \
             (<abbr title='UN'>UN</abbr>, <span style='font-variant: small-caps'>Lord</span>).\
             <a class='smallcaps' href='https://example.org/ref'>Ref</a></p>",
        );
        let content = paragraph_of(&blocks);
        // A link in small capitals stays a link.
        assert!(
            matches!(content.last(), Some(Inline::Link { href, .. }) if href == "https://example.org/ref"),
            "{content:?}"
        );
        let kinds: Vec<&str> = content
            .iter()
            .filter_map(|inline| match inline {
                Inline::Superscript { .. } => Some("sup"),
                Inline::Subscript { .. } => Some("sub"),
                Inline::Deleted { .. } => Some("del"),
                Inline::Inserted { .. } => Some("ins"),
                Inline::Quoted { .. } => Some("q"),
                Inline::Highlight { .. } => Some("mark"),
                Inline::SmallCaps { .. } => Some("smallcaps"),
                Inline::Abbreviation { title, .. } => {
                    assert_eq!(title, "National Aeronautics and Space Administration");
                    Some("abbr")
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "sup",
                "sub",
                "del",
                "del",
                "del",
                "ins",
                "q",
                "mark",
                "abbr",
                "smallcaps"
            ]
        );
        // An abbreviation whose title only repeats it is plain text.
        assert_eq!(
            inlines_text(content),
            "4,200 km2 of H2O for $499 $450 $420 $399; cheap, really, says NASA (UN, Lord).Ref"
        );
    }

    #[test]
    fn definition_lists_keep_their_terms_and_descriptions() {
        let blocks = body_blocks(
            "<dl><dt>Tide</dt><dt>Marée</dt><dd>The rise and fall of the sea.</dd>\
             <div><dt>Ebb</dt><dd><p>The tide going out.</p><p>Twice a day.</p></dd></div></dl>",
        );
        let [Block::DefinitionList { items }] = blocks.as_slice() else {
            panic!("expected a definition list, got {blocks:?}");
        };
        assert_eq!(items.len(), 2);
        let terms: Vec<String> = items[0].terms.iter().map(|t| inlines_text(t)).collect();
        assert_eq!(terms, ["Tide", "Marée"]);
        assert_eq!(items[1].descriptions[0].len(), 2);
    }

    #[test]
    fn a_gallery_laid_out_as_a_definition_list_stays_figures() {
        let blocks = body_blocks(
            "<dl class='gallery-item'><dt><img src='/pier.jpg' width='800' height='600'></dt>\
             <dd>The pier at dawn.</dd></dl>",
        );
        assert!(
            matches!(blocks.first(), Some(Block::Figure { .. })),
            "{blocks:?}"
        );
        assert!(!blocks
            .iter()
            .any(|block| matches!(block, Block::DefinitionList { .. })));
    }

    fn quote_of(blocks: &[Block]) -> (String, String) {
        match blocks {
            [Block::Quote {
                blocks,
                attribution,
            }] => {
                let mut text = String::new();
                blocks
                    .iter()
                    .for_each(|block| block.for_each_text(&mut |t| text.push_str(t)));
                (text, inlines_text(attribution))
            }
            other => panic!("expected one quotation, got {other:?}"),
        }
    }

    #[test]
    fn a_quotation_keeps_its_attribution_whatever_the_markup() {
        let said = "<p>Those who cannot remember the past are condemned to repeat it.</p>";
        let cases = [
            format!("<blockquote>{said}<footer>— <cite>George Santayana</cite></footer></blockquote>"),
            format!("<blockquote class='wp-block-quote'>{said}<cite>George Santayana</cite></blockquote>"),
            format!("<blockquote>{said}<p>&mdash; George Santayana</p></blockquote>"),
            format!("<blockquote>{said}<div class='quote-author'>George Santayana</div></blockquote>"),
            format!("<figure class='quote'><blockquote>{said}</blockquote><figcaption>—George Santayana</figcaption></figure>"),
        ];
        for case in cases {
            let (text, attribution) = quote_of(&body_blocks(&case));
            assert_eq!(
                text, "Those who cannot remember the past are condemned to repeat it.",
                "{case}"
            );
            assert_eq!(attribution, "George Santayana", "{case}");
        }
        // A quotation that ends on a dash inside its sentence, or a dialogue, has no
        // attribution.
        for case in [
            "<blockquote><p>One.</p><p>-5 °C at night, they said.</p></blockquote>",
            "<blockquote><p>— Bonjour, dit-il.</p><p>— Pierre</p></blockquote>",
        ] {
            let (_, attribution) = quote_of(&body_blocks(case));
            assert_eq!(attribution, "", "{case}");
        }
    }

    #[test]
    fn permalink_marks_leave_headings_and_paragraph_ends() {
        let blocks = body_blocks(
            "<h2 id='installing'>Installing<a class='headerlink' href='#installing' \
             title='Permalink to this headline'>¶</a></h2>\
             <h2 id='faq'>FAQ <a href='#faq'>🔗</a></h2>\
             <h3 id='usage'><a class='anchor' href='#usage'><span class='octicon'></span></a>Usage</h3>\
             <h3 id='api'>API<a class='hash-link' href='#api' title='Direct link'>\u{200b}</a></h3>\
             <h3 id='notes'>Notes <a href='https://example.org/guide/page.html#notes'>#</a></h3>\
             <h3 id='setup'>Setup <a href='#setup'>permalink</a></h3>\
             <p>The last paragraph ends with a mark of its own. <a href='#p1'>¶</a></p>\
             <p>See the table of laws in § 230 and <a href='#details'>this link</a> or <a href='#x'>link</a></p>\
             <p>Under <a href='https://example.org/law#s230'>§</a> and \
             <a href='https://example.org/other'>link</a></p>",
        );
        let texts: Vec<String> = blocks
            .iter()
            .map(|block| match block {
                Block::Heading { content, .. } | Block::Paragraph { content } => {
                    inlines_text(content)
                }
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "Installing",
                "FAQ",
                "Usage",
                "API",
                "Notes",
                "Setup",
                "The last paragraph ends with a mark of its own.",
                "See the table of laws in § 230 and this link or link",
                "Under § and link",
            ]
        );
    }

    fn only_table(page: &str) -> Table {
        let doc = normalize(page, None);
        match doc.blocks.iter().find(|b| matches!(b, Block::Table(_))) {
            Some(Block::Table(table)) => table.clone(),
            _ => panic!("no table: {:?}", doc.blocks),
        }
    }

    #[test]
    fn a_table_keeps_its_parts_spans_scopes_and_the_blocks_of_its_cells() {
        let table = only_table(&format!(
            "<article><p>{FILLER}</p><table>\
             <tr><th scope='col'>Word</th><th>Senses</th></tr>\
             <tfoot><tr><td colspan='2'>Checked</td></tr></tfoot>\
             <tr><td rowspan='0'>kai</td><td><p>food</p><p>meal</p></td></tr>\
             <tr><td><ul><li>eat</li><li>dine</li></ul></td></tr></table></article>"
        ));
        // Rows of header cells atop a table without `<thead>` are its header.
        assert_eq!(table.head.len(), 1);
        assert_eq!(table.head[0].cells[0].scope, Some(HeaderScope::Col));
        assert_eq!(table.body.len(), 2);
        assert_eq!(
            table.body[0].cells[0].rowspan, 2,
            "rowspan 0 spans the part"
        );
        assert_eq!(table.body[0].cells[1].blocks.len(), 2, "two paragraphs");
        assert!(matches!(
            table.body[1].cells[0].blocks[..],
            [Block::List { .. }]
        ));
        assert_eq!(table.foot.len(), 1);
        assert_eq!(table.foot[0].cells[0].colspan, 2);
        let wide = only_table(&format!(
            "<article><p>{FILLER}</p><table><tr><th>a</th><th>b</th></tr>\
             <tr><td colspan='1000'>all</td></tr></table></article>"
        ));
        assert_eq!(
            wide.body[0].cells[0].colspan, 2,
            "no wider than the widest row"
        );
        assert!(
            table.columns.is_empty(),
            "words are aligned as the text runs"
        );
    }

    #[test]
    fn columns_of_numbers_are_right_aligned_and_the_page_alignment_is_kept() {
        let table = only_table(&format!(
            "<article><p>{FILLER}</p><table><thead><tr><th>Item</th><th>Price</th>\
             <th>Share</th><th>Note</th></tr></thead>\
             <tr><td>Tea</td><td>¥1,200</td><td>12.5 %</td><td align='center'>new</td></tr>\
             <tr><td>Rice</td><td>—</td><td>-3%</td><td style='text-align: center'>old</td></tr>\
             <tr><td>Fish</td><td>15,000원</td><td>n/a</td><td align='center'>new</td></tr>\
             </table></article>"
        ));
        assert_eq!(
            table.columns,
            [
                ColumnAlign::Auto,
                ColumnAlign::Right,
                ColumnAlign::Right,
                ColumnAlign::Center
            ]
        );
        assert!(is_number("$399") && is_number("1 234,5 €") && is_number("３万"));
        assert!(!is_number("3 ships") && !is_number("2021–22 season") && !is_number("—"));
    }

    #[test]
    fn a_layout_table_is_still_read_as_blocks() {
        let doc = normalize(
            &format!(
                "<article><table><tr><td><p>{FILLER}</p><p>Second paragraph here.</p></td></tr>\
                 <tr><td><p>Third paragraph, in a row of its own.</p></td></tr></table></article>"
            ),
            None,
        );
        assert!(
            !doc.blocks.iter().any(|b| matches!(b, Block::Table(_))),
            "{:?}",
            doc.blocks
        );
        assert_eq!(texts(&doc).len(), 3, "{:?}", doc.blocks);
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let depth = 5000;
        let page = format!(
            "{}<p>{FILLER}</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let doc = normalize(&page, None);
        assert!(texts(&doc).join(" ").contains("enough text"));
    }
}
