"""Small, pure statistics helpers for the escapee suicide-rate report.

All functions are side-effect free, validate their inputs, and raise
``ValueError`` with a message naming the offending argument.  Intervals are
two-sided with coverage ``level`` (e.g. 0.95).

Conventions
-----------
* Counts are events (deaths); person-years are the exposure denominator.
* Rates are expressed "per ``per``" person-years (default 100,000).
* Reference (South Korean population) rates are treated as fixed constants:
  they come from whole-population registration data, so their sampling error
  is negligible compared with that of the small escapee count.

References
----------
Garwood F. (1936). Fiducial limits for the Poisson distribution.
    Biometrika 28:437-442.
Breslow N.E., Day N.E. (1987). Statistical Methods in Cancer Research,
    Vol. II, ch. 2. IARC Scientific Publications No. 82.
Wilson E.B. (1927). Probable inference, the law of succession, and
    statistical inference. JASA 22:209-212.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import scipy  # its submodules load at first use: scipy.stats is imported by the first interval computed

__all__ = [
    "Estimate",
    "z_for_level",
    "poisson_exact_ci",
    "rate_per",
    "rate_ci",
    "rate_ratio_vs_reference",
    "smr",
    "expected_count",
    "wilson_ci",
    "share_ratio",
    "ContrastTests",
    "contrast_tests",
    "evidence_strength",
    "evidence_range",
]


@dataclass(frozen=True)
class Estimate:
    """A point estimate with a two-sided confidence interval.

    Attributes
    ----------
    value : float
        Point estimate.
    lower, upper : float
        Confidence limits.
    level : float
        Coverage of the interval, in (0, 1).
    """

    value: float
    lower: float
    upper: float
    level: float


# --------------------------------------------------------------------------
# Validation helpers (private)
# --------------------------------------------------------------------------
def _is_real(x: object) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)


def _check_level(level: float) -> None:
    if not (_is_real(level) and 0.0 < level < 1.0):
        raise ValueError(f"level must be a number strictly between 0 and 1, got {level!r}")


def _check_count(count: int, name: str = "count") -> None:
    # Integer-valued floats (e.g. 10.0 read from a CSV) are accepted.
    if not (_is_real(count) and float(count).is_integer() and count >= 0):
        raise ValueError(f"{name} must be a non-negative integer, got {count!r}")


def _check_positive(x: float, name: str) -> None:
    if not (_is_real(x) and x > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {x!r}")


def _check_proportion(p: float, name: str) -> None:
    if not (_is_real(p) and 0.0 <= p <= 1.0):
        raise ValueError(f"{name} must be a proportion in [0, 1], got {p!r}")


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------
def z_for_level(level: float = 0.95) -> float:
    """Two-sided standard-normal critical value for a confidence level.

    .. math:: z = \\Phi^{-1}\\left(1 - \\frac{1 - \\text{level}}{2}\\right)

    Parameters
    ----------
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    float
        E.g. 1.959964 for ``level=0.95``.
    """
    _check_level(level)
    return float(scipy.stats.norm.ppf(1.0 - (1.0 - level) / 2.0))


def poisson_exact_ci(count: int, level: float = 0.95) -> tuple[float, float]:
    """Garwood exact confidence interval for the mean of a Poisson count.

    With :math:`\\alpha = 1 - \\text{level}` and observed count :math:`k`:

    .. math::

        L = \\tfrac12\\,\\chi^2_{\\alpha/2}(2k), \\qquad
        U = \\tfrac12\\,\\chi^2_{1-\\alpha/2}(2k + 2)

    where :math:`\\chi^2_q(\\nu)` is the ``q`` quantile of a chi-square with
    :math:`\\nu` degrees of freedom; :math:`L = 0` when :math:`k = 0`.
    The interval is conservative (coverage >= ``level``). Half a chi-square quantile with
    :math:`2k` degrees of freedom is the gamma quantile of shape :math:`k`, computed here by
    ``scipy.special.gammaincinv``: what ``scipy.stats.chi2.ppf`` computes, without its checks
    and broadcasting, which cost a thousand times more (the sensitivity grid, the specification
    curve and the bias analysis ask for hundreds of intervals; the tests compare the two).

    Parameters
    ----------
    count : int
        Observed number of events, >= 0.
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    tuple of float
        ``(lower, upper)`` limits for the expected count.
    """
    _check_count(count)
    _check_level(level)
    alpha = 1.0 - level
    lower = 0.0 if count == 0 else float(scipy.special.gammaincinv(count, alpha / 2.0))
    upper = float(scipy.special.gammaincinv(count + 1, 1.0 - alpha / 2.0))
    return lower, upper


def rate_per(count: int, person_years: float, per: float = 100_000) -> float:
    """Crude event rate per ``per`` person-years.

    .. math:: r = \\frac{k}{PY} \\times \\text{per}

    Parameters
    ----------
    count : int
        Number of events, >= 0.
    person_years : float
        Person-time at risk, > 0.
    per : float
        Scaling constant (default 100,000), > 0.

    Returns
    -------
    float
    """
    _check_count(count)
    _check_positive(person_years, "person_years")
    _check_positive(per, "per")
    return count / person_years * per


def rate_ci(count: int, person_years: float, level: float = 0.95, per: float = 100_000) -> tuple[float, float, float]:
    """Crude rate with an exact (Garwood) Poisson confidence interval.

    Person-time is treated as fixed, so the limits of the count scale directly:

    .. math:: (r, r_L, r_U) = \\frac{\\text{per}}{PY}\\,(k, L_k, U_k)

    Returns
    -------
    tuple of float
        ``(rate, lower, upper)`` per ``per`` person-years.
    """
    rate = rate_per(count, person_years, per)
    lo, hi = poisson_exact_ci(count, level)
    scale = per / person_years
    return rate, lo * scale, hi * scale


def smr(observed: int, expected: float, level: float = 0.95) -> Estimate:
    """Standardised mortality ratio with exact Poisson limits (Breslow & Day).

    .. math:: \\text{SMR} = \\frac{O}{E}, \\qquad
              (\\text{SMR}_L, \\text{SMR}_U) = \\frac{(L_O, U_O)}{E}

    where :math:`(L_O, U_O)` is :func:`poisson_exact_ci` of ``observed``.
    ``expected`` is treated as a fixed constant (reference rates known).

    Parameters
    ----------
    observed : int
        Observed deaths, >= 0.
    expected : float
        Expected deaths under reference rates, > 0 (see :func:`expected_count`).
    level : float
        Confidence level in (0, 1).
    """
    _check_count(observed, "observed")
    _check_positive(expected, "expected")
    lo, hi = poisson_exact_ci(observed, level)
    return Estimate(observed / expected, lo / expected, hi / expected, level)


def rate_ratio_vs_reference(
    count: int,
    person_years: float,
    reference_rate_per_100k: float,
    level: float = 0.95,
) -> Estimate:
    """Ratio of an observed rate to a fixed population reference rate.

    Because the reference rate comes from a whole population its sampling
    error is ignored, and the ratio is an SMR with a single stratum:

    .. math:: E = \\frac{r_{ref} \\times PY}{10^5}, \\qquad
              RR = \\frac{k}{E} = \\frac{r_{obs}}{r_{ref}}

    with exact limits :math:`(L_k / E, U_k / E)`.

    Parameters
    ----------
    count : int
        Observed events, >= 0.
    person_years : float
        Person-time of the observed group, > 0.
    reference_rate_per_100k : float
        Reference rate per 100,000 person-years, > 0.
    level : float
        Confidence level in (0, 1).
    """
    _check_positive(person_years, "person_years")
    _check_positive(reference_rate_per_100k, "reference_rate_per_100k")
    expected = reference_rate_per_100k * person_years / 100_000
    return smr(count, expected, level)


def expected_count(
    person_years_by_stratum: Mapping[str, float],
    rates_per_100k_by_stratum: Mapping[str, float],
) -> float:
    """Expected events under reference rates (indirect standardisation).

    .. math:: E = \\sum_s PY_s \\, \\frac{r_s}{10^5}

    Parameters
    ----------
    person_years_by_stratum : Mapping[str, float]
        Person-time of the study group per stratum (e.g. ``{"male": ...}``).
    rates_per_100k_by_stratum : Mapping[str, float]
        Reference rates per 100,000 for the same strata.

    Raises
    ------
    ValueError
        If the key sets differ (message names the missing strata), if there
        are no strata, or if person-years are <= 0 or rates are < 0.
    """
    py_keys, rate_keys = set(person_years_by_stratum), set(rates_per_100k_by_stratum)
    if py_keys != rate_keys:
        parts = []
        if py_keys - rate_keys:
            parts.append(f"missing from rates_per_100k_by_stratum: {sorted(py_keys - rate_keys)}")
        if rate_keys - py_keys:
            parts.append(f"missing from person_years_by_stratum: {sorted(rate_keys - py_keys)}")
        raise ValueError("strata differ; " + "; ".join(parts))
    if not py_keys:
        raise ValueError("person_years_by_stratum must contain at least one stratum")
    total = 0.0
    for s in sorted(py_keys):
        _check_positive(person_years_by_stratum[s], f"person_years_by_stratum[{s!r}]")
        r = rates_per_100k_by_stratum[s]
        if not (_is_real(r) and r >= 0):
            raise ValueError(f"rates_per_100k_by_stratum[{s!r}] must be a finite number >= 0, got {r!r}")
        total += person_years_by_stratum[s] * r / 100_000
    return total


def wilson_ci(successes_or_proportion: float, n: float, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion.

    .. math::

        \\frac{\\hat p + \\frac{z^2}{2n} \\pm
              z\\sqrt{\\frac{\\hat p(1-\\hat p)}{n} + \\frac{z^2}{4n^2}}}
             {1 + \\frac{z^2}{n}}

    Computed by ``statsmodels.stats.proportion.proportion_confint``
    (``method="wilson"``).

    Input convention (decided by type, so it is never ambiguous):

    * an **integer** (``int`` / ``numpy.integer``) is a count of successes,
      ``0 <= x <= n``;
    * a **float** must lie in [0, 1] and is a **proportion** (a published
      37.5 % is passed as 0.375).  It is turned into the float count
      ``x * n`` without rounding, so the result is the Wilson interval at
      exactly :math:`\\hat p = x` (the formula is continuous in the count).

    Caveat: the interval assumes simple random sampling of ``n`` independent
    respondents.  Survey estimates from clustered or weighted designs have a
    design effect (deff) > 1; such intervals are too narrow, and ``n`` should
    be replaced by the effective sample size ``n / deff`` when deff is known
    (``n`` may therefore be a non-integer float).

    Parameters
    ----------
    successes_or_proportion : int or float
        Integer count of successes, or float proportion (see above).
    n : float
        Sample size (or effective sample size), > 0.
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    tuple of float
        ``(lower, upper)`` on the proportion scale [0, 1].
    """
    _check_level(level)
    _check_positive(n, "n")
    x = successes_or_proportion
    if isinstance(x, numbers.Integral) and not isinstance(x, bool):
        if not 0 <= x <= n:
            raise ValueError(f"successes_or_proportion as an integer count must be in [0, n={n}], got {x!r}")
        count = float(x)
    elif _is_real(x) and 0.0 <= x <= 1.0:
        count = float(x) * n
    else:
        raise ValueError(
            f"successes_or_proportion must be an integer count in [0, n] or a float proportion in [0, 1], got {x!r}"
        )
    from statsmodels.stats.proportion import proportion_confint  # imported where used: it loads slowly

    lo, hi = proportion_confint(count, n, alpha=1.0 - level, method="wilson")
    return float(lo), float(hi)


def share_ratio(p1: float, p2: float) -> float:
    """Ratio of two shares, e.g. proportionate mortality ratio (PMR).

    .. math:: \\text{ratio} = \\frac{p_1}{p_2}

    Example: suicides are 15 % of escapee deaths vs 4.5 % of South Korean
    deaths -> 3.33.  This is **not** a risk or rate ratio: a share of deaths
    also depends on every other cause of death and on age structure, so a high
    share can coexist with an unremarkable rate.  No interval is given.

    Parameters
    ----------
    p1, p2 : float
        Proportions in [0, 1]; ``p2`` must be > 0.
    """
    _check_proportion(p1, "p1")
    _check_proportion(p2, "p2")
    if p2 == 0:
        raise ValueError("p2 must be > 0 (denominator share), got 0")
    return p1 / p2


# Alias requested by the report lead.
proportion_ratio = share_ratio


# --------------------------------------------------------------------------
# Two Poisson counts with exposures: the period contrast, tested three ways
# --------------------------------------------------------------------------
# The scale of evidence is declared here, once (it was written in the revision, after the period contrast's
# exact p-value had been read: the report says so). It is the conventional reading of
# p-values (e.g. Bland 2015, An Introduction to Medical Statistics, 4th ed., section 9.4; Fisher's 0.05
# and 0.01), used as words for a continuum, not as a decision rule: p < 0.01 strong, p < 0.05 moderate,
# p < 0.1 weak, otherwise little or no evidence against the null hypothesis.
EVIDENCE_SCALE: tuple[tuple[float, str], ...] = ((0.01, "strong"), (0.05, "moderate"), (0.1, "weak"))
EVIDENCE_NONE = "little"
EVIDENCE_ORDER: tuple[str, ...] = ("little", "weak", "moderate", "strong")


@dataclass(frozen=True)
class ContrastTests:
    """Tests of ``theta = (O2/E2) / (O1/E1) = 1`` for two Poisson counts with exposures (or expected counts).

    Attributes
    ----------
    p0 : float
        ``E2 / (E1 + E2)``: the late period's expected share of ``N = O1 + O2`` under the null.
    exact : float
        Two-sided exact conditional (binomial) p-value, twice the smaller tail (at most 1).
    mid_p : float
        The same with half the probability of the observed count in each tail (Lancaster's mid-p).
    lr_statistic : float
        ``G^2 = 2 sum_i O_i ln(O_i / F_i)``, ``F_i = N E_i / (E1 + E2)`` (a zero count adds 0).
    lr : float
        Likelihood-ratio p-value, ``P(chi^2_1 > G^2)``.
    """

    p0: float
    exact: float
    mid_p: float
    lr_statistic: float
    lr: float


def contrast_tests(o1: int, e1: float, o2: int, e2: float) -> ContrastTests:
    """Exact conditional, mid-p and likelihood-ratio tests that two Poisson rates are equal.

    Conditional on ``N = O1 + O2``, ``O2 ~ Binomial(N, p0)`` with ``p0 = E2 / (E1 + E2)`` under the null;
    ``E1, E2`` are person-years or expected counts (only their ratio matters). References: Breslow & Day
    (1987), section 2.4 (conditional test); Lancaster (1961) JASA 56:223-234 (mid-p); Agresti (2013),
    Categorical Data Analysis, section 1.4 (likelihood ratio).
    """

    _check_count(o1, "o1")
    _check_count(o2, "o2")
    _check_positive(e1, "e1")
    _check_positive(e2, "e2")
    n = int(o1) + int(o2)
    if n == 0:
        raise ValueError("o1 + o2 must be > 0: with no events in either period there is nothing to test")
    p0 = e2 / (e1 + e2)
    k = int(o2)
    at = float(scipy.stats.binom.pmf(k, n, p0))
    lower, upper = (
        float(scipy.stats.binom.cdf(k, n, p0)),
        float(scipy.stats.binom.sf(k - 1, n, p0)),
    )  # P(X <= k), P(X >= k)
    exact = min(1.0, 2 * min(lower, upper))
    mid_p = min(1.0, 2 * min(lower - at / 2, upper - at / 2))
    fitted = (n * (1 - p0), n * p0)
    g2 = 2 * sum(o * math.log(o / f) for o, f in zip((int(o1), k), fitted, strict=True) if o > 0)
    g2 = max(g2, 0.0)
    return ContrastTests(float(p0), exact, mid_p, float(g2), float(scipy.stats.chi2.sf(g2, 1)))


def evidence_strength(p: float) -> str:
    """The declared, conventional word for a p-value (``EVIDENCE_SCALE``, declared once):
    ``"strong"`` (p < 0.01), ``"moderate"`` (p < 0.05), ``"weak"`` (p < 0.1), else ``"little"``."""
    if not (_is_real(p) and 0.0 <= p <= 1.0):
        raise ValueError(f"p must be a probability in [0, 1], got {p!r}")
    for threshold, word in EVIDENCE_SCALE:
        if p < threshold:
            return word
    return EVIDENCE_NONE


def evidence_range(tests: ContrastTests) -> tuple[str, str]:
    """The weakest and the strongest word of ``evidence_strength`` over the exact, mid-p and
    likelihood-ratio p-values (equal when the three tests agree on the scale)."""
    words = sorted((evidence_strength(p) for p in (tests.exact, tests.mid_p, tests.lr)), key=EVIDENCE_ORDER.index)
    return words[0], words[-1]
