"""Replay plots (matplotlib, imported when asked for): the score-delta histogram, the grade-transition matrix.

Both draw the engine's own summary of the replay (``result.attrs``), nothing recomputed.
Labels are in English by default: matplotlib's default font has no Chinese glyphs; pass
``lang="zh"`` once a CJK font is set (``matplotlib.rcParams["font.sans-serif"]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Literal, Optional, Tuple

from . import _zonescore as _core
from ._errors import _check_lang
from ._revision import ReplaySummary

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_grade_transitions", "plot_replay", "plot_score_deltas"]


_WORDS = {
    "deltas": ("得分变化分布", "Score changes"),
    "delta": ("得分变化（新 − 原）", "Score change (new − old)"),
    "count": ("份数", "Submissions"),
    "probes": ("（边界探针）", " (boundary probes)"),
    "transitions": ("等级变化", "Grade transitions"),
    "old": ("原规则下的等级", "Grade under the old rules"),
    "new": ("新规则下的等级", "Grade under the new rules"),
    "invalid": _core.INVALID_WORD,
}


def _word(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError(
            "the replay plots are drawn with matplotlib: install it (pip install matplotlib, "
            "or pip install 'zonescore[plot]')"
        ) from e
    return plt


def _ticker() -> Any:
    import matplotlib.ticker

    return matplotlib.ticker


def _summary(result: pd.DataFrame, probes: bool) -> ReplaySummary:
    key = "probes" if probes else "submissions"
    summary: Optional[ReplaySummary] = result.attrs.get(key)
    if summary is None:
        what = "a replay with probes=True" if probes else "the result of zonescore.replay"
        raise ValueError(f"nothing to plot: expected {what} (its attrs[{key!r}] holds the summary)")
    return summary


def _axes(ax: Optional[Axes]) -> Axes:
    if ax is not None:
        return ax
    _, new_ax = _pyplot().subplots()
    created: Axes = new_ax
    return created


def plot_score_deltas(
    result: pd.DataFrame, ax: Optional[Axes] = None, *, probes: bool = False, lang: Literal["zh", "en"] = "en"
) -> Axes:
    """The distribution of exact final-score changes (new − old) over the submissions
    valid under both rulesets: one bar per distinct change, its height the count; no
    change in grey. ``probes=True`` draws the probes instead. Returns the axes."""
    lang = _check_lang(lang)
    summary = _summary(result, probes)
    ax = _axes(ax)
    values = [d["value"] for d in summary["deltas"]]
    counts = [d["count"] for d in summary["deltas"]]
    xs = [float(v) for v in values]
    gaps = [b - a for a, b in zip(xs, xs[1:]) if b > a]
    width = 0.8 * min(gaps) if gaps else 0.08
    colours = ["#9e9e9e" if v == 0 else ("#c0392b" if v < 0 else "#2e86c1") for v in values]
    ax.bar(xs, counts, width=width, color=colours)
    ax.set_xlabel(_word("delta", lang))
    ax.set_ylabel(_word("count", lang))
    ax.set_title(_word("deltas", lang) + (_word("probes", lang) if probes else ""))
    ax.yaxis.set_major_locator(_ticker().MaxNLocator(integer=True))
    return ax


def _grade_axis(summary: ReplaySummary) -> List[Optional[str]]:
    """The grades in the rules' order, as the engine gives them, and invalid last when a
    submission is invalid under either ruleset."""
    order: List[Optional[str]] = list(summary["grades"])
    if any(t["from"] is None or t["to"] is None for t in summary["grade_transitions"]):
        order.append(None)
    return order


def _matrix(summary: ReplaySummary) -> Tuple[List[Optional[str]], List[List[int]]]:
    axis = _grade_axis(summary)
    counts = [[0] * len(axis) for _ in axis]
    for t in summary["grade_transitions"]:
        counts[axis.index(t["from"])][axis.index(t["to"])] += t["count"]
    return axis, counts


def plot_grade_transitions(
    result: pd.DataFrame, ax: Optional[Axes] = None, *, probes: bool = False, lang: Literal["zh", "en"] = "en"
) -> Axes:
    """The grade-transition matrix: old grade down, new grade across, each cell the number
    of submissions (the diagonal kept its grade; ``invalid`` where one ruleset does not
    accept the submission). ``probes=True`` draws the probes instead. Returns the axes."""
    lang = _check_lang(lang)
    summary = _summary(result, probes)
    ax = _axes(ax)
    axis, counts = _matrix(summary)
    labels = [_word("invalid", lang) if g is None else g for g in axis]
    ax.imshow(counts, cmap="Blues", vmin=0)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel(_word("new", lang))
    ax.set_ylabel(_word("old", lang))
    ax.set_title(_word("transitions", lang) + (_word("probes", lang) if probes else ""))
    most = max((c for row in counts for c in row), default=0)
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            if count:
                colour = "white" if count > most / 2 else "black"
                ax.text(j, i, str(count), ha="center", va="center", color=colour)
    return ax


def plot_replay(result: pd.DataFrame, *, probes: bool = False, lang: Literal["zh", "en"] = "en") -> Figure:
    """Both plots side by side: :func:`plot_score_deltas` and :func:`plot_grade_transitions`."""
    lang = _check_lang(lang)
    _summary(result, probes)
    fig, (left, right) = _pyplot().subplots(1, 2, figsize=(11, 4.2))
    plot_score_deltas(result, left, probes=probes, lang=lang)
    plot_grade_transitions(result, right, probes=probes, lang=lang)
    fig.tight_layout()
    figure: Figure = fig
    return figure
