"""The claim audit's rules: each reads the claim's own words and can say yes, no, or "with caveats" for a
stated reason.

Every rule returns a :class:`Judgement`: one of four categories and the reason in words.

- ``supported``: the evidence agrees with the claim within the tolerance its words allow;
- ``supported with caveats``: the evidence agrees on the claim's main reading, and a *specific*, named part
  of the evidence does not (a dissenting source, an earlier year, a second count series);
- ``not supported``: the evidence clearly does not agree (the reason says where it falls);
- ``cannot be checked``: no published source bears on the claim.

The rules are symmetric: each names what would make the claim fail as plainly as what makes it hold.
Where the evidence has an interval, the rule uses the interval, not the point estimate. Each claim
speaks of a period fixed by the article's date: figures for periods after it are shown beside the verdict
("since"), never counted in it.

Every claim gets two verdicts by the same rule, on the same period (the one the claim speaks of): one on
the evidence published by the article's date (:func:`published_by` decides what counts), and one on all
the evidence held now.

These functions are pure (numbers in, judgement out) and tested with hand-worked values in
``tests/integration/test_audit.py``; ``analysis.findings.audit`` applies them to the sections' findings.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from analysis.core.wording import count_word, join_words, year_ranges

SUPPORTED = "supported"
CAVEATS = "supported with caveats"
NOT_SUPPORTED = "not supported"
UNCHECKABLE = "cannot be checked"
VERDICTS = (SUPPORTED, CAVEATS, NOT_SUPPORTED, UNCHECKABLE)


@dataclass(frozen=True)
class Judgement:
    category: str
    reason: str

    def __post_init__(self) -> None:
        if self.category not in VERDICTS:
            raise ValueError(f"unknown verdict {self.category!r}")


# ------------------------------------------------------------------------------------------ dates
def reference_month(event_date: str) -> str:
    """The article's date from the dated event it calls 'earlier this month': '2024-07-16' -> '2024-07'."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", event_date or ""):
        raise ValueError(f"expected a date YYYY-MM-DD, got {event_date!r}")
    return event_date[:7]


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_words(month: str) -> str:
    """'2024-07' -> 'July 2024'."""
    return f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}"


def published_by(date: object, month: str) -> bool:
    """Whether a source dated ``date`` had been published by the end of ``month`` ('2024-07').

    ``date`` is as transcribed: '2024-07-16', '2024-07' or '2024'; a date given only to the month or year counts
    when that month or year is not after ``month``'s. An undated source ('' or NaN) counts too: nothing shows
    that it was published later (the audit counts the claims that rest on one).
    """
    text = "" if date is None or (isinstance(date, float) and math.isnan(date)) else str(date).strip()
    if not text:
        return True
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise ValueError(f"expected a publication date YYYY, YYYY-MM or YYYY-MM-DD, got {date!r}")
    part = text[:7]
    return part <= month[: len(part)]


def last_full_year(reference: str) -> int:
    """The last calendar year that had ended by the reference month: '2024-07' -> 2023."""
    return int(reference[:4]) - 1


def window(reference: str, years: int = 3) -> list[int]:
    """The ``years`` full calendar years before the reference date: '2024-07', 3 -> [2021, 2022, 2023]."""
    last = last_full_year(reference)
    return list(range(last - years + 1, last + 1))


# ------------------------------------------------------------------------------------------ arrivals
def lowest_in_over(values: Mapping[int, float], recent: Sequence[int], claimed_years: float) -> Judgement:
    """'At their lowest in over N years': every recent year is below every year of more than N years
    before them.

    Counts back from the year before ``recent``, year by year, while each year is above the highest recent
    year. A year at or below it stops the count (so the span is known); a missing year stops it too, and
    then the span is only a lower bound: if that bound does not exceed N, the claim cannot be checked.
    """
    high = max(values[y] for y in recent)
    year, span = min(recent) - 1, 0
    while year in values and values[year] > high:
        span, year = span + 1, year - 1
    if year not in values:
        stop = "no earlier year published"
    elif span > claimed_years:
        stop = f"the last year with {high:,.0f} or fewer, {year} ({values[year]:,.0f}), lies further back"
    else:
        stop = f"{year} had {values[year]:,.0f}, not above the recent high of {high:,.0f}"
    span_years = f", {year + 1}-{min(recent) - 1}" if span > 1 else ""
    below = (
        f"were below every one of the {span} years before them{span_years}"
        if span
        else "were not below the year before them"
    )
    words = f"{join_words([str(y) for y in recent])} (at most {high:,.0f} a year) {below}"
    if span > claimed_years:
        return Judgement(SUPPORTED, f"{words}; {stop}")
    if year not in values:
        return Judgement(UNCHECKABLE, f"{words}; earlier years are not published")
    return Judgement(NOT_SUPPORTED, f"{words}, not over {claimed_years:g} ({stop})")


def peak_then_down(values: Mapping[int, float], period: range, now: int, down_to: float = 0.5) -> Judgement:
    """'Down considerably from their peak in <period>': the peak year falls in ``period`` and the year
    ``now`` is below ``down_to`` (half) of the peak."""
    peak = max(values, key=values.get)
    share = values[now] / values[peak]
    facts = f"peak {values[peak]:,.0f} in {peak}; {values[now]:,.0f} in {now}, {share:.0%} of the peak"
    if peak not in period:
        return Judgement(
            NOT_SUPPORTED,
            f"{facts}; the peak is outside {period.start}-{period.stop - 1}",
        )
    if share >= down_to:
        return Judgement(NOT_SUPPORTED, f"{facts}; not below {down_to:.0%} of the peak")
    return Judgement(SUPPORTED, facts)


def most_years_over(values: Mapping[int, float], years: range, threshold: float) -> Judgement:
    """'Over <threshold> ... most years' in ``years``: more than half of the years above the threshold.

    Years without a published figure count against the claim for 'supported' and for it for 'not
    supported'; where they could tip the count either way, the claim cannot be checked.
    """
    known = {y: values[y] for y in years if y in values}
    above = [y for y, v in known.items() if v > threshold]
    missing = len(years) - len(known)
    n = len(years)
    facts = f"{count_word(len(above))} of the {n} years {years.start}-{years.stop - 1} above {threshold:,.0f}" + (
        f" ({join_words([str(y) for y in above])})" if above else ""
    )
    if len(above) > n / 2:
        return Judgement(SUPPORTED, facts)
    if len(above) + missing <= n / 2:
        return Judgement(NOT_SUPPORTED, facts + ": not most years")
    return Judgement(UNCHECKABLE, facts + f"; {missing} years not published")


def near_peak_years(values: Mapping[int, float], period: range, near: float = 0.5) -> list[int]:
    """The years of ``period`` whose figure is at least ``near`` (half) of the period's peak: 'that time' of a
    claim about the peak. The same half that :func:`peak_then_down` reads in 'down considerably'."""
    known = {y: values[y] for y in period if y in values}
    peak = max(known.values())
    return [y for y in period if y in known and known[y] >= near * peak]


def most_years_over_at_peak(
    values: Mapping[int, float], period: range, threshold: float, near: float = 0.5
) -> Judgement:
    """'At that time [the peak], over <threshold> ... most years': more than half of the peak years of
    ``period`` (those with at least ``near`` of the peak, :func:`near_peak_years`) above the threshold. The
    literal reading over the whole period is given beside it. Years without a figure may be peak years: where
    they could tip the count either way the claim cannot be checked."""
    peak_years = near_peak_years(values, period, near)
    unknown = len([y for y in period if y not in values])
    above = [y for y in peak_years if values[y] > threshold]
    literal = [y for y in period if y in values and values[y] > threshold]
    n = len(peak_years)
    facts = (
        f"{count_word(len(above))} of the {count_word(n)} peak years above {threshold:,.0f} (peak years: "
        f"{join_words([str(y) for y in peak_years])}, each at least {near:.0%} of the peak); read over all of "
        f"{period.start}-{period.stop - 1}, {count_word(len(literal))} of {len(period)}"
    )
    if len(above) > (n + unknown) / 2:
        return Judgement(SUPPORTED, facts)
    if len(above) + unknown <= (n + unknown) / 2:
        return Judgement(NOT_SUPPORTED, f"{facts}: not most peak years")
    return Judgement(UNCHECKABLE, f"{facts}; {unknown} years not published")


# ------------------------------------------------------------------------------------------ 'around'
class Around(StrEnum):
    """Which of the two tests of an 'around <claimed>' claim hold. Every such claim (a count, a share, a
    ratio) is read on the same two: the figure lies in the band 'around' allows (its *level*), and so does
    everything the figure varies by (its *spread*: its whole interval; for a mean of yearly counts, each
    year). The spread lying in the band puts the figure there too, so a figure outside the band is not
    supported however wide its interval: a less precise figure never earns a better verdict. A figure
    without an interval (a count of all arrivals, not a sample) has no spread of its own: its level is read
    twice."""

    BOTH = "in the band, and its whole spread too"
    LEVEL_ONLY = "in the band, but its spread reaches outside it"
    NEITHER = "outside the band"


#: The one rule for every 'around' claim, in categories and in words (Table S12 reads the words).
AROUND = {
    Around.BOTH: SUPPORTED,
    Around.LEVEL_ONLY: CAVEATS,
    Around.NEITHER: NOT_SUPPORTED,
}
AROUND_RULE = (
    "supported if both hold, with caveats if only the figure lies in the band, not supported if the figure "
    "lies outside it"
)


def in_band(value: float, low: float, high: float, decimals: int) -> bool:
    """Whether ``value`` lies in ``low..high``, read as the report prints it (rounded to ``decimals``), so that a
    figure printed at a band's edge is in it, and float error (60.4 + 5 = 65.4000...01) never moves a verdict."""
    value, low, high = (round(v, decimals) for v in (value, low, high))
    return low <= value <= high


def around(level: bool, spread: bool) -> Around:
    """The two tests of an 'around' claim (:class:`Around`), read together: ``level``, the figure lies in
    the band; ``spread``, its whole spread does (which a figure outside the band cannot make up for)."""
    if not level:
        return Around.NEITHER
    return Around.BOTH if spread else Around.LEVEL_ONLY


def around_on_average(values: Mapping[int, float], years: Sequence[int], claimed: float, tolerance: float) -> Judgement:
    """'Around <claimed> each year', on :func:`around`'s two tests: the mean of ``years`` (the figure a reader
    checks first) within ±tolerance (relative) of the claim, and each year within it too (the spread of a
    mean of counts). The reason names the years outside."""
    lo, hi = claimed * (1 - tolerance), claimed * (1 + tolerance)
    mean = sum(values[y] for y in years) / len(years)
    outside = [y for y in years if not lo <= values[y] <= hi]
    band = f"the {lo:,.0f}-{hi:,.0f} that 'around {claimed:,.0f}' allows"
    facts = f"mean {mean:,.0f} a year over {years[0]}-{years[-1]}"
    tests = around(lo <= mean <= hi, not outside)
    if tests is Around.NEITHER:
        return Judgement(AROUND[tests], f"{facts}, outside {band}")
    if tests is Around.BOTH:
        return Judgement(AROUND[tests], f"{facts}, within {band}, as is each year")
    shown = join_words([f"{values[y]:,.0f} in {y}" for y in outside])
    which = "each year lies outside it" if len(outside) == len(years) else "some years lie outside it"
    return Judgement(AROUND[tests], f"{facts}, within {band}, but {which} ({shown})")


def share_around(value: float, claimed: float, tolerance_pp: float, of: str = "") -> Judgement:
    """'Around <claimed> percent': within ±tolerance percentage points. ``of`` says what the share is of and
    for which period ('of all arrivals to the end of 2023'), so the reason names its period."""
    share = f"{value:.1f}% {of}" if of else f"{value:.1f}%"
    facts = f"{share} (around {claimed:g}%: {claimed - tolerance_pp:g}-{claimed + tolerance_pp:g}%)"
    level = in_band(value, claimed - tolerance_pp, claimed + tolerance_pp, 1)
    return Judgement(AROUND[around(level, level)], facts)  # a census share: no interval, its level read twice


# ------------------------------------------------------------------------------------------ dated events
def dated_event(event: str, disclosed: str, month: str, what: str) -> Judgement:
    """'Earlier this month <event>': the event's month and the month it became public ('2023-11', '2024-07';
    '' where no source dates it), against the article's ``month``.

    Supported if the event itself took place in that month; with caveats if only its disclosure did (the
    caveat gives the event's month); not supported if neither did; cannot be checked if nothing dates it.
    """
    if not event and not disclosed:
        return Judgement(UNCHECKABLE, f"no published source dates {what}")
    if event == month:
        return Judgement(SUPPORTED, f"{what} took place in {month_words(month)}")
    if disclosed == month:
        return Judgement(
            CAVEATS,
            f"{what} became public in {month_words(month)}; "
            + (f"it took place in {month_words(event)}" if event else "no source dates the event itself"),
        )
    dates = [month_words(d) for d in (event, disclosed) if d]
    return Judgement(NOT_SUPPORTED, f"{what} is dated {join_words(dates)}, not {month_words(month)}")


def opened_during(
    year: int | None, peak: Sequence[int], reason: bool, what: str, arrivals: float | None = None
) -> Judgement:
    """'There were so many escapees then that <what> opened': the year it opened against the peak years 'then'
    names (the same peak years as 'at that time' in C03), and whether a source gives the numbers as the
    reason (``arrivals``: that year's, where known).

    Supported if it opened in a peak year and a source gives the numbers as the reason; with caveats if only
    one of the two holds (the caveat says which does not); not supported if neither; cannot be checked if no
    source dates the opening.
    """
    if year is None:
        return Judgement(UNCHECKABLE, f"no published source dates when {what} opened")
    that_year = f" ({arrivals:,.0f} arrivals that year)" if arrivals is not None else ""
    when = f"{what} opened in {year}{that_year}"
    inside = year in peak
    span = f"the peak years ({year_ranges(peak)})" if peak else "the peak years"
    if inside and reason:
        return Judgement(SUPPORTED, f"{when}, one of {span}, and a source gives the numbers as the reason")
    if reason:
        side = "before" if peak and year < min(peak) else "outside"
        return Judgement(CAVEATS, f"{when}, {side} {span}; a source gives the rising numbers as the reason")
    if inside:
        return Judgement(CAVEATS, f"{when}, one of {span}; no source gives the numbers as the reason")
    return Judgement(NOT_SUPPORTED, f"{when}, outside {span}, and no source gives the numbers as the reason")


# ------------------------------------------------------------------------------------------ several sources
def by_sources(agree: Mapping[str, bool] | Sequence[tuple[str, bool]], what: str) -> Judgement:
    """Several published statements of one fact (lengths of a course, years of an event): each statement's
    label as the reader should see it, and whether it agrees (a sequence where two labels may be equal).

    Supported if every one agrees with the claim; with caveats if most do (the caveat names the others);
    not supported if half or fewer do; cannot be checked if there is none.
    """
    pairs = list(agree.items()) if isinstance(agree, Mapping) else list(agree)
    if not pairs:
        return Judgement(UNCHECKABLE, f"no published {what}")
    yes = [k for k, v in pairs if v]
    no = [k for k, v in pairs if not v]
    agree = dict(enumerate(pairs))  # counted by statement, not by label
    if not no:
        every = "both" if len(yes) == 2 else "the one" if len(yes) == 1 else f"all {count_word(len(yes))}"
        return Judgement(SUPPORTED, f"{every} published {what} agree")
    if len(yes) > len(agree) / 2:
        return Judgement(
            CAVEATS,
            f"{count_word(len(yes))} of {count_word(len(agree))} published {what} agree; {join_words(no)} {'does' if len(no) == 1 else 'do'} not",
        )
    return Judgement(
        NOT_SUPPORTED,
        f"{count_word(len(yes))} of {count_word(len(agree))} published {what} agree",
    )


def parts_documented(parts: Mapping[str, bool | None]) -> Judgement:
    """A claim of several parts: True = documented, False = contradicted by a record, None = no record.

    Supported if every part is documented; not supported if any part is contradicted; with caveats if some
    parts are documented and the others have no record; cannot be checked if none has a record.
    """
    done = [k for k, v in parts.items() if v is True]
    wrong = [k for k, v in parts.items() if v is False]
    none = [k for k, v in parts.items() if v is None]
    if wrong:
        return Judgement(NOT_SUPPORTED, f"contradicted: {join_words(wrong)}")
    if not done:
        return Judgement(UNCHECKABLE, "no record of any part")
    if none:
        return Judgement(
            CAVEATS,
            f"documented: {join_words(done)}; no record found: {join_words(none)}",
        )
    return Judgement(SUPPORTED, f"documented: {join_words(done)}")


def at_least(count: int, several: int, lower_bound: bool, what: str) -> Judgement:
    """'Several <what>': at least ``several``. If ``count`` is only a lower bound (some cases were not
    transcribed), too few is not a refutation: the claim then cannot be checked."""
    facts = f"{count_word(count)} {what}"
    if count >= several:
        return Judgement(SUPPORTED, facts)
    if lower_bound:
        return Judgement(
            UNCHECKABLE,
            facts + f", fewer than {several}; the others were not transcribed",
        )
    return Judgement(NOT_SUPPORTED, facts + f", fewer than {several}")


# ------------------------------------------------------------------------------------------ ranks
def rank_first(status: str, data_year: int) -> Judgement:
    """'The highest among OECD countries': Korea's rank in the latest data year published by the article's
    date. 'first' -> supported; 'contested' (releases disagree) -> with caveats; 'not first' -> not."""
    if status == "first":
        return Judgement(SUPPORTED, f"first in {data_year}, the latest data year published by then")
    if status == "contested":
        return Judgement(
            CAVEATS,
            f"in {data_year}, the latest data year published by then, releases disagree on the rank",
        )
    return Judgement(
        NOT_SUPPORTED,
        f"not first in {data_year}, the latest data year published by then",
    )


# ------------------------------------------------------------------------------------------ same number
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])")


def numbers_in(text: str) -> list[float]:
    """Every number written in a text: '72.0% of the 33,718' -> [72.0, 33718.0]. Dates count too."""
    return [float(m[1].replace(",", "") + (f".{m[2]}" if m[2] else "")) for m in _NUMBER.finditer(text or "")]


#: Columns that hold addresses or bookkeeping, not figures: numbers in them are not searched.
NOT_FIGURES = ("url", "accessed")


def same_number(
    tables: Mapping[str, pd.DataFrame],
    value: float,
    exclude: Iterable[tuple[str, str]] = (),
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Where ``value`` appears in any table, numbers written inside text (notes, statements, titles)
    included: a list of (table, row id, columns). The row id is the first column's value. ``exclude``
    leaves out (table, row id) pairs (the claim's own row); web addresses are not searched."""
    skip = set(exclude)
    hits = []
    for name, df in tables.items():
        id_col = df.columns[0]
        columns = [c for c in df.columns[1:] if c not in NOT_FIGURES]
        cells = {c: df[c].tolist() for c in columns}  # plain lists: the search reads every cell of every table
        for i, rid in enumerate(str(v) for v in df[id_col].tolist()):
            if (name, rid) in skip:
                continue
            found = tuple(
                c
                for c in columns
                if isinstance(cells[c][i], str)
                and any(math.isclose(n, value, abs_tol=1e-9) for n in _numbers_once(cells[c][i]))
            )
            if found:
                hits.append((name, rid, found))
    return hits


@functools.lru_cache(maxsize=4096)
def _numbers_once(text: str) -> tuple[float, ...]:
    """:func:`numbers_in`, remembered: each claim's number is searched for in the same cells."""
    return tuple(numbers_in(text))


def tally(categories: Iterable[str]) -> dict[str, int]:
    """Counts per verdict, every category present (0 where none)."""
    found = list(categories)
    return {v: sum(c == v for c in found) for v in VERDICTS}
