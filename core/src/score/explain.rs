//! Sentences in zh-CN and English that explain each part, criterion, gate and veto.

use super::evaluate::Seen;
use super::piece::{cat, Dec, EnPoints, EnUnit, Piece, ZhUnit};
use crate::expr::Gap;
use crate::model::Text;
use crate::{Figure, Sentence};
use rust_decimal::{Decimal, RoundingStrategy};

/// A sentence being written, appended to one string a language. Only the languages being
/// written (see [`crate::options::write_in`]) are formatted: one language costs half the words.
pub(crate) struct Said<'a> {
    zh: &'a mut String,
    en: &'a mut String,
}

impl<'a> Said<'a> {
    pub(crate) fn new(zh: &'a mut String, en: &'a mut String) -> Self {
        Self { zh, en }
    }

    fn say(&mut self, zh: impl FnOnce(&mut String), en: impl FnOnce(&mut String)) {
        let lang = crate::options::writing_lang();
        if lang != crate::Lang::En {
            zh(self.zh);
        }
        if lang != crate::Lang::Zh {
            en(self.en);
        }
    }

    fn words(&mut self, zh: &str, en: &str) {
        self.say(|s| s.push_str(zh), |s| s.push_str(en));
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
    let mut text = String::with_capacity(24);
    crate::expr::push_normalized(&mut text, d);
    text
}

/// A decimal as [`dec`] writes it, as a figure of an answer.
pub(crate) fn figure(d: Decimal) -> Figure {
    Figure::normalized(d)
}

/// A decimal as a sentence shows it: long fractions are cut to two places (cut, not
/// rounded, so that 89.999… never reads as the 90 it did not reach).
fn shown(d: Decimal) -> Decimal {
    let n = d.normalize();
    if is_cut(n) {
        n.round_dp_with_strategy(2, RoundingStrategy::ToZero).normalize()
    } else {
        n
    }
}

/// Whether [`shown`] cuts `n` (normalised).
fn is_cut(n: Decimal) -> bool {
    n.scale() > 4
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

/// Whether a sentence shows a value a part read or computed only approximately.
fn approximate(v: &Seen) -> bool {
    match v {
        Seen::Bool(_) => false,
        Seen::Number(n) => is_cut(n.normalize()),
        Seen::Beyond(_) => true,
    }
}

/// A value a part read or computed, as a sentence shows it.
struct Shown<'a>(&'a Seen);

impl Piece for Shown<'_> {
    fn put(&self, s: &mut String) {
        match self.0 {
            Seen::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
            Seen::Number(n) => crate::expr::push_decimal(s, shown(*n)),
            Seen::Beyond(digits) => s.push_str(&beyond(digits)),
        }
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
struct Approx<'a>(&'a Seen);

impl Piece for Approx<'_> {
    fn put(&self, s: &mut String) {
        if approximate(self.0) {
            s.push(CUT);
        }
        Shown(self.0).put(s);
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
            |s| cat!(s; label.zh, "：缺少证明材料，不得分"),
            |s| cat!(s; label.en, ": missing evidence, 0 points"),
        ),
        Gap::ZeroDenominator => out.say(
            |s| cat!(s; label.zh, "：分母为0，无法计算，不得分"),
            |s| cat!(s; label.en, ": cannot be computed, the denominator is 0; 0 points"),
        ),
        Gap::Overflow => out.say(
            |s| cat!(s; label.zh, "：数值过大，无法精确计算，不得分"),
            |s| cat!(s; label.en, ": too large to compute exactly; 0 points"),
        ),
    }
}

/// A part whose `requires` does not hold: the rule's own words when it has them.
pub(crate) fn not_counted(out: &mut Said<'_>, label: &Text, otherwise: Option<&Text>) {
    match otherwise {
        Some(t) => out.words(&t.zh, &t.en),
        None => out.say(
            |s| cat!(s; label.zh, "：前提条件不满足，不计分"),
            |s| cat!(s; label.en, ": does not count, its condition does not hold"),
        ),
    }
}

pub(crate) fn flag(out: &mut Said<'_>, label: &Text, held: Result<bool, Gap>, points: Decimal) {
    match held {
        Ok(true) => out.say(
            |s| cat!(s; label.zh, "：是，得", Dec(points), "分"),
            |s| cat!(s; label.en, ": yes, ", EnPoints(points)),
        ),
        Ok(false) => out.say(|s| cat!(s; label.zh, "：否，不得分"), |s| cat!(s; label.en, ": no, 0 points")),
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
    let is = if approximate(v) { "约为" } else { "为" };
    let zh_u = ZhUnit(unit);
    // `1 patent`, `≥ 1 project`: the unit after each number in its number.
    let en_u = EnUnit(unit, matches!(v, Seen::Number(n) if *n == Decimal::ONE));
    match (band, lowest) {
        (Some((at, points)), _) => out.say(
            |s| cat!(s; label.zh, is, Shown(v), zh_u, "，达到“", Dec(at), zh_u, "及以上”档，得", Dec(points), "分"),
            |s| {
                cat!(s; label.en, " ", Approx(v), en_u, " reaches the ≥ ", Dec(at), EnUnit::after(unit, at), " band: ", EnPoints(points))
            },
        ),
        (None, Some(low)) => out.say(
            |s| cat!(s; label.zh, is, Shown(v), zh_u, "，低于最低档“", Dec(low), zh_u, "”，不得分"),
            |s| cat!(s; label.en, " ", Approx(v), en_u, " is below the lowest band (", Dec(low), EnUnit::after(unit, low), "): 0 points"),
        ),
        (None, None) => out.say(
            |s| cat!(s; label.zh, is, Shown(v), zh_u, "，不得分"),
            |s| cat!(s; label.en, " ", Approx(v), en_u, ": 0 points"),
        ),
    }
}

/// A weighted term in a sentence: `label 12 × 2`, or why it has no value.
fn term(s: &mut String, label: &str, v: Result<&Seen, Gap>, w: Decimal, zh: bool) {
    let w = Dec(w);
    match (v, zh) {
        (Ok(Seen::Number(n)), _) => cat!(s; label, " ", Dec(*n), " × ", w),
        (Ok(v), _) => cat!(s; label, " ", Approx(v), " × ", w),
        (Err(Gap::Missing), true) => cat!(s; label, "（缺少）× ", w),
        (Err(Gap::Missing), false) => cat!(s; label, " (missing) × ", w),
        (Err(_), true) => cat!(s; label, "（无法计算）× ", w),
        (Err(_), false) => cat!(s; label, " (cannot be computed) × ", w),
    }
}

/// A weighted part's terms joined by ` + `, written in place (no string a term).
struct Terms<'a> {
    terms: &'a [(&'a Text, Result<&'a Seen, Gap>, Decimal)],
    zh: bool,
}

impl Piece for Terms<'_> {
    fn put(&self, s: &mut String) {
        for (i, (label, v, w)) in self.terms.iter().enumerate() {
            if i > 0 {
                s.push_str(" + ");
            }
            term(s, if self.zh { &label.zh } else { &label.en }, *v, *w, self.zh);
        }
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
    let sum = Approx(sum);
    let joined = |zh: bool| Terms { terms, zh };
    match capped {
        Some(c) => out.say(
            |s| cat!(s; label.zh, "：", joined(true), " = ", sum, "，最高计", Dec(c), "分"),
            |s| cat!(s; label.en, ": ", joined(false), " = ", sum, ", capped at ", Dec(c), "; ", EnPoints(points)),
        ),
        None => out.say(
            |s| cat!(s; label.zh, "：", joined(true), " = ", sum, "，计", Dec(points), "分"),
            |s| cat!(s; label.en, ": ", joined(false), " = ", sum, "; ", EnPoints(points)),
        ),
    }
}

/// The end of a criterion's sentence, after its parts': the points it earned.
pub(crate) fn criterion_total(out: &mut Said<'_>, points: Decimal, max: Option<Decimal>, capped: bool) {
    match (max, capped) {
        (Some(m), true) => out.say(
            |s| cat!(s; "。各项合计超过分值，按满分", Dec(m), "分计"),
            |s| cat!(s; ". The parts add up to more than the maximum: ", Dec(m), " of ", EnPoints(m)),
        ),
        (Some(m), false) => out.say(
            |s| cat!(s; "。共得", Dec(points), "分（满分", Dec(m), "分）"),
            |s| cat!(s; ". ", Dec(points), " of ", EnPoints(m)),
        ),
        (None, _) => out.say(|s| cat!(s; "。共得", Dec(points), "分"), |s| cat!(s; ". ", EnPoints(points))),
    }
}

/// A criterion that does not apply, in both languages.
pub(crate) const NOT_APPLICABLE: (&str, &str) =
    ("本项为合理缺项，不计分，不计入应得分", "not applicable (合理缺项): left out of the maximum");

pub(crate) fn gate(out: &mut Said<'_>, title: &Text, passed: Result<bool, Gap>) {
    match passed {
        Ok(true) => out.say(|s| cat!(s; "符合：", title.zh), |s| cat!(s; "met: ", title.en)),
        Ok(false) => out.say(
            |s| cat!(s; "不符合申报条件：", title.zh),
            |s| cat!(s; "not met: ", title.en, "; the zone cannot be named"),
        ),
        Err(gap) => {
            // Why, as a part says it: a missing field, or a ratio that cannot be computed.
            let (zh, en) = match gap {
                Gap::Missing => ("缺少材料", "missing evidence"),
                Gap::ZeroDenominator => ("分母为0，无法计算", "the denominator is 0"),
                Gap::Overflow => ("数值过大，无法精确计算", "too large to compute exactly"),
            };
            out.say(
                |s| cat!(s; "无法判断：", title.zh, "（", zh, "），按不符合申报条件处理"),
                |s| cat!(s; "cannot be decided: ", title.en, " (", en, "); counts as not met"),
            )
        }
    }
}

pub(crate) fn veto(out: &mut Said<'_>, title: &Text, fired: bool) {
    if fired {
        out.say(|s| cat!(s; title.zh, "，实行一票否决"), |s| cat!(s; "veto fired: ", title.en))
    } else {
        out.say(|s| cat!(s; "经核查，无“", title.zh, "”情形"), |s| cat!(s; "not fired: ", title.en))
    }
}

/// A bonus item's status as the county's forms word it: 加3分 / 不加分.
pub(crate) fn bonus_status(points: Decimal, missing_evidence: bool) -> Option<Text> {
    if points > Decimal::ZERO {
        Some(text(|out| out.say(|s| cat!(s; "加", Dec(points), "分"), |s| cat!(s; "+", EnPoints(points)))))
    } else if missing_evidence {
        None
    } else {
        Some(Text::new("不加分", "no bonus"))
    }
}

/// A notice about one field: its message with `{label}` and `{value}` filled in.
pub(crate) fn about_field(message: &Text, label: &Text, value: &str) -> Text {
    let fill = |m: &str, label: &str| m.replace("{label}", label).replace("{value}", value);
    text(|out| out.say(|s| s.push_str(&fill(&message.zh, &label.zh)), |s| s.push_str(&fill(&message.en, &label.en))))
}
