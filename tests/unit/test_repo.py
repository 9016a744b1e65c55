"""Repository hygiene: notebooks without outputs, python3 kernels, documented parameters that agree with
params/default.yml and the declared graph, and environment.yml agreeing with requirements.txt."""

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from analysis import paths
from analysis.build import dag

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def test_every_notebook_is_a_declared_step():
    declared = {Path(s.notebook).name for s in dag.STEPS}
    assert {p.name for p in NOTEBOOKS} == declared
    assert set(dag.REPORT) <= set(dag.by_name())


def test_every_figure_is_the_declared_output_of_one_step():
    """The figure files a step writes are among its outputs (so the store and the manifest carry them), once."""
    from analysis.core.numbering import FIGURES, SUPPLEMENT_FIGURES

    declared = [o for s in dag.STEPS for o in s.outputs if o.startswith("reports/figures/")]
    assert len(declared) == len(set(declared))
    assert sorted({Path(o).stem for o in declared}) == sorted((*FIGURES, *SUPPLEMENT_FIGURES))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {cell.id} has outputs"
            assert cell.execution_count is None
        assert "papermill" not in cell.metadata and "execution" not in cell.metadata


def _pins(lines):
    return {
        (m[1].lower().replace("_", "-"), m[2])
        for m in (re.match(r"^\s*-?\s*([A-Za-z0-9_.-]+)\s*==?\s*([0-9][^\s#]*)", ln) for ln in lines)
        if m
    }


def test_environment_yml_agrees_with_requirements():
    req = _pins((paths.ROOT / "requirements.txt").read_text().splitlines())
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [p for d in env["dependencies"] if isinstance(d, dict) for p in d.get("pip", [])]
    declared = _pins(conda + pip) - {("python", "3.11")}
    assert declared == req
    assert "python=3.11" in conda
    assert env["name"]


def test_environment_yml_installs_the_project():
    """conda env create (and Binder's repo2docker) install the project itself, so `import analysis` works."""
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    pip = [p for d in env["dependencies"] if isinstance(d, dict) for p in d.get("pip", [])]
    assert "--editable ." in pip or "-e ." in pip
    assert not [p for p in pip if p.startswith("--no-")], "options pip does not accept in a requirements file"
    assert "pip" in env["dependencies"]


def test_dag_is_acyclic_and_every_input_has_a_producer():
    order = dag.order()
    assert len(order) == len(dag.STEPS)
    deps = dag.dependencies()
    for i, name in enumerate(order):
        assert deps[name] <= set(order[:i])
