"""Cleaning of the suicide-mortality tables on tiny inline tables: numbers as printed, vintages, releases."""

import math

import pandas as pd
import pytest
from rawtables import oecd_row, raw_table

from analysis.cleaning import mortality as m
from analysis.cleaning.clean import Where
from analysis.errors import DataError

AT = Where("data/raw/escapee_suicide.csv", 5, "value")


@pytest.mark.parametrize(
    "text, value, qualifier",
    [
        ("27.3", 27.3, ""),
        ("100", 100.0, ""),
        ("~10", math.nan, "approximate"),
        ("6-7", math.nan, "range"),
        ("eight", math.nan, "word"),
        ("", math.nan, "blank"),
    ],
)
def test_parse_printed(text, value, qualifier):
    v, q = m.parse_printed(text, AT)
    assert q == qualifier
    assert (math.isnan(v) and math.isnan(value)) or v == value


@pytest.mark.parametrize("text", ["12a", "1,000", "about 10", "7-6", "-3"])
def test_parse_printed_rejects(text):
    with pytest.raises(DataError, match=r"data/raw/escapee_suicide.csv row 5, column 'value'"):
        m.parse_printed(text, AT)


def esc_raw(rows):
    return raw_table("escapee_suicide", rows, "cause_not_tracked_source")  # an optional column, left out here


def row(
    rid="E01",
    period="2019",
    start="2019",
    end="2019",
    partial="false",
    indicator="suicide_count",
    value="8",
    comparator="",
):
    return [
        rid,
        period,
        start,
        end,
        partial,
        "",
        indicator,
        value,
        "deaths",
        comparator,
        "",
        "",
        "kim_young_joo_2020",
        "b",
        "a",
        "2020-10-07",
        "hankookilbo-2020-10-07",
        "",
    ]


def test_tidy_escapee_keeps_qualified_figures_without_a_value():
    t = m.tidy_escapee(
        esc_raw(
            [
                row(),
                row("E22", "2016-2020", "2016", "2020", indicator="suicide_share_of_deaths_pct", value="~10"),
                row("E33a", "past ten years", "", "", indicator="suicide_share_of_deaths_pct", value="6-7"),
            ]
        )
    )
    assert t["value"].tolist()[0] == 8.0
    assert math.isnan(t["value"][1]) and t["value_as_printed"][1] == "~10" and t["qualifier"][1] == "approximate"
    assert pd.isna(t["period_start"][2]) and t["qualifier"][2] == "range"


def test_tidy_escapee_errors_name_row_and_column():
    with pytest.raises(DataError, match=r"row 3, column 'value': suicide_count is a count"):
        m.tidy_escapee(esc_raw([row(), row("E02", value="8.5")]))
    with pytest.raises(DataError, match=r"row 2, column 'period_end': period ends \(2018\) before it starts \(2019\)"):
        m.tidy_escapee(esc_raw([row(end="2018")]))
    with pytest.raises(DataError, match=r"row 2, column 'partial_year': expected true or false"):
        m.tidy_escapee(esc_raw([row(partial="yes")]))
    with pytest.raises(DataError, match=r"row 2, column 'period_start': expected a four-digit year"):
        m.tidy_escapee(esc_raw([row(start="'19")]))


def kos_raw(rows):
    return raw_table("kostat_deaths", rows)


KOSTAT_2024 = kos_raw(
    [
        [
            "K101",
            "2024",
            "crude_suicide_rate",
            "total",
            "",
            "29.1",
            "u",
            "economistkr-nd",
            "Final figure; a provisional 28.3 circulated earlier.",
        ],
        [
            "K102",
            "2024",
            "crude_suicide_rate",
            "total",
            "",
            "28.3",
            "u",
            "tistory-myblog0721-nd",
            "Provisional figure that circulated before the final 29.1.",
        ],
        ["K061", "2019", "share_of_deaths_stated", "total", "", "4.5", "%", "hankookilbo-2020-10-07", "Stated by Kim."],
        ["K062", "2019", "share_of_deaths_stated", "total", "", "4.7", "%", "edaily-nd-2", "As reported by edaily."],
    ]
)


@pytest.mark.parametrize("rule, adopted_value", [("latest", 29.1), ("first", 28.3)])
def test_kostat_vintage_rule(rule, adopted_value):
    k = m.tidy_kostat(KOSTAT_2024, rule)
    rates = k[k["indicator"] == "crude_suicide_rate"]
    assert rates.loc[rates["adopted"], "value"].tolist() == [adopted_value]
    assert rates.set_index("row_id")["status"].to_dict() == {"K101": "final", "K102": "provisional"}
    # stated shares are claims by different parties: both kept and adopted
    assert k.loc[k["indicator"] == "share_of_deaths_stated", "adopted"].all()


def test_kostat_two_final_figures_cannot_be_ordered():
    bad = kos_raw(
        [
            ["K1", "2024", "crude_suicide_rate", "total", "", "29.1", "u", "a", ""],
            ["K2", "2024", "crude_suicide_rate", "total", "", "29.0", "u", "b", ""],
        ]
    )
    with pytest.raises(DataError, match="rows 2, 3: different figures"):
        m.tidy_kostat(bad, "latest")


def test_kostat_count_must_be_whole():
    bad = kos_raw([["K1", "2024", "suicide_deaths", "total", "", "14872.5", "deaths", "a", ""]])
    with pytest.raises(DataError, match=r"row 2, column 'value': suicide_deaths is a count"):
        m.tidy_kostat(bad, "latest")


@pytest.mark.parametrize(
    "text, year, qualifier",
    [
        ("2022", 2022, ""),
        ("2016 (as labelled)", 2016, "as labelled"),
        ("latest (2019?)", None, "latest (2019?)"),
        ("2018 (prior vintage)", 2018, "prior vintage"),
    ],
)
def test_parse_data_year(text, year, qualifier):
    assert m.parse_data_year(text) == (year, qualifier)


@pytest.mark.parametrize(
    "text, rank",
    [
        ("1", 1),
        ("8=", 8),
        ("1 among men (reporting countries)", 1),
        ("lowest", None),
        ("", None),
        ("lowest of 42", None),
    ],
)
def test_parse_rank(text, rank):
    assert m.parse_rank(text) == rank


def test_tidy_oecd_release_alias_and_comparability():
    rows = [
        oecd_row("O010", "2022", "Korea", "22.6", "KOSTAT 2022 Causes of Death (Sep 2023)", "2023-09", "1", "a"),
        oecd_row(
            "O011",
            "latest available (not stated)",
            "Lithuania",
            "18.5",
            "KOSTAT 2022 Causes of Death (Sep 2023) chart",
            "2023-09",
            "2",
            "b",
        ),
        oecd_row(
            "O077",
            "2019",
            "Republic of Korea",
            "28.6",
            "WHO GHE 2019",
            "",
            "4",
            "c",
            "WHO world standard population (GHE 2019 estimates)",
        ),
    ]
    t = m.tidy_oecd(raw_table("oecd_suicide", rows))
    assert t["release_id"].nunique() == 2  # the chart row belongs to the KOSTAT 2022 release
    assert t["comparable"].tolist() == [True, True, False]
    assert t["kostat_own_release"].tolist() == [True, False, False]
