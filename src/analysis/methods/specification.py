"""Specification curve of defensible choices for the escapee suicide ratio (issue 17, item 7).

**Periods.** Every period of at least ``MIN_YEARS`` (3) years whose pooled count comes from one counts series that the
report trusts: the series must not be flagged (a body reported not to record causes of death supplied it:
``cause_not_tracked_source`` in ``escapee_suicide.csv``), and ``methods.suicide.pooled_count`` must give
it from that series alone (a published total, a total less the same series' yearly counts, or the
series' own yearly counts). Single years, two-year periods (a rate from a couple of dozen suicides
stands for one or two years, not for "the" rate; MOU's own recent figure is a three-year average) and
flagged counts are left out and listed, with the reason, by ``excluded_periods``.

**Choices crossed** (``CHOICES``, in their declared order; the first of each is the conventional one):

- ``adjustment``: ``crude`` (KOSTAT's all-ages rate, the claim's own question) or ``sex`` (sex-specific);
- ``age``: ``none``, ``aged`` or ``aged_exits`` (the age factor ``A`` of ``bias_mc.age_factors``);
- ``denominator``: ``cumulative`` (mid-year cumulative arrivals), ``residents_low`` / ``residents_high``
  (the ratio times ``F_low`` / ``F_high`` of ``bias_mc.denominator_prior``);
- ``misclassification``: ``none`` or ``midpoint`` (``q = 1/2`` of the unknown-cause deaths are suicides,
  the middle of ``bias_mc``'s declared prior: ``M = 1 + U / (2 S)``).

Each point: ``ratio = O M F / (E A)`` with the exact Poisson limits of ``O`` scaled the same way.

**Near-duplicates** (``near_duplicates``), declared before the data: within the same period and counts
series, a point whose value and both limits lie within ``NEAR`` (2%, ``|ln(x / y)| < 0.02``) of a point
kept before it (in the declared order) is removed; the kept point is named in ``duplicate_of``.
"""

from __future__ import annotations

import itertools
import math

import pandas as pd

from analysis.errors import DataError
from analysis.methods import bias_mc as bm
from analysis.methods import stats
from analysis.methods import suicide as su
from analysis.methods import suicide_bounds as sb
from analysis.methods import triangulation as tr

TRUSTED_CANDIDATES = ("wi_sung_lac_2024", "hong_ki_won_2024")
CHOICES: dict[str, tuple[str, ...]] = {
    "adjustment": ("crude", "sex"),
    "age": ("none", "aged", "aged_exits"),
    "denominator": ("cumulative", "residents_low", "residents_high"),
    "misclassification": ("none", "midpoint"),
}
NEAR = 0.02  # |ln(x / y)| below this is "within 2%"
MIN_YEARS = 3  # a period of at least three years: MOU's own recent rate is a three-year average
DENOMINATOR = "midyear_cumulative"


def flagged_series(escapee: pd.DataFrame) -> set[str]:
    """Series with any row whose body was reported not to record causes of death."""
    return set(escapee.loc[escapee["cause_not_tracked_source"].fillna("") != "", "series"])


def period_status(escapee: pd.DataFrame, start: int, end: int, series: str, flagged: set[str]) -> str:
    """Why a period and series is in the curve (``"in"``) or out, checked in this order: ``single year``,
    ``shorter than 3 years`` (``MIN_YEARS``), ``flagged counts``, ``gap`` (a year the series did not
    count) or ``not its own count`` (no published total, derivation or yearly counts of the series alone
    give it, e.g. 2014-2016 inside Wi Sung-lac's 2013-2022 total)."""
    if start == end:
        return "single year"
    if end - start + 1 < MIN_YEARS:
        return f"shorter than {MIN_YEARS} years"
    if series in flagged:
        return "flagged counts"
    if not set(range(start, end + 1)) <= tr.coverage(escapee, series):
        return "gap"
    return "in" if own_count(escapee, start, end, series) else "not its own count"


def trusted_periods(escapee: pd.DataFrame, years: range) -> list[tuple[int, int, str]]:
    """Every ``(start, end, series)`` with ``start < end`` in ``years`` that ``period_status`` lets in."""
    flagged = flagged_series(escapee)
    out = []
    for series in TRUSTED_CANDIDATES:
        for a, b in itertools.combinations(years, 2):
            if period_status(escapee, a, b, series, flagged) == "in":
                out.append((a, b, series))
    return out


def own_count(escapee: pd.DataFrame, start: int, end: int, series: str) -> bool:
    """Whether ``series`` alone supplies the pooled count for ``start..end`` (``pooled_count``)."""
    try:
        pooled = su.pooled_count(escapee, start, end, series)
    except DataError:
        return False
    return set(pooled.series_by_year.values()) == {series}


def excluded_periods(escapee: pd.DataFrame, years: range) -> pd.DataFrame:
    """Every period within ``years`` whose count one series supplies alone but the curve leaves out, with
    the reason (single year, shorter than ``MIN_YEARS``, flagged counts)."""
    flagged = flagged_series(escapee)
    series_all = sorted(set(su._all_escapees_counts(escapee)["series"]))
    rows = []
    for series in series_all:
        covered = tr.coverage(escapee, series)
        for a, b in itertools.combinations_with_replacement(years, 2):
            if not set(range(a, b + 1)) <= covered or not own_count(escapee, a, b, series):
                continue
            status = period_status(escapee, a, b, series, flagged)
            if status != "in":
                rows.append({"period_start": a, "period_end": b, "series": series, "reason": status})
    return pd.DataFrame(rows, columns=["period_start", "period_end", "series", "reason"])


def period_factors(x: bm.Inputs, start: int, end: int, series: str) -> dict:
    """Observed count, expected counts (crude, sex) and the bias factors of one period and series:
    ``A`` by scenario (``none`` = 1), ``F`` by denominator choice and ``M`` by misclassification choice."""
    pooled = su.pooled_count(x.escapee, start, end, series)
    py = su.person_years(x.cumulative, start, end, DENOMINATOR)
    exits = bm.recorded_exits(x.escapee, x.facts, series, start, end)
    den = bm.denominator_prior(sb.resident_frames(x.residents, x.cumulative), x.cumulative, exits, (start, end))
    ages, _, _ = bm.age_factors(py, x.arrivals_age, x.kostat, x.cumulative, den.high)
    _, ratio = bm.misclassification_priors(x.escapee)
    return {
        "observed": pooled.count,
        "record_ids": ";".join(f"escapee_suicide/{i}" for i in pooled.record_ids),
        "expected": {
            "crude": su.crude_comparison(pooled.count, py, x.kostat, 0.95).expected,
            "sex": su.sex_adjusted_comparison(pooled.count, py, x.kostat, 0.95).expected,
        },
        "age": {"none": 1.0} | ages,
        "denominator": {"cumulative": 1.0, "residents_low": den.low, "residents_high": den.high},
        "misclassification": {"none": 1.0, "midpoint": 1 + 0.5 * ratio.low},
    }


def points(factors: dict, start: int, end: int, series: str, level: float) -> list[dict]:
    """Every combination of ``CHOICES`` for one period and series, in the declared order."""
    o = factors["observed"]
    lo, hi = stats.poisson_exact_ci(o, level)
    rows = []
    for adj, age, den, mis in itertools.product(*CHOICES.values()):
        e = factors["expected"][adj]
        k = factors["misclassification"][mis] * factors["denominator"][den] / factors["age"][age]
        rows.append(
            {"period_start": start, "period_end": end, "series": series, "adjustment": adj, "age": age}
            | {"denominator": den, "misclassification": mis, "observed": o, "expected": e, "bias_factor": k}
            | {"value": o * k / e, "lower": lo * k / e, "upper": hi * k / e, "level": level}
            | {"record_ids": factors["record_ids"]}
        )
    return rows


def near_duplicates(curve: pd.DataFrame, near: float = NEAR) -> pd.Series:
    """For each row, the index of an earlier kept row of the same period and series whose value and both
    limits lie within ``near`` on the log scale (-1 when the row is kept). Rows are read in frame order."""
    out = pd.Series(-1, index=curve.index, name="duplicate_of")
    kept: dict[tuple, list] = {}
    for i, r in curve.iterrows():
        key = (r["period_start"], r["period_end"], r["series"])
        for j in kept.get(key, []):
            k = curve.loc[j]
            if all(abs(math.log(r[c] / k[c])) < near for c in ("value", "lower", "upper")):
                out[i] = j
                break
        else:
            kept.setdefault(key, []).append(i)
    return out


def specification_curve(inputs: bm.Inputs, years: range = range(2013, 2023), level: float = 0.95) -> pd.DataFrame:
    """The curve: every trusted period x ``CHOICES``, near-duplicates removed, sorted by value (tidy;
    ``rank`` 1 is the lowest)."""
    rows = []
    for a, b, series in trusted_periods(inputs.escapee, years):
        f = period_factors(inputs, a, b, series)
        rows += points(f, a, b, series, level)
    curve = pd.DataFrame(rows)
    if curve.empty:
        raise DataError(f"no multi-year period of {years[0]}-{years[-1]} has trusted counts")
    dup = near_duplicates(curve)
    curve = curve[dup < 0].sort_values("value", kind="stable").reset_index(drop=True)
    curve.insert(0, "rank", range(1, len(curve) + 1))
    return curve
