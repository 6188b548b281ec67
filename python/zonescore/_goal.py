"""The county's goal over many reports (§2.1: 3 or more zones named in 2011–2015), summed up by the engine.

:func:`goal_summary` takes what :func:`score_many` returns and gives what ``zonescore
summary`` gives for the same submissions: the engine files each result (a report of the
ruleset counts; another ruleset's report or an invalid submission is skipped, with why),
decides the goal and words the verdict. This module only lays that answer out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple, Union

from . import _zonescore as _core
from ._api import RulesetLike, _resolve
from ._errors import ArgumentError, InvalidSubmissionError
from ._report import Report, RulesetRef, Text

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GoalRow",
    "GoalSummary",
    "NamedZone",
    "ProbableDuplicate",
    "RepeatedReport",
    "Skipped",
    "goal_summary",
]


class NamedZone(NamedTuple):
    """A zone that reached the goal's outcome: its identifying values (zone name, town), the
    first year it did, and its final score that year."""

    subject: Tuple[str, ...]
    first_year: int
    final_score: Decimal


@dataclass(frozen=True)
class GoalRow:
    """One report in the table of zones × years. ``counted`` is ``False`` for a report set
    aside because the zone has another for the same year (see :attr:`GoalSummary.repeated`);
    ``outside_period`` marks a year outside the rules' period, shown for reference only."""

    subject: Tuple[str, ...]
    year: Optional[int]
    final_score: Decimal
    grade: str
    outcome: str
    outcome_label: Text
    counted: bool
    outside_period: bool


@dataclass(frozen=True)
class RepeatedReport:
    """Several reports of one zone for one year: the lowest final score (``used``) counts.
    ``results`` are their places in the results given to :func:`goal_summary`, ``sources``
    their names there."""

    subject: Tuple[str, ...]
    year: int
    final_scores: Tuple[Decimal, ...]
    used: Decimal
    results: Tuple[int, ...]
    sources: Tuple[str, ...]
    message: Text


@dataclass(frozen=True)
class ProbableDuplicate:
    """Two subjects that are probably one zone written two ways (``kind`` says how)."""

    kind: str
    subjects: Tuple[Tuple[str, ...], Tuple[str, ...]]
    message: Text


@dataclass(frozen=True)
class Skipped:
    """A result that counts for nothing: at ``position`` in the results given, named
    ``source``; ``code`` is ``other_ruleset`` or the code of the submission's first error,
    at ``path`` (a JSON pointer, empty for the whole submission)."""

    position: int
    source: str
    code: str
    path: str
    message: Text


def _text(d: Dict[str, str]) -> Text:
    return Text(d["zh"], d["en"])


class GoalSummary:
    """Whether the ruleset's goal is met over the results given, as ``zonescore summary``
    says it: the zones ``named`` (by first year), every report as a ``row``, reports
    ``repeated`` for one year, ``probable_duplicates`` and what was ``skipped``.
    ``to_json()`` is the JSON ``zonescore summary --format json`` prints for the same
    submissions named as its files; ``to_frame()`` the rows as a pandas DataFrame."""

    ruleset: RulesetRef
    title: Text
    clause: Tuple[str, ...]
    target: int
    met: bool
    met_in_year: Optional[int]
    statement: Optional[Text]
    verdict: Text
    period_note: Optional[Text]
    named: Tuple[NamedZone, ...]
    rows: Tuple[GoalRow, ...]
    repeated: Tuple[RepeatedReport, ...]
    probable_duplicates: Tuple[ProbableDuplicate, ...]
    skipped: Tuple[Skipped, ...]
    subject_fields: Tuple[str, ...]
    """The dotted paths of the fields that name a zone (the columns of ``to_frame()``)."""

    def __init__(
        self, summed: Tuple[str, Tuple[str, str], Optional[Tuple[str, str]], List[int], List[int], List[str]]
    ) -> None:
        text, verdict, note, counted, skipped, subject_fields = summed
        self._json = text
        data = json.loads(text)
        s = data["summary"]
        self.ruleset = RulesetRef(**s["ruleset"])
        self.title = _text(s["title"])
        self.clause = tuple(s["clause"])
        self.target = s["target"]
        self.met = s["met"]
        self.met_in_year = s["met_in_year"]
        self.statement = _text(s["statement"]) if s["statement"] is not None else None
        self.verdict = Text(*verdict)
        self.period_note = Text(*note) if note is not None else None
        self.named = tuple(
            NamedZone(tuple(z["subject"]), z["first_year"], Decimal(z["final_score"])) for z in s["named"]
        )
        self.rows = tuple(
            GoalRow(
                subject=tuple(r["subject"]),
                year=r["year"],
                final_score=Decimal(r["final_score"]),
                grade=r["grade"],
                outcome=r["outcome"],
                outcome_label=_text(r["outcome_label"]),
                counted=r["counted"],
                outside_period=r["outside_period"],
            )
            for r in s["rows"]
        )
        # The engine numbers repeated reports among the reports it sums up: here, among the results given.
        self.repeated = tuple(
            RepeatedReport(
                subject=tuple(r["subject"]),
                year=r["year"],
                final_scores=tuple(Decimal(x) for x in r["final_scores"]),
                used=Decimal(r["used"]),
                results=tuple(counted[i] for i in r["reports"]),
                sources=tuple(data["sources"][i] for i in r["reports"]),
                message=_text(r["message"]),
            )
            for r in s["repeated"]
        )
        self.probable_duplicates = tuple(
            ProbableDuplicate(
                kind=d["kind"],
                subjects=(tuple(d["subjects"][0]), tuple(d["subjects"][1])),
                message=_text(d["message"]),
            )
            for d in s["probable_duplicates"]
        )
        self.skipped = tuple(
            Skipped(position=at, source=k["source"], code=k["code"], path=k["path"], message=_text(k["message"]))
            for at, k in zip(skipped, data["skipped"])
        )
        self.subject_fields = tuple(subject_fields)

    def to_json(self) -> str:
        """The canonical JSON (``summary``; ``sources``, the names of the reports summed up, in
        the order ``repeated[].reports`` numbers them; ``skipped``), byte for byte what ``zonescore
        summary --format json`` prints for the same submissions (without its final
        newline) when ``sources`` are the names it gives them."""
        return self._json

    def to_frame(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame: a column per field naming the zone (its dotted
        path), then ``year``, ``final_score`` (``Decimal``), ``grade``, ``outcome``,
        ``counted`` and ``outside_period``; the verdict is in ``attrs["verdict"]``."""
        from ._batch import _pandas

        pandas = _pandas("GoalSummary.to_frame")
        names = self.subject_fields
        columns: Dict[str, List[Any]] = {n: [] for n in names}
        for field in ("year", "final_score", "grade", "outcome", "counted", "outside_period"):
            columns[field] = []
        for r in self.rows:
            for i, n in enumerate(names):
                columns[n].append(r.subject[i] if i < len(r.subject) else None)
            columns["year"].append(r.year)
            columns["final_score"].append(r.final_score)
            columns["grade"].append(r.grade)
            columns["outcome"].append(r.outcome)
            columns["counted"].append(r.counted)
            columns["outside_period"].append(r.outside_period)
        frame: pd.DataFrame = pandas.DataFrame(columns)
        frame["year"] = frame["year"].astype("Int64")
        frame.attrs["verdict"] = self.verdict
        frame.attrs["met"] = self.met
        return frame

    def __str__(self) -> str:
        lines = [f"{self.title.zh}（{' '.join(self.clause)}）", self.verdict.zh]
        lines += [f"  {z.first_year} {' / '.join(z.subject)} {z.final_score}" for z in self.named]
        lines += [f"  {r.message.zh}" for r in self.repeated]
        lines += [f"  {d.message.zh}：{' / '.join(d.subjects[0])}、{' / '.join(d.subjects[1])}" for d in self.probable_duplicates]
        if self.skipped:
            lines.append(f"已跳过 {len(self.skipped)} 份：")
            lines += [f"  {k.source}：{k.message.zh}" for k in self.skipped]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"GoalSummary(ruleset={self.ruleset.id!r}, met={self.met}, met_in_year={self.met_in_year}, "
            f"named={len(self.named)}, target={self.target}, rows={len(self.rows)}, skipped={len(self.skipped)})"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoalSummary) and self._json == other._json

    def __hash__(self) -> int:
        return hash(self._json)


_Result = Union[Report, InvalidSubmissionError]


def goal_summary(
    results: Iterable[_Result], ruleset: Optional[RulesetLike] = None, *, sources: Optional[Sequence[str]] = None
) -> GoalSummary:
    """Whether the ruleset's goal over many reports is met (for ``zone-qualification``, §2.1:
    3 or more zones named in 2011–2015), from what :func:`score_many` returns: each a
    :class:`Report` or the :class:`InvalidSubmissionError` it returned.

    ``ruleset`` is the ruleset whose goal it is (default: the bundled ``zone-qualification``,
    as ``zonescore summary``). A report of another ruleset and an invalid submission count
    for nothing and are listed in ``skipped`` with why; ``sources`` names each result there
    (file names, say), by default its position. Of several reports of one zone for one year,
    the lowest score counts. Raises :class:`GoalError` when the ruleset sets no goal, or when
    no result counts (none was given, or each is invalid or another ruleset's report): its
    ``skipped`` says why each one does not.
    """
    from ._batch import _ONE

    if isinstance(results, _ONE) or isinstance(results, (Report, InvalidSubmissionError)) or not hasattr(results, "__iter__"):
        kind = type(results).__name__
        raise TypeError(
            f"goal_summary takes a list of results (what score_many returns), not one `{kind}` "
            f"(goal_summary 接受结果的列表（score_many 的返回值），而不是单个 `{kind}`)"
        )
    if hasattr(results, "columns"):
        # A table iterates as its column names: say what it is, not that item 0 is a `str`.
        kind = type(results).__name__
        raise TypeError(
            f"goal_summary takes the reports score_many returns, not a table (`{kind}`, as score_table gives): "
            f"score the submissions with score_many "
            f"(goal_summary 接受 score_many 返回的报告，而不是表格（`{kind}`，如 score_table 的结果）：请用 score_many 评分)"
        )
    items = list(results)
    answers = []
    for at, item in enumerate(items):
        if not isinstance(item, (Report, InvalidSubmissionError)):
            kind = type(item).__name__
            raise TypeError(
                f"goal_summary takes reports and the errors score_many returns; item {at} is `{kind}` "
                f"(goal_summary 接受 score_many 返回的报告和错误；第 {at} 项是 `{kind}`)"
            )
        answers.append(item._answer)
    if sources is None:
        names = [str(at) for at in range(len(items))]
    else:
        # One text is no list of names, though it iterates as one (a name per character).
        names = [sources] if isinstance(sources, (str, bytes)) else list(sources)
        if len(names) != len(items) or not all(isinstance(n, str) for n in names):
            odd = next((n for n in names if not isinstance(n, str)), None)
            shown = f"{len(names)} names" if len(names) != len(items) else repr(odd)
            raise ArgumentError(
                "sources",
                shown,
                f"每项结果一个名称（文本，共 {len(items)} 个）",
                f"one name (text) per result, {len(items)} in all",
            )
    return GoalSummary(_core.goal_summary(answers, names, _resolve(ruleset)))
