//! The compiler proper: builds a [`CompiledRuleset`] from a parsed rule file, collecting
//! every problem instead of stopping at the first.

use super::closest::closest;
use super::diagnostic::{inside_string, line_col, Diagnostic, Locator, RuleFormat, RulePath};
use super::*;
use crate::expr::{check, parse, Ast, ExprError, Names, Resolved, ResultVar, Ty, DEPENDS_ON_ERROR};
use crate::model::{Basis, BasisKind, RuleFile, Text};
#[cfg(feature = "toml")]
use std::collections::BTreeMap;

/// Ids seen so far, each with where it is first used and by what kind of rule, for the help
/// of a duplicate: in the builds for rule authors (it cost the browser's first download
/// 0.9 KB gzipped, which keeps a set of the ids alone).
#[cfg(feature = "toml")]
pub(super) type Ids = BTreeMap<String, (RulePath, (&'static str, &'static str))>;
#[cfg(not(feature = "toml"))]
pub(super) type Ids = std::collections::BTreeSet<String>;

pub(super) struct Builder<'t> {
    text: &'t str,
    format: RuleFormat,
    /// The text is format 1, read migrated: problems are shown at format 1's keys.
    legacy: bool,
    locator: Locator<'t>,
    diagnostics: Vec<Diagnostic>,
}

/// The names visible to an expression.
#[derive(Clone, Copy)]
pub(super) struct Scope<'a> {
    pub(super) fields: &'a [CField],
    pub(super) derived: &'a [(String, Option<Ty>)],
    /// Label and unit of each derived value, for the parts that read one.
    pub(super) derived_labels: &'a [(Text, Option<Text>)],
    /// The grades, where outcome variables (`result.grade`…) may be read; `None` elsewhere.
    pub(super) outcome_vars: Option<&'a [crate::model::Grade]>,
    /// The field that the name `value` stands for (notices checked `for_each` field).
    pub(super) value_field: Option<usize>,
}

fn field_ty(f: &CField) -> Ty {
    use crate::model::FieldType as F;
    match f.decl.field_type {
        F::Bool => Ty::Bool,
        F::Text | F::Enum => Ty::Text,
        _ => Ty::Number,
    }
}

impl Names for Scope<'_> {
    fn resolve(&self, name: &str) -> Option<Resolved> {
        if let (Some(index), "value") = (self.value_field, name) {
            let f = self.fields.get(index)?;
            return Some(Resolved::Field { index, ty: field_ty(f), codes: None });
        }
        // Fields first: a derived id that is a field's path is refused where it is declared
        // (`invalid_id`), and the field's uses must not be reported again as that value's.
        if let Some(index) = self.fields.iter().position(|f| f.decl.path == name) {
            let f = self.fields.get(index)?;
            let codes = (!f.decl.values.is_empty()).then(|| f.decl.values.iter().map(|v| v.code.clone()).collect());
            return Some(Resolved::Field { index, ty: field_ty(f), codes });
        }
        if let Some(index) = self.derived.iter().position(|(id, _)| id == name) {
            return Some(match self.derived.get(index).and_then(|(_, t)| *t) {
                Some(ty) => Resolved::Derived { index, ty },
                None => Resolved::Broken,
            });
        }
        if self.outcome_vars.is_some() {
            return ResultVar::from_name(name).map(Resolved::Result);
        }
        None
    }

    fn result_codes(&self, var: ResultVar) -> Option<Vec<String>> {
        // A ruleset without grades gives every submission the grade `""`.
        let grades = self.outcome_vars.filter(|g| !g.is_empty())?;
        (var == ResultVar::Grade).then(|| grades.iter().map(|g| g.id.clone()).collect())
    }

    fn suggest(&self, name: &str) -> Option<String> {
        let candidates =
            self.fields.iter().map(|f| f.decl.path.as_str()).chain(self.derived.iter().map(|(d, _)| d.as_str()));
        // In an outcome, `result.final` is close to `result.final_score` too.
        let results = self.outcome_vars.map(|_| ResultVar::NAMES).unwrap_or_default();
        let begun = results.iter().find(|r| name.len() > "result.".len() && r.starts_with(name));
        begun.map(|r| (*r).to_owned()).or_else(|| closest(name, candidates.chain(results.iter().copied())))
    }
}

/// Whether `c` is a clause ID: `§` and dot-separated numbers or lowercase letters (`§2.2.a`).
pub(super) fn is_clause_id(c: &str) -> bool {
    let body = c.strip_prefix('§').unwrap_or_default();
    !body.is_empty()
        && body.split('.').all(|p| {
            !p.is_empty() && (p.bytes().all(|b| b.is_ascii_digit()) || p.bytes().all(|b| b.is_ascii_lowercase()))
        })
}

pub(crate) fn names_in(ast: &Ast, out: &mut Vec<String>) {
    match ast {
        Ast::Name(n, _) | Ast::Present(n, _) => out.push(n.clone()),
        Ast::Neg(e, _) | Ast::Not(e, _) => names_in(e, out),
        Ast::Binary(_, l, r, _) => {
            names_in(l, out);
            names_in(r, out);
        }
        Ast::In(e, items, _) => {
            names_in(e, out);
            items.iter().for_each(|i| names_in(i, out));
        }
        Ast::Call(_, args, _) => args.iter().for_each(|a| names_in(a, out)),
        Ast::If(c, a, b, _) => {
            names_in(c, out);
            names_in(a, out);
            names_in(b, out);
        }
        Ast::Number(..) | Ast::Bool(..) | Ast::Text(..) => {}
    }
}

impl<'t> Builder<'t> {
    pub(super) fn new(text: &'t str, format: RuleFormat, legacy: bool) -> Self {
        Self { text, format, legacy, locator: Locator::new(text, format), diagnostics: Vec::new() }
    }

    /// Where the text has the key at `at`: the path as the file spells it, and its offset.
    fn place(&self, at: &RulePath) -> (RulePath, Option<usize>) {
        if !self.legacy {
            return (at.clone(), self.locator.locate(at));
        }
        let candidates = crate::migrate::v1_paths(at);
        let found = candidates.iter().find_map(|p| self.locator.locate(p).map(|o| (p.clone(), Some(o))));
        found.unwrap_or_else(|| (candidates.into_iter().next().unwrap_or_else(|| at.clone()), None))
    }

    /// Records a problem at `at`, its message in Chinese and in English side by side, and
    /// returns it for an optional `help`.
    pub(super) fn error(
        &mut self,
        at: &RulePath,
        code: DiagnosticCode,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> &mut Diagnostic {
        let (at, offset) = self.place(at);
        let (line, column) = offset.map(|o| line_col(self.text, o)).unzip();
        self.diagnostics.push(Diagnostic {
            code,
            message: Text::new(zh, en),
            help: None,
            path: at.to_string(),
            line,
            column,
            source_line: None,
        });
        let last = self.diagnostics.len() - 1;
        // INVARIANT: an element was pushed on the line above.
        #[allow(clippy::indexing_slicing)]
        &mut self.diagnostics[last]
    }

    pub(super) fn expr_error(&mut self, at: &RulePath, e: ExprError) {
        if e.code == DEPENDS_ON_ERROR {
            return;
        }
        let (at, offset) = self.place(at);
        let start = offset.map(|o| inside_string(self.text, self.format, o, e.span.start));
        let (line, column) = start.map(|o| line_col(self.text, o)).unzip();
        self.diagnostics.push(Diagnostic {
            code: e.code,
            message: e.message,
            help: e.help.map(|h| *h),
            path: at.to_string(),
            line,
            column,
            source_line: None,
        });
    }

    pub(super) fn suggest_field(&self, name: &str, fields: &[CField]) -> Option<String> {
        closest(name, fields.iter().map(|f| f.decl.path.as_str()))
    }

    pub(super) fn expr(&mut self, at: &RulePath, src: &str, scope: &Scope<'_>, want: Ty) -> Option<crate::expr::Expr> {
        let result = parse(src).and_then(|ast| check(&ast, scope, Some(want)));
        result.map_err(|e| self.expr_error(at, e)).ok()
    }

    /// Reports `id` when `seen` already holds it; `what` names the kind of thing in
    /// Chinese and in English (`("指标", "criterion")`).
    pub(super) fn unique(&mut self, seen: &mut Ids, id: &str, at: &RulePath, what: (&'static str, &'static str)) {
        let (zh, en) = what;
        // `A1\u{200b}` prints as `A1` beside the real one in every report.
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control() || super::closest::invisible(c)) {
            self.error(
                &at.key("id"),
                DiagnosticCode::InvalidId,
                format!("{zh}编号 {id:?} 为空，或含空白、控制字符或不可见字符"),
                format!("{en} id {id:?} is empty, or holds a space, a control or an invisible character"),
            );
        }
        // `T１２` looks like `T12` in every report and is another id: a test naming T12 fails.
        if let Some(wide) = id.chars().find(|c| ('\u{ff01}'..='\u{ff5e}').contains(c)) {
            let narrow = char::from_u32(u32::from(wide) - 0xfee0).unwrap_or(wide);
            self.error(
                &at.key("id"),
                DiagnosticCode::InvalidId,
                format!("{zh}编号 `{id}` 含全角字符 `{wide}`：请改为半角 `{narrow}`"),
                format!("{en} id `{id}` holds the full-width `{wide}`: write the ASCII `{narrow}`"),
            );
        }
        #[cfg(feature = "toml")]
        let first = match seen.get(id) {
            Some((path, kind)) => Some((path.key("id"), *kind)),
            None => {
                seen.insert(id.to_owned(), (at.clone(), what));
                None
            }
        };
        #[cfg(feature = "toml")]
        let new = first.is_none();
        #[cfg(not(feature = "toml"))]
        let new = seen.insert(id.to_owned());
        if !new {
            let _d = self.error(
                &at.key("id"),
                DiagnosticCode::DuplicateId,
                format!("{zh}编号 `{id}` 重复使用"),
                format!("{en} id `{id}` is used more than once"),
            );
            // Where the id is first used, and by what: a gate's `G1` reused for a criterion.
            #[cfg(feature = "toml")]
            if let Some((first, (first_zh, first_en))) = first {
                _d.help(
                    format!("{first_zh} `{id}`（位于 `{first}`）已用此编号：每个编号只能用一次，请改名"),
                    format!("the {first_en} at `{first}` has this id already: each id is used once, rename one"),
                );
            }
        }
    }

    pub(super) fn basis(&mut self, at: &RulePath, basis: &Basis) {
        if basis.kind == BasisKind::Sourced && basis.source.as_deref().is_none_or(str::is_empty) {
            self.error(
                &at.key("basis"),
                DiagnosticCode::MissingSource,
                "依据类型为 `sourced` 时须写明来源 `source`",
                "a `sourced` basis must name its `source`",
            );
        }
    }

    /// A criterion's, gate's or veto's clauses: at least one (every point is traced to the
    /// document), each a clause ID.
    pub(super) fn cited_clauses(&mut self, at: &RulePath, id: &str, clauses: &[String], (zh, en): (&str, &str)) {
        if clauses.is_empty() {
            self.error(
                &at.key("clause"),
                DiagnosticCode::NoClause,
                format!("{zh} `{id}` 未引用任何条款"),
                format!("{en} `{id}` cites no clause"),
            )
            .help(
                "每项评分规则都须注明其依据的条款编号，如 `clause = [\"§5.2.3\"]`",
                "every scoring rule names the clauses it rests on, like `clause = [\"§5.2.3\"]`",
            );
        }
        self.clauses(at, clauses);
    }

    pub(super) fn clauses(&mut self, at: &RulePath, clauses: &[String]) {
        for (i, c) in clauses.iter().enumerate() {
            if !is_clause_id(c) {
                self.error(
                    &at.key("clause").index(i),
                    DiagnosticCode::InvalidClause,
                    format!("`{c}` 不是条款编号"),
                    format!("clause `{c}` is not a clause ID"),
                )
                .help(
                    "请填写依据文件的条款编号，如 `§5.2.3`",
                    "write clause IDs of the source document, like `§5.2.3`",
                );
            }
        }
    }

    pub(super) fn build(
        mut self,
        file: RuleFile,
        digest: String,
        plain_texts: bool,
    ) -> Result<CompiledRuleset, Vec<Diagnostic>> {
        let root_at = RulePath::default();
        // Words joined by `-`: no `-` first, last or twice (`a-`, `-a`, `a--b`).
        let id_ok = file
            .ruleset
            .id
            .split('-')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        if !id_ok {
            self.error(
                &root_at.key("ruleset").key("id"),
                DiagnosticCode::InvalidId,
                format!("规则集编号 `{}` 应为以 `-` 连接的小写英文单词", file.ruleset.id),
                format!("ruleset id `{}` is not lowercase words joined by `-`", file.ruleset.id),
            );
        }
        let clauses = self.clause_coverage(&file);
        let model = std::sync::Arc::new(file.clone());
        let (fields, mut root) = self.fields(file.fields);
        self.group_labels(file.groups, &mut root);
        let constraints = self.constraints(file.constraints, &fields);
        let derived_labels: Vec<(Text, Option<Text>)> =
            file.derived.iter().map(|d| (d.title.clone(), d.unit.clone())).collect();
        let (derived, derived_types, derived_order) = self.derived(file.derived, &fields);
        let scope = Scope {
            fields: &fields,
            derived: &derived_types,
            derived_labels: &derived_labels,
            outcome_vars: None,
            value_field: None,
        };
        let mut ids = Ids::new();
        let gates = self.checks(
            &scope,
            &mut ids,
            "gates",
            file.gates.into_iter().map(|g| (g.id, g.title, g.clause, g.basis, g.when)).collect(),
        );
        let vetoes = self.checks(
            &scope,
            &mut ids,
            "vetoes",
            file.vetoes.into_iter().map(|v| (v.id, v.title, v.clause, v.basis, v.when)).collect(),
        );
        let mut dimensions = Vec::new();
        let mut dim_ids = Ids::new();
        for (i, dim) in file.dimensions.into_iter().enumerate() {
            let at = root_at.key("dimensions").index(i);
            self.unique(&mut dim_ids, &dim.id, &at, ("一级指标", "dimension"));
            let mut criteria = Vec::new();
            for (j, c) in dim.criteria.into_iter().enumerate() {
                let c_at = at.key("criteria").index(j);
                self.unique(&mut ids, &c.id, &c_at, ("指标", "criterion"));
                criteria.push(self.criterion(&c_at, c, &dim.id, &scope, true));
            }
            dimensions.push(CDimension { id: dim.id.into(), title: dim.title.into(), criteria });
        }
        let bonus = file.bonus.map(|b| {
            let at = root_at.key("bonus");
            let items = b.items.into_iter().enumerate().map(|(j, c)| {
                let c_at = at.key("items").index(j);
                self.unique(&mut ids, &c.id, &c_at, ("加分项", "bonus item"));
                self.criterion(&c_at, c, "bonus", &scope, false)
            });
            (b.cap, items.collect())
        });
        let grades = file.grades;
        self.grades(&grades, file.pipeline.veto_grade.as_deref(), file.pipeline.max);
        let outcome_scope = Scope {
            fields: &fields,
            derived: &derived_types,
            derived_labels: &derived_labels,
            outcome_vars: Some(&grades),
            value_field: None,
        };
        let outcomes = self.outcomes(file.outcomes, &outcome_scope);
        let years = self.effective_years(file.ruleset.effective.as_ref());
        let effective_notice = self.effective_notice(&model, years, &scope);
        let notes = self.notices(file.notes, "notes", &scope);
        let mut warnings = self.notices(file.warnings, "warnings", &scope);
        warnings.splice(0..0, effective_notice);
        self.pipeline(&file.pipeline);
        let find = |path: &str| fields.iter().position(|f| f.decl.path == path);
        let year_field = file.ruleset.year_field.as_deref().and_then(|y| {
            let found = find(y);
            if found.is_none() {
                self.error(
                    &root_at.key("ruleset").key("year_field"),
                    DiagnosticCode::UnknownName,
                    format!("未知字段 `{y}`"),
                    format!("unknown field `{y}`"),
                );
            }
            found
        });
        let subject_fields = file.ruleset.subject_fields.iter().enumerate().filter_map(|(i, s)| {
            let found = find(s);
            if found.is_none() {
                self.error(
                    &root_at.key("ruleset").key("subject_fields").index(i),
                    DiagnosticCode::UnknownName,
                    format!("未知字段 `{s}`"),
                    format!("unknown field `{s}`"),
                );
            }
            found
        });
        let subject_fields = subject_fields.collect();
        self.goal(&model, years, year_field.is_some(), &outcomes);
        if !self.diagnostics.is_empty() {
            return Err(self.diagnostics);
        }
        let names = ReportNames::new(&file.ruleset, &digest, &grades, &outcomes);
        let mut compiled = CompiledRuleset {
            model,
            meta: file.ruleset,
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
            veto_grade: file.pipeline.veto_grade.clone(),
            outcomes,
            notes,
            warnings,
            pipeline: file.pipeline,
            year_field,
            subject_fields,
            goal: file.goal,
            goal_years: years.unwrap_or_default(),
            clauses,
            status_labels: Default::default(),
            names,
            borrows_labels: false,
            plain_texts,
            what_if: std::sync::OnceLock::new(),
        };
        compiled.attach_plan();
        Ok(compiled)
    }

    fn checks(
        &mut self,
        scope: &Scope<'_>,
        ids: &mut Ids,
        key: &'static str,
        list: Vec<(String, Text, Vec<String>, Basis, String)>,
    ) -> Vec<CCheck> {
        let mut out = Vec::new();
        for (i, (id, title, clause, basis, when)) in list.into_iter().enumerate() {
            let at = RulePath::default().key(key).index(i);
            let kind = if key == "gates" { ("资格条件", "gate") } else { ("一票否决项", "veto") };
            self.unique(ids, &id, &at, kind);
            self.cited_clauses(&at, &id, &clause, kind);
            self.basis(&at, &basis);
            if let Some(expr) = self.expr(&at.key("when"), &when, scope, Ty::Bool) {
                let pieces = crate::score::check_pieces(&id, &title, &clause, &basis, key == "gates");
                out.push(CCheck {
                    id: id.into(),
                    title: title.into(),
                    clause: clause.into(),
                    basis: basis.into(),
                    expr,
                    cond: None,
                    pieces,
                });
            }
        }
        out
    }
}

/// The type of an expression that already checked.
pub(super) fn infer(ast: &Ast, scope: &Scope<'_>) -> Option<Ty> {
    [Ty::Number, Ty::Bool, Ty::Text].into_iter().find(|&t| check(ast, scope, Some(t)).is_ok())
}
