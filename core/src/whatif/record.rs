//! The flat record what-if questions work on (one slot per field, `None` for missing) and
//! what each rule reads from it.

use crate::compile::{CCriterion, CompiledRuleset, PartBody};
use crate::expr::{Expr, FieldValue};
use crate::model::{ConstraintOp, FieldType};
use crate::validate::ValidSubmission;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// One slot per field of the ruleset, in declaration order; `None` is missing.
pub(super) type Record = Vec<Option<FieldValue>>;

/// A rule that reads fields and moves the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    /// A criterion or bonus item, by its place in [`CompiledRuleset::all_criteria`].
    Criterion(usize),
    Gate(usize),
    Veto(usize),
}

/// What the what-if analyses read from the rules alone, the same for every submission:
/// worked out on first use and kept with the compiled ruleset.
#[derive(Debug, Clone)]
pub(crate) struct Static {
    /// Each unit with the fields it reads.
    units: Vec<(Unit, BTreeSet<usize>)>,
    /// The thresholds of the rules.
    atoms: Vec<super::candidates::Atom>,
    /// Each criterion's fields, and those it reads where a few values cannot stand for all.
    criteria: Vec<(Vec<usize>, BTreeSet<usize>)>,
    /// The units that read each field, in unit order.
    readers: Vec<Vec<Unit>>,
    /// The places in `atoms` of the thresholds that read each field.
    atoms_of: Vec<Vec<usize>>,
    /// What a search needs to know of each field, found on first use (it asks for the
    /// candidates, which read the fields above).
    fields: std::sync::OnceLock<Vec<FieldFacts>>,
}

/// What a search needs to know of one field, the same in every submission.
#[derive(Debug, Clone, Default)]
pub(super) struct FieldFacts {
    /// Its candidates when it is missing, when every threshold on it compares the field
    /// itself with a constant: then they are the same in every record.
    pub fixed: Option<super::search::Options>,
    /// Else the fields the thresholds on it read: its candidates are solved afresh for each
    /// set of their values.
    pub inputs: Vec<usize>,
    /// The criterion that alone reads it (see `CompiledRuleset::read_alone`).
    pub alone: Option<usize>,
    /// Whether it only raises the points of that criterion (see `CompiledRuleset::rising`).
    pub rising: bool,
}

impl CompiledRuleset {
    fn what_if(&self) -> &Static {
        self.what_if.get_or_init(|| {
            let units = self.find_units();
            let mut readers = vec![Vec::new(); self.fields.len()];
            for (unit, fields) in &units {
                for &f in fields {
                    if let Some(list) = readers.get_mut(f) {
                        list.push(*unit);
                    }
                }
            }
            let atoms = self.find_atoms();
            let mut atoms_of = vec![Vec::new(); self.fields.len()];
            for (place, atom) in atoms.iter().enumerate() {
                for &f in &atom.fields {
                    if let Some(list) = atoms_of.get_mut(f) {
                        list.push(place);
                    }
                }
            }
            let criteria = self.find_fields_of_criteria();
            Static { units, atoms, criteria, readers, atoms_of, fields: std::sync::OnceLock::new() }
        })
    }

    /// What a search needs to know of each field.
    pub(super) fn field_facts(&self) -> &[FieldFacts] {
        self.what_if().fields.get_or_init(|| {
            let atoms = self.atoms();
            let all = self.all_criteria();
            let alone = self.read_alone(self.readers());
            let missing: Record = vec![None; self.fields.len()];
            (0..self.fields.len())
                .map(|f| {
                    let on = || self.atoms_of(f).iter().filter_map(|&p| atoms.get(p));
                    let direct = on().all(|a| a.expr == Expr::Field(f));
                    let alone = alone.get(f).copied().flatten();
                    FieldFacts {
                        fixed: direct.then(|| std::sync::Arc::new(self.candidates(&missing, f, atoms))),
                        inputs: if direct {
                            Vec::new()
                        } else {
                            on().flat_map(|a| a.fields.iter().copied()).collect::<BTreeSet<_>>().into_iter().collect()
                        },
                        alone,
                        rising: alone.and_then(|c| all.get(c)).is_some_and(|c| self.rising(c, f)),
                    }
                })
                .collect()
        })
    }

    /// Each unit with the fields it reads.
    pub(super) fn units(&self) -> &[(Unit, BTreeSet<usize>)] {
        &self.what_if().units
    }

    /// Every threshold of the rules, each once.
    pub(super) fn atoms(&self) -> &[super::candidates::Atom] {
        &self.what_if().atoms
    }

    /// The places in [`CompiledRuleset::atoms`] of the thresholds that read `field`.
    pub(super) fn atoms_of(&self, field: usize) -> &[usize] {
        self.what_if().atoms_of.get(field).map_or(&[], Vec::as_slice)
    }

    /// The units that read each field, in unit order.
    pub(super) fn readers(&self) -> &[Vec<Unit>] {
        &self.what_if().readers
    }

    /// Each criterion's fields (in order), and those it reads where a few values cannot
    /// stand for all: what trying every combination of its missing fields asks first.
    pub(super) fn fields_of_criteria(&self) -> &[(Vec<usize>, BTreeSet<usize>)] {
        &self.what_if().criteria
    }

    /// Every criterion then every bonus item: the order of an evaluation's criteria.
    pub(super) fn all_criteria(&self) -> Vec<&CCriterion> {
        let dims = self.dimensions.iter().flat_map(|d| d.criteria.iter());
        dims.chain(self.bonus.iter().flat_map(|(_, items)| items.iter())).collect()
    }

    /// Fields an expression reads, through derived values too.
    pub(super) fn reads(&self, expr: &Expr, out: &mut BTreeSet<usize>) {
        self.visit(expr, &mut |e| {
            if let Expr::Field(i) | Expr::Present(i) = e {
                out.insert(*i);
            }
        });
    }

    /// Fields whose presence an expression asks about (`present(…)`), through derived values.
    pub(super) fn presence_reads(&self, expr: &Expr, out: &mut BTreeSet<usize>) {
        self.visit(expr, &mut |e| {
            if let Expr::Present(i) = e {
                out.insert(*i);
            }
        });
    }

    /// Calls `f` on every node of `expr` and of the derived values it reads.
    pub(super) fn visit(&self, expr: &Expr, f: &mut dyn FnMut(&Expr)) {
        // Derived values form no cycle (the compiler refused them) and are few; the depth of
        // an expression is bounded by the parser.
        f(expr);
        match expr {
            Expr::Derived(d) => {
                if let Some(derived) = self.derived.get(*d) {
                    self.visit(&derived.expr, f);
                }
            }
            Expr::Neg(e) | Expr::Not(e) | Expr::In(e, _) => self.visit(e, f),
            Expr::Arith(_, l, r) | Expr::Compare(_, l, r) | Expr::And(l, r) | Expr::Or(l, r) => {
                self.visit(l, f);
                self.visit(r, f);
            }
            Expr::Min(args) | Expr::Max(args) => args.iter().for_each(|a| self.visit(a, f)),
            Expr::If(c, a, b) => {
                self.visit(c, f);
                self.visit(a, f);
                self.visit(b, f);
            }
            Expr::Const(_) | Expr::Field(_) | Expr::Var(_) | Expr::Present(_) => {}
        }
    }

    /// Every expression of a criterion: its switch, then each part's condition and body.
    pub(super) fn criterion_exprs<'a>(&self, c: &'a CCriterion) -> Vec<&'a Expr> {
        let mut out: Vec<&Expr> = c.applies.iter().collect();
        for part in &c.parts {
            out.extend(part.requires.iter());
            match &part.body {
                PartBody::Flag { when, .. } => out.push(when),
                PartBody::Bands { value, .. } => out.push(value),
                PartBody::Weighted { terms, .. } => out.extend(terms.iter().map(|(e, _, _)| e)),
            }
        }
        out
    }

    fn find_units(&self) -> Vec<(Unit, BTreeSet<usize>)> {
        let mut out = Vec::new();
        for (i, c) in self.all_criteria().into_iter().enumerate() {
            let mut fields = BTreeSet::new();
            for e in self.criterion_exprs(c) {
                self.reads(e, &mut fields);
            }
            out.push((Unit::Criterion(i), fields));
        }
        for (i, g) in self.gates.iter().enumerate() {
            let mut fields = BTreeSet::new();
            self.reads(&g.expr, &mut fields);
            out.push((Unit::Gate(i), fields));
        }
        for (i, v) in self.vetoes.iter().enumerate() {
            let mut fields = BTreeSet::new();
            self.reads(&v.expr, &mut fields);
            out.push((Unit::Veto(i), fields));
        }
        out
    }

    /// The id of a unit.
    pub(super) fn unit_id<'a>(&'a self, unit: Unit, all: &[&'a crate::compile::CCriterion]) -> &'a str {
        match unit {
            Unit::Criterion(i) => all.get(i).map(|c| c.model.id.as_str()),
            Unit::Gate(i) => self.gates.get(i).map(|g| &*g.id),
            Unit::Veto(i) => self.vetoes.get(i).map(|v| &*v.id),
        }
        .unwrap_or_default()
    }

    /// The record as the scorer sees it: missing fields take their defaults.
    pub(super) fn completed(&self, record: &[Option<FieldValue>]) -> ValidSubmission {
        let values = (0..self.fields.len()).map(|i| self.seen_as(i, record.get(i).and_then(Option::as_ref)).cloned());
        ValidSubmission { values: values.collect() }
    }

    /// What the scorer sees in slot `field` holding `value`: the value, or the field's
    /// default when it is empty.
    pub(super) fn seen_as<'r>(&'r self, field: usize, value: Option<&'r FieldValue>) -> Option<&'r FieldValue> {
        value.or_else(|| self.fields.get(field).and_then(|f| f.default.as_ref()))
    }

    /// Whether the record keeps every cross-field constraint (a missing side keeps it).
    pub(super) fn constraints_hold(&self, record: &[Option<FieldValue>]) -> bool {
        self.constraints.iter().all(|c| {
            let (Some(Some(FieldValue::Number(l))), Some(Some(FieldValue::Number(r)))) =
                (record.get(c.left), record.get(c.right))
            else {
                return true;
            };
            match c.op {
                ConstraintOp::Le => l <= r,
                ConstraintOp::Lt => l < r,
                ConstraintOp::Ge => l >= r,
                ConstraintOp::Gt => l > r,
            }
        })
    }

    /// The smallest change of a numeric field that counts.
    pub(super) fn step_of(&self, field: usize) -> Decimal {
        let Some(f) = self.fields.get(field) else { return Decimal::ONE };
        f.decl.step.unwrap_or(if f.decl.field_type.is_whole() { Decimal::ONE } else { Decimal::new(1, 2) })
    }

    /// Whether advice may change a field: declared, or by default numbers and flags that
    /// are neither the year nor the subject's identity.
    pub(super) fn actionable(&self, field: usize) -> bool {
        let Some(f) = self.fields.get(field) else { return false };
        if let Some(a) = f.decl.actionable {
            return a;
        }
        let identity = self.year_field == Some(field) || self.subject_fields.contains(&field);
        !identity && (f.decl.field_type.is_numeric() || f.decl.field_type == FieldType::Bool)
    }

    /// A field's value as the answer writes it: decimal string, boolean or code.
    pub(super) fn json_of(value: Option<&FieldValue>) -> serde_json::Value {
        match value {
            None => serde_json::Value::Null,
            Some(FieldValue::Number(n)) => serde_json::Value::String(n.normalize().to_string()),
            Some(FieldValue::Bool(b)) => serde_json::Value::Bool(*b),
            Some(FieldValue::Text(t)) => serde_json::Value::String(t.clone()),
        }
    }
}
