"""Every case of tests/conformance/, replayed through Python byte for byte.

Each case is a folder with `case.json` (`ruleset` id or `ruleset_file`, optional
`object_replay` and `options`: the answer's `detail` and `lang`), `submission.json` (raw text, possibly broken on purpose),
`expected.json` (the canonical answer and a newline) and `expected.meaning.json` (the answer
without its wording). One pytest case per folder. The meaning files of the diff and what-if
cases are checked here too.
"""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Union

import pytest

import zonescore
from conftest import CONFORMANCE, REPO, case_rules, load

DIFF_CASES = REPO / "tests" / "diff-cases"
WHATIF_CASES = REPO / "tests" / "whatif-cases"


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
    for fixture, folder in (("diff_case_dir", DIFF_CASES), ("whatif_case_dir", WHATIF_CASES)):
        if fixture in metafunc.fixturenames:
            cases = sorted(p for p in folder.iterdir() if (p / "case.json").is_file())
            metafunc.parametrize(fixture, cases, ids=[c.name for c in cases])


def test_the_cases_are_what_the_script_makes(tmp_path: Path) -> None:
    # scripts/make_conformance_cases.py (run by scripts/bless.sh) writes every case's inputs:
    # a hand edit of one, or a case folder the script no longer makes, fails here.
    spec = importlib.util.spec_from_file_location("make_cases", REPO / "scripts" / "make_conformance_cases.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.ROOT = tmp_path
    script.main()
    made = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    answers = {"expected.json", "expected.meaning.json", "README.md"}
    committed = {p.relative_to(CONFORMANCE): p.read_bytes() for p in CONFORMANCE.rglob("*")
                 if p.is_file() and p.name not in answers}
    assert sorted(made) == sorted(committed)
    assert made == committed


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


# expected.meaning.json: the answer without its wording, by the three rules of
# tests/conformance/README.md ("Meaning and wording"), as tests/src/meaning.rs applies them.


def is_text(value: Any) -> bool:
    """A text in one or both languages: `{"zh": …, "en": …}`, strings only."""
    return (
        isinstance(value, dict)
        and len(value) > 0
        and all(k in ("zh", "en") and isinstance(v, str) for k, v in value.items())
    )


def without_wording(value: Any) -> Any:
    """Rules 1 and 2: no texts, no list of texts, no `digest`, at any depth."""
    if isinstance(value, dict):
        return {
            k: without_wording(v)
            for k, v in value.items()
            if k != "digest" and not is_text(v) and not (isinstance(v, list) and v and all(map(is_text, v)))
        }
    if isinstance(value, list):
        return [without_wording(v) for v in value]
    return value


def meaning_of(answer_json: str, diff: bool = False) -> str:
    answer = json.loads(answer_json)
    if diff:
        # Rule 3: a comparison keeps the changes that are not wording.
        answer.pop("same", None)
        answer.get("counts", {}).pop("wording", None)
        answer["changes"] = [c for c in answer.get("changes", []) if c.get("impact") != "wording"]
    return json.dumps(without_wording(answer), ensure_ascii=False, indent=2) + "\n"


def test_meaning_replay(case_dir: Path) -> None:
    expected = (case_dir / "expected.meaning.json").read_text(encoding="utf-8")
    raw = (case_dir / "submission.json").read_bytes()
    ruleset = ruleset_of(case_dir)
    # The meaning is the answer at `reasons` detail (core's answer without sentences).
    options = {**options_of(case_dir), "detail": "reasons"}
    assert meaning_of(zonescore.score_json(raw, ruleset, **options)) == expected
    if load(case_dir / "case.json").get("object_replay", True) is not False:
        submission = json.loads(raw.decode("utf-8"), parse_float=Decimal)
        assert meaning_of(zonescore.answer_json(submission, ruleset, **options)) == expected


def test_meaning_of_a_diff_case(diff_case_dir: Path) -> None:
    bundled = {r["id"] for r in zonescore.list_rulesets()}
    case = load(diff_case_dir / "case.json")
    old, new = (case[k] if case[k] in bundled else diff_case_dir / case[k] for k in ("old", "new"))
    expected = (diff_case_dir / "expected.meaning.json").read_text(encoding="utf-8")
    assert meaning_of(zonescore.diff_json(old, new), diff=True) == expected


def test_meaning_of_a_whatif_case(whatif_case_dir: Path) -> None:
    case = load(whatif_case_dir / "case.json")
    rules = case_rules(whatif_case_dir)
    text = (whatif_case_dir / "submission.json").read_text(encoding="utf-8")
    if case["call"] == "bounds":
        answer = rules.bounds_json(text)
    else:
        answer = rules.advise_json(text, case.get("target"), case.get("options", 3))
    assert meaning_of(answer) == (whatif_case_dir / "expected.meaning.json").read_text(encoding="utf-8")


def test_meaning_leaves_out_texts_digests_and_wording_changes() -> None:
    answer = {
        "ruleset": {"id": "r", "version": "1", "digest": "sha256:0"},
        "title": {"zh": "甲", "en": "A"},
        "labels": [{"zh": "乙"}],
        "params": {},
        "counts": {"score": 1, "wording": 1},
        "same": False,
        "changes": [{"impact": "score", "message": {"en": "m"}}, {"impact": "wording"}],
    }
    assert json.loads(meaning_of(json.dumps(answer), diff=True)) == {
        "ruleset": {"id": "r", "version": "1"},
        "params": {},
        "counts": {"score": 1},
        "changes": [{"impact": "score"}],
    }
