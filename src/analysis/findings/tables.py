"""The tables the sections' findings read, each read one way, declared here once.

A section's ``findings(P, tables)`` takes its tables from a :class:`Tables`: those given (the tests give the
session's, read here once), or, when not given, each read when it is first asked for, from data/processed or
data/raw. A step's reads are its declared inputs (``analysis.paths.declared_read``: an undeclared one raises).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import pandas as pd

from analysis import io
from analysis.cleaning import rawdata
from analysis.methods import mortality

#: every cell as transcribed, an empty one as "" (the tables whose text the audit and the references quote)
TEXT = {"dtype": str, "keep_default_na": False}


def _surveys() -> pd.DataFrame:
    from analysis.methods import surveys  # its statistics are not every reader's

    return io.read_table("surveys", dtype=surveys.SURVEY_DTYPES)


#: how each table is read: processed ones by name (with the column types of their schema unless said here),
#: raw ones as ``raw/<name>`` (every cell text, as transcribed)
READERS: dict[str, Callable[[], pd.DataFrame]] = {
    "arrivals": partial(io.read_table, "arrivals"),
    "arrivals_cumulative": partial(io.read_table, "arrivals_cumulative"),
    "arrivals_vintages": partial(io.read_table, "arrivals_vintages", dtype={"period": str}),
    "claims": partial(io.read_table, "claims"),
    "facts": partial(io.read_table, "facts", **TEXT),
    "sources": partial(io.read_table, "sources", **TEXT),
    "surveys": _surveys,
    "oecd": mortality.read_oecd,
    "escapee_suicide": mortality.read_escapee,
    "kostat": mortality.read_kostat,
    **{
        f"raw/{name}": partial(rawdata.read, name)
        for name in ("arrivals_age", "residents", "facts", "context_suicide", "gather_checklist", "search_log")
    },
}


class Tables:
    """The tables of one computation of findings: given, or read (:data:`READERS`) when first asked for."""

    def __init__(self, given: Mapping[str, pd.DataFrame] | None = None) -> None:
        unknown = sorted(set(given or {}) - READERS.keys())
        if unknown:
            raise KeyError(f"no table {', '.join(unknown)} in analysis.findings.tables.READERS")
        self._tables = dict(given or {})

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            self._tables[name] = READERS[name]()
        return self._tables[name]


def given(tables: Tables | None) -> Tables:
    """``tables``, or a new :class:`Tables` that reads each table when asked for."""
    return Tables() if tables is None else tables
