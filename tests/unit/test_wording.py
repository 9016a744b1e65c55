"""The small rules of English in ``core/wording.py``, worked by hand."""

from __future__ import annotations

import pytest

from analysis.core.wording import p_value


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (7.0e-22, "p < 0.001"),  # never '7.0e-22': a journal prints a bound
        (0.000999, "p < 0.001"),
        (0.001, "p = 0.001"),
        (0.0044, "p = 0.004"),
        (0.0549, "p = 0.055"),  # near 0.05 the third decimal stays
        (0.03, "p = 0.030"),
        (0.27, "p = 0.27"),
        (0.1, "p = 0.10"),
        (1.0, "p = 1.00"),
    ],
)
def test_p_value_as_a_journal_prints_it(p, text):
    assert p_value(p) == text


@pytest.mark.parametrize("p", [-0.1, 1.5])
def test_p_value_outside_0_1_is_an_error(p):
    with pytest.raises(ValueError):
        p_value(p)
