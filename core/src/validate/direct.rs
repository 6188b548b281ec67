//! Valid JSON text read straight into the typed record, with no tree in between: the common
//! case of every JSON face. Anything unusual (a syntax error, a repeated or unknown key, an
//! escape in a key, a value the field refuses, a constraint not met, a missing required field)
//! gives up, and the caller takes the tree path, which finds and words every error. So this
//! path never decides an answer on its own: it is a shortcut to the same typed record, which
//! the property tests and the conformance cases compare with the tree path's.

use super::HostLeaf;
use super::{check_decimal, check_leaf, check_number, check_text, ValidSubmission, MAX_DEPTH, MAX_SUBMISSION_BYTES};
use crate::compile::{CField, CompiledRuleset, Group, Member};
use crate::expr::FieldValue;
use crate::input::{run_end, Input};
use crate::model::FieldType;

/// Gives up: the tree path takes over.
struct Unusual;

type Read<T> = Result<T, Unusual>;

struct Scan<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

// The steps taken at each byte are always inlined: the browser's build, optimised for size,
// would otherwise call them for every byte it reads (docs/performance.md, "Fewer, larger
// pieces in the answer").
impl<'a> Scan<'a> {
    #[inline(always)]
    fn ws(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    fn eat(&mut self, b: u8) -> Read<()> {
        self.ws();
        if self.peek() != Some(b) {
            return Err(Unusual);
        }
        self.pos += 1;
        Ok(())
    }

    /// A string with no escape (its opening quote at the cursor), as a slice of the text.
    fn plain_string(&mut self) -> Read<&'a str> {
        let start = self.pos + 1;
        let end = run_end(self.bytes, start);
        if self.bytes.get(end) != Some(&b'"') {
            return Err(Unusual);
        }
        self.pos = end + 1;
        self.text.get(start..end).ok_or(Unusual)
    }

    #[inline(always)]
    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// A number's text, by JSON's grammar (the strict reader's).
    fn number(&mut self) -> Read<&'a str> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let int_digits = self.digits();
        if int_digits == 0 || (int_digits > 1 && self.bytes.get(int_start) == Some(&b'0')) {
            return Err(Unusual);
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(Unusual);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(Unusual);
            }
        }
        self.text.get(start..self.pos).ok_or(Unusual)
    }

    fn literal(&mut self, word: &str) -> Read<()> {
        if !self.bytes.get(self.pos..).is_some_and(|rest| rest.starts_with(word.as_bytes())) {
            return Err(Unusual);
        }
        self.pos += word.len();
        Ok(())
    }

    /// The members of an object whose `{` is at the cursor: `each` reads every value.
    fn members(&mut self, mut each: impl FnMut(&mut Self, &'a str) -> Read<()>) -> Read<()> {
        self.pos += 1;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(Unusual);
            }
            let key = self.plain_string()?;
            self.eat(b':')?;
            self.ws();
            each(self, key)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(Unusual),
            }
        }
    }

    /// Passes over any value (the free-form `meta`), `depth` deep already; a repeated key in
    /// it is an error the tree path reports.
    fn skip(&mut self, depth: usize) -> Read<()> {
        if depth > MAX_DEPTH {
            return Err(Unusual);
        }
        match self.peek() {
            Some(b'{') => {
                let mut keys: Vec<&str> = Vec::new();
                self.members(|scan, key| {
                    // A large object is left to the tree path, which finds repeats with a set.
                    if keys.len() >= 32 || keys.contains(&key) {
                        return Err(Unusual);
                    }
                    keys.push(key);
                    scan.skip(depth + 1)
                })
            }
            Some(b'[') => {
                self.pos += 1;
                self.ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    self.ws();
                    self.skip(depth + 1)?;
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(());
                        }
                        _ => return Err(Unusual),
                    }
                }
            }
            Some(b'"') => self.plain_string().map(|_| ()),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            _ => self.number().map(|_| ()),
        }
    }
}

impl CompiledRuleset {
    /// Reads valid JSON bytes straight into the typed record (defaults filled in); `None`
    /// when anything is unusual, for the tree path to answer.
    pub(super) fn read_direct(&self, bytes: &[u8]) -> Option<ValidSubmission> {
        if bytes.len() > MAX_SUBMISSION_BYTES {
            return None;
        }
        let text = std::str::from_utf8(bytes).ok()?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut scan = Scan { text, bytes: text.as_bytes(), pos: 0 };
        let mut values: Vec<Option<FieldValue>> = vec![None; self.fields.len()];
        scan.ws();
        if scan.peek() != Some(b'{') {
            return None;
        }
        self.read_group(&mut scan, &self.root, 1, &mut values).ok()?;
        scan.ws();
        if scan.pos != scan.bytes.len() {
            return None;
        }
        self.complete_record(values)
    }

    /// Values read without an error made a record: `None` when a constraint is not met or
    /// a required field is absent (the tree path words why); defaults filled in.
    pub(super) fn complete_record(&self, mut values: Vec<Option<FieldValue>>) -> Option<ValidSubmission> {
        let mut errors = Vec::new();
        self.check_constraints(&values, &mut errors);
        // A required field written as `null` was refused on reading, so one without a value
        // is absent.
        let required_absent = self.fields.iter().zip(&values).any(|(f, v)| f.decl.required && v.is_none());
        if !errors.is_empty() || required_absent {
            return None;
        }
        for (slot, f) in values.iter_mut().zip(&self.fields) {
            if slot.is_none() {
                slot.clone_from(&f.default);
            }
        }
        Some(ValidSubmission { values })
    }

    /// The members of one group's object (its `{` at the cursor), `depth` deep.
    fn read_group<'a>(
        &self,
        scan: &mut Scan<'a>,
        group: &Group,
        depth: usize,
        values: &mut [Option<FieldValue>],
    ) -> Read<()> {
        // Deeper than JSON may nest (a rule file's deep groups), or more members than the
        // bits below: the tree path answers.
        if depth > MAX_DEPTH || group.members.len() >= 128 {
            return Err(Unusual);
        }
        // Which of the group's members were written (and `meta`, the last bit), to find a
        // repeated key.
        let mut seen: u128 = 0;
        let mut first = |bit: usize| {
            let mask = 1u128 << bit;
            let repeated = seen & mask != 0;
            seen |= mask;
            if repeated {
                Err(Unusual)
            } else {
                Ok(())
            }
        };
        scan.members(|scan, key| {
            if depth == 1 && key == "meta" {
                first(127)?;
                return scan.skip(depth + 1);
            }
            let at = group.members.iter().position(|(k, _)| k == key).ok_or(Unusual)?;
            first(at)?;
            match group.members.get(at).map(|(_, m)| m) {
                Some(Member::Leaf(i)) => {
                    let field = self.fields.get(*i).ok_or(Unusual)?;
                    let plain = match scan.peek() {
                        Some(b'"') => HostLeaf::Text(scan.plain_string()?),
                        Some(b't') => scan.literal("true").map(|()| HostLeaf::Bool(true))?,
                        Some(b'f') => scan.literal("false").map(|()| HostLeaf::Bool(false))?,
                        Some(b'n') => scan.literal("null").map(|()| HostLeaf::Null)?,
                        Some(b'-' | b'0'..=b'9') => HostLeaf::Number(scan.number()?),
                        _ => return Err(Unusual),
                    };
                    *values.get_mut(*i).ok_or(Unusual)? = accept(field, plain).ok_or(Unusual)?;
                    Ok(())
                }
                Some(Member::Group(inner)) => match scan.peek() {
                    Some(b'{') => self.read_group(scan, inner, depth + 1, values),
                    Some(b'n') => scan.literal("null"),
                    _ => Err(Unusual),
                },
                None => Err(Unusual),
            }
        })
    }
}

/// The typed value of a leaf its field accepts as it is (`Some(None)` for an optional field
/// left `null`); `None` for anything else, which the tree path words.
pub(super) fn accept(field: &CField, value: HostLeaf<'_>) -> Option<Option<FieldValue>> {
    let mut errors = Vec::new();
    let ty = field.decl.field_type;
    let typed = match value {
        HostLeaf::Text(text) if matches!(ty, FieldType::Text | FieldType::Enum) => {
            check_text(field, text, "", &mut errors)
        }
        HostLeaf::Number(text) if !matches!(ty, FieldType::Bool | FieldType::Text | FieldType::Enum) => {
            check_number(field, text, "", &mut errors)
        }
        HostLeaf::Decimal(n) if !matches!(ty, FieldType::Bool | FieldType::Text | FieldType::Enum) => {
            check_decimal(field, n, "", &mut errors)
        }
        HostLeaf::Text(_) | HostLeaf::Number(_) | HostLeaf::Decimal(_) => return None,
        HostLeaf::Bool(b) => check_leaf(field, &Input::Bool(b), "", &mut errors),
        HostLeaf::Null => check_leaf(field, &Input::Null, "", &mut errors),
    };
    errors.is_empty().then_some(typed)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]

    use crate::input::parse_json;
    use crate::Ruleset;
    use std::path::Path;

    /// The tree path's record of a text, or `None` when the text is not valid.
    fn by_tree(rules: &Ruleset, bytes: &[u8]) -> Option<Vec<Option<crate::expr::FieldValue>>> {
        let parsed = parse_json(bytes, super::MAX_SUBMISSION_BYTES, super::MAX_DEPTH).ok()?;
        if !parsed.duplicate_keys.is_empty() {
            return None;
        }
        rules.compiled().check_input(&parsed.value, Vec::new()).ok().map(|v| v.values)
    }

    fn direct(rules: &Ruleset, bytes: &[u8]) -> Option<Vec<Option<crate::expr::FieldValue>>> {
        rules.compiled().read_direct(bytes).map(|v| v.values)
    }

    #[test]
    fn every_valid_example_reads_straight_into_the_record_the_tree_gives() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples");
        let mut direct_reads = 0;
        for id in ["zone-qualification", "annual-assessment"] {
            let rules = Ruleset::bundled(id).unwrap();
            for entry in std::fs::read_dir(root.join(id)).unwrap() {
                let bytes = std::fs::read(entry.unwrap().path()).unwrap();
                let tree = by_tree(&rules, &bytes);
                assert!(tree.is_some(), "the bundled examples are valid");
                assert_eq!(direct(&rules, &bytes), tree);
                direct_reads += 1;
            }
        }
        assert!(direct_reads >= 10);
    }

    #[test]
    fn anything_unusual_is_left_to_the_tree_path() {
        let rules = Ruleset::bundled("annual-assessment").unwrap();
        let base = r#"{"town": {"name": "瓯北镇", "zone_name": "瓯北阀门", "assessment_year": 2013}META}"#;
        let ok = base.replace("META", r#", "meta": {"source": "a", "list": [1, {"x": null}]}"#);
        assert!(direct(&rules, ok.as_bytes()).is_some());
        assert_eq!(direct(&rules, ok.as_bytes()), by_tree(&rules, ok.as_bytes()));
        for odd in [
            r#", "meta": 1, "meta": 2"#,     // a repeated meta
            r#", "meta": {"a": 1, "a": 2}"#, // a repeated key inside meta
            r#", "town": {}"#,               // a repeated group
            r#", "unknown": 1"#,             // an unknown key
            r#", "meta": "tab\there""#,      // an escape
            r#", "meta": 01"#,               // not JSON
            r#", "meta": [1,]"#,             // not JSON
        ] {
            let text = base.replace("META", odd);
            assert_eq!(direct(&rules, text.as_bytes()), None, "{text}");
            assert_eq!(by_tree(&rules, text.as_bytes()).is_some(), odd.contains("tab"), "{text}");
        }
        // An escaped key, a missing required field, a value out of range, trailing text.
        for text in [
            r#"{"town": {"na\u006de": "瓯北镇", "zone_name": "瓯北阀门", "assessment_year": 2013}}"#,
            r#"{"town": {"zone_name": "瓯北阀门", "assessment_year": 2013}}"#,
            r#"{"town": {"name": "瓯北镇", "zone_name": "瓯北阀门", "assessment_year": 1900}}"#,
            r#"{"town": {"name": "瓯北镇", "zone_name": "瓯北阀门", "assessment_year": 2013}} x"#,
            "",
            "[]",
        ] {
            assert_eq!(direct(&rules, text.as_bytes()), None, "{text}");
        }
        // Deep meta stays within the limit the tree path enforces.
        let deep = base.replace("META", &format!(r#", "meta": {}{}"#, "[".repeat(70), "]".repeat(70)));
        assert_eq!(direct(&rules, deep.as_bytes()), None);
        assert_eq!(by_tree(&rules, deep.as_bytes()), None);
    }

    #[test]
    #[cfg(feature = "toml")]
    fn groups_deeper_than_json_may_nest_are_left_to_the_tree_path() {
        // The compiler refuses such fields; a prepared form, read without compiling, could
        // still hold them. The sample's groups are wrapped in 70 more here.
        use crate::compile::{Group, Member};
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/custom-ruleset/ruleset.toml");
        let text = std::fs::read_to_string(sample).unwrap();
        let mut compiled =
            Ruleset::from_text(&text, Some(crate::RuleFormat::Toml), "deep.toml").unwrap().compiled().clone();
        for i in (0..70).rev() {
            let inner = std::mem::take(&mut compiled.root);
            compiled.root =
                Group { pointer: String::new(), label: None, members: vec![(format!("g{i}"), Member::Group(inner))] };
        }
        let open: String = (0..70).map(|i| format!("{{\"g{i}\": ")).collect();
        let submission = format!("{open}{{\"firm\": {{\"name\": \"甲\"}}}}{}", "}".repeat(70));
        assert_eq!(compiled.read_direct(submission.as_bytes()).map(|v| v.values), None);
        let parsed = parse_json(submission.as_bytes(), super::MAX_SUBMISSION_BYTES, super::MAX_DEPTH);
        assert!(parsed.is_err(), "deeper than JSON may nest");
    }
}
