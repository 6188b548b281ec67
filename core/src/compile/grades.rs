//! Compiling the grade table (its bands in order, the veto's grade, the cap) and the
//! outcomes, each with its condition.

use super::build::{Builder, Ids, Scope};
use super::diagnostic::RulePath;
use super::*;
use crate::expr::Ty;

impl Builder<'_> {
    pub(super) fn grades(
        &mut self,
        grades: &[crate::model::Grade],
        veto_grade: Option<&str>,
        cap: Option<rust_decimal::Decimal>,
    ) {
        let at = RulePath::default().key("grades");
        let mut ids = Ids::new();
        // A grade above the final score's cap is never given (`min = 1000` under `max = 100`).
        for (i, g) in grades.iter().enumerate() {
            let (Some(min), Some(cap)) = (g.min, cap) else { continue };
            if min > cap {
                self.error(
                    &at.index(i).key("min"),
                    DiagnosticCode::UnreachableBand,
                    format!("等级不可达：等级 `{}` 需 {min} 分，高于最终得分上限 {cap}", g.id),
                    format!(
                        "grade `{}` needs {min}, above the final score's cap of {cap}: it can never be reached",
                        g.id
                    ),
                )
                .help("请把 `min` 降到不高于 `max`，或提高 `max`", "lower `min` to at most `max`, or raise `max`");
            }
        }
        for (i, pair) in grades.windows(2).enumerate() {
            if let [hi, lo] = pair {
                match (hi.min, lo.min) {
                    (None, _) => {
                        self.error(
                            &at.index(i + 1),
                            DiagnosticCode::UnreachableBand,
                            format!("等级不可达：等级 `{}` 排在未设 `min` 的等级之后", lo.id),
                            format!("grade `{}` comes after a grade without `min`", lo.id),
                        );
                    }
                    (Some(h), Some(l)) if l == h => {
                        self.error(
                            &at.index(i + 1).key("min"),
                            DiagnosticCode::UnreachableBand,
                            format!(
                                "等级不可达：等级 `{}` 与其上的等级 `{}` 同为 `min = {l}`，永远不会评定",
                                lo.id, hi.id
                            ),
                            format!(
                                "grade `{}` has the same `min = {l}` as grade `{}` above it: it can never be reached",
                                lo.id, hi.id
                            ),
                        )
                        .help(
                            "每个等级的 `min` 须低于其上一个等级的",
                            "give each grade a `min` below the one above it",
                        );
                    }
                    (Some(h), Some(l)) if l > h => {
                        self.error(
                            &at.index(i + 1).key("min"),
                            DiagnosticCode::UnreachableBand,
                            format!("等级不可达：等级 `{}` 永远不会评定", lo.id),
                            format!("grade `{}` can never be reached", lo.id),
                        )
                        .help("请按 `min` 从高到低排列等级", "list grades from the highest `min` down");
                    }
                    _ => {}
                }
            }
        }
        for (i, g) in grades.iter().enumerate() {
            self.unique(&mut ids, &g.id, &at.index(i), ("等级", "grade"));
        }
        // A score below the last grade's `min` would get none: an answer with an empty grade.
        if let Some((last, Some(min))) = grades.last().map(|g| (g, g.min)) {
            self.error(
                &at.index(grades.len() - 1).key("min"),
                DiagnosticCode::NoFallback,
                format!("最后一个等级 `{}` 设了 `min = {min}`：低于 {min} 分的申报将没有等级", last.id),
                format!("the last grade `{}` has `min = {min}`: a score below {min} would get no grade", last.id),
            );
        }
        if let Some(v) = veto_grade {
            if !grades.iter().any(|g| g.id == v) {
                let ids: Vec<&str> = grades.iter().map(|g| g.id.as_str()).collect();
                let help = if ids.is_empty() {
                    (
                        "请先在 `[[grades]]` 中声明等级".to_owned(),
                        "declare the grades under `[[grades]]` first".to_owned(),
                    )
                } else {
                    (
                        format!("请改为 `grades` 中的一个编号：{}", ids.join("、")),
                        format!("name one of the grades' ids: {}", ids.join(", ")),
                    )
                };
                self.error(
                    &RulePath::default().key("pipeline").key("veto_grade"),
                    DiagnosticCode::UnknownName,
                    format!("一票否决等级 `{v}` 未在 `grades` 中定义"),
                    format!("veto grade `{v}` is not in `grades`"),
                )
                .help(help.0, help.1);
            }
        }
    }

    pub(super) fn outcomes(&mut self, list: Vec<crate::model::Outcome>, scope: &Scope<'_>) -> Vec<COutcome> {
        let at = RulePath::default().key("outcomes");
        let mut ids = Ids::new();
        let count = list.len();
        let mut out = Vec::new();
        for (i, o) in list.into_iter().enumerate() {
            self.unique(&mut ids, &o.id, &at.index(i), ("结论", "outcome"));
            if o.when.is_none() && i + 1 < count {
                self.error(
                    &at.index(i + 1),
                    DiagnosticCode::UnreachableBand,
                    "结论不可达：排在未设 `when` 的结论之后，永远不会得出",
                    "an outcome after one without `when` can never be reached",
                );
            }
            if o.when.is_some() && i + 1 == count {
                self.error(
                    &at.index(i).key("when"),
                    DiagnosticCode::NoFallback,
                    format!("最后一个结论 `{}` 设了 `when`：不满足任何条件的申报将没有结论", o.id),
                    format!(
                        "the last outcome `{}` has a `when`: a submission that meets none would get no outcome",
                        o.id
                    ),
                );
            }
            let when = o.when.as_ref().and_then(|w| self.expr(&at.index(i).key("when"), w, scope, Ty::Bool));
            out.push(COutcome { model: o, when });
        }
        out
    }
}
