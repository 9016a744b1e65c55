"""Numbered citations as text: a source's number is its place in the source registry (``data/raw/sources.csv``,
whose processed copy keeps its rows and their order), the number the References give it.

``cited("jtbc-2024-09-27")`` -> "[14]". The editions make each such number a link to its reference
(:func:`analysis.core.links.link_html` and :func:`~analysis.core.links.link_markdown` with the map of
:func:`numbers`), so a name given with its citation ("Wi Sung-lac [14]") is cited as every other source is.
"""

from __future__ import annotations

import csv

from analysis import paths


def numbers() -> dict[str, int]:
    """Source id -> its number in the References (the registry's row order, from 1)."""
    with (paths.RAW / "sources.csv").open(encoding="utf-8", newline="") as fh:
        return {row["source_id"]: i for i, row in enumerate(csv.DictReader(fh), start=1)}


def cited(*source_ids: str, known: dict[str, int] | None = None) -> str:
    """'[3, 12]': the sources' numbers in order (``known``: the map of :func:`numbers`, read when not given)."""
    known = numbers() if known is None else known
    unknown = [s for s in source_ids if s not in known]
    if unknown:
        raise KeyError(f"unknown source id(s) {', '.join(unknown)}: not in the source registry")
    return "[" + ", ".join(str(n) for n in sorted({known[s] for s in source_ids})) + "]"
