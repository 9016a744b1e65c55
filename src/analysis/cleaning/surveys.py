"""Integration surveys (Korea Hana Foundation; NKDB), the fact list, the article's claims and the source
registry: cleaning rules, raw source tables -> tidy tables.

Raw layout (``data/raw/survey_hana.csv``, ``data/raw/survey_nkdb.csv``): one published figure per row,
with ``survey_year`` (the fieldwork year) and ``publication_year`` (the year the results came out), the
indicator, the group it refers to (``defectors``, a subgroup, or the ``general_public`` comparator as
quoted), the value as published, its unit, the sample size where published, and a note.

- **Two surveys, never spliced.** Every tidy row carries ``source`` (``hana`` or ``nkdb``).
- **Vintages.** Where one quantity (source, survey year, indicator, group) has several published values,
  the ``vintage`` rule adopts the latest or the first published one; a figure's publication date is the
  ``date_published`` of its source in ``sources.csv`` (else its ``publication_year``). A quantity with
  several values of which one has no known date cannot be ordered: that is an error, not a guess.
- **Qualifiers and flags** are read from the transcriber's notes (``qualifier_of``, ``flag_of``).

The comparisons Section 6 makes are in ``analysis.methods.surveys``.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from analysis.cleaning.clean import (
    FIRST_YEAR,
    LAST_YEAR,
    Where,
    choose_vintage,
    parse_count,
    parse_published,
    parse_year,
    where,
)
from analysis.errors import DataError

SOURCES = ("hana", "nkdb")
UNITS = ("percent", "pp", "KRW", "months", "hours", "count")
COMPARATOR = "general_public"
ESCAPEES = "defectors"

#: The status the report gives the article's NKDB 2023 figures that no source could confirm.
CITED_NOT_FOUND = "cited by the article; not found in the primary report or press coverage"

FLAGS = {"CONFLICT": "conflict", "AMBIGUOUS YEAR": "ambiguous_year", "CAUTION": "caution"}
FLAG = re.compile(r"^(CONFLICT|AMBIGUOUS YEAR|CAUTION):")
QUALIFIER_WORDS = r"more than|over|about|around|approximately|nearly|almost|at least|less than|under|some|~"
QUOTED_QUALIFIER = re.compile(rf"'(?P<q>{QUALIFIER_WORDS})\s*(?P<n>\d[\d,]*(?:\.\d+)?)", re.IGNORECASE)
TEXT_QUALIFIER = re.compile(rf"\b(?P<q>{QUALIFIER_WORDS})\s+(?P<n>\d[\d,]*(?:\.\d+)?)", re.IGNORECASE)
NUMBER = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")
PUBLICATION_YEARS = re.compile(r"^(?P<first>\d{4})(?:/(?P<second>\d{4}))?$")


# --------------------------------------------------------------------------------------------------
# Parsing one cell
# --------------------------------------------------------------------------------------------------
def parse_number(text: str, at: Where) -> float:
    """A published number as a float: '42.6' -> 42.6, '1,431,000' -> 1431000.0.

    Parameters
    ----------
    text : str
        The cell as transcribed.
    at : Where
        The cell's address, for the error message.

    Raises
    ------
    DataError
        If the cell is empty or not a plain number (thousands commas only in their places, no signs,
        no words, no qualifiers).
    """
    value = text.strip()
    if not NUMBER.match(value):
        raise DataError(f"{at}: expected a published number such as 42.6 or 1,431,000, got {text!r}")
    return float(value.replace(",", ""))


def parse_publication_years(text: str, at: Where) -> tuple[int | None, str | None]:
    """'2013' -> (2013, '2013'); '2023/2024' (Korean release, English briefing) -> (2023, '2023/2024').

    The first year is the first release; '' -> (None, None): not known.
    """
    value = text.strip()
    if value == "":
        return None, None
    m = PUBLICATION_YEARS.match(value)
    if not m or not all(FIRST_YEAR <= int(y) <= LAST_YEAR for y in m.groups() if y):
        raise DataError(f"{at}: expected a publication year such as 2013 or 2023/2024, got {text!r}")
    if m["second"] and int(m["second"]) < int(m["first"]):
        raise DataError(f"{at}: publication years {text!r} are not in order")
    return int(m["first"]), value


def flag_of(note: str) -> str | None:
    """The transcriber's flag at the start of a note: 'CONFLICT: ...' -> 'conflict'; else None.

    ``conflict``: sources disagree about this figure (kept, and the disagreement stated);
    ``ambiguous_year``: the survey year is argued from context; ``caution``: not comparable (kept out
    of arithmetic).
    """
    m = FLAG.match(note.strip())
    return FLAGS[m[1]] if m else None


def _same_number(text: str, value: float) -> bool:
    return math.isclose(float(text.replace(",", "")), value, rel_tol=0, abs_tol=1e-9)


def qualifier_of(note: str, value: float) -> str | None:
    """The qualifier the source printed with this very value, quoted in the note; else None.

    "'more than 20 percent'" with value 20 -> 'more than'. A qualifier attached to another number
    in the note ("earn per work ~40 (39.4)" on a row whose value is 47.3) is not this value's.
    """
    for m in QUOTED_QUALIFIER.finditer(note):
        if _same_number(m["n"], value):
            return m["q"].lower()
    return None


def text_qualifier(text: str, value: float) -> str | None:
    """A qualifier written before this value in free text: 'About 31,000 people' with 31000 -> 'about'."""
    for m in TEXT_QUALIFIER.finditer(text):
        if _same_number(m["n"], value):
            return m["q"].lower()
    return None


def _date_sort(parsed: tuple[int, int, int] | None) -> str:
    return "{:04d}-{:02d}-{:02d}".format(*parsed) if parsed else ""


# --------------------------------------------------------------------------------------------------
# Sources, facts, claims
# --------------------------------------------------------------------------------------------------
def tidy_sources(raw: pd.DataFrame) -> pd.DataFrame:
    """The source registry: source_id, publisher, title, url, date_published (nullable), accessed,
    language, note. Dates are checked; ids and URLs must be unique."""
    for i, r in raw.iterrows():
        parse_published(r["date_published"], where(raw, i, "date_published"), required=False)
        parse_published(r["accessed"], where(raw, i, "accessed"))
        for col in ("source_id", "publisher", "title", "url"):
            if not r[col].strip():
                raise DataError(f"{where(raw, i, col)}: required, found an empty cell")
    for col in ("source_id", "url"):
        dup = raw[raw[col].duplicated(keep=False)]
        if not dup.empty:
            rows = ", ".join(str(i + 2) for i in dup.index)
            raise DataError(
                f"{raw.attrs.get('source_file', '<table>')} rows {rows}, column {col!r}: "
                f"{dup[col].iloc[0]!r} is listed more than once; expected one row per source"
            )
    out = raw[["source_id", "publisher", "title", "url", "date_published", "accessed", "language", "note"]].copy()
    for col in ("date_published", "language", "note"):
        out[col] = out[col].replace("", pd.NA)
    return out.reset_index(drop=True)


def check_source_ids(raw: pd.DataFrame, sources: pd.DataFrame) -> None:
    """Every ``source_id`` of ``raw`` must be in the source registry (the error names the row)."""
    known = set(sources["source_id"])
    for i, sid in raw["source_id"].items():
        if sid not in known:
            raise DataError(f"{where(raw, i, 'source_id')}: {sid!r} is not in data/raw/sources.csv")


DATE_LENGTH = {"date": 10, "month": 7}  # facts whose value is a date: the length of its text


def tidy_facts(raw: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Facts to check the article against: the value as published, a number where it is one.

    Columns: fact_id, topic, statement, value_published (text as printed), value (float; empty for
    dates), date (YYYY-MM-DD for unit 'date', YYYY-MM for 'month'), unit, qualifier ('about' when the statement says
    'About 31,000'), source_id, note.
    """
    check_source_ids(raw, sources)
    rows = []
    for i, r in raw.iterrows():
        text, unit = r["value"].strip(), r["unit"].strip()
        if unit in DATE_LENGTH:  # a day ('date') or a month ('month'): kept as text in ``date``
            parse_published(text, where(raw, i, "value"))
            if len(text) != DATE_LENGTH[unit]:
                form = "YYYY-MM-DD" if unit == "date" else "YYYY-MM"
                raise DataError(f"{where(raw, i, 'value')}: a {unit} fact needs {form}, got {text!r}")
            value, date = np.nan, text
        else:
            value, date = parse_number(text, where(raw, i, "value")), pd.NA
            if unit == "year":
                parse_year(text, where(raw, i, "value"), required=True)
        qualifier = (
            text_qualifier(r["statement"], value) or qualifier_of(r["note"], value) if unit not in DATE_LENGTH else None
        )
        rows.append(
            {
                "fact_id": r["fact_id"],
                "topic": r["topic"],
                "statement": r["statement"],
                "value_published": text,
                "value": value,
                "date": date,
                "unit": unit,
                "qualifier": qualifier,
                "source_id": r["source_id"],
                "note": r["note"] or pd.NA,
            }
        )
    out = pd.DataFrame(rows)
    for col in ("qualifier", "date", "note"):
        out[col] = out[col].astype("str")
    return out


def tidy_claims(raw: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The article's claims: claim_id, topic, quote, quantity, kind (quantitative or qualitative),
    claimed_value (float; empty when the claim has no number, e.g. 'several'), claimed_unit, source_id, note."""
    check_source_ids(raw, sources)
    out = raw[
        ["claim_id", "topic", "quote", "quantity", "kind", "claimed_value", "claimed_unit", "source_id", "note"]
    ].copy()
    out["claimed_value"] = [
        parse_number(v, where(raw, i, "claimed_value")) if v.strip() else np.nan
        for i, v in raw["claimed_value"].items()
    ]
    for col in ("claimed_unit", "note"):
        out[col] = out[col].replace("", pd.NA)
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Survey rows
# --------------------------------------------------------------------------------------------------
def tidy_survey(raw: pd.DataFrame, source: str, sources: pd.DataFrame) -> pd.DataFrame:
    """One survey file as a tidy long table, every cell parsed and checked.

    Parameters
    ----------
    raw : DataFrame
        ``rawdata.read('survey_hana')`` or ``('survey_nkdb')``: every column a string.
    source : {'hana', 'nkdb'}
        Which survey the file holds.
    sources : DataFrame
        ``tidy_sources(...)``: gives each row's publication date.

    Returns
    -------
    DataFrame
        source, row_id, survey_year (Int64), publication_year (Int64, first release),
        publication_years (as published), published (date of the source), published_sort, indicator,
        group, value (float), unit, sample_size (Int64), qualifier, flag, source_id, note, row.
    """
    if source not in SOURCES:
        raise DataError(f"source must be one of {SOURCES}, got {source!r}")
    check_source_ids(raw, sources)
    dates = sources.set_index("source_id")["date_published"]
    rows = []
    for i, r in raw.iterrows():
        value = parse_number(r["value"], where(raw, i, "value"))
        unit = r["unit"].strip()
        if unit not in UNITS:
            raise DataError(f"{where(raw, i, 'unit')}: expected one of {', '.join(UNITS)}, got {r['unit']!r}")
        if unit == "percent" and not 0 <= value <= 100:
            raise DataError(f"{where(raw, i, 'value')}: a percentage must be between 0 and 100, got {r['value']!r}")
        if not r["group"].startswith((ESCAPEES, COMPARATOR)):
            raise DataError(
                f"{where(raw, i, 'group')}: expected defectors[_...] or general_public[_...], got {r['group']!r}"
            )
        n = parse_count(r["sample_size"], where(raw, i, "sample_size"))
        if n == 0:
            raise DataError(
                f"{where(raw, i, 'sample_size')}: a sample size must be at least 1, got {r['sample_size']!r}"
            )
        first, years = parse_publication_years(r["publication_year"], where(raw, i, "publication_year"))
        date = dates.get(r["source_id"])
        date = None if pd.isna(date) else str(date)
        published = date or (str(first) if first else None)
        rows.append(
            {
                "source": source,
                "row_id": r["row_id"],
                "survey_year": parse_year(r["survey_year"], where(raw, i, "survey_year")),
                "publication_year": first,
                "publication_years": years,
                "published": published,
                "published_sort": _date_sort(parse_published(published, where(raw, i, "source_id")))
                if published
                else "",
                "indicator": r["indicator"],
                "group": r["group"],
                "value": value,
                "unit": unit,
                "sample_size": n,
                "qualifier": qualifier_of(r["note"], value),
                "flag": flag_of(r["note"]),
                "source_id": r["source_id"],
                "note": r["note"] or None,
                "row": i + 2,
            }
        )
    long = pd.DataFrame(rows)
    long.attrs = dict(raw.attrs)
    for col in ("survey_year", "publication_year", "sample_size"):
        long[col] = long[col].astype("Int64")
    for col in ("publication_years", "published", "qualifier", "flag", "note"):
        long[col] = long[col].astype("str")
    return long


def adopt(long: pd.DataFrame, rule: str) -> pd.DataFrame:
    """Mark one adopted figure per (source, survey year, indicator, group) by the vintage rule.

    ``rule='latest'`` adopts the most recently published value, ``'first'`` the first published one.
    Rows with no survey year are their own quantity. A quantity with several different values, one of
    which has no known publication date, cannot be ordered: DataError naming the rows.

    Returns ``long`` with boolean ``adopted`` and the ``vintage_rule``.
    """
    keyed = long.assign(year_key=long["survey_year"].astype("str").fillna("not stated"))
    keys = ["source", "year_key", "indicator", "group"]
    for _, group in keyed.groupby(keys, sort=False):
        if len(group) > 1 and group["value"].nunique() > 1 and (group["published_sort"] == "").any():
            rows = ", ".join(str(x) for x in group["row"])
            raise DataError(
                f"{long.attrs.get('source_file', '<table>')} rows {rows}: different values for "
                f"{group['indicator'].iloc[0]} ({group['group'].iloc[0]}, survey year {group['year_key'].iloc[0]}), "
                f"and at least one has no publication date; the {rule!r} vintage rule cannot order them"
            )
    chosen = choose_vintage(keyed, keys, rule)
    return long.assign(adopted=long.index.isin(chosen.index), vintage_rule=rule)


def tidy_surveys(raw_hana: pd.DataFrame, raw_nkdb: pd.DataFrame, sources: pd.DataFrame, rule: str) -> pd.DataFrame:
    """Both surveys, tidy, with the adopted vintage marked; one table, ``source`` keeps them apart."""
    parts = [adopt(tidy_survey(raw, src, sources), rule) for src, raw in (("hana", raw_hana), ("nkdb", raw_nkdb))]
    out = pd.concat(parts, ignore_index=True)
    return out.drop(columns=["published_sort", "row"])


def quantities_with_vintages(surveys: pd.DataFrame) -> int:
    """How many quantities (source, survey year, indicator, group) have more than one published value."""
    keyed = surveys.assign(year_key=surveys["survey_year"].astype("str").fillna("not stated"))
    sizes = keyed.groupby(["source", "year_key", "indicator", "group"]).size()
    return int((sizes > 1).sum())
