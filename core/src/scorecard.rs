//! The lines every scorecard shares, in both languages: how the final score comes about,
//! the bonus and its cap, and the conclusion with the gate or veto that decided it. The
//! report and the answer writer both take them from here, with the evaluation's figures.

use crate::compile::{CCheck, CompiledRuleset};
use crate::model::Text;
use crate::report::{Notice, Report};
use crate::score::{explain_dec as dec, CheckEval, Evaluation};
use rust_decimal::Decimal;

/// A decimal's text with more than `places` decimals cut (never rounded) to them and marked
/// `…` (`82.0388…`); `None` when it has no more than that.
pub fn cut_decimal(exact: &str, places: usize) -> Option<String> {
    let (whole, decimals) = exact.split_once('.')?;
    (decimals.len() > places).then(|| format!("{whole}.{}…", decimals.get(..places).unwrap_or(decimals)))
}

/// A long decimal as a scorecard's totals show it: cut (never rounded up) to 4 places and
/// marked, the JSON answer having every digit (`79.2452…（截至第4位小数，完整值见 JSON）`);
/// the decimal as it is when it has no more than 4 places.
pub fn readable_decimal(exact: &str) -> Text {
    match cut_decimal(exact, 4) {
        Some(short) => Text::new(
            format!("{short}（截至第4位小数，完整值见 JSON）"),
            format!("{short} (cut to 4 places; JSON has every digit)"),
        ),
        None => Text::new(exact, exact),
    }
}

/// How the final score comes about: `实得 88 + 加分 3 → 91.0`; when criteria were left out,
/// `实得 84.5（应得 103，折算 82.03…） + 加分 2 → 84.0` (the normalised score cut to 2 decimals
/// and marked `…`; the answer has every digit); past the bonus cap, `+ 加分 3（合计 5，按上限计入）`;
/// past the highest final score, `实得 97 + 加分 5 = 102，按上限 100 计 → 100.0`.
pub(crate) fn breakdown(eval: &Evaluation) -> Text {
    let earned = dec(eval.earned);
    let mut zh = format!("实得 {earned}");
    let mut en = format!("earned {earned}");
    if eval.base != eval.earned {
        let base = dec(eval.base);
        let (max, base) = (dec(eval.applicable_max), cut_decimal(&base, 2).unwrap_or(base));
        zh.push_str(&format!("（应得 {max}，折算 {base}）"));
        en.push_str(&format!(" (of {max}, normalised {base})"));
    }
    if !eval.bonus_counted.is_zero() {
        let counted = dec(eval.bonus_counted);
        zh.push_str(&format!(" + 加分 {counted}"));
        en.push_str(&format!(" + bonus {counted}"));
        if eval.bonus != eval.bonus_counted {
            let all = dec(eval.bonus);
            zh.push_str(&format!("（合计 {all}，按上限计入）"));
            en.push_str(&format!(" ({all} earned, capped)"));
        }
    }
    // Past the rules' highest final score: the cap it is held to.
    if eval.capped {
        let cap = dec(eval.unrounded);
        zh.push_str(&format!("，按上限 {cap} 计"));
        en.push_str(&format!(", capped at {cap}"));
    }
    let last = eval.final_score;
    Text::new(format!("{zh} → {last}"), format!("{en} → {last}"))
}

impl CompiledRuleset {
    /// The outcome with what decided it: `未通过考核验收（一票否决：V1 近三年发生…）`, the
    /// gates that failed first (`（资格条件不符合：G1 …）`), else the outcome alone.
    pub(crate) fn conclusion(&self, eval: &Evaluation, outcome: &Text) -> Text {
        // Against the submission: a gate that did not pass, a veto that fired.
        let against = |checks: &[CCheck], evals: &[CheckEval], gate: bool| -> Vec<(String, String)> {
            let held = |e: &CheckEval| e.held == Ok(true);
            let hit = checks.iter().zip(evals).filter(|(_, e)| held(e) != gate);
            hit.map(|(c, _)| (format!("{} {}", c.id, c.title.zh), format!("{} {}", c.id, c.title.en))).collect()
        };
        let joined = |named: &[(String, String)]| {
            let (zh, en): (Vec<&str>, Vec<&str>) = named.iter().map(|(z, e)| (z.as_str(), e.as_str())).unzip();
            (zh.join("；"), en.join("; "))
        };
        let failed = against(&self.gates, &eval.gates, true);
        let vetoed = against(&self.vetoes, &eval.vetoes, false);
        if !failed.is_empty() {
            let (zh, en) = joined(&failed);
            Text::new(
                format!("{}（资格条件不符合：{zh}）", outcome.zh),
                format!("{} (eligibility not met: {en})", outcome.en),
            )
        } else if !vetoed.is_empty() {
            let (zh, en) = joined(&vetoed);
            Text::new(format!("{}（一票否决：{zh}）", outcome.zh), format!("{} (vetoed: {en})", outcome.en))
        } else {
            outcome.clone()
        }
    }
}

/// Warnings in one line, as a table of many answers gives them: `…；…` / `…; …`.
pub(crate) fn warnings_line(warnings: &[Notice]) -> Text {
    let joined =
        |pick: fn(&Text) -> &str, sep: &str| warnings.iter().map(|w| pick(&w.message)).collect::<Vec<_>>().join(sep);
    Text::new(joined(|t| &t.zh, "；"), joined(|t| &t.en, "; "))
}

impl Report {
    /// Its warnings (a year outside the rules' period, a percentage typed as a fraction) in
    /// one line, as a table of many answers gives them: `…；…` / `…; …`; empty when none.
    pub fn warnings_line(&self) -> Text {
        warnings_line(&self.warnings)
    }

    /// The normalised score (折算得分, earned ÷ applicable maximum × scale) as a scorecard shows
    /// it, a long decimal cut ([`readable_decimal`]); `None` where it equals the earned points
    /// (rules that do not normalise, or nothing left out), so that no scorecard shows a
    /// division that was not made.
    pub fn normalised_line(&self) -> Option<Text> {
        let same = match (self.base.as_str().parse::<Decimal>(), self.earned.as_str().parse::<Decimal>()) {
            (Ok(base), Ok(earned)) => base == earned,
            _ => self.base == self.earned,
        };
        (!same).then(|| readable_decimal(self.base.as_str()))
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
}
