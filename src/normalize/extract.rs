//! Finding the article in a page: text statistics for every element, paragraph scores
//! propagated to their ancestors, the best-scoring container, and the siblings that belong
//! with it. The scoring follows the tradition of Arc90's Readability: text with commas scores,
//! links and furniture classes count against. Pages whose article a strict pass misses are
//! read again with fewer heuristics ([`Strictness`]).
//!
//! This module also holds the element tests the walker in [`html`](super::html) asks while
//! converting the article: the make-up check ([`is_suspicious_container`], Readability's
//! "clean conditionally"), captioned pictures, headings set as classed `<div>`s, tables of
//! data, pictures that belong inside a line of text.
//!
//! Statistics are gathered once per page in a single bottom-up pass, so every later question
//! ("how much of this element is link text?") is a lookup, and no walk here recurses.

use rustc_hash::FxHashMap as HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node};

use super::boilerplate::{
    after_byline_opener, class_weight, is_byline_line, is_caption_class, is_date_line,
    is_heading_class, is_marked_only_as_media, is_negative_class, is_reference_list,
    is_unlikely_candidate, MAX_CLASSED_HEADING_WORDS,
};
use super::metadata::collapse_whitespace;
use super::vocabulary::classes::INLINE_PICTURE_CLASS_WORDS;
use super::vocabulary::elements::{
    BLOCK_ELEMENTS, CODE_ELEMENTS, CONDITIONALLY_CLEANED_ELEMENTS, CONTAINER_SCORES,
    EMBED_ELEMENTS, FLAT_PARAGRAPH_ELEMENTS, FORM_CONTROL_ELEMENTS, PARAGRAPH_ELEMENTS,
    STRUCTURAL_ELEMENTS,
};

/// Text shorter than this (in characters) does not score as a paragraph.
const MIN_PARAGRAPH_CHARS: usize = 25;
/// How many ancestors a paragraph's score reaches.
const SCORE_ANCESTOR_LEVELS: usize = 5;
/// Siblings of the best container are merged in when they score this share of it.
const SIBLING_SHARE: f64 = 0.2;
/// Containers scoring this share of the best one count as rival candidates.
const RIVAL_SHARE: f64 = 0.75;
/// Rival candidates needed under one ancestor for that ancestor to win instead.
const RIVALS_FOR_COMMON_ANCESTOR: usize = 3;

/// Text statistics of one element and everything under it.
#[derive(Debug, Clone, Copy, Default)]
pub struct NodeStats {
    /// Characters of text, whitespace excluded.
    pub text: usize,
    /// Characters of text inside links.
    pub link_text: usize,
    /// Commas (Latin and CJK).
    pub commas: usize,
    /// `<p>` elements.
    pub paragraphs: usize,
    /// `<img>` elements.
    pub images: usize,
    /// `<li>` elements.
    pub list_items: usize,
    /// Form controls ([`FORM_CONTROL_ELEMENTS`]).
    pub inputs: usize,
    /// Embedded objects ([`EMBED_ELEMENTS`]).
    pub embeds: usize,
    /// Characters of text inside headings.
    pub heading_text: usize,
}

impl NodeStats {
    fn add(&mut self, other: &NodeStats) {
        self.text += other.text;
        self.link_text += other.link_text;
        self.commas += other.commas;
        self.paragraphs += other.paragraphs;
        self.images += other.images;
        self.list_items += other.list_items;
        self.inputs += other.inputs;
        self.embeds += other.embeds;
        self.heading_text += other.heading_text;
    }

    /// Share of the text that is link text (0 when there is no text).
    pub fn link_density(&self) -> f64 {
        if self.text == 0 {
            0.0
        } else {
            self.link_text as f64 / self.text as f64
        }
    }
}

/// An image declared 2 pixels wide or high or less: a tracking pixel or a spacer.
pub fn is_tracking_pixel(img: &ElementRef) -> bool {
    let is_tiny = |attr: &str| {
        img.value()
            .attr(attr)
            .and_then(|v| v.trim_end_matches("px").parse::<u32>().ok())
            .is_some_and(|v| v <= 2)
    };
    is_tiny("width") || is_tiny("height")
}

/// The largest declared width and height of a picture that belongs inside a line of text.
pub const MAX_INLINE_PICTURE_PX: u32 = 48;

/// Whether an `<img>` is part of the line it sits in rather than a picture of its own: a
/// formula rendered as an image, an emoji, or an icon small enough to read with the text.
pub fn is_inline_picture(img: &ElementRef) -> bool {
    if is_tracking_pixel(img) {
        // A placeholder: the picture it stands for (from a `<noscript>`) has its own size.
        return false;
    }
    let value = img.value();
    let class = value.attr("class").unwrap_or_default().to_ascii_lowercase();
    if INLINE_PICTURE_CLASS_WORDS.iter().any(|hint| {
        class
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| t == *hint)
    }) {
        return true;
    }
    let declared = |attr: &str| {
        value
            .attr(attr)
            .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
    };
    matches!(
        (declared("width"), declared("height")),
        (Some(w), Some(h)) if w <= MAX_INLINE_PICTURE_PX && h <= MAX_INLINE_PICTURE_PX
    )
}

/// Whether a text node is the content of a script, style, noscript or template element
/// ([`CODE_ELEMENTS`]).
fn is_inside_code_element(node: &NodeRef<'_, Node>) -> bool {
    node.parent()
        .and_then(|parent| parent.value().as_element())
        .is_some_and(|element| CODE_ELEMENTS.contains(&element.name()))
}

/// Adds the characters of `text` that are not white space, and its commas, to `stats`.
fn count_text(text: &str, stats: &mut NodeStats) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // ASCII, most of most pages, without decoding.
        let byte = bytes[at];
        if byte.is_ascii() {
            if !matches!(byte, b'\t'..=b'\r' | b' ') {
                stats.text += 1;
                stats.commas += usize::from(byte == b',');
            }
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if !c.is_whitespace() {
            stats.text += 1;
            stats.commas += usize::from(matches!(c, '，' | '、'));
        }
        at += c.len_utf8();
    }
}

/// Statistics for every node of a page.
pub struct PageStats(HashMap<NodeId, NodeStats>);

impl PageStats {
    /// Gathers statistics for every node under `root` in one bottom-up pass.
    pub fn gather(root: NodeRef<'_, Node>) -> Self {
        let nodes: Vec<NodeRef<'_, Node>> = root.descendants().collect();
        let mut map: HashMap<NodeId, NodeStats> =
            HashMap::with_capacity_and_hasher(nodes.len(), Default::default());
        // Reverse document order visits every child before its parent.
        for node in nodes.iter().rev() {
            let mut stats = NodeStats::default();
            match node.value() {
                // The text of scripts and styles is not read: their elements count for nothing.
                Node::Text(_) if is_inside_code_element(node) => {}
                Node::Text(text) => count_text(text, &mut stats),
                Node::Element(element) => {
                    for child in node.children() {
                        if let Some(child_stats) = map.get(&child.id()) {
                            stats.add(child_stats);
                        }
                    }
                    match element.name() {
                        // A link within the page (a footnote, a tab) weighs less than one away.
                        "a" if element.attr("href").is_some_and(|h| h.starts_with('#')) => {
                            stats.link_text = stats.text * 3 / 10
                        }
                        "a" => stats.link_text = stats.text,
                        "p" => stats.paragraphs += 1,
                        // Formulas and icons read with the text; they make no gallery.
                        "img"
                            if !ElementRef::wrap(*node)
                                .is_some_and(|img| is_inline_picture(&img)) =>
                        {
                            stats.images += 1
                        }
                        "li" => stats.list_items += 1,
                        // Buttons are page controls, not forms to fill in: they count for
                        // nothing, text included (a "Replay" or "Preview" in a demo).
                        "button" => stats = NodeStats::default(),
                        name if FORM_CONTROL_ELEMENTS.contains(&name) => stats.inputs += 1,
                        name if EMBED_ELEMENTS.contains(&name) => stats.embeds += 1,
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => stats.heading_text = stats.text,
                        name if CODE_ELEMENTS.contains(&name) => stats = NodeStats::default(),
                        _ => {}
                    }
                }
                _ => {}
            }
            map.insert(node.id(), stats);
        }
        PageStats(map)
    }

    /// The statistics of `node` (empty for a node outside the gathered tree).
    pub fn of(&self, node: NodeRef<'_, Node>) -> NodeStats {
        self.0.get(&node.id()).copied().unwrap_or_default()
    }
}

/// How hard extraction leans on its heuristics. Pages whose article the strict pass misses
/// are read again with fewer of them, as Readability does. The scorer here and the walker in
/// [`html`](super::html) read the same passes.
#[derive(Debug, Clone, Copy)]
pub struct Strictness {
    /// Skip containers whose class, id or role says they are unlikely to be the article
    /// ([`is_unlikely_candidate`]).
    pub strip_unlikely: bool,
    /// Let class and id names raise or lower a container's score, and count in the make-up
    /// check ([`class_weight`]).
    pub weight_classes: bool,
    /// Drop containers inside the article that look like furniture by their make-up
    /// ([`is_suspicious_container`]).
    pub clean_conditionally: bool,
}

impl Strictness {
    /// The passes, strictest first.
    pub const PASSES: [Strictness; 4] = [
        Strictness {
            strip_unlikely: true,
            weight_classes: true,
            clean_conditionally: true,
        },
        Strictness {
            strip_unlikely: false,
            weight_classes: true,
            clean_conditionally: true,
        },
        Strictness {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: true,
        },
        Strictness {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: false,
        },
    ];
}

/// The article's containers: the best-scoring element and the siblings that belong with it,
/// in document order. `skip` names elements that are never part of an article.
pub fn article_roots<'a>(
    html: &'a Html,
    stats: &PageStats,
    skip: &dyn Fn(&ElementRef) -> bool,
    strictness: Strictness,
) -> Vec<ElementRef<'a>> {
    let rules = Rules { skip, strictness };
    let body = html
        .root_element()
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "body")
        .unwrap_or_else(|| html.root_element());
    let scores = score_candidates(body, stats, &rules);
    let Some(top) = best_candidate(&scores, body, stats) else {
        return vec![body];
    };
    let top = whole_table(promote(top, &scores, body, stats));
    let mut roots = with_siblings(top, &scores, stats, &rules);
    let mut leads = standfirst(&roots, body, stats, &rules);
    if leads.is_empty() {
        // The article's own header, whatever level its headline is set at.
        if let Some(header) = article_header(&roots) {
            leads = header_standfirst(&header, stats);
        }
    }
    if let Some(figure) = lead_figure(&roots) {
        roots.insert(0, figure);
    }
    leads.into_iter().chain(roots).collect()
}

/// The most levels the headline's and the body's nearest common container may sit above
/// the body: a headline further away is the page's, not the article's.
const MAX_STANDFIRST_DEPTH: usize = 5;
/// The most levels that common container may sit above the body when the standfirst stands
/// right beside the headline (`div.hero > h1 + p`) or right before the body
/// (`div.excerpt + div.entry-content`): further away, only text so placed is the article's.
const MAX_PLACED_STANDFIRST_DEPTH: usize = 7;
/// The fewest characters of text (whitespace excluded) a standfirst has.
const MIN_STANDFIRST_CHARS: usize = 50;
/// The fewest letters a standfirst has (its numbers and punctuation aside).
const MIN_STANDFIRST_LETTERS: usize = 25;
/// The most paragraphs a standfirst has; more between headline and body are something else
/// (a list of teasers, a table of contents).
const MAX_STANDFIRST_PARAGRAPHS: usize = 3;
/// Elements a standfirst is never in: pictures and their captions, menus, asides, lists,
/// headings (of teasers).
const NOT_STANDFIRST_ELEMENTS: &[&str] = &[
    "figure",
    "figcaption",
    "nav",
    "aside",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
];
/// The most link text a standfirst may hold.
const MAX_STANDFIRST_LINK_DENSITY: f64 = 0.3;

/// The article's standfirst (lead, summary, teaser): the paragraphs of prose between its
/// headline (`h1`) and the first of its containers, when the scorer left them out because
/// they sit in the headline's block (`header > h1 + p.lead`) or in a block of their own
/// before the body (`div.summary + div.text`), or set as the first heading under the headline
/// (`h1 + h2.deck`). Bylines, dates, captions, links and anything marked as furniture are not
/// part of it, nor is a paragraph the body repeats.
fn standfirst<'a>(
    roots: &[ElementRef<'a>],
    body: ElementRef<'a>,
    stats: &PageStats,
    rules: &Rules,
) -> Vec<ElementRef<'a>> {
    let Some(first) = roots.first() else {
        return Vec::new();
    };
    // Everything opened after the last `h1` before the article's first container.
    let mut headline = None;
    let mut after_headline: Vec<ElementRef<'a>> = Vec::new();
    for node in body.descendants() {
        if node.id() == first.id() {
            break;
        }
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        if element.value().name() == "h1" {
            headline = Some(element);
            after_headline.clear();
        } else if headline.is_some() {
            after_headline.push(element);
        }
    }
    let Some(headline) = headline else {
        return Vec::new();
    };
    let Some((levels, common)) = first
        .ancestors()
        .take(MAX_PLACED_STANDFIRST_DEPTH)
        .enumerate()
        .find(|(_, ancestor)| headline.ancestors().any(|a| a.id() == ancestor.id()))
    else {
        return Vec::new();
    };
    let is_placed = |element: &ElementRef| {
        let beside_headline = element.parent().map(|p| p.id()) == headline.parent().map(|p| p.id());
        let before_body = std::iter::once(**element)
            .chain(element.parent())
            .any(|e| e.next_siblings().any(|s| s.id() == first.id()));
        beside_headline || before_body
    };
    let first_text = collapse_whitespace(&read_text(first));
    let mut leads: Vec<ElementRef<'a>> = Vec::new();
    // A headline that links elsewhere is the site's name, and the heading under it the site's
    // motto, not a deck.
    let mut heading_seen = stats.of(*headline).link_density() > 0.5;
    for element in after_headline {
        let Some(is_deck) = lead_candidate(&element, &headline, &mut heading_seen, true) else {
            continue;
        };
        let inside_lead = leads
            .last()
            .is_some_and(|lead| element.ancestors().any(|a| a.id() == lead.id()));
        let holds_first = first.ancestors().any(|a| a.id() == element.id());
        if inside_lead || holds_first {
            continue;
        }
        if (levels >= MAX_STANDFIRST_DEPTH && !is_placed(&element))
            || !reads_as_standfirst(element, is_deck, common, stats, rules.skip)
            || first_text.contains(&collapse_whitespace(&element.text().collect::<String>()))
        {
            continue;
        }
        leads.push(element);
        if leads.len() > MAX_STANDFIRST_PARAGRAPHS {
            return Vec::new();
        }
    }
    leads
}

/// Whether `element`, met after `headline` in a walk for the standfirst, may be one of its
/// paragraphs: `Some(is_deck)` for a `p` (and, with `flat`, an element of text alone such as
/// a `div`) or for the first heading under the headline, its deck (`heading_seen` notes that
/// one was met); `None` for anything else and for what is inside the headline.
fn lead_candidate(
    element: &ElementRef,
    headline: &ElementRef,
    heading_seen: &mut bool,
    flat: bool,
) -> Option<bool> {
    let name = element.value().name();
    let inside_headline = element.ancestors().any(|a| a.id() == headline.id());
    // The first heading under the headline, long as a sentence, is its deck.
    let is_deck = matches!(name, "h2" | "h3" | "h4" | "h5" | "h6")
        && !std::mem::replace(heading_seen, true)
        && !inside_headline;
    let is_paragraph = is_deck
        || name == "p"
        || (flat && FLAT_PARAGRAPH_ELEMENTS.contains(&name) && !has_block_child(element));
    (is_paragraph && !inside_headline).then_some(is_deck)
}

/// Whether a paragraph after the headline (or, with `is_deck`, the heading under it) reads as
/// the article's standfirst: prose of some length, few links, no picture, nothing in it or
/// around it up to `common` marked as furniture, a caption, a byline or a date.
fn reads_as_standfirst(
    element: ElementRef,
    is_deck: bool,
    common: NodeRef<'_, Node>,
    stats: &PageStats,
    skip: &dyn Fn(&ElementRef) -> bool,
) -> bool {
    let own = stats.of(*element);
    if own.text < MIN_STANDFIRST_CHARS
        || own.link_density() > MAX_STANDFIRST_LINK_DENSITY
        || own.images > 0
    {
        return false;
    }
    let is_furniture = std::iter::once(element)
        .chain(
            element
                .ancestors()
                .take_while(|a| a.id() != common.id())
                .filter_map(ElementRef::wrap),
        )
        .any(|e| {
            let inner = stats.of(*e);
            let is_the_deck = is_deck && e.id() == element.id();
            skip(&e)
                || (NOT_STANDFIRST_ELEMENTS.contains(&e.value().name()) && !is_the_deck)
                || has_caption_mark(&e)
                || inner.embeds > 0
                || e.value().attr("class").is_some_and(is_negative_class)
                || e.value().attr("id").is_some_and(is_negative_class)
        });
    // A picture's caption: the picture and this text, all but alone in their parent.
    let is_caption = element.parent().is_some_and(|parent| {
        let beside = stats.of(parent);
        beside.images > 0 && beside.text <= own.text + MAX_TEXT_BESIDE_CAPTION
    });
    let text = collapse_whitespace(&element.text().collect::<String>());
    // A sentence is made of words: a line of dates and times ("11.01.2022, 09:50 Uhr /
    // Aktualisiert am 21.01.2022") is mostly numbers.
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    !(is_furniture
        || is_caption
        || letters < MIN_STANDFIRST_LETTERS
        || after_byline_opener(&text).is_some()
        || is_byline_line(&text)
        || is_date_line(&text))
}

/// The standfirst inside an article's header: the paragraphs of prose after its headline
/// (`header > h1 + p.lead`, `hgroup > h1 + h2`, or `header > h2 + p` where the page's `h1`
/// names the site), judged as a standfirst before the article's containers is. Empty when
/// the header holds no headline, or when its headline links elsewhere (a site's name and
/// motto).
pub fn header_standfirst<'a>(header: &ElementRef<'a>, stats: &PageStats) -> Vec<ElementRef<'a>> {
    let is_named = |name: &str| {
        header
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == name)
    };
    // An article's header may set its headline a level down (`h1` names the site or section).
    let Some(headline) = is_named("h1").or_else(|| is_named("h2")) else {
        return Vec::new();
    };
    let elements = header
        .descendants()
        .filter_map(ElementRef::wrap)
        .skip_while(|e| e.id() != headline.id())
        .skip(1);
    if stats.of(*headline).link_density() > 0.5 {
        return Vec::new();
    }
    let mut leads: Vec<ElementRef<'a>> = Vec::new();
    let mut heading_seen = false;
    // Under a headline a level down, only a `p` is taken: such headers set their dates and
    // credits in `div`s and `span`s.
    let flat = headline.value().name() == "h1";
    for element in elements {
        let Some(is_deck) = lead_candidate(&element, &headline, &mut heading_seen, flat) else {
            continue;
        };
        let inside_lead = leads
            .last()
            .is_some_and(|lead| element.ancestors().any(|a| a.id() == lead.id()));
        if inside_lead || !reads_as_standfirst(element, is_deck, **header, stats, &|_| false) {
            continue;
        }
        leads.push(element);
        if leads.len() > MAX_STANDFIRST_PARAGRAPHS {
            return Vec::new();
        }
    }
    leads
}

/// The words an element shows: its text but for that of scripts and styles in it (an
/// article's JSON-LD repeats its summary).
fn read_text(element: &ElementRef) -> String {
    element
        .descendants()
        .filter(|node| !is_inside_code_element(node))
        .filter_map(|node| node.value().as_text().map(|text| &**text))
        .collect()
}

/// The least text (characters outside tags, whitespace excluded) the markup a page keeps in
/// `<noscript>` and template scripts must hold to be read as the page's body.
const MIN_SCRIPTED_BODY_CHARS: usize = 250;

/// Values of a `<script>`'s `type` that mark markup for scripts to show (Blogger's and
/// Underscore's templates, Vue's `x-template`).
const TEMPLATE_SCRIPT_TYPES: &[&str] = &["text/template", "text/x-template", "text/html"];

/// The page with the markup of its `<noscript>` elements and template scripts
/// (`<script type="text/template">`) put in `<div>`s, to be parsed as the page's own: some
/// blog themes ship the post only there and let a script show it. `None` when the page keeps
/// no such markup, or too little of it to be an article.
pub fn with_scripted_bodies_shown(page: &str) -> Option<String> {
    // ASCII lowercasing keeps every byte where it is, so positions carry over to `page`.
    let lower = page.to_ascii_lowercase();
    let mut out = String::with_capacity(page.len());
    let (mut copied, mut text) = (0, 0);
    let mut shown: Vec<&str> = Vec::new();
    let mut at = 0;
    while let Some(offset) = lower[at..].find('<') {
        let start = at + offset;
        let name = if lower[start..].starts_with("<noscript") {
            "noscript"
        } else if lower[start..].starts_with("<script") {
            "script"
        } else {
            at = start + 1;
            continue;
        };
        let Some(open_end) = lower[start..].find('>').map(|end| start + end + 1) else {
            break;
        };
        let Some(close) = lower[open_end..]
            .find(&format!("</{name}"))
            .map(|close| open_end + close)
        else {
            break;
        };
        let close_end = lower[close..]
            .find('>')
            .map_or(lower.len(), |end| close + end + 1);
        let tag = &lower[start..open_end];
        let shows_markup = name == "noscript"
            || TEMPLATE_SCRIPT_TYPES.iter().any(|kind| {
                tag.contains(&format!("type=\"{kind}\"")) || tag.contains(&format!("type='{kind}'"))
            });
        if shows_markup {
            // A theme may keep the same post twice, for scripts and for readers without.
            let inner = &page[open_end..close];
            out.push_str(&page[copied..start]);
            if !shown.contains(&inner.trim()) {
                shown.push(inner.trim());
                text += text_outside_tags(inner);
                out.push_str("<div>");
                out.push_str(inner);
                out.push_str("</div>");
            }
            copied = close_end;
        }
        at = close_end;
    }
    if text < MIN_SCRIPTED_BODY_CHARS {
        return None;
    }
    out.push_str(&page[copied..]);
    Some(out)
}

/// Characters of `markup` outside its tags, whitespace excluded.
fn text_outside_tags(markup: &str) -> usize {
    let mut in_tag = false;
    markup
        .chars()
        .filter(|c| {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    return false;
                }
                _ => {}
            }
            !in_tag && !c.is_whitespace()
        })
        .count()
}

/// How many levels above the article's first container its `<article>` element may be.
const MAX_LEAD_FIGURE_DEPTH: usize = 4;

/// The lead picture of an article whose `<article>` element opens with a `<header>` (headline,
/// standfirst, picture) beside the container of its text: see [`header_figure`]. The rest of
/// the header (headline, byline, share bar) stays out, as before; the picture joins the
/// article ahead of its text.
fn lead_figure<'a>(roots: &[ElementRef<'a>]) -> Option<ElementRef<'a>> {
    let header = article_header(roots)?;
    let figure = header_figure(&header)?;
    let in_roots = figure
        .ancestors()
        .any(|ancestor| roots.iter().any(|root| root.id() == ancestor.id()));
    (!in_roots).then_some(figure)
}

/// The `<header>` of the `<article>` element the article's first container is in, when it
/// comes before that container.
fn article_header<'a>(roots: &[ElementRef<'a>]) -> Option<ElementRef<'a>> {
    let first = roots.first()?;
    let article = first
        .ancestors()
        .take(MAX_LEAD_FIGURE_DEPTH)
        .filter_map(ElementRef::wrap)
        .find(|ancestor| ancestor.value().name() == "article")?;
    let holds_first = |child: &ElementRef| {
        child.id() == first.id() || first.ancestors().any(|a| a.id() == child.id())
    };
    article
        .children()
        .filter_map(ElementRef::wrap)
        .take_while(|child| !holds_first(child))
        .find(|child| child.value().name() == "header")
}

/// The lead picture of an `<article>`'s own `<header>`: its first `<figure>`, when that shows
/// a picture. `None` for any other element.
pub fn header_figure<'a>(header: &ElementRef<'a>) -> Option<ElementRef<'a>> {
    let is_article_header = header.value().name() == "header"
        && header
            .parent()
            .and_then(ElementRef::wrap)
            .is_some_and(|parent| parent.value().name() == "article");
    if !is_article_header {
        return None;
    }
    let figure = header
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|element| element.value().name() == "figure")?;
    figure
        .descendants()
        .filter_map(ElementRef::wrap)
        .any(|img| img.value().name() == "img" && !is_inline_picture(&img))
        .then_some(figure)
}

/// The rules of one extraction pass.
struct Rules<'r> {
    /// Elements never looked into.
    skip: &'r dyn Fn(&ElementRef) -> bool,
    strictness: Strictness,
}

impl Rules<'_> {
    /// Whether the scorer leaves this element and everything in it alone.
    fn excludes(&self, element: &ElementRef) -> bool {
        (self.skip)(element) || (self.strictness.strip_unlikely && is_unlikely_candidate(element))
    }

    fn class_weight(&self, element: &ElementRef) -> f64 {
        if self.strictness.weight_classes {
            class_weight(element)
        } else {
            0.0
        }
    }
}

/// Content scores of every candidate container, by node id.
struct Scores<'a> {
    score: HashMap<NodeId, f64>,
    elements: Vec<ElementRef<'a>>,
    /// Whether each story element met while crediting is a teaser ([`is_teaser`]).
    teasers: HashMap<NodeId, bool>,
}

impl Scores<'_> {
    fn get(&self, element: &ElementRef) -> Option<f64> {
        self.score.get(&element.id()).copied()
    }

    /// Whether `element` is a story element (`<article>`, `role="article"`) that is a
    /// teaser ([`is_teaser`]), remembered per element.
    fn is_teaser(&mut self, element: &ElementRef, stats: &PageStats) -> bool {
        let value = element.value();
        let is_story = value.name() == "article"
            || value
                .attr("role")
                .is_some_and(|role| role.eq_ignore_ascii_case("article"));
        is_story
            && *self
                .teasers
                .entry(element.id())
                .or_insert_with(|| is_teaser(element, stats))
    }
}

/// Scores every text container under `body` and credits its ancestors.
fn score_candidates<'a>(body: ElementRef<'a>, stats: &PageStats, rules: &Rules) -> Scores<'a> {
    let mut scores = Scores {
        score: HashMap::default(),
        elements: Vec::new(),
        teasers: HashMap::default(),
    };
    let mut skipped_until: Option<NodeId> = None;
    for edge in body.traverse() {
        let (node, opening) = match edge {
            ego_tree::iter::Edge::Open(node) => (node, true),
            ego_tree::iter::Edge::Close(node) => (node, false),
        };
        if let Some(skipped) = skipped_until {
            if !opening && node.id() == skipped {
                skipped_until = None;
            }
            continue;
        }
        if !opening {
            continue;
        }
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        // A bibliography's entries are citations, not the article's paragraphs.
        if element.id() != body.id() && (rules.excludes(&element) || is_reference_list(&element)) {
            skipped_until = Some(node.id());
            continue;
        }
        if let Some(points) = paragraph_points(&element, stats) {
            // A teaser set as a list item gives its list nothing.
            if scores.is_teaser(&element, stats) {
                continue;
            }
            let ancestors = element.ancestors().filter_map(ElementRef::wrap);
            credit(ancestors, points, &mut scores, stats, rules);
        } else {
            for points in loose_text_points(&element, stats) {
                let chain = std::iter::once(element)
                    .chain(element.ancestors().filter_map(ElementRef::wrap));
                credit(chain, points, &mut scores, stats, rules);
            }
        }
    }
    for element in &scores.elements {
        if let Some(score) = scores.score.get_mut(&element.id()) {
            *score *= 1.0 - stats.of(**element).link_density();
        }
    }
    scores
}

/// Whether one of an element's children is a block-level element (a paragraph, a `div`, a
/// list, …).
pub fn has_block_child(element: &ElementRef) -> bool {
    element
        .children()
        .filter_map(ElementRef::wrap)
        .any(|child| BLOCK_ELEMENTS.contains(&child.value().name()))
}

/// The points a paragraph-like element earns: one, plus its commas, plus one per hundred
/// characters (at most three); `None` when it is not a paragraph or too short.
fn paragraph_points(element: &ElementRef, stats: &PageStats) -> Option<f64> {
    let name = element.value().name();
    let is_paragraph = PARAGRAPH_ELEMENTS.contains(&name)
        || (FLAT_PARAGRAPH_ELEMENTS.contains(&name) && !has_block_child(element));
    if !is_paragraph {
        return None;
    }
    let own = stats.of(**element);
    if own.text < MIN_PARAGRAPH_CHARS {
        return None;
    }
    // A list item or cell that merely holds a link scores nothing.
    if matches!(name, "li" | "td" | "dd") && own.link_density() > 0.5 {
        return None;
    }
    Some(1.0 + own.commas as f64 + (own.text / 100).min(3) as f64)
}

/// Points of the runs of text that sit loose in a container beside block children (blog
/// templates put paragraphs straight into a `div`, separated by `<br><br>`): each run long
/// enough scores as a paragraph of the container itself.
fn loose_text_points(element: &ElementRef, stats: &PageStats) -> Vec<f64> {
    let mut points = Vec::new();
    let has_block_child = has_block_child(element);
    let is_structural = STRUCTURAL_ELEMENTS.contains(&element.value().name());
    if !has_block_child || is_structural {
        return points;
    }
    let (mut chars, mut commas) = (0usize, 0usize);
    let mut last_was_break = false;
    let mut end_run = |chars: &mut usize, commas: &mut usize| {
        if *chars >= MIN_PARAGRAPH_CHARS {
            points.push(1.0 + *commas as f64 + (*chars / 100).min(3) as f64);
        }
        *chars = 0;
        *commas = 0;
    };
    for child in element.children() {
        match child.value() {
            Node::Text(text) => {
                let own = stats.of(child);
                chars += own.text;
                commas += own.commas;
                if !text.trim().is_empty() {
                    last_was_break = false;
                }
            }
            Node::Element(e) if e.name() == "br" => {
                if last_was_break {
                    end_run(&mut chars, &mut commas);
                }
                last_was_break = true;
            }
            Node::Element(e) if BLOCK_ELEMENTS.contains(&e.name()) => {
                end_run(&mut chars, &mut commas);
                last_was_break = false;
            }
            Node::Element(_) => {
                let own = stats.of(child);
                chars += own.text;
                commas += own.commas;
                last_was_break = false;
            }
            _ => {}
        }
    }
    end_run(&mut chars, &mut commas);
    points
}

/// Gives `points` to the first element of `chain`, half to the next, and less further up;
/// no further up than a teaser ([`is_teaser`]): a list of teasers gathers no score from them.
fn credit<'a>(
    chain: impl Iterator<Item = ElementRef<'a>>,
    points: f64,
    scores: &mut Scores<'a>,
    stats: &PageStats,
    rules: &Rules,
) {
    for (level, ancestor) in chain.take(SCORE_ANCESTOR_LEVELS).enumerate() {
        if matches!(ancestor.value().name(), "html") {
            break;
        }
        let divider = match level {
            0 => 1.0,
            1 => 2.0,
            _ => level as f64 * 3.0,
        };
        let entry = scores.score.entry(ancestor.id()).or_insert_with(|| {
            scores.elements.push(ancestor);
            initial_score(&ancestor, rules)
        });
        *entry += points / divider;
        if scores.is_teaser(&ancestor, stats) {
            break;
        }
    }
}

/// The most paragraphs a teaser holds: its summary.
const MAX_TEASER_PARAGRAPHS: usize = 1;

/// Whether a story element (`<article>`, `role="article"`) is a teaser of another page: its
/// headline is a link, and it holds a summary of at most [`MAX_TEASER_PARAGRAPHS`] paragraph
/// (a card in a list of stories). An article's own headline may link to itself too, but the
/// article has more paragraphs than that.
fn is_teaser(story: &ElementRef, stats: &PageStats) -> bool {
    if stats.of(**story).paragraphs > MAX_TEASER_PARAGRAPHS {
        return false;
    }
    story
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|element| {
            matches!(
                element.value().name(),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            )
        })
        .is_some_and(|headline| {
            let own = stats.of(*headline);
            own.text > 0 && own.link_density() > 0.5
        })
}

/// A container's starting score, from its tag ([`CONTAINER_SCORES`]) and its class and id.
fn initial_score(element: &ElementRef, rules: &Rules) -> f64 {
    let name = element.value().name();
    let tag_score = CONTAINER_SCORES
        .iter()
        .find(|(names, _)| names.contains(&name))
        .map_or(0.0, |(_, score)| *score);
    tag_score + rules.class_weight(element)
}

/// The least text (characters, whitespace excluded) a container holds to be the article
/// while another container holds that much: a box of a line or two, raised by a class name
/// (`text-center`, `content-left`), is no article.
const MIN_CANDIDATE_CHARS: usize = 140;

/// The best-scoring container, among those that hold an article's worth of text
/// ([`MIN_CANDIDATE_CHARS`]) when any does.
fn best_candidate<'a>(
    scores: &Scores<'a>,
    body: ElementRef<'a>,
    stats: &PageStats,
) -> Option<ElementRef<'a>> {
    let best = |sized: bool| {
        scores
            .elements
            .iter()
            .filter(|e| e.id() != body.id())
            .filter(|e| !sized || stats.of(***e).text >= MIN_CANDIDATE_CHARS)
            .max_by(|a, b| {
                let (sa, sb) = (scores.get(a).unwrap_or(0.0), scores.get(b).unwrap_or(0.0));
                sa.total_cmp(&sb)
            })
            .copied()
    };
    best(true).or_else(|| best(false))
}

/// Moves from the best container up to an ancestor when the article is split over several
/// strong containers under it, when a parent scores better, or when the container is its
/// parent's only child.
fn promote<'a>(
    top: ElementRef<'a>,
    scores: &Scores<'a>,
    body: ElementRef<'a>,
    stats: &PageStats,
) -> ElementRef<'a> {
    let top_score = scores.get(&top).unwrap_or(0.0);
    // A rival holds an article's worth of text, as the top container does.
    let sized = stats.of(*top).text >= MIN_CANDIDATE_CHARS;
    let rivals: Vec<&ElementRef> = scores
        .elements
        .iter()
        .filter(|e| {
            e.id() != top.id()
                && scores.get(e).unwrap_or(0.0) >= top_score * RIVAL_SHARE
                && (!sized || stats.of(***e).text >= MIN_CANDIDATE_CHARS)
        })
        .collect();
    let mut current = top;
    if rivals.len() >= RIVALS_FOR_COMMON_ANCESTOR {
        for ancestor in top.ancestors().filter_map(ElementRef::wrap) {
            if ancestor.id() == body.id() {
                break;
            }
            let contained = rivals
                .iter()
                .filter(|r| r.ancestors().any(|a| a.id() == ancestor.id()))
                .count();
            if contained >= RIVALS_FOR_COMMON_ANCESTOR {
                current = ancestor;
                break;
            }
        }
    }
    // A parent that scores better than its child holds more of the article.
    let mut last_score = scores.get(&current).unwrap_or(0.0);
    let mut parent = current.parent().and_then(ElementRef::wrap);
    while let Some(candidate) = parent.filter(|p| p.id() != body.id()) {
        let Some(parent_score) = scores.get(&candidate) else {
            parent = candidate.parent().and_then(ElementRef::wrap);
            continue;
        };
        if parent_score < last_score / 3.0 {
            break;
        }
        if parent_score > last_score {
            current = candidate;
            break;
        }
        last_score = parent_score;
        parent = candidate.parent().and_then(ElementRef::wrap);
    }
    // An only child says no more than its parent.
    while let Some(parent) = current.parent().and_then(ElementRef::wrap) {
        let element_children = parent.children().filter_map(ElementRef::wrap).count();
        if parent.id() == body.id() || element_children != 1 {
            break;
        }
        current = parent;
    }
    current
}

/// The most link text an unscored sibling wrapper may hold to join the article as its lead
/// block: a list of teasers under the same layout classes does not.
const MAX_TWIN_LINK_DENSITY: f64 = 0.3;

/// The best score of the containers inside `wrapper` that have the tag and the very class
/// list of `top` (0 when none does, or when `top` has no class).
fn twin_score_inside(wrapper: &ElementRef, top: &ElementRef, scores: &Scores) -> f64 {
    let class_list = |element: &ElementRef| {
        element
            .value()
            .attr("class")
            .map(|class| class.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|class| !class.is_empty())
    };
    let Some(top_class) = class_list(top) else {
        return 0.0;
    };
    wrapper
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|candidate| {
            candidate.value().name() == top.value().name()
                && class_list(candidate).as_deref() == Some(top_class.as_str())
        })
        .filter_map(|candidate| {
            scores.get(&candidate).or_else(|| {
                // The twin itself may sit above the scored level too: take its best container.
                candidate
                    .descendants()
                    .filter_map(ElementRef::wrap)
                    .filter_map(|inner| scores.get(&inner))
                    .reduce(f64::max)
            })
        })
        .fold(0.0, f64::max)
}

/// The container and those of its siblings that score well or read like article paragraphs.
fn with_siblings<'a>(
    top: ElementRef<'a>,
    scores: &Scores<'a>,
    stats: &PageStats,
    rules: &Rules,
) -> Vec<ElementRef<'a>> {
    let Some(parent) = top.parent() else {
        return vec![top];
    };
    let top_score = scores.get(&top).unwrap_or(0.0);
    let threshold = (top_score * SIBLING_SHARE).max(10.0);
    let top_class = top.value().attr("class").unwrap_or_default();
    let mut roots = Vec::new();
    for sibling in parent.children().filter_map(ElementRef::wrap) {
        if sibling.id() == top.id() {
            roots.push(sibling);
            continue;
        }
        if rules.excludes(&sibling) {
            continue;
        }
        let shares_class = sibling
            .value()
            .attr("class")
            .and_then(|class| class.split_whitespace().next())
            .is_some_and(|first| top_class.split_whitespace().next() == Some(first));
        let bonus = if shares_class {
            top_score * SIBLING_SHARE
        } else {
            0.0
        };
        // A wrapper too far above its paragraphs to be scored joins when it holds a container
        // made like the top one (same tag and classes): an article split into a lead block
        // and a body block keeps both.
        let own = stats.of(*sibling);
        let score = scores.get(&sibling).unwrap_or_else(|| {
            if own.link_density() < MAX_TWIN_LINK_DENSITY {
                twin_score_inside(&sibling, &top, scores)
            } else {
                0.0
            }
        }) + bonus;
        let reads_like_paragraph = is_paragraph_of_text(&sibling, &own)
            && ((own.text > 80 && own.link_density() < 0.25)
                || (own.text > 0
                    && own.link_density() == 0.0
                    && sibling.text().collect::<String>().trim_end().ends_with('.')));
        if score >= threshold || reads_like_paragraph {
            roots.push(sibling);
        }
    }
    let (before, after) = parts_beside_parent(top, scores, stats, rules);
    before.into_iter().chain(roots).chain(after).collect()
}

/// Whether a sibling of the article's container may be a paragraph of its own: a `<p>`, or
/// an element that stands for one ([`FLAT_PARAGRAPH_ELEMENTS`], a `div` of text): no block
/// and no picture inside, a paragraph's length, and no class or id of furniture (a line of
/// place and time under the headline is not one).
fn is_paragraph_of_text(element: &ElementRef, own: &NodeStats) -> bool {
    let name = element.value().name();
    name == "p"
        || (FLAT_PARAGRAPH_ELEMENTS.contains(&name)
            && !has_block_child(element)
            && own.images == 0
            && own.text >= MIN_PARAGRAPH_CHARS
            && class_weight(element) >= 0.0)
}

/// The least score a part of a split article needs (two paragraphs or so).
const MIN_PART_SCORE: f64 = 10.0;

/// The other parts of an article that an advertisement splits into blocks made alike
/// (`div.story-body-supplemental > div.story-body`, twice): containers with the tag and first
/// class of `top`, scored, mostly not links, inside the siblings of its parent that share the
/// parent's first class. Returned as those before the parent and those after it.
fn parts_beside_parent<'a>(
    top: ElementRef<'a>,
    scores: &Scores<'a>,
    stats: &PageStats,
    rules: &Rules,
) -> (Vec<ElementRef<'a>>, Vec<ElementRef<'a>>) {
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let Some(parent) = top.parent().and_then(ElementRef::wrap) else {
        return (before, after);
    };
    let (Some(top_class), Some(parent_class)) = (first_class(&top), first_class(&parent)) else {
        return (before, after);
    };
    let Some(grandparent) = parent.parent() else {
        return (before, after);
    };
    let mut past_parent = false;
    for uncle in grandparent.children().filter_map(ElementRef::wrap) {
        if uncle.id() == parent.id() {
            past_parent = true;
            continue;
        }
        if first_class(&uncle) != Some(parent_class) || rules.excludes(&uncle) {
            continue;
        }
        let parts = uncle
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|part| {
                part.value().name() == top.value().name()
                    && first_class(part) == Some(top_class)
                    && scores.get(part).unwrap_or(0.0) >= MIN_PART_SCORE
                    && stats.of(**part).link_density() < MAX_TWIN_LINK_DENSITY
                    && !rules.excludes(part)
            });
        if past_parent {
            after.extend(parts);
        } else {
            before.extend(parts);
        }
    }
    (before, after)
}

/// The first name in an element's `class`.
fn first_class<'e>(element: &ElementRef<'e>) -> Option<&'e str> {
    element.value().attr("class")?.split_whitespace().next()
}

/// Whether an element is a section heading set as a plain `<div>` or `<p>` with a class that
/// says so (`<div class="pf_subheadline">Who pays?</div>`): a few words, no picture, no
/// blocks inside, and no full stop at the end (a summary sentence is a paragraph).
pub fn is_classed_heading(element: &ElementRef, stats: &PageStats) -> bool {
    if !matches!(element.value().name(), "div" | "p")
        || !element.value().attr("class").is_some_and(is_heading_class)
        || stats.of(**element).images > 0
        || has_block_child(element)
    {
        return false;
    }
    let text: String = element.text().collect();
    let words = text
        .split_whitespace()
        .take(MAX_CLASSED_HEADING_WORDS + 1)
        .count();
    (1..=MAX_CLASSED_HEADING_WORDS).contains(&words) && !text.trim_end().ends_with('.')
}

/// Whether a container inside the article is furniture by its make-up: mostly links, more
/// list items than paragraphs, forms, lone embeds, or images without text (Readability's
/// "clean conditionally").
pub fn is_suspicious_container(
    element: &ElementRef,
    stats: &PageStats,
    weight_classes: bool,
) -> bool {
    suspicious_make_up(element, stats, weight_classes).is_some()
}

/// Why a container fails the make-up check ([`is_suspicious_container`]), as the removal log
/// names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MakeUp {
    /// Its class or id counts against it.
    FurnitureClass,
    /// More pictures than paragraphs, outside a figure.
    PictureBox,
    /// Far more list items than paragraphs.
    ListHeavy,
    /// Form fields beside few paragraphs.
    Form,
    /// Too little text to be a paragraph, and no picture of its own.
    LittleText,
    /// Much of its text is links.
    LinkHeavy,
    /// A list of links.
    LinkList,
    /// An embed with little text, or several embeds.
    Embed,
}

impl MakeUp {
    /// The rule's name in the removal log.
    pub fn rule(self) -> &'static str {
        match self {
            MakeUp::FurnitureClass => "furniture-class",
            MakeUp::PictureBox => "picture-box",
            MakeUp::ListHeavy => "list-heavy",
            MakeUp::Form => "form",
            MakeUp::LittleText => "little-text",
            MakeUp::LinkHeavy => "link-heavy",
            MakeUp::LinkList => "link-list",
            MakeUp::Embed => "embed",
        }
    }
}

/// Paragraphs per embed that make a container with several embeds a post with videos in
/// it rather than a box of videos.
const EMBED_PARAGRAPHS: usize = 2;

/// [`is_suspicious_container`], saying which check the container fails.
pub fn suspicious_make_up(
    element: &ElementRef,
    stats: &PageStats,
    weight_classes: bool,
) -> Option<MakeUp> {
    let name = element.value().name();
    if !CONDITIONALLY_CLEANED_ELEMENTS.contains(&name) {
        return None;
    }
    let weight = if weight_classes {
        class_weight(element)
    } else {
        0.0
    };
    if is_classed_heading(element, stats) {
        return None;
    }
    let own = stats.of(**element);
    // A class naming media marks nothing when there is no picture or video in the element.
    if weight < 0.0 && !(own.images == 0 && own.embeds == 0 && is_marked_only_as_media(element)) {
        return Some(MakeUp::FurnitureClass);
    }
    if is_data_table(element) {
        // A table of data keeps its rows, icons and all.
        return None;
    }
    if own.commas >= 10 {
        return None;
    }
    let is_list = matches!(name, "ul" | "ol" | "dl")
        || (own.list_items > 0 && own.paragraphs == 0 && own.text > 0);
    let in_figure = element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "figure");
    let link_density = own.link_density();
    let heading_density = if own.text == 0 {
        0.0
    } else {
        own.heading_text as f64 / own.text as f64
    };
    let fails =
        if own.images > 1 && (own.paragraphs as f64) / (own.images as f64) < 0.5 && !in_figure {
            MakeUp::PictureBox
        } else if !is_list && own.list_items > own.paragraphs + 100 {
            MakeUp::ListHeavy
        } else if own.inputs > own.paragraphs / 3 {
            MakeUp::Form
        } else if !is_list
            && heading_density < 0.9
            && own.text < MIN_PARAGRAPH_CHARS
            && (own.images == 0 || own.images > 2)
            && !in_figure
            && own.embeds == 0
            && !holds_code_listing(element)
        {
            MakeUp::LittleText
        } else if !is_list && weight < 25.0 && link_density > 0.2 {
            MakeUp::LinkHeavy
        } else if is_list && link_density > 0.5 && is_link_list(element, stats) {
            MakeUp::LinkList
        } else if weight >= 25.0 && link_density > 0.5 {
            MakeUp::LinkHeavy
        } else if (own.embeds == 1 && own.text < 75)
            || (own.embeds > 1 && own.paragraphs < own.embeds * EMBED_PARAGRAPHS)
        {
            MakeUp::Embed
        } else {
            return None;
        };
    let kept = is_picture_list(element, &own, stats)
        || is_captioned_picture(element, stats)
        || is_captioned_gallery(element, stats)
        || (fails == MakeUp::PictureBox && is_list_of_illustrated_steps(element, &own, stats));
    (!kept).then_some(fails)
}

/// Whether an element holds a listing of code or other preformatted text (`<pre>`): a short
/// command is the article's, however little text it has.
fn holds_code_listing(element: &ElementRef) -> bool {
    element
        .descendants()
        .filter_map(ElementRef::wrap)
        .any(|e| e.value().name() == "pre")
}

/// The longest caption or credit, in characters of text; longer "captions" are content.
pub const MAX_CAPTION_CHARS: usize = 400;

/// Text a captioned picture may hold beside its caption (an "Enlarge" link, a label).
const MAX_TEXT_BESIDE_CAPTION: usize = 20;

/// Whether an element's class or id marks it as a caption or credit.
pub fn has_caption_mark(element: &ElementRef) -> bool {
    let value = element.value();
    value.attr("class").is_some_and(is_caption_class)
        || value.attr("id").is_some_and(is_caption_class)
}

/// Whether a `div` or `section` is a picture with its caption but without `<figure>` markup
/// (MediaWiki's `thumb`, many CMS image blocks): one image, an element marked as its caption,
/// and next to no text outside that caption. Such a block is a figure, however many links its
/// caption has.
pub fn is_captioned_picture(element: &ElementRef, stats: &PageStats) -> bool {
    if !matches!(element.value().name(), "div" | "section") {
        return false;
    }
    let own = stats.of(**element);
    if own.images != 1 || own.text >= MAX_CAPTION_CHARS {
        return false;
    }
    element
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .find(|inner| has_caption_mark(inner) && stats.of(**inner).images == 0)
        .is_some_and(|caption| own.text - stats.of(*caption).text <= MAX_TEXT_BESIDE_CAPTION)
}

/// Whether every picture in a container sits in a captioned picture of its own (a row of
/// them, like MediaWiki's `tmulti`).
fn is_captioned_gallery(element: &ElementRef, stats: &PageStats) -> bool {
    let own = stats.of(**element);
    own.images >= 2
        && element
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|inner| inner.value().name() == "img")
            .all(|img| {
                img.ancestors()
                    .take_while(|ancestor| ancestor.id() != element.id())
                    .filter_map(ElementRef::wrap)
                    .any(|ancestor| is_captioned_picture(&ancestor, stats))
            })
}

/// Characters outside links an item of a list of links may have ("Title – Site", "• New").
const MAX_UNLINKED_ITEM_CHARS: usize = 12;

/// Whether a list is a list of links (related stories, a menu): most of its items are a link
/// and little else. Items that name a link inside a sentence of their own ("Ana fixed
/// <a>the crash on start</a> in the sync code") make a list of news, not of links.
fn is_link_list(element: &ElementRef, stats: &PageStats) -> bool {
    let mut items = 0;
    let mut sentences = 0;
    for item in element.children().filter_map(ElementRef::wrap) {
        let own = stats.of(*item);
        if own.text == 0 {
            continue;
        }
        items += 1;
        if own.text.saturating_sub(own.link_text) > MAX_UNLINKED_ITEM_CHARS {
            sentences += 1;
        }
    }
    sentences * 2 < items
}

/// A list whose every item is one picture (a gallery the article shows), kept whatever its
/// make-up says. A short unlinked title may open it (MediaWiki's `gallerycaption`).
fn is_picture_list(element: &ElementRef, own: &NodeStats, stats: &PageStats) -> bool {
    if !matches!(element.value().name(), "ul" | "ol") || own.images == 0 {
        return false;
    }
    let items: Vec<ElementRef> = element.children().filter_map(ElementRef::wrap).collect();
    let pictures = match items.split_first() {
        Some((first, rest)) if is_gallery_title(first, stats) => rest,
        _ => &items[..],
    };
    pictures.len() == own.images
        && own.list_items == own.images + (items.len() - pictures.len())
        && pictures
            .iter()
            .all(|item| item.children().filter_map(ElementRef::wrap).count() <= 1)
}

/// The longest title a gallery may open with, in characters.
const MAX_GALLERY_TITLE_CHARS: usize = 100;

/// Whether a list item is a gallery's title: no picture, a little text, no link.
/// A list of steps each shown in a picture (a recipe's or a how-to's), or a box holding one:
/// every item has a line of running text of its own beside at most one picture, and little
/// of it linked. A gallery of captioned pictures or of linked teasers is not one.
fn is_list_of_illustrated_steps(element: &ElementRef, own: &NodeStats, stats: &PageStats) -> bool {
    let is_list = |e: &ElementRef| matches!(e.value().name(), "ul" | "ol");
    let list = if is_list(element) {
        Some(*element)
    } else {
        element
            .children()
            .filter_map(ElementRef::wrap)
            .find(|child| is_list(child) && stats.of(**child).images == own.images)
    };
    let Some(list) = list else {
        return false;
    };
    let items: Vec<ElementRef> = list.children().filter_map(ElementRef::wrap).collect();
    items.len() >= 2
        && items.iter().all(|item| {
            let step = stats.of(**item);
            item.value().name() == "li"
                && step.images <= 1
                && step.link_text * 2 < step.text
                && item.children().any(|child| {
                    child
                        .value()
                        .as_text()
                        .is_some_and(|text| text.trim().chars().count() >= MIN_STEP_CHARS)
                })
        })
}

/// The fewest characters of running text an illustrated step has ("Stir well.").
const MIN_STEP_CHARS: usize = 10;

fn is_gallery_title(item: &ElementRef, stats: &PageStats) -> bool {
    let own = stats.of(**item);
    own.images == 0 && own.link_text == 0 && own.text > 0 && own.text <= MAX_GALLERY_TITLE_CHARS
}

/// The table a container belongs to when it is a part of a table of data with a header row
/// (its body, a row, a cell): a long table whose cells hold sentences scores its body
/// highest, and walking the body alone would lose the header and make each cell a paragraph.
/// A table that lays out the page (no header row, columns that do not line up, a nested
/// table) gives the container itself, as does any other element.
fn whole_table(top: ElementRef<'_>) -> ElementRef<'_> {
    if !matches!(
        top.value().name(),
        "tbody" | "thead" | "tfoot" | "tr" | "td" | "th"
    ) {
        return top;
    }
    let table = top
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|ancestor| ancestor.value().name() == "table");
    match table {
        Some(table) if is_grid_of_data(&table) => table,
        _ => top,
    }
}

/// Whether a table is a grid of data however long its cells' text: a table of data
/// ([`is_data_table`]) whose first row is a row of header cells, with two columns or more,
/// and whose rows have as many columns as its header (spans counted), nine in ten of them.
pub fn is_grid_of_data(table: &ElementRef) -> bool {
    if !is_data_table(table) {
        return false;
    }
    let rows: Vec<ElementRef> = table
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|row| row.value().name() == "tr")
        .collect();
    fn cells<'a>(row: &ElementRef<'a>) -> Vec<ElementRef<'a>> {
        row.children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .collect()
    }
    let width = |row: &ElementRef| -> usize {
        cells(row)
            .iter()
            .map(|cell| {
                cell.value()
                    .attr("colspan")
                    .and_then(|span| span.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 1000)
            })
            .sum()
    };
    let Some(first) = rows.first() else {
        return false;
    };
    let header = cells(first);
    let columns = width(first);
    if columns < 2 || header.is_empty() || !header.iter().all(|c| c.value().name() == "th") {
        return false;
    }
    // Rows under a cell spanning rows have fewer cells of their own: they are not counted.
    let spans_rows = table
        .descendants()
        .filter_map(ElementRef::wrap)
        .any(|cell| {
            cell.value()
                .attr("rowspan")
                .is_some_and(|span| span.trim() != "1")
        });
    let matching = rows.iter().filter(|row| width(row) == columns).count();
    spans_rows || matching * 10 >= rows.len() * 9
}

/// A table of data rather than of layout: it has header cells or a caption, or many rows and
/// columns, and no nested table.
pub fn is_data_table(element: &ElementRef) -> bool {
    let value = element.value();
    if value.name() != "table" || value.attr("role") == Some("presentation") {
        return false;
    }
    let mut rows = 0;
    let mut widest = 0;
    let mut has_header = false;
    for node in element.descendants().filter_map(ElementRef::wrap) {
        match node.value().name() {
            "table" if node.id() != element.id() => return false,
            "caption" | "th" | "thead" => has_header = true,
            "tr" => {
                rows += 1;
                let cells = node
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|c| matches!(c.value().name(), "td" | "th"))
                    .count();
                widest = widest.max(cells);
            }
            _ => {}
        }
    }
    has_header || value.attr("summary").is_some() || rows >= 10 || widest > 4
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Selector;

    #[test]
    fn text_is_counted_in_characters_without_spaces_in_any_script() {
        let mut stats = NodeStats::default();
        // Spaces of three kinds (tab, no-break, ideographic), Latin, Greek and Chinese
        // letters, and commas of both widths and the ideographic one.
        count_text("a,\tb\u{a0}ç, ή，港\u{3000}口、", &mut stats);
        assert_eq!(stats.text, 10);
        assert_eq!(stats.commas, 4);
    }

    #[test]
    fn boxes_of_a_line_raised_by_their_class_do_not_outrank_the_article() {
        let boxes: String = (1..=5)
            .map(|n| {
                format!(
                    "<div class='text-center'><p>Featured fund number {n} of the week</p></div>"
                )
            })
            .collect();
        let page = format!(
            "<html><body><div class='piece'><h1>The pocket phone</h1><div class='copy'>\
            <p>The new pocket phone is not what anyone would call a flagship model this year.</p>\
            <p>It keeps the round button under the screen and the reader that people missed.</p>\
            <p>It comes in a body that fits in a shirt pocket, which is the whole point of it.</p>\
            <p>Reviewers who tried it for a week say the battery lasts a day of ordinary use.</p>\
            </div></div><div class='funds'><div class='band'>{boxes}</div></div></body></html>"
        );
        let html = Html::parse_document(&page);
        let stats = PageStats::gather(*html.root_element());
        let roots = article_roots(&html, &stats, &|_| false, Strictness::PASSES[0]);
        let text: String = roots.iter().flat_map(|root| root.text()).collect();
        assert!(text.contains("battery lasts a day"), "{text}");
        assert!(!text.contains("Featured fund"), "{text}");
    }

    /// Whether the first `css` element of `page` is judged furniture by its make-up.
    fn suspicious(page: &str, css: &str) -> bool {
        let html = Html::parse_document(page);
        let stats = PageStats::gather(*html.root_element());
        let selector = Selector::parse(css).expect("test selector");
        let element = html.select(&selector).next().expect("element in page");
        is_suspicious_container(&element, &stats, true)
    }

    #[test]
    fn formula_pictures_make_no_gallery_but_photos_do() {
        let formulas =
            "<dl><dd>Proof: if <img class='mwe-math-fallback-image-inline' src='a.svg'> \
            then <img class='mwe-math-fallback-image-inline' src='b.svg'> so \
            <img class='mwe-math-fallback-image-inline' src='c.svg'>, which is what we wanted to \
            show about the matrix and its transpose here.</dd></dl>";
        assert!(!suspicious(formulas, "dl"));
        let photos = "<div class='strip'><img src='a.jpg' width='600' height='400'>\
            <img src='b.jpg' width='600' height='400'><img src='c.jpg' width='600' height='400'>\
            <span>Three views of the bay from the old pier at dawn and dusk.</span></div>";
        assert!(suspicious(photos, "div.strip"));
    }

    #[test]
    fn buttons_are_no_form_and_their_words_no_text() {
        let demo = "<div class='demo'><p>Pick a colour for the toolbar and the tabs follow it.</p>\
            <img src='theme.png' width='600' height='400'>\
            <button>Preview red</button><button>Preview blue</button><button>Preview green</button></div>";
        assert!(!suspicious(demo, "div.demo"));
        let form =
            "<div class='signup'><p>Get the letter every week in your inbox, free of charge.</p>\
            <input name='email'><input type='submit' value='Sign up'></div>";
        assert!(suspicious(form, "div.signup"));
    }

    #[test]
    fn links_within_the_page_weigh_less_than_links_away() {
        let within = "<div class='intro'><p>Read <a href='#themes'>the part on themes</a> and \
            <a href='#tabs'>the part on tabs</a> further down this page.</p></div>";
        assert!(!suspicious(within, "div.intro"));
        let away = within.replace("href='#", "href='https://example.org/");
        assert!(suspicious(&away, "div.intro"));
    }

    #[test]
    fn a_list_of_news_with_links_is_no_list_of_links() {
        let news = "<ul class='notes'>\
            <li>Ana <a href='https://bugs.example.org/1'>fixed the crash on start</a> in the sync code</li>\
            <li>Ben <a href='https://bugs.example.org/2'>removed the old toolbar</a> from every window</li>\
            <li>Cy <a href='https://bugs.example.org/3'>made the downloads panel faster</a></li></ul>";
        assert!(!suspicious(news, "ul.notes"));
        let related = "<ul class='notes'>\
            <li><a href='/a'>Why the tide clock runs backwards</a></li>\
            <li><a href='/b'>Ten harbours to see before winter</a> (video)</li>\
            <li><a href='/c'>The ferry timetable, explained</a></li></ul>";
        assert!(suspicious(related, "ul.notes"));
    }

    #[test]
    fn a_table_of_data_keeps_its_icons() {
        let table = "<table><thead><tr><th>Part</th><th>State</th></tr></thead>\
            <tr><td>Engine</td><td><img src='done.png' width='20px'> done</td></tr>\
            <tr><td>Wheels</td><td><img src='done.png' width='20px'> done</td></tr>\
            <tr><td>Paint</td><td><img src='wait.png' width='20px'> waiting</td></tr></table>";
        assert!(!suspicious(table, "table"));
        let layout = table.replace("<thead><tr><th>Part</th><th>State</th></tr></thead>", "");
        assert!(suspicious(&layout, "table"));
    }

    #[test]
    fn a_list_of_one_picture_per_item_is_a_gallery_to_keep() {
        let gallery = "<ul class='shots'><li><img src='a.jpg' width='600' height='400'></li>\
            <li><img src='b.jpg' width='600' height='400'></li>\
            <li><img src='c.jpg' width='600' height='400'></li></ul>";
        assert!(!suspicious(gallery, "ul"));
        // A gallery may open with a title of its own, but not with a link elsewhere.
        let titled = gallery.replacen("<li>", "<li>Views of the bay</li><li>", 1);
        assert!(!suspicious(&titled, "ul"));
        let linked = gallery.replacen("<li>", "<li><a href='/more'>More photos</a></li><li>", 1);
        assert!(suspicious(&linked, "ul"));
        let cards = "<ul class='shots'><li><img src='a.jpg' width='600' height='400'><p>One</p><p>A</p></li>\
            <li><img src='b.jpg' width='600' height='400'><a href='/b'>Two</a></li>\
            <li><img src='c.jpg' width='600' height='400'><a href='/c'>Three</a></li></ul>";
        assert!(suspicious(cards, "ul"));
    }
}
