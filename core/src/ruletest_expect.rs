//! What a ruleset test case expects, and how an answer is compared with it.

use crate::model::Text;
use crate::report::Answer;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Expectations; each one given is checked, the rest are not.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Whether the submission is valid (scored).
    #[serde(default)]
    pub valid: Option<bool>,
    /// Final score (`84.0`; `84` and `'84'` too).
    #[serde(default)]
    pub final_score: Option<Number>,
    /// Grade code.
    #[serde(default)]
    pub grade: Option<String>,
    /// Outcome code.
    #[serde(default)]
    pub outcome: Option<String>,
    /// Earned points.
    #[serde(default)]
    pub earned: Option<Number>,
    /// Applicable maximum.
    #[serde(default)]
    pub applicable_max: Option<Number>,
    /// Bonus counted after the cap.
    #[serde(default)]
    pub bonus_counted: Option<Number>,
    /// Criterion id → points (bonus items too).
    #[serde(default)]
    pub points: BTreeMap<String, Number>,
    /// Criterion id → status (`met`, `partly_met`, `not_met`, `missing_evidence`, `not_applicable`).
    #[serde(default)]
    pub status: BTreeMap<String, String>,
    /// Criterion id → missing field pointers.
    #[serde(default)]
    pub missing: BTreeMap<String, Vec<String>>,
    /// Gate id → passed.
    #[serde(default)]
    pub gates: BTreeMap<String, bool>,
    /// Veto id → fired.
    #[serde(default)]
    pub vetoes: BTreeMap<String, bool>,
    /// Warning codes, exactly.
    #[serde(default)]
    pub warnings: Option<Vec<String>>,
    /// Note codes, exactly.
    #[serde(default)]
    pub notes: Option<Vec<String>>,
    /// Criterion id → the gaps of its parts that have one (`missing`, `zero_denominator`, `overflow`).
    #[serde(default)]
    pub gaps: BTreeMap<String, Vec<String>>,
    /// Field errors `{code, path}`, exactly and in order.
    #[serde(default)]
    pub errors: Option<Vec<ExpectedError>>,
    /// How many errors were counted beyond those listed.
    #[serde(default)]
    pub more_errors: Option<usize>,
}

impl Expect {
    /// Whether the case expects anything at all: one that does not would pass whatever
    /// the rules say.
    pub(super) fn is_empty(&self) -> bool {
        !self.about_a_score() && self.valid.is_none() && self.errors.is_none() && self.more_errors.is_none()
    }

    /// Whether any expectation is about a scored submission.
    fn about_a_score(&self) -> bool {
        self.valid == Some(true)
            || [&self.final_score, &self.earned, &self.applicable_max, &self.bonus_counted].iter().any(|e| e.is_some())
            || self.grade.is_some()
            || self.outcome.is_some()
            || !(self.points.is_empty() && self.status.is_empty() && self.missing.is_empty() && self.gaps.is_empty())
            || !(self.gates.is_empty() && self.vetoes.is_empty())
            || self.warnings.is_some()
            || self.notes.is_some()
    }
}

/// An expected field error.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedError {
    /// Error code.
    pub code: String,
    /// JSON pointer.
    pub path: String,
}

impl ExpectedError {
    /// `unknown_field at /quality/spot_check_pass_rate_pc`, as a person reads an error.
    fn words(&self) -> Text {
        match self.path.as_str() {
            "" => Text::new(format!("{}（整个提交）", self.code), format!("{} (the whole submission)", self.code)),
            path => Text::new(format!("{}（位于 {path}）", self.code), format!("{} at {path}", self.code)),
        }
    }
}

/// Errors as a list to read: `unknown_field at /a, required at /b`, or `none`.
fn error_list(errors: &[ExpectedError]) -> Text {
    if errors.is_empty() {
        return Text::new("无", "none");
    }
    let words: Vec<Text> = errors.iter().map(ExpectedError::words).collect();
    let join = |pick: fn(&Text) -> &str, sep: &str| words.iter().map(pick).collect::<Vec<_>>().join(sep);
    Text::new(join(|t| &t.zh, "、"), join(|t| &t.en, ", "))
}

/// An expected number (a score or points): text or a TOML number, equal to a figure of the
/// same value, as the rule format reads numbers (`100`, `'100'` and `'100.0'` all expect
/// a final score of `100.0`); text that is no number (`-`) is compared as text. The answer's
/// own text (places kept) is what a failure shows.
#[derive(Debug, Clone)]
pub struct Number(pub String);

impl Number {
    /// Whether `figure` (an answer's number text) is this number.
    fn is(&self, figure: &str) -> bool {
        use rust_decimal::Decimal;
        match (self.0.parse::<Decimal>(), figure.parse::<Decimal>()) {
            (Ok(want), Ok(got)) => want == got,
            _ => self.0 == figure,
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Number;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number, or its text (`'84.0'`)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Number, E> {
                Ok(Number(v.to_owned()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Number, E> {
                Ok(Number(crate::input::float_text(v)))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// What a failed expectation is about: the test file's key (`final_score`), or a rule's
/// (`points of C1`, `C1 的 points`).
pub(super) struct What(String, String);

impl What {
    /// A test file's key, the same in both languages.
    pub(super) fn key(key: &str) -> Self {
        Self(key.to_owned(), key.to_owned())
    }
}

/// `what: expected …, got …`, `nothing` when there is nothing.
fn mismatch(what: &What, want: &str, got: Option<String>) -> Text {
    let (zh_got, en_got) = got.map_or_else(|| ("无".to_owned(), "nothing".to_owned()), |g| (g.clone(), g));
    Text::new(format!("{}：应为 {want}，实为 {zh_got}", what.0), format!("{}: expected {want}, got {en_got}", what.1))
}

/// Adds `what: expected …, got …` to `out` when number `want` is given and `got` is not it.
fn check_number(out: &mut Vec<Text>, what: &What, want: Option<&Number>, got: Option<&str>) {
    if let Some(w) = want {
        if !got.is_some_and(|g| w.is(g)) {
            out.push(mismatch(what, &format!("{:?}", w.0), got.map(|g| format!("{g:?}"))));
        }
    }
}

pub(super) fn check<T: PartialEq + std::fmt::Debug + ?Sized>(
    out: &mut Vec<Text>,
    what: &What,
    want: Option<&T>,
    got: Option<&T>,
) {
    if let Some(w) = want {
        if got != Some(w) {
            out.push(mismatch(what, &format!("{w:?}"), got.map(|g| format!("{g:?}"))));
        }
    }
}

/// Every criterion status's name, as an answer writes it.
const STATUSES: [&str; 5] = ["met", "partly_met", "not_met", "missing_evidence", "not_applicable"];

/// Expected values the rules can never give (a grade `E`, a status `met_fully`): each said as
/// such, once, where comparing it would read as a plain mismatch; and the expectations
/// without them, to compare.
fn impossible(e: &Expect, rules: &crate::Ruleset) -> (Vec<Text>, Expect) {
    let c = rules.compiled();
    let grades: Vec<&str> = c.grades.iter().map(|g| g.id.as_str()).collect();
    let outcomes: Vec<&str> = c.outcomes.iter().map(|o| o.model.id.as_str()).collect();
    let mut out = Vec::new();
    let mut say = |key: &str, value: &str, (zh, en): (&str, &str), known: &[&str]| {
        let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>();
        out.push(Text::new(
            format!("{key} 应为这份规则的{zh}之一（{}），而不是 `{value}`", list.join("、")),
            format!("{key} should be one of the {en} of these rules ({}), not `{value}`", list.join(", ")),
        ));
    };
    let mut possible = e.clone();
    if let Some(g) = e.grade.as_deref().filter(|g| !grades.contains(g)) {
        say("grade", g, ("等级", "grades"), &grades);
        possible.grade = None;
    }
    if let Some(o) = e.outcome.as_deref().filter(|o| !outcomes.contains(o)) {
        say("outcome", o, ("结论", "outcomes"), &outcomes);
        possible.outcome = None;
    }
    for (id, status) in e.status.iter().filter(|(_, s)| !STATUSES.contains(&s.as_str())) {
        say(&format!("status.{id}"), status, ("指标状态", "statuses"), &STATUSES);
        possible.status.remove(id);
    }
    (out, possible)
}

pub(super) fn compare(e: &Expect, answer: &Answer, rules: &crate::Ruleset) -> Vec<Text> {
    let (mut out, e) = impossible(e, rules);
    let e = &e;
    let report = match answer {
        Answer::Success(r) => r,
        Answer::Failure(f) => {
            let got: Vec<ExpectedError> =
                f.errors.iter().map(|x| ExpectedError { code: x.code.clone(), path: x.path.clone() }).collect();
            if e.about_a_score() {
                let got = error_list(&got);
                out.push(Text::new(
                    format!("应能评分，却有错误：{}", got.zh),
                    format!("expected a scored submission, got errors: {}", got.en),
                ));
            }
            if let Some(want) = e.errors.as_ref().filter(|w| **w != got) {
                let (want, got) = (error_list(want), error_list(&got));
                out.push(Text::new(
                    format!("errors：应为 {}，实为 {}", want.zh, got.zh),
                    format!("errors: expected {}, got {}", want.en, got.en),
                ));
            }
            check(&mut out, &What::key("more_errors"), e.more_errors.as_ref(), Some(&f.more_errors));
            return out;
        }
    };
    if e.valid == Some(false) || e.errors.as_ref().is_some_and(|x| !x.is_empty()) {
        let scored = &report.final_score;
        out.push(Text::new(
            format!("应为无效提交，却评得 {scored} 分"),
            format!("expected an invalid submission, but it scored {scored}"),
        ));
    }
    check_number(&mut out, &What::key("final_score"), e.final_score.as_ref(), Some(report.final_score.as_str()));
    check(&mut out, &What::key("grade"), e.grade.as_deref(), Some(&*report.grade));
    check(&mut out, &What::key("outcome"), e.outcome.as_deref(), Some(&*report.outcome));
    check_number(&mut out, &What::key("earned"), e.earned.as_ref(), Some(report.earned.as_str()));
    check_number(
        &mut out,
        &What::key("applicable_max"),
        e.applicable_max.as_ref(),
        Some(report.applicable_max.as_str()),
    );
    check_number(&mut out, &What::key("bonus_counted"), e.bonus_counted.as_ref(), Some(report.bonus_counted.as_str()));
    let all = report.criteria.iter().chain(&report.bonus_items);
    let find = |id: &str| all.clone().find(|c| *c.id == *id);
    // An id the rules do not have (a retired criterion, a typo) is said as such, once, where
    // each expectation about it would read `got nothing`.
    let ids = e.points.keys().chain(e.status.keys()).chain(e.missing.keys()).chain(e.gaps.keys());
    let mut unknown: Vec<&String> = ids.filter(|id| find(id).is_none()).collect();
    unknown.sort();
    unknown.dedup();
    for id in &unknown {
        out.push(Text::new(
            format!("{id} 不是这份规则的指标或加分项"),
            format!("{id} is no criterion or bonus item of these rules"),
        ));
    }
    for (id, kind, known) in e
        .gates
        .keys()
        .map(|id| (id, ("资格条件", "gate"), report.gates.iter().any(|g| *g.id == **id)))
        .chain(e.vetoes.keys().map(|id| (id, ("一票否决项", "veto"), report.vetoes.iter().any(|v| *v.id == **id))))
    {
        if !known {
            out.push(Text::new(
                format!("{id} 不是这份规则的{}", kind.0),
                format!("{id} is no {} of these rules", kind.1),
            ));
        }
    }
    for (id, want) in e.points.iter().filter(|(id, _)| !unknown.contains(id)) {
        check_number(
            &mut out,
            &What(format!("{id} 的 points"), format!("points of {id}")),
            Some(want),
            find(id).map(|c| c.points.as_str()),
        );
    }
    for (id, want) in e.status.iter().filter(|(id, _)| !unknown.contains(id)) {
        let got = find(id).map(|c| {
            serde_json::to_value(c.status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
        });
        check(&mut out, &What(format!("{id} 的 status"), format!("status of {id}")), Some(want), got.as_ref());
    }
    for (id, want) in e.missing.iter().filter(|(id, _)| !unknown.contains(id)) {
        check(
            &mut out,
            &What(format!("{id} 的 missing"), format!("missing of {id}")),
            Some(want),
            find(id).map(|c| &c.missing),
        );
    }
    for (id, want) in e.gaps.iter().filter(|(id, _)| !unknown.contains(id)) {
        let got: Option<Vec<String>> = find(id).map(|c| c.parts.iter().filter_map(|p| p.gap.clone()).collect());
        check(&mut out, &What(format!("{id} 的 gaps"), format!("gaps of {id}")), Some(want), got.as_ref());
    }
    for (id, want) in &e.gates {
        let Some(got) = report.gates.iter().find(|g| *g.id == **id).map(|g| g.passed) else { continue };
        let got = Some(got);
        check(
            &mut out,
            &What(format!("资格条件 {id} 是否满足"), format!("gate {id} passed")),
            Some(want),
            got.as_ref(),
        );
    }
    for (id, want) in &e.vetoes {
        let Some(got) = report.vetoes.iter().find(|v| *v.id == **id).map(|v| v.fired) else { continue };
        let got = Some(got);
        check(&mut out, &What(format!("一票否决 {id} 是否触发"), format!("veto {id} fired")), Some(want), got.as_ref());
    }
    let codes = |list: &[crate::report::Notice]| list.iter().map(|n| n.code.clone()).collect::<Vec<_>>();
    check(&mut out, &What::key("warnings"), e.warnings.as_ref(), Some(&codes(&report.warnings)));
    check(&mut out, &What::key("notes"), e.notes.as_ref(), Some(&codes(&report.notes)));
    out
}
