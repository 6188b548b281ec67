//! Advice in words: its summary in both languages, and a changed value as a form shows it.

use super::advise::MAX_CHANGES;
use super::{Advice, Change};
use crate::compile::CompiledRuleset;
use crate::model::{FieldDecl, Text};
use rust_decimal::Decimal;

/// What the summary says beside the options, the blockers and the best instead.
pub(super) enum Note {
    /// Nothing more.
    Plain,
    /// The target comes only with a lower score, a failed gate or a fired veto: advice
    /// proposes none of them.
    Below,
    /// The first option reaches the grade while these gates still fail and decide its outcome.
    GatesFail(Vec<usize>),
    /// No value of the actionable fields reaches the target; the highest final score they
    /// allow, when it has a bound.
    Never(Option<Decimal>),
}

impl CompiledRuleset {
    pub(super) fn summary(&self, advice: &Advice, label: &Text, note: &Note) -> Text {
        let target = (format!("{}（{}）", label.zh, advice.target), format!("{} ({})", label.en, advice.target));
        let outcome = |id: &str| self.outcomes.iter().find(|o| o.model.id == id).map(|o| &o.model.title);
        if let Note::Below = note {
            return Text::new(
                format!("只有降低得分、违反申报条件或触发一票否决才会得到{}，建议不提出这样的改动", target.0),
                format!(
                    "{} comes only with a lower score, a failed gate or a fired veto, which advice never proposes",
                    target.1
                ),
            );
        }
        if let Some(first) = advice.options.first() {
            let shown: Vec<(String, String)> = first.changes.iter().map(Self::show_change).collect();
            let zh: Vec<&str> = shown.iter().map(|s| s.0.as_str()).collect();
            let en: Vec<&str> = shown.iter().map(|s| s.1.as_str()).collect();
            let k = first.changes.len();
            let (still_zh, still_en) = match (note, outcome(&first.outcome)) {
                (Note::GatesFail(gates), Some(title)) => {
                    let titles: Vec<&Text> =
                        gates.iter().filter_map(|&g| self.gates.get(g)).map(|g| &*g.title).collect();
                    let zh: Vec<&str> = titles.iter().map(|t| t.zh.as_str()).collect();
                    let en: Vec<&str> = titles.iter().map(|t| t.en.as_str()).collect();
                    (
                        format!("；结果为{}（{}）：“{}”未满足", title.zh, first.outcome, zh.join("”“")),
                        format!(
                            "; the outcome would be {} ({}): “{}” not met",
                            title.en,
                            first.outcome,
                            en.join("”, “")
                        ),
                    )
                }
                _ => Default::default(),
            };
            return Text::new(
                format!("改动{k}项可达到{}：{}，最终得分{}{still_zh}", target.0, zh.join("；"), first.final_score),
                format!(
                    "{k} change{} reach{} {}: {}, final score {}{still_en}",
                    if k == 1 { "" } else { "s" },
                    if k == 1 { "es" } else { "" },
                    target.1,
                    en.join("; "),
                    first.final_score
                ),
            );
        }
        if !advice.blocked_by.is_empty() {
            let zh: Vec<&str> = advice.blocked_by.iter().map(|b| b.title.zh.as_str()).collect();
            let en: Vec<&str> = advice.blocked_by.iter().map(|b| b.title.en.as_str()).collect();
            return Text::new(
                format!("无法达到{}：“{}”一项所依据的事实不可更改", target.0, zh.join("”“")),
                format!("{} is out of reach: the facts behind “{}” cannot be changed", target.1, en.join("”, “")),
            );
        }
        let best =
            advice.best.as_ref().map(|b| (format!("；最好：{}", b.summary.zh), format!("; at best: {}", b.summary.en)));
        let (bz, be) = best.unwrap_or_default();
        let (zh, en) = match note {
            Note::Never(top) => {
                let (tz, te) = top
                    .map(|t| (format!("：最终得分至多{t}"), format!(": the final score is at most {t}")))
                    .unwrap_or_default();
                (
                    format!("可改动的指标无论取何值都无法达到{}{tz}", target.0),
                    format!("No value of the actionable fields reaches {}{te}", target.1),
                )
            }
            _ => (
                format!("改动至多{MAX_CHANGES}项可改动的指标，无法达到{}", target.0),
                format!("No change of up to {MAX_CHANGES} actionable fields reaches {}", target.1),
            ),
        };
        Text::new(format!("{zh}{bz}"), format!("{en}{be}"))
    }

    /// A change in words: 标签 94.6 → 95.
    fn show_change(c: &Change) -> (String, String) {
        (
            format!("{} {} → {}", c.label.zh, c.from_text.zh, c.to_text.zh),
            format!("{} {} → {}", c.label.en, c.from_text.en, c.to_text.en),
        )
    }
}

/// A field's value as a form shows it, in both languages: 是/否 (yes/no), an enum value's
/// title (its code when the declaration has none such), 未填写 (blank) for none, a number
/// or text as written. Every face shows a change through this, so they word it alike.
pub(super) fn shown(decl: &FieldDecl, v: &serde_json::Value) -> Text {
    match v {
        serde_json::Value::Null => Text::new("未填写", "blank"),
        serde_json::Value::Bool(true) => Text::new("是", "yes"),
        serde_json::Value::Bool(false) => Text::new("否", "no"),
        serde_json::Value::String(s) => match decl.values.iter().find(|e| e.code == *s) {
            Some(e) => e.title.clone(),
            None => Text::new(s.clone(), s.clone()),
        },
        other => Text::new(other.to_string(), other.to_string()),
    }
}
