//! Filled workbooks read back: percentages as Excel keeps them (also in cells written without
//! their reference), a field named in two columns, dates.
#![allow(clippy::unwrap_used, clippy::panic)]

use crate::api::Ruleset;
use crate::sheet::Cell;
use crate::Input;
use rust_xlsxwriter::{Format, Workbook};

/// A sheet with the paths row and one row of numbers, each with its number format.
fn book(cells: &[(&str, f64, &str)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("示范区").unwrap();
    for (col, (path, value, format)) in (0u16..).zip(cells) {
        sheet.write_string(crate::xlsx::PATHS_ROW, col, *path).unwrap();
        let format = Format::new().set_num_format(*format);
        sheet.write_number_with_format(crate::xlsx::FIRST_DATA_ROW, col, *value, &format).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_percentage_typed_in_excel_reads_as_typed() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let bytes = book(&[
        // Excel keeps 94.6% typed into a cell as 0.946, formatted 0.0%.
        ("quality.spot_check_pass_rate_pct", 0.946, "0.0%"),
        ("quality.food_spot_check_pass_rate_pct", 0.9, "0%"),
        // A percent sign in quotes shows the number as it is.
        ("quality.standard_adoption_rate_pct", 97.5, "0.0\"%\""),
        // Not a percent field: the number kept.
        ("organization.dedicated_budget_10k_cny", 0.25, "0%"),
        ("zone.assessment_year", 2013.0, "0"),
    ]);
    assert_eq!(super::percent::percent_cells(&bytes).get("示范区").map(std::collections::HashSet::len), Some(3));
    let rows = crate::xlsx::read_workbook(&bytes, &rules).unwrap();
    let reading = rows.first().unwrap().read(&rules);
    assert!(reading.errors.is_empty(), "{:?}", reading.errors);
    let number = |path: &str| number_at(&reading.submission, path);
    assert_eq!(number("quality.spot_check_pass_rate_pct"), "94.6");
    assert_eq!(number("quality.food_spot_check_pass_rate_pct"), "90");
    assert_eq!(number("quality.standard_adoption_rate_pct"), "97.5");
    assert_eq!(number("organization.dedicated_budget_10k_cny"), "0.25");
    assert_eq!(number("zone.assessment_year"), "2013");
}

#[test]
fn a_field_in_two_columns_is_refused() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let bytes = book(&[
        ("quality.spot_check_pass_rate_pct", 94.6, "0.0"),
        ("zone.assessment_year", 2013.0, "0"),
        ("quality.spot_check_pass_rate_pct", 0.5, "0.0"),
    ]);
    let e = crate::xlsx::read_workbook(&bytes, &rules).unwrap_err();
    assert_eq!(e.code(), "repeated_column");
    assert_eq!(
        e.message().zh,
        "工作表「示范区」第 3 行：字段路径 quality.spot_check_pass_rate_pct 出现两次（A 列、C 列）：请删除其中一列"
    );
}

#[test]
fn a_column_with_values_and_no_path_is_refused_not_passed_over() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    // Its path typed over with the template's label, or cleared: the rate in it would be read
    // as not filled in, and the zone scored without it.
    for (header, found, said) in [("监督抽查合格率", "监督抽查合格率", "监督抽查合格率"), ("", "空", "nothing")]
    {
        let bytes = book(&[
            ("zone.assessment_year", 2013.0, "0"),
            (header, 94.6, "0.0"),
            ("quality.food_spot_check_pass_rate_pct", 99.0, "0.0"),
        ]);
        let e = crate::xlsx::read_workbook(&bytes, &rules).unwrap_err();
        assert_eq!(e.code(), "column_without_path", "{header}");
        assert!(
            e.message().zh.starts_with(&format!("工作表「示范区」B 列：下面填有值，但第 3 行不是字段路径（{found}）")),
            "{}",
            e.message().zh
        );
        assert!(e.message().en.contains(&format!("row 3 holds no field path ({said})")), "{}", e.message().en);
        assert!(e.message().en.contains("put back the field path the template has in row 3"), "{}", e.message().en);
    }
    // A column with nothing filled below its header is passed over, as before.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(crate::xlsx::PATHS_ROW, 0, "zone.assessment_year").unwrap();
    sheet.write_number(crate::xlsx::FIRST_DATA_ROW, 0, 2013.0).unwrap();
    sheet.write_string(0, 1, "备注").unwrap();
    sheet.write_string(crate::xlsx::FIRST_DATA_ROW, 1, "  ").unwrap();
    // A helper formula whose saved result is blank shows nothing, and holds nothing (the
    // writer saves "" as 0: a space stands for it).
    let helper = rust_xlsxwriter::Formula::new("=IF(A4=\"\",\"\",\" \")").set_result(" ");
    sheet.write_formula(crate::xlsx::FIRST_DATA_ROW, 2, helper).unwrap();
    // A note's key under `meta` is any text, as the message advises.
    sheet.write_string(crate::xlsx::PATHS_ROW, 3, "meta.备注").unwrap();
    sheet.write_string(crate::xlsx::FIRST_DATA_ROW, 3, "已复核").unwrap();
    let saved = saved_by_excel(&book.save_to_buffer().unwrap());
    let rows = crate::xlsx::read_workbook(&saved, &rules).unwrap();
    assert_eq!(rows.len(), 1);
    let reading = rows[0].read(&rules);
    assert_eq!(reading.submission.get("meta").and_then(|m| m.get("备注")), Some(&Input::String("已复核".into())));
}

#[test]
fn a_column_inside_another_columns_field_is_refused() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    for paths in
        [["zone.name", "zone.assessment_year", "zone.name.en"], ["zone.name.en", "zone.assessment_year", "zone.name"]]
    {
        let cells: Vec<(&str, f64, &str)> = paths.iter().map(|p| (*p, 1.0, "0")).collect();
        let e = crate::xlsx::read_workbook(&book(&cells), &rules).unwrap_err();
        assert_eq!(e.code(), "nested_column");
        let (inner, outer) = if paths[0] == "zone.name" { ("C", "A") } else { ("A", "C") };
        assert_eq!(
            e.message().en,
            format!(
                "sheet “示范区”, row 3: the field path zone.name.en (column {inner}) lies inside zone.name (column {outer}): \
                 a value cannot also be a group; delete or correct one of them"
            )
        );
    }
}

/// `bytes` with every cell of its sheets written without its reference (`r`), as some
/// writers other than Excel and WPS do (rows keep theirs).
fn without_references(bytes: &[u8]) -> Vec<u8> {
    rewritten(bytes, |name, xml| {
        if !name.starts_with("xl/worksheets/") {
            return xml;
        }
        let mut kept = String::new();
        let mut rest = xml.as_str();
        while let Some(at) = rest.find("<c r=\"") {
            kept.push_str(&rest[..at + 2]);
            let end = rest[at + 6..].find('"').unwrap();
            rest = &rest[at + 6 + end + 1..];
        }
        kept.push_str(rest);
        kept
    })
}

/// The workbook as Excel saves it: its formulas' results saved, none to calculate on open.
fn saved_by_excel(bytes: &[u8]) -> Vec<u8> {
    rewritten(bytes, |name, xml| if name == "xl/workbook.xml" { xml.replace(" fullCalcOnLoad=\"1\"", "") } else { xml })
}

/// The workbook with each part's text rewritten by `edit(name, text)`.
fn rewritten(bytes: &[u8], edit: impl Fn(&str, String) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().to_owned();
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        out.start_file(name.clone(), stored).unwrap();
        out.write_all(edit(&name, text).as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_cell_written_without_its_reference_is_still_seen_as_a_percentage() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let bytes = without_references(&book(&[
        ("zone.assessment_year", 2013.0, "0"),
        ("quality.spot_check_pass_rate_pct", 0.946, "0.0%"),
        ("organization.dedicated_budget_10k_cny", 0.25, "0%"),
    ]));
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<c ") && !sheet.contains("<c r="), "{sheet}");
    let cells = super::percent::percent_cells(&bytes);
    let row = crate::xlsx::FIRST_DATA_ROW;
    assert_eq!(cells.get("示范区"), Some(&[(row, 1), (row, 2)].into_iter().collect()));
    let rows = crate::xlsx::read_workbook(&bytes, &rules).unwrap();
    let reading = rows.first().unwrap().read(&rules);
    let rate = reading.submission.get("quality").and_then(|q| q.get("spot_check_pass_rate_pct"));
    assert_eq!(rate, Some(&Input::Number("94.6".into())));
}

/// One part of a workbook, as text.
fn part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The number text at a dotted path of a row's tree.
fn number_at(tree: &Input, path: &str) -> String {
    match path.split('.').try_fold(tree, |node, key| node.get(key)) {
        Some(Input::Number(n)) => n.clone(),
        other => panic!("{path}: {other:?}"),
    }
}

/// The first row of `book(cells)` as the reader gives it, and its cells alone.
fn first_row(cells: &[(&str, f64, &str)]) -> (Vec<(String, Cell)>, Vec<Cell>) {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let row = crate::xlsx::read_workbook(&book(cells), &rules).unwrap().swap_remove(0).cells;
    let shown = row.iter().map(|(_, cell)| cell.clone()).collect();
    (row, shown)
}

fn dates(shown: &[&str]) -> Vec<Cell> {
    shown.iter().map(|s| Cell::Date((*s).into())).collect()
}

#[test]
fn a_date_is_an_error_in_any_field_not_its_day_count() {
    // As Excel keeps 95 typed into a date cell, 2013/3/4 12:00 and 3.5 days as a duration.
    let (row, shown) = first_row(&[
        ("quality.spot_check_pass_rate_pct", 95.0, "yyyy-mm-dd"),
        ("organization.dedicated_budget_10k_cny", 41337.5, "yyyy-mm-dd hh:mm"),
        ("quality.unlicensed_cases", 3.5, "[h]:mm:ss"),
    ]);
    assert_eq!(shown, dates(&["1900-04-04", "2013-03-04 12:00:00", "84:00:00"]));
    let reading = Ruleset::bundled("zone-qualification").unwrap().read_cells(&row);
    assert_eq!(reading.errors.len(), 3, "{:?}", reading.errors);
    let (_, error) = reading.errors.iter().find(|(path, _)| path == "quality.spot_check_pass_rate_pct").unwrap();
    assert_eq!(error.code, "unreadable_text");
    assert!(error.message.zh.starts_with("「1900-04-04」是日期或时间"), "{}", error.message.zh);
    assert!(error.message.en.contains("Format the cell as General or Number"), "{}", error.message.en);
}

#[test]
fn a_day_count_no_date_has_is_shown_as_kept_not_a_crash() {
    let (_, shown) = first_row(&[
        ("quality.spot_check_pass_rate_pct", 1e20, "yyyy-mm-dd"),
        ("quality.unlicensed_cases", 1e20, "[h]:mm:ss"),
        ("industry.output_10k_cny", -3.0, "yyyy-mm-dd"),
    ]);
    assert_eq!(shown, dates(&["100000000000000000000", "100000000000000000000", "-3"]));
    // A date in a note's column is the note's text.
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let reading = rules.read_cells(&[("meta.notes".into(), Cell::Date("2013-03-04".into()))]);
    assert!(reading.errors.is_empty(), "{:?}", reading.errors);
    let note = reading.submission.get("meta").and_then(|m| m.get("notes"));
    assert_eq!(note, Some(&Input::String("2013-03-04".into())));
}

#[test]
fn a_cell_merged_down_into_the_next_row_is_an_error_there_never_empty() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("示范区").unwrap();
    let (first, paths) = (crate::xlsx::FIRST_DATA_ROW, ["zone.name", "support.funding_10k_cny", "zone.town"]);
    for (col, path) in (0u16..).zip(paths) {
        sheet.write_string(crate::xlsx::PATHS_ROW, col, path).unwrap();
    }
    for (row, name) in [(first, "瓯北阀门"), (first + 1, "桥头钮扣")] {
        sheet.write_string(row, 0, name).unwrap();
        sheet.write_string(row, 2, "某镇").unwrap();
    }
    // The funding typed once for both zones, merged down B4:B5: the workbook keeps it in B4.
    sheet.merge_range(first, 1, first + 1, 1, "1000", &Format::new()).unwrap();
    // A merge that reaches into an otherwise empty row makes no row of it.
    sheet.merge_range(first + 2, 0, first + 3, 0, "备注", &Format::new()).unwrap();
    let rows = crate::xlsx::read_workbook(&book.save_to_buffer().unwrap(), &rules).unwrap();
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), [4, 5, 6], "{rows:?}");
    assert_eq!(rows[0].cells[1].1, Cell::Text("1000".into()));
    assert_eq!(rows[1].cells[1].1, Cell::Merged("B4:B5".into()));
    let reading = rows[1].read(&rules);
    let (path, error) = &reading.errors[0];
    assert_eq!((path.as_str(), error.code.as_str()), ("support.funding_10k_cny", "unreadable_text"));
    assert!(error.message.zh.contains("合并单元格 B4:B5，值只保存在 B4"), "{}", error.message.zh);
    assert!(error.message.en.contains("unmerge"), "{}", error.message.en);
}

#[test]
fn a_number_reads_to_the_15_digits_excel_shows() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    // `=0.57*100` is saved as 56.99999999999999 and shown as 57: a band edge at 57 must
    // see 57. A typed number of 15 digits, and a percentage, keep every digit.
    let (cells, _) = first_row(&[
        ("quality.spot_check_pass_rate_pct", 0.57 * 100.0, "General"),
        ("quality.food_spot_check_pass_rate_pct", 0.1 + 0.2, "0%"),
        ("organization.dedicated_budget_10k_cny", 1234.56789012345, "General"),
        ("zone.assessment_year", 2013.0, "0"),
    ]);
    let reading = rules.read_cells(&cells);
    let number = |path: &str| number_at(&reading.submission, path);
    assert_eq!(number("quality.spot_check_pass_rate_pct"), "57");
    assert_eq!(number("quality.food_spot_check_pass_rate_pct"), "30");
    assert_eq!(number("organization.dedicated_budget_10k_cny"), "1234.56789012345");
    // At the float's end, 15 digits would round past it: the number is kept as it is.
    assert_eq!(super::read::as_excel_shows(f64::MAX), f64::MAX);
    assert_eq!(super::read::as_excel_shows(-0.57 * 100.0), -57.0);
}
