//! Every unknown key of a rule file, where the reader stops at the first: each is taken out of
//! a copy of the file's tree in turn and the rest read again.

use super::diagnostic::{line_col, locate, Diagnostic, RuleFormat, RulePath, RulePathSeg};
use serde_json::Value;

/// The most unknown keys told after the first: a file of another format altogether has one
/// on every line, and each is a reading of the whole file (two for a key misspelt).
const MOST: usize = 50;

/// Bytes of text the readings for them may take together.
const READ_BUDGET: usize = 64 << 20;

/// The unknown keys of a format 2 file besides `first`, the reader's error, in the order the
/// reader meets them; none when `first` is no unknown key, or when a key cannot be taken out
/// (the reader lost its path inside a part's `kind`). With them, the rules read once every
/// unknown key is out (a misspelt key's value under the field's name), when they read: what
/// the author meant, for the rest of the file's problems to be told in the same run.
pub(super) fn other_unknown_keys(
    text: &str,
    format: RuleFormat,
    first: &Diagnostic,
) -> (Vec<Diagnostic>, Option<crate::model::RuleFile>) {
    let Some(first_key) = unknown_key(&first.message.en) else { return (Vec::new(), None) };
    let Ok(mut tree) = super::read::parse_tree(text, format) else { return (Vec::new(), None) };
    if tree.get("format_version").and_then(Value::as_u64) != Some(u64::from(crate::model::FORMAT_VERSION)) {
        return (Vec::new(), None);
    }
    let mut found = Vec::new();
    // The last key taken out, its object's path and its value: a key misspelt is a field
    // missing once it is out (`clauses` for `clause`), and the value goes back under the
    // field's name so that the reading goes on.
    let mut last: Option<(RulePath, Value)> = None;
    // A large file is read again fewer times: some 64 MB of text in all.
    let readings = (READ_BUDGET / text.len().max(1)).min(MOST * 2);
    let mut meant = None;
    for _ in 0..readings {
        let (detail, at) = match super::read::read_tracked(tree.clone()) {
            Ok(file) => {
                meant = Some(file);
                break;
            }
            Err(e) => e,
        };
        if let Some(missing) = missing_field(&detail) {
            let Some((object, value)) = last.take().filter(|(object, _)| *object == at) else { break };
            let Some(node) = node_at(&mut tree, &object).and_then(Value::as_object_mut) else { break };
            node.insert(missing.to_owned(), value);
            continue;
        }
        let Some(key) = unknown_key(&detail).map(str::to_owned) else { break };
        let Some((at, value)) = take_out(&mut tree, at, &key) else { break };
        let offset = locate(text, format, &at);
        let (line, column) = offset.map(|o| line_col(text, o)).unzip();
        let mut object = at.clone();
        object.0.pop();
        last = Some((object, value));
        // The reader's own error is told already, with the key's place.
        if key == first_key && (first.line.is_none() || line == first.line) {
            continue;
        }
        let mut d = super::read::library_error(None, detail);
        (d.path, d.line, d.column) = (at.to_string(), line, column);
        found.push(d);
        if found.len() == MOST {
            break;
        }
    }
    (found, meant)
}

/// The key an `unknown field` error names.
fn unknown_key(detail: &str) -> Option<&str> {
    detail.strip_prefix("unknown field `")?.split('`').next()
}

/// The field a `missing field` error names.
fn missing_field(detail: &str) -> Option<&str> {
    detail.strip_prefix("missing field `")?.split('`').next()
}

/// The value at `at` in the tree.
fn node_at<'v>(tree: &'v mut Value, at: &RulePath) -> Option<&'v mut Value> {
    at.0.iter().try_fold(tree, |node, seg| match seg {
        RulePathSeg::Key(k) => node.get_mut(k.as_ref()),
        RulePathSeg::Index(i) => node.get_mut(*i),
    })
}

/// Takes `key` out of the object at `at` (the path may end with the key, or stop at the
/// object holding it): the key's own path and its value, or `None` when there is no such
/// member.
fn take_out(tree: &mut Value, mut at: RulePath, key: &str) -> Option<(RulePath, Value)> {
    if matches!(at.0.last(), Some(RulePathSeg::Key(k)) if k == key) {
        at.0.pop();
    }
    let value = node_at(tree, &at)?.as_object_mut()?.remove(key)?;
    at.0.push(RulePathSeg::Key(key.to_owned().into()));
    Some((at, value))
}
