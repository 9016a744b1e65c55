"""Arrivals of escapees by year and sex (Ministry of Unification): the comparisons on the tidy tables.

The raw layout and the cleaning rules that make the tidy tables are described in
:mod:`analysis.cleaning.arrivals`.
"""

from __future__ import annotations

import pandas as pd

from analysis.cleaning.arrivals import SEXES


def wide(adopted: pd.DataFrame, main_only: bool = True) -> pd.DataFrame:
    """Adopted arrivals as one row per period with male, female, total columns.

    ``main_only`` keeps MOU's own periods (which add up to the cumulative total); otherwise the single
    years published inside ``~1998`` and ``1999-2001`` are included too (never to be summed with them).
    """
    if main_only:
        adopted = adopted[adopted["in_main_series"]]
    table = adopted.set_index(["period", "start_year", "end_year", "sex"])["arrivals"].unstack("sex").reset_index()
    table.columns.name = None
    return table.sort_values("end_year", kind="stable").reset_index(drop=True)


def single_years(adopted: pd.DataFrame, main_only: bool = True) -> pd.DataFrame:
    """Adopted single-year rows only (start year = end year), indexed by year.

    With ``main_only=False`` the years before 2002 that sources published inside MOU's multi-year
    columns (1994, 1996-2001: totals only) are included, for comparisons such as "lowest since".
    """
    table = wide(adopted, main_only)
    table = table[table["start_year"] == table["end_year"]]
    return table.set_index("end_year").rename_axis("year")[[c for c in SEXES if c in table]]


def lowest_since(totals: pd.Series, year: int) -> int | None:
    """The latest earlier year with arrivals at or below ``year``'s; None if none in the series.

    ``year`` is 'the lowest since X+1', i.e. the lowest in ``year - X - 1`` years.
    """
    value = totals.loc[year]
    earlier = totals.loc[: year - 1]
    at_or_below = earlier[earlier <= value]
    return int(at_or_below.index.max()) if len(at_or_below) else None


def cumulative(adopted: pd.DataFrame) -> pd.DataFrame:
    """Running sums of the adopted figures, by period end (what MOU's cumulative totals should equal)."""
    table = wide(adopted).set_index("end_year")[list(SEXES)]
    return table.cumsum()


def revisions(vintages: pd.DataFrame) -> pd.DataFrame:
    """MOU's single-year totals whose first-announced figure differs from its latest revision.

    ``vintages``: every published figure (the processed ``arrivals_vintages`` table); figures published before
    a year was over are not vintages. Returns one row per revised year, indexed by year: ``first``, ``latest``
    (by ``vintage_seq``, as the vintage rule orders them) and ``change`` (latest minus first).
    """
    v = vintages[
        (vintages["sex"] == "total")
        & ~vintages["part_year"].astype(bool)
        & vintages["in_main_series"].astype(bool)
        & vintages["period"].astype(str).str.fullmatch(r"\d{4}")
    ].sort_values("vintage_seq", kind="stable")
    by_year = v.groupby(v["period"].astype(int))["arrivals"].agg(["first", "last"]).rename(columns={"last": "latest"})
    by_year["change"] = by_year["latest"] - by_year["first"]
    return by_year[by_year["change"] != 0].rename_axis("year")
