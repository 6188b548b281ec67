"""A DataFrame's row given as one submission (``frame.iloc[i]``, a row of ``iterrows()``):
read as ``score_table`` reads the row, in every call that takes one submission."""

from __future__ import annotations

import copy
import math
from typing import Any, Dict, List

import numpy as np
import pandas as pd
import pytest

import zonescore


@pytest.fixture()
def frame(zone_examples: List[Dict[str, Any]]) -> Any:
    return pd.json_normalize(zone_examples)


def test_a_row_scores_as_its_submission_does(frame: Any, zone_examples: List[Dict[str, Any]]) -> None:
    rules = zonescore.Ruleset("zone-qualification")
    for (_, row), submission in zip(frame.iterrows(), zone_examples):
        # Columns of fields a submission lacks hold NaN in its row: fields left out.
        assert rules.answer_json(row) == rules.answer_json(submission)
        assert rules.score(row) == rules.score(submission)
        assert zonescore.score_submission(row) == zonescore.score_submission(submission)
        assert rules.validate(row) == rules.validate(submission)
        assert rules.bounds(row).final_score == rules.bounds(submission).final_score
        assert rules.advise(row) == rules.advise(submission)
    assert zonescore.detect_ruleset(frame.iloc[0]) == "zone-qualification"
    reports = rules.score_many([frame.iloc[0], frame.iloc[1]])
    assert reports == [rules.score(zone_examples[0]), rules.score(zone_examples[1])]


def test_empty_cells_of_a_row_are_missing_fields(oubei: Dict[str, Any]) -> None:
    fewer = copy.deepcopy(oubei)
    del fewer["quality"]["spot_check_pass_rate_pct"]
    want = zonescore.score_submission(fewer)
    row = pd.json_normalize(oubei).astype(object).iloc[0]
    for empty in [math.nan, None, pd.NA, np.float64("nan"), "  "]:
        row["quality.spot_check_pass_rate_pct"] = empty
        assert zonescore.score_submission(row) == want, empty


def test_a_rows_labels_name_fields_as_a_tables_columns_do(oubei: Dict[str, Any]) -> None:
    row = pd.json_normalize(oubei).iloc[0]
    want = zonescore.score_submission(oubei)
    levels = row.copy()
    levels.index = pd.MultiIndex.from_tuples([tuple(str(c).split(".", 1)) for c in row.index])
    assert zonescore.score_submission(levels) == want
    pointers = row.rename(lambda c: "/" + str(c).replace(".", "/"))
    assert zonescore.score_submission(pointers) == want


def test_a_rows_float32_cell_is_read_at_its_own_precision(oubei: Dict[str, Any]) -> None:
    row = pd.json_normalize(oubei).astype(object).iloc[0]
    row["quality.spot_check_pass_rate_pct"] = np.float32(96.2)
    report = zonescore.score_submission(row)
    given = copy.deepcopy(oubei)
    given["quality"]["spot_check_pass_rate_pct"] = 96.2
    assert report == zonescore.score_submission(given)


def test_a_rows_unknown_or_wrong_cells_are_field_errors(oubei: Dict[str, Any]) -> None:
    row = pd.json_normalize(oubei).iloc[0].rename({"zone.name": "zone.nmae"})
    found = {(e.code, e.path) for e in zonescore.validate_submission(row)}
    assert ("unknown_field", "/zone/nmae") in found and ("required", "/zone/name") in found
    with pytest.raises(zonescore.InvalidSubmissionError) as raised:
        zonescore.score_submission(row)
    assert raised.value.path in ("/zone/name", "/zone/nmae")


def test_a_field_labelled_twice_in_a_row_is_its_error_not_the_batchs(oubei: Dict[str, Any]) -> None:
    row = pd.json_normalize(oubei).iloc[0]
    twice = pd.concat([row, pd.Series({"zone.name": "again"})])
    nested = pd.concat([row, pd.Series({"zone.name.en": "Oubei"})])
    for bad, path in [(twice, "/zone/name"), (nested, "/zone/name")]:
        errors = zonescore.validate_submission(bad, "zone-qualification")
        assert [(e.code, e.path) for e in errors] == [("duplicate_key", path)]
        # One bad row is one failed item of a batch, not the batch's end.
        good, failed = zonescore.score_many([oubei, bad], "zone-qualification")
        assert isinstance(good, zonescore.Report) and isinstance(failed, zonescore.InvalidSubmissionError)


def test_a_multiindex_padded_by_pandas_names_the_fields_it_holds(oubei: Dict[str, Any]) -> None:
    # Labels split at every dot: pandas pads the shorter ones with NaN.
    row = pd.json_normalize(oubei).iloc[0]
    levels = row.copy()
    levels.index = pd.MultiIndex.from_tuples([tuple(str(c).split(".")) for c in row.index])
    assert levels.index.nlevels > 2
    assert zonescore.score_submission(levels) == zonescore.score_submission(oubei)
    frame = pd.json_normalize([oubei])
    frame.columns = pd.MultiIndex.from_tuples([tuple(str(c).split(".")) for c in frame.columns])
    assert zonescore.score_table(frame).equals(zonescore.score_table([oubei]))
