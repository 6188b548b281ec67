//! Sentences in zh-CN and English that explain each part, criterion, gate and veto.

use super::evaluate::Seen;
use crate::expr::Gap;
use crate::model::Text;
use rust_decimal::{Decimal, RoundingStrategy};

/// A decimal as report text: no exponent, no trailing zeros (`10`, `4.5`).
pub(crate) fn dec(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A decimal for a sentence: long fractions cut to two places with `≈` (cut, not
/// rounded, so that 89.999… reads ≈89.99 beside the band it did not reach).
pub(crate) fn shown(d: Decimal) -> String {
    let n = d.normalize();
    if n.scale() > 4 {
        format!("≈{}", dec(n.round_dp_with_strategy(2, RoundingStrategy::ToZero)))
    } else {
        dec(n)
    }
}

/// A number too large for a decimal, from its whole digits: `≈9.99×10^48`, cut like
/// [`shown`] so that it never reads larger than it is.
fn beyond(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
    let (lead, rest) = digits.split_at(digits.len().min(1));
    let places = rest.get(..2).unwrap_or(rest).trim_end_matches('0');
    let point = if places.is_empty() { "" } else { "." };
    format!("≈{sign}{lead}{point}{places}×10^{}", rest.len())
}

/// A value a part read or computed, for a sentence.
fn seen(v: &Seen) -> String {
    match v {
        Seen::Bool(b) => b.to_string(),
        Seen::Number(n) => shown(*n),
        Seen::Beyond(digits) => beyond(digits),
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
        Gap::Missing => Text::new(
            format!("{}：缺少证明材料，不得分", label.zh),
            format!("{}: missing evidence, 0 points", label.en),
        ),
        Gap::ZeroDenominator => Text::new(
            format!("{}：分母为 0，无法计算，不得分", label.zh),
            format!("{}: cannot be computed, the denominator is 0; 0 points", label.en),
        ),
        Gap::Overflow => Text::new(
            format!("{}：数值过大，无法精确计算，不得分", label.zh),
            format!("{}: too large to compute exactly; 0 points", label.en),
        ),
    }
}

pub(crate) fn not_counted(label: &Text) -> Text {
    Text::new(
        format!("{}：前提条件不满足，不计分", label.zh),
        format!("{}: does not count, its condition does not hold", label.en),
    )
}

pub(crate) fn flag(label: &Text, held: Result<bool, Gap>, points: Decimal) -> Text {
    match held {
        Ok(true) => Text::new(
            format!("{}：是，得 {} 分", label.zh, dec(points)),
            format!("{}: yes, {} points", label.en, dec(points)),
        ),
        Ok(false) => Text::new(format!("{}：否，不得分", label.zh), format!("{}: no, 0 points", label.en)),
        Err(g) => gap_text(label, g),
    }
}

pub(crate) fn bands(
    label: &Text,
    value: Result<&Seen, Gap>,
    band: Option<(Decimal, Decimal)>,
    lowest: Option<Decimal>,
) -> Text {
    let v = match value {
        Ok(v) => seen(v),
        Err(g) => return gap_text(label, g),
    };
    match (band, lowest) {
        (Some((at, points)), _) => Text::new(
            format!("{} {v}，达到 ≥ {} 档，得 {} 分", label.zh, dec(at), dec(points)),
            format!("{} {v} reaches the ≥ {} band: {} points", label.en, dec(at), dec(points)),
        ),
        (None, Some(low)) => Text::new(
            format!("{} {v}，低于最低档 {}，不得分", label.zh, dec(low)),
            format!("{} {v} is below the lowest band ({}): 0 points", label.en, dec(low)),
        ),
        (None, None) => Text::new(format!("{} {v}，不得分", label.zh), format!("{} {v}: 0 points", label.en)),
    }
}

/// A weighted term in a sentence: `label 12 × 2`, or why it has no value.
fn term(label: &str, v: Result<&Seen, Gap>, w: Decimal, zh: bool) -> String {
    let w = dec(w);
    match (v, zh) {
        (Ok(Seen::Number(n)), _) => format!("{label} {} × {w}", dec(*n)),
        (Ok(v), _) => format!("{label} {} × {w}", seen(v)),
        (Err(Gap::Missing), true) => format!("{label}（缺少）× {w}"),
        (Err(Gap::Missing), false) => format!("{label} (missing) × {w}"),
        (Err(_), true) => format!("{label}（无法计算）× {w}"),
        (Err(_), false) => format!("{label} (cannot be computed) × {w}"),
    }
}

pub(crate) fn weighted(
    label: &Text,
    terms: &[(&Text, Result<&Seen, Gap>, Decimal)],
    sum: &Seen,
    points: Decimal,
    capped: Option<Decimal>,
) -> Text {
    let zh_terms: Vec<String> = terms.iter().map(|(l, v, w)| term(&l.zh, *v, *w, true)).collect();
    let en_terms: Vec<String> = terms.iter().map(|(l, v, w)| term(&l.en, *v, *w, false)).collect();
    let (zh_cap, en_cap) = match capped {
        Some(c) => (format!("，封顶 {} 分", dec(c)), format!(", capped at {}", dec(c))),
        None => (String::new(), String::new()),
    };
    let sum = seen(sum);
    Text::new(
        format!("{}：{} = {sum}{zh_cap}，计 {} 分", label.zh, zh_terms.join(" + "), dec(points)),
        format!("{}: {} = {sum}{en_cap}; {} points", label.en, en_terms.join(" + "), dec(points)),
    )
}

/// The criterion's sentence: its parts, then the total.
pub(crate) fn criterion(parts: &[Text], points: Decimal, max: Option<Decimal>, capped: bool) -> Text {
    let zh_parts: Vec<&str> = parts.iter().map(|p| p.zh.as_str()).collect();
    let en_parts: Vec<&str> = parts.iter().map(|p| p.en.as_str()).collect();
    let (zh_total, en_total) = match (max, capped) {
        (Some(m), true) => (
            format!("各项合计超过分值，按满分 {} 分计", dec(m)),
            format!("the parts add up to more than the maximum: {} of {} points", dec(m), dec(m)),
        ),
        (Some(m), false) => {
            (format!("共得 {} 分（满分 {} 分）", dec(points), dec(m)), format!("{} of {} points", dec(points), dec(m)))
        }
        (None, _) => (format!("共得 {} 分", dec(points)), format!("{} points", dec(points))),
    };
    Text::new(
        format!("{}。{zh_total}", zh_parts.join("；")),
        format!("{}. {}", en_parts.join("; "), capitalise(&en_total)),
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(crate) fn not_applicable() -> Text {
    Text::new("不适用（合理缺项），不计入满分", "not applicable (合理缺项): left out of the maximum")
}

pub(crate) fn gate(title: &Text, passed: Result<bool, Gap>) -> Text {
    match passed {
        Ok(true) => Text::new(format!("符合：{}", title.zh), format!("met: {}", title.en)),
        Ok(false) => Text::new(
            format!("不符合：{}，不予命名", title.zh),
            format!("not met: {}; the zone cannot be named", title.en),
        ),
        Err(_) => Text::new(
            format!("无法判断：{}（缺少材料），按不符合处理", title.zh),
            format!("cannot be decided: {} (missing evidence); counts as not met", title.en),
        ),
    }
}

pub(crate) fn veto(title: &Text, fired: bool) -> Text {
    if fired {
        Text::new(format!("触发一票否决：{}", title.zh), format!("veto fired: {}", title.en))
    } else {
        Text::new(format!("未触发：{}", title.zh), format!("not fired: {}", title.en))
    }
}
