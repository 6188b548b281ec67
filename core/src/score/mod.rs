//! Scoring: `evaluate` decides every number; this module explains them in a report with
//! a sentence in zh and en for each part, criterion, gate and veto.

mod brief;
mod evaluate;
mod evaluation;
mod explain;
mod fast;
#[cfg(test)]
mod fast_tests;
mod fragments;
mod piece;
mod write;
mod write_brief;

use crate::compile::{CCheck, CCriterion, CompiledRuleset, PartBody};
use crate::expr::Env;
use crate::model::Text;
use crate::report::*;
use crate::validate::ValidSubmission;
use crate::Shared;
use crate::{Figure, Sentence};
pub(crate) use evaluate::{truth, CheckEval, Ctx, Evaluation};
use evaluate::{CritEval, Seen};
pub use explain::cut_note;
pub(crate) use explain::dec as explain_dec;
use explain::{dec, figure};
pub(crate) use fragments::{
    check as check_pieces, criterion as criterion_pieces, part as part_pieces, CheckPieces, CriterionPieces, PartPieces,
};
use rust_decimal::Decimal;

/// The numbers of a scored submission without explanations: what a batch of rows needs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScoreSummary {
    /// Final score, rounded.
    pub final_score: Decimal,
    /// Grade code.
    pub grade: String,
    /// Outcome code.
    pub outcome: String,
    /// Points of every criterion then every bonus item, in the order of `Ruleset::criterion_ids`.
    pub points: Vec<Decimal>,
    /// Status of every criterion then every bonus item, in the same order.
    pub statuses: Vec<Status>,
    /// The points the criteria that apply can give (应得分), before normalisation.
    pub applicable_max: Decimal,
    /// Whether each gate passed, in rule order.
    pub gates: Vec<bool>,
    /// Whether each veto fired, in rule order.
    pub vetoes: Vec<bool>,
    /// The warnings that hold, in rule order, as the explained answer gives them (a year
    /// outside the rules' period, a percentage typed as a fraction).
    pub warnings: Vec<Notice>,
}

impl ScoreSummary {
    /// Points as a table of results shows them, in the order of `points`: none for a
    /// criterion that does not apply (合理缺项), whose points count for nothing, as the CLI's
    /// CSV and the results workbook leave its cell empty.
    pub fn shown_points(&self) -> impl Iterator<Item = Option<Decimal>> + '_ {
        self.points.iter().zip(&self.statuses).map(|(p, s)| (*s != Status::NotApplicable).then(|| p.normalize()))
    }

    /// Its warnings in one line, as a table of results gives them: `…；…` / `…; …`; empty
    /// when none (as [`Report::warnings_line`]).
    pub fn warnings_line(&self) -> Text {
        crate::scorecard::warnings_line(&self.warnings)
    }
}

pub(crate) fn value_text(v: crate::expr::Value<'_>) -> String {
    match v {
        crate::expr::Value::Number(n) => n.to_decimal().map(dec).unwrap_or_default(),
        crate::expr::Value::Bool(b) => b.to_string(),
        crate::expr::Value::Text(t) => t.to_owned(),
    }
}

impl CompiledRuleset {
    pub(crate) fn ruleset_ref(&self) -> RulesetRef {
        self.names.reference.clone()
    }

    /// Ids of every criterion then every bonus item, the order of `ScoreSummary::points`.
    pub(crate) fn criterion_ids(&self) -> Vec<&str> {
        let dims = self.dimensions.iter().flat_map(|d| d.criteria.iter());
        let bonus = self.bonus.iter().flat_map(|(_, items)| items.iter());
        dims.chain(bonus).map(|c| c.model.id.as_str()).collect()
    }

    /// Scores a valid submission into numbers only.
    pub(crate) fn summarize_valid(&self, sub: &ValidSubmission) -> ScoreSummary {
        let mut summary = ScoreSummary::default();
        self.summarize_into(sub, &mut summary);
        summary
    }

    /// The numbers of a valid submission into `out`, whose lists and texts keep their room;
    /// the evaluation behind them is this thread's reused one. Once both have grown, rules the
    /// compiled plan scores (every numbers-only rule of the bundled rulesets) allocate nothing
    /// but the notice of a warning that holds (`tests/allocations.rs`). A rule that reads a
    /// derived value through its expression makes the score's slots for derived values, and a
    /// number past machine integers takes big integers.
    pub(crate) fn summarize_into(&self, sub: &ValidSubmission, out: &mut ScoreSummary) {
        evaluation::with_scratch(|eval| {
            let ctx = self.evaluate_scores_into(sub, false, eval);
            out.warnings.clear();
            for w in &self.warnings {
                if evaluate::notice_holds(w, &ctx, &mut eval.found) {
                    out.warnings.push(self.notice(w, &ctx));
                }
            }
            out.final_score = eval.final_score;
            out.applicable_max = eval.applicable_max;
            out.grade.clear();
            out.grade.push_str(eval.grade.and_then(|g| self.grades.get(g)).map_or("", |g| g.id.as_str()));
            out.outcome.clear();
            out.outcome.push_str(eval.outcome.and_then(|o| self.outcomes.get(o)).map_or("", |o| o.model.id.as_str()));
            out.points.clear();
            out.points.extend(eval.criteria.iter().map(|c| c.points));
            out.statuses.clear();
            out.statuses.extend(eval.criteria.iter().map(|c| c.status));
            out.gates.clear();
            out.gates.extend(eval.gates.iter().map(|g| g.held == Ok(true)));
            out.vetoes.clear();
            out.vetoes.extend(eval.vetoes.iter().map(|v| v.held == Ok(true)));
        });
    }

    /// Scores a valid submission into an explained report.
    pub(crate) fn score_valid(&self, sub: &ValidSubmission) -> Report {
        let (eval, ctx) = self.evaluate(sub);
        let mut book = explain::Book::open();
        // Each list is made at its length (here and below): a list collected from a filtered
        // or chained iterator grows by doubling, is copied at each step and keeps the slack.
        let criteria_count = self.dimensions.iter().map(|d| d.criteria.len()).sum::<usize>();
        let (dimension_evals, bonus_evals) = eval.criteria.split_at(criteria_count.min(eval.criteria.len()));
        let mut explained = Vec::with_capacity(dimension_evals.len());
        let criteria = self.dimensions.iter().flat_map(|d| d.criteria.iter());
        explained.extend(criteria.zip(dimension_evals).map(|(c, ce)| self.explain_criterion(c, ce, &eval, &mut book)));
        let mut bonus_items = Vec::with_capacity(bonus_evals.len());
        let bonus = self.bonus.iter().flat_map(|(_, items)| items.iter());
        bonus_items.extend(bonus.zip(bonus_evals).map(|(c, ce)| self.explain_criterion(c, ce, &eval, &mut book)));
        let dimensions = self
            .dimensions
            .iter()
            .zip(&eval.dimensions)
            .map(|(d, (points, max))| DimensionResult {
                id: d.id.clone(),
                title: d.title.clone(),
                points: figure(*points),
                max: figure(*max),
            })
            .collect();
        let (grade, grade_label) = self.names.of(&self.names.grades, eval.grade);
        let (outcome, outcome_label) = self.names.of(&self.names.outcomes, eval.outcome);
        let text_of = |i: usize| ctx.field(i).map(value_text);
        let notices = |list: &[crate::compile::CWarning], found: &[usize]| -> Vec<Notice> {
            let mut notices = Vec::with_capacity(found.len());
            notices.extend(found.iter().filter_map(|&i| list.get(i)).map(|w| self.notice(w, &ctx)));
            notices
        };
        let mut report = Report {
            ruleset: self.ruleset_ref(),
            subject: self.subject(&ctx),
            year: self.year_field.and_then(text_of),
            final_score: Figure::decimal(eval.final_score),
            grade,
            grade_label,
            outcome,
            conclusion: self.conclusion(&eval, &outcome_label),
            outcome_label,
            earned: figure(eval.earned),
            applicable_max: figure(eval.applicable_max),
            base: figure(eval.base),
            bonus: figure(eval.bonus),
            bonus_counted: figure(eval.bonus_counted),
            unrounded: figure(eval.unrounded),
            breakdown: crate::scorecard::breakdown(&eval),
            gates: self.gates.iter().zip(&eval.gates).map(|(g, ge)| self.gate(g, ge, &eval, &mut book)).collect(),
            vetoes: self.vetoes.iter().zip(&eval.vetoes).map(|(v, ve)| self.veto(v, ve, &eval, &mut book)).collect(),
            dimensions,
            criteria: explained,
            bonus_items,
            notes: notices(&self.notes, &eval.notes),
            warnings: notices(&self.warnings, &eval.warnings),
        };
        book.bind(&mut report);
        report
    }

    fn pointers(&self, eval: &Evaluation, range: &std::ops::Range<usize>) -> Vec<String> {
        let found = eval.missing.get(range.clone()).unwrap_or_default();
        let mut pointers = Vec::with_capacity(found.len());
        pointers.extend(found.iter().filter_map(|&i| self.fields.get(i).map(|f| f.pointer.clone())));
        pointers
    }

    /// The subject's identifying fields that were given, in rule order.
    fn subject(&self, ctx: &Ctx<'_>) -> Vec<SubjectField> {
        let given = self.subject_fields.iter().filter_map(|&i| Some((self.fields.get(i)?, ctx.field(i)?)));
        let mut subject = Vec::with_capacity(self.subject_fields.len());
        subject.extend(given.map(|(f, v)| SubjectField { path: f.pointer.clone(), value: value_text(v) }));
        subject
    }

    /// A note or warning that holds, as an answer gives it.
    fn notice(&self, w: &crate::compile::CWarning, ctx: &Ctx<'_>) -> Notice {
        Notice { code: w.model.id.clone(), path: w.pointer.clone(), message: self.notice_message(w, ctx) }
    }

    /// A notice's message, with the field it is about filled in.
    fn notice_message(&self, w: &crate::compile::CWarning, ctx: &Ctx<'_>) -> Text {
        let field = w.field.and_then(|i| Some((self.fields.get(i)?, ctx.field(i).map(value_text).unwrap_or_default())));
        match field {
            Some((f, value)) => explain::about_field(&w.model.message, &f.decl.title, &value),
            None => w.model.message.clone(),
        }
    }

    fn gate(&self, c: &CCheck, ce: &CheckEval, eval: &Evaluation, book: &mut explain::Book) -> GateResult {
        GateResult {
            id: c.id.clone(),
            title: c.title.clone(),
            passed: ce.held == Ok(true),
            clause: c.clause.clone(),
            basis: c.basis.clone(),
            missing: self.pointers(eval, &ce.missing),
            reason: book.sentence(|out| check_reason(out, c, ce, true)),
        }
    }

    fn veto(&self, c: &CCheck, ce: &CheckEval, eval: &Evaluation, book: &mut explain::Book) -> VetoResult {
        VetoResult {
            id: c.id.clone(),
            title: c.title.clone(),
            fired: ce.held == Ok(true),
            clause: c.clause.clone(),
            basis: c.basis.clone(),
            missing: self.pointers(eval, &ce.missing),
            reason: book.sentence(|out| check_reason(out, c, ce, false)),
        }
    }

    fn explain_criterion(
        &self,
        c: &CCriterion,
        ce: &CritEval,
        eval: &Evaluation,
        book: &mut explain::Book,
    ) -> CriterionResult {
        // The criterion's sentence is its parts' joined, then its total: each part's is a
        // range of it.
        let start = book.mark();
        let (status, status_label, parts) = if ce.applicable {
            let found = eval.parts.get(ce.parts.clone()).unwrap_or_default();
            let mut parts = Vec::with_capacity(found.len());
            for (i, (part, pe)) in c.parts.iter().zip(found).enumerate() {
                book.write(|out| out.join(i == 0));
                let reason = book.sentence(|out| part_reason(out, part, pe, eval));
                parts.push(explain_part(part, pe, reason));
            }
            book.write(|out| explain::criterion_total(out, ce.points, c.max, ce.capped));
            let bonus = bonus_label(c, ce);
            (ce.status, bonus.unwrap_or_else(|| self.status_labels.of(ce.status)), parts)
        } else {
            let status = Status::NotApplicable;
            book.write(|out| out.not_applicable());
            (status, self.status_labels.of(status), Vec::new())
        };
        CriterionResult {
            id: c.id.clone(),
            dimension: c.dimension.clone(),
            title: c.title.clone(),
            points: figure(ce.points),
            max: c.max_text.clone(),
            status,
            status_label,
            applicable: ce.applicable,
            clause: c.clause.clone(),
            basis: c.basis.clone(),
            parts,
            missing: self.pointers(eval, &ce.missing),
            reason: book.since(start),
        }
    }
}

/// Why a gate passed or failed, or a veto fired or not.
fn check_reason(out: &mut explain::Said<'_>, c: &CCheck, ce: &CheckEval, is_gate: bool) {
    if is_gate {
        explain::gate(out, &c.title, ce.held)
    } else {
        explain::veto(out, &c.title, ce.held == Ok(true))
    }
}

/// An applicable bonus item's points, and whether its evidence is missing; `None` for a
/// criterion that is not one.
fn bonus_points(c: &CCriterion, ce: &CritEval) -> Option<(Decimal, bool)> {
    (c.bonus && ce.applicable).then_some((ce.points, ce.status == Status::MissingEvidence))
}

/// An applicable bonus item's status as the county's forms word it, if it has one.
pub(super) fn bonus_status(c: &CCriterion, ce: &CritEval) -> Option<Text> {
    bonus_points(c, ce).and_then(|(points, missing)| explain::bonus_status(points, missing))
}

/// Whole points up to which a bonus status is worded once for the program.
const COMMON_BONUS: u8 = 10;

/// The bonus statuses of 0 to [`COMMON_BONUS`] whole points, in both languages whatever
/// language the calling thread writes in.
fn common_bonus_statuses() -> Vec<Option<Text>> {
    crate::options::write_in(crate::Lang::Both, || {
        (0..=COMMON_BONUS).map(|points| explain::bonus_status(Decimal::from(points), false)).collect()
    })
}

/// [`bonus_status`] as an answer holds it. The words depend on the points alone, so the
/// common ones (不加分, 加1分 … 加10分) are made once for the program and borrowed: three
/// allocations fewer a bonus item an answer.
fn bonus_label(c: &CCriterion, ce: &CritEval) -> Option<Shared<Text>> {
    static COMMON: std::sync::OnceLock<Vec<Option<Text>>> = std::sync::OnceLock::new();
    let (points, missing) = bonus_points(c, ce)?;
    let whole = (points.scale() == 0 && !missing)
        .then(|| u8::try_from(points.mantissa()).ok())
        .flatten()
        .filter(|points| *points <= COMMON_BONUS);
    match whole {
        Some(whole) => COMMON
            .get_or_init(common_bonus_statuses)
            .get(usize::from(whole))
            .and_then(Option::as_ref)
            .map(Shared::borrowed),
        None => explain::bonus_status(points, missing).map(Shared::new),
    }
}

fn explain_part(part: &crate::compile::CPart, pe: &evaluate::PartEval, reason: Sentence) -> PartResult {
    PartResult {
        label: part.label.clone(),
        counted: pe.counted,
        value: pe.value.as_ref().map(explain::seen_figure),
        band: band_of(part, pe).map(figure),
        points: figure(pe.points),
        gap: pe.gap.map(|g| explain::gap_code(g).to_owned()),
        basis: part.basis.clone(),
        reason,
    }
}

/// The band a part reached, as its lower bound.
fn band_of(part: &crate::compile::CPart, pe: &evaluate::PartEval) -> Option<Decimal> {
    match &part.body {
        PartBody::Bands { bands, .. } => pe.band.and_then(|b| bands.get(b)).map(|(at, _)| *at),
        _ => None,
    }
}

/// What a part read and earned, in a sentence written to `out`.
fn part_reason(out: &mut explain::Said<'_>, part: &crate::compile::CPart, pe: &evaluate::PartEval, eval: &Evaluation) {
    if !pe.counted {
        explain::not_counted(out, &part.label, part.otherwise.as_ref())
    } else {
        match &part.body {
            PartBody::Flag { points, .. } => {
                let held = match (&pe.value, pe.gap) {
                    (Some(Seen::Bool(b)), _) => Ok(*b),
                    (_, Some(g)) => Err(g),
                    _ => Ok(false),
                };
                explain::flag(out, &part.label, held, *points)
            }
            PartBody::Bands { bands, .. } => {
                let value = match (&pe.value, pe.gap) {
                    (Some(seen), _) => Ok(seen),
                    (_, Some(g)) => Err(g),
                    _ => Err(crate::expr::Gap::Missing),
                };
                let band = pe.band.and_then(|b| bands.get(b)).copied();
                explain::bands(out, &part.label, part.unit.as_ref(), value, band, bands.last().map(|b| b.0))
            }
            PartBody::Weighted { terms, cap } => {
                let values = eval.terms.get(pe.terms.clone()).unwrap_or_default();
                let shown: Vec<(&Text, Result<&Seen, crate::expr::Gap>, Decimal)> = terms
                    .iter()
                    .zip(values)
                    .map(|((_, w, label), v)| (label, v.as_ref().map_err(|g| *g), *w))
                    .collect();
                let zero = Seen::Number(Decimal::ZERO);
                let sum = pe.value.as_ref().unwrap_or(&zero);
                let cap = pe.capped.then(|| cap.unwrap_or(pe.points));
                explain::weighted(out, &part.label, &shown, sum, pe.points, cap)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_bonus_statuses_have_both_languages_whatever_the_thread_writes() {
        for lang in [crate::Lang::Zh, crate::Lang::En, crate::Lang::Both] {
            let statuses = crate::options::write_in(lang, common_bonus_statuses);
            let words: Vec<(&str, &str)> =
                statuses.iter().flatten().map(|t| (t.zh.as_str(), t.en.as_str())).take(3).collect();
            assert_eq!(words, [("不加分", "no bonus"), ("加1分", "+1 point"), ("加2分", "+2 points")], "{lang:?}");
            assert_eq!(statuses.len(), usize::from(COMMON_BONUS) + 1);
        }
    }
}
