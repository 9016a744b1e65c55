"""Inline raw tables for the unit tests: rows of cells as printed in a raw CSV file, under the header its schema
declares (data/raw/schemas/), named as that file so that the cleaning's errors name it."""

from __future__ import annotations

import csv

import pandas as pd

from analysis.cleaning import mortality, rawdata


def raw_columns(name: str, *leave_out: str) -> list[str]:
    """The header of raw file ``name`` as its schema declares it, without the columns ``leave_out``."""
    return [f["name"] for f in rawdata.schema(name)["fields"] if f["name"] not in leave_out]


def raw_table(name: str, rows: list[list[str]], *leave_out: str) -> pd.DataFrame:
    """``rows`` as the raw file ``name`` (data/raw/NAME.csv) read before cleaning; ``leave_out``: optional
    columns the rows do not have."""
    df = pd.DataFrame(rows, columns=raw_columns(name, *leave_out))
    df.attrs["source_file"] = f"data/raw/{name}.csv"
    return df


def raw_csv(name: str, text: str) -> pd.DataFrame:
    """raw_table of ``text``, CSV written as in data/raw/NAME.csv, its header first (which must be the declared
    one); blank lines and lines starting with ``#`` (comments) are passed over."""
    lines = [ln.strip() for ln in text.splitlines()]
    header, *rows = csv.reader(ln for ln in lines if ln and not ln.startswith("#"))
    assert header == raw_columns(name), f"the header of data/raw/{name}.csv is {raw_columns(name)}, not {header}"
    return raw_table(name, rows)


def oecd_row(
    row_id: str,
    data_year: str,
    country: str,
    value: str,
    release: str,
    release_date: str,
    rank_stated: str,
    source_id: str,
    standardisation: str = mortality.OECD_STANDARD,
) -> list[str]:
    """A row of data/raw/oecd_suicide.csv for both sexes, in the unit "u", without a note."""
    return [
        row_id,
        data_year,
        country,
        "total",
        value,
        "u",
        standardisation,
        release,
        release_date,
        rank_stated,
        source_id,
        "",
    ]
