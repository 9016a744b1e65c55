"""Numbered citations as text: a source's number is its place in the source registry (``data/raw/sources.csv``,
whose processed copy keeps its rows and their order), the number the References give it.

``cited("jtbc-2024-09-27")`` -> "[14]". The editions make each such number a link to its reference
(:func:`analysis.core.links.link_html` and :func:`~analysis.core.links.link_markdown` with the map of
:func:`numbers`), so a name given with its citation ("Wi Sung-lac [14]") is cited as every other source is.

The registry is read when first asked for, and again only when its file changes: each reading is kept by
the file's path and its state (modification time to the nanosecond, size, inode), so a build reads it once
however many captions, tables and names cite it, and a test that points ``paths.RAW`` at another folder, or
rewrites the file, sees that file's numbers.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from analysis import paths
from analysis.core.values import SourceName


def numbers(path: Path | None = None) -> dict[str, int]:
    """Source id -> its number in the References (the registry's row order, from 1); ``path``: the registry
    (``data/raw/sources.csv`` when not given, or its processed copy)."""
    return {source_id: n for n, (source_id, _, _) in enumerate(_rows(path), start=1)}


def names(path: Path | None = None) -> dict[str, SourceName]:
    """Source id -> its number and its name as a value's tooltip gives it in words: 'Segye Ilbo (2022)', the
    publisher and the year of publication ('n.d.' where none is recorded)."""
    out = {}
    for n, (source_id, publisher, published) in enumerate(_rows(path), start=1):
        year = published[:4] if published[:4].isdigit() else "n.d."
        # 'Daily NK (2024)'; a publisher that ends in parentheses takes the year inside them, not in a second pair
        out[source_id] = SourceName(
            n, f"{publisher[:-1]}, {year})" if publisher.endswith(")") else f"{publisher} ({year})"
        )
    return out


def cited(*source_ids: str, known: dict[str, int] | None = None) -> str:
    """'[3, 12]': the sources' numbers in order (``known``: the map of :func:`numbers`, read when not given)."""
    known = numbers() if known is None else known
    unknown = [s for s in source_ids if s not in known]
    if unknown:
        raise KeyError(f"unknown source id(s) {', '.join(unknown)}: not in the source registry")
    return "[" + ", ".join(str(n) for n in sorted({known[s] for s in source_ids})) + "]"


def _rows(path: Path | None) -> tuple[tuple[str, str, str], ...]:
    """The registry's rows (source id, publisher, date published) in order: read once per state of the file."""
    path = paths.RAW / "sources.csv" if path is None else path
    state = path.stat()
    return _read(path, (state.st_mtime_ns, state.st_size, state.st_ino))


@functools.lru_cache(maxsize=8)
def _read(path: Path, state: tuple[int, int, int]) -> tuple[tuple[str, str, str], ...]:
    del state  # part of the cache's key only: a changed file is read again
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple((r["source_id"], r["publisher"], r["date_published"]) for r in csv.DictReader(fh))
