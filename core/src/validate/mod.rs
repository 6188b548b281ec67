//! Validation of a submission against a ruleset's field declarations: every error at once,
//! each with a stable code, a JSON-pointer path, structured params and zh/en messages.

mod direct;
mod error;
mod host;
mod messages;
mod one;
mod row;
mod typed;

pub use error::{FieldCode, FieldError, FieldErrorKind};
pub use host::{HostField, HostGroup, HostLeaf, HostMember, HostReader};
pub use row::{RowColumns, RowValue};
pub use typed::TypedReading;

use crate::compile::{CField, CompiledRuleset, Group, Member};
use crate::expr::{cmp_decimals, FieldValue};
use crate::input::{escape_pointer_segment, parse_json, parse_number, Input, JsonFailure, NumberError};
use crate::model::{ConstraintOp, FieldType};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Largest submission accepted, in bytes of JSON text.
pub const MAX_SUBMISSION_BYTES: usize = 1 << 20;
/// Deepest nesting of a submission (objects and arrays, the top-level object is 1).
pub const MAX_DEPTH: usize = 64;
/// Most errors listed in a failure; the rest are counted.
pub const MAX_ERRORS: usize = 100;

/// A submission whose every field is valid, with defaults filled in.
#[derive(Debug, Clone)]
pub struct ValidSubmission {
    pub(crate) values: Vec<Option<FieldValue>>,
}

/// What validation found: the typed values, or every error (the first [`MAX_ERRORS`]).
pub(crate) type Checked = Result<ValidSubmission, (Vec<FieldError>, usize)>;

/// The failure of a JSON text that could not be read at all.
pub(crate) fn json_failure(failure: JsonFailure) -> FieldError {
    let kind = match failure {
        JsonFailure::Empty => FieldErrorKind::EmptyInput,
        JsonFailure::TooLarge { size, limit } => FieldErrorKind::TooLarge { size, limit },
        JsonFailure::InvalidUtf8 { offset } => FieldErrorKind::InvalidUtf8 { offset },
        JsonFailure::Syntax { line, column, reason, reason_zh } => {
            FieldErrorKind::InvalidJson { line, column, reason: reason.to_owned(), reason_zh: reason_zh.to_owned() }
        }
        JsonFailure::TooDeep { pointer, limit, .. } => FieldErrorKind::TooDeep { limit, at: pointer },
    };
    FieldError::new(kind, "", None)
}

impl CompiledRuleset {
    /// Reads and validates a submission given as JSON bytes.
    pub(crate) fn check_json(&self, bytes: &[u8]) -> Checked {
        // Valid text, the common case, goes straight into the record; the tree path below
        // answers everything else.
        if let Some(valid) = self.read_direct(bytes) {
            return Ok(valid);
        }
        let parsed = parse_json(bytes, MAX_SUBMISSION_BYTES, MAX_DEPTH).map_err(|f| (vec![json_failure(f)], 0))?;
        let dups = parsed.duplicate_keys.into_iter().map(|p| FieldError::new(FieldErrorKind::DuplicateKey, p, None));
        // The reader already bounded the depth.
        self.check_tree(&parsed.value, dups.collect(), false)
    }

    /// Reads JSON bytes into a tree for the calls that validate in their own way (bounds,
    /// advice): unreadable text and repeated keys fail as [`check_json`](Self::check_json) says.
    pub(crate) fn read_submission(&self, bytes: &[u8]) -> Result<Input, crate::report::Failure> {
        let failure = |errors: Vec<FieldError>| {
            let (errors, more_errors) = error_list(errors);
            crate::report::Failure { ruleset: self.ruleset_ref(), errors, more_errors }
        };
        let parsed = parse_json(bytes, MAX_SUBMISSION_BYTES, MAX_DEPTH).map_err(|f| failure(vec![json_failure(f)]))?;
        if !parsed.duplicate_keys.is_empty() {
            let dups =
                parsed.duplicate_keys.into_iter().map(|p| FieldError::new(FieldErrorKind::DuplicateKey, p, None));
            return Err(failure(dups.collect()));
        }
        Ok(parsed.value)
    }

    /// Validates a submission tree built by a host (any depth); `errors` holds problems
    /// already found while reading it.
    pub(crate) fn check_input(&self, input: &Input, errors: Vec<FieldError>) -> Checked {
        self.check_tree(input, errors, true)
    }

    fn check_tree(&self, input: &Input, errors: Vec<FieldError>, measure_depth: bool) -> Checked {
        let (mut values, errors) = self.read_tree(input, errors, measure_depth, true);
        if !errors.is_empty() {
            return Err(error_list(errors));
        }
        for (slot, f) in values.iter_mut().zip(&self.fields) {
            if slot.is_none() {
                slot.clone_from(&f.default);
            }
        }
        Ok(ValidSubmission { values })
    }

    /// Every error of a row of cells a face read, some of which it could not (`unread`, their
    /// errors), uncut: theirs with the tree's own, without a `required` error at a cell that
    /// was filled but could not be read.
    pub(crate) fn cells_errors(&self, tree: &Input, unread: &[FieldError]) -> Vec<FieldError> {
        let (_, found) = self.read_tree(tree, Vec::new(), true, true);
        with_unread(found, unread)
    }

    /// Reads a half-filled submission: every present field is checked as always, but a
    /// missing field (absent or `null`) is no error and gets no default. What score bounds
    /// and advice start from; `None` slots are the fields still open.
    pub(crate) fn check_partial(&self, input: &Input) -> Result<Vec<Option<FieldValue>>, (Vec<FieldError>, usize)> {
        let (values, errors) = self.read_tree(input, Vec::new(), true, false);
        let errors: Vec<FieldError> = errors.into_iter().filter(|e| !e.is(FieldCode::Required)).collect();
        if errors.is_empty() {
            Ok(values)
        } else {
            Err(error_list(errors))
        }
    }

    /// Checks one submission's values; `required` says whether absent required fields are
    /// errors.
    fn read_tree(
        &self,
        input: &Input,
        errors: Vec<FieldError>,
        measure_depth: bool,
        required: bool,
    ) -> (Vec<Option<FieldValue>>, Vec<FieldError>) {
        let mut walk = Walk {
            values: vec![None; self.fields.len()],
            present: vec![false; self.fields.len()],
            errors,
            measure_depth,
            deepest: 0,
        };
        match input {
            Input::Object(members) => self.walk_group(&self.root, members, 1, &mut walk),
            other => {
                walk.measure(0, input);
                let kind = FieldErrorKind::NotAnObject { found: other.type_name() };
                walk.errors.push(FieldError::new(kind, "", None));
            }
        }
        let Walk { values, present, mut errors, .. } = walk;
        if measure_depth && walk.deepest > MAX_DEPTH {
            // Refused whole, as the JSON reader refuses the same submission as text: one
            // error, placed where the tree first goes too deep (a host cuts it off there, and
            // what it left there is no field's value to report).
            let kind = FieldErrorKind::TooDeep { limit: MAX_DEPTH, at: too_deep_at(input) };
            return (values, vec![FieldError::new(kind, "", None)]);
        }
        for (i, f) in self.fields.iter().enumerate() {
            let absent = !present.get(i).copied().unwrap_or(false);
            if required && f.decl.required && absent && matches!(input, Input::Object(_)) {
                let kind = FieldErrorKind::Required { null: false };
                errors.push(FieldError::new(kind, f.pointer.clone(), Some(&f.decl.title)));
            }
        }
        self.check_constraints(&values, &mut errors);
        (values, errors)
    }

    fn walk_group(&self, group: &Group, members: &[(String, Input)], depth: usize, walk: &mut Walk) {
        walk.deepest = walk.deepest.max(depth);
        let top = depth == 1;
        // Repeated keys were reported by the JSON reader; only the first is validated. A
        // declared member is marked by its place in the group (a bit); any other key is
        // looked for among the keys before it by a scan, or a set in a large (hostile) object.
        let mut declared_seen: u128 = 0;
        let mut others = (members.len() > 16).then(std::collections::HashSet::new);
        // Keys usually come in the declared order: the member after the last one matched is
        // tried first.
        let mut next = 0;
        for (i, (key, value)) in members.iter().enumerate() {
            if top && key == "meta" {
                walk.measure(depth, value);
                continue;
            }
            let at = group.position_from(next, key);
            next = at.map_or(next, |at| at + 1);
            let repeated = match at {
                Some(at) if at < 128 => {
                    let bit = 1u128 << at;
                    let repeated = declared_seen & bit != 0;
                    declared_seen |= bit;
                    repeated
                }
                _ => match others.as_mut() {
                    Some(set) => !set.insert(key.as_str()),
                    None => members.get(..i).is_some_and(|before| before.iter().any(|(k, _)| k == key)),
                },
            };
            if repeated {
                walk.measure(depth, value);
                continue;
            }
            let path = || crate::input::child_pointer(&group.pointer, key);
            match at.and_then(|at| group.members.get(at)).map(|(_, m)| m) {
                Some(Member::Leaf(i)) => {
                    walk.measure(depth, value);
                    if let (Some(f), Some(p)) = (self.fields.get(*i), walk.present.get_mut(*i)) {
                        *p = true;
                        if let Some(slot) = walk.values.get_mut(*i) {
                            // The leaf's path is its declared pointer: the keys matched it.
                            *slot = check_leaf(f, value, &f.pointer, &mut walk.errors);
                        }
                    }
                }
                Some(Member::Group(g)) => match value {
                    // Declared groups nest no deeper than the rule file: no stack to fear.
                    Input::Object(inner) => self.walk_group(g, inner, depth + 1, walk),
                    Input::Null => {}
                    other => {
                        walk.measure(depth, value);
                        let kind = FieldErrorKind::WrongType { expected: "object", found: other.type_name() };
                        walk.errors.push(FieldError::new(kind, path(), None));
                        // The group's own error is the cause: its fields are not also each
                        // reported missing.
                        mark_written(g, &mut walk.present);
                    }
                },
                None => {
                    walk.measure(depth, value);
                    walk.errors.push(self.unknown(group, key, (members, top), path()));
                }
            }
        }
    }

    /// An unknown key of `group`, whose object holds `given` (`top`: the submission itself,
    /// where `meta` is no member).
    fn unknown(&self, group: &Group, key: &str, (given, top): (&[(String, Input)], bool), path: String) -> FieldError {
        // A dotted key (`quality.spot_check_pass_rate_pct`) may be a field's path written flat.
        let dotted_field = || {
            let dotted_prefix = group.pointer.trim_start_matches('/').replace('/', ".");
            let full = if dotted_prefix.is_empty() { key.to_owned() } else { format!("{dotted_prefix}.{key}") };
            self.fields.iter().any(|f| f.decl.path == full)
        };
        let suggestion = if key.contains('.') && dotted_field() {
            Some(format!("/{}", key.replace('.', "/")))
        } else {
            let names = group.members.iter().map(|(k, _)| k.as_str());
            crate::compile::closest_name(key, names).or_else(|| renamed(group, given, top))
        };
        FieldError::new(FieldErrorKind::UnknownField { did_you_mean: suggestion }, path, None)
    }

    fn check_constraints(&self, values: &[Option<FieldValue>], errors: &mut Vec<FieldError>) {
        for c in &self.constraints {
            let pair = (values.get(c.left).and_then(Option::as_ref), values.get(c.right).and_then(Option::as_ref));
            let (Some(FieldValue::Number(l)), Some(FieldValue::Number(r))) = pair else {
                continue;
            };
            let (l, r) = (*l, *r);
            let holds = match c.op {
                ConstraintOp::Le => l <= r,
                ConstraintOp::Lt => l < r,
                ConstraintOp::Ge => l >= r,
                ConstraintOp::Gt => l > r,
            };
            if holds {
                continue;
            }
            let (Some(lf), Some(rf)) = (self.fields.get(c.left), self.fields.get(c.right)) else {
                continue;
            };
            let kind = FieldErrorKind::ConstraintViolated {
                constraint: c.model.id.clone(),
                value: l.normalize().to_string(),
                op: c.op.sign(),
                other: rf.pointer.clone(),
                other_value: r.normalize().to_string(),
                other_label: rf.decl.title.clone(),
            };
            errors.push(FieldError::new(kind, lf.pointer.clone(), Some(&lf.decl.title)));
        }
    }
}

/// The errors of a row's unread cells, then `found` (the tree's own) without a `required`
/// error at one of those cells: it was filled, with what could not be read.
fn with_unread(found: Vec<FieldError>, unread: &[FieldError]) -> Vec<FieldError> {
    let filled = |e: &FieldError| e.is(FieldCode::Required) && unread.iter().any(|u| u.path == e.path);
    unread.iter().cloned().chain(found.into_iter().filter(|e| !filled(e))).collect()
}

/// The engine's error list: sorted by path, so that every runtime lists errors in the same
/// order whatever order its host keeps object members in, and cut at [`MAX_ERRORS`]; with
/// how many were cut.
pub fn error_list(errors: Vec<FieldError>) -> (Vec<FieldError>, usize) {
    // Stable: errors at one path keep the order they were found in.
    let mut placed: Vec<(usize, FieldError)> = errors.into_iter().enumerate().collect();
    crate::order::heapsort_by(&mut placed, |(i, a), (j, b)| (&a.path, i) < (&b.path, j));
    let rest = placed.len().saturating_sub(MAX_ERRORS);
    let errors = placed.into_iter().take(MAX_ERRORS).map(|(_, e)| e).collect();
    (errors, rest)
}

/// Marks every field of `group` as written: what a group of the wrong type leaves.
fn mark_written(group: &Group, present: &mut [bool]) {
    for (_, member) in &group.members {
        match member {
            Member::Leaf(i) => {
                if let Some(p) = present.get_mut(*i) {
                    *p = true;
                }
            }
            Member::Group(g) => mark_written(g, present),
        }
    }
}

/// What a walk over a submission tree fills in.
struct Walk {
    values: Vec<Option<FieldValue>>,
    /// Whether each field's key was written at all (a `null` counts: it gets its own error).
    present: Vec<bool>,
    errors: Vec<FieldError>,
    /// Whether the tree's depth is still to be bounded (a host's tree; the JSON reader bounds
    /// its own), and the deepest level found: declared groups count as the walk enters them,
    /// any other value below `depth` by [`depth_of`].
    measure_depth: bool,
    deepest: usize,
}

impl Walk {
    fn measure(&mut self, depth: usize, value: &Input) {
        // Checked here, not left to `depth_of`: most values are plain, and this saves the call.
        if self.measure_depth && matches!(value, Input::Object(_) | Input::Array(_)) {
            self.deepest = self.deepest.max(depth + depth_of(value));
        }
    }
}

/// The pointer of the first container, in document order, deeper than [`MAX_DEPTH`]: where
/// the JSON reader stops a text. Each step goes into the first member that goes too deep.
fn too_deep_at(input: &Input) -> String {
    let mut at = String::new();
    let (mut node, mut depth) = (input, 1);
    let too_deep = |depth: usize, v: &Input| depth + depth_of(v) > MAX_DEPTH;
    while depth <= MAX_DEPTH {
        let next = match node {
            Input::Object(m) => m.iter().find(|(_, v)| too_deep(depth, v)).map(|(k, v)| (escape_pointer_segment(k), v)),
            Input::Array(a) => a.iter().enumerate().find(|(_, v)| too_deep(depth, v)).map(|(i, v)| (i.to_string(), v)),
            _ => None,
        };
        let Some((key, child)) = next else { break };
        at.push('/');
        at.push_str(&key);
        (node, depth) = (child, depth + 1);
    }
    at
}

fn depth_of(input: &Input) -> usize {
    // A container of plain values (a submission's `meta`, most often) needs no stack.
    let container = |v: &Input| matches!(v, Input::Object(_) | Input::Array(_));
    match input {
        Input::Object(m) if !m.iter().any(|(_, v)| container(v)) => return 1,
        Input::Array(a) if !a.iter().any(container) => return 1,
        Input::Object(_) | Input::Array(_) => {}
        _ => return 0,
    }
    // Iterative, so a host-built tree of any depth cannot overflow the stack here.
    let mut deepest = 0;
    let mut stack = vec![(input, 1usize)];
    while let Some((node, depth)) = stack.pop() {
        match node {
            Input::Object(m) => {
                deepest = deepest.max(depth);
                stack.extend(m.iter().map(|(_, v)| (v, depth + 1)));
            }
            Input::Array(items) => {
                deepest = deepest.max(depth);
                stack.extend(items.iter().map(|v| (v, depth + 1)));
            }
            _ => {}
        }
        if deepest > MAX_DEPTH {
            break;
        }
    }
    deepest
}

fn check_leaf(f: &CField, value: &Input, path: &str, errors: &mut Vec<FieldError>) -> Option<FieldValue> {
    let label = Some(&f.decl.title);
    let ty = f.decl.field_type;
    let wrong = |errors: &mut Vec<FieldError>, expected: &'static str| {
        let kind = FieldErrorKind::WrongType { expected, found: value.type_name() };
        errors.push(FieldError::new(kind, path, label));
        None
    };
    match (ty, value) {
        (_, Input::Null) => {
            if f.decl.required {
                errors.push(FieldError::new(FieldErrorKind::Required { null: true }, path, label));
            }
            None
        }
        (FieldType::Bool, Input::Bool(b)) => Some(FieldValue::Bool(*b)),
        (FieldType::Bool, _) => wrong(errors, "boolean"),
        (FieldType::Text | FieldType::Enum, Input::String(s)) => check_text(f, s, path, errors),
        (FieldType::Text | FieldType::Enum, _) => wrong(errors, "string"),
        (_, Input::Number(text)) => check_number(f, text, path, errors),
        _ => wrong(errors, "number"),
    }
}

/// A string value of a text or enum field: its length, or its code among the allowed ones.
fn check_text(f: &CField, s: &str, path: &str, errors: &mut Vec<FieldError>) -> Option<FieldValue> {
    let label = Some(&f.decl.title);
    if f.decl.field_type == FieldType::Enum {
        if f.codes().iter().any(|v| v.code == s) {
            return Some(FieldValue::Text(s.to_owned()));
        }
        // The label typed for its code (阀门 for `valves`): the message names the code.
        let meant = f.codes().iter().find(|v| v.title.zh == s || v.title.en.eq_ignore_ascii_case(s));
        let kind = FieldErrorKind::UnknownEnumValue {
            // A long value is cut in the message; the form still has what was typed.
            value: s.chars().take(100).collect(),
            allowed: f.codes().iter().map(|v| v.code.clone()).collect(),
            allowed_labels: f.codes().iter().map(|v| v.title.clone()).collect(),
            did_you_mean: meant.map(|v| v.code.clone()),
        };
        errors.push(FieldError::new(kind, path, label));
        return None;
    }
    let length = s.chars().count();
    if length == 0 {
        errors.push(FieldError::new(FieldErrorKind::TooShort, path, label));
        None
    } else if length > f.max_length {
        let kind = FieldErrorKind::TooLong { length, max_length: f.max_length };
        errors.push(FieldError::new(kind, path, label));
        None
    } else {
        Some(FieldValue::Text(s.to_owned()))
    }
}

fn check_number(f: &CField, text: &str, path: &str, errors: &mut Vec<FieldError>) -> Option<FieldValue> {
    let label = Some(&f.decl.title);
    // The text of a number that cannot be read is not echoed: each host spells it its
    // own way (`nan`, `NaN`, `1E+40`, `1e+40`), and answers must be the same everywhere.
    let n = match parse_number(text) {
        Ok(n) => n,
        Err(NumberError::NotFinite) => {
            errors.push(FieldError::new(FieldErrorKind::NotFinite, path, label));
            return None;
        }
        Err(NumberError::OutOfRange) => {
            let kind = FieldErrorKind::BeyondExactRange { max_digits: crate::input::MAX_DIGITS };
            errors.push(FieldError::new(kind, path, label));
            return None;
        }
        // Only a tree built by hand holds number text that is no number (`Input::Number("abc")`):
        // the JSON reader and the bindings write numbers as JSON does.
        Err(NumberError::Syntax) => {
            let reason = crate::model::Text::new("不是数字", "not a number");
            let kind =
                FieldErrorKind::UnreadableText { text: text.to_owned(), expected: f.decl.field_type.name(), reason };
            errors.push(FieldError::new(kind, path, label));
            return None;
        }
    };
    check_decimal(f, n, path, errors)
}

/// A number field's value once read exactly: whole where the field is, within its bounds.
fn check_decimal(f: &CField, n: Decimal, path: &str, errors: &mut Vec<FieldError>) -> Option<FieldValue> {
    let label = Some(&f.decl.title);
    if f.decl.field_type.is_whole() && n.scale() > 0 && !n.fract().is_zero() {
        let kind = FieldErrorKind::NotWholeNumber { value: n.normalize().to_string() };
        errors.push(FieldError::new(kind, path, label));
        return None;
    }
    let below = f.min.is_some_and(|m| cmp_decimals(n, m) == Ordering::Less);
    let above = f.max.is_some_and(|m| cmp_decimals(n, m) == Ordering::Greater);
    if below || above {
        let kind = FieldErrorKind::OutOfRange {
            value: n.normalize().to_string(),
            min: f.min.map(|m| m.normalize().to_string()),
            max: f.max.map(|m| m.normalize().to_string()),
        };
        errors.push(FieldError::new(kind, path, label));
        return None;
    }
    // `-0` and `2014.0` become plain 0 and 2014.
    Some(FieldValue::Number(n.normalize()))
}

/// The member a key was likely renamed from or to, when no name is close to it: the one
/// member of `group` its object lacks, where the key is the one key the group does not
/// declare (`progress_reports` for `progress_report_count` in a revision of the rules).
/// Only in objects of a form's size: the scan is quadratic. Plain loops: the browser's
/// first download carries this.
fn renamed(group: &Group, given: &[(String, Input)], top: bool) -> Option<String> {
    if given.len() > 64 || group.members.len() > 64 {
        return None;
    }
    let has = |list: &[(String, Input)], name: &str| list.iter().any(|(k, _)| k == name);
    let mut unknown = 0;
    for (k, _) in given {
        if !(top && k == "meta") && group.position_from(0, k).is_none() {
            unknown += 1;
        }
    }
    let mut lacking = None;
    for (m, _) in &group.members {
        if !has(given, m) {
            if lacking.is_some() {
                return None;
            }
            lacking = Some(m);
        }
    }
    lacking.filter(|_| unknown == 1).cloned()
}
