"""The scored report as Python objects: exact ``Decimal`` figures and read-only views.

A :class:`Report` wraps one answer of the engine. Its canonical JSON (``to_json``) is the
cross-runtime contract; the attributes are views of that same answer, built on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, Literal, NamedTuple, Optional, Tuple, Union

from ._zonescore import AnswerCore

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "Basis",
    "CheckResult",
    "CriterionResult",
    "DimensionResult",
    "GateResult",
    "Notice",
    "PartResult",
    "Report",
    "RulesetRef",
    "SubjectField",
    "Text",
    "VetoResult",
]


class Text(NamedTuple):
    """A text in both languages: Simplified Chinese and English. ``str()`` gives the Chinese."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh


class Basis(NamedTuple):
    """Where a rule's numbers come from: ``sourced`` (with its ``source``) or ``set``, and
    which numbers it covers (``note``, in both languages) when it covers only some."""

    kind: str
    source: Optional[str] = None
    note: Optional[Text] = None


class RulesetRef(NamedTuple):
    """The ruleset that gave an answer, so it can be reproduced later."""

    id: str
    version: str
    digest: str


class SubjectField(NamedTuple):
    """One identifying field of the subject (zone name, town): JSON pointer and value."""

    path: str
    value: str


@dataclass(frozen=True)
class GateResult:
    """An eligibility condition (资格条件): whether it ``passed`` (a gate whose fields are
    missing has not), and why."""

    id: str
    title: Text
    passed: bool
    clause: Tuple[str, ...]
    basis: Basis
    missing: Tuple[str, ...]
    reason: Text


@dataclass(frozen=True)
class VetoResult:
    """A veto (一票否决): whether it ``fired`` (a veto whose fields are missing has not),
    and why."""

    id: str
    title: Text
    fired: bool
    clause: Tuple[str, ...]
    basis: Basis
    missing: Tuple[str, ...]
    reason: Text


CheckResult = Union[GateResult, VetoResult]
"""A gate or a veto."""


@dataclass(frozen=True)
class DimensionResult:
    """A dimension's points out of the maxima of its applicable criteria."""

    id: str
    title: Text
    points: Decimal
    max: Decimal


@dataclass(frozen=True)
class PartResult:
    """What one part of a criterion read (``value``), reached (``band``) and earned."""

    label: Text
    counted: bool
    value: Optional[str]
    band: Optional[Decimal]
    points: Decimal
    gap: Optional[str]
    basis: Optional[Basis]
    reason: Text


@dataclass(frozen=True)
class CriterionResult:
    """A criterion's points out of its maximum, its status and why.

    ``status`` is ``met``, ``partly_met``, ``not_met``, ``missing_evidence`` or
    ``not_applicable``; ``max`` is ``None`` for an uncapped bonus item.
    """

    id: str
    dimension: str
    title: Text
    points: Decimal
    max: Optional[Decimal]
    status: str
    status_label: Text
    applicable: bool
    clause: Tuple[str, ...]
    basis: Basis
    parts: Tuple[PartResult, ...]
    missing: Tuple[str, ...]
    reason: Text


@dataclass(frozen=True)
class Notice:
    """A note or a warning that did not block scoring.

    ``path`` is the JSON pointer of the field or group it is about
    (``/quality/spot_check_pass_rate_pct``, ``/integrity``), or ``None`` when it is about
    the submission as a whole.
    """

    code: str
    path: Optional[str]
    message: Text


# The report's top-level figures by their names in the answer (``final_score``, ``year``, …,
# and ``ruleset_id``), read once without building the whole explanation.
_Scalars = Dict[str, Optional[str]]


# Every builder below reads the answer's members by name and passes them by keyword, so
# a member added to the answer cannot shift the others (tests/test_report_schema.py checks
# that every member of the answer schema has its attribute).


def _text(d: Dict[str, str]) -> Text:
    return Text(zh=d["zh"], en=d["en"])


def _basis(d: Dict[str, Any]) -> Basis:
    note = d.get("note")
    return Basis(kind=d["kind"], source=d.get("source"), note=None if note is None else _text(note))


def _dec(s: Optional[str]) -> Optional[Decimal]:
    return None if s is None else Decimal(s)


def _gate(d: Dict[str, Any]) -> GateResult:
    return GateResult(
        id=d["id"],
        title=_text(d["title"]),
        passed=d["passed"],
        clause=tuple(d["clause"]),
        basis=_basis(d["basis"]),
        missing=tuple(d["missing"]),
        reason=_text(d["reason"]),
    )


def _veto(d: Dict[str, Any]) -> VetoResult:
    return VetoResult(
        id=d["id"],
        title=_text(d["title"]),
        fired=d["fired"],
        clause=tuple(d["clause"]),
        basis=_basis(d["basis"]),
        missing=tuple(d["missing"]),
        reason=_text(d["reason"]),
    )


def _part(d: Dict[str, Any]) -> PartResult:
    basis = d.get("basis")
    return PartResult(
        label=_text(d["label"]),
        counted=d["counted"],
        value=d["value"],
        band=_dec(d["band"]),
        points=Decimal(d["points"]),
        gap=d["gap"],
        basis=None if basis is None else _basis(basis),
        reason=_text(d["reason"]),
    )


def _notice(d: Dict[str, Any]) -> Notice:
    return Notice(code=d["code"], path=d["path"], message=_text(d["message"]))


def _criterion(d: Dict[str, Any]) -> CriterionResult:
    return CriterionResult(
        id=d["id"],
        dimension=d["dimension"],
        title=_text(d["title"]),
        points=Decimal(d["points"]),
        max=_dec(d["max"]),
        status=d["status"],
        status_label=_text(d["status_label"]),
        applicable=d["applicable"],
        clause=tuple(d["clause"]),
        basis=_basis(d["basis"]),
        parts=tuple(_part(p) for p in d["parts"]),
        missing=tuple(d["missing"]),
        reason=_text(d["reason"]),
    )


def _dimension(d: Dict[str, Any]) -> DimensionResult:
    return DimensionResult(
        id=d["id"], title=_text(d["title"]), points=Decimal(d["points"]), max=Decimal(d["max"])
    )


class Report:
    """A scored submission. Every score is an exact :class:`decimal.Decimal`.

    A veto, a failed gate or a D grade is still a report: only a submission that cannot
    be scored raises :class:`InvalidSubmissionError`. Reports pickle, compare equal when
    their canonical JSON is equal, show as a scorecard in Jupyter and print as one in a
    terminal.
    """

    __slots__ = ("_answer", "_scalars")

    def __init__(self, answer: AnswerCore) -> None:
        if not answer.ok:
            raise ValueError("a failure answer is not a report")
        self._answer = answer
        self._scalars: Optional[_Scalars] = None

    @classmethod
    def from_json(cls, text: Union[str, bytes, bytearray, memoryview]) -> Report:
        """A report from its canonical JSON (``to_json``), e.g. one saved earlier, as ``str``
        or UTF-8 bytes. It needs a full answer in both languages (``score_json``'s default,
        ``detail="full"``, ``lang="both"``): a reduced one lacks what a report shows and is
        a ``ValueError`` saying so, and so is a figure that is no decimal (an answer edited by
        hand), named by its JSON pointer. A failure answer raises the
        :class:`InvalidSubmissionError` it stands for, as :func:`score_submission` would."""
        answer = AnswerCore.from_json(text)
        if not answer.ok:
            from ._api import _raise

            raise _raise(answer)
        return cls(answer)

    def _top(self) -> _Scalars:
        # The top-level figures, read once on first use (scoring many reports stays cheap).
        if self._scalars is None:
            scalars = self._answer.scalars()
            if scalars is None:  # pragma: no cover - a Report always wraps a success
                raise ValueError("a failure answer is not a report")
            self._scalars = scalars
        return self._scalars

    def _figure(self, name: str) -> str:
        value = self._top()[name]
        if value is None:  # pragma: no cover - only `year` may be absent
            raise ValueError(f"the report has no {name}")
        return value

    def _part(self, name: str) -> Any:
        # One key of the answer, converted when read and not kept: a report read for its
        # warnings, in a batch of thousands, does not hold its whole answer as Python objects.
        return self._answer.part(name)

    # --- the figures -------------------------------------------------------------------
    @property
    def final_score(self) -> Decimal:
        """The final score, rounded as the ruleset says (``Decimal('84.0')``)."""
        return Decimal(self._figure("final_score"))

    @property
    def grade(self) -> str:
        """Grade code (``B``)."""
        return self._figure("grade")

    @property
    def outcome(self) -> str:
        """Outcome code (``named``, ``not_named``, ``ineligible``, ``pass``, …)."""
        return self._figure("outcome")

    @property
    def earned(self) -> Decimal:
        """Sum of the points of applicable criteria."""
        return Decimal(self._figure("earned"))

    @property
    def applicable_max(self) -> Decimal:
        """Sum of the maxima of applicable criteria."""
        return Decimal(self._figure("applicable_max"))

    @property
    def base(self) -> Decimal:
        """Earned points normalised to the scale."""
        return Decimal(self._figure("base"))

    @property
    def bonus(self) -> Decimal:
        """Bonus points before the cap."""
        return Decimal(self._figure("bonus"))

    @property
    def bonus_counted(self) -> Decimal:
        """Bonus points counted, after the cap."""
        return Decimal(self._figure("bonus_counted"))

    @property
    def unrounded(self) -> Decimal:
        """The final score before rounding."""
        return Decimal(self._figure("unrounded"))

    @property
    def year(self) -> Optional[str]:
        """The assessment year, when the ruleset names a year field."""
        return self._top()["year"]

    # --- the explanation ---------------------------------------------------------------
    @property
    def ruleset(self) -> RulesetRef:
        """Id, version and digest of the ruleset that scored it."""
        r = self._part("ruleset")
        return RulesetRef(id=r["id"], version=r["version"], digest=r["digest"])

    @property
    def subject(self) -> Tuple[SubjectField, ...]:
        """The subject's identifying fields, in rule order."""
        return tuple(SubjectField(path=s["path"], value=s["value"]) for s in self._part("subject"))

    @property
    def grade_label(self) -> Text:
        return _text(self._part("grade_label"))

    @property
    def outcome_label(self) -> Text:
        return _text(self._part("outcome_label"))

    @property
    def conclusion(self) -> Text:
        """The outcome with the gate that failed or the veto that fired, in one line."""
        return _text(self._part("conclusion"))

    @property
    def breakdown(self) -> Text:
        """How the final score comes about: ``实得 88 + 加分 3 → 91.0``."""
        return _text(self._part("breakdown"))

    @property
    def gates(self) -> Tuple[GateResult, ...]:
        """Eligibility conditions, in rule order."""
        return tuple(_gate(g) for g in self._part("gates"))

    @property
    def vetoes(self) -> Tuple[VetoResult, ...]:
        """Vetoes, in rule order (``fired`` tells which applied)."""
        return tuple(_veto(v) for v in self._part("vetoes"))

    @property
    def dimensions(self) -> Tuple[DimensionResult, ...]:
        return tuple(_dimension(d) for d in self._part("dimensions"))

    @property
    def criteria(self) -> Tuple[CriterionResult, ...]:
        """Every criterion, in rule order."""
        return tuple(_criterion(c) for c in self._part("criteria"))

    @property
    def bonus_items(self) -> Tuple[CriterionResult, ...]:
        return tuple(_criterion(c) for c in self._part("bonus_items"))

    @property
    def notes(self) -> Tuple[Notice, ...]:
        """Notes: what the rules say about the submission without changing its score."""
        return tuple(_notice(n) for n in self._part("notes"))

    @property
    def warnings(self) -> Tuple[Notice, ...]:
        """Warnings: figures to check (a percent written as a fraction, an empty veto
        section), each with the JSON pointer of its field or group in ``path``."""
        return tuple(_notice(n) for n in self._part("warnings"))

    def criterion(self, id: str) -> CriterionResult:
        """The criterion or bonus item with this id."""
        found = self._answer.part("criteria", id)
        if found is None:
            raise KeyError(id)
        return _criterion(found)

    def _printed_reason(self, reason: Text, missing: Tuple[str, ...]) -> str:
        # The reason with the fields it needed that were missing, by label, in Chinese.
        return self._answer.printed_reason(reason.zh, reason.en, list(missing))[0]

    def _clause_label(self, id: str) -> str:
        # The clause with the source document's numbering, from the ruleset that scored
        # the report (a report read back from JSON knows it when the ruleset is bundled).
        return self._answer.clause_label(id)

    # --- conversions -------------------------------------------------------------------
    def to_json(self) -> str:
        """The canonical JSON answer, byte for byte what the CLI and every runtime give."""
        return self._answer.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The canonical answer as plain Python objects, equal to ``json.loads(to_json())``:
        decimals stay ``str`` (``"84.0"``), so nothing is rounded; use the attributes for
        ``Decimal`` values."""
        data: Dict[str, Any] = self._answer.to_dict()
        return data

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Report.from_json, (self.to_json(),))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        return self._answer == other._answer

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        name = " / ".join(s.value for s in self.subject)
        about = f" {name!r}" if name else ""
        year = f" {self.year}" if self.year else ""
        return (
            f"<Report {self._figure('ruleset_id')}{about}{year}: {self._figure('final_score')} "
            f"grade {self.grade}, {self.outcome}>"
        )

    def __str__(self) -> str:
        from ._render import report_text

        return report_text(self)

    def _repr_html_(self) -> str:
        from ._render import report_html

        return report_html(self)

    def plot(self, ax: Optional[Axes] = None, *, lang: Literal["zh", "en"] = "en") -> Axes:
        """Points against the maximum per dimension, the points lost hatched in red
        (matplotlib; see :func:`zonescore.plot_scores` for a whole table). Returns the axes."""
        from ._plot_scores import plot_report

        return plot_report(self, ax, lang=lang)
