//! Markdown articles (a common export format) rendered to an HTML page for the HTML normalizer.
//!
//! The page's `<title>` is the front matter's `title:` or else the first level-1 heading; the
//! front matter's `author:` and `date:` become the meta tags the normalizer reads.

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

/// What a Markdown file says about itself.
#[derive(Debug, Default, PartialEq, Eq)]
struct FrontMatter {
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
    lang: Option<String>,
}

/// Renders `markdown` as a complete HTML page.
pub(super) fn to_html(markdown: &str) -> String {
    let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let mut meta = front_matter(&events);
    if meta.title.is_none() {
        meta.title = first_h1(&events);
    }
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, without_metadata(events).into_iter());
    page(&meta, &body)
}

/// The Markdown extensions read: GitHub's tables, footnotes and `~~strikethrough~~`, front
/// matter, and definition lists (`Term`, then `: description` on the next line). Raised and
/// lowered text is written as HTML (`km<sup>2</sup>`): pulldown-cmark's `^superscript^` and
/// `~subscript~` cannot stand inside a word ("km^2^"), and GitHub takes single tildes for
/// strikethrough.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_DEFINITION_LIST
}

/// Wraps the rendered body in a page with a head the HTML normalizer reads.
fn page(meta: &FrontMatter, body: &str) -> String {
    let escape = |s: &str| html_escape::encode_double_quoted_attribute(s).into_owned();
    let mut head = String::from("<meta charset=\"utf-8\">");
    if let Some(title) = &meta.title {
        head.push_str(&format!("<title>{}</title>", escape(title)));
    }
    if let Some(author) = &meta.author {
        head.push_str(&format!(
            "<meta name=\"author\" content=\"{}\">",
            escape(author)
        ));
    }
    if let Some(date) = &meta.date {
        head.push_str(&format!(
            "<meta property=\"article:published_time\" content=\"{}\">",
            escape(date)
        ));
    }
    let lang = meta
        .lang
        .as_deref()
        .map(|l| format!(" lang=\"{}\"", escape(l)))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html{lang}><head>{head}</head><body><article>\n{body}</article></body></html>\n"
    )
}

/// The events outside the front-matter block (which is not article text).
fn without_metadata(events: Vec<Event>) -> Vec<Event> {
    let mut inside = false;
    events
        .into_iter()
        .filter(|event| match event {
            Event::Start(Tag::MetadataBlock(_)) => {
                inside = true;
                false
            }
            Event::End(TagEnd::MetadataBlock(_)) => {
                inside = false;
                false
            }
            _ => !inside,
        })
        .collect()
}

/// Reads `key: value` lines of a YAML front-matter block.
fn front_matter(events: &[Event]) -> FrontMatter {
    let mut meta = FrontMatter::default();
    let mut inside = false;
    for event in events {
        match event {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => inside = true,
            Event::End(TagEnd::MetadataBlock(_)) => inside = false,
            Event::Text(text) if inside => read_front_matter_lines(text, &mut meta),
            _ => {}
        }
    }
    meta
}

fn read_front_matter_lines(text: &str, meta: &mut FrontMatter) {
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "title" => &mut meta.title,
            "author" | "authors" | "byline" => &mut meta.author,
            "date" | "published" => &mut meta.date,
            "lang" | "language" => &mut meta.lang,
            _ => continue,
        };
        slot.get_or_insert_with(|| value.to_string());
    }
}

/// The text of the first level-1 heading.
fn first_h1(events: &[Event]) -> Option<String> {
    let start = events.iter().position(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    })?;
    let mut title = String::new();
    for event in &events[start + 1..] {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(text) | Event::Code(text) => title.push_str(text),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    let title = title.trim().to_string();
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_comes_from_the_first_heading() {
        let html = to_html("Intro line\n\n# The *Real* Title\n\nBody text.\n\n# Second\n");
        assert!(html.contains("<title>The Real Title</title>"), "{html}");
        assert!(html.contains("<p>Body text.</p>"), "{html}");
    }

    #[test]
    fn front_matter_gives_title_author_and_date_and_is_not_body() {
        let md = "---\ntitle: \"Tides & Clocks\"\nauthor: Ada Byrne\ndate: 2025-03-01\n---\n\n# Heading\n\nText.\n";
        let html = to_html(md);
        assert!(html.contains("<title>Tides &amp; Clocks</title>"), "{html}");
        assert!(
            html.contains("name=\"author\" content=\"Ada Byrne\""),
            "{html}"
        );
        assert!(html.contains("content=\"2025-03-01\""), "{html}");
        assert!(!html.contains("author: Ada"), "{html}");
    }

    #[test]
    fn strikethrough_raised_text_and_definition_lists_become_their_elements() {
        let html = to_html(
            "Was ~~$499~~, now $399 for 4,200 km<sup>2</sup>, x^2 + y^2 and H<sub>2</sub>O.\n\n\
             Tide\n: The rise and fall of the sea.\n",
        );
        assert!(html.contains("<del>$499</del>"), "{html}");
        assert!(html.contains("km<sup>2</sup>,"), "{html}");
        assert!(html.contains("x^2 + y^2"), "{html}");
        assert!(html.contains("H<sub>2</sub>O"), "{html}");
        assert!(html.contains("<dt>Tide</dt>"), "{html}");
        assert!(
            html.contains("<dd>The rise and fall of the sea.</dd>"),
            "{html}"
        );
    }

    #[test]
    fn tables_and_code_render() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nlet x = 1;\n```\n");
        assert!(
            html.contains("<table>") && html.contains("<code>"),
            "{html}"
        );
    }
}
