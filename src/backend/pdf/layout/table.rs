//! Tables: a grid. Each cell is set in its column (or the columns it spans), cells of a row
//! sit side by side, header cells are bold, and thin rules run above, below the header rows,
//! above the footer rows, and below. A cell's paragraphs and list items each start a line of
//! their own; a column of numbers is set flush right.
//!
//! Columns take their natural width when the table fits; a long table breaks between rows
//! (a row is never split), and the header rows are repeated at the top of every page the
//! table continues on ([`Flow::RepeatHeader`]). The footer rows come after the body rows.
//!
//! A right-to-left table (most of its cells read right to left) is mirrored: it stands at the
//! right of the column, its first column at the right, and its cells' text at their right.

use crate::document::{inlines_text, Block, ColumnAlign, GridCell, Inline, Table, TablePart};

use super::super::hyphenate::Hyphenation;
use super::super::knuth_plass::{Align, LineWidths};
use super::super::lines::{
    break_lines, natural_width, set_line, split_overwide, words, SetLine, Whitespace, Word,
};
use super::{list_marker, Builder, Flow, Frame};

/// A cell set in its place: its first column and how many it covers, its words and how its
/// lines are aligned.
struct Placed {
    column: usize,
    columns: usize,
    rows: usize,
    align: ColumnAlign,
    words: Vec<Word>,
}

/// The lines of a cell that spans rows, still to be set in the rows it covers.
struct Pending {
    x: f32,
    lines: std::collections::VecDeque<SetLine>,
    /// Rows it still covers, this one included.
    rows: usize,
}

impl Builder<'_> {
    /// A caption, a rule, the header rows and a rule under them, the body rows, a rule and
    /// the footer rows, and a closing rule.
    pub(super) fn table(&mut self, table: &Table, frame: Frame) {
        let t = &self.style.table;
        let size = self.em(t.size).min(frame.size);
        let (gap, row_spacing, thickness) = (
            self.em(t.column_gap_em),
            self.em(t.row_spacing_em),
            t.rule_thickness_pt,
        );
        let (grid, columns) = table.grid();
        if columns == 0 {
            return;
        }
        self.space(self.block_spacing(frame));
        if !inlines_text(&table.caption).trim().is_empty() {
            self.caption(&table.caption, frame, size, true);
            self.space(self.em(0.3));
        }
        let available = self.geometry.text_width() - frame.left - frame.right;
        let mut cell_frame = Frame { size, ..frame };
        let mut rows = self.place_rows(&grid, table, cell_frame, Hyphenation::Off);
        // A table too wide for its longest words is set smaller (to three quarters of its
        // size at most), then hyphenated by its language, before any word is cut elsewhere.
        let gaps = gap * (columns as f32 - 1.0);
        let wanted = longest_words_width(&rows, columns, gap) + gaps;
        if wanted > available {
            let smaller =
                (size * (available - gaps) / (wanted - gaps)).max(size * SMALLEST_TABLE_SIZE);
            if smaller < size - 0.1 {
                cell_frame.size = smaller;
                rows = self.place_rows(&grid, table, cell_frame, Hyphenation::Off);
            }
            if longest_words_width(&rows, columns, gap) + gaps > available {
                rows = self.place_rows(&grid, table, cell_frame, self.hyphenation);
            }
        }
        let widths = column_widths(&rows, columns, available, gap);
        let table_width = widths.iter().sum::<f32>() + gap * (columns as f32 - 1.0);
        let rtl = reads_right_to_left(&rows);
        let frame = if rtl {
            Frame {
                left: frame.left + (available - table_width).max(0.0),
                ..frame
            }
        } else {
            frame
        };
        let cell_frame = Frame {
            left: frame.left,
            ..cell_frame
        };
        let columns = Columns {
            widths: &widths,
            gap,
            rtl,
        };
        self.push_rule(frame.left, table_width, thickness);
        let start = self.flow.len() - 1;
        self.space(row_spacing);
        let parts: Vec<TablePart> = table.rows().map(|(part, _)| part).collect();
        let mut pending: Vec<Pending> = Vec::new();
        let mut previous = None;
        for (index, (row, part)) in rows.into_iter().zip(parts).enumerate() {
            if part == TablePart::Foot && previous != Some(TablePart::Foot) && index > 0 {
                self.push_rule(frame.left, table_width, thickness);
                self.space(row_spacing);
            }
            previous = Some(part);
            let header = part == TablePart::Head;
            self.table_row(row, &mut pending, columns, cell_frame, header);
            self.space(row_spacing);
            let last_head = header && index + 1 == table.head.len();
            if last_head {
                self.push_rule(frame.left, table_width, thickness);
                self.space(row_spacing);
                if table.body.len() + table.foot.len() > 0 {
                    let repeated = self.flow[start..].to_vec();
                    self.flow.push(Flow::RepeatHeader(repeated));
                }
            }
        }
        if !table.head.is_empty() && table.body.len() + table.foot.len() > 0 {
            self.flow.push(Flow::EndRepeat);
        }
        self.push_rule(frame.left, table_width, thickness);
        self.space(self.block_spacing(frame));
    }

    /// Every cell of the grid placed, by row.
    fn place_rows(
        &self,
        grid: &[GridCell<'_>],
        table: &Table,
        frame: Frame,
        hyphenation: Hyphenation<'_>,
    ) -> Vec<Vec<Placed>> {
        let mut rows: Vec<Vec<Placed>> = (0..table.row_count()).map(|_| Vec::new()).collect();
        for placed in grid {
            let cell = self.place(placed, table, frame, hyphenation);
            if let Some(row) = rows.get_mut(placed.row) {
                row.push(cell);
            }
        }
        rows
    }

    /// A cell's words (cut at the hyphenation points `hyphenation` gives), column and
    /// alignment.
    fn place(
        &self,
        placed: &GridCell<'_>,
        table: &Table,
        frame: Frame,
        hyphenation: Hyphenation<'_>,
    ) -> Placed {
        let mut content = Vec::new();
        cell_inlines(&placed.cell.blocks, &mut content);
        let spans = self.spans(&content, frame, placed.cell.header);
        let align = if placed.columns == 1 {
            table.align(placed.column)
        } else {
            ColumnAlign::Auto
        };
        Placed {
            column: placed.column,
            columns: placed.columns,
            rows: placed.rows,
            align,
            words: words(&spans, Whitespace::Collapse, hyphenation, self.fonts),
        }
    }

    /// Sets each cell in its columns and merges the cells' lines side by side. The lines of
    /// a row stay on one page; a header row also stays with the row after it. A cell that
    /// spans rows fills the lines of the rows it covers, and its last row is as tall as
    /// what is left of it.
    fn table_row(
        &mut self,
        cells: Vec<Placed>,
        pending: &mut Vec<Pending>,
        columns: Columns<'_>,
        frame: Frame,
        header: bool,
    ) {
        let Columns { widths, gap, rtl } = columns;
        let table_width = widths.iter().sum::<f32>() + gap * (widths.len() as f32 - 1.0);
        let mut own: Vec<(f32, Vec<SetLine>)> = Vec::new();
        // The notes whose marks are in the row go with its first line (a row is never split).
        let notes = self.notes_of(
            cells
                .iter()
                .flat_map(|cell| &cell.words)
                .flat_map(|word| &word.pieces)
                .map(|piece| &piece.style),
        );
        let mut notes = Some(notes);
        for cell in cells {
            let end = (cell.column + cell.columns).min(widths.len());
            let width: f32 = widths[cell.column.min(end)..end].iter().sum::<f32>()
                + gap * (cell.columns - 1) as f32;
            let from_start: f32 = widths[..cell.column].iter().map(|w| w + gap).sum();
            let x = if rtl {
                (table_width - from_start - width).max(0.0)
            } else {
                from_start
            };
            let words = split_overwide(cell.words, width, self.fonts);
            let ranges = break_lines(
                &words,
                LineWidths {
                    first: width,
                    rest: width,
                },
                Align::Ragged,
            );
            let lines: Vec<(f32, SetLine)> = ranges
                .into_iter()
                .map(|range| {
                    let line = set_line(&words[range], None);
                    let shift = match cell.align {
                        ColumnAlign::Right => (width - line.width).max(0.0),
                        ColumnAlign::Center => ((width - line.width) / 2.0).max(0.0),
                        ColumnAlign::Auto if rtl => (width - line.width).max(0.0),
                        ColumnAlign::Auto | ColumnAlign::Left => 0.0,
                    };
                    (x + shift, line)
                })
                .collect();
            if cell.rows > 1 {
                pending.push(Pending {
                    x,
                    lines: lines
                        .into_iter()
                        .map(|(at, line)| {
                            let mut placed = SetLine::default();
                            placed.overlay(line, at - x);
                            placed
                        })
                        .collect(),
                    rows: cell.rows,
                });
            } else {
                let mut set = Vec::new();
                for (at, line) in lines {
                    let mut placed = SetLine::default();
                    placed.overlay(line, at - x);
                    set.push(placed);
                }
                own.push((x, set));
            }
        }
        let count = own
            .iter()
            .map(|(_, lines)| lines.len())
            .chain(
                pending
                    .iter()
                    .filter(|p| p.rows == 1)
                    .map(|p| p.lines.len()),
            )
            .max()
            .unwrap_or(0)
            .max(1);
        let mut merged: Vec<SetLine> = (0..count).map(|_| SetLine::default()).collect();
        // In reading order: the cells by their place, from the start of the row.
        let mut pieces: Vec<(f32, Vec<SetLine>)> = own;
        for spanning in pending.iter_mut() {
            let take = spanning.lines.len().min(count);
            pieces.push((spanning.x, spanning.lines.drain(..take).collect()));
            spanning.rows -= 1;
        }
        pending.retain(|p| p.rows > 0);
        pieces.sort_by(|a, b| a.0.total_cmp(&b.0));
        if rtl {
            pieces.reverse();
        }
        for (x, lines) in pieces {
            for (i, line) in lines.into_iter().enumerate() {
                merged[i].overlay(line, x);
            }
        }
        for (i, line) in merged.into_iter().enumerate() {
            let keep = header || i + 1 < count;
            let leading = self.style.text.leading;
            let notes = notes.take().unwrap_or_default();
            self.push_noted_line(frame.left, line, frame.size, leading, keep, notes);
        }
    }
}

/// The column widths of a table, the gap between columns, and whether the first column is at
/// the right.
#[derive(Clone, Copy)]
struct Columns<'a> {
    widths: &'a [f32],
    gap: f32,
    rtl: bool,
}

/// Whether a table reads right to left: more of its cells with letters are right-to-left
/// paragraphs than left-to-right ones.
fn reads_right_to_left(rows: &[Vec<Placed>]) -> bool {
    let (mut rtl, mut ltr) = (0, 0);
    for cell in rows.iter().flatten() {
        match cell.words.first() {
            Some(word) if word.rtl => rtl += 1,
            Some(_) if cell_has_letters(cell) => ltr += 1,
            _ => {}
        }
    }
    rtl > ltr
}

/// Whether a cell has a letter (numbers and marks alone have no direction of their own).
fn cell_has_letters(cell: &Placed) -> bool {
    cell.words
        .iter()
        .flat_map(|word| &word.pieces)
        .any(|piece| piece.text().chars().any(char::is_alphabetic))
}

/// The inlines of a cell's blocks, each paragraph, list item, term and line of code on a
/// line of its own, list items after their marker.
fn cell_inlines(blocks: &[Block], out: &mut Vec<Inline>) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                push_line(out, content.clone())
            }
            Block::Figure { image, caption } => {
                push_line(
                    out,
                    vec![Inline::Image {
                        image: image.clone(),
                    }],
                );
                push_line(out, caption.clone());
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                for (number, item) in (*start as usize..).zip(items) {
                    let mut content = vec![Inline::text(format!(
                        "{} ",
                        list_marker(*ordered, 0, number)
                    ))];
                    let mut item_inlines = Vec::new();
                    cell_inlines(item, &mut item_inlines);
                    content.extend(item_inlines);
                    push_line(out, content);
                }
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                cell_inlines(blocks, out);
                if !inlines_text(attribution).trim().is_empty() {
                    let mut content = vec![Inline::text("— ")];
                    content.extend(attribution.iter().cloned());
                    push_line(out, content);
                }
            }
            Block::Code { text, .. } => {
                for line in text.lines() {
                    push_line(
                        out,
                        vec![Inline::Code {
                            text: line.to_string(),
                        }],
                    );
                }
            }
            Block::DefinitionList { .. } | Block::Table(_) | Block::Notes { .. } => {
                block.for_each_inlines(&mut |content| push_line(out, content.to_vec()));
            }
            Block::Rule => {}
        }
    }
}

/// Adds `content` to `out` on a line of its own.
fn push_line(out: &mut Vec<Inline>, content: Vec<Inline>) {
    if inlines_text(&content).trim().is_empty() && !crate::document::has_image(&content) {
        return;
    }
    if !out.is_empty() && !matches!(out.last(), Some(Inline::LineBreak)) {
        out.push(Inline::LineBreak);
    }
    out.extend(content);
}

/// The smallest a wide table's text is set, as a share of its usual size.
const SMALLEST_TABLE_SIZE: f32 = 0.75;

/// The width the columns need so that no word breaks: the sum of each column's longest word.
fn longest_words_width(rows: &[Vec<Placed>], columns: usize, gap: f32) -> f32 {
    needed_widths(rows, columns, f32::INFINITY, gap)
        .1
        .iter()
        .sum()
}

/// Column widths for a table: natural widths when they fit, otherwise each column gets at
/// least its longest word (when all the longest words fit side by side; else each column at
/// most its share of the room) and the rest is shared by how much text it holds. A cell
/// spanning columns widens them evenly when they are too narrow for it.
fn column_widths(rows: &[Vec<Placed>], columns: usize, available: f32, gap: f32) -> Vec<f32> {
    let room = (available - gap * (columns as f32 - 1.0)).max(columns as f32);
    let (natural, longest) = needed_widths(rows, columns, f32::INFINITY, gap);
    let minimum = if longest.iter().sum::<f32>() <= room {
        longest
    } else {
        needed_widths(rows, columns, room, gap).1
    };
    let natural_total: f32 = natural.iter().sum();
    if natural_total <= room {
        return natural.into_iter().map(|w| w.max(1.0)).collect();
    }
    let minimum_total: f32 = minimum.iter().sum();
    if minimum_total >= room {
        return minimum
            .iter()
            .map(|w| (w * room / minimum_total).max(1.0))
            .collect();
    }
    let extra_wanted: f32 = natural.iter().zip(&minimum).map(|(n, m)| n - m).sum();
    let extra = room - minimum_total;
    natural
        .iter()
        .zip(&minimum)
        .map(|(n, m)| (m + (n - m) * extra / extra_wanted.max(f32::EPSILON)).max(1.0))
        .collect()
}

/// Each column's natural width (its widest line unbroken) and the width of its longest word,
/// no wider than its share of `room` (pass infinity for no limit). Cells spanning columns widen
/// the columns they span evenly when those are too narrow for them.
fn needed_widths(
    rows: &[Vec<Placed>],
    columns: usize,
    room: f32,
    gap: f32,
) -> (Vec<f32>, Vec<f32>) {
    let mut natural = vec![0.0_f32; columns];
    let mut minimum = vec![0.0_f32; columns];
    let needs = |cell: &Placed| {
        let longest = cell.words.iter().map(|w| w.width).fold(0.0, f32::max);
        // The widest of the cell's lines: its paragraphs and list items each start one.
        let widest = cell
            .words
            .split_inclusive(|word| word.forced_break)
            .map(natural_width)
            .fold(0.0, f32::max);
        (widest, longest)
    };
    for cell in rows.iter().flatten().filter(|cell| cell.columns == 1) {
        let (width, longest) = needs(cell);
        let c = cell.column.min(columns - 1);
        natural[c] = natural[c].max(width);
        minimum[c] = minimum[c].max(longest.min(room / columns as f32));
    }
    for cell in rows.iter().flatten().filter(|cell| cell.columns > 1) {
        let (width, longest) = needs(cell);
        let range = cell.column.min(columns)..(cell.column + cell.columns).min(columns);
        let count = range.len().max(1) as f32;
        let inner_gaps = gap * (count - 1.0);
        for (widths, wanted) in [
            (&mut natural, width),
            (&mut minimum, longest.min(room * count / columns as f32)),
        ] {
            let have: f32 = widths[range.clone()].iter().sum::<f32>() + inner_gaps;
            if wanted > have {
                let more = (wanted - have) / count;
                widths[range.clone()].iter_mut().for_each(|w| *w += more);
            }
        }
    }
    (natural, minimum)
}
