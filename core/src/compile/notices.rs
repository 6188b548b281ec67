//! Compiling notes and warnings: their conditions, the field or group each is about, and
//! the notices checked for each field of a type (`for_each`).

use super::build::{Builder, Scope};
use super::diagnostic::RulePath;
use super::*;
use crate::expr::Ty;

impl Builder<'_> {
    pub(super) fn notices(
        &mut self,
        list: Vec<crate::model::WarningRule>,
        key: &'static str,
        scope: &Scope<'_>,
    ) -> Vec<CWarning> {
        let mut ids = super::build::Ids::new();
        let mut out = Vec::new();
        for (i, w) in list.into_iter().enumerate() {
            let at = RulePath::default().key(key).index(i);
            self.unique(&mut ids, &w.id, &at, if key == "notes" { ("说明", "notice") } else { ("警示", "notice") });
            let pointer = w.path.as_deref().and_then(|p| self.notice_path(&at.key("path"), p, scope.fields));
            let Some(each) = &w.for_each else {
                if let Some(when) = self.expr(&at.key("when"), &w.when, scope, Ty::Bool) {
                    out.push(CWarning { model: w, when, cond: None, field: None, pointer });
                }
                continue;
            };
            for (k, path) in each.except.iter().enumerate() {
                if !scope.fields.iter().any(|f| &f.decl.path == path && f.decl.field_type == each.field_type) {
                    let ty = each.field_type.name();
                    self.error(
                        &at.key("for_each").key("except").index(k),
                        DiagnosticCode::UnknownField,
                        format!("`{path}` 不是类型为 `{ty}` 的字段"),
                        format!("`{path}` is not a field of type `{ty}`"),
                    );
                }
            }
            let of_type = scope
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.decl.field_type == each.field_type && !each.except.contains(&f.decl.path));
            let fields: Vec<(usize, String)> = of_type.map(|(i, f)| (i, f.pointer.clone())).collect();
            if fields.is_empty() {
                self.error(
                    &at.key("for_each"),
                    DiagnosticCode::NoSuchFields,
                    format!("没有类型为 `{}` 的字段", each.field_type.name()),
                    format!("no field has type `{}`", each.field_type.name()),
                );
            }
            for (i, field_pointer) in fields {
                let each_scope = Scope { value_field: Some(i), ..*scope };
                // One compile error per rule, not one per field it is checked for.
                let Some(when) = self.expr(&at.key("when"), &w.when, &each_scope, Ty::Bool) else { break };
                out.push(CWarning { model: w.clone(), when, cond: None, field: Some(i), pointer: Some(field_pointer) });
            }
        }
        out
    }

    /// The JSON pointer of a notice's `path`: a declared field or the group of some.
    fn notice_path(&mut self, at: &RulePath, path: &str, fields: &[CField]) -> Option<String> {
        let group = format!("{path}.");
        if fields.iter().any(|f| f.decl.path == path || f.decl.path.starts_with(&group)) {
            return Some(crate::input::dotted_to_pointer(path));
        }
        let suggestion = self.suggest_field(path, fields);
        let d = self.error(
            at,
            DiagnosticCode::UnknownField,
            format!("`{path}` 既不是字段，也不是字段分组"),
            format!("`{path}` is neither a field nor a group of fields"),
        );
        if let Some(s) = suggestion {
            d.help(format!("你是否想写 `{s}`？"), format!("did you mean `{s}`?"));
        }
        None
    }
}
