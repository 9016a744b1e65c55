"""Arrivals of escapees by year and sex (Ministry of Unification): tidy tables and the comparisons.

Raw layout (``data/raw/arrivals.csv``): one row per published figure, in MOU's own period columns
(``~1998``, ``1999-2001``, then single years), with every vintage (provisional, revised) as its own row.
``in_main_series`` is false for sub-periods published on their own (single years inside ``~1998`` or
``1999-2001``), which must never be added to the main series; ``vintage_seq`` orders the vintages of
one period (publication dates alone tie where a page is dated only by year); ``part_year`` marks counts
published before the year was over, which are not vintages of the annual figure.
"""

from __future__ import annotations

import pandas as pd

from analysis.cleaning.clean import (
    check_sum,
    choose_vintage,
    parse_approximate_count,
    parse_count,
    parse_period,
    parse_published,
    where,
)
from analysis.errors import DataError

SEXES = ("male", "female", "total")


def tidy_vintages(raw: pd.DataFrame) -> pd.DataFrame:
    """Every published figure as one long row: period, start/end year, sex, value, vintage, source.

    Checks each row (counts, period label, date, men + women = total) and that no quantity is
    published twice by the same source on the same date.
    """
    rows = []
    for i, r in raw.iterrows():
        start, end = parse_period(r["period"], where(raw, i, "period"))
        published = parse_published(r["published"], where(raw, i, "published"))
        counts = {s: parse_count(r[s], where(raw, i, s)) for s in SEXES}
        if counts["total"] is None:
            raise DataError(f"{where(raw, i, 'total')}: every arrivals row needs a published total")
        check_sum(counts["male"], counts["female"], counts["total"], where(raw, i, "total"))
        for sex, value in counts.items():
            if value is not None:
                rows.append(
                    {
                        "period": r["period"].strip(),
                        "in_main_series": r["in_main_series"] == "true",
                        "start_year": start,
                        "end_year": end,
                        "sex": sex,
                        "arrivals": value,
                        "status": r["status"],
                        "published": r["published"],
                        "published_sort": "{:04d}-{:02d}-{:02d}".format(*published),
                        "vintage_seq": int(r["vintage_seq"]),
                        "part_year": r["part_year"] == "true",
                        "source_id": r["source_id"],
                        "row": i + 2,
                    }
                )
    long = pd.DataFrame(rows)
    long.attrs = dict(raw.attrs)
    dupes = long[long.duplicated(["period", "sex", "published", "source_id"], keep=False)]
    if not dupes.empty:
        first = dupes.iloc[0]
        rows_txt = ", ".join(str(x) for x in sorted(set(dupes["row"])))
        raise DataError(
            f"{raw.attrs.get('source_file', '<table>')} rows {rows_txt}: period {first['period']!r} is listed "
            f"more than once for the same source and publication date; expected one row per published figure"
        )
    long["start_year"] = long["start_year"].astype("Int64")
    return long


def adopt(vintages: pd.DataFrame, rule: str) -> pd.DataFrame:
    """Mark one adopted figure per (period, sex) by the vintage rule ('latest' or 'first').

    Returns ``vintages`` with a boolean ``adopted`` column; ``adopted(...)[lambda d: d.adopted]`` is
    the adopted table.
    """
    candidates = vintages[~vintages["part_year"]]
    chosen = choose_vintage(candidates, ["period", "sex"], rule, value="arrivals", order="vintage_seq")
    return vintages.assign(adopted=vintages.index.isin(chosen.index))


def adopted_table(vintages: pd.DataFrame, rule: str) -> pd.DataFrame:
    """The adopted figures only, sorted by period end and sex, with the rule that chose them."""
    marked = adopt(vintages, rule)
    table = marked[marked["adopted"]].drop(columns=["adopted", "published_sort", "row", "vintage_seq", "part_year"])
    return table.sort_values(["end_year", "sex"], kind="stable").reset_index(drop=True).assign(vintage_rule=rule)


def tidy_cumulative(raw: pd.DataFrame) -> pd.DataFrame:
    """Cumulative totals as reported: one row per date and sex, each row checked like the annual ones."""
    rows = []
    for i, r in raw.iterrows():
        parse_published(r["published"], where(raw, i, "published"), required=False)
        parse_published(r["as_of"], where(raw, i, "as_of"))
        parsed = {s: parse_approximate_count(r[s], where(raw, i, s)) for s in SEXES}
        counts = {s: v for s, (v, _) in parsed.items()}
        if not any(approx for _, approx in parsed.values()):
            check_sum(counts["male"], counts["female"], counts["total"], where(raw, i, "total"))
        rows += [
            {
                "as_of": r["as_of"],
                "as_of_label": r["as_of_label"],
                "sex": sex,
                "cumulative_arrivals": value,
                "approximate": parsed[sex][1],
                "published": r["published"],
                "source_id": r["source_id"],
            }
            for sex, value in counts.items()
            if value is not None
        ]
    return pd.DataFrame(rows)


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
