//! The `numbers` and `reasons` answers written straight to their canonical JSON text: the
//! bytes of serialising a [`Brief`](crate::Brief) (a test compares them), without its strings
//! and maps.

use super::brief::{why, Why};
use super::evaluate::{CritEval, Evaluation};
use super::explain::{self, seen_figure};
use super::write::{write_criterion_head, write_part_numbers, write_totals, Out};
use crate::compile::{CCriterion, CompiledRuleset};
use crate::validate::ValidSubmission;
use crate::{Detail, Lang};

impl CompiledRuleset {
    /// The canonical JSON of a success answer at `numbers` or `reasons` detail.
    pub(crate) fn write_brief(&self, sub: &ValidSubmission, detail: Detail) -> String {
        let with_parts = detail != Detail::Numbers;
        let (eval, ctx) = self.evaluate_with(sub, with_parts);
        let mut o = Out {
            buf: String::with_capacity(if with_parts { 16 * 1024 } else { 6 * 1024 }),
            lang: Lang::Both,
            plain: self.plain_texts,
            sentences: super::write::Sentences::default(),
        };
        o.raw(if with_parts {
            "{\"type\":\"success\",\"detail\":\"reasons\","
        } else {
            "{\"type\":\"success\",\"detail\":\"numbers\","
        });
        self.write_head(&mut o, &eval, &ctx);
        let grade = eval.grade.and_then(|g| self.grades.get(g));
        let outcome = eval.outcome.and_then(|i| self.outcomes.get(i));
        o.raw(",\"grade\":");
        o.string(grade.map_or("", |g| &g.id));
        o.raw(",\"outcome\":");
        o.string(outcome.map_or("", |x| &x.model.id));
        write_totals(&mut o, &eval);
        for (key, checks, found, word) in [
            (",\"gates\":", &self.gates, &eval.gates, ",\"passed\":"),
            (",\"vetoes\":", &self.vetoes, &eval.vetoes, ",\"fired\":"),
        ] {
            o.raw(key);
            o.list(checks.iter().zip(found), |o, (c, ce)| {
                o.raw("{\"id\":");
                o.string(&c.id);
                o.raw(word);
                o.bool(ce.held == Ok(true));
                o.raw(",\"missing\":");
                self.write_missing(o, &eval, &ce.missing);
                o.raw("}");
            });
        }
        self.write_tail(&mut o, &eval, None, |o, c, ce| self.write_brief_criterion(o, c, ce, &eval, with_parts));
        o.raw("}");
        o.buf
    }

    fn write_brief_criterion(&self, o: &mut Out, c: &CCriterion, ce: &CritEval, eval: &Evaluation, parts: bool) {
        write_criterion_head(o, c, ce);
        o.raw(",\"missing\":");
        self.write_missing(o, eval, &ce.missing);
        if parts {
            o.raw(",\"parts\":");
            let found = eval.parts.get(ce.parts.clone()).unwrap_or_default();
            o.list(c.parts.iter().zip(found), |o, (part, pe)| {
                o.raw("{");
                write_part_numbers(o, part, pe);
                o.raw(",\"reason\":");
                write_why(o, why(part, pe, eval));
                o.raw("}");
            });
        }
        o.raw("}");
    }
}

fn write_why(o: &mut Out, why: Why<'_>) {
    match why {
        Why::Plain(code) => {
            o.raw("{\"code\":");
            o.string(code);
            o.raw(",\"params\":{}}");
        }
        Why::BelowLowest(lowest) => {
            o.raw("{\"code\":\"below_lowest\",\"params\":{\"lowest\":");
            o.dec(lowest);
            o.raw("}}");
        }
        Why::Weighted { values, weights, capped_at } => {
            o.raw("{\"code\":\"weighted\",\"params\":{\"terms\":");
            o.list(values.iter().zip(weights), |o, (v, weight)| {
                match v {
                    Ok(seen) => {
                        o.raw("{\"value\":");
                        o.string(&seen_figure(seen));
                    }
                    Err(g) => {
                        o.raw("{\"gap\":");
                        o.string(explain::gap_code(*g));
                    }
                }
                o.raw(",\"weight\":");
                o.dec(weight);
                o.raw("}");
            });
            if let Some(cap) = capped_at {
                o.raw(",\"capped_at\":");
                o.dec(cap);
            }
            o.raw("}}");
        }
    }
}
