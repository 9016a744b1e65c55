"""The GATHER checklist appendix's table, from its findings."""

from __future__ import annotations

import pandas as pd

from analysis.findings.gather import GatherFindings, SearchRow
from analysis.present import report


def table(G: GatherFindings) -> None:
    """Table: the 18 GATHER items, each with whether and where the report gives it."""
    df = pd.DataFrame(
        {
            "Item": [i.number for i in G.items],
            "GATHER asks": [i.text for i in G.items],
            "In this report": [i.status for i in G.items],
            "Where": [i.where.text for i in G.items],
        }
    )
    report.table(
        df,
        "gather",
        caption=f"The GATHER checklist ({G.source}): each of its {G.n_items} items, whether this report "
        "gives it, and where.",
        colspec="rp{5.6cm}p{1.9cm}p{6.4cm}",
        long=True,
    )


def query_cell(row: SearchRow) -> str:
    """The query as run; one in Korean by its English gloss, so marked (the PDF's fonts have no Hangul; the raw
    file keeps the query as run)."""
    if row.kind != "query":
        return ""
    return row.query if row.language != "ko" else f"{row.translation} (translated from the Korean)"


#: the search log's words for where the project looked, as a reader's table says them (data/raw keeps its own)
READER_WORDS = {"stored pages": "archived copies searched", "stored page": "archived copy searched"}


def reader_words(text: str) -> str:
    """A search-log note in a reader's words: 'in no stored page' -> 'in no archived copy searched'."""
    for said, reader in READER_WORDS.items():
        text = text.replace(said, reader)
    return text


def table_search(G: GatherFindings) -> None:
    """Table: every logged query and every source that could not be reached."""
    rows = G.search.rows
    report.table(
        pd.DataFrame(
            {
                "Entry": [r.entry for r in rows],
                "Looked for": [r.sought for r in rows],
                "Query": [query_cell(r) for r in rows],
                "Outcome": [r.outcome for r in rows],
                "What it found": [reader_words(r.found) for r in rows],
            }
        ),
        "search_log",
        caption=f"How the sources were looked for: the {G.search.queries} logged queries of the archived "
        f"copies of web pages the project searched, with what each found (a query in Korean is given in English, translated by the "
        f"project), then the {G.search.not_reached} sources that could not be reached.",
        colspec="p{1.0cm}p{3.0cm}p{4.2cm}p{1.6cm}p{5.2cm}",
        long=True,
    )
