"""Project paths, anchored at the checkout the command runs in.

The root is ``ANALYSIS_ROOT`` when set, else the nearest folder at or above the working directory that
holds this project (``pyproject.toml``, ``src/analysis/`` and ``data/raw/datapackage.json``), else the
checkout the package was installed from. So a copied checkout (``cp -a``, with its ``.venv``) builds into
itself, not into the original its editable install points at.

Only the build writes the build's outputs. A build redirects the two output folders to a staging area
through environment variables, so that a failed build leaves the last good ``data/processed/`` and
``reports/`` untouched. A notebook run outside the build (papermill directly, JupyterLab) works in a
scratch copy instead, ``.build/scratch/``: its processed tables start as a copy of the last build's, and
whatever it writes (tables, findings, figures) stays there. Each successful build empties the scratch copy.
"""

import json
import os
import shutil
from pathlib import Path

from analysis.errors import DataError

ROOT_ENV = "ANALYSIS_ROOT"


def _is_checkout(folder: Path) -> bool:
    return all(
        (folder / p).exists() for p in ("pyproject.toml", "src/analysis/__init__.py", "data/raw/datapackage.json")
    )


def _root() -> Path:
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).resolve()
    installed = Path(__file__).resolve().parents[2]
    try:
        here = Path.cwd().resolve()
    except OSError:  # the working directory was removed
        return installed
    return next((f for f in (here, *here.parents) if _is_checkout(f)), installed)


ROOT = _root()
RAW = ROOT / "data" / "raw"
PARAMS_FILE = ROOT / "params" / "default.yml"
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = ROOT / "templates"
BUILD = ROOT / ".build"

SCRATCH = BUILD / "scratch"

PROCESSED_ENV = "ANALYSIS_PROCESSED_DIR"
# Set by the build for the notebook it runs: the step's name, and its declared inputs (JSON list of paths)
STEP_ENV, STEP_INPUTS_ENV = "ANALYSIS_STEP", "ANALYSIS_STEP_INPUTS"
REPORTS_ENV = "ANALYSIS_REPORTS_DIR"


def _scratch(sub: str, seed: bool) -> Path:
    """``.build/scratch/<sub>``, made on first use (a copy of the build's ``<sub>`` when ``seed``)."""
    dest = SCRATCH / sub
    if not dest.is_dir():
        source = ROOT / sub
        if seed and source.is_dir():
            shutil.copytree(source, dest, ignore=shutil.ignore_patterns(".*"), dirs_exist_ok=True)
        dest.mkdir(parents=True, exist_ok=True)
    return dest


def processed() -> Path:
    """Folder the processed tables are read from and written to: the build's stage, or the scratch copy."""
    env = os.environ.get(PROCESSED_ENV)
    return Path(env) if env else _scratch("data/processed", seed=True)


def reports() -> Path:
    """Folder for the rendered report, executed notebooks and figure files: the build's stage, or scratch."""
    env = os.environ.get(REPORTS_ENV)
    return Path(env) if env else _scratch("reports", seed=False)


def use_build_outputs() -> None:
    """For commands that read what the last build wrote (trace, diff): the real folders, read-only use."""
    os.environ.setdefault(PROCESSED_ENV, str(ROOT / "data" / "processed"))
    os.environ.setdefault(REPORTS_ENV, str(ROOT / "reports"))


def clear_scratch() -> None:
    shutil.rmtree(SCRATCH, ignore_errors=True)


def figures() -> Path:
    return reports() / "figures"


def rel(path: Path) -> str:
    """A path as the reader should see it: relative to the project root when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def reads_log(step: str) -> Path:
    """Where the build logs the files a step read (``.build/reads/<step>.txt``, emptied when the step starts)."""
    return BUILD / "reads" / f"{step}.txt"


def declared_read(rel: str) -> None:
    """Refuse a read the running build step has not declared (as OWID's PathFinder does): ``rel`` is the
    project-relative path of a raw or processed file. Outside a build step (a test, a reader's own session)
    every read is allowed. Each allowed read is logged (:func:`reads_log`), so the build's tests can check
    that every declared input is read."""
    declared = os.environ.get(STEP_INPUTS_ENV)
    if declared is None:
        return
    step = os.environ.get(STEP_ENV, "this step")
    if rel not in json.loads(declared):
        raise DataError(
            f"step {step} reads {rel}, which its entry in src/analysis/build/dag.py does not declare as an input"
        )
    log = reads_log(step)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as f:
        f.write(rel + "\n")
