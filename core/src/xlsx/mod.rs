//! Excel workbooks (feature `xlsx`): the template a town fills, filled templates read back
//! row by row, and the results workbook a county keeps. Written once here so that the
//! command line and Python make and read the very same workbooks.
//!
//! | call | what it does |
//! |---|---|
//! | [`template_workbook`] | a fillable workbook from a ruleset's field declarations: one zone per row, row 3 the dotted field paths, dropdowns, ranges, help as input messages, an instructions sheet |
//! | [`read_sheets`] | every sheet whose row 3 names a ruleset's fields, each non-empty row below it a [`SheetRow`], cells kept with their `Sheet!A1` reference; without a ruleset, the bundled one each sheet's paths name |
//! | [`read_workbook`] | the rows of the sheets written for one ruleset, as one list |
//! | [`SheetRow::read`] / [`SheetRow::score`] / [`SheetRow::error_cells`] | a row as a submission tree (with the cells that could not be read), its answer, and the cell of each error |
//! | [`results_workbook`] | a summary sheet (subject, year, final score, grade, outcome, points per dimension and criterion, coloured by grade), a scorecard sheet per zone and an errors sheet |
//!
//! ```
//! use zonescore::xlsx::{read_workbook, results_workbook, template_workbook, Lang, ResultEntry};
//! use zonescore::Ruleset;
//!
//! let rules = Ruleset::bundled("zone-qualification")?;
//! let template = template_workbook(&rules, Lang::Zh)?;        // bytes of an .xlsx file
//! let rows = read_workbook(&template, &rules)?;               // nothing filled yet
//! assert!(rows.is_empty());
//! let entries: Vec<ResultEntry> = rows
//!     .iter()
//!     .map(|row| ResultEntry::new(row.name("form.xlsx"), row.score(&rules)).with_cells(row.error_cells(&row.score(&rules))))
//!     .collect();
//! let results = results_workbook(&entries, &[&rules], Lang::Zh)?;
//! assert!(results.starts_with(b"PK"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The same input writes the same bytes: a workbook's document properties carry a fixed date.
//!
//! Errors are [`XlsxError`]s with a stable `code` and a message in both languages. Scores
//! stay exact decimal strings everywhere except in the cells of the results workbook, where
//! Excel stores numbers as binary doubles: see [`results_workbook`].

mod names;
mod numbers;
mod percent;
mod read;
mod results;
mod scorecard;
mod template;
mod template_notes;

pub use names::{column_letters, SheetNames};
pub use read::{
    error_cells, is_results_workbook, is_results_workbook_file, is_workbook_name, read_sheets, read_workbook,
    workbook_ruleset, Sheet, SheetRow, MAX_UNPACKED_BYTES, MAX_WORKBOOK_BYTES,
};
pub use results::{results_workbook, ResultEntry};
pub use template::{template_workbook, FIRST_DATA_ROW, PATHS_ROW};

use crate::model::Text;

/// The workbook-level name a template defines to the digest of the rules it was made from
/// ([`Sheet::made_with`]); Excel, WPS and LibreOffice keep defined names when they save.
pub const RULES_DIGEST_NAME: &str = "zonescore_rules_digest";

/// The workbook-level name a results workbook defines, so that it is told from a filled one
/// ([`is_results_workbook`]).
pub const RESULTS_NAME: &str = "zonescore_results";

/// The language a workbook is written in (reading understands both).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese (简体中文).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// One of two literal texts.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }

    /// The half of a bilingual text in this language.
    pub fn text(self, text: &Text) -> &str {
        self.pick(&text.zh, &text.en)
    }

    /// The half of an answer's sentence in this language.
    pub fn sentence(self, sentence: &crate::Sentence) -> &str {
        self.pick(sentence.zh(), sentence.en())
    }
}

/// Why a workbook could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XlsxError {
    /// The bytes are not an Excel workbook (.xlsx) calamine can open, or one of its sheets
    /// cannot be read (the reason names the sheet).
    #[error("not a readable Excel workbook (.xlsx): {0}")]
    NotAWorkbook(String),
    /// The workbook unpacks to more than [`MAX_UNPACKED_BYTES`] (a zip bomb, or far more rows
    /// than any county collects).
    #[error("the workbook unpacks to {0} bytes, over the limit of {MAX_UNPACKED_BYTES}")]
    TooLarge(u128),
    /// The file holds more than [`MAX_WORKBOOK_BYTES`]; it is not read (code `too_large`).
    #[error("the workbook is over {MAX_WORKBOOK_BYTES} bytes and was not read (split it into several files)")]
    FileTooLarge,
    /// An Excel 97–2003 workbook (`.xls`, code `not_a_workbook`): only `.xlsx` is read.
    #[error("an Excel 97–2003 workbook (.xls) cannot be read: save it as .xlsx in Excel or WPS")]
    OldExcelFormat,
    /// No sheet holds a ruleset's dotted field paths in row 3.
    #[error("no sheet holds the ruleset's field paths in row 3 (make a template with `zonescore template`)")]
    NoPathsRow,
    /// A results workbook zonescore wrote ([`results_workbook`]), given to be read as a
    /// filled one (code `results_workbook`).
    #[error("this is a results workbook written by zonescore, not a filled workbook: give a workbook filled from the template")]
    ResultsWorkbook,
    /// Two columns of a sheet's paths row cannot both be read: one field twice, or a path
    /// inside another's field (see [`crate::ColumnClash`]).
    #[error("sheet “{sheet}”, row 3: {}", message.en)]
    ColumnClash {
        /// The sheet's name.
        sheet: String,
        /// Which columns and why.
        message: Text,
        /// A path inside another's field, rather than one path twice.
        nested: bool,
    },
    /// A column holds values below the header rows but no field path in row 3 (its path typed
    /// over with a label, cleared, or a column added): its values would be read as nothing.
    #[error(
        "sheet “{sheet}”, column {column}: values are filled in below, but row 3 holds no field path ({}), so they \
         cannot be read; put back the field path the template has in row 3, give a column of notes a `meta.` path \
         (`meta.remarks`), or delete the column",
        if found.is_empty() { "nothing" } else { found }
    )]
    ColumnWithoutPath {
        /// The sheet's name.
        sheet: String,
        /// The column's letters (`W`).
        column: String,
        /// What row 3 holds there, as text; empty when nothing.
        found: String,
    },
    /// The workbook could not be written (a limit of the format: too many rows or columns).
    #[error("the workbook cannot be written: {0}")]
    Write(String),
}

impl XlsxError {
    /// A stable snake_case code: `not_a_workbook`, `too_large`, `no_paths_row`,
    /// `results_workbook`, `repeated_column`, `nested_column`, `column_without_path`,
    /// `write_failed`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotAWorkbook(_) | Self::OldExcelFormat => "not_a_workbook",
            Self::ResultsWorkbook => "results_workbook",
            Self::TooLarge(_) | Self::FileTooLarge => "too_large",
            Self::NoPathsRow => "no_paths_row",
            Self::ColumnClash { nested: false, .. } => "repeated_column",
            Self::ColumnClash { nested: true, .. } => "nested_column",
            Self::ColumnWithoutPath { .. } => "column_without_path",
            Self::Write(_) => "write_failed",
        }
    }

    /// The message in both languages (lowercase English, no final period).
    pub fn message(&self) -> Text {
        let zh = match self {
            // The archive's own words are English: a file that is no zip at all is said in Chinese.
            Self::NotAWorkbook(why) if why.starts_with("invalid Zip archive") => {
                "不是可读取的 Excel 工作簿（.xlsx）：文件不是 .xlsx 格式（.csv、.et、改了扩展名的文件等都不是）"
                    .to_owned()
            }
            // The reader's own words are English: kept, after what they mean.
            Self::NotAWorkbook(why) => format!("不是可读取的 Excel 工作簿（.xlsx）：文件已损坏或不完整（{why}）"),
            Self::OldExcelFormat => {
                "这是 Excel 97–2003 工作簿（.xls），不能读取：请在 Excel 或 WPS 中另存为 .xlsx".to_owned()
            }
            Self::ResultsWorkbook => {
                "这是 zonescore 写出的评分结果工作簿，不是填报的工作簿：请给出按模板填写的工作簿".to_owned()
            }
            Self::TooLarge(n) => format!("工作簿解压后为 {n} 字节，超过上限 {MAX_UNPACKED_BYTES} 字节"),
            Self::FileTooLarge => format!("工作簿超过 {MAX_WORKBOOK_BYTES} 字节，未读取（请拆分为几个文件）"),
            Self::NoPathsRow => {
                "没有一张工作表在第 3 行给出规则集的字段路径（用 `zonescore template` 生成模板）".to_owned()
            }
            Self::ColumnClash { sheet, message, .. } => format!("工作表「{sheet}」第 3 行：{}", message.zh),
            Self::ColumnWithoutPath { sheet, column, found } => format!(
                "工作表「{sheet}」{column} 列：下面填有值，但第 3 行不是字段路径（{}），这些值无法读取：请在第 3 行填回模板中的字段路径；备注列请用 `meta.` 开头的路径（`meta.remarks`）；或删除该列",
                if found.is_empty() { "空" } else { found }
            ),
            Self::Write(why) => format!("无法写出工作簿：{why}"),
        };
        Text::new(zh, self.to_string())
    }
}

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        Self::Write(e.to_string())
    }
}

/// A workbook that the same input writes byte for byte the same: its document properties say
/// it was made on 1980-01-01, as the zip entries inside it do, not at the moment it was
/// written (a scorecard's digest can then be checked by writing it again).
fn new_workbook() -> Result<rust_xlsxwriter::Workbook, XlsxError> {
    let epoch = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1)?;
    let mut book = rust_xlsxwriter::Workbook::new();
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&epoch));
    Ok(book)
}

/// A column index as rust_xlsxwriter numbers columns.
fn col_num(i: usize) -> Result<u16, XlsxError> {
    u16::try_from(i).map_err(|_| XlsxError::Write(format!("column {i} out of range")))
}

/// A row index as rust_xlsxwriter numbers rows.
fn row_num(i: usize) -> Result<u32, XlsxError> {
    u32::try_from(i).map_err(|_| XlsxError::Write(format!("row {i} out of range")))
}

/// At most `n` characters, with `…` when cut.
fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod read_tests;
#[cfg(test)]
mod tests;
