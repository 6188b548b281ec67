//! Arrow tables in and out: a pyarrow or polars table is read column by column through
//! the Arrow C data interface (no Python object per cell), scored numbers-only on every
//! core without the GIL, and answered as an Arrow record batch with exact decimals.
//!
//! Cells are read as the DataFrame path reads Python values: a decimal as its exact text, a
//! float as its shortest round-trip text at its own precision (`float32` as `np.float32`), an integer as its digits, a string as a string
//! (the engine reads it as it reads any text value), a null as a missing field. Arrow has
//! real nulls, so a float `NaN` is a value here, and the engine's `not_finite` error. Struct
//! columns are fields of a group (`zone` → `zone.name`, `zone.town`).
//!
//! A row whose cells are all plainly valid goes straight into the engine's typed record
//! (`Ruleset::summarize_row`, the columns matched to fields once per batch); any other row
//! is built as the engine's input tree and scored from it, which words every error.

use crate::{ruleset_for, RulesetCore};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Decimal256Type, Decimal32Type, Decimal64Type, Float16Type, Float32Type, Float64Type, Int16Type,
    Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_buffer::NullBuffer;
use arrow_pyarrow::{FromPyArrow, Table, ToPyArrow};
use pyo3::prelude::*;
use rust_decimal::Decimal;
use zonescore::input::dotted_to_pointer;
use zonescore::{FieldError, Input, RowColumns, RowValue, Ruleset, ScoreSummary};

/// Writes the text of a column's cell `i` into a buffer (numbers as their exact text).
type Cell<'a> = Box<dyn Fn(usize, &mut String) + Send + Sync + 'a>;

/// How one column's cells become engine input.
enum Cells<'a> {
    /// Integers, exact as they are.
    Whole(Box<dyn Fn(usize) -> Decimal + Send + Sync + 'a>),
    /// Binary floating point, read through its shortest round-trip text.
    Float(Box<dyn Fn(usize) -> f64 + Send + Sync + 'a>),
    /// Arrow decimals, by their exact text; `float32` and `float16`, by their shortest text.
    Number(Cell<'a>),
    /// Strings, borrowed from the column.
    Text(Box<dyn Fn(usize) -> &'a str + Send + Sync + 'a>),
    Bool(Box<dyn Fn(usize) -> bool + Send + Sync + 'a>),
    /// A column of a type that has no JSON shape (dates, lists, binary): its Arrow type.
    Unsupported(String),
}

/// A column that holds one field: its dotted path, its cells and where they are null
/// (its own nulls and those of the struct columns it sits in).
struct Leaf<'a> {
    name: String,
    pointer: String,
    cells: Cells<'a>,
    nulls: Option<NullBuffer>,
}

fn cells(a: &dyn Array) -> Cells<'_> {
    macro_rules! columns {
        ($kind:ident: $($t:ty => $cell:expr),* $(,)?) => {
            $(if let Some(p) = a.as_primitive_opt::<$t>() {
                return Cells::$kind(Box::new(move |i| $cell(p.value(i))));
            })*
        };
    }
    columns!(Float: Float64Type => f64::from);
    // Narrower floats by their own shortest text (`1.06` as a float32 is 1.059999942779541
    // as a double); NaN and infinities are texts the engine refuses as `not_finite`.
    if let Some(p) = a.as_primitive_opt::<Float32Type>() {
        return Cells::Number(Box::new(move |i, out: &mut String| {
            out.push_str(&zonescore::input::f32_input(p.value(i)))
        }));
    }
    if let Some(p) = a.as_primitive_opt::<Float16Type>() {
        return Cells::Number(Box::new(move |i, out: &mut String| {
            out.push_str(&zonescore::input::f16_input(p.value(i).to_bits()))
        }));
    }
    columns!(Whole:
        Int64Type => Decimal::from, Int32Type => Decimal::from, Int16Type => Decimal::from, Int8Type => Decimal::from,
        UInt64Type => Decimal::from, UInt32Type => Decimal::from, UInt16Type => Decimal::from, UInt8Type => Decimal::from,
    );
    macro_rules! decimals {
        ($($t:ty),*) => {
            $(if let Some(p) = a.as_primitive_opt::<$t>() {
                return Cells::Number(Box::new(move |i, out: &mut String| out.push_str(&p.value_as_string(i))));
            })*
        };
    }
    decimals!(Decimal128Type, Decimal256Type, Decimal64Type, Decimal32Type);
    if let Some(b) = a.as_boolean_opt() {
        return Cells::Bool(Box::new(move |i| b.value(i)));
    }
    if let Some(s) = a.as_string_opt::<i32>() {
        return Cells::Text(Box::new(move |i| s.value(i)));
    }
    if let Some(s) = a.as_string_opt::<i64>() {
        return Cells::Text(Box::new(move |i| s.value(i)));
    }
    if let Some(s) = a.as_string_view_opt() {
        return Cells::Text(Box::new(move |i| s.value(i)));
    }
    if let Some(d) = a.as_any_dictionary_opt() {
        // A categorical column (pandas `category`, polars `Categorical`): the value its key names.
        let keys = d.normalized_keys();
        let at = move |i: usize| keys.get(i).copied().unwrap_or_default();
        return match cells(d.values().as_ref()) {
            Cells::Whole(f) => Cells::Whole(Box::new(move |i| f(at(i)))),
            Cells::Float(f) => Cells::Float(Box::new(move |i| f(at(i)))),
            Cells::Number(f) => Cells::Number(Box::new(move |i, out: &mut String| f(at(i), out))),
            Cells::Text(f) => Cells::Text(Box::new(move |i| f(at(i)))),
            Cells::Bool(f) => Cells::Bool(Box::new(move |i| f(at(i)))),
            Cells::Unsupported(t) => Cells::Unsupported(format!("dictionary<{t}>")),
        };
    }
    Cells::Unsupported(a.data_type().to_string())
}

fn leaves<'a>(name: String, array: &'a ArrayRef, parent: Option<&NullBuffer>, out: &mut Vec<Leaf<'a>>) {
    let nulls = NullBuffer::union(parent, array.logical_nulls().as_ref());
    if let Some(group) = array.as_struct_opt() {
        for (field, child) in group.fields().iter().zip(group.columns()) {
            leaves(format!("{name}.{}", field.name()), child, nulls.as_ref(), out);
        }
        return;
    }
    out.push(Leaf { pointer: dotted_to_pointer(&name), name, cells: cells(array.as_ref()), nulls });
}

/// The tree a row's cells fill: groups by name, fields by column (`zone.name` is column 0
/// inside the group `zone`), so a row is built without splitting or searching names.
enum Node {
    Field(usize),
    Group(Vec<(String, Node)>),
}

/// The tree of the columns, or `None` when names clash (`zone` and `zone.name`, a name
/// twice): [`Input::from_flat`] then decides, as it does for a DataFrame.
fn template(columns: &[Leaf<'_>]) -> Option<Vec<(String, Node)>> {
    let mut root = Vec::new();
    for (column, leaf) in columns.iter().enumerate() {
        let mut members = &mut root;
        let mut segments = leaf.name.split('.').peekable();
        while let Some(segment) = segments.next() {
            let at = members.iter().position(|(k, _)| k == segment);
            if segments.peek().is_none() {
                if at.is_some() {
                    return None;
                }
                members.push((segment.to_owned(), Node::Field(column)));
                break;
            }
            let at = at.unwrap_or_else(|| {
                members.push((segment.to_owned(), Node::Group(Vec::new())));
                members.len() - 1
            });
            match members.get_mut(at) {
                Some((_, Node::Group(children))) => members = children,
                _ => return None,
            }
        }
    }
    Some(root)
}

/// One cell as engine input; `None` when it is empty or of no JSON shape (then an error).
fn cell(leaf: &Leaf<'_>, i: usize, errors: &mut Vec<FieldError>) -> Option<Input> {
    if leaf.nulls.as_ref().is_some_and(|n| n.is_null(i)) {
        return None;
    }
    let text = |f: &Cell<'_>| {
        let mut out = String::new();
        f(i, &mut out);
        out
    };
    Some(match &leaf.cells {
        Cells::Whole(f) => Input::Number(f(i).to_string()),
        Cells::Float(f) => Input::Number(zonescore::input::float_input(f(i))),
        Cells::Number(f) => Input::Number(text(f)),
        Cells::Text(f) if zonescore::input::is_blank_text(f(i)) => return None,
        Cells::Text(f) => Input::String(f(i).to_owned()),
        Cells::Bool(b) => Input::Bool(b(i)),
        // `meta` holds the submission's own notes, which nothing reads: a column of dates
        // there is passed over, not an error on every row (pandas keeps it as ISO text).
        Cells::Unsupported(_) if leaf.pointer == "/meta" || leaf.pointer.starts_with("/meta/") => return None,
        Cells::Unsupported(t) => {
            errors.push(unsupported_column(&leaf.pointer, t));
            return None;
        }
    })
}

/// A cell of an Arrow type that has no JSON shape: core's `unsupported_value` for a column.
fn unsupported_column(pointer: &str, arrow_type: &str) -> FieldError {
    zonescore::host_error(pointer, zonescore::HostProblem::UnsupportedColumn { arrow_type })
}

/// Members of a group in one row; groups with no filled field are left out, as an empty
/// cell is.
fn fill(
    members: &[(String, Node)],
    columns: &[Leaf<'_>],
    i: usize,
    errors: &mut Vec<FieldError>,
) -> Vec<(String, Input)> {
    let mut out = Vec::with_capacity(members.len());
    for (key, node) in members {
        let value = match node {
            Node::Field(c) => columns.get(*c).and_then(|leaf| cell(leaf, i, errors)),
            Node::Group(children) => {
                Some(fill(children, columns, i, errors)).filter(|m| !m.is_empty()).map(Input::Object)
            }
        };
        if let Some(value) = value {
            out.push((key.clone(), value));
        }
    }
    out
}

/// One row as the engine's input, or the cells of no JSON shape it holds.
fn read_row(columns: &[Leaf<'_>], tree: Option<&[(String, Node)]>, i: usize) -> Result<Input, Vec<FieldError>> {
    let mut errors = Vec::new();
    let input = match tree {
        Some(tree) => Input::Object(fill(tree, columns, i, &mut errors)),
        None => Input::from_flat(
            columns
                .iter()
                .filter_map(|leaf| Some((leaf.name.clone(), cell(leaf, i, &mut errors)?)))
                .collect::<Vec<_>>(),
        ),
    };
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(errors)
    }
}

/// A row's numbers, or why it could not be scored and the bundled ruleset it is shaped for
/// when it was scored with another.
pub(crate) type Scored = Result<ScoreSummary, (zonescore::Failure, Option<&'static str>)>;

/// One row read straight into the engine's typed record (the cells' texts written into
/// `texts`, one buffer per column, kept from row to row); `None` leaves the row to its tree,
/// which words every error.
fn summarize_cells(
    ruleset: &Ruleset,
    direct: &RowColumns,
    columns: &[Leaf<'_>],
    texts: &mut [String],
    i: usize,
) -> Option<ScoreSummary> {
    let empty = |leaf: &Leaf<'_>| leaf.nulls.as_ref().is_some_and(|n| n.is_null(i));
    // Decimal columns' texts first, into their buffers; then the row borrows them.
    for (leaf, text) in columns.iter().zip(texts.iter_mut()) {
        if let Cells::Number(f) = &leaf.cells {
            text.clear();
            if !empty(leaf) {
                f(i, text);
            }
        }
    }
    let mut row = Vec::with_capacity(columns.len());
    for (leaf, text) in columns.iter().zip(texts.iter()) {
        row.push(match &leaf.cells {
            _ if empty(leaf) => RowValue::Empty,
            Cells::Whole(f) => RowValue::Decimal(f(i)),
            // NaN, infinities and values past the engine's limits go to the tree.
            Cells::Float(f) => RowValue::Decimal(zonescore::input::float_value(f(i))?),
            Cells::Number(_) => RowValue::Number(text),
            Cells::Text(f) => RowValue::Text(f(i)),
            Cells::Bool(b) => RowValue::Bool(b(i)),
            Cells::Unsupported(_) => return None,
        });
    }
    ruleset.summarize_row(direct, &row)
}

/// The rows' answers, scored one at a time as they are taken.
fn score_range<'a, 'b: 'a>(
    ruleset: &'a Ruleset,
    columns: &'a [Leaf<'b>],
    rows: std::ops::Range<usize>,
) -> impl ExactSizeIterator<Item = Scored> + use<'a, 'b> {
    let tree = template(columns);
    let names: Vec<&str> = columns.iter().map(|leaf| leaf.name.as_str()).collect();
    let direct = ruleset.row_columns(&names);
    let mut texts = vec![String::new(); columns.len()];
    rows.map(move |i| {
        if direct.direct() {
            if let Some(summary) = summarize_cells(ruleset, &direct, columns, &mut texts, i) {
                return Ok(summary);
            }
        }
        match read_row(columns, tree.as_deref(), i) {
            Err(errors) => Err((ruleset.unreadable(errors), None)),
            Ok(input) => ruleset.score_summary(&input).map_err(|f| {
                let shaped = zonescore::shaped_for_another(ruleset, zonescore::detect_ruleset(&input));
                (f, shaped)
            }),
        }
    })
}

/// Scores the rows of one batch on every core, each core writing the results of its rows
/// as a record batch (so that building the answer's columns is shared too); the batches
/// keep the rows' order.
fn score_rows(ruleset: &Ruleset, columns: &[Leaf<'_>], height: usize, lang: &str) -> PyResult<Vec<RecordBatch>> {
    let ids = ruleset.criterion_ids();
    let part =
        |rows: std::ops::Range<usize>| crate::arrow_out::results(score_range(ruleset, columns, rows), &ids, lang);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 || height < 256 {
        return Ok(vec![part(0..height)?]);
    }
    let chunk = height.div_ceil(threads);
    std::thread::scope(|scope| {
        let part = &part;
        let parts: Vec<_> = (0..height)
            .step_by(chunk)
            .map(|start| {
                let rows = start..(start + chunk).min(height);
                (rows.clone(), scope.spawn(move || part(rows)))
            })
            .collect();
        // No code here panics; were a worker ever to, its rows are scored again here.
        parts.into_iter().map(|(rows, h)| h.join().unwrap_or_else(|_| part(rows))).collect()
    })
}

/// The leaves of a batch's columns, named by their dotted paths (a column named by a JSON
/// pointer, `/zone/name`, by the path it points to).
fn columns_of<'a>(names: &[String], batch: &'a RecordBatch) -> Vec<Leaf<'a>> {
    let mut out = Vec::new();
    for (name, array) in names.iter().zip(batch.columns()) {
        leaves(zonescore::input::field_dotted(name).into_owned(), array, None, &mut out);
    }
    out
}

/// The ruleset a table is scored with: the given one, or the one its first row naming one
/// names (core's rule for every batch). A table whose columns clash is refused first.
fn ruleset_of(
    py: Python<'_>,
    names: &[String],
    batches: &[RecordBatch],
    ruleset: Option<&RulesetCore>,
) -> PyResult<Ruleset> {
    if let Some(b) = batches.first() {
        let leaves: Vec<String> = columns_of(names, b).into_iter().map(|leaf| leaf.name).collect();
        crate::check_columns(py, &leaves)?;
    }
    let first = batches.iter().find_map(|b| {
        let c = columns_of(names, b);
        let template = template(&c);
        let named = |tree: &Input| zonescore::detect_ruleset(tree).is_some();
        (0..b.num_rows()).find_map(|r| read_row(&c, template.as_deref(), r).ok().filter(named))
    });
    ruleset_for(py, ruleset, first.as_ref().map(zonescore::Submission::Tree))
}

/// [`ruleset_of`] for a table scored in slices: the ruleset the whole table is scored with.
#[pyfunction]
#[pyo3(signature = (table, ruleset = None))]
pub(crate) fn arrow_ruleset(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    ruleset: Option<&RulesetCore>,
) -> PyResult<RulesetCore> {
    let (batches, schema) = Table::from_pyarrow_bound(table)?.into_inner();
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    Ok(RulesetCore { inner: ruleset_of(py, &names, &batches, ruleset)? })
}

/// Scores an Arrow table (anything with `__arrow_c_stream__`: a pyarrow `Table`, a polars
/// `DataFrame`) whose columns are dotted field paths or struct columns of groups; returns
/// the results as `pyarrow.RecordBatch`es (at least one), one row per input row, in order.
/// A decimal column of one batch may have a smaller scale than the same column of another.
#[pyfunction]
#[pyo3(signature = (table, ruleset = None, lang = "zh"))]
pub(crate) fn score_arrow<'py>(
    py: Python<'py>,
    table: &Bound<'py, PyAny>,
    ruleset: Option<&RulesetCore>,
    lang: &str,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let lang = crate::options::check_lang(py, lang)?;
    let (batches, schema) = Table::from_pyarrow_bound(table)?.into_inner();
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let rules = ruleset_of(py, &names, &batches, ruleset)?;
    let scored = py.detach(|| -> PyResult<Vec<RecordBatch>> {
        let mut all = Vec::new();
        for batch in batches.iter().filter(|b| b.num_rows() > 0) {
            all.extend(score_rows(&rules, &columns_of(&names, batch), batch.num_rows(), lang)?);
        }
        if all.is_empty() {
            all.push(crate::arrow_out::results(Vec::<Scored>::new().into_iter(), &rules.criterion_ids(), lang)?);
        }
        Ok(all)
    })?;
    scored.iter().map(|b| b.to_pyarrow(py)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Float64Array, StringArray};
    use std::sync::Arc;

    fn leaves_of<'a>(names: &[&str], arrays: &'a [ArrayRef]) -> Vec<Leaf<'a>> {
        let mut out = Vec::new();
        for (name, array) in names.iter().zip(arrays) {
            leaves((*name).to_owned(), array, None, &mut out);
        }
        out
    }

    #[test]
    fn a_row_is_the_tree_from_flat_builds() {
        let arrays: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(vec![Some("瓯北"), None])),
            Arc::new(Float64Array::from(vec![Some(0.1), Some(f64::NAN)])),
            Arc::new(StringArray::from(vec![Some("永嘉"), None])),
        ];
        let names = ["zone.name", "quality.rate", "zone.town"];
        let columns = leaves_of(&names, &arrays);
        let tree = template(&columns);
        assert!(tree.is_some());
        for i in 0..2 {
            let flat = read_row(&columns, None, i).unwrap();
            assert_eq!(read_row(&columns, tree.as_deref(), i).unwrap(), flat);
        }
        let first = read_row(&columns, tree.as_deref(), 0).unwrap();
        assert_eq!(first.get("quality").and_then(|q| q.get("rate")), Some(&Input::Number("0.1".into())));
        // A null is left out, with its group when nothing else is in it; NaN is a value.
        let second = read_row(&columns, tree.as_deref(), 1).unwrap();
        assert_eq!(second.get("zone"), None);
        assert_eq!(second.get("quality").and_then(|q| q.get("rate")), Some(&Input::Number("NaN".into())));
    }

    #[test]
    fn clashing_names_leave_the_row_to_from_flat() {
        let arrays: Vec<ArrayRef> =
            vec![Arc::new(StringArray::from(vec!["x"])), Arc::new(StringArray::from(vec!["y"]))];
        assert!(template(&leaves_of(&["zone", "zone.name"], &arrays)).is_none());
        assert!(template(&leaves_of(&["zone.name", "zone.name"], &arrays)).is_none());
    }
}
