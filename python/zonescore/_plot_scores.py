"""Score plots (matplotlib, imported when asked for): one report's points against the maximum
per dimension, and the grades and final scores of a results table.

They draw the engine's figures as they are (a report's dimensions, a table's columns),
nothing recomputed but the counting. Labels are English by default, as the replay plots'
(matplotlib's default font has no Chinese glyphs; ``lang="zh"`` once a CJK font is set).
"""

from __future__ import annotations

import textwrap
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any, List, Literal, Optional, Sequence

from . import _zonescore as _core
from ._errors import _check_lang
from ._plot import _axes, _pyplot, _ticker

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ._report import Report

__all__ = ["plot_report", "plot_scores"]

POINTS = "#2e86c1"
GAP = "#c0392b"

_WORDS = {
    "points": ("得分", "Points"),
    "gap": ("失分", "Points lost"),
    "dimension": ("评价维度", "Dimension"),
    "grades": ("等级分布", "Grades"),
    "grade": ("等级", "Grade"),
    "count": ("份数", "Submissions"),
    "scores": ("最终得分分布", "Final scores"),
    "score": ("最终得分", "Final score"),
    "invalid": _core.INVALID_WORD,
}


def _word(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def plot_report(report: Report, ax: Optional[Axes] = None, *, lang: Literal["zh", "en"] = "en") -> Axes:
    """One bar per dimension, its height the points earned; above it, hatched in red, the
    points lost up to the dimension's maximum (the gap), labelled ``points/max``. The first
    bar container holds the points, the second the gaps (zero where nothing was lost)."""
    lang = _check_lang(lang)
    ax = _axes(ax)
    dimensions = report.dimensions
    xs = list(range(len(dimensions)))
    points = [float(d.points) for d in dimensions]
    gaps = [float(d.max - d.points) for d in dimensions]
    ax.bar(xs, points, color=POINTS, label=_word("points", lang))
    ax.bar(xs, gaps, bottom=points, color="white", edgecolor=GAP, hatch="//", label=_word("gap", lang))
    for x, d in zip(xs, dimensions):
        ax.text(x, float(d.max), f"{d.points}/{d.max}", ha="center", va="bottom", fontsize=9)
    # English titles wrapped, so that six of them side by side do not run into each other.
    titles = [d.title.zh if lang == "zh" else textwrap.fill(d.title.en, 12) for d in dimensions]
    ax.set_xticks(xs, [f"{d.id}\n{t}" for d, t in zip(dimensions, titles)], fontsize=8)
    ax.set_xlabel(_word("dimension", lang))
    ax.set_ylabel(_word("points", lang))
    ax.set_ylim(0, max((float(d.max) for d in dimensions), default=1) * 1.15)
    if lang == "zh":  # the zone's name is Chinese: shown only where a CJK font is expected
        name = next((f.value for f in report.subject if f.value), report.ruleset.id)
        ax.set_title(f"{name}：{report.breakdown.zh}（{report.grade}）")
    else:
        # The engine's breakdown: what the bars add up to, and the bonus they do not show.
        ax.set_title(f"{report.breakdown.en} ({report.grade})")
    ax.legend(loc="upper right", fontsize=8)
    return ax


def _column(table: Any, name: str) -> List[Any]:
    """A column of a results table as a list: pandas, pyarrow or polars; anything without
    that column (a list of scores, another table) is a ``TypeError`` saying what is taken."""
    try:
        if hasattr(table, "to_pylist") and hasattr(table, "column"):  # pyarrow Table, RecordBatch
            values: List[Any] = table.column(name).to_pylist()
            return values
        column = table[name]
        listed: List[Any] = column.to_list() if hasattr(column, "to_list") else list(column)
        return listed
    except Exception as e:  # each table library raises its own kind for a missing column
        kind = type(table).__name__
        raise TypeError(
            f"plot_scores takes a score_table result, with a `{name}` column, not a `{kind}` without one "
            f"(plot_scores 需要 score_table 的结果（含 `{name}` 列），而不是不含该列的 `{kind}`)"
        ) from e


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def plot_scores(
    table: Any, *, grades: Optional[Sequence[str]] = None, lang: Literal["zh", "en"] = "en"
) -> Figure:
    """The grade distribution (one bar per grade, its height the count; rows that could not
    be scored as ``invalid``) and the histogram of final scores (bins of 5 points), side by
    side, from a :func:`score_table` result (pandas, pyarrow or polars). ``grades`` orders
    the bars (the rules' order); by default the grades found, sorted."""
    lang = _check_lang(lang)
    found = _column(table, "grade")
    scores = [Decimal(str(s)) for s in _column(table, "final_score") if not _missing(s)]
    counts = Counter(None if _missing(g) else str(g) for g in found)
    named = list(grades) if grades is not None else sorted(g for g in counts if g is not None)
    order: List[Optional[str]] = list(named)
    order += sorted(g for g in counts if g is not None and g not in order)
    if counts.get(None):
        order.append(None)
    fig, (left, right) = _pyplot().subplots(1, 2, figsize=(11, 4.2))
    labels = [_word("invalid", lang) if g is None else g for g in order]
    left.bar(labels, [counts.get(g, 0) for g in order], color=[GAP if g is None else POINTS for g in order])
    left.set_xlabel(_word("grade", lang))
    left.set_ylabel(_word("count", lang))
    left.set_title(_word("grades", lang))
    left.yaxis.set_major_locator(_ticker().MaxNLocator(integer=True))
    top = max([100.0, *(float(s) for s in scores)])
    edges = [5.0 * i for i in range(int(top // 5) + 2)]
    right.hist([float(s) for s in scores], bins=edges, color=POINTS, edgecolor="white")
    right.set_xlabel(_word("score", lang))
    right.set_ylabel(_word("count", lang))
    right.set_title(_word("scores", lang))
    right.yaxis.set_major_locator(_ticker().MaxNLocator(integer=True))
    fig.tight_layout()
    figure: Figure = fig
    return figure
