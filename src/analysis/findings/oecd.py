"""Section 5, OECD: is South Korea's suicide rate the highest among OECD countries? One typed findings object.

``findings(P)`` reads the processed OECD table and returns :class:`OecdFindings`: the latest release's
figures, the verdict of every release per data year, the chart's data from ``oecd_first_year`` on (which
may be empty: then ``chart_available`` is False and the prose says so), and the verdict on the article's
claim C11. The ranking rules are in ``methods/oecd.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pandas as pd

from analysis.core.values import Findings, Record, Value
from analysis.core.wording import count_word
from analysis.findings.selections import WHITE_PAPER, Claim
from analysis.findings.tables import Tables, given
from analysis.findings.verdict import Category, Verdict
from analysis.methods import oecd as oe
from analysis.params import Params

YEAR = re.compile(r"(\d{4})(\?)?")


class RankingRow(Record):
    """One release's verdict on Korea for one data year (a row of the ranking table)."""

    data_year_as_printed: str
    release_id: str
    korea: float | None
    oecd_average: float | None
    runner_up: str  # 'Lithuania 26.7 (2016)', '–'
    verdict: str  # 'yes (ranks Korea first)'
    sources: str


class ChartPoint(Record):
    """Korea's rate, the OECD average and the highest other member in one data year's own KOSTAT release."""

    data_year: int
    release_id: str
    korea: float
    oecd_average: float | None
    korea_highest: bool | None
    korea_rank: int | None
    runner_up: str
    runner_up_value: float | None
    runner_up_year: int | None  # the runner-up's own data year, where the release states it
    runner_up_year_uncertain: bool


class Rank(StrEnum):
    """What the latest release says of Korea's rank, and whether it names the runner-up."""

    FIRST_RUNNER = "first, runner-up named"
    FIRST_ALONE = "first, no other rate"
    NOT_FIRST_RUNNER = "not first, runner-up named"
    NOT_FIRST_ALONE = "not first, no other rate"


class Agreement(StrEnum):
    """Which data years the releases that state a rank disagree on, or all put Korea below first."""

    ALL_FIRST = "no year contested or lost"
    CONTESTED = "some years contested"
    NOT_FIRST = "some years lost"
    BOTH = "some years contested, some lost"


class Reason(StrEnum):
    """C11's verdict reason: what the releases say of the judged data year."""

    NONE = "no release states a rank"
    ALL_ONE = "the one release ranks Korea highest"
    ALL = "every release ranks Korea highest"
    HALF_OR_FEWER = "half or fewer rank Korea highest"
    DISAGREE = "the releases disagree"


class Since(StrEnum):
    """What releases say of data years after the one judged."""

    NONE = "no later year"
    ALL_FIRST = "later years all first"
    MIXED = "later years mixed"


#: Section 5's sentences (and C11's reason clauses) whose wording depends on a decision, whole, one place.
SENTENCES: dict[StrEnum, str] = {
    Rank.FIRST_RUNNER: "The release ranks Korea first, ahead of {runner} at {runner_value}.",
    Rank.FIRST_ALONE: "The release ranks Korea first; it gives no other member's rate.",
    Rank.NOT_FIRST_RUNNER: "The release does not rank Korea first: {runner} is at {runner_value}.",
    Rank.NOT_FIRST_ALONE: "The release does not rank Korea first.",
    Agreement.ALL_FIRST: "No release that states a rank puts Korea below first for any data year.",
    Agreement.CONTESTED: "The releases that state a rank disagree for {contested}.",
    Agreement.NOT_FIRST: "The releases that state a rank put Korea below first for {not_first}.",
    Agreement.BOTH: "The releases that state a rank disagree for {contested}, and put Korea below first for "
    "{not_first}.",
    Reason.NONE: "no release before the article states a rank",
    Reason.ALL_ONE: "{releases} ranks Korea highest for {year}, the latest data year before the article",
    Reason.ALL: "{releases} rank Korea highest for {year}, the latest data year before the article",
    Reason.HALF_OR_FEWER: "{releases}: half or fewer rank Korea highest for {year}",
    Reason.DISAGREE: "the releases disagree for {year}: {releases}",
    Since.NONE: "No later data year has been published.",
    Since.ALL_FIRST: "Every release for the later data years ({first}) ranks Korea first.",
    Since.MIXED: "For later data years, the releases rank Korea first for {first}, disagree for {contested} and "
    "rank it below first for {not_first}.",
}


class WhitePaper(Record):
    """The white paper whose own note contradicts its ranking (row O054 of data/raw/oecd_suicide.csv)."""

    release: Value
    period: Value  # the years its note says Lithuania exceeded Korea
    korea: Value
    korea_year: Value
    runner: Value
    runner_year: Value


class WhoExample(Record):
    """One WHO-standard figure for South Korea among the rows left out, as an example."""

    value: Value
    year: Value
    rank: Value


class OecdFindings(Findings):
    SECTION = "oecd"

    latest_release: Value
    latest_year: Value
    latest_korea: Value
    latest_average: Value
    latest_ratio: Value
    latest_rank: Value  # SENTENCES[Rank]
    first_years: Value
    agreement: Value  # SENTENCES[Agreement]
    run_start: Value
    last_year: Value
    lithuania_joined: Value
    white_paper: WhitePaper | None
    ranking: list[RankingRow]
    excluded_count: Value
    excluded_who: Value
    excluded_who_example: WhoExample | None
    excluded_aggregator: Value
    excluded_one_sex: Value
    first_chart_year: int
    chart_available: bool
    last_own_year: Value  # the latest data year with a rate from its own KOSTAT release
    chart: list[ChartPoint]
    chart_hs2025: dict[int, float]
    chart_gaps: list[int]
    chart_unplaced: Value
    verdict: Verdict  # C11 on the releases published before the article
    verdict_now: Verdict  # C11 on every release's figures for the same data year
    since: Value  # SENTENCES[Since]
    # read by the claim audit and the introduction
    status_by_year: dict[int, str | None]
    korea_first_by_year: dict[int, bool | None]
    releases_not_first: dict[int, str]


def runner_year(printed: str) -> tuple[int | None, bool]:
    """The runner-up's own data year from the release's label: '2016' -> (2016, False), 'latest (2018?)' ->
    (2018, True), 'latest (various)' or '' -> (None, False)."""
    m = YEAR.search(printed or "")
    if not m:
        return None, False
    return int(m[1]), bool(m[2]) or "latest" in printed


def contradiction(note: str) -> str | None:
    """The years a white paper's note says Lithuania exceeded Korea ('2012-2016'); None without such a note."""
    m = re.search(r"Lithuania exceeded Korea in (\d{4}-\d{4})", note or "")
    return m[1] if m else None


RULE = (
    "the latest data year that releases published before the article cover: supported if every release that "
    "states a rank for it ranks Korea highest (at the article's date, the releases published by then; now, all "
    "of them); with caveats if most do; not supported if half or fewer do, as for every claim read in several sources"
)


def highest_verdict(verdicts: pd.DataFrame, before: str, year: int | None = None) -> tuple[Verdict, int | None]:
    """C11 'already the highest among OECD countries'.

    At the article's date (``year`` None): the releases published before ``before`` (a release_sort key such
    as '2024'), the latest data year any of them states a verdict for, and every verdict on that year among
    them. Now (``year`` given: the data year judged at the article's date): every release's verdict on that
    year, whenever published. All rank Korea highest -> supported; none does -> not supported; they
    disagree -> supported with caveats (the caveat: the releases disagree); no verdict -> cannot be checked.
    """
    rule = RULE
    known = verdicts[
        (verdicts["release_sort"] != "") & verdicts["data_year"].notna() & verdicts["korea_highest"].notna()
    ]
    if year is None:
        known = known[known["release_sort"] < before]
    if known.empty:
        reason = Value.sentence(SENTENCES, Reason.NONE)
        return Verdict(claim_id=Claim.OECD_HIGHEST, category=Category.CANNOT_CHECK, rule=rule, reason=reason), None
    year = int(known["data_year"].max()) if year is None else year
    rows = known[known["data_year"] == year]
    first = rows["korea_highest"].astype(bool)
    evidence = [
        Value.of(
            float(r.korea_value),
            "g",
            unit="per 100,000",
            sources=r.source_ids.split(", "),
            method=f"Korea's age-standardised rate for {year} in {r.release_id}",
        )
        for r in rows.itertuples()
        if pd.notna(r.korea_value)
    ]
    if first.all():
        category, read = Category.SUPPORTED, Reason.ALL_ONE if len(rows) == 1 else Reason.ALL
    elif first.sum() * 2 <= len(first):
        category, read = Category.NOT_SUPPORTED, Reason.HALF_OR_FEWER
    else:
        category, read = Category.CAVEATS, Reason.DISAGREE
    releases = Value.listing(list(rows["release_id"]), of="releases stating a rank")
    reason = Value.sentence(SENTENCES, read, evidence, releases=releases, year=year)
    return Verdict(claim_id=Claim.OECD_HIGHEST, category=category, rule=rule, reason=reason, evidence=evidence), year


def since(statuses: dict[int, str], based_on: Value) -> Value:
    """What releases say about data years after the one judged (SENTENCES[Since])."""

    def years(status: str) -> Value:
        return Value.listing(
            [y for y, s in statuses.items() if s == status], of=f"data years: {status}", empty="no year"
        )

    read = Since.NONE if not statuses else Since.ALL_FIRST if set(statuses.values()) == {"first"} else Since.MIXED
    return Value.sentence(
        SENTENCES, read, [based_on], first=years("first"), contested=years("contested"), not_first=years("not first")
    )


def src(ids: object) -> list[str]:
    """Source ids from a comma-joined cell."""
    return [s for s in str(ids).split(", ") if s]


@dataclass(frozen=True)
class Inputs:
    """The tables the OECD builders read, and what the methods derive from them once."""

    P: Params
    table: pd.DataFrame
    sources: pd.DataFrame
    claims: pd.DataFrame
    verdicts: pd.DataFrame  # one row per release: Korea's value, the runner-up, whether Korea is highest
    years: pd.DataFrame  # one row per data year: the releases' agreement
    own: pd.DataFrame  # KOSTAT's own series of releases, by data year
    left_out: pd.DataFrame

    @property
    def all_releases(self) -> Value:
        """Every comparable release's row and source: the provenance of the year-by-year summaries."""
        ids = self.table.loc[oe.comparable(self.table).index, "row_id"]
        return Value.of(
            "",
            method="every release's verdict",
            rows=[f"oecd/row_id={i}" for i in ids],
            raw=[f"oecd_suicide/{i}" for i in ids],
            sources=sorted({s for ids in self.verdicts["source_ids"] for s in src(ids)}),
        )


def _opt(v: Any) -> Any:
    return None if pd.isna(v) else v


def run_start(years: pd.DataFrame) -> int | None:
    """The first data year of the unbroken run of years in which Korea ranks first, up to the latest."""
    start = None
    for r in years.sort_values("data_year").itertuples():
        ok = not pd.isna(r.korea_first) and bool(r.korea_first)
        if ok and start is None:
            start = int(r.data_year)
        elif not ok:
            start = None
    return start


def latest_fields(x: Inputs) -> dict[str, Any]:
    """The latest release: Korea's rate, the OECD average, their ratio and Korea's rank."""
    latest = oe.latest(x.verdicts)
    refs = {"unit": "per 100,000", "sources": src(latest["source_ids"])}
    korea = Value.of(
        float(latest["korea_value"]), "g", method=f"Korea's age-standardised rate in {latest['release_id']}", **refs
    )
    average = Value.of(float(latest["oecd_average"]), "g", method=f"OECD average in {latest['release_id']}", **refs)
    highest = not pd.isna(latest["korea_highest"]) and bool(latest["korea_highest"])
    named = bool(latest["runner_up"])
    rank = {
        (True, True): Rank.FIRST_RUNNER,
        (True, False): Rank.FIRST_ALONE,
        (False, True): Rank.NOT_FIRST_RUNNER,
        (False, False): Rank.NOT_FIRST_ALONE,
    }[(highest, named)]
    return {
        "latest_release": Value.label(
            str(latest["release_id"]),
            of="the latest release",
            based_on=[Value.of("", sources=src(latest["source_ids"]))],
        ),
        "latest_year": Value.derived(
            int(latest["data_year"]), "d", [korea], method="data year of the latest release's rate"
        ),
        "latest_korea": korea,
        "latest_average": average,
        "latest_ratio": Value.derived(
            float(latest["korea_value"] / latest["oecd_average"]),
            ".1f",
            [korea, average],
            method="Korea's rate / OECD average",
        ),
        "latest_rank": Value.sentence(
            SENTENCES,
            rank,
            [korea],
            runner=latest["runner_up"],
            runner_value=f"{latest['runner_up_value']:g}" if named else "",
        ),
    }


def by_year_fields(x: Inputs) -> dict[str, Any]:
    """The data years: first, contested, not first; the unbroken run; the latest year."""
    years, every = x.years, x.all_releases
    first_years = [int(y) for y in years.loc[years["status"] == "first", "data_year"]]
    contested = years[years["status"] == "contested"]
    clearly_not = years[years["status"] == "not first"]

    def year_label(r: Any) -> str:
        return f"{int(r.data_year)}" + (" (as labelled by the source, uncertain)" if r.as_labelled else "")

    agreement = {
        (False, False): Agreement.ALL_FIRST,
        (True, False): Agreement.CONTESTED,
        (False, True): Agreement.NOT_FIRST,
        (True, True): Agreement.BOTH,
    }[(len(contested) > 0, len(clearly_not) > 0)]
    return {
        "first_years": Value.listing(
            first_years, of="data years every release ranks Korea first", based_on=[every], ranges=True
        ),
        "agreement": Value.sentence(
            SENTENCES,
            agreement,
            [every],
            contested=Value.listing(
                [
                    f"{int(r.data_year)} ({count_word(int(r.releases_first))} of {count_word(int(r.releases_stated))} "
                    "put Korea first)"
                    for r in contested.itertuples()
                ],
                of="contested data years",
            ),
            not_first=Value.listing(map(year_label, clearly_not.itertuples()), of="data years Korea is not first"),
        ),
        "run_start": Value.derived(run_start(years), "d", [every], method="first data year of the unbroken run"),
        "last_year": Value.derived(
            int(years["data_year"].max()), "d", [every], method="latest data year of any release"
        ),
        "lithuania_joined": Value.of(oe.LITHUANIA_JOINED, "d"),
        "status_by_year": {int(r.data_year): _opt(r.status) for r in years.itertuples()},
        "korea_first_by_year": {
            int(r.data_year): (None if pd.isna(r.korea_first) else bool(r.korea_first)) for r in years.itertuples()
        },
        "releases_not_first": {
            int(r.data_year): r.releases_not_first for r in years.itertuples() if r.releases_not_first
        },
    }


def white_paper(x: Inputs) -> WhitePaper | None:
    """The white paper that printed a runner-up's rate beside Korea's and says in its note that Lithuania was
    higher (row WHITE_PAPER); None when the row, its ranking or the note is missing."""
    row = x.table[x.table["row_id"] == WHITE_PAPER]
    if row.empty or not (period := contradiction(row["note"].iloc[0])):
        return None
    release = row["release_id"].iloc[0]
    wp = x.verdicts[(x.verdicts["release_id"] == release) & x.verdicts["korea_value"].notna()]
    if wp.empty or pd.isna(wp.iloc[0]["runner_up_value"]):
        return None
    w = wp.iloc[0]
    refs = {"raw": [f"oecd_suicide/{WHITE_PAPER}"], "sources": src(row["source_id"].iloc[0])}

    def as_labelled(printed: object) -> str:
        return str(printed).replace(" (as labelled)", ", as labelled")

    return WhitePaper(
        release=Value.of(str(release), **refs),
        period=Value.of(period, **refs),
        korea=Value.of(float(w["korea_value"]), "g", **refs),
        korea_year=Value.of(as_labelled(w["data_year_as_printed"]), **refs),
        runner=Value.of(float(w["runner_up_value"]), "g", **refs),
        runner_year=Value.of(as_labelled(w["runner_up_year"]), **refs),
    )


def ranking_row(r: Any) -> RankingRow:
    """One release in the ranking table: Korea, the average, the runner-up, whether Korea is highest."""
    if not r.runner_up:
        ru = "–"
    else:
        ru = f"{r.runner_up} {r.runner_up_value:g}" if pd.notna(r.runner_up_value) else f"{r.runner_up} (no value)"
        ru += f" ({r.runner_up_year})" if r.runner_up_year != r.data_year_as_printed else ""
    verdict = {True: "yes", False: "no"}.get(None if pd.isna(r.korea_highest) else bool(r.korea_highest), "not stated")
    dated = isinstance(r.release_date, str) and r.release_date
    return RankingRow(
        data_year_as_printed=str(r.data_year_as_printed),
        release_id=r.release_id + (f" [{r.release_date}]" if dated else ""),
        korea=None if pd.isna(r.korea_value) else float(r.korea_value),
        oecd_average=None if pd.isna(r.oecd_average) else float(r.oecd_average),
        runner_up=ru,
        verdict=f"{verdict} ({r.verdict_basis})",
        sources=r.source_ids,
    )


def excluded_fields(x: Inputs) -> dict[str, Any]:
    """The rows left out of the ranking, by reason."""
    left_out = x.left_out
    left = Value.of(
        "",
        method="rows left out",
        rows=[f"oecd/row_id={i}" for i in left_out["row_id"]],
        raw=[f"oecd_suicide/{i}" for i in left_out["row_id"]],
        sources=sorted(set(left_out["source_id"])),
    )
    who_rows = left_out["standardisation"].str.startswith("WHO")
    who = left_out[who_rows & left_out["country"].str.contains("Korea")]
    example = None
    if len(who):
        w = who.iloc[0]
        refs = {"raw": [f"oecd_suicide/{w['row_id']}"], "sources": src(w["source_id"])}
        example = WhoExample(
            value=Value.of(float(w["value"]), "g", **refs),
            year=Value.of(str(w["data_year_as_printed"]), **refs),
            rank=Value.of(str(w["rank_stated"]), **refs),
        )
    return {
        "excluded_count": Value.derived(len(left_out), "d", [left], method="rows left out of the ranking"),
        "excluded_who": Value.derived(int(who_rows.sum()), "d", [left], method="WHO-standard rows"),
        "excluded_who_example": example,
        "excluded_aggregator": Value.derived(
            int(left_out["standardisation"].str.contains("aggregator").sum()), "d", [left], method="aggregator rows"
        ),
        "excluded_one_sex": Value.derived(
            int((left_out["sex"] != "total").sum()), "d", [left], method="rows for one sex"
        ),
    }


def chart_point(y: int, r: pd.Series) -> ChartPoint:
    ry, uncertain = runner_year(str(r["runner_up_year"]))
    return ChartPoint(
        data_year=int(y),
        release_id=r["release_id"],
        korea=float(r["korea_value"]),
        oecd_average=None if pd.isna(r["oecd_average"]) else float(r["oecd_average"]),
        korea_highest=None if pd.isna(r["korea_highest"]) else bool(r["korea_highest"]),
        korea_rank=None if pd.isna(r["korea_rank"]) else int(r["korea_rank"]),
        runner_up=r["runner_up"] or "",
        runner_up_value=None if pd.isna(r["runner_up_value"]) else float(r["runner_up_value"]),
        runner_up_year=ry,
        runner_up_year_uncertain=uncertain,
    )


def chart_fields(x: Inputs) -> dict[str, Any]:
    """Figure 6's points from the first year the parameters choose, its gaps and its unplaced runners-up."""
    first = int(x.P.oecd_first_year)
    shown = x.own.loc[x.own.index >= first]
    chart = [chart_point(int(y), r) for y, r in shown.iterrows()]
    unplaced = [
        f"{r['runner_up']} in the {int(y)} release"
        for y, r in shown.iterrows()
        if r["runner_up"] and runner_year(str(r["runner_up_year"]))[0] is None
    ]
    drawn = {p.data_year for p in chart}
    gaps = [y for y in range(min(drawn), max(drawn) + 1) if y not in drawn] if chart else []
    hs2025 = oe.release_series(x.table, "OECD Health Statistics 2025")
    return {
        "first_chart_year": first,
        "chart_available": bool(chart),
        "last_own_year": Value.of(int(x.own.index.max()), "d", method="latest data year of KOSTAT's own releases"),
        "chart": chart,
        "chart_hs2025": {int(y): float(v) for y, v in hs2025.items() if y >= first},
        "chart_gaps": gaps,
        "chart_unplaced": Value.listing(unplaced, of="runners-up without a stated data year", empty=""),
    }


def verdict_fields(x: Inputs) -> dict[str, Any]:
    """C11's verdict on the releases published before the article, and what later releases say."""
    claims = x.claims
    article = (
        claims.set_index("claim_id").at[Claim.OECD_HIGHEST, "source_id"]
        if Claim.OECD_HIGHEST in set(claims["claim_id"])
        else ""
    )
    article_date = x.sources.set_index("source_id")["date_published"].get(article, "") or "9999"
    verdict, judged_year = highest_verdict(x.verdicts, str(article_date)[:4])
    now = verdict if judged_year is None else highest_verdict(x.verdicts, "", judged_year)[0]
    later = x.years[x.years["data_year"] > (judged_year or int(x.years["data_year"].max()))]
    statuses = {int(r.data_year): r.status for r in later.itertuples() if not pd.isna(r.status)}
    return {"verdict": verdict, "verdict_now": now, "since": since(statuses, x.all_releases)}


def inputs(P: Params, tables: Tables | None = None) -> Inputs:
    """The processed tables (analysis.findings.tables) and the methods' summaries of them."""
    t = given(tables)
    table = t["oecd"]
    verdicts = oe.release_verdicts(table)
    return Inputs(
        P=P,
        table=table,
        sources=t["sources"],
        claims=t["claims"],
        verdicts=verdicts,
        years=oe.by_data_year(verdicts),
        own=oe.kostat_own_series(verdicts),
        left_out=oe.excluded(table),
    )


def findings(P: Params, tables: Tables | None = None) -> OecdFindings:
    """The OECD section's findings, composed from one builder per question."""
    x = inputs(P, tables)
    return OecdFindings(
        **latest_fields(x),
        **by_year_fields(x),
        white_paper=white_paper(x),
        ranking=[ranking_row(r) for r in x.verdicts.itertuples()],
        **excluded_fields(x),
        **chart_fields(x),
        **verdict_fields(x),
    )
