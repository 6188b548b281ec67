//! A broken rule file gets every problem at once, located by rule path, line and column.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

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

/// A format 1 goal over other years than the effective period's: format 2 cannot say it.
const V1_GOAL: &str = r#"
[goal]
title = { zh = "目标", en = "Goal" }
clause = []
outcome = "o"
from_year = 2011
to_year = 2015
target = 1
"#;

/// Format 2's own mistakes: a malformed effective period and a constraint that is not a
/// comparison of two fields.
const V2_BROKEN: &str = r#"format_version = 2

[ruleset]
id = "broken"
version = "1"
title = { zh = "坏规则", en = "Broken rules" }
source = { document = "样例", title = { zh = "样例", en = "Sample" } }
effective = { from = "2011-5-12", to = "2015-09-30" }

[pipeline]
rounding = { places = 1, mode = "half_away_from_zero" }

[[fields]]
path = "firm.staff"
type = "count"
title = { zh = "人数", en = "Staff" }

[[constraints]]
id = "c"
when = "firm.staff + 1"

[[constraints]]
id = "d"
when = "firm.staff <= firm.staf"
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
fn rejects_unknown_keys_with_their_position() {
    let e = errors("\n[[gates]]\nid = \"G1\"\ntitle = { zh = \"甲\", en = \"A\" }\nwen = \"true\"\nclause = []\nbasis = { kind = \"set\" }\n");
    let d = &e.diagnostics[0];
    assert_eq!(d.code, "invalid_rule_file");
    assert!(d.message.en.contains("unknown field `wen`"), "{}", d.message.en);
    assert_eq!(d.line, Some(HEAD.lines().count() + 5));
    // Valid TOML that does not fit the rule format: a Chinese frame round the reader's English.
    assert_eq!(d.message.zh, format!("规则文件不符合规则格式：{}", d.message.en));
}

#[test]
fn reports_toml_syntax_errors_with_position() {
    let e = Ruleset::from_text("format_version = 1\nruleset = {\n", Some(RuleFormat::Toml), "x.toml").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!(d.code, "invalid_rule_file");
    assert_eq!(d.line, Some(2));
    // The TOML reader's own words stay English, in Chinese framing.
    assert!(d.message.en.contains("unclosed inline table"), "{}", d.message.en);
    assert_eq!(d.message.zh, format!("TOML 语法错误：{}", d.message.en));
    let json = Ruleset::from_text("{\"format_version\": 1,", None, "b.json").unwrap_err();
    let d = &json.diagnostics[0];
    assert_eq!(
        d.message,
        Text::new("JSON 语法错误：此处应为用双引号括起的字段名", "expected a member name in double quotes")
    );
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
    assert_eq!(duplicate.message, Text::new("指标编号 `X1` 重复使用", "criterion id `X1` is used twice"));
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
fn refuses_other_format_versions_and_empty_files() {
    let text = HEAD.replace("format_version = 1", "format_version = 3");
    let e = Ruleset::from_text(&text, None, "v3.toml").unwrap_err();
    assert_eq!(codes(&e), ["unsupported_format_version"]);
    assert_eq!(e.diagnostics[0].path, "format_version");
    let e = Ruleset::from_text("  \n", None, "empty.toml").unwrap_err();
    assert_eq!(codes(&e), ["empty"]);
}

#[test]
fn json_rule_files_are_located_too() {
    let text = r#"{
  "format_version": 1,
  "final_score": {"rounding": {"places": 1, "mode": "half_away_from_zero"}},
  "ruleset": {"id": "j", "version": "1", "title": {"zh": "甲", "en": "A"},
              "source": {"document": "d", "title": {"zh": "甲", "en": "A"}}},
  "fields": [{"path": "a.b", "type": "count", "label": {"zh": "甲", "en": "A"}}],
  "gates": [{"id": "G", "title": {"zh": "甲", "en": "A"}, "when": "a.c > 1", "clause": [], "basis": {"kind": "set"}}]
}"#;
    let e = Ruleset::from_text(text, None, "rules.json").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!((d.code.as_str(), d.path.as_str()), ("unknown_name", "gates[0].when"));
    assert_eq!(d.line, Some(7));
    let line = text.lines().nth(6).unwrap();
    let col = line[..line.find("a.c").unwrap()].chars().count() + 1;
    assert_eq!(d.column, Some(col));
    let dup = Ruleset::from_text(r#"{"format_version": 1, "format_version": 1}"#, None, "d.json").unwrap_err();
    assert_eq!(codes(&dup), ["duplicate_key"]);
    let inexact = text.replace(r#""type": "count","#, r#""type": "count", "max": 12.000000000000000001,"#);
    let e = Ruleset::from_text(&inexact, None, "rules.json").unwrap_err();
    assert_eq!((e.diagnostics[0].code.as_str(), e.diagnostics[0].path.as_str()), ("inexact_number", "fields[0].max"));
    assert_eq!(e.diagnostics[0].line, Some(6));
    let bad = Ruleset::from_text("{\"format_version\": 1,", None, "b.json").unwrap_err();
    assert_eq!((bad.diagnostics[0].code.as_str(), bad.diagnostics[0].line), ("invalid_rule_file", Some(1)));
}

#[test]
fn hostile_rule_files_do_not_hang_or_crash() {
    let deep = format!(
        "{HEAD}\n[[derived]]\nid = \"d\"\nexpr = \"{}1{}\"\nlabel = {{ zh = \"甲\", en = \"A\" }}\n",
        "(".repeat(500),
        ")".repeat(500)
    );
    assert_eq!(codes(&errors(&deep[HEAD.len()..])), ["expr_too_deep"]);
    let nested_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(codes(&Ruleset::from_text(&nested_json, None, "n.json").unwrap_err()), ["too_deep"]);
    let huge = "x".repeat(zonescore::MAX_RULE_FILE_BYTES + 1);
    assert_eq!(codes(&Ruleset::from_text(&huge, None, "h.toml").unwrap_err()), ["too_large"]);
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
            ("expr_syntax", "derived[2].expr"),
            ("type_mismatch", "derived[0].expr"),
            ("unknown_name", "dimensions[0].criteria[0].parts[3].when"),
        ],
        "{e}"
    );
    // A misspelt use of a value with errors is still a misspelling, and says so.
    let typo = e.diagnostics.iter().find(|d| d.code == "unknown_name").unwrap();
    assert_eq!(en(&typo.help), Some("did you mean `share_ratio`?"));
}

/// Rule files with every mistake the compiler reports, each kind of message at least once.
fn broken_rule_files() -> Vec<RulesetError> {
    let fields = r#"
[[groups]]
path = "nowhere"
label = { zh = "无", en = "None" }

[[fields]]
path = "Bad.Path"
type = "count"
label = { zh = "坏", en = "Bad" }

[[fields]]
path = "meta.note"
type = "count"
label = { zh = "备注", en = "Note" }

[[fields]]
path = "firm.share_pct"
type = "count"
label = { zh = "重复", en = "Again" }

[[fields]]
path = "a.name"
type = "text"
min = 1
max_length = 0
label = { zh = "名", en = "Name" }

[[fields]]
path = "a.ratio"
type = "decimal"
min = 5
max = 1
step = 0
label = { zh = "比", en = "Ratio" }

[[fields]]
path = "a.kind"
type = "enum"
label = { zh = "类", en = "Kind" }

[[fields]]
path = "a.size"
type = "enum"
values = [{ code = "x", label = { zh = "甲", en = "X" } }, { code = "x", label = { zh = "乙", en = "Y" } }]
label = { zh = "规模", en = "Size" }

[[fields]]
path = "a.flag"
type = "bool"
values = [{ code = "x", label = { zh = "甲", en = "X" } }]
label = { zh = "是否", en = "Flag" }

[[fields]]
path = "a.count"
type = "count"
default = -1
label = { zh = "数", en = "Count" }

[[constraints]]
id = "c1"
left = "a.name"
op = "le"
right = "firm.sharepct"
"#;
    let ruleset = r#"
[[clauses]]
id = "5.1"
number = "五（一）"

[[clauses]]
id = "§2.1"
number = "二（一）"
unscored = { reason = "county_duty", note = { zh = "县的职责", en = "The county's duty" } }

[[clauses]]
id = "§2.1"
number = "二（一）"

[[derived]]
id = "loop_a"
expr = "loop_b + 1"
label = { zh = "甲", en = "A" }

[[derived]]
id = "loop_b"
expr = "loop_a + 1"
label = { zh = "乙", en = "B" }

[[derived]]
id = "a.b"
expr = "1"
label = { zh = "甲", en = "A" }

[[derived]]
id = "d"
expr = "1"
label = { zh = "乙", en = "B" }

[[derived]]
id = "d"
expr = "2"
label = { zh = "丙", en = "C" }

[[gates]]
id = "G"
title = { zh = "甲", en = "A" }
when = "true"
clause = ["§2.2"]
basis = { kind = "set" }

[[gates]]
id = "G"
title = { zh = "乙", en = "B" }
when = "true"
clause = ["§7.7.7.7"]
basis = { kind = "set" }

[[vetoes]]
id = "V"
title = { zh = "甲", en = "A" }
fires_when = "false"
clause = ["§2.1"]
basis = { kind = "set" }

[[vetoes]]
id = "V"
title = { zh = "乙", en = "B" }
fires_when = "false"
clause = []
basis = { kind = "set" }

[[notes]]
id = "n"
when = "true"
message = { zh = "甲", en = "A" }

[[notes]]
id = "n"
when = "true"
message = { zh = "乙", en = "B" }

[[warnings]]
id = "w"
when = "true"
message = { zh = "甲", en = "A" }

[[warnings]]
id = "w"
when = "true"
message = { zh = "乙", en = "B" }

[[warnings]]
id = "path"
when = "true"
path = "firm.sharepct"
message = { zh = "丙", en = "C" }

[[warnings]]
id = "each"
when = "value > 1"
for_each = { type = "amount", except = ["firm.share_pct"] }
message = { zh = "丁", en = "D" }

[[grades]]
id = "A"
min = 80
label = { zh = "甲", en = "A" }

[[grades]]
id = "B"
min = 90
label = { zh = "乙", en = "B" }

[[grades]]
id = "C"
label = { zh = "丙", en = "C" }

[[grades]]
id = "A"
min = 1
label = { zh = "甲", en = "A" }

[[outcomes]]
id = "o"
label = { zh = "甲", en = "A" }

[[outcomes]]
id = "o"
when = "true"
label = { zh = "乙", en = "B" }

[goal]
title = { zh = "目标", en = "Goal" }
clause = ["x"]
outcome = "nope"
from_year = 2015
to_year = 2011
target = 3
"#;
    let head = HEAD
        .replace(
            "id = \"broken\"",
            "id = \"Broken_Rules\"\nyear_field = \"zone.year\"\nsubject_fields = [\"zone.name\"]",
        )
        .replace("places = 1", "places = 11")
        .replace("format_version = 1\n", "format_version = 1\nveto_grade = \"Z\"\n");
    let criteria = r#"
[[dimensions]]
id = "X"
title = { zh = "维", en = "Dim" }

[[dimensions.criteria]]
id = "X0"
title = { zh = "零", en = "Zero" }
clause = []
basis = { kind = "set" }
parts = [{ kind = "flag", when = "true", points = 1 }]

[[dimensions]]
id = "X"
title = { zh = "维", en = "Dim" }

[[dimensions.criteria]]
id = "X1"
title = { zh = "一", en = "One" }
max = 0
clause = []
basis = { kind = "set" }
parts = []

[[dimensions.criteria]]
id = "X2"
title = { zh = "二", en = "Two" }
max = 5
clause = []
basis = { kind = "set" }
parts = [
  { kind = "bands", value = "firm.share_pct", bands = [] },
  { kind = "weighted", terms = [] },
  { kind = "flag", when = "true", points = 9, basis = { kind = "sourced" } },
  { kind = "bands", value = "firm.share_pct", bands = [{ at_least = 1, points = 9 }] },
]

[bonus]
cap = 5

[[bonus.items]]
id = "B1"
title = { zh = "加", en = "Bonus" }
clause = []
basis = { kind = "set" }
parts = [{ kind = "flag", when = "true", points = 1 }]

[[bonus.items]]
id = "B1"
title = { zh = "加", en = "Bonus" }
clause = []
basis = { kind = "set" }
parts = [{ kind = "flag", when = "true", points = 1 }]
"#;
    // One gate per faulty expression (`'` inside TOML literal strings needs none escaped).
    let long = format!("{}1", "1 + ".repeat(1100));
    let deep = format!("{}1{}", "(".repeat(40), ")".repeat(40));
    let expressions = [
        "1..2 > 0",
        "firm.kind == 'a",
        "firm.share_pct = 1",
        "firm.share_pct ? 1",
        "firm.share_pct > 1 firm.share_pct",
        "(firm.share_pct > 1",
        "if true then true",
        "if true true else false",
        "0 < firm.share_pct < 100",
        "and",
        "",
        ")",
        "present(1)",
        &long,
        &deep,
        "firm.share_pc > 1",
        "zzz > 1",
        "present(firm.sharepct)",
        "present(zzzz)",
        "-true > 1",
        "not 1",
        "firm.share_pct in [1, firm.share_pct]",
        "firm.share_pct in ['a']",
        "firm.kind in ['zz']",
        "foo(1, 2) > 1",
        "min(1) > 0",
        "min(1, true) > 0",
        "if 1 then true else false",
        "if true then 1 else false",
        "true + 1 > 0",
        "1 < true",
        "1 == true",
        "1 and true",
        "firm.share_pct",
    ];
    let gates: String = expressions
        .iter()
        .enumerate()
        .map(|(i, e)| {
            format!("\n[[gates]]\nid = \"E{i}\"\ntitle = {{ zh = \"甲\", en = \"A\" }}\nwhen = '''{e}'''\nclause = []\nbasis = {{ kind = \"set\" }}\n")
        })
        .collect();
    let compile = |text: String, origin: &str| Ruleset::from_text(&text, None, origin).unwrap_err();
    let dir = std::env::temp_dir().join(format!("zonescore-diagnostics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let not_utf8 = dir.join("latin1.toml");
    std::fs::write(&not_utf8, b"title = \"Z\xfcrich\"\n").unwrap();
    let from_path = Ruleset::from_path(&not_utf8).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    vec![
        compile(format!("{HEAD}{fields}"), "fields.toml"),
        compile(format!("{head}{ruleset}"), "ruleset.toml"),
        compile(format!("{HEAD}{criteria}"), "criteria.toml"),
        compile(format!("{HEAD}{gates}"), "expressions.toml"),
        compile(HEAD.replace("format_version = 1", "format_version = 3"), "v3.toml"),
        // A part's keys are its kind's: a flag takes no bands.
        compile(
            format!(
                "{HEAD}{}",
                criteria.replace(
                    "{ kind = \"weighted\", terms = [] }",
                    "{ kind = \"flag\", when = \"true\", points = 1, bands = [] }"
                )
            ),
            "stray.toml",
        ),
        compile(
            format!(
                "{}{V1_GOAL}",
                HEAD.replace("source = {", "effective = { from = \"2012-01-01\", to = \"2015-12-31\" }\nsource = {")
            ),
            "goal.toml",
        ),
        compile(V2_BROKEN.to_owned(), "v2.toml"),
        compile(" \n".into(), "empty.toml"),
        compile("x".repeat(zonescore::MAX_RULE_FILE_BYTES + 1), "huge.toml"),
        compile("format_version = 1\nruleset = {\n".into(), "syntax.toml"),
        compile(format!("{HEAD}\nunknown_key = 1\n"), "structure.toml"),
        compile("{\"format_version\": 1,".into(), "syntax.json"),
        compile("{\"format_version\": \"one\"}".into(), "structure.json"),
        compile("{\"format_version\": 1, \"format_version\": 1}".into(), "duplicate.json"),
        compile(format!("{}{}", "[".repeat(100), "]".repeat(100)), "deep.json"),
        compile(HEAD.replace("type = \"percent\"", "type = \"percent\"\nmax = 99.000000000000000001"), "inexact.toml"),
        Ruleset::bundled("no-such-ruleset").unwrap_err(),
        Ruleset::from_path(std::path::Path::new("/no/such/rules.toml")).unwrap_err(),
        from_path,
    ]
}

/// Whether a text holds a Chinese character.
fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Every code a diagnostic can have, as the answer schema lists them.
fn declared_codes() -> std::collections::BTreeSet<String> {
    let schema = serde_json::to_value(schemars::schema_for!(zonescore::DiagnosticCode)).unwrap();
    let mut codes = std::collections::BTreeSet::new();
    for variant in schema["oneOf"].as_array().into_iter().flatten().chain(std::iter::once(&schema)) {
        for code in variant["enum"].as_array().into_iter().flatten() {
            codes.insert(code.as_str().unwrap().to_owned());
        }
        if let Some(code) = variant["const"].as_str() {
            codes.insert(code.to_owned());
        }
    }
    codes
}

#[test]
fn every_code_has_a_chinese_message() {
    // Codes no rule file can bring about in this build, and why.
    let unreachable = [
        // Only a build without the `toml` feature (the browser's) refuses TOML.
        "toml_unsupported",
        // An expression that only reads a value with errors of its own: the compiler drops
        // it, so that the mistake is reported once, where it is made.
        "depends_on_error",
    ];
    let mut reached = std::collections::BTreeSet::new();
    for e in broken_rule_files() {
        for d in &e.diagnostics {
            reached.insert(d.code.to_string());
            let texts = std::iter::once(&d.message).chain(d.help.as_ref());
            for t in texts {
                assert!(!t.en.is_empty() && !t.zh.is_empty(), "{} has an empty text: {t:?}", d.code);
                assert_ne!(t.zh, t.en, "{} is not in Chinese", d.code);
                assert!(has_chinese(&t.zh), "{} is not in Chinese: {}", d.code, t.zh);
            }
        }
        let zh = e.to_string_in("zh");
        assert!(zh.contains("处问题") && zh.contains("错误["), "{zh}");
    }
    let sources = declared_codes();
    let missing: Vec<&String> =
        sources.iter().filter(|c| !reached.contains(*c) && !unreachable.contains(&c.as_str())).collect();
    assert!(missing.is_empty(), "codes no broken rule file reaches: {missing:?}");
    let unknown: Vec<&String> = reached.iter().filter(|c| !sources.contains(*c)).collect();
    assert!(unknown.is_empty(), "codes the schema does not list: {unknown:?}");
    assert!(reached.len() >= 38, "{} codes: {reached:?}", reached.len());
}

#[test]
fn a_derived_value_in_rule_format_2_is_located_at_its_value() {
    let good = include_str!("../../rules/zone-qualification.toml");
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
