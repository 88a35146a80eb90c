//! MHTML archives (saved single-file pages): the MIME reader must never panic, and a page it
//! finds must be one of the archive's parts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(archive) = cleancopy::source::mhtml::parse(data, "fuzz.mhtml") {
        let _ = archive.resource("https://example.org/picture.png");
    }
});
