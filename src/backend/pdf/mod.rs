//! The PDF backend: a printable PDF of a book of articles, set in embedded, subset fonts.
//!
//! The work happens in stages, one module each:
//!
//! 1. `style` reads the print style (`styles/print.toml`); `fonts` makes each render's font
//!    set from its options: the bundled faces, and what they lack from the `--font-dir`
//!    folders and the machine's fonts ([`crate::fonts::machine`]); `font` shapes and measures text in
//!    one face;
//! 2. `layout` sets each article's title block and blocks into a flow of lines and pictures,
//!    breaking lines with `lines` at real glyph widths (`knuth_plass` chooses the breaks);
//! 3. `paginate` cuts the flows into pages (each article on a new page), prints the notes
//!    of each page's text at its foot; `front` puts a title page (for several articles) and
//!    the printed contents before them, numbered with the pages they list; `paginate` then
//!    adds page numbers and running headers;
//! 4. printpdf makes the object tree of the document (the fonts and their subsets, the pages
//!    and their links), `draw` writes each page's content stream into it, a page at a time,
//!    and `finish` adds the pictures (`images`), bookmarks, language, XMP metadata (`xmp`),
//!    version and file identifier before it is saved.
//!
//! Nothing is kept longer than it is needed, so that a book of any length takes memory in
//! proportion to its text: a long paragraph is measured and broken a window at a time, the
//! lines of an article move from its flow onto the pages, and a page's lines go once its
//! content is written (compressed).
//!
//! Figures show their picture when the images stage embedded it (it is among the
//! [`RenderContext::images`]), and their alternative text otherwise; pictures inside the text
//! stay alternative text.

mod draw;
mod finish;
mod font;
pub(crate) mod fonts;
mod front;
mod hyphenate;
mod images;
mod knuth_plass;
mod layout;
mod lines;
mod paginate;
mod style;
mod xmp;

use std::path::PathBuf;

use printpdf::{PdfDocument, PdfDocumentInfo, PdfPage, PdfSaveOptions, Pt, Rect};

use crate::backend::{Backend, BackendError, Contents, Locale, RenderContext, Rendered};
use crate::document::{Book, Document, Metadata};
use crate::limits::{check_range, OptionError, FONT_SIZE_PT, MARGIN_MM};

use crate::fonts::machine::MachineFontSources;
use fonts::FontSet;
use images::PdfImage;
use layout::{Geometry, Pictures};
use paginate::{Furniture, OutlineEntry, Page, Paginator};

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

/// Paper sizes, upright (see [`PdfOptions::landscape`]).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Paper {
    /// ISO A3, 297 × 420 mm.
    A3,
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// ISO A5, 148 × 210 mm (a book-sized page).
    A5,
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// US Legal, 8.5 × 14 in.
    Legal,
    /// Any size, width × height in millimetres (`WxHmm`: `120x190mm`).
    Custom {
        /// Width in millimetres.
        width_mm: f32,
        /// Height in millimetres.
        height_mm: f32,
    },
}

/// The smallest and largest side of a custom paper size, in millimetres (a playing card to a
/// poster; the PDF format itself stops at 5 m).
const PAPER_SIDE_MM: std::ops::RangeInclusive<f32> = 50.0..=1200.0;

impl Paper {
    /// Width and height in millimetres.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A3 => (297.0, 420.0),
            Paper::A4 => (210.0, 297.0),
            Paper::A5 => (148.0, 210.0),
            Paper::Letter => (215.9, 279.4),
            Paper::Legal => (215.9, 355.6),
            Paper::Custom {
                width_mm,
                height_mm,
            } => (width_mm, height_mm),
        }
    }
}

impl std::fmt::Display for Paper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Paper::A3 => f.write_str("a3"),
            Paper::A4 => f.write_str("a4"),
            Paper::A5 => f.write_str("a5"),
            Paper::Letter => f.write_str("letter"),
            Paper::Legal => f.write_str("legal"),
            Paper::Custom {
                width_mm,
                height_mm,
            } => write!(f, "{width_mm}x{height_mm}mm"),
        }
    }
}

impl std::str::FromStr for Paper {
    type Err = String;

    /// `a3`, `a4`, `a5`, `letter`, `legal` (any case), or `WxHmm` such as `120x190mm`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim().to_ascii_lowercase();
        match text.as_str() {
            "a3" => return Ok(Paper::A3),
            "a4" => return Ok(Paper::A4),
            "a5" => return Ok(Paper::A5),
            "letter" => return Ok(Paper::Letter),
            "legal" => return Ok(Paper::Legal),
            _ => {}
        }
        let wrong = || {
            format!("{text:?} is not a paper size: a3, a4, a5, letter, legal or WxHmm (120x190mm)")
        };
        let (width, height) = text
            .strip_suffix("mm")
            .and_then(|size| size.split_once(['x', '×']))
            .ok_or_else(wrong)?;
        let side = |side: &str| side.trim().parse::<f32>().ok().filter(|s| s.is_finite());
        let (width_mm, height_mm) = side(width).zip(side(height)).ok_or_else(wrong)?;
        for side in [width_mm, height_mm] {
            if !PAPER_SIDE_MM.contains(&side) {
                return Err(format!(
                    "{text:?}: each side of the paper must be {} to {} mm",
                    PAPER_SIDE_MM.start(),
                    PAPER_SIDE_MM.end()
                ));
            }
        }
        Ok(Paper::Custom {
            width_mm,
            height_mm,
        })
    }
}

/// Options of the PDF backend.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Paper size.
    pub paper: Paper,
    /// Turn the paper sideways: its longer side across (default false).
    pub landscape: bool,
    /// Margin on every side, in millimetres. `None` (the default): 20 mm at the top and
    /// bottom, and side margins that keep lines to the print style's measure (`[page]
    /// measure_em`, about 65 characters), but never less than 20 mm.
    pub margin_mm: Option<f32>,
    /// Size of running text, in points (default 11); everything else scales with it.
    pub font_size_pt: f32,
    /// Paragraphs ragged right instead of justified (default false). Ragged text is still
    /// hyphenated in languages with patterns, but less eagerly: a hyphen has to save a
    /// clearly shorter line.
    pub ragged: bool,
    /// Folders of fonts to draw the characters no bundled font has (searched first).
    pub font_dirs: Vec<PathBuf>,
    /// Whether the machine's own fonts are searched for such characters too (default false,
    /// so the same input gives the same PDF on every machine; the command line turns it on).
    pub system_fonts: bool,
    /// A print style of one's own: TOML with any of the tables and keys of
    /// `styles/print.toml`, whose values replace the built-in ones (`--style FILE`).
    pub style: Option<String>,
    /// Whether the address of each link is printed in a note at the foot of the page, for
    /// readers of the paper copy (default true; the link stays clickable either way).
    pub link_notes: bool,
    /// The levels of the outline and the printed contents (none with a depth of 0), and
    /// whether a single article's contents are printed (a book of several articles opens
    /// with a title page and its contents).
    pub contents: Contents,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            paper: Paper::A4,
            landscape: false,
            margin_mm: None,
            font_size_pt: 11.0,
            ragged: false,
            font_dirs: Vec::new(),
            system_fonts: false,
            style: None,
            link_notes: true,
            contents: Contents::default(),
        }
    }
}

/// Writes books as PDF.
#[derive(Debug, Clone, Default)]
pub struct PdfBackend {
    /// How pages are set up.
    pub options: PdfOptions,
}

impl PdfBackend {
    /// A PDF backend with the given options.
    pub fn new(options: PdfOptions) -> Self {
        PdfBackend { options }
    }
}

impl Backend for PdfBackend {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn extension(&self) -> &'static str {
        "pdf"
    }

    fn media_type(&self) -> &'static str {
        "application/pdf"
    }

    fn shows_pictures(&self) -> bool {
        true
    }

    fn check(&self) -> Result<(), OptionError> {
        geometry(&self.options, None)?;
        print_style(&self.options).map(|_| ())
    }

    /// Renders the book; each figure whose picture is among the context's shows it, the
    /// others their alternative text.
    fn render(&self, context: &RenderContext<'_>) -> Result<Rendered, BackendError> {
        let language = context.book.language();
        let geometry =
            geometry(&self.options, language).map_err(|error| BackendError::new("pdf", error))?;
        render_book(context, &self.options, &geometry)
            .map_err(|message| BackendError::new("pdf", message))
    }
}

/// The margin at the top and bottom, and the least at the sides, without `--margin`.
const DEFAULT_MARGIN_MM: f32 = 20.0;

/// The smallest text area accepted, in multiples of the font size.
const MIN_COLUMNS_EM: f32 = 12.0;
const MIN_LINES_EM: f32 = 12.0;

/// Page geometry for the options and the book's language, or why they are out of range or
/// leave no room for text.
fn geometry(options: &PdfOptions, language: Option<&str>) -> Result<Geometry, OptionError> {
    let size = options.font_size_pt;
    let margin = options.margin_mm.unwrap_or(DEFAULT_MARGIN_MM);
    check_range("--font-size", size, &FONT_SIZE_PT, "pt")?;
    check_range("--margin", margin, &MARGIN_MM, "mm")?;
    for dir in &options.font_dirs {
        if !dir.is_dir() {
            return Err(OptionError::new(
                "--font-dir",
                dir.display(),
                "not a folder",
            ));
        }
    }
    let (mut width_mm, mut height_mm) = options.paper.size_mm();
    if options.landscape && width_mm < height_mm {
        std::mem::swap(&mut width_mm, &mut height_mm);
    }
    let page_width = width_mm * PT_PER_MM;
    let side_margin = match options.margin_mm {
        Some(margin) => margin * PT_PER_MM,
        None => {
            let page_style = print_style(options)?.page;
            let measured_in_characters = language.is_some_and(|tag| {
                let primary = tag
                    .split(['-', '_'])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                matches!(primary.as_str(), "zh" | "ja" | "ko")
            });
            let measure = if measured_in_characters {
                page_style.measure_em_cjk
            } else {
                page_style.measure_em
            } * size;
            ((page_width - measure) / 2.0).max(margin * PT_PER_MM)
        }
    };
    let geometry = Geometry {
        page_width,
        page_height: height_mm * PT_PER_MM,
        margin: margin * PT_PER_MM,
        side_margin,
        base_size: size,
    };
    let roomy = geometry.text_width() >= MIN_COLUMNS_EM * size
        && geometry.text_height() >= MIN_LINES_EM * size;
    if !roomy {
        return Err(OptionError::new(
            "--margin",
            margin,
            format!(
                "leaves too little room for {size} pt text on {} paper",
                options.paper
            ),
        ));
    }
    Ok(geometry)
}

/// Checks a print style of one's own (the text of a `--style` file): `Err` says what is wrong
/// with it, in one line.
pub fn check_print_style(overrides: &str) -> Result<(), String> {
    style::PrintStyle::with_overrides(overrides).map(|_| ())
}

/// The print style the options ask for: the built-in one, with `--style`'s values and
/// `--ragged` applied.
fn print_style(options: &PdfOptions) -> Result<style::PrintStyle, OptionError> {
    let mut print = match &options.style {
        Some(overrides) => {
            style::PrintStyle::with_overrides(overrides).map_err(|message| OptionError {
                option: "--style".to_string(),
                message,
            })?
        }
        None => style::print_style().clone(),
    };
    if options.ragged {
        print.text.justify = false;
    }
    Ok(print)
}

/// Renders the book, or says what went wrong. A picture that cannot be read is left out (its
/// figure shows the alternative text).
fn render_book(
    context: &RenderContext<'_>,
    options: &PdfOptions,
    geometry: &Geometry,
) -> Result<Rendered, String> {
    let (book, images) = (context.book, context.images);
    let fonts = &FontSet::new(MachineFontSources {
        dirs: options.font_dirs.clone(),
        system: options.system_fonts,
    })?;
    let style = &print_style(options).map_err(|error| error.to_string())?;
    let placeholder;
    let articles: &[Document] = if book.articles.is_empty() {
        placeholder = [title_only(book.display_title())];
        &placeholder
    } else {
        &book.articles
    };

    let pictures: Vec<Option<PdfImage>> = images
        .iter()
        .map(|image| PdfImage::from_embedded(image).ok())
        .collect();
    let drawable: Vec<bool> = pictures.iter().map(Option::is_some).collect();
    let mut paginator = Paginator::new(geometry, style);
    for (index, article) in articles.iter().enumerate() {
        let article_pictures = Pictures {
            article: index,
            images,
            drawable: &drawable,
        };
        fonts.set_language(article.meta.language.as_deref());
        let flow = layout::article_flow_with(
            article,
            article_pictures,
            fonts,
            style,
            geometry,
            options.link_notes,
        );
        paginator.add_article(index, flow);
    }
    let (body, mut outline) = paginator.finish();
    fonts.set_language(book.language());
    let sources = front::Sources {
        book,
        articles,
        outline: &outline,
        contents: options.contents,
    };
    let front = front::front_matter(&sources, fonts, style, geometry);
    let front_pages = front.pages.len();
    for entry in &mut outline {
        entry.page += front_pages;
    }
    if let Some(page) = front.contents {
        let contents = OutlineEntry {
            level: 0,
            title: Locale::for_language(book.language()).contents.to_string(),
            page,
            top: geometry.page_height - geometry.margin,
        };
        outline.insert(0, contents);
    }
    // Outline level 0 is an article, 1 its `h2` sections, and so on.
    outline.retain(|entry| entry.level < options.contents.levels());
    let mut pages = front.pages;
    pages.extend(body);
    let furniture: Vec<Furniture<'_>> = articles
        .iter()
        .map(|article| Furniture {
            title: article.display_title(),
            source: article.meta.source_url.as_deref(),
            language: article.meta.language.as_deref(),
        })
        .collect();
    let front_furniture = Furniture {
        title: book.display_title(),
        source: None,
        language: book.language(),
    };
    paginate::add_furniture(
        &mut pages,
        &furniture,
        front_furniture,
        geometry,
        style,
        fonts,
    );

    let mut doc = PdfDocument::new(book.display_title());
    let created = context.built_at;
    doc.metadata.info = document_info(book, created)?;
    let font_ids = draw::register_fonts(&mut doc, &pages, fonts);
    let usage = draw::GlyphUsage::of_pages(&pages, &font_ids, fonts);
    let drawn = drawn_pictures(&pages, &pictures);
    let id = file_id(book, &pages, created);
    // printpdf gets the pages' links, and on the first page the glyphs the book uses; the
    // pages' content is written below.
    let size = Rect::from_wh(Pt(geometry.page_width), Pt(geometry.page_height));
    let pdf_pages = pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            let mut ops = if index == 0 {
                usage.operations()
            } else {
                Vec::new()
            };
            ops.extend(draw::link_annotations(page));
            PdfPage {
                media_box: size.clone(),
                trim_box: size.clone(),
                crop_box: size.clone(),
                ops,
            }
        })
        .collect();
    doc.with_pages(pdf_pages);
    let metadata = xmp::packet(&xmp_fields(book, &doc.metadata.info, created));
    let mut lopdf_doc = to_lopdf(doc);
    let encodings = draw::Encodings::read(&lopdf_doc, &usage, &font_ids, fonts)?;
    // Each page's lines go as soon as its content is written.
    let page_ids: Vec<lopdf::ObjectId> = lopdf_doc.get_pages().into_values().collect();
    for (page, page_id) in pages.into_iter().zip(page_ids) {
        let content = draw::page_content(&page, &font_ids, &encodings);
        finish::set_page_content(&mut lopdf_doc, page_id, content)?;
    }
    let bytes = save(lopdf_doc, &outline, &drawn, metadata, book, id)?;
    Ok(Rendered {
        bytes,
        warnings: missing_characters_warning(articles, &fonts.missing())
            .into_iter()
            .collect(),
    })
}

/// One line saying how many characters of the book no font has (drawn as U+FFFD), by script:
/// "1766 characters have no font … : 1766 Hangul". `None` when none is missing.
fn missing_characters_warning(articles: &[Document], missing: &[char]) -> Option<String> {
    use unicode_script::UnicodeScript;
    if missing.is_empty() {
        return None;
    }
    let mut counts: std::collections::BTreeMap<char, usize> =
        missing.iter().map(|&c| (c, 0)).collect();
    let mut count = |text: &str| {
        for c in text.chars() {
            if let Some(n) = counts.get_mut(&c) {
                *n += 1;
            }
        }
    };
    for article in articles {
        let meta = &article.meta;
        count(article.display_title());
        meta.authors.iter().for_each(|name| count(name));
        for text in [&meta.site_name, &meta.section, &meta.published]
            .into_iter()
            .flatten()
        {
            count(text);
        }
        article
            .blocks
            .iter()
            .for_each(|block| block.for_each_text(&mut count));
    }
    // A character met only in what the book adds (a page number's words) counts once.
    let mut by_script: Vec<(&'static str, usize)> = Vec::new();
    for (c, n) in counts {
        // Punctuation and marks shared by scripts ("Common", "Inherited") are named as such.
        let script = match c.script() {
            unicode_script::Script::Common
            | unicode_script::Script::Inherited
            | unicode_script::Script::Unknown => "other",
            script => script.full_name(),
        };
        match by_script.iter_mut().find(|(name, _)| *name == script) {
            Some((_, total)) => *total += n.max(1),
            None => by_script.push((script, n.max(1))),
        }
    }
    by_script.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total: usize = by_script.iter().map(|(_, n)| n).sum();
    let scripts: Vec<String> = by_script
        .iter()
        .map(|(script, n)| format!("{n} {}", script.replace('_', " ")))
        .collect();
    Some(format!(
        "{total} characters have no font and are drawn as replacement marks: {}; \
         install a font for them or give one with --font-dir",
        scripts.join(", ")
    ))
}

/// The pictures drawn on some page, each once, with its index in the book.
fn drawn_pictures<'a>(
    pages: &[Page],
    pictures: &'a [Option<PdfImage>],
) -> Vec<(usize, &'a PdfImage)> {
    let used: std::collections::BTreeSet<usize> = pages
        .iter()
        .flat_map(|page| &page.images)
        .map(|image| image.image)
        .collect();
    used.into_iter()
        .filter_map(|index| Some((index, pictures.get(index)?.as_ref()?)))
        .collect()
}

/// The XMP fields, saying what the information dictionary `info` says.
fn xmp_fields(book: &Book, info: &PdfDocumentInfo, created: Timestamp) -> xmp::XmpFields {
    let mut keywords: Vec<String> = Vec::new();
    for section in book
        .articles
        .iter()
        .filter_map(|a| a.meta.section.as_deref())
    {
        if !keywords.iter().any(|k| k == section) {
            keywords.push(section.to_string());
        }
    }
    xmp::XmpFields {
        title: info.document_title.clone(),
        authors: book.authors().into_iter().map(str::to_string).collect(),
        description: info.subject.clone(),
        keywords,
        language: book.language().map(str::to_string),
        date: created.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        creator_tool: info.creator.clone(),
        producer: info.producer.clone(),
    }
}

/// An article with a title and nothing else, for a book without articles.
fn title_only(title: &str) -> Document {
    Document {
        meta: Metadata {
            title: title.to_string(),
            ..Metadata::default()
        },
        blocks: Vec::new(),
    }
}

/// When the book was made: now, or `SOURCE_DATE_EPOCH`.
type Timestamp = chrono::DateTime<chrono::Utc>;

/// Title, author, subject and dates of the document information dictionary.
fn document_info(book: &Book, created: Timestamp) -> Result<PdfDocumentInfo, String> {
    let timestamp = created.timestamp();
    let date = printpdf::DateTime::from_unix_timestamp(timestamp)
        .map_err(|err| format!("timestamp {timestamp}: {err}"))?;
    let subject = match book.articles.as_slice() {
        [only] => only.meta.description.clone().unwrap_or_default(),
        _ => String::new(),
    };
    Ok(PdfDocumentInfo {
        document_title: book.display_title().to_string(),
        author: book.authors().join(", "),
        subject,
        creator: "cleancopy".to_string(),
        producer: format!("cleancopy {} (printpdf)", env!("CARGO_PKG_VERSION")),
        creation_date: date,
        modification_date: date,
        metadata_date: date,
        ..PdfDocumentInfo::default()
    })
}

/// The object tree printpdf makes of the document.
fn to_lopdf(doc: PdfDocument) -> lopdf::Document {
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    doc.to_lopdf_document(&options, &mut Vec::new())
}

/// Serialises the document with its outline, pictures, XMP `metadata` and file identifier
/// `id`, compressed.
fn save(
    mut doc: lopdf::Document,
    outline: &[OutlineEntry],
    pictures: &[(usize, &PdfImage)],
    metadata: String,
    book: &Book,
    id: [u8; 16],
) -> Result<Vec<u8>, String> {
    finish::finish(&mut doc, outline, book.language(), id)?;
    finish::add_images(&mut doc, pictures)?;
    finish::add_metadata(&mut doc, metadata)?;
    finish::compress(&mut doc)?;
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .map_err(|err| format!("could not write the PDF: {err}"))?;
    Ok(bytes)
}

/// A file identifier derived from the content, so the same book gives the same file.
fn file_id(book: &Book, pages: &[Page], created: Timestamp) -> [u8; 16] {
    let timestamp = created.timestamp().to_le_bytes();
    let parts = || {
        let texts = pages
            .iter()
            .flat_map(|page| &page.lines)
            .flat_map(|line| &line.line.runs)
            .map(|run| run.run.text());
        [book.display_title().as_bytes(), timestamp.as_slice()]
            .into_iter()
            .map(<[u8]>::to_vec)
            .chain(texts.map(String::into_bytes))
    };
    let high = draw::fnv1a(1, parts());
    let low = draw::fnv1a(2, parts());
    let mut id = [0; 16];
    id[..8].copy_from_slice(&high.to_be_bytes());
    id[8..].copy_from_slice(&low.to_be_bytes());
    id
}

#[cfg(test)]
mod tests;
