//! The results workbook read back with calamine: sheets, numbers with the rules' scale,
//! the errors sheet.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use crate::api::Ruleset;
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

const OUBEI: &str = include_str!("../../../rules/examples/zone-qualification/oubei-valves-2013.json");

#[test]
fn results_read_back_as_numbers_sheets_and_errors() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let good = rules.score_bytes(OUBEI.as_bytes());
    let bad = rules.score_json(r#"{"zone": {"name": "x"}}"#);
    let bad: crate::Answer = serde_json::from_str(&bad).unwrap();
    let entries = vec![
        ResultEntry::new("a.json", good.clone()),
        ResultEntry::new("b.json", good),
        ResultEntry::new("bad.json", bad).with_cells(vec![("/zone/town".into(), "示范区!B4".into())]),
    ];
    let bytes = results_workbook(&entries, &[&rules], Lang::Zh).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(names[0], "汇总");
    assert_eq!(names[1], "错误");
    assert_eq!(names[2], "2013 永嘉瓯北阀门优质产品生产示范区");
    assert_eq!(names[3], "2013 永嘉瓯北阀门优质产品生产示范区 (2)");
    let summary = book.worksheet_range("汇总").unwrap();
    let head: Vec<String> = summary.rows().next().unwrap().iter().map(ToString::to_string).collect();
    let col = |h: &str| head.iter().position(|x| x == h).unwrap_or_else(|| panic!("no {h} in {head:?}"));
    let row = &summary.rows().nth(1).unwrap().to_vec();
    assert_eq!(row[col("最终得分")], Data::Float(91.0));
    assert_eq!(row[col("等级")], Data::String("A 优秀".into()));
    assert_eq!(row[col("C1 监督抽查合格率")], Data::Float(8.0));
    let errors = book.worksheet_range("错误").unwrap();
    let bad_rows: Vec<Vec<String>> =
        errors.rows().skip(1).map(|r| r.iter().map(ToString::to_string).collect()).collect();
    assert!(bad_rows.iter().all(|r| r[0] == "bad.json"));
    assert!(bad_rows.iter().any(|r| r[1] == "示范区!B4" && r[2] == "/zone/town"), "{bad_rows:?}");
}

#[test]
fn a_scorecards_warnings_are_in_the_summary_and_on_its_sheet() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let late = include_str!("../../../rules/examples/zone-qualification/oubei-valves-2016.json");
    let entries = vec![
        ResultEntry::new("a.json", rules.score_bytes(OUBEI.as_bytes())),
        ResultEntry::new("late.json", rules.score_bytes(late.as_bytes())),
    ];
    let bytes = results_workbook(&entries, &[&rules], Lang::En).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    let rows: Vec<Vec<String>> = summary.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    let col = rows[0].iter().position(|h| h == "Warnings").unwrap();
    assert_eq!(rows[1][col], "", "no warning: {:?}", rows[1]);
    assert!(rows[2][col].starts_with("the assessment year is outside"), "{:?}", rows[2]);
    let sheet = book.sheet_names()[3].clone();
    let card = book.worksheet_range(&sheet).unwrap();
    let cells: Vec<String> = card.rows().flat_map(|r| r.iter().map(ToString::to_string).collect::<Vec<_>>()).collect();
    let heading = cells.iter().position(|c| c == "Warnings").unwrap_or_else(|| panic!("{cells:?}"));
    assert!(cells[heading + 1..].iter().any(|c| *c == rows[2][col]), "{cells:?}");
    // Nothing was left out: no normalised score, a division not made.
    assert!(!cells.iter().any(|c| c == "Base (normalised)"), "{cells:?}");
    let wuniu = include_str!("../../../rules/examples/zone-qualification/wuniu-early-tea-2014.json");
    let bytes =
        results_workbook(&[ResultEntry::new("w.json", rules.score_bytes(wuniu.as_bytes()))], &[&rules], Lang::En);
    let mut book = Xlsx::new(Cursor::new(bytes.unwrap())).unwrap();
    let card = book.worksheet_range(&book.sheet_names()[2].clone()).unwrap();
    let cells: Vec<String> = card.rows().flat_map(|r| r.iter().map(ToString::to_string).collect::<Vec<_>>()).collect();
    assert!(cells.iter().any(|c| c == "Base (normalised)"), "{cells:?}");
}

#[test]
fn two_rulesets_share_a_subject_column_of_the_same_label() {
    let zones = Ruleset::bundled("zone-qualification").unwrap();
    let towns = Ruleset::bundled("annual-assessment").unwrap();
    let town = include_str!("../../../rules/examples/annual-assessment/oubei-2014.json");
    let entries = vec![
        ResultEntry::new("zone.json", zones.score_bytes(OUBEI.as_bytes())),
        ResultEntry::new("town.json", towns.score_bytes(town.as_bytes())),
    ];
    let bytes = results_workbook(&entries, &[&zones, &towns], Lang::Zh).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let summary = book.worksheet_range("汇总").unwrap();
    let rows: Vec<Vec<String>> = summary.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    let named: Vec<usize> = (0..rows[0].len()).filter(|&c| rows[0][c] == "示范区名称").collect();
    assert_eq!(named.len(), 1, "{:?}", rows[0]);
    assert_eq!(rows[1][named[0]], "永嘉瓯北阀门优质产品生产示范区");
    assert!(rows[2][named[0]].contains("示范区"), "the town's zone name: {:?}", rows[2]);
    // Labels the two rulesets do not share keep a column each; every header is named once.
    let mut head = rows[0].clone();
    head.sort();
    head.dedup();
    assert_eq!(head.len(), rows[0].len(), "{:?}", rows[0]);
}

#[test]
fn a_results_workbook_is_told_from_a_filled_one() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let entries = vec![ResultEntry::new("a.json", rules.score_bytes(OUBEI.as_bytes()))];
    for lang in [Lang::Zh, Lang::En] {
        let results = results_workbook(&entries, &[&rules], lang).unwrap();
        assert!(crate::xlsx::is_results_workbook(&results));
        let refused = crate::xlsx::read_sheets(&results, None).unwrap_err();
        assert_eq!(refused.code(), "results_workbook", "{refused}");
        assert!(refused.message().zh.contains("评分结果工作簿"), "{}", refused.message().zh);
    }
    let template = crate::xlsx::template_workbook(&rules, Lang::Zh).unwrap();
    assert!(!crate::xlsx::is_results_workbook(&template));
    assert!(!crate::xlsx::is_results_workbook(b"not a workbook"));
}

#[test]
fn an_old_excel_file_and_a_file_of_no_zip_are_worded() {
    let old = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    let e = crate::xlsx::read_sheets(&old, None).unwrap_err();
    assert_eq!(e.code(), "not_a_workbook");
    assert!(e.message().zh.contains("另存为 .xlsx") && e.message().en.contains("save it as .xlsx"), "{e}");
    let e = crate::xlsx::read_sheets(b"a,b\n1,2\n", None).unwrap_err();
    assert!(e.message().zh.contains("文件不是 .xlsx 格式"), "{}", e.message().zh);
    assert!(!e.message().zh.contains("Zip"), "{}", e.message().zh);
    // A zip without a workbook's parts: what that means first, the reader's English after.
    let mut broken = zip::ZipWriter::new(Cursor::new(Vec::new()));
    broken.start_file("[Content_Types].xml", zip::write::SimpleFileOptions::default()).unwrap();
    let e = crate::xlsx::read_sheets(&broken.finish().unwrap().into_inner(), None).unwrap_err();
    assert!(
        e.message().zh.starts_with("不是可读取的 Excel 工作簿（.xlsx）：文件已损坏或不完整（"),
        "{}",
        e.message().zh
    );
}

#[test]
fn a_veto_left_unfilled_says_so_on_its_scorecard_sheet() {
    let rules = Ruleset::bundled("annual-assessment").unwrap();
    let oubei = include_str!("../../../rules/examples/annual-assessment/oubei-2014.json");
    let mut submission: serde_json::Value = serde_json::from_str(oubei).unwrap();
    submission["integrity"].as_object_mut().unwrap().remove("major_quality_problem");
    let answer = rules.score_bytes(submission.to_string().as_bytes());
    let bytes = results_workbook(&[ResultEntry::new("o.json", answer)], &[&rules], Lang::Zh).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let card = book.worksheet_range(&book.sheet_names()[2].clone()).unwrap();
    let veto = card.rows().find(|r| r.first().is_some_and(|c| *c == "W1")).unwrap();
    let reason = veto[5].to_string();
    assert!(reason.contains("缺少：") && reason.contains("/integrity/major_quality_problem"), "{reason}");
}

#[test]
fn an_invalid_row_keeps_the_zone_it_names_in_the_summary() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let mut half: serde_json::Value = serde_json::from_str(OUBEI).unwrap();
    half["zone"]["assessment_year"] = serde_json::json!("二〇一三");
    half["zone"]["town"] = serde_json::json!("");
    let tree = crate::input::parse_json(half.to_string().as_bytes(), 1 << 20, 64).unwrap().value;
    let answer = rules.score(&tree);
    assert!(matches!(answer, crate::Answer::Failure(_)));
    // The name is valid on its own; an empty town is not, and is left out.
    let subject = rules.subject_given(&tree);
    assert_eq!(subject.iter().map(|s| s.path.as_str()).collect::<Vec<_>>(), ["/zone/name"]);
    let entries = [ResultEntry::new("book.xlsx!示范区!10", answer).with_subject(subject)];
    let bytes = results_workbook(&entries, &[&rules], Lang::Zh).unwrap();
    // Every column has a width (a zone's name is not cut off at Excel's default).
    let mut xml = String::new();
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains(r#"<col min="2" max="2" width="28.7109375""#), "{}", &xml[..xml.len().min(800)]);
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let summary = book.worksheet_range("汇总").unwrap();
    let rows: Vec<Vec<String>> = summary.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    assert!(rows[1].iter().any(|c| c == "永嘉瓯北阀门优质产品生产示范区"), "{rows:?}");
    assert!(rows[1].iter().any(|c| c.starts_with("无效")), "{rows:?}");
}

#[test]
fn a_rows_errors_are_listed_in_the_order_of_its_columns() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let answer = rules.score_bytes(br#"{"zone": {"name": 1, "town": 2, "assessment_year": "x"}}"#);
    let crate::Answer::Failure(f) = &answer else { panic!("refused") };
    assert!(f.errors.len() > 3);
    let cells = vec![
        ("/zone/name".to_owned(), "示范区!AB4".to_owned()),
        ("/zone/town".to_owned(), "示范区!C4".to_owned()),
        ("/zone/assessment_year".to_owned(), "示范区!AA4".to_owned()),
    ];
    let entries = [ResultEntry::new("book.xlsx!示范区!4", answer.clone()).with_cells(cells)];
    let bytes = results_workbook(&entries, &[&rules], Lang::Zh).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let errors = book.worksheet_range("错误").unwrap();
    let cells: Vec<String> = errors.rows().skip(1).map(|r| r[1].to_string()).collect();
    assert_eq!(cells[..3], ["示范区!C4", "示范区!AA4", "示范区!AB4"], "{cells:?}");
    assert!(cells[3..].iter().all(String::is_empty), "{cells:?}");
}

#[test]
fn a_workbook_is_dated_1980_as_its_zip_entries_are_so_the_same_input_writes_the_same_bytes() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let results =
        results_workbook(&[ResultEntry::new("a.json", rules.score_bytes(OUBEI.as_bytes()))], &[&rules], Lang::Zh);
    for bytes in [template_workbook(&rules, Lang::Zh).unwrap(), results.unwrap()] {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut core = String::new();
        zip.by_name("docProps/core.xml").unwrap().read_to_string(&mut core).unwrap();
        for element in ["created", "modified"] {
            let dated =
                format!(r#"<dcterms:{element} xsi:type="dcterms:W3CDTF">1980-01-01T00:00:00Z</dcterms:{element}>"#);
            assert!(core.contains(&dated), "{core}");
        }
    }
}
