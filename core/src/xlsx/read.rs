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
    !s.is_empty()
        && s.split('.').all(|seg| !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

/// A cell as the row reads it; `percent` when it is formatted as a percentage.
fn cell_of(data: &Data, percent: bool) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Float(f) if percent => Cell::Percent(*f),
        Data::Float(f) => Cell::Number(*f),
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
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn bytes_that_are_no_workbook_are_an_error() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let e = read_workbook(b"not a zip", &rules).unwrap_err();
        assert_eq!(e.code(), "not_a_workbook");
        assert!(e.message().zh.contains("不是可读取的 Excel 工作簿"));
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_unpacked() {
        use std::io::Write;
        let mut packed = Vec::new();
        {
            let mut z = zip::ZipWriter::new(Cursor::new(&mut packed));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(true);
            z.start_file("xl/worksheets/sheet1.xml", options).unwrap();
            let zeros = vec![b' '; 1 << 20];
            for _ in 0..3 {
                z.write_all(&zeros).unwrap();
            }
            z.finish().unwrap();
        }
        assert!(packed.len() < 1 << 20, "{} bytes packed", packed.len());
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        // The limit scaled down (256 MiB of spaces take seconds to pack in a debug build).
        let e = read_within(&packed, Some(&rules), 2 << 20).unwrap_err();
        assert_eq!(e.code(), "too_large", "{e}");
        // A file bigger than any workbook is refused before it is opened, in every face.
        let big = vec![0u8; MAX_WORKBOOK_BYTES + 1];
        let e = read_sheets(&big, Some(&rules)).unwrap_err();
        assert_eq!((e.code(), e.message().zh.contains("请拆分")), ("too_large", true), "{e}");
        assert_eq!(read_sheets(&big[..MAX_WORKBOOK_BYTES], None).unwrap_err().code(), "not_a_workbook");
    }

    /// `bytes` with `from` replaced by `to` in the first sheet's XML.
    fn with_sheet_xml(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
        with_part_xml(bytes, "xl/worksheets/sheet1.xml", from, to)
    }

    /// `bytes` as Excel saves them: rust_xlsxwriter marks a workbook to be calculated when
    /// opened, and Excel drops the mark when it saves the results.
    fn as_excel_saves(bytes: &[u8]) -> Vec<u8> {
        with_part_xml(bytes, "xl/workbook.xml", r#" fullCalcOnLoad="1""#, "")
    }

    /// `bytes` with `from` replaced by `to` in the XML of `part`.
    fn with_part_xml(bytes: &[u8], part: &str, from: &str, to: &str) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        let mut z = zip::ZipWriter::new(Cursor::new(&mut out));
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().to_owned();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            if name == part {
                let xml = String::from_utf8(data).unwrap();
                assert!(xml.contains(from), "{xml}");
                data = xml.replace(from, to).into_bytes();
            }
            z.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            z.write_all(&data).unwrap();
        }
        z.finish().unwrap();
        out
    }

    /// A sheet of `book` with `paths` in its paths row and a first zone named `name`.
    fn zones_sheet<'b>(
        book: &'b mut rust_xlsxwriter::Workbook,
        paths: &[&str],
        name: &str,
    ) -> &'b mut rust_xlsxwriter::Worksheet {
        let sheet = book.add_worksheet();
        for (c, path) in (0u16..).zip(paths) {
            sheet.write_string(PATHS_ROW, c, *path).unwrap();
        }
        sheet.write_string(FIRST_DATA_ROW, 0, name).unwrap();
        sheet
    }

    #[test]
    fn a_formula_without_its_result_is_an_error_not_an_empty_cell() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let mut book = rust_xlsxwriter::Workbook::new();
        let paths = ["zone.name", "quality.spot_check_pass_rate_pct", "zone.town"];
        let sheet = zones_sheet(&mut book, &paths, "永嘉瓯北阀门优质产品生产示范区");
        let formula = rust_xlsxwriter::Formula::new("=90+5").set_result("95");
        sheet.write_formula(FIRST_DATA_ROW, 1, formula).unwrap();
        sheet.write_formula(FIRST_DATA_ROW, 2, rust_xlsxwriter::Formula::new("=\"瓯北\"").set_result("瓯北")).unwrap();
        let saved = as_excel_saves(&book.save_to_buffer().unwrap());
        // As Excel saved it: the results are read.
        let rows = read_workbook(&saved, &rules).unwrap();
        assert_eq!(rows[0].cells[1].1, Cell::Number(95.0));
        // As a program that does not calculate writes it: no result kept.
        let unsaved = with_sheet_xml(&saved, "<v>95</v>", "");
        let rows = read_workbook(&unsaved, &rules).unwrap();
        assert_eq!(rows[0].cells[1].1, Cell::Formula("=90+5".into()));
        let reading = rows[0].read(&rules);
        let (path, error) = &reading.errors[0];
        assert_eq!((path.as_str(), error.code.as_str()), ("quality.spot_check_pass_rate_pct", "unreadable_text"));
        assert!(
            error.message.zh.contains("「=90+5」是公式") && error.message.en.contains("open and save"),
            "{error:?}"
        );
        let answer = rows[0].score(&rules);
        let cells = rows[0].error_cells(&answer);
        assert!(cells.iter().any(|(p, r)| p == "/quality/spot_check_pass_rate_pct" && r.ends_with("!B4")), "{cells:?}");
        // A text field's formula, too, is not read as its text.
        let unsaved = with_sheet_xml(&unsaved, "<v>瓯北</v>", "");
        let rows = read_workbook(&unsaved, &rules).unwrap();
        assert_eq!(rows[0].cells[2].1, Cell::Formula("=\"瓯北\"".into()));
        assert_eq!(rows[0].read(&rules).errors.len(), 2);
    }

    #[test]
    fn a_formula_in_a_workbook_not_yet_calculated_is_an_error_not_its_placeholder() {
        // XlsxWriter and rust_xlsxwriter keep 0 as every formula's result and mark the
        // workbook to be calculated when opened: the 0 is no result.
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = zones_sheet(&mut book, &["zone.name", "quality.spot_check_pass_rate_pct"], "瓯北");
        sheet.write_formula(FIRST_DATA_ROW, 1, rust_xlsxwriter::Formula::new("=SUM(C4:D4)")).unwrap();
        let written = book.save_to_buffer().unwrap();
        let placeholder = read_workbook(&as_excel_saves(&written), &rules).unwrap();
        assert_eq!(placeholder[0].cells[1].1, Cell::Number(0.0), "the workbook keeps 0");
        let rows = read_workbook(&written, &rules).unwrap();
        assert_eq!(rows[0].cells[1].1, Cell::Formula("=SUM(C4:D4)".into()));
        let reading = rows[0].read(&rules);
        assert_eq!(reading.errors.len(), 1, "{:?}", reading.errors);
        assert_eq!(reading.errors[0].1.code, "unreadable_text");
        // A typed value in the same workbook is read as typed.
        assert_eq!(rows[0].cells[0].1, Cell::Text("瓯北".into()));
    }

    #[test]
    fn a_broken_sheet_is_named_not_taken_for_a_sheet_without_paths() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let mut book = rust_xlsxwriter::Workbook::new();
        zones_sheet(&mut book, &["zone.name"], "瓯北").set_name("示范区").unwrap();
        let saved = book.save_to_buffer().unwrap();
        // The zone's name points past the workbook's shared strings.
        let broken = with_sheet_xml(&saved, r#"<c r="A4" t="s"><v>1</v>"#, r#"<c r="A4" t="s"><v>999999</v>"#);
        let e = read_workbook(&broken, &rules).unwrap_err();
        assert_eq!(e.code(), "not_a_workbook", "{e}");
        assert!(e.message().zh.contains("“示范区”"), "{}", e.message().zh);
        // Beside a sheet that is read, too: its own rows would be lost unsaid.
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().set_name("二区").unwrap().write_string(PATHS_ROW, 0, "zone.name").unwrap();
        zones_sheet(&mut book, &["zone.name"], "瓯北");
        let saved = book.save_to_buffer().unwrap();
        assert_eq!(read_workbook(&saved, &rules).unwrap().len(), 1);
        let broken = with_sheet_xml(&saved, r#"<c r="A3" t="s"><v>0</v>"#, r#"<c r="A3" t="s"><v>999999</v>"#);
        let e = read_workbook(&broken, &rules).unwrap_err();
        assert!(e.code() == "not_a_workbook" && e.message().en.contains("“二区”"), "{e}");
    }

    #[test]
    fn a_formula_saved_with_an_empty_result_leaves_its_row_blank() {
        // `=IF(A4="","",…)` filled down a sheet and saved by Excel: an empty text, not a row.
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = zones_sheet(&mut book, &["zone.name", "zone.town"], "瓯北");
        let formula = rust_xlsxwriter::Formula::new("=IF(A5=\"\",\"\",\"瓯北镇\")").set_result("x");
        sheet.write_formula(FIRST_DATA_ROW + 1, 1, formula).unwrap();
        // As Excel saves a formula whose result is empty text (`t="str"`, an empty value).
        let saved = with_sheet_xml(&as_excel_saves(&book.save_to_buffer().unwrap()), "<v>x</v>", "<v></v>");
        let rows = read_workbook(&saved, &rules).unwrap();
        assert_eq!(rows.len(), 1, "{rows:?}");
    }

    #[test]
    fn a_chart_sheet_is_passed_over() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let mut book = rust_xlsxwriter::Workbook::new();
        zones_sheet(&mut book, &["zone.name", "industry.output_10k_cny"], "瓯北")
            .write_number(FIRST_DATA_ROW, 1, 52000)
            .unwrap();
        let mut chart = rust_xlsxwriter::Chart::new(rust_xlsxwriter::ChartType::Column);
        chart.add_series().set_values("Sheet1!$B$4:$B$4");
        book.add_chartsheet().insert_chart(0, 0, &chart).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert_eq!(read_sheets(&bytes, None).unwrap().len(), 1);
        assert_eq!(read_workbook(&bytes, &rules).unwrap().len(), 1);
    }

    #[test]
    fn an_error_cell_is_an_error_in_any_field() {
        let cell = cell_of(&Data::Error(calamine::CellErrorType::Div0), false);
        assert_eq!(cell, Cell::Error("#DIV/0!".into()));
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let na = Cell::Error("#N/A".into());
        let reading = rules.read_cells(&[("zone.town".into(), na.clone()), ("zone.name".into(), na)]);
        // A text field does not take it as its text.
        assert_eq!(reading.errors.len(), 2, "{:?}", reading.errors);
        let (_, error) = reading.errors.iter().find(|(path, _)| path == "zone.town").unwrap();
        assert_eq!(error.code, "unreadable_text");
        assert!(error.message.zh.starts_with("「#N/A」是 Excel 的错误值"), "{}", error.message.zh);
    }

    #[test]
    fn rows_of_formulas_without_results_past_the_last_value_are_read() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let mut book = rust_xlsxwriter::Workbook::new();
        let formula = rust_xlsxwriter::Formula::new("=\"桥头\"").set_result("桥头");
        zones_sheet(&mut book, &["zone.name"], "瓯北").write_formula(FIRST_DATA_ROW + 1, 0, formula).unwrap();
        let unsaved = with_sheet_xml(&book.save_to_buffer().unwrap(), "<v>桥头</v>", "");
        let rows = read_workbook(&unsaved, &rules).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].cells[0].1, Cell::Formula("=\"桥头\"".into()));
    }

    #[test]
    fn a_filled_template_reads_back() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let fields = rules.form_fields();
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("My zones").unwrap();
        for (c, f) in (0u16..).zip(&fields) {
            sheet.write_string(PATHS_ROW, c, &f.path).unwrap();
        }
        sheet.write_string(FIRST_DATA_ROW + 2, 0, "永嘉瓯北阀门优质产品生产示范区").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let rows = read_workbook(&bytes, &rules).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].row, FIRST_DATA_ROW + 3);
        assert_eq!(rows[0].name("b.xlsx"), "b.xlsx!My zones!6");
        let answer = rows[0].score(&rules);
        let cells = rows[0].error_cells(&answer);
        assert!(cells.iter().any(|(_, r)| r.starts_with("'My zones'!")), "{cells:?}");
        let sheets = read_sheets(&bytes, None).unwrap();
        assert_eq!(sheets[0].ruleset, Some("zone-qualification"));
    }
}
