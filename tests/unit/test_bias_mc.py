"""Combined probabilistic bias analysis (methods/bias_mc.py): reproducible draws, hand-worked small cases,
impossible scenarios refused, and the priors read from the published rows."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import gamma

from analysis.cleaning import rawdata
from analysis.errors import DataError
from analysis.methods import bias_mc as bm


def priors(a=1.0, f=1.0, q=0.0, us=0.0, **uniform) -> bm.BiasPriors:
    """Fixed priors, or uniform ones given as name=(low, high)."""
    values = {"age_factor": a, "denominator_factor": f, "misclassified_share": q, "unknown_per_suicide": us}
    out = {}
    for name, v in values.items():
        if name in uniform:
            lo, hi = uniform[name]
            out[name] = bm.Prior(name, "uniform", lo, hi, ("test-source",), "test")
        else:
            out[name] = bm.fixed(name, v)
    return bm.BiasPriors(**out)


# ------------------------------------------------------------------------------------ reproducibility
def test_a_seeded_draw_reproduces_exactly():
    p = priors(f=1.0, denominator_factor=(1.0, 1.2), misclassified_share=(0.0, 1.0), us=0.5)
    a, b = bm.simulate(40, 20.0, p, n=500, seed=7), bm.simulate(40, 20.0, p, n=500, seed=7)
    pd.testing.assert_frame_equal(a.draws, b.draws)
    assert a.total == b.total and a.systematic == b.systematic
    c = bm.simulate(40, 20.0, p, n=500, seed=8)
    assert not np.array_equal(a.draws["ratio_total"], c.draws["ratio_total"])


def test_every_draw_is_tabulated_with_its_inputs():
    r = bm.simulate(40, 20.0, priors(us=0.5, misclassified_share=(0.0, 1.0)), n=200, seed=1)
    assert list(r.draws.columns) == ["draw", *bm.PARAMETERS, "observed_draw", "ratio_systematic", "ratio_total"]
    assert len(r.draws) == 200 and r.draws["draw"].tolist() == list(range(1, 201))
    # each row's ratio is its own inputs put through the formula
    d = r.draws.iloc[17]
    m = 1 + d["misclassified_share"] * d["unknown_per_suicide"]
    assert d["ratio_systematic"] == pytest.approx(40 * m * d["denominator_factor"] / (20.0 * d["age_factor"]))
    assert d["ratio_total"] == pytest.approx(
        d["observed_draw"] * m * d["denominator_factor"] / (20.0 * d["age_factor"])
    )


# ----------------------------------------------------------------------------------- hand-worked cases
def test_degenerate_priors_give_the_conventional_estimate():
    # A = F = 1, q = 0: no bias. O = 100, E = 50: the ratio is 2 in every draw.
    r = bm.simulate(100, 50.0, priors(), n=20_000, seed=3)
    assert (r.systematic.value, r.systematic.lower, r.systematic.upper) == (2.0, 2.0, 2.0)
    assert r.conventional.value == 2.0
    # random error only: quantiles of Gamma(100.5, 1) / 50, computed independently
    assert r.total.lower == pytest.approx(gamma.ppf(0.025, 100.5) / 50, rel=0.01)
    assert r.total.upper == pytest.approx(gamma.ppf(0.975, 100.5) / 50, rel=0.01)
    # and close to the exact Poisson interval of the conventional analysis (1.627-2.432)
    assert r.total.lower == pytest.approx(r.conventional.lower, rel=0.02)
    assert r.total.upper == pytest.approx(r.conventional.upper, rel=0.02)


def test_a_known_multiplicative_bias_shifts_every_draw_by_its_factor():
    base = bm.simulate(30, 12.0, priors(), n=1000, seed=11)
    shifted = bm.simulate(30, 12.0, priors(f=1.5), n=1000, seed=11)  # residents: ratio x 1.5
    assert shifted.total.value == pytest.approx(1.5 * base.total.value, rel=1e-12)
    assert shifted.systematic.value == pytest.approx(30 / 12 * 1.5)
    older = bm.simulate(30, 12.0, priors(a=2.0), n=1000, seed=11)  # E doubled: ratio halved
    assert older.total.upper == pytest.approx(base.total.upper / 2, rel=1e-12)


def test_misclassification_adds_a_share_of_the_unknown_causes():
    # q = 0.5 of U/S = 0.4 unknown-cause deaths per suicide: O_true = 10 * (1 + 0.2) = 12; E = 5 -> 2.4
    r = bm.simulate(10, 5.0, priors(q=0.5, us=0.4), n=100, seed=0)
    assert r.systematic.value == pytest.approx(2.4)


def test_a_uniform_prior_spreads_the_ratio_over_its_range():
    # F ~ U(1, 1.2), all else fixed: systematic ratio = 2 F; median 2.2, 95% range 2 * (1.005, 1.195)
    r = bm.simulate(20, 10.0, priors(denominator_factor=(1.0, 1.2)), n=40_000, seed=5)
    assert r.systematic.value == pytest.approx(2.2, rel=0.005)
    assert r.systematic.lower == pytest.approx(2.01, rel=0.005)
    assert r.systematic.upper == pytest.approx(2.39, rel=0.005)


def test_remove_earliest_takes_exits_from_the_first_arrivals():
    cohorts = pd.DataFrame({"male": [10.0, 5.0, 3.0], "female": [20.0, 5.0, 3.0]}, index=[1998.0, 2000.0, 2005.0])
    out = bm.remove_earliest(cohorts, {"male": 12.0, "female": 22.0}, 2004)
    # 2005 has not arrived by 2004; 12 men: all 10 of 1998 and 2 of 2000; 22 women: 20 and 2
    assert out.index.tolist() == [1998.0, 2000.0]
    assert out["male"].tolist() == [0.0, 3.0] and out["female"].tolist() == [0.0, 3.0]


# ----------------------------------------------------------------------------- impossible refused
def test_nobody_ageing_is_refused_once_anyone_arrived_earlier():
    cohorts = pd.DataFrame({"male": [10.0, 5.0], "female": [20.0, 5.0]}, index=[2005.0, 2013.0])
    with pytest.raises(DataError, match="'no_ageing' is impossible for 2013-2022: 30 people arrived before 2013"):
        bm.check_scenario("no_ageing", (2013, 2022), cohorts)
    bm.check_scenario("no_ageing", (2005, 2005), cohorts.loc[[2005.0]])  # all arrived that year: possible
    bm.check_scenario("aged", (2013, 2022), cohorts)
    with pytest.raises(DataError, match="age scenario must be one of"):
        bm.check_scenario("younger", (2013, 2022), cohorts)


@pytest.mark.parametrize(
    "name, low, high, message",
    [
        ("denominator_factor", 0.9, 1.1, "residents cannot outnumber"),
        ("misclassified_share", 0.0, 1.2, "a share of deaths lies between 0 and 1"),
        ("age_factor", 0.0, 1.0, "an expected count cannot be zero"),
        ("unknown_per_suicide", -0.1, 0.5, "not negative"),
        ("denominator_factor", 1.2, 1.1, "must be finite and <= high"),
        ("population", 1.0, 1.0, "unknown parameter"),
    ],
)
def test_impossible_priors_are_refused(name, low, high, message):
    with pytest.raises(DataError, match=message):
        bm.Prior(name, "uniform", low, high, (), "test")


def test_a_fixed_prior_has_one_value_and_draws_need_enough_draws():
    with pytest.raises(DataError, match="low == high"):
        bm.Prior("age_factor", "fixed", 1.0, 1.1, (), "test")
    with pytest.raises(DataError, match="draws must be an integer >= 100"):
        bm.simulate(10, 5.0, priors(), n=10)


# ------------------------------------------------------------------------ priors from published rows
def escapee_rows() -> pd.DataFrame:
    """Wi Sung-lac's 2013-2022 count and share (jtbc-2024-09-27, E23 and E24), processed-like."""
    base = {"period_start": 2013, "period_end": 2022, "series": "wi_sung_lac_2024", "subgroup": None}
    base |= {"source_id": "jtbc-2024-09-27", "partial_year": False}
    return pd.DataFrame(
        [
            base | {"record_id": "E23", "indicator": "suicide_count", "value": 100.0},
            base | {"record_id": "E24", "indicator": "suicide_share_of_deaths_pct", "value": 11.4},
        ]
    )


def test_recorded_exits_read_deaths_abroad_and_returns():
    facts = rawdata.read("facts")
    # F30: 2012: 7, 2013: 7, 2014: 3, 2015: 3, 2016: 4, 2017: 4, 2019: 1, 2020: 1, 2022: 1 (= 31)
    assert bm.returns_by_year(facts) == {
        2012: 7,
        2013: 7,
        2014: 3,
        2015: 3,
        2016: 4,
        2017: 4,
        2019: 1,
        2020: 1,
        2022: 1,
    }
    ex = bm.recorded_exits(escapee_rows(), facts, "wi_sung_lac_2024", 2013, 2022)
    # deaths 100 / 11.4% = 877.19; abroad at the end of 2022: 385 (F25, a year-end stock); returns 31
    assert ex.deaths == pytest.approx(100 / 0.114)
    assert (ex.abroad, ex.returned) == (385.0, 31.0)
    assert ex.total == pytest.approx(877.1930 + 385 + 31, abs=1e-3)
    assert "facts/F25" in ex.record_ids and "donga-2025-10-12" in ex.source_ids
    early = bm.recorded_exits(escapee_rows().iloc[:0], facts, "wi_sung_lac_2024", 2013, 2019)
    assert (early.deaths, early.abroad, early.returned) == (0.0, 0.0, 29.0)  # 7+7+3+3+4+4+1, none abroad recorded


def test_returns_that_do_not_add_up_are_refused():
    facts = rawdata.read("facts").copy()
    facts.loc[facts["fact_id"] == "F30", "value"] = "32"
    with pytest.raises(DataError, match="row F30, column statement"):
        bm.returns_by_year(facts)


def test_denominator_prior_bounds_by_hand():
    from analysis.methods import suicide_bounds as sb

    cumulative = pd.DataFrame({"male": [0, 0], "female": [0, 0], "total": [9_000, 10_000]}, index=[2021, 2022])
    residents = pd.DataFrame(
        [
            {"row_id": "R1", "survey_year": "2023", "population_definition": "test frame", "min_age": "15"}
            | {"arrived_from": "", "arrived_by": "2022-12", "arrived_by_stated": "true", "indicator": "frame_count"}
            | {"value": "9,000", "unit": "persons", "source_id": "test-source", "note": ""}
        ]
    )
    frames = sb.resident_frames(residents, cumulative)
    exits = bm.Exits(2022, 300.0, 150.0, 50.0, ("x",))
    p = bm.denominator_prior(frames, cumulative, exits, (2013, 2022))
    # F_high = 10,000 / 9,000; F_low = 10,000 / (10,000 - 500)
    assert p.high == pytest.approx(10_000 / 9_000) and p.low == pytest.approx(10_000 / 9_500)
    with pytest.raises(DataError, match="no published resident count falls in or next to 2000-2005"):
        bm.denominator_prior(frames, cumulative, exits, (2000, 2005))


def test_primary_analysis_on_the_published_data(processed_dir):
    args = (bm.Inputs.read(), (2013, 2022), "wi_sung_lac_2024", "midyear_cumulative")
    r = bm.primary_analysis(*args, n=2000)
    assert r.observed == 100  # E23, jtbc-2024-09-27
    # U/S: MOU's 4 + 5 + 10 unknown-cause deaths over 8 + 13 + 8 suicides, 2017-2019 (hankookilbo-2020-10-07)
    assert r.priors.unknown_per_suicide.low == pytest.approx(19 / 29)
    # F_high: the 2014 frame, 12,777 / 55.2% = 23,147 against 26,122 arrivals to 2013;
    # F_low: 33,882 arrivals to 2022 less 877.2 deaths + 385 abroad + 31 returned
    assert r.priors.denominator_factor.high == pytest.approx(26_122 / (12_777 / 0.552))
    assert r.priors.denominator_factor.low == pytest.approx(33_882 / (33_882 - 100 / 0.114 - 385 - 31))
    assert r.conventional.value == pytest.approx(100 / r.expected)
    again = bm.primary_analysis(*args, n=2000)
    pd.testing.assert_frame_equal(r.draws, again.draws)
    # every bias here can only raise the ratio or lower it a little: the bias-adjusted median lies above
    # the conventional value whenever F >= 1, q >= 0 and the age factor is below F (1.03 vs 1.04-1.13 here)
    assert r.priors.age_factor.high < r.priors.denominator_factor.low
    assert r.systematic.lower > r.conventional.value
    # the literal (crude) question, on the crude expected count, which is larger (most escapees are women, whose
    # rate is lower than the all-person rate); it compares the populations as they are, so its draws hold the age
    # factor at 1 (their ages are part of its question) and share every other prior with the SMR's
    crude = bm.primary_analysis(*args, n=2000, adjustment="crude")
    assert crude.expected > r.expected
    age = crude.priors.age_factor
    assert (age.kind, age.low, age.high, age.reason) == ("fixed", 1.0, 1.0, bm.AGE_IN_THE_QUESTION)
    others = bm.PARAMETERS[1:]
    assert [getattr(crude.priors, p) for p in others] == [getattr(r.priors, p) for p in others]
    d = crude.draws
    by_hand = 100 * (1 + d["misclassified_share"] * d["unknown_per_suicide"]) * d["denominator_factor"] / crude.expected
    assert d["ratio_systematic"].to_numpy() == pytest.approx(by_hand.to_numpy(), rel=1e-12)
    with pytest.raises(DataError, match="adjustment must be 'sex' or 'crude'"):
        bm.primary_analysis(*args, n=2000, adjustment="age")


def test_contributions_leave_each_bias_out_in_turn():
    # O/E = 2; q = 0.5 of U/S = 0.5 -> M = 1.25; F ~ U(1, 1.2)
    r = bm.simulate(20, 10.0, priors(q=0.5, us=0.5, denominator_factor=(1.0, 1.2)), n=5000, seed=2)
    c = bm.contributions(r).set_index("left_out")
    assert c.loc["denominator_factor", ["median", "lower", "upper"]].tolist() == pytest.approx([2.5, 2.5, 2.5])
    assert c.loc["misclassified_share", "median"] == pytest.approx(2.2, rel=0.01)  # 2 x median F
    assert c.loc["age_factor", "median"] == pytest.approx(r.systematic.value)  # A was 1 already


def unknown_rows(years=(2017, 2018, 2019)) -> pd.DataFrame:
    """MOU's 2017-2019 suicides (8, 13, 8) and unknown-cause deaths (4, 5, 10), hankookilbo-2020-10-07."""
    rows = []
    for y, s, u in zip((2017, 2018, 2019), (8, 13, 8), (4, 5, 10), strict=True):
        base = {"period_start": y, "period_end": y, "partial_year": False, "series": "kim_young_joo_2020"}
        base |= {"source_id": "hankookilbo-2020-10-07"}
        rows.append(base | {"record_id": f"S{y}", "indicator": "suicide_count", "subgroup": None, "value": s})
        if y in years:
            rows.append(
                base
                | {"record_id": f"U{y}", "indicator": "deaths_by_cause", "subgroup": "cause: unknown cause", "value": u}
            )
    return pd.DataFrame(rows)


def test_misclassification_priors_by_hand_and_a_missing_year_refused():
    q, ratio = bm.misclassification_priors(unknown_rows())
    assert (q.kind, q.low, q.high) == ("uniform", 0.0, 1.0)
    assert ratio.kind == "fixed" and ratio.low == pytest.approx((4 + 5 + 10) / (8 + 13 + 8))
    assert "escapee_suicide/U2019" in ratio.record_ids and ratio.source_ids == ("hankookilbo-2020-10-07",)
    with pytest.raises(DataError, match="needed for each of 2017, 2018, 2019"):
        bm.misclassification_priors(unknown_rows(years=(2017, 2019)))
