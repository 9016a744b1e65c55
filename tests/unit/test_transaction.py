"""The all-or-nothing replacement of data/processed/ and reports/ (build/transaction.py), on a scratch
project root: a commit swaps both folders; a failed rename rolls back; a crash after the journal is rolled
forward at the next start; a stage without a journal is removed; the lock refuses a second build."""

from __future__ import annotations

import errno
import json
import os

import pytest

from analysis import paths
from analysis.build import transaction
from analysis.errors import BuildError


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(paths, "BUILD", tmp_path / ".build")
    monkeypatch.setattr(transaction, "STATE", tmp_path / ".build" / "state.json")
    monkeypatch.setattr(transaction, "LOCK", tmp_path / ".build" / "lock")
    for sub, text in (("data/processed", "old table"), ("reports", "old report")):
        (tmp_path / sub).mkdir(parents=True)
        (tmp_path / sub / "a.txt").write_text(text)
    (tmp_path / "reports" / "report.pdf").write_text("old pdf")
    return tmp_path


def contents(root):
    return {
        str(p.relative_to(root)): p.read_text()
        for sub in transaction.DESTINATIONS
        for p in sorted((root / sub).rglob("*"))
        if p.is_file()
    }


def staged(token="1"):
    stage = transaction.Stage(token)
    stage.create()
    (stage.root / "data/processed/a.txt").write_text("new table")
    (stage.root / "reports/a.txt").write_text("new report")
    (stage.root / "reports/report.pdf").unlink()  # a stale edition removed in the stage
    return stage


NEW = {"data/processed/a.txt": "new table", "reports/a.txt": "new report"}


def test_commit_replaces_both_folders_and_records_state(root):
    before = contents(root)
    stage = staged()
    assert contents(root) == before  # staging touches nothing
    stage.commit({"steps": {"x": 1}})
    assert contents(root) == NEW
    assert json.loads(transaction.STATE.read_text()) == {"steps": {"x": 1}}
    assert transaction.leftovers() == []


def test_failed_rename_rolls_back_to_the_old_set(root, monkeypatch):
    before = contents(root)
    stage = staged()
    real = os.rename
    failed = []

    def rename(src, dst):  # the move of the new reports/ into place fails, once
        if str(dst) == str(root / "reports") and not failed:
            failed.append(dst)
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(PermissionError):
        stage.commit({"steps": {}})
    monkeypatch.setattr(os, "rename", real)
    assert contents(root) == before
    assert not stage.journal.exists() and not transaction.STATE.exists()


def test_crash_after_the_journal_is_rolled_forward(root):
    stage = staged("7")
    state = {"steps": {"y": 2}}
    stage.journal.write_text(json.dumps({"state": "prepared", "build_state": state}))
    transaction._swap(stage.root, "data/processed")  # the process dies here, between the two moves
    notes = transaction.recover()
    assert contents(root) == NEW
    assert json.loads(transaction.STATE.read_text()) == state
    assert transaction.leftovers() == [] and "finished moving" in notes[0]


def test_full_disk_while_recording_state_is_finished_next_time(root, monkeypatch):
    stage = staged()
    real = transaction.write_state

    def full(state):
        raise OSError(errno.ENOSPC, "No space left on device", str(transaction.STATE))

    monkeypatch.setattr(transaction, "write_state", full)
    with pytest.raises(OSError):
        stage.commit({"steps": {"z": 3}})
    assert stage.journal.exists()  # the folders moved; the record is still to be written
    monkeypatch.setattr(transaction, "write_state", real)
    transaction.recover()
    assert contents(root) == NEW and json.loads(transaction.STATE.read_text()) == {"steps": {"z": 3}}


def test_stage_of_a_killed_build_is_removed_and_outputs_kept(root):
    before = contents(root)
    staged("99")  # no journal: the build never reached its commit
    (root / ".build" / "stage-5").mkdir(parents=True)  # the old layout's leftover
    notes = transaction.recover()
    assert contents(root) == before
    assert transaction.leftovers() == [] and len(notes) == 2


def test_second_build_is_refused_while_one_holds_the_lock(root):
    with (
        transaction.Lock(),
        pytest.raises(BuildError, match=rf"another build is running in this checkout \(process {os.getpid()}"),
        transaction.Lock(),
    ):
        pass
    with transaction.Lock():  # released
        pass


def test_unwritable_destination_is_reported_before_anything_runs(root, monkeypatch):
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(root / "reports") else real(p, mode))
    with pytest.raises(BuildError, match=r"reports/ is not writable, so the build could not replace reports/"):
        transaction.check_writable()


@pytest.mark.parametrize(
    "err, expected",
    [
        (
            OSError(errno.ENOSPC, "No space left on device", "reports/x.html"),
            "no space left on the device while writing reports/x.html",
        ),
        (PermissionError(errno.EACCES, "Permission denied", "data/raw/a.csv"), "data/raw/a.csv: permission denied"),
        (IsADirectoryError(errno.EISDIR, "Is a directory", "p.yml"), "p.yml is a folder; expected a file"),
        (OSError(errno.EXDEV, "Invalid cross-device link", "a", None, "b"), "a -> b: cannot move across devices"),
    ],
)
def test_os_faults_are_described_in_one_line(err, expected):
    line = transaction.describe_os_error(err)
    assert line.startswith(expected) and "\n" not in line


def _refuse_unlink_in(folder, monkeypatch, *, times: int):
    """os.unlink fails with EACCES inside ``folder`` (a read-only folder, as a non-root user meets it)."""
    real, refused = os.unlink, []

    def unlink(path, *a, **k):
        parent = os.readlink(f"/proc/self/fd/{k['dir_fd']}") if k.get("dir_fd") is not None else os.path.dirname(path)
        if parent == str(folder) and len(refused) < times:
            refused.append(path)
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *a, **k)

    monkeypatch.setattr(os, "unlink", unlink)
    return refused


def test_stage_with_a_read_only_folder_is_made_writable_and_removed(root, monkeypatch):
    stage = staged("7")
    figures = stage.root / "reports" / "figures"
    figures.mkdir()
    (figures / "f.svg").write_text("x")
    figures.chmod(0o555)
    refused = _refuse_unlink_in(figures, monkeypatch, times=1)
    notes = transaction.recover()
    assert refused, "the fault was not met: the test checks nothing"
    assert transaction.leftovers() == []
    assert notes == [f"note: removed {transaction.PREFIX}7, left by a build that was stopped"]


def test_a_stage_that_cannot_be_removed_is_reported_not_claimed_removed(root, monkeypatch):
    stage = staged("8")
    (stage.root / "reports" / "figures").mkdir()
    (stage.root / "reports" / "figures" / "f.svg").write_text("x")
    _refuse_unlink_in(stage.root / "reports" / "figures", monkeypatch, times=10**6)
    (note,) = transaction.recover()
    assert note.startswith(f"note: could not remove {transaction.PREFIX}8, left by a build that was stopped (")
    assert "permission denied" in note and note.endswith("remove it by hand")
    assert transaction.leftovers() == [stage.root]


def test_a_failed_write_names_the_file_being_replaced(tmp_path, monkeypatch):
    from analysis import atomic
    from analysis.atomic import atomic_write_text

    real_fdopen = os.fdopen

    class Full:  # a file whose write() fails as on a full disk: the error names no file
        def __init__(self, fd, mode):
            self.fh = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", Full)
    target = tmp_path / "reports" / "x.html"
    with pytest.raises(OSError) as caught:
        atomic_write_text(target, "text")
    assert caught.value.filename == str(target) and caught.value.errno == errno.ENOSPC
    assert list(target.parent.iterdir()) == []  # no temporary file left
    line = transaction.describe_os_error(caught.value)
    assert line.startswith("no space left on the device while writing") and line.endswith("build again")


def test_a_fault_naming_no_file_names_the_file_being_written(root):
    line = transaction.describe_os_error(OSError(errno.ENOSPC, "No space left"), writing=root / "reports" / "n.ipynb")
    assert line == "no space left on the device while writing reports/n.ipynb; free some space and build again"


def test_a_kernel_that_died_before_answering_is_started_again():
    """jupyter_client picks a free port and the kernel binds it later; another kernel starting at the same
    moment can take it ('Address already in use'). The start is tried again; any other error is not."""
    from analysis.build import pipeline

    class FakePapermill:
        def __init__(self, failures: int, message: str = "Kernel died before replying to kernel_info"):
            self.failures, self.message, self.calls = failures, message, 0

        def execute_notebook(self, *args, **kwargs):
            assert kwargs["start_timeout"] == pipeline.KERNEL_START_SECONDS
            self.calls += 1
            if self.calls <= self.failures:
                raise RuntimeError(self.message)
            return "executed"

    pm = FakePapermill(failures=pipeline.KERNEL_START_TRIES - 1)
    assert pipeline._papermill(pm, "notebooks/20_arrivals.ipynb", "out.ipynb", {}) == "executed"
    assert pm.calls == pipeline.KERNEL_START_TRIES
    pm = FakePapermill(failures=pipeline.KERNEL_START_TRIES)
    with pytest.raises(RuntimeError, match="Kernel died"):
        pipeline._papermill(pm, "notebooks/20_arrivals.ipynb", "out.ipynb", {})
    # a kernel that did not answer within papermill's start timeout (4 kernels on 2 busy cores) is started again
    pm = FakePapermill(failures=1, message="Kernel didn't respond in 120 seconds")
    assert pipeline._papermill(pm, "notebooks/20_arrivals.ipynb", "out.ipynb", {}) == "executed"
    assert pm.calls == 2
    pm = FakePapermill(failures=1, message="some other failure")
    with pytest.raises(RuntimeError, match="some other failure"):
        pipeline._papermill(pm, "notebooks/20_arrivals.ipynb", "out.ipynb", {})
    assert pm.calls == 1
