//! A broken rule file gets every problem at once, located by rule path, line and column.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

mod checks;
mod codes;
mod reading;

use zonescore::model::Text;
use zonescore::{RuleFormat, Ruleset, RulesetError};

const HEAD: &str = r#"format_version = 1
final_score = { rounding = { places = 1, mode = "half_away_from_zero" } }

[ruleset]
id = "broken"
version = "1"
title = { zh = "坏规则", en = "Broken rules" }
source = { document = "样例", title = { zh = "样例", en = "Sample" } }

[[fields]]
path = "firm.share_pct"
type = "percent"
label = { zh = "份额", en = "Share" }

[[fields]]
path = "firm.kind"
type = "enum"
label = { zh = "类别", en = "Kind" }
values = [{ code = "a", label = { zh = "甲", en = "A" } }]
"#;

fn errors(body: &str) -> RulesetError {
    let text = format!("{HEAD}{body}");
    Ruleset::from_text(&text, Some(RuleFormat::Toml), "broken.toml").unwrap_err()
}

fn codes(e: &RulesetError) -> Vec<&str> {
    e.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// The English of a help.
fn en(help: &Option<Text>) -> Option<&str> {
    help.as_ref().map(|h| h.en.as_str())
}

/// The Chinese of a help.
fn zh(help: &Option<Text>) -> Option<&str> {
    help.as_ref().map(|h| h.zh.as_str())
}

/// A rule file with nine mistakes of different kinds.
const MANY_MISTAKES: &str = r#"
[[derived]]
id = "loop_a"
expr = "loop_b + 1"
label = { zh = "甲", en = "A" }

[[derived]]
id = "loop_b"
expr = "loop_a + 1"
label = { zh = "乙", en = "B" }

[[dimensions]]
id = "X"
title = { zh = "维", en = "Dim" }

[[dimensions.criteria]]
id = "X1"
title = { zh = "一", en = "One" }
max = 5
clause = ["§5.2.3"]
basis = { kind = "set" }
parts = [
  { kind = "bands", value = "firm.share_pc", bands = [{ at_least = 30, points = 5 }] },
  { kind = "flag", when = "firm.kind == 'b'", points = 1 },
  { kind = "flag", when = "firm.share_pct + 1", points = 1 },
  { kind = "bands", value = "firm.share_pct", bands = [{ at_least = 10, points = 2 }, { at_least = 30, points = 4 }] },
]

[[dimensions.criteria]]
id = "X1"
title = { zh = "二", en = "Two" }
clause = ["5.2"]
basis = { kind = "sourced" }
parts = [{ kind = "flag", when = "firm.share_pct >= 1", points = 9 }]
"#;

#[test]
fn reports_every_problem_at_once_with_line_and_column() {
    let body = MANY_MISTAKES;
    let e = errors(body);
    let got = codes(&e);
    for want in [
        "cycle",
        "unknown_name",
        "unknown_enum_value",
        "type_mismatch",
        "unreachable_band",
        "duplicate_id",
        "missing_max",
        "invalid_clause",
        "missing_source",
    ] {
        assert!(got.contains(&want), "missing {want} in {got:?}\n{e}");
    }
    let unknown = e.diagnostics.iter().find(|d| d.code == "unknown_name").unwrap();
    assert_eq!(en(&unknown.help), Some("did you mean `firm.share_pct`?"));
    assert_eq!(unknown.path, "dimensions[0].criteria[0].parts[0].value");
    // The line of the part, the column of the name inside the expression string.
    let line = format!("{HEAD}{body}").lines().position(|l| l.contains("firm.share_pc\"")).unwrap() + 1;
    assert_eq!(unknown.line, Some(line));
    let col = format!("{HEAD}{body}").lines().nth(line - 1).unwrap().find("firm.share_pc").unwrap() + 1;
    assert_eq!(unknown.column, Some(col));
    let enum_err = e.diagnostics.iter().find(|d| d.code == "unknown_enum_value").unwrap();
    assert_eq!(en(&enum_err.help), Some("use one of: a"));
    assert!(e.to_string().contains("broken.toml:"), "{e}");
}

#[test]
fn problems_come_in_the_order_of_the_file() {
    // A veto's mistake after the criteria's: the compiler reads vetoes first.
    let veto = "\n[[vetoes]]\nid = \"V1\"\ntitle = { zh = \"否\", en = \"V\" }\nclause = [\"§1\"]\nbasis = { kind = \"set\" }\nfires_when = \"firm.kindd == 'a'\"\n";
    let e = errors(&format!("{MANY_MISTAKES}{veto}"));
    let places: Vec<_> = e.diagnostics.iter().map(|d| (d.line.is_none(), d.line, d.column)).collect();
    assert!(places.windows(2).all(|w| w[0] <= w[1]), "{places:?}\n{e}");
    assert_eq!(e.diagnostics.last().map(|d| d.path.as_str()), Some("vetoes[0].fires_when"), "{e}");
    // A file wrong throughout still answers at once, every problem listed.
    let many = "\n[[derived]]\nid = \"d\"\nexpr = \"1\"\nlabel = { zh = \"甲\", en = \"A\" }\n".repeat(2001);
    assert_eq!(codes(&errors(&many)), ["duplicate_id"; 2000]);
    // A JSON file is walked again for each problem located: the first 200 are, the rest
    // keep their rule path alone.
    let file: serde_json::Value = toml::from_str(&format!("{HEAD}{}", &many)).unwrap();
    let e = Ruleset::from_text(&file.to_string(), Some(RuleFormat::Json), "many.json").unwrap_err();
    let located = e.diagnostics.iter().filter(|d| d.line.is_some()).count();
    assert_eq!((e.diagnostics.len(), located), (2000, 200));
    assert_eq!(e.diagnostics.last().map(|d| d.path.as_str()), Some("derived[2000].id"));
}

#[test]
#[cfg(feature = "toml")]
fn a_wrong_effective_period_is_told_once_not_again_by_the_goal_that_counts_its_years() {
    let rules =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../rules/zone-qualification.toml")).unwrap();
    let codes = |text: &str| -> Vec<String> {
        let e = Ruleset::from_text(text, Some(RuleFormat::Toml), "period.toml").unwrap_err();
        e.diagnostics.iter().map(|d| d.code.as_str().to_owned()).collect()
    };
    let swapped =
        rules.replacen("from = \"2011-05-12\", to = \"2015-09-30\"", "from = \"2015-09-30\", to = \"2011-05-12\"", 1);
    assert_eq!(codes(&swapped), ["invalid_period"]);
    for date in ["2011-5-12", "2011-13-01", "2011-02-29", "2011-04-31"] {
        let bad_date = rules.replacen("from = \"2011-05-12\"", &format!("from = \"{date}\""), 1);
        assert_eq!(codes(&bad_date), ["invalid_date"], "{date}");
    }
    let leap = rules.replacen("to = \"2015-09-30\"", "to = \"2016-02-29\"", 1);
    assert!(Ruleset::from_text(&leap, Some(RuleFormat::Toml), "leap.toml").is_ok());
    // No period at all is the goal's own problem.
    let without =
        rules.replacen("effective = { from = \"2011-05-12\", to = \"2015-09-30\", clause = [\"§4.2\"] }\n", "", 1);
    assert!(codes(&without).contains(&"invalid_goal".to_owned()), "{:?}", codes(&without));
}

#[test]
#[cfg(feature = "toml")]
fn a_duplicate_id_names_the_rule_that_has_it_first() {
    let rules =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../rules/zone-qualification.toml")).unwrap();
    // A gate's id reused for a criterion: criteria, gates and vetoes share their ids.
    let reused = rules.replacen("id = \"D2\"", "id = \"G1\"", 1);
    let e = Ruleset::from_text(&reused, Some(RuleFormat::Toml), "dup.toml").unwrap_err();
    let d = e.diagnostics.iter().find(|d| d.code == "duplicate_id").unwrap();
    assert_eq!(d.message.en, "criterion id `G1` is used more than once");
    assert_eq!(en(&d.help), Some("the gate at `gates[0].id` has this id already: each id is used once, rename one"));
    // A group's title given twice: the second silently replaced the first.
    let group = "[[groups]]\npath = \"zone\"";
    let twice = rules.replacen(group, &format!("{group}\ntitle = {{ zh = \"甲\", en = \"A\" }}\n\n{group}"), 1);
    let e = Ruleset::from_text(&twice, Some(RuleFormat::Toml), "dup.toml").unwrap_err();
    let d = e.diagnostics.iter().find(|d| d.code == "duplicate_id").unwrap();
    assert_eq!((d.path.as_str(), d.message.zh.as_str()), ("groups[1].path", "分组 `zone` 重复声明"), "{e}");
    assert_eq!(en(&d.help), Some("`groups[0].path` declares it already: declare each group once, remove or merge one"));
    // Named by its place in the file, after another group given twice too.
    let organization = "[[groups]]\npath = \"organization\"";
    let title = "title = { zh = \"乙\", en = \"B\" }";
    let thrice =
        twice.replacen(organization, &format!("{group}\n{title}\n\n{organization}\n{title}\n\n{organization}"), 1);
    let e = Ruleset::from_text(&thrice, Some(RuleFormat::Toml), "dup.toml").unwrap_err();
    let last = e.diagnostics.iter().rfind(|d| d.code == "duplicate_id").unwrap();
    assert_eq!(last.path, "groups[4].path", "{e}");
    assert_eq!(
        en(&last.help),
        Some("`groups[3].path` declares it already: declare each group once, remove or merge one")
    );
    // A constraint's id given twice: an error that names it could not say which.
    let twice = rules.replacen("id = \"certified_within_above_scale\"", "id = \"output_within_town\"", 1);
    let e = Ruleset::from_text(&twice, Some(RuleFormat::Toml), "dup.toml").unwrap_err();
    let d = e.diagnostics.iter().find(|d| d.code == "duplicate_id").unwrap();
    assert_eq!(d.message.en, "constraint id `output_within_town` is used more than once", "{e}");
}

#[test]
fn every_problem_is_told_in_chinese_too() {
    let e = errors(MANY_MISTAKES);
    let find = |code: &str| e.diagnostics.iter().find(|d| d.code == code).unwrap();
    let unknown = find("unknown_name");
    assert_eq!(
        unknown.message,
        Text::new("未知字段或派生值 `firm.share_pc`", "unknown field or value `firm.share_pc`")
    );
    assert_eq!(unknown.help, Some(Text::new("你是否想写 `firm.share_pct`？", "did you mean `firm.share_pct`?")));
    let mismatch = find("type_mismatch");
    assert_eq!(
        mismatch.message,
        Text::new("表达式应为逻辑值，实际为数值", "the expression must be a bool, found a number")
    );
    let duplicate = find("duplicate_id");
    assert_eq!(duplicate.message, Text::new("指标编号 `X1` 重复使用", "criterion id `X1` is used more than once"));
    let cycle = find("cycle");
    assert_eq!(
        cycle.message,
        Text::new("派生值之间循环引用：loop_a、loop_b", "derived values read each other in a cycle: loop_a, loop_b")
    );
    let band = find("unreachable_band");
    assert_eq!(band.message.zh, "分档不可达：`at_least = 30` 排在 `at_least = 10` 之后，永远达不到");
    assert_eq!(zh(&band.help), Some("请按门槛从高到低排列分档"));
    let enum_err = find("unknown_enum_value");
    assert_eq!(enum_err.message.zh, "`b` 不是该字段的可选代码");
    assert_eq!(zh(&enum_err.help), Some("可选代码为：a"));
    assert_eq!(zh(&find("invalid_clause").help), Some("请填写依据文件的条款编号，如 `§5.2.3`"));
}

#[test]
fn a_ruleset_error_displays_in_english_and_renders_in_chinese() {
    let e = errors("\n[[groups]]\npath = \"firms\"\nlabel = { zh = \"企业\", en = \"Firms\" }\n");
    let line = HEAD.lines().count() + 3;
    assert_eq!(
        e.to_string(),
        format!(
            "broken.toml has 1 problem\nbroken.toml:{line}:8: error[unknown_name]: no field lies in a group `firms` (at `groups[0].path`)\n  {line} | path = \"firms\"\n     |        ^\n  help: a group is the dotted path before a field's last name, like `quality` for `quality.above_scale_firms`"
        )
    );
    assert_eq!(e.to_string_in("en"), e.to_string());
    assert_eq!(
        e.to_string_in("zh"),
        format!(
            "broken.toml：发现 1 处问题\nbroken.toml:{line}:8: 错误[unknown_name]：没有字段属于分组 `firms`（位于 `groups[0].path`）\n  {line} | path = \"firms\"\n     |        ^\n  提示：分组是字段路径最后一段之前的部分，如 `quality.above_scale_firms` 的分组为 `quality`"
        )
    );
    assert_eq!(e.to_string_in("zh-CN"), e.to_string_in("zh"));
    assert_eq!(e.to_string_in("fr"), e.to_string(), "a language without texts falls back to English");
    // A diagnostic without a line or a path still says what to do.
    let empty = Ruleset::from_text(" \n", None, "empty.toml").unwrap_err();
    assert_eq!(
        empty.to_string_in("zh"),
        "empty.toml：发现 1 处问题\nempty.toml: 错误[empty]：规则文件为空\n  提示：请写入规则内容，可复制 rules/zone-qualification.toml 作为起点"
    );
    assert_eq!(
        empty.to_string(),
        "empty.toml has 1 problem\nempty.toml: error[empty]: rule file is empty\n  help: write the rules; rules/zone-qualification.toml is a starting point"
    );
}

#[test]
fn diagnostics_serialise_both_languages_and_always_help() {
    let e = errors(MANY_MISTAKES);
    let json = serde_json::to_value(&e.diagnostics).unwrap();
    let unknown = json.as_array().unwrap().iter().find(|d| d["code"] == "unknown_name").unwrap();
    assert_eq!(
        unknown["message"],
        serde_json::json!({"zh": "未知字段或派生值 `firm.share_pc`", "en": "unknown field or value `firm.share_pc`"})
    );
    assert_eq!(unknown["help"]["zh"], "你是否想写 `firm.share_pct`？");
    let mismatch = json.as_array().unwrap().iter().find(|d| d["code"] == "type_mismatch").unwrap();
    // A problem whose check gave no help of its own gets its kind's.
    assert_eq!(mismatch["help"]["en"], "check the types in the expression: numbers, yes/no (true/false) or text");
    assert!(json.as_array().unwrap().iter().all(|d| d["help"]["zh"].is_string() && d["help"]["en"].is_string()));
    assert!(json.as_array().unwrap().iter().all(|d| d.get("source_line").is_none()), "the excerpt is for terminals");
}

#[test]
fn the_bundled_rules_compile_and_have_stable_digests() {
    let a = Ruleset::bundled("zone-qualification").unwrap();
    let b = Ruleset::bundled("annual-assessment").unwrap();
    assert_ne!(a.digest(), b.digest());
    assert!(a.digest().starts_with("sha256:") && a.digest().len() == 71);
    let again = Ruleset::from_text(zonescore::bundled::text("zone-qualification").unwrap(), None, "copy.toml").unwrap();
    assert_eq!(again.digest(), a.digest(), "the digest depends on the rules, not on where they came from");
    let e = Ruleset::bundled("zone-qualifcation").unwrap_err();
    assert_eq!(codes(&e), ["unknown_ruleset"]);
}

#[test]
fn numbers_a_float_cannot_hold_must_be_strings() {
    let body = "\n[[derived]]\nid = \"d\"\nexpr = \"firm.share_pct * 2\"\nlabel = { zh = \"甲\", en = \"A\" }\n\n[[dimensions]]\nid = \"X\"\ntitle = { zh = \"维\", en = \"Dim\" }\n\n[[dimensions.criteria]]\nid = \"X1\"\ntitle = { zh = \"一\", en = \"One\" }\nmax = 5\nclause = [\"§1\"]\nbasis = { kind = \"set\" }\nparts = [{ kind = \"bands\", value = \"d\", bands = [{ at_least = 0.30000000000000001, points = 5 }, { at_least = 0.3, points = 1 }] }]\n";
    let e = errors(body);
    assert_eq!(codes(&e), ["inexact_number"]);
    assert_eq!(en(&e.diagnostics[0].help), Some("write it as a string: \"0.30000000000000001\""));
    assert!(e.diagnostics[0].line.is_some());
    let fixed = body.replace("at_least = 0.30000000000000001", "at_least = \"0.30000000000000001\"");
    Ruleset::from_text(&format!("{HEAD}{fixed}"), None, "ok.toml").unwrap();
}

#[test]
fn group_titles_must_name_a_group_of_fields() {
    let e = errors("\n[[groups]]\npath = \"firms\"\nlabel = { zh = \"企业\", en = \"Firms\" }\n");
    assert_eq!(codes(&e), ["unknown_name"]);
    assert_eq!(e.diagnostics[0].path, "groups[0].path");
    let ok = format!("{HEAD}\n[[groups]]\npath = \"firm\"\nlabel = {{ zh = \"企业\", en = \"Firm\" }}\n");
    let rules = Ruleset::from_text(&ok, None, "ok.toml").unwrap();
    assert_eq!(rules.submission_schema()["properties"]["firm"]["title"], "企业");
}

#[test]
fn a_value_with_errors_is_reported_once_not_at_each_use() {
    let body = r#"
[[derived]]
id = "share_ratio"
expr = "firm.share_pct * firm.kind"
label = { zh = "比", en = "Ratio" }

[[derived]]
id = "twice"
expr = "share_ratio * 2"
label = { zh = "倍", en = "Twice" }

[[derived]]
id = "parse_error"
expr = "firm.share_pct *"
label = { zh = "错", en = "Wrong" }

[[dimensions]]
id = "X"
title = { zh = "维", en = "Dim" }

[[dimensions.criteria]]
id = "X1"
title = { zh = "一", en = "One" }
max = 5
clause = ["§5.2.3"]
basis = { kind = "set" }
parts = [
  { kind = "bands", value = "share_ratio", bands = [{ at_least = 30, points = 5 }] },
  { kind = "bands", value = "twice", bands = [{ at_least = 30, points = 5 }] },
  { kind = "flag", when = "parse_error > 1", points = 1 },
  { kind = "flag", when = "share_rato > 1", points = 1 },
]
"#;
    let e = errors(body);
    let found: Vec<(&str, &str)> = e.diagnostics.iter().map(|d| (d.code.as_str(), d.path.as_str())).collect();
    assert_eq!(
        found,
        [
            ("type_mismatch", "derived[0].expr"),
            ("expr_syntax", "derived[2].expr"),
            ("unknown_name", "dimensions[0].criteria[0].parts[3].when"),
        ],
        "{e}"
    );
    // A misspelt use of a value with errors is still a misspelling, and says so.
    let typo = e.diagnostics.iter().find(|d| d.code == "unknown_name").unwrap();
    assert_eq!(en(&typo.help), Some("did you mean `share_ratio`?"));
}

#[test]
fn a_derived_value_in_rule_format_2_is_located_at_its_value() {
    let good = include_str!("../../../rules/zone-qualification.toml");
    let line =
        good.lines().position(|l| l.starts_with("value = \"industry.output_10k_cny / industry.town")).unwrap() + 1;
    let bad = good.replacen(
        "value = \"industry.output_10k_cny / industry.town_industrial_output_10k_cny * 100\"",
        "value = \"industry.output_10k_cny / / industry.town_industrial_output_10k_cny\"",
        1,
    );
    let e = Ruleset::from_text(&bad, None, "zq.toml").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!((d.code.as_str(), d.path.as_str()), ("expr_syntax", "derived[0].value"), "{e}");
    assert_eq!((d.line, d.column), (Some(line), Some(36)), "{e}");
}

#[cfg(feature = "toml")]
#[test]
fn a_number_past_a_floats_range_is_out_of_range_where_it_is_written() {
    let rules = include_str!("../../../rules/zone-qualification.toml");
    let text = rules.replacen("at_least = 96, points = 3", "at_least = 1e400, points = 3", 1);
    let e = Ruleset::from_text(&text, Some(RuleFormat::Toml), "broken.toml").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!(d.message.zh, "数值 `1e400` 超出引擎能精确保存的范围", "{d:?}");
    assert_eq!(d.line, text.lines().position(|l| l.contains("1e400")).map(|i| i + 1), "{d:?}");
}

#[cfg(feature = "toml")]
#[test]
fn a_number_past_the_engines_range_is_out_of_range_not_a_quoting_mistake() {
    let rules = include_str!("../../../rules/zone-qualification.toml");
    let line = |text: &str, what: &str| text.lines().position(|l| l.contains(what)).map(|i| i + 1);
    // A float the reader refuses (`1e30`), and one past a float's range in JSON (`1e400`).
    let toml = rules.replacen("at_least = 96, points = 3", "at_least = 1e30, points = 3", 1);
    let e = Ruleset::from_text(&toml, Some(RuleFormat::Toml), "broken.toml").unwrap_err();
    assert_eq!(codes(&e), ["out_of_range"], "{e}");
    assert_eq!(e.diagnostics[0].line, line(&toml, "1e30"), "{e}");
    assert_eq!(zh(&e.diagnostics[0].help), Some("数值至多 28 位有效数字、28 位小数，且小于 10^28"), "{e}");
    let tree: serde_json::Value = toml::from_str(rules).unwrap();
    let json = serde_json::to_string_pretty(&tree).unwrap().replacen("\"at_least\": 96,", "\"at_least\": 1e400,", 1);
    let e = Ruleset::from_text(&json, Some(RuleFormat::Json), "broken.json").unwrap_err();
    assert_eq!(codes(&e), ["out_of_range"], "{e}");
    assert_eq!(e.diagnostics[0].line, line(&json, "1e400"), "{e}");
    assert!(!e.to_string().contains("number out of range"), "no serde_json English: {e}");
    // A reader's error elsewhere in the file is still said beside it.
    let both = toml.replacen("[pipeline]", "[pipeline]\nnormalize = true", 1);
    let e = Ruleset::from_text(&both, Some(RuleFormat::Toml), "broken.toml").unwrap_err();
    assert_eq!(codes(&e), ["invalid_rule_file", "out_of_range"], "{e}");
}

#[cfg(feature = "toml")]
#[test]
fn an_outcome_variable_is_suggested_in_outcomes_and_placed_outside_them() {
    let rules = include_str!("../../../rules/zone-qualification.toml");
    let outcome = "when = \"not result.veto_fired and result.final_score >= 80\"";
    assert!(rules.contains(outcome));
    let cut = rules.replacen(outcome, "when = \"not result.veto_fired and result.final >= 80\"", 1);
    let e = Ruleset::from_text(&cut, Some(RuleFormat::Toml), "x.toml").unwrap_err();
    assert_eq!(en(&e.diagnostics[0].help), Some("did you mean `result.final_score`?"), "{e}");
    let veto = "when = \"integrity.major_quality_incidents_3y > 0\"";
    assert!(rules.contains(veto));
    let early = rules.replacen(veto, "when = \"result.final_score < 60\"", 1);
    let e = Ruleset::from_text(&early, Some(RuleFormat::Toml), "x.toml").unwrap_err();
    assert_eq!(e.diagnostics[0].path, "vetoes[0].when", "{e}");
    assert_eq!(zh(&e.diagnostics[0].help), Some("`result.…` 只能用于结论（outcomes）的 `when`"), "{e}");
}
