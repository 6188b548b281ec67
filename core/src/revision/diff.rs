//! Structural comparison of two rule files: items matched by id (fields by path, parts by
//! place), every key compared with decimals compared as numbers, each difference classed
//! by what it can change. An item that only changed its id (or path) is one change, a rename.

use super::words::{aspect_label, sentence, show};
use super::{Change, Impact, RuleChange, RuleItem};
use crate::expr::rename_names;
use crate::model::{RuleFile, Text};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::str::FromStr;

/// Keys whose values are decimals (or hold decimals), compared as numbers: `95` = `95.0`.
const DECIMAL_KEYS: [&str; 9] = ["min", "max", "points", "at_least", "weight", "cap", "scale", "bands", "terms"];

/// Keys that hold only text, labels, citations or provenance: they never move a score.
const WORDING_KEYS: [&str; 13] = [
    "title",
    "help",
    "description",
    "unit",
    "clause",
    "basis",
    "version",
    "source",
    "message",
    "statement",
    "number",
    "unscored",
    "otherwise",
];

/// Every difference between two rule files, in rule-file order.
pub(super) fn compare(old: &RuleFile, new: &RuleFile) -> Vec<RuleChange> {
    let (o, n) = (serde_json::to_value(old).unwrap_or_default(), serde_json::to_value(new).unwrap_or_default());
    let mut w = Walker { changes: Vec::new(), about: (None, Vec::new()), names: Vec::new() };
    let obj = |v: &Value, k: &str| v.get(k).and_then(Value::as_object).cloned().unwrap_or_default();
    let list = |v: &Value, k: &str| v.get(k).and_then(Value::as_array).cloned().unwrap_or_default();
    w.scalar(RuleItem::Ruleset, "format_version", o.get("format_version"), n.get("format_version"));
    let ruleset_id = new.ruleset.id.clone();
    w.object(RuleItem::Ruleset, &ruleset_id, &obj(&o, "ruleset"), &obj(&n, "ruleset"), "");
    w.list(RuleItem::Group, &list(&o, "groups"), &list(&n, "groups"));
    // The rules after a renamed field or derived value read it by its new name.
    w.names = w.list(RuleItem::Field, &list(&o, "fields"), &list(&n, "fields"));
    w.list(RuleItem::Constraint, &list(&o, "constraints"), &list(&n, "constraints"));
    let derived = w.list(RuleItem::Derived, &list(&o, "derived"), &list(&n, "derived"));
    w.names.extend(derived);
    w.list(RuleItem::Gate, &list(&o, "gates"), &list(&n, "gates"));
    let dimensions = w.list(RuleItem::Dimension, &list(&o, "dimensions"), &list(&n, "dimensions"));
    // A criterion of a renamed dimension is where it was.
    let mut old_criteria = criteria(&o);
    for dimension in old_criteria.iter_mut().filter_map(|c| c.get_mut("dimension")) {
        if let Some((_, now)) = dimensions.iter().find(|(was, _)| dimension.as_str() == Some(was)) {
            *dimension = Value::String(now.clone());
        }
    }
    w.list(RuleItem::Criterion, &old_criteria, &criteria(&n));
    let (ob, nb) = (o.get("bonus").unwrap_or(&Value::Null), n.get("bonus").unwrap_or(&Value::Null));
    w.scalar(RuleItem::Bonus, "cap", ob.get("cap"), nb.get("cap"));
    w.list(RuleItem::BonusItem, &list(ob, "items"), &list(nb, "items"));
    w.list(RuleItem::Veto, &list(&o, "vetoes"), &list(&n, "vetoes"));
    w.list(RuleItem::Grade, &list(&o, "grades"), &list(&n, "grades"));
    let veto_grade = |v: &Value| v.get("pipeline").and_then(|p| p.get("veto_grade")).cloned();
    w.scalar(RuleItem::Grade, "veto_grade", veto_grade(&o).as_ref(), veto_grade(&n).as_ref());
    w.list(RuleItem::Outcome, &list(&o, "outcomes"), &list(&n, "outcomes"));
    w.list(RuleItem::Note, &list(&o, "notes"), &list(&n, "notes"));
    w.list(RuleItem::Warning, &list(&o, "warnings"), &list(&n, "warnings"));
    // The veto grade is a grade's matter, compared above.
    let pipeline = |v: &Value| {
        let mut p = obj(v, "pipeline");
        p.shift_remove("veto_grade");
        p
    };
    w.object(RuleItem::FinalScore, "pipeline", &pipeline(&o), &pipeline(&n), "");
    match (o.get("goal").filter(|g| g.is_object()), n.get("goal").filter(|g| g.is_object())) {
        (Some(_), Some(_)) => w.object(RuleItem::Goal, "goal", &obj(&o, "goal"), &obj(&n, "goal"), ""),
        (None, None) => {}
        (a, b) => {
            let change = if a.is_some() { Change::Removed } else { Change::Added };
            w.push(RuleItem::Goal, "goal", change, None, a, b, None);
        }
    }
    w.list(RuleItem::Clause, &list(&o, "clauses"), &list(&n, "clauses"));
    w.changes
}

/// Every criterion of every dimension, with its dimension's id as a key of its own, so a
/// criterion moved to another dimension is one change, not a removal and an addition.
fn criteria(file: &Value) -> Vec<Value> {
    let dims = file.get("dimensions").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    dims.iter()
        .flat_map(|d| {
            let id = d.get("id").cloned().unwrap_or_default();
            let list = d.get("criteria").and_then(Value::as_array).cloned().unwrap_or_default();
            list.into_iter().map(move |mut c| {
                if let Some(map) = c.as_object_mut() {
                    map.insert("dimension".into(), id.clone());
                }
                c
            })
        })
        .collect()
}

struct Walker {
    changes: Vec<RuleChange>,
    /// Title and clauses of the item being compared, for every change found in it.
    about: (Option<Text>, Vec<String>),
    /// Fields and derived values renamed (old name, new name), once their lists are compared.
    names: Vec<(String, String)>,
}

/// An item's title (or label) and clauses, from the new rules when it is there.
fn about(old: Option<&Value>, new: Option<&Value>) -> (Option<Text>, Vec<String>) {
    let pick = |k: &str| {
        let get = |v: Option<&Value>| v.and_then(|v| v.get(k)).filter(|v| !v.is_null()).cloned();
        get(new).or_else(|| get(old))
    };
    let title = pick("title").and_then(|t| serde_json::from_value::<Text>(t).ok());
    let clause = pick("clause").and_then(|c| serde_json::from_value::<Vec<String>>(c).ok()).unwrap_or_default();
    (title, clause)
}

fn impact(item: RuleItem, key: &str) -> Impact {
    let key = key.rsplit('.').next().unwrap_or(key);
    let key = key.split('[').next().unwrap_or(key);
    if WORDING_KEYS.contains(&key) || key == "format_version" {
        return Impact::Wording;
    }
    match item {
        RuleItem::Group | RuleItem::Clause | RuleItem::Dimension => Impact::Wording,
        RuleItem::Field if key == "default" => Impact::Score,
        // What advice may change and how finely: an answer beside the score.
        RuleItem::Field if key == "actionable" || key == "step" => Impact::Report,
        RuleItem::Field | RuleItem::Constraint => Impact::Validity,
        RuleItem::Note | RuleItem::Warning | RuleItem::Goal | RuleItem::Ruleset => Impact::Report,
        _ if key == "order" => Impact::Wording,
        _ => Impact::Score,
    }
}

impl Walker {
    #[allow(clippy::too_many_arguments, reason = "one change is these many facts")]
    fn push(
        &mut self,
        item: RuleItem,
        id: &str,
        change: Change,
        aspect: Option<String>,
        old: Option<&Value>,
        new: Option<&Value>,
        impact_override: Option<Impact>,
    ) {
        let (title, clause) = self.about.clone();
        // A whole item added or removed can change what its kind changes.
        let impact = impact_override.unwrap_or_else(|| impact(item, aspect.as_deref().unwrap_or_default()));
        let (old, new) = (old.cloned(), new.cloned());
        // A whole item added or removed is shown by what it does (a veto's condition, a
        // criterion's points), the whole of it staying in `old` / `new`.
        let shown = |v: Option<&Value>| match (&aspect, v) {
            (None, Some(v)) => super::words::item_text(item, v),
            _ => show(v),
        };
        let (mut old_text, mut new_text) = (shown(old.as_ref()), shown(new.as_ref()));
        // A text changed in one language only would read the same twice in the other: each
        // side says the one that changed beside it.
        if old_text.zh == new_text.zh && old_text.en != new_text.en {
            old_text.zh = format!("{}（{}）", old_text.zh, old_text.en);
            new_text.zh = format!("{}（{}）", new_text.zh, new_text.en);
        } else if old_text.en == new_text.en && old_text.zh != new_text.zh {
            old_text.en = format!("{} ({})", old_text.en, old_text.zh);
            new_text.en = format!("{} ({})", new_text.en, new_text.zh);
        }
        let mut change = RuleChange {
            impact,
            change,
            item,
            id: id.to_owned(),
            title,
            aspect_label: aspect.as_deref().map(|a| aspect_label(item, a)),
            aspect,
            old_text,
            new_text,
            old,
            new,
            clause,
            message: Text::new("", ""),
        };
        change.message = sentence(&change);
        self.changes.push(change);
    }

    /// A value at the top of the file (`veto_grade`, the bonus cap).
    fn scalar(&mut self, item: RuleItem, key: &str, old: Option<&Value>, new: Option<&Value>) {
        if !same(old, new, DECIMAL_KEYS.contains(&key), &[]) {
            self.about = (None, Vec::new());
            let id = if item == RuleItem::Bonus { "bonus" } else { key };
            self.push(item, id, Change::Changed, Some(key.to_owned()), old, new, None);
        }
    }

    /// Compares two lists of items, matched by their key; gives the ids of the items renamed.
    fn list(&mut self, item: RuleItem, old: &[Value], new: &[Value]) -> Vec<(String, String)> {
        let key = item.key();
        let id_of = |v: &Value| v.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
        let new_ids: Vec<String> = new.iter().map(id_of).collect();
        let old_ids: Vec<String> = old.iter().map(id_of).collect();
        let renamed = renames(item, old, new, [&old_ids, &new_ids], &self.names);
        let ids = |(i, j): &(usize, usize)| Some((old_ids.get(*i)?.clone(), new_ids.get(*j)?.clone()));
        let renamed_ids = renamed.iter().filter_map(ids).collect();
        let renamed_to = |i: usize| renamed.iter().find(|(was, _)| *was == i).map(|(_, j)| *j);
        let renamed_from = |j: usize| renamed.iter().find(|(_, now)| *now == j).map(|(i, _)| *i);
        // Which new item each old one is: the one it was renamed to, or the one with its id
        // unless another item was renamed to that (renumbered).
        let twins: Vec<Option<usize>> = (0..old.len())
            .map(|i| {
                let by_id =
                    || new_ids.iter().position(|n| Some(n) == old_ids.get(i)).filter(|j| renamed_from(*j).is_none());
                renamed_to(i).or_else(by_id)
            })
            .collect();
        for (i, (o, id)) in old.iter().zip(&old_ids).enumerate() {
            let twin = twins.get(i).copied().flatten();
            match twin.and_then(|j| new.get(j)) {
                Some(n) if renamed_to(i).is_some() => {
                    self.about = about(Some(o), Some(n));
                    let new_id = id_of(n);
                    let (was, now) = (o.get(key), n.get(key));
                    self.push(
                        item,
                        &new_id,
                        Change::Changed,
                        Some(key.to_owned()),
                        was,
                        now,
                        Some(item.rename_impact()),
                    );
                }
                Some(n) => {
                    let (om, nm) =
                        (o.as_object().cloned().unwrap_or_default(), n.as_object().cloned().unwrap_or_default());
                    self.object(item, id, &om, &nm, "");
                }
                None => {
                    self.about = about(Some(o), None);
                    self.push(item, id, Change::Removed, None, Some(o), None, None);
                }
            }
        }
        let added = new.iter().zip(&new_ids).enumerate().filter(|(j, _)| !twins.contains(&Some(*j)));
        for (n, id) in added.map(|(_, item)| item) {
            self.about = about(None, Some(n));
            self.push(item, id, Change::Added, None, None, Some(n), None);
        }
        // Items in both (renamed ones by their new ids) but in another order: grades and
        // outcomes are read top-down.
        let kept_old: Vec<&String> = twins.iter().flatten().filter_map(|j| new_ids.get(*j)).collect();
        let kept_new: Vec<&String> =
            new_ids.iter().enumerate().filter(|(j, _)| twins.contains(&Some(*j))).map(|(_, id)| id).collect();
        if kept_old != kept_new {
            let read_in_order = matches!(item, RuleItem::Grade | RuleItem::Outcome);
            let impact = if read_in_order { Impact::Score } else { Impact::Wording };
            let as_value = |ids: &[&String]| Value::Array(ids.iter().map(|i| Value::String((*i).clone())).collect());
            let (a, b) = (as_value(&kept_old), as_value(&kept_new));
            let first = kept_new.first().map_or(String::new(), |s| (*s).clone());
            let id = if read_in_order { item.label().en + "s" } else { first };
            self.about = (None, Vec::new());
            self.push(item, &id, Change::Changed, Some("order".into()), Some(&a), Some(&b), Some(impact));
        }
        renamed_ids
    }

    /// Every key of an item, `prefix` naming where it sits (`parts[1].`).
    fn object(&mut self, item: RuleItem, id: &str, old: &Map<String, Value>, new: &Map<String, Value>, prefix: &str) {
        if prefix.is_empty() {
            let (o, n) = (Value::Object(old.clone()), Value::Object(new.clone()));
            self.about = about(Some(&o), Some(&n));
        }
        let keys = old.keys().chain(new.keys().filter(|k| !old.contains_key(*k)));
        for key in keys {
            let (a, b) = (old.get(key), new.get(key));
            match key.as_str() {
                "criteria" | "items" => {}
                "id" if item != RuleItem::Ruleset => {}
                "path" if matches!(item, RuleItem::Field | RuleItem::Group) => {}
                "parts" => self.parts(item, id, a, b),
                "values" if item == RuleItem::Field => self.enum_values(id, a, b),
                _ if !same(a, b, DECIMAL_KEYS.contains(&key.as_str()), names_in(key, &self.names)) => {
                    self.push(item, id, Change::Changed, Some(format!("{prefix}{key}")), a, b, None);
                }
                _ => {}
            }
        }
    }

    fn parts(&mut self, item: RuleItem, id: &str, old: Option<&Value>, new: Option<&Value>) {
        let as_list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
        let (old, new) = (as_list(old), as_list(new));
        for i in 0..old.len().max(new.len()) {
            let aspect = format!("parts[{i}]");
            match (old.get(i), new.get(i)) {
                (Some(a), Some(b)) => {
                    let (am, bm) =
                        (a.as_object().cloned().unwrap_or_default(), b.as_object().cloned().unwrap_or_default());
                    self.object(item, id, &am, &bm, &format!("{aspect}."));
                }
                (a, b) => {
                    let change = if a.is_some() { Change::Removed } else { Change::Added };
                    self.push(item, id, change, Some(aspect), a, b, Some(Impact::Score));
                }
            }
        }
    }

    /// An enum's codes (which submissions are valid) apart from their labels (wording).
    fn enum_values(&mut self, id: &str, old: Option<&Value>, new: Option<&Value>) {
        let as_list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
        let (old, new) = (as_list(old), as_list(new));
        let codes = |l: &[Value]| l.iter().filter_map(|v| v.get("code").cloned()).collect::<Vec<_>>();
        let (oc, nc) = (Value::Array(codes(&old)), Value::Array(codes(&new)));
        if oc != nc {
            self.push(RuleItem::Field, id, Change::Changed, Some("values".into()), Some(&oc), Some(&nc), None);
        }
        for o in &old {
            let code = o.get("code").and_then(Value::as_str).unwrap_or_default();
            let Some(n) = new.iter().find(|n| n.get("code").and_then(Value::as_str) == Some(code)) else { continue };
            if o.get("title") != n.get("title") {
                let aspect = format!("values.{code}.title");
                self.push(RuleItem::Field, id, Change::Changed, Some(aspect), o.get("title"), n.get("title"), None);
            }
        }
    }
}

/// Items renamed, by place in `old` and in `new`: an old item not kept under its id paired
/// with the first new one not kept either whose every other key is the same, in rule-file
/// order. An item is kept under its id when the item with its id on the other side is the
/// same or has its title (a field its label): edited, not renamed, even where a copy of it
/// stands under another id. So a criterion given a new id is one change, and so is each
/// criterion renumbered once one before it is gone (C8 becoming C7, whose title it does not
/// have). Only an exact match counts: a rename with any other edit stays a removal and an
/// addition. The keys compared on their own (a dimension's criteria, the bonus items) are
/// left out.
fn renames(
    item: RuleItem,
    old: &[Value],
    new: &[Value],
    [old_ids, new_ids]: [&[String]; 2],
    names: &[(String, String)],
) -> Vec<(usize, usize)> {
    let rest = |v: &Value| {
        let mut map = v.as_object().cloned().unwrap_or_default();
        for k in [item.key(), "criteria", "items"] {
            map.shift_remove(k);
        }
        Value::Object(map)
    };
    let (old_rest, new_rest): (Vec<Value>, Vec<Value>) =
        (old.iter().map(rest).collect(), new.iter().map(rest).collect());
    let alike = |i: usize, j: usize| same(old_rest.get(i), new_rest.get(j), false, names);
    let twin = |id: Option<&String>, ids: &[String]| ids.iter().position(|other| Some(other) == id);
    let one = |i: usize, j: usize| alike(i, j) || title_of(old.get(i)).is_some_and(|t| Some(t) == title_of(new.get(j)));
    let old_kept = |i: usize| twin(old_ids.get(i), new_ids).is_some_and(|j| one(i, j));
    let new_kept = |j: usize| twin(new_ids.get(j), old_ids).is_some_and(|i| one(i, j));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for i in (0..old.len()).filter(|i| !old_kept(*i)) {
        let found = (0..new.len()).find(|&j| {
            old_ids.get(i) != new_ids.get(j) && !new_kept(j) && !pairs.iter().any(|(_, k)| *k == j) && alike(i, j)
        });
        pairs.extend(found.map(|j| (i, j)));
    }
    pairs
}

/// An item's title, or a field's label.
fn title_of(item: Option<&Value>) -> Option<&Value> {
    item.and_then(|v| v.get("title").or_else(|| v.get("label"))).filter(|t| !t.is_null())
}

/// The renamed fields and derived values a key's values are read through: all of them, but
/// for a key of words (a title that names a field's path is not an expression).
fn names_in<'a>(key: &str, names: &'a [(String, String)]) -> &'a [(String, String)] {
    if WORDING_KEYS.contains(&key) {
        &[]
    } else {
        names
    }
}

/// Whether two rule values are the same; with `decimal`, strings are compared as numbers;
/// with `names` (old name, new name), the old value's expressions and paths are read
/// through a revision's renamed fields and derived values, so a rule that only follows a
/// rename is unchanged.
fn same(a: Option<&Value>, b: Option<&Value>, decimal: bool, names: &[(String, String)]) -> bool {
    let a = a.filter(|v| !v.is_null());
    let b = b.filter(|v| !v.is_null());
    match (a, b) {
        (None, None) => true,
        (Some(Value::String(x)), Some(Value::String(y))) if decimal => {
            match (Decimal::from_str(x), Decimal::from_str(y)) {
                (Ok(x), Ok(y)) => x == y,
                _ => x == y,
            }
        }
        (Some(Value::String(x)), Some(Value::String(y))) => {
            x == y || rename_names(x, names).is_some_and(|renamed| renamed == *y)
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(Some(x), Some(y), decimal, names))
        }
        (Some(Value::Object(x)), Some(Value::Object(y))) => x
            .keys()
            .chain(y.keys())
            .all(|k| same(x.get(k), y.get(k), decimal || DECIMAL_KEYS.contains(&k.as_str()), names_in(k, names))),
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}
