"""Cleaning rules: one small function per source quirk, each raising a DataError that names the file,
row and column and what was expected.

Row numbers are those of the file as a reader sees it in an editor or in Frictionless reports: the
header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.errors import DataError

FOOTNOTE = re.compile(r"\s*(?:[*†‡§]+|\((?:p|e|r|provisional)\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")
THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")


@dataclass(frozen=True)
class Where:
    """A cell's address, for error messages: file, row (header = 1), column."""

    file: str
    row: int
    column: str

    def __str__(self) -> str:
        return f"{self.file} row {self.row}, column {self.column!r}"


def where(df: pd.DataFrame, index: int, column: str) -> Where:
    """The address of ``df.loc[index, column]`` for a frame read by ``rawdata.read`` (RangeIndex)."""
    return Where(df.attrs.get("source_file", "<table>"), int(index) + 2, column)


def strip_footnote(text: str) -> str:
    """Drop a trailing footnote or provisional mark: '2,914*' -> '2,914', '1,516 (p)' -> '1,516'."""
    return FOOTNOTE.sub("", text.strip())


def parse_count(text: str, at: Where, *, required: bool = False) -> int | None:
    """A published count as an int: '1,142' -> 1142, '947' -> 947, '' -> None (a gap).

    Accepts thousands separators only in their proper places ('1,14' is an error, not 114), a trailing
    footnote mark, and nothing else: no decimals, no signs, no words.
    """
    value = strip_footnote(text)
    if value == "":
        if required:
            raise DataError(f"{at}: a count is required here, found an empty cell")
        return None
    if value.isdigit():
        return int(value)
    if THOUSANDS.match(value):
        return int(value.replace(",", ""))
    raise DataError(f"{at}: expected a whole count such as 1,142 (digits, optional thousands commas), got {text!r}")


APPROXIMATE = re.compile(r"^(?:about|approximately|approx\.?|around|some|~)\s*", re.IGNORECASE)


def parse_approximate_count(text: str, at: Where) -> tuple[int | None, bool]:
    """A count that a source may print as approximate: 'about 30,200' -> (30200, True).

    The number is kept with its qualifier so that it is shown, but never used where an exact count is
    required (e.g. to check a running sum).
    """
    stripped = APPROXIMATE.sub("", text.strip())
    return parse_count(stripped, at), stripped != text.strip()


PERIOD = re.compile(
    r"^(?:(?P<upto>~)'?(?P<upto_year>\d{2}|\d{4})|(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})|(?P<year>\d{4}))$"
)


def _year(text: str) -> int:
    year = int(text)
    return year + 1900 if year < 100 else year


def parse_period(text: str, at: Where) -> tuple[int | None, int]:
    """A period label as (start year, end year).

    '2002' -> (2002, 2002); '1999-2001' or '1999–2001' -> (1999, 2001); '~1998' or "~'98" ->
    (None, 1998): MOU's first column counts everything up to 1998, with no stated start.
    """
    m = PERIOD.match(text.strip())
    if not m:
        raise DataError(f"{at}: expected a period such as 2002, 1999-2001 or ~1998, got {text!r}")
    if m["upto"]:
        return None, _year(m["upto_year"])
    if m["year"]:
        year = int(m["year"])
        return year, year
    start, end = int(m["start"]), int(m["end"])
    if end < start:
        raise DataError(f"{at}: period {text!r} ends before it starts")
    return start, end


FIRST_YEAR, LAST_YEAR = 1980, 2030  # any year a source here can refer to


def parse_year(text: str, at: Where, *, required: bool = False) -> int | None:
    """A four-digit year between 1980 and 2030; '' -> None (not stated, a gap) unless ``required``."""
    value = text.strip()
    if value == "":
        if required:
            raise DataError(f"{at}: a year is required here, found an empty cell")
        return None
    if not (value.isdigit() and len(value) == 4 and FIRST_YEAR <= int(value) <= LAST_YEAR):
        raise DataError(f"{at}: expected a four-digit year such as 2023 ({FIRST_YEAR}-{LAST_YEAR}), got {text!r}")
    return int(value)


DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_published(text: str, at: Where, *, required: bool = True) -> tuple[int, int, int] | None:
    """A publication date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' as a sortable (year, month, day).

    Unknown month or day sort as 0, i.e. before any dated publication of the same year or month. An
    empty cell is an error unless ``required=False`` (then None: the date is a gap).
    """
    if not text.strip() and not required:
        return None
    m = DATE.match(text.strip())
    if not m:
        raise DataError(f"{at}: expected a publication date YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if not (0 <= month <= 12 and 0 <= day <= 31):
        raise DataError(f"{at}: {text!r} is not a valid date")
    return year, month, day


def check_sum(male: int | None, female: int | None, total: int | None, at: Where) -> None:
    """Men + women must equal the published total when all three are published."""
    if None not in (male, female, total) and male + female != total:
        raise DataError(f"{at}: men {male:,} + women {female:,} = {male + female:,}, but the total is {total:,}")


def choose_vintage(
    df: pd.DataFrame, keys: list[str], rule: str, value: str = "value", order: str = "published_sort"
) -> pd.DataFrame:
    """One adopted row per quantity (``keys``) among its published vintages.

    ``rule='latest'`` adopts the most recently published figure (e.g. MOU's revisions), ``'first'`` the
    first published (usually provisional) one. ``df`` is long (one figure per row) with a sortable
    ``order`` column (a publication date, or a transcriber's sequence where dates tie). Different figures for one quantity published on the same date cannot be
    ordered: that is an error naming the rows, not a coin toss. Row labels of ``df`` are kept.
    """
    if rule not in ("latest", "first"):
        raise DataError(f"vintage rule must be 'latest' or 'first', got {rule!r}")
    chosen = []
    for quantity, group in df.groupby(keys, sort=False):
        best = group[order].max() if rule == "latest" else group[order].min()
        tied = group[group[order] == best]
        if tied[value].nunique() > 1:
            rows = ", ".join(str(i) for i in tied.get("row", tied.index))
            raise DataError(
                f"{df.attrs.get('source_file', '<table>')} rows {rows}: different figures for "
                f"{dict(zip(keys, quantity, strict=False))} published on the same date; record the exact publication "
                f"date so the {rule!r} rule can choose"
            )
        chosen.append(tied.index[0])
    return df.loc[chosen]
