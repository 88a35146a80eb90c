//! Fonts of the machine, and of the folders given with `--font-dir`, for the characters no
//! bundled face has (Chinese, Japanese, Korean, Devanagari, Thai and the like).
//!
//! Nothing is read until a page needs such a character. Then the given folders are listed,
//! and the machine's font folders after them (unless the user turned that off), and the
//! first face that has the character is parsed. A face already parsed (from a folder still
//! searched) is tried before any other, so an article in one script loads one font. Faces are parsed once for the life of
//! the process; their bytes are kept, as the bundled faces' are.
//!
//! Only the folders' font files are read, and only for characters of the article's text: a
//! page cannot name a file. A face that fails to parse, has no outlines (bitmap emoji) or
//! panics while parsing is passed over.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Mutex;

use fontdb::{Database, Style, ID};
use ttf_parser::Face;

use super::font::Font;
use crate::fonts::FaceId;

/// Where machine fonts are looked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MachineFontSources {
    /// Folders given by the user, searched first.
    pub dirs: Vec<PathBuf>,
    /// Whether the machine's own font folders are searched after them.
    pub system: bool,
}

/// The machine fonts found so far, shared by every book the process makes.
#[derive(Default)]
pub struct MachineFonts {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    sources: MachineFontSources,
    /// The faces of the sources, best candidates first; `None` until first needed.
    candidates: Option<Candidates>,
    /// Faces parsed so far (a face's [`FaceId::Machine`] number is its index), each with the
    /// folder it came from (`None`: the machine's own folders).
    faces: Vec<(&'static Font, Option<PathBuf>)>,
    /// The machine face of each character looked up, or `None` when no face has it.
    looked_up: HashMap<char, Option<u16>>,
    /// How many characters no face had: after [`MAX_MISSES`], no more folders are searched.
    misses: usize,
}

/// Characters no font has that are searched for before the search stops (each search reads
/// every face of every folder).
const MAX_MISSES: usize = 64;

/// The faces of the sources in the order they are tried.
struct Candidates {
    databases: Vec<Database>,
    /// (database, face) pairs, given folders first, then regular upright faces first.
    order: Vec<(usize, ID)>,
    /// Where each parsed face came from, so it is not parsed twice.
    parsed: HashMap<(usize, ID), u16>,
}

impl MachineFonts {
    /// Sets where fonts are looked for. Characters looked up under other sources are looked
    /// up again; faces already parsed are kept.
    pub fn set_sources(&self, sources: &MachineFontSources) {
        let mut state = self.lock();
        if state.sources != *sources {
            state.sources = sources.clone();
            state.candidates = None;
            state.looked_up.clear();
            state.misses = 0;
        }
    }

    /// A parsed machine face.
    pub fn face(&self, number: u16) -> Option<&'static Font> {
        self.lock()
            .faces
            .get(usize::from(number))
            .map(|(font, _)| *font)
    }

    /// The machine face that has `c`, parsed on first use.
    pub fn face_for(&self, c: char) -> Option<FaceId> {
        let mut state = self.lock();
        if let Some(known) = state.looked_up.get(&c) {
            return known.map(FaceId::Machine);
        }
        let found = state.find(c);
        if found.is_none() {
            state.misses += 1;
        }
        state.looked_up.insert(c, found);
        found.map(FaceId::Machine)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    fn find(&mut self, c: char) -> Option<u16> {
        let sources = &self.sources;
        let allowed = |from: &Option<PathBuf>| match from {
            Some(dir) => sources.dirs.contains(dir),
            None => sources.system,
        };
        if let Some(number) = self
            .faces
            .iter()
            .position(|(face, from)| allowed(from) && face.has_char(c))
        {
            return u16::try_from(number).ok();
        }
        if (!self.sources.system && self.sources.dirs.is_empty()) || self.misses >= MAX_MISSES {
            return None;
        }
        let sources = self.sources.clone();
        let candidates = self
            .candidates
            .get_or_insert_with(|| Candidates::list(&sources));
        let next_number = u16::try_from(self.faces.len()).ok()?;
        for &(database, id) in &candidates.order {
            if candidates.parsed.contains_key(&(database, id)) {
                continue;
            }
            let db = &candidates.databases[database];
            let has_it = db
                .with_face_data(id, |data, index| face_has_outline_for(data, index, c))
                .unwrap_or(false);
            if !has_it {
                continue;
            }
            let Some(font) = parse(db, id, FaceId::Machine(next_number)) else {
                // Marked so it is not tried again.
                candidates.parsed.insert((database, id), u16::MAX);
                continue;
            };
            candidates.parsed.insert((database, id), next_number);
            let from = sources.dirs.get(database).cloned();
            self.faces.push((font, from));
            return Some(next_number);
        }
        None
    }
}

impl Candidates {
    fn list(sources: &MachineFontSources) -> Candidates {
        let mut databases = Vec::new();
        for dir in &sources.dirs {
            let mut db = Database::new();
            db.load_fonts_dir(dir);
            databases.push(db);
        }
        if sources.system {
            let mut db = Database::new();
            db.load_system_fonts();
            databases.push(db);
        }
        let mut order: Vec<(usize, ID)> = Vec::new();
        for (index, db) in databases.iter().enumerate() {
            let mut faces: Vec<_> = db.faces().collect();
            // Regular, upright, proportional faces first; then by name, so the choice does
            // not depend on the order the folder lists its files in.
            faces.sort_by_key(|face| {
                (
                    face.monospaced,
                    face.style != Style::Normal,
                    face.weight.0.abs_diff(400),
                    face.post_script_name.clone(),
                )
            });
            order.extend(faces.into_iter().map(|face| (index, face.id)));
        }
        Candidates {
            databases,
            order,
            parsed: HashMap::new(),
        }
    }
}

/// Whether the face has an outline glyph for `c`.
fn face_has_outline_for(data: &[u8], index: u32, c: char) -> bool {
    catch_unwind(|| {
        Face::parse(data, index).is_ok_and(|face| {
            let tables = face.tables();
            let outlines = tables.glyf.is_some() || tables.cff.is_some() || tables.cff2.is_some();
            outlines && face.glyph_index(c).is_some_and(|glyph| glyph.0 != 0)
        })
    })
    .unwrap_or(false)
}

/// Reads and parses one face, keeping its bytes for the life of the process.
fn parse(db: &Database, id: ID, face_id: FaceId) -> Option<&'static Font> {
    let (bytes, index) = db.with_face_data(id, |data, index| (data.to_vec(), index))?;
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let font = catch_unwind(AssertUnwindSafe(|| Font::load(face_id, bytes, index)))
        .ok()?
        .ok()?;
    Some(Box::leak(Box::new(font)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_fonts() -> MachineFontSources {
        MachineFontSources {
            dirs: vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts")],
            system: false,
        }
    }

    #[test]
    fn faces_come_only_from_the_sources_in_force() {
        let fonts = MachineFonts::default();
        assert_eq!(fonts.face_for('港'), None, "no sources, no face");
        fonts.set_sources(&test_fonts());
        assert_eq!(fonts.face_for('港'), Some(FaceId::Machine(0)));
        // The face already parsed serves the next character it has.
        assert_eq!(fonts.face_for('口'), Some(FaceId::Machine(0)));
        assert!(fonts.face(0).is_some_and(|font| font.has_char('न')));
        assert_eq!(fonts.face_for('\u{E123}'), None);
        // Once its folder is no longer a source, the parsed face is not used.
        fonts.set_sources(&MachineFontSources::default());
        assert_eq!(fonts.face_for('港'), None);
        fonts.set_sources(&test_fonts());
        assert_eq!(fonts.face_for('港'), Some(FaceId::Machine(0)));
    }

    #[test]
    fn the_search_stops_after_many_characters_no_font_has() {
        let fonts = MachineFonts::default();
        fonts.set_sources(&test_fonts());
        for c in (0xE000..0xE000 + MAX_MISSES as u32).filter_map(char::from_u32) {
            assert_eq!(fonts.face_for(c), None);
        }
        // Past the limit even a character the folder's font has is not looked for...
        assert_eq!(fonts.face_for('港'), None);
        // ...until the sources change.
        fonts.set_sources(&MachineFontSources::default());
        fonts.set_sources(&test_fonts());
        assert!(fonts.face_for('港').is_some());
    }
}
