//! The generated cover: a picture of the book's title, author, site and date, for books whose
//! articles have no picture large enough to be the cover.
//!
//! The text is set in the bundled body font (Libertinus Serif, see [`crate::fonts`]), drawn
//! with `ab_glyph` on a portrait page of [`WIDTH`] × [`HEIGHT`] pixels (the 3:4 shape of
//! e-reader screens) and stored as a PNG. The page is drawn in indexed colour: every pixel is
//! the paper or one of three inks at one of `LEVELS` strengths (the letters' smoothed edges),
//! which takes a third of the memory of RGB and encodes three times faster, for the same
//! picture. Nothing depends on the clock or
//! the machine, so the same book always gets the same bytes.
//!
//! Each line is set in the first bundled face that has every one of its letters (the serif,
//! else DejaVu Sans, which has more scripts), else in a machine font that has them all, found
//! the way the PDF backend finds its fonts ([`crate::fonts::machine`]: the folders the options
//! give, and the machine's fonts when they allow; Chinese characters in the forms of the
//! book's language). Machine fonts serve only scripts drawn a glyph per character (Chinese,
//! Japanese, Korean, and the alphabets around them), since the cover does not shape text. A
//! line no face can draw, or one written right to left (Arabic, Hebrew: the cover does not
//! reorder text), is left out rather than drawn with gaps. Without a
//! title the cover shows what it can (the site, the byline, the date); a book of which no
//! line can be drawn gets no drawn cover. The book's title in the metadata is unchanged.

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};
use image::Rgb;
use rustc_hash::FxHashMap as HashMap;

use unicode_script::{Script, UnicodeScript};

use crate::backend::Locale;
use crate::document::{Book, Direction, EmbeddedImage};
use crate::fonts::machine::{LoadedFace, MachineFontSources, MachineFonts};
use crate::fonts::{face_bytes, FaceId};

/// Width of the cover, in pixels.
pub const WIDTH: u32 = 1200;
/// Height of the cover, in pixels.
pub const HEIGHT: u32 = 1600;
/// The file the cover is stored as, inside the book's folder.
pub const FILE_NAME: &str = "images/cover.png";

/// Left and right margin.
const MARGIN: f32 = 110.0;
const PAPER: Rgb<u8> = Rgb([245, 242, 235]);
/// The inks, by [`Ink`].
const INKS: [Rgb<u8>; 3] = [Rgb([34, 34, 34]), Rgb([90, 90, 90]), Rgb([128, 38, 32])];
/// How many strengths of each ink the palette holds (the last is the full ink).
const LEVELS: u8 = 63;
// Paper and every strength of every ink fit in a PNG palette of 256 entries.
const _: () = assert!(INKS.len() * (LEVELS as usize) < 256);

/// The inks the cover is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ink {
    /// The title and byline.
    Text = 0,
    /// The site, the date and the bottom rule.
    Muted = 1,
    /// The rule under the site.
    Accent = 2,
}
/// The title's largest and smallest size, in pixels.
const TITLE_SIZES: (f32, f32) = (128.0, 56.0);
/// Where the title starts, and the height it may take (the byline and the date get the rest).
const TITLE_TOP: f32 = 300.0;
const TITLE_HEIGHT: f32 = 820.0;
/// Line spacing of the title, as a multiple of its size.
const TITLE_LEADING: f32 = 1.15;
/// The rule above the date.
const BOTTOM_RULE: f32 = HEIGHT as f32 - 250.0;
// The byline's first line (100 px under the title's last) fits above the bottom rule.
const _: () = assert!(TITLE_TOP + TITLE_HEIGHT + 100.0 < BOTTOM_RULE);

/// Why no cover could be drawn.
#[derive(Debug, thiserror::Error)]
pub enum CoverError {
    /// A bundled font is missing or unreadable.
    #[error("cannot load the cover font {0}")]
    Font(String),
    /// The PNG could not be encoded.
    #[error("cannot encode the cover: {0}")]
    Encode(#[from] png::EncodingError),
}

/// What the cover shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CoverText {
    /// The book's title.
    pub title: String,
    /// Authors, or how many articles the book collects.
    pub byline: Option<String>,
    /// The publication or site name.
    pub site: Option<String>,
    /// The publication date, as shown.
    pub date: Option<String>,
    /// The language of the book (BCP 47), which picks the forms of Chinese characters.
    pub language: Option<String>,
}

impl CoverText {
    /// The cover text of `book`: its title; the authors (or, for several articles, their
    /// count); and the site and date of a single article.
    pub fn of(book: &Book) -> CoverText {
        let authors = book.authors();
        let byline = match book.articles.len() {
            0 | 1 if authors.is_empty() => None,
            0 | 1 => Some(authors.join(", ")),
            count => Some(format!("{count} articles")),
        };
        let single = match book.articles.as_slice() {
            [article] => Some(&article.meta),
            _ => None,
        };
        CoverText {
            title: book.display_title().trim().to_string(),
            byline,
            site: single.and_then(|meta| meta.site_name.clone()),
            date: single.and_then(|meta| {
                let date = super::parse_date(meta.published.as_deref()?)?;
                // In the article's language when the cover can draw it, else in digits.
                Some(
                    Locale::of(meta)
                        .date(meta)
                        .filter(|shown| can_draw(shown))
                        .unwrap_or_else(|| date.format("%Y-%m-%d").to_string()),
                )
            }),
            language: book
                .articles
                .iter()
                .find_map(|article| article.meta.language.clone()),
        }
    }
}

/// Whether some bundled face the cover uses has every letter of `text`, written left to right.
fn can_draw(text: &str) -> bool {
    [FaceId::Regular, FaceId::Sans]
        .into_iter()
        .filter_map(|id| CoverFace::load(id).ok())
        .any(|face| face.draws(text))
}

/// Draws the cover of `book` as a PNG [`EmbeddedImage`] named [`FILE_NAME`], with machine
/// fonts from `fonts` for lines the bundled faces lack letters of; `None` when no face can
/// draw any of its text.
pub fn generate(
    book: &Book,
    fonts: &MachineFontSources,
) -> Result<Option<EmbeddedImage>, CoverError> {
    let Some(bytes) = draw(&CoverText::of(book), fonts)? else {
        return Ok(None);
    };
    Ok(Some(EmbeddedImage {
        sources: Vec::new(),
        file_name: FILE_NAME.to_string(),
        media_type: "image/png".to_string(),
        width: WIDTH,
        height: HEIGHT,
        prepared_long_side: WIDTH.max(HEIGHT),
        bytes,
    }))
}

/// Draws `text` and encodes the picture as PNG, with machine fonts from `fonts` for lines the
/// bundled faces lack letters of; `None` when no line of it can be drawn (see the module's
/// documentation).
pub fn draw(text: &CoverText, fonts: &MachineFontSources) -> Result<Option<Vec<u8>>, CoverError> {
    let regulars = [
        CoverFace::load(FaceId::Regular)?,
        CoverFace::load(FaceId::Sans)?,
    ];
    let bolds = [
        CoverFace::load(FaceId::Bold)?,
        CoverFace::load(FaceId::SansBold)?,
    ];
    let machine = MachineFonts::<CoverFont>::new(fonts.clone());
    machine.set_language(text.language.as_deref());
    // Each line with the face it is drawn in, or none when no face can draw it.
    let pick = |faces: &[CoverFace; 2], bold: bool, line: Option<&str>| {
        let line = line.map(str::trim).filter(|line| !line.is_empty())?;
        let face = match faces.iter().find(|face| face.draws(line)) {
            Some(face) => face.clone(),
            None => machine_face(&machine, bold, line)?,
        };
        Some((face, line.to_string()))
    };
    let site = pick(&regulars, false, text.site.as_deref());
    let title = pick(&bolds, true, Some(&text.title));
    let byline = pick(&regulars, false, text.byline.as_deref());
    let date = pick(&regulars, false, text.date.as_deref());
    if title.is_none() && site.is_none() && byline.is_none() && date.is_none() {
        return Ok(None);
    }
    let mut page = Page::blank();
    let width = WIDTH as f32 - 2.0 * MARGIN;

    // The site name over a rule, at the top.
    if let Some((face, site)) = &site {
        let line = fit_line(&face.font, 52.0, site, width);
        page.text(face, 52.0, MARGIN, 180.0, &line, Ink::Muted);
    }
    page.rect(MARGIN, 215.0, width, 8.0, Ink::Accent);

    // The title, as large as it fits; then the byline, in the room left above the bottom rule.
    let mut baseline = TITLE_TOP;
    let mut size = 0.0;
    if let Some((face, title)) = &title {
        let lines;
        (size, lines) = title_lines(&face.font, title, width);
        baseline += size;
        for line in &lines {
            page.text(face, size, MARGIN, baseline, line, Ink::Text);
            baseline += size * TITLE_LEADING;
        }
    }
    if let Some((face, byline)) = &byline {
        baseline += 100.0 - size * TITLE_LEADING;
        for line in wrap(&face.font, 56.0, byline, width) {
            // Descenders and a gap must stay clear of the rule.
            if baseline + 80.0 > BOTTOM_RULE {
                break;
            }
            page.text(face, 56.0, MARGIN, baseline, &line, Ink::Text);
            baseline += 66.0;
        }
    }

    // The date, at the bottom.
    page.rect(MARGIN, BOTTOM_RULE, width, 3.0, Ink::Muted);
    if let Some((face, date)) = &date {
        page.text(face, 48.0, MARGIN, BOTTOM_RULE + 90.0, date, Ink::Muted);
    }

    page.encode_png().map(Some)
}

/// The palette entry of `ink` at `level` (1 to [`LEVELS`]); entry 0 is the paper.
fn palette_index(ink: Ink, level: u8) -> u8 {
    1 + ink as u8 * LEVELS + (level - 1)
}

/// The PNG palette: the paper, then each ink from its faintest strength to full.
fn palette() -> Vec<u8> {
    let mut colors = PAPER.0.to_vec();
    for ink in INKS {
        for level in 1..=LEVELS {
            let strength = f32::from(level) / f32::from(LEVELS);
            colors.extend((0..3).map(|channel| {
                let (under, over) = (f32::from(PAPER[channel]), f32::from(ink[channel]));
                // Rounds to nearest: the blend lies between 0 and 255.
                (under + (over - under) * strength + 0.5) as u8
            }));
        }
    }
    colors
}

/// The face `line` is drawn in when no bundled face has all its letters: the first of the
/// machine faces that have one of those letters that has them all; `None` when there is
/// none, or the line is in a script that needs shaping.
fn machine_face(machine: &MachineFonts<CoverFont>, bold: bool, line: &str) -> Option<CoverFace> {
    if !line.chars().all(drawn_one_to_one) {
        return None;
    }
    let mut tried = Vec::new();
    for c in line
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
    {
        let Some(id @ FaceId::Machine(number)) = machine.face_for(c, bold) else {
            continue;
        };
        if tried.contains(&id) {
            continue;
        }
        tried.push(id);
        let face = CoverFace {
            id,
            font: machine.face(number)?.0.clone(),
        };
        if face.draws(line) {
            return Some(face);
        }
    }
    None
}

/// Whether `c` is of a script whose text is drawn a glyph per character, without shaping:
/// Chinese, Japanese and Korean, and the Latin, Greek and Cyrillic alphabets and common
/// signs written with them.
fn drawn_one_to_one(c: char) -> bool {
    matches!(
        c.script(),
        Script::Han
            | Script::Hiragana
            | Script::Katakana
            | Script::Hangul
            | Script::Bopomofo
            | Script::Common
            | Script::Latin
            | Script::Greek
            | Script::Cyrillic
    ) && !('\u{1100}'..='\u{11FF}').contains(&c)
}

/// A machine face as the cover draws it.
struct CoverFont(FontRef<'static>);

impl LoadedFace for CoverFont {
    fn load(bytes: &'static [u8], index: u32) -> Option<CoverFont> {
        FontRef::try_from_slice_and_index(bytes, index)
            .ok()
            .map(CoverFont)
    }

    fn has_char(&self, c: char) -> bool {
        self.0.glyph_id(c).0 != 0
    }
}

/// A face, parsed, with the id its drawn glyphs are remembered by (a bundled face, or one of
/// the machine faces of this cover).
#[derive(Clone)]
struct CoverFace {
    id: FaceId,
    font: FontRef<'static>,
}

impl CoverFace {
    /// Parses the bundled face `id`.
    fn load(id: FaceId) -> Result<CoverFace, CoverError> {
        let name = format!("{id:?}");
        let bytes = face_bytes(id).ok_or_else(|| CoverError::Font(name.clone()))?;
        let font = FontRef::try_from_slice(bytes).map_err(|_| CoverError::Font(name))?;
        Ok(CoverFace { id, font })
    }

    /// Whether the face has every letter of `text` and the text runs left to right (the
    /// cover neither shapes nor reorders). Spaces, controls and invisible characters need no
    /// glyph.
    fn draws(&self, text: &str) -> bool {
        Direction::of_text(text) != Some(Direction::RightToLeft)
            && text
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .filter(|c| !matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}'))
                .all(|c| self.font.glyph_id(c).0 != 0)
    }
}

/// The most lines of the title at `size` that fit in [`TITLE_HEIGHT`].
fn max_title_lines(size: f32) -> usize {
    (TITLE_HEIGHT / (size * TITLE_LEADING)).floor() as usize
}

/// The title's size and lines: the largest size at which it fits in [`TITLE_HEIGHT`]; at the
/// smallest size, the last line that fits ends in an ellipsis.
fn title_lines(font: &FontRef<'_>, title: &str, width: f32) -> (f32, Vec<String>) {
    let (largest, smallest) = TITLE_SIZES;
    let mut size = largest;
    loop {
        let mut lines = wrap(font, size, title, width);
        if lines.len() <= max_title_lines(size) {
            return (size, lines);
        }
        if size <= smallest {
            lines.truncate(max_title_lines(size));
            if let Some(last) = lines.last_mut() {
                *last = fit_line(font, size, &format!("{last} …"), width);
            }
            return (size, lines);
        }
        size = (size - 8.0).max(smallest);
    }
}

/// Breaks `text` into lines no wider than `width` at spaces; a word wider than a line is
/// broken between characters.
fn wrap(font: &FontRef<'_>, size: f32, text: &str, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(font, size, &candidate) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if measure(font, size, &line) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` on one line, cut and ended with an ellipsis when it is wider than `width`.
fn fit_line(font: &FontRef<'_>, size: f32, text: &str, width: f32) -> String {
    if measure(font, size, text) <= width {
        return text.to_string();
    }
    let mut cut: String = text.to_string();
    while !cut.is_empty() && measure(font, size, &format!("{cut}…")) > width {
        cut.pop();
    }
    format!("{}…", cut.trim_end())
}

/// The glyphs of `text` the font has (control characters and missing glyphs are skipped).
fn glyphs<'a>(font: &'a FontRef<'_>, text: &'a str) -> impl Iterator<Item = GlyphId> + 'a {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| font.glyph_id(c))
        .filter(|id| id.0 != 0)
}

/// The advance width of `text` at `size`, kerning included.
fn measure(font: &FontRef<'_>, size: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut previous = None;
    for id in glyphs(font, text) {
        if let Some(previous) = previous {
            width += scaled.kern(previous, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

/// The picture being drawn: one palette index per pixel, row by row.
struct Page {
    pixels: Vec<u8>,
    /// The glyphs drawn so far, each rasterised once however often it is set.
    masks: HashMap<MaskKey, Option<GlyphMask>>,
}

/// What a glyph's picture depends on: the face, the glyph, its size and where the baseline
/// falls within a pixel (glyphs start on whole pixels across, see [`Page::text`]). Sizes and
/// fractions are kept as their bits.
type MaskKey = (FaceId, GlyphId, u32, u32);

/// One glyph rasterised: the ink strength (0 to [`LEVELS`]) of each pixel of its box, row by
/// row, and where the box sits from the glyph's origin.
struct GlyphMask {
    left: i64,
    top: i64,
    width: usize,
    levels: Vec<u8>,
}

impl GlyphMask {
    /// Rasterises glyph `id` of `font` at `scale`, its origin at `(0, baseline_fraction)`;
    /// `None` for a glyph with no outline (a space).
    fn draw(
        font: &FontRef<'_>,
        id: GlyphId,
        scale: PxScale,
        baseline_fraction: f32,
    ) -> Option<Self> {
        let glyph = id.with_scale_and_position(scale, ab_glyph::point(0.0, baseline_fraction));
        let outlined = font.outline_glyph(glyph)?;
        let bounds = outlined.px_bounds();
        let width = bounds.width() as usize;
        let mut levels = vec![0; width * bounds.height() as usize];
        outlined.draw(|x, y, coverage| {
            if let Some(level) = levels.get_mut(y as usize * width + x as usize) {
                *level = coverage_level(coverage);
            }
        });
        Some(GlyphMask {
            left: bounds.min.x as i64,
            top: bounds.min.y as i64,
            width,
            levels,
        })
    }
}

/// The ink strength, 0 to [`LEVELS`], of a pixel `coverage` (0 to 1) of which is inked.
fn coverage_level(coverage: f32) -> u8 {
    // Rounds to the nearest level: adding a half and truncating is rounding for these
    // non-negative values, without a call to `roundf` for every pixel.
    (coverage.clamp(0.0, 1.0) * f32::from(LEVELS) + 0.5) as u8
}

impl Page {
    /// A page of bare paper.
    fn blank() -> Page {
        Page {
            pixels: vec![0; WIDTH as usize * HEIGHT as usize],
            masks: HashMap::default(),
        }
    }

    /// Inks the pixel at (`x`, `y`) with `ink` at `coverage` (0 to 1), over what is there: over
    /// the same ink the strengths add up as blending would; another ink is covered.
    #[cfg(test)]
    fn ink(&mut self, x: u32, y: u32, ink: Ink, coverage: f32) {
        self.ink_level(x, y, ink, coverage_level(coverage));
    }

    /// Inks the pixel at (`x`, `y`) with `ink` at strength `level` (0 to [`LEVELS`]), as
    /// [`Page::ink`] describes.
    fn ink_level(&mut self, x: u32, y: u32, ink: Ink, level: u8) {
        if level == 0 || x >= WIDTH || y >= HEIGHT {
            return;
        }
        let pixel = &mut self.pixels[y as usize * WIDTH as usize + x as usize];
        let under = match *pixel {
            0 => 0,
            index if (index - 1) / LEVELS == ink as u8 => (index - 1) % LEVELS + 1,
            _ => 0,
        };
        // a + b(1 - a), in levels.
        let sum = u16::from(under) + u16::from(level)
            - (u16::from(under) * u16::from(level) + u16::from(LEVELS) / 2) / u16::from(LEVELS);
        *pixel = palette_index(ink, sum.min(u16::from(LEVELS)) as u8);
    }

    /// Fills a rectangle with full ink.
    fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, ink: Ink) {
        let (x0, y0) = (x.max(0.0) as u32, y.max(0.0) as u32);
        let x1 = ((x + width) as u32).min(WIDTH);
        let y1 = ((y + height) as u32).min(HEIGHT);
        let full = palette_index(ink, LEVELS);
        for py in y0..y1 {
            let row = py as usize * WIDTH as usize;
            self.pixels[row + x0 as usize..row + x1 as usize].fill(full);
        }
    }

    /// Draws one line of `text` at `size` pixels, its baseline at `baseline`. Each glyph starts
    /// on the whole pixel nearest its place (at most half a pixel off, which letters of this
    /// size do not show), so a letter that comes again is drawn from the mask made the first
    /// time instead of being rasterised again.
    fn text(&mut self, face: &CoverFace, size: f32, x: f32, baseline: f32, text: &str, ink: Ink) {
        let font = &face.font;
        let scale = PxScale::from(size);
        let scaled = font.as_scaled(scale);
        let (baseline_row, baseline_fraction) = (baseline.trunc() as i64, baseline.fract());
        let mut caret = x;
        let mut previous = None;
        for id in glyphs(font, text) {
            if let Some(previous) = previous {
                caret += scaled.kern(previous, id);
            }
            let origin = caret.round() as i64;
            caret += scaled.h_advance(id);
            previous = Some(id);
            let key = (face.id, id, size.to_bits(), baseline_fraction.to_bits());
            let mask = self
                .masks
                .remove(&key)
                .unwrap_or_else(|| GlyphMask::draw(font, id, scale, baseline_fraction));
            if let Some(mask) = &mask {
                self.stamp(mask, origin, baseline_row, ink);
            }
            self.masks.insert(key, mask);
        }
    }

    /// Inks `mask` with its glyph's origin at pixel (`x`, `y`).
    fn stamp(&mut self, mask: &GlyphMask, x: i64, y: i64, ink: Ink) {
        for (row, levels) in mask.levels.chunks(mask.width.max(1)).enumerate() {
            let Ok(py) = u32::try_from(y + mask.top + row as i64) else {
                continue;
            };
            for (column, &level) in levels.iter().enumerate() {
                if level == 0 {
                    continue;
                }
                if let Ok(px) = u32::try_from(x + mask.left + column as i64) {
                    self.ink_level(px, py, ink, level);
                }
            }
        }
    }

    /// The page as an indexed-colour PNG. The picture is flat colour but for the letters'
    /// edges, so rows are left unfiltered and deflated fast: stronger compression takes much
    /// longer and saves little on such a picture.
    fn encode_png(&self) -> Result<Vec<u8>, CoverError> {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(palette());
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::Filter::NoFilter);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&self.pixels)?;
        writer.finish()?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CoverText {
        CoverText {
            title: "Harbour board votes to rebuild the old breakwater before winter storms".into(),
            byline: Some("Lena Strand".into()),
            site: Some("The Coastal Gazette".into()),
            date: Some("3 March 2024".into()),
            language: Some("en".into()),
        }
    }

    #[test]
    fn the_cover_is_a_portrait_png_with_text_on_it() {
        let bytes = draw(&sample(), &MachineFontSources::default())
            .unwrap()
            .unwrap();
        let picture = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!((picture.width(), picture.height()), (WIDTH, HEIGHT));
        assert_eq!(*picture.get_pixel(5, 5), PAPER);
        // The accent rule under the site name is drawn in full accent ink.
        assert_eq!(
            *picture.get_pixel(WIDTH / 2, 218),
            INKS[Ink::Accent as usize]
        );
        let inked = picture.pixels().filter(|pixel| pixel[0] < 100).count();
        // Text and rules cover part of the page, not all of it.
        assert!(inked > 20_000, "{inked} dark pixels");
        assert!(inked < (WIDTH * HEIGHT / 3) as usize, "{inked} dark pixels");
    }

    #[test]
    fn the_same_text_gives_the_same_bytes_and_other_text_others() {
        assert_eq!(
            draw(&sample(), &MachineFontSources::default())
                .unwrap()
                .unwrap(),
            draw(&sample(), &MachineFontSources::default())
                .unwrap()
                .unwrap()
        );
        let mut other = sample();
        other.title = "Another title".into();
        assert_ne!(
            draw(&sample(), &MachineFontSources::default())
                .unwrap()
                .unwrap(),
            draw(&other, &MachineFontSources::default())
                .unwrap()
                .unwrap()
        );
    }

    #[test]
    fn a_title_no_bundled_face_has_is_drawn_in_a_font_of_the_folders_given() {
        let folder = MachineFontSources {
            dirs: vec![
                std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts")
            ],
            system: false,
        };
        let none = MachineFontSources::default();
        let han = CoverText {
            title: "港口".into(),
            ..sample()
        };
        assert_ne!(
            draw(&han, &folder).unwrap(),
            draw(&han, &none).unwrap(),
            "the folder's font draws the title"
        );
        // Devanagari needs shaping, which the cover does not do: the line is left out.
        let devanagari = CoverText {
            title: "नन".into(),
            ..sample()
        };
        assert_eq!(
            draw(&devanagari, &folder).unwrap(),
            draw(&devanagari, &none).unwrap()
        );
    }

    #[test]
    fn a_long_title_and_byline_stay_clear_of_the_bottom_rule() {
        let text = CoverText {
            title: "Conversations with a Cryptid - Chapter 1 - AMournfulHowlInTheNight - \
                    Boku no Hero Academia and more words to fill the page"
                .into(),
            byline: Some("Organization for Transformative Works, ".repeat(6)),
            ..sample()
        };
        let picture = image::load_from_memory(
            &draw(&text, &MachineFontSources::default())
                .unwrap()
                .unwrap(),
        )
        .unwrap()
        .to_rgb8();
        let band = (BOTTOM_RULE as u32 - 40)..BOTTOM_RULE as u32;
        for y in band {
            for x in 0..WIDTH {
                assert_eq!(*picture.get_pixel(x, y), PAPER, "ink at {x},{y}");
            }
        }
    }

    #[test]
    fn strengths_of_one_ink_add_up_and_another_ink_covers() {
        let mut page = Page::blank();
        page.ink(1, 1, Ink::Text, 0.5);
        page.ink(1, 1, Ink::Text, 0.5);
        let index = page.pixels[WIDTH as usize + 1];
        // Half over half is three quarters (47.25 of 63 levels), as alpha blending gives.
        let three_quarters = palette_index(Ink::Text, 47)..=palette_index(Ink::Text, 48);
        assert!(three_quarters.contains(&index), "{index}");
        page.ink(1, 1, Ink::Accent, 0.25);
        assert_eq!(
            page.pixels[WIDTH as usize + 1],
            palette_index(Ink::Accent, 16)
        );
        page.ink(2, 2, Ink::Muted, 0.001);
        assert_eq!(page.pixels[2 * WIDTH as usize + 2], 0, "no ink at all");
        let colors = palette();
        assert_eq!(&colors[..3], &PAPER.0);
        let full_text = usize::from(palette_index(Ink::Text, LEVELS)) * 3;
        assert_eq!(&colors[full_text..full_text + 3], &INKS[0].0);
    }

    #[test]
    fn a_letter_set_twice_is_rasterised_once_and_drawn_alike() {
        let face = CoverFace::load(FaceId::Bold).unwrap();
        let mut page = Page::blank();
        page.text(&face, 100.0, 100.0, 300.5, "H H", Ink::Text);
        assert_eq!(
            page.masks.len(),
            2,
            "one mask for H, one (empty) for the space"
        );
        // The two H's, cut out of the page at their own places, are the same picture.
        let inked_columns: Vec<usize> = (0..WIDTH as usize)
            .filter(|&x| (200..320).any(|y| page.pixels[y * WIDTH as usize + x] != 0))
            .collect();
        let first = *inked_columns.first().unwrap();
        let gap = inked_columns
            .windows(2)
            .find(|pair| pair[1] > pair[0] + 1)
            .unwrap();
        let (first_end, second) = (gap[0], gap[1]);
        let column = |x: usize| -> Vec<u8> {
            (200..320)
                .map(|y| page.pixels[y * WIDTH as usize + x])
                .collect()
        };
        for offset in 0..=first_end - first {
            assert_eq!(column(first + offset), column(second + offset));
        }
    }

    #[test]
    fn long_titles_wrap_within_the_margins_and_are_cut_at_the_last_line() {
        let font = CoverFace::load(FaceId::Bold).unwrap().font;
        let width = WIDTH as f32 - 2.0 * MARGIN;
        let title = "word ".repeat(400) + "Supercalifragilisticexpialidocious".repeat(4).as_str();
        let (size, lines) = title_lines(&font, &title, width);
        assert_eq!(size, TITLE_SIZES.1);
        assert_eq!(lines.len(), max_title_lines(size));
        assert!(lines.len() as f32 * size * TITLE_LEADING <= TITLE_HEIGHT);
        assert!(lines.last().unwrap().ends_with('…'));
        for line in wrap(&font, 100.0, &title, width) {
            assert!(measure(&font, 100.0, &line) <= width, "{line}");
        }
    }
}
