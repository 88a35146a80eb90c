//! Drawing: placed pages become printpdf pages of content operators and link annotations.
//!
//! Each run of a line is drawn as one text-showing operation at its own position (`Tm`), in
//! its own face and colour, with kerning and justification as `TJ` offsets and real space
//! characters between words, so text extraction gives the words back in reading order.
//! Fonts are registered under six-letter tags derived from the face and the characters drawn
//! in it, so the PDF carries proper subset names and a rebuild of the same book is identical.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Actions, BorderArray, Codepoint, Color, CurTransMat, FontId, Line, LinePoint, LinkAnnotation,
    Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, Point, Pt, Rect, TextItem, TextMatrix,
    XObjectId, XObjectTransform,
};

use super::font::RunPart;
use super::fonts::{FaceId, FontSet};
use super::images::resource_name;
use super::paginate::{Page, PlacedImage, PlacedLine, PlacedRule};
use super::style::Rgb;

/// How far below the baseline and above it a link's clickable box reaches, in em.
const LINK_DEPTH: f32 = 0.25;
const LINK_HEIGHT: f32 = 0.9;

/// The PDF font resource of each face used, per direction. A face drawn both ways is two
/// resources with one subset each: a shaper draws some glyphs for other characters in
/// right-to-left text (the mirrored parenthesis), and each resource's `ToUnicode` map can then
/// give every glyph the character it stands for in its direction.
pub type FontIds = BTreeMap<(FaceId, bool), FontId>;

/// Adds every face the pages use to the document and returns their resource ids.
pub fn register_fonts(doc: &mut PdfDocument, pages: &[Page], fonts: &FontSet) -> FontIds {
    let mut used: BTreeMap<(FaceId, bool), BTreeSet<char>> = BTreeMap::new();
    for run in pages
        .iter()
        .flat_map(|page| &page.lines)
        .flat_map(|line| &line.line.runs)
    {
        used.entry((run.run.face, run.run.rtl))
            .or_default()
            .extend(run.run.text().chars());
    }
    let mut ids = FontIds::new();
    for ((face, rtl), chars) in used {
        let font = fonts.font(face);
        let direction: &[u8] = if rtl { b"rtl" } else { b"ltr" };
        let mut salt = 0_u64;
        let id = loop {
            let text: String = chars.iter().collect();
            let hash = fnv1a(salt, [font.name.as_bytes(), direction, text.as_bytes()]);
            let id = FontId(subset_tag(hash));
            if !ids.values().any(|existing| *existing == id) {
                break id;
            }
            salt += 1;
        };
        let font = PdfFont::new(font.pdf.clone());
        doc.resources.fonts.map.insert(id.clone(), font);
        ids.insert((face, rtl), id);
    }
    ids
}

/// Six capital letters from a hash, as PDF subset tags are written.
fn subset_tag(mut hash: u64) -> String {
    (0..6)
        .map(|_| {
            let letter = b'A' + (hash % 26) as u8;
            hash /= 26;
            char::from(letter)
        })
        .collect()
}

/// 64-bit FNV-1a over byte strings, each followed by a separator; `seed` varies the result.
pub fn fnv1a<'a>(seed: u64, parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for part in parts {
        for &byte in part.iter().chain(&[0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// The printpdf page for a placed page of `width` × `height` points.
pub fn page(page: &Page, fonts: &FontIds, width: f32, height: f32) -> PdfPage {
    let mut ops = Vec::new();
    for image in &page.images {
        draw_image(&mut ops, image);
    }
    for rule in &page.rules {
        draw_rule(&mut ops, rule);
    }
    ops.push(Op::StartTextSection);
    let mut state = TextState::default();
    for line in &page.lines {
        draw_line(&mut ops, &mut state, line, fonts);
    }
    ops.push(Op::EndTextSection);
    for line in &page.lines {
        link_annotations(&mut ops, line);
    }
    let size = Rect::from_wh(Pt(width), Pt(height));
    PdfPage {
        media_box: size.clone(),
        trim_box: size.clone(),
        crop_box: size,
        ops,
    }
}

fn color(rgb: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: rgb.r,
        g: rgb.g,
        b: rgb.b,
        icc_profile: None,
    })
}

fn draw_rule(ops: &mut Vec<Op>, rule: &PlacedRule) {
    let point = |x: f32| LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(rule.y),
        },
        bezier: false,
    };
    ops.push(Op::SetOutlineColor {
        col: color(rule.color),
    });
    ops.push(Op::SetOutlineThickness {
        pt: Pt(rule.thickness),
    });
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![point(rule.x0), point(rule.x1)],
            is_closed: false,
        },
    });
}

/// Draws a picture: the unit square its XObject fills, scaled and moved into place. The
/// XObject itself is added to the page resources by [`super::finish`].
fn draw_image(ops: &mut Vec<Op>, image: &PlacedImage) {
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetTransformationMatrix {
        matrix: CurTransMat::Raw([image.width, 0.0, 0.0, image.height, image.x, image.y]),
    });
    ops.push(Op::UseXobject {
        id: XObjectId(resource_name(image.image)),
        transform: XObjectTransform {
            no_auto_scale: true,
            ..XObjectTransform::default()
        },
    });
    ops.push(Op::RestoreGraphicsState);
}

/// The font and colour last set, so they are only set again when they change.
#[derive(Default)]
struct TextState {
    font: Option<(FontId, f32)>,
    color: Option<Rgb>,
}

fn draw_line(ops: &mut Vec<Op>, state: &mut TextState, line: &PlacedLine, fonts: &FontIds) {
    for run in &line.line.runs {
        let segments = text_segments(&run.run.parts);
        let Some(font_id) = fonts.get(&(run.run.face, run.run.rtl)) else {
            continue;
        };
        if segments.is_empty() {
            continue;
        }
        if state.color != Some(run.color) {
            ops.push(Op::SetFillColor {
                col: color(run.color),
            });
            state.color = Some(run.color);
        }
        if state.font != Some((font_id.clone(), run.run.size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id.clone()),
                size: Pt(run.run.size),
            });
            state.font = Some((font_id.clone(), run.run.size));
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(line.x + run.x), Pt(line.baseline)),
        });
        // Each segment continues where the last one left the pen; a raised one (a stacked
        // mark) is drawn with the text rise set, which is put back to 0 after it.
        for (rise, items) in segments {
            if rise != 0.0 {
                ops.push(Op::SetLineOffset {
                    multiplier: rise * run.run.size / 1000.0,
                });
            }
            ops.push(Op::ShowText { items });
            if rise != 0.0 {
                ops.push(Op::SetLineOffset { multiplier: 0.0 });
            }
        }
    }
}

/// Text, glyphs and offsets of a run as `TJ` items, in segments of one rise (thousandths of an
/// em above the baseline). A `TJ` number moves the next glyph left by that many thousandths
/// of an em, the opposite sign of a kerning adjustment. A shaped glyph carries the characters
/// it stands for, which become its `ToUnicode` entry.
fn text_segments(parts: &[RunPart]) -> Vec<(f32, Vec<TextItem>)> {
    let mut segments: Vec<(f32, Vec<TextItem>)> = Vec::new();
    for part in parts {
        // An offset moves the pen whatever the rise: it joins the current segment.
        let current = segments.last().map_or(0.0, |(rise, _)| *rise);
        let (rise, item) = match part {
            RunPart::Text(text) if text.is_empty() => continue,
            RunPart::Text(text) => (0.0, TextItem::Text(text.clone())),
            RunPart::Kern(kern) => (current, TextItem::Offset(-kern)),
            RunPart::Glyph { id, chars, rise } => {
                let glyph = Codepoint {
                    gid: *id,
                    offset: 0.0,
                    cid: (!chars.is_empty()).then(|| chars.clone()),
                };
                (*rise, TextItem::GlyphIds(vec![glyph]))
            }
        };
        if segments.is_empty() || current != rise {
            segments.push((rise, Vec::new()));
        }
        let Some((_, items)) = segments.last_mut() else {
            continue;
        };
        match (items.last_mut(), item) {
            (Some(TextItem::GlyphIds(glyphs)), TextItem::GlyphIds(more)) => glyphs.extend(more),
            (_, item) => items.push(item),
        }
    }
    segments
}

/// Clickable areas for the links on a line, with no visible border.
fn link_annotations(ops: &mut Vec<Op>, line: &PlacedLine) {
    for link in &line.line.links {
        let bottom = line.baseline - LINK_DEPTH * line.size;
        let rect = Rect::from_xywh(
            Pt(line.x + link.x0),
            Pt(bottom),
            Pt(link.x1 - link.x0),
            Pt((LINK_DEPTH + LINK_HEIGHT) * line.size),
        );
        ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                rect,
                Actions::uri(link.href.clone()),
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                None,
                None,
            ),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tags_are_six_capitals() {
        for seed in 0..50 {
            let tag = subset_tag(fnv1a(seed, [b"Libertinus".as_slice()]));
            assert_eq!(tag.len(), 6);
            assert!(tag.chars().all(|c| c.is_ascii_uppercase()), "{tag}");
        }
        assert_ne!(
            fnv1a(0, [b"ab".as_slice(), b"c".as_slice()]),
            fnv1a(0, [b"a".as_slice(), b"bc".as_slice()])
        );
    }

    #[test]
    fn kerning_becomes_negated_tj_offsets() {
        let segments = text_segments(&[
            RunPart::Text("A".into()),
            RunPart::Kern(-80.0),
            RunPart::Text("V".into()),
            RunPart::Text(String::new()),
        ]);
        assert_eq!(
            segments,
            [(
                0.0,
                vec![
                    TextItem::Text("A".into()),
                    TextItem::Offset(80.0),
                    TextItem::Text("V".into())
                ]
            )]
        );
    }

    #[test]
    fn raised_marks_get_their_own_segment() {
        let glyph = |id: u16, rise: f32| RunPart::Glyph {
            id,
            chars: String::new(),
            rise,
        };
        let segments = text_segments(&[
            glyph(1, 0.0),
            RunPart::Kern(-10.0),
            glyph(2, 220.0),
            RunPart::Kern(5.0),
            glyph(3, 0.0),
        ]);
        let rises: Vec<f32> = segments.iter().map(|(rise, _)| *rise).collect();
        assert_eq!(rises, [0.0, 220.0, 0.0]);
        // The offset after the raised mark stays with it, so the pen moves the same.
        assert_eq!(segments[1].1.last(), Some(&TextItem::Offset(-5.0)));
    }
}
