//! zonescore: score submissions for quality-product demonstration zones (优质产品生产示范区)
//! against data-driven rules, with exact decimals, gates, vetoes, grades and an
//! explanation for every point.
//!
//! ```
//! use zonescore::Ruleset;
//!
//! let rules = Ruleset::bundled("annual-assessment").unwrap();
//! let answer = rules.score_json(r#"{"town": {"name": "瓯北镇", "zone_name": "瓯北阀门", "assessment_year": 2013}}"#);
//! assert!(answer.contains(r#""type":"success""#));
//! ```
//!
//! # In a service
//!
//! - **Take a request's body as bytes** ([`Ruleset::score_bytes`], [`Ruleset::score_json_with`])
//!   or as text, not as a `serde_json::Value`: a `Value`'s numbers are binary floats already
//!   (`95.10000000000000001` is 95.1 in it, which moves a band), and `json!(f64::NAN)` is
//!   `null`, which reads as a missing value. The engine reads a number from its text.
//! - **Load rulesets once** ([`Ruleset::bundled`], [`Ruleset::from_path`]) and share them:
//!   a [`Ruleset`] is `Send + Sync`, and a clone is a count, not a copy. Take a ruleset's
//!   name from a request only among ids you know: [`Ruleset::resolve`] opens any path.
//! - **Errors are `std::error::Error`** and display in English: [`RulesetError`] (a rule
//!   file, every problem with its line), [`Failure`] (an invalid submission: its
//!   [`Failure::summary`] in both languages, each [`FieldError`] with its JSON pointer) and
//!   [`input::JsonFailure`]. A scored submission that fails is an answer
//!   ([`Answer::Failure`]), not an error: it is what a form shows.
//! - **[`Ruleset::score_many`] uses every core and returns when all are scored**: in an async
//!   server, call it from a blocking task (`tokio::task::spawn_blocking`). A caller that
//!   writes each answer out, or keeps a part of it, does better with
//!   [`Ruleset::answer_each`]: each answer is handed over in the thread that made it and let
//!   go there, so freeing thousands of answers is no longer left to one thread at the end.
//!
//! ```
//! use zonescore::{Answer, Ruleset};
//!
//! fn score_request(rules: &Ruleset, body: &[u8]) -> Result<String, zonescore::Failure> {
//!     match rules.score_bytes(body) {
//!         Answer::Failure(failure) => Err(failure),
//!         scored => Ok(scored.to_json(zonescore::Lang::Zh)),
//!     }
//! }
//!
//! let rules = Ruleset::bundled("zone-qualification").unwrap();
//! let e = score_request(&rules, br#"{"zone": {"name": 1}}"#).unwrap_err();
//! let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(e.clone());
//! assert!(boxed.to_string().starts_with("invalid submission for `zone-qualification`"));
//! assert_eq!(e.errors[0].to_string(), "/zone/assessment_year: “Assessment year” is required but missing");
//! ```
#![forbid(unsafe_code)]

mod api;
mod big;
mod boundary;
mod brief;
pub mod bundled;
mod compile;
pub mod expr;
mod figure;
pub mod input;
pub mod migrate;
pub mod model;
mod options;
mod order;
mod parallel;
mod prepared;
mod report;
mod revision;
#[cfg(feature = "toml")]
pub mod ruletest;
mod schema;
mod score;
mod scorecard;
mod sentence;
mod shared;
pub use scorecard::{cut_decimal, readable_decimal};
pub use sentence::Sentence;
pub use shared::Shared;
mod sheet;
mod summary;
mod validate;
mod whatif;
#[cfg(feature = "xlsx")]
pub mod xlsx;

/// The README's Rust snippet, compiled and run as a doctest so it never rots.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub use api::{
    answer_schema, canonical, list_rulesets, list_rulesets_json, pretty, rule_format_schema, whatif_schema, Ruleset,
    RulesetInfo, RulesetSource, Validation,
};
pub use boundary::{
    answer_each_chosen, bundled_for_json, bundled_for_keys, detect_ruleset, detect_ruleset_json, error_place,
    host_error, io_reason, is_submission_file, ruleset_for, score_bytes_bundled, score_bytes_bundled_with,
    score_json_bundled, shaped_for_another, submission_files, Chosen, FolderProblem, GoalMembers, GoalRefusal,
    HostBudget, HostProblem, Listed, RuleCounts, Skipped, Submission, Take, Verdict, MAX_FOLDER_DEPTH,
};
pub use brief::{
    Brief, BriefAnswer, BriefCriterion, BriefDimension, BriefGate, BriefNotice, BriefPart, BriefVeto, Reason,
};
pub use compile::{
    compile_text, Citation, ClauseCoverage, CompiledRuleset, Diagnostic, DiagnosticCode, LayoutWarning, RuleFormat,
    RulePlace, RulesetError, MAX_RULE_FILE_BYTES,
};
pub use figure::Figure;
pub use input::Input;
pub use options::{Detail, Lang, ScoreOptions};
pub use report::*;
pub use revision::{
    diff, diff_json, kept_version, replay, Change, CheckMoved, Impact, ImpactCounts, Moved, Probe, ProbeBase,
    ProbeBaseError, Replay, ReplayCase, ReplaySet, RuleChange, RuleItem, RulesetDiff, Side, Stored, Transition,
    Unreached, ValueCount,
};
#[cfg(feature = "toml")]
pub use revision::{tests_from_replay, ReplayTests};
pub use score::{cut_note, ScoreSummary};
pub use sheet::{Cell, CellsReading, ColumnClash, FormConstraint, FormField};
pub use summary::{batch_tally, summarize, GoalSummary, NamedZone, ProbableDuplicate, RepeatedReport, SummaryRow};
pub use validate::{
    error_list, FieldError, HostField, HostGroup, HostLeaf, HostMember, HostReader, RowColumns, RowValue, TypedReading,
    ValidSubmission, MAX_DEPTH, MAX_ERRORS, MAX_SUBMISSION_BYTES,
};
pub use whatif::{
    Advice, AdviceAnswer, AdviceOption, Blocker, Bounds, BoundsAnswer, Change as AdviceChange, CheckBounds,
    CriterionBounds, OpenField, Settled, Span, Target, Unreachable, DEFAULT_OPTIONS,
};
