"""Section 7's tables and its machine-readable verdicts, drawn from the audit's findings: the compact table of
verdicts (:func:`table_verdicts`, which reads only the saved findings, so that any notebook can show it), the
rules, the claim-by-claim table and the article sentence by sentence."""

from __future__ import annotations

import json

import pandas as pd
from IPython.display import display

from analysis.findings.audit import AuditedClaim, AuditFindings, Timing, claim_reviews
from analysis.findings.claim_names import EXAMINED_IN, short_quote
from analysis.present import report
from analysis.present.report import ref

KIND_ORDER = {"quantitative": 0, "qualitative": 1}
#: The label of each kind's group of rows in the table of verdicts (the claims' own ``kind``).
KIND_LABEL = {"quantitative": "Quantitative claims", "qualitative": "Qualitative claims"}

#: The table's caption, one whole sentence per decision: does any claim's verdict at the article's date differ
#: from its verdict now (``AuditFindings.timing``)?
VERDICTS_CAPTION = {
    Timing.SAME: "The verdict on each of the article's claims, the same on the evidence published by the article's "
    "date ({then}) as on all the evidence now about the years before it (the latest published in {now}), with its "
    "reason and the section that examines the claim; quantitative claims first. The claim ids key the supplementary "
    "tables: {rules} gives each claim's rule, {audit} the evidence and the figures for later years, which no verdict "
    "counts.",
    Timing.CHANGED: "The verdict on each of the article's claims on the evidence published by the article's date "
    "({then}) and on all the evidence now about the years before it (the latest published in {now}), with the reason "
    "for the verdict now and the section that examines the claim; quantitative claims first. The claim ids key the "
    "supplementary tables: {rules} gives each claim's rule, {audit} the reasons at both dates and the figures for "
    "later years, which no verdict counts.",
}


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


def verdict_rows(F: AuditFindings) -> pd.DataFrame:
    """One row per claim, quantitative claims first: its kind (the label of its group of rows), its words, its
    verdict (at both dates where any claim's differ), the reason for the verdict now, and the section that
    examines it (a link in both editions)."""
    rows = ordered(F)
    verdicts = {"Verdict": [c.verdict.name for c in rows]}
    if F.then_differs:
        verdicts = {
            f"{F.reference_date}": [c.then.name for c in rows],
            "Now": [c.verdict.name for c in rows],
        }
    return pd.DataFrame(
        {
            "Kind": [KIND_LABEL[c.kind] for c in rows],
            "Claim": [c.claim_id for c in rows],
            "The article says": [short_quote(c) for c in rows],
            **verdicts,
            "Why": [c.verdict.reason.text for c in rows],
            "Examined in": [str(ref(EXAMINED_IN[c.verdict.section])) for c in rows],
        }
    )


def table_verdicts(F: AuditFindings) -> None:
    """The verdict on each claim, compact: from the audit's findings alone (``AuditFindings.load()`` in a
    notebook that runs after the audit)."""
    df = verdict_rows(F)
    report.table(
        df,
        "claim_verdicts",
        caption=VERDICTS_CAPTION[F.timing].format(
            then=F.reference_date,
            now=F.now_date,
            rules=ref("tab:claim_rules").text,
            audit=ref("tab:claim_audit").text,
        ),
        badges=tuple(c for c in df.columns if c in ("Verdict", "Now", f"{F.reference_date}")),
        group_by="Kind",
    )


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
        f"({F.reference_date}) and on all the evidence now (the latest published in {F.now_date}); figures for later periods are shown "
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
        caption=f"The {inv.excluded.text} sentences of the article that hold no audited claim, numbered by "
        f"their place in the article, with the reason each is not audited, and the sentences holding a claim "
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
