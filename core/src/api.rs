//! The boundary: the handful of calls the CLI, Python and WebAssembly all use, each with a
//! JSON-in/JSON-out twin. Bindings translate types around these and do nothing else.

use crate::bundled;
use crate::compile::{compile_text, CompiledRuleset, RuleFormat, RulesetError};
use crate::input::Input;
use crate::model::Text;
use crate::parallel::{map_on_every_core, map_on_every_core_with, OwnRulesets};
use crate::report::{Answer, Failure};
use crate::validate::{FieldError, MAX_DEPTH, MAX_SUBMISSION_BYTES};
use crate::{BriefAnswer, Detail, ScoreOptions};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A compiled ruleset, ready to validate and score many submissions. Cheap to clone and
/// safe to share between threads.
#[derive(Clone)]
pub struct Ruleset {
    compiled: Arc<CompiledRuleset>,
    source: Arc<RulesetSource>,
}

/// Names the rules, not their contents (some 80 KB of them): a service's log line that
/// shows a ruleset stays one line.
impl std::fmt::Debug for Ruleset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (id, version, digest) = (self.id(), self.version(), self.digest());
        f.debug_struct("Ruleset").field("id", &id).field("version", &version).field("digest", &digest).finish()
    }
}

/// Where a ruleset's rules came from: enough to load it again (pickling, worker processes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RulesetSource {
    /// A bundled ruleset, by id.
    Bundled(String),
    /// Rule-file text, its format and where it came from.
    Text { text: String, format: RuleFormat, origin: String },
}

/// What a ruleset is, for listings and report headers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RulesetInfo {
    /// Ruleset id.
    pub id: String,
    /// Ruleset version.
    pub version: String,
    /// Title in both languages.
    pub title: Text,
    /// Document number of the source document.
    pub source_document: String,
    /// First day the rules apply, when set.
    pub effective_from: Option<String>,
    /// Last day the rules apply, when set.
    pub effective_to: Option<String>,
    /// `sha256:` digest of the ruleset's canonical form.
    pub digest: String,
}

/// The answer to "is this submission valid?": the JSON twin of [`Ruleset::validate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Validation {
    /// Whether the submission can be scored.
    pub valid: bool,
    /// The errors, sorted by path, at most 100.
    pub errors: Vec<FieldError>,
    /// How many more errors there were beyond those listed.
    pub more_errors: usize,
}

impl Ruleset {
    /// A bundled ruleset (`zone-qualification`, `annual-assessment`), compiled once per process.
    pub fn bundled(id: &str) -> Result<Self, RulesetError> {
        let compiled = bundled::compiled(id)?;
        Ok(Self { compiled, source: Arc::new(RulesetSource::Bundled(id.to_owned())) })
    }

    /// A bundled ruleset read from its prepared form ([`CompiledRuleset::to_prepared`]), as
    /// the browser's modules read theirs (`bundled::use_prepared`); its source names it by id,
    /// as a bundled ruleset's does. Bytes that are not such a form are an `unreadable` error.
    pub fn from_prepared(bytes: &[u8]) -> Result<Self, RulesetError> {
        let compiled = CompiledRuleset::from_prepared(bytes)?;
        let source = RulesetSource::Bundled(compiled.meta.id.clone());
        Ok(Self { compiled: Arc::new(compiled), source: Arc::new(source) })
    }

    /// Compiles rule-file text; `format` is guessed from `origin` and the text when `None`.
    pub fn from_text(text: &str, format: Option<RuleFormat>, origin: &str) -> Result<Self, RulesetError> {
        let format = format.unwrap_or_else(|| RuleFormat::detect(origin, text));
        let compiled = compile_text(text, format, origin)?;
        let source = RulesetSource::Text { text: text.to_owned(), format, origin: origin.to_owned() };
        Ok(Self { compiled: Arc::new(compiled), source: Arc::new(source) })
    }

    /// Reads and compiles a rule file.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Self, RulesetError> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        // An oversized file is refused before it is read into memory.
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size > crate::MAX_RULE_FILE_BYTES as u64 {
            return Err(RulesetError { origin, diagnostics: vec![crate::compile::Diagnostic::too_large(size)] });
        }
        let bytes = std::fs::read(path).map_err(|e| RulesetError {
            origin: origin.clone(),
            diagnostics: vec![crate::compile::Diagnostic::unreadable(&e)],
        })?;
        Self::from_utf8(&bytes, None, &origin)
    }

    /// [`Ruleset::from_text`] of bytes that should be UTF-8 text: any other bytes are the
    /// `invalid_utf8` diagnostic at the first byte that is not (a host string holding a lone
    /// surrogate, kept as its bytes, is such text).
    pub fn from_utf8(bytes: &[u8], format: Option<RuleFormat>, origin: &str) -> Result<Self, RulesetError> {
        let text = std::str::from_utf8(bytes).map_err(|e| RulesetError {
            origin: origin.to_owned(),
            diagnostics: vec![crate::compile::Diagnostic::not_utf8(bytes, e.valid_up_to())],
        })?;
        Self::from_text(text, format, origin)
    }

    /// Loads a ruleset from where it came from.
    pub fn from_source(source: &RulesetSource) -> Result<Self, RulesetError> {
        match source {
            RulesetSource::Bundled(id) => Self::bundled(id),
            RulesetSource::Text { text, format, origin } => Self::from_text(text, Some(*format), origin),
        }
    }

    /// Where the rules came from.
    pub fn source(&self) -> &RulesetSource {
        &self.source
    }

    /// Ruleset id.
    pub fn id(&self) -> &str {
        &self.compiled.meta.id
    }

    /// Ruleset version.
    pub fn version(&self) -> &str {
        &self.compiled.meta.version
    }

    /// `sha256:` digest of the canonical form.
    pub fn digest(&self) -> &str {
        &self.compiled.digest
    }

    /// Identity and provenance.
    pub fn info(&self) -> RulesetInfo {
        let m = &self.compiled.meta;
        RulesetInfo {
            id: m.id.clone(),
            version: m.version.clone(),
            title: m.title.clone(),
            source_document: m.source.document.clone(),
            effective_from: m.effective.as_ref().map(|e| e.from.clone()),
            effective_to: m.effective.as_ref().map(|e| e.to.clone()),
            digest: self.compiled.digest.clone(),
        }
    }

    /// The compiled rules, for reports and tools inside this crate's users.
    pub fn compiled(&self) -> &CompiledRuleset {
        &self.compiled
    }

    /// Validates a submission: every error at once (the first 100), sorted by path.
    pub fn validate(&self, submission: &Input) -> Validation {
        to_validation(self.compiled.check_input(submission, Vec::new()).map(|_| ()))
    }

    /// Validates a submission given as JSON bytes.
    pub fn validate_bytes(&self, json: &[u8]) -> Validation {
        to_validation(self.compiled.check_json(json).map(|_| ()))
    }

    /// JSON twin of [`Ruleset::validate`]: canonical JSON of a [`Validation`].
    pub fn validate_json(&self, json: &str) -> String {
        canonical(&self.validate_bytes(json.as_bytes()))
    }

    /// Validates one field as it is typed, by JSON pointer (`/quality/above_scale_firms`)
    /// or dotted path (`quality.above_scale_firms`); errors name it by its pointer. A group's
    /// path checks each field its value gives (a field it lacks is no error); anything under
    /// `meta` is fine. Cross-field constraints need the whole submission, and are checked
    /// only within a group given.
    pub fn validate_field(&self, path: &str, value: &Input) -> Vec<FieldError> {
        self.compiled.check_typed_in(&crate::input::field_pointer(path), value)
    }

    /// The errors of a field nothing is typed into yet: none for a declared field or group
    /// (a required one left out is told by [`Ruleset::validate`] of the whole), as
    /// [`Ruleset::read_typed`] answers empty text; `unknown_field` for a path naming none.
    pub fn validate_field_unset(&self, path: &str) -> Vec<FieldError> {
        let mut errors = self.validate_field(path, &Input::Null);
        errors.retain(|e| !e.is(crate::validate::FieldCode::Required));
        errors
    }

    /// JSON twin of [`Ruleset::validate_field`]: the value as JSON text
    /// (`94.99999999999999999999`, `true`, `"瓯北"`), read exactly with a submission's limits.
    /// Empty text (or white space) is nothing typed yet ([`Ruleset::validate_field_unset`]).
    /// Other text that is not one JSON value gets, at the field's path, the error
    /// a whole submission of that text gets (`invalid_json`, `invalid_utf8`…). Canonical JSON
    /// of the errors.
    pub fn validate_field_json(&self, path: &str, json: &[u8]) -> String {
        canonical(&match crate::input::parse_json(json, MAX_SUBMISSION_BYTES, MAX_DEPTH) {
            Ok(parsed) => self.validate_field(path, &parsed.value),
            Err(crate::input::JsonFailure::Empty) => self.validate_field_unset(path),
            Err(_) => {
                let at = crate::input::field_pointer(path);
                let mut errors = self.validate_bytes(json).errors;
                errors.iter_mut().for_each(|e| e.path.insert_str(0, &at));
                errors
            }
        })
    }

    /// Reads text typed into one field (a form input, a spreadsheet cell) leniently and
    /// exactly: full-width digits, a trailing %, thousands separators, the field's unit,
    /// 是/否, an enum's label; each change noted, anything else told what to change, and the
    /// value checked as [`Ruleset::validate_field`] checks it. The field by JSON pointer or
    /// dotted path.
    pub fn read_typed(&self, path: &str, text: &str) -> crate::TypedReading {
        self.compiled.read_typed(&crate::input::field_pointer(path), text)
    }

    /// JSON twin of [`Ruleset::read_typed`].
    pub fn read_typed_json(&self, path: &str, text: &str) -> String {
        canonical(&self.read_typed(path, text))
    }

    /// Scores a submission tree.
    pub fn score(&self, submission: &Input) -> Answer {
        self.answer(self.compiled.check_input(submission, Vec::new()))
    }

    /// Scores a submission given as JSON bytes (a UTF-8 byte-order mark is ignored).
    pub fn score_bytes(&self, json: &[u8]) -> Answer {
        self.answer(self.compiled.check_json(json))
    }

    /// JSON twin of [`Ruleset::score`]: the canonical answer text, success or failure,
    /// exactly as `zonescore score --format json --compact` prints it.
    pub fn score_json(&self, json: &str) -> String {
        self.score_json_with(json, &ScoreOptions::default())
    }

    /// Scores a submission tree at the chosen detail and languages, into the canonical JSON
    /// answer: what the bindings call with a host's dict or object.
    pub fn answer_json(&self, submission: &Input, options: &ScoreOptions) -> String {
        self.answer_with(self.compiled.check_input(submission, Vec::new()), options)
    }

    /// [`Ruleset::score_json`] at the chosen detail and languages.
    pub fn score_json_with(&self, json: &str, options: &ScoreOptions) -> String {
        self.score_bytes_json_with(json.as_bytes(), options)
    }

    /// [`Ruleset::score_json_with`] of JSON bytes (a UTF-8 byte-order mark is ignored).
    pub fn score_bytes_json_with(&self, json: &[u8], options: &ScoreOptions) -> String {
        self.answer_with(self.compiled.check_json(json), options)
    }

    /// Scores a submission tree at `numbers` or `reasons` detail (`full` gives `reasons`:
    /// the full answer is [`Ruleset::score`]'s).
    pub fn brief(&self, submission: &Input, detail: Detail) -> BriefAnswer {
        let detail = if detail == Detail::Full { Detail::Reasons } else { detail };
        match self.compiled.check_input(submission, Vec::new()) {
            Ok(valid) => BriefAnswer::Success(self.compiled.brief_valid(&valid, detail)),
            Err((errors, more_errors)) => {
                BriefAnswer::Failure(Failure { ruleset: self.compiled.ruleset_ref(), errors, more_errors })
            }
        }
    }

    pub(crate) fn answer_with(&self, checked: crate::validate::Checked, options: &ScoreOptions) -> String {
        match checked {
            Ok(valid) => self.written_answer(&valid, options),
            Err((errors, more_errors)) => {
                Answer::Failure(Failure { ruleset: self.compiled.ruleset_ref(), errors, more_errors })
                    .to_json(options.lang)
            }
        }
    }

    /// The canonical answer text of a valid record.
    pub(crate) fn written_answer(&self, valid: &crate::ValidSubmission, options: &ScoreOptions) -> String {
        match options.detail {
            // Sentences are written in the answer's languages only (see `options::write_in`).
            Detail::Full => crate::options::write_in(options.lang, || self.compiled.write_full(valid, options.lang)),
            detail => self.compiled.write_brief(valid, detail),
        }
    }

    /// Scores a submission into numbers only (final score, grade, outcome, points), without
    /// the explanations of a full report: the fast path for tables of many submissions.
    pub fn score_summary(&self, submission: &Input) -> Result<crate::score::ScoreSummary, Failure> {
        match self.compiled.check_input(submission, Vec::new()) {
            Ok(valid) => Ok(self.compiled.summarize_valid(&valid)),
            Err((errors, more_errors)) => Err(Failure { ruleset: self.compiled.ruleset_ref(), errors, more_errors }),
        }
    }

    /// [`Ruleset::score_summary`] of JSON bytes, read as [`Ruleset::score_bytes`] reads them.
    pub fn score_summary_bytes(&self, json: &[u8]) -> Result<crate::score::ScoreSummary, Failure> {
        match self.compiled.check_json(json) {
            Ok(valid) => Ok(self.compiled.summarize_valid(&valid)),
            Err((errors, more_errors)) => Err(Failure { ruleset: self.compiled.ruleset_ref(), errors, more_errors }),
        }
    }

    /// Validates a submission into the typed record evaluation reads (numbers as decimals,
    /// defaults filled in), or the failure answer: the first half of
    /// [`Ruleset::score_summary`], for callers that score one record many times.
    pub fn check(&self, submission: &Input) -> Result<crate::ValidSubmission, Failure> {
        self.compiled.check_input(submission, Vec::new()).map_err(|(errors, more_errors)| Failure {
            ruleset: self.compiled.ruleset_ref(),
            errors,
            more_errors,
        })
    }

    /// Scores a validated record into numbers only: the second half of
    /// [`Ruleset::score_summary`]. The record must come from this ruleset's [`Ruleset::check`].
    pub fn summarize(&self, record: &crate::ValidSubmission) -> crate::score::ScoreSummary {
        self.compiled.summarize_valid(record)
    }

    /// [`Ruleset::summarize`] into `summary`, reusing its lists and texts: with the bundled
    /// rulesets, scoring record after record into one summary allocates nothing once it has
    /// grown but the notice of a warning that holds (a rule file's rule the compiled plan does
    /// not score may still allocate).
    pub fn summarize_into(&self, record: &crate::ValidSubmission, summary: &mut crate::score::ScoreSummary) {
        self.compiled.summarize_into(record, summary);
    }

    /// Ids of every criterion then every bonus item, in rule order: the order of
    /// [`ScoreSummary::points`](crate::ScoreSummary).
    pub fn criterion_ids(&self) -> Vec<&str> {
        self.compiled.criterion_ids()
    }

    /// Scores many submissions, on every core where threads exist; answers keep input order.
    /// To use each answer and let it go (write it out, keep its score), see
    /// [`Ruleset::answer_each`], which frees each in the thread that made it.
    pub fn score_many(&self, submissions: &[Input]) -> Vec<Answer> {
        map_on_every_core_with(submissions, OwnRulesets::new, |own, s| own.of(self).score(s))
    }

    /// [`Ruleset::score_summary`] of many submissions, on every core; results keep input order.
    pub fn score_summary_many(&self, submissions: &[Input]) -> Vec<Result<crate::score::ScoreSummary, Failure>> {
        map_on_every_core(submissions, |s| self.score_summary(s))
    }

    /// The same rules with labels of its own, for a thread scoring beside others
    /// (`crate::parallel::OwnRulesets`). Its source is its own too: a worker clones the
    /// ruleset for each submission, and a shared count would be shared again.
    pub(crate) fn with_own_labels(&self) -> Self {
        let source = Arc::new(RulesetSource::clone(&self.source));
        Self { compiled: Arc::new(self.compiled.relabeled(&crate::compile::OwnCounts)), source }
    }

    pub(crate) fn answer(&self, checked: crate::validate::Checked) -> Answer {
        match checked {
            Ok(valid) => Answer::Success(self.compiled.score_valid(&valid)),
            Err((errors, more_errors)) => {
                Answer::Failure(Failure { ruleset: self.compiled.ruleset_ref(), errors, more_errors })
            }
        }
    }

    /// The JSON Schema (draft 2020-12) of a submission, with zh/en titles, units and enum
    /// labels, from which a form can be generated.
    pub fn submission_schema(&self) -> serde_json::Value {
        crate::schema::submission_schema(&self.compiled)
    }

    /// JSON twin of [`Ruleset::submission_schema`].
    pub fn submission_schema_json(&self) -> String {
        canonical(&self.submission_schema())
    }

    /// Every clause of the source document, in the document's order, with the rules that
    /// cite it or the reason none does (`zonescore rulesets --clauses`).
    pub fn clause_coverage(&self) -> &[crate::compile::ClauseCoverage] {
        &self.compiled.clauses
    }

    /// JSON twin of [`Ruleset::clause_coverage`].
    pub fn clause_coverage_json(&self) -> String {
        canonical(&self.clause_coverage())
    }

    /// A clause ID with the document's own numbering, for Chinese output: `§5.2.3（五（二）3）`;
    /// the ID alone when the ruleset gives no outline.
    pub fn clause_label(&self, id: &str) -> String {
        match self.compiled.clauses.iter().find(|c| c.id == id).and_then(|c| c.number.as_deref()) {
            Some(number) => format!("{id}（{number}）"),
            None => id.to_owned(),
        }
    }

    /// The name (title) of outcome `code`, such as 通过考核验收，推荐命名 for `named`: what a
    /// table for people shows where answers keep the code.
    pub fn outcome_title(&self, code: &str) -> Option<&crate::model::Text> {
        self.compiled.outcomes.iter().find(|o| o.model.id == code).map(|o| &o.model.title)
    }

    /// Clause IDs as a scorecard cites them: with the document's numbering in Chinese
    /// ([`Ruleset::clause_label`]), as IDs in English; separated by spaces.
    pub fn clauses_cited(&self, ids: &[String]) -> crate::model::Text {
        let zh: Vec<String> = ids.iter().map(|c| self.clause_label(c)).collect();
        crate::model::Text::new(zh.join(" "), ids.join(" "))
    }
}

pub(crate) fn to_validation(r: Result<(), (Vec<FieldError>, usize)>) -> Validation {
    match r {
        Ok(()) => Validation { valid: true, errors: Vec::new(), more_errors: 0 },
        Err((errors, more_errors)) => Validation { valid: false, errors, more_errors },
    }
}

/// Canonical JSON text: compact (no white space between tokens), fields in contract order,
/// no trailing newline. The project's types have string keys and serialisers that cannot
/// fail, so writing them cannot fail.
pub fn canonical<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The canonical JSON of `value` indented for people (two spaces), as the command line
/// prints answers unless asked for the canonical bytes.
pub fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The bundled rulesets.
pub fn list_rulesets() -> Vec<RulesetInfo> {
    bundled::IDS.iter().filter_map(|id| Ruleset::bundled(id).ok()).map(|r| r.info()).collect()
}

/// JSON twin of [`list_rulesets`].
pub fn list_rulesets_json() -> String {
    canonical(&list_rulesets())
}

/// The JSON Schema of the rule format (what `rules/schema/ruleset.schema.json` holds).
pub fn rule_format_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(crate::model::RuleFile)).unwrap_or_default()
}

/// The JSON Schema of the what-if answers, score bounds ([`crate::BoundsAnswer`]) and advice
/// ([`crate::AdviceAnswer`]): what `rules/schema/whatif.schema.json` holds, and what every
/// face's typed view of them is tested against.
pub fn whatif_schema() -> serde_json::Value {
    /// A what-if answer.
    #[derive(JsonSchema)]
    #[serde(untagged)]
    #[allow(dead_code, reason = "a type for the schema, never built")]
    enum WhatIfAnswer {
        Bounds(crate::BoundsAnswer),
        Advice(crate::AdviceAnswer),
    }
    serde_json::to_value(schemars::schema_for!(WhatIfAnswer)).unwrap_or_default()
}

/// The JSON Schema of a score answer at any detail and in any language: the full
/// [`Answer`] or a [`BriefAnswer`], whose texts carry one language or both.
pub fn answer_schema() -> serde_json::Value {
    /// A score answer: the full answer, or a shorter one (`detail` numbers or reasons).
    #[derive(JsonSchema)]
    #[serde(untagged)]
    #[allow(dead_code, clippy::large_enum_variant, reason = "a type for the schema, never built")]
    enum ScoreAnswer {
        Full(Answer),
        Brief(BriefAnswer),
    }
    let mut schema = serde_json::to_value(schemars::schema_for!(ScoreAnswer)).unwrap_or_default();
    // A text of an answer written in one language (`lang`) carries only that member.
    if let Some(text) = schema.pointer_mut("/$defs/Text").and_then(serde_json::Value::as_object_mut) {
        text.insert("required".into(), serde_json::json!([]));
        text.insert("minProperties".into(), 1.into());
    }
    schema
}
