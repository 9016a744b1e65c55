"""The bad-input corpus: each case must stop the build with exit status 2 and ONE clear line naming the
file, row and column (or the parameter) and what was expected; no traceback; data/raw/ untouched by the
build; the previous data/processed/ and reports/ left exactly as they were."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import copy_project, run_cli, tree_hashes

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


def expect_failure(project: Path, *fragments: str, args: tuple[str, ...] = (), env: dict | None = None) -> str:
    before_raw = tree_hashes(project, "data/raw")
    before_out = tree_hashes(project, "data/processed", "reports")
    saved = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    try:
        result = run_cli(project, "build", *args)
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
    return lines[0]


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


def test_unexpected_column(project):
    edit(project, "facts.csv", "\n", ",extra\n")
    expect_failure(project, "data/raw/facts.csv row 1 (header): unexpected column(s) 'extra'")


def test_non_numeric_count(project):
    edit(project, "arrivals.csv", '"2,914",revised', '"2,9l4",revised')
    # caught by the schema's pattern before any notebook runs
    expect_failure(project, "data/raw/arrivals.csv row", "column 'total'", "pattern", "'2,9l4'")


def test_negative_count(project):
    edit(project, "arrivals.csv", "2021,true,1,false,40,23,63", "2021,true,1,false,-40,23,-17")
    expect_failure(project, "data/raw/arrivals.csv row", "column 'male'", "'-40'")


def test_non_numeric_kostat_value(project):
    edit(project, "kostat_deaths.csv", ",21.8,", ",21x8,")
    expect_failure(project, "data/raw/kostat_deaths.csv row 2, column 'value': type-error: expected a value of type number")


def test_negative_kostat_value(project):
    edit(project, "kostat_deaths.csv", ",21.8,", ",-21.8,")
    expect_failure(project, "data/raw/kostat_deaths.csv row 2, column 'value'", "minimum", "'-21.8'")


def test_men_plus_women_not_total(project):
    edit(project, "arrivals.csv", "2021,true,1,false,40,23,63", "2021,true,1,false,40,23,64")
    # a rule no schema can express: caught by the cleaning notebook, which names the cell
    expect_failure(project, "notebooks/10_clean_arrivals.ipynb failed", "DataError: data/raw/arrivals.csv row",
                   "column 'total': men 40 + women 23 = 63, but the total is 64")


def test_duplicated_year(project):
    replace_line(project, "arrivals.csv", "2022,true,1,", None, duplicate=True)
    expect_failure(project, "data/raw/arrivals.csv row", "primary-key: duplicates an earlier row")


def test_unparseable_period_label(project):
    edit(project, "arrivals.csv", "\n2022,true,1,", "\n2O22,true,1,")
    expect_failure(project, "data/raw/arrivals.csv row", "column 'period'", "'2O22'")


def test_unknown_source_id(project):
    edit(project, "arrivals.csv", "newsis-2026-02-04", "newsis-2099-01-01")
    expect_failure(project, "data/raw/arrivals.csv row", 'source_id "newsis-2099-01-01" not found in sources.csv')


def test_blank_required_cell(project):
    edit(project, "oecd_suicide.csv", ",ajunews-2025-09-25,", ",,")
    expect_failure(project, "data/raw/oecd_suicide.csv row 2, column 'source_id'", "required")


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

def test_unknown_parameter(project):
    expect_failure(project, "unknown parameter 'no_such_param'", args=("-p", "no_such_param", "1"))


def test_parameter_of_wrong_type(project):
    expect_failure(project, "parameter 'start_year': Input should be a valid integer", "'nineteen'",
                   args=("-p", "start_year", "nineteen"))


def test_parameter_out_of_range(project):
    expect_failure(project, "parameter 'confidence_level': Input should be less than 1 (got 1.5)",
                   args=("-p", "confidence_level", "1.5"))


def test_parameter_choice_not_allowed(project):
    expect_failure(project, "parameter 'counts_series'", "'wi_sung_lac_2024' or 'hong_ki_won_2024'",
                   args=("-p", "counts_series", "kim"))


def test_inconsistent_parameter_pair(project):
    expect_failure(project, "suicide_period_end (2019) is before suicide_period_start (2021)",
                   args=("-p", "suicide_period_start", "2021", "-p", "suicide_period_end", "2019"))


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
    expect_failure(project, "the PDF was required but xelatex and pandoc not found on PATH",
                   "texlive-xetex texlive-fonts-recommended texlive-plain-generic pandoc",
                   args=("--require-pdf",), env={"PATH": str(bindir)})


def test_notebook_that_raises_keeps_its_executed_copy(project):
    replace_line(project, "escapee_suicide.csv", "E02,", None)  # MOU's recent rate, which section 4 selects by id
    line = expect_failure(project, "notebooks/30_suicide.ipynb failed", "E02")
    kept = project / ".build" / "failed" / "30_suicide.ipynb"
    assert kept.is_file() and ".build/failed/30_suicide.ipynb" in line
