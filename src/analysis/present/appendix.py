"""The appendices' tables, drawn from their findings: references, parameters, raw files."""

from __future__ import annotations

import pandas as pd

from analysis.findings.appendix import AppendixFindings
from analysis.present import report


def references(F: AppendixFindings) -> None:
    """The references: every source as a numbered bibliography entry (``report.bibliography``)."""
    sources = pd.DataFrame(
        {
            "source_id": [s.source_id for s in F.sources],
            "publisher": [s.publisher for s in F.sources],
            "title": [s.title for s in F.sources],
            "url": [s.url for s in F.sources],
            "date_published": [s.published for s in F.sources],
            "accessed": [s.accessed for s in F.sources],
        }
    )
    report.bibliography(sources)


def table_parameters(F: AppendixFindings) -> None:
    """Table: the parameters as declared (type, allowed values, default, meaning) and this build's value."""
    table = pd.DataFrame(
        {
            "Parameter": [p.name for p in F.parameters],
            "Type": [p.kind for p in F.parameters],
            "Allowed": [p.allowed for p in F.parameters],
            "Default": [p.default for p in F.parameters],
            "This build": [p.value for p in F.parameters],
            "Meaning": [p.description for p in F.parameters],
        }
    )
    report.table(
        table,
        "parameters",
        caption="Parameters of this build, as declared in src/analysis/params.py (params/default.yml holds the "
        "defaults; python -m analysis build -p NAME VALUE overrides one).",
        colspec="p{2.6cm}p{1.2cm}p{2.4cm}p{2.0cm}p{2.0cm}p{5.2cm}",
    )


def table_raw_files(F: AppendixFindings) -> None:
    """Table: the raw data files as verified before the build."""
    table = pd.DataFrame(
        {
            "File": [r.file for r in F.raw_files],
            "Rows": [r.rows for r in F.raw_files],
            "Bytes": [r.bytes for r in F.raw_files],
            "sha256 (two halves)": [r.sha256[:32] + " " + r.sha256[32:] for r in F.raw_files],
        }
    )
    report.table(
        table,
        "raw_files",
        caption="Raw data files, as verified before the build (data/raw/datapackage.json).",
        formats={"Bytes": "{:,.0f}"},
        colspec="p{4.2cm}rrp{8.6cm}",
    )
