"""The Python snippets of python/README.md run, so the README never rots."""

from __future__ import annotations

import re
from typing import Any, Dict

import pytest

from conftest import PYTHON_DIR, REPO

import pandas  # noqa: F401  (installed by python/test.sh: a missing one fails)


def test_readme_snippets_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    text = (PYTHON_DIR / "README.md").read_text(encoding="utf-8")
    snippets = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(snippets) >= 2
    monkeypatch.chdir(REPO)  # the snippets name files from the repository root
    namespace: Dict[str, Any] = {}
    for snippet in snippets:
        exec(compile(snippet, "README.md", "exec"), namespace)
    report = namespace["report"]
    assert (str(report.final_score), report.grade, report.outcome) == ("91.0", "A", "named")
    assert list(namespace["results"].columns[:3]) == ["final_score", "grade", "outcome"]
    out = capsys.readouterr().out
    assert "invalid submission for `zone-qualification`, 5 errors" in out
    # Bounds and advice print what their comments say.
    assert "('A', 'B', 'C', 'D') 8\n" in out
    assert "/quality/spot_check_pass_rate_pct 94.2 → 95 C1 +2\n" in out
    assert namespace["bounds"].final_score.max == 100 and len(namespace["options"]) >= 1
    # The goal snippet prints what its comments say.
    assert "True 2014 met: By 2014, the number of zones that had passed the assessment was 3 (target: 3 or more)\n" in out
    assert "[('永嘉瓯北阀门优质产品生产示范区', 2012)]\n" in out
    assert "('submissions/2014-annual-oubei.json', 'other_ruleset')" in out
    assert len(namespace["zones_by_year"]) == 5
    # Rules change: the diff and replay snippet prints what its comments say.
    assert "{'score': 4, 'validity': 0, 'report': 0, 'wording': 1}" in out
    assert "67.0 C → 65.7 D" in out and "[('B', 'C'), ('C', 'D')]" in out
    assert len(namespace["changes"]) == 5 and len(namespace["moved"]) == 10
    # Arrow, polars and the pictures print what their comments say.
    assert "decimal128(38, 1)\n3\n" in out and "[15, 18, 21, 20, 10, 4]" in out
