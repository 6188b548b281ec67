"""Arrow in, Arrow out: pyarrow Tables and RecordBatches and polars DataFrames score like pandas.

These run with the real pyarrow and polars (python/test.sh installs them); a missing
library is a failure, not a skip.
"""

from __future__ import annotations

import copy
import datetime
import json
from decimal import Decimal
from typing import Any, Dict, List

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import zonescore

RATE = "quality.spot_check_pass_rate_pct"


@pytest.fixture()
def table(zone_examples: List[Dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pandas(pd.json_normalize(zone_examples), preserve_index=False)


def expected_rows(zone_examples: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    rows = []
    for submission in zone_examples:
        report = zonescore.score_submission(submission, "zone-qualification")
        row: Dict[str, Any] = {"final_score": report.final_score, "grade": report.grade, "outcome": report.outcome}
        row.update({f"points.{c.id}": c.points if c.applicable else None for c in report.criteria + report.bonus_items})
        row["warnings"] = "；".join(w.message.zh for w in report.warnings) or None
        row["errors"] = None
        rows.append(row)
    return rows


def test_a_pyarrow_table_scores_like_each_submission(table: pa.Table, zone_examples: List[Dict[str, Any]]) -> None:
    results = zonescore.score_table(table, "zone-qualification")
    assert isinstance(results, pa.Table)
    assert results.column_names == list(expected_rows(zone_examples)[0])
    # Exact decimals: the final score at the rules' one decimal place, points as they are.
    assert results.schema.field("final_score").type == pa.decimal128(38, 1)
    assert pa.types.is_decimal128(results.schema.field("points.C1").type)
    assert results.schema.field("grade").type == pa.string()
    got = results.to_pylist()
    for row, want in zip(got, expected_rows(zone_examples)):
        assert row == want
        assert str(row["final_score"]) == str(want["final_score"])  # 91.0, not 91 or 91.00
    assert len(got) == len(zone_examples)


def test_the_same_table_as_pandas(table: pa.Table, zone_examples: List[Dict[str, Any]]) -> None:
    from_pandas = zonescore.score_table(pd.json_normalize(zone_examples), "zone-qualification")
    from_arrow = zonescore.score_table(table, "zone-qualification").to_pandas()
    assert list(from_arrow.columns) == list(from_pandas.columns)
    for name in from_pandas.columns[:-2]:
        assert from_arrow[name].tolist() == from_pandas[name].tolist(), name
    # A column of text with empty cells: NaN from Arrow, None in zonescore's object columns.
    for name in ("warnings", "errors"):
        assert [None if pd.isna(v) else v for v in from_arrow[name]] == from_pandas[name].tolist(), name
    assert from_pandas["errors"].isna().all() and from_pandas["warnings"].notna().any()


def test_a_record_batch_gives_a_record_batch(table: pa.Table) -> None:
    batch = table.to_batches()[0]
    results = zonescore.score_table(batch)
    assert isinstance(results, pa.RecordBatch)
    assert results.equals(zonescore.score_table(table).to_batches()[0])


def test_a_polars_frame_gives_a_polars_frame(table: pa.Table, zone_examples: List[Dict[str, Any]]) -> None:
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    results = zonescore.score_table(frame, "zone-qualification")
    assert isinstance(results, pl.DataFrame)
    assert results.schema["final_score"] == pl.Decimal(38, 1)
    assert results.to_dicts() == expected_rows(zone_examples)


def test_struct_columns_are_groups(table: pa.Table, zone_examples: List[Dict[str, Any]]) -> None:
    nested = pa.Table.from_pylist(zone_examples)
    assert pa.types.is_struct(nested.schema.field("zone").type)
    assert zonescore.score_table(nested).equals(zonescore.score_table(table))
    assert zonescore.score_table(pl.from_arrow(nested)).to_dicts() == expected_rows(zone_examples)


def test_decimal_columns_are_read_exactly(table: pa.Table, oubei: Dict[str, Any]) -> None:
    # 94.95 has no exact binary form; a decimal128 column keeps its digits, and scores as
    # the dict with Decimal('94.95') does; 0.1 + 0.2 in decimals is exactly 0.3.
    values = [Decimal("94.95")] * table.num_rows
    exact = table.set_column(table.schema.get_field_index(RATE), RATE, pa.array(values, pa.decimal128(10, 2)))
    floats = table.set_column(table.schema.get_field_index(RATE), RATE, pa.array([94.95] * table.num_rows))
    sub = copy.deepcopy(oubei)
    sub["quality"]["spot_check_pass_rate_pct"] = Decimal("94.95")
    want = zonescore.score_submission(sub, "zone-qualification")
    row = zonescore.score_table(exact, "zone-qualification").to_pylist()[2]
    assert row["final_score"] == want.final_score and row["points.C1"] == want.criterion("C1").points
    # A float64 column is read through its shortest text, as a Python float is.
    sub["quality"]["spot_check_pass_rate_pct"] = 94.95
    row = zonescore.score_table(floats, "zone-qualification").to_pylist()[2]
    assert row["points.C1"] == zonescore.score_submission(sub).criterion("C1").points


def test_a_float_halfway_between_two_shortest_texts_reads_as_repr_in_every_path(oubei: Dict[str, Any]) -> None:
    # 135257678481216.625 is a float; its shortest texts ...216.62 and ...216.63 are equally
    # near, and repr (like JavaScript) writes the even one. The share it makes (B2) carries
    # every digit into the answer, so the dict, the JSON text and an Arrow row must agree.
    tie = 135257678481216.0 + 0.625
    assert repr(tie) == "135257678481216.62"
    sub = copy.deepcopy(oubei)
    sub["industry"]["output_10k_cny"] = tie
    sub["industry"]["town_industrial_output_10k_cny"] = 200000000000000
    rules = zonescore.Ruleset("zone-qualification")
    by_text = rules.score_json(json.dumps(sub))
    assert rules.answer_json(sub) == by_text
    assert '"value":"67.62883924060831"' in by_text  # …216.62's share; …216.63's is 67.628839240608315
    row = zonescore.score_table(pa.Table.from_pandas(pd.json_normalize([sub]), preserve_index=False), rules)
    assert row.column("final_score").to_pylist() == [rules.score(sub).final_score]


def test_bad_cells_are_row_errors_and_the_batch_goes_on(table: pa.Table) -> None:
    at = table.schema.get_field_index(RATE)
    rates = table.column(RATE).to_pylist()
    # A null is a missing field; NaN is a value in Arrow (not an empty cell): not finite.
    bad = table.set_column(at, RATE, pa.array([rates[0], float("nan"), *rates[2:]]))
    bad = bad.set_column(
        bad.schema.get_field_index("zone.industry"),
        "zone.industry",
        pa.array(["阀门", *bad.column("zone.industry").to_pylist()[1:]]),
    )
    results = zonescore.score_table(bad, lang="en").to_pylist()
    assert results[0]["final_score"] is None and results[0]["grade"] is None and results[0]["points.A1"] is None
    assert "/zone/industry" in results[0]["errors"] and "阀门" in results[0]["errors"]
    assert results[1]["final_score"] is None
    assert results[1]["errors"].startswith("/quality/spot_check_pass_rate_pct: ") and "not a finite number" in results[1]["errors"]
    good = zonescore.score_table(table, lang="en").to_pylist()
    assert results[2:] == good[2:]
    # A number written as text is a string, as in a DataFrame: the engine says so.
    text = table.set_column(at, RATE, pa.array([str(r) for r in rates]))
    assert all("must be a number" in r["errors"] for r in zonescore.score_table(text, lang="en").to_pylist())


def test_a_column_of_no_json_shape_is_an_error_on_every_row(table: pa.Table) -> None:
    dated = table.append_column("zone.founded", pa.array([datetime.date(2020, 1, 1)] * table.num_rows))
    chinese = zonescore.score_table(dated).column("errors").to_pylist()
    assert all(e.startswith("/zone/founded: 不支持 Arrow 类型 `Date32` 的列") for e in chinese)
    for row in zonescore.score_table(dated, lang="en").to_pylist():
        assert row["final_score"] is None
        assert row["errors"] == (
            "/zone/founded: an Arrow column of type `Date32` is not supported: "
            "use number, decimal, boolean, string or struct columns"
        )
    # A column named by a JSON pointer, as errors name fields, is the field it points to.
    pointers = table.rename_columns(["/" + name.replace(".", "/") for name in table.column_names])
    assert zonescore.score_table(pointers).equals(zonescore.score_table(table))
    # Under `meta`, the submission's own notes, such a column is passed over.
    received = table.append_column("meta.received", pa.array([datetime.date(2013, 9, 1)] * table.num_rows))
    assert zonescore.score_table(received).equals(zonescore.score_table(table))


def test_nulls_are_missing_fields(table: pa.Table) -> None:
    at = table.schema.get_field_index("zone.name")
    blank = table.set_column(at, "zone.name", pa.nulls(table.num_rows, pa.string()))
    for row in zonescore.score_table(blank, lang="en").to_pylist():
        assert row["errors"].startswith("/zone/name: ") and "required" in row["errors"]


def test_an_empty_table_gives_the_result_columns(table: pa.Table) -> None:
    empty = zonescore.score_table(table.slice(0, 0), "zone-qualification")
    assert empty.num_rows == 0
    assert empty.column_names == zonescore.score_table(table).column_names
    assert zonescore.score_table(pl.from_arrow(table.slice(0, 0))).height == 0


def test_categorical_columns_read_their_values(table: pa.Table) -> None:
    at = table.schema.get_field_index("zone.industry")
    coded = table.set_column(at, "zone.industry", table.column("zone.industry").dictionary_encode())
    assert zonescore.score_table(coded).equals(zonescore.score_table(table))


def test_categorical_yes_no_columns_read_each_rows_value(zone_examples: List[Dict[str, Any]]) -> None:
    # pandas `category` of booleans is an Arrow dictionary of two values: each row's key
    # names its own, whatever the order of the values (False first here) or the row count.
    frame = pd.json_normalize(zone_examples)
    frame["organization.leading_group"] = [i % 3 != 1 for i in range(len(frame))]
    coded = frame.astype({"organization.leading_group": "category"})
    table = pa.Table.from_pandas(coded, preserve_index=False)
    assert pa.types.is_dictionary(table.schema.field("organization.leading_group").type)
    want = zonescore.score_table(frame, "zone-qualification")
    got = zonescore.score_table(table, "zone-qualification").to_pandas()
    assert [str(v) for v in got["points.A2"]] == [str(v) for v in want["points.A2"]]
    assert len(set(map(str, want["points.A2"]))) >= 2, "rows score differently"
    nested = pa.table({"organization": pa.StructArray.from_arrays(
        [pa.array([True, False, True]).dictionary_encode()], ["leading_group"])})
    rows = zonescore.score_table(nested, "zone-qualification").column("errors").to_pylist()
    assert len(rows) == 3 and all("/zone/name" in r for r in rows), "scored as rows, no panic"


def test_a_polars_column_empty_in_every_row_is_a_missing_field(zone_examples: List[Dict[str, Any]]) -> None:
    # polars types such a column `Null`, at the top or inside a struct.
    rows = [dict(s, bonus=None) for s in zone_examples]
    for row in rows:
        row["zone"] = dict(row["zone"], town=None)
    frame = pl.DataFrame(rows)
    assert frame.schema["bonus"] == pl.Null
    want = zonescore.score_table(pa.Table.from_pylist(rows), "zone-qualification")
    got = zonescore.score_table(frame, "zone-qualification")
    assert got.to_arrow().to_pylist() == want.to_pylist()
    assert all("/zone/town" in e for e in got["errors"].to_list())
    flat = pl.DataFrame({"zone.name": ["a", "b"], "zone.town": [None, None]})
    assert flat.schema["zone.town"] == pl.Null
    errors = zonescore.score_table(flat, "zone-qualification", lang="en")["errors"].to_list()
    assert all("/zone/town: “Town or sub-district” is required" in e for e in errors), errors


def test_polars_128_bit_integers_score_as_the_same_counts(zone_examples: List[Dict[str, Any]]) -> None:
    frame = pl.DataFrame(zone_examples)
    firms = pl.col("quality").struct.field("above_scale_firms")
    wide = frame.with_columns(pl.col("quality").struct.with_fields(firms.cast(pl.Int128)))
    assert wide.schema["quality"].to_schema()["above_scale_firms"] == pl.Int128
    want = zonescore.score_table(frame, "zone-qualification")
    assert zonescore.score_table(wide, "zone-qualification").equals(want)
    # A count past the engine's 28 digits is its error, not a failed import.
    flat = pl.DataFrame({"zone.name": ["a"], "quality.above_scale_firms": [10**30]}, schema_overrides={"quality.above_scale_firms": pl.Int128})
    errors = zonescore.score_table(flat, "zone-qualification", lang="en")["errors"].to_list()
    assert "/quality/above_scale_firms" in errors[0], errors


def test_polars_columns_of_no_json_shape_and_null_groups() -> None:
    frame = pl.DataFrame({"zone.name": ["a", "b"], "zone.assessment_year": [[2013], [2014]], "zone.town": [datetime.time(1), None]})
    errors = zonescore.score_table(frame, "zone-qualification", lang="en")["errors"].to_list()
    assert errors[0].startswith("/zone/assessment_year: an Arrow column of type `LargeList(Int64)` is not supported")
    assert "/zone/town: an Arrow column of type `Time64(ns)`" in errors[0]
    assert "/zone/town" not in errors[1]  # a null is missing, whatever the column's type
    # A null struct cell leaves its whole group missing.
    group = pa.struct([("name", pa.string()), ("town", pa.string())])
    table = pa.table({"zone": pa.array([{"name": "x", "town": "y"}, None], group)})
    rows = zonescore.score_table(table, "zone-qualification", lang="en").column("errors").to_pylist()
    assert "/zone/name:" not in rows[0] and "/zone/name: “Zone name” is required" in rows[1]


def test_a_table_of_several_batches_scores_every_row_in_order(table: pa.Table) -> None:
    chunked = pa.concat_tables([table, table.slice(3), table.slice(0, 0), table])
    assert len(chunked.to_batches()) >= 3
    results = zonescore.score_table(chunked)
    assert results.num_rows == chunked.num_rows
    one = zonescore.score_table(table).to_pylist()
    assert results.to_pylist() == one + one[3:] + one


def test_a_blank_text_cell_is_an_empty_cell_in_every_table(zone_examples: List[Dict[str, Any]]) -> None:
    # As in a workbook: white space only (the ideographic space too) is a missing field.
    frame = pd.json_normalize(zone_examples)
    empty, blank = frame.copy(), frame.copy()
    empty.loc[0, "zone.name"] = None
    empty.loc[1, "zone.town"] = None
    blank.loc[0, "zone.name"] = "  "
    blank.loc[1, "zone.town"] = "\u3000"
    want = zonescore.score_table(empty, "zone-qualification")
    assert want.loc[0, "errors"] and "/zone/name" in want.loc[0, "errors"], "a required field left empty"
    assert zonescore.score_table(blank, "zone-qualification").equals(want)
    arrow = zonescore.score_table(pa.Table.from_pandas(blank, preserve_index=False), "zone-qualification")
    assert arrow.column("errors").to_pylist() == want["errors"].tolist()
    assert arrow.column("final_score").to_pylist() == want["final_score"].tolist()
