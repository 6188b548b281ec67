//! Compiling criteria and their parts: kinds, band order, points within the maximum.

use super::build::{Builder, Scope};
use super::diagnostic::RulePath;
use super::DiagnosticCode;
use super::{CCriterion, CPart, PartBody};
use crate::expr::Ty;
use crate::model::{Band, Criterion, Part, Text};
use rust_decimal::Decimal;

impl Builder<'_> {
    pub(super) fn criterion(
        &mut self,
        at: &RulePath,
        c: Criterion,
        dimension: &str,
        scope: &Scope<'_>,
        scored: bool,
    ) -> CCriterion {
        let kind = if scored { ("指标", "criterion") } else { ("加分项", "bonus item") };
        self.cited_clauses(at, &c.id, &c.clause, kind);
        self.basis(at, &c.basis);
        match c.max {
            None if scored => {
                self.error(
                    at,
                    DiagnosticCode::MissingMax,
                    format!("指标 `{}` 缺少分值 `max`", c.id),
                    format!("criterion `{}` needs `max`", c.id),
                );
            }
            Some(m) if m <= Decimal::ZERO => {
                self.error(
                    &at.key("max"),
                    DiagnosticCode::OutOfRange,
                    format!("指标 `{}` 的分值 `max` 为 {m}，应大于 0", c.id),
                    format!("criterion `{}` has `max` {m}, not above 0", c.id),
                );
            }
            _ => {}
        }
        if c.parts.is_empty() {
            self.error(
                at,
                DiagnosticCode::NoParts,
                format!("指标 `{}` 没有评分部分 `parts`", c.id),
                format!("criterion `{}` has no `parts`", c.id),
            );
        }
        let applies = c.when.as_ref().and_then(|w| self.expr(&at.key("when"), w, scope, Ty::Bool));
        let parts =
            c.parts.iter().enumerate().filter_map(|(i, p)| self.part(&at.key("parts").index(i), p, c.max, scope));
        let parts = parts.collect();
        let (title, clause, basis) = (c.title.clone().into(), c.clause.clone().into(), c.basis.clone().into());
        let pieces = crate::score::criterion_pieces(&c.id, dimension, c.max, &c);
        CCriterion {
            id: c.id.as_str().into(),
            max: c.max,
            max_text: c.max.map(|m| crate::score::explain_dec(m).into()),
            dimension: dimension.into(),
            bonus: !scored,
            applies,
            parts,
            title,
            clause,
            basis,
            model: c,
            plan: Default::default(),
            pieces,
        }
    }

    fn part(&mut self, at: &RulePath, p: &Part, max: Option<Decimal>, scope: &Scope<'_>) -> Option<CPart> {
        let common = p.common();
        if let Some(b) = common.basis {
            self.basis(at, b);
        }
        let requires = common.when.and_then(|r| self.expr(&at.key("when"), r, scope, Ty::Bool));
        let over = |points: Decimal| max.is_some_and(|m| points > m);
        let label_of = |src: &str| -> Text {
            if let Some(l) = common.title {
                return l.clone();
            }
            let field = scope.fields.iter().find(|f| f.decl.path == src.trim());
            let derived = scope.derived.iter().position(|(id, _)| id == src.trim());
            match (field, derived.and_then(|d| scope.derived_labels.get(d))) {
                (Some(f), _) => f.decl.title.clone(),
                (None, Some((label, _))) => label.clone(),
                _ => Text::new(src, src),
            }
        };
        let (body, label, unit) = match p {
            Part::Flag { value, points, .. } => {
                if over(*points) {
                    self.error(
                        &at.key("points"),
                        DiagnosticCode::PointsExceedMax,
                        format!("该评分部分给 {points} 分，超过指标分值"),
                        format!(
                            "part gives {points} {}, more than the criterion's max",
                            crate::sentence::points_en(*points)
                        ),
                    );
                }
                let when_e = self.expr(&at.key("value"), value, scope, Ty::Bool)?;
                (PartBody::Flag { when: when_e, points: *points }, label_of(value), None)
            }
            Part::Bands { value, bands, .. } => {
                self.bands(at, bands, max);
                let value_e = self.expr(&at.key("value"), value, scope, Ty::Number)?;
                let table = bands.iter().map(|b| (b.at_least, b.points)).collect();
                (PartBody::Bands { value: value_e, bands: table }, label_of(value), unit_of(value.trim(), scope))
            }
            Part::Weighted { terms, cap, .. } => {
                if terms.is_empty() {
                    self.error(
                        at,
                        DiagnosticCode::MissingKey,
                        "weighted 类评分部分须有 `terms`",
                        "a weighted part needs `terms`",
                    );
                    return None;
                }
                let mut compiled = Vec::new();
                for (i, t) in terms.iter().enumerate() {
                    let e = self.expr(&at.key("terms").index(i).key("value"), &t.value, scope, Ty::Number);
                    let label = scope
                        .fields
                        .iter()
                        .find(|f| f.decl.path == t.value.trim())
                        .map_or_else(|| Text::new(t.value.clone(), t.value.clone()), |f| f.decl.title.clone());
                    compiled.extend(e.map(|e| (e, t.weight, label)));
                }
                let label = common.title.cloned().unwrap_or_else(|| Text::new("加权计数", "weighted count"));
                (PartBody::Weighted { terms: compiled, cap: *cap }, label, None)
            }
        };
        let pieces = crate::score::part_pieces(&label, common.basis);
        Some(CPart {
            label: label.into(),
            unit,
            requires,
            otherwise: common.otherwise.cloned(),
            body,
            basis: common.basis.cloned().map(Into::into),
            pieces,
        })
    }

    /// Checks a band table: at least one band, thresholds from the highest down, points
    /// within the criterion's maximum.
    fn bands(&mut self, at: &RulePath, bands: &[Band], max: Option<Decimal>) {
        if bands.is_empty() {
            self.error(
                at,
                DiagnosticCode::MissingKey,
                "bands 类评分部分至少须有一个分档",
                "a bands part needs at least one band",
            );
        }
        for (i, pair) in bands.windows(2).enumerate() {
            if let [hi, lo] = pair {
                if lo.at_least == hi.at_least {
                    self.error(
                        &at.key("bands").index(i + 1),
                        DiagnosticCode::UnreachableBand,
                        format!("分档不可达：两个分档同为 `at_least = {}`，后一个永远达不到", lo.at_least),
                        format!("two bands have `at_least = {}`: the second can never be reached", lo.at_least),
                    )
                    .help("删去重复的分档，或改其门槛", "remove the repeated band, or change its threshold");
                } else if lo.at_least > hi.at_least {
                    self.error(
                        &at.key("bands").index(i + 1),
                        DiagnosticCode::UnreachableBand,
                        format!(
                            "分档不可达：`at_least = {}` 排在 `at_least = {}` 之后，永远达不到",
                            lo.at_least, hi.at_least
                        ),
                        format!(
                            "band `at_least = {}` can never be reached after `at_least = {}`",
                            lo.at_least, hi.at_least
                        ),
                    )
                    .help("请按门槛从高到低排列分档", "list bands from the highest threshold down");
                }
            }
        }
        for (i, b) in bands.iter().enumerate() {
            if max.is_some_and(|m| b.points > m) {
                self.error(
                    &at.key("bands").index(i).key("points"),
                    DiagnosticCode::PointsExceedMax,
                    format!("该分档给 {} 分，超过指标分值", b.points),
                    format!(
                        "band gives {} {}, more than the criterion's max",
                        b.points,
                        crate::sentence::points_en(b.points)
                    ),
                );
            }
        }
    }
}

/// The unit of a value read by name: a field's or a derived value's.
fn unit_of(name: &str, scope: &Scope<'_>) -> Option<Text> {
    if let Some(f) = scope.fields.iter().find(|f| f.decl.path == name) {
        return f.decl.unit.clone();
    }
    let d = scope.derived.iter().position(|(id, _)| id == name)?;
    scope.derived_labels.get(d).and_then(|(_, unit)| unit.clone())
}
