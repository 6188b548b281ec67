//! The compiled ruleset: rule-file content with names resolved and expressions checked.

use crate::expr::{Expr, FieldValue};
use crate::model::{
    Basis, Constraint, Criterion, EnumValue, FieldDecl, Grade, Outcome, Pipeline, RulesetMeta, Text, WarningRule,
};
use rust_decimal::Decimal;
use std::sync::Arc;

/// A submission field ready for validation and evaluation.
#[derive(Debug, Clone)]
pub(crate) struct CField {
    pub decl: FieldDecl,
    /// The declaration's title, shared with every answer that labels the field.
    pub label: Arc<Text>,
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
    pub label: Arc<Text>,
    /// Unit of a bands part's value (the unit of the field or derived value it reads).
    pub unit: Option<Text>,
    pub requires: Option<Expr>,
    pub otherwise: Option<Text>,
    pub body: PartBody,
    pub basis: Option<Arc<Basis>>,
}

#[derive(Debug, Clone)]
pub(crate) struct CCriterion {
    pub model: Criterion,
    /// The model's id, shared with every report.
    pub id: Arc<str>,
    /// The model's title, clause IDs and basis, shared with every report.
    pub title: Arc<Text>,
    pub clause: Arc<Vec<String>>,
    pub basis: Arc<Basis>,
    pub dimension: Arc<str>,
    /// A bonus item (加分项): worded as the county's forms word bonus points.
    pub bonus: bool,
    pub max: Option<Decimal>,
    /// `max` as report text, shared with every report.
    pub max_text: Option<Arc<str>>,
    pub applies: Option<Expr>,
    pub parts: Vec<CPart>,
    /// The fast shapes of `applies` and the parts (`CompiledRuleset::attach_plan`).
    pub plan: super::CriterionPlan,
}

#[derive(Debug, Clone)]
pub(crate) struct CDimension {
    /// Id and title, shared with every report.
    pub id: Arc<str>,
    pub title: Arc<Text>,
    pub criteria: Vec<CCriterion>,
}

#[derive(Debug, Clone)]
pub(crate) struct CCheck {
    /// Id, title, clause IDs and basis, shared with every report.
    pub id: Arc<str>,
    pub title: Arc<Text>,
    pub clause: Arc<Vec<String>>,
    pub basis: Arc<Basis>,
    pub expr: Expr,
    /// The fast shape of `expr` (`CompiledRuleset::attach_plan`).
    pub cond: Option<super::Cond>,
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
    /// What score bounds and advice read from the rules alone, worked out on first use.
    pub(crate) what_if: std::sync::OnceLock<crate::whatif::Static>,
}

/// A fresh reference-counted copy of `shared`'s value.
fn own<T: Clone>(shared: &Arc<T>) -> Arc<T> {
    Arc::new(T::clone(shared))
}

/// Each status's label, in the order of [`crate::Status`].
#[derive(Debug, Clone)]
pub(crate) struct StatusLabels([Arc<Text>; 5]);

impl Default for StatusLabels {
    fn default() -> Self {
        use crate::Status::*;
        Self([Met, PartlyMet, NotMet, MissingEvidence, NotApplicable].map(|s| Arc::new(s.label())))
    }
}

impl StatusLabels {
    pub fn of(&self, status: crate::Status) -> Arc<Text> {
        let [met, partly, not_met, missing, not_applicable] = &self.0;
        Arc::clone(match status {
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
/// none). Made once for a ruleset, and afresh for a worker's copy.
#[derive(Debug, Clone)]
pub(crate) struct ReportNames {
    pub reference: crate::RulesetRef,
    pub grades: Vec<(Arc<str>, Arc<Text>)>,
    pub outcomes: Vec<(Arc<str>, Arc<Text>)>,
    pub none: (Arc<str>, Arc<Text>),
}

impl ReportNames {
    pub fn new(meta: &RulesetMeta, digest: &str, grades: &[Grade], outcomes: &[COutcome]) -> Self {
        let named = |id: &str, title: &Text| (Arc::from(id), Arc::new(title.clone()));
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
    pub fn of(&self, list: &[(Arc<str>, Arc<Text>)], i: Option<usize>) -> (Arc<str>, Arc<Text>) {
        let (id, title) = i.and_then(|i| list.get(i)).unwrap_or(&self.none);
        (Arc::clone(id), Arc::clone(title))
    }
}

impl CCriterion {
    fn own_labels(&mut self) {
        (self.title, self.clause, self.basis) = (own(&self.title), own(&self.clause), own(&self.basis));
        (self.id, self.dimension) = (Arc::from(&*self.id), Arc::from(&*self.dimension));
        self.max_text = self.max_text.as_deref().map(Arc::from);
        for part in &mut self.parts {
            part.label = own(&part.label);
            part.basis = part.basis.as_ref().map(own);
        }
    }
}

impl CCheck {
    fn own_labels(&mut self) {
        (self.title, self.clause, self.basis) = (own(&self.title), own(&self.clause), own(&self.basis));
        self.id = Arc::from(&*self.id);
    }
}

impl CompiledRuleset {
    /// A copy whose labels, clause IDs and bases are its own, not shared with `self`'s.
    ///
    /// Answers hold them by reference count, and threads that count on the same ones take
    /// turns at them (the batch row of `docs/performance.md`, 2026-12-04 evening).
    pub(crate) fn with_own_labels(&self) -> Self {
        let mut copy = self.clone();
        for field in &mut copy.fields {
            field.label = own(&field.label);
        }
        for dimension in &mut copy.dimensions {
            (dimension.id, dimension.title) = (Arc::from(&*dimension.id), own(&dimension.title));
            dimension.criteria.iter_mut().for_each(CCriterion::own_labels);
        }
        if let Some((_, criteria)) = &mut copy.bonus {
            criteria.iter_mut().for_each(CCriterion::own_labels);
        }
        copy.gates.iter_mut().chain(&mut copy.vetoes).for_each(CCheck::own_labels);
        copy.status_labels = StatusLabels::default();
        copy.names = ReportNames::new(&copy.meta, &copy.digest, &copy.grades, &copy.outcomes);
        copy
    }
}
