"""Answer options: ``detail`` and ``lang`` on the JSON answers, read by the engine."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal
from typing import Any, Dict

import pytest

import zonescore
from conftest import EXAMPLES

OUBEI = EXAMPLES / "zone-qualification" / "oubei-valves-2013.json"


def test_numbers_keep_the_decisions_and_drop_the_text(oubei: Dict[str, Any]) -> None:
    text = OUBEI.read_text(encoding="utf-8")
    full = json.loads(zonescore.score_json(text))
    numbers = json.loads(zonescore.score_json(text, detail="numbers"))
    assert numbers["detail"] == "numbers"
    assert (numbers["final_score"], numbers["grade"], numbers["outcome"]) == (
        full["final_score"],
        full["grade"],
        full["outcome"],
    )
    assert [c["status"] for c in numbers["criteria"]] == [c["status"] for c in full["criteria"]]
    assert "title" not in numbers["criteria"][0] and "parts" not in numbers["criteria"][0]
    # The same answer from a dict, a Ruleset, and the ruleset told from the shape.
    rules = zonescore.Ruleset("zone-qualification")
    as_text = rules.score_json(text, detail="numbers")
    assert json.loads(as_text) == numbers
    assert zonescore.answer_json(oubei, detail="numbers") == as_text
    assert rules.answer_json(oubei, detail="numbers") == as_text


def test_reasons_give_each_part_a_code(oubei: Dict[str, Any]) -> None:
    answer = json.loads(zonescore.answer_json(oubei, "zone-qualification", detail="reasons", lang="en"))
    assert answer["detail"] == "reasons"
    codes = {p["reason"]["code"] for c in answer["criteria"] for p in c["parts"]}
    assert codes and codes <= {"not_counted", "yes", "no", "band", "below_lowest", "no_band", "weighted", "missing",
                               "zero_denominator", "overflow"}
    assert "band" in codes


def test_one_language(oubei: Dict[str, Any]) -> None:
    zh = json.loads(zonescore.answer_json(oubei, lang="zh"))
    assert zh["grade_label"] == {"zh": "优秀"}
    assert all(set(c["reason"]) == {"zh"} for c in zh["criteria"])
    en = zonescore.score_json(OUBEI.read_bytes(), "zone-qualification", lang="en")
    assert '"zh":' not in en
    # A failure's messages follow the language; Python values of no JSON shape are reported too.
    broken = dict(oubei, zone={**oubei["zone"], "assessment_year": {1, 2}})
    failure = json.loads(zonescore.answer_json(broken, "zone-qualification", lang="en"))
    assert failure["type"] == "failure" and list(failure["errors"][0]["message"]) == ["en"]
    numbers = json.loads(zonescore.answer_json({"zone": {"assessment_year": Decimal("2013.5")}}, detail="numbers"))
    assert numbers["type"] == "failure"


@pytest.mark.parametrize(
    "options, named", [({"detail": "short"}, "detail"), ({"lang": "fr"}, "lang"), ({"detail": "Full"}, "detail")]
)
def test_an_unknown_option_is_an_option_error(oubei: Dict[str, Any], options: Dict[str, str], named: str) -> None:
    [given] = options.values()
    for call in (
        lambda: zonescore.answer_json(oubei, **options),  # type: ignore[arg-type]
        lambda: zonescore.score_json(OUBEI.read_text(encoding="utf-8"), **options),  # type: ignore[arg-type]
        lambda: zonescore.Ruleset("zone-qualification").score_json(OUBEI.read_text(encoding="utf-8"), **options),  # type: ignore[arg-type]
    ):
        with pytest.raises(zonescore.OptionError, match=f"option {named}") as caught:
            call()
        error = caught.value
        assert isinstance(error, ValueError) and error.code == "unknown_option" and error.path == ""
        assert error.params == {"option": named, "value": given, "allowed": ["numbers", "reasons", "full"] if named == "detail" else ["zh", "en", "both"]}
        assert "无效" in error.summary.zh and str(error) == error.summary.en
        assert pickle.loads(pickle.dumps(error)).params == error.params


def test_a_language_where_one_is_shown_is_an_option_error() -> None:
    with pytest.raises(zonescore.OptionError) as caught:
        zonescore.score_table([{}], lang="both")  # type: ignore[arg-type]
    assert caught.value.params == {"option": "lang", "value": "both", "allowed": ["zh", "en"]}


@pytest.mark.parametrize("options", [{"detail": None}, {"lang": 1}, {"lang": ["zh"]}])
def test_an_option_that_is_not_text_is_an_argument_error(oubei: Dict[str, Any], options: Dict[str, Any]) -> None:
    rules = zonescore.Ruleset("zone-qualification")
    [(name, value)] = options.items()
    for call in (
        lambda: zonescore.answer_json(oubei, **options),
        lambda: zonescore.score_json(OUBEI.read_text(encoding="utf-8"), **options),
        lambda: rules.score_json(OUBEI.read_text(encoding="utf-8"), **options),
    ):
        with pytest.raises(zonescore.ArgumentError) as caught:
            call()
        assert caught.value.params == {"argument": name, "value": repr(value)}
        assert "文本" in caught.value.summary.zh and "text" in caught.value.summary.en
    with pytest.raises(zonescore.ArgumentError):
        zonescore.score_table([oubei], lang=None)  # type: ignore[arg-type]


def test_an_option_with_a_lone_surrogate_is_an_argument_error(oubei: Dict[str, Any]) -> None:
    with pytest.raises(zonescore.ArgumentError) as caught:
        zonescore.answer_json(oubei, lang="zh\ud800")  # type: ignore[arg-type]
    assert caught.value.params["argument"] == "lang"
    with pytest.raises(zonescore.ArgumentError):
        zonescore.excel_template("never-written.xlsx", lang=None)  # type: ignore[arg-type]


def test_a_language_tag_names_its_language(oubei: Dict[str, Any]) -> None:
    # A notebook passes a locale as it is (zh_CN, en-US): the language it names, in every call.
    text = OUBEI.read_text(encoding="utf-8")
    assert zonescore.score_json(text, lang="zh-CN") == zonescore.score_json(text, lang="zh")
    assert zonescore.answer_json(oubei, lang="en_US") == zonescore.answer_json(oubei, lang="en")
    tagged = zonescore.score_table([oubei], lang="en-GB")  # type: ignore[arg-type]
    assert tagged.equals(zonescore.score_table([oubei], lang="en"))
    bounds = zonescore.Ruleset("zone-qualification").bounds(oubei)
    titles = bounds.criteria_frame(lang="zh_CN")["title"]  # type: ignore[arg-type]
    assert list(titles) == list(bounds.criteria_frame(lang="zh")["title"])
    with pytest.raises(ValueError, match="option lang"):
        zonescore.score_table([oubei], lang="cn")  # type: ignore[arg-type]
