//! What replay takes: stored submissions as trees, as the text of a file (read here by the
//! strict reader, so a repeated key or a broken file is refused as `score` refuses it), or
//! refused already by a host (a value of no JSON shape); and the base boundary probes
//! are built on.

use crate::api::Ruleset;
use crate::input::{parse_json, Input};
use crate::report::Failure;
use crate::validate::{FieldError, MAX_DEPTH, MAX_SUBMISSION_BYTES};
use crate::ScoreSummary;

/// A stored submission to replay.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    /// A submission tree (a host's dict or object, a spreadsheet row).
    Tree(Input),
    /// The bytes of a JSON file, read as `score` reads them.
    Text(Vec<u8>),
    /// A submission a host could not turn into a tree, with the errors it found.
    Refused(Vec<FieldError>),
    /// A row of table cells, some of which could not be read (see [`crate::Submission::Cells`]).
    Cells(Input, Vec<FieldError>),
    /// A workbook row's cells by dotted path, read by each ruleset's own fields: a column only
    /// the new rules have (a template of the revision) is read under them, and is an unknown
    /// field under the old ones.
    Row(Vec<(String, crate::Cell)>),
}

/// Which submission boundary probes are built on.
#[derive(Debug, Clone, PartialEq)]
pub enum ProbeBase {
    /// No probes.
    None,
    /// The first stored submission both rulesets accept that the old rules score with every
    /// gate passed and no veto fired (so that probes can move its grade and outcome), else the
    /// first both accept; failing those, the first the old rules score so, the first they
    /// accept, the first the new rules accept.
    FirstValid,
    /// This one; it must be valid under either ruleset.
    Given(Stored),
}

/// Why probes could not be made.
#[derive(Debug, Clone, PartialEq)]
pub enum ProbeBaseError {
    /// No stored submission is valid under either ruleset.
    NoneValid,
    /// The given base is valid under neither ruleset: its failure under the old rules.
    Invalid(Box<Failure>),
}

impl ProbeBaseError {
    /// Why probes have no base, in both languages; a face adds how its user gives one
    /// (`--base FILE`, `base=`).
    pub fn message(&self) -> crate::model::Text {
        match self {
            Self::NoneValid => crate::model::Text::new(
                "边界探测需要一份在任一规则下有效的基准提交，所给提交均无效",
                "probes need a base submission valid under either ruleset, and none of the submissions is",
            ),
            Self::Invalid(failure) => {
                let first = |pick: fn(&crate::model::Text) -> &str, sep: &str| {
                    // The whole submission's error (an empty pointer) is its message alone.
                    let line = |e: &FieldError| match e.path.as_str() {
                        "" => pick(&e.message).to_owned(),
                        path => format!("{path} {}", pick(&e.message)),
                    };
                    failure.errors.iter().take(3).map(line).collect::<Vec<_>>().join(sep)
                };
                crate::model::Text::new(
                    format!("基准提交在两份规则下均无效：{}", first(|t| &t.zh, "；")),
                    format!("the base submission is invalid under both rulesets: {}", first(|t| &t.en, "; ")),
                )
            }
        }
    }
}

impl Stored {
    /// The tree, when there is one the strict reader accepts (no repeated key); a row's as
    /// `rules` read every cell of it.
    pub(crate) fn tree(&self, rules: &Ruleset) -> Option<std::borrow::Cow<'_, Input>> {
        match self {
            Self::Tree(input) => Some(std::borrow::Cow::Borrowed(input)),
            Self::Text(bytes) => parse_json(bytes, MAX_SUBMISSION_BYTES, MAX_DEPTH)
                .ok()
                .filter(|p| p.duplicate_keys.is_empty())
                .map(|p| std::borrow::Cow::Owned(p.value)),
            Self::Cells(input, unread) if unread.is_empty() => Some(std::borrow::Cow::Borrowed(input)),
            Self::Row(cells) => {
                let reading = rules.read_cells(cells);
                reading.errors.is_empty().then_some(std::borrow::Cow::Owned(reading.submission))
            }
            Self::Refused(_) | Self::Cells(..) => None,
        }
    }

    /// The numbers-only answer of `rules`.
    pub(crate) fn summary(&self, rules: &Ruleset) -> Result<ScoreSummary, Failure> {
        match self {
            Self::Tree(input) => rules.score_summary(input),
            Self::Text(bytes) => rules.score_summary_bytes(bytes),
            Self::Cells(input, unread) => rules.summary_of(crate::Submission::Cells(input, unread)),
            Self::Row(cells) => {
                let reading = rules.read_cells(cells);
                let unread: Vec<FieldError> = reading.errors.into_iter().map(|(_, e)| e).collect();
                rules.summary_of(crate::Submission::Cells(&reading.submission, &unread))
            }
            Self::Refused(errors) => {
                let (errors, more_errors) = crate::error_list(errors.clone());
                Err(Failure { ruleset: rules.compiled().ruleset_ref(), errors, more_errors })
            }
        }
    }

    fn failure(&self, rules: &Ruleset) -> Option<Failure> {
        self.summary(rules).err()
    }
}

impl ProbeBase {
    /// Which stored submission [`ProbeBase::FirstValid`] builds probes on, by its place in
    /// `stored` (a face names it); `None` when no stored submission is valid under either
    /// ruleset.
    pub fn first_valid(old: &Ruleset, new: &Ruleset, stored: &[Stored]) -> Option<usize> {
        let eligible = |s: &Stored| {
            let Some(tree) = s.tree(old) else { return false };
            match old.score(&tree) {
                crate::Answer::Success(r) => {
                    !r.gates.iter().any(crate::Check::against) && !r.vetoes.iter().any(crate::Check::against)
                }
                crate::Answer::Failure(_) => false,
            }
        };
        let valid = |s: &Stored, r: &Ruleset| s.tree(r).is_some_and(|t| r.validate(&t).valid);
        // A base one side refuses makes every probe "valid under one side only": no
        // threshold is reached. One both accept comes first.
        let both = |s: &Stored| valid(s, new) && valid(s, old);
        let first = |keep: &dyn Fn(&Stored) -> bool| stored.iter().position(keep);
        first(&|s| eligible(s) && both(s))
            .or_else(|| first(&both))
            .or_else(|| first(&eligible))
            .or_else(|| first(&|s| valid(s, old)))
            .or_else(|| first(&|s| valid(s, new)))
    }

    /// The base tree, or why there is none; `Ok(None)` when no probes are asked for.
    pub fn choose(&self, old: &Ruleset, new: &Ruleset, stored: &[Stored]) -> Result<Option<Input>, ProbeBaseError> {
        let valid =
            |s: &Stored, r: &Ruleset| s.tree(r).filter(|t| r.validate(t).valid).map(std::borrow::Cow::into_owned);
        match self {
            Self::None => Ok(None),
            Self::FirstValid => Self::first_valid(old, new, stored)
                .and_then(|i| stored.get(i))
                .and_then(|s| valid(s, old).or_else(|| valid(s, new)))
                .map(Some)
                .ok_or(ProbeBaseError::NoneValid),
            Self::Given(s) => match valid(s, old).or_else(|| valid(s, new)) {
                Some(tree) => Ok(Some(tree)),
                None => Err(ProbeBaseError::Invalid(Box::new(s.failure(old).unwrap_or_else(|| Failure {
                    ruleset: old.compiled().ruleset_ref(),
                    errors: Vec::new(),
                    more_errors: 0,
                })))),
            },
        }
    }
}
