"""The towns' workbooks read together: one frame, each row named by its file as the
command line names it, its cells still found for the results workbook's errors."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Dict, List

import pandas as pd
import pytest

import zonescore
from conftest import REPO
from test_excel import error_rows, filled


@pytest.fixture()
def examples(zone_examples: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{k: v for k, v in s.items() if k != "meta"} for s in zone_examples]


def books(tmp_path: Path, examples: List[Dict[str, Any]]) -> List[Path]:
    found = []
    for town, part in [("town-a", examples[:2]), ("town-b", examples[2:5])]:
        (tmp_path / town).mkdir()
        found.append(filled(tmp_path / town, part))
    return found


def test_workbooks_read_together_name_each_row_by_its_file(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    a, b = books(tmp_path, examples)
    frame = zonescore.read_excel([a, b])
    apart = [zonescore.read_excel(a), zonescore.read_excel(b)]
    want = [f"{a}!{label}" for label in apart[0].index] + [f"{b}!{label}" for label in apart[1].index]
    assert list(frame.index) == want and len(want) == 5
    assert frame.attrs["ruleset"].id == "zone-qualification" and frame.attrs["made_with"] == apart[0].attrs["made_with"]
    scored = zonescore.score_table(frame)
    assert list(scored["final_score"]) == list(pd.concat([zonescore.score_table(f) for f in apart])["final_score"])
    # An error is told at its file's row and cell.
    frame.loc[f"{b}!示范区!6", "zone.industry"] = "鞋子"
    out = tmp_path / "results.xlsx"
    zonescore.to_excel(frame, out)
    [industry] = [r for r in error_rows(out) if "/zone/industry" in r]
    assert f"{b}!示范区!6" in industry and "示范区!C6" in industry, industry


def test_workbooks_given_as_bytes_or_files_are_named_by_place_or_name(
    tmp_path: Path, examples: List[Dict[str, Any]]
) -> None:
    a, b = books(tmp_path, examples)
    with open(b, "rb") as opened:
        frame = zonescore.read_excel((a.read_bytes(), opened, io.BytesIO(a.read_bytes())))
    labels = list(frame.index)
    assert labels[0].startswith("#1!示范区!") and labels[2].startswith(f"{b}!示范区!") and labels[-1].startswith("#3!")
    assert set(frame.attrs["cells"]) == set(labels)


def test_a_warning_of_a_workbook_read_with_others_points_at_the_caller(
    tmp_path: Path, examples: List[Dict[str, Any]]
) -> None:
    a, b = books(tmp_path, examples)
    # The templates were made from the bundled rules; these differ by a band.
    text = (REPO / "rules" / "zone-qualification.toml").read_text(encoding="utf-8")
    other = zonescore.Ruleset.from_text(text.replace("at_least = 95", "at_least = 96", 1))
    with pytest.warns(UserWarning, match="other rules") as caught:
        zonescore.read_excel([a, b], other)
    assert len(caught) == 2 and {Path(w.filename).name for w in caught} == {Path(__file__).name}


def test_workbooks_for_different_rules_are_refused(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    a, _ = books(tmp_path, examples)
    annual = tmp_path / "annual.xlsx"
    zonescore.excel_template(annual, "annual-assessment")
    with pytest.raises(ValueError, match="different rules"):
        zonescore.read_excel([a, annual])
    with pytest.raises(ValueError, match="no workbooks"):
        zonescore.read_excel([])
    with pytest.raises(TypeError, match="list of lists"):
        zonescore.read_excel([[a]])
    with pytest.raises(ValueError, match="more than once"):
        zonescore.read_excel([a, a])
    with pytest.raises(TypeError, match="or a list of them"):
        zonescore.read_excel(iter([a]))
