//! Drawing: placed pages become PDF content streams and link annotations.
//!
//! Each run of a line is drawn as one text-showing operation at its own position (`Tm`), in
//! its own face and colour, with kerning and justification as `TJ` offsets and real space
//! characters between words, so text extraction gives the words back in reading order.
//! Fonts are registered under six-letter tags derived from the face and the characters drawn
//! in it, so the PDF carries proper subset names and a rebuild of the same book is identical.
//!
//! printpdf writes the document around the pages (the fonts and their subsets, the page
//! objects, the link annotations), but the pages' content is written here, a page at a time
//! ([`page_content`]), so no page's drawing is held once its content stream is written: a
//! book of thousands of pages never has all their drawing operations in memory at once. The
//! content is what printpdf writes for the same drawing operations, byte for byte (a test
//! compares the two): the same operators and numbers, the same joining of runs of shaped
//! glyphs on one baseline into one `TJ`, and the glyph codes of printpdf's font subsets.
//! Those codes depend on every glyph the book uses: [`GlyphUsage`] collects them from the
//! pages and hands printpdf the drawing that uses them, and [`Encodings::read`] reads the
//! codes printpdf gave them back from what it wrote.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, CurTransMat, Destination, FontId, LinkAnnotation, Op,
    ParsedFont, PdfDocument, PdfFont, PdfFontHandle, Pt, Rect, TextItem, TextMatrix,
    XObjectTransform,
};
use unicode_script::{Script, UnicodeScript};

use super::font::{RunPart, ShapedRun};
use super::fonts::{FaceId, FontSet};
use super::images::resource_name;
use super::lines::{DecorationKind, LineDecoration};
use super::paginate::{Page, PlacedImage, PlacedLine, PlacedRule};
use super::style::Rgb;

/// How far below the baseline and above it a link's clickable box reaches, in em.
const LINK_DEPTH: f32 = 0.25;
const LINK_HEIGHT: f32 = 0.9;

/// The PDF font resource of each face used, per direction. A face drawn both ways is two
/// resources with one subset each: a shaper draws some glyphs for other characters in
/// right-to-left text (the mirrored parenthesis), and each resource's `ToUnicode` map can then
/// give every glyph the character it stands for in its direction.
pub type FontIds = BTreeMap<(FaceId, bool), FontId>;

/// Adds every face the pages use to the document and returns their resource ids.
pub fn register_fonts(doc: &mut PdfDocument, pages: &[Page], fonts: &FontSet) -> FontIds {
    let mut used: BTreeMap<(FaceId, bool), BTreeSet<char>> = BTreeMap::new();
    for run in pages
        .iter()
        .flat_map(|page| &page.lines)
        .flat_map(|line| &line.line.runs)
    {
        used.entry((run.run.face, run.run.rtl))
            .or_default()
            .extend(run.run.text().chars());
    }
    let mut ids = FontIds::new();
    for ((face, rtl), chars) in used {
        let font = fonts.font(face);
        let direction: &[u8] = if rtl { b"rtl" } else { b"ltr" };
        let mut salt = 0_u64;
        let id = loop {
            let text: String = chars.iter().collect();
            let hash = fnv1a(salt, [font.name.as_bytes(), direction, text.as_bytes()]);
            let id = FontId(subset_tag(hash));
            if !ids.values().any(|existing| *existing == id) {
                break id;
            }
            salt += 1;
        };
        let font = PdfFont::new(font.pdf.clone());
        doc.resources.fonts.map.insert(id.clone(), font);
        ids.insert((face, rtl), id);
    }
    ids
}

/// Six capital letters from a hash, as PDF subset tags are written.
fn subset_tag(mut hash: u64) -> String {
    (0..6)
        .map(|_| {
            let letter = b'A' + (hash % 26) as u8;
            hash /= 26;
            char::from(letter)
        })
        .collect()
}

/// 64-bit FNV-1a over byte strings, each followed by a separator; `seed` varies the result.
pub fn fnv1a(seed: u64, parts: impl IntoIterator<Item = impl AsRef<[u8]>>) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for part in parts {
        for &byte in part.as_ref().iter().chain(&[0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// The link annotations of a page, as printpdf operations (they become the page's `Annots`):
/// its links' addresses, and the places in the document its jumps go to.
pub fn link_annotations(page: &Page) -> Vec<Op> {
    let mut ops = Vec::new();
    for line in &page.lines {
        for link in &line.line.links {
            let bottom = line.baseline - LINK_DEPTH * line.size;
            let rect = Rect::from_xywh(
                Pt(line.x + link.x0),
                Pt(bottom),
                Pt(link.x1 - link.x0),
                Pt((LINK_DEPTH + LINK_HEIGHT) * line.size),
            );
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    rect,
                    Actions::uri(link.href.clone()),
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                ),
            });
        }
    }
    for jump in &page.jumps {
        let rect = Rect::from_xywh(Pt(jump.x), Pt(jump.y), Pt(jump.width), Pt(jump.height));
        let destination = Destination::Xyz {
            page: jump.page + 1,
            left: None,
            top: Some(jump.top),
            zoom: None,
        };
        ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                rect,
                Actions::go_to(destination),
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                None,
                None,
            ),
        });
    }
    ops
}

/// The content stream of a page, drawn with the glyph codes of `encodings`.
pub fn page_content(page: &Page, fonts: &FontIds, encodings: &Encodings<'_>) -> Vec<u8> {
    let mut writer = ContentWriter::new(encodings);
    draw_page(&mut writer, page, fonts);
    writer.finish()
}

/// What a page is drawn with: each method is one drawing operation of printpdf's.
trait Canvas {
    fn save_state(&mut self);
    fn restore_state(&mut self);
    fn transform(&mut self, matrix: [f32; 6]);
    /// Draws the XObject `name` (a picture) into the unit square.
    fn xobject(&mut self, name: String);
    fn outline_color(&mut self, color: Rgb);
    fn outline_thickness(&mut self, points: f32);
    fn line(&mut self, from: (f32, f32), to: (f32, f32));
    fn begin_text(&mut self);
    fn end_text(&mut self);
    fn fill_color(&mut self, color: Rgb);
    fn font(&mut self, font: &FontId, size: f32);
    /// Moves the start of the next text to `x`, `y`.
    fn text_position(&mut self, x: f32, y: f32);
    /// Raises the text above the baseline by `points`.
    fn rise(&mut self, points: f32);
    fn show(&mut self, items: Vec<TextItem>);
    /// Begins a span of marked content whose text is `text` (`/Span <</ActualText …>> BDC`):
    /// what a reader copies of the glyphs drawn until [`Canvas::end_span`].
    fn begin_span(&mut self, text: &str);
    /// Ends the span begun last (`EMC`).
    fn end_span(&mut self);
}

/// Draws a page: its pictures, its rules, the highlights behind its text, its text, then the
/// lines through and under stretches of it.
fn draw_page(canvas: &mut impl Canvas, page: &Page, fonts: &FontIds) {
    for image in &page.images {
        draw_image(canvas, image);
    }
    for rule in &page.rules {
        draw_rule(canvas, rule);
    }
    let highlights = |decoration: &LineDecoration| decoration.kind == DecorationKind::Highlight;
    draw_decorations(canvas, page, highlights);
    canvas.begin_text();
    let mut state = TextState::default();
    for line in &page.lines {
        draw_line(canvas, &mut state, line, fonts);
    }
    canvas.end_text();
    draw_decorations(canvas, page, |decoration| !highlights(decoration));
}

/// Where a decoration's line runs, above the baseline, and how thick it is, in em.
fn decoration_metrics(kind: DecorationKind) -> (f32, f32) {
    match kind {
        DecorationKind::LineThrough => (0.28, 0.055),
        DecorationKind::Underline => (-0.12, 0.055),
        DecorationKind::Highlight => (0.3, 1.1),
    }
}

/// Draws the decorations of the page's lines that `which` picks.
fn draw_decorations(
    canvas: &mut impl Canvas,
    page: &Page,
    which: impl Fn(&LineDecoration) -> bool,
) {
    for line in &page.lines {
        for decoration in line.line.decorations.iter().filter(|d| which(d)) {
            let (height, thickness) = decoration_metrics(decoration.kind);
            let y = line.baseline + decoration.rise + height * decoration.size;
            draw_rule(
                canvas,
                &PlacedRule {
                    x0: line.x + decoration.x0,
                    x1: line.x + decoration.x1,
                    y,
                    thickness: thickness * decoration.size,
                    color: decoration.color,
                },
            );
        }
    }
}

fn draw_rule(canvas: &mut impl Canvas, rule: &PlacedRule) {
    canvas.outline_color(rule.color);
    canvas.outline_thickness(rule.thickness);
    canvas.line((rule.x0, rule.y), (rule.x1, rule.y));
}

/// Draws a picture: the unit square its XObject fills, scaled and moved into place. The
/// XObject itself is added to the page resources by [`super::finish`].
fn draw_image(canvas: &mut impl Canvas, image: &PlacedImage) {
    canvas.save_state();
    canvas.transform([image.width, 0.0, 0.0, image.height, image.x, image.y]);
    canvas.xobject(resource_name(image.image));
    canvas.restore_state();
}

/// The font and colour last set, so they are only set again when they change.
#[derive(Default)]
struct TextState {
    font: Option<(FontId, f32)>,
    color: Option<Rgb>,
}

fn draw_line(canvas: &mut impl Canvas, state: &mut TextState, line: &PlacedLine, fonts: &FontIds) {
    for run in &line.line.runs {
        let segments = text_segments(run.run.parts.iter());
        let Some(font_id) = fonts.get(&(run.run.face, run.run.rtl)) else {
            continue;
        };
        if segments.is_empty() {
            continue;
        }
        if state.color != Some(run.color) {
            canvas.fill_color(run.color);
            state.color = Some(run.color);
        }
        if state.font != Some((font_id.clone(), run.run.size)) {
            canvas.font(font_id, run.run.size);
            state.font = Some((font_id.clone(), run.run.size));
        }
        // Shaped text whose glyphs do not stand for its characters one by one is marked with
        // them, so that it is copied and searched as written.
        let actual_text = needs_actual_text(&run.run).then(|| actual_text(&run.run));
        if let Some(text) = &actual_text {
            canvas.begin_span(text);
        }
        canvas.text_position(line.x + run.x, line.baseline);
        // Each segment continues where the last one left the pen; a raised one (a stacked
        // mark, a superscript) is drawn with the text rise set, which is put back to 0 after
        // it.
        for (rise, items) in segments {
            let rise = run.rise + rise * run.run.size / 1000.0;
            if rise != 0.0 {
                canvas.rise(rise);
            }
            canvas.show(items);
            if rise != 0.0 {
                canvas.rise(0.0);
            }
        }
        if actual_text.is_some() {
            canvas.end_span();
        }
    }
}

/// Whether a run's glyphs cannot say its characters through their `ToUnicode` entries (one
/// entry per glyph, whatever word it is drawn in): a glyph of it stands for no character, or
/// for several that are not Latin letters (Arabic lam-alef stands for lam and alef, or lam and
/// alef with hamza, in different words); or it is of a script whose shaping reorders or
/// splits a cluster's characters (Devanagari, Bengali, Thai and the like). Latin ligatures
/// (ffi) always stand for the same letters, which their entries say; text drawn a glyph per
/// character, right to left included, is read back by its entries.
fn needs_actual_text(run: &ShapedRun) -> bool {
    run.parts.iter().any(|part| match part {
        RunPart::Text(text) => !text.chars().all(kept_in_order),
        RunPart::Glyph { chars, .. } => {
            !chars.chars().all(kept_in_order)
                || (chars.chars().count() != 1 && !chars.chars().all(|c| c.is_ascii_alphabetic()))
        }
        RunPart::Kern(_) => false,
    })
}

/// Whether `c` is of a script whose shaping keeps each character's glyphs where the character
/// is (Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic, Chinese, Japanese, Korean
/// syllables, combining marks and the signs common to scripts).
fn kept_in_order(c: char) -> bool {
    matches!(
        c.script(),
        Script::Latin
            | Script::Greek
            | Script::Cyrillic
            | Script::Armenian
            | Script::Georgian
            | Script::Hebrew
            | Script::Arabic
            | Script::Common
            | Script::Inherited
            | Script::Han
            | Script::Hiragana
            | Script::Katakana
            | Script::Hangul
            | Script::Bopomofo
    ) && !('\u{1100}'..='\u{11FF}').contains(&c)
}

/// The characters a run's span says it draws, in the order its glyphs are drawn: a left-to-right
/// run's in reading order, a right-to-left run's reversed. Text extractors such as poppler's
/// `pdftotext` lay a span's characters out across it from left to right and read a
/// right-to-left line from its right end, as they do glyphs; a right-to-left run's characters
/// given in reading order would come out with every word spelt backwards.
fn actual_text(run: &ShapedRun) -> String {
    let text = run.text();
    if run.rtl {
        text.chars().rev().collect()
    } else {
        text
    }
}

/// `text` as a PDF text string: UTF-16BE after a byte order mark.
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Text, glyphs and offsets of a run as `TJ` items, in segments of one rise (thousandths of an
/// em above the baseline). A `TJ` number moves the next glyph left by that many thousandths
/// of an em, the opposite sign of a kerning adjustment. A shaped glyph carries the characters
/// it stands for, which become its `ToUnicode` entry.
fn text_segments<'a>(parts: impl IntoIterator<Item = RunPart<'a>>) -> Vec<(f32, Vec<TextItem>)> {
    let mut segments: Vec<(f32, Vec<TextItem>)> = Vec::new();
    for part in parts {
        // An offset moves the pen whatever the rise: it joins the current segment.
        let current = segments.last().map_or(0.0, |(rise, _)| *rise);
        let (rise, item) = match part {
            RunPart::Text("") => continue,
            RunPart::Text(text) => (0.0, TextItem::Text(text.to_string())),
            RunPart::Kern(kern) => (current, TextItem::Offset(-kern)),
            RunPart::Glyph { id, chars, rise } => {
                let glyph = Codepoint {
                    gid: id,
                    offset: 0.0,
                    cid: (!chars.is_empty()).then(|| chars.to_string()),
                };
                (rise, TextItem::GlyphIds(vec![glyph]))
            }
        };
        if segments.is_empty() || current != rise {
            segments.push((rise, Vec::new()));
        }
        let Some((_, items)) = segments.last_mut() else {
            continue;
        };
        match (items.last_mut(), item) {
            (Some(TextItem::GlyphIds(glyphs)), TextItem::GlyphIds(more)) => glyphs.extend(more),
            (_, item) => items.push(item),
        }
    }
    segments
}

/// The glyphs the pages draw in each font, and the characters each stands for, as printpdf
/// collects them from drawing operations to subset the fonts: when a glyph is drawn for
/// different characters, the last drawing counts.
#[derive(Debug, Default)]
pub struct GlyphUsage {
    /// For each font, each glyph and its characters (`None`: printpdf looks them up).
    fonts: BTreeMap<FontId, BTreeMap<u16, Option<String>>>,
}

impl GlyphUsage {
    /// The glyphs `pages` draw with the fonts `ids` of `fonts`.
    pub fn of_pages(pages: &[Page], ids: &FontIds, fonts: &FontSet) -> GlyphUsage {
        let faces: BTreeMap<&FontId, &ParsedFont> = ids
            .iter()
            .map(|((face, _), id)| (id, &fonts.font(*face).pdf))
            .collect();
        let mut recorder = UsageRecorder {
            faces: &faces,
            usage: GlyphUsage::default(),
            current: None,
        };
        for page in pages {
            // printpdf follows the font of each page's operations from the page's start.
            recorder.current = None;
            draw_page(&mut recorder, page, ids);
        }
        recorder.usage
    }

    /// Drawing operations that use exactly these glyphs with these characters: given to
    /// printpdf (on a page whose content is then replaced), they make it subset the fonts as
    /// the pages' own drawing would, and write the codes it gives the glyphs.
    pub fn operations(&self) -> Vec<Op> {
        let mut ops = vec![Op::StartTextSection];
        for (font, glyphs) in self.used() {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.clone()),
                size: Pt(10.0),
            });
            let codepoints = glyphs
                .iter()
                .map(|(gid, chars)| Codepoint {
                    gid: *gid,
                    offset: 0.0,
                    cid: chars.clone(),
                })
                .collect();
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(codepoints)],
            });
        }
        ops.push(Op::EndTextSection);
        ops
    }

    /// The fonts that draw glyphs, in order, with their glyphs in order.
    fn used(&self) -> impl Iterator<Item = (&FontId, &BTreeMap<u16, Option<String>>)> {
        self.fonts.iter().filter(|(_, glyphs)| !glyphs.is_empty())
    }
}

/// A canvas that only notes the glyphs drawn.
struct UsageRecorder<'a> {
    faces: &'a BTreeMap<&'a FontId, &'a ParsedFont>,
    usage: GlyphUsage,
    /// The font set last, and its face.
    current: Option<(&'a FontId, &'a ParsedFont)>,
}

impl Canvas for UsageRecorder<'_> {
    fn save_state(&mut self) {}
    fn restore_state(&mut self) {}
    fn transform(&mut self, _matrix: [f32; 6]) {}
    fn xobject(&mut self, _name: String) {}
    fn outline_color(&mut self, _color: Rgb) {}
    fn outline_thickness(&mut self, _points: f32) {}
    fn line(&mut self, _from: (f32, f32), _to: (f32, f32)) {}
    fn begin_text(&mut self) {}
    fn end_text(&mut self) {}
    fn fill_color(&mut self, _color: Rgb) {}
    fn text_position(&mut self, _x: f32, _y: f32) {}
    fn rise(&mut self, _points: f32) {}
    fn begin_span(&mut self, _text: &str) {}
    fn end_span(&mut self) {}

    fn font(&mut self, font: &FontId, _size: f32) {
        self.current = self
            .faces
            .get_key_value(font)
            .map(|(font, face)| (*font, *face));
    }

    fn show(&mut self, items: Vec<TextItem>) {
        let Some((font, face)) = self.current else {
            return;
        };
        let glyphs = self.usage.fonts.entry(font.clone()).or_default();
        for item in items {
            match item {
                TextItem::Text(text) => {
                    for c in text.chars() {
                        if let Some(gid) = face.lookup_glyph_index(c as u32) {
                            glyphs.insert(gid, Some(c.to_string()));
                        }
                    }
                }
                TextItem::GlyphIds(codepoints) => {
                    for codepoint in codepoints {
                        glyphs.insert(codepoint.gid, codepoint.cid);
                    }
                }
                TextItem::Offset(_) => {}
            }
        }
    }
}

/// How text is written in each font of the document: the face, and the code printpdf gave
/// each glyph in the font's subset.
pub struct Encodings<'a> {
    fonts: BTreeMap<String, FontEncoding<'a>>,
}

struct FontEncoding<'a> {
    face: &'a ParsedFont,
    codes: BTreeMap<u16, u16>,
}

impl<'a> Encodings<'a> {
    /// Reads the codes printpdf wrote for the glyphs of `usage` into the content of the first
    /// page of `doc` (from [`GlyphUsage::operations`]).
    pub fn read(
        doc: &lopdf::Document,
        usage: &GlyphUsage,
        ids: &FontIds,
        fonts: &'a FontSet,
    ) -> Result<Encodings<'a>, String> {
        let error = |what: &str| format!("could not read the glyph codes of the fonts: {what}");
        let first_page = *doc
            .get_pages()
            .values()
            .next()
            .ok_or_else(|| error("no page"))?;
        let content = doc.get_page_content(first_page);
        let operations = Content::decode(&content)
            .map_err(|err| error(&err.to_string()))?
            .operations;
        let mut shown = operations
            .iter()
            .filter(|operation| operation.operator == "TJ");
        let faces: BTreeMap<&FontId, FaceId> =
            ids.iter().map(|((face, _), id)| (id, *face)).collect();
        let mut encodings = BTreeMap::new();
        for (font, glyphs) in usage.used() {
            let written = match shown.next().map(|operation| operation.operands.as_slice()) {
                Some([Object::Array(written)]) => written,
                _ => return Err(error("a font's glyphs are missing")),
            };
            if written.len() != glyphs.len() {
                return Err(error("a font has fewer codes than glyphs"));
            }
            let mut codes = BTreeMap::from([(0, 0)]);
            for (gid, code) in glyphs.keys().zip(written) {
                let Object::String(bytes, _) = code else {
                    return Err(error("a code is not a string"));
                };
                let &[high, low] = bytes.as_slice() else {
                    return Err(error("a code is not two bytes"));
                };
                codes.insert(*gid, u16::from_be_bytes([high, low]));
            }
            let face = faces.get(font).ok_or_else(|| error("an unknown font"))?;
            let encoding = FontEncoding {
                face: &fonts.font(*face).pdf,
                codes,
            };
            encodings.insert(font.0.clone(), encoding);
        }
        Ok(Encodings { fonts: encodings })
    }
}

impl FontEncoding<'_> {
    /// The code of glyph `gid` (glyphs printpdf was not told of are drawn as glyph 0).
    fn code(&self, gid: u16) -> [u8; 2] {
        self.codes.get(&gid).copied().unwrap_or(0).to_be_bytes()
    }

    /// Advance of glyph `gid` in thousandths of an em, truncated, as printpdf's `/W` widths
    /// give it.
    fn advance(&self, gid: u16) -> i64 {
        let units_per_em = f32::from(self.face.pdf_font_metrics.units_per_em);
        self.face
            .get_or_decode_glyph(gid)
            .map(|glyph| (f32::from(glyph.horz_advance) * 1000.0 / units_per_em) as i64)
            .unwrap_or(0)
    }
}

/// Shaped glyphs shown on one baseline in one font and size, collected into one `TJ`.
struct GlyphRun {
    /// The text matrix of the first.
    matrix: [f32; 6],
    font: String,
    size: f32,
    /// Where the glyphs so far have left the pen, in thousandths of an em.
    pen: f64,
    items: Vec<Object>,
}

/// Writes drawing operations as the operators printpdf writes for them.
struct ContentWriter<'a> {
    encodings: &'a Encodings<'a>,
    operations: Vec<Operation>,
    in_text: bool,
    /// The font resource and size set last.
    font: Option<String>,
    size: f32,
    /// A text position not written yet: the next shaped glyphs may continue a run with it.
    pending_position: Option<[f32; 6]>,
    glyph_run: Option<GlyphRun>,
}

impl<'a> ContentWriter<'a> {
    fn new(encodings: &'a Encodings<'a>) -> Self {
        ContentWriter {
            encodings,
            operations: Vec::new(),
            in_text: false,
            font: None,
            size: 0.0,
            pending_position: None,
            glyph_run: None,
        }
    }

    fn push(&mut self, operator: &str, operands: Vec<Object>) {
        self.operations.push(Operation::new(operator, operands));
    }

    /// Writes the glyph run and the text position held back.
    fn flush(&mut self) {
        if let Some(run) = self.glyph_run.take() {
            self.push("Tm", reals(run.matrix));
            self.push("TJ", vec![Object::Array(run.items)]);
        }
        if let Some(matrix) = self.pending_position.take() {
            self.push("Tm", reals(matrix));
        }
    }

    /// Flushes, then writes one operator.
    fn write(&mut self, operator: &str, operands: Vec<Object>) {
        self.flush();
        self.push(operator, operands);
    }

    /// The encoding of the font set last, if printpdf embedded it.
    fn encoding(&self) -> Option<&'a FontEncoding<'a>> {
        let encodings: &'a Encodings<'a> = self.encodings;
        encodings.fonts.get(self.font.as_ref()?)
    }

    /// Adds shaped glyphs and offsets to the glyph run, starting or continuing it; `false`
    /// when they cannot join one.
    fn join_glyph_run(&mut self, items: &[TextItem]) -> bool {
        let glyphs_only = !items.is_empty()
            && items
                .iter()
                .all(|item| matches!(item, TextItem::GlyphIds(_) | TextItem::Offset(_)));
        if !self.in_text || (self.pending_position.is_none() && self.glyph_run.is_none()) {
            return false;
        }
        let Some(encoding) = self.encoding() else {
            return false;
        };
        if !glyphs_only || self.size <= 0.0 {
            return false;
        }
        let font = self.font.clone().unwrap_or_default();
        let size = self.size;
        match self.pending_position.take() {
            Some(matrix) => {
                let continues = self.glyph_run.as_ref().is_some_and(|run| {
                    run.matrix[5] == matrix[5] && run.font == font && run.size == size
                });
                match self.glyph_run.as_mut() {
                    Some(run) if continues => {
                        // A number moves the pen from where the glyphs before left it to
                        // this text's position.
                        let moved = (f64::from(matrix[4]) - f64::from(run.matrix[4])) * 1000.0
                            / f64::from(size);
                        let kern = (run.pen - moved) as f32;
                        if kern != 0.0 {
                            run.items.push(Object::Real(kern));
                            run.pen -= f64::from(kern);
                        }
                    }
                    _ => {
                        if let Some(run) = self.glyph_run.take() {
                            self.push("Tm", reals(run.matrix));
                            self.push("TJ", vec![Object::Array(run.items)]);
                        }
                        self.glyph_run = Some(GlyphRun {
                            matrix,
                            font,
                            size,
                            pen: 0.0,
                            items: Vec::new(),
                        });
                    }
                }
            }
            None => {
                let compatible = self
                    .glyph_run
                    .as_ref()
                    .is_some_and(|run| run.font == font && run.size == size);
                if !compatible {
                    return false;
                }
            }
        }
        let Some(run) = self.glyph_run.as_mut() else {
            return false;
        };
        for item in items {
            match item {
                TextItem::Offset(offset) => {
                    run.items.push(Object::Real(*offset));
                    run.pen -= f64::from(*offset);
                }
                TextItem::GlyphIds(glyphs) => {
                    for glyph in glyphs {
                        let code = encoding.code(glyph.gid).to_vec();
                        run.items
                            .push(Object::String(code, StringFormat::Hexadecimal));
                        run.pen += encoding.advance(glyph.gid) as f64;
                        if glyph.offset != 0.0 {
                            run.items.push(Object::Real(glyph.offset));
                            run.pen -= f64::from(glyph.offset);
                        }
                    }
                }
                TextItem::Text(_) => {}
            }
        }
        true
    }

    /// The written content.
    fn finish(mut self) -> Vec<u8> {
        self.flush();
        Content {
            operations: self.operations,
        }
        .encode()
        .unwrap_or_default()
    }
}

impl Canvas for ContentWriter<'_> {
    fn save_state(&mut self) {
        self.write("q", Vec::new());
    }

    fn restore_state(&mut self) {
        self.write("Q", Vec::new());
    }

    fn transform(&mut self, matrix: [f32; 6]) {
        self.write("cm", reals(CurTransMat::Raw(matrix).as_array()));
    }

    fn xobject(&mut self, name: String) {
        // No scaling of printpdf's own: the matrix set before places the picture.
        let transform = XObjectTransform {
            no_auto_scale: true,
            ..XObjectTransform::default()
        };
        let mut matrix = CurTransMat::Identity;
        for step in transform.get_ctms(None) {
            matrix = CurTransMat::Raw(CurTransMat::combine_matrix(
                matrix.as_array(),
                step.as_array(),
            ));
        }
        self.write("q", Vec::new());
        self.push("cm", reals(matrix.as_array()));
        self.push("Do", vec![Object::Name(name.into_bytes())]);
        self.push("Q", Vec::new());
    }

    fn outline_color(&mut self, color: Rgb) {
        self.write("RG", rgb(color));
    }

    fn outline_thickness(&mut self, points: f32) {
        self.write("w", vec![Object::Real(points)]);
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32)) {
        self.write("m", vec![Object::Real(from.0), Object::Real(from.1)]);
        self.push("l", vec![Object::Real(to.0), Object::Real(to.1)]);
        self.push("S", Vec::new());
    }

    fn begin_text(&mut self) {
        self.in_text = true;
        self.write("BT", Vec::new());
    }

    fn end_text(&mut self) {
        self.in_text = false;
        self.write("ET", Vec::new());
    }

    fn fill_color(&mut self, color: Rgb) {
        self.write("rg", rgb(color));
    }

    fn font(&mut self, font: &FontId, size: f32) {
        self.flush();
        self.font = Some(font.0.clone());
        self.size = size;
        let name = Object::Name(font.0.as_bytes().to_vec());
        self.push("Tf", vec![name, Object::Real(size)]);
    }

    fn text_position(&mut self, x: f32, y: f32) {
        let matrix = TextMatrix::Translate(Pt(x), Pt(y)).as_array();
        if self.in_text {
            // Held back: shaped glyphs after it may join the run before.
            if let Some(held) = self.pending_position.replace(matrix) {
                self.push("Tm", reals(held));
            }
        } else {
            self.write("Tm", reals(matrix));
        }
    }

    fn rise(&mut self, points: f32) {
        self.write("Ts", vec![Object::Real(points)]);
    }

    fn begin_span(&mut self, text: &str) {
        // The glyphs before stay out of the span: their run is written first.
        let mut properties = Dictionary::new();
        properties.set("ActualText", text_string(text));
        self.write(
            "BDC",
            vec![
                Object::Name(b"Span".to_vec()),
                Object::Dictionary(properties),
            ],
        );
    }

    fn end_span(&mut self) {
        // The span's glyphs are written before it ends.
        self.write("EMC", Vec::new());
    }

    fn show(&mut self, items: Vec<TextItem>) {
        if self.join_glyph_run(&items) {
            return;
        }
        self.flush();
        let encoding = self.encoding();
        let mut array = Vec::new();
        for item in &items {
            match item {
                TextItem::Text(text) => array.push(encode_text(text, encoding)),
                TextItem::Offset(offset) => array.push(Object::Real(*offset)),
                TextItem::GlyphIds(glyphs) => {
                    for glyph in glyphs {
                        let code = encoding.map_or(glyph.gid.to_be_bytes(), |e| e.code(glyph.gid));
                        array.push(Object::String(code.to_vec(), StringFormat::Hexadecimal));
                        if glyph.offset != 0.0 {
                            array.push(Object::Real(glyph.offset));
                        }
                    }
                }
            }
        }
        if array.is_empty() {
            return;
        }
        let plain = !items
            .iter()
            .any(|item| matches!(item, TextItem::Offset(_) | TextItem::GlyphIds(_)));
        if array.len() == 1 && plain {
            self.push("Tj", array);
        } else {
            self.push("TJ", vec![Object::Array(array)]);
        }
    }
}

/// Numbers as PDF reals.
fn reals(numbers: [f32; 6]) -> Vec<Object> {
    numbers.into_iter().map(Object::Real).collect()
}

fn rgb(color: Rgb) -> Vec<Object> {
    vec![
        Object::Real(color.r),
        Object::Real(color.g),
        Object::Real(color.b),
    ]
}

/// A string of text in the font set: its glyphs' codes, or, in a font printpdf did not embed
/// (none of whose characters it found), WinAnsi bytes as for its built-in fonts.
fn encode_text(text: &str, encoding: Option<&FontEncoding<'_>>) -> Object {
    if let Some(encoding) = encoding {
        let bytes = text
            .chars()
            .flat_map(|c| encoding.code(encoding.face.lookup_glyph_index(c as u32).unwrap_or(0)))
            .collect();
        return Object::String(bytes, StringFormat::Hexadecimal);
    }
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| win_ansi_byte(c).unwrap_or(b'?'))
        .collect();
    let hex = bytes
        .iter()
        .any(|&b| !(32..=126).contains(&b) || matches!(b, b'(' | b')' | b'\\' | b'%'));
    let format = if hex {
        StringFormat::Hexadecimal
    } else {
        StringFormat::Literal
    };
    Object::String(bytes, format)
}

/// The WinAnsi byte of `c`, if it has one.
fn win_ansi_byte(c: char) -> Option<u8> {
    if let Ok(byte @ (0x20..=0x7e | 0xa0..=0xff)) = u8::try_from(u32::from(c)) {
        return Some(byte);
    }
    const SPECIAL: [(char, u8); 27] = [
        ('\u{20AC}', 0x80),
        ('\u{201A}', 0x82),
        ('\u{0192}', 0x83),
        ('\u{201E}', 0x84),
        ('\u{2026}', 0x85),
        ('\u{2020}', 0x86),
        ('\u{2021}', 0x87),
        ('\u{02C6}', 0x88),
        ('\u{2030}', 0x89),
        ('\u{0160}', 0x8A),
        ('\u{2039}', 0x8B),
        ('\u{0152}', 0x8C),
        ('\u{017D}', 0x8E),
        ('\u{2018}', 0x91),
        ('\u{2019}', 0x92),
        ('\u{201C}', 0x93),
        ('\u{201D}', 0x94),
        ('\u{2022}', 0x95),
        ('\u{2013}', 0x96),
        ('\u{2014}', 0x97),
        ('\u{02DC}', 0x98),
        ('\u{2122}', 0x99),
        ('\u{0161}', 0x9A),
        ('\u{203A}', 0x9B),
        ('\u{0153}', 0x9C),
        ('\u{017E}', 0x9E),
        ('\u{0178}', 0x9F),
    ];
    SPECIAL
        .iter()
        .find(|(special, _)| *special == c)
        .map(|(_, byte)| *byte)
}

/// The drawing of a page as printpdf's own operations, which printpdf turns into the content
/// [`page_content`] writes (the tests compare the two).
#[cfg(test)]
pub(super) fn printpdf_operations(page: &Page, fonts: &FontIds) -> Vec<Op> {
    let mut canvas = printpdf_canvas::Operations::default();
    draw_page(&mut canvas, page, fonts);
    canvas.ops
}

#[cfg(test)]
mod printpdf_canvas {
    use printpdf::{
        Color, CurTransMat, DictItem, FontId, Line, LinePoint, Op, PdfFontHandle, Point, Pt,
        TextItem, TextMatrix, XObjectId, XObjectTransform,
    };

    use lopdf::Object;

    use super::{text_string, Canvas, Rgb};

    /// A canvas that keeps printpdf's drawing operations.
    #[derive(Default)]
    pub struct Operations {
        pub ops: Vec<Op>,
    }

    fn color(rgb: Rgb) -> Color {
        Color::Rgb(printpdf::Rgb {
            r: rgb.r,
            g: rgb.g,
            b: rgb.b,
            icc_profile: None,
        })
    }

    impl Canvas for Operations {
        fn save_state(&mut self) {
            self.ops.push(Op::SaveGraphicsState);
        }

        fn restore_state(&mut self) {
            self.ops.push(Op::RestoreGraphicsState);
        }

        fn transform(&mut self, matrix: [f32; 6]) {
            self.ops.push(Op::SetTransformationMatrix {
                matrix: CurTransMat::Raw(matrix),
            });
        }

        fn xobject(&mut self, name: String) {
            self.ops.push(Op::UseXobject {
                id: XObjectId(name),
                transform: XObjectTransform {
                    no_auto_scale: true,
                    ..XObjectTransform::default()
                },
            });
        }

        fn outline_color(&mut self, rgb: Rgb) {
            self.ops.push(Op::SetOutlineColor { col: color(rgb) });
        }

        fn outline_thickness(&mut self, points: f32) {
            self.ops.push(Op::SetOutlineThickness { pt: Pt(points) });
        }

        fn line(&mut self, from: (f32, f32), to: (f32, f32)) {
            let point = |(x, y): (f32, f32)| LinePoint {
                p: Point { x: Pt(x), y: Pt(y) },
                bezier: false,
            };
            self.ops.push(Op::DrawLine {
                line: Line {
                    points: vec![point(from), point(to)],
                    is_closed: false,
                },
            });
        }

        fn begin_text(&mut self) {
            self.ops.push(Op::StartTextSection);
        }

        fn end_text(&mut self) {
            self.ops.push(Op::EndTextSection);
        }

        fn fill_color(&mut self, rgb: Rgb) {
            self.ops.push(Op::SetFillColor { col: color(rgb) });
        }

        fn font(&mut self, font: &FontId, size: f32) {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.clone()),
                size: Pt(size),
            });
        }

        fn text_position(&mut self, x: f32, y: f32) {
            self.ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            });
        }

        fn rise(&mut self, points: f32) {
            self.ops.push(Op::SetLineOffset { multiplier: points });
        }

        fn begin_span(&mut self, text: &str) {
            let Object::String(data, _) = text_string(text) else {
                return;
            };
            let actual_text = DictItem::String {
                data,
                literal: false,
            };
            self.ops.push(Op::BeginMarkedContentWithProperties {
                tag: "Span".to_string(),
                properties: DictItem::Dict {
                    map: [("ActualText".to_string(), actual_text)].into(),
                },
            });
        }

        fn end_span(&mut self) {
            self.ops.push(Op::EndMarkedContent);
        }

        fn show(&mut self, items: Vec<TextItem>) {
            self.ops.push(Op::ShowText { items });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tags_are_six_capitals() {
        for seed in 0..50 {
            let tag = subset_tag(fnv1a(seed, [b"Libertinus".as_slice()]));
            assert_eq!(tag.len(), 6);
            assert!(tag.chars().all(|c| c.is_ascii_uppercase()), "{tag}");
        }
        assert_ne!(
            fnv1a(0, [b"ab".as_slice(), b"c".as_slice()]),
            fnv1a(0, [b"a".as_slice(), b"bc".as_slice()])
        );
    }

    #[test]
    fn kerning_becomes_negated_tj_offsets() {
        let segments = text_segments([
            RunPart::Text("A"),
            RunPart::Kern(-80.0),
            RunPart::Text("V"),
            RunPart::Text(""),
        ]);
        assert_eq!(
            segments,
            [(
                0.0,
                vec![
                    TextItem::Text("A".into()),
                    TextItem::Offset(80.0),
                    TextItem::Text("V".into())
                ]
            )]
        );
    }

    #[test]
    fn raised_marks_get_their_own_segment() {
        let glyph = |id: u16, rise: f32| RunPart::Glyph {
            id,
            chars: "",
            rise,
        };
        let segments = text_segments([
            glyph(1, 0.0),
            RunPart::Kern(-10.0),
            glyph(2, 220.0),
            RunPart::Kern(5.0),
            glyph(3, 0.0),
        ]);
        let rises: Vec<f32> = segments.iter().map(|(rise, _)| *rise).collect();
        assert_eq!(rises, [0.0, 220.0, 0.0]);
        // The offset after the raised mark stays with it, so the pen moves the same.
        assert_eq!(segments[1].1.last(), Some(&TextItem::Offset(-5.0)));
    }

    /// Drawing that takes every turn of printpdf's writing: shaped glyphs continuing a run on
    /// their baseline (with and without a new position), a new baseline, a rise, text and
    /// offsets mixed with glyphs, a position replaced before it is used, a font change, and
    /// text positioned outside a text section.
    fn script(canvas: &mut impl Canvas, fonts: [&FontId; 2], glyphs: [u16; 3]) {
        let shaped = |gids: &[u16]| {
            let codepoints = gids
                .iter()
                .map(|&gid| Codepoint {
                    gid,
                    offset: 0.0,
                    cid: Some("x".into()),
                })
                .collect();
            TextItem::GlyphIds(codepoints)
        };
        let [a, b, c] = glyphs;
        canvas.save_state();
        canvas.transform([100.0, 0.0, 0.0, 50.0, 20.0, 30.0]);
        canvas.xobject("Im1".into());
        canvas.restore_state();
        canvas.outline_color(Rgb {
            r: 0.5,
            g: 0.25,
            b: 0.125,
        });
        canvas.outline_thickness(0.6);
        canvas.line((10.0, 20.0), (110.5, 20.0));
        canvas.begin_text();
        canvas.font(fonts[0], 10.0);
        canvas.text_position(10.0, 100.0);
        canvas.show(vec![shaped(&[a, b])]);
        canvas.text_position(31.25, 100.0);
        canvas.show(vec![shaped(&[c]), TextItem::Offset(-12.5), shaped(&[a])]);
        canvas.show(vec![shaped(&[b])]);
        canvas.text_position(10.0, 88.0);
        canvas.show(vec![shaped(&[c])]);
        canvas.rise(2.5);
        canvas.show(vec![shaped(&[a])]);
        canvas.rise(0.0);
        canvas.show(vec![TextItem::Text("plain".into())]);
        canvas.fill_color(Rgb {
            r: 0.2,
            g: 0.4,
            b: 0.6,
        });
        canvas.font(fonts[1], 12.0);
        canvas.text_position(40.0, 88.0);
        canvas.text_position(44.0, 76.0);
        canvas.show(vec![
            TextItem::Text("Kerned".into()),
            TextItem::Offset(30.0),
            shaped(&[b, c]),
        ]);
        canvas.text_position(60.0, 76.0);
        canvas.show(vec![shaped(&[c])]);
        canvas.end_text();
        canvas.text_position(5.0, 5.0);
        canvas.show(vec![TextItem::Text("outside".into())]);
    }

    #[test]
    fn content_is_written_as_printpdf_writes_the_same_drawing() {
        let fonts = crate::backend::pdf::fonts::bundled_font_set();
        let regular = fonts.font(FaceId::Regular);
        let glyph = |c: char| regular.glyph(c).map(|glyph| glyph.0).expect("a glyph");
        let glyphs = [glyph('a'), glyph('b'), glyph('c')];
        let names = [FontId("AAAAAA".into()), FontId("BBBBBB".into())];
        let ids: FontIds = [
            ((FaceId::Regular, false), names[0].clone()),
            ((FaceId::Italic, false), names[1].clone()),
        ]
        .into();
        let document = |ops: Vec<Op>| {
            let mut doc = PdfDocument::new("Script");
            for ((face, _), id) in &ids {
                let font = PdfFont::new(fonts.font(*face).pdf.clone());
                doc.resources.fonts.map.insert(id.clone(), font);
            }
            let size = Rect::from_wh(Pt(300.0), Pt(300.0));
            doc.with_pages(vec![printpdf::PdfPage {
                media_box: size.clone(),
                trim_box: size.clone(),
                crop_box: size,
                ops,
            }]);
            super::super::to_lopdf(doc)
        };
        let content = |doc: &lopdf::Document| {
            let page = *doc.get_pages().values().next().expect("a page");
            let streams = doc.get_page_contents(page);
            doc.get_object(streams[0])
                .and_then(Object::as_stream)
                .map(|stream| stream.content.clone())
                .expect("a stream")
        };

        let mut operations = printpdf_canvas::Operations::default();
        script(&mut operations, [&names[0], &names[1]], glyphs);
        let theirs = content(&document(operations.ops));

        let faces: BTreeMap<&FontId, &ParsedFont> = ids
            .iter()
            .map(|((face, _), id)| (id, &fonts.font(*face).pdf))
            .collect();
        let mut recorder = UsageRecorder {
            faces: &faces,
            usage: GlyphUsage::default(),
            current: None,
        };
        script(&mut recorder, [&names[0], &names[1]], glyphs);
        let usage = recorder.usage;
        let doc = document(usage.operations());
        let encodings = Encodings::read(&doc, &usage, &ids, fonts).expect("codes");
        let mut writer = ContentWriter::new(&encodings);
        script(&mut writer, [&names[0], &names[1]], glyphs);
        let ours = writer.finish();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
        // The shaped glyphs on the first baseline are one TJ, moved by a number.
        assert!(String::from_utf8_lossy(&ours).contains("-12.5"));
    }
}
