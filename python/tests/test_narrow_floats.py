"""float32, float16 and longdouble values are read by their own shortest round-trip text.

Widened to a double, ``np.float32(1.06)`` is 1.059999942779541: an output of 1.06 over
1.00 would grow 5.99999… % and miss B4's 6 % band. Every path (a dict's numpy scalars, a
pandas column, an Arrow or polars column) must read 1.06, as ``repr(np.float32(1.06))``.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any, Dict

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import zonescore

OUTPUT = "industry.output_10k_cny"
PREVIOUS = "industry.previous_output_10k_cny"
RATE = "quality.spot_check_pass_rate_pct"


def grown(oubei: Dict[str, Any], output: Any) -> Dict[str, Any]:
    """The 瓯北 zone with an output that grew exactly 6 % when read as a decimal."""
    s = copy.deepcopy(oubei)
    s["industry"]["output_10k_cny"] = output
    s["industry"]["previous_output_10k_cny"] = 1
    return s


def test_the_decimal_reading_earns_the_band(oubei: Dict[str, Any]) -> None:
    assert zonescore.score_submission(grown(oubei, Decimal("1.06"))).criterion("B4").points == 4
    # What a widened float32 would give: the reason the reading matters.
    assert zonescore.score_submission(grown(oubei, 1.059999942779541)).criterion("B4").points == 2


@pytest.mark.parametrize("kind", [np.float32, np.float16])
def test_a_numpy_scalar_in_a_dict_is_read_at_its_own_precision(oubei: Dict[str, Any], kind: Any) -> None:
    want = zonescore.score_submission(grown(oubei, Decimal(str(kind(1.06))))).to_json()
    assert zonescore.score_submission(grown(oubei, kind(1.06))).to_json() == want
    [error] = zonescore.validate_submission({**oubei, "quality": {**oubei["quality"], "spot_check_pass_rate_pct": kind(101.06)}})
    assert (error.code, error.params["value"]) == ("out_of_range", "101.06")


def test_float32_texts_are_numpys_shortest() -> None:
    rules = zonescore.Ruleset("zone-qualification")
    # 3032018.25 reads back from both 3032018.2 and 3032018.3: numpy writes the even one.
    for value in [np.float32(101.06), np.float32(3032018.25), np.float16(101.06), np.float16(65504)]:
        [error] = rules.validate_field(RATE, value)
        assert error.params["value"] == np.format_float_positional(value, unique=True, trim="-")


def test_longdouble_keeps_its_digits() -> None:
    """A longdouble is read by its own shortest round-trip digits, not as a double; past
    the engine's 28 digits that is ``out_of_range``, never a rounding."""
    rules = zonescore.Ruleset("zone-qualification")
    value = np.longdouble("101.06")
    [error] = rules.validate_field(RATE, value)
    assert error.params["value"] == np.format_float_positional(value, unique=True, trim="-")
    assert rules.validate_field(RATE, np.longdouble("94.6")) == []
    assert [e.code for e in rules.validate_field(RATE, np.longdouble("nan"))] == ["not_finite"]


def test_a_float32_dataframe_column(oubei: Dict[str, Any]) -> None:
    frame = pd.json_normalize([grown(oubei, 1.06), grown(oubei, 1.06)])
    frame[OUTPUT] = frame[OUTPUT].astype("float32")
    frame.loc[1, RATE] = np.nan
    frame[RATE] = frame[RATE].astype("float32")
    results = zonescore.score_table(frame, "zone-qualification")
    assert list(results["points.B4"]) == [Decimal(4), Decimal(4)]
    # NaN in a float32 column is an empty cell, as in a float64 one: a missing rate, no error.
    assert results["errors"].isna().all()
    assert list(results["points.C1"]) == [Decimal(8), Decimal(0)]
    nullable = pd.json_normalize([grown(oubei, 1.06)])
    nullable[OUTPUT] = nullable[OUTPUT].astype("Float32")
    assert list(zonescore.score_table(nullable, "zone-qualification")["points.B4"]) == [Decimal(4)]


@pytest.mark.parametrize("arrow_type", [pa.float32(), pa.float16()])
def test_a_narrow_arrow_column(oubei: Dict[str, Any], arrow_type: pa.DataType) -> None:
    table = pa.Table.from_pandas(pd.json_normalize([grown(oubei, 1.06)]), preserve_index=False)
    at = table.schema.get_field_index(OUTPUT)
    column = pa.array(np.array([1.06], dtype=arrow_type.to_pandas_dtype()), type=arrow_type)
    table = table.set_column(at, OUTPUT, column)
    assert zonescore.score_table(table, "zone-qualification").column("points.B4").to_pylist() == [Decimal(4)]
    # A NaN is a value in Arrow, as for float64: `not_finite`, never a score.
    nan = table.set_column(at, OUTPUT, pa.array([np.nan], type=arrow_type))
    [row] = zonescore.score_table(nan, "zone-qualification", lang="en").to_pylist()
    assert row["final_score"] is None and "not a finite number" in row["errors"]


def test_a_polars_float32_column(oubei: Dict[str, Any]) -> None:
    frame = pl.from_arrow(pa.Table.from_pandas(pd.json_normalize([grown(oubei, 1.06)]), preserve_index=False))
    assert isinstance(frame, pl.DataFrame)
    frame = frame.with_columns(pl.col(OUTPUT).cast(pl.Float32))
    assert zonescore.score_table(frame, "zone-qualification")["points.B4"].to_list() == [Decimal(4)]
