//! Compiling field declarations: paths, implied bounds, defaults, the group tree, constraints.

use super::build::Builder;
use super::diagnostic::RulePath;
use super::DiagnosticCode;
use super::{CConstraint, CField, Group, Member};
use crate::expr::FieldValue;
use crate::input::{dotted_to_pointer, parse_number};
use crate::model::{Constraint, ConstraintOp, FieldDecl, FieldType};
use crate::Shared;
use rust_decimal::Decimal;

/// Default largest length of a text field, in Unicode characters.
pub const DEFAULT_TEXT_LENGTH: usize = 100;

fn valid_segment(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Builder<'_> {
    pub(super) fn fields(&mut self, decls: Vec<FieldDecl>) -> (Vec<CField>, Group) {
        let mut out = Vec::with_capacity(decls.len());
        let mut root = Group::default();
        for (i, decl) in decls.into_iter().enumerate() {
            let at = RulePath::default().key("fields").index(i);
            if let Some(field) = self.field(&at, decl, &mut root, out.len()) {
                out.push(field);
            }
        }
        (out, root)
    }

    fn field(&mut self, at: &RulePath, decl: FieldDecl, root: &mut Group, index: usize) -> Option<CField> {
        let path_at = at.key("path");
        let segments: Vec<&str> = decl.path.split('.').collect();
        if !segments.iter().all(|s| valid_segment(s)) {
            self.error(
                &path_at,
                DiagnosticCode::InvalidPath,
                format!("字段路径 `{}` 应为以“.”连接的小写英文单词", decl.path),
                format!("field path `{}` is not dotted lowercase words", decl.path),
            )
            .help("路径写法如 `quality.above_scale_firms`", "write paths like `quality.above_scale_firms`");
            return None;
        }
        // A submission nests at most `MAX_DEPTH` objects, so a field deeper could never be given.
        if segments.len() > crate::MAX_DEPTH {
            self.error(
                &path_at,
                DiagnosticCode::InvalidPath,
                format!("字段路径有 {} 段，申报最多嵌套 {} 层", segments.len(), crate::MAX_DEPTH),
                format!("field path has {} parts, and a submission nests at most {}", segments.len(), crate::MAX_DEPTH),
            );
            return None;
        }
        if segments.first() == Some(&"meta") || segments.first() == Some(&"result") {
            self.error(
                &path_at,
                DiagnosticCode::ReservedPath,
                format!("字段路径 `{}` 使用了保留名称", decl.path),
                format!("field path `{}` uses a reserved name", decl.path),
            )
            .help(
                "`meta` 用于存放自由填写的备注，`result` 用于结论变量",
                "`meta` holds free-form notes and `result` names outcome variables",
            );
            return None;
        }
        if !self.insert_leaf(root, &segments, index) {
            self.error(
                &path_at,
                DiagnosticCode::DuplicateField,
                format!("字段 `{}` 与其他字段或分组重名", decl.path),
                format!("field `{}` clashes with another field or group", decl.path),
            );
            return None;
        }
        let ty = decl.field_type;
        let (implied_min, implied_max) = match ty {
            FieldType::Percent => (Some(Decimal::ZERO), Some(Decimal::ONE_HUNDRED)),
            FieldType::Amount | FieldType::Count => (Some(Decimal::ZERO), None),
            _ => (None, None),
        };
        if !ty.is_numeric() && (decl.min.is_some() || decl.max.is_some()) {
            self.error(
                at,
                DiagnosticCode::BoundOnNonNumber,
                format!("字段 `{}` 的类型为 `{}`，不能设 `min` 或 `max`", decl.path, ty.name()),
                format!("field `{}` of type `{}` cannot have `min` or `max`", decl.path, ty.name()),
            );
        }
        // A bound past the type's own range would be cut to it without a word: a percent's
        // `max = 150` (a growth rate) refuses 120 all the same.
        for (key, bound) in [("min", decl.min), ("max", decl.max)] {
            let Some(b) = bound else { continue };
            if implied_min.is_some_and(|lo| b < lo) || implied_max.is_some_and(|hi| b > hi) {
                let (range_zh, range_en, help_zh, help_en) = match ty {
                    FieldType::Percent => (
                        "在 0 到 100 之间",
                        "from 0 to 100",
                        "可超过 100 或低于 0 的百分数（如增长率）请用 `decimal` 类型，或删去这一界限",
                        "a percentage that may pass 100 or fall below 0 (a growth rate) is a `decimal` field; or drop the bound",
                    ),
                    _ => (
                        "为 0 及以上",
                        "of 0 or more",
                        "可为负数的值请用 `decimal` 类型，或删去这一界限",
                        "a value that may be negative is a `decimal` field; or drop the bound",
                    ),
                };
                self.error(
                    &at.key(key),
                    DiagnosticCode::OutOfRange,
                    format!("字段 `{}` 的类型 `{}` 取值{range_zh}，`{key}` {b} 超出了这一范围", decl.path, ty.name()),
                    format!(
                        "field `{}` of type `{}` takes values {range_en}, and `{key}` {b} lies outside",
                        decl.path,
                        ty.name()
                    ),
                )
                .help(help_zh, help_en);
            }
        }
        let min = decl.min.max(implied_min);
        let max = match (decl.max, implied_max) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                self.error(
                    at,
                    DiagnosticCode::EmptyRange,
                    format!("字段 `{}` 的 `min`（{lo}）大于 `max`（{hi}）", decl.path),
                    format!("field `{}` has `min` {lo} above `max` {hi}", decl.path),
                );
            }
        }
        if ty == FieldType::Enum {
            if decl.values.is_empty() {
                self.error(
                    at,
                    DiagnosticCode::EnumWithoutValues,
                    format!("枚举字段 `{}` 未声明可选值 `values`", decl.path),
                    format!("enum field `{}` declares no `values`", decl.path),
                );
            }
            let mut seen = std::collections::BTreeSet::new();
            for (j, v) in decl.values.iter().enumerate() {
                if !seen.insert(v.code.as_str()) {
                    self.error(
                        &at.key("values").index(j),
                        DiagnosticCode::DuplicateId,
                        format!("枚举代码 `{}` 重复出现", v.code),
                        format!("enum code `{}` appears more than once", v.code),
                    );
                }
            }
        } else if !decl.values.is_empty() {
            self.error(
                at,
                DiagnosticCode::ValuesOnNonEnum,
                format!("只有枚举字段才能设 `values`；`{}` 的类型为 `{}`", decl.path, ty.name()),
                format!("only enum fields have `values`; `{}` is `{}`", decl.path, ty.name()),
            );
        }
        if let Some(step) = decl.step {
            if !ty.is_numeric() || step <= Decimal::ZERO || (ty.is_whole() && !step.fract().is_zero()) {
                self.error(
                    &at.key("step"),
                    DiagnosticCode::BadStep,
                    format!("字段 `{}` 的 `step` 须为正数（整数字段须为整数），且只用于数值字段", decl.path),
                    format!(
                        "`step` of `{}` must be a positive number (whole for whole-number fields), on numbers only",
                        decl.path
                    ),
                );
            }
        }
        if ty == FieldType::Text && decl.max_length == Some(0) {
            self.error(
                at,
                DiagnosticCode::EmptyRange,
                format!("文本字段 `{}` 的 `max_length` 为 0", decl.path),
                format!("text field `{}` has `max_length` 0", decl.path),
            );
        }
        let default = decl.default.as_ref().and_then(|d| {
            let value = default_value(&decl, d, min, max);
            if value.is_none() {
                self.error(
                    &at.key("default"),
                    DiagnosticCode::BadDefault,
                    format!("字段 `{}` 的默认值不是有效的 `{}` 值", decl.path, ty.name()),
                    format!("default of `{}` is not a valid `{}` value", decl.path, ty.name()),
                );
            }
            value
        });
        Some(CField {
            label: Shared::new(decl.title.clone()),
            pointer: dotted_to_pointer(&decl.path),
            min,
            max,
            max_length: decl.max_length.map_or(DEFAULT_TEXT_LENGTH, |n| n as usize),
            default,
            decl,
        })
    }

    fn insert_leaf(&mut self, root: &mut Group, segments: &[&str], index: usize) -> bool {
        let Some((last, groups)) = segments.split_last() else {
            return false;
        };
        let mut group = root;
        for seg in groups {
            let pos = group.members.iter().position(|(k, _)| k == seg);
            let pos = match pos {
                Some(p) => p,
                None => {
                    let pointer = crate::input::child_pointer(&group.pointer, seg);
                    group
                        .members
                        .push(((*seg).to_owned(), Member::Group(Group { pointer, label: None, members: Vec::new() })));
                    group.members.len() - 1
                }
            };
            match group.members.get_mut(pos) {
                Some((_, Member::Group(g))) => group = g,
                _ => return false,
            }
        }
        if group.get(last).is_some() {
            return false;
        }
        group.members.push(((*last).to_owned(), Member::Leaf(index)));
        true
    }

    /// Attaches declared group titles to the groups the fields made.
    pub(super) fn group_labels(&mut self, decls: Vec<crate::model::GroupDecl>, root: &mut Group) {
        // Each group's path and where it is first declared.
        let mut seen: Vec<(String, usize)> = Vec::new();
        for (i, decl) in decls.into_iter().enumerate() {
            // A second title for a group would silently replace the first.
            if let Some(&(_, first)) = seen.iter().find(|(p, _)| *p == decl.path) {
                let at = RulePath::default().key("groups").index(i).key("path");
                self.error(
                    &at,
                    DiagnosticCode::DuplicateId,
                    format!("分组 `{}` 重复声明", decl.path),
                    format!("group `{}` is declared more than once", decl.path),
                )
                .help(
                    format!("`groups[{first}].path` 已声明该分组：每个分组只声明一次，请删去或合并其一"),
                    format!("`groups[{first}].path` declares it already: declare each group once, remove or merge one"),
                );
                continue;
            }
            seen.push((decl.path.clone(), i));
            let mut group = &mut *root;
            let mut found = true;
            for seg in decl.path.split('.') {
                match group.members.iter_mut().find(|(k, _)| k == seg) {
                    Some((_, Member::Group(g))) => group = g,
                    _ => {
                        found = false;
                        break;
                    }
                }
            }
            if !found || decl.path.is_empty() {
                let at = RulePath::default().key("groups").index(i).key("path");
                self.error(
                    &at,
                    DiagnosticCode::UnknownName,
                    format!("没有字段属于分组 `{}`", decl.path),
                    format!("no field lies in a group `{}`", decl.path),
                )
                .help(
                    "分组是字段路径最后一段之前的部分，如 `quality.above_scale_firms` 的分组为 `quality`",
                    "a group is the dotted path before a field's last name, like `quality` for `quality.above_scale_firms`",
                );
                continue;
            }
            group.label = Some((decl.title, decl.help));
        }
    }

    pub(super) fn constraints(&mut self, list: Vec<Constraint>, fields: &[CField]) -> Vec<CConstraint> {
        let mut out = Vec::new();
        let mut ids = super::build::Ids::new();
        for (i, c) in list.into_iter().enumerate() {
            // An error names its constraint by id: two of one id could not be told apart.
            self.unique(&mut ids, &c.id, &RulePath::default().key("constraints").index(i), ("约束", "constraint"));
            let at = RulePath::default().key("constraints").index(i).key("when");
            let Some((left, op, right)) = comparison(&c.when) else {
                self.error(
                    &at,
                    DiagnosticCode::InvalidConstraint,
                    format!("约束 `{}` 应比较两个字段，如 `a <= b`", c.when),
                    format!("constraint `{}` is not a comparison of two fields such as `a <= b`", c.when),
                )
                .help("可用的比较符：`<=`、`<`、`>=`、`>`", "the comparisons are `<=`, `<`, `>=` and `>`");
                continue;
            };
            let left = self.numeric_field(&at, left, fields);
            let right = self.numeric_field(&at, right, fields);
            if let (Some(left), Some(right)) = (left, right) {
                out.push(CConstraint { model: c, left, op, right });
            }
        }
        out
    }

    fn numeric_field(&mut self, at: &RulePath, path: &str, fields: &[CField]) -> Option<usize> {
        let found = fields.iter().position(|f| f.decl.path == path);
        match found {
            Some(i) if fields.get(i).is_some_and(|f| f.decl.field_type.is_numeric()) => Some(i),
            Some(_) => {
                self.error(
                    at,
                    DiagnosticCode::TypeMismatch,
                    format!("约束所用字段 `{path}` 不是数值字段"),
                    format!("constraint field `{path}` is not a number"),
                );
                None
            }
            None => {
                let help = self.suggest_field(path, fields);
                let d = self.error(
                    at,
                    DiagnosticCode::UnknownName,
                    format!("未知字段 `{path}`"),
                    format!("unknown field `{path}`"),
                );
                if let Some(s) = help {
                    d.help(format!("你是否想写 `{s}`？"), format!("did you mean `{s}`?"));
                }
                None
            }
        }
    }
}

/// The two field paths and the comparison of a constraint's `when` (`a <= b`).
fn comparison(when: &str) -> Option<(&str, ConstraintOp, &str)> {
    let signs = [("<=", ConstraintOp::Le), (">=", ConstraintOp::Ge), ("<", ConstraintOp::Lt), (">", ConstraintOp::Gt)];
    let (at, sign, op) = signs.iter().find_map(|(sign, op)| when.find(sign).map(|at| (at, *sign, *op)))?;
    let (left, right) = (when.get(..at)?.trim(), when.get(at + sign.len()..)?.trim());
    let is_path = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    (is_path(left) && is_path(right)).then_some((left, op, right))
}

fn default_value(
    decl: &FieldDecl,
    d: &serde_json::Value,
    min: Option<Decimal>,
    max: Option<Decimal>,
) -> Option<FieldValue> {
    use serde_json::Value as J;
    match (decl.field_type, d) {
        (FieldType::Bool, J::Bool(b)) => Some(FieldValue::Bool(*b)),
        (FieldType::Text, J::String(s)) if !s.is_empty() => Some(FieldValue::Text(s.clone())),
        (FieldType::Enum, J::String(s)) if decl.values.iter().any(|v| &v.code == s) => {
            Some(FieldValue::Text(s.clone()))
        }
        (ty, J::Number(n)) if ty.is_numeric() => {
            let value = parse_number(&n.to_string()).ok()?;
            let whole_ok = !ty.is_whole() || value.fract().is_zero();
            let in_range = min.is_none_or(|m| value >= m) && max.is_none_or(|m| value <= m);
            (whole_ok && in_range).then_some(FieldValue::Number(value))
        }
        _ => None,
    }
}
