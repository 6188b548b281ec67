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
    /// Where the criterion, bonus item, gate, veto, grade, outcome or clause `id` is in the
    /// rule file `text` these rules were compiled from: its rule path, and its line and column
    /// in `text` when the path is found there (a format 1 file, migrated as it was read, may
    /// hold it elsewhere). `None` for an id no rule has. Ids are looked for in that order:
    /// criteria, gates and vetoes share theirs, and grades, outcomes and clauses are named
    /// otherwise.
    pub fn rule_place(&self, id: &str, text: &str, format: RuleFormat) -> Option<RulePlace> {
        let path = self.rule_path(id)?;
        let at = super::locate::locate(text, format, &path).map(|offset| super::locate::line_col(text, offset));
        Some(RulePlace { path: path.to_string(), line: at.map(|(line, _)| line), column: at.map(|(_, column)| column) })
    }

    fn rule_path(&self, id: &str) -> Option<RulePath> {
        let model = &self.compiled().model;
        let root = RulePath::default();
        let find = |ids: Vec<&str>| ids.iter().position(|i| *i == id);
        for (d, dimension) in model.dimensions.iter().enumerate() {
            if let Some(c) = find(dimension.criteria.iter().map(|c| c.id.as_str()).collect()) {
                return Some(root.key("dimensions").index(d).key("criteria").index(c));
            }
        }
        if let Some(i) = model.bonus.as_ref().and_then(|b| find(b.items.iter().map(|c| c.id.as_str()).collect())) {
            return Some(root.key("bonus").key("items").index(i));
        }
        let lists: [(&'static str, Vec<&str>); 5] = [
            ("gates", model.gates.iter().map(|g| g.id.as_str()).collect()),
            ("vetoes", model.vetoes.iter().map(|v| v.id.as_str()).collect()),
            ("grades", model.grades.iter().map(|g| g.id.as_str()).collect()),
            ("outcomes", model.outcomes.iter().map(|o| o.id.as_str()).collect()),
            ("clauses", model.clauses.iter().map(|c| c.id.as_str()).collect()),
        ];
        lists.into_iter().find_map(|(key, ids)| find(ids).map(|i| root.key(key).index(i)))
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_rule_is_placed_by_id_in_toml_and_in_json() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let toml = crate::bundled::text("zone-qualification").unwrap();
        let json = serde_json::to_string_pretty(&toml::from_str::<serde_json::Value>(toml).unwrap()).unwrap();
        for (text, format) in [(toml, RuleFormat::Toml), (json.as_str(), RuleFormat::Json)] {
            let c2 = rules.rule_place("C2", text, format).unwrap();
            assert_eq!(c2.path, "dimensions[2].criteria[1]");
            let line = text.lines().nth(c2.line.unwrap() - 1).unwrap();
            assert!(line.contains("[[dimensions.criteria]]") || line.trim() == "{", "{format:?}: {line}");
            let gate = rules.rule_place("G1", text, format).unwrap();
            assert_eq!(gate.path, "gates[0]");
            assert!(gate.line.is_some());
        }
        assert_eq!(rules.rule_place("A", toml, RuleFormat::Toml).unwrap().path, "grades[0]");
        assert_eq!(rules.rule_place("Z9", toml, RuleFormat::Toml), None);
        // Not found in the text given (another file): the path, with no line.
        let elsewhere = rules.rule_place("C2", "format_version = 2\n", RuleFormat::Toml).unwrap();
        assert_eq!((elsewhere.line, elsewhere.column), (None, None));
    }
}
