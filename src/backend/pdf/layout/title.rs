//! The title block at the head of each article: section, title, byline, date and site,
//! source address, and a short rule. The block of a right-to-left article (its title reads
//! right to left, or its language is written so) is mirrored: every line of it, and the rule,
//! stands at the right.

use crate::backend::Locale;
use crate::document::Metadata;

use super::super::fonts::FaceId;
use super::super::lines::{reads_right_to_left, TextStyle};
use super::super::style::Rgb;
use super::inlines::linkable;
use super::{plain, Builder, Flow, Frame, Mark, Setting};

impl Builder<'_> {
    /// Section, title, byline, date and site, source address, and a short rule. Every line
    /// is kept with the next, so the block is never split and never ends a page.
    pub(super) fn title_block(&mut self, meta: &Metadata, title: &str) {
        let t = &self.style.title;
        let (muted, text) = (self.style.colors.muted, self.style.colors.text);
        let rtl = reads_right_to_left(title)
            || meta
                .language
                .as_deref()
                .is_some_and(is_right_to_left_language);
        self.flow.push(Flow::Mark(Mark {
            level: 0,
            title: title.to_string(),
        }));
        if let Some(section) = non_empty(meta.section.as_deref()) {
            self.title_line(
                TitleLine {
                    text: &section.to_uppercase(),
                    rtl,
                },
                FaceId::Regular,
                t.section_size,
                muted,
            );
            self.space(self.em(0.3));
        }
        self.title_line(
            TitleLine { text: title, rtl },
            FaceId::Bold,
            t.title_size,
            text,
        );
        self.space(self.em(0.5));
        let locale = Locale::of(meta);
        if !meta.authors.is_empty() {
            let byline = locale.byline(&meta.authors);
            let byline = TitleLine { text: &byline, rtl };
            self.title_line(byline, FaceId::Italic, t.byline_size, text);
        }
        if let Some(facts) = locale.dateline(meta) {
            let facts = TitleLine { text: &facts, rtl };
            self.title_line(facts, FaceId::Regular, t.meta_size, muted);
        }
        if let Some(url) = non_empty(meta.source_url.as_deref()) {
            self.source_line(TitleLine { text: url, rtl }, t.url_size);
        }
        if t.rule_width > 0.0 {
            self.space(self.em(0.6));
            let width = self.geometry.text_width() * t.rule_width.min(1.0);
            let left = if rtl {
                self.geometry.text_width() - width
            } else {
                0.0
            };
            self.push_rule(left, width, self.style.rule.thickness_pt);
        }
        self.space(self.em(t.space_after_em));
    }

    /// One part of the title block, `size` times the base size; the title has its own leading.
    fn title_line(&mut self, line: TitleLine<'_>, face: FaceId, size: f32, color: Rgb) {
        let size = self.em(size);
        let style = TextStyle::plain(face, size, color);
        let setting = if face == FaceId::Bold {
            Setting {
                leading: self.style.title.title_leading,
                ..self.ragged(true)
            }
        } else {
            self.ragged(true)
        };
        self.text(&plain(&line.text(), style), self.full_width(size), setting);
    }

    /// The source address, as a link when it is one.
    fn source_line(&mut self, url: TitleLine<'_>, size: f32) {
        let size = self.em(size);
        let mut style = TextStyle::plain(FaceId::Regular, size, self.style.colors.muted);
        style.link = linkable(url.text).then(|| url.text.to_string());
        self.text(
            &plain(&url.text(), style),
            self.full_width(size),
            self.ragged(true),
        );
    }

    fn full_width(&self, size: f32) -> Frame {
        Frame {
            left: 0.0,
            right: 0.0,
            size,
            italic: false,
            in_list: false,
            list_depth: 0,
        }
    }
}

/// The text of a line of the title block, and whether the block reads right to left.
#[derive(Clone, Copy)]
struct TitleLine<'a> {
    text: &'a str,
    rtl: bool,
}

impl TitleLine<'_> {
    /// The text as it is set: in a right-to-left block, after a right-to-left mark (never
    /// drawn), so the line is a right-to-left paragraph, at the right, even when it starts
    /// with a Latin word or a number.
    fn text(&self) -> String {
        if self.rtl {
            format!("\u{200F}{}", self.text)
        } else {
            self.text.to_string()
        }
    }
}

/// Whether a language (a BCP 47 tag) is written right to left: Arabic, Hebrew, Persian, Urdu,
/// Yiddish, Pashto, Sindhi, Uyghur, Kurdish (Sorani), Dhivehi and Syriac.
fn is_right_to_left_language(tag: &str) -> bool {
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    [
        "ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "ckb", "dv", "syr",
    ]
    .iter()
    .any(|rtl| primary.eq_ignore_ascii_case(rtl))
}

/// The trimmed text, if there is any.
fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}
