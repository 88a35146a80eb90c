//! Where pages keep the address of a picture, and which pictures are read.

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
