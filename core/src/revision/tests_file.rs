//! Ruleset test cases from a replay (`zonescore replay --write-tests`): every changed
//! submission or probe becomes a case pinning what the new rules give it.

use super::replay::{Replay, ReplayCase};
use super::stored::Stored;
use crate::input::{pointer_to_dotted, Input};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct TestFile {
    ruleset: String,
    cases: Vec<Case>,
}

#[derive(Serialize)]
struct Case {
    name: String,
    submission_json: String,
    expect: Expect,
}

#[derive(Serialize)]
struct Expect {
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    final_score: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grade: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    points: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<ExpectedError>,
}

#[derive(Serialize)]
struct ExpectedError {
    code: String,
    path: String,
}

/// A ruleset test file (TOML) for the `new` rules, named `ruleset` as the file should name
/// them (a bundled id, or a rule-file path relative to the test file), with one case per
/// changed submission (`submissions`, in replay order; a file's text is kept as it is, a
/// workbook row is read by the new rules) and per changed probe (rebuilt on `probe_base`,
/// see [`ProbeBase::choose`](super::ProbeBase::choose)). A submission a host refused, or a
/// row with a cell the new rules cannot read, has no text to write and is left out, as is a
/// probe with no base to rebuild it on.
pub fn tests_from_replay(
    replay: &Replay,
    new: &crate::Ruleset,
    submissions: &[Stored],
    probe_base: Option<&Input>,
    ruleset: &str,
) -> ReplayTests {
    let stored = replay.submissions.cases.iter().zip(submissions).filter_map(|(c, s)| {
        let text = match s {
            Stored::Text(bytes) => String::from_utf8(bytes.clone()).ok()?,
            _ => s.tree(new)?.to_json(),
        };
        Some((c, text))
    });
    let probes = replay.probes.iter().flat_map(|p| p.cases.iter()).filter_map(|c| {
        let (base, probe) = (probe_base?, c.probe.as_ref()?);
        let mut input = base.clone();
        for (field, value) in probe.also.iter().chain(std::iter::once(&(probe.field.clone(), probe.value.clone()))) {
            let value = crate::input::parse_json(value.as_bytes(), 1024, 4).ok()?.value;
            input.set(&pointer_to_dotted(field), Some(value));
        }
        Some((c, input.to_json()))
    });
    let cases: Vec<Case> = stored.chain(probes).filter(|(c, _)| c.changed).map(|(c, text)| case(c, text)).collect();
    let count = cases.len();
    let file = TestFile { ruleset: ruleset.to_owned(), cases };
    let header = format!(
        "# Made by `zonescore replay --write-tests` from the submissions whose answer changed\n\
         # from {} {} to {} {}: each pins what the new rules give. Review before committing.\n",
        replay.old.id, replay.old.version, replay.new.id, replay.new.version
    );
    ReplayTests { text: format!("{header}{}", toml::to_string(&file).unwrap_or_default()), cases: count }
}

/// A ruleset test file made from a replay: its TOML text and how many cases it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayTests {
    /// The file's text.
    pub text: String,
    /// How many test cases it holds (the changed submissions and probes it could write).
    pub cases: usize,
}

fn case(c: &ReplayCase, submission_json: String) -> Case {
    let old = match &c.old.final_score {
        Some(score) => format!("{score} {}", c.old.grade.as_deref().unwrap_or_default()),
        None => "invalid".to_owned(),
    };
    let new = &c.new;
    let expect = Expect {
        valid: new.valid,
        final_score: new.final_score.map(|d| d.to_string()),
        grade: new.grade.clone(),
        outcome: new.outcome.clone(),
        points: c.moved.iter().filter_map(|m| Some((m.criterion.clone(), m.new?.to_string()))).collect(),
        errors: new.errors.iter().map(|e| ExpectedError { code: e.code.clone(), path: e.path.clone() }).collect(),
    };
    let now = match &new.final_score {
        Some(score) => format!("{score} {}", new.grade.as_deref().unwrap_or_default()),
        None => "invalid".to_owned(),
    };
    Case { name: format!("replay: {} ({old} → {now})", c.source), submission_json, expect }
}
