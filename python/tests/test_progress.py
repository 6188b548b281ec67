"""`progress=True` draws a tqdm bar on standard error and changes no result."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import zonescore
from conftest import EXAMPLES, load


def test_score_table_progress_writes_to_stderr_only(
    capsys: pytest.CaptureFixture[str], zone_examples: List[Dict[str, Any]]
) -> None:
    # 5,000 rows: three slices of 2,000 rows and less, so the bar really moves.
    frame = pd.json_normalize(zone_examples * 500)
    quiet = zonescore.score_table(frame)
    assert capsys.readouterr() == ("", "")
    shown = zonescore.score_table(frame, progress=True)
    out, err = capsys.readouterr()
    assert out == ""
    assert "zonescore" in err and "5000/5000" in err and "row" in err
    assert shown.equals(quiet)


def test_every_kind_of_table_gives_the_same_results_with_a_bar(
    capsys: pytest.CaptureFixture[str], zone_examples: List[Dict[str, Any]]
) -> None:
    table = pa.Table.from_pandas(pd.json_normalize(zone_examples * 500), preserve_index=False)
    # No ruleset given: sliced, every slice must still use the one the table is written for.
    assert zonescore.score_table(table, progress=True).equals(zonescore.score_table(table))
    batch = table.combine_chunks().to_batches()[0]
    assert zonescore.score_table(batch, progress=True).equals(zonescore.score_table(batch))
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    assert zonescore.score_table(frame, progress=True).equals(zonescore.score_table(frame))
    records = zone_examples * 300
    assert zonescore.score_table(records, progress=True).equals(zonescore.score_table(records))
    many = zonescore.score_many(records, progress=True)
    assert many == zonescore.score_many(records)
    err = capsys.readouterr().err
    # Five bars, each started and finished (tqdm may redraw a finished bar before closing it).
    assert err.count(" 0/5000 ") == 3 and err.count(" 0/3000 ") == 2, err
    assert err.count("5000/5000") >= 3 and err.count("3000/3000") >= 2, err


def test_empty_input_with_a_bar(zone_examples: List[Dict[str, Any]]) -> None:
    frame = pd.json_normalize(zone_examples).iloc[:0]
    assert zonescore.score_table(frame, "zone-qualification", progress=True).equals(
        zonescore.score_table(frame, "zone-qualification")
    )
    assert zonescore.score_many([], progress=True) == []


def test_slices_with_different_scales_join_exactly(zone_examples: List[Dict[str, Any]]) -> None:
    # C4 is whole in the first 2,000 rows and 3.5 after them (wuniu-early-tea-2014): the
    # slices' decimal columns differ in scale and are joined at the larger one.
    tea = load(EXAMPLES / "zone-qualification" / "wuniu-early-tea-2014.json")
    valves = load(EXAMPLES / "zone-qualification" / "oubei-valves-2013.json")
    table = pa.Table.from_pandas(pd.json_normalize([valves] * 2000 + [tea] * 10), preserve_index=False)
    shown = zonescore.score_table(table, progress=True)
    whole = zonescore.score_table(table)
    assert shown.schema.field("points.C4").type == whole.schema.field("points.C4").type == pa.decimal128(38, 1)
    assert shown.column("points.C4").to_pylist() == whole.column("points.C4").to_pylist()
    assert str(shown.column("points.C4")[-1].as_py()) == "3.5"


def test_a_list_is_scored_item_by_item_and_a_table_by_its_first_readable_row() -> None:
    town = load(EXAMPLES / "annual-assessment" / "huangtian-2015.json")
    zone = load(EXAMPLES / "zone-qualification" / "oubei-valves-2013.json")
    text = json.dumps(town, ensure_ascii=False)
    # A list of answers is the list of single answers: each item names its own ruleset, and
    # what cannot be read is answered by the default one, as it is alone.
    batch: List[Any] = ["{not json", {"town": {"name": {1, 2}}}, text, zone, town]
    answers = zonescore.score_many(batch)
    alone = []
    for item in batch:
        try:
            alone.append(zonescore.score_submission(item).to_json())
        except zonescore.InvalidSubmissionError as e:
            alone.append(e.to_json())
    assert [a.to_json() for a in answers] == alone
    ids = ["zone-qualification", "zone-qualification", "annual-assessment", "zone-qualification", "annual-assessment"]
    assert [a.ruleset.id for a in answers] == ids
    assert [a.to_json() for a in zonescore.score_many(batch, progress=True)] == alone
    # A table's columns are one ruleset's criteria: a row holding a value of no JSON shape
    # cannot be read, and the next row names the table's ruleset.
    frame = pd.json_normalize([{"town": {"name": {1, 2}}}, town] * 1500)
    assert zonescore.score_table(frame, progress=True).equals(zonescore.score_table(frame))
    assert "points.T1" in zonescore.score_table(frame).columns


def test_big_object_tables_are_scored_in_slices_with_the_whole_tables_ruleset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from zonescore import _batch

    town = load(EXAMPLES / "annual-assessment" / "huangtian-2015.json")
    zone = load(EXAMPLES / "zone-qualification" / "oubei-valves-2013.json")
    # The first slice holds no row that names a ruleset: the ruleset still comes from the whole table.
    rows: List[Any] = [{"town": {"name": {1, 2}}}] * 5 + [town, zone] * 3
    frame = pd.json_normalize(rows)
    whole = zonescore.score_table(frame)
    records = zonescore.score_table(rows)
    monkeypatch.setattr(_batch, "_OBJECT_CHUNK", 4)
    sliced = zonescore.score_table(frame)
    assert sliced.equals(whole) and sliced.index.equals(frame.index)
    assert "points.T1" in sliced.columns and sliced["errors"].notna().sum() == 8
    assert zonescore.score_table(rows).equals(records)
