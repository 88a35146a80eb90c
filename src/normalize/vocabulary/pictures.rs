//! Where pages keep the address of a picture, which pictures are read, and which alternative
//! texts say nothing of their picture.

/// Attributes that lazy-loading scripts use for the real image address, best first.
///
/// **Read by** the walker, when it finds an `<img>`'s address.
pub const LAZY_SRC_ATTRIBUTES: &[&str] = &[
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-url",
    "data-hi-res-src",
];

/// `srcset`-like attributes that lazy-loading scripts fill in `srcset` from, best first. They
/// are read before `src` (which then holds only a placeholder), and again, before `srcset`
/// itself, when `src` gives nothing.
///
/// **Read by** the walker, when it finds an `<img>`'s address.
pub const LAZY_SRCSET_ATTRIBUTES: &[&str] = &["data-srcset", "data-lazy-srcset"];

/// File endings of the pictures a figure may name only in its microdata (an `ImageObject`
/// whose `itemid` is the picture's address), compared in lowercase.
///
/// **Read by** the walker, when it converts a figure without a usable `<img>`.
pub const PICTURE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "gif", "webp", "avif"];

/// Media types of a `<picture>`'s `<source>` that cleancopy cannot decode (JPEG XL, HEIC),
/// compared in lowercase at the start of the `type`: such a source is never chosen.
///
/// **Read by** the walker, when it finds an `<img>`'s address among its `<picture>`'s
/// sources.
pub const UNREADABLE_PICTURE_TYPES: &[&str] = &["image/jxl", "image/heic", "image/heif"];

/// Alternative texts of pictures that are buttons, in lowercase words without punctuation
/// (besides the widget labels of [`WIDGET_PHRASES`](super::phrases::WIDGET_PHRASES) and the
/// share buttons the wording rules know).
///
/// **Read by** the picture pass (`figures.rs`): such a picture is left out.
pub const WIDGET_PICTURE_LABELS: &[&str] = &[
    "bookmark and share",
    "bookmark & share",
    "share bookmark",
    "addthis",
    "sharethis",
    "share button",
    "print button",
    "email button",
    "rss",
    "rss feed",
];

/// Alternative texts that name only a kind of picture, in lowercase words without
/// punctuation: they tell a reader nothing the picture's place does not.
///
/// **Read by** the picture pass (`figures.rs`): such an alternative text is dropped.
pub const PICTURE_KIND_WORDS: &[&str] = &[
    "image",
    "img",
    "photo",
    "photograph",
    "picture",
    "pic",
    "graphic",
    "illustration",
    "thumbnail",
    "thumb",
    "icon",
    "logo",
    "avatar",
    "headshot",
    "portrait",
    "author",
    "author photo",
    "author image",
    "author headshot",
    "profile picture",
    "profile photo",
    "placeholder",
    "spacer",
    "banner",
    "untitled",
    "no title",
    "featured image",
    "hero image",
    "lead image",
    "main image",
    "article image",
    "image description",
    "alt",
    "alt text",
];

/// How the file names of cameras and phones begin ("IMG_2041", "DSC01234", "PXL_2024…"), in
/// lowercase: followed by digits, such a word names a file, not what it shows.
///
/// **Read by** the picture pass (`figures.rs`), on one-word alternative texts.
pub const CAMERA_FILE_PREFIXES: &[&str] = &[
    "img",
    "dsc",
    "dscn",
    "dscf",
    "dcim",
    "pict",
    "pxl",
    "gopr",
    "mvimg",
    "p10",
    "screenshot",
];
