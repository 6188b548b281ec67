//! Compiling criteria and their parts: kinds, stray keys, band order, points within the maximum.

use super::build::{Builder, Scope};
use super::diagnostic::RulePath;
use super::{CCriterion, CPart, PartBody};
use crate::expr::Ty;
use crate::model::{Criterion, Part, PartKind, Text};
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
        self.clauses(at, &c.clause);
        self.basis(at, &c.basis);
        match c.max {
            None if scored => {
                self.error(
                    at,
                    "missing_max",
                    format!("指标 `{}` 缺少分值 `max`", c.id),
                    format!("criterion `{}` needs `max`", c.id),
                );
            }
            Some(m) if m <= Decimal::ZERO => {
                self.error(
                    &at.key("max"),
                    "out_of_range",
                    format!("指标 `{}` 的分值 `max` 为 {m}，应大于 0", c.id),
                    format!("criterion `{}` has `max` {m}, not above 0", c.id),
                );
            }
            _ => {}
        }
        if c.parts.is_empty() {
            self.error(
                at,
                "no_parts",
                format!("指标 `{}` 没有评分部分 `parts`", c.id),
                format!("criterion `{}` has no `parts`", c.id),
            );
        }
        let applies = c.applies_when.as_ref().and_then(|w| self.expr(&at.key("applies_when"), w, scope, Ty::Bool));
        let parts =
            c.parts.iter().enumerate().filter_map(|(i, p)| self.part(&at.key("parts").index(i), p, c.max, scope));
        let parts = parts.collect();
        let (title, clause, basis) = (c.title.clone().into(), c.clause.clone().into(), c.basis.clone().into());
        CCriterion {
            max: c.max,
            dimension: dimension.to_owned(),
            applies,
            parts,
            title,
            clause,
            basis,
            model: c,
            plan: Default::default(),
        }
    }

    fn part(&mut self, at: &RulePath, p: &Part, max: Option<Decimal>, scope: &Scope<'_>) -> Option<CPart> {
        if let Some(b) = &p.basis {
            self.basis(at, b);
        }
        let requires = p.requires.as_ref().and_then(|r| self.expr(&at.key("requires"), r, scope, Ty::Bool));
        let stray = |has: bool, name: &str, kinds: &str| {
            has.then(|| (format!("`{name}` 只用于 {kinds} 类评分部分"), format!("`{name}` belongs to {kinds} parts")))
        };
        let strays = [
            stray(p.when.is_some() && p.kind != PartKind::Flag, "when", "flag"),
            stray(p.points.is_some() && p.kind != PartKind::Flag, "points", "flag"),
            stray(p.value.is_some() && p.kind != PartKind::Bands, "value", "bands"),
            stray(!p.bands.is_empty() && p.kind != PartKind::Bands, "bands", "bands"),
            stray(!p.terms.is_empty() && p.kind != PartKind::Weighted, "terms", "weighted"),
            stray(p.cap.is_some() && p.kind != PartKind::Weighted, "cap", "weighted"),
        ];
        for (zh, en) in strays.into_iter().flatten() {
            self.error(at, "stray_key", zh, en);
        }
        let over = |points: Decimal| max.is_some_and(|m| points > m);
        let label_of = |src: Option<&String>| -> Text {
            if let Some(l) = &p.label {
                return l.clone();
            }
            let field = src.and_then(|s| scope.fields.iter().find(|f| f.decl.path == s.trim()));
            let derived = src.and_then(|s| scope.derived.iter().position(|(id, _)| id == s.trim()));
            match (field, derived.and_then(|d| scope.derived_labels.get(d))) {
                (Some(f), _) => f.decl.label.clone(),
                (None, Some((label, _))) => label.clone(),
                _ => Text::new(src.cloned().unwrap_or_default(), src.cloned().unwrap_or_default()),
            }
        };
        let body = match p.kind {
            PartKind::Flag => {
                let (Some(when), Some(points)) = (&p.when, p.points) else {
                    self.error(
                        at,
                        "missing_key",
                        "flag 类评分部分须有 `when` 和 `points`",
                        "a flag part needs `when` and `points`",
                    );
                    return None;
                };
                if over(points) {
                    self.error(
                        &at.key("points"),
                        "points_exceed_max",
                        format!("该评分部分给 {points} 分，超过指标分值"),
                        format!("part gives {points} points, more than the criterion's max"),
                    );
                }
                let when_e = self.expr(&at.key("when"), when, scope, Ty::Bool)?;
                (PartBody::Flag { when: when_e, points }, label_of(Some(when)))
            }
            PartKind::Bands => {
                let Some(value) = &p.value else {
                    self.error(
                        at,
                        "missing_key",
                        "bands 类评分部分须有 `value` 和 `bands`",
                        "a bands part needs `value` and `bands`",
                    );
                    return None;
                };
                if p.bands.is_empty() {
                    self.error(
                        at,
                        "missing_key",
                        "bands 类评分部分至少须有一个分档",
                        "a bands part needs at least one band",
                    );
                }
                for (i, pair) in p.bands.windows(2).enumerate() {
                    if let [hi, lo] = pair {
                        if lo.at_least >= hi.at_least {
                            self.error(
                                &at.key("bands").index(i + 1),
                                "unreachable_band",
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
                for (i, b) in p.bands.iter().enumerate() {
                    if over(b.points) {
                        self.error(
                            &at.key("bands").index(i).key("points"),
                            "points_exceed_max",
                            format!("该分档给 {} 分，超过指标分值", b.points),
                            format!("band gives {} points, more than the criterion's max", b.points),
                        );
                    }
                }
                let value_e = self.expr(&at.key("value"), value, scope, Ty::Number)?;
                let bands = p.bands.iter().map(|b| (b.at_least, b.points)).collect();
                (PartBody::Bands { value: value_e, bands }, label_of(Some(value)))
            }
            PartKind::Weighted => {
                if p.terms.is_empty() {
                    self.error(at, "missing_key", "weighted 类评分部分须有 `terms`", "a weighted part needs `terms`");
                    return None;
                }
                let mut terms = Vec::new();
                for (i, t) in p.terms.iter().enumerate() {
                    let e = self.expr(&at.key("terms").index(i).key("value"), &t.value, scope, Ty::Number);
                    let label = scope
                        .fields
                        .iter()
                        .find(|f| f.decl.path == t.value.trim())
                        .map_or_else(|| Text::new(t.value.clone(), t.value.clone()), |f| f.decl.label.clone());
                    terms.extend(e.map(|e| (e, t.weight, label)));
                }
                let label = p.label.clone().unwrap_or_else(|| Text::new("加权计数", "weighted count"));
                (PartBody::Weighted { terms, cap: p.cap }, label)
            }
        };
        let unit = match (&p.kind, &p.value) {
            (PartKind::Bands, Some(v)) => unit_of(v.trim(), scope),
            _ => None,
        };
        Some(CPart {
            label: body.1.into(),
            unit,
            requires,
            otherwise: p.otherwise.clone(),
            body: body.0,
            basis: p.basis.clone().map(Into::into),
        })
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
