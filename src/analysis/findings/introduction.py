"""The abstract and the introduction (Sections 1-2), as one typed findings object.

Everything the abstract says is read from the sections' typed findings (Section 4's directly, in the
notebook) and from the claim audit's findings: no number is computed twice.
"""

from __future__ import annotations

from analysis.cleaning import provenance
from analysis.core.values import Findings, Value
from analysis.findings import audit
from analysis.findings.arrivals import ArrivalsFindings
from analysis.findings.audit import AuditFindings
from analysis.findings.selections import ABSTRACT_CLAIMS, Claim
from analysis.findings.suicide import SuicideFindings
from analysis.findings.tables import Tables, given
from analysis.findings.verdict import Verdict
from analysis.params import Params


class IntroductionFindings(Findings):
    SECTION = "introduction"

    article_year: int
    article_headline: str
    quotes: dict[str, Value]  # claim id -> the article's words
    # arrivals
    peak_year: Value
    peak_arrivals: Value
    low_year: Value
    low_arrivals: Value
    women_share: Value
    last_year: Value
    # suicide: the abstract reads Section 4's own findings (SuicideFindings) for its numbers; the verdict is
    # the claim audit's
    around_double: Verdict
    around_double_name: Value
    # OECD
    korea_first_since: Value
    # audit
    audit_quantitative: Value
    audit_quantitative_words: Value
    audit_qualitative: Value
    audit_qualitative_words: Value
    reference_date: Value
    # data and sources
    sources_count: Value
    raw_files_count: Value
    raw_rows: Value

    def key_numbers(self, SU: SuicideFindings) -> list[str]:
        """The numbers the abstract must show (the build test finds each in the PDF)."""
        suicide = [SU.primary.crude.value, SU.primary.smr.value] if SU.primary.available else []
        return [v.text for v in (self.peak_arrivals, self.women_share, *suicide, self.korea_first_since)]


def findings(
    P: Params,
    A: ArrivalsFindings | None = None,
    F: AuditFindings | None = None,
    tables: Tables | None = None,
) -> IntroductionFindings:
    A = audit.arrivals_section() if A is None else A
    F = AuditFindings.load() if F is None else F
    t = given(tables)
    claims, sources = t["claims"], t["sources"]
    OE = audit.oecd_section()
    quote = claims.set_index("claim_id")["quote"]
    low_year = min(A.arrivals, key=lambda y: A.arrivals[y].value)
    raw = provenance.raw_files()
    return IntroductionFindings(
        article_year=int(F.article.date[:4]),
        article_headline=F.article.headline,
        quotes={
            c: Value.of(
                str(quote[c]),
                method="the article's words",
                raw=[f"article_claims/{c}"],
                sources=[audit.ARTICLE],
            )
            for c in ABSTRACT_CLAIMS
        },
        peak_year=A.peak_year,
        peak_arrivals=A.peak_arrivals,
        low_year=Value.of(
            low_year,
            "d",
            rows=A.arrivals[low_year].rows,
            raw=A.arrivals[low_year].raw,
            sources=A.arrivals[low_year].sources,
        ),
        low_arrivals=A.arrivals[low_year],
        women_share=A.cumulative_women_share,
        last_year=A.last_year,
        around_double=F.verdict(Claim.AROUND_DOUBLE),
        around_double_name=F.claim(Claim.AROUND_DOUBLE).verdict_name,
        korea_first_since=OE.run_start,
        audit_quantitative=F.quantitative.claims,
        audit_quantitative_words=F.quantitative.words,
        audit_qualitative=F.qualitative.claims,
        audit_qualitative_words=F.qualitative.words,
        reference_date=F.reference_date,
        sources_count=Value.of(
            len(sources) - 1,
            "d",
            method="sources in data/raw/sources.csv, the article not counted",
        ),
        raw_files_count=Value.of(len(raw), "d", method="raw tables in data/raw/datapackage.json"),
        raw_rows=Value.of(int(sum(r["rows"] for r in raw)), ",", method="rows in the raw tables"),
    )
