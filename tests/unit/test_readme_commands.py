"""Every command the README gives a reader is run by a named test (the registry below), and every `make`
target it names runs the command the README says it runs. A command added to the README without a test
that runs it fails here."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys

import pytest

from analysis import paths

README = paths.ROOT / "README.md"
PREFIXES = (
    "make ",
    "python -m analysis",
    "papermill ",
    "jupyter ",
    ".venv/bin/",
    "conda ",
    "nbstripout ",
    "pre-commit ",
)
PLACEHOLDER = re.compile(r"\.\.\.|\bKEY\b|\bA B\b|\bFILE\b")

# command pattern -> the test that runs it (file::function); the function must exist
REGISTRY: dict[str, str] = {
    r"^make report( PARAMS=\S+)?$": "tests/unit/test_readme_commands.py::test_make_targets_run_what_the_readme_says",
    r"^make (test|test-fast|lint|lab|bench|help)$": "tests/unit/test_readme_commands.py::test_make_targets_run_what_the_readme_says",
    r"^make test TEST_WORKERS=0$": "tests/unit/test_readme_commands.py::test_make_targets_run_what_the_readme_says",
    r"^python -m analysis build": "tests/e2e/test_build.py::test_readme_examples_run",
    r"^\.venv/bin/python -m analysis build$": "tests/e2e/test_build.py::test_readme_examples_run",
    r"^papermill (--help-notebook|--engine myst) ": "tests/e2e/test_build.py::test_readme_examples_run",
    r"^python -m analysis (trace \w|params)": "tests/e2e/test_build.py::test_readme_examples_run",
    r"^python -m analysis rehash$": "tests/e2e/test_diff_walkthrough.py::walkthrough",
    r"^python -m analysis diff HEAD \.$": "tests/e2e/test_diff_walkthrough.py::walkthrough",
    r"^python -m analysis diff (HEAD~1 \.|\. counts_series=|--robustness )": (
        "tests/e2e/test_diff_walkthrough.py::test_readme_diff_examples_run"
    ),
    r"^python -m analysis bench": "tests/unit/test_readme_commands.py::test_bench_writes_its_table_and_medians",
    r"^nbstripout notebooks/\*\.ipynb$": "tests/unit/test_repo.py::test_notebook_committed_clean",
    # conda channels are not reachable from the test machines; the file it reads is checked instead
    r"^conda env create -f environment\.yml$": "tests/unit/test_repo.py::test_environment_yml_agrees_with_requirements",
    r"^pre-commit install$": "tests/unit/test_readme_commands.py::test_pre_commit_config_runs_the_lint_hooks",
}


def readme_commands() -> list[str]:
    """The README's commands: each line of its bash blocks and each inline command, comments dropped."""
    text = README.read_text(encoding="utf-8")
    found = [
        line.split("  #", 1)[0].strip()
        for block in re.findall(r"```bash\n(.*?)```", text, re.S)
        for line in block.splitlines()
        if line.strip()
    ]
    found += re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    return list(dict.fromkeys(c for c in found if c.startswith(PREFIXES) and not PLACEHOLDER.search(c)))


def test_the_readme_has_the_commands_this_test_expects():
    commands = readme_commands()
    assert "make report" in commands and "make test" in commands and len(commands) >= 15, commands


@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_command_is_run_by_a_named_test(command):
    owners = [test for pattern, test in REGISTRY.items() if re.search(pattern, command)]
    assert len(owners) == 1, f"{command!r}: {len(owners)} registry entries (add the test that runs it)"
    path, name = owners[0].split("::")
    tree = ast.parse((paths.ROOT / path).read_text(encoding="utf-8"))
    names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert name in names, f"{owners[0]} does not exist"


MAKE_RUNS = {  # target -> what its recipe must run (the README's promise for it)
    "report": "-m analysis build",
    "report-html": "-m analysis build --no-pdf",
    "test": "-m pytest -n auto --dist worksteal",
    "test-fast": '-m pytest -m "not slow" -n auto --dist worksteal',
    "lint": "-m ruff check .",
    "bench": "-m analysis bench",
    "lab": "-m jupyter lab --notebook-dir=.",
    "clean": "rm -rf .build reports/* data/processed/*",
}


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_targets_run_what_the_readme_says():
    env = {**os.environ, "VIRTUAL_ENV": sys.prefix}  # the test's environment: nothing to create
    listed = subprocess.run(["make", "help"], cwd=paths.ROOT, env=env, capture_output=True, text=True, check=True)
    for target, runs in MAKE_RUNS.items():
        assert re.search(rf"^\s*(\x1b\[1m)?{re.escape(target)}\b", listed.stdout, re.M), f"make help omits {target}"
        dry = subprocess.run(["make", "-n", target], cwd=paths.ROOT, env=env, capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr
        assert runs in dry.stdout, f"make {target} does not run {runs!r}:\n{dry.stdout}"
    with_params = subprocess.run(
        ["make", "-n", "report", "PARAMS=my-params.yml"], cwd=paths.ROOT, env=env, capture_output=True, text=True
    )
    assert '-m analysis build --params "my-params.yml"' in with_params.stdout
    one = subprocess.run(
        ["make", "-n", "test", "TEST_WORKERS=0"], cwd=paths.ROOT, env=env, capture_output=True, text=True
    )
    assert "-m pytest -n 0 --dist worksteal" in one.stdout  # pytest-xdist: 0 workers runs in this process


def test_pre_commit_config_runs_the_lint_hooks():
    import yaml

    config = yaml.safe_load((paths.ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"] for repo in config["repos"] for h in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "nbstripout"} <= hooks, hooks


def test_bench_writes_its_table_and_medians(tmp_path, monkeypatch, capsys):
    """`python -m analysis bench --runs 1` end to end, each build timed by a stand-in: the table and JSON it writes."""
    import json

    from analysis.build import bench, cli

    times = iter(range(1, 100))
    for name in ("floor", "baseline", "build", "sweep"):
        monkeypatch.setattr(bench, name, lambda *a, **k: float(next(times)))
    monkeypatch.setattr(bench, "_copy", lambda dest: dest)
    monkeypatch.setenv(paths.REPORTS_ENV, str(tmp_path))
    assert cli.main(["bench", "--runs", "1"]) == 0
    written = json.loads((tmp_path / "benchmarks" / "bench.json").read_text(encoding="utf-8"))
    # floor 1, baseline 2, cold 3, no-op 4, one-parameter 5, sweeps 6 and 7 (in the order measured)
    assert written["medians"] == {
        "floor": 1.0,
        "baseline": 2.0,
        "cold build": 3.0,
        "no-op rebuild": 4.0,
        "one-parameter rebuild": 5.0,
        "sweep x16 serial": 6.0,
        "sweep x16 parallel": 7.0,
    }
    table = (tmp_path / "benchmarks" / "bench.md").read_text(encoding="utf-8")
    assert "| cold build | 3.00 | 3.00 | 3.00x | 1.50x |" in table
    assert table in capsys.readouterr().out


def test_bench_reads_each_steps_seconds_from_the_builds_progress_lines():
    from analysis.build import bench

    progress = (
        "[1/6] ran notebooks/90_appendix.ipynb in 18.4 s (1.9 s CPU)\n"
        "[2/6] took notebooks/20_arrivals.ipynb from the store (same notebook, inputs, parameters, code)\n"
        "[3/3] rendering the report\n"
        "    reports/report-methods.html in 12.2 s (4.0 s CPU), reports/report.html in 17.2 s (5.5 s CPU), "
        "reports/report.pdf in 34.8 s (11.25 s CPU)\n"
    )
    assert bench.step_times(progress) == {
        "notebook 90_appendix": 18.4,
        "render report-methods.html": 12.2,
        "render report.html": 17.2,
        "render report.pdf": 34.8,
    }
    assert bench.step_cpu(progress) == {
        "notebook 90_appendix": 1.9,
        "render report-methods.html": 4.0,
        "render report.html": 5.5,
        "render report.pdf": 11.25,
    }


def test_bench_tables_each_steps_seconds_and_cpu_seconds(tmp_path, monkeypatch, capsys):
    """The cold build's progress lines, as the build prints them, become the table's per-step rows: wall and CPU."""
    import subprocess

    from analysis.build import bench, cli

    lines = "[1/2] ran notebooks/30_suicide.ipynb in 9.5 s (8.25 s CPU)\n    reports/report.pdf in 20.0 s (7.5 s CPU)\n"
    done = subprocess.CompletedProcess([], 0, stdout="built", stderr=lines)
    monkeypatch.setattr(bench.subprocess, "run", lambda *a, **k: done)
    for name in ("floor", "baseline", "sweep"):
        monkeypatch.setattr(bench, name, lambda *a, **k: 1.0)
    monkeypatch.setattr(bench, "_copy", lambda dest: dest)
    monkeypatch.setattr(bench, "_timed", lambda *a, **k: 1.0)
    monkeypatch.setenv(paths.REPORTS_ENV, str(tmp_path))
    assert cli.main(["bench", "--runs", "1"]) == 0
    table = (tmp_path / "benchmarks" / "bench.md").read_text(encoding="utf-8")
    assert "| step | median s | median CPU s |" in table
    assert "| render report.pdf | 20.00 | 7.50 |" in table
    assert "| notebook 30_suicide | 9.50 | 8.25 |" in table
