//! The what-if search's shortcuts agree with the plain way, on the bundled rulesets' examples
//! and variants of them: guessed crossings with doubling and bisection, fields read alone
//! ordered by points with scoring every value, climbs started at criteria's ends with climbs
//! from the plain starts; swings read from the sound analysis are never less than a field
//! moves the score when scored value by value; and changes are worded as a form shows them.

use crate::api::Ruleset;
use crate::expr::{Expr, FieldValue};
use crate::input::parse_json;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// The bundled examples of ruleset `id`, in file order, with their paths.
fn examples(id: &str) -> Vec<(std::path::PathBuf, crate::input::Input)> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples").join(id);
    let mut files: Vec<_> = std::fs::read_dir(&folder).expect("the examples").flatten().map(|e| e.path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let input = parse_json(&std::fs::read(&path).expect("an example"), 1 << 20, 64).expect("JSON").value;
            (path, input)
        })
        .collect()
}

#[test]
fn guessed_crossings_agree_with_bisection() {
    let mut compared = 0;
    let mut found = 0;
    for id in ["zone-qualification", "annual-assessment"] {
        let rules = Ruleset::bundled(id).expect("a bundled ruleset");
        let compiled = rules.compiled();
        let atoms = compiled.atoms();
        // Thresholds on computed values, and the fields they read.
        let solved: Vec<_> = atoms
            .iter()
            .flat_map(|a| a.fields.iter().map(move |&f| (a, f)))
            .filter(|(a, f)| a.expr != Expr::Field(*f))
            .filter(|(_, f)| compiled.fields.get(*f).is_some_and(|x| x.decl.field_type.is_numeric()))
            .collect();
        let read: BTreeSet<usize> = solved.iter().flat_map(|(a, _)| a.fields.iter().copied()).collect();
        for (path, input) in examples(id) {
            let base = compiled.check_partial(&input).expect("a valid example");
            // The example, and each field a threshold reads at 0, at its lowest, missing and
            // well above its value (the others as they are).
            let mut records = vec![base.clone()];
            for &g in &read {
                let Some(Some(FieldValue::Number(n))) = base.get(g) else { continue };
                let low = compiled.fields.get(g).and_then(|x| x.min).unwrap_or(Decimal::ZERO);
                let high = n * Decimal::from(7) + Decimal::from(3);
                let high = compiled.fields.get(g).and_then(|x| x.max).map_or(high, |m| high.min(m));
                for v in [Some(Decimal::ZERO), Some(low), None, Some(high)] {
                    let mut r = base.clone();
                    r[g] = v.map(FieldValue::Number);
                    records.push(r);
                }
            }
            for record in &records {
                for &(atom, f) in &solved {
                    let guessed = compiled.crossing(&mut compiled.completed(record), f, atom, true);
                    let bisected = compiled.crossing(&mut compiled.completed(record), f, atom, false);
                    assert_eq!(guessed, bisected, "{id} {} field {f} at {}", path.display(), atom.at);
                    compared += 1;
                    found += usize::from(guessed.is_some());
                }
            }
        }
    }
    // Enough crossings compared, and most of them found (not all `None` alike).
    assert!(compared > 1000 && found * 2 > compared, "{compared} compared, {found} found");
}

#[test]
fn a_change_is_worded_as_the_form_shows_its_values() {
    use super::advice_words::shown;
    use crate::model::Text;
    let rules = Ruleset::bundled("zone-qualification").expect("a bundled ruleset");
    let compiled = rules.compiled();
    let decl = |pointer: &str| &compiled.fields.iter().find(|f| f.pointer == pointer).expect(pointer).decl;
    let brand = decl("/bonus/national_brand_zone");
    assert_eq!(shown(brand, &serde_json::json!("preparing")), Text::new("筹建", "Preparing"));
    // A code the declaration does not list (never proposed, but never lost either).
    assert_eq!(shown(brand, &serde_json::json!("other")), Text::new("other", "other"));
    assert_eq!(shown(brand, &serde_json::Value::Null), Text::new("未填写", "blank"));
    let rate = decl("/quality/spot_check_pass_rate_pct");
    assert_eq!(shown(rate, &serde_json::json!("94.6")), Text::new("94.6", "94.6"));
    let flag =
        compiled.fields.iter().find(|f| f.decl.field_type == crate::model::FieldType::Bool).expect("a yes/no field");
    assert_eq!(shown(&flag.decl, &serde_json::json!(true)), Text::new("是", "yes"));
    assert_eq!(shown(&flag.decl, &serde_json::json!(false)), Text::new("否", "no"));
}

#[test]
fn fields_read_alone_ordered_by_points_end_where_scoring_every_value_ends() {
    use super::search::{Search, Start};
    use crate::input::Input;
    let mut compared = 0;
    let mut alone = 0;
    let mut at_ends = 0;
    for id in ["zone-qualification", "annual-assessment"] {
        let rules = Ruleset::bundled(id).expect("a bundled ruleset");
        let compiled = rules.compiled();
        let atoms = compiled.atoms();
        let read: BTreeSet<usize> = compiled.units().iter().flat_map(|(_, fields)| fields.iter().copied()).collect();
        for (path, input) in examples(id) {
            let Input::Object(members) = &input else { panic!("an object") };
            let groups: Vec<&String> = members.iter().map(|(k, _)| k).collect();
            // Each group left blank, and every other group left blank.
            let mut partial: Vec<Input> = Vec::new();
            for g in &groups {
                let mut one = input.clone();
                one.set(g, None);
                partial.push(one);
            }
            let mut half = input.clone();
            groups.iter().step_by(2).for_each(|g| half.set(g, None));
            partial.push(half);
            for input in &partial {
                let record = compiled.check_partial(input).expect("valid present fields");
                let free: Vec<usize> = read.iter().copied().filter(|&f| record[f].is_none()).collect();
                let open: Vec<bool> = record.iter().map(Option::is_none).collect();
                let sound = compiled.sound(&record, &open, atoms);
                // Shortcuts: fields read alone ordered by points; climbs that start with them
                // at their ends (`Search::end`).
                let ends = |shortcut: bool, at_ends: bool| {
                    let mut search = Search::new(compiled, atoms, free.clone(), &record);
                    if !shortcut {
                        search.shortcut = false;
                    }
                    let mut found = Vec::new();
                    let mut settled = 0;
                    for high in [true, false] {
                        let end = if at_ends {
                            let end = search.end(&sound, &record, high);
                            settled += search.starts.iter().filter(|s| **s != Start::Climb).count();
                            end
                        } else {
                            let start = search.start(&record, !high);
                            search.climb(start, high)
                        };
                        let end = end.expect("a completion");
                        found.push((end.0.clone(), end.1.final_score));
                    }
                    (found, free.iter().filter(|&&f| search.alone(f).is_some()).count(), settled)
                };
                let plain = ends(false, false).0;
                let (quick, some, _) = ends(true, false);
                assert_eq!(quick, plain, "{id} {}", path.display());
                // Started at the ends, a climb stops once nothing can beat it on final score or
                // blows: it ends at the same final scores, not always at the same completion.
                let (started, _, settled) = ends(true, true);
                let scores = |found: &[(super::record::Record, Decimal)]| found.iter().map(|f| f.1).collect::<Vec<_>>();
                assert_eq!(scores(&started), scores(&plain), "{id} {}: climbs started at the ends", path.display());
                compared += 1;
                alone += some;
                at_ends += settled;
            }
        }
    }
    assert!(
        compared > 50 && alone > 100 && at_ends > 100,
        "{compared} compared, {alone} fields read alone, {at_ends} started at their ends"
    );
}

#[test]
fn a_target_already_passed_is_said_as_it_is() {
    let rules = Ruleset::bundled("zone-qualification").expect("a bundled ruleset");
    let (_, oubei) =
        examples("zone-qualification").into_iter().find(|(p, _)| p.ends_with("oubei-valves-2013.json")).expect("瓯北");
    let summary = |target: &str| match rules.advise(&oubei, Some(target), 3) {
        super::AdviceAnswer::Advice(a) => (a.reached, a.summary),
        other => panic!("{other:?}"),
    };
    let (reached, below) = summary("C");
    assert!(reached);
    // Not "already Pass": the zone is Excellent.
    assert_eq!(below.zh, "已达到优秀（A，91.0分）");
    assert_eq!(below.en, "Already Excellent (A, 91.0)");
    let (_, same) = summary("A");
    assert_eq!(same.en, "Already Excellent (A, 91.0)");
}

#[test]
fn no_field_alone_moves_the_score_further_than_its_swing() {
    // From each completion shown, every value of an open field (its candidates stand for
    // all) moves the final score by at most the field's swing; somewhere by exactly it.
    let (mut checked, mut moved, mut tight) = (0, 0, 0);
    for id in ["zone-qualification", "annual-assessment"] {
        let rules = Ruleset::bundled(id).expect("a bundled ruleset");
        let compiled = rules.compiled();
        for (path, input) in examples(id) {
            let crate::input::Input::Object(members) = &input else { panic!("an object") };
            let groups: Vec<&String> = members.iter().map(|(k, _)| k).collect();
            let mut partial: Vec<crate::input::Input> = Vec::new();
            for g in &groups {
                let mut one = input.clone();
                one.set(g, None);
                partial.push(one);
            }
            for input in &partial {
                let record = compiled.check_partial(input).expect("valid present fields");
                let bounds = compiled.bounds_of(record.clone());
                let place = |pointer: &str| compiled.fields.iter().position(|f| f.pointer == pointer);
                for end in [&bounds.highest, &bounds.lowest] {
                    let mut completed = record.clone();
                    for (pointer, value) in end {
                        let Some(f) = place(pointer) else { panic!("{pointer} is a field") };
                        completed[f] = match value {
                            serde_json::Value::Null => None,
                            serde_json::Value::Bool(b) => Some(FieldValue::Bool(*b)),
                            serde_json::Value::String(s) if compiled.fields[f].decl.field_type.is_numeric() => {
                                Some(FieldValue::Number(s.parse().expect("a decimal")))
                            }
                            serde_json::Value::String(s) => Some(FieldValue::Text(s.clone())),
                            other => panic!("{other}"),
                        };
                    }
                    let score = |r: &super::record::Record| {
                        let sub = compiled.completed(r);
                        compiled.evaluate_scores(&sub, false).0.final_score
                    };
                    let at = score(&completed);
                    for open in &bounds.open_fields {
                        let f = place(&open.path).expect("a field");
                        let swing: Decimal = open.swing.parse().expect("a decimal");
                        let (mut lo, mut hi) = (at, at);
                        for v in compiled.candidates(&completed, f, compiled.atoms()) {
                            let mut trial = completed.clone();
                            trial[f] = v;
                            if compiled.constraints_hold(&trial) {
                                let s = score(&trial);
                                (lo, hi) = (lo.min(s), hi.max(s));
                            }
                        }
                        let span = hi - lo;
                        assert!(span <= swing, "{id} {}: {} moves {span}, swing {swing}", path.display(), open.path);
                        checked += 1;
                        moved += usize::from(span > Decimal::ZERO);
                        tight += usize::from(span == swing && span > Decimal::ZERO);
                    }
                }
            }
        }
    }
    assert!(checked > 500 && moved > 100 && tight > 50, "{checked} checked, {moved} moved, {tight} at their swing");
}

#[test]
fn the_first_options_do_not_change_with_how_many_are_asked_for() {
    for id in ["zone-qualification", "annual-assessment"] {
        let rules = Ruleset::bundled(id).expect("a bundled ruleset");
        for (path, input) in examples(id) {
            for target in [None, Some("A")] {
                let options = |n: usize| match rules.advise(&input, target, n) {
                    super::AdviceAnswer::Advice(a) => (a.options, a.summary),
                    other => panic!("{path:?} {target:?}: {other:?}"),
                };
                let (most, said) = options(6);
                for n in [1, 3] {
                    let (few, summary) = options(n);
                    assert_eq!(few[..], most[..n.min(most.len())], "{path:?} {target:?} {n}");
                    assert_eq!(summary, said, "{path:?} {target:?} {n}");
                }
            }
        }
    }
}
