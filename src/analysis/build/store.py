"""A store of finished steps, addressed by their key, shared by every build that points to it.

A step's key (``pipeline.step_key``) hashes all its result depends on: the notebook, its parameters, the
files it reads and the package code it imports. Two builds that compute the same key compute the same
outputs, byte for byte (the build is reproducible), so the second can take them from the first: another
parameter value built and then built back, ``diff`` and ``diff --robustness`` building other choices in
temporary clones, the tests building the same configuration in several copies of the project.

The store is ``.build/store/`` of the checkout, or the folder named by ``ANALYSIS_STORE`` (``off``: no
store, every stale step runs; the benchmark's cold builds and the reproducibility test use that). An
entry is a folder named by the key holding the step's outputs under their project paths; it is written
in a temporary folder and renamed into place, so a reader sees a whole entry or none, and two builds that
finish the same step at once both succeed. The oldest entries beyond ``KEEP`` per step are removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from analysis import paths

ENV = "ANALYSIS_STORE"
KEEP = 12  # entries kept per step (about one per parameter value tried)


def root() -> Path | None:
    """The store's folder, or None when it is switched off."""
    where = os.environ.get(ENV, "")
    if where == "off":
        return None
    return Path(where) if where else paths.BUILD / "store"


def _entry(step: str, key: str) -> Path | None:
    base = root()
    return None if base is None else base / step / key


def fetch(name: str, key: str, outputs: Iterable[str], staged: Callable[[str], Path], logs: Iterable[str] = ()) -> bool:
    """Copy the stored outputs of ``name`` (a step, or the rendering) at ``key`` into the stage, with the logs
    kept beside them (the files a step read, the xelatex log: the same key writes the same logs); False when
    there is no whole entry."""
    entry = _entry(name, key)
    outputs = list(outputs)
    if entry is None or not all((entry / rel).is_file() for rel in outputs):
        return False
    for rel in outputs + [rel for rel in logs if (entry / rel).is_file()]:
        target = staged(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(entry / rel, target)
    os.utime(entry)  # recently used: kept longest
    return True


def put(name: str, key: str, outputs: Iterable[str], staged: Callable[[str], Path], logs: Iterable[str] = ()) -> None:
    """Keep finished outputs (and the logs that exist) under their key; nothing when the store is off or already
    holds every one of them."""
    entry = _entry(name, key)
    outputs = list(outputs)
    if entry is None or all((entry / rel).is_file() for rel in outputs):
        return
    shutil.rmtree(entry, ignore_errors=True)  # an entry from before an output was declared
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=entry.parent))
    try:
        for rel in outputs + [rel for rel in logs if staged(rel).is_file()]:
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staged(rel), tmp / rel)
        os.rename(tmp, entry)
    except OSError:
        pass  # another build stored it first, or the disk is full: the store is an optimisation only
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(entry.parent)


def _prune(folder: Path) -> None:
    entries = sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")), key=_mtime)
    for old in entries[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
