"""Every analyst notebook in notebooks/ runs top to bottom on the demo force.

The demo force (``ingest.synth.generate(..., "demo", seed=7)``) is loaded once into the
session's Neo4j; the kernel (``python3`` from this venv: jupyter_client starts a kernelspec
whose command is ``python`` with this interpreter) finds it through NEO4J_URI/USER/PASSWORD.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from ingest.pipeline import run_ingest
from ingest.synth import generate
from tests.conftest import wipe

pytestmark = pytest.mark.neo4j

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.fixture(scope="module")
def demo_force(session_db, tmp_path_factory):
    """The session's database holding the demo force (emptied afterwards)."""
    folder = tmp_path_factory.mktemp("notebooks") / "demo"
    generate(folder, "demo", seed=7)
    wipe(session_db)
    summary = run_ingest(folder, db=session_db, quarantine_dir=folder.parent / "q",
                         progress=False)
    assert summary["totals"]["loaded"] > 0
    yield session_db
    wipe(session_db)


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_the_notebook_runs_top_to_bottom(demo_force, neo4j_env, tmp_path, monkeypatch, path):
    monkeypatch.setenv("LINKWATCH_NOTEBOOK_OUT", str(tmp_path))
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    # Committed without outputs: outputs of a real run hold personal data.
    assert all(not c.outputs and c.execution_count is None for c in code), path.name
    client = NotebookClient(notebook, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors
    if path.name.startswith("02_"):
        assert (tmp_path / "cohort_network.html").stat().st_size > 10_000
