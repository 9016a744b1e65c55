"""Appendix: the GATHER reporting checklist, item by item, with where the report answers each.

GATHER (Guidelines for Accurate and Transparent Health Estimates Reporting; Stevens et al., 2016) lists 18
items that a report of health estimates should give. The item texts are read from
``data/raw/gather_checklist.csv`` (transcribed with their source); ``WHERE`` declares, for each item,
whether the report gives it and where. ``{fig:key}`` and ``{tab:key}`` in a pointer become the figure or
table number in report order (``core.numbering.ref``), so the pointers follow the report when it is renumbered.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.core import citations
from analysis.core.numbering import ref
from analysis.core.values import Findings, Record, Value
from analysis.core.wording import count_word
from analysis.errors import DataError
from analysis.findings.tables import Tables, given

STATUSES = ("reported", "partly reported", "not applicable", "not reported")

WHERE: dict[int, tuple[str, str]] = {
    1: (
        "reported",
        "{sec:introduction} (the article's claims) and {sec:suicide}: suicides among North Korean escapees in South Korea "
        "against the South Korean population, as rates per 100,000 person-years and ratios of observed to "
        "expected suicides, by period, sex and basis ({tab:suicide_sensitivity}).",
    ),
    2: ("reported", "{sec:declarations} (Declarations): the contributors declare no funding."),
    3: (
        "reported",
        "{sec:limitations}: the figures were read in secondary reports and archived copies of pages; "
        "the References give every source's address and the date its figures were transcribed.",
    ),
    4: (
        "reported",
        "Only published figures enter, each transcribed with its source; figures a compiler derived are left "
        "out. {sec:suicide} states the rule for which published counts enter a pooled period (full years only; a "
        "year without a full-year count is a gap) and lists every published comparison ({tab:suicide_published}). "
        "How the sources were looked for, the logged queries and the sources that could not be reached: "
        "{tab:search_log}.",
    ),
    5: (
        "reported",
        "The References (publisher, title, address, dates); each raw row carries its source id "
        "({tab:raw_files}), and the raw tables record the population, years, basis and sample size of "
        "each figure.",
    ),
    6: (
        "reported",
        "{fig:bias_diagram} marks each bias of the inputs, the direction it pushes the ratio and "
        "whether it is bounded; {sec:limitations} (Limitations).",
    ),
    7: (
        "reported",
        "South Korea's rates from Statistics Korea ({sec:suicide}) and the OECD comparison ({sec:oecd}, "
        "{tab:oecd_ranking}), each with its source in the References.",
    ),
    8: (
        "partly reported",
        "Every input is a CSV file with a schema and a checksum ({tab:raw_files}), and every source "
        "is public, so none is withheld; how a reader obtains the files is item 14.",
    ),
    9: ("reported", "{fig:bias_diagram}; {sec:data} defines each computation."),
    10: (
        "reported",
        "{sec:data} gives every formula; the methods edition of the report shows "
        "the code of each step, from the raw files to every table and figure.",
    ),
    11: (
        "partly reported",
        "No statistical model is fitted: every estimate is a ratio of observed to expected counts or of two "
        "published rates. The primary period was chosen among the candidates in revision, with results in view "
        "({sec:methods_primary} says why); every other period is in {tab:suicide_sensitivity}.",
    ),
    12: (
        "reported",
        "Sensitivity analyses: {tab:suicide_sensitivity} (every period, counts series and "
        "denominator), {fig:suicide_estimates}, the age scenarios ({sec:suicide_age}) and the denominator bound "
        "({sec:suicide_primary}).",
    ),
    13: (
        "reported",
        "{sec:data}: exact Poisson intervals for counts and Wilson intervals for survey percentages. "
        "They cover the chance variation of the counts only; age, the denominator and misclassification "
        "are bounded separately ({sec:suicide}) and drawn together in a probabilistic bias analysis "
        "({sec:suicide_combined_bias}), "
        "and selection, the healthy-migrant effect and trauma are not quantified ({fig:bias_diagram}).",
    ),
    14: (
        "partly reported",
        "The code ships with the report and rebuilds it with one command (make report); {sec:reproducibility} gives its "
        "version. No public address is declared ({sec:declarations}), so how a reader obtains the code is not stated.",
    ),
    15: (
        "partly reported",
        "Every estimate is written to data/processed/ as a CSV table with a metadata file, and each section's "
        "findings as a JSON file; how a reader obtains them is item 14.",
    ),
    16: (
        "reported",
        "Intervals at the confidence level of the build ({tab:suicide_sensitivity}, {fig:suicide_estimates}).",
    ),
    17: (
        "reported",
        "{sec:suicide} sets the escapees' ratio beside North Korea's own suicide rate and published "
        "reviews of suicide among refugees and migrants relative to their host populations; {sec:audit} "
        "sets each of the article's claims against the evidence.",
    ),
    18: ("reported", "{sec:limitations} (Limitations), and the assumptions of each bound in {sec:suicide_details}."),
}

_REF = re.compile(r"\{((?:fig|tab|sec):[a-z0-9_]+)\}")


def pointer(template: str) -> str:
    """A pointer with its ``{fig:key}`` / ``{tab:key}`` / ``{sec:key}`` placeholders replaced by 'Figure N' /
    'Table N' / 'Section N' (or 'Appendix X')."""
    return _REF.sub(lambda m: ref(m[1]).text, template)


class GatherItem(Record):
    number: int
    heading: str
    text: str  # the item as published
    status: str
    where: Value


class SearchRow(Record):
    entry: str
    sought: str
    kind: str  # query | not reached
    query: str
    language: str
    translation: str  # the project's English gloss of a query in Korean
    outcome: str  # useful | fruitless | not reached
    found: str


class Search(Record):
    """How the sources were looked for (``data/raw/search_log.csv``)."""

    queries: Value  # logged queries
    fruitless: Value  # of which found no usable figure
    not_reached: Value  # sources that could not be reached
    rows: list[SearchRow]


def search(log: pd.DataFrame) -> Search:
    def count(mask: pd.Series, method: str) -> Value:
        ids = [f"search_log/{e}" for e in log.loc[mask, "entry"]]
        return Value.of(int(mask.sum()), text=count_word(int(mask.sum())), raw=ids, method=method)

    return Search(
        queries=count(log["kind"] == "query", "logged queries"),
        fruitless=count(log["outcome"] == "fruitless", "logged queries that found no usable figure"),
        not_reached=count(log["kind"] == "not reached", "sources that could not be reached"),
        rows=[SearchRow(**{k: str(v) for k, v in r._asdict().items() if k != "Index"}) for r in log.itertuples()],
    )


class GatherFindings(Findings):
    SECTION = "gather"

    items: list[GatherItem]
    n_items: Value
    n_reported: Value
    n_partly: Value
    n_not_applicable: Value
    n_not_reported: Value
    source: Value  # the GATHER statement, as a value whose provenance is its source rows
    tally: Value  # "15 are given, one in part, one is not given and one does not apply"
    search: Search


def tally(counts: dict[str, int], based_on: Value) -> Value:
    """How many items have each status, a list item per status given ('14 in full', 'four in part')."""
    words = {
        "reported": "in full",
        "partly reported": "in part",
        "not reported": "not at all",
        "not applicable": "not applicable",
    }
    items = [f"{count_word(n)} {words[s]}" for s in STATUSES if (n := counts.get(s, 0))]
    return Value.listing(items, of="items by status", based_on=[based_on])


def findings(tables: Tables | None = None) -> GatherFindings:
    """The checklist (``data/raw/gather_checklist.csv``) with the report's answer to each item (``tables``:
    analysis.findings.tables)."""
    tables = given(tables)
    t = tables["raw/gather_checklist"]
    numbers = [int(n) for n in t["item"]]
    if sorted(numbers) != sorted(WHERE):
        raise DataError(
            f"data/raw/gather_checklist.csv lists items {numbers}; findings/gather.py answers "
            f"items {sorted(WHERE)}: they must be the same 18"
        )
    items = []
    for r in t.sort_values("item", key=lambda s: s.astype(int)).itertuples():
        status, template = WHERE[int(r.item)]
        items.append(
            GatherItem(
                number=int(r.item),
                heading=r.heading,
                text=r.text,
                status=status,
                where=Value.of(
                    pointer(template),
                    raw=[f"gather_checklist/{r.item}"],
                    sources=[r.source_id],
                    method="where the report gives the item",
                ),
            )
        )
    raw = [f"gather_checklist/{i}" for i in t["item"]]
    sources = sorted(set(t["source_id"]))

    def count(status: str) -> Value:
        n = sum(i.status == status for i in items)
        return Value.of(n, text=count_word(n), raw=raw, sources=sources, method=f"items {status}")

    return GatherFindings(
        items=items,
        n_items=Value.of(len(items), text=count_word(len(items)), raw=raw, sources=sources, method="checklist items"),
        n_reported=count("reported"),
        n_partly=count("partly reported"),
        n_not_applicable=count("not applicable"),
        n_not_reported=count("not reported"),
        source=Value.label(
            f"Stevens et al. {citations.cited(*sources)}",
            of="the GATHER statement",
            based_on=[Value.of("", raw=raw, sources=sources)],
        ),
        search=search(tables["raw/search_log"]),
        tally=tally({s: sum(i.status == s for i in items) for s in STATUSES}, Value.of(None, raw=raw, sources=sources)),
    )
