"""zonescore: score submissions for quality-product demonstration zones (优质产品生产示范区)
against data-driven rules, with exact decimals and an explanation for every point.

>>> import zonescore
>>> report = zonescore.score_submission(submission)          # doctest: +SKIP
>>> report.final_score, report.grade, report.outcome          # doctest: +SKIP
(Decimal('84.0'), 'B', 'named')

The engine is the Rust crate `zonescore`; this package calls it and gives the same
answers, to the last digit, as the CLI and the browser.
"""

from ._zonescore import UnreadableCell, __version__
from ._api import (
    Citation,
    ClauseCoverage,
    Detail,
    JsonText,
    Lang,
    Ruleset,
    RulesetInfo,
    RulesetLike,
    Submission,
    Unscored,
    answer_json,
    detect_ruleset,
    submission_files,
    list_rulesets,
    score_json,
    score_many,
    score_submission,
    submission_schema,
    validate_submission,
)
from ._batch import score_table
from ._excel import excel_template, read_excel, to_excel
from ._goal import GoalRow, GoalSummary, NamedZone, ProbableDuplicate, RepeatedReport, Skipped, goal_summary
from ._plot import plot_grade_transitions, plot_replay, plot_score_deltas
from ._plot_scores import plot_scores
from ._revision import (
    DeltaCount,
    ImpactCounts,
    MovedCheck,
    MovedCriterion,
    ReplaySummary,
    Transition,
    UnreachedThreshold,
    diff,
    diff_json,
    replay,
)
from ._errors import (
    ArgumentError,
    Diagnostic,
    FieldError,
    FolderError,
    GoalError,
    InvalidSubmissionError,
    OptionError,
    RulesetError,
    SubmissionTypeError,
    TableError,
    TargetError,
    Validation,
    WorkbookError,
    ZonescoreError,
)
from ._whatif import (
    Advice,
    AdviceChange,
    AdviceOption,
    Blocker,
    Bounds,
    CheckBounds,
    CriterionBounds,
    FieldValue,
    OpenField,
    Span,
)
from ._report import (
    Basis,
    CheckResult,
    CriterionResult,
    DimensionResult,
    GateResult,
    Notice,
    PartResult,
    Report,
    RulesetRef,
    SubjectField,
    Text,
    VetoResult,
)

__all__ = [
    "Advice",
    "AdviceChange",
    "AdviceOption",
    "ArgumentError",
    "Basis",
    "Blocker",
    "Bounds",
    "CheckBounds",
    "CheckResult",
    "Citation",
    "ClauseCoverage",
    "CriterionBounds",
    "CriterionResult",
    "DeltaCount",
    "Detail",
    "Diagnostic",
    "DimensionResult",
    "GateResult",
    "FieldError",
    "FolderError",
    "GoalError",
    "GoalRow",
    "GoalSummary",
    "Validation",
    "FieldValue",
    "ImpactCounts",
    "InvalidSubmissionError",
    "JsonText",
    "Lang",
    "MovedCheck",
    "MovedCriterion",
    "NamedZone",
    "Notice",
    "OpenField",
    "OptionError",
    "PartResult",
    "ProbableDuplicate",
    "RepeatedReport",
    "ReplaySummary",
    "Report",
    "Ruleset",
    "RulesetError",
    "RulesetInfo",
    "RulesetLike",
    "RulesetRef",
    "Skipped",
    "Span",
    "SubjectField",
    "Submission",
    "SubmissionTypeError",
    "TableError",
    "TargetError",
    "Text",
    "Transition",
    "UnreachedThreshold",
    "UnreadableCell",
    "Unscored",
    "WorkbookError",
    "ZonescoreError",
    "__version__",
    "answer_json",
    "detect_ruleset",
    "submission_files",
    "diff",
    "diff_json",
    "excel_template",
    "goal_summary",
    "list_rulesets",
    "plot_grade_transitions",
    "plot_replay",
    "plot_score_deltas",
    "plot_scores",
    "read_excel",
    "replay",
    "score_table",
    "score_json",
    "score_many",
    "score_submission",
    "submission_schema",
    "to_excel",
    "validate_submission",
]

# Public classes say where users import them from (tracebacks, reprs, pickles).
for _name in __all__:
    _obj = globals()[_name]
    # Classes of the extension name their module themselves (their types are immutable).
    if isinstance(_obj, type) and _obj.__module__ != __name__:
        _obj.__module__ = __name__
del _name, _obj
