//! `score --format xlsx` read back with calamine (sheets, numbers with the rules' scale, the
//! errors sheet) and `score --format html` (escaped texts, every section, signature lines);
//! where `-o` belongs; the progress bar never reaches a pipe.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::run;
use std::path::{Path, PathBuf};

fn example(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples").join(rel).display().to_string()
}

fn results(dir: &Path, args: &[&str]) -> PathBuf {
    let out = dir.join("results.xlsx");
    let o = out.display().to_string();
    let mut all = vec!["score", "--format", "xlsx", "-o", &o];
    all.extend(args);
    let r = run(&all);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing on stdout: {}", r.stdout);
    out
}

#[test]
fn results_workbook_reads_back_with_numbers_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let invalid = example("invalid/zq-missing-required.json");
    let oubei = example("zone-qualification/oubei-valves-2013.json");
    let wuniu = example("zone-qualification/wuniu-early-tea-2014.json");
    let path = results(dir.path(), &[&oubei, &wuniu, &invalid]);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(&names[..2], ["汇总", "错误"]);
    assert_eq!(names.len(), 4, "a scorecard sheet per scored zone: {names:?}");
    for n in &names {
        assert!(n.chars().count() <= 31 && !n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
    }
    assert!(names[2].contains("永嘉瓯北阀门优质产品生产示范区"), "{names:?}");

    let summary = book.worksheet_range("汇总").unwrap();
    let rows: Vec<Vec<Data>> = summary.rows().map(<[Data]>::to_vec).collect();
    let head: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    let col = |h: &str| head.iter().position(|x| x == h).unwrap_or_else(|| panic!("no `{h}` in {head:?}"));
    assert_eq!(rows[1][0], Data::String(oubei.clone()));
    assert_eq!(rows[1][col("示范区名称")], Data::String("永嘉瓯北阀门优质产品生产示范区".into()));
    // Decimals are numbers, not text.
    assert_eq!(rows[1][col("最终得分")], Data::Float(91.0));
    assert_eq!(rows[1][col("年度")], Data::Float(2013.0));
    assert_eq!(rows[1][col("C 质量水平")], Data::Float(21.0));
    assert_eq!(rows[1][col("C1 监督抽查合格率")], Data::Float(8.0));
    assert_eq!(rows[1][col("C6 农产品质量安全")], Data::Empty, "not applicable: no points");
    assert_eq!(rows[1][col("等级")], Data::String("A 优秀".into()));
    assert!(matches!(&rows[2][col("最终得分")], Data::Float(_)));
    assert_eq!(rows[3][0], Data::String(invalid.clone()));
    assert_eq!(rows[3][col("结论")], Data::String("无效（见错误表）".into()));

    let errors = book.worksheet_range("错误").unwrap();
    let listed: Vec<Vec<String>> = errors.rows().skip(1).map(|r| r.iter().map(ToString::to_string).collect()).collect();
    assert!(!listed.is_empty());
    assert!(listed.iter().all(|r| r[0] == invalid), "{listed:?}");
    assert!(listed.iter().any(|r| r[3] == "required"), "{listed:?}");

    // The format shows the rules' one decimal (91.0), and the summary is coloured by grade.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    assert!(part("xl/styles.xml").contains(r#"formatCode="0.0""#));
    let letter = char::from(b'A' + u8::try_from(col("等级")).unwrap());
    let summary_xml = part("xl/worksheets/sheet1.xml");
    assert!(summary_xml.contains(&format!(r#"LEFT(${letter}2,2)="A ""#)), "conditional format by grade");

    let card = book.worksheet_range(&names[2]).unwrap();
    let cells: Vec<Vec<Data>> = card.rows().map(<[Data]>::to_vec).collect();
    let find =
        |label: &str| cells.iter().find(|r| r[0] == Data::String(label.into())).unwrap_or_else(|| panic!("{label}"));
    assert_eq!(find("最终得分")[1], Data::Float(91.0));
    assert_eq!(find("应得分")[1], Data::Float(100.0));
    let c1 = find("C1");
    assert_eq!(c1[2], Data::Float(8.0));
    assert_eq!(c1[3], Data::Float(10.0));
    assert_eq!(c1[4], Data::String("部分达标".into()));
    assert!(c1[5].to_string().contains("94.6%"), "{c1:?}");
    assert!(c1[6].to_string().starts_with('§'), "{c1:?}");
    // B2's share is shown cut to 2 decimals (约为45.38%): the sheet ends with what that means.
    let last = cells.iter().rev().find(|r| r[0] != Data::Empty).unwrap();
    assert!(last[0].to_string().starts_with("注：“约为”“≈”后的比例截至第2位小数"), "{last:?}");
}

#[test]
fn results_of_a_workbook_name_the_invalid_cells_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("t.xlsx").display().to_string();
    run(&["template", "--ruleset", "annual-assessment", "-o", &template]).expect_code(0);
    // A template with one row typed into: the town's name only, so the row is refused.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Towns").unwrap();
    sheet.write_string(2, 0, "town.name").unwrap();
    sheet.write_string(2, 1, "town.assessment_year").unwrap();
    sheet.write_string(3, 0, "瓯北镇").unwrap();
    sheet.write_string(3, 1, "next year").unwrap();
    let filled = dir.path().join("filled.xlsx");
    book.save(&filled).unwrap();
    let out = results(dir.path(), &["--lang", "en", &filled.display().to_string()]);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["Summary", "Errors"]);
    let errors = book.worksheet_range("Errors").unwrap();
    let listed: Vec<Vec<String>> = errors.rows().skip(1).map(|r| r.iter().map(ToString::to_string).collect()).collect();
    assert!(listed.iter().all(|r| r[0].ends_with("filled.xlsx!Towns!4")), "{listed:?}");
    assert!(listed.iter().any(|r| r[1] == "Towns!B4" && r[2] == "/town/assessment_year"), "{listed:?}");
}

#[test]
fn xlsx_needs_a_file_and_o_needs_xlsx_or_html() {
    let oubei = example("zone-qualification/oubei-valves-2013.json");
    let r = run(&["score", "--format", "xlsx", &oubei]);
    r.expect_code(2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("xlsx 是二进制工作簿") && r.stderr.contains("-o results.xlsx"), "{}", r.stderr);
    let r = run(&["score", "--lang", "en", "--format", "xlsx", &oubei]);
    r.expect_code(2);
    assert!(r.stderr.contains("xlsx is a binary workbook"), "{}", r.stderr);
    let r = run(&["score", "--format", "csv", "-o", "x.csv", &oubei]);
    r.expect_code(2);
    assert!(r.stderr.contains("`-o` 只用于"), "{}", r.stderr);
    let r = run(&["score", "--format", "xlsx", "-o", "/nonexistent-folder/r.xlsx", &oubei]);
    r.expect_code(2);
    assert!(r.stderr.contains("无法写入"), "{}", r.stderr);
}

#[test]
fn html_escapes_submitted_text_and_has_every_part() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("zone-qualification/oubei-valves-2013.json")).unwrap();
    let mut zone: serde_json::Value = serde_json::from_str(&text).unwrap();
    zone["zone"]["name"] = "<script>alert(1)</script> A&B 示范区".into();
    let path = dir.path().join("hostile.json");
    std::fs::write(&path, zone.to_string()).unwrap();
    let r = run(&["score", "--format", "html", &path.display().to_string()]);
    r.expect_code(0);
    let html = &r.stdout;
    assert!(!html.contains("<script>"), "markup from a submission is escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; A&amp;B 示范区"));
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("size: A4"));
    assert!(!html.contains("http://") && !html.contains("https://"), "self-contained");
    for part in [
        "zone-qualification 2011.1",
        "永政办发〔2011〕83号",
        "sha256:",
        "资格条件",
        "一票否决",
        "一级指标",
        "评分明细",
        "应得分",
        "计入加分",
        "最终得分",
        "等级",
        "结论",
        "考核组成员签字",
        "日期",
        "§5.2.3",
    ] {
        assert!(html.contains(part), "missing {part}");
    }
    let r = run(&["score", "--format", "html", "--lang", "en", &path.display().to_string()]);
    assert!(r.stdout.contains("Assessment team members&#39; signatures") && r.stdout.contains("<html lang=\"en\">"));
}

#[test]
fn html_puts_each_zone_on_its_own_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cards.html");
    let o = out.display().to_string();
    let r = run(&["score", "--format", "html", "-o", &o, &example("annual-assessment")]);
    r.expect_code(0);
    assert!(r.stdout.is_empty());
    let html = std::fs::read_to_string(&out).unwrap();
    let cards = html.matches("<section class=\"card\">").count();
    let files = std::fs::read_dir(example("annual-assessment")).unwrap().count();
    assert_eq!(cards, files);
    assert!(html.contains(".card { break-after: page;"));
}

#[test]
fn no_progress_bar_on_a_pipe() {
    // Over the threshold of 200 items, with standard error a pipe: nothing but the closing line.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(example("annual-assessment/oubei-2014.json")).unwrap();
    for i in 0..205 {
        std::fs::write(dir.path().join(format!("{i:03}.json")), &text).unwrap();
    }
    let r = run(&["score", "--format", "rows", &dir.path().display().to_string()]);
    r.expect_code(0);
    assert_eq!(r.stderr, "共 205 份：全部已评分\n");
}
