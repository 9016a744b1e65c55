"""Section 3's findings against published figures (hand-checked in data/raw/arrivals.csv)."""

import pandas as pd
import pytest

from analysis import params
from analysis.core.values import Value
from analysis.findings import arrivals


@pytest.fixture(scope="module")
def F(tables):
    return arrivals.findings(params.validate({}), tables)


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
    assert F.over.value == 2000 and F.over.raw == ("article_claims/C03",)  # the article's figure, as transcribed
    assert [v.value for v in F.years_over] == [2006, 2007, 2008, 2009, 2010, 2011]
    assert F.years_over_count.text == "six"


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


def test_revisions_worked_by_hand():
    """Two announcements of 2009 (2,952 first, 2,914 later), one of 2010, one figure published before 2011 was
    over (not a vintage) and a multi-year column: only 2009 was revised, down by 38."""
    import pandas as pd

    from analysis.methods import arrivals as methods

    v = pd.DataFrame(
        [
            ("2009", "total", 2952, 1, False, True),
            ("2009", "total", 2914, 2, False, True),
            ("2009", "female", 2252, 2, False, True),
            ("2010", "total", 2402, 1, False, True),
            ("2011", "total", 1000, 1, True, True),
            ("2011", "total", 2706, 2, False, True),
            ("1990-1993", "total", 34, 1, False, True),
        ],
        columns=["period", "sex", "arrivals", "vintage_seq", "part_year", "in_main_series"],
    )
    r = methods.revisions(v)
    assert list(r.index) == [2009] and (r.at[2009, "first"], r.at[2009, "latest"], r.at[2009, "change"]) == (
        2952,
        2914,
        -38,
    )


def test_what_the_first_announced_figures_would_change(F):
    # MOU revised 2002-2016 and 2025: up in 2002-2007, 2014 and 2016 (+32 in all), down in 2008-2013, 2015 and 2025
    # (-107 in all), e.g. 2009 announced as 2,952 and revised to 2,914
    r = F.revisions
    assert r.years.text == "2002-2016 and 2025" and r.count.value == 16
    assert (r.up.text, r.down.text, r.net.text) == ("eight", "eight", "-75")


def test_a_total_dated_before_its_year_ended_is_labelled_inferred_and_not_differenced(F):
    # NUAC webzine (nuac-webzine-2016-02-15): 30,212 "from 1998 to the end of last year", dated 2016-02-15, when
    # the end-2015 total was below 29,000; it matches the end-2016 running sum, so end-2016 is inferred; the label
    # gives the end-2015 running sum: 30,212 less the 1,418 arrivals of 2016 = 28,794
    (check,) = [c for c in F.checks if c.inferred]
    assert (check.as_of_label, check.published, check.source_id) == (
        "end-2016 (inferred: “from 1998 to the end of last year”, dated before 2016 ended; the running sum at "
        "end-2015 is 28,794)",
        "2016-02-15",
        "nuac-webzine-2016-02-15",
    )
    assert check.difference is None and check.running_sum == 30212


def test_an_inferred_total_in_the_first_summed_year_has_no_earlier_running_sum():
    # a total dated before its year ended, in the first year the running sum covers: no end-of-previous-year sum
    reported = pd.DataFrame(
        {
            "as_of": ["2002-12-31"],
            "as_of_label": ["to the end of last year"],
            "sex": ["total"],
            "cumulative_arrivals": [100],
            "approximate": [False],
            "published": ["2002-03-01"],
            "source_id": ["x"],
        }
    )
    running = pd.DataFrame({"total": [100]}, index=[2002])
    (check,) = arrivals.checks(reported, running)
    assert check.as_of_label == "end-2002 (inferred: “to the end of last year”, dated before 2002 ended)"
    assert check.inferred and check.difference is None and check.running_sum == 100
