//! What a compiled ruleset holds, for people: a field's label by JSON pointer, and how
//! many fields, criteria, gates and so on it has (`zonescore check`'s one-line summary).

use crate::api::Ruleset;
use crate::compile::{Group, Member};
use crate::model::Text;
use serde::Serialize;

/// How many items of each kind a ruleset has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleCounts {
    /// Declared submission fields.
    pub fields: usize,
    /// Top-level dimensions (一级指标).
    pub dimensions: usize,
    /// Criteria over every dimension.
    pub criteria: usize,
    /// Bonus items.
    pub bonus_items: usize,
    /// Gates (资格条件).
    pub gates: usize,
    /// Vetoes (一票否决).
    pub vetoes: usize,
    /// Grades.
    pub grades: usize,
}

impl RuleCounts {
    /// The counts as one phrase: `12 个字段，3 个一级指标下 9 项指标，…` /
    /// `12 fields, 9 criteria in 3 dimensions, …`.
    pub fn phrase(&self) -> Text {
        let Self { fields, dimensions, criteria, bonus_items, gates, vetoes, grades } = *self;
        let zh = format!(
            "{fields} 个字段，{dimensions} 个一级指标下 {criteria} 项指标，{bonus_items} 个加分项，\
             {gates} 个资格条件，{vetoes} 项一票否决，{grades} 个等级"
        );
        let en = format!(
            "{}, {} in {}, {}, {}, {}, {}",
            count(fields, "field", "fields"),
            count(criteria, "criterion", "criteria"),
            count(dimensions, "dimension", "dimensions"),
            count(bonus_items, "bonus item", "bonus items"),
            count(gates, "gate", "gates"),
            count(vetoes, "veto", "vetoes"),
            count(grades, "grade", "grades"),
        );
        Text::new(zh, en)
    }
}

/// `1 field`, `3 fields`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Ruleset {
    /// A reason as a scorecard prints it: with the fields it needed that were missing, by
    /// label and pointer (`…。缺少：监督抽查合格率 (/quality/…)、…` / `…. Missing: …`).
    pub fn reason_with_missing(&self, reason: &crate::Sentence, missing: &[String]) -> Text {
        match self.missing_line(missing) {
            Some(line) => Text::new(format!("{}。{}", reason.zh(), line.zh), format!("{}. {}", reason.en(), line.en)),
            None => reason.to_text(),
        }
    }

    /// The fields a reason needed that were missing, by label and pointer:
    /// `缺少：监督抽查合格率 (/quality/…)、…` / `Missing: …`; `None` when nothing was missing.
    pub fn missing_line(&self, missing: &[String]) -> Option<Text> {
        if missing.is_empty() {
            return None;
        }
        let named = |pick: fn(&Text) -> &str| -> Vec<String> {
            missing
                .iter()
                .map(|p| self.field_label(p).map_or_else(|| p.clone(), |t| format!("{} ({p})", pick(&t))))
                .collect()
        };
        Some(Text::new(
            format!("缺少：{}", named(|t| &t.zh).join("、")),
            format!("Missing: {}", named(|t| &t.en).join(", ")),
        ))
    }

    /// The label the rule file gives the field or group at a JSON pointer
    /// (`/zone/name` → 示范区名称 / Zone name); `None` when nothing is declared there.
    pub fn field_label(&self, pointer: &str) -> Option<Text> {
        let compiled = self.compiled();
        if pointer == "/meta" {
            // The free-form notes group every submission may carry (see the submission schema).
            return Some(Text::new("备注", "Notes"));
        }
        let mut group: &Group = &compiled.root;
        let mut segments = pointer.split('/').skip(1).peekable();
        while let Some(raw) = segments.next() {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            match group.get(&segment)? {
                Member::Group(inner) if segments.peek().is_some() => group = inner,
                Member::Group(inner) => return inner.label.as_ref().map(|(label, _)| label.clone()),
                Member::Leaf(i) if segments.peek().is_none() => {
                    return compiled.fields.get(*i).map(|f| f.decl.title.clone())
                }
                Member::Leaf(_) => return None,
            }
        }
        None
    }

    /// The subject's identifying fields (zone name, town) as a submission that may be half
    /// filled gives them, in rule order, as a report's `subject` lists them: a document about
    /// the form (its score bounds, advice) names the zone. Empty when a present field is
    /// invalid, as such a form gets no document but its errors.
    pub fn subject_of(&self, submission: &crate::input::Input) -> Vec<crate::report::SubjectField> {
        let c = self.compiled();
        let Ok(values) = c.check_partial(submission) else { return Vec::new() };
        let given = c.subject_fields.iter().filter_map(|&i| Some((c.fields.get(i)?, values.get(i)?.as_ref()?)));
        given
            .map(|(f, v)| crate::report::SubjectField {
                path: f.pointer.clone(),
                value: crate::score::value_text(v.as_value()),
            })
            .collect()
    }

    /// The subject's identifying fields that an invalid submission still gives validly, each
    /// on its own (a text field's text): what names the zone beside a failure, as a row of
    /// a results workbook or a scorecard that was not scored, so that the office knows whom
    /// to ask.
    pub fn subject_given(&self, submission: &crate::input::Input) -> Vec<crate::report::SubjectField> {
        self.subject_given_in(crate::Submission::Tree(submission))
    }

    /// [`Ruleset::subject_given`] of a submission in any form a face holds it.
    pub fn subject_given_in(&self, submission: crate::Submission<'_>) -> Vec<crate::report::SubjectField> {
        let parsed;
        let submission = match submission {
            crate::Submission::Tree(tree) | crate::Submission::Cells(tree, _) => tree,
            crate::Submission::Json(bytes) => {
                let limits = (crate::validate::MAX_SUBMISSION_BYTES, crate::validate::MAX_DEPTH);
                let Ok(read) = crate::input::parse_json(bytes, limits.0, limits.1) else { return Vec::new() };
                parsed = read.value;
                &parsed
            }
            crate::Submission::Unreadable(_) => return Vec::new(),
        };
        let c = self.compiled();
        let at = |pointer: &str| pointer.split('/').skip(1).try_fold(submission, |node, key| node.get(key));
        c.subject_fields
            .iter()
            .filter_map(|&i| c.fields.get(i))
            .filter_map(|f| match at(&f.pointer)? {
                crate::input::Input::String(text)
                    if c.check_one(&f.pointer, &crate::input::Input::String(text.clone())).is_empty() =>
                {
                    Some(crate::report::SubjectField { path: f.pointer.clone(), value: text.clone() })
                }
                _ => None,
            })
            .collect()
    }

    /// The subject's identifying fields (zone name, town), as JSON pointers in rule order:
    /// the columns a table of many answers gives them, whichever answers it holds.
    pub fn subject_paths(&self) -> Vec<&str> {
        let c = self.compiled();
        c.subject_fields.iter().filter_map(|&i| c.fields.get(i)).map(|f| f.pointer.as_str()).collect()
    }

    /// The assessment year a half-filled submission gives, as a report's `year`: none when
    /// the ruleset names no year field or the submission does not give it.
    pub fn year_of(&self, submission: &crate::input::Input) -> Option<String> {
        let c = self.compiled();
        let values = c.check_partial(submission).ok()?;
        let year = values.get(c.year_field?)?.as_ref()?;
        Some(crate::score::value_text(year.as_value()))
    }

    /// How many items of each kind the ruleset has.
    pub fn counts(&self) -> RuleCounts {
        let c = self.compiled();
        RuleCounts {
            fields: c.fields.len(),
            dimensions: c.dimensions.len(),
            criteria: c.dimensions.iter().map(|d| d.criteria.len()).sum(),
            bonus_items: c.bonus.as_ref().map_or(0, |(_, items)| items.len()),
            gates: c.gates.len(),
            vetoes: c.vetoes.len(),
            grades: c.grades.len(),
        }
    }
}
