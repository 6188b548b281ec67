"""The Python snippet of the repository's README.md runs, so the front page never rots."""

from __future__ import annotations

import re
from typing import Any, Dict

import pytest

from conftest import REPO

import pandas  # noqa: F401  (installed by python/test.sh: a missing one fails)


def test_root_readme_snippet_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    snippets = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(snippets) == 1
    monkeypatch.chdir(REPO)
    namespace: Dict[str, Any] = {}
    exec(compile(snippets[0], "README.md", "exec"), namespace)
    assert capsys.readouterr().out.splitlines() == ["91.0 A named", "8"]
