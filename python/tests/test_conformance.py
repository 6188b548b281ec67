"""Every case of tests/conformance/, replayed through Python byte for byte.

Each case is a folder with `case.json` (`ruleset` id or `ruleset_file`, optional
`object_replay` and `options`: the answer's `detail` and `lang`), `submission.json` (raw text, possibly broken on purpose) and
`expected.json` (the canonical answer and a newline). One pytest case per folder.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Union

import pytest

import zonescore
from conftest import CONFORMANCE, load


def conformance_cases() -> List[Path]:
    return sorted(p for p in CONFORMANCE.iterdir() if (p / "case.json").is_file())


def object_cases() -> List[Path]:
    """The cases whose text also has an object form (not broken JSON, no duplicate keys…)."""
    return [c for c in conformance_cases() if load(c / "case.json").get("object_replay", True) is not False]


def success_cases() -> List[Path]:
    """The cases whose answer is a full report."""
    return [c for c in conformance_cases() if load(c / "expected.json")["type"] == "success" and not options_of(c)]


def options_of(case_dir: Path) -> Dict[str, str]:
    """The answer options a case names (`detail`, `lang`); empty for the full answer in both."""
    options: Dict[str, str] = load(case_dir / "case.json").get("options", {})
    return options


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case_dir" in metafunc.fixturenames:
        cases = conformance_cases()
        metafunc.parametrize("case_dir", cases, ids=[c.name for c in cases])
    if "object_case_dir" in metafunc.fixturenames:
        cases = object_cases()
        metafunc.parametrize("object_case_dir", cases, ids=[c.name for c in cases])
    if "success_case_dir" in metafunc.fixturenames:
        cases = success_cases()
        metafunc.parametrize("success_case_dir", cases, ids=[c.name for c in cases])


def test_there_are_conformance_cases() -> None:
    # An empty folder must not pass as "all cases replayed".
    assert len(conformance_cases()) > 0, f"no conformance cases found in {CONFORMANCE}"


def ruleset_of(case_dir: Path) -> Union[str, zonescore.Ruleset]:
    case = load(case_dir / "case.json")
    if "ruleset_file" in case:
        return zonescore.Ruleset.from_path(case_dir / case["ruleset_file"])
    ruleset: str = case["ruleset"]
    return ruleset


def answer_text(submission: Any, ruleset: Union[str, zonescore.Ruleset]) -> str:
    try:
        return zonescore.score_submission(submission, ruleset).to_json()
    except zonescore.InvalidSubmissionError as e:
        return e.to_json()


def test_json_text_replay(case_dir: Path) -> None:
    raw = (case_dir / "submission.json").read_bytes()
    expected = (case_dir / "expected.json").read_text(encoding="utf-8")
    ruleset = ruleset_of(case_dir)
    options = options_of(case_dir)
    # The bytes as they are, as the browser replays them (a Uint8Array to scoreJson).
    assert zonescore.score_json(raw, ruleset, **options) + "\n" == expected
    assert zonescore.answer_json(raw, ruleset, **options) + "\n" == expected
    if options:
        assert zonescore.score_json(raw.decode("utf-8"), ruleset, **options) + "\n" == expected
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Not text at all: only the bytes path can carry it.
        assert answer_text(raw, ruleset) + "\n" == expected
        return
    assert zonescore.score_json(text, ruleset) + "\n" == expected
    # The same text through the object API (str and bytes) gives the same answer.
    assert answer_text(text, ruleset) + "\n" == expected
    assert answer_text(raw, ruleset) + "\n" == expected


def test_object_replay(object_case_dir: Path) -> None:
    case_dir = object_case_dir
    text = (case_dir / "submission.json").read_text(encoding="utf-8")
    expected = (case_dir / "expected.json").read_text(encoding="utf-8")
    submission = json.loads(text, parse_float=Decimal)
    options = options_of(case_dir)
    assert zonescore.answer_json(submission, ruleset_of(case_dir), **options) + "\n" == expected
    if not options:
        assert answer_text(submission, ruleset_of(case_dir)) + "\n" == expected


def test_batch_replay_matches_one_by_one() -> None:
    # All object-replayable cases of each bundled ruleset through score_many at once.
    by_ruleset: dict = {}
    for case_dir in conformance_cases():
        case = load(case_dir / "case.json")
        if case.get("object_replay", True) is False or "ruleset" not in case or "options" in case:
            continue
        submission = json.loads((case_dir / "submission.json").read_text(encoding="utf-8"), parse_float=Decimal)
        expected = (case_dir / "expected.json").read_text(encoding="utf-8")
        by_ruleset.setdefault(case["ruleset"], []).append((submission, expected))
    assert by_ruleset
    for ruleset, items in by_ruleset.items():
        results = zonescore.score_many([s for s, _ in items], ruleset)
        for result, (_, expected) in zip(results, items):
            assert result.to_json() + "\n" == expected


def assert_view_has(view: Any, answer: Any, where: str) -> None:
    """Every member of the canonical answer is an attribute of the Python view, with the
    same value (a decimal string as a ``Decimal`` of the same text, a list as a tuple):
    a member the engine adds that the report classes lack fails here."""
    if isinstance(answer, dict):
        for key, value in answer.items():
            assert hasattr(view, key), f"{where}: {type(view).__name__} has no `{key}`"
            assert_view_has(getattr(view, key), value, f"{where}.{key}")
    elif isinstance(answer, list):
        assert isinstance(view, tuple) and len(view) == len(answer), where
        for i, (v, a) in enumerate(zip(view, answer)):
            assert_view_has(v, a, f"{where}[{i}]")
    elif isinstance(view, Decimal):
        assert str(view) == answer, where
    else:
        assert view == answer, where


def test_report_views_carry_every_member(success_case_dir: Path) -> None:
    expected = load(success_case_dir / "expected.json")
    raw = (success_case_dir / "submission.json").read_bytes()
    report = zonescore.score_submission(raw, ruleset_of(success_case_dir))
    members = {k: v for k, v in expected.items() if k != "type"}
    assert_view_has(report, members, "report")


def test_the_view_check_finds_a_member_a_view_lacks() -> None:
    notice = zonescore.Notice("percent_as_fraction", "/quality/x", zonescore.Text("甲", "a"))
    assert_view_has(notice, {"code": "percent_as_fraction", "path": "/quality/x", "message": {"zh": "甲", "en": "a"}}, "n")
    with pytest.raises(AssertionError, match="has no `severity`"):
        assert_view_has(notice, {"code": "percent_as_fraction", "severity": "high"}, "n")
