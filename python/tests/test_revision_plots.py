"""The replay plots draw the engine's summary: the score-delta histogram and the grade-transition matrix."""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any, List

import pytest

import zonescore
from conftest import EXAMPLES, REPO, load

import pandas  # noqa: F401  (installed by python/test.sh: a missing one fails)
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

REVISED = REPO / "rules" / "fixtures" / "zone-qualification-revised.toml"


@pytest.fixture(scope="module")
def result() -> Any:
    submissions: List[Any] = [load(p) for p in sorted((EXAMPLES / "zone-qualification").glob("*.json"))]
    return zonescore.replay("zone-qualification", REVISED, submissions + [[1]], probes=True)


@pytest.fixture(autouse=True)
def close_figures() -> Any:
    yield
    plt.close("all")


def test_the_delta_histogram_has_a_bar_per_exact_delta(result: Any) -> None:
    ax = zonescore.plot_score_deltas(result)
    deltas = result.attrs["submissions"]["deltas"]
    bars = list(ax.patches)
    assert [b.get_height() for b in bars] == [d["count"] for d in deltas]
    centres = [round(b.get_x() + b.get_width() / 2, 6) for b in bars]
    assert centres == [float(d["value"]) for d in deltas]
    zero = next(b for b, d in zip(bars, deltas) if d["value"] == Decimal("0.0"))
    assert matplotlib.colors.to_hex(zero.get_facecolor()) == "#9e9e9e"
    assert ax.get_xlabel() == "Score change (new − old)"


def test_the_transition_matrix_counts_every_pair(result: Any) -> None:
    fig, ax = plt.subplots()
    assert zonescore.plot_grade_transitions(result, ax) is ax
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["A", "B", "C", "D", "invalid"]
    matrix = ax.images[0].get_array().tolist()
    assert matrix == [
        [3, 0, 0, 0, 0],
        [0, 2, 1, 0, 0],
        [0, 0, 1, 1, 0],
        [0, 0, 0, 2, 0],
        [0, 0, 0, 0, 1],
    ]
    assert sorted(t.get_text() for t in ax.texts) == sorted(["3", "2", "1", "1", "1", "2", "1"])


# Chinese labels need a CJK font, which matplotlib's default has not: the glyphs are warned of.
@pytest.mark.filterwarnings("ignore:Glyph")
def test_plot_replay_draws_both_and_the_probes(result: Any) -> None:
    fig = zonescore.plot_replay(result)
    assert len(fig.axes) == 2 and fig.axes[1].images
    fig = zonescore.plot_replay(result, probes=True, lang="zh")
    assert fig.axes[0].get_title() == "得分变化分布（边界探针）"
    heights = [b.get_height() for b in fig.axes[0].patches]
    assert sum(heights) == result.attrs["probes"]["count"] - result.attrs["probes"]["invalid_in_both"]


def test_what_cannot_be_plotted(result: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    stored_only = zonescore.replay("zone-qualification", REVISED, [load(EXAMPLES / "zone-qualification" /
                                                                        "oubei-valves-2013.json")])
    with pytest.raises(ValueError, match="probes=True"):
        zonescore.plot_replay(stored_only, probes=True)
    with pytest.raises(ValueError, match="zonescore.replay"):
        zonescore.plot_score_deltas(zonescore.diff("zone-qualification", REVISED))
    with pytest.raises(ValueError, match="lang"):
        zonescore.plot_replay(result, lang="fr")  # type: ignore[arg-type]
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match="pip install matplotlib"):
        zonescore.plot_score_deltas(result)


def test_grades_are_laid_out_in_the_rules_order(result: Any) -> None:
    # The engine gives the grades of both rulesets in the rules' order; invalid comes last
    # only when some submission is invalid under either ruleset.
    summary = result.attrs["submissions"]  # `[1]` is invalid under both
    assert summary["grades"] == ["A", "B", "C", "D"]
    assert zonescore._plot._grade_axis(summary) == ["A", "B", "C", "D", None]
    all_valid: Any = dict(summary, grade_transitions=[{"from": "B", "to": "C", "count": 1}])
    assert zonescore._plot._grade_axis(all_valid) == ["A", "B", "C", "D"]
