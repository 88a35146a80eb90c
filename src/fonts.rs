//! The fonts bundled with cleancopy, shared by everything that draws text (the PDF backend's
//! pages, the EPUB backend's drawn cover, SVG pictures).
//!
//! Running text is set in Libertinus Serif (OFL; Latin, Greek, Cyrillic and Hebrew), whose four
//! faces the build script (`build.rs`) picks out of the `typst-assets` crate's fonts, and code
//! in DejaVu Sans Mono. DejaVu Sans is the fallback for the scripts those lack (Arabic,
//! Armenian, Georgian and many symbols); both DejaVu families come from the `dejavu` crate.
//! Each face is found by the family and style names in its `name` table, never by its
//! position in an asset list, and the binary carries each file once.
//!
//! For characters none of these has, [`machine`] finds faces among the machine's fonts and
//! the folders the user gave.

use ttf_parser::Face;

pub mod machine;

/// Libertinus Serif Regular, as `build.rs` wrote it.
static LIBERTINUS_REGULAR: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/LibertinusSerif-Regular.otf"));
/// Libertinus Serif Italic, as `build.rs` wrote it.
static LIBERTINUS_ITALIC: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/LibertinusSerif-Italic.otf"));
/// Libertinus Serif Bold, as `build.rs` wrote it.
static LIBERTINUS_BOLD: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/LibertinusSerif-Bold.otf"));
/// Libertinus Serif Bold Italic, as `build.rs` wrote it.
static LIBERTINUS_BOLD_ITALIC: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/LibertinusSerif-BoldItalic.otf"));

/// One of the faces text can be set in: a bundled face, or one of the machine's fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceId {
    /// Libertinus Serif Regular.
    Regular,
    /// Libertinus Serif Italic.
    Italic,
    /// Libertinus Serif Bold.
    Bold,
    /// Libertinus Serif Bold Italic.
    BoldItalic,
    /// DejaVu Sans Mono, for code.
    Mono,
    /// DejaVu Sans, the fallback for characters the faces above lack.
    Sans,
    /// DejaVu Sans Bold, the fallback for bold text.
    SansBold,
    /// The n-th font found on the machine (or in a folder the user gave) for characters no
    /// bundled face has, numbered in the order one book first needed them.
    Machine(u16),
}

impl FaceId {
    /// Every bundled face, in a fixed order.
    pub const ALL: [FaceId; 7] = [
        FaceId::Regular,
        FaceId::Italic,
        FaceId::Bold,
        FaceId::BoldItalic,
        FaceId::Mono,
        FaceId::Sans,
        FaceId::SansBold,
    ];

    /// The serif face for the given weight and slant.
    pub fn serif(bold: bool, italic: bool) -> FaceId {
        match (bold, italic) {
            (false, false) => FaceId::Regular,
            (false, true) => FaceId::Italic,
            (true, false) => FaceId::Bold,
            (true, true) => FaceId::BoldItalic,
        }
    }

    /// Family and subfamily (name IDs 1 and 2) that identify a bundled face's font file;
    /// `None` for a machine font.
    pub fn names(self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            FaceId::Regular => ("Libertinus Serif", "Regular"),
            FaceId::Italic => ("Libertinus Serif", "Italic"),
            FaceId::Bold => ("Libertinus Serif", "Bold"),
            FaceId::BoldItalic => ("Libertinus Serif", "Bold Italic"),
            FaceId::Mono => ("DejaVu Sans Mono", "Book"),
            FaceId::Sans => ("DejaVu Sans", "Book"),
            FaceId::SansBold => ("DejaVu Sans", "Bold"),
            FaceId::Machine(_) => return None,
        })
    }

    /// The faces to try, in order, for a character wanted in this face: the face itself, the
    /// serif of the same weight, the sans of the same weight, then the rest.
    pub fn fallbacks(self) -> &'static [FaceId] {
        use FaceId::*;
        match self {
            Regular => &[Regular, Sans, Mono],
            Italic => &[Italic, Regular, Sans, Mono],
            Bold => &[Bold, SansBold, Regular, Sans, Mono],
            BoldItalic => &[BoldItalic, Bold, SansBold, Regular, Sans, Mono],
            Mono => &[Mono, Sans, Regular],
            Sans => &[Sans, Regular, Mono],
            SansBold => &[SansBold, Sans, Bold, Regular, Mono],
            Machine(_) => &[Regular, Sans, Mono],
        }
    }

    /// A bundled face's position in [`FaceId::ALL`]; `None` for a machine font.
    pub(crate) fn index(self) -> Option<usize> {
        Some(match self {
            FaceId::Regular => 0,
            FaceId::Italic => 1,
            FaceId::Bold => 2,
            FaceId::BoldItalic => 3,
            FaceId::Mono => 4,
            FaceId::Sans => 5,
            FaceId::SansBold => 6,
            FaceId::Machine(_) => return None,
        })
    }
}

/// The file of a bundled face; `None` for a machine font, or if the file does not give the
/// face's names.
pub fn face_bytes(id: FaceId) -> Option<&'static [u8]> {
    let bytes = match id {
        FaceId::Regular => LIBERTINUS_REGULAR,
        FaceId::Italic => LIBERTINUS_ITALIC,
        FaceId::Bold => LIBERTINUS_BOLD,
        FaceId::BoldItalic => LIBERTINUS_BOLD_ITALIC,
        FaceId::Mono => dejavu::sans_mono::regular(),
        FaceId::Sans => dejavu::sans::regular(),
        FaceId::SansBold => dejavu::sans::bold(),
        FaceId::Machine(_) => return None,
    };
    has_names(bytes, id.names()?).then_some(bytes)
}

/// Whether the font file's `name` table gives this family and subfamily.
pub(crate) fn has_names(bytes: &[u8], (family, subfamily): (&str, &str)) -> bool {
    Face::parse(bytes, 0).is_ok_and(|face| {
        let (found_family, found_subfamily) = names_of(&face);
        found_family.as_deref() == Some(family) && found_subfamily.as_deref() == Some(subfamily)
    })
}

/// The family and subfamily (name IDs 1 and 2) a face's `name` table gives.
pub(crate) fn names_of(face: &Face<'_>) -> (Option<String>, Option<String>) {
    let name = |id: u16| {
        face.names()
            .into_iter()
            .filter(|name| name.name_id == id)
            .find_map(|name| name.to_string())
    };
    (
        name(ttf_parser::name_id::FAMILY),
        name(ttf_parser::name_id::SUBFAMILY),
    )
}
