"""A dict read straight into the engine's record, or through an input tree when it is not
plainly valid: either way the answer of its JSON text, byte for byte."""

from __future__ import annotations

import copy
import json
from typing import Any, Dict

import pytest

import zonescore
from conftest import EXAMPLES, load
from test_inputs import codes, invalid
from zonescore import _zonescore as _core


def _answer(submission: Any, ruleset: Any = None) -> str:
    try:
        return zonescore.score_submission(submission, ruleset).to_json()
    except zonescore.InvalidSubmissionError as e:
        return e.to_json()


def _variants(example: Dict[str, Any]) -> Any:
    """The example, then each of its fields in turn left out, `None`, a float, text of
    spaces, a bool and a number, and a group left `None`, a list and an unknown key."""
    yield example
    for group, fields in example.items():
        if not isinstance(fields, dict):
            continue
        for value in (None, [1], {"unknown": 1}):
            yield {**example, group: value}
        for key, old in fields.items():
            for new in (None, "   ", True, 7, 7.25, float(old) if type(old) is int else "甲"):
                yield {**example, group: {**fields, key: new}}
            yield {**example, group: {k: v for k, v in fields.items() if k != key}}


@pytest.mark.parametrize("ruleset_id", ["zone-qualification", "annual-assessment"])
def test_a_dict_gets_the_answer_of_its_json_text(ruleset_id: str) -> None:
    # A plainly valid dict is read straight into the engine's record, anything else through
    # an input tree; either way its answer is its JSON text's, byte for byte.
    rules = zonescore.Ruleset(ruleset_id)
    straight = 0
    for path in sorted((EXAMPLES / ruleset_id).glob("*.json"))[:3]:
        # Every example is read straight into the record.
        assert _core._reads_straight(load(path)) and _core._reads_straight(load(path), rules._core)
        for variant in _variants(load(path)):
            straight += _core._reads_straight(variant, rules._core)
            text = json.dumps(variant, ensure_ascii=False)
            assert _answer(variant) == _answer(text), text
            assert _answer(variant, rules) == _answer(text, rules), text
            brief = {"detail": "reasons", "lang": "zh"}
            assert rules.answer_json(variant, **brief) == rules.score_json(text, **brief), text
    assert straight > 100


class _Key(str):
    """A key type that repeats a key: two members of one dict with the same text."""

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return other is self


def test_a_repeated_key_or_odd_values_leave_the_shortcut_with_the_trees_answer(oubei: Dict[str, Any]) -> None:
    import numpy as np

    repeated = {**oubei, _Key("zone"): {**oubei["zone"], "name": "乙"}}
    assert len(repeated) == len(oubei) + 1 and not _core._reads_straight(repeated)
    # The tree keeps the first `zone`, as JSON's reader does.
    assert zonescore.score_submission(repeated).to_json() == zonescore.score_submission(oubei).to_json()
    # A meta whose numpy values cost the tree reader two units each is counted as it counts them.
    big = {**oubei, "meta": [np.True_] * 524_000}
    assert not _core._reads_straight(big)
    with pytest.raises(zonescore.InvalidSubmissionError) as e:
        zonescore.score_submission(big)
    assert e.value.code == "too_large"


def test_a_dicts_text_counts_its_utf8_bytes_as_the_browser_counts_an_objects(oubei: Dict[str, Any]) -> None:
    sub = copy.deepcopy(oubei)
    sub["meta"]["notes"] = "长" * 400_000  # 1.2 MB of UTF-8, over the largest submission
    assert set(codes(invalid(sub)).values()) == {"too_large"}
    sub["meta"]["notes"] = "长" * 300_000
    assert zonescore.score_submission(sub).final_score == zonescore.score_submission(oubei).final_score
