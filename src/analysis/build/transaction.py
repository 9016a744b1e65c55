"""Outputs replaced all or nothing: a lock, a stage beside the destinations, a journal, recovery.

A build works in a stage, ``.stage-<token>/`` at the project root, holding a full copy of
``data/processed/`` and ``reports/``: the same filesystem as both destinations, so the final moves are
renames (never a cross-device copy). When everything is written, :func:`commit`

1. writes the journal ``.stage-<token>/journal.json`` (state ``prepared``, the build state to record),
   flushed to disk: from here on the new set is complete and the move can always be finished;
2. for each destination renames the old folder into the stage (``old/``) and the staged one into place;
3. writes ``.build/state.json``, removes the journal and then the stage with the old folders.

If the process dies or the disk fills during step 2 or 3, the next build (:func:`recover`, under the
lock) finds the journal and rolls the move forward; a stage without a journal is a build that never
reached its commit and is deleted, so the last good set is what stays. A rename that fails while the
build is still alive (permission, a folder on another device) is rolled back at once.

:class:`Lock` keeps a second build in the same checkout from running at the same time: it exits at
once with a message naming the running build's process id.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import BuildError

DESTINATIONS = ("data/processed", "reports")
PREFIX = ".stage-"
STATE = paths.BUILD / "state.json"
LOCK = paths.BUILD / "lock"


def _fsync_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_state(state: dict[str, Any]) -> None:
    STATE.parent.mkdir(parents=True, exist_ok=True)
    _fsync_write(STATE, json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def load_state() -> dict[str, Any]:
    try:
        return json.loads(STATE.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


class Lock:
    """An exclusive lock on ``.build/lock`` for the whole build (released by the OS if the build dies)."""

    def __init__(self) -> None:
        self.fd: int | None = None

    def __enter__(self) -> Lock:
        import fcntl

        LOCK.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise BuildError(
                f"another build is running in this checkout (process {holder}, lock {paths.rel(LOCK)}); "
                "wait for it to finish, or stop it, then build again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the lock
            self.fd = None


# Where this process's build stands, for the message an interruption prints (build/cli.py): "building" (the
# outputs are the last good set), "installing" (the journal is written: the next build completes the move to
# the new set), "installed" (the new set is in place).
PHASE = "building"


class Stage:
    """A staging folder for one build: ``root/data/processed`` and ``root/reports``."""

    def __init__(self, token: str) -> None:
        self.root = paths.ROOT / f"{PREFIX}{token}"
        self.journal = self.root / "journal.json"

    def create(self) -> None:
        """A full copy of the current outputs (so outputs not rebuilt carry over and deletions work)."""
        shutil.rmtree(self.root, ignore_errors=True)
        for sub in DESTINATIONS:
            _copy_tree(paths.ROOT / sub, self.root / sub)

    def remove(self, settle: float = 0.0) -> bool:
        """Remove the stage; True when it is gone. A stage whose commit began (its journal is there) is kept
        for the next build to finish. After a failure in a build without the kernel server (which ends
        every kernel of the build when it stops), a kernel of a stopped worker can still finish a write for a
        moment (it polls its parent) and re-create part of the stage, so the removal is then repeated for
        ``settle`` seconds."""
        import time

        if self.journal.is_file():  # a commit was interrupted half way: the next build finishes it (recover)
            return False
        deadline = time.monotonic() + settle
        remove_tree(self.root)
        while time.monotonic() < deadline:
            time.sleep(0.25)
            remove_tree(self.root)
        return not self.root.exists()

    def commit(self, state: dict[str, Any]) -> None:
        """Replace the destinations by the staged folders and record ``state``, all or nothing."""
        global PHASE
        _fsync_write(self.journal, json.dumps({"state": "prepared", "build_state": state}, ensure_ascii=False))
        PHASE = "installing"
        try:
            for sub in DESTINATIONS:
                _swap(self.root, sub)
        except OSError:
            try:
                for sub in reversed(DESTINATIONS):
                    _unswap(self.root, sub)
                self.journal.unlink()
            except OSError:
                pass  # the journal stays: the next build finishes the move
            PHASE = "building"  # the old set was put back
            raise
        _finish(self.root, state)
        PHASE = "installed"


def _copy_tree(src: Path, dest: Path) -> None:
    """Copy a folder file by file (not shutil.copytree, which folds every OSError into one list)."""
    dest.mkdir(parents=True, exist_ok=True)
    if not src.is_dir():
        return
    for folder, dirs, files in os.walk(src):
        target = dest / Path(folder).relative_to(src)
        for d in dirs:
            (target / d).mkdir(exist_ok=True)
        for f in files:
            if not (f.startswith(".") and f.endswith(".tmp")):  # a half-written file of a killed writer
                shutil.copy2(Path(folder) / f, target / f)


def _swap(root: Path, sub: str) -> None:
    staged, dest, old = root / sub, paths.ROOT / sub, root / "old" / sub
    if not staged.exists():
        return  # already moved (a recovery after a crash between two moves)
    if dest.exists() and not old.exists():
        old.parent.mkdir(parents=True, exist_ok=True)
        os.rename(dest, old)
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.rename(staged, dest)


def _unswap(root: Path, sub: str) -> None:
    """Undo :func:`_swap`, whichever of its two renames happened."""
    staged, dest, old = root / sub, paths.ROOT / sub, root / "old" / sub
    if old.exists():
        if dest.exists():
            os.rename(dest, staged)
        os.rename(old, dest)
    elif not staged.exists() and dest.exists():  # there was no destination before: the new one goes back
        os.rename(dest, staged)


def remove_tree(root: Path) -> str | None:
    """Delete a folder of the build's own (a stage); None when it is gone, else why not. A folder made
    read-only (an old ``reports/figures/`` moved into the stage) is made writable first: it is ours to delete."""
    failures: list[OSError] = []

    def retry_writable(func: Callable[..., Any], path: str, exc_info: Any) -> None:
        try:
            os.chmod(os.path.dirname(path), 0o755)
            func(path)
        except OSError as exc:
            failures.append(exc)

    if root.exists():
        shutil.rmtree(root, onerror=retry_writable)
    if not root.exists():
        return None
    return describe_os_error(failures[0]) if failures else f"{paths.rel(root)} is still there"


def _finish(root: Path, state: dict[str, Any]) -> None:
    write_state(state)
    (root / "journal.json").unlink()
    remove_tree(root)


def leftovers() -> list[Path]:
    return sorted(p for p in paths.ROOT.glob(f"{PREFIX}*") if p.is_dir()) + sorted(
        p
        for p in paths.BUILD.glob("stage-*")
        if p.is_dir()  # the layout before stages moved to the root
    )


def recover() -> list[str]:
    """Finish an interrupted commit, delete what killed builds left; return notes for the user."""
    notes = []
    for root in leftovers():
        journal = root / "journal.json"
        if journal.is_file():
            try:
                record = json.loads(journal.read_text(encoding="utf-8"))
            except json.JSONDecodeError:
                record = {}  # the journal itself was cut short: the commit had not begun
            if record.get("state") == "prepared":
                for sub in DESTINATIONS:
                    _swap(root, sub)
                _finish(root, record["build_state"])
                notes.append(f"note: finished moving the outputs of an interrupted build into place ({root.name})")
                continue
        why = remove_tree(root)
        if why is None:
            notes.append(f"note: removed {paths.rel(root)}, left by a build that was stopped")
        else:
            notes.append(
                f"note: could not remove {paths.rel(root)}, left by a build that was stopped ({why}); remove it by hand"
            )
    return notes


def check_writable() -> None:
    """Fail before any notebook runs if a destination cannot be replaced."""
    for sub in DESTINATIONS:
        dest = paths.ROOT / sub
        if dest.exists() and not dest.is_dir():
            raise BuildError(f"{sub} is a file; expected a folder: move it away and build again")
        for folder in (dest, dest.parent):
            if folder.exists() and not os.access(folder, os.W_OK):
                raise BuildError(
                    f"{paths.rel(folder)}/ is not writable, so the build could not replace {sub}/; "
                    f"make it writable (chmod u+w {paths.rel(folder)}) and build again"
                )


def describe_os_error(exc: OSError, writing: Path | None = None) -> str:
    """One line for an operating-system fault: the path, what happened, what to do. ``writing``: the file
    being written, named when the fault itself names none (a failed write() carries no file name)."""
    named = exc.filename or writing
    where = paths.rel(Path(named)) if named else "a file of the build"
    if exc.filename2:
        where += f" -> {paths.rel(Path(exc.filename2))}"
    advice = {
        errno.ENOSPC: f"no space left on the device while writing {where}; free some space and build again",
        errno.EDQUOT: f"disk quota exceeded while writing {where}; free some space and build again",
        errno.EACCES: f"{where}: permission denied; make it readable (and its folder writable) for this user",
        errno.EPERM: f"{where}: operation not permitted; check its permissions and owner",
        errno.ENOENT: f"{where}: no such file or folder",
        errno.EISDIR: f"{where} is a folder; expected a file",
        errno.ENOTDIR: f"{where}: a part of this path is a file, expected a folder",
        errno.EROFS: f"{where} is on a read-only file system; build in a writable copy of the project",
        errno.EXDEV: f"{where}: cannot move across devices; keep data/processed/ and reports/ on the project's filesystem",
        errno.EMFILE: "too many open files; raise the limit (ulimit -n) and build again",
    }.get(exc.errno, f"{where}: {exc.strerror or exc}")
    return advice
