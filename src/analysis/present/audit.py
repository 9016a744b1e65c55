"""Section 7's table and its machine-readable verdicts, drawn from the audit's findings."""

from __future__ import annotations

import json

import pandas as pd
from IPython.display import display

from analysis.findings.audit import AuditedClaim, AuditFindings, claim_reviews
from analysis.present import report
from analysis.present.report import ref

KIND_ORDER = {"quantitative": 0, "qualitative": 1}


def audit_rows(F: AuditFindings) -> pd.DataFrame:
    """One row per claim, quantitative claims first, each in claim order (the rules are in their own table)."""
    rows = ordered(F)
    return pd.DataFrame(
        {
            "Claim": [c.claim_id for c in rows],
            "The article says": [c.quote for c in rows],
            "At the article's date": [then_cell(c) for c in rows],
            "Now": [c.verdict.name for c in rows],
            "Why (now)": [c.verdict.reason.text for c in rows],
            "Since the article": [c.verdict.since.text if c.verdict.since else "" for c in rows],
        }
    )


def ordered(F: AuditFindings) -> list[AuditedClaim]:
    return sorted(F.claims, key=lambda c: (KIND_ORDER[c.kind], c.claim_id))


def rule_rows(F: AuditFindings) -> pd.DataFrame:
    """Each distinct rule once, with the claims it judges (the same rule may judge both dates of several)."""
    claims: dict[str, list[str]] = {}
    for c in ordered(F):
        for rule in dict.fromkeys((c.verdict.rule, c.then.rule)):
            claims.setdefault(rule, []).append(c.claim_id)
    return pd.DataFrame({"Claims": [", ".join(ids) for ids in claims.values()], "Rule": list(claims)})


def table_claim_rules(F: AuditFindings) -> None:
    report.table(
        rule_rows(F),
        "claim_rules",
        caption="The rule each claim is judged by, the same at both dates; claims that share a rule are listed "
        f"together. {ref('sec:audit_changes')} says which rules were rewritten after an earlier version's verdicts "
        "were known.",
        colspec="p{2.6cm}p{12.6cm}",
        long=True,
    )


def then_cell(c: AuditedClaim) -> str:
    """The verdict at the article's date, with its reason where that differs from the verdict now."""
    if c.then.reason.text == c.verdict.reason.text:
        return c.then.name
    return f"{c.then.name}. {c.then.reason.text}"


def table_claim_audit(F: AuditFindings) -> None:
    report.table(
        audit_rows(F),
        "claim_audit",
        caption=f"The article's claims, quoted with attribution ({F.article.author}, {F.article.date[:4]}), each "
        f"judged by its rule ({ref('tab:claim_rules').text}) twice: on the evidence published by its date "
        f"({F.reference_date}) and on all the evidence now (to {F.now_date}); figures for later periods are shown "
        f"beside the verdicts, not counted in them. Where the verdict at the article's date rests on the same "
        f"reasons as now, only its name is shown. The {F.quantitative.claims} quantitative claims come first, "
        f"then the {F.qualitative.claims} qualitative ones.",
        colspec="p{0.9cm}p{3.1cm}p{2.4cm}p{1.6cm}p{4.7cm}p{2.5cm}",
        long=True,
    )


OPENING_WORDS = 10  # the excluded sentences are shown by their opening words (the whole text is in data/raw)


def opening(text: str) -> str:
    words = text.split()
    return text if len(words) <= OPENING_WORDS else " ".join(words[:OPENING_WORDS]) + " …"


def table_article_sentences(F: AuditFindings) -> None:
    inv = F.inventory
    rows = sorted(inv.rows + inv.partly, key=lambda r: r.sentence)
    report.table(
        pd.DataFrame(
            {
                "No.": [r.sentence for r in rows],
                "The article says (opening words)": [opening(r.text) for r in rows],
                "Not audited: why": [r.excluded_as for r in rows],
                "Note": [r.note for r in rows],
            }
        ),
        "article_sentences",
        caption=f"The {inv.excluded.text} sentences of the article that hold no audited claim, numbered as in "
        f"data/raw/article_sentences.csv, with the reason each is not audited, and the sentences holding a claim "
        f"whose other parts are not audited; the {inv.with_claims.text} sentences holding claims are in "
        + ref("tab:claim_audit").text
        + ".",
        colspec="p{0.8cm}p{6.2cm}p{2.6cm}p{5.6cm}",
        long=True,
    )


def claim_reviews_script(F: AuditFindings) -> str:
    """The ClaimReview JSON-LD as an HTML script element (``</`` escaped so no claim can close it)."""
    text = json.dumps(claim_reviews(F), ensure_ascii=False, sort_keys=True, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def claim_reviews_output(F: AuditFindings) -> None:
    """Emit the verdicts as schema.org ClaimReview: mime type application/ld+json (for a template that puts
    it in <head>), text/html holding the <script type="application/ld+json"> element (placed in the
    body by any HTML template), and a LaTeX comment, so the PDF shows nothing."""
    display(
        {
            "application/ld+json": claim_reviews(F),
            "text/html": claim_reviews_script(F),
            "text/latex": "% schema.org ClaimReview records: in the HTML edition only\n",
        },
        raw=True,
    )
