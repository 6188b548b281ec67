//! The compiled ruleset: rule-file content with names resolved and expressions checked.

use crate::expr::{Expr, FieldValue};
use crate::model::{
    Basis, Constraint, Criterion, EnumValue, FieldDecl, Grade, Outcome, Pipeline, RulesetMeta, Text, WarningRule,
};
use crate::Shared;
use rust_decimal::Decimal;

/// A submission field ready for validation and evaluation.
#[derive(Debug, Clone)]
pub(crate) struct CField {
    pub decl: FieldDecl,
    /// The declaration's title, shared with every answer that labels the field.
    pub label: Shared<Text>,
    /// JSON pointer (`/quality/above_scale_firms`).
    pub pointer: String,
    /// Effective bounds, including those a type implies (percent 0–100).
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub max_length: usize,
    /// Value used when the field is missing.
    pub default: Option<FieldValue>,
}

impl CField {
    pub fn codes(&self) -> &[EnumValue] {
        &self.decl.values
    }
}

/// A group of the submission: its members, in declaration order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Group {
    /// JSON pointer of the group (empty for the submission itself).
    pub pointer: String,
    /// Title and help declared for the group, if any.
    pub label: Option<(Text, Option<Text>)>,
    pub members: Vec<(String, Member)>,
}

#[derive(Debug, Clone)]
pub(crate) enum Member {
    Leaf(usize),
    Group(Group),
}

impl Group {
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, m)| m)
    }

    /// The place of member `key`, trying `hint` first: a submission's keys usually come in
    /// the declared order, so a walk over them passes the place after the last one matched.
    pub fn position_from(&self, hint: usize, key: &str) -> Option<usize> {
        match self.members.get(hint) {
            Some((k, _)) if k == key => Some(hint),
            _ => self.members.iter().position(|(k, _)| k == key),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct CConstraint {
    pub model: Constraint,
    pub left: usize,
    pub op: crate::model::ConstraintOp,
    pub right: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct CDerived {
    pub expr: Expr,
}

#[derive(Debug, Clone)]
pub(crate) enum PartBody {
    Flag { when: Expr, points: Decimal },
    Bands { value: Expr, bands: Vec<(Decimal, Decimal)> },
    Weighted { terms: Vec<(Expr, Decimal, Text)>, cap: Option<Decimal> },
}

#[derive(Debug, Clone)]
pub(crate) struct CPart {
    /// Shared with every report that explains the part.
    pub label: Shared<Text>,
    /// Unit of a bands part's value (the unit of the field or derived value it reads).
    pub unit: Option<Text>,
    pub requires: Option<Expr>,
    pub otherwise: Option<Text>,
    pub body: PartBody,
    pub basis: Option<Shared<Basis>>,
    /// What its full answers say of it whatever it reads.
    pub pieces: crate::score::PartPieces,
}

#[derive(Debug, Clone)]
pub(crate) struct CCriterion {
    pub model: Criterion,
    /// The model's id, shared with every report.
    pub id: Shared<str>,
    /// The model's title, clause IDs and basis, shared with every report.
    pub title: Shared<Text>,
    pub clause: Shared<Vec<String>>,
    pub basis: Shared<Basis>,
    pub dimension: Shared<str>,
    /// A bonus item (加分项): worded as the county's forms word bonus points.
    pub bonus: bool,
    pub max: Option<Decimal>,
    /// `max` as report text, shared with every report.
    pub max_text: Option<Shared<str>>,
    pub applies: Option<Expr>,
    pub parts: Vec<CPart>,
    /// The fast shapes of `applies` and the parts (`CompiledRuleset::attach_plan`).
    pub plan: super::CriterionPlan,
    /// What its full answers say of it whatever it earns.
    pub pieces: crate::score::CriterionPieces,
}

#[derive(Debug, Clone)]
pub(crate) struct CDimension {
    /// Id and title, shared with every report.
    pub id: Shared<str>,
    pub title: Shared<Text>,
    pub criteria: Vec<CCriterion>,
}

#[derive(Debug, Clone)]
pub(crate) struct CCheck {
    /// Id, title, clause IDs and basis, shared with every report.
    pub id: Shared<str>,
    pub title: Shared<Text>,
    pub clause: Shared<Vec<String>>,
    pub basis: Shared<Basis>,
    pub expr: Expr,
    /// The fast shape of `expr` (`CompiledRuleset::attach_plan`).
    pub cond: Option<super::Cond>,
    /// What its full answers say of it whether or not it holds.
    pub pieces: crate::score::CheckPieces,
}

#[derive(Debug, Clone)]
pub(crate) struct COutcome {
    pub model: Outcome,
    pub when: Option<Expr>,
}

#[derive(Debug, Clone)]
pub(crate) struct CWarning {
    pub model: WarningRule,
    pub when: Expr,
    /// The fast shape of `when` (`CompiledRuleset::attach_plan`).
    pub cond: Option<super::Cond>,
    /// The field a `for_each` notice was made for.
    pub field: Option<usize>,
    /// JSON pointer of the field or group the notice is about.
    pub pointer: Option<String>,
}

/// A ruleset compiled once and shared by every scoring call; immutable, `Send + Sync`.
#[derive(Debug, Clone)]
pub struct CompiledRuleset {
    pub(crate) meta: RulesetMeta,
    pub(crate) digest: String,
    pub(crate) fields: Vec<CField>,
    pub(crate) root: Group,
    pub(crate) constraints: Vec<CConstraint>,
    pub(crate) derived: Vec<CDerived>,
    /// The derived values in an order where each comes after those it reads.
    pub(crate) derived_order: Vec<usize>,
    pub(crate) gates: Vec<CCheck>,
    pub(crate) dimensions: Vec<CDimension>,
    pub(crate) bonus: Option<(Decimal, Vec<CCriterion>)>,
    pub(crate) vetoes: Vec<CCheck>,
    pub(crate) grades: Vec<Grade>,
    pub(crate) veto_grade: Option<String>,
    pub(crate) outcomes: Vec<COutcome>,
    pub(crate) notes: Vec<CWarning>,
    pub(crate) warnings: Vec<CWarning>,
    pub(crate) pipeline: Pipeline,
    pub(crate) year_field: Option<usize>,
    pub(crate) subject_fields: Vec<usize>,
    pub(crate) goal: Option<crate::model::Goal>,
    /// The first and last year the goal counts: the effective period's.
    pub(crate) goal_years: (i64, i64),
    /// Every clause of the source document and the rules that cite it.
    pub(crate) clauses: Vec<super::ClauseCoverage>,
    /// The rule file as written, for comparing two rulesets.
    pub(crate) model: std::sync::Arc<crate::model::RuleFile>,
    /// The status labels reports share (a bonus item's is its own).
    pub(crate) status_labels: StatusLabels,
    /// Which ruleset this is, and its grades' and outcomes' codes and names, as reports share them.
    pub(crate) names: ReportNames,
    /// Whether its labels are borrowed from a ruleset that lives as long as the program (a
    /// bundled one's, `CompiledRuleset::relabeled`), not counted.
    pub(crate) borrows_labels: bool,
    /// Whether every text of the rule file is plain: written in JSON as it is, with no `"`,
    /// `\` or control character to escape. Its answers' labels and sentences (made of its
    /// texts, numbers and the engine's own words) are then copied out without a scan.
    pub(crate) plain_texts: bool,
    /// What score bounds and advice read from the rules alone, worked out on first use.
    pub(crate) what_if: std::sync::OnceLock<crate::whatif::Static>,
}

/// Each status's label, in the order of [`crate::Status`].
#[derive(Debug, Clone)]
pub(crate) struct StatusLabels(pub(super) [Shared<Text>; 5]);

impl Default for StatusLabels {
    fn default() -> Self {
        use crate::Status::*;
        Self([Met, PartlyMet, NotMet, MissingEvidence, NotApplicable].map(|s| Shared::new(s.label())))
    }
}

impl StatusLabels {
    pub fn of(&self, status: crate::Status) -> Shared<Text> {
        let [met, partly, not_met, missing, not_applicable] = &self.0;
        Shared::clone(match status {
            crate::Status::Met => met,
            crate::Status::PartlyMet => partly,
            crate::Status::NotMet => not_met,
            crate::Status::MissingEvidence => missing,
            crate::Status::NotApplicable => not_applicable,
        })
    }
}

/// What every report shares with its ruleset beyond the rules' own labels: which ruleset it
/// is, and the codes and names of its grades and outcomes (and of none, for a report with
/// none). Made once for a ruleset; a copy holds them as its labels are held
/// (`CompiledRuleset::relabeled`).
#[derive(Debug, Clone)]
pub(crate) struct ReportNames {
    pub reference: crate::RulesetRef,
    pub grades: Vec<(Shared<str>, Shared<Text>)>,
    pub outcomes: Vec<(Shared<str>, Shared<Text>)>,
    pub none: (Shared<str>, Shared<Text>),
}

impl ReportNames {
    pub fn new(meta: &RulesetMeta, digest: &str, grades: &[Grade], outcomes: &[COutcome]) -> Self {
        let named = |id: &str, title: &Text| (Shared::from(id), Shared::new(title.clone()));
        Self {
            reference: crate::RulesetRef {
                id: meta.id.as_str().into(),
                version: meta.version.as_str().into(),
                digest: digest.into(),
            },
            grades: grades.iter().map(|g| named(&g.id, &g.title)).collect(),
            outcomes: outcomes.iter().map(|o| named(&o.model.id, &o.model.title)).collect(),
            none: named("", &Text::new("", "")),
        }
    }

    /// The code and name of grade or outcome `i` of `list`, or of none.
    pub fn of(&self, list: &[(Shared<str>, Shared<Text>)], i: Option<usize>) -> (Shared<str>, Shared<Text>) {
        let (id, title) = i.and_then(|i| list.get(i)).unwrap_or(&self.none);
        (id.clone(), title.clone())
    }
}
