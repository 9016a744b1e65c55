"""pandera schemas of the processed tables made by the clean_mortality step: escapee_suicide, kostat, oecd."""

from __future__ import annotations

import pandera.pandas as pa

from analysis.cleaning.schemas import SOURCE_ID, YEAR

escapee_suicide = pa.DataFrameSchema(
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
        "qualifier": pa.Column(str, pa.Check.isin(["", "approximate", "range", "word"]), nullable=True),
        "unit": pa.Column(str),
        "comparator": pa.Column(float, pa.Check.ge(0), nullable=True),
        "comparator_as_printed": pa.Column(str, nullable=True),
        "comparator_qualifier": pa.Column(str, pa.Check.isin(["", "approximate", "range", "word"]), nullable=True),
        "comparator_definition": pa.Column(str, nullable=True),
        "stated_ratio": pa.Column(str, nullable=True),
        "series": pa.Column(str),
        "basis": pa.Column(str),
        "attributed_to": pa.Column(str),
        "published": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$")),
        "source_id": SOURCE_ID,
        "note": pa.Column(str, nullable=True),
        "cause_not_tracked_source": pa.Column(str, nullable=True),
    },
    checks=[
        pa.Check(
            lambda d: (d["qualifier"].fillna("") == "") == d["value"].notna(),
            element_wise=False,
            error="a value is numeric exactly when it is printed without a qualifier",
        ),
        pa.Check(
            lambda d: (d["period_end"].isna() | (d["period_end"] >= d["period_start"])).fillna(True),
            element_wise=False,
            error="period_end must not be before period_start",
        ),
    ],
    strict=True,
    ordered=True,
)

kostat = pa.DataFrameSchema(
    {
        "row_id": pa.Column(str, pa.Check.str_matches(r"^K\d{3}$"), unique=True),
        "year": pa.Column(int, YEAR),
        "period_start": pa.Column(int, YEAR),
        "period_end": pa.Column(int, YEAR),
        "partial_year": pa.Column(bool),
        "indicator": pa.Column(str),
        "sex": pa.Column(str, pa.Check.isin(["male", "female", "total"])),
        "age_group": pa.Column(str, nullable=True),
        "value": pa.Column(float, pa.Check.ge(0)),
        "unit": pa.Column(str),
        "status": pa.Column(str, pa.Check.isin(["provisional", "final"])),
        "series": pa.Column(str),
        "source_id": SOURCE_ID,
        "note": pa.Column(str, nullable=True),
        "adopted": pa.Column(bool),
        "vintage_rule": pa.Column(str, pa.Check.isin(["latest", "first"])),
    },
    strict=True,
    ordered=True,
)

oecd = pa.DataFrameSchema(
    {
        "row_id": pa.Column(str, pa.Check.str_matches(r"^O\d{3}$"), unique=True),
        "data_year": pa.Column("Int64", YEAR, nullable=True),
        "data_year_as_printed": pa.Column(str),
        "data_year_qualifier": pa.Column(str, nullable=True),
        "country": pa.Column(str),
        "sex": pa.Column(str, pa.Check.isin(["male", "female", "total"])),
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
        "source_id": SOURCE_ID,
        "note": pa.Column(str, nullable=True),
    },
    strict=True,
    ordered=True,
)
