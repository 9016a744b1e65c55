"""Section 3's findings against published figures (hand-checked in data/raw/arrivals.csv)."""

import pytest

from analysis import params
from analysis.core.values import Value
from analysis.findings import arrivals


@pytest.fixture(scope="module")
def F(processed_tables):
    return arrivals.findings(params.validate({}), processed_tables["arrivals"], processed_tables["arrivals_cumulative"])


def test_peak_is_2009_with_2914(F):
    # MOU's statistics page (mou-cn-2020): 2,914 arrivals in 2009 (662 men, 2,252 women)
    assert (F.peak_year.value, F.peak_arrivals.value) == (2009, 2914)
    assert F.peak_arrivals.sources == ("mou-cn-2020",)
    assert F.peak_arrivals.raw == ("arrivals/period=2009;source_id=mou-cn-2020",)


def test_cumulative_total_equals_mous_published_34537(F):
    # Newsis 2026-02-04 (newsis-2026-02-04): cumulative 34,537 to the end of 2025
    assert F.cumulative_total.value == 34537
    assert F.cumulative_women_share.value == pytest.approx(F.cumulative_women.value / 34537 * 100)


def test_years_over_2000_counted_from_the_figures(F):
    assert [v.value for v in F.years_over_2000] == [2006, 2007, 2008, 2009, 2010, 2011]
    assert F.years_over_2000_count.text == "six"


def test_lowest_since_has_a_sentence_for_each_case():
    n = Value.of(63, "d")
    assert arrivals.lowest_since(2021, 1996, 1994, n).text == "That was the fewest since 1996, 25 years earlier."
    assert (
        arrivals.lowest_since(2021, None, 1994, n).text
        == "That was the fewest of every single year published since 1994."
    )


def test_multi_year_columns_include_the_open_ended_first_one(F):
    # MOU's table: one column for everything up to 1998 ("~1998", no start year), one for 1999-2001
    assert F.multi_year_columns.text == "everything up to 1998 and 1999-2001"
