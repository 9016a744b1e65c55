"""Shared fixtures: isolated copies of the project, built once per session, and a CLI runner.

End-to-end tests never build in the working tree: they copy the project (without build products) to a
temporary folder and run ``python -m analysis`` there with PYTHONPATH pointing at the copy's ``src/``, so
the kernels papermill starts import the copy too.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# Hypothesis: draws are reproducible (derandomized) so a run's verdict does not depend on luck; the fast tier
# draws 10 examples per property, HYPOTHESIS_PROFILE=slow draws 100. Cases found once are kept as @example.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", max_examples=10, derandomize=True, deadline=None)
_hypothesis_settings.register_profile("slow", max_examples=100, derandomize=True, deadline=None)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]

# Under CI=true a test skipped because a tool is missing fails instead: CI installs every tool
# (scripts/install-system-deps.sh, npm ci), so a missing one means the checks did not run, not that they passed.
ENVIRONMENT_SKIP = re.compile(r"not installed|needs /proc")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI", "").lower() == "true" and ENVIRONMENT_SKIP.search(str(report.longrepr)):
        report.outcome = "failed"
        report.longrepr = f"skipped for a missing tool under CI=true, which must install it: {report.longrepr}"


# One store of finished build steps for the whole session (analysis.build.store), shared by every project copy
# and every xdist worker: a configuration is built once, whichever test asks first. Made by the controlling
# process before the workers start (they inherit the variable), removed at the end.
from analysis.build.store import ENV as STORE_ENV  # noqa: E402


def pytest_configure(config):
    if not hasattr(config, "workerinput") and STORE_ENV not in os.environ:
        os.environ[STORE_ENV] = tempfile.mkdtemp(prefix="analysis-test-store-")
        config._analysis_store = os.environ[STORE_ENV]


def pytest_unconfigure(config):
    made = getattr(config, "_analysis_store", None)
    if made:
        shutil.rmtree(made, ignore_errors=True)


IGNORE = shutil.ignore_patterns(
    ".venv", ".git", ".build", "__pycache__", ".pytest_cache", ".ipynb_checkpoints", "*.egg-info", ".stage-*"
)


def _commit_epoch() -> str:
    try:
        return (
            subprocess.run(
                ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.strip()
            or "1700000000"
        )
    except (OSError, subprocess.CalledProcessError):
        return "1700000000"


EPOCH = _commit_epoch()


def copy_project(dest: Path, with_outputs: Path | None = None) -> Path:
    """Copy the sources of the project (or of a built copy, outputs included) to ``dest``."""
    src = with_outputs or ROOT
    shutil.copytree(src, dest, ignore=IGNORE if with_outputs is None else shutil.ignore_patterns("__pycache__"))
    if with_outputs is None:
        for sub in ("reports", "data/processed"):
            for p in (dest / sub).iterdir():
                if p.name != "README.md":
                    shutil.rmtree(p) if p.is_dir() else p.unlink()
    return dest


def cli_env(project: Path, store: bool = True) -> dict[str, str]:
    """The environment of a command run in the project copy, as a user's shell has it: this process's, without
    the ANALYSIS_ variables that redirect folders, importing the copy's ``src/``, with the commit's date; the
    session's store of built steps, or none (``store=False``: every stale step runs)."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("ANALYSIS_")}
    shared = os.environ.get(STORE_ENV, "off") if store else "off"
    return {**inherited, "PYTHONPATH": str(project / "src"), "SOURCE_DATE_EPOCH": EPOCH, "CI": "1", STORE_ENV: shared}


def run_cli(
    project: Path,
    *args: str,
    timeout: float = 900,
    fault: str | None = None,
    store: bool | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """``python -m analysis ARGS`` in the project; ``fault``: Python code run first in the same process,
    which patches a function to raise the operating-system error under test (a full disk, a permission
    denied to root), the way the OS would raise it at that call (no store then, unless ``store=True``: the
    step under test runs; a fault in the final move needs no notebook to run). ``store=False`` for a test of
    what a build runs, or of a cold build. ``env``: variables set for the command on top of those."""
    command = [sys.executable, "-m", "analysis", *args]
    if fault:
        driver = f"import sys\n{fault}\nfrom analysis.build.cli import main\nsys.exit(main({list(args)!r}))"
        command = [sys.executable, "-c", driver]
    run_env = {**cli_env(project, store=not fault if store is None else store), **(env or {})}
    return subprocess.run(command, cwd=project, env=run_env, capture_output=True, text=True, timeout=timeout)


def tree_hashes(project: Path, *subdirs: str) -> dict[str, str]:
    """sha256 of every file under the given folders (relative path -> digest)."""
    out = {}
    for sub in subdirs:
        for p in sorted((project / sub).rglob("*")):
            if p.is_file():
                out[str(p.relative_to(project))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def has_pdf_tools() -> bool:
    return bool(shutil.which("xelatex") and shutil.which("pandoc"))


# Debian's headless Chromium, driven by Playwright (the e2e tests of the report's HTML and of JupyterLab).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# no sandbox (containers run as root), no GPU, and none of the browser's own traffic (updates, sync, QUIC)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (make system-deps)")


@pytest.fixture
def browser():
    """Chromium launched by Playwright with CHROMIUM_ARGS for one test, closed after it (tests using it are
    marked ``@needs_chromium``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def made_once(tmp_path_factory, name: str, make) -> Path:
    """``make(folder)`` run once per test session, whichever xdist worker asks first; another worker that asks
    meanwhile waits for it (a file lock in the session's temporary folder, which the workers share), then
    reuses the folder. A failure is kept and raised again in every worker that asks, without trying again."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the session's folder, above each worker's own
    folder, done, failed = base / name, base / f"{name}.done", base / f"{name}.failed"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if failed.is_file():
            pytest.fail(f"{name}, made by another worker, failed: {failed.read_text()}")
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except BaseException as exc:
                failed.write_text(str(exc)[-3000:] or type(exc).__name__)
                raise
            done.touch()
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The project built once per session, from scratch, in a temporary copy (PDF required when TeX is there);
    shared by the xdist workers (``made_once``). Tests read it; one that changes anything works in a copy."""

    def build(folder: Path) -> None:
        project = copy_project(folder / "project")
        result = run_cli(project, "build", "--require-pdf" if has_pdf_tools() else "--no-pdf")
        assert result.returncode == 0, result.stderr[-3000:]
        project.joinpath("build-output.txt").write_text(result.stdout + result.stderr)

    return made_once(tmp_path_factory, "built", build) / "project"


@pytest.fixture(scope="session")
def processed_dir(tmp_path_factory) -> Path:
    """The processed tables with default parameters, made in-process (no kernel), in a session folder.

    While the session runs, ``analysis.paths.processed()`` points there, so findings functions that read
    processed tables (``io.read_table``) read these.
    """
    import os

    from analysis import io, paths
    from analysis.params import validate

    folder = tmp_path_factory.mktemp("processed")
    before = os.environ.get(paths.PROCESSED_ENV)
    os.environ[paths.PROCESSED_ENV] = str(folder)
    io.write_all(validate({}))
    yield folder
    if before is None:
        os.environ.pop(paths.PROCESSED_ENV, None)
    else:
        os.environ[paths.PROCESSED_ENV] = before


@pytest.fixture(scope="session")
def processed_tables(processed_dir) -> dict:
    """Every processed table, read back as the notebooks read it."""
    from analysis import io

    return {p.stem: io.read_table(p.stem) for p in sorted(processed_dir.glob("*.csv"))}


@pytest.fixture(scope="session")
def tables(processed_dir):
    """The tables the findings read, read once for the session the way a build's findings read them
    (analysis.findings.tables), from the session's processed tables and data/raw."""
    from analysis.findings.tables import Tables

    return Tables()


@pytest.fixture(scope="session")
def sections(tables) -> tuple:
    """The sections' typed findings (arrivals, OECD, surveys, suicide) with the default parameters, made
    in-process from the processed tables (no kernel)."""
    from analysis import params
    from analysis.findings import arrivals, oecd, suicide, surveys

    P = params.validate({})
    return tuple(section.findings(P, tables) for section in (arrivals, oecd, surveys, suicide))


@contextlib.contextmanager
def reading_sections(sections: tuple):
    """While open, the audit's readers of the sections (``arrivals_section`` ...) return ``sections`` (the
    fixture) instead of the findings of a build."""
    from analysis.findings import audit

    A, OE, S, SU = sections
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(audit, "arrivals_section", lambda: A)
        mp.setattr(audit, "suicide_section", lambda: SU)
        mp.setattr(audit, "oecd_section", lambda: OE)
        mp.setattr(audit, "surveys_section", lambda: S)
        yield


@pytest.fixture(scope="session")
def audited(tables, sections):
    """The claim audit's findings on the project's data, reading the sections' findings above."""
    from analysis import params
    from analysis.findings import audit

    with reading_sections(sections):
        return audit.findings(params.validate({}), tables)
