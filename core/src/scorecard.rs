//! The lines every printed scorecard shares, in both languages: how the final score comes
//! about, the bonus and its cap, and the conclusion with the gate or veto that decided it.
//! Every number in them is the report's own text.

use crate::model::Text;
use crate::report::{Check, Report};

/// A decimal with more than `places` decimals cut (never rounded) to them and marked `…`.
fn cut(exact: &str, places: usize) -> String {
    match exact.split_once('.') {
        Some((whole, decimals)) if decimals.len() > places => {
            format!("{whole}.{}…", decimals.get(..places).unwrap_or(decimals))
        }
        _ => exact.to_owned(),
    }
}

/// Whether a decimal's text is zero (`0`, `0.0`).
fn is_zero(d: &str) -> bool {
    d.trim_start_matches(['0', '.']).is_empty()
}

impl Report {
    /// How the final score comes about: `实得 88 + 加分 3 → 91.0`; when criteria were left
    /// out, `实得 84.5（应得 103，折算 82.03…）+ 加分 2 → 84.0` (the normalised score cut to
    /// 2 decimals and marked `…`; the answer has every digit).
    pub fn breakdown(&self) -> Text {
        let mut zh = format!("实得 {}", self.earned);
        let mut en = format!("earned {}", self.earned);
        if self.base != self.earned {
            let base = cut(&self.base, 2);
            zh.push_str(&format!("（应得 {}，折算 {base}）", self.applicable_max));
            en.push_str(&format!(" (of {}, normalised {base})", self.applicable_max));
        }
        if !is_zero(&self.bonus_counted) {
            zh.push_str(&format!(" + 加分 {}", self.bonus_counted));
            en.push_str(&format!(" + bonus {}", self.bonus_counted));
        }
        Text::new(format!("{zh} → {}", self.final_score), format!("{en} → {}", self.final_score))
    }

    /// The bonus and what of it counts: `加分合计：3`, or past the cap `加分合计：5，按上限计入 3`;
    /// `None` when the rules have no bonus items.
    pub fn bonus_line(&self) -> Option<Text> {
        if self.bonus_items.is_empty() {
            return None;
        }
        Some(if self.bonus == self.bonus_counted {
            Text::new(format!("加分合计：{}", self.bonus), format!("Bonus total: {}", self.bonus))
        } else {
            Text::new(
                format!("加分合计：{}，按上限计入 {}", self.bonus, self.bonus_counted),
                format!("Bonus total: {}, counted after the cap: {}", self.bonus, self.bonus_counted),
            )
        })
    }

    /// The outcome with what decided it: `未通过考核验收（一票否决：V1 近三年发生…）`, the
    /// gates that failed first (`（资格条件不符合：G1 …）`), else the outcome alone.
    pub fn conclusion(&self) -> Text {
        let named = |c: &dyn Check, zh: bool| format!("{} {}", c.id(), if zh { &c.title().zh } else { &c.title().en });
        let list = |checks: &[&dyn Check], zh: bool| {
            checks.iter().map(|c| named(*c, zh)).collect::<Vec<_>>().join(if zh { "；" } else { "; " })
        };
        let failed: Vec<&dyn Check> = self.gates.iter().filter(|c| c.against()).map(|c| c as &dyn Check).collect();
        let vetoed: Vec<&dyn Check> = self.vetoes.iter().filter(|c| c.against()).map(|c| c as &dyn Check).collect();
        let label = &self.outcome_label;
        if !failed.is_empty() {
            Text::new(
                format!("{}（资格条件不符合：{}）", label.zh, list(&failed, true)),
                format!("{} (eligibility not met: {})", label.en, list(&failed, false)),
            )
        } else if !vetoed.is_empty() {
            Text::new(
                format!("{}（一票否决：{}）", label.zh, list(&vetoed, true)),
                format!("{} (vetoed: {})", label.en, list(&vetoed, false)),
            )
        } else {
            label.clone()
        }
    }
}
