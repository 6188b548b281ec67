"""The example notebook runs from top to bottom, so it never rots."""

from __future__ import annotations

import pytest

from conftest import PYTHON_DIR

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")

NOTEBOOK = PYTHON_DIR / "examples" / "scoring.ipynb"


def test_the_example_notebook_runs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "zonescore-report" in html and "最终得分" in html  # the scorecard
    assert "final_score" in html and "named" in html  # the results table
    texts = "".join(o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "/quality/spot_check_pass_rate_pct" in texts + html
