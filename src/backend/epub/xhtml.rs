//! The XHTML writer: turns documents into the well-formed, UTF-8-declaring XHTML pages of the
//! book. Every piece of text and every attribute goes through `html-escape`, and characters that
//! XML 1.0 forbids are dropped, so any input gives a page an XML parser accepts.
//!
//! Footnotes are EPUB 3 pop-up notes, as Kindle and Apple Books show them: each reference is
//! `<a epub:type="noteref" href="#fn-N" id="fnref-N">` in a `<sup>`, and each note an
//! `<aside epub:type="footnote" id="fn-N">` where the article lists its notes, under a "Notes"
//! heading unless the page's own heading stands above them,
//! opening with its mark linked back to the (first) reference. `N` counts the article's notes
//! from 1; a note referred to again gives that reference the id `fnref-N-2`, `fnref-N-3`, ….

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::backend::Locale;
use crate::document::{
    quoted_text, Block, ColumnAlign, Definition, Direction, Document, HeaderScope, Inline,
    Metadata, Note, QuoteMarks, Table, TableCell,
};

/// A heading inside a chapter, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocHeading {
    /// The `id` of the heading element.
    pub id: String,
    /// The heading's plain text.
    pub title: String,
    /// Its level, 2 to 6 (the article's title is the level 1 above them).
    pub level: u8,
}

/// A complete XHTML page around `body`, in `language`, its lines running in `direction`.
pub fn page(title: &str, language: &str, direction: Direction, body: &str) -> String {
    let lang = attr(language);
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\">\n\
         <head>\n<title>{title}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
         <body>\n{body}</body>\n</html>\n",
        title = text(title),
        dir = direction.html(),
    )
}

/// The book's title page: title, authors, dates, site and source links of every article.
/// The page runs in the book's direction; in a book of several articles, the lines of an
/// article written the other way run its way.
pub fn title_page_body(book_title: &str, articles: &[&Document]) -> String {
    let mut out = String::from("<section class=\"title-page\" epub:type=\"titlepage\">\n");
    let _ = writeln!(out, "<h1 class=\"book-title\">{}</h1>", text(book_title));
    let single = articles.len() == 1;
    for article in articles {
        let meta = &article.meta;
        if single {
            write_byline(&mut out, meta);
            continue;
        }
        let _ = writeln!(
            out,
            "<div class=\"entry\" dir=\"{}\">\n<p class=\"entry-title\">{}</p>",
            article.direction().html(),
            text(&meta.title)
        );
        write_byline(&mut out, meta);
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
    out
}

/// One article as a chapter body: its heading block, then its blocks. Returns the body and the
/// headings it gave ids to, for the table of contents.
pub fn article_body(doc: &Document) -> (String, Vec<TocHeading>) {
    article_body_with_images(doc, &|_| None)
}

/// [`article_body`] with pictures: `image_file` gives the book's file for a figure's `src`
/// (`None` when the image is not in the book, and the figure keeps only its caption).
pub fn article_body_with_images(
    doc: &Document,
    image_file: &dyn Fn(&str) -> Option<String>,
) -> (String, Vec<TocHeading>) {
    let parts = article_parts(doc, image_file);
    let mut body = String::from("<article>\n");
    body.push_str(&parts.header);
    parts
        .blocks
        .iter()
        .for_each(|block| body.push_str(&block.html));
    body.push_str(&parts.footer);
    body.push_str("</article>\n");
    (body, parts.headings)
}

/// An article written as XHTML in pieces that pages can be made of: its header, each of its
/// top-level blocks, and what follows them. The pieces go inside an `<article>` element.
#[derive(Debug, Clone, Default)]
pub struct ArticleParts {
    /// The article's header: section, title, byline, date and source.
    pub header: String,
    /// Each top-level block, in order.
    pub blocks: Vec<WrittenBlock>,
    /// What follows the blocks: the picture credit line, or nothing.
    pub footer: String,
    /// The headings given ids, for the table of contents.
    pub headings: Vec<TocHeading>,
}

/// One top-level block of an article, written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenBlock {
    /// Its XHTML.
    pub html: String,
    /// Whether it is a heading: a good place for a page to begin.
    pub is_heading: bool,
}

/// The article `doc` as [`ArticleParts`], with pictures as in [`article_body_with_images`].
pub fn article_parts(doc: &Document, image_file: &dyn Fn(&str) -> Option<String>) -> ArticleParts {
    let mut writer = Writer::new(image_file);
    writer.marks = QuoteMarks::for_language(doc.meta.language.as_deref());
    writer.locale = Locale::of(&doc.meta);
    let meta = &doc.meta;
    writer.out.push_str("<header class=\"article-header\">\n");
    if let Some(section) = &meta.section {
        let _ = writeln!(writer.out, "<p class=\"section\">{}</p>", text(section));
    }
    let _ = writeln!(writer.out, "<h1>{}</h1>", text(doc.display_title()));
    write_byline(&mut writer.out, meta);
    writer.out.push_str("</header>\n");
    let header = std::mem::take(&mut writer.out);
    writer.number_notes(&doc.blocks);
    let mut blocks: Vec<WrittenBlock> = Vec::with_capacity(doc.blocks.len());
    for block in &doc.blocks {
        if let Block::Notes { notes } = block {
            // Each note is a block of its own, so that a long list of notes can be split
            // into pages like the text.
            let after_heading = blocks.last().is_some_and(|block| block.is_heading);
            blocks.extend(writer.notes(notes, !after_heading));
            continue;
        }
        writer.block(block);
        blocks.push(WrittenBlock {
            html: std::mem::take(&mut writer.out),
            is_heading: matches!(block, Block::Heading { .. }),
        });
    }
    if let Some(credit) = &meta.image_credit {
        let _ = writeln!(writer.out, "<p class=\"credit\">{}</p>", text(credit));
    }
    ArticleParts {
        header,
        blocks,
        footer: writer.out,
        headings: writer.headings,
    }
}

/// Byline, date, site and source link, each on its own line when present, in the article's
/// language.
fn write_byline(out: &mut String, meta: &Metadata) {
    let locale = Locale::of(meta);
    if !meta.authors.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"byline\">{}</p>",
            text(&locale.byline(&meta.authors))
        );
    }
    if let Some(dateline) = locale.dateline(meta) {
        let _ = writeln!(out, "<p class=\"dateline\">{}</p>", text(&dateline));
    }
    if let Some(url) = meta.source_url.as_deref().filter(|u| is_web_link(u)) {
        let _ = writeln!(
            out,
            "<p class=\"source\"><a href=\"{}\">{}</a></p>",
            attr(url),
            text(url)
        );
    }
}

/// Whether a link may appear in the book: only absolute web and mail addresses (relative ones
/// would point at files the book does not have).
fn is_web_link(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

struct Writer<'a> {
    out: String,
    headings: Vec<TocHeading>,
    /// The book's file for an image `src`, when the image is in the book.
    image_file: &'a dyn Fn(&str) -> Option<String>,
    /// The quotation marks of the article's language.
    marks: QuoteMarks,
    /// The furniture of the article's language ("Notes").
    locale: &'static Locale,
    /// How many inline quotations the text being written is inside.
    quotes: usize,
    /// The number (from 1) of each note of the article, by its id.
    note_numbers: HashMap<String, usize>,
    /// How many references to each note (by number) have been written.
    references_written: HashMap<usize, usize>,
}

impl<'a> Writer<'a> {
    fn new(image_file: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Writer {
            out: String::new(),
            headings: Vec::new(),
            image_file,
            marks: QuoteMarks::for_language(None),
            locale: Locale::for_language(None),
            quotes: 0,
            note_numbers: HashMap::new(),
            references_written: HashMap::new(),
        }
    }

    /// Numbers the notes of the article's [`Block::Notes`], in order.
    fn number_notes(&mut self, blocks: &[Block]) {
        let notes = blocks.iter().flat_map(|block| match block {
            Block::Notes { notes } => notes.as_slice(),
            _ => &[],
        });
        for (index, note) in notes.enumerate() {
            self.note_numbers
                .entry(note.id.clone())
                .or_insert(index + 1);
        }
    }

    /// The article's notes as blocks: a "Notes" heading (when `headed`), then an `<aside>`
    /// per note.
    fn notes(&mut self, notes: &[Note], headed: bool) -> Vec<WrittenBlock> {
        let mut written = Vec::new();
        if headed && !notes.is_empty() {
            written.push(WrittenBlock {
                html: format!("<h2 class=\"notes\">{}</h2>\n", text(self.locale.notes)),
                is_heading: true,
            });
        }
        for note in notes {
            let Some(&number) = self.note_numbers.get(&note.id) else {
                continue;
            };
            let _ = writeln!(
                self.out,
                "<aside epub:type=\"footnote\" id=\"fn-{number}\" class=\"note\">"
            );
            let back = format!(
                "<a class=\"note-back\" href=\"#fnref-{number}\">{}</a> ",
                text(&note.label)
            );
            match note.blocks.split_first() {
                Some((Block::Paragraph { content }, rest)) => {
                    let _ = write!(self.out, "<p>{back}");
                    self.inlines(content.as_slice());
                    self.out.push_str("</p>\n");
                    rest.iter().for_each(|block| self.block(block));
                }
                _ => {
                    let _ = writeln!(self.out, "<p>{}</p>", back.trim_end());
                    note.blocks.iter().for_each(|block| self.block(block));
                }
            }
            self.out.push_str("</aside>\n");
            written.push(WrittenBlock {
                html: std::mem::take(&mut self.out),
                is_heading: false,
            });
        }
        written
    }

    /// A reference to the note `id`, marked `label`.
    fn note_reference(&mut self, label: &str, id: &str) {
        let Some(&number) = self.note_numbers.get(id) else {
            let _ = write!(self.out, "<sup>{}</sup>", text(label));
            return;
        };
        let count = self.references_written.entry(number).or_insert(0);
        *count += 1;
        let reference = match *count {
            1 => format!("fnref-{number}"),
            n => format!("fnref-{number}-{n}"),
        };
        let _ = write!(
            self.out,
            "<sup><a epub:type=\"noteref\" class=\"noteref\" href=\"#fn-{number}\" id=\"{reference}\">{}</a></sup>",
            text(label)
        );
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, content } => {
                let level = (*level).clamp(2, 6);
                let id = format!("h{}", self.headings.len() + 1);
                self.headings.push(TocHeading {
                    id: id.clone(),
                    title: quoted_text(content, self.marks),
                    level,
                });
                let _ = write!(self.out, "<h{level} id=\"{id}\">");
                self.inlines(content);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::Paragraph { content } => {
                self.out.push_str("<p>");
                self.inlines(content);
                self.out.push_str("</p>\n");
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                self.out.push_str("<blockquote>\n");
                blocks.iter().for_each(|b| self.block(b));
                if !crate::document::inlines_text(attribution).trim().is_empty() {
                    // The dash is text, so that it shows whatever the reader does with CSS.
                    self.out.push_str("<footer class=\"attribution\">— ");
                    self.inlines(attribution);
                    self.out.push_str("</footer>\n");
                }
                self.out.push_str("</blockquote>\n");
            }
            Block::DefinitionList { items } => self.definition_list(items),
            Block::List {
                ordered,
                start,
                items,
            } => {
                let tag = if *ordered { "ol" } else { "ul" };
                if *ordered && *start != 1 {
                    let _ = writeln!(self.out, "<{tag} start=\"{start}\">");
                } else {
                    let _ = writeln!(self.out, "<{tag}>");
                }
                for item in items {
                    self.out.push_str("<li>");
                    self.list_item(item);
                    self.out.push_str("</li>\n");
                }
                let _ = writeln!(self.out, "</{tag}>");
            }
            Block::Figure { image, caption } => {
                let file = (self.image_file)(&image.src);
                self.figure(file.as_deref(), &image.alt, caption)
            }
            Block::Table(table) => self.table(table),
            Block::Code { text: code, .. } => {
                // Code reads left to right in every language.
                let _ = writeln!(
                    self.out,
                    "<pre dir=\"ltr\"><code>{}</code></pre>",
                    text(code)
                );
            }
            Block::Rule => self.out.push_str("<hr/>\n"),
            Block::Notes { notes } => {
                // Only at the top level of an article (`article_parts`); elsewhere the same.
                let written = self.notes(notes, true);
                written
                    .iter()
                    .for_each(|block| self.out.push_str(&block.html));
            }
        }
    }

    /// A definition list. Every group has a term and a description, as HTML requires: an
    /// empty one stands in for what the page left out.
    fn definition_list(&mut self, items: &[Definition]) {
        self.out.push_str("<dl>\n");
        for item in items {
            if item.terms.is_empty() {
                self.out.push_str("<dt></dt>\n");
            }
            for term in &item.terms {
                self.out.push_str("<dt>");
                self.inlines(term);
                self.out.push_str("</dt>\n");
            }
            if item.descriptions.is_empty() {
                self.out.push_str("<dd></dd>\n");
            }
            for description in &item.descriptions {
                self.out.push_str("<dd>");
                self.list_item(description);
                self.out.push_str("</dd>\n");
            }
        }
        self.out.push_str("</dl>\n");
    }

    /// A list item: a lone paragraph is written bare, anything richer as blocks.
    fn list_item(&mut self, item: &[Block]) {
        match item {
            [Block::Paragraph { content }] => self.inlines(content),
            blocks => blocks.iter().for_each(|b| self.block(b)),
        }
    }

    /// A figure: its picture when the book has it (`file`), then its caption. Without the
    /// picture, a caption stands alone; a figure without a caption shows its alternative text
    /// instead, marked as the picture's ("[image: …]"), when it has one
    /// ([`figure_stand_in`](crate::backend::figure_stand_in)); a figure with neither leaves
    /// nothing behind.
    fn figure(&mut self, file: Option<&str>, alt: &str, caption: &[Inline]) {
        let has_caption = !crate::document::inlines_text(caption).trim().is_empty();
        let stand_in = crate::backend::figure_stand_in(alt, caption)
            .filter(|_| file.is_none() && !has_caption);
        if file.is_none() && !has_caption && stand_in.is_none() {
            return;
        }
        self.out.push_str("<div class=\"figure\">\n");
        if let Some(file) = file {
            let _ = writeln!(self.out, "{}", image_tag(file, alt));
        }
        if has_caption {
            self.out.push_str("<p class=\"caption\">");
            self.inlines(caption);
            self.out.push_str("</p>\n");
        } else if let Some(alt) = stand_in {
            let _ = writeln!(
                self.out,
                "<p class=\"caption alt-text\">[image: {}]</p>",
                text(alt)
            );
        }
        self.out.push_str("</div>\n");
    }

    /// A table: its caption, header rows in `<thead>`, body rows in `<tbody>` and footer
    /// rows in `<tfoot>` after them (as HTML5 allows, so that they read last). Cells keep
    /// their spans and their paragraphs and lists; a column's alignment is a class.
    fn table(&mut self, table: &Table) {
        let (grid, _) = table.grid();
        let mut placed = grid.iter();
        self.out.push_str("<table>\n");
        if !crate::document::inlines_text(&table.caption)
            .trim()
            .is_empty()
        {
            self.out.push_str("<caption>");
            self.inlines(&table.caption);
            self.out.push_str("</caption>\n");
        }
        for (tag, rows) in [
            ("thead", &table.head),
            ("tbody", &table.body),
            ("tfoot", &table.foot),
        ] {
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(self.out, "<{tag}>");
            for row in rows {
                self.out.push_str("<tr>");
                for cell in &row.cells {
                    let column = placed.next().map_or(0, |placed| placed.column);
                    self.table_cell(cell, table.align(column));
                }
                self.out.push_str("</tr>\n");
            }
            let _ = writeln!(self.out, "</{tag}>");
        }
        self.out.push_str("</table>\n");
    }

    /// One table cell, with its spans, scope and alignment; a lone paragraph is written bare.
    fn table_cell(&mut self, cell: &TableCell, align: ColumnAlign) {
        let tag = if cell.header { "th" } else { "td" };
        let _ = write!(self.out, "<{tag}");
        if cell.colspan > 1 {
            let _ = write!(self.out, " colspan=\"{}\"", cell.colspan);
        }
        if cell.rowspan > 1 {
            let _ = write!(self.out, " rowspan=\"{}\"", cell.rowspan);
        }
        if let Some(scope) = cell.scope {
            let scope = match scope {
                HeaderScope::Row => "row",
                HeaderScope::Col => "col",
                HeaderScope::RowGroup => "rowgroup",
                HeaderScope::ColGroup => "colgroup",
            };
            let _ = write!(self.out, " scope=\"{scope}\"");
        }
        let class = match (cell.colspan, align) {
            (1, ColumnAlign::Left) => Some("align-left"),
            (1, ColumnAlign::Center) => Some("align-center"),
            (1, ColumnAlign::Right) => Some("align-right"),
            _ => None,
        };
        if let Some(class) = class {
            let _ = write!(self.out, " class=\"{class}\"");
        }
        self.out.push('>');
        self.list_item(&cell.blocks);
        let _ = write!(self.out, "</{tag}>");
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text { text: t } => self.out.push_str(&text(t)),
                Inline::Emphasis { content } => self.wrap("em", content),
                Inline::Strong { content } => self.wrap("strong", content),
                Inline::Code { text: t } => {
                    let _ = write!(self.out, "<code>{}</code>", text(t));
                }
                Inline::LineBreak => self.out.push_str("<br/>"),
                Inline::Link { href, content } if is_web_link(href) => {
                    let _ = write!(self.out, "<a href=\"{}\">", attr(href));
                    self.inlines(content);
                    self.out.push_str("</a>");
                }
                Inline::Link { content, .. } => self.inlines(content),
                Inline::Image { image } => match (self.image_file)(&image.src) {
                    Some(file) => {
                        let _ = write!(
                            self.out,
                            "<img class=\"inline\" src=\"{}\" alt=\"{}\"/>",
                            attr(&file),
                            attr(&image.alt)
                        );
                    }
                    None => self.out.push_str(&text(&image.alt)),
                },
                Inline::Superscript { content } => self.wrap("sup", content),
                Inline::NoteRef { label, id } => self.note_reference(label, id),
                Inline::Subscript { content } => self.wrap("sub", content),
                Inline::Deleted { content } => self.wrap("del", content),
                Inline::Inserted { content } => self.wrap("ins", content),
                Inline::Highlight { content } => self.wrap("mark", content),
                Inline::SmallCaps { content } => {
                    self.out.push_str("<span class=\"smallcaps\">");
                    self.inlines(content);
                    self.out.push_str("</span>");
                }
                Inline::Abbreviation { title, content } => {
                    let _ = write!(self.out, "<abbr title=\"{}\">", attr(title));
                    self.inlines(content);
                    self.out.push_str("</abbr>");
                }
                Inline::Ruby {
                    content,
                    annotation,
                } => {
                    // The parentheses show only where ruby is not supported.
                    self.out.push_str("<ruby>");
                    self.inlines(content);
                    let _ = write!(
                        self.out,
                        "<rp>(</rp><rt>{}</rt><rp>)</rp></ruby>",
                        text(annotation)
                    );
                }
                Inline::Quoted { content } => {
                    // The marks are text (and the stylesheet adds none): readers that ignore
                    // CSS quotes still show them, in the article's language.
                    let (open, close) = self.marks.at_depth(self.quotes);
                    let _ = write!(self.out, "<q>{}", text(open));
                    self.quotes += 1;
                    self.inlines(content);
                    self.quotes -= 1;
                    let _ = write!(self.out, "{}</q>", text(close));
                }
            }
        }
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) {
        let _ = write!(self.out, "<{tag}>");
        self.inlines(content);
        let _ = write!(self.out, "</{tag}>");
    }
}

/// An `<img/>` of the book's file `file`, always with an `alt` (empty when none is known).
pub fn image_tag(file: &str, alt: &str) -> String {
    format!("<img src=\"{}\" alt=\"{}\"/>", attr(file), attr(alt))
}

/// Escapes text content for XHTML, dropping characters XML 1.0 does not allow.
pub fn text(raw: &str) -> String {
    html_escape::encode_text(&xml_chars(raw)).into_owned()
}

/// Escapes a double-quoted attribute value for XHTML, dropping characters XML 1.0 does not allow.
pub fn attr(raw: &str) -> String {
    html_escape::encode_double_quoted_attribute(&xml_chars(raw)).into_owned()
}

/// `raw` without the control characters and non-characters that make XML ill-formed. Used on
/// every string the book's metadata and table of contents carry too, which epub-builder
/// escapes but does not filter.
pub fn xml_chars(raw: &str) -> String {
    raw.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || (c >= ' ' && !matches!(c, '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(text("a < b & \"c\""), "a &lt; b &amp; \"c\"");
        assert_eq!(attr("x\"y<"), "x&quot;y&lt;");
    }

    #[test]
    fn figures_show_their_picture_when_the_book_has_it() {
        let figure = |src: &str| Block::Figure {
            image: crate::document::ImageRef {
                src: src.into(),
                alt: "A \"cat\"".into(),
            },
            caption: vec![Inline::text("The cat.")],
        };
        let image_file = |src: &str| (src == "cat.jpg").then(|| "images/img-001.jpg".to_string());
        let mut writer = Writer::new(&image_file);
        writer.block(&figure("cat.jpg"));
        writer.block(&figure("gone.jpg"));
        assert_eq!(
            writer.out,
            "<div class=\"figure\">\n<img src=\"images/img-001.jpg\" alt=\"A &quot;cat&quot;\"/>\n\
             <p class=\"caption\">The cat.</p>\n</div>\n\
             <div class=\"figure\">\n<p class=\"caption\">The cat.</p>\n</div>\n"
        );
    }

    #[test]
    fn xml_forbidden_characters_are_dropped() {
        assert_eq!(text("a\u{0}b\u{1b}c\u{fffe}"), "abc");
    }

    #[test]
    fn relative_and_script_links_become_plain_text() {
        let mut writer = Writer::new(&|_| None);
        writer.inlines(&[
            Inline::Link {
                href: "/relative".into(),
                content: vec![Inline::text("rel")],
            },
            Inline::Link {
                href: "javascript:alert(1)".into(),
                content: vec![Inline::text("js")],
            },
            Inline::Link {
                href: "https://example.org/?a=1&b=2".into(),
                content: vec![Inline::text("ok")],
            },
        ]);
        assert_eq!(
            writer.out,
            "reljs<a href=\"https://example.org/?a=1&amp;b=2\">ok</a>"
        );
    }

    #[test]
    fn headings_get_ids_for_the_table_of_contents() {
        let doc = Document {
            blocks: vec![
                Block::Heading {
                    level: 2,
                    content: vec![Inline::text("First")],
                },
                Block::Heading {
                    level: 3,
                    content: vec![Inline::text("Second")],
                },
            ],
            ..Document::default()
        };
        let (body, headings) = article_body(&doc);
        assert!(body.contains("<h2 id=\"h1\">First</h2>"), "{body}");
        assert_eq!(headings.len(), 2);
        assert_eq!(headings[1].id, "h2");
    }

    #[test]
    fn inline_meaning_becomes_its_elements_with_quotation_marks_as_text() {
        let text_run = |t: &str| Inline::text(t);
        let mut writer = Writer::new(&|_| None);
        writer.marks = QuoteMarks::for_language(Some("de"));
        writer.inlines(&[
            text_run("km"),
            Inline::Superscript {
                content: vec![text_run("2")],
            },
            Inline::Subscript {
                content: vec![text_run("2")],
            },
            Inline::Deleted {
                content: vec![text_run("$499")],
            },
            Inline::Inserted {
                content: vec![text_run("$399")],
            },
            Inline::Highlight {
                content: vec![text_run("hier")],
            },
            Inline::SmallCaps {
                content: vec![text_run("Herr")],
            },
            Inline::Abbreviation {
                title: "Vereinte \"Nationen\"".into(),
                content: vec![text_run("UN")],
            },
            Inline::Quoted {
                content: vec![
                    text_run("er rief "),
                    Inline::Quoted {
                        content: vec![text_run("Halt")],
                    },
                ],
            },
        ]);
        assert_eq!(
            writer.out,
            "km<sup>2</sup><sub>2</sub><del>$499</del><ins>$399</ins><mark>hier</mark>\
             <span class=\"smallcaps\">Herr</span>\
             <abbr title=\"Vereinte &quot;Nationen&quot;\">UN</abbr>\
             <q>„er rief <q>‚Halt‘</q>“</q>"
        );
    }

    #[test]
    fn attributions_sit_under_their_quote_and_definitions_always_pair_terms() {
        let mut writer = Writer::new(&|_| None);
        writer.block(&Block::Quote {
            blocks: vec![Block::paragraph("Said.")],
            attribution: vec![Inline::text("Ada")],
        });
        writer.block(&Block::DefinitionList {
            items: vec![
                Definition {
                    terms: vec![vec![Inline::text("A")], vec![Inline::text("B")]],
                    descriptions: vec![vec![Block::paragraph("Both.")]],
                },
                Definition {
                    terms: Vec::new(),
                    descriptions: vec![vec![Block::paragraph("Orphan.")]],
                },
                Definition {
                    terms: vec![vec![Inline::text("C")]],
                    descriptions: Vec::new(),
                },
            ],
        });
        assert_eq!(
            writer.out,
            "<blockquote>\n<p>Said.</p>\n<footer class=\"attribution\">— Ada</footer>\n</blockquote>\n\
             <dl>\n<dt>A</dt>\n<dt>B</dt>\n<dd>Both.</dd>\n<dt></dt>\n<dd>Orphan.</dd>\n\
             <dt>C</dt>\n<dd></dd>\n</dl>\n"
        );
    }

    #[test]
    fn names_are_joined_like_prose() {
        let names = |n: &[&str]| {
            Locale::for_language(None).byline(&n.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(names(&["A"]), "By A");
        assert_eq!(names(&["A", "B", "C"]), "By A, B and C");
    }
}
