"""The arrivals figures' text alternatives describe the chart drawn: for every start year a reader may choose,
each year they name is a year on the chart, each number is that year's figure, and the article's figures come
from the claims table (C03, C07), not from the code."""

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
