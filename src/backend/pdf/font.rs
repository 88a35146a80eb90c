//! One parsed font file, as the PDF backend sets text in it.
//!
//! Text is shaped with `harfrust` (ligatures, kerning, the contextual forms of Arabic,
//! right-to-left runs), so the line breaker sees exactly the widths a PDF viewer will draw.
//! Most words of most articles are Latin-1 characters that no default substitution of the
//! font touches; those take a fast path that gives the same result: the glyphs of the font's
//! `cmap`, their advances (`hmtx`) and the pair kerning of the `GPOS` `kern` feature.
//!
//! A [`Font`] is immutable but for the shape plans and shaped words it remembers, which
//! depend on nothing but the font and the text, so one parsed face can serve every book the
//! process makes.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use harfrust::{
    BufferClusterLevel, BufferFlags, Direction, Script, ShapeOptions, ShapePlan, ShaperData,
    UnicodeBuffer,
};
use printpdf::ParsedFont;
use ttf_parser::gpos::{PairAdjustment, PositioningSubtable};
use ttf_parser::gsub::SubstitutionSubtable;
use ttf_parser::opentype_layout::{ChainedContextLookup, ContextLookup, Coverage};
use ttf_parser::{Face, GlyphId, Tag};

use crate::fonts::machine::LoadedFace;
use crate::fonts::{names_of, FaceId};

/// One parsed face of a font file.
pub struct Font {
    /// The family and style its `name` table gives.
    pub name: String,
    /// The face parsed by printpdf, for embedding.
    pub pdf: ParsedFont,
    face: Face<'static>,
    units_per_em: f32,
    /// The pair-positioning subtables of each lookup of the `kern` feature.
    kerning: Vec<Vec<PairAdjustment<'static>>>,
    /// The glyph and advance of each Latin-1 character (index: the code point), looked up once:
    /// nearly every character of most articles is one of these.
    latin1: Vec<Option<(GlyphId, u16)>>,
    /// Whether each Latin-1 character (index: the code point) can take the fast path: the
    /// font has it, and no substitution of a default feature starts at its glyph.
    plain: Vec<bool>,
    /// Pairs of Latin-1 glyphs that start a ligature: text with one takes the shaper.
    ligature_starts: HashSet<(GlyphId, GlyphId)>,
    /// The face as the shaper reads it.
    shaping_font: harfrust::FontRef<'static>,
    /// The shaper's tables for the face, built once.
    shaper_data: ShaperData,
    /// Shape plans already made, one per direction and script.
    plans: Mutex<Vec<Arc<PlanEntry>>>,
    /// Texts already shaped, left to right and right to left: their glyphs and advance in
    /// font units.
    shaped: Mutex<[ShapedTexts; 2]>,
    /// The unified ideograph each glyph of a unified ideograph stands for, found when a
    /// radical or compatibility ideograph is first drawn (see [`Font::read_back_as`]).
    ideographs: OnceLock<HashMap<u16, char>>,
}

/// Shaped texts: each text's glyphs and its advance in font units.
type ShapedTexts = HashMap<Box<str>, (RunParts, f32)>;

/// How many shaped texts a face remembers per direction before it starts afresh (a batch of
/// articles would otherwise collect every word it ever set).
const SHAPED_CACHE_ENTRIES: usize = 20_000;
/// Texts longer than this (in bytes) are shaped every time: words repeat, long strings rarely.
const SHAPED_CACHE_TEXT_BYTES: usize = 64;

/// A shape plan and what it was made for.
struct PlanEntry {
    direction: Direction,
    script: Script,
    plan: ShapePlan,
}

/// The `GSUB` features a shaper applies by default to every script (and `locl`, which it
/// applies for some languages): a glyph none of their lookups start at is drawn as it is.
const DEFAULT_SUBSTITUTIONS: [&[u8; 4]; 7] = [
    b"ccmp", b"locl", b"rlig", b"liga", b"clig", b"calt", b"rclt",
];

impl Font {
    /// Parses face `index` of a font file.
    pub fn load(bytes: &'static [u8], index: u32) -> Result<Font, String> {
        let face = Face::parse(bytes, index).map_err(|err| err.to_string())?;
        let pdf = ParsedFont::from_bytes(bytes, index as usize, &mut Vec::new())
            .ok_or("printpdf could not parse it")?;
        let shaping_font =
            harfrust::FontRef::from_index(bytes, index).map_err(|err| err.to_string())?;
        let (family, style) = names_of(&face);
        let name = format!(
            "{} {}",
            family.unwrap_or_default(),
            style.unwrap_or_default()
        );
        let latin1: Vec<Option<(GlyphId, u16)>> = (0u8..=255)
            .map(|byte| {
                let glyph = looked_up_glyph(&face, char::from(byte))?;
                Some((glyph, face.glyph_hor_advance(glyph).unwrap_or(0)))
            })
            .collect();
        let latin: HashSet<GlyphId> = latin1.iter().flatten().map(|(glyph, _)| *glyph).collect();
        let substitutions = LatinSubstitutions::of(&face, &latin);
        let plain = latin1
            .iter()
            .map(|known| known.is_some_and(|(glyph, _)| !substitutions.glyphs.contains(&glyph)))
            .collect();
        Ok(Font {
            name,
            pdf,
            units_per_em: f32::from(face.units_per_em()),
            kerning: kerning_lookups(&face),
            latin1,
            plain,
            ligature_starts: substitutions.ligature_starts,
            shaper_data: ShaperData::new(&shaping_font),
            shaping_font,
            plans: Mutex::new(Vec::new()),
            shaped: Mutex::new([HashMap::new(), HashMap::new()]),
            ideographs: OnceLock::new(),
            face,
        })
    }

    /// Whether the font has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// The font's glyph for `c`, if it has one.
    pub fn glyph(&self, c: char) -> Option<GlyphId> {
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

    /// Sets `text` (all of whose characters this font has) as one run at `size` points, right
    /// to left when `rtl` is set; the run says it is set in `face`, the id of this font in the
    /// set that asks.
    pub fn set(&self, face: FaceId, text: &str, size: f32, rtl: bool) -> ShapedRun {
        if !rtl {
            if let Some(run) = self.set_plain(face, text, size) {
                return run;
            }
        }
        // Shaping gives the same glyphs at every size; only the width scales.
        let (parts, units) = self.shaped_units(text, rtl);
        ShapedRun {
            face,
            size,
            parts,
            width: units * size / self.units_per_em,
            rtl,
        }
    }

    /// The shaper's glyphs for `text` and its advance in font units, remembered: words come
    /// back many times in an article and across a batch.
    fn shaped_units(&self, text: &str, rtl: bool) -> (RunParts, f32) {
        let direction = usize::from(rtl);
        let cache = self
            .shaped
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(known) = cache[direction].get(text) {
            return known.clone();
        }
        drop(cache);
        let shaped = self.shape_text(text, rtl);
        if text.len() > SHAPED_CACHE_TEXT_BYTES {
            return shaped;
        }
        let mut cache = self
            .shaped
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let texts = &mut cache[direction];
        if texts.len() >= SHAPED_CACHE_ENTRIES {
            texts.clear();
        }
        texts.insert(text.into(), shaped.clone());
        shaped
    }

    /// The fast path (see the module documentation): one glyph per character from the `cmap`,
    /// with pair kerning; `None` when a character or a pair of them needs the shaper.
    fn set_plain(&self, face: FaceId, text: &str, size: f32) -> Option<ShapedRun> {
        let mut parts = RunParts::default();
        // Where the characters not added to the parts yet start.
        let mut pending = 0;
        let mut units = 0.0;
        let mut previous: Option<GlyphId> = None;
        for (at, c) in text.char_indices() {
            if !self.plain.get(c as usize).copied().unwrap_or(false) {
                return None;
            }
            let (glyph, advance) = self.glyph_and_advance(c)?;
            if let Some(left) = previous {
                if self.ligature_starts.contains(&(left, glyph)) {
                    return None;
                }
            }
            let kern = previous.map_or(0.0, |left| self.kern(left, glyph));
            if kern != 0.0 {
                parts.push_text(&text[pending..at]);
                parts.push_kern(kern * 1000.0 / self.units_per_em);
                pending = at;
            }
            units += kern + advance;
            previous = Some(glyph);
        }
        if pending < text.len() {
            parts.push_text(&text[pending..]);
        }
        Some(ShapedRun {
            face,
            size,
            parts,
            width: units * size / self.units_per_em,
            rtl: false,
        })
    }

    /// Sets `text` with the shaper. The glyphs come out in visual order (for a right-to-left
    /// run, the last character's glyph first); each carries the characters it stands for, so
    /// text extraction gives back the words, ligatures included.
    fn shape_text(&self, text: &str, rtl: bool) -> (RunParts, f32) {
        let shaper = self.shaper_data.shaper(&self.shaping_font).build();
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        buffer.set_cluster_level(BufferClusterLevel::MonotoneCharacters);
        // Joiners shape their neighbours, then go: no glyph is drawn for them.
        buffer.set_flags(BufferFlags::REMOVE_DEFAULT_IGNORABLES);
        let plan = self.plan(&shaper, buffer.direction(), buffer.script());
        let output = shaper.shape(buffer, ShapeOptions::new().plan(Some(&plan.plan)));
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let clusters: Vec<u32> = infos.iter().map(|info| info.cluster).collect();
        let mut chars = glyph_texts(text, &clusters, rtl).into_iter();

        let to_thousandths = |units: i32| units as f32 * 1000.0 / self.units_per_em;
        let mut parts = RunParts::default();
        let mut units = 0.0;
        for (info, position) in infos.iter().zip(positions) {
            let chars = chars.next().unwrap_or_default();
            let Ok(glyph) = u16::try_from(info.glyph_id) else {
                continue;
            };
            let drawn_advance = self.advance(GlyphId(glyph));
            if position.x_offset != 0 {
                parts.push_kern(to_thousandths(position.x_offset));
            }
            let chars = self.read_back_as(glyph, chars);
            parts.push_glyph(glyph, &chars, to_thousandths(position.y_offset));
            let after = position.x_advance - position.x_offset - drawn_advance as i32;
            if after != 0 {
                parts.push_kern(to_thousandths(after));
            }
            units += position.x_advance as f32;
        }
        (parts, units)
    }

    /// The characters text extraction gives back for `glyph`, drawn for `chars`. A PDF font
    /// maps each glyph to one text, so where the font draws a Kangxi radical or a
    /// compatibility ideograph with the glyph of a unified ideograph (一 for ⼀), the glyph
    /// reads back as the unified ideograph, its usual form: else one ⼀ in a book would turn
    /// every 一 of it into ⼀ when copied or searched.
    fn read_back_as(&self, glyph: u16, chars: String) -> String {
        let mut each = chars.chars();
        let (Some(c), None) = (each.next(), each.next()) else {
            return chars;
        };
        if !is_compatibility_ideograph(c) {
            return chars;
        }
        let ideographs = self
            .ideographs
            .get_or_init(|| unified_ideographs(&self.face));
        match ideographs.get(&glyph) {
            Some(unified) => unified.to_string(),
            None => chars,
        }
    }

    /// The shape plan for a direction and script, made on first use.
    fn plan(
        &self,
        shaper: &harfrust::Shaper<'_>,
        direction: Direction,
        script: Script,
    ) -> Arc<PlanEntry> {
        let mut plans = self
            .plans
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(entry) = plans
            .iter()
            .find(|entry| entry.direction == direction && entry.script == script)
        {
            return Arc::clone(entry);
        }
        let entry = Arc::new(PlanEntry {
            direction,
            script,
            plan: ShapePlan::new(shaper, direction, Some(script), None, &[]),
        });
        plans.push(Arc::clone(&entry));
        entry
    }
}

/// The characters each shaped glyph stands for, from the glyphs' cluster values (the byte
/// offset in `text` where each glyph's cluster starts) in drawing order. A cluster's characters
/// are shared out in reading order: one each to all its glyphs but the last, which takes the
/// rest (a ligature's glyph takes them all). Glyphs beyond the characters get none, and the
/// PDF then maps them by the font's own `cmap`. This is exact for ligatures and for one glyph
/// per character; where a script reorders or splits the glyphs of a cluster (a Devanagari
/// vowel sign drawn before its consonant, Thai sara am), copied text can come out in drawing
/// order.
fn glyph_texts(text: &str, clusters: &[u32], rtl: bool) -> Vec<String> {
    let mut starts: Vec<usize> = clusters.iter().map(|&cluster| cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let cluster_end = |start: usize| {
        starts
            .iter()
            .find(|&&next| next > start)
            .copied()
            .unwrap_or(text.len())
    };
    let mut texts = vec![String::new(); clusters.len()];
    let mut i = 0;
    while i < clusters.len() {
        let cluster = clusters[i];
        let mut j = i;
        while j < clusters.len() && clusters[j] == cluster {
            j += 1;
        }
        let start = cluster as usize;
        let cluster_chars: Vec<char> = text
            .get(start..cluster_end(start))
            .unwrap_or_default()
            .chars()
            .collect();
        // The cluster's glyphs in reading order.
        let mut glyphs: Vec<usize> = (i..j).collect();
        if rtl {
            glyphs.reverse();
        }
        let mut remaining = &cluster_chars[..];
        for (n, &glyph) in glyphs.iter().enumerate() {
            let take = if n + 1 == glyphs.len() {
                remaining.len()
            } else {
                remaining.len().min(1)
            };
            texts[glyph] = remaining[..take].iter().collect();
            remaining = &remaining[take..];
        }
        i = j;
    }
    texts
}

/// What the substitutions a shaper applies by default to Latin text (see
/// [`DEFAULT_SUBSTITUTIONS`]) can do to a string of Latin-1 glyphs.
struct LatinSubstitutions {
    /// Glyphs a rule may replace wherever they stand.
    glyphs: HashSet<GlyphId>,
    /// Pairs of glyphs that start a ligature.
    ligature_starts: HashSet<(GlyphId, GlyphId)>,
}

impl LatinSubstitutions {
    /// Reads the rules of the `latn` script's default language (or `DFLT`'s), which is what
    /// a shaper applies to Latin text in no particular language. Every `GSUB` rule starts at
    /// a glyph its subtable's coverage lists; a contextual rule some of whose positions hold
    /// no Latin-1 glyph (an `i` followed by a combining accent) never applies to Latin-1
    /// text, and a ligature only where its first two glyphs stand side by side. Anything
    /// else is taken to apply, which only sends more text to the shaper.
    fn of(face: &Face<'_>, latin: &HashSet<GlyphId>) -> LatinSubstitutions {
        let mut rules = LatinSubstitutions {
            glyphs: HashSet::new(),
            ligature_starts: HashSet::new(),
        };
        let Some(gsub) = face.tables().gsub else {
            return rules;
        };
        let script = gsub
            .scripts
            .find(Tag::from_bytes(b"latn"))
            .or_else(|| gsub.scripts.find(Tag::from_bytes(b"DFLT")));
        let Some(language) = script.and_then(|script| script.default_language) else {
            return rules;
        };
        let mut lookup_indices: Vec<u16> = language
            .feature_indices
            .into_iter()
            .chain(language.required_feature)
            .filter_map(|index| gsub.features.get(index))
            .filter(|feature| {
                DEFAULT_SUBSTITUTIONS
                    .iter()
                    .any(|tag| feature.tag == Tag::from_bytes(tag))
            })
            .flat_map(|feature| feature.lookup_indices.into_iter())
            .collect();
        lookup_indices.sort_unstable();
        lookup_indices.dedup();
        let covers_latin =
            |coverage: &Coverage<'_>| latin.iter().any(|&g| coverage.get(g).is_some());
        for lookup in lookup_indices
            .into_iter()
            .filter_map(|index| gsub.lookups.get(index))
        {
            for i in 0..lookup.subtables.len() {
                let Some(subtable) = lookup.subtables.get::<SubstitutionSubtable>(i) else {
                    continue;
                };
                match subtable {
                    SubstitutionSubtable::Ligature(ligatures) => {
                        for &first in latin {
                            let Some(index) = ligatures.coverage.get(first) else {
                                continue;
                            };
                            let Some(set) = ligatures.ligature_sets.get(index) else {
                                continue;
                            };
                            for ligature in set {
                                match ligature.components.get(0) {
                                    Some(second) => {
                                        rules.ligature_starts.insert((first, second));
                                    }
                                    None => {
                                        rules.glyphs.insert(first);
                                    }
                                }
                            }
                        }
                    }
                    SubstitutionSubtable::ChainContext(ChainedContextLookup::Format3 {
                        backtrack_coverages,
                        input_coverages,
                        lookahead_coverages,
                        ..
                    }) if !backtrack_coverages
                        .into_iter()
                        .chain(input_coverages)
                        .chain(lookahead_coverages)
                        .all(|coverage| covers_latin(&coverage)) => {}
                    SubstitutionSubtable::Context(ContextLookup::Format3 { coverages, .. })
                        if !coverages
                            .into_iter()
                            .all(|coverage| covers_latin(&coverage)) => {}
                    other => {
                        let coverage = other.coverage();
                        rules
                            .glyphs
                            .extend(latin.iter().filter(|&&g| coverage.get(g).is_some()));
                    }
                }
            }
        }
        rules
    }
}

/// Whether `c` is a CJK radical (Kangxi or supplementary) or a compatibility ideograph: a
/// character that fonts often draw with the glyph of a unified ideograph.
fn is_compatibility_ideograph(c: char) -> bool {
    matches!(
        c,
        '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}'
    )
}

/// Whether `c` is a CJK unified ideograph.
fn is_unified_ideograph(c: char) -> bool {
    matches!(
        c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{20000}'..='\u{3FFFF}'
    )
}

/// The unified ideograph each glyph of the face's unified ideographs is drawn for (the first
/// one, when several share a glyph).
fn unified_ideographs(face: &Face<'_>) -> HashMap<u16, char> {
    let mut ideographs = HashMap::new();
    let Some(cmap) = face.tables().cmap else {
        return ideographs;
    };
    for subtable in cmap
        .subtables
        .into_iter()
        .filter(|table| table.is_unicode())
    {
        subtable.codepoints(|code| {
            let Some(c) = char::from_u32(code).filter(|&c| is_unified_ideograph(c)) else {
                return;
            };
            if let Some(glyph) = subtable.glyph_index(code) {
                let known = ideographs.entry(glyph.0).or_insert(c);
                *known = (*known).min(c);
            }
        });
    }
    ideographs
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

/// A piece of a run: text, a shaped glyph, or a kerning adjustment before the next one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RunPart<'a> {
    /// Characters drawn one glyph each, as the font's `cmap` maps them.
    Text(&'a str),
    /// A glyph the shaper chose, and the characters it stands for (several for a ligature,
    /// none for the second glyph of a character drawn as two).
    Glyph {
        /// The glyph's index in the font.
        id: u16,
        /// The characters it stands for, in reading order.
        chars: &'a str,
        /// How far the glyph is raised above the baseline, in thousandths of an em (a mark
        /// stacked above or below its letter); 0 for most glyphs.
        rise: f32,
    },
    /// Extra advance in thousandths of an em (negative brings the next glyph closer).
    Kern(f32),
}

/// The pieces of a run ([`RunPart`]s), in the order they are drawn. They are kept compact,
/// since an article's lines are all kept until its pages are written: the characters of all
/// the pieces in one string, and for each piece its kind and how many bytes of that string it
/// takes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunParts {
    text: String,
    parts: Vec<Part>,
}

/// A piece of a run, its characters counted in bytes of [`RunParts::text`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    Text(u32),
    Glyph { id: u16, chars: u32, rise: f32 },
    Kern(f32),
}

impl Part {
    /// How many bytes of the characters the piece takes.
    fn len(self) -> usize {
        match self {
            Part::Text(len) | Part::Glyph { chars: len, .. } => len as usize,
            Part::Kern(_) => 0,
        }
    }
}

/// The byte length of a piece's characters (a piece is a word or less).
fn byte_len(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

impl RunParts {
    /// Adds characters drawn one glyph each.
    pub fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
        self.parts.push(Part::Text(byte_len(text)));
    }

    /// Adds a shaped glyph standing for `chars`.
    pub fn push_glyph(&mut self, id: u16, chars: &str, rise: f32) {
        self.text.push_str(chars);
        self.parts.push(Part::Glyph {
            id,
            chars: byte_len(chars),
            rise,
        });
    }

    /// Adds extra advance, in thousandths of an em.
    pub fn push_kern(&mut self, kern: f32) {
        self.parts.push(Part::Kern(kern));
    }

    /// Adds the pieces of `other` after these.
    pub fn extend(&mut self, other: &RunParts) {
        self.text.push_str(&other.text);
        self.parts.extend_from_slice(&other.parts);
    }

    /// Gives back the room kept for more pieces.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.parts.shrink_to_fit();
    }

    /// The pieces, in drawing order.
    pub fn iter(&self) -> RunPartsIter<'_> {
        RunPartsIter {
            text: &self.text,
            parts: self.parts.iter(),
            front: 0,
            back: self.text.len(),
        }
    }

    /// The last piece.
    #[cfg(test)]
    pub fn last(&self) -> Option<RunPart<'_>> {
        self.iter().next_back()
    }
}

impl<'a> IntoIterator for &'a RunParts {
    type Item = RunPart<'a>;
    type IntoIter = RunPartsIter<'a>;

    fn into_iter(self) -> RunPartsIter<'a> {
        self.iter()
    }
}

/// The pieces of [`RunParts`], from either end.
#[derive(Debug, Clone)]
pub struct RunPartsIter<'a> {
    text: &'a str,
    parts: std::slice::Iter<'a, Part>,
    /// Where the characters of the next piece from the front start.
    front: usize,
    /// Where the characters of the next piece from the back end.
    back: usize,
}

impl<'a> RunPartsIter<'a> {
    fn piece(&self, part: Part, chars: std::ops::Range<usize>) -> RunPart<'a> {
        let chars = self.text.get(chars).unwrap_or_default();
        match part {
            Part::Text(_) => RunPart::Text(chars),
            Part::Glyph { id, rise, .. } => RunPart::Glyph { id, chars, rise },
            Part::Kern(kern) => RunPart::Kern(kern),
        }
    }
}

impl<'a> Iterator for RunPartsIter<'a> {
    type Item = RunPart<'a>;

    fn next(&mut self) -> Option<RunPart<'a>> {
        let part = *self.parts.next()?;
        let start = self.front;
        self.front += part.len();
        Some(self.piece(part, start..self.front))
    }
}

impl<'a> DoubleEndedIterator for RunPartsIter<'a> {
    fn next_back(&mut self) -> Option<RunPart<'a>> {
        let part = *self.parts.next_back()?;
        let end = self.back;
        self.back -= part.len();
        Some(self.piece(part, self.back..end))
    }
}

/// Text set in one face at one size: what to draw and how wide it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedRun {
    /// The face the run is set in.
    pub face: FaceId,
    /// Font size in points.
    pub size: f32,
    /// Glyphs and kerning, in the order they are drawn (left to right).
    pub parts: RunParts,
    /// Advance width in points.
    pub width: f32,
    /// Whether the run reads right to left (its parts are then in the reverse of reading
    /// order).
    pub rtl: bool,
}

impl ShapedRun {
    /// The characters of the run, in reading order.
    pub fn text(&self) -> String {
        let texts = self.parts.iter().filter_map(|part| match part {
            RunPart::Text(text) => Some(text),
            RunPart::Glyph { chars, .. } => Some(chars),
            RunPart::Kern(_) => None,
        });
        in_reading_order(texts, self.rtl)
    }

    /// Appends `other` (same face, size and direction) to this run, after it on the page.
    pub fn append(&mut self, other: &ShapedRun) {
        self.width += other.width;
        self.parts.extend(&other.parts);
    }

    /// Adds `points` of extra advance at the end of the run (for justification).
    pub fn stretch(&mut self, points: f32) {
        if points != 0.0 && self.size > 0.0 {
            self.parts.push_kern(points * 1000.0 / self.size);
            self.width += points;
        }
    }
}

/// Pieces of text given in drawing order (left to right), joined in reading order: reversed
/// when they read right to left.
pub fn in_reading_order<S: AsRef<str>>(
    pieces: impl DoubleEndedIterator<Item = S>,
    right_to_left: bool,
) -> String {
    let mut text = String::new();
    let mut push = |piece: S| text.push_str(piece.as_ref());
    if right_to_left {
        pieces.rev().for_each(&mut push);
    } else {
        pieces.for_each(&mut push);
    }
    text
}

#[cfg(test)]
impl Font {
    /// The glyphs a run set in this font draws, whichever path set it.
    pub(super) fn drawn_glyphs(&self, run: &ShapedRun) -> Vec<u16> {
        run.parts
            .iter()
            .flat_map(|part| match part {
                RunPart::Text(text) => text
                    .chars()
                    .filter_map(|c| self.glyph(c).map(|glyph| glyph.0))
                    .collect(),
                RunPart::Glyph { id, .. } => vec![id],
                RunPart::Kern(_) => Vec::new(),
            })
            .collect()
    }
}

impl LoadedFace for Font {
    fn load(bytes: &'static [u8], index: u32) -> Option<Font> {
        Font::load(bytes, index).ok()
    }

    fn has_char(&self, c: char) -> bool {
        Font::has_char(self, c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::fonts::{bundled_font_set, FontSet};

    fn fonts() -> &'static FontSet {
        bundled_font_set()
    }

    #[test]
    fn kerning_tightens_known_pairs() {
        let font = fonts().font(FaceId::Regular);
        let pair = font.set(FaceId::Regular, "AV", 10.0, false).width;
        let apart = font.set(FaceId::Regular, "A", 10.0, false).width
            + font.set(FaceId::Regular, "V", 10.0, false).width;
        assert!(
            pair < apart,
            "AV {pair} should be narrower than A+V {apart}"
        );
        let run = font.set(FaceId::Regular, "AV", 10.0, false);
        assert!(run
            .parts
            .iter()
            .any(|part| matches!(part, RunPart::Kern(k) if k < 0.0)));
        assert_eq!(run.text(), "AV");
    }

    #[test]
    fn the_fast_path_sets_words_exactly_as_the_shaper_does() {
        let words = [
            "AVATAR",
            "Wave",
            "To",
            "Yacht",
            "harbour",
            "Können",
            "naïve",
            "çà",
            "LT",
            "P.",
            "“quoted”",
            "1,234.50",
            "Zürich",
            "rowing",
            "Tower",
            "This",
            "Thin",
            "strict",
            "actor",
            "jig",
            "Tight",
            "city",
            "Quay",
            "justice",
            "ij",
            "Tt",
            "ct",
            "st",
            "Ti",
        ];
        let mut plain = 0;
        for id in [FaceId::Regular, FaceId::Italic, FaceId::Bold, FaceId::Mono] {
            let font = fonts().font(id);
            for word in words {
                let Some(fast) = font.set_plain(id, word, 10.0) else {
                    continue;
                };
                plain += 1;
                let (parts, units) = font.shape_text(word, false);
                let shaped = ShapedRun {
                    face: id,
                    size: 10.0,
                    parts,
                    width: units * 10.0 / font.units_per_em,
                    rtl: false,
                };
                assert_eq!(
                    font.drawn_glyphs(&fast),
                    font.drawn_glyphs(&shaped),
                    "{id:?} {word}"
                );
                assert!(
                    (fast.width - shaped.width).abs() < 0.001,
                    "{id:?} {word}: {} vs {}",
                    fast.width,
                    shaped.width
                );
                assert_eq!(fast.text(), shaped.text());
            }
        }
        assert!(plain > 90, "only {plain} words took the fast path");
    }

    #[test]
    fn each_glyph_of_a_cluster_gets_its_share_of_the_characters() {
        // A ligature: one glyph for three characters.
        assert_eq!(glyph_texts("ffi", &[0], false), ["ffi"]);
        // Two glyphs for a consonant and its vowel sign, then a third glyph alone.
        assert_eq!(glyph_texts("तेक", &[0, 0, 6], false), ["त", "े", "क"]);
        // Right to left: drawn last cluster first; a cluster's glyphs also reversed.
        assert_eq!(glyph_texts("אב", &[2, 0], true), ["ב", "א"]);
        assert_eq!(glyph_texts("בּ", &[0, 0], true), ["\u{05BC}", "ב"]);
        // More glyphs than characters: the extra glyph stands for nothing.
        assert_eq!(glyph_texts("a", &[0, 0], false), ["a", ""]);
    }

    #[test]
    fn ligatures_are_drawn_and_keep_their_letters() {
        let font = fonts().font(FaceId::Regular);
        assert!(font.set_plain(FaceId::Regular, "office", 10.0).is_none());
        let run = font.set(FaceId::Regular, "office", 10.0, false);
        assert!(
            run.parts
                .iter()
                .any(|part| matches!(part, RunPart::Glyph { chars, .. } if chars == "ffi")),
            "no ffi ligature in {:?}",
            run.parts
        );
        assert_eq!(run.text(), "office");
        assert!(font.drawn_glyphs(&run).len() < "office".len());
    }
}
