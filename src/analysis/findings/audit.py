"""Section 7, the claim audit, as one typed findings object.

``findings(P)`` judges every claim of the article (``data/processed/claims.csv``) by the rules of
:mod:`analysis.methods.audit`, at one reference date (the article's publication), and returns
:class:`AuditFindings`. A claim that rests on a section reads that section's conclusion: the audit never
re-decides what a section concluded (one finding, one verdict).

The sections are read through one function each (``arrivals_section``, ``suicide_section``,
``oecd_section``, ``surveys_section``), each returning that section's typed findings; the verdict on
"around double" is the suicide section's own ``SuicideFindings.around_double``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pandas as pd

from analysis.cleaning import arrivals as clean_arrivals
from analysis.cleaning import rawdata
from analysis.core.numbering import ref
from analysis.core.values import Findings, Record, Value
from analysis.core.wording import count_word, join_words
from analysis.errors import DataError
from analysis.findings import arrivals as arrivals_findings
from analysis.findings import suicide
from analysis.findings.arrivals import ArrivalsFindings
from analysis.findings.oecd import OecdFindings
from analysis.findings.selections import (
    ARTICLE_DATE_FACT,
    C06_STATEMENT,
    CUBA_DEFECTION,
    ELECTED,
    HANAWON_OPENED,
    HANAWON_REASON,
    HIDING,
    HIGHEST_SINCE,
    MEMOIRS,
    PERSECUTION,
    Q1_2024,
    REPATRIATION,
    THAE_DEFECTION,
    THAE_PARTS,
    THAE_POST,
    TRAFFICKING,
    UNIFICATION,
    WOMEN_LATER,
    Claim,
)
from analysis.findings.suicide import Published, PublishedRates, SuicideFindings
from analysis.findings.surveys import SurveysFindings
from analysis.findings.tables import Tables, given
from analysis.findings.verdict import Category, Verdict, article_figure
from analysis.methods import audit as rules
from analysis.params import Params

ARTICLE = "son-2024-australian-outlook"
PROJECT = "North Korean escapees in South Korea: a reproducible audit of published figures"
PARTS_RULE = (
    "supported if every part has a published record; with caveats if some parts have one and the others none; "
    "not supported if a record contradicts a part; cannot be checked if no part has one"
)
PARTS_BEFORE = " (a record of an event after the article does not count)"
PEAK_PERIOD = range(2000, 2014)  # 'the 2000s and early 2010s' (early 2010s: 2010-2013)
SEVERAL = 3
BASIS = {  # what each section's verdicts rest on, as the audit table names it
    "arrivals": f"MOU annual arrivals ({ref('sec:arrivals')})",
    "suicide": f"escapee and population suicide rates ({ref('sec:suicide')})",
    "oecd": f"OECD age-standardised suicide rates ({ref('sec:oecd')})",
    "surveys": f"NKDB 2023 as cited; survey data ({ref('sec:surveys')})",
    "": "published statements and documented events (data/raw/facts.csv)",
}
HANAWON_WEEKS = 12  # 'several months': at least three months, which Hanawon's sources equate with 12 weeks
RECENT_ELECTION_YEARS = 5  # 'in recent years': the five years before the reference date
RATING = {Category.SUPPORTED: 3, Category.CAVEATS: 2, Category.NOT_SUPPORTED: 1}


class AuditedClaim(Record):
    claim_id: str
    kind: str  # quantitative | qualitative
    topic: str
    quote: str
    verdict: Verdict  # on all evidence held now, about the period the claim speaks of
    verdict_name: Value  # the verdict as prose shows it, with the evidence's provenance
    then: Verdict  # the same rule on the evidence published by the article's date
    then_name: Value
    since: Value  # what was published for later periods ('no later figures' where nothing was)
    claimed: Value | None = None  # the article's figure, where it gives one
    basis: str
    same_number: Value | None = None  # where the claimed figure appears elsewhere in the raw data


class Tally(Record):
    kind: str
    claims: Value  # how many claims of this kind
    counts: dict[str, Value]  # verdict name -> count
    words: Value  # 'four are supported, ..., and two cannot be checked'


class SentenceRow(Record):
    """A sentence of the article that holds no audited claim, and why (Table: the article sentence by sentence)."""

    sentence: int
    paragraph: int
    text: str
    excluded_as: str
    note: str


class Inventory(Record):
    """The article sentence by sentence: every checkable sentence holds an audited claim, or says why not."""

    sentences: Value  # how many sentences the article has (headings, author and licence included)
    with_claims: Value  # how many hold an audited claim
    excluded: Value  # how many hold none
    rows: list[SentenceRow]  # the ones that hold none, with the reason
    partly: list[SentenceRow]  # sentences holding a claim with a further part that is not audited, and why


class Article(Record):
    source_id: str
    author: str
    headline: str
    publisher: str
    url: str
    date: str  # the reference date, YYYY-MM


class Timing(StrEnum):
    """Whether any verdict on the evidence published by the article's date differs from the verdict now."""

    SAME = "every verdict the same at both dates"
    CHANGED = "some verdicts differ between the dates"


#: The tolerances the methods edition's exercise asks a reader to try (Section 7's "Try this").
TRIAL_TOLERANCES = (0.5, 0.99)


class Trial(Record):
    """What the two rules that read ``ratio_tolerance`` give at another tolerance, on this build's evidence (the
    answer to Section 7's exercise): "around a hundred each year" and "around double"."""

    tolerance: Value
    per_year: Category
    per_year_reason: Value
    around_double: Category
    around_double_reason: Value


class RuleChange(Record):
    """What version 0.5's rule for 'around' changed on this build's evidence (Section S7.4): the verdicts of
    Table S4 that moved, and the verdict on "around double" by the earlier rule."""

    verdicts: Value  # how many verdicts Table S4 gives (one per crude ratio)
    moved: Value  # how many of them moved
    moves: Value  # 'eleven from supported to supported with caveats and ...'
    around_double_before: Category
    simulation_before: Category | None = None  # Section 4.5's reading of the combined-bias simulation (if made)
    simulation_now: str | None = None


class AuditFindings(Findings):
    SECTION = "claim_audit"

    article: Article
    reference_date: Value  # 'July 2024'
    reference_year: Value  # the last full year before it
    article_date_event: Value  # the dated event that fixes it
    claims: list[AuditedClaim]
    quantitative: Tally  # verdicts now
    qualitative: Tally
    then_quantitative: Tally  # verdicts at the article's date
    then_qualitative: Tally
    timing: Timing  # whether hindsight moves a verdict
    trials: list[Trial]  # the exercise's tolerances (TRIAL_TOLERANCES), judged by the same rules
    rule_change: RuleChange
    now_date: Value  # 'February 2026': the latest publication month among the sources
    undated: Value  # the claims that rest partly on an undated source (counted at both dates)
    published_then: Published | None  # the latest rate comparison MOU had published by the article's date
    total: Value
    inventory: Inventory
    ratio_tolerance: Value
    share_tolerance: Value
    sections_read: dict[str, str]  # section -> what the audit read of it ('typed findings')

    @property
    def then_differs(self) -> bool:
        """Some claim's verdict at the article's date differs from its verdict now: the report gives both."""
        return self.timing is Timing.CHANGED

    def claim(self, claim_id: str) -> AuditedClaim:
        found = [c for c in self.claims if c.claim_id == claim_id]
        if not found:
            raise KeyError(f"no audited claim {claim_id!r}")
        return found[0]

    def verdict(self, claim_id: str) -> Verdict:
        return self.claim(claim_id).verdict


# ------------------------------------------------------------------------------------------ sections
def arrivals_section() -> ArrivalsFindings:
    return ArrivalsFindings.load()


def suicide_section() -> SuicideFindings:
    return SuicideFindings.load()


def oecd_section() -> OecdFindings:
    return OecdFindings.load()


def surveys_section() -> SurveysFindings:
    return SurveysFindings.load()


# ------------------------------------------------------------------------------------------ helpers
def _verdict(
    claim_id: str,
    judgement: rules.Judgement,
    rule: str,
    evidence: list[Value],
    *,
    section: str = "",
    since: Value | None = None,
) -> Verdict:
    return Verdict(
        claim_id=claim_id,
        category=Category(judgement.category),
        rule=rule,
        reason=Value.derived(judgement.reason, "", evidence, method="the rule's reason (claims table)"),
        evidence=evidence,
        section=section,
        since=since,
    )


def _fact(facts: pd.DataFrame, fact_id: str) -> pd.Series:
    rows = facts[facts["fact_id"] == fact_id]
    if rows.empty:
        raise DataError(f"data/raw/facts.csv: fact {fact_id} not found (the claim audit reads it)")
    return rows.iloc[0]


def _fact_value(facts: pd.DataFrame, fact_id: str) -> Value:
    r = _fact(facts, fact_id)
    return Value.of(
        r["value_published"],
        method=str(r["statement"]),
        rows=[f"facts/{fact_id}"],
        raw=[f"facts/{fact_id}"],
        sources=[r["source_id"]],
    )


def article_ref(sources: pd.DataFrame, date: str) -> Article:
    """Author and headline from the source row's title ('Sarah A. Son, "From ..."')."""
    r = sources.set_index("source_id").loc[ARTICLE]
    m = re.match(r'^(?P<author>[^,]+), "(?P<headline>.+)"$', str(r["title"]))
    if not m:
        raise DataError(
            f"data/raw/sources.csv: the title of {ARTICLE} should read 'Author, \"Headline\"', got {r['title']!r}"
        )
    if not str(r["date_published"]).startswith(date[:4]):
        raise DataError(
            f"data/raw/facts.csv: fact {ARTICLE_DATE_FACT} dates the article to {date}, but sources.csv "
            f"gives {r['date_published']!r} for {ARTICLE}"
        )
    return Article(
        source_id=ARTICLE,
        author=m["author"],
        headline=m["headline"],
        publisher=str(r["publisher"]),
        url=str(r["url"]),
        date=date,
    )


def raw_tables() -> dict[str, pd.DataFrame]:
    """Every raw table the project holds, as transcribed (text), for the search for the same number."""
    return {name: rawdata.read(name) for name in rawdata.resources()}


def same_number_words(hits: list[tuple[str, str, tuple[str, ...]]]) -> str:
    """'nowhere else in the raw data' or 'in the raw data at survey_nkdb K041 (value, note) and ...'."""
    if not hits:
        return "nowhere else in the raw data"
    return "elsewhere in the raw data at " + join_words([f"{t} {rid} ({', '.join(cols)})" for t, rid, cols in hits])


def same_number_value(raw: dict[str, pd.DataFrame], claim_id: str, value: float) -> Value:
    """The search for the claim's number in every raw table, as prose, with the rows found as provenance."""
    hits = rules.same_number(raw, value, exclude=[("article_claims", claim_id)])
    return Value.of(
        same_number_words(hits),
        method=f"cells and notes of every raw table holding {value:g}",
        raw=[f"{t}/{rid}" for t, rid, _ in hits] + [f"article_claims/{claim_id}"],
        sources=[ARTICLE],
    )


def _arrivals_value(A: ArrivalsFindings, year: int) -> Value:
    if year in A.arrivals:
        return A.arrivals[year]
    return Value.of(
        A.arrivals_with_early_years[year],
        ",",
        method=f"arrivals in {year} (published inside MOU's early columns)",
    )


def _since_arrivals(A: ArrivalsFindings, after: int) -> Value:
    later = [y for y in sorted(A.arrivals) if y > after]
    return Value.listing(
        [f"{A.arrivals[y].text} in {y}" for y in later],
        based_on=[A.arrivals[y] for y in later],
        of="arrivals after the reference date",
    )


# ------------------------------------------------------------------------------------------ verdicts
def values_of(A: ArrivalsFindings) -> dict[int, float]:
    """Every single year's arrivals, those published inside MOU's early columns included."""
    return {int(y): float(v) for y, v in A.arrivals_with_early_years.items()}


def arrivals_verdicts(
    A: ArrivalsFindings,
    claims: pd.DataFrame,
    facts: pd.DataFrame,
    reference: str,
    P: Params,
) -> dict[str, Verdict]:
    """C01, C02, C03, C05 and C07, judged on the arrivals section's findings."""
    values = values_of(A)
    recent = rules.window(reference)
    last = rules.last_full_year(reference)
    claimed = claims.set_index("claim_id")["claimed_value"]
    since = _since_arrivals(A, last)
    recent_values = [_arrivals_value(A, y) for y in recent]
    out = {}
    out[Claim.LOWEST] = _verdict(
        Claim.LOWEST,
        rules.lowest_in_over(values, recent, float(claimed[Claim.LOWEST])),
        f"supported if each of the three full years before the article was below every year in the more than "
        f"{claimed[Claim.LOWEST]:g} years before them (the last year as low as the highest of them lies further back); not supported if a year "
        "within that span was as low",
        recent_values,
        section="arrivals",
        since=since,
    )
    out[Claim.DOWN_FROM_PEAK] = _verdict(
        Claim.DOWN_FROM_PEAK,
        rules.peak_then_down(values, PEAK_PERIOD, last),
        f"supported if the peak year falls in {PEAK_PERIOD.start}-{PEAK_PERIOD.stop - 1} and {last} is below half "
        "of the peak; not supported otherwise",
        [A.peak_arrivals, A.arrivals[last]],
        section="arrivals",
        since=since,
    )
    out[Claim.OVER_AT_PEAK] = _verdict(
        Claim.OVER_AT_PEAK,
        rules.most_years_over_at_peak(values, PEAK_PERIOD, float(A.over.value)),
        f"'at that time [the peak], ... most years': supported if more than half of the peak years (the years of "
        f"{PEAK_PERIOD.start}-{PEAK_PERIOD.stop - 1} with at least half of the peak's arrivals, the half that reads "
        f"'down considerably' in C02) had over {A.over.text} arrivals; not supported if half or fewer did",
        [_arrivals_value(A, y) for y in rules.near_peak_years(values, PEAK_PERIOD)],
        section="arrivals",
    )
    q1 = _fact_value(facts, Q1_2024)
    out[Claim.PER_YEAR] = _verdict(
        Claim.PER_YEAR,
        rules.around_on_average(values, recent, float(claimed[Claim.PER_YEAR]), P.ratio_tolerance),
        f"'around {claimed[Claim.PER_YEAR]:g} each year', on two tests: the mean of the three full years before the "
        f"article lies within ±{P.ratio_tolerance:.0%}, and so does each of those years; {rules.AROUND_RULE}",
        recent_values + [q1],
        section="arrivals",
        since=since,
    )
    share, period = A.cumulative_share[last], f"of all arrivals to the end of {last}"
    share_value = Value.derived(
        share,
        ".1f",
        [A.arrivals[y] for y in sorted(A.arrivals) if y <= last],
        unit="%",
        method=f"women's share {period}",
    )
    later = [_fact_value(facts, WOMEN_LATER)]
    out[Claim.WOMEN] = _verdict(
        Claim.WOMEN,
        rules.share_around(share, float(A.article_share.value), P.share_tolerance_pp, of=period),
        f"supported if women's share of all arrivals to the end of {last} is within ±{P.share_tolerance_pp:g} "
        f"percentage points of {A.article_share.text}%; not supported otherwise",
        [share_value],
        section="arrivals",
        since=Value.derived(
            f"{A.cumulative_women_share.text}% of all arrivals to the end of {A.last_year.text}; "
            f"{later[0].text}% in a lawmaker's figure for September 2024 (its basis not stated)",
            "",
            [A.cumulative_women_share, *later],
            method="women's share after the reference date",
        ),
    )
    return out


def suicide_verdict(S: SuicideFindings, sources: pd.DataFrame, reference: str, then: bool = False) -> Verdict:
    """C10 'around double': the suicide section's own verdict (one finding, one verdict; ``then``: its verdict
    on the counts published by the reference month), with the rates MOU published after the reference date
    shown beside it, not mixed in."""
    dates = sources.set_index("source_id")["date_published"].astype(str)
    later = [p for p in mou_rates(S.published) if not rules.published_by(dates.get(p.source_id, ""), reference)]
    since = None
    if later:
        since = Value.derived(
            "; ".join(f"MOU {dates[p.source_id][:4]}: a crude ratio of {p.ratio} for {p.period}" for p in later),
            "",
            [p.ratio for p in later],
            method="published after the reference date",
        )
    verdict = S.around_double_then if then else S.around_double
    return verdict.model_copy(update={"since": since, "section": "suicide"})


def oecd_verdict(OE: OecdFindings, then: bool = False) -> Verdict:
    """C11: the OECD section's own verdict (``then``: on the releases published before the article; otherwise
    on every release's figures for the same data year), with what later data years show beside it."""
    return _from_section(OE.verdict if then else OE.verdict_now, "oecd", OE.since)


def _from_section(verdict: Verdict, section: str, since: Value | None = None) -> Verdict:
    """A section's verdict as the audit shows it: the same category, rule and reason; the section named
    and, where the section states it apart, what later periods show."""
    update: dict[str, Any] = {"section": verdict.section or section}
    if verdict.since is None and since is not None:
        update["since"] = since
    return verdict.model_copy(update=update)


def facts_verdicts(claims: pd.DataFrame, facts: pd.DataFrame, reference: str) -> dict[str, Verdict]:
    """C04, C06, C13, C14, C15: published statements and documented events."""
    out = {}
    stays = facts[(facts["topic"] == "hanawon") & facts["unit"].isin(["weeks", "months"])]
    weeks = {r.fact_id: float(r.value) * (52 / 12 if r.unit == "months" else 1) for r in stays.itertuples()}
    agree = [(f"“{r.value_published} {r.unit}”", weeks[r.fact_id] >= HANAWON_WEEKS) for r in stays.itertuples()]
    out[Claim.HANAWON_STAY] = _verdict(
        Claim.HANAWON_STAY,
        rules.by_sources(agree, "lengths of the Hanawon stay"),
        f"'several months' read as at least three months ({HANAWON_WEEKS} weeks, as the sources equate them): "
        "supported if every published length is; with caveats if most are; not supported if half or fewer are",
        [_fact_value(facts, f) for f in stays["fact_id"]],
    )
    statement = _fact(facts, C06_STATEMENT)
    documented = str(statement["date"])[:7] <= reference
    out[Claim.FROM_CHINA] = _verdict(
        Claim.FROM_CHINA,
        rules.parts_documented(
            {
                "an MOU official's statement that most arrivals had been staying in third countries such as China": True
                if documented
                else None,
                "living there illegally, for some time": None,
            }
        ),
        PARTS_RULE + PARTS_BEFORE,
        [_fact_value(facts, C06_STATEMENT)],
    )
    ref_year = int(reference[:4])
    elected = facts[facts["fact_id"].isin(ELECTED)]
    recent = elected[elected["value"].astype(float).between(ref_year - RECENT_ELECTION_YEARS + 1, ref_year)]
    out[Claim.ELECTED] = _verdict(
        Claim.ELECTED,
        rules.at_least(
            len(recent),
            SEVERAL,
            lower_bound=True,
            what=f"escapees elected to the National Assembly in {ref_year - RECENT_ELECTION_YEARS + 1}-"
            f"{ref_year} ({_by_year(recent['value_published'])})",
        ),
        f"'several' read as at least {count_word(SEVERAL)}, 'recent years' as the {count_word(RECENT_ELECTION_YEARS)} "
        "years before the article; candidates who were not elected were not transcribed, so too few elected is "
        "not a refutation",
        [_fact_value(facts, f) for f in recent["fact_id"]],
    )
    parts = {}
    for part, fid in THAE_PARTS.items():
        r = _fact(facts, fid)
        when = str(r["date"])[:7] if r["unit"] == "date" else str(r["value_published"])
        parts[part] = True if when <= reference else None
    out[Claim.THAE_SINCE] = _verdict(
        Claim.THAE_SINCE,
        rules.parts_documented(parts),
        PARTS_RULE + PARTS_BEFORE,
        [_fact_value(facts, f) for f in THAE_PARTS.values()],
    )
    claimed = int(claims.set_index("claim_id").at[Claim.THAE_YEAR, "claimed_value"])
    reports = {f"{f} ({_fact(facts, f)['source_id']})": _fact(facts, f) for f in THAE_DEFECTION}
    agree = {
        label: int(float(r["value"])) == claimed and any(w in r["statement"] for w in THAE_POST)
        for label, r in reports.items()
    }
    out[Claim.THAE_YEAR] = _verdict(
        Claim.THAE_YEAR,
        rules.by_sources(agree, "reports of his post and the year he defected"),
        "supported if every published report gives the same year and places him at the embassy in London; with "
        "caveats if most do; not supported if half or fewer do",
        [_fact_value(facts, f) for f in THAE_DEFECTION],
    )
    return out


def _has(facts: pd.DataFrame, fact_id: str | None) -> bool:
    """Whether the facts of this date hold ``fact_id`` (a later source may have been left out)."""
    return fact_id is not None and bool((facts["fact_id"] == fact_id).any())


def _values(facts: pd.DataFrame, ids: Any) -> list[Value]:
    return [_fact_value(facts, f) for f in ids if _has(facts, f)]


def _documented(parts: dict[str, str | None], facts: pd.DataFrame) -> rules.Judgement:
    """``parts_documented`` on parts each documented by a fact (None: no record was found)."""
    return rules.parts_documented({part: True if _has(facts, fid) else None for part, fid in parts.items()})


def _by_year(years: pd.Series) -> str:
    """Events by year as prose counts them: '2020, 2020, 2024' -> 'two in 2020 and one in 2024'."""
    counts = years.astype(str).value_counts(sort=False).sort_index()
    return join_words([f"{count_word(int(n))} in {y}" for y, n in counts.items()])


def context_verdicts(
    claims: pd.DataFrame, facts: pd.DataFrame, sources: pd.DataFrame, reference: str, A: ArrivalsFindings
) -> dict[str, Verdict]:
    """C16-C23: the article's further checkable sentences (events, Hanawon's opening, onward migration, China,
    North Korea's 2024 statement, trafficking, memoirs), judged on the facts of this date."""
    out = {}
    event = str(_fact(facts, CUBA_DEFECTION)["date"]) if _has(facts, CUBA_DEFECTION) else ""
    disclosed = str(_fact(facts, ARTICLE_DATE_FACT)["date"])[:7] if _has(facts, ARTICLE_DATE_FACT) else ""
    out[Claim.CUBA_DEFECTION] = _verdict(
        Claim.CUBA_DEFECTION,
        rules.dated_event(event, disclosed, reference, "the defection of North Korea's diplomat in Cuba"),
        "'earlier this month': supported if the defection took place in the article's month; with caveats if "
        "only its disclosure did; not supported if neither. The article's month is dated by that disclosure, so "
        "only the defection's own date tests the claim, which can be supported or with caveats, not refuted",
        _values(facts, (CUBA_DEFECTION, ARTICLE_DATE_FACT)),
    )
    publisher = sources.set_index("source_id")["publisher"]
    reports = [_fact(facts, f) for f in HIGHEST_SINCE if _has(facts, f)]
    out[Claim.HIGHEST_RANKING] = _verdict(
        Claim.HIGHEST_RANKING,
        rules.by_sources(
            [
                (str(publisher.get(r["source_id"], r["source_id"])), "highest-ranking" in r["statement"])
                for r in reports
            ],
            "reports of his rank",
        ),
        "supported if every report of his rank calls him the highest-ranking defector since Thae Yong-ho; with "
        "caveats if most do; not supported if half or fewer do",
        _values(facts, HIGHEST_SINCE),
    )
    opened = int(str(_fact(facts, HANAWON_OPENED)["date"])[:4]) if _has(facts, HANAWON_OPENED) else None
    out[Claim.HANAWON_OPENED] = _verdict(
        Claim.HANAWON_OPENED,
        rules.opened_during(
            opened,
            rules.near_peak_years(values_of(A), PEAK_PERIOD),
            _has(facts, HANAWON_REASON),
            "Hanawon",
            A.arrivals_with_early_years.get(opened) if opened else None,
        ),
        "'then' read as the peak years, as 'at that time' is for C03: supported if Hanawon opened in one of them "
        "and a source gives the numbers as the reason; with caveats if only one holds; not supported if neither",
        _values(facts, (HANAWON_OPENED, HANAWON_REASON)) + [_arrivals_value(A, opened)] if opened else [],
    )
    out.update(parts_verdicts(facts))
    return out


def parts_verdicts(facts: pd.DataFrame) -> dict[str, Verdict]:
    """C19-C25: claims of several parts, each part judged on whether a fact documents it (PARTS_RULE)."""
    out = {}
    abroad = facts[facts["topic"] == "departures"]
    out[Claim.MOVED_ON] = _verdict(
        Claim.MOVED_ON,
        rules.parts_documented(
            {"escapees living in other countries": True if len(abroad) else None, "to escape the stigma": None}
        ),
        PARTS_RULE,
        _values(facts, abroad["fact_id"]),
    )
    out[Claim.REPATRIATION] = _verdict(
        Claim.REPATRIATION,
        _documented(REPATRIATION, facts),
        PARTS_RULE,
        _values(facts, [f for f in REPATRIATION.values() if f]),
    )
    for cid, parts in (
        (Claim.UNIFICATION, UNIFICATION),
        (Claim.TRAFFICKING, TRAFFICKING),
        (Claim.PERSECUTION, PERSECUTION),
        (Claim.HIDING, HIDING),
    ):
        out[cid] = _verdict(
            cid,
            _documented(parts, facts),
            PARTS_RULE,
            _values(facts, [f for f in parts.values() if f]),
        )
    out[Claim.MEMOIRS] = _verdict(
        Claim.MEMOIRS,
        _documented(
            {"memoirs described as bestsellers abroad": next((f for f in MEMOIRS if _has(facts, f)), None)},
            facts,
        ),
        PARTS_RULE,
        _values(facts, MEMOIRS),
    )
    return out


def cited_verdicts(S: SurveysFindings) -> dict[str, Verdict]:
    """C08, C09, C12: the surveys section's own verdicts on the NKDB 2023 figures the article cites."""
    return {cid: _from_section(v, "surveys") for cid, v in S.verdicts.items()}


# ------------------------------------------------------------------------------------------ two dates
@dataclass(frozen=True)
class Evidence:
    """What one of the audit's two dates reads: the sections' findings and verdicts, and the facts."""

    arrivals: ArrivalsFindings
    suicide: Verdict
    oecd: Verdict
    surveys: SurveysFindings
    facts: pd.DataFrame


def published_rows(table: pd.DataFrame, reference: str, column: str = "published") -> pd.DataFrame:
    """The rows of ``table`` whose publication date (``column``) is by the end of the reference month."""
    return table[[rules.published_by(d, reference) for d in table[column]]]


def arrivals_then(P: Params, rule: str, reference: str) -> ArrivalsFindings:
    """The arrivals section's findings on the figures published by the reference month: the same cleaning
    and vintage rule, with every later vintage and cumulative total left out."""
    vintages = published_rows(clean_arrivals.tidy_vintages(rawdata.read("arrivals")), reference)
    reported = published_rows(clean_arrivals.tidy_cumulative(rawdata.read("arrivals_cumulative")), reference)
    adopted = clean_arrivals.adopted_table(vintages, rule)
    tables = Tables({"arrivals": adopted, "arrivals_cumulative": reported, "arrivals_vintages": vintages})
    return arrivals_findings.findings(P, tables)


def facts_then(facts: pd.DataFrame, sources: pd.DataFrame, reference: str) -> pd.DataFrame:
    """The facts whose source was published by the reference month (undated sources count)."""
    dates = sources.set_index("source_id")["date_published"]
    return facts[[rules.published_by(dates.get(s, ""), reference) for s in facts["source_id"]]]


def judge(ev: Evidence, claims: pd.DataFrame, sources: pd.DataFrame, reference: str, P: Params) -> dict[str, Verdict]:
    """Every claim's verdict on one date's evidence: the same rules for both dates."""
    verdicts = {
        **arrivals_verdicts(ev.arrivals, claims, ev.facts, reference, P),
        Claim.AROUND_DOUBLE: ev.suicide,
        Claim.OECD_HIGHEST: ev.oecd,
        **facts_verdicts(claims, ev.facts, reference),
        **context_verdicts(claims, ev.facts, sources, reference, ev.arrivals),
        **cited_verdicts(ev.surveys),
    }
    missing = sorted(set(claims["claim_id"]) - set(verdicts))
    if missing:
        raise DataError(f"data/raw/article_claims.csv: no audit rule for claim(s) {', '.join(missing)}")
    return verdicts


def undated_sources(verdicts: dict[str, Verdict], sources: pd.DataFrame) -> list[str]:
    """The claims whose evidence cites a source without a publication date (counted at both dates)."""
    dates = sources.set_index("source_id")["date_published"].astype(str)
    return sorted(
        cid
        for cid, v in verdicts.items()
        if any(dates.get(s, "") in ("", "nan") for e in v.evidence for s in e.sources)
    )


def latest_month(sources: pd.DataFrame) -> str:
    """The latest publication month among the sources: what 'now' means, taken from the data."""
    dated = [str(d) for d in sources["date_published"] if len(str(d)) >= 7 and str(d)[:4].isdigit()]
    return max(d[:7] for d in dated)


def mou_rates(published: PublishedRates) -> list[Published]:
    """MOU's published rate comparisons, oldest first."""
    return [published.mou_long, published.mou_recent]


def both_dates(
    P: Params,
    sections: tuple[ArrivalsFindings, SuicideFindings, OecdFindings, SurveysFindings],
    claims: pd.DataFrame,
    facts: pd.DataFrame,
    sources: pd.DataFrame,
    reference: str,
) -> tuple[dict[str, Verdict], dict[str, Verdict]]:
    """Every claim's verdict on all the evidence (now) and on the evidence published by ``reference`` (then)."""
    A, SU, OE, S = sections
    now = Evidence(A, suicide_verdict(SU, sources, reference), oecd_verdict(OE), S, facts)
    then = Evidence(
        arrivals_then(P, A.vintage_rule, reference),
        suicide_verdict(SU, sources, reference, then=True),
        oecd_verdict(OE, then=True),
        S,
        facts_then(facts, sources, reference),
    )
    return judge(now, claims, sources, reference, P), judge(then, claims, sources, reference, P)


def trials(P: Params, A: ArrivalsFindings, SU: SuicideFindings, claims: pd.DataFrame, reference: str) -> list[Trial]:
    """The verdicts of the two claims that read ``ratio_tolerance`` at each of TRIAL_TOLERANCES, by their own
    rules, on the evidence now."""
    out = []
    values, years = values_of(A), rules.window(reference)
    claimed = float(claims.set_index("claim_id")["claimed_value"][Claim.PER_YEAR])
    for t in TRIAL_TOLERANCES:
        per_year = rules.around_on_average(values, years, claimed, t)
        _, double, _ = suicide.conclusion(P.model_copy(update={"ratio_tolerance": t}), SU.primary)
        out.append(
            Trial(
                tolerance=Value.of(t, "g", method="the exercise's tolerance"),
                per_year=Category(per_year.category),
                per_year_reason=Value.of(per_year.reason, method="the rule on 'around a hundred each year'"),
                around_double=double.category,
                around_double_reason=double.reason,
            )
        )
    return out


def rule_change(P: Params, SU: SuicideFindings) -> RuleChange:
    """Table S4's verdicts (on the crude ratios) and the one on "around double", by version 0.5's rule and by the
    earlier one."""
    t = P.ratio_tolerance
    crude = [s for s in SU.estimates.specs if s.adjustment == "crude"]
    pairs = ((suicide.verdict_before_0_5(s.value, s.lower, s.upper, t), s.verdict) for s in crude)
    moves = Counter((before, now) for before, now in pairs if before != now)
    c, sim = SU.primary.crude, SU.combined_bias
    before = suicide.verdict_before_0_5(c.value.value, c.lower, c.upper, t) if SU.primary.available else None
    sim_before = suicide.verdict_before_0_5(sim.crude.value.value, sim.crude.lower, sim.crude.upper, t) if sim else None
    return RuleChange(
        verdicts=Value.of(len(crude), "d", method="Table S4's verdicts: one per crude ratio"),
        moved=Value.of(sum(moves.values()), "d", text=count_word(sum(moves.values())), method="verdicts moved"),
        moves=Value.listing(
            [f"{count_word(n)} from {a.value} to {b.value}" for (a, b), n in sorted(moves.items())],
            of="Table S4's verdicts moved by the rule of version 0.5",
        ),
        around_double_before=before or Category.CANNOT_CHECK,
        simulation_before=sim_before,
        simulation_now=sim.simulated_verdict if sim else None,
    )


def timing(audited: list[AuditedClaim]) -> Timing:
    """Whether any claim's verdict on the evidence published by the article's date differs from its verdict on all
    the evidence: the report then gives both; otherwise it says the verdicts once, for both dates."""
    return Timing.CHANGED if any(c.then.category != c.verdict.category for c in audited) else Timing.SAME


def dates_fields(
    audited: list[AuditedClaim],
    now: dict[str, Verdict],
    published: PublishedRates,
    sources: pd.DataFrame,
    reference: str,
) -> dict[str, Any]:
    """The tallies at the article's date, what 'now' means, the undated sources, and MOU's rate comparison
    published by the article's date."""
    dates = sources.set_index("source_id")["date_published"]
    known = [p for p in mou_rates(published) if rules.published_by(dates.get(p.source_id, ""), reference)]
    undated = undated_sources(now, sources)
    return {
        "timing": timing(audited),
        "then_quantitative": tally("quantitative", audited, then=True),
        "then_qualitative": tally("qualitative", audited, then=True),
        "published_then": known[-1] if known else None,
        "now_date": Value.of(
            rules.month_words(latest_month(sources)),
            method="the latest publication month among the sources (data/raw/sources.csv)",
        ),
        "undated": Value.of(
            len(undated),
            text=count_word(len(undated)),
            method="claims whose evidence cites a source without a publication date",
            raw=[f"article_claims/{c}" for c in undated],
        ),
    }


# ------------------------------------------------------------------------------------------ every sentence
def inventory(sentences: pd.DataFrame, claims: pd.DataFrame) -> Inventory:
    """The article's sentences (``data/raw/article_sentences.csv``) checked against the claims: each claim is held
    by exactly one sentence, which contains its quote; each sentence holds a claim or says why it holds none."""
    where = "data/raw/article_sentences.csv"
    held = {cid: r for r in sentences.itertuples() for cid in str(r.claims or "").split()}
    for c in claims.itertuples():
        if c.claim_id not in held:
            raise DataError(f"{where}: no sentence holds claim {c.claim_id} (column claims)")
        if c.quote not in held[c.claim_id].text:
            raise DataError(
                f"{where} row {held[c.claim_id].Index + 2}, column text: expected the quote of {c.claim_id} "
                f"({c.quote[:40]!r}...)"
            )
    unknown = sorted(set(held) - set(claims["claim_id"]))
    if unknown:
        raise DataError(f"{where}, column claims: {', '.join(unknown)} not in data/raw/article_claims.csv")
    for r in sentences.itertuples():
        if bool(str(r.claims or "")) == bool(str(r.excluded_as or "")):
            raise DataError(f"{where} row {r.Index + 2}: expected either claims or excluded_as, not both or neither")
    out = sentences[sentences["claims"].fillna("") == ""]
    partly = sentences[(sentences["claims"].fillna("") != "") & (sentences["note"].fillna("") != "")]
    rows = ["article_sentences/" + str(n) for n in sentences["sentence"]]
    count = {"raw": rows, "sources": [ARTICLE]}
    return Inventory(
        sentences=Value.of(len(sentences), "d", method="sentences of the article", **count),
        with_claims=Value.of(len(sentences) - len(out), "d", method="sentences holding an audited claim", **count),
        excluded=Value.of(len(out), "d", method="sentences holding no audited claim", **count),
        rows=[
            SentenceRow(
                sentence=int(r.sentence),
                paragraph=int(r.paragraph),
                text=str(r.text),
                excluded_as=str(r.excluded_as),
                note=str(r.note or ""),
            )
            for r in out.itertuples()
        ],
        partly=[
            SentenceRow(
                sentence=int(r.sentence),
                paragraph=int(r.paragraph),
                text=str(r.text),
                excluded_as=f"in part (audited: {', '.join(str(r.claims).split())})",
                note=str(r.note),
            )
            for r in partly.itertuples()
        ],
    )


# ------------------------------------------------------------------------------------------ assembling
def audited_claim(r: Any, verdict: Verdict, then: Verdict, basis: str, same: Value | None) -> AuditedClaim:
    """One claim's row of the audit: the verdict, its name and 'since' as prose values."""
    return AuditedClaim(
        claim_id=r.claim_id,
        kind=r.kind,
        topic=r.topic,
        quote=r.quote,
        verdict=verdict,
        verdict_name=Value.label(verdict.name, of="the verdict on all the evidence", based_on=verdict.evidence),
        then=then,
        then_name=Value.label(then.name, of="the verdict at the article's date", based_on=then.evidence),
        since=verdict.since or Value.sentence(NO_LATER, "none"),
        claimed=article_figure(r),
        basis=basis,
        same_number=same,
    )


NO_LATER = {"none": "No figures for later periods."}
#: A verdict as a tally counts it ('three that cannot be checked').
TALLIED = {
    v: ("that " + v if v == rules.UNCHECKABLE else v) for v in rules.VERDICTS
}  # the "Since the article" cell of a claim with none


def tally(kind: str, audited: list[AuditedClaim], then: bool = False) -> Tally:
    """How many claims of ``kind`` got each verdict (``then``: at the article's date; otherwise now)."""
    mine = [c for c in audited if c.kind == kind]
    counts = rules.tally((c.then if then else c.verdict).category.value for c in mine)
    rows = [f"article_claims/{c.claim_id}" for c in mine]
    claims = Value.of(
        len(mine),
        "d",
        text=count_word(len(mine)),
        method=f"{kind} claims audited",
        raw=rows,
        sources=[ARTICLE],
    )
    return Tally(
        kind=kind,
        claims=claims,
        counts={
            k: Value.of(
                n,
                "d",
                text=count_word(n),
                method=f"{kind} claims {k}" + (" at the article's date" if then else ""),
                raw=rows,
                sources=[ARTICLE],
            )
            for k, n in counts.items()
        },
        words=Value.listing(
            [f"{count_word(counts[v])} {TALLIED[v]}" for v in rules.VERDICTS if counts.get(v)],
            of="verdicts",
            based_on=[claims],
        ),
    )


def findings(P: Params, tables: Tables | None = None, raw: dict[str, pd.DataFrame] | None = None) -> AuditFindings:
    """Every claim judged at the article's date, from the sections' findings and the facts (``raw``: every raw
    table, by name, read from data/raw when not given)."""
    t = given(tables)
    claims, facts, sources = t["claims"], t["facts"], t["sources"]
    raw = raw_tables() if raw is None else raw
    event = _fact(facts, ARTICLE_DATE_FACT)
    reference = rules.reference_month(str(event["date"]))
    article = article_ref(sources, reference)
    percent = claims[claims["claimed_unit"] == "percent"]
    others = {name: table for name, table in raw.items() if name != "article_sentences"}  # not the article itself
    hits = {r.claim_id: same_number_value(others, r.claim_id, float(r.claimed_value)) for r in percent.itertuples()}
    sections = (arrivals_section(), suicide_section(), oecd_section(), surveys_section())
    now, then = both_dates(P, sections, claims, facts, sources, reference)
    audited = [
        audited_claim(r, now[r.claim_id], then[r.claim_id], BASIS[now[r.claim_id].section], hits.get(r.claim_id))
        for r in claims.sort_values("claim_id").itertuples()
    ]
    last = rules.last_full_year(reference)
    return AuditFindings(
        article=article,
        reference_date=Value.of(
            rules.month_words(reference),
            method="the month of the event the article calls 'earlier this month'",
            rows=[f"facts/{ARTICLE_DATE_FACT}"],
            raw=[f"facts/{ARTICLE_DATE_FACT}"],
            sources=[event["source_id"]],
        ),
        reference_year=Value.of(last, "d", method="the last full year before the article"),
        article_date_event=_fact_value(facts, ARTICLE_DATE_FACT),
        claims=audited,
        quantitative=tally("quantitative", audited),
        qualitative=tally("qualitative", audited),
        trials=trials(P, sections[0], sections[1], claims, reference),
        rule_change=rule_change(P, sections[1]),
        **dates_fields(audited, now, sections[1].published, sources, reference),
        total=Value.of(len(audited), "d", text=count_word(len(audited)), method="claims audited"),
        inventory=inventory(raw["article_sentences"].fillna(""), claims),
        ratio_tolerance=Value.of(P.ratio_tolerance, ".0%", method="parameter ratio_tolerance"),
        share_tolerance=Value.of(P.share_tolerance_pp, "g", method="parameter share_tolerance_pp"),
        sections_read={
            "arrivals": "typed findings",
            "suicide": "typed findings",
            "oecd": "typed findings",
            "surveys": "typed findings",
        },
    )


# ------------------------------------------------------------------------------------------ machine-readable
def claim_reviews(F: AuditFindings) -> list[dict[str, Any]]:
    """Each audited claim as two schema.org ClaimReviews (the form fact-checkers publish in), one per date:
    ``reviewAspect`` says which evidence it judged."""
    a = F.article
    appearance = {
        "@type": "CreativeWork",
        "url": a.url,
        "headline": a.headline,
        "datePublished": a.date,
        "author": {"@type": "Person", "name": a.author},
        "publisher": {"@type": "Organization", "name": a.publisher},
    }
    dates = (
        ("then", f"the evidence published by {F.reference_date.text}"),
        ("now", f"all the evidence published to {F.now_date.text}"),
    )
    return [
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": c.quote,
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Person", "name": a.author},
                "datePublished": a.date,
                "appearance": appearance,
            },
            "reviewAspect": aspect,
            "reviewRating": rating(c.then if when == "then" else c.verdict),
            "author": {"@type": "Organization", "name": PROJECT},
            "identifier": f"{c.claim_id}-{when}",
        }
        for c in F.claims
        for when, aspect in dates
    ]


def rating(verdict: Verdict) -> dict[str, Any]:
    """A verdict as a schema.org Rating: its name, its reason, and its place on the scale where it has one."""
    out: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": verdict.name,
        "ratingExplanation": verdict.reason.text,
    }
    if verdict.category in RATING:
        out.update(
            ratingValue=RATING[verdict.category],
            bestRating=max(RATING.values()),
            worstRating=min(RATING.values()),
        )
    return out


def claim_reviews_json(F: AuditFindings) -> str:
    return json.dumps(claim_reviews(F), ensure_ascii=False, sort_keys=True)
