"""Published aggregates reproduced from the project's own raw transcriptions and cleaning code.

These read data/raw/ (through the same functions the cleaning notebooks use), so a transcription error
in a single row shows up as a failed sum here.
"""

import pytest

from analysis.cleaning import arrivals as clean_arrivals
from analysis.cleaning import mortality, rawdata
from analysis.methods import arrivals
from analysis.methods import suicide as su


@pytest.fixture(scope="module")
def vintages():
    return clean_arrivals.tidy_vintages(rawdata.read("arrivals"))


def _sums(adopted):
    return arrivals.cumulative(adopted).iloc[-1].astype(int).to_dict()


def test_latest_vintage_adds_up_to_mous_cumulative_34537(vintages):
    # MOU, corrected cumulative total to end-2025 (Newsis, News1, 2026-02-04)
    assert _sums(clean_arrivals.adopted_table(vintages, "latest")) == {"male": 9593, "female": 24944, "total": 34537}


def test_running_sums_equal_mous_year_end_cumulative_totals(vintages):
    running = arrivals.cumulative(clean_arrivals.adopted_table(vintages, "latest"))["total"]
    # Year-end cumulative totals as MOU reported them (data/raw/arrivals_cumulative.csv)
    published = {2017: 31339, 2020: 33752, 2022: 33882, 2023: 34078, 2024: 34314, 2025: 34537}
    assert {year: int(running[year]) for year in published} == published


def test_mou_2012_press_release_adds_up_to_its_own_cumulative_23100(vintages):
    # MOU-EN press release of 2012-01-11: its own table, ~'98 to 2011 (2011 provisional), sums to
    # 23,100 = 7,171 men + 15,929 women, the cumulative figure it printed.
    release = vintages[(vintages["source_id"] == "mou-2012-01-11") & vintages["in_main_series"]]
    totals = release.groupby("sex")["arrivals"].sum().to_dict()
    assert totals == {"male": 7171, "female": 15929, "total": 23100}


def test_first_announcement_of_2025_differs_by_the_one_man_mou_removed(vintages):
    first = clean_arrivals.adopted_table(vintages, "first").set_index(["period", "sex"])["arrivals"]
    latest = clean_arrivals.adopted_table(vintages, "latest").set_index(["period", "sex"])["arrivals"]
    assert (first["2025", "male"], latest["2025", "male"]) == (26, 25)
    assert first["2025", "female"] == latest["2025", "female"] == 198


@pytest.fixture(scope="module")
def kostat():
    return mortality.tidy_kostat(rawdata.read("kostat_deaths"), "latest").query("adopted")


@pytest.mark.parametrize(
    "year, printed",
    [
        (2009, 6.2),  # fnnews 2010: 15,413 of 246,942 deaths
        (2015, 4.9),  # Nam Young-hwa 2018: "4.9 percent (13,513 out of 275,895)"
        (2019, 4.7),  # edaily 2020: 4.7%
        (2022, 3.5),  # JTBC 2024, Rep. Wi Sung-lac: "about 3.5%"
    ],
)
def test_kostat_suicides_over_all_deaths_give_the_printed_shares(kostat, year, printed):
    share, suicides, deaths, derived = su.kostat_pooled_share(kostat, year, year)
    assert derived == []
    assert round(share * 100, 1) == printed
