//! Score bounds and advice against the engine itself: no completion of a half-filled
//! submission scores outside its bounds, both ends are attained (exhaustively over the
//! values that matter, and over random completions), and advice's changes reach their target.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::str::FromStr;
use zonescore::{AdviceAnswer, Bounds, BoundsAnswer, FormField, Ruleset};

mod advice;
mod never;

const RULESETS: [&str; 2] = ["zone-qualification", "annual-assessment"];

fn examples(id: &str) -> Vec<Value> {
    let dir = format!("{}/../rules/examples/{id}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()).collect()
}

/// Every number a rule compares with, read from the rule file's text.
fn constants(id: &str) -> Vec<Decimal> {
    let text = std::fs::read_to_string(format!("{}/../rules/{id}.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut out = Vec::new();
    for marker in ["at_least = ", ">= ", "> ", "< ", "<= ", "== ", "points = ", "cap = "] {
        for (i, _) in text.match_indices(marker) {
            let rest = &text[i + marker.len()..];
            let n: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            if let Ok(d) = Decimal::from_str(n.trim_end_matches('.')) {
                out.push(d);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn set(doc: &mut Value, path: &str, value: Option<Value>) {
    let mut node = doc;
    let parts: Vec<&str> = path.split('.').collect();
    for key in &parts[..parts.len() - 1] {
        let obj = node.as_object_mut().unwrap();
        node = obj.entry(key.to_string()).or_insert_with(|| Value::Object(Map::new()));
    }
    let obj = node.as_object_mut().unwrap();
    match value {
        Some(v) => obj.insert(parts[parts.len() - 1].to_owned(), v),
        None => obj.remove(parts[parts.len() - 1]),
    };
}

fn find(doc: &Value, path: &str) -> Option<Value> {
    path.split('.').try_fold(doc, |node, key| node.get(key)).cloned()
}

/// The values of a field that matter: empty (when optional), its ends, each constant of
/// the rules and one step either side; enum codes; yes and no.
fn values_that_matter(f: &FormField, consts: &[Decimal]) -> Vec<Option<Value>> {
    let mut out: Vec<Option<Value>> = if f.required { Vec::new() } else { vec![None] };
    let ty = format!("{:?}", f.field_type);
    match ty.as_str() {
        "Bool" => out.extend([Some(Value::Bool(false)), Some(Value::Bool(true))]),
        "Enum" => out.extend(f.values.iter().map(|v| Some(Value::String(v.code.clone())))),
        "Text" => out.push(Some(Value::String("x".into()))),
        _ => {
            let whole = ty == "Integer" || ty == "Count";
            let step = if whole { Decimal::ONE } else { Decimal::new(1, 2) };
            let mut nums: Vec<Decimal> = f.min.into_iter().chain(f.max).collect();
            for c in consts {
                nums.extend([*c - step, *c, *c + step]);
            }
            nums.push(Decimal::from(1000));
            nums.retain(|n| f.min.is_none_or(|m| *n >= m) && f.max.is_none_or(|m| *n <= m));
            nums.retain(|n| !whole || n.fract().is_zero());
            nums.sort();
            nums.dedup();
            out.extend(
                nums.into_iter()
                    .map(|n| Some(Value::Number(serde_json::Number::from_str(&n.normalize().to_string()).unwrap()))),
            );
        }
    }
    out
}

fn bounds(rules: &Ruleset, doc: &Value) -> Bounds {
    match rules.bounds_bytes(doc.to_string().as_bytes()) {
        BoundsAnswer::Bounds(b) => b,
        BoundsAnswer::Failure(f) => panic!("{:?}", f.errors),
    }
}

fn dec(s: &Option<String>) -> Option<Decimal> {
    s.as_deref().map(|s| Decimal::from_str(s).unwrap())
}

/// What completions reached: final scores, grades, outcomes, each criterion's points.
#[derive(Default)]
struct Reached {
    finals: Vec<Decimal>,
    grades: std::collections::BTreeSet<String>,
    outcomes: std::collections::BTreeSet<String>,
}

/// Scores a completion and checks it sits inside the bounds.
fn check(rules: &Ruleset, doc: &Value, b: &Bounds, reached: &mut Reached) {
    let Ok(s) = rules.score_summary_bytes(doc.to_string().as_bytes()) else { return };
    let (lo, hi) = (dec(&b.final_score.min).unwrap(), dec(&b.final_score.max).unwrap());
    assert!(lo <= s.final_score && s.final_score <= hi, "{} outside {lo}..{hi}: {doc}", s.final_score);
    assert!(b.grades.contains(&s.grade), "grade {} not in {:?}: {doc}", s.grade, b.grades);
    assert!(b.outcomes.contains(&s.outcome), "outcome {} not in {:?}: {doc}", s.outcome, b.outcomes);
    for (c, p) in b.criteria.iter().zip(&s.points) {
        assert!(
            dec(&c.points.min).is_none_or(|m| m <= *p) && dec(&c.points.max).is_none_or(|m| *p <= m),
            "{} {p}: {doc}",
            c.id
        );
    }
    reached.finals.push(s.final_score);
    reached.grades.insert(s.grade);
    reached.outcomes.insert(s.outcome);
}

/// Both ends are attained: the completions the answer gives score exactly them.
/// Fields the rules do not read (the zone's name) come from `doc`.
fn attained(rules: &Ruleset, doc: &Value, partial: &Value, b: &Bounds) {
    for (completion, end) in [(&b.highest, &b.final_score.max), (&b.lowest, &b.final_score.min)] {
        let mut full = doc.clone();
        for (pointer, value) in completion {
            let dotted = pointer.trim_start_matches('/').replace('/', ".");
            let value = match value {
                Value::Null => None,
                Value::String(s) if Decimal::from_str(s).is_ok() => {
                    Some(Value::Number(serde_json::Number::from_str(s).unwrap()))
                }
                other => Some(other.clone()),
            };
            set(&mut full, &dotted, value);
        }
        let s = rules.score_summary_bytes(full.to_string().as_bytes()).unwrap();
        if b.exact {
            assert_eq!(Some(s.final_score.to_string()), *end, "completion {completion:?} of {partial}");
        }
        let mut reached = Reached::default();
        check(rules, &full, b, &mut reached);
        assert_eq!(reached.finals.len(), 1, "the completion is valid");
    }
}

/// The generator's seed: fixed, or `WHATIF_SEED` to explore other partial submissions.
fn seed(fixed: u64) -> u64 {
    std::env::var("WHATIF_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(fixed)
}

/// A small deterministic generator, so that a failure can be replayed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

#[test]
fn a_complete_submission_is_bounded_by_its_score() {
    for id in RULESETS {
        let rules = Ruleset::bundled(id).unwrap();
        for doc in examples(id) {
            let s = rules.score_summary_bytes(doc.to_string().as_bytes()).unwrap();
            let b = bounds(&rules, &doc);
            let every = rules.form_fields().len();
            let filled = every - b.missing;
            assert!(filled > 0);
            // Optional fields left out of an example are still open.
            if b.missing == 0 {
                assert_eq!(b.final_score.min.as_deref(), Some(s.final_score.to_string().as_str()));
                assert_eq!(b.final_score.min, b.final_score.max);
                assert_eq!(b.grades, vec![s.grade.clone()]);
            }
            if b.missing == 0 {
                assert!(b.exact, "{id}: {doc}");
                let said = format!("各项均已填写：最终得分 {}，等级 {}", s.final_score, s.grade);
                assert_eq!(b.summary.zh, said);
            } else {
                let span = match (&b.final_score.min, &b.final_score.max) {
                    (Some(lo), Some(hi)) if lo == hi => lo.clone(),
                    (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
                    _ => panic!("the final score is bounded: {b:?}"),
                };
                let said = format!("尚有 {} 项未填：最终得分可达 {span}，可能等级 {}", b.missing, b.grades.join("、"));
                assert!(b.summary.zh.starts_with(&said), "{} / {said}", b.summary.zh);
                assert_eq!(b.summary.zh.ends_with("（范围可能偏宽）"), !b.exact);
            }
        }
    }
}

#[test]
fn fields_only_criteria_that_do_not_apply_read_are_not_missing() {
    // 瓯北 has no agricultural or food products: C6 and C7 do not apply, and their optional
    // pass rates are left out.
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let text = include_str!("../../../rules/examples/zone-qualification/oubei-valves-2013.json");
    let b = bounds(&rules, &serde_json::from_str(text).unwrap());
    assert_eq!((b.missing, b.open_fields.len()), (0, 0), "{:?}", b.open_fields);
    let not_applying: Vec<&str> =
        b.criteria.iter().filter(|c| c.applies == zonescore::Settled::No).map(|c| c.id.as_str()).collect();
    assert_eq!(not_applying, ["C6", "C7"]);
    assert!(b.criteria.iter().all(|c| c.applies != zonescore::Settled::No || c.open_fields.is_empty()));
    assert!(b.summary.zh.starts_with("各项均已填写"), "{}", b.summary.zh);
}

#[test]
fn exhaustive_completions_stay_inside_and_reach_both_ends() {
    let mut rng = Lcg(seed(7));
    let mut exact = (0, 0);
    for id in RULESETS {
        let rules = Ruleset::bundled(id).unwrap();
        let consts = constants(id);
        let fields = rules.form_fields();
        for doc in examples(id) {
            for _ in 0..4 {
                // Up to three fields missing: every combination of the values that matter.
                let mut partial = doc.clone();
                let mut open: Vec<&FormField> = Vec::new();
                for _ in 0..3 {
                    let f = &fields[rng.next(fields.len())];
                    if !open.iter().any(|o| o.path == f.path) {
                        set(&mut partial, &f.path, None);
                        open.push(f);
                    }
                }
                let mut options: Vec<Vec<Option<Value>>> =
                    open.iter().map(|f| values_that_matter(f, &consts)).collect();
                // At most 1,500 completions a case, so the test stays quick in a debug build.
                while options.iter().map(Vec::len).product::<usize>() > 1500 {
                    let f = open.pop().unwrap();
                    options.pop();
                    set(&mut partial, &f.path, find(&doc, &f.path));
                }
                let count: usize = options.iter().map(Vec::len).product();
                let b = bounds(&rules, &partial);
                exact.0 += usize::from(b.exact);
                exact.1 += 1;
                let mut reached = Reached::default();
                for mut k in 0..count {
                    let mut full = partial.clone();
                    for (f, vals) in open.iter().zip(&options) {
                        set(&mut full, &f.path, vals[k % vals.len()].clone());
                        k /= vals.len();
                    }
                    check(&rules, &full, &b, &mut reached);
                }
                attained(&rules, &doc, &partial, &b);
            }
        }
    }
    // The bundled rulesets' bounds are exact: every end attained by a scored completion.
    assert_eq!(exact.0, exact.1, "exact in {} of {} partial submissions", exact.0, exact.1);
}

#[test]
fn random_completions_of_half_filled_forms_stay_inside() {
    let mut rng = Lcg(seed(11));
    let mut exact = (0, 0);
    let mut scored = 0;
    for id in RULESETS {
        let rules = Ruleset::bundled(id).unwrap();
        let consts = constants(id);
        let fields = rules.form_fields();
        for doc in examples(id).into_iter().flat_map(|d| [d.clone(), d.clone(), d]) {
            let mut partial = doc.clone();
            let open: Vec<&FormField> = fields.iter().filter(|_| rng.next(2) == 0).collect();
            for f in &open {
                set(&mut partial, &f.path, None);
            }
            let b = bounds(&rules, &partial);
            exact.0 += usize::from(b.exact);
            exact.1 += 1;
            attained(&rules, &doc, &partial, &b);
            let mut reached = Reached::default();
            for _ in 0..300 {
                let mut full = partial.clone();
                for f in &open {
                    let vals = values_that_matter(f, &consts);
                    set(&mut full, &f.path, vals[rng.next(vals.len())].clone());
                }
                check(&rules, &full, &b, &mut reached);
            }
            scored += reached.finals.len();
        }
    }
    assert!(scored > 1000, "only {scored} random completions were valid");
    assert_eq!(exact.0, exact.1, "exact in {} of {} half-filled submissions", exact.0, exact.1);
}

#[test]
fn an_invalid_present_field_fails_as_scoring_does() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let answer = rules.bounds_json(r#"{"quality": {"spot_check_pass_rate_pct": 140}}"#);
    assert!(answer.contains("\"type\":\"failure\"") && answer.contains("out_of_range"), "{answer}");
    assert!(!answer.contains("\"required\""), "{answer}");
    let empty = rules.bounds_json("{}");
    assert!(empty.contains("\"type\":\"bounds\""), "{empty}");
    assert!(rules.bounds_json("").contains("empty_input"));
    assert!(rules.bounds_json(r#"{"zone": {"name": "a", "name": "b"}}"#).contains("duplicate_key"));
}

#[test]
fn advice_reaches_its_target_with_thresholds_of_the_rules() {
    for id in RULESETS {
        let rules = Ruleset::bundled(id).unwrap();
        for doc in examples(id) {
            let AdviceAnswer::Advice(a) = rules.advise(
                &zonescore::input::parse_json(doc.to_string().as_bytes(), 1 << 20, 64).unwrap().value,
                None,
                3,
            ) else {
                panic!("{id}: advice failed")
            };
            assert!(a.options.len() <= 3);
            assert_eq!(a.reachable, a.reached || !a.options.is_empty(), "{id}: {}", a.summary.en);
            let sizes: Vec<usize> = a.options.iter().map(|o| o.changes.len()).collect();
            assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "fewest changes first: {sizes:?}");
            for o in &a.options {
                // Apply the changes and score: the grade must be the target or better.
                let mut changed = doc.clone();
                for c in &o.changes {
                    let dotted = c.path.trim_start_matches('/').replace('/', ".");
                    let value = match &c.to {
                        Value::String(s) if Decimal::from_str(s).is_ok() => {
                            Value::Number(serde_json::Number::from_str(s).unwrap())
                        }
                        other => other.clone(),
                    };
                    set(&mut changed, &dotted, Some(value));
                }
                let s = rules.score_summary_bytes(changed.to_string().as_bytes()).unwrap();
                assert_eq!(s.final_score.to_string(), o.final_score);
                assert_eq!(s.grade, o.grade);
                assert!(o.grade <= a.target, "{id}: {} does not reach {}", o.grade, a.target);
            }
        }
    }
}

#[test]
fn advice_names_the_threshold_and_a_veto_it_cannot_undo() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let text = std::fs::read_to_string(format!(
        "{}/../rules/examples/zone-qualification/oubei-valves-2013.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    // 87.0, grade B; the spot-check pass rate is 94.6, the C1 band edge 95.
    set(&mut doc, "quality.standard_adoption_rate_pct", Some(serde_json::json!(30)));
    set(&mut doc, "organization.self_assessment_submitted", Some(Value::Bool(false)));
    let answer = rules.advise_json(&doc.to_string(), Some("A"), 3);
    let v: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(v["grade"], "B", "{answer}");
    let options = v["options"].as_array().unwrap();
    assert_eq!(options[0]["changes"].as_array().unwrap().len(), 1, "one change suffices: {answer}");
    let changes = options.iter().flat_map(|o| o["changes"].as_array().unwrap().clone());
    let spot: Vec<Value> = changes.filter(|c| c["path"] == "/quality/spot_check_pass_rate_pct").collect();
    assert!(!spot.is_empty(), "{answer}");
    assert!(spot.iter().all(|c| c["from"] == "94.6" && c["to"] == "95" && c["criterion"] == "C1"), "{answer}");

    set(&mut doc, "integrity.major_quality_incidents_3y", Some(serde_json::json!(1)));
    let answer = rules.advise_json(&doc.to_string(), Some("A"), 3);
    let v: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(v["reachable"], false, "{answer}");
    assert_eq!(v["blocked_by"][0]["id"], "V1", "{answer}");
    assert!(v["summary"]["zh"].as_str().unwrap().contains("不可更改"), "{answer}");

    let unknown = rules.advise_json(&text, Some("Z"), 3);
    assert!(unknown.contains("unknown_target") && unknown.contains("named"), "{unknown}");
}

#[test]
fn the_targets_advice_accepts_are_the_grades_then_the_outcomes() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let codes: Vec<(String, String)> = rules.targets().into_iter().map(|t| (t.kind, t.code)).collect();
    let want = [
        ("grade", "A"),
        ("grade", "B"),
        ("grade", "C"),
        ("grade", "D"),
        ("outcome", "ineligible"),
        ("outcome", "named"),
        ("outcome", "not_named"),
    ];
    assert_eq!(codes, want.map(|(k, c)| (k.to_owned(), c.to_owned())));
    assert_eq!(rules.targets()[0].label.zh, "优秀");
    // Every target is one advice accepts.
    let text = std::fs::read_to_string(format!(
        "{}/../rules/examples/zone-qualification/oubei-valves-2013.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    for t in rules.targets() {
        assert!(!rules.advise_json(&text, Some(&t.code), 1).contains("unknown_target"), "{}", t.code);
    }
}

#[test]
fn a_field_is_worth_asking_when_it_moves_the_score_or_decides_a_veto() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let mut doc = examples("zone-qualification").into_iter().next().unwrap();
    set(&mut doc, "integrity.major_quality_incidents_3y", None);
    set(&mut doc, "quality.spot_check_pass_rate_pct", None);
    let b = bounds(&rules, &doc);
    let field = |path: &str| b.open_fields.iter().find(|f| f.path == path).unwrap();
    // A veto moves the grade and the outcome, not the score: swing 0, still worth asking.
    let veto = field("/integrity/major_quality_incidents_3y");
    assert_eq!((veto.swing.as_str(), veto.worth_asking), ("0", true), "{b:?}");
    assert!(b.vetoes.iter().any(|v| v.holds == zonescore::Settled::Open && v.open_fields.contains(&veto.path)));
    let rate = field("/quality/spot_check_pass_rate_pct");
    assert!(rate.worth_asking && rate.swing != "0", "{b:?}");
    // Every field that is not worth asking moves nothing and decides no open check.
    for f in b.open_fields.iter().filter(|f| !f.worth_asking) {
        assert_eq!(f.swing, "0");
        assert!(!b
            .gates
            .iter()
            .chain(&b.vetoes)
            .any(|c| c.holds == zonescore::Settled::Open && c.open_fields.contains(&f.path)));
    }
}

#[test]
fn advice_is_worded_by_its_state() {
    let read = |case: &str| {
        let path = format!("{}/../tests/whatif-cases/{case}/expected.json", env!("CARGO_MANIFEST_DIR"));
        match serde_json::from_slice::<AdviceAnswer>(&std::fs::read(path).unwrap()).unwrap() {
            AdviceAnswer::Advice(a) => a,
            AdviceAnswer::Failure(f) => panic!("{:?}", f.errors),
        }
    };
    let next = read("zq-advise-next-grade");
    assert!(!next.reached && next.reachable && next.best.is_none() && next.best_heading().is_none());
    assert_eq!(next.state_word().zh, "可达到");
    assert_eq!(read("zq-advise-blocked-by-veto").state_word().en, "out of reach");
    // A target out of reach with a best grade within reach: the heading names that grade.
    let far = read("zq-advise-best-within-reach");
    let best = far.best.as_deref().unwrap();
    assert_eq!(far.best_heading().unwrap().en, format!("Best reachable target: {}", best.target));
    assert_eq!(far.best_heading().unwrap().zh, format!("可达到的最好目标：{}", best.target));
}

#[test]
fn grades_reached_only_between_the_two_ends_are_attained_too() {
    // 瓯北 2014 with this year's pass rate and the major-quality-problem veto left blank: the
    // highest completion is grade A, the lowest has the veto fired (D); B and C are reached
    // only by pass rates between, which the search orders by points rather than scoring one
    // by one, so it must score them when nothing else reaches those grades.
    let rules = Ruleset::bundled("annual-assessment").unwrap();
    let mut doc =
        examples("annual-assessment").into_iter().find(|d| d["meta"]["submission_id"] == "YJ-AA-2014-002").unwrap();
    set(&mut doc, "results.spot_check_pass_rate_pct", None);
    set(&mut doc, "integrity.major_quality_problem", None);
    let b = bounds(&rules, &doc);
    assert_eq!((b.final_score.min.as_deref(), b.final_score.max.as_deref()), (Some("76.0"), Some("91.0")));
    assert_eq!(b.grades, ["A", "B", "C", "D"]);
    assert!(b.exact, "{b:?}");
}

#[test]
fn a_step_finer_than_a_decimal_can_count_gives_bounds_not_a_panic() {
    // 10^-28 is a valid step, but the zone output's range holds more such steps than a
    // decimal counts: the crossing of the agglomeration share is not solved, and the bounds
    // (sound, maybe wider) still hold the example's own score.
    // The bundled text is TOML, or JSON in a build without the `toml` feature.
    let (field, format) = if cfg!(feature = "toml") {
        ("path = \"industry.output_10k_cny\"\ntype = \"amount\"\n", zonescore::RuleFormat::Toml)
    } else {
        ("{\"path\":\"industry.output_10k_cny\",\"type\":\"amount\",", zonescore::RuleFormat::Json)
    };
    let step = if cfg!(feature = "toml") { "step = 1e-28\n" } else { "\"step\":\"1e-28\"," };
    let text = zonescore::bundled::text("zone-qualification").unwrap();
    assert!(text.contains(field), "the zone output's declaration moved");
    let rules = Ruleset::from_text(&text.replace(field, &format!("{field}{step}")), Some(format), "fine-step").unwrap();
    let mut doc = examples("zone-qualification").into_iter().next().unwrap();
    let score = rules.score_summary_bytes(doc.to_string().as_bytes()).unwrap().final_score;
    assert!(matches!(rules.advise_bytes(doc.to_string().as_bytes(), None, 3), AdviceAnswer::Advice(_)));
    set(&mut doc, "industry.output_10k_cny", None);
    let b = bounds(&rules, &doc);
    assert!(dec(&b.final_score.min).unwrap() <= score && score <= dec(&b.final_score.max).unwrap(), "{b:?}");
}
