"""Bounds on the escapee suicide ratio: age (two scenarios), the denominator (resident counts), context.

The count-based ratios of section 4 (``methods.suicide``) compare observed escapee suicides ``O`` with
the number ``E`` expected at South Korea's crude rates, on person-years from MOU's cumulative arrivals.
Two of their biases can be bounded from published figures; this module computes the bounds. Every
function takes plain inputs (frames and numbers) and returns typed records whose numbers are
:class:`~analysis.core.values.Value` objects carrying their raw rows and sources.

**Age** (``age_scenarios``). No age table of *resident* escapees has been published, but MOU published
the age at entry of its cumulative arrivals by sex (``arrivals_age.csv``, data to September 2020), and
KOSTAT publishes suicide rates by ten-year age band (both sexes; 2020 and 2022 in the raw data). Two
scenarios bracket the true age structure:

(a) *no ageing*: every arrival is still the age they were at entry (the youngest the escapees can be);
(b) *aged since entry*: every arrival cohort has aged by its years since entry, and nobody has left
    (the oldest they can be, since deaths and emigration remove older people more than younger ones).

For each, ``E = sum_y sum_s PY_ys * sum_a w_ysa * r_ya / 1e5`` with ``w_ysa`` the scenario's age
distribution of sex ``s`` in year ``y`` and ``r_ya`` KOSTAT's rate at age ``a`` in year ``y``; the ratio
is ``O / E`` with the exact Poisson interval of ``O``. Assumptions (each stated in ``ASSUMPTIONS``):
ages are spread evenly within each ten-year band at entry; the open band "60+" is 60-69 at entry;
KOSTAT publishes no rate below age 10, taken as 0; every year's arrivals have the pooled age-at-entry
distribution of their sex (only the pooled table is published); MOU's multi-year columns arrived in
their middle year (``~1998`` in 1998); a year without published age-specific rates uses its own crude
rate times the mean age profile (rate at each age / crude rate) of the years that have them.

**Denominator** (``resident_frames``, ``denominator_bound``, ``resident_comparison``). The Korea Hana
Foundation published the populations its settlement surveys were drawn from (residents aged 15 and
over, or 8 and over, who arrived by a stated date; ``residents.csv``). Cumulative arrivals to the same
date divided by such a count is the factor ``F = C / R`` by which cumulative arrivals overstate that
resident population. Since the frame leaves out children (and, in 2023, arrivals before 1997), the
whole resident population is at least ``R``, so ``F`` is an *upper* bound on how far deaths, emigration
and return north inflate the denominator; the lower bound is 1 (and at least ``C / (C - D)`` where
escapee deaths ``D`` are published). A ratio on cumulative arrivals is therefore too low by a factor of
at most ``F``: the ratio on residents lies in ``[ratio, ratio * F]``.

**Context** (``context``): North Korea's own suicide rate (WHO estimate, ``oecd_suicide.csv``) against
South Korea's in the same release, and published reviews of refugee and migrant suicide relative to
host populations (``context_suicide.csv``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from analysis.core.values import Record, Value
from analysis.core.wording import percent
from analysis.errors import DataError
from analysis.methods import stats
from analysis.methods import suicide as sm

ENTRY_BANDS: tuple[str, ...] = ("0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60+")
ENTRY_AS_OF = "2020-09"  # MOU's only age-at-entry table by sex (MOU Chinese-language page, data to Sep 2020)
KOSTAT_BANDS: tuple[tuple[float, float, str], ...] = (
    (10, 20, "10-19"),
    (20, 30, "20-29"),
    (30, 40, "30-39"),
    (40, 50, "40-49"),
    (50, 60, "50-59"),
    (60, 70, "60-69"),
    (70, 80, "70-79"),
    (80, math.inf, "80+"),
)
BAND_WIDTH = 10
SEXES = ("male", "female")

ASSUMPTIONS: dict[str, str] = {
    "uniform": "ages are spread evenly within each ten-year band of age at entry",
    "open_band": "the open band '60+' at entry is taken as 60-69",
    "under_10": "KOSTAT publishes no suicide rate below age 10; it is taken as 0",
    "pooled_entry": "every year's arrivals have the pooled age-at-entry distribution of their sex "
    f"(MOU's table to {ENTRY_AS_OF}; arrivals by year and age have not been published)",
    "multi_year": "arrivals in MOU's multi-year columns entered in the column's middle year ('~1998' in 1998)",
    "profile": "a year without published age-specific rates uses its own crude rate times the mean age "
    "profile (rate at each age / crude rate) of the years whose age-specific rates are published",
    "no_exits": "scenario (b) lets nobody leave: deaths and emigration, which take older people more, are ignored",
    "both_sexes": "KOSTAT's age-specific rates are for both sexes together; the sex-and-age ratio multiplies the "
    "sex adjustment by the age factor, as if the two did not interact",
}
SCENARIOS = {
    "no_ageing": "(a) no ageing since arrival: everyone is their age at entry",
    "aged": "(b) each arrival cohort aged by its years since entry, nobody leaving",
}


# ================================================================================================ age
def _count(text: str) -> int:
    return int(str(text).replace(",", ""))


def entry_age_distribution(
    arrivals_age: pd.DataFrame, as_of: str = ENTRY_AS_OF
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """MOU's cumulative arrivals by age at entry and sex, as shares of each sex (rows ``ENTRY_BANDS``,
    columns male, female), from the raw ``arrivals_age`` table (values as printed).

    Returns (shares, raw row references, source ids). Only the men's and women's counts are read, so
    the printing errors in the table's totals (rows G015, G018) do not enter.
    """
    t = arrivals_age[
        (arrivals_age["as_of"] == as_of)
        & (arrivals_age["unit"] == "count")
        & arrivals_age["sex"].isin(SEXES)
        & arrivals_age["age_group"].isin(ENTRY_BANDS)
    ]
    counts = {}
    for sex in SEXES:
        rows = t[t["sex"] == sex].set_index("age_group")
        missing = [b for b in ENTRY_BANDS if b not in rows.index]
        if missing:
            raise DataError(
                f"data/raw/arrivals_age.csv: no {sex} count at entry for age {', '.join(missing)} "
                f"as of {as_of}; the age scenarios need every band"
            )
        counts[sex] = [_count(rows.at[b, "value"]) for b in ENTRY_BANDS]
    table = pd.DataFrame(counts, index=list(ENTRY_BANDS))
    shares = table / table.sum()
    return shares, [f"arrivals_age/{r}" for r in t["row_id"]], sorted(set(t["source_id"]))


def _band_interval(band: str) -> tuple[float, float]:
    lo = float(band.split("-")[0].rstrip("+"))
    return lo, lo + BAND_WIDTH


def band_overlaps(band: str, years_since_entry: float) -> dict[str, float]:
    """Share of an entry band (ages spread evenly over ten years) in each KOSTAT band after ``t`` years.

    ``[lo + t, lo + t + 10)`` is split over the KOSTAT bands; the part below age 10 is ``"<10"``.
    E.g. entry 30-39 after 5 years: half in 30-39, half in 40-49.
    """
    lo, hi = _band_interval(band)
    lo, hi = lo + years_since_entry, hi + years_since_entry
    out = {}
    below = max(0.0, min(hi, 10.0) - lo)
    if below > 0:
        out["<10"] = below / BAND_WIDTH
    for a, b, name in KOSTAT_BANDS:
        width = max(0.0, min(hi, b) - max(lo, a))
        if width > 0:
            out[name] = width / BAND_WIDTH
    return out


@functools.lru_cache(maxsize=4096)
def _overlaps(band: str, years_since_entry: float) -> tuple[tuple[str, float], ...]:
    """:func:`band_overlaps` as (KOSTAT band, share) pairs in its order, remembered: the age scenarios ask for the
    same few bands and years tens of thousands of times in one build."""
    return tuple(band_overlaps(band, years_since_entry).items())


def age_rates(
    kostat: pd.DataFrame, years: Iterable[int]
) -> tuple[dict[int, dict[str, float]], list[int], list[int], list[str], list[str]]:
    """KOSTAT's suicide rate at each age band for each year (per 100,000), every band of ``KOSTAT_BANDS``.

    A year whose age-specific rates are published uses them. Any other year uses its own crude rate
    times the mean age profile of the published years: ``r_ya = crude_y * mean_p(r_pa / crude_p)``.
    Returns (rates by year, published years used as such, years given the borrowed profile, raw row
    references, source ids). A year without a published crude rate is a gap (DataError).
    """
    k = kostat[
        kostat["adopted"].astype(bool)
        & (kostat["indicator"] == "crude_suicide_rate_by_age")
        & (kostat["sex"] == "total")
    ]
    crude = sm.kostat_values(kostat, "crude_suicide_rate")
    names = [n for _, _, n in KOSTAT_BANDS]
    published = {}
    for y, g in k.groupby("year"):
        by = g.set_index("age_group")["value"].astype(float)
        if all(n in by.index for n in names) and int(y) in crude.index:
            published[int(y)] = ({n: float(by[n]) for n in names}, list(g["row_id"]), list(g["source_id"]))
    if not published:
        raise DataError(
            "KOSTAT age-specific suicide rates (every band from 10-19 to 80+) are not published "
            "for any year in data/raw/kostat_deaths.csv; the age scenarios need them"
        )
    profile = {n: float(np.mean([published[p][0][n] / crude[p] for p in published])) for n in names}
    rates, own, borrowed, raw, sources = {}, [], [], [], []
    for y in years:
        if y not in crude.index:
            raise DataError(f"KOSTAT crude suicide rate not published for {y}; a gap is reported, not filled")
        crude_row = kostat[
            kostat["adopted"].astype(bool)
            & (kostat["indicator"] == "crude_suicide_rate")
            & (kostat["sex"] == "total")
            & (kostat["year"] == y)
            & (kostat["age_group"].fillna("") == "")
        ]
        raw += [f"kostat_deaths/{r}" for r in crude_row["row_id"]]
        sources += list(crude_row["source_id"])
        if y in published:
            rates[y] = dict(published[y][0])
            own.append(y)
            raw += [f"kostat_deaths/{r}" for r in published[y][1]]
            sources += published[y][2]
        else:
            rates[y] = {n: float(crude[y]) * profile[n] for n in names}
            borrowed.append(y)
    if borrowed:
        for p in published:
            raw += [f"kostat_deaths/{r}" for r in published[p][1]]
            sources += published[p][2]
    return rates, own, borrowed, raw, sources


def cohort_arrivals(cumulative: pd.DataFrame) -> pd.DataFrame:
    """Arrivals by year of entry and sex from cumulative arrivals (``methods.suicide.cumulative_by_sex``).

    Differences of the running totals; a column covering several years (``1999-2001``) is placed in its
    middle year, the first (``~1998``, everything up to 1998) in its last year. Index: entry year
    (float), columns male, female.
    """
    c = cumulative[list(SEXES)].astype(float).sort_index()
    ends = [int(y) for y in c.index]
    rows = {}
    for i, end in enumerate(ends):
        value = c.loc[end] - (c.loc[ends[i - 1]] if i else 0)
        entry = float(end) if i == 0 else (ends[i - 1] + 1 + end) / 2
        rows[entry] = value
    return pd.DataFrame(rows).T.rename_axis("entry_year")


def _cohort_weights(cohorts: pd.DataFrame, year: int, sex: str) -> dict[float, float]:
    """Weights of the entry cohorts among the people at risk in ``year``: arrivals before the year in
    full, the year's own arrivals at half weight (arriving through the year); normalised to sum 1."""
    w = {e: float(n) * (0.5 if e == year else 1.0) for e, n in cohorts[sex].items() if e <= year and n > 0}
    total = sum(w.values())
    if total <= 0:
        raise DataError(f"no {sex} arrivals before {year}")
    return {e: v / total for e, v in w.items()}


def expected_by_age(
    person_years_by_sex: pd.DataFrame,
    shares: pd.DataFrame,
    rates: Mapping[int, Mapping[str, float]],
    scenario: str,
    cohorts: pd.DataFrame | None = None,
) -> float:
    """Expected suicides under an age scenario:
    ``E = sum_y sum_s PY_ys / 1e5 * sum_e w_yse * sum_b p_sb * sum_k overlap(b, y - e, k) * r_yk``.

    ``no_ageing``: one cohort with ``y - e = 0``; ``aged``: the entry cohorts of ``cohorts`` (needed)."""
    if scenario not in SCENARIOS:
        raise DataError(f"scenario must be one of {', '.join(SCENARIOS)}, got {scenario!r}")
    total = 0.0
    for y in person_years_by_sex.index:
        y = int(y)
        r = {**rates[y], "<10": 0.0}
        for sex in SEXES:
            weights = {float(y): 1.0} if scenario == "no_ageing" else _cohort_weights(cohorts, y, sex)
            p_band = {band: float(shares.at[band, sex]) for band in ENTRY_BANDS}
            rate = 0.0
            for entry, w in weights.items():
                t = max(0.0, y - entry)
                for band in ENTRY_BANDS:
                    rate += w * p_band[band] * sum(share * r[k] for k, share in _overlaps(band, t))
            total += float(person_years_by_sex.at[y, sex]) * rate / 1e5
    return total


class AgeScenario(Record):
    """Expected suicides and the ratio under one age scenario."""

    name: str
    label: str
    expected: Value
    reference_rate: Value  # 1e5 * E / PY: the KOSTAT rate this age structure implies
    ratio: Value
    lower: Value
    upper: Value
    age_factor: Value  # E_scenario / E_crude (the same person-years)
    sex_and_age_ratio: Value  # O / (E_sex * age_factor)


class AgeBounds(Record):
    """The two age scenarios against the crude and sex-adjusted ratios, for one period."""

    start: int
    end: int
    level: float
    observed: Value
    person_years: Value
    crude_expected: Value
    crude_ratio: Value
    sex_expected: Value
    sex_ratio: Value
    no_ageing: AgeScenario
    aged: AgeScenario
    low: Value  # the lower of the two scenario ratios
    high: Value  # the higher
    rate_years: Value  # years whose published age-specific rates were used as such
    profile_years: Value  # years given the borrowed profile ("none" when none)
    direction: str  # how age adjustment moves the crude ratio: "up", "down" or "either"
    sex_direction: str  # how sex adjustment moves the crude ratio
    assumptions: tuple[str, ...]


def _as_value(x: float | Value, fmt: str, **kw) -> Value:
    return x if isinstance(x, Value) else Value.of(x, fmt, **kw)


def age_direction(crude_ratio: float, low: float, high: float) -> str:
    """How adjusting for age moves the crude ratio, given the bracket ``[low, high]`` of the two scenarios:
    ``"up"`` when both scenario ratios lie above the crude ratio (crude too low), ``"down"`` when both lie
    below, ``"either"`` when the bracket contains it."""
    if low > crude_ratio:
        return "up"
    if high < crude_ratio:
        return "down"
    return "either"


# A bias pushes the unadjusted ratio the opposite way to the adjustment that removes it.
BIAS_OF_ADJUSTMENT = {"up": "down", "down": "up", "either": "either"}


def bias_direction(adjustment: str) -> str:
    """The direction a bias pushes the unadjusted ratio, from the direction its adjustment moves it."""
    return BIAS_OF_ADJUSTMENT[adjustment]


def _expected_without_age(
    py: pd.DataFrame, kostat: pd.DataFrame, years: list[int], extra: list[Value], base: dict
) -> tuple[Value, Value, Value]:
    """The person-years, and the suicides expected at KOSTAT's crude and sex-specific rates (no age)."""
    py_total = float(py[list(SEXES)].to_numpy().sum())
    crude = sm.kostat_values(kostat, "crude_suicide_rate")
    e_crude = sum(float(py.at[y, s]) * float(crude[y]) for y in years for s in SEXES) / 1e5
    by_sex = {s: sm.kostat_values(kostat, "crude_suicide_rate", s) for s in SEXES}
    e_sex = sum(float(py.at[y, s]) * float(by_sex[s][y]) for y in years for s in SEXES) / 1e5
    pyv = Value.derived(py_total, ",.0f", extra, method="escapee person-years (men + women)", unit="person-years")
    kostat_rows = Value.of(None, **base)
    ev_crude = Value.derived(e_crude, ".1f", [pyv, kostat_rows], method="sum_y PY_y r_y / 1e5 (KOSTAT crude rates)")
    ev_sex = Value.derived(
        e_sex, ".1f", [pyv, kostat_rows], method="sum_y sum_s PY_ys r_ys / 1e5 (KOSTAT rates by sex)"
    )
    return pyv, ev_crude, ev_sex


def _scenario(
    name: str, o: int, e: float, e_crude: float, e_sex: float, py_total: float, basis: list[Value], level: float
) -> AgeScenario:
    """One age scenario: the suicides expected at KOSTAT's age-specific rates, the ratio and the age factor."""
    est = stats.smr(o, e, level)
    factor = e / e_crude
    method = f"O / E, E at KOSTAT's age-specific rates, scenario {SCENARIOS[name]}"
    limit = f"exact Poisson {percent(level)} limit of O, / E"
    return AgeScenario(
        name=name,
        label=SCENARIOS[name],
        expected=Value.derived(e, ".1f", basis, method=method),
        reference_rate=Value.derived(e / py_total * 1e5, ".1f", basis, method="1e5 E / PY", unit="per 100,000"),
        ratio=Value.derived(est.value, ".2f", basis, method=method),
        lower=Value.derived(est.lower, ".2f", basis, method=limit),
        upper=Value.derived(est.upper, ".2f", basis, method=limit),
        age_factor=Value.derived(factor, ".3f", basis, method="E (age scenario) / E (crude rates)"),
        sex_and_age_ratio=Value.derived(
            o / (e_sex * factor),
            ".2f",
            basis,
            method="O / (E at sex-specific rates x age factor); assumes no interaction",
        ),
    )


def age_scenarios(
    observed: int | Value,
    person_years_by_sex: pd.DataFrame,
    arrivals_age: pd.DataFrame,
    kostat: pd.DataFrame,
    period: tuple[int, int],
    cumulative: pd.DataFrame,
    level: float = 0.95,
    inputs: Iterable[Value] = (),
) -> AgeBounds:
    """Observed escapee suicides against those expected under the two age scenarios, with the crude and
    sex-adjusted expected counts on the same person-years for comparison.

    Parameters
    ----------
    observed : int or Value
        Escapee suicides pooled over ``period`` (a Value keeps its provenance).
    person_years_by_sex : DataFrame
        ``methods.suicide.person_years(...)``: index year, columns male, female, total.
    arrivals_age : DataFrame
        The raw ``arrivals_age`` table (``rawdata.read("arrivals_age")``), values as printed.
    kostat : DataFrame
        The processed ``kostat`` table.
    period : (start, end)
        Years pooled; must match the person-years' index.
    cumulative : DataFrame
        ``methods.suicide.cumulative_by_sex(adopted arrivals)``: the arrival cohorts of scenario (b).
    inputs : Values whose provenance the results inherit (e.g. the person-years).
    """
    start, end = period
    years = list(range(start, end + 1))
    if [int(y) for y in person_years_by_sex.index] != years:
        raise DataError(f"person-years cover {list(person_years_by_sex.index)}, not the period {start}-{end}")
    obs = _as_value(observed, "d", method="published counts")
    o = int(obs.value)
    shares, age_raw, age_sources = entry_age_distribution(arrivals_age)
    rates, own, borrowed, k_raw, k_sources = age_rates(kostat, years)
    py = person_years_by_sex.astype(float)
    pyv, ev_crude, ev_sex = _expected_without_age(py, kostat, years, list(inputs), dict(raw=k_raw, sources=k_sources))
    crude_est, sex_est = stats.smr(o, ev_crude.value, level), stats.smr(o, ev_sex.value, level)
    basis = [obs, pyv, Value.of(None, raw=k_raw + age_raw, sources=k_sources + age_sources)]
    cohorts = cohort_arrivals(cumulative)

    def scenario(name: str) -> AgeScenario:
        e = expected_by_age(py, shares, rates, name, cohorts)
        return _scenario(name, o, e, ev_crude.value, ev_sex.value, float(pyv.value), basis, level)

    a, b = scenario("no_ageing"), scenario("aged")
    lo, hi = sorted([a.ratio, b.ratio], key=lambda v: v.value)
    direction = age_direction(crude_est.value, lo.value, hi.value)
    return AgeBounds(
        start=start,
        end=end,
        level=level,
        observed=obs,
        person_years=pyv,
        crude_expected=ev_crude,
        crude_ratio=Value.derived(crude_est.value, ".2f", [obs, ev_crude], method="O / E (crude rates)"),
        sex_expected=ev_sex,
        sex_ratio=Value.derived(sex_est.value, ".2f", [obs, ev_sex], method="O / E (sex-specific rates)"),
        no_ageing=a,
        aged=b,
        low=lo,
        high=hi,
        rate_years=Value.of(", ".join(map(str, own)) or "none", raw=k_raw, sources=k_sources),
        profile_years=Value.of(", ".join(map(str, borrowed)) or "none", raw=k_raw, sources=k_sources),
        direction=direction,
        sex_direction=age_direction(crude_est.value, sex_est.value, sex_est.value),
        assumptions=tuple(ASSUMPTIONS.values()),
    )


# ======================================================================================= denominator
class ResidentFrame(Record):
    """One published resident population (a survey's sampling frame) against cumulative arrivals."""

    survey_year: int
    definition: str
    min_age: int | None
    arrived_by_year: int
    arrived_by_stated: bool
    residents: Value
    cumulative: Value  # cumulative arrivals to the end of arrived_by_year
    overstatement: Value  # C / R
    excess: Value  # C - R: people counted in arrivals but not in the frame


def resident_frames(residents: pd.DataFrame, cumulative: pd.DataFrame) -> list[ResidentFrame]:
    """Every published resident count (raw ``residents`` table) against cumulative arrivals to the same date.

    ``R`` is the published count (``frame_count`` or ``weighted_population``), or, where only a surveyed
    count ``n`` and its share ``p`` of the population were published (2014), ``R = n / (p / 100)``. The
    arrival cut-off is the stated one; where none is stated (2022: a sample weighted to 30,281) it is
    taken as the end of the year before the survey, as the 2023 survey states for itself. ``C`` is the
    running sum of adopted arrivals to the end of that year (``cumulative``, total), ``F = C / R``.
    """
    frames = []
    for year, g in residents.groupby("survey_year", sort=True):
        g = g.set_index("indicator")
        row = g.iloc[0]
        ids = [f"residents/{r}" for r in g["row_id"]]
        sources = sorted(set(g["source_id"]))
        if "frame_count" in g.index or "weighted_population" in g.index:
            kind = "frame_count" if "frame_count" in g.index else "weighted_population"
            r = float(_count(g.at[kind, "value"]))
            rv = Value.of(
                r, ",.0f", unit="persons", method=f"published ({kind.replace('_', ' ')})", raw=ids, sources=sources
            )
        elif {"surveyed_count", "surveyed_share_of_population"} <= set(g.index):
            n = _count(g.at["surveyed_count", "value"])
            p = float(g.at["surveyed_share_of_population", "value"])
            r = n / (p / 100)
            rv = Value.of(
                r,
                ",.0f",
                unit="persons",
                raw=ids,
                sources=sources,
                method=f"surveyed count / its published share of the population ({n:,} / {p:g}%)",
            )
        else:
            raise DataError(
                f"data/raw/residents.csv: survey year {year} has neither a population count nor a "
                "surveyed count with its share of the population"
            )
        stated = str(row["arrived_by_stated"]).lower() == "true"
        by = int(str(row["arrived_by"])[:4]) if stated else int(year) - 1
        if by not in cumulative.index:
            raise DataError(f"no cumulative arrivals at the end of {by} for the {year} resident frame")
        c = float(cumulative.at[by, "total"])
        cv = Value.of(c, ",.0f", unit="persons", method=f"running sum of adopted MOU arrivals to the end of {by}")
        min_age = str(row["min_age"]).strip()
        frames.append(
            ResidentFrame(
                survey_year=int(year),
                definition=str(row["population_definition"]),
                min_age=int(min_age) if min_age else None,
                arrived_by_year=by,
                arrived_by_stated=stated,
                residents=rv,
                cumulative=cv,
                overstatement=Value.derived(c / r, ".3f", [rv, cv], method="cumulative arrivals / residents (C / R)"),
                excess=Value.derived(
                    c - r, ",.0f", [rv, cv], method="cumulative arrivals - residents (C - R)", unit="persons"
                ),
            )
        )
    return frames


def implied_deaths(escapee: pd.DataFrame, series: str, start: int, end: int) -> Value | None:
    """Escapee deaths implied by a published suicide count and its published share of deaths for the same
    period and series: ``D = S / (p / 100)`` (e.g. Wi Sung-lac, 2013-2022: 100 / 11.4% = 877). None where
    the pair was not published."""
    e = escapee[
        (escapee["series"] == series)
        & (escapee["period_start"] == start)
        & (escapee["period_end"] == end)
        & (escapee["subgroup"].fillna("") == "")
    ]
    s = e[e["indicator"] == "suicide_count"]
    p = e[e["indicator"] == "suicide_share_of_deaths_pct"]
    if len(s) != 1 or len(p) != 1 or pd.isna(s["value"].iloc[0]) or pd.isna(p["value"].iloc[0]):
        return None
    count, share = float(s["value"].iloc[0]), float(p["value"].iloc[0])
    ids = [f"escapee_suicide/{r}" for r in (s["record_id"].iloc[0], p["record_id"].iloc[0])]
    return Value.of(
        count / (share / 100),
        ",.0f",
        unit="deaths",
        raw=ids,
        sources=[s["source_id"].iloc[0], p["source_id"].iloc[0]],
        method=f"published suicides / their published share of deaths ({count:g} / {share:g}%)",
    )


class DenominatorBound(Record):
    """How far deaths and onward emigration can bias a ratio computed on cumulative arrivals."""

    start: int
    end: int
    available: bool
    frames_used: tuple[int, ...]  # survey years of the frames whose cut-off lies in start-1..end
    factor_high: Value  # the largest C / R among them: cumulative arrivals overstate residents by at most this
    factor_low: Value  # 1, or C / (C - D) where deaths D are published for years up to a frame's cut-off
    ratio: Value  # the ratio on cumulative arrivals, as given
    ratio_high: Value  # ratio * factor_high: the most the ratio on residents can be
    upper_high: Value  # the interval's upper limit * factor_high


def denominator_bound(
    frames: list[ResidentFrame],
    ratio: float | Value,
    upper: float | Value,
    period: tuple[int, int],
    deaths: Value | None = None,
    deaths_through: int | None = None,
) -> DenominatorBound:
    """Bound the bias of a ratio computed on cumulative arrivals, from the resident frames near the period.

    Frames whose arrival cut-off year lies in ``start - 1 .. end`` are used (none: ``available`` is False). ``F_high = max C / R``; the ratio on residents lies in
    ``[ratio * F_low, ratio * F_high]``, with ``F_low = C / (C - D)`` at the frame whose cut-off is
    ``deaths_through`` when published deaths ``D`` cover the years up to it, else 1.
    """
    start, end = period
    rv = _as_value(ratio, ".2f", method="ratio on cumulative arrivals")
    uv = _as_value(upper, ".2f", method="upper limit on cumulative arrivals")
    used = [f for f in frames if start - 1 <= f.arrived_by_year <= end]
    if not used:
        na = Value.of(None, ".3f")
        return DenominatorBound(
            start=start,
            end=end,
            available=False,
            frames_used=(),
            factor_high=na,
            factor_low=na,
            ratio=rv,
            ratio_high=Value.of(None, ".2f"),
            upper_high=Value.of(None, ".2f"),
        )
    top = max(used, key=lambda f: f.overstatement.value)
    fh = top.overstatement
    fl = Value.of(1.0, ".3f", method="residents cannot exceed arrivals")
    if deaths is not None and deaths_through is not None:
        match = [f for f in frames if f.arrived_by_year == deaths_through]
        if match:
            c = match[0].cumulative
            fl = Value.derived(
                c.value / (c.value - deaths.value),
                ".3f",
                [c, deaths],
                method=f"C / (C - D): arrivals to {deaths_through} less published deaths",
            )
    rh = Value.derived(rv.value * fh.value, ".2f", [rv, fh], method="ratio x C / R (residents instead of arrivals)")
    uh = Value.derived(uv.value * fh.value, ".2f", [uv, fh], method="upper limit x C / R")
    return DenominatorBound(
        start=start,
        end=end,
        available=True,
        frames_used=tuple(f.survey_year for f in used),
        factor_high=fh,
        factor_low=fl,
        ratio=rv,
        ratio_high=rh,
        upper_high=uh,
    )


class ResidentComparison(Record):
    """A crude ratio on person-years from published resident counts, for the years two frames bracket."""

    available: bool
    years: tuple[int, ...]
    observed: Value
    person_years: Value
    expected: Value
    ratio: Value
    lower: Value
    upper: Value
    comparator_note: str
    cutoff_assumed: bool  # a frame used has no stated arrival cut-off (2022: taken as the end of 2021)


COMPARATOR_NOTE = (
    "The resident counts cover ages 15 and over, while KOSTAT's crude rate covers all ages; "
    "KOSTAT publishes no rate for ages 15 and over, and children's suicide rates are far below "
    "the all-ages rate, so this comparator is too low and the ratio on it too high."
)


def resident_comparison(
    frames: list[ResidentFrame],
    observed_by_year: Mapping[int, int],
    kostat: pd.DataFrame,
    level: float = 0.95,
    inputs: Iterable[Value] = (),
) -> ResidentComparison:
    """Person-years from resident counts: ``PY_y = (R_{y-1} + R_y) / 2`` for each year ``y`` whose end and
    the previous year's end both have a frame of the same minimum age; ``E = sum_y PY_y r_y / 1e5``
    (KOSTAT crude rates), ``ratio = O / E`` over those years with the exact Poisson interval.

    Years without both frames are left out (a gap, not interpolated); no such year: ``available`` False.
    """
    by_year = {f.arrived_by_year: f for f in frames}
    crude = sm.kostat_values(kostat, "crude_suicide_rate")
    years, pys, values, assumed = [], [], [], False
    for y in sorted(observed_by_year):
        a, b = by_year.get(y - 1), by_year.get(y)
        if a and b and a.min_age == b.min_age and y in crude.index:
            years.append(y)
            pys.append((a.residents.value + b.residents.value) / 2)
            values += [a.residents, b.residents]
            assumed = assumed or not (a.arrived_by_stated and b.arrived_by_stated)
    if not years:
        na = Value.of(None, ".2f")
        return ResidentComparison(
            available=False,
            years=(),
            observed=Value.of(None, "d"),
            person_years=na,
            expected=na,
            ratio=na,
            lower=na,
            upper=na,
            comparator_note=COMPARATOR_NOTE,
            cutoff_assumed=False,
        )
    o = sum(int(observed_by_year[y]) for y in years)
    e = sum(p * float(crude[y]) for p, y in zip(pys, years, strict=True)) / 1e5
    est = stats.smr(o, e, level)
    k_rows = kostat[
        kostat["adopted"].astype(bool)
        & (kostat["indicator"] == "crude_suicide_rate")
        & (kostat["sex"] == "total")
        & kostat["year"].isin(years)
        & (kostat["age_group"].fillna("") == "")
    ]
    kv = Value.of(None, raw=[f"kostat_deaths/{r}" for r in k_rows["row_id"]], sources=list(k_rows["source_id"]))
    ov = Value.derived(o, "d", list(inputs), method="published counts")
    pv = Value.derived(sum(pys), ",.0f", values, method="(R_{y-1} + R_y) / 2 over the years", unit="person-years")
    ev = Value.derived(e, ".1f", [pv, kv], method="sum_y PY_y r_y / 1e5 (KOSTAT crude rates)")
    basis = [ov, pv, ev]
    return ResidentComparison(
        available=True,
        years=tuple(years),
        observed=ov,
        person_years=pv,
        expected=ev,
        ratio=Value.derived(est.value, ".2f", basis, method="O / E on resident person-years"),
        lower=Value.derived(est.lower, ".2f", basis, method=f"exact Poisson {percent(level)} limit of O, / E"),
        upper=Value.derived(est.upper, ".2f", basis, method=f"exact Poisson {percent(level)} limit of O, / E"),
        comparator_note=COMPARATOR_NOTE,
        cutoff_assumed=assumed,
    )


# =========================================================================================== context
class ContextFigure(Record):
    """One published figure on refugee or migrant suicide relative to a host population."""

    row_id: str
    study: str
    population: str
    comparison: str
    measure: str
    value: Value
    lower: Value
    upper: Value
    unit: str


class Context(Record):
    """North Korea's own suicide rate beside South Korea's, and the published reviews."""

    nk_rate: Value
    sk_rate: Value  # same release, same standardisation
    nk_year: Value
    nk_to_sk: Value  # ratio of the two
    nk_standardisation: str
    reviews: list[ContextFigure]


def _oecd_rate(row: pd.Series) -> Value:
    """A rate per 100,000 from a row of the processed ``oecd`` table, its standardisation as the method."""
    return Value.of(
        float(row["value"]),
        ".1f",
        unit="per 100,000",
        raw=[f"oecd_suicide/{row['row_id']}"],
        sources=[row["source_id"]],
        method=str(row["standardisation"]),
    )


def context(oecd: pd.DataFrame, context_rows: pd.DataFrame) -> Context:
    """North Korea's rate (the WHO estimate in the processed ``oecd`` table) against South Korea's in the
    same release and standardisation; and every row of the raw ``context_suicide`` table as published."""
    nk = oecd[oecd["country"].str.contains("DPR Korea", na=False)]
    if nk.empty:
        raise DataError("no North Korean suicide rate in the OECD/WHO table (data/raw/oecd_suicide.csv)")
    n = nk.iloc[0] if len(nk) == 1 else nk.sort_values("release_date").iloc[-1]
    sk = oecd[
        (oecd["release"].astype(str).str.contains("WHO", na=False))
        & (oecd["data_year"] == n["data_year"])
        & (oecd["standardisation"] == n["standardisation"])
        & (oecd["source_id"] == n["source_id"])
        & oecd["country"].str.contains("Republic of Korea", na=False)
    ]
    if sk.empty:
        raise DataError(f"no South Korean rate in the release of North Korea's ({n['release']}) to compare with")
    nv, sv = _oecd_rate(n), _oecd_rate(sk.iloc[0])
    reviews = []
    for r in context_rows.itertuples():
        ids, src = [f"context_suicide/{r.row_id}"], [r.source_id]

        def num(x, fmt=".2f", ids=ids, src=src, unit=r.unit):
            x = str(x).strip()
            return Value.of(
                float(x) if x else None,
                "g" if not x or float(x).is_integer() else fmt,
                raw=ids,
                sources=src,
                unit=unit,
                method="as published",
            )

        reviews.append(ContextFigure.from_row(r, value=num(r.value), lower=num(r.lower), upper=num(r.upper)))
    return Context(
        nk_rate=nv,
        sk_rate=sv,
        nk_year=Value.of(str(n["data_year"]), raw=nv.raw, sources=nv.sources),
        nk_to_sk=Value.derived(nv.value / sv.value, ".2f", [nv, sv], method="North Korea / South Korea"),
        nk_standardisation=str(n["standardisation"]),
        reviews=reviews,
    )
