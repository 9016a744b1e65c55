"""Project paths, anchored at the repository root (never the working directory).

A build redirects the two output folders to a staging area through environment variables, so that a
failed build leaves the last good ``data/processed/`` and ``reports/`` untouched; a notebook opened in
JupyterLab writes to the real folders (each file atomically).
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
PARAMS_FILE = ROOT / "params" / "default.yml"
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = ROOT / "templates"
BUILD = ROOT / ".build"

PROCESSED_ENV = "ANALYSIS_PROCESSED_DIR"
REPORTS_ENV = "ANALYSIS_REPORTS_DIR"


def processed() -> Path:
    """Folder the processed tables are read from and written to."""
    return Path(os.environ.get(PROCESSED_ENV) or ROOT / "data" / "processed")


def reports() -> Path:
    """Folder for the rendered report, executed notebooks and figure files."""
    return Path(os.environ.get(REPORTS_ENV) or ROOT / "reports")


def figures() -> Path:
    return reports() / "figures"


def rel(path: Path) -> str:
    """A path as the reader should see it: relative to the project root when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
