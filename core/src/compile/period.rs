//! Compiling what hangs on the effective period: its dates, the notice of a year outside
//! it, and the goal counted over its years.

use super::build::{Builder, Scope};
use super::diagnostic::RulePath;
use super::*;
use crate::expr::Ty;
use crate::migrate::{effective_period_message, year_of, EFFECTIVE_PERIOD_NOTICE};
use crate::model::{EffectivePeriod, RuleFile, WarningRule};

impl Builder<'_> {
    /// The first and last year of `ruleset.effective`, checking its dates.
    pub(super) fn effective_years(&mut self, period: Option<&EffectivePeriod>) -> Option<(i64, i64)> {
        let period = period?;
        let at = RulePath::default().key("ruleset").key("effective");
        let mut year = |key: &'static str, date: &str| {
            let ok = date.len() == 10
                && date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
                && on_the_calendar(date);
            if !ok {
                self.error(
                    &at.key(key),
                    DiagnosticCode::InvalidDate,
                    format!("`{date}` 不是 YYYY-MM-DD 格式的有效日期"),
                    format!("`{date}` is not a valid date written YYYY-MM-DD"),
                );
            }
            year_of(date).filter(|_| ok)
        };
        let (from, to) = (year("from", &period.from), year("to", &period.to));
        let (from, to) = (from?, to?);
        if period.from > period.to {
            self.error(
                &at,
                DiagnosticCode::InvalidPeriod,
                format!("有效期的起始日 {} 晚于截止日 {}", period.from, period.to),
                format!("the effective period starts on {} after it ends on {}", period.from, period.to),
            );
            return None;
        }
        self.clauses(&at, &period.clause);
        Some((from, to))
    }

    /// The notice of a year outside the effective period, when the ruleset has a year field
    /// and a period and declares no notice of that id itself.
    pub(super) fn effective_notice(
        &mut self,
        file: &RuleFile,
        years: Option<(i64, i64)>,
        scope: &Scope<'_>,
    ) -> Option<CWarning> {
        let ((from, to), year_field) = years.zip(file.ruleset.year_field.as_deref())?;
        let declared = file.warnings.iter().chain(&file.notes).any(|w| w.id == EFFECTIVE_PERIOD_NOTICE);
        let known = scope.fields.iter().any(|f| f.decl.path == year_field);
        let wanted = file.ruleset.effective.as_ref().is_some_and(|p| p.notice);
        if declared || !known || !wanted {
            return None;
        }
        let rule = WarningRule {
            id: EFFECTIVE_PERIOD_NOTICE.to_owned(),
            when: format!("{year_field} < {from} or {year_field} > {to}"),
            message: effective_period_message(from, to),
            for_each: None,
            path: Some(year_field.to_owned()),
            clause: file.ruleset.effective.as_ref().map(|p| p.clause.clone()).unwrap_or_default(),
        };
        let at = RulePath::default().key("ruleset").key("year_field");
        let when = self.expr(&at, &rule.when, scope, Ty::Bool)?;
        let pointer = Some(crate::input::dotted_to_pointer(year_field));
        Some(CWarning { model: rule, when, cond: None, field: None, pointer })
    }

    /// Checks the goal: its outcome exists, and its years (the effective period's) and the
    /// year field are there to count them.
    pub(super) fn goal(&mut self, file: &RuleFile, years: Option<(i64, i64)>, year_field: bool, outcomes: &[COutcome]) {
        let Some(goal) = &file.goal else { return };
        let at = RulePath::default().key("goal");
        if !outcomes.iter().any(|o| o.model.id == goal.outcome) {
            self.error(
                &at.key("outcome"),
                DiagnosticCode::UnknownName,
                format!("目标所计的结论 `{}` 未在 `outcomes` 中定义", goal.outcome),
                format!("goal outcome `{}` is not in `outcomes`", goal.outcome),
            );
        }
        // A period written but wrong (a bad date, the ends swapped) is told as such already.
        let no_period = years.is_none() && file.ruleset.effective.is_none();
        if no_period || !year_field {
            self.error(
                &at,
                DiagnosticCode::InvalidGoal,
                "目标按 `ruleset.effective` 的年度计数，须设置有效期和 `ruleset.year_field`",
                "a goal counts the years of `ruleset.effective`: it needs the period and a `ruleset.year_field`",
            );
        }
    }
}

/// Whether a `YYYY-MM-DD` text is a day of the calendar: a month of 1 to 12, a day the month
/// has (29 February in a leap year only).
fn on_the_calendar(date: &str) -> bool {
    let number = |range: std::ops::Range<usize>| date.get(range).and_then(|t| t.parse::<u32>().ok()).unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    (1..=days).contains(&day)
}
