//! Every code a rule-file diagnostic can have, each with the help shown when its site adds none.
//
// A code is the stable contract (editors and scripts match on it; the answer schema lists
// them); the message is written where the problem is found, because the same code reads
// differently at each site (an unknown name in an expression, in a constraint, in a goal).
// So the kind here is the code and its default help, and `Diagnostic` can only be made
// from one: no diagnostic leaves the engine with a code the engine does not know.

use schemars::JsonSchema;
use serde::Serialize;
use std::fmt;

/// The `code` of a rule-file diagnostic.
// Serialised through `as_str` rather than derived, so the browser's module holds one table
// of the codes, not two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, JsonSchema)]
#[schemars(rename_all = "snake_case")]
pub enum DiagnosticCode {
    /// The file cannot be read.
    Unreadable,
    /// The file is not UTF-8 text.
    InvalidUtf8,
    /// The file is larger than 4 MB.
    TooLarge,
    /// The file is empty.
    Empty,
    /// The file is not valid TOML or JSON, or a value has the wrong type.
    InvalidRuleFile,
    /// The file nests deeper than the reader allows.
    TooDeep,
    /// A TOML file given to a build that reads JSON only.
    TomlUnsupported,
    /// A `format_version` this build does not read.
    UnsupportedFormatVersion,
    /// A format 1 file says something format 2 cannot.
    CannotMigrate,
    /// A number with more digits than a float keeps.
    InexactNumber,
    /// A bundled ruleset id that does not exist.
    UnknownRuleset,
    /// A required key is absent.
    MissingKey,
    /// A key the format does not have, or one another part kind takes.
    UnknownField,
    /// An id, field path or key written more than once.
    DuplicateId,
    /// A field declared more than once.
    DuplicateField,
    /// A key written more than once in the same table.
    DuplicateKey,
    /// An id that is not lowercase letters, digits, `-` and `_`.
    InvalidId,
    /// A field path that is not lowercase words joined by `.`.
    InvalidPath,
    /// A field path the engine keeps for itself.
    ReservedPath,
    /// An expression that cannot be parsed.
    ExprSyntax,
    /// An expression longer than the limit.
    ExprTooLong,
    /// An expression nested deeper than the limit.
    ExprTooDeep,
    /// A function that does not exist.
    UnknownFunction,
    /// A function called with the wrong arguments.
    BadCall,
    /// A name that is not a declared field path, derived value or result.
    UnknownName,
    /// Parts of an expression of types that do not go together.
    TypeMismatch,
    /// Derived values that read each other in a loop.
    Cycle,
    /// A constraint that is not a comparison of two values.
    InvalidConstraint,
    /// An enum field without values.
    EnumWithoutValues,
    /// Values declared on a field that is not an enum.
    ValuesOnNonEnum,
    /// An enum value the field does not declare.
    UnknownEnumValue,
    /// `min`, `max` or `step` on a field that is not a number.
    BoundOnNonNumber,
    /// A field's `min` above its `max`.
    EmptyRange,
    /// A `step` that is not a positive number fitting the field.
    BadStep,
    /// A default that is not a value of its field.
    BadDefault,
    /// A value outside the range the format allows.
    OutOfRange,
    /// A band that can never be reached, given the bands above it.
    UnreachableBand,
    /// Grades whose last has a `min`, or outcomes whose last has a `when`: some submissions
    /// would get none.
    NoFallback,
    /// Points above the criterion's maximum.
    PointsExceedMax,
    /// A criterion without a `max`.
    MissingMax,
    /// A criterion without parts.
    NoParts,
    /// A list of fields that names none that exist.
    NoSuchFields,
    /// A derived value or notice without what it reads.
    MissingSource,
    /// A clause ID not written like `§5.2.3`.
    InvalidClause,
    /// A clause ID that `[[clauses]]` does not list.
    UnknownClause,
    /// A criterion, gate or veto that cites no clause (`clause = []`).
    NoClause,
    /// A clause listed as scored that no rule cites.
    CitedAndUnscored,
    /// A date that is not `YYYY-MM-DD`.
    InvalidDate,
    /// An effective period that ends before it starts.
    InvalidPeriod,
    /// A goal over years outside the effective period.
    InvalidGoal,
    /// Read by an expression whose own definition has errors; reported there, never here.
    #[schemars(skip)]
    DependsOnError,
}

impl DiagnosticCode {
    /// The code as the answer writes it (`unknown_name`).
    pub fn as_str(self) -> &'static str {
        use DiagnosticCode as C;
        match self {
            C::Unreadable => "unreadable",
            C::InvalidUtf8 => "invalid_utf8",
            C::TooLarge => "too_large",
            C::Empty => "empty",
            C::InvalidRuleFile => "invalid_rule_file",
            C::TooDeep => "too_deep",
            C::TomlUnsupported => "toml_unsupported",
            C::UnsupportedFormatVersion => "unsupported_format_version",
            C::CannotMigrate => "cannot_migrate",
            C::InexactNumber => "inexact_number",
            C::UnknownRuleset => "unknown_ruleset",
            C::MissingKey => "missing_key",
            C::UnknownField => "unknown_field",
            C::DuplicateId => "duplicate_id",
            C::DuplicateField => "duplicate_field",
            C::DuplicateKey => "duplicate_key",
            C::InvalidId => "invalid_id",
            C::InvalidPath => "invalid_path",
            C::ReservedPath => "reserved_path",
            C::ExprSyntax => "expr_syntax",
            C::ExprTooLong => "expr_too_long",
            C::ExprTooDeep => "expr_too_deep",
            C::UnknownFunction => "unknown_function",
            C::BadCall => "bad_call",
            C::UnknownName => "unknown_name",
            C::TypeMismatch => "type_mismatch",
            C::Cycle => "cycle",
            C::InvalidConstraint => "invalid_constraint",
            C::EnumWithoutValues => "enum_without_values",
            C::ValuesOnNonEnum => "values_on_non_enum",
            C::UnknownEnumValue => "unknown_enum_value",
            C::BoundOnNonNumber => "bound_on_non_number",
            C::EmptyRange => "empty_range",
            C::BadStep => "bad_step",
            C::BadDefault => "bad_default",
            C::OutOfRange => "out_of_range",
            C::UnreachableBand => "unreachable_band",
            C::NoFallback => "no_fallback",
            C::PointsExceedMax => "points_exceed_max",
            C::MissingMax => "missing_max",
            C::NoParts => "no_parts",
            C::NoSuchFields => "no_such_fields",
            C::MissingSource => "missing_source",
            C::InvalidClause => "invalid_clause",
            C::UnknownClause => "unknown_clause",
            C::NoClause => "no_clause",
            C::CitedAndUnscored => "cited_and_unscored",
            C::InvalidDate => "invalid_date",
            C::InvalidPeriod => "invalid_period",
            C::InvalidGoal => "invalid_goal",
            C::DependsOnError => "depends_on_error",
        }
    }

    /// What to do about a problem of this kind, for diagnostics whose site adds no help.
    pub(crate) fn default_help(self) -> (&'static str, &'static str) {
        use DiagnosticCode as C;
        match self {
            C::InvalidRuleFile => (
                "请检查该处的引号、逗号、括号是否成对，键名是否写对；规则格式见 rules/README.md",
                "check the quotes, commas and brackets there, and the key names; rules/README.md describes the format",
            ),
            C::MissingKey => {
                ("请补上这个键；各键的含义见 rules/README.md", "add the key; rules/README.md says what each means")
            }
            C::UnknownName => (
                "表达式只能读取已声明的字段路径（`quality.spot_check_pass_rate_pct`）和派生值编号",
                "expressions read declared field paths (`quality.spot_check_pass_rate_pct`) and derived value ids",
            ),
            C::TypeMismatch => (
                "请检查表达式各部分的类型：数字、是/否（true/false）或文本",
                "check the types in the expression: numbers, yes/no (true/false) or text",
            ),
            C::DuplicateId | C::DuplicateField | C::DuplicateKey => (
                "每个编号、字段路径或键只能出现一次，请改名或删去重复的一处",
                "each id, field path or key may appear once: rename or remove one",
            ),
            C::BadStep => (
                "`step` 是数值字段的最小变化量，如 `step = 0.1`；整数字段用整数",
                "`step` is a number field's smallest change, such as `step = 0.1`; whole numbers for whole-number fields",
            ),
            C::UnreachableBand => ("请按门槛从高到低排列", "list them from the highest threshold down"),
            C::NoFallback => (
                "最后一个等级不设 `min`，最后一个结论不设 `when`，使每份申报都有等级和结论",
                "give the last grade no `min` and the last outcome no `when`, so that every submission gets one",
            ),
            C::PointsExceedMax => ("请降低分数，或提高该指标的 `max`", "lower the points, or raise the criterion's `max`"),
            // The message of an out-of-range value says its range; a field's range is its own.
            C::OutOfRange => ("请改为允许范围内的值", "use a value in the allowed range"),
            C::EmptyRange => ("请使 `min` 不大于 `max`", "make `min` at most `max`"),
            C::InvalidId => (
                "规则的编号写作 `A1`、`C2`，不含空白、不可见字符或全角字母数字；规则集编号用 `-` 连接小写英文单词和数字，如 `zone-qualification`",
                "write a rule's id like `A1` or `C2`, without spaces, invisible or full-width characters; a ruleset id is lowercase words and digits joined by `-`, like `zone-qualification`",
            ),
            C::InvalidPath | C::ReservedPath => (
                "字段路径用 `.` 连接的小写英文单词，如 `quality.above_scale_firms`",
                "field paths are lowercase words joined by `.`, like `quality.above_scale_firms`",
            ),
            C::InvalidClause | C::UnknownClause | C::NoClause | C::CitedAndUnscored => (
                "条款编号写作 `§5.2.3`，并须与 `[[clauses]]` 中所列一致",
                "write clause IDs like `§5.2.3`, as `[[clauses]]` lists them",
            ),
            C::Cycle => (
                "派生值不能相互引用成环，请拆开其中一处引用",
                "derived values must not read each other in a loop: break one reference",
            ),
            C::TooLarge => ("规则文件不得超过 4 MB，请拆分或精简", "a rule file may hold 4 MB at most: split or trim it"),
            C::TooDeep => ("请减少嵌套层数", "nest less deeply"),
            C::Empty => (
                "请写入规则内容，可复制 rules/zone-qualification.toml 作为起点",
                "write the rules; rules/zone-qualification.toml is a starting point",
            ),
            C::Unreadable | C::InvalidUtf8 => {
                ("请检查路径、读取权限和文件编码（UTF-8）", "check the path, the permissions and the encoding (UTF-8)")
            }
            C::TomlUnsupported
            | C::UnsupportedFormatVersion
            | C::CannotMigrate
            | C::InexactNumber
            | C::UnknownRuleset
            | C::UnknownField
            | C::ExprSyntax
            | C::ExprTooLong
            | C::ExprTooDeep
            | C::UnknownFunction
            | C::BadCall
            | C::InvalidConstraint
            | C::EnumWithoutValues
            | C::ValuesOnNonEnum
            | C::UnknownEnumValue
            | C::BoundOnNonNumber
            | C::BadDefault
            | C::MissingMax
            | C::NoParts
            | C::NoSuchFields
            | C::MissingSource
            | C::InvalidDate
            | C::InvalidPeriod
            | C::InvalidGoal
            | C::DependsOnError => (
                "规则格式见 rules/README.md；`zonescore schema` 给出其 JSON Schema",
                "rules/README.md describes the rule format; `zonescore schema` gives its JSON Schema",
            ),
        }
    }
}

impl Serialize for DiagnosticCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for DiagnosticCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for DiagnosticCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
