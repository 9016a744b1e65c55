"""pandera schemas of the processed tables made by the clean_mortality step: escapee_suicide, kostat, oecd."""

from __future__ import annotations

import pandera.pandas as pa

from analysis.cleaning.schemas import ADOPTION, DATE, PROVENANCE, SEX, YEAR, across_rows, ordered_table

# what qualified a printed figure (approximate, a range, a word); empty for a plain number
QUALIFIER = pa.Column(str, pa.Check.isin(["", "approximate", "range", "word"]), nullable=True)

escapee_suicide = ordered_table(
    {
        "record_id": pa.Column(str, pa.Check.str_matches(r"^E\d{2}[a-z]?p?$"), unique=True),
        "period": pa.Column(str),
        "period_start": pa.Column("Int64", YEAR, nullable=True),
        "period_end": pa.Column("Int64", YEAR, nullable=True),
        "partial_year": pa.Column(bool),
        "subgroup": pa.Column(str, nullable=True),
        "indicator": pa.Column(str),
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "value_as_printed": pa.Column(str),
        "qualifier": QUALIFIER,
        "unit": pa.Column(str),
        "comparator": pa.Column(float, pa.Check.ge(0), nullable=True),
        "comparator_as_printed": pa.Column(str, nullable=True),
        "comparator_qualifier": QUALIFIER,
        "comparator_definition": pa.Column(str, nullable=True),
        "stated_ratio": pa.Column(str, nullable=True),
        "series": pa.Column(str),
        "basis": pa.Column(str),
        "attributed_to": pa.Column(str),
        "published": pa.Column(str, pa.Check.str_matches(DATE)),
        **PROVENANCE,
        "cause_not_tracked_source": pa.Column(str, nullable=True),
    },
    across_rows(
        lambda d: (d["qualifier"].fillna("") == "") == d["value"].notna(),
        "a value is numeric exactly when it is printed without a qualifier",
    ),
    across_rows(
        lambda d: (d["period_end"].isna() | (d["period_end"] >= d["period_start"])).fillna(True),
        "period_end must not be before period_start",
    ),
)

kostat = ordered_table(
    {
        "row_id": pa.Column(str, pa.Check.str_matches(r"^K\d{3}$"), unique=True),
        "year": pa.Column(int, YEAR),
        "period_start": pa.Column(int, YEAR),
        "period_end": pa.Column(int, YEAR),
        "partial_year": pa.Column(bool),
        "indicator": pa.Column(str),
        "sex": SEX,
        "age_group": pa.Column(str, nullable=True),
        "value": pa.Column(float, pa.Check.ge(0)),
        "unit": pa.Column(str),
        "status": pa.Column(str, pa.Check.isin(["provisional", "final"])),
        "series": pa.Column(str),
        **PROVENANCE,
        **ADOPTION,
    }
)

oecd = ordered_table(
    {
        "row_id": pa.Column(str, pa.Check.str_matches(r"^O\d{3}$"), unique=True),
        "data_year": pa.Column("Int64", YEAR, nullable=True),
        "data_year_as_printed": pa.Column(str),
        "data_year_qualifier": pa.Column(str, nullable=True),
        "country": pa.Column(str),
        "sex": SEX,
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "unit": pa.Column(str),
        "standardisation": pa.Column(str),
        "comparable": pa.Column(bool),
        "release": pa.Column(str),
        "release_id": pa.Column(str),
        "release_date": pa.Column(str, nullable=True),
        "release_sort": pa.Column(str, nullable=True),
        "kostat_own_release": pa.Column(bool),
        "rank_stated": pa.Column(str, nullable=True),
        "rank": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        **PROVENANCE,
    }
)
