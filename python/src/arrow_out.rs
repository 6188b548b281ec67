//! The results of an Arrow table as an Arrow record batch: exact `decimal128` scores, the
//! grade and outcome codes, and the field errors of a row that could not be scored as text,
//! as the DataFrame path writes them.

use crate::arrow::Scored;
use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, Decimal128Array, RecordBatch};
use arrow_buffer::{NullBufferBuilder, ScalarBuffer};
use arrow_schema::{Field, Schema};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rust_decimal::Decimal;
use std::sync::Arc;

/// An exact decimal column built row by row: every value at the column's largest scale so
/// far (a final score has the rules' rounding places; points keep the digits they have),
/// precision 38. Mantissas go straight into the column's buffer, so a million rows make no
/// copy of it; when a value has more places than the column, the values before are widened.
struct DecimalColumn {
    mantissas: Vec<i128>,
    nulls: NullBufferBuilder,
    scale: u32,
    /// The first value that does not fit `decimal128`.
    unfit: Option<Decimal>,
}

impl DecimalColumn {
    fn with_capacity(n: usize) -> Self {
        Self { mantissas: Vec::with_capacity(n), nulls: NullBufferBuilder::new(n), scale: 0, unfit: None }
    }

    fn push(&mut self, value: Option<Decimal>) {
        let Some(d) = value else {
            self.mantissas.push(0);
            self.nulls.append_null();
            return;
        };
        // Most values have the column's scale already.
        if d.scale() == self.scale {
            self.mantissas.push(d.mantissa());
            self.nulls.append_non_null();
            return;
        }
        if d.scale() > self.scale {
            let by = 10_i128.checked_pow(d.scale() - self.scale);
            for m in &mut self.mantissas {
                match by.and_then(|by| m.checked_mul(by)) {
                    Some(wide) => *m = wide,
                    None => self.unfit = self.unfit.or(Some(d)),
                }
            }
            self.scale = d.scale();
        }
        let wide = 10_i128.checked_pow(self.scale - d.scale()).and_then(|by| d.mantissa().checked_mul(by));
        if wide.is_none() {
            self.unfit = self.unfit.or(Some(d));
        }
        self.mantissas.push(wide.unwrap_or(0));
        self.nulls.append_non_null();
    }

    /// The column, or why it cannot be one (a Rust error, so that it is told without Python).
    fn finish(mut self) -> Result<Decimal128Array, String> {
        if let Some(d) = self.unfit {
            return Err(format!("`{d}` does not fit decimal128"));
        }
        let scale = i8::try_from(self.scale).map_err(|e| e.to_string())?;
        Decimal128Array::try_new(ScalarBuffer::from(self.mantissas), self.nulls.finish())
            .and_then(|a| a.with_precision_and_scale(38, scale))
            .map_err(|e| e.to_string())
    }
}

/// The results batch: `final_score`, `grade`, `outcome`, `points.<criterion>`…, `warnings`
/// (a scored row's warnings in one line) and `errors` (the field errors of an invalid row),
/// as text in `lang`, as the DataFrame path writes them. Each row is written into the columns as it is scored and then dropped, so a
/// batch holds no scored rows besides its columns.
pub(crate) fn results(rows: impl ExactSizeIterator<Item = Scored>, ids: &[&str], lang: &str) -> PyResult<RecordBatch> {
    let n = rows.len();
    let mut final_score = DecimalColumn::with_capacity(n);
    let mut grade = StringBuilder::with_capacity(n, n);
    let mut outcome = StringBuilder::with_capacity(n, n * 8);
    let mut warnings = StringBuilder::new();
    let mut errors = StringBuilder::new();
    let in_lang = |text: zonescore::model::Text| if lang == "en" { text.en } else { text.zh };
    let mut points: Vec<DecimalColumn> = ids.iter().map(|_| DecimalColumn::with_capacity(n)).collect();
    for row in rows {
        match row {
            Ok(s) => {
                for (column, value) in points.iter_mut().zip(s.shown_points()) {
                    column.push(value);
                }
                final_score.push(Some(s.final_score));
                grade.append_value(&s.grade);
                outcome.append_value(&s.outcome);
                match s.warnings.is_empty() {
                    true => warnings.append_null(),
                    false => warnings.append_value(in_lang(s.warnings_line())),
                }
                errors.append_null();
            }
            Err((f, shaped)) => {
                final_score.push(None);
                grade.append_null();
                outcome.append_null();
                warnings.append_null();
                errors.append_value(in_lang(f.cell_shaped(shaped)));
                for column in &mut points {
                    column.push(None);
                }
            }
        }
    }
    let mut fields = Vec::with_capacity(ids.len() + 5);
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(ids.len() + 5);
    let mut push = |name: String, array: ArrayRef| {
        fields.push(Field::new(name, array.data_type().clone(), true));
        arrays.push(array);
    };
    push("final_score".into(), Arc::new(final_score.finish().map_err(PyValueError::new_err)?));
    push("grade".into(), Arc::new(grade.finish()));
    push("outcome".into(), Arc::new(outcome.finish()));
    for (id, column) in ids.iter().zip(points) {
        push(format!("points.{id}"), Arc::new(column.finish().map_err(PyValueError::new_err)?));
    }
    push("warnings".into(), Arc::new(warnings.finish()));
    push("errors".into(), Arc::new(errors.finish()));
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
        // A value wider than decimal128 once widened to the column's scale is refused.
        let wide = decimal_column(vec![d("79228162514264337593543950335"), d("0.0000000000000000000000000001")]);
        assert!(wide.unwrap_err().contains("does not fit decimal128"));
    }

    fn decimal_column(values: Vec<Option<Decimal>>) -> Result<Decimal128Array, String> {
        let mut column = DecimalColumn::with_capacity(values.len());
        values.into_iter().for_each(|v| column.push(v));
        column.finish()
    }
}
