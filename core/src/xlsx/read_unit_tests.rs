//! The workbook reader's own tests: bytes that are no workbook, zip bombs, formulas with and
//! without their results, sheets found by their paths row.
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
    assert!(error.message.zh.contains("「=90+5」是公式") && error.message.en.contains("open and save"), "{error:?}");
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
