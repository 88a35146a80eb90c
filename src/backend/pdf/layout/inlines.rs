//! Inline content to styled spans: emphasis toggles italics, strong text is bold, code is
//! monospaced, links are coloured and carry their target, line breaks are kept. Superscripts
//! and subscripts are smaller and raised or lowered, deleted text is struck through, inserted
//! text underlined, highlighted text drawn on a band of colour, and inline quotations get the
//! quotation marks of the article's language as text.

use crate::document::Inline;

use super::super::fonts::FaceId;
use super::super::lines::{Decorations, Span, TextStyle, LINE_BREAK};
use super::{Builder, Frame};

impl Builder<'_> {
    /// The spans of a run of inlines in a frame (`bold` for headings and header cells).
    pub(super) fn spans(&self, inlines: &[Inline], frame: Frame, bold: bool) -> Vec<Span> {
        let state = InlineState {
            bold,
            italic: frame.italic,
            mono: false,
            link: None,
            size: frame.size,
            rise: 0.0,
            decorations: Decorations::default(),
            quotes: 0,
            note: None,
        };
        let mut spans = Vec::new();
        self.flatten(inlines, &state, &mut spans);
        spans
    }

    fn flatten(&self, inlines: &[Inline], state: &InlineState, out: &mut Vec<Span>) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => out.push(self.span(text, state)),
                Inline::Code { text } => {
                    let code = InlineState {
                        mono: true,
                        ..state.clone()
                    };
                    out.push(self.span(text, &code));
                }
                Inline::LineBreak => out.push(self.span(&LINE_BREAK.to_string(), state)),
                // Pictures are not drawn in print yet; their alternative text stands in.
                Inline::Image { image } if !image.alt.trim().is_empty() => {
                    out.push(self.span(&image.alt, state))
                }
                Inline::Image { .. } => {}
                Inline::Emphasis { content } => {
                    let inner = InlineState {
                        italic: !state.italic,
                        ..state.clone()
                    };
                    self.flatten(content, &inner, out);
                }
                Inline::Strong { content } => {
                    let inner = InlineState {
                        bold: true,
                        ..state.clone()
                    };
                    self.flatten(content, &inner, out);
                }
                Inline::Link { href, content } => {
                    let inner = InlineState {
                        link: linkable(href).then(|| href.trim().to_string()),
                        ..state.clone()
                    };
                    self.flatten(content, &inner, out);
                    if let Some((key, mark)) = self.link_note(href, content) {
                        self.note_mark(&mark, key, state, out);
                    } else if let Some(address) = self.address_in_note(href, content) {
                        out.push(self.span(&address, &inner));
                    }
                }
                Inline::NoteRef { label, id } => {
                    let key = if self.in_note {
                        None
                    } else {
                        self.notes.borrow().footnote(id)
                    };
                    match key {
                        Some(key) => self.note_mark(label, key, state, out),
                        // A raised small mark, as a superscript.
                        None => {
                            let raised = [Inline::Superscript {
                                content: vec![Inline::text(label.as_str())],
                            }];
                            self.flatten(&raised, state, out);
                        }
                    }
                }
                Inline::Superscript { content } | Inline::Subscript { content } => {
                    let scripts = &self.style.scripts;
                    let shift = if matches!(inline, Inline::Superscript { .. }) {
                        scripts.superscript_rise
                    } else {
                        -scripts.subscript_drop
                    };
                    let inner = InlineState {
                        size: state.size * scripts.size,
                        rise: state.rise + shift * state.size,
                        ..state.clone()
                    };
                    self.flatten(content, &inner, out);
                }
                Inline::Deleted { content } | Inline::Inserted { content } => {
                    let mut inner = state.clone();
                    if matches!(inline, Inline::Deleted { .. }) {
                        inner.decorations.line_through = true;
                    } else {
                        inner.decorations.underline = true;
                    }
                    self.flatten(content, &inner, out);
                }
                Inline::Highlight { content } => {
                    let mut inner = state.clone();
                    inner.decorations.highlight = Some(self.style.colors.highlight);
                    self.flatten(content, &inner, out);
                }
                Inline::Quoted { content } => {
                    let (open, close) = self.marks.at_depth(state.quotes);
                    out.push(self.span(open, state));
                    let inner = InlineState {
                        quotes: state.quotes + 1,
                        ..state.clone()
                    };
                    self.flatten(content, &inner, out);
                    out.push(self.span(close, state));
                }
                // A reading is set after its text, smaller, in parentheses: 子(こ).
                Inline::Ruby {
                    content,
                    annotation,
                } => {
                    self.flatten(content, state, out);
                    let reading = InlineState {
                        size: state.size * self.style.scripts.size,
                        ..state.clone()
                    };
                    out.push(self.span(&format!("({})", annotation.trim()), &reading));
                }
                // Small capitals and abbreviations are set as written.
                Inline::SmallCaps { content } | Inline::Abbreviation { content, .. } => {
                    self.flatten(content, state, out)
                }
            }
        }
    }

    /// The raised mark of the note `key`, printed at the foot of the page.
    fn note_mark(&self, mark: &str, key: usize, state: &InlineState, out: &mut Vec<Span>) {
        let scripts = &self.style.scripts;
        let raised = InlineState {
            link: None,
            size: state.size * scripts.size,
            rise: state.rise + scripts.superscript_rise * state.size,
            note: Some(key),
            ..state.clone()
        };
        out.push(self.span(mark, &raised));
    }

    fn span(&self, text: &str, state: &InlineState) -> Span {
        let face = if state.mono {
            FaceId::Mono
        } else {
            FaceId::serif(state.bold, state.italic)
        };
        // Inline code is set a little smaller so its x-height matches the serif's.
        let size = if state.mono {
            state.size * 0.9
        } else {
            state.size
        };
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
                rise: state.rise,
                decorations: state.decorations,
                note: state.note,
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
    /// Font size in points.
    size: f32,
    /// How far the baseline is raised, in points.
    rise: f32,
    decorations: Decorations,
    /// How many inline quotations the text is inside.
    quotes: usize,
    /// The note whose mark the text is.
    note: Option<usize>,
}

/// Whether a link target means something in a PDF (an absolute web or mail address).
pub(super) fn linkable(href: &str) -> bool {
    let lower = href.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "ftp://"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}
