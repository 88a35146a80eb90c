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
//! which has Hebrew, else DejaVu Sans, which has Arabic and more scripts), else in a machine
//! font that has them all, found the way the PDF backend finds its fonts
//! ([`crate::fonts::machine`]: the folders the options give, and the machine's fonts when they
//! allow; Chinese characters in the forms of the book's language).
//!
//! Lines are shaped with `harfrust` (the joined forms of Arabic letters, ligatures, kerning,
//! marks placed on their letters) and their runs put in reading order with `unicode-bidi`, so
//! an Arabic or Hebrew title reads right to left, with an English word or a number inside it
//! left to right. The lines of a cover whose title is written right to left (else of a book
//! that is) are set against the right margin. Machine fonts serve the scripts whose lines
//! are broken at spaces and drawn letter by letter or joined by the shaper: Chinese,
//! Japanese, Korean, Arabic and Hebrew, and the alphabets around them; a script whose
//! syllables the cover cannot keep whole at a line's end (Devanagari, Thai) is not drawn.
//!
//! A line no face can draw is left out rather than drawn with gaps. Without a title the cover
//! shows what it can (the site, the byline, the date); a book of which no line can be drawn
//! gets no drawn cover. The book's title in the metadata is unchanged.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};
use harfrust::{BufferFlags, ShapeOptions, ShaperData, UnicodeBuffer};
use image::Rgb;
use rustc_hash::FxHashMap as HashMap;
use unicode_bidi::{BidiInfo, Level};
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
    /// The publication date, as shown: in the book's language ("2017年8月2日").
    pub date: Option<String>,
    /// The publication date in digits ("2017-08-02"), drawn instead of [`CoverText::date`]
    /// when no face has its letters.
    pub date_in_digits: Option<String>,
    /// The language of the book (BCP 47), which picks the forms of Chinese characters.
    pub language: Option<String>,
    /// The direction the cover is set in: right to left puts every line against the right
    /// margin.
    pub direction: Direction,
}

impl CoverText {
    /// The cover text of `book`: its title; the authors (or, for several articles, their
    /// count, in the book's language); and the site and date of a single article.
    pub fn of(book: &Book) -> CoverText {
        let language = book
            .articles
            .iter()
            .find_map(|article| article.meta.language.clone());
        let authors = book.authors();
        let byline = match book.articles.len() {
            0 | 1 if authors.is_empty() => None,
            0 | 1 => Some(authors.join(", ")),
            count => Some(Locale::for_language(language.as_deref()).articles(count)),
        };
        let single = match book.articles.as_slice() {
            [article] => Some(&article.meta),
            _ => None,
        };
        // Only a date a machine can read is shown: in the article's language, else in digits.
        let date =
            single.and_then(|meta| Some((meta, super::parse_date(meta.published.as_deref()?)?)));
        CoverText {
            title: book.display_title().trim().to_string(),
            byline,
            site: single.and_then(|meta| meta.site_name.clone()),
            date: date.and_then(|(meta, _)| Locale::of(meta).date(meta)),
            date_in_digits: date.map(|(_, date)| date.format("%Y-%m-%d").to_string()),
            language,
            direction: Direction::of_text(book.display_title()).unwrap_or(book.direction()),
        }
    }
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
            Some(face) => *face,
            None => machine_face(&machine, bold, line)?,
        };
        Some((face, line.to_string()))
    };
    let site = pick(&regulars, false, text.site.as_deref());
    let title = pick(&bolds, true, Some(&text.title));
    let byline = pick(&regulars, false, text.byline.as_deref());
    let date = pick(&regulars, false, text.date.as_deref())
        .or_else(|| pick(&regulars, false, text.date_in_digits.as_deref()));
    if title.is_none() && site.is_none() && byline.is_none() && date.is_none() {
        return Ok(None);
    }
    let mut page = Page::blank();
    let width = WIDTH as f32 - 2.0 * MARGIN;
    let right = text.direction == Direction::RightToLeft;
    // Each line runs the way its first letter says (a wrapped title's lines, the way the
    // title does), else the cover's way.
    let way = |line: &str| Direction::of_text(line).unwrap_or(text_direction(right));

    // The site name over a rule, at the top.
    if let Some((face, site)) = &site {
        let line = fit_line(face.font, 52.0, site, width);
        let at = Place::new(52.0, 180.0, way(site), right);
        page.line(face, at, &line, Ink::Muted);
    }
    page.rect(MARGIN, 215.0, width, 8.0, Ink::Accent);

    // The title, as large as it fits; then the byline, in the room left above the bottom rule.
    let mut baseline = TITLE_TOP;
    let mut size = 0.0;
    if let Some((face, title)) = &title {
        let lines;
        (size, lines) = title_lines(face.font, title, width);
        baseline += size;
        for line in &lines {
            page.line(
                face,
                Place::new(size, baseline, way(title), right),
                line,
                Ink::Text,
            );
            baseline += size * TITLE_LEADING;
        }
    }
    if let Some((face, byline)) = &byline {
        baseline += 100.0 - size * TITLE_LEADING;
        for line in wrap(face.font, 56.0, byline, width) {
            // Descenders and a gap must stay clear of the rule.
            if baseline + 80.0 > BOTTOM_RULE {
                break;
            }
            page.line(
                face,
                Place::new(56.0, baseline, way(byline), right),
                &line,
                Ink::Text,
            );
            baseline += 66.0;
        }
    }

    // The date, at the bottom.
    page.rect(MARGIN, BOTTOM_RULE, width, 3.0, Ink::Muted);
    if let Some((face, date)) = &date {
        let at = Place::new(48.0, BOTTOM_RULE + 90.0, way(date), right);
        page.line(face, at, date, Ink::Muted);
    }

    page.encode_png().map(Some)
}

/// The direction `right` stands for: right to left when set.
fn text_direction(right: bool) -> Direction {
    if right {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    }
}

/// Where a line is drawn: its size, its baseline, the direction its text runs in, and whether
/// it is set against the right margin rather than the left.
#[derive(Debug, Clone, Copy)]
struct Place {
    size: f32,
    baseline: f32,
    direction: Direction,
    right: bool,
}

impl Place {
    fn new(size: f32, baseline: f32, direction: Direction, right: bool) -> Place {
        Place {
            size,
            baseline,
            direction,
            right,
        }
    }
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
/// none, or the line is in a script the cover does not draw in machine faces.
fn machine_face(machine: &MachineFonts<CoverFont>, bold: bool, line: &str) -> Option<CoverFace> {
    if !line.chars().all(drawn_in_machine_face) {
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
            font: machine.face(number)?,
        };
        if face.draws(line) {
            return Some(face);
        }
    }
    None
}

/// Whether `c` is of a script the cover draws in a machine face: one whose lines break at
/// spaces and whose letters are drawn one by one or joined by the shaper (Chinese, Japanese
/// and Korean; Arabic and Hebrew; the Latin, Greek and Cyrillic alphabets and common signs
/// written with them), not one whose syllables are built of several letters (Devanagari,
/// Thai, the Hangul of old texts, spelt in jamo).
fn drawn_in_machine_face(c: char) -> bool {
    matches!(
        c.script(),
        Script::Han
            | Script::Hiragana
            | Script::Katakana
            | Script::Hangul
            | Script::Bopomofo
            | Script::Common
            | Script::Inherited
            | Script::Latin
            | Script::Greek
            | Script::Cyrillic
            | Script::Arabic
            | Script::Hebrew
    ) && !('\u{1100}'..='\u{11FF}').contains(&c)
}

/// A face as the cover draws it: parsed to draw its glyphs (`ab_glyph`) and to shape text
/// (`harfrust`), from the same bytes.
struct CoverFont {
    font: FontRef<'static>,
    shaping: harfrust::FontRef<'static>,
    /// The shaper's tables for the face, built once.
    shaper_data: ShaperData,
}

/// A glyph as the shaper placed it, in font units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ShapedGlyph {
    id: GlyphId,
    /// How far the next glyph starts after this one.
    advance: i32,
    /// How far the glyph is drawn right of, and above, where it starts.
    offset: (i32, i32),
}

impl CoverFont {
    /// Parses face `index` of a font file; `None` when it cannot be used.
    fn parse(bytes: &'static [u8], index: u32) -> Option<CoverFont> {
        let font = FontRef::try_from_slice_and_index(bytes, index).ok()?;
        let shaping = harfrust::FontRef::from_index(bytes, index).ok()?;
        let shaper_data = ShaperData::new(&shaping);
        Some(CoverFont {
            font,
            shaping,
            shaper_data,
        })
    }

    /// The glyphs of `text`, shaped as one run in one direction, in drawing order (for a
    /// right-to-left run, the last letter's glyph first). Invisible characters (joiners, marks
    /// of direction) shape their neighbours and are then dropped.
    fn shape(&self, text: &str, rtl: bool) -> Vec<ShapedGlyph> {
        let shaper = self.shaper_data.shaper(&self.shaping).build();
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(if rtl {
            harfrust::Direction::RightToLeft
        } else {
            harfrust::Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        buffer.set_flags(BufferFlags::REMOVE_DEFAULT_IGNORABLES);
        let output = shaper.shape(buffer, ShapeOptions::new());
        output
            .glyph_infos()
            .iter()
            .zip(output.glyph_positions())
            .map(|(info, position)| ShapedGlyph {
                id: GlyphId(u16::try_from(info.glyph_id).unwrap_or(0)),
                advance: position.x_advance,
                offset: (position.x_offset, position.y_offset),
            })
            .collect()
    }
}

impl LoadedFace for CoverFont {
    fn load(bytes: &'static [u8], index: u32) -> Option<CoverFont> {
        CoverFont::parse(bytes, index)
    }

    fn has_char(&self, c: char) -> bool {
        self.font.glyph_id(c).0 != 0
    }
}

/// A face, parsed, with the id its drawn glyphs are remembered by (a bundled face, or one of
/// the machine faces of this cover).
#[derive(Clone, Copy)]
struct CoverFace {
    id: FaceId,
    font: &'static CoverFont,
}

impl CoverFace {
    /// The bundled face `id`, parsed on first use in the process.
    fn load(id: FaceId) -> Result<CoverFace, CoverError> {
        static BUNDLED: OnceLock<Vec<Option<CoverFont>>> = OnceLock::new();
        let faces = BUNDLED.get_or_init(|| {
            FaceId::ALL
                .iter()
                .map(|&id| CoverFont::parse(face_bytes(id)?, 0))
                .collect()
        });
        let font = id.index().and_then(|index| faces.get(index)?.as_ref());
        let font = font.ok_or_else(|| CoverError::Font(format!("{id:?}")))?;
        Ok(CoverFace { id, font })
    }

    /// Whether the face has every letter of `text`. Spaces, controls and invisible characters
    /// need no glyph.
    fn draws(&self, text: &str) -> bool {
        text.chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .filter(|c| !matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2066}'..='\u{2069}' | '\u{202A}'..='\u{202E}' | '\u{FEFF}'))
            .all(|c| self.font.has_char(c))
    }
}

/// A line shaped and put in order: each glyph with where it is drawn from the line's left end
/// (pixels across, and up from the baseline), and the line's width.
struct SetLine {
    glyphs: Vec<(GlyphId, f32, f32)>,
    width: f32,
}

/// Sets `text` on one line at `size` pixels: its runs in the order they are read
/// (`unicode-bidi`, the paragraph running in `direction`, else the way its first letter
/// says), each shaped in its own direction. Glyphs the face lacks are left out.
fn set_line(font: &CoverFont, size: f32, text: &str, direction: Option<Direction>) -> SetLine {
    let scaled = font.font.as_scaled(PxScale::from(size));
    let (across, up) = (scaled.h_scale_factor(), scaled.v_scale_factor());
    let base = direction.map(|direction| match direction {
        Direction::RightToLeft => Level::rtl(),
        Direction::LeftToRight => Level::ltr(),
    });
    let bidi = BidiInfo::new(text, base);
    let mut line = SetLine {
        glyphs: Vec::new(),
        width: 0.0,
    };
    for paragraph in &bidi.paragraphs {
        let (levels, runs) = bidi.visual_runs(paragraph, paragraph.range.clone());
        for run in runs {
            let rtl = levels.get(run.start).is_some_and(|level| level.is_rtl());
            for glyph in font.shape(&text[run], rtl) {
                if glyph.id.0 == 0 {
                    continue;
                }
                let (x, y) = glyph.offset;
                line.glyphs
                    .push((glyph.id, line.width + x as f32 * across, y as f32 * up));
                line.width += glyph.advance as f32 * across;
            }
        }
    }
    line
}

/// The most lines of the title at `size` that fit in [`TITLE_HEIGHT`].
fn max_title_lines(size: f32) -> usize {
    (TITLE_HEIGHT / (size * TITLE_LEADING)).floor() as usize
}

/// The title's size and lines: the largest size at which it fits in [`TITLE_HEIGHT`]; at the
/// smallest size, the last line that fits ends in an ellipsis.
fn title_lines(font: &CoverFont, title: &str, width: f32) -> (f32, Vec<String>) {
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
fn wrap(font: &CoverFont, size: f32, text: &str, width: f32) -> Vec<String> {
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
fn fit_line(font: &CoverFont, size: f32, text: &str, width: f32) -> String {
    if measure(font, size, text) <= width {
        return text.to_string();
    }
    let mut cut: String = text.to_string();
    while !cut.is_empty() && measure(font, size, &format!("{cut}…")) > width {
        cut.pop();
    }
    format!("{}…", cut.trim_end())
}

/// The width of `text` set on one line at `size` (see [`set_line`]).
fn measure(font: &CoverFont, size: f32, text: &str) -> f32 {
    set_line(font, size, text, None).width
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

    /// Draws one line of `text` at `at`, shaped and in reading order (see [`set_line`]),
    /// against the left margin or the right. Each glyph starts on the whole pixel nearest its
    /// place (at most half a pixel off, which letters of this size do not show), so a glyph
    /// that comes again is drawn from the mask made the first time instead of being
    /// rasterised again.
    fn line(&mut self, face: &CoverFace, at: Place, text: &str, ink: Ink) {
        let font = &face.font.font;
        let scale = PxScale::from(at.size);
        let line = set_line(face.font, at.size, text, Some(at.direction));
        let start = if at.right {
            WIDTH as f32 - MARGIN - line.width
        } else {
            MARGIN
        };
        for (id, x, up) in line.glyphs {
            let origin = (start + x).round() as i64;
            let baseline = at.baseline - up;
            let (baseline_row, baseline_fraction) = (baseline.trunc() as i64, baseline.fract());
            let key = (face.id, id, at.size.to_bits(), baseline_fraction.to_bits());
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
            date_in_digits: Some("2024-03-03".into()),
            language: Some("en".into()),
            direction: Direction::LeftToRight,
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
        let at = Place::new(100.0, 300.5, Direction::LeftToRight, false);
        page.line(&face, at, "H H", Ink::Text);
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
        let (size, lines) = title_lines(font, &title, width);
        assert_eq!(size, TITLE_SIZES.1);
        assert_eq!(lines.len(), max_title_lines(size));
        assert!(lines.len() as f32 * size * TITLE_LEADING <= TITLE_HEIGHT);
        assert!(lines.last().unwrap().ends_with('…'));
        for line in wrap(font, 100.0, &title, width) {
            assert!(measure(font, 100.0, &line) <= width, "{line}");
        }
    }

    /// The columns of `picture` inked in `rows`, leftmost and rightmost.
    fn inked_columns(picture: &image::RgbImage, rows: std::ops::Range<u32>) -> Option<(u32, u32)> {
        let inked: Vec<u32> = (0..WIDTH)
            .filter(|&x| rows.clone().any(|y| picture.get_pixel(x, y)[0] < 100))
            .collect();
        Some((*inked.first()?, *inked.last()?))
    }

    #[test]
    fn arabic_letters_are_drawn_joined_and_read_right_to_left() {
        let face = CoverFace::load(FaceId::SansBold).unwrap();
        // Each letter of "حديقة" (garden) joins a neighbour: none takes its isolated form.
        let word = "حديقة";
        assert!(face.draws(word));
        let isolated: Vec<GlyphId> = word.chars().map(|c| face.font.font.glyph_id(c)).collect();
        let line = set_line(face.font, 100.0, word, None);
        let drawn: Vec<GlyphId> = line.glyphs.iter().map(|glyph| glyph.0).collect();
        assert_eq!(drawn.len(), isolated.len(), "{drawn:?}");
        // Drawn from the left, the last letter first.
        for (drawn, isolated) in drawn.iter().rev().zip(&isolated) {
            assert_ne!(drawn, isolated, "an isolated form in {drawn:?}");
        }
        // Hebrew letters do not join; they are put in order from the right.
        let face = CoverFace::load(FaceId::Bold).unwrap();
        let word = "שלום";
        let letters: Vec<GlyphId> = word.chars().map(|c| face.font.font.glyph_id(c)).collect();
        let drawn: Vec<GlyphId> = set_line(face.font, 100.0, word, None)
            .glyphs
            .iter()
            .map(|glyph| glyph.0)
            .collect();
        assert_eq!(drawn, letters.into_iter().rev().collect::<Vec<_>>());
    }

    #[test]
    fn a_right_to_left_cover_is_drawn_against_the_right_margin() {
        for (title, byline, date) in [
            ("حديقة السطح في الحي القديم", "سلمى يوسف", "2 أغسطس 2017"),
            ("הספרייה הקטנה שבתחנת האוטובוס", "נועה ברק", "14 במרץ 2019"),
        ] {
            let text = CoverText {
                title: title.into(),
                byline: Some(byline.into()),
                site: None,
                date: Some(date.into()),
                date_in_digits: None,
                language: None,
                direction: Direction::RightToLeft,
            };
            let picture = image::load_from_memory(
                &draw(&text, &MachineFontSources::default())
                    .unwrap()
                    .unwrap(),
            )
            .unwrap()
            .to_rgb8();
            let title_rows = TITLE_TOP as u32..(TITLE_TOP + TITLE_HEIGHT) as u32;
            let inked = title_rows
                .clone()
                .flat_map(|y| (0..WIDTH).map(move |x| (x, y)))
                .filter(|&(x, y)| picture.get_pixel(x, y)[0] < 100)
                .count();
            assert!(inked > 5_000, "{title}: {inked} dark pixels");
            // The title ends at the right margin; the short date starts right of the middle.
            let (_, right) = inked_columns(&picture, title_rows).unwrap();
            let margin = WIDTH - MARGIN as u32;
            assert!((margin - 12..=margin).contains(&right), "{title}: {right}");
            let (left, right) = inked_columns(&picture, BOTTOM_RULE as u32 + 10..HEIGHT).unwrap();
            assert!(left > WIDTH / 2, "{date}: from {left}");
            assert!((margin - 12..=margin).contains(&right), "{date}: {right}");
        }
    }

    #[test]
    fn the_count_of_articles_and_the_date_are_in_the_books_language() {
        use crate::document::{Document, Metadata};
        let article = |language: &str| Document {
            meta: Metadata {
                title: "屋上の小さな菜園".into(),
                language: Some(language.into()),
                published: Some("2017-08-02T09:00:00Z".into()),
                ..Metadata::default()
            },
            ..Document::default()
        };
        let ja = CoverText::of(&Book::single(article("ja")));
        assert_eq!(ja.date.as_deref(), Some("2017年8月2日"));
        assert_eq!(ja.date_in_digits.as_deref(), Some("2017-08-02"));
        let ko = CoverText::of(&Book::single(article("ko")));
        assert_eq!(ko.date.as_deref(), Some("2017년 8월 2일"));
        let two = |language: &str| Book {
            title: None,
            articles: vec![article(language), article(language)],
        };
        assert_eq!(
            CoverText::of(&two("ja")).byline.as_deref(),
            Some("2本の記事")
        );
        assert_eq!(
            CoverText::of(&two("en")).byline.as_deref(),
            Some("2 articles")
        );

        // A date no face can draw is drawn in digits...
        let japanese = CoverText {
            date: ja.date.clone(),
            date_in_digits: ja.date_in_digits.clone(),
            ..sample()
        };
        let in_digits = CoverText {
            date: ja.date_in_digits.clone(),
            ..japanese.clone()
        };
        let none = MachineFontSources::default();
        assert_eq!(
            draw(&japanese, &none).unwrap(),
            draw(&in_digits, &none).unwrap()
        );
        // ...and one a face has, in the book's language.
        let noto = std::path::Path::new("/usr/share/fonts/opentype/noto");
        if noto.join("NotoSansCJK-Regular.ttc").is_file() {
            let noto = MachineFontSources {
                dirs: vec![noto.to_path_buf()],
                system: false,
            };
            assert_ne!(
                draw(&japanese, &noto).unwrap(),
                draw(&in_digits, &noto).unwrap()
            );
        }
    }
}
