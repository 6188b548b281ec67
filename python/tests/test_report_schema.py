"""The Python report classes against the answer's JSON Schema (rules/schema/answer.schema.json,
generated from the Rust types): every member of every object the schema defines is an
attribute of its Python class, with no extra ones, and every attribute reads the member of
its own name. A member added to the Rust report fails here until the Python face has it."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Mapping, Set, Tuple

import pytest

import zonescore
from zonescore import _report
from zonescore._zonescore import AnswerCore

from conftest import CONFORMANCE, REPO, load

SCHEMA = load(REPO / "rules" / "schema" / "answer.schema.json")
DEFS: Dict[str, Any] = SCHEMA["$defs"]

# The Python class of each object the schema defines.
CLASSES: Dict[str, type] = {
    "Report": zonescore.Report,
    "RulesetRef": _report.RulesetRef,
    "SubjectField": _report.SubjectField,
    "Text": _report.Text,
    "Basis": _report.Basis,
    "GateResult": zonescore.GateResult,
    "VetoResult": zonescore.VetoResult,
    "DimensionResult": _report.DimensionResult,
    "CriterionResult": _report.CriterionResult,
    "PartResult": _report.PartResult,
    "Notice": _report.Notice,
    "FieldError": zonescore.FieldError,
    "Failure": zonescore.InvalidSubmissionError,
}

# Objects with no Python class: the shorter answers (`detail="numbers"` or `"reasons"`)
# are given as JSON text only.
JSON_ONLY = {"Brief", "BriefGate", "BriefVeto", "BriefCriterion", "BriefDimension", "BriefNotice", "BriefPart", "Reason"}

# Members a Python class spells its own way, and the attributes that stand for them.
SPELLED = {
    ("Failure", "ruleset"): ("ruleset_id",),
}


def object_defs() -> List[str]:
    return sorted(name for name, d in DEFS.items() if "properties" in d)


def attributes(cls: type) -> Set[str]:
    """The public data attributes of a class: dataclass fields, named-tuple fields, or
    properties (a report's members are read on first use)."""
    if dataclasses.is_dataclass(cls):
        return {f.name for f in dataclasses.fields(cls)}
    fields = getattr(cls, "_fields", None)
    if fields is not None:
        return set(fields)
    return {name for name, value in vars(cls).items() if isinstance(value, property)}


def expected_attributes(name: str) -> Set[str]:
    out: Set[str] = set()
    for member in DEFS[name]["properties"]:
        out |= set(SPELLED.get((name, member), (member,)))
    return out


def test_every_object_of_the_schema_is_mirrored_or_named_json_only() -> None:
    unknown = [n for n in object_defs() if n not in CLASSES and n not in JSON_ONLY]
    assert unknown == [], f"objects of answer.schema.json with no Python class: {unknown}"
    stale = [n for n in list(CLASSES) + sorted(JSON_ONLY) if n not in DEFS]
    assert stale == [], f"classes for objects the schema no longer has: {stale}"


@pytest.mark.parametrize("name", sorted(n for n in CLASSES if n != "Failure"))
def test_report_classes_have_every_member_and_no_other(name: str) -> None:
    have = attributes(CLASSES[name])
    want = expected_attributes(name)
    assert sorted(want - have) == [], f"{CLASSES[name].__name__} lacks members of {name}"
    assert sorted(have - want) == [], f"{CLASSES[name].__name__} has attributes {name} does not define"


def test_the_invalid_submission_error_has_every_member_of_a_failure() -> None:
    # The exception carries more than the answer (`code`, `path` of the first error, …):
    # only the failure's own members are required.
    text = (CONFORMANCE / "invalid-constraints" / "expected.json").read_text(encoding="utf-8").rstrip("\n")
    error = zonescore.InvalidSubmissionError(AnswerCore.from_json(text))
    missing = [a for a in sorted(expected_attributes("Failure")) if not hasattr(error, a)]
    assert missing == [], f"InvalidSubmissionError lacks members of Failure: {missing}"
    missing = sorted(expected_attributes("FieldError") - attributes(zonescore.FieldError))
    assert missing == [], f"FieldError lacks members of the answer's FieldError: {missing}"


def wire(value: Any) -> Any:
    """A Python view back in the answer's JSON form, without members that are ``None``."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {k: wire(v) for k, v in zip(value._fields, value) if v is not None}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        pairs = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
        return {k: wire(v) for k, v in pairs if v is not None}
    if isinstance(value, tuple):
        return [wire(v) for v in value]
    if isinstance(value, Mapping):
        return {k: wire(v) for k, v in value.items() if v is not None}
    return value


def without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_none(v) for v in value]
    return value


def full_answers() -> List[Tuple[str, Path]]:
    cases = []
    for case in sorted(CONFORMANCE.iterdir()):
        if not (case / "case.json").is_file() or "options" in load(case / "case.json"):
            continue
        if load(case / "expected.json")["type"] == "success":
            cases.append((case.name, case / "expected.json"))
    return cases


@pytest.mark.parametrize("case,path", full_answers())
def test_every_attribute_reads_its_own_member(case: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8").rstrip("\n")
    report = zonescore.Report.from_json(text)
    answer = without_none(load(path))
    answer.pop("type")
    views = {name: wire(getattr(report, name)) for name in DEFS["Report"]["properties"]}
    assert without_none(views) == answer


def test_the_answers_read_cover_gates_vetoes_and_bonus_items() -> None:
    # The replay above means something only if the answers hold every kind of object.
    answers = [load(p) for _, p in full_answers()]
    assert any(a["gates"] for a in answers)
    assert any(v.get("fired") for a in answers for v in a["vetoes"])
    assert any(a["bonus_items"] for a in answers)
    assert any(p.get("basis") for a in answers for c in a["criteria"] for p in c["parts"])
    assert any(b["basis"].get("note") for a in answers for b in a["criteria"])
