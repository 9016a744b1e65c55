"""Section 5's findings: the chart at every first year, runner-ups at their own data year, the C11 verdict rule."""

import pandas as pd
import pytest

from analysis import params
from analysis.core.values import Value
from analysis.findings import oecd
from analysis.findings.verdict import Category


def test_runner_year_parsed_from_the_label():
    assert oecd.runner_year("2016") == (2016, False)
    assert oecd.runner_year("latest (2018?)") == (2018, True)
    assert oecd.runner_year("latest (various)") == (None, False)
    assert oecd.runner_year("") == (None, False)


def test_runner_up_drawn_at_its_own_data_year(tables):
    F = oecd.findings(params.validate({}), tables)
    by = {p.data_year: p for p in F.chart}
    # KOSTAT 2017 release: Korea 23.0 second; Lithuania 26.7 for 2016 (its own data year, not Korea's 2017)
    assert (by[2017].korea, by[2017].korea_rank, by[2017].runner_up_value, by[2017].runner_up_year) == (
        23.0,
        2,
        26.7,
        2016,
    )
    assert by[2023].runner_up_year == 2022 and by[2020].runner_up_year_uncertain
    assert by[2022].runner_up_year is None and "Lithuania in the 2022 release" in F.chart_unplaced.text


@pytest.mark.parametrize("first", [2000, 2009, params.LAST_OECD_YEAR - 1])  # the declared range's ends and default
def test_every_first_year_builds(tables, first):
    F = oecd.findings(params.validate({"oecd_first_year": first}), tables)
    assert F.chart_available
    assert all(p.data_year >= first for p in F.chart)
    assert F.last_own_year.value == 2024  # the latest data year with its own KOSTAT release
    assert F.latest_korea.value == 26.2  # KOSTAT 2024 release (Aju News 2025-09-25), whatever the chart shows


def _v(rows):
    df = pd.DataFrame(
        rows, columns=["release_id", "release_sort", "data_year", "korea_value", "korea_highest", "source_ids"]
    )
    df["data_year"] = df["data_year"].astype("Int64")
    df["korea_highest"] = df["korea_highest"].astype("boolean")
    return df


def test_highest_verdict_every_category():
    supported, year = oecd.highest_verdict(
        _v([["A", "2023-09", 2022, 22.6, True, "s"], ["B", "2024-10", 2023, 24.8, False, "s"]]), "2024"
    )
    assert (supported.category, year) == (Category.SUPPORTED, 2022)  # B is after the article: not used
    no, _ = oecd.highest_verdict(_v([["A", "2018-09", 2017, 23.0, False, "s"]]), "2024")
    assert no.category == Category.NOT_SUPPORTED
    # as for every claim read in several sources: most agree -> caveats, half or fewer -> not supported
    half, _ = oecd.highest_verdict(
        _v([["A", "2017", 2016, 24.6, True, "s"], ["B", "2018", 2016, None, False, "s"]]), "2024"
    )
    assert half.category == Category.NOT_SUPPORTED and "half or fewer" in half.reason.text
    most, _ = oecd.highest_verdict(
        _v(
            [
                ["A", "2017", 2016, 24.6, True, "s"],
                ["B", "2018", 2016, None, False, "s"],
                ["C", "2019", 2016, 24.6, True, "s"],
            ]
        ),
        "2024",
    )
    assert most.category == Category.CAVEATS and "disagree" in most.reason.text
    none, year = oecd.highest_verdict(_v([["A", "2025", 2024, 26.2, True, "s"]]), "2024")
    assert (none.category, year) == (Category.CANNOT_CHECK, None)


def test_highest_verdict_now_reads_later_releases_on_the_same_data_year():
    rows = [["A", "2023-09", 2022, 22.6, True, "s"], ["B", "2025-07", 2022, 22.0, False, "s"]]
    then, year = oecd.highest_verdict(_v(rows), "2024")
    assert (then.category, year) == (Category.SUPPORTED, 2022)  # only A was published before the article
    now, _ = oecd.highest_verdict(_v(rows), "", year)
    assert now.category == Category.NOT_SUPPORTED and "A and B" in now.reason.text  # B, published later: one of two


def test_c11_judged_at_the_article_date(tables):
    F = oecd.findings(params.validate({}), tables)
    assert F.verdict.category == Category.SUPPORTED and "2022" in F.verdict.reason.text
    assert F.since.text == "Every release for the later data years (2023 and 2024) ranks Korea first."


def test_since_has_a_sentence_for_each_case():
    every = Value.of("")
    assert oecd.since({}, every).text == "No later data year has been published."
    assert oecd.since({2023: "first"}, every).text == "Every release for the later data years (2023) ranks Korea first."
    mixed = oecd.since({2023: "first", 2024: "contested"}, every).text
    assert mixed == (
        "For later data years, the releases rank Korea first for 2023, disagree for 2024 and rank it below first "
        "for no year."
    )
