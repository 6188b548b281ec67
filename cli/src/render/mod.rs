//! A small document model (headings, key–value lists, tables, bullets) and its two
//! renderings: aligned text for a terminal and Markdown for a report. Commands build a
//! [`Doc`] once, so the terminal table and the Markdown document never drift apart.

mod markdown;
mod text;

pub use markdown::markdown;
pub use text::{natural_width, terminal_width, text};

/// Text from a submission made safe to print: control characters (an ANSI escape in a
/// zone name would recolour or clear the terminal) and bidirectional overrides (which
/// can make text read differently than it is) become `�`; line breaks become spaces.
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                c if bad(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// A document: blocks in reading order.
#[derive(Debug, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
}

/// One block of a document.
#[derive(Debug)]
pub enum Block {
    /// The document's title.
    Title(String),
    /// A section heading.
    Heading(String),
    /// Labelled values, one a line.
    Fields(Vec<(String, String)>),
    /// A table.
    Table(Table),
    /// A bulleted list.
    Bullets(Vec<String>),
    /// A paragraph.
    Text(String),
}

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table column.
#[derive(Debug)]
pub struct Column {
    pub header: String,
    pub align: Align,
}

/// A table row: cells, or a section label spanning the table (a dimension).
#[derive(Debug)]
pub enum Row {
    Cells(Vec<String>),
    Section(String),
}

/// A table.
#[derive(Debug, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// In a terminal too narrow for it, one record per row (each cell beside its header)
    /// rather than lines the terminal breaks; off for a table whose rows must stay one a
    /// line (`score --format rows`).
    pub records_when_narrow: bool,
}

impl Table {
    /// A table with these left-aligned headers; `right` lists the right-aligned ones by index.
    pub fn new(headers: &[&str], right: &[usize]) -> Self {
        let columns = headers
            .iter()
            .enumerate()
            .map(|(i, h)| Column {
                header: (*h).to_owned(),
                align: if right.contains(&i) { Align::Right } else { Align::Left },
            })
            .collect();
        Self { columns, rows: Vec::new(), records_when_narrow: false }
    }

    /// The same table, shown as records in a terminal too narrow for it.
    pub fn records_when_narrow(self) -> Self {
        Self { records_when_narrow: true, ..self }
    }

    /// Adds a row of cells.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(Row::Cells(cells.into_iter().map(Into::into).collect()));
    }

    /// Adds a section row.
    pub fn section(&mut self, label: impl Into<String>) {
        self.rows.push(Row::Section(label.into()));
    }
}

impl Doc {
    /// A copy with every text passed through [`clean`].
    pub fn cleaned(&self) -> Doc {
        let c = |s: &String| clean(s).into_owned();
        let blocks = self
            .blocks
            .iter()
            .map(|b| match b {
                Block::Title(t) => Block::Title(c(t)),
                Block::Heading(h) => Block::Heading(c(h)),
                Block::Fields(f) => Block::Fields(f.iter().map(|(k, v)| (c(k), c(v))).collect()),
                Block::Table(t) => Block::Table(Table {
                    columns: t.columns.iter().map(|col| Column { header: c(&col.header), align: col.align }).collect(),
                    rows: t
                        .rows
                        .iter()
                        .map(|r| match r {
                            Row::Cells(cells) => Row::Cells(cells.iter().map(c).collect()),
                            Row::Section(s) => Row::Section(c(s)),
                        })
                        .collect(),
                    records_when_narrow: t.records_when_narrow,
                }),
                Block::Bullets(items) => Block::Bullets(items.iter().map(c).collect()),
                Block::Text(t) => Block::Text(c(t)),
            })
            .collect();
        Doc { blocks }
    }

    pub fn title(&mut self, s: impl Into<String>) {
        self.blocks.push(Block::Title(s.into()));
    }

    pub fn heading(&mut self, s: impl Into<String>) {
        self.blocks.push(Block::Heading(s.into()));
    }

    pub fn fields(&mut self, fields: Vec<(String, String)>) {
        if !fields.is_empty() {
            self.blocks.push(Block::Fields(fields));
        }
    }

    pub fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    pub fn bullets(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.blocks.push(Block::Bullets(items));
        }
    }

    pub fn text(&mut self, s: impl Into<String>) {
        self.blocks.push(Block::Text(s.into()));
    }
}
