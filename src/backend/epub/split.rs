//! Long articles as several pages (used by the EPUB backend). Some reading systems open at most about 260–300 KB of
//! XHTML per file, so an article whose page would be larger than [`MAX_PAGE_BYTES`] is cut
//! into several files, in reading order:
//! - a page ends before a heading when it can (the last heading that leaves the page at least
//!   half full), else before the block that would make it too large: blocks are never cut, so
//!   a single block larger than the limit makes a page of its own;
//! - the first page keeps the article's file name (`article-1.xhtml`), the others follow it
//!   (`article-1-2.xhtml`, `article-1-3.xhtml`, …); only the first carries the header;
//! - a link to an element id (`href="#n1"`) that ended up on another page names that page's
//!   file, and `Pages::file_of` tells the table of contents where each heading is.

use std::collections::HashMap;
use std::ops::Range;

use super::xhtml::{ArticleParts, WrittenBlock};

/// The largest XHTML file an article's page may be, in bytes (as long as no single block is
/// larger): under the ~260 KB the most limited reading systems open.
pub const MAX_PAGE_BYTES: usize = 250_000;

/// An article's pages, in reading order.
#[derive(Debug, Clone)]
pub(super) struct Pages {
    /// Each page's file name in the book and its body (an `<article>` element).
    pub pages: Vec<(String, String)>,
    /// The page (an index into `pages`) of each element id.
    page_of_id: HashMap<String, usize>,
}

impl Pages {
    /// The file that holds the element `id` (the first page's when no page has it).
    pub fn file_of(&self, id: &str) -> &str {
        let page = self.page_of_id.get(id).copied().unwrap_or(0);
        &self.pages[page].0
    }
}

/// Cuts the article `parts` into pages whose bodies stay within `budget` bytes (see the
/// module's documentation), named after `stem` (`article-1`).
pub(super) fn paginate(parts: &ArticleParts, stem: &str, budget: usize) -> Pages {
    let budget = budget.saturating_sub(parts.footer.len());
    let ranges = cut(&parts.blocks, parts.header.len(), budget);
    let last = ranges.len() - 1;
    let mut pages: Vec<(String, String)> = Vec::with_capacity(ranges.len());
    for (index, range) in ranges.into_iter().enumerate() {
        let file = match index {
            0 => format!("{stem}.xhtml"),
            _ => format!("{stem}-{}.xhtml", index + 1),
        };
        let mut body = String::new();
        if index == 0 {
            body.push_str("<article>\n");
            body.push_str(&parts.header);
        } else {
            body.push_str("<article class=\"continued\">\n");
        }
        parts.blocks[range]
            .iter()
            .for_each(|block| body.push_str(&block.html));
        if index == last {
            body.push_str(&parts.footer);
        }
        body.push_str("</article>\n");
        pages.push((file, body));
    }
    let mut page_of_id = HashMap::new();
    for (index, (_, body)) in pages.iter().enumerate() {
        for id in attribute_values(body, " id=\"") {
            page_of_id.entry(id.to_string()).or_insert(index);
        }
    }
    let mut paged = Pages { pages, page_of_id };
    if paged.pages.len() > 1 {
        for index in 0..paged.pages.len() {
            let body = retarget_links(&paged, index);
            paged.pages[index].1 = body;
        }
    }
    paged
}

/// The ranges of `blocks` that make the pages: each within `budget` bytes (the first with
/// `header` bytes more), ending before a heading when one leaves the page at least half full.
fn cut(blocks: &[WrittenBlock], header: usize, budget: usize) -> Vec<Range<usize>> {
    // sizes[i]: the bytes of blocks[..i].
    let mut sizes = vec![0];
    sizes.extend(blocks.iter().scan(0, |total, block| {
        *total += block.html.len();
        Some(*total)
    }));
    let bytes = |range: Range<usize>| sizes[range.end] - sizes[range.start];
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut extra = header;
    for index in 0..blocks.len() {
        if index == start || extra + bytes(start..index + 1) <= budget {
            continue;
        }
        let at_heading = (start + 1..=index)
            .rev()
            .find(|&end| blocks[end].is_heading && extra + bytes(start..end) >= budget / 2);
        let end = at_heading.unwrap_or(index);
        ranges.push(start..end);
        start = end;
        extra = 0;
    }
    ranges.push(start..blocks.len());
    ranges
}

/// The values of the attribute that starts with `opening` (` id="`), in the tags of `body`.
/// The writer escapes `<`, `>` and `"` in attribute values and `<` in text, so every tag
/// runs from a `<` to the next `>` and every value ends at the next `"`.
fn attribute_values<'a>(body: &'a str, opening: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    tags(body).flat_map(move |(_, tag)| {
        tag.match_indices(opening).filter_map(move |(at, _)| {
            let value = &tag[at + opening.len()..];
            value.find('"').map(|end| &value[..end])
        })
    })
}

/// Each tag of `body` (`<` … `>`) with its byte offset.
fn tags(body: &str) -> impl Iterator<Item = (usize, &str)> {
    body.match_indices('<').filter_map(move |(start, _)| {
        let end = body[start..].find('>')?;
        Some((start, &body[start..=start + end]))
    })
}

/// The body of page `index` with every `href="#id"` whose element is on another page
/// pointing at that page's file.
fn retarget_links(paged: &Pages, index: usize) -> String {
    const OPENING: &str = " href=\"#";
    let body = &paged.pages[index].1;
    let mut out = String::with_capacity(body.len());
    let mut copied = 0;
    for (offset, tag) in tags(body) {
        for (at, _) in tag.match_indices(OPENING) {
            let value_start = offset + at + OPENING.len();
            let Some(length) = body[value_start..].find('"') else {
                continue;
            };
            let id = &body[value_start..value_start + length];
            match paged.page_of_id.get(id) {
                Some(&page) if page != index => {
                    // Up to the `#`, then the file before it.
                    out.push_str(&body[copied..value_start - 1]);
                    out.push_str(&paged.pages[page].0);
                    copied = value_start - 1;
                }
                _ => {}
            }
        }
    }
    out.push_str(&body[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(html: &str, is_heading: bool) -> WrittenBlock {
        WrittenBlock {
            html: html.to_string(),
            is_heading,
        }
    }

    fn paragraph(bytes: usize) -> WrittenBlock {
        block(&format!("<p>{}</p>\n", "a".repeat(bytes - 8)), false)
    }

    fn heading(id: &str) -> WrittenBlock {
        block(&format!("<h2 id=\"{id}\">Part {id}</h2>\n"), true)
    }

    #[test]
    fn a_short_article_is_one_page_as_before() {
        let parts = ArticleParts {
            header: "<header>T</header>\n".into(),
            blocks: vec![paragraph(100), heading("h1"), paragraph(100)],
            footer: "<p class=\"credit\">C</p>\n".into(),
            headings: Vec::new(),
        };
        let paged = paginate(&parts, "article-1", 10_000);
        assert_eq!(paged.pages.len(), 1);
        let (file, body) = &paged.pages[0];
        assert_eq!(file, "article-1.xhtml");
        assert!(
            body.starts_with("<article>\n<header>T</header>\n<p>"),
            "{body}"
        );
        assert!(
            body.ends_with("<p class=\"credit\">C</p>\n</article>\n"),
            "{body}"
        );
    }

    #[test]
    fn pages_end_before_headings_when_they_are_at_least_half_full() {
        // Three sections of about 390 bytes within a budget of 1000: the first page ends
        // before the third heading, not inside the third section.
        let mut blocks = Vec::new();
        for id in ["h1", "h2", "h3"] {
            blocks.push(heading(id));
            blocks.extend([paragraph(180), paragraph(180)]);
        }
        let ranges = cut(&blocks, 0, 1000);
        assert_eq!(ranges, [0..6, 6..9]);
        // A section larger than a page is cut between its paragraphs.
        let mut blocks = vec![heading("h1")];
        blocks.extend((0..10).map(|_| paragraph(300)));
        let ranges = cut(&blocks, 0, 1000);
        assert!(ranges.len() >= 4, "{ranges:?}");
        for range in &ranges {
            let bytes: usize = blocks[range.clone()].iter().map(|b| b.html.len()).sum();
            assert!(bytes <= 1000, "{range:?}: {bytes}");
        }
        // A block larger than the budget stands alone.
        let blocks = vec![paragraph(100), paragraph(5000), paragraph(100)];
        assert_eq!(cut(&blocks, 0, 1000), [0..1, 1..2, 2..3]);
    }

    #[test]
    fn links_to_ids_on_other_pages_name_their_file() {
        let parts = ArticleParts {
            header: String::new(),
            blocks: vec![
                block(
                    "<p>See<a href=\"#n1\" id=\"r1\">1</a>, and href=\"#n1\" in text.</p>\n",
                    false,
                ),
                paragraph(900),
                heading("h1"),
                block(
                    "<aside id=\"n1\"><a href=\"#r1\">back</a> <a href=\"#n1\">self</a></aside>\n",
                    false,
                ),
            ],
            footer: String::new(),
            headings: Vec::new(),
        };
        let paged = paginate(&parts, "article-2", 1000);
        assert_eq!(paged.pages.len(), 2);
        let (first, second) = (&paged.pages[0].1, &paged.pages[1].1);
        assert!(
            first.contains(
                "<a href=\"article-2-2.xhtml#n1\" id=\"r1\">1</a>, and href=\"#n1\" in text."
            ),
            "{first}"
        );
        assert!(
            second.starts_with("<article class=\"continued\">\n<h2 id=\"h1\">"),
            "{second}"
        );
        assert!(
            second.contains("<a href=\"article-2.xhtml#r1\">back</a> <a href=\"#n1\">self</a>"),
            "{second}"
        );
        assert_eq!(paged.file_of("h1"), "article-2-2.xhtml");
        assert_eq!(paged.file_of("r1"), "article-2.xhtml");
    }
}
