//! A `serde_json::Value` read as the Python binding reads the dict `json.loads` gives it.
//!
//! The bindings no longer build an input tree for a plainly valid submission: they walk the
//! host's own tree with core's `HostReader`, integers and floats handed over as decimals, and
//! take the tree path only when the reader gives up (`python/src/submission.rs`). This is
//! that walk over a `Value`, the hand-written scorer's own input form.

use serde_json::Value;
use zonescore::{HostGroup, HostLeaf, HostMember, HostReader, Input, Ruleset, ScoreSummary, ValidSubmission};

/// The numbers-only answer for `value` as a binding gets it: straight into the record, or
/// through an input tree where the reader gives up. The flag says which.
pub fn summary(rules: &Ruleset, value: &Value) -> (Option<ScoreSummary>, bool) {
    match record(rules, value) {
        Some(record) => (Some(rules.summarize(&record)), true),
        None => (tree(value).and_then(|t| rules.score_summary(&t).ok()), false),
    }
}

/// The record of `value`, or `None` where a binding would take the tree path.
fn record(rules: &Ruleset, value: &Value) -> Option<ValidSubmission> {
    let mut reader = rules.host_reader();
    let root = reader.root();
    read_group(&mut reader, root, value)?;
    reader.finish()
}

fn read_group<'r>(reader: &mut HostReader<'r>, group: HostGroup<'r>, value: &Value) -> Option<()> {
    let Value::Object(members) = value else { return None };
    for (key, member) in members {
        match reader.member(group, key)? {
            HostMember::Leaf(field) => leaf(member, |l| reader.leaf(field, l)).then_some(())?,
            HostMember::Group(_) if member.is_null() => {}
            HostMember::Group(inner) => read_group(reader, inner, member)?,
            HostMember::Meta => reader.meta(&input(member), 0).then_some(())?,
        }
    }
    Some(())
}

/// A leaf as the Python binding hands it over: an `int` within 64 bits as a decimal, a `float`
/// by its value; a larger `int` is left to the tree path.
fn leaf(value: &Value, take: impl FnOnce(HostLeaf<'_>) -> bool) -> bool {
    match value {
        Value::Null => take(HostLeaf::Null),
        Value::Bool(b) => take(HostLeaf::Bool(*b)),
        Value::String(s) => take(HostLeaf::Text(s)),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => take(HostLeaf::Decimal(i.into())),
            (None, Some(f)) if n.is_f64() => {
                zonescore::input::float_value(f).is_some_and(|d| take(HostLeaf::Decimal(d)))
            }
            _ => false,
        },
        Value::Array(_) | Value::Object(_) => false,
    }
}

/// `value` as an input tree, as a binding builds `meta`'s from the host's values.
fn input(value: &Value) -> Input {
    match value {
        Value::Null => Input::Null,
        Value::Bool(b) => Input::Bool(*b),
        Value::Number(n) => Input::Number(n.to_string()),
        Value::String(s) => Input::String(s.clone()),
        Value::Array(items) => Input::Array(items.iter().map(input).collect()),
        Value::Object(members) => Input::Object(members.iter().map(|(k, v)| (k.clone(), input(v))).collect()),
    }
}

/// `value` as an input tree through its JSON text, as the tree path reads it (where a
/// binding's reader gives up).
fn tree(value: &Value) -> Option<Input> {
    let text = serde_json::to_string(value).ok()?;
    zonescore::input::parse_json(text.as_bytes(), zonescore::MAX_SUBMISSION_BYTES, zonescore::MAX_DEPTH)
        .ok()
        .map(|p| p.value)
}
