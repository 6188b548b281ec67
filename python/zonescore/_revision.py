"""Rules change as DataFrames: what differs between two rulesets (``diff``) and whom it moves (``replay``).

The engine compares the rules and replays the submissions; this module only lays its
answers out as pandas tables, with the summary in ``DataFrame.attrs``.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypedDict,
    Union,
)

from . import _zonescore as _core
from ._api import RulesetLike, Stored, Submission, _as_ruleset
from ._batch import _cells, _column_names, _pandas
from ._errors import ArgumentError, _check_lang
from ._report import RulesetRef, Text

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DIFF_COLUMNS",
    "REPLAY_COLUMNS",
    "PROBE_COLUMNS",
    "DeltaCount",
    "ImpactCounts",
    "MovedCheck",
    "MovedCriterion",
    "ReplaySummary",
    "Transition",
    "UnreachedThreshold",
    "diff",
    "diff_json",
    "replay",
]


DIFF_COLUMNS: Tuple[str, ...] = (
    "impact", "change", "item", "id", "title", "aspect", "aspect_label", "old", "new", "clause", "message",
)
"""The columns of :func:`diff`, in order."""

REPLAY_COLUMNS: Tuple[str, ...] = (
    "kind", "source", "old_final_score", "new_final_score", "delta", "old_grade", "new_grade",
    "old_outcome", "new_outcome", "old_valid", "new_valid", "changed", "moved", "moved_criteria",
    "moved_checks", "old_error", "new_error",
)
"""The columns of :func:`replay`, in order (then :data:`PROBE_COLUMNS` with ``probes=True``)."""

PROBE_COLUMNS: Tuple[str, ...] = (
    "probe_rule", "probe_rules", "probe_threshold", "probe_path", "probe_value", "probe_position", "probe_also",
)
"""The columns :func:`replay` adds with ``probes=True`` (empty on the stored rows)."""

_MAY_BE_EMPTY = frozenset(
    ("old_final_score", "new_final_score", "delta", "old_grade", "new_grade", "old_outcome", "new_outcome")
    + ("old_error", "new_error")
    + PROBE_COLUMNS
)


class ImpactCounts(TypedDict):
    """How many changes can move a score, change validity, change a report, or are wording."""

    score: int
    validity: int
    report: int
    wording: int


class MovedCriterion(TypedDict):
    """A criterion (or bonus item) whose points differ; ``None`` where it does not exist."""

    criterion: str
    old: Optional[Decimal]
    new: Optional[Decimal]


class MovedCheck(TypedDict):
    """A gate or veto whose result differs: ``kind`` ``"gate"`` (``old``, ``new``: whether it
    passed) or ``"veto"`` (whether it fired); ``None`` where the rules do not have it."""

    id: str
    kind: str
    old: Optional[bool]
    new: Optional[bool]


class DeltaCount(TypedDict):
    """How many submissions valid under both rulesets moved by an exact ``value`` (new − old)."""

    value: Decimal
    count: int


Transition = TypedDict("Transition", {"from": Optional[str], "to": Optional[str], "count": int})
"""How many went from one grade (or outcome) to another; ``None`` is invalid there."""


class UnreachedThreshold(TypedDict):
    """A threshold no probe reached from the base: its ``rule``, whose it is (``old``,
    ``new`` or ``both``) and the threshold in words."""

    rule: str
    rules: str
    threshold: Text


class ReplaySummary(TypedDict):
    """The engine's figures of one replayed set (the stored submissions, or the probes)."""

    count: int
    changed: int
    score_changed: int
    grade_changed: int
    outcome_changed: int
    valid_in_old_only: int
    valid_in_new_only: int
    invalid_in_both: int
    deltas: List[DeltaCount]
    grade_transitions: List[Transition]
    outcome_transitions: List[Transition]
    grades: List[str]
    unreached: List[UnreachedThreshold]


def _pick(text: Optional[Mapping[str, str]], lang: str) -> Optional[str]:
    return None if text is None else text[lang]


def _dec(text: Optional[str]) -> Optional[Decimal]:
    return None if text is None else Decimal(text)


def _ref(d: Mapping[str, str]) -> RulesetRef:
    return RulesetRef(d["id"], d["version"], d["digest"])


def diff_json(old: RulesetLike, new: RulesetLike) -> str:
    """What differs between two rulesets as canonical JSON, byte for byte what
    ``zonescore diff OLD NEW --format json`` prints (without its final newline).

    ``old`` and ``new`` are each a :class:`Ruleset`, a bundled id or the path of a rule
    file (an ``os.PathLike``); a rule file that cannot be used raises :class:`RulesetError`.
    """
    return _core.diff_json(_as_ruleset(old)._core, _as_ruleset(new)._core)


def diff(old: RulesetLike, new: RulesetLike, *, lang: Literal["zh", "en"] = "zh") -> pd.DataFrame:
    """What differs between two rulesets: one row per change, in the engine's order (those
    that can move a score first, then validity, report, wording; rule-file order within each).

    Columns (:data:`DIFF_COLUMNS`): ``impact`` (``score``, ``validity``, ``report``,
    ``wording``), ``change`` (``added``, ``removed``, ``changed``), ``item`` (``criterion``,
    ``field``, ``veto``, ``grade``, …), ``id``, ``title`` (for an item added or removed as a
    whole), ``aspect`` (the key that changed, as a rule-file path: ``max``,
    ``parts[0].bands``; ``id``, or ``path`` for a field, for an item renamed with nothing
    else changed, ``id`` then being the new one) and ``aspect_label`` (its name), ``old`` and
    ``new`` (the values as a
    memo shows them: ``≥95得10分；≥94得8分``), ``clause`` (the item's clause IDs, a list) and
    ``message`` (the change in one sentence). Texts are in ``lang`` (``"zh"`` or ``"en"``).
    Two rulesets that say the same give an empty frame with these columns.

    ``attrs``: ``same`` (bool), ``counts`` (:class:`ImpactCounts`), ``old`` and ``new``
    (:class:`RulesetRef`), ``changes`` (every change as the engine's JSON has it: both
    languages, and ``old``/``new`` as the rule file has them), ``lang``, ``headline``
    (the diff in one sentence, as ``zonescore diff`` opens with it) and ``kept_version``
    (when the two differ under one id and version, the note that the revision needs a
    version of its own, as ``zonescore diff`` gives it; else ``None``).
    """
    lang = _check_lang(lang)
    pandas = _pandas("diff")
    found = _core.diff(_as_ruleset(old)._core, _as_ruleset(new)._core)
    rows = [
        {
            "impact": c["impact"],
            "change": c["change"],
            "item": c["item"],
            "id": c["id"],
            "title": _pick(c["title"], lang),
            "aspect": c["aspect"],
            "aspect_label": _pick(c["aspect_label"], lang),
            "old": c["old_text"][lang],
            "new": c["new_text"][lang],
            "clause": list(c["clause"]),
            "message": c["message"][lang],
        }
        for c in found["changes"]
    ]
    columns = list(DIFF_COLUMNS)
    frame: pd.DataFrame = (
        pandas.DataFrame(rows, columns=columns)
        if rows
        else pandas.DataFrame({c: pandas.Series([], dtype=object) for c in columns})
    )
    n = found["counts"]
    counts: ImpactCounts = {
        "score": n["score"], "validity": n["validity"], "report": n["report"], "wording": n["wording"],
    }
    frame.attrs.update(
        same=found["same"], counts=counts, old=_ref(found["old"]), new=_ref(found["new"]),
        changes=found["changes"], lang=lang, headline=found["headline"][lang],
        kept_version=_pick(found["kept_version"], lang),
    )
    return frame


def _moved(case: Dict[str, Any], lang: str) -> Tuple[str, List[MovedCriterion], List[MovedCheck]]:
    moved = case["moved"]
    structured: List[MovedCriterion] = [
        {"criterion": m["criterion"], "old": _dec(m["old"]), "new": _dec(m["new"])} for m in moved
    ]
    checks: List[MovedCheck] = [{"id": c["id"], "kind": c["kind"], "old": c["old"], "new": c["new"]} for c in case["checks"]]
    # After the points, what else moved as the engine words it (应得分 100→102, V4 触发否决).
    words = [f"{m['criterion']} {m['old'] or '-'}→{m['new'] or '-'}" for m in moved]
    words += [w[lang] for w in case["also_moved"]]
    return " ".join(words), structured, checks


def _json_value(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def _case_row(case: Dict[str, Any], lang: str, with_probes: bool) -> Dict[str, Any]:
    old, new, probe = case["old"], case["new"], case["probe"]
    moved, moved_criteria, moved_checks = _moved(case, lang)
    row: Dict[str, Any] = {
        "kind": "stored" if probe is None else "probe",
        "source": case["source"],
        "old_final_score": _dec(old["final_score"]),
        "new_final_score": _dec(new["final_score"]),
        "delta": _dec(case["delta"]),
        "old_grade": old["grade"],
        "new_grade": new["grade"],
        "old_outcome": old["outcome"],
        "new_outcome": new["outcome"],
        "old_valid": old["valid"],
        "new_valid": new["valid"],
        "changed": case["changed"],
        "moved": moved,
        "moved_criteria": moved_criteria,
        "moved_checks": moved_checks,
        "old_error": old["error"][lang] if old["error"] else None,
        "new_error": new["error"][lang] if new["error"] else None,
    }
    if with_probes:
        row.update(dict.fromkeys(PROBE_COLUMNS))
    if probe is not None:
        row.update(
            probe_rule=probe["rule"],
            probe_rules=probe["rules"],
            probe_threshold=probe["threshold"][lang],
            probe_path=probe["field"],
            probe_value=_json_value(probe["value"]),
            probe_position=probe["position"],
            probe_also=[(path, _json_value(value)) for path, value in probe["also"]],
        )
    return row


def _summary(s: Dict[str, Any]) -> ReplaySummary:
    def transitions(items: List[Dict[str, Any]]) -> List[Transition]:
        return [{"from": t["from"], "to": t["to"], "count": t["count"]} for t in items]

    return {
        "count": s["count"],
        "changed": s["changed"],
        "score_changed": s["score_changed"],
        "grade_changed": s["grade_changed"],
        "outcome_changed": s["outcome_changed"],
        "valid_in_old_only": s["valid_in_old_only"],
        "valid_in_new_only": s["valid_in_new_only"],
        "invalid_in_both": s["invalid_in_both"],
        "deltas": [{"value": Decimal(d["value"]), "count": d["count"]} for d in s["deltas"]],
        "grade_transitions": transitions(s["grade_transitions"]),
        "outcome_transitions": transitions(s["outcome_transitions"]),
        "grades": list(s["grades"]),
        "unreached": [
            {"rule": u["rule"], "rules": u["rules"], "threshold": Text(u["threshold"]["zh"], u["threshold"]["en"])}
            for u in s["unreached"]
        ],
    }


def replay(
    old: RulesetLike,
    new: RulesetLike,
    submissions: Union[pd.DataFrame, Sequence[Stored]],
    *,
    probes: bool = False,
    base: Optional[Submission] = None,
    lang: Literal["zh", "en"] = "zh",
    sources: Optional[Sequence[str]] = None,
) -> pd.DataFrame:
    """Scores the same submissions under the old and the new rules: whom the change moves.

    ``submissions`` is a DataFrame with one row per submission and dotted field paths as
    columns (as :func:`score_table` reads it: an empty cell is a missing field), or a list
    of dicts, JSON texts or paths of JSON files (as :func:`submission_files` lists them). Each
    is named by ``sources``, by default the DataFrame's index labels (as ``str``), a path as
    given, or its position in the list (``"0"``, ``"1"``, …).

    One row per submission, in order (columns :data:`REPLAY_COLUMNS`): ``kind``
    (``"stored"``), ``source``, ``old_final_score`` and ``new_final_score`` (``Decimal``),
    ``delta`` (new − old, ``Decimal``, when valid under both), ``old_grade``,
    ``new_grade``, ``old_outcome``, ``new_outcome``, ``old_valid``, ``new_valid``,
    ``changed`` (score, grade, outcome, validity, any criterion's points, the applicable
    maximum or a gate's or veto's result differ), ``moved`` (what moved, as text: the criteria
    whose points differ, then the applicable maximum and the gates and vetoes whose result
    differs, in ``lang``: ``C1 10→8 C2 6→8``, ``应得分 100→102``, ``V4 触发否决``),
    ``moved_criteria`` (the criteria as a list of :class:`MovedCriterion`), ``moved_checks``
    (the gates and vetoes as a list of :class:`MovedCheck`), ``old_error`` and
    ``new_error`` (the first field error and how many more, in ``lang``, when invalid). A
    submission that cannot be scored is a row like any other, never an exception. The rows
    keep the DataFrame's index (a list gets positions).

    ``probes=True`` adds the engine's boundary probes: submissions made from ``base`` by
    moving one field to just below, at and just above each threshold of either ruleset.
    They follow the stored rows (the frame then gets a fresh ``RangeIndex``) with ``kind``
    ``"probe"`` and :data:`PROBE_COLUMNS`: the rule, whose threshold (``old``, ``new``,
    ``both``), the threshold in words, the field's JSON pointer, its value in the probe
    (``Decimal`` for a number), ``below``/``at``/``above``/``other`` and the fields set first
    (``probe_also``, pointer and value). ``base`` is a dict or JSON text valid under either
    ruleset (else :class:`InvalidSubmissionError`); by default the first submission both
    rulesets accept that the old rules score with every gate passed and no veto fired (so that
    probes can move its grade and outcome), else the first both accept, else the first the
    old rules accept, else the first the new rules accept, as ``zonescore replay --probes``.
    ``base`` without ``probes=True`` is an :class:`ArgumentError` (``argument`` ``probes``).

    ``attrs``: ``old`` and ``new`` (:class:`RulesetRef`), ``submissions`` (a
    :class:`ReplaySummary`: counts, the distribution of exact score deltas, grade and
    outcome transitions), ``probes`` (the same for the probes, with the thresholds no probe
    reached, or ``None``), ``lang`` and ``kept_version`` (as :func:`diff` gives it).
    :func:`plot_replay` draws them.
    """
    lang = _check_lang(lang)
    if base is not None and not probes:
        # As `zonescore replay --base` needs --probes: probe rows without their columns would
        # be counted as submissions.
        raise ArgumentError("probes", repr(probes), "True（给出 base 时）", "True when base is given")
    pandas = _pandas("replay")
    a, b = _as_ruleset(old)._core, _as_ruleset(new)._core
    if isinstance(submissions, pandas.DataFrame):
        frame = submissions
        names = _column_names(frame)
        values = [_cells(frame.iloc[:, i]) for i in range(frame.shape[1])]
        labels = [str(i) for i in frame.index] if sources is None else [str(s) for s in sources]
        found = _core.replay_table(a, b, len(frame), names, values, [pandas.NA, pandas.NaT], labels, probes, base)
        index: Any = frame.index
    elif isinstance(submissions, (Mapping, str, bytes, bytearray, memoryview)):
        raise TypeError("replay takes many submissions: a DataFrame, or a list of dicts or JSON texts")
    else:
        from ._batch import _read_paths

        given = list(submissions)
        named = [os.fspath(s) if isinstance(s, os.PathLike) else str(i) for i, s in enumerate(given)]
        labels = named if sources is None else [str(s) for s in sources]
        items = _read_paths(given)
        found = _core.replay(a, b, items, labels, probes, base)
        index = pandas.RangeIndex(len(items))
    cases = found["submissions"]["cases"]
    probe_set = found["probes"]
    if probe_set is not None:
        cases = cases + probe_set["cases"]
        index = None
    columns = list(REPLAY_COLUMNS) + (list(PROBE_COLUMNS) if probes else [])
    rows = [_case_row(c, lang, probes) for c in cases]
    labels = pandas.RangeIndex(len(rows)) if index is None else index
    # A column that may hold an empty cell is `object` with None there, as in score_table:
    # left to infer, pandas makes a text column with an empty cell a string column of NaN,
    # so the frame's shape would hang on whether some submission was invalid.
    result: pd.DataFrame = pandas.DataFrame(
        {
            c: pandas.Series([r[c] for r in rows], index=labels, dtype=object if c in _MAY_BE_EMPTY else None)
            for c in columns
        },
        index=labels,
    )
    result.attrs.update(
        old=_ref(found["old"]),
        new=_ref(found["new"]),
        submissions=_summary(found["submissions"]),
        probes=None if probe_set is None else _summary(probe_set),
        lang=lang,
        kept_version=_pick(found["kept_version"], lang),
    )
    return result
