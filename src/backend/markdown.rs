//! The Markdown backend: the cleaned article as Markdown, for notes, wikis and pandoc.
//!
//! The file opens with YAML front matter (`title`, `author`, `date`, `site`, `url`, `lang`,
//! each only when known), then the body in CommonMark with the extensions pandoc and GitHub
//! read: tables as pipe tables (a cell's paragraphs joined by `<br>`, spans not kept),
//! footnotes as `[^n]` with their text after the article, struck-out text between `~~`.
//! What Markdown has no mark for is written as the few HTML tags every Markdown reader passes
//! through (`<sup>`, `<sub>`, `<mark>`). Pictures are referenced by their original addresses.
//! A book of several articles gives each article a `#` heading of its own.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::html::safe_address;
use super::{Backend, BackendError, Locale, RenderContext, Rendered};
use crate::document::{inlines_text, Block, Document, Inline, QuoteMarks, Table};

/// Writes books as Markdown.
#[derive(Debug, Clone, Default)]
pub struct MarkdownBackend;

impl Backend for MarkdownBackend {
    fn name(&self) -> &'static str {
        "md"
    }

    fn extension(&self) -> &'static str {
        "md"
    }

    fn media_type(&self) -> &'static str {
        "text/markdown; charset=utf-8"
    }

    fn render(&self, context: &RenderContext<'_>) -> Result<Rendered, BackendError> {
        let book = context.book;
        let single = book.articles.len() == 1;
        let mut out = String::from("---\n");
        let field = |out: &mut String, key: &str, value: Option<&str>| {
            if let Some(value) = value.map(str::trim).filter(|value| !value.is_empty()) {
                let _ = writeln!(out, "{key}: {}", yaml_string(value));
            }
        };
        field(&mut out, "title", Some(book.display_title()));
        match book.authors().as_slice() {
            [] => {}
            [one] => field(&mut out, "author", Some(one)),
            several => {
                out.push_str("author:\n");
                for name in several {
                    let _ = writeln!(out, "  - {}", yaml_string(name));
                }
            }
        }
        if single {
            let meta = &book.articles[0].meta;
            field(&mut out, "date", meta.published.as_deref());
            field(&mut out, "site", meta.site_name.as_deref());
            field(&mut out, "url", meta.source_url.as_deref());
        }
        field(&mut out, "lang", book.language());
        out.push_str("---\n");
        for article in &book.articles {
            out.push('\n');
            if !single {
                article_header(article, &mut out);
            }
            let writer = Writer::new(article);
            let mut parts = Vec::new();
            for block in &article.blocks {
                writer.block(block, &mut parts);
            }
            if let Some(credit) = &article.meta.image_credit {
                parts.push(format!("*{}*", escape(credit)));
            }
            out.push_str(&parts.join("\n\n"));
            out.push('\n');
        }
        Ok(Rendered::clean(out.into_bytes()))
    }
}

/// A book's article: its title as a heading, then its byline, date and site and source.
fn article_header(doc: &Document, out: &mut String) {
    let meta = &doc.meta;
    let locale = Locale::of(meta);
    let _ = writeln!(out, "# {}\n", escape(doc.display_title()));
    let mut lines = Vec::new();
    if !meta.authors.is_empty() {
        lines.push(escape(&locale.byline(&meta.authors)));
    }
    if let Some(dateline) = locale.dateline(meta) {
        lines.push(escape(&dateline));
    }
    if let Some(url) = &meta.source_url {
        lines.push(format!("<{url}>"));
    }
    if !lines.is_empty() {
        let _ = writeln!(out, "{}\n", lines.join("  \n"));
    }
}

/// How the blocks of one article are written.
struct Writer<'a> {
    /// The quotation marks of the article's language.
    marks: QuoteMarks,
    /// Each note's number by its id, in the order the article lists them.
    numbers: HashMap<&'a str, usize>,
}

impl<'a> Writer<'a> {
    fn new(doc: &'a Document) -> Self {
        let mut numbers = HashMap::new();
        for block in &doc.blocks {
            if let Block::Notes { notes } = block {
                for note in notes {
                    let next = numbers.len() + 1;
                    numbers.entry(note.id.as_str()).or_insert(next);
                }
            }
        }
        Writer {
            marks: QuoteMarks::for_language(doc.meta.language.as_deref()),
            numbers,
        }
    }

    /// Appends `block` as one or more parts (separated by blank lines).
    fn block(&self, block: &Block, parts: &mut Vec<String>) {
        match block {
            Block::Heading { level, content } => {
                let level = usize::from((*level).clamp(2, 6));
                parts.push(format!("{} {}", "#".repeat(level), self.inlines(content)));
            }
            Block::Paragraph { content } => parts.push(start_safely(&self.inlines(content))),
            Block::Quote {
                blocks,
                attribution,
            } => {
                let mut inner = Vec::new();
                blocks.iter().for_each(|b| self.block(b, &mut inner));
                if !attribution.is_empty() {
                    inner.push(format!("— {}", self.inlines(attribution)));
                }
                parts.push(prefix_lines(&inner.join("\n\n"), "> ", "> "));
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                let lines: Vec<String> = items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        let marker = if *ordered {
                            format!("{}. ", *start as usize + index)
                        } else {
                            "- ".to_string()
                        };
                        let mut inner = Vec::new();
                        item.iter().for_each(|b| self.block(b, &mut inner));
                        let indent = " ".repeat(marker.len());
                        prefix_lines(&inner.join("\n\n"), &marker, &indent)
                    })
                    .collect();
                parts.push(lines.join("\n"));
            }
            Block::Figure { image, caption } => {
                let mut figure = String::new();
                if safe_address(&image.src) {
                    let _ = write!(
                        figure,
                        "![{}]({})",
                        escape(&image.alt),
                        link_address(&image.src)
                    );
                }
                if !caption.is_empty() {
                    if !figure.is_empty() {
                        figure.push_str("  \n");
                    }
                    let _ = write!(figure, "*{}*", self.inlines(caption));
                }
                parts.push(figure);
            }
            Block::Table(table) => parts.push(self.table(table)),
            Block::Code { language, text } => {
                let longest = longest_run(text, '`');
                let fence = "`".repeat(longest.max(2) + 1);
                let language = language.as_deref().unwrap_or("");
                parts.push(format!(
                    "{fence}{language}\n{}\n{fence}",
                    text.trim_end_matches('\n')
                ));
            }
            Block::DefinitionList { items } => {
                let mut entries = Vec::new();
                for item in items {
                    let mut entry: Vec<String> =
                        item.terms.iter().map(|term| self.inlines(term)).collect();
                    for description in &item.descriptions {
                        let mut inner = Vec::new();
                        description.iter().for_each(|b| self.block(b, &mut inner));
                        entry.push(prefix_lines(&inner.join("\n\n"), ":   ", "    "));
                    }
                    entries.push(entry.join("\n"));
                }
                parts.push(entries.join("\n\n"));
            }
            Block::Rule => parts.push("* * *".to_string()),
            Block::Notes { notes } => {
                for note in notes {
                    let mut inner = Vec::new();
                    note.blocks.iter().for_each(|b| self.block(b, &mut inner));
                    let marker = format!("[^{}]: ", self.number(&note.id));
                    parts.push(prefix_lines(&inner.join("\n\n"), &marker, "    "));
                }
            }
        }
    }

    /// The number a note is written under.
    fn number(&self, id: &str) -> String {
        match self.numbers.get(id) {
            Some(number) => number.to_string(),
            None => id
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '-')
                .collect(),
        }
    }

    /// A pipe table: the first header row (else an empty one) above the others.
    fn table(&self, table: &Table) -> String {
        let (_, columns) = table.grid();
        let columns = columns.max(1);
        let cell_text = |blocks: &[Block]| {
            let mut inner = Vec::new();
            blocks.iter().for_each(|b| self.block(b, &mut inner));
            inner
                .join("<br>")
                .replace('\n', " ")
                .replace('|', "\\|")
                .trim()
                .to_string()
        };
        let mut rows: Vec<Vec<String>> = table
            .rows()
            .map(|(_, row)| {
                let mut cells = Vec::new();
                for cell in &row.cells {
                    cells.push(cell_text(&cell.blocks));
                    for _ in 1..cell.colspan.max(1) {
                        cells.push(String::new());
                    }
                }
                cells.resize(columns, String::new());
                cells
            })
            .collect();
        let header = if table.head.is_empty() {
            vec![String::new(); columns]
        } else {
            rows.remove(0)
        };
        let line = |cells: &[String]| format!("| {} |", cells.join(" | "));
        let mut lines = Vec::new();
        if !table.caption.is_empty() {
            lines.push(format!("*{}*\n", self.inlines(&table.caption)));
        }
        lines.push(line(&header));
        let rule: Vec<String> = (0..columns)
            .map(|column| {
                match table.columns.get(column) {
                    Some(crate::document::ColumnAlign::Left) => ":---",
                    Some(crate::document::ColumnAlign::Center) => ":---:",
                    Some(crate::document::ColumnAlign::Right) => "---:",
                    _ => "---",
                }
                .to_string()
            })
            .collect();
        lines.push(line(&rule));
        lines.extend(rows.iter().map(|row| line(row)));
        lines.join("\n")
    }

    fn inlines(&self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        self.push_inlines(inlines, 0, &mut out);
        out
    }

    fn wrap(&self, mark: (&str, &str), content: &[Inline], quotes: usize, out: &mut String) {
        if inlines_text(content).trim().is_empty() {
            self.push_inlines(content, quotes, out);
            return;
        }
        out.push_str(mark.0);
        self.push_inlines(content, quotes, out);
        out.push_str(mark.1);
    }

    fn push_inlines(&self, inlines: &[Inline], quotes: usize, out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => out.push_str(&escape(text)),
                Inline::Emphasis { content } => self.wrap(("*", "*"), content, quotes, out),
                Inline::Strong { content } => self.wrap(("**", "**"), content, quotes, out),
                Inline::Link { href, content } if safe_address(href) => {
                    out.push('[');
                    self.push_inlines(content, quotes, out);
                    let _ = write!(out, "]({})", link_address(href));
                }
                Inline::Link { content, .. } => self.push_inlines(content, quotes, out),
                Inline::Code { text } => {
                    let ticks = "`".repeat(longest_run(text, '`') + 1);
                    let pad = if text.starts_with('`') || text.ends_with('`') {
                        " "
                    } else {
                        ""
                    };
                    let _ = write!(out, "{ticks}{pad}{text}{pad}{ticks}");
                }
                Inline::LineBreak => out.push_str("\\\n"),
                Inline::Image { image } if safe_address(&image.src) => {
                    let _ = write!(
                        out,
                        "![{}]({})",
                        escape(&image.alt),
                        link_address(&image.src)
                    );
                }
                Inline::Image { image } => out.push_str(&escape(&image.alt)),
                Inline::Superscript { content } => {
                    self.wrap(("<sup>", "</sup>"), content, quotes, out)
                }
                Inline::Subscript { content } => {
                    self.wrap(("<sub>", "</sub>"), content, quotes, out)
                }
                Inline::Deleted { content } => self.wrap(("~~", "~~"), content, quotes, out),
                Inline::Inserted { content } => {
                    self.wrap(("<ins>", "</ins>"), content, quotes, out)
                }
                Inline::Highlight { content } => {
                    self.wrap(("<mark>", "</mark>"), content, quotes, out)
                }
                Inline::Quoted { content } => {
                    let (open, close) = self.marks.at_depth(quotes);
                    out.push_str(open);
                    self.push_inlines(content, quotes + 1, out);
                    out.push_str(close);
                }
                Inline::SmallCaps { content } | Inline::Abbreviation { content, .. } => {
                    self.push_inlines(content, quotes, out)
                }
                Inline::Ruby {
                    content,
                    annotation,
                } => {
                    self.push_inlines(content, quotes, out);
                    let _ = write!(out, "({})", escape(annotation));
                }
                Inline::NoteRef { id, .. } => {
                    let _ = write!(out, "[^{}]", self.number(id));
                }
            }
        }
    }
}

/// `text` with a first line that Markdown would take for a heading, quotation or list item
/// escaped, so that it stays a paragraph.
fn start_safely(text: &str) -> String {
    let trimmed = text.trim_start();
    let numbered = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .filter(|&at| at > 0)
        .is_some_and(|at| trimmed[at..].starts_with(". ") || trimmed[at..].starts_with(") "));
    if numbered {
        let at = trimmed.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        return format!("{}\\{}", &trimmed[..at], &trimmed[at..]);
    }
    let marker = ["#", ">", "- ", "+ ", "= ", "* * *"];
    if marker.iter().any(|m| trimmed.starts_with(m)) {
        return format!("\\{trimmed}");
    }
    text.to_string()
}

/// `text` with each line after the first prefixed with `rest`, and the first with `first`.
fn prefix_lines(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let prefix = if index == 0 { first } else { rest };
        if line.is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(line);
        }
    }
    if out.is_empty() {
        out.push_str(first.trim_end());
    }
    out
}

/// The longest run of `mark` in `text`.
fn longest_run(text: &str, mark: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == mark { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// An address as a link destination: between angle brackets when it has spaces or
/// parentheses.
fn link_address(address: &str) -> String {
    if address.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", address.replace('<', "%3C").replace('>', "%3E"))
    } else {
        address.to_string()
    }
}

/// `text` with the characters Markdown gives a meaning inside a line escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A YAML double-quoted string (JSON's escapes are YAML's).
fn yaml_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{}\"", value.replace('"', "'")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_that_looks_like_a_block_stays_a_paragraph() {
        assert_eq!(start_safely("# not a heading"), "\\# not a heading");
        assert_eq!(start_safely("1984. A year."), "1984\\. A year.");
        assert_eq!(start_safely("Plain words."), "Plain words.");
    }

    #[test]
    fn marks_in_text_are_escaped() {
        assert_eq!(escape("a*b_c [d]"), "a\\*b\\_c \\[d\\]");
    }
}
