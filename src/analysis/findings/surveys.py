"""Section 6, integration surveys: what the Korea Hana Foundation and NKDB surveys published, as one
typed findings object.

``findings(P)`` reads the processed survey and claim tables and returns :class:`SurveysFindings`: every
number the section's prose, figures and tables use, and what the introduction and the claim audit quote.
The rules (one n, the two-proportion test, stated gaps) are in ``methods/surveys.py``; this module picks
records by meaning (survey, year, indicator, group), never by position, and words results by tested rules.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis import io
from analysis.core.values import Findings, Record, Value
from analysis.core.wording import count_word, join_words
from analysis.findings.verdict import Category, Verdict
from analysis.methods import stats
from analysis.methods import surveys as sv
from analysis.params import Params

#: The article's survey claims and the survey question each names (source, survey year, indicator).
CLAIM_QUESTIONS = {
    "C08": ("nkdb", 2023, "experienced_workplace_discrimination_at_least_once"),
    "C09": ("nkdb", 2023, "agree_should_discard_NK_way_of_thinking_or_habits"),
    "C12": ("nkdb", 2023, "very_or_somewhat_satisfied_with_life_in_SK"),
}
WELLBEING = (sv.SATISFACTION, sv.DISCRIMINATION)
SHOWN = sv.LABOUR + WELLBEING
GAP_LABELS = {sv.EMPLOYMENT: "employment", sv.UNEMPLOYMENT: "unemployment", sv.PARTICIPATION: "participation"}


# ------------------------------------------------------------------------------------------ records
class Point(Record):
    """One survey year's figure with its n and interval (a point of a figure, a cell of a table)."""

    year: int
    value: float
    n: float | None = None
    lower: float | None = None
    upper: float | None = None
    hollow: bool = False  # drawn hollow: survey year unclear
    conflict: str = ""  # the sources disagree about this figure: the transcriber's note, shown as its caveat


class SampleSize(Record):
    """A survey year's n by the one definition (completed interviews) and how it was obtained."""

    year: int
    n: Value
    basis: str
    flagged: bool
    printed: float | None
    drawn: float | None
    response_rate: float | None


class Change(Record):
    """A change between two rounds, judged by the two-proportion test (and under the design effect)."""

    year: int
    previous: int
    before: float
    after: float
    change_pp: float
    word: str
    p_value: float | None
    word_deff: str
    p_value_deff: float | None
    basis: str


class GapRow(Record):
    """A gap to the general population in one year: computed from the two rates, stated, or both."""

    measure: str
    year: int
    escapees: float | None
    general: float | None
    computed: float | None
    stated: float | None
    stated_source: str
    unit: str
    caveat: str


class SexRow(Record):
    """A labour-market figure by sex beside the overall one (survey, year, measure)."""

    survey: str
    year: int
    measure: str
    men: Value
    women: Value
    overall: Value | None
    comparator: str


class Cited(Record):
    """An NKDB 2023 figure the article cites, with the same number found elsewhere in the survey data."""

    claim_id: str
    quote: str
    claimed: Value
    elsewhere: str


class Comparison(Record):
    """Hana and NKDB unemployment in one year, side by side (never joined)."""

    year: int
    nkdb: Point
    hana: Point
    difference_pp: float
    intervals_overlap: bool | None


class SurveysFindings(Findings):
    SECTION = "surveys"

    level: float
    level_pct: Value
    z: Value
    vintage_rule: str
    # the interval example and the design effect
    example_year: Value
    example_value: Value
    example_n: Value
    example_lower: Value
    example_upper: Value
    design_effect: Value
    design_widening: Value
    full_enumeration_rounds: Value
    # one n
    sample_sizes: list[SampleSize]
    n_published: Value
    n_from_rate: Value
    n_flagged: Value
    n_changed_years: Value
    # work
    employment: list[Point]
    emp_latest_year: Value
    emp_latest: Value
    emp_latest_gap: Value  # size, points
    emp_latest_gap_basis: Value
    emp_both_rates_years: Value
    pilot_year: Value
    pilot_value: Value
    pilot_gap: Value
    full_first_year: Value
    full_first_gap: Value
    emp_trend_from_year: Value
    emp_trend_from: Value
    emp_trend_to_year: Value
    emp_trend_to: Value
    emp_trend_word: Value
    emp_trend_p: Value
    emp_trend_deff: Value
    stated_only: Value
    un_latest_year: Value
    un_latest: Value
    un_latest_gap: Value
    un_latest_gap_basis: Value
    lf_latest_year: Value
    lf_latest: Value
    lf_latest_gap: Value
    lf_latest_gap_basis: Value
    lf_above_years: Value
    caution_years: Value
    caution_values: Value
    conflict_year: Value
    conflict_computed: Value
    conflict_stated: Value
    conflict_escapees: Value
    conflict_general: Value
    gaps: list[GapRow]
    general: dict[str, list[Point]]
    unemployment: list[Point]
    participation: list[Point]
    # by sex
    by_sex: list[SexRow]
    sex_wage_year: Value
    sex_wage_men: Value
    sex_wage_women: Value
    sex_wage_overall: Value
    sex_wage_phrase: Value
    women_share_active: Value
    women_share_active_year: Value
    sex_unemployment_year: Value
    sex_unemployment_men: Value
    sex_unemployment_women: Value
    sex_unemployment_overall: Value
    # pay
    wage_first_year: Value
    wage_first_ratio: Value
    wage_first_escapees: Value
    wage_first_general: Value
    wage_last_year: Value
    wage_last_ratio: Value
    wage_last_escapees: Value
    wage_last_general: Value
    wage_last_gap: Value
    wage_years_count: Value
    wage_years: Value
    wage_stated_only: Value
    wage_points: list[GapRow]
    # satisfaction and discrimination
    satisfaction: list[Point]
    discrimination: list[Point]
    sat_min_year: Value
    sat_min: Value
    sat_run_start: Value
    sat_run_start_value: Value
    sat_last_year: Value
    sat_last: Value
    sat_last_lower: Value
    sat_last_upper: Value
    sat_steps: Value
    sat_steps_clear: Value
    sat_steps_words: Value
    sat_run_word: Value
    sat_run_p: Value
    sat_run_deff: Value
    sat_changes: list[Change]
    dis_first_year: Value
    dis_first: Value
    dis_last_year: Value
    dis_last: Value
    dis_last_lower: Value
    dis_last_upper: Value
    dis_word: Value
    dis_word_deff: Value
    dis_rises: Value
    dis_falls: Value
    dis_unclear: Value
    dis_changes: list[Change]
    dis_fragile: Value
    dis_conflicts: Value
    conflict_sentence: Value
    no_n_years: Value
    threshold_pp: Value
    sat_missing: Value
    dis_missing: Value
    sat_ambiguous: Value
    # NKDB against Hana
    nkdb_unemployment: list[Point]
    comparisons: list[Comparison]
    nkdb_years: Value
    big_year: Value
    big_nkdb: Value
    big_hana: Value
    big_nkdb_base: Value
    big_hana_base: Value
    big_nkdb_n: Value
    big_hana_n: Value
    big_difference: Value
    big_times: Value
    big_nkdb_interval: Value
    big_hana_interval: Value
    big_overlap_words: Value
    big_composition: Value
    nkdb_max_year: Value
    nkdb_max_diff: Value
    nkdb_min_year: Value
    nkdb_min_diff: Value
    both_interval_years: Value
    non_overlap_count: Value
    non_overlap_years: Value
    nkdb_participation: dict[int, Point]
    nkdb_participation_derived: dict[int, float]
    nkdb_printed_counts: list[dict]
    # the article's NKDB figures
    cited: list[Cited]
    cited_count: Value
    cited_list: Value
    cited_elsewhere: Value
    hana_2023_satisfied: Value
    verdicts: dict[str, Verdict]
    # tables' other columns
    released: dict[int, str]
    census_like: list[int]
    census_min_n: int
    nkdb_n: dict[int, str]


# ------------------------------------------------------------------------------------------ helpers
def _ref(r) -> tuple[list[str], list[str]]:
    """Processed and raw row references of one survey row (its row_id is its id in both tables)."""
    name = sv.RAW_NAMES[r["source"]]
    return [f"surveys/row_id={r['row_id']}"], [f"{name}/{r['row_id']}"]


def _row(data: pd.DataFrame, source: str, year: int, indicator: str, group: str = sv.ESCAPEES) -> pd.Series | None:
    rows = data[
        (data["source"] == source)
        & (data["survey_year"] == year)
        & (data["indicator"] == indicator)
        & (data["group"] == group)
        & data["adopted"].astype(bool)
    ]
    return None if rows.empty else rows.iloc[0]


def value_of(
    data: pd.DataFrame,
    source: str,
    year: int,
    indicator: str,
    group: str = sv.ESCAPEES,
    fmt: str = ".1f",
    unit: str = "%",
) -> Value | None:
    """The adopted published figure for (source, year, indicator, group) as a Value, or None."""
    r = _row(data, source, year, indicator, group)
    if r is None:
        return None
    rows, raw = _ref(r)
    return Value.of(
        float(r["value"]),
        fmt,
        unit=unit,
        rows=rows,
        raw=raw,
        sources=[r["source_id"]],
        method=f"{sv.SOURCE_NAMES[source]} {year}: {sv.indicator_label(indicator)}, {sv.group_label(group)}",
    )


def _series_rows(data: pd.DataFrame, source: str, indicator: str, years, group: str = sv.ESCAPEES) -> list[Value]:
    return [v for v in (value_of(data, source, int(y), indicator, group) for y in years) if v is not None]


def _points(s: pd.DataFrame, hollow=()) -> list[Point]:
    out = []
    for y, r in s.iterrows():

        def num(k, r=r):
            v = r.get(k)
            return None if v is None or pd.isna(v) else float(v)

        note = str(r.get("note") or "")
        conflict = note.removeprefix("CONFLICT:").strip() if r.get("flag") == "conflict" else ""
        out.append(
            Point(
                year=int(y),
                value=float(r["value"]),
                n=num("base"),
                lower=num("lower"),
                upper=num("upper"),
                hollow=int(y) in hollow,
                conflict=conflict,
            )
        )
    return out


def _num(v: float | None, fmt: str = ".1f", based_on: list | None = None) -> Value:
    value = None if v is None or pd.isna(v) else float(v)
    if based_on:
        return Value.derived(value, fmt, [b for b in based_on if b is not None], method="from the published figures")
    return Value.of(value, fmt)


def _year(year: int | None, based_on: list) -> Value:
    """A survey year as prose shows it, with the provenance of the figures it is the year of."""
    return Value.derived(year, "d", [b for b in based_on if b is not None], method="survey year of the figures")


def years_words(years) -> str:
    """'2012, 2014 and 2016'; 'no year' for none."""
    years = [str(int(y)) for y in years]
    return join_words(years) if years else "no year"


def fragile_words(changes: list[Change]) -> str:
    """Which changes that the test finds are no longer clear with the design effect."""
    lost = [c.year for c in changes if c.word != sv.NO_CLEAR_CHANGE and c.word_deff == sv.NO_CLEAR_CHANGE]
    if not lost:
        return f"each of these round-to-round changes holds with a design effect of {sv.DESIGN_EFFECT:g}"
    return f"with a design effect of {sv.DESIGN_EFFECT:g} the changes of {years_words(lost)} would no longer be clear"


def steps_words(steps: int, clear: int) -> str:
    """'none of these five steps is a clear change', 'two of these five steps are clear changes'."""
    if clear == 0:
        return f"none of these {count_word(steps)} steps is a clear change"
    if clear == steps:
        return f"each of these {count_word(steps)} steps is a clear change"
    verb = "is a clear change" if clear == 1 else "are clear changes"
    return f"{count_word(clear)} of these {count_word(steps)} steps {verb}"


def change_words(word: str, before: float, after: float, y0: int, y1: int) -> str:
    """'rose from 50.0% (2012) to 61.3% (2025)'; 'showed no clear change (50.0% in 2012, 50.3% in 2013)'."""
    if word == sv.NO_CLEAR_CHANGE:
        return f"showed no clear change ({before:.1f}% in {y0}, {after:.1f}% in {y1})"
    return f"{word} from {before:.1f}% ({y0}) to {after:.1f}% ({y1})"


def p_words(p: float | None, level: float) -> str:
    """The test result in words: 'p = 0.003' or 'p < 0.001', with its level; without a test, why."""
    if p is None or pd.isna(p):
        return "no test: a sample size was not published, so only changes above the threshold count"
    shown = f"p = {p:.1e}" if p < 0.001 else f"p = {p:.3f}"
    return f"two-proportion test, {shown} against {1 - level:.3g}"


def deff_words(word: str, word_deff: str) -> str:
    """Whether the conclusion survives a design effect of DESIGN_EFFECT."""
    if word == word_deff:
        return f"the same with a design effect of {sv.DESIGN_EFFECT:g}"
    return f"with a design effect of {sv.DESIGN_EFFECT:g} it would be '{word_deff}'"


def gap_words(gap: float, lower_word: str = "lower", higher_word: str = "higher") -> str:
    """'3.0 points lower' / '1.8 points higher' / 'the same'."""
    if abs(gap) < 0.05:
        return "the same"
    return f"{abs(gap):.1f} points {lower_word if gap < 0 else higher_word}"


def sex_wage_phrase(men: float, women: float, overall: float) -> str:
    """What the ratios by sex say beside the overall ratio (a rule, not a reading)."""
    if men > overall and women > overall:
        return (
            "each sex's ratio is higher than the overall one: the overall ratio compares escapee workers, most of "
            "them women, with all workers, and so overstates the gap within each sex"
        )
    if men < overall and women < overall:
        return "each sex's ratio is lower than the overall one"
    return "the overall ratio lies between the two ratios by sex"


def conflict_sentence(series: dict[str, list[Point]]) -> str:
    """The caveat sentence for figures the sources disagree about, by measure ('satisfaction': points, ...)."""
    parts = [
        f"{p.year} {name} ({p.value:.1f}%): {p.conflict}"
        for name, points in series.items()
        for p in points
        if p.conflict
    ]
    if not parts:
        return "No satisfaction or discrimination figure is flagged as conflicting in the sources."
    return (
        "Figures flagged as conflicting in the sources are kept, with their caveat (the transcriber's note): "
        + "; ".join(parts)
        + "."
    )


def share_verdict(
    claim_id: str,
    claimed: float,
    estimate: Value | None,
    lower: float | None,
    upper: float | None,
    tolerance_pp: float,
    caveat: str = "",
    not_found: str = "",
) -> Verdict:
    """The verdict on a claimed survey percentage against the survey figure for the same question.

    Symmetric rule: supported when the estimate is within ``tolerance_pp`` points of the claim; not supported
    when the whole interval (the point where no n was published) lies more than ``tolerance_pp`` away, on
    either side; otherwise (the point outside the tolerance but the interval reaching into it) supported
    with caveats, the caveat being that. A stated specific ``caveat`` (a conflicting source, another
    question) turns 'supported' into 'with caveats'. No figure for the question: cannot be checked.
    """
    rule = (
        f"supported if the survey's figure is within {tolerance_pp:g} points of the claim; not supported if "
        f"its whole interval lies further away; cannot be checked without the survey's figure"
    )
    if estimate is None or estimate.value is None:
        reason = Value.phrase(not_found or "no published figure for this survey question was found")
        return Verdict(claim_id=claim_id, category=Category.CANNOT_CHECK, rule=rule, reason=reason, evidence=[])
    point = float(estimate.value)
    lo = point if lower is None or pd.isna(lower) else float(lower)
    hi = point if upper is None or pd.isna(upper) else float(upper)
    band = (claimed - tolerance_pp, claimed + tolerance_pp)
    if band[0] <= point <= band[1]:
        category = Category.CAVEATS if caveat else Category.SUPPORTED
        text = f"the survey found {point:.1f}%, within {tolerance_pp:g} points of the claimed {claimed:g}%" + (
            f"; {caveat}" if caveat else ""
        )
    elif hi < band[0] or lo > band[1]:
        category = Category.NOT_SUPPORTED
        text = (
            f"the survey found {point:.1f}% (interval {lo:.1f}-{hi:.1f}%), more than {tolerance_pp:g} points "
            f"from the claimed {claimed:g}%"
        )
    else:
        category = Category.CAVEATS
        text = (
            f"the survey found {point:.1f}%, more than {tolerance_pp:g} points from the claimed {claimed:g}%, but "
            f"its interval ({lo:.1f}-{hi:.1f}%) reaches within the tolerance"
        )
    return Verdict(
        claim_id=claim_id,
        category=category,
        rule=rule,
        reason=Value.phrase(text, based_on=[estimate]),
        evidence=[estimate],
    )


# ------------------------------------------------------------------------------------------ findings
def findings(P: Params, data: pd.DataFrame | None = None, claims: pd.DataFrame | None = None) -> SurveysFindings:
    """The surveys section's findings from the processed tables (read from data/processed when not given)."""
    data = io.read_table("surveys", dtype=sv.SURVEY_DTYPES) if data is None else data
    claims = (
        io.read_table("claims", dtype={"claim_id": str, "quote": str, "note": str, "claimed_unit": str})
        if claims is None
        else claims
    )
    level = float(P.confidence_level)
    level_pct = f"{level * 100:g}%"
    rule = str(data["vintage_rule"].iloc[0])
    hana = {ind: sv.with_intervals(data, "hana", ind, level) for ind in SHOWN}
    general = {ind: sv.series(data, "hana", ind, sv.COMPARATOR) for ind in sv.LABOUR}
    caution = data[(data["source"] == "hana") & (data["flag"] == "caution") & data["indicator"].isin(sv.LABOUR)]
    gaps = {ind: sv.all_gaps(data, "hana", ind) for ind in sv.LABOUR}

    def hv(year: int, ind: str, group: str = sv.ESCAPEES) -> Value:
        return value_of(data, "hana", int(year), ind, group)

    # --- one n
    table = sv.completed_n(data, "hana")
    sizes = []
    for y, r in table.iterrows():
        d = data[(data["source"] == "hana") & (data["survey_year"] == y) & data["indicator"].isin(sv.DESIGN)]
        refs = [f"surveys/row_id={i}" for i in d["row_id"]]
        raws = [f"survey_hana/{i}" for i in d["row_id"]]
        sizes.append(
            SampleSize(
                year=int(y),
                n=Value.of(
                    float(r["n"]),
                    ",.0f",
                    method=f"n of the {y} round: {r['basis']}",
                    rows=refs,
                    raw=raws,
                    sources=list(d["source_id"]),
                ),
                basis=r["basis"],
                flagged=bool(r["flagged"]),
                printed=None if pd.isna(r["printed"]) else float(r["printed"]),
                drawn=None if pd.isna(r["drawn"]) else float(r["drawn"]),
                response_rate=None if pd.isna(r["response_rate"]) else float(r["response_rate"]),
            )
        )
    by_basis = {b: [s for s in sizes if s.basis == b] for b in (sv.N_PUBLISHED, sv.N_FROM_RATE, sv.N_DRAWN)}
    published = "; ".join(f"{s.year}: {s.n.text} interviewed of {s.drawn:,.0f} drawn" for s in by_basis[sv.N_PUBLISHED])
    from_rate = "; ".join(
        f"{s.year}: {s.drawn:,.0f} × {s.response_rate:g}% = {s.n.text}" for s in by_basis[sv.N_FROM_RATE]
    )
    flagged = by_basis[sv.N_DRAWN]
    changed = [s.year for s in sizes if s.printed is not None and s.printed != float(s.n.value)]

    # --- work
    emp = hana[sv.EMPLOYMENT]
    eg = gaps[sv.EMPLOYMENT]
    emp_both = eg[eg["computed_pp"].notna()]

    def latest_gap(ind: str) -> tuple[int, Value, Value, Value]:
        g = gaps[ind]
        y = int(g.index.max())
        r = g.loc[y]
        computed = not pd.isna(r["computed_pp"])
        gap = float(r["computed_pp"] if computed else r["stated_pp"])
        inputs = [v for v in (hv(y, ind), hv(y, ind, sv.COMPARATOR)) if v is not None]
        if not computed:
            inputs.append(hv(y, sv.STATED_GAP_INDICATORS[ind]))
            inputs = [v for v in inputs if v is not None]
        size = Value.derived(
            abs(gap), ".1f", inputs, method=f"gap in {y}, escapees minus general population", text=gap_words(gap)
        )
        basis = Value.phrase(
            "computed from the two published rates"
            if computed
            else "as the release stated it; the general population's rate itself was not printed",
            based_on=inputs,
        )
        return y, hv(y, ind), size, basis

    emp_y, emp_v, emp_gap, emp_basis = latest_gap(sv.EMPLOYMENT)
    un_y, un_v, un_gap, un_basis = latest_gap(sv.UNEMPLOYMENT)
    lf_y, lf_v, lf_gap, lf_basis = latest_gap(sv.PARTICIPATION)
    pilot = sv.pilot_rounds(emp_both.index)[0]
    full_first = sv.first_full_round(emp_both.index)
    trend_from = sv.first_full_round(emp.index)
    trend_to = int(emp.index.max())
    t = sv.change_test(
        float(emp.at[trend_from, "value"]),
        float(emp.at[trend_to, "value"]),
        emp.at[trend_from, "base"],
        emp.at[trend_to, "base"],
        level,
    )
    trend_inputs = [hv(trend_from, sv.EMPLOYMENT), hv(trend_to, sv.EMPLOYMENT)]
    stated_only = []
    for ind in sv.LABOUR:
        g = gaps[ind]
        for y, r in g[g["computed_pp"].isna() & g["stated_pp"].notna()].iterrows():
            stated_only.append((int(y), f"{GAP_LABELS[ind]} {int(y)}: {gap_words(float(r['stated_pp']))}"))
    stated_only_inputs = [
        hv(y, sv.STATED_GAP_INDICATORS[ind])
        for ind in sv.LABOUR
        for y in gaps[ind].index[gaps[ind]["computed_pp"].isna() & gaps[ind]["stated_pp"].notna()]
    ]
    lfg = gaps[sv.PARTICIPATION]
    lf_above = [int(y) for y in lfg.index[lfg["computed_pp"].fillna(lfg["stated_pp"]) > 0]]
    conflicts = eg[eg["conflict"] & eg["computed_pp"].notna() & eg["stated_pp"].notna()]
    conf_year = int(conflicts.index.min()) if len(conflicts) else None
    gap_rows = []
    for ind in sv.LABOUR:
        for y, r in gaps[ind].iterrows():
            caveat = ""
            if r["conflict"]:
                caveat = "the stated gap and the one computed from the rates differ (sources disagree)"
            gap_rows.append(
                GapRow(
                    measure=GAP_LABELS[ind],
                    year=int(y),
                    escapees=None if pd.isna(r["escapees"]) else float(r["escapees"]),
                    general=None if pd.isna(r["general"]) else float(r["general"]),
                    computed=None if pd.isna(r["computed_pp"]) else round(float(r["computed_pp"]), 10),
                    stated=None if pd.isna(r["stated_pp"]) else float(r["stated_pp"]),
                    stated_source="" if pd.isna(r["stated_source"]) else str(r["stated_source"]),
                    unit="points",
                    caveat=caveat,
                )
            )
    for y in caution["survey_year"].astype(int):
        gap_rows.append(
            GapRow(
                measure=GAP_LABELS[sv.EMPLOYMENT],
                year=int(y),
                escapees=None,
                general=float(caution.loc[caution["survey_year"] == y, "value"].iloc[0]),
                computed=None,
                stated=None,
                stated_source="",
                unit="points",
                caveat="comparator probably for ages 15-64, not comparable: no gap computed",
            )
        )

    # --- pay
    wages = sv.wage_comparison(data, "hana")
    wf, wl = int(wages.index.min()), int(wages.index.max())
    wage_rows = data[
        sv.usable(data)
        & (data["source"] == "hana")
        & (data["group"] == sv.ESCAPEES)
        & data["indicator"].isin(["wage_gap_vs_general_public", "wage_ratio_to_general_public"])
    ]
    wage_points = []
    for y in sorted(set(wages.index) | set(wage_rows["survey_year"].astype(int))):
        g = wage_rows[wage_rows["survey_year"] == y]
        ratio = g[g["indicator"] == "wage_ratio_to_general_public"]["value"]
        gap = g[g["indicator"] == "wage_gap_vs_general_public"]["value"]
        flag = (g["flag"] == "conflict").any()
        wage_points.append(
            GapRow(
                measure="wage",
                year=int(y),
                escapees=float(wages.at[y, "escapees"]) if y in wages.index else None,
                general=float(wages.at[y, "general"]) if y in wages.index else None,
                computed=round(float(wages.at[y, "ratio_pct"]), 10) if y in wages.index else None,
                stated=float(ratio.iloc[0]) if len(ratio) else None,
                stated_source=", ".join(g["source_id"]),
                unit="% of the general population's wage",
                caveat=(f"stated gap {gap.iloc[0]:,.0f} won" if len(gap) else "")
                + ("; it differs from the two published wages (sources disagree)" if flag else ""),
            )
        )
    wage_stated = [w for w in wage_points if w.computed is None]
    wage_stated_words = "; ".join(
        f"{w.year}: "
        + join_words(
            ([f"{w.stated:g}% of it"] if w.stated is not None else [])
            + ([w.caveat.replace("stated gap ", "") + " less"] if w.caveat else [])
        )
        for w in wage_stated
    )

    # --- by sex
    sex_rows: list[SexRow] = []
    ratio23 = {
        g: hv(2023, "wage_ratio_to_general_public", g) for g in ("defectors_men", "defectors_women", sv.ESCAPEES)
    }
    sex_year = 2023
    if all(v is not None for v in ratio23.values()):
        sex_rows.append(
            SexRow(
                survey="hana",
                year=sex_year,
                measure="average wage, % of the general population's of the same sex",
                men=ratio23["defectors_men"],
                women=ratio23["defectors_women"],
                overall=ratio23[sv.ESCAPEES],
                comparator="general-population men and women",
            )
        )
    un17 = {g: hv(2017, sv.UNEMPLOYMENT, g) for g in ("defectors_men", "defectors_women", sv.ESCAPEES)}
    if all(v is not None for v in un17.values()):
        sex_rows.append(
            SexRow(
                survey="hana",
                year=2017,
                measure="unemployment rate, %",
                men=un17["defectors_men"],
                women=un17["defectors_women"],
                overall=un17[sv.ESCAPEES],
                comparator="none by sex published",
            )
        )
    for y in (2022, 2025):
        w = {g: hv(y, sv.WAGE, g) for g in ("defectors_men", "defectors_women")}
        if all(v is not None for v in w.values()):
            sex_rows.append(
                SexRow(
                    survey="hana",
                    year=y,
                    measure="average monthly wage, won",
                    men=Value.of(
                        w["defectors_men"].value,
                        ",.0f",
                        rows=w["defectors_men"].rows,
                        raw=w["defectors_men"].raw,
                        sources=w["defectors_men"].sources,
                    ),
                    women=Value.of(
                        w["defectors_women"].value,
                        ",.0f",
                        rows=w["defectors_women"].rows,
                        raw=w["defectors_women"].raw,
                        sources=w["defectors_women"].sources,
                    ),
                    overall=None,
                    comparator="none by sex published",
                )
            )
    for y in sorted(
        set(data.loc[(data["source"] == "nkdb") & (data["group"] == "defectors_men"), "survey_year"].dropna())
    ):
        m, f, o = (
            value_of(data, "nkdb", int(y), sv.PARTICIPATION, g)
            for g in ("defectors_men", "defectors_women", sv.ESCAPEES)
        )
        if m is not None and f is not None:
            sex_rows.append(
                SexRow(
                    survey="nkdb",
                    year=int(y),
                    measure="participation rate, %",
                    men=m,
                    women=f,
                    overall=o,
                    comparator="none by sex published",
                )
            )
    women_active = hv(2021, "women_share_of_econ_active")

    # --- satisfaction and discrimination
    sat, dis = hana[sv.SATISFACTION], hana[sv.DISCRIMINATION]
    sat_n = sat.dropna(subset=["base"])
    ambiguous = [int(y) for y in sat.index[sat["flag"] == "ambiguous_year"]]
    sat_last_y = int(sat_n.index.max())
    rises = sat_n["value"].diff() > 0
    run_start = sat_last_y if not rises.iloc[-1] else int(rises[~rises].index.max())
    sat_ch = sv.round_changes(sat_n.loc[run_start:], level)
    sat_run = sv.change_test(
        float(sat_n.at[run_start, "value"]),
        float(sat_n.at[sat_last_y, "value"]),
        sat_n.at[run_start, "base"],
        sat_n.at[sat_last_y, "base"],
        level,
    )
    dis_ch = sv.round_changes(dis, level)
    dis_n = dis.dropna(subset=["base"])
    dis_first_y, dis_last_y = int(dis.index.min()), int(dis_n.index.max())
    dis_t = sv.change_test(
        float(dis.at[dis_first_y, "value"]),
        float(dis.at[dis_last_y, "value"]),
        dis.at[dis_first_y, "base"],
        dis.at[dis_last_y, "base"],
        level,
    )

    def step_list(ch: pd.DataFrame, word: str) -> str:
        picked = ch[ch["word"] == word]
        if picked.empty:
            return "no round"
        return join_words([f"{y} ({r.before:.1f}% to {r.after:.1f}%)" for y, r in picked.iterrows()])

    def changes(ch: pd.DataFrame) -> list[Change]:
        def num(v):
            return None if pd.isna(v) else float(v)

        return [
            Change(
                year=int(y),
                previous=int(r.previous),
                before=r.before,
                after=r.after,
                change_pp=r.change_pp,
                word=r.word,
                p_value=num(r.p_value),
                word_deff=r.word_deff,
                p_value_deff=num(r.p_value_deff),
                basis=r.basis,
            )
            for y, r in ch.iterrows()
        ]

    dis_conf = dis[dis["flag"] == "conflict"]
    no_n = sorted(
        set(int(y) for y in dis.index[dis["base"].isna()]) | set(int(y) for y in sat.index[sat["base"].isna()])
    )
    sat_missing = [y for y in range(int(sat.index.min()), int(sat.index.max()) + 1) if y not in sat.index]
    dis_missing = [y for y in range(int(dis.index.min()), int(dis.index.max()) + 1) if y not in dis.index]

    # --- NKDB against Hana
    nkdb_un = sv.with_intervals(data, "nkdb", sv.UNEMPLOYMENT, level)
    side = sv.compare_surveys(data, sv.UNEMPLOYMENT, level)
    comparisons = []
    for y, r in side.iterrows():
        both_ci = not any(pd.isna(r[k]) for k in ("lower_nkdb", "upper_nkdb", "lower_hana", "upper_hana"))
        overlap = bool(r["lower_nkdb"] <= r["upper_hana"] and r["lower_hana"] <= r["upper_nkdb"]) if both_ci else None

        def pt(suffix: str, y=y, r=r) -> Point:
            def num(name: str) -> float | None:
                v = r[f"{name}_{suffix}"]
                return None if pd.isna(v) else float(v)

            return Point(
                year=int(y), value=float(r[f"value_{suffix}"]), n=num("base"), lower=num("lower"), upper=num("upper")
            )

        comparisons.append(
            Comparison(
                year=int(y),
                nkdb=pt("nkdb"),
                hana=pt("hana"),
                difference_pp=float(r["difference_pp"]),
                intervals_overlap=overlap,
            )
        )
    big = max(comparisons, key=lambda c: abs(c.difference_pp))
    nk_max = max(comparisons, key=lambda c: c.difference_pp)
    nk_min = min(comparisons, key=lambda c: c.difference_pp)
    with_ci = [c for c in comparisons if c.intervals_overlap is not None]
    apart = [c.year for c in with_ci if not c.intervals_overlap]
    comp = data[
        sv.usable(data)
        & (data["source"] == "nkdb")
        & (data["survey_year"] == big.year)
        & data["indicator"].str.startswith("sample_composition_arrived_")
    ]
    composition = ""
    if len(comp):
        c0 = comp.iloc[0]
        span = c0["indicator"].replace("sample_composition_arrived_", "").replace("_", "-")
        composition = f" ({c0['value']:.1f}% of its {big.year} respondents had arrived in {span})"
    nk_n_table = sv.completed_n(data, "nkdb")
    nk_part = sv.participation(data, "nkdb")
    printed = data[
        (data["source"] == "nkdb")
        & (data["indicator"] == sv.PARTICIPATION)
        & (data["group"] == sv.ESCAPEES)
        & data["note"].fillna("").str.contains("명")
    ]
    printed_counts = [
        {
            "year": int(r.survey_year),
            "value": float(r.value),
            "count": sv.number_in_note(r.note, sv.PRINTED_COUNT),
            "n": int(r.sample_size),
        }
        for r in printed.itertuples()
    ]
    big_nk, big_h = value_of(data, "nkdb", big.year, sv.UNEMPLOYMENT), value_of(data, "hana", big.year, sv.UNEMPLOYMENT)
    hana_n = {s.year: s.n for s in sizes}

    # --- the article's NKDB figures
    cited = sv.cited_not_found(claims)
    sources = io.read_table("sources", dtype=str, keep_default_na=False)
    src_name = {
        r.source_id: (
            f"{r.publisher.replace(' (English)', '')}, {r.date_published[:4]}" if r.date_published else r.publisher
        )
        for r in sources.itertuples()
    }
    cited_rows = []
    for r in cited.itertuples():
        hits = sv.find_value(data, r.claimed_value)
        near = (
            "; ".join(
                (
                    f"{sv.SOURCE_NAMES[h.source]} {int(h.survey_year)}: "
                    if not pd.isna(h.survey_year)
                    else f"a survey not named, reported by {src_name.get(h.source_id, h.source_id)}: "
                )
                + f"{sv.indicator_label(h.indicator)}, {sv.group_label(h.group)}"
                for h in hits.itertuples()
            )
            or "none"
        )
        cited_rows.append(
            Cited(
                claim_id=r.claim_id,
                quote=r.quote,
                elsewhere=near,
                claimed=Value.of(
                    float(r.claimed_value),
                    "g",
                    unit="%",
                    sources=[r.source_id],
                    rows=[f"claims/{r.claim_id}"],
                    raw=[f"article_claims/{r.claim_id}"],
                    method="as cited by the article",
                ),
            )
        )
    claims_by_id = claims.set_index("claim_id")
    verdicts = {}
    for cid, (source, year, indicator) in CLAIM_QUESTIONS.items():
        if cid not in claims_by_id.index:
            continue
        est = value_of(data, source, year, indicator)
        s = sv.with_intervals(data, source, indicator, level) if est is not None else None
        lo = None if s is None or year not in s.index else s.at[year, "lower"]
        hi = None if s is None or year not in s.index else s.at[year, "upper"]
        near = next((c.elsewhere for c in cited_rows if c.claim_id == cid), "none")
        verdicts[cid] = share_verdict(
            cid,
            float(claims_by_id.at[cid, "claimed_value"]),
            est,
            lo,
            hi,
            float(P.share_tolerance_pp),
            not_found=(
                f"no figure for this question of NKDB's {year} survey was found in its report pages or press "
                f"coverage" + (f"; the same number appears only as {near}" if near != "none" else "")
            ),
        )
    sat23 = value_of(data, "hana", 2023, sv.SATISFACTION)

    # --- provenance of years and phrases
    def un_pair(year: int) -> list[Value]:
        return [
            v
            for v in (value_of(data, "nkdb", year, sv.UNEMPLOYMENT), value_of(data, "hana", year, sv.UNEMPLOYMENT))
            if v is not None
        ]

    un_both = [v for c in comparisons for v in un_pair(c.year)]
    nk_part_inputs = [
        v
        for v in (value_of(data, "nkdb", big.year, sv.PARTICIPATION), value_of(data, "nkdb", big.year, sv.INACTIVE))
        if v is not None
    ]
    caution_values = []
    for r in caution.itertuples():
        caution_values.append(
            Value.of(
                float(r.value),
                ".1f",
                rows=[f"surveys/row_id={r.row_id}"],
                raw=[f"survey_hana/{r.row_id}"],
                sources=[r.source_id],
            )
        )
    conflict_inputs = (
        []
        if conf_year is None
        else [
            hv(conf_year, sv.EMPLOYMENT),
            hv(conf_year, sv.EMPLOYMENT, sv.COMPARATOR),
            hv(conf_year, sv.STATED_GAP_INDICATORS[sv.EMPLOYMENT]),
        ]
    )
    w_esc = {int(y): hv(int(y), sv.WAGE, "defectors_wage_workers") for y in wages.index}
    w_gen = {}
    for y in wages.index:
        g = data[
            sv.usable(data)
            & (data["source"] == "hana")
            & (data["survey_year"] == y)
            & (data["indicator"] == sv.WAGE)
            & data["group"].str.startswith(sv.COMPARATOR)
        ].iloc[0]
        w_gen[int(y)] = value_of(data, "hana", int(y), sv.WAGE, g["group"], fmt=",.0f", unit="KRW")
    w_esc = {
        y: Value.of(v.value, ",.0f", unit="KRW", rows=v.rows, raw=v.raw, sources=v.sources, method=v.method)
        for y, v in w_esc.items()
    }
    wage_row_values = [
        Value.of(
            float(r.value),
            "g",
            rows=[f"surveys/row_id={r.row_id}"],
            raw=[f"survey_hana/{r.row_id}"],
            sources=[r.source_id],
        )
        for r in wage_rows.itertuples()
    ]
    sat_values = [hv(int(y), sv.SATISFACTION) for y in sat.index]
    dis_values = [hv(int(y), sv.DISCRIMINATION) for y in dis.index]

    # --- assemble
    ex_y = sat_last_y
    ex = sat_n.loc[ex_y]
    ex_v = hv(ex_y, sv.SATISFACTION)
    return SurveysFindings(
        level=level,
        level_pct=Value.parameter("confidence_level", level, text=level_pct),
        z=Value.of(
            stats.z_for_level(level),
            ".3f",
            method="normal quantile of the confidence level",
            params=["confidence_level"],
        ),
        vintage_rule=rule,
        example_year=_year(ex_y, [ex_v]),
        example_value=ex_v,
        example_n=hana_n[ex_y],
        example_lower=Value.derived(float(ex["lower"]), ".1f", [ex_v, hana_n[ex_y]], method="Wilson interval, lower"),
        example_upper=Value.derived(float(ex["upper"]), ".1f", [ex_v, hana_n[ex_y]], method="Wilson interval, upper"),
        design_effect=Value.of(sv.DESIGN_EFFECT, "g"),
        design_widening=Value.of(math.sqrt(sv.DESIGN_EFFECT), ".2f"),
        full_enumeration_rounds=Value.phrase(years_words(sv.FULL_ENUMERATION_ROUNDS)),
        sample_sizes=sizes,
        n_published=Value.phrase(published or "no round", based_on=[s.n for s in by_basis[sv.N_PUBLISHED]]),
        n_from_rate=Value.phrase(from_rate or "no round", based_on=[s.n for s in by_basis[sv.N_FROM_RATE]]),
        n_flagged=Value.phrase(
            ("the drawn sample stands in for " + years_words([s.year for s in flagged]) + ", flagged in the tables")
            if flagged
            else "no round is left with only its drawn sample",
            based_on=[s.n for s in flagged],
        ),
        n_changed_years=Value.phrase(years_words(changed), based_on=[s.n for s in sizes if s.year in changed]),
        employment=_points(emp),
        emp_latest_year=_year(emp_y, [emp_v, emp_gap]),
        emp_latest=emp_v,
        emp_latest_gap=emp_gap,
        emp_latest_gap_basis=emp_basis,
        emp_both_rates_years=Value.phrase(
            years_words(emp_both.index), based_on=[hv(y, sv.EMPLOYMENT, sv.COMPARATOR) for y in emp_both.index]
        ),
        pilot_year=_year(pilot, [hv(pilot, sv.EMPLOYMENT)]),
        pilot_value=hv(pilot, sv.EMPLOYMENT),
        pilot_gap=Value.derived(
            abs(float(emp_both.at[pilot, "computed_pp"])),
            ".1f",
            [hv(pilot, sv.EMPLOYMENT), hv(pilot, sv.EMPLOYMENT, sv.COMPARATOR)],
            method="gap",
        ),
        full_first_year=_year(full_first, [hv(full_first, sv.EMPLOYMENT)]),
        full_first_gap=Value.derived(
            abs(float(emp_both.at[full_first, "computed_pp"])),
            ".1f",
            [hv(full_first, sv.EMPLOYMENT), hv(full_first, sv.EMPLOYMENT, sv.COMPARATOR)],
            method="gap",
        ),
        emp_trend_from_year=Value.of(trend_from, "d"),
        emp_trend_from=trend_inputs[0],
        emp_trend_to_year=Value.of(trend_to, "d"),
        emp_trend_to=trend_inputs[1],
        emp_trend_word=Value.phrase(
            change_words(
                t["word"], float(emp.at[trend_from, "value"]), float(emp.at[trend_to, "value"]), trend_from, trend_to
            ),
            based_on=trend_inputs,
        ),
        emp_trend_p=Value.phrase(p_words(t["p_value"], level), based_on=trend_inputs),
        emp_trend_deff=Value.phrase(deff_words(t["word"], t["word_deff"]), based_on=trend_inputs),
        stated_only=Value.phrase(
            "; ".join(w for _, w in sorted(stated_only)) or "none",
            based_on=[v for v in stated_only_inputs if v is not None],
        ),
        un_latest_year=_year(un_y, [un_v, un_gap]),
        un_latest=un_v,
        un_latest_gap=un_gap,
        un_latest_gap_basis=un_basis,
        lf_latest_year=_year(lf_y, [lf_v, lf_gap]),
        lf_latest=lf_v,
        lf_latest_gap=lf_gap,
        lf_latest_gap_basis=lf_basis,
        lf_above_years=Value.phrase(
            years_words(lf_above),
            based_on=[
                v
                for y in lf_above
                for v in (hv(y, sv.PARTICIPATION), hv(y, sv.PARTICIPATION, sv.COMPARATOR))
                if v is not None
            ],
        ),
        caution_years=Value.phrase(years_words(caution["survey_year"].astype(int)), based_on=caution_values),
        caution_values=Value.phrase(join_words([f"{v:.1f}%" for v in caution["value"]]), based_on=caution_values),
        conflict_year=_year(conf_year, conflict_inputs),
        conflict_computed=_num(
            None if conf_year is None else abs(eg.at[conf_year, "computed_pp"]), based_on=conflict_inputs[:2]
        ),
        conflict_stated=_num(
            None if conf_year is None else abs(eg.at[conf_year, "stated_pp"]), based_on=conflict_inputs[2:]
        ),
        conflict_escapees=_num(
            None if conf_year is None else eg.at[conf_year, "escapees"], based_on=conflict_inputs[:1]
        ),
        conflict_general=_num(
            None if conf_year is None else eg.at[conf_year, "general"], based_on=conflict_inputs[1:2]
        ),
        gaps=gap_rows,
        general={
            ind: [
                Point(year=int(y), value=float(v))
                for y, v in general[ind]["value"].items()
                if int(y) not in set(caution["survey_year"].astype(int))
            ]
            for ind in sv.LABOUR
        },
        unemployment=_points(hana[sv.UNEMPLOYMENT]),
        participation=_points(hana[sv.PARTICIPATION]),
        by_sex=sex_rows,
        sex_wage_year=_year(sex_year, [v for v in ratio23.values() if v is not None]),
        sex_wage_men=ratio23["defectors_men"] or _num(None),
        sex_wage_women=ratio23["defectors_women"] or _num(None),
        sex_wage_overall=ratio23[sv.ESCAPEES] or _num(None),
        sex_wage_phrase=Value.phrase(
            sex_wage_phrase(
                float(ratio23["defectors_men"].value),
                float(ratio23["defectors_women"].value),
                float(ratio23[sv.ESCAPEES].value),
            ),
            based_on=list(ratio23.values()),
        ),
        women_share_active=women_active,
        women_share_active_year=_year(2021, [women_active]),
        sex_unemployment_year=_year(2017, [v for v in un17.values() if v is not None]),
        sex_unemployment_men=un17["defectors_men"],
        sex_unemployment_women=un17["defectors_women"],
        sex_unemployment_overall=un17[sv.ESCAPEES],
        wage_first_year=_year(wf, [w_esc[wf], w_gen[wf]]),
        wage_first_ratio=Value.derived(
            float(wages.at[wf, "ratio_pct"]),
            ".1f",
            [hv(wf, sv.WAGE, "defectors_wage_workers")],
            method="escapee wage / general wage x 100",
        ),
        wage_first_escapees=w_esc[wf],
        wage_first_general=w_gen[wf],
        wage_last_year=_year(wl, [w_esc[wl], w_gen[wl]]),
        wage_last_ratio=Value.derived(
            float(wages.at[wl, "ratio_pct"]),
            ".1f",
            [hv(wl, sv.WAGE, "defectors_wage_workers")],
            method="escapee wage / general wage x 100",
        ),
        wage_last_escapees=w_esc[wl],
        wage_last_general=w_gen[wl],
        wage_last_gap=Value.derived(
            float(wages.at[wl, "gap_krw"]), ",.0f", [w_esc[wl], w_gen[wl]], method="general wage minus escapee wage"
        ),
        wage_years_count=Value.of(len(wages), "d", text=count_word(len(wages))),
        wage_years=Value.phrase(
            years_words(wages.index), based_on=[v for y in wages.index for v in (w_esc[int(y)], w_gen[int(y)])]
        ),
        wage_stated_only=Value.phrase(wage_stated_words or "none", based_on=wage_row_values),
        wage_points=wage_points,
        satisfaction=_points(sat, hollow=set(ambiguous)),
        discrimination=_points(dis),
        sat_min_year=_year(int(sat["value"].idxmin()), [hv(int(sat["value"].idxmin()), sv.SATISFACTION)]),
        sat_min=hv(int(sat["value"].idxmin()), sv.SATISFACTION),
        sat_run_start=_year(run_start, [hv(run_start, sv.SATISFACTION)]),
        sat_run_start_value=hv(run_start, sv.SATISFACTION),
        sat_last_year=_year(sat_last_y, [hv(sat_last_y, sv.SATISFACTION)]),
        sat_last=hv(sat_last_y, sv.SATISFACTION),
        sat_last_lower=Value.derived(
            float(sat_n.at[sat_last_y, "lower"]),
            ".1f",
            [hv(sat_last_y, sv.SATISFACTION), hana_n[sat_last_y]],
            method="Wilson interval, lower",
        ),
        sat_last_upper=Value.derived(
            float(sat_n.at[sat_last_y, "upper"]),
            ".1f",
            [hv(sat_last_y, sv.SATISFACTION), hana_n[sat_last_y]],
            method="Wilson interval, upper",
        ),
        sat_steps=Value.of(len(sat_ch), "d", text=count_word(len(sat_ch))),
        sat_steps_clear=Value.of(
            int((sat_ch["word"] != sv.NO_CLEAR_CHANGE).sum()),
            "d",
            text=count_word(int((sat_ch["word"] != sv.NO_CLEAR_CHANGE).sum())),
        ),
        sat_steps_words=Value.phrase(steps_words(len(sat_ch), int((sat_ch["word"] != sv.NO_CLEAR_CHANGE).sum()))),
        sat_run_word=Value.phrase(sat_run["word"]),
        sat_run_p=Value.phrase(p_words(sat_run["p_value"], level), based_on=sat_values),
        sat_run_deff=Value.phrase(deff_words(sat_run["word"], sat_run["word_deff"]), based_on=sat_values),
        sat_changes=changes(sat_ch),
        dis_first_year=_year(dis_first_y, [hv(dis_first_y, sv.DISCRIMINATION)]),
        dis_first=hv(dis_first_y, sv.DISCRIMINATION),
        dis_last_year=_year(dis_last_y, [hv(dis_last_y, sv.DISCRIMINATION)]),
        dis_last=hv(dis_last_y, sv.DISCRIMINATION),
        dis_last_lower=Value.derived(
            float(dis_n.at[dis_last_y, "lower"]),
            ".1f",
            [hv(dis_last_y, sv.DISCRIMINATION), hana_n[dis_last_y]],
            method="Wilson interval, lower",
        ),
        dis_last_upper=Value.derived(
            float(dis_n.at[dis_last_y, "upper"]),
            ".1f",
            [hv(dis_last_y, sv.DISCRIMINATION), hana_n[dis_last_y]],
            method="Wilson interval, upper",
        ),
        dis_word=Value.phrase(dis_t["word"]),
        dis_word_deff=Value.phrase(deff_words(dis_t["word"], dis_t["word_deff"]), based_on=dis_values),
        dis_rises=Value.phrase(step_list(dis_ch, sv.ROSE), based_on=dis_values),
        dis_falls=Value.phrase(step_list(dis_ch, sv.FELL), based_on=dis_values),
        dis_unclear=Value.phrase(step_list(dis_ch, sv.NO_CLEAR_CHANGE), based_on=dis_values),
        dis_changes=changes(dis_ch),
        dis_fragile=Value.phrase(fragile_words(changes(dis_ch)), based_on=dis_values),
        dis_conflicts=Value.phrase(
            join_words([f"{int(y)} ({r['value']:.1f}%)" for y, r in dis_conf.iterrows()]) or "none",
            based_on=[hv(int(y), sv.DISCRIMINATION) for y in dis_conf.index],
        ),
        conflict_sentence=Value.phrase(
            conflict_sentence({"satisfaction": _points(sat), "discrimination": _points(dis)}),
            based_on=[hv(int(y), sv.DISCRIMINATION) for y in dis_conf.index],
        ),
        no_n_years=Value.phrase(
            years_words(no_n),
            based_on=[v for y in no_n for v in (hv(y, sv.DISCRIMINATION), hv(y, sv.SATISFACTION)) if v is not None],
        ),
        threshold_pp=Value.of(sv.CHANGE_THRESHOLD_PP, "g"),
        sat_missing=Value.phrase(join_words([str(y) for y in sat_missing], "or") or "no year", based_on=sat_values),
        dis_missing=Value.phrase(join_words([str(y) for y in dis_missing], "or") or "no year", based_on=dis_values),
        sat_ambiguous=Value.phrase(
            join_words([f"{y} ({sat.at[y, 'value']:.1f}%)" for y in ambiguous]) or "none",
            based_on=[hv(y, sv.SATISFACTION) for y in ambiguous],
        ),
        nkdb_unemployment=_points(nkdb_un),
        comparisons=comparisons,
        nkdb_years=Value.phrase(years_words([c.year for c in comparisons]), based_on=un_both),
        big_year=_year(big.year, [big_nk, big_h]),
        big_nkdb=big_nk,
        big_hana=big_h,
        big_nkdb_base=_num(big.nkdb.n, ",.0f", based_on=nk_part_inputs),
        big_hana_base=_num(big.hana.n, ",.0f", based_on=[hv(big.year, sv.PARTICIPATION), hana_n.get(big.year)]),
        big_nkdb_n=_num(
            nk_n_table.at[big.year, "n"] if big.year in nk_n_table.index else None, ",.0f", based_on=[big_nk]
        ),
        big_hana_n=hana_n.get(big.year, _num(None)),
        big_difference=Value.derived(big.difference_pp, ".1f", [big_nk, big_h], method="NKDB minus Hana"),
        big_times=Value.derived(big.nkdb.value / big.hana.value, ".1f", [big_nk, big_h], method="NKDB / Hana"),
        big_nkdb_interval=Value.phrase(
            f"{big.nkdb.lower:.1f}–{big.nkdb.upper:.1f}%"
            if big.nkdb.lower is not None
            else "no interval (participation not published)",
            based_on=[big_nk] + nk_part_inputs,
        ),
        big_hana_interval=Value.phrase(
            f"{big.hana.lower:.1f}–{big.hana.upper:.1f}%" if big.hana.lower is not None else "no interval",
            based_on=[big_h, hv(big.year, sv.PARTICIPATION)],
        ),
        big_overlap_words=Value.phrase(
            {
                True: "overlap, so sampling error could explain it",
                False: "do not overlap, so sampling error alone cannot explain it",
                None: "cannot both be computed",
            }[big.intervals_overlap]
        ),
        big_composition=Value.phrase(
            composition,
            based_on=[
                Value.of(
                    "",
                    rows=[f"surveys/row_id={i}" for i in comp["row_id"]],
                    raw=[f"survey_nkdb/{i}" for i in comp["row_id"]],
                    sources=list(comp["source_id"]),
                )
            ],
        ),
        nkdb_max_year=_year(nk_max.year, un_pair(nk_max.year)),
        nkdb_max_diff=Value.derived(
            nk_max.difference_pp,
            "+.1f",
            un_pair(nk_max.year),
            method="NKDB minus Hana",
            text=f"{nk_max.difference_pp:+.1f}".replace("-", "−"),
        ),
        nkdb_min_year=_year(nk_min.year, un_pair(nk_min.year)),
        nkdb_min_diff=Value.derived(
            nk_min.difference_pp,
            "+.1f",
            un_pair(nk_min.year),
            method="NKDB minus Hana",
            text=f"{nk_min.difference_pp:+.1f}".replace("-", "−"),
        ),
        both_interval_years=Value.of(len(with_ci), "d", text=count_word(len(with_ci))),
        non_overlap_count=Value.of(len(apart), "d", text=count_word(len(apart))),
        non_overlap_years=Value.phrase(years_words(apart), based_on=[v for y in apart for v in un_pair(y)]),
        nkdb_participation={int(y): Point(year=int(y), value=float(r["value"])) for y, r in nk_part.iterrows()},
        nkdb_participation_derived={int(y): float(r["inactive"]) for y, r in nk_part[nk_part["derived"]].iterrows()},
        nkdb_printed_counts=printed_counts,
        cited=cited_rows,
        cited_count=Value.of(len(cited_rows), "d", text=count_word(len(cited_rows))),
        cited_list=Value.phrase(
            "; ".join(f"{c.claimed.text}% ({c.claim_id})" for c in cited_rows), based_on=[c.claimed for c in cited_rows]
        ),
        cited_elsewhere=Value.phrase(
            "; ".join(f"{c.claimed.text}% also appears as {c.elsewhere}" for c in cited_rows if c.elsewhere != "none")
            or "none of them appears elsewhere",
            based_on=[c.claimed for c in cited_rows],
        ),
        hana_2023_satisfied=sat23 or _num(None),
        verdicts=verdicts,
        released={int(y): v for y, v in sv.releases(data, "hana", SHOWN).items()},
        census_like=sv.census_like({s.year: float(s.n.value) for s in sizes}),
        census_min_n=sv.CENSUS_LIKE_MIN_N,
        nkdb_n={int(y): f"{r['n']:,.0f}" for y, r in nk_n_table.iterrows()},
    )


def legacy_results(F: SurveysFindings) -> dict:
    """TRANSITIONAL: the old results_surveys.json keys the introduction and the audit still read."""
    sat = {p.year: p for p in F.satisfaction}
    dis = {p.year: p for p in F.discrimination}
    s_last, d_last = sat[int(F.sat_last_year.value)], dis[int(F.dis_last_year.value)]
    big = next(c for c in F.comparisons if c.year == int(F.big_year.value))
    c12 = next((c for c in F.comparisons if c.year == 2012), None)
    return {
        "confidence_level": F.level,
        "vintage_rule": F.vintage_rule,
        "hana_employment_gap_latest": {
            "survey_year": F.emp_latest_year.value,
            "escapees_pct": F.emp_latest.value,
            "gap_pp_size": F.emp_latest_gap.value,
        },
        "hana_life_satisfaction_latest": {
            "survey_year": s_last.year,
            "pct": s_last.value,
            "lower": round(s_last.lower, 2),
            "upper": round(s_last.upper, 2),
            "n": s_last.n,
        },
        "hana_life_satisfaction_by_year": {p.year: p.value for p in F.satisfaction},
        "hana_discrimination_latest": {
            "survey_year": d_last.year,
            "pct": d_last.value,
            "lower": round(d_last.lower, 2),
            "upper": round(d_last.upper, 2),
            "n": d_last.n,
        },
        "hana_discrimination_by_year": {p.year: p.value for p in F.discrimination},
        "hana_discrimination_changes": {c.year: c.word for c in F.dis_changes},
        "unemployment_largest_difference_nkdb_vs_hana": {
            "survey_year": big.year,
            "nkdb_pct": big.nkdb.value,
            "hana_pct": big.hana.value,
            "difference_pp": round(big.difference_pp, 1),
        },
        "unemployment_2012_nkdb_vs_hana": None
        if c12 is None
        else {
            "nkdb_pct": c12.nkdb.value,
            "hana_pct": c12.hana.value,
            "difference_pp": round(c12.difference_pp, 1),
            "intervals_overlap": c12.intervals_overlap,
        },
        "hana_sample_sizes": {s.year: {"n": s.n.value, "basis": s.basis} for s in F.sample_sizes},
        "nkdb_2023_cited": {
            c.claim_id: {"value": c.claimed.value, "status": sv.CITED_NOT_FOUND, "same_number_elsewhere": c.elsewhere}
            for c in F.cited
        },
        "verdicts": {k: {"category": v.category.value, "reason": v.reason.text} for k, v in F.verdicts.items()},
    }
