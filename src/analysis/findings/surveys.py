"""Section 6, integration surveys: what the Korea Hana Foundation and NKDB surveys published, as one
typed findings object.

``findings(P)`` reads the processed survey and claim tables and composes :class:`SurveysFindings` from one
small builder per question of the section (how sure a percentage is, one n, work, by sex, pay,
satisfaction, discrimination, NKDB against Hana, the article's NKDB figures). Each builder returns a
small record of numbers, names, selections and decisions; the statistics (one n, the two-proportion test,
stated gaps) are in ``methods/surveys.py``. Records are picked by meaning (survey, year, indicator,
group), never by position.

Sentences live whole in the notebook's Markdown. Where the wording depends on a decision (a gap above or
below, a change that holds under the design effect or not), the alternatives are complete sentences in
one table, :data:`WORDING`, keyed by the decision, and a record's ``sentence()`` fills in its numbers.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Literal

import pandas as pd

from analysis.core import wording
from analysis.core.values import Findings, Record, Value
from analysis.core.wording import count_word, percent
from analysis.findings.selections import Claim
from analysis.findings.tables import Tables, given
from analysis.findings.verdict import Category, Verdict
from analysis.methods import audit as rules
from analysis.methods import stats
from analysis.methods import surveys as sv
from analysis.params import Params

#: The article's survey claims: the survey question each names (source, survey year, indicator) and
#: the question in a few words, as the verdict's reason names it.
CLAIM_QUESTIONS = {
    Claim.NKDB_DISCRIMINATION: (
        "nkdb",
        2023,
        "experienced_workplace_discrimination_at_least_once",
        "discrimination at work",
    ),
    Claim.NKDB_HABITS: (
        "nkdb",
        2023,
        "agree_should_discard_NK_way_of_thinking_or_habits",
        "discarding North Korean habits",
    ),
    Claim.NKDB_SATISFIED: (
        "nkdb",
        2023,
        "very_or_somewhat_satisfied_with_life_in_SK",
        "satisfaction with life in South Korea",
    ),
}
WELLBEING = (sv.SATISFACTION, sv.DISCRIMINATION)
SHOWN = sv.LABOUR + WELLBEING
GAP_LABELS = {sv.EMPLOYMENT: "employment", sv.UNEMPLOYMENT: "unemployment", sv.PARTICIPATION: "participation"}
SEXES = ("defectors_men", "defectors_women")
WAGE_WORKERS = "defectors_wage_workers"
SEX_WAGE_YEAR = 2023  # the one release that compared each sex with the same sex (Channel A 2023)
SEX_UNEMPLOYMENT_YEAR = 2017  # the one release with escapees' unemployment by sex
SEX_WAGE_YEARS = (2022, 2025)  # releases with wages by sex, without a comparator by sex
WOMEN_ACTIVE_YEAR = 2021  # the release that gave women's share of the economically active


# ------------------------------------------------------------------------------------------ decisions
class GapReading(StrEnum):
    """Escapees against the general population in one year: the gap's direction."""

    BELOW = "gap below"
    ABOVE = "gap above"
    SAME = "gap none"


class GapBasis(StrEnum):
    """How the latest gaps of the three labour measures are known, said once for the three."""

    ALL_STATED = "every gap stated"
    ALL_COMPUTED = "every gap computed"
    MIXED = "some gaps stated, some computed"


class TrendReading(StrEnum):
    """A change between two rounds: its direction by the two-proportion test, or by the threshold without n."""

    ROSE_TEST = "rose by the test"
    FELL_TEST = "fell by the test"
    UNCLEAR_TEST = "no clear change by the test"
    ROSE_NO_TEST = "rose beyond the threshold"
    FELL_NO_TEST = "fell beyond the threshold"
    UNCLEAR_NO_TEST = "within the threshold"


class Robustness(StrEnum):
    """Whether a change's conclusion is the same with the design effect."""

    HOLDS = "same with the design effect"
    LOST = "not clear with the design effect"


class HeadlineRobustness(StrEnum):
    """Whether every change the section's summary reports holds with the design effect, said once."""

    ALL_HOLD = "every reported change holds"
    SOME_LOST = "some reported changes lost"


class Fragile(StrEnum):
    """Whether every round-to-round change the test finds survives the design effect."""

    ALL_HOLD = "every change holds"
    SOME_LOST = "some changes lost"


class RunStart(StrEnum):
    """Whether the sources disagree about the figure a run of rises starts from."""

    DISPUTED = "the run's first figure disputed"
    UNDISPUTED = "the run's first figure undisputed"


class SexWageReading(StrEnum):
    """The wage ratios by sex against the overall ratio."""

    EACH_HIGHER = "each sex higher than overall"
    EACH_LOWER = "each sex lower than overall"
    BETWEEN = "overall between the sexes"


class Overlap(StrEnum):
    """Whether two surveys' intervals for the same year overlap."""

    OVERLAP = "intervals overlap"
    APART = "intervals apart"
    UNKNOWN = "an interval missing"


class DrawnOnly(StrEnum):
    """Whether any round is left with only its drawn sample as n."""

    NONE = "no round on its drawn sample"
    SOME = "rounds on their drawn sample"


class ShareReading(StrEnum):
    """A claimed survey percentage against the survey's figure for the same question."""

    WITHIN = "within the tolerance"
    WITHIN_CAVEAT = "within the tolerance, with a stated caveat"
    REACHES_OUT = "within the tolerance, interval reaching outside it"
    OUTSIDE = "outside the tolerance"
    NOT_FOUND = "no figure for the question"


#: The two tests of every 'around' claim (:class:`rules.Around`) as they read on a survey's share.
SHARE_READING = {
    rules.Around.BOTH: ShareReading.WITHIN,
    rules.Around.LEVEL_ONLY: ShareReading.REACHES_OUT,
    rules.Around.NEITHER: ShareReading.OUTSIDE,
}

#: Every decision's wording, complete alternative sentences (verdict reasons: clauses), one place.
WORDING: dict[StrEnum, str] = {
    GapReading.BELOW: "The general population's rate was {size} points higher.",
    GapReading.ABOVE: "The general population's rate was {size} points lower.",
    GapReading.SAME: "The general population's rate was the same.",
    GapBasis.ALL_STATED: "Each of these gaps is as the release stated it.",
    GapBasis.ALL_COMPUTED: "Each of these gaps is computed from the two published rates.",
    GapBasis.MIXED: "The releases stated the gaps in {stated}; the others are computed from the two published rates.",
    TrendReading.ROSE_TEST: "From {start} to {end} {subject} rose (two-proportion test, {p}).",
    TrendReading.FELL_TEST: "From {start} to {end} {subject} fell (two-proportion test, {p}).",
    TrendReading.UNCLEAR_TEST: "From {start} to {end} {subject} showed no clear change (two-proportion test, {p}).",
    TrendReading.ROSE_NO_TEST: "From {start} to {end} {subject} rose by more than {threshold} points; without a "
    "published n for both rounds no test is possible.",
    TrendReading.FELL_NO_TEST: "From {start} to {end} {subject} fell by more than {threshold} points; without a "
    "published n for both rounds no test is possible.",
    TrendReading.UNCLEAR_NO_TEST: "From {start} to {end} {subject} moved by no more than {threshold} points, which "
    "without a published n for both rounds counts as no clear change.",
    HeadlineRobustness.ALL_HOLD: "Each change reported below holds when tested so.",
    HeadlineRobustness.SOME_LOST: "Of the changes reported below, those in {lost} would no longer be clear when "
    "tested so.",
    Fragile.ALL_HOLD: "Each of these round-to-round changes holds with a design effect of {deff}.",
    Fragile.SOME_LOST: "With a design effect of {deff} the changes of {years} would no longer be clear.",
    RunStart.DISPUTED: "The sources disagree about the {year} figure itself; {where} gives their accounts.",
    RunStart.UNDISPUTED: "No source disputes the {year} figure.",
    SexWageReading.EACH_HIGHER: "Each sex's ratio is higher than the overall one: the overall ratio compares escapee "
    "workers, most of them women, with all workers, and so overstates the gap within each sex.",
    SexWageReading.EACH_LOWER: "Each sex's ratio is lower than the overall one.",
    SexWageReading.BETWEEN: "The overall ratio lies between the two ratios by sex.",
    Overlap.OVERLAP: "Their {level} intervals ({a_lower}–{a_upper}% and {b_lower}–{b_upper}%) overlap, so sampling "
    "error could explain the difference.",
    Overlap.APART: "Their {level} intervals ({a_lower}–{a_upper}% and {b_lower}–{b_upper}%) do not overlap, so "
    "sampling error alone cannot explain the difference.",
    Overlap.UNKNOWN: "Their {level} intervals cannot both be computed, so whether sampling error could explain the "
    "difference cannot be said.",
    DrawnOnly.NONE: "No round is left with only its drawn sample.",
    DrawnOnly.SOME: "For {years} only the drawn sample was published; it stands in for n and is flagged in the tables.",
    ShareReading.WITHIN: "the survey found {point}%, within {tolerance} points of the claimed {claimed}%",
    ShareReading.WITHIN_CAVEAT: "the survey found {point}%, within {tolerance} points of the claimed {claimed}%, "
    "but {caveat}",
    ShareReading.OUTSIDE: "the survey found {point}% (interval {lower}-{upper}%), more than {tolerance} points from "
    "the claimed {claimed}%",
    ShareReading.REACHES_OUT: "the survey found {point}%, within {tolerance} points of the claimed {claimed}%, but "
    "its interval ({lower}-{upper}%) reaches more than {tolerance} points from it",
    ShareReading.NOT_FOUND: "no figure of NKDB's {year} survey on {question} was found where its results were reported",
}


def say(decision: StrEnum, based_on: list[Value | None], **values: object) -> Value:
    """The wording table's sentence for ``decision``, its placeholders filled with ``values`` (a Value
    shows its text); its provenance is that of the values it rests on."""
    return Value.sentence(WORDING, decision, based_on, **values)


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


class Estimate(Record):
    """A published percentage with its year, n and interval, as prose quotes it."""

    year: Value
    value: Value
    n: Value | None = None
    lower: Value | None = None
    upper: Value | None = None


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


class Trend(Record):
    """A change from one round to another, decided by the test; ``subject`` names what changed."""

    subject: Literal["the rate", "the share"]
    start: Value
    end: Value
    before: Value
    after: Value
    reading: TrendReading
    p: Value
    robustness: Robustness
    threshold: Value

    def sentence(self) -> Value:
        return say(
            self.reading,
            [self.before, self.after],
            start=self.start,
            end=self.end,
            subject=self.subject,
            p=self.p,
            threshold=self.threshold,
        )


class Gap(Record):
    """The latest gap to the general population for one measure: the rate, the gap's size and reading."""

    measure: str
    year: Value
    rate: Value
    size: Value
    reading: GapReading
    stated: bool  # the gap as a release stated it (no general-population rate published), not computed

    def sentence(self) -> Value:
        return say(self.reading, [self.rate, self.size], size=self.size)


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


class Coincidence(Record):
    """The same number as a cited figure, found elsewhere in the survey data as another quantity."""

    kind: Literal["survey figure", "panel share"]
    survey: str  # the survey's name, or '' where the source did not name it
    year: int | None
    reported_by: str  # the source's publisher and year (for a survey not named)
    indicator: str  # what the number is, as a reader-facing label
    group: str
    panel: int | None = None  # panel share: re-interviewed panel members and all respondents
    n: int | None = None
    value: Value


class Cited(Record):
    """An NKDB 2023 figure the article cites, with the same number found elsewhere in the survey data."""

    claim_id: str
    quote: str
    claimed: Value
    coincidences: list[Coincidence]


class Comparison(Record):
    """Hana and NKDB unemployment in one year, side by side (never joined)."""

    year: int
    nkdb: Point
    hana: Point
    difference_pp: float
    intervals_overlap: bool | None


class Method(Record):
    """How sure a survey percentage is: the level, an example interval, the design effect, the test."""

    level_pct: Value
    z: Value
    alpha: Value
    example: Estimate
    design_effect: Value
    design_widening: Value
    full_enumeration_rounds: Value
    no_n_years: Value
    threshold_pp: Value


class Samples(Record):
    """One n per round (completed interviews) and how each was obtained."""

    sizes: list[SampleSize]
    published_years: Value  # rounds whose completed interviews a report gave
    from_rate_years: Value  # rounds whose n is the drawn sample times the response rate
    drawn_only: DrawnOnly
    drawn_only_years: Value
    changed_years: Value  # rounds whose n is not the number printed with the figures
    census_like: list[int]
    census_min_n: int
    released: dict[int, str]

    def drawn_only_sentence(self) -> Value:
        return say(self.drawn_only, [self.drawn_only_years], years=self.drawn_only_years)


class Caveat(Record):
    """A comparator kept out of arithmetic, or a stated gap that disagrees with the computed one."""

    year: Value
    escapees: Value | None = None
    general: Value
    computed: Value | None = None
    stated: Value | None = None


class Work(Record):
    """Employment, unemployment and participation against the general population."""

    employment_points: list[Point]
    unemployment_points: list[Point]
    participation_points: list[Point]
    general: dict[str, list[Point]]
    gaps: list[GapRow]
    employment: Gap
    unemployment: Gap
    participation: Gap
    both_rates_years: Value
    pilot: Estimate
    pilot_gap: Value
    full_first_year: Value
    full_first_gap: Value
    trend: Trend
    gap_basis: GapBasis
    stated_only_count: Value
    participation_above_years: Value
    not_comparable: Caveat
    disagreeing: Caveat

    def gap_basis_sentence(self) -> Value:
        gaps = [self.employment, self.unemployment, self.participation]
        stated = Value.listing([g.measure for g in gaps if g.stated], of="measures whose gap a release stated")
        return say(self.gap_basis, [g.size for g in gaps], stated=stated)


class BySex(Record):
    rows: list[SexRow]
    women_share_active: Value
    women_share_active_year: Value
    wage_year: Value
    wage_men: Value
    wage_women: Value
    wage_overall: Value
    wage_reading: SexWageReading
    unemployment_year: Value
    unemployment_men: Value
    unemployment_women: Value
    unemployment_overall: Value

    def wage_sentence(self) -> Value:
        return say(self.wage_reading, [self.wage_men, self.wage_women, self.wage_overall])


class Pay(Record):
    first_year: Value
    first_ratio: Value
    first_escapees: Value
    first_general: Value
    last_year: Value
    last_ratio: Value
    last_escapees: Value
    last_general: Value
    last_gap: Value
    years_count: Value
    years: Value
    points: list[GapRow]


class Satisfaction(Record):
    points: list[Point]
    lowest: Estimate
    run_start: Estimate
    last: Estimate
    steps: Value
    steps_clear: Value
    trend: Trend
    missing_years: Value
    ambiguous: Estimate | None
    run_start_reading: RunStart  # whether the sources disagree about the figure the run of rises starts from

    def run_start_sentence(self, where: object) -> Value:
        """Said where the run is stated; ``where`` is the reference to the table that gives the accounts."""
        return say(self.run_start_reading, [self.run_start.value], year=self.run_start.year, where=where)


class Discrimination(Record):
    points: list[Point]
    first: Estimate
    last: Estimate
    trend: Trend
    changes: list[Change]
    fell_years: Value
    rose_years: Value
    unclear_years: Value
    by_threshold: Value  # the years whose change was read by the threshold: a round without its n, no test
    fragile: Fragile
    fragile_years: Value
    design_effect: Value
    missing_years: Value

    def fragile_sentence(self) -> Value:
        return say(self.fragile, [self.fragile_years], deff=self.design_effect, years=self.fragile_years)


class NkdbVsHana(Record):
    """NKDB's unemployment rates beside Hana's for the same years, and the largest difference."""

    unemployment: list[Point]
    comparisons: list[Comparison]
    years: Value
    big_year: Value
    big_nkdb: Estimate
    big_hana: Estimate
    big_nkdb_active: Value
    big_hana_active: Value
    big_difference: Value
    big_times: Value
    overlap: Overlap
    level_pct: Value
    composition: Value | None
    composition_span: str
    max_year: Value
    max_diff: Value
    min_year: Value
    min_diff: Value
    both_interval_years: Value
    non_overlap_count: Value
    non_overlap_years: Value
    participation: dict[int, Point]
    participation_derived: dict[int, float]
    printed_counts: list[dict]
    n: dict[int, str]

    def overlap_sentence(self) -> Value:
        a, b = self.big_nkdb, self.big_hana
        return say(
            self.overlap,
            [a.value, b.value],
            level=self.level_pct,
            a_lower=a.lower,
            a_upper=a.upper,
            b_lower=b.lower,
            b_upper=b.upper,
        )


class CitedFigures(Record):
    """The NKDB 2023 figures the article cites, and where the same numbers appear as other quantities."""

    figures: dict[str, Cited]
    count: Value
    coincide_count: Value  # how many of them appear elsewhere in the survey data
    hana_2023_satisfied: Value


class SurveysFindings(Findings):
    SECTION = "surveys"

    level: float
    vintage_rule: str
    method: Method
    samples: Samples
    work: Work
    by_sex: BySex
    pay: Pay
    satisfaction: Satisfaction
    discrimination: Discrimination
    nkdb: NkdbVsHana
    cited: CitedFigures
    verdicts: dict[str, Verdict]
    robustness: HeadlineRobustness  # every change the summary reports holds with the design effect, or not
    robustness_lost: Value  # the measures whose reported change is lost with the design effect

    def robustness_sentence(self) -> Value:
        trends = [self.work.trend, self.satisfaction.trend, self.discrimination.trend]
        return say(self.robustness, [t.after for t in trends], lost=self.robustness_lost)


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


def _row_value(r, fmt: str = ".1f") -> Value:
    """A processed survey row (a namedtuple) as a Value."""
    return Value.of(
        float(r.value),
        fmt,
        rows=[f"surveys/row_id={r.row_id}"],
        raw=[f"{sv.RAW_NAMES[r.source]}/{r.row_id}"],
        sources=[r.source_id],
    )


def _nullable(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def _points(s: pd.DataFrame, hollow=()) -> list[Point]:
    out = []
    for y, r in s.iterrows():
        note = str(r.get("note") or "")
        conflict = note.removeprefix("CONFLICT:").strip() if r.get("flag") == "conflict" else ""
        out.append(
            Point(
                year=int(y),
                value=float(r["value"]),
                n=_nullable(r.get("base")),
                lower=_nullable(r.get("lower")),
                upper=_nullable(r.get("upper")),
                hollow=int(y) in hollow,
                conflict=conflict,
            )
        )
    return out


def _num(v: float | None, fmt: str = ".1f", based_on: list | None = None, method: str = "") -> Value:
    return Value.derived(_nullable(v), fmt, based_on or [], method=method)


def _year(year: int | None, based_on: list) -> Value:
    """A survey year as prose shows it, with the provenance of the figures it is the year of."""
    return Value.derived(year, "d", based_on, method="survey year of the figures")


def _years(years, based_on: list, last: str = "and") -> Value:
    """A selection of survey years as prose lists them ('2012, 2014 and 2016'; 'no year' for none)."""
    return Value.listing([int(y) for y in years], of="survey years", based_on=based_on, empty="no year", last=last)


def _count(n: int, based_on: list | None = None, zero: str = "none") -> Value:
    """A small count as prose writes it ('five'; ``zero`` for none)."""
    return Value.derived(n, "d", based_on or [], method="count", text=count_word(n) if n else zero)


def _level_pct(level: float) -> Value:
    """The confidence level as prose names it: '95%', '99.99999%' (never rounded up to '100%')."""
    return Value.parameter("confidence_level", level, text=percent(level))


def _p_value(p: float | None, based_on: list[Value]) -> Value:
    """A p-value as prose shows it, with its relation ('p < 0.001', 'p = 0.030': ``wording.p_value``)."""
    if p is None or pd.isna(p):
        return Value.derived(None, "", based_on, method="two-proportion test (no n: no test)")
    return Value.derived(
        float(p), "", based_on, method="two-proportion test, two-sided", text=wording.p_value(float(p))
    )


def _estimate(data: pd.DataFrame, s: pd.DataFrame, year: int, indicator: str, n: Value | None = None) -> Estimate:
    """A Hana figure of ``with_intervals`` frame ``s`` with its interval (where its n is known)."""
    v = value_of(data, "hana", year, indicator)
    lower = upper = None
    if year in s.index and not pd.isna(s.at[year, "lower"]):
        based = [v, n]
        lower = _num(s.at[year, "lower"], based_on=based, method="Wilson interval, lower")
        upper = _num(s.at[year, "upper"], based_on=based, method="Wilson interval, upper")
    return Estimate(year=_year(year, [v]), value=v, n=n, lower=lower, upper=upper)


def _trend(subject: Literal["the rate", "the share"], before: Value, after: Value, y0: int, y1: int, t: dict) -> Trend:
    """A Trend record from ``sv.change_test``'s result ``t``."""
    tested = t["basis"] == "test"
    reading = {
        (sv.ROSE, True): TrendReading.ROSE_TEST,
        (sv.FELL, True): TrendReading.FELL_TEST,
        (sv.NO_CLEAR_CHANGE, True): TrendReading.UNCLEAR_TEST,
        (sv.ROSE, False): TrendReading.ROSE_NO_TEST,
        (sv.FELL, False): TrendReading.FELL_NO_TEST,
        (sv.NO_CLEAR_CHANGE, False): TrendReading.UNCLEAR_NO_TEST,
    }[(t["word"], tested)]
    return Trend(
        subject=subject,
        start=_year(y0, [before]),
        end=_year(y1, [after]),
        before=before,
        after=after,
        reading=reading,
        p=_p_value(t["p_value"], [before, after]),
        robustness=Robustness.HOLDS if t["word"] == t["word_deff"] else Robustness.LOST,
        threshold=Value.of(sv.CHANGE_THRESHOLD_PP, "g"),
    )


def _test(s: pd.DataFrame, y0: int, y1: int, level: float) -> dict:
    return sv.change_test(float(s.at[y0, "value"]), float(s.at[y1, "value"]), s.at[y0, "base"], s.at[y1, "base"], level)


SHARE_DECIMALS = 1  # a survey percentage and its interval as the report prints them; the verdict reads them so


def share_verdict(
    claim_id: str,
    claimed: float,
    estimate: Value | None,
    lower: float | None,
    upper: float | None,
    tolerance_pp: float,
    caveat: str = "",
    question: str = "this question",
    year: int = 2023,
    claim: Value | None = None,
) -> Verdict:
    """The verdict on a claimed survey percentage against the survey figure for the same question.

    The rule of "around double" (Section 4), applied to a share: supported when the estimate and its whole
    interval lie within ``tolerance_pp`` points of the claim; with caveats when the estimate does but its
    interval reaches further; not supported when the estimate lies further, however wide its interval.
    Without a published n there is no interval, and the point alone decides. A stated specific ``caveat`` (a
    conflicting source, another question) turns 'supported' into 'with caveats'. No figure for the question:
    cannot be checked.
    """
    rule = (
        f"as for 'around double', on two tests: the survey's figure lies within {tolerance_pp:g} points of the "
        f"claim, and so does its whole interval; {rules.AROUND_RULE}; with caveats too if another source "
        "disagrees; cannot be checked without the survey's figure"
    )
    if estimate is None or estimate.value is None:
        reason = say(ShareReading.NOT_FOUND, [claim] if claim else [], year=year, question=question)
        return Verdict(claim_id=claim_id, category=Category.CANNOT_CHECK, rule=rule, reason=reason, evidence=[])
    point = float(estimate.value)
    lo = point if lower is None or pd.isna(lower) else float(lower)
    hi = point if upper is None or pd.isna(upper) else float(upper)
    low, high = claimed - tolerance_pp, claimed + tolerance_pp
    level = rules.in_band(point, low, high, SHARE_DECIMALS)
    # without an interval (no published n) the point alone decides
    whole = rules.in_band(lo, low, high, SHARE_DECIMALS) and rules.in_band(hi, low, high, SHARE_DECIMALS)
    tests = rules.around(level, whole if lo < hi else level)
    reading, category = SHARE_READING[tests], Category(rules.AROUND[tests])
    if caveat and tests is rules.Around.BOTH:  # a stated caveat qualifies a figure that passes both tests
        reading, category = ShareReading.WITHIN_CAVEAT, Category.CAVEATS
    reason = say(
        reading,
        [estimate],
        point=f"{point:.{SHARE_DECIMALS}f}",
        lower=f"{lo:.{SHARE_DECIMALS}f}",
        upper=f"{hi:.{SHARE_DECIMALS}f}",
        tolerance=f"{tolerance_pp:g}",
        claimed=f"{claimed:g}",
        caveat=caveat,
    )
    return Verdict(claim_id=claim_id, category=category, rule=rule, reason=reason, evidence=[estimate])


# ------------------------------------------------------------------------------------------ builders
def build_samples(data: pd.DataFrame) -> Samples:
    """Each Hana round's n by the one definition (completed interviews), and how it was obtained."""
    table = sv.completed_n(data, "hana")
    sizes = []
    for y, r in table.iterrows():
        year_rows = data[(data["source"] == "hana") & (data["survey_year"] == y) & (data["group"] == sv.ESCAPEES)]
        d = year_rows[year_rows["indicator"].isin(sv.DESIGN) | (year_rows["sample_size"] == r["printed"])]
        sizes.append(
            SampleSize(
                year=int(y),
                n=Value.of(
                    float(r["n"]),
                    ",.0f",
                    method=f"n of the {y} round: {r['basis']}",
                    rows=[f"surveys/row_id={i}" for i in d["row_id"]],
                    raw=[f"survey_hana/{i}" for i in d["row_id"]],
                    sources=list(d["source_id"]),
                ),
                basis=r["basis"],
                flagged=bool(r["flagged"]),
                printed=_nullable(r["printed"]),
                drawn=_nullable(r["drawn"]),
                response_rate=_nullable(r["response_rate"]),
            )
        )

    def years(selected: list[SampleSize]) -> Value:
        return _years([s.year for s in selected], [s.n for s in selected])

    drawn = [s for s in sizes if s.basis == sv.N_DRAWN]
    return Samples(
        sizes=sizes,
        published_years=years([s for s in sizes if s.basis == sv.N_PUBLISHED]),
        from_rate_years=years([s for s in sizes if s.basis == sv.N_FROM_RATE]),
        drawn_only=DrawnOnly.SOME if drawn else DrawnOnly.NONE,
        drawn_only_years=years(drawn),
        changed_years=years([s for s in sizes if s.printed is not None and s.printed != float(s.n.value)]),
        census_like=sv.census_like({s.year: float(s.n.value) for s in sizes}),
        census_min_n=sv.CENSUS_LIKE_MIN_N,
        released={int(y): v for y, v in sv.releases(data, "hana", SHOWN).items()},
    )


def build_method(data: pd.DataFrame, level: float, samples: Samples) -> Method:
    """The level, an example Wilson interval (the latest satisfaction figure), the design effect."""
    sat = sv.with_intervals(data, "hana", sv.SATISFACTION, level)
    dis = sv.with_intervals(data, "hana", sv.DISCRIMINATION, level)
    year = int(sat.dropna(subset=["base"]).index.max())
    n = {s.year: s.n for s in samples.sizes}
    no_n = sorted({int(y) for s in (sat, dis) for y in s.index[s["base"].isna()]})
    return Method(
        level_pct=_level_pct(level),
        z=Value.of(
            stats.z_for_level(level),
            ".3f",
            method="normal quantile of the confidence level",
            params=["confidence_level"],
        ),
        alpha=Value.parameter("confidence_level", 1 - level, ".3g"),
        example=_estimate(data, sat, year, sv.SATISFACTION, n[year]),
        design_effect=Value.of(sv.DESIGN_EFFECT, "g"),
        design_widening=Value.of(math.sqrt(sv.DESIGN_EFFECT), ".2f"),
        full_enumeration_rounds=_years(sv.FULL_ENUMERATION_ROUNDS, []),
        no_n_years=_years(
            no_n,
            [value_of(data, "hana", y, ind) for y in no_n for ind in WELLBEING],
        ),
        threshold_pp=Value.of(sv.CHANGE_THRESHOLD_PP, "g"),
    )


def _latest_gap(data: pd.DataFrame, gaps: pd.DataFrame, ind: str) -> Gap:
    """The latest year's gap for one measure: computed from the two rates where both were published."""
    y = int(gaps.index.max())
    r = gaps.loc[y]
    computed = not pd.isna(r["computed_pp"])
    gap = float(r["computed_pp"] if computed else r["stated_pp"])
    inputs = [value_of(data, "hana", y, ind), value_of(data, "hana", y, ind, sv.COMPARATOR)]
    if not computed:
        inputs.append(value_of(data, "hana", y, sv.STATED_GAP_INDICATORS[ind]))
    direction = "SAME" if abs(gap) < 0.05 else "BELOW" if gap < 0 else "ABOVE"
    rate = value_of(data, "hana", y, ind)
    return Gap(
        measure=GAP_LABELS[ind],
        year=_year(y, [rate]),
        rate=rate,
        size=_num(abs(gap), based_on=inputs, method=f"gap in {y}, escapees minus general population"),
        reading=GapReading[direction],
        stated=not computed,
    )


def gap_basis(gaps: list[Gap]) -> GapBasis:
    """How the latest gaps are known: every one as a release stated it, every one computed, or some of each."""
    stated = sum(g.stated for g in gaps)
    return GapBasis.ALL_STATED if stated == len(gaps) else GapBasis.ALL_COMPUTED if not stated else GapBasis.MIXED


def _gap_rows(gaps: dict[str, pd.DataFrame], caution: pd.DataFrame) -> list[GapRow]:
    rows = []
    for ind in sv.LABOUR:
        for y, r in gaps[ind].iterrows():
            rows.append(
                GapRow(
                    measure=GAP_LABELS[ind],
                    year=int(y),
                    escapees=_nullable(r["escapees"]),
                    general=_nullable(r["general"]),
                    computed=None if pd.isna(r["computed_pp"]) else round(float(r["computed_pp"]), 10),
                    stated=_nullable(r["stated_pp"]),
                    stated_source="" if pd.isna(r["stated_source"]) else str(r["stated_source"]),
                    unit="points",
                    caveat="the stated gap and the one computed from the rates differ (sources disagree)"
                    if r["conflict"]
                    else "",
                )
            )
    for r in caution.itertuples():
        rows.append(
            GapRow(
                measure=GAP_LABELS[sv.EMPLOYMENT],
                year=int(r.survey_year),
                escapees=None,
                general=float(r.value),
                computed=None,
                stated=None,
                stated_source="",
                unit="points",
                caveat="comparator probably for ages 15-64, not comparable: no gap computed",
            )
        )
    return rows


def _work_caveats(data: pd.DataFrame, eg: pd.DataFrame, caution: pd.DataFrame) -> tuple[Caveat, Caveat]:
    """The comparator kept out of arithmetic, and the first year whose stated gap disagrees with the rates."""
    c = next(caution.itertuples())
    general = _row_value(c)
    not_comparable = Caveat(year=_year(int(c.survey_year), [general]), general=general)
    conflicts = eg[eg["conflict"] & eg["computed_pp"].notna() & eg["stated_pp"].notna()]
    y = int(conflicts.index.min())
    esc, gen = value_of(data, "hana", y, sv.EMPLOYMENT), value_of(data, "hana", y, sv.EMPLOYMENT, sv.COMPARATOR)
    stated = value_of(data, "hana", y, sv.STATED_GAP_INDICATORS[sv.EMPLOYMENT])
    disagreeing = Caveat(
        year=_year(y, [esc, gen, stated]),
        escapees=esc,
        general=gen,
        computed=_num(abs(eg.at[y, "computed_pp"]), based_on=[esc, gen], method="gap from the two rates"),
        stated=_num(abs(eg.at[y, "stated_pp"]), based_on=[stated], method="gap as stated in a later release"),
    )
    return not_comparable, disagreeing


def build_work(data: pd.DataFrame, level: float) -> Work:
    """Employment, unemployment and participation: the latest gaps, the trend, the caveats."""
    hana = {ind: sv.with_intervals(data, "hana", ind, level) for ind in sv.LABOUR}
    gaps = {ind: sv.all_gaps(data, "hana", ind) for ind in sv.LABOUR}
    caution = data[(data["source"] == "hana") & (data["flag"] == "caution") & data["indicator"].isin(sv.LABOUR)]
    caution_years = set(caution["survey_year"].astype(int))
    emp, eg = hana[sv.EMPLOYMENT], gaps[sv.EMPLOYMENT]
    both = eg[eg["computed_pp"].notna()]

    def hv(y: int, group: str = sv.ESCAPEES) -> Value | None:
        return value_of(data, "hana", y, sv.EMPLOYMENT, group)

    pilot, full_first = sv.pilot_rounds(both.index)[0], sv.first_full_round(both.index)
    start, end = sv.first_full_round(emp.index), int(emp.index.max())
    stated_only = sum(int((g["computed_pp"].isna() & g["stated_pp"].notna()).sum()) for g in gaps.values())
    stated_rows = [
        value_of(data, "hana", int(y), sv.STATED_GAP_INDICATORS[ind])
        for ind, g in gaps.items()
        for y in g.index[g["computed_pp"].isna() & g["stated_pp"].notna()]
    ]
    lfg = gaps[sv.PARTICIPATION]
    above = [int(y) for y in lfg.index[lfg["computed_pp"].fillna(lfg["stated_pp"]) > 0]]
    not_comparable, disagreeing = _work_caveats(data, eg, caution)
    general = {ind: sv.series(data, "hana", ind, sv.COMPARATOR)["value"] for ind in sv.LABOUR}
    latest = {
        sv.EMPLOYMENT: _latest_gap(data, eg, sv.EMPLOYMENT),
        sv.UNEMPLOYMENT: _latest_gap(data, gaps[sv.UNEMPLOYMENT], sv.UNEMPLOYMENT),
        sv.PARTICIPATION: _latest_gap(data, lfg, sv.PARTICIPATION),
    }
    return Work(
        employment_points=_points(emp),
        unemployment_points=_points(hana[sv.UNEMPLOYMENT]),
        participation_points=_points(hana[sv.PARTICIPATION]),
        general={
            ind: [Point(year=int(y), value=float(v)) for y, v in s.items() if int(y) not in caution_years]
            for ind, s in general.items()
        },
        gaps=_gap_rows(gaps, caution),
        employment=latest[sv.EMPLOYMENT],
        unemployment=latest[sv.UNEMPLOYMENT],
        participation=latest[sv.PARTICIPATION],
        both_rates_years=_years(both.index, [hv(y, sv.COMPARATOR) for y in both.index]),
        pilot=Estimate(year=_year(pilot, [hv(pilot)]), value=hv(pilot)),
        pilot_gap=_num(
            abs(both.at[pilot, "computed_pp"]), based_on=[hv(pilot), hv(pilot, sv.COMPARATOR)], method="gap"
        ),
        full_first_year=_year(full_first, [hv(full_first)]),
        full_first_gap=_num(
            abs(both.at[full_first, "computed_pp"]),
            based_on=[hv(full_first), hv(full_first, sv.COMPARATOR)],
            method="gap",
        ),
        trend=_trend("the rate", hv(start), hv(end), start, end, _test(emp, start, end, level)),
        gap_basis=gap_basis([latest[ind] for ind in sv.LABOUR]),
        stated_only_count=_count(stated_only, stated_rows),
        participation_above_years=_years(
            above,
            [value_of(data, "hana", y, sv.PARTICIPATION, g) for y in above for g in (sv.ESCAPEES, sv.COMPARATOR)],
        ),
        not_comparable=not_comparable,
        disagreeing=disagreeing,
    )


def _sex_row(survey: str, year: int, measure: str, values: dict, comparator: str, fmt: str = "") -> SexRow | None:
    men, women = values.get("defectors_men"), values.get("defectors_women")
    if men is None or women is None:
        return None
    if fmt:
        men, women = (Value.derived(v.value, fmt, [v], method=v.method) for v in (men, women))
    return SexRow(
        survey=survey,
        year=year,
        measure=measure,
        men=men,
        women=women,
        overall=values.get(sv.ESCAPEES),
        comparator=comparator,
    )


def build_by_sex(data: pd.DataFrame) -> BySex:
    """Labour-market figures by sex beside the overall ones, where a release published them."""

    def by_sex(source: str, year: int, indicator: str) -> dict[str, Value | None]:
        return {g: value_of(data, source, year, indicator, g) for g in (*SEXES, sv.ESCAPEES)}

    ratio = by_sex("hana", SEX_WAGE_YEAR, "wage_ratio_to_general_public")
    un = by_sex("hana", SEX_UNEMPLOYMENT_YEAR, sv.UNEMPLOYMENT)
    none = "none by sex published"
    rows = [
        _sex_row(
            "hana",
            SEX_WAGE_YEAR,
            "average wage, % of the general population's of the same sex",
            ratio,
            "general-population men and women",
        ),
        _sex_row("hana", SEX_UNEMPLOYMENT_YEAR, "unemployment rate, %", un, none),
        *(
            _sex_row("hana", y, "average monthly wage, won", by_sex("hana", y, sv.WAGE), none, ",.0f")
            for y in SEX_WAGE_YEARS
        ),
    ]
    nkdb_years = data.loc[(data["source"] == "nkdb") & (data["group"] == "defectors_men"), "survey_year"].dropna()
    rows += [
        _sex_row("nkdb", int(y), "participation rate, %", by_sex("nkdb", int(y), sv.PARTICIPATION), none)
        for y in sorted(set(nkdb_years))
    ]
    men, women, overall = (float(ratio[g].value) for g in (*SEXES, sv.ESCAPEES))
    reading = (
        SexWageReading.EACH_HIGHER
        if min(men, women) > overall
        else SexWageReading.EACH_LOWER
        if max(men, women) < overall
        else SexWageReading.BETWEEN
    )
    women_active = value_of(data, "hana", WOMEN_ACTIVE_YEAR, "women_share_of_econ_active")
    return BySex(
        rows=[r for r in rows if r is not None],
        women_share_active=women_active,
        women_share_active_year=_year(WOMEN_ACTIVE_YEAR, [women_active]),
        wage_year=_year(SEX_WAGE_YEAR, list(ratio.values())),
        wage_men=ratio["defectors_men"],
        wage_women=ratio["defectors_women"],
        wage_overall=ratio[sv.ESCAPEES],
        wage_reading=reading,
        unemployment_year=_year(SEX_UNEMPLOYMENT_YEAR, list(un.values())),
        unemployment_men=un["defectors_men"],
        unemployment_women=un["defectors_women"],
        unemployment_overall=un[sv.ESCAPEES],
    )


def _wage_points(data: pd.DataFrame, wages: pd.DataFrame) -> list[GapRow]:
    """Every year with a wage comparison: computed from the two wages, stated as a ratio or a gap, or both."""
    stated = data[
        sv.usable(data)
        & (data["source"] == "hana")
        & (data["group"] == sv.ESCAPEES)
        & data["indicator"].isin(["wage_gap_vs_general_public", "wage_ratio_to_general_public"])
    ]
    points = []
    for y in sorted(set(wages.index) | set(stated["survey_year"].astype(int))):
        g = stated[stated["survey_year"] == y]
        ratio = g[g["indicator"] == "wage_ratio_to_general_public"]["value"]
        gap = g[g["indicator"] == "wage_gap_vs_general_public"]["value"]
        known = y in wages.index
        points.append(
            GapRow(
                measure="wage",
                year=int(y),
                escapees=float(wages.at[y, "escapees"]) if known else None,
                general=float(wages.at[y, "general"]) if known else None,
                computed=round(float(wages.at[y, "ratio_pct"]), 10) if known else None,
                stated=float(ratio.iloc[0]) if len(ratio) else None,
                stated_source=", ".join(g["source_id"]),
                unit="% of the general population's wage",
                caveat=(f"stated gap {gap.iloc[0]:,.0f} won" if len(gap) else "")
                + (
                    "; it differs from the two published wages (sources disagree)"
                    if (g["flag"] == "conflict").any()
                    else ""
                ),
            )
        )
    return points


def build_pay(data: pd.DataFrame) -> Pay:
    """Escapee wage workers' wage against the general population's: first and last year with both wages."""
    wages = sv.wage_comparison(data, "hana")
    first, last = int(wages.index.min()), int(wages.index.max())

    def wage(y: int, general: bool) -> Value:
        if not general:
            return value_of(data, "hana", y, sv.WAGE, WAGE_WORKERS, fmt=",.0f", unit="KRW")
        g = data[
            sv.usable(data)
            & (data["source"] == "hana")
            & (data["survey_year"] == y)
            & (data["indicator"] == sv.WAGE)
            & data["group"].str.startswith(sv.COMPARATOR)
        ].iloc[0]
        return value_of(data, "hana", y, sv.WAGE, g["group"], fmt=",.0f", unit="KRW")

    def ratio(y: int) -> Value:
        return _num(
            wages.at[y, "ratio_pct"],
            based_on=[wage(y, False), wage(y, True)],
            method="escapee wage / general wage x 100",
        )

    return Pay(
        first_year=_year(first, [wage(first, False)]),
        first_ratio=ratio(first),
        first_escapees=wage(first, False),
        first_general=wage(first, True),
        last_year=_year(last, [wage(last, False)]),
        last_ratio=ratio(last),
        last_escapees=wage(last, False),
        last_general=wage(last, True),
        last_gap=_num(
            wages.at[last, "gap_krw"], ",.0f", [wage(last, False), wage(last, True)], "general wage minus escapee wage"
        ),
        years_count=_count(len(wages), [wage(int(y), False) for y in wages.index]),
        years=_years(wages.index, [wage(int(y), g) for y in wages.index for g in (False, True)]),
        points=_wage_points(data, wages),
    )


def _missing(s: pd.DataFrame, values: list[Value]) -> Value:
    years = [y for y in range(int(s.index.min()), int(s.index.max()) + 1) if y not in s.index]
    return _years(years, values, last="or")


def build_satisfaction(data: pd.DataFrame, level: float, samples: Samples) -> Satisfaction:
    """Life satisfaction: its lowest, the run of rises up to the latest, and the test of that run."""
    sat = sv.with_intervals(data, "hana", sv.SATISFACTION, level)
    with_n = sat.dropna(subset=["base"])
    n = {s.year: s.n for s in samples.sizes}
    last = int(with_n.index.max())
    rises = with_n["value"].diff() > 0
    start = last if not rises.iloc[-1] else int(rises[~rises].index.max())
    steps = sv.round_changes(with_n.loc[start:], level)
    clear = int((steps["word"] != sv.NO_CLEAR_CHANGE).sum())
    ambiguous = [int(y) for y in sat.index[sat["flag"] == "ambiguous_year"]]
    lowest = int(sat["value"].idxmin())
    values = [value_of(data, "hana", int(y), sv.SATISFACTION) for y in sat.index]

    def est(y: int) -> Estimate:
        return _estimate(data, sat, y, sv.SATISFACTION, n.get(y))

    return Satisfaction(
        points=_points(sat, hollow=set(ambiguous)),
        lowest=est(lowest),
        run_start=est(start),
        last=est(last),
        steps=_count(len(steps), values),
        steps_clear=_count(clear, values),
        trend=_trend("the share", est(start).value, est(last).value, start, last, _test(with_n, start, last, level)),
        missing_years=_missing(sat, values),
        ambiguous=est(ambiguous[0]) if ambiguous else None,
        run_start_reading=RunStart.DISPUTED if _disputed(sat, start) else RunStart.UNDISPUTED,
    )


def _disputed(s: pd.DataFrame, year: int) -> bool:
    """Whether the sources disagree about the figure of ``year`` in a ``with_intervals`` frame (its point's
    ``conflict``, as :func:`_points` reads it)."""
    return any(p.year == year and p.conflict for p in _points(s.loc[[year]]))


def _changes(ch: pd.DataFrame) -> list[Change]:
    return [
        Change.from_row(
            r,
            year=int(y),
            previous=int(r.previous),
            p_value=_nullable(r.p_value),
            p_value_deff=_nullable(r.p_value_deff),
        )
        for y, r in ch.iterrows()
    ]


def build_discrimination(data: pd.DataFrame, level: float, samples: Samples) -> Discrimination:
    """Discrimination or disregard in the past year: first to latest, and round to round."""
    dis = sv.with_intervals(data, "hana", sv.DISCRIMINATION, level)
    n = {s.year: s.n for s in samples.sizes}
    first, last = int(dis.index.min()), int(dis.dropna(subset=["base"]).index.max())
    changes = _changes(sv.round_changes(dis, level))
    values = [value_of(data, "hana", int(y), sv.DISCRIMINATION) for y in dis.index]

    def years(word: str) -> Value:
        return _years([c.year for c in changes if c.word == word], values)

    lost = [c.year for c in changes if c.word != sv.NO_CLEAR_CHANGE and c.word_deff == sv.NO_CLEAR_CHANGE]
    est = {y: _estimate(data, dis, y, sv.DISCRIMINATION, n.get(y)) for y in (first, last)}
    return Discrimination(
        points=_points(dis),
        first=est[first],
        last=est[last],
        trend=_trend("the share", est[first].value, est[last].value, first, last, _test(dis, first, last, level)),
        changes=changes,
        fell_years=years(sv.FELL),
        rose_years=years(sv.ROSE),
        unclear_years=years(sv.NO_CLEAR_CHANGE),
        by_threshold=_years([c.year for c in changes if c.p_value is None], values),
        fragile=Fragile.SOME_LOST if lost else Fragile.ALL_HOLD,
        fragile_years=_years(lost, values),
        design_effect=Value.of(sv.DESIGN_EFFECT, "g"),
        missing_years=_missing(dis, values),
    )


def _comparisons(data: pd.DataFrame, level: float) -> list[Comparison]:
    out = []
    for y, r in sv.compare_surveys(data, sv.UNEMPLOYMENT, level).iterrows():
        both_ci = not any(pd.isna(r[k]) for k in ("lower_nkdb", "upper_nkdb", "lower_hana", "upper_hana"))
        overlap = bool(r["lower_nkdb"] <= r["upper_hana"] and r["lower_hana"] <= r["upper_nkdb"]) if both_ci else None

        def pt(suffix: str, y=y, r=r) -> Point:
            return Point(
                year=int(y),
                value=float(r[f"value_{suffix}"]),
                **{
                    k: _nullable(r[f"{c}_{suffix}"]) for k, c in (("n", "base"), ("lower", "lower"), ("upper", "upper"))
                },
            )

        out.append(
            Comparison(
                year=int(y),
                nkdb=pt("nkdb"),
                hana=pt("hana"),
                difference_pp=float(r["difference_pp"]),
                intervals_overlap=overlap,
            )
        )
    return out


def _comparison_estimate(value: Value, p: Point, n: Value | None) -> Estimate:
    bounds = {
        k: None if getattr(p, k) is None else _num(getattr(p, k), based_on=[value, n], method=f"Wilson interval, {k}")
        for k in ("lower", "upper")
    }
    return Estimate(year=_year(p.year, [value]), value=value, n=n, **bounds)


def _printed_counts(data: pd.DataFrame) -> list[dict]:
    """NKDB participation rates printed with a count ('240명(62.8%)'): the count and the n beside the rate."""
    printed = data[
        (data["source"] == "nkdb")
        & (data["indicator"] == sv.PARTICIPATION)
        & (data["group"] == sv.ESCAPEES)
        & data["note"].fillna("").str.contains("명")
    ]
    return [
        {
            "year": int(r.survey_year),
            "value": float(r.value),
            "count": sv.number_in_note(r.note, sv.PRINTED_COUNT),
            "n": int(r.sample_size),
        }
        for r in printed.itertuples()
    ]


def _composition(data: pd.DataFrame, year: int) -> tuple[Value | None, str]:
    """The share of NKDB's respondents of ``year`` who arrived in the years its sample favoured."""
    comp = data[
        sv.usable(data)
        & (data["source"] == "nkdb")
        & (data["survey_year"] == year)
        & data["indicator"].str.startswith("sample_composition_arrived_")
    ]
    if comp.empty:
        return None, ""
    c = next(comp.itertuples())
    return _row_value(c), c.indicator.removeprefix("sample_composition_arrived_").replace("_", "-")


def build_nkdb(data: pd.DataFrame, level: float, samples: Samples) -> NkdbVsHana:
    """NKDB's unemployment beside Hana's: the largest difference, its sign, and the intervals."""
    comparisons = _comparisons(data, level)
    big = max(comparisons, key=lambda c: abs(c.difference_pp))
    hi, lo = max(comparisons, key=lambda c: c.difference_pp), min(comparisons, key=lambda c: c.difference_pp)
    with_ci = [c for c in comparisons if c.intervals_overlap is not None]
    apart = [c.year for c in with_ci if not c.intervals_overlap]

    def pair(year: int) -> list[Value]:
        return [v for s in ("nkdb", "hana") if (v := value_of(data, s, year, sv.UNEMPLOYMENT)) is not None]

    def diff(c: Comparison) -> Value:
        text = f"{c.difference_pp:+.1f}".replace("-", "−")
        return Value.derived(c.difference_pp, "+.1f", pair(c.year), method="NKDB minus Hana", text=text)

    nk_n = sv.completed_n(data, "nkdb")
    nk_part = sv.participation(data, "nkdb")
    nk_inputs = [value_of(data, "nkdb", big.year, ind) for ind in (sv.PARTICIPATION, sv.INACTIVE)]
    nk_v, h_v = pair(big.year)
    hana_n = {s.year: s.n for s in samples.sizes}.get(big.year)
    nk_resp = _num(nk_n.at[big.year, "n"] if big.year in nk_n.index else None, ",.0f", [nk_v])
    composition, span = _composition(data, big.year)
    return NkdbVsHana(
        unemployment=_points(sv.with_intervals(data, "nkdb", sv.UNEMPLOYMENT, level)),
        comparisons=comparisons,
        years=_years([c.year for c in comparisons], [v for c in comparisons for v in pair(c.year)]),
        big_year=_year(big.year, [nk_v, h_v]),
        big_nkdb=_comparison_estimate(nk_v, big.nkdb, nk_resp),
        big_hana=_comparison_estimate(h_v, big.hana, hana_n),
        big_nkdb_active=_num(big.nkdb.n, ",.0f", nk_inputs + [nk_resp], "respondents x participation rate"),
        big_hana_active=_num(
            big.hana.n, ",.0f", [value_of(data, "hana", big.year, sv.PARTICIPATION), hana_n], "n x participation rate"
        ),
        big_difference=_num(big.difference_pp, ".1f", [nk_v, h_v], "NKDB minus Hana"),
        big_times=_num(big.nkdb.value / big.hana.value, ".1f", [nk_v, h_v], "NKDB / Hana"),
        overlap={True: Overlap.OVERLAP, False: Overlap.APART, None: Overlap.UNKNOWN}[big.intervals_overlap],
        level_pct=_level_pct(level),
        composition=composition,
        composition_span=span,
        max_year=_year(hi.year, pair(hi.year)),
        max_diff=diff(hi),
        min_year=_year(lo.year, pair(lo.year)),
        min_diff=diff(lo),
        both_interval_years=_count(len(with_ci), [v for c in with_ci for v in pair(c.year)]),
        non_overlap_count=_count(len(apart), [v for y in apart for v in pair(y)]),
        non_overlap_years=_years(apart, [v for y in apart for v in pair(y)]),
        participation={int(y): Point(year=int(y), value=float(r["value"])) for y, r in nk_part.iterrows()},
        participation_derived={int(y): float(r["inactive"]) for y, r in nk_part[nk_part["derived"]].iterrows()},
        printed_counts=_printed_counts(data),
        n={int(y): f"{r['n']:,.0f}" for y, r in nk_n.iterrows()},
    )


def _coincidences(data: pd.DataFrame, cited: float, publishers: dict[str, str]) -> list[Coincidence]:
    """Where the cited number appears in the survey data as another quantity: a published figure, or the
    share of NKDB's respondents who were re-interviewed panel members (from its sample description)."""
    out = []
    for h in sv.find_value(data, cited).itertuples():
        named = not pd.isna(h.survey_year)
        out.append(
            Coincidence(
                kind="survey figure",
                survey=sv.SOURCE_NAMES[h.source] if named else "",
                year=int(h.survey_year) if named else None,
                reported_by="" if named else publishers.get(h.source_id, h.source_id),
                indicator=sv.indicator_label(h.indicator),
                group=sv.group_label(h.group),
                value=_row_value(h),
            )
        )
    for y, p in sv.panel_shares(data).iterrows():
        if sv.same_as_cited(p["share_pct"], cited):
            row = Value.of(
                p["share_pct"],
                ".1f",
                method=f"re-interviewed panel members / respondents ({p['panel']} / {p['n']})",
                rows=[f"surveys/row_id={p['row_id']}"],
                raw=[f"survey_nkdb/{p['row_id']}"],
                sources=[p["source_id"]],
            )
            out.append(
                Coincidence(
                    kind="panel share",
                    survey="NKDB",
                    year=int(y),
                    reported_by="",
                    indicator="share of respondents who were re-interviewed members of its standing panel",
                    group="all respondents",
                    panel=int(p["panel"]),
                    n=int(p["n"]),
                    value=row,
                )
            )
    return out


def build_cited(data: pd.DataFrame, claims: pd.DataFrame, sources: pd.DataFrame) -> CitedFigures:
    """The NKDB 2023 figures the article cites (none found), and the same numbers elsewhere."""
    publishers = {
        r.source_id: f"{r.publisher.replace(' (English)', '')}, {r.date_published[:4]}"
        if r.date_published
        else r.publisher
        for r in sources.itertuples()
    }
    figures = {}
    for r in sv.cited_not_found(claims).itertuples():
        claimed = Value.of(
            float(r.claimed_value),
            "g",
            unit="%",
            sources=[r.source_id],
            rows=[f"claims/{r.claim_id}"],
            raw=[f"article_claims/{r.claim_id}"],
            method="as cited by the article",
        )
        figures[r.claim_id] = Cited(
            claim_id=r.claim_id,
            quote=r.quote,
            claimed=claimed,
            coincidences=_coincidences(data, float(r.claimed_value), publishers),
        )
    claimed = [c.claimed for c in figures.values()]
    return CitedFigures(
        figures=figures,
        count=_count(len(figures), claimed),
        coincide_count=_count(sum(bool(c.coincidences) for c in figures.values()), claimed),
        hana_2023_satisfied=value_of(data, "hana", 2023, sv.SATISFACTION),
    )


def build_verdicts(data: pd.DataFrame, claims: pd.DataFrame, P: Params) -> dict[str, Verdict]:
    """C08, C09, C12: each claimed NKDB 2023 figure against the survey's figure for its question."""
    level = float(P.confidence_level)
    by_id = claims.set_index("claim_id")
    verdicts = {}
    for cid, (source, year, indicator, question) in CLAIM_QUESTIONS.items():
        if cid not in by_id.index:
            continue
        est = value_of(data, source, year, indicator)
        s = sv.with_intervals(data, source, indicator, level) if est is not None else None
        lo = None if s is None or year not in s.index else s.at[year, "lower"]
        hi = None if s is None or year not in s.index else s.at[year, "upper"]
        claimed = float(by_id.at[cid, "claimed_value"])
        claim = Value.of(
            claimed,
            "g",
            method="the article's figure",
            raw=[f"article_claims/{cid}"],
            sources=[str(by_id.at[cid, "source_id"])],
        )
        verdicts[cid] = share_verdict(
            cid, claimed, est, lo, hi, float(P.share_tolerance_pp), question=question, year=year, claim=claim
        )
    return verdicts


# ------------------------------------------------------------------------------------------ findings
def findings(P: Params, tables: Tables | None = None) -> SurveysFindings:
    """The surveys section's findings from the processed tables (analysis.findings.tables)."""
    t = given(tables)
    data, claims, sources = t["surveys"], t["claims"], t["sources"]
    # Process data: one builder per question.
    level = float(P.confidence_level)
    samples = build_samples(data)
    work = build_work(data, level)
    satisfaction = build_satisfaction(data, level, samples)
    discrimination = build_discrimination(data, level, samples)
    robustness, lost = headline_robustness(
        {"employment": work.trend, "satisfaction": satisfaction.trend, "discrimination": discrimination.trend}
    )
    return SurveysFindings(
        level=level,
        vintage_rule=str(data["vintage_rule"].iloc[0]),
        method=build_method(data, level, samples),
        samples=samples,
        work=work,
        by_sex=build_by_sex(data),
        pay=build_pay(data),
        satisfaction=satisfaction,
        discrimination=discrimination,
        nkdb=build_nkdb(data, level, samples),
        cited=build_cited(data, claims, sources),
        verdicts=build_verdicts(data, claims, P),
        robustness=robustness,
        robustness_lost=Value.listing(lost, of="measures whose change is lost with the design effect"),
    )


def headline_robustness(trends: dict[str, Trend]) -> tuple[HeadlineRobustness, list[str]]:
    """Whether every change the section's summary reports (named by ``trends``' keys) holds with the design
    effect, and the names of those that do not."""
    lost = [name for name, t in trends.items() if t.robustness == Robustness.LOST]
    return (HeadlineRobustness.SOME_LOST if lost else HeadlineRobustness.ALL_HOLD), lost
