//! The template: a fillable workbook made from a ruleset's field declarations, one zone per
//! row, read back by [`super::read_sheets`] through its row of field paths.
//!
//! One row per zone rather than one sheet per submission: a county collects many zones in
//! one table, sorts and filters it, and the sheet reads back as a DataFrame.

use super::names::column_letters;
use super::{col_num, row_num, truncate, Lang, XlsxError};
use crate::api::Ruleset;
use crate::model::FieldType;
use crate::sheet::FormField;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet,
};

/// The row (0-based) that holds the dotted field paths the reader finds its columns by.
pub const PATHS_ROW: u32 = 2;
/// The first row (0-based) of submissions.
pub const FIRST_DATA_ROW: u32 = 3;
/// Rows given data validation: 1,000 zones.
const LAST_DATA_ROW: u32 = FIRST_DATA_ROW + 999;

/// The template workbook of a ruleset, in `lang`, as the bytes of an `.xlsx` file.
pub fn template_workbook(ruleset: &Ruleset, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    Ok(build(ruleset, lang)?.save_to_buffer()?)
}

fn build(ruleset: &Ruleset, lang: Lang) -> Result<Workbook, XlsxError> {
    let fields = ruleset.form_fields();
    let mut book = super::new_workbook()?;
    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("示范区", "Submissions"))?;
    submissions_sheet(sheet, &fields, lang)?;
    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("填写说明", "Instructions"))?;
    super::template_notes::instructions_sheet(sheet, ruleset, &fields, lang)?;
    let choices = book.add_worksheet();
    choices.set_name(choices_name(lang))?;
    choices_sheet(choices, &fields, lang)?;
    // The rules it was made from, for the reader to tell a workbook scored with others.
    book.define_name(super::RULES_DIGEST_NAME, &format!("=\"{}\"", ruleset.digest()))?;
    Ok(book)
}

/// The name of the sheet holding each enum's choices, one column per field, for the
/// dropdowns (a list written into the validation itself is limited to 255 characters).
fn choices_name(lang: Lang) -> &'static str {
    lang.pick("选项", "Choices")
}

fn choices_sheet(sheet: &mut Worksheet, fields: &[FormField], lang: Lang) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (col, f) in enums(fields).enumerate() {
        let col = col_num(col)?;
        sheet.write_string_with_format(0, col, lang.text(&f.label), &bold)?;
        for (row, v) in f.values.iter().enumerate() {
            sheet.write_string(row_num(row + 1)?, col, lang.text(&v.title))?;
        }
        sheet.set_column_width(col, 18)?;
    }
    Ok(())
}

fn enums(fields: &[FormField]) -> impl Iterator<Item = &FormField> {
    fields.iter().filter(|f| f.field_type == FieldType::Enum)
}

/// A field's column heading: label, unit, and `*` when required.
pub(super) fn heading(f: &FormField, lang: Lang) -> String {
    let mut s = lang.text(&f.label).to_owned();
    if let Some(unit) = f.unit.as_ref().filter(|u| !lang.text(u).is_empty()) {
        let unit = lang.text(unit);
        s.push_str(&match lang {
            Lang::Zh => format!("（{unit}）"),
            Lang::En => format!(" ({unit})"),
        });
    }
    if f.required {
        s.push_str(" *");
    }
    s
}

fn submissions_sheet(sheet: &mut Worksheet, fields: &[FormField], lang: Lang) -> Result<(), XlsxError> {
    let group_format = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let label_format = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let required_format = label_format.clone().set_bold();
    let path_format = Format::new().set_font_size(8).set_font_color(Color::Gray);
    // Row 1: group titles, merged across their columns.
    let mut start = 0usize;
    for end in 1..=fields.len() {
        let title = |i: usize| fields.get(i).and_then(|f| f.group.as_ref()).map(|g| lang.text(g).to_owned());
        if end < fields.len() && title(end) == title(start) {
            continue;
        }
        let text = title(start).unwrap_or_default();
        let (first, last) = (col_num(start)?, col_num(end - 1)?);
        if first == last {
            sheet.write_string_with_format(0, first, &text, &group_format)?;
        } else {
            sheet.merge_range(0, first, 0, last, &text, &group_format)?;
        }
        start = end;
    }
    let mut choices_col = 0usize;
    for (i, f) in fields.iter().enumerate() {
        let col = col_num(i)?;
        let format = if f.required { &required_format } else { &label_format };
        sheet.write_string_with_format(1, col, heading(f, lang), format)?;
        sheet.write_string_with_format(PATHS_ROW, col, &f.path, &path_format)?;
        sheet.set_column_width(col, if f.field_type == FieldType::Text { 24 } else { 14 })?;
        let validation = match f.field_type {
            FieldType::Enum => {
                let letters = column_letters(choices_col);
                let last = f.values.len() + 1;
                choices_col += 1;
                let range = format!("='{}'!${letters}$2:${letters}${last}", choices_name(lang));
                Some(DataValidation::new().allow_list_formula(range.as_str().into()))
            }
            FieldType::Bool => {
                Some(DataValidation::new().allow_list_strings(&[lang.pick("是", "yes"), lang.pick("否", "no")])?)
            }
            FieldType::Integer | FieldType::Count => Some(DataValidation::new().allow_whole_number(whole_rule(f))),
            FieldType::Decimal | FieldType::Percent | FieldType::Amount => {
                Some(DataValidation::new().allow_decimal_number(decimal_rule(f)))
            }
            FieldType::Text => {
                let most = u32::try_from(f.max_length).unwrap_or(u32::MAX);
                Some(DataValidation::new().allow_text_length(DataValidationRule::LessThanOrEqualTo(most)))
            }
        };
        if let Some(v) = validation {
            let v = with_message(v, f, lang)?;
            sheet.add_data_validation(FIRST_DATA_ROW, col, LAST_DATA_ROW, col, &v)?;
        }
    }
    sheet.set_row_height(1, 45)?;
    sheet.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    let note = Note::new(lang.pick(
        "第 3 行是字段路径：zonescore 按这一行找到各列，请勿修改或删除。从第 4 行起每行填写一个示范区；列的顺序可以调整。",
        "Row 3 holds the field paths: zonescore finds each column by this row, so do not change or delete it. From row 4, one zone per row; columns may be reordered.",
    ))
    .set_author("zonescore")
    .set_width(360)
    .set_height(100);
    sheet.insert_note(PATHS_ROW, 0, &note)?;
    Ok(())
}

fn with_message(v: DataValidation, f: &FormField, lang: Lang) -> Result<DataValidation, XlsxError> {
    let title = truncate(lang.text(&f.label), 32);
    let mut message = String::new();
    if let Some(help) = &f.help {
        message.push_str(lang.text(help));
    }
    if let Some(range) = range_words(f, lang) {
        if !message.is_empty() {
            message.push('\n');
        }
        message.push_str(&range);
    }
    let v = v.set_input_title(title)?;
    if message.is_empty() {
        return Ok(v);
    }
    Ok(v.set_input_message(truncate(&message, 255))?)
}

/// The range a number must be in, in words (`0 – 100`, `≥ 0`).
fn range_words(f: &FormField, lang: Lang) -> Option<String> {
    let what = match f.field_type {
        FieldType::Integer | FieldType::Count => lang.pick("整数", "whole number"),
        t if t.is_numeric() => lang.pick("数值", "number"),
        _ => return None,
    };
    let bounds = match (f.min, f.max) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        (Some(a), None) => format!("≥ {a}"),
        (None, Some(b)) => format!("≤ {b}"),
        (None, None) => return Some(what.to_owned()),
    };
    Some(format!("{what} {bounds}"))
}

/// A decimal bound as an Excel number (bounds are short decimals: 0, 100, 2000).
fn parsed<T: std::str::FromStr>(d: Option<impl ToString>) -> Option<T> {
    d.and_then(|d| d.to_string().parse::<T>().ok())
}

fn whole_rule(f: &FormField) -> DataValidationRule<i32> {
    match (parsed::<i32>(f.min), parsed::<i32>(f.max)) {
        (Some(a), Some(b)) => DataValidationRule::Between(a, b),
        (Some(a), None) => DataValidationRule::GreaterThanOrEqualTo(a),
        (None, Some(b)) => DataValidationRule::LessThanOrEqualTo(b),
        (None, None) => DataValidationRule::Between(i32::MIN, i32::MAX),
    }
}

fn decimal_rule(f: &FormField) -> DataValidationRule<f64> {
    match (parsed::<f64>(f.min), parsed::<f64>(f.max)) {
        (Some(a), Some(b)) => DataValidationRule::Between(a, b),
        (Some(a), None) => DataValidationRule::GreaterThanOrEqualTo(a),
        (None, Some(b)) => DataValidationRule::LessThanOrEqualTo(b),
        (None, None) => DataValidationRule::Between(-1e300, 1e300),
    }
}
