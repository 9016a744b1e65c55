"""The bad-input corpus: each case must stop the build with exit status 2 and ONE clear line naming the
file, row and column (or the parameter) and what was expected; no traceback; data/raw/ untouched by the
build; the previous data/processed/ and reports/ left exactly as they were."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import cli_env, copy_project, run_cli, tree_hashes

pytestmark = pytest.mark.slow


@pytest.fixture
def project(built, tmp_path) -> Path:
    return copy_project(tmp_path / "p", with_outputs=built)


def edit(project: Path, name: str, old: str, new: str, *, rehash: bool = True, count: int = 1) -> None:
    """Change a raw file the way a user would, then (as a maintainer would) record its new hash."""
    path = project / "data" / "raw" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    if rehash:
        assert run_cli(project, "rehash").returncode == 0


def replace_line(project: Path, name: str, startswith: str, new_line: str | None, *, duplicate: bool = False) -> None:
    path = project / "data" / "raw" / name
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.startswith(startswith))
    if duplicate:
        lines.insert(i + 1, lines[i])
    elif new_line is None:
        del lines[i]
    else:
        lines[i] = new_line
    path.write_text("\n".join(lines), encoding="utf-8")
    assert run_cli(project, "rehash").returncode == 0


def expect_failure(
    project: Path,
    *fragments: str,
    args: tuple[str, ...] = (),
    env: dict | None = None,
    command: str = "build",
    fault: str | None = None,
    store: bool | None = None,
) -> str:
    before_raw = tree_hashes(project, "data/raw")
    before_out = tree_hashes(project, "data/processed", "reports")
    saved = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    try:
        result = run_cli(project, command, *args, fault=fault, store=store)
    finally:  # restore the test process's environment exactly (PATH above all)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert result.returncode == 2, result.stderr[-2000:]
    assert len(lines) == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert tree_hashes(project, "data/raw") == before_raw, "the build wrote to data/raw/"
    assert tree_hashes(project, "data/processed", "reports") == before_out, "a failed build changed the outputs"
    assert not list(project.glob(".stage-*")), "the failed build left its stage"
    if os.environ.get("CORPUS_LINES"):  # collect what each case prints (for the documentation)
        with open(os.environ["CORPUS_LINES"], "a", encoding="utf-8") as fh:
            fh.write(f"{os.environ.get('PYTEST_CURRENT_TEST', '').split(' ')[0]}\t{lines[0]}\n")
    return lines[0]


def add_cell(project: Path, notebook: str, source: str, kind: str = "code") -> None:
    """Add a code (or Markdown) cell with id 'added' to a notebook of the copy (after its validation cell)."""
    import nbformat

    path = project / "notebooks" / notebook
    nb = nbformat.read(path, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])) + 2
    cell = nbformat.v4.new_code_cell(source) if kind == "code" else nbformat.v4.new_markdown_cell(source)
    cell.id = "added"
    nb.cells.insert(at, cell)
    nbformat.write(nb, path)


# ---- raw files ------------------------------------------------------------------------------------------


def test_changed_byte_is_a_hash_mismatch(project):
    edit(project, "arrivals.csv", '"2,914"', '"2,915"', rehash=False)
    expect_failure(project, "data/raw/arrivals.csv: sha256", "does not match", "python -m analysis rehash")


def test_missing_raw_file(project):
    (project / "data" / "raw" / "kostat_deaths.csv").unlink()
    expect_failure(project, "data/raw/kostat_deaths.csv: raw file is missing")


def test_missing_datapackage(project):
    (project / "data" / "raw" / "datapackage.json").unlink()
    expect_failure(project, "data/raw/datapackage.json is missing")


def test_missing_column(project):
    path = project / "data" / "raw" / "arrivals_cumulative.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(ln.replace("as_of_label,", "", 1) if i == 0 else ln for i, ln in enumerate(lines)))
    assert run_cli(project, "rehash").returncode == 0
    expect_failure(project, "data/raw/arrivals_cumulative.csv row 1 (header): missing column(s) 'as_of_label'")


# (raw file, text, replaced by, fragments of the one error line): a cell edited as a user would, the file rehashed
BAD_CELLS = [
    pytest.param(
        "facts.csv",
        "\n",
        ",extra\n",
        ["data/raw/facts.csv row 1 (header): unexpected column(s) 'extra'"],
        id="unexpected_column",
    ),
    # caught by the schema's pattern before any notebook runs
    pytest.param(
        "arrivals.csv",
        '"2,914",revised',
        '"2,9l4",revised',
        ["data/raw/arrivals.csv row", "column 'total'", "pattern", "'2,9l4'"],
        id="non_numeric_count",
    ),
    pytest.param(
        "arrivals.csv",
        "2021,true,1,false,40,23,63",
        "2021,true,1,false,-40,23,-17",
        ["data/raw/arrivals.csv row", "column 'male'", "'-40'"],
        id="negative_count",
    ),
    pytest.param(
        "kostat_deaths.csv",
        ",21.8,",
        ",21x8,",
        ["data/raw/kostat_deaths.csv row 2, column 'value': type-error: expected a value of type number"],
        id="non_numeric_kostat_value",
    ),
    pytest.param(
        "kostat_deaths.csv",
        ",21.8,",
        ",-21.8,",
        ["data/raw/kostat_deaths.csv row 2, column 'value'", "minimum", "'-21.8'"],
        id="negative_kostat_value",
    ),
    # a rule no schema can express: caught by the cleaning notebook, which names the cell
    pytest.param(
        "arrivals.csv",
        "2021,true,1,false,40,23,63",
        "2021,true,1,false,40,23,64",
        [
            "notebooks/10_clean_arrivals.ipynb failed",
            "DataError: data/raw/arrivals.csv row",
            "column 'total': men 40 + women 23 = 63, but the total is 64",
        ],
        id="men_plus_women_not_total",
    ),
    pytest.param(
        "arrivals.csv",
        "\n2022,true,1,",
        "\n2O22,true,1,",
        ["data/raw/arrivals.csv row", "column 'period'", "'2O22'"],
        id="unparseable_period_label",
    ),
    pytest.param(
        "arrivals.csv",
        "newsis-2026-02-04",
        "newsis-2099-01-01",
        ["data/raw/arrivals.csv row", 'source_id "newsis-2099-01-01" not found in sources.csv'],
        id="unknown_source_id",
    ),
    pytest.param(
        "oecd_suicide.csv",
        ",ajunews-2025-09-25,",
        ",,",
        ["data/raw/oecd_suicide.csv row 2, column 'source_id'", "required"],
        id="blank_required_cell",
    ),
    # plausibility (x-plausible in the schemas): a value well formed but not believable
    pytest.param(
        "escapee_suicide.csv",
        "false,,suicide_rate_per_100k,27.3,",
        "false,,suicide_rate_per_100k,150000,",
        ["data/raw/escapee_suicide.csv row 2, column 'value': 150000 is outside the plausible range 0 to 300"],
        id="implausible_rate_per_100k",
    ),
    pytest.param(
        "survey_hana.csv",
        "labour_force_participation_rate,defectors,42.6,",
        "labour_force_participation_rate,defectors,142.6,",
        ["data/raw/survey_hana.csv row 2, column 'value': 142.6 is outside the plausible range 0 to 100"],
        id="percentage_over_100",
    ),
    pytest.param(
        "escapee_suicide.csv",
        "true,,suicide_count,31,",
        "true,,suicide_count,500,",
        ["data/raw/escapee_suicide.csv row", "column 'value': 500 is above the stated total 443"],
        id="count_above_its_stated_total",
    ),
    pytest.param(
        "escapee_suicide.csv",
        "true,,suicide_share_of_deaths_pct,7,",
        "true,,suicide_share_of_deaths_pct,17,",
        ["data/raw/escapee_suicide.csv row", "17% does not agree with the stated count 31 of 443 (7.0%)"],
        id="share_inconsistent_with_its_count",
    ),
    pytest.param(
        "arrivals.csv",
        "2021,true,1,false,40,23,63",
        "2021,true,1,false,70,23,63",
        ["data/raw/arrivals.csv row", "column 'male': 70 is above the stated total 63"],
        id="men_above_total",
    ),
]


@pytest.mark.parametrize("name, old, new, fragments", BAD_CELLS)
def test_bad_cell(project, name, old, new, fragments):
    edit(project, name, old, new)
    expect_failure(project, *fragments)


def test_a_bad_raw_row_stops_the_build_before_the_sections_run(project):
    """The rows are checked beside the first notebooks; a bad one stops the build when it is found (its workers
    and their kernels with it), not after every notebook has run for nothing."""
    # a plausibility rule (x-plausible): no notebook checks it, so every notebook would otherwise run
    edit(project, "escapee_suicide.csv", "false,,suicide_rate_per_100k,27.3,", "false,,suicide_rate_per_100k,150000,")
    shutil.rmtree(project / ".build" / "logs", ignore_errors=True)  # each step writes its log when it starts
    expect_failure(project, "data/raw/escapee_suicide.csv row 2, column 'value': 150000 is outside")
    started = sorted(p.stem for p in (project / ".build" / "logs").glob("*.log"))
    assert "60_claim_audit" not in started and "00_introduction" not in started, started


def test_duplicated_year(project):
    replace_line(project, "arrivals.csv", "2022,true,1,", None, duplicate=True)
    expect_failure(project, "data/raw/arrivals.csv row", "primary-key: duplicates an earlier row")


def test_file_not_utf8(project):
    path = project / "data" / "raw" / "facts.csv"
    path.write_bytes(path.read_bytes().replace(b"weeks", "w\u00e9eks".encode("latin-1"), 1))
    assert run_cli(project, "rehash").returncode == 0
    expect_failure(project, "data/raw/facts.csv: not valid UTF-8", "expected a UTF-8 CSV file")


def test_empty_file(project):
    (project / "data" / "raw" / "survey_nkdb.csv").write_bytes(b"")
    assert run_cli(project, "rehash").returncode == 0
    expect_failure(project, "data/raw/survey_nkdb.csv: the file is empty; expected a header row")


# ---- parameters -----------------------------------------------------------------------------------------


# (the -p options given, fragments of the one error line)
BAD_PARAMETERS = [
    pytest.param(("-p", "no_such_param", "1"), ["unknown parameter 'no_such_param'"], id="unknown_parameter"),
    pytest.param(
        ("-p", "start_year", "nineteen"),
        ["parameter 'start_year': Input should be a valid integer", "'nineteen'"],
        id="parameter_of_wrong_type",
    ),
    pytest.param(
        ("-p", "confidence_level", "1.5"),
        ["parameter 'confidence_level': Input should be less than 1 (got 1.5)"],
        id="parameter_out_of_range",
    ),
    pytest.param(
        ("-p", "counts_series", "kim"),
        ["parameter 'counts_series'", "'wi_sung_lac_2024' or 'hong_ki_won_2024'"],
        id="parameter_choice_not_allowed",
    ),
    pytest.param(
        ("-p", "suicide_period_start", "2021", "-p", "suicide_period_end", "2019"),
        ["suicide_period_end (2019) is before suicide_period_start (2021)"],
        id="inconsistent_parameter_pair",
    ),
    pytest.param(
        ("-p", "oecd_first_year", "2025"),
        ["parameter 'oecd_first_year': Input should be less than or equal to 2023 (got 2025)"],
        id="value_outside_the_narrowed_oecd_range",
    ),
]


@pytest.mark.parametrize("args, fragments", BAD_PARAMETERS)
def test_bad_parameter(project, args, fragments):
    expect_failure(project, *fragments, args=args)


def test_parameter_file_not_a_mapping(project, tmp_path):
    bad = tmp_path / "p.yml"
    bad.write_text("- vintage\n- first\n")
    expect_failure(project, f"parameter file {bad}: expected a mapping", args=("--params", str(bad)))


# ---- tools and notebooks --------------------------------------------------------------------------------


def test_tex_missing_when_pdf_required(project, tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("git",):
        if shutil.which(tool):
            (bindir / tool).symlink_to(shutil.which(tool))
    (bindir / "python").symlink_to(sys.executable)
    expect_failure(
        project,
        "the PDF was required but xelatex and pandoc not found on PATH",
        "texlive-xetex texlive-fonts-recommended texlive-plain-generic pandoc",
        args=("--require-pdf",),
        env={"PATH": str(bindir)},
    )


def test_notebook_that_raises_keeps_its_executed_copy(project):
    add_cell(project, "40_oecd.ipynb", 'raise ValueError("a deliberate failure")')
    expect_failure(
        project,
        'notebooks/40_oecd.ipynb failed: code cell added (`raise ValueError("a deliberate failure")`): ValueError',
        ".build/failed/40_oecd.ipynb",
    )
    kept = (project / ".build" / "failed" / "40_oecd.ipynb").read_text(encoding="utf-8")
    assert "a deliberate failure" in kept  # the failed notebook itself, not the last good one


def test_syntax_error_names_its_cell(project):
    add_cell(project, "20_arrivals.ipynb", "# a reader's edit\ntotal = (1 +")
    expect_failure(project, "notebooks/20_arrivals.ipynb failed: code cell added (`# a reader's edit`): SyntaxError:")


def test_empty_inline_expression_is_refused(project):
    add_cell(project, "20_arrivals.ipynb", "The peak was {eval}`` arrivals.", kind="markdown")
    expect_failure(
        project,
        "notebooks/20_arrivals.ipynb failed: Markdown cell added: an {eval} placeholder without an expression "
        "('{eval}`` arrivals.'); write {eval}`expr`",
    )


def test_kernel_death(project):
    add_cell(project, "40_oecd.ipynb", "import os\nos._exit(1)")
    expect_failure(project, "notebooks/40_oecd.ipynb failed: the kernel died", ".build/logs/40_oecd.log")


# ---- sizes ----------------------------------------------------------------------------------------------


def test_cell_over_the_csv_field_limit(project):
    path = project / "data" / "raw" / "facts.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1] + "x" * 140_000  # the last column (note) of row 2 grows past csv's 128 KiB limit
    path.write_text("\n".join(lines), encoding="utf-8")
    assert run_cli(project, "rehash").returncode == 0
    expect_failure(project, "data/raw/facts.csv row 2, column 'note': a cell of 14", "characters, over the 4,000")


def test_200000_rows(project):
    path = project / "data" / "raw" / "sources.csv"
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    row = lines[1].split(",", 1)[1]
    path.write_text("\n".join(lines + [f"gen-{i},{row}" for i in range(200_000)]) + "\n", encoding="utf-8")
    assert run_cli(project, "rehash").returncode == 0
    expect_failure(project, "data/raw/sources.csv: more than 5,000 rows")


def test_many_bad_rows_are_counted_honestly(project):
    path = project / "data" / "raw" / "kostat_deaths.csv"
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    bad = [f"X{i:05d},2006,crude_suicide_rate,total,,bad,per 100000,123dok-2012," for i in range(1500)]
    path.write_text("\n".join(lines + bad) + "\n", encoding="utf-8")
    assert run_cli(project, "rehash").returncode == 0
    expect_failure(
        project, "data/raw/kostat_deaths.csv row", "and at least", "more errors: validation stopped counting at 1,000"
    )


# ---- parameters, again ----------------------------------------------------------------------------------


def test_duplicate_key_in_parameter_file(project, tmp_path):
    f = tmp_path / "p.yml"
    f.write_text("start_year: 2005\nvintage: first\nstart_year: 2010\n")
    expect_failure(
        project, f"parameter file {f}: parameter 'start_year' is given twice (line 3)", args=("--params", str(f))
    )


def test_boolean_for_a_year(project, tmp_path):
    f = tmp_path / "p.yml"
    f.write_text("start_year: true\n")
    expect_failure(
        project, "parameter 'start_year': Input should be a valid integer (got True)", args=("--params", str(f))
    )


def test_folder_given_as_parameter_file(project, tmp_path):
    expect_failure(project, f"parameter file {tmp_path} is a folder", args=("--params", str(tmp_path)))


# ---- operating-system faults ----------------------------------------------------------------------------

UNREADABLE = """
import builtins, errno
_open = builtins.open
def _fault(file, *a, **k):
    if str(file).endswith("data/raw/arrivals.csv"):
        raise PermissionError(errno.EACCES, "Permission denied", str(file))
    return _open(file, *a, **k)
builtins.open = _fault
"""

FULL_DISK = """
import errno, shutil
def _fault(src, dst, *a, **k):
    raise OSError(errno.ENOSPC, "No space left on device", str(dst))
shutil.copy2 = _fault
"""

REPORTS_READ_ONLY = """
import os
_access = os.access
os.access = lambda p, mode, *a, **k: False if str(p).endswith("/reports") else _access(p, mode, *a, **k)
"""

MOVE_REFUSED = """
import errno, os
_rename, _done = os.rename, []
def _fault(src, dst, *a, **k):
    if str(dst).endswith("/reports") and ".stage-" in str(src) and not _done:
        _done.append(1)
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))
    return _rename(src, dst, *a, **k)
os.rename = _fault
"""


def test_raw_file_without_read_permission(project):
    expect_failure(project, "data/raw/arrivals.csv: permission denied", fault=UNREADABLE)


def test_no_space_left_while_staging(project):
    expect_failure(
        project,
        "no space left on the device while writing .stage-",
        "free some space",
        args=("-p", "start_year", "2006"),
        fault=FULL_DISK,
    )


def test_reports_not_writable_is_reported_before_any_notebook(project):
    line = expect_failure(
        project,
        "reports/ is not writable",
        "chmod u+w reports",
        args=("-p", "start_year", "2006"),
        fault=REPORTS_READ_ONLY,
    )
    assert "notebook" not in line


def test_move_refused_at_commit_rolls_back(project):
    """The new outputs are ready but reports/ cannot be replaced: the old set stays whole, one line."""
    expect_failure(
        project,
        "reports: permission denied",
        args=("--no-pdf", "-p", "start_year", "2006"),
        fault=MOVE_REFUSED,
        store=True,  # the fault is in the final move: the steps may come from the store
    )


def test_rehash_with_a_raw_file_missing(project):
    (project / "data" / "raw" / "facts.csv").unlink()
    expect_failure(project, "data/raw/facts.csv is missing (listed in data/raw/datapackage.json)", command="rehash")


def test_second_build_while_one_runs(project):
    import fcntl

    lock = project / ".build" / "lock"
    lock.parent.mkdir(exist_ok=True)
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.write("4242")
        fh.flush()
        expect_failure(
            project, "another build is running in this checkout (process 4242", args=("-p", "start_year", "2006")
        )


# ---- signals --------------------------------------------------------------------------------------------


def _processes_in(project: Path) -> list[int]:
    """Processes working in the project: the build's pool workers (cwd: the project) and kernels (notebooks/)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cwd = os.readlink(entry / "cwd")
            except OSError:
                continue
            if cwd == str(project) or cwd.startswith(f"{project}/"):
                found.append(int(entry.name))
    return found


def _wait_until(condition, what: str, limit: float = 300) -> None:
    import time

    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.2)


def _start_build(project: Path, *args: str):
    import subprocess

    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "build", *args],
        cwd=project,
        env=cli_env(project, store=False),  # a kernel must start, to be interrupted
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    kernel_dir = str(project / "notebooks")
    _wait_until(
        lambda: any(
            os.readlink(f"/proc/{p}/cwd") == kernel_dir for p in _processes_in(project) if os.path.exists(f"/proc/{p}")
        ),
        "a kernel of the build",
    )
    return proc


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs /proc (Linux)")
def test_sigterm_is_handled_like_ctrl_c(project):
    import signal

    before = tree_hashes(project, "data/processed", "reports")
    proc = _start_build(project, "-p", "start_year", "2006")
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "interrupted: data/processed/ and reports/ were left as they were"
    assert "Traceback" not in stderr
    assert not list(project.glob(".stage-*"))
    assert tree_hashes(project, "data/processed", "reports") == before
    _wait_until(lambda: not _processes_in(project), "the workers and kernels to stop")


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs /proc (Linux)")
def test_killed_build_leaves_nothing_running_and_its_stage_is_removed_next_time(project):
    before = tree_hashes(project, "data/processed", "reports")
    proc = _start_build(project, "-p", "start_year", "2006")
    proc.kill()
    proc.communicate(timeout=60)
    _wait_until(lambda: not _processes_in(project), "the orphaned workers and kernels to stop")
    assert list(project.glob(".stage-*")), "expected the killed build's stage"
    assert tree_hashes(project, "data/processed", "reports") == before
    result = run_cli(project, "build", "--no-pdf", "-p", "start_year", "2006")  # no PDF: nothing here reads it
    assert result.returncode == 0, result.stderr[-2000:]
    assert "note: removed .stage-" in result.stderr
    assert not list(project.glob(".stage-*"))


INTERRUPT_DURING_MOVE = """
import os
_rename = os.rename
def _fault(src, dst, *a, **k):
    if str(dst).endswith("/reports") and ".stage-" in str(src) and "/old/" not in str(src):
        raise KeyboardInterrupt  # Ctrl-C between moving the old reports/ away and the new one in
    return _rename(src, dst, *a, **k)
os.rename = _fault
"""


def test_interruption_during_the_final_move_says_so_and_the_next_build_finishes_it(project):
    # the fault is in the final move: the steps may come from the store
    result = run_cli(project, "build", "--no-pdf", "-p", "start_year", "2006", fault=INTERRUPT_DURING_MOVE, store=True)
    assert result.returncode == 130, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "interrupted: the new data/processed/ and reports/ were being installed; the next build completes the move"
    )
    assert not (project / "reports").exists(), "the fault was not met where intended"
    (stage,) = project.glob(".stage-*")  # kept whole, journal and all, for the next build
    assert (stage / "journal.json").is_file() and (stage / "reports" / "report.html").is_file()
    again = run_cli(project, "build", "--no-pdf", "-p", "start_year", "2006")
    assert again.returncode == 0, again.stderr[-2000:]
    assert "note: finished moving the outputs of an interrupted build into place" in again.stderr
    assert "up to date" in again.stdout + again.stderr  # the interrupted build's outputs were the whole new set
    assert not list(project.glob(".stage-*"))
    manifest = json.loads((project / "reports" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["start_year"] == 2006


READ_ONLY_FIGURES = """
import errno, os, sys
_unlink, _chmod, _writable = os.unlink, os.chmod, set()
def _folder(path, dir_fd):
    return os.readlink(f"/proc/self/fd/{dir_fd}") if dir_fd is not None else os.path.dirname(str(path))
def _fault(path, *a, dir_fd=None, **k):  # reports/figures/ is read-only (r-x): its files cannot be deleted
    folder = _folder(path, dir_fd)
    if folder.endswith("/old/reports/figures") and folder not in _writable:
        print("fault: a file of the read-only figures folder was not deleted", file=sys.stderr)
        raise PermissionError(errno.EACCES, "Permission denied", str(path))
    return _unlink(path, *a, dir_fd=dir_fd, **k)
def _made_writable(path, mode, *a, **k):
    _writable.add(str(path))
    return _chmod(path, mode, *a, **k)
os.unlink, os.chmod = _fault, _made_writable
"""


def test_read_only_figures_folder_leaves_no_stage_and_no_false_note(project):
    # the fault is in the final move: the steps may come from the store
    result = run_cli(project, "build", "--no-pdf", "-p", "start_year", "2006", fault=READ_ONLY_FIGURES, store=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "fault: a file of the read-only figures folder" in result.stderr, "the fault was not met"
    assert "could not be removed" not in result.stderr
    assert not list(project.glob(".stage-*")), "the old read-only figures kept the stage"
    again = run_cli(project, "build", "--no-pdf", "-p", "start_year", "2006")
    assert "removed .stage-" not in again.stderr  # nothing left over, so nothing claimed removed
