//! From styled text to measured words, from words to lines, and from a line to drawable runs.
//!
//! The three steps are separate on purpose:
//!
//! 1. [`words`] cuts styled [`Span`]s at the break opportunities of Unicode line breaking
//!    (UAX #14, via `unicode-linebreak`) and measures each [`Word`] with the real fonts.
//! 2. [`break_lines`] chooses where lines end. It sees only word widths and the space after
//!    each word, so a better algorithm (Knuth–Plass, hyphenation) can replace the greedy one
//!    here without touching anything else.
//! 3. [`set_line`] turns the words of one line into positioned runs, one per stretch of text
//!    in one face and colour, with real space characters between words (so text extraction
//!    gives the words back) and, when justifying, the extra space as text-positioning offsets.

use std::ops::Range;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::fonts::{FaceId, FontSet, ShapedRun};
use super::style::Rgb;

/// A forced line break inside a block, as it appears in span text.
pub const LINE_BREAK: char = '\u{2028}';

/// Characters lines do not break after, although Unicode allows it: a hyphen at the end of a
/// line is taken for a hyphenated word by text extraction (`pdftotext` joins "year-" and "old"
/// into "yearold"), and a soft hyphen would need a drawn hyphen. Hyphenation proper is left to
/// a better line breaker.
const NO_BREAK_AFTER: [char; 3] = ['-', '\u{2010}', '\u{00AD}'];

/// How a span of text is set.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    /// The face wanted (characters it lacks come from a fallback face).
    pub face: FaceId,
    /// Font size in points.
    pub size: f32,
    /// Text colour.
    pub color: Rgb,
    /// Link target, when the text is a link.
    pub link: Option<String>,
}

/// Text in one style, as flattened from a block's inlines.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text; [`LINE_BREAK`] marks a forced line break.
    pub text: String,
    /// How it is set.
    pub style: TextStyle,
}

/// How whitespace in spans is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whitespace {
    /// Running text: any run of whitespace is one space; leading space is dropped.
    Collapse,
    /// Code: every space counts (tabs must already be expanded).
    Preserve,
}

/// A stretch of a word in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The style.
    pub style: TextStyle,
    /// The text set, one run per face used (more than one when a character falls back).
    pub runs: Vec<ShapedRun>,
    /// Width in points.
    pub width: f32,
}

impl Piece {
    fn new(text: &str, style: &TextStyle, fonts: &FontSet) -> Piece {
        let runs = fonts.shape(text, style.face, style.size);
        Piece {
            style: style.clone(),
            width: runs.iter().map(|run| run.width).sum(),
            runs,
        }
    }
}

/// The text between two break opportunities, measured, with the space that follows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The word's text, in order; several pieces when the style changes inside the word.
    pub pieces: Vec<Piece>,
    /// Width of the pieces in points.
    pub width: f32,
    /// The space after the word, drawn only when another word follows on the same line.
    pub glue: Option<Piece>,
    /// Whether a line must end after this word.
    pub forced_break: bool,
}

impl Word {
    /// Width of the space after the word, in points.
    pub fn glue_width(&self) -> f32 {
        self.glue.as_ref().map_or(0.0, |glue| glue.width)
    }
}

/// Measured words of `spans`, cut at every break opportunity.
pub fn words(spans: &[Span], mode: Whitespace, fonts: &FontSet) -> Vec<Word> {
    let (text, styles) = join_spans(spans, mode);
    let mut words = Vec::new();
    let mut start = 0;
    for (end, opportunity) in linebreaks(&text) {
        let segment = &text[start..end];
        if opportunity == BreakOpportunity::Allowed && segment.ends_with(NO_BREAK_AFTER) {
            continue;
        }
        let forced = opportunity == BreakOpportunity::Mandatory && end < text.len();
        words.push(word(segment, start, &styles, mode, forced, fonts));
        start = end;
    }
    words
}

/// Joins spans into one string (normalising whitespace) with the style of each byte range.
fn join_spans(spans: &[Span], mode: Whitespace) -> (String, Vec<(Range<usize>, TextStyle)>) {
    // Each character with the index of its span, whitespace already collapsed.
    let mut chars: Vec<(char, usize)> = Vec::new();
    for (index, span) in spans.iter().enumerate() {
        for c in span.text.chars() {
            match mode {
                Whitespace::Preserve => chars.push((c, index)),
                Whitespace::Collapse => push_collapsed(&mut chars, c, index),
            }
        }
    }
    if mode == Whitespace::Collapse && matches!(chars.last(), Some((' ', _))) {
        chars.pop();
    }
    let mut text = String::new();
    let mut styles: Vec<(Range<usize>, TextStyle)> = Vec::new();
    let mut current = None;
    for (c, index) in chars {
        let start = text.len();
        text.push(c);
        match styles.last_mut() {
            Some((range, _)) if current == Some(index) => range.end = text.len(),
            _ => styles.push((start..text.len(), spans[index].style.clone())),
        }
        current = Some(index);
    }
    (text, styles)
}

/// Pushes `c` of span `index` onto running text: whitespace becomes one space, never at the
/// start of the text or of a line.
fn push_collapsed(chars: &mut Vec<(char, usize)>, c: char, index: usize) {
    let c = if is_collapsible_space(c) { ' ' } else { c };
    let last = chars.last().map(|&(last, _)| last);
    if c == ' ' && matches!(last, None | Some(' ') | Some(LINE_BREAK)) {
        return;
    }
    if c == LINE_BREAK && last == Some(' ') {
        chars.pop();
    }
    chars.push((c, index));
}

/// Whitespace that running text collapses: everything but the no-break spaces.
fn is_collapsible_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}' | LINE_BREAK)
}

/// Builds the word for one segment `segment` starting at byte `offset` of the joined text.
fn word(
    segment: &str,
    offset: usize,
    styles: &[(Range<usize>, TextStyle)],
    mode: Whitespace,
    forced_break: bool,
    fonts: &FontSet,
) -> Word {
    let content_len = segment.trim_end_matches([' ', LINE_BREAK, '\n']).len();
    let content = offset..offset + content_len;
    let pieces: Vec<Piece> = styles
        .iter()
        .filter_map(|(range, style)| {
            let from = range.start.max(content.start);
            let to = range.end.min(content.end);
            (from < to).then(|| Piece::new(&segment[from - offset..to - offset], style, fonts))
        })
        .collect();
    let spaces = segment[content_len..].chars().filter(|&c| c == ' ').count();
    let glue = (spaces > 0).then(|| {
        let at = offset + content_len;
        let style = styles
            .iter()
            .find(|(range, _)| range.contains(&at))
            .or(styles.last())
            .map(|(_, style)| style.clone());
        let text = match mode {
            Whitespace::Collapse => " ".to_string(),
            Whitespace::Preserve => " ".repeat(spaces),
        };
        style.map(|style| Piece::new(&text, &style, fonts))
    });
    Word {
        width: pieces.iter().map(|piece| piece.width).sum(),
        pieces,
        glue: glue.flatten(),
        forced_break,
    }
}

/// Splits every word wider than `max_width` into pieces that fit, at character boundaries
/// (a long address or a long line of code would otherwise run into the margin).
pub fn split_overwide(words: Vec<Word>, max_width: f32, fonts: &FontSet) -> Vec<Word> {
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        if word.width <= max_width || max_width <= 0.0 {
            out.push(word);
        } else {
            out.extend(split_word(word, max_width, fonts));
        }
    }
    out
}

/// Cuts one word into chunks no wider than `max_width` (at least one character each).
fn split_word(word: Word, max_width: f32, fonts: &FontSet) -> Vec<Word> {
    let mut chunks: Vec<Word> = Vec::new();
    let mut current: Vec<(char, TextStyle)> = Vec::new();
    let mut width = 0.0;
    for piece in &word.pieces {
        for c in piece
            .runs
            .iter()
            .flat_map(|run| run.text().chars().collect::<Vec<_>>())
        {
            let advance = fonts.width(
                c.encode_utf8(&mut [0; 4]),
                piece.style.face,
                piece.style.size,
            );
            if !current.is_empty() && width + advance > max_width {
                chunks.push(chunk_word(&current, fonts));
                current.clear();
                width = 0.0;
            }
            current.push((c, piece.style.clone()));
            width += advance;
        }
    }
    if !current.is_empty() || chunks.is_empty() {
        chunks.push(chunk_word(&current, fonts));
    }
    if let Some(last) = chunks.last_mut() {
        last.glue = word.glue;
        last.forced_break = word.forced_break;
    }
    chunks
}

/// A word without glue from styled characters.
fn chunk_word(chars: &[(char, TextStyle)], fonts: &FontSet) -> Word {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut text = String::new();
    for (i, (c, style)) in chars.iter().enumerate() {
        text.push(*c);
        let style_ends = chars.get(i + 1).is_none_or(|(_, next)| next != style);
        if style_ends {
            pieces.push(Piece::new(&std::mem::take(&mut text), style, fonts));
        }
    }
    Word {
        width: pieces.iter().map(|piece| piece.width).sum(),
        pieces,
        glue: None,
        forced_break: false,
    }
}

/// The widths lines may take: the first line's (narrower when indented) and the others'.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineWidths {
    /// Width of the first line in points.
    pub first: f32,
    /// Width of every other line in points.
    pub rest: f32,
}

/// Chooses line ends greedily: each line takes as many words as fit. Returns the range of
/// words of each line. A word wider than its line gets a line of its own.
///
/// This is the seam for a better breaker: it sees only measured widths.
pub fn break_lines(words: &[Word], widths: LineWidths) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut width = 0.0;
    for (i, word) in words.iter().enumerate() {
        let limit = if lines.is_empty() {
            widths.first
        } else {
            widths.rest
        };
        if i > start {
            let with_word = width + words[i - 1].glue_width() + word.width;
            if with_word > limit + 0.001 {
                lines.push(start..i);
                start = i;
                width = word.width;
            } else {
                width = with_word;
            }
        } else {
            width = word.width;
        }
        if word.forced_break {
            lines.push(start..i + 1);
            start = i + 1;
            width = 0.0;
        }
    }
    if start < words.len() {
        lines.push(start..words.len());
    }
    lines
}

/// The natural width of a line of words: their widths and the spaces between them.
pub fn natural_width(words: &[Word]) -> f32 {
    let glue: f32 = match words.split_last() {
        Some((_, before_last)) => before_last.iter().map(Word::glue_width).sum(),
        None => 0.0,
    };
    words.iter().map(|word| word.width).sum::<f32>() + glue
}

/// A run of text placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRun {
    /// Distance from the line's left edge, in points.
    pub x: f32,
    /// The text, in one face and size.
    pub run: ShapedRun,
    /// Text colour.
    pub color: Rgb,
}

/// A link's extent on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineLink {
    /// Left end, from the line's left edge, in points.
    pub x0: f32,
    /// Right end, from the line's left edge, in points.
    pub x1: f32,
    /// The link target.
    pub href: String,
}

/// A line of text ready to place: its runs in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetLine {
    /// The runs, left to right.
    pub runs: Vec<LineRun>,
    /// The links on the line.
    pub links: Vec<LineLink>,
    /// Width of the line in points.
    pub width: f32,
}

impl SetLine {
    /// Puts `other` at `x` on this line, after the existing runs.
    pub fn overlay(&mut self, other: SetLine, x: f32) {
        self.runs.extend(other.runs.into_iter().map(|mut run| {
            run.x += x;
            run
        }));
        self.links.extend(other.links.into_iter().map(|mut link| {
            link.x0 += x;
            link.x1 += x;
            link
        }));
        self.width = self.width.max(x + other.width);
    }

    /// Puts `other` at `x` before the existing runs, so it is read first (list markers).
    pub fn prepend(&mut self, other: SetLine, x: f32) {
        let existing = std::mem::take(&mut self.runs);
        let links = std::mem::take(&mut self.links);
        let width = self.width;
        self.width = 0.0;
        self.overlay(other, x);
        self.runs.extend(existing);
        self.links.extend(links);
        self.width = self.width.max(width);
    }
}

/// Sets the words of one line. With `justify_to`, the spaces between words grow so the line
/// fills that width (unless that would make them absurdly wide).
pub fn set_line(words: &[Word], justify_to: Option<f32>) -> SetLine {
    let extra = justify_to.map_or(0.0, |target| justification(words, target));
    let mut line = SetLine::default();
    let mut x = 0.0;
    for (i, word) in words.iter().enumerate() {
        for piece in &word.pieces {
            x = place_piece(&mut line, piece, x, 0.0);
        }
        let last = i + 1 == words.len();
        if let (false, Some(glue)) = (last, &word.glue) {
            x = place_piece(&mut line, glue, x, extra);
        }
    }
    line.width = x;
    line
}

/// Extra width per space needed to fill `target`, or 0 when the line should stay ragged.
fn justification(words: &[Word], target: f32) -> f32 {
    let spaces = words.len().saturating_sub(1);
    let slack = target - natural_width(words);
    let space = words.first().map_or(0.0, Word::glue_width);
    if spaces == 0 || slack <= 0.0 {
        return 0.0;
    }
    let extra = slack / spaces as f32;
    // Beyond this the line reads worse justified than ragged.
    if extra > 2.5 * space.max(1.0) {
        0.0
    } else {
        extra
    }
}

/// Places a piece at `x` (merging with the previous run when face, size and colour match),
/// adds `extra` points after it, and returns the x after it.
fn place_piece(line: &mut SetLine, piece: &Piece, x: f32, extra: f32) -> f32 {
    let mut end = x;
    for run in &piece.runs {
        match line.runs.last_mut() {
            Some(last)
                if last.run.face == run.face
                    && last.run.size == run.size
                    && last.color == piece.style.color
                    && (last.x + last.run.width - end).abs() < 0.001 =>
            {
                last.run.append(run.clone())
            }
            _ => line.runs.push(LineRun {
                x: end,
                run: run.clone(),
                color: piece.style.color,
            }),
        }
        end += run.width;
    }
    if extra > 0.0 {
        if let Some(last) = line.runs.last_mut() {
            last.run.stretch(extra);
        }
        end += extra;
    }
    if let Some(href) = &piece.style.link {
        add_link(line, href, x, end);
    }
    end
}

/// Extends the line's last link when it is the same target and touches, else adds one.
fn add_link(line: &mut SetLine, href: &str, x0: f32, x1: f32) {
    match line.links.last_mut() {
        Some(last) if last.href == href && (last.x1 - x0).abs() < 0.001 => last.x1 = x1,
        _ => line.links.push(LineLink {
            x0,
            x1,
            href: href.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::fonts::font_set;

    fn fonts() -> &'static FontSet {
        font_set().unwrap_or_else(|err| panic!("{err}"))
    }

    fn style(face: FaceId) -> TextStyle {
        TextStyle {
            face,
            size: 10.0,
            color: Rgb {
                r: 0.0,
                g: 0.0,
                b: 0.0,
            },
            link: None,
        }
    }

    fn span(text: &str, face: FaceId) -> Span {
        Span {
            text: text.to_string(),
            style: style(face),
        }
    }

    fn line_texts(words: &[Word], lines: &[Range<usize>]) -> Vec<String> {
        lines
            .iter()
            .map(|range| {
                set_line(&words[range.clone()], None)
                    .runs
                    .iter()
                    .map(|run| run.run.text())
                    .collect::<String>()
            })
            .collect()
    }

    #[test]
    fn wide_letters_break_sooner_than_narrow_ones() {
        let fonts = fonts();
        let wide = words(
            &[span(&["MMMM"; 20].join(" "), FaceId::Regular)],
            Whitespace::Collapse,
            fonts,
        );
        let narrow = words(
            &[span(&["iiii"; 20].join(" "), FaceId::Regular)],
            Whitespace::Collapse,
            fonts,
        );
        let widths = LineWidths {
            first: 150.0,
            rest: 150.0,
        };
        let wide_lines = break_lines(&wide, widths);
        let narrow_lines = break_lines(&narrow, widths);
        assert!(
            wide_lines.len() > narrow_lines.len(),
            "{} wide lines vs {} narrow",
            wide_lines.len(),
            narrow_lines.len()
        );
        for range in wide_lines.iter().chain(&narrow_lines) {
            let words = if wide_lines.contains(range) {
                &wide
            } else {
                &narrow
            };
            assert!(natural_width(&words[range.clone()]) <= 150.0 + 0.001);
        }
        // Every word is on exactly one line, in order.
        assert_eq!(wide_lines.first().map(|r| r.start), Some(0));
        assert_eq!(wide_lines.last().map(|r| r.end), Some(wide.len()));
    }

    #[test]
    fn the_first_line_can_be_narrower() {
        let fonts = fonts();
        let words = words(
            &[span(&["word"; 30].join(" "), FaceId::Regular)],
            Whitespace::Collapse,
            fonts,
        );
        let lines = break_lines(
            &words,
            LineWidths {
                first: 60.0,
                rest: 200.0,
            },
        );
        assert!(lines[0].len() < lines[1].len());
    }

    #[test]
    fn whitespace_collapses_and_styles_split_words_into_pieces() {
        let fonts = fonts();
        let spans = [
            span("  Hello   wor", FaceId::Regular),
            span("ld", FaceId::Bold),
            span(" \n again ", FaceId::Italic),
        ];
        let words = words(&spans, Whitespace::Collapse, fonts);
        assert_eq!(words.len(), 3);
        assert_eq!(words[1].pieces.len(), 2, "world is one word in two faces");
        assert!(words[2].glue.is_none(), "no trailing space at the end");
        let lines = break_lines(
            &words,
            LineWidths {
                first: 1000.0,
                rest: 1000.0,
            },
        );
        assert_eq!(line_texts(&words, &lines), ["Hello world again"]);
    }

    #[test]
    fn hyphenated_words_are_not_broken() {
        let fonts = fonts();
        let text = "a ninety-year-old soft\u{00AD}ware wall";
        let words = words(&[span(text, FaceId::Regular)], Whitespace::Collapse, fonts);
        assert_eq!(words.len(), 4);
        let narrow = LineWidths {
            first: 1.0,
            rest: 1.0,
        };
        let lines = break_lines(&words, narrow);
        assert_eq!(
            line_texts(&words, &lines),
            ["a", "ninety-year-old", "software", "wall"]
        );
    }

    #[test]
    fn a_space_before_a_line_break_in_another_span_is_dropped() {
        let fonts = fonts();
        let spans = [
            span("one ", FaceId::Bold),
            span(&LINE_BREAK.to_string(), FaceId::Regular),
            span(" two", FaceId::Italic),
        ];
        let (text, styles) = join_spans(&spans, Whitespace::Collapse);
        assert_eq!(text, format!("one{LINE_BREAK}two"));
        let ranges: Vec<Range<usize>> = styles.iter().map(|(range, _)| range.clone()).collect();
        assert_eq!(ranges, [0..3, 3..6, 6..9]);
        let words = words(&spans, Whitespace::Collapse, fonts);
        let lines = break_lines(
            &words,
            LineWidths {
                first: 1000.0,
                rest: 1000.0,
            },
        );
        assert_eq!(line_texts(&words, &lines), ["one", "two"]);
    }

    #[test]
    fn forced_breaks_end_lines() {
        let fonts = fonts();
        let text = format!("one{LINE_BREAK}two three");
        let words = words(&[span(&text, FaceId::Regular)], Whitespace::Collapse, fonts);
        let lines = break_lines(
            &words,
            LineWidths {
                first: 1000.0,
                rest: 1000.0,
            },
        );
        assert_eq!(line_texts(&words, &lines), ["one", "two three"]);
    }

    #[test]
    fn preserved_spaces_keep_indentation() {
        let fonts = fonts();
        let words = words(
            &[span("    let x = 1;", FaceId::Mono)],
            Whitespace::Preserve,
            fonts,
        );
        let line = set_line(&words, None);
        let text: String = line.runs.iter().map(|run| run.run.text()).collect();
        assert_eq!(text, "    let x = 1;");
        let advance = fonts.width("x", FaceId::Mono, 10.0);
        assert!((line.width - 14.0 * advance).abs() < 0.01);
    }

    #[test]
    fn overwide_words_are_split_to_fit() {
        let fonts = fonts();
        let long = "https://example.org/".to_string() + &"abcdefghij".repeat(20);
        let words = split_overwide(
            words(&[span(&long, FaceId::Regular)], Whitespace::Collapse, fonts),
            100.0,
            fonts,
        );
        assert!(words.len() > 1);
        assert!(words.iter().all(|word| word.width <= 100.0 + 0.001));
        let lines = break_lines(
            &words,
            LineWidths {
                first: 100.0,
                rest: 100.0,
            },
        );
        assert_eq!(line_texts(&words, &lines).concat(), long);
    }

    #[test]
    fn justified_lines_fill_the_width_with_real_spaces() {
        let fonts = fonts();
        let words = words(
            &[span("a few short words here", FaceId::Regular)],
            Whitespace::Collapse,
            fonts,
        );
        let natural = natural_width(&words);
        let line = set_line(&words, Some(natural + 8.0));
        assert!((line.width - (natural + 8.0)).abs() < 0.01);
        let text: String = line.runs.iter().map(|run| run.run.text()).collect();
        assert_eq!(text, "a few short words here");
    }

    #[test]
    fn mixed_styles_get_their_own_runs_and_links_are_tracked() {
        let fonts = fonts();
        let mut link_style = style(FaceId::Italic);
        link_style.link = Some("https://example.org/".into());
        let spans = [
            span("plain ", FaceId::Regular),
            Span {
                text: "linked text".into(),
                style: link_style,
            },
            span(" and ", FaceId::Regular),
            span("code", FaceId::Mono),
        ];
        let words = words(&spans, Whitespace::Collapse, fonts);
        let line = set_line(&words, None);
        let faces: Vec<FaceId> = line.runs.iter().map(|run| run.run.face).collect();
        assert_eq!(
            faces,
            [
                FaceId::Regular,
                FaceId::Italic,
                FaceId::Regular,
                FaceId::Mono
            ]
        );
        assert_eq!(line.links.len(), 1);
        let link = &line.links[0];
        assert!((link.x0 - line.runs[1].x).abs() < 0.01);
        assert!(link.x1 > link.x0);
        // Runs follow each other without gaps or overlaps.
        for pair in line.runs.windows(2) {
            assert!((pair[0].x + pair[0].run.width - pair[1].x).abs() < 0.01);
        }
    }
}
