//! What the rules can never do (`Ruleset::unreachable`): each kind named on a rule file
//! written to have it, and nothing named on the bundled rulesets. Gates and vetoes are named
//! when their conditions are constant; criteria also when no value of their fields helps.

use zonescore::Ruleset;

/// Rules with one of each thing that can never happen, beside rules that can.
const NEVER: &str = r#"format_version = 2
[ruleset]
id = "never"
version = "1"
title = { zh = "从不", en = "Never" }
source = { document = "x", title = { zh = "x", en = "x" } }
subject_fields = ["zone.name"]

[pipeline]
normalise = false
max = 100
rounding = { places = 1, mode = "half_away_from_zero" }

[[gates]]
id = "G1"
title = { zh = "恒真", en = "Always" }
when = "1 >= 0"
clause = ["§0"]
basis = { kind = "set" }

[[gates]]
id = "G2"
title = { zh = "事实", en = "Fact" }
when = "g.fact"
clause = ["§0"]
basis = { kind = "set" }

[[vetoes]]
id = "V1"
title = { zh = "恒假", en = "Never" }
when = "1 > 2"
clause = ["§9"]
basis = { kind = "set" }

[[vetoes]]
id = "V2"
title = { zh = "否决", en = "Veto" }
when = "v.bad"
clause = ["§9"]
basis = { kind = "set" }

[[dimensions]]
id = "P"
title = { zh = "样例", en = "Sample" }

[[dimensions.criteria]]
id = "P1"
title = { zh = "比率", en = "Rate" }
max = 70
clause = ["§1"]
basis = { kind = "set" }
parts = [{ kind = "weighted", title = { zh = "比率", en = "Rate" }, terms = [{ value = "q.rate", weight = 0.6 }] }]

[[dimensions.criteria]]
id = "P2"
title = { zh = "事实分", en = "Fact points" }
max = 20
clause = ["§2"]
basis = { kind = "set" }
parts = [{ kind = "flag", value = "g.fact", points = 20 }]

[[dimensions.criteria]]
id = "P3"
title = { zh = "超百", en = "Over 100" }
max = 5
clause = ["§3"]
basis = { kind = "set" }
parts = [{ kind = "flag", value = "q.rate > 100", points = 5 }]

[[dimensions.criteria]]
id = "P4"
title = { zh = "不适用", en = "Never applies" }
max = 5
clause = ["§4"]
basis = { kind = "set" }
when = "q.rate > 100"
parts = [{ kind = "flag", value = "g.fact", points = 5 }]

[[grades]]
id = "A"
min = 90
title = { zh = "优", en = "Top" }

[[grades]]
id = "B"
min = 60
title = { zh = "中", en = "Middle" }

[[grades]]
id = "C"
title = { zh = "差", en = "Low" }

[[outcomes]]
id = "over"
when = "result.final_score > 100"
title = { zh = "超额", en = "Over" }

[[outcomes]]
id = "named"
when = "result.final_score >= 60"
title = { zh = "命名", en = "Named" }

[[outcomes]]
id = "not_named"
title = { zh = "不命名", en = "Not named" }

[[fields]]
path = "zone.name"
type = "text"
required = true
title = { zh = "名称", en = "Zone" }

[[fields]]
path = "q.rate"
type = "decimal"
min = 0
max = 100
required = true
title = { zh = "比率", en = "Rate" }

[[fields]]
path = "v.bad"
type = "bool"
title = { zh = "否决事实", en = "Veto fact" }

[[fields]]
path = "g.fact"
type = "bool"
required = true
title = { zh = "事实", en = "Fact" }
"#;

fn never() -> Ruleset {
    // Read as JSON, which every build of the crate reads (`--no-default-features` too).
    let tree: serde_json::Value = toml::from_str(NEVER).unwrap();
    Ruleset::from_text(&tree.to_string(), None, "never.json").unwrap()
}

#[test]
fn each_thing_the_rules_can_never_do_is_named_once_in_rule_order() {
    let found = never().unreachable();
    let codes: Vec<(&str, &str)> = found.iter().map(|u| (u.code.as_str(), u.id.as_str())).collect();
    assert_eq!(
        codes,
        [
            ("points_out_of_reach", "P1"),
            ("never_scores", "P3"),
            ("never_applies", "P4"),
            ("gate_always_passes", "G1"),
            ("veto_never_fires", "V1"),
            ("grade_out_of_reach", "A"),
            ("outcome_out_of_reach", "over"),
            // No outcome reads `result.gate_failed` or `result.veto_fired`, and no veto grade.
            ("gates_without_effect", "G1 G2"),
            ("vetoes_without_effect", "V1 V2"),
            ("cap_out_of_reach", ""),
        ]
    );
    // 60 + 20 points at most: grade A's 90 is out of reach, B's 60 is not.
    assert_eq!(found[0].message.zh, "P1「比率」：最多只能得 60 分，达不到其分值 70 分");
    assert_eq!(found[0].message.en, "P1 “Rate” can score at most 60 of its 70 points");
    assert_eq!(
        found[5].message.en,
        "A “Top” is a grade no submission gets: the final score is at most 80.0, below its 90"
    );
    assert!(found[3].message.zh.contains("任何提交都符合这一资格条件"), "{:?}", found[3].message);
}

#[test]
fn a_gate_no_submission_passes_and_a_veto_that_always_fires_are_named() {
    let text =
        NEVER.replace(r#"when = "1 >= 0""#, r#"when = "1 < 0""#).replace(r#"when = "1 > 2""#, r#"when = "2 > 1""#);
    let tree: serde_json::Value = toml::from_str(&text).unwrap();
    let found = Ruleset::from_text(&tree.to_string(), None, "never.json").unwrap().unreachable();
    let codes: Vec<&str> = found.iter().map(|u| u.code.as_str()).collect();
    assert!(codes.contains(&"gate_never_passes") && codes.contains(&"veto_always_fires"), "{codes:?}");
    assert!(!codes.contains(&"gate_always_passes") && !codes.contains(&"veto_never_fires"), "{codes:?}");
}

#[test]
fn a_comparison_that_holds_for_every_value_its_fields_take_is_named() {
    // `>= 0` of a count where `> 0` was meant: a veto that fires whenever its field is
    // filled in; of a required field, for every submission.
    let count = "\n[[fields]]\npath = \"v.count\"\ntype = \"count\"\ntitle = { zh = \"件数\", en = \"Cases\" }\n";
    let rules = |gate: &str, veto: &str| {
        let text = format!("{NEVER}{count}")
            .replace(r#"when = "1 >= 0""#, &format!("when = \"{gate}\""))
            .replace(r#"when = "1 > 2""#, &format!("when = \"{veto}\""));
        let tree: serde_json::Value = toml::from_str(&text).unwrap();
        let found = Ruleset::from_text(&tree.to_string(), None, "never.json").unwrap().unreachable();
        found.into_iter().filter(|u| ["G1", "V1"].contains(&u.id.as_str())).map(|u| u.code).collect::<Vec<_>>()
    };
    assert_eq!(rules("v.count < 0", "v.count >= 0"), ["gate_fails_when_filled", "veto_fires_when_filled"]);
    assert_eq!(rules("q.rate < 0", "q.rate >= 0"), ["gate_never_passes", "veto_always_fires"]);
    assert_eq!(rules("q.rate <= 100", "q.rate > 100"), ["gate_always_passes", "veto_never_fires"]);
    // Conditions some value meets and another does not: nothing to say.
    assert!(rules("v.count > 0", "v.count >= 1").is_empty());
    assert!(rules("q.rate < 50", "q.rate >= 100").is_empty());
    let found = never().unreachable();
    let v1 = found.iter().find(|u| u.id == "V1").unwrap();
    assert_eq!(v1.code, "veto_never_fires");
}

#[test]
fn a_deduction_that_can_only_take_points_away_is_not_said_to_score_nothing() {
    let deduction = r#"
[[dimensions.criteria]]
id = "P5"
title = { zh = "扣分", en = "Deduction" }
max = 5
clause = ["§5"]
basis = { kind = "set" }
parts = [{ kind = "flag", value = "v.bad", points = -5 }]
"#;
    let text = NEVER.replacen("\n[[grades]]", &format!("{deduction}\n[[grades]]"), 1);
    let tree: serde_json::Value = toml::from_str(&text).unwrap();
    let found = Ruleset::from_text(&tree.to_string(), None, "never.json").unwrap().unreachable();
    let p5: Vec<&str> = found.iter().filter(|u| u.id == "P5").map(|u| u.code.as_str()).collect();
    // It never reaches its 5, which is worth saying; it does score, below 0.
    assert_eq!(p5, ["points_out_of_reach"], "{found:?}");
}

#[test]
fn the_bundled_rulesets_can_do_everything_they_say() {
    for id in super::RULESETS {
        let found = Ruleset::bundled(id).unwrap().unreachable();
        assert!(found.is_empty(), "{id}: {found:?}");
    }
}

/// A ruleset of `fields`, one dimension of `criteria`, grades A (at `a_min`) and D, and
/// `outcomes`, on a pipeline that `normalise`s or not, capped at 100.
fn small(fields: &str, criteria: &str, a_min: u32, outcomes: &str, normalise: bool) -> Ruleset {
    let text = format!(
        r#"format_version = 2
[ruleset]
id = "t"
version = "1"
title = {{ zh = "测", en = "T" }}
source = {{ document = "x", title = {{ zh = "x", en = "x" }} }}
subject_fields = ["z.name"]

[pipeline]
normalise = {normalise}
max = 100
rounding = {{ places = 1, mode = "half_away_from_zero" }}

[[fields]]
path = "z.name"
type = "text"
required = true
title = {{ zh = "名称", en = "Name" }}
{fields}
[[dimensions]]
id = "P"
title = {{ zh = "样例", en = "Sample" }}
{criteria}
[[grades]]
id = "A"
min = {a_min}
title = {{ zh = "优", en = "Top" }}

[[grades]]
id = "D"
title = {{ zh = "差", en = "Low" }}
{outcomes}
[[outcomes]]
id = "other"
title = {{ zh = "其他", en = "Other" }}
"#
    );
    let tree: serde_json::Value = toml::from_str(&text).unwrap();
    Ruleset::from_text(&tree.to_string(), None, "small.json").unwrap()
}

fn criterion(id: &str, when: Option<&str>, max: u32, parts: &str) -> String {
    let when = when.map(|w| format!("when = \"{w}\"\n")).unwrap_or_default();
    let title = format!("{{ zh = \"{id}\", en = \"{id}\" }}");
    format!("\n[[dimensions.criteria]]\nid = \"{id}\"\ntitle = {title}\nmax = {max}\nclause = [\"§1\"]\nbasis = {{ kind = \"set\" }}\n{when}parts = [{parts}]\n")
}

/// The final score, grade and outcome of `submission`.
fn scored(rules: &Ruleset, submission: serde_json::Value) -> (String, String, String) {
    match rules.score_json(&submission.to_string()).parse::<serde_json::Value>().unwrap() {
        a if a["type"] == "success" => (a["final_score"].to_string(), a["grade"].to_string(), a["outcome"].to_string()),
        a => panic!("{a}"),
    }
}

#[test]
fn what_a_submission_scores_is_never_called_out_of_reach() {
    let field = |path: &str, kind: &str| {
        format!("\n[[fields]]\npath = \"{path}\"\ntype = \"{kind}\"\ntitle = {{ zh = \"x\", en = \"x\" }}\n")
    };
    let flag = |value: &str, points: i32| format!("{{ kind = \"flag\", value = \"{value}\", points = {points} }}");
    // A text compared with a constant: the constant is tried, and a text it is not.
    let text = small(&field("z.town", "text"), &criterion("P1", None, 5, &flag("z.town == 'abc'", 5)), 5, "", false);
    assert_eq!(scored(&text, serde_json::json!({"z": {"name": "n", "town": "abc"}})).1, "\"A\"");
    let listed = small(
        &field("z.town", "text"),
        &criterion("P1", Some("z.town in ['x', 'y']"), 5, &flag("1 > 0", 5)),
        5,
        "",
        false,
    );
    assert_eq!(scored(&listed, serde_json::json!({"z": {"name": "n", "town": "y"}})).1, "\"A\"");
    // An outcome that computes with the score.
    let weighted =
        "{ kind = \"weighted\", title = { zh = \"x\", en = \"x\" }, terms = [{ value = \"z.x\", weight = 1 }] }";
    let mid = "\n[[outcomes]]\nid = \"mid\"\nwhen = \"result.final_score * 2 >= 101 and result.final_score * 2 <= 119\"\ntitle = { zh = \"中\", en = \"Mid\" }\n";
    let computed = small(&field("z.x", "percent"), &criterion("P1", None, 100, weighted), 90, mid, false);
    assert_eq!(scored(&computed, serde_json::json!({"z": {"name": "n", "x": 55}})).2, "\"mid\"");
    // A deduction beside a weighted part with no cap of its own: 15 − 5 reaches the 10.
    let parts = format!("{weighted}, {}", flag("1 > 0", -5));
    let deducted = small(&field("z.x", "count"), &criterion("P1", None, 10, &parts), 8, "", false);
    assert_eq!(scored(&deducted, serde_json::json!({"z": {"name": "n", "x": 15}})).1, "\"A\"");
    // More switches than are tried one set at a time, normalised: one small criterion alone
    // applying scores 100.
    let mut switched = criterion("C0", Some("s.sw0"), 1, &flag("1 > 0", 1));
    let mut fields = field("s.sw0", "bool");
    for k in 1..=10 {
        switched.push_str(&criterion(&format!("C{k}"), Some(&format!("s.sw{k}")), 10, &flag("1 > 0", 1)));
        fields.push_str(&field(&format!("s.sw{k}"), "bool"));
    }
    let normalised = small(&fields, &switched, 90, "", true);
    assert_eq!(scored(&normalised, serde_json::json!({"z": {"name": "n"}, "s": {"sw0": true}})).1, "\"A\"");

    for (name, rules) in [
        ("text", &text),
        ("listed", &listed),
        ("computed", &computed),
        ("deducted", &deducted),
        ("normalised", &normalised),
    ] {
        let wrong: Vec<_> = rules
            .unreachable()
            .into_iter()
            // These small rule files keep a cap of 100 beside a few points; the deduction can
            // take a score below 0 (15 − 5 is 10, 0 − 5 is −5), which is said.
            .filter(|u| !(name == "normalised" && u.code == "points_out_of_reach") && u.code != "cap_out_of_reach")
            .filter(|u| !(name == "deducted" && u.code == "final_score_below_zero" && u.message.en.contains("-5.0")))
            .collect();
        assert!(wrong.is_empty(), "{name}: {wrong:?}");
    }
    assert!(deducted.unreachable().iter().any(|u| u.code == "final_score_below_zero"));
}
