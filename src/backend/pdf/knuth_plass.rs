//! Total-fit line breaking (Knuth and Plass, "Breaking paragraphs into lines", 1981).
//!
//! A paragraph is a row of measured words. The end of every word is a place a line may end:
//! after a space (the space is dropped), at a hyphenation point (a hyphen is drawn and the
//! line pays a penalty), after a dash or slash (nothing is added), or at a forced break. Each
//! possible line gets an adjustment ratio (how far its spaces must stretch or shrink to fill
//! the width, in units of their stretchability), a badness from it, and demerits from the
//! badness and penalties; the breaker picks the breaks whose lines add up to the fewest
//! demerits over the whole paragraph. Chinese and Japanese lines, which have no spaces, stretch
//! a little at each break between their characters (a word's [`WordMetrics::stretch`]), so
//! their badness is as real as that of a line of words; a line of one word is measured against
//! a small nominal stretch, so it is never cheaper than a loose line of several. Dynamic programming over "active" breaks (those from
//! which a line could still reach the current word) keeps this about linear: a break stops
//! being active as soon as a line from it would be overfull.
//!
//! Justified text tries a strict tolerance first, so no line's spaces open into rivers, and an
//! emergency pass with any stretch if that finds nothing; ragged text has no stretch between
//! words and scores the gap at the right of each line instead, which evens the right edge. The
//! last line of a paragraph, and a line ended by a forced break, may be as short as it likes,
//! but not a runt (under [`SHORT_LAST_LINE`] of the width): a strict pass takes none, so a
//! paragraph that cannot avoid one unhyphenated is hyphenated, and only the emergency pass
//! allows one, at a cost in demerits.
//!
//! As in TeX, a paragraph is first tried without hyphenation, within the strict tolerance; only
//! when that finds no good set of breaks are its words hyphenated and [`total_fit`] run on them.
//!
//! A paragraph of up to [`WINDOW_UNITS`] words is broken whole. A longer one (a page that is
//! one paragraph of a million words) is broken a window of that many words at a time by
//! [`break_in_windows`], each window with the passes it needs, so the breaker, and whatever
//! measures the words, holds one window however long the paragraph is. The lines come out
//! about as many and as evenly spaced as whole-paragraph breaking sets them, though not
//! always the same ones: near-equal sets of breaks can stay open for thousands of words.
//!
//! The breaker sees only numbers: each word's [`WordMetrics`] and the [`LineWidths`].

use std::ops::Range;

/// A word as the breaker sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordMetrics {
    /// Width of the word in points.
    pub width: f32,
    /// Width of the space after the word in points, drawn only when another word follows on
    /// the same line.
    pub glue: f32,
    /// Width of the hyphen drawn when a line ends after the word, which is then the first
    /// part of a hyphenated word; `None` when the word ends at a space or another plain break.
    pub hyphen: Option<f32>,
    /// Whether a line must end after the word.
    pub forced_break: bool,
    /// The largest font size in the word, in points.
    pub size: f32,
    /// How far a justified line may widen at the break after the word when no space is drawn
    /// there (between Chinese or Japanese characters, or inside a word too long for a line),
    /// in points at an adjustment ratio of 1; 0 for none.
    pub stretch: f32,
    /// What ending a line after the word costs, beyond a hyphen's penalty: 0 after a space,
    /// more inside a word too long for a line, most between two of its letters.
    pub penalty: f32,
}

impl WordMetrics {
    /// Width of the hyphen drawn if a line ends after the word (0 when none is).
    fn hyphen_width(&self) -> f32 {
        self.hyphen.unwrap_or(0.0)
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

/// How the lines of a paragraph are to be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Spaces stretch or shrink so every line but the last fills the width.
    Justify,
    /// Spaces keep their width; lines end unevenly on the right.
    Ragged,
}

/// How much a space may stretch, as a fraction of its width, at an adjustment ratio of 1.
pub const SPACE_STRETCH: f32 = 0.5;
/// How much a space may shrink, as a fraction of its width.
const SHRINK: f32 = 1.0 / 3.0;
/// Largest adjustment ratio of the strict pass: spaces at most 1 + 1.5 × 0.5 = 1.75 times
/// their natural width.
const TOLERANCE: f64 = 1.5;
/// The room at the right of a ragged line that counts as a ratio of 1, in font sizes.
const RAGGED_STRETCH_EM: f32 = 3.0;
/// Largest adjustment ratio of a ragged line set without hyphenation: a paragraph whose lines
/// would leave more than this much room is hyphenated.
const RAGGED_TOLERANCE: f64 = 1.0;

/// Demerits added to every line, so fewer lines are preferred (TeX's `\linepenalty`).
const LINE_PENALTY: f64 = 10.0;
/// Penalty of a break at a hyphenation point in justified text (TeX's `\hyphenpenalty`).
const HYPHEN_PENALTY: f64 = 50.0;
/// The same in ragged text, where a short line costs less and a hyphen is less needed.
const RAGGED_HYPHEN_PENALTY: f64 = 150.0;
/// Extra demerits for two hyphenated lines in a row (TeX's `\doublehyphendemerits`).
const DOUBLE_HYPHEN_DEMERITS: f64 = 10_000.0;
/// Extra demerits for hyphenating the next-to-last line (TeX's `\finalhyphendemerits`).
const FINAL_HYPHEN_DEMERITS: f64 = 5_000.0;
/// Extra demerits when a tight line follows a loose one or the other way round (TeX's
/// `\adjdemerits`): neighbouring lines should have a similar colour.
const ADJACENT_DEMERITS: f64 = 10_000.0;
/// A paragraph's last line shorter than this share of the width is a runt: a short word left
/// alone under a full paragraph (about 38 pt, six or seven letters, on an A4 column at 11 pt).
/// At this share, avoiding runts leaves the spacing of justified lines as it was.
const SHORT_LAST_LINE: f32 = 0.08;
/// Extra demerits for a runt in the emergency pass, so a set of breaks that carries a word
/// down wins when its lines are not much looser.
const SHORT_LAST_LINE_DEMERITS: f64 = 50_000.0;
/// The stretch a line without any is measured against, in font sizes: a line of one word is
/// as bad as a line whose one space opened that far, so it never beats a loose line that
/// keeps several words together.
const LONE_WORD_STRETCH_EM: f32 = 0.125;

/// How many units (stretches of text between two break opportunities, each one or more words)
/// a window of [`break_in_windows`] holds: a paragraph of up to this many is broken whole.
pub const WINDOW_UNITS: usize = 4096;

/// Where the words given to the breaker start.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Start {
    /// At the start of the paragraph: the first line is [`LineWidths::first`] wide.
    Paragraph,
    /// At a break chosen before, in the state it was chosen in.
    After {
        /// The break (its position and link to the one before do not count).
        node: Node,
        /// Whether the line before it ended with a forced break.
        forced_break: bool,
    },
}

/// What the breaker chooses between in one pass.
#[derive(Debug, Clone, Copy)]
struct Pass {
    align: Align,
    /// Largest adjustment ratio allowed; `None` allows any underfull line.
    tolerance: Option<f64>,
}

impl Pass {
    /// The pass that keeps every line within the strict tolerance.
    fn strict(align: Align) -> Pass {
        let tolerance = match align {
            Align::Justify => TOLERANCE,
            Align::Ragged => RAGGED_TOLERANCE,
        };
        Pass {
            align,
            tolerance: Some(tolerance),
        }
    }

    /// The passes of [`total_fit`]: the strict one for justified text, then one that allows
    /// any underfull line.
    fn total(align: Align) -> Vec<Pass> {
        let emergency = Pass {
            align,
            tolerance: None,
        };
        match align {
            Align::Justify => vec![Pass::strict(align), emergency],
            Align::Ragged => vec![emergency],
        }
    }
}

/// Breaks `words`, which start at `start`, into lines of the given widths with the fewest total
/// demerits, all within the strict tolerance (no loose justified line, no short ragged one),
/// or `None` when no set of breaks is that good.
#[cfg(test)]
fn strict_fit(
    words: &[WordMetrics],
    widths: LineWidths,
    align: Align,
) -> Option<Vec<Range<usize>>> {
    if words.is_empty() {
        return Some(Vec::new());
    }
    Paragraph::new(words, align, Start::Paragraph, true)
        .best_breaks(widths, Pass::strict(align))
        .map(|(lines, _)| lines)
}

/// Breaks `words` into lines of the given widths with the fewest total demerits, or `None`
/// when no set of breaks keeps every line within the width (a word wider than its line).
pub fn total_fit(
    words: &[WordMetrics],
    widths: LineWidths,
    align: Align,
) -> Option<Vec<Range<usize>>> {
    if words.is_empty() {
        return Some(Vec::new());
    }
    let paragraph = Paragraph::new(words, align, Start::Paragraph, true);
    Pass::total(align)
        .into_iter()
        .find_map(|pass| paragraph.best_breaks(widths, pass))
        .map(|(lines, _)| lines)
}

/// Chooses line ends greedily: each line takes as many words as fit (a line ending inside a
/// word counts its hyphen). Returns the range of words of each line. A word wider than its
/// line gets a line of its own.
pub fn greedy_fit(words: &[WordMetrics], widths: LineWidths) -> Vec<Range<usize>> {
    greedy_from(words, widths, Start::Paragraph)
}

/// [`greedy_fit`] of words that start at `start`.
fn greedy_from(words: &[WordMetrics], widths: LineWidths, start: Start) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut first = 0;
    let mut width = 0.0;
    for (i, word) in words.iter().enumerate() {
        let limit = if lines.is_empty() && start == Start::Paragraph {
            widths.first
        } else {
            widths.rest
        };
        if i > first {
            let with_word = width + words[i - 1].glue + word.width;
            if with_word + word.hyphen_width() > limit + 0.001 {
                lines.push(first..i);
                first = i;
                width = word.width;
            } else {
                width = with_word;
            }
        } else {
            width = word.width;
        }
        if word.forced_break {
            lines.push(first..i + 1);
            first = i + 1;
            width = 0.0;
        }
    }
    if first < words.len() {
        lines.push(first..words.len());
    }
    lines
}

/// The words of a window, as [`Windows::measure`] gives them.
#[derive(Debug, Clone, Default)]
pub struct Measured {
    /// The words, in order.
    pub words: Vec<WordMetrics>,
    /// For each word, the index of the unit it ends, or `None` for a word that ends inside its
    /// unit (at a hyphenation point, or where an overwide word was cut). A window may start
    /// only after a word that ends a unit.
    pub unit_ends: Vec<Option<usize>>,
    /// Whether the paragraph ends with these words.
    pub ends_paragraph: bool,
}

/// The words of a paragraph, measured a window at a time for [`break_in_windows`]. The
/// paragraph is a row of units, each the text between two break opportunities: one word, or
/// several when it is hyphenated or cut because it is too wide.
pub trait Windows {
    /// Measures the units `from..from + count` (fewer when the paragraph ends first), with
    /// their hyphenation points or without. `from` never goes back before a unit already
    /// asked for: the units before it are set and may be forgotten.
    fn measure(&mut self, from: usize, count: usize, hyphenate: bool) -> Measured;

    /// Takes lines of the words [`Windows::measure`] gave last (ranges of their indices), in
    /// order; `ends_paragraph` when the last of them is the paragraph's last line.
    fn take_lines(&mut self, lines: &[Range<usize>], ends_paragraph: bool);
}

/// The lines settled in one window, and the break the next window starts at.
struct Settled {
    lines: Vec<Range<usize>>,
    /// The break after the last line, `None` when the paragraph ends there.
    next: Option<Node>,
}

/// Breaks a paragraph into lines a window of `window` units at a time. In each window the
/// words are first tried as they are, within the strict tolerance, then hyphenated with the
/// passes of [`total_fit`], then greedily if nothing else fits. A paragraph of up to `window`
/// units is broken whole, exactly as those give it.
///
/// A window that does not end the paragraph is broken as if more text followed it. Its best
/// set of breaks so far is kept up to its last break that ends a unit within the first three
/// quarters of the window, where what follows the window hardly matters any more; the next
/// window starts there, in the state the breaker had there (the fitness of the line before,
/// whether it ended in a hyphen, the demerits so far). So about a third of the words are
/// measured twice.
pub fn break_in_windows(
    source: &mut impl Windows,
    widths: LineWidths,
    align: Align,
    window: usize,
) {
    let window = window.max(1);
    let mut from = 0;
    let mut start = Start::Paragraph;
    loop {
        let plain = source.measure(from, window, false);
        let strict = settle(&plain, widths, align, start, &[Pass::strict(align)]);
        let (measured, settled) = match strict {
            Some(settled) => (plain, settled),
            None => {
                drop(plain);
                let hyphenated = source.measure(from, window, true);
                let settled = settle(&hyphenated, widths, align, start, &Pass::total(align))
                    .unwrap_or_else(|| settle_greedily(&hyphenated, widths, start));
                (hyphenated, settled)
            }
        };
        let restart = settled.next.and_then(|node| {
            let last_word = node.position.checked_sub(1)?;
            let unit = measured.unit_ends.get(last_word).copied().flatten()?;
            let forced_break = measured.words[last_word].forced_break;
            Some((unit, node, forced_break))
        });
        source.take_lines(&settled.lines, restart.is_none());
        let Some((unit, node, forced_break)) = restart else {
            debug_assert!(
                measured.ends_paragraph,
                "a window breaks at the end of a unit"
            );
            return;
        };
        from = unit + 1;
        start = Start::After { node, forced_break };
    }
}

/// The lines of a window with the first of `passes` that can set it, or `None` when none can.
fn settle(
    measured: &Measured,
    widths: LineWidths,
    align: Align,
    start: Start,
    passes: &[Pass],
) -> Option<Settled> {
    let words = &measured.words;
    if words.is_empty() {
        return Some(Settled {
            lines: Vec::new(),
            next: None,
        });
    }
    let ends_paragraph = measured.ends_paragraph;
    let paragraph = Paragraph::new(words, align, start, ends_paragraph);
    passes.iter().find_map(|&pass| {
        if ends_paragraph {
            let (lines, _) = paragraph.best_breaks(widths, pass)?;
            return Some(Settled { lines, next: None });
        }
        let (nodes, active) = paragraph.open_breaks(widths, pass)?;
        let ends_unit = |id: usize| {
            nodes[id]
                .position
                .checked_sub(1)
                .is_some_and(|word| measured.unit_ends[word].is_some())
        };
        let best = lowest_demerits(&nodes, &active)?;
        let settled = words.len() - words.len() / 4;
        let mut path = ancestors(&nodes, best).filter(|&id| ends_unit(id));
        let settled_at = path
            .clone()
            .find(|&id| nodes[id].position <= settled)
            .or_else(|| path.next());
        match settled_at {
            Some(id) => Some(Settled {
                lines: lines_to(&nodes, id),
                next: Some(nodes[id]),
            }),
            // Not one break of the best set ends a unit: the window is set as if the
            // paragraph ended with it.
            None => {
                let ended = Paragraph::new(words, align, start, true);
                let (lines, last) = ended.best_breaks(widths, pass)?;
                Some(Settled {
                    lines,
                    next: Some(last),
                })
            }
        }
    })
}

/// The lines of a window set greedily, for when no pass can set it.
fn settle_greedily(measured: &Measured, widths: LineWidths, start: Start) -> Settled {
    let lines = greedy_from(&measured.words, widths, start);
    let next = (!measured.ends_paragraph).then(|| Node {
        position: lines.last().map_or(0, |line| line.end),
        line: lines.len() + usize::from(start != Start::Paragraph),
        fitness: Fitness::Decent,
        hyphenated: false,
        demerits: 0.0,
        previous: None,
    });
    Settled { lines, next }
}

/// Node `id` and the breaks before it, latest first, without the start of the words.
fn ancestors(nodes: &[Node], id: usize) -> impl Iterator<Item = usize> + Clone + '_ {
    std::iter::successors(Some(id), |&id| nodes[id].previous)
        .filter(|&id| nodes[id].previous.is_some())
}

/// The node among `ids` with the fewest demerits (the first of equals).
fn lowest_demerits(nodes: &[Node], ids: &[usize]) -> Option<usize> {
    ids.iter().copied().min_by(|&a, &b| {
        nodes[a]
            .demerits
            .partial_cmp(&nodes[b].demerits)
            .unwrap_or(std::cmp::Ordering::Equal)
    })
}

/// The measurements of a paragraph the breaker works on, with running sums so the width of
/// any line is found in constant time.
struct Paragraph<'a> {
    words: &'a [WordMetrics],
    /// Sum of word widths of `words[..i]`.
    width: Vec<f32>,
    /// Sum of the widths of the spaces after `words[..i]`.
    glue: Vec<f32>,
    /// Sum of the stretch of the breaks without a space after `words[..i]`.
    stretch: Vec<f32>,
    /// Width of the largest font on the paragraph, for the ragged allowance.
    em: f32,
    /// Where the words start.
    start: Start,
    /// Whether the paragraph ends with the words (else more text follows them).
    ends_paragraph: bool,
}

impl<'a> Paragraph<'a> {
    fn new(words: &'a [WordMetrics], align: Align, start: Start, ends_paragraph: bool) -> Self {
        let mut width = Vec::with_capacity(words.len() + 1);
        let mut glue = Vec::with_capacity(words.len() + 1);
        let mut stretch = Vec::with_capacity(words.len() + 1);
        let (mut w, mut g, mut s) = (0.0, 0.0, 0.0);
        width.push(w);
        glue.push(g);
        stretch.push(s);
        for word in words {
            w += word.width;
            g += word.glue;
            s += word.stretch;
            width.push(w);
            glue.push(g);
            stretch.push(s);
        }
        let em = match align {
            Align::Ragged => words.iter().map(|word| word.size).fold(0.0, f32::max),
            Align::Justify => 0.0,
        };
        Paragraph {
            words,
            width,
            glue,
            stretch,
            em,
            start,
            ends_paragraph,
        }
    }

    /// Whether a line must end after word `i`.
    fn forced(&self, i: usize) -> bool {
        (self.ends_paragraph && i + 1 == self.words.len()) || self.words[i].forced_break
    }

    /// Whether the line before word `i` ended with a forced break.
    fn after_forced_break(&self, i: usize) -> bool {
        match (i.checked_sub(1), self.start) {
            (Some(before), _) => self.words[before].forced_break,
            (None, Start::After { forced_break, .. }) => forced_break,
            (None, Start::Paragraph) => false,
        }
    }

    /// Natural width, stretch and shrink of the line `words[start..end]`. A line with nothing
    /// to stretch (one word) is given the stretch of [`LONE_WORD_STRETCH_EM`], so how loose it
    /// is counts as for any other line.
    fn measure(&self, start: usize, end: usize) -> (f32, f32, f32) {
        let last = &self.words[end - 1];
        let spaces = self.glue[end - 1] - self.glue[start];
        let natural = self.width[end] - self.width[start] + spaces + last.hyphen_width();
        let stretch = spaces * SPACE_STRETCH + (self.stretch[end - 1] - self.stretch[start]);
        let stretch = if stretch > 0.0 {
            stretch
        } else {
            LONE_WORD_STRETCH_EM * last.size.max(1.0)
        };
        (natural, stretch, spaces * SHRINK)
    }

    /// The adjustment ratio of `words[start..end]` on a line `target` points wide: 0 when it
    /// fits as it is, positive when its spaces must stretch, below -1 when it cannot fit.
    fn ratio(&self, start: usize, end: usize, target: f32, align: Align) -> f64 {
        let (natural, stretch, shrink) = self.measure(start, end);
        let ends_paragraph = self.forced(end - 1);
        let (stretch, shrink) = match align {
            Align::Justify => (stretch, shrink),
            Align::Ragged => (RAGGED_STRETCH_EM * self.em, 0.0),
        };
        let slack = f64::from(target - natural);
        if slack.abs() < 0.001 {
            0.0
        } else if slack > 0.0 {
            if ends_paragraph {
                0.0
            } else {
                slack / f64::from(stretch)
            }
        } else if shrink > 0.0 {
            slack / f64::from(shrink)
        } else {
            f64::NEG_INFINITY
        }
    }

    /// The penalty of ending a line after word `i`, and whether that line ends in a hyphen.
    fn penalty(&self, i: usize, align: Align) -> (f64, bool) {
        let word = &self.words[i];
        if self.forced(i) {
            return (0.0, false);
        }
        if word.hyphen.is_none() {
            return (f64::from(word.penalty), false);
        }
        let hyphen = match align {
            Align::Justify => HYPHEN_PENALTY,
            Align::Ragged => RAGGED_HYPHEN_PENALTY,
        };
        (hyphen + f64::from(word.penalty), true)
    }

    /// The lowest-demerit breaks of one pass and the last break, or `None` if the pass finds
    /// no feasible set.
    fn best_breaks(&self, widths: LineWidths, pass: Pass) -> Option<(Vec<Range<usize>>, Node)> {
        let (nodes, active) = self.open_breaks(widths, pass)?;
        let last = lowest_demerits(&nodes, &active)?;
        Some((lines_to(&nodes, last), nodes[last]))
    }

    /// Runs one pass over the words: every break chosen (the start of the words first), and
    /// those from which a line could still go on after the last word. `None` if the pass
    /// finds no feasible set of breaks.
    fn open_breaks(&self, widths: LineWidths, pass: Pass) -> Option<(Vec<Node>, Vec<usize>)> {
        let root = match self.start {
            Start::Paragraph => Node {
                position: 0,
                line: 0,
                fitness: Fitness::Decent,
                hyphenated: false,
                demerits: 0.0,
                previous: None,
            },
            Start::After { node, .. } => Node {
                position: 0,
                previous: None,
                ..node
            },
        };
        let mut nodes = vec![root];
        let mut active: Vec<usize> = vec![0];
        for end in 1..=self.words.len() {
            let forced = self.forced(end - 1);
            let (penalty, hyphenated) = self.penalty(end - 1, pass.align);
            let mut best: [Option<Candidate>; 4] = [None; 4];
            active.retain(|&id| {
                let node = &nodes[id];
                let target = if node.line == 0 {
                    widths.first
                } else {
                    widths.rest
                };
                let ratio = self.ratio(node.position, end, target, pass.align);
                if ratio < -1.0 {
                    return false;
                }
                let last = self.ends_paragraph && end == self.words.len();
                // A last line after a forced break is short because the text says so.
                let short_last = last
                    && node.line > 0
                    && !self.after_forced_break(node.position)
                    && self.measure(node.position, end).0 < SHORT_LAST_LINE * target;
                // A strict pass takes no runt; the emergency pass only charges for one.
                let allowed = match pass.tolerance {
                    Some(tolerance) => ratio <= tolerance && !short_last,
                    None => true,
                };
                if allowed {
                    let line = Line {
                        ratio,
                        penalty,
                        hyphenated,
                        last,
                        short_last,
                    };
                    let candidate = line.candidate(id, node, pass.align);
                    let slot = &mut best[candidate.fitness as usize];
                    if slot.is_none_or(|old| candidate.demerits < old.demerits) {
                        *slot = Some(candidate);
                    }
                }
                !forced
            });
            for candidate in best.into_iter().flatten() {
                active.push(nodes.len());
                nodes.push(Node {
                    position: end,
                    line: nodes[candidate.from].line + 1,
                    fitness: candidate.fitness,
                    hyphenated,
                    demerits: candidate.demerits,
                    previous: Some(candidate.from),
                });
            }
            if active.is_empty() {
                return None;
            }
        }
        Some((nodes, active))
    }
}

/// The ranges of the lines ending at node `last`, first line first.
fn lines_to(nodes: &[Node], last: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut current = last;
    while let Some(previous) = nodes[current].previous {
        lines.push(nodes[previous].position..nodes[current].position);
        current = previous;
    }
    lines.reverse();
    lines
}

/// A chosen break: the end of a line in the best paragraph found so far that ends there.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Node {
    /// Index of the first word after the break.
    position: usize,
    /// Number of lines before the break (0 only at the start of the paragraph).
    line: usize,
    /// Fitness class of the line ending at the break.
    fitness: Fitness,
    /// Whether that line ends in a hyphen.
    hyphenated: bool,
    /// Total demerits of the lines up to the break.
    demerits: f64,
    /// The break before, `None` for the start of the paragraph.
    previous: Option<usize>,
}

/// How tight a line's spacing is; neighbouring lines more than one class apart look uneven.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fitness {
    Tight = 0,
    Decent = 1,
    Loose = 2,
    VeryLoose = 3,
}

impl Fitness {
    fn of(ratio: f64) -> Fitness {
        if ratio < -0.5 {
            Fitness::Tight
        } else if ratio <= 0.5 {
            Fitness::Decent
        } else if ratio <= 1.0 {
            Fitness::Loose
        } else {
            Fitness::VeryLoose
        }
    }
}

/// One possible line, as scored.
struct Line {
    ratio: f64,
    penalty: f64,
    hyphenated: bool,
    last: bool,
    /// Whether this is a paragraph's last line, under [`SHORT_LAST_LINE`] of the width.
    short_last: bool,
}

/// The best way found to end a line at some break, for one fitness class.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    from: usize,
    fitness: Fitness,
    demerits: f64,
}

impl Line {
    /// Badness: 100 |r|³, as in TeX, but not capped.
    fn badness(&self) -> f64 {
        100.0 * self.ratio.abs().powi(3)
    }

    /// The candidate this line makes when it follows node `id`.
    fn candidate(&self, id: usize, node: &Node, align: Align) -> Candidate {
        let base = LINE_PENALTY + self.badness();
        let mut demerits = base * base + self.penalty * self.penalty;
        if self.hyphenated && node.hyphenated {
            demerits += DOUBLE_HYPHEN_DEMERITS;
        }
        if self.last && node.hyphenated {
            demerits += FINAL_HYPHEN_DEMERITS;
        }
        if self.short_last {
            demerits += SHORT_LAST_LINE_DEMERITS;
        }
        let fitness = Fitness::of(self.ratio);
        let jump = (fitness as i8 - node.fitness as i8).abs();
        // The first line of a paragraph has no line before it to differ from.
        if align == Align::Justify && jump > 1 && node.line > 0 {
            demerits += ADJACENT_DEMERITS;
        }
        Candidate {
            from: id,
            fitness,
            demerits: node.demerits + demerits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` words 11 to 44 pt wide (two to eight letters) from a fixed seed, with 3.25 pt
    /// spaces: prose as the breaker sees it. The widths are multiples of 1/64 pt, so the sums
    /// the breaker makes are exact wherever it starts them, and they vary enough that no two
    /// sets of breaks tie.
    fn prose(count: usize) -> Vec<WordMetrics> {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        (0..count)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let sixty_fourths = 704 + (state >> 33) % 2_113;
                WordMetrics {
                    width: sixty_fourths as f32 / 64.0,
                    glue: 3.25,
                    hyphen: None,
                    forced_break: false,
                    size: 11.0,
                    stretch: 0.0,
                    penalty: 0.0,
                }
            })
            .collect()
    }

    /// Hands a paragraph's words to [`break_in_windows`], each word a unit, and records what
    /// it was asked for.
    struct Recorder<'a> {
        words: &'a [WordMetrics],
        /// Where the words last measured start.
        offset: usize,
        /// The lines taken, in the paragraph's word indices.
        lines: Vec<Range<usize>>,
        ended: bool,
        /// Where each call of `measure` started, and how many words it measured.
        measured: Vec<(usize, usize)>,
    }

    impl<'a> Recorder<'a> {
        fn new(words: &'a [WordMetrics]) -> Self {
            Recorder {
                words,
                offset: 0,
                lines: Vec::new(),
                ended: false,
                measured: Vec::new(),
            }
        }
    }

    impl Windows for Recorder<'_> {
        fn measure(&mut self, from: usize, count: usize, _hyphenate: bool) -> Measured {
            let end = (from + count).min(self.words.len());
            self.offset = from;
            self.measured.push((from, end - from));
            Measured {
                words: self.words[from..end].to_vec(),
                unit_ends: (from..end).map(Some).collect(),
                ends_paragraph: end == self.words.len(),
            }
        }

        fn take_lines(&mut self, lines: &[Range<usize>], ends_paragraph: bool) {
            assert!(!self.ended, "lines after the paragraph's last");
            let offset = self.offset;
            self.lines.extend(
                lines
                    .iter()
                    .map(|line| line.start + offset..line.end + offset),
            );
            self.ended = ends_paragraph;
        }
    }

    const WIDTHS: LineWidths = LineWidths {
        first: 400.0,
        rest: 420.0,
    };

    fn windowed(words: &[WordMetrics], align: Align, window: usize) -> Recorder<'_> {
        let mut recorder = Recorder::new(words);
        break_in_windows(&mut recorder, WIDTHS, align, window);
        assert!(recorder.ended, "the paragraph's last line is marked");
        recorder
    }

    fn whole(words: &[WordMetrics], align: Align) -> Vec<Range<usize>> {
        strict_fit(words, WIDTHS, align)
            .or_else(|| total_fit(words, WIDTHS, align))
            .expect("breaks")
    }

    #[test]
    fn a_paragraph_within_one_window_is_broken_whole() {
        let mut words = prose(600);
        words[250].forced_break = true;
        for align in [Align::Justify, Align::Ragged] {
            let recorder = windowed(&words, align, WINDOW_UNITS);
            assert!(recorder
                .measured
                .iter()
                .all(|&(from, count)| (from, count) == (0, 600)));
            assert_eq!(recorder.lines, whole(&words, align), "{align:?}");
        }
    }

    /// The adjustment ratio of each line but the last, set justified (summed afresh for each
    /// line: running sums over a whole huge paragraph would round).
    fn ratios(words: &[WordMetrics], lines: &[Range<usize>]) -> Vec<f64> {
        let inner = &lines[..lines.len().saturating_sub(1)];
        inner
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let target = if i == 0 { WIDTHS.first } else { WIDTHS.rest };
                let line = &words[line.clone()];
                let spaces: f64 = line[..line.len() - 1]
                    .iter()
                    .map(|w| f64::from(w.glue))
                    .sum();
                let natural = line.iter().map(|w| f64::from(w.width)).sum::<f64>() + spaces;
                let slack = f64::from(target) - natural;
                let give = if slack > 0.0 { SPACE_STRETCH } else { SHRINK };
                slack / (spaces * f64::from(give))
            })
            .collect()
    }

    /// Checks that `lines` set all of `words` in order, none of them overfull, and returns
    /// how many are looser than the strict tolerance.
    fn loose_lines(words: &[WordMetrics], lines: &[Range<usize>]) -> usize {
        assert_eq!(lines.first().map(|line| line.start), Some(0));
        assert_eq!(lines.last().map(|line| line.end), Some(words.len()));
        assert!(lines.windows(2).all(|pair| pair[0].end == pair[1].start));
        let ratios = ratios(words, lines);
        assert!(
            ratios.iter().all(|&ratio| ratio >= -1.0001),
            "an overfull line"
        );
        ratios
            .iter()
            .filter(|&&ratio| ratio > TOLERANCE + 0.0001)
            .count()
    }

    #[test]
    fn windows_set_a_long_paragraph_as_well_as_breaking_it_whole() {
        let words = prose(20_000);
        let at_once = whole(&words, Align::Justify);
        let recorder = windowed(&words, Align::Justify, 500);
        assert!(recorder.measured.len() >= 50, "{:?}", recorder.measured);
        // Hardly more loose lines (the last window, which must avoid a runt from where the one
        // before left off, may need one), about as many lines, about as evenly spaced.
        let loose = loose_lines(&words, &recorder.lines);
        assert!(
            loose <= loose_lines(&words, &at_once) + 1,
            "{loose} loose lines"
        );
        let count = |lines: &[Range<usize>]| lines.len() as f64;
        let (lines, lines_at_once) = (count(&recorder.lines), count(&at_once));
        assert!(
            (lines - lines_at_once).abs() <= lines_at_once / 200.0,
            "{lines} lines, {lines_at_once}"
        );
        let mean = |ratios: Vec<f64>| ratios.iter().sum::<f64>() / ratios.len() as f64;
        let spacing = mean(ratios(&words, &recorder.lines));
        let spacing_at_once = mean(ratios(&words, &at_once));
        assert!(
            (spacing - spacing_at_once).abs() < 0.02,
            "mean ratio {spacing}, {spacing_at_once}"
        );
    }

    #[test]
    fn a_huge_paragraph_is_broken_a_window_at_a_time() {
        let words = prose(300_000);
        let recorder = windowed(&words, Align::Justify, WINDOW_UNITS);
        loose_lines(&words, &recorder.lines);
        // No window is larger than the limit, windows go forward, and each word is measured
        // at most once more when a window starts before the end of the last one.
        let measured = &recorder.measured;
        assert!(measured.iter().all(|&(_, count)| count <= WINDOW_UNITS));
        assert!(measured.windows(2).all(|pair| pair[0].0 <= pair[1].0));
        let total: usize = measured.iter().map(|&(_, count)| count).sum();
        assert!(
            total <= words.len() * 4 / 3 + WINDOW_UNITS,
            "{total} words measured"
        );
    }
}
