//! What advice says when it proposes nothing, or when what it proposes leaves something as it
//! is: a target below the present result, one no value reaches, a gate that still decides.

use super::{examples, set};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;
use zonescore::{Advice, AdviceAnswer, Ruleset};

fn advise(rules: &Ruleset, doc: &Value, target: Option<&str>) -> Advice {
    let input = zonescore::input::parse_json(doc.to_string().as_bytes(), 1 << 20, 64).unwrap().value;
    match rules.advise(&input, target, 3) {
        AdviceAnswer::Advice(a) => a,
        AdviceAnswer::Failure(f) => panic!("{:?}", f.errors),
    }
}

#[test]
fn advice_says_why_it_proposes_nothing_or_what_stays() {
    // An outcome met only lower down, or only by failing a gate: never "at best" a grade.
    let zq = Ruleset::bundled("zone-qualification").unwrap();
    let mut below = 0;
    for doc in examples("zone-qualification") {
        for target in ["not_named", "ineligible"] {
            let a = advise(&zq, &doc, Some(target));
            if a.reached || !(a.outcome == "named" || target == "ineligible") {
                continue;
            }
            below += 1;
            assert!(!a.reachable && a.options.is_empty() && a.best.is_none() && a.blocked_by.is_empty(), "{a:?}");
            assert!(
                a.summary.en.contains("comes only with a lower score, a failed gate or a fired veto"),
                "{}",
                a.summary.en
            );
            assert!(a.summary.zh.starts_with("只有降低得分"), "{}", a.summary.zh);
        }
    }
    assert!(below >= 4, "the examples hold named zones: {below}");
    // Ineligible on a fact no change undoes, asked for `not_named`: that comes only below 80.0
    // even with the gate lifted, which is the reason given, not the gate.
    let dongcheng = examples("zone-qualification")
        .into_iter()
        .find(|d| d["zone"]["industry_policy_category"] == "restricted")
        .expect("an example fails gate G1");
    let a = advise(&zq, &dongcheng, Some("not_named"));
    assert!(!a.reachable && a.blocked_by.is_empty() && a.summary.en.contains("comes only with"), "{a:?}");

    // A grade reached while a gate still fails: the zone stays ineligible, and the summary says so.
    let a = advise(&zq, &dongcheng, None);
    assert_eq!((a.target.as_str(), a.outcome.as_str()), ("A", "ineligible"), "{a:?}");
    assert!(a.options.iter().all(|o| o.grade == "A" && o.outcome == "ineligible"), "{a:?}");
    assert!(a.summary.en.ends_with("; the outcome would be Ineligible (ineligible): “Conforms to national industrial policy (encouraged or permitted)” not met"), "{}", a.summary.en);
    assert!(a.summary.zh.contains("；结果为不符合申报条件（ineligible）"), "{}", a.summary.zh);

    // A grade no value of the actionable fields reaches: said as such, with the highest score.
    let dir = format!("{}/../tests/whatif-cases/custom-advise-never", env!("CARGO_MANIFEST_DIR"));
    let rules = Ruleset::from_path(std::path::Path::new(&format!("{dir}/ruleset.json"))).unwrap();
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/submission.json")).unwrap()).unwrap();
    let a = advise(&rules, &doc, Some("A"));
    assert!(!a.reachable && a.blocked_by.is_empty(), "{a:?}");
    assert!(a.summary.en.starts_with("No value of the actionable fields reaches Excellent (A): the final score is at most 70.0; at best: 1 change reaches Pass (B)"), "{}", a.summary.en);
    // With the past awards a fact worth its 30 points, A is within one change again.
    set(&mut doc, "past.awards", Some(serde_json::json!(2)));
    let a = advise(&rules, &doc, Some("A"));
    assert!(a.reachable && a.options.len() == 1, "{a:?}");
    assert_eq!(a.options[0].changes[0].path, "/plan/done");
}

/// A ruleset of two weighted criteria: a rate any zone can raise (60 points) and a fixed fact
/// (40), a gate on a fact no change undoes, a veto on one a change may undo, and `outcomes`
/// as given.
fn probe(outcomes: &str) -> Ruleset {
    probe_with("max = 100", outcomes)
}

/// [`probe`] with its own cap (`max = 100`, or none).
fn probe_with(cap: &str, outcomes: &str) -> Ruleset {
    let text = format!(
        r#"format_version = 2
[ruleset]
id = "probe"
version = "1"
title = {{ zh = "探针", en = "Probe" }}
source = {{ document = "x", title = {{ zh = "x", en = "x" }} }}
subject_fields = ["zone.name"]

[pipeline]
normalise = false
{cap}
rounding = {{ places = 1, mode = "half_away_from_zero" }}

[[gates]]
id = "G1"
title = {{ zh = "门槛", en = "Gate" }}
when = "g.fact"
clause = ["§0"]
basis = {{ kind = "set" }}

[[dimensions]]
id = "P"
title = {{ zh = "样例", en = "Sample" }}

[[dimensions.criteria]]
id = "P1"
title = {{ zh = "比率", en = "Rate" }}
max = 60
clause = ["§1"]
basis = {{ kind = "set" }}
parts = [{{ kind = "weighted", title = {{ zh = "比率", en = "Rate" }}, terms = [{{ value = "q.rate", weight = 0.6 }}] }}]

[[dimensions.criteria]]
id = "P2"
title = {{ zh = "固定", en = "Fixed" }}
max = 40
clause = ["§2"]
basis = {{ kind = "set" }}
parts = [{{ kind = "weighted", title = {{ zh = "固定", en = "Fixed" }}, terms = [{{ value = "q.fixed", weight = 0.4 }}] }}]

[[vetoes]]
id = "V1"
title = {{ zh = "否决", en = "Veto" }}
when = "v.bad"
clause = ["§9"]
basis = {{ kind = "set" }}

[[grades]]
id = "A"
min = 90
title = {{ zh = "优", en = "A" }}

[[grades]]
id = "B"
min = 60
title = {{ zh = "中", en = "B" }}

[[grades]]
id = "C"
title = {{ zh = "差", en = "C" }}
{outcomes}
[[fields]]
path = "zone.name"
type = "text"
required = true
title = {{ zh = "名称", en = "Zone" }}

[[fields]]
path = "q.rate"
type = "decimal"
min = 0
max = 100
required = true
title = {{ zh = "比率", en = "Rate" }}

[[fields]]
path = "q.fixed"
type = "decimal"
min = 0
max = 100
required = true
actionable = false
title = {{ zh = "固定值", en = "Fixed" }}

[[fields]]
path = "v.bad"
type = "bool"
title = {{ zh = "否决事实", en = "Veto fact" }}

[[fields]]
path = "g.fact"
type = "bool"
required = true
actionable = false
title = {{ zh = "事实", en = "Fact" }}
"#
    );
    // Read as JSON, which every build of the crate reads (`--no-default-features` too).
    let tree: serde_json::Value = toml::from_str(&text).unwrap();
    Ruleset::from_text(&tree.to_string(), None, "probe.json").unwrap()
}

fn outcomes(list: &[(&str, Option<&str>)]) -> String {
    list.iter()
        .map(|(id, when)| {
            let when = when.map(|w| format!("when = \"{w}\"\n")).unwrap_or_default();
            format!("\n[[outcomes]]\nid = \"{id}\"\n{when}title = {{ zh = \"{id}\", en = \"{id}\" }}\n")
        })
        .collect()
}

#[test]
fn an_outcome_that_reads_a_failed_gate_is_above_when_the_score_rises() {
    // Ineligible at 50.0 with a gate no change undoes; `rectify` is that gate failed at 80 or more.
    let rules = probe(&outcomes(&[
        ("rectify", Some("result.gate_failed and result.final_score >= 80")),
        ("ineligible", Some("result.gate_failed")),
        ("other", None),
    ]));
    let doc = json!({"zone": {"name": "z"}, "q": {"rate": 50, "fixed": 50}, "g": {"fact": false}});
    let a = advise(&rules, &doc, Some("rectify"));
    assert!(a.reachable && !a.options.is_empty(), "{}", a.summary.en);
    assert!(a.options.iter().all(|o| o.outcome == "rectify"), "{a:?}");
}

#[test]
fn an_outcome_that_computes_with_the_score_is_never_called_below_or_out_of_reach() {
    // `mid` holds from 60 up to 70 (the rule doubles the score): 50.0 now, 62.0 at rate 70.
    let rules = probe(&outcomes(&[
        ("mid", Some("result.final_score * 2 >= 120 and result.final_score * 2 < 140")),
        ("other", None),
    ]));
    let doc = json!({"zone": {"name": "z"}, "q": {"rate": 50, "fixed": 50}, "g": {"fact": true}});
    let a = advise(&rules, &doc, Some("mid"));
    assert!(!a.summary.en.contains("comes only with") && !a.summary.en.contains("No value of"), "{}", a.summary.en);
    // Above 70 only: the analysis allows at most 80.0, so no value reaches it, and that is said.
    let rules = probe(&outcomes(&[("far", Some("result.final_score * 2 > 170")), ("other", None)]));
    let a = advise(&rules, &doc, Some("far"));
    assert!(
        a.summary
            .en
            .starts_with("No value of the actionable fields reaches far (far): the final score is at most 80.0"),
        "{}",
        a.summary.en
    );
}

#[test]
fn a_failing_gate_is_noted_only_when_it_decides_the_outcome() {
    let doc = json!({"zone": {"name": "z"}, "q": {"rate": 50, "fixed": 50}, "g": {"fact": false}});
    // The outcome reads the grade alone: the gate changes nothing said.
    let rules = probe(&outcomes(&[("pass", Some("result.grade in ['A', 'B']")), ("fail", None)]));
    let a = advise(&rules, &doc, Some("B"));
    assert!(a.reachable && !a.summary.en.contains("would be"), "{}", a.summary.en);
    // The outcome reads the gate: reaching B leaves the zone ineligible, and the summary says so.
    let rules = probe(&outcomes(&[("ineligible", Some("result.gate_failed")), ("pass", None)]));
    let a = advise(&rules, &doc, Some("B"));
    assert!(
        a.summary.en.ends_with("; the outcome would be ineligible (ineligible): “Gate” not met"),
        "{}",
        a.summary.en
    );
}

#[test]
fn a_veto_or_gate_lifted_alone_is_tried_and_a_pipeline_without_a_cap_is_never_below() {
    // Ineligible and vetoed at 100.0: lifting the veto alone gives `ineligible` at 100.0.
    let rules = probe(&outcomes(&[
        ("ineligible", Some("result.gate_failed and not result.veto_fired")),
        ("vetoed", Some("result.veto_fired")),
        ("other", None),
    ]));
    let both =
        json!({"zone": {"name": "z"}, "q": {"rate": 100, "fixed": 100}, "g": {"fact": false}, "v": {"bad": true}});
    let a = advise(&rules, &both, Some("ineligible"));
    assert!(a.reachable && a.options[0].outcome == "ineligible", "{}", a.summary.en);
    // The veto is lifted by its fact answered "no", never by the fact left out.
    let change = &a.options[0].changes[0];
    assert_eq!((change.path.as_str(), &change.to), ("/v/bad", &json!(false)), "{a:?}");
    assert!(a.options.iter().flat_map(|o| &o.changes).all(|c| !c.to.is_null()), "{a:?}");
    // No cap: a score past every constant may still reach an outcome; never "lower".
    let rules = probe_with("", &outcomes(&[("named", Some("not result.veto_fired")), ("other", None)]));
    let vetoed =
        json!({"zone": {"name": "z"}, "q": {"rate": 100, "fixed": 100}, "g": {"fact": true}, "v": {"bad": true}});
    let a = advise(&rules, &vetoed, Some("named"));
    assert!(a.reachable, "{}", a.summary.en);
}

#[test]
fn an_outcome_a_rule_before_it_always_takes_is_reached_by_no_value() {
    let rules = probe(&outcomes(&[
        ("pass", Some("result.final_score >= 60")),
        ("excellent", Some("result.final_score >= 90")),
        ("other", None),
    ]));
    let doc = json!({"zone": {"name": "z"}, "q": {"rate": 50, "fixed": 50}, "g": {"fact": true}});
    let a = advise(&rules, &doc, Some("excellent"));
    assert_eq!(a.summary.en, "No value of the actionable fields reaches excellent (excellent)");
}

#[test]
fn a_score_past_28_digits_ends_the_scan_instead_of_looping() {
    // 8,999…999 (28 digits) rounded to one place cannot step by 0.1 towards a cap of 9 × 10^27:
    // the scan must give up, not spin on one score.
    let text = r#"format_version = 2
[ruleset]
id = "huge"
version = "1"
title = { zh = "大", en = "Huge" }
source = { document = "x", title = { zh = "x", en = "x" } }

[pipeline]
normalise = false
max = "9000000000000000000000000000"
rounding = { places = 1, mode = "half_away_from_zero" }

[[dimensions]]
id = "P"
title = { zh = "样例", en = "Sample" }

[[dimensions.criteria]]
id = "P1"
title = { zh = "值", en = "Value" }
max = "9000000000000000000000000000"
clause = ["§1"]
basis = { kind = "set" }
parts = [{ kind = "weighted", title = { zh = "值", en = "Value" }, terms = [{ value = "q.value", weight = 1 }] }]

[[outcomes]]
id = "top"
when = "result.final_score >= 9000000000000000000000000000"
title = { zh = "顶", en = "Top" }

[[outcomes]]
id = "other"
title = { zh = "其他", en = "Other" }

[[fields]]
path = "q.value"
type = "decimal"
min = 0
max = "9000000000000000000000000000"
required = true
title = { zh = "值", en = "Value" }
"#;
    let tree: serde_json::Value = toml::from_str(text).unwrap();
    let rules = Ruleset::from_text(&tree.to_string(), None, "huge.json").unwrap();
    // Numbers past 64 bits are written in the text itself: a JSON tree cannot hold them.
    let answer = rules.advise_json(r#"{"q": {"value": 8999999999999999999999999999}}"#, Some("top"), 3);
    let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert_eq!((v["type"].as_str(), v["reached"].as_bool()), (Some("advice"), Some(false)), "{answer}");
}

/// `doc` with an option's changes made (`to` of `null` leaves the field out).
fn changed(doc: &Value, changes: &[&zonescore::AdviceChange]) -> Value {
    let mut doc = doc.clone();
    for c in changes {
        let dotted = c.path.trim_start_matches('/').replace('/', ".");
        let value = match &c.to {
            Value::String(s) => serde_json::from_str::<Value>(s).ok().filter(Value::is_number).unwrap_or(c.to.clone()),
            Value::Null => continue,
            other => other.clone(),
        };
        set(&mut doc, &dotted, Some(value));
    }
    doc
}

#[test]
fn no_change_advice_proposes_is_larger_than_its_target_needs() {
    // Every option of every bundled example, for every grade and outcome: each change is
    // needed (without it the target is lost) and each number is the nearest to its present
    // value on the field's grid (one step back loses the target).
    let mut numbers = 0;
    for id in ["zone-qualification", "annual-assessment"] {
        let rules = Ruleset::bundled(id).unwrap();
        let fields = rules.form_fields();
        let file = std::fs::read_to_string(format!("{}/../rules/{id}.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let file: Value = toml::from_str(&file).unwrap();
        let ids = |key: &str| {
            file[key].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        };
        let targets: Vec<String> = ids("grades").into_iter().chain(ids("outcomes")).collect();
        assert!(targets.len() >= 4, "{id}: {targets:?}");
        for doc in examples(id) {
            for target in &targets {
                let a = advise(&rules, &doc, Some(target));
                for o in &a.options {
                    let reaches = |d: &Value| {
                        let s = rules.score_summary_bytes(d.to_string().as_bytes()).ok();
                        s.is_some_and(|s| s.grade == o.grade && s.outcome == o.outcome)
                    };
                    let all: Vec<&zonescore::AdviceChange> = o.changes.iter().collect();
                    assert!(reaches(&changed(&doc, &all)), "{id} {target}: {o:?}");
                    for (i, c) in o.changes.iter().enumerate() {
                        if o.changes.len() > 1 {
                            let others: Vec<&zonescore::AdviceChange> =
                                all.iter().copied().filter(|x| x.path != c.path).collect();
                            assert!(
                                !reaches(&changed(&doc, &others)),
                                "{id} {target}: {} is not needed: {o:?}",
                                c.path
                            );
                        }
                        let (Some(from), Some(to)) = (
                            c.from.as_str().and_then(|s| Decimal::from_str(s).ok()),
                            c.to.as_str().and_then(|s| Decimal::from_str(s).ok()),
                        ) else {
                            continue;
                        };
                        let f = fields.iter().find(|f| f.pointer == c.path).unwrap();
                        let step = if f.field_type.is_whole() { Decimal::ONE } else { Decimal::new(1, 2) };
                        let back = if to > from { to - step } else { to + step };
                        if (back - from).abs() >= (to - from).abs() || back == from {
                            continue;
                        }
                        numbers += 1;
                        let mut one_back = o.changes.clone();
                        one_back[i].to = Value::String(back.to_string());
                        let refs: Vec<&zonescore::AdviceChange> = one_back.iter().collect();
                        assert!(
                            !reaches(&changed(&doc, &refs)),
                            "{id} {target}: {} could stop at {back}: {o:?}",
                            c.path
                        );
                    }
                }
            }
        }
    }
    assert!(numbers >= 10, "numbers changed by more than a step: {numbers}");
    // Two sets of changes trimmed to the same changes are one option, whatever order they
    // were found in.
    let zq = Ruleset::bundled("zone-qualification").unwrap();
    for doc in examples("zone-qualification") {
        let input = zonescore::input::parse_json(doc.to_string().as_bytes(), 1 << 20, 64).unwrap().value;
        let AdviceAnswer::Advice(a) = zq.advise(&input, Some("B"), 6) else { continue };
        let sets: Vec<Vec<(&str, &Value)>> =
            a.options.iter().map(|o| o.changes.iter().map(|c| (c.path.as_str(), &c.to)).collect()).collect();
        let distinct: std::collections::BTreeSet<String> = sets.iter().map(|s| format!("{s:?}")).collect();
        assert_eq!(distinct.len(), sets.len(), "{sets:?}");
    }
}

#[test]
fn an_outcome_between_two_others_is_reached_by_the_change_it_needs() {
    // `provisional` from 60 up to `top` at 80; a zone at 50.0 (rate 50 × 0.6 + fixed 50 × 0.4).
    let rules = probe(&outcomes(&[
        ("top", Some("result.final_score >= 80")),
        ("provisional", Some("result.final_score >= 60")),
        ("low", None),
    ]));
    let doc = json!({"zone": {"name": "z"}, "q": {"rate": 50, "fixed": 50}, "g": {"fact": true}});
    let a = advise(&rules, &doc, Some("provisional"));
    assert!(a.reachable && a.options.len() == 1, "{}", a.summary.en);
    // 66.59 × 0.6 + 20 = 59.954, which rounds to 60.0; 66.58 gives 59.948, 59.9.
    let o = &a.options[0];
    assert_eq!(
        (o.changes[0].to.as_str(), o.final_score.as_str(), o.outcome.as_str()),
        (Some("66.59"), "60.0", "provisional")
    );
    assert_eq!(a.summary.en, "1 change reaches provisional (provisional): Rate 50 → 66.59, final score 60.0");
    // Grade B at 60 takes the same change, not the rate's cap of 100 (80.0).
    let a = advise(&rules, &doc, Some("B"));
    assert_eq!(
        a.options.iter().map(|o| o.changes[0].to.as_str().unwrap()).collect::<Vec<_>>(),
        ["66.59"],
        "{}",
        a.summary.en
    );
    // And `top` just what it needs: 99.92 × 0.6 + 20 = 79.952, 80.0.
    let a = advise(&rules, &doc, Some("top"));
    assert_eq!(a.options[0].changes[0].to.as_str(), Some("99.92"), "{}", a.summary.en);
    // A zone scoring into `top` already is told so, not sent back down.
    let doc = json!({"zone": {"name": "z"}, "q": {"rate": 100, "fixed": 50}, "g": {"fact": true}});
    let a = advise(&rules, &doc, Some("provisional"));
    assert!(!a.reachable && a.options.is_empty(), "{}", a.summary.en);
}
