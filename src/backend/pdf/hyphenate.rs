//! Where words may be hyphenated: Knuth–Liang patterns for the article's language.
//!
//! The patterns are the `hyphenation` crate's TeX patterns, one dictionary per language,
//! carried deflated in the binary (the build script prepares them), inflated on first use and
//! kept for the life of the process. The language comes from
//! the article's metadata (a BCP 47 tag such as "en", "de-CH" or "ru"); an unknown or missing
//! language means no hyphenation at all, since wrong breaks read worse than none.
//!
//! Only plain words are hyphenated: a run of letters, perhaps with leading or trailing
//! punctuation. Words with digits, inner punctuation (addresses, file names, "year-old"
//! compounds, which already have their own hyphen) or a capital letter after the first
//! (acronyms, "iPhone") are left whole. Soft hyphens (U+00AD) the text already has are taken
//! as the only places such a word may break.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use flate2::read::DeflateDecoder;
use hyphenation::{Hyphenator as _, Language, Load, Standard};

/// Every language's standard patterns, deflated, by code, sorted by code (made by build.rs).
const PATTERNS: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/hyphenation.rs"));

/// The soft hyphen: an invisible place where a word may be hyphenated.
pub const SOFT_HYPHEN: char = '\u{00AD}';

/// Fewest characters kept before a hyphen.
const MIN_BEFORE: usize = 2;
/// Fewest characters carried over after a hyphen.
const MIN_AFTER: usize = 3;

/// Where the words of a block may be hyphenated.
#[derive(Debug, Clone, Copy, Default)]
pub enum Hyphenation<'a> {
    /// Nowhere (headings, captions, code).
    #[default]
    Off,
    /// Only at the soft hyphens the text has (running text in a language without patterns).
    SoftHyphens,
    /// At soft hyphens, and by the language's patterns in words without them.
    Patterns(&'a Hyphenator),
}

impl Hyphenation<'_> {
    /// Running text in the language of `tag`: patterns when the language has them, else only
    /// the soft hyphens.
    pub fn for_language(tag: Option<&str>) -> Hyphenation<'static> {
        Hyphenator::for_language(tag).map_or(Hyphenation::SoftHyphens, Hyphenation::Patterns)
    }

    /// Byte offsets inside `word` after which it may be hyphenated, in increasing order.
    pub fn points(self, word: &str) -> Vec<usize> {
        match self {
            Hyphenation::Off => Vec::new(),
            Hyphenation::SoftHyphens => soft_hyphen_points(word),
            Hyphenation::Patterns(hyphenator) => hyphenator.points(word),
        }
    }
}

/// Hyphenation patterns of one language.
#[derive(Debug)]
pub struct Hyphenator {
    dictionary: Standard,
}

impl Hyphenator {
    /// The hyphenator for a BCP 47 language tag, or `None` when the language is unknown or has
    /// no patterns.
    pub fn for_language(tag: Option<&str>) -> Option<&'static Hyphenator> {
        let language = language(tag?)?;
        static LOADED: OnceLock<Mutex<HashMap<Language, Option<&'static Hyphenator>>>> =
            OnceLock::new();
        let mut loaded = LOADED
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *loaded.entry(language).or_insert_with(|| {
            let mut dictionary = patterns(language)?;
            let (before, after) = language.minima();
            dictionary.minima = (before.max(MIN_BEFORE), after.max(MIN_AFTER));
            // Loaded once per language for the life of the process, and shared by every render.
            Some(&*Box::leak(Box::new(Hyphenator { dictionary })))
        })
    }

    /// Byte offsets inside `word` after which it may be hyphenated, in increasing order.
    pub fn points(&self, word: &str) -> Vec<usize> {
        if word.contains(SOFT_HYPHEN) {
            return soft_hyphen_points(word);
        }
        let Some((start, core)) = hyphenatable_core(word) else {
            return Vec::new();
        };
        if core.chars().count() < MIN_BEFORE + MIN_AFTER {
            return Vec::new();
        }
        self.dictionary
            .hyphenate(core)
            .breaks
            .into_iter()
            .map(|offset| start + offset)
            .collect()
    }
}

/// The places after the soft hyphens of `word`, but not after a final one.
fn soft_hyphen_points(word: &str) -> Vec<usize> {
    word.match_indices(SOFT_HYPHEN)
        .map(|(at, hyphen)| at + hyphen.len())
        .filter(|&end| end < word.len())
        .collect()
}

/// The letters of `word` between leading and trailing punctuation, with their byte offset, if
/// the word is one that may be hyphenated.
fn hyphenatable_core(word: &str) -> Option<(usize, &str)> {
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    let start = word.find(core)?;
    let mut chars = core.chars();
    let first = chars.next()?;
    let plain = first.is_alphabetic() && chars.all(|c| c.is_alphabetic() && !c.is_uppercase());
    plain.then_some((start, core))
}

/// The standard patterns of `language`, inflated; `None` when the binary has none.
fn patterns(language: Language) -> Option<Standard> {
    let code = language.code();
    let index = PATTERNS
        .binary_search_by_key(&code, |(code, _)| code)
        .ok()?;
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(&mut DeflateDecoder::new(PATTERNS[index].1), &mut inflated).ok()?;
    Standard::from_reader(language, &mut inflated.as_slice()).ok()
}

/// The pattern language for a BCP 47 tag (case-insensitive, region and script ignored except
/// where the patterns differ by region).
fn language(tag: &str) -> Option<Language> {
    let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
    let primary = tag.split('-').next().unwrap_or_default();
    let region = |r: &str| tag.split('-').skip(1).any(|part| part == r);
    let language = match primary {
        "en" if region("gb") || region("uk") || region("au") || region("nz") || region("ie") => {
            Language::EnglishGB
        }
        "en" => Language::EnglishUS,
        "de" | "gsw" if region("ch") => Language::GermanSwiss,
        "de" => Language::German1996,
        "fr" => Language::French,
        "es" => Language::Spanish,
        "it" => Language::Italian,
        "pt" => Language::Portuguese,
        "nl" => Language::Dutch,
        "da" => Language::Danish,
        "sv" => Language::Swedish,
        "nb" | "no" => Language::NorwegianBokmal,
        "nn" => Language::NorwegianNynorsk,
        "fi" => Language::Finnish,
        "is" => Language::Icelandic,
        "et" => Language::Estonian,
        "lv" => Language::Latvian,
        "lt" => Language::Lithuanian,
        "pl" => Language::Polish,
        "cs" => Language::Czech,
        "sk" => Language::Slovak,
        "sl" => Language::Slovenian,
        "hr" => Language::Croatian,
        "hu" => Language::Hungarian,
        "ro" => Language::Romanian,
        "tr" => Language::Turkish,
        "ca" => Language::Catalan,
        "gl" => Language::Galician,
        "eu" => Language::Basque,
        "ga" => Language::Irish,
        "cy" => Language::Welsh,
        "id" => Language::Indonesian,
        "la" => Language::Latin,
        "ru" => Language::Russian,
        "uk" => Language::Ukrainian,
        "be" => Language::Belarusian,
        "bg" => Language::Bulgarian,
        "sr" => Language::SerbianCyrillic,
        "el" => Language::GreekMono,
        _ => return None,
    };
    Some(language)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> &'static Hyphenator {
        Hyphenator::for_language(Some("en")).expect("English patterns are embedded")
    }

    fn split(hyphenator: &Hyphenator, word: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for point in hyphenator.points(word) {
            out.push_str(&word[last..point]);
            out.push('-');
            last = point;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn languages_come_from_bcp47_tags() {
        assert_eq!(language("en"), Some(Language::EnglishUS));
        assert_eq!(language("en-GB"), Some(Language::EnglishGB));
        assert_eq!(language("de_DE"), Some(Language::German1996));
        assert_eq!(language("de-CH"), Some(Language::GermanSwiss));
        assert_eq!(language("RU"), Some(Language::Russian));
        assert_eq!(language("ja"), None);
        assert!(Hyphenator::for_language(Some("xx")).is_none());
        assert!(Hyphenator::for_language(None).is_none());
    }

    #[test]
    fn every_language_a_tag_names_has_its_patterns_in_the_binary() {
        for tag in [
            "en", "en-GB", "de", "de-CH", "fr", "es", "it", "pt", "nl", "da", "sv", "nb", "nn",
            "fi", "is", "et", "lv", "lt", "pl", "cs", "sk", "sl", "hr", "hu", "ro", "tr", "ca",
            "gl", "eu", "ga", "cy", "id", "la", "ru", "uk", "be", "bg", "sr", "el",
        ] {
            let language = language(tag).unwrap();
            let dictionary = patterns(language).unwrap_or_else(|| panic!("no patterns for {tag}"));
            assert_eq!(dictionary.language(), language);
        }
        assert!(
            PATTERNS.windows(2).all(|pair| pair[0].0 < pair[1].0),
            "sorted by code"
        );
    }

    #[test]
    fn plain_words_get_hyphenation_points_with_minimum_lengths() {
        let en = english();
        assert_eq!(split(en, "hyphenation"), "hy-phen-a-tion");
        assert_eq!(split(en, "“Extraordinary,”"), "“Ex-tra-or-di-nary,”");
        for word in en.points("characteristically") {
            assert!(word >= MIN_BEFORE);
            assert!("characteristically".len() - word >= MIN_AFTER);
        }
        let de = Hyphenator::for_language(Some("de")).expect("German patterns are embedded");
        assert!(de.points("Donaudampfschifffahrt").len() >= 3);
    }

    #[test]
    fn numbers_acronyms_and_addresses_are_left_whole() {
        let en = english();
        for word in ["1234567890", "UNESCO", "example.org/path", "iPhones", "ab"] {
            assert!(en.points(word).is_empty(), "{word} was hyphenated");
        }
    }

    #[test]
    fn soft_hyphens_are_the_only_points_of_a_word_that_has_them() {
        let en = english();
        let word = "multi\u{00AD}language";
        assert_eq!(en.points(word), ["multi\u{00AD}".len()]);
    }
}
