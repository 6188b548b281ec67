//! Excel in: the template made from the rules, filled by this test with the bundled
//! examples, scored back equal to scoring the JSON; cell errors by `Sheet!A1`; bad files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::book::{examples, fill, fill_made_with, flatten, row_of_file};
use common::run;
use rust_xlsxwriter::Workbook;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use zonescore::Ruleset;

fn template(dir: &Path, lang: &str) -> PathBuf {
    let path = dir.join(format!("template-{lang}.xlsx"));
    run(&["template", "--ruleset", "zone-qualification", "-o", &path.display().to_string(), "--lang", lang])
        .expect_code(0);
    path
}

/// Row `r` (0-based) of the first sheet, as text.
fn row_of(path: &Path, sheet: &str, r: u32) -> Vec<String> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    let (_, last) = range.end().unwrap();
    (0..=last).map(|c| range.get_value((r, c)).map(|d| d.to_string()).unwrap_or_default()).collect()
}

#[test]
fn template_filled_with_the_examples_scores_as_the_json_does() {
    let dir = tempfile::tempdir().unwrap();
    let t = template(dir.path(), "zh");
    let paths: Vec<String> = row_of(&t, "示范区", 2);
    assert_eq!(paths.len(), 60);
    let files = examples();
    assert_eq!(files.len(), 10);
    let texts: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
    let rows: Vec<Vec<(String, Value)>> = texts
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            flatten("", &serde_json::from_str(t).unwrap(), &mut out);
            out
        })
        .collect();
    let book = dir.path().join("filled.xlsx");
    fill(&book, &paths, &rows);
    let r = run(&["score", "--format", "json", &book.display().to_string()]);
    let listed: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(listed.len(), 10, "the empty row 5 is skipped");
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    for (i, (entry, text)) in listed.iter().zip(&texts).enumerate() {
        let row = 4 + i + usize::from(i > 0);
        assert_eq!(entry["source"], format!("{}!示范区!{row}", book.display()));
        let expected: Value = serde_json::from_str(&rules.score_json(text)).unwrap();
        assert_eq!(entry["answer"], expected, "{}", files[i].display());
    }
    r.expect_code(0);
    // Every other format reads the workbook too.
    for format in ["table", "markdown", "rows", "csv"] {
        let r = run(&["score", "--format", format, &book.display().to_string()]);
        r.expect_code(0);
        assert!(r.stdout.contains("!示范区!4"), "{format}: {}", r.stdout);
    }
    // And a folder holding it beside the JSON files.
    std::fs::copy(&files[0], dir.path().join("a.json")).unwrap();
    let r = run(&["score", "--format", "rows", &dir.path().display().to_string()]);
    assert!(r.stdout.contains("a.json") && r.stdout.contains("filled.xlsx!示范区!14"), "{}", r.stdout);
}

#[test]
fn a_cell_error_is_reported_by_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let t = template(dir.path(), "zh");
    let paths: Vec<String> = row_of(&t, "示范区", 2);
    let mut rows = Vec::new();
    let mut first = row_of_file(&examples()[0]);
    rows.push(first.clone());
    let year = first.iter().position(|(p, _)| p == "zone.assessment_year").unwrap();
    first[year].1 = Value::String("明年".into());
    rows.push(first);
    let book = dir.path().join("bad-cell.xlsx");
    fill(&book, &paths, &rows);
    let col = paths.iter().position(|p| p == "zone.assessment_year").unwrap();
    let cell = format!("示范区!{}6", (b'A' + col as u8) as char);
    let r = run(&["score", &book.display().to_string()]);
    r.expect_code(1);
    assert!(r.stdout.contains(&cell) && r.stdout.contains("/zone/assessment_year"), "{}", r.stdout);
    let r = run(&["score", "--format", "json", &book.display().to_string()]);
    let listed: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(listed[1]["cells"]["/zone/assessment_year"], cell);
    assert_eq!(listed[1]["answer"]["errors"][0]["code"], "unreadable_text");
    assert!(listed[0].get("cells").is_none());
    let r = run(&["score", "--format", "csv", "--lang", "en", &book.display().to_string()]);
    assert!(r.stdout.contains(&format!("{cell} /zone/assessment_year: cannot read")), "{}", r.stdout);
}

#[test]
fn a_file_that_is_not_a_workbook_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("notes.xlsx");
    std::fs::write(&fake, "zone,score\n").unwrap();
    let r = run(&["score", &fake.display().to_string()]);
    r.expect_code(2);
    assert!(r.stderr.contains("notes.xlsx：不是可读取的 Excel 工作簿"), "{}", r.stderr);
    // The closing tally names it: nothing was scored, and not "all scored".
    assert!(r.stderr.contains("共 0 份；1 个文件无法读取："), "{}", r.stderr);
    assert!(!r.stderr.contains("全部已评分"), "{}", r.stderr);
    let r = run(&["score", "--lang", "en", &fake.display().to_string()]);
    assert!(r.stderr.contains("not a readable Excel workbook"), "{}", r.stderr);
    assert!(r.stderr.contains("0 submissions; 1 file could not be read: "), "{}", r.stderr);
    // No table of no rows.
    let r = run(&["score", "--format", "rows", &fake.display().to_string()]);
    r.expect_code(2);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    // The template itself: nothing filled, nothing scored, and said so.
    let t = template(dir.path(), "zh");
    let r = run(&["score", &t.display().to_string()]);
    r.expect_code(2);
    assert!(r.stderr.contains("没有已填写的行") && r.stderr.contains("共 0 份\n"), "{}", r.stderr);
    assert!(r.stderr.contains("没有评分任何提交：工作簿中没有已填写的行"), "{}", r.stderr);
    let r = run(&["score", "--lang", "en", &t.display().to_string()]);
    r.expect_code(2);
    assert!(r.stderr.contains("nothing was scored: the workbook has no filled rows"), "{}", r.stderr);
    // Beside a submission, an empty workbook is only named.
    let oubei = common::fixture_str(common::OUBEI);
    let r = run(&["score", &t.display().to_string(), &oubei]);
    r.expect_code(0);
    assert!(r.stderr.contains("没有已填写的行") && !r.stderr.contains("没有评分任何提交"), "{}", r.stderr);
    // `summary` and `replay` of the template alone have nothing to answer for either.
    let r = run(&["summary", "--lang", "en", &t.display().to_string()]);
    r.expect_code(2);
    assert!(r.stderr.contains("nothing to sum up: the workbooks have no filled rows"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let replay = ["replay", "--lang", "en", "--old", "zone-qualification", "--new", "zone-qualification"];
    let r = run(&[&replay[..], &[t.to_str().unwrap()]].concat());
    r.expect_code(2);
    assert!(r.stderr.contains("nothing to replay: the workbooks have no filled rows"), "{}", r.stderr);
    run(&[&replay[..], &[t.to_str().unwrap(), &oubei]].concat()).expect_code(0);
    // A real workbook without a paths row.
    let plain = dir.path().join("plain.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet().write_string(0, 0, "名称").unwrap();
    book.save(&plain).unwrap();
    let r = run(&["score", &plain.display().to_string()]);
    r.expect_code(2);
    assert!(r.stderr.contains("zonescore template"), "{}", r.stderr);
}

#[test]
fn template_has_headers_paths_validations_and_instructions() {
    let dir = tempfile::tempdir().unwrap();
    let t = template(dir.path(), "zh");
    let groups = row_of(&t, "示范区", 0);
    assert_eq!(groups[0], "示范区基本信息");
    let labels = row_of(&t, "示范区", 1);
    assert!(labels[0].ends_with(" *"), "{}", labels[0]);
    assert!(labels.iter().any(|l| l.contains("（万元）")), "{labels:?}");
    let mut book: Xlsx<_> = open_workbook(&t).unwrap();
    assert_eq!(book.sheet_names(), ["示范区", "填写说明", "选项"]);
    let notes = book.worksheet_range("填写说明").unwrap();
    let text: Vec<String> = notes.rows().flat_map(|r| r.iter().map(Data::to_string).collect::<Vec<_>>()).collect();
    assert!(text.iter().any(|t| t.contains("≤") && t.contains("output_within_town")), "{text:?}");
    assert!(text.iter().any(|t| t.starts_with("规则文件校验码：sha256:")), "{text:?}");
    // Each column's type in the reader's words, not the rule file's.
    assert!(text.iter().any(|t| t == "百分数") && text.iter().any(|t| t == "是/否"), "{text:?}");
    assert!(!text.iter().any(|t| t == "percent" || t == "enum"), "{text:?}");
    // Validations are in the sheet's XML (calamine does not read them).
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&t).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    assert!(xml.contains(r#"<dataValidations count="60">"#), "{}", &xml[..xml.len().min(2000)]);
    assert!(xml.contains(r#"type="list""#) && xml.contains(r#"<formula1>"是,否"</formula1>"#));
    assert!(xml.contains(r#"type="whole""#) && xml.contains(r#"type="decimal""#));
    assert!(xml.contains("<formula1>'选项'!$A$2"));
    assert!(xml.contains(r#"sqref="A4:A1003""#));
    // Overwriting needs --force; English headings with --lang en.
    let p = t.display().to_string();
    run(&["template", "--ruleset", "zone-qualification", "-o", &p]).expect_code(2);
    run(&["template", "--ruleset", "zone-qualification", "-o", &p, "--force", "--lang", "en"]).expect_code(0);
    let mut book: Xlsx<_> = open_workbook(&t).unwrap();
    assert_eq!(book.sheet_names(), ["Submissions", "Instructions", "Choices"]);
    assert_eq!(book.worksheet_range("Submissions").unwrap().get_value((0, 0)).unwrap().to_string(), "The zone");
}

#[test]
fn template_refuses_a_folder_and_standard_output_as_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("adir");
    std::fs::create_dir(&folder).unwrap();
    let f = folder.display().to_string();
    for force in [false, true] {
        let mut args = vec!["template", "--ruleset", "zone-qualification", "-o", &f];
        if force {
            args.push("--force");
        }
        let r = run(&args);
        r.expect_code(2);
        assert!(r.stderr.contains("adir：这是一个文件夹"), "{}", r.stderr);
        assert!(!r.stderr.contains("文件已存在") && !r.stderr.contains("is a directory"), "{}", r.stderr);
    }
    let r = run(&["template", "--lang", "en", "--ruleset", "zone-qualification", "-o", &f, "--force"]);
    assert!(r.stderr.contains("adir: this is a folder"), "{}", r.stderr);
    assert!(folder.is_dir());

    let r = common::run_in(dir.path(), &["template", "--ruleset", "zone-qualification", "-o", "-"]);
    r.expect_code(2);
    assert!(r.stderr.contains("xlsx 是二进制工作簿，不写到终端或标准输出"), "{}", r.stderr);
    assert!(!dir.path().join("-").exists(), "no file named `-`");
    assert!(r.stdout.is_empty());
}

#[test]
fn a_workbook_is_not_written_under_a_name_that_reads_back_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let r = common::run_in(dir.path(), &["template", "--ruleset", "zone-qualification", "-o", "zones.json"]);
    r.expect_code(2);
    assert!(r.stderr.contains("zones.json：写出的是 Excel 工作簿（.xlsx），文件名请以 .xlsx 结尾"), "{}", r.stderr);
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rules/examples/zone-qualification/oubei-valves-2013.json")
        .display()
        .to_string();
    let r = common::run_in(dir.path(), &["score", "--lang", "en", "--format", "xlsx", "-o", "results.json", &example]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("results.json: an Excel workbook (.xlsx) is written: end the name with .xlsx"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
    // Excel refuses a workbook without macros named `.xlsm`.
    let r = common::run_in(dir.path(), &["template", "--ruleset", "zone-qualification", "-o", "zones.xlsm"]);
    r.expect_code(2);
    assert!(r.stderr.contains("zones.xlsm：写出的是 Excel 工作簿（.xlsx）"), "{}", r.stderr);
    common::run_in(dir.path(), &["template", "--ruleset", "zone-qualification", "-o", "zones.XLSX"]).expect_code(0);
}

#[test]
fn a_workbook_made_for_other_rules_says_so_when_scored() {
    let dir = tempfile::tempdir().unwrap();
    let row = row_of_file(&examples()[2]);
    let paths: Vec<String> = row.iter().map(|(p, _)| p.clone()).collect();
    let revised = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/fixtures/zone-qualification-revised.toml");
    let revised_digest = Ruleset::from_path(&revised).unwrap().digest().to_owned();
    let bundled_digest = Ruleset::bundled("zone-qualification").unwrap().digest().to_owned();
    let book = dir.path().join("made-for-revised.xlsx");
    fill_made_with(&book, &paths, std::slice::from_ref(&row), Some(&revised_digest));
    let file = book.display().to_string();
    // Scored with the bundled rules: the rows are scored, and a note names both digests.
    let r = run(&["score", &file, "--format", "rows", "--lang", "en"]);
    r.expect_code(0);
    assert_eq!(r.stderr.matches("this workbook's template was made from other rules").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains(&revised_digest) && r.stderr.contains(&bundled_digest), "{}", r.stderr);
    assert!(r.stderr.contains("--ruleset"), "{}", r.stderr);
    // With the rules it was made from, or a workbook that says nothing: no note.
    let r = run(&["score", &file, "--ruleset", &revised.display().to_string(), "--format", "rows"]);
    r.expect_code(0);
    assert!(!r.stderr.contains("校验码"), "{}", r.stderr);
    let same = dir.path().join("made-for-bundled.xlsx");
    fill_made_with(&same, &paths, std::slice::from_ref(&row), Some(&bundled_digest));
    let r = run(&["score", &same.display().to_string(), "--format", "rows"]);
    assert!(!r.stderr.contains("另一份规则"), "{}", r.stderr);
}

#[test]
fn a_template_names_the_rules_it_was_made_from() {
    let dir = tempfile::tempdir().unwrap();
    let revised = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/fixtures/zone-qualification-revised.toml");
    let path = dir.path().join("revised.xlsx");
    run(&["template", "--ruleset", &revised.display().to_string(), "-o", &path.display().to_string()]).expect_code(0);
    let sheets = zonescore::xlsx::read_sheets(&std::fs::read(&path).unwrap(), None).unwrap();
    let digest = Ruleset::from_path(&revised).unwrap().digest().to_owned();
    assert!(sheets.iter().all(|s| s.made_with.as_deref() == Some(digest.as_str())), "{sheets:?}");
}

#[test]
fn a_results_workbook_saved_among_the_submissions_is_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    for f in examples() {
        std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    let folder = dir.path().display().to_string();
    let results = dir.path().join("results.xlsx").display().to_string();
    run(&["score", "--format", "xlsx", "-o", &results, &folder]).expect_code(0);
    // Run again over the same folder, as a bureau does: the results are no submission.
    let again = run(&["score", "--format", "xlsx", "-o", &results, &folder, "--lang", "en"]);
    again.expect_code(0);
    assert!(again.stderr.contains("results.xlsx: a results workbook zonescore wrote, not a submission: passed over"));
    assert!(again.stderr.contains(&format!("{} submissions: all scored", examples().len())), "{}", again.stderr);
    run(&["summary", &folder]).expect_code(0);
    // Named on its own, it is refused in words, as is an Excel 97–2003 file.
    let named = run(&["score", &results, "--lang", "en"]);
    named.expect_code(2);
    assert!(named.stderr.contains("this is a results workbook written by zonescore"), "{}", named.stderr);
    let old = dir.path().join("old.xls");
    std::fs::write(&old, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).unwrap();
    let r = run(&["score", &old.display().to_string()]);
    r.expect_code(2);
    assert!(r.stderr.contains("Excel 97–2003 工作簿（.xls）"), "{}", r.stderr);
}

#[test]
fn a_sheet_without_a_column_for_some_fields_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let row = row_of_file(&examples()[2]);
    let every: Vec<String> =
        Ruleset::bundled("zone-qualification").unwrap().form_fields().into_iter().map(|f| f.path).collect();
    let whole = dir.path().join("whole.xlsx");
    fill(&whole, &every, std::slice::from_ref(&row));
    let r = run(&["score", &whole.display().to_string(), "--format", "rows", "--lang", "en"]);
    r.expect_code(0);
    assert!(!r.stderr.contains("has no column"), "{}", r.stderr);
    // The spot-check rate's column deleted: scored as not filled in, and said.
    let fewer: Vec<String> = every.iter().filter(|p| *p != "quality.spot_check_pass_rate_pct").cloned().collect();
    let row: Vec<(String, Value)> = row.into_iter().filter(|(p, _)| fewer.contains(p)).collect();
    let part = dir.path().join("part.xlsx");
    fill(&part, &fewer, &[row]);
    let r = run(&["score", &part.display().to_string(), "--format", "rows", "--lang", "en"]);
    r.expect_code(0);
    let want = "has no column for 1 field (“Supervision spot-check pass rate (current year)” \
                quality.spot_check_pass_rate_pct); every row scores them as not filled in";
    assert!(r.stderr.contains(want), "{}", r.stderr);
}

#[test]
fn summary_names_a_workbook_made_for_other_rules_too() {
    let dir = tempfile::tempdir().unwrap();
    let row = row_of_file(&examples()[2]);
    let paths: Vec<String> = row.iter().map(|(p, _)| p.clone()).collect();
    let book = dir.path().join("made-for-other.xlsx");
    fill_made_with(&book, &paths, std::slice::from_ref(&row), Some("sha256:0000"));
    let r = run(&["summary", &book.display().to_string(), "--lang", "en"]);
    r.expect_code(0);
    assert_eq!(r.stderr.matches("template was made from other rules (digest sha256:0000)").count(), 1, "{}", r.stderr);
}

#[test]
fn replay_names_a_workbook_whose_template_is_not_of_the_old_rules() {
    let dir = tempfile::tempdir().unwrap();
    let row = row_of_file(&examples()[2]);
    let paths: Vec<String> = row.iter().map(|(p, _)| p.clone()).collect();
    let revised = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/fixtures/zone-qualification-revised.toml");
    let revised_digest = Ruleset::from_path(&revised).unwrap().digest().to_owned();
    let book = dir.path().join("made-for-revised.xlsx");
    fill_made_with(&book, &paths, std::slice::from_ref(&row), Some(&revised_digest));
    let (file, new) = (book.display().to_string(), revised.display().to_string());
    // Made from the new rules, read by the old rules' fields: said once, naming the new rules.
    let r = run(&["replay", "--lang", "en", "--old", "zone-qualification", "--new", &new, &file]);
    r.expect_code(0);
    assert_eq!(r.stderr.matches("template was made from the new rules (--new)").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains(&revised_digest), "{}", r.stderr);
    // Made from the old rules: nothing to say.
    let r = run(&["replay", "--old", &new, "--new", "zone-qualification", &file]);
    r.expect_code(0);
    assert!(!r.stderr.contains("校验码"), "{}", r.stderr);
    // Made from a third ruleset, in Chinese.
    let other = dir.path().join("made-for-other.xlsx");
    fill_made_with(&other, &paths, std::slice::from_ref(&row), Some("sha256:0000"));
    let r = run(&["replay", "--old", "zone-qualification", "--new", &new, &other.display().to_string()]);
    assert!(r.stderr.contains("模板由另一份规则（校验码 sha256:0000）生成"), "{}", r.stderr);
}

#[test]
fn replay_reads_a_row_by_each_rulesets_own_fields() {
    // A revision that renames a field, and a town's row filled in its template.
    let dir = tempfile::tempdir().unwrap();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/zone-qualification.toml");
    let text = std::fs::read_to_string(bundled).unwrap().replace("dedicated_budget_10k_cny", "special_fund_10k_cny");
    let new = dir.path().join("renamed.toml");
    std::fs::write(&new, text).unwrap();
    let digest = Ruleset::from_path(&new).unwrap().digest().to_owned();
    let mut row = row_of_file(&examples()[2]);
    for (path, _) in &mut row {
        *path = path.replace("dedicated_budget_10k_cny", "special_fund_10k_cny");
    }
    let paths: Vec<String> = row.iter().map(|(p, _)| p.clone()).collect();
    let book = dir.path().join("made-for-renamed.xlsx");
    fill_made_with(&book, &paths, std::slice::from_ref(&row), Some(&digest));
    let r = run(&[
        "replay",
        "--format",
        "json",
        "--old",
        "zone-qualification",
        "--new",
        new.to_str().unwrap(),
        book.to_str().unwrap(),
    ]);
    r.expect_code(0);
    let got: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let case = &got["submissions"]["cases"][0];
    // Valid under the rules whose template it is, scored as the file is under the old rules.
    let file = run(&["score", "--format", "json", examples()[2].to_str().unwrap()]);
    let want: serde_json::Value = serde_json::from_str(&file.stdout).unwrap();
    assert_eq!(case["new"]["valid"], true, "{case}");
    assert_eq!(case["new"]["final_score"], want["final_score"], "{case}");
    // Under the old rules the renamed column is an unknown field, as the JSON would be.
    assert_eq!(case["old"]["valid"], false, "{case}");
    let errors = case["old"]["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["code"] == "unknown_field" && e["path"] == "/organization/special_fund_10k_cny"),
        "{case}"
    );
    assert!(r.stderr.contains("每份规则按自己的字段读取各行"), "{}", r.stderr);
}
