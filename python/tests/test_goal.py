"""The county's goal over many reports (§2.1): goal_summary replays every goal case byte for
byte, as `zonescore summary --format json` does, and refuses what it cannot sum up."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path
from typing import List, Optional, Tuple

import pandas  # noqa: F401  (installed by python/test.sh: a missing one fails)
import pytest

import zonescore
from conftest import EXAMPLES, REPO, load
from test_conformance import meaning_of

GOAL_CASES = REPO / "tests" / "goal-cases"


def goal_cases() -> List[Path]:
    return sorted(p for p in GOAL_CASES.iterdir() if (p / "case.json").is_file())


def summed(case_dir: Path) -> Tuple[zonescore.GoalSummary, List[Path]]:
    """A case as an analyst sums it up: its files scored by score_many, each named by its path
    from the case's folder (the names the CLI gives them when run there)."""
    case = load(case_dir / "case.json")
    ruleset: Optional[str] = case.get("ruleset")
    files = zonescore.submission_files(case_dir / case["folder"])
    results = zonescore.score_many([f.read_bytes() for f in files], ruleset)
    names = [f.relative_to(case_dir).as_posix() for f in files]
    return zonescore.goal_summary(results, ruleset, sources=names), files


def test_there_are_goal_cases() -> None:
    assert len(goal_cases()) >= 2


@pytest.mark.parametrize("case_dir", goal_cases(), ids=lambda p: p.name)
def test_goal_case_replays_byte_for_byte(case_dir: Path) -> None:
    summary, _ = summed(case_dir)
    expected = (case_dir / "expected.json").read_bytes()
    assert (summary.to_json() + "\n").encode("utf-8") == expected
    meaning = (case_dir / "expected.meaning.json").read_text(encoding="utf-8")
    assert meaning_of(summary.to_json()) == meaning


def test_the_views_read_the_engine_answer() -> None:
    summary, files = summed(GOAL_CASES / "zq-goal-met-ruleset-unnamed")
    assert summary.met and summary.met_in_year == 2014 and summary.target == 3
    assert summary.ruleset.id == "zone-qualification" and summary.clause == ("§2.1",)
    assert summary.verdict == zonescore.Text(
        "已达成：截至2014年累计3个示范区通过考核验收（目标3个以上）",
        "met: By 2014, the number of zones that had passed the assessment was 3 (target: 3 or more)",
    )
    assert summary.named[0] == zonescore.NamedZone(("永嘉瓯北阀门优质产品生产示范区", "瓯北"), 2012, Decimal("91.0"))
    assert [r.outcome for r in summary.rows].count("not_named") == 1
    assert all(isinstance(r.final_score, Decimal) for r in summary.rows)
    # Skipped results say where they are in the list given, and why.
    names = [f.name for f in files]
    skipped = {s.code: s for s in summary.skipped}
    assert names[skipped["other_ruleset"].position] == "2014-annual-oubei.json"
    assert names[skipped["wrong_type"].position] == "2014-broken.json"
    assert skipped["wrong_type"].path == "/zone/assessment_year"
    assert summary.period_note is None and summary.repeated == ()
    assert "已达成" in str(summary) and "2014-broken.json" in str(summary)
    assert repr(summary).startswith("GoalSummary(ruleset='zone-qualification', met=True")


def test_repeated_reports_name_their_places_in_the_results_given() -> None:
    case_dir = GOAL_CASES / "zq-goal-repeated-ruleset-named"
    summary, files = summed(case_dir)
    (repeated,) = summary.repeated
    assert sorted(files[i].name for i in repeated.results) == [
        "2013-oubei-valves-resubmitted.json",
        "2013-oubei-valves.json",
    ]
    assert repeated.sources == tuple(files[i].relative_to(case_dir).as_posix() for i in repeated.results)
    assert repeated.used == Decimal("83.0") and repeated.final_scores == (Decimal("83.0"), Decimal("91.0"))
    assert summary.period_note is not None and "仅供参考" in summary.period_note.zh
    assert summary.probable_duplicates[0].kind == "name_variant"
    # With the ruleset named, another ruleset's file is an invalid submission of this one.
    (skipped,) = summary.skipped
    assert skipped.code == "unknown_field" and files[skipped.position].name == "2014-annual-oubei.json"


def test_to_frame_has_a_column_per_field_naming_the_zone() -> None:
    summary, _ = summed(GOAL_CASES / "zq-goal-repeated-ruleset-named")
    frame = summary.to_frame()
    assert list(frame.columns) == [
        "zone.name", "zone.town", "year", "final_score", "grade", "outcome", "counted", "outside_period",
    ]
    assert len(frame) == len(summary.rows) == 5
    assert frame["final_score"].tolist() == [r.final_score for r in summary.rows]
    assert frame["counted"].tolist().count(False) == 1
    assert frame.attrs["met"] is True and frame.attrs["verdict"] == summary.verdict


def test_the_ruleset_method_and_default_names() -> None:
    rules = zonescore.Ruleset("zone-qualification")
    results = rules.score_many([f.read_bytes() for f in sorted((EXAMPLES / "zone-qualification").glob("*.json"))])
    by_method = rules.goal_summary(results)
    assert by_method == zonescore.goal_summary(results) == zonescore.goal_summary(iter(results), rules)
    assert by_method.met and by_method.met_in_year == 2014
    assert by_method.subject_fields == ("zone.name", "zone.town")
    # Without sources a skipped result is named by its position.
    invalid = zonescore.score_many([b"{}"], rules)
    with_invalid = rules.goal_summary(results + invalid)
    assert [(s.position, s.source, s.code) for s in with_invalid.skipped] == [(len(results), str(len(results)), "required")]


def test_what_cannot_be_summed_up_is_a_goal_error() -> None:
    annual = zonescore.score_many([p.read_bytes() for p in sorted((EXAMPLES / "annual-assessment").glob("*.json"))])
    with pytest.raises(zonescore.GoalError) as others:
        zonescore.goal_summary(annual)
    assert others.value.code == "nothing_to_sum_up"
    assert "none of the 7 submissions is a zone-qualification submission" in str(others.value)
    assert "7 份都不是 zone-qualification 的提交" in others.value.summary.zh
    with pytest.raises(zonescore.GoalError, match="there are no submissions"):
        zonescore.goal_summary([])
    # Results all invalid are no verdict either: a folder of files all saved wrong is not "not met".
    with pytest.raises(zonescore.GoalError) as invalid:
        zonescore.goal_summary(zonescore.score_many([b"{}", b"[]"], "zone-qualification"))
    assert invalid.value.code == "nothing_to_sum_up"
    assert "none of the 2 submissions counts (2 are invalid;" in str(invalid.value)
    with pytest.raises(zonescore.GoalError) as no_goal:
        zonescore.goal_summary(annual, "annual-assessment")
    assert no_goal.value.code == "no_goal" and "annual-assessment" in no_goal.value.summary.zh
    assert isinstance(no_goal.value, ValueError)
    again = pickle.loads(pickle.dumps(no_goal.value))
    assert (again.code, again.summary) == (no_goal.value.code, no_goal.value.summary)


def test_every_result_invalid_is_no_verdict_and_the_error_says_why_each_is_skipped() -> None:
    # A folder of files all saved wrong is not "not met, 0 zones".
    report = zonescore.score_submission((EXAMPLES / "zone-qualification" / "oubei-valves-2013.json").read_bytes())
    results = [report, *zonescore.score_many([b"{}", b"[1]", b"{"], "zone-qualification")]
    with pytest.raises(zonescore.GoalError) as refused:
        zonescore.goal_summary(results[1:], sources=["a.json", "b.json", "c.json"])
    assert refused.value.code == "nothing_to_sum_up"
    assert "none of the 3 submissions counts (3 are invalid;" in str(refused.value)
    assert [(k.position, k.source) for k in refused.value.skipped] == [(0, "a.json"), (1, "b.json"), (2, "c.json")]
    assert refused.value.skipped[2].code == "invalid_json" and refused.value.skipped[2].message.zh
    assert pickle.loads(pickle.dumps(refused.value)).skipped == refused.value.skipped
    # One report that counts is a verdict, with the invalid ones skipped as before.
    summary = zonescore.goal_summary(results, sources=["r.json", "a.json", "b.json", "c.json"])
    assert [s.source for s in summary.skipped] == ["a.json", "b.json", "c.json"]
    assert summary.verdict.en.startswith("not met: ") and not summary.met


def test_arguments_of_the_wrong_kind_are_refused_in_both_languages() -> None:
    report = zonescore.score_submission((EXAMPLES / "zone-qualification" / "oubei-valves-2013.json").read_bytes())
    for one in (report, {"zone": {}}, "text", None):
        with pytest.raises(TypeError, match="goal_summary takes a list of results"):
            zonescore.goal_summary(one)  # type: ignore[arg-type]
    # A score_table result iterates as its column names: it is named as the table it is.
    with pytest.raises(TypeError, match=r"not a table \(`DataFrame`, as score_table gives\)"):
        zonescore.goal_summary(zonescore.score_table([{"zone": {}}]))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"item 1 is `dict`.*第 1 项是 `dict`"):
        zonescore.goal_summary([report, {"zone": {}}])  # type: ignore[list-item]
    with pytest.raises(zonescore.ArgumentError, match="one name") as short:
        zonescore.goal_summary([report, report], sources=["a.json"])
    assert short.value.params == {"argument": "sources", "value": "1 names"}
    with pytest.raises(zonescore.ArgumentError, match="not 3"):
        zonescore.goal_summary([report], sources=[3])  # type: ignore[list-item]
    with pytest.raises(zonescore.ArgumentError, match="not 1 names"):
        zonescore.goal_summary([report, report], sources="ab")
