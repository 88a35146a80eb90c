//! Per-stage benchmarks of the library, in process: HTML parsing, extraction, EPUB writing and
//! PDF layout and writing, each on a generated ~1,500-word article page with boilerplate and on
//! `examples/tide-clock.html`.
//!
//! Run with `cargo bench --bench stages`. A change that slows one stage shows up under that
//! stage's group.
//!
//! - `parse` is html5ever's parse of the page through scraper, the exact call
//!   (`scraper::Html::parse_document`) that [`cleancopy::normalize::html::normalize`] starts
//!   with; parsing alone has no entry point of its own in the library.
//! - `extract` is [`cleancopy::normalize::normalize`], from a `SourceText` to a `Document`: it
//!   includes the parse, so extraction proper is the difference of the two.
//! - `extract-noting-removals` is the same with the removal log of `--verbose` kept
//!   ([`cleancopy::normalize::NormalizeOptions::note_removals`]): what the list costs.
//! - `epub` and `pdf` are the backends' `render` of a one-article book (no images).

// criterion_group! writes an undocumented function.
#![allow(missing_docs)]

mod common;

use std::hint::black_box;

use cleancopy::backend::epub::EpubBackend;
use cleancopy::backend::pdf::PdfBackend;
use cleancopy::backend::{Backend, RenderContext};
use cleancopy::document::{Book, Document};
use cleancopy::source::{Format, SourceText};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// The pages every stage is measured on: (name, HTML).
fn pages() -> Vec<(&'static str, String)> {
    vec![
        (
            "generated-1500w",
            common::article_page(&common::ArticleSpec::words(1_500)),
        ),
        ("tide-clock", common::example_page()),
    ]
}

fn source(name: &str, html: &str) -> SourceText {
    SourceText {
        name: name.to_string(),
        text: html.to_string(),
        format: Format::Html,
        url: Some("https://news.example.org/2024/03/story".to_string()),
    }
}

fn document(name: &str, html: &str) -> Document {
    cleancopy::normalize::normalize(&source(name, html)).expect("the bench page has an article")
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (name, html) in pages() {
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| scraper::Html::parse_document(black_box(&html)))
        });
    }
    group.finish();
}

fn extract(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract");
    for (name, html) in pages() {
        let source = source(name, &html);
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| cleancopy::normalize::normalize(black_box(&source)))
        });
    }
    group.finish();
}

fn extract_noting_removals(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract-noting-removals");
    let options = cleancopy::normalize::NormalizeOptions {
        note_removals: true,
        ..Default::default()
    };
    for (name, html) in pages() {
        let source = source(name, &html);
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| cleancopy::normalize::normalize_noting(black_box(&source), options))
        });
    }
    group.finish();
}

fn epub(c: &mut Criterion) {
    let mut group = c.benchmark_group("epub");
    let backend = EpubBackend::default();
    for (name, html) in pages() {
        let book = Book::single(document(name, &html));
        group.bench_function(name, |b| {
            b.iter(|| {
                backend
                    .render(black_box(&RenderContext::new(&book)))
                    .expect("EPUB renders")
            })
        });
    }
    group.finish();
}

fn pdf(c: &mut Criterion) {
    let mut group = c.benchmark_group("pdf");
    let backend = PdfBackend::default();
    for (name, html) in pages() {
        let book = Book::single(document(name, &html));
        group.bench_function(name, |b| {
            b.iter(|| {
                backend
                    .render(black_box(&RenderContext::new(&book)))
                    .expect("PDF renders")
            })
        });
    }
    group.finish();
}

criterion_group!(stages, parse, extract, extract_noting_removals, epub, pdf);
criterion_main!(stages);
