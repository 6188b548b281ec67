//! A host's tree (a Python dict, a JS object, read by its binding member by member) straight
//! into the typed record, as valid JSON text is read (`direct.rs`): no input tree, keys
//! matched against the compiled groups, each leaf checked by its field. Like the other
//! shortcuts it never decides an answer on its own: anything unusual (an unknown or repeated
//! key, a value its field refuses, a missing required field, an unmet constraint, a tree near
//! the host budget) gives up, and the binding reads the same tree into an input tree, whose
//! path words every error. The bindings' tests compare both paths' answers. (A value the
//! binding computes, a getter, is thus read twice when the shortcut gives up.)

use super::direct::accept;
use super::{depth_of, ValidSubmission, MAX_DEPTH};
use crate::api::Ruleset;
use crate::boundary::HostBudget;
use crate::compile::{Group, Member};
use crate::expr::FieldValue;
use crate::input::{Input, MAX_DIGITS};
use rust_decimal::Decimal;

/// One leaf value as its field reads it: as JSON spells it, a table's cell holds it or a
/// host's binding found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostLeaf<'v> {
    /// `None` / `null`.
    Null,
    Bool(bool),
    Text(&'v str),
    /// A number by its exact text.
    Number(&'v str),
    /// A number whose exact value the binding has already (an integer, a float's shortest
    /// text read once); past the engine's 28-digit limits the tree path takes over.
    Decimal(Decimal),
}

/// A group of the submission being read (the submission itself at the root).
#[derive(Debug, Clone, Copy)]
pub struct HostGroup<'r> {
    group: &'r Group,
    depth: usize,
}

/// What a key of a group names.
#[derive(Debug, Clone, Copy)]
pub enum HostMember<'r> {
    /// A field: give its value to [`HostReader::leaf`].
    Leaf(HostField),
    /// A group: its value is read with this group, or is `None` (a group left out).
    Group(HostGroup<'r>),
    /// The submission's free-form `meta`: never scored, but it must be JSON's shape, so the
    /// binding reads it into an input tree and hands it to [`HostReader::meta`].
    Meta,
}

/// A field of the ruleset, as [`HostReader::member`] names it.
#[derive(Debug, Clone, Copy)]
pub struct HostField(usize);

/// Reads one host tree into the typed record of a ruleset. Every method answers `None` or
/// `false` for something unusual: the binding then stops and takes the tree path.
#[derive(Debug)]
pub struct HostReader<'r> {
    rules: &'r Ruleset,
    values: Vec<Option<FieldValue>>,
    /// Spent at least as the tree path spends it, so that this path never reads a tree the
    /// tree path refuses.
    budget: HostBudget,
    /// Which fields were given, which groups entered, whether `meta` was: a key given twice
    /// (a host's own key type can repeat one) is left to the tree path, which keeps the first.
    given: Vec<bool>,
    entered: Vec<&'r Group>,
    meta_given: bool,
    /// For the group being read at each of the first few depths, the place after its member
    /// last matched: keys usually come in the declared order (a form's, a JSON file's), so
    /// that member is tried first, as the tree path does.
    next: [usize; 4],
}

impl Ruleset {
    /// Starts reading a host's tree straight into this ruleset's typed record.
    pub fn host_reader(&self) -> HostReader<'_> {
        let mut budget = HostBudget::default();
        budget.spend(1); // the root object
        let fields = self.compiled().fields.len();
        HostReader {
            rules: self,
            values: vec![None; fields],
            budget,
            given: vec![false; fields],
            // Room for the groups a ruleset usually has (the bundled ones have at most 12),
            // in one allocation.
            entered: Vec::with_capacity(16),
            meta_given: false,
            next: [0; 4],
        }
    }

    /// The full answer to a record read by this ruleset's [`Ruleset::host_reader`] (or
    /// [`Ruleset::check`]): the answer its tree gets from [`Ruleset::score`].
    pub fn answer_record(&self, record: &ValidSubmission) -> crate::Answer {
        crate::Answer::Success(self.compiled().score_valid(record))
    }

    /// [`Ruleset::answer_record`] as its canonical text, at the detail and in the
    /// languages asked for.
    pub fn answer_record_json(&self, record: &ValidSubmission, options: &crate::ScoreOptions) -> String {
        self.written_answer(record, options)
    }
}

impl<'r> HostReader<'r> {
    /// The submission's top-level object.
    pub fn root(&self) -> HostGroup<'r> {
        HostGroup { group: &self.rules.compiled().root, depth: 1 }
    }

    /// The member `key` of `group`; `None` for a key the group does not declare (or `meta`,
    /// which only the tree path checks). A member's value is read next.
    pub fn member(&mut self, group: HostGroup<'r>, key: &str) -> Option<HostMember<'r>> {
        // The key, then one unit for its value, as the tree path counts them.
        if !self.budget.spend(key.len().saturating_add(1)) {
            return None;
        }
        if group.depth == 1 && key == "meta" {
            return (!std::mem::replace(&mut self.meta_given, true)).then_some(HostMember::Meta);
        }
        let next = group.depth.checked_sub(1).and_then(|d| self.next.get_mut(d));
        let at = group.group.position_from(next.as_ref().map_or(0, |n| **n), key)?;
        if let Some(n) = next {
            *n = at + 1;
        }
        match &group.group.members.get(at)?.1 {
            Member::Leaf(i) => {
                let given = self.given.get_mut(*i)?;
                (!std::mem::replace(given, true)).then_some(HostMember::Leaf(HostField(*i)))
            }
            Member::Group(inner)
                if group.depth < MAX_DEPTH && !self.entered.iter().any(|g| std::ptr::eq(*g, inner)) =>
            {
                self.entered.push(inner);
                if let Some(n) = self.next.get_mut(group.depth) {
                    *n = 0;
                }
                Some(HostMember::Group(HostGroup { group: inner, depth: group.depth + 1 }))
            }
            Member::Group(_) => None,
        }
    }

    /// The `meta` value, read by the binding's tree reader without an error, which spent
    /// `spent` of its own budget on it; `false` when it is near the size or depth limits,
    /// which the tree path then checks exactly.
    pub fn meta(&mut self, meta: &Input, spent: usize) -> bool {
        depth_of(meta) < MAX_DEPTH - 1 && self.budget.spend(units(meta).max(spent))
    }

    /// The value of a field; `false` when its field refuses it (the tree path words why).
    pub fn leaf(&mut self, field: HostField, value: HostLeaf<'_>) -> bool {
        let Some(declared) = self.rules.compiled().fields.get(field.0) else { return false };
        let usable = match value {
            HostLeaf::Text(text) => self.budget.spend(text.len()),
            HostLeaf::Decimal(n) => within_limits(n),
            HostLeaf::Null | HostLeaf::Bool(_) | HostLeaf::Number(_) => true,
        };
        if !usable {
            return false;
        }
        match (accept(declared, value), self.values.get_mut(field.0)) {
            (Some(typed), Some(slot)) => {
                *slot = typed;
                true
            }
            _ => false,
        }
    }

    /// The typed record, defaults filled in; `None` when a required field is missing or a
    /// constraint is not met.
    pub fn finish(self) -> Option<ValidSubmission> {
        self.rules.compiled().complete_record(self.values)
    }
}

/// At least what the tree path spends of the host budget on `value`: one unit for each value,
/// the length of each key, string and number.
fn units(value: &Input) -> usize {
    match value {
        Input::Object(members) => {
            members.iter().fold(1, |n, (k, v)| n.saturating_add(k.len()).saturating_add(units(v)))
        }
        Input::Array(items) => items.iter().fold(1, |n, v| n.saturating_add(units(v))),
        Input::String(s) | Input::Number(s) => s.len().saturating_add(1),
        Input::Bool(_) | Input::Null => 1,
    }
}

/// Whether `parse_number` reads the text of `n` as `n` (at most 28 significant digits, below
/// 10^28); the rare value that meets them only once its trailing zeros are dropped goes to
/// the tree, which reads it all the same.
pub(super) fn within_limits(n: Decimal) -> bool {
    const LIMIT: u128 = 10_u128.pow(MAX_DIGITS as u32);
    n.mantissa().unsigned_abs() < LIMIT
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]

    use super::*;
    use crate::input::parse_json;
    use crate::MAX_SUBMISSION_BYTES;

    /// A tree read as a binding reads a host's: `None` wherever the reader gives up.
    fn read<'r>(reader: &mut HostReader<'r>, group: HostGroup<'r>, input: &Input) -> Option<()> {
        let Input::Object(members) = input else { return None };
        for (key, value) in members {
            match (reader.member(group, key)?, value) {
                (HostMember::Meta, value) => reader.meta(value, 0).then_some(())?,
                (HostMember::Group(_), Input::Null) => {}
                (HostMember::Group(inner), value) => read(reader, inner, value)?,
                (HostMember::Leaf(field), value) => {
                    let leaf = match value {
                        Input::Null => HostLeaf::Null,
                        Input::Bool(b) => HostLeaf::Bool(*b),
                        Input::String(s) => HostLeaf::Text(s),
                        Input::Number(n) => HostLeaf::Number(n),
                        _ => return None,
                    };
                    reader.leaf(field, leaf).then_some(())?;
                }
            }
        }
        Some(())
    }

    fn by_host(rules: &Ruleset, input: &Input) -> Option<Vec<Option<FieldValue>>> {
        let mut reader = rules.host_reader();
        let root = reader.root();
        read(&mut reader, root, input)?;
        reader.finish().map(|v| v.values)
    }

    fn by_tree(rules: &Ruleset, input: &Input) -> Option<Vec<Option<FieldValue>>> {
        rules.compiled().check_input(input, Vec::new()).ok().map(|v| v.values)
    }

    fn parse(text: &str) -> Input {
        parse_json(text.as_bytes(), MAX_SUBMISSION_BYTES, MAX_DEPTH).unwrap().value
    }

    #[test]
    fn a_host_tree_reads_into_the_record_its_input_tree_gives_or_gives_up() {
        let rules = Ruleset::bundled("annual-assessment").unwrap();
        let base = r#"{"town": {"name": "瓯北镇", "zone_name": "瓯北阀门", "assessment_year": 2013}MORE}"#;
        let mut read_straight = 0;
        for more in ["", r#", "work": null"#, r#", "unknown": 1"#, r#", "meta": {"a": 1}"#] {
            let input = parse(&base.replace("MORE", more));
            let host = by_host(&rules, &input);
            if let Some(values) = &host {
                assert_eq!(Some(values), by_tree(&rules, &input).as_ref(), "{more}");
                read_straight += 1;
            }
            // Only what the tree path would accept as it is reads straight.
            assert_eq!(host.is_some(), !more.contains("unknown"), "{more}");
        }
        assert_eq!(read_straight, 3);
        // A meta deeper than a submission may nest (a host's tree is not limited as text is).
        let Input::Object(mut deep) = parse(&base.replace("MORE", "")) else { panic!("an object") };
        let meta = (0..70).fold(Input::Null, |inner, _| Input::Array(vec![inner]));
        deep.push(("meta".to_owned(), meta));
        let deep = Input::Object(deep);
        assert_eq!((by_host(&rules, &deep), by_tree(&rules, &deep)), (None, None));
        for odd in [
            r#"{"town": {"zone_name": "瓯北阀门", "assessment_year": 2013}}"#,
            r#"{"town": {"name": "瓯北镇", "zone_name": "瓯北阀门", "assessment_year": 1900}}"#,
            r#"{"town": {"name": 3, "zone_name": "瓯北阀门", "assessment_year": 2013}}"#,
            r#"{"town": 3}"#,
            // A key given twice (a host's own key type can repeat one): the tree keeps the first.
            r#"{"town": {"name": "瓯北镇", "name": "乙", "zone_name": "瓯北阀门", "assessment_year": 2013}}"#,
            r#"{"town": {"name": "瓯北镇", "zone_name": "瓯北阀门", "assessment_year": 2013}, "town": {}}"#,
            r#"{"town": {"name": "瓯北镇", "zone_name": "瓯北阀门", "assessment_year": 2013}, "meta": 1, "meta": 2}"#,
        ] {
            assert_eq!(by_host(&rules, &parse(odd)), None, "{odd}");
        }
        // A number past 28 digits is left to the tree path, which reads it by its text.
        let mut reader = rules.host_reader();
        let root = reader.root();
        let Some(HostMember::Group(town)) = reader.member(root, "town") else { panic!("town is a group") };
        let Some(HostMember::Leaf(year)) = reader.member(town, "assessment_year") else { panic!("a field") };
        assert!(!reader.leaf(year, HostLeaf::Decimal(Decimal::MAX)));
        assert!(reader.leaf(year, HostLeaf::Decimal(Decimal::from(2013))));
    }

    #[test]
    fn a_host_tree_past_the_budget_gives_up() {
        let rules = Ruleset::bundled("annual-assessment").unwrap();
        let mut reader = rules.host_reader();
        let root = reader.root();
        let Some(HostMember::Group(town)) = reader.member(root, "town") else { panic!("town is a group") };
        let Some(HostMember::Leaf(name)) = reader.member(town, "name") else { panic!("a field") };
        assert!(!reader.leaf(name, HostLeaf::Text(&"镇".repeat(MAX_SUBMISSION_BYTES / 3 + 1))));
    }

    #[test]
    fn every_example_reads_straight_into_the_record_its_tree_gives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples");
        for id in crate::bundled::IDS {
            let rules = Ruleset::bundled(id).unwrap();
            for entry in std::fs::read_dir(root.join(id)).unwrap() {
                let input = parse(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
                let tree = by_tree(&rules, &input);
                assert!(tree.is_some());
                assert_eq!(by_host(&rules, &input), tree);
            }
        }
    }

    /// A way to reorder an object's members.
    type Order = fn(&mut Vec<(String, Input)>);

    /// `input` with every object's members reordered by `order`.
    fn reordered(input: &Input, order: Order) -> Input {
        match input {
            Input::Object(members) => {
                let mut members: Vec<_> = members.iter().map(|(k, v)| (k.clone(), reordered(v, order))).collect();
                order(&mut members);
                Input::Object(members)
            }
            other => other.clone(),
        }
    }

    #[test]
    fn keys_in_any_order_read_into_the_same_record() {
        // Keys in any order find the same fields, and a key given twice, apart, still gives up.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples");
        let orders: [Order; 3] = [
            |m| m.reverse(),
            |m| {
                let half = m.len() / 2;
                m.rotate_left(half);
            },
            |m| m.sort_by(|a, b| a.0.cmp(&b.0)),
        ];
        let mut compared = 0;
        for id in crate::bundled::IDS {
            let rules = Ruleset::bundled(id).unwrap();
            for entry in std::fs::read_dir(root.join(id)).unwrap() {
                let input = parse(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
                let tree = by_tree(&rules, &input);
                for order in orders {
                    assert_eq!(by_host(&rules, &reordered(&input, order)), tree);
                    compared += 1;
                }
                let Input::Object(mut members) = input else { panic!("an object") };
                let last = members.iter().rposition(|(k, v)| k != "meta" && matches!(v, Input::Object(_))).unwrap();
                let Input::Object(group) = &mut members[last].1 else { panic!("a group") };
                let first = group.first().cloned().unwrap();
                group.push(first);
                assert_eq!(by_host(&rules, &Input::Object(members)), None);
            }
        }
        assert!(compared >= 30);
    }
}
