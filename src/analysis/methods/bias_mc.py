"""Combined probabilistic bias analysis of the escapee suicide ratio (issue 17, item 5).

The count-based ratio ``O / E`` (``methods.suicide``) has two measurement biases (the resident denominator
and misclassification) that the report used to bound one at a time (``methods.suicide_bounds``), and the
SMR a third factor, the escapees' age structure, which the crude ratio keeps as part of its question (it
compares the two populations as they are, as the article does). Here they are drawn together, each from a declared
distribution with its sources and reason (``Prior``; the table is ``BiasPriors``), in a seeded Monte
Carlo (``numpy.random.default_rng(seed)``, so a build is byte-reproducible):

- **age** (``age_factor`` ``A``), drawn for the SMR only: ``E_age = E_sex * A`` with ``A = E(age scenario) / E(crude)`` on
  KOSTAT's both-sex age-specific rates (``suicide_bounds.expected_by_age``). ``A`` is uniform between two
  possible age structures: every arrival cohort aged by its years since entry with nobody leaving
  (``aged``), and the same with the largest exits the resident frames allow taken from the earliest
  arrivals first (``aged_exits``: the youngest structure consistent with the frames). The scenario
  "nobody ages after arrival" is impossible for any year after the first arrivals and is refused
  (``check_scenario``).
- **resident denominator** (``denominator_factor`` ``F``): cumulative arrivals overstate the residents
  by ``F = C / R``; the ratio on residents is ``ratio * F``. ``F`` is uniform between
  ``F_low = C / (C - X)``, with ``X`` the exits recorded by the end of the period (deaths implied by the
  series' published count and share, escapees recorded abroad, confirmed returns north), and
  ``F_high``, the largest ``C / R`` of the resident frames in or next to the period (frames leave out
  children, so ``R`` understates the residents and ``F_high`` is an upper bound).
- **misclassification** (``misclassified_share`` ``q``): a share ``q`` of deaths of unknown cause were
  suicides, so ``O_true = O * (1 + q * U / S)`` with ``U / S`` the published ratio of unknown-cause
  deaths to suicides (MOU, 2017-2019). No estimate of ``q`` for escapees has been published: ``q`` is
  uniform on [0, 1], from "no unknown-cause death was a suicide" to the report's upper bound "all were".
  Recorded suicides are taken to be suicides (no false positives).

Each draw: ``ratio_systematic = O * M * F / (E_sex * A)`` with ``M = 1 + q U / S``; the total-error
ratio replaces ``O`` by a draw from its Jeffreys posterior ``Gamma(O + 1/2, 1)`` (random error; Lash, Fox
& Fink 2009, Applying Quantitative Bias Analysis to Epidemiologic Data, ch. 8). The simulation interval
is the central ``level`` range of the draws, reported beside the conventional exact interval.

**Sex by age.** KOSTAT publishes suicide rates by sex and by age every year, but no complete sex-by-age
table has been found for any year of 2013-2022: the press reported only scattered cells (the dossier's
``suicide_korea_sex_age.csv``: e.g. 2013 men 40+ and three women's bands, 2019 women 10-39 and 70+,
2020 ages 20-29), and the male/female ratio only at its lowest and highest band. Age is therefore
adjusted with both-sex rates and multiplied into the sex adjustment as if the two did not interact
(``GAP_SEX_BY_AGE``), a gap stated, not filled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analysis.errors import DataError
from analysis.methods import stats
from analysis.methods import suicide as su
from analysis.methods import suicide_bounds as sb

GAP_SEX_BY_AGE = (
    "KOSTAT's suicide rates by sex and age together were not found as a table for any year of 2013-2022 (only "
    "scattered cells and the lowest and highest male/female ratios were reported in the press), so the "
    "age factor uses both-sex rates and is multiplied into the sex adjustment, assuming no interaction"
)
DEPARTURE_FACTS = {2021: "F24", 2022: "F25", 2023: "F26", 2024: "F27"}  # data/raw/facts.csv, by year
RETURN_FACT = "F30"  # confirmed returns to North Korea since 2012, none since 2022
UNKNOWN_YEARS = (2017, 2018, 2019)  # MOU's full-year unknown-cause deaths beside its suicide counts
PARAMETERS = ("age_factor", "denominator_factor", "misclassified_share", "unknown_per_suicide")


@dataclass(frozen=True)
class Prior:
    """A declared distribution for one bias parameter: uniform on [low, high] or fixed (low == high)."""

    name: str
    kind: Literal["uniform", "fixed"]
    low: float
    high: float
    source_ids: tuple[str, ...]
    reason: str
    record_ids: tuple[str, ...] = ()  # raw rows ("escapee_suicide/E23", "facts/F25", ...)

    def __post_init__(self) -> None:
        if self.name not in PARAMETERS:
            raise DataError(f"bias prior: unknown parameter {self.name!r} (one of {', '.join(PARAMETERS)})")
        if not (np.isfinite(self.low) and np.isfinite(self.high)) or self.low > self.high:
            raise DataError(f"bias prior {self.name}: low ({self.low}) must be finite and <= high ({self.high})")
        if self.kind == "fixed" and self.low != self.high:
            raise DataError(f"bias prior {self.name}: a fixed value needs low == high")
        floor, ceiling = LIMITS[self.name]
        if self.low < floor or self.high > ceiling:
            raise DataError(
                f"bias prior {self.name}: [{self.low:g}, {self.high:g}] is impossible; it must lie in "
                f"[{floor:g}, {ceiling:g}] ({LIMIT_REASONS[self.name]})"
            )

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws (a fixed prior consumes no random numbers, so the others do not shift)."""
        if self.kind == "fixed":
            return np.full(n, self.low)
        return rng.uniform(self.low, self.high, n)


LIMITS = {
    "age_factor": (1e-9, np.inf),
    "denominator_factor": (1.0, np.inf),
    "misclassified_share": (0.0, 1.0),
    "unknown_per_suicide": (0.0, np.inf),
}
LIMIT_REASONS = {
    "age_factor": "an expected count cannot be zero or negative",
    "denominator_factor": "residents cannot outnumber the people who ever arrived",
    "misclassified_share": "a share of deaths lies between 0 and 1",
    "unknown_per_suicide": "counts of deaths are not negative",
}


@dataclass(frozen=True)
class BiasPriors:
    """The table of declared distributions, one per parameter (the order of ``PARAMETERS``)."""

    age_factor: Prior
    denominator_factor: Prior
    misclassified_share: Prior
    unknown_per_suicide: Prior

    def table(self) -> pd.DataFrame:
        """One row per parameter: name, kind, low, high, sources, raw rows, reason."""
        rows = [getattr(self, p) for p in PARAMETERS]
        return pd.DataFrame(
            [
                {"parameter": p.name, "kind": p.kind, "low": p.low, "high": p.high}
                | {"sources": "; ".join(p.source_ids), "rows": "; ".join(p.record_ids), "reason": p.reason}
                for p in rows
            ]
        )


def fixed(name: str, value: float, reason: str = "fixed for a check") -> Prior:
    """A degenerate prior (the conventional analysis is all four fixed at A = F = 1, q = 0)."""
    return Prior(name, "fixed", float(value), float(value), (), reason)


# ================================================================================================ age
def check_scenario(scenario: str, period: tuple[int, int], cohorts: pd.DataFrame) -> None:
    """Refuse an age scenario that the calendar rules out for ``period``.

    ``no_ageing`` (everyone still the age they entered) is possible only if every person at risk arrived
    in the same year; any arrival before ``period[0]`` has aged since, so the scenario is impossible.
    """
    if scenario not in sb.SCENARIOS and scenario != "aged_exits":
        raise DataError(f"age scenario must be one of aged, aged_exits, got {scenario!r}")
    if scenario == "no_ageing":
        before = float(cohorts.loc[cohorts.index < period[0], list(sb.SEXES)].to_numpy().sum())
        if before > 0:
            raise DataError(
                f"age scenario 'no_ageing' is impossible for {period[0]}-{period[1]}: {before:,.0f} people "
                f"arrived before {period[0]} and have aged since"
            )


def remove_earliest(cohorts: pd.DataFrame, exits: dict[str, float], year: int) -> pd.DataFrame:
    """Entry cohorts up to ``year`` with ``exits[sex]`` people taken from the earliest cohorts first."""
    out = cohorts.loc[cohorts.index <= year].copy()
    for sex, left in exits.items():
        for entry in out.index:
            take = min(float(out.at[entry, sex]), left)
            out.at[entry, sex] = float(out.at[entry, sex]) - take
            left -= take
            if left <= 0:
                break
    return out


def age_factors(
    py: pd.DataFrame,
    arrivals_age: pd.DataFrame,
    kostat: pd.DataFrame,
    cumulative: pd.DataFrame,
    factor_high: float,
) -> tuple[dict[str, float], tuple[str, ...], tuple[str, ...]]:
    """The age factor ``A = E(scenario) / E(crude)`` of the two possible scenarios, on person-years ``py``.

    ``aged``: cohorts aged since entry, nobody leaving; ``aged_exits``: the same with
    ``C_sy (1 - 1 / factor_high)`` people of each sex taken from the earliest cohorts in each year ``y``.
    Returns (factors by scenario, source ids, raw rows).
    """
    years = [int(y) for y in py.index]
    cohorts = sb.cohort_arrivals(cumulative)
    check_scenario("aged", (years[0], years[-1]), cohorts)
    shares, age_raw, age_sources = sb.entry_age_distribution(arrivals_age)
    rates, _, _, k_raw, k_sources = sb.age_rates(kostat, years)
    crude = float(su.crude_comparison(0, py, kostat, 0.95).expected)
    aged = sb.expected_by_age(py, shares, rates, "aged", cohorts)
    young = 0.0
    for y in years:
        exits = {s: float(cumulative.at[y, s]) * (1 - 1 / factor_high) for s in sb.SEXES}
        young += sb.expected_by_age(py.loc[[y]], shares, rates, "aged", remove_earliest(cohorts, exits, y))
    sources = tuple(sorted(set(age_sources) | set(k_sources)))
    return {"aged": aged / crude, "aged_exits": young / crude}, sources, tuple(age_raw) + tuple(dict.fromkeys(k_raw))


def age_prior(factors: dict[str, float], source_ids: tuple[str, ...], record_ids: tuple[str, ...] = ()) -> Prior:
    """Uniform between the two possible scenarios' age factors."""
    lo, hi = sorted((factors["aged"], factors["aged_exits"]))
    return Prior(
        "age_factor",
        "uniform",
        lo,
        hi,
        source_ids,
        "between 'every cohort aged since entry, nobody leaving' and 'the same, with the largest exits the "
        "resident frames allow taken from the earliest arrivals'; 'nobody ages' is impossible and dropped; "
        "drawn for the SMR only",
        record_ids,
    )


#: Why the crude ratio's draws hold the age factor at 1: the ages are part of its question, not a bias of it.
AGE_IN_THE_QUESTION = (
    "not drawn for the crude ratio, which compares the two populations as they are, as the article does: their "
    "age structures are part of its question, as sex is, not a bias of its measurement"
)


# ======================================================================================= denominator
@dataclass(frozen=True)
class Exits:
    """People recorded as gone by the end of ``year``: a lower bound on all exits (row ids as provenance)."""

    year: int
    deaths: float  # implied by the series' published count and share of deaths (0 when not published)
    abroad: float  # recorded abroad at the end of the year (MOU; year-end stocks, so the last year only)
    returned: float  # confirmed returns north up to the end of the year
    record_ids: tuple[str, ...]
    source_ids: tuple[str, ...] = ()

    @property
    def total(self) -> float:
        return self.deaths + self.abroad + self.returned


def _fact(facts: pd.DataFrame, fact_id: str) -> pd.Series:
    rows = facts[facts["fact_id"] == fact_id]
    if len(rows) != 1:
        raise DataError(f"data/raw/facts.csv: fact {fact_id} not found once (the bias analysis reads it)")
    return rows.iloc[0]


def returns_by_year(facts: pd.DataFrame) -> dict[int, int]:
    """Confirmed returns north by year, from the breakdown printed in fact ``RETURN_FACT`` ("2012: 7, ...");
    the breakdown must add up to the fact's published total."""
    row = _fact(facts, RETURN_FACT)
    by_year = {int(y): int(n) for y, n in re.findall(r"(\d{4}): (\d+)", str(row["statement"]))}
    total = int(float(str(row["value"]).replace(",", "")))
    if not by_year or sum(by_year.values()) != total:
        raise DataError(
            f"data/raw/facts.csv, row {RETURN_FACT}, column statement: the returns by year "
            f"({sum(by_year.values())}) do not add up to the value {total}"
        )
    return by_year


def recorded_exits(escapee: pd.DataFrame, facts: pd.DataFrame, series: str, start: int, end: int) -> Exits:
    """Deaths in ``start..end`` (``suicide_bounds.implied_deaths``), escapees abroad at the end of ``end``
    (``DEPARTURE_FACTS``; read as year-end stocks, as the dossier cautions, so years are not summed) and
    returns north up to ``end``."""
    d = sb.implied_deaths(escapee, series, start, end)
    ids = list(d.raw) if d is not None else []
    abroad = 0.0
    if end in DEPARTURE_FACTS:
        row = _fact(facts, DEPARTURE_FACTS[end])
        if str(end) not in str(row["statement"]):
            raise DataError(f"data/raw/facts.csv, row {row['fact_id']}: the statement is not about {end}")
        abroad = float(str(row["value"]).replace(",", ""))
        ids.append(f"facts/{DEPARTURE_FACTS[end]}")
    returned = float(sum(n for y, n in returns_by_year(facts).items() if y <= end))
    ids.append(f"facts/{RETURN_FACT}")
    sources = list(d.sources) if d is not None else []
    sources += [_fact(facts, f)["source_id"] for f in ids_facts(end)]
    return Exits(
        end, float(d.value) if d is not None else 0.0, abroad, returned, tuple(ids), tuple(sorted(set(sources)))
    )


def ids_facts(end: int) -> list[str]:
    """The facts rows ``recorded_exits`` reads for a period ending in ``end``."""
    return ([DEPARTURE_FACTS[end]] if end in DEPARTURE_FACTS else []) + [RETURN_FACT]


def frames_for(frames: list[sb.ResidentFrame], period: tuple[int, int]) -> list[sb.ResidentFrame]:
    """The resident frames that bound the denominator of ``period``: arrival cut-off in ``start - 1 .. end``."""
    start, end = period
    return [f for f in frames if start - 1 <= f.arrived_by_year <= end]


def denominator_prior(
    frames: list[sb.ResidentFrame], cumulative: pd.DataFrame, exits: Exits, period: tuple[int, int]
) -> Prior:
    """Uniform between ``F_low = C_end / (C_end - X)`` (recorded exits) and the largest ``C / R`` of the
    resident frames whose arrival cut-off lies in ``start - 1 .. end``."""
    start, end = period
    used = frames_for(frames, period)
    if not used:
        raise DataError(f"no published resident count falls in or next to {start}-{end}: the denominator prior")
    high = max(float(f.overstatement.value) for f in used)
    c = float(cumulative.at[end, "total"])
    low = c / (c - exits.total)
    sources = sorted({s for f in used for s in f.residents.sources} | set(exits.source_ids))
    rows = tuple(r for f in used for r in f.residents.raw) + exits.record_ids
    return Prior(
        "denominator_factor",
        "uniform",
        min(low, high),
        high,
        tuple(sources),
        f"between cumulative arrivals over arrivals less the exits recorded by {end} ({exits.total:,.0f}) and "
        f"the largest cumulative arrivals / resident frame of {', '.join(str(f.survey_year) for f in used)} "
        "(frames leave out children, so residents are at least the frame)",
        rows,
    )


# =================================================================================== misclassification
def misclassification_priors(escapee: pd.DataFrame) -> tuple[Prior, Prior]:
    """``q`` uniform on [0, 1] (no published estimate) and ``U / S`` fixed at MOU's pooled full-year
    unknown-cause deaths over suicides in ``UNKNOWN_YEARS`` (the same series' rows)."""
    full = escapee[~escapee["partial_year"].astype(bool) & (escapee["period_start"] == escapee["period_end"])]
    full = full[full["period_start"].isin(UNKNOWN_YEARS)]
    unknown = full[(full["indicator"] == "deaths_by_cause") & (full["subgroup"] == "cause: unknown cause")]
    sui = full[(full["indicator"] == "suicide_count") & (full["subgroup"].fillna("") == "")]
    sui = sui[sui["series"].isin(set(unknown["series"]))]
    if sorted(unknown["period_start"]) != list(UNKNOWN_YEARS) or sorted(sui["period_start"]) != list(UNKNOWN_YEARS):
        raise DataError(
            f"data/raw/escapee_suicide.csv: full-year unknown-cause deaths and suicides of one series are "
            f"needed for each of {', '.join(map(str, UNKNOWN_YEARS))}"
        )
    u, s = float(unknown["value"].sum()), float(sui["value"].sum())
    ids = tuple(f"escapee_suicide/{i}" for i in list(unknown["record_id"]) + list(sui["record_id"]))
    sources = tuple(sorted(set(unknown["source_id"]) | set(sui["source_id"])))
    q = Prior(
        "misclassified_share",
        "uniform",
        0.0,
        1.0,
        (),
        "no estimate for escapees has been published: from no unknown-cause death being a suicide to all",
    )
    ratio = Prior(
        "unknown_per_suicide",
        "fixed",
        u / s,
        u / s,
        sources,
        f"MOU's unknown-cause deaths over suicides, {UNKNOWN_YEARS[0]}-{UNKNOWN_YEARS[-1]} ({u:g} / {s:g}); "
        "MOU's own records, which count fewer suicides than the MOIS registers, so applied to MOIS-based "
        "counts it may overstate the suicides missed",
        ids,
    )
    return q, ratio


# ========================================================================================= simulation
DEFAULT_SEED = 20240927  # fixed once (the date of the MOIS-based count's publication), never tuned
DEFAULT_DRAWS = 10_000


@dataclass(frozen=True)
class BiasResult:
    """The conventional ratio and the bias-adjusted simulation intervals, with every draw's inputs."""

    observed: int
    expected: float  # E at KOSTAT's sex-specific (or crude) rates: the conventional analysis
    conventional: stats.Estimate  # O / E with the exact Poisson interval
    systematic: stats.Estimate  # median and central interval of the bias-adjusted ratio (no random error)
    total: stats.Estimate  # the same with random error drawn too
    seed: int
    n_draws: int
    priors: BiasPriors
    draws: pd.DataFrame  # one row per draw: draw, the four inputs, observed draw, both ratios


def _summary(values: np.ndarray, level: float) -> stats.Estimate:
    a = (1 - level) / 2
    lo, med, hi = np.quantile(values, [a, 0.5, 1 - a])
    return stats.Estimate(float(med), float(lo), float(hi), level)


def simulate(
    observed: int,
    expected: float,
    priors: BiasPriors,
    n: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> BiasResult:
    """Draw the four parameters (in the order of ``PARAMETERS``), then the random error of ``O``.

    ``ratio_systematic = O (1 + q U/S) F / (E A)``; ``ratio_total`` uses ``lambda ~ Gamma(O + 1/2, 1)``
    in place of ``O``. The same seed gives the same draws, bit for bit.
    """
    stats._check_count(observed, "observed")
    stats._check_positive(expected, "expected")
    if not (isinstance(n, int) and n >= 100):
        raise DataError(f"the number of draws must be an integer >= 100, got {n!r}")
    rng = np.random.default_rng(seed)
    x = {p: getattr(priors, p).draw(rng, n) for p in PARAMETERS}
    lam = rng.gamma(observed + 0.5, 1.0, n)
    bias = (1 + x["misclassified_share"] * x["unknown_per_suicide"]) * x["denominator_factor"] / x["age_factor"]
    draws = pd.DataFrame({"draw": np.arange(1, n + 1), **x, "observed_draw": lam})
    draws["ratio_systematic"] = observed * bias / expected
    draws["ratio_total"] = lam * bias / expected
    return BiasResult(
        observed=int(observed),
        expected=float(expected),
        conventional=stats.smr(observed, expected, level),
        systematic=_summary(draws["ratio_systematic"].to_numpy(), level),
        total=_summary(draws["ratio_total"].to_numpy(), level),
        seed=seed,
        n_draws=n,
        priors=priors,
        draws=draws,
    )


@dataclass(frozen=True)
class Inputs:
    """The tables the bias analysis reads: processed ``escapee`` and ``kostat``, cumulative arrivals
    (``methods.suicide.cumulative_by_sex``) and the raw ``arrivals_age``, ``residents`` and ``facts``."""

    escapee: pd.DataFrame
    kostat: pd.DataFrame
    cumulative: pd.DataFrame
    arrivals_age: pd.DataFrame
    residents: pd.DataFrame
    facts: pd.DataFrame

    @classmethod
    def read(cls) -> Inputs:
        """Read them from ``data/processed`` and ``data/raw`` (raw tables hash-checked)."""
        from analysis import io
        from analysis.cleaning import rawdata
        from analysis.methods import mortality

        adopted = io.read_table("arrivals", dtype={"period": str})
        cumulative = su.cumulative_by_sex(adopted.assign(period=adopted["period"].astype(str)))
        raw = {n: rawdata.read(n) for n in ("arrivals_age", "residents", "facts")}
        return cls(mortality.read_escapee(), mortality.read_kostat(), cumulative, **raw)


def primary_analysis(
    inputs: Inputs,
    period: tuple[int, int],
    series: str,
    denominator: str,
    level: float = 0.95,
    n: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    adjustment: Literal["sex", "crude"] = "sex",
) -> BiasResult:
    """The combined bias analysis of the sex-adjusted SMR (or, ``adjustment="crude"``, of the crude rate
    ratio: the claim's literal question) for one period, counts series and denominator. The age factor is
    drawn for the SMR (which then answers 'at equal sex and age') and held at 1 for the crude ratio
    (``AGE_IN_THE_QUESTION``)."""
    start, end = period
    x = inputs
    pooled = su.pooled_count(x.escapee, start, end, series)
    py = su.person_years(x.cumulative, start, end, denominator)
    if adjustment not in ("sex", "crude"):
        raise DataError(f"adjustment must be 'sex' or 'crude', got {adjustment!r}")
    fn = su.sex_adjusted_comparison if adjustment == "sex" else su.crude_comparison
    comp = fn(pooled.count, py, x.kostat, level)
    exits = recorded_exits(x.escapee, x.facts, series, start, end)
    den = denominator_prior(sb.resident_frames(x.residents, x.cumulative), x.cumulative, exits, period)
    if adjustment == "sex":
        age = age_prior(*age_factors(py, x.arrivals_age, x.kostat, x.cumulative, den.high))
    else:
        age = fixed("age_factor", 1.0, AGE_IN_THE_QUESTION)
    q, ratio = misclassification_priors(x.escapee)
    priors = BiasPriors(age, den, q, ratio)
    return simulate(pooled.count, comp.expected, priors, n, seed, level)


NULLS = {"age_factor": 1.0, "denominator_factor": 1.0, "misclassified_share": 0.0}


def contributions(result: BiasResult, level: float = 0.95) -> pd.DataFrame:
    """The systematic simulation interval with each bias in turn left out (its parameter fixed at its null
    value: ``A = 1``, ``F = 1``, ``q = 0``), same seed and draws: which bias moves the ratio how far."""
    rows = []
    for name, null in NULLS.items():
        priors = BiasPriors(**{p: getattr(result.priors, p) for p in PARAMETERS} | {name: fixed(name, null)})
        r = simulate(result.observed, result.expected, priors, result.n_draws, result.seed, level)
        rows.append({"left_out": name, "median": r.systematic.value} | {"lower": r.systematic.lower})
        rows[-1]["upper"] = r.systematic.upper
    return pd.DataFrame(rows)
