"""What-if answers as Python objects: the score bounds of a half-filled submission and
advice on the fewest changes that reach a grade or outcome.

The engine answers in canonical JSON (``Ruleset.bounds_json`` / ``advise_json``); the
classes here are read-only views of that text, with ``Decimal`` for every number.
Nothing is decided here: every figure, code and sentence is the engine's.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field, fields
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Dict, FrozenSet, Literal, Mapping, Optional, Tuple, Union

from . import _zonescore as _core
from ._errors import _check_lang
from ._report import RulesetRef, Text

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Advice",
    "AdviceChange",
    "AdviceOption",
    "Blocker",
    "Bounds",
    "CheckBounds",
    "CriterionBounds",
    "FieldValue",
    "OpenField",
    "Span",
]

FieldValue = Union[Decimal, bool, str, None]
"""A field's value in a what-if answer: a ``Decimal`` for a number field, a ``bool``, an
enum code (``str``), or ``None`` for a field left empty."""


def _dec(s: Optional[str]) -> Optional[Decimal]:
    return None if s is None else Decimal(s)


def _text(d: Mapping[str, str]) -> Text:
    return Text(d["zh"], d["en"])


def _value(path: str, v: Any, numbers: FrozenSet[str]) -> FieldValue:
    """A value of the wire (decimal strings for numbers) as Python: the field's type, from
    the submission schema, tells a number from an enum code."""
    if isinstance(v, str) and path in numbers:
        return Decimal(v)
    if v is None or isinstance(v, (bool, str)):
        return v
    return Decimal(str(v))


def _ref(d: Mapping[str, str]) -> RulesetRef:
    return RulesetRef(d["id"], d["version"], d["digest"])


@dataclass(frozen=True)
class Span:
    """Lowest and highest reachable, exact; ``None`` at an end nothing bounds."""

    min: Optional[Decimal]
    max: Optional[Decimal]

    @property
    def text(self) -> Text:
        """The range as every face writes it (``61.0–91.0``; 无下限 / no lower limit for an
        open end), in the engine's words."""
        low, high = (None if d is None else str(d) for d in (self.min, self.max))
        return Text(*_core.span_text(low, high))

    def __str__(self) -> str:
        return self.text.zh

    @classmethod
    def _of(cls, d: Mapping[str, Optional[str]]) -> Span:
        return cls(_dec(d["min"]), _dec(d["max"]))


@dataclass(frozen=True)
class CriterionBounds:
    """The points a criterion (or bonus item) can still reach. ``applies`` is ``yes``,
    ``no`` or ``open`` (合理缺项 decided by a missing switch); ``max`` its most points."""

    id: str
    title: Text
    points: Span
    max: Optional[Decimal]
    applies: str
    open_fields: Tuple[str, ...]


@dataclass(frozen=True)
class CheckBounds:
    """A gate or veto: ``holds`` is ``yes`` (the gate passes, the veto fires, whatever is
    filled in), ``no``, or ``open`` on ``open_fields`` (JSON pointers)."""

    id: str
    title: Text
    holds: str
    open_fields: Tuple[str, ...]


@dataclass(frozen=True)
class OpenField:
    """A missing field, how far it can still move the final score (``swing``), and whether
    filling it can still change the answer (``worth_asking``: a swing above 0, or a gate or
    veto still open that it decides, which moves the grade or outcome, not the score)."""

    path: str
    label: Text
    swing: Decimal
    worth_asking: bool
    affects: Tuple[str, ...]


@dataclass(frozen=True)
class Bounds:
    """What a half-filled submission can still score, over every completion of its missing
    fields (``Ruleset.bounds``), with ``summary``, the engine's sentence about them. ``exact``:
    every end is attained by a completion the engine scored; otherwise the bounds are sound
    (never narrower than the truth). ``highest`` and
    ``lowest`` are completions (missing field's JSON pointer → value) scoring each end."""

    ruleset: RulesetRef
    exact: bool
    missing: int
    final_score: Span
    grades: Tuple[str, ...]
    outcomes: Tuple[str, ...]
    summary: Text
    criteria: Tuple[CriterionBounds, ...]
    gates: Tuple[CheckBounds, ...]
    vetoes: Tuple[CheckBounds, ...]
    open_fields: Tuple[OpenField, ...]
    highest: Mapping[str, FieldValue]
    lowest: Mapping[str, FieldValue]
    _json: str = field(default="", repr=False, compare=False)

    def __hash__(self) -> int:
        # The completions are read-only mappings, which do not hash: their items do, in any
        # order, as the mappings compare.
        plain = tuple(getattr(self, f.name) for f in fields(self) if f.compare and f.name not in ("highest", "lowest"))
        return hash((plain, frozenset(self.highest.items()), frozenset(self.lowest.items())))

    @classmethod
    def _of(cls, d: Mapping[str, Any], numbers: FrozenSet[str], text: str) -> Bounds:

        def checks(items: Any) -> Tuple[CheckBounds, ...]:
            return tuple(CheckBounds(c["id"], _text(c["title"]), c["holds"], tuple(c["open_fields"])) for c in items)

        def completion(m: Mapping[str, Any]) -> Mapping[str, FieldValue]:
            return MappingProxyType({p: _value(p, v, numbers) for p, v in m.items()})

        return cls(
            ruleset=_ref(d["ruleset"]),
            exact=d["exact"],
            missing=d["missing"],
            final_score=Span._of(d["final_score"]),
            grades=tuple(d["grades"]),
            outcomes=tuple(d["outcomes"]),
            summary=_text(d["summary"]),
            criteria=tuple(
                CriterionBounds(
                    c["id"], _text(c["title"]), Span._of(c["points"]), _dec(c["max"]), c["applies"],
                    tuple(c["open_fields"]),
                )
                for c in d["criteria"]
            ),
            gates=checks(d["gates"]),
            vetoes=checks(d["vetoes"]),
            open_fields=tuple(
                OpenField(f["path"], _text(f["label"]), Decimal(f["swing"]), f["worth_asking"], tuple(f["affects"]))
                for f in d["open_fields"]
            ),
            highest=completion(d["highest"]),
            lowest=completion(d["lowest"]),
            _json=text,
        )

    def __reduce__(self) -> Tuple[Any, ...]:
        # The completions are read-only mappings, which do not pickle: send them as dicts.
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        fields["highest"], fields["lowest"] = dict(self.highest), dict(self.lowest)
        return (_bounds_of_fields, (fields,))

    def criterion(self, id: str) -> CriterionBounds:
        """The bounds of one criterion or bonus item by id (``KeyError`` if unknown)."""
        for c in self.criteria:
            if c.id == id:
                return c
        raise KeyError(id)

    def to_json(self) -> str:
        """The canonical JSON answer, byte for byte what ``bounds_json`` and the CLI give."""
        return self._json

    def to_dict(self) -> Dict[str, Any]:
        """The answer as Python objects (``json.loads(self.to_json())``; decimals as ``str``)."""
        data: Dict[str, Any] = json.loads(self._json)
        return data

    def criteria_frame(self, *, lang: Literal["zh", "en"] = "zh") -> pd.DataFrame:
        """One row per criterion then bonus item: ``id``, ``title`` (in ``lang``),
        ``points_min``, ``points_max``, ``max`` (``Decimal`` or ``None``), ``applies`` and
        ``open_fields`` (the missing fields it reads, comma-separated JSON pointers)."""
        import pandas as pd

        lang = _check_lang(lang)
        rows = [
            {
                "id": c.id,
                "title": getattr(c.title, lang),
                "points_min": c.points.min,
                "points_max": c.points.max,
                "max": c.max,
                "applies": c.applies,
                "open_fields": ", ".join(c.open_fields),
            }
            for c in self.criteria
        ]
        columns = ["id", "title", "points_min", "points_max", "max", "applies", "open_fields"]
        return pd.DataFrame(rows, columns=columns)

    def open_fields_frame(self, *, lang: Literal["zh", "en"] = "zh") -> pd.DataFrame:
        """The missing fields, those that can move the final score most first: ``path``,
        ``label`` (in ``lang``), ``swing`` (``Decimal``), ``worth_asking`` and ``affects``
        (comma-separated ids)."""
        import pandas as pd

        lang = _check_lang(lang)
        rows = [
            {
                "path": f.path,
                "label": getattr(f.label, lang),
                "swing": f.swing,
                "worth_asking": f.worth_asking,
                "affects": ", ".join(f.affects),
            }
            for f in self.open_fields
        ]
        return pd.DataFrame(rows, columns=["path", "label", "swing", "worth_asking", "affects"])

    def _repr_html_(self) -> str:
        from ._render_whatif import bounds_html

        return bounds_html(self)


@dataclass(frozen=True)
class AdviceChange:
    """One field changed: from its value now (``from_``; ``None`` when missing) to ``to``
    (for a threshold, the threshold itself), both also as a form shows them
    (``from_text``, ``to_text``: 是/否, an enum value's title, 未填写 for none), the
    ``criterion`` (or veto, gate) it lifts most, that rule's ``clause`` IDs and the
    ``points`` it adds there on its own."""

    path: str
    label: Text
    from_: FieldValue
    to: FieldValue
    from_text: Text
    to_text: Text
    criterion: str
    clause: Tuple[str, ...]
    points: Decimal


@dataclass(frozen=True)
class AdviceOption:
    """A set of changes that reaches the target, checked by scoring the changed submission:
    the final score, grade and outcome after them."""

    changes: Tuple[AdviceChange, ...]
    final_score: Decimal
    grade: str
    outcome: str


@dataclass(frozen=True)
class Blocker:
    """A veto or gate in the way that no actionable field can change, and the fields it reads."""

    id: str
    title: Text
    fields: Tuple[str, ...]


@dataclass(frozen=True)
class Advice:
    """What must change to reach a grade or outcome (``Ruleset.advise``): the submission's
    score now, whether the ``target`` is ``reached`` already or ``reachable`` by changing
    actionable fields, the smallest sets of changes (``options``, fewest fields first), the
    vetoes and gates in the way (``blocked_by``), and when the target is out of reach, the
    ``best`` advice that is not. ``summary`` says it in both languages."""

    ruleset: RulesetRef
    target: str
    final_score: Decimal
    grade: str
    outcome: str
    reached: bool
    reachable: bool
    options: Tuple[AdviceOption, ...]
    blocked_by: Tuple[Blocker, ...]
    best: Optional[Advice]
    summary: Text
    _json: str = field(default="", repr=False, compare=False)
    # Numbers the clauses as the source document does, for the HTML (`§5.2.1（五（二）1）`).
    _clause_label: Optional[Callable[[str], str]] = field(default=None, repr=False, compare=False)

    @classmethod
    def _of(
        cls, d: Mapping[str, Any], numbers: FrozenSet[str], text: str,
        clause_label: Optional[Callable[[str], str]] = None,
    ) -> Advice:
        def change(c: Mapping[str, Any]) -> AdviceChange:
            path = c["path"]
            return AdviceChange(
                path, _text(c["label"]), _value(path, c["from"], numbers), _value(path, c["to"], numbers),
                _text(c["from_text"]), _text(c["to_text"]), c["criterion"], tuple(c["clause"]), Decimal(c["points"]),
            )

        best = d.get("best")
        return cls(
            ruleset=_ref(d["ruleset"]),
            target=d["target"],
            final_score=Decimal(d["final_score"]),
            grade=d["grade"],
            outcome=d["outcome"],
            reached=d["reached"],
            reachable=d["reachable"],
            options=tuple(
                AdviceOption(tuple(change(c) for c in o["changes"]), Decimal(o["final_score"]), o["grade"], o["outcome"])
                for o in d["options"]
            ),
            blocked_by=tuple(Blocker(b["id"], _text(b["title"]), tuple(b["fields"])) for b in d["blocked_by"]),
            # The best reachable advice is a part of this answer: its JSON is its own members,
            # in the engine's canonical form.
            best=None if best is None else cls._of(best, numbers, _core.best_advice_json(text) or "", clause_label),
            summary=_text(d["summary"]),
            _json=text,
            _clause_label=clause_label,
        )

    def to_json(self) -> str:
        """The canonical JSON answer, byte for byte what ``advise_json`` and the CLI give."""
        return self._json

    def to_dict(self) -> Dict[str, Any]:
        """The answer as Python objects (``json.loads(self.to_json())``; decimals as ``str``)."""
        data: Dict[str, Any] = json.loads(self._json)
        return data

    def changes_frame(self, *, lang: Literal["zh", "en"] = "zh") -> pd.DataFrame:
        """Every option's changes, one row each: ``option`` (its index in ``options``),
        ``path``, ``label`` (in ``lang``), ``from`` and ``to`` (``Decimal``, ``bool``, enum
        code or ``None``), ``from_text`` and ``to_text`` (the same as a form shows them, in
        ``lang``), ``criterion``, ``clause`` (comma-separated IDs) and ``points``
        (``Decimal``). Empty, with these columns, when there is no option (see ``best``)."""
        import pandas as pd

        lang = _check_lang(lang)
        rows = [
            {
                "option": i,
                "path": c.path,
                "label": getattr(c.label, lang),
                "from": c.from_,
                "to": c.to,
                "from_text": getattr(c.from_text, lang),
                "to_text": getattr(c.to_text, lang),
                "criterion": c.criterion,
                "clause": ", ".join(c.clause),
                "points": c.points,
            }
            for i, option in enumerate(self.options)
            for c in option.changes
        ]
        columns = ["option", "path", "label", "from", "to", "from_text", "to_text", "criterion", "clause", "points"]
        return pd.DataFrame(rows, columns=columns)

    def _repr_html_(self) -> str:
        from ._render_whatif import advice_html

        return advice_html(self)


def _bounds_of_fields(fields: Dict[str, Any]) -> Bounds:
    fields["highest"] = MappingProxyType(fields["highest"])
    fields["lowest"] = MappingProxyType(fields["lowest"])
    return Bounds(**fields)
