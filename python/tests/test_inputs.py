"""Python values crossing into the engine: exact numbers, and bad inputs of every kind (a
dict read straight into the record: test_dict_shortcut.py)."""

from __future__ import annotations

import copy
import enum
import json
import math
import types
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Dict, Iterator

import pytest

import zonescore

# Two decimal fields whose sum must reach exactly 0.3 to earn the points: the 0.1 + 0.2
# test of the boundary. In binary floating point 0.1 + 0.2 is 0.30000000000000004.
SUM_RULES = """
format_version = 1
final_score = { normalise = false, rounding = { places = 1, mode = "half_away_from_zero" } }

[ruleset]
id = "sum-check"
version = "1"
title = { zh = "求和", en = "Sum" }
source = { document = "测试", title = { zh = "测试", en = "Test" } }

[[fields]]
path = "x.a"
type = "decimal"
label = { zh = "甲", en = "A" }

[[fields]]
path = "x.b"
type = "decimal"
label = { zh = "乙", en = "B" }

[[derived]]
id = "total"
expr = "x.a + x.b - 0.3"
label = { zh = "合计减 0.3", en = "Total less 0.3" }

[[dimensions]]
id = "S"
title = { zh = "合计", en = "Total" }

[[dimensions.criteria]]
id = "S1"
title = { zh = "合计恰为 0.3", en = "Total is exactly 0.3" }
max = 10
clause = ["§1"]
basis = { kind = "set" }
parts = [{ kind = "bands", value = "total", bands = [{ at_least = 0.000000000000000001, points = 1 }, { at_least = 0, points = 10 }] }]

[[grades]]
id = "P"
min = 5
label = { zh = "通过", en = "Pass" }

[[grades]]
id = "F"
label = { zh = "未通过", en = "Fail" }

[[outcomes]]
id = "done"
label = { zh = "完成", en = "Done" }
"""


@pytest.fixture(scope="module")
def sum_rules() -> zonescore.Ruleset:
    return zonescore.Ruleset.from_text(SUM_RULES, "toml", "sum.toml")


def codes(e: zonescore.InvalidSubmissionError) -> Dict[str, str]:
    return {err.path: err.code for err in e.errors}


def invalid(submission: Any, ruleset: Any = "zone-qualification") -> zonescore.InvalidSubmissionError:
    with pytest.raises(zonescore.InvalidSubmissionError) as info:
        zonescore.score_submission(submission, ruleset)
    return info.value


@pytest.mark.parametrize(
    "a, b",
    [(0.1, 0.2), (Decimal("0.1"), Decimal("0.2")), (0.1, Decimal("0.2")), (Decimal("0.1"), 0.2), ("text", None)],
    ids=["floats", "decimals", "float+decimal", "decimal+float", "json-text"],
)
def test_point_one_plus_point_two_is_exactly_point_three(sum_rules: zonescore.Ruleset, a: Any, b: Any) -> None:
    submission: Any = '{"x": {"a": 0.1, "b": 0.2}}' if a == "text" else {"x": {"a": a, "b": b}}
    report = sum_rules.score(submission)
    part = report.criteria[0].parts[0]
    assert Decimal(part.value or "nan") == 0
    assert report.criteria[0].points == Decimal("10")
    assert report.final_score == Decimal("10.0")
    assert str(report.final_score) == "10.0"


def test_a_float_is_read_through_its_shortest_repr(oubei: Dict[str, Any]) -> None:
    as_float = copy.deepcopy(oubei)
    as_decimal = copy.deepcopy(oubei)
    as_float["quality"]["spot_check_pass_rate_pct"] = 100.1
    as_decimal["quality"]["spot_check_pass_rate_pct"] = Decimal("100.1")
    e_float, e_decimal = invalid(as_float), invalid(as_decimal)
    assert e_float.to_json() == e_decimal.to_json()
    assert e_float.params["value"] == "100.1"  # not 100.099999999999994315658113919198513031005859375


def test_floats_and_decimals_give_the_same_report(oubei: Dict[str, Any]) -> None:
    import json

    text = json.dumps(oubei, ensure_ascii=False)
    with_decimals = json.loads(text, parse_float=Decimal)
    assert zonescore.score_submission(oubei).to_json() == zonescore.score_submission(with_decimals).to_json()
    assert zonescore.score_submission(oubei) == zonescore.score_submission(text)


def test_scores_are_exact_decimals(zone_examples: Any) -> None:
    for submission in zone_examples:
        report = zonescore.score_submission(submission, "zone-qualification")
        assert isinstance(report.final_score, Decimal)
        assert sum((c.points for c in report.criteria if c.applicable), Decimal(0)) == report.earned
        for d in report.dimensions:
            inside = [c.points for c in report.criteria if c.dimension == d.id and c.applicable]
            assert sum(inside, Decimal(0)) == d.points


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("sNaN")],
    ids=["nan", "inf", "-inf", "Decimal-nan", "Decimal-inf", "Decimal--inf", "Decimal-snan"],
)
def test_not_finite_numbers_are_field_errors(oubei: Dict[str, Any], value: Any) -> None:
    sub = copy.deepcopy(oubei)
    sub["quality"]["spot_check_pass_rate_pct"] = value
    e = invalid(sub)
    assert codes(e) == {"/quality/spot_check_pass_rate_pct": "not_finite"}
    assert e.code == "not_finite" and e.path == "/quality/spot_check_pass_rate_pct"
    assert "NaN" in e.errors[0].message.en and e.errors[0].message.zh and "NaN" in str(e)


@pytest.mark.parametrize("value", [10**28, -(10**40), 10**4000, Decimal("1e28"), Decimal("1.00000000000000000000000000001"), 1e300])
def test_huge_numbers_are_out_of_range(oubei: Dict[str, Any], value: Any) -> None:
    sub = copy.deepcopy(oubei)
    sub["organization"]["dedicated_budget_10k_cny"] = value
    e = invalid(sub)
    assert codes(e) == {"/organization/dedicated_budget_10k_cny": "out_of_range"}


def test_whole_numbers_may_be_written_as_floats_or_decimals(oubei: Dict[str, Any]) -> None:
    base = zonescore.score_submission(oubei)
    for year in (2013.0, Decimal("2013.000"), Decimal("2.013E+3")):
        sub = copy.deepcopy(oubei)
        sub["zone"]["assessment_year"] = year
        assert zonescore.score_submission(sub) == base
    sub = copy.deepcopy(oubei)
    sub["quality"]["above_scale_firms"] = 96.5
    assert codes(invalid(sub)) == {"/quality/above_scale_firms": "not_whole_number"}


def test_wrong_types_are_field_errors(oubei: Dict[str, Any]) -> None:
    sub = copy.deepcopy(oubei)
    sub["quality"]["spot_check_pass_rate_pct"] = "95.6"
    sub["organization"]["work_plan_issued"] = 1
    sub["zone"]["industry"] = ["valves"]
    sub["brands"] = "many"
    assert codes(invalid(sub)) == {
        "/brands": "wrong_type",
        "/organization/work_plan_issued": "wrong_type",
        "/quality/spot_check_pass_rate_pct": "wrong_type",
        "/zone/industry": "wrong_type",
    }


def test_bools_are_not_numbers_and_ints_are_not_bools(oubei: Dict[str, Any]) -> None:
    sub = copy.deepcopy(oubei)
    sub["quality"]["above_scale_firms"] = True
    sub["organization"]["leading_group"] = 1
    assert codes(invalid(sub)) == {"/organization/leading_group": "wrong_type", "/quality/above_scale_firms": "wrong_type"}


def test_empty_submissions() -> None:
    e = invalid({})
    assert {err.code for err in e.errors} == {"required"}
    assert "/zone/name" in codes(e)
    assert invalid("").code == "empty_input"
    assert invalid(b"").code == "empty_input"
    assert invalid(b"   ").code in ("empty_input", "invalid_json")


@pytest.mark.parametrize("value, found", [([], "array"), ([{"zone": {}}], "array"), (None, "null"), (3, "number"), ("3", None)])
def test_a_submission_must_be_an_object(value: Any, found: Any) -> None:
    e = invalid(value)
    if found is None:  # "3" is JSON text holding a number
        assert e.code == "not_an_object"
    else:
        assert e.code == "not_an_object" and e.params["found"] == found


def test_non_string_keys_are_type_errors(oubei: Dict[str, Any]) -> None:
    sub = copy.deepcopy(oubei)
    sub["zone"][3] = "x"
    sub[(1, 2)] = {}
    with pytest.raises(zonescore.SubmissionTypeError) as info:
        zonescore.score_submission(sub)
    e = info.value
    assert isinstance(e, TypeError) and isinstance(e, ValueError) and isinstance(e, zonescore.ZonescoreError)
    assert codes(e) == {"/(1, 2)": "non_string_key", "/zone/3": "non_string_key"}
    assert e.errors[1].params == {"key": "3", "type": "int"}
    assert "must be strings" in e.errors[0].message.en and "must be strings" in str(e)


@pytest.mark.parametrize(
    "value, type_name",
    [(b"bytes", "bytes"), (bytearray(b"x"), "bytearray"), ({1, 2}, "set"), (object(), "object"), (1 + 2j, "complex")],
)
def test_values_without_a_json_shape_are_type_errors(oubei: Dict[str, Any], value: Any, type_name: str) -> None:
    sub = copy.deepcopy(oubei)
    sub["zone"]["name"] = value
    with pytest.raises(zonescore.SubmissionTypeError) as info:
        zonescore.score_submission(sub)
    assert info.value.code == "unsupported_value"
    assert info.value.path == "/zone/name"
    assert info.value.params == {"type": type_name}
    assert zonescore.validate_submission(sub)[0].code == "unsupported_value"


def test_a_date_among_the_notes_is_kept_as_its_iso_text(oubei: Dict[str, Any]) -> None:
    # `meta` holds anything: a received-on date is no reason to refuse the submission.
    import datetime

    import numpy as np
    import pandas as pd

    want = zonescore.score_submission(oubei).final_score
    for value in [
        datetime.date(2013, 9, 1),
        datetime.datetime(2013, 9, 1, 8, 30),
        datetime.time(8, 30),
        pd.Timestamp("2013-09-01"),
        np.datetime64("2013-09-01"),
    ]:
        sub = copy.deepcopy(oubei)
        sub["meta"]["received"] = value
        assert zonescore.score_submission(sub).final_score == want, value
    table = pd.json_normalize([oubei])
    table["meta.received"] = pd.Timestamp("2013-09-01")
    assert list(zonescore.score_table(table)["final_score"]) == [want]
    # Elsewhere a date is still no value of a submission.
    sub = copy.deepcopy(oubei)
    sub["zone"]["name"] = datetime.date(2013, 9, 1)
    with pytest.raises(zonescore.SubmissionTypeError, match="datetime.date"):
        zonescore.score_submission(sub)


def test_every_unreadable_value_is_listed(oubei: Dict[str, Any]) -> None:
    sub = copy.deepcopy(oubei)
    for key in list(sub["innovation"]):
        sub["innovation"][key] = b"?"
    e = invalid(sub)
    assert len(e.errors) == len(oubei["innovation"])
    assert [err.path for err in e.errors] == sorted(err.path for err in e.errors)


def test_a_lone_surrogate_is_an_error_not_a_crash(oubei: Dict[str, Any]) -> None:
    sub = copy.deepcopy(oubei)
    sub["zone"]["name"] = "\ud800"
    sub["meta"] = {"\udfff": 1}
    # A key's error is at the path the key would have, U+FFFD in its place, as in the browser.
    assert codes(invalid(sub)) == {"/zone/name": "invalid_text", "/meta/\ufffd": "invalid_text"}


def test_json_text_with_a_lone_surrogate_is_an_answer_not_an_exception(oubei: Dict[str, Any]) -> None:
    text = json.dumps(oubei, ensure_ascii=False).replace("瓯北", "\ud800", 1)
    assert set(codes(invalid(text)).values()) == {"invalid_utf8"}
    rules = zonescore.Ruleset("zone-qualification")
    assert json.loads(rules.score_json(text))["errors"][0]["code"] == "invalid_utf8"
    # One such text in a batch is its own error; the others are scored.
    good, bad = zonescore.score_many([oubei, text], rules)
    assert isinstance(good, zonescore.Report) and isinstance(bad, zonescore.InvalidSubmissionError)


def test_an_int_too_long_for_str_is_out_of_range(oubei: Dict[str, Any]) -> None:
    # Python refuses str() of an int of more than 4,300 digits; it is still only out of range
    # (and told so at once: 400,000 digits converted would take seconds).
    for huge in (10**4299, 10**4301, -(10**400_000)):
        sub = copy.deepcopy(oubei)
        sub["quality"]["unlicensed_cases"] = huge
        assert codes(invalid(sub)) == {"/quality/unlicensed_cases": "out_of_range"}


def test_a_value_that_raises_while_it_is_read_is_an_error_with_its_words(oubei: Dict[str, Any]) -> None:
    class Broken(list):  # type: ignore[type-arg]
        def __iter__(self) -> Any:
            yield 1
            raise RuntimeError("disk gone")

    sub = copy.deepcopy(oubei)
    sub["meta"] = {"attachments": Broken()}
    (err,) = invalid(sub).errors
    assert (err.code, err.path, err.params["type"]) == ("unsupported_value", "/meta/attachments/1", "unreadable")
    assert "disk gone" in err.params["reason"] and "disk gone" in err.message.zh


class _Raises(Mapping):  # type: ignore[type-arg]
    """A mapping whose every read raises `error`."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __getitem__(self, key: str) -> Any:
        raise self.error

    def __iter__(self) -> Iterator[str]:
        return iter(["spot_check_pass_rate_pct"])

    def __len__(self) -> int:
        return 1


def test_ctrl_c_while_a_value_is_read_stops_the_call(oubei: Dict[str, Any]) -> None:
    # Not worded as the value's problem: the program is being stopped.
    class Stops(list):  # type: ignore[type-arg]
        def __iter__(self) -> Iterator[int]:
            yield 1
            raise KeyboardInterrupt

    for place, value in (("quality", _Raises(KeyboardInterrupt())), ("meta", {"attachments": Stops()})):
        sub = copy.deepcopy(oubei)
        sub[place] = value
        with pytest.raises(KeyboardInterrupt):
            zonescore.score_submission(sub)
    with pytest.raises(SystemExit):
        zonescore.score_many([oubei, {**oubei, "quality": _Raises(SystemExit(3))}])


def test_a_mapping_that_raises_is_an_error_with_its_words(oubei: Dict[str, Any]) -> None:
    sub = copy.deepcopy(oubei)
    sub["quality"] = _Raises(RuntimeError("disk gone"))
    (err,) = invalid(sub).errors
    assert (err.code, err.path, err.params["type"]) == ("unsupported_value", "/quality", "unreadable")
    assert "disk gone" in err.params["reason"]


def test_deep_nesting_is_a_clean_error() -> None:
    deep: Dict[str, Any] = {}
    node = deep
    for _ in range(100_000):
        node["a"] = {}
        node = node["a"]
    e = invalid({"zone": deep})
    assert "too_deep" in {err.code for err in e.errors}
    deep_list: Any = []
    for _ in range(100_000):
        deep_list = [deep_list]
    assert "too_deep" in {err.code for err in invalid({"meta": deep_list}).errors}
    # 64 levels are fine (meta may hold anything), 65 are not.
    ok: Any = 1
    for _ in range(63):
        ok = [ok]
    assert "too_deep" not in {err.code for err in invalid({"meta": ok}).errors}
    assert "too_deep" in {err.code for err in invalid({"meta": [ok]}).errors}


def test_a_tree_bigger_than_any_submission_is_too_large(oubei: Dict[str, Any]) -> None:
    # As much as the largest JSON submission could hold and no more, counted as the browser
    # counts a JS object: the same error, worded by the engine in both languages.
    for big in ({"zone": {"name": "长" * 400_000}}, {"meta": [None] * 2_000_000}, {"k" * 2_000_000: 1}):
        e = invalid(big)
        assert not isinstance(e, TypeError), "too big, not of a wrong type"
        assert [(err.code, err.path, err.params) for err in e.errors] == [("too_large", "", {"limit": 1 << 20})]
        assert "超过" in e.errors[0].message.zh and "largest submission" in e.errors[0].message.en
    assert zonescore.validate_submission({**oubei, "meta": {"notes": "长" * 300_000}}).valid


def test_a_dict_that_contains_itself_is_a_clean_error() -> None:
    loop: Dict[str, Any] = {}
    loop["zone"] = loop
    assert "too_deep" in {err.code for err in invalid(loop).errors}


def test_other_python_number_and_mapping_types(oubei: Dict[str, Any]) -> None:
    class Count(enum.IntEnum):
        NINETY_SIX = 96

    base = zonescore.score_submission(oubei)
    sub = copy.deepcopy(oubei)
    sub["quality"]["above_scale_firms"] = Count.NINETY_SIX
    sub["zone"] = types.MappingProxyType(sub["zone"])
    sub["integrity"] = tuple(sub["integrity"].items()) and dict(sub["integrity"])
    assert zonescore.score_submission(sub) == base


def test_numpy_scalars_are_read_as_their_values(oubei: Dict[str, Any]) -> None:
    import numpy as np
    base = zonescore.score_submission(oubei)
    sub = copy.deepcopy(oubei)
    sub["quality"]["above_scale_firms"] = np.int64(96)
    sub["quality"]["spot_check_pass_rate_pct"] = np.float64(oubei["quality"]["spot_check_pass_rate_pct"])
    sub["organization"]["leading_group"] = np.bool_(True)
    assert zonescore.score_submission(sub) == base


def test_numpy_arrays_are_lists_never_unwrapped(oubei: Dict[str, Any]) -> None:
    """Only numpy's scalars stand for a value; an array is the list it holds (a number field
    refuses it as it refuses a list), and a 0-d array has no JSON shape."""
    import numpy as np

    rules = zonescore.Ruleset("zone-qualification")
    for value in [np.array([[[96.0]]]), np.array([96])]:
        assert [(e.code, e.params) for e in rules.validate_field("quality.above_scale_firms", value)] == [
            ("wrong_type", {"expected": "number", "found": "array"})
        ]
    for value, type_name in [
        (np.array(True), "numpy.ndarray"),
        (np.array(96), "numpy.ndarray"),
        (np.datetime64("2013-01-01"), "numpy.datetime64"),
        (np.complex128(1), "numpy.complex128"),
    ]:
        sub = copy.deepcopy(oubei)
        sub["organization"]["leading_group"] = value
        with pytest.raises(zonescore.SubmissionTypeError) as e:
            zonescore.score_submission(sub)
        assert (e.value.code, e.value.path, e.value.params) == (
            "unsupported_value",
            "/organization/leading_group",
            {"type": type_name},
        )
    # An array in `meta` (which is not scored) is read as the list it is.
    listed = {**oubei, "meta": {"sizes": np.array([1, 2, 3])}}
    assert zonescore.score_submission(listed) == zonescore.score_submission({**oubei, "meta": {"sizes": [1, 2, 3]}})


def test_json_bytes_with_invalid_utf8() -> None:
    e = invalid(b'{"zone": {"name": "\xff"}}')
    assert e.code == "invalid_utf8"
