//! The front matter: the title page of a book of several articles, and the printed contents
//! with the page each entry starts on.
//!
//! The body is laid out and paginated first; the front matter is made from its pages and
//! outline. Front matter and body are numbered in one sequence, as the footers number them
//! ("Page 3 of 9"): the number the contents gives an entry counts the front matter's own
//! pages, which are known only once the contents are laid out. The numbers stand in a column
//! as wide as the widest of them, so the contents are laid out again should their own length
//! add a page (or a digit) to the numbers; a book needs at most a few rounds.
//!
//! The title page names the book, how many articles it collects (in the book's language), and
//! their dates and sites. The contents list each article's title, its byline and site on a
//! smaller line, and (to `--toc-depth`) its sections, indented; each entry ends with its page
//! number, joined to it by a row of dots, and the whole entry is a link to its page. In a book
//! written right to left both pages are mirrored: lines stand at the right, numbers at the left.

use crate::backend::{Contents, Locale};
use crate::document::{Book, Direction, Document, Metadata};

use super::fonts::{FaceId, FontSet};
use super::layout::{plain_lines, Geometry};
use super::lines::{SetLine, TextStyle};
use super::paginate::{Jump, OutlineEntry, Page, PageKind, PlacedLine, PlacedRule, ASCENT};
use super::style::PrintStyle;

/// The most rounds of laying out the contents before their page count settles.
const MAX_ROUNDS: usize = 8;

/// The front matter of a book, to go before the body's pages.
#[derive(Debug, Default)]
pub struct FrontMatter {
    /// The title page and the contents pages, in order.
    pub pages: Vec<Page>,
    /// The index of the first contents page, when the contents are printed.
    pub contents: Option<usize>,
}

/// What the front matter is made from: the book, and where its entries are in the body.
pub struct Sources<'a> {
    /// The book.
    pub book: &'a Book,
    /// Its articles (or the stand-in of a book without any).
    pub articles: &'a [Document],
    /// The body's outline: every article and heading, with its page in the body.
    pub outline: &'a [OutlineEntry],
    /// What the contents hold.
    pub contents: Contents,
}

/// The front matter of the book: for several articles a title page, then (unless the depth
/// of the contents is 0) the contents; for a single article the contents of its sections,
/// when asked for (`--toc`), and nothing otherwise.
pub fn front_matter(
    sources: &Sources<'_>,
    fonts: &FontSet,
    style: &PrintStyle,
    geometry: &Geometry,
) -> FrontMatter {
    let several = sources.articles.len() > 1;
    let setter = Setter {
        fonts,
        style,
        geometry,
        rtl: sources.book.direction() == Direction::RightToLeft,
    };
    let locale = Locale::for_language(sources.book.language());
    let mut pages = Vec::new();
    if several {
        pages.push(setter.title_page(sources.book, sources.articles, locale));
    }
    let entries = entries(sources);
    if entries.is_empty() {
        return FrontMatter {
            pages,
            contents: None,
        };
    }
    let before = pages.len();
    let mut front = before + 1;
    let mut contents = Vec::new();
    for _ in 0..MAX_ROUNDS {
        contents = setter.contents_pages(&entries, sources.articles, front, locale);
        let counted = before + contents.len();
        if counted == front {
            break;
        }
        front = counted;
    }
    pages.extend(contents);
    FrontMatter {
        pages,
        contents: Some(before),
    }
}

/// One entry of the contents.
#[derive(Debug, Clone)]
struct Entry<'a> {
    /// How deep it is indented: 0 an article (or, in a single article, its top sections).
    depth: u8,
    /// Its title.
    title: &'a str,
    /// The article it belongs to, when it is one (for the byline under it).
    article: Option<usize>,
    /// Index of its page in the body.
    page: usize,
    /// Height of the top of its line on that page.
    top: f32,
}

/// The entries the contents list: the articles and their sections to the depth asked for
/// (the articles alone by default); a single article's sections. None when no contents are
/// printed.
fn entries<'a>(sources: &Sources<'a>) -> Vec<Entry<'a>> {
    let several = sources.articles.len() > 1;
    let contents = sources.contents;
    let levels = match contents.depth {
        Some(0) => return Vec::new(),
        depth if several => depth.unwrap_or(1),
        depth if contents.printed => depth.unwrap_or(Contents::ALL),
        _ => return Vec::new(),
    };
    let mut article = 0;
    let mut entries = Vec::new();
    for (index, entry) in sources.outline.iter().enumerate() {
        if entry.level == 0 && index > 0 {
            article += 1;
        }
        if entry.level >= levels || (!several && entry.level == 0) {
            continue;
        }
        entries.push(Entry {
            depth: if several {
                entry.level
            } else {
                entry.level - 1
            },
            title: &entry.title,
            article: (entry.level == 0).then_some(article),
            page: entry.page,
            top: entry.top,
        });
    }
    entries
}

/// Sets the front matter's lines and places them on pages.
struct Setter<'a> {
    fonts: &'a FontSet,
    style: &'a PrintStyle,
    geometry: &'a Geometry,
    /// Whether the book reads right to left (its pages are mirrored).
    rtl: bool,
}

/// A page being filled from the top.
struct Sheet {
    page: Page,
    /// Height of the top of the next line.
    y: f32,
}

impl Setter<'_> {
    fn em(&self, amount: f32) -> f32 {
        amount * self.geometry.base_size
    }

    /// `text` set in lines no wider than `width`; in a right-to-left book as right-to-left
    /// paragraphs (after a right-to-left mark, never drawn), even when it starts with a Latin
    /// word or a number.
    fn lines(&self, text: &str, style: &TextStyle, width: f32) -> Vec<SetLine> {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = if self.rtl {
            format!("\u{200F}{text}")
        } else {
            text
        };
        plain_lines(&text, style, width, self.fonts)
    }

    /// A new page of `kind`, filled from the top of the text area.
    fn sheet(&self, kind: PageKind) -> Sheet {
        Sheet {
            page: Page {
                kind,
                first_of_article: true,
                ..Page::default()
            },
            y: self.geometry.page_height - self.geometry.margin,
        }
    }

    /// The left edge of a line `width` wide, `indent` in from the side the book's lines
    /// start at.
    fn line_x(&self, width: f32, indent: f32) -> f32 {
        let geometry = self.geometry;
        if self.rtl {
            geometry.page_width - geometry.side_margin - indent - width
        } else {
            geometry.side_margin + indent
        }
    }

    /// Puts `line` (of text `size` points, lines `leading` times that apart) at the top of
    /// what is left of the sheet, `indent` in from the side lines start at. Returns its
    /// baseline.
    fn place(&self, sheet: &mut Sheet, line: SetLine, size: f32, leading: f32, indent: f32) -> f32 {
        let height = size * leading;
        let baseline = sheet.y - (height - size) / 2.0 - ASCENT * size;
        sheet.page.lines.push(PlacedLine {
            x: self.line_x(line.width, indent),
            baseline,
            size,
            line,
        });
        sheet.y -= height;
        baseline
    }

    /// Whether `height` more points fit above the bottom margin of the sheet.
    fn fits(&self, sheet: &Sheet, height: f32) -> bool {
        sheet.y - height >= self.geometry.margin - 0.01
    }

    /// The title page: the book's title, how many articles it collects, their dates and
    /// sites, and a short rule, a quarter of the way down the page.
    fn title_page(&self, book: &Book, articles: &[Document], locale: &Locale) -> Page {
        let (style, colors) = (&self.style.title, &self.style.colors);
        let width = self.geometry.text_width();
        let mut sheet = self.sheet(PageKind::Title);
        sheet.y -= self.geometry.text_height() / 4.0;
        let size = self.em(style.title_size * 1.25);
        let title = TextStyle::plain(FaceId::Bold, size, colors.text);
        for line in self.lines(book.display_title(), &title, width) {
            if !self.fits(&sheet, size * style.title_leading) {
                break;
            }
            self.place(&mut sheet, line, size, style.title_leading, 0.0);
        }
        sheet.y -= self.em(0.8);
        let leading = self.style.text.leading;
        let count = locale.articles(articles.len());
        let facts = locale.dateline(&book_facts(articles, locale));
        let lines = [
            Some((count, FaceId::Italic, style.byline_size, colors.text)),
            facts.map(|facts| (facts, FaceId::Regular, style.meta_size, colors.muted)),
        ];
        for (text, face, size, color) in lines.into_iter().flatten() {
            let size = self.em(size);
            let text_style = TextStyle::plain(face, size, color);
            for line in self.lines(&text, &text_style, width) {
                if self.fits(&sheet, size * leading) {
                    self.place(&mut sheet, line, size, leading, 0.0);
                }
            }
        }
        if style.rule_width > 0.0 && self.fits(&sheet, self.em(1.0)) {
            sheet.y -= self.em(0.6);
            let length = width * style.rule_width.min(1.0);
            let x0 = self.line_x(length, 0.0);
            let thickness = self.style.rule.thickness_pt;
            sheet.page.rules.push(PlacedRule {
                x0,
                x1: x0 + length,
                y: sheet.y - thickness / 2.0,
                thickness,
                color: colors.rule,
            });
        }
        sheet.page
    }

    /// The contents pages, the body's pages numbered after `front` pages of front matter.
    fn contents_pages(
        &self,
        entries: &[Entry<'_>],
        articles: &[Document],
        front: usize,
        locale: &Locale,
    ) -> Vec<Page> {
        let colors = &self.style.colors;
        let size = self.geometry.base_size;
        let leading = self.style.text.leading;
        let number_style = TextStyle::plain(FaceId::Regular, size, colors.text);
        let numbers: Vec<SetLine> = entries
            .iter()
            .map(|entry| {
                let number = (entry.page + front + 1).to_string();
                plain_lines(&number, &number_style, f32::MAX, self.fonts)
                    .pop()
                    .unwrap_or_default()
            })
            .collect();
        let column = numbers.iter().map(|n| n.width).fold(0.0, f32::max);
        let gap = self.em(2.0);

        let mut pages = Vec::new();
        let mut sheet = self.sheet(PageKind::Contents);
        let heading_size = self.em(self.style.heading_size(2));
        let heading_style = TextStyle::plain(FaceId::Bold, heading_size, colors.text);
        let heading_leading = self.style.headings.leading;
        for line in self.lines(locale.contents, &heading_style, self.geometry.text_width()) {
            self.place(&mut sheet, line, heading_size, heading_leading, 0.0);
        }
        sheet.y -= self.em(self.style.headings.space_after_em.max(1.0));
        let starts_page = |sheet: &Sheet| sheet.page.lines.is_empty();

        let title_style = TextStyle::plain(FaceId::Regular, size, colors.text);
        let byline_size = self.em(self.style.title.meta_size);
        let byline_style = TextStyle::plain(FaceId::Italic, byline_size, colors.muted);
        for (entry, number) in entries.iter().zip(numbers) {
            let indent = self.em(1.5) * f32::from(entry.depth);
            let width = (self.geometry.text_width() - indent - column - gap).max(self.em(4.0));
            let lines = self.lines(entry.title, &title_style, width);
            let byline = entry
                .article
                .and_then(|index| articles.get(index))
                .map(|article| self.lines(&article_facts(&article.meta), &byline_style, width))
                .unwrap_or_default();
            let space = if entry.depth == 0 {
                self.em(0.6)
            } else {
                self.em(0.15)
            };
            let height =
                lines.len() as f32 * size * leading + byline.len() as f32 * byline_size * leading;
            if !starts_page(&sheet) && !self.fits(&sheet, space + height) {
                pages.push(std::mem::replace(&mut sheet, self.sheet(PageKind::Contents)).page);
            }
            if !starts_page(&sheet) {
                sheet.y -= space;
            }
            let target = (entry.page + front, entry.top);
            let count = lines.len();
            let mut number = Some(number);
            let placed = lines
                .into_iter()
                .enumerate()
                .map(|(index, line)| (line, size, index + 1 == count))
                .chain(byline.into_iter().map(|line| (line, byline_size, false)));
            for (line, line_size, last_of_title) in placed {
                if !starts_page(&sheet) && !self.fits(&sheet, line_size * leading) {
                    pages.push(std::mem::replace(&mut sheet, self.sheet(PageKind::Contents)).page);
                }
                let top = sheet.y;
                let (start, end) = {
                    let x = self.line_x(line.width, indent);
                    (x, x + line.width)
                };
                let baseline = self.place(&mut sheet, line, line_size, leading, indent);
                if last_of_title {
                    if let Some(number) = number.take() {
                        let extent = (start, end);
                        self.number_with_leaders(&mut sheet, number, column, extent, baseline);
                    }
                }
                sheet.page.jumps.push(Jump {
                    x: self.geometry.side_margin,
                    y: sheet.y,
                    width: self.geometry.text_width(),
                    height: top - sheet.y,
                    page: target.0,
                    top: target.1,
                });
            }
        }
        pages.push(sheet.page);
        pages
    }

    /// Puts a page `number` at the end of a contents line (the right margin, or the left in
    /// a right-to-left book), in a `column` as wide as the widest number, and a row of dots
    /// from the line's text, `extent` (left and right edges), to the column. The dots of every
    /// line stand on one grid, so that they line up down the page.
    fn number_with_leaders(
        &self,
        sheet: &mut Sheet,
        number: SetLine,
        column: f32,
        (start, end): (f32, f32),
        baseline: f32,
    ) {
        let size = self.geometry.base_size;
        let geometry = self.geometry;
        let (left, right) = (
            geometry.side_margin,
            geometry.page_width - geometry.side_margin,
        );
        let x = if self.rtl { left } else { right - number.width };
        sheet.page.lines.push(PlacedLine {
            x,
            baseline,
            size,
            line: number,
        });
        let pitch = self.em(0.55);
        let dot = (size * 0.1).max(0.5);
        let clearance = self.em(0.45);
        let color = self.style.colors.muted;
        // The grid starts beside the column of numbers.
        let mut offset = column + clearance;
        loop {
            let centre = if self.rtl {
                left + offset
            } else {
                right - offset
            };
            let clear = if self.rtl {
                centre + dot < start - clearance
            } else {
                centre - dot > end + clearance
            };
            if !clear || offset > geometry.text_width() {
                break;
            }
            sheet.page.rules.push(PlacedRule {
                x0: centre - dot / 2.0,
                x1: centre + dot / 2.0,
                y: baseline + dot / 2.0,
                thickness: dot,
                color,
            });
            offset += pitch;
        }
    }
}

/// The line under an article's title in the contents: its byline and its site.
fn article_facts(meta: &Metadata) -> String {
    let locale = Locale::of(meta);
    [Some(locale.byline(&meta.authors)), meta.site_name.clone()]
        .into_iter()
        .flatten()
        .map(|part| part.trim().to_string())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The dates and sites of a book's articles, as the metadata [`Locale::dateline`] writes on
/// the title page: the day of the only article dated, or the first day and the last
/// ("3 March 2021 – 6 March 2021"); the site the articles come from, or up to three of them.
fn book_facts(articles: &[Document], locale: &Locale) -> Metadata {
    let mut days: Vec<&str> = articles
        .iter()
        .filter_map(|article| article.meta.published.as_deref())
        .filter_map(|published| published.trim().get(..10))
        .filter(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok())
        .collect();
    days.sort_unstable();
    days.dedup();
    let written = |day: &str| {
        locale.date(&Metadata {
            published: Some(day.to_string()),
            ..Metadata::default()
        })
    };
    let published = match days.as_slice() {
        [] => None,
        [day] => written(day),
        [first, .., last] => Some(format!(
            "{} – {}",
            written(first).unwrap_or_default(),
            written(last).unwrap_or_default()
        )),
    };
    let mut sites: Vec<&str> = Vec::new();
    for site in articles.iter().filter_map(|a| a.meta.site_name.as_deref()) {
        let site = site.trim();
        if !site.is_empty() && !sites.contains(&site) {
            sites.push(site);
        }
    }
    Metadata {
        published,
        site_name: (sites.len() <= 3 && !sites.is_empty()).then(|| sites.join(", ")),
        ..Metadata::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::fonts::bundled_font_set;
    use crate::backend::pdf::layout::test_geometry;
    use crate::backend::pdf::style::print_style;

    fn article(title: &str) -> Document {
        Document {
            meta: Metadata {
                title: title.to_string(),
                authors: vec!["Ana Silva".into()],
                ..Metadata::default()
            },
            blocks: Vec::new(),
        }
    }

    fn text(line: &PlacedLine) -> String {
        line.line.runs.iter().map(|run| run.run.text()).collect()
    }

    #[test]
    fn contents_longer_than_a_page_number_the_body_after_all_their_pages() {
        let articles: Vec<Document> = (1..=120)
            .map(|n| article(&format!("Article number {n}")))
            .collect();
        let book = Book {
            title: Some("Many".into()),
            articles,
        };
        // Article n starts on body page 2n (every article two pages long).
        let outline: Vec<OutlineEntry> = (0..120)
            .map(|index| OutlineEntry {
                level: 0,
                title: format!("Article number {}", index + 1),
                page: 2 * index,
                top: 700.0,
            })
            .collect();
        let sources = Sources {
            book: &book,
            articles: &book.articles,
            outline: &outline,
            contents: Contents::default(),
        };
        let geometry = test_geometry();
        let front = front_matter(&sources, bundled_font_set(), print_style(), &geometry);
        let count = front.pages.len();
        assert!(count >= 4, "a title page and three or more of contents");
        assert_eq!(front.contents, Some(1));
        assert_eq!(front.pages[0].kind, PageKind::Title);
        assert!(front.pages[1..]
            .iter()
            .all(|page| page.kind == PageKind::Contents));
        let numbers: Vec<usize> = front.pages[1..]
            .iter()
            .flat_map(|page| &page.lines)
            .filter_map(|line| text(line).parse().ok())
            .collect();
        let expected: Vec<usize> = (0..120).map(|index| 2 * index + count + 1).collect();
        assert_eq!(numbers, expected);
        // Each entry's link goes to its article's page in the whole document.
        let last = front.pages.last().unwrap();
        assert_eq!(last.jumps.last().map(|jump| jump.page), Some(238 + count));
        // Every line stays inside the text area.
        for page in &front.pages {
            for line in &page.lines {
                assert!(line.baseline > geometry.margin - 1.0, "{}", text(line));
            }
        }
    }

    #[test]
    fn a_single_article_has_front_matter_only_when_its_contents_are_asked_for() {
        let book = Book::single(article("Alone"));
        let outline = vec![
            OutlineEntry {
                level: 0,
                title: "Alone".into(),
                page: 0,
                top: 700.0,
            },
            OutlineEntry {
                level: 1,
                title: "A section".into(),
                page: 1,
                top: 500.0,
            },
        ];
        let mut sources = Sources {
            book: &book,
            articles: &book.articles,
            outline: &outline,
            contents: Contents::default(),
        };
        let make = |sources: &Sources<'_>| {
            front_matter(sources, bundled_font_set(), print_style(), &test_geometry())
        };
        assert!(make(&sources).pages.is_empty());
        sources.contents.printed = true;
        let front = make(&sources);
        assert_eq!(front.pages.len(), 1);
        let lines: Vec<String> = front.pages[0].lines.iter().map(text).collect();
        assert_eq!(lines, ["Contents", "A section", "3"]);
    }
}
