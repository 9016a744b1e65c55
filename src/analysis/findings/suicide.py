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

import pandas as pd

from analysis import io
from analysis.cleaning import rawdata
from analysis.core.values import Findings, Record, Value
from analysis.core.wording import count_word, join_words
from analysis.errors import DataError
from analysis.findings.verdict import Category, Verdict
from analysis.methods import mortality, stats
from analysis.methods import suicide as su
from analysis.methods import suicide_bounds as sb
from analysis.methods import suicide_sensitivity as ss
from analysis.params import Params, choices

CLAIM_ID = "C10"  # data/raw/article_claims.csv: "around double"
MOIS_SERIES = "wi_sung_lac_2024"  # the longest consistent series with a documented source (MOIS registers)
HONG_SERIES = "hong_ki_won_2024"  # the other lawmaker whose counts for 2020-2022 disagree with Wi's
# the parameters that choose the primary estimate; their defaults (params.Params) define the report's primary estimate
PRIMARY_PARAMS = ("counts_series", "suicide_period_start", "suicide_period_end", "denominator")
MOU_LONG, MOU_RECENT = "E01", "E02"  # MOU's published rates per 100,000, by record id
KIM_2019_SHARE = "E21"  # Kim Young-joo's 2019 share of deaths with his stated comparator
MOIS_TOTAL = "E23"  # Wi Sung-lac's MOIS-based total of suicides, 2013-2022
UNKNOWN_LONG, UNKNOWN_LONG_SUICIDES = "E03c", "E04"  # MOU 2006-2015 (part-year): unknown-cause deaths, suicides
CONTRAST = ((2013, 2019), (2020, 2022))  # the MOIS-based series: derived early period vs yearly late period
RECENT_WINDOW_LENGTH = 3  # MOU: "the past three years"
DENOMINATOR_WORDS = {
    "midyear_cumulative": "mid-year cumulative arrivals (the mean of the year-end totals before and after)",
    "yearend_cumulative": "year-end cumulative arrivals",
}
ADJUSTMENTS = {"crude": "crude", "sex": "sex-adjusted"}
POSITION_WORDS = {
    "above": "its interval lies wholly above 2",
    "includes": "its interval includes 2",
    "below": "its interval lies wholly below 2",
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


class LeaveOut(Record):
    year: int
    left_out: Value  # the year's count
    ratio: Value
    interval: Value


class SuicideFindings(Findings):
    SECTION = "suicide"

    # parameters and the primary estimate ------------------------------------------------------------
    level: Value
    period: Value
    period_start: int
    period_end: int
    counts_series: str
    series_name: Value
    series_basis: Value
    denominator: str
    denominator_words: Value
    primary_choice: Value  # "the report's primary estimate" or "the estimate this build's parameters chose"
    primary_available: bool
    primary_gap: Value  # the reason, as the method gave it ("none" when the estimate was made)
    gap_years: Value  # the years of the period with no published full-year count ("none" when every year has one)
    counts_words: Value  # "a total for the whole period, published as such" / "9 in 2020, 18 in 2021 ..."
    observed: Value
    person_years: Value
    rate: Value
    rate_interval: Value
    reference_rate: Value
    kostat_rates: Value  # KOSTAT's crude rates for the years, listed
    primary: Ratio  # sex-adjusted SMR
    primary_crude: Ratio
    primary_position: Value  # against 2, in words
    crude_position: Value
    women_share: Value
    kostat_female: Value
    kostat_male: Value
    kostat_year: Value
    # the two lawmakers -------------------------------------------------------------------------------
    period_totals: Value
    dispute: Value  # "2020: 9 (Wi) vs 7 (Hong); 2021: 18 (Wi) vs 6 (Hong)"
    dispute_years: list[int]
    hong_recent: Ratio  # Hong Ki-won's counts, 2020-2022, sex-adjusted (its ``counts`` names them)
    hong_recent_crude: Ratio
    mois_recent: Ratio  # MOIS-based counts, 2020-2022, sex-adjusted
    mois_recent_crude: Ratio
    # MOU's published rates ---------------------------------------------------------------------------
    published_count: Value
    mou_long: Published
    mou_recent: Published
    recent_windows: list[Window]
    recent_windows_words: Value
    recent_matching_words: Value
    # NHIS cohort -------------------------------------------------------------------------------------
    nhis_name: Value
    nhis_period: Value
    nhis_subgroup: Value
    nhis_basis: Value
    nhis_crude: Value
    nhis_adjusted: Value
    nhis_comparator: Value
    nhis_ratio: Value
    nhis_kostat_mean: Value
    nhis_kostat_years: Value
    nhis_crude_ratio: Value
    nhis_adjusted_below_crude: bool  # its age-adjusted rate is below its own crude rate
    nhis_record_ids: list[str]
    nhis_source_id: str
    # age (direction only; the bounds come from methods/suicide_bounds.py when merged) ---------------
    age_rates: Value
    age_below: Value
    age_above: Value
    early_share: Value
    early_year: Value
    age_bounds_available: bool
    age: sb.AgeBounds | None  # methods/suicide_bounds.py: two age scenarios that bracket the truth
    age_words: Value
    age_assumptions: Value
    denominator_bound: sb.DenominatorBound | None  # resident frames: how far cumulative arrivals overstate
    denominator_bound_words: Value
    context: sb.Context | None  # North Korea's own rate; refugee and migrant reviews
    context_words: Value
    # shares of deaths --------------------------------------------------------------------------------
    shares: list[ShareRow]
    shares_words: Value
    shares_reaching_2: Value
    shares_count: Value
    kim_2019: Value
    derived_deaths_words: Value
    # change over time within the MOIS-based series --------------------------------------------------
    contrast_early_period: Value
    contrast_late_period: Value
    contrast_derivation: Value  # "100 - 9 - 18 - 15 = 58"
    contrast_early: Ratio
    contrast_late: Ratio
    contrast_theta: Ratio
    contrast_p: Value
    contrast_early_crude: Ratio
    contrast_late_crude: Ratio
    contrast_theta_crude: Ratio
    contrast_p_crude: Value
    contrast_words: Value
    contrast_change: Value
    leave_out_recent: list[LeaveOut]  # 2020-2022 without each year
    leave_out_primary: list[LeaveOut]  # the primary period without each year of 2020-2022
    leave_out_words: Value
    leave_primary_range: Value  # "1.42-1.55" or "not applicable"
    disputed_year_words: Value
    # misclassification -------------------------------------------------------------------------------
    flagged_series: Value  # whose counts were flagged
    flagged_sources: list[str]
    flagged_words: Value
    unknown_period: Value
    unknown_suicides: Value
    unknown_deaths: Value
    unknown_base: Ratio
    unknown_upper: Ratio
    unknown_long: Value  # 2006-2015 (partial): unknown vs suicides
    unknown_long_period: Value
    unknown_long_suicides: Value
    unknown_long_ratio: Value
    # every estimate ----------------------------------------------------------------------------------
    specs: list[Spec]
    gaps: list[Gap]
    spec_count: Value
    comparable_count: Value  # multi-year periods whose counts were not flagged
    comparable_low: Value
    comparable_high: Value
    comparable_low_spec: Value
    comparable_high_spec: Value
    all_low: Value
    all_high: Value
    denominator_effect: Value
    mou_per_year: Value
    mou_years: Value
    mois_per_year: Value
    mois_total_words: Value  # "100 suicides in 2013-2022"
    # the conclusion ----------------------------------------------------------------------------------
    around_double: Verdict
    verdict_words: Value
    conclusion: Value  # the section's conclusion phrase (one sentence)
    band: Value  # "1.5-2.5"
    bias_words: Value


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
        interval=Value.of(interval, method=f"exact {est.level:.0%} interval of {label}", **refs),
        lower=est.lower,
        upper=est.upper if math.isfinite(est.upper) else None,
        observed=None if observed is None else Value.of(int(observed), "d", method="observed suicides", **refs),
        expected=None
        if expected is None
        else Value.of(expected, ".1f", method="expected suicides at KOSTAT rates", **refs),
    )


def _missing(label: str, reason: str) -> Ratio:
    na = Value.of(None, text="not available", method=reason)
    return Ratio(label=label, value=na, interval=na, observed=na, expected=na, available=False)


def position(lower: float, upper: float) -> str:
    return su.position(lower, upper)


def verdict_category(
    value: float, lower: float, upper: float, tolerance: float, upper_bounds: list[float] = ()
) -> Category:
    """The rule for "around double" (claim C10), on the primary estimate and the upper bounds.

    Band: ``2 (1 - t) .. 2 (1 + t)`` (``t = ratio_tolerance``; 0.25 gives 1.5-2.5).

    - supported: the point estimate lies in the band AND its interval includes 2;
    - supported with caveats: the interval overlaps the band (but the point is outside it, or the
      interval excludes 2), OR it lies wholly below the band but a bound for a bias the primary
      estimate carries (``upper_bounds``: misclassification, age, denominator) reaches the band;
    - not supported: otherwise.
    """
    lo, hi = 2 * (1 - tolerance), 2 * (1 + tolerance)
    if lo <= value <= hi and lower <= 2 <= upper:
        return Category.SUPPORTED
    if upper >= lo and lower <= hi:
        return Category.CAVEATS
    if any(b >= lo for b in upper_bounds):
        return Category.CAVEATS
    return Category.NOT_SUPPORTED


def versus_one(lower: float) -> str:
    """Against no difference at all: 'is higher than South Korea's rate' only when the interval excludes 1."""
    return (
        "is higher than South Korea's rate"
        if lower > 1
        else "is compatible with South Korea's rate (its interval includes 1)"
    )


def change_words(theta_lower: float, theta_upper: float) -> str:
    """Whether the later period's ratio differs from the earlier one's, by the interval of their ratio."""
    if theta_lower > 1:
        return "the recent years' ratio is higher than the earlier years'"
    if theta_upper < 1:
        return "the recent years' ratio is lower than the earlier years'"
    return "a difference between the recent and the earlier years is not established"


def conclusion_words(
    category: Category,
    primary: str,
    interval: str,
    period: str,
    band: str,
    position_words: str,
    recent: str,
    recent_period: str,
    theta_p: str,
    level: str,
    change: str = "",
    versus_one: str = "",
    bounds: str = "",
) -> str:
    """The section's conclusion in one sentence, chosen by the verdict's category."""
    head = {
        Category.SUPPORTED: f'"Around double" is supported: the primary estimate, {primary} ({level} interval '
        f"{interval}) for {period}, lies within {band} and {position_words}",
        Category.CAVEATS: f'"Around double" holds only with caveats: the primary estimate, {primary} '
        f"({level} interval {interval}) for {period}, {versus_one} but {position_words}",
        Category.NOT_SUPPORTED: f'"Around double" is not supported: the primary estimate, {primary} '
        f"({level} interval {interval}) for {period}, lies below {band}",
        Category.CANNOT_CHECK: '"Around double" cannot be checked with the parameters of this build: the '
        "period chosen has no published count for every year",
    }[category]
    if category == Category.CANNOT_CHECK:
        return head + "."
    return f"{head}{bounds}; the MOIS-based series gives {recent} for {recent_period}, and {change} ({theta_p})."


def bias_upper_bounds(age: sb.AgeBounds | None, den: sb.DenominatorBound | None) -> list[float]:
    """The highest values the primary estimate reaches under the bounds on its biases: each age scenario
    (sex and age adjusted) and the ratio on residents instead of cumulative arrivals."""
    out = []
    if age is not None:
        out += [float(age.no_ageing.sex_and_age_ratio.value), float(age.aged.sex_and_age_ratio.value)]
    if den is not None and den.available:
        out.append(float(den.ratio_high.value))
    return out


def bounds_clause(age: sb.AgeBounds | None, den: sb.DenominatorBound | None) -> str:
    """'; adjusted for age as well it lies between 1.45 and 1.70, and on residents it would be at most 1.70'."""
    parts = []
    if age is not None:
        lo, hi = sorted(float(a.sex_and_age_ratio.value) for a in (age.no_ageing, age.aged))
        parts.append(f"adjusted for age as well (two scenarios) it lies between {lo:.2f} and {hi:.2f}")
    if den is not None and den.available:
        parts.append(f"on residents instead of cumulative arrivals it would be at most {den.ratio_high}")
    return "; " + " and ".join(parts) if parts else ""


def age_bound_words(age: sb.AgeBounds | None) -> str:
    """The age bounds in words: each scenario's sex-and-age-adjusted ratio."""
    if age is None:
        return "age cannot be bounded for the period chosen"
    lo, hi = sorted((age.no_ageing, age.aged), key=lambda a: float(a.sex_and_age_ratio.value))
    return (
        f"adjusted for age as well as sex, the ratio lies between {lo.sex_and_age_ratio} ({lo.label}) and "
        f"{hi.sex_and_age_ratio} ({hi.label})"
    )


def context_words(cx: sb.Context | None) -> str:
    """North Korea's own rate beside South Korea's, and the reviews, in one sentence."""
    if cx is None:
        return "no published context figures were found"
    by_id = {r.row_id: r for r in cx.reviews}
    parts = [
        f"WHO's estimate for North Korea ({cx.nk_year}) is {cx.nk_rate} per 100,000 against South Korea's "
        f"{cx.sk_rate} in the same release, {cx.nk_to_sk} times as high"
    ]
    mortality = [r for r in cx.reviews if "suicide mortality" in r.measure]
    for r in mortality:
        parts.append(
            f"{r.study} found a {r.measure} of {r.value} ({r.lower}-{r.upper}) for {r.population} against the "
            f"{r.comparison}"
        )
    if "X003" in by_id and "X004" in by_id and "X005" in by_id:
        parts.append(
            f"a review of displaced people found only {by_id['X003'].value} studies that compared suicide rates "
            f"with the host population, and rates from {by_id['X004'].value} to {by_id['X005'].value} per 100,000 "
            "person-years"
        )
    return "; ".join(parts)


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


def _count_ratio(escapee, kostat, cumulative, start, end, series, denominator, level, adjustment, label):
    pooled = su.pooled_count(escapee, start, end, series)
    py = su.person_years(cumulative, start, end, denominator)
    fn = su.sex_adjusted_comparison if adjustment == "sex" else su.crude_comparison
    comp = fn(pooled.count, py, kostat, level)
    refs = _merge(
        _esc_refs(escapee, pooled.record_ids),
        _kostat_refs(kostat, range(start, end + 1), su.SEXES if adjustment == "sex" else ("total",)),
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
    periods = {
        (P.suicide_period_start, P.suicide_period_end),
        (2013, 2022),
        (2013, 2019),
        (2017, 2022),
        (2013, 2015),
        (2017, 2019),
        (2018, 2020),
        (2019, 2021),
        (2020, 2022),
    }
    periods |= {(y, y) for y in singles}
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
                    and P.counts_series in r.series,
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
        years_missing=Value.phrase(join_words([str(y) for y in adj.years_missing]) or "none"),
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


def legacy_dispute(escapee: pd.DataFrame) -> pd.DataFrame:
    """Years for which both lawmakers published yearly counts: index year, columns the two series."""
    d = escapee[
        (escapee["indicator"] == "suicide_count")
        & escapee["series"].isin(list(choices("counts_series")))
        & (escapee["period_start"] == escapee["period_end"])
    ]
    return d.pivot_table(index="period_start", columns="series", values="value")


# ------------------------------------------------------------------------------------------ findings
def findings(
    P: Params,
    escapee: pd.DataFrame | None = None,
    kostat: pd.DataFrame | None = None,
    adopted: pd.DataFrame | None = None,
    arrivals_age: pd.DataFrame | None = None,
    residents: pd.DataFrame | None = None,
    oecd: pd.DataFrame | None = None,
    context_rows: pd.DataFrame | None = None,
) -> SuicideFindings:
    """The suicide section's findings from the processed tables (read from data/processed when not given)."""
    escapee = mortality.read_escapee() if escapee is None else escapee
    kostat = mortality.read_kostat() if kostat is None else kostat
    adopted = io.read_table("arrivals", dtype={"period": str}) if adopted is None else adopted
    adopted = adopted.assign(period=adopted["period"].astype(str))
    cumulative = su.cumulative_by_sex(adopted)
    level = P.confidence_level
    pct = f"{level * 100:g}%"
    start, end, series, den = P.suicide_period_start, P.suicide_period_end, P.counts_series, P.denominator
    period = _period(start, end)
    flagged_rows = escapee[escapee["cause_not_tracked_source"].fillna("") != ""]
    flagged_ids = set(flagged_rows["record_id"])

    # the primary estimate (by the parameters) ----------------------------------------------------------
    try:
        primary, pooled, py, sexadj, prefs = _count_ratio(
            escapee, kostat, cumulative, start, end, series, den, level, "sex", f"sex-adjusted SMR, {period}"
        )
        primary_crude, _, _, crude, crefs = _count_ratio(
            escapee, kostat, cumulative, start, end, series, den, level, "crude", f"crude rate ratio, {period}"
        )
        available, gap = True, ""
    except DataError as exc:
        available, gap = False, str(exc)
        primary, primary_crude = _missing("sex-adjusted SMR", gap), _missing("crude rate ratio", gap)
        pooled = py = crude = None
        prefs = crefs = {}
    na = Value.of(None, text="not available", method=gap)
    if available:
        if pooled.substituted:
            counts_words = (
                f"{pooled.count}: {su.SERIES_NAMES[MOIS_SERIES]}'s total with "
                f"{su.SERIES_NAMES.get(series, series)}'s counts in place of its own for "
                f"{join_words([str(y) for y in sorted(pooled.substituted)])}, the years both counted"
            )
        elif pooled.derived_from is not None:
            counts_words = f"{pooled.count}, derived as described below"
        elif pooled.published_total:
            counts_words = "a total for the whole period, published as such"
        else:
            counts_words = ", ".join(f"{n} in {y}" for y, n in pooled.by_year.items())
        women = float(py["female"].sum() / py["total"].sum() * 100)
        krates = su.kostat_values(kostat, "crude_suicide_rate").loc[start:end]
        kf = float(su.kostat_values(kostat, "crude_suicide_rate", "female")[end])
        km = float(su.kostat_values(kostat, "crude_suicide_rate", "male")[end])
    default = (series, start, end, den) == tuple(Params().model_dump()[k] for k in PRIMARY_PARAMS)
    primary_choice = (
        "the report's primary estimate"
        if default
        else "the estimate this build's parameters chose (the report's primary estimate is the same "
        "comparison for 2013-2022 on Wi Sung-lac's MOIS-based counts, with mid-year cumulative arrivals)"
    )

    # the two lawmakers ----------------------------------------------------------------------------------
    dispute = legacy_dispute(escapee)
    disagree = [int(y) for y, r in dispute.iterrows() if r[MOIS_SERIES] != r[HONG_SERIES]]
    dispute_words = "; ".join(
        f"{y}: {int(dispute.at[y, MOIS_SERIES])} (Wi) vs {int(dispute.at[y, HONG_SERIES])} (Hong)" for y in disagree
    )
    recent = CONTRAST[1]
    hong_recent = _count_ratio(
        escapee,
        kostat,
        cumulative,
        *recent,
        HONG_SERIES,
        den,
        level,
        "sex",
        f"sex-adjusted SMR, {_period(*recent)}, Hong's counts",
    )[0]
    hong_recent_crude = _count_ratio(
        escapee,
        kostat,
        cumulative,
        *recent,
        HONG_SERIES,
        den,
        level,
        "crude",
        f"crude rate ratio, {_period(*recent)}, Hong's counts",
    )[0]
    mois_recent, rp, rpy, _, rrefs = _count_ratio(
        escapee,
        kostat,
        cumulative,
        *recent,
        MOIS_SERIES,
        den,
        level,
        "sex",
        f"sex-adjusted SMR, {_period(*recent)}, MOIS-based counts",
    )
    mois_recent_crude = _count_ratio(
        escapee,
        kostat,
        cumulative,
        *recent,
        MOIS_SERIES,
        den,
        level,
        "crude",
        f"crude rate ratio, {_period(*recent)}, MOIS-based counts",
    )[0]
    counts = su._all_escapees_counts(escapee)
    full = counts[~counts["partial_year"].astype(bool)]
    totals = full[full["period_start"] < full["period_end"]]

    def _yearly(series: str, start: int, end: int) -> str:
        years = sorted(
            int(y)
            for y in full[(full["series"] == series) & (full["period_start"] == full["period_end"])]["period_start"]
            if start <= int(y) <= end
        )
        return f"; yearly counts were published only for {_period(years[0], years[-1])}" if years else ""

    period_totals = "; ".join(
        f"{su.SERIES_NAMES.get(r.series, r.series)}'s figure for {r.period} ({int(r.value)}) is a total for the "
        f"whole period, published as such{_yearly(r.series, int(r.period_start), int(r.period_end))}"
        for r in totals.itertuples()
    )

    # MOU's published rates, sex-adjusted ---------------------------------------------------------------
    long_row = escapee.set_index("record_id").loc[MOU_LONG]
    mou_long, _ = _published(
        escapee,
        kostat,
        cumulative,
        MOU_LONG,
        list(range(int(long_row["period_start"]), int(long_row["period_end"]) + 1)),
    )
    windows, usable = _recent_windows(escapee, kostat, cumulative)
    recent_row = escapee.set_index("record_id").loc[MOU_RECENT]
    rrefs_pub = _esc_refs(escapee, [MOU_RECENT])
    adjusted_values = [u.adjusted for u in usable]
    lo_w = min(adjusted_values, key=lambda v: v.value)
    hi_w = max(adjusted_values, key=lambda v: v.value)
    rec_ratio = float(recent_row["value"]) / float(recent_row["comparator"])
    mean_adjusted = sum(v.value for v in adjusted_values) / len(adjusted_values)
    published = su.published_rate_comparisons(escapee)
    n_published = len(published)
    mou_recent = Published(
        record_id=MOU_RECENT,
        period=Value.of(str(recent_row["period"]), **rrefs_pub),
        published_year=Value.of(int(str(recent_row["published"])[:4]), "d", **rrefs_pub),
        escapees=Value.of(float(recent_row["value"]), "g", **rrefs_pub),
        comparator=Value.of(float(recent_row["comparator"]), "g", **rrefs_pub),
        ratio=Value.of(rec_ratio, ".2f", method="ratio of the two published rates", **rrefs_pub),
        adjusted=Value.derived(
            sum(v.value for v in adjusted_values) / len(adjusted_values),
            ".2f",
            adjusted_values,
            method="mean of the sex-adjusted ratio over the candidate windows",
        ),
        adjusted_lowest=lo_w,
        adjusted_highest=hi_w,
        factor=Value.of(rec_ratio / mean_adjusted, ".2f", method="published ratio / mean adjusted ratio"),
        years_missing=Value.phrase(join_words([w.period for w in windows if not w.available]) or "none"),
        source_id=str(recent_row["source_id"]),
    )
    windows_words = "; ".join(
        f"{w.period}: {w.adjusted}" if w.available else f"{w.period}: not computable ({w.reason})" for w in windows
    )
    matching = [w.period for w in windows if w.matches_comparator]
    matching_words = (
        f"only {join_words(matching)} has KOSTAT crude rates whose mean rounds to MOU's stated "
        f"{recent_row['comparator']:g}"
        if matching
        else f"no candidate window has KOSTAT crude rates whose mean rounds to MOU's {recent_row['comparator']:g}"
    )

    # NHIS cohort ----------------------------------------------------------------------------------------
    nh = su.nhis_cohort(escapee)
    nrefs = _esc_refs(escapee, nh["record_ids"])
    kcrude = su.kostat_values(kostat, "crude_suicide_rate")
    nyears = [y for y in range(nh["period_start"], nh["period_end"] + 1) if y in kcrude.index]
    nmean = float(kcrude.loc[nyears].mean())
    nkrefs = _merge(nrefs, _kostat_refs(kostat, nyears))

    # age direction (bounds: hook for methods/suicide_bounds.py) -----------------------------------------
    age_years = sorted(kostat.loc[kostat["indicator"] == "crude_suicide_rate_by_age", "year"].unique())
    age = {int(y): su.age_direction(kostat, int(y)) for y in age_years}
    age_rates = "; ".join(
        f"in {y}: " + ", ".join(f"{b} {v:g}" for b, v in a["by_age"].items()) + f" (all ages {a['crude']:g})"
        for y, a in age.items()
    )
    age_k = kostat[
        kostat["adopted"].astype(bool)
        & (kostat["indicator"] == "crude_suicide_rate_by_age")
        & kostat["year"].isin(list(age))
    ]
    age_refs = _merge(
        {
            "rows": [f"kostat/{i}" for i in age_k["row_id"]],
            "raw": [f"kostat_deaths/{i}" for i in age_k["row_id"]],
            "sources": list(age_k["source_id"]),
        },
        _kostat_refs(kostat, list(age)),
    )
    age_basis = [Value.of("", **age_refs)]
    age_below = "; ".join(f"{', '.join(a['below'])} in {y}" for y, a in age.items())
    age_above = "; ".join(f"{', '.join(a['above'])} in {y}" for y, a in age.items())
    early_year, early_share = arrived_early(cumulative, end)

    # shares of deaths ----------------------------------------------------------------------------------
    sh = su.share_comparisons(escapee, kostat)
    share_rows = []
    for r in sh.itertuples():
        has = pd.notna(r.ratio)
        srefs = _esc_refs(escapee, [r.record_id])
        share_rows.append(
            ShareRow(
                record_id=r.record_id,
                period=str(r.period),
                period_start=None if pd.isna(r.period_start) else int(r.period_start),
                period_end=None if pd.isna(r.period_end) else int(r.period_end),
                escapee_share=str(r.escapee_share_as_printed),
                stated_comparator=str(r.stated_comparator_as_printed or ""),
                stated_basis_ratio=None if pd.isna(r.stated_basis_ratio) else float(r.stated_basis_ratio),
                kostat_share=None if pd.isna(r.kostat_share_pct) else float(r.kostat_share_pct),
                ratio=Value.of(float(r.ratio), ".2f", method="share of escapee deaths / KOSTAT's pooled share", **srefs)
                if has
                else None,
                why_no_ratio=str(r.why_no_ratio),
                wording=su.wording_en(r.stated_ratio) or "",
                source_id=str(r.source_id),
                series=str(r.series),
            )
        )
    with_ratio = [s for s in share_rows if s.ratio is not None]
    shares_words = "; ".join(
        f"{s.period}: {float(s.escapee_share):g}% vs {s.kostat_share:.2f}%, ratio {s.ratio}" for s in with_ratio
    )
    kim = next(s for s in share_rows if s.record_id == KIM_2019_SHARE)
    kim_words = (
        f"For 2019 the escapees' {kim.escapee_share}% was set against a stated {kim.stated_comparator}% "
        f"(ratio {_r(kim.stated_basis_ratio)}); KOSTAT's own figures give {kim.kostat_share:.2f}% and a "
        f"ratio of {kim.ratio}."
    )
    derived_years = sorted({y for d in sh["derived_years"].dropna() if d for y in str(d).split(", ")})
    derived_words = (
        f"KOSTAT's total deaths for {join_words(derived_years)} are computed from the next year's total "
        "and its stated increase (both published)."
        if derived_years
        else ""
    )

    # change over time within the MOIS-based series -----------------------------------------------------
    (a1, b1), (a2, b2) = CONTRAST
    early_pooled = su.pooled_count(escapee, a1, b1, MOIS_SERIES)
    late_pooled = su.pooled_count(escapee, a2, b2, MOIS_SERIES)
    ta, tb, tv = early_pooled.derived_from
    derivation = (
        f"{tv} − " + " − ".join(str(-v) for _, v in sorted(early_pooled.by_year.items())) + f" = {early_pooled.count}"
    )
    contrast_refs = _merge(
        _esc_refs(escapee, early_pooled.record_ids + late_pooled.record_ids),
        _kostat_refs(kostat, range(a1, b2 + 1), ("total",) + su.SEXES),
    )
    contrast = {}
    for adj in ("sex", "crude"):
        e1 = ss.expected_by_year(su.person_years(cumulative, a1, b1, den), kostat, adj).sum()
        e2 = ss.expected_by_year(su.person_years(cumulative, a2, b2, den), kostat, adj).sum()
        contrast[adj] = ss.period_contrast(early_pooled.count, float(e1), late_pooled.count, float(e2), level)
    word = {"sex": "sex-adjusted SMR", "crude": "crude rate ratio"}

    def cr(adj, part, label):
        c = contrast[adj]
        est = {"early": c.early, "late": c.late, "theta": c.theta}[part]
        o = {"early": c.observed_early, "late": c.observed_late, "theta": None}[part]
        e = {"early": c.expected_early, "late": c.expected_late, "theta": None}[part]
        return _ratio(
            label,
            est,
            contrast_refs,
            "ratio of the two periods' ratios; exact interval conditional on the total"
            if part == "theta"
            else f"{word[adj]}, exact Poisson interval",
            o,
            e,
        )

    def pval(p):
        return Value.of(
            p, ".2f" if p >= 0.1 else ".3f", method="exact binomial test conditional on the total", **contrast_refs
        )

    sx = contrast["sex"]
    contrast_change = change_words(sx.theta.lower, sx.theta.upper)
    contrast_words = (
        f"the ratio of the two is {_r(sx.theta.value)} ({pct} interval {_r(sx.theta.lower)}-"
        f"{_r(sx.theta.upper)}), p = {pval(sx.p_value)}"
    )
    # leave one year out: within 2020-2022 and within the primary period
    late_by_year = {y: int(v) for y, v in late_pooled.by_year.items()}
    e_late_y = ss.expected_by_year(su.person_years(cumulative, a2, b2, den), kostat, "sex")
    loo_recent = ss.leave_one_out(
        late_pooled.count,
        float(e_late_y.sum()),
        {y: (late_by_year[y], float(e_late_y[y])) for y in late_by_year},
        level,
    )
    leave_recent = [
        LeaveOut(
            year=y,
            left_out=Value.of(late_by_year[y], "d", **contrast_refs),
            ratio=Value.of(e.value, ".2f", method=f"SMR {a2}-{b2} without {y}", **contrast_refs),
            interval=Value.of(f"{_r(e.lower)}-{_r(e.upper)}", **contrast_refs),
        )
        for y, e in loo_recent.items()
    ]
    leave_primary = []
    if available and start <= a2 and b2 <= end:
        e_prim = ss.expected_by_year(py, kostat, "sex")
        loo_p = ss.leave_one_out(
            pooled.count,
            float(e_prim.sum()),
            {y: (late_by_year[y], float(e_prim[y])) for y in late_by_year if series == MOIS_SERIES},
            level,
        )
        leave_primary = [
            LeaveOut(
                year=y,
                left_out=Value.of(late_by_year[y], "d", **prefs),
                ratio=Value.of(e.value, ".2f", method=f"SMR {period} without {y}", **prefs),
                interval=Value.of(f"{_r(e.lower)}-{_r(e.upper)}", **prefs),
            )
            for y, e in loo_p.items()
        ]
    lr = {x.year: x for x in leave_recent}
    leave_words = "; ".join(f"without {x.year} ({x.left_out} suicides) {x.ratio} ({x.interval})" for x in leave_recent)
    disputed = max(disagree, key=lambda y: abs(dispute.at[y, MOIS_SERIES] - dispute.at[y, HONG_SERIES]))
    disputed_words = (
        f"{disputed}, the year the two lawmakers' counts differ most "
        f"({int(dispute.at[disputed, MOIS_SERIES])} vs {int(dispute.at[disputed, HONG_SERIES])}): "
        f"without it the {_period(a2, b2)} ratio is {lr[disputed].ratio} ({lr[disputed].interval})"
    )

    # misclassification ---------------------------------------------------------------------------------
    flagged_counts = flagged_rows[flagged_rows["indicator"] == "suicide_count"]
    flagged_names = sorted({su.SERIES_NAMES.get(s, s) for s in flagged_counts["series"] if s in su.SERIES_NAMES})
    unknown = escapee[(escapee["indicator"] == "deaths_by_cause") & (escapee["subgroup"] == "cause: unknown cause")]
    ufull = unknown[~unknown["partial_year"].astype(bool)]
    uyears = sorted(int(y) for y in ufull["period_start"])
    sui_rows = full[
        (full["period_start"] == full["period_end"])
        & full["period_start"].isin(uyears)
        & full["series"].isin(set(ufull["series"]))
    ]
    u_s = int(sui_rows["value"].sum())
    u_u = int(ufull["value"].sum())
    ua, ub = uyears[0], uyears[-1]
    e_u = float(ss.expected_by_year(su.person_years(cumulative, ua, ub, den), kostat, "sex").sum())
    urefs = _merge(
        _esc_refs(escapee, list(sui_rows["record_id"]) + list(ufull["record_id"])),
        _kostat_refs(kostat, range(ua, ub + 1), su.SEXES),
    )
    unknown_base = _ratio(
        f"sex-adjusted SMR {ua}-{ub}, MOU-recorded counts",
        stats.smr(u_s, e_u, level),
        urefs,
        "sex-adjusted SMR",
        u_s,
        e_u,
    )
    unknown_upper = _ratio(
        f"upper bound {ua}-{ub}, unknown causes counted as suicides",
        ss.unknown_cause_upper(u_s, u_u, e_u, level),
        urefs,
        "(suicides + deaths of unknown cause) / expected, exact interval",
        u_s + u_u,
        e_u,
    )
    by_id = escapee.set_index("record_id", drop=False)
    ulong = by_id.loc[UNKNOWN_LONG] if UNKNOWN_LONG in by_id.index else None  # MOU 2006-2015, part-year
    ulong_s = by_id.loc[UNKNOWN_LONG_SUICIDES] if UNKNOWN_LONG_SUICIDES in by_id.index else None
    ulong = ulong if ulong_s is not None else None
    ulrefs = _esc_refs(escapee, [UNKNOWN_LONG, UNKNOWN_LONG_SUICIDES]) if ulong is not None else {}

    # every estimate -------------------------------------------------------------------------------------
    specs, gaps = _specs(escapee, kostat, cumulative, P, flagged_ids)
    comparable = [s for s in specs if not s.flagged and s.period_end > s.period_start]
    clow = min(comparable, key=lambda s: s.value)
    chigh = max(comparable, key=lambda s: s.value)

    def spec_words(s: Spec) -> str:
        return f"{s.period}, {s.series}, {ADJUSTMENTS[s.adjustment]}"

    den_effect = 0.0
    by_key: dict = {}
    for s in specs:
        by_key.setdefault((s.period, s.series, s.adjustment), []).append(s.value)
    den_effect = max(max(v) - min(v) for v in by_key.values())
    mou = full[(full["series"] == "kim_do_eup_2016") & (full["period_start"] == full["period_end"])]
    mou_years = sorted(int(y) for y in mou["period_start"])
    wi_row = by_id.loc[MOIS_TOTAL]  # the MOIS-based total, by record id
    wi_years = int(wi_row["period_end"]) - int(wi_row["period_start"]) + 1

    # bounds on age and the denominator (methods/suicide_bounds.py), and context -------------------------
    arrivals_age = rawdata.read("arrivals_age") if arrivals_age is None else arrivals_age
    residents = rawdata.read("residents") if residents is None else residents
    age = dbound = None
    if available:
        try:
            age = sb.age_scenarios(
                pooled.count, py, arrivals_age, kostat, (start, end), cumulative, level, inputs=[primary.observed]
            )
        except DataError:
            age = None
        frames = sb.resident_frames(residents, cumulative)
        deaths = sb.implied_deaths(escapee, series, start, end)
        dbound = sb.denominator_bound(
            frames, primary.value, primary.upper, (start, end), deaths, end if deaths is not None else None
        )
    age_words = age_bound_words(age)
    den_words = dbound.words.text if dbound is not None else "no estimate, so no bound on the denominator"
    try:
        cx = sb.context(
            io.read_table("oecd") if oecd is None else oecd,
            rawdata.read("context_suicide") if context_rows is None else context_rows,
        )
    except DataError:
        cx = None

    # the conclusion -------------------------------------------------------------------------------------
    t = P.ratio_tolerance
    band = f"{2 * (1 - t):.2f}-{2 * (1 + t):.2f}"
    if available:
        upper_bounds = bias_upper_bounds(age, dbound)
        cat = verdict_category(primary.value.value, primary.lower, primary.upper, t, upper_bounds)
        pos = position(primary.lower, primary.upper)
        conclusion = conclusion_words(
            cat,
            f"a sex-adjusted SMR of {primary.value}",
            primary.interval.text,
            period,
            f"the band of 'around double' ({band})",
            POSITION_WORDS[pos],
            f"{mois_recent.value} ({mois_recent.interval})",
            _period(a2, b2),
            f"ratio of the two {_r(sx.theta.value)}, {pct} interval {_r(sx.theta.lower)}-"
            f"{_r(sx.theta.upper)}, p = {pval(sx.p_value)}",
            pct,
            change_words(sx.theta.lower, sx.theta.upper),
            versus_one(primary.lower),
            bounds_clause(age, dbound),
        )
        rule = (
            f"supported if the primary estimate lies within {band} (±{t:.0%} of 2) and its interval includes 2; "
            "with caveats if its interval overlaps that band, or a bound on a bias it carries reaches it; "
            "otherwise not supported"
        )
    else:
        cat, pos = Category.CANNOT_CHECK, "includes"
        conclusion = conclusion_words(cat, "", "", period, "", "", "", "", "", pct)
        rule = "no primary estimate for the parameters chosen"
    basis = [primary.value, primary.interval, mois_recent.value] if available else []
    verdict = Verdict(
        claim_id=CLAIM_ID, category=cat, rule=rule, reason=Value.phrase(conclusion, based_on=basis), evidence=basis
    )
    bias_words = (
        f"The bounds: {age_words}; {den_words}; and counting the deaths of unknown cause as suicides would raise "
        f"MOU's {ua}-{ub} ratio from {unknown_base.value} to {unknown_upper.value}"
    )

    lvl = Value.parameter("confidence_level", level, text=pct)
    return SuicideFindings(
        level=lvl,
        period=Value.of(
            period,
            method="build parameters suicide_period_start/suicide_period_end",
            params=["suicide_period_start", "suicide_period_end"],
        ),
        period_start=start,
        period_end=end,
        counts_series=series,
        series_name=Value.parameter("counts_series", series, text=primary.counts or su.SERIES_NAMES[series]),
        series_basis=Value.phrase(counts_basis(pooled) if available else su.SERIES_BASIS[series]),
        denominator=den,
        denominator_words=Value.phrase(DENOMINATOR_WORDS[den]),
        primary_choice=Value.phrase(primary_choice),
        primary_available=available,
        primary_gap=Value.phrase(gap or "none"),
        gap_years=Value.phrase(
            join_words([str(y) for y in su.missing_count_years(escapee, start, end)]) if not available else "none"
        ),
        counts_words=Value.phrase(counts_words, based_on=[primary.observed]) if available else na,
        observed=primary.observed,
        person_years=Value.of(crude.person_years, ",.0f", method=f"escapee person-years, {den}") if available else na,
        rate=Value.of(crude.rate, ".1f", unit="per 100,000", method="observed / person-years", **crefs)
        if available
        else na,
        rate_interval=Value.of(f"{crude.rate_lower:.1f}-{crude.rate_upper:.1f}", **crefs) if available else na,
        reference_rate=Value.of(crude.reference_rate, ".1f", **crefs) if available else na,
        kostat_rates=Value.of(", ".join(f"{v:.1f}" for v in krates), **_kostat_refs(kostat, range(start, end + 1)))
        if available
        else na,
        primary=primary,
        primary_crude=primary_crude,
        primary_position=Value.phrase(POSITION_WORDS[pos], based_on=[primary.interval]),
        crude_position=Value.phrase(
            POSITION_WORDS[position(primary_crude.lower, primary_crude.upper)] if available else "not available"
        ),
        women_share=Value.of(women, ".0f", unit="%", method="women's share of escapee person-years")
        if available
        else na,
        kostat_female=Value.of(kf, ".1f", **_kostat_refs(kostat, [end], ("female",))) if available else na,
        kostat_male=Value.of(km, ".1f", **_kostat_refs(kostat, [end], ("male",))) if available else na,
        kostat_year=Value.of(end, "d", **_kostat_refs(kostat, [end], ("female", "male"))),
        period_totals=Value.phrase(period_totals),
        dispute=Value.phrase(dispute_words),
        dispute_years=disagree,
        hong_recent=hong_recent,
        hong_recent_crude=hong_recent_crude,
        mois_recent=mois_recent,
        mois_recent_crude=mois_recent_crude,
        published_count=Value.of(
            n_published,
            "d",
            text={1: "once", 2: "twice", 3: "three times"}.get(n_published, f"{n_published} times"),
            **_esc_refs(escapee, list(published["record_id"])),
        ),
        mou_long=mou_long,
        mou_recent=mou_recent,
        recent_windows=windows,
        recent_windows_words=Value.phrase(windows_words),
        recent_matching_words=Value.phrase(matching_words),
        nhis_name=Value.of(su.SERIES_NAMES.get(nh["series"], nh["attributed_to"]), **nrefs),
        nhis_period=Value.of(nh["period"], **nrefs),
        nhis_subgroup=Value.of(nh["subgroup"], **nrefs),
        nhis_basis=Value.of(nh["basis"], **nrefs),
        nhis_crude=Value.of(nh["crude_rate"], "g", **nrefs),
        nhis_adjusted=Value.of(nh["age_adjusted_rate"], "g", **nrefs),
        nhis_comparator=Value.of(nh["comparator"], "g", **nrefs),
        nhis_ratio=Value.of(nh["ratio"], ".2f", **nrefs),
        nhis_kostat_mean=Value.of(nmean, ".1f", method="unweighted mean of KOSTAT's crude rates", **nkrefs),
        nhis_kostat_years=Value.of(_period(nyears[0], nyears[-1]), **_kostat_refs(kostat, nyears)),
        nhis_crude_ratio=Value.of(
            nh["crude_rate"] / nmean, ".2f", method="cohort crude rate / KOSTAT mean crude rate", **nkrefs
        ),
        nhis_adjusted_below_crude=bool(nh["adjusted_below_crude"]),
        nhis_record_ids=list(nh["record_ids"]),
        nhis_source_id=nh["source_id"],
        age_rates=Value.phrase(age_rates, based_on=age_basis),
        age_below=Value.phrase(age_below, based_on=age_basis),
        age_above=Value.phrase(age_above, based_on=age_basis),
        early_share=Value.of(
            early_share, ".0f", unit="%", method="cumulative arrivals by the early year / by the period's end"
        ),
        early_year=Value.of(early_year, "d"),
        age_bounds_available=age is not None,
        age=age,
        age_words=Value.phrase(age_words, based_on=[] if age is None else [age.low, age.high]),
        age_assumptions=Value.phrase("; ".join(age.assumptions) if age is not None else "none"),
        denominator_bound=dbound,
        denominator_bound_words=Value.phrase(den_words, based_on=[] if dbound is None else [dbound.words]),
        context=cx,
        context_words=Value.phrase(context_words(cx)),
        shares=share_rows,
        shares_words=Value.phrase(shares_words, based_on=[s.ratio for s in with_ratio]),
        shares_reaching_2=Value.of(
            sum(float(s.ratio.value) >= 2 for s in with_ratio),
            "d",
            text=count_word(sum(float(s.ratio.value) >= 2 for s in with_ratio)),
        ),
        shares_count=Value.of(len(with_ratio), "d", text=count_word(len(with_ratio))),
        kim_2019=Value.phrase(kim_words, based_on=[kim.ratio]),
        derived_deaths_words=Value.phrase(derived_words),
        contrast_early_period=Value.of(_period(a1, b1), **_esc_refs(escapee, early_pooled.record_ids)),
        contrast_late_period=Value.of(_period(a2, b2), **_esc_refs(escapee, late_pooled.record_ids)),
        contrast_derivation=Value.of(
            derivation,
            method="published total less the same series' yearly counts",
            **_esc_refs(escapee, early_pooled.record_ids),
        ),
        contrast_early=cr("sex", "early", f"sex-adjusted SMR {a1}-{b1}"),
        contrast_late=cr("sex", "late", f"sex-adjusted SMR {a2}-{b2}"),
        contrast_theta=cr("sex", "theta", "ratio of the sex-adjusted SMRs"),
        contrast_p=pval(sx.p_value),
        contrast_early_crude=cr("crude", "early", f"crude rate ratio {a1}-{b1}"),
        contrast_late_crude=cr("crude", "late", f"crude rate ratio {a2}-{b2}"),
        contrast_theta_crude=cr("crude", "theta", "ratio of the crude rate ratios"),
        contrast_p_crude=pval(contrast["crude"].p_value),
        contrast_words=Value.phrase(contrast_words),
        contrast_change=Value.phrase(contrast_change),
        leave_out_recent=leave_recent,
        leave_out_primary=leave_primary,
        leave_out_words=Value.phrase(leave_words),
        leave_primary_range=Value.phrase(
            f"{min(x.ratio.value for x in leave_primary):.2f}-{max(x.ratio.value for x in leave_primary):.2f}"
            if leave_primary
            else "not applicable",
            based_on=[x.ratio for x in leave_primary],
        ),
        disputed_year_words=Value.phrase(disputed_words),
        flagged_series=Value.phrase(join_words(flagged_names)),
        flagged_sources=sorted(set(flagged_rows["cause_not_tracked_source"])),
        flagged_words=Value.phrase(
            "MOU was reported in 2015 and in 2020 not to record escapees' causes of death systematically",
            based_on=[Value.of("", sources=sorted(set(flagged_rows["cause_not_tracked_source"])))],
        ),
        unknown_period=Value.of(_period(ua, ub), **urefs),
        unknown_suicides=Value.of(u_s, "d", **urefs),
        unknown_deaths=Value.of(u_u, "d", **urefs),
        unknown_base=unknown_base,
        unknown_upper=unknown_upper,
        unknown_long_period=Value.of(str(ulong["period"]), **ulrefs) if ulong is not None else na,
        unknown_long=Value.of(int(ulong["value"]), "d", **ulrefs) if ulong is not None else na,
        unknown_long_suicides=Value.of(int(ulong_s["value"]), "d", **ulrefs) if ulong is not None else na,
        unknown_long_ratio=Value.of(ulong["value"] / ulong_s["value"], ".1f", **ulrefs) if ulong is not None else na,
        specs=specs,
        gaps=gaps,
        spec_count=Value.of(len(specs), "d"),
        comparable_count=Value.of(len(comparable), "d"),
        comparable_low=Value.of(clow.value, ".2f"),
        comparable_high=Value.of(chigh.value, ".2f"),
        comparable_low_spec=Value.phrase(spec_words(clow)),
        comparable_high_spec=Value.phrase(spec_words(chigh)),
        all_low=Value.of(min(s.value for s in specs), ".2f"),
        all_high=Value.of(max(s.value for s in specs), ".2f"),
        denominator_effect=Value.of(den_effect, ".3f"),
        mou_per_year=Value.of(
            float(mou["value"].sum()) / len(mou_years), ".1f", **_esc_refs(escapee, list(mou["record_id"]))
        ),
        mou_years=Value.of(f"{mou_years[0]}-{mou_years[-1]} ({int(mou['value'].sum())} in all)"),
        mois_total_words=Value.of(
            f"{int(wi_row['value'])} suicides in {wi_row['period']}", **_esc_refs(escapee, [wi_row["record_id"]])
        ),
        mois_per_year=Value.of(float(wi_row["value"]) / wi_years, ".1f", **_esc_refs(escapee, [wi_row["record_id"]])),
        around_double=verdict,
        verdict_words=Value.phrase(cat.value, based_on=basis),
        conclusion=verdict.reason,
        band=Value.of(band),
        bias_words=Value.phrase(bias_words, based_on=[unknown_base.value, unknown_upper.value]),
    )
