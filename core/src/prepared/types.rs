//! How each type of a compiled ruleset is written in the prepared form. What the compiler
//! derives from the rest (fast shapes, answer pieces, report names) is not written: it is
//! derived again as the form is read, by the compiler's own functions.

use super::codec::{choice, puts, record, Plan, Reader, Writer};
use crate::compile::{
    CCheck, CConstraint, CCriterion, CDerived, CDimension, CField, COutcome, CPart, CWarning, Citation, ClauseCoverage,
    Group, Member, PartBody,
};
use crate::expr::{BinOp, Const, Expr, FieldValue, ResultVar};
use crate::model::*;
use crate::Shared;

record! {
    Text { zh, en }
    EnumValue { code, title }
    FieldDecl { path, field_type, title, help, unit, required, min, max, max_length, values, default, actionable, step }
    Constraint { id, when }
    RuleFile {
        format_version, ruleset, pipeline, goal, gates, dimensions, bonus, vetoes, grades, outcomes, notes,
        warnings, groups, fields, constraints, derived, clauses,
    }
    Goal { title, clause, outcome, target, statement, similar_name_suffixes }
    GroupDecl { path, title, help }
    RulesetMeta { id, version, title, description, source, effective, year_field, subject_fields, clause }
    ClauseDecl { id, number, title, unscored }
    Unscored { reason, note }
    SourceDocument { document, title, issued }
    EffectivePeriod { from, to, clause, notice }
    Derived { id, value, title, unit }
    Basis { kind, source, note }
    Dimension { id, title, criteria }
    Criterion { id, title, max, clause, basis, when, help, parts }
    Band { at_least, points }
    Term { value, weight }
    Gate { id, title, when, clause, basis }
    Veto { id, title, when, clause, basis }
    Bonus { cap, items }
    Grade { id, title, min }
    Outcome { id, title, when }
    WarningRule { id, when, message, for_each, path, clause }
    ForEachField { field_type, except }
    Rounding { places, mode }
    Pipeline { normalise, scale, max, rounding, veto_grade }
    ClauseCoverage { id, number, title, cited_by, unscored }
    Citation { kind, id }
    CConstraint { model, left, op, right }
    CDerived { expr }
    CDimension { id, title, criteria }
    COutcome { model, when }
}

choice! {
    FieldType { Text, Bool, Integer, Decimal, Percent, Amount, Count, Enum }
    ConstraintOp { Le, Lt, Ge, Gt }
    UnscoredReason { NotScorable, CountyDuty, OtherProgramme }
    BasisKind { Sourced, Set }
    RoundingMode { HalfAwayFromZero, HalfEven, TowardZero }
    BinOp { Add, Sub, Mul, Div, Eq, Ne, Lt, Le, Gt, Ge, And, Or }
    ResultVar { FinalScore, Grade, GateFailed, VetoFired }
}

impl Plan for Shared<str> {
    fn put(&self, w: &mut Writer) {
        w.text(self);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        Shared::from(r.text())
    }
}

impl<T: Plan> Plan for Shared<T> {
    fn put(&self, w: &mut Writer) {
        (**self).put(w);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        Shared::new(T::get(r))
    }
}

// A field's and a group's JSON pointers are made again from their paths, as the compiler makes
// them: about a tenth of a bundled ruleset's texts.
impl Plan for CField {
    fn put(&self, w: &mut Writer) {
        let CField { decl, label, pointer: _, min, max, max_length, default } = self;
        puts!(w, decl, label, min, max, max_length, default);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        let decl: FieldDecl = Plan::get(r);
        let pointer = crate::input::dotted_to_pointer(&decl.path);
        CField {
            decl,
            label: Plan::get(r),
            pointer,
            min: Plan::get(r),
            max: Plan::get(r),
            max_length: Plan::get(r),
            default: Plan::get(r),
        }
    }
}

impl Plan for Group {
    fn put(&self, w: &mut Writer) {
        let Group { pointer: _, label, members } = self;
        puts!(w, label, members);
    }
    /// A group with no pointer yet: [`point_groups`] gives them from the top.
    fn get(r: &mut Reader<'_>) -> Self {
        Group { pointer: String::new(), label: Plan::get(r), members: Plan::get(r) }
    }
}

/// Gives each group below `group` its pointer: its parent's, then its key.
pub(super) fn point_groups(group: &mut Group) {
    let Group { pointer, members, .. } = group;
    for (key, member) in members {
        if let Member::Group(inner) = member {
            inner.pointer = crate::input::child_pointer(pointer, key);
            point_groups(inner);
        }
    }
}

impl Plan for Member {
    fn put(&self, w: &mut Writer) {
        match self {
            Member::Leaf(i) => puts!(w; 0, i),
            Member::Group(g) => puts!(w; 1, g),
        }
    }
    fn get(r: &mut Reader<'_>) -> Self {
        match r.tag(2) {
            0 => Member::Leaf(Plan::get(r)),
            _ if !r.enter() => Member::Leaf(0),
            _ => {
                let group = Member::Group(Plan::get(r));
                r.leave();
                group
            }
        }
    }
}

impl Plan for Part {
    fn put(&self, w: &mut Writer) {
        match self {
            Part::Flag { title, when, otherwise, basis, value, points } => {
                puts!(w; 0, title, when, otherwise, basis, value, points)
            }
            Part::Bands { title, when, otherwise, basis, value, bands } => {
                puts!(w; 1, title, when, otherwise, basis, value, bands)
            }
            Part::Weighted { title, when, otherwise, basis, terms, cap } => {
                puts!(w; 2, title, when, otherwise, basis, terms, cap)
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Self {
        let tag = r.tag(3);
        let (title, when, otherwise, basis) = (Plan::get(r), Plan::get(r), Plan::get(r), Plan::get(r));
        match tag {
            0 => Part::Flag { title, when, otherwise, basis, value: Plan::get(r), points: Plan::get(r) },
            1 => Part::Bands { title, when, otherwise, basis, value: Plan::get(r), bands: Plan::get(r) },
            _ => Part::Weighted { title, when, otherwise, basis, terms: Plan::get(r), cap: Plan::get(r) },
        }
    }
}

impl Plan for serde_json::Value {
    fn put(&self, w: &mut Writer) {
        use serde_json::Value as V;
        match self {
            V::Null => w.body.push(0),
            V::Bool(b) => puts!(w; 1, b),
            V::Number(n) => {
                // Each kind of number as serde_json holds it, so that it reads back the same.
                if let Some(u) = n.as_u64() {
                    w.body.push(2);
                    w.uint(u);
                } else if let Some(i) = n.as_i64() {
                    w.body.push(3);
                    i.put(w);
                } else {
                    w.body.push(4);
                    w.body.extend_from_slice(&n.as_f64().unwrap_or_default().to_le_bytes());
                }
            }
            V::String(s) => puts!(w; 5, s),
            V::Array(items) => puts!(w; 6, items),
            V::Object(map) => {
                w.body.push(7);
                w.uint(map.len() as u64);
                for (k, v) in map {
                    k.put(w);
                    v.put(w);
                }
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Self {
        use serde_json::Value as V;
        match r.tag(8) {
            0 => V::Null,
            1 => V::Bool(Plan::get(r)),
            2 => V::from(r.uint()),
            3 => V::from(i64::get(r)),
            4 => {
                let mut bytes = [0u8; 8];
                for b in &mut bytes {
                    *b = r.byte();
                }
                match serde_json::Number::from_f64(f64::from_le_bytes(bytes)) {
                    Some(n) => V::Number(n),
                    None => r.fail(V::Null),
                }
            }
            5 => V::String(Plan::get(r)),
            6 | 7 if !r.enter() => V::Null,
            6 => {
                let items = V::Array(Plan::get(r));
                r.leave();
                items
            }
            _ => {
                let pairs: Vec<(String, V)> = Plan::get(r);
                r.leave();
                V::Object(pairs.into_iter().collect())
            }
        }
    }
}

/// A field's value and an expression's constant: a number, a truth value or a text.
macro_rules! scalar {
    ($($ty:ident)*) => {$(
        impl Plan for $ty {
            fn put(&self, w: &mut Writer) {
                match self {
                    $ty::Number(n) => puts!(w; 0, n),
                    $ty::Bool(b) => puts!(w; 1, b),
                    $ty::Text(t) => puts!(w; 2, t),
                }
            }
            fn get(r: &mut Reader<'_>) -> Self {
                match r.tag(3) {
                    0 => $ty::Number(Plan::get(r)),
                    1 => $ty::Bool(Plan::get(r)),
                    _ => $ty::Text(Plan::get(r)),
                }
            }
        }
    )*};
}
scalar!(FieldValue Const);

impl Plan for Expr {
    fn put(&self, w: &mut Writer) {
        match self {
            Expr::Const(c) => puts!(w; 0, c),
            Expr::Field(i) => puts!(w; 1, i),
            Expr::Derived(i) => puts!(w; 2, i),
            Expr::Var(v) => puts!(w; 3, v),
            Expr::Present(i) => puts!(w; 4, i),
            Expr::Neg(e) => puts!(w; 5, e),
            Expr::Not(e) => puts!(w; 6, e),
            Expr::Arith(op, l, r) => puts!(w; 7, op, l, r),
            Expr::Compare(op, l, r) => puts!(w; 8, op, l, r),
            Expr::And(l, r) => puts!(w; 9, l, r),
            Expr::Or(l, r) => puts!(w; 10, l, r),
            Expr::In(e, items) => puts!(w; 11, e, items),
            Expr::Min(items) => puts!(w; 12, items),
            Expr::Max(items) => puts!(w; 13, items),
            Expr::If(c, t, e) => puts!(w; 14, c, t, e),
        }
    }
    fn get(r: &mut Reader<'_>) -> Self {
        // Too deep is corrupt: the first variant, which nests nothing, ends the branch.
        let entered = r.enter();
        let tag = if entered { r.tag(15) } else { 0 };
        let expr = match tag {
            0 => Expr::Const(Plan::get(r)),
            1 => Expr::Field(Plan::get(r)),
            2 => Expr::Derived(Plan::get(r)),
            3 => Expr::Var(Plan::get(r)),
            4 => Expr::Present(Plan::get(r)),
            5 => Expr::Neg(Plan::get(r)),
            6 => Expr::Not(Plan::get(r)),
            7 => Expr::Arith(Plan::get(r), Plan::get(r), Plan::get(r)),
            8 => Expr::Compare(Plan::get(r), Plan::get(r), Plan::get(r)),
            9 => Expr::And(Plan::get(r), Plan::get(r)),
            10 => Expr::Or(Plan::get(r), Plan::get(r)),
            11 => Expr::In(Plan::get(r), Plan::get(r)),
            12 => Expr::Min(Plan::get(r)),
            13 => Expr::Max(Plan::get(r)),
            _ => Expr::If(Plan::get(r), Plan::get(r), Plan::get(r)),
        };
        if entered {
            r.leave();
        }
        expr
    }
}

impl Plan for PartBody {
    fn put(&self, w: &mut Writer) {
        match self {
            PartBody::Flag { when, points } => puts!(w; 0, when, points),
            PartBody::Bands { value, bands } => puts!(w; 1, value, bands),
            PartBody::Weighted { terms, cap } => puts!(w; 2, terms, cap),
        }
    }
    fn get(r: &mut Reader<'_>) -> Self {
        match r.tag(3) {
            0 => PartBody::Flag { when: Plan::get(r), points: Plan::get(r) },
            1 => PartBody::Bands { value: Plan::get(r), bands: Plan::get(r) },
            _ => PartBody::Weighted { terms: Plan::get(r), cap: Plan::get(r) },
        }
    }
}

// The types below hold what the compiler derives from their other fields: their answer
// pieces and fast shapes are made again here, as the compiler makes them.

impl Plan for CPart {
    fn put(&self, w: &mut Writer) {
        let CPart { label, unit, requires, otherwise, body, basis, pieces: _ } = self;
        puts!(w, label, unit, requires, otherwise, body, basis);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        let label: Shared<Text> = Plan::get(r);
        let (unit, requires, otherwise, body) = (Plan::get(r), Plan::get(r), Plan::get(r), Plan::get(r));
        let basis: Option<Shared<Basis>> = Plan::get(r);
        let pieces = crate::score::part_pieces(&label, basis.as_deref());
        CPart { label, unit, requires, otherwise, body, basis, pieces }
    }
}

impl Plan for CCriterion {
    fn put(&self, w: &mut Writer) {
        let CCriterion {
            model,
            id,
            title,
            clause,
            basis,
            dimension,
            bonus,
            max,
            max_text,
            applies,
            parts,
            plan: _,
            pieces: _,
        } = self;
        puts!(w, model, id, title, clause, basis, dimension, bonus, max, max_text, applies, parts);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        let model: Criterion = Plan::get(r);
        let id: Shared<str> = Plan::get(r);
        let (title, clause, basis) = (Plan::get(r), Plan::get(r), Plan::get(r));
        let dimension: Shared<str> = Plan::get(r);
        let (bonus, max, max_text, applies, parts) =
            (Plan::get(r), Plan::get(r), Plan::get(r), Plan::get(r), Plan::get(r));
        let pieces = crate::score::criterion_pieces(&id, &dimension, max, &model);
        CCriterion {
            model,
            id,
            title,
            clause,
            basis,
            dimension,
            bonus,
            max,
            max_text,
            applies,
            parts,
            plan: Default::default(),
            pieces,
        }
    }
}

/// A gate (`is_gate`) or a veto.
pub(super) fn put_check(c: &CCheck, w: &mut Writer) {
    let CCheck { id, title, clause, basis, expr, cond: _, pieces: _ } = c;
    puts!(w, id, title, clause, basis, expr);
}

pub(super) fn get_check(r: &mut Reader<'_>, is_gate: bool) -> CCheck {
    let id: Shared<str> = Plan::get(r);
    let title: Shared<Text> = Plan::get(r);
    let clause: Shared<Vec<String>> = Plan::get(r);
    let basis: Shared<Basis> = Plan::get(r);
    let expr = Plan::get(r);
    let pieces = crate::score::check_pieces(&id, &title, &clause, &basis, is_gate);
    CCheck { id, title, clause, basis, expr, cond: None, pieces }
}

impl Plan for CWarning {
    fn put(&self, w: &mut Writer) {
        let CWarning { model, when, cond: _, field, pointer } = self;
        puts!(w, model, when, field, pointer);
    }
    fn get(r: &mut Reader<'_>) -> Self {
        CWarning { model: Plan::get(r), when: Plan::get(r), cond: None, field: Plan::get(r), pointer: Plan::get(r) }
    }
}
