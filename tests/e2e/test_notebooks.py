"""Notebooks as students use them, and parameters as readers change them."""

from __future__ import annotations

import json
import re

import papermill as pm
import pytest
from conftest import copy_project, run_cli, tree_hashes

from analysis.build import dag

pytestmark = pytest.mark.slow


def test_each_notebook_runs_top_to_bottom_from_anywhere(built, tmp_path, monkeypatch):
    """As in JupyterLab: defaults only, no build, started from another working directory."""
    project = copy_project(tmp_path / "p", with_outputs=built)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("PYTHONPATH", str(project / "src"))
    for var in ("ANALYSIS_PROCESSED_DIR", "ANALYSIS_REPORTS_DIR"):
        monkeypatch.delenv(var, raising=False)
    for name in dag.order():
        nb = project / dag.by_name()[name].notebook
        pm.execute_notebook(
            str(nb), str(elsewhere / nb.name), kernel_name="python3", cwd=str(elsewhere), progress_bar=False
        )
    written = tree_hashes(project, "data/processed")
    assert written == tree_hashes(built, "data/processed")  # same results as the build, in the project's folders
    assert not list(elsewhere.glob("*.csv"))  # nothing written relative to the working directory


def test_suicide_parameters_change_numbers_tables_charts_and_sentences(built, tmp_path):
    project = copy_project(tmp_path / "p", with_outputs=built)
    before = json.loads((project / "data/processed/results_suicide.json").read_text())
    figure_before = (project / "reports/figures/suicide_estimates.png").read_bytes()
    result = run_cli(
        project,
        "build",
        "--no-pdf",
        "-p",
        "counts_series",
        "hong_ki_won_2024",
        "-p",
        "denominator",
        "yearend_cumulative",
        "-p",
        "suicide_period_start",
        "2020",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    ran = set(re.search(r"ran \d+ notebook\(s\) \(([^)]*)\)", result.stdout)[1].split(", "))
    assert ran == {"suicide", "claim_audit", "introduction", "appendix"}
    after = json.loads((project / "data/processed/results_suicide.json").read_text())
    # the primary estimate: Wi Sung-lac's published total for 2013-2022, 100; Hong Ki-won's published counts for
    # 2020, 2021, 2022: 7 + 6 + 15 = 28
    assert (before["observed"], after["observed"]) == (100, 28)
    assert after["counts_series"] == "hong_ki_won_2024" and after["denominator"] == "yearend_cumulative"
    assert after["crude_ratio"]["value"] < before["crude_ratio"]["value"]
    assert (project / "reports/figures/suicide_estimates.png").read_bytes() != figure_before
    page = (project / "reports/report.html").read_text(encoding="utf-8")
    page = re.sub(r'<span class="provenance"[^>]*>.*?</span>', "", page)  # the numbers' tooltips
    html = re.sub(r"<[^>]+>", "", page)
    crude = f"{after['crude_ratio']['value']:.2f}"
    assert f"and at {crude} times its crude rate" in html  # the abstract
    # Section 4 and the claim audit read the section's one conclusion
    assert html.count(after["conclusion"]) >= 2
    assert f"{before['sex_adjusted_smr']['value']:.2f} times South Korea's" not in html


def test_a_period_without_published_counts_builds_and_says_so(built, tmp_path):
    project = copy_project(tmp_path / "p", with_outputs=built)
    result = run_cli(
        project, "build", "--no-pdf", "-p", "suicide_period_start", "2016", "-p", "suicide_period_end", "2016"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    html = re.sub(r"<[^>]+>", "", (project / "reports/report.html").read_text(encoding="utf-8"))
    assert (
        "No estimate can be made for the period chosen: no published full-year escapee suicide count for 2016" in html
    )
    assert (
        json.loads((project / "data/processed/results_suicide.json").read_text())["around_double"]["category"]
        == "cannot be checked"
    )


def test_confidence_level_changes_every_interval(built, tmp_path):
    project = copy_project(tmp_path / "p", with_outputs=built)
    result = run_cli(project, "build", "--no-pdf", "-p", "confidence_level", "0.9")
    assert result.returncode == 0, result.stderr[-2000:]
    after = json.loads((project / "data/processed/results_suicide.json").read_text())
    default = json.loads((built / "data/processed/results_suicide.json").read_text())
    assert after["crude_ratio"]["value"] == default["crude_ratio"]["value"]
    assert after["crude_ratio"]["lower"] > default["crude_ratio"]["lower"]  # a 90% interval is narrower
    assert after["crude_ratio"]["upper"] < default["crude_ratio"]["upper"]
    html = re.sub(r"<[^>]+>", "", (project / "reports/report.html").read_text(encoding="utf-8"))
    assert "90% CI" in html and "95% CI" not in html
