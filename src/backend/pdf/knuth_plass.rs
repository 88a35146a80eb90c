//! Total-fit line breaking (Knuth and Plass, "Breaking paragraphs into lines", 1981).
//!
//! A paragraph is a row of measured words. The end of every word is a place a line may end:
//! after a space (the space is dropped), at a hyphenation point (a hyphen is drawn and the
//! line pays a penalty), after a dash or slash (nothing is added), or at a forced break. Each
//! possible line gets an adjustment ratio (how far its spaces must stretch or shrink to fill
//! the width, in units of their stretchability), a badness from it, and demerits from the
//! badness and penalties; the breaker picks the breaks whose lines add up to the fewest
//! demerits over the whole paragraph. Dynamic programming over "active" breaks (those from
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
//! As in TeX, a paragraph is first tried without hyphenation ([`strict_fit`]); only when that
//! finds no good set of breaks are its words hyphenated and [`total_fit`] run on them.
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

/// How much a space may stretch, as a fraction of its width.
const STRETCH: f32 = 0.5;
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
/// Badness of a line that must stretch but has nothing to stretch (one word on a line).
const UNDERFULL_BADNESS: f64 = 1.0e7;

/// What the breaker chooses between in one pass.
#[derive(Debug, Clone, Copy)]
struct Pass {
    align: Align,
    /// Largest adjustment ratio allowed; `None` allows any underfull line.
    tolerance: Option<f64>,
}

/// Breaks `words` into lines of the given widths with the fewest total demerits, all within
/// the strict tolerance (no loose justified line, no short ragged one), or `None` when no set
/// of breaks is that good.
pub fn strict_fit(
    words: &[WordMetrics],
    widths: LineWidths,
    align: Align,
) -> Option<Vec<Range<usize>>> {
    if words.is_empty() {
        return Some(Vec::new());
    }
    let tolerance = match align {
        Align::Justify => TOLERANCE,
        Align::Ragged => RAGGED_TOLERANCE,
    };
    let pass = Pass {
        align,
        tolerance: Some(tolerance),
    };
    Paragraph::new(words, align).best_breaks(widths, pass)
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
    let paragraph = Paragraph::new(words, align);
    let passes: &[Pass] = match align {
        Align::Justify => &[
            Pass {
                align,
                tolerance: Some(TOLERANCE),
            },
            Pass {
                align,
                tolerance: None,
            },
        ],
        Align::Ragged => &[Pass {
            align,
            tolerance: None,
        }],
    };
    passes
        .iter()
        .find_map(|pass| paragraph.best_breaks(widths, *pass))
}

/// The measurements of a paragraph the breaker works on, with running sums so the width of
/// any line is found in constant time.
struct Paragraph<'a> {
    words: &'a [WordMetrics],
    /// Sum of word widths of `words[..i]`.
    width: Vec<f32>,
    /// Sum of the widths of the spaces after `words[..i]`.
    glue: Vec<f32>,
    /// Width of the largest font on the paragraph, for the ragged allowance.
    em: f32,
}

impl<'a> Paragraph<'a> {
    fn new(words: &'a [WordMetrics], align: Align) -> Self {
        let mut width = Vec::with_capacity(words.len() + 1);
        let mut glue = Vec::with_capacity(words.len() + 1);
        let (mut w, mut g) = (0.0, 0.0);
        width.push(w);
        glue.push(g);
        for word in words {
            w += word.width;
            g += word.glue;
            width.push(w);
            glue.push(g);
        }
        let em = match align {
            Align::Ragged => words.iter().map(|word| word.size).fold(0.0, f32::max),
            Align::Justify => 0.0,
        };
        Paragraph {
            words,
            width,
            glue,
            em,
        }
    }

    /// Whether a line must end after word `i`.
    fn forced(&self, i: usize) -> bool {
        i + 1 == self.words.len() || self.words[i].forced_break
    }

    /// Natural width, stretch and shrink of the line `words[start..end]`.
    fn measure(&self, start: usize, end: usize) -> (f32, f32, f32) {
        let last = &self.words[end - 1];
        let spaces = self.glue[end - 1] - self.glue[start];
        let natural = self.width[end] - self.width[start] + spaces + last.hyphen_width();
        (natural, spaces * STRETCH, spaces * SHRINK)
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
            } else if stretch > 0.0 {
                slack / f64::from(stretch)
            } else {
                f64::INFINITY
            }
        } else if shrink > 0.0 {
            slack / f64::from(shrink)
        } else {
            f64::NEG_INFINITY
        }
    }

    /// The penalty of ending a line after word `i`, and whether that line ends in a hyphen.
    fn penalty(&self, i: usize, align: Align) -> (f64, bool) {
        if self.forced(i) || self.words[i].hyphen.is_none() {
            return (0.0, false);
        }
        match align {
            Align::Justify => (HYPHEN_PENALTY, true),
            Align::Ragged => (RAGGED_HYPHEN_PENALTY, true),
        }
    }

    /// The lowest-demerit breaks of one pass, or `None` if the pass finds no feasible set.
    fn best_breaks(&self, widths: LineWidths, pass: Pass) -> Option<Vec<Range<usize>>> {
        let mut nodes = vec![Node {
            position: 0,
            line: 0,
            fitness: Fitness::Decent,
            hyphenated: false,
            demerits: 0.0,
            previous: None,
        }];
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
                let last = end == self.words.len();
                // A last line after a forced break is short because the text says so.
                let short_last = last
                    && node.line > 0
                    && !self.words[node.position - 1].forced_break
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
        let last = active.iter().copied().min_by(|&a, &b| {
            nodes[a]
                .demerits
                .partial_cmp(&nodes[b].demerits)
                .unwrap_or(std::cmp::Ordering::Equal)
        })?;
        Some(lines_to(&nodes, last))
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
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Index of the first word after the break.
    position: usize,
    /// Number of lines before the break.
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
        if self.ratio.is_infinite() {
            UNDERFULL_BADNESS
        } else {
            100.0 * self.ratio.abs().powi(3)
        }
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
        if align == Align::Justify && jump > 1 && node.previous.is_some() {
            demerits += ADJACENT_DEMERITS;
        }
        Candidate {
            from: id,
            fitness,
            demerits: node.demerits + demerits,
        }
    }
}
