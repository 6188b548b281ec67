//! `zonescore summary`: the county goal (§2.1) over folders of submissions, as a table and as
//! the engine's JSON, with the files it flags.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{goal_folder, run, run_env, run_in};
use zonescore::{summarize, Answer, Ruleset};

#[test]
fn summary_of_other_rulesets_submissions_alone_sums_up_nothing() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/annual-assessment");
    let r = run(&["summary", &folder.display().to_string(), "--lang", "en"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("nothing to sum up: none of the 7 submissions is a zone-qualification submission"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("other_ruleset"), "the skipped files are still listed: {}", r.stdout);
    // No verdict is printed: a report of 0 zones named would pass for a result on paper.
    assert!(!r.stdout.contains("Result") && !r.stdout.contains("not met"), "{}", r.stdout);
}

#[test]
fn summary_of_a_folder_with_three_named_zones() {
    let folder = goal_folder("").display().to_string();
    let r = run(&["summary", &folder]);
    r.expect_code(0);
    for want in [
        "五年内创建 3 个以上温州市优质产品生产示范区",
        "已达成：截至2014年累计3个示范区通过考核验收（目标3个以上）",
        "示范区名称",
        "永嘉瓯北阀门优质产品生产示范区",
        "永嘉桥下教玩具优质产品生产示范区",
        "永嘉桥头钮扣拉链优质产品生产示范区",
        "A 通过考核验收，推荐命名 91.0",
        "未通过考核验收",
        "已跳过的提交",
        "2014-broken.json",
        "wrong_type",
        "other_ruleset",
    ] {
        assert!(r.stdout.contains(want), "missing `{want}` in\n{}", r.stdout);
    }
    let en = run(&["summary", "--lang", "en", &folder]);
    assert!(
        en.stdout
            .contains("met: By 2014, the number of zones that had passed the assessment was 3 (target: 3 or more)"),
        "{}",
        en.stdout
    );
    let md = run(&["summary", "--format", "markdown", &folder]);
    assert!(
        md.stdout.starts_with("# ") && md.stdout.contains("| 示范区名称 | 所在镇（街道） | 2012 | 2013 | 2014 |"),
        "{}",
        md.stdout
    );
}

#[test]
fn summary_json_is_the_engine_summary() {
    let folder = goal_folder("");
    let r = run(&["summary", "--format", "json", &folder.display().to_string()]);
    r.expect_code(0);
    let got: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();

    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let mut reports = Vec::new();
    for rel in [
        "2012-oubei-valves.json",
        "2013-huangtian-shoes-vetoed.json",
        "2013-oubei-valves.json",
        "sub/2013-qiaoxia-toys.json",
        "sub/2014-qiaotou-buttons.json",
    ] {
        match rules.score_bytes(&std::fs::read(folder.join(rel)).unwrap()) {
            Answer::Success(r) => reports.push(r),
            Answer::Failure(f) => panic!("{rel}: {f:?}"),
        }
    }
    let want = summarize(&rules, &reports).unwrap();
    assert_eq!(got["summary"], serde_json::to_value(&want).unwrap());
    assert_eq!(got["summary"]["met"], true);
    assert_eq!(got["summary"]["met_in_year"], 2014);
    assert_eq!(got["summary"]["named"].as_array().unwrap().len(), 3);
    let skipped: Vec<&str> = got["skipped"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(skipped, ["other_ruleset", "wrong_type"]);
}

#[test]
fn summary_flags_two_files_for_one_zone_and_year_and_years_outside_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/zone-qualification");
    for name in ["oubei-valves-2013.json", "oubei-valves-2016.json", "wuniu-early-tea-2014.json"] {
        std::fs::copy(examples.join(name), dir.path().join(name)).unwrap();
    }
    // A second 瓯北 2013 file: spot check 92.5 gives C1 6 instead of 8, so 89.0 instead of 91.0.
    let text = std::fs::read_to_string(examples.join("oubei-valves-2013.json")).unwrap().replace("94.6", "92.5");
    std::fs::write(dir.path().join("oubei-valves-2013-again.json"), text).unwrap();
    let folder = dir.path().display().to_string();
    let json = run(&["summary", "--format", "json", &folder]);
    json.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let repeated = &v["summary"]["repeated"][0];
    assert_eq!(repeated["year"], 2013);
    assert_eq!(repeated["final_scores"], serde_json::json!(["89.0", "91.0"]));
    assert_eq!(repeated["used"], "89.0", "the lower score counts");
    // Where the two reports are in the list summarised, whose files `sources` names.
    let places: Vec<usize> =
        repeated["reports"].as_array().unwrap().iter().map(|p| p.as_u64().unwrap() as usize).collect();
    let files: Vec<&str> = places.iter().map(|&p| v["sources"][p].as_str().unwrap()).collect();
    assert!(
        files[0].ends_with("oubei-valves-2013-again.json") && files[1].ends_with("oubei-valves-2013.json"),
        "{files:?}"
    );
    assert_eq!(v["sources"].as_array().unwrap().len(), 4);
    let named = &v["summary"]["named"];
    assert_eq!(named[0]["final_score"], "89.0");
    let rows = v["summary"]["rows"].as_array().unwrap();
    assert_eq!(rows.iter().filter(|r| r["counted"] == false).count(), 1);
    assert!(rows.iter().any(|r| r["year"] == 2016 && r["outside_period"] == true));
    // Each row names its outcome as the report does, so no face looks labels up itself.
    let named_row = rows.iter().find(|r| r["outcome"] == "named").expect("a named row");
    assert_eq!(named_row["outcome_label"]["zh"], "通过考核验收，推荐命名");

    let wide = run_env(&["summary", &folder], &[("COLUMNS", "200")]);
    assert!(wide.stdout.contains("示范区 × 年度"), "{}", wide.stdout);
    assert!(wide.stdout.contains("91.0（未计入）") && wide.stdout.contains("100.0（仅供参考）"), "{}", wide.stdout);
    assert!(wide.stdout.contains("2013年有 2 份提交（得分 89.0、91.0），按较低的 89.0 计"), "{}", wide.stdout);
    let line = wide.stdout.lines().find(|l| l.contains("2013年有 2 份提交")).unwrap();
    assert!(line.contains("oubei-valves-2013-again.json") && line.contains("oubei-valves-2013.json"), "{line}");
    let narrow = run_env(&["summary", &folder], &[("COLUMNS", "80")]);
    assert!(narrow.stdout.contains("各示范区各年度结果"), "{}", narrow.stdout);
    assert!(narrow.stdout.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 100), "{}", narrow.stdout);
    assert!(wide.stdout.contains("标“仅供参考”的年度不在规则有效期内"), "{}", wide.stdout);
    // A ruleset with no goal over many reports has nothing to summarise, and says so.
    let none = run(&["summary", "--ruleset", "annual-assessment", &folder]);
    none.expect_code(2);
    assert!(none.stderr.contains("规则集 `annual-assessment` 没有设定跨多份报告的目标"), "{}", none.stderr);
}

/// Every goal case of `tests/goal-cases`, run from its folder as a user would run it: the
/// JSON printed is its `expected.json`, byte for byte (Python's `goal_summary` gives the same).
#[test]
fn summary_json_replays_every_goal_case_byte_for_byte() {
    let cases = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/goal-cases");
    let mut seen = 0;
    for entry in std::fs::read_dir(&cases).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(dir.join("case.json")) else { continue };
        let case: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut args = vec!["summary", "--format", "json"];
        if let Some(id) = case["ruleset"].as_str() {
            args.extend(["--ruleset", id]);
        }
        args.push(case["folder"].as_str().unwrap());
        let r = run_in(&dir, &args);
        r.expect_code(0);
        let expected = std::fs::read_to_string(dir.join("expected.json")).unwrap();
        assert_eq!(r.stdout, expected, "{}", dir.display());
        seen += 1;
    }
    assert!(seen >= 2, "only {seen} goal cases");
}
