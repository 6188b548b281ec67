//! Target 5, `whatif`: score bounds of partial submissions and advice on whole ones, under the
//! bundled rule files and mutated ones.

use super::submissions::near_valid;
use super::*;
use zonescore::{AdviceAnswer, BoundsAnswer, Span};

// ───────────────────────── Target 5: whatif ─────────────────────────

/// First byte: bit 0 clear = a bundled ruleset, set = one to four edits of its TOML (as
/// `compile_rules` makes them); bit 1 picks the ruleset. The rest generates a near-valid
/// submission (as `score_submission` does), of which some fields are then left out.
///
/// Asserts: no panic; `bounds` and `bounds_json` (`advise` and `advise_json`) give the same
/// bytes where JSON can carry the submission, and both fail where it cannot; the whole
/// submission is one completion of the partial one, so when it scores, its final score,
/// grade, outcome and every criterion's points lie inside the bounds (a complete one is
/// bounded by its score); advice on the whole submission is a failure or offers options that
/// each score, once applied, the final score, grade and outcome they claim.
pub fn whatif(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Some(k) = known().get(usize::from(first >> 1 & 1)) else {
        return;
    };
    let mut u = Unstructured::new(rest);
    let mutated;
    let rules = if first & 1 == 0 {
        &k.rules
    } else {
        let Ok(text) = super::rules::mutate(&mut u, k.toml) else {
            return;
        };
        match Ruleset::from_text(&text, Some(RuleFormat::Toml), "fuzz") {
            Ok(r) => {
                mutated = r;
                &mutated
            }
            Err(_) => return,
        }
    };
    let Ok(whole) = near_valid(&mut u, k, true) else {
        return;
    };
    let Ok(partial) = leave_out(&mut u, &whole) else {
        return;
    };
    check_bounds(rules, &whole, &partial);
    let targets = rules.targets();
    let target = u.choose_index(targets.len() + 1).ok().and_then(|i| targets.get(i)).map(|t| t.code.as_str());
    check_advice(rules, &whole, target);
}

/// `tree` with each leaf left out or kept, as the fuzzer says.
fn leave_out(u: &mut Unstructured, tree: &Input) -> ArbResult<Input> {
    let Input::Object(members) = tree else {
        return Ok(tree.clone());
    };
    let mut out = Vec::with_capacity(members.len());
    for (key, value) in members {
        match value {
            Input::Object(_) => out.push((key.clone(), leave_out(u, value)?)),
            _ if u.arbitrary::<bool>()? => out.push((key.clone(), value.clone())),
            _ => {}
        }
    }
    Ok(Input::Object(out))
}

fn check_bounds(rules: &Ruleset, whole: &Input, partial: &Input) {
    let answer = rules.bounds(partial);
    let json = to_json(partial);
    let text = rules.bounds_json(&json);
    let parsed: Value = serde_json::from_str(&text).expect("bounds_json gives JSON");
    let kind = parsed.get("type").and_then(Value::as_str);
    if json_carries(partial, &json) {
        assert_eq!(zonescore::canonical(&answer), text, "bounds and bounds_json differ for {json}");
    } else {
        let failed = matches!(answer, BoundsAnswer::Failure(_)) && kind == Some("failure");
        assert!(failed, "a submission JSON cannot carry was bounded: {json}");
    }
    let BoundsAnswer::Bounds(b) = answer else {
        assert_eq!(kind, Some("failure"), "bounds failed but bounds_json did not: {text}");
        return;
    };
    assert_eq!(kind, Some("bounds"), "bounds answered but bounds_json did not: {text}");
    let Ok(s) = rules.score_summary(whole) else {
        return;
    };
    let inside = |v: Decimal, span: &Span| {
        span.min.as_deref().is_none_or(|m| dec(m) <= v) && span.max.as_deref().is_none_or(|m| v <= dec(m))
    };
    assert!(inside(s.final_score, &b.final_score), "final score {} outside {:?}", s.final_score, b.final_score);
    assert!(b.grades.contains(&s.grade), "grade {} not in {:?}", s.grade, b.grades);
    assert!(b.outcomes.contains(&s.outcome), "outcome {} not in {:?}", s.outcome, b.outcomes);
    for (c, p) in b.criteria.iter().zip(&s.points) {
        assert!(inside(*p, &c.points), "{} earns {p}, outside {:?}", c.id, c.points);
    }
    if b.missing == 0 {
        let score = Some(s.final_score.to_string());
        assert!(b.final_score.min == score && b.final_score.max == score, "complete: {:?}", b.final_score);
    }
}

fn check_advice(rules: &Ruleset, whole: &Input, target: Option<&str>) {
    let json = to_json(whole);
    let text = rules.advise_json(&json, target, 3);
    let parsed: Value = serde_json::from_str(&text).expect("advise_json gives JSON");
    let answer = rules.advise(whole, target, 3);
    if json_carries(whole, &json) {
        assert_eq!(zonescore::canonical(&answer), text, "advise and advise_json differ for {json}");
    } else {
        let failed = matches!(answer, AdviceAnswer::Failure(_)) && parsed.get("type") == Some(&Value::from("failure"));
        assert!(failed, "a submission JSON cannot carry was advised on: {json}");
    }
    let AdviceAnswer::Advice(a) = answer else {
        assert_eq!(parsed.get("type").and_then(Value::as_str), Some("failure"), "{text}");
        return;
    };
    assert_eq!(parsed.get("type").and_then(Value::as_str), Some("advice"), "{text}");
    assert!(a.options.len() <= 3, "more options than asked for");
    let schema = rules.submission_schema();
    for o in &a.options {
        let mut changed = whole.clone();
        for c in &o.changes {
            let number = kind_at(&schema, &c.path).is_some_and(|k| !matches!(k, "bool" | "enum" | "text"));
            let value = match &c.to {
                Value::Null => None,
                Value::Bool(b) => Some(Input::Bool(*b)),
                Value::String(s) if number => Some(Input::Number(s.clone())),
                Value::String(s) => Some(Input::String(s.clone())),
                other => panic!("a change to {other}"),
            };
            set_at(&mut changed, &c.path, value);
        }
        let s = rules.score_summary(&changed).unwrap_or_else(|f| panic!("an option fails to score: {f:?}"));
        assert_eq!((s.final_score.to_string(), &s.grade, &s.outcome), (o.final_score.clone(), &o.grade, &o.outcome));
    }
}

/// A declared field's `x-type` in a submission schema, by JSON pointer.
fn kind_at<'a>(schema: &'a Value, pointer: &str) -> Option<&'a str> {
    let mut node = schema;
    for segment in pointer.split('/').skip(1) {
        node = node.get("properties")?.get(segment.replace("~1", "/").replace("~0", "~"))?;
    }
    node.get("x-type")?.as_str()
}

/// Sets (or with `None` removes) the value at a JSON pointer, making groups on the way (a
/// group given as `null` is a missing one).
fn set_at(tree: &mut Input, pointer: &str, value: Option<Input>) {
    let segments: Vec<String> = pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
    let Some((last, groups)) = segments.split_last() else {
        return;
    };
    let mut node = tree;
    for key in groups {
        let Input::Object(members) = node else {
            return;
        };
        let at = match members.iter().position(|(k, _)| k == key) {
            Some(at) => at,
            None => {
                members.push((key.clone(), Input::Null));
                members.len() - 1
            }
        };
        node = &mut members[at].1;
        if !matches!(node, Input::Object(_)) {
            *node = Input::Object(Vec::new());
        }
    }
    let Input::Object(members) = node else {
        return;
    };
    members.retain(|(k, _)| k != last);
    if let Some(value) = value {
        members.push((last.clone(), value));
    }
}
