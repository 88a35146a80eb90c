//! The bundled fonts (see [`crate::fonts`]) as the PDF backend uses them: parsed once for the
//! life of the process, measured, and falling back between each other.
//!
//! Measuring uses the faces' real advance widths (`hmtx`) and the pair kerning of their `GPOS`
//! `kern` feature, so the line breaker sees exactly the widths a PDF viewer will draw. A
//! character missing from the wanted face is set in the first bundled face that has it
//! (see [`FaceId::fallbacks`]); characters no face has become U+FFFD, and control and
//! invisible formatting characters are never drawn.

use std::sync::OnceLock;

use printpdf::ParsedFont;
use ttf_parser::gpos::{PairAdjustment, PositioningSubtable};
use ttf_parser::{Face, GlyphId, Tag};

use crate::fonts::face_bytes;
pub use crate::fonts::FaceId;

/// One parsed font file.
pub struct Font {
    /// Which face this is.
    pub id: FaceId,
    /// The face parsed by printpdf, for embedding.
    pub pdf: ParsedFont,
    face: Face<'static>,
    units_per_em: f32,
    /// The pair-positioning subtables of each lookup of the `kern` feature.
    kerning: Vec<Vec<PairAdjustment<'static>>>,
    /// The glyph and advance of each Latin-1 character (index: the code point), looked up once:
    /// nearly every character of most articles is one of these.
    latin1: Vec<Option<(GlyphId, u16)>>,
}

impl Font {
    fn load(id: FaceId, bytes: &'static [u8]) -> Result<Font, String> {
        let face = Face::parse(bytes, 0).map_err(|err| format!("{id:?} font: {err}"))?;
        let pdf = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .ok_or_else(|| format!("printpdf could not parse the {id:?} font"))?;
        let latin1 = (0u8..=255)
            .map(|byte| {
                let glyph = looked_up_glyph(&face, char::from(byte))?;
                Some((glyph, face.glyph_hor_advance(glyph).unwrap_or(0)))
            })
            .collect();
        Ok(Font {
            id,
            pdf,
            units_per_em: f32::from(face.units_per_em()),
            kerning: kerning_lookups(&face),
            latin1,
            face,
        })
    }

    /// Whether the font has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    fn glyph(&self, c: char) -> Option<GlyphId> {
        match self.latin1.get(c as usize) {
            Some(known) => known.map(|(glyph, _)| glyph),
            None => looked_up_glyph(&self.face, c),
        }
    }

    /// The glyph of `c` and its advance width in font units.
    fn glyph_and_advance(&self, c: char) -> Option<(GlyphId, f32)> {
        match self.latin1.get(c as usize) {
            Some(known) => known.map(|(glyph, advance)| (glyph, f32::from(advance))),
            None => looked_up_glyph(&self.face, c).map(|glyph| (glyph, self.advance(glyph))),
        }
    }

    /// Advance width of a glyph, in font units.
    fn advance(&self, glyph: GlyphId) -> f32 {
        f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0))
    }

    /// Kerning between two glyphs, in font units (negative brings them closer).
    fn kern(&self, left: GlyphId, right: GlyphId) -> f32 {
        self.kerning
            .iter()
            .filter_map(|subtables| {
                subtables
                    .iter()
                    .find_map(|pair| pair_kern(pair, left, right))
            })
            .map(f32::from)
            .sum()
    }

    /// Sets `text` (all of whose characters this font has) as one run at `size` points.
    fn set(&self, text: &str, size: f32) -> ShapedRun {
        let mut parts: Vec<RunPart> = Vec::new();
        let mut current = String::new();
        let mut units = 0.0;
        let mut previous: Option<GlyphId> = None;
        for c in text.chars() {
            let Some((glyph, advance)) = self.glyph_and_advance(c) else {
                continue;
            };
            let kern = previous.map_or(0.0, |left| self.kern(left, glyph));
            if kern != 0.0 {
                parts.push(RunPart::Text(std::mem::take(&mut current)));
                parts.push(RunPart::Kern(kern * 1000.0 / self.units_per_em));
            }
            units += kern + advance;
            current.push(c);
            previous = Some(glyph);
        }
        if !current.is_empty() {
            parts.push(RunPart::Text(current));
        }
        ShapedRun {
            face: self.id,
            size,
            parts,
            width: units * size / self.units_per_em,
        }
    }
}

/// The face's glyph for `c` from its `cmap`; `None` when it has none (glyph 0 is `.notdef`).
fn looked_up_glyph(face: &Face<'_>, c: char) -> Option<GlyphId> {
    face.glyph_index(c).filter(|glyph| glyph.0 != 0)
}

/// The `PairAdjustment` subtables of every lookup the `GPOS` `kern` feature uses.
fn kerning_lookups(face: &Face<'static>) -> Vec<Vec<PairAdjustment<'static>>> {
    let Some(gpos) = face.tables().gpos else {
        return Vec::new();
    };
    let kern = Tag::from_bytes(b"kern");
    let mut lookup_indices: Vec<u16> = gpos
        .features
        .into_iter()
        .filter(|feature| feature.tag == kern)
        .flat_map(|feature| feature.lookup_indices.into_iter())
        .collect();
    lookup_indices.sort_unstable();
    lookup_indices.dedup();
    lookup_indices
        .into_iter()
        .filter_map(|index| gpos.lookups.get(index))
        .map(|lookup| {
            (0..lookup.subtables.len())
                .filter_map(|i| match lookup.subtables.get::<PositioningSubtable>(i) {
                    Some(PositioningSubtable::Pair(pair)) => Some(pair),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// The advance adjustment a pair subtable gives the pair `left`, `right`, if it covers it.
fn pair_kern(pair: &PairAdjustment<'_>, left: GlyphId, right: GlyphId) -> Option<i16> {
    match pair {
        PairAdjustment::Format1 { coverage, sets } => {
            let set = sets.get(coverage.get(left)?)?;
            set.get(right).map(|(first, _)| first.x_advance)
        }
        PairAdjustment::Format2 {
            coverage,
            classes,
            matrix,
        } => {
            coverage.get(left)?;
            let pair_classes = (classes.0.get(left), classes.1.get(right));
            matrix.get(pair_classes).map(|(first, _)| first.x_advance)
        }
    }
}

/// A piece of a run: text, or a kerning adjustment before the next text.
#[derive(Debug, Clone, PartialEq)]
pub enum RunPart {
    /// Characters to draw.
    Text(String),
    /// Extra advance in thousandths of an em (negative brings the next glyph closer).
    Kern(f32),
}

/// Text set in one face at one size: what to draw and how wide it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedRun {
    /// The face the run is set in.
    pub face: FaceId,
    /// Font size in points.
    pub size: f32,
    /// Text and kerning, in order.
    pub parts: Vec<RunPart>,
    /// Advance width in points.
    pub width: f32,
}

impl ShapedRun {
    /// The characters of the run.
    pub fn text(&self) -> String {
        self.parts
            .iter()
            .filter_map(|part| match part {
                RunPart::Text(text) => Some(text.as_str()),
                RunPart::Kern(_) => None,
            })
            .collect()
    }

    /// Appends `other` (same face and size) to this run.
    pub fn append(&mut self, other: ShapedRun) {
        self.width += other.width;
        self.parts.extend(other.parts);
    }

    /// Adds `points` of extra advance at the end of the run (for justification).
    pub fn stretch(&mut self, points: f32) {
        if points != 0.0 && self.size > 0.0 {
            self.parts.push(RunPart::Kern(points * 1000.0 / self.size));
            self.width += points;
        }
    }
}

/// All bundled faces, parsed.
pub struct FontSet {
    fonts: Vec<Font>,
}

/// The bundled fonts, loaded on first use.
pub fn font_set() -> Result<&'static FontSet, String> {
    static FONTS: OnceLock<Result<FontSet, String>> = OnceLock::new();
    FONTS
        .get_or_init(FontSet::load)
        .as_ref()
        .map_err(Clone::clone)
}

impl FontSet {
    fn load() -> Result<FontSet, String> {
        let fonts = FaceId::ALL
            .iter()
            .map(|&id| {
                let bytes = face_bytes(id)
                    .ok_or_else(|| format!("bundled font {:?} not found", id.names()))?;
                Font::load(id, bytes)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FontSet { fonts })
    }

    /// The font of a face.
    pub fn font(&self, id: FaceId) -> &Font {
        &self.fonts[id.index()]
    }

    /// The face `c` is drawn in when `preferred` is wanted, and the character actually drawn:
    /// `c` itself, U+FFFD when no face has it, or `None` when it is not drawn at all.
    pub fn resolve(&self, c: char, preferred: FaceId) -> Option<(FaceId, char)> {
        if !is_drawable(c) {
            return None;
        }
        let has = |c: char| {
            preferred
                .fallbacks()
                .into_iter()
                .find(|&id| self.font(id).has_char(c))
        };
        has(c)
            .map(|id| (id, c))
            .or_else(|| has('\u{FFFD}').map(|id| (id, '\u{FFFD}')))
    }

    /// Sets `text` in `preferred` at `size` points, splitting it into runs where a character
    /// must come from a fallback face. Undrawable characters are left out.
    pub fn shape(&self, text: &str, preferred: FaceId, size: f32) -> Vec<ShapedRun> {
        let mut groups: Vec<(FaceId, String)> = Vec::new();
        for (face, c) in text.chars().filter_map(|c| self.resolve(c, preferred)) {
            match groups.last_mut() {
                Some((last, chars)) if *last == face => chars.push(c),
                _ => groups.push((face, c.to_string())),
            }
        }
        groups
            .into_iter()
            .map(|(face, chars)| self.font(face).set(&chars, size))
            .collect()
    }

    /// Width of `text` set in `preferred` at `size` points.
    pub fn width(&self, text: &str, preferred: FaceId, size: f32) -> f32 {
        self.shape(text, preferred, size)
            .iter()
            .map(|run| run.width)
            .sum()
    }
}

/// Whether a character is drawn at all: control characters and invisible formatting
/// characters (soft hyphen, zero-width spaces and joiners, direction marks, BOM) are not.
pub fn is_drawable(c: char) -> bool {
    !(c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::has_names;

    fn fonts() -> &'static FontSet {
        font_set().unwrap_or_else(|err| panic!("{err}"))
    }

    #[test]
    fn every_face_is_found_by_name() {
        let fonts = fonts();
        for id in FaceId::ALL {
            let matching = typst_assets::fonts()
                .filter(|bytes| has_names(bytes, id.names()))
                .count();
            assert_eq!(matching, 1, "{id:?} names exactly one bundled font");
            let font = fonts.font(id);
            assert_eq!(font.id, id);
            assert!(font.has_char('a'), "{id:?} has no 'a'");
        }
        assert!(fonts.font(FaceId::Regular).has_char('Ж'));
        assert!(fonts.font(FaceId::Regular).has_char('λ'));
    }

    #[test]
    fn wide_letters_measure_wider_than_narrow_ones() {
        let fonts = fonts();
        let wide = fonts.width("MMMMMMMMMM", FaceId::Regular, 10.0);
        let narrow = fonts.width("iiiiiiiiii", FaceId::Regular, 10.0);
        assert!(wide > 2.0 * narrow, "{wide} vs {narrow}");
        // Widths scale with the size.
        let double = fonts.width("MMMMMMMMMM", FaceId::Regular, 20.0);
        assert!((double - 2.0 * wide).abs() < 0.01);
    }

    #[test]
    fn kerning_tightens_known_pairs() {
        let font = fonts().font(FaceId::Regular);
        let pair = font.set("AV", 10.0).width;
        let apart = font.set("A", 10.0).width + font.set("V", 10.0).width;
        assert!(
            pair < apart,
            "AV {pair} should be narrower than A+V {apart}"
        );
        let run = font.set("AV", 10.0);
        assert!(run
            .parts
            .iter()
            .any(|part| matches!(part, RunPart::Kern(k) if *k < 0.0)));
        assert_eq!(run.text(), "AV");
    }

    #[test]
    fn missing_glyphs_fall_back_to_a_face_that_has_them() {
        let fonts = fonts();
        // Box drawing is in DejaVu Sans Mono but not in Libertinus Serif.
        let c = '┼';
        assert!(!fonts.font(FaceId::Regular).has_char(c));
        let (face, drawn) = fonts.resolve(c, FaceId::Italic).expect("drawable");
        assert_eq!(drawn, c);
        assert!(fonts.font(face).has_char(c));
        assert_eq!(face, FaceId::Mono);

        let runs = fonts.shape("a┼b", FaceId::Regular, 10.0);
        let faces: Vec<FaceId> = runs.iter().map(|run| run.face).collect();
        assert_eq!(faces, [FaceId::Regular, FaceId::Mono, FaceId::Regular]);
    }

    #[test]
    fn unknown_and_invisible_characters() {
        let fonts = fonts();
        // A private-use character no bundled face has is drawn as U+FFFD from a face that has it.
        let (face, drawn) = fonts
            .resolve('\u{E000}', FaceId::Regular)
            .expect("drawable");
        assert_eq!(drawn, '\u{FFFD}');
        assert!(fonts.font(face).has_char('\u{FFFD}'));
        // Controls and invisible characters are dropped.
        for c in ['\u{0007}', '\u{00AD}', '\u{200B}', '\u{FEFF}', '\t'] {
            assert_eq!(fonts.resolve(c, FaceId::Regular), None, "{c:?}");
        }
        let runs = fonts.shape("a\u{0007}b", FaceId::Regular, 10.0);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].text(), "ab");
    }
}
