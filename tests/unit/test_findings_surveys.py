"""Section 6's findings against published figures (data/raw/survey_hana.csv, survey_nkdb.csv) and the
verdict rule for the article's survey claims."""

import pytest

from analysis import params
from analysis.core.values import Value
from analysis.findings import surveys
from analysis.findings.verdict import Category
from analysis.methods import surveys as sv


@pytest.fixture(scope="module")
def F(processed_tables):
    return surveys.findings(
        params.validate({}), processed_tables["surveys"].astype({"survey_year": "Int64"}), processed_tables["claims"]
    )


def test_n_is_completed_interviews(F):
    n = {s.year: s for s in F.sample_sizes}
    # RFA: 2,198 interviewed (2022); 2,500 x 85.1% (2023 press release); 2,500 x 86.4% (Aju Press 2025)
    assert (n[2022].n.value, n[2022].basis) == (2198, sv.N_PUBLISHED)
    assert (n[2023].n.value, n[2023].basis) == (2128, sv.N_FROM_RATE)
    assert (n[2025].n.value, n[2025].basis) == (2160, sv.N_FROM_RATE)
    assert n[2018].n.value == 2725 and n[2019].n.value == 2741  # respondents as printed
    assert not any(s.flagged for s in F.sample_sizes)
    assert F.n_changed_years.text == "2022, 2023 and 2025"
    sat = {p.year: p for p in F.satisfaction}
    assert sat[2025].n == 2160


def test_every_published_labour_gap_is_shown(F):
    stated = {(g.measure, g.year): g.stated for g in F.gaps if g.stated is not None}
    assert stated == {
        ("employment", 2011): -10.1,
        ("employment", 2018): -0.5,
        ("employment", 2020): -6.0,
        ("employment", 2022): -3.8,
        ("employment", 2023): -3.0,
        ("employment", 2025): -2.5,
        ("unemployment", 2023): 1.8,
        ("unemployment", 2025): 2.6,
        ("participation", 2022): -1.9,
        ("participation", 2023): -1.9,
        ("participation", 2025): -0.8,
    }
    # where a stated gap and the two rates agree, no caveat; 2011 disagrees (58.7 - 49.7 = 9.0 against 10.1)
    by = {(g.measure, g.year): g for g in F.gaps}
    assert by[("employment", 2023)].computed == pytest.approx(-3.0) and not by[("employment", 2023)].caveat
    assert by[("employment", 2011)].computed == pytest.approx(-9.0) and by[("employment", 2011)].caveat
    assert F.emp_latest_gap.text == "2.5 points lower" and F.emp_latest_year.value == 2025


def test_wage_ratios_stated_and_computed_agree_to_rounding(F):
    w = {g.year: g for g in F.wage_points}
    for year in (2014, 2018, 2019, 2025):  # 66%, 74%, 77.4%, 81.6% as published
        assert w[year].computed == pytest.approx(w[year].stated, abs=0.5)
    assert w[2015].computed is None and w[2015].stated == 67


def test_labour_market_by_sex_beside_the_overall(F):
    row = next(r for r in F.by_sex if r.year == 2023)
    # Channel A 2023: men 95.2% of general men's wage, women 89.5% of women's; 81.7% overall
    assert (row.men.value, row.women.value, row.overall.value) == (95.2, 89.5, 81.7)
    assert F.sex_wage_phrase.text.startswith("each sex's ratio is higher")


def test_conflicting_values_carry_their_caveat(F):
    sat = {p.year: p for p in F.satisfaction}
    dis = {p.year: p for p in F.discrimination}
    assert sat[2018].conflict and dis[2021].conflict and not dis[2023].conflict
    assert "2021 discrimination (16.1%)" in F.conflict_sentence.text


def test_discrimination_changes_by_test(F):
    words = {c.year: c.word for c in F.dis_changes}
    assert words[2022] == sv.ROSE  # 16.1% -> 19.5%, n 2,465 and 2,198
    assert words[2017] == sv.FELL  # 25.3% of 12,777 -> 23.1% of 2,715
    assert F.dis_word.text == sv.FELL


def test_survey_claims_cannot_be_checked(F):
    assert set(F.verdicts) == {"C08", "C09", "C12"}
    assert all(v.category == Category.CANNOT_CHECK for v in F.verdicts.values())
    assert "NKDB 2018" in F.verdicts["C12"].reason.text


@pytest.mark.parametrize("level", [0.51, 0.8, 0.95, 0.98, 0.99, 0.999])
def test_every_confidence_level_builds(processed_tables, level):
    F = surveys.findings(
        params.validate({"confidence_level": level}),
        processed_tables["surveys"].astype({"survey_year": "Int64"}),
        processed_tables["claims"],
    )
    assert F.level_pct.text == f"{level * 100:g}%"
    assert F.dis_rises.text and F.dis_falls.text and F.dis_unclear.text


# ---------------------------------------------------------------- the verdict rule, every category
EST = Value.of(79.3, ".1f", sources=["x"])


def test_share_verdict_supported_within_tolerance():
    v = surveys.share_verdict("C12", 77.7, EST, 77.6, 81.0, 5.0)
    assert v.category == Category.SUPPORTED and v.evidence == [EST]


def test_share_verdict_not_supported_when_the_interval_is_outside():
    assert surveys.share_verdict("C", 70.0, EST, 77.6, 81.0, 5.0).category == Category.NOT_SUPPORTED
    # symmetric: as far above as below
    low = Value.of(60.7, ".1f")
    assert surveys.share_verdict("C", 70.0, low, 59.0, 62.4, 5.0).category == Category.NOT_SUPPORTED


def test_share_verdict_caveats_only_for_a_stated_reason():
    # the point is 5.6 points away but the interval reaches 75.5, within 5 of 70
    v = surveys.share_verdict("C", 70.0, Value.of(75.6, ".1f"), 75.0, 76.2, 5.0)
    assert v.category == Category.CAVEATS and "reaches within" in v.reason.text
    v = surveys.share_verdict("C", 77.7, EST, 77.6, 81.0, 5.0, caveat="another survey's question")
    assert v.category == Category.CAVEATS and "another survey" in v.reason.text


def test_share_verdict_without_a_figure_cannot_be_checked():
    v = surveys.share_verdict("C08", 71.2, None, None, None, 5.0, not_found="not in the report")
    assert v.category == Category.CANNOT_CHECK and v.reason.text == "not in the report"


def test_fragile_changes_named(F):
    # Hana discrimination 2017 (25.3 -> 23.1) and 2018 (23.1 -> 20.2) fall by the test but not with a design effect of 2
    assert F.dis_fragile.text == "with a design effect of 2 the changes of 2017 and 2018 would no longer be clear"
