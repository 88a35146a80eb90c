//! The whole pipeline, bytes in to PDF bytes out: detection, decoding, normalizing and the
//! PDF backend must never panic, and a document they make must be a PDF.
#![no_main]

use cleancopy::backend::{pdf::PdfBackend, Backend, RenderContext};
use cleancopy::document::Book;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(article) = cleancopy_fuzz_read(data) else {
        return;
    };
    let book = Book::single(article);
    if let Ok(rendered) = PdfBackend::default().render(&RenderContext::new(&book)) {
        let bytes = rendered.bytes;
        assert!(bytes.starts_with(b"%PDF"));
    }
});

include!("read.rs");
