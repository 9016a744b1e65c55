"""Section 4, suicide: is the escapees' rate "around double" South Korea's? One typed findings object.

``findings(P)`` reads the processed tables and returns :class:`SuicideFindings`: the primary estimate
(named in the methods: the sex-adjusted SMR on the longest consistent series with a documented source,
Wi Sung-lac's MOIS-based counts for 2013-2022, by the default parameters), every other estimate as a
sensitivity analysis, the change over time within that one series, MOU's published rates adjusted for
sex, the misclassification bound, and ONE conclusion on "around double" (``around_double``, a
:class:`~analysis.findings.verdict.Verdict` for claim C10) that §4, the abstract, the limitations and
the claim audit all read. Records are selected by record id or meaning, never by position.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

import pandas as pd

from analysis.core.numbering import ref
from analysis.core.values import SENTENCE, Findings, Record, Value
from analysis.core.wording import count_word, join_words, p_value, percent
from analysis.errors import DataError
from analysis.findings.arrivals import _all_rows as arrivals_rows
from analysis.findings.selections import (
    CONTEXT_DISPLACED,
    CONTEXT_MORTALITY,
    KIM_2019_SHARE,
    MOIS_TOTAL,
    MOU_LONG,
    MOU_RECENT,
    SENSITIVITY_PERIODS,
    UNKNOWN_LONG,
    UNKNOWN_LONG_SUICIDES,
    Claim,
)
from analysis.findings.tables import Tables, given
from analysis.findings.verdict import Category, Verdict, article_month
from analysis.methods import audit as rules
from analysis.methods import bias_mc as bm
from analysis.methods import specification as spec
from analysis.methods import stats
from analysis.methods import suicide as su
from analysis.methods import suicide_bounds as sb
from analysis.methods import suicide_sensitivity as ss
from analysis.methods import triangulation as tri
from analysis.params import Params, choices

MOIS_SERIES = "wi_sung_lac_2024"  # the longest consistent series with a documented source (MOIS registers)
HONG_SERIES = "hong_ki_won_2024"  # the other lawmaker whose counts for 2020-2022 disagree with Wi's
# the parameters that choose the primary estimate; their defaults (params.Params) define the report's primary estimate
PRIMARY_PARAMS = ("counts_series", "suicide_period_start", "suicide_period_end", "denominator")
# Which comparison the report gives, one whole sentence for each case (Section 2.3 states the primary estimate).
PRIMARY_CHOICE = {
    True: "It covers {period}, on the counts of {series}, with person-years from {denominator}.",
    False: "It covers {default_period}, on the counts of {default_series}, with {default_denominator}; this version "
    "of the report departs from it and gives the same comparison for {period}, on the counts of {series}, with "
    "person-years from {denominator}.",
}
MOU_SERIES = "kim_do_eup_2016"  # counts MOU supplied for full years (2013-2015), set against the MOIS-based total
CONTRAST = ((2013, 2019), (2020, 2022))  # the MOIS-based series: derived early period vs yearly late period
RECENT_WINDOW_LENGTH = 3  # MOU: "the past three years"
DENOMINATOR_WORDS = {
    "midyear_cumulative": "mid-year cumulative arrivals (the mean of the year-end totals before and after)",
    "yearend_cumulative": "year-end cumulative arrivals",
}
ADJUSTMENTS = {"crude": "crude", "sex": "sex-adjusted"}
POSITION_WORDS = {
    "above": "The whole interval lies above 2.",
    "includes": "The interval includes 2.",
    "below": "The whole interval lies below 2.",
}


class Counting(StrEnum):
    """How the primary period's count was made from what the lawmakers published."""

    SUBSTITUTED = "one lawmaker's total with another's yearly counts in place of its own"
    DERIVED = "a published total less published yearly counts"
    TOTAL = "a total published as such"
    YEARLY = "the sum of yearly counts"


class Matching(StrEnum):
    """How many candidate windows have KOSTAT crude rates whose mean rounds to MOU's stated comparator."""

    NONE = "no window matches"
    ONE = "one window matches"
    SEVERAL = "several windows match"


class Computable(StrEnum):
    """Whether every candidate window of MOU's "past three years" has the KOSTAT rates it needs."""

    ALL = "every window computable"
    SOME = "some windows not computable"


class Bounding(StrEnum):
    """Whether the resident frames bound the overstatement of cumulative arrivals for the period."""

    BOUND = "bounded by a frame"
    NO_FRAME = "no frame near the period"
    NO_ESTIMATE = "no estimate to bound"


#: Section 4's sentences whose wording depends on a decision, whole, one place.
SENTENCES: dict[StrEnum, str] = {
    Counting.SUBSTITUTED: "The count, {count}, is {total_series}'s total with {series}'s counts in place of its own "
    "for {years}, the years both counted.",
    Counting.DERIVED: "The count, {count}, is a published total less published yearly counts ("
    + ref("sec:suicide_change").text
    + ").",
    Counting.TOTAL: "The count is a total for the whole period, published as such.",
    Counting.YEARLY: "The count is the sum of the yearly counts: {by_year}.",
    Matching.NONE: "No candidate window has KOSTAT crude rates whose mean rounds to MOU's stated {comparator}.",
    Matching.ONE: "Only {windows} has KOSTAT crude rates whose mean rounds to MOU's stated {comparator}.",
    Matching.SEVERAL: "{windows} have KOSTAT crude rates whose mean rounds to MOU's stated {comparator}.",
    Computable.ALL: "Every window can be computed.",
    Computable.SOME: "For {windows} KOSTAT's rates are not all published yet.",
    Bounding.BOUND: "The resident populations the Korea Hana Foundation's settlement surveys were drawn from, which "
    "leave out children, bound the overstatement: cumulative arrivals overstate them by a factor of at most {factor}, "
    "so on residents the sex-adjusted SMR would be at most {ratio}.",
    Bounding.NO_FRAME: "No published resident count falls in or next to {period}, so the overstatement cannot be "
    "bounded for this period.",
    Bounding.NO_ESTIMATE: "Without an estimate for {period} there is no ratio to bound.",
}


# ------------------------------------------------------------------------------------------ records
class Ratio(Record):
    """A ratio with its interval: ``value`` and ``interval`` for prose, plain limits for figures."""

    label: str
    value: Value
    interval: Value
    counts: str = ""  # whose counts it rests on (display names, with years where more than one)
    lower: float | None = None
    upper: float | None = None
    observed: Value | None = None
    expected: Value | None = None
    available: bool = True


class Spec(Record):
    """One combination of counts series, period, denominator and adjustment (figure and table data)."""

    period: str
    period_start: int
    period_end: int
    series: str  # display name(s) of the counts used
    counts_series: str  # the parameter value this row was computed with
    denominator: str
    adjustment: str
    observed: int
    expected: float
    value: float
    lower: float
    upper: float
    derived: bool  # the count is a published total less published yearly counts
    flagged: bool  # the body that supplied the counts was reported not to record causes of death
    primary: bool
    verdict: Category  # what the rule on "around double" reads on this ratio (the audit's is the crude primary's)
    record_ids: list[str]  # the escapee_suicide rows its count was made from


class Gap(Record):
    period: str
    counts_series: str
    reason: str


class Window(Record):
    """One candidate period for MOU's "recent three years"."""

    period: str
    available: bool
    reason: str = ""
    kostat_mean: float | None = None  # unweighted mean of KOSTAT's crude rates (MOU's apparent method)
    matches_comparator: bool = False  # that mean rounds to MOU's stated comparator
    adjusted: Value | None = None


class Published(Record):
    """A published MOU rate per 100,000 against the general population, and the same ratio sex-adjusted."""

    record_id: str
    period: Value
    published_year: Value
    escapees: Value
    comparator: Value
    ratio: Value
    adjusted: Value  # ratio / f, f over the stated (or a candidate) period
    adjusted_lowest: Value
    adjusted_highest: Value
    factor: Value
    years_missing: Value  # years of the stated period without KOSTAT rates by sex
    source_id: str


class ShareRow(Record):
    record_id: str
    period: str
    period_start: int | None
    period_end: int | None
    escapee_share: str
    stated_comparator: str
    stated_basis_ratio: float | None
    kostat_share: float | None
    ratio: Value | None
    why_no_ratio: str
    wording: str
    source_id: str
    series: str


class WorkedYear(Record):
    """One year of the primary estimate's expected count (the methods edition's worked example): escapee
    person-years and KOSTAT's crude suicide rate for each sex, and the year's expected suicides."""

    year: int
    py_female: float
    py_male: float
    rate_female: float
    rate_male: float
    expected: float  # sum over the sexes of rate x person-years / 100,000


class LeaveOut(Record):
    year: int
    left_out: Value  # the year's count
    ratio: Value
    interval: Value


class Disputed(Record):
    """The year the two lawmakers' yearly counts differ most, with both counts."""

    year: Value
    wi: Value
    hong: Value
    without: LeaveOut | None  # the recent period's ratio with that year left out


class ContextReviews(Record):
    """Section 4.6: a review's pooled measure of suicide mortality among migrants, and the displaced-people
    review's count of studies and range of rates."""

    study: Value
    measure: Value
    population: Value
    comparison: Value
    value: Value
    lower: Value
    upper: Value
    displaced_studies: Value
    displaced_low: Value
    displaced_high: Value


class Kim2019(Record):
    """Kim Young-joo's 2019 share of deaths, with the comparator he stated and KOSTAT's own."""

    escapee_share: Value
    stated: Value
    stated_ratio: Value
    kostat_share: Value
    ratio: Value


# ------------------------------------------------------------------------------------------ the verdict
class Reading(StrEnum):
    """How the crude rate ratio (the article's own comparison) reads against "around double"."""

    WITHIN = "the ratio and its whole interval within the band"
    REACHES_OUT = "the ratio within the band, its interval reaching outside it"
    OUTSIDE = "the ratio outside the band, its interval excluding 2"
    OUTSIDE_WIDE = "the ratio outside the band, its interval including 2"
    NO_ESTIMATE = "no estimate"


#: The readings whose ratio lies in the band (its interval whole in it, or not).
IN_BAND = (Reading.WITHIN, Reading.REACHES_OUT)

#: The two tests of every 'around' claim (:class:`rules.Around`) as each reading meets them: the level is the
#: band, the spread the whole interval in the band. Outside the band, whether the interval includes 2 changes
#: the words (double is or is not ruled out), never the verdict.
TESTS = {
    Reading.WITHIN: rules.Around.BOTH,
    Reading.REACHES_OUT: rules.Around.LEVEL_ONLY,
    Reading.OUTSIDE: rules.Around.NEITHER,
    Reading.OUTSIDE_WIDE: rules.Around.NEITHER,
}
CATEGORY = {r: Category(rules.AROUND[t]) for r, t in TESTS.items()} | {Reading.NO_ESTIMATE: Category.CANNOT_CHECK}

# The section's conclusion, one complete sentence per reading (Section 4.5 states it; elsewhere it is referred to).
WORDING = {
    Reading.WITHIN: '"Around double" is supported by the published counts: on the crude rates the article compares, '
    "the escapees' suicide rate in {period} was {crude} times South Korea's, and its whole {level} interval "
    "({interval}) lies within {band}.",
    Reading.REACHES_OUT: '"Around double" holds only with caveats on the published counts: on the crude rates the '
    "article compares, the escapees' suicide rate in {period} was {crude} times South Korea's, within {band}, but "
    "its {level} interval ({interval}) reaches outside that band.",
    Reading.OUTSIDE: '"Around double" is not supported by the published counts: on the crude rates the article '
    "compares, the escapees' suicide rate in {period} was {crude} times South Korea's ({level} interval "
    "{interval}), outside {band}, and the interval excludes 2.",
    Reading.OUTSIDE_WIDE: '"Around double" is not supported by the published counts: on the crude rates the article '
    "compares, the escapees' suicide rate in {period} was {crude} times South Korea's ({level} interval "
    "{interval}), outside {band}; the interval is wide enough to include 2, so double is not ruled out.",
    Reading.NO_ESTIMATE: '"Around double" cannot be checked for {period}: no full-year count of escapee suicides '
    "was published for {gap_years}.",
}
# The verdict's reason as the tables of verdicts give it: the evidence in one short sentence per reading (the
# conclusion above is stated once, in Section 4.5, which the tables link to).
REASON = {
    Reading.WITHIN: "For {period} the published counts give a crude ratio of {crude} ({interval}): the whole "
    "interval lies within {band}.",
    Reading.REACHES_OUT: "For {period} the published counts give a crude ratio of {crude} ({interval}): within "
    "{band}, but the interval reaches outside it.",
    Reading.OUTSIDE: "For {period} the published counts give a crude ratio of {crude} ({interval}): outside {band}, "
    "and the interval excludes 2.",
    Reading.OUTSIDE_WIDE: "For {period} the published counts give a crude ratio of {crude} ({interval}): outside "
    "{band}, although the interval includes 2.",
    Reading.NO_ESTIMATE: "No full-year count of escapee suicides was published for {gap_years}.",
}
# The article's date, when counts published later are missing from the primary period: the latest years covered.
THEN_WINDOW = (
    "By {month} no full-year count of escapee suicides had been published for {gap_years}, so at the article's "
    "date the comparison for {primary} is judged on the latest years the published counts covered, {period}."
)
# ... when those latest years were counted only by the Ministry of Unification (flagged): no verdict then.
THEN_FLAGGED = (
    "By {month} no full-year count of escapee suicides had been published for {gap_years}, and the latest years "
    "counted by then, {period}, were counted by the Ministry of Unification, which was reported not to record causes "
    f"of death systematically ({ref('sec:suicide_misclassification')}). The comparison leaves such counts out, so at "
    "the article's date the claim could not be checked."
)
FIRST_COUNT_YEAR = 2006  # the first year of any published escapee suicide figure (data/raw/escapee_suicide.csv)
# The same gap, judged on what had been published by the article's month (the audit's first date).
NOT_YET = (
    '"Around double" could not be checked for {period} on what had been published by {month}: no full-year count '
    "of escapee suicides for {gap_years} had been published by then."
)
#: How far the verdict on the crude ratio is from changing with the tolerance, by its reading (Section 4.5).
REACH = {
    Reading.WITHIN: "With a narrower tolerance the verdict would change: below ±{whole} the interval would reach "
    "outside the band (with caveats), and below ±{level} the ratio itself would (not supported).",
    Reading.REACHES_OUT: "With another tolerance the verdict would change: from ±{whole} the whole interval would lie "
    "in the band (supported), and below ±{level} the ratio itself would lie outside it (not supported).",
    Reading.OUTSIDE: "On these counts and years, only a wider tolerance than the report's ±{tolerance} would change "
    "the verdict: from ±{level} the ratio would lie in the band (with caveats), and from ±{whole} its whole interval "
    "too (supported).",
}
REACH[Reading.OUTSIDE_WIDE] = REACH[Reading.OUTSIDE]


class Reach(Record):
    """The tolerances at which the rule's two tests on the crude ratio change: from ``level`` the ratio lies in the
    band, from ``whole`` its whole interval does too (read as printed; ``level <= whole``)."""

    level: Value
    whole: Value
    sentence: Value  # REACH's sentence for the reading


def tolerance_reach(value: float, lower: float, upper: float) -> tuple[float, float]:
    """The smallest tolerances ``t`` at which the band ``2 (1 - t) .. 2 (1 + t)`` holds the ratio, and then its
    whole interval, as printed: ``|v - 2| / 2`` for the ratio, the larger of the same for the two limits."""
    printed = [round(v, RATIO_DECIMALS) for v in (value, lower, upper)]
    level, *limits = (abs(v - 2) / 2 for v in printed)
    return level, max(level, *limits)


def band(tolerance: float) -> tuple[float, float]:
    """What "around double" allows: ``2 (1 - t) .. 2 (1 + t)`` (``t = ratio_tolerance``; 0.25 gives 1.50-2.50)."""
    return 2 * (1 - tolerance), 2 * (1 + tolerance)


def band_words(tolerance: float) -> str:
    return "{:.2f}-{:.2f}".format(*band(tolerance))


RATIO_DECIMALS = 2  # a ratio and its interval as the report prints them; the rule reads them so


def in_band(value: float, low: float, high: float) -> bool:
    return rules.in_band(value, low, high, RATIO_DECIMALS)


def reading(value: float, lower: float, upper: float, tolerance: float) -> Reading:
    """The rule for "around double" (claim C10), on the crude rate ratio and its interval.

    Band ``2 (1 - t) .. 2 (1 + t)`` (``t = ratio_tolerance``; 0.25 gives 1.50-2.50). Supported when the
    estimate and its whole interval lie in the band; with caveats when the estimate does but its interval
    reaches outside; not supported when the estimate lies outside, however wide its interval (whether the
    interval includes 2 is said, and changes nothing). The bounds on the estimate's biases are reported beside
    the verdict, and do not change it: they are bounds, not estimates.
    """
    low, high = band(tolerance)
    tests = rules.around(in_band(value, low, high), in_band(lower, low, high) and in_band(upper, low, high))
    if tests is rules.Around.NEITHER:
        return Reading.OUTSIDE_WIDE if in_band(2, lower, upper) else Reading.OUTSIDE
    return Reading.WITHIN if tests is rules.Around.BOTH else Reading.REACHES_OUT


def verdict_before_0_5(value: float, lower: float | None, upper: float | None, tolerance: float) -> Category:
    """The rule of versions 0.2-0.4, kept only to say what version 0.5 changed (Section S7.4): the ratio in the
    band, and its interval including 2; supported if both, with caveats if one, not supported if neither. A
    wider interval could earn a better verdict, which is why it was replaced."""
    low, high = band(tolerance)
    lower, upper = (0.0 if lower is None else lower), (math.inf if upper is None else upper)  # not given: unbounded
    level, includes = in_band(value, low, high), in_band(2, lower, upper)
    return (
        Category.SUPPORTED if level and includes else Category.CAVEATS if level or includes else Category.NOT_SUPPORTED
    )


def ratio_reading(r: Ratio, tolerance: float) -> Reading:
    """:func:`reading` on a ratio with its interval (an upper limit not given reads as unbounded)."""
    lower = r.lower if r.lower is not None else 0.0
    upper = r.upper if r.upper is not None else math.inf
    return reading(float(r.value.value), float(lower), float(upper), tolerance)


RULE = (
    "judged on the crude rate ratio, the article's own comparison, on two tests: it lies within {band} (around 2), "
    "and so does its whole {level} interval; " + rules.AROUND_RULE + ". Counts from a ministry reported not to "
    "record causes of death are set aside; cannot be checked where no other count covers the years read"
)


def rule_words(band: str, level: str) -> str:
    return RULE.format(band=band, level=level)


class Choice(Record):
    """What this build's parameters chose (Section 2 states the primary estimate)."""

    period_start: int
    period_end: int
    counts_series: str
    denominator: str
    denominator_words: Value
    is_default: bool  # the report's primary estimate (the parameters' defaults), or another the reader chose


class Primary(Record):
    """Sections 4.2-4.3: the estimate the parameters choose, or the years that keep it from being made.

    Every value but ``available``, ``gap_years``, ``series_name`` and ``series_basis`` is None when no
    estimate can be made; the notebook then shows the gap paragraph instead (``show_if``)."""

    available: bool
    gap_years: Value  # the years without a published full-year count ("none" when the estimate was made)
    series_name: Value  # whose counts, with years where more than one lawmaker's
    series_basis: Value
    counts_sentence: Value | None = None  # SENTENCES[Counting]: how the count was made
    observed: Value | None = None
    person_years: Value | None = None
    rate: Value | None = None
    smr: Ratio | None = None  # the primary estimate: the sex-adjusted SMR
    crude: Ratio | None = None  # the crude rate ratio: the article's own comparison, on which it is judged
    position: Value | None = None  # the SMR's interval against 2, in words
    women_share: Value | None = None
    kostat_female: Value | None = None
    kostat_male: Value | None = None
    kostat_year: Value | None = None
    early_year: Value | None = None
    early_share: Value | None = None
    leave_out: list[LeaveOut] = []  # the period without each year of 2020-2022 (when it contains them)
    leave_range: Value | None = None
    worked: list[WorkedYear] = []  # the expected count year by year and sex (the methods edition)


class Lawmakers(Record):
    """Sections 4.2 and S4.4: the two lawmakers' counts for the years both published."""

    dispute: Value  # "9 vs 7 in 2020 and 18 vs 6 in 2021" (Wi's against Hong's)
    dispute_years: list[int]
    mois_recent: Ratio  # Wi Sung-lac's MOIS-based counts, 2020-2022, sex-adjusted (``counts`` names them)
    mois_recent_crude: Ratio
    hong_recent: Ratio  # Hong Ki-won's counts, 2020-2022, sex-adjusted
    hong_recent_crude: Ratio
    recent_period: Value  # 2020-2022: the latest three years with counts, as present-tense claims are read
    mois_recent_verdict: Category  # the rule on "around double" on each lawmaker's crude ratio for those years
    hong_recent_verdict: Category


class PublishedRates(Record):
    """Section 4.1: MOU's published rates per 100,000, as published and adjusted for sex."""

    count: Value  # how many times MOU published a rate beside the population's
    mou_long: Published
    mou_recent: Published
    windows: list[Window]
    window_periods: Value  # every candidate window, as a list
    computable: Value  # SENTENCES[Computable]
    matching: Value  # which windows' KOSTAT mean rounds to MOU's stated comparator: SENTENCES[Matching]


class Nhis(Record):
    """Section S4.1: the one published age-adjusted comparison (an NHIS cohort)."""

    name: Value
    period: Value
    subgroup: Value
    basis: Value
    crude: Value
    adjusted: Value
    comparator: Value
    ratio: Value
    kostat_mean: Value
    kostat_years: Value
    crude_ratio: Value
    adjusted_below_crude: bool  # its age-adjusted rate is below its own crude rate
    record_ids: list[str]
    source_id: str


class Age(Record):
    """Sections 4.3 and S4.2: KOSTAT's age-specific rates and the two age scenarios that bound the primary estimate."""

    years: Value  # the years KOSTAT published rates by age
    below: Value  # the bands whose rate is below the all-ages rate, in every one of those years
    young_below: bool  # in every year, exactly the youngest bands are below the all-ages rate, all others above
    bounds: sb.AgeBounds | None  # methods/suicide_bounds.py; None when the period has no estimate


class Shares(Record):
    """Section S4.3: shares of deaths, which are not risk ratios."""

    rows: list[ShareRow]
    reaching_2: Value
    count: Value
    lowest: Value
    highest: Value
    kim_2019: Kim2019
    derived_years: Value | None  # years whose KOSTAT total deaths are computed from the next year's and its increase
    derived_for: Value  # the periods of Table S2 whose KOSTAT share needs them


class Change(Record):
    """Section S4.4: the MOIS-based series' earlier years against its later ones."""

    early_period: Value
    late_period: Value
    derivation: Value  # "100 - 9 - 18 - 15 = 58"
    early: Ratio
    late: Ratio
    theta: Ratio
    p: Value
    early_crude: Ratio
    late_crude: Ratio
    theta_crude: Ratio
    p_crude: Value
    p_mid: Value  # the same test with Lancaster's mid-p
    p_lr: Value  # the likelihood-ratio test
    evidence: Value  # the scale's word(s) over the three p-values: "weak to moderate"
    scale: Value  # the declared scale, stated where it is read: "strong below 0.01, ..."
    direction: Literal["higher", "lower"]  # the recent years' ratio against the earlier years'
    leave_out: list[LeaveOut]  # 2020-2022 without each year
    leave_low: Value
    leave_high: Value
    disputed: Disputed  # the year the two lawmakers' counts differ most


class Misclassification(Record):
    """Section S4.5: counts from a ministry that did not record causes; deaths of unknown cause."""

    flagged_series: Value
    flagged_sources: list[str]
    mou_per_year: Value
    mou_years: Value
    mois_per_year: Value
    mou_total: Value
    mois_total: Value  # Wi Sung-lac's MOIS-based total of suicides
    mois_period: Value
    unknown_period: Value
    unknown_suicides: Value
    unknown_deaths: Value
    unknown_base: Ratio
    unknown_upper: Ratio
    unknown_long_period: Value | None
    unknown_long: Value | None
    unknown_long_suicides: Value | None
    unknown_long_ratio: Value | None


class Estimates(Record):
    """Sections 4.4 and S4.6: every combination of counts, period, denominator and adjustment."""

    specs: list[Spec]
    gaps: list[Gap]
    spec_count: Value
    periods: Value  # the periods of two or more years Table S4 gives (beside every single year)
    comparable_count: Value  # multi-year periods whose counts were not flagged
    comparable_low: Value
    comparable_high: Value
    comparable_low_spec: Value  # the name of the combination: period, counts, adjustment
    comparable_high_spec: Value
    all_low: Value
    all_high: Value
    denominator_effect: Value
    comparable_denominator_effect: Value  # ... on the comparable combinations only
    comparable_crude: Value  # ... of them crude ratios, the article's own comparison
    crude_verdicts: Value  # how the rule of "around double" reads the comparable crude ratios, verdict by verdict
    denominator_verdicts: Value  # Table S4's rows whose two verdicts (one per person-years denominator) differ


class Triangulation(Record):
    """Section S4.1: MOU's recent published rate beside crude rates from the two lawmakers' counts over the
    years both cover in one of its candidate windows (methods/triangulation.py)."""

    published: Value  # MOU's rate for "the past three years"
    window: Value  # the candidate window where the two counts differ most
    years: Value  # the years both series count inside it
    mois: Value  # crude rate per 100,000 on the MOIS-based counts over those years
    mois_interval: Value  # its exact interval, widened for the residents (reach)
    hong: Value
    hong_interval: Value
    reading: Literal["both_consistent", "consistent_with_first", "consistent_with_second", "neither"]
    closer: Value  # the series whose rate is nearer the published one (display name)


class CurvePoint(Record):
    """One point of the specification curve of defensible choices (methods/specification.py)."""

    period: str
    series: str  # display name of the counts
    adjustment: str  # "crude" or "sex"
    age: str  # "none", "aged" or "aged_exits"
    denominator: str  # "cumulative", "residents_low" or "residents_high"
    misclassification: str  # "none" or "midpoint"
    value: float
    lower: float
    upper: float
    primary: bool  # the primary estimate's period, counts and adjustment, every other choice conventional


class Curve(Record):
    """Section S4.6: every trusted multi-year period crossed with the choices that matter."""

    points: list[CurvePoint]  # sorted by value
    count: Value
    periods: Value  # the trusted periods and counts, in words ("2013-2019, ... (Wi Sung-lac)")
    excluded: Value  # period and counts pairs left out (single years, two-year periods, flagged counts)
    low: Value
    median: Value
    high: Value
    in_band: Value  # points in the band of "around double"
    whole_in_band: Value  # ... of them, with their whole interval in it
    above_band: Value
    below_band: Value
    crude: CrudeQuestion  # the points that keep the article's question


class CrudeQuestion(Record):
    """The curve's points that keep the article's question (crude rates, no age structure): only the periods, the
    counts and the measured ratio's biases vary (denominator, deaths of unknown cause)."""

    count: Value
    median: Value
    in_band: Value
    whole_in_band: Value
    in_band_as_recorded: Value  # ... of them with no death of unknown cause counted as a suicide


class BiasPrior(Record):
    """One declared distribution of the combined bias analysis, as its table shows it."""

    bias: str  # the reader's name: BIAS_NAMES
    distribution: Value  # "uniform, 1.03-1.04" or "fixed, 0.66"
    reason: str


class CombinedBias(Record):
    """Sections 4.5 and S4.7: the resident denominator and misclassification drawn together (methods/bias_mc.py)
    for the crude ratio (the claim's question), and with the age structure too for the SMR (at equal sex and
    age), beside the conventional intervals."""

    crude: Ratio  # median of the draws and the simulation interval, random error included
    systematic: Ratio  # the same without random error: the biases alone
    sex: Ratio  # the SMR's draws, the age factor drawn too
    drawn: Value  # the biases drawn for the crude ratio, by name
    draws: Value
    seed: Value
    priors: list[BiasPrior]  # the SMR's, which draws every factor; the age prior says the crude ratio's holds it at 1
    largest: Value  # the bias whose removal moves the crude ratio's median most (BIAS_NAMES)
    without_largest: Ratio  # the crude ratio's simulation with that bias left out
    reaches_band: bool  # the crude ratio's simulation interval reaches the band of "around double"
    includes_two: bool  # ... and includes 2 itself
    simulated_verdict: str  # what the rule on "around double" would read on the simulated crude ratio


class SmrReading(Record):
    """What the rule on "around double" would read on the sex-adjusted SMR, which answers another question
    than the claim's (Section 4.5): on this build's person-years and on the other denominator. The SMR lies
    near the band's edge, so the two can read differently; the sentence saying so shows only then."""

    verdict: Category
    other_denominator: Value  # DENOMINATOR_WORDS of the denominator the build did not choose
    other: Ratio  # the SMR on it
    other_verdict: Category
    differs: bool


class SuicideFindings(Findings):
    SECTION = "suicide"

    level: Value
    period: Value
    choice: Choice
    primary_choice: Value  # PRIMARY_CHOICE's sentence: the primary estimate, or the one the parameters chose
    primary: Primary
    lawmakers: Lawmakers
    published: PublishedRates
    nhis: Nhis
    age: Age
    denominator_bound: sb.DenominatorBound | None  # resident frames: how far cumulative arrivals overstate
    denominator_bound_sentence: Value  # SENTENCES[Bounding]
    context: sb.Context | None  # North Korea's own rate; refugee and migrant reviews
    context_reviews: ContextReviews | None
    shares: Shares
    change: Change
    misclassification: Misclassification
    combined_bias: CombinedBias | None  # None when the period has no estimate or no resident count bounds it
    estimates: Estimates
    curve: Curve
    triangulation: Triangulation | None  # None when no candidate window has both counts with different rates
    # the conclusion: one verdict on "around double", stated in Section 4.5 and referred to elsewhere
    around_double: Verdict
    around_double_then: Verdict  # the same rule on the counts published by the article's month (Section 7)
    smr: SmrReading | None  # what the same rule would read on the sex-adjusted SMR (the other question)
    reading: Reading
    band: Value  # "1.50-2.50"
    conclusion: Value  # the wording table's sentence for ``reading``
    reach: Reach | None  # the tolerances that would change the verdict (None: no estimate)
    uncounted_years: Value  # every year since the first count without a full-year count (the exercise's answer)


# ------------------------------------------------------------------------------------------ helpers
def _r(x: float) -> str:
    return f"{x:.2f}"


def _period(a: int, b: int) -> str:
    return f"{a}" if a == b else f"{a}-{b}"


def _esc_refs(escapee: pd.DataFrame, ids) -> dict:
    ids = [i for i in ids if i]
    src = escapee.set_index("record_id").loc[ids, "source_id"] if ids else []
    return {
        "rows": [f"escapee_suicide/{i}" for i in ids],
        "raw": [f"escapee_suicide/{i}" for i in ids],
        "sources": list(src),
    }


def _kostat_refs(kostat: pd.DataFrame, years, sexes=("total",)) -> dict:
    k = kostat[
        kostat["adopted"].astype(bool)
        & (kostat["indicator"] == "crude_suicide_rate")
        & kostat["year"].isin(list(years))
        & kostat["sex"].isin(list(sexes))
        & (kostat["age_group"].fillna("") == "")
    ]
    return {
        "rows": [f"kostat/{i}" for i in k["row_id"]],
        "raw": [f"kostat_deaths/{i}" for i in k["row_id"]],
        "sources": list(k["source_id"]),
    }


def _merge(*refs: dict) -> dict:
    return {k: [x for r in refs for x in r.get(k, [])] for k in ("rows", "raw", "sources")}


def _ratio(
    label: str,
    est: stats.Estimate,
    refs: dict,
    method: str,
    observed: float | None = None,
    expected: float | None = None,
) -> Ratio:
    interval = f"{_r(est.lower)}-{_r(est.upper)}" if math.isfinite(est.upper) else f"{_r(est.lower)}-∞"
    return Ratio(
        label=label,
        value=Value.of(est.value, ".2f", method=method, **refs),
        interval=Value.of(interval, method=f"exact {percent(est.level)} interval of {label}", **refs),
        lower=est.lower,
        upper=est.upper if math.isfinite(est.upper) else None,
        observed=None if observed is None else Value.of(int(observed), "d", method="observed suicides", **refs),
        expected=None
        if expected is None
        else Value.of(expected, ".1f", method="expected suicides at KOSTAT rates", **refs),
    )


def position(lower: float, upper: float) -> str:
    return su.position(lower, upper)


def evidence_label(low: str, high: str) -> str:
    """The strength of evidence over several tests of one hypothesis: one word where they agree ('moderate'),
    the range where they do not ('weak to moderate')."""
    return low if low == high else f"{low} to {high}"


def context_reviews(cx: sb.Context | None) -> ContextReviews | None:
    """Section 4.6's published benchmarks, each picked by its row of data/raw/context_suicide.csv."""
    if cx is None:
        return None
    by_id = {r.row_id: r for r in cx.reviews}
    if not {CONTEXT_MORTALITY, *CONTEXT_DISPLACED} <= set(by_id):
        return None
    m = by_id[CONTEXT_MORTALITY]
    refs = {"raw": [f"context_suicide/{m.row_id}"], "sources": list(m.value.sources)}
    n, low, high = (by_id[i].value for i in CONTEXT_DISPLACED)
    return ContextReviews(
        study=Value.label(
            su.study_words(m.study), of="the study, named before its citation", based_on=[Value.of("", **refs)]
        ),
        measure=Value.of(m.measure, **refs),
        population=Value.of(m.population, **refs),
        comparison=Value.of(m.comparison, **refs),
        value=m.value,
        lower=m.lower,
        upper=m.upper,
        displaced_studies=n,
        displaced_low=low,
        displaced_high=high,
    )


# ------------------------------------------------------------------------------------------ parts
EARLY_YEARS = 10  # Section 4.3: the share of escapees (by the period's end) who had arrived this many years before


def arrived_early(cumulative: pd.DataFrame, end: int) -> tuple[int | None, float | None]:
    """The latest year with a published cumulative total at least ``EARLY_YEARS`` before ``end``, and the
    share (%) of everyone who had arrived by ``end`` who had arrived by then; (None, None) when MOU
    published no cumulative total that early (its first is for 1998, then 2001)."""
    years = [int(y) for y in cumulative.index if int(y) <= end - EARLY_YEARS]
    if not years or end not in cumulative.index:
        return None, None
    early = max(years)
    return early, float(cumulative.at[early, "total"] / cumulative.at[end, "total"] * 100)


def counts_names(pooled: su.PooledCount) -> str:
    """Whose counts a pooled count rests on: 'Wi Sung-lac (2024)', or with years where more than one."""
    runs: list[list] = []
    for y, sid in sorted(pooled.series_by_year.items()):
        if runs and runs[-1][0] == sid and runs[-1][2] == y - 1:
            runs[-1][2] = y
        else:
            runs.append([sid, y, y])
    if len(runs) == 1:
        return su.SERIES_NAMES.get(runs[0][0], runs[0][0])
    return join_words([f"{su.SERIES_NAMES.get(sid, sid)} for {_period(a, b)}" for sid, a, b in runs])


def counts_basis(pooled: su.PooledCount) -> str:
    """Where the counts came from, by series (``methods.suicide.SERIES_BASIS``)."""
    used = dict.fromkeys(pooled.series_by_year[y] for y in sorted(pooled.series_by_year))
    return join_words([su.SERIES_BASIS.get(sid, "a source not recorded") for sid in used])


def _count_ratio(
    escapee, kostat, cumulative, start, end, series, denominator, level, adjustment, label, arrivals_refs=None
):
    pooled = su.pooled_count(escapee, start, end, series)
    py = su.person_years(cumulative, start, end, denominator)
    fn = su.sex_adjusted_comparison if adjustment == "sex" else su.crude_comparison
    comp = fn(pooled.count, py, kostat, level)
    refs = _merge(
        _esc_refs(escapee, pooled.record_ids),
        _kostat_refs(kostat, range(start, end + 1), su.SEXES if adjustment == "sex" else ("total",)),
        arrivals_refs or {},
    )
    method = (
        "observed / expected at KOSTAT's sex-specific rates (indirect standardisation), exact Poisson interval"
        if adjustment == "sex"
        else "observed / expected at KOSTAT's crude rate, exact Poisson interval"
    )
    ratio = _ratio(label, comp.ratio, refs, method, comp.observed, comp.expected)
    return ratio.model_copy(update={"counts": counts_names(pooled)}), pooled, py, comp, refs


def _specs(escapee, kostat, cumulative, P, flagged_ids) -> tuple[list[Spec], list[Gap]]:
    """Every combination: periods x counts series x denominators x adjustments (gaps kept as gaps)."""
    counts = su._all_escapees_counts(escapee)
    full = counts[~counts["partial_year"].astype(bool)]
    singles = sorted({int(y) for y in full.loc[full["period_start"] == full["period_end"], "period_start"]})
    periods = {(P.suicide_period_start, P.suicide_period_end), *SENSITIVITY_PERIODS}
    periods |= {(y, y) for y in singles}
    try:  # the pooled series the parameters choose: the one row of each adjustment marked primary
        chosen_series = su.pooled_count(escapee, P.suicide_period_start, P.suicide_period_end, P.counts_series).series
    except DataError:
        chosen_series = None
    grid = su.sensitivity_grid(
        escapee,
        kostat,
        cumulative,
        sorted(periods),
        list(choices("counts_series")),
        list(su.DENOMINATORS),
        P.confidence_level,
    )
    specs, gaps = [], []
    for r in grid.itertuples():
        if r.gap:
            gaps.append(Gap(period=r.period, counts_series=su.series_names(r.series), reason=r.gap))
            continue
        ids = [i for i in str(r.record_ids).split(";") if i]
        for adj, (v, lo, hi, e) in {
            "crude": (r.crude_ratio, r.crude_lower, r.crude_upper, r.expected_crude),
            "sex": (r.smr, r.smr_lower, r.smr_upper, r.expected_sex),
        }.items():
            specs.append(
                Spec(
                    period=r.period,
                    period_start=int(r.period_start),
                    period_end=int(r.period_end),
                    series=su.series_names(r.series),
                    counts_series=r.series,
                    denominator=r.denominator,
                    adjustment=adj,
                    observed=int(r.observed),
                    expected=float(e),
                    value=float(v),
                    lower=float(lo),
                    upper=float(hi),
                    derived=bool(r.derived),
                    flagged=any(i in flagged_ids for i in ids),
                    primary=(int(r.period_start), int(r.period_end)) == (P.suicide_period_start, P.suicide_period_end)
                    and r.denominator == P.denominator
                    and adj == "sex"
                    and r.series == chosen_series,
                    verdict=CATEGORY[reading(float(v), float(lo), float(hi), P.ratio_tolerance)],
                    record_ids=ids,
                )
            )
    return specs, gaps


def _published(escapee, kostat, cumulative, record_id, years, level_words="") -> tuple[Published, ss.AdjustedPublished]:
    row = escapee.set_index("record_id").loc[record_id]
    refs = _esc_refs(escapee, [record_id])
    ratio = float(row["value"]) / float(row["comparator"])
    py = su.person_years(cumulative, years[0], years[-1], "midyear_cumulative")
    factors = ss.sex_factors(py, kostat, years)
    adj = ss.adjust_published_ratio(ratio, factors, years)
    krefs = _merge(refs, _kostat_refs(kostat, adj.years_used, ("total",) + su.SEXES))
    method = "published ratio / f, f = expected at KOSTAT's sex-specific rates / expected at the crude rate"
    return Published(
        record_id=record_id,
        period=Value.of(str(row["period"]), **refs),
        published_year=Value.of(int(str(row["published"])[:4]), "d", **refs),
        escapees=Value.of(float(row["value"]), "g", unit="per 100,000", **refs),
        comparator=Value.of(float(row["comparator"]), "g", unit="per 100,000", **refs),
        ratio=Value.of(ratio, ".2f", method="ratio of the two published rates", **refs),
        adjusted=Value.of(adj.adjusted, ".2f", method=method, **krefs),
        adjusted_lowest=Value.of(adj.lowest, ".2f", method="published ratio / the largest single-year f", **krefs),
        adjusted_highest=Value.of(adj.highest, ".2f", method="published ratio / the smallest single-year f", **krefs),
        factor=Value.of(adj.factor, ".2f", method="f over the years used", **krefs),
        years_missing=Value.listing(adj.years_missing, of="years without KOSTAT rates by sex"),
        source_id=str(row["source_id"]),
    ), adj


def _recent_windows(escapee, kostat, cumulative) -> tuple[list[Window], Published | None]:
    row = escapee.set_index("record_id").loc[MOU_RECENT]
    pub_year = int(str(row["published"])[:4])
    windows, usable = [], []
    crude = su.kostat_values(kostat, "crude_suicide_rate")
    for a, b in ss.candidate_windows(pub_year, RECENT_WINDOW_LENGTH):
        years = list(range(a, b + 1))
        missing = [y for y in years if y not in crude.index]
        try:
            if missing:
                raise DataError(f"KOSTAT rates for {join_words([str(y) for y in missing])} not published")
            pub, adj = _published(escapee, kostat, cumulative, MOU_RECENT, years)
            if adj.years_missing:
                raise DataError(
                    f"KOSTAT rates by sex for {join_words([str(y) for y in adj.years_missing])} not published"
                )
        except DataError as exc:
            windows.append(Window(period=_period(a, b), available=False, reason=str(exc).split(" (needed")[0]))
            continue
        mean = float(crude.loc[years].mean())
        windows.append(
            Window(
                period=_period(a, b),
                available=True,
                kostat_mean=round(mean, 3),
                matches_comparator=round(mean) == float(row["comparator"]),
                adjusted=pub.adjusted,
            )
        )
        usable.append(pub)
    return windows, usable


def yearly_counts_of_both(escapee: pd.DataFrame) -> pd.DataFrame:
    """Years for which both lawmakers published yearly counts: index year, columns the two series."""
    d = escapee[
        (escapee["indicator"] == "suicide_count")
        & escapee["series"].isin(list(choices("counts_series")))
        & (escapee["period_start"] == escapee["period_end"])
    ]
    return d.pivot_table(index="period_start", columns="series", values="value")


# ------------------------------------------------------------------------------------------ builders
@dataclass(frozen=True)
class Inputs:
    """The tables every builder reads, and the parameters."""

    P: Params
    escapee: pd.DataFrame
    kostat: pd.DataFrame
    cumulative: pd.DataFrame
    adopted: pd.DataFrame  # MOU's adopted arrivals, whose running sum is ``cumulative``
    arrivals_age: pd.DataFrame
    residents: pd.DataFrame
    facts: pd.DataFrame  # recorded departures and returns (the combined bias analysis's exits)

    @property
    def level(self) -> float:
        return self.P.confidence_level

    @property
    def full(self) -> pd.DataFrame:
        """Published full-year counts for all escapees."""
        counts = su._all_escapees_counts(self.escapee)
        return counts[~counts["partial_year"].astype(bool)]

    @property
    def flagged(self) -> pd.DataFrame:
        """Rows from a body reported not to record causes of death."""
        return self.escapee[self.escapee["cause_not_tracked_source"].fillna("") != ""]

    @property
    def bias_tables(self) -> bm.Inputs:
        """The tables the bias analysis and the specification curve read (methods/bias_mc.py)."""
        return bm.Inputs(self.escapee, self.kostat, self.cumulative, self.arrivals_age, self.residents, self.facts)

    def arrivals_refs(self, end: int) -> dict:
        """The arrivals rows the person-years to the end of ``end`` are summed from."""
        rows, raw, sources = arrivals_rows(self.adopted[self.adopted["end_year"] <= end])
        return {"rows": rows, "raw": raw, "sources": sources}

    def ratio(self, start: int, end: int, series: str, adjustment: str, label: str, denominator: str | None = None):
        """The ratio for a period and counts, on the build's person-years (or ``denominator``'s)."""
        return _count_ratio(
            self.escapee,
            self.kostat,
            self.cumulative,
            start,
            end,
            series,
            denominator or self.P.denominator,
            self.level,
            adjustment,
            label,
            self.arrivals_refs(end),
        )


def choice(P: Params) -> Choice:
    defaults = Params().model_dump()
    return Choice(
        period_start=P.suicide_period_start,
        period_end=P.suicide_period_end,
        counts_series=P.counts_series,
        denominator=P.denominator,
        denominator_words=Value.label(DENOMINATOR_WORDS[P.denominator], of="the person-years denominator"),
        is_default=all(getattr(P, k) == defaults[k] for k in PRIMARY_PARAMS),
    )


def counting(pooled: su.PooledCount) -> Counting:
    """How the pooled count was made (Section 4.2)."""
    if pooled.substituted:
        return Counting.SUBSTITUTED
    if pooled.derived_from is not None:
        return Counting.DERIVED
    return Counting.TOTAL if pooled.published_total else Counting.YEARLY


def counts_sentence(pooled: su.PooledCount, series: str, observed: Value) -> Value:
    """Section 4.2's sentence on how the count was made."""
    return Value.sentence(
        SENTENCES,
        counting(pooled),
        [observed],
        count=pooled.count,
        total_series=su.SERIES_NAMES[MOIS_SERIES],
        series=su.SERIES_NAMES.get(series, series),
        years=Value.listing(sorted(pooled.substituted), of="years both counted"),
        by_year=Value.listing([f"{n} in {y}" for y, n in pooled.by_year.items()], of="yearly counts"),
    )


def primary_gap(x: Inputs) -> Primary:
    """No estimate for the period: which years have no published count."""
    start, end = x.P.suicide_period_start, x.P.suicide_period_end
    return Primary(
        available=False,
        gap_years=Value.listing(
            su.missing_count_years(x.escapee, start, end), of="years without a published full-year count"
        ),
        series_name=Value.parameter("counts_series", x.P.counts_series, text=su.SERIES_NAMES[x.P.counts_series]),
        series_basis=Value.label(su.SERIES_BASIS[x.P.counts_series], of="the register the counts come from"),
    )


def primary(x: Inputs) -> Primary:
    """The sex-adjusted SMR and the crude ratio for the period and counts the parameters choose."""
    start, end, series = x.P.suicide_period_start, x.P.suicide_period_end, x.P.counts_series
    period = _period(start, end)
    try:
        smr, pooled, py, _, prefs = x.ratio(start, end, series, "sex", f"sex-adjusted SMR, {period}")
        crude_ratio, _, _, crude, crefs = x.ratio(start, end, series, "crude", f"crude rate ratio, {period}")
    except DataError:
        return primary_gap(x)
    sexes = {s: float(su.kostat_values(x.kostat, "crude_suicide_rate", s)[end]) for s in ("female", "male")}
    early_year, early_share = arrived_early(x.cumulative, end)
    leave = leave_out_primary(x, pooled, py, prefs)
    return Primary(
        available=True,
        gap_years=Value.listing([], of="years without a published full-year count"),
        series_name=Value.parameter("counts_series", series, text=smr.counts),
        series_basis=Value.label(counts_basis(pooled), of="the register the counts come from"),
        counts_sentence=counts_sentence(pooled, series, smr.observed),
        observed=smr.observed,
        person_years=Value.of(crude.person_years, ",.0f", method=f"escapee person-years, {x.P.denominator}", **crefs),
        rate=Value.of(crude.rate, ".1f", unit="per 100,000", method="observed / person-years", **crefs),
        smr=smr,
        crude=crude_ratio,
        position=Value.sentence(POSITION_WORDS, position(smr.lower, smr.upper), [smr.interval]),
        women_share=Value.of(
            float(py["female"].sum() / py["total"].sum() * 100),
            ".0f",
            unit="%",
            method="women's share of escapee person-years",
        ),
        kostat_female=Value.of(sexes["female"], ".1f", **_kostat_refs(x.kostat, [end], ("female",))),
        kostat_male=Value.of(sexes["male"], ".1f", **_kostat_refs(x.kostat, [end], ("male",))),
        kostat_year=Value.of(end, "d", **_kostat_refs(x.kostat, [end], ("female", "male"))),
        early_year=None if early_year is None else Value.of(early_year, "d"),
        early_share=None
        if early_share is None
        else Value.of(
            early_share, ".0f", unit="%", method="cumulative arrivals by the early year / by the period's end"
        ),
        leave_out=leave,
        worked=worked_expected(x, py),
        leave_range=Value.derived(
            None,
            "",
            [v.ratio for v in leave],
            method="lowest and highest ratio with one year left out",
            text=f"{min(v.ratio.value for v in leave):.2f}-{max(v.ratio.value for v in leave):.2f}",
        )
        if leave
        else None,
    )


def worked_expected(x: Inputs, py: pd.DataFrame) -> list[WorkedYear]:
    """The sex-adjusted expected count of the primary estimate, year by year: E_y = sum over the sexes of
    KOSTAT's rate r_{y,s} times person-years PY_{y,s} / 100,000 (the same function the SMR uses)."""
    rates = {s: su.kostat_values(x.kostat, "crude_suicide_rate", s) for s in ("female", "male")}
    expected = ss.expected_by_year(py, x.kostat, "sex")
    return [
        WorkedYear(
            year=int(y),
            py_female=float(py.at[y, "female"]),
            py_male=float(py.at[y, "male"]),
            rate_female=float(rates["female"][y]),
            rate_male=float(rates["male"][y]),
            expected=float(expected[y]),
        )
        for y in py.index
    ]


def leave_out_primary(x: Inputs, pooled: su.PooledCount, py: pd.DataFrame, refs: dict) -> list[LeaveOut]:
    """The primary period without each year of 2020-2022, when it contains them all and uses Wi's counts."""
    (a2, b2), start, end = CONTRAST[1], x.P.suicide_period_start, x.P.suicide_period_end
    if not (start <= a2 and b2 <= end) or x.P.counts_series != MOIS_SERIES:
        return []
    late = su.pooled_count(x.escapee, a2, b2, MOIS_SERIES).by_year
    expected = ss.expected_by_year(py, x.kostat, "sex")
    loo = ss.leave_one_out(
        pooled.count, float(expected.sum()), {y: (int(late[y]), float(expected[y])) for y in late}, x.level
    )
    period = _period(start, end)
    return [
        LeaveOut(
            year=y,
            left_out=Value.of(int(late[y]), "d", **refs),
            ratio=Value.of(e.value, ".2f", method=f"SMR {period} without {y}", **refs),
            interval=Value.of(f"{_r(e.lower)}-{_r(e.upper)}", **refs),
        )
        for y, e in loo.items()
    ]


def lawmakers(x: Inputs) -> Lawmakers:
    """Wi's and Hong's counts for 2020-2022, each ratio named by whose counts it rests on."""
    dispute = yearly_counts_of_both(x.escapee)
    disagree = [int(y) for y, r in dispute.iterrows() if r[MOIS_SERIES] != r[HONG_SERIES]]
    a, b = CONTRAST[1]
    period = _period(a, b)

    def ratio(series: str, adjustment: str) -> Ratio:
        name = su.SERIES_NAMES[series]
        return x.ratio(a, b, series, adjustment, f"{ADJUSTMENTS[adjustment]} ratio, {period}, {name}'s counts")[0]

    wi, hong = ratio(MOIS_SERIES, "crude"), ratio(HONG_SERIES, "crude")
    return Lawmakers(
        dispute=Value.listing(
            [f"{int(dispute.at[y, MOIS_SERIES])} vs {int(dispute.at[y, HONG_SERIES])} in {y}" for y in disagree],
            of="yearly counts where the two lawmakers disagree (Wi's vs Hong's)",
        ),
        dispute_years=disagree,
        mois_recent=ratio(MOIS_SERIES, "sex"),
        mois_recent_crude=wi,
        hong_recent=ratio(HONG_SERIES, "sex"),
        hong_recent_crude=hong,
        recent_period=Value.of(period, method="the latest three years with both lawmakers' counts"),
        mois_recent_verdict=CATEGORY[ratio_reading(wi, x.P.ratio_tolerance)],
        hong_recent_verdict=CATEGORY[ratio_reading(hong, x.P.ratio_tolerance)],
    )


def mou_recent(x: Inputs, windows: list[Window], usable: list[Published]) -> Published:
    """MOU's "past three years" rate: the sex-adjusted ratio over every window it can mean."""
    row = x.escapee.set_index("record_id").loc[MOU_RECENT]
    refs = _esc_refs(x.escapee, [MOU_RECENT])
    adjusted = [u.adjusted for u in usable]
    ratio = float(row["value"]) / float(row["comparator"])
    mean = sum(v.value for v in adjusted) / len(adjusted)
    return Published(
        record_id=MOU_RECENT,
        period=Value.of(str(row["period"]), **refs),
        published_year=Value.of(int(str(row["published"])[:4]), "d", **refs),
        escapees=Value.of(float(row["value"]), "g", **refs),
        comparator=Value.of(float(row["comparator"]), "g", **refs),
        ratio=Value.of(ratio, ".2f", method="ratio of the two published rates", **refs),
        adjusted=Value.derived(
            mean, ".2f", adjusted, method="mean of the sex-adjusted ratio over the candidate windows"
        ),
        adjusted_lowest=min(adjusted, key=lambda v: v.value),
        adjusted_highest=max(adjusted, key=lambda v: v.value),
        factor=Value.of(ratio / mean, ".2f", method="published ratio / mean adjusted ratio"),
        years_missing=Value.listing([w.period for w in windows if not w.available], of="windows not computable"),
        source_id=str(row["source_id"]),
    )


def published_rates(x: Inputs) -> PublishedRates:
    """MOU's two published rates, as published and adjusted for sex."""
    long_row = x.escapee.set_index("record_id").loc[MOU_LONG]
    years = list(range(int(long_row["period_start"]), int(long_row["period_end"]) + 1))
    mou_long, _ = _published(x.escapee, x.kostat, x.cumulative, MOU_LONG, years)
    windows, usable = _recent_windows(x.escapee, x.kostat, x.cumulative)
    comparator = float(x.escapee.set_index("record_id").at[MOU_RECENT, "comparator"])
    matching = [w.period for w in windows if w.matches_comparator]
    published = su.published_rate_comparisons(x.escapee)
    n = len(published)
    recent = mou_recent(x, windows, usable)  # its years_missing: the windows that cannot be computed
    return PublishedRates(
        count=Value.of(
            n,
            "d",
            text={1: "once", 2: "twice", 3: "three times"}.get(n, f"{n} times"),
            **_esc_refs(x.escapee, list(published["record_id"])),
        ),
        mou_long=mou_long,
        mou_recent=recent,
        windows=windows,
        window_periods=Value.listing([w.period for w in windows], of="candidate windows"),
        computable=Value.sentence(
            SENTENCES,
            Computable.ALL if all(w.available for w in windows) else Computable.SOME,
            windows=recent.years_missing,
        ),
        matching=Value.sentence(
            SENTENCES,
            Matching.NONE if not matching else Matching.ONE if len(matching) == 1 else Matching.SEVERAL,
            windows=Value.listing(matching, of="matching windows"),
            comparator=f"{comparator:g}",
        ),
    )


def nhis(x: Inputs) -> Nhis:
    """The NHIS cohort's published rates, and its crude rate against KOSTAT's for the same years."""
    nh = su.nhis_cohort(x.escapee)
    refs = _esc_refs(x.escapee, nh["record_ids"])
    kcrude = su.kostat_values(x.kostat, "crude_suicide_rate")
    years = [y for y in range(nh["period_start"], nh["period_end"] + 1) if y in kcrude.index]
    mean = float(kcrude.loc[years].mean())
    krefs = _merge(refs, _kostat_refs(x.kostat, years))
    return Nhis(
        name=Value.of(su.SERIES_NAMES.get(nh["series"], nh["attributed_to"]), **refs),
        period=Value.of(nh["period"], **refs),
        subgroup=Value.of(nh["subgroup"], **refs),
        basis=Value.of(nh["basis"], **refs),
        crude=Value.of(nh["crude_rate"], "g", **refs),
        adjusted=Value.of(nh["age_adjusted_rate"], "g", **refs),
        comparator=Value.of(nh["comparator"], "g", **refs),
        ratio=Value.of(nh["ratio"], ".2f", **refs),
        kostat_mean=Value.of(mean, ".1f", method="unweighted mean of KOSTAT's crude rates", **krefs),
        kostat_years=Value.of(_period(years[0], years[-1]), **_kostat_refs(x.kostat, years)),
        crude_ratio=Value.of(
            nh["crude_rate"] / mean, ".2f", method="cohort crude rate / KOSTAT mean crude rate", **krefs
        ),
        adjusted_below_crude=bool(nh["adjusted_below_crude"]),
        record_ids=list(nh["record_ids"]),
        source_id=nh["source_id"],
    )


def young_below(by_year: dict[int, dict]) -> bool:
    """Whether, in every year, the bands below the all-ages rate are the same youngest bands and every other
    band lies above it (no band equal to it)."""
    firsts = {tuple(a["below"]) for a in by_year.values()}
    return len(firsts) == 1 and all(
        list(a["by_age"])[: len(a["below"])] == a["below"] and len(a["below"]) + len(a["above"]) == len(a["by_age"])
        for a in by_year.values()
    )


def age(x: Inputs, p: Primary) -> Age:
    """KOSTAT's age-specific rates against the all-ages rate, and the two age scenarios (when estimated)."""
    k = x.kostat
    years = sorted(int(y) for y in k.loc[k["indicator"] == "crude_suicide_rate_by_age", "year"].unique())
    by_year = {y: su.age_direction(k, y) for y in years}
    rows = k[k["adopted"].astype(bool) & (k["indicator"] == "crude_suicide_rate_by_age") & k["year"].isin(years)]
    refs = _merge(
        {
            "rows": [f"kostat/{i}" for i in rows["row_id"]],
            "raw": [f"kostat_deaths/{i}" for i in rows["row_id"]],
            "sources": list(rows["source_id"]),
        },
        _kostat_refs(k, years),
    )
    bounds = age_bounds(x, p)
    first = next(iter(by_year.values()))
    return Age(
        years=Value.listing(years, of="years with KOSTAT rates by age", based_on=[Value.of("", **refs)]),
        below=Value.of(join_words(first["below"]), **refs),
        young_below=young_below(by_year),
        bounds=bounds,
    )


def age_bounds(x: Inputs, p: Primary) -> sb.AgeBounds | None:
    if not p.available:
        return None
    start, end = x.P.suicide_period_start, x.P.suicide_period_end
    py = su.person_years(x.cumulative, start, end, x.P.denominator)
    try:
        return sb.age_scenarios(
            int(p.observed.value),
            py,
            x.arrivals_age,
            x.kostat,
            (start, end),
            x.cumulative,
            x.level,
            inputs=[p.observed],
        )
    except DataError:
        return None


def denominator_bound(x: Inputs, p: Primary) -> sb.DenominatorBound | None:
    """How far cumulative arrivals can overstate the residents (Korea Hana Foundation's sampling frames)."""
    if not p.available:
        return None
    start, end = x.P.suicide_period_start, x.P.suicide_period_end
    frames = sb.resident_frames(x.residents, x.cumulative)
    deaths = sb.implied_deaths(x.escapee, x.P.counts_series, start, end)
    return sb.denominator_bound(
        frames, p.smr.value, p.smr.upper, (start, end), deaths, end if deaths is not None else None
    )


def share_row(x: Inputs, r) -> ShareRow:
    return ShareRow(
        record_id=r.record_id,
        period=str(r.period),
        period_start=None if pd.isna(r.period_start) else int(r.period_start),
        period_end=None if pd.isna(r.period_end) else int(r.period_end),
        escapee_share=str(r.escapee_share_as_printed),
        stated_comparator=str(r.stated_comparator_as_printed or ""),
        stated_basis_ratio=None if pd.isna(r.stated_basis_ratio) else float(r.stated_basis_ratio),
        kostat_share=None if pd.isna(r.kostat_share_pct) else float(r.kostat_share_pct),
        ratio=Value.of(
            float(r.ratio),
            ".2f",
            method="share of escapee deaths / KOSTAT's pooled share",
            **_esc_refs(x.escapee, [r.record_id]),
        )
        if pd.notna(r.ratio)
        else None,
        why_no_ratio=str(r.why_no_ratio),
        wording=su.wording_en(r.stated_ratio) or "",
        source_id=str(r.source_id),
        series=str(r.series),
    )


def shares(x: Inputs) -> Shares:
    """Shares of deaths that were suicides, escapees against KOSTAT's for the same years."""
    sh = su.share_comparisons(x.escapee, x.kostat)
    rows = [share_row(x, r) for r in sh.itertuples()]
    with_ratio = [s for s in rows if s.ratio is not None]
    kim = next(s for s in rows if s.record_id == KIM_2019_SHARE)
    derived = sorted({y for d in sh["derived_years"].dropna() if d for y in str(d).split(", ")})
    needing = [s.period for s, d in zip(rows, sh["derived_years"].fillna(""), strict=True) if d]
    reaching = sum(float(s.ratio.value) >= 2 for s in with_ratio)
    ratios = [s.ratio for s in with_ratio]
    krefs = _esc_refs(x.escapee, [kim.record_id])
    return Shares(
        rows=rows,
        reaching_2=Value.of(reaching, "d", text=count_word(reaching)),
        count=Value.of(len(with_ratio), "d", text=count_word(len(with_ratio))),
        lowest=min(ratios, key=lambda v: v.value),
        highest=max(ratios, key=lambda v: v.value),
        kim_2019=Kim2019(
            escapee_share=Value.of(kim.escapee_share, unit="%", **krefs),
            stated=Value.of(kim.stated_comparator, unit="%", **krefs),
            stated_ratio=Value.of(kim.stated_basis_ratio, ".2f", method="the two stated shares' ratio", **krefs),
            kostat_share=Value.derived(kim.kostat_share, ".2f", [kim.ratio], method="KOSTAT's share, same year"),
            ratio=kim.ratio,
        ),
        derived_years=Value.listing(derived, of="years whose total deaths are derived") if derived else None,
        derived_for=Value.listing(needing, of="periods whose KOSTAT share uses a derived total"),
    )


def change(x: Inputs) -> Change:
    """The MOIS-based series: 2013-2019 (its total less its yearly counts) against 2020-2022."""
    (a1, b1), (a2, b2) = CONTRAST
    early = su.pooled_count(x.escapee, a1, b1, MOIS_SERIES)
    late = su.pooled_count(x.escapee, a2, b2, MOIS_SERIES)
    total = early.derived_from[2]
    refs = _merge(
        _esc_refs(x.escapee, early.record_ids + late.record_ids),
        _kostat_refs(x.kostat, range(a1, b2 + 1), ("total",) + su.SEXES),
    )
    den = x.P.denominator
    contrast = {}
    for adj in ("sex", "crude"):
        e1 = ss.expected_by_year(su.person_years(x.cumulative, a1, b1, den), x.kostat, adj).sum()
        e2 = ss.expected_by_year(su.person_years(x.cumulative, a2, b2, den), x.kostat, adj).sum()
        contrast[adj] = ss.period_contrast(early.count, float(e1), late.count, float(e2), x.level)

    def part(adj: str, which: str, label: str) -> Ratio:
        c = contrast[adj]
        if which == "theta":
            method = "ratio of the two periods' ratios; exact interval conditional on the total"
            return _ratio(label, c.theta, refs, method)
        o, e = (c.observed_early, c.expected_early) if which == "early" else (c.observed_late, c.expected_late)
        est = c.early if which == "early" else c.late
        return _ratio(label, est, refs, f"{ADJUSTMENTS[adj]} ratio, exact Poisson interval", o, e)

    def pval(p: float, test: str = "exact binomial test conditional on the total") -> Value:
        return Value.of(p, method=test, text=p_value(p), **refs)  # 'p = 0.055', as Section 6 prints them

    sx = contrast["sex"]
    tests = stats.contrast_tests(sx.observed_early, sx.expected_early, sx.observed_late, sx.expected_late)
    leave = leave_out_recent(x, late, refs)
    return Change(
        early_period=Value.of(_period(a1, b1), **_esc_refs(x.escapee, early.record_ids)),
        late_period=Value.of(_period(a2, b2), **_esc_refs(x.escapee, late.record_ids)),
        derivation=Value.of(
            f"{total} − " + " − ".join(str(-v) for _, v in sorted(early.by_year.items())) + f" = {early.count}",
            method="published total less the same series' yearly counts",
            **_esc_refs(x.escapee, early.record_ids),
        ),
        early=part("sex", "early", f"sex-adjusted SMR {a1}-{b1}"),
        late=part("sex", "late", f"sex-adjusted SMR {a2}-{b2}"),
        theta=part("sex", "theta", "ratio of the sex-adjusted SMRs"),
        p=pval(sx.p_value),
        early_crude=part("crude", "early", f"crude rate ratio {a1}-{b1}"),
        late_crude=part("crude", "late", f"crude rate ratio {a2}-{b2}"),
        theta_crude=part("crude", "theta", "ratio of the crude rate ratios"),
        p_crude=pval(contrast["crude"].p_value),
        p_mid=pval(tests.mid_p, "exact binomial test conditional on the total, mid-p"),
        p_lr=pval(tests.lr, "likelihood-ratio test (G², one degree of freedom)"),
        evidence=Value.of(
            evidence_label(*stats.evidence_range(tests)),
            method="the declared scale of evidence read over the exact, mid-p and likelihood-ratio p-values",
            **refs,
        ),
        scale=Value.listing(
            [f"{word} below {threshold:g}" for threshold, word in stats.EVIDENCE_SCALE],
            of="the conventional scale's steps, declared in methods/stats.py (EVIDENCE_SCALE)",
        ),
        direction="higher" if sx.theta.value >= 1 else "lower",
        leave_out=leave,
        leave_low=min((v.ratio for v in leave), key=lambda v: v.value),
        leave_high=max((v.ratio for v in leave), key=lambda v: v.value),
        disputed=disputed(x, leave),
    )


def leave_out_recent(x: Inputs, late: su.PooledCount, refs: dict) -> list[LeaveOut]:
    a2, b2 = CONTRAST[1]
    by_year = {y: int(v) for y, v in late.by_year.items()}
    expected = ss.expected_by_year(su.person_years(x.cumulative, a2, b2, x.P.denominator), x.kostat, "sex")
    loo = ss.leave_one_out(
        late.count, float(expected.sum()), {y: (by_year[y], float(expected[y])) for y in by_year}, x.level
    )
    return [
        LeaveOut(
            year=y,
            left_out=Value.of(by_year[y], "d", **refs),
            ratio=Value.of(e.value, ".2f", method=f"SMR {a2}-{b2} without {y}", **refs),
            interval=Value.of(f"{_r(e.lower)}-{_r(e.upper)}", **refs),
        )
        for y, e in loo.items()
    ]


def disputed(x: Inputs, leave: list[LeaveOut]) -> Disputed:
    """The year the two lawmakers' yearly counts differ most, with both counts."""
    dispute = yearly_counts_of_both(x.escapee)
    year = max(dispute.index, key=lambda y: abs(dispute.at[y, MOIS_SERIES] - dispute.at[y, HONG_SERIES]))
    counts = x.full[(x.full["period_start"] == year) & (x.full["period_end"] == year)]
    refs = _esc_refs(x.escapee, list(counts.loc[counts["series"].isin([MOIS_SERIES, HONG_SERIES]), "record_id"]))
    return Disputed(
        year=Value.of(int(year), "d", **refs),
        wi=Value.of(int(dispute.at[year, MOIS_SERIES]), "d", **refs),
        hong=Value.of(int(dispute.at[year, HONG_SERIES]), "d", **refs),
        without=next((v for v in leave if v.year == int(year)), None),
    )


def unknown_causes(x: Inputs) -> tuple[str, int, int, Ratio, Ratio, dict]:
    """Full years where MOU published deaths of unknown cause: the SMR, and the SMR counting them all as suicides."""
    e, full = x.escapee, x.full
    unknown = e[(e["indicator"] == "deaths_by_cause") & (e["subgroup"] == "cause: unknown cause")]
    ufull = unknown[~unknown["partial_year"].astype(bool)]
    years = sorted(int(y) for y in ufull["period_start"])
    suicides = full[
        (full["period_start"] == full["period_end"])
        & full["period_start"].isin(years)
        & full["series"].isin(set(ufull["series"]))
    ]
    s, u = int(suicides["value"].sum()), int(ufull["value"].sum())
    a, b = years[0], years[-1]
    expected = float(ss.expected_by_year(su.person_years(x.cumulative, a, b, x.P.denominator), x.kostat, "sex").sum())
    refs = _merge(
        _esc_refs(e, list(suicides["record_id"]) + list(ufull["record_id"])),
        _kostat_refs(x.kostat, range(a, b + 1), su.SEXES),
    )
    base = _ratio(
        f"sex-adjusted SMR {a}-{b}, MOU-recorded counts",
        stats.smr(s, expected, x.level),
        refs,
        "sex-adjusted SMR",
        s,
        expected,
    )
    upper = _ratio(
        f"upper bound {a}-{b}, unknown causes counted as suicides",
        ss.unknown_cause_upper(s, u, expected, x.level),
        refs,
        "(suicides + deaths of unknown cause) / expected, exact interval",
        s + u,
        expected,
    )
    return _period(a, b), s, u, base, upper, refs


#: the reader's names of the bias parameters (methods/bias_mc.py), declared once
BIAS_NAMES = {
    "age_factor": "age",
    "denominator_factor": "the resident denominator",
    "misclassified_share": "misclassification",
    "unknown_per_suicide": "unknown-cause deaths per suicide",
}


def _bias_refs(priors: bm.BiasPriors, escapee_ids: tuple[str, ...], escapee: pd.DataFrame) -> dict:
    """Every raw row and source the draws rest on: the counts and each prior's rows and sources."""
    esc = _esc_refs(escapee, list(escapee_ids))
    table = [getattr(priors, name) for name in bm.PARAMETERS]
    raw = esc["raw"] + [r for p in table for r in p.record_ids if r not in esc["raw"]]
    sources = list(dict.fromkeys(esc["sources"] + [sid for p in table for sid in p.source_ids]))
    return {"rows": esc["rows"], "raw": list(dict.fromkeys(raw)), "sources": sources}


def _simulated(label: str, est: stats.Estimate, refs: dict, draws: int) -> Ratio:
    interval = f"{_r(est.lower)}-{_r(est.upper)}"
    method = f"median of {draws:,} draws of the bias-adjusted ratio (methods/bias_mc.py)"
    return Ratio(
        label=label,
        value=Value.of(est.value, ".2f", method=method, **refs),
        interval=Value.of(interval, method=f"central {percent(est.level)} of the draws (simulation interval)", **refs),
        lower=est.lower,
        upper=est.upper,
    )


def combined_bias(x: Inputs) -> CombinedBias | None:
    """The measurement biases drawn together for the primary period and counts (seeded: a build is
    byte-reproducible), with each bias left out in turn to show which moves the crude ratio most. None where
    no published resident count bounds the period's denominator (Sections 4.5 and S4.7 say so)."""
    start, end, series = x.P.suicide_period_start, x.P.suicide_period_end, x.P.counts_series
    if not bm.frames_for(sb.resident_frames(x.residents, x.cumulative), (start, end)):
        return None
    runs = {
        adj: bm.primary_analysis(x.bias_tables, (start, end), series, x.P.denominator, x.level, adjustment=adj)
        for adj in ("crude", "sex")
    }
    crude = runs["crude"]
    pooled = su.pooled_count(x.escapee, start, end, series)
    refs = _bias_refs(crude.priors, pooled.record_ids, x.escapee)
    left_out = bm.contributions(crude, x.level).set_index("left_out")
    moved = (left_out["median"] - crude.systematic.value).abs()
    largest = str(moved.idxmax())
    without = left_out.loc[largest]
    lo, hi = 2 * (1 - x.P.ratio_tolerance), 2 * (1 + x.P.ratio_tolerance)
    period = _period(start, end)
    return CombinedBias(
        crude=_simulated(f"bias-adjusted crude rate ratio, {period}", crude.total, refs, crude.n_draws),
        systematic=_simulated(
            f"bias-adjusted crude rate ratio, no random error, {period}", crude.systematic, refs, crude.n_draws
        ),
        sex=_simulated(
            f"bias-adjusted SMR at equal sex and age, {period}",
            runs["sex"].total,
            _bias_refs(runs["sex"].priors, pooled.record_ids, x.escapee),
            crude.n_draws,
        ),
        drawn=Value.listing(
            [BIAS_NAMES[n] for n in bm.PARAMETERS if n in bm.NULLS and getattr(crude.priors, n).kind != "fixed"],
            of="the biases drawn for the crude ratio",
        ),
        draws=Value.of(crude.n_draws, ",d", method="draws of the Monte Carlo bias analysis"),
        seed=Value.of(crude.seed, "d", method="the seed, fixed once in methods/bias_mc.py (DEFAULT_SEED)"),
        priors=[
            BiasPrior(
                bias=BIAS_NAMES[name],
                distribution=Value.of(
                    f"{prior.kind}, {prior.low:.2f}" + ("" if prior.kind == "fixed" else f"-{prior.high:.2f}"),
                    method=f"declared prior of {name} (methods/bias_mc.py)",
                    raw=list(prior.record_ids),
                    sources=list(prior.source_ids),
                ),
                reason=prior.reason,
            )
            for name in bm.PARAMETERS
            for prior in [getattr(runs["sex"].priors, name)]
        ],
        largest=Value.of(BIAS_NAMES[largest], method="the bias whose removal moves the median most"),
        without_largest=_simulated(
            f"bias-adjusted crude rate ratio without {BIAS_NAMES[largest]}, {period}",
            stats.Estimate(float(without["median"]), float(without["lower"]), float(without["upper"]), x.level),
            refs,
            crude.n_draws,
        ),
        reaches_band=crude.total.upper >= lo and crude.total.lower <= hi,
        includes_two=crude.total.lower <= 2 <= crude.total.upper,
        simulated_verdict=CATEGORY[
            reading(crude.total.value, crude.total.lower, crude.total.upper, x.P.ratio_tolerance)
        ].value,
    )


def misclassification(x: Inputs) -> Misclassification:
    """Counts MOU supplied (flagged), against the MOIS-based total; the unknown-cause bound."""
    flagged = x.flagged
    counts = flagged[flagged["indicator"] == "suicide_count"]
    names = sorted({su.SERIES_NAMES[s] for s in counts["series"] if s in su.SERIES_NAMES})
    period, s, u, base, upper, refs = unknown_causes(x)
    by_id = x.escapee.set_index("record_id", drop=False)
    long_ = by_id.loc[UNKNOWN_LONG] if {UNKNOWN_LONG, UNKNOWN_LONG_SUICIDES} <= set(by_id.index) else None
    long_s = by_id.loc[UNKNOWN_LONG_SUICIDES] if long_ is not None else None
    lrefs = _esc_refs(x.escapee, [UNKNOWN_LONG, UNKNOWN_LONG_SUICIDES]) if long_ is not None else {}
    full = x.full
    mou = full[(full["series"] == MOU_SERIES) & (full["period_start"] == full["period_end"])]
    mou_years = sorted(int(y) for y in mou["period_start"])
    wi = by_id.loc[MOIS_TOTAL]
    wi_years = int(wi["period_end"]) - int(wi["period_start"]) + 1
    sources = sorted(set(flagged["cause_not_tracked_source"]))
    return Misclassification(
        flagged_series=Value.listing(names, of="counts series MOU supplied"),
        flagged_sources=sources,
        mou_per_year=Value.of(
            float(mou["value"].sum()) / len(mou_years), ".1f", **_esc_refs(x.escapee, list(mou["record_id"]))
        ),
        mou_years=Value.of(_period(mou_years[0], mou_years[-1]), **_esc_refs(x.escapee, list(mou["record_id"]))),
        mou_total=Value.of(int(mou["value"].sum()), "d", **_esc_refs(x.escapee, list(mou["record_id"]))),
        mois_per_year=Value.of(float(wi["value"]) / wi_years, ".1f", **_esc_refs(x.escapee, [MOIS_TOTAL])),
        mois_total=Value.of(int(wi["value"]), "d", **_esc_refs(x.escapee, [MOIS_TOTAL])),
        mois_period=Value.of(str(wi["period"]), **_esc_refs(x.escapee, [MOIS_TOTAL])),
        unknown_period=Value.of(period, **refs),
        unknown_suicides=Value.of(s, "d", **refs),
        unknown_deaths=Value.of(u, "d", **refs),
        unknown_base=base,
        unknown_upper=upper,
        unknown_long_period=None if long_ is None else Value.of(str(long_["period"]), **lrefs),
        unknown_long=None if long_ is None else Value.of(int(long_["value"]), "d", **lrefs),
        unknown_long_suicides=None if long_ is None else Value.of(int(long_s["value"]), "d", **lrefs),
        unknown_long_ratio=None if long_ is None else Value.of(long_["value"] / long_s["value"], ".1f", **lrefs),
    )


def triangulation(x: Inputs) -> Triangulation | None:
    """MOU's recent rate against each lawmaker's counts where they differ; which one it lies closer to."""
    first, second = MOIS_SERIES, "hong_ki_won_2024"
    table = tri.triangulation_table(x.escapee, x.cumulative, x.residents, x.P.denominator, x.level)
    window = tri.discriminating_window(table, MOU_RECENT, first, second)
    if window is None:
        return None
    read = tri.series_reading(table, MOU_RECENT, window, first, second)
    rows = table[(table["record_id"] == MOU_RECENT) & (table["window"] == window)].set_index("series")

    def refs(series: str) -> dict:
        ids = [i.split("/", 1)[1] for i in str(rows.at[series, "count_record_ids"]).split(";")]
        return _merge(_esc_refs(x.escapee, ids + [MOU_RECENT]), x.arrivals_refs(int(window[-4:])))

    def rate(series: str) -> tuple[Value, Value]:
        r = rows.loc[series]
        method = f"crude rate per 100,000, {r['overlap_years']}, {su.SERIES_NAMES[series]}'s counts"
        return (
            Value.of(float(r["rate"]), ".1f", method=method, **refs(series)),
            Value.of(
                f"{r['rate_lower']:.1f}-{r['reach_upper']:.1f}",
                method=f"exact {percent(x.level)} interval, its upper limit widened for residents (x{r['factor_high']:.2f})",
                **refs(series),
            ),
        )

    (mois, mois_i), (hong, hong_i) = rate(first), rate(second)
    published = float(rows["published_rate"].iloc[0])
    return Triangulation(
        published=Value.of(published, "g", method="MOU's published rate", **_esc_refs(x.escapee, [MOU_RECENT])),
        window=Value.of(window, method="the candidate window where the two counts differ most"),
        years=Value.of(read["years"], method="the years both series count inside the window"),
        mois=mois,
        mois_interval=mois_i,
        hong=hong,
        hong_interval=hong_i,
        reading=read["reading"],
        closer=Value.of(
            su.SERIES_NAMES[read["closer"]] if read["closer"] else "neither", method="nearer on the log scale"
        ),
    )


def curve(x: Inputs) -> Curve:
    """The specification curve of defensible choices over 2013-2022 (the MOIS-based series' years)."""
    table = spec.specification_curve(x.bias_tables, level=x.level)
    excluded = spec.excluded_periods(x.escapee, range(2013, 2023))
    ids = sorted({i.split("/", 1)[1] for ids in table["record_ids"] for i in ids.split(";")})
    refs = _merge(_esc_refs(x.escapee, ids), _kostat_refs(x.kostat, range(2013, 2023), ("total",) + su.SEXES))
    chosen = (x.P.suicide_period_start, x.P.suicide_period_end, x.P.counts_series)
    points = [
        CurvePoint.from_row(
            r,
            period=_period(int(r.period_start), int(r.period_end)),
            series=su.SERIES_NAMES[r.series],
            value=float(r.value),
            lower=float(r.lower),
            upper=float(r.upper),
            primary=(int(r.period_start), int(r.period_end), r.series) == chosen
            and (r.adjustment, r.age, r.denominator, r.misclassification) == ("sex", "none", "cumulative", "none"),
        )
        for r in table.itertuples()
    ]
    pairs = table.drop_duplicates(["period_start", "period_end", "series"]).sort_values(
        ["series", "period_start", "period_end"], ascending=[False, True, True]
    )
    pairs = pairs.assign(
        period_label=[_period(int(a), int(b)) for a, b in zip(pairs.period_start, pairs.period_end, strict=True)]
    )
    values = table["value"]
    method = "specification curve of defensible choices (methods/specification.py)"
    # each point read by the rule the verdicts use (as printed: a point printed at the band's edge is in it)
    readings = [reading(p.value, p.lower, p.upper, x.P.ratio_tolerance) for p in points]
    inside = [r in IN_BAND for r in readings]
    whole = [r is Reading.WITHIN for r in readings]
    above = [not i and p.value > 2 for p, i in zip(points, inside, strict=True)]
    return Curve(
        points=points,
        count=Value.of(len(points), "d", method=method, **refs),
        periods=Value.listing(
            [
                f"{join_words(list(g))} on the counts of {su.SERIES_NAMES[series]}"
                for series, g in pairs.groupby("series", sort=False)["period_label"]
            ],
            of="trusted periods by counts series: at least three years, one unflagged series",
            based_on=[Value.of("", **refs)],
        ),
        excluded=Value.of(len(excluded), "d", method="period and counts pairs left out, each with its reason"),
        low=Value.of(float(values.min()), ".2f", method=method, **refs),
        median=Value.of(float(values.median()), ".2f", method=method, **refs),
        high=Value.of(float(values.max()), ".2f", method=method, **refs),
        in_band=Value.of(sum(inside), "d", method="points in the band", **refs),
        whole_in_band=Value.of(sum(whole), "d", method="points whose whole interval is in the band", **refs),
        above_band=Value.of(sum(above), "d", method="points above the band", **refs),
        below_band=Value.of(len(points) - sum(inside) - sum(above), "d", method="points below the band", **refs),
        crude=crude_question(points, readings, refs),
    )


def crude_question(points: list[CurvePoint], readings: list[Reading], refs: dict) -> CrudeQuestion:
    """Section S4.6: the curve kept to the article's question, each point as the rule reads it (``readings``)."""
    kept = [(p, r) for p, r in zip(points, readings, strict=True) if p.adjustment == "crude" and p.age == "none"]
    inside = [p for p, r in kept if r in IN_BAND]
    method = "curve points on crude rates, no age structure"

    def n(rows: list, what: str) -> Value:
        return Value.of(len(rows), "d", method=f"{method}: {what}", **refs)

    median = float(pd.Series([p.value for p, _ in kept]).median()) if kept else None
    return CrudeQuestion(
        count=n(kept, "all"),
        median=Value.of(median, ".2f", method=method, **refs),
        in_band=n(inside, "in the band"),
        whole_in_band=n([p for p, r in kept if r is Reading.WITHIN], "whole interval in the band"),
        in_band_as_recorded=n([p for p in inside if p.misclassification == "none"], "in the band, causes as recorded"),
    )


def estimates(x: Inputs) -> Estimates:
    """Every combination, the comparable range and how much the denominator moves any ratio."""
    specs, gaps = _specs(x.escapee, x.kostat, x.cumulative, x.P, set(x.flagged["record_id"]))
    comparable = [s for s in specs if not s.flagged and s.period_end > s.period_start]
    low, high = min(comparable, key=lambda s: s.value), max(comparable, key=lambda s: s.value)
    by_key: dict = {}
    verdicts: dict = {}  # Table S4's verdicts: on the crude ratios, by denominator
    for s in specs:
        by_key.setdefault((s.period, s.series, s.adjustment), []).append(s.value)
        if s.adjustment == "crude":
            verdicts.setdefault((s.period, s.series), set()).add(s.verdict)
    differ = sum(len(v) > 1 for v in verdicts.values())
    comparable_keys = {(s.period, s.series, s.adjustment) for s in comparable}
    crude = [s for s in comparable if s.adjustment == "crude"]

    def words(s: Spec, its: dict) -> Value:
        return Value.label(
            f"{s.period}, {s.series}, {ADJUSTMENTS[s.adjustment]}", of="a combination", based_on=[Value.of("", **its)]
        )

    def refs(rows: list[Spec]) -> dict:
        """The raw rows a set of combinations was computed from: the escapee counts, KOSTAT's rates and the
        arrivals their person-years are summed from."""
        years = sorted({y for s in rows for y in range(s.period_start, s.period_end + 1)})
        ids = sorted({i for s in rows for i in s.record_ids})
        return _merge(
            _esc_refs(x.escapee, ids),
            _kostat_refs(x.kostat, years, ("total",) + su.SEXES),
            x.arrivals_refs(years[-1]),
        )

    every, comparable_refs, crude_refs = refs(specs), refs(comparable), refs(crude)
    low_refs, high_refs = refs([low]), refs([high])
    method = "every combination of period, counts series, denominator and adjustment"
    return Estimates(
        specs=specs,
        gaps=gaps,
        spec_count=Value.of(len(specs), "d", method=method, **every),
        periods=Value.listing(
            sorted({s.period for s in specs if s.period_end > s.period_start}),
            of="the periods of two or more years in Table S4",
            based_on=[Value.of("", **every)],
        ),
        comparable_count=Value.of(
            len(comparable), "d", method="multi-year periods, counts not flagged", **comparable_refs
        ),
        comparable_low=Value.of(low.value, ".2f", method="the lowest comparable ratio", **low_refs),
        comparable_high=Value.of(high.value, ".2f", method="the highest comparable ratio", **high_refs),
        comparable_low_spec=words(low, low_refs),
        comparable_high_spec=words(high, high_refs),
        all_low=Value.of(min(s.value for s in specs), ".2f", method="the lowest ratio of all", **every),
        all_high=Value.of(max(s.value for s in specs), ".2f", method="the highest ratio of all", **every),
        denominator_effect=Value.of(
            max(max(v) - min(v) for v in by_key.values()), ".3f", method="largest change of denominator", **every
        ),
        comparable_denominator_effect=Value.of(
            max(max(v) - min(v) for k, v in by_key.items() if k in comparable_keys),
            ".3f",
            method="largest change of denominator on a comparable ratio",
            **comparable_refs,
        ),
        comparable_crude=Value.of(len(crude), "d", text=count_word(len(crude)), **crude_refs),
        crude_verdicts=crude_verdicts(crude, crude_refs),
        denominator_verdicts=Value.of(
            differ,
            "d",
            text=count_word(differ) if differ else "none",
            method="rows whose two verdicts differ",
            **every,  # the crude rows: the same periods and counts as every combination
        ),
    )


def crude_verdicts(crude: list[Spec], refs: dict) -> Value:
    """How many of the comparable crude ratios (the article's own comparison) the rule reads as each verdict:
    'none supported, two supported with caveats and eight not supported'."""
    verdicts = (Category.SUPPORTED, Category.CAVEATS, Category.NOT_SUPPORTED)
    counts = {v: sum(s.verdict == v for s in crude) for v in verdicts}
    return Value.listing(
        [f"{count_word(n) if n else 'none'} {v.value}" for v, n in counts.items()],
        of='verdicts on the comparable crude ratios, by the rule of "around double"',
        based_on=[Value.of("", **refs)],
    )


def context(t: Tables) -> sb.Context | None:
    try:
        return sb.context(t["oecd"], t["raw/context_suicide"])
    except DataError:
        return None


def conclusion(P: Params, p: Primary, by: str | None = None) -> tuple[Reading, Verdict, Value]:
    """The one verdict on "around double": the rule on the crude ratio; the verdict's short reason from REASON,
    and Section 4.5's sentence from WORDING (``by``: the month whose published counts ``p`` was made from, when
    not all of them)."""
    t, pct = P.ratio_tolerance, percent(P.confidence_level)
    band = band_words(t)
    period = _period(P.suicide_period_start, P.suicide_period_end)
    if not p.available:
        words = {"period": period, "gap_years": p.gap_years}
        said = Value.sentence(WORDING, Reading.NO_ESTIMATE, [p.gap_years], **words)
        if by is None:
            reason = Value.sentence(REASON, Reading.NO_ESTIMATE, [p.gap_years], **words)
        else:
            reason = Value.sentence(
                {"not yet": NOT_YET}, "not yet", [p.gap_years], month=rules.month_words(by), **words
            )
        verdict = Verdict(
            claim_id=Claim.AROUND_DOUBLE, category=Category.CANNOT_CHECK, rule=rule_words(band, pct), reason=reason
        )
        return Reading.NO_ESTIMATE, verdict, said
    c = p.crude
    read = ratio_reading(c, t)
    basis = [c.value, c.interval, p.smr.value]
    words = {"period": period, "crude": c.value, "level": pct, "interval": c.interval, "band": band}
    verdict = Verdict(
        claim_id=Claim.AROUND_DOUBLE,
        category=CATEGORY[read],
        rule=rule_words(band, pct),
        reason=Value.sentence(REASON, read, basis, **words),
        evidence=basis,
    )
    return read, verdict, Value.sentence(WORDING, read, basis, **words)


def reach(P: Params, p: Primary, read: Reading) -> Reach | None:
    """How far the verdict is from changing: the tolerances at which the crude ratio, then its whole interval,
    would lie in the band (:func:`tolerance_reach`), and REACH's sentence for the reading."""
    if not p.available:
        return None
    c = p.crude
    level, whole = tolerance_reach(float(c.value.value), float(c.lower), float(c.upper))
    basis = [c.value, c.interval, Value.parameter("ratio_tolerance", P.ratio_tolerance)]

    def pct(t: float) -> Value:
        return Value.derived(t, "", basis, method="|printed figure - 2| / 2", text=f"{100 * t:.3g}%")

    words = {"level": pct(level), "whole": pct(whole), "tolerance": f"{100 * P.ratio_tolerance:.3g}%"}
    return Reach(level=words["level"], whole=words["whole"], sentence=Value.sentence(REACH, read, basis, **words))


def latest_window(escapee: pd.DataFrame, end: int, length: int) -> tuple[int, int] | None:
    """The latest run of consecutive years, ending by ``end`` and at most ``length`` long, each with a published
    full-year count in ``escapee``; None if no year has one."""
    missing = set(su.missing_count_years(escapee, FIRST_COUNT_YEAR, end))
    counted = [y for y in range(FIRST_COUNT_YEAR, end + 1) if y not in missing]
    if not counted:
        return None
    last = first = counted[-1]
    while first - 1 in counted and last - first + 1 < length:
        first -= 1
    return first, last


def conclusion_then(x: Inputs) -> Verdict:
    """C10 on the counts published by the article's month (the audit's first date), by the same rule: the
    primary period where every count in it had been published by then; otherwise, as for the OECD claim,
    the latest years the counts published by then cover (consecutive years, at most as many as the primary
    period's), said to be so in the reason. Counts that the comparison leaves out (the Ministry of
    Unification's, Section S4.5) do not stand in: where only they covered those years, the claim could not be
    checked at that date."""
    month = article_month(x.facts)
    early = replace(x, escapee=x.escapee[[rules.published_by(d, month) for d in x.escapee["published"]]])
    p = primary(early)
    if p.available:
        return conclusion(x.P, p)[1]
    P = x.P
    window = latest_window(early.escapee, P.suicide_period_end, P.suicide_period_end - P.suicide_period_start + 1)
    if window is None:
        return conclusion(P, p, by=month)[1]
    moved = P.model_copy(update={"suicide_period_start": window[0], "suicide_period_end": window[1]})
    q = primary(replace(early, P=moved))
    verdict = conclusion(moved, q)[1]
    used = {r.split("/", 1)[1] for r in (q.observed.raw if q.observed else []) if r.startswith("escapee_suicide/")}
    words = {
        "month": rules.month_words(month),
        "gap_years": p.gap_years.text,
        "period": _period(*window),
        "primary": _period(P.suicide_period_start, P.suicide_period_end),
    }
    if used & set(x.flagged["record_id"]):
        reason = Value.derived(
            THEN_FLAGGED.format(**words),
            "",
            [p.gap_years, *verdict.evidence],
            method=f"{SENTENCE} the claim at the article's date, on counts the comparison leaves out",
        )
        return verdict.model_copy(update={"category": Category.CANNOT_CHECK, "reason": reason, "evidence": []})
    reason = Value.derived(
        f"{THEN_WINDOW.format(**words)} {verdict.reason.text}",
        "",
        [p.gap_years, *verdict.evidence],
        method=f"{SENTENCE} the verdict at the article's date, on the latest years counted",
    )
    return verdict.model_copy(update={"reason": reason})


def inputs(P: Params, tables: Tables | None = None) -> Inputs:
    """The tables the builders read (analysis.findings.tables), with the parameters."""
    t = given(tables)
    adopted = t["arrivals"]
    adopted = adopted.assign(period=adopted["period"].astype(str))
    return Inputs(
        P=P,
        escapee=t["escapee_suicide"],
        kostat=t["kostat"],
        cumulative=su.cumulative_by_sex(adopted),
        adopted=adopted,
        arrivals_age=t["raw/arrivals_age"],
        residents=t["raw/residents"],
        facts=t["raw/facts"],
    )


def findings(P: Params, tables: Tables | None = None) -> SuicideFindings:
    """The suicide section's findings from the processed and raw tables (analysis.findings.tables)."""
    tables = given(tables)
    x = inputs(P, tables)
    p = primary(x)
    ages = age(x, p)
    dbound = denominator_bound(x, p)
    cx = context(tables)
    mis = misclassification(x)
    read, verdict, said = conclusion(P, p)
    then = conclusion_then(x)
    ch = choice(P)
    t = P.ratio_tolerance
    return SuicideFindings(
        level=Value.parameter("confidence_level", P.confidence_level, text=percent(P.confidence_level)),
        period=Value.of(
            _period(ch.period_start, ch.period_end),
            method="build parameters suicide_period_start/suicide_period_end",
            params=["suicide_period_start", "suicide_period_end"],
        ),
        choice=ch,
        primary_choice=primary_choice(ch, p),
        primary=p,
        lawmakers=lawmakers(x),
        published=published_rates(x),
        nhis=nhis(x),
        age=ages,
        denominator_bound=dbound,
        denominator_bound_sentence=bounding_sentence(dbound, P),
        context=cx,
        context_reviews=context_reviews(cx),
        shares=shares(x),
        change=change(x),
        misclassification=mis,
        combined_bias=combined_bias(x) if p.available else None,
        estimates=estimates(x),
        curve=curve(x),
        triangulation=triangulation(x),
        around_double=verdict,
        around_double_then=then,
        smr=smr_reading(x, p),
        reading=read,
        band=Value.of(band_words(t), method="what 'around double' allows at the ratio tolerance"),
        conclusion=said,
        reach=reach(P, p, read),
        uncounted_years=Value.listing(
            su.missing_count_years(x.escapee, FIRST_COUNT_YEAR, int(x.escapee["period_end"].max())),
            of="years without a published full-year count of escapee suicides",
            ranges=True,
        ),
    )


def smr_reading(x: Inputs, p: Primary) -> SmrReading | None:
    """:class:`SmrReading`: the rule on the SMR, on both denominators (None without an estimate)."""
    if not p.available:
        return None
    start, end, t = x.P.suicide_period_start, x.P.suicide_period_end, x.P.ratio_tolerance
    other = next(d for d in su.DENOMINATORS if d != x.P.denominator)
    label = f"sex-adjusted SMR, {_period(start, end)}, on {DENOMINATOR_WORDS[other]}"
    smr = x.ratio(start, end, x.P.counts_series, "sex", label, denominator=other)[0]
    here, there = CATEGORY[ratio_reading(p.smr, t)], CATEGORY[ratio_reading(smr, t)]
    return SmrReading(
        verdict=here,
        other_denominator=Value.label(DENOMINATOR_WORDS[other], of="the person-years denominator not chosen"),
        other=smr,
        other_verdict=there,
        differs=here != there,
    )


def primary_choice(ch: Choice, p: Primary) -> Value:
    """PRIMARY_CHOICE's sentence: what this build reports, and the primary estimate where it differs."""
    d = Params()
    return Value.sentence(
        PRIMARY_CHOICE,
        ch.is_default,
        [p.series_name, ch.denominator_words],
        period=_period(ch.period_start, ch.period_end),
        series=p.series_name,
        denominator=ch.denominator_words,
        default_period=_period(d.suicide_period_start, d.suicide_period_end),
        default_series=su.SERIES_NAMES[d.counts_series],
        default_denominator=DENOMINATOR_WORDS[d.denominator],
    )


def bounding_sentence(bound: sb.DenominatorBound | None, P: Params) -> Value:
    """Section 4.2's sentence on how far cumulative arrivals overstate the residents."""
    period = _period(P.suicide_period_start, P.suicide_period_end)
    if bound is None:
        return Value.sentence(SENTENCES, Bounding.NO_ESTIMATE, period=period)
    if not bound.available:
        return Value.sentence(SENTENCES, Bounding.NO_FRAME, period=period)
    return Value.sentence(
        SENTENCES,
        Bounding.BOUND,
        [bound.factor_high, bound.ratio_high],
        factor=bound.factor_high,
        ratio=bound.ratio_high,
    )
