"""The project root is the checkout a command runs in (issue 21: a copied checkout built into the original)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths


def _checkout(folder: Path) -> Path:
    for rel in ("pyproject.toml", "src/analysis/__init__.py", "data/raw/datapackage.json"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text("")
    return folder


def _root_seen(cwd: Path, **env: str) -> str:
    # the package imported from THIS checkout (as an editable install of the original would), run elsewhere
    code = "from analysis import paths; print(paths.ROOT)"
    environment = {"PYTHONPATH": str(paths.ROOT / "src"), "PATH": "/usr/bin:/bin", **env}
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=environment, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_a_copied_checkout_is_its_own_root(tmp_path):
    copy = _checkout(tmp_path / "copy")
    (copy / "notebooks").mkdir()
    assert _root_seen(copy) == str(copy.resolve())
    assert _root_seen(copy / "notebooks") == str(copy.resolve())  # kernels run in notebooks/


def test_outside_any_checkout_the_installed_one_is_used(tmp_path):
    assert _root_seen(tmp_path) == str(paths.ROOT)


def test_analysis_root_overrides(tmp_path):
    other = _checkout(tmp_path / "other")
    assert _root_seen(tmp_path, ANALYSIS_ROOT=str(other)) == str(other.resolve())


def test_a_step_may_read_only_its_declared_inputs(monkeypatch, tmp_path):
    """As OWID's PathFinder: inside a build step, reading a table its graph entry does not declare is refused,
    in one line naming the step and the file; a declared read is allowed and logged."""
    from analysis import io
    from analysis.errors import DataError

    monkeypatch.setattr(paths, "BUILD", tmp_path / ".build")
    monkeypatch.setenv(paths.STEP_ENV, "arrivals")
    monkeypatch.setenv(paths.STEP_INPUTS_ENV, json.dumps(["data/processed/arrivals.csv"]))
    with pytest.raises(DataError, match=r"step arrivals reads data/processed/kostat.csv, which its entry in"):
        io.read_table("kostat")
    paths.declared_read("data/processed/arrivals.csv")
    assert paths.reads_log("arrivals").read_text(encoding="utf-8") == "data/processed/arrivals.csv\n"


def test_outside_a_build_step_every_read_is_allowed(monkeypatch):
    monkeypatch.delenv(paths.STEP_INPUTS_ENV, raising=False)
    paths.declared_read("data/processed/anything.csv")  # no step, no refusal
