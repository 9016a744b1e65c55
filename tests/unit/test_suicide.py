"""Escapee suicide ratios on tiny inline tables, with values worked out by hand.

Several tests reproduce a published aggregate from the published figures (MOU's 27.3 vs 27.1; KOSTAT's
4.90% share for 2015 as stated by Nam Young-hwa: 13,513 of 275,895).
"""

import gc
import math

import pandas as pd
import pytest

from analysis.errors import DataError
from analysis.methods import stats
from analysis.methods import suicide as su

ESC_COLS = [
    "record_id",
    "period",
    "period_start",
    "period_end",
    "partial_year",
    "subgroup",
    "indicator",
    "value",
    "value_as_printed",
    "qualifier",
    "unit",
    "comparator",
    "comparator_as_printed",
    "comparator_qualifier",
    "comparator_definition",
    "stated_ratio",
    "series",
    "basis",
    "attributed_to",
    "published",
    "source_id",
    "note",
]


def esc(
    rid,
    start,
    end,
    indicator,
    value,
    series,
    partial=False,
    subgroup="",
    comparator=math.nan,
    printed=None,
    qualifier="",
    period=None,
):
    return [
        rid,
        period or (f"{start}" if start == end else f"{start}-{end}"),
        start,
        end,
        partial,
        subgroup,
        indicator,
        value,
        printed or f"{value:g}",
        qualifier,
        "u",
        comparator,
        "" if math.isnan(comparator) else f"{comparator:g}",
        "",
        "",
        "",
        series,
        "b",
        "a",
        "2024",
        "src-1",
        "",
    ]


ESCAPEE = pd.DataFrame(
    [
        esc("E13", 2015, 2015, "suicide_count", 9, "kim_do_eup_2016"),
        esc("E14", 2016, 2016, "suicide_count", 4, "kim_do_eup_2016", partial=True, period="2016 (Jan-Aug)"),
        esc("E15", 2017, 2017, "suicide_count", 8, "kim_young_joo_2020"),
        esc("E17", 2018, 2018, "suicide_count", 13, "kim_young_joo_2020"),
        esc("E19", 2019, 2019, "suicide_count", 8, "kim_young_joo_2020"),
        esc("E23", 2013, 2022, "suicide_count", 100, "wi_sung_lac_2024"),
        esc("E25", 2020, 2020, "suicide_count", 9, "wi_sung_lac_2024"),
        esc("E26", 2021, 2021, "suicide_count", 18, "wi_sung_lac_2024"),
        esc("E27", 2022, 2022, "suicide_count", 15, "wi_sung_lac_2024"),
        esc("E28", 2020, 2020, "suicide_count", 7, "hong_ki_won_2024"),
        esc("E29", 2021, 2021, "suicide_count", 6, "hong_ki_won_2024"),
        esc("E30", 2022, 2022, "suicide_count", 15, "hong_ki_won_2024"),
        esc("E04a", 2015, 2015, "suicide_count", 99, "kim_do_eup_2016", subgroup="aged 10s-20s"),
        esc("E01", 2006, 2020, "suicide_rate_per_100k", 27.3, "mou_2022", comparator=27.1),
        esc("E02", None, None, "suicide_rate_per_100k", 46, "mou_2026", comparator=27, period="past three years"),
        esc("E21", 2019, 2019, "suicide_share_of_deaths_pct", 10.1, "kim_young_joo_2020", comparator=4.5),
        esc(
            "E22",
            2016,
            2020,
            "suicide_share_of_deaths_pct",
            math.nan,
            "nhrck_2022",
            printed="~10",
            qualifier="approximate",
        ),
        esc(
            "E10a", 2015, 2015, "suicide_share_of_deaths_pct", 15.2, "won_hye_young_2015", partial=True, comparator=5.4
        ),
        esc("E99", 2014, 2015, "suicide_share_of_deaths_pct", 10.0, "toy"),
    ],
    columns=ESC_COLS,
)
for c in ("period_start", "period_end"):
    ESCAPEE[c] = ESCAPEE[c].astype("Int64")

KOS_COLS = ["row_id", "year", "indicator", "sex", "age_group", "value", "status", "adopted"]


def kos(rows):
    return pd.DataFrame(rows, columns=KOS_COLS)


def kos_row(row_id, year, indicator, value, sex="total", age_group="", status="final", adopted=True):
    """A processed-KOSTAT row: for both sexes and all ages, final and adopted unless said."""
    return [row_id, year, indicator, sex, age_group, value, status, adopted]


# Toy KOSTAT rates: round numbers so that expected counts can be worked out by hand.
TOY_KOSTAT = kos(
    [
        kos_row("K1", 2020, "crude_suicide_rate", 20.0),
        kos_row("K2", 2021, "crude_suicide_rate", 30.0),
        kos_row("K3", 2020, "crude_suicide_rate", 40.0, sex="male"),
        kos_row("K4", 2020, "crude_suicide_rate", 10.0, sex="female"),
        kos_row("K5", 2021, "crude_suicide_rate", 50.0, sex="male"),
        kos_row("K6", 2021, "crude_suicide_rate", 20.0, sex="female"),
        kos_row("K7", 2021, "crude_suicide_rate", 99.0, status="provisional", adopted=False),  # not adopted: never used
    ]
)

# Toy cumulative arrivals at year-end (persons).
CUM = pd.DataFrame(
    {"male": [1000, 2000, 3000], "female": [3000, 4000, 7000], "total": [4000, 6000, 10000]},
    index=pd.Index([2019, 2020, 2021], name="end_year"),
)


# ---------------------------------------------------------------------------------------------- person-years
def test_person_years_midyear_two_year_toy():
    py = su.person_years(CUM, 2020, 2021, "midyear_cumulative")
    # 2020: (4000 + 6000) / 2 = 5000; 2021: (6000 + 10000) / 2 = 8000; men: 1500, 2500; women: 3500, 5500
    assert py["total"].tolist() == [5000.0, 8000.0]
    assert py["male"].tolist() == [1500.0, 2500.0]
    assert py["female"].tolist() == [3500.0, 5500.0]


def test_person_years_yearend():
    py = su.person_years(CUM, 2020, 2021, "yearend_cumulative")
    assert py["total"].tolist() == [6000.0, 10000.0]


def test_person_years_missing_previous_year_names_it():
    with pytest.raises(DataError, match="end of 2018.*suicide_period_start/suicide_period_end"):
        su.person_years(CUM, 2019, 2020, "midyear_cumulative")


def test_person_years_unknown_denominator():
    with pytest.raises(DataError, match="denominator must be one of"):
        su.person_years(CUM, 2020, 2021, "residents")


# ---------------------------------------------------------------------------------------------- counts
def test_pooled_count_wi_vs_hong_2020_2022():
    wi = su.pooled_count(ESCAPEE, 2020, 2022, "wi_sung_lac_2024")
    hong = su.pooled_count(ESCAPEE, 2020, 2022, "hong_ki_won_2024")
    assert (wi.count, hong.count) == (9 + 18 + 15, 7 + 6 + 15) == (42, 28)
    assert wi.by_year == {2020: 9, 2021: 18, 2022: 15}
    assert wi.series == "wi_sung_lac_2024" and hong.record_ids == ("E28", "E29", "E30")


def test_pooled_count_is_remembered_by_content_and_a_changed_table_is_counted_again():
    first = su.pooled_count(ESCAPEE, 2020, 2022, "wi_sung_lac_2024")
    assert su.pooled_count(ESCAPEE.copy(), 2020, 2022, "wi_sung_lac_2024") is first  # equal content, one result
    changed = ESCAPEE.copy()
    changed.loc[changed["record_id"] == "E26", "value"] = 20  # Wi's 2021: 18 -> 20 (a new table object)
    assert su.pooled_count(changed, 2020, 2022, "wi_sung_lac_2024").count == 9 + 20 + 15
    at = id(changed)
    assert at in su._KEYS
    del changed  # a freed table's key is dropped with it (no growth over a long session)
    gc.collect()
    assert at not in su._KEYS
    for _ in range(2):  # a gap's error is remembered and raised again, whole
        with pytest.raises(DataError, match="no published full-year escapee suicide count for 2016"):
            su.pooled_count(ESCAPEE, 2016, 2016, "wi_sung_lac_2024")


def test_pooled_count_single_series_years_ignore_the_parameter():
    pc = su.pooled_count(ESCAPEE, 2017, 2019, "hong_ki_won_2024")
    assert pc.count == 8 + 13 + 8 == 29 and pc.series == "kim_young_joo_2020"


def test_pooled_count_mixed_series_label():
    pc = su.pooled_count(ESCAPEE, 2019, 2021, "wi_sung_lac_2024")
    assert pc.count == 8 + 9 + 18
    assert pc.series == "kim_young_joo_2020 (2019) + wi_sung_lac_2024 (2020-2021)"


def test_pooled_count_uses_a_published_period_total_of_the_chosen_series():
    pc = su.pooled_count(ESCAPEE, 2013, 2022, "wi_sung_lac_2024")
    assert pc.count == 100 and pc.published_total and pc.record_ids == ("E23",)


def test_pooled_count_gap_names_year_and_parameters():
    with pytest.raises(DataError) as err:
        su.pooled_count(ESCAPEE, 2015, 2017, "wi_sung_lac_2024")
    msg = str(err.value)
    assert "no published full-year escapee suicide count for 2016" in msg
    assert "2016 (Jan-Aug): 4" in msg  # what was published instead is said, not used
    assert "suicide_period_start/suicide_period_end = 2015/2017" in msg


def test_pooled_count_hong_2013_2022_puts_hongs_years_into_wis_total():
    # counts_series chooses only the years both lawmakers counted: Wi's total with Hong's 2020-2022 in place
    pc = su.pooled_count(ESCAPEE, 2013, 2022, "hong_ki_won_2024")
    assert pc.count == 100 - (9 + 18 + 15) + (7 + 6 + 15) == 86
    assert pc.substituted == {2020: (9, 7), 2021: (18, 6), 2022: (15, 15)}
    assert pc.series == "wi_sung_lac_2024 (2013-2019) + hong_ki_won_2024 (2020-2022)"
    assert set(pc.record_ids) == {"E23", "E25", "E26", "E27", "E28", "E29", "E30"}


def test_pooled_count_hong_2013_2021_derives_then_substitutes():
    pc = su.pooled_count(ESCAPEE, 2013, 2021, "hong_ki_won_2024")
    assert pc.count == (100 - 15) - (9 + 18) + (7 + 6) == 71


def test_pooled_count_hong_without_own_years_is_wis_derived_count():
    wi = su.pooled_count(ESCAPEE, 2013, 2019, "wi_sung_lac_2024")
    hong = su.pooled_count(ESCAPEE, 2013, 2019, "hong_ki_won_2024")
    assert wi.count == hong.count == 100 - 9 - 18 - 15 == 58 and not hong.substituted


def test_pooled_count_future_year_is_a_gap():
    with pytest.raises(DataError, match="for 2023"):
        su.pooled_count(ESCAPEE, 2022, 2023, "wi_sung_lac_2024")


def test_subgroup_counts_are_never_pooled():
    assert su.pooled_count(ESCAPEE, 2015, 2015, "kim_do_eup_2016").count == 9  # not 99 (aged 10s-20s)


# ---------------------------------------------------------------------------------------------- ratios
def test_crude_comparison_by_hand():
    py = su.person_years(CUM, 2020, 2021, "midyear_cumulative")
    comp = su.crude_comparison(6, py, TOY_KOSTAT, 0.95)
    # E = 20 * 5000 / 1e5 + 30 * 8000 / 1e5 = 1.0 + 2.4 = 3.4; ratio = 6 / 3.4
    assert comp.expected == pytest.approx(3.4)
    assert comp.ratio.value == pytest.approx(6 / 3.4)
    lo, hi = stats.poisson_exact_ci(6, 0.95)
    assert (comp.ratio.lower, comp.ratio.upper) == pytest.approx((lo / 3.4, hi / 3.4))
    assert comp.rate == pytest.approx(6 / 13000 * 1e5)
    assert comp.reference_rate == pytest.approx(3.4 / 13000 * 1e5)


def test_sex_adjusted_smr_by_hand():
    py = su.person_years(CUM, 2020, 2021, "midyear_cumulative")
    comp = su.sex_adjusted_comparison(6, py, TOY_KOSTAT, 0.95)
    # E = (40*1500 + 10*3500 + 50*2500 + 20*5500) / 1e5 = (60000 + 35000 + 125000 + 110000) / 1e5 = 3.3
    assert comp.expected == pytest.approx(3.3)
    assert comp.ratio.value == pytest.approx(6 / 3.3)


def test_sex_adjusted_smr_needs_published_sex_rates():
    k = TOY_KOSTAT[~((TOY_KOSTAT["year"] == 2021) & (TOY_KOSTAT["sex"] == "female"))]
    py = su.person_years(CUM, 2020, 2021, "midyear_cumulative")
    with pytest.raises(DataError, match="female crude suicide rates.*not published for 2021"):
        su.sex_adjusted_comparison(6, py, k, 0.95)


def test_crude_comparison_missing_kostat_year():
    py = su.person_years(CUM, 2020, 2021, "midyear_cumulative")
    k = TOY_KOSTAT[TOY_KOSTAT["row_id"] != "K2"]
    with pytest.raises(DataError, match="crude suicide rates not published for 2021"):
        su.crude_comparison(6, py, k, 0.95)


def test_real_2020_2022_crude_ratio_reproduces_hand_arithmetic():
    """MOU running sums 33,523 / 33,752 / 33,815 / 33,882 and KOSTAT 25.7, 26.0, 25.2 (published)."""
    cum = pd.DataFrame(
        {
            "male": [9363, 9435, 9475, 9510],
            "female": [24160, 24317, 24340, 24372],
            "total": [33523, 33752, 33815, 33882],
        },
        index=[2019, 2020, 2021, 2022],
    )
    k = kos(
        [
            kos_row("a", 2020, "crude_suicide_rate", 25.7),
            kos_row("b", 2021, "crude_suicide_rate", 26.0),
            kos_row("c", 2022, "crude_suicide_rate", 25.2),
        ]
    )
    py = su.person_years(cum, 2020, 2022, "midyear_cumulative")
    assert py["total"].sum() == 33637.5 + 33783.5 + 33848.5
    comp = su.crude_comparison(42, py, k, 0.95)
    expected = (25.7 * 33637.5 + 26.0 * 33783.5 + 25.2 * 33848.5) / 1e5
    assert comp.ratio.value == pytest.approx(42 / expected)
    assert comp.rate == pytest.approx(41.47, abs=0.01)


# ---------------------------------------------------------------------------------------------- published
def test_published_mou_ratios_reproduce():
    pub = su.published_rate_comparisons(ESCAPEE).set_index("record_id")
    assert pub.at["E01", "ratio"] == pytest.approx(27.3 / 27.1) == pytest.approx(1.00738, abs=1e-5)
    assert pub.at["E02", "ratio"] == pytest.approx(46 / 27)


# ---------------------------------------------------------------------------------------------- shares
SHARE_KOSTAT = kos(
    [
        kos_row("s14", 2014, "suicide_deaths", 13836),
        kos_row("s15", 2015, "suicide_deaths", 13513),
        kos_row("d15", 2015, "total_deaths_all_causes", 275895),
        kos_row("c15", 2015, "total_deaths_all_causes_change_from_previous_year", 8203),
        kos_row("s19", 2019, "suicide_deaths", 13799),
        kos_row("d19", 2019, "total_deaths_all_causes", 295110),
    ]
)


def test_kostat_pooled_share_is_sum_over_sum():
    share, s, d, derived = su.kostat_pooled_share(SHARE_KOSTAT, 2014, 2015)
    # 2014 deaths derived: 275,895 - 8,203 = 267,692
    assert (s, d) == (13836 + 13513, 267692 + 275895)
    assert share == pytest.approx((13836 + 13513) / (267692 + 275895))
    assert derived == [2014]
    assert share != pytest.approx((13836 / 267692 + 13513 / 275895) / 2, rel=1e-6)  # not a mean of shares


def test_kostat_share_2015_reproduces_nams_4_9_percent():
    share, *_ = su.kostat_pooled_share(SHARE_KOSTAT, 2015, 2015)
    assert round(share * 100, 1) == 4.9


def test_kostat_pooled_share_gap():
    with pytest.raises(DataError, match="suicide deaths not published for 2016"):
        su.kostat_pooled_share(SHARE_KOSTAT, 2015, 2016)
    with pytest.raises(DataError, match="all-cause deaths not published for 2014"):  # no 2015 change to derive it
        su.kostat_pooled_share(SHARE_KOSTAT[SHARE_KOSTAT["row_id"] != "c15"], 2014, 2015)


def test_share_comparisons():
    sc = su.share_comparisons(ESCAPEE, SHARE_KOSTAT).set_index("record_id")
    assert sc.at["E21", "ratio"] == pytest.approx(0.101 / (13799 / 295110))
    assert sc.at["E21", "stated_basis_ratio"] == pytest.approx(10.1 / 4.5)
    assert sc.at["E99", "ratio"] == pytest.approx(0.10 / ((13836 + 13513) / (267692 + 275895)))
    assert math.isnan(sc.at["E22", "ratio"]) and "'~10'" in sc.at["E22", "why_no_ratio"]
    assert math.isnan(sc.at["E10a", "ratio"]) and "part of a year" in sc.at["E10a", "why_no_ratio"]


# ---------------------------------------------------------------------------------------------- table, grid
def test_estimates_table_and_grid_on_toys():
    esc_rows = ESCAPEE[ESCAPEE["series"].isin(["wi_sung_lac_2024", "hong_ki_won_2024", "mou_2022"])]
    toy = esc_rows.copy()
    toy.loc[toy["record_id"] == "E25", "period_start"] = 2020
    table = su.estimates_table(toy, TOY_KOSTAT, CUM, 2020, 2021, "wi_sung_lac_2024", "midyear_cumulative", 0.95)
    assert list(table["basis"]) == ["published_rate", "crude_ratio", "sex_adjusted_smr"]
    crude = table[table["basis"] == "crude_ratio"].iloc[0]
    assert crude["observed"] == 27 and crude["value"] == pytest.approx(27 / 3.4)
    assert table["risk_ratio"].all()
    grid = su.sensitivity_grid(
        toy,
        TOY_KOSTAT,
        CUM,
        [(2020, 2021), (2021, 2022)],
        ["wi_sung_lac_2024", "hong_ki_won_2024"],
        ["midyear_cumulative"],
        0.95,
    )
    ok = grid[grid["gap"] == ""]
    assert sorted(ok["observed"]) == [13, 27]  # Hong 7 + 6, Wi 9 + 18
    assert (grid["gap"] != "").sum() == 1  # 2021-2022 lacks KOSTAT/arrivals for 2022 -> one gap row


# ---------------------------------------------------------------------------------------------- age, wording, NHIS
def test_age_direction_lists_every_band_and_asserts_no_direction():
    k = kos(
        [
            kos_row("A0", 2020, "crude_suicide_rate", 25.0),
            kos_row("A1", 2020, "crude_suicide_rate_by_age", 60.0, age_group="80+"),
            kos_row("A2", 2020, "crude_suicide_rate_by_age", 6.0, age_group="10-19"),
            kos_row("A3", 2020, "crude_suicide_rate_by_age", 29.0, age_group="40-49"),
            kos_row("A4", 2020, "crude_suicide_rate_by_age", 21.0, age_group="20-29"),
        ]
    )
    a = su.age_direction(k, 2020)
    assert list(a["by_age"]) == ["10-19", "20-29", "40-49", "80+"]  # every band, in age order
    assert a["below"] == ["10-19", "20-29"]
    assert a["above"] == ["40-49", "80+"]  # working ages above the all-ages rate, not only old age
    assert a["direction"] == "not established"
    with pytest.raises(DataError):
        su.age_direction(k, 2021)


def test_wording_en_keeps_korean_and_adds_english():
    assert su.wording_en("3배 수준") == '3배 수준 ("about three times")'
    assert su.wording_en("3배 이상") == '3배 이상 ("more than three times")'
    assert su.wording_en("2배 이상") == '2배 이상 ("more than twice")'
    assert su.wording_en("1.7배 / about 1.7 times") == "1.7배 / about 1.7 times"
    assert su.wording_en(math.nan) == ""


def test_nhis_cohort_ratio_and_flag():
    rows = ESCAPEE.copy()
    extra = pd.DataFrame(
        [
            esc(
                "E34a",
                2003,
                2018,
                "suicide_rate_per_100k_person_years",
                24.0,
                "kim_chae_bong_2026",
                subgroup="adults 20+",
            ),
            esc(
                "E34b",
                2003,
                2018,
                "age_adjusted_suicide_rate_per_100k",
                10.3,
                "kim_chae_bong_2026",
                subgroup="adults 20+",
                comparator=33.7,
            ),
        ],
        columns=ESC_COLS,
    )
    n = su.nhis_cohort(pd.concat([rows, extra], ignore_index=True))
    assert n["ratio"] == pytest.approx(10.3 / 33.7)  # 0.3056
    assert n["crude_rate"] == 24.0 and n["adjusted_below_crude"]
    assert n["record_ids"] == ["E34a", "E34b"]
    with pytest.raises(DataError):
        su.nhis_cohort(ESCAPEE)


def test_wording_en_slash_separated_parts():
    assert su.wording_en("2배 / 두 배 이상") == '2배 / 두 배 이상 ("twice / more than twice")'
