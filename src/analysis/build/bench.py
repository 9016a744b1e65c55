"""``python -m analysis bench``: measured build times, written to reports/benchmarks/.

Everything runs in temporary copies of the project on this machine, in one run, each measurement the
median of ``runs`` repetitions:

- floor: papermill on a one-cell notebook, then ``jupyter nbconvert --to pdf`` of it;
- baseline: every notebook run with the papermill command line one after another, then
  ``jupyter nbconvert --to html`` and ``--to pdf`` of each report notebook (with the project's templates,
  without which the PDF cannot be typeset), as a user would script it;
- the project's cold build, its no-op rebuild, and a rebuild after one parameter change;
- a sweep of 16 parameter sets of the suicide notebook, serial and in parallel.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from analysis import paths
from analysis.build import dag, store

IGNORE = shutil.ignore_patterns(".venv", ".git", ".build", "__pycache__", ".pytest_cache", "reports", "processed")


def _env(project: Path) -> dict[str, str]:
    from analysis.cleaning.provenance import source_date_epoch

    # no store of built steps: a cold build is cold, and each rebuild runs what it would without one
    return {
        **os.environ,
        "PYTHONPATH": str(project / "src"),
        "SOURCE_DATE_EPOCH": source_date_epoch(),
        "CI": "1",
        store.ENV: "off",
    }


def _copy(dest: Path) -> Path:
    shutil.copytree(paths.ROOT, dest, ignore=IGNORE)
    for sub in ("reports", "data/processed"):
        (dest / sub).mkdir(parents=True, exist_ok=True)
    return dest


def _timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[1:])} failed in {cwd}: {proc.stderr.strip().splitlines()[-1:]}")
    return elapsed


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def floor(work: Path) -> float:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, work / "one.ipynb")
    env = {**os.environ}
    start = time.perf_counter()
    subprocess.run(
        [_bin("papermill"), "one.ipynb", "one-out.ipynb", "-k", "python3", "--no-progress-bar"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [_bin("jupyter"), "nbconvert", "--to", "pdf", "one-out.ipynb"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def baseline(project: Path) -> float:
    env = _env(project)
    out = project / "reports" / "baseline"
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for name in dag.order():
        nb = dag.by_name()[name].notebook
        subprocess.run(
            [
                _bin("papermill"),
                nb,
                str(out / Path(nb).name),
                "-k",
                "python3",
                "--cwd",
                "notebooks",
                "--no-progress-bar",
            ],
            cwd=project,
            env=env,
            check=True,
            capture_output=True,
        )
    templates = {"html": "report_html", "pdf": "report_latex"}  # the project's templates: the same work
    for name in dag.REPORT:
        executed = out / Path(dag.by_name()[name].notebook).name
        for fmt in ("html", "pdf"):
            subprocess.run(
                [
                    _bin("jupyter"),
                    "nbconvert",
                    "--to",
                    fmt,
                    "--no-input",
                    "--template",
                    templates[fmt],
                    f"--TemplateExporter.extra_template_basedirs={project / 'templates'}",
                    str(executed),
                ],
                cwd=project,
                env=env,
                check=True,
                capture_output=True,
            )
    return time.perf_counter() - start


def build(project: Path, *args: str, steps: dict[str, list[float]] | None = None) -> float:
    """Seconds for one build; with ``steps``, the build's own progress lines (``-v``) add each notebook's and
    each rendering's seconds to it."""
    if steps is None:
        return _timed([sys.executable, "-m", "analysis", "build", *args], project, _env(project))
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "-v", *args],
        cwd=project,
        env=_env(project),
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"build failed in {project}: {proc.stderr.strip().splitlines()[-1:]}")
    for name, seconds in step_times(proc.stderr).items():
        steps.setdefault(name, []).append(seconds)
    for name, seconds in step_cpu(proc.stderr).items():
        steps.setdefault(f"{name} CPU", []).append(seconds)
    return elapsed


_TOOK = r" in ([\d.]+) s(?: \(([\d.]+) s CPU\))?"
_RAN = re.compile(r"ran notebooks/(\S+)\.ipynb" + _TOOK)
_RENDERED = re.compile(r"reports/(report[\w-]*\.(?:html|pdf))" + _TOOK)


def _steps(progress: str, group: int) -> dict[str, float]:
    found = {f"notebook {m[1]}": m[group] for m in _RAN.finditer(progress)}
    found |= {f"render {m[1]}": m[group] for m in _RENDERED.finditer(progress)}
    return {k: float(v) for k, v in found.items() if v is not None}


def step_times(progress: str) -> dict[str, float]:
    """Each step's own seconds from a build's ``-v`` progress lines: the notebooks it ran, the editions it rendered
    (timed in the worker that ran it, so time spent waiting for a free core is not counted)."""
    return _steps(progress, 2)


def step_cpu(progress: str) -> dict[str, float]:
    """Each step's CPU seconds from the same lines (its kernel's or xelatex's included)."""
    return _steps(progress, 3)


def sweep(project: Path, parallel: bool) -> float:
    from analysis.build.pipeline import run_notebook

    combos = list(
        itertools.product(
            ["wi_sung_lac_2024", "hong_ki_won_2024"],
            ["midyear_cumulative", "yearend_cumulative"],
            [(2020, 2022), (2017, 2019), (2013, 2015), (2017, 2022)],
        )
    )
    env = {
        paths.PROCESSED_ENV: str(project / "data" / "processed"),
        paths.REPORTS_ENV: str(project / "reports" / "sweep"),
    }
    os.environ["PYTHONPATH"] = str(project / "src")
    jobs = []
    for i, (series, denominator, (start, end)) in enumerate(combos):
        params = {
            "counts_series": series,
            "denominator": denominator,
            "suicide_period_start": start,
            "suicide_period_end": end,
            "confidence_level": 0.95,
        }
        jobs.append(("notebooks/30_suicide.ipynb", str(project / "reports" / f"sweep-{i}.ipynb"), params, env))
    start_t = time.perf_counter()
    workers = (os.cpu_count() or 1) if parallel else 1
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        errors = [e for e in pool.map(run_notebook, *zip(*jobs, strict=False)) if e]
    if errors:
        raise RuntimeError(f"sweep failed: {errors[0]}")
    return time.perf_counter() - start_t


def main(runs: int = 3) -> int:
    results: dict[str, list[float]] = {
        k: []
        for k in (
            "floor",
            "baseline",
            "cold build",
            "no-op rebuild",
            "one-parameter rebuild",
            "sweep x16 serial",
            "sweep x16 parallel",
        )
    }
    steps: dict[str, list[float]] = {}  # each step's seconds in the cold builds
    with tempfile.TemporaryDirectory(prefix="nk-bench-") as tmp:
        tmp = Path(tmp)
        for i in range(runs):
            work = tmp / f"floor{i}"
            work.mkdir()
            results["floor"].append(floor(work))
            results["baseline"].append(baseline(_copy(tmp / f"base{i}")))
            project = _copy(tmp / f"proj{i}")
            results["cold build"].append(build(project, steps=steps))
            results["no-op rebuild"].append(build(project))
            results["one-parameter rebuild"].append(build(project, "-p", "start_year", str(2003 + i)))
            print(f"run {i + 1}/{runs} done", file=sys.stderr, flush=True)
        project = tmp / "proj0"
        for _ in range(runs):
            results["sweep x16 serial"].append(sweep(project, parallel=False))
            results["sweep x16 parallel"].append(sweep(project, parallel=True))
    medians = {k: statistics.median(v) for k, v in results.items()}
    lines = [
        f"# Build benchmark ({runs} runs each, median seconds; {os.cpu_count()} cores, Python {sys.version.split()[0]})",
        "",
        "| measurement | median s | runs (s) | vs floor | vs baseline |",
        "|---|---:|---|---:|---:|",
    ]
    for k, m in medians.items():
        lines.append(
            f"| {k} | {m:.2f} | {', '.join(f'{x:.2f}' for x in results[k])} | "
            f"{m / medians['floor']:.2f}x | {m / medians['baseline']:.2f}x |"
        )
    lines += [
        "",
        "Targets (issue 18): cold build <= 2.5x floor, no-op rebuild < 0.5 s.",
        "",
        "Where the cold build's time goes (each step's own seconds, timed where it ran, and its CPU seconds, its",
        "kernel's or xelatex's included; median; steps run in parallel on the cores, so they add up to more than",
        "the build's wall time, and CPU seconds are what other work on the machine does not stretch):",
        "",
        "| step | median s | median CPU s |",
        "|---|---:|---:|",
    ]
    step_medians = {k: statistics.median(v) for k, v in sorted(steps.items(), key=lambda kv: -statistics.median(kv[1]))}
    lines += [
        f"| {k} | {m:.2f} | " + (f"{step_medians[k + ' CPU']:.2f} |" if k + " CPU" in step_medians else " |")
        for k, m in step_medians.items()
        if not k.endswith(" CPU")
    ]
    table = "\n".join(lines) + "\n"
    out = paths.reports() / "benchmarks"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.md").write_text(table, encoding="utf-8")
    (out / "bench.json").write_text(
        json.dumps({"runs": results, "medians": medians, "steps": step_medians}, indent=2) + "\n"
    )
    print(table)
    return 0
