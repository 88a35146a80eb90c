//! The EPUB backend: an EPUB 3 book (with an NCX for older readers) that EPUBCheck passes clean
//! and Send to Kindle accepts.
//!
//! Packaging is done by `epub-builder`; the pages are written by [`xhtml`]; `repair` mends
//! what `epub-builder` gets wrong and makes the archive reproducible.
//!
//! # Compatibility rules kept here
//! Each rule names the test that enforces it (`tests/epub_kindle.rs` unless said otherwise).
//! - Every XHTML page (and the NCX) starts with an XML declaration of UTF-8 (Amazon reads pages
//!   without it as Latin-1). Tests: `chapter_pages_are_well_formed_and_declare_utf8` (here),
//!   `a_book_of_several_articles_keeps_spine_nav_and_ncx_in_one_order_with_valid_files`.
//! - `dc:language` is a real language code, never empty, "C" or "us": the first article
//!   language that is an ISO 639 code, else [`EpubOptions::default_language`] (if it is one),
//!   else `en`. Pages' `lang` attributes get the same check.
//!   Tests: `language_is_a_real_code_even_when_the_page_says_c_or_us`,
//!   `only_iso_639_languages_are_declared` (here).
//! - Every XHTML page, the nav included, declares its language with both `lang` and
//!   `xml:lang` (an article's own, else the book's); `repair` adds them to epub-builder's nav.
//!   Test: `every_page_the_nav_included_declares_its_language` (`tests/epub_details.rs`).
//! - Every page states the direction its lines run in (`dir` on `<html>`: the article's, the
//!   book's for the title and cover pages, where each article's entry runs its own way); code
//!   is always `dir="ltr"`. A book whose first article is right to left (Arabic, Hebrew, …)
//!   turns its pages right to left (`page-progression-direction="rtl"` on the spine). The
//!   stylesheet aligns by `start` and `end`, never a hard-coded left.
//!   Tests: `a_right_to_left_article_runs_right_to_left_in_the_epub`,
//!   `each_article_of_a_mixed_book_runs_its_own_way`,
//!   `the_stylesheet_aligns_by_the_start_of_the_line_not_the_left` (`tests/world_scripts.rs`).
//! - The NCX's `docTitle` is the book's title, its `dtb:uid` the package's unique identifier
//!   and its `dtb:depth` the real depth of its entries (an article, its headings nested by
//!   level); `repair` completes what epub-builder's fixed template leaves out.
//!   Test: `the_ncx_names_the_book_with_the_package_identifier_and_its_real_depth`
//!   (`tests/epub_details.rs`).
//! - Each id in `content.opf` is unique (epub-builder 0.8.3 gives the language and the first
//!   author the same id; `repair` renames the language's).
//!   Test: `opf_declares_language_author_source_and_unique_ids` (here).
//! - `mimetype` is the archive's first entry, stored uncompressed; the NCX is beside the nav
//!   (`OEBPS/toc.ncx`, `OEBPS/nav.xhtml`); spine order is the order of the nav and of the NCX;
//!   no link targets a `<body>` id (every fragment names an element inside the page); every
//!   file's extension, media type and bytes agree.
//!   Test: `a_book_of_several_articles_keeps_spine_nav_and_ncx_in_one_order_with_valid_files`.
//! - No article page is larger than [`split::MAX_PAGE_BYTES`] (250 KB; some reading systems
//!   open at most 260–300 KB per file) unless one block alone is: a longer article is cut
//!   into several files in spine order, before a heading when it can, and the table of
//!   contents and links to ids name the file their target is in.
//!   Test: `a_long_article_is_split_into_files_under_250_kb_that_keep_its_order_and_links`
//!   (`tests/epub_details.rs`).
//! - No script, form, iframe, object, SVG, style element or attribute, event attribute
//!   (`on*=`) or `javascript:` link is ever written: the writer only knows the document model's
//!   elements. Only absolute `http`, `https` and `mailto` links are written; a relative link
//!   would point at a file the book does not have.
//!   Test: `a_hostile_page_leaves_no_script_form_iframe_event_attribute_or_empty_image`.
//! - Images come only from [`EmbeddedImage`]s (made by `crate::images`): JPEG or PNG, stored
//!   uncompressed in the archive. No `<img>` is written without a `src` in the book and an
//!   `alt`. Tests: the hostile page above, and `tests/epub_images.rs`.
//! - A cover image, when there is one, is marked both ways (EPUB 3 `properties="cover-image"`
//!   and the EPUB 2 `<meta name="cover">` Kindle reads) and has a cover page first in the spine.
//!   The cover is the first article's lead picture, else its first picture, that has at
//!   least [`MIN_COVER_SIDE`] pixels on its long side and a book-like shape
//!   ([`COVER_ASPECT`]: no banner). Without one, a cover is drawn ([`cover`]), except when
//!   pictures are left out (`--no-images`) or when the bundled faces can draw none of its
//!   text; a line they cannot draw whole (a Korean title) is left out, never drawn with gaps.
//!   Test: `a_drawn_cover_leaves_out_a_title_it_cannot_draw` (`tests/world_scripts.rs`). Tests (`tests/epub_images.rs`):
//!   `the_lead_picture_is_the_cover_marked_both_ways_with_a_cover_page_first`,
//!   `a_book_without_a_cover_picture_gets_a_drawn_cover`,
//!   `a_banner_is_passed_over_for_a_book_shaped_cover` (`tests/picture_choices.rs`).
//! - The bundled stylesheet has no positioning (`position:`), no viewport units (`vw`, `vh`),
//!   no fixed font sizes or widths: Kindle ignores or mangles them, and the reader's own font
//!   and size must win. Test: `the_bundled_stylesheet_has_no_positioning_viewport_units_or_fixed_sizes`.
//! - A user stylesheet ([`EpubOptions::extra_css`], `--css FILE`) is appended to the bundled
//!   one in the book's single `stylesheet.css`, which every page links, so its rules win. It is
//!   stored as given, not checked: rules Kindle does not support (positioning, viewport units)
//!   are the user's choice and are ignored by the reader.
//!   Test: `a_user_stylesheet_comes_after_the_bundled_one_and_a_missing_one_stops_the_run`.
//! - The book stays under [`EpubOptions::max_book_bytes`] (50 MB, the Send to Kindle limit),
//!   which is the backend's [`Backend::max_output_bytes`]: when the pictures would make the
//!   book larger, the pipeline (`crate::convert`) scales them down, all by one factor, until
//!   it fits, with a warning. A cover picture stays the cover when it is scaled down.
//!   Test: `a_book_over_the_size_limit_has_its_pictures_scaled_down_until_it_fits`.
//! - The output file is named after the article's title by default (`crate::output::slug`).
//!   Test: `default_output_is_named_after_the_title` (`tests/cli.rs`).

pub mod cover;
mod repair;
pub mod split;
pub mod xhtml;

use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, TocElement, ZipLibrary,
};

use super::{Backend, BackendError, Contents, Locale, RenderContext, Rendered};
use crate::document::{Book, Direction, Document, EmbeddedImage};
use crate::fonts::machine::MachineFontSources;

/// The smallest long side, in pixels, of an image used as the cover.
pub const MIN_COVER_SIDE: u32 = 500;

/// The shapes (width / height) of a picture that can be the cover: from a tall 1:2 portrait
/// to a 1.6:1 landscape, so portraits, squares and 4:3 and 3:2 photos pass. On a 3:4 e-reader
/// screen a 3:2 picture still fills half the page; a 16:9 still, a 1.91:1 social-media card or
/// a banner would leave most of the cover blank, and the book gets a drawn cover instead.
pub const COVER_ASPECT: std::ops::RangeInclusive<f64> = 0.5..=1.6;

/// The EPUB stylesheet, embedded at build time.
const STYLESHEET: &str = include_str!("../../../styles/epub.css");

/// Amazon's limit on a book sent to a Kindle: the book's size the images are fitted under.
pub const MAX_BOOK_BYTES: usize = 50_000_000;

/// Options of the EPUB backend.
#[derive(Debug, Clone)]
pub struct EpubOptions {
    /// The language declared when no article states one (a BCP 47 tag).
    pub default_language: String,
    /// Draw a cover (see [`cover`]) when no picture of the book can be the cover.
    pub generate_cover: bool,
    /// No cover at all, neither a picture of the book nor a drawn one (`--no-cover`).
    pub no_cover: bool,
    /// The cover to use instead of the book's pictures and the drawn one (`--cover`): a
    /// JPEG or PNG picture stored under `images/` (not one of the book's file names).
    pub cover_image: Option<EmbeddedImage>,
    /// A stylesheet appended to the bundled one, so its rules win (`--css`).
    pub extra_css: Option<String>,
    /// The levels of the nav and NCX, and whether a contents page follows the title page.
    pub contents: Contents,
    /// The largest book, in bytes: pictures are scaled down further until the book fits.
    pub max_book_bytes: usize,
    /// Where the drawn cover looks for fonts with the letters of a line no bundled face has (a
    /// Chinese, Japanese or Korean title). By default nowhere, so a book gets the same cover
    /// on every machine; the command line adds the machine's fonts and `--font-dir` folders.
    pub cover_fonts: MachineFontSources,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            default_language: "en".to_string(),
            generate_cover: true,
            no_cover: false,
            cover_image: None,
            extra_css: None,
            contents: Contents::default(),
            max_book_bytes: MAX_BOOK_BYTES,
            cover_fonts: MachineFontSources::default(),
        }
    }
}

/// Writes books as EPUB 3.
#[derive(Debug, Clone, Default)]
pub struct EpubBackend {
    /// How books are written.
    pub options: EpubOptions,
}

impl EpubBackend {
    /// An EPUB backend with the given options.
    pub fn new(options: EpubOptions) -> Self {
        EpubBackend { options }
    }
}

impl Backend for EpubBackend {
    fn name(&self) -> &'static str {
        "epub"
    }

    fn extension(&self) -> &'static str {
        "epub"
    }

    fn media_type(&self) -> &'static str {
        "application/epub+zip"
    }

    fn shows_pictures(&self) -> bool {
        true
    }

    fn max_output_bytes(&self) -> Option<usize> {
        Some(self.options.max_book_bytes)
    }

    /// Renders the book with its pictures: each figure whose image is among the context's
    /// shows it, and (unless [`EpubOptions::no_cover`], or [`EpubOptions::cover_image`] is
    /// given) the first article's lead image (else its first picture) becomes the cover when it is at least [`MIN_COVER_SIDE`] pixels on its long side and book-shaped
    /// ([`COVER_ASPECT`]); otherwise a cover is drawn when [`EpubOptions::generate_cover`]
    /// is set.
    fn render(&self, context: &RenderContext<'_>) -> Result<Rendered, BackendError> {
        let error = |e: &dyn std::fmt::Display| BackendError::new("epub", e.to_string());
        let (book, images) = (context.book, context.images);
        let options = &self.options;
        let generated = match (&options.cover_image, cover_image(book, images)) {
            _ if options.no_cover => None,
            (Some(given), _) => Some(given.clone()),
            (None, None) if options.generate_cover => {
                cover::generate(book, &options.cover_fonts).map_err(|e| error(&e))?
            }
            _ => None,
        };
        let cover = generated.as_ref().or_else(|| {
            (!options.no_cover)
                .then(|| cover_image(book, images).and_then(|index| images.get(index)))
                .flatten()
        });
        let language = book_language(book, &self.options);
        let title = xhtml::xml_chars(book.display_title());
        let package = repair::Package {
            title: &title,
            identifier: book_identifier(book),
            language: &language,
        };
        let built = build(context, cover, &self.options, &package).map_err(|e| error(&e))?;
        let mut stored: Vec<&EmbeddedImage> = images.iter().collect();
        stored.extend(generated.as_ref());
        let bytes =
            repair::repair(&built, &stored, context.built_at, &package).map_err(|e| error(&e))?;
        Ok(Rendered::clean(bytes))
    }
}

/// The book's language: the first article language that is an ISO 639 code, else the
/// default language (if it is one), else `en`.
fn book_language(book: &Book, options: &EpubOptions) -> String {
    book.articles
        .iter()
        .find_map(|article| article.meta.language.as_deref().and_then(known_language))
        .or_else(|| known_language(&options.default_language))
        .unwrap_or("en")
        .to_string()
}

/// Builds the book with epub-builder.
fn build(
    context: &RenderContext<'_>,
    cover: Option<&EmbeddedImage>,
    options: &EpubOptions,
    package: &repair::Package<'_>,
) -> epub_builder::Result<Vec<u8>> {
    let (book, images) = (context.book, context.images);
    let (title, language) = (package.title, package.language);
    let mut builder = EpubBuilder::new(ZipLibrary::new()?)?;
    builder.epub_version(EpubVersion::V30);
    builder.set_title(title);
    builder.set_languages(vec![language.to_string()]);
    builder.set_generator(concat!("cleancopy ", env!("CARGO_PKG_VERSION")));
    let locale = Locale::for_language(Some(language));
    builder.set_toc_name(locale.contents);
    builder.set_authors(book.authors().into_iter().map(xhtml::xml_chars).collect());
    builder.set_uuid(package.identifier);
    builder.set_modified_date(context.built_at);
    add_optional_metadata(&mut builder, book);
    builder.stylesheet(stylesheet(options).as_bytes())?;
    add_images(
        &mut builder,
        images,
        cover,
        title,
        language,
        book.direction(),
    )?;

    let direction = book.direction();
    if direction == Direction::RightToLeft {
        // The spine's `page-progression-direction` (`epub_direction` sets a field the
        // package template does not read).
        builder.metadata("direction", direction.html())?;
    }
    let articles: Vec<&Document> = book.articles.iter().collect();
    let title_page = xhtml::page(
        title,
        language,
        direction,
        &xhtml::title_page_body(title, &articles),
    );
    builder.add_content(
        EpubContent::new("title.xhtml", title_page.as_bytes())
            .title(locale.title_page)
            .reftype(ReferenceType::TitlePage),
    )?;
    if options.contents.printed {
        builder.inline_toc();
    }
    for (index, article) in book.articles.iter().enumerate() {
        let image_file = |src: &str| {
            images
                .iter()
                .find(|image| image.serves(index, src))
                .map(|image| image.file_name.clone())
        };
        add_article(
            &mut builder,
            (index, article),
            language,
            &options.contents,
            &image_file,
        )?;
    }
    let mut bytes = Vec::new();
    builder.generate(&mut bytes)?;
    Ok(bytes)
}

/// One chapter per article, its headings nested under it in the table of contents; a long
/// article is cut into several pages (see [`split`]).
fn add_article(
    builder: &mut EpubBuilder<ZipLibrary>,
    (index, article): (usize, &Document),
    book_language: &str,
    contents: &Contents,
    image_file: &dyn Fn(&str) -> Option<String>,
) -> epub_builder::Result<()> {
    let language = article
        .meta
        .language
        .as_deref()
        .and_then(known_language)
        .unwrap_or(book_language);
    let title = article.display_title();
    let parts = xhtml::article_parts(article, image_file);
    let direction = article.direction();
    let wrapper = xhtml::page(title, language, direction, "").len();
    let paged = split::paginate(
        &parts,
        &format!("article-{}", index + 1),
        split::MAX_PAGE_BYTES.saturating_sub(wrapper),
    );
    for (page, (file, body)) in paged.pages.iter().enumerate() {
        let xhtml = xhtml::page(title, language, direction, body);
        let mut content = EpubContent::new(file.as_str(), xhtml.as_bytes());
        if page == 0 {
            content = content
                .title(xhtml::xml_chars(title))
                .reftype(ReferenceType::Text);
            // A heading nests under the last one of a higher level before it (an h3 under
            // its h2).
            let listed = parts.headings.iter();
            for heading in listed.filter(|heading| contents.lists_heading(heading.level)) {
                content.toc.add(
                    TocElement::new(
                        format!("{}#{}", paged.file_of(&heading.id), heading.id),
                        xhtml::xml_chars(&heading.title),
                    )
                    .level(i32::from(heading.level)),
                );
            }
        }
        builder.add_content(content)?;
    }
    Ok(())
}

/// Stores every image (the cover marked as such) and, when there is a cover, its page: the
/// first in the spine.
fn add_images(
    builder: &mut EpubBuilder<ZipLibrary>,
    images: &[EmbeddedImage],
    cover: Option<&EmbeddedImage>,
    title: &str,
    language: &str,
    direction: Direction,
) -> epub_builder::Result<()> {
    // Empty here: `repair` writes the bytes, stored rather than deflated.
    let bytes: &[u8] = &[];
    let is_cover = |image: &EmbeddedImage| cover.is_some_and(|cover| std::ptr::eq(cover, image));
    for image in images.iter().filter(|image| !is_cover(image)) {
        builder.add_resource(&image.file_name, bytes, image.media_type.as_str())?;
    }
    if let Some(cover) = cover {
        builder.add_cover_image(&cover.file_name, bytes, cover.media_type.as_str())?;
    }
    if let Some(cover) = cover {
        let body = format!(
            "<section class=\"cover\" epub:type=\"cover\">\n{}\n</section>\n",
            xhtml::image_tag(&cover.file_name, title)
        );
        let page = xhtml::page(title, language, direction, &body);
        builder.add_content(
            EpubContent::new("cover.xhtml", page.as_bytes())
                .title(Locale::for_language(Some(language)).cover)
                .reftype(ReferenceType::Cover),
        )?;
    }
    Ok(())
}

/// The book's stylesheet: the bundled one, then the user's (`--css`), whose rules thus win.
fn stylesheet(options: &EpubOptions) -> String {
    match &options.extra_css {
        Some(extra) => format!("{STYLESHEET}\n/* Added with --css */\n{extra}\n"),
        None => STYLESHEET.to_string(),
    }
}

/// The cover: the index in `images` of the first article's lead image, else of its first
/// picture in the book, that the images stage made large enough to fill a screen (a picture
/// a size limit scaled down further stays the cover) and that has a book-like shape
/// ([`COVER_ASPECT`]): a banner is passed over for the next picture.
fn cover_image(book: &Book, images: &[EmbeddedImage]) -> Option<usize> {
    let first = book.articles.first()?;
    let lead = first
        .meta
        .lead_image
        .as_ref()
        .map(|image| image.src.as_str());
    let figures = first.blocks.iter().filter_map(|block| match block {
        crate::document::Block::Figure { image, .. } => Some(image.src.as_str()),
        _ => None,
    });
    lead.into_iter()
        .chain(figures)
        .filter_map(|src| images.iter().position(|image| image.serves(0, src)))
        .find(|&index| {
            let image = &images[index];
            let aspect = f64::from(image.width) / f64::from(image.height.max(1));
            image.cover_side() >= MIN_COVER_SIDE && COVER_ASPECT.contains(&aspect)
        })
}

/// The two-letter language codes of ISO 639-1, the ones a `dc:language` may start with.
const ISO_639_1: &str =
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv \
cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr \
ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw \
ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv \
ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr \
ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi \
yo za zh zu";

/// `tag` when it is a language tag an e-reader knows: a primary subtag that is an ISO 639-1
/// code or a three-letter ISO 639-2/3 code (not `und`, `mul`, `zxx` or `mis`). Pages say
/// `lang="C"` or `lang="us"` (a locale, a country), which Kindle rejects.
fn known_language(tag: &str) -> Option<&str> {
    let primary = tag.split('-').next()?;
    let known = match primary.len() {
        2 => ISO_639_1.split(' ').any(|code| code == primary),
        3 => {
            primary.chars().all(|c| c.is_ascii_lowercase())
                && !matches!(primary, "und" | "mul" | "zxx" | "mis")
        }
        _ => false,
    };
    known.then_some(tag)
}

/// Description, subjects, publication date, publisher and source: what the articles state.
fn add_optional_metadata(builder: &mut EpubBuilder<ZipLibrary>, book: &Book) {
    if let [article] = book.articles.as_slice() {
        let meta = &article.meta;
        if let Some(description) = &meta.description {
            builder.add_description(xhtml::xml_chars(description));
        }
        if let Some(date) = meta.published.as_deref().and_then(parse_date) {
            builder.set_publication_date(date);
        }
        if let Some(site) = &meta.site_name {
            builder.add_metadata_opf(dcterms("publisher", site));
        }
    }
    for article in &book.articles {
        if let Some(section) = &article.meta.section {
            builder.add_subject(xhtml::xml_chars(section));
        }
        if let Some(url) = &article.meta.source_url {
            builder.add_metadata_opf(dcterms("source", url));
        }
    }
}

/// A `dcterms:` property epub-builder has no setter for (`dcterms:source`,
/// `dcterms:publisher`). epub-builder writes the value as given, so it is escaped here.
fn dcterms(property: &str, value: &str) -> Box<MetadataOpfV3> {
    Box::new(MetadataOpfV3::new(
        format!("dcterms:{property}"),
        xhtml::text(value),
    ))
}

/// Reads `YYYY-MM-DD` or a full RFC 3339 timestamp.
fn parse_date(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if let Ok(full) = chrono::DateTime::parse_from_rfc3339(text.trim()) {
        return Some(full.with_timezone(&chrono::Utc));
    }
    let date = chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

/// A stable identifier: the same articles always make a book with the same identifier.
fn book_identifier(book: &Book) -> uuid::Uuid {
    let mut key = String::new();
    for article in &book.articles {
        key.push_str(article.meta.source_url.as_deref().unwrap_or_default());
        key.push('\u{1f}');
        key.push_str(article.display_title());
        key.push('\u{1f}');
        for block in &article.blocks {
            block.for_each_text(&mut |text| key.push_str(text));
        }
        key.push('\u{1e}');
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Metadata};

    fn sample_book() -> Book {
        Book::single(Document {
            meta: Metadata {
                title: "A <Test> & Title".into(),
                authors: vec!["Ana Silva".into()],
                language: Some("pt-BR".into()),
                source_url: Some("https://example.org/a".into()),
                published: Some("2024-03-03".into()),
                ..Metadata::default()
            },
            blocks: vec![Block::paragraph("Olá, mundo.")],
        })
    }

    fn render(backend: &EpubBackend, book: &Book) -> Vec<u8> {
        backend.render(&RenderContext::new(book)).unwrap().bytes
    }

    fn entry(epub: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
        let mut file = archive.by_name(name).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).unwrap();
        text
    }

    #[test]
    fn opf_declares_language_author_source_and_unique_ids() {
        let epub = render(&EpubBackend::default(), &sample_book());
        let opf = entry(&epub, "OEBPS/content.opf");
        assert!(opf.contains(">pt-BR</dc:language>"), "{opf}");
        assert!(opf.contains(">Ana Silva</dc:creator>"));
        assert!(opf.contains("property=\"dcterms:source\">https://example.org/a</meta>"));
        let doc = roxmltree::Document::parse(&opf).unwrap();
        let ids: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            ids.len(),
            unique.len(),
            "duplicate ids in content.opf: {ids:?}"
        );
    }

    #[test]
    fn only_iso_639_languages_are_declared() {
        for good in ["en", "pt-BR", "de-DE", "haw", "zh-Hant-TW"] {
            assert_eq!(known_language(good), Some(good));
        }
        for bad in ["C", "us", "", "und", "xx", "english", "EN"] {
            assert_eq!(known_language(bad), None, "{bad}");
        }
        let mut book = sample_book();
        book.articles[0].meta.language = Some("us".into());
        let options = EpubOptions {
            default_language: "C".into(),
            ..EpubOptions::default()
        };
        let epub = render(&EpubBackend::new(options), &book);
        assert!(entry(&epub, "OEBPS/content.opf").contains(">en</dc:language>"));
        assert!(entry(&epub, "OEBPS/article-1.xhtml").contains("lang=\"en\""));
    }

    #[test]
    fn language_falls_back_to_the_default() {
        let mut book = sample_book();
        book.articles[0].meta.language = None;
        let epub = render(&EpubBackend::default(), &book);
        assert!(entry(&epub, "OEBPS/content.opf").contains(">en</dc:language>"));
    }

    #[test]
    fn same_book_gives_the_same_identifier() {
        assert_eq!(
            book_identifier(&sample_book()),
            book_identifier(&sample_book())
        );
        let mut other = sample_book();
        other.articles[0].meta.title = "Another".into();
        assert_ne!(book_identifier(&sample_book()), book_identifier(&other));
    }

    #[test]
    fn chapter_pages_are_well_formed_and_declare_utf8() {
        let epub = render(&EpubBackend::default(), &sample_book());
        for name in ["OEBPS/title.xhtml", "OEBPS/article-1.xhtml"] {
            let page = entry(&epub, name);
            assert!(page.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
            roxmltree::Document::parse_with_options(
                &page,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                },
            )
            .unwrap();
        }
    }
}
