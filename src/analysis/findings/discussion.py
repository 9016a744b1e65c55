"""The discussion and the conclusion (Sections 8-9): what the audit's verdicts add up to, how they compare with
the figures published before them, and whether any of them depends on what was published after the article.

Nothing here is decided again: the verdicts are the claim audit's, the estimates Section 4's. The two
decisions of these sections (whether a verdict differs between the article's date and now; which conclusion
the verdict on "around double" calls for) key whole sentences in the wording tables below.
"""

from __future__ import annotations

from analysis.core.numbering import ref
from analysis.core.values import Findings, Value
from analysis.core.wording import count_word
from analysis.findings.audit import AuditFindings, Timing
from analysis.findings.claim_names import EXAMINED_IN, short_quote
from analysis.findings.selections import Claim
from analysis.findings.suicide import SuicideFindings
from analysis.findings.verdict import Category
from analysis.params import Params

#: Section 8's sentence on hindsight, whole, by the decision.
TIMING: dict[Timing, str] = {
    Timing.SAME: "Every verdict is the same on the evidence published by {then} as on all the evidence to {now}, "
    "so none of them depends on what was published after the article.",
    Timing.CHANGED: "On the evidence published by {then}, {count} of the verdicts would differ from those on all "
    "the evidence to {now}: on {claims}; the others are the same at both dates.",
}

#: Section 9's opening sentence, whole, by the verdict on "around double" (the article's headline comparison).
CONCLUSION: dict[Category, str] = {
    Category.SUPPORTED: "The article's headline comparison holds: on the published counts, escapees died by "
    "suicide at around double South Korea's rate.",
    Category.CAVEATS: "The article's headline comparison holds only with a caveat: the published counts put the "
    "escapees' suicide rate near double South Korea's, but not by both of the tests its words imply.",
    Category.NOT_SUPPORTED: "The article's headline comparison is not borne out by the published counts as they "
    "stand: on the crude rates it compares, they do not show the escapees' suicide rate at around double South "
    "Korea's.",
    Category.CANNOT_CHECK: "The article's headline comparison cannot be checked: the counts the comparison "
    "needs were not published for the period.",
}


class DiscussionFindings(Findings):
    SECTION = "discussion"

    # Section 4's primary estimate, as its section states it (None where no primary estimate can be made)
    period: Value
    crude: Value | None
    smr: Value | None
    smr_verdict: str | None  # what the rule on "around double" reads on the sex-adjusted ratio (Section 4.5)
    # the measurement biases drawn together (Section 4.8's combined analysis), where it was made
    simulated: Value | None
    largest_bias: Value | None  # the bias the simulated ratio moves most with
    then: Value  # the article's date
    now: Value  # the latest publication month among the sources
    timing: Timing
    timing_sentence: Value
    around_double: Category
    around_double_name: Value  # the verdict as prose shows it
    conclusion: Value
    arrivals_since: Value  # the arrivals published for the years after the article
    suicide_since: Value  # the rate comparisons published since the article
    mou_then: Value | None  # the latest ratio MOU had published by the article's date, as published
    mou_then_adjusted: Value | None  # the same at equal sex
    mou_then_period: Value | None
    # the press's "two times" and "three times" as Section S4.3 reads them: the escapees' share of deaths that were
    # suicides over KOSTAT's for the same full years, lowest and highest
    shares_lowest: Value
    shares_highest: Value


def timing(F: AuditFindings) -> tuple[Timing, Value]:
    """Whether hindsight moves any verdict (the audit's decision), and the sentence that says so."""
    changed = [c for c in F.claims if c.then.category != c.verdict.category]
    decision = F.timing
    claims = Value.listing(  # each by its short words, as the table of verdicts names it, and its section
        [f"\u201c{short_quote(c)}\u201d ({ref(EXAMINED_IN[c.verdict.section])})" for c in changed],
        of="the claims whose verdict changed",
    )
    count = Value.of(len(changed), text=count_word(len(changed)), method="claims whose verdict differs by date")
    based_on = [F.reference_date, F.now_date, *(c.verdict_name for c in changed)]
    return decision, Value.sentence(
        TIMING, decision, based_on, then=F.reference_date, now=F.now_date, count=count, claims=claims
    )


def findings(P: Params, F: AuditFindings | None = None, SU: SuicideFindings | None = None) -> DiscussionFindings:
    F = AuditFindings.load() if F is None else F
    SU = SuicideFindings.load() if SU is None else SU
    decision, sentence = timing(F)
    around_double = F.claim(Claim.AROUND_DOUBLE)
    mou = F.published_then
    primary = SU.primary if SU.primary.available else None
    bias = SU.combined_bias
    return DiscussionFindings(
        period=SU.period,
        crude=primary.crude.value if primary else None,
        smr=primary.smr.value if primary else None,
        smr_verdict=SU.smr.verdict.value if SU.smr else None,
        simulated=bias.crude.value if bias else None,
        largest_bias=bias.largest if bias else None,
        then=F.reference_date,
        now=F.now_date,
        timing=decision,
        timing_sentence=sentence,
        around_double=around_double.verdict.category,
        around_double_name=around_double.verdict_name,
        conclusion=Value.sentence(CONCLUSION, around_double.verdict.category, [around_double.verdict_name]),
        arrivals_since=F.claim(Claim.LOWEST).since,
        suicide_since=around_double.since,
        mou_then=mou.ratio if mou else None,
        mou_then_adjusted=mou.adjusted if mou else None,
        mou_then_period=mou.period if mou else None,
        shares_lowest=SU.shares.lowest,
        shares_highest=SU.shares.highest,
    )
