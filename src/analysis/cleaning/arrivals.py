"""Arrivals of escapees by year and sex (Ministry of Unification): cleaning rules: raw source table -> tidy tables.

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


def published_vintages(vintages: pd.DataFrame) -> pd.DataFrame:
    """Every published figure with its ``adopted`` mark, without the working columns (sort key, raw row):
    the ``arrivals_vintages`` table as saved."""
    return vintages.drop(columns=["published_sort", "row"])
