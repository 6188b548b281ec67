//! `zonescore bounds` and `zonescore advise` as a town official meets them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::{run, run_stdin};

const HALF: &str = r#"{"zone": {"name": "瓯北阀门", "town": "瓯北", "industry": "valves", "creating_subject": "town_government",
  "assessment_year": 2013, "industry_policy_category": "encouraged"}, "quality": {"spot_check_pass_rate_pct": 94.6}}"#;

fn example(name: &str) -> String {
    format!("{}/../rules/examples/zone-qualification/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bounds_of_a_half_filled_form() {
    let r = run_stdin(&["bounds", "--format", "json", "-"], HALF.as_bytes());
    r.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["type"], "bounds");
    // C1 is decided by the filled pass rate: 94.6 reaches the 94 band.
    let c1 = v["criteria"].as_array().unwrap().iter().find(|c| c["id"] == "C1").unwrap();
    assert_eq!(c1["points"], serde_json::json!({"min": "8", "max": "8"}));
    assert!(v["grades"].as_array().unwrap().contains(&"A".into()), "{}", r.stdout);
    let table = run_stdin(&["bounds", "-"], HALF.as_bytes());
    table.expect_code(0);
    assert!(table.stdout.contains("最终得分") && table.stdout.contains("待填字段"), "{}", table.stdout);
    // A criterion that may not apply (C6 and C7 hang on a missing switch) in core's words.
    assert!(v["criteria"].as_array().unwrap().iter().any(|c| c["applies"] == "open"), "{}", r.stdout);
    assert!(table.stdout.contains("（是否适用待定）"), "{}", table.stdout);
    // The summary is core's sentence, the same in every face.
    let summary = v["summary"]["zh"].as_str().unwrap();
    assert!(summary.starts_with("尚有 ") && summary.contains("项未填：最终得分可达 "), "{summary}");
    assert!(table.stdout.contains(summary), "{}", table.stdout);
    let en = run_stdin(&["bounds", "--lang", "en", "--format", "markdown", "-"], HALF.as_bytes());
    assert!(en.stdout.contains("Score bounds") && en.stdout.contains('|'), "{}", en.stdout);
}

#[test]
fn bounds_of_a_complete_form_shows_criteria_that_do_not_apply_as_the_scorecard_does() {
    let r = run(&["bounds", &example("oubei-valves-2013.json")]);
    r.expect_code(0);
    assert!(r.stdout.contains("各项均已填写"), "{}", r.stdout);
    let c6 = r.stdout.lines().find(|l| l.starts_with("C6 ")).unwrap();
    assert!(c6.contains("农产品质量安全（不适用）") && c6.split_whitespace().nth(2) == Some("-"), "{c6}");
    assert!(!r.stdout.contains("/quality/agri_monitoring_pass_rate_pct"), "{}", r.stdout);
    // Nothing is missing: no empty table of missing fields.
    assert!(!r.stdout.contains("待填字段"), "{}", r.stdout);
}

#[test]
fn bounds_refuses_an_invalid_present_field() {
    let r = run_stdin(&["bounds", "-"], br#"{"quality": {"spot_check_pass_rate_pct": "high"}}"#);
    r.expect_code(1);
    assert!(r.stdout.contains("wrong_type"), "{}", r.stdout);
    // Under the rows that say which rules and file the errors are of, as a scorecard's.
    assert!(r.stdout.contains("规则            zone-qualification 2011.1"), "{}", r.stdout);
    assert!(r.stdout.contains("提交文件        （标准输入）"), "{}", r.stdout);
}

#[test]
fn a_refused_submission_is_listed_as_score_lists_it() {
    // The whole submission's place, and the errors past the first hundred counted.
    let r = run_stdin(&["bounds", "-"], b"[]");
    r.expect_code(1);
    assert!(r.stdout.contains("（整个提交）") && r.stdout.contains("not_an_object"), "{}", r.stdout);
    let many = format!("{{{}}}", (0..120).map(|i| format!("\"x{i}\": 1")).collect::<Vec<_>>().join(", "));
    let r = run_stdin(&["advise", "--lang", "en", "-"], many.as_bytes());
    r.expect_code(1);
    assert!(r.stdout.contains("and 26 more errors not listed"), "{}", r.stdout);
    let score = run_stdin(&["score", "--lang", "en", "-"], many.as_bytes());
    assert!(score.stdout.contains("and 26 more errors not listed"), "{}", score.stdout);
}

#[test]
fn advise_gives_thresholds_and_names_what_cannot_change() {
    let r = run(&["advise", "--format", "json", "--target", "A", &example("oubei-valves-2013.json")]);
    r.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["type"], "advice");
    assert_eq!(v["target"], "A");
    let table = run(&["advise", &example("huangtian-leather-shoes-2013-vetoed.json"), "--target", "A"]);
    table.expect_code(0);
    assert!(table.stdout.contains("如何达到 优秀（A）"), "{}", table.stdout);
    // What was asked about, as a scorecard's header says it: the digest and the file.
    assert!(table.stdout.contains("规则文件校验码  sha256:"), "{}", table.stdout);
    assert!(table.stdout.contains("huangtian-leather-shoes-2013-vetoed.json"), "{}", table.stdout);
    assert!(table.stdout.contains("V1"), "a veto on an incident cannot be advised away: {}", table.stdout);
    // Core's headings, as Python's card and the browser show them.
    assert!(table.stdout.contains("受以下事项阻碍"), "{}", table.stdout);
    let far = run(&["advise", &example("qiaotou-buttons-zippers-2011.json"), "--target", "A"]);
    far.expect_code(0);
    assert!(far.stdout.contains("可达到的最好目标：C"), "{}", far.stdout);
    // A target the rules do not have is a usage error, not an invalid submission.
    let bad = run(&["advise", "--target", "Z", &example("oubei-valves-2013.json")]);
    bad.expect_code(2);
    assert!(bad.stdout.is_empty() && !bad.stderr.contains("提交内容无效"), "{}", bad.stdout);
    // Each target by its code and name, in the core's words every face gives.
    assert!(
        bad.stderr.contains("--target：目标“Z”不是本规则的等级或结论，可选：A 优秀、B 良好、C 合格、D 不合格"),
        "{}",
        bad.stderr
    );
    // A grade or outcome by its name, or its code in another case, is that target.
    let by_code = run(&["advise", "--format", "json", "--target", "B", &example("qiaotou-buttons-zippers-2011.json")]);
    for name in ["良好", "b", "Good", "未通过考核验收"] {
        let r = run(&["advise", "--format", "json", "--target", name, &example("qiaotou-buttons-zippers-2011.json")]);
        r.expect_code(0);
        if name != "未通过考核验收" {
            assert_eq!(r.stdout, by_code.stdout, "{name}");
        } else {
            assert!(r.stdout.contains("\"target\":\"not_named\""), "{}", r.stdout);
        }
    }
    let json = run(&["advise", "--format", "json", "--target", "Z", &example("oubei-valves-2013.json")]);
    json.expect_code(2);
    assert!(json.stdout.contains("\"code\":\"unknown_target\""), "{}", json.stdout);
}

#[test]
fn advise_refuses_text_that_is_not_utf8_as_score_does() {
    let r = run_stdin(&["advise", "--format", "json", "-"], b"{\"zone\": {\"name\": \"\xff\"}}");
    r.expect_code(1);
    assert!(r.stdout.contains("invalid_utf8"), "{}", r.stdout);
}

#[test]
fn advise_and_bounds_name_grades_and_outcomes_in_the_run_s_language() {
    let qiaoxia = example("qiaoxia-educational-toys-2012.json");
    let zh = run(&["advise", &qiaoxia]);
    zh.expect_code(0);
    assert!(zh.stdout.contains("如何达到 良好（B）"), "{}", zh.stdout);
    let now = zh.stdout.lines().find(|l| l.starts_with("现在")).unwrap_or_default();
    assert!(now.ends_with(" 67.0 合格（C）；未通过考核验收"), "{}", zh.stdout);
    assert!(zh.stdout.contains("方案 1：80.0 良好（B）；通过考核验收，推荐命名"), "{}", zh.stdout);
    assert!(!zh.stdout.contains("not_named") && !zh.stdout.contains(" named"), "{}", zh.stdout);
    let en = run(&["advise", "--lang", "en", &qiaoxia]);
    en.expect_code(0);
    assert!(en.stdout.contains("Option 1: 80.0 Good (B); Named"), "{}", en.stdout);
    assert!(!en.stdout.contains('：'), "no Chinese colon in English: {}", en.stdout);
    let outcome = run(&["advise", "--target", "named", &qiaoxia]);
    assert!(outcome.stdout.contains("如何达到 通过考核验收，推荐命名"), "{}", outcome.stdout);
    // The codes stay in JSON.
    let json = run(&["advise", "--format", "json", &qiaoxia]);
    assert!(json.stdout.contains("\"outcome\":\"not_named\""), "{}", json.stdout);

    let bounds = run_stdin(&["bounds", "-"], HALF.as_bytes());
    bounds.expect_code(0);
    let line = bounds.stdout.lines().find(|l| l.starts_with("可能结论")).unwrap();
    assert_eq!(line.split_whitespace().collect::<Vec<_>>(), ["可能结论", "通过考核验收，推荐命名；未通过考核验收"]);
    assert!(bounds.stdout.contains("标准输入"), "standard input named as the file: {}", bounds.stdout);
    // The zone each document is about, by the rules' labels, as a scorecard names it.
    let zone =
        |out: &str, label: &str| out.lines().find(|l| l.starts_with(label)).map(|l| l[label.len()..].trim().to_owned());
    assert_eq!(zone(&bounds.stdout, "示范区名称").as_deref(), Some("瓯北阀门"), "{}", bounds.stdout);
    assert_eq!(zone(&bounds.stdout, "所在镇（街道）").as_deref(), Some("瓯北"), "{}", bounds.stdout);
    assert_eq!(zone(&en.stdout, "Zone name").as_deref(), Some("永嘉桥下教玩具优质产品生产示范区"), "{}", en.stdout);
    // And the year, as a scorecard's header gives it: not grouped as a number (2,013).
    assert_eq!(zone(&bounds.stdout, "考核年度").as_deref(), Some("2013"), "{}", bounds.stdout);
    assert_eq!(zone(&en.stdout, "Year").as_deref(), Some("2012"), "{}", en.stdout);
    // A form with no zone name yet has no such row; JSON answers carry no subject.
    let nameless = run_stdin(&["bounds", "-"], br#"{"zone": {"town": "\u74ef\u5317"}}"#);
    nameless.expect_code(0);
    assert!(zone(&nameless.stdout, "示范区名称").is_none(), "{}", nameless.stdout);
    assert_eq!(zone(&nameless.stdout, "所在镇（街道）").as_deref(), Some("瓯北"), "{}", nameless.stdout);
    assert!(zone(&nameless.stdout, "考核年度").is_none(), "{}", nameless.stdout);
    assert!(!json.stdout.contains("永嘉桥下"), "{}", json.stdout);
}
