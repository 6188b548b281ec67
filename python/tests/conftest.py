"""Shared paths and data of the Python tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO = PYTHON_DIR.parent
CONFORMANCE = REPO / "tests" / "conformance"
EXAMPLES = REPO / "rules" / "examples"


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def oubei() -> Dict[str, Any]:
    """A complete, valid zone-qualification submission."""
    data: Dict[str, Any] = load(EXAMPLES / "zone-qualification" / "oubei-valves-2013.json")
    return data


@pytest.fixture(scope="session")
def zone_examples() -> List[Dict[str, Any]]:
    return [load(p) for p in sorted((EXAMPLES / "zone-qualification").glob("*.json"))]
