"""Specification curve (methods/specification.py): the period rules, the near-duplicate rule and the
points, on tiny inline tables worked by hand, then the curve on the published data."""

import pandas as pd
import pytest

from analysis.methods import bias_mc as bm
from analysis.methods import specification as sp
from analysis.methods import stats


def count(record_id, value, start, end, series, flag=""):
    return {"record_id": record_id, "period": f"{start}-{end}", "period_start": start, "period_end": end} | {
        "partial_year": False,
        "subgroup": None,
        "indicator": "suicide_count",
        "value": value,
        "series": series,
        "source_id": "test-source",
        "cause_not_tracked_source": flag,
    }


def escapee() -> pd.DataFrame:
    """Series a: yearly 2013-2016; b (flagged): yearly 2013-2015; t: one total for 2013-2016."""
    rows = [count(f"A{y}", 2, y, y, "a") for y in range(2013, 2017)]
    rows += [count(f"B{y}", 1, y, y, "b", flag="test-flag") for y in range(2013, 2016)]
    rows += [count("T", 20, 2013, 2016, "t")]
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    "series, start, end, status",
    [
        ("a", 2013, 2013, "single year"),
        ("a", 2013, 2014, "shorter than 3 years"),
        ("b", 2013, 2015, "flagged counts"),
        ("a", 2013, 2017, "gap"),  # a counted nothing in 2017
        ("t", 2014, 2016, "not its own count"),  # inside t's total, which cannot be split
        ("a", 2013, 2015, "in"),
        ("t", 2013, 2016, "in"),  # the published total
    ],
)
def test_every_period_status_is_reachable(series, start, end, status):
    e = escapee()
    assert sp.period_status(e, start, end, series, sp.flagged_series(e)) == status


def test_excluded_periods_list_only_what_a_series_counted_alone():
    out = sp.excluded_periods(escapee(), range(2013, 2017))
    # a: 4 single years + 3 two-year periods; b: 3 single years, 2 two-year, 2013-2015 flagged; t: nothing
    assert sorted(set(out["series"])) == ["a", "b"]
    assert out[out["series"] == "a"]["reason"].value_counts().to_dict() == {"single year": 4, "shorter than 3 years": 3}
    b = out[out["series"] == "b"].set_index(["period_start", "period_end"])["reason"]
    assert b[(2013, 2015)] == "flagged counts" and len(b) == 6


def test_points_cross_every_choice_by_hand():
    factors = {
        "observed": 10,
        "record_ids": "escapee_suicide/X",
        "expected": {"crude": 5.0, "sex": 4.0},
        "age": {"none": 1.0, "aged": 1.25, "aged_exits": 1.0},
        "denominator": {"cumulative": 1.0, "residents_low": 1.1, "residents_high": 1.2},
        "misclassification": {"none": 1.0, "midpoint": 1.5},
    }
    rows = pd.DataFrame(sp.points(factors, 2013, 2022, "s", 0.95))
    assert len(rows) == 2 * 3 * 3 * 2
    first = rows.iloc[0]
    assert (first["adjustment"], first["age"], first["denominator"], first["misclassification"]) == (
        "crude",
        "none",
        "cumulative",
        "none",
    )
    assert first["value"] == 2.0  # 10 / 5
    r = rows.set_index(["adjustment", "age", "denominator", "misclassification"]).loc[
        ("sex", "aged", "residents_high", "midpoint")
    ]
    # 10 x 1.5 x 1.2 / (4 x 1.25) = 3.6; the exact lower limit of 10 scaled the same way
    assert r["value"] == pytest.approx(3.6)
    assert r["lower"] == pytest.approx(stats.poisson_exact_ci(10)[0] * 1.5 * 1.2 / 5.0)


def test_near_duplicate_rule():
    curve = pd.DataFrame(
        [
            (2013, 2022, "s", 1.000, 0.80, 1.20),  # 0: kept
            (2013, 2022, "s", 1.015, 0.81, 1.21),  # 1: all three within 2% of row 0 -> removed
            (2013, 2022, "s", 1.030, 0.82, 1.22),  # 2: value 3% above row 0, 1.5% above row 1 (removed) -> kept
            (2013, 2022, "s", 1.010, 0.80, 1.26),  # 3: value within 2% of 0 but upper 5% above; 1.9% of 2 -> ...
            (2020, 2022, "s", 1.000, 0.80, 1.20),  # 4: another period -> kept
        ],
        columns=["period_start", "period_end", "series", "value", "lower", "upper"],
    )
    # row 3 against row 2: value ln(1.01/1.03) = -0.0196, lower ln(0.80/0.82) = -0.0247 -> not within
    assert sp.near_duplicates(curve).tolist() == [-1, 0, -1, -1, -1]
    assert sp.near_duplicates(curve, near=0.05).tolist() == [-1, 0, 0, 0, -1]


def test_the_curve_on_the_published_data(processed_dir):
    curve = sp.specification_curve(bm.Inputs.read())
    # trusted periods of three years or more: Wi Sung-lac's 2013-2022 total (E23), the totals less his
    # yearly counts (2013-2019, -2020, -2021) and his and Hong Ki-won's yearly 2020-2022
    periods = set(curve[["period_start", "period_end", "series"]].itertuples(index=False, name=None))
    wi, hong = "wi_sung_lac_2024", "hong_ki_won_2024"
    assert periods == {(2013, 2019, wi), (2013, 2020, wi), (2013, 2021, wi), (2013, 2022, wi)} | {
        (2020, 2022, wi),
        (2020, 2022, hong),
    }
    assert not curve["record_ids"].str.contains("E1[1-9]").any()  # no MOU-recorded (flagged) count
    conventional = curve[
        (curve["period_start"] == 2013)
        & (curve["period_end"] == 2022)
        & (curve["adjustment"] == "sex")
        & (curve["age"] == "none")
        & (curve["denominator"] == "cumulative")
        & (curve["misclassification"] == "none")
    ]
    assert len(conventional) == 1 and conventional["observed"].item() == 100
    assert curve["rank"].tolist() == list(range(1, len(curve) + 1)) and curve["value"].is_monotonic_increasing
    assert (sp.near_duplicates(curve) == -1).all()  # nothing near-duplicate is left
