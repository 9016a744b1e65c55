"""pandera schemas of the processed tables: what every notebook may rely on when it reads one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandera.pandas as pa

SOURCE_ID = pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9-]*$"), nullable=False)
YEAR = pa.Check.in_range(1980, 2030)
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # YYYY, YYYY-MM or YYYY-MM-DD
SEX = pa.Column(str, pa.Check.isin(["male", "female", "total"]))
VINTAGE_RULE = pa.Column(str, pa.Check.isin(["latest", "first"]))
# where a row was read (its source) and any note on it: the last columns of most processed tables
PROVENANCE = {"source_id": SOURCE_ID, "note": pa.Column(str, nullable=True)}
# whether a row is the figure the vintage rule adopted, and which rule it was
ADOPTION = {"adopted": pa.Column(bool), "vintage_rule": VINTAGE_RULE}


def ordered_table(columns: dict[str, pa.Column], *checks: pa.Check) -> pa.DataFrameSchema:
    """A processed table's schema: exactly these columns, in this order, and the checks across its rows."""
    return pa.DataFrameSchema(columns, checks=list(checks), strict=True, ordered=True)


def across_rows(check: Callable[[Any], Any], error: str) -> pa.Check:
    """A check of the whole frame (``check`` takes the frame and returns a boolean per row)."""
    return pa.Check(check, element_wise=False, error=error)


_ARRIVAL_FIGURE = {
    "period": pa.Column(str),
    "in_main_series": pa.Column(bool),
    "start_year": pa.Column("Int64", YEAR, nullable=True),
    "end_year": pa.Column(int, YEAR),
    "sex": SEX,
    "arrivals": pa.Column(int, pa.Check.ge(0)),
    "status": pa.Column(str, pa.Check.isin(["provisional", "final", "revised"])),
    "published": pa.Column(str),
    "source_id": SOURCE_ID,
}

arrivals_vintages = pa.DataFrameSchema(
    {
        **_ARRIVAL_FIGURE,
        "vintage_seq": pa.Column(int, pa.Check.ge(1)),
        "part_year": pa.Column(bool),
        "adopted": pa.Column(bool),
    },
    strict=True,
    unique=["period", "sex", "published", "source_id"],
)

arrivals = pa.DataFrameSchema(
    {**_ARRIVAL_FIGURE, "vintage_rule": VINTAGE_RULE},
    strict=True,
    unique=["period", "sex"],
)

arrivals_cumulative = pa.DataFrameSchema(
    {
        "as_of": pa.Column(str),
        "as_of_label": pa.Column(str),
        "sex": SEX,
        "cumulative_arrivals": pa.Column(int, pa.Check.ge(0)),
        "approximate": pa.Column(bool),
        "published": pa.Column(str),
        "source_id": SOURCE_ID,
    },
    strict=True,
)
