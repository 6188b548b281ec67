"""Exceptions of zonescore, and the field errors and rule-file diagnostics they carry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, Sequence, Tuple, Type, Union, overload

from . import _zonescore
from ._report import RulesetRef, Text

if TYPE_CHECKING:
    from ._zonescore import AnswerCore

__all__ = [
    "ArgumentError",
    "Diagnostic",
    "FieldError",
    "FolderError",
    "GoalError",
    "InvalidSubmissionError",
    "RulesetError",
    "SubmissionTypeError",
    "TargetError",
    "Validation",
    "WorkbookError",
    "ZonescoreError",
]


@dataclass(frozen=True)
class FieldError:
    """One problem with a submission, shaped so a form can show it next to the field.

    ``code`` is stable snake_case (``required``, ``wrong_type``, ``out_of_range``, …),
    ``path`` a JSON pointer (``/quality/spot_check_pass_rate_pct``; empty for the whole
    submission), ``params`` the structured details (``min``, ``max``, ``value``, …) and
    ``message`` a :class:`Text` (``.zh``, ``.en``): the engine's wire shape, which the
    browser's ``FieldError`` objects have too.
    """

    code: str
    path: str
    params: Dict[str, Any]
    message: Text

    @property
    def field(self) -> str:
        """The dotted field path (``quality.spot_check_pass_rate_pct``), as a table column names it."""
        parts = self.path.split("/")[1:]
        return ".".join(p.replace("~1", "/").replace("~0", "~") for p in parts)

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message.en} [{self.code}]"

    def __hash__(self) -> int:
        # Without `params`, a dict: errors compare by all four, so equal ones hash alike.
        return hash((self.code, self.path, self.message))

    @classmethod
    def _from_dict(cls, d: Dict[str, Any]) -> FieldError:
        message = d["message"]
        return cls(d["code"], d["path"], d["params"], Text(message["zh"], message["en"]))


@dataclass(frozen=True)
class Validation(Sequence[FieldError]):
    """A submission checked without scoring it, as core and the browser give it: ``valid``,
    ``errors`` (the first 100, sorted by path) and ``more_errors`` (how many more there
    were). It is also the sequence of its errors, so ``for e in rules.validate(x)`` and
    ``if rules.validate(x):`` (any error) read as they do for a list."""

    valid: bool
    errors: List[FieldError]
    more_errors: int

    @overload
    def __getitem__(self, index: int) -> FieldError: ...
    @overload
    def __getitem__(self, index: slice) -> List[FieldError]: ...
    def __getitem__(self, index: Union[int, slice]) -> Union[FieldError, List[FieldError]]:
        return self.errors[index]

    def __len__(self) -> int:
        return len(self.errors)

    def __hash__(self) -> int:
        return hash((self.valid, tuple(self.errors), self.more_errors))

    @classmethod
    def _from_dict(cls, d: Dict[str, Any]) -> Validation:
        return cls(d["valid"], [FieldError._from_dict(e) for e in d["errors"]], d["more_errors"])


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a rule file: a stable code, its ``message`` and ``help`` (each a
    :class:`Text`, ``.zh`` and ``.en``), and where it is (rule path, line, column)."""

    code: str
    message: Text
    help: Optional[Text]
    path: str
    line: Optional[int]
    column: Optional[int]

    def __str__(self) -> str:
        at = f"{self.line}:{self.column}: " if self.line is not None else ""
        where = f" (at `{self.path}`)" if self.path else ""
        return f"{at}error[{self.code}]: {self.message.en}{where}"

    @classmethod
    def _from_dict(cls, d: Dict[str, Any]) -> Diagnostic:
        message, help = d["message"], d.get("help")
        return cls(
            d["code"], Text(message["zh"], message["en"]), None if help is None else Text(help["zh"], help["en"]),
            d.get("path", ""), d.get("line"), d.get("column"),
        )

    def _to_dict(self) -> Dict[str, Any]:
        """The engine's wire shape, for pickling."""
        d: Dict[str, Any] = {"code": self.code, "message": self.message._asdict()}
        d["help"] = None if self.help is None else self.help._asdict()
        d["path"] = self.path
        d.update({k: v for k, v in (("line", self.line), ("column", self.column)) if v is not None})
        return d


class ZonescoreError(Exception):
    """Base class of every zonescore error, with the attributes the browser's errors have.

    ``code``, ``path`` and ``params`` describe the first problem (a log line or a form
    wants one code; the class already says what kind of error it is); ``errors`` lists
    them all, each with its ``message`` in both languages; ``summary`` (a :class:`Text`)
    says it in one sentence, and ``str()`` is its English side.
    """

    code: str
    path: str
    params: Dict[str, Any]
    summary: Text
    errors: List[Any]


class RulesetError(ZonescoreError):
    """A rule file that cannot be used; ``errors`` holds every :class:`Diagnostic` found,
    each in Chinese and English."""

    errors: List[Diagnostic]

    def __init__(self, message: str, origin: str, diagnostics: List[Dict[str, Any]]) -> None:
        super().__init__(message)
        self.origin = origin
        # The engine lists at least one diagnostic (`RulesetError::listed`).
        self.errors = [Diagnostic._from_dict(d) for d in diagnostics]
        first = self.errors[0]
        self.code = first.code
        self.path = first.path
        self.params = {
            k: v
            for k, v in (("line", first.line), ("column", first.column), ("help", first.help and first.help.en))
            if v is not None
        }
        self.summary = first.message

    @property
    def diagnostics(self) -> List[Diagnostic]:
        """Same as ``errors``."""
        return self.errors

    def __reduce__(self) -> Tuple[Any, ...]:
        diagnostics = [d._to_dict() for d in self.errors]
        return (type(self), (str(self), self.origin, diagnostics))


class InvalidSubmissionError(ZonescoreError, ValueError):
    """A submission that cannot be scored; ``errors`` holds every :class:`FieldError`
    (the first 100, sorted by path; ``more_errors`` counts the rest). ``shaped_as`` is the
    bundled ruleset the submission is shaped for when that is not the one it was checked
    against (an annual assessment's file scored with ``zone-qualification``), also said in
    a note of the exception; else ``None``."""

    errors: List[FieldError]
    shaped_as: Optional[str] = None

    def __init__(self, answer: AnswerCore) -> None:
        data = answer.to_dict()
        self._answer = answer
        self.errors = [FieldError._from_dict(e) for e in data["errors"]]
        self.more_errors: int = data["more_errors"]
        self.ruleset = RulesetRef(**data["ruleset"])
        from ._zonescore import failure_texts

        # The first error (or one standing for the whole submission) and the one-line
        # summary are worded by the engine, as the CLI and the browser word them.
        texts = failure_texts(answer.to_json())
        first = FieldError._from_dict(texts["first_error"])
        self.code = first.code
        self.path = first.path
        self.params = first.params
        self.summary = Text(texts["summary"]["zh"], texts["summary"]["en"])
        super().__init__(self.summary.en)

    @property
    def ruleset_id(self) -> str:
        """The id of the ruleset the submission was checked against."""
        return self.ruleset.id

    def _shaped_as(self, shaped: Optional[str]) -> None:
        if shaped is None:
            return
        self.shaped_as = shaped
        given = self.ruleset.id
        note = (
            f"注意：这是一份 {shaped} 的提交，却按 {given} 评分；请用 score_submission(x)（按其形状选用规则）"
            f"或 Ruleset('{shaped}') 评分 / note: a submission for {shaped}, scored with {given}: score it with "
            f"score_submission(x), whose shape chooses the rules, or with Ruleset('{shaped}')"
        )
        # `add_note` (3.11) shows the note under the traceback; 3.10 keeps it unshown.
        if hasattr(self, "add_note"):
            self.add_note(note)
        else:
            self.__notes__ = [note]

    def to_json(self) -> str:
        """The canonical failure answer, exactly as ``score_json`` gives it."""
        return self._answer.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The failure answer as Python objects (``json.loads(self.to_json())``)."""
        data: Dict[str, Any] = self._answer.to_dict()
        return data

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_rebuild_invalid, (type(self), self.to_json(), self.shaped_as))


class SubmissionTypeError(InvalidSubmissionError, TypeError):
    """A submission holding Python values with no JSON shape (bytes, sets, dates, keys that
    are not strings). Codes: ``unsupported_value``, ``non_string_key``, ``invalid_text``."""


def _rebuild_invalid(
    cls: Type[InvalidSubmissionError], text: str, shaped_as: Optional[str] = None
) -> InvalidSubmissionError:
    from ._zonescore import AnswerCore

    error = cls(AnswerCore.from_json(text))
    error._shaped_as(shaped_as)
    return error


class TargetError(ZonescoreError, ValueError):
    """A target for advice that is neither a grade nor an outcome of the rules (code
    ``unknown_target``; ``params``: the ``target`` given and the ``allowed`` codes)."""

    errors: List[FieldError]

    def __init__(self, answer_json: str) -> None:
        import json

        self._json = answer_json
        data = json.loads(answer_json)
        self.errors = [FieldError._from_dict(e) for e in data["errors"]]
        # Raised only for a failure core says refuses the target: it lists that error.
        first = self.errors[0]
        self.code = first.code
        self.path = first.path
        self.params = first.params
        self.summary = first.message
        super().__init__(first.message.en)

    def to_json(self) -> str:
        """The canonical failure answer, exactly as ``advise_json`` gives it."""
        return self._json

    def __reduce__(self) -> Tuple[Any, ...]:
        return (TargetError, (self._json,))


class GoalError(ZonescoreError, ValueError):
    """A goal over many reports that cannot be summed up: code ``no_goal`` (the ruleset sets
    none, as ``annual-assessment``) or ``nothing_to_sum_up`` (no results were given, or none
    counts: each is invalid or another ruleset's, so a verdict of "not met, 0 zones" would
    pass for a result). ``skipped`` lists the results that count for nothing and why, as
    :attr:`GoalSummary.skipped <zonescore.GoalSummary.skipped>` would."""

    def __init__(self, code: str, zh: str, en: str, skipped: Sequence[Tuple[int, str, str, str, str, str]] = ()) -> None:
        from ._goal import Skipped

        self._args = (code, zh, en, tuple(skipped))
        self.code = code
        self.path = ""
        self.params = {}
        self.summary = Text(zh, en)
        self.errors = []
        self.skipped: Tuple[Skipped, ...] = tuple(
            Skipped(position=at, source=source, code=why, path=path, message=Text(k_zh, k_en))
            for at, source, why, path, k_zh, k_en in skipped
        )
        super().__init__(en)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (GoalError, self._args)


class FolderError(ZonescoreError, OSError):
    """A folder of submissions that cannot be walked: ``code`` is ``unreadable`` or
    ``too_deep`` (folders nested deeper than 32), ``path`` the folder (or a link named as a
    submission to a file that is gone); ``errors`` lists every such place as a
    :class:`Text`, worded by the engine."""

    def __init__(self, problems: List[Tuple[str, str, str, str]]) -> None:
        code, path, zh, en = problems[0]
        super().__init__("\n".join(p[3] for p in problems))
        self.code = code
        self.path = path
        self.params = {}
        self.summary = Text(zh, en)
        self.errors = [Text(p[2], p[3]) for p in problems]
        self._problems = problems

    def __reduce__(self) -> Tuple[Any, ...]:
        return (FolderError, (self._problems,))


class _EngineError(ZonescoreError, ValueError):
    """An error the engine words whole, with a code and no field path: the shape of
    :class:`WorkbookError` and :class:`TableError`."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.path = ""
        self.params = {}
        self.summary = Text(message_zh, message_en)
        self.errors = []

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.code, self.summary.zh, self.summary.en))


class WorkbookError(_EngineError):
    """An Excel workbook that cannot be read or written: ``code`` is ``not_a_workbook``,
    ``too_large``, ``no_paths_row`` (no sheet gives the field paths in row 3, as the template
    does), ``results_workbook`` (a results workbook ``to_excel`` wrote, given to be read as
    a filled one), ``repeated_column`` (row 3 names one field in two columns), ``nested_column``
    (a column inside another column's field: ``zone.name`` and ``zone.name.en``),
    ``column_without_path`` (values filled in below a column with no field path in row 3) or
    ``write_failed``; the messages are the engine's, in Chinese and English."""


class TableError(_EngineError):
    """A table (a DataFrame, an Arrow table) whose columns cannot be read as submissions
    without losing a cell in every row: ``code`` is ``repeated_column`` (one field path in
    two columns) or ``nested_column`` (a column inside another column's field:
    ``zone.name`` and ``zone.name.en``); the messages are the engine's, in Chinese and
    English, naming the columns by their place (from 1)."""


class OptionError(ZonescoreError, ValueError):
    """An answer option the engine does not know, as the browser's ``unknown_option``
    ``RangeError``: a ``detail`` other than ``numbers``, ``reasons`` or ``full``, a ``lang``
    that is neither ``zh``, ``en``, ``both`` nor a tag of either (``fr``), or ``both`` where
    one language is shown (a table, a workbook, a plot). ``code`` is ``unknown_option``;
    ``params`` holds ``option``, the ``value`` given and the ``allowed`` names; the message
    is the engine's, in Chinese and English."""

    def __init__(self, message_zh: str, message_en: str, option: str, value: str, allowed: Sequence[str]) -> None:
        self._args = (message_zh, message_en, option, value, tuple(allowed))
        self.code = "unknown_option"
        self.path = ""
        self.params = {"option": option, "value": value, "allowed": list(allowed)}
        self.summary = Text(message_zh, message_en)
        self.errors = []
        super().__init__(message_en)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (OptionError, self._args)


class ArgumentError(ZonescoreError, ValueError, TypeError):
    """An argument out of its kind or range, as the browser's ``invalid_argument`` errors
    (code ``invalid_argument``, ``params["argument"]`` naming it, ``params["value"]`` the
    value given as ``repr`` writes it): a count of advice ``options`` that is not a whole
    number from 0 to 2³² − 1, a ``detail`` or ``lang`` that is not text, ``replay``'s
    ``probes`` false with a ``base`` given. A ``ValueError`` and a ``TypeError`` both, as the value
    or its type may be what is wrong."""

    def __init__(self, argument: str, shown: str, expected_zh: str, expected_en: str) -> None:
        self._args = (argument, shown, expected_zh, expected_en)
        self.code = "invalid_argument"
        self.path = ""
        self.params = {"argument": argument, "value": shown}
        self.summary = Text(f"`{argument}` 应为{expected_zh}，而不是 {shown}", f"`{argument}` should be {expected_en}, not {shown}")
        self.errors = []
        super().__init__(self.summary.en)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (ArgumentError, self._args)


_OPTION_EXAMPLES = {"detail": '"full"', "lang": '"zh"', "target": '"A"', "path": '"zone.name"'}


def _check_text(**options: object) -> None:
    """An option named by text (``detail``, ``lang``, an advice ``target``, a field's
    ``path``) given as anything else, or as text
    with a lone surrogate (which UTF-8 cannot hold): an :class:`ArgumentError` in both
    languages, as the browser's ``invalid_argument``. A text the engine does not know is a
    ``ValueError`` in both languages from the engine."""
    for name, value in options.items():
        example = _OPTION_EXAMPLES.get(name, '"zh"')
        surrogate = isinstance(value, str) and not value.isascii() and any("\ud800" <= c <= "\udfff" for c in value)
        if not isinstance(value, str) or surrogate:
            raise ArgumentError(name, repr(value), f"文本（如 {example}）", f"text (such as {example})")


def _check_lang(lang: object) -> Literal["zh", "en"]:
    """A language that shows one text: ``"zh"`` or ``"en"``, also from a language tag of
    either (``"zh-CN"``, ``"en_US"``), as the engine reads ``lang`` in every face."""
    _check_text(lang=lang)
    return _zonescore.check_lang(str(lang))
