//! The words a replay's figures are printed with: a probe as a row names it, a score change
//! with its sign, and the line over the thresholds no probe reached.

use super::{Probe, ReplayCase, ReplaySet, ValueCount};
use crate::model::Text;
use rust_decimal::Decimal;

impl ReplaySet {
    /// The line over the thresholds no probe reached, when some were not.
    pub fn unreached_line(&self) -> Option<Text> {
        (!self.unreached.is_empty()).then(|| {
            Text::new(
                "从基准提交逐个改变字段无法到达的阈值：",
                "Thresholds no one-field-at-a-time change of the base could reach:",
            )
        })
    }

    /// Whether any final score moved: without, a table of score changes says nothing.
    pub fn scores_moved(&self) -> bool {
        self.deltas.iter().any(|d| d.value.parse::<Decimal>().map_or(true, |v| !v.is_zero()))
    }
}

impl Probe {
    /// What a probe tests, as a row of changed submissions names it: the rule, its threshold
    /// and the fields set (`C2 现场抽检合格率 ≥ 95：/quality/x = 94.9`).
    pub fn describe(&self) -> Text {
        let set: String = self.also.iter().map(|(f, v)| format!("{f} = {v}, ")).collect();
        let fields = format!("{set}{} = {}", self.field, self.value);
        Text::new(
            format!("{} {}：{fields}", self.rule, self.threshold.zh),
            format!("{} {}: {fields}", self.rule, self.threshold.en),
        )
    }
}

impl ValueCount {
    /// The value as a score change, with its sign (`+2.5`, `-1`, `0`).
    pub fn signed(&self) -> String {
        signed(&self.value)
    }
}

impl ReplayCase {
    /// The change of the final score with its sign, when valid under both rulesets.
    pub fn signed_delta(&self) -> Option<String> {
        self.delta.map(|d| signed(&d.to_string()))
    }

    /// What moved besides criteria's points, in words ([`ReplayCase::also_moved`]).
    pub(super) fn words_for_also_moved(&self) -> Vec<Text> {
        let mut out = Vec::with_capacity(self.checks.len() + 1);
        if let (Some(a), Some(b)) = (self.old.applicable_max, self.new.applicable_max) {
            if a != b {
                out.push(Text::new(format!("应得分 {a}→{b}"), format!("applicable max {a}→{b}")));
            }
        }
        out.extend(self.checks.iter().map(|c| c.said.clone()));
        out
    }
}

fn signed(value: &str) -> String {
    match value.parse::<Decimal>() {
        Ok(v) if v > Decimal::ZERO => format!("+{value}"),
        _ => value.to_owned(),
    }
}

/// What a gate's (`gate`) or veto's result under the new rules is, where it differs from
/// the old: `V4 触发否决`, `V4 不再否决`, `G1 不符合`, `G1 符合`, or `已删除` when the new
/// rules do not have it.
pub(super) fn check_moved(id: &str, gate: bool, new: Option<bool>) -> Text {
    let (zh, en) = match (gate, new) {
        (_, None) => ("已删除", "removed"),
        (true, Some(true)) => ("符合", "passes"),
        (true, Some(false)) => ("不符合", "fails"),
        (false, Some(true)) => ("触发否决", "fires"),
        (false, Some(false)) => ("不再否决", "no longer fires"),
    };
    Text::new(format!("{id} {zh}"), format!("{id} {en}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;

    #[test]
    fn a_change_carries_its_sign_and_a_probe_names_what_it_set() {
        let count = |value: &str| ValueCount { value: value.into(), count: 1 };
        assert_eq!([count("2.5").signed(), count("-1").signed(), count("0.0").signed()], ["+2.5", "-1", "0.0"]);
        let probe = Probe {
            rule: "C1".into(),
            rules: "both".into(),
            threshold: Text::new("合格率 ≥ 95", "pass rate ≥ 95"),
            also: vec![("/a".into(), "1".into())],
            field: "/quality/x".into(),
            value: "94.9".into(),
            position: "below".into(),
        };
        assert_eq!(probe.describe().zh, "C1 合格率 ≥ 95：/a = 1, /quality/x = 94.9");
        assert_eq!(probe.describe().en, "C1 pass rate ≥ 95: /a = 1, /quality/x = 94.9");
    }
}
