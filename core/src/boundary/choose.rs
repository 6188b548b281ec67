//! Choosing the ruleset for a submission and reading the submission once: a bundled id or
//! a rule-file path, or the bundled ruleset a submission's shape names.

use crate::api::Ruleset;
use crate::bundled;
use crate::compile::RulesetError;
use crate::input::{parse_json, Input};
use crate::parallel::{map_on_every_core, map_on_every_core_with, OwnRulesets};
use crate::report::{Answer, Failure};
use crate::validate::{error_list, json_failure, Checked, FieldError, MAX_DEPTH, MAX_SUBMISSION_BYTES};
use crate::{ScoreOptions, ScoreSummary, Validation};

impl Ruleset {
    /// The ruleset a user names, the same way in every face: a bundled id
    /// (`zone-qualification`), else the path of a TOML or JSON rule file. A name that is
    /// neither an existing path nor looks like one (no `/`, no `.toml` or `.json`) is taken as a
    /// misspelled bundled id, whose error lists the ids that exist.
    ///
    /// For names a user gives on their own machine (a command line, a config file): it opens
    /// whatever path it is given, and a rule file's error quotes its lines. A service that
    /// takes the name from a request should load [`Ruleset::bundled`] (or its own list of
    /// rule files) instead.
    pub fn resolve(spec: &str) -> Result<Self, RulesetError> {
        Self::resolve_in(spec, std::path::Path::new(""))
    }

    /// [`Ruleset::resolve`] with a relative path taken from `dir` (the folder of the file
    /// that names the ruleset, as a ruleset test file does).
    pub fn resolve_in(spec: &str, dir: &std::path::Path) -> Result<Self, RulesetError> {
        let path = dir.join(spec);
        if bundled::IDS.contains(&spec) {
            Self::bundled(spec)
        } else if path.exists() || spec.ends_with(".toml") || spec.ends_with(".json") || spec.contains('/') {
            Self::from_path(&path)
        } else {
            Self::bundled(spec)
        }
    }

    /// A failure answer of this ruleset for errors a face found while reading host values
    /// (values with no JSON shape): sorted by path and cut as the engine's own errors are.
    pub fn unreadable(&self, errors: Vec<FieldError>) -> Failure {
        let (errors, more_errors) = error_list(errors);
        Failure { ruleset: self.compiled().ruleset_ref(), errors, more_errors }
    }

    /// The full answer to a submission of any kind: JSON text read by the engine's reader,
    /// a tree validated, host values of no JSON shape answered as a failure.
    pub fn answer_to(&self, submission: Submission<'_>) -> Answer {
        match submission {
            Submission::Json(bytes) => self.score_bytes(bytes),
            Submission::Tree(input) => self.score(input),
            Submission::Unreadable(errors) => Answer::Failure(self.unreadable(errors.to_vec())),
            Submission::Cells(tree, []) => self.score(tree),
            Submission::Cells(tree, unread) => {
                Answer::Failure(self.unreadable(self.compiled().cells_errors(tree, unread)))
            }
        }
    }

    /// Numbers only (see [`Ruleset::score_summary`]) for a submission of any kind.
    pub fn summary_of(&self, submission: Submission<'_>) -> Result<ScoreSummary, Failure> {
        match submission {
            Submission::Json(bytes) => self.score_summary_bytes(bytes),
            Submission::Tree(input) => self.score_summary(input),
            Submission::Unreadable(errors) => Err(self.unreadable(errors.to_vec())),
            Submission::Cells(tree, []) => self.score_summary(tree),
            Submission::Cells(tree, unread) => Err(self.unreadable(self.compiled().cells_errors(tree, unread))),
        }
    }

    /// [`Ruleset::answer_to`] of many submissions on every core, each answer handed to
    /// `each` in the thread that made it (a face keeps only what it shows); results keep
    /// input order. Each answer is freed where it was made, while it is still in that
    /// core's cache, so a batch whose answers are used and let go scales further with the
    /// cores than [`Ruleset::score_many`], whose answers the caller frees on one thread
    /// (measured beside the hand-written scorer's control: `docs/performance.md`, the batch row).
    ///
    /// ```
    /// use zonescore::{Answer, Ruleset, Submission};
    ///
    /// let rules = Ruleset::bundled("zone-qualification").unwrap();
    /// let texts = [
    ///     include_str!("../../../rules/examples/zone-qualification/oubei-valves-2013.json"),
    ///     "[]",
    /// ];
    /// let listed: Vec<Submission<'_>> = texts.iter().map(|t| Submission::Json(t.as_bytes())).collect();
    /// // Keep each final score, or the code of the first error, and let the answer go.
    /// let kept = rules.answer_each(&listed, |answer| match answer {
    ///     Answer::Success(report) => report.final_score.to_string(),
    ///     Answer::Failure(failure) => failure.errors[0].code.to_string(),
    /// });
    /// assert_eq!(kept, ["91.0", "not_an_object"]);
    /// ```
    pub fn answer_each<T: Send>(&self, submissions: &[Submission<'_>], each: impl Fn(Answer) -> T + Sync) -> Vec<T> {
        map_on_every_core_with(submissions, OwnRulesets::new, |own, s| each(own.of(self).answer_to(*s)))
    }

    /// [`Ruleset::summary_of`] of many submissions, as [`Ruleset::answer_each`].
    pub fn summary_each<T: Send>(
        &self,
        submissions: &[Submission<'_>],
        each: impl Fn(Result<ScoreSummary, Failure>) -> T + Sync,
    ) -> Vec<T> {
        map_on_every_core(submissions, |s| each(self.summary_of(*s)))
    }
}

/// A submission as a face hands it to the engine.
#[derive(Debug, Clone, Copy)]
pub enum Submission<'a> {
    /// JSON text as bytes (UTF-8; a byte-order mark is ignored).
    Json(&'a [u8]),
    /// A tree built from a host's values.
    Tree(&'a Input),
    /// Host values with no JSON shape: the errors found reading them (see [`crate::host_error`]).
    Unreadable(&'a [FieldError]),
    /// A row of table cells as a face read them: the tree of the cells it could read, and
    /// the errors of those it could not (a cell of text that reads as no number, as
    /// [`Ruleset::read_cells`] finds them). Answered as [`Ruleset::score_cells`] answers a
    /// row: those errors with the tree's own.
    Cells(&'a Input, &'a [FieldError]),
}

impl Submission<'_> {
    /// The bundled ruleset its shape names: `None` when it names none (an empty row) or
    /// cannot be read. The first row of a table that names one names the table's ruleset
    /// (see [`ruleset_for`]).
    pub fn names_ruleset(&self) -> Option<&'static str> {
        match self {
            Self::Tree(input) | Self::Cells(input, _) => detect_ruleset(input),
            Self::Json(bytes) => detect_ruleset_json(bytes),
            Self::Unreadable(_) => None,
        }
    }
}

/// A submission read once, with the ruleset that scores it: given, or the bundled one its
/// shape names (the default one when it names none, or is not JSON, which the default
/// ruleset then reports). Everything a face asks of it (an answer, its JSON, a
/// validation, a summary) comes from this one reading.
#[derive(Debug, Clone)]
pub struct Chosen<'a> {
    /// The ruleset the submission is scored with.
    pub ruleset: Ruleset,
    read: Read<'a>,
}

#[derive(Debug, Clone)]
enum Read<'a> {
    /// JSON bytes for a ruleset given: read by the engine's direct reader.
    Bytes(&'a [u8]),
    /// JSON text parsed to find the ruleset.
    Parsed(Input),
    Tree(&'a Input),
    /// JSON text with repeated keys, and the bundled ruleset its shape names.
    Repeated(&'a [u8], Option<&'static str>),
    /// Text that is not JSON, or host values with no JSON shape.
    Failed(Vec<FieldError>),
}

impl<'a> Chosen<'a> {
    /// Reads `submission` for `ruleset`, or for the bundled ruleset its shape names.
    pub fn new(ruleset: Option<&Ruleset>, submission: Submission<'a>) -> Result<Self, RulesetError> {
        let read = match submission {
            Submission::Json(bytes) if ruleset.is_some() => Read::Bytes(bytes),
            Submission::Json(bytes) => match parse_json(bytes, MAX_SUBMISSION_BYTES, MAX_DEPTH) {
                Ok(parsed) if parsed.duplicate_keys.is_empty() => Read::Parsed(parsed.value),
                // Repeated keys are errors the engine's reader words; a text with them, rare,
                // is read again by it once its ruleset is known.
                Ok(parsed) => Read::Repeated(bytes, detect_ruleset(&parsed.value)),
                Err(failure) => Read::Failed(vec![json_failure(failure)]),
            },
            Submission::Tree(input) | Submission::Cells(input, _) => Read::Tree(input),
            Submission::Unreadable(errors) => Read::Failed(errors.to_vec()),
        };
        let ruleset = match ruleset {
            Some(r) => r.clone(),
            None => Ruleset::bundled(read.detected().unwrap_or(bundled::DEFAULT))?,
        };
        // A row with unread cells fails, with the tree's own errors beside theirs (found once,
        // every question answering with them).
        if let Submission::Cells(tree, unread @ [_, ..]) = submission {
            return Ok(Self { read: Read::Failed(ruleset.compiled().cells_errors(tree, unread)), ruleset });
        }
        Ok(Self { ruleset, read })
    }

    /// The bundled ruleset a submission's shape names: `None` when it names none or
    /// cannot be read.
    pub fn detected(&self) -> Option<&'static str> {
        self.read.detected()
    }

    fn checked(&self) -> Checked {
        let compiled = self.ruleset.compiled();
        match &self.read {
            Read::Bytes(bytes) | Read::Repeated(bytes, _) => compiled.check_json(bytes),
            Read::Parsed(input) => compiled.check_input(input, Vec::new()),
            Read::Tree(input) => compiled.check_input(input, Vec::new()),
            Read::Failed(errors) => Err(error_list(errors.clone())),
        }
    }

    /// The full answer.
    pub fn answer(&self) -> Answer {
        self.ruleset.answer(self.checked())
    }

    /// The canonical answer text at the chosen detail and languages.
    pub fn answer_json(&self, options: &ScoreOptions) -> String {
        self.ruleset.answer_with(self.checked(), options)
    }

    /// The full answer's canonical text (both languages) when the submission can be scored,
    /// else its failure: for a face that hands the report to its host as parsed JSON (the
    /// answer writer is several times faster than serialising a typed report) and raises a
    /// failure as an error.
    pub fn report_json(&self) -> Result<String, Failure> {
        match self.checked() {
            Ok(valid) => Ok(self.ruleset.written_answer(&valid, &ScoreOptions::default())),
            Err((errors, more_errors)) => {
                Err(Failure { ruleset: self.ruleset.compiled().ruleset_ref(), errors, more_errors })
            }
        }
    }

    /// Whether the submission can be scored, and every error when it cannot.
    pub fn validation(&self) -> Validation {
        crate::api::to_validation(self.checked().map(|_| ()))
    }

    /// Numbers only (see [`Ruleset::score_summary`]).
    pub fn summary(&self) -> Result<crate::ScoreSummary, Failure> {
        let compiled = self.ruleset.compiled();
        match self.checked() {
            Ok(valid) => Ok(compiled.summarize_valid(&valid)),
            Err((errors, more_errors)) => Err(Failure { ruleset: compiled.ruleset_ref(), errors, more_errors }),
        }
    }
}

impl Chosen<'_> {
    /// Score bounds (see [`Ruleset::bounds`]).
    pub fn bounds(&self) -> crate::BoundsAnswer {
        match &self.read {
            Read::Bytes(bytes) | Read::Repeated(bytes, _) => self.ruleset.bounds_bytes(bytes),
            Read::Parsed(input) => self.ruleset.bounds(input),
            Read::Tree(input) => self.ruleset.bounds(input),
            // Bounds take missing fields: a row of cells fails without its `required` errors.
            Read::Failed(errors) => {
                let present = errors.iter().filter(|e| !e.is(crate::validate::FieldCode::Required)).cloned();
                crate::BoundsAnswer::Failure(self.ruleset.unreadable(present.collect()))
            }
        }
    }

    /// Advice towards `target` (see [`Ruleset::advise`]).
    pub fn advise(&self, target: Option<&str>, options: usize) -> crate::AdviceAnswer {
        match &self.read {
            Read::Bytes(bytes) | Read::Repeated(bytes, _) => self.ruleset.advise_bytes(bytes, target, options),
            Read::Parsed(input) => self.ruleset.advise(input, target, options),
            Read::Tree(input) => self.ruleset.advise(input, target, options),
            Read::Failed(errors) => crate::AdviceAnswer::Failure(self.ruleset.unreadable(errors.clone())),
        }
    }
}

impl Read<'_> {
    fn detected(&self) -> Option<&'static str> {
        match self {
            Self::Parsed(input) => detect_ruleset(input),
            Self::Tree(input) => detect_ruleset(input),
            Self::Repeated(_, id) => *id,
            Self::Bytes(_) | Self::Failed(_) => None,
        }
    }
}

/// The bundled ruleset a submission is shaped for (`shaped`, as [`detect_ruleset`] reads it)
/// when it was checked against another bundled one, whose errors (each group an unknown
/// field) are then those of the wrong rules: every face says so. A rule file of an id of its
/// own may read any shape, so it gets `None`.
pub fn shaped_for_another(given: &Ruleset, shaped: Option<&'static str>) -> Option<&'static str> {
    shaped.filter(|id| *id != given.id() && bundled::IDS.contains(&given.id()))
}

/// The bundled ruleset a submission is written for, read from its top-level groups
/// (`zone` → `zone-qualification`, `town` → `annual-assessment`); `None` when unclear.
pub fn detect_ruleset(submission: &Input) -> Option<&'static str> {
    let Input::Object(members) = submission else {
        return None;
    };
    let keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    detect_ruleset_keys(&keys)
}

/// [`detect_ruleset`] from the top-level keys of a submission.
fn detect_ruleset_keys(keys: &[&str]) -> Option<&'static str> {
    let mut best: Option<(usize, &'static str)> = None;
    let mut tie = false;
    for id in bundled::IDS {
        let Ok(compiled) = bundled::compiled(id) else {
            continue;
        };
        let hits = keys.iter().filter(|k| compiled.root.get(k).is_some()).count();
        match best {
            Some((b, _)) if hits == b => tie = true,
            Some((b, _)) if hits < b => {}
            _ if hits > 0 => {
                best = Some((hits, id));
                tie = false;
            }
            _ => {}
        }
    }
    if tie {
        None
    } else {
        best.map(|(_, id)| id)
    }
}

/// One submission of a list as a face read it: straight into the record of the ruleset
/// whose host reader read it ([`Ruleset::host_reader`], what nearly every valid host value
/// is), or as it came, for the engine to read.
#[derive(Debug, Clone, Copy)]
pub enum Listed<'a> {
    /// A record, scored with the ruleset that read it (the one given to the list or not).
    Record(&'a Ruleset, &'a crate::ValidSubmission),
    /// A submission of any kind, read as [`Chosen`] reads it.
    Submission(Submission<'a>),
}

impl<'a> From<Submission<'a>> for Listed<'a> {
    fn from(submission: Submission<'a>) -> Self {
        Self::Submission(submission)
    }
}

/// Full answers to a list of submissions on every core, in order, each with the ruleset
/// that scored it: `ruleset` when given, else the bundled one that submission names, as
/// [`Chosen`] picks it for one. A list of answers is the list of single answers, as
/// `zonescore score` scores a folder file by file; a table's rows share one ruleset
/// instead (see [`ruleset_for`]), since its columns are that ruleset's criteria.
///
/// The list holds [`Submission`]s or [`Listed`] ones: a face that reads host values straight
/// into records under a lock (Python's GIL) hands over the records, so that all the work
/// after reading is done on every core.
pub fn answer_each_chosen<'a, S, T: Send>(
    ruleset: Option<&Ruleset>,
    submissions: &[S],
    each: impl Fn(&Ruleset, Answer) -> T + Sync,
) -> Result<Vec<T>, RulesetError>
where
    S: Copy + Sync + Into<Listed<'a>>,
{
    let answer = |own: &OwnRulesets, listed: Listed<'a>| match listed {
        Listed::Record(rules, record) => Ok(each(rules, own.of(rules).answer_record(record))),
        Listed::Submission(s) => Chosen::new(ruleset, s).map(|c| {
            let answer = own.of(&c.ruleset).answer(c.checked());
            each(&c.ruleset, answer)
        }),
    };
    map_on_every_core_with(submissions, OwnRulesets::new, |own, s| answer(own, (*s).into())).into_iter().collect()
}

/// The ruleset of a table's rows, scored together: `ruleset` when given, else the
/// bundled one the first row that names one names (a blank row, or one that cannot be
/// read, is passed over), else the default one. Every face scores a table with it,
/// however it slices the table.
pub fn ruleset_for<'a>(
    ruleset: Option<&Ruleset>,
    submissions: impl IntoIterator<Item = Submission<'a>>,
) -> Result<Ruleset, RulesetError> {
    if let Some(r) = ruleset {
        return Ok(r.clone());
    }
    let named = submissions.into_iter().find_map(|s| s.names_ruleset());
    Ruleset::bundled(named.unwrap_or(bundled::DEFAULT))
}

/// The bundled ruleset id a JSON text is written for: `None` when it names none or is not JSON.
pub fn detect_ruleset_json(json: &[u8]) -> Option<&'static str> {
    parse_json(json, MAX_SUBMISSION_BYTES, MAX_DEPTH).ok().and_then(|p| detect_ruleset(&p.value))
}

/// The bundled ruleset for JSON text, as [`Chosen`] picks it: the one `id` names, else
/// the one the text is written for, else the default one. For a face that then scores the
/// bytes with the ruleset's own methods (the browser's module keeps only those).
pub fn bundled_for_json(json: &[u8], id: Option<&str>) -> Result<Ruleset, RulesetError> {
    Ruleset::bundled(id.or_else(|| detect_ruleset_json(json)).unwrap_or(bundled::DEFAULT))
}

/// The bundled ruleset for a host's tree with these top-level keys, as [`Chosen`] picks it
/// for the tree: the one it is written for, else the default one.
pub fn bundled_for_keys(keys: &[&str]) -> Result<Ruleset, RulesetError> {
    Ruleset::bundled(detect_ruleset_keys(keys).unwrap_or(bundled::DEFAULT))
}

// Argument order, the same in every face: the submission first, then the ruleset, which is
// optional and so comes last (Python's `score_json(text, ruleset=None)`, JavaScript's
// `scoreJson(text, rulesetId)`); a method's ruleset is its receiver (`ruleset.score(submission)`).

/// The bundled ruleset named by `ruleset_id`, or the bundled ruleset the submission is
/// written for when `None`.
fn bundled_choice<'a>(json: &'a [u8], ruleset_id: Option<&str>) -> Result<Chosen<'a>, RulesetError> {
    let given = ruleset_id.map(Ruleset::bundled).transpose()?;
    Chosen::new(given.as_ref(), Submission::Json(json))
}

/// Scores JSON text with a bundled ruleset, chosen by id or, when `None`, from the
/// submission's shape. A text that is not JSON, or whose ruleset cannot be told, gets
/// a failure answer from the default bundled ruleset.
pub fn score_json_bundled(json: &str, ruleset_id: Option<&str>) -> Result<String, RulesetError> {
    score_bytes_bundled(json.as_bytes(), ruleset_id).map(|a| a.to_canonical_json())
}

/// Scores JSON bytes with a bundled ruleset chosen by id or, when `None`, from the
/// submission's shape (see [`score_json_bundled`]), reading them once.
pub fn score_bytes_bundled(json: &[u8], ruleset_id: Option<&str>) -> Result<Answer, RulesetError> {
    Ok(bundled_choice(json, ruleset_id)?.answer())
}

/// [`score_bytes_bundled`] into the canonical answer text at a detail and languages.
pub fn score_bytes_bundled_with(
    json: &[u8],
    ruleset_id: Option<&str>,
    options: &ScoreOptions,
) -> Result<String, RulesetError> {
    Ok(bundled_choice(json, ruleset_id)?.answer_json(options))
}
