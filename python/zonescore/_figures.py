"""The figures of an answer's dict that a report reads as decimals, checked."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Dict, Iterator, Optional, Tuple


def _figures(d: Dict[str, Any]) -> Iterator[Tuple[str, Any]]:
    """Each figure of an answer's dict a report reads as a ``Decimal``, by JSON pointer."""
    tops = ("final_score", "earned", "applicable_max", "base", "bonus", "bonus_counted", "unrounded")
    yield from ((f"/{k}", d.get(k)) for k in tops)
    for key in ("criteria", "bonus_items", "dimensions"):
        for i, row in enumerate(d.get(key) or []):
            yield from ((f"/{key}/{i}/{k}", row.get(k)) for k in ("points", "max") if row.get(k) is not None)
            for j, part in enumerate(row.get("parts") or []):
                parts = ((f"/{key}/{i}/parts/{j}/{k}", part.get(k)) for k in ("points", "band"))
                yield from ((at, v) for at, v in parts if v is not None)


def _is_decimal(text: Any) -> bool:
    try:
        return isinstance(text, str) and Decimal(text).is_finite()
    except InvalidOperation:
        return False


def _bad_figure(d: Dict[str, Any]) -> Optional[Tuple[str, Any]]:
    """The first figure that is no finite decimal (hand-edited: ``"abc"``, ``"NaN"``), with
    its JSON pointer; ``None`` when every figure is one, as the engine writes them."""
    return next(((at, v) for at, v in _figures(d) if not _is_decimal(v)), None)
