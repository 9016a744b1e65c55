"""The abstract and the introduction (Sections 1-2), as one typed findings object.

Everything the abstract says is read from the sections' findings (or, for sections without typed
findings yet, their legacy results, behind one function each in :mod:`analysis.findings.audit`) and
from the claim audit's findings: no number is computed twice.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis import io
from analysis.cleaning import provenance
from analysis.findings import audit
from analysis.findings.arrivals import ArrivalsFindings
from analysis.findings.audit import AuditedClaim, AuditFindings
from analysis.findings.verdict import Verdict
from analysis.methods.suicide import SERIES_NAMES
from analysis.methods.surveys import DISCRIMINATION, ESCAPEES, SATISFACTION
from analysis.params import Params
from analysis.present.values import Findings, Value
from analysis.present.wording import count_word

ARTICLE_CLAIMS_QUOTED = (
    "C01",
    "C07",
    "C10",
    "C11",
)  # the claims the abstract quotes, by id
MOU_LONG, MOU_RECENT = (
    "E01",
    "E02",
)  # MOU's published rates: 2006-2020, and "the past three years"


class IntroductionFindings(Findings):
    SECTION = "introduction"

    article_author: str
    article_year: int
    article_headline: str
    quotes: dict[str, Value]  # claim id -> the article's words
    # arrivals
    peak_year: Value
    peak_arrivals: Value
    low_year: Value
    low_arrivals: Value
    women_share: Value
    cumulative_total: Value
    last_year: Value
    # suicide: the section's primary estimate and conclusion
    suicide_period: Value
    counts_series: Value
    other_series: Value
    smr: Value
    smr_interval: Value
    crude: Value
    crude_interval: Value
    other_smr: Value
    other_crude: Value
    mou_long: Value
    mou_long_period: Value
    mou_recent: Value
    published_rates: Value  # how many rates MOU published, in words
    around_double: Verdict
    around_double_name: Value
    # OECD
    korea_rate: Value
    korea_year: Value
    korea_ratio_to_average: Value
    korea_first_since: Value
    # surveys
    survey_year: Value
    satisfied: Value
    discriminated: Value
    # audit
    audit_quantitative: Value
    audit_quantitative_words: Value
    audit_qualitative: Value
    audit_qualitative_words: Value
    rules_sentence: Value
    reference_date: Value
    # data and sources
    sources_count: Value
    raw_files_count: Value
    raw_rows: Value
    claims: list[AuditedClaim]  # for the table of the article's claims

    def key_numbers(self) -> list[str]:
        """The numbers the abstract must show (the build test finds each in the PDF)."""
        return [
            v.text
            for v in (
                self.peak_arrivals,
                self.women_share,
                self.mou_long,
                self.mou_recent,
                self.crude,
                self.smr,
                self.korea_rate,
            )
        ]


def _estimate(
    est: dict[str, Any], method: str, raw: list[str], sources: list[str]
) -> tuple[Value, Value]:
    value = Value.of(est["value"], ".2f", method=method, raw=raw, sources=sources)
    interval = Value.of(
        f"{est['lower']:.2f}-{est['upper']:.2f}",
        method=f"95% interval of the {method}",
        raw=raw,
        sources=sources,
    )
    return value, interval


def survey_row_refs(
    rows: pd.DataFrame, indicator: str, year: int, value: float
) -> tuple[list[str], list[str]]:
    """The Hana survey rows (escapees, adopted) that published ``value`` for ``indicator`` in ``year``."""
    hit = rows[
        (rows["source"] == "hana")
        & (rows["indicator"] == indicator)
        & (rows["group"] == ESCAPEES)
        & (rows["survey_year"] == year)
        & (rows["value"] == value)
        & rows["adopted"].astype(bool)
    ]
    return [f"survey_hana/{r}" for r in hit["row_id"]], list(hit["source_id"])


def findings(
    P: Params,
    A: ArrivalsFindings | None = None,
    F: AuditFindings | None = None,
    claims: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    surveys: pd.DataFrame | None = None,
) -> IntroductionFindings:
    A = audit.arrivals_section() if A is None else A
    F = AuditFindings.load() if F is None else F
    claims = (
        io.read_table("claims", dtype={"claim_id": str}) if claims is None else claims
    )
    sources = (
        io.read_table("sources", dtype=str, keep_default_na=False)
        if sources is None
        else sources
    )
    _, sui = audit.suicide_section()
    sui = sui or io.read_results("suicide")
    oecd, oecd_table = audit.oecd_section()
    latest = oecd_table[
        (oecd_table["country"] == "Korea")
        & (oecd_table["release"] == oecd["latest_release"])
        & (oecd_table["data_year"] == oecd["latest_data_year"])
    ]
    korea_raw = [f"oecd_suicide/{r}" for r in latest["row_id"]]
    korea_sources = list(latest["source_id"])
    srv = audit.surveys_section()
    survey_rows = io.read_table("surveys") if surveys is None else surveys
    quote = claims.set_index("claim_id")["quote"]
    low_year = min(A.arrivals, key=lambda y: A.arrivals[y].value)
    raw_ids = [f"escapee_suicide/{r}" for r in sui.get("record_ids", [])]
    smr, smr_ci = _estimate(
        sui["sex_adjusted_smr"], "sex-adjusted ratio (SMR)", raw_ids, []
    )
    crude, crude_ci = _estimate(sui["crude_ratio"], "crude ratio", raw_ids, [])
    other = sui.get("other_series_ratios") or {}
    published = {r["record_id"]: r for r in sui["published_ratios"]}
    long, recent = published[MOU_LONG], published[MOU_RECENT]
    raw = provenance.raw_files()
    return IntroductionFindings(
        article_author=F.article.author,
        article_year=int(F.article.date[:4]),
        article_headline=F.article.headline,
        quotes={
            c: Value.of(
                str(quote[c]),
                method="the article's words",
                raw=[f"article_claims/{c}"],
                sources=[audit.ARTICLE],
            )
            for c in ARTICLE_CLAIMS_QUOTED
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
        cumulative_total=A.cumulative_total,
        last_year=A.last_year,
        suicide_period=Value.of(sui["period"], method="the suicide_period parameters"),
        counts_series=Value.of(
            SERIES_NAMES.get(sui["counts_series"], sui["counts_series"]),
            method="the counts_series parameter",
        ),
        other_series=Value.of(
            SERIES_NAMES.get(
                sui.get("other_series") or "", sui.get("other_series") or ""
            ),
            method="the other published counts series",
        ),
        smr=smr,
        smr_interval=smr_ci,
        crude=crude,
        crude_interval=crude_ci,
        other_smr=Value.of(
            other.get("sex_adjusted_smr", {}).get("value"),
            ".2f",
            method="sex-adjusted ratio, other counts",
        ),
        other_crude=Value.of(
            other.get("crude_ratio", {}).get("value"),
            ".2f",
            method="crude ratio, other counts",
        ),
        mou_long=Value.of(
            sui["mou_2006_2020_ratio"],
            ".2f",
            method=f"MOU's published rates, {long['period']}",
            raw=[f"escapee_suicide/{long['record_id']}"],
            sources=[long["source_id"]],
        ),
        mou_long_period=Value.of(
            long["period"],
            raw=[f"escapee_suicide/{long['record_id']}"],
            sources=[long["source_id"]],
        ),
        mou_recent=Value.of(
            sui["mou_recent_three_years_ratio"],
            ".2f",
            method=f"MOU's published rates, {recent['period']}",
            raw=[f"escapee_suicide/{recent['record_id']}"],
            sources=[recent["source_id"]],
        ),
        published_rates=Value.of(len(published), "d", text=count_word(len(published))),
        around_double=F.verdict("C10"),
        around_double_name=F.claim("C10").verdict_name,
        claims=F.claims,
        korea_rate=Value.of(
            oecd["latest_korea_value"],
            "g",
            method=f"Korea's age-standardised rate, {oecd['latest_release']}",
            raw=korea_raw,
            sources=korea_sources,
        ),
        korea_year=Value.of(
            oecd["latest_data_year"], "d", raw=korea_raw, sources=korea_sources
        ),
        korea_ratio_to_average=Value.of(
            oecd["latest_ratio_to_average"],
            ".1f",
            method="Korea's rate over the OECD average",
            sources=korea_sources,
        ),
        korea_first_since=Value.of(
            oecd["first_since_data_year"],
            "d",
            method="first data year of Korea's current run at rank 1",
        ),
        survey_year=Value.of(srv["hana_life_satisfaction_latest"]["survey_year"], "d"),
        satisfied=Value.of(
            srv["hana_life_satisfaction_latest"]["pct"],
            ".1f",
            unit="%",
            method="Korea Hana Foundation survey, satisfied with life in South Korea",
            **dict(
                zip(
                    ("raw", "sources"),
                    survey_row_refs(
                        survey_rows,
                        SATISFACTION,
                        srv["hana_life_satisfaction_latest"]["survey_year"],
                        srv["hana_life_satisfaction_latest"]["pct"],
                    ),
                )
            ),
        ),
        discriminated=Value.of(
            srv["hana_discrimination_latest"]["pct"],
            ".1f",
            unit="%",
            method="Korea Hana Foundation survey, discrimination in the past year",
            **dict(
                zip(
                    ("raw", "sources"),
                    survey_row_refs(
                        survey_rows,
                        DISCRIMINATION,
                        srv["hana_discrimination_latest"]["survey_year"],
                        srv["hana_discrimination_latest"]["pct"],
                    ),
                )
            ),
        ),
        audit_quantitative=F.quantitative.claims,
        audit_quantitative_words=F.quantitative.words,
        audit_qualitative=F.qualitative.claims,
        audit_qualitative_words=F.qualitative.words,
        rules_sentence=F.rules_sentence,
        reference_date=F.reference_date,
        sources_count=Value.of(
            len(sources) - 1,
            "d",
            method="sources in data/raw/sources.csv, the article not counted",
        ),
        raw_files_count=Value.of(
            len(raw), "d", method="raw tables in data/raw/datapackage.json"
        ),
        raw_rows=Value.of(
            int(sum(r["rows"] for r in raw)), ",", method="rows in the raw tables"
        ),
    )


def legacy_results(I: IntroductionFindings) -> dict:
    """TRANSITIONAL: results_introduction.json (the build test reads its key numbers)."""
    return {"key_numbers": I.key_numbers()}
