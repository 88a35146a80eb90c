//! The plain-text backend: the article as readable text, paragraphs separated by blank lines.
//!
//! With [`TextOptions::body_only`] the title block is left out, which is the shape extraction
//! scorers expect (article body only).

use super::plain::article_text;
pub use super::plain::TextOptions;
use super::{Backend, BackendError, RenderContext, Rendered};

/// Writes books as UTF-8 plain text.
#[derive(Debug, Clone, Default)]
pub struct TextBackend {
    /// What to include.
    pub options: TextOptions,
}

impl TextBackend {
    /// A text backend with the given options.
    pub fn new(options: TextOptions) -> Self {
        TextBackend { options }
    }
}

impl Backend for TextBackend {
    fn name(&self) -> &'static str {
        "text"
    }

    fn extension(&self) -> &'static str {
        "txt"
    }

    fn media_type(&self) -> &'static str {
        "text/plain; charset=utf-8"
    }

    fn render(&self, context: &RenderContext<'_>) -> Result<Rendered, BackendError> {
        let articles: Vec<String> = context
            .book
            .articles
            .iter()
            .map(|article| article_text(article, self.options))
            .collect();
        Ok(Rendered::clean(articles.join("\n* * *\n\n").into_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Book, Document, Metadata};

    #[test]
    fn articles_of_a_book_are_separated_by_a_break_mark() {
        let article = |title: &str| Document {
            meta: Metadata {
                title: title.into(),
                ..Metadata::default()
            },
            blocks: vec![Block::paragraph("Words.")],
        };
        let book = Book {
            title: None,
            articles: vec![article("One"), article("Two")],
        };
        let rendered = TextBackend::default()
            .render(&RenderContext::new(&book))
            .unwrap();
        let text = String::from_utf8(rendered.bytes).unwrap();
        assert_eq!(text, "One\n\nWords.\n\n* * *\n\nTwo\n\nWords.\n");
    }
}
