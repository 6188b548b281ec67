"""The Python face of the engine: rulesets, scoring, validation and schemas.

Each call hands its arguments to ``zonescore._zonescore`` (the Rust engine) and wraps
what comes back; nothing about a submission is decided here.
"""

from __future__ import annotations

import os
import json
import operator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, Iterable, List, Literal, Mapping, Optional, Protocol, Sequence, SupportsIndex, Tuple, TypedDict, Union

from . import _zonescore as _core
from ._errors import (
    ArgumentError,
    FieldError,
    FolderError,
    InvalidSubmissionError,
    SubmissionTypeError,
    TargetError,
    Validation,
    _check_text,
)
from ._report import Report, Text
from ._whatif import Advice, Bounds

if TYPE_CHECKING:
    from ._goal import GoalSummary

__all__ = [
    "Citation",
    "ClauseCoverage",
    "Detail",
    "JsonText",
    "Lang",
    "Ruleset",
    "RulesetInfo",
    "RulesetLike",
    "Submission",
    "Unscored",
    "answer_json",
    "detect_ruleset",
    "submission_files",
    "list_rulesets",
    "score_json",
    "score_many",
    "score_submission",
    "submission_schema",
    "validate_submission",
]

JsonText = Union[str, bytes, bytearray, memoryview]
"""JSON text: a ``str``, or UTF-8 bytes (a byte-order mark is ignored; invalid UTF-8 is an
``invalid_utf8`` failure answer, as for the browser's ``Uint8Array``)."""


class _Labelled(Protocol):
    # A row with labels, as pandas' Series is: read by its keys, as a dict is.
    def keys(self) -> Any: ...
    def __getitem__(self, key: Any, /) -> Any: ...


Submission = Union[Mapping[str, Any], _Labelled, JsonText]
"""A submission: a (nested) dict, a DataFrame's row (``frame.iloc[i]``: its labels name the
fields), or JSON text (``str`` or UTF-8 bytes)."""

Stored = Union[Submission, "os.PathLike[str]"]
"""An item of a batch: a submission, or the path of a JSON file (``pathlib.Path``), read as
its text: the list :func:`submission_files` returns scores as it is."""

# Unions of one-value Literals rather than one Literal of three: stubtest checks an alias
# against its runtime value, and only a Union reads the same in both.
Detail = Union[Literal["numbers"], Literal["reasons"], Literal["full"]]
"""How much a JSON answer explains: ``numbers`` (final score, grade, outcome, gates, vetoes,
each criterion's points and status, by id), ``reasons`` (and each part's machine reason: a
code and its params, no sentences), ``full`` (titles, clauses, basis and every sentence)."""

Lang = Union[Literal["zh"], Literal["en"], Literal["both"], str]
"""The languages of a JSON answer's texts: ``zh``, ``en``, or ``both`` (``{"zh", "en"}``); a
language tag of either language (``zh-CN``, ``en_US``, as a locale gives it) is taken as it is,
and any other text is refused."""


class RulesetInfo(TypedDict):
    """What a ruleset is: as `list_rulesets()` and `Ruleset.info` give it."""

    id: str
    version: str
    title: Dict[str, str]
    source_document: str
    effective_from: Optional[str]
    effective_to: Optional[str]
    digest: str


class Citation(TypedDict):
    """A rule that cites a clause: its ``kind`` (``criterion``, ``bonus_item``, ``gate``,
    ``veto``, ``note``, ``warning``, ``goal`` or ``ruleset``) and its ``id``."""

    kind: str
    id: str


class Unscored(TypedDict):
    """Why no rule scores a clause: ``reason`` (``not_scorable``, ``county_duty`` or
    ``other_programme``) and a ``note`` in both languages (``zh``, ``en``)."""

    reason: str
    note: Dict[str, str]


class ClauseCoverage(TypedDict):
    """One clause of the source document and how the ruleset accounts for it, as
    ``Ruleset.clause_coverage()`` gives it: the clause ``id`` (``§5.2.3``), the document's
    own ``number`` (``五（二）3``) and ``title`` (``zh``, ``en``) when the ruleset gives its
    outline, the rules that cite it (``cited_by``) and why none does (``unscored``)."""

    id: str
    number: Optional[str]
    title: Optional[Dict[str, str]]
    cited_by: List[Citation]
    unscored: Optional[Unscored]


class Ruleset:
    """A compiled ruleset, loaded once and reused for many submissions.

    ``Ruleset("zone-qualification")`` loads a bundled ruleset by id;
    ``Ruleset(Path("my-rules.toml"))`` or :meth:`from_path` a rule file;
    :meth:`from_text` rule-file text. A rule file with problems raises
    :class:`RulesetError` listing all of them. Rulesets pickle (a bundled one by id,
    any other with its rule text), so they can be sent to worker processes.
    """

    __slots__ = ("_core",)

    def __init__(self, id: Union[str, "os.PathLike[str]"] = _core.DEFAULT_RULESET) -> None:
        if isinstance(id, str):
            self._core = _bundled(id)
        elif isinstance(id, os.PathLike):
            self._core = _core.RulesetCore.from_path(os.fspath(id))
        else:
            raise TypeError(f"a ruleset is named by a bundled id (str) or a path, not {type(id).__name__}")

    @classmethod
    def from_path(cls, path: Union[str, "os.PathLike[str]"]) -> Ruleset:
        """Reads and compiles a rule file (TOML or JSON, told by its extension)."""
        return cls._wrap(_core.RulesetCore.from_path(os.fspath(path)))

    @classmethod
    def from_text(cls, text: Union[str, bytes], format: Optional[str] = None, origin: str = "<text>") -> Ruleset:
        """Compiles rule-file text (``str``, or UTF-8 ``bytes``); ``format`` is ``"toml"`` or
        ``"json"`` (guessed when ``None``). Text that is not UTF-8, a ``str`` holding a lone
        surrogate among it, is a :class:`RulesetError` ``invalid_utf8``, as such a file is."""
        return cls._wrap(_core.RulesetCore.from_text(text, format, origin))

    @classmethod
    def _wrap(cls, core: _core.RulesetCore) -> Ruleset:
        self = cls.__new__(cls)
        self._core = core
        return self

    @property
    def id(self) -> str:
        return self._core.id

    @property
    def version(self) -> str:
        return self._core.version

    @property
    def digest(self) -> str:
        """``sha256:`` digest of the rules' canonical form; every report names it."""
        return self._core.digest

    @property
    def title(self) -> Text:
        t = self.info["title"]
        return Text(t["zh"], t["en"])

    @property
    def info(self) -> RulesetInfo:
        """Id, version, title (zh/en), source document, effective dates and digest."""
        info: RulesetInfo = self._core.info()  # type: ignore[assignment]
        return info

    def score(self, submission: Submission) -> Report:
        """Scores a submission; raises :class:`InvalidSubmissionError` if it cannot be scored."""
        return _report(_core.score(submission, self._core), submission, self._core)

    def score_many(
        self, submissions: Iterable[Stored], *, progress: bool = False
    ) -> List[Union[Report, InvalidSubmissionError]]:
        """:func:`score_many` with this ruleset: each submission's :class:`Report`, or the
        :class:`InvalidSubmissionError` it would raise (returned, not raised), in order."""
        return score_many(submissions, self, progress=progress)

    def validate(self, submission: Submission) -> Validation:
        """The submission checked without scoring: ``valid``, its field errors (the first
        100, sorted by path) and how many more there were; iterates over the errors."""
        return Validation._from_dict(_core.validate(submission, self._core))

    def validate_field(self, path: str, value: Any) -> List[FieldError]:
        """Errors of one field's value, by dotted path or JSON pointer, as a form checks it
        while it is typed. A group's path checks each field its dict gives (a field it lacks
        is no error); anything under ``meta`` is fine. Cross-field constraints are checked
        only within a group given: the rest need the whole submission."""
        _check_text(path=path)
        return [FieldError._from_dict(e) for e in self._core.validate_field(path, value)]

    def score_json(self, text: JsonText, *, detail: Detail = "full", lang: Lang = "both") -> str:
        """The canonical JSON answer (success or failure) for JSON text (``str`` or UTF-8
        bytes), at a ``detail`` and in ``lang``; an unknown option is a ``ValueError``."""
        _check_text(detail=detail, lang=lang)
        return self._core.score_json(text, detail, lang)

    def answer_json(self, submission: Submission, *, detail: Detail = "full", lang: Lang = "both") -> str:
        """The canonical JSON answer for a submission in any form (a dict, or JSON text) at
        a ``detail`` and in ``lang``: ``detail="numbers"`` is the cheapest full decision."""
        _check_text(detail=detail, lang=lang)
        return _core.answer_json(submission, self._core, detail, lang)

    def goal_summary(
        self, results: Iterable[Union[Report, InvalidSubmissionError]], *, sources: Optional[Sequence[str]] = None
    ) -> GoalSummary:
        """:func:`goal_summary` against this ruleset's goal."""
        from ._goal import goal_summary

        return goal_summary(results, self, sources=sources)

    def bounds(self, submission: Submission) -> Bounds:
        """What a half-filled submission can still score, over every completion of its
        missing fields: the final score's range, the grades and outcomes still reachable,
        each criterion's range, gates and vetoes decided or open, and the missing fields
        that move the score most. Missing fields are no error; a present field that is
        invalid raises :class:`InvalidSubmissionError`, as :meth:`score` does."""
        text = _core.bounds(submission, self._core)
        return Bounds._of(_checked(text, submission, self._core), self._numbers(), text)

    def advise(
        self, submission: Submission, target: Optional[str] = None, options: SupportsIndex = _core.DEFAULT_OPTIONS
    ) -> Advice:
        """The fewest changes to actionable fields that reach ``target`` (a grade code such
        as ``"A"``, or an outcome such as ``"named"``; ``None``: the next grade up), at most
        ``options`` alternatives, each checked by scoring the changed submission. Raises
        :class:`InvalidSubmissionError` for a submission that cannot be scored and
        :class:`TargetError` for a target that is neither a grade nor an outcome, and
        :class:`ArgumentError` for ``options`` that is not a whole number from 0 to 2³² − 1."""
        if target is not None:
            _check_text(target=target)
        text = _core.advise(submission, self._core, target, _options(options))
        return Advice._of(_checked(text, submission, self._core), self._numbers(), text, self.clause_label)

    def bounds_json(self, text: JsonText) -> str:
        """The canonical JSON answer of :meth:`bounds` (bounds or failure) for JSON text,
        byte for byte what ``zonescore bounds --format json`` prints (without its newline)."""
        return self._core.bounds_json(text)

    def advise_json(
        self, text: JsonText, target: Optional[str] = None, options: SupportsIndex = _core.DEFAULT_OPTIONS
    ) -> str:
        """The canonical JSON answer of :meth:`advise` (advice or failure) for JSON text,
        byte for byte what ``zonescore advise --format json`` prints (without its newline).
        ``options`` as for :meth:`advise`."""
        if target is not None:
            _check_text(target=target)
        return self._core.advise_json(text, target, _options(options))

    def _numbers(self) -> FrozenSet[str]:
        """The JSON pointers of the number fields, which what-if answers give as decimal strings."""
        numbers = _NUMBERS.get(self.digest)
        if numbers is None:
            numbers = _NUMBERS[self.digest] = frozenset(_number_paths(self.submission_schema(), ""))
        return numbers

    def submission_schema(self) -> Dict[str, Any]:
        """The JSON Schema (draft 2020-12) of a submission, with zh/en titles and units."""
        schema: Dict[str, Any] = self._core.submission_schema()
        return schema

    def clause_label(self, id: str) -> str:
        """A clause ID with the source document's own numbering, as Chinese output shows it:
        ``"§5.2.3（五（二）3）"``; the ID alone when the ruleset gives no outline of the
        document or does not list the clause."""
        return self._core.clause_label(id)

    def clause_coverage(self) -> List[ClauseCoverage]:
        """Every clause of the source document, in the document's order, with the rules that
        cite it or the reason none does (what ``zonescore rulesets --clauses`` lists). Without
        an outline in the rule file: every clause a rule cites, with ``number`` ``None``."""
        coverage: List[ClauseCoverage] = self._core.clause_coverage()  # type: ignore[assignment]
        return coverage

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_ruleset_from_source, (self._core.source(),))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ruleset):
            return NotImplemented
        return self.digest == other.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:
        return f"<Ruleset {self.id} {self.version} {self.digest[:19]}…>"


def _options(options: SupportsIndex) -> int:
    """A count of advice options as every face takes it: a whole number from 0 to 2³² − 1
    (the browser's limit), else :class:`ArgumentError`; never Python's ``OverflowError``
    from the conversion, or a bool read as 1."""
    try:
        count = operator.index(options)
    except TypeError:
        count = -1
    if isinstance(options, bool) or not 0 <= count <= 0xFFFF_FFFF:
        raise ArgumentError("options", repr(options), "0 到 2³² − 1 之间的整数（方案个数）", "a whole number of options from 0 to 2³² − 1")
    return count


RulesetLike = Union[Ruleset, str, "os.PathLike[str]"]
"""A :class:`Ruleset`, a bundled ruleset's id, or the path of a rule file."""


_BUNDLED: Dict[str, _core.RulesetCore] = {}
_NUMBERS: Dict[str, FrozenSet[str]] = {}


def _number_paths(schema: Mapping[str, Any], at: str) -> Iterable[str]:
    """The JSON pointers of a submission schema's number and integer fields."""
    for name, sub in schema.get("properties", {}).items():
        path = at + "/" + name.replace("~", "~0").replace("/", "~1")
        kinds = sub.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "number" in kinds or "integer" in kinds:
            yield path
        yield from _number_paths(sub, path)


def _checked(text: str, submission: Any, core: _core.RulesetCore) -> Dict[str, Any]:
    """A what-if answer as Python objects, or the exception its failure is: a bad target,
    or a submission that cannot be scored (as :func:`score_submission` raises it)."""
    data: Dict[str, Any] = json.loads(text)
    if data["type"] != "failure":
        return data
    answer = _core.AnswerCore.from_json(text)
    if answer.refuses_target:
        raise TargetError(text)
    raise _raise(answer, submission, core)


def _bundled(id: str) -> _core.RulesetCore:
    """A bundled id, or a rule-file path, as the engine reads a ruleset argument in every
    runtime (``zonescore score --ruleset`` too)."""
    # The engine compiles each bundled ruleset once per process; this saves the lookup.
    core = _BUNDLED.get(id)
    if core is None:
        core = _core.RulesetCore.resolve(id)
        if json.loads(core.source()).get("Bundled") == id:
            _BUNDLED[id] = core
    return core


def _ruleset_from_source(source: str) -> Ruleset:
    return Ruleset._wrap(_core.RulesetCore.from_source(source))


def _resolve(ruleset: Optional[RulesetLike]) -> Optional[_core.RulesetCore]:
    if isinstance(ruleset, Ruleset):
        return ruleset._core
    if ruleset is None:
        return None
    return Ruleset(ruleset)._core


def _raise(
    answer: _core.AnswerCore, submission: Any = None, core: Optional[_core.RulesetCore] = None
) -> InvalidSubmissionError:
    if answer.unreadable_values:
        return SubmissionTypeError(answer)
    error = InvalidSubmissionError(answer)
    if core is not None:
        # Shaped for another bundled ruleset than the one given, its errors are the wrong
        # rules': a note says so, as the CLI does (core's `shaped_for_another`).
        error._shaped_as(_core.shaped_for_another(submission, core))
    return error


def _report(answer: _core.AnswerCore, submission: Any = None, core: Optional[_core.RulesetCore] = None) -> Report:
    if answer.ok:
        return Report(answer)
    raise _raise(answer, submission, core)


def score_submission(submission: Submission, ruleset: Optional[RulesetLike] = None) -> Report:
    """Scores one submission and returns its :class:`Report`.

    ``submission`` is a dict (nested groups; ints, floats, ``Decimal``, bools, str, None)
    or JSON text. ``ruleset`` is a :class:`Ruleset`, a bundled id or a rule file's path;
    ``None`` picks the bundled ruleset the submission is written for.

    Raises :class:`InvalidSubmissionError` (a ``ValueError``) listing every field error
    when the submission cannot be scored. A veto or a low grade is a report, not an error.
    """
    core = _resolve(ruleset)
    return _report(_core.score(submission, core), submission, core)


def validate_submission(submission: Submission, ruleset: Optional[RulesetLike] = None) -> Validation:
    """:meth:`Ruleset.validate` with the ruleset given, or the bundled one the submission
    is written for."""
    return Validation._from_dict(_core.validate(submission, _resolve(ruleset)))


def submission_schema(ruleset: Optional[RulesetLike] = None) -> Dict[str, Any]:
    """The JSON Schema of a submission (default: the default bundled ruleset)."""
    return (Ruleset() if ruleset is None else _as_ruleset(ruleset)).submission_schema()


def _as_ruleset(ruleset: RulesetLike) -> Ruleset:
    return ruleset if isinstance(ruleset, Ruleset) else Ruleset(ruleset)


def list_rulesets() -> List[RulesetInfo]:
    """The bundled rulesets: id, version, title (zh/en), source document, dates, digest."""
    rulesets: List[RulesetInfo] = _core.list_rulesets()  # type: ignore[assignment]
    return rulesets


def submission_files(folder: Union[str, "os.PathLike[str]"], *, workbooks: bool = False) -> List[Path]:
    """The submission files under ``folder`` as ``zonescore score`` takes them: every
    ``*.json`` (with ``workbooks=True`` every ``*.xlsx`` and ``*.xlsm`` too, but a results
    workbook ``to_excel`` or ``zonescore score --format xlsx`` wrote, and spreadsheets of
    formats the reader refuses by name, ``.xls``, ``.et``, ``.ods``, ``.xlsb``), in
    sub-folders as well, sorted by name at each level; symbolic links followed, each folder
    walked and each file taken once. A folder that cannot be read, folders nested deeper than 32, or a link
    named as a submission to a file that is gone raise :class:`FolderError` naming every
    such place."""
    files, problems = _core.submission_files(os.fspath(folder), workbooks)
    if problems:
        raise FolderError([(p[0], p[1], p[2], p[3]) for p in problems])
    return [Path(f) for f in files]


def detect_ruleset(submission: Submission) -> Optional[str]:
    """The id of the bundled ruleset a submission is written for, or ``None`` when unclear."""
    return _core.detect_ruleset(submission)


def score_json(
    text: JsonText, ruleset: Optional[RulesetLike] = None, *, detail: Detail = "full", lang: Lang = "both"
) -> str:
    """The canonical JSON answer (success or failure) for JSON text, byte for byte what
    ``zonescore score --format json --compact`` prints (without its final newline). ``text`` is a
    ``str`` or UTF-8 bytes (``bytes``, ``bytearray``, ``memoryview``): a byte-order mark is
    ignored and invalid UTF-8 is an ``invalid_utf8`` failure answer, as in the browser; any
    other type is a ``TypeError``. With ``ruleset=None`` the bundled ruleset is told from the
    submission, as the CLI does. ``detail`` and ``lang`` shape the answer (see :data:`Detail`
    and :data:`Lang`)."""
    if ruleset is None:
        _check_text(detail=detail, lang=lang)
        return _core.score_json_bundled(text, None, detail, lang)
    return _as_ruleset(ruleset).score_json(text, detail=detail, lang=lang)


def answer_json(
    submission: Submission, ruleset: Optional[RulesetLike] = None, *, detail: Detail = "full", lang: Lang = "both"
) -> str:
    """The canonical JSON answer for a submission in any form (a dict tree, or JSON text) at a
    ``detail`` and in ``lang``; a dict's values of no JSON shape give a failure answer. With
    ``ruleset=None`` the bundled ruleset is told from the submission."""
    _check_text(detail=detail, lang=lang)
    return _core.answer_json(submission, _resolve(ruleset), detail, lang)


def score_many(
    submissions: Iterable[Stored], ruleset: Optional[RulesetLike] = None, *, progress: bool = False
) -> List[Union[Report, InvalidSubmissionError]]:
    """Scores many submissions on every core, releasing the GIL while the engine works.

    Returns one item per submission, in order: its :class:`Report`, or the
    :class:`InvalidSubmissionError` it would raise (returned, not raised). A path
    (``pathlib.Path``) is read as the JSON text of its file. With
    ``ruleset=None`` each submission is scored with the bundled ruleset it names, as
    :func:`score_submission` scores it alone. Needs no pandas. ``progress=True`` shows a tqdm
    bar on standard error. One submission alone (a dict, JSON text) or a table is a
    ``TypeError``: iterated, it would be its keys or characters.
    """
    from ._batch import _chunks, _kind, _progress, _records

    if _kind(submissions) not in (None, "pandas_series"):
        raise TypeError(
            "score_many takes a list of submissions; a table is scored by score_table "
            "(score_many 接受申报的列表；表格请用 score_table 评分)"
        )
    items = _records(submissions, "score_many")
    core = _resolve(ruleset)
    bar = _progress(len(items), progress)
    answers: List[_core.AnswerCore] = []
    for start, stop in _chunks(len(items), bar):
        answers.extend(_core.score_many(items[start:stop], core))
    return [Report(a) if a.ok else _raise(a, s, core) for a, s in zip(answers, items)]
