"""Notebooks as students use them, and parameters as readers change them."""

from __future__ import annotations

import html
import re

import nbformat
import papermill as pm
import pytest
from conftest import copy_project, run_cli, tree_hashes

from analysis.build import dag
from analysis.methods import suicide as su

pytestmark = pytest.mark.slow


def test_each_notebook_runs_top_to_bottom_from_anywhere(built, tmp_path, monkeypatch):
    """As in JupyterLab: defaults only, no build, started from another working directory, each notebook run by
    papermill with the engine the README gives for a direct run (``--engine myst``: the Markdown cells' inline
    expressions are evaluated too), each kernel launched as papermill launches one (no build, so no fork server)."""
    project = copy_project(tmp_path / "p", with_outputs=built)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("PYTHONPATH", str(project / "src"))
    for var in ("ANALYSIS_PROCESSED_DIR", "ANALYSIS_REPORTS_DIR"):
        monkeypatch.delenv(var, raising=False)
    before = tree_hashes(project, "data/processed", "reports")
    for name in dag.order():
        nb = project / dag.by_name()[name].notebook
        out = elsewhere / nb.name
        pm.execute_notebook(
            str(nb), str(out), kernel_name="python3", cwd=str(elsewhere), progress_bar=False, engine_name="myst"
        )
        shown = [
            c for c in nbformat.read(out, as_version=4).cells if c.cell_type == "markdown" and "{eval}" in c.source
        ]
        assert all(c.metadata.get("user_expressions") or c.metadata.get("shown") is False for c in shown), name
    # only the build writes the build's outputs: a direct run leaves them byte for byte as they were ...
    assert tree_hashes(project, "data/processed", "reports") == before
    # ... and computes the same results, in the scratch copy
    scratch = project / ".build" / "scratch"
    assert tree_hashes(scratch, "data/processed") == tree_hashes(built, "data/processed")
    assert (scratch / "reports" / "figures" / "suicide_estimates.png").is_file()
    assert not list(elsewhere.glob("*.csv"))  # nothing written relative to the working directory


def _suicide(project):
    from analysis.findings.suicide import SuicideFindings

    return SuicideFindings.model_validate_json((project / "data/processed/findings_suicide.json").read_text())


def _reader_text(project) -> str:
    page = (project / "reports/report.html").read_text(encoding="utf-8")
    page = re.sub(r'<span class="provenance"[^>]*>.*?</span>', "", page, flags=re.S)  # the numbers' tooltips
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
    return text.translate(STRAIGHT)  # the page's typographic quotes as the findings' text has them


STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def test_suicide_parameters_change_numbers_tables_charts_and_sentences(built, tmp_path):
    project = copy_project(tmp_path / "p", with_outputs=built)
    before = _suicide(project)
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
        store=False,  # what the change reruns is under test
    )
    assert result.returncode == 0, result.stderr[-2000:]
    ran = set(re.search(r"ran \d+ notebook\(s\) \(([^)]*)\)", result.stdout)[1].split(", "))
    assert ran == {"suicide", "claim_audit", "discussion", "introduction", "appendix"}
    after = _suicide(project)
    # the primary estimate: Wi Sung-lac's published total for 2013-2022, 100; Hong Ki-won's published counts for
    # 2020, 2021, 2022: 7 + 6 + 15 = 28
    assert (before.primary.observed.value, after.primary.observed.value) == (100, 28)
    assert after.choice.counts_series == "hong_ki_won_2024" and after.choice.denominator == "yearend_cumulative"
    assert after.primary.crude.value.value < before.primary.crude.value.value
    assert (project / "reports/figures/suicide_estimates.png").read_bytes() != figure_before
    text = _reader_text(project)
    crude = after.primary.crude.value.text
    assert f"at {crude} times South Korea's crude rate" in text  # the abstract, the verdict's ratio first
    assert f"on counts that {su.SERIES_NAMES['hong_ki_won_2024']} obtained from" in text  # the name beside its number
    assert after.conclusion.text in text  # Section 4.5 states the conclusion on this build's estimate
    assert f"at {before.primary.crude.value.text} times South Korea's crude rate" not in text
    assert f"and at {after.primary.smr.value.text} times its rate at equal sex" in text


@pytest.mark.parametrize("series", ["wi_sung_lac_2024", "hong_ki_won_2024"])
def test_each_counts_series_names_its_own_numbers(built, tmp_path, series):
    """Each declared value of counts_series: the 2020-2022 ratios carry the name of the lawmaker whose counts
    they rest on (hand-worked: Wi 9 + 18 + 15 = 42, Hong 7 + 6 + 15 = 28 suicides), and the primary estimate
    names whose counts it uses (with Hong's, Wi's 2013-2022 total with Hong's counts for the years both
    counted: 100 - 42 + 28 = 86)."""
    project = copy_project(tmp_path / "p", with_outputs=built)
    result = run_cli(project, "build", "--no-pdf", "-p", "counts_series", series)
    assert result.returncode == 0, result.stderr[-2000:]
    S = _suicide(project)
    assert (S.lawmakers.mois_recent.observed.value, S.lawmakers.hong_recent.observed.value) == (42, 28)
    assert (
        S.lawmakers.mois_recent.counts == su.SERIES_NAMES["wi_sung_lac_2024"]
        and S.lawmakers.hong_recent.counts == su.SERIES_NAMES["hong_ki_won_2024"]
    )
    text = _reader_text(project)
    # Section S4.4 (the abstract no longer gives 2020-2022 by lawmaker)
    assert (
        f"On the counts of {su.SERIES_NAMES['hong_ki_won_2024']} the sex-adjusted SMR for {S.change.late_period} is "
        f"{S.lawmakers.hong_recent.value} ({S.lawmakers.hong_recent.interval}), against "
        f"{S.lawmakers.mois_recent.value} on the MOIS-based counts"
    ) in text
    expected = {"wi_sung_lac_2024": (100, su.SERIES_NAMES["wi_sung_lac_2024"]), "hong_ki_won_2024": (86, None)}[series]
    assert S.primary.available and S.primary.observed.value == expected[0]
    if series == "hong_ki_won_2024":
        wi, hong = su.SERIES_NAMES["wi_sung_lac_2024"], su.SERIES_NAMES["hong_ki_won_2024"]
        assert S.primary.series_name.text == f"{wi} for 2013-2019 and {hong} for 2020-2022"
    else:
        assert S.primary.series_name.text == expected[1]
    assert f"on counts that {S.primary.series_name.text} obtained from" in text
    assert "not available" not in text


@pytest.mark.parametrize(("start", "end", "gap"), [(2016, 2016, "2016"), (2023, 2025, "2023, 2024 and 2025")])
def test_a_period_without_published_counts_builds_and_says_so(built, tmp_path, start, end, gap):
    project = copy_project(tmp_path / "p", with_outputs=built)
    result = run_cli(
        project, "build", "--no-pdf", "-p", "suicide_period_start", str(start), "-p", "suicide_period_end", str(end)
    )
    assert result.returncode == 0, result.stderr[-2000:]
    text = _reader_text(project)
    period = f"{start}" if start == end else f"{start}-{end}"
    assert (
        f"For {period} no estimate can be made: no full-year count of escapee suicides was published for {gap}" in text
    )
    assert "not available" not in text
    assert _suicide(project).around_double.category.value == "cannot be checked"


def test_confidence_level_changes_every_interval(built, tmp_path):
    project = copy_project(tmp_path / "p", with_outputs=built)
    result = run_cli(project, "build", "--no-pdf", "-p", "confidence_level", "0.9")
    assert result.returncode == 0, result.stderr[-2000:]
    after, default = _suicide(project), _suicide(built)
    assert after.primary.crude.value.value == default.primary.crude.value.value
    assert after.primary.crude.lower > default.primary.crude.lower  # a 90% interval is narrower
    assert after.primary.crude.upper < default.primary.crude.upper
    text = re.sub(r"<[^>]+>", "", (project / "reports/report.html").read_text(encoding="utf-8"))
    assert "90% CI" in text and "95% CI" not in text
