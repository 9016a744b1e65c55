"""Period-contrast tests (methods/stats.py: contrast_tests, evidence_strength): hand-worked values.

The exact tail probabilities are worked by hand in the comments and checked against scipy's binomial
test run independently here; the likelihood-ratio statistic is written out term by term.
"""

import math
import re

import pytest
from scipy.stats import binomtest, chi2

from analysis.methods import stats


def test_all_events_in_one_period_equal_exposures():
    # O1 = 0, O2 = 3, E1 = E2: O2 ~ Binomial(3, 1/2) under the null; P(X = 3) = 1/8.
    t = stats.contrast_tests(0, 1.0, 3, 1.0)
    assert t.p0 == 0.5
    assert t.exact == pytest.approx(2 / 8)  # twice the upper tail
    assert t.mid_p == pytest.approx(2 * (1 / 8 - 1 / 16))  # half the observed point's probability removed
    # fitted counts 1.5 and 1.5: G2 = 2 * 3 * ln(3 / 1.5) = 6 ln 2 (the zero count adds nothing)
    assert t.lr_statistic == pytest.approx(6 * math.log(2))
    assert t.lr == pytest.approx(chi2.sf(6 * math.log(2), 1))
    assert t.lr == pytest.approx(0.04142, abs=1e-5)


def test_offsets_are_the_exposures():
    # O1 = 2 of E1 = 4, O2 = 6 of E2 = 2: p0 = 1/3, N = 8.
    # P(X >= 6) = (28*4 + 8*2 + 1) / 3**8 = 129/6561; P(X = 6) = 112/6561.
    t = stats.contrast_tests(2, 4.0, 6, 2.0)
    assert t.p0 == pytest.approx(1 / 3)
    assert t.exact == pytest.approx(2 * 129 / 6561)
    assert t.exact == pytest.approx(2 * binomtest(6, 8, 1 / 3, alternative="greater").pvalue)
    assert t.mid_p == pytest.approx(2 * (129 - 56) / 6561)
    # fitted 16/3 and 8/3: G2 = 2 (2 ln(2 / (16/3)) + 6 ln(6 / (8/3)))
    g2 = 2 * (2 * math.log(3 / 8) + 6 * math.log(9 / 4))
    assert t.lr_statistic == pytest.approx(g2)
    assert t.lr == pytest.approx(chi2.sf(g2, 1))


def test_only_the_ratio_of_exposures_matters():
    a, b = stats.contrast_tests(5, 10.0, 9, 7.0), stats.contrast_tests(5, 1000.0, 9, 700.0)
    assert (a.exact, a.mid_p, a.lr) == pytest.approx((b.exact, b.mid_p, b.lr))


def test_lower_tail_and_cap_at_one():
    # O2 below its expectation: the lower tail is the smaller one. O1 = 6, O2 = 2, E1 = E2:
    # P(X <= 2 | 8, 1/2) = (1 + 8 + 28) / 256 = 37/256
    t = stats.contrast_tests(6, 1.0, 2, 1.0)
    assert t.exact == pytest.approx(2 * 37 / 256)
    assert t.exact == pytest.approx(2 * binomtest(2, 8, 0.5, alternative="less").pvalue)
    # the counts exactly in proportion: both tails exceed 1/2, so the p-values are capped at 1, G2 = 0
    even = stats.contrast_tests(4, 2.0, 2, 1.0)
    assert even.exact == 1.0 and even.lr_statistic == pytest.approx(0.0) and even.lr == pytest.approx(1.0)


def test_mid_p_never_exceeds_the_exact_p():
    for o1, o2 in [(0, 1), (3, 9), (10, 4), (58, 42)]:
        t = stats.contrast_tests(o1, 2.0, o2, 1.0)
        assert t.mid_p <= t.exact


@pytest.mark.parametrize(
    "args, name",
    [((0, 1.0, 0, 1.0), "o1 + o2"), ((-1, 1.0, 2, 1.0), "o1"), ((1, 0.0, 2, 1.0), "e1"), ((1, 1.0, 2.5, 1.0), "o2")],
)
def test_bad_input_names_the_argument(args, name):
    with pytest.raises(ValueError, match=re.escape(name)):
        stats.contrast_tests(*args)


@pytest.mark.parametrize(
    "p, word",
    [
        (0.0, "strong"),
        (0.0099, "strong"),
        (0.01, "moderate"),
        (0.0499, "moderate"),
        (0.05, "weak"),
        (0.0999, "weak"),
        (0.1, "little"),
        (1.0, "little"),
    ],
)
def test_evidence_scale_boundaries(p, word):
    assert stats.evidence_strength(p) == word


def test_evidence_scale_refuses_non_probabilities():
    with pytest.raises(ValueError, match="p must be a probability"):
        stats.evidence_strength(1.2)


def test_evidence_range_spans_the_tests_that_disagree():
    # 0.0551, 0.0444, 0.0444: the exact test reads "weak", the mid-p and likelihood ratio "moderate"
    t = stats.ContrastTests(p0=0.3, exact=0.0551, mid_p=0.0444, lr_statistic=4.04, lr=0.0444)
    assert stats.evidence_range(t) == ("weak", "moderate")
    same = stats.ContrastTests(p0=0.3, exact=0.5, mid_p=0.4, lr_statistic=0.5, lr=0.45)
    assert stats.evidence_range(same) == ("little", "little")
