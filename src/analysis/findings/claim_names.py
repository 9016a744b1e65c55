"""Each audited claim's short name, as the table of verdicts and the discussion name it, and the section that
examines it: declared once, below the findings that use them (Section 8.3's sentence) and the tables that show them
(the table of verdicts)."""

from __future__ import annotations

from analysis.findings.audit import AuditedClaim
from analysis.findings.selections import Claim

#: Each claim as the table of verdicts names it: the article's own words, shortened; an ellipsis marks words left
#: out, and every part between ellipses is the article's (:func:`short_quote` checks it against the quote).
SHORT = {
    Claim.LOWEST: "at their lowest in over two decades",
    Claim.DOWN_FROM_PEAK: "down considerably from their peak",
    Claim.OVER_AT_PEAK: "over 2,000 people were arriving most years",
    Claim.HANAWON_STAY: "housed for several months",
    Claim.PER_YEAR: "around a hundred each year",
    Claim.FROM_CHINA: "living illegally in China for some time",
    Claim.WOMEN: "Around 70 percent … are women",
    Claim.NKDB_DISCRIMINATION: "71.2 percent … experienced some form of discrimination in the workplace",
    Claim.NKDB_HABITS: "86 percent … should discard their “North Korean way of thinking or their habits”",
    Claim.AROUND_DOUBLE: "around double that of South Korean citizens",
    Claim.OECD_HIGHEST: "already the highest among OECD countries",
    Claim.NKDB_SATISFIED: "77.7 percent … satisfied with life in South Korea",
    Claim.ELECTED: "Several … have either run for office or been elected",
    Claim.THAE_SINCE: "international speaking tours, … a best-selling memoir, and held office",
    Claim.THAE_YEAR: "Thae Yong-Ho escaped from the London embassy in 2016",
    Claim.CUBA_DEFECTION: "Earlier this month a senior North Korean diplomat stationed in Cuba defected",
    Claim.HIGHEST_RANKING: "the highest ranking North Korean official to defect since … Thae Yong-Ho",
    Claim.HANAWON_OPENED: "so many escapees then that … opened a dedicated resettlement and training centre",
    Claim.MOVED_ON: "migrated on to other countries to escape the stigma",
    Claim.REPATRIATION: "China will forcibly repatriate any North Koreans",
    Claim.UNIFICATION: "stated for the first time in its history that … unification as no longer possible",
    Claim.TRAFFICKING: "suffered from sexual violence or were victims of sex trafficking",
    Claim.MEMOIRS: "memoirs that have sold well internationally",
    Claim.PERSECUTION: "fled violent persecution or experienced imprisonment",
    Claim.HIDING: "mask their origins",
}
ELLIPSIS = " … "
#: Where each claim is examined, by the section whose finding decides its verdict ("": the audit's own rules).
EXAMINED_IN = {
    "arrivals": "sec:arrivals",
    "suicide": "sec:around_double",
    "oecd": "sec:oecd",
    "surveys": "sec:surveys",
    "": "sec:audit_findings",
}


def short_quote(c: AuditedClaim) -> str:
    """The claim's words as the table of verdicts shows them (:data:`SHORT`); a claim without a short form, or
    one whose parts are not the article's words, is an error."""
    if c.claim_id not in SHORT:
        raise KeyError(f"claim {c.claim_id}: add its words, shortened, to SHORT in analysis/findings/claim_names.py")
    short = SHORT[c.claim_id]
    at = 0
    for part in short.split(ELLIPSIS):
        found = c.quote.find(part, at)
        if found < 0:
            raise ValueError(f"claim {c.claim_id}: {part!r} (SHORT) is not in the article's words {c.quote!r}")
        at = found + len(part)
    return short
