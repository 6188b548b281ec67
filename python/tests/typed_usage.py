"""Calls the README documents, for mypy --strict (``test_typing.py``): each must type-check
as it runs. Not run by pytest (no ``test_`` in its name)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import zonescore

frame = pd.DataFrame([{"zone.name": "瓯北", "zone.assessment_year": 2013}])
row = frame.iloc[0]
rules = zonescore.Ruleset("zone-qualification")
zonescore.score_submission(row)
zonescore.validate_submission(row)
rules.bounds(row)
rules.score(row)
zonescore.score_json("{}", lang="zh_CN")
zonescore.answer_json({"zone": {}}, lang="en-US")
rules.advise({"zone": {}}, options=np.int64(3))
