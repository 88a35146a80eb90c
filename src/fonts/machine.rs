//! Fonts of the machine, and of the folders given with `--font-dir`, for the characters no
//! bundled face has (Chinese, Japanese, Korean, Devanagari, Thai and the like).
//!
//! The PDF backend sets the characters of its pages with them, and the EPUB backend draws the
//! lines of its generated cover with them; each parses a face its own way (a
//! [`LoadedFace`]), from the same bytes read once.
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
//! Faces are chosen the way fontconfig matches `:lang=xx`: Chinese characters and kana in a
//! Japanese article come from a Japanese face (Noto Sans CJK JP rather than Droid Sans
//! Fallback), in a Chinese article from a Simplified, Traditional or Hong Kong one as its
//! language says, Hangul from a Korean face; a face is taken to be for a language when one of
//! its family names says so (the "JP", "SC", "TC", "HK", "KR" of a CJK collection's members,
//! or a family name given in that language). Bold text takes a bold face of the folders when
//! one has the character.
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

use fontdb::{Database, FaceInfo, Language, Source, Style, Weight, ID};
use ttf_parser::Face;

use std::any::{Any, TypeId};

use super::FaceId;

/// A face as one user of the machine fonts parses it (the PDF backend's shaped font, the
/// drawn cover's rasteriser), made from a font file's bytes and the face's index in it.
pub trait LoadedFace: Send + Sync + Sized + 'static {
    /// Parses face `index` of `bytes`; `None` when it cannot be used.
    fn load(bytes: &'static [u8], index: u32) -> Option<Self>;
    /// Whether the face has a glyph for `c`.
    fn has_char(&self, c: char) -> bool;
}

/// Where machine fonts are looked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MachineFontSources {
    /// Folders given by the user, searched first.
    pub dirs: Vec<PathBuf>,
    /// Whether the machine's own font folders are searched after them.
    pub system: bool,
}

/// The machine fonts of one book: where they are looked for, and those found so far, each
/// parsed as an `F`.
pub struct MachineFonts<F: LoadedFace> {
    sources: MachineFontSources,
    state: Mutex<State<F>>,
}

struct State<F: 'static> {
    /// The faces of the sources, best candidates first; `None` until first needed.
    candidates: Option<Vec<Candidate>>,
    /// The faces the book uses (a face's [`FaceId::Machine`] number is its index), each with
    /// its index among the candidates.
    used: Vec<(&'static F, usize)>,
    /// The machine face of each character looked up as it was wanted, or `None` when no face
    /// has it.
    looked_up: HashMap<(char, Want), Option<u16>>,
    /// The candidates' indexes in the order they are tried for each way a character is
    /// wanted; made on first use.
    ranked: HashMap<Want, Vec<usize>>,
    /// The forms Chinese characters are wanted in: those of the language of the article
    /// being set.
    han_forms: Option<Forms>,
    /// How many characters no face had: after [`MAX_MISSES`], no more folders are searched.
    misses: usize,
}

/// Characters no font has that are searched for before the search stops (each search goes
/// through every face of every folder).
const MAX_MISSES: usize = 64;

impl<F: 'static> Default for State<F> {
    fn default() -> Self {
        State {
            candidates: None,
            used: Vec::new(),
            looked_up: HashMap::new(),
            ranked: HashMap::new(),
            han_forms: None,
            misses: 0,
        }
    }
}

impl<F: LoadedFace> MachineFonts<F> {
    /// Machine fonts looked for in `sources`; none is read before one is needed.
    pub fn new(sources: MachineFontSources) -> MachineFonts<F> {
        MachineFonts {
            sources,
            state: Mutex::new(State::default()),
        }
    }

    /// A face the book uses, by its [`FaceId::Machine`] number.
    pub fn face(&self, number: u16) -> Option<&'static F> {
        self.lock()
            .used
            .get(usize::from(number))
            .map(|&(font, _)| font)
    }

    /// Sets the language (BCP 47) of the text set next, which picks the forms of Chinese
    /// characters.
    pub fn set_language(&self, language: Option<&str>) {
        self.lock().han_forms = language.and_then(Forms::of_language);
    }

    /// The machine face that has `c`, parsed on first use: a bold one for `bold` text when
    /// one has it, and one for the character's language (see the module's documentation).
    pub fn face_for(&self, c: char, bold: bool) -> Option<FaceId> {
        let mut state = self.lock();
        let want = Want {
            forms: Forms::of_char(c).or(if is_han(c) { state.han_forms } else { None }),
            bold,
        };
        if let Some(known) = state.looked_up.get(&(c, want)) {
            return known.map(FaceId::Machine);
        }
        let found = state.find(c, want, &self.sources);
        if found.is_none() {
            state.misses += 1;
        }
        state.looked_up.insert((c, want), found);
        found.map(FaceId::Machine)
    }

    fn lock(&self) -> MutexGuard<'_, State<F>> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<F: LoadedFace> State<F> {
    /// The number of the face that draws `c`: one the book already uses, or else the first
    /// candidate that has it.
    ///
    /// A face already used is kept when it suits `want` as well as the best face that has
    /// `c` (the same language, the same weight), so an article in one script loads one font.
    fn find(&mut self, c: char, want: Want, sources: &MachineFontSources) -> Option<u16> {
        if (!sources.system && sources.dirs.is_empty()) || self.misses >= MAX_MISSES {
            let number = self.used.iter().position(|(font, _)| font.has_char(c))?;
            return u16::try_from(number).ok();
        }
        let candidates = self.candidates.get_or_insert_with(|| candidates(sources));
        let ranked = self
            .ranked
            .entry(want)
            .or_insert_with(|| rank(candidates, want));
        for &index in ranked.iter() {
            let candidate = &candidates[index];
            let Some(face) = known_face(&candidate.listing.database, candidate.id) else {
                continue;
            };
            if !face.coverage.has(c) {
                continue;
            }
            let Some(font) = face.font(&candidate.listing.database, candidate.id) else {
                continue;
            };
            let best = fitness(candidate, want);
            let used = self.used.iter().position(|&(used_font, used_index)| {
                used_font.has_char(c) && fitness(&candidates[used_index], want) == best
            });
            if let Some(number) = used {
                return u16::try_from(number).ok();
            }
            let next_number = u16::try_from(self.used.len()).ok()?;
            self.used.push((font, index));
            return Some(next_number);
        }
        None
    }
}

/// How a character is wanted: the forms of its script, and its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Want {
    /// The language whose forms it takes (Chinese characters, kana and Hangul), if any.
    forms: Option<Forms>,
    /// Bold text.
    bold: bool,
}

/// The language whose forms of Chinese characters (and kana, Hangul) a face draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Forms {
    /// Japanese (`ja`).
    Japanese,
    /// Korean (`ko`).
    Korean,
    /// Simplified Chinese (`zh`, `zh-Hans`, `zh-CN`, `zh-SG`).
    Simplified,
    /// Traditional Chinese (`zh-Hant`, `zh-TW`).
    Traditional,
    /// Traditional Chinese of Hong Kong and Macao (`zh-HK`, `zh-MO`).
    HongKong,
}

impl Forms {
    /// The forms a BCP 47 language tag asks for; `None` for a language that does not write
    /// Chinese characters.
    fn of_language(tag: &str) -> Option<Forms> {
        let lower = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut subtags = lower.split('-');
        match subtags.next()? {
            "ja" => Some(Forms::Japanese),
            "ko" => Some(Forms::Korean),
            "zh" | "cmn" | "yue" | "wuu" | "hak" | "nan" => {
                let rest: Vec<&str> = subtags.collect();
                Some(if rest.iter().any(|s| matches!(*s, "hk" | "mo")) {
                    Forms::HongKong
                } else if rest.iter().any(|s| matches!(*s, "hant" | "tw")) {
                    Forms::Traditional
                } else if lower.starts_with("yue") {
                    Forms::HongKong
                } else {
                    Forms::Simplified
                })
            }
            _ => None,
        }
    }

    /// The forms a character's own script asks for: Japanese for kana, Korean for Hangul.
    fn of_char(c: char) -> Option<Forms> {
        match c {
            '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}' => {
                Some(Forms::Japanese)
            }
            '\u{1100}'..='\u{11FF}'
            | '\u{3130}'..='\u{318F}'
            | '\u{A960}'..='\u{A97F}'
            | '\u{AC00}'..='\u{D7FF}' => Some(Forms::Korean),
            _ => None,
        }
    }

    /// Words of family names that mark a face as made for these forms, best first.
    fn name_marks(self) -> &'static [&'static [&'static str]] {
        match self {
            Forms::Japanese => &[&["jp", "japanese", "jpan"]],
            Forms::Korean => &[&["kr", "korean", "kore"]],
            Forms::Simplified => &[&["sc", "cn", "gb", "hans", "simplified"]],
            Forms::Traditional => &[&["tc", "tw", "hant", "traditional"]],
            Forms::HongKong => &[&["hk", "hongkong"], &["tc", "tw", "hant", "traditional"]],
        }
    }

    /// The languages of family names that mark a face as made for these forms, best first.
    fn name_languages(self) -> &'static [&'static [Language]] {
        match self {
            Forms::Japanese => &[&[Language::Japanese_Japan]],
            Forms::Korean => &[&[Language::Korean_Korea]],
            Forms::Simplified => &[&[
                Language::Chinese_PeoplesRepublicOfChina,
                Language::Chinese_Singapore,
            ]],
            Forms::Traditional => &[&[Language::Chinese_Taiwan]],
            Forms::HongKong => &[
                &[Language::Chinese_HongKongSAR, Language::Chinese_MacaoSAR],
                &[Language::Chinese_Taiwan],
            ],
        }
    }

    /// How well a face's names say it is made for these forms: 0 best, more worse.
    fn rank(self, info: &FaceInfo) -> u8 {
        let words: Vec<String> = info
            .families
            .iter()
            .flat_map(|(name, _)| name.split(|c: char| !c.is_alphanumeric()))
            .map(str::to_ascii_lowercase)
            .collect();
        let marks = self.name_marks();
        let languages = self.name_languages();
        for (rank, (marks, languages)) in marks.iter().zip(languages.iter()).enumerate() {
            let named = words.iter().any(|word| marks.contains(&word.as_str()));
            let localised = info
                .families
                .iter()
                .any(|(_, language)| languages.contains(language));
            if named || localised {
                return u8::try_from(rank).unwrap_or(u8::MAX);
            }
        }
        u8::try_from(marks.len()).unwrap_or(u8::MAX)
    }
}

/// Whether `c` is a Chinese character (whose forms differ between languages).
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'
        | '\u{3005}'..='\u{3007}'
        | '\u{3021}'..='\u{3029}'
        | '\u{3038}'..='\u{303B}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}'
    )
}

/// How well a candidate suits `want`, lower being better: a folder the user gave before the
/// machine's, then its language rank, then whether its weight differs.
fn fitness(candidate: &Candidate, want: Want) -> (bool, u8, bool) {
    let Some(info) = candidate.listing.database.face(candidate.id) else {
        return (true, u8::MAX, true);
    };
    let language = want.forms.map_or(0, |forms| forms.rank(info));
    let bold = info.weight >= Weight::SEMIBOLD;
    (candidate.machine, language, bold != want.bold)
}

/// The candidates' indexes in the order they are tried for `want`: best fit first, and in
/// their own order (see [`listing`]) among equals.
fn rank(candidates: &[Candidate], want: Want) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_cached_key(|&index| (fitness(&candidates[index], want), index));
    order
}

/// A face of a folder, as a book tries it.
struct Candidate {
    /// The listing of the folder the face is in.
    listing: Arc<Listing>,
    /// The face in the listing's database.
    id: ID,
    /// Whether the face is one of the machine's rather than of a folder the user gave.
    machine: bool,
}

/// The faces of the sources in the order they are tried: the given folders first, in their
/// order, then the machine's.
fn candidates(sources: &MachineFontSources) -> Vec<Candidate> {
    let given = sources.dirs.iter().cloned().map(Folder::Given);
    let machine = sources.system.then_some(Folder::Machine);
    let mut candidates = Vec::new();
    for folder in given.chain(machine) {
        let is_machine = folder == Folder::Machine;
        let listing = listing(folder);
        candidates.extend(listing.order.iter().map(|&id| Candidate {
            listing: Arc::clone(&listing),
            id,
            machine: is_machine,
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
    /// The font file's bytes and the face's index in it, once a book needs one of its
    /// characters; `None` when they cannot be read.
    data: OnceLock<Option<(&'static [u8], u32)>>,
    /// The face parsed by each kind of [`LoadedFace`] that needed it; `None` when it does not
    /// parse.
    parsed: Mutex<HashMap<TypeId, Option<&'static (dyn Any + Send + Sync)>>>,
}

impl KnownFace {
    /// The face (face `id` of `database`) parsed as an `F`, on first use in the process.
    fn font<F: LoadedFace>(&self, database: &Database, id: ID) -> Option<&'static F> {
        let mut parsed = self
            .parsed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let font = *parsed.entry(TypeId::of::<F>()).or_insert_with(|| {
            let (bytes, index) = (*self.data.get_or_init(|| read(database, id)))?;
            let font: &'static F = parse(bytes, index)?;
            Some(font as &'static (dyn Any + Send + Sync))
        });
        font?.downcast_ref::<F>()
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
        data: OnceLock::new(),
        parsed: Mutex::default(),
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

/// Reads the file of one face, keeping its bytes for the life of the process; with the face's
/// index in it.
fn read(database: &Database, id: ID) -> Option<(&'static [u8], u32)> {
    let (bytes, index) = database.with_face_data(id, |data, index| (data.to_vec(), index))?;
    Some((Box::leak(bytes.into_boxed_slice()), index))
}

/// Parses one face, keeping it for the life of the process.
fn parse<F: LoadedFace>(bytes: &'static [u8], index: u32) -> Option<&'static F> {
    let font = catch_unwind(AssertUnwindSafe(|| F::load(bytes, index))).ok()??;
    Some(Box::leak(Box::new(font)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A face as the tests parse it: only which characters it has.
    struct TestFace(Coverage);

    impl LoadedFace for TestFace {
        fn load(bytes: &'static [u8], index: u32) -> Option<Self> {
            Some(TestFace(Coverage::of(bytes, index)))
        }

        fn has_char(&self, c: char) -> bool {
            self.0.has(c)
        }
    }

    type MachineFonts = super::MachineFonts<TestFace>;

    fn test_fonts() -> MachineFontSources {
        MachineFontSources {
            dirs: vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts")],
            system: false,
        }
    }

    #[test]
    fn faces_come_only_from_the_sources_given() {
        let none = MachineFonts::new(MachineFontSources::default());
        assert_eq!(none.face_for('港', false), None, "no sources, no face");
        let fonts = MachineFonts::new(test_fonts());
        assert_eq!(fonts.face_for('港', false), Some(FaceId::Machine(0)));
        // The face already parsed serves the next character it has.
        assert_eq!(fonts.face_for('口', false), Some(FaceId::Machine(0)));
        assert!(fonts.face(0).is_some_and(|font| font.has_char('न')));
        assert_eq!(fonts.face_for('\u{E123}', false), None);
        // The face another book parsed is not one of this book's.
        let other = MachineFonts::new(MachineFontSources::default());
        assert_eq!(other.face_for('港', false), None);
        assert!(other.face(0).is_none());
    }

    #[test]
    fn the_search_stops_after_many_characters_no_font_has() {
        let fonts = MachineFonts::new(test_fonts());
        for c in (0xE000..0xE000 + MAX_MISSES as u32).filter_map(char::from_u32) {
            assert_eq!(fonts.face_for(c, false), None);
        }
        // Past the limit even a character the folder's font has is not looked for...
        assert_eq!(fonts.face_for('港', false), None);
        // ...but another book with the same sources still finds it.
        let next = MachineFonts::new(test_fonts());
        assert_eq!(next.face_for('港', false), Some(FaceId::Machine(0)));
    }

    #[test]
    fn languages_and_scripts_ask_for_their_forms() {
        for (tag, forms) in [
            ("ja", Some(Forms::Japanese)),
            ("ko-KR", Some(Forms::Korean)),
            ("zh", Some(Forms::Simplified)),
            ("zh-Hans-CN", Some(Forms::Simplified)),
            ("zh-TW", Some(Forms::Traditional)),
            ("zh-Hant", Some(Forms::Traditional)),
            ("zh-HK", Some(Forms::HongKong)),
            ("en", None),
        ] {
            assert_eq!(Forms::of_language(tag), forms, "{tag}");
        }
        assert_eq!(Forms::of_char('か'), Some(Forms::Japanese));
        assert_eq!(Forms::of_char('한'), Some(Forms::Korean));
        assert_eq!(Forms::of_char('中'), None);
        assert!(is_han('骨') && !is_han('か'));
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
