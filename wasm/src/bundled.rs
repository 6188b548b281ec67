//! Where the bundled rulesets and rule-file text come from in each build.
//!
//! With the `toml` feature (Node, and the full browser build) this is the core's own
//! loading. Without it (the size-optimised browser build) the bundled rulesets come from
//! JSON copies made at build time (build.rs), and rule-file text must be JSON: calling the
//! core's TOML loading at all would link the TOML reader back in.

use zonescore::{Ruleset, RulesetError};

#[cfg(feature = "toml")]
pub(crate) fn bundled(id: &str) -> Result<Ruleset, RulesetError> {
    Ruleset::bundled(id)
}

#[cfg(feature = "toml")]
pub(crate) fn from_text(text: &str, origin: &str) -> Result<Ruleset, RulesetError> {
    Ruleset::from_text(text, None, origin)
}

#[cfg(not(feature = "toml"))]
mod json_only {
    use super::{Ruleset, RulesetError};
    use std::sync::OnceLock;
    use zonescore::bundled::IDS;
    use zonescore::Diagnostic;
    use zonescore::RuleFormat;

    include!(concat!(env!("OUT_DIR"), "/bundled_json.rs"));

    type Slot = OnceLock<Result<Ruleset, RulesetError>>;
    static CACHE: [Slot; IDS.len()] = [const { OnceLock::new() }; IDS.len()];

    fn diagnostic(code: &str, message: String, help: String) -> Diagnostic {
        Diagnostic { code: code.to_owned(), message, help: Some(help), path: String::new(), line: None, column: None }
    }

    /// A bundled ruleset, compiled from its JSON copy on first use.
    pub(crate) fn bundled(id: &str) -> Result<Ruleset, RulesetError> {
        let found = IDS.iter().position(|i| *i == id).and_then(|index| {
            let (_, text) = BUNDLED_JSON.iter().find(|(i, _)| *i == id)?;
            Some((CACHE.get(index)?, *text))
        });
        let Some((slot, text)) = found else {
            // The core's own error for an unknown id (same code, message and help).
            let known = IDS.join("`, `");
            return Err(RulesetError {
                origin: id.to_owned(),
                diagnostics: vec![diagnostic(
                    "unknown_ruleset",
                    format!("no bundled ruleset is called `{id}`"),
                    format!("the bundled rulesets are `{known}`; or pass a rule file's path"),
                )],
            });
        };
        let origin = format!("rules/{id}.toml");
        slot.get_or_init(|| Ruleset::from_text(text, Some(RuleFormat::Json), &origin)).clone()
    }

    /// Rule-file text, which must be JSON in this build.
    pub(crate) fn from_text(text: &str, origin: &str) -> Result<Ruleset, RulesetError> {
        if RuleFormat::detect(origin, text) == RuleFormat::Toml {
            return Err(RulesetError {
                origin: origin.to_owned(),
                diagnostics: vec![diagnostic(
                    "toml_unsupported",
                    "this build of zonescore reads JSON rule files only".to_owned(),
                    "convert the rule file to JSON, or use the full build (`zonescore/full`, or Node)".to_owned(),
                )],
            });
        }
        Ruleset::from_text(text, Some(RuleFormat::Json), origin)
    }
}

#[cfg(not(feature = "toml"))]
pub(crate) use json_only::{bundled, from_text};

/// The bundled rulesets' identities, in the core's listing order.
pub(crate) fn list() -> Vec<zonescore::RulesetInfo> {
    zonescore::bundled::IDS.iter().filter_map(|id| bundled(id).ok()).map(|r| r.info()).collect()
}
