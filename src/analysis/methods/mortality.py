"""Suicide mortality tables (escapees, KOSTAT, OECD) read back from data/processed/ with their types.

The cleaning rules that make them from the raw tables are in ``analysis.cleaning.mortality``.
"""

from __future__ import annotations

import pandas as pd


# --------------------------------------------------------------------------------------------------
# Reading the processed tables back with their types
# --------------------------------------------------------------------------------------------------
def read_escapee() -> pd.DataFrame:
    from analysis import io

    text = [
        "period",
        "subgroup",
        "value_as_printed",
        "qualifier",
        "comparator_as_printed",
        "comparator_qualifier",
        "comparator_definition",
        "stated_ratio",
        "published",
        "note",
        "cause_not_tracked_source",
    ]
    df = io.read_table(
        "escapee_suicide",
        dtype={c: str for c in text} | {"period_start": "Int64", "period_end": "Int64"},
        keep_default_na=False,
        na_values={"value": [""], "comparator": [""], "period_start": [""], "period_end": [""]},
    )
    return df


def read_kostat() -> pd.DataFrame:
    from analysis import io

    return io.read_table(
        "kostat", dtype={"age_group": str, "note": str}, keep_default_na=False, na_values={"value": [""]}
    )


def read_oecd() -> pd.DataFrame:
    from analysis import io

    text = ["data_year_as_printed", "data_year_qualifier", "release_date", "release_sort", "rank_stated", "note"]
    return io.read_table(
        "oecd",
        dtype={c: str for c in text} | {"data_year": "Int64", "rank": "Int64"},
        keep_default_na=False,
        na_values={"value": [""], "data_year": [""], "rank": [""]},
    )
