//! Choosing a ruleset: a bundled id, a rule-file path, or the one a submission's shape names.

use zonescore::input::parse_json;
use zonescore::{bundled, detect_ruleset, Ruleset, RulesetError, MAX_DEPTH, MAX_SUBMISSION_BYTES};

/// Loads `spec`: a bundled id (`zone-qualification`) or the path of a TOML or JSON rule file.
pub fn load(spec: &str) -> Result<Ruleset, RulesetError> {
    let path = std::path::Path::new(spec);
    if bundled::IDS.contains(&spec) {
        Ruleset::bundled(spec)
    } else if path.exists() || spec.ends_with(".toml") || spec.ends_with(".json") || spec.contains('/') {
        Ruleset::from_path(path)
    } else {
        // Not a file: the bundled lookup explains which ids exist.
        Ruleset::bundled(spec)
    }
}

/// The bundled ruleset a submission's shape is written for, else the default one.
/// A text that is not JSON gets the default ruleset, which then reports why.
pub fn detect(bytes: &[u8]) -> &'static str {
    parse_json(bytes, MAX_SUBMISSION_BYTES, MAX_DEPTH)
        .ok()
        .and_then(|parsed| detect_ruleset(&parsed.value))
        .unwrap_or(bundled::DEFAULT)
}

/// Prints a rule-file error (every diagnostic with file:line:col, code, message, help) in `lang`.
pub fn report_error(e: &RulesetError, lang: crate::lang::Lang) {
    // A misspelled bundled id is not a file with problems: say it as a usage error.
    if let [d] = e.diagnostics.as_slice() {
        if d.code == "unknown_ruleset" {
            crate::out::error(lang.text(&d.message));
            if let Some(help) = &d.help {
                crate::out::eprint(&format!("  {}{}\n", lang.pick("提示：", "help: "), lang.text(help)));
            }
            return;
        }
    }
    crate::out::eprint(&format!("{}\n", e.to_string_in(lang.code())));
}
