//! The document model every stage meets at.
//!
//! Normalizers turn a page into a [`Document`]; backends turn one or more documents (a [`Book`])
//! into bytes. Backends see nothing else: no HTML, no source bytes. The model is deliberately
//! small and plain data: a few kinds of [`Block`] and [`Inline`], and the article's [`Metadata`].
//!
//! The model keeps what changes an article's meaning when it is lost: raised and lowered
//! figures ("km²", "H₂O"), struck and inserted text, inline quotations (whose marks each book
//! sets in the article's language, see [`QuoteMarks`]), highlights, small capitals,
//! abbreviations with their expansion, a quotation's attribution and definition lists. Mere
//! looks (fonts, colours, spacing) are not kept.
//!
//! Footnotes are a pair: an [`Inline::NoteRef`] where the text refers to a note, and the note
//! itself in a [`Block::Notes`] after the article's text, found by its id. Each book shows
//! them its own way (pop-up notes in EPUB, notes at the foot of the page on paper, a list of
//! notes at the end in text).

use serde::Serialize;

/// One normalized article: its metadata and its body.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Document {
    /// What is known about the article (title, byline, date, …).
    pub meta: Metadata,
    /// The article body, in reading order. The title is not repeated here.
    pub blocks: Vec<Block>,
}

/// Facts about an article, gathered by a normalizer from the page or the scrape.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metadata {
    /// The headline. Never empty once a normalizer has run.
    pub title: String,
    /// Authors in the order the page gives them.
    pub authors: Vec<String>,
    /// Publication date in ISO 8601 (`2016-12-15`, or `2016-12-15T10:00:00-05:00` when the
    /// source gives the time and its offset); absent when the source gives no date it can be
    /// read from.
    pub published: Option<String>,
    /// Date of the last change, in ISO 8601 as [`published`](Self::published) is, when the page
    /// gives one.
    pub modified: Option<String>,
    /// The publication's name ("The Daily Example").
    pub site_name: Option<String>,
    /// The section or category the article was filed under ("Diplomacy", "Science").
    pub section: Option<String>,
    /// BCP 47 language tag ("en", "pt-BR"), when the source states or implies one.
    pub language: Option<String>,
    /// Where the article came from (canonical URL when the page gives one).
    pub source_url: Option<String>,
    /// A one- or two-sentence summary.
    pub description: Option<String>,
    /// The article's main picture, if it names one.
    pub lead_image: Option<ImageRef>,
    /// Credit line for the article's photos ("Photo: Jane Roe / Agency").
    pub image_credit: Option<String>,
}

/// A reference to an image: where it is and what it shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImageRef {
    /// The image address, resolved against the page's address when one is known.
    pub src: String,
    /// Alternative text; empty when the page gave none.
    pub alt: String,
}

/// A block-level piece of the article body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A section heading. Level 1 is reserved for the article title, so body headings are 2–6.
    Heading {
        /// 2 to 6, as in HTML.
        level: u8,
        /// The heading's text.
        content: Vec<Inline>,
    },
    /// A paragraph of running text.
    Paragraph {
        /// The paragraph's text.
        content: Vec<Inline>,
    },
    /// A block quotation, which may hold several blocks.
    Quote {
        /// What is quoted.
        blocks: Vec<Block>,
        /// Who or what is quoted ("Ada Lovelace, *Notes*"), shown under the quotation, without
        /// a leading dash (each book sets its own); empty when the page names no one.
        attribution: Vec<Inline>,
    },
    /// A bulleted (`ordered == false`) or numbered list; each item is a list of blocks.
    List {
        /// Numbered rather than bulleted.
        ordered: bool,
        /// The number of a numbered list's first item: 1 unless the page says otherwise
        /// (`<ol start="5">`, a plain-text list that begins at "5."). Bulleted lists keep 1.
        start: u32,
        /// The items, in order; each is one or more blocks.
        items: Vec<Vec<Block>>,
    },
    /// An image with an optional caption and credit.
    Figure {
        /// The picture.
        image: ImageRef,
        /// Its caption (and credit); empty when it has none.
        caption: Vec<Inline>,
    },
    /// A table: header rows, body rows and footer rows of cells (see [`Table`]).
    Table(Table),
    /// Preformatted text (code, poetry laid out with spaces), kept line for line.
    Code {
        /// The programming language, when the page names it.
        language: Option<String>,
        /// The text, line breaks and spaces kept.
        text: String,
    },
    /// A definition list (a glossary, a list of names and values): terms, each with its
    /// descriptions.
    DefinitionList {
        /// The entries, in order.
        items: Vec<Definition>,
    },
    /// A thematic break.
    Rule,
    /// The article's footnotes and endnotes, which the text refers to with
    /// [`Inline::NoteRef`]s: where the page lists them (under its own heading, "References"),
    /// else after the article's text. Books give it a "Notes" heading unless it follows one.
    Notes {
        /// The notes, in the order the page lists them.
        notes: Vec<Note>,
    },
}

/// One footnote or endnote of a [`Block::Notes`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Note {
    /// What the references to this note name it by ([`Inline::NoteRef::id`]); unique within
    /// the article.
    pub id: String,
    /// The note's mark as the page shows it ("1", "a", "*").
    pub label: String,
    /// The note's text, without the page's links back to where it is referred to.
    pub blocks: Vec<Block>,
}

/// One entry of a [`Block::DefinitionList`]: one or more terms and what they mean. A page may
/// give several terms one description (synonyms) or one term several descriptions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Definition {
    /// The terms, each a run of text; none when the page gave descriptions before any term.
    pub terms: Vec<Vec<Inline>>,
    /// The descriptions, each one or more blocks.
    pub descriptions: Vec<Vec<Block>>,
}

/// A table of data, in its three parts as HTML has them: the header rows, the body rows and
/// the footer rows (totals, notes), which every book shows after the body whatever the page's
/// markup order. Cells may span columns and rows (never past their part) and hold blocks.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    /// The table's caption; empty when it has none.
    pub caption: Vec<Inline>,
    /// The header rows (`<thead>`, or rows of header cells atop a table without one).
    pub head: Vec<TableRow>,
    /// The body rows, top to bottom.
    pub body: Vec<TableRow>,
    /// The footer rows (`<tfoot>`), shown after the body.
    pub foot: Vec<TableRow>,
    /// How each column's cells are aligned, by column of the grid ([`Table::grid`]); columns
    /// past the end, and [`ColumnAlign::Auto`] ones, follow the text. The HTML normalizer
    /// sets it from the page's own alignment, and to [`ColumnAlign::Right`] for a column of
    /// numbers (amounts, prices, percentages), so backends need not look at the words.
    pub columns: Vec<ColumnAlign>,
}

/// How the cells of a table column are aligned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnAlign {
    /// As the text runs (left in left-to-right scripts).
    #[default]
    Auto,
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right: numbers, so that their digits line up.
    Right,
}

/// Which part of a [`Table`] a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TablePart {
    /// [`Table::head`].
    Head,
    /// [`Table::body`].
    Body,
    /// [`Table::foot`].
    Foot,
}

/// One row of a [`Table`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TableRow {
    /// The row's cells, left to right.
    pub cells: Vec<TableCell>,
}

/// One cell of a [`TableRow`]. It holds blocks, as an HTML cell does: a cell of several
/// paragraphs or a list keeps them apart, and a plain cell is one paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableCell {
    /// Whether the cell is a header cell (`<th>`).
    pub header: bool,
    /// What a header cell is the header of, when the page says (`scope`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<HeaderScope>,
    /// How many columns the cell covers, 1 or more.
    pub colspan: u32,
    /// How many rows the cell covers, 1 or more, within its part of the table.
    pub rowspan: u32,
    /// The cell's content; empty for an empty cell.
    pub blocks: Vec<Block>,
}

/// What a header cell heads (HTML's `scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderScope {
    /// The rest of its row.
    Row,
    /// The rest of its column.
    Col,
    /// The rest of its row group.
    RowGroup,
    /// The columns it spans, in its column group.
    ColGroup,
}

impl Default for TableCell {
    fn default() -> Self {
        TableCell {
            header: false,
            scope: None,
            colspan: 1,
            rowspan: 1,
            blocks: Vec::new(),
        }
    }
}

impl TableCell {
    /// A cell of one column and one row holding one paragraph of `content` (none when it
    /// is empty).
    pub fn inline(header: bool, content: Vec<Inline>) -> Self {
        let blocks = if content.is_empty() {
            Vec::new()
        } else {
            vec![Block::Paragraph { content }]
        };
        TableCell {
            header,
            blocks,
            ..TableCell::default()
        }
    }
}

/// Where a cell sits in the grid of its table ([`Table::grid`]).
#[derive(Debug, Clone, Copy)]
pub struct GridCell<'a> {
    /// The cell.
    pub cell: &'a TableCell,
    /// Its part of the table.
    pub part: TablePart,
    /// Its row, counting all rows in display order (header, body, footer) from 0.
    pub row: usize,
    /// Its first column, from 0.
    pub column: usize,
    /// How many columns it covers (its span, at least 1).
    pub columns: usize,
    /// How many rows it covers (its span, at least 1, ending with its part).
    pub rows: usize,
}

impl Table {
    /// The rows in display order, each with its part: header, body, footer.
    pub fn rows(&self) -> impl Iterator<Item = (TablePart, &TableRow)> {
        let part = |part: TablePart| move |row| (part, row);
        self.head
            .iter()
            .map(part(TablePart::Head))
            .chain(self.body.iter().map(part(TablePart::Body)))
            .chain(self.foot.iter().map(part(TablePart::Foot)))
    }

    /// Every cell, in display order.
    pub fn cells(&self) -> impl Iterator<Item = &TableCell> {
        self.rows().flat_map(|(_, row)| &row.cells)
    }

    /// The number of rows of all parts.
    pub fn row_count(&self) -> usize {
        self.head.len() + self.body.len() + self.foot.len()
    }

    /// The cells placed in the grid the way HTML places them: each cell takes the first
    /// column of its row not yet covered by a cell spanning down from a row above, and
    /// covers its spans (a row span ends with its part). Also returns the number of columns.
    pub fn grid(&self) -> (Vec<GridCell<'_>>, usize) {
        let mut placed = Vec::new();
        let mut width = 0;
        let mut row_index = 0;
        for (part, rows) in [
            (TablePart::Head, &self.head),
            (TablePart::Body, &self.body),
            (TablePart::Foot, &self.foot),
        ] {
            // For each column, how many more rows of this part a cell above still covers.
            let mut covered: Vec<usize> = Vec::new();
            for (index, row) in rows.iter().enumerate() {
                let left_in_part = rows.len() - index;
                let mut column = 0;
                for cell in &row.cells {
                    while covered.get(column).is_some_and(|&rows| rows > 0) {
                        column += 1;
                    }
                    let columns = cell.colspan.max(1) as usize;
                    let spanned = (cell.rowspan.max(1) as usize).min(left_in_part);
                    if covered.len() < column + columns {
                        covered.resize(column + columns, 0);
                    }
                    for rows in &mut covered[column..column + columns] {
                        *rows = spanned;
                    }
                    placed.push(GridCell {
                        cell,
                        part,
                        row: row_index,
                        column,
                        columns,
                        rows: spanned,
                    });
                    column += columns;
                }
                width = width.max(column).max(covered.len());
                for rows in &mut covered {
                    *rows = rows.saturating_sub(1);
                }
                row_index += 1;
            }
        }
        (placed, width)
    }

    /// The alignment of column `column`.
    pub fn align(&self, column: usize) -> ColumnAlign {
        self.columns.get(column).copied().unwrap_or_default()
    }
}

/// A run of text inside a block.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text, exactly as written (typographic quotes and all).
    Text {
        /// The text.
        text: String,
    },
    /// Emphasised text, usually set in italics.
    Emphasis {
        /// What is emphasised.
        content: Vec<Inline>,
    },
    /// Strongly emphasised text, usually set in bold.
    Strong {
        /// What is emphasised.
        content: Vec<Inline>,
    },
    /// A hyperlink. `href` is absolute when the page's address is known.
    Link {
        /// Where the link goes.
        href: String,
        /// The linked text.
        content: Vec<Inline>,
    },
    /// Inline code, set in a monospace font.
    Code {
        /// The code.
        text: String,
    },
    /// A forced line break inside a block.
    LineBreak,
    /// A picture inside the text: a formula, an icon, a picture in a table cell. Pictures that
    /// stand on their own are [`Block::Figure`]s.
    Image {
        /// The picture.
        image: ImageRef,
    },
    /// Superscript: raised and smaller ("km²", "1st" with a raised "st", a note mark).
    Superscript {
        /// The raised text.
        content: Vec<Inline>,
    },
    /// Subscript: lowered and smaller ("H₂O").
    Subscript {
        /// The lowered text.
        content: Vec<Inline>,
    },
    /// Text marked as removed (struck through): an old price, a corrected claim.
    Deleted {
        /// The removed text.
        content: Vec<Inline>,
    },
    /// Text marked as added later (an update, a correction).
    Inserted {
        /// The added text.
        content: Vec<Inline>,
    },
    /// An inline quotation. The text is without its quotation marks: each book sets them in
    /// the article's language ([`QuoteMarks`]), the inner ones for a quotation inside another.
    Quoted {
        /// What is quoted.
        content: Vec<Inline>,
    },
    /// Highlighted text (`<mark>`): what the page marks as relevant.
    Highlight {
        /// The highlighted text.
        content: Vec<Inline>,
    },
    /// Text in small capitals, as the page sets it (the letters stay as written).
    SmallCaps {
        /// The text.
        content: Vec<Inline>,
    },
    /// An abbreviation with its expansion ("NASA", "National Aeronautics and Space
    /// Administration").
    Abbreviation {
        /// What the abbreviation stands for.
        title: String,
        /// The abbreviation as written.
        content: Vec<Inline>,
    },
    /// Text with its reading or gloss (HTML's `<ruby>`): the reading of Japanese or Chinese
    /// characters (子, read こ), set small above them where a book can, else after them in
    /// parentheses.
    Ruby {
        /// The annotated text (the base).
        content: Vec<Inline>,
        /// The reading or gloss (`<rt>`).
        annotation: String,
    },
    /// A reference to a footnote: the note's mark, raised in the text, pointing at the
    /// [`Note`] of the article's [`Block::Notes`] with the same id.
    NoteRef {
        /// The mark as the page shows it ("1"), without brackets.
        label: String,
        /// The [`Note::id`] of the note referred to.
        id: String,
    },
}

/// What a backend renders: one or more articles, with an optional book title for collections.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Book {
    /// Title of the whole book. `None` for a single article, whose own title is used.
    pub title: Option<String>,
    /// The articles, in the order the user gave them.
    pub articles: Vec<Document>,
}

/// An image file stored inside a book, made by the images stage (`crate::images`) from the
/// articles' [`ImageRef`]s: already loaded, checked, scaled and in a format e-readers show.
/// Backends that embed images read it; it is plain data, like the rest of the model.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EmbeddedImage {
    /// Where the articles name this image: the index of the article in [`Book::articles`] and
    /// the [`ImageRef::src`] as the article gives it. One file can serve several names (the
    /// same picture under two addresses is stored once).
    pub sources: Vec<(usize, String)>,
    /// The file's path inside the book, relative to the pages ("images/img-001.jpg").
    pub file_name: String,
    /// The media type of `bytes`: `image/jpeg` or `image/png`, matching the file extension.
    pub media_type: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The long side of the picture as the page gave it, in pixels, before the images stage
    /// (`--max-image-size`) or a book size limit (see `crate::convert`) scaled it down; 0 when
    /// unknown.
    pub prepared_long_side: u32,
    /// The encoded image.
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

impl EmbeddedImage {
    /// Whether the article at index `article` names this image as `src`.
    pub fn serves(&self, article: usize, src: &str) -> bool {
        self.sources
            .iter()
            .any(|(index, name)| *index == article && name == src)
    }

    /// The long side that decides whether the picture can be the cover: as the page gave it,
    /// so that neither a smaller `--max-image-size` nor fitting a book under a size limit
    /// changes its cover.
    pub fn cover_side(&self) -> u32 {
        self.prepared_long_side.max(self.width).max(self.height)
    }
}

impl Inline {
    /// A plain text run.
    pub fn text(text: impl Into<String>) -> Self {
        Inline::Text { text: text.into() }
    }

    /// The inlines this one wraps (emphasis, a link, a superscript, …); `None` for text,
    /// code, line breaks, pictures and note references.
    pub fn children(&self) -> Option<&Vec<Inline>> {
        match self {
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Deleted { content }
            | Inline::Inserted { content }
            | Inline::Quoted { content }
            | Inline::Highlight { content }
            | Inline::SmallCaps { content }
            | Inline::Abbreviation { content, .. }
            | Inline::Ruby { content, .. } => Some(content),
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::LineBreak
            | Inline::Image { .. }
            | Inline::NoteRef { .. } => None,
        }
    }

    /// [`Inline::children`], to change them.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Deleted { content }
            | Inline::Inserted { content }
            | Inline::Quoted { content }
            | Inline::Highlight { content }
            | Inline::SmallCaps { content }
            | Inline::Abbreviation { content, .. }
            | Inline::Ruby { content, .. } => Some(content),
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::LineBreak
            | Inline::Image { .. }
            | Inline::NoteRef { .. } => None,
        }
    }
}

/// The quotation marks of a language: the outer pair, and the inner pair for a quotation
/// inside a quotation. Each mark carries the space the language sets inside it (French puts a
/// no-break space inside its guillemets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteMarks {
    /// Opens a quotation.
    pub open: &'static str,
    /// Closes a quotation.
    pub close: &'static str,
    /// Opens a quotation inside a quotation.
    pub inner_open: &'static str,
    /// Closes a quotation inside a quotation.
    pub inner_close: &'static str,
}

/// Quotation marks by language (the primary subtag of a BCP 47 tag, then a few regional
/// variants), after the conventions CLDR records; languages not listed use the English marks.
const QUOTE_MARKS: &[(&str, [&str; 4])] = &[
    ("en", ["“", "”", "‘", "’"]),
    ("de", ["„", "“", "‚", "‘"]),
    ("de-ch", ["«", "»", "‹", "›"]),
    ("fr", ["«\u{a0}", "\u{a0}»", "“", "”"]),
    ("fr-ch", ["«", "»", "‹", "›"]),
    ("ru", ["«", "»", "„", "“"]),
    ("uk", ["«", "»", "„", "“"]),
    ("be", ["«", "»", "„", "“"]),
    ("es", ["«", "»", "“", "”"]),
    ("ca", ["«", "»", "“", "”"]),
    ("it", ["«", "»", "“", "”"]),
    ("pt", ["“", "”", "‘", "’"]),
    ("pt-pt", ["«", "»", "“", "”"]),
    ("el", ["«", "»", "“", "”"]),
    ("nb", ["«", "»", "‘", "’"]),
    ("no", ["«", "»", "‘", "’"]),
    ("nn", ["«", "»", "‘", "’"]),
    ("da", ["„", "“", "‚", "‘"]),
    ("sv", ["”", "”", "’", "’"]),
    ("fi", ["”", "”", "’", "’"]),
    ("nl", ["“", "”", "‘", "’"]),
    ("pl", ["„", "”", "«", "»"]),
    ("cs", ["„", "“", "‚", "‘"]),
    ("sk", ["„", "“", "‚", "‘"]),
    ("sl", ["„", "“", "‚", "‘"]),
    ("hr", ["„", "“", "‚", "‘"]),
    ("sr", ["„", "“", "‘", "’"]),
    ("bg", ["„", "“", "„", "“"]),
    ("ro", ["„", "”", "«", "»"]),
    ("hu", ["„", "”", "»", "«"]),
    ("lt", ["„", "“", "„", "“"]),
    ("lv", ["“", "”", "„", "“"]),
    ("et", ["„", "“", "„", "“"]),
    ("tr", ["“", "”", "‘", "’"]),
    ("ar", ["”", "“", "’", "‘"]),
    ("fa", ["«", "»", "‹", "›"]),
    ("he", ["”", "”", "’", "’"]),
    ("ja", ["「", "」", "『", "』"]),
    ("zh", ["“", "”", "‘", "’"]),
    ("zh-tw", ["「", "」", "『", "』"]),
    ("zh-hk", ["「", "」", "『", "』"]),
    ("zh-hant", ["「", "」", "『", "』"]),
    ("ko", ["“", "”", "‘", "’"]),
];

impl QuoteMarks {
    /// The marks of `language` (a BCP 47 tag such as "de", "pt-PT", "zh-Hant-TW"): its own
    /// when the tag's language and region (or script) are listed, else those of its language,
    /// else the English ones.
    pub fn for_language(language: Option<&str>) -> QuoteMarks {
        let tag = language
            .unwrap_or("en")
            .trim()
            .to_ascii_lowercase()
            .replace('_', "-");
        let mut subtags = tag.split('-');
        let primary = subtags.next().unwrap_or("en");
        let candidates = subtags
            .map(|subtag| format!("{primary}-{subtag}"))
            .chain([primary.to_string(), "en".to_string()]);
        let marks = candidates
            .into_iter()
            .find_map(|candidate| {
                QUOTE_MARKS
                    .iter()
                    .find(|(tag, _)| *tag == candidate)
                    .map(|(_, marks)| *marks)
            })
            .unwrap_or(["“", "”", "‘", "’"]);
        QuoteMarks {
            open: marks[0],
            close: marks[1],
            inner_open: marks[2],
            inner_close: marks[3],
        }
    }

    /// The opening and closing marks of a quotation nested `depth` quotations deep (0 for the
    /// outermost): outer and inner marks alternate.
    pub fn at_depth(&self, depth: usize) -> (&'static str, &'static str) {
        if depth % 2 == 0 {
            (self.open, self.close)
        } else {
            (self.inner_open, self.inner_close)
        }
    }
}

impl Block {
    /// A paragraph holding one plain text run.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block::Paragraph {
            content: vec![Inline::text(text)],
        }
    }
}

/// What a walk over the document does after visiting a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    /// Go on into the node's children.
    Continue,
    /// Pass over the node's children and go on with its next sibling.
    SkipChildren,
}

/// A node of the document model, as [`Block::walk`] and [`walk_inlines`] visit it.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    /// A block (its children are its inlines, or its nested blocks).
    Block(&'a Block),
    /// An inline (its children are the inlines it wraps).
    Inline(&'a Inline),
}

impl Block {
    /// Visits this block and everything inside it, in reading order, each node before its
    /// children: the inlines of headings, paragraphs, figure captions, table captions,
    /// quotations' attributions and definition terms, and the blocks of quotes, list items,
    /// definitions, table cells (header, body, then footer rows) and notes.
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(Node<'a>) -> Walk) {
        if visit(Node::Block(self)) == Walk::SkipChildren {
            return;
        }
        match self {
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                walk_inlines(content, visit)
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                blocks.iter().for_each(|block| block.walk(visit));
                walk_inlines(attribution, visit);
            }
            Block::List { items, .. } => items.iter().flatten().for_each(|block| block.walk(visit)),
            Block::Figure { caption, .. } => walk_inlines(caption, visit),
            Block::Table(table) => {
                walk_inlines(&table.caption, visit);
                for block in table.cells().flat_map(|cell| &cell.blocks) {
                    block.walk(visit);
                }
            }
            Block::DefinitionList { items } => {
                for item in items {
                    item.terms.iter().for_each(|term| walk_inlines(term, visit));
                    item.descriptions
                        .iter()
                        .flatten()
                        .for_each(|block| block.walk(visit));
                }
            }
            Block::Notes { notes } => notes
                .iter()
                .flat_map(|note| &note.blocks)
                .for_each(|block| block.walk(visit)),
            Block::Code { .. } | Block::Rule => {}
        }
    }
}

/// Visits each inline of `inlines` and everything inside it, in reading order, each node
/// before its children.
pub fn walk_inlines<'a>(inlines: &'a [Inline], visit: &mut dyn FnMut(Node<'a>) -> Walk) {
    for inline in inlines {
        if visit(Node::Inline(inline)) == Walk::SkipChildren {
            continue;
        }
        if let Some(content) = inline.children() {
            walk_inlines(content, visit);
        }
    }
}

/// The plain text of a run of inlines; line breaks become `\n`.
pub fn inlines_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    walk_inlines(inlines, &mut |node| {
        match node {
            Node::Inline(Inline::Text { text } | Inline::Code { text }) => out.push_str(text),
            Node::Inline(Inline::LineBreak) => out.push('\n'),
            _ => {}
        }
        Walk::Continue
    });
    out
}

/// The plain text of a run of inlines as [`inlines_text`] gives it, with each inline quotation
/// between the quotation marks `marks` gives (inner ones for a quotation in a quotation): for
/// titles in tables of contents and outlines, which carry no markup.
pub fn quoted_text(inlines: &[Inline], marks: QuoteMarks) -> String {
    fn push(inlines: &[Inline], marks: QuoteMarks, depth: usize, out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text { text } | Inline::Code { text } => out.push_str(text),
                Inline::LineBreak => out.push('\n'),
                Inline::Quoted { content } => {
                    let (open, close) = marks.at_depth(depth);
                    out.push_str(open);
                    push(content, marks, depth + 1, out);
                    out.push_str(close);
                }
                other => {
                    if let Some(content) = other.children() {
                        push(content, marks, depth, out);
                    }
                }
            }
        }
    }
    let mut out = String::new();
    push(inlines, marks, 0, &mut out);
    out
}

/// Whether a run of inlines holds a picture, at any depth.
pub fn has_image(inlines: &[Inline]) -> bool {
    let mut found = false;
    walk_inlines(inlines, &mut |node| {
        found |= matches!(node, Node::Inline(Inline::Image { .. }));
        Walk::Continue
    });
    found
}

impl Metadata {
    /// The publication date for people to read: "2 June 2025" for an ISO 8601 date, otherwise
    /// as the source wrote it.
    pub fn display_date(&self) -> Option<String> {
        let published = self.published.as_deref()?.trim();
        let parsed = published
            .get(..10)
            .and_then(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok());
        Some(match parsed {
            Some(date) => date.format("%-d %B %Y").to_string(),
            None => published.to_string(),
        })
    }
}

impl Document {
    /// The number of words in the body, as [`count_words`] counts them.
    pub fn word_count(&self) -> usize {
        let mut count = 0;
        for block in &self.blocks {
            block.for_each_text(&mut |text| count += count_words(text));
        }
        count
    }

    /// The title to show for this article: its own, or "Untitled article" when a normalizer
    /// could not find one.
    pub fn display_title(&self) -> &str {
        if self.meta.title.trim().is_empty() {
            "Untitled article"
        } else {
            &self.meta.title
        }
    }

    /// Whether the body holds any words at all.
    pub fn has_content(&self) -> bool {
        self.word_count() > 0
            || self
                .blocks
                .iter()
                .any(|block| matches!(block, Block::Figure { .. }))
    }
}

impl Block {
    /// Calls `visit` with every piece of text in this block, in reading order.
    pub fn for_each_text(&self, visit: &mut dyn FnMut(&str)) {
        match self {
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                visit(&inlines_text(content))
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                blocks.iter().for_each(|b| b.for_each_text(visit));
                if !attribution.is_empty() {
                    visit(&inlines_text(attribution));
                }
            }
            Block::List { items, .. } => items
                .iter()
                .flatten()
                .for_each(|block| block.for_each_text(visit)),
            Block::Figure { caption, .. } => visit(&inlines_text(caption)),
            Block::Table(table) => {
                visit(&inlines_text(&table.caption));
                for block in table.cells().flat_map(|cell| &cell.blocks) {
                    block.for_each_text(visit);
                }
            }
            Block::DefinitionList { items } => {
                for item in items {
                    item.terms
                        .iter()
                        .for_each(|term| visit(&inlines_text(term)));
                    item.descriptions
                        .iter()
                        .flatten()
                        .for_each(|block| block.for_each_text(visit));
                }
            }
            Block::Notes { notes } => notes
                .iter()
                .flat_map(|note| &note.blocks)
                .for_each(|block| block.for_each_text(visit)),
            Block::Code { text, .. } => visit(text),
            Block::Rule => {}
        }
    }

    /// Calls `visit` with every run of inlines in this block (headings, paragraphs, captions,
    /// table cells, attributions, definition terms), nested blocks included, in reading order.
    pub fn for_each_inlines<'a>(&'a self, visit: &mut dyn FnMut(&'a [Inline])) {
        match self {
            Block::Heading { content, .. } | Block::Paragraph { content } => visit(content),
            Block::Quote {
                blocks,
                attribution,
            } => {
                blocks.iter().for_each(|b| b.for_each_inlines(visit));
                visit(attribution);
            }
            Block::List { items, .. } => items
                .iter()
                .flatten()
                .for_each(|block| block.for_each_inlines(visit)),
            Block::Figure { caption, .. } => visit(caption),
            Block::Table(table) => {
                visit(&table.caption);
                for block in table.cells().flat_map(|cell| &cell.blocks) {
                    block.for_each_inlines(visit);
                }
            }
            Block::DefinitionList { items } => {
                for item in items {
                    item.terms.iter().for_each(|term| visit(term));
                    item.descriptions
                        .iter()
                        .flatten()
                        .for_each(|block| block.for_each_inlines(visit));
                }
            }
            Block::Notes { notes } => notes
                .iter()
                .flat_map(|note| &note.blocks)
                .for_each(|block| block.for_each_inlines(visit)),
            Block::Code { .. } | Block::Rule => {}
        }
    }
}

/// The number of words in `text`: its runs between spaces, except that Chinese and
/// Japanese, written without spaces, count each character (ideograph or kana) as a word, as
/// word processors count them; a run of other letters or digits among them counts once
/// ("2017年8月" is four words). Korean, written with spaces, is counted by them.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .map(|run| {
            if !run.chars().any(is_counted_by_character) {
                return 1;
            }
            let mut words = 0;
            let mut in_other = false;
            for c in run.chars() {
                if is_counted_by_character(c) {
                    words += 1;
                    in_other = false;
                } else if c.is_alphanumeric() {
                    words += usize::from(!in_other);
                    in_other = true;
                } else {
                    in_other = false;
                }
            }
            words
        })
        .sum()
}

/// Whether `c` is a Chinese character or Japanese kana: a word of its own in
/// [`count_words`].
pub fn is_counted_by_character(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}' // katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9D}' // half-width katakana
        | '\u{20000}'..='\u{3134F}' // CJK extensions B to G
    )
}

/// Which way an article's lines run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Left to right (Latin, Cyrillic, CJK, Indic scripts, …).
    #[default]
    LeftToRight,
    /// Right to left (Arabic, Hebrew, Persian, Urdu, …).
    RightToLeft,
}

impl Direction {
    /// The HTML `dir` value: `ltr` or `rtl`.
    pub fn html(self) -> &'static str {
        match self {
            Direction::LeftToRight => "ltr",
            Direction::RightToLeft => "rtl",
        }
    }

    /// The direction a BCP 47 language tag is written in, when the tag tells: its script
    /// subtag (`az-Arab`, `ku-Latn`) if it has one, else its language (`ar`, `he`, `fa`, …).
    pub fn of_language(tag: &str) -> Option<Direction> {
        let mut subtags = tag.split(['-', '_']).filter(|part| !part.is_empty());
        let language = subtags.next()?.to_ascii_lowercase();
        let script =
            subtags.find(|part| part.len() == 4 && part.chars().all(|c| c.is_ascii_alphabetic()));
        if let Some(script) = script {
            let rtl = [
                "arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "samr", "mand",
            ];
            return Some(if rtl.contains(&script.to_ascii_lowercase().as_str()) {
                Direction::RightToLeft
            } else {
                Direction::LeftToRight
            });
        }
        const RIGHT_TO_LEFT: [&str; 16] = [
            "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "pnb", "ps", "sd", "syr", "ug",
            "ur", "yi",
        ];
        (language.chars().all(|c| c.is_ascii_alphabetic()) && (2..=3).contains(&language.len()))
            .then(|| {
                if RIGHT_TO_LEFT.contains(&language.as_str()) {
                    Direction::RightToLeft
                } else {
                    Direction::LeftToRight
                }
            })
    }

    /// The direction of the first character of `text` that has one (a letter of a script,
    /// not a digit or punctuation), as the Unicode bidirectional algorithm finds a
    /// paragraph's.
    pub fn of_text(text: &str) -> Option<Direction> {
        use unicode_bidi::BidiClass;
        text.chars()
            .find_map(|c| match unicode_bidi::bidi_class(c) {
                BidiClass::L => Some(Direction::LeftToRight),
                BidiClass::R | BidiClass::AL => Some(Direction::RightToLeft),
                _ => None,
            })
    }
}

impl Document {
    /// The direction the article is written in: its language's, else that of its first
    /// letter (the title's, else the body's).
    pub fn direction(&self) -> Direction {
        if let Some(direction) = self
            .meta
            .language
            .as_deref()
            .and_then(Direction::of_language)
        {
            return direction;
        }
        let mut found = Direction::of_text(&self.meta.title);
        for block in &self.blocks {
            if found.is_some() {
                break;
            }
            block.for_each_text(&mut |text| {
                if found.is_none() {
                    found = Direction::of_text(text);
                }
            });
        }
        found.unwrap_or_default()
    }
}

impl Book {
    /// A book of one article.
    pub fn single(article: Document) -> Self {
        Book {
            title: None,
            articles: vec![article],
        }
    }

    /// The book's title: the collection title, or the first article's.
    pub fn display_title(&self) -> &str {
        match (&self.title, self.articles.first()) {
            (Some(title), _) if !title.trim().is_empty() => title,
            (_, Some(article)) => article.display_title(),
            _ => "Untitled",
        }
    }

    /// The book's language: the first article language given, if any.
    pub fn language(&self) -> Option<&str> {
        self.articles
            .iter()
            .find_map(|article| article.meta.language.as_deref())
    }

    /// The book's direction: its first article's.
    pub fn direction(&self) -> Direction {
        self.articles
            .first()
            .map(Document::direction)
            .unwrap_or_default()
    }

    /// Every distinct author, in order of first appearance.
    pub fn authors(&self) -> Vec<&str> {
        let mut authors: Vec<&str> = Vec::new();
        for name in self.articles.iter().flat_map(|a| &a.meta.authors) {
            if !authors.contains(&name.as_str()) {
                authors.push(name);
            }
        }
        authors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_follows_the_language_then_the_first_letter() {
        for (tag, direction) in [
            ("ar", Direction::RightToLeft),
            ("he-IL", Direction::RightToLeft),
            ("fa", Direction::RightToLeft),
            ("az-Arab", Direction::RightToLeft),
            ("ja", Direction::LeftToRight),
            ("ku-Latn", Direction::LeftToRight),
        ] {
            assert_eq!(Direction::of_language(tag), Some(direction), "{tag}");
        }
        assert_eq!(Direction::of_language(""), None);
        let mut doc = Document {
            meta: Metadata {
                title: "2024: \u{5e9}\u{5dc}\u{5d5}\u{5dd}".into(),
                ..Metadata::default()
            },
            blocks: Vec::new(),
        };
        assert_eq!(doc.direction(), Direction::RightToLeft);
        doc.meta.language = Some("en".into());
        assert_eq!(doc.direction(), Direction::LeftToRight);
    }

    #[test]
    fn chinese_and_japanese_count_each_character() {
        assert_eq!(count_words("Hello, world — again"), 4);
        assert_eq!(count_words("屋上の菜園"), 5);
        assert_eq!(count_words("2017年8月2日、Tokyo で"), 8);
        assert_eq!(count_words("한국어 문장을 씁니다"), 3);
    }

    #[test]
    fn word_count_includes_nested_blocks() {
        let doc = Document {
            meta: Metadata::default(),
            blocks: vec![
                Block::paragraph("one two"),
                Block::Quote {
                    blocks: vec![Block::paragraph("three")],
                    attribution: Vec::new(),
                },
                Block::List {
                    ordered: false,
                    start: 1,
                    items: vec![vec![Block::paragraph("four five six")]],
                },
            ],
        };
        assert_eq!(doc.word_count(), 6);
    }

    #[test]
    fn inline_text_flattens_links_and_breaks() {
        let inlines = vec![
            Inline::text("a "),
            Inline::Link {
                href: "https://example.org/".into(),
                content: vec![Inline::Strong {
                    content: vec![Inline::text("b")],
                }],
            },
            Inline::LineBreak,
            Inline::Code { text: "c".into() },
        ];
        assert_eq!(inlines_text(&inlines), "a b\nc");
    }

    #[test]
    fn a_walk_visits_every_node_in_reading_order_and_can_skip_children() {
        let link = Inline::Link {
            href: "https://example.org/".into(),
            content: vec![Inline::text("hidden")],
        };
        let block = Block::Quote {
            blocks: vec![
                Block::Paragraph {
                    content: vec![Inline::text("a"), link, Inline::text("b")],
                },
                Block::Figure {
                    image: ImageRef::default(),
                    caption: vec![Inline::Emphasis {
                        content: vec![Inline::text("c")],
                    }],
                },
            ],
            attribution: Vec::new(),
        };
        let mut seen = Vec::new();
        block.walk(&mut |node| match node {
            Node::Block(Block::Quote { .. }) => {
                seen.push("quote".to_string());
                Walk::Continue
            }
            Node::Block(_) => Walk::Continue,
            Node::Inline(Inline::Link { .. }) => Walk::SkipChildren,
            Node::Inline(Inline::Text { text }) => {
                seen.push(text.clone());
                Walk::Continue
            }
            Node::Inline(_) => Walk::Continue,
        });
        assert_eq!(seen, ["quote", "a", "b", "c"]);
        assert!(!has_image(&[Inline::text("x")]));
        assert!(has_image(&[Inline::Strong {
            content: vec![Inline::Image {
                image: ImageRef::default()
            }]
        }]));
    }

    #[test]
    fn quotation_marks_follow_the_language_and_its_region() {
        let open_close = |tag: Option<&str>| {
            let marks = QuoteMarks::for_language(tag);
            (marks.open, marks.close)
        };
        assert_eq!(open_close(Some("en-GB")), ("“", "”"));
        assert_eq!(open_close(Some("de")), ("„", "“"));
        assert_eq!(open_close(Some("de-CH")), ("«", "»"));
        assert_eq!(open_close(Some("fr")), ("«\u{a0}", "\u{a0}»"));
        assert_eq!(open_close(Some("ru")), ("«", "»"));
        assert_eq!(open_close(Some("pt_PT")), ("«", "»"));
        assert_eq!(open_close(Some("ja")), ("「", "」"));
        assert_eq!(open_close(Some("zh-Hant-TW")), ("「", "」"));
        assert_eq!(open_close(Some("xx")), ("“", "”"));
        assert_eq!(open_close(None), ("“", "”"));
        assert_eq!(QuoteMarks::for_language(Some("de")).at_depth(1), ("‚", "‘"));
    }

    #[test]
    fn quoted_text_sets_the_marks_of_nested_quotations() {
        let inlines = vec![
            Inline::text("Er sagte "),
            Inline::Quoted {
                content: vec![
                    Inline::text("sie rief "),
                    Inline::Quoted {
                        content: vec![Inline::text("Halt")],
                    },
                ],
            },
            Inline::Superscript {
                content: vec![Inline::text("1")],
            },
        ];
        let marks = QuoteMarks::for_language(Some("de"));
        assert_eq!(quoted_text(&inlines, marks), "Er sagte „sie rief ‚Halt‘“1");
        assert_eq!(inlines_text(&inlines), "Er sagte sie rief Halt1");
    }

    #[test]
    fn walks_and_texts_reach_attributions_and_definitions() {
        let block = Block::Quote {
            blocks: vec![Block::DefinitionList {
                items: vec![Definition {
                    terms: vec![vec![Inline::Abbreviation {
                        title: "Hypertext Markup Language".into(),
                        content: vec![Inline::text("HTML")],
                    }]],
                    descriptions: vec![vec![Block::paragraph("a markup")]],
                }],
            }],
            attribution: vec![Inline::Deleted {
                content: vec![Inline::text("someone")],
            }],
        };
        let mut seen = Vec::new();
        block.walk(&mut |node| {
            if let Node::Inline(Inline::Text { text }) = node {
                seen.push(text.clone());
            }
            Walk::Continue
        });
        assert_eq!(seen, ["HTML", "a markup", "someone"]);
        let mut texts = Vec::new();
        block.for_each_text(&mut |text| texts.push(text.to_string()));
        assert_eq!(texts, ["HTML", "a markup", "someone"]);
        let mut runs = 0;
        block.for_each_inlines(&mut |_| runs += 1);
        assert_eq!(runs, 3);
    }

    #[test]
    fn a_table_grid_places_spanning_cells_as_html_does() {
        let cell = |text: &str, colspan: u32, rowspan: u32| TableCell {
            colspan,
            rowspan,
            ..TableCell::inline(false, vec![Inline::text(text)])
        };
        let table = Table {
            head: vec![TableRow {
                cells: vec![cell("h", 3, 1)],
            }],
            body: vec![
                TableRow {
                    cells: vec![cell("a", 1, 2), cell("b", 2, 1)],
                },
                TableRow {
                    cells: vec![cell("c", 1, 1), cell("d", 1, 9)],
                },
            ],
            foot: vec![TableRow {
                cells: vec![cell("f", 1, 1)],
            }],
            ..Table::default()
        };
        let (grid, width) = table.grid();
        let places: Vec<(String, usize, usize, usize, usize)> = grid
            .iter()
            .map(|placed| {
                let mut text = String::new();
                placed.cell.blocks[0].for_each_text(&mut |t| text.push_str(t));
                (text, placed.row, placed.column, placed.columns, placed.rows)
            })
            .collect();
        assert_eq!(width, 3);
        assert_eq!(
            places,
            [
                ("h".into(), 0, 0, 3, 1),
                ("a".into(), 1, 0, 1, 2),
                ("b".into(), 1, 1, 2, 1),
                // Under "a", which spans down: the next free column.
                ("c".into(), 2, 1, 1, 1),
                // A row span ends with its part.
                ("d".into(), 2, 2, 1, 1),
                ("f".into(), 3, 0, 1, 1),
            ]
        );
        let parts: Vec<TablePart> = table.rows().map(|(part, _)| part).collect();
        assert_eq!(
            parts,
            [
                TablePart::Head,
                TablePart::Body,
                TablePart::Body,
                TablePart::Foot
            ]
        );
    }

    #[test]
    fn iso_dates_are_shown_in_words() {
        let mut meta = Metadata {
            published: Some("2025-06-02T07:30:00Z".into()),
            ..Metadata::default()
        };
        assert_eq!(meta.display_date().as_deref(), Some("2 June 2025"));
        meta.published = Some("last Tuesday".into());
        assert_eq!(meta.display_date().as_deref(), Some("last Tuesday"));
    }

    #[test]
    fn untitled_article_gets_a_display_title() {
        let doc = Document::default();
        assert_eq!(doc.display_title(), "Untitled article");
        assert_eq!(Book::single(doc).display_title(), "Untitled article");
    }
}
