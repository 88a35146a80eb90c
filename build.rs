//! Prepares the data the program carries, in `OUT_DIR`:
//!
//! - **Fonts.** Picks the faces running text is set in out of `typst-assets`' fonts, where
//!   `src/fonts.rs` includes them. The binary then carries these four files, once, and none of
//!   the other faces `typst-assets` ships (Libertinus Serif Semibold, New Computer Modern and
//!   its maths faces). Each face is found by the family and subfamily in its `name` table,
//!   never by its position in the crate's list, and must be there exactly once.
//! - **Hyphenation patterns.** Takes the `hyphenation` crate's standard dictionary of every
//!   language and deflates it, and writes `hyphenation.rs`, the table of them that the PDF
//!   backend includes (`src/backend/pdf/hyphenate.rs`). The patterns are 2.4 MB as the crate
//!   embeds them and about half that deflated; a render inflates only its language's, once.

use std::io::Write;
use std::path::{Path, PathBuf};

use hyphenation::{Language, Load, Standard};

/// Family and subfamily (name IDs 1 and 2) of each face, and the file it is written to.
const FACES: [(&str, &str, &str); 4] = [
    ("Libertinus Serif", "Regular", "LibertinusSerif-Regular.otf"),
    ("Libertinus Serif", "Italic", "LibertinusSerif-Italic.otf"),
    ("Libertinus Serif", "Bold", "LibertinusSerif-Bold.otf"),
    (
        "Libertinus Serif",
        "Bold Italic",
        "LibertinusSerif-BoldItalic.otf",
    ),
];

/// Every language `hyphenation` has standard patterns for, by code.
const HYPHENATION_LANGUAGES: [&str; 80] = [
    "af",
    "sq",
    "hy",
    "as",
    "eu",
    "be",
    "bn",
    "bg",
    "ca",
    "zh-latn-pinyin",
    "cop",
    "hr",
    "cs",
    "da",
    "nl",
    "en-gb",
    "en-us",
    "eo",
    "et",
    "mul-ethi",
    "fi",
    "fi-x-school",
    "fr",
    "fur",
    "gl",
    "ka",
    "de-1901",
    "de-1996",
    "de-ch-1901",
    "grc",
    "el-monoton",
    "el-polyton",
    "gu",
    "hi",
    "hu",
    "is",
    "id",
    "ia",
    "ga",
    "it",
    "kn",
    "kmr",
    "la",
    "la-x-classic",
    "la-x-liturgic",
    "lv",
    "lt",
    "mk",
    "ml",
    "mr",
    "mn-cyrl",
    "nb",
    "nn",
    "oc",
    "or",
    "pi",
    "pa",
    "pms",
    "pl",
    "pt",
    "ro",
    "rm",
    "ru",
    "sa",
    "sr-cyrl",
    "sh-cyrl",
    "sh-latn",
    "cu",
    "sk",
    "sl",
    "es",
    "sv",
    "ta",
    "te",
    "th",
    "tr",
    "tk",
    "uk",
    "hsb",
    "cy",
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("Cargo sets OUT_DIR"));
    write_fonts(&out_dir);
    write_hyphenation_patterns(&out_dir);
}

/// Writes the four Libertinus Serif faces.
fn write_fonts(out_dir: &Path) {
    for (family, subfamily, file) in FACES {
        let mut matching =
            typst_assets::fonts().filter(|bytes| has_names(bytes, family, subfamily));
        let bytes = matching
            .next()
            .unwrap_or_else(|| panic!("typst-assets has no {family} {subfamily} font"));
        assert!(
            matching.next().is_none(),
            "typst-assets has more than one {family} {subfamily} font"
        );
        let path = out_dir.join(file);
        std::fs::write(&path, bytes)
            .unwrap_or_else(|err| panic!("could not write {}: {err}", path.display()));
    }
}

/// Writes each language's standard patterns, deflated, and `hyphenation.rs`: a table of
/// `(code, bytes)` pairs, sorted by code.
fn write_hyphenation_patterns(out_dir: &Path) {
    let mut table = String::from("&[\n");
    let mut codes = HYPHENATION_LANGUAGES;
    codes.sort_unstable();
    for code in codes {
        let language = Language::try_from_code(code)
            .unwrap_or_else(|| panic!("hyphenation knows no language {code}"));
        let dictionary = Standard::from_embedded(language)
            .unwrap_or_else(|err| panic!("no embedded patterns for {code}: {err}"));
        let serialized = bincode::serialize(&dictionary)
            .unwrap_or_else(|err| panic!("cannot serialize the patterns for {code}: {err}"));
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        encoder
            .write_all(&serialized)
            .unwrap_or_else(|err| panic!("cannot deflate the patterns for {code}: {err}"));
        let deflated = encoder
            .finish()
            .unwrap_or_else(|err| panic!("cannot deflate the patterns for {code}: {err}"));
        let file = format!("hyphenation-{code}.deflate");
        let path = out_dir.join(&file);
        std::fs::write(&path, deflated)
            .unwrap_or_else(|err| panic!("could not write {}: {err}", path.display()));
        table.push_str(&format!(
            "    ({code:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\"))),\n"
        ));
    }
    table.push_str("]\n");
    let path = out_dir.join("hyphenation.rs");
    std::fs::write(&path, table)
        .unwrap_or_else(|err| panic!("could not write {}: {err}", path.display()));
}

/// Whether the font file's `name` table gives this family and subfamily.
fn has_names(bytes: &[u8], family: &str, subfamily: &str) -> bool {
    let Ok(face) = ttf_parser::Face::parse(bytes, 0) else {
        return false;
    };
    let name = |id: u16| {
        face.names()
            .into_iter()
            .filter(|name| name.name_id == id)
            .find_map(|name| name.to_string())
    };
    name(ttf_parser::name_id::FAMILY).as_deref() == Some(family)
        && name(ttf_parser::name_id::SUBFAMILY).as_deref() == Some(subfamily)
}
