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


def test_no_verdict_changes_with_hindsight_on_the_project_data(found):
    D, F, _ = found
    # data/raw/article_claims.csv and the sources: every claim gets the same verdict at July 2024 as now
    assert [c.claim_id for c in F.claims if c.then.category != c.verdict.category] == []
    # ... but "around double" rests, at the article's date, on 2017-2019 counts from the Ministry of Unification
    # (hankookilbo-2020-10-07; escapee_suicide.csv cause_not_tracked_source), which the verdict now leaves out
    assert D.timing == F.timing == Timing.SAME_OTHER_COUNTS
    assert D.timing_sentence.text.startswith("Every verdict is the same on the evidence published by July 2024")
    assert "at the article's date on counts from the Ministry of Unification" in D.timing_sentence.text
    plain = discussion.timing(F.model_copy(update={"timing": Timing.SAME}))[1].text  # without that flag
    assert plain == TIMING[Timing.SAME].format(then="July 2024", now=F.now_date.text)


def test_a_changed_verdict_is_counted_and_quoted(found):
    _, F, _ = found
    first = F.claims[0]
    moved = first.model_copy(update={"then": first.then.model_copy(update={"category": Category.CANNOT_CHECK})})
    changed = F.model_copy(update={"claims": [moved, *F.claims[1:]], "timing": Timing.CHANGED})
    decision, sentence = discussion.timing(changed)
    assert decision == Timing.CHANGED
    assert "one of the verdicts would differ" in sentence.text
    assert f"\u201c{first.quote}\u201d" in sentence.text


def test_the_conclusion_follows_the_verdict_on_around_double(found):
    D, F, SU = found
    assert D.around_double == F.verdict("C10").category == Category.NOT_SUPPORTED
    assert D.conclusion.text == CONCLUSION[Category.NOT_SUPPORTED]
    # Section 4's primary estimate, not recomputed: Wi Sung-lac's counts, 2013-2022, crude 1.24, SMR 1.50
    assert (D.crude.text, D.smr.text, D.period.text) == ("1.24", "1.50", "2013-2022")
    assert D.crude == SU.primary.crude.value
    # Section 4.5: at equal sex the rule reads 'with caveats'; the three biases drawn together give a median
    # crude ratio of 1.72 and move most with misclassification (the discussion names the bias and links to 4.5)
    assert (D.smr_verdict, D.simulated.text) == ("supported with caveats", "1.72")
    assert D.largest_bias.text == "misclassification"


@pytest.mark.parametrize("table", [TIMING, CONCLUSION], ids=["timing", "conclusion"])
def test_every_sentence_of_the_wording_tables_is_whole(table):
    for decision, sentence in table.items():
        filled = sentence.format(then="July 2024", now="February 2026", count="two", claims="\u201ca\u201d")
        assert filled[0].isupper() and filled.endswith("."), decision
        assert "{" not in filled
