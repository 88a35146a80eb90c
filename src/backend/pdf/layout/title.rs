//! The title block at the head of each article: section, title, byline, date and site,
//! source address, and a short rule.

use crate::backend::Locale;
use crate::document::Metadata;

use super::super::fonts::FaceId;
use super::super::style::Rgb;
use super::inlines::linkable;
use super::{plain, Builder, Flow, Frame, Mark, Setting};

impl Builder<'_> {
    /// Section, title, byline, date and site, source address, and a short rule. Every line
    /// is kept with the next, so the block is never split and never ends a page.
    pub(super) fn title_block(&mut self, meta: &Metadata, title: &str) {
        let t = &self.style.title;
        let (muted, text) = (self.style.colors.muted, self.style.colors.text);
        self.flow.push(Flow::Mark(Mark {
            level: 0,
            title: title.to_string(),
        }));
        if let Some(section) = non_empty(meta.section.as_deref()) {
            self.title_line(
                &section.to_uppercase(),
                FaceId::Regular,
                t.section_size,
                muted,
            );
            self.space(self.em(0.3));
        }
        self.title_line(title, FaceId::Bold, t.title_size, text);
        self.space(self.em(0.5));
        let locale = Locale::of(meta);
        if !meta.authors.is_empty() {
            let byline = locale.byline(&meta.authors);
            self.title_line(&byline, FaceId::Italic, t.byline_size, text);
        }
        let date = locale.date(meta);
        let facts: Vec<&str> = [
            non_empty(date.as_deref()),
            non_empty(meta.site_name.as_deref()),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !facts.is_empty() {
            self.title_line(&facts.join(" · "), FaceId::Regular, t.meta_size, muted);
        }
        if let Some(url) = non_empty(meta.source_url.as_deref()) {
            self.source_line(url, t.url_size);
        }
        if t.rule_width > 0.0 {
            self.space(self.em(0.6));
            let width = self.geometry.text_width() * t.rule_width.min(1.0);
            self.push_rule(0.0, width, self.style.rule.thickness_pt);
        }
        self.space(self.em(t.space_after_em));
    }

    /// One part of the title block, `size` times the base size; the title has its own leading.
    fn title_line(&mut self, text: &str, face: FaceId, size: f32, color: Rgb) {
        let size = self.em(size);
        let style = self.text_style(face, size, color);
        let setting = if face == FaceId::Bold {
            Setting {
                leading: self.style.title.title_leading,
                ..self.ragged(true)
            }
        } else {
            self.ragged(true)
        };
        self.text(&plain(text, style), self.full_width(size), setting);
    }

    /// The source address, as a link when it is one.
    fn source_line(&mut self, url: &str, size: f32) {
        let size = self.em(size);
        let mut style = self.text_style(FaceId::Regular, size, self.style.colors.muted);
        style.link = linkable(url).then(|| url.to_string());
        self.text(&plain(url, style), self.full_width(size), self.ragged(true));
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

/// The trimmed text, if there is any.
fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}
