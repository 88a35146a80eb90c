//! Block layout: an article's title block and body become a flow of lines, spaces and rules.
//!
//! Each block is set into lines at the width its position allows (quotes and list items are
//! indented, code is smaller and monospaced, table cells sit side by side) and appended to a
//! vertical [`Flow`]. The flow knows nothing about pages; [`super::paginate`] cuts it into pages,
//! honouring each line's `keep_with_next` (headings stay with what follows them, a paragraph's
//! first and last lines are not left alone at a page break).
//!
//! The title block, tables, the styling of inline content and the notes printed at the foot
//! of the page each have a submodule.

mod inlines;
mod notes;
mod table;
mod title;

use std::cell::RefCell;
use std::sync::Arc;

use crate::backend::Locale;
use crate::document::{
    inlines_text, quoted_text, Block, Definition, Document, EmbeddedImage, ImageRef, Inline, Note,
    QuoteMarks,
};

use super::fonts::{FaceId, FontSet};
use super::hyphenate::Hyphenation;
use super::images::{MAX_UPSCALE, NATURAL_DPI};
use super::knuth_plass::{Align, LineWidths};
use super::lines::{
    greedy_lines, natural_width, paragraph_lines, reads_right_to_left, set_line, SetLine, Span,
    TextStyle, Whitespace,
};
use super::style::{PrintStyle, Rgb};

use notes::FootNotes;
pub use notes::{FootNote, NoteLine};

/// Page size and text area, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// Page width.
    pub page_width: f32,
    /// Page height.
    pub page_height: f32,
    /// Margin at the top and bottom.
    pub margin: f32,
    /// Margin at the left and right: as wide as the top one, or wider to keep lines to a
    /// comfortable length.
    pub side_margin: f32,
    /// Base font size.
    pub base_size: f32,
}

impl Geometry {
    /// Width of the text area.
    pub fn text_width(&self) -> f32 {
        self.page_width - 2.0 * self.side_margin
    }

    /// Height of the text area.
    pub fn text_height(&self) -> f32 {
        self.page_height - 2.0 * self.margin
    }
}

/// One item of the vertical flow of an article.
#[derive(Debug, Clone, PartialEq)]
pub enum Flow {
    /// A line of text.
    Line(FlowLine),
    /// Vertical space, dropped at the top of a page.
    Space(f32),
    /// A horizontal rule.
    Rule(FlowRule),
    /// An outline entry for the next line (article title or heading).
    Mark(Mark),
    /// A picture, never split across pages.
    Image(FlowImage),
    /// Items (a table's header row and its rules) to repeat at the top of every page the
    /// flow continues on, until [`Flow::EndRepeat`].
    RepeatHeader(Vec<Flow>),
    /// The end of the items to repeat.
    EndRepeat,
}

/// A picture in the flow, already scaled to the size it is drawn at.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowImage {
    /// Distance of the left edge from the left margin.
    pub left: f32,
    /// Width drawn.
    pub width: f32,
    /// Height drawn; also the room it takes.
    pub height: f32,
    /// Index of the picture in the book's embedded images.
    pub image: usize,
    /// Whether a page must not break after the picture (it has a caption).
    pub keep_with_next: bool,
}

/// The pictures one article can draw, found by the address its figures give.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pictures<'a> {
    /// Index of the article in the book.
    pub article: usize,
    /// The book's embedded images.
    pub images: &'a [EmbeddedImage],
    /// Whether each of `images` can be drawn (same order).
    pub drawable: &'a [bool],
}

impl Pictures<'_> {
    /// The index and pixel size of the drawable picture a figure names as `src`.
    fn find(&self, src: &str) -> Option<(usize, u32, u32)> {
        self.images
            .iter()
            .enumerate()
            .find(|(index, image)| {
                self.drawable.get(*index) == Some(&true) && image.serves(self.article, src)
            })
            .filter(|(_, image)| image.width > 0 && image.height > 0)
            .map(|(index, image)| (index, image.width, image.height))
    }
}

/// A set line and how much room it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLine {
    /// Distance of the line's left edge from the left margin.
    pub left: f32,
    /// The text.
    pub line: SetLine,
    /// Font size of the line (for placing the baseline and link boxes).
    pub size: f32,
    /// Height of the line box (size × leading).
    pub height: f32,
    /// Whether a page must not break after this line.
    pub keep_with_next: bool,
    /// The notes whose marks are on this line, in order, printed at the foot of its page.
    pub notes: Vec<Arc<FootNote>>,
}

/// A horizontal rule in the flow.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowRule {
    /// Distance of the left end from the left margin.
    pub left: f32,
    /// Length.
    pub width: f32,
    /// Line thickness; also the room it takes.
    pub thickness: f32,
    /// Colour.
    pub color: Rgb,
}

/// An outline (bookmark) entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// 0 for an article, 1–5 for heading levels 2–6.
    pub level: u8,
    /// The entry's text.
    pub title: String,
}

/// Where a run of blocks sits and how its text is set.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Indent from the left margin.
    left: f32,
    /// Indent from the right margin.
    right: f32,
    /// Font size in points.
    size: f32,
    /// Whether running text is italic (inside quotes).
    italic: bool,
    /// Whether the blocks are inside a list item (tighter spacing).
    in_list: bool,
    /// How many lists the blocks are inside (0 outside any).
    list_depth: u8,
}

/// Options for setting one block of text into lines.
#[derive(Debug, Clone, Copy)]
struct Setting {
    /// How whitespace is treated.
    mode: Whitespace,
    /// Indent of the first line.
    first_indent: f32,
    /// Whether lines (but the last) are justified.
    justify: bool,
    /// Line height as a multiple of the size.
    leading: f32,
    /// Whether every line is kept with the next one.
    keep_all: bool,
    /// Whether words may be hyphenated (running text, not headings or captions).
    hyphenate: bool,
}

/// Lays out one article into a flow, its figures as alternative text.
#[cfg(test)]
pub fn article_flow(
    article: &Document,
    fonts: &FontSet,
    style: &PrintStyle,
    geometry: &Geometry,
) -> Vec<Flow> {
    article_flow_with(article, Pictures::default(), fonts, style, geometry, true)
}

/// Lays out one article into a flow, drawing the figures whose pictures are in `pictures`,
/// with a note printing the address of each link when `link_notes` is set.
pub fn article_flow_with(
    article: &Document,
    pictures: Pictures<'_>,
    fonts: &FontSet,
    style: &PrintStyle,
    geometry: &Geometry,
    link_notes: bool,
) -> Vec<Flow> {
    let mut builder = Builder {
        fonts,
        style,
        geometry,
        hyphenation: Hyphenation::for_language(article.meta.language.as_deref()),
        marks: QuoteMarks::for_language(article.meta.language.as_deref()),
        locale: Locale::of(&article.meta),
        pictures,
        flow: Vec::new(),
        pending_space: 0.0,
        held_lines: 0,
        in_note: false,
        notes: RefCell::default(),
        credit: (article.meta.image_credit.as_deref())
            .map(str::trim)
            .filter(|credit| !credit.is_empty())
            .map(str::to_string),
    };
    builder.prepare_notes(article, link_notes);
    builder.title_block(&article.meta, article.display_title());
    let frame = Frame {
        left: 0.0,
        right: 0.0,
        size: geometry.base_size,
        italic: false,
        in_list: false,
        list_depth: 0,
    };
    builder.blocks(&article.blocks, frame);
    if let Some(credit) = builder.credit.take() {
        // No figure to set it under: it closes the article.
        let size = builder.em(builder.style.figure.caption_size);
        builder.space(builder.block_spacing(frame));
        builder.caption(&[Inline::text(credit)], frame, size, false);
    }
    builder.flow
}

/// Sets plain text into lines no wider than `width` (running header and similar).
pub fn plain_lines(text: &str, style: &TextStyle, width: f32, fonts: &FontSet) -> Vec<SetLine> {
    ragged_lines(
        &plain(text, style.clone()),
        Whitespace::Collapse,
        width,
        fonts,
    )
}

/// Sets spans into ragged-right lines no wider than `width`, each as full as it can be (code,
/// whose lines should break as late as possible, and single lines).
fn ragged_lines(spans: &[Span], mode: Whitespace, width: f32, fonts: &FontSet) -> Vec<SetLine> {
    let mut lines = Vec::new();
    greedy_lines(spans, mode, width, fonts, |words| {
        lines.push(set_line(words, None));
    });
    lines
}

/// Builds the flow of one article.
struct Builder<'a> {
    fonts: &'a FontSet,
    style: &'a PrintStyle,
    geometry: &'a Geometry,
    /// Where running text may be hyphenated, from the article's language.
    hyphenation: Hyphenation<'static>,
    /// The quotation marks of the article's language.
    marks: QuoteMarks,
    /// The furniture of the article's language ("Notes").
    locale: &'static Locale,
    pictures: Pictures<'a>,
    flow: Vec<Flow>,
    /// Space owed before the next line or rule (the larger of two adjacent spaces wins).
    pending_space: f32,
    /// How many of the next lines are still kept with the line after them: set after a
    /// heading, so that it stays with at least two lines of what follows, whatever block they
    /// are in (one-line paragraphs, list items, a long listing).
    held_lines: u8,
    /// Whether the blocks laid out are a note's, printed at the foot of the page (where links
    /// show their address after them, and note marks stay plain).
    in_note: bool,
    /// The article's notes printed at the foot of the page; link notes are added as their
    /// links are met.
    notes: RefCell<FootNotes>,
    /// The credit of the article's pictures, until it is set: under the first figure's
    /// caption, else after the article (as the EPUB sets it).
    credit: Option<String>,
}

impl Builder<'_> {
    fn em(&self, amount: f32) -> f32 {
        amount * self.geometry.base_size
    }

    /// Asks for at least `amount` points of space before whatever comes next.
    fn space(&mut self, amount: f32) {
        self.pending_space = self.pending_space.max(amount);
    }

    fn flush_space(&mut self) {
        if self.pending_space > 0.0 {
            self.flow.push(Flow::Space(self.pending_space));
        }
        self.pending_space = 0.0;
    }

    fn push_line(&mut self, left: f32, line: SetLine, size: f32, leading: f32, keep: bool) {
        self.push_noted_line(left, line, size, leading, keep, Vec::new());
    }

    /// [`Builder::push_line`] for a line showing the marks of `notes`.
    fn push_noted_line(
        &mut self,
        left: f32,
        line: SetLine,
        size: f32,
        leading: f32,
        keep: bool,
        notes: Vec<Arc<FootNote>>,
    ) {
        self.flush_space();
        let held = self.held_lines > 0;
        self.held_lines = self.held_lines.saturating_sub(1);
        self.flow.push(Flow::Line(FlowLine {
            left,
            line,
            size,
            height: size * leading,
            keep_with_next: keep || held,
            notes,
        }));
    }

    fn push_rule(&mut self, left: f32, width: f32, thickness: f32) {
        self.flush_space();
        self.held_lines = 0;
        self.flow.push(Flow::Rule(FlowRule {
            left,
            width,
            thickness,
            color: self.style.colors.rule,
        }));
    }

    /// Setting for ragged-right running text, every line kept with the next if `keep`.
    fn ragged(&self, keep: bool) -> Setting {
        Setting {
            mode: Whitespace::Collapse,
            first_indent: 0.0,
            justify: false,
            leading: self.style.text.leading,
            keep_all: keep,
            hyphenate: false,
        }
    }

    // ----- blocks -----

    fn blocks(&mut self, blocks: &[Block], frame: Frame) {
        let mut after_paragraph = false;
        let mut after_heading = false;
        for (index, block) in blocks.iter().enumerate() {
            match block {
                Block::Notes { notes } => self.notes(notes, !after_heading, frame),
                // The heading of a list of notes that are all at the foot of their pages.
                Block::Heading { .. } if self.heads_no_notes(blocks.get(index + 1)) => {}
                _ => self.block(block, frame, after_paragraph),
            }
            after_paragraph = matches!(block, Block::Paragraph { .. });
            after_heading = matches!(block, Block::Heading { .. });
        }
    }

    fn block(&mut self, block: &Block, frame: Frame, after_paragraph: bool) {
        match block {
            Block::Heading { level, content } => self.heading(*level, content, frame),
            Block::Paragraph { content } => self.paragraph(content, frame, after_paragraph),
            Block::Quote {
                blocks,
                attribution,
            } => self.quote(blocks, attribution, frame),
            Block::DefinitionList { items } => self.definition_list(items, frame),
            Block::List {
                ordered,
                start,
                items,
            } => self.list(*ordered, *start, items, frame),
            Block::Figure { image, caption } => self.figure(image, caption, frame),
            Block::Table(table) => self.table(table, frame),
            Block::Code { text, .. } => self.code(text, frame),
            Block::Rule => self.rule(frame),
            Block::Notes { notes } => self.notes(notes, true, frame),
        }
    }

    /// Whether `next` (the block after a heading) is a list of notes all printed at the
    /// foot of their pages, which leaves the heading nothing to head.
    fn heads_no_notes(&self, next: Option<&Block>) -> bool {
        match next {
            Some(Block::Notes { notes }) => {
                let foot = self.notes.borrow();
                !notes.is_empty() && notes.iter().all(|note| foot.footnote(&note.id).is_some())
            }
            _ => false,
        }
    }

    /// The article's notes that are not printed at the foot of the page: a "Notes" heading
    /// (when `headed`), then each note opening with its mark, as the references in the text
    /// show it.
    fn notes(&mut self, notes: &[Note], headed: bool, frame: Frame) {
        let notes: Vec<&Note> = {
            let foot = self.notes.borrow();
            notes
                .iter()
                .filter(|note| foot.footnote(&note.id).is_none())
                .collect()
        };
        if notes.is_empty() {
            return;
        }
        if headed {
            self.heading(2, &[Inline::text(self.locale.notes)], frame);
        }
        for note in notes {
            let mark = Inline::text(format!("{}. ", note.label));
            match note.blocks.split_first() {
                Some((Block::Paragraph { content }, rest)) => {
                    let mut first = vec![mark];
                    first.extend(content.iter().cloned());
                    self.paragraph(&first, frame, false);
                    self.blocks(rest, frame);
                }
                _ => {
                    self.paragraph(&[mark], frame, false);
                    self.blocks(&note.blocks, frame);
                }
            }
        }
    }

    /// How much of `wanted` extra indent `frame` can take: none once the text would get
    /// narrower than a third of the text area (deeply nested quotes and lists).
    fn indent(&self, frame: Frame, wanted: f32) -> f32 {
        let full = self.geometry.text_width();
        let width = full - frame.left - frame.right;
        if width - wanted >= full / 3.0 {
            wanted
        } else {
            0.0
        }
    }

    fn block_spacing(&self, frame: Frame) -> f32 {
        if frame.in_list {
            self.em(self.style.list.item_spacing_em)
        } else {
            self.em(self.style.text.block_spacing_em)
        }
    }

    /// A paragraph: indented when it follows another, with no space between the two (the
    /// indent alone sets them apart), flush after any other block.
    fn paragraph(&mut self, content: &[Inline], frame: Frame, after_paragraph: bool) {
        let indent = if after_paragraph {
            self.em(self.style.text.paragraph_indent_em)
        } else {
            0.0
        };
        let spans = self.spans(content, frame, false);
        let setting = Setting {
            first_indent: indent,
            justify: self.style.text.justify,
            hyphenate: true,
            ..self.ragged(false)
        };
        self.text(&spans, frame, setting);
    }

    /// A heading: bold, larger, kept with the first two lines of what follows (or the whole
    /// of it when shorter), and entered in the outline.
    fn heading(&mut self, level: u8, content: &[Inline], frame: Frame) {
        let h = &self.style.headings;
        let size = self.em(self.style.heading_size(level));
        let (before, after, leading) = (
            self.em(h.space_before_em),
            self.em(h.space_after_em),
            h.leading,
        );
        let title = quoted_text(content, self.marks)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        self.space(before);
        if !title.is_empty() {
            self.flush_space();
            self.flow.push(Flow::Mark(Mark {
                level: level.clamp(2, 6) - 1,
                title,
            }));
        }
        let heading_frame = Frame { size, ..frame };
        let spans = self.spans(content, heading_frame, true);
        let setting = Setting {
            leading,
            ..self.ragged(true)
        };
        let start = self.flow.len();
        self.text(&spans, heading_frame, setting);
        if self.flow.len() > start {
            // Every line of the heading is kept with the next; so is the first line after it.
            self.held_lines = 1;
        }
        self.space(after);
    }

    /// A block quotation: indented on both sides, in the other slant, with its attribution
    /// under it: upright, after an em dash, at the right.
    fn quote(&mut self, blocks: &[Block], attribution: &[Inline], frame: Frame) {
        let q = &self.style.quote;
        let indent = self.indent(frame, 2.0 * self.em(q.indent_em)) / 2.0;
        let inner = Frame {
            left: frame.left + indent,
            right: frame.right + indent,
            size: self.em(q.size).min(frame.size),
            italic: frame.italic ^ q.italic,
            in_list: false,
            list_depth: frame.list_depth,
        };
        let attribution_space = self.em(q.attribution_space_em);
        self.space(self.block_spacing(frame));
        self.blocks(blocks, inner);
        if !inlines_text(attribution).trim().is_empty() {
            // The last line of the quotation stays with the name under it.
            if let Some(Flow::Line(line)) = self.flow.last_mut() {
                line.keep_with_next = true;
            }
            self.space(attribution_space);
            let upright = Frame {
                italic: frame.italic,
                ..inner
            };
            let mut spans = self.spans(&[Inline::text("— ")], upright, false);
            spans.extend(self.spans(attribution, upright, false));
            let start = self.flow.len();
            self.text(&spans, upright, self.ragged(false));
            self.align_right(start, upright);
        }
        self.space(self.block_spacing(frame));
    }

    /// Moves the lines laid out since flow index `start` to the right edge of `frame`.
    fn align_right(&mut self, start: usize, frame: Frame) {
        let right_edge = self.geometry.text_width() - frame.right;
        for item in &mut self.flow[start..] {
            if let Flow::Line(line) = item {
                line.left = (right_edge - line.line.width).max(frame.left);
            }
        }
    }

    /// A definition list: each term in bold, kept with what follows it, and its descriptions
    /// indented under it.
    fn definition_list(&mut self, items: &[Definition], frame: Frame) {
        let d = &self.style.definitions;
        let (indent, term_spacing) = (
            self.indent(frame, self.em(d.indent_em)),
            self.em(d.term_spacing_em),
        );
        let description_frame = Frame {
            left: frame.left + indent,
            ..frame
        };
        self.space(self.block_spacing(frame));
        for item in items {
            self.space(term_spacing);
            for term in &item.terms {
                let spans = self.spans(term, frame, true);
                self.text(&spans, frame, self.ragged(true));
            }
            for description in &item.descriptions {
                self.blocks(description, description_frame);
            }
            self.release_last_line();
        }
        self.space(self.block_spacing(frame));
    }

    /// A list: items indented one level, each with a hanging marker.
    fn list(&mut self, ordered: bool, start: u32, items: &[Vec<Block>], frame: Frame) {
        let l = &self.style.list;
        let (gap, item_spacing) = (self.em(l.marker_gap_em), self.em(l.item_spacing_em));
        let indent = self.indent(frame, self.em(l.indent_em));
        self.space(self.block_spacing(frame));
        for (number, item) in (start as usize..).zip(items) {
            // A right-to-left item is indented from the right, its marker hung there.
            let rtl = first_text(item).is_some_and(|text| reads_right_to_left(&text));
            let mut inner = Frame {
                in_list: true,
                list_depth: frame.list_depth.saturating_add(1),
                ..frame
            };
            if rtl {
                inner.right += indent;
            } else {
                inner.left += indent;
            }
            self.space(item_spacing);
            let start = self.flow.len();
            self.blocks(item, inner);
            let marker = list_marker(ordered, frame.list_depth, number);
            self.attach_marker(start, &marker, inner, gap, rtl);
        }
        self.space(self.block_spacing(frame));
    }

    /// Hangs a list marker beside the first line laid out since flow index `start`: to its
    /// left, or in the right-hand indent for a right-to-left item (`rtl`).
    fn attach_marker(&mut self, start: usize, marker: &str, frame: Frame, gap: f32, rtl: bool) {
        let face = FaceId::serif(false, frame.italic);
        let style = TextStyle::plain(face, frame.size, self.style.colors.text);
        let Some(marker_line) = plain_lines(marker, &style, f32::MAX, self.fonts).pop() else {
            return;
        };
        let first_line = self.flow[start..].iter_mut().find_map(|item| match item {
            Flow::Line(line) => Some(line),
            _ => None,
        });
        match first_line {
            Some(line) => {
                let x = if rtl {
                    self.geometry.text_width() - frame.right - line.left + gap
                } else {
                    frame.left - line.left - gap - marker_line.width
                };
                line.line.prepend(marker_line, x);
            }
            None if rtl => {}
            None => {
                let x = -gap - marker_line.width;
                let mut line = SetLine::default();
                line.prepend(marker_line, x);
                self.push_line(frame.left, line, frame.size, self.style.text.leading, false);
            }
        }
    }

    /// A figure: its picture scaled to the column with the caption below it, or, when the
    /// picture is not there, its alternative text (unless the caption says it already, see
    /// [`figure_stand_in`](crate::backend::figure_stand_in)) and caption.
    fn figure(&mut self, image: &ImageRef, caption: &[Inline], frame: Frame) {
        let alt = crate::backend::figure_stand_in(&image.alt, caption).unwrap_or_default();
        let has_caption = !inlines_text(caption).trim().is_empty();
        let picture = self.pictures.find(&image.src);
        if picture.is_none() && alt.is_empty() && !has_caption {
            return;
        }
        // The article's picture credit goes under its first figure's caption, set alike.
        let credit = if self.in_note {
            None
        } else {
            self.credit.take()
        };
        let has_lines = has_caption || credit.is_some();
        let size = self.em(self.style.figure.caption_size).min(frame.size);
        self.space(self.block_spacing(frame));
        let mut caption_frame = frame;
        if let Some((index, width, height)) = picture {
            caption_frame = self.picture(index, (width, height), frame, has_lines.then_some(size));
        } else if !alt.is_empty() {
            let face = FaceId::serif(false, !frame.italic);
            let style = TextStyle::plain(face, size, self.style.colors.muted);
            let spans = plain(&format!("[image: {alt}]"), style);
            self.text(&spans, Frame { size, ..frame }, self.ragged(true));
        }
        let keep = picture.is_some();
        if has_caption {
            self.caption(caption, caption_frame, size, keep);
        }
        if let Some(credit) = credit {
            self.caption(&[Inline::text(credit)], caption_frame, size, keep);
        }
        if keep && has_lines {
            self.release_last_line();
        }
        self.space(self.block_spacing(frame));
    }

    /// A picture of `pixels` centred in the frame: as wide as the column, but no more than
    /// [`MAX_UPSCALE`] times its natural size and no taller than the page body leaves room for
    /// (with two lines of a caption of `caption_size`, when there is one). Returns the frame
    /// of the caption: as wide as the picture, unless that would make it too narrow to read.
    fn picture(
        &mut self,
        index: usize,
        pixels: (u32, u32),
        frame: Frame,
        caption_size: Option<f32>,
    ) -> Frame {
        let available = self.geometry.text_width() - frame.left - frame.right;
        let natural = pixels.0 as f32 * 72.0 / NATURAL_DPI;
        let mut width = available.min(natural * MAX_UPSCALE);
        let aspect = pixels.1 as f32 / pixels.0 as f32;
        let caption_room = caption_size.map_or(0.0, |size| {
            2.0 * size * self.style.text.leading + self.em(FIGURE_CAPTION_GAP_EM)
        });
        let max_height = (self.geometry.text_height() - caption_room).max(self.em(4.0));
        if width * aspect > max_height {
            width = max_height / aspect;
        }
        let indent = (available - width) / 2.0;
        self.flush_space();
        // A heading before the picture is kept with it (and its caption) instead.
        self.held_lines = 0;
        self.flow.push(Flow::Image(FlowImage {
            left: frame.left + indent,
            width,
            height: width * aspect,
            image: index,
            keep_with_next: caption_size.is_some(),
        }));
        if caption_size.is_some() {
            self.space(self.em(FIGURE_CAPTION_GAP_EM));
        }
        if width >= self.geometry.text_width() / 3.0 {
            Frame {
                left: frame.left + indent,
                right: frame.right + indent,
                ..frame
            }
        } else {
            frame
        }
    }

    /// Lets the page break after the last line laid out (the end of a kept group).
    fn release_last_line(&mut self) {
        if let Some(Flow::Line(line)) = self.flow.last_mut() {
            line.keep_with_next = false;
        }
    }

    /// A caption: ragged, in the other slant than the text around it.
    fn caption(&mut self, caption: &[Inline], frame: Frame, size: f32, keep: bool) {
        let caption_frame = Frame {
            size,
            italic: !frame.italic,
            ..frame
        };
        let spans = self.spans(caption, caption_frame, false);
        self.text(&spans, caption_frame, self.ragged(keep));
    }

    /// Preformatted code: monospaced, smaller, line for line, long lines wrapped with a
    /// [`CONTINUATION`] mark hung in the indent before each continued part.
    fn code(&mut self, text: &str, frame: Frame) {
        let c = &self.style.code;
        let size = self.em(c.size);
        let left = frame.left + self.em(c.indent_em);
        let width = self.geometry.text_width() - left - frame.right;
        let style = TextStyle::plain(FaceId::Mono, size, self.style.colors.text);
        let mark_style = TextStyle::plain(FaceId::Mono, size, self.style.colors.muted);
        let mark = plain_lines(CONTINUATION, &mark_style, f32::MAX, self.fonts).pop();
        let mut lines: Vec<SetLine> = Vec::new();
        for source_line in text.trim_end_matches(['\n', '\r']).lines() {
            let spans = plain(&expand_tabs(source_line), style.clone());
            let wrapped = ragged_lines(&spans, Whitespace::Preserve, width, self.fonts);
            if wrapped.is_empty() {
                lines.push(SetLine::default());
            }
            for (part, mut line) in wrapped.into_iter().enumerate() {
                if let (true, Some(mark)) = (part > 0, &mark) {
                    line.prepend(mark.clone(), -mark.width - 0.25 * size);
                }
                lines.push(line);
            }
        }
        // Short listings are kept on one page.
        let keep_together = lines.len() <= 8;
        self.space(self.block_spacing(frame));
        let count = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let keep = keep_together && i + 1 < count;
            self.push_line(left, line, size, c.leading, keep);
        }
        self.space(self.block_spacing(frame));
    }

    /// A thematic break: a short centred rule.
    fn rule(&mut self, frame: Frame) {
        let r = &self.style.rule;
        let available = self.geometry.text_width() - frame.left - frame.right;
        let width = available * r.width.clamp(0.0, 1.0);
        self.space(self.block_spacing(frame));
        self.push_rule(
            frame.left + (available - width) / 2.0,
            width,
            r.thickness_pt,
        );
        self.space(self.block_spacing(frame));
    }

    // ----- text -----

    /// Sets spans into lines in `frame` and appends them to the flow.
    fn text(&mut self, spans: &[Span], frame: Frame, setting: Setting) {
        let width = self.geometry.text_width() - frame.left - frame.right;
        let first_indent = setting.first_indent.min(width / 2.0);
        let hyphenation = if setting.hyphenate {
            self.hyphenation
        } else {
            Hyphenation::Off
        };
        let widths = LineWidths {
            first: width - first_indent,
            rest: width,
        };
        let align = if setting.justify {
            Align::Justify
        } else {
            Align::Ragged
        };
        // The flow index of the first line, of the one before the latest, and of the latest.
        let mut placed: [Option<usize>; 3] = [None; 3];
        let fonts = self.fonts;
        paragraph_lines(
            spans,
            setting.mode,
            hyphenation,
            widths,
            align,
            fonts,
            |words, ranges, ends_paragraph| {
                for (i, range) in ranges.iter().enumerate() {
                    let first = placed[0].is_none();
                    let (indent, line_width) = if first {
                        (first_indent, widths.first)
                    } else {
                        (0.0, widths.rest)
                    };
                    let last = ends_paragraph && i + 1 == ranges.len();
                    let forced = range.end > 0 && words[range.end - 1].forced_break;
                    let words = &words[range.clone()];
                    // A last line the breaker let shrink a little is set tight, not left
                    // overfull.
                    let overfull = natural_width(words) > line_width + 0.001;
                    let justify = setting.justify && !last && !forced;
                    let line = set_line(words, (justify || overfull).then_some(line_width));
                    // A right-to-left line ends at the right edge; its first line's indent is
                    // there.
                    let left = if line.rtl {
                        frame.left + (line_width - line.width).max(0.0)
                    } else {
                        frame.left + indent
                    };
                    let notes = self.notes_of(
                        words
                            .iter()
                            .flat_map(|word| &word.pieces)
                            .map(|piece| &piece.style),
                    );
                    self.push_noted_line(
                        left,
                        line,
                        frame.size,
                        setting.leading,
                        setting.keep_all,
                        notes,
                    );
                    let index = Some(self.flow.len() - 1);
                    placed = [placed[0].or(index), placed[2], index];
                }
            },
        );
        // Keep the first two and the last two lines of a paragraph together.
        if let [Some(first), Some(before_last), _] = placed {
            for index in [first, before_last] {
                if let Some(Flow::Line(line)) = self.flow.get_mut(index) {
                    line.keep_with_next = true;
                }
            }
        }
    }
}

fn first_text(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|block| match block {
        Block::Paragraph { content } | Block::Heading { content, .. } => {
            Some(inlines_text(content))
        }
        Block::Quote { blocks, .. } => first_text(blocks),
        Block::List { items, .. } => items.iter().find_map(|item| first_text(item)),
        Block::DefinitionList { items } => items.iter().find_map(|item| {
            item.terms
                .first()
                .map(|term| inlines_text(term))
                .or_else(|| item.descriptions.iter().find_map(|d| first_text(d)))
        }),
        _ => None,
    })
}

/// The marker of item `number` (from 1) of a list inside `depth` other lists: numbers at
/// every depth for ordered lists, as a browser and the EPUB show them (a page that wants
/// letters says so in its own style, which is not kept); a bullet, a circle, then a square.
fn list_marker(ordered: bool, depth: u8, number: usize) -> String {
    match (ordered, depth % 3) {
        (true, _) => format!("{number}."),
        (false, 0) => "•".to_string(),
        (false, 1) => "◦".to_string(),
        (false, _) => "▪".to_string(),
    }
}

/// The mark before each continued part of a code line too long for the column.
const CONTINUATION: &str = "↪";

/// Space between a picture and its caption, in em.
const FIGURE_CAPTION_GAP_EM: f32 = 0.5;

/// One span of plain text.
fn plain(text: &str, style: TextStyle) -> Vec<Span> {
    vec![Span {
        text: text.to_string(),
        style,
    }]
}

/// Replaces tabs with spaces up to the next multiple of four columns.
fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let spaces = 4 - column % 4;
            out.push_str(&" ".repeat(spaces));
            column += spaces;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// The geometry the unit tests lay out on: A4, 20 mm margins, 11 pt.
#[cfg(test)]
pub(crate) fn test_geometry() -> Geometry {
    Geometry {
        page_width: 595.0,
        page_height: 842.0,
        margin: 57.0,
        side_margin: 57.0,
        base_size: 11.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::fonts::bundled_font_set;
    use crate::backend::pdf::lines::DecorationKind;
    use crate::backend::pdf::style::print_style;
    use crate::document::{Metadata, Table, TableRow};

    fn flow(doc: &Document) -> Vec<Flow> {
        let fonts = bundled_font_set();
        article_flow(doc, fonts, print_style(), &test_geometry())
    }

    fn line_text(line: &FlowLine) -> String {
        line.line.runs.iter().map(|run| run.run.text()).collect()
    }

    fn lines(flow: &[Flow]) -> Vec<&FlowLine> {
        flow.iter()
            .filter_map(|item| match item {
                Flow::Line(line) => Some(line),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn title_block_and_headings_are_kept_and_marked() {
        let doc = Document {
            meta: Metadata {
                title: "A title".into(),
                authors: vec!["Ann".into(), "Bob".into()],
                published: Some("2024-03-05T10:00:00Z".into()),
                site_name: Some("The Site".into()),
                section: Some("Science".into()),
                source_url: Some("https://example.org/a".into()),
                ..Metadata::default()
            },
            blocks: vec![
                Block::Heading {
                    level: 2,
                    content: vec![Inline::text("Part one")],
                },
                Block::paragraph("Body text."),
            ],
        };
        let flow = flow(&doc);
        let texts: Vec<String> = lines(&flow).into_iter().map(line_text).collect();
        assert_eq!(
            texts,
            [
                "SCIENCE",
                "A title",
                "By Ann and Bob",
                "5 March 2024 · The Site",
                "https://example.org/a",
                "Part one",
                "Body text."
            ]
        );
        let heading = lines(&flow)[5];
        assert!(heading.keep_with_next);
        assert!(heading.size > test_geometry().base_size);
        let marks: Vec<&Mark> = flow
            .iter()
            .filter_map(|item| match item {
                Flow::Mark(mark) => Some(mark),
                _ => None,
            })
            .collect();
        assert_eq!(marks.len(), 2);
        assert_eq!((marks[0].level, marks[0].title.as_str()), (0, "A title"));
        assert_eq!((marks[1].level, marks[1].title.as_str()), (1, "Part one"));
    }

    #[test]
    fn right_to_left_list_items_are_indented_from_the_right_with_the_marker_there() {
        let doc = Document {
            meta: Metadata::default(),
            blocks: vec![Block::List {
                ordered: true,
                start: 1,
                items: vec![
                    vec![Block::paragraph("הפריט הראשון")],
                    vec![Block::paragraph("first item")],
                ],
            }],
        };
        let flow = flow(&doc);
        let body: Vec<&FlowLine> = lines(&flow).into_iter().rev().take(2).rev().collect();
        let (hebrew, english) = (body[0], body[1]);
        assert!(hebrew.line.rtl && !english.line.rtl);
        let marker = &hebrew.line.runs[0];
        assert_eq!(marker.run.text(), "1.");
        let text_right = hebrew.line.runs[1..]
            .iter()
            .map(|run| run.x + run.run.width)
            .fold(f32::MIN, f32::max);
        assert!(
            marker.x > text_right,
            "the marker hangs right of the item text"
        );
        // The marker stays inside the column; the English item's marker hangs left.
        let text_width = test_geometry().text_width();
        assert!(hebrew.left + marker.x + marker.run.width <= text_width + 0.01);
        assert!(english.line.runs[0].x < 0.0);
    }

    #[test]
    fn list_markers_hang_left_of_the_item_text() {
        let doc = Document {
            meta: Metadata::default(),
            blocks: vec![Block::List {
                ordered: true,
                start: 1,
                items: vec![
                    vec![Block::paragraph("first")],
                    vec![
                        Block::paragraph("second"),
                        Block::List {
                            ordered: false,
                            start: 1,
                            items: vec![vec![Block::paragraph("nested")]],
                        },
                    ],
                ],
            }],
        };
        let flow = flow(&doc);
        let body: Vec<&FlowLine> = lines(&flow).into_iter().rev().take(3).rev().collect();
        let texts: Vec<String> = body.iter().map(|line| line_text(line)).collect();
        assert_eq!(texts, ["1.first", "2.second", "◦nested"]);
        for line in &body {
            assert!(line.line.runs[0].x < 0.0, "marker hangs in the indent");
        }
        assert!(
            body[2].left > body[1].left,
            "nested lists are indented further"
        );
    }

    #[test]
    fn figures_show_alt_and_caption_and_code_keeps_spaces() {
        let doc = Document {
            meta: Metadata::default(),
            blocks: vec![
                Block::Figure {
                    image: ImageRef {
                        src: "a.png".into(),
                        alt: "A cat".into(),
                    },
                    caption: vec![Inline::text("The cat.")],
                },
                Block::Figure {
                    image: ImageRef::default(),
                    caption: vec![Inline::text("No alt.")],
                },
                Block::Code {
                    language: None,
                    text: "fn main() {\n\tlet x = 1;\n}\n".into(),
                },
            ],
        };
        let flow = flow(&doc);
        let texts: Vec<String> = lines(&flow).into_iter().skip(1).map(line_text).collect();
        assert_eq!(
            texts,
            [
                "[image: A cat]",
                "The cat.",
                "No alt.",
                "fn main() {",
                "    let x = 1;",
                "}"
            ]
        );
    }

    #[test]
    fn nested_lists_change_their_markers_by_level() {
        assert_eq!(list_marker(false, 0, 1), "•");
        assert_eq!(list_marker(false, 1, 1), "◦");
        assert_eq!(list_marker(false, 2, 1), "▪");
        assert_eq!(list_marker(false, 3, 1), "•");
        assert_eq!(list_marker(true, 0, 12), "12.");
        assert_eq!(list_marker(true, 1, 3), "3.");
        assert_eq!(list_marker(true, 2, 28), "28.");
    }

    #[test]
    fn long_code_lines_wrap_with_a_mark_hung_before_each_continued_part() {
        let long = format!("let value = {};", "frobnicate(x) + ".repeat(20));
        let doc = Document {
            meta: Metadata::default(),
            blocks: vec![Block::Code {
                language: None,
                text: format!("short();\n{long}\n"),
            }],
        };
        let flow = flow(&doc);
        let body: Vec<&FlowLine> = lines(&flow).into_iter().skip(1).collect();
        assert!(body.len() >= 3, "the long line wraps");
        let width = test_geometry().text_width();
        for line in &body {
            assert!(
                line.left + line.line.width <= width + 0.01,
                "a code line overflows"
            );
        }
        assert_eq!(line_text(body[0]), "short();");
        assert!(long.starts_with(&line_text(body[1])));
        for continued in &body[2..] {
            let mark = &continued.line.runs[0];
            assert_eq!(mark.run.text(), CONTINUATION);
            assert!(
                mark.x < 0.0 && continued.left + mark.x >= 0.0,
                "hung in the indent"
            );
        }
        // The parts put back together, without their marks, are the source line (but for the
        // spaces the line was broken at).
        let joined: String = body[1..]
            .iter()
            .map(|line| line_text(line).trim_start_matches(CONTINUATION).to_string())
            .collect();
        let no_spaces = |text: &str| text.replace(' ', "");
        assert_eq!(no_spaces(&joined), no_spaces(&long));
    }

    #[test]
    fn a_cells_paragraphs_and_list_items_start_lines_and_spans_cover_their_columns() {
        use crate::document::TableCell;
        let cell = |text: &str| TableCell::inline(false, vec![Inline::text(text)]);
        let doc = Document {
            meta: Metadata::default(),
            blocks: vec![Block::Table(Table {
                body: vec![
                    TableRow {
                        cells: vec![
                            TableCell {
                                rowspan: 2,
                                ..cell("Waka")
                            },
                            TableCell {
                                blocks: vec![
                                    Block::paragraph("First."),
                                    Block::paragraph("Second."),
                                ],
                                ..TableCell::default()
                            },
                        ],
                    },
                    TableRow {
                        cells: vec![TableCell {
                            blocks: vec![Block::List {
                                ordered: false,
                                start: 1,
                                items: vec![vec![Block::paragraph("hello")]],
                            }],
                            ..TableCell::default()
                        }],
                    },
                    TableRow {
                        cells: vec![TableCell {
                            colspan: 2,
                            ..cell("Haere rā, go well")
                        }],
                    },
                ],
                foot: vec![TableRow {
                    cells: vec![cell("Checked"), cell("by the board")],
                }],
                ..Table::default()
            })],
        };
        let flow = flow(&doc);
        let rows: Vec<&FlowLine> = lines(&flow).into_iter().skip(1).collect();
        let texts: Vec<String> = rows.iter().map(|row| line_text(row)).collect();
        assert_eq!(
            texts,
            [
                "WakaFirst.",
                "Second.",
                "• hello",
                "Haere rā, go well",
                "Checkedby the board"
            ]
        );
        // The spanning cell starts in the first column; the list sits in the second.
        assert!(rows[2].line.runs[0].x > rows[0].line.runs[0].run.width);
        assert_eq!(rows[3].line.runs[0].x, rows[0].line.runs[0].x);
    }

    #[test]
    fn table_cells_sit_side_by_side() {
        use crate::document::TableCell;
        let cell = |text: &str, header: bool| TableCell::inline(header, vec![Inline::text(text)]);
        let doc = Document {
            meta: Metadata::default(),
            blocks: vec![Block::Table(Table {
                head: vec![TableRow {
                    cells: vec![cell("Name", true), cell("Value", true)],
                }],
                body: vec![TableRow {
                    cells: vec![cell("alpha", false), cell("1", false)],
                }],
                ..Table::default()
            })],
        };
        let flow = flow(&doc);
        let rows: Vec<&FlowLine> = lines(&flow).into_iter().skip(1).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(line_text(rows[0]), "NameValue");
        assert_eq!(rows[0].line.runs[0].run.face, FaceId::Bold);
        assert!(rows[1].line.runs[1].x > rows[1].line.runs[0].run.width);
        let rules = flow
            .iter()
            .filter(|item| matches!(item, Flow::Rule(_)))
            .count();
        assert_eq!(rules, 4, "title rule, top, under header, bottom");
    }

    fn meaning_article(language: &str) -> Document {
        let text = |t: &str| Inline::text(t);
        Document {
            meta: Metadata {
                language: Some(language.into()),
                ..Metadata::default()
            },
            blocks: vec![
                Block::Paragraph {
                    content: vec![
                        text("km"),
                        Inline::Superscript {
                            content: vec![text("2")],
                        },
                        text(" H"),
                        Inline::Subscript {
                            content: vec![text("2")],
                        },
                        text("O "),
                        Inline::Deleted {
                            content: vec![text("$499")],
                        },
                        text(" "),
                        Inline::Inserted {
                            content: vec![text("$399")],
                        },
                        text(" "),
                        Inline::Highlight {
                            content: vec![text("key")],
                        },
                        text(" "),
                        Inline::Quoted {
                            content: vec![text("Halt")],
                        },
                    ],
                },
                Block::Quote {
                    blocks: vec![Block::paragraph("Said.")],
                    attribution: vec![text("Ada")],
                },
                Block::DefinitionList {
                    items: vec![Definition {
                        terms: vec![vec![text("Tide")]],
                        descriptions: vec![vec![Block::paragraph("The sea rising.")]],
                    }],
                },
            ],
        }
    }

    #[test]
    fn scripts_are_smaller_and_moved_and_struck_underlined_and_marked_text_get_their_lines() {
        let flow = flow(&meaning_article("de"));
        let body = lines(&flow)[1];
        assert_eq!(line_text(body), "km2 H2O $499 $399 key „Halt“");
        let base = test_geometry().base_size;
        let run_of = |wanted: &str, skip: usize| {
            body.line
                .runs
                .iter()
                .filter(|run| run.run.text() == wanted)
                .nth(skip)
                .unwrap_or_else(|| panic!("no run {wanted:?} in {:?}", body.line.runs))
        };
        let (sup, sub) = (run_of("2", 0), run_of("2", 1));
        assert!(sup.run.size < base && sup.rise > 0.0, "{sup:?}");
        assert!(sub.run.size < base && sub.rise < 0.0, "{sub:?}");
        let kinds: Vec<DecorationKind> = body.line.decorations.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                DecorationKind::LineThrough,
                DecorationKind::Underline,
                DecorationKind::Highlight
            ]
        );
        let struck = &body.line.decorations[0];
        let width = struck.x1 - struck.x0;
        assert!(width > 0.0 && width < body.line.width / 3.0, "{struck:?}");
    }

    #[test]
    fn an_attribution_sits_at_the_right_under_its_quote_and_terms_are_bold_over_their_descriptions()
    {
        let flow = flow(&meaning_article("en"));
        let body = lines(&flow);
        let texts: Vec<String> = body.iter().map(|line| line_text(line)).collect();
        assert_eq!(texts[2..], ["Said.", "— Ada", "Tide", "The sea rising."]);
        let (said, ada) = (body[2], body[3]);
        assert!(
            said.keep_with_next,
            "the quote's last line stays with its source"
        );
        let right = |line: &FlowLine| line.left + line.line.width;
        assert!(ada.left > said.left);
        assert!(right(ada) > right(said));
        let text_width = test_geometry().text_width();
        assert!(right(ada) < text_width, "inside the quote's indent");
        let (term, description) = (body[4], body[5]);
        assert_eq!(term.line.runs[0].run.face, FaceId::Bold);
        assert!(term.keep_with_next);
        assert!(description.left > term.left);
    }

    #[test]
    fn links_get_one_note_an_address_and_none_when_their_text_is_the_address_or_notes_are_off() {
        let link = |href: &str, text: &str| Inline::Link {
            href: href.into(),
            content: vec![Inline::text(text)],
        };
        let doc = Document {
            meta: Metadata::default(),
            blocks: vec![Block::Paragraph {
                content: vec![
                    link("https://example.org/report", "the report"),
                    Inline::text(", "),
                    link("https://example.org/report", "again"),
                    Inline::text(" and "),
                    link("https://example.org/", "example.org"),
                ],
            }],
        };
        let fonts = bundled_font_set();
        let geometry = test_geometry();
        let with = article_flow_with(
            &doc,
            Pictures::default(),
            fonts,
            print_style(),
            &geometry,
            true,
        );
        let body = lines(&with)[1];
        let marks: Vec<String> = body
            .line
            .runs
            .iter()
            .filter(|run| run.rise > 0.0)
            .map(|run| run.run.text())
            .collect();
        assert_eq!(marks, ["1", "1"]);
        assert_eq!(body.notes.len(), 1, "one note for one address");
        let note: Vec<String> = body.notes[0]
            .lines
            .iter()
            .map(|line| line_text(&line.line))
            .collect();
        assert_eq!(note, ["1https://example.org/report"]);
        assert_eq!(
            body.notes[0].lines[0].line.line.links.len(),
            1,
            "the address is a link"
        );

        let without = article_flow_with(
            &doc,
            Pictures::default(),
            fonts,
            print_style(),
            &geometry,
            false,
        );
        let body = lines(&without)[1];
        assert!(body.notes.is_empty());
        assert_eq!(line_text(body), "the report, again and example.org");
    }

    #[test]
    fn tabs_expand_to_four_columns() {
        assert_eq!(expand_tabs("a\tb"), "a   b");
    }
}
