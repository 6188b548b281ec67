//! Spreadsheet rows as submissions: cells read by field (numbers through their shortest
//! round-trip text, typed text leniently), and the field list a template is made from.

use crate::api::Ruleset;
use crate::compile::Member;
use crate::input::{dotted_to_pointer, Input};
use crate::model::{ConstraintOp, EnumValue, FieldType, Text};
use crate::report::Answer;
use crate::validate::FieldError;
use rust_decimal::Decimal;

/// One spreadsheet cell as a reader library gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in it: the field is missing.
    Empty,
    /// A number stored as a binary float, read through its shortest round-trip text
    /// (`94.6`, not `94.59999999999999`), as Python floats are.
    Number(f64),
    /// Text, read as [`Ruleset::read_typed`] reads it (`94.6%`, `是`, `阀门`, `1,180,000`).
    Text(String),
    /// A TRUE/FALSE cell.
    Bool(bool),
    /// A number in a cell formatted as a percentage, as the cell keeps it: Excel keeps
    /// `94.6%` as 0.946. A percent field reads it as shown (94.6, exactly); any other field
    /// as the number kept.
    Percent(f64),
    /// A formula (`=1+1`, as typed) whose result the workbook does not hold: a
    /// program that writes workbooks without calculating them (openpyxl, a script) leaves
    /// it out until Excel or WPS opens and saves the file, or keeps a placeholder (XlsxWriter
    /// keeps 0) in a workbook marked to be calculated when opened. It is an error
    /// (`unreadable_text`), never an empty cell or the placeholder: the field was filled.
    Formula(String),
    /// An error value a formula gave (`#DIV/0!`, `#N/A`), as Excel shows it: an error
    /// (`unreadable_text`) in any field, never read as the field's text.
    Error(String),
    /// A date or a time as Excel shows it (`1900-04-04`, `12:30:00`): Excel keeps what was
    /// typed into a cell formatted as a date (or taken for one, `4/4`) as a day count. No
    /// field is a date, so it is an error (`unreadable_text`) in any field, never the count.
    Date(String),
    /// A cell merged into another (`N14:N15`, this one N15): a workbook keeps the value in
    /// the first cell alone, though every row shows it. An error (`unreadable_text`), never
    /// read as empty (the row would lose a value it shows) nor as the first cell's value (a
    /// guess at what the merge meant).
    Merged(String),
}

/// What a row of cells reads as.
#[derive(Debug, Clone, PartialEq)]
pub struct CellsReading {
    /// The submission tree, without the cells that could not be read.
    pub submission: Input,
    /// Why a cell could not be read, by its dotted path; its value is left out of
    /// `submission`. Problems of values that were read (a range, a missing field) are
    /// found when the submission is validated.
    pub errors: Vec<(String, FieldError)>,
}

/// Two columns of a table whose dotted paths cannot both be read into one submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnClash {
    /// The earlier column's place.
    pub first: usize,
    /// The later column's place.
    pub second: usize,
    /// `false`: the same path twice, so which cell counts would depend on the columns'
    /// order. `true`: one path lies inside the other's field (`zone.name` and
    /// `zone.name.en`), so one of the two cells would be lost: a value is not a group.
    pub nested: bool,
}

impl ColumnClash {
    /// The first clash among a table's column paths, in column order; `None` when every
    /// column can be read.
    pub fn find<S: AsRef<str>>(paths: &[S]) -> Option<Self> {
        let inside = |outer: &str, inner: &str| inner.strip_prefix(outer).is_some_and(|rest| rest.starts_with('.'));
        for (second, b) in paths.iter().enumerate() {
            for (first, a) in paths.iter().enumerate().take(second) {
                let (a, b) = (a.as_ref(), b.as_ref());
                if a == b {
                    return Some(Self { first, second, nested: false });
                }
                if inside(a, b) || inside(b, a) {
                    return Some(Self { first, second, nested: true });
                }
            }
        }
        None
    }

    /// Why, in both languages, with `place` naming a column (`A 列` / `column A`, or a
    /// column's name); a face says before it where the table is.
    pub fn message<S: AsRef<str>>(&self, paths: &[S], place: impl Fn(usize) -> Text) -> Text {
        let path = |i: usize| paths.get(i).map_or("", AsRef::as_ref).to_owned();
        let (a, b) = (place(self.first), place(self.second));
        if !self.nested {
            let p = path(self.first);
            return Text::new(
                format!("字段路径 {p} 出现两次（{}、{}）：请删除其中一列", a.zh, b.zh),
                format!("the field path {p} appears twice ({} and {}): delete one of them", a.en, b.en),
            );
        }
        // The shorter path is the field the longer one lies inside.
        let ((outer, o), (inner, i)) = if path(self.first).len() < path(self.second).len() {
            ((path(self.first), a), (path(self.second), b))
        } else {
            ((path(self.second), b), (path(self.first), a))
        };
        Text::new(
            format!("字段路径 {inner}（{}）在 {outer}（{}）之内：一个单元格不能既是值又是字段组，请删除或改正其中一列", i.zh, o.zh),
            format!(
                "the field path {inner} ({}) lies inside {outer} ({}): a value cannot also be a group; delete or correct one of them",
                i.en, o.en
            ),
        )
    }
}

/// A submission field as a form or a template shows it.
#[derive(Debug, Clone)]
pub struct FormField {
    /// Dotted path (`quality.spot_check_pass_rate_pct`).
    pub path: String,
    /// JSON pointer (`/quality/spot_check_pass_rate_pct`).
    pub pointer: String,
    /// The field's type.
    pub field_type: FieldType,
    /// Label in both languages.
    pub label: Text,
    /// Help text in both languages.
    pub help: Option<Text>,
    /// Unit in both languages.
    pub unit: Option<Text>,
    /// Whether the submission is invalid without it.
    pub required: bool,
    /// Effective bounds, those a type implies included (a percent is 0 to 100).
    pub min: Option<Decimal>,
    /// Largest allowed value.
    pub max: Option<Decimal>,
    /// Longest text, in characters.
    pub max_length: usize,
    /// Allowed codes of an enum, with their labels.
    pub values: Vec<EnumValue>,
    /// Title of the top-level group the field is in (`C 质量水平`), if declared.
    pub group: Option<Text>,
    /// Title of the innermost group the field is in, when it is not the top-level one
    /// (`主导或参与制修订的标准`).
    pub subgroup: Option<Text>,
}

/// A cross-field constraint as a form explains it: `left op right`.
#[derive(Debug, Clone)]
pub struct FormConstraint {
    /// Identifier (`output_within_town`).
    pub id: String,
    /// The field on the left.
    pub left: FormField,
    /// Comparison.
    pub op: ConstraintOp,
    /// The field on the right.
    pub right: FormField,
}

impl Ruleset {
    /// The submission's fields in form order (each group's members as declared), with
    /// the titles of the groups they are in.
    pub fn form_fields(&self) -> Vec<FormField> {
        let mut out = Vec::new();
        self.collect_fields(&self.compiled().root, None, &mut out);
        out
    }

    fn collect_fields(&self, group: &crate::compile::Group, top: Option<&Text>, out: &mut Vec<FormField>) {
        let here = group.label.as_ref().map(|(label, _)| label);
        for (_, member) in &group.members {
            match member {
                Member::Leaf(i) => {
                    let Some(f) = self.compiled().fields.get(*i) else { continue };
                    let d = &f.decl;
                    let (group, subgroup) = match (top, here) {
                        (Some(t), Some(h)) if t != h => (Some(t.clone()), Some(h.clone())),
                        (Some(t), _) => (Some(t.clone()), None),
                        (None, h) => (h.cloned(), None),
                    };
                    out.push(FormField {
                        path: d.path.clone(),
                        pointer: f.pointer.clone(),
                        field_type: d.field_type,
                        label: d.title.clone(),
                        help: d.help.clone(),
                        unit: d.unit.clone(),
                        required: d.required,
                        min: f.min,
                        max: f.max,
                        max_length: f.max_length,
                        values: d.values.clone(),
                        group,
                        subgroup,
                    });
                }
                Member::Group(inner) => {
                    let outer = if group.pointer.is_empty() { inner.label.as_ref().map(|(l, _)| l) } else { top };
                    self.collect_fields(inner, outer, out);
                }
            }
        }
    }

    /// The cross-field constraints, with both fields.
    pub fn form_constraints(&self) -> Vec<FormConstraint> {
        let fields = self.form_fields();
        let by_pointer = |p: &str| fields.iter().find(|f| f.pointer == p).cloned();
        self.compiled()
            .constraints
            .iter()
            .filter_map(|c| {
                let left = by_pointer(&self.compiled().fields.get(c.left)?.pointer)?;
                let right = by_pointer(&self.compiled().fields.get(c.right)?.pointer)?;
                Some(FormConstraint { id: c.model.id.clone(), left, op: c.op, right })
            })
            .collect()
    }

    /// Reads a row of cells, each by its field's dotted path, into a submission tree.
    pub fn read_cells(&self, cells: &[(String, Cell)]) -> CellsReading {
        let mut submission = Input::Object(Vec::new());
        let mut errors = Vec::new();
        for (path, cell) in cells {
            match self.read_cell(path, cell) {
                Ok(Some(value)) => submission.set(path, Some(value)),
                Ok(None) => {}
                Err(e) => errors.extend(e.into_iter().map(|e| (path.clone(), e))),
            }
        }
        CellsReading { submission, errors }
    }

    /// Reads a row of cells and scores it: the answer of [`Ruleset::score`] on the tree,
    /// with the cells that could not be read among the errors (and not also as missing).
    pub fn score_cells(&self, cells: &[(String, Cell)]) -> Answer {
        let reading = self.read_cells(cells);
        let unread: Vec<FieldError> = reading.errors.into_iter().map(|(_, e)| e).collect();
        self.answer_to(crate::Submission::Cells(&reading.submission, &unread))
    }

    /// [`Ruleset::score_cells`] as the canonical JSON answer at the chosen detail and languages.
    pub fn score_cells_json_with(&self, cells: &[(String, Cell)], options: &crate::ScoreOptions) -> String {
        match self.score_cells(cells) {
            Answer::Success(_) if options.detail != crate::Detail::Full => {
                self.answer_json(&self.read_cells(cells).submission, options)
            }
            answer => answer.to_json(options.lang),
        }
    }

    fn read_cell(&self, path: &str, cell: &Cell) -> Result<Option<Input>, Vec<FieldError>> {
        let pointer = dotted_to_pointer(path);
        let field_type = self.compiled().fields.iter().find(|f| f.pointer == pointer).map(|f| f.decl.field_type);
        let notes = path == "meta" || path.starts_with("meta.");
        match cell {
            Cell::Empty => Ok(None),
            Cell::Text(t) if crate::input::is_blank_text(t) => Ok(None),
            Cell::Text(t) | Cell::Date(t) if notes => Ok(Some(Input::String(t.clone()))),
            // The validator names it (`not_finite`, or `wrong_type` where no number belongs).
            Cell::Number(n) if !n.is_finite() => {
                let text = if n.is_nan() { "NaN" } else { "Infinity" };
                Err(self.compiled().check_one(&pointer, &Input::Number(text.into())))
            }
            Cell::Number(n) if notes || field_type.is_some_and(FieldType::is_numeric) => {
                Ok(Some(Input::Number(crate::input::float_input(*n))))
            }
            Cell::Number(n) => self.typed(&pointer, &format!("{n}")),
            // Shown times 100: the percentage typed (0.946 is 94.6%), every digit kept.
            Cell::Percent(n) if field_type == Some(FieldType::Percent) => {
                match crate::input::float_value(*n).and_then(|d| d.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)) {
                    Some(shown) => Ok(Some(Input::Number(shown.normalize().to_string()))),
                    None => self.read_cell(path, &Cell::Number(*n)),
                }
            }
            Cell::Percent(n) => self.read_cell(path, &Cell::Number(*n)),
            Cell::Text(t) => self.typed(&pointer, t),
            Cell::Bool(b) if notes || field_type == Some(FieldType::Bool) => Ok(Some(Input::Bool(*b))),
            Cell::Bool(b) => match self.compiled().check_one(&pointer, &Input::Bool(*b)) {
                errors if errors.is_empty() => Ok(Some(Input::Bool(*b))),
                errors => Err(errors),
            },
            Cell::Formula(text) => {
                let reason = Text::new(
                    format!("「{text}」是公式，工作簿中没有保存它的结果：请在 Excel 或 WPS 中打开并保存工作簿，或直接填写数值"),
                    format!(
                        "“{text}” is a formula whose result the workbook does not hold: open and save the workbook in \
                         Excel or WPS, or type the value"
                    ),
                );
                Err(unreadable(pointer, text.clone(), field_type, reason))
            }
            Cell::Error(shown) => {
                let reason = Text::new(
                    format!("「{shown}」是 Excel 的错误值：请改正单元格的公式，或直接填写数值"),
                    format!("“{shown}” is an Excel error value: mend the cell's formula, or type the value"),
                );
                Err(unreadable(pointer, shown.clone(), field_type, reason))
            }
            Cell::Merged(cells) => {
                let first = cells.split(':').next().unwrap_or_default();
                let reason = Text::new(
                    format!("此单元格属于合并单元格 {cells}，值只保存在 {first}：请取消合并，在每一行分别填写"),
                    format!("this cell is merged into {cells}, whose value is kept in {first} alone: unmerge the cells and fill in each row"),
                );
                Err(unreadable(pointer, cells.clone(), field_type, reason))
            }
            Cell::Date(shown) => {
                let reason = Text::new(
                    format!("「{shown}」是日期或时间：Excel 把填写的内容当作了日期。请把单元格格式设为“常规”或“数值”，再重新填写"),
                    format!(
                        "“{shown}” is a date or a time: Excel took what was typed for a date. Format the cell as \
                         General or Number, and type the value again"
                    ),
                );
                Err(unreadable(pointer, shown.clone(), field_type, reason))
            }
        }
    }

    fn typed(&self, pointer: &str, text: &str) -> Result<Option<Input>, Vec<FieldError>> {
        match self.compiled().read_typed_value(pointer, text) {
            // Problems of a value that was read are found again when the tree is validated.
            (Some(value), _) => Ok(Some(value)),
            (None, reading) if reading.errors.is_empty() => Ok(None),
            (None, reading) => Err(reading.errors),
        }
    }
}

/// A cell no field can read, with why.
fn unreadable(pointer: String, text: String, field_type: Option<FieldType>, reason: Text) -> Vec<FieldError> {
    let expected = field_type.map_or("text", FieldType::name);
    vec![FieldError::new(crate::validate::FieldErrorKind::UnreadableText { text, expected, reason }, pointer, None)]
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
