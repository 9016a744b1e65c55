"""Sections 8-9: the discussion reads the audit's verdicts and Section 4's estimate; its two decisions key
whole sentences."""

import pytest

from analysis import params
from analysis.findings import discussion
from analysis.findings.discussion import CONCLUSION, TIMING, Timing
from analysis.findings.verdict import Category


@pytest.fixture(scope="module")
def found(sections, audited):
    *_, SU = sections
    return discussion.findings(params.validate({}), F=audited, SU=SU), audited, SU


def test_hindsight_changes_one_verdict_on_the_project_data(found):
    D, F, _ = found
    # by July 2024 the only counts for the latest years (2017-2019) were the Ministry of Unification's, which
    # the comparison leaves out: "around double" could not be checked then; every other verdict is the same
    assert [c.claim_id for c in F.claims if c.then.category != c.verdict.category] == ["C10"]
    assert D.timing == F.timing == Timing.CHANGED
    assert D.timing_sentence.text.startswith("On the evidence published by July 2024, one of the verdicts would differ")
    plain = discussion.timing(F.model_copy(update={"timing": Timing.SAME}))[1].text
    assert plain == TIMING[Timing.SAME].format(then="July 2024", now=F.now_date.text)


def test_a_changed_verdict_is_counted_and_named_briefly(found):
    _, F, _ = found
    first = F.claims[0]
    moved = first.model_copy(update={"then": first.then.model_copy(update={"category": Category.CANNOT_CHECK})})
    changed = F.model_copy(update={"claims": [moved, *F.claims[1:]], "timing": Timing.CHANGED})
    decision, sentence = discussion.timing(changed)
    assert decision == Timing.CHANGED
    assert "two of the verdicts would differ" in sentence.text  # this one and "around double" (C10)
    # each named briefly, by the words the table of verdicts shows, with a link to the section that examines it
    # (Issue 20's referee: the claim's full words read heavily)
    assert "\u201cat their lowest in over two decades\u201d (Section 3)" in sentence.text
    assert "\u201caround double that of South Korean citizens\u201d (Section 4.5)" in sentence.text
    assert first.quote not in sentence.text and F.claim("C10").quote not in sentence.text


def test_the_conclusion_follows_the_verdict_on_around_double(found):
    D, F, SU = found
    assert D.around_double == F.verdict("C10").category == Category.NOT_SUPPORTED
    assert D.conclusion.text == CONCLUSION[Category.NOT_SUPPORTED]
    # Section 4's primary estimate, not recomputed: Wi Sung-lac's counts, 2013-2022, crude 1.24, SMR 1.50
    assert (D.crude.text, D.smr.text, D.period.text) == ("1.24", "1.50", "2013-2022")
    assert D.crude == SU.primary.crude.value
    # Section 4.5: at equal sex the rule reads 'with caveats'; the measured ratio's biases drawn together give a median
    # crude ratio of 1.78 and move most with misclassification (the discussion names the bias and links to 4.5)
    assert (D.smr_verdict, D.simulated.text) == ("supported with caveats", "1.78")
    assert D.largest_bias.text == "misclassification"


@pytest.mark.parametrize("table", [TIMING, CONCLUSION], ids=["timing", "conclusion"])
def test_every_sentence_of_the_wording_tables_is_whole(table):
    for decision, sentence in table.items():
        filled = sentence.format(then="July 2024", now="February 2026", count="two", claims="\u201ca\u201d")
        assert filled[0].isupper() and filled.endswith("."), decision
        assert "{" not in filled


def test_the_press_figures_are_named_by_section_s4_3s_share_ratios(found):
    """Issue 20's referee: the Discussion names the press's "two times" and "three times" with Section S4.3's own
    numbers (read, not recomputed): the escapees' share of deaths over KOSTAT's, lowest and highest."""
    D, _, SU = found
    assert (D.shares_lowest, D.shares_highest) == (SU.shares.lowest, SU.shares.highest)
    assert (D.shares_lowest.text, D.shares_highest.text) == ("1.99", "3.26")  # five full-year comparisons
