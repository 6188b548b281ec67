"""The Python what-if classes against the what-if answers' JSON Schema
(rules/schema/whatif.schema.json, generated from the Rust types), as test_report_schema
checks the report classes: a member added to a Rust bounds or advice answer fails here
until the Python face has it, and every attribute reads the member of its own name."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import zonescore
from zonescore import _whatif

from conftest import REPO, case_rules, load
from test_report_schema import CLASSES as REPORT_CLASSES
from test_report_schema import attributes, without_none, wire

SCHEMA = load(REPO / "rules" / "schema" / "whatif.schema.json")
DEFS: Dict[str, Any] = SCHEMA["$defs"]
CASES = REPO / "tests" / "whatif-cases"

# The Python class of each object the schema defines; the objects a report has too
# (`RulesetRef`, `Text`, `Failure`, `FieldError`) are the report's, checked there.
CLASSES: Dict[str, type] = {
    "Bounds": zonescore.Bounds,
    "Span": _whatif.Span,
    "CriterionBounds": _whatif.CriterionBounds,
    "CheckBounds": _whatif.CheckBounds,
    "OpenField": _whatif.OpenField,
    "Advice": zonescore.Advice,
    "AdviceOption": _whatif.AdviceOption,
    "Change": _whatif.AdviceChange,
    "Blocker": _whatif.Blocker,
}

# Members a Python class spells its own way (`from` is a keyword).
SPELLED = {("Change", "from"): "from_"}


def public(cls: type) -> set[str]:
    return {a for a in attributes(cls) if not a.startswith("_")}


def test_every_object_of_the_schema_is_mirrored() -> None:
    objects = sorted(n for n, d in DEFS.items() if "properties" in d)
    unknown = [n for n in objects if n not in CLASSES and n not in REPORT_CLASSES]
    assert unknown == [], f"objects of whatif.schema.json with no Python class: {unknown}"
    assert [n for n in CLASSES if n not in DEFS] == [], "classes for objects the schema no longer has"


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_whatif_classes_have_every_member_and_no_other(name: str) -> None:
    want = {SPELLED.get((name, m), m) for m in DEFS[name]["properties"]}
    have = public(CLASSES[name])
    assert sorted(want - have) == [], f"{CLASSES[name].__name__} lacks members of {name}"
    assert sorted(have - want) == [], f"{CLASSES[name].__name__} has attributes {name} does not define"


def answered() -> List[Tuple[str, Path]]:
    cases = []
    for case in sorted(CASES.iterdir()):
        expected = case / "expected.json"
        if expected.is_file() and load(expected)["type"] in ("bounds", "advice"):
            cases.append((case.name, expected))
    return cases


def spelled_back(value: Any) -> Any:
    """`wire` of a view with the members a class spells its own way named as the answer does."""
    back = {python: member for (_, member), python in SPELLED.items()}
    if isinstance(value, dict):
        return {back.get(k, k): spelled_back(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [spelled_back(v) for v in value]
    return value


@pytest.mark.parametrize("case,path", answered())
def test_every_whatif_attribute_reads_its_own_member(case: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8").rstrip("\n")
    answer = load(path)
    rules = case_rules(path.parent)
    kind = answer.pop("type")
    view = (zonescore.Bounds if kind == "bounds" else zonescore.Advice)._of(answer, rules._numbers(), text)
    shown = spelled_back(wire(view))
    assert without_none(shown) == without_none(answer)


def test_the_answers_read_cover_changes_blockers_and_open_checks() -> None:
    # The replay above means something only if the answers hold every kind of object.
    kinds = [load(p) for _, p in answered()]
    advice = [a for a in kinds if a["type"] == "advice"]
    assert any(a["options"] for a in advice) and any(a["blocked_by"] for a in advice)
    assert any(a["best"] is not None and a["best"]["options"] for a in advice)
    assert any(c["holds"] == "open" for a in kinds if a["type"] == "bounds" for c in a["vetoes"])
    assert any(f["worth_asking"] and f["swing"] == "0" for a in kinds if a["type"] == "bounds" for f in a["open_fields"])
