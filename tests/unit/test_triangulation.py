"""Triangulation (methods/triangulation.py): MOU's published rates beside rates computed from counts.

A tiny inline table (values worked by hand in the comments), then the published data.
"""

import pandas as pd
import pytest
from scipy.stats import chi2

from analysis.cleaning import rawdata
from analysis.errors import DataError
from analysis.methods import suicide as su
from analysis.methods import triangulation as tr

RESIDENT_COLUMNS = ["row_id", "survey_year", "population_definition", "min_age", "arrived_from", "arrived_by"]
RESIDENT_COLUMNS += ["arrived_by_stated", "indicator", "value", "unit", "source_id", "note"]


def row(record_id, indicator, value, start, end, series, **kw):
    out = {"record_id": record_id, "period": f"{start}-{end}", "period_start": start, "period_end": end}
    out |= {"partial_year": False, "subgroup": None, "indicator": indicator, "value": value, "comparator": None}
    out |= {"series": series, "published": "2021-01-01", "source_id": "test-source", "cause_not_tracked_source": ""}
    return out | kw


def escapee() -> pd.DataFrame:
    return pd.DataFrame(
        [
            row("R1", "suicide_rate_per_100k", 30.0, 2019, 2020, "mou", comparator=25.0),
            row("R2", "suicide_rate_per_100k", 10.0, 2020, 2020, "mou"),
            row("A19", "suicide_count", 3, 2019, 2019, "a"),
            row("A20", "suicide_count", 5, 2020, 2020, "a"),
            row("B20", "suicide_count", 20, 2020, 2020, "b", cause_not_tracked_source="test-flag"),
        ]
    )


# cumulative arrivals 9,000 / 11,000 / 13,000 at the ends of 2018-2020: mid-year PY 10,000 (2019), 12,000 (2020)
CUMULATIVE = pd.DataFrame(
    {"male": [3000, 4000, 5000], "female": [6000, 7000, 8000], "total": [9000, 11000, 13000]}, index=[2018, 2019, 2020]
)
NO_RESIDENTS = pd.DataFrame(columns=RESIDENT_COLUMNS)


def exact(o, level=0.95):
    a = 1 - level
    return (chi2.ppf(a / 2, 2 * o) / 2 if o else 0.0), chi2.ppf(1 - a / 2, 2 * o + 2) / 2


def test_rates_beside_the_published_rate_by_hand():
    t = tr.triangulation_table(escapee(), CUMULATIVE, NO_RESIDENTS, series=("a", "b")).set_index(
        ["record_id", "series"]
    )
    a = t.loc[("R1", "a")]
    # series a covers 2019-2020 in full: 8 suicides over 22,000 person-years = 36.36 per 100,000
    assert (a["overlap"], a["overlap_years"], a["observed"], a["person_years"]) == ("full", "2019-2020", 8, 22_000)
    assert a["rate"] == pytest.approx(8 / 22_000 * 1e5)
    lo, hi = exact(8)
    assert (a["rate_lower"], a["rate_upper"]) == pytest.approx((lo / 22_000 * 1e5, hi / 22_000 * 1e5))
    assert a["factor_high"] == 1.0 and a["reach_upper"] == a["rate_upper"]  # no resident frame
    assert a["agreement"] == "consistent" and a["published_over_rate"] == pytest.approx(30 / (8 / 22_000 * 1e5))
    assert a["count_record_ids"] == "escapee_suicide/A19;escapee_suicide/A20" and not a["flagged"]
    b = t.loc[("R1", "b")]
    # series b covers 2020 only: 20 / 12,000 = 166.7, lower limit chi2(0.025, 40) / 2 / 12,000 = 101.8 > 30
    assert (b["overlap"], b["overlap_years"]) == ("partial", "2020")
    assert b["rate_lower"] == pytest.approx(exact(20)[0] / 12_000 * 1e5)
    assert b["agreement"] == "published_lower" and b["flagged"]


def test_a_resident_frame_widens_the_reach():
    residents = pd.DataFrame(
        [["F1", "2021", "frame", "15", "", "2020-12", "true", "frame_count", "10,000", "persons", "test-source", ""]],
        columns=RESIDENT_COLUMNS,
    )
    t = tr.triangulation_table(escapee(), CUMULATIVE, residents, series=("a",)).set_index(["record_id", "series"])
    a = t.loc[("R2", "a")]
    # 13,000 arrivals to 2020 over a frame of 10,000: F_high = 1.3; 5 / 12,000 and its upper limit x 1.3
    assert a["factor_high"] == pytest.approx(1.3)
    assert a["reach_upper"] == pytest.approx(exact(5)[1] / 12_000 * 1e5 * 1.3)
    assert a["resident_record_ids"] == "residents/F1"


def test_what_one_rate_says_about_two_series():
    t = tr.triangulation_table(escapee(), CUMULATIVE, NO_RESIDENTS, series=("a", "b"))
    # R2 = 10 for 2020: a gives 41.7 (lower 13.5), b 166.7 (lower 101.8): below both; a is nearer
    r = tr.series_reading(t, "R2", "2020-2020", "a", "b")
    assert r == {"reading": "neither", "closer": "a", "years": "2020"}
    # R1 covers 2019-2020 with a but only 2020 with b: different years, not comparable
    assert tr.series_reading(t, "R1", "2019-2020", "a", "b")["reading"] == "not_comparable"


@pytest.mark.parametrize(
    "ok_first, ok_second, reading",
    [
        (True, True, "both_consistent"),
        (True, False, "consistent_with_first"),
        (False, True, "consistent_with_second"),
        (False, False, "neither"),
    ],
)
def test_every_reading_is_reachable(ok_first, ok_second, reading):
    def r(series, ok, rate):
        return {"record_id": "X", "window": "2020-2020", "series": series, "overlap_years": "2020"} | {
            "agreement": "consistent" if ok else "published_higher",
            "published_over_rate": 40 / rate,
        }

    t = pd.DataFrame([r("a", ok_first, 35.0), r("b", ok_second, 50.0)])
    out = tr.series_reading(t, "X", "2020-2020", "a", "b")
    assert out["reading"] == reading and out["closer"] == "a"  # |ln(40/35)| < |ln(40/50)|


def test_agreement_boundaries():
    assert tr.agreement(30.0, 20.0, 30.0) == "consistent"  # the reach's ends count as inside
    assert tr.agreement(20.0, 20.0, 30.0) == "consistent"
    assert tr.agreement(30.1, 20.0, 30.0) == "published_higher"
    assert tr.agreement(19.9, 20.0, 30.0) == "published_lower"


def test_overlap_is_the_longest_run():
    assert tr.overlap(set(range(2013, 2023)), 2006, 2020) == (2013, 2020)
    assert tr.overlap({2013, 2014, 2015, 2017, 2018, 2019}, 2006, 2020) == (2013, 2015)  # tie: the earliest
    assert tr.overlap({2000}, 2006, 2020) is None


def test_unstated_years_become_candidate_windows_and_gaps_are_rows():
    e = escapee()
    e.loc[len(e)] = row("E02", "suicide_rate_per_100k", 46.0, None, None, "mou", published="2026-02-25")
    w = tr.published_windows(e)
    assert w[w["record_id"] == "E02"][["start", "end"]].values.tolist() == [[2023, 2025], [2022, 2024], [2021, 2023]]
    t = tr.triangulation_table(e, CUMULATIVE, NO_RESIDENTS, series=("a", "b"))
    gaps = t[t["record_id"] == "E02"]
    assert gaps["overlap"].tolist() == ["none"] * 3 and gaps["rate"].isna().all()
    e.loc[len(e)] = row("E99", "suicide_rate_per_100k", 1.0, None, None, "mou")
    with pytest.raises(DataError, match="row E99: a rate with no period and no window"):
        tr.published_windows(e)


def test_published_data(processed_dir):
    from analysis import io
    from analysis.methods import mortality

    esc = mortality.read_escapee()
    adopted = io.read_table("arrivals", dtype={"period": str})
    cumulative = su.cumulative_by_sex(adopted.assign(period=adopted["period"].astype(str)))
    t = tr.triangulation_table(esc, cumulative, rawdata.read("residents")).set_index(["record_id", "window", "series"])
    # E01: MOU's 27.3 for 2006-2020 (segye-2022-01-13); Wi's MOIS-based counts cover 2013-2020:
    # 100 (2013-2022, E23) less 18 (2021, E26) and 15 (2022, E27) = 67
    wi = t.loc[("E01", "2006-2020", "wi_sung_lac_2024")]
    assert (wi["overlap_years"], wi["observed"]) == ("2013-2020", 67)
    assert wi["count_record_ids"] == "escapee_suicide/E23;escapee_suicide/E26;escapee_suicide/E27"
    py = su.person_years(cumulative, 2013, 2020, "midyear_cumulative")["total"].sum()
    assert wi["rate"] == pytest.approx(67 / py * 1e5) and wi["agreement"] == "consistent"
    # E02: 46 for "the past three years" (published 2026); 2021-2023 overlaps the counts in 2021-2022:
    # Wi 18 + 15 = 33, Hong 6 + 15 = 21 (news1-2024-10-08) over the same person-years
    w, h = t.loc[("E02", "2021-2023", "wi_sung_lac_2024")], t.loc[("E02", "2021-2023", "hong_ki_won_2024")]
    assert (w["observed"], h["observed"]) == (33, 21) and w["person_years"] == h["person_years"]
    reading = tr.series_reading(t.reset_index(), "E02", "2021-2023", "wi_sung_lac_2024", "hong_ki_won_2024")
    assert reading["closer"] == "wi_sung_lac_2024" and reading["years"] == "2021-2022"
    assert t.loc[("E02", "2023-2025", "")]["overlap"] == "none"  # no counts published for 2023-2025


def test_the_discriminating_window_is_where_the_two_series_differ_most():
    from analysis.methods import triangulation as tr

    def row(window, series, years, rate):
        return {"record_id": "E02", "window": window, "series": series, "overlap_years": years, "rate": rate}

    rows = [
        row("2023-2025", "", "", float("nan")),
        row("2022-2024", "a", "2022", 44.3),
        row("2022-2024", "b", "2022", 44.3),  # the same count: the window cannot tell them apart
        row("2021-2023", "a", "2021-2022", 48.8),
        row("2021-2023", "b", "2021-2022", 31.1),
    ]
    table = pd.DataFrame(rows).assign(agreement="consistent", published_over_rate=1.0)
    assert tr.discriminating_window(table, "E02", "a", "b") == "2021-2023"
    assert tr.discriminating_window(table[table["window"] != "2021-2023"], "E02", "a", "b") is None
