"""What a cold build need not spend (issue 18): imports a notebook does not use, xelatex passes that cannot change
the PDF.

For the passes, a stand-in ``xelatex`` on PATH writes the auxiliary files a real one would: their contents depend
only on the pass (the counted passes), so each case fixes after which pass the cross-references stop changing."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths
from analysis.build import dag, render
from analysis.errors import BuildError

# Imported by the notebooks that use them only: each costs a kernel about a second of CPU (scipy.stats and
# statsmodels together; pyplot about half that).
HEAVY = ("scipy.stats", "statsmodels", "matplotlib.pyplot")
# the notebooks that compute no interval and draw nothing: they read the other sections' saved findings
READERS = ("introduction", "claim_audit", "discussion", "appendix", "gather")


def _imports_of(step: str) -> str:
    """The import lines of a notebook's first code cell after its parameters (as the kernel runs them)."""
    cells = json.loads((paths.ROOT / dag.by_name()[step].notebook).read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", [])]
    lines = "".join(code[0]["source"]).splitlines()
    return "\n".join(line for line in lines if line.startswith(("from ", "import ")))


def test_the_notebooks_that_read_findings_import_no_statistics_or_plotting():
    """One interpreter runs every such notebook's imports (none brings a heavy module if all together bring none)."""
    imports = "\n".join(_imports_of(step) for step in READERS)
    probe = f"import sys\n{imports}\nprint([m for m in {HEAVY!r} if m in sys.modules])"
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", probe], cwd=paths.NOTEBOOKS, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-1000:]
    assert done.stdout.strip() == "[]", f"{', '.join(READERS)} import {done.stdout.strip()}"


def test_the_probe_sees_what_a_drawing_notebook_imports():
    """The probe above can fail: the suicide section draws, so its imports bring pyplot."""
    probe = f"import sys\n{_imports_of('suicide')}\nprint('matplotlib.pyplot' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", probe], cwd=paths.NOTEBOOKS, env=env, capture_output=True, text=True)
    assert done.stdout.strip() == "True", done.stderr[-1000:]


# The stand-in: counts its passes in ``passes``; writes report.aux as ``aux-<min(pass, SETTLE)>`` (so it stops
# changing after pass SETTLE), report.toc always the same, and a PDF; FAIL=1 makes it fail as xelatex does.
FAKE = """#!/bin/sh
n=$(( $(cat passes 2>/dev/null || echo 0) + 1 ))
echo $n > passes
if [ "$FAIL" = 1 ]; then echo '! Undefined control sequence.' > report.log; echo 'l.12 \\\\oops' >> report.log; exit 1; fi
s=$SETTLE; if [ $n -lt $s ]; then s=$n; fi
echo "aux-$s" > report.aux
echo toc > report.toc
echo "%PDF-fake $n" > report.pdf
echo log > report.log
"""


@pytest.fixture
def work(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "xelatex"
    fake.write_text(FAKE, encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    folder = tmp_path / "latex"
    folder.mkdir()
    (folder / "report.tex").write_text("\\documentclass{article}", encoding="utf-8")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return folder


@pytest.mark.parametrize(("settle", "passes"), [(1, 2), (2, 3), (3, 3), (5, 3)])
def test_passes_stop_when_the_auxiliary_files_settle(work, settle, passes):
    """Settled after pass k: pass k+1 read what it wrote, so it is the last (never more than XELATEX_PASSES)."""
    assert render.XELATEX_PASSES == 3
    ran = render.xelatex(work, {**os.environ, "SETTLE": str(settle)})
    assert ran == passes
    assert int((work / "passes").read_text()) == passes
    assert (work / "report.pdf").read_text().strip() == f"%PDF-fake {passes}"


def test_latex_state_holds_what_the_next_pass_reads(work):
    for name in ("report.aux", "report.toc", "report.out", "report.log", "report.pdf"):
        (work / name).write_text(name, encoding="utf-8")
    assert sorted(render.latex_state(work)) == ["report.aux", "report.out", "report.toc"]


def test_a_failed_pass_stops_with_its_first_error_line(work, tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    with pytest.raises(BuildError, match=r"xelatex failed on the report: ! Undefined control sequence\. l\.12"):
        render.xelatex(work, {**os.environ, "SETTLE": "1", "FAIL": "1"})
    assert (tmp_path / "build" / "failed" / "report.tex").is_file()


def test_the_statistics_import_scipy_stats_and_statsmodels_at_their_first_use():
    # scipy loads its submodules at first use (the exact Poisson interval needs only scipy.special); statsmodels is
    # imported inside the one function that needs it
    probe = (
        "import sys\nfrom analysis.methods import stats\n"
        "assert 'scipy.stats' not in sys.modules and 'statsmodels' not in sys.modules\n"
        "print(round(stats.poisson_exact_ci(2, 0.95)[1], 4), 'scipy.stats' in sys.modules, 'statsmodels' in sys.modules)\n"
        "print(round(stats.wilson_ci(3, 10, 0.95)[0], 4), 'statsmodels' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(paths.ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    # the exact Poisson upper limit for 2 events, chi2.ppf(0.975, 6) / 2 = 7.2247; Wilson's lower limit for 3/10
    assert done.stdout.split() == ["7.2247", "False", "False", "0.1078", "True"], done.stderr[-1000:]


def test_no_schema_the_build_validates_against_uses_the_formats_of_the_skipped_module():
    """analysis.build.unused marks rfc3987_syntax absent: jsonschema then cannot check the "iri" and
    "iri-reference" formats. Every schema the build's libraries validate against is searched for them."""
    import importlib.util

    formats = re.compile(r'"format"\s*:\s*"iri(-reference)?"')
    searched = 0
    for package in ("nbformat", "frictionless", "nbconvert", "papermill", "jupyter_client"):
        root = Path(importlib.util.find_spec(package).origin).parent
        for schema in root.rglob("*.json"):
            searched += 1
            assert not formats.search(schema.read_text(encoding="utf-8", errors="replace")), schema
    assert searched > 10  # the notebook schemas and the data package profiles were there to search


def test_the_build_does_not_import_the_skipped_module():
    code = "import analysis.build, papermill, nbconvert, frictionless, sys; print(sys.modules.get('rfc3987_syntax'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "None"


def test_a_free_core_takes_the_step_with_the_longest_chain_of_work_after_it():
    """dag.urgency, worked by hand on the declared graph: suicide -> claim_audit -> introduction (or discussion)."""
    measured = {name: 1.0 for name in dag.by_name()} | {"suicide": 7.0}
    urgency = dag.urgency(measured)
    assert urgency["suicide"][0] == 7.0 + 1.0 + 1.0  # itself, the claim audit, then the introduction
    assert urgency["arrivals"][0] == 1.0 + 1.0 + 1.0
    assert urgency["clean_mortality"][0] == 1.0 + 9.0  # what waits for it includes the suicide chain
    after_cleaning = ["arrivals", "oecd", "surveys", "suicide", "gather"]
    assert max(after_cleaning, key=urgency.__getitem__) == "suicide"
    # nothing measured (a first build): a notebook weighs 1, and 1 more for each figure it declares
    assert [dag.prior_cost(n) for n in ("suicide", "surveys", "oecd", "claim_audit")] == [4.0, 3.0, 2.0, 1.0]
    plain = dag.urgency()
    assert plain["suicide"][0] == 4.0 + 1.0 + 1.0  # three figures; then the claim audit and the introduction
    assert plain["clean_surveys"][:2] == (1.0 + 3.0 + 1.0 + 1.0, 7) and plain["gather"][:2] == (
        1.0,
        0,
    )  # the claims feed 7 steps, arrivals among them
    # the two cleaning steps the suicide section waits for start first, on the two cores
    cleaning = sorted(dag.CLEANING, key=plain.__getitem__, reverse=True)
    assert set(cleaning[:2]) == {"clean_arrivals", "clean_mortality"}
    assert sorted(after_cleaning, key=plain.__getitem__, reverse=True)[-1] == "gather"
