"""`python -m analysis diff` end to end: the README's data-update walkthrough, run as written in a temporary clone
with an obviously synthetic row, shows exactly what that row moved and nothing else."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import made_once, tree_hashes

from analysis import paths

pytestmark = pytest.mark.slow

SYNTHETIC_SOURCE = "synthetic-walkthrough"
# 2025 arrivals are 223 in the latest published revision (newsis-2026-02-04); the synthetic revision says 224.
SYNTHETIC_ROW = f'2025,true,3,false,25,199,224,revised,2026-12-01,{SYNTHETIC_SOURCE},"SYNTHETIC: a test row, not a published figure"'
SYNTHETIC_SOURCE_ROW = f'{SYNTHETIC_SOURCE},Test,"SYNTHETIC source of a test row",https://example.invalid/,2026-12-01,en,2026-12-01,test only'


def readme_block(heading: str) -> list[str]:
    """The commands of the first bash block under a README heading, comments dropped."""
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, f"the README's section {heading!r} has no bash block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def walkthrough_commands() -> list[str]:
    """The commands of the README's 'Adding a newly published figure' block."""
    return readme_block("### Adding a newly published figure")


def run(cmd: str, cwd: Path) -> subprocess.CompletedProcess:
    argv = shlex.split(cmd)
    assert argv[:3] == ["python", "-m", "analysis"], f"unexpected README command: {cmd}"
    env = {k: v for k, v in os.environ.items() if k not in (paths.PROCESSED_ENV, paths.REPORTS_ENV)}
    env["PYTHONPATH"] = str(cwd / "src")
    done = subprocess.run([sys.executable, *argv[1:]], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{cmd}: {done.stderr.strip()[-500:]}"
    return done


@pytest.fixture(scope="module")
def walkthrough(built, tmp_path_factory) -> tuple[Path, list[dict]]:
    """The walkthrough run once per session (shared by the xdist workers), after the default build: the session's
    store then holds every step the synthetic row does not touch, so the clone's build and the HEAD side of its
    ``diff`` run only what the row changes. Then, as the README says, the row, its source and the new hashes are
    committed together: HEAD~1 is the commit before the figure, which ``diff HEAD .`` has just built."""

    def make(folder: Path) -> None:
        clone = folder / "clone"
        subprocess.run(["git", "clone", "--quiet", "--shared", str(paths.ROOT), str(clone)], check=True)
        with (clone / "data/raw/arrivals.csv").open("a", encoding="utf-8") as fh:
            fh.write(SYNTHETIC_ROW + "\n")
        with (clone / "data/raw/sources.csv").open("a", encoding="utf-8") as fh:
            fh.write(SYNTHETIC_SOURCE_ROW + "\n")
        commands = walkthrough_commands()
        assert [c.split()[3] for c in commands] == ["rehash", "build", "diff"]
        out = ""
        for cmd in commands:
            out = run(cmd + (" --format json" if " diff " in f" {cmd} " else ""), clone).stdout
        (folder / "changes.json").write_text(out, encoding="utf-8")
        changed = ["data/raw/arrivals.csv", "data/raw/sources.csv", "data/raw/datapackage.json"]
        identity = ["-c", "user.name=test", "-c", "user.email=test@example.invalid"]
        commit = ["git", *identity, "commit", "--quiet", "-m", "SYNTHETIC: a test row", "--", *changed]
        subprocess.run(commit, cwd=clone, check=True)

    assert built.is_dir()  # the default configuration is in the session's store
    folder = made_once(tmp_path_factory, "walkthrough", make)
    return folder / "clone", json.loads((folder / "changes.json").read_text(encoding="utf-8"))


def test_the_new_figure_is_reported_with_its_source(walkthrough):
    _, changes = walkthrough
    moved = [c for c in changes if c["new_sources"] == [SYNTHETIC_SOURCE]]
    assert any((c["old"], c["new"]) == (223, 224) for c in moved), moved


def test_only_what_the_row_touches_changed(walkthrough):
    _, changes = walkthrough
    assert changes
    untouched = ("suicide.", "surveys.", "oecd.", "gather.")  # none of these reads 2025 arrivals
    assert not [c["key"] for c in changes if c["key"].startswith(untouched)]
    # the synthetic source is dated 2026-12-01: the evidence now runs to December 2026, and a sentence that
    # names that month changes with it and with nothing else
    (now,) = [c for c in changes if c["key"] == "claim_audit.now_date"]
    for c in changes:
        if c["kind"] == "text" and c["new"] == str(c["old"]).replace(now["old"], now["new"]):
            continue
        if c["new_rows"]:  # a value with provenance rests on the 2025 arrivals row the synthetic figure revised,
            # before or after it (MOU's count of revised years: 2025's 224 now equals its first figure, so the
            # count drops by one and no longer rests on that row)
            assert any("period=2025" in r for r in (*c["old_rows"], *c["new_rows"])), c
        if c["kind"] == "number" and c["relative"] is not None:
            assert abs(c["new"] - c["old"]) <= 1 or abs(c["relative"]) < 0.01, c  # one more arrival, or a share of it


def test_identical_sides_report_no_change(walkthrough):
    clone, _ = walkthrough
    done = run(f"python -m analysis diff {clone} {clone / 'data' / 'processed'}", clone)
    assert done.stdout.startswith("no change"), done.stdout


def test_readme_diff_examples_run(walkthrough, built, tmp_path):
    """Each example of the README's diff section, as written: the one on the last commit in the built clone (HEAD~1
    is a real commit there: the one before the synthetic row); the two on parameter choices in a copy of the default
    build, where the session's store already holds what other tests built of the same configurations (the
    counts_series choice: tests/e2e/test_notebooks.py), so only what no other test builds runs here."""
    clone, changes = walkthrough
    commands = readme_block("## What changed: `diff`")
    assert len(commands) == 3, commands
    assert commands[0].startswith("python -m analysis diff HEAD~1 "), commands
    project = tmp_path / "p"  # a checkout (diff lays its working tree over its HEAD): the default build's, built
    subprocess.run(["git", "clone", "--quiet", "--shared", str(paths.ROOT), str(project)], check=True)
    shutil.copytree(built, project, dirs_exist_ok=True)
    by_revision = run(commands[0], clone).stdout
    by_choice, robustness = (run(cmd, project).stdout for cmd in commands[1:])
    # the last commit is the synthetic row's: it changed exactly what the walkthrough's diff found, one line each
    assert not by_revision.startswith("no change"), by_revision
    assert len(by_revision.strip().splitlines()) == 1 + len(changes), by_revision
    for change in changes:
        assert re.search(rf"^{re.escape(change['key'])}\s", by_revision, re.M), (change["key"], by_revision)
    assert "between `.` and `counts_series=hong_ki_won_2024`" in by_choice  # the markdown format asked for
    # Hong Ki-won's counts move the primary estimate: Wi's 100 suicides for 2013-2022 become 86 (hand-worked in
    # tests/e2e/test_notebooks.py::test_each_counts_series_names_its_own_numbers)
    assert re.search(r"suicide\.primary\.observed\b.*\b100\b.*\b86\b", by_choice), by_choice
    for name in ("counts_series", "denominator", "vintage"):
        assert name in robustness, robustness
    # the checkout the examples ran in is left as it was built: diff builds its sides elsewhere
    assert tree_hashes(project, "data/processed", "reports") == tree_hashes(built, "data/processed", "reports")
