"""The GATHER checklist appendix's table, from its findings."""

from __future__ import annotations

import pandas as pd

from analysis.findings.gather import GatherFindings
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
