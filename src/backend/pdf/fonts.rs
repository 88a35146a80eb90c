//! The faces one book's text is set in, as the PDF backend uses them: measured, and falling
//! back between each other.
//!
//! A character missing from the wanted face is set in the first bundled face that has it
//! (see [`FaceId::fallbacks`]); characters no face has become U+FFFD, and control and
//! invisible formatting characters are never drawn. A character no bundled face has is looked
//! for in the machine's fonts the book's options allow (see [`crate::fonts::machine`]). Each
//! face is a [`Font`], which shapes and measures text.
//!
//! The bundled faces (see [`crate::fonts`]) are parsed once for the life of the process and
//! shared by every book: the text faces when the first book is made, the fallback faces when
//! a page first needs one of their characters. Everything a book's options decide lives in
//! its own [`FontSet`].

use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};

use super::font::{Font, ShapedRun};
use crate::fonts::face_bytes;
use crate::fonts::machine::{MachineFontSources, MachineFonts};
pub use crate::fonts::FaceId;

/// The faces one book's text is set in: the bundled faces, and the machine fonts it may take
/// what none of them has from.
pub struct FontSet {
    bundled: &'static BundledFaces,
    machine: MachineFonts<Font>,
    /// The characters no face had.
    missing: Mutex<BTreeSet<char>>,
}

/// The bundled faces, parsed once for the process (index: [`FaceId::index`]); a fallback face
/// is `None` when it failed to parse.
struct BundledFaces(Vec<OnceLock<Option<Font>>>);

/// Whether a face is parsed only when a character needs it.
fn loaded_lazily(id: FaceId) -> bool {
    matches!(id, FaceId::Sans | FaceId::SansBold)
}

/// Parses a bundled face.
fn load_face(id: FaceId) -> Result<Font, String> {
    let bytes = face_bytes(id).ok_or_else(|| format!("bundled font {id:?} not found"))?;
    Font::load(bytes, 0).map_err(|err| format!("bundled font {id:?}: {err}"))
}

impl BundledFaces {
    /// The bundled faces, their text faces parsed on first use.
    fn get() -> Result<&'static BundledFaces, String> {
        static FACES: OnceLock<Result<BundledFaces, String>> = OnceLock::new();
        FACES
            .get_or_init(BundledFaces::load)
            .as_ref()
            .map_err(Clone::clone)
    }

    fn load() -> Result<BundledFaces, String> {
        let fonts = FaceId::ALL
            .iter()
            .map(|&id| {
                let slot = OnceLock::new();
                if !loaded_lazily(id) {
                    let _ = slot.set(Some(load_face(id)?));
                }
                Ok(slot)
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(BundledFaces(fonts))
    }

    /// A bundled face, parsed on first use; `None` for a machine face, and for a fallback face
    /// that failed to parse.
    fn face(&self, id: FaceId) -> Option<&Font> {
        let slot = self.0.get(id.index()?)?;
        slot.get_or_init(|| load_face(id).ok()).as_ref()
    }

    /// A bundled face already parsed.
    fn any(&self) -> Option<&Font> {
        self.0.iter().find_map(|slot| slot.get()?.as_ref())
    }
}

impl FontSet {
    /// The fonts of a book that takes the characters no bundled face has from the machine
    /// fonts in `sources`.
    pub fn new(sources: MachineFontSources) -> Result<FontSet, String> {
        Ok(FontSet {
            bundled: BundledFaces::get()?,
            machine: MachineFonts::new(sources),
            missing: Mutex::default(),
        })
    }

    /// The font of a face, parsed on first use; `None` only if a fallback face failed to
    /// parse.
    fn loaded(&self, id: FaceId) -> Option<&Font> {
        match id {
            FaceId::Machine(number) => self.machine.face(number),
            _ => self.bundled.face(id),
        }
    }

    /// The font of a face (the regular face stands in for a fallback face that failed to
    /// parse, which [`FontSet::resolve`] never picks).
    pub fn font(&self, id: FaceId) -> &Font {
        self.loaded(id)
            .or_else(|| self.loaded(FaceId::Regular))
            .or_else(|| self.bundled.any())
            .expect("the text faces are parsed when the set is loaded")
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
                .iter()
                .copied()
                .find(|&id| self.loaded(id).is_some_and(|font| font.has_char(c)))
        };
        let bold = matches!(
            preferred,
            FaceId::Bold | FaceId::BoldItalic | FaceId::SansBold
        );
        has(c)
            .or_else(|| self.machine.face_for(c, bold))
            .map(|id| (id, c))
            .or_else(|| {
                self.note_missing(c);
                has('\u{FFFD}').map(|id| (id, '\u{FFFD}'))
            })
    }

    /// Sets the language (BCP 47) of the text set next, which picks the machine face of
    /// Chinese characters (see [`crate::fonts::machine`]).
    pub fn set_language(&self, language: Option<&str>) {
        self.machine.set_language(language);
    }

    /// Remembers a character no face has.
    fn note_missing(&self, c: char) {
        self.missing
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(c);
    }

    /// The characters no face had, drawn as U+FFFD, in code point order.
    pub fn missing(&self) -> Vec<char> {
        self.missing
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .copied()
            .collect()
    }

    /// Sets `text` in `preferred` at `size` points, splitting it into runs where a character
    /// must come from a fallback face. Undrawable characters are left out. With `rtl`, the
    /// text reads right to left: the runs come in the order they are drawn, left to right.
    pub fn shape(&self, text: &str, preferred: FaceId, size: f32, rtl: bool) -> Vec<ShapedRun> {
        let mut groups: Vec<(FaceId, String)> = Vec::new();
        for c in text.chars() {
            // Joiners are not drawn but tell the shaper how letters around them connect
            // (Persian, Indic scripts): they stay in the run they fall in.
            if is_joiner(c) {
                if let Some((_, chars)) = groups.last_mut() {
                    chars.push(c);
                }
                continue;
            }
            let Some((face, c)) = self.resolve(c, preferred) else {
                continue;
            };
            match groups.last_mut() {
                Some((last, chars)) if *last == face => chars.push(c),
                _ => groups.push((face, c.to_string())),
            }
        }
        let mut runs: Vec<ShapedRun> = groups
            .into_iter()
            .map(|(face, chars)| self.font(face).set(face, &chars, size, rtl))
            .collect();
        if rtl {
            runs.reverse();
        }
        runs
    }

    /// Width of `text` set left to right in `preferred` at `size` points.
    pub fn width(&self, text: &str, preferred: FaceId, size: f32) -> f32 {
        self.shape(text, preferred, size, false)
            .iter()
            .map(|run| run.width)
            .sum()
    }
}

/// Whether a character is a joiner or non-joiner (ZWJ, ZWNJ, CGJ): never drawn, but kept in a
/// run for the shaper, which removes it after using it.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{034F}')
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

/// A font set with the bundled faces only, shared by the tests.
#[cfg(test)]
pub fn bundled_font_set() -> &'static FontSet {
    static SET: OnceLock<FontSet> = OnceLock::new();
    SET.get_or_init(|| {
        FontSet::new(MachineFontSources::default()).unwrap_or_else(|err| panic!("{err}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::font::RunPart;
    use crate::fonts::has_names;

    fn fonts() -> &'static FontSet {
        bundled_font_set()
    }

    #[test]
    fn every_face_is_found_by_name() {
        let fonts = fonts();
        for id in FaceId::ALL {
            let names = id.names().expect("bundled faces have names");
            assert!(face_bytes(id).is_some_and(|bytes| has_names(bytes, names)));
            let font = fonts.loaded(id).expect("every bundled face parses");
            assert!(font.has_char('a'), "{id:?} has no 'a'");
        }
        assert!(fonts.font(FaceId::Regular).has_char('Ж'));
        assert!(fonts.font(FaceId::Regular).has_char('λ'));
        assert_eq!(FaceId::Machine(0).names(), None);
        assert_eq!(face_bytes(FaceId::Machine(0)), None);
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
    fn missing_glyphs_fall_back_to_a_face_that_has_them() {
        let fonts = fonts();
        // Box drawing is in the DejaVu faces but not in Libertinus Serif.
        let c = '┼';
        assert!(!fonts.font(FaceId::Regular).has_char(c));
        let (face, drawn) = fonts.resolve(c, FaceId::Italic).expect("drawable");
        assert_eq!(drawn, c);
        assert!(fonts.font(face).has_char(c));
        assert_eq!(face, FaceId::Sans);
        // Code keeps its own face's box drawing.
        assert_eq!(fonts.resolve(c, FaceId::Mono), Some((FaceId::Mono, c)));

        let runs = fonts.shape("a┼b", FaceId::Regular, 10.0, false);
        let faces: Vec<FaceId> = runs.iter().map(|run| run.face).collect();
        assert_eq!(faces, [FaceId::Regular, FaceId::Sans, FaceId::Regular]);
    }

    #[test]
    fn hebrew_is_set_in_the_serif_and_arabic_in_the_sans() {
        let fonts = fonts();
        for (c, wanted, drawn_in) in [
            ('ש', FaceId::Regular, FaceId::Regular),
            ('ب', FaceId::Regular, FaceId::Sans),
            ('ب', FaceId::Bold, FaceId::SansBold),
            // Armenian and Georgian are in neither serif face.
            ('Ա', FaceId::Italic, FaceId::Sans),
            ('ა', FaceId::Regular, FaceId::Sans),
        ] {
            assert_eq!(
                fonts.resolve(c, wanted),
                Some((drawn_in, c)),
                "{c} in {wanted:?}"
            );
        }
    }

    #[test]
    fn a_non_joiner_changes_the_letter_forms_and_draws_nothing() {
        let fonts = fonts();
        let drawn = |text: &str| -> Vec<u16> {
            fonts
                .shape(text, FaceId::Regular, 10.0, true)
                .iter()
                .flat_map(|run| fonts.font(run.face).drawn_glyphs(run))
                .collect()
        };
        // Persian "mi-khaham": the non-joiner keeps the first letters apart from the rest.
        let joined = drawn("میخواهم");
        let apart = drawn("می\u{200C}خواهم");
        assert_eq!(joined.len(), apart.len(), "no glyph for the non-joiner");
        assert_ne!(joined, apart, "the letters around it take other forms");
        let runs = fonts.shape("می\u{200C}خواهم", FaceId::Regular, 10.0, true);
        let text: String = runs.iter().rev().map(ShapedRun::text).collect();
        assert_eq!(text, "می\u{200C}خواهم");
    }

    #[test]
    fn marks_are_raised_or_lowered_where_the_font_stacks_them() {
        let runs = fonts().shape("كُتُبٌ لِلطُّلَّابِ", FaceId::Regular, 10.0, true);
        let rises: Vec<f32> = runs
            .iter()
            .flat_map(|run| &run.parts)
            .filter_map(|part| match part {
                RunPart::Glyph { rise, .. } => Some(rise),
                _ => None,
            })
            .collect();
        assert!(rises.iter().any(|rise| *rise > 50.0), "{rises:?}");
        assert!(rises.iter().any(|rise| *rise < -20.0), "{rises:?}");
        // Unpointed letters sit on the baseline.
        let plain = fonts().shape("كتب", FaceId::Regular, 10.0, true);
        assert!(plain[0]
            .parts
            .iter()
            .all(|part| !matches!(part, RunPart::Glyph { rise, .. } if rise != 0.0)));
    }

    #[test]
    fn arabic_letters_join_and_read_right_to_left() {
        let fonts = fonts();
        let word = "كتب";
        let runs = fonts.shape(word, FaceId::Regular, 10.0, true);
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert!(run.rtl);
        assert_eq!(run.text(), word);
        let font = fonts.font(FaceId::Sans);
        // The letters take joined forms, not the glyphs the cmap gives them alone, and are
        // drawn last letter first.
        let alone: Vec<u16> = word
            .chars()
            .rev()
            .filter_map(|c| font.glyph(c).map(|glyph| glyph.0))
            .collect();
        let drawn = font.drawn_glyphs(run);
        assert_eq!(drawn.len(), alone.len());
        assert_ne!(drawn, alone);
        let Some(RunPart::Glyph { chars, .. }) = run.parts.last() else {
            panic!("a shaped run ends with a glyph: {:?}", run.parts);
        };
        assert_eq!(chars, "ك");
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
        let runs = fonts.shape("a\u{0007}b", FaceId::Regular, 10.0, false);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].text(), "ab");
    }
}
