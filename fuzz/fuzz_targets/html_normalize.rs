//! The HTML normalizer on arbitrary bytes (decoded the way a saved page is): it must never
//! panic, whatever the page holds.
#![no_main]

use cleancopy::source::{Format, SourceText};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = SourceText {
        name: "fuzz.html".into(),
        text: cleancopy::source::decode(data, Format::Html),
        format: Format::Html,
        url: Some("https://example.org/a/page.html".into()),
    };
    let _ = cleancopy::normalize::normalize(&page);
});
