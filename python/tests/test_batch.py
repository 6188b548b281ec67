"""Batch scoring of DataFrames and lists into a results DataFrame."""

from __future__ import annotations

import copy
import io
import math
import pickle
import sys
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import zonescore

import pandas as pd
import pyarrow as pa


@pytest.fixture()
def frame(zone_examples: List[Dict[str, Any]]) -> Any:
    # Spreadsheet-like: one column per dotted field path, empty cells where a field is missing.
    return pd.json_normalize(zone_examples)


def expected_row(report: zonescore.Report) -> Dict[str, Any]:
    row: Dict[str, Any] = {"final_score": report.final_score, "grade": report.grade, "outcome": report.outcome}
    for c in report.criteria + report.bonus_items:
        # A criterion that does not apply (合理缺项) has no points in a table: an empty cell.
        row[f"points.{c.id}"] = c.points if c.applicable else None
    row["warnings"] = "；".join(w.message.zh for w in report.warnings) or None
    return row


def test_dataframe_rows_score_like_dicts(frame: Any, zone_examples: List[Dict[str, Any]]) -> None:
    results = zonescore.score_table(frame, "zone-qualification")
    assert len(results) == len(zone_examples)
    assert list(results.columns[:3]) == ["final_score", "grade", "outcome"]
    assert list(results.columns[-2:]) == ["warnings", "errors"]
    assert all(c.startswith("points.") for c in results.columns[3:-2])
    for (_, row), submission in zip(results.iterrows(), zone_examples):
        report = zonescore.score_submission(submission, "zone-qualification")
        for key, value in expected_row(report).items():
            if value is None:
                assert pd.isna(row[key]), key
                continue
            assert row[key] == value and type(row[key]) is type(value), key
        assert pd.isna(row["errors"])
    assert isinstance(results["final_score"].iloc[0], Decimal)


def test_list_input_gives_the_same_table(frame: Any, zone_examples: List[Dict[str, Any]]) -> None:
    from_frame = zonescore.score_table(frame)
    from_list = zonescore.score_table(zone_examples)
    assert from_frame.equals(from_list)


def test_the_index_is_kept(frame: Any) -> None:
    frame.index = [f"zone-{i}" for i in range(len(frame))]
    results = zonescore.score_table(frame)
    assert list(results.index) == list(frame.index)


def test_an_invalid_row_gets_its_errors_and_the_batch_goes_on(frame: Any) -> None:
    frame = frame.astype({"quality.spot_check_pass_rate_pct": object})
    frame.loc[1, "quality.spot_check_pass_rate_pct"] = "95%"
    frame.loc[2, "zone.industry"] = "阀门"
    results = zonescore.score_table(frame)
    good = zonescore.score_table(frame.drop(index=[1, 2]))
    # Cells of an invalid row are empty (None, or NaN in pandas' string columns).
    assert pd.isna(results.loc[1, "final_score"]) and pd.isna(results.loc[1, "grade"])
    assert pd.isna(results.loc[1, "points.A1"])
    assert "/quality/spot_check_pass_rate_pct" in results.loc[1, "errors"]
    assert "/zone/industry" in results.loc[2, "errors"] and "阀门" in results.loc[2, "errors"]
    others = results.drop(index=[1, 2])
    assert others.drop(columns="errors").equals(good.drop(columns="errors"))
    assert others["errors"].isna().all()
    english = zonescore.score_table(frame, lang="en")
    assert "must be a number" in english.loc[1, "errors"]
    with pytest.raises(ValueError):
        zonescore.score_table(frame, lang="fr")  # type: ignore[arg-type]


def test_a_row_past_the_error_limit_says_how_many_more(zone_examples: List[Dict[str, Any]]) -> None:
    # 150 unknown fields: the cell lists the first 100 errors and counts the rest, as the
    # exception's `more_errors` does; the Arrow path words it the same.
    row = {"zone": {f"x{i:03}": 1 for i in range(150)}}
    failure = zonescore.score_many([row])[0]
    assert isinstance(failure, zonescore.InvalidSubmissionError) and failure.more_errors > 0
    listed = zonescore.score_table([row] + zone_examples[:1], lang="en")["errors"][0]
    arrow = zonescore.score_table(pa.Table.from_pandas(pd.json_normalize([row])), lang="en")
    for cell in (listed, arrow.column("errors")[0].as_py()):
        assert cell.endswith(f" (and {failure.more_errors} more)") and cell.count("; ") == 99, cell[-80:]


def test_empty_cells_are_missing_fields(oubei: Dict[str, Any]) -> None:
    sub = copy.deepcopy(oubei)
    del sub["quality"]["spot_check_pass_rate_pct"]
    del sub["organization"]["leading_group_meetings"]
    del sub["brands"]["collective_mark"]
    expected = expected_row(zonescore.score_submission(sub))
    full = pd.json_normalize([oubei, oubei, oubei, oubei])
    full = full.astype({"organization.leading_group_meetings": "Int64", "brands.collective_mark": object})
    for i, empty in enumerate([math.nan, None, pd.NA]):
        full.loc[i, "quality.spot_check_pass_rate_pct"] = math.nan
        full.loc[i, "organization.leading_group_meetings"] = pd.NA
        full.loc[i, "brands.collective_mark"] = empty
    results = zonescore.score_table(full)
    for i in range(3):
        for key, value in expected.items():
            assert results.loc[i, key] == value, (i, key)
    # A NaN inside a dict is a value, and not a finite one: an error, not a missing field.
    nan_in_dict = copy.deepcopy(oubei)
    nan_in_dict["quality"]["spot_check_pass_rate_pct"] = math.nan
    from_list = zonescore.score_table([nan_in_dict])
    assert pd.isna(from_list.loc[0, "final_score"]) and "/quality/spot_check_pass_rate_pct" in from_list.loc[0, "errors"]


def test_nullable_dtypes_and_a_csv_round_trip(frame: Any) -> None:
    expected = zonescore.score_table(frame)
    assert zonescore.score_table(frame.convert_dtypes()).equals(expected)
    csv = io.StringIO()
    frame.to_csv(csv, index=False)
    csv.seek(0)
    assert zonescore.score_table(pd.read_csv(csv)).equals(expected)


def test_columns_named_by_levels_or_by_pointer_are_the_fields_they_name(frame: Any) -> None:
    want = zonescore.score_table(frame)
    # A MultiIndex (a pivot, a two-row header): the levels joined by `.`.
    levels = frame.copy()
    levels.columns = pd.MultiIndex.from_tuples([tuple(str(c).split(".", 1)) for c in frame.columns])
    assert zonescore.score_table(levels).equals(want)
    # A JSON pointer, as errors and the what-if frames name a field.
    pointers = frame.rename(columns=lambda c: "/" + str(c).replace(".", "/"))
    assert zonescore.score_table(pointers).equals(want)


def test_unknown_columns_are_reported(frame: Any) -> None:
    frame["quality.pass_rate"] = 95
    results = zonescore.score_table(frame)
    assert results["final_score"].isna().all()
    assert results["errors"].str.contains("/quality/pass_rate").all()


@pytest.mark.parametrize(
    "extra, code, where",
    [
        # A note typed after a leaf, and the same field twice: each would lose a cell.
        ("quality.spot_check_pass_rate_pct.comment", "nested_column", "lies inside quality.spot_check_pass_rate_pct"),
        ("quality.spot_check_pass_rate_pct", "repeated_column", "appears twice"),
        ("quality", "nested_column", "inside quality"),
    ],
)
def test_columns_that_would_lose_a_cell_refuse_the_table(frame: Any, extra: str, code: str, where: str) -> None:
    bad = frame.copy()
    bad.insert(len(bad.columns), extra, "x", allow_duplicates=True)
    # An Arrow table of the same columns too (pyarrow itself refuses a repeated name).
    arrow = [] if code == "repeated_column" else [pa.Table.from_pandas(bad.astype(str), preserve_index=False)]
    for table in [bad, *arrow]:
        with pytest.raises(zonescore.TableError) as e:
            zonescore.score_table(table)
        assert e.value.code == code and where in e.value.summary.en, e.value.summary.en
        assert "列" in e.value.summary.zh
        again = pickle.loads(pickle.dumps(e.value))
        assert type(again) is zonescore.TableError and again.summary == e.value.summary


def test_a_blank_leading_row_does_not_choose_the_ruleset() -> None:
    town = {"town": {"name": "瓯北", "zone_name": "永嘉瓯北阀门", "assessment_year": 2014}}
    for rows in ([None, town], [{}, town]):
        results = zonescore.score_table(rows)
        assert "points.T1" in results.columns, list(results.columns)


def test_empty_inputs() -> None:
    results = zonescore.score_table(pd.DataFrame(), "zone-qualification")
    criteria = ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "C1", "C2", "C3", "C4", "C5", "C6", "C7"]
    criteria += ["D1", "D2", "D3", "E1", "E2", "E3", "F1", "F2", "X1", "X2", "X3"]
    expected = ["final_score", "grade", "outcome"] + [f"points.{c}" for c in criteria] + ["warnings", "errors"]
    assert len(results) == 0 and list(results.columns) == expected, "every criterion has its column"
    assert len(zonescore.score_table([], "annual-assessment")) == 0
    rows = zonescore.score_table(pd.DataFrame(index=range(2)), "zone-qualification")
    assert len(rows) == 2 and rows["errors"].str.contains("/zone/name").all()
    assert rows["points.C1"].isna().all(), "an invalid row has no points"


def test_without_pandas_lists_still_score(monkeypatch: pytest.MonkeyPatch, zone_examples: List[Dict[str, Any]]) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="score_many"):
        zonescore.score_table(zone_examples)
    assert all(isinstance(r, zonescore.Report) for r in zonescore.score_many(zone_examples))


@pytest.mark.parametrize("call", [zonescore.score_many, zonescore.score_table])
def test_one_submission_alone_is_refused(oubei: Dict[str, Any], call: Any) -> None:
    """Iterated, a dict gives its keys and JSON text its characters: rows of "not JSON"."""
    import json

    for one in [oubei, json.dumps(oubei), json.dumps(oubei).encode()]:
        with pytest.raises(TypeError, match="score_submission") as e:
            call(one)
        assert "不是单个" in str(e.value)
    with pytest.raises(TypeError, match="score_submission"):
        zonescore.Ruleset("zone-qualification").score_many(oubei)
    with pytest.raises(TypeError, match="score_table"):
        zonescore.score_many(pd.json_normalize([oubei]))


def test_a_series_of_dicts_keeps_its_index(zone_examples: List[Dict[str, Any]]) -> None:
    series = pd.Series(zone_examples[:3], index=["a", "b", "c"])
    results = zonescore.score_table(series, "zone-qualification")
    assert isinstance(results, pd.DataFrame) and list(results.index) == ["a", "b", "c"]
    assert results.reset_index(drop=True).equals(zonescore.score_table(zone_examples[:3], "zone-qualification"))
    assert [r.final_score for r in zonescore.score_many(series)] == list(results["final_score"])  # type: ignore[union-attr]
    # A DataFrame's row is not a list of submissions: its items are field values.
    with pytest.raises(TypeError, match=r"iloc\[\[i\]\]"):
        zonescore.score_table(pd.json_normalize(zone_examples).iloc[0])


def test_a_dataframe_subclass_is_a_dataframe(frame: Any) -> None:
    class Zones(pd.DataFrame):
        @property
        def _constructor(self) -> Any:
            return Zones

    zones = Zones(frame)
    zones.index = [f"z{i}" for i in range(len(zones))]
    results = zonescore.score_table(zones, "zone-qualification")
    assert isinstance(results, pd.DataFrame) and list(results.index) == list(zones.index)


def test_empty_cells_are_none_in_object_columns_whether_or_not_a_row_failed(oubei: Dict[str, Any]) -> None:
    """One shape for every table: a failed row does not turn `grade` or `errors` into a
    string column of NaN while the score columns hold None."""
    bad = copy.deepcopy(oubei)
    bad["zone"]["industry"] = "x"
    for rows in ([oubei, oubei], [oubei, bad], [bad]):
        for table in (rows, pd.json_normalize(rows)):
            results = zonescore.score_table(table, "zone-qualification")
            assert all(d == object for d in results.dtypes), results.dtypes
            empty = [v for column in results.columns for v in results[column] if not isinstance(v, (str, Decimal))]
            assert all(v is None for v in empty), empty
    failed = zonescore.score_table([oubei, bad], "zone-qualification")
    assert failed["grade"].tolist() == ["A", None] and failed["errors"][0] is None


def test_a_row_gets_the_warnings_its_report_gives(oubei: Dict[str, Any]) -> None:
    """A percentage typed as a fraction and a year outside the rules' period are told in the
    table as in each report: one line, in the table's language, in every kind of table."""
    fraction = copy.deepcopy(oubei)
    fraction["quality"]["spot_check_pass_rate_pct"] = 0.95
    late = copy.deepcopy(fraction)
    late["zone"]["assessment_year"] = 2030
    rows = [oubei, fraction, late]
    for lang in ("zh", "en"):
        want = [
            ("；" if lang == "zh" else "; ").join(getattr(w.message, lang) for w in r.warnings) or None
            for r in (zonescore.score_submission(s, "zone-qualification") for s in rows)
        ]
        assert want[0] is None and "0.95" in want[1] and want[2].count("0.95") == 1 and want[2] != want[1], want
        for table in (rows, pd.json_normalize(rows)):
            assert zonescore.score_table(table, "zone-qualification", lang=lang)["warnings"].tolist() == want
        arrow = pa.Table.from_pandas(pd.json_normalize(rows), preserve_index=False)
        assert zonescore.score_table(arrow, "zone-qualification", lang=lang).column("warnings").to_pylist() == want


def test_a_row_shaped_for_another_bundled_ruleset_says_so_in_its_errors(zone_examples: List[Dict[str, Any]]) -> None:
    from conftest import EXAMPLES
    import json

    annual = json.loads((EXAMPLES / "annual-assessment" / "oubei-2014.json").read_text(encoding="utf-8"))
    alone = zonescore.Ruleset("zone-qualification").validate(annual)
    rows = [zone_examples[0], annual]
    note = "note: a submission for annual-assessment, scored with zone-qualification; score each ruleset's rows apart. "
    for table in (rows, pd.json_normalize(rows), pa.Table.from_pandas(pd.json_normalize(rows))):
        results = zonescore.score_table(table, lang="en")
        errors = results["errors"].to_pylist() if isinstance(results, pa.Table) else list(results["errors"])
        assert errors[0] is None
        assert errors[1].startswith(note) and alone[0].path in errors[1], errors[1]
    # A row of the rules' own shape, however broken, has no such note.
    broken = copy.deepcopy(zone_examples[0])
    broken["zone"]["name"] = 3
    (errors,) = list(zonescore.score_table([broken], lang="en")["errors"])
    assert "note:" not in errors and errors.startswith("/zone/name: ")
