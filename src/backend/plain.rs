//! Plain text of an article, shared by the text backend (the whole article) and the JSON
//! backend (the body alone, in each record's `text`).

use crate::document::{inlines_text, Block, Document};

/// What the plain text of an article includes.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// The article's running text alone: no title, byline or other metadata lines, no figure
    /// captions and no marks of section breaks.
    pub body_only: bool,
}

/// One article as text: paragraphs separated by blank lines, ending with a newline.
pub fn article_text(doc: &Document, options: TextOptions) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !options.body_only {
        parts.push(header(doc));
    }
    // Captions belong to pictures, which text cannot show, and a break is no words: the
    // body alone is the prose.
    let decorations = !options.body_only;
    for block in &doc.blocks {
        push_block(block, "", decorations, &mut parts);
    }
    let mut text = parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    text.push('\n');
    text
}

/// Section, title, byline, date and site, source: one line each.
fn header(doc: &Document) -> String {
    let meta = &doc.meta;
    let mut lines: Vec<String> = Vec::new();
    if let Some(section) = &meta.section {
        lines.push(section.to_uppercase());
    }
    lines.push(doc.display_title().to_string());
    if !meta.authors.is_empty() {
        lines.push(format!("By {}", meta.authors.join(", ")));
    }
    let dateline: Vec<String> = [meta.display_date(), meta.site_name.clone()]
        .into_iter()
        .flatten()
        .collect();
    if !dateline.is_empty() {
        lines.push(dateline.join(" · "));
    }
    if let Some(url) = &meta.source_url {
        lines.push(url.clone());
    }
    lines.join("\n")
}

/// Appends the text of `block`, each line prefixed with `indent`; figure captions and the
/// marks of section breaks only when `decorations` is set.
fn push_block(block: &Block, indent: &str, decorations: bool, parts: &mut Vec<String>) {
    let prefix = |text: &str| -> String {
        text.lines()
            .map(|line| format!("{indent}{line}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match block {
        Block::Heading { content, .. } | Block::Paragraph { content } => {
            parts.push(prefix(&inlines_text(content)))
        }
        Block::Quote { blocks } => {
            let nested = format!("{indent}    ");
            blocks
                .iter()
                .for_each(|b| push_block(b, &nested, decorations, parts));
        }
        Block::List { ordered, items } => {
            let mut lines = Vec::new();
            for (number, item) in items.iter().enumerate() {
                let marker = if *ordered {
                    format!("{}. ", number + 1)
                } else {
                    "- ".to_string()
                };
                let mut item_parts = Vec::new();
                item.iter()
                    .for_each(|b| push_block(b, "", decorations, &mut item_parts));
                if item_parts.iter().all(|part| part.trim().is_empty()) {
                    continue;
                }
                let body = item_parts
                    .join("\n")
                    .replace('\n', &format!("\n{indent}  "));
                lines.push(format!("{indent}{marker}{body}"));
            }
            parts.push(lines.join("\n"));
        }
        Block::Figure { caption, .. } => {
            let caption = inlines_text(caption);
            if decorations && !caption.trim().is_empty() {
                parts.push(prefix(&format!("[{}]", caption.trim())));
            }
        }
        Block::Table { caption, rows } => {
            let mut lines = vec![prefix(&inlines_text(caption))];
            for row in rows {
                let cells: Vec<String> =
                    row.cells.iter().map(|c| inlines_text(&c.content)).collect();
                lines.push(prefix(&cells.join(" | ")));
            }
            parts.push(lines.join("\n").trim_start_matches('\n').to_string());
        }
        Block::Code { text, .. } => parts.push(prefix(text)),
        Block::Rule if decorations => parts.push(format!("{indent}* * *")),
        Block::Rule => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Metadata;

    fn doc() -> Document {
        Document {
            meta: Metadata {
                title: "Title".into(),
                authors: vec!["Ana".into()],
                ..Metadata::default()
            },
            blocks: vec![
                Block::paragraph("First."),
                Block::List {
                    ordered: true,
                    items: vec![vec![Block::paragraph("one")], vec![Block::paragraph("two")]],
                },
            ],
        }
    }

    #[test]
    fn full_text_starts_with_title_and_byline() {
        let text = article_text(&doc(), TextOptions::default());
        assert_eq!(text, "Title\nBy Ana\n\nFirst.\n\n1. one\n2. two\n");
    }

    #[test]
    fn body_only_leaves_out_captions_even_inside_lists() {
        let mut article = doc();
        let figure = Block::Figure {
            image: crate::document::ImageRef::default(),
            caption: vec![crate::document::Inline::text("A caption")],
        };
        article.blocks.push(figure.clone());
        article.blocks.push(Block::List {
            ordered: false,
            items: vec![vec![figure]],
        });
        let body = article_text(&article, TextOptions { body_only: true });
        assert!(!body.contains("A caption"), "{body}");
        let full = article_text(&article, TextOptions::default());
        assert!(full.contains("[A caption]"), "{full}");
    }

    #[test]
    fn body_only_leaves_out_the_marks_of_section_breaks() {
        let mut article = doc();
        article.blocks.insert(1, Block::Rule);
        let body = article_text(&article, TextOptions { body_only: true });
        assert_eq!(body, "First.\n\n1. one\n2. two\n");
        let full = article_text(&article, TextOptions::default());
        assert!(full.contains("First.\n\n* * *\n\n1. one"), "{full}");
    }

    #[test]
    fn body_only_leaves_out_the_header() {
        let text = article_text(&doc(), TextOptions { body_only: true });
        assert_eq!(text, "First.\n\n1. one\n2. two\n");
    }
}
