"""Integration surveys of escapees (Korea Hana Foundation; NKDB), the fact list, the article's claims and
the source registry: the comparisons section 6 of the report makes (the cleaning rules that make the tidy
tables are in ``analysis.cleaning.surveys``).

Raw layout (``data/raw/survey_hana.csv``, ``data/raw/survey_nkdb.csv``): one published figure per row,
with ``survey_year`` (the fieldwork year, after which reports are named) and ``publication_year`` (the
year the results came out: Hana's 2011-2021 results were released the following year), the indicator,
the group it refers to (``defectors``, a subgroup, or the ``general_public`` comparator as quoted), the
value as published, its unit, the sample size where published, and a note.

Rules kept here, each a small function:

- **Two surveys, never spliced.** Every tidy row carries ``source`` (``hana`` or ``nkdb``); every
  analysis function works on one source and refuses a frame that holds both (``require_one_source``).
- **Vintages.** One published value per quantity is adopted by the ``vintage`` rule when the table is
  cleaned (``analysis.cleaning.surveys.adopt``); the analysis uses the adopted rows.
- **Qualified values stay out of arithmetic.** A value the source printed with a qualifier ("more than
  20 percent") is kept and shown, but never used in a gap, ratio or interval; so is a comparator the
  transcriber flagged ``CAUTION:`` (a different basis, e.g. ages 15-64 against the survey's 15+).
- **One n: completed interviews** (``completed_n``): a published count of completed interviews, else the
  respondents printed with the figures, else the drawn sample times the published response rate; the
  drawn sample alone only where nothing else exists, and then flagged.
- **Intervals only where a sample size is published.** Wilson intervals use that n for rates over all
  respondents; an unemployment rate's base is the economically active, computed as
  n x participation rate / 100 from the same survey year (or n x (100 - inactive share) / 100). Without
  those, no interval: a gap, stated.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from analysis.cleaning.surveys import CITED_NOT_FOUND, COMPARATOR, ESCAPEES, SOURCES
from analysis.errors import DataError
from analysis.methods import stats

SOURCE_NAMES = {"hana": "Korea Hana Foundation", "nkdb": "NKDB"}
RAW_NAMES = {"hana": "survey_hana", "nkdb": "survey_nkdb"}

EMPLOYMENT = "employment_rate"
UNEMPLOYMENT = "unemployment_rate"
PARTICIPATION = "labour_force_participation_rate"
INACTIVE = "inactive_share"
WAGE = "avg_monthly_wage"
SATISFACTION = "satisfied_with_life_in_SK"
DISCRIMINATION = "experienced_discrimination_or_disregard"
LABOUR = (EMPLOYMENT, UNEMPLOYMENT, PARTICIPATION)

#: Hana rounds run as full-enumeration (전수) surveys rather than samples, as the releases describe them
#: (survey_hana.csv notes to the 2012, 2014 and 2016 rounds; surveys.md of the research dossier, section 2.1).
FULL_ENUMERATION_ROUNDS = (2012, 2014, 2016)


def cited_not_found(claims: pd.DataFrame) -> pd.DataFrame:
    """The survey claims whose note records that no source could confirm them (the NKDB 2023 figures)."""
    mask = (claims["topic"] == "survey") & claims["note"].fillna("").str.startswith(CITED_NOT_FOUND)
    return claims[mask].reset_index(drop=True)


def find_value(surveys: pd.DataFrame, value: float, unit: str = "percent") -> pd.DataFrame:
    """Every survey row publishing exactly ``value`` in ``unit`` (to check a cited figure, and find
    near-misses: the same number attached to another year, group or question)."""
    hit = surveys[(surveys["unit"] == unit) & np.isclose(surveys["value"], value, rtol=0, atol=1e-9)]
    return hit.reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Analysis: one survey at a time
# --------------------------------------------------------------------------------------------------
def require_one_source(df: pd.DataFrame, what: str = "this comparison") -> str:
    """The single survey a frame holds; DataError if it holds both (that would splice Hana and NKDB)."""
    found = sorted(set(df["source"].dropna()))
    if len(found) > 1:
        raise DataError(
            f"{what} mixes surveys ({', '.join(found)}): Hana and NKDB differ in sample, mode and question, "
            "so their figures are never spliced into one series; select one source first"
        )
    if not found:
        raise DataError(f"{what}: no survey rows")
    return found[0]


def usable(df: pd.DataFrame) -> pd.Series:
    """Rows that may enter arithmetic: adopted, with a survey year, no qualifier, not flagged 'caution'."""
    return (
        df["adopted"].astype(bool)
        & df["survey_year"].notna()
        & df["qualifier"].isna()
        & (df["flag"].fillna("") != "caution")
    )


def select(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """One survey's rows. ``source`` must be a single name: a list or 'both' is refused (never spliced)."""
    if not isinstance(source, str) or source not in SOURCES:
        raise DataError(
            f"source must be one of {SOURCES} (one survey at a time; Hana and NKDB are never spliced), got {source!r}"
        )
    return df[df["source"] == source]


def series(
    df: pd.DataFrame, source: str, indicator: str, group: str = ESCAPEES, *, arithmetic: bool = True
) -> pd.DataFrame:
    """One survey's adopted values of one indicator for one group, one row per survey year.

    With ``arithmetic=True`` (default) only rows usable in arithmetic are kept (see ``usable``); with
    False every adopted row with a survey year is kept (to show them). Indexed by ``survey_year``.
    """
    rows = select(df, source)
    require_one_source(rows, f"series {indicator}")
    mask = usable(rows) if arithmetic else rows["adopted"].astype(bool) & rows["survey_year"].notna()
    out = rows[mask & (rows["indicator"] == indicator) & (rows["group"] == group)]
    if out["survey_year"].duplicated().any():
        year = int(out.loc[out["survey_year"].duplicated(), "survey_year"].iloc[0])
        raise DataError(f"{source} {indicator} ({group}): more than one adopted value for survey year {year}")
    return out.set_index(out["survey_year"].astype(int).rename("year")).sort_index()


def gap_pp(
    df: pd.DataFrame, source: str, indicator: str, group: str = ESCAPEES, comparator: str = COMPARATOR
) -> pd.DataFrame:
    """Escapees' rate minus the general population's, in percentage points, per survey year.

    Only years where the survey's release (or its coverage) published both rates; qualified or
    flagged-caution values are left out. Columns: escapees, general, gap_pp (negative = escapees lower).
    """
    esc = series(df, source, indicator, group)["value"]
    gen = series(df, source, indicator, comparator)["value"]
    both = pd.concat({"escapees": esc, "general": gen}, axis=1, join="inner")
    return both.assign(gap_pp=(both["escapees"] - both["general"]).round(10))


def wage_comparison(
    df: pd.DataFrame, source: str, indicator: str = WAGE, group: str = "defectors_wage_workers"
) -> pd.DataFrame:
    """Escapee wage workers' average monthly wage against the general population's, per survey year.

    The comparator is the source's ``general_public`` or ``general_public_wage_workers`` figure (one per
    year; two would be ambiguous, an error). Columns: escapees, general (KRW per month), ratio_pct
    (escapees / general x 100), gap_krw (general - escapees).
    """
    rows = select(df, source)
    esc = series(rows, source, indicator, group)["value"]
    comp = rows[usable(rows) & (rows["indicator"] == indicator) & rows["group"].str.startswith(COMPARATOR)]
    if comp["survey_year"].duplicated().any():
        year = int(comp.loc[comp["survey_year"].duplicated(), "survey_year"].iloc[0])
        raise DataError(f"{source} {indicator}: two general-population comparators for survey year {year}; choose one")
    gen = comp.set_index(comp["survey_year"].astype(int).rename("year"))["value"]
    both = pd.concat({"escapees": esc, "general": gen}, axis=1, join="inner").sort_index()
    return both.assign(ratio_pct=both["escapees"] / both["general"] * 100, gap_krw=both["general"] - both["escapees"])


def wilson_pct(value_pct: float, n: float | None, level: float) -> tuple[float, float]:
    """Wilson interval, in percent, for a published percentage and its base ``n``; (nan, nan) without n.

    ``stats.wilson_ci`` takes the proportion as a float in [0, 1]: 37.5 % -> 0.375.
    """
    if n is None or pd.isna(n):
        return math.nan, math.nan
    lo, hi = stats.wilson_ci(float(value_pct) / 100.0, float(n), level)
    return lo * 100.0, hi * 100.0


def active_base(df: pd.DataFrame, source: str) -> pd.Series:
    """The economically active base of each survey year's unemployment rate: n x participation / 100.

    Uses the published participation rate, else 100 minus the published inactive share (both over all
    respondents, with the published n). Years with neither, or no n, are absent (no interval).
    """
    lfpr = series(df, source, PARTICIPATION)
    inactive = series(df, source, INACTIVE)
    rate = lfpr["value"].combine_first(100.0 - inactive["value"])
    printed = lfpr["sample_size"].combine_first(inactive["sample_size"])
    table = completed_n(df, source)
    n = pd.Series([row_base(v, int(y), table) for y, v in printed.items()], index=printed.index, dtype=float)
    base = (n * rate / 100.0).dropna()
    return base.astype(float).rename("base")


def with_intervals(df: pd.DataFrame, source: str, indicator: str, level: float, group: str = ESCAPEES) -> pd.DataFrame:
    """``series`` plus the interval base and Wilson limits (percent) at ``level``.

    The base is the published sample size for rates over all respondents, and the economically active
    (``active_base``) for the unemployment rate. No published n (or no participation rate for an
    unemployment rate): base and limits are empty, a gap.
    """
    s = series(df, source, indicator, group)
    if s.empty:
        return s.assign(base=pd.Series(dtype=float), lower=pd.Series(dtype=float), upper=pd.Series(dtype=float))
    if group != ESCAPEES:
        raise DataError(
            f"intervals need the base of {group!r}, which the surveys do not publish; use group={ESCAPEES!r}"
        )
    if indicator == UNEMPLOYMENT:
        base = active_base(df, source).reindex(s.index)
    else:
        table = completed_n(df, source)
        base = pd.Series([row_base(v, int(y), table) for y, v in s["sample_size"].items()], index=s.index, dtype=float)
    limits = [wilson_pct(v, b, level) for v, b in zip(s["value"], base, strict=True)]
    return s.assign(base=base.values, lower=[lo for lo, _ in limits], upper=[hi for _, hi in limits])


def compare_surveys(df: pd.DataFrame, indicator: str, level: float) -> pd.DataFrame:
    """Side by side, never spliced: the same indicator from Hana and from NKDB in the years both publish
    it, each with its own interval, and the difference NKDB - Hana in percentage points."""
    hana = with_intervals(df, "hana", indicator, level)[["value", "base", "lower", "upper"]]
    nkdb = with_intervals(df, "nkdb", indicator, level)[["value", "base", "lower", "upper"]]
    both = hana.add_suffix("_hana").join(nkdb.add_suffix("_nkdb"), how="inner")
    return both.assign(difference_pp=both["value_nkdb"] - both["value_hana"])


#: dtypes to read ``data/processed/surveys.csv`` back exactly as written.
SURVEY_DTYPES = {
    "source": str,
    "row_id": str,
    "survey_year": "Int64",
    "publication_year": "Int64",
    "publication_years": str,
    "published": str,
    "indicator": str,
    "group": str,
    "value": float,
    "unit": str,
    "sample_size": "Int64",
    "qualifier": str,
    "flag": str,
    "source_id": str,
    "note": str,
    "adopted": bool,
    "vintage_rule": str,
}


def releases(df: pd.DataFrame, source: str, indicators: tuple[str, ...]) -> pd.Series:
    """The publication year(s) of each survey year's figures, as text ('2013'; '2015, 2016')."""
    rows = select(df, source)
    rows = rows[usable(rows) & rows["indicator"].isin(indicators) & rows["publication_year"].notna()]
    return rows.groupby(rows["survey_year"].astype(int).rename("year"))["publication_year"].agg(
        lambda s: ", ".join(str(int(v)) for v in sorted(set(s)))
    )


# --------------------------------------------------------------------------------------------------
# Reading the report's tables: labels, changes, census-like rounds, derived participation
# --------------------------------------------------------------------------------------------------
#: The first Hana round (2010) was a pilot with a narrower age range (aged 20-60, arrived since 2000:
#: survey_hana.csv note to H001); a trend over Hana's rounds starts at the first full round after it.
PILOT_ROUNDS = (2010,)

#: Rounds with more than this many published respondents are census-like (the foundation set out to
#: interview every escapee and reached part of them): there non-response, not sampling, dominates the
#: error, and a Wilson interval (sampling error only) overstates the precision.
CENSUS_LIKE_MIN_N = 5000

#: Without an interval for both figures, a change between two rounds is called a rise or a fall only if
#: it exceeds this many percentage points; smaller changes are "about the same".
CHANGE_THRESHOLD_PP = 2.0

#: Plain-language names of indicators and groups for reader-facing tables.
INDICATOR_LABELS = {
    EMPLOYMENT: "employment rate",
    UNEMPLOYMENT: "unemployment rate",
    PARTICIPATION: "labour-force participation rate",
    INACTIVE: "share economically inactive",
    SATISFACTION: "share satisfied with life in South Korea",
    DISCRIMINATION: "share who experienced discrimination or disregard",
    "discrimination_reason_accent_cultural_difference": "share citing accent or cultural difference as the reason for discrimination",
    "discrimination_reason_cultural_communication": "share citing culture or communication as the reason for discrimination",
}
GROUP_LABELS = {
    ESCAPEES: "escapees",
    "defectors_men": "escapee men",
    "defectors_women": "escapee women",
    "defectors_discriminated": "escapees who experienced discrimination",
    COMPARATOR: "the general population",
}


def indicator_label(indicator: str) -> str:
    """A reader-facing name: the label map, else the indicator name with underscores as spaces."""
    return INDICATOR_LABELS.get(indicator, indicator.replace("_", " "))


def group_label(group: str) -> str:
    """A reader-facing group name: the label map, else the name with 'defectors' as 'escapees'."""
    return GROUP_LABELS.get(group, group.replace("defectors", "escapees").replace("_", " "))


def pilot_rounds(years) -> list[int]:
    """The years among ``years`` that are pilot rounds (``PILOT_ROUNDS``)."""
    return [int(y) for y in years if int(y) in PILOT_ROUNDS]


def first_full_round(years) -> int:
    """The first year of ``years`` that is not a pilot round."""
    full = [int(y) for y in years if int(y) not in PILOT_ROUNDS]
    if not full:
        raise DataError("no survey year after the pilot round(s)")
    return min(full)


def census_like(n: pd.Series | dict, min_n: int = CENSUS_LIKE_MIN_N) -> list[int]:
    """Survey years whose published n exceeds ``min_n``. ``n`` maps year -> n, as a number or as
    ``sample_sizes`` text ('9,493'; '2,725 / 2,710': the largest counts)."""
    out = []
    for year, v in dict(n).items():
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            continue
        biggest = max(float(p.replace(",", "")) for p in str(v).split("/")) if isinstance(v, str) else float(v)
        if biggest > min_n:
            out.append(int(year))
    return sorted(out)


def participation(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """Participation rate per survey year: the published rate, else 100 minus the published inactive
    share, marked ``derived`` (the same rate ``active_base`` uses for the unemployment interval)."""
    lfpr = series(df, source, PARTICIPATION)["value"]
    inactive = series(df, source, INACTIVE)["value"]
    derived = (100.0 - inactive).drop(lfpr.index, errors="ignore")
    out = pd.concat(
        [
            lfpr.to_frame("value").assign(derived=False),
            derived.to_frame("value").assign(derived=True, inactive=inactive.reindex(derived.index)),
        ]
    )
    return out.sort_index()


def number_in_note(note: str, pattern: str) -> float:
    """The number a note states, found by ``pattern`` (one group): e.g. the gap a later release gave
    ('the 2011 gap was 10.1pp') or a printed count ("'240명(62.8%)'").

    A note reworded so that the pattern no longer matches is an error, never a silently missing number.
    """
    m = re.search(pattern, note or "")
    if not m:
        raise DataError(f"expected a number matching {pattern!r} in the transcriber's note {note!r}")
    return float(m[1].replace(",", ""))


#: Patterns for the notes' stated figures (see ``number_in_note``).
PRINTED_COUNT = r"'(\d[\d,]*)명\("


# --------------------------------------------------------------------------------------------------
# One definition of n; changes between rounds by a two-proportion test; stated gaps
# --------------------------------------------------------------------------------------------------
#: Design rows: the drawn (targeted) sample, the response rate and the completed interviews, as published.
SAMPLE_DRAWN = "sample_drawn"
RESPONSE_RATE = "response_rate"
COMPLETED = "completed_interviews"
DESIGN = (SAMPLE_DRAWN, RESPONSE_RATE, COMPLETED)

#: How a survey year's n was obtained (``completed_n``), best first.
N_PUBLISHED = "completed interviews as published"
N_RESPONDENTS = "respondents as published"
N_FROM_RATE = "drawn sample x response rate"
N_DRAWN = "drawn sample (completed interviews not published)"

#: The design effect used as a sensitivity for changes between rounds: the surveys publish none, and 2 is a
#: common order of magnitude for weighted or clustered samples (n is divided by it).
DESIGN_EFFECT = 2.0

#: Words for a change between two rounds.
ROSE, FELL, NO_CLEAR_CHANGE = "rose", "fell", "no clear change"


def completed_n(df: pd.DataFrame, source: str) -> pd.DataFrame:
    """Each survey year's n, one definition: completed interviews.

    In order: a published count of completed interviews; else the sample size printed with the figures
    when it is not the drawn sample; else the drawn sample times the published response rate (rounded);
    else the drawn sample itself, flagged (``flagged`` True). Columns: printed (the sample size printed
    with the figures), drawn, response_rate, n, basis, flagged; indexed by survey year.
    """
    rows = select(df, source)
    rows = rows[usable(rows) & (rows["group"] == ESCAPEES)]

    def design(indicator: str) -> pd.Series:
        d = rows[rows["indicator"] == indicator]
        return d.set_index(d["survey_year"].astype(int))["value"]

    printed = rows[~rows["indicator"].isin(DESIGN) & rows["sample_size"].notna()]
    printed = printed.groupby(printed["survey_year"].astype(int))["sample_size"].max().astype(float)
    drawn, rate, done = design(SAMPLE_DRAWN), design(RESPONSE_RATE), design(COMPLETED)
    years = sorted(set(printed.index) | set(drawn.index) | set(done.index))
    out = []
    for y in years:
        p, d, r, c = printed.get(y, math.nan), drawn.get(y, math.nan), rate.get(y, math.nan), done.get(y, math.nan)
        if not pd.isna(c):
            n, basis = float(c), N_PUBLISHED
        elif not pd.isna(p) and (pd.isna(d) or p != d):
            n, basis = float(p), N_RESPONDENTS
        elif not pd.isna(d) and not pd.isna(r):
            n, basis = float(round(d * r / 100.0)), N_FROM_RATE
        elif not pd.isna(d):
            n, basis = float(d), N_DRAWN
        else:
            continue
        out.append(
            {
                "year": y,
                "printed": p,
                "drawn": d,
                "response_rate": r,
                "n": n,
                "basis": basis,
                "flagged": basis == N_DRAWN,
            }
        )
    cols = ["year", "printed", "drawn", "response_rate", "n", "basis", "flagged"]
    return pd.DataFrame(out, columns=cols).set_index("year")


def row_base(sample_size: object, year: int, table: pd.DataFrame) -> float:
    """The n behind one published figure: its printed sample size, replaced by the year's completed
    interviews (``completed_n``) where the printed size is the drawn sample; nan where none was printed."""
    if sample_size is None or pd.isna(sample_size):
        return math.nan
    size = float(sample_size)
    if year in table.index and size == table.at[year, "drawn"]:
        return float(table.at[year, "n"])
    return size


def two_proportion(
    before_pct: float, n_before: float, after_pct: float, n_after: float, design_effect: float = 1.0
) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (statsmodels) for a change between two
    independent rounds, with each n divided by ``design_effect``."""
    from statsmodels.stats.proportion import proportions_ztest

    n1, n0 = n_after / design_effect, n_before / design_effect
    p1, p0 = after_pct / 100.0, before_pct / 100.0
    if p1 == p0:
        return 1.0
    _, p_value = proportions_ztest([p1 * n1, p0 * n0], [n1, n0])
    return float(p_value)


def change_test(
    before: float,
    after: float,
    n_before: float | None,
    n_after: float | None,
    level: float,
    design_effect: float = DESIGN_EFFECT,
    threshold_pp: float = CHANGE_THRESHOLD_PP,
) -> dict:
    """A change between two rounds judged by the two-proportion test at 1 - ``level``.

    Returns word ('rose', 'fell', 'no clear change'), p_value, and the same under the design effect
    (word_deff, p_value_deff). Without an n for both rounds no test is possible: the change counts only
    if it exceeds ``threshold_pp`` points (basis 'threshold'), and the p-values are nan.
    """
    direction = ROSE if after > before else FELL
    if n_before is None or n_after is None or pd.isna(n_before) or pd.isna(n_after):
        moved = abs(after - before) > threshold_pp
        word = direction if moved else NO_CLEAR_CHANGE
        return {"word": word, "p_value": math.nan, "word_deff": word, "p_value_deff": math.nan, "basis": "threshold"}
    alpha = 1.0 - level
    p = two_proportion(before, n_before, after, n_after)
    p_deff = two_proportion(before, n_before, after, n_after, design_effect)
    return {
        "word": direction if p < alpha else NO_CLEAR_CHANGE,
        "p_value": p,
        "word_deff": direction if p_deff < alpha else NO_CLEAR_CHANGE,
        "p_value_deff": p_deff,
        "basis": "test",
    }


def round_changes(
    s: pd.DataFrame, level: float, design_effect: float = DESIGN_EFFECT, threshold_pp: float = CHANGE_THRESHOLD_PP
) -> pd.DataFrame:
    """Round-to-round changes of a ``with_intervals`` frame (its ``base`` is n), each by ``change_test``.

    Columns: previous, before, after, change_pp, word, p_value, word_deff, p_value_deff, basis; indexed by
    the later year. Empty (with these columns) for fewer than two rounds.
    """
    cols = ["year", "previous", "before", "after", "change_pp", "word", "p_value", "word_deff", "p_value_deff", "basis"]
    rows = []
    for (y0, r0), (y1, r1) in zip(s.iloc[:-1].iterrows(), s.iloc[1:].iterrows(), strict=True):
        t = change_test(
            float(r0["value"]), float(r1["value"]), r0.get("base"), r1.get("base"), level, design_effect, threshold_pp
        )
        rows.append(
            {
                "year": int(y1),
                "previous": int(y0),
                "before": float(r0["value"]),
                "after": float(r1["value"]),
                "change_pp": float(r1["value"]) - float(r0["value"]),
                **t,
            }
        )
    return pd.DataFrame(rows, columns=cols).set_index("year")


#: The gap indicators a release states for a rate, and the rate each belongs to.
STATED_GAP_INDICATORS = {
    EMPLOYMENT: "employment_rate_gap_vs_general_public",
    UNEMPLOYMENT: "unemployment_rate_gap_vs_general_public",
    PARTICIPATION: "labour_force_participation_gap_vs_general_public",
}
DIRECTION = re.compile(r"\bescapees (lower|higher)\b")


def stated_sign(note: str, at: str) -> int:
    """-1 for a gap the release states as 'escapees lower', +1 for 'escapees higher' (from the note)."""
    found = set(DIRECTION.findall(note or ""))
    if len(found) != 1:
        raise DataError(
            f"{at}: a stated gap needs its direction in the note ('escapees lower' or 'escapees higher'), got {note!r}"
        )
    return -1 if found == {"lower"} else 1


def stated_gaps(df: pd.DataFrame, source: str, indicator: str) -> pd.DataFrame:
    """The gaps (escapees minus general population, points) that releases stated for ``indicator``.

    Conflicting rows are kept (their ``flag`` says so). Columns: stated_pp (signed), source_id, flag,
    row_id; indexed by survey year.
    """
    rows = select(df, source)
    rows = rows[
        rows["adopted"].astype(bool)
        & rows["survey_year"].notna()
        & (rows["indicator"] == STATED_GAP_INDICATORS[indicator])
        & (rows["unit"] == "pp")
    ]
    signed = [stated_sign(r.note, f"{RAW_NAMES[source]} row {r.row_id}") * r.value for r in rows.itertuples()]
    out = pd.DataFrame(
        {
            "stated_pp": signed,
            "source_id": rows["source_id"].values,
            "flag": rows["flag"].values,
            "row_id": rows["row_id"].values,
        },
        index=rows["survey_year"].astype(int).values,
    )
    return out.rename_axis("year").sort_index()


def all_gaps(df: pd.DataFrame, source: str, indicator: str) -> pd.DataFrame:
    """Every year with a gap to the general population for ``indicator``: computed from the two published
    rates (``gap_pp``) and/or stated by a release (``stated_gaps``), side by side.

    Columns: escapees, general, computed_pp, stated_pp, stated_source, conflict (the two differ by more
    than rounding, 0.05 points, or the raw row is flagged CONFLICT); indexed by survey year.
    """
    computed = gap_pp(df, source, indicator).rename(columns={"gap_pp": "computed_pp"})
    stated = stated_gaps(df, source, indicator)
    both = computed.join(
        stated[["stated_pp", "source_id", "flag"]].rename(columns={"source_id": "stated_source"}), how="outer"
    )
    both["escapees"] = both["escapees"].fillna(series(df, source, indicator)["value"].reindex(both.index))
    differ = (both["computed_pp"] - both["stated_pp"]).abs() > 0.05 + 1e-9
    both["conflict"] = differ.fillna(False).astype(bool) | (both["flag"] == "conflict")
    return both.drop(columns=["flag"]).sort_index()


# --------------------------------------------------------------------------------------------------
# NKDB's sample: panel members re-interviewed and new respondents
# --------------------------------------------------------------------------------------------------
#: How the transcribers wrote NKDB's sample composition in a row's note: 'panel 284 [71.2%] + new 115'
#: (the bracketed share, where a source printed it, is checked against the counts, not used).
PANEL = re.compile(r"\bpanel (\d+)(?: \[(\d+(?:\.\d+)?)%\])? \+ new (\d+)")


def panel_shares(df: pd.DataFrame, source: str = "nkdb") -> pd.DataFrame:
    """Each survey year's share of respondents who were re-interviewed panel members, from the sample
    description quoted in a row's note (NKDB's standing panel plus new respondents, 2018 onward).

    Columns: panel, new, n (panel + new, which must equal the row's sample size), share_pct
    (panel / n x 100), row_id, source_id; indexed by survey year (one row per year, the first note
    that describes the sample). A printed share that disagrees with the counts is an error.
    """
    rows = select(df, source)
    out = {}
    for r in rows[rows["survey_year"].notna()].itertuples():
        m = PANEL.search(str(r.note or ""))
        year = int(r.survey_year)
        if not m or year in out:
            continue
        panel, printed, new = int(m[1]), m[2], int(m[3])
        n = panel + new
        where_ = f"{RAW_NAMES[source]} row {r.row_id}, column 'note'"
        if not pd.isna(r.sample_size) and int(r.sample_size) != n:
            raise DataError(f"{where_}: panel {panel} + new {new} = {n}, but the row's sample size is {r.sample_size}")
        share = panel / n * 100
        if printed is not None and abs(float(printed) - share) > 0.05 + 1e-9:
            raise DataError(f"{where_}: the printed panel share {printed}% is not {panel} of {n} ({share:.2f}%)")
        out[year] = {
            "panel": panel,
            "new": new,
            "n": n,
            "share_pct": share,
            "row_id": r.row_id,
            "source_id": r.source_id,
        }
    cols = ["panel", "new", "n", "share_pct", "row_id", "source_id"]
    return pd.DataFrame.from_dict(out, orient="index", columns=cols).rename_axis("year").sort_index()


def same_as_cited(value: float, cited: float) -> bool:
    """Whether ``value`` is ``cited`` as the article prints it: rounded to the cited figure's decimals."""
    decimals = len(f"{cited:g}".partition(".")[2])
    return round(value, decimals) == round(cited, decimals)
