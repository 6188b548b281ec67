//! The results workbook: a summary sheet (one row per submission, coloured by grade), a
//! scorecard sheet per scored zone and an errors sheet (one row per field error, with the
//! cell it was typed in). Every figure is the answer's; nothing is computed here.

use super::names::SheetNames;
use super::numbers::write_decimal;
use super::scorecard::{scorecard_sheet, Card, Styles};
use super::{col_num, row_num, Lang, XlsxError};
use crate::api::Ruleset;
use crate::report::{Answer, Report};
use rust_xlsxwriter::{Color, ConditionalFormatFormula, Format, Url, Worksheet};

/// One answer to put in the results workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultEntry {
    /// Where the submission came from (`zone.json`, `book.xlsx!示范区!4`).
    pub source: String,
    /// The engine's answer.
    pub answer: Answer,
    /// For a workbook row: JSON pointer → `示范区!F7` of its errors (see [`super::SheetRow::error_cells`]).
    pub cells: Vec<(String, String)>,
    /// For a submission that was not scored: the subject it still names
    /// ([`Ruleset::subject_given`]), shown in the summary's subject columns.
    pub subject: Vec<crate::report::SubjectField>,
}

impl ResultEntry {
    /// An entry without cell references.
    pub fn new(source: impl Into<String>, answer: Answer) -> Self {
        Self { source: source.into(), answer, cells: Vec::new(), subject: Vec::new() }
    }

    /// The entry with the cells its errors were typed in.
    #[must_use]
    pub fn with_cells(mut self, cells: Vec<(String, String)>) -> Self {
        self.cells = cells;
        self
    }

    /// The entry of a submission that was not scored, with the subject it still names.
    #[must_use]
    pub fn with_subject(mut self, subject: Vec<crate::report::SubjectField>) -> Self {
        self.subject = subject;
        self
    }
}

/// Fills of grades, best first: green, blue, yellow, orange, red.
const GRADE_FILLS: [u32; 5] = [0xC6EFCE, 0xDDEBF7, 0xFFEB9C, 0xF8CBAD, 0xFFC7CE];

/// The results workbook of `entries`, in `lang`, as the bytes of an `.xlsx` file.
///
/// `rulesets` (those that scored the entries, or none) give the subject columns their
/// labels and the clauses their Chinese numbering; without them the columns are named by
/// JSON pointer and clauses by id. Points and scores are Excel numbers whose format shows
/// the decimals of the engine's text (see the note on exactness in the module docs): the
/// final score shows the rules' rounding, never rounded further. Sheet names are made valid
/// (at most 31 characters, none of `[]:*?/\`) and unique.
pub fn results_workbook(entries: &[ResultEntry], rulesets: &[&Ruleset], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let l = lang;
    let mut book = super::new_workbook()?;
    book.define_name(super::RESULTS_NAME, "=\"zonescore\"")?;
    let mut names = SheetNames::default();
    let summary_name = names.unique(l.pick("汇总", "Summary"));
    let errors_name = names.unique(l.pick("错误", "Errors"));
    // The scorecard sheets' names, decided first so the summary can link to them.
    let cards: Vec<Option<String>> = entries
        .iter()
        .map(|e| match &e.answer {
            Answer::Success(r) => Some(names.unique(&card_name(r, &e.source))),
            Answer::Failure(_) => None,
        })
        .collect();
    summary_sheet(book.add_worksheet().set_name(&summary_name)?, entries, &cards, rulesets, l)?;
    errors_sheet(book.add_worksheet().set_name(&errors_name)?, entries, l)?;
    for (entry, name) in entries.iter().zip(&cards) {
        if let (Answer::Success(r), Some(name)) = (&entry.answer, name) {
            let ruleset = rulesets.iter().copied().find(|rs| rs.id() == &*r.ruleset.id);
            let card = Card { source: &entry.source, ruleset, lang: l };
            scorecard_sheet(book.add_worksheet().set_name(name)?, r, &card)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

/// A scorecard sheet's name: the subject's first value (the zone's name), else the source.
fn card_name(r: &Report, source: &str) -> String {
    let subject = r.subject.first().map(|s| s.value.as_str()).filter(|v| !v.trim().is_empty());
    let base = subject.unwrap_or(source);
    match &r.year {
        Some(year) => format!("{year} {base}"),
        None => base.to_owned(),
    }
}

/// Unions over the reports, in first-seen order: subject pointers, dimensions and items.
struct Columns {
    subject: Vec<String>,
    dimensions: Vec<(String, String)>,
    items: Vec<(String, String)>,
    grades: Vec<String>,
}

fn columns(entries: &[ResultEntry], l: Lang) -> Columns {
    let mut c = Columns { subject: Vec::new(), dimensions: Vec::new(), items: Vec::new(), grades: Vec::new() };
    for e in entries {
        let named = match &e.answer {
            Answer::Success(r) => &r.subject,
            Answer::Failure(_) => &e.subject,
        };
        for s in named {
            if !c.subject.contains(&s.path) {
                c.subject.push(s.path.clone());
            }
        }
        let Answer::Success(r) = &e.answer else { continue };
        for d in &r.dimensions {
            if !c.dimensions.iter().any(|(id, _)| **id == *d.id) {
                c.dimensions.push((d.id.to_string(), format!("{} {}", d.id, l.text(&d.title))));
            }
        }
        for i in r.criteria.iter().chain(&r.bonus_items) {
            if !c.items.iter().any(|(id, _)| **id == *i.id) {
                c.items.push((i.id.to_string(), format!("{} {}", i.id, l.text(&i.title))));
            }
        }
        if !c.grades.iter().any(|g| **g == *r.grade) {
            c.grades.push(r.grade.to_string());
        }
    }
    // Grade codes sort best first in the bundled rulesets (A, B, C, D).
    c.grades.sort();
    c
}

fn summary_sheet(
    sheet: &mut Worksheet,
    entries: &[ResultEntry],
    cards: &[Option<String>],
    rulesets: &[&Ruleset],
    l: Lang,
) -> Result<(), XlsxError> {
    let s = Styles::new();
    let cols = columns(entries, l);
    let fields: Vec<crate::sheet::FormField> = rulesets.iter().flat_map(|r| r.form_fields()).collect();
    let label =
        |p: &str| fields.iter().find(|f| f.pointer == p).map_or_else(|| p.to_owned(), |f| l.text(&f.label).to_owned());
    // One column per label: two rulesets' zone names (`/zone/name`, `/town/zone_name`) are
    // one 示范区名称 column, each row filled from the fields its rules have.
    let mut subject: Vec<(String, Vec<&str>)> = Vec::new();
    for p in &cols.subject {
        let name = label(p);
        match subject.iter_mut().find(|(n, _)| *n == name) {
            Some((_, pointers)) => pointers.push(p),
            None => subject.push((name, vec![p])),
        }
    }
    let mut head: Vec<String> = vec![l.pick("来源", "Source").into()];
    head.extend(subject.iter().map(|(name, _)| name.clone()));
    let fixed = [
        l.pick("年度", "Year"),
        l.pick("最终得分", "Final score"),
        l.pick("等级", "Grade"),
        l.pick("结论", "Outcome"),
        l.pick("评分表", "Scorecard"),
        l.pick("提示", "Warnings"),
    ];
    head.extend(fixed.iter().map(|h| (*h).to_owned()));
    let grade_col = col_num(subject.len() + 3)?;
    head.extend(cols.dimensions.iter().map(|(_, t)| t.clone()));
    head.extend(cols.items.iter().map(|(_, t)| t.clone()));
    for (col, h) in (0u16..).zip(&head) {
        sheet.write_string_with_format(0, col, h, &s.head)?;
    }
    for (i, (e, card)) in entries.iter().zip(cards).enumerate() {
        let row = row_num(i + 1)?;
        sheet.write_string(row, 0, &e.source)?;
        let mut col = 1usize;
        let named = match &e.answer {
            Answer::Success(r) => &r.subject,
            Answer::Failure(_) => &e.subject,
        };
        for (_, pointers) in &subject {
            let values: Vec<&str> =
                named.iter().filter(|v| pointers.contains(&v.path.as_str())).map(|v| v.value.as_str()).collect();
            if !values.is_empty() {
                sheet.write_string(row, col_num(col)?, values.join(" / "))?;
            }
            col += 1;
        }
        let Answer::Success(r) = &e.answer else {
            let at = col_num(col + 3)?;
            let word = crate::Failure::word();
            sheet.write_string(row, at, format!("{}{}", l.text(&word), l.pick("（见错误表）", " (see Errors)")))?;
            continue;
        };
        if let Some(year) = &r.year {
            write_decimal(sheet, row, col_num(col)?, year, &Format::new())?;
        }
        write_decimal(sheet, row, col_num(col + 1)?, &r.final_score, &Format::new())?;
        sheet.write_string(row, col_num(col + 2)?, format!("{} {}", r.grade, l.text(&r.grade_label)))?;
        sheet.write_string(row, col_num(col + 3)?, l.text(&r.conclusion))?;
        if let Some(name) = card {
            let link = Url::new(format!("internal:{}!A1", super::names::sheet_ref(name))).set_text(name);
            sheet.write_url(row, col_num(col + 4)?, link)?;
        }
        // What the scorecard warns of (a year outside the rules' period, a percentage typed
        // as a fraction), so that the summary does not pass over it.
        if !r.warnings.is_empty() {
            sheet.write_string(row, col_num(col + 5)?, l.text(&r.warnings_line()))?;
        }
        col += 6;
        for (id, _) in &cols.dimensions {
            if let Some(d) = r.dimensions.iter().find(|d| *d.id == **id) {
                write_decimal(sheet, row, col_num(col)?, &d.points, &Format::new())?;
            }
            col += 1;
        }
        for (id, _) in &cols.items {
            if let Some(c) = r.criteria.iter().chain(&r.bonus_items).find(|c| *c.id == **id && c.applicable) {
                write_decimal(sheet, row, col_num(col)?, &c.points, &Format::new())?;
            }
            col += 1;
        }
    }
    let last_row = row_num(entries.len().max(1))?;
    let last_col = col_num(head.len().saturating_sub(1))?;
    let letters = super::names::column_letters(usize::from(grade_col));
    let n = cols.grades.len();
    for (i, grade) in cols.grades.iter().enumerate() {
        // Best grade green, worst red, those between spread over the fills.
        let at = if n <= 1 { 0 } else { i * (GRADE_FILLS.len() - 1) / (n - 1) };
        let fill = GRADE_FILLS.get(at).copied().unwrap_or(0xFFFFFF);
        let code = grade.replace('"', "\"\"");
        let rule = format!("=LEFT(${letters}2,{})=\"{code} \"", grade.chars().count() + 1);
        let cf = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(Format::new().set_background_color(Color::RGB(fill)));
        sheet.add_conditional_format(1, 0, last_row, last_col, &cf)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    // Widths a zone's name and a conclusion fit in (a long 示范区名称 is cut off at Excel's
    // default), points narrow.
    let fixed = [8.0, 10.0, 12.0, 36.0, 24.0, 30.0];
    let widths = std::iter::once(36.0).chain(subject.iter().map(|_| 28.0)).chain(fixed);
    for (col, width) in (0u16..).zip(widths.chain(std::iter::repeat(12.0))).take(usize::from(last_col) + 1) {
        sheet.set_column_width(col, width)?;
    }
    sheet.autofilter(0, 0, last_row, last_col)?;
    Ok(())
}

fn errors_sheet(sheet: &mut Worksheet, entries: &[ResultEntry], l: Lang) -> Result<(), XlsxError> {
    let s = Styles::new();
    let head = [
        l.pick("来源", "Source"),
        l.pick("单元格", "Cell"),
        l.pick("路径", "Path"),
        l.pick("代码", "Code"),
        l.pick("说明", "Message"),
    ];
    for (col, h) in (0u16..).zip(head) {
        sheet.write_string_with_format(0, col, h, &s.head)?;
    }
    let mut row = 1u32;
    for e in entries {
        let Answer::Failure(f) = &e.answer else { continue };
        let cell_of = |path: &str| e.cells.iter().find(|(p, _)| *p == path).map_or("", |(_, c)| c.as_str());
        // A row's errors in the order of its columns (B before AA), as the office reads the
        // row; those of no cell (the whole submission, a missing column) after them.
        let mut errors: Vec<_> = f.errors.iter().map(|err| (cell_of(&err.path), err)).collect();
        errors.sort_by_key(|(cell, _)| {
            let letters: String =
                cell.rsplit('!').next().unwrap_or_default().chars().take_while(char::is_ascii_uppercase).collect();
            (letters.is_empty(), letters.len(), letters)
        });
        for (cell, err) in errors {
            let place = crate::error_place(&err.path);
            for (col, text) in (0u16..).zip([e.source.as_str(), cell, l.text(&place), &err.code, l.text(&err.message)])
            {
                sheet.write_string(row, col, text)?;
            }
            row += 1;
        }
        if let Some(more) = f.unlisted_line() {
            sheet.write_string(row, 0, &e.source)?;
            sheet.write_string(row, 4, l.text(&more))?;
            row += 1;
        }
    }
    for (col, width) in [(0u16, 36), (1, 12), (2, 36), (3, 18), (4, 70)] {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}
