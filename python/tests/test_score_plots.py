"""Report.plot draws a report's points against each dimension's maximum; plot_scores a table's
grades and final scores. The bars are checked against the engine's own figures."""

from __future__ import annotations

from collections import Counter
from typing import Any, Dict, Iterator, List

import matplotlib
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import zonescore
from conftest import EXAMPLES, load

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def test_report_plot_bars_are_the_points_and_the_gaps() -> None:
    report = zonescore.score_submission(load(EXAMPLES / "zone-qualification" / "qiaoxia-educational-toys-2012.json"))
    ax = report.plot()
    points, gaps = ax.containers
    dimensions = report.dimensions
    assert len(points) == len(dimensions) == 6
    for bar, gap, d in zip(points, gaps, dimensions):
        assert bar.get_height() == float(d.points)
        # The gap sits on the points and reaches the maximum, outlined in red.
        assert gap.get_y() == float(d.points) and gap.get_height() == float(d.max - d.points)
        assert gap.get_edgecolor() == to_rgba("#c0392b") and gap.get_hatch() == "//"
    # 质量水平 (C) lost the most: 9 of 30.
    lost = {d.id: gap.get_height() for d, gap in zip(dimensions, gaps) if gap.get_height() > 0}
    assert lost == {"A": 2.0, "B": 5.0, "C": 21.0, "D": 2.0, "E": 2.0, "F": 1.0}
    labels = [t.get_text() for t in ax.texts]
    assert labels == [f"{d.points}/{d.max}" for d in dimensions]
    assert [t.get_text().split("\n")[0] for t in ax.get_xticklabels()] == ["A", "B", "C", "D", "E", "F"]
    assert report.grade in ax.get_title() and str(report.final_score) in ax.get_title()
    # The title is the engine's breakdown: the bonus the bars leave out is said there.
    assert ax.get_title() == f"{report.breakdown.en} ({report.grade})"
    # English titles are wrapped: none runs wider than its neighbours' room.
    assert all(len(line) <= 12 for t in ax.get_xticklabels() for line in t.get_text().split("\n")[1:])


@pytest.mark.filterwarnings("ignore:Glyph")  # Chinese labels: no CJK font in the test machine
def test_a_full_report_has_no_gap() -> None:
    report = zonescore.score_submission(load(EXAMPLES / "zone-qualification" / "oubei-valves-2016.json"))
    _, ax = plt.subplots()
    assert report.plot(ax, lang="zh") is ax
    _, gaps = ax.containers
    full = [d for d in report.dimensions if d.points == d.max]
    assert sum(1 for g in gaps if g.get_height() == 0) == len(full) > 0


def _tables(zone_examples: List[Dict[str, Any]]) -> List[Any]:
    frame = pd.json_normalize(zone_examples * 3)
    frame = frame.astype({"zone.industry": object})
    frame.loc[0, "zone.industry"] = "阀门"  # one row that cannot be scored
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return [zonescore.score_table(frame), zonescore.score_table(table), zonescore.score_table(pl.from_arrow(table))]


@pytest.mark.filterwarnings("ignore:Glyph")
def test_plot_scores_counts_grades_and_scores(zone_examples: List[Dict[str, Any]]) -> None:
    reports = [zonescore.score_submission(s) for s in zone_examples * 3][1:]
    grades = Counter(r.grade for r in reports)
    for results in _tables(zone_examples):
        fig = zonescore.plot_scores(results)
        left, right = fig.axes
        names = [t.get_text() for t in left.get_xticklabels()]
        heights = [bar.get_height() for bar in left.containers[0]]
        assert names == [*sorted(grades), "invalid"]
        assert heights == [*(grades[g] for g in sorted(grades)), 1]
        # The histogram holds every scored row, each in its 5-point bin.
        assert sum(p.get_height() for p in right.patches) == len(reports)
        for r in reports:
            bin_at = int(float(r.final_score) // 5)
            assert right.patches[bin_at].get_height() >= 1
    fig = zonescore.plot_scores(_tables(zone_examples)[0], grades=["A", "B", "C", "D"], lang="zh")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["A", "B", "C", "D", "无效"]
    assert fig.axes[0].containers[0][1].get_height() == grades.get("B", 0)


@pytest.mark.parametrize("odd", [[1, 2, 3], pd.DataFrame({"score": [90]}), pa.table({"x": [1]}), pl.DataFrame({"x": [1]})])
def test_plot_scores_of_something_else_says_what_it_takes(odd: Any) -> None:
    with pytest.raises(TypeError, match="plot_scores takes a score_table result, with a `grade` column"):
        zonescore.plot_scores(odd)
