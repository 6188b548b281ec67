//! Sentences in zh-CN and English that explain each part, criterion, gate and veto.

use super::evaluate::Seen;
use crate::expr::Gap;
use crate::model::Text;
use rust_decimal::{Decimal, RoundingStrategy};

/// A text in the languages being written (see [`crate::options::write_in`]): the other side
/// is left empty and its sentence never formatted, so one language costs half the words.
fn said(zh: impl FnOnce() -> String, en: impl FnOnce() -> String) -> Text {
    let lang = crate::options::writing_lang();
    Text {
        zh: if lang == crate::Lang::En { String::new() } else { zh() },
        en: if lang == crate::Lang::Zh { String::new() } else { en() },
    }
}

/// A decimal as report text: no exponent, no trailing zeros (`10`, `4.5`).
pub(crate) fn dec(d: Decimal) -> String {
    crate::expr::decimal_text(d.normalize())
}

/// A decimal in a sentence as [`dec`] writes it, formatted in place (no string of its own);
/// it takes no width or precision, which no sentence asks of it.
#[derive(Clone, Copy)]
struct Dec(Decimal);

impl std::fmt::Display for Dec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::expr::format_decimal(f, self.0.normalize())
    }
}

/// A decimal for a sentence, and whether it is cut: long fractions are cut to two places
/// (cut, not rounded, so that 89.999… never reads as the 90 it did not reach).
fn figure(d: Decimal) -> (bool, String) {
    let n = d.normalize();
    if n.scale() > 4 {
        (true, dec(n.round_dp_with_strategy(2, RoundingStrategy::ToZero)))
    } else {
        (false, dec(n))
    }
}

/// A number too large for a decimal, from its whole digits: `9.99×10^48`, cut like
/// [`figure`] so that it never reads larger than it is.
fn beyond(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
    let (lead, rest) = digits.split_at(digits.len().min(1));
    let places = rest.get(..2).unwrap_or(rest).trim_end_matches('0');
    let point = if places.is_empty() { "" } else { "." };
    format!("{sign}{lead}{point}{places}×10^{}", rest.len())
}

/// A value a part read or computed, in full, as answers give it.
pub(crate) fn seen_text(v: &Seen) -> String {
    match v {
        Seen::Bool(b) => b.to_string(),
        Seen::Number(n) => dec(*n),
        Seen::Beyond(digits) => digits.to_string(),
    }
}

/// A value a part read or computed, for a sentence, and whether it is approximate.
fn seen(v: &Seen) -> (bool, String) {
    match v {
        Seen::Bool(b) => (false, b.to_string()),
        Seen::Number(n) => figure(*n),
        Seen::Beyond(digits) => (true, beyond(digits)),
    }
}

/// The mark of a value cut to 2 decimals (never rounded up) in English sentences and in
/// formulas of both languages; Chinese band sentences say `约为` where English says it.
const CUT: char = '≈';

/// The note a printed answer gives once when one of its sentences shows a value cut to 2
/// decimals; `None` when none does.
pub fn cut_note(report: &crate::Report) -> Option<Text> {
    let reasons = report.criteria.iter().chain(&report.bonus_items).flat_map(|c| c.parts.iter().map(|p| &p.reason));
    reasons.into_iter().any(|t| t.en.contains(CUT)).then(|| {
        Text::new(
            "注：“约为”“≈”后的比例截至第2位小数（舍去，不进位），因此不会显得达到了实际未达到的档次；比较分档时用的是精确值，完整值见 JSON 输出。",
            "Note: a ratio after “≈” is cut (never rounded up) to 2 decimals, so it cannot look as if it reached a band it missed; bands compare the exact value, which the JSON output gives in full.",
        )
    })
}

/// A value in an English sentence or a formula: `45.38`, `≈45.38`.
fn approx(v: &Seen) -> String {
    match seen(v) {
        (true, t) => format!("{CUT}{t}"),
        (false, t) => t,
    }
}

/// A value with its unit, in Chinese (`94.6%`, `40家`) and in English (`94.6 %`, `40 firms`).
fn with_unit(value: &str, unit: Option<&Text>) -> (String, String) {
    match unit {
        Some(u) => (format!("{value}{}", u.zh), format!("{value} {}", u.en)),
        None => (value.to_owned(), value.to_owned()),
    }
}

pub(crate) fn gap_code(g: Gap) -> &'static str {
    match g {
        Gap::Missing => "missing",
        Gap::ZeroDenominator => "zero_denominator",
        Gap::Overflow => "overflow",
    }
}

fn gap_text(label: &Text, g: Gap) -> Text {
    match g {
        Gap::Missing => said(
            || format!("{}：缺少证明材料，不得分", label.zh),
            || format!("{}: missing evidence, 0 points", label.en),
        ),
        Gap::ZeroDenominator => said(
            || format!("{}：分母为0，无法计算，不得分", label.zh),
            || format!("{}: cannot be computed, the denominator is 0; 0 points", label.en),
        ),
        Gap::Overflow => said(
            || format!("{}：数值过大，无法精确计算，不得分", label.zh),
            || format!("{}: too large to compute exactly; 0 points", label.en),
        ),
    }
}

/// A part whose `requires` does not hold: the rule's own words when it has them.
pub(crate) fn not_counted(label: &Text, otherwise: Option<&Text>) -> Text {
    match otherwise {
        Some(t) => t.clone(),
        None => said(
            || format!("{}：前提条件不满足，不计分", label.zh),
            || format!("{}: does not count, its condition does not hold", label.en),
        ),
    }
}

pub(crate) fn flag(label: &Text, held: Result<bool, Gap>, points: Decimal) -> Text {
    match held {
        Ok(true) => said(
            || format!("{}：是，得{}分", label.zh, Dec(points)),
            || format!("{}: yes, {} points", label.en, Dec(points)),
        ),
        Ok(false) => said(|| format!("{}：否，不得分", label.zh), || format!("{}: no, 0 points", label.en)),
        Err(g) => gap_text(label, g),
    }
}

/// A bands part: `监督抽查合格率为94.6%，达到“94%及以上”档，得8分`.
pub(crate) fn bands(
    label: &Text,
    unit: Option<&Text>,
    value: Result<&Seen, Gap>,
    band: Option<(Decimal, Decimal)>,
    lowest: Option<Decimal>,
) -> Text {
    let v = match value {
        Ok(v) => v,
        Err(g) => return gap_text(label, g),
    };
    let (cut, figure) = seen(v);
    let (zh_v, _) = with_unit(&figure, unit);
    let (_, en_v) = with_unit(&approx(v), unit);
    let is = if cut { "约为" } else { "为" };
    match (band, lowest) {
        (Some((at, points)), _) => {
            let (zh_at, en_at) = with_unit(&dec(at), unit);
            said(
                || format!("{}{is}{zh_v}，达到“{zh_at}及以上”档，得{}分", label.zh, Dec(points)),
                || format!("{} {en_v} reaches the ≥ {en_at} band: {} points", label.en, Dec(points)),
            )
        }
        (None, Some(low)) => {
            let (zh_low, en_low) = with_unit(&dec(low), unit);
            said(
                || format!("{}{is}{zh_v}，低于最低档“{zh_low}”，不得分", label.zh),
                || format!("{} {en_v} is below the lowest band ({en_low}): 0 points", label.en),
            )
        }
        (None, None) => said(|| format!("{}{is}{zh_v}，不得分", label.zh), || format!("{} {en_v}: 0 points", label.en)),
    }
}

/// A weighted term in a sentence: `label 12 × 2`, or why it has no value.
fn term(f: &mut std::fmt::Formatter<'_>, label: &str, v: Result<&Seen, Gap>, w: Decimal, zh: bool) -> std::fmt::Result {
    let w = Dec(w);
    match (v, zh) {
        (Ok(Seen::Number(n)), _) => write!(f, "{label} {} × {w}", Dec(*n)),
        (Ok(v), _) => write!(f, "{label} {} × {w}", approx(v)),
        (Err(Gap::Missing), true) => write!(f, "{label}（缺少）× {w}"),
        (Err(Gap::Missing), false) => write!(f, "{label} (missing) × {w}"),
        (Err(_), true) => write!(f, "{label}（无法计算）× {w}"),
        (Err(_), false) => write!(f, "{label} (cannot be computed) × {w}"),
    }
}

/// A weighted part's terms joined by ` + `, written in place (no string a term).
struct Terms<'a> {
    terms: &'a [(&'a Text, Result<&'a Seen, Gap>, Decimal)],
    zh: bool,
}

impl std::fmt::Display for Terms<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (label, v, w)) in self.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(" + ")?;
            }
            term(f, if self.zh { &label.zh } else { &label.en }, *v, *w, self.zh)?;
        }
        Ok(())
    }
}

pub(crate) fn weighted(
    label: &Text,
    terms: &[(&Text, Result<&Seen, Gap>, Decimal)],
    sum: &Seen,
    points: Decimal,
    capped: Option<Decimal>,
) -> Text {
    let sum = approx(sum);
    let joined = |zh: bool| Terms { terms, zh };
    match capped {
        Some(c) => said(
            || format!("{}：{} = {sum}，最高计{}分", label.zh, joined(true), Dec(c)),
            || format!("{}: {} = {sum}, capped at {}; {} points", label.en, joined(false), Dec(c), Dec(points)),
        ),
        None => said(
            || format!("{}：{} = {sum}，计{}分", label.zh, joined(true), Dec(points)),
            || format!("{}: {} = {sum}; {} points", label.en, joined(false), Dec(points)),
        ),
    }
}

/// The criterion's sentence: its parts, then the total.
pub(crate) fn criterion<'t>(
    parts: impl Iterator<Item = &'t Text> + Clone,
    points: Decimal,
    max: Option<Decimal>,
    capped: bool,
) -> Text {
    use std::fmt::Write;
    // The parts' sentences joined by `sep`, in a string with room for the total.
    let joined = |side: fn(&Text) -> &str, sep: &str| {
        let room = parts.clone().map(|p| side(p).len() + sep.len()).sum::<usize>() + 64;
        let mut s = String::with_capacity(room);
        for (i, part) in parts.clone().enumerate() {
            if i > 0 {
                s.push_str(sep);
            }
            s.push_str(side(part));
        }
        s
    };
    // Writing to a string cannot fail.
    let zh = || {
        let mut s = joined(|t| &t.zh, "；");
        let _ = match (max, capped) {
            (Some(m), true) => write!(s, "。各项合计超过分值，按满分{}分计", Dec(m)),
            (Some(m), false) => write!(s, "。共得{}分（满分{}分）", Dec(points), Dec(m)),
            (None, _) => write!(s, "。共得{}分", Dec(points)),
        };
        s
    };
    let en = || {
        let mut s = joined(|t| &t.en, "; ");
        let _ = match (max, capped) {
            (Some(m), true) => {
                write!(s, ". The parts add up to more than the maximum: {} of {} points", Dec(m), Dec(m))
            }
            (Some(m), false) => write!(s, ". {} of {} points", Dec(points), Dec(m)),
            (None, _) => write!(s, ". {} points", Dec(points)),
        };
        s
    };
    said(zh, en)
}

pub(crate) fn not_applicable() -> Text {
    Text::new("本项为合理缺项，不计分，不计入应得分", "not applicable (合理缺项): left out of the maximum")
}

pub(crate) fn gate(title: &Text, passed: Result<bool, Gap>) -> Text {
    match passed {
        Ok(true) => said(|| format!("符合：{}", title.zh), || format!("met: {}", title.en)),
        Ok(false) => said(
            || format!("不符合申报条件：{}", title.zh),
            || format!("not met: {}; the zone cannot be named", title.en),
        ),
        Err(gap) => {
            // Why, as a part says it: a missing field, or a ratio that cannot be computed.
            let (zh, en) = match gap {
                Gap::Missing => ("缺少材料", "missing evidence"),
                Gap::ZeroDenominator => ("分母为0，无法计算", "the denominator is 0"),
                Gap::Overflow => ("数值过大，无法精确计算", "too large to compute exactly"),
            };
            said(
                || format!("无法判断：{}（{zh}），按不符合申报条件处理", title.zh),
                || format!("cannot be decided: {} ({en}); counts as not met", title.en),
            )
        }
    }
}

pub(crate) fn veto(title: &Text, fired: bool) -> Text {
    if fired {
        said(|| format!("{}，实行一票否决", title.zh), || format!("veto fired: {}", title.en))
    } else {
        said(|| format!("经核查，无“{}”情形", title.zh), || format!("not fired: {}", title.en))
    }
}

/// A bonus item's status as the county's forms word it: 加3分 / 不加分.
pub(crate) fn bonus_status(points: Decimal, missing_evidence: bool) -> Option<Text> {
    if points > Decimal::ZERO {
        Some(said(|| format!("加{}分", Dec(points)), || format!("+{} points", Dec(points))))
    } else if missing_evidence {
        None
    } else {
        Some(Text::new("不加分", "no bonus"))
    }
}

/// A notice about one field: its message with `{label}` and `{value}` filled in.
pub(crate) fn about_field(message: &Text, label: &Text, value: &str) -> Text {
    let fill = |m: &str, label: &str| m.replace("{label}", label).replace("{value}", value);
    said(|| fill(&message.zh, &label.zh), || fill(&message.en, &label.en))
}
