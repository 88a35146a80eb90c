//! Inline content to styled spans: emphasis toggles italics, strong text is bold, code is
//! monospaced, links are coloured and carry their target, line breaks are kept.

use crate::document::Inline;

use super::super::fonts::FaceId;
use super::super::lines::{Span, TextStyle, LINE_BREAK};
use super::{Builder, Frame};

impl Builder<'_> {
    /// The spans of a run of inlines in a frame (`bold` for headings and header cells).
    pub(super) fn spans(&self, inlines: &[Inline], frame: Frame, bold: bool) -> Vec<Span> {
        let state = InlineState {
            bold,
            italic: frame.italic,
            mono: false,
            link: None,
        };
        let mut spans = Vec::new();
        self.flatten(inlines, &state, frame.size, &mut spans);
        spans
    }

    fn flatten(&self, inlines: &[Inline], state: &InlineState, size: f32, out: &mut Vec<Span>) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => out.push(self.span(text, state, size)),
                Inline::Code { text } => {
                    let code = InlineState {
                        mono: true,
                        ..state.clone()
                    };
                    out.push(self.span(text, &code, size));
                }
                Inline::LineBreak => out.push(self.span(&LINE_BREAK.to_string(), state, size)),
                // Pictures are not drawn in print yet; their alternative text stands in.
                Inline::Image { image } if !image.alt.trim().is_empty() => {
                    out.push(self.span(&image.alt, state, size))
                }
                Inline::Image { .. } => {}
                Inline::Emphasis { content } => {
                    let inner = InlineState {
                        italic: !state.italic,
                        ..state.clone()
                    };
                    self.flatten(content, &inner, size, out);
                }
                Inline::Strong { content } => {
                    let inner = InlineState {
                        bold: true,
                        ..state.clone()
                    };
                    self.flatten(content, &inner, size, out);
                }
                Inline::Link { href, content } => {
                    let inner = InlineState {
                        link: linkable(href).then(|| href.trim().to_string()),
                        ..state.clone()
                    };
                    self.flatten(content, &inner, size, out);
                }
            }
        }
    }

    fn span(&self, text: &str, state: &InlineState, size: f32) -> Span {
        let face = if state.mono {
            FaceId::Mono
        } else {
            FaceId::serif(state.bold, state.italic)
        };
        // Inline code is set a little smaller so its x-height matches the serif's.
        let size = if state.mono { size * 0.9 } else { size };
        let color = if state.link.is_some() {
            self.style.colors.link
        } else {
            self.style.colors.text
        };
        Span {
            text: text.to_string(),
            style: TextStyle {
                face,
                size,
                color,
                link: state.link.clone(),
            },
        }
    }
}

/// The style state while flattening inlines.
#[derive(Debug, Clone)]
struct InlineState {
    bold: bool,
    italic: bool,
    mono: bool,
    link: Option<String>,
}

/// Whether a link target means something in a PDF (an absolute web or mail address).
pub(super) fn linkable(href: &str) -> bool {
    let lower = href.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "ftp://"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}
