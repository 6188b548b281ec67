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
#![forbid(unsafe_code)]

mod api;
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
mod parallel;
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
    score_json_bundled, submission_files, Chosen, FolderProblem, GoalMembers, HostBudget, HostProblem, Listed,
    RuleCounts, Skipped, Submission, Take, Verdict, MAX_FOLDER_DEPTH,
};
pub use brief::{
    Brief, BriefAnswer, BriefCriterion, BriefDimension, BriefGate, BriefNotice, BriefPart, BriefVeto, Reason,
};
pub use compile::{
    compile_text, Citation, ClauseCoverage, CompiledRuleset, Diagnostic, DiagnosticCode, RuleFormat, RulesetError,
    MAX_RULE_FILE_BYTES,
};
pub use figure::Figure;
pub use input::Input;
pub use options::{Detail, Lang, ScoreOptions};
pub use report::*;
pub use revision::{
    diff, diff_json, replay, Change, CheckMoved, Impact, ImpactCounts, Moved, Probe, ProbeBase, ProbeBaseError, Replay,
    ReplayCase, ReplaySet, RuleChange, RuleItem, RulesetDiff, Side, Stored, Transition, Unreached, ValueCount,
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
