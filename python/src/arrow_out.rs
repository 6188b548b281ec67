//! The results of an Arrow table as an Arrow record batch: exact `decimal128` scores, the
//! grade and outcome codes, and the field errors of a row that could not be scored as text,
//! as the DataFrame path writes them.

use crate::arrow::Scored;
use arrow_array::{ArrayRef, Decimal128Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rust_decimal::Decimal;
use std::sync::Arc;

/// An exact decimal column: every value at the column's largest scale (a final score has
/// the rules' rounding places; points keep the digits they have), precision 38.
fn decimal_column(values: Vec<Option<Decimal>>) -> PyResult<Decimal128Array> {
    let scale = values.iter().flatten().map(Decimal::scale).max().unwrap_or(0);
    let widen = |d: Decimal| -> Option<i128> { d.mantissa().checked_mul(10_i128.checked_pow(scale - d.scale())?) };
    let mantissas: Vec<Option<i128>> = values
        .into_iter()
        .map(|v| v.map(|d| widen(d).ok_or_else(|| PyValueError::new_err(format!("`{d}` does not fit decimal128")))))
        .map(Option::transpose)
        .collect::<PyResult<_>>()?;
    let scale = i8::try_from(scale).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Decimal128Array::from(mantissas)
        .with_precision_and_scale(38, scale)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The results batch: `final_score`, `grade`, `outcome`, `points.<criterion>`…, `errors`
/// (the field errors of an invalid row as text in `lang`, as the DataFrame path writes them).
pub(crate) fn results(rows: Vec<Scored>, ids: &[&str], lang: &str) -> PyResult<RecordBatch> {
    let n = rows.len();
    let mut final_score = Vec::with_capacity(n);
    let mut grade: Vec<Option<String>> = Vec::with_capacity(n);
    let mut outcome: Vec<Option<String>> = Vec::with_capacity(n);
    let mut errors: Vec<Option<String>> = Vec::with_capacity(n);
    let mut points: Vec<Vec<Option<Decimal>>> = ids.iter().map(|_| Vec::with_capacity(n)).collect();
    for row in rows {
        match row {
            Ok(s) => {
                for (column, value) in points.iter_mut().zip(s.shown_points()) {
                    column.push(value);
                }
                final_score.push(Some(s.final_score));
                grade.push(Some(s.grade));
                outcome.push(Some(s.outcome));
                errors.push(None);
            }
            Err(f) => {
                final_score.push(None);
                grade.push(None);
                outcome.push(None);
                let cell = f.cell();
                errors.push(Some(if lang == "en" { cell.en } else { cell.zh }));
                for column in &mut points {
                    column.push(None);
                }
            }
        }
    }
    let mut fields = Vec::with_capacity(ids.len() + 4);
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(ids.len() + 4);
    let mut push = |name: String, array: ArrayRef| {
        fields.push(Field::new(name, array.data_type().clone(), true));
        arrays.push(array);
    };
    push("final_score".into(), Arc::new(decimal_column(final_score)?));
    push("grade".into(), Arc::new(StringArray::from(grade)));
    push("outcome".into(), Arc::new(StringArray::from(outcome)));
    for (id, column) in ids.iter().zip(points) {
        push(format!("points.{id}"), Arc::new(decimal_column(column)?));
    }
    push("errors".into(), Arc::new(StringArray::from(errors)));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| PyValueError::new_err(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;

    #[test]
    fn a_decimal_column_takes_its_largest_scale_and_rounds_nothing() {
        let d = |s: &str| s.parse::<Decimal>().ok();
        let column = decimal_column(vec![d("1.5"), d("2"), None, d("-0.25")]).unwrap();
        assert_eq!(column.scale(), 2);
        assert_eq!(column.value_as_string(0), "1.50");
        assert_eq!(column.value_as_string(1), "2.00");
        assert!(column.is_null(2));
        assert_eq!(column.value_as_string(3), "-0.25");
        assert_eq!(decimal_column(Vec::new()).unwrap().scale(), 0);
    }
}
