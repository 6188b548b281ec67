//! A ruleset that cannot be loaded, laid out for the terminal (core's
//! [`zonescore::Ruleset::resolve`] decides what a ruleset argument names).

use zonescore::RulesetError;

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
