//! What a face cannot hand to the engine, worded once for every face: host values with
//! no JSON shape, and the one-sentence summary of a submission that cannot be scored.

use crate::model::Text;
use crate::report::Failure;
use crate::validate::{FieldError, FieldErrorKind};

/// A host value the engine cannot be given, found by a face while it builds a submission
/// tree. One code per condition in every face (Python, the browser, Arrow columns), so a
/// form or a notebook handles them alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostProblem<'a> {
    /// A value of a host type with no JSON shape (a Python `set` or `date`, a JS function
    /// or symbol, an Arrow list column): code `unsupported_value`, params `{type}` with the
    /// host's own name of the type (`set`, `function`, `arrow Date32`).
    UnsupportedValue { host_type: &'a str },
    /// A column of a table (Arrow, polars) whose type has no JSON shape: the same code,
    /// params `{type}` = `arrow <type>`, and a message that names the column types to use.
    UnsupportedColumn { arrow_type: &'a str },
    /// A value the host threw on while it was read (a JS getter or proxy trap, a Python
    /// iterator): code `unsupported_value`, params `{type: "unreadable", reason}` with the
    /// host's own words for what went wrong. Never read as missing: that would score the
    /// submission as if the value were left blank.
    Unreadable { reason: &'a str },
    /// An object key that is not text: code `non_string_key`, params `{type, key}`.
    NonStringKey { host_type: &'a str, key: &'a str },
    /// Text that cannot be encoded as UTF-8 (a lone surrogate): code `invalid_text`.
    InvalidText,
    /// A host object holding more values and string characters than `limit` (the largest
    /// submission's size): code `too_large`, params `{limit}`.
    TooManyValues { limit: usize },
}

/// The field error for a host value at JSON pointer `path` (empty for the whole submission).
pub fn host_error(path: &str, problem: HostProblem<'_>) -> FieldError {
    let kind = match problem {
        HostProblem::UnsupportedValue { host_type } => {
            FieldErrorKind::UnsupportedValue { type_name: host_type.to_owned() }
        }
        HostProblem::UnsupportedColumn { arrow_type } => {
            FieldErrorKind::UnsupportedColumn { arrow_type: arrow_type.to_owned() }
        }
        HostProblem::NonStringKey { host_type, key } => {
            FieldErrorKind::NonStringKey { key: key.to_owned(), type_name: host_type.to_owned() }
        }
        HostProblem::Unreadable { reason } => {
            // The host's words, cut as a long value is in a message.
            FieldErrorKind::UnreadableValue { reason: reason.chars().take(200).collect() }
        }
        HostProblem::InvalidText => FieldErrorKind::InvalidText,
        HostProblem::TooManyValues { limit } => FieldErrorKind::TooManyValues { limit },
    };
    FieldError::new(kind, path, None)
}

/// What a host tree (a Python dict, a JS object) may hold, counted as a face reads it: one
/// unit per value and per UTF-8 byte of text and keys, as many as the largest JSON
/// submission ([`crate::MAX_SUBMISSION_BYTES`]) could hold. Past that the tree could never
/// be a submission, and a hostile one (a sparse array of length 2^32 − 1) is refused before
/// it is read, in every face alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostBudget {
    left: usize,
}

impl Default for HostBudget {
    fn default() -> Self {
        Self { left: crate::validate::MAX_SUBMISSION_BYTES }
    }
}

impl HostBudget {
    /// Spends `units`; `false`, and nothing left, when there were not that many.
    pub fn spend(&mut self, units: usize) -> bool {
        match self.left.checked_sub(units) {
            Some(left) => {
                self.left = left;
                true
            }
            None => {
                self.left = 0;
                false
            }
        }
    }

    /// Units still to spend (a JS array's length is checked against it before it is read).
    pub fn left(&self) -> usize {
        self.left
    }

    /// The error of a tree past the budget: code `too_large`, params `{limit}`, for the
    /// whole submission.
    pub fn error() -> FieldError {
        host_error("", HostProblem::TooManyValues { limit: crate::validate::MAX_SUBMISSION_BYTES })
    }
}

/// An error as a summary or a table cell quotes it: `/zone/name: message` (`/` for the
/// whole submission), in the language `pick` takes.
fn error_line(e: &FieldError, pick: fn(&Text) -> &str) -> String {
    format!("{}: {}", if e.path.is_empty() { "/" } else { &e.path }, pick(&e.message))
}

/// [`error_line`] led by the workbook cell the field was typed in, when there is one.
fn error_line_at<'a>(e: &FieldError, pick: fn(&Text) -> &str, at: &impl Fn(&str) -> Option<&'a str>) -> String {
    match at(&e.path) {
        Some(cell) => format!("{cell} {}", error_line(e, pick)),
        None => error_line(e, pick),
    }
}

/// Where an error is, as a table of errors shows it: its JSON pointer, or for an empty
/// pointer （整个提交） / (whole submission).
pub fn error_place(path: &str) -> Text {
    if path.is_empty() {
        Text::new("（整个提交）", "(whole submission)")
    } else {
        Text::new(path, path)
    }
}

/// How many errors a failure's summary quotes; the rest are counted.
const QUOTED: usize = 3;

/// [`Failure::summary`]'s English, as Python's and JavaScript's errors show it; the
/// Chinese is `summary().zh`.
impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.summary().en)
    }
}

impl std::error::Error for Failure {}

/// `path: message` in English (`/` for the whole submission), as a log line or a failure's
/// summary gives it; the Chinese is `message.zh`.
impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&error_line(self, |t| &t.en))
    }
}

impl std::error::Error for FieldError {}

impl Failure {
    /// The first error, or for a failure that lists none, one that stands for the whole
    /// submission (code `invalid`): what a face shows when it has room for one line.
    pub fn first_error(&self) -> FieldError {
        self.errors.first().cloned().unwrap_or_else(|| FieldError::new(FieldErrorKind::Invalid, "", None))
    }

    /// The first error as one line, `path: message`, and how many more there are
    /// (`（另有 2 处）` / ` (and 2 more)`): what a text overview shows, a line per row.
    pub fn first_line(&self) -> Text {
        self.first_line_at(|_| None)
    }

    /// [`Failure::first_line`] of a row read from a workbook: the error led by the cell it
    /// was typed in (`示范区!F7 /zone/name: …`), as `at` finds it by JSON pointer.
    pub fn first_line_at<'a>(&self, at: impl Fn(&str) -> Option<&'a str>) -> Text {
        let first = self.first_error();
        let more = self.errors.len().saturating_sub(1) + self.more_errors;
        Self::counted(error_line_at(&first, |t| &t.zh, &at), error_line_at(&first, |t| &t.en, &at), more)
    }

    /// Whether the failure is only advice's target, not the submission: every error is
    /// `unknown_target` (a target neither a grade nor an outcome of the rules). Faces raise
    /// it as `TargetError`, any other failure as `InvalidSubmissionError`.
    pub fn refuses_target(&self) -> bool {
        !self.errors.is_empty() && self.errors.iter().all(|e| e.is(crate::validate::FieldCode::UnknownTarget))
    }

    /// Whether some error is a host value of no JSON shape (`unsupported_value`,
    /// `non_string_key`, `invalid_text`): a face raises the failure as a type error
    /// (Python's `SubmissionTypeError`); a tree too large is a value error like any other.
    pub fn holds_host_values(&self) -> bool {
        use crate::validate::FieldCode as C;
        self.errors.iter().any(|e| e.is(C::UnsupportedValue) || e.is(C::NonStringKey) || e.is(C::InvalidText))
    }

    /// The line under a table of the listed errors when there were more than it lists:
    /// `另有 3 个错误未列出` / `and 3 more errors not listed`.
    pub fn unlisted_line(&self) -> Option<Text> {
        let more = self.more_errors;
        (more > 0).then(|| Text::new(format!("另有 {more} 个错误未列出"), format!("and {more} more errors not listed")))
    }

    /// The errors for a results table's cell, as every table face writes them (a DataFrame,
    /// an Arrow table, the CLI's CSV): every error listed as `path: message`, joined by `; `,
    /// and how many more there were (`（另有 2 处）` / ` (and 2 more)`).
    pub fn cell(&self) -> Text {
        self.cell_at(|_| None)
    }

    /// [`Failure::cell`] of a table's row shaped for another bundled ruleset than the one
    /// it was scored with (`shaped`, as [`crate::shaped_for_another`] finds it), led by a
    /// note that says so: its errors, each group an unknown field, are those of the wrong
    /// rules. `None` gives the cell as it is.
    pub fn cell_shaped(&self, shaped: Option<&str>) -> Text {
        let cell = self.cell();
        let Some(shaped) = shaped else { return cell };
        let given = &self.ruleset.id;
        Text::new(
            format!("注意：此行是 {shaped} 的提交，却按 {given} 评分；请按规则集分开评分。{}", cell.zh),
            format!(
                "note: a submission for {shaped}, scored with {given}; score each ruleset's rows apart. {}",
                cell.en
            ),
        )
    }

    /// [`Failure::cell`] of a row read from a workbook: each error led by the cell it was
    /// typed in, as `at` finds it by JSON pointer.
    pub fn cell_at<'a>(&self, at: impl Fn(&str) -> Option<&'a str>) -> Text {
        let listed = |pick: fn(&Text) -> &str| {
            self.errors.iter().map(|e| error_line_at(e, pick, &at)).collect::<Vec<_>>().join("; ")
        };
        Self::counted(listed(|t| &t.zh), listed(|t| &t.en), self.more_errors)
    }

    /// Lines with how many errors they leave out, when some.
    pub(crate) fn counted(mut zh: String, mut en: String, more: usize) -> Text {
        if more > 0 {
            zh.push_str(&format!("（另有 {more} 处）"));
            en.push_str(&format!(" (and {more} more)"));
        }
        Text::new(zh, en)
    }

    /// One sentence for an exception's message or a log line: the ruleset, how many
    /// errors, and the first few with their paths.
    /// `invalid submission for `zone-qualification`, 5 errors: /zone/name: …; … (and 2 more)`.
    pub fn summary(&self) -> Text {
        let total = self.errors.len() + self.more_errors;
        let id = &self.ruleset.id;
        let quoted = |pick: fn(&Text) -> &str, sep: &str| {
            self.errors.iter().take(QUOTED).map(|e| error_line(e, pick)).collect::<Vec<_>>().join(sep)
        };
        let rest = total.saturating_sub(QUOTED);
        let zh = format!(
            "`{id}` 的提交内容无效，共 {total} 处错误：{}{}",
            if total == 0 { "提交内容无效".to_owned() } else { quoted(|t| &t.zh, "；") },
            if rest > 0 { format!("（另有 {rest} 处）") } else { String::new() }
        );
        let en = format!(
            "invalid submission for `{id}`, {total} error{}: {}{}",
            if total == 1 { "" } else { "s" },
            if total == 0 { "invalid submission".to_owned() } else { quoted(|t| &t.en, "; ") },
            if rest > 0 { format!(" (and {rest} more)") } else { String::new() }
        );
        Text::new(zh, en)
    }
}
