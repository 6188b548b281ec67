//! Sentences in zh-CN and English that explain each part, criterion, gate and veto.

use super::evaluate::Seen;
use crate::expr::Gap;
use crate::model::Text;
use crate::{Figure, Sentence};
use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt::Write;

/// A sentence being written, appended to one string a language. Only the languages being
/// written (see [`crate::options::write_in`]) are formatted: one language costs half the words.
pub(crate) struct Said<'a> {
    zh: &'a mut String,
    en: &'a mut String,
}

// Writing to a `String` cannot fail, so the `fmt::Result`s below are dropped.
impl<'a> Said<'a> {
    pub(crate) fn new(zh: &'a mut String, en: &'a mut String) -> Self {
        Self { zh, en }
    }

    fn say(
        &mut self,
        zh: impl FnOnce(&mut String) -> std::fmt::Result,
        en: impl FnOnce(&mut String) -> std::fmt::Result,
    ) {
        let lang = crate::options::writing_lang();
        if lang != crate::Lang::En {
            let _ = zh(self.zh);
        }
        if lang != crate::Lang::Zh {
            let _ = en(self.en);
        }
    }

    fn words(&mut self, zh: &str, en: &str) {
        self.say(|s| s.write_str(zh), |s| s.write_str(en));
    }

    /// A part's sentence in a criterion's: after the first, joined by `；` and `; `.
    pub(crate) fn then(&mut self, part: (&str, &str), first: bool) {
        self.join(first);
        self.words(part.0, part.1);
    }

    /// What comes before a part's sentence in a criterion's: `；` and `; ` after the first.
    pub(crate) fn join(&mut self, first: bool) {
        if !first {
            self.words("；", "; ");
        }
    }

    /// A criterion that does not apply.
    pub(crate) fn not_applicable(&mut self) {
        self.words(NOT_APPLICABLE.0, NOT_APPLICABLE.1);
    }
}

/// The sentences of one typed answer, written one after another into one string a language
/// and then bound into one string they share (see [`Sentence`]).
pub(crate) struct Book {
    zh: String,
    en: String,
}

thread_local! {
    /// A [`Book`]'s strings, reused from one answer to the next.
    static BOOK: std::cell::Cell<(String, String)> = const { std::cell::Cell::new((String::new(), String::new())) };
}

/// A pair of reused strings from `cell`, emptied; give them back with `set`.
fn reused(cell: &'static std::thread::LocalKey<std::cell::Cell<(String, String)>>) -> (String, String) {
    let (mut zh, mut en) = cell.take();
    zh.clear();
    en.clear();
    (zh, en)
}

impl Book {
    pub(crate) fn open() -> Self {
        let (zh, en) = reused(&BOOK);
        Self { zh, en }
    }

    /// Where the next sentence starts.
    pub(crate) fn mark(&self) -> (usize, usize) {
        (self.zh.len(), self.en.len())
    }

    /// Writes on: what is written is part of every sentence marked before it.
    pub(crate) fn write(&mut self, write: impl FnOnce(&mut Said<'_>)) {
        write(&mut Said::new(&mut self.zh, &mut self.en));
    }

    /// The sentence written from `mark` on, pending until [`Book::bind`].
    pub(crate) fn since(&self, (zh, en): (usize, usize)) -> Sentence {
        let range = |from: usize, to: usize| [crate::sentence::offset(from), crate::sentence::offset(to)];
        Sentence::pending(range(zh, self.zh.len()), range(en, self.en.len()))
    }

    /// A sentence of its own, pending until [`Book::bind`].
    pub(crate) fn sentence(&mut self, write: impl FnOnce(&mut Said<'_>)) -> Sentence {
        let from = self.mark();
        self.write(write);
        self.since(from)
    }

    /// Gives every sentence of `report` the one string this book's sentences are in.
    pub(crate) fn bind(self, report: &mut crate::Report) {
        let Self { mut zh, en } = self;
        let en_at = crate::sentence::offset(zh.len());
        zh.push_str(&en);
        let text: std::sync::Arc<str> = std::sync::Arc::from(zh.as_str());
        let criteria = report.criteria.iter_mut().chain(&mut report.bonus_items);
        let parts =
            criteria.flat_map(|c| std::iter::once(&mut c.reason).chain(c.parts.iter_mut().map(|p| &mut p.reason)));
        let checks =
            report.gates.iter_mut().map(|g| &mut g.reason).chain(report.vetoes.iter_mut().map(|v| &mut v.reason));
        for sentence in checks.chain(parts) {
            sentence.bind(&text, en_at);
        }
        BOOK.set((zh, en));
    }
}

thread_local! {
    /// The strings [`text`] writes a sentence in before it copies it out, reused.
    static SCRATCH: std::cell::Cell<(String, String)> = const { std::cell::Cell::new((String::new(), String::new())) };
}

/// A sentence as a text of its own, written into reused strings and copied out at its length
/// (one allocation a language, none for a language not written).
pub(crate) fn text(write: impl FnOnce(&mut Said<'_>)) -> Text {
    let (mut zh, mut en) = reused(&SCRATCH);
    write(&mut Said::new(&mut zh, &mut en));
    let text = Text::new(&zh, &en);
    SCRATCH.set((zh, en));
    text
}

/// A decimal as report text: no exponent, no trailing zeros (`10`, `4.5`).
pub(crate) fn dec(d: Decimal) -> String {
    crate::expr::decimal_text(d.normalize())
}

/// A decimal as [`dec`] writes it, as a figure of an answer.
pub(crate) fn figure(d: Decimal) -> Figure {
    Figure::decimal(d.normalize())
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
fn shown(d: Decimal) -> (bool, String) {
    let n = d.normalize();
    if n.scale() > 4 {
        (true, dec(n.round_dp_with_strategy(2, RoundingStrategy::ToZero)))
    } else {
        (false, dec(n))
    }
}

/// A number too large for a decimal, from its whole digits: `9.99×10^48`, cut like
/// [`shown`] so that it never reads larger than it is.
fn beyond(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
    let (lead, rest) = digits.split_at(digits.len().min(1));
    let places = rest.get(..2).unwrap_or(rest).trim_end_matches('0');
    let point = if places.is_empty() { "" } else { "." };
    format!("{sign}{lead}{point}{places}×10^{}", rest.len())
}

/// A value a part read or computed, in full, as answers give it.
pub(crate) fn seen_figure(v: &Seen) -> Figure {
    match v {
        Seen::Bool(b) => Figure::from(if *b { "true" } else { "false" }),
        Seen::Number(n) => figure(*n),
        Seen::Beyond(digits) => Figure::from(&**digits),
    }
}

/// A value a part read or computed, for a sentence, and whether it is approximate.
fn seen(v: &Seen) -> (bool, String) {
    match v {
        Seen::Bool(b) => (false, b.to_string()),
        Seen::Number(n) => shown(*n),
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
    reasons.into_iter().any(|t| t.en().contains(CUT)).then(|| {
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

fn gap_text(out: &mut Said<'_>, label: &Text, g: Gap) {
    match g {
        Gap::Missing => out.say(
            |s| write!(s, "{}：缺少证明材料，不得分", label.zh),
            |s| write!(s, "{}: missing evidence, 0 points", label.en),
        ),
        Gap::ZeroDenominator => out.say(
            |s| write!(s, "{}：分母为0，无法计算，不得分", label.zh),
            |s| write!(s, "{}: cannot be computed, the denominator is 0; 0 points", label.en),
        ),
        Gap::Overflow => out.say(
            |s| write!(s, "{}：数值过大，无法精确计算，不得分", label.zh),
            |s| write!(s, "{}: too large to compute exactly; 0 points", label.en),
        ),
    }
}

/// A part whose `requires` does not hold: the rule's own words when it has them.
pub(crate) fn not_counted(out: &mut Said<'_>, label: &Text, otherwise: Option<&Text>) {
    match otherwise {
        Some(t) => out.words(&t.zh, &t.en),
        None => out.say(
            |s| write!(s, "{}：前提条件不满足，不计分", label.zh),
            |s| write!(s, "{}: does not count, its condition does not hold", label.en),
        ),
    }
}

pub(crate) fn flag(out: &mut Said<'_>, label: &Text, held: Result<bool, Gap>, points: Decimal) {
    match held {
        Ok(true) => out.say(
            |s| write!(s, "{}：是，得{}分", label.zh, Dec(points)),
            |s| write!(s, "{}: yes, {} points", label.en, Dec(points)),
        ),
        Ok(false) => out.say(|s| write!(s, "{}：否，不得分", label.zh), |s| write!(s, "{}: no, 0 points", label.en)),
        Err(g) => gap_text(out, label, g),
    }
}

/// A bands part: `监督抽查合格率为94.6%，达到“94%及以上”档，得8分`.
pub(crate) fn bands(
    out: &mut Said<'_>,
    label: &Text,
    unit: Option<&Text>,
    value: Result<&Seen, Gap>,
    band: Option<(Decimal, Decimal)>,
    lowest: Option<Decimal>,
) {
    let v = match value {
        Ok(v) => v,
        Err(g) => return gap_text(out, label, g),
    };
    let (cut, figure) = seen(v);
    let (zh_v, _) = with_unit(&figure, unit);
    let (_, en_v) = with_unit(&approx(v), unit);
    let is = if cut { "约为" } else { "为" };
    match (band, lowest) {
        (Some((at, points)), _) => {
            let (zh_at, en_at) = with_unit(&dec(at), unit);
            out.say(
                |s| write!(s, "{}{is}{zh_v}，达到“{zh_at}及以上”档，得{}分", label.zh, Dec(points)),
                |s| write!(s, "{} {en_v} reaches the ≥ {en_at} band: {} points", label.en, Dec(points)),
            )
        }
        (None, Some(low)) => {
            let (zh_low, en_low) = with_unit(&dec(low), unit);
            out.say(
                |s| write!(s, "{}{is}{zh_v}，低于最低档“{zh_low}”，不得分", label.zh),
                |s| write!(s, "{} {en_v} is below the lowest band ({en_low}): 0 points", label.en),
            )
        }
        (None, None) => {
            out.say(|s| write!(s, "{}{is}{zh_v}，不得分", label.zh), |s| write!(s, "{} {en_v}: 0 points", label.en))
        }
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
    out: &mut Said<'_>,
    label: &Text,
    terms: &[(&Text, Result<&Seen, Gap>, Decimal)],
    sum: &Seen,
    points: Decimal,
    capped: Option<Decimal>,
) {
    let sum = approx(sum);
    let joined = |zh: bool| Terms { terms, zh };
    match capped {
        Some(c) => out.say(
            |s| write!(s, "{}：{} = {sum}，最高计{}分", label.zh, joined(true), Dec(c)),
            |s| write!(s, "{}: {} = {sum}, capped at {}; {} points", label.en, joined(false), Dec(c), Dec(points)),
        ),
        None => out.say(
            |s| write!(s, "{}：{} = {sum}，计{}分", label.zh, joined(true), Dec(points)),
            |s| write!(s, "{}: {} = {sum}; {} points", label.en, joined(false), Dec(points)),
        ),
    }
}

/// The end of a criterion's sentence, after its parts': the points it earned.
pub(crate) fn criterion_total(out: &mut Said<'_>, points: Decimal, max: Option<Decimal>, capped: bool) {
    match (max, capped) {
        (Some(m), true) => out.say(
            |s| write!(s, "。各项合计超过分值，按满分{}分计", Dec(m)),
            |s| write!(s, ". The parts add up to more than the maximum: {} of {} points", Dec(m), Dec(m)),
        ),
        (Some(m), false) => out.say(
            |s| write!(s, "。共得{}分（满分{}分）", Dec(points), Dec(m)),
            |s| write!(s, ". {} of {} points", Dec(points), Dec(m)),
        ),
        (None, _) => out.say(|s| write!(s, "。共得{}分", Dec(points)), |s| write!(s, ". {} points", Dec(points))),
    }
}

/// A criterion that does not apply, in both languages.
pub(crate) const NOT_APPLICABLE: (&str, &str) =
    ("本项为合理缺项，不计分，不计入应得分", "not applicable (合理缺项): left out of the maximum");

pub(crate) fn gate(out: &mut Said<'_>, title: &Text, passed: Result<bool, Gap>) {
    match passed {
        Ok(true) => out.say(|s| write!(s, "符合：{}", title.zh), |s| write!(s, "met: {}", title.en)),
        Ok(false) => out.say(
            |s| write!(s, "不符合申报条件：{}", title.zh),
            |s| write!(s, "not met: {}; the zone cannot be named", title.en),
        ),
        Err(gap) => {
            // Why, as a part says it: a missing field, or a ratio that cannot be computed.
            let (zh, en) = match gap {
                Gap::Missing => ("缺少材料", "missing evidence"),
                Gap::ZeroDenominator => ("分母为0，无法计算", "the denominator is 0"),
                Gap::Overflow => ("数值过大，无法精确计算", "too large to compute exactly"),
            };
            out.say(
                |s| write!(s, "无法判断：{}（{zh}），按不符合申报条件处理", title.zh),
                |s| write!(s, "cannot be decided: {} ({en}); counts as not met", title.en),
            )
        }
    }
}

pub(crate) fn veto(out: &mut Said<'_>, title: &Text, fired: bool) {
    if fired {
        out.say(|s| write!(s, "{}，实行一票否决", title.zh), |s| write!(s, "veto fired: {}", title.en))
    } else {
        out.say(|s| write!(s, "经核查，无“{}”情形", title.zh), |s| write!(s, "not fired: {}", title.en))
    }
}

/// A bonus item's status as the county's forms word it: 加3分 / 不加分.
pub(crate) fn bonus_status(points: Decimal, missing_evidence: bool) -> Option<Text> {
    if points > Decimal::ZERO {
        Some(text(|out| out.say(|s| write!(s, "加{}分", Dec(points)), |s| write!(s, "+{} points", Dec(points)))))
    } else if missing_evidence {
        None
    } else {
        Some(Text::new("不加分", "no bonus"))
    }
}

/// A notice about one field: its message with `{label}` and `{value}` filled in.
pub(crate) fn about_field(message: &Text, label: &Text, value: &str) -> Text {
    let fill = |m: &str, label: &str| m.replace("{label}", label).replace("{value}", value);
    text(|out| out.say(|s| s.write_str(&fill(&message.zh, &label.zh)), |s| s.write_str(&fill(&message.en, &label.en))))
}
