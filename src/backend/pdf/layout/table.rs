//! Tables: a simple grid. Each cell is set in its column, cells of a row sit side by side,
//! header cells are bold, and thin rules run above, below the header row, and below.
//!
//! Columns take their natural width when the table fits; a long table breaks between rows
//! (a row is never split), and a header row at the top is repeated on every page the table
//! continues on ([`Flow::RepeatHeader`]).

use crate::document::{inlines_text, Inline, TableRow};

use super::super::hyphenate::Hyphenation;
use super::super::knuth_plass::{Align, LineWidths};
use super::super::lines::{
    break_lines, natural_width, set_line, split_overwide, words, SetLine, Whitespace, Word,
};
use super::{Builder, Flow, Frame};

impl Builder<'_> {
    /// A caption, a rule, the rows (with a rule under a header row), and a closing rule.
    pub(super) fn table(&mut self, caption: &[Inline], rows: &[TableRow], frame: Frame) {
        let t = &self.style.table;
        let size = self.em(t.size).min(frame.size);
        let (gap, row_spacing, thickness) = (
            self.em(t.column_gap_em),
            self.em(t.row_spacing_em),
            t.rule_thickness_pt,
        );
        let columns = rows.iter().map(|row| row.cells.len()).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        self.space(self.block_spacing(frame));
        if !inlines_text(caption).trim().is_empty() {
            self.caption(caption, frame, size, true);
            self.space(self.em(0.3));
        }
        let cell_frame = Frame { size, ..frame };
        let cells: Vec<Vec<Vec<Word>>> = rows
            .iter()
            .map(|row| {
                row.cells
                    .iter()
                    .map(|cell| {
                        let spans = self.spans(&cell.content, cell_frame, cell.header);
                        words(&spans, Whitespace::Collapse, Hyphenation::Off, self.fonts)
                    })
                    .collect()
            })
            .collect();
        let available = self.geometry.text_width() - frame.left - frame.right;
        let widths = column_widths(&cells, columns, available, gap);
        let table_width = widths.iter().sum::<f32>() + gap * (columns as f32 - 1.0);
        self.push_rule(frame.left, table_width, thickness);
        let start = self.flow.len() - 1;
        self.space(row_spacing);
        let mut repeating = false;
        for (index, (row, row_cells)) in rows.iter().zip(cells).enumerate() {
            let header = !row.cells.is_empty() && row.cells.iter().all(|cell| cell.header);
            self.table_row(row_cells, &widths, gap, cell_frame, header);
            self.space(row_spacing);
            if header {
                self.push_rule(frame.left, table_width, thickness);
                self.space(row_spacing);
            }
            if header && index == 0 && rows.len() > 1 {
                let repeated = self.flow[start..].to_vec();
                self.flow.push(Flow::RepeatHeader(repeated));
                repeating = true;
            }
        }
        if repeating {
            self.flow.push(Flow::EndRepeat);
        }
        self.push_rule(frame.left, table_width, thickness);
        self.space(self.block_spacing(frame));
    }

    /// Sets each cell in its column and merges the cells' lines side by side. The lines of a
    /// row stay on one page; a header row also stays with the row after it.
    fn table_row(
        &mut self,
        cells: Vec<Vec<Word>>,
        widths: &[f32],
        gap: f32,
        frame: Frame,
        header: bool,
    ) {
        let mut merged: Vec<SetLine> = Vec::new();
        let mut x = 0.0;
        for (words, &width) in cells.into_iter().zip(widths) {
            let words = split_overwide(words, width, self.fonts);
            let ranges = break_lines(
                &words,
                LineWidths {
                    first: width,
                    rest: width,
                },
                Align::Ragged,
            );
            for (i, range) in ranges.into_iter().enumerate() {
                if merged.len() <= i {
                    merged.push(SetLine::default());
                }
                merged[i].overlay(set_line(&words[range], None), x);
            }
            x += width + gap;
        }
        if merged.is_empty() {
            merged.push(SetLine::default());
        }
        let count = merged.len();
        for (i, line) in merged.into_iter().enumerate() {
            let keep = header || i + 1 < count;
            self.push_line(frame.left, line, frame.size, self.style.text.leading, keep);
        }
    }
}

/// Column widths for a table: natural widths when they fit, otherwise each column gets at
/// least its longest word (within reason) and the rest is shared by how much text it holds.
fn column_widths(cells: &[Vec<Vec<Word>>], columns: usize, available: f32, gap: f32) -> Vec<f32> {
    let room = (available - gap * (columns as f32 - 1.0)).max(columns as f32);
    let mut natural = vec![0.0_f32; columns];
    let mut minimum = vec![0.0_f32; columns];
    for row in cells {
        for (c, words) in row.iter().enumerate() {
            natural[c] = natural[c].max(natural_width(words));
            let longest = words.iter().map(|w| w.width).fold(0.0, f32::max);
            minimum[c] = minimum[c].max(longest.min(room / columns as f32));
        }
    }
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
