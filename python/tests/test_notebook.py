"""The example notebook runs from top to bottom, so it never rots."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import PYTHON_DIR

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")
from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402

NOTEBOOK = PYTHON_DIR / "examples" / "scoring.ipynb"


def this_interpreters_kernel() -> KernelManager:
    # The kernel must be this interpreter, which has the package installed. A kernel named
    # "python3" registered on the machine (the user's, JUPYTER_PATH, /usr/local/share/jupyter)
    # may be another Python: with no kernel folders to search, jupyter_client falls back to
    # ipykernel's built-in spec, which runs sys.executable.
    specs = KernelSpecManager(kernel_dirs=[])
    return KernelManager(kernel_name="python3", kernel_spec_manager=specs)


def test_the_example_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A registered "python3" kernel that cannot start, first on the search path: the run must not use it.
    decoy = tmp_path / "kernels" / "python3"
    decoy.mkdir(parents=True)
    argv = ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (decoy / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "decoy", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))

    km = this_interpreters_kernel()
    assert km.kernel_spec is not None and km.kernel_spec.argv[0] == sys.executable
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, km=km, timeout=120, resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "zonescore-report" in html and "最终得分" in html  # the scorecard
    assert "final_score" in html and "named" in html  # the results table
    texts = "".join(o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "/quality/spot_check_pass_rate_pct" in texts + html
