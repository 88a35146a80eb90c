//! A guard run on markup before html5ever parses it: tags nested deeper than [`MAX_NESTING`]
//! are dropped, their text kept; and, for a page about to be parsed, what extraction never
//! reads is left out on the way.
//!
//! html5ever has no depth limit, and several of its steps walk the whole stack of open
//! elements (the scope checks before a `<div>` or a `<p>`), so a page of 100,000 nested `<div>`s
//! costs it time quadratic in the depth: minutes of work for a few hundred kilobytes. Browsers
//! cap the tree (Blink at 512 levels) for the same reason. This module estimates the depth the
//! parser will build with a single pass over the tags, the way its tokenizer reads them
//! (comments, quoted attribute values and the raw text of `<script>` or `<style>` are skipped),
//! and drops the start and end tags of elements that would open deeper than the limit. Pages
//! that stay under it are returned as they are, without a copy.
//!
//! Before a page is parsed ([`prune_for_parsing`]), the same pass also empties the code of
//! scripts and styles, drops comments, and empties the elements the extraction never reads
//! (menus, drawings: [`EMPTIED_BEFORE_PARSING`]), unless something inside must stay (JSON-LD,
//! metadata tags, bylines, HTML that ends an `<svg>`). The element lists of HTML's own parsing
//! rules are here; the lists of what extraction reads are in the vocabulary.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::metadata::contains_ignoring_case;
use super::vocabulary::classes::METADATA_MARKS;
use super::vocabulary::elements::{EMPTIED_BEFORE_PARSING, READ_ANYWHERE};

/// The deepest element nesting passed on to the parser (Blink's limit).
pub const MAX_NESTING: usize = 512;

/// Elements without content: they never open a level.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose end tag may be left out (the parser closes them when a sibling starts), and
/// the document's own frame: counting them would make the estimate drift upwards on pages that
/// never close their paragraphs or list items.
const IMPLIED_END: &[&str] = &[
    "body", "caption", "colgroup", "dd", "dt", "head", "html", "li", "optgroup", "option", "p",
    "rb", "rp", "rt", "rtc", "tbody", "td", "tfoot", "th", "thead", "tr",
];

/// Elements that close an open element of the same name (or, for headings, any heading) when
/// they start again.
const NOT_NESTED: &[&str] = &["a", "button", "form", "nobr", "select"];

/// Elements whose content is raw text up to their end tag: no tags are read inside.
const RAW_TEXT: &[&str] = &[
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
];

/// HTML elements that make the parser leave SVG (their text then belongs to the page): an
/// `<svg>` with one of them inside keeps its content.
const LEAVES_FOREIGN_CONTENT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// Phrasing elements: a dropped tag of these is removed outright; any other dropped tag leaves
/// a space so that the words of neighbouring blocks do not run together.
const PHRASING: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
    "tt", "u", "var",
];

/// `html` with every element nested deeper than `max_depth` unwrapped: its tags are gone, its
/// text stays. Raw-text elements (`<script>`, `<style>`, …) that deep go with their content.
pub fn limit_nesting(html: &str, max_depth: usize) -> Cow<'_, str> {
    prune(html, max_depth, false)
}

/// [`limit_nesting`], and the code of every `<script>` and `<style>` emptied on the way, the
/// elements themselves kept: nothing reads that code, and html5ever's tokenizer would spend
/// a fifth of its time on it on a typical news page. JSON-LD scripts keep their text (the
/// metadata reads it), and so does a script with `<!--` in it, whose end the tokenizer finds
/// by rules of its own. Comments go too, and so does the content of the elements of
/// [`EMPTIED_BEFORE_PARSING`], unless a tag inside is [`READ_ANYWHERE`] or has one of the
/// [`METADATA_MARKS`].
pub fn prune_for_parsing(html: &str, max_depth: usize) -> Cow<'_, str> {
    prune(html, max_depth, true)
}

fn prune(html: &str, max_depth: usize, empty_code: bool) -> Cow<'_, str> {
    let mut state = Limiter {
        html,
        max_depth,
        empty_code,
        open: Vec::new(),
        dropped: Vec::new(),
        emptying: None,
        out: None,
        copied: 0,
    };
    let mut pos = 0;
    while let Some(offset) = html[pos..].find('<') {
        let start = pos + offset;
        pos = match read_tag(html, start) {
            Some(tag) => state.tag(&tag),
            None => start + 1,
        };
    }
    match state.out {
        Some(mut out) => {
            out.push_str(&html[state.copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(html),
    }
}

/// An element of [`EMPTIED_BEFORE_PARSING`] whose end tag is awaited.
struct Emptying {
    /// Its place in the stack of open elements.
    depth: usize,
    /// Where its content starts in the edited page.
    mark: usize,
    /// An `<svg>`, which HTML elements inside would leave.
    foreign: bool,
}

/// The pass over the tags: the estimated stack of open elements and the edits made so far.
struct Limiter<'a> {
    html: &'a str,
    max_depth: usize,
    /// Whether the code of scripts and styles is emptied.
    empty_code: bool,
    /// Names of the counted elements open at this point, outermost first.
    open: Vec<&'a str>,
    /// How many start tags of each name were dropped and still wait for their end tag.
    dropped: Vec<(&'a str, usize)>,
    /// The element whose content is being left out, if any.
    emptying: Option<Emptying>,
    /// The edited page, made on the first drop.
    out: Option<String>,
    /// How much of `html` is already in `out`.
    copied: usize,
}

impl<'a> Limiter<'a> {
    /// Handles one tag; returns where scanning resumes.
    fn tag(&mut self, tag: &Tag<'a>) -> usize {
        match tag.kind {
            TagKind::Other => {
                if self.empty_code && is_plain_comment(&self.html[tag.start..tag.end]) {
                    self.cut(tag.start, tag.end, "");
                }
                tag.end
            }
            TagKind::End => {
                self.end_tag(tag);
                tag.end
            }
            TagKind::Start => self.start_tag(tag),
        }
    }

    fn start_tag(&mut self, tag: &Tag<'a>) -> usize {
        let name = tag.name;
        let kind = kind_of(name);
        if self
            .emptying
            .as_ref()
            .is_some_and(|e| self.keeps_content(e, tag, kind))
        {
            self.emptying = None;
        }
        let raw = kind.raw_text.then(|| raw_text(self.html, tag.end, name));
        let raw_end = raw.map(|raw| raw.resume);
        let in_foreign = || self.open.iter().any(|open| kind_of(open).foreign);
        let opens = !kind.void
            && !kind.implied_end
            && !(tag.self_closing && (kind.foreign || in_foreign()));
        if !opens {
            return raw_end.unwrap_or(tag.end);
        }
        if let Some(index) = self.reopened(name, kind) {
            self.close_to(index);
        }
        if self.open.len() < self.max_depth {
            // A raw-text element is read to its end tag here, so it never stays open.
            match raw {
                None => {
                    self.open.push(name);
                    if kind.emptied && self.empty_code && self.emptying.is_none() {
                        self.start_emptying(tag.end, kind.foreign);
                    }
                }
                Some(raw) if self.empty_code => self.empty_code_of(tag, raw),
                Some(_) => {}
            }
            return raw_end.unwrap_or(tag.end);
        }
        match raw_end {
            // A script or a style this deep goes, content and all.
            Some(end) => {
                self.cut(tag.start, end, "");
                end
            }
            None => {
                self.cut(tag.start, tag.end, separator(name));
                match self
                    .dropped
                    .iter_mut()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                {
                    Some((_, count)) => *count += 1,
                    None => self.dropped.push((name, 1)),
                }
                tag.end
            }
        }
    }

    fn end_tag(&mut self, tag: &Tag<'a>) {
        let name = tag.name;
        if let Some((_, count)) = self
            .dropped
            .iter_mut()
            .find(|(n, count)| *count > 0 && n.eq_ignore_ascii_case(name))
        {
            *count -= 1;
            self.cut(tag.start, tag.end, separator(name));
        } else if let Some(index) = self.open.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
            if let Some(emptying) = self.emptying.take_if(|e| e.depth == index) {
                self.finish_emptying(emptying, tag.start);
            }
            self.close_to(index);
        }
    }

    /// Pops the open elements from `index` up; an element being emptied that is closed this
    /// way (by a tag the estimate may not follow) keeps its content.
    fn close_to(&mut self, index: usize) {
        self.open.truncate(index);
        if self.emptying.as_ref().is_some_and(|e| e.depth >= index) {
            self.emptying = None;
        }
    }

    /// Starts leaving out the content of the element whose start tag ends at `content_start`.
    fn start_emptying(&mut self, content_start: usize, foreign: bool) {
        // An empty cut copies the page up to here, so that `mark` is a place in `out`.
        self.cut(content_start, content_start, "");
        let mark = self.out.as_ref().map_or(0, String::len);
        self.emptying = Some(Emptying {
            depth: self.open.len() - 1,
            mark,
            foreign,
        });
    }

    /// Leaves out everything written since `emptying` started, up to its end tag at `end_tag`.
    fn finish_emptying(&mut self, emptying: Emptying, end_tag: usize) {
        if let Some(out) = self.out.as_mut() {
            out.truncate(emptying.mark);
        }
        self.copied = end_tag;
    }

    /// Whether the tag `tag`, inside the element being emptied, means its content must stay.
    fn keeps_content(&self, emptying: &Emptying, tag: &Tag<'a>, kind: Kind) -> bool {
        let opening = &self.html[tag.start..tag.end];
        kind.read_anywhere
            || (emptying.foreign && kind.leaves_foreign)
            || (kind.code && is_json_ld(opening))
            || opening.len() > 1024
            || METADATA_MARKS
                .iter()
                .any(|mark| contains_ignoring_case(opening, mark))
    }

    /// Where an element of this name closes an open one before it starts (`<a>` in `<a>`,
    /// a heading in a heading).
    fn reopened(&self, name: &str, kind: Kind) -> Option<usize> {
        if kind.not_nested {
            return self.open.iter().rposition(|n| n.eq_ignore_ascii_case(name));
        }
        if kind.heading && self.open.last().is_some_and(|n| kind_of(n).heading) {
            return Some(self.open.len() - 1);
        }
        None
    }

    /// Empties a `<script>` or `<style>` whose raw text is `raw`, unless it is JSON-LD, has
    /// no end tag, or its end is not plain to see.
    fn empty_code_of(&mut self, tag: &Tag<'a>, raw: RawText) {
        if !kind_of(tag.name).code {
            return;
        }
        let Some(close) = raw.end_tag else {
            return;
        };
        let code = &self.html[tag.end..close];
        let after_name = self
            .html
            .as_bytes()
            .get(close + 2 + tag.name.len())
            .copied();
        let ends_plainly = matches!(
            after_name,
            Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
        );
        let opening = &self.html[tag.start..tag.end];
        if ends_plainly && !is_json_ld(opening) && !code.is_empty() && !code.contains("<!--") {
            self.cut(tag.end, close, "");
        }
    }

    /// Replaces `html[start..end]` with `with`.
    fn cut(&mut self, start: usize, end: usize, with: &str) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.html.len()));
        out.push_str(&self.html[self.copied..start]);
        out.push_str(with);
        self.copied = end;
    }
}

/// Whether the start tag `opening` opens a JSON-LD script, which the metadata reads wherever
/// it is.
fn is_json_ld(opening: &str) -> bool {
    opening.len() < 512 && contains_ignoring_case(opening, "ld+json")
}

/// Whether `markup` (read as a comment, a doctype or an instruction) is a comment that ends at
/// its first `-->` for html5ever too: one that the parser would end earlier (`<!-->`,
/// `<!--->`, `--!>`) is left alone. A comment is nothing to the article, and the tokenizer
/// reads it a character at a time.
fn is_plain_comment(markup: &str) -> bool {
    let Some(body) = markup.strip_prefix("<!--") else {
        return false;
    };
    body.ends_with("-->")
        && !body.starts_with('>')
        && !body.starts_with("->")
        && memchr::memmem::find(body.as_bytes(), b"--!>").is_none()
}

fn separator(name: &str) -> &'static str {
    if kind_of(name).phrasing {
        ""
    } else {
        " "
    }
}

/// What the pass needs to know of an element by its name, from the lists above.
#[derive(Clone, Copy, Default)]
struct Kind {
    void: bool,
    implied_end: bool,
    not_nested: bool,
    raw_text: bool,
    phrasing: bool,
    heading: bool,
    /// `svg` or `math`, in which `<name/>` closes itself.
    foreign: bool,
    /// `script` or `style`, whose code can be emptied.
    code: bool,
    /// In [`EMPTIED_BEFORE_PARSING`].
    emptied: bool,
    /// In [`LEAVES_FOREIGN_CONTENT`].
    leaves_foreign: bool,
    /// In [`READ_ANYWHERE`].
    read_anywhere: bool,
}

/// The longest element name in the lists above and the vocabulary's lists read here, in
/// bytes.
const LONGEST_LISTED_NAME: usize = 10;

/// The kind of the element `name` (any case); nothing for a name in none of the lists.
fn kind_of(name: &str) -> Kind {
    static KINDS: OnceLock<FxHashMap<&'static str, Kind>> = OnceLock::new();
    if name.len() > LONGEST_LISTED_NAME {
        return Kind::default();
    }
    let mut buffer = [0u8; LONGEST_LISTED_NAME];
    let lower = &mut buffer[..name.len()];
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    let Ok(lower) = std::str::from_utf8(lower) else {
        return Kind::default();
    };
    let kinds = KINDS.get_or_init(|| {
        let mut kinds: FxHashMap<&'static str, Kind> = FxHashMap::default();
        let mut mark = |names: &[&'static str], set: fn(&mut Kind)| {
            for name in names {
                set(kinds.entry(name).or_default());
            }
        };
        mark(VOID, |kind| kind.void = true);
        mark(IMPLIED_END, |kind| kind.implied_end = true);
        mark(NOT_NESTED, |kind| kind.not_nested = true);
        mark(RAW_TEXT, |kind| kind.raw_text = true);
        mark(PHRASING, |kind| kind.phrasing = true);
        mark(&["h1", "h2", "h3", "h4", "h5", "h6"], |kind| {
            kind.heading = true
        });
        mark(&["svg", "math"], |kind| kind.foreign = true);
        mark(&["script", "style"], |kind| kind.code = true);
        mark(EMPTIED_BEFORE_PARSING, |kind| kind.emptied = true);
        mark(LEAVES_FOREIGN_CONTENT, |kind| kind.leaves_foreign = true);
        mark(READ_ANYWHERE, |kind| kind.read_anywhere = true);
        kinds
    });
    kinds.get(lower).copied().unwrap_or_default()
}

/// A tag as html5ever's tokenizer reads it.
#[derive(Debug)]
struct Tag<'a> {
    kind: TagKind,
    /// The element name as written.
    name: &'a str,
    /// Where the tag starts (its `<`) and ends (after its `>`).
    start: usize,
    end: usize,
    /// Written `<name ... />`.
    self_closing: bool,
}

#[derive(Debug, PartialEq, Eq)]
enum TagKind {
    Start,
    End,
    /// A comment, a doctype or a processing instruction.
    Other,
}

/// Reads the tag at `start` (a `<`), or `None` when the `<` is text.
fn read_tag(html: &str, start: usize) -> Option<Tag<'_>> {
    let rest = &html[start..];
    let bytes = rest.as_bytes();
    if let Some(comment) = rest.strip_prefix("<!--") {
        let end = memchr::memmem::find(comment.as_bytes(), b"-->")
            .map_or(html.len(), |i| start + 4 + i + 3);
        return Some(other(start, end));
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        let end = rest.find('>').map_or(html.len(), |i| start + i + 1);
        return Some(other(start, end));
    }
    let (kind, name_at) = match bytes.get(1) {
        Some(b'/') => (TagKind::End, 2),
        _ => (TagKind::Start, 1),
    };
    if !bytes.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_len = bytes[name_at..]
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')?;
    let name = &rest[name_at..name_at + name_len];
    let close = tag_close(bytes, name_at + name_len)?;
    Some(Tag {
        kind,
        name,
        start,
        end: start + close + 1,
        self_closing: close > 0 && bytes[close - 1] == b'/',
    })
}

fn other(start: usize, end: usize) -> Tag<'static> {
    Tag {
        kind: TagKind::Other,
        name: "",
        start,
        end,
        self_closing: false,
    }
}

/// The index of the `>` that closes a tag whose attributes start at `from`, skipping quoted
/// attribute values; `None` when the page ends first.
fn tag_close(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i),
            b'=' => {
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                if let Some(&quote @ (b'"' | b'\'')) = bytes.get(i) {
                    let closing = bytes[i + 1..].iter().position(|&b| b == quote)?;
                    i += closing + 2;
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The raw text of an element: where its end tag starts and where scanning resumes.
#[derive(Clone, Copy)]
struct RawText {
    /// The start of the end tag (`</name`), or `None` when the text runs to the end of the page.
    end_tag: Option<usize>,
    /// After the end tag, or the end of the page.
    resume: usize,
}

/// The raw text of a `name` element whose start tag ends at `from`.
fn raw_text(html: &str, from: usize, name: &str) -> RawText {
    let to_the_end = RawText {
        end_tag: None,
        resume: html.len(),
    };
    if name.eq_ignore_ascii_case("plaintext") {
        return to_the_end;
    }
    let mut pos = from;
    while let Some(offset) = memchr::memmem::find(&html.as_bytes()[pos..], b"</") {
        let at = pos + offset;
        let candidate = html.get(at + 2..at + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
            return RawText {
                end_tag: Some(at),
                resume: html[at..].find('>').map_or(html.len(), |i| at + i + 1),
            };
        }
        pos = at + 2;
    }
    to_the_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_styles_are_emptied_for_parsing_but_json_ld_is_kept() {
        let page = "<p>a</p><script>if (a<b) { go('</div>') }</script><STYLE media=print>p { color: red }</STYLE>\
                    <script type='application/ld+json'>{\"headline\": \"H\"}</script><p>b</p>";
        assert_eq!(
            prune_for_parsing(page, MAX_NESTING),
            "<p>a</p><script></script><STYLE media=print></STYLE>\
             <script type='application/ld+json'>{\"headline\": \"H\"}</script><p>b</p>"
        );
        // The tokenizer's escape rules decide where this script ends: it is left as it is.
        let escaped = "<script><!-- document.write('<script>x()</script>') --></script><p>c</p>";
        assert_eq!(prune_for_parsing(escaped, MAX_NESTING), escaped);
        // Unclosed code runs to the end of the page, for the parser too.
        let unclosed = "<p>d</p><script>var x = '</b>';";
        assert_eq!(prune_for_parsing(unclosed, MAX_NESTING), unclosed);
        // Without a script, no copy is made.
        assert!(matches!(
            prune_for_parsing("<p>e</p>", MAX_NESTING),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn comments_are_left_out_for_parsing_where_they_end_plainly() {
        let page = "<p>a<!-- old <p>x</p> -->b<!---->c</p>";
        assert_eq!(prune_for_parsing(page, MAX_NESTING), "<p>abc</p>");
        assert_eq!(limit_nesting(page, MAX_NESTING), page);
        // The parser ends these before the first `-->`: what follows is the page's.
        for early in ["<!-->d -->", "<!--->e -->", "<!-- f --!> g -->"] {
            assert_eq!(prune_for_parsing(early, MAX_NESTING), early);
        }
    }

    #[test]
    fn menus_and_drawings_are_emptied_for_parsing() {
        let page = "<p>a</p><NAV class=top><ul><li><a href=/>Home</a><li><script>go()</script>\
                    <a href=/news>News</a></ul></nav><p>b<svg viewBox='0 0 9 9'><g><path d='M0 0'/>\
                    </g></svg></p><nav><nav><a href=/x>x</a></nav>y</nav><p>c</p>";
        assert_eq!(
            prune_for_parsing(page, MAX_NESTING),
            "<p>a</p><NAV class=top></nav><p>b<svg viewBox='0 0 9 9'></svg></p><nav></nav><p>c</p>"
        );
        // Only for parsing: the depth guard alone leaves them whole.
        assert_eq!(limit_nesting(page, MAX_NESTING), page);
    }

    #[test]
    fn an_emptied_element_keeps_what_is_read_elsewhere_or_belongs_to_the_page() {
        let kept = [
            // Metadata read wherever it is.
            "<nav><a href=/a>A</a><meta itemprop=position content=1></nav>",
            "<nav><a rel=author href=/me>Ann Lee</a></nav>",
            "<nav><span class='Byline'>By Ann Lee</span></nav>",
            "<nav><time datetime=2020-01-02>2 Jan</time></nav>",
            "<nav><script type=application/ld+json>{}</script><a href=/>Home</a></nav>",
            // A login wall's password field.
            "<nav><form><input type=password></form></nav>",
            // HTML that makes the parser leave the drawing: the paragraph is the page's.
            "<svg><path d='M0'/><p>Words of the article.</p></svg>",
            // Closed by an end tag of an element around it: the estimate may be wrong.
            "<div><nav><a href=/>Home</a></div><p>d</p>",
            // Never closed.
            "<nav><a href=/>Home</a><p>e</p>",
        ];
        for page in kept {
            assert_eq!(prune_for_parsing(page, MAX_NESTING), page);
        }
    }

    #[test]
    fn a_page_under_the_limit_is_not_copied() {
        let page = "<div><p>One<div class='a>b'>two</div><!-- <div> --><script>'<div>'</script>";
        assert!(matches!(limit_nesting(page, 3), Cow::Borrowed(_)));
    }

    #[test]
    fn tags_deeper_than_the_limit_are_dropped_and_their_text_kept() {
        let page = "<div>a<div>b<div>c<div>d</div>e</div>f</div>g</div>";
        assert_eq!(limit_nesting(page, 2), "<div>a<div>b c d e f</div>g</div>");
        assert_eq!(
            limit_nesting("<b>x<i>y<em>z</em></i></b>", 2),
            "<b>x<i>yz</i></b>"
        );
    }

    #[test]
    fn void_unclosed_and_raw_text_elements_do_not_count() {
        let page = "<ul><li><p>a<p>b<br><img src=x><li>c</ul><svg><path/><path/></svg>\
                    <script>if (a < b) { '<div><div><div>' }</script><div>d</div>";
        assert!(matches!(limit_nesting(page, 1), Cow::Borrowed(_)));
    }

    #[test]
    fn every_listed_name_is_known_in_any_case() {
        type Has = fn(Kind) -> bool;
        let lists: [(&[&str], Has); 8] = [
            (VOID, |kind| kind.void),
            (IMPLIED_END, |kind| kind.implied_end),
            (NOT_NESTED, |kind| kind.not_nested),
            (RAW_TEXT, |kind| kind.raw_text),
            (PHRASING, |kind| kind.phrasing),
            (EMPTIED_BEFORE_PARSING, |kind| kind.emptied),
            (LEAVES_FOREIGN_CONTENT, |kind| kind.leaves_foreign),
            (READ_ANYWHERE, |kind| kind.read_anywhere),
        ];
        for (names, has) in lists {
            for name in names {
                assert!(has(kind_of(name)), "{name}");
                assert!(has(kind_of(&name.to_ascii_uppercase())), "{name}");
            }
        }
        assert!(!kind_of("div").void && !kind_of("blockquote").phrasing);
        let longest = [VOID, IMPLIED_END, NOT_NESTED, RAW_TEXT, PHRASING]
            .into_iter()
            .chain([
                EMPTIED_BEFORE_PARSING,
                LEAVES_FOREIGN_CONTENT,
                READ_ANYWHERE,
            ])
            .flatten()
            .map(|name| name.len())
            .max();
        assert_eq!(longest, Some(LONGEST_LISTED_NAME));
    }

    #[test]
    fn a_script_too_deep_goes_with_its_content() {
        assert_eq!(
            limit_nesting("<div><span><script>alert('<b>')</script>x</span></div>", 1),
            "<div>x</div>"
        );
    }

    #[test]
    fn repeated_links_and_headings_close_the_earlier_one() {
        let page = "<a href=1>one<a href=2>two<a href=3>three</a><h2>x<h3>y<h4>z";
        assert!(matches!(limit_nesting(page, 1), Cow::Borrowed(_)));
    }
}
