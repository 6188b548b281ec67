"""Score every bundled example zone into one table and rank them (needs pandas)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

import zonescore

EXAMPLES = Path(__file__).resolve().parents[2] / "rules" / "examples" / "zone-qualification"


def results_table() -> pd.DataFrame:
    submissions = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json"))]
    # One row per submission, one column per dotted field path: a spreadsheet's shape.
    frame = pd.json_normalize(submissions)
    results = zonescore.score_table(frame, zonescore.Ruleset("zone-qualification"))
    table = pd.concat([frame[["zone.name", "zone.assessment_year"]], results], axis=1)
    return table.sort_values("final_score", ascending=False)


if __name__ == "__main__":
    with pd.option_context("display.width", 200, "display.max_columns", 8):
        print(results_table())
