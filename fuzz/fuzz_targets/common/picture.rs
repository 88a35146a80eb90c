//! The body shared by the picture targets: bytes that sniff as the target's format go through
//! the images stage's conversion, as a picture of a page would. It must never panic: it gives a
//! stored picture inside the size limit, nothing (too small) or an error in one line.

use cleancopy::images::{convert, ImageOptions};
use cleancopy::source::sniff_image_type;

/// Converts `data` when it sniffs as `media_type`; other inputs are skipped at once, so the
/// fuzzer keeps to the format's decoder.
pub fn convert_as(media_type: &str, data: &[u8]) {
    if sniff_image_type(data) != Some(media_type) {
        return;
    }
    // Every size is decoded (no picture is too small) and most are scaled down.
    let options = ImageOptions {
        min_side: 1,
        max_side: 64,
        ..ImageOptions::default()
    };
    match convert(data, &options) {
        Ok(Some(picture)) => {
            assert!(picture.width <= options.max_side && picture.height <= options.max_side);
            assert!(!picture.bytes.is_empty());
        }
        Ok(None) => {}
        Err(err) => assert!(!err.to_string().contains('\n'), "{err}"),
    }
}

/// Lets the images stage catch a panic of the libraries it guards (the SVG libraries and the
/// AVIF parser and decoder), as cleancopy does for every picture: libFuzzer's own panic hook
/// would abort before that. A panic that escapes the stage still ends the run: it cannot
/// unwind out of the fuzzer's entry point.
#[allow(dead_code)] // Only the SVG and AVIF targets call it.
pub fn let_the_stage_catch_panics() {
    drop(std::panic::take_hook());
}
