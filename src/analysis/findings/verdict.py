"""The verdict on one of the article's claims: a category, the stated reason, the evidence it rests on.

A section that a claim rests on decides the verdict in its own findings (by a tested rule), and the claim
audit reads that same object: the audit never re-decides what a section concluded.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import pandas as pd
from pydantic import Field

from analysis.core.values import Record, Value
from analysis.errors import DataError
from analysis.findings.selections import ARTICLE_DATE_FACT
from analysis.methods import audit as rules

#: The event the article calls 'earlier this month' (the press report of a defection): it dates the article.


class Category(StrEnum):
    SUPPORTED = "supported"
    CAVEATS = "supported with caveats"
    NOT_SUPPORTED = "not supported"
    CANNOT_CHECK = "cannot be checked"


class Verdict(Record):
    """``category`` by a stated rule; ``reason`` says why in one sentence (for 'with caveats': the specific caveat)."""

    claim_id: str
    category: Category
    rule: str  # the rule applied, in words ("within 0.25 of 2 on the primary estimate's interval")
    reason: Value
    evidence: list[Value] = Field(default_factory=list)
    # added for the audit (defaults keep older findings valid):
    section: str = ""  # the report section whose finding decided it ("suicide", "arrivals"; "" = the audit)
    since: Value | None = None  # what was published for periods after the reference date: shown, not counted

    @property
    def name(self) -> str:
        """The verdict's name, as the report and schema.org's ``alternateName`` give it."""
        return self.category.value


def article_figure(claim: Any) -> Value | None:
    """The figure the article states in ``claim`` (a row of the claims table), as transcribed with its source;
    None for a claim that states no figure."""
    if pd.isna(claim.claimed_value):
        return None
    return Value.of(
        float(claim.claimed_value),
        ",g",
        unit=str(claim.claimed_unit),
        method="the article's figure",
        raw=[f"article_claims/{claim.claim_id}"],
        sources=[claim.source_id],
    )


def claimed(claims: pd.DataFrame, claim_id: str) -> Value:
    """The figure the article states in claim ``claim_id``; a claim without one is a data error."""
    rows = claims[claims["claim_id"] == claim_id]
    figure = article_figure(rows.iloc[0]) if len(rows) else None
    if figure is None:
        raise DataError(
            f"data/raw/article_claims.csv: claim {claim_id}, column claimed_value: expected the article's figure"
        )
    return figure


def article_month(facts: pd.DataFrame) -> str:
    """The article's month ('2024-07'), from the dated event it calls 'earlier this month' (fact F31; the
    processed facts give its ``date``, the raw ones its ``value``)."""
    rows = facts[facts["fact_id"] == ARTICLE_DATE_FACT]
    if rows.empty:
        raise DataError(f"data/raw/facts.csv: fact {ARTICLE_DATE_FACT} not found (it dates the article)")
    r = rows.iloc[0]
    date = r["date"] if "date" in r.index and str(r["date"]) not in ("", "nan") else r["value"]
    try:
        return rules.reference_month(str(date))
    except ValueError as e:
        raise DataError(f"data/raw/facts.csv: fact {ARTICLE_DATE_FACT}, column value: {e}") from None
