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

import os
import shutil
from pathlib import Path

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
