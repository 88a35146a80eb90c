//! The whole pipeline, bytes in to EPUB bytes out: detection, decoding, normalizing and the
//! EPUB backend must never panic, and a book they make must be a ZIP archive.
#![no_main]

use cleancopy::backend::{epub::EpubBackend, Backend, RenderContext};
use cleancopy::document::Book;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(article) = cleancopy_fuzz_read(data) else {
        return;
    };
    let book = Book::single(article);
    if let Ok(rendered) = EpubBackend::default().render(&RenderContext::new(&book)) {
        let bytes = rendered.bytes;
        assert!(bytes.starts_with(b"PK"));
    }
});

include!("read.rs");
