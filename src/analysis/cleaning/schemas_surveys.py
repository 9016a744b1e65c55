"""pandera schemas of the processed tables made by the clean_surveys step: surveys, facts, claims, sources."""

from __future__ import annotations

import pandera.pandas as pa

from analysis.cleaning.schemas import ADOPTION, DATE, PROVENANCE, YEAR, across_rows, ordered_table

surveys = ordered_table(
    {
        "source": pa.Column(str, pa.Check.isin(["hana", "nkdb"])),
        "row_id": pa.Column(str, pa.Check.str_matches(r"^[HK]\d{3}$"), unique=True),
        "survey_year": pa.Column("Int64", YEAR, nullable=True),
        "publication_year": pa.Column("Int64", YEAR, nullable=True),
        "publication_years": pa.Column(str, pa.Check.str_matches(r"^\d{4}(/\d{4})?$"), nullable=True),
        "published": pa.Column(str, pa.Check.str_matches(DATE), nullable=True),
        "indicator": pa.Column(str, pa.Check.str_matches(r"^[A-Za-z0-9_]+$")),
        "group": pa.Column(str, pa.Check.str_matches(r"^(defectors|general_public)(_[a-z0-9_]+)?$")),
        "value": pa.Column(float, pa.Check.ge(0)),
        "unit": pa.Column(str, pa.Check.isin(["percent", "pp", "KRW", "months", "hours", "count"])),
        "sample_size": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "qualifier": pa.Column(str, nullable=True),
        "flag": pa.Column(str, pa.Check.isin(["conflict", "ambiguous_year", "caution"]), nullable=True),
        **PROVENANCE,
        **ADOPTION,
    },
    across_rows(lambda d: ~((d["unit"] == "percent") & (d["value"] > 100)), "percent values must be at most 100"),
)

facts = ordered_table(
    {
        "fact_id": pa.Column(str, pa.Check.str_matches(r"^F\d{2}$"), unique=True),
        "topic": pa.Column(str),
        "statement": pa.Column(str),
        "value_published": pa.Column(str),
        "value": pa.Column(float, nullable=True),
        "date": pa.Column(str, nullable=True),
        "unit": pa.Column(
            str, pa.Check.isin(["date", "month", "year", "years", "weeks", "months", "persons", "percent"])
        ),
        "qualifier": pa.Column(str, nullable=True),
        **PROVENANCE,
    }
)

claims = ordered_table(
    {
        "claim_id": pa.Column(str, pa.Check.str_matches(r"^C\d{2}$"), unique=True),
        "topic": pa.Column(str),
        "quote": pa.Column(str),
        "quantity": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_]+$"), unique=True),
        "kind": pa.Column(str, pa.Check.isin(["quantitative", "qualitative"])),
        "claimed_value": pa.Column(float, nullable=True),
        "claimed_unit": pa.Column(str, nullable=True),
        **PROVENANCE,
    }
)

sources = ordered_table(
    {
        "source_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9-]*$"), unique=True),
        "publisher": pa.Column(str),
        "title": pa.Column(str),
        "url": pa.Column(str, pa.Check.str_matches(r"^https?://"), unique=True),
        "date_published": pa.Column(str, nullable=True),
        "accessed": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "language": pa.Column(str, nullable=True),
        "note": pa.Column(str, nullable=True),
    }
)
