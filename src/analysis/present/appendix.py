"""The appendices' tables, drawn from their findings: references, parameters, raw files."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from analysis.findings.appendix import AppendixFindings
from analysis.present import report


def references(F: AppendixFindings) -> None:
    """The references: every source as a numbered bibliography entry (``report.bibliography``)."""
    report.bibliography(F.sources)


def table_parameters(F: AppendixFindings) -> None:
    """Table: the parameters as declared (type, allowed values, default, meaning) and this build's value."""
    table = report.records_frame(
        F.parameters,
        {
            "Parameter": "name",
            "Type": "kind",
            "Allowed": "allowed",
            "Default": "default",
            "Used here": "value",
            "Meaning": "description",
        },
    )
    report.table(
        table,
        "parameters",
        caption="The report's choices (its parameters), each with its type, the values it allows, its default, the "
        "value used in this report and its meaning; the README says how to rebuild the report with another value.",
        colspec="p{2.6cm}p{1.2cm}p{2.4cm}p{2.0cm}p{2.0cm}p{5.2cm}",
    )


def table_raw_files(F: AppendixFindings) -> None:
    """Table: the transcribed data, each table named by what it holds and cited by the publications it was read
    from (its file's name is for the methods edition: :func:`raw_file_names`), as verified before the build."""
    table = report.records_frame(
        F.raw_files,
        {
            "Data": "title",
            "Main sources": lambda r: ", ".join(r.sources) or "–",
            "Rows": "rows",
            "Bytes": "bytes",
            "sha256 (two halves)": lambda r: r.sha256[:32] + " " + r.sha256[32:],
        },
    )
    report.table(
        table,
        "raw_files",
        caption="The transcribed data, each table with the publications it was mainly read from (every row names "
        "its own source in the References), checked against its recorded size and checksum before anything is "
        "computed.",
        formats={"Bytes": "{:,.0f}"},
    )


def raw_file_names(F: AppendixFindings) -> HTML:
    """The file that holds each table of the raw-files table, in its order, whole (shown in the methods edition,
    where the cleaning notebooks read the files by these names): as HTML with a fixed table id, so the executed
    notebook is the same every build (a Styler's id is random, and its plain-text form an object's address)."""
    names = pd.DataFrame({"Data": [r.title for r in F.raw_files], "File": [r.file for r in F.raw_files]})
    return HTML(names.style.hide(axis="index").set_uuid("raw-file-names").to_html())
