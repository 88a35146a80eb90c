//! How large an SVG becomes once everything it refers to is written out, checked on the XML
//! before usvg builds its tree.
//!
//! usvg copies what an SVG refers to into every place it is used: a `<use>` gets a copy of its
//! target, every vertex of a path gets a copy of its marker's drawing, and a clip path, mask or
//! pattern measured in the user's bounding box is rebuilt for each element it applies to. A
//! file of a few hundred kilobytes can so ask for gigabytes and minutes before a single pixel
//! is drawn, so the tree must be measured before it is built. The measure is an upper bound:
//! every reference is taken to apply to the element that names it and to everything inside
//! that element, markers to every vertex of every path inside, and style-sheet references to
//! every element.

use std::collections::HashMap;

use resvg::usvg::roxmltree::{Document, Node};

use super::OverLimit;

/// The most bytes an SVG may amount to with everything it refers to written out in place
/// (each element counted as [`ELEMENT_SIZE`] bytes plus its attribute values and text).
/// usvg builds about 100,000 simple elements in a fifth of a second; 64 MiB is about 250,000
/// elements or 60 MB of path data, the largest maps and charts published as SVG.
pub(super) const MAX_EXPANDED_BYTES: u64 = 64 << 20;

/// What one element is counted as, in bytes, besides its attribute values and text: about
/// what usvg keeps for an element (its transform, bounding boxes, style).
const ELEMENT_SIZE: u64 = 256;

/// The most levels of elements, counting each reference as one more level. usvg and resvg
/// descend recursively, and each level takes stack space; real drawings nest a few dozen levels
/// at most.
pub(super) const MAX_NESTING: u32 = 128;

/// The most times the style sheet's rules may be tried against elements. usvg tries every rule
/// on every element (and on every copy a `<use>` makes): 5,000 rules on 20,000 elements take
/// seconds. An exported drawing has a few dozen class rules on a few thousand elements.
pub(super) const MAX_STYLE_MATCHES: u64 = 20_000_000;

/// How many style properties can name another element (`fill`, `stroke`, `clip-path`,
/// `mask`, `filter`): at most this many style-sheet references apply to one element.
const REFERENCING_PROPERTIES: usize = 5;

/// How many marker properties there are (`marker-start`, `marker-mid`, `marker-end`).
const MARKER_PROPERTIES: usize = 3;

/// Checks that the document, written out in full, stays within [`MAX_EXPANDED_BYTES`],
/// [`MAX_NESTING`] and [`MAX_STYLE_MATCHES`].
pub(super) fn check(document: &Document) -> Result<(), OverLimit> {
    let mut walk = Walk::new(document);
    let root = document.root_element();
    let totals = walk.visit(root, 0)?;
    let style = StyleSheets::of(document);
    let matches = style.rules.saturating_mul(totals.elements);
    if matches > MAX_STYLE_MATCHES {
        return Err(OverLimit::StyleMatches(matches));
    }
    // Style-sheet references may apply to any element: each element gets the heaviest few.
    let mut referenced = Vec::new();
    let mut markers = Vec::new();
    for id in &style.references {
        let Some(&target) = walk.by_id.get(id.as_str()) else {
            continue;
        };
        let size = walk.visit(target, 1)?.size;
        if target.has_tag_name("marker") {
            markers.push(size);
        } else {
            referenced.push(size);
        }
    }
    let per_element = heaviest(referenced, REFERENCING_PROPERTIES);
    let per_vertex = heaviest(markers, MARKER_PROPERTIES);
    let size = totals
        .size
        .saturating_add(per_element.saturating_mul(totals.elements))
        .saturating_add(per_vertex.saturating_mul(totals.vertices));
    if size > MAX_EXPANDED_BYTES {
        return Err(OverLimit::Expansion(size));
    }
    Ok(())
}

/// The sum of the `count` largest sizes.
fn heaviest(mut sizes: Vec<u64>, count: usize) -> u64 {
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.into_iter().take(count).fold(0, u64::saturating_add)
}

/// An element with everything it contains and refers to written out.
#[derive(Debug, Default, Clone, Copy)]
struct Totals {
    /// Elements, copies included.
    elements: u64,
    /// Vertices of paths and other shapes with markers, copies included (an upper bound).
    vertices: u64,
    /// Bytes, as [`MAX_EXPANDED_BYTES`] counts them.
    size: u64,
    /// Levels, the element's own included.
    height: u32,
}

/// Where an element stands in the walk.
#[derive(Debug, Clone, Copy)]
enum Visit {
    /// Not reached yet.
    New,
    /// Being measured: a reference back to it is a loop, which usvg leaves out.
    Open,
    /// Measured.
    Done(Totals),
}

/// A depth-first walk over elements and their references, measuring each element once.
struct Walk<'a, 'input> {
    /// Elements by `id` (the last of several with the same `id`, as usvg takes it).
    by_id: HashMap<&'a str, Node<'a, 'input>>,
    /// Each node's visit, by node index.
    visits: Vec<Visit>,
}

impl<'a, 'input> Walk<'a, 'input> {
    fn new(document: &'a Document<'input>) -> Self {
        let by_id = document
            .descendants()
            .filter_map(|node| Some((node.attribute("id")?, node)))
            .collect();
        Walk {
            by_id,
            visits: Vec::new(),
        }
    }

    /// Measures `node` (an element), `depth` levels down.
    fn visit(&mut self, node: Node<'a, 'input>, depth: u32) -> Result<Totals, OverLimit> {
        if depth >= MAX_NESTING {
            return Err(OverLimit::Nesting);
        }
        let index = node.id().get() as usize;
        if self.visits.len() <= index {
            self.visits.resize(index + 1, Visit::New);
        }
        match self.visits[index] {
            Visit::Done(totals) if depth + totals.height > MAX_NESTING => {
                return Err(OverLimit::Nesting)
            }
            Visit::Done(totals) => return Ok(totals),
            Visit::Open => return Ok(Totals::default()),
            Visit::New => self.visits[index] = Visit::Open,
        }
        let mut totals = Totals {
            elements: 1,
            vertices: vertices(node),
            size: ELEMENT_SIZE,
            height: 1,
        };
        for attribute in node.attributes() {
            totals.size = totals.size.saturating_add(attribute.value().len() as u64);
        }
        for child in node.children() {
            if child.is_element() {
                let inner = self.visit(child, depth + 1)?;
                totals.add(inner);
                totals.height = totals.height.max(inner.height + 1);
            } else if let Some(text) = child.text() {
                totals.size = totals.size.saturating_add(text.len() as u64);
            }
            over_limit(totals.size)?;
        }
        let is_use = node.has_tag_name("use");
        let (mut per_element, mut per_vertex) = (0_u64, 0_u64);
        for (attribute, id) in references(node) {
            let Some(&target) = self.by_id.get(id) else {
                continue;
            };
            let inner = self.visit(target, depth + 1)?;
            totals.height = totals.height.max(inner.height + 1);
            if is_use && attribute == "href" {
                totals.add(inner);
            } else if target.has_tag_name("marker") {
                per_vertex = per_vertex.saturating_add(inner.size);
            } else {
                per_element = per_element.saturating_add(inner.size);
            }
        }
        totals.size = totals
            .size
            .saturating_add(per_element.saturating_mul(totals.elements))
            .saturating_add(per_vertex.saturating_mul(totals.vertices));
        over_limit(totals.size)?;
        self.visits[index] = Visit::Done(totals);
        Ok(totals)
    }
}

impl Totals {
    fn add(&mut self, other: Totals) {
        self.elements = self.elements.saturating_add(other.elements);
        self.vertices = self.vertices.saturating_add(other.vertices);
        self.size = self.size.saturating_add(other.size);
    }
}

/// Fails as soon as a part of the document is over [`MAX_EXPANDED_BYTES`] on its own.
fn over_limit(size: u64) -> Result<(), OverLimit> {
    if size > MAX_EXPANDED_BYTES {
        return Err(OverLimit::Expansion(size));
    }
    Ok(())
}

/// An upper bound on the vertices of a shape that can carry markers: every vertex takes at
/// least two bytes of path data (`h1`), plus the two ends.
fn vertices(node: Node) -> u64 {
    if !matches!(
        node.tag_name().name(),
        "path" | "line" | "polyline" | "polygon"
    ) {
        return 0;
    }
    let data: usize = ["d", "points"]
        .iter()
        .filter_map(|name| node.attribute(*name))
        .map(str::len)
        .sum();
    2 + data as u64 / 2
}

/// The elements `node` refers to: `href` (in any namespace) to `#id`, and `url(#id)` in any
/// attribute (style included), as (attribute local name, id).
fn references<'a>(node: Node<'a, '_>) -> Vec<(&'a str, &'a str)> {
    let mut found = Vec::new();
    for attribute in node.attributes() {
        let name = attribute.name();
        let value = attribute.value();
        if name == "href" {
            if let Some(id) = value.trim().strip_prefix('#') {
                found.push((name, id));
            }
            continue;
        }
        found.extend(url_references(value).map(|id| (name, id)));
    }
    found
}

/// The ids in every `url(#id)` of `text`, quoted or not.
fn url_references(text: &str) -> impl Iterator<Item = &str> {
    text.split("url(").skip(1).filter_map(|after| {
        let inside = after.split(')').next()?.trim();
        let inside = inside.trim_matches(|c| c == '"' || c == '\'').trim();
        inside.strip_prefix('#').filter(|id| !id.is_empty())
    })
}

/// What the document's `<style>` elements hold, for the purpose of the limits.
struct StyleSheets {
    /// How many rules there are, at most: every selector of a comma-separated list counts.
    rules: u64,
    /// The ids named by `url(#id)`.
    references: Vec<String>,
}

impl StyleSheets {
    fn of(document: &Document) -> Self {
        let mut sheets = StyleSheets {
            rules: 0,
            references: Vec::new(),
        };
        for style in document.descendants().filter(|n| n.has_tag_name("style")) {
            let text: String = style.children().filter_map(|child| child.text()).collect();
            let separators = text.bytes().filter(|&b| b == b'{' || b == b',').count();
            sheets.rules = sheets.rules.saturating_add(separators as u64);
            sheets
                .references
                .extend(url_references(&text).map(str::to_string));
        }
        sheets.references.sort();
        sheets.references.dedup();
        sheets
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::usvg::roxmltree::ParsingOptions;

    fn checked(svg: &str) -> Result<(), OverLimit> {
        let options = ParsingOptions {
            allow_dtd: true,
            ..ParsingOptions::default()
        };
        check(&Document::parse_with_options(svg, options).expect("well-formed"))
    }

    fn svg(body: &str) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
                width="100" height="100">{body}</svg>"#
        )
    }

    /// A path of `points` vertices.
    fn path_data(points: usize) -> String {
        let mut d = String::from("M0 0");
        for i in 0..points {
            d.push_str(&format!(" L{} {}", i % 97, i % 89));
        }
        d
    }

    /// Groups `levels` deep that each use the level below `fan_out` times.
    fn use_tree(leaf: &str, levels: usize, fan_out: usize) -> String {
        let mut body = format!("<defs>{leaf}");
        let mut below = "leaf".to_string();
        for level in 0..levels {
            body.push_str(&format!("<g id=\"level{level}\">"));
            for _ in 0..fan_out {
                body.push_str(&format!("<use xlink:href=\"#{below}\"/>"));
            }
            body.push_str("</g>");
            below = format!("level{level}");
        }
        body.push_str(&format!("</defs><use href=\"#{below}\"/>"));
        svg(&body)
    }

    #[test]
    fn ordinary_drawings_pass() {
        let leaf = format!("<path id=\"leaf\" d=\"{}\"/>", path_data(50));
        assert!(checked(&use_tree(&leaf, 2, 10)).is_ok());
        let arrows = svg(&format!(
            "<marker id=\"arrow\"><path d=\"M0 0 L10 5 L0 10z\"/></marker>\
             <path d=\"{}\" marker-end=\"url(#arrow)\" marker-mid=\"url( '#arrow' )\"/>",
            path_data(1000)
        ));
        assert!(checked(&arrows).is_ok());
    }

    #[test]
    fn copies_made_by_use_are_counted() {
        let leaf = format!("<path id=\"leaf\" d=\"{}\"/>", path_data(10_000));
        let error = checked(&use_tree(&leaf, 4, 10)).unwrap_err();
        assert!(matches!(error, OverLimit::Expansion(_)), "{error}");
    }

    #[test]
    fn a_marker_on_every_vertex_is_counted() {
        let marker = format!(
            "<marker id=\"m\"><path d=\"{}\"/></marker>",
            path_data(5_000)
        );
        let line = format!(
            "<path d=\"M0 0{}\" style=\"marker-mid: url(#m)\"/>",
            " l1 1".repeat(20_000)
        );
        let error = checked(&svg(&(marker + &line))).unwrap_err();
        assert!(matches!(error, OverLimit::Expansion(_)), "{error}");
    }

    #[test]
    fn a_reference_applies_to_everything_inside() {
        let clip = format!(
            "<clipPath id=\"c\" clipPathUnits=\"objectBoundingBox\"><path d=\"{}\"/></clipPath>",
            path_data(10_000)
        );
        let rects = "<rect width=\"1\" height=\"1\"/>".repeat(2_000);
        let grouped = svg(&format!("{clip}<g clip-path=\"url(#c)\">{rects}</g>"));
        assert!(matches!(checked(&grouped), Err(OverLimit::Expansion(_))));
        let styled = svg(&format!(
            "<style>rect {{ clip-path: url(#c) }}</style>{clip}{rects}"
        ));
        assert!(matches!(checked(&styled), Err(OverLimit::Expansion(_))));
    }

    #[test]
    fn many_style_rules_on_many_elements_are_refused() {
        let rules: String = (0..5_000).map(|i| format!(".c{i}{{fill:red}}")).collect();
        let rects = "<rect class=\"c1\" width=\"1\" height=\"1\"/>".repeat(5_000);
        let error = checked(&svg(&format!("<style>{rules}</style>{rects}"))).unwrap_err();
        assert!(matches!(error, OverLimit::StyleMatches(_)), "{error}");
    }

    #[test]
    fn deep_nesting_is_refused_and_loops_end() {
        let deep = format!("{}{}", "<g>".repeat(500), "</g>".repeat(500));
        assert!(matches!(checked(&svg(&deep)), Err(OverLimit::Nesting)));
        let looped = svg("<g id=\"a\"><use href=\"#b\"/></g><g id=\"b\"><use href=\"#a\"/></g>");
        assert!(checked(&looped).is_ok());
    }
}
