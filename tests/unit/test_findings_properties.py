"""Properties of Section 4's findings over the declared parameter ranges (Hypothesis, no kernels).

Draws are reproducible (the ``ci`` profile in ``tests/conftest.py`` derandomizes them; ``HYPOTHESIS_PROFILE=slow``
draws more), and the cases found once are kept as explicit examples, so a failure found once stays found.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis import params
from analysis.findings import suicide
from analysis.findings.verdict import Category
from analysis.methods import mortality
from analysis.methods import suicide as su

LOW, HIGH = params.bounds("suicide_period_start")["ge"], params.bounds("suicide_period_end")["le"]


@st.composite
def suicide_parameters(draw) -> dict:
    a, b = sorted(draw(st.integers(int(LOW), int(HIGH))) for _ in range(2))
    return {
        "suicide_period_start": a,
        "suicide_period_end": b,
        "counts_series": draw(st.sampled_from(params.choices("counts_series"))),
        "denominator": draw(st.sampled_from(params.choices("denominator"))),
        "confidence_level": draw(st.sampled_from([0.8, 0.9, 0.95, 0.99])),
    }


def _check(x: suicide.Inputs, values: dict) -> None:
    """The builders that depend on the drawn parameters (Section S4.6's grid of every combination does not)."""
    start, end = values["suicide_period_start"], values["suicide_period_end"]
    p = suicide.primary(x)
    reading, verdict, _ = suicide.conclusion(x.P, p)
    lawmakers = suicide.lawmakers(x)
    if not p.available:
        # a gap is said once, with the years that have no count, never filled
        assert verdict.category == Category.CANNOT_CHECK and reading == suicide.Reading.NO_ESTIMATE
        gap = [int(y) for y in p.gap_years.text.replace(" and ", ", ").split(", ")]
        assert gap and all(start <= y <= end for y in gap)
        return
    for r in (p.smr, p.crude):
        assert r.lower <= r.value.value <= r.upper  # the interval contains its estimate
        assert r.observed.value == p.observed.value and r.expected.value > 0
    assert p.smr.expected.value < p.crude.expected.value  # most escapees are women, who die by suicide less
    # the verdict agrees with the rule applied to the interval it reports
    c = p.crude
    assert reading == suicide.reading(c.value.value, c.lower, c.upper, values.get("ratio_tolerance", 0.25))
    assert verdict.category == suicide.CATEGORY[reading]
    assert c.value.text in verdict.reason.text and c.interval.text in verdict.reason.text
    # names belong to the numbers: the counts used are named, by whoever published each year's count
    pooled = su.pooled_count(mortality.read_escapee(), start, end, values["counts_series"])
    for sid in set(pooled.series_by_year.values()):
        assert su.SERIES_NAMES[sid] in p.series_name.text
    assert lawmakers.hong_recent.counts == su.SERIES_NAMES["hong_ki_won_2024"]
    assert lawmakers.mois_recent.counts == su.SERIES_NAMES["wi_sung_lac_2024"]


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(suicide_parameters())
@example(
    {
        "suicide_period_start": 2009,
        "suicide_period_end": 2009,
        "counts_series": "wi_sung_lac_2024",
        "denominator": "midyear_cumulative",
        "confidence_level": 0.95,
    }
)  # crashed once (issue 21)
@example(
    {
        "suicide_period_start": 2013,
        "suicide_period_end": 2022,
        "counts_series": "hong_ki_won_2024",
        "denominator": "midyear_cumulative",
        "confidence_level": 0.95,
    }
)  # swapped names once (issue 21)
@example(
    {
        "suicide_period_start": 2023,
        "suicide_period_end": 2025,
        "counts_series": "wi_sung_lac_2024",
        "denominator": "yearend_cumulative",
        "confidence_level": 0.9,
    }
)
def test_suicide_findings_hold_their_properties(tables, values):
    _check(suicide.inputs(params.validate(values), tables), values)


@pytest.mark.parametrize("start, end", [(2013, 2022), (2020, 2022), (2009, 2009)])
def test_a_higher_confidence_level_never_narrows_an_interval(tables, start, end):
    narrow, wide = (
        suicide.primary(
            suicide.inputs(
                params.validate({"suicide_period_start": start, "suicide_period_end": end, "confidence_level": lv}),
                tables,
            )
        )
        for lv in (0.9, 0.99)
    )
    for a, b in ((narrow.smr, wide.smr), (narrow.crude, wide.crude)):
        assert a.value.value == b.value.value and b.lower < a.lower and a.upper < b.upper
