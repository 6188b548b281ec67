//! Filled workbooks beyond `score`: `summary` counts their rows, `replay` replays them, and
//! `bounds` and `advise`, which take one JSON submission, say so of a workbook.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::book::{examples, filled};
use common::run;
use serde_json::Value;
use std::path::Path;

/// A folder with the ten examples in one workbook (rows 4, 6–14), nothing else.
fn folder_with_a_workbook(dir: &Path) -> String {
    filled(&dir.join("filled.xlsx"), &examples());
    dir.display().to_string()
}

#[test]
fn summary_counts_the_rows_of_a_workbook_as_it_counts_json_files() {
    let json = run(&["summary", "--format", "json", &examples()[0].parent().unwrap().display().to_string()]);
    json.expect_code(0);
    let want: Value = serde_json::from_str(&json.stdout).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let folder = folder_with_a_workbook(dir.path());
    let book = dir.path().join("filled.xlsx").display().to_string();
    for arg in [&folder, &book] {
        let r = run(&["summary", "--format", "json", arg]);
        r.expect_code(0);
        let got: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(got["skipped"], Value::Array(vec![]), "{arg}: {}", r.stdout);
        assert_eq!(got["summary"]["named"], want["summary"]["named"], "{arg}");
        assert_eq!(got["summary"]["met"], true);
        assert_eq!(got["summary"]["rows"].as_array().unwrap().len(), 10);
    }
    let r = run(&["summary", &book]);
    r.expect_code(0);
    assert!(r.stdout.contains("参与评分的提交  10\n已跳过          0\n"), "{}", r.stdout);

    // Rows of another ruleset's sheet are skipped by name, as a file of it is.
    let towns = dir.path().join("towns");
    std::fs::create_dir(&towns).unwrap();
    let annual = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/annual-assessment/oubei-2011.json");
    filled(&towns.join("towns.xlsx"), &[annual]);
    let r = run(&["summary", "--format", "json", &towns.display().to_string()]);
    r.expect_code(2); // nothing summed up: said on standard error, the skipped rows still listed
    let got: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(got["skipped"][0]["code"], "other_ruleset", "{}", r.stdout);
    assert!(got.get("summary").is_none(), "no verdict: {}", r.stdout);
    assert!(got["skipped"][0]["source"].as_str().unwrap().ends_with("towns.xlsx!示范区!4"), "{}", r.stdout);

    // A workbook that cannot be read is an error, as for score.
    let fake = dir.path().join("notes.xlsx");
    std::fs::write(&fake, "zone,score\n").unwrap();
    let r = run(&["summary", &fake.display().to_string()]);
    r.expect_code(2);
    assert!(r.stderr.contains("notes.xlsx：不是可读取的 Excel 工作簿"), "{}", r.stderr);
}

#[test]
fn replay_replays_the_rows_of_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let folder = folder_with_a_workbook(dir.path());
    let revised = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/fixtures/zone-qualification-revised.toml");
    let replay = |arg: &str| {
        let r = run(&[
            "replay",
            "--format",
            "json",
            "--old",
            "zone-qualification",
            "--new",
            revised.to_str().unwrap(),
            arg,
        ]);
        r.expect_code(0);
        serde_json::from_str::<Value>(&r.stdout).unwrap()
    };
    let from_json = replay(&examples()[0].parent().unwrap().display().to_string());
    let from_book = replay(&folder);
    assert_eq!(from_book["submissions"]["count"], 10, "{from_book}");
    let cases = from_book["submissions"]["cases"].as_array().unwrap();
    assert!(cases[0]["source"].as_str().unwrap().ends_with("filled.xlsx!示范区!4"), "{from_book}");
    let outcomes = |v: &Value| -> Vec<Value> {
        v["submissions"]["cases"].as_array().unwrap().iter().map(|c| c["new"].clone()).collect()
    };
    assert_eq!(outcomes(&from_book), outcomes(&from_json), "the rows replay as the files do");

    // A workbook that cannot be read is named and left out, and the run is no success, as
    // `score`'s is not.
    let fake = dir.path().join("notes.xlsx");
    std::fs::write(&fake, "zone,score\n").unwrap();
    let r = run(&["replay", "--old", "zone-qualification", "--new", "zone-qualification", &folder]);
    r.expect_code(2);
    assert!(r.stderr.contains("notes.xlsx：不是可读取的 Excel 工作簿"), "{}", r.stderr);
    assert!(r.stderr.contains("另有 1 个文件无法读取"), "{}", r.stderr);
}

#[test]
fn bounds_and_advise_say_they_take_one_json_submission_not_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    folder_with_a_workbook(dir.path());
    let book = dir.path().join("filled.xlsx");
    let renamed = dir.path().join("filled.data");
    std::fs::copy(&book, &renamed).unwrap();
    for command in ["bounds", "advise"] {
        for path in [&book, &renamed] {
            let r = run(&[command, path.to_str().unwrap()]);
            r.expect_code(2);
            assert!(
                r.stderr.contains(&format!("`{command}` 只接受一份 JSON 提交，不接受 Excel 工作簿")),
                "{}",
                r.stderr
            );
            assert!(!r.stderr.contains("invalid_utf8") && r.stdout.is_empty(), "{}\n{}", r.stdout, r.stderr);
        }
        let r = run(&[command, "--lang", "en", book.to_str().unwrap()]);
        assert!(
            r.stderr.contains(&format!("`{command}` takes one JSON submission, not an Excel workbook")),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn other_tables_and_lock_files_are_told_as_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    // A CSV saved from WPS on a Chinese Windows (GBK), and a WPS spreadsheet.
    std::fs::write(dir.path().join("九月考核.csv"), [0xD5, 0xF2, b',', b'1', b'\n']).unwrap();
    std::fs::write(dir.path().join("towns.et"), [0xD0, 0xCF, 0x11, 0xE0]).unwrap();
    for (file, kind) in [("九月考核.csv", "CSV 文件不能读取"), ("towns.et", "WPS 表格（.et） 文件不能读取")]
    {
        let r = run(&["score", &dir.path().join(file).display().to_string()]);
        r.expect_code(2);
        assert!(r.stderr.contains(kind) && r.stderr.contains("另存为 Excel 工作簿（.xlsx）"), "{}", r.stderr);
        assert!(!r.stderr.contains("JSON") && !r.stderr.contains("UTF-8"), "{}", r.stderr);
    }
    // A folder with an open workbook's lock file beside a submission: passed over, said so.
    let folder = dir.path().join("各镇上报");
    std::fs::create_dir(&folder).unwrap();
    let oubei =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/zone-qualification/oubei-valves-2013.json");
    std::fs::copy(oubei, folder.join("瓯北.json")).unwrap();
    std::fs::write(folder.join("~$瓯北.xlsx"), b"owner").unwrap();
    let r = run(&["score", "--format", "csv", &folder.display().to_string()]);
    r.expect_code(0);
    assert!(r.stderr.contains("~$瓯北.xlsx：Excel 或 WPS 打开 瓯北.xlsx 时留下的临时锁定文件"), "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
    // A town's .xls or WPS file in the folder is refused by name, not left out unsaid; the
    // lock file of an open .xls is passed over as an .xlsx's is.
    std::fs::write(folder.join("乌牛.xls"), [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap();
    std::fs::write(folder.join("桥头.et"), [0xD0, 0xCF, 0x11, 0xE0]).unwrap();
    std::fs::write(folder.join("~$乌牛.xls"), b"owner").unwrap();
    let r = run(&["score", "--format", "csv", &folder.display().to_string()]);
    r.expect_code(2);
    assert!(r.stderr.contains("乌牛.xls：这是 Excel 97–2003 工作簿（.xls），不能读取"), "{}", r.stderr);
    assert!(r.stderr.contains("桥头.et：WPS 表格（.et） 文件不能读取"), "{}", r.stderr);
    assert!(
        r.stderr.contains("2 个文件无法读取") && r.stderr.contains("~$乌牛.xls：Excel 或 WPS 打开"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout.lines().count(), 2, "the JSON is still scored: {}", r.stdout);
}
