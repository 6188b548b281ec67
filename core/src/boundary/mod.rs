//! The boundary's policy, written once for every face: which ruleset a name or a
//! submission means, how a submission is read, how host values and failures are worded,
//! what a ruleset holds, and which files and submissions a folder or a goal takes.

pub(crate) mod choose;
mod describe;
mod folder;
mod goal;
mod host;
mod words;

pub use choose::{
    answer_each_chosen, bundled_for_json, bundled_for_keys, detect_ruleset, detect_ruleset_json, ruleset_for,
    score_bytes_bundled, score_bytes_bundled_with, score_json_bundled, shaped_for_another, Chosen, Listed, Submission,
};
pub use describe::RuleCounts;
pub use folder::{io_reason, is_submission_file, submission_files, FolderProblem, Take, MAX_FOLDER_DEPTH};
pub use goal::{GoalMembers, GoalRefusal, Skipped};
pub use host::{error_place, host_error, HostBudget, HostProblem};
pub use words::Verdict;

#[cfg(all(test, feature = "toml"))]
mod tests;
