"""Unit tests for analysis.methods.stats.

Expected values come from published tables or are worked out by hand from the
closed-form formulas (the working is given next to each value), never from the
function under test.
"""

import math

import numpy as np
import pytest

from analysis.methods.stats import (
    Estimate,
    expected_count,
    poisson_exact_ci,
    proportion_ratio,
    rate_ci,
    rate_per,
    rate_ratio_vs_reference,
    share_ratio,
    smr,
    wilson_ci,
    z_for_level,
)

# --- z_for_level -----------------------------------------------------------


def test_z_for_level_standard_normal_table():
    # Standard normal table: z_{0.975} = 1.959964, z_{0.95} = 1.644854.
    assert z_for_level(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert z_for_level(0.90) == pytest.approx(1.644854, abs=1e-6)


# --- poisson_exact_ci ------------------------------------------------------


@pytest.mark.parametrize(
    "count, expected",
    [
        # Exact 95% Poisson limits, Breslow & Day (1987) Vol. II Table 2.10 /
        # Rothman & Greenland, Modern Epidemiology, exact Poisson limits table.
        (0, (0.0, 3.689)),
        (1, (0.025, 5.572)),
        (5, (1.623, 11.668)),
        (10, (4.795, 18.390)),
    ],
)
def test_poisson_exact_ci_textbook_table(count, expected):
    lo, hi = poisson_exact_ci(count, 0.95)
    assert (round(lo, 3), round(hi, 3)) == expected


def test_poisson_exact_ci_zero_count_closed_form_at_90():
    # For k = 0 the upper limit solves exp(-U) = alpha/2, so U = -ln(0.05) at 90%.
    assert poisson_exact_ci(0, 0.90) == (0.0, pytest.approx(-math.log(0.05), rel=1e-9))


@pytest.mark.parametrize("level", [0.5001, 0.8, 0.9, 0.95, 0.99, 0.999])
def test_poisson_exact_ci_is_the_chi_square_quantiles_to_the_last_bit(level):
    """Computed with scipy.special.gammaincinv; the textbook definition through scipy.stats.chi2.ppf gives the same
    floats (so the report's numbers did not move by a bit when the faster function replaced it)."""
    import scipy.stats

    alpha = 1.0 - level
    for count in range(0, 400):
        lower = 0.0 if count == 0 else float(scipy.stats.chi2.ppf(alpha / 2.0, 2 * count)) / 2.0
        upper = float(scipy.stats.chi2.ppf(1.0 - alpha / 2.0, 2 * count + 2)) / 2.0
        assert poisson_exact_ci(count, level) == (lower, upper), count


def test_poisson_exact_ci_accepts_integer_valued_float_and_numpy_int():
    assert poisson_exact_ci(10.0) == poisson_exact_ci(np.int64(10)) == poisson_exact_ci(10)


# --- rates -----------------------------------------------------------------


def test_rate_per_default_and_custom_scale():
    assert rate_per(10, 20_000) == pytest.approx(50.0)  # 10 / 20,000 * 1e5
    assert rate_per(3, 1_500, per=1_000) == pytest.approx(2.0)  # 3 / 1,500 * 1e3


def test_rate_ci_scales_exact_count_limits():
    # 10 deaths in 20,000 PY: scale factor 1e5 / 2e4 = 5 applied to (4.795, 18.390).
    rate, lo, hi = rate_ci(10, 20_000, 0.95)
    assert rate == pytest.approx(50.0)
    assert lo == pytest.approx(5 * 4.7954, abs=1e-3)
    assert hi == pytest.approx(5 * 18.3904, abs=1e-3)


# --- SMR and rate ratio vs reference --------------------------------------


def test_smr_breslow_day():
    # O = 10, E = 5: SMR = 2; limits = (4.795, 18.390) / 5 = (0.959, 3.678).
    est = smr(10, 5.0, 0.95)
    assert isinstance(est, Estimate)
    assert est.value == pytest.approx(2.0)
    assert (round(est.lower, 3), round(est.upper, 3)) == (0.959, 3.678)
    assert est.level == 0.95


def test_estimate_is_frozen():
    est = smr(10, 5.0)
    with pytest.raises(AttributeError):
        est.value = 3.0  # type: ignore[misc]


def test_rate_ratio_vs_reference_equals_smr_with_expected_from_reference():
    # 10 deaths in 20,000 PY vs reference 25 per 100k:
    # E = 25 * 20,000 / 1e5 = 5  ->  ratio 50 / 25 = 2, limits as in the SMR test.
    est = rate_ratio_vs_reference(10, 20_000, 25.0, 0.95)
    assert est.value == pytest.approx(2.0)
    assert (round(est.lower, 3), round(est.upper, 3)) == (0.959, 3.678)


def test_expected_count_sums_strata():
    # 40,000 * 30/1e5 + 60,000 * 15/1e5 = 12 + 9 = 21.
    e = expected_count({"male": 40_000, "female": 60_000}, {"female": 15.0, "male": 30.0})
    assert e == pytest.approx(21.0)


def test_expected_count_names_missing_stratum():
    with pytest.raises(ValueError, match=r"missing from rates_per_100k_by_stratum: \['female'\]"):
        expected_count({"male": 1.0, "female": 1.0}, {"male": 30.0})
    with pytest.raises(ValueError, match=r"missing from person_years_by_stratum: \['female'\]"):
        expected_count({"male": 1.0}, {"male": 30.0, "female": 15.0})


# --- Wilson ----------------------------------------------------------------


def _wilson_by_hand(p: float, n: float, z: float = 1.959964) -> tuple[float, float]:
    """Wilson (1927) formula written out independently of statsmodels."""
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def test_wilson_half_of_100():
    # p = .5, n = 100: half-width = 1.96*sqrt(.0025 + 3.8415/40000)/1.038415 = .09617.
    lo, hi = wilson_ci(0.5, 100, 0.95)
    assert (round(lo, 4), round(hi, 4)) == (0.4038, 0.5962)
    assert wilson_ci(50, 100, 0.95) == pytest.approx((lo, hi))  # integer count gives same


def test_wilson_zero_successes_closed_form():
    # p = 0: lower = 0, upper = z^2 / (n + z^2) = 3.84146 / 13.84146 = 0.27753.
    lo, hi = wilson_ci(0, 10, 0.95)
    assert lo == pytest.approx(0.0, abs=1e-12)
    assert hi == pytest.approx(0.27753, abs=1e-5)


def test_wilson_published_percentage_uses_unrounded_fractional_count():
    # 30% of n = 25 -> count 7.5 (not rounded to 7 or 8).
    got = wilson_ci(0.30, 25, 0.95)
    assert got == pytest.approx(_wilson_by_hand(0.30, 25), abs=1e-6)
    assert got != pytest.approx(wilson_ci(7, 25), abs=1e-6)
    assert got != pytest.approx(wilson_ci(8, 25), abs=1e-6)


def test_wilson_effective_sample_size_widens_interval():
    # Design effect 2 on n = 100 -> n_eff = 50, non-integer n allowed.
    assert wilson_ci(0.5, 50.0) == pytest.approx(_wilson_by_hand(0.5, 50.0), abs=1e-6)


@pytest.mark.parametrize("x", [1.5, -0.1, 101])
def test_wilson_rejects_out_of_range_input(x):
    with pytest.raises(ValueError, match="successes_or_proportion"):
        wilson_ci(x, 100)


# --- share ratio -----------------------------------------------------------


def test_share_ratio_proportionate_mortality():
    # 15% of escapee deaths vs 4.5% of South Korean deaths: 0.15 / 0.045 = 3.333...
    assert share_ratio(0.15, 0.045) == pytest.approx(10 / 3)
    assert proportion_ratio(0.2, 0.1) == pytest.approx(2.0)


def test_share_ratio_rejects_zero_denominator_and_non_proportion():
    with pytest.raises(ValueError, match="p2 must be > 0"):
        share_ratio(0.1, 0.0)
    with pytest.raises(ValueError, match=r"p1 must be a proportion in \[0, 1\], got 15"):
        share_ratio(15, 4.5)


# --- malformed inputs ------------------------------------------------------


def test_negative_count_rejected():
    with pytest.raises(ValueError, match="count must be a non-negative integer, got -1"):
        poisson_exact_ci(-1)
    with pytest.raises(ValueError, match="observed must be a non-negative integer, got -3"):
        smr(-3, 5.0)


def test_non_integer_count_rejected():
    with pytest.raises(ValueError, match="count must be a non-negative integer, got 2.5"):
        rate_per(2.5, 1000)


@pytest.mark.parametrize("level", [1.5, 0.0, 1.0, -0.2])
def test_level_outside_unit_interval_rejected(level):
    msg = rf"level must be a number strictly between 0 and 1, got {level}"
    with pytest.raises(ValueError, match=msg):
        poisson_exact_ci(5, level)
    with pytest.raises(ValueError, match=msg):
        wilson_ci(0.5, 100, level)


def test_zero_person_years_rejected():
    with pytest.raises(ValueError, match="person_years must be a finite number > 0, got 0"):
        rate_ci(3, 0)
    with pytest.raises(ValueError, match="person_years must be a finite number > 0, got 0"):
        rate_ratio_vs_reference(3, 0, 25.0)


def test_nonpositive_expected_rejected():
    with pytest.raises(ValueError, match="expected must be a finite number > 0"):
        smr(3, 0.0)
