//! Rulesets compiled ahead of time: a compiled ruleset written as bytes and read back without
//! the rule compiler, so that a build that scores only the bundled rulesets (the browser's
//! modules) carries no compiler, no rule-file reader and no rule files.
//!
//! The bytes are a build's own product, read by the same version of the engine that wrote
//! them (their header says which): not a format to keep or exchange. A ruleset read back
//! gives the answers of the one compiled from its rule file, byte for byte (`tests.rs`).

mod codec;
mod types;

use crate::compile::{CompiledRuleset, Diagnostic, DiagnosticCode, ReportNames, RulesetError};
use codec::{puts, Plan, Reader, Writer};

/// What the bytes start with: the form and the engine version that wrote them.
const MAGIC: &str = concat!("zonescore-prepared ", env!("CARGO_PKG_VERSION"), "\n");

impl CompiledRuleset {
    /// The compiled ruleset as bytes that [`CompiledRuleset::from_prepared`] reads.
    pub fn to_prepared(&self) -> Vec<u8> {
        // Written twice: the first time finds the texts, which the second writes in order,
        // so that like texts stand together and compress together (Chinese with Chinese,
        // paths with paths).
        let mut first = Writer::default();
        self.write(&mut first);
        let mut writer = Writer::with_texts(first.sorted_texts());
        self.write(&mut writer);
        let mut out = MAGIC.as_bytes().to_vec();
        writer.finish(&mut out);
        out
    }

    fn write(&self, w: &mut Writer) {
        let CompiledRuleset {
            meta,
            digest,
            fields,
            root,
            constraints,
            derived,
            derived_order,
            gates,
            dimensions,
            bonus,
            vetoes,
            grades,
            veto_grade,
            outcomes,
            notes,
            warnings,
            pipeline,
            year_field,
            subject_fields,
            goal,
            goal_years,
            clauses,
            model,
            // Made again as the bytes are read.
            status_labels: _,
            names: _,
            what_if: _,
            // A ruleset read back counts its labels.
            borrows_labels: _,
            plain_texts,
        } = self;
        puts!(w, meta, digest, fields, root, constraints, derived, derived_order);
        let checks = |w: &mut Writer, list: &Vec<crate::compile::CCheck>| {
            w.uint(list.len() as u64);
            list.iter().for_each(|c| types::put_check(c, w));
        };
        checks(w, gates);
        puts!(w, dimensions, bonus);
        checks(w, vetoes);
        puts!(w, grades, veto_grade, outcomes, notes, warnings, pipeline, year_field, subject_fields, goal);
        puts!(w, goal_years, clauses, model, plain_texts);
    }

    /// Reads what [`CompiledRuleset::to_prepared`] wrote, in this version of the engine: a
    /// build's own bytes, such as `wasm/build.rs` embeds. Other bytes are an `unreadable`
    /// error, never a panic: the reader checks the layout, every index into its texts, lists
    /// no longer than the bytes, nesting no deeper than an expression can be, the order of
    /// derived values and whether the texts need escaping. It does not compile the rules
    /// again: bytes made up to read cleanly give answers as wrong as the rules they describe.
    pub fn from_prepared(bytes: &[u8]) -> Result<Self, RulesetError> {
        let body = bytes.strip_prefix(MAGIC.as_bytes()).ok_or_else(|| unreadable(0))?;
        read(body).map_err(|codec::Corrupt(at)| unreadable(MAGIC.len() + at))
    }
}

fn read(body: &[u8]) -> Result<CompiledRuleset, codec::Corrupt> {
    let r = &mut Reader::new(body);
    let checks = |r: &mut Reader<'_>, is_gate: bool| -> Vec<crate::compile::CCheck> {
        let len = usize::try_from(r.uint()).ok().filter(|len| *len <= r.left()).unwrap_or_else(|| r.fail(0));
        (0..len).map(|_| types::get_check(r, is_gate)).collect()
    };
    let (meta, digest): (crate::model::RulesetMeta, String) = (Plan::get(r), Plan::get(r));
    let (fields, mut root, constraints) = (Plan::get(r), Plan::get(r), Plan::get(r));
    types::point_groups(&mut root);
    let derived: Vec<crate::compile::CDerived> = Plan::get(r);
    let derived_order: Vec<usize> = Plan::get(r);
    let gates = checks(r, true);
    let (dimensions, bonus) = (Plan::get(r), Plan::get(r));
    let vetoes = checks(r, false);
    let grades: Vec<crate::model::Grade> = Plan::get(r);
    let veto_grade = Plan::get(r);
    let outcomes: Vec<crate::compile::COutcome> = Plan::get(r);
    let (notes, warnings, pipeline, year_field, subject_fields, goal) =
        (Plan::get(r), Plan::get(r), Plan::get(r), Plan::get(r), Plan::get(r), Plan::get(r));
    let (goal_years, clauses, model, plain_texts) = (Plan::get(r), Plan::get(r), Plan::get(r), Plan::get(r));
    r.finish()?;
    // What the layout cannot show, and evaluation relies on: each derived value comes after
    // those it reads (so none reads itself), and a ruleset said to be plain has no text to
    // escape (its answers copy its texts without a scan).
    let place = |d: usize| derived_order.iter().position(|o| *o == d);
    let ordered = derived_order.len() == derived.len()
        && derived
            .iter()
            .enumerate()
            .all(|(i, d)| place(i).is_some_and(|at| reads_only(&d.expr, &|j| place(j).is_some_and(|p| p < at))));
    if !ordered {
        return Err(codec::Corrupt(body.len()));
    }
    let plain_texts = plain_texts && r.texts_are_plain();
    let names = ReportNames::new(&meta, &digest, &grades, &outcomes);
    let mut compiled = CompiledRuleset {
        meta,
        digest,
        fields,
        root,
        constraints,
        derived,
        derived_order,
        gates,
        dimensions,
        bonus,
        vetoes,
        grades,
        veto_grade,
        outcomes,
        notes,
        warnings,
        pipeline,
        year_field,
        subject_fields,
        goal,
        goal_years,
        clauses,
        model,
        status_labels: Default::default(),
        names,
        borrows_labels: false,
        plain_texts,
        what_if: std::sync::OnceLock::new(),
    };
    compiled.attach_plan();
    Ok(compiled)
}

/// Whether every derived value `e` reads is one `earlier` allows.
fn reads_only(e: &crate::expr::Expr, earlier: &dyn Fn(usize) -> bool) -> bool {
    use crate::expr::Expr as E;
    match e {
        E::Derived(j) => earlier(*j),
        E::Const(_) | E::Field(_) | E::Var(_) | E::Present(_) => true,
        E::Neg(a) | E::Not(a) | E::In(a, _) => reads_only(a, earlier),
        E::Arith(_, a, b) | E::Compare(_, a, b) | E::And(a, b) | E::Or(a, b) => {
            reads_only(a, earlier) && reads_only(b, earlier)
        }
        E::Min(list) | E::Max(list) => list.iter().all(|a| reads_only(a, earlier)),
        E::If(c, a, b) => reads_only(c, earlier) && reads_only(a, earlier) && reads_only(b, earlier),
    }
}

fn unreadable(at: usize) -> RulesetError {
    RulesetError {
        origin: "<prepared>".to_owned(),
        diagnostics: vec![Diagnostic::about_file(
            DiagnosticCode::Unreadable,
            format!("预编译的规则集在第 {at} 字节处无法读取：它不是本版本 zonescore 写出的"),
            format!("the prepared ruleset cannot be read at byte {at}: this version of zonescore did not write it"),
        )],
    }
}

// A build with `prepared` and without `toml` has no bundled ruleset until it is given one:
// `core/tests/prepared.rs` tests that build.
#[cfg(all(test, any(feature = "toml", not(feature = "prepared"))))]
mod tests;
