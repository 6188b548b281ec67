//! Score bounds: the sound analysis gives the answer, the search for scored completions
//! says whether it is exact.

use super::record::{Record, Unit};
use super::search::{Scored, Search, Seen, Start};
use super::sound::Sound;
use super::swing::Swings;
use super::{Bounds, CheckBounds, CriterionBounds, OpenField, Settled, Span};
use crate::compile::CompiledRuleset;
use crate::model::Text;
use crate::score::explain_dec as dec;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

fn span(lo: Decimal, hi: Decimal, show: fn(Decimal) -> String) -> Span {
    let end = |d: Decimal| (d != Decimal::MIN && d != Decimal::MAX).then(|| show(d));
    Span { min: end(lo), max: end(hi) }
}

impl CompiledRuleset {
    /// Bounds of a record whose `None` slots are missing.
    pub(super) fn bounds_of(&self, record: Record) -> Bounds {
        let units = self.units();
        let open: Vec<bool> = record.iter().map(Option::is_none).collect();
        let atoms = self.atoms();
        let sound = self.sound(&record, &open, atoms);
        // The missing fields some rule still reads. An optional field read only by criteria
        // that do not apply whatever is filled in (合理缺项 decided) can move nothing and
        // need not be filled: it is not missing. A required one must still be filled.
        let moves = |f: usize| {
            self.fields.get(f).is_some_and(|x| x.decl.required)
                || units.iter().any(|(u, fields)| {
                    fields.contains(&f)
                        && !matches!(u, Unit::Criterion(i) if sound.criteria.get(*i).is_some_and(|c| c.applies == Settled::No))
                })
        };
        let relevant: BTreeSet<usize> = units.iter().flat_map(|(_, fields)| fields.iter().copied()).collect();
        let free: Vec<usize> =
            relevant.into_iter().filter(|&f| open.get(f).copied().unwrap_or(false) && moves(f)).collect();
        let is_open = |f: &usize| free.contains(f);
        let mut search = Search::new(self, atoms, free.clone(), &record);
        let top = search.end(&sound, &record, true);
        let bottom = search.end(&sound, &record, false);
        // A field's swing: how far its criteria can move the final score from either
        // completion shown, each within the span the sound analysis gives it.
        let readers = self.readers();
        let mut moving = Vec::new();
        let ends: Vec<&Scored> = [&top, &bottom].into_iter().flatten().map(|(_, s)| s).collect();
        let mut swing = Swings::new(self, &sound, &ends);
        let swings: Vec<Decimal> = free
            .iter()
            .map(|&f| {
                moving.clear();
                let read = readers.get(f).map_or(&[][..], Vec::as_slice);
                moving.extend(read.iter().filter_map(|u| match u {
                    Unit::Criterion(i) => Some(*i),
                    _ => None,
                }));
                swing.of(&moving)
            })
            .collect();
        if let (Some(t), Some(b)) = (&top, &bottom) {
            // Grades between the two ends, and gates and vetoes the ends leave one way. Down
            // from the highest first: the lowest end often has a veto fired, which holds the
            // grade at the veto's until the walk's last fields, past the grades in between.
            for (from, to) in [(t, &b.0), (b, &t.0)] {
                search.walk(from, to, |seen| self.attained(&sound, seen));
            }
            // Fields read alone were ordered by points, not scored value by value: when that
            // leaves an end unattained (a grade between the two completions), score them.
            if !self.attained(&sound, &search.seen) {
                search.score_every_value(t);
                search.score_every_value(b);
            }
        }
        let exact = self.attained(&sound, &search.seen);

        let pointers = |fields: &BTreeSet<usize>| -> Vec<String> {
            fields
                .iter()
                .filter(|f| is_open(f))
                .filter_map(|&f| self.fields.get(f).map(|x| x.pointer.clone()))
                .collect()
        };
        let fields_of =
            |unit: Unit| units.iter().find(|(u, _)| *u == unit).map(|(_, f)| pointers(f)).unwrap_or_default();
        let all = self.all_criteria();
        let mut criteria = Vec::with_capacity(all.len());
        for (i, (c, crit)) in all.iter().zip(&sound.criteria).enumerate() {
            let (lo, hi) = crit.ends();
            criteria.push(CriterionBounds {
                id: c.model.id.clone(),
                title: c.title.clone(),
                points: span(lo, hi, dec),
                max: c.max.map(dec),
                applies: crit.applies,
                open_fields: fields_of(Unit::Criterion(i)),
            });
        }
        let checks = |list: &[crate::compile::CCheck], states: &[Settled], unit: fn(usize) -> Unit| {
            let mut out = Vec::with_capacity(list.len());
            for (i, (c, state)) in list.iter().zip(states).enumerate() {
                out.push(CheckBounds {
                    id: c.id.to_string(),
                    title: c.title.clone(),
                    holds: *state,
                    open_fields: fields_of(unit(i)),
                });
            }
            out
        };
        let gates = checks(&self.gates, &sound.gates, Unit::Gate);
        let vetoes = checks(&self.vetoes, &sound.vetoes, Unit::Veto);

        // A field that moves no score can still decide a gate or veto, and so the outcome.
        let decides_check = |pointer: &str| {
            gates.iter().chain(&vetoes).any(|c| c.holds == Settled::Open && c.open_fields.iter().any(|p| p == pointer))
        };
        let mut open_fields: Vec<(Decimal, usize, OpenField)> = free
            .iter()
            .zip(swings)
            .filter_map(|(&f, swing)| {
                let field = self.fields.get(f)?;
                let read = readers.get(f).map_or(&[][..], Vec::as_slice);
                let affects = read.iter().map(|u| self.unit_id(*u, &all).to_owned()).collect();
                let open = OpenField {
                    path: field.pointer.clone(),
                    label: field.label.clone(),
                    swing: dec(swing),
                    worth_asking: swing > Decimal::ZERO || decides_check(&field.pointer),
                    affects,
                };
                Some((swing, f, open))
            })
            .collect();
        open_fields.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let (lo, hi) = sound.final_span();
        let completion = |found: &Option<(Record, Scored)>| {
            let mut out = serde_json::Map::with_capacity(free.len());
            for (&f, (field, (record, _))) in
                free.iter().filter_map(|f| Some((f, (self.fields.get(*f)?, found.as_ref()?))))
            {
                out.insert(field.pointer.clone(), Self::json_of(record.get(f).and_then(Option::as_ref)));
            }
            out
        };
        let final_score = span(lo, hi, |d| d.to_string());
        let grades: Vec<String> =
            sound.grades.iter().filter_map(|&g| self.grades.get(g)).map(|g| g.id.clone()).collect();
        Bounds {
            highest: completion(&top),
            lowest: completion(&bottom),
            ruleset: self.ruleset_ref(),
            summary: summary(free.len(), &final_score, &grades, exact),
            exact,
            missing: free.len(),
            final_score,
            grades,
            outcomes: sound.outcomes.iter().filter_map(|&o| self.outcomes.get(o)).map(|o| o.model.id.clone()).collect(),
            criteria,
            gates,
            vetoes,
            open_fields: open_fields.into_iter().map(|(_, _, o)| o).collect(),
        }
    }
}

impl Search<'_> {
    /// The completion a climb towards the highest (or lowest) score ends at. The final score
    /// keeps the order of points of a criterion that alone reads a field, so the climb leaves
    /// fields that start where that criterion has its most (or fewest) points:
    /// - the missing fields of a criterion whose combinations were all tried, at the one
    ///   that gives its end (the first found, shown as it is);
    /// - a count weighed with a positive weight under a cap, at its highest (or empty, or
    ///   lowest) value: shown at the first value that scores as well.
    ///
    /// The other fields are climbed.
    pub(super) fn end(&mut self, sound: &Sound, record: &Record, high: bool) -> Option<(Record, Scored)> {
        let mut start = self.start(record, !high);
        let mut starts = vec![Start::Climb; record.len()];
        for (c, (witness, crit)) in sound.witnesses.iter().zip(&sound.criteria).enumerate() {
            let Some(pick) = witness.as_ref().map(|w| if high { &w[1] } else { &w[0] }) else { continue };
            let alone = pick.iter().all(|(f, _)| self.alone(*f) == Some(c));
            if crit.applies != Settled::Yes || !alone {
                continue;
            }
            for (f, v) in pick {
                if let (Some(slot), Some(s)) = (start.get_mut(*f), starts.get_mut(*f)) {
                    slot.clone_from(v);
                    *s = Start::Shown;
                }
            }
        }
        for &f in &self.rising {
            if let Some(s @ Start::Climb) = starts.get_mut(f) {
                *s = Start::End;
            }
        }
        self.starts = starts;
        let (lo, hi) = sound.final_span();
        let fixed = |list: &[Settled], blow: Settled| list.iter().filter(|s| **s == blow).count();
        let maybe =
            |list: &[Settled], blow: Settled| list.iter().filter(|s| **s == blow || **s == Settled::Open).count();
        let goal = if high {
            (hi, -i64::try_from(fixed(&sound.gates, Settled::No) + fixed(&sound.vetoes, Settled::Yes)).unwrap_or(0))
        } else {
            (-lo, i64::try_from(maybe(&sound.gates, Settled::No) + maybe(&sound.vetoes, Settled::Yes)).unwrap_or(0))
        };
        self.goal = Some(goal);
        self.climb(start, high)
    }
}

impl CompiledRuleset {
    /// Whether scored completions attained every end the sound analysis allows: each range,
    /// grade and outcome, and each open gate or veto both ways. Then the bounds are exact.
    pub(super) fn attained(&self, sound: &Sound, seen: &Seen) -> bool {
        let criteria = || {
            sound.criteria.iter().enumerate().all(|(i, crit)| {
                let (lo, hi) = crit.ends();
                let found = seen.criteria.get(i).copied().flatten();
                // An uncapped count has no highest end; the lowest must still be attained.
                found == Some((lo, hi)) || (crit.unbounded && found.is_some_and(|f| f.0 == lo))
            })
        };
        let both = |states: &[Settled], seen: &[(bool, bool)]| {
            states.iter().enumerate().all(|(i, s)| *s != Settled::Open || seen.get(i) == Some(&(true, true)))
        };
        // Grades and outcomes first: what a walk looks for, and cheap to compare (both in
        // increasing order, each once).
        seen.grades.iter().eq(&sound.grades)
            && seen.outcomes.iter().eq(&sound.outcomes)
            && seen.finals == Some(sound.final_span())
            && criteria()
            && both(&sound.gates, &seen.gates)
            && both(&sound.vetoes, &seen.vetoes)
    }
}

/// The bounds in one sentence: `尚有 30 项未填：最终得分可达 61.0–91.0，可能等级 A、B、C`.
fn summary(missing: usize, score: &Span, grades: &[String], exact: bool) -> Text {
    let span = score.text();
    let (zh_grades, en_grades) = match grades {
        [] => ("无".to_owned(), "none".to_owned()),
        [one] => (one.clone(), one.clone()),
        _ => (grades.join("、"), grades.join(", ")),
    };
    let grade = if grades.len() > 1 { "grades" } else { "grade" };
    if missing == 0 {
        return Text::new(
            format!("各项均已填写：最终得分 {}，等级 {zh_grades}", span.zh),
            format!("Every field is filled: final score {}, {grade} {en_grades}", span.en),
        );
    }
    let (zh_wide, en_wide) =
        if exact { ("", "") } else { ("（范围可能偏宽）", " (the range may be wider than the truth)") };
    let fields = if missing == 1 { "field is" } else { "fields are" };
    Text::new(
        format!("尚有 {missing} 项未填：最终得分可达 {}，可能等级 {zh_grades}{zh_wide}", span.zh),
        format!(
            "{missing} {fields} still missing: the final score can reach {}, {grade} {en_grades}{en_wide}",
            span.en
        ),
    )
}
