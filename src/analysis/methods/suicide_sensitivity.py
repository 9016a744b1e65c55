"""The suicide comparison's analyses beyond a single ratio: change over time, MOU's rates adjusted for
sex, misclassification, leave-one-year-out. Pure functions on small inputs, each tested by hand.

- ``expected_by_year``: expected suicides per year at KOSTAT's rates, crude (all-ages rate ``r_y``) or
  sex-adjusted (``sum_s r_{y,s} PY_{y,s}``), from escapee person-years.
- ``period_contrast``: two periods' ratios ``O1/E1`` and ``O2/E2`` from ONE series, their ratio
  ``theta = (O2/E2) / (O1/E1)`` and an exact test of ``theta = 1`` conditional on the total
  ``N = O1 + O2``: under the null ``O2 ~ Binomial(N, p0)``, ``p0 = E2 / (E1 + E2)`` (the expected counts
  are the offsets). The interval for ``theta`` maps the Clopper-Pearson interval ``(pL, pU)`` of
  ``p = O2/N`` through ``theta = p/(1-p) * E1/E2``.
- ``leave_one_out``: the ratio with one year's observed and expected count taken out.
- ``sex_factors``: ``f_y = E_sex,y / E_crude,y``, how much smaller the expected count becomes when the
  escapees' sex mix is taken into account. MOU published a rate and a comparator but no counts; its
  ratio ``R`` is adjusted as ``R / f`` with ``f = sum_y E_sex,y / sum_y E_crude,y`` over the stated years
  (the same indirect standardisation as the report's own SMR, since ``O/E_sex = (O/E_crude) / f``).
- ``candidate_windows``: the years a vague "recent N years" can mean when published on a date.
- ``unknown_cause_upper``: an upper bound that counts every death of unknown cause as a suicide.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import scipy

from analysis.errors import DataError
from analysis.methods import stats
from analysis.methods import suicide as su


def expected_by_year(py: pd.DataFrame, kostat: pd.DataFrame, adjustment: str) -> pd.Series:
    """Expected escapee suicides in each year of ``py`` (index year; columns male, female, total).

    ``adjustment="crude"``: ``E_y = r_y * PY_y / 1e5``; ``"sex"``: ``E_y = sum_s r_{y,s} * PY_{y,s} / 1e5``.
    A year without the KOSTAT rates needed is a DataError naming it.
    """
    years = [int(y) for y in py.index]
    if adjustment == "crude":
        rates = su.kostat_values(kostat, "crude_suicide_rate")
        su._require_years(rates, years, "crude suicide rates")
        return pd.Series({y: float(rates[y]) * float(py.at[y, "total"]) / 1e5 for y in years}, name="expected")
    if adjustment == "sex":
        out = dict.fromkeys(years, 0.0)
        for sex in su.SEXES:
            rates = su.kostat_values(kostat, "crude_suicide_rate", sex)
            su._require_years(rates, years, f"{sex} crude suicide rates (needed for the sex adjustment)")
            for y in years:
                out[y] += float(rates[y]) * float(py.at[y, sex]) / 1e5
        return pd.Series(out, name="expected")
    raise ValueError(f"adjustment must be 'crude' or 'sex', got {adjustment!r}")


@dataclass(frozen=True)
class PeriodContrast:
    """Two periods of one series: each ratio, their ratio ``theta`` and the exact conditional test."""

    observed_early: int
    expected_early: float
    observed_late: int
    expected_late: float
    early: stats.Estimate
    late: stats.Estimate
    theta: stats.Estimate  # (O2/E2) / (O1/E1)
    p0: float  # expected share of the total in the late period under theta = 1
    p_value: float  # two-sided (central) exact binomial test of theta = 1, conditional on O1 + O2


def period_contrast(o_early: int, e_early: float, o_late: int, e_late: float, level: float) -> PeriodContrast:
    """Compare ``O2/E2`` with ``O1/E1`` exactly, conditional on ``N = O1 + O2`` (see the module docstring).

    The two-sided p-value is twice the smaller exact binomial tail (at most 1), the test that agrees
    with the Clopper-Pearson interval: it is below ``1 - level`` exactly when the interval excludes 1.
    ``theta``'s limits are infinite where ``O1 = 0`` (upper) or zero where ``O2 = 0``.
    """
    n = o_early + o_late
    if n == 0:
        raise ValueError("no suicides in either period: the two ratios cannot be compared")
    p0 = e_late / (e_early + e_late)
    test = scipy.stats.binomtest(o_late, n, p0)
    ci = test.proportion_ci(confidence_level=level, method="exact")
    # central two-sided p-value (twice the smaller tail), the test dual to the Clopper-Pearson interval:
    # p < 1 - level exactly when the interval for theta excludes 1
    p_value = min(
        1.0, 2 * min(float(scipy.stats.binom.cdf(o_late, n, p0)), float(scipy.stats.binom.sf(o_late - 1, n, p0)))
    )

    def theta_of(p: float) -> float:
        return float("inf") if p >= 1 else p / (1 - p) * e_early / e_late

    value = float("inf") if o_early == 0 else (o_late / e_late) / (o_early / e_early)
    return PeriodContrast(
        o_early,
        e_early,
        o_late,
        e_late,
        stats.smr(o_early, e_early, level),
        stats.smr(o_late, e_late, level),
        stats.Estimate(value, theta_of(ci.low), theta_of(ci.high), level),
        p0,
        p_value,
    )


def leave_one_out(
    observed: int, expected: float, by_year: dict[int, tuple[int, float]], level: float
) -> dict[int, stats.Estimate]:
    """The ratio ``(O - O_y) / (E - E_y)`` with each year ``y`` of ``by_year`` (``{y: (O_y, E_y)}``) left out."""
    return {y: stats.smr(observed - o, expected - e, level) for y, (o, e) in sorted(by_year.items())}


def sex_factors(py: pd.DataFrame, kostat: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Per year of ``years`` with KOSTAT's rates for men, women and all published: the crude and the
    sex-adjusted expected count and ``factor = E_sex / E_crude``. Years without them are left out (the
    caller states them as a gap)."""
    rows = []
    for y in years:
        if y not in py.index:
            continue
        sub = py.loc[[y]]
        try:
            crude = float(expected_by_year(sub, kostat, "crude").iloc[0])
            sex = float(expected_by_year(sub, kostat, "sex").iloc[0])
        except DataError:
            continue
        rows.append({"year": y, "expected_crude": crude, "expected_sex": sex, "factor": sex / crude})
    return pd.DataFrame(rows, columns=["year", "expected_crude", "expected_sex", "factor"]).set_index("year")


@dataclass(frozen=True)
class AdjustedPublished:
    """A published ratio ``R`` adjusted for sex: ``R / f`` over the years used, and the range of
    ``R / f_y`` over single years (the period's ``f`` is a weighted mean of the ``f_y``)."""

    ratio: float
    factor: float
    adjusted: float
    lowest: float
    highest: float
    years_used: tuple[int, ...]
    years_missing: tuple[int, ...]


def adjust_published_ratio(ratio: float, factors: pd.DataFrame, years: list[int]) -> AdjustedPublished:
    """Adjust a published ratio for sex with the escapee sex mix (see ``sex_factors``)."""
    if factors.empty:
        raise DataError(f"no year of {years[0]}-{years[-1]} has KOSTAT suicide rates for men and women")
    f = float(factors["expected_sex"].sum() / factors["expected_crude"].sum())
    return AdjustedPublished(
        ratio,
        f,
        ratio / f,
        ratio / float(factors["factor"].max()),
        ratio / float(factors["factor"].min()),
        tuple(int(y) for y in factors.index),
        tuple(y for y in years if y not in factors.index),
    )


def candidate_windows(published_year: int, length: int, lags: tuple[int, ...] = (1, 2, 3)) -> list[tuple[int, int]]:
    """The periods "the recent ``length`` years" can mean when published in ``published_year``: windows of
    ``length`` full years ending ``lag`` years before it (the last full year, and one or two earlier to
    allow for the year-long delay of cause-of-death statistics)."""
    return [(published_year - lag - length + 1, published_year - lag) for lag in lags]


def unknown_cause_upper(suicides: int, unknown: int, expected: float, level: float) -> stats.Estimate:
    """Upper bound on the ratio if every death of unknown cause were a suicide: ``(S + U) / E``, exact."""
    return stats.smr(suicides + unknown, expected, level)
