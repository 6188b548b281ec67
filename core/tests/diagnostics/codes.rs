//! Every code a rule file's diagnostic can have is reached by a broken rule file, and told in
//! Chinese and English.

use super::HEAD;
use zonescore::{Ruleset, RulesetError};

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
