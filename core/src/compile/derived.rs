//! Compiling derived values: ids, expressions, and an order in which each comes after
//! the values it reads (what is left over is a cycle).

use super::build::{infer, names_in, Builder, Scope};
use super::diagnostic::RulePath;
use super::*;
use crate::expr::{check, parse, Ty};
use crate::model::Derived;

impl Builder<'_> {
    #[allow(clippy::type_complexity)]
    pub(super) fn derived(
        &mut self,
        list: Vec<Derived>,
        fields: &[CField],
    ) -> (Vec<CDerived>, Vec<(String, Option<Ty>)>, Vec<usize>) {
        let at = RulePath::default().key("derived");
        let mut ids = super::build::Ids::new();
        let mut asts = Vec::new();
        for (i, d) in list.iter().enumerate() {
            let d_at = at.index(i);
            self.unique(&mut ids, &d.id, &d_at, ("派生值", "derived value"));
            if d.id.contains('.') || fields.iter().any(|f| f.decl.path == d.id) {
                self.error(
                    &d_at.key("id"),
                    DiagnosticCode::InvalidId,
                    format!("派生值编号 `{}` 不能含“.”，也不能与字段路径相同", d.id),
                    format!("derived value id `{}` must have no dots and differ from every field", d.id),
                );
            }
            asts.push(parse(&d.value).map_err(|e| self.expr_error(&d_at.key("value"), e)).ok());
        }
        // Order derived values so each comes after those it reads; what is left is a cycle.
        let deps: Vec<Vec<usize>> = asts
            .iter()
            .map(|ast| {
                let mut names = Vec::new();
                if let Some(ast) = ast {
                    names_in(ast, &mut names);
                }
                // A name that is a field's path reads the field, whatever a derived id says.
                let derived = |n: &String| -> Option<usize> {
                    if fields.iter().any(|f| f.decl.path == *n) {
                        return None;
                    }
                    list.iter().position(|d| &d.id == n)
                };
                names.iter().filter_map(derived).collect()
            })
            .collect();
        let mut order = Vec::new();
        let mut placed = vec![false; list.len()];
        while order.len() < list.len() {
            let next = (0..list.len()).find(|&i| {
                !placed.get(i).copied().unwrap_or(true)
                    && deps.get(i).is_some_and(|ds| ds.iter().all(|&d| placed.get(d).copied().unwrap_or(false)))
            });
            let Some(next) = next else {
                let stuck: Vec<&str> = (0..list.len())
                    .filter(|&i| !placed.get(i).copied().unwrap_or(true))
                    .filter_map(|i| list.get(i).map(|d| d.id.as_str()))
                    .collect();
                let first = (0..list.len()).find(|&i| !placed.get(i).copied().unwrap_or(true)).unwrap_or(0);
                self.error(
                    &at.index(first).key("value"),
                    DiagnosticCode::Cycle,
                    format!("派生值之间循环引用：{}", stuck.join("、")),
                    format!("derived values read each other in a cycle: {}", stuck.join(", ")),
                );
                break;
            };
            if let Some(p) = placed.get_mut(next) {
                *p = true;
            }
            order.push(next);
        }
        let mut types: Vec<(String, Option<Ty>)> = list.iter().map(|d| (d.id.clone(), None)).collect();
        let mut exprs: Vec<Option<crate::expr::Expr>> = vec![None; list.len()];
        for &i in &order {
            let Some(Some(ast)) = asts.get(i) else {
                continue;
            };
            let scope = Scope { fields, derived: &types, derived_labels: &[], outcome_vars: None, value_field: None };
            match check(ast, &scope, None) {
                Ok(e) => {
                    let ty = infer(ast, &scope);
                    if let Some(t) = types.get_mut(i) {
                        t.1 = ty;
                    }
                    if let Some(slot) = exprs.get_mut(i) {
                        *slot = Some(e);
                    }
                }
                Err(e) => self.expr_error(&at.index(i).key("value"), e),
            }
        }
        let derived = list
            .into_iter()
            .zip(exprs)
            .map(|(_, e)| CDerived { expr: e.unwrap_or(crate::expr::Expr::Const(crate::expr::Const::Bool(false))) })
            .collect();
        (derived, types, order)
    }
}
