//! What a ruleset's rules can never do, whatever a submission holds: points out of reach,
//! gates and vetoes that decide nothing, grades and outcomes no submission gets. Read from
//! the score bounds of an empty submission, which cover every submission; warnings for the
//! rule file's author, which `zonescore check` prints.

use super::{BoundsAnswer, CheckBounds, CriterionBounds, Settled};
use crate::api::Ruleset;
use crate::input::Input;
use crate::model::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One thing the rules can never do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Unreachable {
    /// What it is: `never_applies`, `never_scores`, `points_out_of_reach` (criteria and bonus
    /// items); `gate_always_passes`, `gate_never_passes`, `gate_fails_when_filled`;
    /// `veto_always_fires`, `veto_never_fires`, `veto_fires_when_filled`;
    /// `grade_out_of_reach`, `outcome_out_of_reach`; `gates_without_effect`,
    /// `vetoes_without_effect` (the ids of all, space-separated); `cap_out_of_reach`,
    /// `points_over_cap`, `final_score_below_zero` (no id).
    pub code: String,
    /// The id of the criterion, gate or veto, or the grade's or outcome's code.
    pub id: String,
    /// What it means, in both languages.
    pub message: Text,
}

impl Ruleset {
    /// What the rules can never do, whatever a submission holds, in rule order: criteria
    /// first, then gates, vetoes, grades and outcomes, then gates or vetoes that move no
    /// result, a final score's cap out of reach or below the criteria's points, and a final
    /// score that can fall below 0. Every item is certain: the bounds it
    /// is read from are never narrower than the truth. Some may go unnamed where those bounds
    /// are wider than the truth (`Bounds::exact` false), and a gate or veto is named only when
    /// its condition reads no field (a constant): bounds leave one that reads a missing field
    /// open.
    pub fn unreachable(&self) -> Vec<Unreachable> {
        let BoundsAnswer::Bounds(b) = self.bounds(&Input::Object(Vec::new())) else {
            return Vec::new();
        };
        let mut found: Vec<Unreachable> = b.criteria.iter().filter_map(criterion).collect();
        let mut check =
            |code: &str, id: &str, title: &Text, zh: &str, en: &str| found.push(item(code, id, title, zh, en));
        // What a gate or veto that holds (`Yes`) or fails (`No`) for every submission means.
        type Said = (&'static str, &'static str, &'static str);
        let checks: [(&[super::CheckBounds], Said, Said); 2] = [
            (
                &b.gates,
                (
                    "gate_always_passes",
                    "：任何提交都符合这一资格条件，它不起作用",
                    "is a gate every submission passes: it decides nothing",
                ),
                (
                    "gate_never_passes",
                    "：没有哪份提交能符合这一资格条件，所有提交都不合格",
                    "is a gate no submission passes: every submission fails it",
                ),
            ),
            (
                &b.vetoes,
                (
                    "veto_always_fires",
                    "：这一否决项对任何提交都成立，所有提交都被一票否决",
                    "is a veto that fires for every submission: every submission is vetoed",
                ),
                (
                    "veto_never_fires",
                    "：这一否决项对任何提交都不成立，它不起作用",
                    "is a veto that fires for no submission: it decides nothing",
                ),
            ),
        ];
        for (list, yes, no) in checks {
            for c in list {
                let said = match c.holds {
                    Settled::Yes => yes,
                    Settled::No => no,
                    Settled::Open => continue,
                };
                check(said.0, &c.id, &c.title, said.1, said.2);
            }
        }
        let c = self.compiled();
        let highest = b.final_score.max.as_deref().and_then(|m| m.parse::<rust_decimal::Decimal>().ok());
        for g in c.grades.iter().filter(|g| !b.grades.contains(&g.id)) {
            // Why, where the final score cannot reach its lower bound.
            let (zh, en) = match (highest, g.min) {
                (Some(high), Some(min)) if high < min => (
                    format!("：最终得分最高 {high}，达不到这一等级的 {min} 分"),
                    format!("is a grade no submission gets: the final score is at most {high}, below its {min}"),
                ),
                _ => ("：没有哪份提交能得到这一等级".to_owned(), "is a grade no submission gets".to_owned()),
            };
            check("grade_out_of_reach", &g.id, &g.title, &zh, &en);
        }
        for o in c.outcomes.iter().map(|o| &o.model).filter(|o| !b.outcomes.contains(&o.id)) {
            check(
                "outcome_out_of_reach",
                &o.id,
                &o.title,
                "：没有哪份提交能得到这一结论",
                "is an outcome no submission gets",
            );
        }
        found.extend(self.when_filled(&b.gates, &b.vetoes));
        found.extend(without_effect(c));
        found.extend(against_the_cap(c, highest));
        found.extend(below_zero(b.final_score.min.as_deref()));
        found
    }

    /// Gates that fail, and vetoes that fire, for every submission that fills in the fields
    /// they read (`integrity.cases >= 0` where `> 0` was meant), among those the empty form
    /// leaves open: read from the bounds of the empty form with every field required, so
    /// that no field may stay missing.
    fn when_filled(&self, gates: &[CheckBounds], vetoes: &[CheckBounds]) -> Vec<Unreachable> {
        let open = |list: &[CheckBounds]| list.iter().any(|c| c.holds == Settled::Open);
        if !open(gates) && !open(vetoes) {
            return Vec::new();
        }
        let mut filled = self.compiled().clone();
        filled.what_if = std::sync::OnceLock::new();
        for f in &mut filled.fields {
            f.decl.required = true;
        }
        let Ok(values) = filled.check_partial(&Input::Object(Vec::new())) else { return Vec::new() };
        let all = filled.bounds_of(values);
        let mut found = Vec::new();
        let lists = [
            (
                gates,
                &all.gates,
                Settled::No,
                "gate_fails_when_filled",
                "：填写了它所读字段的提交都不符合这一资格条件（条件对其任何取值都不成立）",
                "is a gate no submission that fills in the fields it reads passes (its condition fails for any value)",
            ),
            (
                vetoes,
                &all.vetoes,
                Settled::Yes,
                "veto_fires_when_filled",
                "：填写了它所读字段的提交都会被一票否决（条件对其任何取值都成立）",
                "is a veto that fires for every submission that fills in the fields it reads (its condition holds for any value)",
            ),
        ];
        for (now, filled, settled, code, zh, en) in lists {
            for (c, f) in now.iter().zip(filled) {
                if c.holds == Settled::Open && f.holds == settled {
                    found.push(item(code, &c.id, &c.title, zh, en));
                }
            }
        }
        found
    }
}

/// One thing the rules can never do, of a rule with an id and a title: `id「title」` and what.
fn item(code: &str, id: &str, title: &Text, zh: &str, en: &str) -> Unreachable {
    let message = Text::new(format!("{id}「{}」{zh}", title.zh), format!("{id} “{}” {en}", title.en));
    Unreachable { code: code.into(), id: id.into(), message }
}

/// A final score that can fall below 0 (`lowest`, the bounds' lowest, below 0 or none):
/// a negative weight or points (`weight = -2` where `2` was meant), which no 百分制 form has.
fn below_zero(lowest: Option<&str>) -> Option<Unreachable> {
    let low = match lowest.map(str::parse::<rust_decimal::Decimal>) {
        None => Text::new("没有下限，可低于 0", "has no lowest value: it can fall below 0"),
        Some(Ok(low)) if low.is_sign_negative() && !low.is_zero() => {
            Text::new(format!("最低可为 {low}，低于 0"), format!("can be as low as {low}, below 0"))
        }
        _ => return None,
    };
    Some(Unreachable {
        code: "final_score_below_zero".into(),
        id: String::new(),
        message: Text::new(
            format!("最终得分{}：请检查是否误写了负的分值或权重", low.zh),
            format!("the final score {}: check for negative points or weights", low.en),
        ),
    })
}

/// Gates and vetoes whose result nothing reads: vetoes with no `pipeline.veto_grade` and no
/// outcome reading `result.veto_fired`, gates with no outcome reading `result.gate_failed`.
/// Each then changes no grade and no outcome, however it turns out, while a scorecard still
/// says it failed or fired beside a result it did not move.
fn without_effect(c: &crate::compile::CompiledRuleset) -> Vec<Unreachable> {
    use crate::expr::ResultVar;
    let read = |var| c.outcomes.iter().any(|o| o.when.as_ref().is_some_and(|w| w.reads_var(var)));
    let mut found = Vec::new();
    if !c.gates.is_empty() && !read(ResultVar::GateFailed) {
        found.push(Unreachable {
            code: "gates_without_effect".into(),
            id: c.gates.iter().map(|g| g.id.to_string()).collect::<Vec<_>>().join(" "),
            message: Text::new(
                "资格条件不影响任何结果：没有哪个结论的 when 读取 result.gate_failed，不符合资格条件的提交照常得到结论",
                "the gates change no result: no outcome's `when` reads `result.gate_failed`, so a submission that fails one \
                 gets its outcome as if it had passed",
            ),
        });
    }
    if !c.vetoes.is_empty() && c.veto_grade.is_none() && !read(ResultVar::VetoFired) {
        found.push(Unreachable {
            code: "vetoes_without_effect".into(),
            id: c.vetoes.iter().map(|v| v.id.to_string()).collect::<Vec<_>>().join(" "),
            message: Text::new(
                "一票否决不影响任何结果：未设 pipeline.veto_grade，也没有哪个结论的 when 读取 result.veto_fired，被否决的提交照常得到等级和结论",
                "the vetoes change no result: there is no `pipeline.veto_grade` and no outcome's `when` reads \
                 `result.veto_fired`, so a vetoed submission gets its grade and outcome as if none had fired",
            ),
        });
    }
    found
}

/// The criteria's points against the final score's cap (`pipeline.max`): a cap no submission
/// reaches (`highest`, the bounds' highest final score, is below it), or, where scores are not
/// normalised, criteria worth more than the cap together, so that points past it are lost
/// (a criterion added without taking points from another).
fn against_the_cap(c: &crate::compile::CompiledRuleset, highest: Option<rust_decimal::Decimal>) -> Vec<Unreachable> {
    let Some(cap) = c.pipeline.max else { return Vec::new() };
    let criteria = c.dimensions.iter().flat_map(|d| &d.criteria);
    let total: Option<rust_decimal::Decimal> = criteria.map(|k| k.max).sum();
    let item = |code: &str, zh: String, en: String| Unreachable {
        code: code.into(),
        id: String::new(),
        message: Text::new(zh, en),
    };
    match (highest, total) {
        (Some(high), _) if high < cap => vec![item(
            "cap_out_of_reach",
            format!("最终得分最高 {high}，达不到上限（pipeline.max）{cap}：没有哪份提交能得满分"),
            format!("the final score is at most {high}, below its cap (`pipeline.max`) {cap}: no submission gets full marks"),
        )],
        (_, Some(total)) if !c.pipeline.normalise && total > cap => {
            let over = total - cap;
            vec![item(
                "points_over_cap",
                format!("各指标分值合计 {total}，高于最终得分上限（pipeline.max）{cap}：超出的 {over} 分不计，失分不超过 {over} 分的提交仍得 {cap} 分"),
                format!(
                    "the criteria are worth {total} together, more than the final score's cap (`pipeline.max`) {cap}: \
                     {over} points are lost past it, and a submission that misses up to {over} still scores {cap}"
                ),
            )]
        }
        _ => Vec::new(),
    }
}

/// What a criterion or bonus item can never do: apply, score, or reach its maximum.
fn criterion(b: &CriterionBounds) -> Option<Unreachable> {
    let (id, title) = (&b.id, &*b.title);
    let item = |code: &str, zh: String, en: String| {
        let message = Text::new(format!("{id}「{}」{zh}", title.zh), format!("{id} “{}” {en}", title.en));
        Some(Unreachable { code: code.into(), id: id.clone(), message })
    };
    let highest = b.points.max.as_deref();
    if b.applies == Settled::No {
        return item(
            "never_applies",
            "：对任何提交都不适用（合理缺项），从不计分".into(),
            "applies to no submission: it never scores".into(),
        );
    }
    let zero = |v: &str| v.parse::<rust_decimal::Decimal>().is_ok_and(|d| d.is_zero());
    // Neither end moves from 0 (a deduction's lowest end below 0 is its purpose).
    let fixed = highest.is_some_and(zero) && b.points.min.as_deref().is_some_and(zero);
    if fixed && !b.max.as_deref().is_some_and(zero) {
        return item("never_scores", "：无论填写什么都得 0 分".into(), "scores 0 whatever a submission holds".into());
    }
    match (highest, b.max.as_deref()) {
        (Some(high), Some(max)) if below(high, max) => item(
            "points_out_of_reach",
            format!("：最多只能得 {high} 分，达不到其分值 {max} 分"),
            format!("can score at most {high} of its {max} points"),
        ),
        _ => None,
    }
}

/// Whether decimal text `a` is below `b` (false when either does not read).
fn below(a: &str, b: &str) -> bool {
    match (a.parse::<rust_decimal::Decimal>(), b.parse::<rust_decimal::Decimal>()) {
        (Ok(a), Ok(b)) => a < b,
        _ => false,
    }
}
