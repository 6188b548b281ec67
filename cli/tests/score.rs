//! `zonescore score`: scorecards in Chinese and English, Markdown, the JSON contract
//! (byte for byte the engine's canonical answer), standard input, folders, exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{fixture, fixture_str, goal_folder, run, run_stdin, OUBEI};
use unicode_width::UnicodeWidthStr;
use zonescore::Ruleset;

fn canonical(ruleset: &str, path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    format!("{}\n", Ruleset::bundled(ruleset).unwrap().score_json(&text))
}

#[test]
fn table_in_chinese_by_default() {
    let r = run(&["score", &fixture_str(OUBEI)]);
    r.expect_code(0);
    for want in [
        "温州市优质产品生产示范区考核验收 — 评分表",
        "zone-qualification 2011.1",
        "sha256:",
        "永嘉瓯北阀门优质产品生产示范区",
        "资格条件",
        "一级指标",
        "评分明细",
        "评分说明",
        "规则文件校验码",
        "考核年度",
        "应得分",
        "四舍五入前得分",
        "本项为合理缺项，不计分，不计入应得分",
        "经核查，无“申报材料弄虚作假”情形",
        "得分/分值",
        "加分项",
        "一票否决",
        "计分与结论",
        "合理缺项",
        "部分达标",
        "达标",
        "A 优秀",
        "通过考核验收，推荐命名",
        "重点产业",
    ] {
        assert!(r.stdout.contains(want), "missing `{want}` in\n{}", r.stdout);
    }
    let final_line = r.stdout.lines().find(|l| l.starts_with("最终得分")).unwrap();
    assert!(final_line.ends_with("91.0"), "{final_line}");
    // Nothing left out: 折算得分 would equal 实得分 and claim a division not made.
    assert!(!r.stdout.contains("折算得分"), "{}", r.stdout);
    let wuniu = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rules/examples/zone-qualification/wuniu-early-tea-2014.json");
    let r = run(&["score", &wuniu.display().to_string()]);
    let line = r.stdout.lines().find(|l| l.starts_with("折算得分（按应得分折算）")).unwrap_or_default();
    assert!(line.contains("82.0388…"), "{}", r.stdout);
}

#[test]
fn table_columns_align_by_display_width() {
    let r = run(&["score", &fixture_str(OUBEI)]);
    // In the criteria table the status column starts at the same display column on every
    // row, whatever the width of the Chinese titles before it.
    let starts: Vec<usize> = r
        .stdout
        .lines()
        .filter(|l| l.len() > 2 && (b'A'..=b'F').contains(&l.as_bytes()[0]) && l.as_bytes()[1].is_ascii_digit())
        .filter_map(|l| {
            ["部分达标", "未达标", "达标", "合理缺项", "缺少证明材料"]
                .iter()
                .filter_map(|s| l.find(&format!("  {s}  ")))
                .min()
                .map(|i| l[..i].width())
        })
        .collect();
    assert!(starts.len() >= 20, "{starts:?}\n{}", r.stdout);
    assert!(starts.windows(2).all(|w| w[0] == w[1]), "{starts:?}");
}

#[test]
fn table_in_english() {
    let r = run(&["score", "--lang", "en", &fixture_str(OUBEI)]);
    r.expect_code(0);
    for want in [
        "scorecard",
        "Eligibility conditions",
        "Dimensions",
        "Criteria",
        "Points/max",
        "Bonus",
        "Vetoes",
        "Score and outcome",
        "not applicable",
        "partly met",
        "A Excellent",
        "Named",
    ] {
        assert!(r.stdout.contains(want), "missing `{want}` in\n{}", r.stdout);
    }
    assert!(r.stdout.lines().any(|l| l.starts_with("Final score") && l.ends_with("91.0")));
}

#[test]
fn markdown_document() {
    let r = run(&["score", "--format", "markdown", &fixture_str(OUBEI)]);
    r.expect_code(0);
    let md = &r.stdout;
    assert!(md.starts_with("# 温州市优质产品生产示范区考核验收 — 评分表\n"), "{md}");
    for want in [
        "## 资格条件",
        "## 一级指标",
        "## 评分明细",
        "## 加分项",
        "## 一票否决",
        "## 计分与结论",
        "| 编号 | 指标 | 得分/分值 | 状态 | 条款 | 依据 | 评分说明 |",
        "| --- | --- | ---: | --- | --- | --- | --- |",
        "| **A 组织保障（15/15 分）** |",
        "§5.2.1",
        "有据：GB47",
        "- **最终得分**: 91.0",
    ] {
        assert!(md.contains(want), "missing `{want}` in\n{md}");
    }
    let en = run(&["score", "--format", "markdown", "--lang", "en", &fixture_str(OUBEI)]);
    assert!(en.stdout.contains("| ID | Criterion | Points/max | Status | Clause | Basis | Reason |"));
    assert!(en.stdout.contains("- **Final score**: 91.0"));
}

#[test]
fn json_is_the_canonical_answer_byte_for_byte() {
    let path = fixture(OUBEI);
    let r = run(&["score", "--format", "json", "--compact", &fixture_str(OUBEI)]);
    r.expect_code(0);
    assert_eq!(r.stdout, canonical("zone-qualification", &path));
    // Without --compact, the same answer indented for people.
    let pretty = run(&["score", "--format", "json", &fixture_str(OUBEI)]);
    let tree: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(pretty.stdout, format!("{}\n", serde_json::to_string_pretty(&tree).unwrap()));
    assert!(pretty.stdout.contains("\n  \"type\": \"success\",\n"), "{}", pretty.stdout);
}

#[test]
fn detail_and_lang_shape_the_json_answer() {
    let path = fixture(OUBEI);
    let text = std::fs::read_to_string(&path).unwrap();
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    for (detail, lang, options) in [
        ("numbers", "en", zonescore::ScoreOptions { detail: zonescore::Detail::Numbers, lang: zonescore::Lang::En }),
        ("reasons", "zh", zonescore::ScoreOptions { detail: zonescore::Detail::Reasons, lang: zonescore::Lang::Zh }),
        ("full", "zh", zonescore::ScoreOptions { detail: zonescore::Detail::Full, lang: zonescore::Lang::Zh }),
    ] {
        let r =
            run(&["score", "--format", "json", "--compact", "--detail", detail, "--lang", lang, &fixture_str(OUBEI)]);
        r.expect_code(0);
        assert_eq!(r.stdout, format!("{}\n", rules.score_json_with(&text, &options)), "{detail} {lang}");
    }
    let full_zh = run(&["score", "--format", "json", "--compact", "--lang", "zh", &fixture_str(OUBEI)]);
    assert!(full_zh.stdout.contains(r#""grade_label":{"zh":"优秀"}"#), "{}", full_zh.stdout);
    let numbers = run(&["score", "--format", "json", "--detail", "numbers", &fixture_str(OUBEI)]);
    assert!(numbers.stdout.contains("\"status\": \"met\"") && !numbers.stdout.contains("\"reason\""));
    // Several files: each listed answer has the asked detail.
    let list = run(&["score", "--format", "json", "--detail", "reasons", &fixture_str(OUBEI), &fixture_str(OUBEI)]);
    let list: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(list[1]["answer"]["detail"], "reasons");
    assert!(list[1]["answer"]["criteria"][0]["parts"][0]["reason"]["code"].is_string());
    // --detail and --compact shape JSON only.
    let table = run(&["score", "--detail", "numbers", &fixture_str(OUBEI)]);
    table.expect_code(2);
    assert!(table.stderr.contains("--format json"), "{}", table.stderr);
}

#[test]
fn standard_input() {
    let bytes = std::fs::read(fixture(OUBEI)).unwrap();
    let want = canonical("zone-qualification", &fixture(OUBEI));
    let dash = run_stdin(&["score", "--format", "json", "--compact", "-"], &bytes);
    dash.expect_code(0);
    assert_eq!(dash.stdout, want);
    // With no path and a pipe on standard input, standard input is read.
    let bare = run_stdin(&["score", "--format", "json", "--compact"], &bytes);
    bare.expect_code(0);
    assert_eq!(bare.stdout, want);
    let table = run_stdin(&["score", "-"], &bytes);
    table.expect_code(0);
    assert!(table.stdout.contains("（标准输入）"));
    let twice = run_stdin(&["score", "-", "-"], &bytes);
    twice.expect_code(2);
}

#[test]
fn ruleset_is_detected_from_the_shape() {
    let path = goal_folder("2014-annual-oubei.json");
    let r = run(&["score", "--format", "json", "--compact", &path.display().to_string()]);
    r.expect_code(0);
    assert_eq!(r.stdout, canonical("annual-assessment", &path));
    let r = run(&["score", &path.display().to_string()]);
    assert!(r.stdout.contains("annual-assessment"), "{}", r.stdout);
}

#[test]
fn explicit_ruleset_id_and_rule_file() {
    let path = fixture_str(OUBEI);
    // Forcing the other ruleset makes the submission invalid: exit 1, errors listed.
    let r = run(&["score", "--ruleset", "annual-assessment", &path]);
    r.expect_code(1);
    assert!(r.stdout.contains("提交内容无效") && r.stdout.contains("unknown_field"), "{}", r.stdout);

    let sample = r#"{"firm": {"name": "甲厂", "pass_rate_pct": 96, "certified": true}}"#;
    let rules = fixture("rules/good.toml");
    let r = run_stdin(
        &["score", "--ruleset", &rules.display().to_string(), "--format", "json", "--compact", "-"],
        sample.as_bytes(),
    );
    r.expect_code(0);
    let want = Ruleset::from_path(&rules).unwrap().score_json(sample);
    assert_eq!(r.stdout, format!("{want}\n"));

    let r = run(&["score", "--ruleset", "no-such-ruleset", &path]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("没有编号为 `no-such-ruleset` 的内置规则集") && r.stderr.contains("zone-qualification"),
        "{}",
        r.stderr
    );
    let r = run(&["score", "--ruleset", "zone-qualifcation", &path]);
    r.expect_code(2);
    assert!(r.stderr.starts_with("zonescore：错误："), "{}", r.stderr);
    assert!(r.stderr.contains("你是否想写 `zone-qualification`？"), "{}", r.stderr);

    let r = run(&["score", "--ruleset", &fixture_str("rules/unknown-field.toml"), &path]);
    r.expect_code(2);
    assert!(r.stderr.contains("unknown-field.toml:46:") && r.stderr.contains("错误[unknown_name]"), "{}", r.stderr);
    let en = run(&["score", "--lang", "en", "--ruleset", &fixture_str("rules/unknown-field.toml"), &path]);
    assert!(en.stderr.contains("error[unknown_name]"), "{}", en.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn folder_scores_every_json_sorted_and_recursively() {
    let folder = goal_folder("");
    let r = run(&["score", "--format", "json", &folder.display().to_string()]);
    // The folder holds one invalid submission: the others are still scored, exit 1.
    r.expect_code(1);
    let list: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let items = list.as_array().unwrap();
    let sources: Vec<&str> = items.iter().map(|i| i["source"].as_str().unwrap()).collect();
    let names: Vec<String> =
        sources.iter().map(|s| std::path::Path::new(s).strip_prefix(&folder).unwrap().display().to_string()).collect();
    assert_eq!(
        names,
        [
            "2012-oubei-valves.json",
            "2013-huangtian-shoes-vetoed.json",
            "2013-oubei-valves.json",
            "2014-annual-oubei.json",
            "2014-broken.json",
            "sub/2013-qiaoxia-toys.json",
            "sub/2014-qiaotou-buttons.json",
        ]
    );
    for item in items {
        let path = std::path::Path::new(item["source"].as_str().unwrap());
        let id = item["answer"]["ruleset"]["id"].as_str().unwrap();
        // Each listed answer is the canonical answer, indented inside the list.
        let answer = serde_json::to_string(&item["answer"]).unwrap();
        assert_eq!(format!("{answer}\n"), canonical(id, path), "{}", path.display());
    }
    let types: Vec<&str> = items.iter().map(|i| i["answer"]["type"].as_str().unwrap()).collect();
    assert_eq!(types.iter().filter(|t| **t == "failure").count(), 1);

    let table = run(&["score", &folder.display().to_string()]);
    table.expect_code(1);
    assert_eq!(table.stdout.matches("— 评分表").count(), 6);
    assert_eq!(table.stdout.matches("提交内容无效，未予评分").count(), 1);
}

#[test]
fn several_files_make_a_list() {
    let a = fixture_str(OUBEI);
    let r = run(&["score", "--format", "json", &a, &a]);
    r.expect_code(0);
    let list: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    let md = run(&["score", "--format", "markdown", &a, &a]);
    assert_eq!(md.stdout.matches("\n---\n").count(), 1);
}

#[test]
fn vetoed_submission_is_a_success() {
    let r = run(&["score", &goal_folder("2013-huangtian-shoes-vetoed.json").display().to_string()]);
    r.expect_code(0);
    assert!(r.stdout.contains("是（一票否决）") && r.stdout.contains("未通过考核验收"), "{}", r.stdout);
    assert!(r.stdout.contains("，实行一票否决"), "{}", r.stdout);
}

#[test]
fn usage_errors_exit_2() {
    run(&["score", "--format", "xml", &fixture_str(OUBEI)]).expect_code(2);
    run(&["score", "--lang", "fr", &fixture_str(OUBEI)]).expect_code(2);
    run(&["frobnicate"]).expect_code(2);
    run(&[]).expect_code(2);
}

#[test]
fn a_folder_closes_with_a_count_and_names_the_invalid_files() {
    let folder = goal_folder("").display().to_string();
    let r = run(&["score", &folder]);
    r.expect_code(1);
    let last = r.stderr.lines().last().unwrap();
    assert!(
        last.starts_with("共 ") && last.contains("份已评分，1 份无效：") && last.ends_with("2014-broken.json"),
        "{last}"
    );
    let en = run(&["score", "--lang", "en", "--format", "json", &folder]);
    assert!(en.stderr.contains("scored, 1 invalid:"), "{}", en.stderr);
    let one = run(&["score", &fixture_str(OUBEI)]);
    assert!(one.stderr.is_empty(), "a single file needs no count: {}", one.stderr);
}

#[test]
fn long_intermediate_values_are_cut_for_people_and_whole_in_json() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rules/examples/zone-qualification/yantou-nanxi-agrifood-2015.json")
        .display()
        .to_string();
    let r = run(&["score", &path]);
    assert!(r.stdout.contains("79.2452…（截至第4位小数，完整值见 JSON）"), "{}", r.stdout);
    assert!(!r.stdout.contains("79.24528301886792452830188679"), "{}", r.stdout);
    let json = run(&["score", "--format", "json", &path]);
    assert!(json.stdout.contains("\"base\": \"79.24528301886792452830188679\""), "{}", json.stdout);
}

#[test]
fn the_header_says_why_and_how_the_score_adds_up() {
    let vetoed = run(&["score", &example("huangtian-leather-shoes-2013-vetoed.json")]);
    vetoed.expect_code(0);
    assert!(
        vetoed.stdout.contains("结论            未通过考核验收（一票否决：V1 近三年发生区域性、系统性质量安全事故）"),
        "{}",
        vetoed.stdout
    );
    assert!(vetoed.stdout.contains("计分            实得 89 + 加分 1 → 90.0"), "{}", vetoed.stdout);
    assert!(vetoed.stdout.contains("注：“约为”“≈”后的比例截至第2位小数（舍去，不进位）"), "{}", vetoed.stdout);
    let ineligible = run(&["score", &example("dongcheng-hardware-ornaments-2012-ineligible.json")]);
    assert!(ineligible.stdout.contains("（资格条件不符合：G1 "), "{}", ineligible.stdout);
    let normalised = run(&["score", "--lang", "en", &example("wuniu-early-tea-2014.json")]);
    assert!(
        normalised.stdout.contains("earned 84.5 (of 103, normalised 82.03…) + bonus 2 → 84.0"),
        "{}",
        normalised.stdout
    );
    assert!(!normalised.stdout.contains("(named)"), "codes are not shown beside their labels");
}

fn example(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rules/examples/zone-qualification")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn many_files_as_rows_and_csv() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/zone-qualification");
    let folder = folder.display().to_string();
    let rows = run(&["score", "--format", "rows", &folder]);
    rows.expect_code(0);
    assert_eq!(rows.stdout.lines().filter(|l| l.contains(".json")).count(), 10, "{}", rows.stdout);
    let vetoed = rows.stdout.lines().find(|l| l.contains("huangtian")).unwrap();
    assert!(vetoed.contains("90.0") && vetoed.contains("D 不合格") && vetoed.contains("一票否决：V1"), "{vetoed}");
    assert!(rows.stderr.contains("共 10 份：全部已评分"), "{}", rows.stderr);

    let csv = run(&["score", "--format", "csv", &folder]);
    csv.expect_code(0);
    let lines: Vec<&str> = csv.stdout.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 11);
    assert!(lines[0].starts_with(
        "source,ruleset,valid,/zone/name,/zone/town,year,final_score,grade,outcome,vetoes_fired,gates_failed,A1,"
    ));
    assert!(lines[0].ends_with(",X1,X2,X3,warnings,errors"));
    let oubei = lines.iter().find(|l| l.contains("oubei-valves-2013")).unwrap();
    assert!(oubei.contains(",2013,91.0,A,named,,,5,3,4,3,"), "{oubei}");
    // A scorecard's warnings travel with the row: a year outside the rules' period.
    let late = lines.iter().find(|l| l.contains("oubei-valves-2016")).unwrap();
    assert!(late.ends_with(",考核年度不在本规则的有效期（2011—2015 年）内，结果仅供参考,"), "{late}");
    let late = rows.stdout.lines().position(|l| l.contains("oubei-valves-2016")).unwrap();
    let note: String = rows.stdout.lines().skip(late).take(3).collect();
    assert!(note.contains("考核年度不在本规则的有效"), "{}", rows.stdout);
}

#[test]
fn csv_columns_are_the_rules_whichever_rows_are_valid() {
    let dir = tempfile::tempdir().unwrap();
    let invalid = dir.path().join("empty.json");
    std::fs::write(&invalid, "{}").unwrap();
    let header = |path: &str| run(&["score", "--format", "csv", path]).stdout.lines().next().unwrap().to_owned();
    let valid = header(&fixture_str(OUBEI));
    assert_eq!(header(&invalid.display().to_string()), valid);
    assert!(valid.contains(",/zone/name,/zone/town,") && valid.contains(",A1,"), "{valid}");
}

#[test]
fn csv_replaces_escapes_and_bidirectional_overrides_as_every_output_does() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture(OUBEI))
        .unwrap()
        .replace("永嘉瓯北阀门优质产品生产示范区", "x \\u202e evil \\u001b[31mred");
    let file = dir.path().join("a.json");
    std::fs::write(&file, text).unwrap();
    let r = run(&["score", "--format", "csv", &file.display().to_string()]);
    r.expect_code(0);
    assert!(r.stdout.contains(",x \u{fffd} evil \u{fffd}[31mred,"), "{:?}", r.stdout);
}

#[test]
fn csv_quotes_and_defuses_what_a_spreadsheet_would_run() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture(OUBEI))
        .unwrap()
        .replace("永嘉瓯北阀门优质产品生产示范区", "=HYPERLINK(\\\"x\\\",\\\"a,b\\\")");
    std::fs::write(dir.path().join("a.json"), text).unwrap();
    std::fs::write(dir.path().join("b.json"), "{\"zone\": 1}").unwrap();
    let r = run(&["score", "--format", "csv", "--lang", "en", &dir.path().display().to_string()]);
    r.expect_code(1);
    assert!(r.stdout.contains(",\"'=HYPERLINK(\"\"x\"\",\"\"a,b\"\")\","), "{}", r.stdout);
    let refused = r.stdout.split("\r\n").find(|l| l.contains("b.json")).unwrap();
    assert!(refused.contains(",false,") && refused.contains("/zone"), "{refused}");
}

#[test]
fn csv_defuses_text_that_starts_with_a_tab_or_a_carriage_return() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture(OUBEI))
        .unwrap()
        .replace("永嘉瓯北阀门优质产品生产示范区", "\\t=1+1")
        .replace("\"瓯北\"", "\"\\r=2+2\"");
    let file = dir.path().join("a.json");
    std::fs::write(&file, text).unwrap();
    let r = run(&["score", "--format", "csv", &file.display().to_string()]);
    r.expect_code(0);
    assert!(r.stdout.contains(",'\t=1+1,"), "{:?}", r.stdout);
    assert!(r.stdout.contains(",\"'\r=2+2\","), "{:?}", r.stdout);
}

#[test]
fn a_reason_names_the_fields_it_missed_as_python_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(fixture(OUBEI)).unwrap()).unwrap();
    v["quality"].as_object_mut().unwrap().remove("spot_check_pass_rate_pct");
    let file = dir.path().join("partial.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let r = run(&["score", "--format", "markdown", &file.display().to_string()]);
    assert!(r.stdout.contains("。缺少：监督抽查合格率（本年度） (/quality/spot_check_pass_rate_pct)"), "{}", r.stdout);
}

#[test]
fn a_submission_scored_with_another_rulesets_rules_is_named_as_such() {
    let zone = common::fixture_str(common::OUBEI);
    let r = run(&["score", "--ruleset", "annual-assessment", &zone, "--lang", "en"]);
    r.expect_code(1);
    let want = "note: a submission for zone-qualification, scored with --ruleset annual-assessment";
    assert_eq!(r.stderr.matches(want).count(), 1, "{}", r.stderr);
    // Its own rules, or a file invalid under them: no such note.
    let own = run(&["score", "--ruleset", "zone-qualification", &zone]);
    own.expect_code(0);
    assert!(!own.stderr.contains("注意"), "{}", own.stderr);
    // A rule file of an id of its own may read any shape: its errors are the file's.
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("county-zones.toml");
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/annual-assessment.toml"),
    )
    .unwrap();
    std::fs::write(&rules, text.replacen("id = \"annual-assessment\"", "id = \"county-zones\"", 1)).unwrap();
    let r = run(&["score", "--ruleset", &rules.display().to_string(), &zone]);
    r.expect_code(1);
    assert!(!r.stderr.contains("注意"), "{}", r.stderr);
}
