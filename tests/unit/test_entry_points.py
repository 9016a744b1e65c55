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
