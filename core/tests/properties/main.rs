//! Properties that hold on every input, over generated submissions of both bundled
//! rulesets (and generated rule files, in `rulegen`): no panic, the same numbers by every
//! path, scores within bounds, monotone bands, sentences that agree with their numbers,
//! stable canonical JSON, the same score however the JSON is spelt, and score bounds of
//! half-filled submissions that hold for every completion.
//!
//! Each property runs 1,000 cases per ruleset; `PROPTEST_CASES=100000 cargo test --release
//! -p zonescore --test properties` runs more.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

mod gen;
mod rulegen;

use gen::{Change, Kind, Leaf, Spelling};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::OnceLock;
use zonescore::{Answer, Input, Report, Ruleset, Status};

/// Cases per property and ruleset: `PROPTEST_CASES`, or 1,000.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(1000);
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// A bundled ruleset with what the generator needs to know about it.
struct Bundle {
    rules: Ruleset,
    leaves: Vec<Leaf>,
    near: Vec<Decimal>,
    examples: Vec<Input>,
    /// Leaves read only as the value of `at_least` bands: raising them never costs points.
    monotone: Vec<usize>,
}

fn bundle(id: &str) -> &'static Bundle {
    static CACHE: [OnceLock<Bundle>; 2] = [OnceLock::new(), OnceLock::new()];
    let slot = zonescore::bundled::IDS.iter().position(|i| *i == id).unwrap();
    CACHE[slot].get_or_init(|| {
        let rules = Ruleset::bundled(id).unwrap();
        let text = zonescore::bundled::text(id).unwrap();
        let leaves = gen::leaves(&rules);
        let monotone = monotone_leaves(text, &leaves);
        Bundle { near: gen::thresholds(text), examples: gen::examples(&rules), monotone, leaves, rules }
    })
}

/// Leaves whose every mention in the rule file is the whole `value` of a `bands` part.
fn monotone_leaves(rule_text: &str, leaves: &[Leaf]) -> Vec<usize> {
    fn walk(v: &toml::Value, out: &mut Vec<(String, bool)>) {
        match v {
            toml::Value::Table(t) => {
                let is_bands = t.get("kind").and_then(|k| k.as_str()) == Some("bands");
                for (k, child) in t {
                    match child.as_str() {
                        Some(s)
                            if ["when", "fires_when", "applies_when", "requires", "expr", "value", "left", "right"]
                                .contains(&k.as_str()) =>
                        {
                            out.push((s.to_owned(), is_bands && k == "value"));
                        }
                        _ => walk(child, out),
                    }
                }
            }
            toml::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut exprs = Vec::new();
    walk(&toml::from_str(rule_text).unwrap(), &mut exprs);
    let mentions = |expr: &str, name: &str| {
        expr.match_indices(name).any(|(at, _)| {
            let before = expr[..at].chars().next_back();
            let after = expr[at + name.len()..].chars().next();
            let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
            !part(before) && !part(after)
        })
    };
    let numbers = leaves.iter().enumerate().filter(|(_, l)| matches!(l.kind, Kind::Number { .. }));
    numbers
        .filter(|(_, l)| {
            let name = l.path.join(".");
            let uses: Vec<&(String, bool)> = exprs.iter().filter(|(e, _)| mentions(e, &name)).collect();
            !uses.is_empty() && uses.iter().all(|(e, bands)| *bands && *e == name)
        })
        .map(|(i, _)| i)
        .collect()
}

/// A submission: a bundled example with up to 8 fields changed.
fn submission(b: &'static Bundle) -> impl Strategy<Value = Input> {
    let change =
        (0..b.leaves.len()).prop_flat_map(move |i| gen::change(&b.leaves[i].kind, &b.near).prop_map(move |c| (i, c)));
    (0..b.examples.len(), proptest::collection::vec(change, 0..8)).prop_map(move |(e, changes)| {
        let mut tree = b.examples[e].clone();
        for (i, c) in &changes {
            gen::apply(&mut tree, &b.leaves[*i].path, c);
        }
        tree
    })
}

fn report(a: Answer) -> Option<Report> {
    match a {
        Answer::Success(r) => Some(r),
        Answer::Failure(_) => None,
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// No panic; a failure has at least one error; JSON text and the tree give the same bytes;
/// the numbers-only path gives the report's numbers; canonical JSON is stable.
fn same_answer_by_every_path(rules: &Ruleset, tree: &Input) -> Result<(), TestCaseError> {
    let answer = rules.score(tree);
    let text = gen::to_json(tree, Spelling { reverse_keys: false, spaced: false, numbers: 0 });
    let from_text = rules.score_json(&text);
    prop_assert_eq!(&zonescore::canonical(&answer), &from_text);
    prop_assert_eq!(&rules.score_json(&text), &from_text, "the same bytes twice");
    // The text is written straight from the evaluation; in one language too.
    for lang in [zonescore::Lang::Zh, zonescore::Lang::En] {
        let options = zonescore::ScoreOptions { detail: zonescore::Detail::Full, lang };
        prop_assert_eq!(answer.to_json(lang), rules.score_json_with(&text, &options));
    }
    for detail in [zonescore::Detail::Numbers, zonescore::Detail::Reasons] {
        let options = zonescore::ScoreOptions { detail, lang: zonescore::Lang::Both };
        prop_assert_eq!(zonescore::canonical(&rules.brief(tree, detail)), rules.score_json_with(&text, &options));
    }
    // Numbers only, the compiled plan decides each criterion: the same points, status,
    // applicability and missing fields as the expressions in the explained answer.
    if let (Answer::Success(r), zonescore::BriefAnswer::Success(b)) =
        (&answer, rules.brief(tree, zonescore::Detail::Numbers))
    {
        let full = r.criteria.iter().chain(&r.bonus_items);
        for (c, n) in full.zip(b.criteria.iter().chain(&b.bonus_items)) {
            prop_assert_eq!(
                (c.points.as_str(), c.status, c.applicable, &c.missing),
                (n.points.as_str(), n.status, n.applicable, &n.missing),
                "{}",
                c.id
            );
        }
        prop_assert_eq!((r.gates.len(), r.vetoes.len()), (b.gates.len(), b.vetoes.len()));
        for (g, n) in r.gates.iter().zip(&b.gates) {
            prop_assert_eq!((g.passed, &g.missing), (n.passed, &n.missing), "{}", g.id);
        }
        for (v, n) in r.vetoes.iter().zip(&b.vetoes) {
            prop_assert_eq!((v.fired, &v.missing), (n.fired, &n.missing), "{}", v.id);
        }
    }
    let reparsed: Answer = serde_json::from_str(&from_text).unwrap();
    prop_assert_eq!(&zonescore::canonical(&reparsed), &from_text, "canonical JSON round-trips");
    match (answer, rules.score_summary(tree)) {
        (Answer::Failure(f), Err(g)) => {
            prop_assert!(!f.errors.is_empty(), "a failure names its errors");
            prop_assert_eq!(f, g);
        }
        (Answer::Success(r), Ok(s)) => {
            prop_assert_eq!(s.final_score.to_string(), r.final_score.clone());
            prop_assert_eq!((s.grade.as_str(), s.outcome.as_str()), (&*r.grade, &*r.outcome));
            let points: Vec<Decimal> = r.criteria.iter().chain(&r.bonus_items).map(|c| dec(&c.points)).collect();
            prop_assert_eq!(s.points, points);
            let statuses: Vec<zonescore::Status> = r.criteria.iter().chain(&r.bonus_items).map(|c| c.status).collect();
            prop_assert_eq!(s.statuses, statuses);
            prop_assert_eq!(s.warnings, r.warnings, "the warnings of both answers");
            prop_assert_eq!(s.gates, r.gates.iter().map(|g| g.passed).collect::<Vec<_>>());
            prop_assert_eq!(s.vetoes, r.vetoes.iter().map(|v| v.fired).collect::<Vec<_>>());
        }
        (a, s) => prop_assert!(false, "explained {a:?} but numbers-only {s:?}"),
    }
    Ok(())
}

/// The final score within [0, max], each criterion within [0, max], the bonus within its cap.
fn within_bounds(rules: &Ruleset, tree: &Input, cap: Decimal, max: Option<Decimal>) -> Result<(), TestCaseError> {
    let Some(r) = report(rules.score(tree)) else { return Ok(()) };
    let score = dec(&r.final_score);
    prop_assert!(score >= Decimal::ZERO && max.is_none_or(|m| score <= m), "final {score}");
    for c in r.criteria.iter().chain(&r.bonus_items) {
        let points = dec(&c.points);
        prop_assert!(points >= Decimal::ZERO, "{} earns {points}", c.id);
        if let Some(max) = &c.max {
            prop_assert!(points <= dec(max), "{} earns {points} of {max}", c.id);
        }
    }
    prop_assert!(dec(&r.bonus_counted) <= cap && dec(&r.bonus_counted) <= dec(&r.bonus).max(Decimal::ZERO));
    let earned: Decimal = r.criteria.iter().filter(|c| c.applicable).map(|c| dec(&c.points)).sum();
    prop_assert_eq!(earned, dec(&r.earned));
    Ok(())
}

/// `partial` with every member it lacks (or holds `null`) taken from `other`.
fn complete_with(partial: &Input, other: &Input) -> Input {
    match (partial, other) {
        (Input::Object(mine), Input::Object(theirs)) => {
            let mut out: Vec<(String, Input)> = mine
                .iter()
                .map(|(k, v)| match theirs.iter().find(|(t, _)| t == k) {
                    Some((_, o)) if matches!(v, Input::Null | Input::Object(_)) => (k.clone(), complete_with(v, o)),
                    _ => (k.clone(), v.clone()),
                })
                .collect();
            for (k, v) in theirs {
                if !mine.iter().any(|(m, _)| m == k) {
                    out.push((k.clone(), v.clone()));
                }
            }
            Input::Object(out)
        }
        (Input::Null, o) => o.clone(),
        (p, _) => p.clone(),
    }
}

/// Score bounds are sound for any rule file: completing a submission's missing fields from
/// the other submissions never scores outside its bounds, nor reaches a grade, outcome or a
/// criterion's points it rules out; a complete submission is bounded by its own score.
fn bounds_hold(rules: &Ruleset, subs: &[Input]) -> Result<(), TestCaseError> {
    let inside = |v: Decimal, span: &zonescore::Span| {
        span.min.as_deref().is_none_or(|m| dec(m) <= v) && span.max.as_deref().is_none_or(|m| v <= dec(m))
    };
    for partial in subs {
        let zonescore::BoundsAnswer::Bounds(b) = rules.bounds(partial) else { continue };
        for other in subs.iter().chain(std::iter::once(partial)) {
            let full = complete_with(partial, other);
            let Ok(s) = rules.score_summary(&full) else { continue };
            prop_assert!(inside(s.final_score, &b.final_score), "{} outside {:?}", s.final_score, b.final_score);
            prop_assert!(b.grades.contains(&s.grade), "grade {} not in {:?}", s.grade, b.grades);
            prop_assert!(b.outcomes.contains(&s.outcome), "outcome {} not in {:?}", s.outcome, b.outcomes);
            for (c, p) in b.criteria.iter().zip(&s.points) {
                prop_assert!(inside(*p, &c.points), "{} earns {p} outside {:?}", c.id, c.points);
            }
            if b.missing == 0 {
                prop_assert_eq!(b.final_score.min.clone(), Some(s.final_score.to_string()));
                prop_assert_eq!(&b.final_score.min, &b.final_score.max);
            }
        }
    }
    Ok(())
}

fn bonus_cap(rule_text: &str) -> Option<Decimal> {
    let rules: toml::Value = toml::from_str(rule_text).ok()?;
    let cap = rules.get("bonus")?.get("cap")?;
    cap.as_integer().map(Decimal::from).or_else(|| cap.as_float().and_then(|f| Decimal::from_str(&f.to_string()).ok()))
}

/// Every sentence agrees with its numbers.
fn explanations_agree(rules: &Ruleset, tree: &Input) -> Result<(), TestCaseError> {
    let Some(r) = report(rules.score(tree)) else { return Ok(()) };
    for c in r.criteria.iter().chain(&r.bonus_items) {
        let points = dec(&c.points);
        for p in &c.parts {
            // A weighted sum counts the terms it has: `A 3 × 1 + B（缺少）× 1 = 3，计3分`.
            let weighted = p.reason.zh().contains(" = ");
            let earned = if weighted { "计" } else { "得" };
            if dec(&p.points) > Decimal::ZERO {
                prop_assert!(p.counted && (weighted || p.gap.is_none()), "{}: earned points with a gap", c.id);
                prop_assert!(p.reason.zh().contains(&format!("{earned}{}分", p.points)), "{}: {}", c.id, p.reason.zh());
                for bad in ["缺少证明材料", "不得分", "前提条件不满足", "无法计算"] {
                    prop_assert!(!p.reason.zh().contains(bad), "{}: {}", c.id, p.reason.zh());
                }
                prop_assert!(!p.reason.en().contains("missing evidence"), "{}", p.reason.en());
            }
            if let (Some(v), None) = (&p.value, &p.gap) {
                let digits = v.trim_start_matches('-').len();
                let shown = match Decimal::from_str(v).map(|d| d.normalize()) {
                    // Whole digits beyond what a decimal shows: `约为1.99×10^28`.
                    _ if !v.contains('.') && digits > 28 && !p.reason.zh().contains(v.as_str()) => {
                        format!("×10^{}", digits - 1)
                    }
                    _ if v == "true" => "是".to_owned(),
                    _ if v == "false" => "否".to_owned(),
                    // A value of up to 4 places is shown as it is; longer ones cut to 2 (约为).
                    Ok(d) if d.scale() <= 4 => d.to_string(),
                    Ok(d) => {
                        let cut = d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero).normalize();
                        if weighted {
                            format!("≈{cut}")
                        } else {
                            format!("约为{cut}")
                        }
                    }
                    Err(_) => v.to_string(),
                };
                prop_assert!(p.reason.zh().contains(&shown), "{} shows {v} as {}", c.id, p.reason.zh());
            }
            if p.gap.is_some() && !weighted {
                prop_assert!(p.value.is_none() && dec(&p.points).is_zero(), "{}: a gap with a value or points", c.id);
            }
        }
        match c.status {
            Status::Met => prop_assert!(
                c.max.as_deref().is_none_or(|m| points >= dec(m))
                    && (points > Decimal::ZERO || c.max.as_deref().map(dec) == Some(Decimal::ZERO))
            ),
            Status::NotMet => prop_assert!(points.is_zero() && c.missing.is_empty()),
            Status::MissingEvidence => prop_assert!(!c.missing.is_empty()),
            Status::PartlyMet => prop_assert!(points > Decimal::ZERO),
            Status::NotApplicable => prop_assert!(!c.applicable && points.is_zero()),
        }
        if c.applicable && !c.reason.zh().contains("按满分") {
            prop_assert!(c.reason.zh().contains(&format!("共得{}分", c.points)), "{}: {}", c.id, c.reason.zh());
        }
    }
    Ok(())
}

/// Raising a field read only by `at_least` bands never lowers a criterion or the score.
fn monotone(b: &Bundle, tree: &Input, leaf: usize, by: Decimal) -> Result<(), TestCaseError> {
    let path = &b.leaves[leaf].path;
    let mut current = tree;
    for key in path {
        match current.get(key) {
            Some(v) => current = v,
            None => return Ok(()),
        }
    }
    let Input::Number(text) = current else { return Ok(()) };
    let raised = (dec(text) + by).normalize().to_string();
    let mut higher = tree.clone();
    gen::apply(&mut higher, path, &Change::Set(Input::Number(raised)));
    let (Some(low), Some(high)) = (report(b.rules.score(tree)), report(b.rules.score(&higher))) else { return Ok(()) };
    for (l, h) in low.criteria.iter().chain(&low.bonus_items).zip(high.criteria.iter().chain(&high.bonus_items)) {
        prop_assert!(
            dec(&h.points) >= dec(&l.points),
            "{}: {} → {} raising {}",
            l.id,
            l.points,
            h.points,
            path.join(".")
        );
    }
    prop_assert!(dec(&high.final_score) >= dec(&low.final_score));
    Ok(())
}

/// Keys in another order, other whitespace, a BOM and numbers spelt otherwise score alike.
fn spelling_does_not_matter(b: &Bundle, tree: &Input, how: Spelling, bom: bool) -> Result<(), TestCaseError> {
    let plain = b.rules.score_json(&gen::to_json(tree, Spelling { reverse_keys: false, spaced: false, numbers: 0 }));
    let mut text = gen::to_json(tree, how).into_bytes();
    if bom {
        text.splice(0..0, "\u{feff}".bytes());
    }
    let other = zonescore::canonical(&b.rules.score_bytes(&text));
    match (serde_json::from_str::<Answer>(&plain).unwrap(), serde_json::from_str::<Answer>(&other).unwrap()) {
        (Answer::Success(_), Answer::Success(_)) => prop_assert_eq!(plain, other),
        // Errors may quote the text as written; their codes and places must agree.
        (Answer::Failure(x), Answer::Failure(y)) => {
            let key =
                |f: &zonescore::Failure| f.errors.iter().map(|e| (e.code.clone(), e.path.clone())).collect::<Vec<_>>();
            prop_assert_eq!(key(&x), key(&y));
        }
        (x, y) => prop_assert!(false, "{how:?} changed {x:?} into {y:?}"),
    }
    Ok(())
}

macro_rules! properties_of {
    ($module:ident, $id:literal) => {
        mod $module {
            use super::*;

            proptest! {
                #![proptest_config(config())]

                #[test]
                fn the_same_answer_by_every_path(tree in submission(bundle($id))) {
                    same_answer_by_every_path(&bundle($id).rules, &tree)?;
                }

                #[test]
                fn scores_stay_within_bounds(tree in submission(bundle($id))) {
                    let cap = bonus_cap(zonescore::bundled::text($id).unwrap()).unwrap_or(Decimal::ZERO);
                    within_bounds(&bundle($id).rules, &tree, cap, Some(Decimal::ONE_HUNDRED))?;
                }

                #[test]
                fn explanations_agree_with_numbers(tree in submission(bundle($id))) {
                    explanations_agree(&bundle($id).rules, &tree)?;
                }

                #[test]
                fn raising_an_at_least_field_never_costs_points(
                    tree in submission(bundle($id)),
                    pick in any::<prop::sample::Index>(),
                    by in prop_oneof![Just(Decimal::new(1, 2)), Just(Decimal::ONE), (1u32..50).prop_map(Decimal::from)],
                ) {
                    let b = bundle($id);
                    prop_assert!(!b.monotone.is_empty());
                    monotone(b, &tree, b.monotone[pick.index(b.monotone.len())], by)?;
                }

                #[test]
                fn spelling_does_not_change_the_answer(tree in submission(bundle($id)), how in gen::spelling(), bom in any::<bool>()) {
                    spelling_does_not_matter(bundle($id), &tree, how, bom)?;
                }
            }
        }
    };
}

properties_of!(zone_qualification, "zone-qualification");
properties_of!(annual_assessment, "annual-assessment");

/// Generated rule files with a handful of submissions each.
fn generated() -> impl Strategy<Value = (rulegen::GenRules, Vec<Input>)> {
    rulegen::rules().prop_flat_map(|g| {
        let subs = proptest::collection::vec(rulegen::submission(g.numbers), 5);
        (Just(g), subs)
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_rules_keep_every_property((g, subs) in generated()) {
        let rules = Ruleset::from_text(&g.text, None, "generated.toml");
        let rules = match rules {
            Ok(r) => r,
            Err(e) => return Err(TestCaseError::fail(format!("{e}\n{}", g.text))),
        };
        for tree in &subs {
            same_answer_by_every_path(&rules, tree)?;
            within_bounds(&rules, tree, g.bonus_cap, g.final_max)?;
            explanations_agree(&rules, tree)?;
        }
        bounds_hold(&rules, &subs)?;
    }
}

#[test]
fn the_generator_reaches_valid_and_invalid_submissions_and_every_grade() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for id in zonescore::bundled::IDS {
        let b = bundle(id);
        let strategy = submission(b);
        let (mut valid, mut grades) = (0, std::collections::BTreeSet::new());
        for _ in 0..300 {
            if let Some(r) = report(b.rules.score(&strategy.new_tree(&mut runner).unwrap().current())) {
                valid += 1;
                grades.insert(r.grade);
            }
        }
        assert!((100..300).contains(&valid), "{id}: {valid} of 300 valid");
        assert!(grades.len() >= 3, "{id}: grades {grades:?}");
        assert!(b.monotone.len() >= 3, "{id}: monotone fields {:?}", b.monotone);
    }
}
