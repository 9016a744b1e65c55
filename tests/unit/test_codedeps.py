"""A step's cache key covers only the package code its notebook imports (transitively) and the kernel
that runs it: editing the command line or the benchmark reruns no notebook."""

from __future__ import annotations

import shutil

import pytest

from analysis import paths
from analysis.build import codedeps, dag


def rel(files):
    return {str(f.relative_to(codedeps.PACKAGE)) for f in files}


@pytest.mark.parametrize("step", dag.STEPS, ids=lambda s: s.name)
def test_step_code_excludes_cli_and_bench_and_includes_the_kernel(step):
    files = rel(codedeps.files_for_notebook(paths.ROOT / step.notebook))
    assert "build/kernel.py" in files and "params.py" in files
    assert not files & {"build/cli.py", "build/bench.py", "build/pipeline.py", "__main__.py"}


def test_imports_are_followed_transitively():
    assert codedeps.imported_modules(
        "from analysis import io, params\nimport analysis.methods.stats as s\n"
        "def f():\n    from analysis.methods import suicide\n"
    ) == {
        "analysis",
        "analysis.io",
        "analysis.params",
        "analysis.methods.stats",
        "analysis.methods",
        "analysis.methods.suicide",
    }
    assert codedeps.imported_modules("from ..methods import stats", "analysis.present.report") == {
        "analysis.methods",
        "analysis.methods.stats",
    }
    files = rel(codedeps.closure({"analysis.methods.suicide"}))
    # suicide imports stats (directly or not), every module imports its packages' __init__
    assert {"methods/suicide.py", "methods/stats.py", "methods/__init__.py", "__init__.py"} <= files


def test_editing_bench_or_cli_changes_no_step_key_but_editing_a_method_does(tmp_path):
    pkg = tmp_path / "analysis"
    shutil.copytree(codedeps.PACKAGE, pkg, ignore=shutil.ignore_patterns("__pycache__"))

    def keys():
        return {
            s.name: codedeps.code_key(codedeps.files_for_notebook(paths.ROOT / s.notebook, pkg), pkg) for s in dag.STEPS
        }

    before = keys()
    for name in ("build/bench.py", "build/cli.py"):
        with open(pkg / name, "a", encoding="utf-8") as fh:
            fh.write("\n# edited\n")
    assert keys() == before
    with open(pkg / "methods/suicide.py", "a", encoding="utf-8") as fh:
        fh.write("\n# edited\n")
    after = keys()
    changed = {name for name in before if before[name] != after[name]}
    importers = {
        s.name for s in dag.STEPS if "methods/suicide.py" in rel(codedeps.files_for_notebook(paths.ROOT / s.notebook))
    }
    assert changed == importers and "suicide" in changed and "arrivals" not in changed


@pytest.mark.parametrize(
    "recorded, current, expected",
    [
        ("abc1234+modified", "def5678", "def5678"),  # kept from a dirty tree; its code is the clean tree's now
        ("abc1234", "def5678", "abc1234"),  # kept from a clean build: that commit's code made it
        ("abc1234+modified", "def5678+modified", "def5678+modified"),
        (None, "def5678", "def5678"),  # a state written before commits were recorded
    ],
)
def test_cached_steps_lose_a_stale_modified_label(recorded, current, expected):
    from analysis.build.pipeline import made_with

    assert made_with({} if recorded is None else {"commit": recorded}, current) == expected
