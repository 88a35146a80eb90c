//! cleancopy turns web articles into clean ebooks.
//!
//! The pipeline has three stages, each a module, and [`convert`] runs them as one call:
//! 1. [`source`] reads an input (a file, standard input or a web address) and decodes it to
//!    text;
//! 2. [`normalize`] finds the article in it, drops the boilerplate and builds a
//!    [`document::Document`];
//! 3. a [`backend`] renders one or more documents (a [`document::Book`]) as EPUB, PDF, text
//!    or JSON, from a [`backend::RenderContext`] holding the book, its pictures and the build
//!    time.
//!
//! Between 2 and 3, [`images`] loads, checks and converts the pictures of the formats that
//! show them. [`output`] writes the result to disk safely (temporary file, then rename), and
//! [`deliver`] e-mails a finished book to a reading service or copies it onto a mounted
//! e-reader; `serve` (the `serve` feature) offers all this as a web service. [`limits`] holds
//! the range of every option, checked in one place; [`calendar`] the months' names that
//! dates are written and read with.
//!
//! # Example: a saved page to an EPUB and a PDF, with its pictures
//!
//! ```
//! use cleancopy::convert::{Converter, Options, OutputFormat};
//! use cleancopy::source::Input;
//!
//! # fn main() -> Result<(), cleancopy::Error> {
//! // Read a file, `-` (standard input) or a web address; normalize; load the pictures; render.
//! let input = [Input::from_arg("examples/tide-clock.html")];
//! let epub = Converter::new(OutputFormat::epub(), Options::default())?.convert(&input, None)?;
//! assert_eq!(epub.title, "The Clockmaker Who Tells the Tides");
//! assert_eq!(epub.authors, ["Jonas Weller"]);
//! assert_eq!(epub.images, 1);
//! let pdf = Converter::new(OutputFormat::pdf(), Options::default())?.convert(&input, None)?;
//! assert!(epub.bytes.starts_with(b"PK") && pdf.bytes.starts_with(b"%PDF"));
//!
//! // Save atomically; an existing file is never replaced unless asked.
//! let folder = tempfile::tempdir().expect("a temporary folder");
//! let path = folder.path().join(&epub.file_name);
//! cleancopy::output::write_file(&path, &epub.bytes, false)?;
//! assert!(cleancopy::output::write_file(&path, &epub.bytes, false).is_err());
//! # Ok(())
//! # }
//! ```
//!
//! # Example: text already in memory
//!
//! [`normalize::normalize`] takes decoded text, and any backend renders a
//! [`backend::RenderContext`], so a page held in a string needs no file:
//!
//! ```
//! use cleancopy::backend::{epub::EpubBackend, Backend, RenderContext};
//! use cleancopy::document::Book;
//! use cleancopy::source::{Format, SourceText};
//!
//! let page = SourceText {
//!     name: "memo".into(),
//!     text: "<html><head><title>Harbour memo</title></head><body><article>\
//!            <h1>Harbour memo</h1><p>The ferry leaves at nine on Saturdays from the north \
//!            quay, and the harbour office opens an hour before it. Tickets are sold on \
//!            board; bicycles travel free.</p></article></body></html>"
//!         .into(),
//!     format: Format::Html,
//!     url: None,
//! };
//! let article = cleancopy::normalize::normalize(&page).expect("an article");
//! assert_eq!(article.meta.title, "Harbour memo");
//! let book = Book::single(article);
//! let epub = EpubBackend::default().render(&RenderContext::new(&book)).expect("an EPUB");
//! assert!(epub.bytes.starts_with(b"PK"));
//! ```
//!
//! `examples/convert.rs` is a small program doing the first from the command line
//! (`cargo run --example convert -- page.html page.epub`).

pub mod backend;
pub mod calendar;
pub mod convert;
pub mod deliver;
pub mod document;
mod error;
pub mod fonts;
pub mod images;
pub mod limits;
pub mod normalize;
pub mod output;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;

pub use error::Error;
