"""Survey cleaning and comparisons on tiny inline tables, with values worked out by hand.

The inline rows are published figures (Hana and NKDB releases as reported), so several tests also
reproduce an aggregate the source itself stated (a gap, a ratio) from the two published rates.
"""

import math

import pandas as pd
import pytest
from rawtables import raw_csv

from analysis.cleaning import surveys as cs
from analysis.cleaning.clean import Where
from analysis.errors import DataError
from analysis.methods import surveys as sv

Z95 = 1.959963984540054


SOURCES = cs.tidy_sources(
    pd.DataFrame(
        [
            [
                "hana-foundation-2023-12-27",
                "Korea Hana Foundation",
                "t1",
                "http://a",
                "2023-12-27",
                "ko",
                "2026-11-24",
                "",
            ],
            ["fnnews-2023-12-27", "FN News", "t2", "http://b", "2023-12-27", "ko", "2026-11-24", ""],
            ["newspim-2020-02-26", "Newspim", "t3", "http://c", "2020-02-26", "ko", "2026-11-24", ""],
            ["kbs-jp-2020-03", "KBS", "t4", "http://d", "2020-03", "ja", "2026-11-24", ""],
            ["undated", "Blog", "t5", "http://e", "", "ko", "2026-11-24", ""],
            ["unityinfo-2023", "Unityinfo", "t6", "http://f", "2023", "ko", "2026-11-24", ""],
            ["bokjiro-2013-01", "Bokjiro", "t7", "http://g", "2013-01", "ko", "2026-11-24", ""],
            ["jkn-2013-01", "JKN", "t8", "http://h", "2013-01", "ko", "2026-11-24", ""],
        ],
        columns=["source_id", "publisher", "title", "url", "date_published", "language", "accessed", "note"],
    )
)

# Hana 2023 (press release 27 Dec 2023; general-population rates from Statistics Korea via FN News, which
# states the gaps: employment 3.0pp, unemployment 1.8pp), Hana 2012 and NKDB 2012 / 2023.
HANA = raw_csv(
    "survey_hana",
    """
    row_id,survey_year,publication_year,indicator,group,value,unit,sample_size,source_id,note
    H130,2023,2023,labour_force_participation_rate,defectors,63.4,percent,2500,hana-foundation-2023-12-27,
    H131,2023,2023,employment_rate,defectors,60.5,percent,2500,hana-foundation-2023-12-27,
    H132,2023,2023,unemployment_rate,defectors,4.5,percent,2500,hana-foundation-2023-12-27,
    H133,2023,2023,employment_rate,general_public,63.5,percent,,fnnews-2023-12-27,gap 3.0pp
    H134,2023,2023,unemployment_rate,general_public,2.7,percent,,fnnews-2023-12-27,gap 1.8pp
    H135,2023,2023,labour_force_participation_rate,general_public,65.3,percent,,fnnews-2023-12-27,
    H019,2012,2013,labour_force_participation_rate,defectors,54.1,percent,9493,jkn-2013-01,
    H021,2012,2013,unemployment_rate,defectors,7.5,percent,9493,jkn-2013-01,
    H053,2014,2015,suicidal_impulse,defectors,20,percent,12777,newspim-2020-02-26,'more than 20 percent'
    H155,2024,2025,employment_rate,general_public,69.5,percent,,fnnews-2023-12-27,CAUTION: likely 15-64 basis
    H150,2024,2024,employment_rate,defectors,60.1,percent,,fnnews-2023-12-27,
    """,
)
NKDB = raw_csv(
    "survey_nkdb",
    """
    row_id,survey_year,publication_year,indicator,group,value,unit,sample_size,source_id,note
    K027,2012,2013,unemployment_rate,defectors,19.9,percent,403,bokjiro-2013-01,
    K031,2012,2013,inactive_share,defectors,47.6,percent,403,bokjiro-2013-01,
    K069,2023,2023,labour_force_participation_rate,defectors,68.0,percent,400,unityinfo-2023,272 of 400
    K070,2023,2023,unemployment_rate,defectors,5.5,percent,400,unityinfo-2023,15 of 272
    K073,2023,2023,avg_monthly_wage,defectors_wage_workers,2128200,KRW,220,unityinfo-2023,
    K074,2023,2023,avg_monthly_wage,general_public_wage_workers,3007000,KRW,,unityinfo-2023,
    K075,2023,2023,wage_ratio_to_general_public,defectors,70.8,percent,,unityinfo-2023,
    """,
)


@pytest.fixture(scope="module")
def both():
    return cs.tidy_surveys(HANA, NKDB, SOURCES, "latest")


# ---------------------------------------------------------------- parsing and tidy rows
def test_tidy_row_parsed(both):
    row = both.set_index("row_id").loc["H021"]
    assert (row.source, row.survey_year, row.publication_year, row.value, row.unit, row.sample_size) == (
        "hana",
        2012,
        2013,
        7.5,
        "percent",
        9493,
    )
    assert row.published == "2013-01"  # the source's publication date, not the survey year
    assert pd.isna(both.set_index("row_id").loc["H133", "sample_size"])
    assert both.set_index("row_id").loc["K073", "value"] == 2128200.0


def test_qualifier_and_flag(both):
    rows = both.set_index("row_id")
    assert rows.loc["H053", "qualifier"] == "more than"
    assert rows.loc["H155", "flag"] == "caution"
    assert pd.isna(rows.loc["H131", "qualifier"]) and pd.isna(rows.loc["H131", "flag"])
    assert cs.qualifier_of("earn per work ~40 (39.4)", 47.3) is None  # the ~ belongs to another number
    assert cs.qualifier_of("'about 72%'.", 72.0) == "about"
    assert cs.flag_of("AMBIGUOUS YEAR: Korea Times ...") == "ambiguous_year"
    assert cs.flag_of("NKDB's 2012 figure was 19.9%") is None


def test_qualified_value_kept_out_of_arithmetic(both):
    assert len(sv.series(both, "hana", "suicidal_impulse")) == 0
    assert sv.series(both, "hana", "suicidal_impulse", arithmetic=False)["value"].tolist() == [20.0]


@pytest.mark.parametrize(
    "column, text, message",
    [
        (
            "value",
            "about 20",
            "row 2, column 'value': expected a published number such as 42.6 or 1,431,000, got 'about 20'",
        ),
        ("value", "1,43", "row 2, column 'value': expected a published number"),
        ("value", "120", "row 2, column 'value': a percentage must be between 0 and 100, got '120'"),
        ("unit", "%", "row 2, column 'unit': expected one of percent, pp, KRW, months, hours, count, got '%'"),
        ("sample_size", "2,50", "row 2, column 'sample_size': expected a whole count"),
        ("sample_size", "0", "row 2, column 'sample_size': a sample size must be at least 1"),
        ("survey_year", "23", "row 2, column 'survey_year': expected a four-digit year such as 2023"),
        (
            "publication_year",
            "2023-2024",
            "row 2, column 'publication_year': expected a publication year such as 2013 or 2023/2024",
        ),
        (
            "publication_year",
            "2024/2023",
            "row 2, column 'publication_year': publication years '2024/2023' are not in order",
        ),
        ("source_id", "nowhere-2023", "row 2, column 'source_id': 'nowhere-2023' is not in data/raw/sources.csv"),
        (
            "group",
            "escapees",
            "row 2, column 'group': expected defectors[_...] or general_public[_...], got 'escapees'",
        ),
    ],
)
def test_malformed_cells_name_file_row_column(column, text, message):
    bad = HANA.iloc[[1]].copy().reset_index(drop=True)
    bad.loc[0, column] = text
    bad.attrs["source_file"] = "data/raw/survey_hana.csv"
    with pytest.raises(DataError) as err:
        cs.tidy_survey(bad, "hana", SOURCES)
    assert str(err.value).startswith("data/raw/survey_hana.csv " + message.split(": ")[0])
    assert message in str(err.value)


def test_publication_years_two_releases():
    assert cs.parse_publication_years("2023/2024", Where("f", 2, "publication_year")) == (2023, "2023/2024")
    assert cs.parse_publication_years("", Where("f", 2, "publication_year")) == (None, None)


# ---------------------------------------------------------------- vintages
# 2019 life satisfaction: Newspim (26 Feb 2020) 74.2; KBS Japanese (Mar 2020) 74.1.
VINTAGES = raw_csv(
    "survey_hana",
    """
    row_id,survey_year,publication_year,indicator,group,value,unit,sample_size,source_id,note
    H094,2019,2020,satisfied_with_life_in_SK,defectors,74.2,percent,2741,newspim-2020-02-26,
    H900,2019,2020,satisfied_with_life_in_SK,defectors,74.1,percent,2741,kbs-jp-2020-03,
    """,
)


@pytest.mark.parametrize("rule, expected", [("latest", 74.1), ("first", 74.2)])
def test_vintage_rule_chooses(rule, expected):
    long = cs.adopt(cs.tidy_survey(VINTAGES, "hana", SOURCES), rule)
    assert long.loc[long.adopted, "value"].tolist() == [expected]
    assert set(long["vintage_rule"]) == {rule}
    assert cs.quantities_with_vintages(long) == 1


def test_vintage_with_an_undated_value_is_an_error():
    undated = VINTAGES.copy()
    undated.loc[1, ["publication_year", "source_id"]] = ["", "undated"]
    with pytest.raises(
        DataError,
        match=r"survey_hana.csv rows 2, 3: different values for satisfied_with_life_in_SK .* no publication date",
    ):
        cs.adopt(cs.tidy_survey(undated, "hana", SOURCES), "latest")


def test_vintage_rule_must_be_known():
    with pytest.raises(DataError, match="vintage rule must be 'latest' or 'first', got 'newest'"):
        cs.adopt(cs.tidy_survey(VINTAGES, "hana", SOURCES), "newest")


# ---------------------------------------------------------------- comparisons
def test_gap_in_pp_reproduces_the_published_gaps(both):
    # FN News (27 Dec 2023): employment gap 3.0pp, unemployment gap 1.8pp; Asia Today: participation gap 1.9pp.
    assert sv.gap_pp(both, "hana", "employment_rate").loc[2023].tolist() == [60.5, 63.5, -3.0]
    assert sv.gap_pp(both, "hana", "unemployment_rate").loc[2023, "gap_pp"] == 1.8
    assert sv.gap_pp(both, "hana", "labour_force_participation_rate").loc[2023, "gap_pp"] == -1.9


def test_caution_comparator_is_not_used(both):
    # Hana 2024 employment 60.1 against a 15-64 basis 69.5 would be a spurious 9.4pp gap.
    assert 2024 not in sv.gap_pp(both, "hana", "employment_rate").index


def test_wage_ratio_reproduces_nkdb_published_ratio(both):
    row = sv.wage_comparison(both, "nkdb").loc[2023]
    assert row.ratio_pct == pytest.approx(2128200 / 3007000 * 100)  # 70.775...
    assert round(row.ratio_pct, 1) == both.set_index("row_id").loc["K075", "value"] == 70.8
    assert row.gap_krw == 878800.0


def test_wage_comparison_two_comparators_is_an_error():
    two = pd.concat(
        [
            NKDB,
            raw_csv(
                "survey_nkdb",
                """
                row_id,survey_year,publication_year,indicator,group,value,unit,sample_size,source_id,note
                K999,2023,2023,avg_monthly_wage,general_public,3100000,KRW,,unityinfo-2023,
                """,
            ),
        ],
        ignore_index=True,
    )
    two.attrs["source_file"] = "data/raw/survey_nkdb.csv"
    long = cs.adopt(cs.tidy_survey(two, "nkdb", SOURCES), "latest")
    with pytest.raises(DataError, match="two general-population comparators for survey year 2023"):
        sv.wage_comparison(long, "nkdb")


def test_wilson_for_a_published_percent_and_n():
    # p = 0.5, n = 100: centre 0.5, half-width z*sqrt(0.25/100 + z^2/40000) / (1 + z^2/100) = 0.0961683
    lo, hi = sv.wilson_pct(50.0, 100, 0.95)
    half = Z95 * math.sqrt(0.25 / 100 + Z95**2 / 40000) / (1 + Z95**2 / 100)
    assert (lo, hi) == pytest.approx((50 - 100 * half, 50 + 100 * half), abs=1e-9)
    assert (round(lo, 4), round(hi, 4)) == (40.3832, 59.6168)
    assert all(math.isnan(x) for x in sv.wilson_pct(50.0, None, 0.95))


def test_interval_bases(both):
    hana = sv.with_intervals(both, "hana", "employment_rate", 0.95)
    assert hana.loc[2023, "base"] == 2500 and math.isnan(hana.loc[2024, "base"])  # 2024: n not published
    # unemployment over the economically active: NKDB 2023 400 x 68.0% = 272 (as NKDB printed, 15 of 272)
    nkdb = sv.with_intervals(both, "nkdb", "unemployment_rate", 0.95)
    assert nkdb.loc[2023, "base"] == pytest.approx(272.0)
    assert (nkdb.loc[2023, "lower"], nkdb.loc[2023, "upper"]) == pytest.approx(sv.wilson_pct(5.5, 272, 0.95))
    # NKDB 2012 has no participation rate, only the inactive share: 403 x (100 - 47.6)% = 211.172
    assert nkdb.loc[2012, "base"] == pytest.approx(211.172)
    assert sv.with_intervals(both, "hana", "unemployment_rate", 0.95).loc[2012, "base"] == pytest.approx(9493 * 0.541)


def test_surveys_are_never_spliced(both):
    with pytest.raises(DataError, match="never spliced"):
        sv.series(both, ["hana", "nkdb"], "unemployment_rate")
    with pytest.raises(DataError, match="never spliced"):
        sv.series(both, "both", "unemployment_rate")
    with pytest.raises(DataError, match=r"mixes surveys \(hana, nkdb\)"):
        sv.require_one_source(both)
    assert sv.require_one_source(sv.select(both, "nkdb")) == "nkdb"
    # the comparison keeps both, side by side: NKDB 19.9% against Hana 7.5% in 2012
    side = sv.compare_surveys(both, "unemployment_rate", 0.95)
    assert side.loc[2012, ["value_hana", "value_nkdb"]].tolist() == [7.5, 19.9]
    assert side.loc[2012, "difference_pp"] == pytest.approx(12.4)
    assert side.loc[2012, "lower_nkdb"] > side.loc[2012, "upper_hana"]  # the intervals do not overlap


# ---------------------------------------------------------------- claims, facts, sources
CLAIMS = pd.DataFrame(
    [
        [
            "C07",
            "sex",
            "Around 70 percent",
            "women_share",
            "quantitative",
            "70",
            "percent",
            "jkn-2013-01",
            "'Around 70 percent'.",
        ],
        [
            "C08",
            "survey",
            "71.2 percent ...",
            "nkdb_2023_workplace_discrimination_pct",
            "quantitative",
            "71.2",
            "percent",
            "jkn-2013-01",
            cs.CITED_NOT_FOUND + " (the dossier could not open the report). UNVERIFIED.",
        ],
        ["C13", "politics", "Several", "escapees_elected", "qualitative", "", "persons", "jkn-2013-01", ""],
    ],
    columns=["claim_id", "topic", "quote", "quantity", "kind", "claimed_value", "claimed_unit", "source_id", "note"],
)


def test_claims_and_cited_not_found(both):
    claims = cs.tidy_claims(CLAIMS, SOURCES)
    assert claims["claimed_value"].iloc[0] == 70.0 and math.isnan(claims["claimed_value"].iloc[2])
    cited = sv.cited_not_found(claims)
    assert cited["claim_id"].tolist() == ["C08"]
    assert sv.find_value(both, 71.2).empty
    assert sv.find_value(both, 68.0)["row_id"].tolist() == ["K069"]


def test_claims_bad_value_names_the_cell():
    bad = CLAIMS.copy()
    bad.loc[0, "claimed_value"] = "~70"
    bad.attrs["source_file"] = "data/raw/article_claims.csv"
    with pytest.raises(
        DataError, match=r"^data/raw/article_claims.csv row 2, column 'claimed_value': expected a published number"
    ):
        cs.tidy_claims(bad, SOURCES)


def test_facts_values_dates_and_qualifiers():
    raw = pd.DataFrame(
        [
            ["F01", "hanawon", "Hanawon opened on 8 July 1999", "1999-07-08", "date", "jkn-2013-01", ""],
            [
                "F05",
                "hanawon",
                "About 31,000 people had gone through Hanawon",
                "31,000",
                "persons",
                "jkn-2013-01",
                "'about'",
            ],
            ["F07", "hanawon", "capacity at opening was 150", "150", "persons", "jkn-2013-01", ""],
        ],
        columns=["fact_id", "topic", "statement", "value", "unit", "source_id", "note"],
    )
    facts = cs.tidy_facts(raw, SOURCES).set_index("fact_id")
    assert facts.loc["F01", "date"] == "1999-07-08" and math.isnan(facts.loc["F01", "value"])
    assert (facts.loc["F05", "value"], facts.loc["F05", "qualifier"]) == (31000.0, "about")
    assert pd.isna(facts.loc["F07", "qualifier"])
    raw.loc[1, "value"] = "31,00"
    raw.attrs["source_file"] = "data/raw/facts.csv"
    with pytest.raises(DataError, match=r"^data/raw/facts.csv row 3, column 'value': expected a published number"):
        cs.tidy_facts(raw, SOURCES)


def test_sources_duplicate_and_bad_date():
    raw = pd.DataFrame(
        [["a", "P", "T", "http://x", "2020-1-5", "en", "2026-11-24", ""]],
        columns=["source_id", "publisher", "title", "url", "date_published", "language", "accessed", "note"],
    )
    raw.attrs["source_file"] = "data/raw/sources.csv"
    with pytest.raises(
        DataError, match=r"^data/raw/sources.csv row 2, column 'date_published': expected a publication date"
    ):
        cs.tidy_sources(raw)
    dup = pd.concat([raw, raw], ignore_index=True).assign(date_published="2020")
    dup.attrs["source_file"] = "data/raw/sources.csv"
    with pytest.raises(DataError, match=r"rows 2, 3, column 'source_id': 'a' is listed more than once"):
        cs.tidy_sources(dup)


# ---------------------------------------------------------------- reading the tables: changes, census rounds, labels
def test_published_discrimination_step_that_overlapping_intervals_missed():
    # Hana 2017 23.1% of 2,715 -> 2018 20.2% of 2,725: the 95% intervals overlap, the test finds a fall
    a, b = sv.wilson_pct(23.1, 2715, 0.95), sv.wilson_pct(20.2, 2725, 0.95)
    assert a[0] < b[1]
    t = sv.change_test(23.1, 20.2, 2715, 2725, 0.95)
    assert t["word"] == sv.FELL and t["p_value"] < 0.01


def test_census_like_rounds_from_n():
    n = pd.Series({2011: "8,299", 2013: "2,355", 2018: "2,725 / 2,710", 2014: 12777, 2020: None})
    assert sv.census_like(n) == [2011, 2014]
    assert sv.census_like(n, min_n=2500) == [2011, 2014, 2018]


def test_pilot_and_first_full_round():
    assert sv.pilot_rounds([2010, 2011, 2012]) == [2010]
    assert sv.first_full_round([2010, 2011, 2012]) == 2011


def test_participation_derived_from_inactive_share(both):
    p = sv.participation(both, "nkdb")
    assert p.loc[2012, "derived"] and p.loc[2012, "value"] == pytest.approx(100 - 47.6)
    assert not p.loc[2023, "derived"] and p.loc[2023, "value"] == 68.0


def test_labels_and_fallback():
    assert sv.indicator_label("labour_force_participation_rate") == "labour-force participation rate"
    assert sv.group_label("defectors_men") == "escapee men"
    assert sv.indicator_label("some_new_indicator") == "some new indicator"
    assert sv.group_label("defectors_capital_region") == "escapees capital region"


def test_number_in_note():
    assert sv.number_in_note("as printed '240명(62.8%)'; 240/414 = 58.0%", sv.PRINTED_COUNT) == 240
    with pytest.raises(DataError, match="expected a number matching"):
        sv.number_in_note("", sv.PRINTED_COUNT)


# ---------------------------------------------------------------- one n, changes by test, stated gaps
DESIGN = raw_csv(
    "survey_hana",
    """
    row_id,survey_year,publication_year,indicator,group,value,unit,sample_size,source_id,note
    # 2018: 2,725 respondents printed, 3,000 drawn, 90.85% responded (Hankyung 2019-02-25)
    H074,2018,2019,labour_force_participation_rate,defectors,64.8,percent,2725,jkn-2013-01,
    H185,2018,2019,sample_drawn,defectors,3000,count,,jkn-2013-01,
    H186,2018,2019,response_rate,defectors,90.85,percent,,jkn-2013-01,
    # 2022: 2,500 drawn and printed; RFA: 2,198 interviewed
    H115,2022,2022,labour_force_participation_rate,defectors,63.0,percent,2500,jkn-2013-01,
    H189,2022,2022,sample_drawn,defectors,2500,count,,jkn-2013-01,
    H190,2022,2023,completed_interviews,defectors,2198,count,,jkn-2013-01,
    # 2023: 2,500 drawn and printed, response rate 85.1%
    H130,2023,2023,labour_force_participation_rate,defectors,63.4,percent,2500,jkn-2013-01,
    H131,2023,2023,unemployment_rate,defectors,4.5,percent,2500,jkn-2013-01,
    H191,2023,2023,sample_drawn,defectors,2500,count,,jkn-2013-01,
    H192,2023,2023,response_rate,defectors,85.1,percent,,jkn-2013-01,
    H200,2023,2023,employment_rate_gap_vs_general_public,defectors,3.0,pp,,jkn-2013-01,escapees lower
    H133,2023,2023,employment_rate,general_public,63.5,percent,,jkn-2013-01,
    H131b,2023,2023,employment_rate,defectors,60.5,percent,2500,jkn-2013-01,
    # 2011: the two rates give 9.0, a later release states 10.1
    H010,2011,2012,employment_rate,defectors,49.7,percent,8299,jkn-2013-01,
    H013,2011,2012,employment_rate,general_public,58.7,percent,,jkn-2013-01,
    H171,2011,2019,employment_rate_gap_vs_general_public,defectors,10.1,pp,,jkn-2013-01,CONFLICT: later release; escapees lower
    # 2025: only the gap (unemployment, escapees higher); drawn sample only, no rate: flagged
    H158,2025,2025,unemployment_rate,defectors,5.4,percent,2500,jkn-2013-01,
    H178,2025,2025,unemployment_rate_gap_vs_general_public,defectors,2.6,pp,,jkn-2013-01,escapees higher
    H195,2025,2025,sample_drawn,defectors,2500,count,,jkn-2013-01,
    """,
)


@pytest.fixture(scope="module")
def design():
    return cs.tidy_surveys(DESIGN, NKDB, SOURCES, "latest")


def test_completed_n_one_definition(design):
    t = sv.completed_n(design, "hana")
    assert (t.at[2018, "n"], t.at[2018, "basis"]) == (2725, sv.N_RESPONDENTS)  # printed respondents, not 3,000
    assert (t.at[2022, "n"], t.at[2022, "basis"]) == (2198, sv.N_PUBLISHED)
    assert (t.at[2023, "n"], t.at[2023, "basis"]) == (round(2500 * 0.851), sv.N_FROM_RATE) == (2128, sv.N_FROM_RATE)
    assert (t.at[2025, "n"], t.at[2025, "basis"], bool(t.at[2025, "flagged"])) == (2500, sv.N_DRAWN, True)
    assert not t.loc[[2018, 2022, 2023], "flagged"].any()


def test_intervals_use_completed_interviews(design):
    s = sv.with_intervals(design, "hana", sv.PARTICIPATION, 0.95)
    assert s.at[2023, "base"] == 2128 and s.at[2022, "base"] == 2198
    lo, hi = sv.wilson_pct(63.4, 2128, 0.95)
    assert (s.at[2023, "lower"], s.at[2023, "upper"]) == pytest.approx((lo, hi))
    # the unemployment base is the economically active among the completed interviews: 2,128 x 63.4%
    u = sv.with_intervals(design, "hana", sv.UNEMPLOYMENT, 0.95)
    assert u.at[2023, "base"] == pytest.approx(2128 * 0.634)


def test_two_proportion_by_hand():
    # 50% of 100 against 60% of 100: pooled p 0.55, se = sqrt(0.55 * 0.45 * (1/100 + 1/100)) = 0.070356
    z = 0.10 / math.sqrt(0.55 * 0.45 * 0.02)
    assert sv.two_proportion(50, 100, 60, 100) == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-9)
    # a design effect of 2 halves each n
    z2 = 0.10 / math.sqrt(0.55 * 0.45 * 0.04)
    assert sv.two_proportion(50, 100, 60, 100, design_effect=2) == pytest.approx(math.erfc(z2 / math.sqrt(2)), rel=1e-9)


def test_change_test_is_not_interval_overlap():
    # 50.0% and 54.5% of 1,000 each: the 95% Wilson intervals overlap ...
    a, b = sv.wilson_pct(50.0, 1000, 0.95), sv.wilson_pct(54.5, 1000, 0.95)
    assert a[1] > b[0]
    # ... yet the two-proportion test finds a rise (z = 4.5 / sqrt(52.25 * 47.75 * 0.002) / 1 = 2.01, p = 0.044)
    t = sv.change_test(50.0, 54.5, 1000, 1000, 0.95)
    assert t["word"] == sv.ROSE and t["p_value"] == pytest.approx(0.044, abs=0.001)
    # with a design effect of 2 it is no longer clear; at the 99% level neither
    assert t["word_deff"] == sv.NO_CLEAR_CHANGE
    assert sv.change_test(50.0, 54.5, 1000, 1000, 0.99)["word"] == sv.NO_CLEAR_CHANGE
    assert sv.change_test(54.5, 50.0, 1000, 1000, 0.95)["word"] == sv.FELL


def test_change_without_n_uses_the_threshold():
    t = sv.change_test(16.3, 14.0, None, 2160, 0.95)
    assert (t["word"], t["basis"]) == (sv.FELL, "threshold") and math.isnan(t["p_value"])
    assert sv.change_test(16.1, 16.3, None, None, 0.95)["word"] == sv.NO_CLEAR_CHANGE


def test_round_changes_empty_and_filled(design):
    s = sv.with_intervals(design, "hana", sv.PARTICIPATION, 0.95)
    ch = sv.round_changes(s, 0.95)
    assert list(ch.index) == [2022, 2023] and list(ch["previous"]) == [2018, 2022]
    assert sv.round_changes(s.iloc[:1], 0.95).empty


def test_stated_gaps_signed_and_conflict(design):
    g = sv.all_gaps(design, "hana", sv.EMPLOYMENT)
    assert g.at[2023, "computed_pp"] == pytest.approx(-3.0) and g.at[2023, "stated_pp"] == -3.0
    assert not g.at[2023, "conflict"]
    assert g.at[2011, "computed_pp"] == pytest.approx(-9.0) and g.at[2011, "stated_pp"] == -10.1
    assert g.at[2011, "conflict"]
    u = sv.all_gaps(design, "hana", sv.UNEMPLOYMENT)
    assert u.at[2025, "stated_pp"] == 2.6 and pd.isna(u.at[2025, "computed_pp"]) and u.at[2025, "escapees"] == 5.4


def test_stated_gap_without_direction_is_an_error():
    with pytest.raises(DataError, match="H999.*escapees lower"):
        sv.stated_sign("widened to 6pp", "survey_hana row H999")


# ---------------------------------------------------------------- NKDB's sample: panel and new respondents
def test_panel_shares_from_the_notes():
    rows = pd.DataFrame(
        {
            "source": ["nkdb", "nkdb", "nkdb"],
            "row_id": ["K1", "K2", "K3"],
            "survey_year": [2021, 2021, 2022],
            "sample_size": [407, 407, 399],
            "note": ["fieldwork (panel 290 + new 117), phone", "panel 1 + new 1", "panel 284 [71.2%] + new 115"],
            "source_id": ["a", "a", "b"],
        }
    )
    shares = sv.panel_shares(rows)
    assert list(shares.index) == [2021, 2022]  # one description per year, the first
    assert shares.at[2021, "share_pct"] == pytest.approx(290 / 407 * 100)
    assert sv.same_as_cited(shares.at[2022, "share_pct"], 71.2)
    assert not sv.same_as_cited(shares.at[2021, "share_pct"], 71.2)  # 71.25 prints as 71.3


def test_panel_share_disagreeing_with_its_counts_is_an_error():
    rows = pd.DataFrame(
        {
            "source": ["nkdb"],
            "row_id": ["K9"],
            "survey_year": [2022],
            "sample_size": [399],
            "note": ["panel 284 [72.0%] + new 115"],
            "source_id": ["b"],
        }
    )
    with pytest.raises(DataError, match="survey_nkdb row K9, column 'note': the printed panel share 72.0%"):
        sv.panel_shares(rows)


def test_a_transcribers_verify_mark_reads_as_not_yet_checked():
    """data/raw keeps the transcriber's '- verify'; the reader's table says what it means."""
    from analysis.present.surveys import reader_note

    note = "2023 releases call 16.1 (2023) the record low, implying 2021 was higher or equal - verify"
    assert reader_note(note) == (
        "2023 releases call 16.1 (2023) the record low, implying 2021 was higher or equal "
        "(figure not yet checked against the printed source)"
    )
    assert reader_note("sub-headline value") == "sub-headline value"
