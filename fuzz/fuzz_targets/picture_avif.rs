//! AVIF pictures through the images stage: decoding, scaling and storing must never panic
//! and stay within the picture limits, whatever the bytes.
#![no_main]

#[path = "common/picture.rs"]
mod picture;

libfuzzer_sys::fuzz_target!(
    init: {
        // The AVIF stage turns a panic of the container parser or the decoder (some of their
        // debug assertions trip on hostile input) into a "left out" warning, as cleancopy does
        // for every picture; the fuzzer's own hook would abort before that. A panic that escapes
        // the stage still ends the run: it cannot unwind out of the fuzzer's entry point.
        drop(std::panic::take_hook());
    },
    |data: &[u8]| picture::convert_as("image/avif", data)
);
