//! The source document's clauses: which rules cite each one, or why none does, so that a
//! ruleset accounts for every clause of the document it implements.

use super::build::{is_clause_id, Builder};
use super::diagnostic::RulePath;
use super::DiagnosticCode;
use crate::model::{ClauseDecl, Criterion, RuleFile, Text, Unscored};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A rule that cites a clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Citation {
    /// `ruleset`, `criterion`, `bonus_item`, `gate`, `veto`, `note`, `warning` or `goal`.
    pub kind: String,
    /// The rule's id (the ruleset's id for `ruleset`, `goal` for the goal).
    pub id: String,
}

impl Citation {
    /// The citing rule as a table of clauses names it: a criterion's, gate's or veto's id;
    /// 本规则集 / the ruleset; the goal in words; a notice by its kind and id.
    pub fn name(&self) -> Text {
        match self.kind.as_str() {
            "ruleset" => Text::new("本规则集", "the ruleset"),
            "goal" => Text::new("汇总目标", "the goal"),
            "warning" => Text::new(format!("提示 {}", self.id), format!("warning {}", self.id)),
            "note" => Text::new(format!("说明 {}", self.id), format!("note {}", self.id)),
            _ => Text::new(self.id.clone(), self.id.clone()),
        }
    }
}

/// One clause of the source document and how the ruleset accounts for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClauseCoverage {
    /// Clause ID (`§5.2.3`).
    pub id: String,
    /// The document's own numbering (`五（二）3`), when the ruleset gives its outline.
    pub number: Option<String>,
    /// What the clause is about.
    pub title: Option<Text>,
    /// The rules that cite it, in rule-file order.
    pub cited_by: Vec<Citation>,
    /// Why no rule scores it, when the ruleset says so.
    pub unscored: Option<Unscored>,
}

impl ClauseCoverage {
    /// The code of [`ClauseCoverage::warning`] wherever it is listed.
    pub const WARNING_CODE: &'static str = "unaccounted_clause";

    /// Whether the clause is neither cited by a rule nor explained as unscored.
    pub fn unaccounted(&self) -> bool {
        self.cited_by.is_empty() && self.unscored.is_none()
    }

    /// Why no rule scores the clause: the ruleset's reason, or （未说明） / (not accounted for)
    /// when it gives none; `None` for a clause a rule cites.
    pub fn why_unscored(&self) -> Option<Text> {
        match (&self.unscored, self.unaccounted()) {
            (Some(u), _) => Some(u.note.clone()),
            (None, true) => Some(Text::new("（未说明）", "(not accounted for)")),
            (None, false) => None,
        }
    }

    /// The line under a table of clauses that counts those not accounted for, when some are.
    pub fn unaccounted_line(all: &[Self]) -> Option<Text> {
        let n = all.iter().filter(|c| c.unaccounted()).count();
        (n > 0).then(|| {
            Text::new(
                format!("既无规则引用、又未说明原因的条款：{n}"),
                format!("Clauses neither cited nor explained: {n}"),
            )
        })
    }

    /// The warning `zonescore check` gives about a clause that is not accounted for.
    pub fn warning(&self) -> Option<Text> {
        self.unaccounted().then(|| {
            Text::new(
                format!("条款 {} 既无规则引用，也未说明不计分的原因（在 `clauses` 中为其加上 `unscored`）", self.id),
                format!(
                    "clause {} is neither cited by a rule nor listed as unscored (give it `unscored` in `clauses`)",
                    self.id
                ),
            )
        })
    }
}

/// Every place a rule file cites clauses: where, and on behalf of which rule.
fn citations(file: &RuleFile) -> Vec<(RulePath, Citation, &[String])> {
    let root = RulePath::default();
    let cite = |kind: &str, id: &str| Citation { kind: kind.to_owned(), id: id.to_owned() };
    let mut out = vec![(root.key("ruleset"), cite("ruleset", &file.ruleset.id), file.ruleset.clause.as_slice())];
    fn criterion<'a>(at: RulePath, kind: &str, c: &'a Criterion) -> (RulePath, Citation, &'a [String]) {
        (at, Citation { kind: kind.to_owned(), id: c.id.clone() }, c.clause.as_slice())
    }
    for (d, dim) in file.dimensions.iter().enumerate() {
        let at = root.key("dimensions").index(d).key("criteria");
        out.extend(dim.criteria.iter().enumerate().map(|(i, c)| criterion(at.index(i), "criterion", c)));
    }
    if let Some(bonus) = &file.bonus {
        let at = root.key("bonus").key("items");
        out.extend(bonus.items.iter().enumerate().map(|(i, c)| criterion(at.index(i), "bonus_item", c)));
    }
    out.extend(
        file.gates
            .iter()
            .enumerate()
            .map(|(i, g)| (root.key("gates").index(i), cite("gate", &g.id), g.clause.as_slice())),
    );
    out.extend(
        file.vetoes
            .iter()
            .enumerate()
            .map(|(i, v)| (root.key("vetoes").index(i), cite("veto", &v.id), v.clause.as_slice())),
    );
    out.extend(
        file.notes
            .iter()
            .enumerate()
            .map(|(i, n)| (root.key("notes").index(i), cite("note", &n.id), n.clause.as_slice())),
    );
    // The notice of a year outside the effective period cites the period's clauses.
    if let (Some(period), Some(_)) = (file.ruleset.effective.as_ref().filter(|p| p.notice), &file.ruleset.year_field) {
        let declared = file.warnings.iter().chain(&file.notes).any(|w| w.id == crate::migrate::EFFECTIVE_PERIOD_NOTICE);
        if !declared {
            let at = root.key("ruleset").key("effective");
            out.push((at, cite("warning", crate::migrate::EFFECTIVE_PERIOD_NOTICE), period.clause.as_slice()));
        }
    }
    out.extend(
        file.warnings
            .iter()
            .enumerate()
            .map(|(i, w)| (root.key("warnings").index(i), cite("warning", &w.id), w.clause.as_slice())),
    );
    if let Some(goal) = &file.goal {
        out.push((root.key("goal"), cite("goal", "goal"), goal.clause.as_slice()));
    }
    out
}

impl Builder<'_> {
    /// Checks the clause outline against the citations and returns the coverage: the
    /// outline's clauses in order, or (without an outline) every clause cited.
    pub(super) fn clause_coverage(&mut self, file: &RuleFile) -> Vec<ClauseCoverage> {
        let outline: &[ClauseDecl] = &file.clauses;
        let at = RulePath::default().key("clauses");
        let mut ids = BTreeSet::new();
        for (i, c) in outline.iter().enumerate() {
            if !is_clause_id(&c.id) {
                self.error(
                    &at.index(i).key("id"),
                    DiagnosticCode::InvalidClause,
                    format!("`{}` 不是条款编号", c.id),
                    format!("clause `{}` is not a clause ID", c.id),
                )
                .help(
                    "请填写依据文件的条款编号，如 `§5.2.3`",
                    "write clause IDs of the source document, like `§5.2.3`",
                );
            }
            if !ids.insert(c.id.as_str()) {
                self.error(
                    &at.index(i).key("id"),
                    DiagnosticCode::DuplicateId,
                    format!("条款 `{}` 重复列出", c.id),
                    format!("clause `{}` is listed more than once", c.id),
                );
            }
        }
        let mut coverage: Vec<ClauseCoverage> = outline
            .iter()
            .map(|c| ClauseCoverage {
                id: c.id.clone(),
                number: Some(c.number.clone()),
                title: c.title.clone(),
                cited_by: Vec::new(),
                unscored: c.unscored.clone(),
            })
            .collect();
        for (rule_at, citation, clauses) in citations(file) {
            // Criteria, gates and vetoes have their clause IDs checked where they are compiled.
            if ["ruleset", "note", "warning", "goal"].contains(&citation.kind.as_str()) {
                self.clauses(&rule_at, clauses);
            }
            for (k, id) in clauses.iter().enumerate() {
                match coverage.iter_mut().find(|c| &c.id == id) {
                    Some(c) if !c.cited_by.contains(&citation) => c.cited_by.push(citation.clone()),
                    Some(_) => {}
                    None if outline.is_empty() => coverage.push(ClauseCoverage {
                        id: id.clone(),
                        number: None,
                        title: None,
                        cited_by: vec![citation.clone()],
                        unscored: None,
                    }),
                    // Not a clause ID at all (`5.2.3`): `invalid_clause` already says so.
                    None if !is_clause_id(id) => {}
                    None => {
                        let suggestion = super::closest_name(id, outline.iter().map(|c| c.id.as_str()));
                        let d = self.error(
                            &rule_at.key("clause").index(k),
                            DiagnosticCode::UnknownClause,
                            format!("条款 `{id}` 未列入规则集的 `clauses`"),
                            format!("clause `{id}` is not in the ruleset's `clauses`"),
                        );
                        match suggestion {
                            Some(s) => d.help(format!("你是否想写 `{s}`？"), format!("did you mean `{s}`?")),
                            None => d.help(
                                "请将其按依据文件的编号列入 `clauses`",
                                "add it to `clauses` with the document's own numbering",
                            ),
                        };
                    }
                }
            }
        }
        for (i, c) in coverage.iter().enumerate() {
            if c.unscored.is_some() && !c.cited_by.is_empty() {
                let by: Vec<&str> = c.cited_by.iter().map(|x| x.id.as_str()).collect();
                self.error(
                    &at.index(i).key("unscored"),
                    DiagnosticCode::CitedAndUnscored,
                    format!("条款 `{}` 列为不计分，但 {} 引用了该条款", c.id, by.join("、")),
                    format!("clause `{}` is listed as unscored, but {} cite it", c.id, by.join(", ")),
                )
                .help(
                    "请删除 `unscored`，或从上述规则中删去该条款",
                    "remove `unscored`, or the clause from those rules",
                );
            }
        }
        if outline.is_empty() {
            coverage.sort_by_key(|c| clause_order(&c.id));
        }
        coverage
    }
}

/// Sort key of a clause ID: `§5.10` after `§5.9`, `§2.2.a` after `§2.2`.
fn clause_order(id: &str) -> Vec<(u32, String)> {
    id.trim_start_matches('§').split('.').map(|p| (p.parse().unwrap_or(u32::MAX), p.to_owned())).collect()
}
