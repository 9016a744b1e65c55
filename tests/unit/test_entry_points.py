"""The commands the package installs point at objects that exist (issue 21: `analysis` named a missing module)."""

from __future__ import annotations

import importlib
import tomllib

from analysis import paths


def _targets() -> dict[str, str]:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = {f"script {k}": v for k, v in project.get("scripts", {}).items()}
    for group, items in project.get("entry-points", {}).items():
        found |= {f"{group} {k}": v for k, v in items.items()}
    return found


def test_the_console_script_and_the_papermill_engine_are_declared():
    assert set(_targets()) >= {"script analysis", "papermill.engine myst"}


def test_every_entry_point_resolves():
    for name, target in _targets().items():
        module, _, attr = target.partition(":")
        assert callable(getattr(importlib.import_module(module), attr)), name


def test_the_myst_engine_is_the_one_the_build_uses():
    from papermill.engines import papermill_engines

    from analysis.build.kernel import MystEngine

    assert papermill_engines.get_engine("myst") is MystEngine


def test_the_kernel_module_imports_first_with_the_entry_point_installed(tmp_path):
    """papermill loads entry points while ``papermill.engines`` is imported; the build imports the kernel module
    first. With the entry point installed (a fresh ``pip install -e .``), that order must not deadlock the two
    imports (it did: 'partially initialized module analysis.build.kernel'). Simulated with a dist-info that
    declares the entry point, on the path of a fresh interpreter."""
    import subprocess
    import sys

    info = tmp_path / "myst_probe-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: myst-probe\nVersion: 0\n")
    target = _targets()["papermill.engine myst"]
    (info / "entry_points.txt").write_text(f"[papermill.engine]\nmyst = {target}\n")
    code = (
        "import analysis.build.kernel as k, papermill.engines as e; "
        "assert e.papermill_engines.get_engine('myst') is k.MystEngine; print('ok')"
    )
    env = {"PYTHONPATH": f"{tmp_path}:{paths.ROOT / 'src'}", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]
