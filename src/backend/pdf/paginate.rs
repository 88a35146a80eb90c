//! Pagination: cutting each article's flow into pages, then adding page furniture.
//!
//! Every article starts on a new page. A line goes on the current page if it fits; a line
//! marked `keep_with_next` also needs the lines chained to it to fit, so a heading is never
//! left at the foot of a page. Spaces at the top of a page are dropped.
//!
//! A figure (a picture with what is kept with it, its caption) that does not fit on the
//! current page floats: it waits for the next page, whose top it takes, while the text after
//! it goes on filling the current page. Text moves ahead of a figure by at most the rest of the
//! page the figure did not fit on: every waiting figure is placed at the top of the next page,
//! before anything else. Figures keep their order: while one waits, the ones after it wait
//! too. A figure bound to what comes before it (a heading kept with it) does not float unless
//! an earlier figure is already waiting.
//!
//! The notes whose marks a page's lines show (footnotes, link addresses) are printed at the
//! foot of that page, under a short rule, and the body text of the page stops above them. A
//! line goes on a page only with room for the first line of each of its new notes; what does
//! not fit of them continues at the foot of the next page, before that page's own notes. A
//! note is printed once a page, however often the page refers to it.
//!
//! When all pages are
//! known, each gets its page number in the footer and, from the second page of an article
//! on, the article's title as a running header.
//!
//! Everything here is in PDF coordinates: points, origin at the bottom left of the page.

use std::collections::VecDeque;
use std::sync::Arc;

use super::fonts::{FaceId, FontSet};
use super::layout::{
    plain_lines, Flow, FlowImage, FlowLine, FlowRule, FootNote, Geometry, Mark, NoteLine,
};
use super::lines::{SetLine, TextStyle};
use super::style::{PrintStyle, Rgb};
use crate::backend::Locale;

/// Where the baseline sits in a line box, as a fraction of the font size below the middle of
/// the leading: the em box is centred in the line and the baseline is 0.8 em below its top.
pub(super) const ASCENT: f32 = 0.8;

/// A line placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    /// Left edge, from the page's left edge.
    pub x: f32,
    /// Baseline, from the page's bottom edge.
    pub baseline: f32,
    /// Font size (for link boxes).
    pub size: f32,
    /// The text.
    pub line: SetLine,
}

/// A rule placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedRule {
    /// Left end.
    pub x0: f32,
    /// Right end.
    pub x1: f32,
    /// Height of the line's centre.
    pub y: f32,
    /// Thickness.
    pub thickness: f32,
    /// Colour.
    pub color: Rgb,
}

/// A picture placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedImage {
    /// Left edge.
    pub x: f32,
    /// Bottom edge.
    pub y: f32,
    /// Width drawn.
    pub width: f32,
    /// Height drawn.
    pub height: f32,
    /// Index of the picture in the book's embedded images.
    pub image: usize,
}

/// What a page is, for its header and footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageKind {
    /// A page of an article: the article's title as its header (but on its first page), and
    /// its page number.
    #[default]
    Article,
    /// The book's title page: neither header nor page number.
    Title,
    /// A page of the printed contents: its page number, in the book's language.
    Contents,
}

/// A clickable area of a page that goes to a place in the document (a contents entry).
#[derive(Debug, Clone, PartialEq)]
pub struct Jump {
    /// Left edge of the area.
    pub x: f32,
    /// Bottom edge of the area.
    pub y: f32,
    /// Width of the area.
    pub width: f32,
    /// Height of the area.
    pub height: f32,
    /// Index of the page gone to (from 0).
    pub page: usize,
    /// Height on that page shown at the top of the window.
    pub top: f32,
}

/// One finished page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// What the page is.
    pub kind: PageKind,
    /// Index of the article the page belongs to (of an article's page).
    pub article: usize,
    /// Whether the page is the article's first.
    pub first_of_article: bool,
    /// Lines of text, in reading order.
    pub lines: Vec<PlacedLine>,
    /// Rules.
    pub rules: Vec<PlacedRule>,
    /// Pictures.
    pub images: Vec<PlacedImage>,
    /// Places in the document its areas go to when clicked.
    pub jumps: Vec<Jump>,
}

/// An outline entry resolved to a page.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// 0 for an article, 1–5 for headings.
    pub level: u8,
    /// The entry's text.
    pub title: String,
    /// Index of the page (from 0).
    pub page: usize,
    /// Height of the top of the entry's first line.
    pub top: f32,
}

/// The notes at the foot of the page being filled, and those still to print.
#[derive(Debug, Default)]
struct Foot {
    /// The lines at the foot of this page, in order.
    lines: Vec<NoteLine>,
    /// Their height with the rule and the space above it; 0 when there are none.
    height: f32,
    /// The notes already at the foot of this page.
    keys: Vec<usize>,
    /// Lines of notes that did not fit at the foot of the page that refers to them: they
    /// continue at the foot of the next page.
    carried: VecDeque<NoteLine>,
}

/// How the notes at the foot of a page are set apart from the text: space, a short rule and
/// space again.
#[derive(Debug, Clone, Copy)]
struct FootRule {
    space_above: f32,
    thickness: f32,
    width: f32,
    space_below: f32,
    color: Rgb,
}

impl FootRule {
    /// The height the rule and its spaces take.
    fn height(&self) -> f32 {
        self.space_above + self.thickness + self.space_below
    }
}

/// Places flows on pages.
pub struct Paginator<'a> {
    geometry: &'a Geometry,
    /// The notes at the foot of the current page.
    foot: Foot,
    /// What sets them apart from the text.
    foot_rule: FootRule,
    pages: Vec<Page>,
    /// Height used on the current page, from the top of the text area.
    used: f32,
    pending_marks: Vec<Mark>,
    outline: Vec<OutlineEntry>,
    /// What to place at the top of a continuation page (a table's header row).
    repeat: Vec<Flow>,
    /// Figures waiting for the next page, in order: each its picture, caption and the space
    /// after it.
    floats: Vec<Vec<Flow>>,
    /// Whether the last item placed is kept with the next one.
    bound: bool,
    /// Space added since the last line, rule or picture (adjacent spaces do not add up: the
    /// larger wins, as when the space before a floated figure meets the space after it).
    trailing_space: f32,
}

impl<'a> Paginator<'a> {
    /// An empty document of the given geometry, with notes set apart as `style` says.
    pub fn new(geometry: &'a Geometry, style: &PrintStyle) -> Self {
        let notes = &style.notes;
        let em = geometry.base_size;
        Paginator {
            geometry,
            foot: Foot::default(),
            foot_rule: FootRule {
                space_above: notes.space_above_em * em,
                thickness: style.rule.thickness_pt,
                width: geometry.text_width() * notes.rule_width.clamp(0.0, 1.0),
                space_below: notes.space_below_em * em,
                color: style.colors.rule,
            },
            pages: Vec::new(),
            used: 0.0,
            pending_marks: Vec::new(),
            outline: Vec::new(),
            repeat: Vec::new(),
            floats: Vec::new(),
            bound: false,
            trailing_space: 0.0,
        }
    }

    /// Places one article's flow, starting on a new page. The flow's lines move onto the
    /// pages.
    pub fn add_article(&mut self, article: usize, mut flow: Vec<Flow>) {
        self.new_page(article, true);
        self.repeat.clear();
        self.floats.clear();
        let mut i = 0;
        while i < flow.len() {
            let needed = self.needed(&flow[i..]);
            if let Flow::Image(image) = &flow[i] {
                let waiting = !self.floats.is_empty();
                let floats =
                    self.used > 0.0 && !self.bound && self.must_break(image.height, needed);
                if waiting || floats {
                    // The figure and what is kept with it wait for the next page; a copy of
                    // the space after them goes with them, to set them apart from the text.
                    let end = i + chain_length(&flow[i..]);
                    let mut figure: Vec<Flow> = flow[i..end]
                        .iter_mut()
                        .map(|item| std::mem::replace(item, Flow::Space(0.0)))
                        .collect();
                    if let Some(Flow::Space(after)) = flow.get(end) {
                        figure.push(Flow::Space(*after));
                    }
                    self.floats.push(figure);
                    i = end;
                    continue;
                }
            }
            let item = std::mem::replace(&mut flow[i], Flow::Space(0.0));
            self.place(item, needed);
            i += 1;
        }
        if !self.floats.is_empty() {
            self.continue_on_new_page();
        }
        // The rest of a note continued from the last page.
        while !self.foot.carried.is_empty() && self.continue_on_new_page() {}
        let top = self.top() - self.used;
        self.resolve_marks(top);
    }

    /// Places one item of a flow, which needs `needed` points of room with what is kept with
    /// it.
    fn place(&mut self, item: Flow, needed: f32) {
        match item {
            Flow::RepeatHeader(items) => self.repeat = items,
            Flow::EndRepeat => self.repeat.clear(),
            Flow::Space(space) => self.space(space),
            Flow::Mark(mark) => self.pending_marks.push(mark),
            Flow::Rule(rule) => self.rule(&rule),
            Flow::Image(image) => self.image(&image, needed),
            Flow::Line(line) => self.line(line, needed),
        }
    }

    /// Whether an item `height` points tall, needing `needed` points with what is kept with
    /// it, must go on a new page: it does not fit on this one, or what is kept with it does
    /// not (and would fit on a page of its own).
    fn must_break(&self, height: f32, needed: f32) -> bool {
        let page = self.geometry.text_height() + 0.01;
        let room = page - self.foot.height;
        let overflows = self.used + height > room;
        let chain_overflows = needed <= page && self.used + needed > room;
        overflows || chain_overflows
    }

    /// Whether anything is on the current page yet (text, or notes continued from the page
    /// before).
    fn has_content(&self) -> bool {
        self.used > 0.0 || !self.foot.lines.is_empty()
    }

    /// Room at the foot of this page that a line showing the marks of `notes` needs besides
    /// its own: the first line of each note not yet there, and the rule above them when
    /// they are the first. None while notes of an earlier page still wait (new ones go after
    /// them, on the next page).
    fn room_for_notes(&self, notes: &[Arc<FootNote>]) -> f32 {
        if !self.foot.carried.is_empty() {
            return 0.0;
        }
        let new: f32 = notes
            .iter()
            .filter(|note| !self.foot.keys.contains(&note.key))
            .map(|note| note.first_line_height())
            .sum();
        if new > 0.0 && self.foot.lines.is_empty() {
            new + self.foot_rule.height()
        } else {
            new
        }
    }

    /// Starts a new page when an item `height` points tall (`needed` with what is kept with
    /// it) does not fit on this one. Figures waiting for the new page take its top; if the
    /// item then does not fit beside them, it goes on the page after.
    fn break_for(&mut self, height: f32, needed: f32) {
        self.break_for_noted(height, needed, &[]);
    }

    /// [`Paginator::break_for`] for a line showing the marks of `notes`, which needs room
    /// for them too. Notes continued from the page before take the foot of a new page; if
    /// the item then does not fit beside them, it goes on the page after.
    fn break_for_noted(&mut self, height: f32, needed: f32, notes: &[Arc<FootNote>]) {
        let breaks = |paginator: &Self| {
            let notes = paginator.room_for_notes(notes);
            paginator.has_content() && paginator.must_break(height + notes, needed + notes)
        };
        if !breaks(self) {
            return;
        }
        while self.continue_on_new_page() && breaks(self) {}
    }

    /// The pages and outline, once every article is placed.
    pub fn finish(mut self) -> (Vec<Page>, Vec<OutlineEntry>) {
        self.close_page();
        (self.pages, self.outline)
    }

    /// The top of the text area.
    fn top(&self) -> f32 {
        self.geometry.page_height - self.geometry.margin
    }

    fn new_page(&mut self, article: usize, first_of_article: bool) {
        self.close_page();
        self.pages.push(Page {
            article,
            first_of_article,
            ..Page::default()
        });
        self.used = 0.0;
        self.bound = false;
        self.trailing_space = 0.0;
    }

    /// Starts a continuation page: the notes continued from the page before at its foot,
    /// the waiting figures at its top, then a table's repeated header. Returns whether notes
    /// or figures were placed.
    fn continue_on_new_page(&mut self) -> bool {
        let article = self.pages.last().map_or(0, |page| page.article);
        self.new_page(article, false);
        let placed_notes = self.place_carried();
        let placed_figures = self.place_floats();
        self.place_repeated();
        placed_notes || placed_figures
    }

    /// Puts the lines of notes continued from the page before at the foot of this one, as
    /// many as fit. Returns whether any did.
    fn place_carried(&mut self) -> bool {
        let carried = std::mem::take(&mut self.foot.carried);
        let before = carried.len();
        for line in carried {
            self.add_note_line(line, 0.0);
        }
        self.foot.carried.len() < before
    }

    /// Adds the notes of a line just placed at the foot of the page, each once a page,
    /// leaving `reserve` points for the lines kept with it; the lines that do not fit wait
    /// for the next page.
    fn add_notes(&mut self, notes: &[Arc<FootNote>], reserve: f32) {
        for note in notes {
            if self.foot.keys.contains(&note.key) {
                continue;
            }
            self.foot.keys.push(note.key);
            for line in &note.lines {
                self.add_note_line(line.clone(), reserve);
            }
        }
    }

    /// Adds one line of a note at the foot of the page if it fits under the text and the
    /// `reserve` points kept for the text to come, else leaves it for the next page (as
    /// every line after it).
    fn add_note_line(&mut self, line: NoteLine, reserve: f32) {
        let added = if self.foot.lines.is_empty() {
            self.foot_rule.height() + line.line.height
        } else {
            line.space + line.line.height
        };
        let room = self.geometry.text_height() + 0.01;
        // An empty page takes a line whatever its height, so that every note is printed.
        let empty = self.used == 0.0 && self.foot.lines.is_empty();
        let fits = empty || self.used + reserve + self.foot.height + added <= room;
        if !self.foot.carried.is_empty() || !fits {
            self.foot.carried.push_back(line);
            return;
        }
        self.foot.height += added;
        self.foot.lines.push(line);
    }

    /// Prints the notes of the page at its foot, ending at the bottom of the text area: a
    /// short rule (on the side the first note starts), then the notes.
    fn close_page(&mut self) {
        let lines = std::mem::take(&mut self.foot.lines);
        let height = std::mem::replace(&mut self.foot.height, 0.0);
        self.foot.keys.clear();
        let (Some(page), false) = (self.pages.last_mut(), lines.is_empty()) else {
            return;
        };
        let rule = self.foot_rule;
        let mut y = self.geometry.margin + height - rule.space_above;
        // At the left, or at the right over notes in a right-to-left script.
        let x0 = match lines.first() {
            Some(first) if first.line.line.rtl => {
                self.geometry.page_width - self.geometry.side_margin - rule.width
            }
            _ => self.geometry.side_margin,
        };
        page.rules.push(PlacedRule {
            x0,
            x1: x0 + rule.width,
            y: y - rule.thickness / 2.0,
            thickness: rule.thickness,
            color: rule.color,
        });
        y -= rule.thickness + rule.space_below;
        for (index, note) in lines.into_iter().enumerate() {
            if index > 0 {
                y -= note.space;
            }
            let line = note.line;
            let baseline = y - (line.height - line.size) / 2.0 - ASCENT * line.size;
            page.lines.push(PlacedLine {
                x: self.geometry.side_margin + line.left,
                baseline,
                size: line.size,
                line: line.line,
            });
            y -= line.height;
        }
    }

    /// Places the waiting figures, in order, from the top of the current page. The outline
    /// entries waiting for the next line of text keep waiting for it.
    fn place_floats(&mut self) -> bool {
        let floats = std::mem::take(&mut self.floats);
        if floats.is_empty() {
            return false;
        }
        let marks = std::mem::take(&mut self.pending_marks);
        for mut figure in floats {
            for i in 0..figure.len() {
                let needed = self.needed(&figure[i..]);
                let item = std::mem::replace(&mut figure[i], Flow::Space(0.0));
                self.place(item, needed);
            }
        }
        self.pending_marks.extend(marks);
        true
    }

    /// Places the repeated items (a table's header) at the top of a fresh page.
    fn place_repeated(&mut self) {
        let repeat = std::mem::take(&mut self.repeat);
        for item in &repeat {
            match item {
                Flow::Line(line) => self.line(line.clone(), line.height),
                Flow::Rule(rule) => self.rule(rule),
                Flow::Space(space) => self.space(*space),
                _ => {}
            }
        }
        self.repeat = repeat;
    }

    fn space(&mut self, space: f32) {
        if self.used > 0.0 {
            let extra = (space - self.trailing_space).max(0.0);
            self.used += extra;
            self.trailing_space += extra;
        }
    }

    fn rule(&mut self, rule: &FlowRule) {
        self.break_for(rule.thickness, rule.thickness);
        let y = self.top() - self.used - rule.thickness / 2.0;
        let x0 = self.geometry.side_margin + rule.left;
        if let Some(page) = self.pages.last_mut() {
            page.rules.push(PlacedRule {
                x0,
                x1: x0 + rule.width,
                y,
                thickness: rule.thickness,
                color: rule.color,
            });
        }
        self.used += rule.thickness;
        self.bound = false;
        self.trailing_space = 0.0;
    }

    /// Places a picture whole, on a new page when it (with what is kept with it, `needed`
    /// points) does not fit on this one.
    fn image(&mut self, image: &FlowImage, needed: f32) {
        self.break_for(image.height, needed);
        let y = self.top() - self.used - image.height;
        let x = self.geometry.side_margin + image.left;
        if let Some(page) = self.pages.last_mut() {
            page.images.push(PlacedImage {
                x,
                y,
                width: image.width,
                height: image.height,
                image: image.image,
            });
        }
        self.used += image.height;
        self.bound = image.keep_with_next;
        self.trailing_space = 0.0;
    }

    /// Places a line that needs `needed` points of room (more than its own height when the
    /// lines after it must stay on the same page).
    fn line(&mut self, line: FlowLine, needed: f32) {
        self.break_for_noted(line.height, needed, &line.notes);
        let top = self.top() - self.used;
        self.resolve_marks(top);
        let baseline = top - (line.height - line.size) / 2.0 - ASCENT * line.size;
        let x = self.geometry.side_margin + line.left;
        if let Some(page) = self.pages.last_mut() {
            page.lines.push(PlacedLine {
                x,
                baseline,
                size: line.size,
                line: line.line,
            });
        }
        self.used += line.height;
        self.bound = line.keep_with_next;
        self.trailing_space = 0.0;
        // The lines kept with this one stay on its page, before the rest of its notes (when
        // the first line of each note still fits beside them).
        let kept = (needed - line.height).max(0.0);
        let page = self.geometry.text_height() + 0.01;
        let reserve = if line.keep_with_next
            && self.used + kept + self.foot.height + self.room_for_notes(&line.notes) <= page
        {
            kept
        } else {
            0.0
        };
        self.add_notes(&line.notes, reserve);
    }

    /// Points the waiting outline entries at `top` on the current page.
    fn resolve_marks(&mut self, top: f32) {
        let page = self.pages.len().saturating_sub(1);
        for mark in self.pending_marks.drain(..) {
            self.outline.push(OutlineEntry {
                level: mark.level,
                title: mark.title,
                page,
                top,
            });
        }
    }
}

impl Paginator<'_> {
    /// Room the first item of `flow` needs: its own height, or, when it is kept with the
    /// next, the height of its chain and of the first line of each note the chain's lines
    /// after the first refer to (the first line's notes are counted when it is placed).
    fn needed(&self, flow: &[Flow]) -> f32 {
        match flow.first() {
            Some(Flow::Image(image)) if image.keep_with_next => self.chain_needs(flow),
            Some(Flow::Image(image)) => image.height,
            Some(Flow::Line(line)) if line.keep_with_next => self.chain_needs(flow),
            Some(Flow::Line(line)) => line.height,
            _ => 0.0,
        }
    }

    /// [`chain_height`], with room for the first line of each note of the chain's lines but
    /// its first (and for the rule above them, unless the page has notes already).
    fn chain_needs(&self, flow: &[Flow]) -> f32 {
        let chain = &flow[..chain_length(flow)];
        let notes: f32 = chain
            .iter()
            .skip(1)
            .filter_map(|item| match item {
                Flow::Line(line) => Some(&line.notes),
                _ => None,
            })
            .flatten()
            .filter(|note| !self.foot.keys.contains(&note.key))
            .map(|note| note.first_line_height())
            .sum();
        let rule = if notes > 0.0 && self.foot.lines.is_empty() {
            self.foot_rule.height()
        } else {
            0.0
        };
        chain_height(flow) + notes + rule
    }
}

/// How many items of `flow` form the chain its first item starts: everything chained by
/// `keep_with_next`, up to and including the first line or picture that is not kept with the
/// next.
fn chain_length(flow: &[Flow]) -> usize {
    for (index, item) in flow.iter().enumerate() {
        let ends = match item {
            Flow::Line(line) => !line.keep_with_next,
            Flow::Image(image) => !image.keep_with_next,
            _ => false,
        };
        if ends {
            return index + 1;
        }
    }
    flow.len()
}

/// Height of a line or picture and everything chained to it by `keep_with_next`, up to and
/// including the first line that is not kept with the next.
fn chain_height(flow: &[Flow]) -> f32 {
    flow[..chain_length(flow)]
        .iter()
        .map(|item| match item {
            Flow::Line(line) => line.height,
            Flow::Space(space) => *space,
            Flow::Rule(rule) => rule.thickness,
            Flow::Image(image) => image.height,
            Flow::Mark(_) | Flow::RepeatHeader(_) | Flow::EndRepeat => 0.0,
        })
        .sum()
}

/// What the running header and footer of an article's pages show.
#[derive(Debug, Clone, Copy, Default)]
pub struct Furniture<'a> {
    /// The article's title, the header of every page but its first.
    pub title: &'a str,
    /// The address the article came from, at the left of its pages' footers (a link).
    pub source: Option<&'a str>,
    /// The article's language, which the page numbers are written in ("Page 3 of 12").
    pub language: Option<&'a str>,
}

/// Adds "Page N of M" (in the article's language) to every page's footer, after the article's source address when it has
/// one, and the article's title as a running header to every page but its first. Either line
/// is left out when the margin is too narrow to hold it. A page of the contents has its number
/// alone, in `front`'s language; the title page has neither line.
pub fn add_furniture(
    pages: &mut [Page],
    articles: &[Furniture<'_>],
    front: Furniture<'_>,
    geometry: &Geometry,
    style: &PrintStyle,
    fonts: &FontSet,
) {
    let position = style.page.furniture_position;
    let footer = TextStyle {
        face: FaceId::Regular,
        size: geometry.base_size * style.page.footer_size,
        color: style.colors.muted,
        link: None,
        rise: 0.0,
        decorations: Default::default(),
        note: None,
    };
    let header = TextStyle {
        face: FaceId::Italic,
        size: geometry.base_size * style.page.header_size,
        ..footer.clone()
    };
    let footer_baseline = band_centre(geometry.margin, footer.size, position)
        .map(|centre| centre - CENTRE_TO_BASELINE * footer.size);
    let header_baseline = band_centre(geometry.margin, header.size, position)
        .map(|centre| geometry.page_height - centre - CENTRE_TO_BASELINE * header.size);
    let total = pages.len();
    let centred = |width: f32| (geometry.page_width - width) / 2.0;
    for (index, page) in pages.iter_mut().enumerate() {
        let (article, first) = match page.kind {
            PageKind::Title => continue,
            PageKind::Contents => (front, true),
            PageKind::Article => (
                articles.get(page.article).copied().unwrap_or_default(),
                page.first_of_article,
            ),
        };
        if let (false, Some(baseline)) = (first, header_baseline) {
            let text = fit(article.title, &header, geometry.text_width(), fonts);
            place(page, &text, &header, centred, baseline, fonts, true);
        }
        let Some(baseline) = footer_baseline else {
            continue;
        };
        let number = Locale::for_language(article.language).page(index + 1, total);
        let Some(source) = article.source.filter(|source| !source.trim().is_empty()) else {
            place(page, &number, &footer, centred, baseline, fonts, false);
            continue;
        };
        let right = geometry.page_width - geometry.side_margin;
        let number_width = fonts.width(&number, footer.face, footer.size);
        let room = geometry.text_width() - number_width - 2.0 * footer.size;
        let shown = fit(source, &footer, room, fonts);
        if !shown.is_empty() {
            let link = TextStyle {
                link: Some(source.to_string()),
                ..footer.clone()
            };
            place(
                page,
                &shown,
                &link,
                |_| geometry.side_margin,
                baseline,
                fonts,
                false,
            );
        }
        place(
            page,
            &number,
            &footer,
            |width| right - width,
            baseline,
            fonts,
            false,
        );
    }
}

/// Height of a line of furniture text, in em: from the lowest descender to the highest
/// ascender, with the baseline this far below the middle.
const FURNITURE_EXTENT: f32 = 1.1;
const CENTRE_TO_BASELINE: f32 = 0.3;

/// Distance from the page edge to the middle of a furniture line of `size` points in a margin
/// `band` points deep: at `position` (a fraction of the band) if the line fits there, moved
/// inward or outward as needed, or `None` when the band cannot hold it at all.
fn band_centre(band: f32, size: f32, position: f32) -> Option<f32> {
    let half = FURNITURE_EXTENT * size / 2.0;
    if band < 2.0 * half {
        return None;
    }
    Some((band * position.clamp(0.0, 1.0)).clamp(half, band - half))
}

/// `text` if it fits in `width`, else as much of it as fits followed by "…" (the longest
/// such prefix, found by halving: a page's title or address can be thousands of characters).
fn fit(text: &str, style: &TextStyle, width: f32, fonts: &FontSet) -> String {
    let measure = |t: &str| fonts.width(t, style.face, style.size);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if measure(&text) <= width {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    let shortened = |count: usize| {
        let prefix: String = chars[..count].iter().collect();
        format!("{}…", prefix.trim_end())
    };
    // The longest prefix that fits is in 0..=high; `low` always fits (or is 0).
    let (mut low, mut high) = (0, chars.len().saturating_sub(1));
    while low < high {
        let middle = (low + high).div_ceil(2);
        if measure(&shortened(middle)) <= width {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    if low == 0 {
        return String::new();
    }
    shortened(low)
}

/// Adds `text` on one line at `baseline`, its left edge at `x(width)` (first in reading order
/// for a header).
fn place(
    page: &mut Page,
    text: &str,
    style: &TextStyle,
    x: impl Fn(f32) -> f32,
    baseline: f32,
    fonts: &FontSet,
    first: bool,
) {
    let Some(line) = plain_lines(text, style, f32::MAX, fonts).pop() else {
        return;
    };
    let placed = PlacedLine {
        x: x(line.width),
        baseline,
        size: style.size,
        line,
    };
    if first {
        page.lines.insert(0, placed);
    } else {
        page.lines.push(placed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::fonts::bundled_font_set;
    use crate::backend::pdf::layout::{article_flow, test_geometry as geometry};
    use crate::backend::pdf::style::print_style;
    use crate::document::{Block, Document, Inline, Metadata};

    fn paginate(doc: &Document) -> (Vec<Page>, Vec<OutlineEntry>) {
        let fonts = bundled_font_set();
        let geometry = geometry();
        let flow = article_flow(doc, fonts, print_style(), &geometry);
        let mut paginator = Paginator::new(&geometry, print_style());
        paginator.add_article(0, flow);
        paginator.finish()
    }

    /// Where the heading titled "Heading" (the article's second bookmark) lands: its line's
    /// index on its page, and how many lines that page has.
    fn heading_place(blocks: Vec<Block>) -> (usize, usize) {
        let (pages, outline) = paginate(&article(blocks));
        let page = &pages[outline[1].page];
        let at = page
            .lines
            .iter()
            .position(|line| line.line.runs.iter().any(|run| run.run.text() == "Heading"))
            .expect("heading is on the page its bookmark names");
        (at, page.lines.len())
    }

    fn article(blocks: Vec<Block>) -> Document {
        Document {
            meta: Metadata {
                title: "Title".into(),
                ..Metadata::default()
            },
            blocks,
        }
    }

    #[test]
    fn overflowing_text_makes_a_second_page() {
        let paragraph = "lorem ipsum dolor sit amet ".repeat(40);
        let short = paginate(&article(vec![Block::paragraph(&paragraph)]));
        assert_eq!(short.0.len(), 1);
        let long = paginate(&article(vec![Block::paragraph(&paragraph); 12]));
        assert!(long.0.len() >= 2, "{} pages", long.0.len());
        let geometry = geometry();
        for page in &long.0 {
            for line in &page.lines {
                assert!(line.baseline > geometry.margin - 0.01);
                assert!(line.baseline < geometry.page_height - geometry.margin);
            }
        }
        assert!(!long.0[1].first_of_article);
    }

    #[test]
    fn headings_are_not_left_at_the_foot_of_a_page() {
        let filler = "word ".repeat(60);
        for paragraphs in 1..14 {
            let mut blocks = vec![Block::paragraph(&filler); paragraphs];
            blocks.push(Block::Heading {
                level: 2,
                content: vec![Inline::text("Heading")],
            });
            blocks.push(Block::paragraph(&filler));
            let (pages, outline) = paginate(&article(blocks));
            let heading = &outline[1];
            let page = &pages[heading.page];
            let index = page
                .lines
                .iter()
                .position(|line| line.line.runs.iter().any(|run| run.run.text() == "Heading"))
                .expect("heading is on the page its bookmark names");
            assert!(
                index + 1 < page.lines.len(),
                "text follows the heading on its page"
            );
        }
    }

    #[test]
    fn furniture_numbers_pages_and_repeats_the_title() {
        let fonts = bundled_font_set();
        let paragraph = "lorem ipsum dolor sit amet ".repeat(60);
        let (mut pages, _) = paginate(&article(vec![Block::paragraph(&paragraph); 10]));
        assert!(pages.len() >= 2);
        let source = "https://example.org/a/long/address/of/the/article";
        let furniture = Furniture {
            title: "Title",
            source: Some(source),
            language: None,
        };
        add_furniture(
            &mut pages,
            &[furniture],
            Furniture::default(),
            &geometry(),
            print_style(),
            fonts,
        );
        let total = pages.len();
        let text =
            |line: &PlacedLine| -> String { line.line.runs.iter().map(|r| r.run.text()).collect() };
        let last_two = |page: &Page| -> Vec<String> {
            page.lines[page.lines.len() - 2..]
                .iter()
                .map(text)
                .collect()
        };
        assert_eq!(
            last_two(&pages[0]),
            [source.to_string(), format!("Page 1 of {total}")]
        );
        assert_eq!(pages[1].lines.first().map(text).as_deref(), Some("Title"));
        assert_eq!(
            last_two(&pages[1]),
            [source.to_string(), format!("Page 2 of {total}")]
        );
        // The address is a link, at the left margin; the number ends at the right margin.
        let footer = &pages[1].lines[pages[1].lines.len() - 2..];
        assert_eq!(footer[0].line.links.len(), 1);
        assert_eq!(footer[0].line.links[0].href, source);
        let geometry = geometry();
        assert!((footer[0].x - geometry.side_margin).abs() < 0.01);
        let number_end = footer[1].x + footer[1].line.width;
        assert!((number_end - (geometry.page_width - geometry.side_margin)).abs() < 0.01);

        // Without an address the number is centred.
        let (mut pages, _) = paginate(&article(vec![Block::paragraph("short")]));
        let furniture = Furniture {
            title: "Title",
            source: None,
            language: None,
        };
        add_furniture(
            &mut pages,
            &[furniture],
            Furniture::default(),
            &geometry,
            print_style(),
            fonts,
        );
        let number = pages[0].lines.last().expect("footer");
        assert_eq!(text(number), "Page 1 of 1");
        let middle = number.x + number.line.width / 2.0;
        assert!((middle - geometry.page_width / 2.0).abs() < 0.01);
    }

    #[test]
    fn furniture_stays_inside_the_margin() {
        assert_eq!(band_centre(57.0, 9.0, 0.5), Some(28.5));
        // Too close to the edge for a big size: moved inward so the glyphs stay on the page.
        let centre = band_centre(40.0, 28.0, 0.1).expect("fits");
        assert!(centre - 0.55 * 28.0 >= 0.0 && centre + 0.55 * 28.0 <= 40.0);
        assert_eq!(band_centre(0.0, 9.0, 0.5), None);
    }

    #[test]
    fn long_headers_are_shortened() {
        let fonts = bundled_font_set();
        let style = TextStyle {
            face: FaceId::Italic,
            size: 9.0,
            color: print_style().colors.muted,
            link: None,
            rise: 0.0,
            decorations: Default::default(),
            note: None,
        };
        let long = "a very long title ".repeat(20);
        let short = fit(&long, &style, 200.0, fonts);
        assert!(short.ends_with('…'));
        assert!(fonts.width(&short, FaceId::Italic, 9.0) <= 200.0);
        // As much as fits: nearly the whole width is used.
        assert!(fonts.width(&short, FaceId::Italic, 9.0) > 180.0, "{short}");
        assert_eq!(fit("Short", &style, 200.0, fonts), "Short");
        // A page address of 20,000 characters is shortened the same way.
        let address = format!("https://example.org/{}", "segment/".repeat(2_500));
        let short = fit(&address, &style, 200.0, fonts);
        assert!(short.starts_with("https://example.org/segment/") && short.ends_with('…'));
        assert!(fonts.width(&short, FaceId::Italic, 9.0) <= 200.0);
    }

    /// For every position of a heading down a page, whether at least two lines follow it on
    /// its page, when what follows is `after` (blocks of one line each).
    fn heading_keeps_two_lines(after: impl Fn() -> Vec<Block>) {
        for lead in (1..400).step_by(11) {
            let mut blocks = shifting_paragraphs(lead);
            let tail = blocks.split_off(8);
            blocks.push(Block::Heading {
                level: 2,
                content: vec![Inline::text("Heading")],
            });
            blocks.extend(after());
            blocks.extend(tail);
            let (at, lines_on_page) = heading_place(blocks);
            assert!(
                at + 2 < lines_on_page,
                "lead {lead}: heading followed by {} line(s) on its page",
                lines_on_page - at - 1
            );
        }
    }

    #[test]
    fn headings_keep_two_lines_of_short_paragraphs_and_list_items() {
        heading_keeps_two_lines(|| vec![Block::paragraph("One line."); 3]);
        heading_keeps_two_lines(|| {
            vec![Block::List {
                ordered: false,
                start: 1,
                items: vec![vec![Block::paragraph("An item.")]; 4],
            }]
        });
    }

    #[test]
    fn a_heading_too_tall_to_keep_with_its_lines_leaves_no_page_empty() {
        let geometry = geometry();
        let heading_size = print_style().heading_size(2) * geometry.base_size;
        let heading_lines =
            (geometry.text_height() / (heading_size * print_style().headings.leading)) as usize;
        // A heading of nearly a page, then one-line paragraphs: it cannot have two lines after
        // it on any page.
        let mut words = String::new();
        while words.len() < heading_lines * 30 {
            words.push_str("Heading ");
        }
        let mut blocks = vec![Block::paragraph("lead ".repeat(100))];
        blocks.push(Block::Heading {
            level: 2,
            content: vec![Inline::text(words)],
        });
        blocks.extend(vec![Block::paragraph("One line."); 5]);
        let (pages, _) = paginate(&article(blocks));
        assert!(pages.len() < 6, "{} pages", pages.len());
        for (index, page) in pages.iter().enumerate() {
            assert!(!page.lines.is_empty(), "page {index} is empty");
        }
    }

    #[test]
    fn paragraphs_are_set_apart_by_an_indent_and_no_space() {
        let blocks = vec![
            Block::Heading {
                level: 2,
                content: vec![Inline::text("Heading")],
            },
            Block::paragraph("p1 ".repeat(60)),
            Block::paragraph("p2 ".repeat(60)),
            Block::paragraph("p3 ".repeat(60)),
        ];
        let (pages, _) = paginate(&article(blocks));
        assert_eq!(pages.len(), 1);
        let lines: Vec<(&str, &PlacedLine)> = pages[0]
            .lines
            .iter()
            .filter_map(|line| {
                let first = line.line.runs.first()?.run.text();
                let word = ["p1", "p2", "p3"]
                    .into_iter()
                    .find(|w| first.starts_with(w))?;
                Some((word, line))
            })
            .collect();
        let geometry = geometry();
        let indent = print_style().text.paragraph_indent_em * geometry.base_size;
        let first_of = |word: &str| {
            lines
                .iter()
                .position(|(w, _)| *w == word)
                .unwrap_or_else(|| panic!("{word} is on the page"))
        };
        let (p1, p2, p3) = (first_of("p1"), first_of("p2"), first_of("p3"));
        assert!(p2 - p1 >= 2, "the first paragraph takes several lines");
        // After a heading: flush; after a paragraph: indented.
        assert!((lines[p1].1.x - geometry.side_margin).abs() < 0.01);
        for start in [p2, p3] {
            assert!(
                (lines[start].1.x - (geometry.side_margin + indent)).abs() < 0.01,
                "indented paragraph at {}",
                lines[start].1.x
            );
        }
        // The same distance between baselines inside a paragraph and across paragraphs.
        let step = lines[p1].1.baseline - lines[p1 + 1].1.baseline;
        for start in [p2, p3] {
            let across = lines[start - 1].1.baseline - lines[start].1.baseline;
            assert!(
                (across - step).abs() < 0.01,
                "{across} between paragraphs, {step} between lines"
            );
        }
    }

    /// Each page's body lines as (paragraph number, line text), for paragraphs whose words
    /// are all `p<number>`.
    fn paragraph_lines(pages: &[Page]) -> Vec<Vec<usize>> {
        pages
            .iter()
            .map(|page| {
                page.lines
                    .iter()
                    .filter_map(|line| {
                        let text: String = line.line.runs.iter().map(|r| r.run.text()).collect();
                        let first = text.split_whitespace().next()?;
                        first.strip_prefix('p')?.parse().ok()
                    })
                    .collect()
            })
            .collect()
    }

    /// Paragraphs of different lengths after a first paragraph of `lead` words, so that page breaks
    /// fall at every possible line of a paragraph as `lead` varies.
    fn shifting_paragraphs(lead: usize) -> Vec<Block> {
        let mut blocks = vec![Block::paragraph("lead ".repeat(lead))];
        for number in 1..40 {
            let lines = 2 + number % 5;
            blocks.push(Block::paragraph(format!("p{number} ").repeat(25 * lines)));
        }
        blocks
    }

    #[test]
    fn no_paragraph_leaves_one_line_alone_at_a_page_break() {
        let mut breaks_inside = 0;
        for lead in (1..700).step_by(29) {
            let (pages, _) = paginate(&article(shifting_paragraphs(lead)));
            assert!(pages.len() >= 3);
            let lines = paragraph_lines(&pages);
            for pair in lines.windows(2) {
                let (Some(&last), Some(&first)) = (pair[0].last(), pair[1].first()) else {
                    continue;
                };
                if last != first {
                    continue;
                }
                breaks_inside += 1;
                let before = pair[0].iter().filter(|&&p| p == last).count();
                let after = pair[1].iter().filter(|&&p| p == last).count();
                assert!(
                    before >= 2,
                    "orphan: paragraph p{last} has one line at a page foot"
                );
                assert!(
                    after >= 2,
                    "widow: paragraph p{last} has one line at a page head"
                );
            }
        }
        assert!(
            breaks_inside > 5,
            "{breaks_inside} page breaks fell inside paragraphs"
        );
    }

    /// An article after `lead` words: 30 paragraphs, the paragraph `i` referring to note `i`
    /// of `i % 7 * 25` words `q<i>` (0 to 150 words).
    fn noted_article(lead: usize) -> Document {
        use crate::document::Note;
        let mut blocks = vec![Block::paragraph("lead ".repeat(lead))];
        let mut notes = Vec::new();
        for i in 1..=30 {
            blocks.push(Block::Paragraph {
                content: vec![
                    Inline::text("lorem ".repeat(20 + i * 7)),
                    Inline::NoteRef {
                        label: i.to_string(),
                        id: format!("n{i}"),
                    },
                    Inline::text(" ipsum".repeat(10)),
                ],
            });
            notes.push(Note {
                id: format!("n{i}"),
                label: i.to_string(),
                blocks: vec![Block::paragraph(format!("q{i} ").repeat(1 + i % 7 * 25))],
            });
        }
        blocks.push(Block::Notes { notes });
        article(blocks)
    }

    #[test]
    fn notes_sit_under_the_text_of_the_page_that_refers_to_them_and_none_is_lost() {
        let geometry = geometry();
        let text =
            |line: &PlacedLine| -> String { line.line.runs.iter().map(|r| r.run.text()).collect() };
        let mut continued = 0;
        for lead in (1..600).step_by(83) {
            let (pages, _) = paginate(&noted_article(lead));
            let mut printed = [0; 31];
            let mut starts = [0; 31];
            for (index, page) in pages.iter().enumerate() {
                let (foot, body): (Vec<&PlacedLine>, Vec<&PlacedLine>) =
                    page.lines.iter().partition(|line| text(line).contains('q'));
                let body_bottom = body
                    .iter()
                    .map(|line| line.baseline - 0.3 * line.size)
                    .fold(f32::MAX, f32::min);
                for line in &foot {
                    let top = line.baseline + 0.8 * line.size;
                    assert!(
                        top < body_bottom,
                        "lead {lead}, page {index}: a note overlaps the text"
                    );
                    assert!(
                        line.baseline - 0.3 * line.size > geometry.margin - 0.5,
                        "lead {lead}, page {index}: a note runs into the margin"
                    );
                }
                // Each note starting here is referred to on this page.
                for line in &foot {
                    let Some(mark) = line.line.runs.first().map(|r| r.run.text()) else {
                        continue;
                    };
                    let Ok(number) = mark.parse::<usize>() else {
                        continue;
                    };
                    starts[number] += 1;
                    let referred = body.iter().any(|body_line| {
                        body_line
                            .line
                            .runs
                            .iter()
                            .any(|run| run.rise > 0.0 && run.run.text() == mark)
                    });
                    assert!(
                        referred,
                        "lead {lead}, page {index}: note {number} without its reference"
                    );
                }
                if foot
                    .first()
                    .is_some_and(|line| !text(line).starts_with(char::is_numeric))
                {
                    continued += 1;
                }
                for line in foot {
                    let runs = line.line.runs.iter().map(|run| run.run.text());
                    for word in runs.collect::<Vec<_>>().join(" ").split_whitespace() {
                        if let Some(number) = word.strip_prefix('q') {
                            printed[number.parse::<usize>().expect("a note number")] += 1;
                        }
                    }
                }
            }
            for (number, count) in printed.iter().enumerate().skip(1) {
                assert_eq!(*count, 1 + number % 7 * 25, "lead {lead}: note {number}");
                assert_eq!(starts[number], 1, "lead {lead}: note {number} starts once");
            }
            assert!(
                continued > 0,
                "lead {lead}: no note continued on the next page"
            );
        }
    }

    #[test]
    fn headings_keep_two_lines_of_their_paragraph_on_their_page() {
        for lead in (1..400).step_by(23) {
            let mut blocks = shifting_paragraphs(lead);
            blocks.insert(
                8,
                Block::Heading {
                    level: 2,
                    content: vec![Inline::text("Heading")],
                },
            );
            let (at, lines_on_page) = heading_place(blocks);
            assert!(
                at + 2 < lines_on_page,
                "lead {lead}: heading without two lines"
            );
        }
    }
}
