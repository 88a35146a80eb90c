//! The HTML backend: the cleaned article as one standalone web page.
//!
//! The page is UTF-8, declares the article's language and direction, and opens with the title,
//! byline, date and site and the source's address; a small stylesheet is embedded in it (a
//! readable measure, figures and tables that fit the window) and nothing else: no scripts, no
//! other files. Pictures are referenced by their original addresses, so the page shows them
//! when it is read online. Links keep their addresses unless they would run code
//! (`javascript:`, `data:` and the like are left out, the link's text kept). Notes are listed
//! at the end of their article, each reference linked to its note and back.

use std::fmt::Write as _;

use super::{Backend, BackendError, Locale, RenderContext, Rendered};
use crate::document::{Block, Document, Inline, QuoteMarks, Table, TablePart};

/// The stylesheet embedded in every page.
const STYLESHEET: &str = "\
body{margin:0 auto;max-width:38em;padding:1em 1.25em;font:1.125rem/1.55 Georgia,'Times New Roman',serif;color:#222;background:#fff}
h1,h2,h3,h4,h5,h6{line-height:1.25;font-family:system-ui,sans-serif}
.byline,.dateline,.source{margin:.2em 0;color:#555;font-size:.9em}
.source a{word-break:break-all}
img{max-width:100%;height:auto}
figure{margin:1.5em 0}figcaption{color:#555;font-size:.9em}
blockquote{margin:1em 0;padding-left:1em;border-left:3px solid #ccc}
pre{overflow-x:auto;background:#f6f6f6;padding:.75em}code{font-size:.9em}
table{border-collapse:collapse;display:block;overflow-x:auto;margin:1em 0}
th,td{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}
hr.article-break{margin:3em 0}
.notes{font-size:.9em;border-top:1px solid #ccc;margin-top:2em}
.credit{color:#555;font-size:.85em;margin-top:2em}
";

/// Writes books as a standalone HTML page.
#[derive(Debug, Clone, Default)]
pub struct HtmlBackend;

impl Backend for HtmlBackend {
    fn name(&self) -> &'static str {
        "html"
    }

    fn extension(&self) -> &'static str {
        "html"
    }

    fn media_type(&self) -> &'static str {
        "text/html; charset=utf-8"
    }

    fn render(&self, context: &RenderContext<'_>) -> Result<Rendered, BackendError> {
        let book = context.book;
        let language = book.language().unwrap_or("en");
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n",
            escape(language),
            book.direction().html(),
            escape(book.display_title())
        );
        let authors = book.authors();
        if !authors.is_empty() {
            let _ = writeln!(
                out,
                "<meta name=\"author\" content=\"{}\">",
                escape(&authors.join(", "))
            );
        }
        let _ = write!(out, "<style>\n{STYLESHEET}</style>\n</head>\n<body>\n");
        if let (Some(title), true) = (&book.title, book.articles.len() > 1) {
            let _ = writeln!(out, "<h1 class=\"book-title\">{}</h1>", escape(title));
        }
        for (index, article) in book.articles.iter().enumerate() {
            if index > 0 {
                out.push_str("<hr class=\"article-break\">\n");
            }
            article_html(article, index, &mut out);
        }
        out.push_str("</body>\n</html>\n");
        Ok(Rendered::clean(out.into_bytes()))
    }
}

/// One article: its header, then its blocks, in an `<article>` of its own language.
fn article_html(doc: &Document, index: usize, out: &mut String) {
    let meta = &doc.meta;
    let locale = Locale::of(meta);
    let _ = writeln!(
        out,
        "<article lang=\"{}\" dir=\"{}\">\n<header>\n<h1>{}</h1>",
        escape(meta.language.as_deref().unwrap_or("en")),
        doc.direction().html(),
        escape(doc.display_title())
    );
    if !meta.authors.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"byline\">{}</p>",
            escape(&locale.byline(&meta.authors))
        );
    }
    if let Some(dateline) = locale.dateline(meta) {
        let _ = writeln!(out, "<p class=\"dateline\">{}</p>", escape(&dateline));
    }
    if let Some(url) = meta.source_url.as_deref().filter(|url| safe_address(url)) {
        let _ = writeln!(
            out,
            "<p class=\"source\"><a href=\"{0}\">{0}</a></p>",
            escape(url)
        );
    }
    out.push_str("</header>\n");
    let writer = Writer {
        marks: QuoteMarks::for_language(meta.language.as_deref()),
        prefix: format!("a{}-", index + 1),
    };
    for block in &doc.blocks {
        writer.block(block, locale, out);
    }
    if let Some(credit) = &meta.image_credit {
        let _ = writeln!(out, "<p class=\"credit\">{}</p>", escape(credit));
    }
    out.push_str("</article>\n");
}

/// How the blocks of one article are written.
struct Writer {
    /// The quotation marks of the article's language.
    marks: QuoteMarks,
    /// Starts the ids of the article's notes, unique in the page.
    prefix: String,
}

impl Writer {
    fn block(&self, block: &Block, locale: &Locale, out: &mut String) {
        match block {
            Block::Heading { level, content } => {
                let level = (*level).clamp(2, 6);
                let _ = write!(out, "<h{level}>");
                self.inlines(content, 0, out);
                let _ = writeln!(out, "</h{level}>");
            }
            Block::Paragraph { content } => {
                out.push_str("<p>");
                self.inlines(content, 0, out);
                out.push_str("</p>\n");
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                out.push_str("<blockquote>\n");
                blocks.iter().for_each(|b| self.block(b, locale, out));
                if !attribution.is_empty() {
                    out.push_str("<footer>— ");
                    self.inlines(attribution, 0, out);
                    out.push_str("</footer>\n");
                }
                out.push_str("</blockquote>\n");
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                match (*ordered, *start) {
                    (true, 1) => out.push_str("<ol>\n"),
                    (true, start) => {
                        let _ = writeln!(out, "<ol start=\"{start}\">");
                    }
                    (false, _) => out.push_str("<ul>\n"),
                }
                for item in items {
                    out.push_str("<li>");
                    self.item(item, locale, out);
                    out.push_str("</li>\n");
                }
                out.push_str(if *ordered { "</ol>\n" } else { "</ul>\n" });
            }
            Block::Figure { image, caption } => {
                out.push_str("<figure>\n");
                if safe_address(&image.src) {
                    let _ = writeln!(
                        out,
                        "<img src=\"{}\" alt=\"{}\">",
                        escape(&image.src),
                        escape(&image.alt)
                    );
                }
                if !caption.is_empty() {
                    out.push_str("<figcaption>");
                    self.inlines(caption, 0, out);
                    out.push_str("</figcaption>\n");
                }
                out.push_str("</figure>\n");
            }
            Block::Table(table) => self.table(table, locale, out),
            Block::Code { language, text } => {
                match language {
                    Some(language) => {
                        let _ = write!(out, "<pre><code class=\"language-{}\">", escape(language));
                    }
                    None => out.push_str("<pre><code>"),
                }
                out.push_str(&escape(text));
                out.push_str("</code></pre>\n");
            }
            Block::DefinitionList { items } => {
                out.push_str("<dl>\n");
                for item in items {
                    for term in &item.terms {
                        out.push_str("<dt>");
                        self.inlines(term, 0, out);
                        out.push_str("</dt>\n");
                    }
                    for description in &item.descriptions {
                        out.push_str("<dd>");
                        self.item(description, locale, out);
                        out.push_str("</dd>\n");
                    }
                }
                out.push_str("</dl>\n");
            }
            Block::Rule => out.push_str("<hr>\n"),
            Block::Notes { notes } => {
                if notes.is_empty() {
                    return;
                }
                let _ = writeln!(
                    out,
                    "<section class=\"notes\">\n<h2>{}</h2>\n<ol>",
                    escape(locale.notes)
                );
                for note in notes {
                    let id = self.note_id(&note.id);
                    let _ = write!(out, "<li id=\"fn-{id}\"");
                    if let Ok(number) = note.label.trim().parse::<u32>() {
                        let _ = write!(out, " value=\"{number}\"");
                    }
                    out.push('>');
                    self.item(&note.blocks, locale, out);
                    let _ = writeln!(out, " <a href=\"#ref-{id}\">↩</a></li>");
                }
                out.push_str("</ol>\n</section>\n");
            }
        }
    }

    /// The blocks of a list item, a cell or a note: a lone paragraph without its `<p>`.
    fn item(&self, blocks: &[Block], locale: &Locale, out: &mut String) {
        match blocks {
            [Block::Paragraph { content }] => self.inlines(content, 0, out),
            _ => blocks.iter().for_each(|b| self.block(b, locale, out)),
        }
    }

    fn table(&self, table: &Table, locale: &Locale, out: &mut String) {
        out.push_str("<table>\n");
        if !table.caption.is_empty() {
            out.push_str("<caption>");
            self.inlines(&table.caption, 0, out);
            out.push_str("</caption>\n");
        }
        let mut part = None;
        for (row_part, row) in table.rows() {
            if part != Some(row_part) {
                if let Some(open) = part {
                    let _ = writeln!(out, "</{}>", part_tag(open));
                }
                let _ = writeln!(out, "<{}>", part_tag(row_part));
                part = Some(row_part);
            }
            out.push_str("<tr>");
            for cell in &row.cells {
                let tag = if cell.header { "th" } else { "td" };
                let _ = write!(out, "<{tag}");
                if cell.colspan > 1 {
                    let _ = write!(out, " colspan=\"{}\"", cell.colspan);
                }
                if cell.rowspan > 1 {
                    let _ = write!(out, " rowspan=\"{}\"", cell.rowspan);
                }
                out.push('>');
                self.item(&cell.blocks, locale, out);
                let _ = write!(out, "</{tag}>");
            }
            out.push_str("</tr>\n");
        }
        if let Some(open) = part {
            let _ = writeln!(out, "</{}>", part_tag(open));
        }
        out.push_str("</table>\n");
    }

    fn inlines(&self, inlines: &[Inline], quotes: usize, out: &mut String) {
        for inline in inlines {
            self.inline(inline, quotes, out);
        }
    }

    fn wrap(&self, tag: &str, content: &[Inline], quotes: usize, out: &mut String) {
        let _ = write!(out, "<{tag}>");
        self.inlines(content, quotes, out);
        let _ = write!(out, "</{tag}>");
    }

    fn inline(&self, inline: &Inline, quotes: usize, out: &mut String) {
        match inline {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Emphasis { content } => self.wrap("em", content, quotes, out),
            Inline::Strong { content } => self.wrap("strong", content, quotes, out),
            Inline::Link { href, content } if safe_address(href) => {
                let _ = write!(out, "<a href=\"{}\">", escape(href));
                self.inlines(content, quotes, out);
                out.push_str("</a>");
            }
            Inline::Link { content, .. } => self.inlines(content, quotes, out),
            Inline::Code { text } => {
                let _ = write!(out, "<code>{}</code>", escape(text));
            }
            Inline::LineBreak => out.push_str("<br>"),
            Inline::Image { image } if safe_address(&image.src) => {
                let _ = write!(
                    out,
                    "<img src=\"{}\" alt=\"{}\">",
                    escape(&image.src),
                    escape(&image.alt)
                );
            }
            Inline::Image { image } => out.push_str(&escape(&image.alt)),
            Inline::Superscript { content } => self.wrap("sup", content, quotes, out),
            Inline::Subscript { content } => self.wrap("sub", content, quotes, out),
            Inline::Deleted { content } => self.wrap("del", content, quotes, out),
            Inline::Inserted { content } => self.wrap("ins", content, quotes, out),
            Inline::Quoted { content } => {
                let (open, close) = self.marks.at_depth(quotes);
                out.push_str(open);
                self.inlines(content, quotes + 1, out);
                out.push_str(close);
            }
            Inline::Highlight { content } => self.wrap("mark", content, quotes, out),
            Inline::SmallCaps { content } => {
                out.push_str("<span style=\"font-variant:small-caps\">");
                self.inlines(content, quotes, out);
                out.push_str("</span>");
            }
            Inline::Abbreviation { title, content } => {
                let _ = write!(out, "<abbr title=\"{}\">", escape(title));
                self.inlines(content, quotes, out);
                out.push_str("</abbr>");
            }
            Inline::Ruby {
                content,
                annotation,
            } => {
                out.push_str("<ruby>");
                self.inlines(content, quotes, out);
                let _ = write!(
                    out,
                    "<rp>(</rp><rt>{}</rt><rp>)</rp></ruby>",
                    escape(annotation)
                );
            }
            Inline::NoteRef { label, id } => {
                let id = self.note_id(id);
                let _ = write!(
                    out,
                    "<sup><a href=\"#fn-{id}\" id=\"ref-{id}\">{}</a></sup>",
                    escape(label)
                );
            }
        }
    }

    /// A note's id in the page: the article's prefix and the note's id, as letters, digits
    /// and hyphens.
    fn note_id(&self, id: &str) -> String {
        let clean: String = id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!("{}{clean}", self.prefix)
    }
}

fn part_tag(part: TablePart) -> &'static str {
    match part {
        TablePart::Head => "thead",
        TablePart::Body => "tbody",
        TablePart::Foot => "tfoot",
    }
}

/// Whether an address may be linked or loaded: the web, mail and addresses within the page,
/// never one that runs code or carries its own content (`javascript:`, `data:`, `vbscript:`).
pub fn safe_address(address: &str) -> bool {
    let address = address.trim();
    match address.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            let scheme = scheme.to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto" | "ftp")
        }
        _ => true,
    }
}

/// `text` with the characters HTML gives a meaning written as references.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_addresses_and_relative_ones_are_kept() {
        for kept in [
            "https://a.example/x",
            "mailto:a@b.c",
            "#fn-1",
            "/path?q=a:b",
            "x.png",
        ] {
            assert!(safe_address(kept), "{kept}");
        }
        for dropped in [
            "javascript:alert(1)",
            " JavaScript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(!safe_address(dropped), "{dropped}");
        }
    }
}
