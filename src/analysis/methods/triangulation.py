"""Triangulation: MOU's published escapee suicide rates beside crude rates computed from the counts
(issue 17, item 8).

MOU published two rates per 100,000 escapees without their numerators or denominators
(``escapee_suicide.csv``): E01, 27.3 for 2006-2020 (segye-2022-01-13), and E02, 46 for "the past three
years" (koreaherald-2026-02-25, published February 2026, years not stated). Each counts series gives a
crude rate over the years of the published period it covers (``overlap``):

``rate = 1e5 * O / PY`` with ``PY`` from cumulative arrivals (``methods.suicide.person_years``) and the
exact Poisson interval of ``O``. Cumulative arrivals overstate the residents MOU may have divided by, by
at most ``F_high`` (the largest cumulative arrivals / resident frame in or next to the years;
``suicide_bounds.resident_frames``), so the rate on residents lies in ``[rate, rate * F_high]``, and the
interval that allows for both is ``[rate_lower, rate_upper * F_high]`` (``reach_upper``).

A published rate inside that reach is ``consistent`` with the series; above it, ``published_higher``;
below it, ``published_lower`` (``agreement``). Where two series cover the same years of a published
period, ``series_reading`` says what the published rate says about them: which series it is consistent
with, and which computed rate lies closer to it (on the log scale).

For E02 the years are not stated: each window "the past three years" can mean when published in 2026
(``suicide_sensitivity.candidate_windows``) is a row of its own.
"""

from __future__ import annotations

import math
from typing import Literal

import pandas as pd

from analysis.errors import DataError
from analysis.methods import stats
from analysis.methods import suicide as su
from analysis.methods import suicide_bounds as sb
from analysis.methods import suicide_sensitivity as ss

WINDOW_LENGTHS = {"E02": 3}  # record id -> "the past N years" as printed (koreaherald-2026-02-25)
SERIES = ("wi_sung_lac_2024", "hong_ki_won_2024", "kim_young_joo_2020", "kim_do_eup_2016")
Agreement = Literal["consistent", "published_higher", "published_lower"]
Reading = Literal["both_consistent", "consistent_with_first", "consistent_with_second", "neither", "not_comparable"]
COLUMNS = [
    "record_id",
    "published_period",
    "published_rate",
    "published_comparator",
    "window",
    "series",
    "overlap",
    "overlap_years",
    "observed",
    "person_years",
    "rate",
    "rate_lower",
    "rate_upper",
    "factor_high",
    "reach_upper",
    "agreement",
    "published_over_rate",
    "count_record_ids",
    "resident_record_ids",
    "flagged",
]


def published_windows(escapee: pd.DataFrame, published_year_of: dict[str, int] | None = None) -> pd.DataFrame:
    """MOU's published rates (indicator ``suicide_rate_per_100k``, no subgroup), one row per period they
    can cover: the stated period, or each candidate window of ``WINDOW_LENGTHS`` years."""
    rows = []
    rates = escapee[(escapee["indicator"] == "suicide_rate_per_100k") & (escapee["subgroup"].fillna("") == "")]
    for r in rates.itertuples():
        base = {"record_id": r.record_id, "published_period": r.period, "published_rate": float(r.value)}
        base["published_comparator"] = float(r.comparator) if pd.notna(r.comparator) else math.nan
        if pd.notna(r.period_start) and pd.notna(r.period_end):
            rows.append(base | {"start": int(r.period_start), "end": int(r.period_end)})
        elif r.record_id in WINDOW_LENGTHS:
            year = int(str(r.published)[:4])
            for a, b in ss.candidate_windows(year, WINDOW_LENGTHS[r.record_id]):
                rows.append(base | {"start": a, "end": b})
        else:
            raise DataError(f"data/raw/escapee_suicide.csv, row {r.record_id}: a rate with no period and no window")
    return pd.DataFrame(rows)


def coverage(escapee: pd.DataFrame, series: str) -> set[int]:
    """Years with a published full-year count of ``series``: its single years and its multi-year totals."""
    counts = su._all_escapees_counts(escapee)
    full = counts[~counts["partial_year"].astype(bool) & (counts["series"] == series)]
    return {y for r in full.itertuples() for y in range(int(r.period_start), int(r.period_end) + 1)}


def overlap(years: set[int], start: int, end: int) -> tuple[int, int] | None:
    """The longest run of consecutive covered years inside ``start..end`` (the earliest if tied), or None."""
    best, run = None, []
    for y in range(start, end + 2):
        if y <= end and y in years:
            run.append(y)
            continue
        if run and (best is None or len(run) > best[1] - best[0] + 1):
            best = (run[0], run[-1])
        run = []
    return best


def agreement(published: float, lower: float, reach_upper: float) -> Agreement:
    """Where a published rate lies against ``[lower, reach_upper]``."""
    if published > reach_upper:
        return "published_higher"
    if published < lower:
        return "published_lower"
    return "consistent"


def factor_high(frames: list[sb.ResidentFrame], start: int, end: int) -> tuple[float, tuple[str, ...]]:
    """The largest cumulative arrivals / resident frame with an arrival cut-off in ``start - 1 .. end``
    (1 and no rows when none: the residents cannot then be allowed for)."""
    used = [f for f in frames if start - 1 <= f.arrived_by_year <= end]
    if not used:
        return 1.0, ()
    top = max(used, key=lambda f: f.overstatement.value)
    return float(top.overstatement.value), tuple(top.residents.raw)


def computed_rate(escapee, cumulative, frames, start, end, series, denominator, level) -> dict | None:
    """The crude rate of ``series`` over its covered years in ``start..end`` (None when it covers none)."""
    span = overlap(coverage(escapee, series), start, end)
    if span is None:
        return None
    a, b = span
    pooled = su.pooled_count(escapee, a, b, series)
    if set(pooled.series_by_year.values()) != {series}:
        raise DataError(f"{series}: the count for {a}-{b} mixes series ({pooled.series})")
    py = float(su.person_years(cumulative, a, b, denominator)["total"].sum())
    rate, lo, hi = stats.rate_ci(pooled.count, py, level)
    f, resident_rows = factor_high(frames, a, b)
    ids = ";".join(f"escapee_suicide/{i}" for i in pooled.record_ids)
    return {
        "series": series,
        "overlap": "full" if (a, b) == (start, end) else "partial",
        "overlap_years": f"{a}-{b}" if a != b else str(a),
        "observed": pooled.count,
        "person_years": py,
        "rate": rate,
        "rate_lower": lo,
        "rate_upper": hi,
        "factor_high": f,
        "reach_upper": hi * f,
        "count_record_ids": ids,
        "resident_record_ids": ";".join(resident_rows),
    }


def triangulation_table(
    escapee: pd.DataFrame,
    cumulative: pd.DataFrame,
    residents: pd.DataFrame,
    denominator: str = "midyear_cumulative",
    level: float = 0.95,
    series: tuple[str, ...] = SERIES,
) -> pd.DataFrame:
    """Every published MOU rate (and candidate window) beside each series' computed rate (tidy, ``COLUMNS``).

    A window that no series covers is kept as one row with ``overlap`` "none" and no numbers (a gap).
    ``flagged``: the series' counts come from a body reported not to record causes of death
    (``cause_not_tracked_source``); ``residents`` is the raw ``residents`` table.
    """
    frames = sb.resident_frames(residents, cumulative)
    flagged = set(escapee.loc[escapee["cause_not_tracked_source"].fillna("") != "", "series"])
    rows = []
    for w in published_windows(escapee).itertuples():
        base = {k: getattr(w, k) for k in ("record_id", "published_period", "published_rate")}
        base |= {"published_comparator": w.published_comparator, "window": f"{w.start}-{w.end}"}
        found = [
            c
            for s in series
            if (c := computed_rate(escapee, cumulative, frames, w.start, w.end, s, denominator, level))
        ]
        if not found:  # a gap, kept as a row: no series counted any year of the window
            rows.append(base | {"series": "", "overlap": "none", "overlap_years": ""})
        for c in found:
            row = base | c
            row["agreement"] = agreement(w.published_rate, c["rate_lower"], c["reach_upper"])
            row["published_over_rate"] = w.published_rate / c["rate"] if c["rate"] > 0 else math.inf
            row["flagged"] = c["series"] in flagged
            rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def series_reading(table: pd.DataFrame, record_id: str, window: str, first: str, second: str) -> dict:
    """What one published rate says about two series over the same years.

    ``reading``: ``not_comparable`` unless both series have a row for the window over the same years;
    else ``both_consistent``, ``consistent_with_first``, ``consistent_with_second`` or ``neither``.
    ``closer``: the series whose computed rate lies nearer the published one, ``|ln(published / rate)|``
    (None when not comparable or equally near).
    """
    t = table[(table["record_id"] == record_id) & (table["window"] == window)].set_index("series")
    if first not in t.index or second not in t.index or t.at[first, "overlap_years"] != t.at[second, "overlap_years"]:
        return {"reading": "not_comparable", "closer": None, "years": None}
    ok = {s: t.at[s, "agreement"] == "consistent" for s in (first, second)}
    reading = {
        (True, True): "both_consistent",
        (True, False): "consistent_with_first",
        (False, True): "consistent_with_second",
        (False, False): "neither",
    }[(ok[first], ok[second])]
    dist = {s: abs(math.log(t.at[s, "published_over_rate"])) for s in (first, second)}
    closer = None if dist[first] == dist[second] else min(dist, key=dist.get)
    return {"reading": reading, "closer": closer, "years": t.at[first, "overlap_years"]}


def discriminating_window(table: pd.DataFrame, record_id: str, first: str, second: str) -> str | None:
    """Of a published rate's windows, the one where two series cover the same years and their computed rates
    differ most (``|ln(rate_first / rate_second)|``): the window the published rate can speak to. None when
    no window has both series over the same years with different counts."""
    best, gap = None, 0.0
    for window in dict.fromkeys(table.loc[table["record_id"] == record_id, "window"]):
        if series_reading(table, record_id, window, first, second)["reading"] == "not_comparable":
            continue
        t = table[(table["record_id"] == record_id) & (table["window"] == window)].set_index("series")
        d = abs(math.log(t.at[first, "rate"] / t.at[second, "rate"]))
        if d > gap:
            best, gap = window, d
    return best
