"""Escapee suicide rates against South Korea's: every basis the published sources allow, side by side.

Four bases, each measuring something different:

1. **Published per-100,000 comparisons** (Ministry of Unification): two published rates, ratio computed.
   Numerators and denominators were not disclosed, so no interval.
2. **Crude rate ratio from published counts**: pooled escapee suicides over a period, divided by the
   number expected if escapees died by suicide at KOSTAT's crude rate of each year,
   ``E = sum_y r_y * PY_y / 100,000``, ``ratio = O / E``, with the exact Poisson interval of O.
3. **Sex-adjusted SMR** (indirect standardisation by sex): ``E = sum_y sum_s r_ys * PY_ys / 100,000``
   with KOSTAT's sex-specific crude rates and escapee person-years by sex.
4. **Share of deaths** (proportionate mortality): the escapees' published share of deaths that were
   suicides, against KOSTAT's pooled share ``sum suicides / sum all deaths`` for the same years. *Not a
   risk ratio*: a young population has few deaths from other causes, so any one cause's share is high.

Person-years come from MOU's cumulative arrivals (the only published denominator). Cumulative arrivals
count people who have since died, emigrated or returned north, so they overstate the population at risk
and every rate and ratio computed on them is biased *downward* (too low). That is a bias toward 1 only
when the true ratio is above 1. No resident count by year (let alone by age and sex) has been published:
that is a gap, not something estimated here.

Age is not adjusted for here: the published data have no age-sex table of resident escapees.
KOSTAT's age-specific rates alone do not tell the direction of the age bias (``age_direction``): they
lie below the all-ages rate at the youngest ages but above it at 40-69 as well as at 70+; escapees who
arrived young are younger than the general population (pushing the expected count down), while the
large cohorts of earlier arrivals have aged into 40-69 (pushing it up). The bias is *bounded*, not left
open: ``suicide_bounds.age_scenarios`` brackets the ratio between two age structures built from MOU's
published age at entry (no ageing since entry; aged since entry), and ``suicide_bounds.age_direction``
reads from that bracket which way adjusting for age moves the ratio, as Section 4.3 reports.
"""

from __future__ import annotations

import functools
import hashlib
import re
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from analysis.core import citations
from analysis.errors import DataError
from analysis.methods import arrivals as arr
from analysis.methods import stats

T = TypeVar("T")

DENOMINATORS = ("midyear_cumulative", "yearend_cumulative")
SEXES = ("male", "female")
PERIOD_PARAMS = "suicide_period_start/suicide_period_end"


# --------------------------------------------------------------------------------------------------
# Person-years
# --------------------------------------------------------------------------------------------------
def cumulative_by_sex(adopted_arrivals: pd.DataFrame) -> pd.DataFrame:
    """Cumulative arrivals at the end of each year, by sex (index: year; columns male, female, total).

    The running sum of MOU's adopted annual arrivals (``~1998``, ``1999-2001``, then single years), which
    is what MOU's own cumulative totals count (section 3 checks them against the totals it reported).
    """
    return arr.cumulative(adopted_arrivals)


def person_years(cumulative: pd.DataFrame, start: int, end: int, denominator: str) -> pd.DataFrame:
    """Escapee person-years at risk in each year ``start..end``, by sex, from cumulative arrivals.

    ``midyear_cumulative``: ``PY_y = (C_{y-1} + C_y) / 2``, the mean of the cumulative totals at the end of
    the previous year and at the end of the year (arrivals spread over the year);
    ``yearend_cumulative``: ``PY_y = C_y``.

    Cumulative arrivals overstate the resident population (deaths, emigration, re-defection), so rates
    and ratios on them are biased downward (too low; toward 1 only if the true ratio is above 1); no
    resident count was published (a gap).

    Returns a frame indexed by year with columns male, female, total.
    """
    if denominator not in DENOMINATORS:
        raise DataError(f"denominator must be one of {', '.join(DENOMINATORS)}, got {denominator!r}")
    needed = list(range(start - 1 if denominator == "midyear_cumulative" else start, end + 1))
    missing = [y for y in needed if y not in cumulative.index]
    if missing:
        raise DataError(
            f"no cumulative arrivals at the end of {', '.join(map(str, missing))}, needed for "
            f"{denominator} person-years in {start}-{end} ({PERIOD_PARAMS})"
        )
    cols = ["male", "female", "total"]
    c = cumulative[cols].astype(float)
    years = list(range(start, end + 1))
    if denominator == "yearend_cumulative":
        out = c.loc[years]
    else:
        out = pd.DataFrame({col: [(c.at[y - 1, col] + c.at[y, col]) / 2 for y in years] for col in cols}, index=years)
    out.index.name = "year"
    return out


# --------------------------------------------------------------------------------------------------
# Escapee counts
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PooledCount:
    """Escapee suicides pooled over ``start..end``: the count and where each part came from."""

    count: int
    start: int
    end: int
    by_year: dict[int, int] = field(default_factory=dict)  # empty when a published period total was used
    series_by_year: dict[int, str] = field(default_factory=dict)
    record_ids: tuple[str, ...] = ()
    published_total: bool = False
    derived_from: tuple[int, int, int] | None = None  # (a, b, total) when derived as a total less yearly counts
    # year -> (the total's own yearly count, the chosen series' count put in its place); see pooled_count rule 3
    substituted: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def series(self) -> str:
        """The series used, e.g. 'kim_young_joo_2020' or 'kim_do_eup_2016 (2013-2015) + ...'."""
        if len(set(self.series_by_year.values())) == 1:
            return next(iter(self.series_by_year.values()))
        parts, last = [], None
        for y, s in sorted(self.series_by_year.items()):
            if last and last[0] == s and last[2] == y - 1:
                last[2] = y
            else:
                last = [s, y, y]
                parts.append(last)
        return " + ".join(f"{s} ({a}-{b})" if a != b else f"{s} ({a})" for s, a, b in parts)


def _remembered(fn: Callable[..., T]) -> Callable[..., T]:
    """``fn(table, *args)`` remembered for each table content (``_content_key``) and arguments, a ``DataError``
    too: the sensitivity grid, the specification curve and the bias analysis ask for the same rows and periods
    hundreds of times in one build. A table or series comes back as its own copy, so a caller that changes it changes
    nothing else."""
    memo: dict[tuple, T | str] = {}

    @functools.wraps(fn)
    def remembered(table: pd.DataFrame, *args: Any, **kwargs: Any) -> T:
        key = (_content_key(table), args, tuple(sorted(kwargs.items())))
        if key not in memo:
            try:
                memo[key] = fn(table, *args, **kwargs)
            except DataError as e:
                memo[key] = str(e)
        found = memo[key]
        if isinstance(found, str):
            raise DataError(found)
        return found.copy() if isinstance(found, pd.DataFrame | pd.Series) else found  # type: ignore[return-value]

    return remembered


@_remembered
def _all_escapees_counts(escapee: pd.DataFrame) -> pd.DataFrame:
    """Published suicide counts for all escapees (no subgroup), numeric, with stated years."""
    e = escapee
    sub = e["subgroup"].fillna("")
    return e[(e["indicator"] == "suicide_count") & (sub == "") & e["value"].notna() & e["period_start"].notna()]


_KEYS: dict[int, tuple[weakref.ref, str]] = {}  # the content key of each live table, by its id


def _content_key(frame: pd.DataFrame) -> str:
    """A hash of the table's content (values, index and column names): equal tables share a key. Hashed once
    for each table object (tables are not changed in place here)."""
    known = _KEYS.get(id(frame))
    if known is not None and known[0]() is frame:
        return known[1]
    digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    digest.update(repr(list(frame.columns)).encode())
    key, at = digest.hexdigest(), id(frame)
    _KEYS[at] = (weakref.ref(frame, lambda _: _KEYS.pop(at, None)), key)  # dropped when the table is freed
    return key


@_remembered
def pooled_count(escapee: pd.DataFrame, start: int, end: int, series: str) -> PooledCount:
    """:func:`count_for_period`, remembered for each table content, period and series (a gap's error too)."""
    return count_for_period(escapee, start, end, series)


def count_for_period(escapee: pd.DataFrame, start: int, end: int, series: str) -> PooledCount:
    """Escapee suicides over ``start..end`` from published full-year counts.

    Rules, in order:

    1. a published total for exactly ``start..end`` (full years) from ``series`` is used as published
       (e.g. Wi Sung-lac's 100 for 2013-2022);
    2. a published total of ``series`` for a longer period, less the same series' published yearly counts
       for the years of it outside ``start..end`` (``derived_count``; e.g. 2013-2019 = 100 - 9 - 18 - 15);
    3. a published total of another series that covers ``start..end`` (as in 1 or 2), with ``series``'s
       full-year counts put in place of that series' own yearly counts for the years both published
       (``substituted``): ``series`` chooses only where two sources counted the same year. E.g. Hong
       Ki-won's 2013-2022 = Wi's 100 - (9 + 18 + 15) + (7 + 6 + 15) = 86;
    4. otherwise ``O = sum_y O_y`` over published single-year, full-year counts. Where a year has
       counts from more than one series (2020-2021: Wi 9 and 18, Hong 7 and 6), ``series`` chooses;
       a year with one published series uses it.

    A year with no published full-year count is a gap: a DataError names the year, what was published
    for it (e.g. only January-August 2016), and the parameters to change. Nothing is filled in.
    """
    counts = _all_escapees_counts(escapee)
    full = counts[~counts["partial_year"].astype(bool)]
    own = total_count(full, start, end, series)
    if own is not None:
        return own
    substituted = substituted_count(full, start, end, series)
    if substituted is not None:
        return substituted
    single = full[full["period_start"] == full["period_end"]]
    by_year, series_by_year, ids = {}, {}, []
    for y in range(start, end + 1):
        rows = single[single["period_start"] == y]
        if rows.empty:
            partial = counts[
                (counts["period_start"] <= y) & (counts["period_end"] >= y) & counts["partial_year"].astype(bool)
            ]
            seen = "; ".join(f"{r.period}: {int(r.value)} ({r.series})" for r in partial.itertuples())
            raise DataError(
                f"no published full-year escapee suicide count for {y}"
                + (f" (only part-year counts: {seen})" if seen else "")
                + f"; the period {start}-{end} ({PERIOD_PARAMS} = {start}/{end}) includes it. A gap is "
                "reported, not filled: choose a period whose every year has a published count"
            )
        if rows["series"].nunique() > 1:
            chosen = rows[rows["series"] == series]
            if chosen.empty:
                raise DataError(
                    f"{y}: counts from {', '.join(sorted(rows['series']))} disagree and counts_series={series!r} "
                    "is not one of them"
                )
            rows = chosen
        if len(rows) > 1:
            raise DataError(
                f"{y}: more than one full-year count from series {rows['series'].iloc[0]} "
                f"({', '.join(rows['record_id'])})"
            )
        r = rows.iloc[0]
        by_year[y], series_by_year[y] = int(r["value"]), r["series"]
        ids.append(r["record_id"])
    return PooledCount(sum(by_year.values()), start, end, by_year, series_by_year, tuple(ids))


def missing_count_years(escapee: pd.DataFrame, start: int, end: int) -> list[int]:
    """The years of ``start..end`` without a published full-year count of their own (a period total
    covering them does not count: it gives no single year's count unless ``derived_count`` can)."""
    full = _all_escapees_counts(escapee)
    full = full[~full["partial_year"].astype(bool) & (full["period_start"] == full["period_end"])]
    counted = {int(y) for y in full["period_start"]}
    return [y for y in range(start, end + 1) if y not in counted]


def derived_count(full: pd.DataFrame, start: int, end: int, series: str) -> PooledCount | None:
    """Suicides over ``start..end`` as one series' published period total less its own yearly counts.

    ``O_{start..end} = T_{a..b} - sum_{y in a..b, y outside start..end} O_y``, where ``T_{a..b}`` is a
    published full-year total of ``series`` for a period ``a..b`` that contains ``start..end`` and every
    ``O_y`` outside is a published full-year count of the same series (one consistent source). None when
    the series published no such total, or a year outside the period has no yearly count of its own.
    ``by_year`` holds the yearly counts subtracted, as negatives, so the derivation can be shown.
    """
    mine = full[full["series"] == series]
    totals = mine[
        (mine["period_start"] < mine["period_end"]) & (mine["period_start"] <= start) & (mine["period_end"] >= end)
    ]
    yearly = mine[mine["period_start"] == mine["period_end"]].set_index("period_start")
    for t in totals.itertuples():
        a, b = int(t.period_start), int(t.period_end)
        if (a, b) == (start, end):
            continue
        outside = [y for y in range(a, b + 1) if not start <= y <= end]
        if not outside or any(y not in yearly.index for y in outside):
            continue
        taken = {y: int(yearly.at[y, "value"]) for y in outside}
        count = int(t.value) - sum(taken.values())
        if count < 0:
            raise DataError(
                f"{series}: the published total for {a}-{b} ({int(t.value)}) is smaller than its "
                f"yearly counts outside {start}-{end} ({sum(taken.values())})"
            )
        ids = (t.record_id,) + tuple(yearly.loc[outside, "record_id"])
        return PooledCount(
            count,
            start,
            end,
            {y: -v for y, v in taken.items()},
            {y: series for y in range(start, end + 1)},
            ids,
            published_total=True,
            derived_from=(a, b, int(t.value)),
        )
    return None


def total_count(full: pd.DataFrame, start: int, end: int, series: str) -> PooledCount | None:
    """``series``' count for ``start..end`` from a published period total: as published or derived."""
    exact = full[(full["period_start"] == start) & (full["period_end"] == end) & (full["series"] == series)]
    if start < end and len(exact) == 1:
        r = exact.iloc[0]
        years = {y: series for y in range(start, end + 1)}
        return PooledCount(int(r["value"]), start, end, {}, years, (r["record_id"],), published_total=True)
    return derived_count(full, start, end, series)


def substituted_count(full: pd.DataFrame, start: int, end: int, series: str) -> PooledCount | None:
    """Another series' period total over ``start..end`` with ``series``' counts in place of its own yearly
    counts for the years both published (``pooled_count`` rule 3; the total as it is when ``series``
    counted none of those years). None when no other series' total covers the period."""
    single = full[full["period_start"] == full["period_end"]]
    mine = single[single["series"] == series].set_index("period_start")
    others = sorted(set(full.loc[full["period_start"] < full["period_end"], "series"]) - {series})
    for base_series in others:
        base = total_count(full, start, end, base_series)
        if base is None:
            continue
        theirs = single[single["series"] == base_series].set_index("period_start")
        both = [y for y in range(start, end + 1) if y in mine.index and y in theirs.index]
        if not both:
            return base
        swap = {y: (int(theirs.at[y, "value"]), int(mine.at[y, "value"])) for y in both}
        ids = base.record_ids + tuple(theirs.loc[both, "record_id"]) + tuple(mine.loc[both, "record_id"])
        return PooledCount(
            base.count + sum(new - old for old, new in swap.values()),
            start,
            end,
            base.by_year,
            {**base.series_by_year, **{y: series for y in both}},
            tuple(dict.fromkeys(ids)),
            published_total=True,
            derived_from=base.derived_from,
            substituted=swap,
        )
    return None


# --------------------------------------------------------------------------------------------------
# KOSTAT reference figures
# --------------------------------------------------------------------------------------------------
@_remembered
def kostat_values(kostat: pd.DataFrame, indicator: str, sex: str = "total") -> pd.Series:
    """Adopted KOSTAT figures of one indicator (all ages) by year."""
    k = kostat[kostat["adopted"].astype(bool) & (kostat["indicator"] == indicator) & (kostat["sex"] == sex)]
    k = k[k["age_group"].fillna("") == ""]
    if k["year"].duplicated().any():
        raise DataError(f"more than one adopted KOSTAT {indicator} ({sex}) for a year")
    return k.set_index("year")["value"].sort_index()


def _require_years(series: pd.Series, years: list[int], what: str, context: str = PERIOD_PARAMS) -> None:
    missing = [y for y in years if y not in series.index]
    if missing:
        raise DataError(
            f"KOSTAT {what} not published for {', '.join(map(str, missing))} (needed for "
            f"{years[0]}-{years[-1]}, {context}); a gap is reported, not filled"
        )


def all_deaths(kostat: pd.DataFrame) -> pd.DataFrame:
    """KOSTAT all-cause deaths by year, published or derived from a published year-on-year change.

    Where a year's total is missing but the next year's total ``D_{y+1}`` and its stated increase
    ``Δ_{y+1}`` are published, ``D_y = D_{y+1} - Δ_{y+1}`` (an identity on published figures, marked
    ``derived = True``; e.g. 2014: 275,895 - 8,203 = 267,692).
    """
    published = kostat_values(kostat, "total_deaths_all_causes")
    change = kostat_values(kostat, "total_deaths_all_causes_change_from_previous_year")
    out = pd.DataFrame({"deaths": published, "derived": False})
    for y, delta in change.items():
        prev = y - 1
        if prev not in out.index and y in published.index:
            out.loc[prev] = {"deaths": published[y] - delta, "derived": True}
    out["derived"] = out["derived"].astype(bool)
    return out.sort_index()


def kostat_pooled_share(kostat: pd.DataFrame, start: int, end: int) -> tuple[float, int, int, list[int]]:
    """KOSTAT's share of all deaths that were suicides, pooled over ``start..end``.

    ``share = sum_y S_y / sum_y D_y`` (suicides over all-cause deaths, both published by KOSTAT).
    Returns (share, suicides, deaths, years whose deaths were derived from a stated change).
    """
    years = list(range(start, end + 1))
    s = kostat_values(kostat, "suicide_deaths")
    d = all_deaths(kostat)
    _require_years(s, years, "suicide deaths", "the period of the share compared")
    _require_years(d["deaths"], years, "all-cause deaths", "the period of the share compared")
    suicides, deaths = int(s.loc[years].sum()), int(d.loc[years, "deaths"].sum())
    return suicides / deaths, suicides, deaths, [y for y in years if d.at[y, "derived"]]


# --------------------------------------------------------------------------------------------------
# Ratios
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RateComparison:
    """Observed escapee suicides against the number expected at KOSTAT rates."""

    observed: int
    expected: float
    person_years: float
    rate: float  # escapee crude rate per 100,000 person-years
    rate_lower: float
    rate_upper: float
    reference_rate: float  # KOSTAT rate weighted by escapee person-years: 1e5 * E / PY
    ratio: stats.Estimate


def crude_comparison(count: int, py: pd.DataFrame, kostat: pd.DataFrame, level: float) -> RateComparison:
    """Crude rate ratio: ``E = sum_y r_y * PY_y / 1e5`` with KOSTAT's all-ages crude rate ``r_y``;
    ``ratio = O / E`` with the exact Poisson (Garwood) interval of O divided by E (``stats.smr``)."""
    years = [int(y) for y in py.index]
    rates = kostat_values(kostat, "crude_suicide_rate")
    _require_years(rates, years, "crude suicide rates")
    expected = stats.expected_count(
        {str(y): float(py.at[y, "total"]) for y in years}, {str(y): float(rates[y]) for y in years}
    )
    total_py = float(py["total"].sum())
    rate, lo, hi = stats.rate_ci(count, total_py, level)
    return RateComparison(
        count, expected, total_py, rate, lo, hi, expected / total_py * 1e5, stats.smr(count, expected, level)
    )


def sex_adjusted_comparison(count: int, py: pd.DataFrame, kostat: pd.DataFrame, level: float) -> RateComparison:
    """Sex-adjusted SMR by indirect standardisation:
    ``E = sum_y sum_{s in men, women} r_{y,s} * PY_{y,s} / 1e5``, ``SMR = O / E`` (exact interval).

    Only for years whose male and female KOSTAT rates are published (otherwise a DataError names them).
    Age is not adjusted for (no published age-sex table of resident escapees).
    """
    years = [int(y) for y in py.index]
    strata_py, strata_rate = {}, {}
    for sex in SEXES:
        rates = kostat_values(kostat, "crude_suicide_rate", sex)
        _require_years(rates, years, f"{sex} crude suicide rates (needed for the sex-adjusted SMR)")
        for y in years:
            strata_py[f"{y}-{sex}"] = float(py.at[y, sex])
            strata_rate[f"{y}-{sex}"] = float(rates[y])
    expected = stats.expected_count(strata_py, strata_rate)
    total_py = float(py[list(SEXES)].to_numpy().sum())
    rate, lo, hi = stats.rate_ci(count, total_py, level)
    return RateComparison(
        count, expected, total_py, rate, lo, hi, expected / total_py * 1e5, stats.smr(count, expected, level)
    )


def published_rate_comparisons(escapee: pd.DataFrame) -> pd.DataFrame:
    """MOU's published per-100,000 comparisons, both sides published: ``ratio = rate / comparator``.

    Rows: period, escapee rate, general-population rate, ratio, the source's own wording.
    """
    e = escapee[
        (escapee["indicator"] == "suicide_rate_per_100k") & escapee["value"].notna() & escapee["comparator"].notna()
    ]
    out = e[
        [
            "record_id",
            "period",
            "period_start",
            "period_end",
            "value",
            "comparator",
            "stated_ratio",
            "series",
            "attributed_to",
            "published",
            "source_id",
        ]
    ].copy()
    out["ratio"] = out["value"] / out["comparator"]
    return out.reset_index(drop=True)


SHARE_COLUMNS = [
    "record_id",
    "period",
    "period_start",
    "period_end",
    "escapee_share_pct",
    "escapee_share_as_printed",
    "stated_comparator_pct",
    "stated_comparator_as_printed",
    "stated_ratio",
    "series",
    "source_id",
    "kostat_share_pct",
    "kostat_suicides",
    "kostat_deaths",
    "derived_years",
    "ratio",
    "stated_basis_ratio",
    "why_no_ratio",
]


def share_comparisons(escapee: pd.DataFrame, kostat: pd.DataFrame) -> pd.DataFrame:
    """Every published escapee share of deaths that were suicides, with KOSTAT's share for the same years.

    For a full-year escapee period with a numeric share: ``ratio = p_escapees / p_KOSTAT`` where
    ``p_KOSTAT = sum S / sum D`` over the same years (``kostat_pooled_share``). Shares printed with a
    qualifier (``~10``), for part of a year, with no stated years, or whose KOSTAT years are not all
    published are listed with the reason and no ratio. The source's own comparator and wording are
    kept, and ``stated_basis_ratio`` divides the two figures the source itself set side by side.
    """
    e = escapee[(escapee["indicator"] == "suicide_share_of_deaths_pct") & (escapee["subgroup"].fillna("") == "")]
    rows = []
    for r in e.itertuples():
        row = {
            "record_id": r.record_id,
            "period": r.period,
            "period_start": r.period_start,
            "period_end": r.period_end,
            "escapee_share_pct": r.value,
            "escapee_share_as_printed": r.value_as_printed,
            "stated_comparator_pct": r.comparator,
            "stated_comparator_as_printed": r.comparator_as_printed,
            "stated_ratio": r.stated_ratio,
            "series": r.series,
            "source_id": r.source_id,
            "kostat_share_pct": np.nan,
            "kostat_suicides": np.nan,
            "kostat_deaths": np.nan,
            "derived_years": "",
            "ratio": np.nan,
            "stated_basis_ratio": np.nan,
            "why_no_ratio": "",
        }
        if pd.notna(r.value) and pd.notna(r.comparator):
            row["stated_basis_ratio"] = r.value / r.comparator
        if pd.isna(r.value):
            row["why_no_ratio"] = f"printed as {r.value_as_printed!r} ({r.qualifier}): not a number"
        elif pd.isna(r.period_start):
            row["why_no_ratio"] = "years not stated"
        elif r.partial_year:
            row["why_no_ratio"] = "part of a year only; KOSTAT publishes full years"
        else:
            try:
                share, s, d, derived = kostat_pooled_share(kostat, int(r.period_start), int(r.period_end))
            except DataError as exc:
                row["why_no_ratio"] = str(exc).split(" (needed")[0]
            else:
                row.update(
                    kostat_share_pct=share * 100,
                    kostat_suicides=s,
                    kostat_deaths=d,
                    derived_years=", ".join(map(str, derived)),
                    ratio=stats.share_ratio(r.value / 100, share),
                )
        rows.append(row)
    return pd.DataFrame(rows, columns=SHARE_COLUMNS)


def _age_key(band: str) -> int:
    return int(str(band).split("-")[0].rstrip("+"))


def age_direction(kostat: pd.DataFrame, year: int) -> dict:
    """KOSTAT's published age-specific rates in ``year`` against the all-ages crude rate, every band.

    Returns the all-ages crude rate, the age-specific rates (every published band, in age order), the
    bands whose rate lies below the all-ages rate (``below``) and above it (``above``), and the highest.

    It does **not** assert a direction for the age bias (``direction`` is always ``"not established"``):
    an expected count at the all-ages rate is too high for a population concentrated in the ``below``
    bands and too low for one concentrated in the ``above`` bands. With bands on both sides of the
    all-ages rate in the working ages, the answer depends on the escapees' resident age-sex structure,
    which has not been published (a gap).
    """
    k = kostat[
        kostat["adopted"].astype(bool) & (kostat["indicator"] == "crude_suicide_rate_by_age") & (kostat["year"] == year)
    ]
    if k.empty:
        raise DataError(f"KOSTAT age-specific suicide rates not published for {year}")
    by_age = k.set_index("age_group")["value"]
    by_age = by_age.loc[sorted(by_age.index, key=_age_key)]
    crude = float(kostat_values(kostat, "crude_suicide_rate")[year])
    return {
        "year": year,
        "crude": crude,
        "by_age": {a: float(v) for a, v in by_age.items()},
        "below": [a for a, v in by_age.items() if v < crude],
        "above": [a for a, v in by_age.items() if v > crude],
        "max_age": by_age.idxmax(),
        "max_rate": float(by_age.max()),
        "direction": "not established",
    }


WORDING_EN = {
    "3배 수준": "about three times",
    "3배 이상": "more than three times",
    "2배 이상": "more than twice",
    "비슷하다": "similar",
    "3배": "three times",
    "2배": "twice",
    "두 배 이상": "more than twice",
}


def wording_en(korean) -> str:
    """A source's Korean wording as printed, followed by its English meaning from ``WORDING_EN``:
    ``3배 수준 ("about three times")``. Wording not in the mapping is returned as printed; missing -> ""."""
    if not isinstance(korean, str) or not korean.strip():
        return ""
    parts = [p.strip() for p in korean.split(" / ")]
    en = [WORDING_EN.get(p) for p in parts]
    if any(e is None for e in en):
        return korean
    return f'{korean} ("{" / ".join(en)}")'


def nhis_cohort(escapee: pd.DataFrame, series: str = "kim_chae_bong_2026") -> dict:
    """Kim Chae-Bong's NHIS cohort figures as published: the escapees' crude rate per 100,000
    person-years, and the age-adjusted rates of escapees and of the South Korean population, with
    ``ratio = age-adjusted escapee rate / age-adjusted comparator``.

    No counts, person-years or standard population were published, so there is no interval.
    ``adjusted_below_crude`` flags the inconsistency the dossier notes (an age-adjusted rate below the
    cohort's own crude rate).
    """
    e = escapee[escapee["series"] == series]
    crude = e[e["indicator"] == "suicide_rate_per_100k_person_years"]
    adj = e[(e["indicator"] == "age_adjusted_suicide_rate_per_100k") & e["comparator"].notna()]
    if crude.empty or adj.empty:
        raise DataError(f"no crude and age-adjusted rates published in series {series!r}")
    c, a = crude.iloc[0], adj.iloc[0]
    return {
        "record_ids": [c["record_id"], a["record_id"]],
        "series": series,
        "period": a["period"],
        "period_start": int(a["period_start"]),
        "period_end": int(a["period_end"]),
        "subgroup": a["subgroup"],
        "crude_rate": float(c["value"]),
        "age_adjusted_rate": float(a["value"]),
        "comparator": float(a["comparator"]),
        "comparator_definition": a["comparator_definition"],
        "ratio": float(a["value"]) / float(a["comparator"]),
        "attributed_to": a["attributed_to"],
        "published": str(a["published"]),
        "source_id": a["source_id"],
        "basis": a["basis"],
        "adjusted_below_crude": bool(a["value"] < c["value"]),
    }


# --------------------------------------------------------------------------------------------------
# All estimates in one tidy table
# --------------------------------------------------------------------------------------------------
BASES = {
    "published_rate": "Published rates per 100,000 (MOU)",
    "published_age_adjusted": "Published age-adjusted rates (NHIS cohort)",
    "crude_ratio": "Crude rate ratio from counts",
    "sex_adjusted_smr": "Sex-adjusted SMR from counts",
    "share_of_deaths": "Share of deaths (not a risk ratio)",
}
MEASURES = {
    "published_rate": "ratio of two published crude rates per 100,000",
    "published_age_adjusted": "ratio of two published age-adjusted rates per 100,000 (adults 20+)",
    "crude_ratio": "observed / expected suicides at KOSTAT's crude rate (rate ratio)",
    "sex_adjusted_smr": "observed / expected suicides at KOSTAT's sex-specific rates (SMR)",
    "share_of_deaths": "ratio of suicides' shares of all deaths (proportionate mortality)",
}
COLUMNS = [
    "basis",
    "basis_label",
    "period",
    "period_start",
    "period_end",
    "series",
    "denominator",
    "value",
    "lower",
    "upper",
    "level",
    "observed",
    "expected",
    "measures",
    "risk_ratio",
    "note",
]


def _period(a, b) -> str:
    return "" if pd.isna(a) else (f"{int(a)}" if a == b else f"{int(a)}-{int(b)}")


def count_based_rows(escapee, kostat, cumulative, start, end, series, denominator, level) -> list[dict]:
    """The crude ratio and the sex-adjusted SMR for one period, series and denominator (two rows)."""
    pooled = pooled_count(escapee, start, end, series)
    py = person_years(cumulative, start, end, denominator)
    rows = []
    for basis, fn in (("crude_ratio", crude_comparison), ("sex_adjusted_smr", sex_adjusted_comparison)):
        comp = fn(pooled.count, py, kostat, level)
        note = (
            f"{pooled.count} suicides over {comp.person_years:,.0f} person-years ({denominator}): "
            f"{comp.rate:.1f} per 100,000 vs {comp.reference_rate:.1f} expected"
        )
        rows.append(
            {
                "basis": basis,
                "basis_label": BASES[basis],
                "period": _period(start, end),
                "period_start": start,
                "period_end": end,
                "series": pooled.series,
                "denominator": denominator,
                "value": comp.ratio.value,
                "lower": comp.ratio.lower,
                "upper": comp.ratio.upper,
                "level": level,
                "observed": pooled.count,
                "expected": comp.expected,
                "measures": MEASURES[basis],
                "risk_ratio": True,
                "note": note,
                "record_ids": ";".join(pooled.record_ids),
                "derived": pooled.derived_from is not None,
            }
        )
    return rows


def _published_row(basis: str, r: dict, denominator: str, note: str, period: str | None = None) -> dict:
    """An estimates-table row for a comparison of published figures (``r``: its period_start, period_end,
    series, ratio and, unless ``period`` is given, period): a ratio with no interval and no counts."""
    return {
        "basis": basis,
        "basis_label": BASES[basis],
        "period": r["period"] if period is None else period,
        "period_start": r["period_start"],
        "period_end": r["period_end"],
        "series": r["series"],
        "denominator": denominator,
        "value": r["ratio"],
        "lower": np.nan,
        "upper": np.nan,
        "level": np.nan,
        "observed": np.nan,
        "expected": np.nan,
        "measures": MEASURES[basis],
        "risk_ratio": basis != "share_of_deaths",  # a ratio of two shares of deaths is not a risk ratio
        "note": note,
    }


def estimates_table(escapee, kostat, cumulative, start, end, series, denominator, level) -> pd.DataFrame:
    """Every estimate on every basis in one tidy table (the forest chart and the tables use it).

    Count-based rows are for the chosen period, series and denominator; published and share rows are
    every published comparison that can be computed.
    """
    rows = [
        _published_row(
            "published_rate",
            r._asdict(),
            "not disclosed",
            f"{r.value:g} vs {r.comparator:g} per 100,000; numerators and denominators not disclosed",
        )
        for r in published_rate_comparisons(escapee).itertuples()
    ]
    try:
        n = nhis_cohort(escapee)
    except DataError:
        n = None
    if n is not None:
        note = (
            f"{n['age_adjusted_rate']:g} vs {n['comparator']:g} per 100,000 (age-adjusted, {n['subgroup']}); "
            "standard population, counts and person-years not disclosed"
        )
        rows.append(_published_row("published_age_adjusted", n, "not disclosed", note))
    rows += count_based_rows(escapee, kostat, cumulative, start, end, series, denominator, level)
    for r in share_comparisons(escapee, kostat).dropna(subset=["ratio"]).itertuples():
        note = f"{r.escapee_share_pct:g}% of escapee deaths vs KOSTAT {r.kostat_share_pct:.2f}%"
        period = _period(r.period_start, r.period_end)
        rows.append(_published_row("share_of_deaths", r._asdict(), "all deaths", note, period=period))
    out = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("period_start", "period_end"):
        out[c] = out[c].astype("Int64")
    return out


def sensitivity_grid(escapee, kostat, cumulative, periods, series_options, denominators, level) -> pd.DataFrame:
    """Crude ratio and sex-adjusted SMR for every period x counts_series x denominator.

    A combination whose period has a year without a published full-year count is kept as a row with
    its gap stated (``gap``) and no numbers. Combinations that use the same counts (a period where the
    series choice does not matter) appear once.
    """
    rows = []
    for start, end in periods:
        for series in series_options:
            for den in denominators:
                try:
                    pair = count_based_rows(escapee, kostat, cumulative, start, end, series, den, level)
                except DataError as exc:
                    rows.append(
                        {
                            "period": _period(start, end),
                            "period_start": start,
                            "period_end": end,
                            "series": f"counts_series={series}",
                            "denominator": "any",
                            "gap": str(exc).split("; the period")[0],
                        }
                    )
                    continue
                crude, smr_row = pair
                rows.append(
                    {
                        "period": crude["period"],
                        "period_start": start,
                        "period_end": end,
                        "series": crude["series"],
                        "denominator": den,
                        "observed": crude["observed"],
                        "expected_crude": crude["expected"],
                        "crude_ratio": crude["value"],
                        "crude_lower": crude["lower"],
                        "crude_upper": crude["upper"],
                        "expected_sex": smr_row["expected"],
                        "smr": smr_row["value"],
                        "smr_lower": smr_row["lower"],
                        "smr_upper": smr_row["upper"],
                        "gap": "",
                        "record_ids": crude["record_ids"],
                        "derived": crude["derived"],
                    }
                )
    out = pd.DataFrame(rows)
    gaps = out["gap"] != ""
    out = pd.concat(
        [
            out[~gaps].drop_duplicates(subset=["period", "series", "denominator"]),
            out[gaps].drop_duplicates(subset=["period", "gap"]),
        ]
    ).sort_index()
    return out.reset_index(drop=True)


def reaches(value: float, lower: float = np.nan, upper: float = np.nan, target: float = 2.0) -> dict:
    """Where an estimate stands against ``target`` (2 for "double") and 1 (no difference).

    ``point_at_or_above``: value >= target; ``interval_includes``: lower <= target <= upper;
    ``interval_excludes_1``: lower > 1. Intervals are NaN where none exists (published figures).
    """
    has_ci = not (np.isnan(lower) or np.isnan(upper))
    return {
        "value": float(value),
        "point_at_or_above": bool(value >= target),
        "interval_includes": bool(lower <= target <= upper) if has_ci else None,
        "interval_excludes_1": bool(lower > 1) if has_ci else None,
    }


def position(lower: float, upper: float, target: float = 2.0) -> str:
    """Where an interval lies against ``target``: 'above' (lower > target), 'below' (upper < target) or
    'includes' (lower <= target <= upper)."""
    if lower > target:
        return "above"
    if upper < target:
        return "below"
    return "includes"


# The lawmaker (or author) who published each counts series, and the source that reported it: a series is
# named by its publisher and cited by number, as every source is ('Wi Sung-lac [14]')
SERIES_PEOPLE = {
    "wi_sung_lac_2024": ("Wi Sung-lac", "jtbc-2024-09-27"),
    "hong_ki_won_2024": ("Hong Ki-won", "news1-2024-10-08"),
    "kim_young_joo_2020": ("Kim Young-joo", "hankookilbo-2020-10-07"),
    "kim_do_eup_2016": ("Kim Do-eup", "kukinews-2016-09-22"),
    "kim_chae_bong_2026": ("Kim Chae-Bong", "openaire-2026"),
    "won_hye_young_2015": ("Won Hye-young", "the300-2015-09-09"),
    "shin_kyoung_min_2015": ("Shin Kyoung-min", "thefact-2015-09-11"),
}


class _SeriesNames(Mapping[str, str]):
    """Series id -> its publisher named with the source's number, 'Wi Sung-lac [14]': the number is read from
    the source registry when a name is asked for (not when this module is imported), as it stands then."""

    def __getitem__(self, sid: str) -> str:
        person, source = SERIES_PEOPLE[sid]
        try:
            return f"{person} {citations.cited(source)}"
        except KeyError as e:  # a series whose source is not in the registry: an error, never a fallback name
            raise DataError(f"data/raw/sources.csv: {e.args[0]}") from None

    def __contains__(self, sid: object) -> bool:
        return sid in SERIES_PEOPLE

    def __iter__(self) -> Iterator[str]:
        return iter(SERIES_PEOPLE)

    def __len__(self) -> int:
        return len(SERIES_PEOPLE)


SERIES_NAMES: Mapping[str, str] = _SeriesNames()


# Where each lawmaker's counts came from, in words (data/raw/escapee_suicide.csv, column ``basis``)
SERIES_BASIS = {
    "wi_sung_lac_2024": "the Ministry of the Interior and Safety's (MOIS) resident registers",
    "hong_ki_won_2024": "a source the report of them does not name",
    "kim_young_joo_2020": "the Ministry of Unification (MOU)",
    "kim_do_eup_2016": "the Ministry of Unification (MOU)",
    "won_hye_young_2015": "the Ministry of Unification (MOU)",
    "shin_kyoung_min_2015": "the Ministry of Unification (MOU)",
}


def study_words(study: str) -> str:
    """A study as the context names it before its numbered citation, without its year (the reference gives it):
    'Amiri 2022 (systematic review and meta-analysis)' -> "Amiri's systematic review and meta-analysis"."""
    m = re.fullmatch(r"(.+?) (?:19|20)\d{2} \((.+)\)", study)
    return f"{m[1]}'s {m[2]}" if m else study


def series_names(text: str) -> str:
    """Replace counts-series ids in a text by the name of the lawmaker who published them (for tables)."""
    for sid, name in SERIES_NAMES.items():
        text = text.replace(f"counts_series={sid}", f"{name}'s counts").replace(sid, name)
    return text
