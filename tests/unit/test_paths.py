"""The project root is the checkout a command runs in (issue 21: a copied checkout built into the original)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
