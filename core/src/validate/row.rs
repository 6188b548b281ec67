//! Rows of a table (a DataFrame, an Arrow record batch) read straight into the typed record:
//! the table's columns are matched to fields once, and each row's cells are checked by their
//! field with no input tree in between. Like the direct JSON reader, this path never decides
//! an answer on its own: a row with anything unusual (a cell its field refuses, a missing
//! required field, an unmet constraint) is left to the caller's tree path, which words every
//! error; a table whose columns are not all distinct fields is left to it whole.

use super::direct::accept;
use super::host::within_limits;
use super::HostLeaf;
use super::ValidSubmission;
use crate::api::Ruleset;
use crate::expr::FieldValue;
use crate::score::ScoreSummary;
use rust_decimal::Decimal;

/// One cell of a table's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowValue<'a> {
    /// Empty (null): the field is missing.
    Empty,
    /// A boolean cell.
    Bool(bool),
    /// A number cell, by its exact text (a float through its shortest round-trip text, as
    /// Python's `repr` gives it).
    Number(&'a str),
    /// A text cell; white space only is an empty cell ([`crate::input::is_blank_text`]).
    Text(&'a str),
    /// A number cell whose exact value the face already has (an integer column, a float's
    /// shortest text read once): checked as its text would be. A value past the engine's
    /// 28-digit limits leaves the row to its tree.
    Decimal(Decimal),
}

/// A table's columns matched to a ruleset's fields, made once per table by
/// [`Ruleset::row_columns`].
#[derive(Debug, Clone)]
pub struct RowColumns {
    /// The field index of each column (`None` for a column of `meta`, which is never read);
    /// `None` when some column is not a field of its own.
    fields: Option<Vec<Option<usize>>>,
    /// How many fields the ruleset has.
    width: usize,
}

impl RowColumns {
    /// Whether rows of this table can be read straight into records (every column a
    /// distinct field, or under `meta`); otherwise every row takes the tree path.
    pub fn direct(&self) -> bool {
        self.fields.is_some()
    }
}

impl Ruleset {
    /// Matches a table's column names (dotted field paths, `quality.spot_check_pass_rate_pct`)
    /// to the ruleset's fields, for [`Ruleset::summarize_row`].
    pub fn row_columns<S: AsRef<str>>(&self, names: &[S]) -> RowColumns {
        let fields = &self.compiled().fields;
        let mut taken = vec![false; fields.len()];
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let name = name.as_ref();
            // A submission's `meta` object is never validated nor scored.
            if name == "meta" || name.starts_with("meta.") {
                out.push(None);
                continue;
            }
            let Some(i) = fields.iter().position(|f| f.decl.path == name) else {
                return RowColumns { fields: None, width: fields.len() };
            };
            match taken.get_mut(i) {
                Some(t) if !*t => *t = true,
                _ => return RowColumns { fields: None, width: fields.len() },
            }
            out.push(Some(i));
        }
        RowColumns { fields: Some(out), width: fields.len() }
    }

    /// One table row scored numbers-only, its cells (in the order of the names given to
    /// [`Ruleset::row_columns`]) read straight into the typed record: the answer the tree
    /// of the row would get from [`Ruleset::score_summary`]. `None` when the row is not
    /// plainly valid or the columns are not all fields: score the row's tree instead, which
    /// words every error.
    pub fn summarize_row(&self, columns: &RowColumns, row: &[RowValue<'_>]) -> Option<ScoreSummary> {
        let record = self.row_record(columns, row)?;
        Some(self.compiled().summarize_valid(&record))
    }

    fn row_record(&self, columns: &RowColumns, row: &[RowValue<'_>]) -> Option<ValidSubmission> {
        let compiled = self.compiled();
        let fields = columns.fields.as_ref()?;
        if row.len() != fields.len() || columns.width != compiled.fields.len() {
            return None;
        }
        let mut values: Vec<Option<FieldValue>> = vec![None; compiled.fields.len()];
        for (&i, cell) in fields.iter().zip(row) {
            let Some(i) = i else { continue };
            let plain = match *cell {
                RowValue::Empty => continue,
                RowValue::Text(text) if crate::input::is_blank_text(text) => continue,
                RowValue::Bool(b) => HostLeaf::Bool(b),
                RowValue::Number(text) => HostLeaf::Number(text),
                RowValue::Text(text) => HostLeaf::Text(text),
                RowValue::Decimal(n) if within_limits(n) => HostLeaf::Decimal(n),
                RowValue::Decimal(_) => return None,
            };
            *values.get_mut(i)? = accept(compiled.fields.get(i)?, plain)?;
        }
        compiled.complete_record(values)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]

    use super::*;
    use crate::input::{parse_json, Input};
    use crate::{MAX_DEPTH, MAX_SUBMISSION_BYTES};

    /// The leaves of a tree as dotted names and cells.
    fn flatten(prefix: &str, input: &Input, out: &mut Vec<(String, String, &'static str)>) {
        if let Input::Object(members) = input {
            for (k, v) in members {
                let name = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&name, v, out);
            }
            return;
        }
        let (text, kind) = match input {
            Input::Number(n) => (n.clone(), "number"),
            Input::String(s) => (s.clone(), "text"),
            Input::Bool(b) => (b.to_string(), "bool"),
            _ => (String::new(), "empty"),
        };
        out.push((prefix.to_owned(), text, kind));
    }

    fn cells<'a>(flat: &'a [(String, String, &'static str)]) -> Vec<RowValue<'a>> {
        flat.iter()
            .map(|(_, text, kind)| match *kind {
                "number" => RowValue::Number(text),
                "text" => RowValue::Text(text),
                "bool" => RowValue::Bool(text == "true"),
                _ => RowValue::Empty,
            })
            .collect()
    }

    fn example(id: &str, name: &str) -> Input {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples").join(id).join(name);
        parse_json(&std::fs::read(path).unwrap(), MAX_SUBMISSION_BYTES, MAX_DEPTH).unwrap().value
    }

    #[test]
    fn every_valid_example_row_scores_as_its_tree() {
        for id in ["zone-qualification", "annual-assessment"] {
            let rules = Ruleset::bundled(id).unwrap();
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples").join(id);
            for entry in std::fs::read_dir(dir).unwrap() {
                let name = entry.unwrap().file_name().into_string().unwrap();
                let tree = example(id, &name);
                let mut flat = Vec::new();
                flatten("", &tree, &mut flat);
                let names: Vec<&str> = flat.iter().map(|(n, _, _)| n.as_str()).collect();
                let columns = rules.row_columns(&names);
                assert!(columns.direct(), "{name}");
                let by_tree = rules.score_summary(&tree).ok();
                assert_eq!(rules.summarize_row(&columns, &cells(&flat)), by_tree, "{name}");
            }
        }
    }

    #[test]
    fn a_number_cell_held_as_a_decimal_reads_as_its_text() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let tree = example("zone-qualification", "oubei-valves-2013.json");
        let mut flat = Vec::new();
        flatten("", &tree, &mut flat);
        let names: Vec<&str> = flat.iter().map(|(n, _, _)| n.as_str()).collect();
        let columns = rules.row_columns(&names);
        let as_text = cells(&flat);
        let as_decimals: Vec<RowValue<'_>> = as_text
            .iter()
            .map(|c| match c {
                RowValue::Number(t) => RowValue::Decimal(crate::input::parse_number(t).unwrap()),
                other => *other,
            })
            .collect();
        assert!(as_decimals.iter().filter(|c| matches!(c, RowValue::Decimal(_))).count() > 20);
        assert!(rules.summarize_row(&columns, &as_decimals).is_some());
        assert_eq!(rules.summarize_row(&columns, &as_decimals), rules.summarize_row(&columns, &as_text));
        // Values at and past the limits, a fraction in a whole-number field, a value out of
        // range: each answers as its text does.
        let rate = names.iter().position(|n| *n == "quality.spot_check_pass_rate_pct").unwrap();
        let count = names.iter().position(|n| *n == "quality.above_scale_firms").unwrap();
        let nines = "9".repeat(28);
        let tiny = format!("0.{}1", "0".repeat(27));
        for (at, text) in [
            (rate, "95"),
            (rate, "-0"),
            (rate, "100.000"),
            (rate, "100.1"),
            (rate, tiny.as_str()),
            (count, "12"),
            (count, "12.5"),
            (count, "12.0"),
            (count, nines.as_str()),
            (count, "79228162514264337593543950335"),
            (count, "-79228162514264337593543950335"),
        ] {
            let n: Decimal = text.parse().unwrap();
            let (mut by_text, mut by_value) = (as_text.clone(), as_text.clone());
            by_text[at] = RowValue::Number(text);
            by_value[at] = RowValue::Decimal(n);
            assert_eq!(rules.summarize_row(&columns, &by_value), rules.summarize_row(&columns, &by_text), "{text}");
        }
        assert!(!within_limits(Decimal::MAX) && !within_limits(Decimal::MIN));
        assert!(within_limits(nines.parse().unwrap()) && within_limits(tiny.parse().unwrap()));
    }

    #[test]
    fn rows_with_anything_unusual_are_left_to_the_tree() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let tree = example("zone-qualification", "oubei-valves-2013.json");
        let mut flat = Vec::new();
        flatten("", &tree, &mut flat);
        let names: Vec<&str> = flat.iter().map(|(n, _, _)| n.as_str()).collect();
        assert!(names.iter().any(|n| n.starts_with("meta.")), "the example has a `meta` object, which is not read");
        let columns = rules.row_columns(&names);
        let good = cells(&flat);
        assert!(rules.summarize_row(&columns, &good).is_some());
        let rate = names.iter().position(|n| *n == "quality.spot_check_pass_rate_pct").unwrap();
        let name = names.iter().position(|n| *n == "zone.name").unwrap();
        let fields = &rules.compiled().fields;
        let required = names.iter().position(|n| fields.iter().any(|f| f.decl.required && f.decl.path == *n)).unwrap();
        for (at, cell) in [
            (rate, RowValue::Number("101")),
            (rate, RowValue::Number("NaN")),
            (rate, RowValue::Text("94.6")),
            (rate, RowValue::Bool(true)),
            (name, RowValue::Number("3")),
            (required, RowValue::Empty),
            // White space is an empty cell, as in a workbook.
            (required, RowValue::Text(" \u{3000}\t")),
        ] {
            let mut row = good.clone();
            row[at] = cell;
            assert_eq!(rules.summarize_row(&columns, &row), None, "{cell:?}");
        }
        // A row of the wrong width, and columns that are not all distinct fields.
        assert_eq!(rules.summarize_row(&columns, &good[1..]), None);
        let mut unknown = names.clone();
        unknown[name] = "zone.nmae";
        assert!(!rules.row_columns(&unknown).direct());
        let mut twice = names.clone();
        twice[rate] = "zone.name";
        assert!(!rules.row_columns(&twice).direct());
    }
}
