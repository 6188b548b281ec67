//! One field's value, or one group's, checked on its own: as a form checks it, as a cell is read.

use super::{check_leaf, FieldError, FieldErrorKind};
use crate::compile::CompiledRuleset;
use crate::input::Input;

impl CompiledRuleset {
    /// The errors of `value` at `pointer`, on its own, as a form checks what is typed: a
    /// field's as a whole submission would give them there; a group's
    /// (`/quality/standards_led`) for each of its fields given, a field it lacks no error
    /// (the form is still being filled in); anything under `meta` none, as in a whole
    /// submission (free-form notes). Cross-field constraints need both fields: only those
    /// within a group given are checked.
    pub(crate) fn check_typed_in(&self, pointer: &str, value: &Input) -> Vec<FieldError> {
        if pointer == "/meta" || pointer.starts_with("/meta/") {
            return Vec::new();
        }
        let inside =
            |path: &str| path.strip_prefix(pointer).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        let in_group = |path: &str| path.len() > pointer.len() && inside(path);
        if !pointer.is_empty() && self.fields.iter().any(|f| in_group(&f.pointer)) {
            let (_, errors) = self.read_tree(&placed(pointer, value), Vec::new(), false, false);
            return errors.into_iter().filter(|e| inside(&e.path)).collect();
        }
        self.check_one(pointer, value)
    }

    /// The errors of one field's value, strictly: a path that names no field is
    /// `unknown_field`, a group's and a note's too. A workbook's cells are checked by it, so
    /// that a NaN in a `meta` column, or a cell naming a group, is an error, never lost
    /// (`fuzz/FINDINGS.md`, "a NaN cell in a `meta.…` column").
    pub(crate) fn check_one(&self, pointer: &str, value: &Input) -> Vec<FieldError> {
        if let Some(f) = self.fields.iter().find(|f| f.pointer == pointer) {
            let mut errors = Vec::new();
            if matches!(value, Input::Null) && f.decl.required {
                let kind = FieldErrorKind::Required { null: true };
                errors.push(FieldError::new(kind, f.pointer.clone(), Some(&f.decl.title)));
            } else {
                check_leaf(f, value, pointer, &mut errors);
            }
            return errors;
        }
        let names = self.fields.iter().map(|f| f.pointer.as_str());
        let kind = FieldErrorKind::UnknownField { did_you_mean: crate::compile::closest_name(pointer, names) };
        vec![FieldError::new(kind, pointer, None)]
    }
}

/// A submission that holds `value` at `pointer` alone (a declared group's: its keys need no
/// unescaping).
fn placed(pointer: &str, value: &Input) -> Input {
    pointer
        .rsplit('/')
        .filter(|key| !key.is_empty())
        .fold(value.clone(), |inner, key| Input::Object(vec![(key.to_owned(), inner)]))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::api::Ruleset;
    use crate::input::Input;

    fn codes(rules: &Ruleset, path: &str, json: &str) -> Vec<(String, String)> {
        let value = crate::input::parse_json(json.as_bytes(), 1 << 20, 64).unwrap().value;
        rules.validate_field(path, &value).into_iter().map(|e| (e.path, e.code)).collect()
    }

    #[test]
    fn anything_under_meta_is_no_error() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        assert!(codes(&rules, "meta.notes", r#""补充说明""#).is_empty());
        assert!(codes(&rules, "/meta", r#"{"notes": [1, {"a": null}]}"#).is_empty());
        assert!(rules.validate_field("meta", &Input::Null).is_empty());
    }

    #[test]
    fn a_group_is_checked_field_by_field_its_missing_fields_no_error() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        assert!(codes(&rules, "quality.standards_led", r#"{"national": 1}"#).is_empty());
        let found = codes(&rules, "quality.standards_led", r#"{"national": -1, "regional": 2}"#);
        assert_eq!(
            found,
            [
                ("/quality/standards_led/national".to_owned(), "out_of_range".to_owned()),
                ("/quality/standards_led/regional".to_owned(), "unknown_field".to_owned())
            ]
        );
        assert_eq!(codes(&rules, "/quality", "5"), [("/quality".to_owned(), "wrong_type".to_owned())]);
        // A constraint within the group given: ISO 9001 firms are no more than above-scale ones.
        let found = codes(&rules, "quality", r#"{"above_scale_firms": 3, "iso9001_certified_firms": 4}"#);
        assert_eq!(found, [("/quality/iso9001_certified_firms".to_owned(), "constraint_violated".to_owned())]);
    }

    #[test]
    fn a_path_that_is_neither_is_unknown() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        assert_eq!(
            codes(&rules, "quality.standard_led", "{}"),
            [("/quality/standard_led".to_owned(), "unknown_field".to_owned())]
        );
        assert_eq!(codes(&rules, "", "{}"), [(String::new(), "unknown_field".to_owned())]);
    }
}
