//! Compiling derived values: ids, expressions, and an order in which each comes after
//! the values it reads (what is left over is a cycle).

use super::build::{infer, names_in, Builder, Scope};
use super::diagnostic::RulePath;
use super::*;
use crate::expr::{check, parse, Expr, Ty};
use crate::model::{Derived, Text};

/// Most operations a derived value may stack, and hold, with the derived values it reads
/// written out in their places. Scoring reads each derived value once, in order; the what-if
/// walks follow each one into the values it reads, so a long chain of tall values would
/// overflow their stack, and values that each read the one before twice (`d2 = d1 + d1`)
/// would double their work with every step.
pub const MAX_DERIVED_HEIGHT: usize = 512;
/// See [`MAX_DERIVED_HEIGHT`].
pub const MAX_DERIVED_NODES: usize = 4096;

/// The height and the number of nodes of `expr` with the derived values it reads written out,
/// `derived` giving theirs (saturating).
fn written_out(expr: &Expr, derived: &[(usize, usize)]) -> (usize, usize) {
    let below = |parts: &mut dyn Iterator<Item = &Expr>| {
        parts
            .map(|e| written_out(e, derived))
            .fold((0usize, 0usize), |(h, n), (h2, n2)| (h.max(h2), n.saturating_add(n2)))
    };
    let (height, nodes) = match expr {
        Expr::Derived(d) => derived.get(*d).copied().unwrap_or((0, 0)),
        Expr::Neg(e) | Expr::Not(e) | Expr::In(e, _) => written_out(e, derived),
        Expr::Arith(_, l, r) | Expr::Compare(_, l, r) | Expr::And(l, r) | Expr::Or(l, r) => {
            below(&mut [&**l, &**r].into_iter())
        }
        Expr::Min(args) | Expr::Max(args) => below(&mut args.iter()),
        Expr::If(c, a, b) => below(&mut [&**c, &**a, &**b].into_iter()),
        Expr::Const(_) | Expr::Field(_) | Expr::Var(_) | Expr::Present(_) => (0, 0),
    };
    (height.saturating_add(1), nodes.saturating_add(1))
}

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
        let mut sizes = vec![(0, 0); list.len()];
        for &i in &order {
            let Some(Some(e)) = exprs.get(i) else { continue };
            let (height, nodes) = written_out(e, &sizes);
            if let Some(size) = sizes.get_mut(i) {
                *size = (height, nodes);
            }
            let (code, zh, en) = if height > MAX_DERIVED_HEIGHT {
                (
                    DiagnosticCode::ExprTooDeep,
                    format!("运算层数超过 {MAX_DERIVED_HEIGHT} 层"),
                    format!("stacks more than {MAX_DERIVED_HEIGHT} operations"),
                )
            } else if nodes > MAX_DERIVED_NODES {
                (
                    DiagnosticCode::ExprTooLong,
                    format!("运算超过 {MAX_DERIVED_NODES} 个"),
                    format!("holds more than {MAX_DERIVED_NODES} operations"),
                )
            } else {
                continue;
            };
            self.error(
                &at.index(i).key("value"),
                code,
                format!("连同它读取的派生值，该派生值{zh}"),
                format!("with the derived values it reads written out, the value {en}"),
            )
            .help = Some(Text::new(
                "派生值层层引用过深，或同一派生值被重复读取（如 `d + d`，可写成 `d * 2`）",
                "derived values read one another in too long a chain, or read one many times over (write `d + d` as `d * 2`)",
            ));
        }
        let derived = list
            .into_iter()
            .zip(exprs)
            .map(|(_, e)| CDerived { expr: e.unwrap_or(crate::expr::Expr::Const(crate::expr::Const::Bool(false))) })
            .collect();
        (derived, types, order)
    }
}
