//! `zonescore schema`: the rule format's JSON Schema, a ruleset's submission schema, or
//! the answer schema.

use crate::out::{self, Exit};
use crate::rules;

/// Which schema to print.
pub enum Which {
    Rules,
    Submission(String),
    Answer,
}

pub fn run(which: &Which) -> Exit {
    let text = match which {
        Which::Rules => zonescore::canonical(&zonescore::rule_format_schema()),
        Which::Answer => zonescore::canonical(&zonescore::answer_schema()),
        Which::Submission(spec) => match zonescore::Ruleset::resolve(spec) {
            Ok(r) => r.submission_schema_json(),
            Err(e) => {
                // This command speaks English only (its output is for rule authors and CI logs).
                rules::report_error(&e, crate::lang::Lang::En);
                return Exit::Usage;
            }
        },
    };
    out::print(&format!("{text}\n"));
    Exit::Ok
}
