"""Each cleaning rule on tiny inline tables, with exact expected values and its malformed inputs."""

import pandas as pd
import pytest

from analysis.cleaning import arrivals as clean_arrivals
from analysis.cleaning.clean import (
    Where,
    choose_vintage,
    parse_approximate_count,
    parse_count,
    parse_period,
    parse_published,
    strip_footnote,
    where,
)
from analysis.errors import DataError
from analysis.methods import arrivals

AT = Where("data/raw/arrivals.csv", 7, "total")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("947", 947),
        ("1,142", 1142),
        ("24,944", 24944),
        ("34,537", 34537),
        ("2,914*", 2914),
        ("1,516 (p)", 1516),
        (" 63 ", 63),
        ("0", 0),
        ("", None),
    ],
)
def test_parse_count(text, expected):
    assert parse_count(text, AT) == expected


@pytest.mark.parametrize("text", ["1,14", "1.142", "-5", "12a", "twelve", "1,1422", "1 142", "~10", "2.5"])
def test_parse_count_rejects_malformed(text):
    with pytest.raises(DataError) as err:
        parse_count(text, AT)
    assert str(err.value).startswith("data/raw/arrivals.csv row 7, column 'total': expected a whole count")
    assert repr(text) in str(err.value)


def test_parse_count_required_gap_is_an_error():
    with pytest.raises(DataError, match="row 7, column 'total': a count is required"):
        parse_count("", AT, required=True)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2002", (2002, 2002)),
        ("1999-2001", (1999, 2001)),
        ("1999–2001", (1999, 2001)),
        ("~1998", (None, 1998)),
        ("~'98", (None, 1998)),
    ],
)
def test_parse_period(text, expected):
    assert parse_period(text, AT) == expected


@pytest.mark.parametrize("text", ["2001-1999", "1999-01", "~", "'98", "year 2002", "2002/3", ""])
def test_parse_period_rejects_malformed(text):
    with pytest.raises(DataError, match="row 7, column 'total'"):
        parse_period(text, AT)


def test_parse_published_orders_partial_dates_first():
    assert parse_published("2026-02-04", AT) == (2026, 2, 4)
    assert parse_published("2020", AT) == (2020, 0, 0) < parse_published("2020-01-06", AT)
    with pytest.raises(DataError, match="expected a publication date"):
        parse_published("04/02/2026", AT)
    with pytest.raises(DataError, match="not a valid date"):
        parse_published("2026-13-01", AT)


def test_parse_approximate_count():
    assert parse_approximate_count("about 30,200", AT) == (30200, True)
    assert parse_approximate_count("~23,100", AT) == (23100, True)
    assert parse_approximate_count("34,537", AT) == (34537, False)
    with pytest.raises(DataError, match="expected a whole count"):
        parse_approximate_count("about thirty thousand", AT)


def test_strip_footnote():
    assert strip_footnote("2,914†") == "2,914"
    assert strip_footnote("148¹") == "148"
    assert strip_footnote("1,142") == "1,142"


def _raw(rows):
    cols = [
        "period",
        "in_main_series",
        "vintage_seq",
        "part_year",
        "male",
        "female",
        "total",
        "status",
        "published",
        "source_id",
        "note",
    ]
    df = pd.DataFrame(rows, columns=cols)
    df.attrs["source_file"] = "data/raw/arrivals.csv"
    return df


# The two 2025 vintages MOU published (2026-01-20: 224 = 26 + 198; corrected 2026-02-04: 223 = 25 + 198)
# and 2009's provisional and revised figures.
RAW = _raw(
    [
        ["2009", "true", "1", "false", "679", "2,273", "2,952", "provisional", "2010-01-06", "voa-2010-01-06", ""],
        ["2009", "true", "2", "false", "662", "2,252", "2,914", "revised", "2015", "mou-cn-2020", ""],
        ["2025", "true", "1", "false", "26", "198", "224", "provisional", "2026-01-20", "the-fact-2026-01-20", ""],
        ["2025", "true", "2", "false", "25", "198", "223", "revised", "2026-02-04", "newsis-2026-02-04", ""],
        ["1999-2001", "true", "1", "false", "565", "478", "1,043", "final", "2020", "mou-cn-2020", ""],
        ["2001", "false", "1", "false", "", "", "583", "final", "2005", "yonhap-2005", ""],
        ["2020", "true", "1", "true", "64", "131", "195", "provisional", "2020", "mou-cn-2020", ""],
        ["2020", "true", "2", "false", "72", "157", "229", "provisional", "2021-01", "sbs-2021-01", ""],
    ]
)


def test_tidy_vintages_long_and_checked():
    long = clean_arrivals.tidy_vintages(RAW)
    assert len(long) == 22  # 7 main-series rows x 3 sexes + the sub-period 2001 total
    assert not long[long.period == "2001"].in_main_series.any()
    row = long[(long.period == "2025") & (long.sex == "male") & (long.published == "2026-02-04")].iloc[0]
    assert (row.arrivals, row.start_year, row.end_year, row.row) == (25, 2025, 2025, 5)
    assert long[long.period == "1999-2001"].start_year.iloc[0] == 1999


def test_vintage_latest_and_first():
    long = clean_arrivals.tidy_vintages(RAW)
    latest = clean_arrivals.adopted_table(long, "latest").set_index(["period", "sex"])["arrivals"]
    first = clean_arrivals.adopted_table(long, "first").set_index(["period", "sex"])["arrivals"]
    assert (latest["2025", "total"], latest["2025", "male"], latest["2009", "total"]) == (223, 25, 2914)
    assert (first["2025", "total"], first["2025", "male"], first["2009", "total"]) == (224, 26, 2952)
    assert latest["1999-2001", "total"] == first["1999-2001", "total"] == 1043
    assert latest["2020", "total"] == first["2020", "total"] == 229  # the Jan-Sep 195 is never adopted
    adopted = clean_arrivals.adopted_table(long, "latest")
    assert list(arrivals.single_years(adopted).index) == [2009, 2020, 2025]
    assert list(arrivals.single_years(adopted, main_only=False).index) == [2001, 2009, 2020, 2025]
    assert arrivals.cumulative(adopted)["total"].tolist() == [
        1043,
        1043 + 2914,
        1043 + 2914 + 229,
        1043 + 2914 + 229 + 223,
    ]


def test_sum_of_sexes_must_equal_total():
    bad = _raw([["2025", "true", "1", "false", "25", "198", "224", "revised", "2026-02-04", "newsis-2026-02-04", ""]])
    with pytest.raises(DataError) as err:
        clean_arrivals.tidy_vintages(bad)
    assert str(err.value) == (
        "data/raw/arrivals.csv row 2, column 'total': men 25 + women 198 = 223, but the total is 224"
    )


def test_duplicated_year_is_an_error():
    dup = _raw([RAW.iloc[3].tolist(), RAW.iloc[3].tolist()])
    with pytest.raises(DataError, match=r"rows 2, 3: period '2025' is listed more than once"):
        clean_arrivals.tidy_vintages(dup)


def test_missing_total_is_an_error():
    bad = _raw([["2024", "true", "1", "false", "26", "210", "", "final", "2025-02-04", "yonhap-2025-02-04", ""]])
    with pytest.raises(DataError, match="row 2, column 'total': every arrivals row needs a published total"):
        clean_arrivals.tidy_vintages(bad)


def test_same_date_different_figures_cannot_be_chosen():
    df = pd.DataFrame(
        {
            "period": ["2002", "2002"],
            "sex": ["total", "total"],
            "value": [1142, 1138],
            "published_sort": ["2020-00-00"] * 2,
            "row": [4, 9],
        }
    )
    assert choose_vintage(df.assign(seq=[1, 2]), ["period", "sex"], "latest", order="seq")["value"].tolist() == [1138]
    df.attrs["source_file"] = "data/raw/arrivals.csv"
    with pytest.raises(DataError, match="rows 4, 9: different figures"):
        choose_vintage(df, ["period", "sex"], "latest")
    with pytest.raises(DataError, match="vintage rule must be 'latest' or 'first'"):
        choose_vintage(df, ["period", "sex"], "newest")


def test_where_counts_the_header_as_row_one():
    assert str(where(RAW, 0, "male")) == "data/raw/arrivals.csv row 2, column 'male'"


def test_lowest_since():
    totals = pd.Series({2017: 1127, 2018: 1137, 2019: 1047, 2020: 229, 2021: 63, 2022: 67, 2023: 196})
    assert arrivals.lowest_since(totals, 2021) is None
    assert arrivals.lowest_since(totals, 2022) == 2021
    assert arrivals.lowest_since(totals, 2023) == 2022
    assert arrivals.lowest_since(totals, 2019) is None
