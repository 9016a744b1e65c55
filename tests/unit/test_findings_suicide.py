"""Section 4: the new computations on hand-worked values, and the findings against published figures."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import params, paths
from analysis.core.values import Value
from analysis.findings import suicide
from analysis.findings.verdict import Category
from analysis.methods import suicide as su
from analysis.methods import suicide_sensitivity as ss
from analysis.present import suicide as show


# ---------------------------------------------------------------------------------- hand-worked methods
def test_period_contrast_exact_test_by_hand():
    # O1 = 0, O2 = 3 with equal expected counts: under theta = 1, O2 ~ Binomial(3, 1/2).
    # P(O2 = 3) = 1/8, so the central two-sided p = 2 * 1/8 = 0.25.
    c = ss.period_contrast(0, 1.0, 3, 1.0, 0.95)
    assert c.p0 == 0.5
    assert c.p_value == pytest.approx(0.25)
    # Clopper-Pearson lower limit for 3/3 at 95%: 0.025 ** (1/3) = 0.29240; theta = p/(1-p) * E1/E2
    p_low = 0.025 ** (1 / 3)
    assert c.theta.lower == pytest.approx(p_low / (1 - p_low))
    assert math.isinf(c.theta.value) and math.isinf(c.theta.upper)


def test_period_contrast_offsets_are_the_expected_counts():
    # O1 = 2 of E1 = 4 (ratio 0.5), O2 = 6 of E2 = 2 (ratio 3): theta = 3 / 0.5 = 6;
    # p0 = 2 / 6 = 1/3; P(X >= 6 | n = 8, p = 1/3) = (28*4 + 8*2 + 1) / 3**8 = 129 / 6561; p = 2 * that.
    c = ss.period_contrast(2, 4.0, 6, 2.0, 0.95)
    assert (c.early.value, c.late.value, c.theta.value) == pytest.approx((0.5, 3.0, 6.0))
    assert c.p0 == pytest.approx(1 / 3)
    assert c.p_value == pytest.approx(2 * 129 / 6561)
    assert c.theta.lower < 6 < c.theta.upper


def test_equal_ratios_give_p_one():
    c = ss.period_contrast(5, 5.0, 5, 5.0, 0.95)
    assert c.theta.value == 1 and c.p_value == pytest.approx(1.0)


def test_leave_one_out_by_hand():
    # O = 10, E = 5; leaving out a year with 4 observed, 1 expected: 6 / 4 = 1.5
    out = ss.leave_one_out(10, 5.0, {2021: (4, 1.0), 2022: (1, 2.0)}, 0.95)
    assert out[2021].value == pytest.approx(1.5)
    assert out[2022].value == pytest.approx(9 / 3)


def _py(male, female):
    return pd.DataFrame({"male": [male], "female": [female], "total": [male + female]}, index=[2020])


def _kostat(total, male, female, year=2020):
    rows = [
        {
            "row_id": f"K{i}",
            "year": year,
            "indicator": "crude_suicide_rate",
            "sex": s,
            "age_group": "",
            "value": v,
            "adopted": True,
            "source_id": "x",
        }
        for i, (s, v) in enumerate((("total", total), ("male", male), ("female", female)))
    ]
    return pd.DataFrame(rows)


def test_expected_by_year_crude_and_sex():
    # 100 men and 300 women; rates 40 (men), 10 (women), 25 (all)
    py, k = _py(100, 300), _kostat(25, 40, 10)
    assert ss.expected_by_year(py, k, "crude")[2020] == pytest.approx(25 * 400 / 1e5)
    assert ss.expected_by_year(py, k, "sex")[2020] == pytest.approx((40 * 100 + 10 * 300) / 1e5)


def test_mou_published_ratio_sex_adjusted_by_hand():
    # crude E = 25 * 400 / 1e5 = 0.1; sex E = 0.07; f = 0.7. A published ratio of 1.4 becomes 1.4 / 0.7 = 2.0.
    factors = ss.sex_factors(_py(100, 300), _kostat(25, 40, 10), [2019, 2020])
    assert factors.loc[2020, "factor"] == pytest.approx(0.7)
    adj = ss.adjust_published_ratio(1.4, factors, [2019, 2020])
    assert adj.adjusted == pytest.approx(2.0)
    assert (adj.lowest, adj.highest) == pytest.approx((2.0, 2.0))
    assert adj.years_used == (2020,) and adj.years_missing == (2019,)  # no person-years/rates for 2019: a gap


def test_candidate_windows_for_recent_three_years():
    # "the past three years", said in 2026: the windows ending in 2025, 2024, 2023
    assert ss.candidate_windows(2026, 3) == [(2023, 2025), (2022, 2024), (2021, 2023)]


def test_unknown_cause_upper_bound_by_hand():
    # 29 suicides + 19 deaths of unknown cause over an expected 20: (29 + 19) / 20 = 2.4
    b = ss.unknown_cause_upper(29, 19, 20.0, 0.95)
    assert b.value == pytest.approx(2.4)
    assert b.lower < 2.4 < b.upper


def test_derived_count_is_total_less_yearly_counts():
    rows = [("T", 2013, 2022, 100), ("A", 2020, 2020, 9), ("B", 2021, 2021, 18), ("C", 2022, 2022, 15)]
    full = pd.DataFrame(
        [{"record_id": r, "period_start": a, "period_end": b, "value": v, "series": "s"} for r, a, b, v in rows]
    )
    d = su.derived_count(full, 2013, 2019, "s")
    assert d.count == 100 - 9 - 18 - 15 == 58
    assert d.derived_from == (2013, 2022, 100) and d.record_ids == ("T", "A", "B", "C")
    assert su.derived_count(full, 2013, 2020, "s").count == 100 - 18 - 15
    assert su.derived_count(full, 2012, 2019, "s") is None  # no total covering it


# ---------------------------------------------------------------------------------- the verdict rule
@pytest.mark.parametrize(
    "value, lower, upper, expected",
    [
        (1.95, 1.60, 2.40, suicide.Reading.WITHIN),  # the ratio and its whole interval in 1.50-2.50
        (1.60, 1.52, 1.68, suicide.Reading.WITHIN),  # 2 excluded, but every value of the interval is around 2
        (1.95, 1.40, 2.63, suicide.Reading.REACHES_OUT),  # around 2, but so imprecise it reaches 1.40 and 2.63
        (1.50, 1.22, 1.83, suicide.Reading.REACHES_OUT),  # the primary SMR: at the band's edge, reaching below
        (1.40, 0.90, 2.10, suicide.Reading.OUTSIDE_WIDE),  # 2 is included, but the estimate is not around 2
        (1.24, 1.01, 1.51, suicide.Reading.OUTSIDE),  # the crude 2013-2022 ratio: the rule can say no
        (3.50, 2.80, 4.20, suicide.Reading.OUTSIDE),  # above the band counts as well
    ],
)
def test_reading_of_around_double(value, lower, upper, expected):
    assert suicide.reading(value, lower, upper, 0.25) == expected


#: how far each verdict goes in the claim's favour (the order schema.org's ratings give them in the audit)
FAVOUR = {Category.NOT_SUPPORTED: 0, Category.CAVEATS: 1, Category.SUPPORTED: 2}


@settings(max_examples=200, deadline=None)
@given(
    value=st.floats(0.2, 5.0),
    below=st.floats(0.0, 1.0),
    above=st.floats(0.0, 3.0),
    wider=st.floats(0.0, 2.0),
    tolerance=st.sampled_from([0.1, 0.25, 0.5]),
)
def test_a_less_precise_ratio_never_earns_a_better_verdict(value, below, above, wider, tolerance):
    """The referee's objection to the rule before version 0.5: an interval that included 2 counted in the claim's
    favour, so widening it could raise the verdict. Widening it now never does, whatever the ratio and band."""
    lower, upper = max(value - below, 0.0), value + above

    def favour(lo: float, hi: float) -> int:
        return FAVOUR[suicide.CATEGORY[suicide.reading(value, lo, hi, tolerance)]]

    assert favour(max(lower - wider, 0.0), upper + wider) <= favour(lower, upper)
    low, high = suicide.band(tolerance)
    printed = round(value, 2)  # the rule reads the ratio as printed
    assert favour(value, value) == (2 if low <= printed <= high else 0)  # no spread: the level alone decides


def test_the_rule_reads_figures_as_printed():
    """A reviewer's cases: an interval printed '1.50-2.10' is in the band although its lower bound is 1.4996;
    60.4 + 5 points is 65.4 in float arithmetic too; a share 5.0 points from the claim is within 5."""
    from analysis.findings import surveys

    assert suicide.reading(1.80, 1.4996, 2.10, 0.25) == suicide.Reading.WITHIN
    assert suicide.reading(1.80, 1.494, 2.10, 0.25) == suicide.Reading.REACHES_OUT  # printed 1.49
    est = Value.of(65.4, ".1f")
    assert surveys.share_verdict("C", 60.4, est, None, None, 5.0).category == Category.SUPPORTED
    assert surveys.share_verdict("C", 3.3, Value.of(8.3, ".1f"), 7.3, 8.3, 5.0).category == Category.SUPPORTED
    assert suicide.verdict_before_0_5(1.80, 1.40, None, 0.25) == Category.SUPPORTED  # no upper limit: unbounded


def test_each_reading_has_one_category_and_one_whole_sentence():
    assert set(suicide.CATEGORY) == set(suicide.WORDING) == set(suicide.REASON) == set(suicide.Reading)
    assert [suicide.CATEGORY[r] for r in suicide.Reading] == [
        Category.SUPPORTED,
        Category.CAVEATS,
        Category.NOT_SUPPORTED,
        Category.NOT_SUPPORTED,
        Category.CANNOT_CHECK,
    ]
    for reading, sentence in suicide.WORDING.items():
        assert sentence.startswith('"Around double"') and sentence.endswith("."), reading


def test_reason_is_short_and_each_reading_has_one():
    # the tables of verdicts give REASON's sentence; Section 4.5 alone gives WORDING's (stated once)
    assert set(suicide.REASON) == set(suicide.WORDING) == set(suicide.Reading)
    for reading, sentence in suicide.REASON.items():
        assert sentence.endswith(".") and len(sentence.split()) < len(suicide.WORDING[reading].split()), reading


def test_evidence_label_gives_one_word_or_the_range():
    assert suicide.evidence_label("moderate", "moderate") == "moderate"
    assert suicide.evidence_label("weak", "moderate") == "weak to moderate"


# ---------------------------------------------------------------------------------- findings, published data
@pytest.fixture(scope="module")
def F(processed_dir):
    return suicide.findings(params.validate({}))  # reads the session's processed tables


def test_primary_is_the_mois_total_sex_adjusted(F):
    # JTBC 2024-09-27 (jtbc-2024-09-27): 100 suicides in 2013-2022 from the MOIS resident registers
    assert F.primary.available and F.period.text == "2013-2022" and F.primary.observed.value == 100
    assert F.primary.smr.value.sources[0] == "jtbc-2024-09-27"
    assert F.primary.smr.value.value == pytest.approx(100 / F.primary.smr.expected.value)
    assert F.primary.smr.lower < F.primary.smr.value.value < F.primary.smr.upper
    assert F.primary.smr.value.value > F.primary.crude.value.value  # most escapees are women


def test_contrast_early_count_is_derived_from_published_figures(F):
    # 100 (2013-2022) less Wi Sung-lac's 9 (2020), 18 (2021), 15 (2022)
    assert F.change.derivation.text == "100 − 9 − 18 − 15 = 58"
    # three tests of equal ratios on 58 of 100 suicides (early) against 42, expected 44.99 and 21.55 (sex-adjusted):
    # p0 = 21.55 / 66.55 = 0.324; G² = 2 (58 ln(58 / 67.61) + 42 ln(42 / 32.39)) = 4.04, P(χ²₁ > 4.04) = 0.044
    assert (F.change.p.text, F.change.p_mid.text, F.change.p_lr.text) == ("p = 0.055", "p = 0.044", "p = 0.044")
    assert F.change.evidence.text == "weak to moderate" and F.change.direction == "higher"
    assert (F.change.early.observed.value, F.change.late.observed.value) == (58, 42)
    total_expected = F.change.early.expected.value + F.change.late.expected.value
    assert total_expected == pytest.approx(F.primary.smr.expected.value, rel=1e-3)  # the same person-years, split


def test_one_verdict_one_conclusion(F):
    # the verdict's reason (the tables) and Section 4.5's sentence read the same reading and the same numbers
    assert F.around_double.claim_id == "C10" and F.reading == suicide.Reading.OUTSIDE
    assert F.around_double.reason.text == (
        "For 2013-2022 the published counts give a crude ratio of 1.24 (1.01-1.51): outside 1.50-2.50, "
        "and the interval excludes 2."
    )
    assert F.conclusion.text.startswith('"Around double" is not supported by the published counts')


def test_mou_records_selected_by_id_and_flagged_counts(F):
    # Segye 2022-01-13: 27.3 vs 27.1; Korea Herald 2026-02-25: 46 vs 27
    assert (F.published.mou_long.escapees.value, F.published.mou_long.comparator.value) == (27.3, 27.1)
    assert (F.published.mou_recent.escapees.value, F.published.mou_recent.comparator.value) == (46, 27)
    assert (
        F.published.mou_recent.adjusted_lowest.value
        <= F.published.mou_recent.adjusted.value
        <= F.published.mou_recent.adjusted_highest.value
    )
    assert F.misclassification.flagged_sources == ["dailysecu-2020-10-07", "nknews-2015-09"]
    assert all(s.flagged for s in F.estimates.specs if "Kim Do-eup" in s.series)
    assert not any(s.flagged for s in F.estimates.specs if s.primary)


def test_unknown_cause_bound_uses_moUs_2017_2019_figures(F):
    # Hankook Ilbo 2020-10-07: suicides 8, 13, 8 and unknown-cause deaths 4, 5, 10 in 2017-2019
    assert (F.misclassification.unknown_suicides.value, F.misclassification.unknown_deaths.value) == (29, 19)
    assert F.misclassification.unknown_upper.value.value == pytest.approx(
        F.misclassification.unknown_base.value.value * 48 / 29
    )


def test_a_period_with_a_gap_builds_and_says_so(processed_dir):
    G = suicide.findings(params.validate({"suicide_period_start": 2016, "suicide_period_end": 2016}))
    assert not G.primary.available and G.around_double.category == Category.CANNOT_CHECK
    assert G.primary.gap_years.text == "2016"


# ---------------------------------------------------------------------------------- bounds (suicide_bounds)
def test_the_verdict_reads_the_crude_ratio_and_the_bounds_are_reported(F):
    # 2013-2022: 100 suicides against 80.4 expected at KOSTAT's crude rates; 1.24 (1.01-1.51) excludes 2 and lies
    # below 1.50, so "around double" is not supported on the article's own (crude) comparison
    assert F.reading == suicide.Reading.OUTSIDE and F.around_double.category == Category.NOT_SUPPORTED
    assert F.primary.crude.value.text in F.conclusion.text and F.primary.crude.interval.text in F.conclusion.text
    lo, hi = sorted(float(a.sex_and_age_ratio.value) for a in (F.age.bounds.no_ageing, F.age.bounds.aged))
    assert (round(lo, 2), round(hi, 2)) == (1.45, 1.70)  # regression pin: the two age scenarios of Section 4.3
    assert F.age.young_below and F.age.below.text == "10-19 and 20-29" and F.age.years.text == "2020, 2021 and 2022"
    den = F.denominator_bound
    assert den.available and den.ratio_high.value == pytest.approx(F.primary.smr.value.value * den.factor_high.value)


def test_context_is_north_koreas_own_rate_and_the_reviews(F):
    # Nownews 2014-09-06 (WHO 2014): DPRK 38.5 and Republic of Korea 28.9 per 100,000 (2012)
    assert (F.context.nk_rate.value, F.context.sk_rate.value) == (38.5, 28.9)
    r = F.context_reviews  # Amiri 2022, pooled odds ratio of suicide mortality; Cogo 2022: 4 to 290 per 100,000
    assert (r.value.text, r.lower.text, r.upper.text) == ("0.91", "0.90", "0.93")
    assert (r.displaced_low.value, r.displaced_high.value) == (4, 290)


def test_a_single_year_before_2011_builds(processed_dir):
    # regression (issue 21): 2009-2009 crashed with KeyError 1999, because MOU's cumulative totals jump from 1998
    # to 2001. Won Hye-young's 8 suicides in 2009 (the300-2015-09-09) are the count.
    G = suicide.findings(params.validate({"suicide_period_start": 2009, "suicide_period_end": 2009}))
    assert (
        G.primary.available
        and G.primary.observed.value == 8
        and G.primary.series_name.text == su.SERIES_NAMES["won_hye_young_2015"]
    )
    assert G.primary.early_year.value == 1998
    assert G.combined_bias is None  # no resident count was published in or next to 2009: said, not drawn


def test_arrived_early_takes_the_latest_published_year_ten_or_more_before():
    cumulative = pd.DataFrame({"total": [947, 1990, 3132, 10000]}, index=[1998, 2001, 2002, 2012])
    assert suicide.arrived_early(cumulative, 2012) == (2002, 3132 / 10000 * 100)
    assert suicide.arrived_early(cumulative, 2010)[0] is None  # 2010 itself has no published total here
    assert suicide.arrived_early(cumulative.rename(index={2012: 2007}), 2007) == (None, None)  # nothing by 1997


def test_person_years_and_expected_counts_carry_their_arrivals_and_kostat_rows(F):
    # issue 21: person-years are the running sum of MOU's adopted arrivals (from ~1998 on), the expected count
    # applies KOSTAT's rates for 2013-2022 to them
    for value in (F.primary.person_years, F.primary.smr.expected, F.primary.crude.expected):
        assert "arrivals/period=~1998;sex=total" in value.rows and "arrivals/period=2022;sex=female" in value.rows
        assert "arrivals/period=2023;sex=total" not in value.rows  # nothing after the period's end
        assert sum(r.startswith("kostat/") for r in value.rows) >= 10  # a KOSTAT rate for each year at least
    assert "kostat/K024" in F.primary.crude.expected.rows  # KOSTAT's 2013 crude rate (28.5)


def test_combined_bias_is_seeded_and_its_decisions_follow_its_interval(F):
    b = F.combined_bias
    assert b is not None and b.draws.value == 10_000
    again = suicide.combined_bias(suicide.inputs(params.validate({})))
    assert (
        again.crude.value.value == b.crude.value.value and again.crude.lower == b.crude.lower
    )  # same seed, same draws
    # every draw multiplies O/E by (1 + q U/S) F / A with F >= 1 and q >= 0: the biases alone can only raise the
    # crude ratio unless A > F (1 + q U/S); with the declared priors (A <= 1.04, F >= 1.04) the median is above O/E
    assert b.systematic.value.value > F.primary.crude.value.value
    assert b.includes_two == (b.crude.lower <= 2 <= b.crude.upper)
    lo, hi = (float(x) for x in F.band.text.split("-"))
    assert b.reaches_band == (b.crude.upper >= lo and b.crude.lower <= hi)
    assert [p.bias for p in b.priors] == list(suicide.BIAS_NAMES.values())
    assert b.largest.text in suicide.BIAS_NAMES.values()


def test_combined_bias_is_absent_where_the_period_has_no_estimate():
    P = params.validate({"suicide_period_start": 2009, "suicide_period_end": 2011})
    found = suicide.findings(P)
    assert not found.primary.available and found.combined_bias is None


def test_specification_curve_holds_only_defensible_choices(F):
    c = F.curve
    points = c.points
    assert c.count.value == len(points) and [p.value for p in points] == sorted(p.value for p in points)
    assert sum(p.primary for p in points) == 1  # the primary estimate, every other choice conventional
    primary = next(p for p in points if p.primary)
    assert f"{primary.value:.2f}" == F.primary.smr.value.text  # the same number as Section 4.2's SMR
    for p in points:  # periods of three or more years, on the two trusted lawmakers' counts only
        a, _, b = p.period.partition("-")
        assert b and int(b) - int(a) >= 2, p.period
        assert p.series in (su.SERIES_NAMES["wi_sung_lac_2024"], su.SERIES_NAMES["hong_ki_won_2024"]), p.series
        assert p.lower <= p.value <= p.upper
    lo, hi = (float(edge) for edge in F.band.text.split("-"))
    assert (lo, hi) == (1.5, 2.5)
    assert c.in_band.value + c.above_band.value + c.below_band.value == c.count.value == len(points)
    # counted as printed (two decimals), as the verdicts read a ratio: 1.496 prints 1.50 and is in the band
    assert c.in_band.value == sum(lo <= round(p.value, 2) <= hi for p in points)
    assert c.whole_in_band.value == sum(lo <= round(p.lower, 2) and round(p.upper, 2) <= hi for p in points)
    assert c.whole_in_band.value <= c.in_band.value
    assert c.above_band.value == sum(round(p.value, 2) > hi for p in points)
    assert (c.in_band.value, c.whole_in_band.value, c.above_band.value, c.below_band.value) == (51, 5, 3, 43)


def test_triangulation_sets_mou_recent_rate_beside_both_counts(F):
    t = F.triangulation
    # 2021-2022: 33 suicides on the MOIS-based counts (18 + 15), 21 on Hong Ki-won's (15 + 6), same person-years
    assert (t.window.text, t.years.text, t.published.text) == ("2021-2023", "2021-2022", "46")
    assert round(t.mois.value / t.hong.value, 6) == round(33 / 21, 6)
    assert t.reading == "both_consistent" and t.closer.text == su.SERIES_NAMES["wi_sung_lac_2024"]


def test_the_verdict_at_the_articles_date_reads_only_counts_published_by_then(F):
    # July 2024: the MOIS counts for 2020-2022 (jtbc-2024-09-27) and the 2013-2022 total came later, and 2016 had
    # only a January-August count (kukinews-2016-09-22); so the latest years the published counts covered were
    # 2017-2019 (hankookilbo-2020-10-07: 8, 13 and 8 suicides), judged by the same rule
    # ... but those were the Ministry of Unification's counts (cause_not_tracked_source), which the comparison
    # leaves out, so at the article's date the claim could not be checked
    then = F.around_double_then
    assert then.category == Category.CANNOT_CHECK and then.claim_id == "C10"
    assert "had been published for 2016, 2020, 2021 and 2022" in then.reason.text
    assert (
        "the latest years counted by then, 2017-2019, were counted by the Ministry of Unification" in then.reason.text
    )
    assert then.reason.text.endswith("so at the article's date the claim could not be checked.")
    # 2017-2019 chosen as the period itself: every count was published in October 2020, so both dates read the
    # same counts (the reader's choice) and give the same verdict
    G = suicide.findings(params.validate({"suicide_period_start": 2017, "suicide_period_end": 2019}))
    assert G.around_double_then.category == G.around_double.category == Category.NOT_SUPPORTED
    assert G.around_double_then.reason.text == G.around_double.reason.text
    assert "1.17 (0.78-1.68): outside 1.50-2.50" in G.around_double.reason.text


def test_latest_window_runs_back_over_consecutive_counted_years():
    rows = [(2013, 1), (2014, 2), (2015, 9), (2017, 8), (2018, 13), (2019, 8)]
    escapee = pd.DataFrame(
        {
            "record_id": [f"E{y}" for y, _ in rows],
            "indicator": "suicide_count",
            "subgroup": "",
            "period_start": [y for y, _ in rows],
            "period_end": [y for y, _ in rows],
            "partial_year": False,
            "value": [v for _, v in rows],
            "series": "s",
        }
    )
    assert suicide.latest_window(escapee, 2022, 10) == (2017, 2019)  # 2016 has no count: the run stops there
    assert suicide.latest_window(escapee, 2022, 2) == (2018, 2019)  # at most the primary period's length
    assert suicide.latest_window(escapee, 2015, 10) == (2013, 2015)
    assert suicide.latest_window(escapee, 2012, 10) is None


def test_the_worked_table_reproduces_the_primary_expected_count_from_its_own_cells(F):
    """The methods edition's worked example: recomputed from the cells as shown (person-years rounded to
    whole years, rates as published), the expected count and the SMR are the primary estimate's."""
    table = show.worked_table(F)
    years = table[table["Year"] != "Total"]
    assert list(years["Year"]) == [str(y) for y in range(2013, 2023)]
    for column in ("KOSTAT rate, women", "KOSTAT rate, men"):  # one decimal, as KOSTAT publishes (2016: "15.0")
        assert years[column].str.fullmatch(r"\d+\.\d").all(), column
    assert years["KOSTAT rate, women"].tolist()[3] == "15.0"

    def num(column: str) -> pd.Series:
        return years[column].str.replace(",", "").astype(float)

    by_hand = (
        num("Person-years, women") * num("KOSTAT rate, women") + num("Person-years, men") * num("KOSTAT rate, men")
    ) / 1e5
    assert by_hand.round(2).tolist() == pytest.approx(num("Expected suicides").tolist(), abs=0.011)
    assert by_hand.sum() == pytest.approx(F.primary.smr.expected.value, abs=0.05)
    assert float(table["Expected suicides"].iloc[-1]) == pytest.approx(F.primary.smr.expected.value, abs=0.005)
    assert 100 / by_hand.sum() == pytest.approx(F.primary.smr.value.value, abs=0.005)  # Wi Sung-lac: 100 suicides


def test_each_specification_carries_what_the_rule_on_around_double_reads_on_it(F):
    def crude(start, end, series, denominator):
        return next(
            s
            for s in F.estimates.specs
            if (s.period_start, s.period_end, s.counts_series, s.denominator, s.adjustment)
            == (start, end, series, denominator, "crude")
        )

    # the primary period's crude ratio: 1.24 (1.01-1.51), outside 1.50-2.50 and its interval excludes 2
    assert crude(2013, 2022, "wi_sung_lac_2024", "midyear_cumulative").verdict == Category.NOT_SUPPORTED
    assert F.around_double.category == Category.NOT_SUPPORTED
    # 2009 on MOU's counts (Won Hye-young, Table S4): 1.56 (0.67-3.07) is in the band, its interval far beyond it;
    # 1.43 (0.62-2.83) is below the band, although its interval includes 2. Before version 0.5 an interval that
    # included 2 counted in the claim's favour, and these two read "supported" and "with caveats".
    assert crude(2009, 2009, "won_hye_young_2015", "midyear_cumulative").verdict == Category.CAVEATS
    assert crude(2009, 2009, "won_hye_young_2015", "yearend_cumulative").verdict == Category.NOT_SUPPORTED


def test_the_smrs_reading_is_given_on_both_denominators_because_it_turns_on_them(F):
    # mid-year person-years: SMR 1.50 (1.22-1.83) is in 1.50-2.50, its interval reaching below it -> with caveats;
    # year-end person-years are larger (each year's arrivals counted whole), so the SMR falls to 1.48
    # (1.21-1.80): below 1.50 -> not supported (Table S4's primary row shows both)
    smr = F.smr
    assert (smr.verdict, smr.other_verdict, smr.differs) == (Category.CAVEATS, Category.NOT_SUPPORTED, True)
    assert smr.other_denominator.text == "year-end cumulative arrivals"
    assert (smr.other.value.text, smr.other.interval.text) == ("1.48", "1.21-1.80")
    assert smr.other.value.value < F.primary.smr.value.value  # more person-years, the same 100 suicides
    assert smr.other.observed.value == F.primary.smr.observed.value == 100


def test_the_band_of_around_double_is_declared_once():
    # 2 (1 - t) .. 2 (1 + t): the rule, the sentences and the forest plot's grey band read the same function
    assert suicide.band(0.25) == (1.5, 2.5) and suicide.band_words(0.5) == "1.00-3.00"
    assert suicide.reading(1.49, 1.2, 2.1, 0.25) == suicide.Reading.OUTSIDE_WIDE
    assert suicide.reading(1.5, 1.2, 1.9, 0.25) == suicide.Reading.REACHES_OUT
    assert suicide.reading(1.5, 1.5, 2.5, 0.25) == suicide.Reading.WITHIN  # the band's edges belong to it


def test_sensitivity_table_sets_the_denominators_side_by_side_and_drops_no_estimate(F):
    from analysis.present import suicide as show

    df = show.sensitivity_rows(F)
    sexed = [s for s in F.estimates.specs if s.adjustment == "sex"]
    crude = [s for s in F.estimates.specs if s.adjustment == "crude"]
    combos = {(s.period, s.counts_series) for s in sexed}
    assert len(df) == len(combos) + len(F.estimates.gaps)  # one row per period and counts series, gaps stated
    # every estimate is in it, under its own denominator's columns
    cells = set(df.astype(str).to_numpy().ravel())
    assert all(f"{s.value:.2f} ({s.lower:.2f}-{s.upper:.2f})" in cells for s in sexed + crude)
    midyear = [c for c in df.columns if "midyear" in c]
    assert len(midyear) == 3 and len([c for c in df.columns if "yearend" in c]) == 3
    assert df["Note"].str.startswith("primary (").sum() == 1


def test_the_comparable_crude_ratios_are_tallied_by_the_rule(F):
    # The ten comparable crude ratios (two or more years, counts not flagged; Table S4), read by hand against
    # 1.50-2.50: on Wi's counts 2013-2019, 1.07 (0.81-1.38) and 1.04 (0.79-1.35), and 2013-2022, 1.24 (1.01-1.51)
    # and 1.23 (1.00-1.49); on Wi's with Hong's for 2020-2022, 1.07 and 1.05; on Hong's 2020-2022, 1.08 twice: all
    # below the band, eight not supported. On Wi's 2020-2022, 1.62 (1.17-2.19) and 1.62 (1.16-2.18): in the band,
    # their intervals reaching below it, two with caveats.
    assert F.estimates.crude_verdicts.text == "none supported, two supported with caveats and eight not supported"


def test_the_earlier_rule_is_kept_only_to_say_what_changed():
    # version 0.4's rule, on the cases that test_reading_of_around_double reads by the rule of version 0.5
    before = suicide.verdict_before_0_5
    assert before(1.95, 1.40, 2.63, 0.25) == Category.SUPPORTED  # now with caveats: the interval reaches out
    assert before(1.50, 1.22, 1.83, 0.25) == Category.CAVEATS  # in the band, 2 excluded (now with caveats too)
    assert before(1.40, 0.90, 2.10, 0.25) == Category.CAVEATS  # 2 included: now not supported
    assert before(1.24, 1.01, 1.51, 0.25) == Category.NOT_SUPPORTED  # the primary crude ratio: the same now


def test_the_denominators_give_different_verdicts_in_one_row_of_table_s4(F):
    # Table S4's verdicts are on the crude ratios. 2009 on Won Hye-young's counts: 1.56 (0.67-3.07) on mid-year
    # person-years, in the band -> with caveats; 1.43 (0.62-2.83) on year-end ones, below it -> not supported.
    # Every other row reads the same on both (the SMR's 1.50 and 1.48 differ too, but Table S4 gives no SMR verdict).
    assert F.estimates.denominator_verdicts.text == "one"
    # the largest move is that flagged single year's SMR (1.729 against 1.598: 0.132); on the comparable ratios it is
    # 2013-2019 on Wi's counts, sex-adjusted: 58 / 44.995 = 1.289 against 58 / 45.885 = 1.264 (0.025)
    assert (F.estimates.denominator_effect.text, F.estimates.comparable_denominator_effect.text) == ("0.132", "0.025")
    assert F.estimates.comparable_crude.text == "ten"


def test_section_4_4_counts_name_the_rows_they_were_computed_from(F):
    # 2013-2019 on Wi Sung-lac's counts, crude (the lowest comparable ratio): Wi's count rows, KOSTAT's rates of
    # 2013-2019 and no later year, the arrivals to 2019; the counts over all combinations also read Hong's rows
    e = F.estimates
    assert e.comparable_low_spec.text.startswith("2013-2019, Wi Sung-lac")
    low = e.comparable_low
    assert {r for r in low.raw if r.startswith("escapee_suicide/")} == {
        f"escapee_suicide/{i}" for s in e.specs if s.value == low.value for i in s.record_ids
    }
    kostat = pd.read_csv(paths.RAW / "kostat_deaths.csv", dtype=str).set_index("row_id")
    used = kostat.loc[[r.split("/")[1] for r in low.raw if r.startswith("kostat_deaths/")]]
    assert sorted(used.year.astype(int).unique()) == list(range(2013, 2020))
    assert len(used) == 21 and set(used.sex) == {"total", "male", "female"}  # each year's three crude rates
    assert any(r.startswith("arrivals/period=2019;") for r in low.raw)
    assert not any(r.startswith("arrivals/period=2020;") for r in low.raw)
    for name in ("spec_count", "comparable_count", "comparable_crude", "crude_verdicts", "denominator_verdicts"):
        value = getattr(e, name)
        assert value.raw and value.sources, name
    assert set(e.comparable_count.raw) < set(e.spec_count.raw)  # the flagged and single-year rows are left out


def test_how_far_the_verdict_is_from_changing(F):
    # the primary crude ratio, 1.24 (1.01-1.51): in the band 2(1 - t) .. 2(1 + t) from t = (2 - 1.24) / 2 = 0.38,
    # its whole interval from t = (2 - 1.01) / 2 = 0.495 (the upper limit, 1.51, needs only 0)
    assert suicide.tolerance_reach(1.2443, 1.0124, 1.5134) == pytest.approx((0.38, 0.495))
    assert (F.reach.level.text, F.reach.whole.text) == ("38%", "49.5%")
    assert F.reach.sentence.text == (
        "On these counts and years, only a wider tolerance than the report's ±25% would change the verdict: from ±38% "
        "the ratio would lie in the band (with caveats), and from ±49.5% its whole interval too (supported)."
    )
    assert suicide.reading(1.2443, 1.0124, 1.5134, 0.38) is suicide.Reading.REACHES_OUT
    assert suicide.reading(1.2443, 1.0124, 1.5134, 0.495) is suicide.Reading.WITHIN
    assert suicide.tolerance_reach(2.6, 2.1, 3.3) == pytest.approx((0.3, 0.65))  # above 2: the upper limit decides


@settings(max_examples=200, deadline=None)
@given(
    st.floats(0.05, 6.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
)
def test_the_reach_is_where_the_rule_changes(value, below, above):
    lower, upper = value * (1 - below), value * (1 + above)
    level, whole = suicide.tolerance_reach(value, lower, upper)
    assert suicide.reading(value, lower, upper, whole) is suicide.Reading.WITHIN
    assert suicide.reading(value, lower, upper, level) in (suicide.Reading.WITHIN, suicide.Reading.REACHES_OUT)
    # the band's edges are read as printed (two decimals): a tolerance more than half a hundredth lower misses
    if level >= 0.003:
        assert suicide.reading(value, lower, upper, level - 0.003) in (
            suicide.Reading.OUTSIDE,
            suicide.Reading.OUTSIDE_WIDE,
        )
    if whole - level >= 0.003:
        assert suicide.reading(value, lower, upper, whole - 0.003) is not suicide.Reading.WITHIN


def test_the_curve_kept_to_the_articles_question(F):
    # crude rates, no age structure: 28 points after near-duplicates; 13 in 1.50-2.50 (as printed), one with its
    # whole interval (2013-2022 on Wi's counts, residents' high bound, half the unknown-cause deaths: 1.86, 1.52-2.27);
    # of the 13, only Wi's 2020-2022 on cumulative arrivals (1.62) and on the residents' high bound (1.81) count
    # no death of unknown cause as a suicide
    c = F.curve.crude
    kept = [p for p in F.curve.points if p.adjustment == "crude" and p.age == "none"]
    assert (c.count.value, c.in_band.value, c.whole_in_band.value, c.in_band_as_recorded.value) == (28, 13, 1, 2)
    assert c.median.text == "1.42"
    plain = sorted(round(p.value, 2) for p in kept if p.misclassification == "none" and 1.5 <= round(p.value, 2) <= 2.5)
    assert plain == [1.62, 1.81] and all(p.period == "2020-2022" for p in kept if round(p.value, 2) in plain)
