//! `check`, `schema`, `rulesets`, `--help` and `--version`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{fixture, fixture_str, run, run_in};
use zonescore::Ruleset;

#[test]
fn lang_takes_a_language_tag_of_either_language() {
    let good = fixture_str("rules/good.toml");
    let en = run(&["check", "--lang", "en", &good]);
    en.expect_code(0);
    for tag in ["en-US", "EN_gb"] {
        assert_eq!(run(&["check", "--lang", tag, &good]).expect_code(0).stdout, en.stdout, "{tag}");
    }
    let zh = run(&["check", &good]);
    assert_eq!(run(&["check", "--lang", "zh-CN", &good]).expect_code(0).stdout, zh.stdout);
    assert_ne!(zh.stdout, en.stdout);
    // Another language is a usage error that lists the two.
    let fr = run(&["check", "--lang", "fr-FR", &good]);
    fr.expect_code(2);
    assert!(fr.stderr.contains("`fr-FR`") && fr.stderr.contains("`zh`、`en`"), "{}", fr.stderr);
    // A usage error in a run that asks for English by a tag is in English alone.
    for lang in [&["--lang", "en-US"][..], &["--lang=en_GB"]] {
        let r = run(&[&["check", "--rules", "x.toml"][..], lang].concat());
        r.expect_code(2);
        assert!(r.stderr.starts_with("error: unexpected argument '--rules'"), "{}", r.stderr);
    }
}

#[test]
fn check_a_good_rule_file() {
    let r = run(&["check", "--lang", "en", &fixture_str("rules/good.toml")]);
    r.expect_code(0);
    assert!(r.stdout.contains("good.toml: ok: cli-sample 1 sha256:"), "{}", r.stdout);
    assert!(
        r.stdout.contains("3 fields, 2 criteria in 1 dimension, 0 bonus items, 0 gates, 0 vetoes, 2 grades"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.lines().count(), 1);
    assert!(r.stderr.is_empty());
}

#[test]
fn check_a_good_rule_file_in_chinese_by_default() {
    let r = run(&["check", &fixture_str("rules/good.toml")]);
    r.expect_code(0);
    assert!(r.stdout.contains("good.toml：检查通过：cli-sample 1 sha256:"), "{}", r.stdout);
    assert!(
        r.stdout.contains("（3 个字段，1 个一级指标下 2 项指标，0 个加分项，0 个资格条件，0 项一票否决，2 个等级）"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.lines().count(), 1);
    assert!(r.stderr.is_empty());
}

#[test]
fn check_the_bundled_rule_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let r = run_in(&root, &["check", "rules/zone-qualification.toml", "rules/annual-assessment.toml"]);
    r.expect_code(0);
    assert!(r.stdout.contains("rules/zone-qualification.toml：检查通过：zone-qualification"), "{}", r.stdout);
    let digest = Ruleset::bundled("zone-qualification").unwrap().digest().to_owned();
    assert!(r.stdout.contains(&digest));
}

#[test]
fn check_a_bundled_ruleset_by_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["check", "annual-assessment", "--json"]);
    r.expect_code(0);
    let results: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let digest = Ruleset::bundled("annual-assessment").unwrap().digest().to_owned();
    assert_eq!(results[0]["ruleset"]["digest"], digest.as_str(), "{}", r.stdout);
    // So where a folder has that name; a file of that name is what is checked.
    std::fs::create_dir(dir.path().join("zone-qualification")).unwrap();
    run_in(dir.path(), &["check", "zone-qualification"]).expect_code(0);
    std::fs::write(dir.path().join("annual-assessment"), "format_version = 2\n").unwrap();
    run_in(dir.path(), &["check", "annual-assessment"]).expect_code(2);
    // A mistyped id is answered with the ids, as `score --ruleset` answers it.
    let r = run_in(dir.path(), &["check", "annual-assesment", "--lang", "en"]);
    r.expect_code(2);
    assert!(r.stderr.contains("did you mean `annual-assessment`?"), "{}", r.stderr);
    let r = run_in(dir.path(), &["check", "missing.toml", "--lang", "en"]);
    assert!(r.stderr.contains("no such file"), "{}", r.stderr);
}

#[test]
fn check_as_json_for_editors() {
    let good = fixture_str("rules/good.toml");
    let bad = fixture_str("rules/unknown-field.toml");
    let r = run(&["check", "--json", &good, &bad]);
    r.expect_code(2);
    let results: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(results[0]["ok"], true);
    assert_eq!(results[0]["ruleset"]["id"], "cli-sample");
    assert_eq!(results[1]["ok"], false);
    let d = &results[1]["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("unknown_name"), Some(46), Some(35))
    );
    assert_eq!(d["message"]["zh"], "未知字段或派生值 `firm.certifed`");
    assert_eq!(d["message"]["en"], "unknown field or value `firm.certifed`");
    assert_eq!(
        d["help"],
        serde_json::json!({"zh": "你是否想写 `firm.certified`？", "en": "did you mean `firm.certified`?"})
    );
    // Both languages whatever `--lang` says; every diagnostic has help, its kind's at least.
    let en = run(&["check", "--json", "--lang", "en", &good, &bad]);
    assert_eq!(en.stdout, r.stdout);
    let r = run(&["check", "--json", &fixture_str("rules/type-error.toml")]);
    r.expect_code(2);
    let results: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let d = &results[0]["diagnostics"][0];
    assert_eq!(d["code"], "type_mismatch");
    assert_eq!(d["help"]["zh"], "请检查表达式各部分的类型：数字、是/否（true/false）或文本", "{d}");
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["code", "message", "help", "path", "line", "column"]);
    assert_eq!(d["message"].as_object().unwrap().keys().collect::<Vec<_>>(), ["zh", "en"]);
}

/// `check --lang en` on a broken file: exit 2, and the diagnostic with file:line:col, code
/// and message.
fn broken(name: &str, located: &str, code: &str) -> String {
    let r = run(&["check", "--lang", "en", &fixture_str(&format!("rules/{name}"))]);
    r.expect_code(2);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let want = format!("{name}:{located}: error[{code}]: ");
    assert!(r.stderr.contains(&want), "want `{want}` in\n{}", r.stderr);
    r.stderr
}

/// `check` on a broken file in Chinese, the default: exit 2, the same location and code.
fn broken_zh(name: &str, located: &str, code: &str) -> String {
    let r = run(&["check", &fixture_str(&format!("rules/{name}"))]);
    r.expect_code(2);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let want = format!("{name}:{located}: 错误[{code}]：");
    assert!(r.stderr.contains(&want), "want `{want}` in\n{}", r.stderr);
    let explicit = run(&["check", "--lang", "zh", &fixture_str(&format!("rules/{name}"))]);
    assert_eq!((explicit.code, &explicit.stderr), (2, &r.stderr));
    r.stderr
}

#[test]
fn check_unknown_field_in_an_expression() {
    let err = broken("unknown-field.toml", "46:35", "unknown_name");
    assert!(err.contains("has 1 problem\n"), "{err}");
    assert!(err.contains("error[unknown_name]: unknown field or value `firm.certifed` (at `dimensions[0]"), "{err}");
    assert!(err.contains("help: did you mean `firm.certified`?"), "{err}");
}

#[test]
fn check_in_chinese() {
    let err = broken_zh("unknown-field.toml", "46:35", "unknown_name");
    assert!(err.contains("unknown-field.toml：发现 1 处问题\n"), "{err}");
    assert!(err.contains("错误[unknown_name]：未知字段或派生值 `firm.certifed`（位于 `dimensions[0]"), "{err}");
    assert!(err.contains("\n  提示：你是否想写 `firm.certified`？"), "{err}");
    assert!(!err.contains("help:") && !err.contains("did you mean"), "{err}");
    let err = broken_zh("duplicate-id.toml", "41:6", "duplicate_id");
    assert!(err.contains("指标编号 `Q1` 重复使用"), "{err}");
    let err = broken_zh("type-error.toml", "46:35", "type_mismatch");
    assert!(err.contains("`+` 的左边应为数值，实际为逻辑值"), "{err}");
    let err = broken_zh("unreachable-band.toml", "38:98", "unreachable_band");
    assert!(err.contains("分档不可达：") && err.contains("提示：请按门槛从高到低排列分档"), "{err}");
}

#[test]
fn check_duplicate_id() {
    let err = broken("duplicate-id.toml", "41:6", "duplicate_id");
    assert!(err.contains("`Q1`"), "{err}");
}

#[test]
fn check_type_error() {
    broken("type-error.toml", "46:35", "type_mismatch");
}

#[test]
fn check_unreachable_band() {
    let err = broken("unreachable-band.toml", "38:98", "unreachable_band");
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn check_reports_every_file() {
    let files =
        [fixture_str("rules/good.toml"), fixture_str("rules/duplicate-id.toml"), fixture_str("rules/type-error.toml")];
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let r = run(&[&["check", "--lang", "en"][..], &files].concat());
    r.expect_code(2);
    assert!(r.stdout.contains("good.toml: ok"));
    assert!(r.stderr.contains("duplicate_id") && r.stderr.contains("type_mismatch"));
    assert!(r.stderr.ends_with("2 problems found\n"), "{}", r.stderr);
    let zh = run(&[&["check"][..], &files].concat());
    zh.expect_code(2);
    assert!(zh.stdout.contains("good.toml：检查通过"), "{}", zh.stdout);
    assert!(zh.stderr.ends_with("共发现 2 处问题\n"), "{}", zh.stderr);
}

#[test]
fn schemas() {
    let r = run(&["schema"]);
    r.expect_code(0);
    assert_eq!(r.stdout, format!("{}\n", zonescore::canonical(&zonescore::rule_format_schema())));
    assert_eq!(run(&["schema", "--rules"]).stdout, r.stdout);

    let r = run(&["schema", "--submission", "zone-qualification"]);
    r.expect_code(0);
    assert_eq!(r.stdout, format!("{}\n", Ruleset::bundled("zone-qualification").unwrap().submission_schema_json()));

    let rules = fixture("rules/good.toml");
    let r = run(&["schema", "--submission", &rules.display().to_string()]);
    r.expect_code(0);
    assert_eq!(r.stdout, format!("{}\n", Ruleset::from_path(&rules).unwrap().submission_schema_json()));

    let r = run(&["schema", "--answer"]);
    r.expect_code(0);
    assert_eq!(r.stdout, format!("{}\n", zonescore::canonical(&zonescore::answer_schema())));

    run(&["schema", "--answer", "--rules"]).expect_code(2);
    run(&["schema", "--submission", "nope"]).expect_code(2);
}

#[test]
fn rulesets() {
    let r = run(&["rulesets"]);
    r.expect_code(0);
    assert!(r.stdout.contains("zone-qualification") && r.stdout.contains("annual-assessment"));
    assert!(r.stdout.contains("内置规则集") && r.stdout.contains("永政办发〔2011〕83号"));
    assert!(run(&["rulesets", "--lang", "en"]).stdout.contains("Bundled rulesets"));
    let j = run(&["rulesets", "--format", "json"]);
    j.expect_code(0);
    assert_eq!(j.stdout, format!("{}\n", zonescore::list_rulesets_json()));
    assert!(run(&["rulesets", "--format", "markdown"]).stdout.starts_with("# 内置规则集\n"));
}

#[test]
fn help_everywhere_with_examples() {
    for cmd in [
        &["--help"][..],
        &["score", "--help"],
        &["check", "--help"],
        &["test", "--lang", "en", "--help"],
        &["schema", "--help"],
        &["rulesets", "--help"],
        &["summary", "--help"],
        &["help", "score"],
    ] {
        let r = run(cmd);
        r.expect_code(0);
        assert!(r.stdout.contains("Examples:"), "{cmd:?}\n{}", r.stdout);
    }
    let v = run(&["--version"]);
    v.expect_code(0);
    assert_eq!(v.stdout, format!("zonescore {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn rulesets_lists_how_every_clause_is_accounted_for() {
    let r = run(&["rulesets", "--clauses", "zone-qualification"]);
    r.expect_code(0);
    for want in
        ["条款对照", "§5.2.3", "五（二）3", "C3 V1", "县联席会议办公室的职责", "§4.2", "year_outside_effective_period"]
    {
        assert!(r.stdout.contains(want), "missing `{want}` in\n{}", r.stdout);
    }
    assert!(!r.stdout.contains("未说明"), "{}", r.stdout);
    let json = run(&["rulesets", "--clauses", "annual-assessment", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let basis = list.as_array().unwrap().iter().find(|c| c["id"] == "§4.3").unwrap();
    assert_eq!(basis["cited_by"][0]["kind"], "ruleset");
    run(&["rulesets", "--clauses", "no-such-ruleset"]).expect_code(2);
}

#[test]
fn check_warns_about_a_clause_nothing_accounts_for() {
    let dir = tempfile::tempdir().unwrap();
    let rules = std::fs::read_to_string(fixture("rules/good.toml")).unwrap();
    let cited: Vec<String> = rules
        .lines()
        .filter(|l| l.starts_with("clause = "))
        .flat_map(|l| l.split('"').skip(1).step_by(2).map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let mut outline: String =
        cited.iter().map(|c| format!("\n[[clauses]]\nid = \"{c}\"\nnumber = \"一\"\n")).collect::<Vec<_>>().concat();
    outline.push_str("\n[[clauses]]\nid = \"§9.9\"\nnumber = \"九\"\n");
    let path = dir.path().join("outline.toml");
    std::fs::write(&path, format!("{rules}{outline}")).unwrap();
    let file = path.display().to_string();
    let r = run(&["check", &file]);
    r.expect_code(0);
    assert!(
        r.stderr.contains("警告[unaccounted_clause]：条款 §9.9 既无规则引用，也未说明不计分的原因"),
        "{}",
        r.stderr
    );
    let en = run(&["check", "--lang", "en", &file]);
    assert!(en.stderr.contains("warning[unaccounted_clause]: clause §9.9 is neither cited"), "{}", en.stderr);
    let json = run(&["check", "--json", &file]);
    let results: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(results[0]["warnings"][0]["clause"], "§9.9");
    let bundled = run_in(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".."),
        &["check", "rules/zone-qualification.toml", "rules/annual-assessment.toml"],
    );
    assert!(bundled.stderr.is_empty(), "the bundled rulesets account for every clause: {}", bundled.stderr);
}

#[test]
fn check_warns_about_points_no_submission_can_reach() {
    let dir = tempfile::tempdir().unwrap();
    let rules = std::fs::read_to_string(fixture("rules/good.toml")).unwrap();
    assert!(rules.contains("max = 6\n"));
    let path = dir.path().join("out-of-reach.toml");
    std::fs::write(&path, rules.replacen("max = 6\n", "max = 8\n", 1)).unwrap();
    let file = path.display().to_string();
    let r = run(&["check", &file]);
    r.expect_code(0);
    // Placed as an error is: at Q1's `[[dimensions.criteria]]`, line 32 of the fixture.
    let zh = format!("{file}:32:1: 警告[points_out_of_reach]：Q1「合格率」：最多只能得 6 分，达不到其分值 8 分");
    assert!(r.stderr.contains(&zh), "{}", r.stderr);
    let en = run(&["check", "--lang", "en", &file]);
    let en_said = format!("{file}:32:1: warning[points_out_of_reach]: Q1 “Pass rate” can score at most 6 of its 8");
    assert!(en.stderr.contains(&en_said), "{}", en.stderr);
    let json = run(&["check", "--json", &file]);
    let results: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let w = &results[0]["warnings"][0];
    assert_eq!((w["code"].as_str(), w["rule"].as_str()), (Some("points_out_of_reach"), Some("Q1")));
    assert_eq!(
        (w["path"].as_str(), w["line"].as_u64(), w["column"].as_u64()),
        (Some("dimensions[0].criteria[0]"), Some(32), Some(1))
    );
    assert!(run(&["check", &fixture_str("rules/good.toml")]).stderr.is_empty());
}

#[test]
fn check_warns_about_a_criterion_added_at_the_end_of_a_toml_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let mut rules = std::fs::read_to_string(root.join("zone-qualification.toml")).unwrap();
    // Meant for dimension A, it joins the last one (F), and the file still compiles.
    rules.push_str(
        "\n[[dimensions.criteria]]\nid = \"A9\"\ntitle = { zh = \"创建宣传\", en = \"Publicity\" }\nclause = [\"§5.2.1\"]\n\
         max = 2\nbasis = { kind = \"set\" }\nparts = [{ kind = \"flag\", value = \"organization.leading_group\", points = 2 }]\n",
    );
    let path = dir.path().join("pasted.toml");
    std::fs::write(&path, rules).unwrap();
    let r = run(&["check", &path.display().to_string()]);
    r.expect_code(0);
    let want = "警告[criterion_in_other_dimension]：A9「创建宣传」位于一级指标 F「市场秩序与诚信」，但其编号属于一级指标 A「组织保障」";
    assert!(r.stderr.contains(want), "{}", r.stderr);
    let json = run(&["check", "--json", &path.display().to_string()]);
    let results: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let codes: Vec<&str> =
        results[0]["warnings"].as_array().unwrap().iter().filter_map(|w| w["code"].as_str()).collect();
    assert_eq!(codes, ["criterion_in_other_dimension"]);
}

#[test]
fn check_warns_about_gates_vetoes_and_a_cap_that_decide_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let annual = std::fs::read_to_string(root.join("annual-assessment.toml")).unwrap();
    let zone = std::fs::read_to_string(root.join("zone-qualification.toml")).unwrap();
    let ineligible = "[[outcomes]]\nid = \"ineligible\"\nwhen = \"result.gate_failed\"\n";
    assert!(zone.contains(ineligible) && annual.contains("veto_grade = \"D\"\n") && annual.contains("\nmax = 100\n"));
    let cases = [
        ("no-veto-grade.toml", annual.replacen("veto_grade = \"D\"\n", "", 1), "vetoes_without_effect", "W1 W2"),
        (
            "no-ineligible.toml",
            zone.replacen(ineligible, "[[outcomes]]\nid = \"unused\"\nwhen = \"false\"\n", 1),
            "gates_without_effect",
            "G1 G2",
        ),
        ("cap-95.toml", annual.replacen("\nmax = 100\n", "\nmax = 95\n", 1), "points_over_cap", ""),
        ("cap-105.toml", annual.replacen("\nmax = 100\n", "\nmax = 105\n", 1), "cap_out_of_reach", ""),
        (
            "minus.toml",
            annual.replacen("new_standard_adopters\", weight = 2 }", "new_standard_adopters\", weight = -2 }", 1),
            "final_score_below_zero",
            "",
        ),
    ];
    for (name, text, code, ids) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let file = path.display().to_string();
        let r = run(&["check", "--json", &file]);
        r.expect_code(0);
        let results: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let warnings = results[0]["warnings"].as_array().unwrap();
        let found = warnings.iter().find(|w| w["code"] == code);
        assert_eq!(found.map(|w| w["rule"].as_str().unwrap_or_default()), Some(ids), "{name}: {}", r.stdout);
    }
    let r = run(&["check", "--lang", "en", &dir.path().join("cap-95.toml").display().to_string()]);
    assert!(r.stderr.contains("the criteria are worth 100 together, more than the final score's cap (`pipeline.max`) 95: 5 points are lost past it"), "{}", r.stderr);
    let r = run(&["check", &dir.path().join("no-veto-grade.toml").display().to_string()]);
    assert!(r.stderr.contains("警告[vetoes_without_effect]：一票否决不影响任何结果"), "{}", r.stderr);
}

#[test]
fn check_lists_problems_in_the_order_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let rules = std::fs::read_to_string(fixture("rules/good.toml")).unwrap();
    // A criterion's misspelt field early in the file, a veto's late: the compiler finds the
    // veto's first.
    let broken = rules.replacen("value = \"firm.pass_rate_pct\"", "value = \"firm.pass_rate_pc\"", 1)
        + "\n[[vetoes]]\nid = \"V1\"\ntitle = { zh = \"否\", en = \"V\" }\nclause = [\"§1\"]\nbasis = { kind = \"set\" }\nfires_when = \"firm.certifed\"\n";
    let path = dir.path().join("two.toml");
    std::fs::write(&path, broken).unwrap();
    let r = run(&["check", "--lang", "en", &path.display().to_string()]);
    r.expect_code(2);
    let at = |what: &str| r.stderr.find(what).unwrap_or_else(|| panic!("{what}: {}", r.stderr));
    assert!(at("firm.pass_rate_pc`") < at("firm.certifed`"), "{}", r.stderr);
    let json = run(&["check", "--json", &path.display().to_string()]);
    let results: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let lines: Vec<u64> =
        results[0]["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["line"].as_u64()).collect();
    assert!(lines.len() == 2 && lines[0] < lines[1], "{}", json.stdout);
}

#[test]
fn check_points_ruleset_test_files_to_test() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let r = run_in(&root, &["check", "rules/zone-qualification.toml", "rules/zone-qualification.tests.toml"]);
    r.expect_code(0);
    assert!(
        r.stdout
            .contains("rules/zone-qualification.tests.toml：这是规则集测试文件，不是规则文件；请用 `zonescore test"),
        "{}",
        r.stdout
    );
    let json = run_in(&root, &["check", "--json", "rules/annual-assessment.tests.toml"]);
    let results: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(results[0]["ruleset_tests"], true);
    // Rules saved under a test file's name, or an empty one, are checked, not passed unread.
    let dir = tempfile::tempdir().unwrap();
    let rules = std::fs::read_to_string(root.join("rules/zone-qualification.toml")).unwrap();
    std::fs::write(dir.path().join("typo.tests.toml"), rules.replacen("[[grades]]", "[[gradez]]", 1)).unwrap();
    std::fs::write(dir.path().join("empty.tests.toml"), "").unwrap();
    let r = run_in(dir.path(), &["check", "--json", "typo.tests.toml", "empty.tests.toml"]);
    r.expect_code(2);
    let results: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(results[0]["ok"], false, "{}", r.stdout);
    assert_eq!(results[1]["diagnostics"][0]["code"], "empty", "{}", r.stdout);
}

#[test]
fn check_shows_the_line_with_a_caret_and_always_help() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("quote.toml");
    std::fs::write(&toml, "format_version = 1\n[ruleset]\nid = \"x\nversion = \"1\"\n").unwrap();
    let json = dir.path().join("comma.json");
    std::fs::write(&json, "{\"format_version\": 1,\n \"ruleset\": {\"id\": \"x\",}\n}\n").unwrap();
    let r = run(&["check", toml.to_str().unwrap(), json.to_str().unwrap()]);
    r.expect_code(2);
    assert!(r.stderr.contains("  3 | id = \"x\n    |        ^\n  提示："), "{}", r.stderr);
    assert!(r.stderr.contains("  2 |  \"ruleset\": {\"id\": \"x\",}\n    |                       ^\n"), "{}", r.stderr);
    assert_eq!(r.stderr.matches("错误[").count(), r.stderr.matches("提示：").count(), "{}", r.stderr);
}

#[test]
fn check_of_a_submission_or_a_value_for_a_table_says_what_it_is() {
    let submission = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rules/examples/annual-assessment/oubei-2014.json")
        .display()
        .to_string();
    let r = run(&["check", &submission, "--lang", "en"]);
    r.expect_code(2);
    let want =
        format!("a submission for annual-assessment, not a rule file: score it with `zonescore score {submission}`");
    assert!(r.stderr.contains(&want), "{}", r.stderr);
    let dir = tempfile::tempdir().unwrap();
    // A JSON rule file with a problem is no submission, though its `bonus` section is named
    // as a submission's group is.
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/zone-qualification.toml");
    let model: toml::Value = toml::from_str(&std::fs::read_to_string(rules).unwrap()).unwrap();
    let text = serde_json::to_string_pretty(&model).unwrap().replacen("quality.", "quality.tracability_", 1);
    let file = dir.path().join("rules.json");
    std::fs::write(&file, text).unwrap();
    let r = run(&["check", &file.display().to_string(), "--lang", "en"]);
    r.expect_code(2);
    assert!(r.stderr.contains("error[unknown_name]"), "{}", r.stderr);
    assert!(!r.stderr.contains("a submission for"), "{}", r.stderr);
    let file = dir.path().join("t.toml");
    std::fs::write(&file, "ruleset = \"x\"\n").unwrap();
    let r = run(&["check", &file.display().to_string()]);
    r.expect_code(2);
    assert!(r.stderr.contains("类型不符：应为表（`{ … }`），实际为文本 \"x\""), "{}", r.stderr);
    assert!(!r.stderr.contains("struct"), "no type names: {}", r.stderr);
}
