//! Footnotes on a page: which links are references to a note, which elements are the notes,
//! and which links inside a note lead back to the text.
//!
//! A reference is a link to an element id on the page (`href="#fn1"`) that sits in a
//! superscript, holds one, or has the role `doc-noteref`, and whose target is inside a list of
//! notes (a `<ol>`, `<div>` or `<section>` named like one, see
//! [`NOTES_LIST_FRAGMENTS`] and [`NOTES_LIST_TOKENS`], or with the role `doc-endnotes` or
//! `doc-footnotes`), or is itself a note (`role="doc-footnote"`). The note is the list item
//! holding the target (or the target itself). A link whose target is not found stays a link.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use scraper::{ElementRef, Html};

use super::metadata::collapse_whitespace;
use super::vocabulary::classes::{
    BACKLINK_CLASS_FRAGMENTS, BACKLINK_TARGET_PREFIXES, NOTES_LIST_FRAGMENTS, NOTES_LIST_TOKENS,
    NOTE_LABEL_CLASSES,
};
use super::vocabulary::elements::{
    BACKLINK_ROLE, NOTES_LIST_ROLES, NOTE_REFERENCE_ROLE, NOTE_ROLES,
};
use super::vocabulary::marks::BACKLINK_MARKS;

/// The notes of a page and the links that refer to them.
#[derive(Debug, Default)]
pub(super) struct NoteIndex {
    /// For each reference link, the note element it refers to.
    references: HashMap<NodeId, NodeId>,
    /// The notes, in the page's order, each with the id references name it by.
    notes: Vec<(NodeId, String)>,
    /// The lists of notes, and notes outside any list: the walker leaves them out of the text.
    set_apart: HashSet<NodeId>,
}

impl NoteIndex {
    /// Finds the references and notes of `html`.
    pub(super) fn gather(html: &Html) -> NoteIndex {
        let mut ids: HashMap<&str, ElementRef> = HashMap::new();
        let mut links = Vec::new();
        for node in html.tree.root().descendants() {
            let Some(element) = ElementRef::wrap(node) else {
                continue;
            };
            if let Some(id) = element.value().attr("id") {
                ids.entry(id).or_insert(element);
            }
            if element.value().name() == "a" {
                links.push(element);
            }
        }
        let mut index = NoteIndex::default();
        let mut note_ids: HashMap<NodeId, String> = HashMap::new();
        for link in links {
            let Some(fragment) = link
                .value()
                .attr("href")
                .and_then(|href| href.trim().strip_prefix('#'))
            else {
                continue;
            };
            if fragment.is_empty() || !is_reference_link(&link) || is_backlink(&link) {
                continue;
            }
            let Some(target) = ids.get(fragment) else {
                continue;
            };
            let Some((note, set_apart)) = note_of(target, &link) else {
                continue;
            };
            index.references.insert(link.id(), note.id());
            index.set_apart.insert(set_apart);
            note_ids
                .entry(note.id())
                .or_insert_with(|| note.value().attr("id").unwrap_or(fragment).to_string());
        }
        for node in html.tree.root().descendants() {
            if let Some(id) = note_ids.remove(&node.id()) {
                index.notes.push((node.id(), id));
            }
        }
        index
    }

    /// The id of the note the link `link` refers to, when it is a reference.
    pub(super) fn reference(&self, link: NodeId) -> Option<&str> {
        let note = self.references.get(&link)?;
        self.notes
            .iter()
            .find(|(node, _)| node == note)
            .map(|(_, id)| id.as_str())
    }

    /// Whether `node` is a list of notes (or a note on its own) that the text leaves out.
    pub(super) fn is_set_apart(&self, node: NodeId) -> bool {
        self.set_apart.contains(&node)
    }

    /// The notes, in the page's order: each element and its id.
    pub(super) fn notes(&self) -> &[(NodeId, String)] {
        &self.notes
    }
}

/// Whether `link` looks like a note reference: in or around a superscript, or marked so.
fn is_reference_link(link: &ElementRef) -> bool {
    let role = |element: &ElementRef| {
        element
            .value()
            .attr("role")
            .is_some_and(|role| role.eq_ignore_ascii_case(NOTE_REFERENCE_ROLE))
    };
    role(link)
        || link
            .ancestors()
            .take(3)
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().name() == "sup" || role(&a))
        || link
            .children()
            .filter_map(ElementRef::wrap)
            .any(|child| child.value().name() == "sup")
}

/// The note that `target` (a reference's target) is in, and the element to leave out of the
/// text for it (its list, or the note itself); `None` when it is no note or holds `link`.
fn note_of<'a>(target: &ElementRef<'a>, link: &ElementRef) -> Option<(ElementRef<'a>, NodeId)> {
    let mut item = None;
    let mut found = None;
    for element in std::iter::once(*target).chain(target.ancestors().filter_map(ElementRef::wrap)) {
        if is_notes_list(&element) {
            found = Some((item.unwrap_or(*target), element.id()));
            break;
        }
        if item.is_none() && element.value().name() == "li" {
            item = Some(element);
        }
        if matches!(element.value().name(), "body" | "article" | "main") {
            break;
        }
    }
    let found = found.or_else(|| {
        let role = target.value().attr("role").unwrap_or_default();
        NOTE_ROLES
            .iter()
            .any(|r| role.eq_ignore_ascii_case(r))
            .then(|| (*target, target.id()))
    })?;
    let holds_link = link.ancestors().any(|a| a.id() == found.0.id());
    (!holds_link).then_some(found)
}

/// Whether `element` is a list of notes.
fn is_notes_list(element: &ElementRef) -> bool {
    let value = element.value();
    if !matches!(
        value.name(),
        "ol" | "ul" | "div" | "section" | "aside" | "footer" | "dl"
    ) {
        return false;
    }
    let role = value.attr("role").unwrap_or_default();
    if NOTES_LIST_ROLES
        .iter()
        .any(|r| role.eq_ignore_ascii_case(r))
    {
        return true;
    }
    [value.attr("class"), value.attr("id")]
        .into_iter()
        .flatten()
        .flat_map(str::split_whitespace)
        .any(|token| {
            let token = token.to_ascii_lowercase();
            NOTES_LIST_TOKENS.contains(&token.as_str())
                || NOTES_LIST_FRAGMENTS
                    .iter()
                    .any(|fragment| token.contains(fragment))
        })
}

/// Whether `element` (inside a note) leads back to the text: a link or a wrapper of links
/// marked as one, a link to a reference's id, or a link whose whole text is an arrow or
/// "back".
pub(super) fn is_backlink(element: &ElementRef) -> bool {
    let value = element.value();
    if value
        .attr("role")
        .is_some_and(|role| role.eq_ignore_ascii_case(BACKLINK_ROLE))
    {
        return true;
    }
    if value.attr("class").is_some_and(|class| {
        let class = class.to_ascii_lowercase();
        BACKLINK_CLASS_FRAGMENTS
            .iter()
            .any(|fragment| class.contains(fragment))
    }) {
        return true;
    }
    if value.name() != "a" {
        return false;
    }
    let Some(fragment) = value
        .attr("href")
        .and_then(|href| href.trim().strip_prefix('#'))
    else {
        return false;
    };
    let fragment = fragment.to_ascii_lowercase();
    if BACKLINK_TARGET_PREFIXES
        .iter()
        .any(|prefix| fragment.starts_with(prefix))
    {
        return true;
    }
    let text: String = element.text().collect();
    let text = collapse_whitespace(&text.replace(['\u{fe0e}', '\u{fe0f}'], "")).to_lowercase();
    BACKLINK_MARKS.contains(&text.as_str())
}

/// Whether `element` (inside a note) is the note's own number, which books print themselves.
pub(super) fn is_note_label(element: &ElementRef) -> bool {
    element.value().classes().any(|class| {
        NOTE_LABEL_CLASSES
            .iter()
            .any(|label| class.eq_ignore_ascii_case(label))
    })
}

/// The mark of a reference as its link shows it, without brackets ("\[1\]" is "1").
pub(super) fn reference_label(link: &ElementRef) -> String {
    let text: String = link.text().collect();
    collapse_whitespace(&text)
        .trim_matches(|c: char| c.is_whitespace() || "[]()".contains(c))
        .to_string()
}

#[cfg(test)]
mod tests {
    use crate::document::{Block, Inline};
    use crate::normalize::html::normalize;

    const PROSE: &str = "<p>The valley was surveyed again in the spring, and the new figures were \
        compared with every earlier map the archive still holds, one sheet at a time, until the \
        differences were understood by everyone who had to plan the next bridge.</p>";

    #[test]
    fn a_reference_to_a_missing_note_stays_a_superscript_and_kramdown_notes_lose_their_arrows() {
        let page = format!(
            "<html><body><article><h1>Survey</h1>{PROSE}{PROSE}\
             <p>The first survey put the river at 412 miles.<sup id=\"fnref:1\" role=\"doc-noteref\"><a href=\"#fn:1\" \
             class=\"footnote\" rel=\"footnote\">1</a></sup> A later survey found it longer by a third.<sup><a href=\"#gone\">2</a></sup></p>\
             <div class=\"footnotes\" role=\"doc-endnotes\"><ol><li id=\"fn:1\"><p>The note.&nbsp;\
             <a href=\"#fnref:1\" class=\"reversefootnote\" role=\"doc-backlink\">&#8617;&#xfe0e;</a></p>\
             </li></ol></div></article></body></html>"
        );
        let doc = normalize(&page, None);
        let paragraph = doc
            .blocks
            .iter()
            .find_map(|block| match block {
                Block::Paragraph { content } if content.len() > 2 => Some(content),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{:?}", doc.blocks));
        assert!(paragraph.contains(&Inline::NoteRef {
            label: "1".into(),
            id: "fn:1".into()
        }));
        assert!(paragraph
            .iter()
            .any(|inline| matches!(inline, Inline::Superscript { .. })));
        let Some(Block::Notes { notes }) = doc.blocks.last() else {
            panic!("no notes: {:?}", doc.blocks);
        };
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].blocks, vec![Block::paragraph("The note.")]);
        assert!(!doc
            .blocks
            .iter()
            .any(|block| matches!(block, Block::List { .. })));
    }
}
