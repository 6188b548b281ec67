"""Score bounds and advice: every case of tests/whatif-cases/ replayed byte for byte, the
typed views agreeing with the canonical JSON, the DataFrames, the HTML and the errors.

Each case is a folder with `case.json` (`ruleset` id or `ruleset_file`, `call`: `bounds` or
`advise`, optional `target` and `options`), `submission.json` and `expected.json` (the
canonical answer and a newline). One pytest case per folder.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Mapping, Union

import pandas as pd
import pytest

import zonescore
from conftest import EXAMPLES, REPO, case_rules, load

WHATIF = REPO / "tests" / "whatif-cases"


def whatif_cases() -> List[Path]:
    return sorted(p for p in WHATIF.iterdir() if (p / "case.json").is_file())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case_dir" in metafunc.fixturenames:
        cases = whatif_cases()
        metafunc.parametrize("case_dir", cases, ids=[c.name for c in cases])


def test_there_are_whatif_cases() -> None:
    # An empty folder must not pass as "all cases replayed".
    assert len(whatif_cases()) > 0, f"no what-if cases found in {WHATIF}"


def json_twin(case_dir: Path, text: Union[str, bytes]) -> str:
    case = load(case_dir / "case.json")
    rules = case_rules(case_dir)
    if case["call"] == "bounds":
        return rules.bounds_json(text)
    assert case["call"] == "advise", case
    return rules.advise_json(text, case.get("target"), case.get("options", 3))


def typed(case_dir: Path, submission: Any) -> Union[zonescore.Bounds, zonescore.Advice]:
    case = load(case_dir / "case.json")
    rules = case_rules(case_dir)
    if case["call"] == "bounds":
        return rules.bounds(submission)
    return rules.advise(submission, target=case.get("target"), options=case.get("options", 3))


def test_json_twin_replay(case_dir: Path) -> None:
    raw = (case_dir / "submission.json").read_bytes()
    expected = (case_dir / "expected.json").read_text(encoding="utf-8")
    assert json_twin(case_dir, raw.decode("utf-8")) + "\n" == expected
    assert json_twin(case_dir, raw) + "\n" == expected


def assert_view_has(view: Any, answer: Any, where: str) -> None:
    """Every member of the canonical answer is an attribute of the typed view with the
    same value: a decimal string as a ``Decimal`` of the same text, a list as a tuple, a
    map of JSON pointers as a mapping, ``from`` as ``from_``."""
    if isinstance(answer, dict) and isinstance(view, Mapping):
        assert sorted(view) == sorted(answer), where
        for key, value in answer.items():
            assert_view_has(view[key], value, f"{where}[{key!r}]")
    elif isinstance(answer, dict):
        for key, value in answer.items():
            name = "from_" if key == "from" else key
            assert hasattr(view, name), f"{where}: {type(view).__name__} has no `{name}`"
            assert_view_has(getattr(view, name), value, f"{where}.{name}")
    elif isinstance(answer, list):
        assert isinstance(view, tuple) and len(view) == len(answer), where
        for i, (v, a) in enumerate(zip(view, answer)):
            assert_view_has(v, a, f"{where}[{i}]")
    elif isinstance(view, Decimal):
        assert str(view) == answer, where
    else:
        assert type(view) is type(answer) and view == answer, where


def test_typed_results_agree_with_the_json(case_dir: Path) -> None:
    text = (case_dir / "submission.json").read_text(encoding="utf-8")
    expected_text = (case_dir / "expected.json").read_text(encoding="utf-8")
    expected = json.loads(expected_text)
    for submission in (json.loads(text, parse_float=Decimal), text):
        if expected["type"] == "failure":
            unknown_target = expected["errors"][0]["code"] == "unknown_target"
            kind = zonescore.TargetError if unknown_target else zonescore.InvalidSubmissionError
            with pytest.raises(kind) as raised:
                typed(case_dir, submission)
            assert isinstance(raised.value, (zonescore.TargetError, zonescore.InvalidSubmissionError))
            assert raised.value.to_json() + "\n" == expected_text
            assert raised.value.code == expected["errors"][0]["code"]
            continue
        result = typed(case_dir, submission)
        assert isinstance(result, zonescore.Bounds if expected["type"] == "bounds" else zonescore.Advice)
        assert result.to_json() + "\n" == expected_text
        assert result.to_dict() == expected
        assert_view_has(result, {k: v for k, v in expected.items() if k != "type"}, "answer")


def test_the_view_check_finds_a_member_a_view_lacks() -> None:
    span = zonescore.Span(Decimal("1"), None)
    assert_view_has(span, {"min": "1", "max": None}, "span")
    with pytest.raises(AssertionError, match="has no `exact`"):
        assert_view_has(span, {"min": "1", "exact": True}, "span")
    with pytest.raises(AssertionError):
        assert_view_has(span, {"min": "1.0"}, "span")


@pytest.fixture(scope="module")
def zq() -> zonescore.Ruleset:
    return zonescore.Ruleset("zone-qualification")


def case_text(name: str) -> str:
    return (WHATIF / name / "submission.json").read_text(encoding="utf-8")


def case_submission(name: str) -> Dict[str, Any]:
    data: Dict[str, Any] = json.loads(case_text(name), parse_float=Decimal)
    return data


def test_numbers_are_decimals_and_enum_codes_stay_codes(zq: zonescore.Ruleset) -> None:
    bounds = zq.bounds(case_submission("zq-bounds-half-filled"))
    assert isinstance(bounds.final_score.min, Decimal) and isinstance(bounds.final_score.max, Decimal)
    assert bounds.final_score.min <= bounds.final_score.max
    assert all(isinstance(f.swing, Decimal) for f in bounds.open_fields)
    assert bounds.highest["/bonus/national_brand_zone"] == "named"
    assert isinstance(bounds.highest["/organization/dedicated_budget_10k_cny"], Decimal)
    assert bounds.highest["/organization/work_plan_complete"] is True
    # Frozen, so hashable, the read-only completions too; equal bounds hash alike.
    assert hash(bounds) == hash(zq.bounds(case_submission("zq-bounds-half-filled")))
    advice = zq.advise(case_submission("zq-advise-threshold"), target="A")
    c1 = [c for o in advice.options for c in o.changes if c.criterion == "C1"][0]
    assert (c1.from_, c1.to, c1.points) == (Decimal("94.6"), Decimal("95"), Decimal("2"))
    assert c1.clause == ("§2.2.d", "§2.4")


def set_pointer(submission: Dict[str, Any], path: str, value: Any) -> None:
    *groups, name = path.split("/")[1:]
    for g in groups:
        submission = submission.setdefault(g, {})
    submission[name] = value


def test_a_complete_submission_has_its_score_as_bounds(zq: zonescore.Ruleset) -> None:
    oubei = load(EXAMPLES / "zone-qualification" / "oubei-valves-2013.json")
    report = zq.score(oubei)
    bounds = zq.bounds(oubei)
    assert bounds.final_score == zonescore.Span(report.final_score, report.final_score)
    assert bounds.grades == (report.grade,) and bounds.outcomes == (report.outcome,)
    # Optional fields left empty (no food products here) are still open, but move nothing.
    assert all(f.swing == 0 for f in bounds.open_fields)
    assert bounds.criterion("C1").points == zonescore.Span(report.criterion("C1").points, report.criterion("C1").points)
    with pytest.raises(KeyError):
        bounds.criterion("Z9")


def test_applying_each_option_reaches_the_target(zq: zonescore.Ruleset) -> None:
    # The typed values go straight back into a submission: Decimals, booleans, codes.
    submission = case_submission("zq-advise-threshold")
    advice = zq.advise(submission, target="A", options=3)
    assert advice.reachable and not advice.reached and len(advice.options) == 3
    for option in advice.options:
        changed = copy.deepcopy(submission)
        for c in option.changes:
            set_pointer(changed, c.path, c.to)
        report = zq.score(changed)
        assert (report.final_score, report.grade, report.outcome) == (option.final_score, option.grade, option.outcome)
        assert report.grade == "A"


def test_best_reachable_advice_is_typed_too(zq: zonescore.Ruleset) -> None:
    qiaotou = load(EXAMPLES / "zone-qualification" / "qiaotou-buttons-zippers-2011.json")
    advice = zq.advise(qiaotou, target="A")
    assert not advice.reachable and advice.options == ()
    assert advice.best is not None and advice.best.options
    assert advice.best.to_dict() == advice.to_dict()["best"]
    # Canonical, as every answer: compact, members in order, no ASCII escapes.
    assert advice.best.to_json() == json.dumps(advice.to_dict()["best"], separators=(",", ":"), ensure_ascii=False)
    assert advice.best.to_json() in advice.to_json()
    assert_view_has(advice, {k: v for k, v in advice.to_dict().items() if k != "type"}, "advice")
    assert advice.changes_frame().empty
    assert len(advice.best.changes_frame()) == sum(len(o.changes) for o in advice.best.options)
    # The heading is core's, as the CLI and the browser show it.
    assert f"可达到的最好目标：{advice.best.target}" in advice._repr_html_()
    assert "无法达到 out of reach" in advice._repr_html_()


def test_changes_frame(zq: zonescore.Ruleset) -> None:
    advice = zq.advise(case_submission("zq-advise-threshold"), target="A")
    frame = advice.changes_frame()
    assert list(frame.columns) == [
        "option", "path", "label", "from", "to", "from_text", "to_text", "criterion", "clause", "points",
    ]
    rows = [(i, c) for i, o in enumerate(advice.options) for c in o.changes]
    assert len(frame) == len(rows) == 5
    for (_, row), (i, c) in zip(frame.iterrows(), rows):
        assert (row["option"], row["path"], row["label"], row["criterion"]) == (i, c.path, c.label.zh, c.criterion)
        assert (row["from"], row["to"], row["points"]) == (c.from_, c.to, c.points)
        assert (row["from_text"], row["to_text"]) == (c.from_text.zh, c.to_text.zh)
        assert row["clause"] == ", ".join(c.clause)
        assert isinstance(row["points"], Decimal)
    assert frame.loc[frame["criterion"] == "C1", "to"].iloc[0] == Decimal("95")
    english = advice.changes_frame(lang="en")
    assert english["label"].iloc[0] == advice.options[0].changes[0].label.en
    with pytest.raises(ValueError, match="lang"):
        advice.changes_frame(lang="fr")  # type: ignore[arg-type]


def test_criteria_and_open_fields_frames(zq: zonescore.Ruleset) -> None:
    bounds = zq.bounds(case_submission("zq-bounds-half-filled"))
    frame = bounds.criteria_frame()
    assert list(frame.columns) == ["id", "title", "points_min", "points_max", "max", "applies", "open_fields"]
    assert list(frame["id"]) == [c.id for c in bounds.criteria]
    for (_, row), c in zip(frame.iterrows(), bounds.criteria):
        assert (row["points_min"], row["points_max"], row["max"]) == (c.points.min, c.points.max, c.max)
        assert row["title"] == c.title.zh and row["applies"] == c.applies
        assert row["open_fields"] == ", ".join(c.open_fields)
    assert bounds.criteria_frame(lang="en")["title"].iloc[0] == bounds.criteria[0].title.en
    fields = bounds.open_fields_frame()
    assert list(fields.columns) == ["path", "label", "swing", "worth_asking", "affects"]
    assert list(fields["path"]) == [f.path for f in bounds.open_fields]
    assert list(fields["worth_asking"]) == [f.worth_asking for f in bounds.open_fields]
    assert list(fields["swing"]) == [f.swing for f in bounds.open_fields]
    assert isinstance(fields["swing"].iloc[0], Decimal)
    assert isinstance(frame, pd.DataFrame) and isinstance(fields, pd.DataFrame)


def test_html_escapes_every_text(zq: zonescore.Ruleset) -> None:
    evil = zonescore.Text("<script>x</script>", "<b>&amp;</b>")
    bounds = zq.bounds(case_submission("zq-bounds-open-veto"))
    bounds = dataclasses.replace(
        bounds,
        criteria=tuple(dataclasses.replace(c, title=evil) for c in bounds.criteria),
        vetoes=tuple(dataclasses.replace(v, title=evil, open_fields=("<i>",)) for v in bounds.vetoes),
        open_fields=tuple(dataclasses.replace(f, label=evil, path="/<i>") for f in bounds.open_fields),
        outcomes=("<A>",),
        summary=evil,
    )
    advice = zq.advise(case_submission("zq-advise-threshold"), target="A")
    change = dataclasses.replace(advice.options[0].changes[0], label=evil, path="/<i>", to="<u>", clause=("<§>",))
    advice = dataclasses.replace(
        advice,
        target="<A>",
        summary=evil,
        options=(dataclasses.replace(advice.options[0], changes=(change,), grade="<g>"),),
        blocked_by=(zonescore.Blocker("<V>", evil, ("<p>",)),),
    )
    for html in (bounds._repr_html_(), advice._repr_html_()):
        for raw in ("<script>", "<i>", "<A>", "<b>&amp;", "<u>", "<§>", "<g>", "<V>", "<p>"):
            assert raw not in html
        assert "&lt;script&gt;" in html
    assert "zonescore-bounds" in bounds._repr_html_() and "zonescore-advice" in advice._repr_html_()


def test_html_shows_the_answer(zq: zonescore.Ruleset) -> None:
    bounds = zq.bounds(case_submission("zq-bounds-half-filled"))
    html = bounds._repr_html_()
    assert str(bounds.final_score) in html and bounds.open_fields[0].label.zh in html
    assert bounds.summary.zh in html and bounds.summary.zh.startswith("尚有 ")
    advice = zq.advise(case_submission("zq-advise-threshold"), target="A")
    html = advice._repr_html_()
    assert advice.summary.zh in html and "94.6" in html and "<b>95</b>" in html
    # Clauses numbered as the source document numbers them, as in the report's scorecard.
    assert zq.clause_label("§5.2.1") != "§5.2.1" and zq.clause_label("§5.2.1") in html


def test_html_verdicts_are_the_engines(zq: zonescore.Ruleset) -> None:
    from zonescore._zonescore import ADVERSE_VERDICTS, SETTLED_VERDICTS, VERDICT_WORDS

    # Core's tables: a gate that holds has passed, a veto that holds has fired.
    assert SETTLED_VERDICTS == {"yes": ("passed", "fired"), "no": ("failed", "not_fired"), "open": ("open", "open")}
    assert ADVERSE_VERDICTS == frozenset({"failed", "fired"})
    bounds = zq.bounds(case_submission("zq-bounds-open-veto"))
    html = bounds._repr_html_()
    states = {c.holds for c in bounds.vetoes} | {c.holds for c in bounds.gates}
    assert "open" in states and len(states) > 1
    for c in bounds.gates:
        assert VERDICT_WORDS[SETTLED_VERDICTS[c.holds][0]]["zh"] in html
    for c in bounds.vetoes:
        word = VERDICT_WORDS[SETTLED_VERDICTS[c.holds][1]]["zh"]
        # A veto not fired is green, an open one amber.
        colour = {"no": "#1a7f37", "open": "#9a6700", "yes": "#cf222e"}[c.holds]
        assert f'<span style="color:{colour};font-weight:600">{word} ' in html, (c.id, c.holds)


def test_unknown_target(zq: zonescore.Ruleset) -> None:
    submission = case_submission("zq-advise-threshold")
    failure = json.loads(zq.advise_json(case_text("zq-advise-threshold"), target="Z"))
    assert failure["type"] == "failure" and failure["errors"][0]["code"] == "unknown_target"
    with pytest.raises(zonescore.TargetError) as raised:
        zq.advise(submission, target="Z")
    e = raised.value
    assert isinstance(e, ValueError) and isinstance(e, zonescore.ZonescoreError)
    assert not isinstance(e, zonescore.InvalidSubmissionError)
    assert (e.code, e.params["target"]) == ("unknown_target", "Z")
    assert "named" in e.params["allowed"] and e.summary.zh and e.summary.en in str(e)
    assert json.loads(e.to_json()) == failure
    copy = pickle.loads(pickle.dumps(e))
    assert type(copy) is zonescore.TargetError and copy.to_json() == e.to_json()


def test_a_present_field_out_of_range_is_an_invalid_submission(zq: zonescore.Ruleset) -> None:
    half = {"zone": {"name": "瓯北"}, "quality": {"spot_check_pass_rate_pct": 101}}
    with pytest.raises(zonescore.InvalidSubmissionError) as raised:
        zq.bounds(half)
    assert (raised.value.code, raised.value.path) == ("out_of_range", "/quality/spot_check_pass_rate_pct")
    assert type(raised.value) is zonescore.InvalidSubmissionError
    assert json.loads(raised.value.to_json()) == json.loads(zq.bounds_json(json.dumps(half)))
    with pytest.raises(zonescore.InvalidSubmissionError) as raised:
        zq.advise(case_submission("zq-advise-threshold") | {"quality": {"spot_check_pass_rate_pct": -1}})
    assert "out_of_range" in [err.code for err in raised.value.errors]


def test_missing_fields_are_no_error_for_bounds_but_are_for_advice(zq: zonescore.Ruleset) -> None:
    half = {"zone": {"name": "瓯北"}}
    bounds = zq.bounds(half)
    assert bounds.missing > 0 and bounds.final_score.min is not None
    with pytest.raises(zonescore.InvalidSubmissionError) as raised:
        zq.advise(half)
    assert "required" in [err.code for err in raised.value.errors]


def test_values_of_no_json_shape(zq: zonescore.Ruleset) -> None:
    bad = {"zone": {"name": b"\xe7\x93\xaf"}}
    for call in (zq.bounds, zq.advise):
        with pytest.raises(zonescore.SubmissionTypeError) as raised:
            call(bad)
        assert (raised.value.code, raised.value.path) == ("unsupported_value", "/zone/name")


def test_json_twins_take_str_or_bytes_only(zq: zonescore.Ruleset) -> None:
    text = (WHATIF / "zq-bounds-half-filled" / "submission.json").read_text(encoding="utf-8")
    assert zq.bounds_json(text.encode("utf-8")) == zq.bounds_json(text) == zq.bounds(json.loads(text)).to_json()
    assert zq.advise_json(memoryview(b"\xff")) == zq.advise_json(b"\xff")
    assert json.loads(zq.advise_json(b"\xff"))["errors"][0]["code"] == "invalid_utf8"
    assert json.loads(zq.bounds_json(bytearray(b"\xff")))["errors"][0]["code"] == "invalid_utf8"
    with pytest.raises(TypeError):
        zq.bounds_json(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        zq.advise_json({"zone": {}})  # type: ignore[arg-type]


def test_typed_results_are_frozen_and_compare_by_value(zq: zonescore.Ruleset) -> None:
    submission = case_submission("zq-advise-threshold")
    advice = zq.advise(submission, target="A")
    assert advice == zq.advise(case_text("zq-advise-threshold"), target="A")
    with pytest.raises(dataclasses.FrozenInstanceError):
        advice.target = "B"  # type: ignore[misc]
    bounds = zq.bounds(case_submission("zq-bounds-half-filled"))
    with pytest.raises(TypeError):
        bounds.highest["/zone/name"] = "x"  # type: ignore[index]
    assert "Bounds(" in repr(bounds) and "_json" not in repr(bounds)


def test_typed_results_pickle(zq: zonescore.Ruleset) -> None:
    bounds = zq.bounds(case_submission("zq-bounds-half-filled"))
    advice = zq.advise(case_submission("zq-advise-threshold"), target="A")
    for result in (bounds, advice):
        copy = pickle.loads(pickle.dumps(result))
        assert copy == result and copy.to_json() == result.to_json()
    assert pickle.loads(pickle.dumps(bounds)).highest == bounds.highest


@pytest.mark.parametrize("options", [-1, 2**32, 10**20, True, 2.5, "3"])
def test_options_outside_a_whole_number_from_0_to_2_32_are_an_argument_error(zq: zonescore.Ruleset, options: Any) -> None:
    """As the browser's `invalid_argument`: never Python's OverflowError from the conversion."""
    for call in (lambda: zq.advise(case_submission("zq-advise-threshold"), options=options),
                 lambda: zq.advise_json(case_text("zq-advise-threshold"), options=options)):
        with pytest.raises(zonescore.ArgumentError) as raised:
            call()
        e = raised.value
        assert isinstance(e, ValueError) and isinstance(e, TypeError) and isinstance(e, zonescore.ZonescoreError)
        assert (e.code, e.path, e.params) == ("invalid_argument", "", {"argument": "options", "value": repr(options)})
        assert "2³² − 1" in e.summary.en and "整数" in e.summary.zh and str(e) == e.summary.en
        assert pickle.loads(pickle.dumps(e)).summary == e.summary


@pytest.mark.parametrize("target", [1, b"A", ["A"], "\ud800"])
def test_a_target_that_is_no_text_is_an_argument_error(zq: zonescore.Ruleset, target: Any) -> None:
    for call in (lambda: zq.advise(case_submission("zq-advise-threshold"), target=target),
                 lambda: zq.advise_json(case_text("zq-advise-threshold"), target=target)):
        with pytest.raises(zonescore.ArgumentError) as raised:
            call()
        assert raised.value.params == {"argument": "target", "value": repr(target)}


def test_a_field_path_that_is_no_text_and_a_table_that_is_none_are_refused_in_words(zq: zonescore.Ruleset) -> None:
    with pytest.raises(zonescore.ArgumentError) as raised:
        zq.validate_field(None, "x")  # type: ignore[arg-type]
    assert raised.value.params["argument"] == "path"
    for nothing in (None, 3):
        with pytest.raises(TypeError, match="takes many submissions") as refused:
            zonescore.score_table(nothing)
        assert "而不是" in str(refused.value)
        with pytest.raises(TypeError, match="takes many submissions"):
            zonescore.score_many(nothing)  # type: ignore[arg-type]


def test_the_largest_count_of_options_is_taken(zq: zonescore.Ruleset) -> None:
    import numpy as np

    every = zq.advise_json(case_text("zq-advise-threshold"), options=2**32 - 1)
    assert json.loads(every)["type"] != "failure"
    assert zq.advise_json(case_text("zq-advise-threshold"), options=np.uint32(2**32 - 1)) == every  # type: ignore[arg-type]
    # 0 is taken (the engine decides what it gives: at least one option).
    assert zq.advise(case_submission("zq-advise-threshold"), options=0).reachable
