"""Section 6's findings against published figures (data/raw/survey_hana.csv, survey_nkdb.csv) and the
verdict rule for the article's survey claims."""

import pytest

from analysis import params
from analysis.core.numbering import Reference
from analysis.core.values import Value
from analysis.findings import surveys
from analysis.findings.verdict import Category
from analysis.methods import surveys as sv


@pytest.fixture(scope="module")
def F(tables):
    return _findings(tables, {})


def _findings(tables, overrides):
    return surveys.findings(params.validate(overrides), tables)


def test_n_is_completed_interviews(F):
    n = {s.year: s for s in F.samples.sizes}
    # RFA: 2,198 interviewed (2022); 2,500 x 85.1% (2023 press release); 2,500 x 86.4% (Aju Press 2025)
    assert (n[2022].n.value, n[2022].basis) == (2198, sv.N_PUBLISHED)
    assert (n[2023].n.value, n[2023].basis) == (2128, sv.N_FROM_RATE)
    assert (n[2025].n.value, n[2025].basis) == (2160, sv.N_FROM_RATE)
    assert n[2018].n.value == 2725 and n[2019].n.value == 2741  # respondents as printed
    assert not any(s.flagged for s in F.samples.sizes) and F.samples.drawn_only == surveys.DrawnOnly.NONE
    assert F.samples.changed_years.text == "2022, 2023 and 2025"
    assert (F.samples.published_years.text, F.samples.from_rate_years.text) == ("2022", "2023 and 2025")
    sat = {p.year: p for p in F.satisfaction.points}
    assert sat[2025].n == 2160


def test_every_published_labour_gap_is_shown(F):
    stated = {(g.measure, g.year): g.stated for g in F.work.gaps if g.stated is not None}
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
    by = {(g.measure, g.year): g for g in F.work.gaps}
    assert by[("employment", 2023)].computed == pytest.approx(-3.0) and not by[("employment", 2023)].caveat
    assert by[("employment", 2011)].computed == pytest.approx(-9.0) and by[("employment", 2011)].caveat
    # zum-news 2025: employment 2.5 points lower, stated without the general population's rate
    emp = F.work.employment
    assert (emp.size.text, emp.reading, emp.stated, emp.year.value) == ("2.5", surveys.GapReading.BELOW, True, 2025)
    assert (F.work.unemployment.reading, F.work.unemployment.stated) == (surveys.GapReading.ABOVE, True)  # 5.4%
    # all three latest gaps were stated by the release: said once for the three, not after each
    assert F.work.gap_basis == surveys.GapBasis.ALL_STATED
    assert F.work.gap_basis_sentence().text == "Each of these gaps is as the release stated it."
    # 2011: 58.7 - 49.7 = 9.0 computed, 10.1 stated later (Donga 2019)
    assert (F.work.disagreeing.computed.text, F.work.disagreeing.stated.text) == ("9.0", "10.1")
    assert F.work.stated_only_count.value == 6


def test_wage_ratios_stated_and_computed_agree_to_rounding(F):
    w = {g.year: g for g in F.pay.points}
    for year in (2014, 2018, 2019, 2025):  # 66%, 74%, 77.4%, 81.6% as published
        assert w[year].computed == pytest.approx(w[year].stated, abs=0.5)
    assert w[2015].computed is None and w[2015].stated == 67


def test_labour_market_by_sex_beside_the_overall(F):
    row = next(r for r in F.by_sex.rows if r.year == 2023)
    # Channel A 2023: men 95.2% of general men's wage, women 89.5% of women's; 81.7% overall
    assert (row.men.value, row.women.value, row.overall.value) == (95.2, 89.5, 81.7)
    assert F.by_sex.wage_reading == surveys.SexWageReading.EACH_HIGHER
    assert F.by_sex.wage_sentence().text.startswith("Each sex's ratio is higher than the overall one")


def test_conflicting_values_carry_their_caveat(F):
    sat = {p.year: p for p in F.satisfaction.points}
    dis = {p.year: p for p in F.discrimination.points}
    assert sat[2018].conflict and dis[2021].conflict and not dis[2023].conflict


def test_discrimination_changes_by_test(F):
    words = {c.year: c.word for c in F.discrimination.changes}
    assert words[2022] == sv.ROSE  # 16.1% -> 19.5%, n 2,465 and 2,198
    assert words[2017] == sv.FELL  # 25.3% of 12,777 -> 23.1% of 2,715
    assert F.discrimination.trend.reading == surveys.TrendReading.FELL_TEST  # 25.3% (2014) -> 14.0% (2025)
    assert (F.discrimination.fell_years.text, F.discrimination.rose_years.text) == (
        "2017, 2018, 2019, 2023 and 2025",
        "2022",
    )
    assert F.discrimination.unclear_years.text == "2021 and 2024"


def test_survey_claims_cannot_be_checked(F):
    assert set(F.verdicts) == {"C08", "C09", "C12"}
    assert all(v.category == Category.CANNOT_CHECK for v in F.verdicts.values())
    assert "satisfaction with life" in F.verdicts["C12"].reason.text


LEVEL_TEXT = {0.51: "51%", 0.8: "80%", 0.95: "95%", 0.98: "98%", 0.99: "99%", 0.999: "99.9%", 0.9999999: "99.99999%"}


@pytest.mark.parametrize("level", list(LEVEL_TEXT))
def test_every_confidence_level_builds(tables, level):
    F = _findings(tables, {"confidence_level": level})
    assert F.method.level_pct.text == LEVEL_TEXT[level]  # 0.9999999 is not '100%'
    assert F.nkdb.level_pct.text == LEVEL_TEXT[level]
    assert F.method.alpha.text == f"{1 - level:.3g}"
    for sentence in (F.work.trend.sentence(), F.discrimination.fragile_sentence(), F.nkdb.overlap_sentence()):
        assert "{" not in sentence.text and sentence.text.endswith(".")


# ---------------------------------------------------------------- the verdict rule, every category
EST = Value.of(79.3, ".1f", sources=["x"])


def test_share_verdict_supported_within_tolerance():
    # 79.3 is 1.6 from 77.7, and the whole interval 77.6-81.0 lies within 72.7-82.7
    v = surveys.share_verdict("C12", 77.7, EST, 77.6, 81.0, 5.0)
    assert v.category == Category.SUPPORTED and v.evidence == [EST]
    assert v.reason.text == "the survey found 79.3%, within 5 points of the claimed 77.7%"


def test_share_verdict_not_supported_when_the_figure_lies_outside():
    # 79.3 is 9.3 from 70
    assert surveys.share_verdict("C", 70.0, EST, 77.6, 81.0, 5.0).category == Category.NOT_SUPPORTED
    # symmetric: as far above as below
    low = Value.of(60.7, ".1f")
    assert surveys.share_verdict("C", 70.0, low, 59.0, 62.4, 5.0).category == Category.NOT_SUPPORTED
    # 5.6 points away: a wide interval (60.0-81.2) that includes 70 does not make up for it (before version 0.5
    # it read "with caveats", so the less precise figure earned the better verdict)
    v = surveys.share_verdict("C", 70.0, Value.of(75.6, ".1f"), 60.0, 81.2, 5.0)
    assert v.category == Category.NOT_SUPPORTED and "more than 5 points from the claimed 70%" in v.reason.text


def test_share_verdict_caveats_when_the_interval_reaches_outside_or_for_a_stated_reason():
    # within 5 points (74.0 vs 70), and its interval 72.5-75.5 excludes 70 but lies within 65-75 but for 75.5
    v = surveys.share_verdict("C", 70.0, Value.of(74.0, ".1f"), 72.5, 75.5, 5.0)
    assert v.category == Category.CAVEATS
    assert v.reason.text.endswith("but its interval (72.5-75.5%) reaches more than 5 points from it")
    # ... and with the interval 72.5-75.0 every value of it is around 70, although 70 is excluded
    assert surveys.share_verdict("C", 70.0, Value.of(74.0, ".1f"), 72.5, 75.0, 5.0).category == Category.SUPPORTED
    # no published n: no interval, the point alone decides
    assert surveys.share_verdict("C", 70.0, Value.of(74.0, ".1f"), None, None, 5.0).category == Category.SUPPORTED
    v = surveys.share_verdict("C", 77.7, EST, 77.6, 81.0, 5.0, caveat="it is another survey's question")
    assert v.category == Category.CAVEATS and "another survey" in v.reason.text


def test_share_verdict_without_a_figure_cannot_be_checked():
    v = surveys.share_verdict("C08", 71.2, None, None, None, 5.0, question="discrimination at work", year=2023)
    assert v.category == Category.CANNOT_CHECK
    assert v.reason.text == (
        "no figure of NKDB's 2023 survey on discrimination at work was found where its results were reported"
    )


def test_fragile_changes_named(F):
    # Hana discrimination 2017 (25.3 -> 23.1) and 2018 (23.1 -> 20.2) fall by the test but not with a design effect of 2
    assert F.discrimination.fragile == surveys.Fragile.SOME_LOST
    assert F.discrimination.fragile_sentence().text == (
        "With a design effect of 2 the changes of 2017 and 2018 would no longer be clear."
    )


def test_the_71_2_in_nkdbs_sample_description_is_its_panel_share(F):
    # Christian Today / Unityinfo: NKDB 2022 fieldwork, 399 respondents = panel 284 + new 115; 284 / 399 = 71.18%
    (c,) = F.cited.figures["C08"].coincidences
    assert (c.kind, c.survey, c.year, c.panel, c.n) == ("panel share", "NKDB", 2022, 284, 399)
    assert c.value.text == "71.2" and c.value.raw == ("survey_nkdb/K065",)
    assert F.cited.figures["C09"].coincidences == []
    # 77.7: NKDB 2018 men's participation (K041) and an unnamed survey's reason for discrimination (H170)
    assert {(x.survey, x.year) for x in F.cited.figures["C12"].coincidences} == {("NKDB", 2018), ("", None)}
    assert F.cited.coincide_count.text == "two"


@pytest.mark.parametrize("decision", list(surveys.WORDING))
def test_every_wording_fills_and_reads_whole(decision):
    values = dict.fromkeys(
        (
            "size",
            "measure",
            "start",
            "end",
            "subject",
            "p",
            "alpha",
            "threshold",
            "deff",
            "years",
            "level",
            "a_lower",
            "a_upper",
            "b_lower",
            "b_upper",
            "point",
            "lower",
            "upper",
            "tolerance",
            "claimed",
            "caveat",
            "year",
            "question",
            "stated",
            "lost",
            "where",
        ),
        "X",
    )
    text = surveys.say(decision, [], **values).text
    assert "{" not in text and "}" not in text
    clause = isinstance(decision, surveys.ShareReading)  # verdict reasons are clauses, the rest sentences
    assert text[0].islower() if clause else (text[0].isupper() and text.endswith("."))


def test_every_decision_has_its_wording():
    enums = (
        surveys.GapReading,
        surveys.GapBasis,
        surveys.TrendReading,
        surveys.HeadlineRobustness,
        surveys.RunStart,
        surveys.Fragile,
        surveys.SexWageReading,
        surveys.Overlap,
        surveys.DrawnOnly,
        surveys.ShareReading,
    )
    members = [m for e in enums for m in e]
    assert set(surveys.WORDING) == set(members) and len(surveys.WORDING) == len(members)


def test_trend_by_the_test(F):
    # employment 49.7% of 8,299 (2011) -> 61.3% of 2,160 (2025): z-test p < 1e-20, also with n halved
    t = F.work.trend
    assert (t.start.value, t.end.value, t.reading, t.robustness) == (
        2011,
        2025,
        surveys.TrendReading.ROSE_TEST,
        surveys.Robustness.HOLDS,
    )
    assert t.p.value < 1e-20 and t.p.text == "p < 0.001"  # a journal's form, never '7.0e-22'
    assert t.sentence().text == "From 2011 to 2025 the rate rose (two-proportion test, p < 0.001)."
    # the three reported changes hold with the design effect: said once, in the section's method paragraph
    assert (F.robustness, F.robustness_lost.text) == (surveys.HeadlineRobustness.ALL_HOLD, "none")
    # satisfaction: no single step 2018 -> 2025 is clear, the run as a whole is
    assert (F.satisfaction.steps.value, F.satisfaction.steps_clear.text) == (5, "none")
    assert F.satisfaction.trend.reading == surveys.TrendReading.ROSE_TEST
    # the run of rises starts from 2018, a figure the sources disagree about: the section says so where it states the run
    assert F.satisfaction.run_start.year.value == 2018
    assert F.satisfaction.run_start_reading == surveys.RunStart.DISPUTED
    assert F.satisfaction.run_start_sentence("Table S8").text == (
        "The sources disagree about the 2018 figure itself; Table S8 gives their accounts."
    )


def test_nkdb_2012_intervals_apart(F):
    # NKDB 2012: 19.9% of 211 active (403 x 52.4%); Hana 7.5% of about 5,136 (9,493 x 54.1%)
    assert (F.nkdb.big_year.value, F.nkdb.big_nkdb_active.text, F.nkdb.big_hana_active.text) == (2012, "211", "5,136")
    assert F.nkdb.overlap == surveys.Overlap.APART
    assert F.nkdb.overlap_sentence().text.startswith("Their 95% intervals (15.1–25.8% and 6.8–8.3%) do not overlap")


def test_section_6_inline_values_are_numbers_selections_or_whole_sentences(F):
    """Issue 16: no value glues a clause into the notebook's prose. Each {eval} of Section 6 shows a number, a
    selection of years, a cross-reference, or a whole sentence of the wording table standing as a sentence."""
    import json
    import re
    from pathlib import Path

    from analysis.build.kernel import EVAL
    from analysis.present.report import ref

    notebook = Path(__file__).resolve().parents[2] / "notebooks" / "50_surveys.ipynb"
    cells = [c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "markdown"]
    sentences = 0
    for cell in cells:
        source = "".join(cell["source"])
        sentence_end = -1  # where the last whole-sentence value ended: a sentence may follow another
        for m in EVAL.finditer(source):
            v = eval(m[1], {"F": F, "ref": ref})  # noqa: S307 (the notebook's own expressions)
            if isinstance(v, str):  # a name from the data: the span of arrival years in NKDB's 2012 sample
                assert re.fullmatch(r"\d{4}-\d{4}", v), m[1]
            elif isinstance(v, Reference):  # 'Table 12', 'Table S4', 'Section S6.1', 'Appendix A', linked
                assert m[1].startswith("ref("), m[1]
                assert re.fullmatch(r"(Table|Figure|Section) S?\d+(\.\d+)?|Appendix [A-Z]", v.text), m[1]
            elif v.method.startswith("wording for:"):
                sentences += 1
                before, after = source[: m.start()].rstrip(), source[m.end() :]
                follows_sentence = len(before) == sentence_end
                assert (follows_sentence or before.endswith((".", ")"))) and v.text.endswith("."), m[1]
                assert after[:1] in ("", " ", "\n"), m[1]
                sentence_end = m.end()
            else:
                selection = v.method == "a list of survey years"
                assert selection or isinstance(v.value, int | float), f"{m[1]} shows {v.text!r}"
    assert sentences == 13  # the design-effect check and the gaps' basis each said once; the 2018 dispute said


def test_gap_basis_and_headline_robustness_by_hand():
    def gap(stated: bool) -> surveys.Gap:
        v = Value.of(1.0, ".1f")
        return surveys.Gap(measure="m", year=v, rate=v, size=v, reading=surveys.GapReading.BELOW, stated=stated)

    assert surveys.gap_basis([gap(True), gap(True)]) == surveys.GapBasis.ALL_STATED
    assert surveys.gap_basis([gap(False), gap(False)]) == surveys.GapBasis.ALL_COMPUTED
    assert surveys.gap_basis([gap(True), gap(False)]) == surveys.GapBasis.MIXED

    def trend(r: surveys.Robustness) -> surveys.Trend:
        v = Value.of(1, "d")
        return surveys.Trend(
            subject="the share", start=v, end=v, before=v, after=v, reading=surveys.TrendReading.ROSE_TEST,
            p=v, robustness=r, threshold=v,
        )  # fmt: skip

    holds, lost = surveys.Robustness.HOLDS, surveys.Robustness.LOST
    assert surveys.headline_robustness({"a": trend(holds), "b": trend(holds)}) == (
        surveys.HeadlineRobustness.ALL_HOLD,
        [],
    )
    assert surveys.headline_robustness({"a": trend(holds), "b": trend(lost)}) == (
        surveys.HeadlineRobustness.SOME_LOST,
        ["b"],
    )
