"""Verdict rules of the claim audit, on hand-made inputs with verdicts worked out by hand."""

import pytest

from analysis.methods import audit

# MOU arrivals as published (single years; 1994, 1996-2001 from sources inside MOU's early columns)
LOWEST = {2020: 1999, 2021: 1996, 2022: 2021, 2023: 2022}


def test_tolerances():
    assert audit.within_relative(1.5, 2, 0.25) and audit.within_relative(2.5, 2, 0.25)
    assert not audit.within_relative(1.49, 2, 0.25)
    assert audit.within_points(72.2, 70, 5) and not audit.within_points(75.1, 70, 5)
    with pytest.raises(ValueError):
        audit.within_relative(1, 0, 0.25)


def test_combine():
    assert audit.combine([True, True]) == audit.SUPPORTED
    assert audit.combine([True, False]) == audit.CAVEATS
    assert audit.combine([False]) == audit.NOT_SUPPORTED
    assert audit.combine([]) == audit.UNCHECKABLE


def test_lowest_in_two_decades():
    # 2021 (63) is the lowest since 1996 (56): 25 years; 2023 (196) is above 2022 (67)
    f = audit.audit_lowest("C01", LOWEST, 1994, [2020, 2021, 2022, 2023], 20, reference_year=2023)
    assert f.verdict == audit.CAVEATS
    assert "2021: lowest in 25 years" in f.computed and "2023: not the lowest (lower in 2022)" in f.computed
    f = audit.audit_lowest("C01", LOWEST, 1994, [2021], 20, reference_year=2021)
    assert f.verdict == audit.SUPPORTED
    f = audit.audit_lowest("C01", LOWEST, 1994, [2022, 2023], 20, reference_year=2023)
    assert f.verdict == audit.NOT_SUPPORTED


def test_lowest_of_every_year_counts_back_to_the_first():
    assert audit.lowest_in_years({2021: None}, 2021, 1994) == 28


def test_most_years_over_2000():
    values = {2000: 312, 2001: 583, 2002: 1142, 2006: 2028, 2007: 2554, 2008: 2803}
    f = audit.audit_count_of_years("C03", values, 2000, range(2000, 2009))
    assert f.verdict == audit.CAVEATS and f.computed.startswith("3 of 6 years above 2,000")
    f = audit.audit_count_of_years("C03", values, 2000, range(2006, 2009))
    assert f.verdict == audit.SUPPORTED


def test_around_a_hundred():
    values = {2021: 63, 2022: 67, 2023: 196}
    assert audit.audit_around("C05", values, 100, 0.25, 2023, "MOU").verdict == audit.NOT_SUPPORTED
    assert audit.audit_around("C05", values, 100, 0.40, 2023, "MOU").verdict == audit.CAVEATS
    assert audit.audit_around("C05", values, 100, 1.0, 2023, "MOU").verdict == audit.SUPPORTED
    # the mean of 2021-2023 is (63 + 67 + 196) / 3 = 108.7, within 75-125
    f = audit.audit_around("C05", values, 100, 0.25, 2023, "MOU", mean_of=("2021-2023", (63 + 67 + 196) / 3))
    assert f.verdict == audit.CAVEATS and f.computed.endswith("mean 2021-2023: 109")


def test_suicide_ratio_counts_rates_only():
    estimates = [
        {"label": "MOU 2006-2020", "value": 27.3 / 27.1, "is_rate": True},
        {"label": "MOU recent", "value": 46 / 27, "is_rate": True},
        {"label": "share 2019", "value": 10.1 / 4.68, "is_rate": False},
    ]
    f = audit.audit_ratio("C10", estimates, 2, 0.25)
    assert f.verdict == audit.CAVEATS  # 1.01 outside 1.5-2.5, 1.70 inside; the share is not counted
    assert "MOU 2006-2020: 1.01" in f.computed and "share 2019: 2.16" in f.computed
    assert audit.audit_ratio("C10", estimates[2:], 2, 0.25).verdict == audit.UNCHECKABLE


def test_share():
    assert audit.audit_share("C07", 72.2, 70, 5, "MOU").verdict == audit.SUPPORTED
    assert audit.audit_share("C07", 88.8, 70, 5, "MOU").verdict == audit.NOT_SUPPORTED


def test_tally_reads_as_prose():
    counts = {audit.SUPPORTED: 4, audit.CAVEATS: 1, audit.NOT_SUPPORTED: 0, audit.UNCHECKABLE: 5}
    assert audit.tally(counts) == ("four are supported, one is supported with caveats, no claim is not supported "
                                   "and five cannot be checked")
    assert audit.tally({audit.SUPPORTED: 2}).endswith("and every claim can be checked")
