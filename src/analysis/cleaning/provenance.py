"""What the reproducibility appendix prints: code version, package versions, raw-file hashes."""

from __future__ import annotations

import csv
import os
import re
import subprocess
from importlib import metadata

from analysis import paths
from analysis.cleaning import rawdata

PACKAGES = (
    "papermill",
    "nbconvert",
    "nbclient",
    "nbformat",
    "ipykernel",
    "pandas",
    "numpy",
    "matplotlib",
    "scipy",
    "statsmodels",
    "frictionless",
    "pandera",
    "pydantic",
    "pyyaml",
)


def code_version() -> str:
    """The git commit the report was built from, marked '+modified' if the work tree differs from it."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=paths.ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=paths.ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return sha + ("+modified" if dirty else "")


def built_from(version: str) -> str:
    """A code version as a reader reads it: 'commit 78a8a703f5ae', or with '+modified' said plainly
    ('commit 78a8a703f5ae with uncommitted changes')."""
    sha, modified = version.removesuffix("+modified"), version.endswith("+modified")
    if not re.fullmatch(r"[0-9a-f]{7,40}", sha):
        return "an unknown commit (not a git checkout)"
    return f"commit {sha}" + (" with uncommitted changes" if modified else "")


def package_versions() -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def raw_files() -> list[dict[str, object]]:
    """Every raw resource with its recorded sha256 and size (verified against the file)."""
    rows = []
    for name, res in rawdata.resources().items():
        digest = rawdata.verify_hash(name)
        rows.append(
            {
                "file": f"data/raw/{res['path']}",
                "rows": None,
                "bytes": res.get("bytes"),
                "sha256": digest,
                "title": res.get("title", ""),
                "source_urls": [s["path"] for s in res.get("sources", [])],  # the publications it was read from
            }
        )
    for row in rows:
        with open(paths.ROOT / row["file"], encoding="utf-8", newline="") as fh:
            row["rows"] = sum(1 for _ in csv.reader(fh)) - 1  # records, not lines: fields may hold newlines
    return rows


def source_date_epoch() -> str:
    """The date stamped into the PDF and the report: the last commit's time (fixed for a given commit)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=paths.ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        return out or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"
