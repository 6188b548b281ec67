//! Reading filled workbooks: every sheet whose third row holds a ruleset's dotted field
//! paths, each non-empty row below it one submission, each cell kept with its `Sheet!A1`
//! reference so that an error can be shown where it was typed.

use super::names::{column_letters, sheet_ref};
use super::template::{FIRST_DATA_ROW, PATHS_ROW};
use super::XlsxError;
use crate::api::Ruleset;
use crate::input::{dotted_to_pointer, Input};
use crate::model::Text;
use crate::report::Answer;
use crate::sheet::{Cell, CellsReading};
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

/// Most bytes a workbook may unpack to (its XML parts together): 256 MiB, some hundred
/// thousand filled rows. calamine holds a sheet in memory, so a small file that unpacks to
/// gigabytes (a zip bomb) is refused before it is unpacked.
pub const MAX_UNPACKED_BYTES: u128 = 256 * 1024 * 1024;

/// Most bytes a workbook file may hold: 16 times the largest submission (16 MiB), the most
/// any face reads of one file. A county's workbook is far smaller; a bigger one is split.
pub const MAX_WORKBOOK_BYTES: usize = 16 * crate::MAX_SUBMISSION_BYTES;

/// One filled row of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    /// The sheet's name (`示范区`).
    pub sheet: String,
    /// The row's number as Excel shows it (1-based: the first zone is on row 4).
    pub row: u32,
    /// The cells by dotted field path, in column order.
    pub cells: Vec<(String, Cell)>,
    /// JSON pointer → `示范区!F7`, for every path column.
    pub refs: Vec<(String, String)>,
}

impl SheetRow {
    /// How the row is named in output: `book.xlsx!示范区!4`.
    pub fn name(&self, file: &str) -> String {
        format!("{file}!{}!{}", self.sheet, self.row)
    }

    /// The row as a submission tree, with the cells that could not be read.
    pub fn read(&self, rules: &Ruleset) -> CellsReading {
        rules.read_cells(&self.cells)
    }

    /// The row's answer (an unreadable cell is one of the errors of a failure).
    pub fn score(&self, rules: &Ruleset) -> Answer {
        rules.score_cells(&self.cells)
    }

    /// The row's canonical JSON answer at the chosen detail and languages.
    pub fn score_json_with(&self, rules: &Ruleset, options: &crate::ScoreOptions) -> String {
        rules.score_cells_json_with(&self.cells, options)
    }

    /// The cell of each error of a refused row, in error order: JSON pointer → `示范区!F7`
    /// (empty for a success, and for errors about no single cell).
    pub fn error_cells(&self, answer: &Answer) -> Vec<(String, String)> {
        error_cells(answer, &self.refs)
    }
}

/// The cell of each error of a refused answer, in error order, from where a row's fields
/// were typed (`refs`: JSON pointer → `示范区!F7`); empty for a success.
pub fn error_cells(answer: &Answer, refs: &[(String, String)]) -> Vec<(String, String)> {
    let Answer::Failure(f) = answer else { return Vec::new() };
    let mut out: Vec<(String, String)> = Vec::new();
    for e in &f.errors {
        if let Some((p, r)) = refs.iter().find(|(p, _)| *p == e.path) {
            if !out.iter().any(|(q, _)| q == p) {
                out.push((p.clone(), r.clone()));
            }
        }
    }
    out
}

/// The filled rows of one sheet written for a ruleset.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// The bundled ruleset the paths row names, when no ruleset was given.
    pub ruleset: Option<&'static str>,
    /// The digest of the rules the workbook's template was made from (`sha256:…`), when the
    /// workbook says: rules of another digest score its rows otherwise than those did.
    pub made_with: Option<String>,
    /// Its filled rows, top to bottom (entirely empty rows skipped).
    pub rows: Vec<SheetRow>,
}

impl Sheet {
    /// The bundled ruleset this sheet's rows are scored with when none is given: the one
    /// its paths row names, else the default one.
    pub fn ruleset_id(&self) -> &'static str {
        self.ruleset.unwrap_or(crate::bundled::DEFAULT)
    }

    /// The dotted paths of `rules`' fields that the sheet has no column for, in form order (a
    /// column deleted from the template): every row scores them as not filled in. Empty for
    /// a sheet without rows, which scores nothing.
    pub fn fields_without_column(&self, rules: &Ruleset) -> Vec<String> {
        let Some(first) = self.rows.first() else { return Vec::new() };
        let has = |path: &str| first.cells.iter().any(|(c, _)| c == path);
        rules.form_fields().into_iter().map(|f| f.path).filter(|p| !has(p)).collect()
    }
}

/// The bundled ruleset of a workbook read as one table (Python's `read_excel`), when none
/// is given: that of the first sheet whose paths row names one, else the default one.
pub fn workbook_ruleset(sheets: &[Sheet]) -> &'static str {
    sheets.iter().find_map(|s| s.ruleset).unwrap_or(crate::bundled::DEFAULT)
}

/// Whether a file name names an Excel workbook (`.xlsx`, `.xlsm`).
pub fn is_workbook_name(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

fn is_dotted_path(s: &str) -> bool {
    // A note's key under `meta` is any text (`meta.备注`), kept as written.
    if let Some(key) = s.strip_prefix("meta.") {
        return !key.trim().is_empty() && !key.contains('.');
    }
    !s.is_empty()
        && s.split('.').all(|seg| !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

/// A cell as the row reads it; `percent` when it is formatted as a percentage.
fn cell_of(data: &Data, percent: bool) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Float(f) if percent => Cell::Percent(as_excel_shows(*f)),
        Data::Float(f) => Cell::Number(as_excel_shows(*f)),
        // Exact as text: an i64 may not fit a float.
        Data::Int(i) => Cell::Text(i.to_string()),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => Cell::Date(date_shown(d)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Date(s.clone()),
        // Shown as Excel shows it: `#DIV/0!` (the error's own text has its `#`).
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// A number to the 15 significant digits Excel keeps and shows: a formula's result that
/// binary arithmetic left a hair off (`=0.57*100`, saved as 56.99999999999999) reads as the
/// 57 the cell shows. Nothing typed is lost: Excel keeps no 16th digit of what is typed (a
/// program writing a workbook should write a longer number, an id, say, as text).
pub(super) fn as_excel_shows(f: f64) -> f64 {
    // Past 9.99999999999999e307, 15 digits round up beyond what a float holds: kept as is.
    format!("{f:.14e}").parse().ok().filter(|shown: &f64| shown.is_finite()).unwrap_or(f)
}

/// A date as `2013-03-04` (with `12:30:00` when it has a time of day), a time or a duration
/// as `12:30:00` (hours counted past 24); a day count no date has (below 0, past
/// 9999-12-31, not finite) as the number kept.
fn date_shown(d: &calamine::ExcelDateTime) -> String {
    const LAST_DAY: f64 = 2_958_465.0;
    let v = d.as_f64();
    if !v.is_finite() || v.abs() > LAST_DAY {
        // calamine's conversion overflows on such a count.
        return v.to_string();
    }
    if d.is_duration() || v.abs() < 1.0 {
        let seconds = (v.abs() * 86_400.0).round();
        let sign = if v < 0.0 { "-" } else { "" };
        return format!(
            "{sign}{}:{:02}:{:02}",
            (seconds / 3600.0).floor(),
            (seconds / 60.0 % 60.0).floor(),
            seconds % 60.0
        );
    }
    if v < 0.0 {
        return v.to_string();
    }
    let (year, month, day, hour, minute, second, _) = d.to_ymd_hms_milli();
    let date = format!("{year:04}-{month:02}-{day:02}");
    if (hour, minute, second) == (0, 0, 0) {
        date
    } else {
        format!("{date} {hour:02}:{minute:02}:{second:02}")
    }
}

fn is_blank(cell: &Cell) -> bool {
    match cell {
        // A row that only a merge reaches into holds nothing of its own.
        Cell::Empty | Cell::Merged(_) => true,
        Cell::Text(t) => crate::input::is_blank_text(t),
        _ => false,
    }
}

/// The rows of the sheets written for `rules` (those whose paths row names one of its
/// fields), as one list in sheet order.
pub fn read_workbook(bytes: &[u8], rules: &Ruleset) -> Result<Vec<SheetRow>, XlsxError> {
    Ok(read_sheets(bytes, Some(rules))?.into_iter().flat_map(|s| s.rows).collect())
}

/// Reads the workbook in `bytes`. With `rules`, the sheets whose paths row names one of its
/// fields; without, the sheets whose paths row a bundled ruleset is detected from (each
/// [`Sheet`] says which). Bytes that are not a workbook, a workbook with a sheet that cannot
/// be read (chart sheets are passed over), or one without such a sheet, are an error.
/// A file of more than [`MAX_WORKBOOK_BYTES`] is refused unread.
pub fn read_sheets(bytes: &[u8], rules: Option<&Ruleset>) -> Result<Vec<Sheet>, XlsxError> {
    if bytes.len() > MAX_WORKBOOK_BYTES {
        return Err(XlsxError::FileTooLarge);
    }
    read_within(bytes, rules, MAX_UNPACKED_BYTES)
}

/// The first bytes of an OLE2 compound file: an Excel 97–2003 workbook (`.xls`).
const OLE2: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether `bytes` are a results workbook zonescore wrote ([`super::results_workbook`]):
/// its defined name, or (written before it had one) its first two sheets, 汇总 and 错误
/// (Summary and Errors). Such a workbook is no submission: a folder walk passes over it.
pub fn is_results_workbook(bytes: &[u8]) -> bool {
    if bytes.len() > MAX_WORKBOOK_BYTES {
        return false;
    }
    let Ok(book) = open(bytes, MAX_UNPACKED_BYTES) else { return false };
    if book.defined_names().iter().any(|(name, _)| name == super::RESULTS_NAME) {
        return true;
    }
    let names = book.sheet_names();
    matches!(names.get(..2), Some([a, b]) if (a == "汇总" && b == "错误") || (a == "Summary" && b == "Errors"))
}

/// The workbook in `bytes`, refused unopened when its archive declares more than `most`
/// bytes unpacked.
fn open(bytes: &[u8], most: u128) -> Result<Xlsx<Cursor<&[u8]>>, XlsxError> {
    if bytes.starts_with(&OLE2) {
        return Err(XlsxError::OldExcelFormat);
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| XlsxError::NotAWorkbook(e.to_string()))?;
    // The sizes the archive declares (unknown when an entry puts them after its data: then
    // calamine's zip reader still stops at the entry's declared size and checks its CRC).
    if let Some(size) = archive.decompressed_size().filter(|n| *n > most) {
        return Err(XlsxError::TooLarge(size));
    }
    Xlsx::new(Cursor::new(bytes)).map_err(|e| XlsxError::NotAWorkbook(e.to_string()))
}

/// [`is_results_workbook`] of the file at `path`, named as a workbook: saved beside the
/// submissions, such a file would fail every later reading of the folder, so folder walks
/// pass over it. A file past [`MAX_WORKBOOK_BYTES`] is left to the reading that names it so.
pub fn is_results_workbook_file(path: &std::path::Path) -> bool {
    let named = path.file_name().and_then(|n| n.to_str()).is_some_and(is_workbook_name);
    let readable = std::fs::metadata(path).is_ok_and(|m| m.len() <= MAX_WORKBOOK_BYTES as u64);
    named && readable && std::fs::read(path).is_ok_and(|bytes| is_results_workbook(&bytes))
}

fn read_within(bytes: &[u8], rules: Option<&Ruleset>, most: u128) -> Result<Vec<Sheet>, XlsxError> {
    let mut book = open(bytes, most)?;
    let made_with = book
        .defined_names()
        .iter()
        .find(|(name, _)| name == super::RULES_DIGEST_NAME)
        .map(|(_, value)| value.trim_start_matches('=').trim_matches('"').to_owned());
    let percent = super::percent::percent_cells(bytes);
    let placeholders = super::percent::calculated_on_open(bytes);
    let none = std::collections::HashSet::new();
    let known: Vec<String> = rules.map(|r| r.form_fields().into_iter().map(|f| f.path).collect()).unwrap_or_default();
    let mut out = Vec::new();
    for sheet in book.sheet_names() {
        // A sheet that cannot be read (a broken shared string) refuses the workbook: its rows
        // would otherwise be left out unsaid. A chart sheet reads as an empty range.
        let range = book.worksheet_range(&sheet).map_err(|e| XlsxError::NotAWorkbook(format!("“{sheet}”: {e}")))?;
        let Some((last_values_row, last_col)) = range.end() else { continue };
        let columns: Vec<(u32, String)> = (0..=last_col)
            .filter_map(|c| match range.get_value((PATHS_ROW, c)) {
                Some(Data::String(s)) if is_dotted_path(s.trim()) => Some((c, s.trim().to_owned())),
                _ => None,
            })
            .collect();
        let detected = match rules {
            Some(_) if columns.iter().any(|(_, p)| known.contains(p)) => None,
            Some(_) => continue,
            None => {
                let tops =
                    columns.iter().map(|(_, p)| (p.split('.').next().unwrap_or_default().to_owned(), Input::Null));
                match crate::detect_ruleset(&Input::Object(tops.collect())) {
                    Some(id) => Some(id),
                    None => continue,
                }
            }
        };
        // A sheet read for the rules: a field in two columns, or a column inside another's
        // field, is refused rather than read one way.
        let paths: Vec<&str> = columns.iter().map(|(_, p)| p.as_str()).collect();
        if let Some(clash) = crate::ColumnClash::find(&paths) {
            let place = |i: usize| {
                let c = columns.get(i).map_or(0, |(c, _)| *c);
                let letters = column_letters(usize::try_from(c).unwrap_or_default());
                Text::new(format!("{letters} 列"), format!("column {letters}"))
            };
            let (message, nested) = (clash.message(&paths, place), clash.nested);
            return Err(XlsxError::ColumnClash { sheet: sheet.clone(), message, nested });
        }
        let shown = percent.get(&sheet).unwrap_or(&none);
        // Formulas, for a cell whose result the workbook does not hold: it reads as empty, and
        // rows of such cells alone lie past the values' last row. In a workbook to be
        // calculated when opened, what a formula's cell keeps is a placeholder (0), so every
        // formula is read as one.
        let formulas = book.worksheet_formula(&sheet).ok();
        let last_row =
            formulas.as_ref().and_then(calamine::Range::end).map_or(last_values_row, |(r, _)| r.max(last_values_row));
        let formula = |r: u32, c: u32| {
            let f = formulas.as_ref()?.get_value((r, c))?.trim();
            // calamine gives a formula without its `=`; the cell shows it as typed.
            (!f.is_empty()).then(|| Cell::Formula(format!("={f}")))
        };
        // Merged cells keep their value in the first: the others are told as such.
        let merges = book.worksheet_merge_cells(&sheet).and_then(Result::ok).unwrap_or_default();
        let merged_into = |r: u32, c: u32| {
            let m = merges.iter().find(|m| m.contains(r, c) && m.start != (r, c))?;
            let at =
                |(r, c): (u32, u32)| format!("{}{}", column_letters(usize::try_from(c).unwrap_or_default()), r + 1);
            Some(Cell::Merged(format!("{}:{}", at(m.start), at(m.end))))
        };
        // A column with values but no path would be read as nothing: refused, not passed over.
        let filled = |r: u32, c: u32| {
            let kept = range.get_value((r, c)).filter(|d| **d != Data::Empty);
            match (kept, formula(r, c).is_some()) {
                // A value, or a formula's saved result (`=IF(A4="","",…)` saves an empty one).
                (Some(d), false) => !is_blank(&cell_of(d, false)),
                (Some(d), true) if !placeholders => !is_blank(&cell_of(d, false)),
                // In a workbook to be calculated when opened, a formula may hold anything.
                (_, true) => placeholders,
                (None, false) => false,
            }
        };
        let last_col = formulas.as_ref().and_then(calamine::Range::end).map_or(last_col, |(_, c)| c.max(last_col));
        let pathless = (0..=last_col).filter(|c| !columns.iter().any(|(k, _)| k == c));
        if let Some(c) = pathless.into_iter().find(|c| (FIRST_DATA_ROW..=last_row).any(|r| filled(r, *c))) {
            let found = range.get_value((PATHS_ROW, c)).map(|d| d.to_string().trim().to_owned()).unwrap_or_default();
            let column = column_letters(usize::try_from(c).unwrap_or_default());
            return Err(XlsxError::ColumnWithoutPath { sheet, column, found });
        }
        let mut rows = Vec::new();
        for r in FIRST_DATA_ROW..=last_row {
            let cells: Vec<(String, Cell)> = columns
                .iter()
                .map(|(c, p)| {
                    let kept = range.get_value((r, *c)).filter(|d| **d != Data::Empty);
                    let cell = match (kept, formula(r, *c)) {
                        (Some(_), Some(f)) if placeholders => f,
                        (Some(d), _) => cell_of(d, shown.contains(&(r, *c))),
                        (None, Some(f)) => f,
                        (None, None) => merged_into(r, *c).unwrap_or(Cell::Empty),
                    };
                    (p.clone(), cell)
                })
                .collect();
            if cells.iter().all(|(_, c)| is_blank(c)) {
                continue;
            }
            let row = r + 1;
            let refs = columns
                .iter()
                .map(|(c, p)| {
                    let col = usize::try_from(*c).unwrap_or_default();
                    (dotted_to_pointer(p), format!("{}!{}{row}", sheet_ref(&sheet), column_letters(col)))
                })
                .collect();
            rows.push(SheetRow { sheet: sheet.clone(), row, cells, refs });
        }
        out.push(Sheet { name: sheet, ruleset: detected, made_with: made_with.clone(), rows });
    }
    if out.is_empty() {
        return Err(if is_results_workbook(bytes) { XlsxError::ResultsWorkbook } else { XlsxError::NoPathsRow });
    }
    Ok(out)
}

#[cfg(test)]
#[path = "read_unit_tests.rs"]
mod tests;
