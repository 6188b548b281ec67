//! Answers handed to Python: one opaque handle per answer, and result columns for tables.

use crate::convert::{decimal_type, pair, serde_to_py, Pair};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use std::collections::HashMap;
use zonescore::model::Text;
use zonescore::{Answer, Failure, Ruleset, ScoreSummary};

/// `bonus`, `cut_note`, `base` and `unrounded` of a printed scorecard, each `(zh, en)`.
type ScorecardLines = (Option<Pair>, Option<Pair>, Option<Pair>, Pair);

/// One answer of the engine, success or failure. The Python `Report` and
/// `InvalidSubmissionError` wrap it; its canonical JSON is the cross-runtime contract.
#[pyclass(module = "zonescore._zonescore", frozen)]
pub(crate) struct AnswerCore {
    answer: Answer,
    /// The ruleset that gave the answer, when known: it numbers the clauses the answer
    /// cites (`§5.2.3（五（二）3）`) for Chinese scorecards.
    ruleset: Option<Ruleset>,
}

impl AnswerCore {
    pub fn scored(answer: Answer) -> Self {
        Self { answer, ruleset: None }
    }

    /// The engine's answer it holds.
    pub fn answer(&self) -> &Answer {
        &self.answer
    }

    /// The same answer, knowing the ruleset that gave it.
    pub fn by(self, ruleset: Ruleset) -> Self {
        Self { ruleset: Some(ruleset), ..self }
    }
}

/// Why JSON text is not an answer a report can be rebuilt from, in both languages: an
/// answer at `detail="numbers"` or `"reasons"`, or in one language, lacks the titles and
/// texts a report shows (the engine's reduced answers, not a damaged one), so it is named
/// as such; anything else is not an answer at all.
fn not_full(bytes: &[u8], error: &serde_json::Error) -> PyErr {
    let value = match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => value,
        Err(not_json) => return PyValueError::new_err(not_an_answer(None, &not_json)),
    };
    let reduced = match value.get("detail").and_then(serde_json::Value::as_str) {
        Some(detail) if detail != "full" => Some(format!("detail=\"{detail}\"")),
        _ => one_language(&value).map(|lang| format!("lang=\"{lang}\"")),
    };
    let answer = matches!(value.get("type").and_then(serde_json::Value::as_str), Some("success" | "failure"));
    PyValueError::new_err(match reduced {
        Some(options) if answer => format!(
            "Report.from_json needs a full answer in both languages (detail=\"full\", lang=\"both\", as score_json \
             gives by default); this one is {options} \
             (Report.from_json 需要完整的双语答复（detail=\"full\"、lang=\"both\"，即 score_json 的默认）；此答复为 {options})"
        ),
        _ => not_an_answer(Some(answer), error),
    })
}

/// Why text is no answer at all, in both languages: where it stops being JSON (`answer`
/// `None`); JSON that is not an answer's object; or an answer's object without a key it
/// needs (serde reads a tagged answer from a buffer, so it knows no line there, and names
/// its own types).
fn not_an_answer(answer: Option<bool>, error: &serde_json::Error) -> String {
    let (en, zh) = if answer.is_none() {
        (error.to_string(), format!("读到第 {} 行第 {} 列出错", error.line(), error.column()))
    } else if answer == Some(false) {
        let en = "JSON of an object whose `type` is \"success\" or \"failure\" is expected".to_owned();
        (en, "应为 `type` 为 \"success\" 或 \"failure\" 的 JSON 对象".to_owned())
    } else {
        let said = error.to_string();
        let missing = said.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()).map(str::to_owned);
        match missing {
            Some(key) => (format!("the answer has no `{key}`"), format!("答复缺少 `{key}`")),
            None => ("the answer holds a value of the wrong kind".to_owned(), "答复中有类型不对的值".to_owned()),
        }
    };
    format!("not a zonescore answer (the JSON text score_json gives): {en} (不是 zonescore 的答复 JSON：{zh})")
}

/// The one language of an answer's texts (`{"zh": …}` alone), if its first text has one.
fn one_language(value: &serde_json::Value) -> Option<&'static str> {
    match value {
        serde_json::Value::Object(members) => {
            match (members.contains_key("zh"), members.contains_key("en")) {
                (true, false) => return Some("zh"),
                (false, true) => return Some("en"),
                (true, true) => return None,
                (false, false) => {}
            }
            members.values().find_map(one_language)
        }
        serde_json::Value::Array(items) => items.iter().find_map(one_language),
        _ => None,
    }
}

#[pymethods]
impl AnswerCore {
    /// Rebuilds an answer from its canonical JSON (unpickling), as `str` or UTF-8 bytes (a
    /// byte-order mark is ignored, as the engine ignores it in a submission). Only a full
    /// answer in both languages holds what a report shows: any other is a `ValueError`
    /// saying so (see [`not_full`]). The bundled ruleset of the answer's id and digest, if
    /// any, numbers its clauses.
    #[staticmethod]
    fn from_json(text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let answer = crate::with_json_bytes(text, |bytes| {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(bytes);
            serde_json::from_slice::<Answer>(bytes).map_err(|e| not_full(bytes, &e))
        })??;
        if let Answer::Success(report) = &answer {
            if let Some((at, text)) = report.first_non_decimal() {
                return Err(PyValueError::new_err(format!(
                    "{at}: {text:?} is not a decimal, so the answer was not written by zonescore \
                     （{at}：{text:?} 不是十进制数，该答案不是 zonescore 写出的）"
                )));
            }
        }
        let named = match &answer {
            Answer::Success(r) => &r.ruleset,
            Answer::Failure(f) => &f.ruleset,
        };
        let bundled = Ruleset::bundled(&named.id).ok().filter(|r| r.digest() == &*named.digest);
        Ok(Self { ruleset: bundled, ..Self::scored(answer) })
    }

    /// A clause ID with the source document's own numbering (`§5.2.3（五（二）3）`), as the
    /// ruleset that gave the answer words it; the ID alone when that ruleset is not known
    /// or gives no outline.
    fn clause_label(&self, id: &str) -> String {
        self.ruleset.as_ref().map_or_else(|| id.to_owned(), |r| r.clause_label(id))
    }

    /// A reason as a printed scorecard shows it, `(zh, en)`: with the fields it needed that
    /// were missing, by label (core's `Ruleset::reason_with_missing`); the reason alone when
    /// the ruleset is not known.
    fn printed_reason(&self, zh: String, en: String, missing: Vec<String>) -> Pair {
        let reason = zonescore::Sentence::new(&zh, &en);
        pair(match &self.ruleset {
            Some(r) => r.reason_with_missing(&reason, &missing),
            None => reason.to_text(),
        })
    }

    /// The points a scorecard shows for each criterion and bonus item, by id: `None` for
    /// one that does not apply (core's `CriterionResult::shown_points`). `None` for a failure.
    fn shown_points(&self) -> Option<HashMap<String, Option<String>>> {
        let Answer::Success(report) = &self.answer else { return None };
        let all = report.criteria.iter().chain(&report.bonus_items);
        Some(all.map(|c| (c.id.to_string(), c.shown_points().map(str::to_owned))).collect())
    }

    /// The lines a printed scorecard adds to the answer, each `(zh, en)`: `bonus`
    /// (加分合计：5，按上限计入 3) and `cut_note` (what a value cut to 2 decimals means, when a
    /// sentence shows one), each `None` when there is none, then `base` (`None` where it equals
    /// the earned points, core's `normalised_line`) and `unrounded` as the totals show them
    /// (cut to 4 places when longer, core's `readable_decimal`). `None` for a failure.
    fn scorecard_lines(&self) -> Option<ScorecardLines> {
        let Answer::Success(report) = &self.answer else { return None };
        Some((
            report.bonus_line().map(pair),
            zonescore::cut_note(report).map(pair),
            report.normalised_line().map(pair),
            pair(zonescore::readable_decimal(&report.unrounded)),
        ))
    }

    /// Whether the answer refuses advice's target alone (core's `Failure::refuses_target`):
    /// Python raises it as `TargetError`, any other failure as `InvalidSubmissionError`.
    #[getter]
    fn refuses_target(&self) -> bool {
        matches!(&self.answer, Answer::Failure(f) if f.refuses_target())
    }

    /// Whether the submission was scored.
    #[getter]
    fn ok(&self) -> bool {
        matches!(self.answer, Answer::Success(_))
    }

    /// Whether the failure is about values of no JSON shape (core decides by its codes).
    #[getter]
    pub(crate) fn unreadable_values(&self) -> bool {
        matches!(&self.answer, Answer::Failure(f) if f.holds_host_values())
    }

    /// The canonical JSON text: two-space indentation, no trailing newline.
    fn to_json(&self) -> String {
        self.answer.to_canonical_json()
    }

    /// The canonical JSON as Python objects (decimals stay strings).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_py(py, &self.answer)
    }

    /// One key of a report as Python objects, what `to_dict()[name]` holds, converted alone:
    /// a report read for its warnings neither builds nor keeps its whole answer (some 190 KB
    /// of Python objects). With `id`, the criterion or bonus item of that id (`None` when
    /// there is none). `None` for a failure.
    #[pyo3(signature = (name, id = None))]
    fn part<'py>(&self, py: Python<'py>, name: &str, id: Option<&str>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Answer::Success(r) = &self.answer else {
            return Ok(None);
        };
        if let Some(id) = id {
            let found = r.criteria.iter().chain(&r.bonus_items).find(|c| &*c.id == id);
            return found.map(|c| serde_to_py(py, c)).transpose();
        }
        match name {
            "ruleset" => serde_to_py(py, &r.ruleset),
            "subject" => serde_to_py(py, &r.subject),
            "grade_label" => serde_to_py(py, &r.grade_label),
            "outcome_label" => serde_to_py(py, &r.outcome_label),
            "conclusion" => serde_to_py(py, &r.conclusion),
            "breakdown" => serde_to_py(py, &r.breakdown),
            "gates" => serde_to_py(py, &r.gates),
            "vetoes" => serde_to_py(py, &r.vetoes),
            "dimensions" => serde_to_py(py, &r.dimensions),
            "criteria" => serde_to_py(py, &r.criteria),
            "bonus_items" => serde_to_py(py, &r.bonus_items),
            "notes" => serde_to_py(py, &r.notes),
            "warnings" => serde_to_py(py, &r.warnings),
            _ => Err(pyo3::exceptions::PyKeyError::new_err(name.to_owned())),
        }
        .map(Some)
    }

    /// The top-level figures of a report, cheaply, by their names in the answer:
    /// `final_score`, `grade`, `outcome`, `earned`, `applicable_max`, `base`, `bonus`,
    /// `bonus_counted`, `unrounded`, `year` (or `None`), and `ruleset_id`; `None` for a failure.
    fn scalars<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Answer::Success(r) = &self.answer else {
            return Ok(None);
        };
        // By name, not by position: a figure added to the report cannot shift the others.
        let figures: [(&str, Option<&str>); 11] = [
            ("final_score", Some(&r.final_score)),
            ("grade", Some(&r.grade)),
            ("outcome", Some(&r.outcome)),
            ("earned", Some(&r.earned)),
            ("applicable_max", Some(&r.applicable_max)),
            ("base", Some(&r.base)),
            ("bonus", Some(&r.bonus)),
            ("bonus_counted", Some(&r.bonus_counted)),
            ("unrounded", Some(&r.unrounded)),
            ("year", r.year.as_deref()),
            ("ruleset_id", Some(&r.ruleset.id)),
        ];
        let out = PyDict::new(py);
        for (name, value) in figures {
            out.set_item(name, value)?;
        }
        Ok(Some(out))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Self>().is_ok_and(|o| o.get().answer == self.answer)
    }
}

/// What a results table keeps of an answer.
pub(crate) enum Row {
    Scored {
        final_score: String,
        grade: String,
        outcome: String,
        points: Vec<(String, Option<String>)>,
        /// Its warnings in one line, when any holds.
        warnings: Option<Text>,
    },
    /// With the bundled ruleset the row is shaped for when it was scored with another.
    Invalid(Failure, Option<&'static str>),
}

impl Row {
    /// The row of a submission scored for its numbers only (no explanations to build).
    pub fn summary(ids: &[&str], scored: Result<ScoreSummary, Failure>) -> Self {
        match scored {
            Ok(s) => Row::Scored {
                // Fields are evaluated in the order written: the points borrow `s` first.
                points: ids
                    .iter()
                    .zip(s.shown_points())
                    .map(|(id, p)| ((*id).to_owned(), p.map(|p| p.to_string())))
                    .collect(),
                final_score: s.final_score.to_string(),
                warnings: (!s.warnings.is_empty()).then(|| s.warnings_line()),
                grade: s.grade,
                outcome: s.outcome,
            },
            Err(f) => Row::Invalid(f, None),
        }
    }
}

/// Scores submissions on every core into table rows, numbers only (a table shows no
/// explanations); an invalid row shaped for another bundled ruleset is marked so.
pub(crate) fn rows(ruleset: &Ruleset, submissions: &[zonescore::Submission<'_>]) -> Vec<Row> {
    let ids = ruleset.criterion_ids();
    let mut rows = ruleset.summary_each(submissions, |r| Row::summary(&ids, r));
    for (row, submission) in rows.iter_mut().zip(submissions) {
        if let Row::Invalid(_, shaped) = row {
            *shaped = zonescore::shaped_for_another(ruleset, submission.names_ruleset());
        }
    }
    rows
}

/// Result columns of table rows: `final_score`, `grade`, `outcome`, then
/// `points.<criterion id>` for each criterion and bonus item in rule order, then `warnings`
/// (a scored row's warnings in one line, `{zh, en}`, else `None`), then `errors` (an invalid
/// row's errors as core words them for a cell, `{zh, en}`, else `None`).
/// Scores are `Decimal`s.
pub(crate) fn columns<'py>(py: Python<'py>, rows: Vec<Row>, ids: &[&str]) -> PyResult<Bound<'py, PyDict>> {
    let n = rows.len();
    let none = py.None().into_bound(py);
    let decimal = decimal_type(py)?;
    // Scores repeat a lot (0, 2, 4, …): one Decimal object per distinct text.
    let mut decimals: HashMap<String, Bound<'_, PyAny>> = HashMap::new();
    let mut dec = |text: String| -> PyResult<Bound<'_, PyAny>> {
        if let Some(d) = decimals.get(&text) {
            return Ok(d.clone());
        }
        let d = decimal.call1((text.as_str(),))?;
        decimals.insert(text, d.clone());
        Ok(d)
    };
    let mut final_score = Vec::with_capacity(n);
    let mut grade = Vec::with_capacity(n);
    let mut outcome = Vec::with_capacity(n);
    let mut warnings = Vec::with_capacity(n);
    let mut errors = Vec::with_capacity(n);
    // Every criterion has its column, even when no row was scored.
    let mut points: Vec<(String, Vec<Bound<'_, PyAny>>)> =
        ids.iter().map(|id| (format!("points.{id}"), vec![none.clone(); n])).collect();
    let mut column_of: HashMap<String, usize> = ids.iter().enumerate().map(|(i, id)| ((*id).to_owned(), i)).collect();
    for (i, row) in rows.into_iter().enumerate() {
        match row {
            Row::Scored { final_score: f, grade: g, outcome: o, points: p, warnings: w } => {
                final_score.push(dec(f)?);
                grade.push(PyString::new(py, &g).into_any());
                outcome.push(PyString::new(py, &o).into_any());
                warnings.push(match w {
                    Some(w) => serde_to_py(py, &w)?,
                    None => none.clone(),
                });
                errors.push(none.clone());
                for (id, value) in p {
                    let col = match column_of.get(&id) {
                        Some(col) => *col,
                        None => {
                            points.push((format!("points.{id}"), vec![none.clone(); n]));
                            column_of.insert(id, points.len() - 1);
                            points.len() - 1
                        }
                    };
                    if let (Some(cell), Some(value)) =
                        (points.get_mut(col).and_then(|(_, cells)| cells.get_mut(i)), value)
                    {
                        *cell = dec(value)?;
                    }
                }
            }
            Row::Invalid(f, shaped) => {
                final_score.push(none.clone());
                grade.push(none.clone());
                outcome.push(none.clone());
                warnings.push(none.clone());
                errors.push(serde_to_py(py, &f.cell_shaped(shaped))?);
            }
        }
    }
    let out = PyDict::new(py);
    out.set_item("final_score", PyList::new(py, final_score)?)?;
    out.set_item("grade", PyList::new(py, grade)?)?;
    out.set_item("outcome", PyList::new(py, outcome)?)?;
    for (name, cells) in points {
        out.set_item(name, PyList::new(py, cells)?)?;
    }
    out.set_item("warnings", PyList::new(py, warnings)?)?;
    out.set_item("errors", PyList::new(py, errors)?)?;
    Ok(out)
}
