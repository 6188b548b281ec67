//! The template's instructions sheet: how to fill it, the cross-field rules in words, the
//! ruleset's identity, and every column with its type, unit and range.

use super::names::column_letters;
use super::template::heading;
use super::{truncate, Lang, XlsxError};
use crate::api::Ruleset;
use crate::sheet::FormField;
use rust_xlsxwriter::{Format, Worksheet};

pub(super) fn instructions_sheet(
    sheet: &mut Worksheet,
    ruleset: &Ruleset,
    fields: &[FormField],
    lang: Lang,
) -> Result<(), XlsxError> {
    let info = ruleset.info();
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let mut row = 0u32;
    let mut line = |sheet: &mut Worksheet, text: &str, format: Option<&Format>| -> Result<(), XlsxError> {
        match format {
            Some(f) => sheet.write_string_with_format(row, 0, text, f)?,
            None => sheet.write_string(row, 0, text)?,
        };
        row += 1;
        Ok(())
    };
    let heading_text = format!("{} — {}", lang.text(&info.title), lang.pick("填写说明", "how to fill in"));
    line(sheet, &heading_text, Some(&title))?;
    line(sheet, "", None)?;
    let how: [(&str, &str); 6] = [
        (
            "1. 每行填写一个示范区：一个县（市、区）可以在一张表中收集多个示范区，读回时也是一张数据表（每行一个示范区）。",
            "1. One zone per row: a county collects many zones in one table, and the sheet reads back as a data frame (one row per zone).",
        ),
        (
            "2. 第 1 行是分组，第 2 行是字段名称（带 * 且加粗的为必填），第 3 行是字段路径：zonescore 按第 3 行找到各列，请勿修改或删除；列的顺序可以调整。",
            "2. Row 1 holds the groups, row 2 the field names (bold with * when required), row 3 the field paths: zonescore finds each column by row 3, so do not change or delete it; columns may be reordered.",
        ),
        (
            "3. 数字直接填写，也可以写成文字（1,180,000、2013年、全角数字），按原样精确读取。百分数填 94.6（表示 94.6%）；不要把单元格设为百分比格式，Excel 会把 94.6% 存成 0.946。",
            "3. Type numbers as numbers; text such as 1,180,000 or 2013年 is read exactly too. A percent is 94.6 (for 94.6%); do not give the cell a percentage format, which makes Excel store 94.6% as 0.946.",
        ),
        (
            "4. 是/否 栏填“是”或“否”（也接受 TRUE/FALSE）；选项栏从下拉列表中选择（也接受代码或英文名称）。",
            "4. Yes/no columns take yes or no (是/否, TRUE/FALSE); choice columns take an item of the dropdown (or its code, or its Chinese name).",
        ),
        (
            "5. 空白单元格视为未填写；整行空白的行会被跳过。错误按单元格报告（如 示范区!F7）。",
            "5. An empty cell is missing; entirely empty rows are skipped. Errors are reported by cell (such as Submissions!F7).",
        ),
        (
            "6. 评分：zonescore score 本文件.xlsx（--format csv 可得每行一个示范区的结果表）。",
            "6. To score: zonescore score this-file.xlsx (--format csv gives one result row per zone).",
        ),
    ];
    for (zh, en) in how {
        line(sheet, lang.pick(zh, en), None)?;
    }
    line(sheet, "", None)?;
    line(
        sheet,
        lang.pick("字段之间的约束（两项都填写时检查）", "Rules between fields (checked when both are filled)"),
        Some(&bold),
    )?;
    let constraints = ruleset.form_constraints();
    if constraints.is_empty() {
        line(sheet, lang.pick("（无）", "(none)"), None)?;
    }
    for c in &constraints {
        let text =
            format!("「{}」 {} 「{}」（{}）", lang.text(&c.left.label), c.op.sign(), lang.text(&c.right.label), c.id);
        line(sheet, &text, None)?;
    }
    line(sheet, "", None)?;
    line(sheet, lang.pick("规则集", "Ruleset"), Some(&bold))?;
    for (k, v) in [
        (lang.pick("编号", "id"), info.id.as_str()),
        (lang.pick("版本", "version"), info.version.as_str()),
        (lang.pick("依据文件", "source document"), info.source_document.as_str()),
        (lang.pick("规则文件校验码", "digest"), info.digest.as_str()),
    ] {
        line(sheet, &format!("{k}：{v}"), None)?;
    }
    line(sheet, "", None)?;
    line(sheet, lang.pick("各列", "Columns"), Some(&bold))?;
    let header = [
        lang.pick("列", "Column"),
        lang.pick("字段", "Field"),
        lang.pick("路径", "Path"),
        lang.pick("类型", "Type"),
        lang.pick("范围", "Range"),
        lang.pick("说明", "Help"),
    ];
    for (col, h) in (0u16..).zip(header) {
        sheet.write_string_with_format(row, col, h, &bold)?;
    }
    row += 1;
    for (i, f) in fields.iter().enumerate() {
        let range = match (f.min, f.max) {
            (Some(a), Some(b)) => format!("{a} – {b}"),
            (Some(a), None) => format!("≥ {a}"),
            (None, Some(b)) => format!("≤ {b}"),
            (None, None) => String::new(),
        };
        let help = f.help.as_ref().map(|h| lang.text(h).to_owned()).unwrap_or_default();
        let cells = [
            column_letters(i),
            heading(f, lang),
            f.path.clone(),
            type_word(f.field_type, lang).to_owned(),
            range,
            truncate(&help, 1000),
        ];
        for (col, text) in (0u16..).zip(cells) {
            sheet.write_string_with_format(row, col, &text, &wrap)?;
        }
        row += 1;
    }
    sheet.set_column_width(0, 8)?;
    for (col, width) in [(1u16, 30), (2, 36), (3, 10), (4, 14), (5, 60)] {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

/// A field's type as the person filling the template reads it (the rule file's name in
/// English: `text`, `percent`).
fn type_word(t: crate::model::FieldType, lang: Lang) -> &'static str {
    match lang {
        Lang::En => t.name(),
        Lang::Zh => t.word_zh(),
    }
}
