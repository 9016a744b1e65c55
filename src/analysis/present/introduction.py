"""Section 1's table of the article's claims, drawn from the claim audit's findings."""

from __future__ import annotations

import pandas as pd

from analysis.findings.introduction import IntroductionFindings
from analysis.present import report
from analysis.present.audit import KIND_ORDER


def table_claims(F: IntroductionFindings) -> None:
    rows = sorted(F.claims, key=lambda c: (KIND_ORDER[c.kind], c.claim_id))
    report.table(
        pd.DataFrame(
            {
                "Claim": [c.claim_id for c in rows],
                "Kind": [c.kind for c in rows],
                "Topic": [c.topic for c in rows],
                "The article says": [c.quote for c in rows],
            }
        ),
        "claims_overview",
        caption=f"The article's claims, quoted with attribution ({F.article_author}, {F.article_year}): "
        "quantitative claims are judged against published figures, qualitative ones against official statements "
        "and documented events.",
        colspec="p{1.0cm}p{1.9cm}p{1.6cm}p{10.8cm}",
    )
