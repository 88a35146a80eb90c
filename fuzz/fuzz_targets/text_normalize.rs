//! The plain-text normalizer on arbitrary bytes: it must never panic.
#![no_main]

use cleancopy::source::{Format, SourceText};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = SourceText {
        name: "fuzz.txt".into(),
        text: String::from_utf8_lossy(data).into_owned(),
        format: Format::Text,
        url: None,
    };
    let _ = cleancopy::normalize::normalize(&page);
});
