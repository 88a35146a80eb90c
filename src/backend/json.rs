//! The JSON backend: each article's metadata, word count, plain text and blocks, for scripts.
//!
//! One JSON object per article, one per line (JSON Lines), so a single article is a single
//! object and a batch can be read line by line.

use serde::Serialize;

use super::plain::{article_text, TextOptions};
use super::{Backend, BackendError, RenderContext, Rendered};
use crate::document::{Block, Metadata};

/// Writes books as JSON Lines.
#[derive(Debug, Clone, Default)]
pub struct JsonBackend;

/// The record written for one article.
#[derive(Serialize)]
struct ArticleRecord<'a> {
    #[serde(flatten)]
    meta: &'a Metadata,
    word_count: usize,
    text: String,
    blocks: &'a [Block],
}

impl Backend for JsonBackend {
    fn name(&self) -> &'static str {
        "json"
    }

    fn extension(&self) -> &'static str {
        "json"
    }

    fn media_type(&self) -> &'static str {
        "application/x-ndjson"
    }

    fn render(&self, context: &RenderContext<'_>) -> Result<Rendered, BackendError> {
        let body = TextOptions { body_only: true };
        let mut out = Vec::new();
        for article in &context.book.articles {
            let record = ArticleRecord {
                meta: &article.meta,
                word_count: article.word_count(),
                text: article_text(article, body),
                blocks: &article.blocks,
            };
            serde_json::to_writer(&mut out, &record).map_err(|e| BackendError::new("json", e))?;
            out.push(b'\n');
        }
        Ok(Rendered::clean(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Book, Document};

    #[test]
    fn record_has_metadata_count_and_text() {
        let book = Book::single(Document {
            meta: Metadata {
                title: "T".into(),
                section: Some("World".into()),
                ..Metadata::default()
            },
            blocks: vec![Block::paragraph("two words")],
        });
        let out = JsonBackend
            .render(&RenderContext::new(&book))
            .unwrap()
            .bytes;
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["title"], "T");
        assert_eq!(value["section"], "World");
        assert_eq!(value["word_count"], 2);
        assert_eq!(value["text"], "two words\n");
        assert_eq!(value["blocks"][0]["type"], "paragraph");
    }
}
