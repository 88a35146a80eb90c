//! From styled text to measured words, from words to lines, and from a line to drawable runs.
//!
//! The three steps are separate on purpose:
//!
//! 1. [`words`] cuts styled [`Span`]s at the break opportunities of Unicode line breaking
//!    (UAX #14, via `unicode-linebreak`) and at hyphenation points, and measures each [`Word`]
//!    with the real fonts. Japanese never breaks before a small kana or the prolonged sound
//!    mark (strict kinsoku; Unicode already keeps closing brackets and 、。 from a line's
//!    start and opening brackets from its end), Korean only between words (`keep-all`). Thai,
//!    Lao, Khmer and Burmese, which put no space between words, break between the words
//!    ICU4X's dictionaries find (`icu_segmenter`). A break without a space next to a Chinese
//!    or Japanese character, or between two such words, may widen a little when the line is
//!    justified. A word of running text too long for a line is cut between its
//!    characters, best after a slash or before a hyphen or a dot, so the words before it
//!    still fill their line.
//! 2. [`break_lines`] chooses where lines end, over the whole paragraph at once (total fit, see
//!    [`super::knuth_plass`]); [`break_greedy`] fills one line at a time, for code and for
//!    single lines. Both see only word widths, the space after each word and the hyphen a
//!    hyphenation point would add. [`paragraph_lines`] does steps 1 and 2 for running text,
//!    hyphenating only the paragraphs that need it.
//! 3. [`set_line`] turns the words of one line into positioned runs, one per stretch of text
//!    in one face and colour, with real space characters between words (so text extraction
//!    gives the words back), a drawn hyphen when the line ends inside a word, and, when
//!    justifying, the extra (or saved) space as text-positioning offsets, after spaces and
//!    between the characters of Chinese and Japanese text.
//!
//! Right-to-left text follows the Unicode bidirectional algorithm (UAX #9, via `unicode-bidi`):
//! step 1 gives every piece of text its embedding level and shapes it in its direction, lines
//! are chosen in reading order, and step 3 puts the pieces of each line in visual order (rule
//! L2). A paragraph whose first strong character is right-to-left is a right-to-left paragraph
//! ([`SetLine::rtl`]): its lines are aligned to the right.

use std::collections::VecDeque;
use std::iter::Peekable;
use std::ops::Range;
use std::sync::OnceLock;

use icu_segmenter::options::LineBreakOptions;
use icu_segmenter::{LineSegmenter, LineSegmenterBorrowed};

use unicode_bidi::{BidiClass, BidiInfo};
use unicode_linebreak::{break_property, linebreaks, BreakClass, BreakOpportunity};
use unicode_segmentation::UnicodeSegmentation;

use super::font::{in_reading_order, ShapedRun};
use super::fonts::{FaceId, FontSet};
use super::hyphenate::Hyphenation;
use super::knuth_plass::{
    break_in_windows, greedy_fit, total_fit, Align, LineWidths, Measured, Windows, WordMetrics,
    SPACE_STRETCH, WINDOW_UNITS,
};
use super::style::Rgb;

/// A forced line break inside a block, as it appears in span text.
pub const LINE_BREAK: char = '\u{2028}';

/// Characters lines do not break after, although Unicode allows it: a hyphen at the end of a
/// line is taken for a hyphenated word by text extraction (`pdftotext` joins "year-" and "old"
/// into "yearold"), and a soft hyphen needs a drawn hyphen, so it is a hyphenation point
/// (see [`Hyphenation`]) rather than a plain break.
const NO_BREAK_AFTER: [char; 3] = ['-', '\u{2010}', '\u{00AD}'];

/// Characters no line starts with besides those Unicode already keeps from a line's start
/// (closing brackets, 、 and 。, ・, 々 and the like): the small kana and the prolonged sound
/// mark, as strict Japanese line breaking (kinsoku) has it.
fn no_line_start(c: char) -> bool {
    matches!(
        break_property(u32::from(c)),
        BreakClass::ConditionalJapaneseStarter
    )
}

/// Whether `c` is a Hangul syllable or jamo.
fn is_hangul(c: char) -> bool {
    use BreakClass::{HangulLJamo, HangulLvSyllable, HangulLvtSyllable, HangulTJamo, HangulVJamo};
    matches!(
        break_property(u32::from(c)),
        HangulLJamo | HangulLvSyllable | HangulLvtSyllable | HangulTJamo | HangulVJamo
    )
}

/// Whether `c` is a letter, digit or ideograph, between two of which Korean does not break
/// (`word-break: keep-all`).
fn is_letter_unit(c: char) -> bool {
    use BreakClass::{Alphabetic, Ambiguous, Ideographic, Numeric};
    is_hangul(c)
        || matches!(
            break_property(u32::from(c)),
            Alphabetic | Ambiguous | Ideographic | Numeric
        )
}

/// Whether `c` is set as a full-width character of Chinese, Japanese or Korean text: a line
/// may widen a little next to it where no space is.
fn is_wide(c: char) -> bool {
    use BreakClass::{ConditionalJapaneseStarter, Ideographic};
    is_hangul(c)
        || matches!(
            break_property(u32::from(c)),
            Ideographic | ConditionalJapaneseStarter
        )
        || matches!(c, '\u{3000}'..='\u{30FF}' | '\u{FF01}'..='\u{FF60}')
}

/// Whether `c` is of a script that writes words without spaces between them and leaves
/// where a line may end to a dictionary (Thai, Lao, Khmer, Burmese: line-break class SA).
fn is_complex(c: char) -> bool {
    matches!(break_property(u32::from(c)), BreakClass::ComplexContext)
}

/// Where a line may end inside runs of Thai, Lao, Khmer and Burmese letters, which Unicode's
/// rules (and `unicode-linebreak`) never break: the byte offsets of `text` between two of
/// their words, as ICU4X's dictionaries of those languages find them. Empty for text without
/// such letters.
fn dictionary_breaks(text: &str) -> Vec<usize> {
    if !text.chars().any(is_complex) {
        return Vec::new();
    }
    static SEGMENTER: OnceLock<LineSegmenterBorrowed<'static>> = OnceLock::new();
    let segmenter =
        SEGMENTER.get_or_init(|| LineSegmenter::new_dictionary(LineBreakOptions::default()));
    segmenter
        .segment_str(text)
        .filter(|&at| {
            let before = text[..at].chars().next_back();
            let after = text[at..].chars().next();
            before.is_some_and(is_complex) && after.is_some_and(is_complex)
        })
        .collect()
}

/// How far a justified line may widen at a break between characters where no space is drawn
/// (between Chinese or Japanese characters, or between them and Latin ones), as a share of the
/// font size at an adjustment ratio of 1: small enough that text extraction never takes the
/// gap for a space.
const WIDE_STRETCH_EM: f32 = 0.05;

/// How far a justified line may widen between two pieces of a word too long for a line, as a
/// share of the font size, at an adjustment ratio of 1: a line of such a word fills its width
/// with spacing too small to see.
const CUT_STRETCH_EM: f32 = 0.02;
/// What ending a line inside a word too long for a line costs where the marks that part an
/// address are: after a slash or a colon, before a hyphen, a dot and the like.
const CUT_AT_MARK_PENALTY: f32 = 50.0;
/// What ending a line between two letters of a word too long for a line costs.
const CUT_ANYWHERE_PENALTY: f32 = 200.0;
/// Characters after which a word too long for a line is best cut.
const CUT_AFTER: [char; 3] = ['/', ':', '\\'];
/// Characters before which a word too long for a line is best cut (a line ending in one of
/// them would hide it, or read as a hyphenated word).
const CUT_BEFORE: [char; 10] = ['-', '\u{2010}', '.', ',', '?', '&', '=', '_', '#', '~'];

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
    /// How far the baseline is raised, in points (negative: lowered), for superscripts and
    /// subscripts.
    pub rise: f32,
    /// Lines drawn with the text.
    pub decorations: Decorations,
    /// The note this text is the mark of, when it refers to a note printed at the foot of
    /// the page (a number the layout gives each such note of an article).
    pub note: Option<usize>,
}

impl TextStyle {
    /// Text in `face` at `size` and `color`: no link, rise, decoration or note.
    pub fn plain(face: FaceId, size: f32, color: Rgb) -> Self {
        TextStyle {
            face,
            size,
            color,
            link: None,
            rise: 0.0,
            decorations: Decorations::default(),
            note: None,
        }
    }
}

/// Lines drawn with a stretch of text: through it, under it, or behind it as a highlight.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Decorations {
    /// A line through the text (deleted text).
    pub line_through: bool,
    /// A line under the text (inserted text).
    pub underline: bool,
    /// A band of this colour behind the text (highlighted text).
    pub highlight: Option<Rgb>,
}

/// Which line a [`LineDecoration`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecorationKind {
    /// Through the text, at the height of a lowercase letter's middle.
    LineThrough,
    /// Under the baseline.
    Underline,
    /// A band behind the text, from below the baseline to above the lowercase letters.
    Highlight,
}

/// A line drawn with a stretch of a set line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineDecoration {
    /// Which line.
    pub kind: DecorationKind,
    /// Left end, from the line's left edge, in points.
    pub x0: f32,
    /// Right end, from the line's left edge, in points.
    pub x1: f32,
    /// Font size of the text it goes with (its height and thickness follow it).
    pub size: f32,
    /// The rise of that text, in points.
    pub rise: f32,
    /// Its colour.
    pub color: Rgb,
}

impl Decorations {
    /// The lines these decorations draw for text of `color`.
    fn kinds(&self, color: Rgb) -> impl Iterator<Item = (DecorationKind, Rgb)> {
        [
            self.highlight.map(|band| (DecorationKind::Highlight, band)),
            self.underline.then_some((DecorationKind::Underline, color)),
            self.line_through
                .then_some((DecorationKind::LineThrough, color)),
        ]
        .into_iter()
        .flatten()
    }
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

/// A stretch of a word in one style and one direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The style.
    pub style: TextStyle,
    /// The text set, one run per face used (more than one when a character falls back), in
    /// the order they are drawn.
    pub runs: Vec<ShapedRun>,
    /// Width in points.
    pub width: f32,
    /// Bidirectional embedding level: even reads left to right, odd right to left.
    pub level: u8,
}

impl Piece {
    /// The piece's characters, in reading order.
    pub fn text(&self) -> String {
        in_reading_order(self.runs.iter().map(ShapedRun::text), self.level % 2 == 1)
    }

    fn new(text: &str, style: &TextStyle, level: u8, fonts: &FontSet) -> Piece {
        let runs = fonts.shape(text, style.face, style.size, level % 2 == 1);
        Piece {
            style: style.clone(),
            width: runs.iter().map(|run| run.width).sum(),
            runs,
            level,
        }
    }
}

/// A byte range of the joined text in one style and at one embedding level.
#[derive(Debug, Clone, PartialEq)]
struct StyledRange {
    range: Range<usize>,
    style: TextStyle,
    level: u8,
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
    /// The hyphen drawn when a line ends after this word, which is then the first part of a
    /// hyphenated word; `None` when the word ends at a space or another plain break.
    pub hyphen: Option<Piece>,
    /// Whether the word's paragraph reads right to left.
    pub rtl: bool,
    /// How far a justified line may widen after the word when no space follows it (between
    /// Chinese or Japanese characters, or inside a word too long for a line), in points at an
    /// adjustment ratio of 1.
    pub stretch: f32,
    /// What ending a line after the word costs (see [`WordMetrics::penalty`]).
    pub penalty: f32,
}

impl Word {
    /// Width of the space after the word, in points.
    pub fn glue_width(&self) -> f32 {
        self.glue.as_ref().map_or(0.0, |glue| glue.width)
    }

    /// Width of the hyphen drawn if a line ends after the word, in points.
    pub fn hyphen_width(&self) -> f32 {
        self.hyphen.as_ref().map_or(0.0, |hyphen| hyphen.width)
    }

    /// What the line breaker needs to know of the word.
    pub fn metrics(&self) -> WordMetrics {
        WordMetrics {
            width: self.width,
            glue: self.glue_width(),
            hyphen: self.hyphen.as_ref().map(|hyphen| hyphen.width),
            forced_break: self.forced_break,
            stretch: self.stretch,
            penalty: self.penalty,
            size: self
                .pieces
                .iter()
                .map(|piece| piece.style.size)
                .fold(0.0, f32::max),
        }
    }
}

/// The line breaker's view of `words`.
fn metrics(words: &[Word]) -> Vec<WordMetrics> {
    words.iter().map(Word::metrics).collect()
}

/// The hyphen drawn at the end of a line that ends inside a word: the hyphen-minus, which
/// `pdftotext` and other extractors join with the next line's start into the whole word.
const DRAWN_HYPHEN: &str = "-";

/// Measured words of `spans`, cut at every break opportunity and every hyphenation point.
pub fn words(
    spans: &[Span],
    mode: Whitespace,
    hyphenation: Hyphenation<'_>,
    fonts: &FontSet,
) -> Vec<Word> {
    let joined = Joined::new(spans, mode);
    let mut words = Vec::new();
    for segment in joined.segments() {
        joined.segment_words(&segment, mode, hyphenation, fonts, &mut words);
    }
    words
}

/// The text of a block, joined from its spans, with the style and embedding level of each
/// stretch of it.
struct Joined {
    text: String,
    /// The styles, in order, covering the text.
    styles: Vec<StyledRange>,
    /// Whether the text reads right to left.
    rtl: bool,
}

/// The text between two break opportunities, where a line may end: a word with the spaces
/// after it, or a part of a word after a dash or a slash.
#[derive(Debug, Clone, PartialEq)]
struct Segment {
    /// Its bytes in the joined text.
    range: Range<usize>,
    /// Whether a line must end after it.
    forced: bool,
}

impl Joined {
    fn new(spans: &[Span], mode: Whitespace) -> Joined {
        let (text, styles) = join_spans(spans, mode);
        // Code reads left to right whatever its first letter; Hebrew inside it is still
        // reversed.
        let base = (mode == Whitespace::Preserve).then(unicode_bidi::Level::ltr);
        let (styles, rtl) = with_levels(&text, styles, base);
        Joined { text, styles, rtl }
    }

    /// The segments of the text, in order: between Unicode's break opportunities, and between
    /// the words of Thai and the other scripts that leave them to a dictionary.
    fn segments(&self) -> impl Iterator<Item = Segment> + '_ {
        let text = self.text.as_str();
        let mut start = 0;
        let mut words = dictionary_breaks(text).into_iter().peekable();
        let opportunities = linebreaks(text).flat_map(move |(end, opportunity)| {
            let mut inside = Vec::new();
            while let Some(at) = words.next_if(|&at| at <= end) {
                if at < end {
                    inside.push((at, BreakOpportunity::Allowed));
                }
            }
            inside.into_iter().chain([(end, opportunity)])
        });
        opportunities.filter_map(move |(end, opportunity)| {
            let allowed = opportunity == BreakOpportunity::Allowed;
            if allowed && !allowed_break(&text[start..end], &text[end..]) {
                return None;
            }
            let segment = Segment {
                range: start..end,
                forced: opportunity == BreakOpportunity::Mandatory && end < text.len(),
            };
            start = end;
            Some(segment)
        })
    }

    /// How far a line may widen at the end of `segment` when it goes on after it: only at a
    /// break without a space next to a full-width character, or between two words of Thai
    /// (or another script written without spaces).
    fn stretch_after(&self, segment: &Segment, styles: &[StyledRange]) -> f32 {
        let before = self.text[segment.range.clone()].chars().next_back();
        let after = self.text[segment.range.end..].chars().next();
        match (before, after) {
            (Some(before), Some(after))
                if !segment.forced
                    && !before.is_whitespace()
                    && before != LINE_BREAK
                    && (is_wide(before)
                        || is_wide(after)
                        || (is_complex(before) && is_complex(after))) =>
            {
                let size = style_at(styles, segment.range.end - before.len_utf8())
                    .map_or(0.0, |styled| styled.style.size);
                WIDE_STRETCH_EM * size
            }
            _ => 0.0,
        }
    }

    /// Measures the words of one segment, cut at its hyphenation points, onto `words`.
    fn segment_words(
        &self,
        segment: &Segment,
        mode: Whitespace,
        hyphenation: Hyphenation<'_>,
        fonts: &FontSet,
        words: &mut Vec<Word>,
    ) {
        let (text, styles) = (self.text.as_str(), self.styles.as_slice());
        let Range { start, end } = segment.range;
        let content = text[start..end].trim_end_matches([' ', LINE_BREAK, '\n']);
        // Words too short to hyphenate skip the pattern look-up.
        let points = if content.len() >= 5 {
            hyphenation.points(content)
        } else {
            Vec::new()
        };
        let mut from = start;
        for point in points {
            let mut part = word(&text[from..start + point], from, styles, mode, false, fonts);
            part.hyphen = style_at(styles, start + point - 1)
                .map(|styled| Piece::new(DRAWN_HYPHEN, &styled.style, styled.level, fonts));
            part.rtl = self.rtl;
            words.push(part);
            from = start + point;
        }
        let mut last = word(&text[from..end], from, styles, mode, segment.forced, fonts);
        last.rtl = self.rtl;
        if mode == Whitespace::Collapse {
            last.stretch = self.stretch_after(segment, styles);
        }
        words.push(last);
    }
}

/// Whether a line may end between `before` and `after`, where Unicode allows it: not after a
/// hyphen (see [`NO_BREAK_AFTER`]), not before a small kana, and not inside a Korean word.
fn allowed_break(before: &str, after: &str) -> bool {
    if before.ends_with(NO_BREAK_AFTER) {
        return false;
    }
    let (Some(last), Some(next)) = (before.chars().next_back(), after.chars().next()) else {
        return true;
    };
    if last.is_whitespace() {
        return true;
    }
    let inside_korean_word =
        (is_hangul(last) || is_hangul(next)) && is_letter_unit(last) && is_letter_unit(next);
    !no_line_start(next) && !inside_korean_word
}

/// The styled range holding byte `at` of the joined text.
fn style_at(styles: &[StyledRange], at: usize) -> Option<&StyledRange> {
    styles_in(styles, at..at + 1).first()
}

/// The styled ranges (in order, covering the text) that overlap the bytes `range`: found by
/// bisection, since a paragraph can have thousands of them.
fn styles_in(styles: &[StyledRange], range: Range<usize>) -> &[StyledRange] {
    let first = styles.partition_point(|styled| styled.range.end <= range.start);
    let rest = &styles[first..];
    let count = rest.partition_point(|styled| styled.range.start < range.end);
    &rest[..count]
}

/// Cuts the style ranges of `text` where the embedding level changes, and tells whether the
/// paragraph reads right to left: as its first strong character does, unless `base` is given.
/// Text without right-to-left characters is all level 0.
fn with_levels(
    text: &str,
    styles: Vec<(Range<usize>, TextStyle)>,
    base: Option<unicode_bidi::Level>,
) -> (Vec<StyledRange>, bool) {
    let flat = |styles: Vec<(Range<usize>, TextStyle)>| {
        styles
            .into_iter()
            .map(|(range, style)| StyledRange {
                range,
                style,
                level: 0,
            })
            .collect()
    };
    if !text.chars().any(is_right_to_left) {
        return (flat(styles), false);
    }
    let bidi = BidiInfo::new(text, base);
    let rtl = bidi
        .paragraphs
        .first()
        .is_some_and(|paragraph| paragraph.level.is_rtl());
    let mut out = Vec::new();
    for (range, style) in styles {
        let mut start = range.start;
        for at in range.clone() {
            let changes = at > start && bidi.levels[at] != bidi.levels[at - 1];
            if changes && text.is_char_boundary(at) {
                out.push(StyledRange {
                    range: start..at,
                    style: style.clone(),
                    level: bidi.levels[start].number(),
                });
                start = at;
            }
        }
        out.push(StyledRange {
            level: bidi.levels[start].number(),
            range: start..range.end,
            style,
        });
    }
    (out, rtl)
}

/// Whether text is a right-to-left paragraph: its first strong character is right-to-left.
pub fn reads_right_to_left(text: &str) -> bool {
    text.chars().any(is_right_to_left)
        && unicode_bidi::get_base_direction(text) == unicode_bidi::Direction::Rtl
}

/// Whether a character is right-to-left or starts a right-to-left embedding, override or
/// isolate: text without any needs no bidirectional processing.
fn is_right_to_left(c: char) -> bool {
    !c.is_ascii()
        && matches!(
            unicode_bidi::bidi_class(c),
            BidiClass::R
                | BidiClass::AL
                | BidiClass::AN
                | BidiClass::RLE
                | BidiClass::RLO
                | BidiClass::RLI
        )
}

/// Joins spans into one string (normalising whitespace) with the style of each byte range.
fn join_spans(spans: &[Span], mode: Whitespace) -> (String, Vec<(Range<usize>, TextStyle)>) {
    let mut joined = JoinedText::default();
    for (index, span) in spans.iter().enumerate() {
        for c in span.text.chars() {
            match mode {
                Whitespace::Preserve => joined.push(c, index),
                Whitespace::Collapse => joined.push_collapsed(c, index),
            }
        }
    }
    if mode == Whitespace::Collapse && joined.text.ends_with(' ') {
        joined.pop();
    }
    let styles = joined
        .ranges
        .into_iter()
        .map(|(range, index)| (range, spans[index].style.clone()))
        .collect();
    (joined.text, styles)
}

/// Text being joined from spans: the characters so far, and which span each stretch of them
/// came from.
#[derive(Default)]
struct JoinedText {
    text: String,
    /// Byte ranges of `text`, in order, each with the index of its span.
    ranges: Vec<(Range<usize>, usize)>,
}

impl JoinedText {
    /// Appends `c` of span `index`.
    fn push(&mut self, c: char, index: usize) {
        let start = self.text.len();
        self.text.push(c);
        match self.ranges.last_mut() {
            Some((range, last)) if *last == index => range.end = self.text.len(),
            _ => self.ranges.push((start..self.text.len(), index)),
        }
    }

    /// Takes the last character off.
    fn pop(&mut self) {
        let Some(c) = self.text.pop() else {
            return;
        };
        if let Some((range, _)) = self.ranges.last_mut() {
            range.end -= c.len_utf8();
            if range.start == range.end {
                self.ranges.pop();
            }
        }
    }

    /// Appends `c` of span `index` to running text: whitespace becomes one space, never at
    /// the start of the text or of a line.
    fn push_collapsed(&mut self, c: char, index: usize) {
        let c = if is_collapsible_space(c) { ' ' } else { c };
        let last = self.text.chars().next_back();
        if c == ' ' && matches!(last, None | Some(' ') | Some(LINE_BREAK)) {
            return;
        }
        if c == LINE_BREAK && last == Some(' ') {
            self.pop();
        }
        self.push(c, index);
    }
}

/// Whitespace that running text collapses: everything but the no-break spaces.
fn is_collapsible_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}' | LINE_BREAK)
}

/// Builds the word for one segment `segment` starting at byte `offset` of the joined text.
fn word(
    segment: &str,
    offset: usize,
    styles: &[StyledRange],
    mode: Whitespace,
    forced_break: bool,
    fonts: &FontSet,
) -> Word {
    let content_len = segment.trim_end_matches([' ', LINE_BREAK, '\n']).len();
    let content = offset..offset + content_len;
    let pieces: Vec<Piece> = styles_in(styles, content.clone())
        .iter()
        .filter_map(|styled| {
            let from = styled.range.start.max(content.start);
            let to = styled.range.end.min(content.end);
            (from < to).then(|| {
                let text = &segment[from - offset..to - offset];
                Piece::new(text, &styled.style, styled.level, fonts)
            })
        })
        .collect();
    let spaces = segment[content_len..].chars().filter(|&c| c == ' ').count();
    let glue = (spaces > 0).then(|| {
        let at = offset + content_len;
        let styled = style_at(styles, at).or(styles.last())?;
        let text = match mode {
            Whitespace::Collapse => " ".to_string(),
            Whitespace::Preserve => " ".repeat(spaces),
        };
        Some(Piece::new(&text, &styled.style, styled.level, fonts))
    });
    Word {
        width: pieces.iter().map(|piece| piece.width).sum(),
        pieces,
        glue: glue.flatten(),
        forced_break,
        hyphen: None,
        rtl: false,
        stretch: 0.0,
        penalty: 0.0,
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

/// Cuts every word of running text wider than `max_width` (the text between two spaces, which
/// Unicode may already allow to break after a slash) between each two of its characters
/// (grapheme clusters), so the line breaker can fill the line the word starts on and set the
/// rest in full lines: it prefers to end a line where Unicode allows it or after a slash, a
/// hyphen or another mark that parts an address, and ends one anywhere else only when it must.
/// `ends` tells, for each of `words`, the unit it ends; it is kept for the last piece of each.
fn cut_overwide(
    words: Vec<Word>,
    ends: Vec<Option<usize>>,
    max_width: f32,
    fonts: &FontSet,
) -> (Vec<Word>, Vec<Option<usize>>) {
    let mut out = Vec::with_capacity(words.len());
    let mut out_ends = Vec::with_capacity(words.len());
    let mut token: Vec<(Word, Option<usize>)> = Vec::new();
    for (word, end) in words.into_iter().zip(ends) {
        // A space, a forced break or the stretch between full-width characters ends it.
        let ends_token = word.glue.is_some() || word.forced_break || word.stretch > 0.0;
        token.push((word, end));
        if ends_token {
            flush_token(&mut token, max_width, fonts, &mut out, &mut out_ends);
        }
    }
    flush_token(&mut token, max_width, fonts, &mut out, &mut out_ends);
    (out, out_ends)
}

/// Moves the words of one token onto `out` (and their unit ends onto `ends`), cut into grapheme
/// clusters when the token is wider than `max_width`.
fn flush_token(
    token: &mut Vec<(Word, Option<usize>)>,
    max_width: f32,
    fonts: &FontSet,
    out: &mut Vec<Word>,
    ends: &mut Vec<Option<usize>>,
) {
    let width: f32 = token.iter().map(|(word, _)| word.width).sum();
    let cut = max_width > 0.0 && width > max_width;
    let count = token.len();
    for (i, (word, end)) in token.drain(..).enumerate() {
        if !cut {
            out.push(word);
            ends.push(end);
            continue;
        }
        let first = out.len();
        cut_word(word, fonts, out);
        ends.extend((first..out.len()).map(|at| (at + 1 == out.len()).then_some(end).flatten()));
        // A break Unicode allows inside the token stretches like the cuts.
        if i + 1 < count {
            if let Some(last) = out.last_mut() {
                let size = last.pieces.first().map_or(0.0, |piece| piece.style.size);
                last.stretch = CUT_STRETCH_EM * size;
            }
        }
    }
}

/// Cuts one word between its grapheme clusters, each part a word of its own, onto `out`; never
/// right after a hyphen, which text extraction would take for a hyphenated word and drop.
fn cut_word(word: Word, fonts: &FontSet, out: &mut Vec<Word>) {
    let first = out.len();
    let mut clusters: Vec<(String, &Piece)> = Vec::new();
    for piece in &word.pieces {
        let text = piece.text();
        clusters.extend(
            text.graphemes(true)
                .map(|cluster| (cluster.to_string(), piece)),
        );
    }
    let mut part = String::new();
    for (i, (cluster, piece)) in clusters.iter().enumerate() {
        part.push_str(cluster);
        let next = clusters.get(i + 1);
        let same_piece = next.is_some_and(|(_, next)| std::ptr::eq(*next, *piece));
        if same_piece && part.ends_with(NO_BREAK_AFTER) {
            continue;
        }
        let at_mark =
            part.ends_with(CUT_AFTER) || next.is_some_and(|(next, _)| next.starts_with(CUT_BEFORE));
        let style = &piece.style;
        let text = std::mem::take(&mut part);
        let drawn = Piece::new(&text, style, piece.level, fonts);
        out.push(Word {
            width: drawn.width,
            pieces: vec![drawn],
            glue: None,
            forced_break: false,
            hyphen: None,
            rtl: word.rtl,
            stretch: CUT_STRETCH_EM * style.size,
            penalty: if at_mark {
                CUT_AT_MARK_PENALTY
            } else {
                CUT_ANYWHERE_PENALTY
            },
        });
    }
    match out.get_mut(first..).and_then(<[Word]>::last_mut) {
        Some(last) => {
            last.glue = word.glue;
            last.forced_break = word.forced_break;
            last.hyphen = word.hyphen;
            last.stretch = word.stretch;
            last.penalty = word.penalty;
        }
        None => out.push(word),
    }
}

/// Cuts one word into chunks no wider than `max_width` (at least one character each).
fn split_word(word: Word, max_width: f32, fonts: &FontSet) -> Vec<Word> {
    let mut chunks: Vec<Word> = Vec::new();
    let mut current: Vec<(char, &TextStyle, u8)> = Vec::new();
    let mut width = 0.0;
    for piece in &word.pieces {
        for c in piece.text().chars() {
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
            current.push((c, &piece.style, piece.level));
            width += advance;
        }
    }
    if !current.is_empty() || chunks.is_empty() {
        chunks.push(chunk_word(&current, fonts));
    }
    if let Some(last) = chunks.last_mut() {
        last.glue = word.glue;
        last.forced_break = word.forced_break;
        last.hyphen = word.hyphen;
    }
    for chunk in &mut chunks {
        chunk.rtl = word.rtl;
    }
    chunks
}

/// A word without glue from styled characters.
fn chunk_word(chars: &[(char, &TextStyle, u8)], fonts: &FontSet) -> Word {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut text = String::new();
    for (i, (c, style, level)) in chars.iter().enumerate() {
        text.push(*c);
        let style_ends = chars
            .get(i + 1)
            .is_none_or(|(_, next, next_level)| next != style || next_level != level);
        if style_ends {
            pieces.push(Piece::new(&std::mem::take(&mut text), style, *level, fonts));
        }
    }
    Word {
        width: pieces.iter().map(|piece| piece.width).sum(),
        pieces,
        glue: None,
        forced_break: false,
        hyphen: None,
        rtl: false,
        stretch: 0.0,
        penalty: 0.0,
    }
}

/// Chooses line ends for the whole paragraph at once (see [`super::knuth_plass`]): evenly
/// spaced lines when justified, an even right edge when ragged. Returns the range of words of
/// each line. If no choice keeps every line within its width, falls back to
/// [`break_greedy`], which gives a word wider than its line a line of its own.
pub fn break_lines(words: &[Word], widths: LineWidths, align: Align) -> Vec<Range<usize>> {
    total_fit(&metrics(words), widths, align).unwrap_or_else(|| break_greedy(words, widths))
}

/// Measures running text and breaks it into lines: first without hyphenation, and only if no
/// good set of breaks comes out of that, again with the words hyphenated (hyphenating every
/// word of every paragraph would cost time for breaks most paragraphs do not need). Words
/// wider than the narrower line width are split to fit.
///
/// The paragraph is measured and broken a window at a time ([`break_in_windows`]), so a
/// paragraph of any length takes the memory of one window. `take` gets the lines as they are
/// set, in order: the words of a window and the ranges of those words that make lines, and
/// whether the last of those lines is the paragraph's last.
pub fn paragraph_lines(
    spans: &[Span],
    mode: Whitespace,
    hyphenation: Hyphenation<'_>,
    widths: LineWidths,
    align: Align,
    fonts: &FontSet,
    take: impl FnMut(&[Word], &[Range<usize>], bool),
) {
    paragraph_lines_in_windows(
        spans,
        Setting {
            mode,
            hyphenation,
            widths,
            align,
            fonts,
        },
        WINDOW_UNITS,
        take,
    );
}

/// How a paragraph is measured and set.
#[derive(Clone, Copy)]
struct Setting<'a> {
    mode: Whitespace,
    hyphenation: Hyphenation<'a>,
    widths: LineWidths,
    align: Align,
    fonts: &'a FontSet,
}

/// [`paragraph_lines`] with windows of `window` units.
fn paragraph_lines_in_windows(
    spans: &[Span],
    setting: Setting<'_>,
    window: usize,
    take: impl FnMut(&[Word], &[Range<usize>], bool),
) {
    let joined = Joined::new(spans, setting.mode);
    let mut source = ParagraphWindows {
        joined: &joined,
        segments: joined.segments().peekable(),
        pending: VecDeque::new(),
        first: 0,
        setting,
        words: Vec::new(),
        unit_ends: Vec::new(),
        measured_as: None,
        take,
    };
    break_in_windows(&mut source, setting.widths, setting.align, window);
}

/// A paragraph's words, measured a window at a time for the line breaker.
struct ParagraphWindows<'a, S: Iterator<Item = Segment>, F> {
    joined: &'a Joined,
    /// The segments not read yet.
    segments: Peekable<S>,
    /// The segments read but not set yet, the first of them segment number `first`.
    pending: VecDeque<Segment>,
    first: usize,
    setting: Setting<'a>,
    /// The words measured last, and the segment each one ends, if it ends one.
    words: Vec<Word>,
    unit_ends: Vec<Option<usize>>,
    /// What the words were measured as: first segment, number of segments, hyphenated.
    measured_as: Option<(usize, usize, bool)>,
    take: F,
}

impl<S, F> Windows for ParagraphWindows<'_, S, F>
where
    S: Iterator<Item = Segment>,
    F: FnMut(&[Word], &[Range<usize>], bool),
{
    fn measure(&mut self, from: usize, count: usize, hyphenate: bool) -> Measured {
        let Setting {
            mode,
            hyphenation,
            widths,
            fonts,
            ..
        } = self.setting;
        let hyphenate = hyphenate && !matches!(hyphenation, Hyphenation::Off);
        while self.first < from && self.pending.pop_front().is_some() {
            self.first += 1;
        }
        while self.pending.len() < count {
            match self.segments.next() {
                Some(segment) => self.pending.push_back(segment),
                None => break,
            }
        }
        let units = count.min(self.pending.len());
        let ends_paragraph = units == self.pending.len() && self.segments.peek().is_none();
        let key = (from, units, hyphenate);
        if self.measured_as != Some(key) {
            self.words.clear();
            self.unit_ends.clear();
            let narrowest = widths.first.min(widths.rest);
            let hyphenation = if hyphenate {
                hyphenation
            } else {
                Hyphenation::Off
            };
            let mut unit_words = Vec::new();
            for (index, segment) in self.pending.iter().take(units).enumerate() {
                self.joined
                    .segment_words(segment, mode, hyphenation, fonts, &mut unit_words);
                let unit_words = match mode {
                    Whitespace::Collapse => std::mem::take(&mut unit_words),
                    Whitespace::Preserve => {
                        split_overwide(std::mem::take(&mut unit_words), narrowest, fonts)
                    }
                };
                let last = unit_words.len().saturating_sub(1);
                self.unit_ends.extend(
                    (0..unit_words.len()).map(|i| (i == last).then_some(self.first + index)),
                );
                self.words.extend(unit_words);
            }
            if mode == Whitespace::Collapse {
                let words = std::mem::take(&mut self.words);
                let ends = std::mem::take(&mut self.unit_ends);
                (self.words, self.unit_ends) = cut_overwide(words, ends, narrowest, fonts);
            }
            self.measured_as = Some(key);
        }
        Measured {
            words: metrics(&self.words),
            unit_ends: self.unit_ends.clone(),
            ends_paragraph,
        }
    }

    fn take_lines(&mut self, lines: &[Range<usize>], ends_paragraph: bool) {
        (self.take)(&self.words, lines, ends_paragraph);
    }
}

/// Chooses line ends greedily: each line takes as many words as fit (a line ending inside a
/// word counts its hyphen). Returns the range of words of each line. A word wider than its
/// line gets a line of its own.
pub fn break_greedy(words: &[Word], widths: LineWidths) -> Vec<Range<usize>> {
    greedy_fit(&metrics(words), widths)
}

/// Measures text without hyphenation and sets it into lines `width` wide greedily, as
/// [`break_greedy`] does, splitting words wider than that: `take` gets the words of each
/// line as soon as it is full, so no more than a line's words are held at a time.
pub fn greedy_lines(
    spans: &[Span],
    mode: Whitespace,
    width: f32,
    fonts: &FontSet,
    mut take: impl FnMut(&[Word]),
) {
    let joined = Joined::new(spans, mode);
    let mut line: Vec<Word> = Vec::new();
    let mut line_width = 0.0;
    let mut measured = Vec::new();
    for segment in joined.segments() {
        joined.segment_words(&segment, mode, Hyphenation::Off, fonts, &mut measured);
        for word in split_overwide(std::mem::take(&mut measured), width, fonts) {
            match line.last() {
                Some(previous) => {
                    let with_word = line_width + previous.glue_width() + word.width;
                    if with_word + word.hyphen_width() > width + 0.001 {
                        take(&line);
                        line.clear();
                        line_width = word.width;
                    } else {
                        line_width = with_word;
                    }
                }
                None => line_width = word.width,
            }
            let forced = word.forced_break;
            line.push(word);
            if forced {
                take(&line);
                line.clear();
                line_width = 0.0;
            }
        }
    }
    if !line.is_empty() {
        take(&line);
    }
}

/// The natural width of a line of words: their widths, the spaces between them and the
/// hyphen at its end, if it ends inside a word.
pub fn natural_width(words: &[Word]) -> f32 {
    let (glue, hyphen): (f32, f32) = match words.split_last() {
        Some((last, before_last)) => (
            before_last.iter().map(Word::glue_width).sum(),
            last.hyphen_width(),
        ),
        None => (0.0, 0.0),
    };
    words.iter().map(|word| word.width).sum::<f32>() + glue + hyphen
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
    /// How far the text is raised above the line's baseline, in points.
    pub rise: f32,
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
    /// The lines drawn through, under or behind stretches of the line.
    pub decorations: Vec<LineDecoration>,
    /// Width of the line in points.
    pub width: f32,
    /// Whether the line belongs to a right-to-left paragraph (and is aligned to the right).
    pub rtl: bool,
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
        self.decorations
            .extend(other.decorations.into_iter().map(|mut decoration| {
                decoration.x0 += x;
                decoration.x1 += x;
                decoration
            }));
        self.width = self.width.max(x + other.width);
    }

    /// Puts `other` at `x` before the existing runs, so it is read first (list markers).
    pub fn prepend(&mut self, other: SetLine, x: f32) {
        let existing = std::mem::take(&mut self.runs);
        let links = std::mem::take(&mut self.links);
        let decorations = std::mem::take(&mut self.decorations);
        let width = self.width;
        self.width = 0.0;
        self.overlay(other, x);
        self.runs.extend(existing);
        self.links.extend(links);
        self.decorations.extend(decorations);
        self.width = self.width.max(width);
    }
}

/// Sets the words of one line. With `justify_to`, the spaces between words grow (or shrink,
/// for a line the breaker set a little tight) so the line fills that width, unless that would
/// make them absurdly wide. A line ending inside a word ends with a drawn hyphen. Pieces at
/// right-to-left embedding levels are put in visual order.
pub fn set_line(words: &[Word], justify_to: Option<f32>) -> SetLine {
    let extra = justify_to.map_or(Justification::default(), |target| {
        justification(words, target)
    });
    // The line's pieces in reading order, each with the extra space that follows it.
    let mut pieces: Vec<(&Piece, f32)> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        pieces.extend(word.pieces.iter().map(|piece| (piece, 0.0)));
        let last = i + 1 == words.len();
        let after = if last { &word.hyphen } else { &word.glue };
        match after {
            Some(piece) => pieces.push((piece, if last { 0.0 } else { extra.per_space })),
            // Between full-width characters the line widens after the word itself.
            None if !last && word.stretch > 0.0 => {
                if let Some((_, after_word)) = pieces.last_mut() {
                    *after_word += extra.per_stretch * word.stretch;
                }
            }
            None => {}
        }
    }
    reorder_visually(&mut pieces, |(piece, _)| piece.level);
    let mut line = SetLine {
        rtl: words.first().is_some_and(|word| word.rtl),
        ..SetLine::default()
    };
    let mut x = 0.0;
    for (piece, extra) in pieces {
        x = place_piece(&mut line, piece, x, extra);
    }
    line.width = x;
    // Lines are kept until their page is written: they keep no room to grow.
    line.runs.shrink_to_fit();
    for run in &mut line.runs {
        run.run.parts.shrink_to_fit();
    }
    line
}

/// Puts items given in reading order into visual order by their embedding levels (rule L2 of
/// the bidirectional algorithm): from the highest level down to the lowest odd one, every
/// stretch of items at that level or above is reversed.
fn reorder_visually<T>(items: &mut [T], level: impl Fn(&T) -> u8) {
    let Some(highest) = items.iter().map(&level).max() else {
        return;
    };
    let lowest_odd = items.iter().map(&level).min().unwrap_or(0) | 1;
    for at_least in (lowest_odd..=highest).rev() {
        let mut i = 0;
        while i < items.len() {
            if level(&items[i]) < at_least {
                i += 1;
                continue;
            }
            let start = i;
            while i < items.len() && level(&items[i]) >= at_least {
                i += 1;
            }
            items[start..i].reverse();
        }
    }
}

/// The extra width a justified line takes: after each space, and after each word without one
/// for each point of its [`Word::stretch`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Justification {
    per_space: f32,
    per_stretch: f32,
}

/// The largest adjustment ratio a line is justified at (spaces 2.5 times wider than they are,
/// since they stretch by half their width at a ratio of 1): beyond this it reads worse
/// justified than ragged.
const MOST_JUSTIFIED_RATIO: f32 = 5.0;

/// The extra width needed to fill `target` (negative after spaces to shrink an overfull line),
/// or none when the line should stay ragged. A line is widened at its spaces and at its breaks
/// without a space, in proportion to how far each may stretch; only spaces shrink.
fn justification(words: &[Word], target: f32) -> Justification {
    let none = Justification::default();
    let inner = words.split_last().map_or(&[][..], |(_, before)| before);
    let spaces = inner.iter().filter(|word| word.glue.is_some()).count();
    let other_stretch: f32 = inner
        .iter()
        .filter(|word| word.glue.is_none())
        .map(|word| word.stretch)
        .sum();
    let slack = target - natural_width(words);
    let space = inner
        .iter()
        .find_map(|word| word.glue.as_ref())
        .map_or(0.0, |glue| glue.width);
    if slack.abs() < 0.001 {
        return none;
    }
    if slack < 0.0 {
        if spaces == 0 {
            return none;
        }
        // Never more than the breaker allows; a line that needs more runs over instead of
        // letting its words touch.
        let per_space = (slack / spaces as f32).max(-space / 2.0);
        return Justification {
            per_space,
            per_stretch: 0.0,
        };
    }
    // The adjustment ratio, in the breaker's units.
    let space_stretch = space.max(1.0) * SPACE_STRETCH;
    let stretch = spaces as f32 * space_stretch + other_stretch;
    if stretch <= 0.0 {
        return none;
    }
    let ratio = slack / stretch;
    if ratio > MOST_JUSTIFIED_RATIO {
        return none;
    }
    Justification {
        per_space: ratio * space_stretch,
        per_stretch: ratio,
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
                    && last.run.rtl == run.rtl
                    && last.run.size == run.size
                    && last.color == piece.style.color
                    && last.rise == piece.style.rise
                    && (last.x + last.run.width - end).abs() < 0.001 =>
            {
                last.run.append(run)
            }
            _ => line.runs.push(LineRun {
                x: end,
                run: run.clone(),
                color: piece.style.color,
                rise: piece.style.rise,
            }),
        }
        end += run.width;
    }
    if extra != 0.0 {
        if let Some(last) = line.runs.last_mut() {
            last.run.stretch(extra);
        }
        end += extra;
    }
    if let Some(href) = &piece.style.link {
        add_link(line, href, x, end);
    }
    for (kind, color) in piece.style.decorations.kinds(piece.style.color) {
        add_decoration(
            line,
            LineDecoration {
                kind,
                x0: x,
                x1: end,
                size: piece.style.size,
                rise: piece.style.rise,
                color,
            },
        );
    }
    end
}

/// Extends the line's last decoration of the same kind, size, rise and colour when it touches
/// the new one, else adds the new one.
fn add_decoration(line: &mut SetLine, new: LineDecoration) {
    let touching = line.decorations.iter_mut().rev().find(|last| {
        last.kind == new.kind
            && last.size == new.size
            && last.rise == new.rise
            && last.color == new.color
            && (last.x1 - new.x0).abs() < 0.001
    });
    match touching {
        Some(last) => last.x1 = new.x1,
        None => line.decorations.push(new),
    }
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
    use crate::backend::pdf::fonts::bundled_font_set;
    use crate::backend::pdf::hyphenate::Hyphenator;

    fn fonts() -> &'static FontSet {
        bundled_font_set()
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
            rise: 0.0,
            decorations: Decorations::default(),
            note: None,
        }
    }

    fn span(text: &str, face: FaceId) -> Span {
        Span {
            text: text.to_string(),
            style: style(face),
        }
    }

    /// The text of the lines as set, with the drawn hyphens.
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
            Hyphenation::Off,
            fonts,
        );
        let narrow = words(
            &[span(&["iiii"; 20].join(" "), FaceId::Regular)],
            Whitespace::Collapse,
            Hyphenation::Off,
            fonts,
        );
        let widths = LineWidths {
            first: 150.0,
            rest: 150.0,
        };
        let wide_lines = break_greedy(&wide, widths);
        let narrow_lines = break_greedy(&narrow, widths);
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
            Hyphenation::Off,
            fonts,
        );
        let lines = break_lines(
            &words,
            LineWidths {
                first: 60.0,
                rest: 200.0,
            },
            Align::Justify,
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
        let words = words(&spans, Whitespace::Collapse, Hyphenation::Off, fonts);
        assert_eq!(words.len(), 3);
        assert_eq!(words[1].pieces.len(), 2, "world is one word in two faces");
        assert!(words[2].glue.is_none(), "no trailing space at the end");
        let lines = break_lines(
            &words,
            LineWidths {
                first: 1000.0,
                rest: 1000.0,
            },
            Align::Justify,
        );
        assert_eq!(line_texts(&words, &lines), ["Hello world again"]);
    }

    #[test]
    fn hyphenated_words_are_not_broken() {
        let fonts = fonts();
        let text = "a ninety-year-old soft\u{00AD}ware wall";
        let words = words(
            &[span(text, FaceId::Regular)],
            Whitespace::Collapse,
            Hyphenation::Off,
            fonts,
        );
        assert_eq!(words.len(), 4);
        let narrow = LineWidths {
            first: 1.0,
            rest: 1.0,
        };
        let lines = break_lines(&words, narrow, Align::Justify);
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
        let words = words(&spans, Whitespace::Collapse, Hyphenation::Off, fonts);
        let lines = break_lines(
            &words,
            LineWidths {
                first: 1000.0,
                rest: 1000.0,
            },
            Align::Justify,
        );
        assert_eq!(line_texts(&words, &lines), ["one", "two"]);
    }

    #[test]
    fn forced_breaks_end_lines() {
        let fonts = fonts();
        let text = format!("one{LINE_BREAK}two three");
        let words = words(
            &[span(&text, FaceId::Regular)],
            Whitespace::Collapse,
            Hyphenation::Off,
            fonts,
        );
        let lines = break_lines(
            &words,
            LineWidths {
                first: 1000.0,
                rest: 1000.0,
            },
            Align::Justify,
        );
        assert_eq!(line_texts(&words, &lines), ["one", "two three"]);
    }

    #[test]
    fn preserved_spaces_keep_indentation() {
        let words = unhyphenated("    let x = 1;", FaceId::Mono, Whitespace::Preserve);
        let line = set_line(&words, None);
        let text: String = line.runs.iter().map(|run| run.run.text()).collect();
        assert_eq!(text, "    let x = 1;");
        let advance = fonts().width("x", FaceId::Mono, 10.0);
        assert!((line.width - 14.0 * advance).abs() < 0.01);
    }

    #[test]
    fn overwide_words_are_split_to_fit() {
        let fonts = fonts();
        let long = "https://example.org/".to_string() + &"abcdefghij".repeat(20);
        let words = split_overwide(
            words(
                &[span(&long, FaceId::Regular)],
                Whitespace::Collapse,
                Hyphenation::Off,
                fonts,
            ),
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
            Align::Justify,
        );
        assert_eq!(line_texts(&words, &lines).concat(), long);
    }

    #[test]
    fn justified_lines_fill_the_width_with_real_spaces() {
        let fonts = fonts();
        let words = words(
            &[span("a few short words here", FaceId::Regular)],
            Whitespace::Collapse,
            Hyphenation::Off,
            fonts,
        );
        let natural = natural_width(&words);
        let line = set_line(&words, Some(natural + 8.0));
        assert!((line.width - (natural + 8.0)).abs() < 0.01);
        let text: String = line.runs.iter().map(|run| run.run.text()).collect();
        assert_eq!(text, "a few short words here");
    }

    /// The words of a line as they stand on the page, left to right, each in reading order.
    fn visual_words(line: &SetLine) -> Vec<String> {
        let mut runs: Vec<&LineRun> = line.runs.iter().collect();
        runs.sort_by(|a, b| a.x.total_cmp(&b.x));
        runs.into_iter()
            .flat_map(|run| {
                let text = run.run.text();
                let mut words: Vec<String> = text
                    .split(' ')
                    .filter(|word| !word.is_empty())
                    .map(str::to_string)
                    .collect();
                // A right-to-left run is drawn last word first.
                if run.run.rtl {
                    words.reverse();
                }
                words
            })
            .collect()
    }

    #[test]
    fn right_to_left_paragraphs_are_set_from_the_right() {
        let words = words_of("אחת שתיים שלוש");
        assert!(words.iter().all(|word| word.rtl));
        let line = set_line(&words, None);
        assert!(line.rtl);
        // The first word read is the rightmost one.
        assert_eq!(visual_words(&line), ["שלוש", "שתיים", "אחת"]);
        // Left-to-right text is not touched.
        let latin = words_of("one two three");
        let line = set_line(&latin, None);
        assert!(!line.rtl);
        assert_eq!(visual_words(&line), ["one", "two", "three"]);
    }

    /// Running text in the regular face, measured without hyphenation.
    fn words_of(text: &str) -> Vec<Word> {
        unhyphenated(text, FaceId::Regular, Whitespace::Collapse)
    }

    /// Text in one face, measured without hyphenation.
    fn unhyphenated(text: &str, face: FaceId, mode: Whitespace) -> Vec<Word> {
        words(&[span(text, face)], mode, Hyphenation::Off, fonts())
    }

    #[test]
    fn numbers_and_latin_words_keep_their_own_order_inside_right_to_left_text() {
        let line = set_line(&words_of("שנת 2024 היא Tide Clock היום"), None);
        assert!(line.rtl);
        assert_eq!(
            visual_words(&line),
            ["היום", "Tide", "Clock", "היא", "2024", "שנת"]
        );
        // A Hebrew phrase inside an English paragraph is reversed in place.
        let line = set_line(&words_of("He said שלום עולם and left"), None);
        assert!(!line.rtl);
        assert_eq!(
            visual_words(&line),
            ["He", "said", "עולם", "שלום", "and", "left"]
        );
    }

    #[test]
    fn code_reads_left_to_right_even_when_it_starts_with_hebrew() {
        let words = unhyphenated("# שלום world", FaceId::Mono, Whitespace::Preserve);
        let line = set_line(&words, None);
        assert!(!line.rtl);
        assert_eq!(visual_words(&line), ["#", "שלום", "world"]);
        // As running text, the same line is a right-to-left paragraph.
        let line = set_line(&words_of("# שלום world"), None);
        assert!(line.rtl);
    }

    #[test]
    fn visual_order_follows_the_levels() {
        let mut items = [
            (0, 'a'),
            (1, 'b'),
            (1, 'c'),
            (2, 'd'),
            (2, 'e'),
            (1, 'f'),
            (0, 'g'),
        ];
        reorder_visually(&mut items, |(level, _)| *level);
        let order: String = items.iter().map(|(_, c)| *c).collect();
        assert_eq!(order, "afdecbg");
        let mut ltr = [(0, 'a'), (0, 'b')];
        reorder_visually(&mut ltr, |(level, _)| *level);
        assert_eq!(ltr, [(0, 'a'), (0, 'b')]);
    }

    #[test]
    fn justified_right_to_left_lines_fill_the_width() {
        let words = words_of("אחת שתיים שלוש ארבע");
        let natural = natural_width(&words);
        let line = set_line(&words, Some(natural + 12.0));
        assert!((line.width - (natural + 12.0)).abs() < 0.01);
        let last = line.runs.last().expect("runs");
        assert!((last.x + last.run.width - line.width).abs() < 0.01);
        assert_eq!(visual_words(&line), ["ארבע", "שלוש", "שתיים", "אחת"]);
    }

    /// The text of each segment (between two places a line may end) of running text.
    fn segment_texts(text: &str) -> Vec<String> {
        let joined = Joined::new(&[span(text, FaceId::Regular)], Whitespace::Collapse);
        joined
            .segments()
            .map(|segment| joined.text[segment.range].to_string())
            .collect()
    }

    #[test]
    fn japanese_breaks_between_characters_but_not_before_small_kana_or_closing_marks() {
        assert_eq!(
            segment_texts("ちょっと「本」ー。"),
            ["ちょっ", "と", "「本」ー。"]
        );
    }

    #[test]
    fn korean_breaks_only_at_spaces() {
        assert_eq!(
            segment_texts("풍속계와 2024년에 (관측소)"),
            ["풍속계와 ", "2024년에 ", "(관측소)"]
        );
        // Chinese next to it still breaks between characters.
        assert_eq!(segment_texts("中文字"), ["中", "文", "字"]);
    }

    #[test]
    fn justification_spreads_between_chinese_characters_where_no_space_is() {
        let words = words_of("一二三四");
        assert_eq!(words.len(), 4);
        assert!(words[..3].iter().all(|word| word.stretch > 0.0));
        assert_eq!(words[3].stretch, 0.0, "nothing follows the last");
        let natural = natural_width(&words);
        let line = set_line(&words, Some(natural + 0.6));
        assert!((line.width - (natural + 0.6)).abs() < 0.01);
        // Latin words keep their letters together and stretch at spaces only.
        assert!(words_of("a b/c").iter().all(|word| word.stretch == 0.0));
    }

    #[test]
    fn a_word_too_long_for_a_line_is_cut_so_the_words_before_it_fill_theirs() {
        let long = "https://example.org/".to_string() + &"abcdefghij".repeat(12);
        let text = format!("A long word: {long} ends here.");
        let fonts = fonts();
        let widths = same(200.0);
        let mut lines = Vec::new();
        paragraph_lines(
            &[span(&text, FaceId::Regular)],
            Whitespace::Collapse,
            Hyphenation::Off,
            widths,
            Align::Justify,
            fonts,
            |words, ranges, _| lines.extend(line_texts(words, ranges)),
        );
        assert!(lines[0].starts_with("A long word: https://"), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
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
        let words = words(&spans, Whitespace::Collapse, Hyphenation::Off, fonts);
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

    // ----- total fit, hyphenation, ragged text -----

    /// Running text of our own, long enough for a few dozen lines.
    const PROSE: &str = "The lighthouse keeper climbed the spiral staircase every evening at \
        dusk, carrying a tin of paraffin, a box of matches and a notebook in which she wrote \
        down the weather, the passing ships and anything unusual she noticed on the water. \
        Over thirty years the notebooks filled three shelves of the cottage below, and when \
        the lamp was finally automated the harbour authority asked whether it might borrow \
        them, because nobody else had kept such a careful record of the coastline, its \
        storms, its seasonal fogs and the slow disappearance of the fishing fleet that once \
        crowded the bay. She agreed on the condition that the notebooks would come back, and \
        they did, eventually, accompanied by a thank-you letter and an extraordinarily \
        detailed report that quoted her observations on almost every page.";

    fn prose_words(hyphenation: Hyphenation<'_>) -> Vec<Word> {
        words(
            &[span(PROSE, FaceId::Regular)],
            Whitespace::Collapse,
            hyphenation,
            fonts(),
        )
    }

    /// The words and lines [`paragraph_lines`] gives, all collected.
    fn collected_lines(
        spans: &[Span],
        mode: Whitespace,
        hyphenation: Hyphenation<'_>,
        widths: LineWidths,
        align: Align,
        fonts: &FontSet,
    ) -> (Vec<Word>, Vec<Range<usize>>) {
        let setting = Setting {
            mode,
            hyphenation,
            widths,
            align,
            fonts,
        };
        collected_in_windows(spans, setting, WINDOW_UNITS).0
    }

    /// The words and lines [`paragraph_lines_in_windows`] gives with windows of `window`
    /// units, all collected, and whether the last line came marked as the paragraph's last.
    fn collected_in_windows(
        spans: &[Span],
        setting: Setting<'_>,
        window: usize,
    ) -> ((Vec<Word>, Vec<Range<usize>>), bool) {
        let (mut all_words, mut all_lines) = (Vec::new(), Vec::new());
        let mut ended = false;
        paragraph_lines_in_windows(spans, setting, window, |words, lines, ends| {
            assert!(!ended, "lines after the paragraph's last");
            let offset = all_words.len();
            let end = lines.last().map_or(0, |line| line.end);
            assert_eq!(lines.first().map_or(0, |line| line.start), 0);
            all_words.extend_from_slice(&words[..end]);
            all_lines.extend(
                lines
                    .iter()
                    .map(|line| line.start + offset..line.end + offset),
            );
            ended = ends;
        });
        ((all_words, all_lines), ended)
    }

    fn same(width: f32) -> LineWidths {
        LineWidths {
            first: width,
            rest: width,
        }
    }

    fn english() -> Hyphenation<'static> {
        Hyphenation::Patterns(Hyphenator::for_language(Some("en")).expect("English patterns"))
    }

    /// Width of each space of a justified line, as a multiple of its natural width; `None`
    /// for the last line of the paragraph and for lines without spaces.
    fn space_ratios(words: &[Word], lines: &[Range<usize>], width: f32) -> Vec<f32> {
        lines
            .iter()
            .filter(|range| range.end < words.len())
            .filter_map(|range| {
                let line = &words[range.clone()];
                let spaces: f32 = line[..line.len() - 1].iter().map(Word::glue_width).sum();
                (spaces > 0.0).then(|| 1.0 + (width - natural_width(line)) / spaces)
            })
            .collect()
    }

    fn max(values: &[f32]) -> f32 {
        values.iter().copied().fold(0.0, f32::max)
    }

    fn mean(values: &[f32]) -> f32 {
        values.iter().sum::<f32>() / values.len().max(1) as f32
    }

    #[test]
    fn total_fit_spaces_lines_more_evenly_than_greedy() {
        let words = prose_words(Hyphenation::Off);
        let mut compared = 0;
        for width in [180.0, 220.0, 260.0, 300.0] {
            let greedy = space_ratios(&words, &break_greedy(&words, same(width)), width);
            let total = break_lines(&words, same(width), Align::Justify);
            let fit = space_ratios(&words, &total, width);
            assert!(
                max(&fit) <= max(&greedy) + 0.001,
                "at {width} pt: widest space {} × normal, greedy {}",
                max(&fit),
                max(&greedy)
            );
            if max(&greedy) > 2.0 {
                compared += 1;
                assert!(max(&fit) < max(&greedy));
            }
        }
        assert!(compared > 0, "some width leaves greedy a very loose line");
    }

    #[test]
    fn justified_spaces_stay_within_the_tolerance_when_they_can() {
        let words = prose_words(english());
        let width = 300.0;
        let lines = break_lines(&words, same(width), Align::Justify);
        let ratios = space_ratios(&words, &lines, width);
        // 1 + tolerance × stretch: 1 + 1.5 × 0.5; and never shrunk below two thirds.
        assert!(max(&ratios) <= 1.75 + 0.001, "{ratios:?}");
        assert!(ratios.iter().all(|&r| r >= 2.0 / 3.0 - 0.001), "{ratios:?}");
    }

    #[test]
    fn no_line_exceeds_the_width_in_any_mode() {
        let fonts = fonts();
        for hyphenation in [Hyphenation::Off, english()] {
            let words = split_overwide(prose_words(hyphenation), 60.0, fonts);
            for width in [60.0, 95.0, 140.0, 210.0, 330.0, 480.0] {
                for align in [Align::Justify, Align::Ragged] {
                    let lines = break_lines(&words, same(width), align);
                    assert_eq!(lines.first().map(|r| r.start), Some(0));
                    assert_eq!(lines.last().map(|r| r.end), Some(words.len()));
                    for pair in lines.windows(2) {
                        assert_eq!(pair[0].end, pair[1].start, "lines are contiguous");
                    }
                    for (i, range) in lines.iter().enumerate() {
                        let line = &words[range.clone()];
                        let justify = align == Align::Justify && i + 1 < lines.len();
                        let overfull = natural_width(line) > width;
                        let set = set_line(line, (justify || overfull).then_some(width));
                        assert!(
                            set.width <= width + 0.01,
                            "{align:?} line {i} is {} pt in {width} pt",
                            set.width
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn long_words_are_hyphenated_in_a_narrow_column() {
        let cases = [
            (
                "en",
                "the internationalization of extraordinarily comprehensive standards",
            ),
            (
                "de",
                "die Donaudampfschifffahrtsgesellschaft verlängert Kapitänsmützen",
            ),
        ];
        for (language, text) in cases {
            let hyphenator = Hyphenator::for_language(Some(language)).expect("patterns");
            let words = words(
                &[span(text, FaceId::Regular)],
                Whitespace::Collapse,
                Hyphenation::Patterns(hyphenator),
                fonts(),
            );
            let width = 90.0;
            let lines = break_lines(&words, same(width), Align::Justify);
            let texts = line_texts(&words, &lines);
            assert!(
                texts.iter().any(|line| line.ends_with('-')),
                "{language}: no hyphenated line in {texts:?}"
            );
            // Taking the drawn hyphens out gives the text back.
            let rejoined: String = texts
                .iter()
                .map(|line| match line.strip_suffix('-') {
                    Some(part) => part.to_string(),
                    None => format!("{line} "),
                })
                .collect();
            assert_eq!(rejoined.trim_end(), text);
            for range in &lines {
                let set = set_line(&words[range.clone()], Some(width));
                assert!(set.width <= width + 0.01, "{language}: {texts:?}");
            }
        }
    }

    #[test]
    fn real_hyphens_stay_unbroken_and_soft_hyphens_become_drawn_ones() {
        let text = "a ninety-year-old soft\u{00AD}ware wall";
        for hyphenation in [english(), Hyphenation::SoftHyphens] {
            let words = words(
                &[span(text, FaceId::Regular)],
                Whitespace::Collapse,
                hyphenation,
                fonts(),
            );
            let lines = break_lines(&words, same(1.0), Align::Justify);
            assert_eq!(
                line_texts(&words, &lines),
                ["a", "ninety-year-old", "soft-", "ware", "wall"]
            );
        }
        // A soft hyphen inside a line is not drawn.
        let words = words(
            &[span(text, FaceId::Regular)],
            Whitespace::Collapse,
            Hyphenation::SoftHyphens,
            fonts(),
        );
        let lines = break_lines(&words, same(1000.0), Align::Justify);
        assert_eq!(
            line_texts(&words, &lines),
            ["a ninety-year-old software wall"]
        );
    }

    #[test]
    fn paragraphs_that_set_well_whole_are_not_hyphenated() {
        let spans = [span(PROSE, FaceId::Regular)];
        let set = |width: f32| {
            let (words, lines) = collected_lines(
                &spans,
                Whitespace::Collapse,
                english(),
                same(width),
                Align::Justify,
                fonts(),
            );
            line_texts(&words, &lines)
        };
        assert!(!set(420.0).iter().any(|line| line.ends_with('-')));
        assert!(set(80.0).iter().any(|line| line.ends_with('-')));
    }

    #[test]
    fn unknown_languages_are_not_hyphenated() {
        let words = words(
            &[span("internationalization", FaceId::Regular)],
            Whitespace::Collapse,
            Hyphenation::for_language(Some("xx")),
            fonts(),
        );
        assert_eq!(words.len(), 1);
        assert!(words[0].hyphen.is_none());
    }

    #[test]
    fn ragged_lines_keep_natural_spaces_and_a_more_even_edge_than_greedy() {
        let words = prose_words(Hyphenation::Off);
        let width = 240.0;
        let lines = break_lines(&words, same(width), Align::Ragged);
        // Set ragged, every line is at its natural width and within the column.
        for range in &lines {
            let line = &words[range.clone()];
            let set = set_line(line, None);
            assert!((set.width - natural_width(line)).abs() < 0.01);
            assert!(set.width <= width + 0.001);
        }
        let gap = |lines: &[Range<usize>]| -> f32 {
            let inner = &lines[..lines.len() - 1];
            inner
                .iter()
                .map(|range| width - natural_width(&words[range.clone()]))
                .fold(0.0, f32::max)
        };
        let greedy = break_greedy(&words, same(width));
        assert!(
            gap(&lines) < gap(&greedy),
            "largest gap {} vs greedy {}",
            gap(&lines),
            gap(&greedy)
        );
    }

    /// The paragraphs of our own fixture articles' bodies.
    fn fixture_paragraphs() -> impl Iterator<Item = &'static str> {
        [
            include_str!("../../../tests/fixtures/article.body.txt"),
            include_str!("../../../tests/fixtures/seed-shaped.body.txt"),
            include_str!("../../../tests/fixtures/advertisement.body.txt"),
            include_str!("../../../tests/fixtures/related-links.body.txt"),
            include_str!("../../../tests/fixtures/share-this.body.txt"),
        ]
        .into_iter()
        .flat_map(|text| text.split("\n\n"))
    }

    /// A fixture paragraph as body text (the regular face at 11 pt) set `width` points wide
    /// twice, each as its words and lines: greedily without hyphenation, and by total fit,
    /// hyphenating in English where it needs to.
    fn greedy_and_total_fit(paragraph: &str, width: f32) -> [(Vec<Word>, Vec<Range<usize>>); 2] {
        let fonts = fonts();
        let spans = [Span {
            text: paragraph.to_string(),
            style: TextStyle {
                size: 11.0,
                ..style(FaceId::Regular)
            },
        }];
        let plain = split_overwide(
            words(&spans, Whitespace::Collapse, Hyphenation::Off, fonts),
            width,
            fonts,
        );
        let greedy = break_greedy(&plain, same(width));
        let fit = collected_lines(
            &spans,
            Whitespace::Collapse,
            english(),
            same(width),
            Align::Justify,
            fonts,
        );
        [(plain, greedy), fit]
    }

    #[test]
    fn paragraphs_rarely_end_with_a_runt_line() {
        let (mut paragraphs, mut greedy_runts, mut fit_runts) = (0, 0, 0);
        let runt = |(words, lines): &(Vec<Word>, Vec<Range<usize>>), width: f32| {
            lines.len() > 1
                && lines
                    .last()
                    .is_some_and(|last| natural_width(&words[last.clone()]) < 0.08 * width)
        };
        for width in (240..=480).step_by(12).map(|w| w as f32) {
            for paragraph in fixture_paragraphs() {
                let [greedy, fit] = greedy_and_total_fit(paragraph, width);
                paragraphs += 1;
                greedy_runts += usize::from(runt(&greedy, width));
                fit_runts += usize::from(runt(&fit, width));
            }
        }
        eprintln!("{paragraphs} paragraphs: runts greedy {greedy_runts}, total fit {fit_runts}");
        assert!(
            greedy_runts >= 10,
            "the fixture should tempt runts: {greedy_runts}"
        );
        assert!(
            fit_runts * 2 < greedy_runts,
            "total fit left {fit_runts} runts, greedy {greedy_runts}"
        );
    }

    #[test]
    fn spacing_of_fixture_text_greedy_against_total_fit() {
        // Our own fixture articles, paragraph by paragraph, at the A4 body width at 11 pt.
        for width in [481.0, 300.0] {
            let (mut greedy, mut fit) = (Vec::new(), Vec::new());
            for paragraph in fixture_paragraphs() {
                let [(plain, greedy_lines), (words, lines)] =
                    greedy_and_total_fit(paragraph, width);
                greedy.extend(space_ratios(&plain, &greedy_lines, width));
                fit.extend(space_ratios(&words, &lines, width));
            }
            eprintln!(
                "{width} pt: greedy spaces mean {:.2} max {:.2} × normal ({} lines); \
                 total fit with hyphenation mean {:.2} max {:.2} ({} lines)",
                mean(&greedy),
                max(&greedy),
                greedy.len(),
                mean(&fit),
                max(&fit),
                fit.len()
            );
            assert!(max(&fit) < max(&greedy));
            assert!(mean(&fit) <= mean(&greedy));
        }
    }

    #[test]
    fn long_paragraphs_are_set_window_by_window_without_losing_a_word() {
        let text = [PROSE; 12].join(" ");
        let spans = [span(&text, FaceId::Regular)];
        // Narrow enough that some windows need hyphens, and with an indented first line.
        for (width, align) in [(150.0, Align::Justify), (220.0, Align::Ragged)] {
            let setting = Setting {
                mode: Whitespace::Collapse,
                hyphenation: english(),
                widths: LineWidths {
                    first: width - 20.0,
                    rest: width,
                },
                align,
                fonts: fonts(),
            };
            let ((words, lines), ended) = collected_in_windows(&spans, setting, 64);
            assert!(ended, "the last line is marked as the paragraph's last");
            let texts = line_texts(&words, &lines);
            assert!(texts.iter().any(|line| line.ends_with('-')), "{texts:?}");
            let rejoined: String = texts
                .iter()
                .map(|line| match line.strip_suffix('-') {
                    Some(part) => part.to_string(),
                    None => format!("{line} "),
                })
                .collect();
            assert_eq!(rejoined.trim_end(), text, "{align:?}");
            for (i, range) in lines.iter().enumerate() {
                let limit = if i == 0 { width - 20.0 } else { width };
                let line = &words[range.clone()];
                let justify = align == Align::Justify && i + 1 < lines.len();
                let overfull = natural_width(line) > limit;
                let set = set_line(line, (justify || overfull).then_some(limit));
                assert!(
                    set.width <= limit + 0.01,
                    "{align:?} line {i}: {}",
                    set.width
                );
            }
        }
    }
}
