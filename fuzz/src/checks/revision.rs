//! Target 8, `revision`: `diff` and `replay` between a bundled ruleset and edits of it.

use super::*;
use zonescore::{diff, diff_json, replay, Change, Impact, ProbeBase, RuleChange, RuleItem, Stored};

// ───────────────────────── Target 8: revision ─────────────────────────

/// First byte: bit 0 picks the ruleset; bit 1 set edits the old rules too, so that neither
/// side is the bundled file. The rest makes one to four edits of the rule file read as a JSON
/// tree: a value changed (a number moved, a flag flipped, a text replaced by another of the
/// file's texts, such as an id, or by a new one), list items swapped, removed or copied, a key
/// dropped. Unlike `compile_rules`' byte edits, these mostly still compile, which is what a
/// comparison needs.
///
/// Asserts: no panic; the bundled rules and their JSON copy are `same`, and each side with
/// itself; `diff_json` is the canonical JSON of `diff`, whose counts count its changes, which
/// are ordered by impact, each with both languages, and `same` exactly when there are none;
/// `same` both ways; a rename names an id of the old rules and one of the new. And what a
/// county office reads a diff for: when no change can move a score or validity, replaying the
/// ruleset's examples and the boundary probes moves nobody; when none can move a score, no
/// submission valid under both rulesets moves.
pub fn revision(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Some(k) = known().get(usize::from(first & 1)) else {
        return;
    };
    let base: Value = serde_json::from_str(&k.json).expect("the bundled rules as JSON");
    let copy = compile(&base).expect("the bundled rules' JSON copy compiles");
    check_same(&k.rules, &copy);
    let mut u = Unstructured::new(rest);
    let texts = texts_of(&base);
    let old_tree = if first & 2 == 0 { base.clone() } else { edited(&mut u, &base, &texts) };
    let new_tree = edited(&mut u, &old_tree, &texts);
    let (Some(old), Some(new)) = (compile(&old_tree), compile(&new_tree)) else {
        return;
    };
    check_same(&old, &old);
    check_same(&new, &new);
    let found = diff(&old, &new);
    check_diff(&old, &new, &found);
    for c in &found.changes {
        check_rename(&old_tree, &new_tree, c);
    }
    assert_eq!(diff(&new, &old).same, found.same, "`same` one way and not the other");
    check_replay(k, &old, &new, &found.changes);
}

fn compile(tree: &Value) -> Option<Ruleset> {
    let text = serde_json::to_string_pretty(tree).ok()?;
    Ruleset::from_text(&text, Some(RuleFormat::Json), "fuzz").ok()
}

fn check_same(a: &Ruleset, b: &Ruleset) {
    let found = diff(a, b);
    assert!(found.same && found.changes.is_empty(), "the same rules differ: {:#?}", found.changes);
}

fn check_diff(old: &Ruleset, new: &Ruleset, found: &zonescore::RulesetDiff) {
    assert_eq!(diff_json(old, new), zonescore::canonical(found), "diff_json is not diff's canonical JSON");
    assert_eq!(found.same, found.changes.is_empty(), "`same` disagrees with the changes listed");
    let count = |impact| found.changes.iter().filter(|c| c.impact == impact).count();
    let counts = &found.counts;
    assert_eq!(
        (counts.score, counts.validity, counts.report, counts.wording),
        (count(Impact::Score), count(Impact::Validity), count(Impact::Report), count(Impact::Wording)),
        "the counts do not count the changes"
    );
    assert!(found.changes.windows(2).all(|w| w[0].impact <= w[1].impact), "changes out of impact order");
    for c in &found.changes {
        let said = |t: &zonescore::model::Text| !t.zh.trim().is_empty() && !t.en.trim().is_empty();
        assert!(said(&c.message) && !c.id.is_empty(), "a change without its words or id: {c:#?}");
        assert!(c.change != Change::Added || c.old.is_none(), "an addition with an old value: {c:#?}");
        assert!(c.change != Change::Removed || c.new.is_none(), "a removal with a new value: {c:#?}");
    }
}

/// A renamed criterion, bonus item, gate or veto names an id of the old rule file and one of
/// the new.
fn check_rename(old: &Value, new: &Value, c: &RuleChange) {
    let Some((was, now)) = c.renamed() else {
        return;
    };
    assert_ne!(was, now, "a rename to the same id: {c:#?}");
    assert_eq!(c.id, now, "a rename listed under its old id: {c:#?}");
    let ids = |tree: &Value| -> Option<Vec<String>> {
        let lists: Vec<&Value> = match c.item {
            RuleItem::Criterion => {
                tree.get("dimensions")?.as_array()?.iter().filter_map(|d| d.get("criteria")).collect()
            }
            RuleItem::BonusItem => vec![tree.get("bonus")?.get("items")?],
            RuleItem::Gate => vec![tree.get("gates")?],
            RuleItem::Veto => vec![tree.get("vetoes")?],
            _ => return None,
        };
        let items = lists.into_iter().filter_map(Value::as_array).flatten();
        Some(items.filter_map(|i| Some(i.get("id")?.as_str()?.to_owned())).collect())
    };
    if let (Some(before), Some(after)) = (ids(old), ids(new)) {
        assert!(before.iter().any(|i| i == was), "renamed from {was}, which the old rules lack: {c:#?}");
        assert!(after.iter().any(|i| i == now), "renamed to {now}, which the new rules lack: {c:#?}");
    }
}

fn check_replay(k: &Known, old: &Ruleset, new: &Ruleset, changes: &[RuleChange]) {
    let stored: Vec<Stored> = k.examples.iter().map(|(_, text)| Stored::Text(text.as_bytes().to_vec())).collect();
    let sources: Vec<String> = (1..=stored.len()).map(|i| format!("example {i}")).collect();
    let Ok(found) = replay(old, new, &stored, &sources, &ProbeBase::FirstValid) else {
        return;
    };
    let can = |impact| changes.iter().any(|c: &RuleChange| c.impact == impact);
    for set in std::iter::once(&found.submissions).chain(&found.probes) {
        let valid_in_both = set.cases.iter().filter(|c| c.old.valid && c.new.valid).count();
        assert_eq!(set.cases.len(), set.count, "a replay lost cases");
        assert_eq!(
            set.count,
            valid_in_both + set.valid_in_old_only + set.valid_in_new_only + set.invalid_in_both,
            "a replay's tallies do not add up"
        );
        for case in &set.cases {
            let moved = case.old.valid && case.new.valid && case.changed;
            assert!(
                !moved || can(Impact::Score),
                "{} moved under rules that differ in nothing that can move a score: {case:#?}\n{changes:#?}",
                case.source
            );
            assert!(
                !case.changed || can(Impact::Score) || can(Impact::Validity),
                "{} changed under rules that differ in nothing that can move a score or validity: {case:#?}\n{changes:#?}",
                case.source
            );
        }
    }
}

/// Every text in the rule file (ids, labels, expressions), for edits that put one in another's
/// place: an id given another rule's id, a rule reading another field.
fn texts_of(tree: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(members) => members.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(tree, &mut out);
    out.sort();
    out.dedup();
    out
}

/// `tree` with one to four edits.
fn edited(u: &mut Unstructured, tree: &Value, texts: &[String]) -> Value {
    let mut out = tree.clone();
    for _ in 0..u.int_in_range(1u8..=4).unwrap_or(1) {
        if edit(u, &mut out, texts).is_err() {
            break;
        }
    }
    out
}

fn edit(u: &mut Unstructured, tree: &mut Value, texts: &[String]) -> ArbResult<()> {
    let mut places = Vec::new();
    places_of(tree, &mut Vec::new(), &mut places);
    let Some(place) = places.get(u.choose_index(places.len().max(1))?) else {
        return Ok(());
    };
    let Some(node) = place.iter().try_fold(&mut *tree, |v, step| match step {
        Step::Key(key) => v.get_mut(key.as_str()),
        Step::Index(i) => v.get_mut(*i),
    }) else {
        return Ok(());
    };
    match node {
        Value::String(s) => {
            *s = match u.int_in_range(0u8..=3)? {
                0 | 1 => u.choose(texts)?.clone(),
                2 => format!("{s}x"),
                _ => u.choose(WORDS)?.to_string(),
            }
        }
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(0.0);
            let moved = match u.int_in_range(0u8..=4)? {
                0 => x + 1.0,
                1 => x - 1.0,
                2 => x / 2.0,
                3 => 0.0,
                _ => x * 10.0,
            };
            *node = serde_json::Number::from_f64(moved).map_or(Value::Null, Value::Number);
        }
        Value::Bool(b) => *b = !*b,
        Value::Array(items) if !items.is_empty() => {
            let (i, j) = (u.choose_index(items.len())?, u.choose_index(items.len())?);
            match u.int_in_range(0u8..=2)? {
                0 => items.swap(i, j),
                1 => drop(items.remove(i)),
                _ => {
                    if let Some(copy) = items.get(i).cloned() {
                        items.insert(j, copy);
                    }
                }
            }
        }
        Value::Object(members) if !members.is_empty() => {
            let key = members.keys().nth(u.choose_index(members.len())?).cloned().unwrap_or_default();
            members.shift_remove(&key);
        }
        _ => {}
    }
    Ok(())
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// The path of every node below the root.
fn places_of(v: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    let mut here = |step: Step, child: &Value, out: &mut Vec<Vec<Step>>| {
        at.push(step);
        out.push(at.clone());
        places_of(child, at, out);
        at.pop();
    };
    match v {
        Value::Array(items) => items.iter().enumerate().for_each(|(i, c)| here(Step::Index(i), c, out)),
        Value::Object(members) => members.iter().for_each(|(key, c)| here(Step::Key(key.clone()), c, out)),
        _ => {}
    }
}
