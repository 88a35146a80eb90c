//! Fonts of the machine, and of the folders given with `--font-dir`, for the characters no
//! bundled face has (Chinese, Japanese, Korean, Devanagari, Thai and the like).
//!
//! Each book has its own [`MachineFonts`], made from its own options: which folders are
//! searched, whether the machine's font folders are, and which faces the book has taken from
//! them, numbered in the order its pages first needed them. Nothing one book finds or misses
//! changes what another finds, so books made one after the other, or at the same time on
//! several threads, with different folders each get fonts from their own folders only.
//!
//! Nothing is read until a page needs such a character. Then the given folders are listed,
//! and the machine's font folders after them (unless the options turn that off), and the
//! first face that has the character is parsed. A face the book already uses is tried before
//! any other, so an article in one script loads one font.
//!
//! What does not depend on a book is kept for the life of the process, so a batch of books
//! reads each file once: the listing of each folder, which characters each face of a font
//! file draws, and each face parsed (kept with its bytes, as the bundled faces' are). These
//! are facts about files, found by the folder's path or the file's path and face index; font
//! files are taken not to change while the process runs.
//!
//! Only the folders' font files are read, and only for characters of the article's text: a
//! page cannot name a file. A face that fails to parse, has no outlines (bitmap emoji) or
//! panics while parsing is passed over.

use std::collections::HashMap;
use std::hash::Hash;
use std::ops::RangeInclusive;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use fontdb::{Database, Source, Style, ID};
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

/// The machine fonts of one book: where they are looked for, and those found so far.
pub struct MachineFonts {
    sources: MachineFontSources,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The faces of the sources, best candidates first; `None` until first needed.
    candidates: Option<Vec<Candidate>>,
    /// The faces the book uses (a face's [`FaceId::Machine`] number is its index).
    faces: Vec<&'static Font>,
    /// The machine face of each character looked up, or `None` when no face has it.
    looked_up: HashMap<char, Option<u16>>,
    /// How many characters no face had: after [`MAX_MISSES`], no more folders are searched.
    misses: usize,
}

/// Characters no font has that are searched for before the search stops (each search goes
/// through every face of every folder).
const MAX_MISSES: usize = 64;

impl MachineFonts {
    /// Machine fonts looked for in `sources`; none is read before one is needed.
    pub fn new(sources: MachineFontSources) -> MachineFonts {
        MachineFonts {
            sources,
            state: Mutex::new(State::default()),
        }
    }

    /// A face the book uses, by its [`FaceId::Machine`] number.
    pub fn face(&self, number: u16) -> Option<&'static Font> {
        self.lock().faces.get(usize::from(number)).copied()
    }

    /// The machine face that has `c`, parsed on first use.
    pub fn face_for(&self, c: char) -> Option<FaceId> {
        let mut state = self.lock();
        if let Some(known) = state.looked_up.get(&c) {
            return known.map(FaceId::Machine);
        }
        let found = state.find(c, &self.sources);
        if found.is_none() {
            state.misses += 1;
        }
        state.looked_up.insert(c, found);
        found.map(FaceId::Machine)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    /// The number of the face that draws `c`: one the book already uses, or else the first
    /// candidate that has it.
    fn find(&mut self, c: char, sources: &MachineFontSources) -> Option<u16> {
        if let Some(number) = self.faces.iter().position(|face| face.has_char(c)) {
            return u16::try_from(number).ok();
        }
        if (!sources.system && sources.dirs.is_empty()) || self.misses >= MAX_MISSES {
            return None;
        }
        let next_number = u16::try_from(self.faces.len()).ok()?;
        let candidates = self.candidates.get_or_insert_with(|| candidates(sources));
        for candidate in candidates.iter() {
            let Some(face) = known_face(&candidate.listing.database, candidate.id) else {
                continue;
            };
            if !face.coverage.has(c) {
                continue;
            }
            let Some(font) = face.font(&candidate.listing.database, candidate.id) else {
                continue;
            };
            if self.faces.iter().any(|used| std::ptr::eq(*used, font)) {
                continue;
            }
            self.faces.push(font);
            return Some(next_number);
        }
        None
    }
}

/// A face of a folder, as a book tries it.
struct Candidate {
    /// The listing of the folder the face is in.
    listing: Arc<Listing>,
    /// The face in the listing's database.
    id: ID,
}

/// The faces of the sources in the order they are tried: the given folders first, in their
/// order, then the machine's.
fn candidates(sources: &MachineFontSources) -> Vec<Candidate> {
    let given = sources.dirs.iter().cloned().map(Folder::Given);
    let machine = sources.system.then_some(Folder::Machine);
    let mut candidates = Vec::new();
    for folder in given.chain(machine) {
        let listing = listing(folder);
        candidates.extend(listing.order.iter().map(|&id| Candidate {
            listing: Arc::clone(&listing),
            id,
        }));
    }
    candidates
}

/// A folder fonts are listed from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Folder {
    /// A folder the user gave.
    Given(PathBuf),
    /// The machine's own font folders.
    Machine,
}

/// The fonts of a folder.
struct Listing {
    database: Database,
    /// The folder's faces, regular upright proportional ones first.
    order: Vec<ID>,
}

/// The listing of a folder, made on first use in the process.
fn listing(folder: Folder) -> Arc<Listing> {
    static LISTINGS: OnceLock<Mutex<HashMap<Folder, Arc<Listing>>>> = OnceLock::new();
    remembered(&LISTINGS, folder, |folder| {
        let mut database = Database::new();
        match folder {
            Folder::Given(dir) => database.load_fonts_dir(dir),
            Folder::Machine => database.load_system_fonts(),
        }
        let mut faces: Vec<_> = database.faces().collect();
        // Regular, upright, proportional faces first; then by name, so the choice does not
        // depend on the order the folder lists its files in.
        faces.sort_by_key(|face| {
            (
                face.monospaced,
                face.style != Style::Normal,
                face.weight.0.abs_diff(400),
                face.post_script_name.clone(),
            )
        });
        let order = faces.iter().map(|face| face.id).collect();
        Listing { database, order }
    })
}

/// A face of a font file: the file's path and the face's index in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FaceFile {
    path: PathBuf,
    index: u32,
}

/// What the process knows of a face of a font file.
struct KnownFace {
    /// The characters it draws.
    coverage: Coverage,
    /// The face parsed, once a book needs one of its characters; `None` when it does not
    /// parse.
    font: OnceLock<Option<&'static Font>>,
}

impl KnownFace {
    /// The face (face `id` of `database`) parsed, on first use in the process.
    fn font(&self, database: &Database, id: ID) -> Option<&'static Font> {
        *self.font.get_or_init(|| parse(database, id))
    }
}

/// What the process knows of face `id` of a listing's database, read on first use; `None`
/// for a face that is not in a file.
fn known_face(database: &Database, id: ID) -> Option<Arc<KnownFace>> {
    static FACES: OnceLock<Mutex<HashMap<FaceFile, Arc<KnownFace>>>> = OnceLock::new();
    let info = database.face(id)?;
    let path = match &info.source {
        Source::File(path) | Source::SharedFile(path, _) => path.clone(),
        Source::Binary(_) => return None,
    };
    let file = FaceFile {
        path,
        index: info.index,
    };
    Some(remembered(&FACES, file, |_| KnownFace {
        coverage: database
            .with_face_data(id, Coverage::of)
            .unwrap_or_default(),
        font: OnceLock::new(),
    }))
}

/// The value kept in `table` for `key`, made with `make` the first time (outside the lock,
/// since making one reads files; a value made twice at the same time is made the same).
fn remembered<K: Clone + Eq + Hash, V>(
    table: &OnceLock<Mutex<HashMap<K, Arc<V>>>>,
    key: K,
    make: impl FnOnce(&K) -> V,
) -> Arc<V> {
    let table = table.get_or_init(Mutex::default);
    let lock = || {
        table
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    if let Some(known) = lock().get(&key) {
        return Arc::clone(known);
    }
    let made = Arc::new(make(&key));
    Arc::clone(lock().entry(key).or_insert(made))
}

/// The characters a face has outline glyphs for, as sorted, disjoint ranges of code points.
#[derive(Debug, Default, PartialEq)]
struct Coverage(Vec<RangeInclusive<u32>>);

impl Coverage {
    /// The characters face `index` of a font file draws; none when it has no outlines or does
    /// not parse.
    fn of(data: &[u8], index: u32) -> Coverage {
        catch_unwind(|| {
            let Ok(face) = Face::parse(data, index) else {
                return Coverage::default();
            };
            let tables = face.tables();
            let outlines = tables.glyf.is_some() || tables.cff.is_some() || tables.cff2.is_some();
            let Some(cmap) = tables.cmap.filter(|_| outlines) else {
                return Coverage::default();
            };
            let mut code_points = Vec::new();
            for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                subtable.codepoints(|code_point| {
                    if subtable
                        .glyph_index(code_point)
                        .is_some_and(|glyph| glyph.0 != 0)
                    {
                        code_points.push(code_point);
                    }
                });
            }
            Coverage::from_code_points(code_points)
        })
        .unwrap_or_default()
    }

    fn from_code_points(mut code_points: Vec<u32>) -> Coverage {
        code_points.sort_unstable();
        code_points.dedup();
        let mut ranges: Vec<RangeInclusive<u32>> = Vec::new();
        for code_point in code_points {
            match ranges.last_mut() {
                Some(last) if *last.end() + 1 == code_point => {
                    *last = *last.start()..=code_point;
                }
                _ => ranges.push(code_point..=code_point),
            }
        }
        Coverage(ranges)
    }

    /// Whether the face draws `c`.
    fn has(&self, c: char) -> bool {
        let c = u32::from(c);
        self.0
            .binary_search_by(|range| {
                if *range.end() < c {
                    std::cmp::Ordering::Less
                } else if *range.start() > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

/// Reads and parses one face, keeping its bytes for the life of the process.
fn parse(database: &Database, id: ID) -> Option<&'static Font> {
    let (bytes, index) = database.with_face_data(id, |data, index| (data.to_vec(), index))?;
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let font = catch_unwind(AssertUnwindSafe(|| Font::load(bytes, index)))
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
    fn faces_come_only_from_the_sources_given() {
        let none = MachineFonts::new(MachineFontSources::default());
        assert_eq!(none.face_for('港'), None, "no sources, no face");
        let fonts = MachineFonts::new(test_fonts());
        assert_eq!(fonts.face_for('港'), Some(FaceId::Machine(0)));
        // The face already parsed serves the next character it has.
        assert_eq!(fonts.face_for('口'), Some(FaceId::Machine(0)));
        assert!(fonts.face(0).is_some_and(|font| font.has_char('न')));
        assert_eq!(fonts.face_for('\u{E123}'), None);
        // The face another book parsed is not one of this book's.
        let other = MachineFonts::new(MachineFontSources::default());
        assert_eq!(other.face_for('港'), None);
        assert!(other.face(0).is_none());
    }

    #[test]
    fn the_search_stops_after_many_characters_no_font_has() {
        let fonts = MachineFonts::new(test_fonts());
        for c in (0xE000..0xE000 + MAX_MISSES as u32).filter_map(char::from_u32) {
            assert_eq!(fonts.face_for(c), None);
        }
        // Past the limit even a character the folder's font has is not looked for...
        assert_eq!(fonts.face_for('港'), None);
        // ...but another book with the same sources still finds it.
        let next = MachineFonts::new(test_fonts());
        assert_eq!(next.face_for('港'), Some(FaceId::Machine(0)));
    }

    #[test]
    fn coverage_is_kept_as_ranges() {
        let coverage = Coverage::from_code_points(vec![0x42, 0x41, 0x43, 0x4E2D, 0x41]);
        assert_eq!(coverage, Coverage(vec![0x41..=0x43, 0x4E2D..=0x4E2D]));
        assert!(coverage.has('A') && coverage.has('C') && coverage.has('中'));
        assert!(!coverage.has('D') && !coverage.has('@'));
        assert!(!Coverage::default().has('A'));
    }
}
