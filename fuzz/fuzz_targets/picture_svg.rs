//! SVG pictures through the images stage: parsing, drawing (held to the drawing limits),
//! scaling and storing must never panic and stay within the picture limits, whatever the bytes.
#![no_main]

#[path = "common/picture.rs"]
mod picture;

libfuzzer_sys::fuzz_target!(
    init: picture::let_the_stage_catch_panics(),
    |data: &[u8]| picture::convert_as("image/svg+xml", data)
);
