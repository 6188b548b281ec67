//! Reading filled workbooks: every sheet whose third row holds a ruleset's dotted field
//! paths, each non-empty row below it one submission, each cell kept with its `Sheet!A1`
//! reference so that an error can be shown where it was typed.

use crate::template::{FIRST_DATA_ROW, PATHS_ROW};
use calamine::{open_workbook, Data, Reader, Xlsx};
use std::path::Path;
use zonescore::input::{dotted_to_pointer, Input};
use zonescore::{Cell, Ruleset};

/// One filled row of a sheet.
pub struct SheetRow {
    /// `book.xlsx!示范区!4`: the file, the sheet and the row number.
    pub name: String,
    /// The cells by dotted field path.
    pub cells: Vec<(String, Cell)>,
    /// JSON pointer → `示范区!F7`, for every path column.
    pub refs: Vec<(String, String)>,
}

/// The filled rows of the sheets written for one ruleset.
pub struct SheetRows {
    /// The bundled ruleset the paths row names, when no ruleset was given.
    pub ruleset: Option<&'static str>,
    pub rows: Vec<SheetRow>,
}

/// Whether a path names an Excel workbook (`.xlsx`, `.xlsm`).
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A sheet name as a cell reference writes it: quoted when it holds spaces or punctuation.
fn sheet_ref(sheet: &str) -> String {
    if sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_owned()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

fn is_dotted_path(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|seg| !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Float(f) => Cell::Number(*f),
        // Exact as text: an i64 may not fit a float.
        Data::Int(i) => Cell::Text(i.to_string()),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e}")),
    }
}

fn is_blank(cell: &Cell) -> bool {
    match cell {
        Cell::Empty => true,
        Cell::Text(t) => t.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').is_empty(),
        _ => false,
    }
}

/// Reads the workbook at `path` (named `name` in output). With `ruleset`, the sheets whose
/// paths row names one of its fields; without, the sheets whose paths row a bundled
/// ruleset is detected from. An unreadable workbook, or one without such a sheet, is an
/// error message in the language of the run.
pub fn read(path: &Path, name: &str, ruleset: Option<&Ruleset>) -> Result<Vec<SheetRows>, String> {
    let l = crate::lang::Lang::current();
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| {
        l.pick(
            &format!("{name}：不是可读取的 Excel 工作簿（.xlsx）：{e}"),
            &format!("{name}: not a readable Excel workbook (.xlsx): {e}"),
        )
        .to_owned()
    })?;
    let known: Vec<String> = ruleset.map(|r| r.form_fields().into_iter().map(|f| f.path).collect()).unwrap_or_default();
    let mut out = Vec::new();
    for sheet in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&sheet) else { continue };
        let Some((_, last_col)) = range.end() else { continue };
        let Some((last_row, _)) = range.end() else { continue };
        let columns: Vec<(u32, String)> = (0..=last_col)
            .filter_map(|c| match range.get_value((PATHS_ROW, c)) {
                Some(Data::String(s)) if is_dotted_path(s.trim()) => Some((c, s.trim().to_owned())),
                _ => None,
            })
            .collect();
        let detected = match ruleset {
            Some(_) if columns.iter().any(|(_, p)| known.contains(p)) => None,
            Some(_) => continue,
            None => {
                let tops =
                    columns.iter().map(|(_, p)| (p.split('.').next().unwrap_or_default().to_owned(), Input::Null));
                match zonescore::detect_ruleset(&Input::Object(tops.collect())) {
                    Some(id) => Some(id),
                    None => continue,
                }
            }
        };
        let mut rows = Vec::new();
        for r in FIRST_DATA_ROW..=last_row {
            let cells: Vec<(String, Cell)> = columns
                .iter()
                .map(|(c, p)| (p.clone(), range.get_value((r, *c)).map_or(Cell::Empty, cell_of)))
                .collect();
            if cells.iter().all(|(_, c)| is_blank(c)) {
                continue;
            }
            let row_number = r + 1;
            let refs = columns
                .iter()
                .map(|(c, p)| {
                    let col = usize::try_from(*c).unwrap_or_default();
                    (dotted_to_pointer(p), format!("{}!{}{row_number}", sheet_ref(&sheet), column_letters(col)))
                })
                .collect();
            rows.push(SheetRow { name: format!("{name}!{sheet}!{row_number}"), cells, refs });
        }
        out.push(SheetRows { ruleset: detected, rows });
    }
    if out.is_empty() {
        return Err(l
            .pick(
                &format!("{name}：没有一张工作表在第 3 行给出规则集的字段路径（用 `zonescore template` 生成模板）"),
                &format!("{name}: no sheet holds the ruleset's field paths in row 3 (make a template with `zonescore template`)"),
            )
            .to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        let got: Vec<String> = [0, 5, 25, 26, 27, 51, 52, 701, 702].into_iter().map(column_letters).collect();
        assert_eq!(got, ["A", "F", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn sheet_names_are_quoted_when_needed() {
        assert_eq!(sheet_ref("示范区"), "示范区");
        assert_eq!(sheet_ref("My zones"), "'My zones'");
    }
}
