"""Shared paths and data of the Python tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import zonescore

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO = PYTHON_DIR.parent
CONFORMANCE = REPO / "tests" / "conformance"
EXAMPLES = REPO / "rules" / "examples"


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def case_rules(case_dir: Path) -> zonescore.Ruleset:
    """The ruleset a case names: a bundled id (`ruleset`) or a rule file in its folder
    (`ruleset_file`)."""
    case = load(case_dir / "case.json")
    if "ruleset_file" in case:
        return zonescore.Ruleset.from_path(case_dir / case["ruleset_file"])
    return zonescore.Ruleset(case["ruleset"])


@pytest.fixture(scope="session")
def oubei() -> Dict[str, Any]:
    """A complete, valid zone-qualification submission."""
    data: Dict[str, Any] = load(EXAMPLES / "zone-qualification" / "oubei-valves-2013.json")
    return data


@pytest.fixture(scope="session")
def zone_examples() -> List[Dict[str, Any]]:
    return [load(p) for p in sorted((EXAMPLES / "zone-qualification").glob("*.json"))]
