"""Section 3, arrivals: what MOU's published arrival figures say, as one typed findings object.

``findings(P)`` reads the processed arrivals tables and returns :class:`ArrivalsFindings`: every number
the section's prose, figures and table use, and that the abstract and the claim audit quote. Records
are selected by meaning (a year, a sex), never by position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.core.values import Findings, Record, Value
from analysis.core.wording import count_word
from analysis.findings.selections import Claim
from analysis.findings.tables import Tables, given
from analysis.findings.verdict import claimed
from analysis.methods import arrivals as methods
from analysis.params import Params

COVID_FIRST_YEAR = 2019  # the border closure's low is looked for from here on
RULE_WORDS = {"latest": "the latest revision", "first": "the first published figure"}


class YearFigure(Record):
    """One year's arrivals by sex (a row of the figure data)."""

    year: int
    female: int
    male: int
    total: int


class CumulativeCheck(Record):
    """A year-end cumulative total as reported, set against the running sum of adopted annual figures."""

    as_of: str
    as_of_label: str
    published: str
    reported: Value
    running_sum: int | None
    difference: int | None
    approximate: bool
    inferred: bool
    source_id: str


class Revisions(Record):
    """MOU's revisions of its first-announced yearly totals (what the other vintage rule would change)."""

    years: Value  # the years whose first figure differs from the latest, as runs ('2002-2016 and 2025')
    count: Value
    up: Value  # revised upwards
    down: Value  # revised downwards
    net: Value  # sum of (latest - first) over the revised years, persons


class ArrivalsFindings(Findings):
    SECTION = "arrivals"

    vintage_rule: str
    vintage_rule_words: Value
    multi_year_columns: Value  # "everything up to 1989, one for 1990-1993, ..." as prose
    first_year: Value
    last_year: Value
    first_year_before: Value  # first_year - 1
    single_year_sum: Value
    before_first_year: Value
    peak_year: Value
    peak_arrivals: Value
    over: Value  # the article's yearly figure at the peak ('over 2,000 ... most years', claim C03)
    years_over: list[Value]  # the years with more arrivals than ``over``
    years_over_count: Value
    years_over_list: Value
    arrivals: dict[int, Value]  # total arrivals per single year (main series)
    covid_low_year: Value
    covid_low_arrivals: Value
    covid_low_since: Value  # prose: "the lowest since 1998, 23 years earlier"
    earliest_single_year: Value
    early_years_list: Value
    recovery: Value  # prose: "2,004 in 2023, 1,967 in 2024"
    women_share: dict[int, Value]  # % of the year's arrivals
    article_share: Value  # the article's share of women ('around 70 percent', claim C07)
    cumulative_total: Value
    cumulative_men: Value
    cumulative_women: Value
    cumulative_women_share: Value
    years: list[YearFigure]
    cumulative_share: dict[int, float]  # women's % of all arrivals to the end of each year (figure data)
    checks: list[CumulativeCheck]
    checks_count: Value
    checks_approximate: Value
    checks_inferred: Value
    checks_matching: Value
    arrivals_with_early_years: dict[int, int]  # single years incl. those published inside MOU's early columns
    lowest_since: dict[int, int | None]  # for each year from 2019: the latest earlier year with as few arrivals
    revisions: Revisions


def _row_ref(period: object, sex: str) -> str:
    return f"arrivals/period={period};sex={sex}"


def _raw_ref(period: object, source_id: str) -> str:
    return f"arrivals/period={period};source_id={source_id}"


def _year_value(adopted: pd.DataFrame, year: int, column: str = "total") -> Value:
    row = adopted[(adopted["period"] == str(year)) & (adopted["sex"] == column)].iloc[0]
    return Value.of(
        int(row["arrivals"]),
        ",",
        unit="persons",
        method=f"MOU arrivals in {year} ({row['status']} figure)",
        rows=[_row_ref(year, column)],
        raw=[_raw_ref(year, row["source_id"])],
        sources=[row["source_id"]],
    )


def _early_raw(adopted: pd.DataFrame, year: int) -> list[str]:
    rows = adopted[(adopted["period"] == str(year)) & (adopted["sex"] == "total")]
    return [_raw_ref(year, sid) for sid in rows["source_id"]]


def _early_sources(adopted: pd.DataFrame, year: int) -> list[str]:
    return list(adopted[(adopted["period"] == str(year)) & (adopted["sex"] == "total")]["source_id"])


def _all_rows(adopted: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    main = adopted[adopted["in_main_series"]]
    rows = [_row_ref(p, s) for p, s in zip(main["period"], main["sex"], strict=False)]
    raw = [_raw_ref(p, s) for p, s in zip(main["period"], main["source_id"], strict=False)]
    return rows, raw, list(main["source_id"])


def _cumulative_value(adopted: pd.DataFrame, running: pd.DataFrame, year: int, sex: str) -> Value:
    rows, raw, sources = _all_rows(adopted[adopted["end_year"] <= year])
    rows = [r for r in rows if r.endswith(f"sex={sex}")]
    return Value.of(
        int(running.at[year, sex]),
        ",",
        unit="persons",
        method=f"running sum of MOU's adopted figures to the end of {year}",
        rows=rows,
        raw=raw,
        sources=sources,
    )


def checks(reported: pd.DataFrame, running: pd.DataFrame) -> list[CumulativeCheck]:
    """Year-end totals (full-date 12-31 or a bare year) against the running sum.

    A total printed on a date before the period it counts ended had its as-of date inferred, not printed;
    approximate and inferred totals get no difference.
    """
    out = []
    for r in reported[reported["sex"] == "total"].itertuples():
        as_of = str(r.as_of)
        if not (as_of.endswith("12-31") or len(as_of) == 4):
            continue
        year = int(as_of[:4])
        published = str(r.published)
        inferred = len(published) == 10 and published < as_of
        running_sum = int(running.at[year, "total"]) if year in running.index else None
        difference = None
        if running_sum is not None and not r.approximate and not inferred:
            difference = int(r.cumulative_arrivals) - running_sum
        # the date printed with it is kept as printed; the label says why it cannot date the total, and gives the
        # running sum a year earlier, which the total would have to match if the printed date were right
        label = str(r.as_of_label)
        if inferred:
            earlier = (
                f"; the running sum at end-{year - 1} is {int(running.at[year - 1, 'total']):,}"
                if year - 1 in running.index
                else ""
            )
            label = f"end-{year} (inferred: “{r.as_of_label}”, dated before {year} ended{earlier})"
        reported_value = Value.of(
            int(r.cumulative_arrivals),
            ",",
            text=("about " if r.approximate else "") + f"{int(r.cumulative_arrivals):,}",
            method="cumulative arrivals as reported",
            rows=[f"arrivals_cumulative/as_of={as_of};source_id={r.source_id}"],
            raw=[f"arrivals_cumulative/as_of={as_of};source_id={r.source_id}"],
            sources=[r.source_id],
        )
        out.append(
            CumulativeCheck(
                as_of=as_of,
                as_of_label=label,
                published=published,
                reported=reported_value,
                running_sum=running_sum,
                difference=difference,
                approximate=bool(r.approximate),
                inferred=inferred,
                source_id=r.source_id,
            )
        )
    return out


#: Section 3's sentence on the COVID-19 low, one per case: a lower year was published, or none was.
LOWEST = {
    True: "That was the fewest since {since}, {gap} years earlier.",
    False: "That was the fewest of every single year published since {earliest}.",
}


def lowest_since(year: int, since: int | None, earliest: int, based_on: Value) -> Value:
    """LOWEST's sentence: the last earlier year with as few arrivals, or none since the earliest published."""
    return Value.sentence(
        LOWEST,
        since is not None,
        [based_on],
        since=since,
        gap=None if since is None else year - since,
        earliest=earliest,
    )


@dataclass(frozen=True)
class Inputs:
    """The adopted arrivals and the reported totals, with what every builder derives from them once."""

    adopted: pd.DataFrame
    reported: pd.DataFrame
    years: pd.DataFrame  # MOU's single years: female, male, total
    running: pd.DataFrame  # cumulative arrivals by year-end
    extended: pd.Series  # single years including those other sources published inside MOU's early columns
    arrivals: dict[int, Value]  # each single year's total, with its provenance

    @property
    def totals(self) -> pd.Series:
        return self.years["total"]

    @property
    def first_year(self) -> int:
        return int(self.totals.index.min())

    @property
    def last_year(self) -> int:
        return int(self.totals.index.max())


def inputs(tables: Tables | None = None) -> Inputs:
    t = given(tables)
    adopted = t["arrivals"]
    years = methods.single_years(adopted)
    return Inputs(
        adopted=adopted,
        reported=t["arrivals_cumulative"],
        years=years,
        running=methods.cumulative(adopted),
        extended=methods.single_years(adopted, main_only=False)["total"],
        arrivals={int(y): _year_value(adopted, int(y)) for y in years.index},
    )


def revision_fields(x: Inputs, vintages: pd.DataFrame) -> dict[str, Any]:
    """MOU's revisions: which yearly totals the first-announced figures would change, and in which direction
    (``vintages``: every published figure, first announcements and revisions)."""
    r = methods.revisions(vintages)
    shown = vintages[(vintages["sex"] == "total") & vintages["period"].astype(str).isin([str(y) for y in r.index])]
    announced = Value.of(  # the first-announced figures and their revisions, each with its source
        None,
        raw=[_raw_ref(p, sid) for p, sid in zip(shown["period"], shown["source_id"], strict=True)],
        sources=list(shown["source_id"]),
    )
    based = [announced] + [x.arrivals[int(y)] for y in r.index if int(y) in x.arrivals]
    up, down = int((r["change"] > 0).sum()), int((r["change"] < 0).sum())
    return {
        "revisions": Revisions(
            years=Value.listing([int(y) for y in r.index], of="years MOU revised", based_on=based, ranges=True),
            count=Value.derived(len(r), "d", based, method="years whose first figure differs from the latest"),
            up=Value.derived(up, "d", based, method="revised upwards", text=count_word(up)),
            down=Value.derived(down, "d", based, method="revised downwards", text=count_word(down)),
            net=Value.derived(int(r["change"].sum()), "+,", based, method="sum of latest minus first", unit="persons"),
        )
    }


def table_fields(x: Inputs) -> dict[str, Any]:
    """MOU's table: its vintage rule, its multi-year columns, its first and last single years and their sum."""
    rule = str(x.adopted["vintage_rule"].iloc[0])
    multi = methods.wide(x.adopted)
    multi = multi[~(multi["start_year"] == multi["end_year"]).fillna(False).astype(bool)]  # NA start: "~1998"
    columns = [f"everything up to {int(multi['end_year'].iloc[0])}"] + list(multi["period"].iloc[1:])
    a, b = x.first_year, x.last_year
    first = Value.derived(a, "d", [x.arrivals[a]], method="first single year in MOU's table")
    return {
        "vintage_rule": rule,
        "vintage_rule_words": Value.of(RULE_WORDS[rule], method="the vintage parameter"),
        "multi_year_columns": Value.listing(columns, of="MOU's multi-year columns"),
        "first_year": first,
        "last_year": Value.derived(b, "d", [x.arrivals[b]], method="latest year in MOU's table"),
        "first_year_before": Value.derived(a - 1, "d", [first], method="the year before the first single year"),
        "single_year_sum": Value.derived(
            int(x.totals.sum()), ",", x.arrivals.values(), method=f"sum of MOU's single-year figures {a}-{b}"
        ),
        "before_first_year": _cumulative_value(x.adopted, x.running, a - 1, "total"),
        "arrivals": x.arrivals,
        "years": [
            YearFigure(year=int(y), female=int(r.female), male=int(r.male), total=int(r.total))
            for y, r in x.years.iterrows()
        ],
        "arrivals_with_early_years": {int(y): int(v) for y, v in x.extended.items()},
    }


def peak_fields(x: Inputs, over: Value) -> dict[str, Any]:
    """The peak year and the years with more arrivals than the article's figure ``over``."""
    arrivals, totals = x.arrivals, x.totals
    peak_year = int(totals.idxmax())
    years = [int(y) for y in totals[totals > over.value].index]
    behind = [over] + [arrivals[y] for y in years]
    method = f"years with more than {over.text} arrivals"
    return {
        "peak_year": Value.derived(peak_year, "d", arrivals.values(), method="year with the most arrivals"),
        "peak_arrivals": arrivals[peak_year],
        "over": over,
        "years_over": [
            Value.of(y, "d", rows=arrivals[y].rows, raw=arrivals[y].raw, sources=arrivals[y].sources) for y in years
        ],
        "years_over_count": Value.derived(len(years), "", behind, method=method, text=count_word(len(years))),
        "years_over_list": Value.listing(years, of=method, based_on=behind, ranges=True),
    }


def covid_fields(x: Inputs) -> dict[str, Any]:
    """The COVID-19 low, how far back it is the lowest, and the recovery since 2023."""
    arrivals, totals, extended = x.arrivals, x.totals, x.extended
    covid = totals.loc[COVID_FIRST_YEAR:]
    low = int(covid.idxmin())
    early_years = [int(y) for y in extended.index if y < x.first_year]
    earliest = min(early_years)
    recent = range(2023, x.last_year + 1)
    return {
        "covid_low_year": Value.derived(
            low,
            "d",
            [arrivals[y] for y in covid.index],
            method=f"year with the fewest arrivals since {COVID_FIRST_YEAR}",
        ),
        "covid_low_arrivals": arrivals[low],
        "covid_low_since": lowest_since(low, methods.lowest_since(extended, low), earliest, arrivals[low]),
        "earliest_single_year": Value.of(
            earliest,
            "d",
            method="earliest single year a source published inside MOU's early columns",
            rows=[_row_ref(earliest, "total")],
            raw=_early_raw(x.adopted, earliest),
            sources=_early_sources(x.adopted, earliest),
        ),
        "early_years_list": Value.listing(early_years, of="single years published before MOU's first", ranges=True),
        "recovery": Value.listing(
            [f"{arrivals[y].text} in {y}" for y in recent],
            of="arrivals per year",
            based_on=[arrivals[y] for y in recent],
        ),
        "lowest_since": {int(y): methods.lowest_since(extended, int(y)) for y in covid.index},
    }


def women_fields(x: Inputs) -> dict[str, Any]:
    """Women's share of each year's arrivals and of all arrivals to date."""
    years, running, last = x.years, x.running, x.last_year
    share = {
        int(y): Value.derived(
            float(years.at[y, "female"] / years.at[y, "total"] * 100),
            ".1f",
            [_year_value(x.adopted, int(y), "female"), x.arrivals[int(y)]],
            method=f"women's share of the arrivals of {y}",
            unit="%",
        )
        for y in x.totals.index
    }
    cum = {s: _cumulative_value(x.adopted, running, last, s) for s in ("total", "male", "female")}
    return {
        "women_share": share,
        "cumulative_total": cum["total"],
        "cumulative_men": cum["male"],
        "cumulative_women": cum["female"],
        "cumulative_women_share": Value.derived(
            float(running.at[last, "female"] / running.at[last, "total"] * 100),
            ".1f",
            [cum["female"], cum["total"]],
            unit="%",
            method=f"women's share of all arrivals to the end of {last}",
        ),
        "cumulative_share": {int(y): round(float(r.female / r.total * 100), 3) for y, r in running.iterrows()},
    }


def check_fields(x: Inputs) -> dict[str, Any]:
    """The year-end totals the press reported, against the running sum of MOU's table."""
    found = checks(x.reported, x.running)

    def counted(method: str, which: list[CumulativeCheck], *, words: bool = True) -> Value:
        n = len(which)
        return Value.derived(n, "d", [c.reported for c in which], method=method, text=count_word(n) if words else None)

    return {
        "checks": found,
        "checks_count": counted("year-end totals reported", found, words=False),
        "checks_approximate": counted("approximate totals", [c for c in found if c.approximate]),
        "checks_inferred": counted("totals with an inferred as-of date", [c for c in found if c.inferred]),
        "checks_matching": counted(
            "totals equal to the running sum", [c for c in found if c.difference == 0], words=False
        ),
    }


def findings(P: Params, tables: Tables | None = None) -> ArrivalsFindings:
    """The arrivals section's findings, composed from one builder per question (``tables``: analysis.findings.
    tables)."""
    del P  # the vintage rule is applied by the cleaning step; the findings read its result
    t = given(tables)
    x = inputs(t)
    vintages, claims = t["arrivals_vintages"], t["claims"]
    return ArrivalsFindings(
        **table_fields(x),
        **peak_fields(x, claimed(claims, Claim.OVER_AT_PEAK)),
        **covid_fields(x),
        **women_fields(x),
        article_share=claimed(claims, Claim.WOMEN),
        **check_fields(x),
        **revision_fields(x, vintages),
    )
