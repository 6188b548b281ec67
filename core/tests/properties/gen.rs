//! Generated submissions: a bundled example with some fields removed, nulled or set to
//! values near the rules' thresholds, and the same submission written out as JSON text in
//! several spellings.

use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;
use zonescore::{Input, Ruleset};

/// What a leaf field of the submission schema takes.
#[derive(Debug, Clone)]
pub enum Kind {
    Number { integer: bool, min: Option<Decimal>, max: Option<Decimal> },
    Bool,
    Text,
    Enum(Vec<String>),
}

/// A leaf field: its path as object keys, and its kind.
#[derive(Debug, Clone)]
pub struct Leaf {
    pub path: Vec<String>,
    pub kind: Kind,
}

/// The leaf fields of a ruleset, read from its submission schema.
pub fn leaves(rules: &Ruleset) -> Vec<Leaf> {
    fn walk(node: &serde_json::Value, path: &mut Vec<String>, out: &mut Vec<Leaf>) {
        let types: Vec<&str> = match &node["type"] {
            serde_json::Value::String(t) => vec![t.as_str()],
            serde_json::Value::Array(ts) => ts.iter().filter_map(|t| t.as_str()).collect(),
            _ => vec![],
        };
        if types.contains(&"object") {
            if let Some(props) = node["properties"].as_object() {
                for (key, child) in props {
                    path.push(key.clone());
                    walk(child, path, out);
                    path.pop();
                }
            }
            return;
        }
        let dec = |k: &str| node[k].as_f64().and_then(|_| Decimal::from_str(&node[k].to_string()).ok());
        let kind = if let Some(codes) = node["enum"].as_array() {
            Kind::Enum(codes.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect())
        } else if types.contains(&"integer") || types.contains(&"number") {
            Kind::Number { integer: types.contains(&"integer"), min: dec("minimum"), max: dec("maximum") }
        } else if types.contains(&"boolean") {
            Kind::Bool
        } else {
            Kind::Text
        };
        out.push(Leaf { path: path.clone(), kind });
    }
    let mut out = Vec::new();
    walk(&rules.submission_schema(), &mut Vec::new(), &mut out);
    out
}

/// Every number a rule file is written with (band edges, points, constants): the values
/// near which scores change.
pub fn thresholds(rule_text: &str) -> Vec<Decimal> {
    let mut found: Vec<Decimal> = rule_text
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|t| Decimal::from_str(t.trim_matches('.')).ok())
        .filter(|d| *d <= Decimal::from(100_000_000))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The bundled examples of a ruleset that are valid, as trees.
pub fn examples(rules: &Ruleset) -> Vec<Input> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples").join(rules.id());
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|f| zonescore::input::parse_json(&std::fs::read(f).unwrap(), 1 << 20, 64).unwrap().value).collect()
}

/// A change to one field.
#[derive(Debug, Clone)]
pub enum Change {
    Remove,
    Null,
    Set(Input),
}

/// A number near the thresholds or anywhere in the field's range, as exact text.
fn number(integer: bool, min: Option<Decimal>, max: Option<Decimal>, near: Vec<Decimal>) -> BoxedStrategy<Input> {
    let lo = min.unwrap_or(Decimal::ZERO);
    let hi = max.unwrap_or(Decimal::from(2_000_000));
    let clamp = move |d: Decimal| d.max(lo).min(hi);
    let step = prop_oneof![Just(Decimal::ZERO), Just(Decimal::ONE), Just(Decimal::new(1, 1)), Just(Decimal::new(1, 2))];
    let edge = (proptest::sample::select(near), step, any::<bool>())
        .prop_map(move |(t, s, up)| clamp(if up { t + s } else { t - s }));
    let anywhere = (0u64..=1_000_000).prop_map(move |k| clamp(lo + (hi - lo) * Decimal::new(k as i64, 6)));
    prop_oneof![3 => edge, 2 => anywhere, 1 => Just(lo), 1 => Just(hi)]
        .prop_map(move |d| {
            let d = if integer { d.round() } else { d.round_dp(3) };
            Input::Number(d.normalize().to_string())
        })
        .boxed()
}

/// A value of the field's own kind.
pub fn value(kind: &Kind, near: &[Decimal]) -> BoxedStrategy<Input> {
    match kind {
        Kind::Number { integer, min, max } => number(*integer, *min, *max, near.to_vec()),
        Kind::Bool => any::<bool>().prop_map(Input::Bool).boxed(),
        Kind::Text => "[a-z瓯北桥下 ]{1,12}".prop_map(Input::String).boxed(),
        Kind::Enum(codes) => proptest::sample::select(codes.clone()).prop_map(Input::String).boxed(),
    }
}

/// A change to a field: mostly a valid value, sometimes removed or null.
pub fn change(kind: &Kind, near: &[Decimal]) -> BoxedStrategy<Change> {
    prop_oneof![6 => value(kind, near).prop_map(Change::Set), 1 => Just(Change::Remove), 1 => Just(Change::Null)]
        .boxed()
}

/// Applies `change` at `path`, making objects on the way.
pub fn apply(tree: &mut Input, path: &[String], change: &Change) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut node = tree;
    for key in parents {
        let Input::Object(members) = node else { return };
        if !members.iter().any(|(k, _)| k == key) {
            members.push((key.clone(), Input::Object(Vec::new())));
        }
        let slot = members.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v);
        match slot {
            Some(v) if matches!(v, Input::Object(_)) => node = v,
            _ => return,
        }
    }
    let Input::Object(members) = node else { return };
    members.retain(|(k, _)| k != last);
    match change {
        Change::Remove => {}
        Change::Null => members.push((last.clone(), Input::Null)),
        Change::Set(v) => members.push((last.clone(), v.clone())),
    }
}

/// How a submission is written as JSON text; each spelling means the same submission.
#[derive(Debug, Clone, Copy)]
pub struct Spelling {
    pub reverse_keys: bool,
    pub spaced: bool,
    /// 0: as given; 1: trailing zeros (`95.000`); 2: an exponent (`950e-1`).
    pub numbers: u8,
}

pub fn spelling() -> impl Strategy<Value = Spelling> {
    (any::<bool>(), any::<bool>(), 0u8..3).prop_map(|(reverse_keys, spaced, numbers)| Spelling {
        reverse_keys,
        spaced,
        numbers,
    })
}

/// A number's text in another spelling of the same value: `95.000`, `950e-1`, `0E+2`.
fn respell(text: &str, how: u8) -> String {
    let Ok(d) = Decimal::from_str(text) else { return text.to_owned() };
    let d = d.normalize();
    match how {
        1 if d.scale() == 0 => format!("{d}.000"),
        1 => format!("{d}000"),
        2 if d.is_zero() => "0E+2".to_owned(),
        2 => format!("{}0e-{}", d.mantissa(), d.scale() + 1),
        _ => text.to_owned(),
    }
}

/// The JSON text of a tree, in the given spelling.
pub fn to_json(tree: &Input, how: Spelling) -> String {
    let mut out = String::new();
    write(tree, how, &mut out);
    out
}

fn write(node: &Input, how: Spelling, out: &mut String) {
    let gap = if how.spaced { "\n  " } else { "" };
    match node {
        Input::Null => out.push_str("null"),
        Input::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Input::Number(n) => out.push_str(&respell(n, how.numbers)),
        Input::String(s) => out.push_str(&serde_json::to_string(s).unwrap()),
        Input::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, how, out);
            }
            out.push(']');
        }
        Input::Object(members) => {
            out.push('{');
            let mut list: Vec<&(String, Input)> = members.iter().collect();
            if how.reverse_keys {
                list.reverse();
            }
            for (i, (k, v)) in list.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(gap);
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push_str(if how.spaced { " : " } else { ":" });
                write(v, how, out);
            }
            out.push_str(gap);
            out.push('}');
        }
    }
}
