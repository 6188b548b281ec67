//! Writes a rule file's tree as TOML laid out as the bundled rule files are: one table per
//! section and per item, texts and small records inline, lists of items as `[[…]]`.

use serde_json::{Map, Value};
use std::fmt::Write;

/// Lists of items written as arrays of tables (`[[dimensions.criteria.parts]]`); every other
/// list is written inline.
const ITEM_LISTS: [&str; 15] = [
    "groups",
    "fields",
    "constraints",
    "derived",
    "gates",
    "dimensions",
    "criteria",
    "items",
    "parts",
    "vetoes",
    "grades",
    "outcomes",
    "notes",
    "warnings",
    "clauses",
];

/// The tree as TOML text; `comment` lines open the file.
pub(crate) fn write(tree: &Map<String, Value>, comment: &[&str]) -> String {
    let mut out = String::new();
    for line in comment {
        let _ = writeln!(out, "# {line}");
    }
    table_body(&mut out, "", tree);
    out
}

/// The plain keys of a table, then its sub-tables and lists of items, in the tree's order.
fn table_body(out: &mut String, path: &str, table: &Map<String, Value>) {
    let is_section = |k: &str, v: &Value| match v {
        Value::Object(_) => path.is_empty(),
        Value::Array(items) => ITEM_LISTS.contains(&k) && items.iter().all(Value::is_object),
        _ => false,
    };
    // TOML has no null: a key without a value is left out.
    for (k, v) in table.iter().filter(|(k, v)| !v.is_null() && !is_section(k, v)) {
        let _ = writeln!(out, "{} = {}", key(k), inline(v));
    }
    for (k, v) in table.iter().filter(|(k, v)| is_section(k, v)) {
        let here = if path.is_empty() { key(k) } else { format!("{path}.{}", key(k)) };
        match v {
            Value::Object(t) => {
                let _ = writeln!(out, "\n[{here}]");
                table_body(out, &here, t);
            }
            Value::Array(items) => {
                for t in items.iter().filter_map(Value::as_object) {
                    let _ = writeln!(out, "\n[[{here}]]");
                    table_body(out, &here, t);
                }
            }
            _ => {}
        }
    }
}

/// A key, bare when TOML allows it.
fn key(k: &str) -> String {
    let bare = !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        k.to_owned()
    } else {
        string(k)
    }
}

fn string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// A value on one line; a list of records takes a line per record.
fn inline(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Array(items) if items.iter().any(Value::is_object) => {
            let lines: Vec<String> = items.iter().map(|i| format!("  {},\n", inline(i))).collect();
            format!("[\n{}]", lines.concat())
        }
        Value::Array(items) => format!("[{}]", items.iter().map(inline).collect::<Vec<_>>().join(", ")),
        Value::Object(t) if t.is_empty() => "{}".to_owned(),
        Value::Object(t) => {
            let pairs: Vec<String> =
                t.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| format!("{} = {}", key(k), inline(v))).collect();
            format!("{{ {} }}", pairs.join(", "))
        }
    }
}
