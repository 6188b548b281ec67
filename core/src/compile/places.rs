//! Where a rule is in its rule file, by id: the rule path and, from the file's text, the line
//! and column, so that a warning about a rule file that compiles is placed as an error is.

use super::diagnostic::{RuleFormat, RulePath};
use crate::api::Ruleset;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a rule is in its rule file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RulePlace {
    /// Its rule path (`dimensions[1].criteria[1]`), as diagnostics write theirs.
    pub path: String,
    /// 1-based line in the rule file's text, where the path is found there.
    pub line: Option<usize>,
    /// 1-based column, with `line`.
    pub column: Option<usize>,
}

impl Ruleset {
    /// Where the rule a warning of `zonescore check` is about (its `code`, and the `id` it
    /// names) is in the rule file `text` these rules were compiled from: its rule path, and
    /// its line and column in `text` when the path is found there (a format 1 file, migrated
    /// as it was read, may hold it elsewhere). The code says what kind of rule the id is,
    /// since a grade may share its id with a criterion. `None` for a warning about no one rule
    /// (`gates_without_effect`, `cap_out_of_reach`) or an id no rule of that kind has.
    pub fn warning_place(&self, code: &str, id: &str, text: &str, format: RuleFormat) -> Option<RulePlace> {
        let path = self.rule_path(Kind::of(code)?, id)?;
        let at = super::locate::locate(text, format, &path).map(|offset| super::locate::line_col(text, offset));
        Some(RulePlace { path: path.to_string(), line: at.map(|(line, _)| line), column: at.map(|(_, column)| column) })
    }

    fn rule_path(&self, kind: Kind, id: &str) -> Option<RulePath> {
        let model = &self.compiled().model;
        let root = RulePath::default();
        let find = |ids: Vec<&str>| ids.iter().position(|i| *i == id);
        let listed = |key: &'static str, ids: Vec<&str>| find(ids).map(|i| root.key(key).index(i));
        match kind {
            // Criteria and bonus items share their ids.
            Kind::Criterion => {
                let dimensions = model.dimensions.iter().enumerate();
                let criterion = dimensions.into_iter().find_map(|(d, dimension)| {
                    let c = find(dimension.criteria.iter().map(|c| c.id.as_str()).collect())?;
                    Some(root.key("dimensions").index(d).key("criteria").index(c))
                });
                let bonus = || {
                    let i = find(model.bonus.as_ref()?.items.iter().map(|c| c.id.as_str()).collect())?;
                    Some(root.key("bonus").key("items").index(i))
                };
                criterion.or_else(bonus)
            }
            Kind::Gate => listed("gates", model.gates.iter().map(|g| g.id.as_str()).collect()),
            Kind::Veto => listed("vetoes", model.vetoes.iter().map(|v| v.id.as_str()).collect()),
            Kind::Grade => listed("grades", model.grades.iter().map(|g| g.id.as_str()).collect()),
            Kind::Outcome => listed("outcomes", model.outcomes.iter().map(|o| o.id.as_str()).collect()),
            Kind::Clause => listed("clauses", model.clauses.iter().map(|c| c.id.as_str()).collect()),
        }
    }
}

/// The kind of rule a warning names by id.
#[derive(Clone, Copy)]
enum Kind {
    Criterion,
    Gate,
    Veto,
    Grade,
    Outcome,
    Clause,
}

impl Kind {
    /// What a warning's code is about: each code `check` prints about one rule.
    fn of(code: &str) -> Option<Self> {
        Some(match code {
            "never_applies" | "never_scores" | "points_out_of_reach" | "criterion_in_other_dimension" => {
                Self::Criterion
            }
            "gate_always_passes" | "gate_never_passes" | "gate_fails_when_filled" => Self::Gate,
            "veto_always_fires" | "veto_never_fires" | "veto_fires_when_filled" => Self::Veto,
            "grade_out_of_reach" => Self::Grade,
            "outcome_out_of_reach" => Self::Outcome,
            super::ClauseCoverage::WARNING_CODE => Self::Clause,
            _ => return None,
        })
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_warning_is_placed_at_its_rule_by_kind_and_id_in_toml_and_json() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let toml = crate::bundled::text("zone-qualification").unwrap();
        let json = serde_json::to_string_pretty(&toml::from_str::<serde_json::Value>(toml).unwrap()).unwrap();
        for (text, format) in [(toml, RuleFormat::Toml), (json.as_str(), RuleFormat::Json)] {
            let c2 = rules.warning_place("points_out_of_reach", "C2", text, format).unwrap();
            assert_eq!(c2.path, "dimensions[2].criteria[1]");
            let line = text.lines().nth(c2.line.unwrap() - 1).unwrap();
            assert!(line.contains("[[dimensions.criteria]]") || line.trim() == "{", "{format:?}: {line}");
            let gate = rules.warning_place("gate_never_passes", "G1", text, format).unwrap();
            assert_eq!(gate.path, "gates[0]");
            assert!(gate.line.is_some());
        }
        let at = |code: &str, id: &str| rules.warning_place(code, id, toml, RuleFormat::Toml).map(|p| p.path);
        // Grade `A` beside dimension `A`: the code says which is meant.
        assert_eq!(at("grade_out_of_reach", "A").as_deref(), Some("grades[0]"));
        assert_eq!(at("never_scores", "A"), None);
        assert_eq!(at("never_scores", "X1").as_deref(), Some("bonus.items[0]"));
        assert_eq!(at("unaccounted_clause", "§1").as_deref(), Some("clauses[0]"));
        assert_eq!((at("never_scores", "Z9"), at("gates_without_effect", "G1 G2")), (None, None));
        // Not found in the text given (another file): the path, with no line.
        let elsewhere = rules.warning_place("never_scores", "C2", "format_version = 2\n", RuleFormat::Toml).unwrap();
        assert_eq!((elsewhere.line, elsewhere.column), (None, None));
    }
}
