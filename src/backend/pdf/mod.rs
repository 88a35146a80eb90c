//! The PDF backend: a printable PDF of a book of articles, set in embedded, subset fonts.
//!
//! The work happens in stages, one module each:
//!
//! 1. `style` reads the print style (`styles/print.toml`); `fonts` makes each render's font
//!    set from its options: the bundled faces, and what they lack from the `--font-dir`
//!    folders and the machine's fonts (`machine_fonts`); `font` shapes and measures text in
//!    one face;
//! 2. `layout` sets each article's title block and blocks into a flow of lines and pictures,
//!    breaking lines with `lines` at real glyph widths (`knuth_plass` chooses the breaks);
//! 3. `paginate` cuts the flows into pages (each article on a new page), prints the notes
//!    of each page's text at its foot, and adds page numbers and running headers;
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
mod hyphenate;
mod images;
mod knuth_plass;
mod layout;
mod lines;
mod machine_fonts;
mod paginate;
mod style;
mod xmp;

use std::path::PathBuf;

use printpdf::{PdfDocument, PdfDocumentInfo, PdfPage, PdfSaveOptions, Pt, Rect};

use crate::backend::{Backend, BackendError, RenderContext, Rendered};
use crate::document::{Book, Document, Metadata};
use crate::limits::{check_range, OptionError, FONT_SIZE_PT, MARGIN_MM};

use fonts::FontSet;
use images::PdfImage;
use layout::{Geometry, Pictures};
use machine_fonts::MachineFontSources;
use paginate::{Furniture, OutlineEntry, Page, Paginator};

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// ISO A5, 148 × 210 mm (a book-sized page).
    A5,
}

impl Paper {
    /// Width and height in millimetres.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
            Paper::A5 => (148.0, 210.0),
        }
    }
}

/// Options of the PDF backend.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Paper size.
    pub paper: Paper,
    /// Margin on every side, in millimetres (default 20).
    pub margin_mm: f32,
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
    /// Whether the address of each link is printed in a note at the foot of the page, for
    /// readers of the paper copy (default true; the link stays clickable either way).
    pub link_notes: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            paper: Paper::A4,
            margin_mm: 20.0,
            font_size_pt: 11.0,
            ragged: false,
            font_dirs: Vec::new(),
            system_fonts: false,
            link_notes: true,
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
        geometry(&self.options).map(|_| ())
    }

    /// Renders the book; each figure whose picture is among the context's shows it, the
    /// others their alternative text.
    fn render(&self, context: &RenderContext<'_>) -> Result<Rendered, BackendError> {
        let geometry = geometry(&self.options).map_err(|error| BackendError::new("pdf", error))?;
        render_book(context, &self.options, &geometry)
            .map(Rendered::clean)
            .map_err(|message| BackendError::new("pdf", message))
    }
}

/// The smallest text area accepted, in multiples of the font size.
const MIN_COLUMNS_EM: f32 = 12.0;
const MIN_LINES_EM: f32 = 12.0;

/// Page geometry for the options, or why they are out of range or leave no room for text.
fn geometry(options: &PdfOptions) -> Result<Geometry, OptionError> {
    let size = options.font_size_pt;
    let margin = options.margin_mm;
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
    let (width_mm, height_mm) = options.paper.size_mm();
    let geometry = Geometry {
        page_width: width_mm * PT_PER_MM,
        page_height: height_mm * PT_PER_MM,
        margin: margin * PT_PER_MM,
        base_size: size,
    };
    let roomy = geometry.text_width() >= MIN_COLUMNS_EM * size
        && geometry.text_height() >= MIN_LINES_EM * size;
    if !roomy {
        return Err(OptionError::new(
            "--margin",
            margin,
            format!(
                "leaves too little room for {size} pt text on {:?} paper",
                options.paper
            ),
        ));
    }
    Ok(geometry)
}

/// Renders the book, or says what went wrong. A picture that cannot be read is left out (its
/// figure shows the alternative text).
fn render_book(
    context: &RenderContext<'_>,
    options: &PdfOptions,
    geometry: &Geometry,
) -> Result<Vec<u8>, String> {
    let (book, images) = (context.book, context.images);
    let fonts = &FontSet::new(MachineFontSources {
        dirs: options.font_dirs.clone(),
        system: options.system_fonts,
    })?;
    let ragged_style;
    let style = if options.ragged {
        let mut ragged = style::print_style().clone();
        ragged.text.justify = false;
        ragged_style = ragged;
        &ragged_style
    } else {
        style::print_style()
    };
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
    let (mut pages, outline) = paginator.finish();
    let furniture: Vec<Furniture<'_>> = articles
        .iter()
        .map(|article| Furniture {
            title: article.display_title(),
            source: article.meta.source_url.as_deref(),
        })
        .collect();
    paginate::add_furniture(&mut pages, &furniture, geometry, style, fonts);

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
    save(lopdf_doc, &outline, &drawn, metadata, book, id)
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
