"""The example notebooks run from top to bottom, so they never rot."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

from conftest import PYTHON_DIR

import nbformat
import nbclient
import ipykernel  # noqa: F401  (installed by python/test.sh: a missing one fails)
import pandas  # noqa: F401  (installed by python/test.sh: a missing one fails)
from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402

NOTEBOOK = PYTHON_DIR / "examples" / "scoring.ipynb"
REVISION_NOTEBOOK = PYTHON_DIR / "examples" / "revision.ipynb"


def this_interpreters_kernel() -> KernelManager:
    # The kernel must be this interpreter, which has the package installed. A kernel named
    # "python3" registered on the machine (the user's, JUPYTER_PATH, /usr/local/share/jupyter)
    # may be another Python: with no kernel folders to search, jupyter_client falls back to
    # ipykernel's built-in spec, which runs sys.executable.
    specs = KernelSpecManager(kernel_dirs=[])
    return KernelManager(kernel_name="python3", kernel_spec_manager=specs)


@pytest.fixture()
def decoy_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A registered "python3" kernel that cannot start, first on the search path: the run must not use it.
    decoy = tmp_path / "kernels" / "python3"
    decoy.mkdir(parents=True)
    argv = ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (decoy / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "decoy", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))


def execute(path: Path) -> List[Dict[str, Any]]:
    """Runs a notebook in a kernel of this interpreter; returns every output of its code cells."""
    km = this_interpreters_kernel()
    assert km.kernel_spec is not None and km.kernel_spec.argv[0] == sys.executable
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, km=km, timeout=120, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    return outputs


def joined(outputs: List[Dict[str, Any]], kind: str) -> str:
    return "".join(o.get("data", {}).get(kind, "") for o in outputs) + "".join(
        o.get("text", "") for o in outputs if kind == "text/plain" and o.get("output_type") == "stream"
    )


def test_the_example_notebook_runs(decoy_kernel: None) -> None:
    outputs = execute(NOTEBOOK)
    html = joined(outputs, "text/html")
    assert "zonescore-report" in html and "最终得分" in html  # the scorecard
    assert "final_score" in html and "named" in html  # the results table
    texts = joined(outputs, "text/plain")
    assert "/quality/spot_check_pass_rate_pct" in texts + html
    # The county's goal over the examples, in the engine's words, and its zones × years.
    assert "已达成：截至2014年累计3个示范区通过考核验收（目标3个以上）" in texts
    assert "zone.town" in html and "outside_period" in html
    # The pictures: report.plot() and plot_scores(results), one figure each.
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2
    assert "Decimal128Type(decimal128(38, 1))" in texts  # the Arrow results
    assert not [o for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]


def test_the_revision_notebook_runs_and_gives_the_same_outputs_each_time(decoy_kernel: None) -> None:
    outputs = execute(REVISION_NOTEBOOK)
    html, texts = joined(outputs, "text/html"), joined(outputs, "text/plain")
    assert "≥96得10分；≥94得8分；≥92得6分；≥90得3分" in html  # the diff table
    assert "{'score': 4, 'validity': 0, 'report': 0, 'wording': 1}" in texts
    assert '"version":"revised-2011.1"' in texts  # the canonical JSON
    assert "qiaoxia-educational-toys-2012" in html and "65.7" in html  # the replay table
    assert "('V4', '监督抽查合格率低于92%', True)" in texts
    assert "Supervision spot-check pass rate (current year) ≥ 96" in html  # the probes
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # one figure per plot_replay
    assert not [o for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    # Deterministic: a second run gives the same text, tables and images.
    again = execute(REVISION_NOTEBOOK)
    strip = [{k: v for k, v in o.items() if k != "execution_count"} for o in outputs]
    assert strip == [{k: v for k, v in o.items() if k != "execution_count"} for o in again]
