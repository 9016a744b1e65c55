"""The figures and tables say only what they show: the arrivals figures' text alternatives name only the years
drawn, for every start year a reader may choose, with each year's own figure, and the article's figures come from
the claims table (C03, C07), not from the code; the sensitivity table explains rows with a gap only where it has
them."""

from __future__ import annotations

import re

import matplotlib
import pytest

from analysis import params
from analysis.findings import arrivals
from analysis.present import arrivals as show
from analysis.present import report

matplotlib.use("Agg")

LAST = params.LAST_DATA_YEAR


@pytest.fixture(scope="module")
def F(tables):
    return arrivals.findings(params.validate({}), tables)


def shown(F, start_year: int, draw, monkeypatch, tmp_path) -> tuple[str, str]:
    """The caption and text alternative a figure function gives for ``start_year``."""
    monkeypatch.setenv("ANALYSIS_REPORTS_DIR", str(tmp_path))
    out = []
    monkeypatch.setattr(report, "display", lambda data, **kw: out.append(kw["metadata"]["image/png"]))
    draw(F, params.validate({"start_year": start_year}))
    (meta,) = out
    return meta["latex_float"], meta["alt"]


@pytest.mark.parametrize("start_year", [2002, 2015, LAST - 1])
def test_arrivals_alt_names_only_the_years_drawn(F, start_year, monkeypatch, tmp_path):
    _, alt = shown(F, start_year, show.figure_by_sex, monkeypatch, tmp_path)
    totals = {y.year: y.total for y in F.years if y.year >= start_year}
    named = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", alt.split(": ", 1)[1])]
    assert named and set(named) <= set(totals), (named, alt)
    most = max(totals, key=totals.get)
    assert f"the most were {totals[most]:,} in {most}" in alt, alt
    women = sum(y.female > y.male for y in F.years if y.year >= start_year)
    assert f"women outnumber men in {women} of the {len(totals)} years" in alt, alt


@pytest.mark.parametrize("start_year", [2002, 2015, LAST - 1])
def test_women_share_alt_names_only_the_years_drawn(F, start_year, monkeypatch, tmp_path):
    _, alt = shown(F, start_year, show.figure_women_share, monkeypatch, tmp_path)
    named = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", alt.split(": ", 1)[1])]
    assert named and all(start_year <= y <= LAST for y in named), (named, alt)
    assert alt.endswith("against the article's 70%."), alt  # C07's 'around 70 percent'


def test_the_article_figures_come_from_the_claims_table(F):
    assert (F.over.value, F.over.raw) == (2000, ("article_claims/C03",))
    assert (F.article_share.value, F.article_share.raw) == (70, ("article_claims/C07",))


@pytest.mark.parametrize("period", [(2013, 2022), (2016, 2016)])
def test_the_sensitivity_table_speaks_of_gap_rows_only_where_it_has_them(tables, period, monkeypatch):
    """2016 has no published full-year count: the period the parameters choose then has a row with a gap, and
    the caption says what such a row means; the default periods have none, and the caption does not."""
    from analysis.findings import suicide
    from analysis.present import suicide as show_suicide

    P = params.validate({"suicide_period_start": period[0], "suicide_period_end": period[1]})
    F = suicide.findings(P, tables)
    shown = []
    monkeypatch.setattr(report, "table", lambda df, key, caption, **kw: shown.append((df, caption)))
    show_suicide.table_sensitivity(F)
    ((df, caption),) = shown
    gap_rows = df["Suicides"].isna().sum()
    assert (gap_rows > 0) == (period == (2016, 2016))
    assert ("Rows with a gap" in caption) == (gap_rows > 0), caption
