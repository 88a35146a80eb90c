//! Picks the faces running text is set in out of `typst-assets`' fonts and writes them to
//! `OUT_DIR`, where `src/fonts.rs` includes them. The binary then carries these four files,
//! once, and none of the other faces `typst-assets` ships (Libertinus Serif Semibold, New
//! Computer Modern and its maths faces).
//!
//! Each face is found by the family and subfamily in its `name` table, never by its position
//! in the crate's list, and must be there exactly once.

use std::path::PathBuf;

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

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("Cargo sets OUT_DIR"));
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
