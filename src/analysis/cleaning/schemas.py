"""pandera schemas of the processed tables: what every notebook may rely on when it reads one."""

from __future__ import annotations

import pandera.pandas as pa

SOURCE_ID = pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9-]*$"), nullable=False)
YEAR = pa.Check.in_range(1980, 2030)

_ARRIVAL_FIGURE = {
    "period": pa.Column(str),
    "in_main_series": pa.Column(bool),
    "start_year": pa.Column("Int64", YEAR, nullable=True),
    "end_year": pa.Column(int, YEAR),
    "sex": pa.Column(str, pa.Check.isin(["male", "female", "total"])),
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
    {**_ARRIVAL_FIGURE, "vintage_rule": pa.Column(str, pa.Check.isin(["latest", "first"]))},
    strict=True,
    unique=["period", "sex"],
)

arrivals_cumulative = pa.DataFrameSchema(
    {
        "as_of": pa.Column(str),
        "as_of_label": pa.Column(str),
        "sex": pa.Column(str, pa.Check.isin(["male", "female", "total"])),
        "cumulative_arrivals": pa.Column(int, pa.Check.ge(0)),
        "approximate": pa.Column(bool),
        "published": pa.Column(str),
        "source_id": SOURCE_ID,
    },
    strict=True,
)
