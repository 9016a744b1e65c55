"""Suicide mortality sources: escapee figures, KOSTAT causes of death, OECD comparisons, cleaned to tidy tables.

Three raw tables (``data/raw/escapee_suicide.csv``, ``kostat_deaths.csv``, ``oecd_suicide.csv``) become
three processed tables with numeric values, a period start and end, a partial-year flag, a series or
release id and the ``source_id`` carried on every row.

Rules, one function each:

- **Printed qualifiers are not numbers.** An escapee figure printed as ``~10`` (about), ``6-7`` (a range)
  or ``eight`` (a word) keeps its text in ``value_as_printed`` and its kind in ``qualifier``; its
  ``value`` is NaN, so it is shown but never used in arithmetic.
- **Vintages (KOSTAT).** Where KOSTAT published a figure first provisionally and later as final (the 2024
  crude rate: 28.3 provisional, 29.1 final), every figure is kept with its ``status``; the ``vintage``
  parameter adopts the ``latest`` (final) or the ``first`` (provisional) one, marked ``adopted``. A
  figure is provisional when the transcriber's note says so (the note starts with "Provisional"); two
  different figures of one status for one quantity cannot be ordered and are an error. Shares of deaths
  *stated* by a lawmaker or outlet are claims, not vintages: each is kept and adopted on its own.
- **OECD releases.** Each figure belongs to one release (publication vintage); release labels that name
  the same release in different words are mapped to one ``release_id`` (``RELEASE_ALIASES``, written out
  below). WHO-standard and aggregator-rounded rows are kept but marked ``comparable = False``.

Every error names the file, row and column (``clean.where``).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from analysis.cleaning.clean import Where, choose_vintage, parse_published, parse_year, where
from analysis.errors import DataError

# --------------------------------------------------------------------------------------------------
# Numbers as printed
# --------------------------------------------------------------------------------------------------
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
APPROX = re.compile(r"^~\s*\d+(?:\.\d+)?$")
RANGE = re.compile(r"^\d+(?:\.\d+)?\s*-\s*\d+(?:\.\d+)?$")
WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

COUNT_INDICATORS = ("suicide_count", "deaths_total", "deaths_by_cause", "attempted_suicide_count")


def parse_printed(text: str, at: Where) -> tuple[float, str]:
    """A figure as printed -> (value, qualifier).

    ``'27.3'`` -> (27.3, ''); ``'~10'`` -> (nan, 'approximate'); ``'6-7'`` -> (nan, 'range');
    ``'eight'`` -> (nan, 'word'); ``''`` -> (nan, 'blank'). Only an unqualified number becomes a value:
    the others are kept as printed and never enter arithmetic.
    """
    s = text.strip()
    if s == "":
        return math.nan, "blank"
    if NUMBER.match(s):
        return float(s), ""
    if APPROX.match(s):
        return math.nan, "approximate"
    if RANGE.match(s):
        lo, hi = (float(x) for x in s.split("-"))
        if hi < lo:
            raise DataError(f"{at}: range {text!r} ends below its start")
        return math.nan, "range"
    if s.lower() in WORDS:
        return math.nan, "word"
    raise DataError(f"{at}: expected a number such as 27.3, '~10', '6-7' or a number word, got {text!r}")


def parse_bool(text: str, at: Where) -> bool:
    s = text.strip().lower()
    if s not in ("true", "false"):
        raise DataError(f"{at}: expected true or false, got {text!r}")
    return s == "true"


# --------------------------------------------------------------------------------------------------
# Escapee figures
# --------------------------------------------------------------------------------------------------
def tidy_escapee(raw: pd.DataFrame) -> pd.DataFrame:
    """The escapee table, one published figure per row, with numbers parsed.

    Columns added: ``value`` (float, NaN when qualified), ``value_as_printed``, ``qualifier``,
    ``comparator`` (float) and ``comparator_as_printed``, ``comparator_qualifier``; ``period_start`` /
    ``period_end`` as nullable integers (blank when the source states no years). Counts must be whole
    numbers; a period must not end before it starts.
    """
    rows = []
    for i, r in raw.iterrows():
        start = parse_year(r["period_start"], where(raw, i, "period_start"))
        end = parse_year(r["period_end"], where(raw, i, "period_end"))
        if (start is None) != (end is None):
            raise DataError(
                f"{where(raw, i, 'period_end')}: period_start and period_end must both be given or both blank"
            )
        if start is not None and end < start:
            raise DataError(f"{where(raw, i, 'period_end')}: period ends ({end}) before it starts ({start})")
        value, qualifier = parse_printed(r["value"], where(raw, i, "value"))
        if qualifier == "blank":
            raise DataError(f"{where(raw, i, 'value')}: every escapee row needs a published figure")
        if r["indicator"] in COUNT_INDICATORS and qualifier == "" and not float(value).is_integer():
            raise DataError(
                f"{where(raw, i, 'value')}: {r['indicator']} is a count; expected a whole number, got {r['value']!r}"
            )
        comparator, comp_q = parse_printed(r["comparator_value"], where(raw, i, "comparator_value"))
        parse_published(r["published"], where(raw, i, "published"))
        rows.append(
            {
                "record_id": r["record_id"],
                "period": r["period"],
                "period_start": start,
                "period_end": end,
                "partial_year": parse_bool(r["partial_year"], where(raw, i, "partial_year")),
                "subgroup": r["subgroup"].strip(),
                "indicator": r["indicator"],
                "value": value,
                "value_as_printed": r["value"],
                "qualifier": qualifier,
                "unit": r["unit"],
                "comparator": comparator,
                "comparator_as_printed": r["comparator_value"],
                "comparator_qualifier": "" if comp_q == "blank" else comp_q,
                "comparator_definition": r["comparator_definition"],
                "stated_ratio": r["stated_ratio"],
                "series": r["series"],
                "basis": r["basis"],
                "attributed_to": r["attributed_to"],
                "published": r["published"],
                "source_id": r["source_id"],
                "note": r["note"],
                "cause_not_tracked_source": str(r.get("cause_not_tracked_source", "") or "").strip(),
            }
        )
    out = pd.DataFrame(rows)
    for c in ("period_start", "period_end"):
        out[c] = out[c].astype("Int64")
    return out


# --------------------------------------------------------------------------------------------------
# KOSTAT
# --------------------------------------------------------------------------------------------------
PROVISIONAL_NOTE = re.compile(r"^\s*provisional\b", re.IGNORECASE)
STATED = "share_of_deaths_stated"  # a claim by a lawmaker or outlet, not a KOSTAT vintage


def tidy_kostat(raw: pd.DataFrame, rule: str) -> pd.DataFrame:
    """KOSTAT rows with numeric values, a status (provisional/final) and the adopted figure marked.

    ``status`` is ``provisional`` when the transcriber's note starts with "Provisional", else ``final``.
    One figure per (year, indicator, sex, age group) is ``adopted`` by ``rule`` (``latest``: the final
    figure; ``first``: the provisional one where there is one). Stated shares of deaths are claims by
    different parties, so each is adopted (key includes ``source_id``).
    """
    if rule not in ("latest", "first"):
        raise DataError(f"vintage rule must be 'latest' or 'first', got {rule!r}")
    rows = []
    for i, r in raw.iterrows():
        year = parse_year(r["year"], where(raw, i, "year"), required=True)
        value, q = parse_printed(r["value"], where(raw, i, "value"))
        if q:
            raise DataError(f"{where(raw, i, 'value')}: KOSTAT figures must be plain numbers, got {r['value']!r}")
        if r["indicator"] in ("suicide_deaths", "total_deaths_all_causes") and not value.is_integer():
            raise DataError(
                f"{where(raw, i, 'value')}: {r['indicator']} is a count; expected a whole number, got {r['value']!r}"
            )
        if r["indicator"] == "crude_suicide_rate_by_age" and not r["age_group"].strip():
            raise DataError(f"{where(raw, i, 'age_group')}: an age-specific rate needs its age group")
        provisional = bool(PROVISIONAL_NOTE.match(r["note"]))
        rows.append(
            {
                "row_id": r["row_id"],
                "year": year,
                "period_start": year,
                "period_end": year,
                "partial_year": False,
                "indicator": r["indicator"],
                "sex": r["sex"],
                "age_group": r["age_group"].strip(),
                "value": value,
                "unit": r["unit"],
                "status": "provisional" if provisional else "final",
                "vintage_seq": 1 if provisional else 2,
                "series": "kostat_causes_of_death" if r["indicator"] != STATED else f"stated:{r['source_id']}",
                "source_id": r["source_id"],
                "note": r["note"],
                "row": i + 2,
            }
        )
    long = pd.DataFrame(rows)
    long.attrs = dict(raw.attrs)
    chosen = choose_vintage(
        long, ["year", "indicator", "sex", "age_group", "series"], rule, value="value", order="vintage_seq"
    )
    long["adopted"] = long.index.isin(chosen.index)
    long["vintage_rule"] = rule
    return long.drop(columns=["vintage_seq", "row"])


# --------------------------------------------------------------------------------------------------
# OECD
# --------------------------------------------------------------------------------------------------
# Release labels as transcribed -> one id per release. Labels differ where the transcriber noted how a
# figure reached us (a chart, a press report) for the same publication.
RELEASE_ALIASES: dict[str, str] = {
    "KOSTAT 2022 Causes of Death (Sep 2023) chart": "KOSTAT 2022 Causes of Death (Sep 2023)",
    "OECD (via KOSTAT 2009 release)": "KOSTAT 2009 Causes of Death",
    "KOSTAT 2017 release / OECD stat site 2018": "KOSTAT 2017 Causes of Death (Sep 2018)",
    "MOHW/KFSP 2022 Suicide Prevention White Paper (2019 data)": "MOHW 2022 Suicide Prevention White Paper",
    "MOHW 2022 White Paper": "MOHW 2022 Suicide Prevention White Paper",
    "OECD Health Statistics 2025 (via MOHW, Jul 2025)": "OECD Health Statistics 2025",
    "MOHW 2019 White Paper (as reported)": "MOHW 2019 Suicide Prevention White Paper",
    "MOHW 2019 Suicide Prevention White Paper (as reported)": "MOHW 2019 Suicide Prevention White Paper",
    "OECD data portal (as reported 2023-2024)": "OECD data portal (as reported)",
}
OECD_STANDARD = "OECD standard population (age-standardised)"
KOSTAT_OWN = re.compile(r"^KOSTAT (\d{4}) Causes of Death")
DATA_YEAR = re.compile(r"^(\d{4})(?:\s*\((as labelled|prior vintage)\))?$")


def parse_data_year(text: str) -> tuple[int | None, str]:
    """'2022' -> (2022, ''); '2016 (as labelled)' -> (2016, 'as labelled'); 'latest (2019?)' ->
    (None, 'latest (2019?)'): a country's latest year not stated exactly is not a data year."""
    m = DATA_YEAR.match(text.strip())
    if m:
        return int(m[1]), m[2] or ""
    return None, text.strip()


def parse_rank(text: str) -> int | None:
    """'1' -> 1, '8=' -> 8 (tied), '1 among men ...' -> 1; 'lowest', '' -> None."""
    m = re.match(r"^(\d+)=?(?:\s|$)", text.strip())
    return int(m[1]) if m else None


def tidy_oecd(raw: pd.DataFrame) -> pd.DataFrame:
    """OECD comparison rows with numeric values, a parsed data year, a release id and comparability.

    ``comparable`` is true only for OECD-standard age-standardised rates (WHO world-standard estimates
    and aggregator-rounded integers are not comparable with them). ``kostat_own_release`` is true when
    the release is KOSTAT's Causes of Death release for the same data year as the row.
    """
    rows = []
    for i, r in raw.iterrows():
        value, q = parse_printed(r["value"], where(raw, i, "value"))
        if q not in ("", "blank"):
            raise DataError(f"{where(raw, i, 'value')}: expected a plain number or a blank, got {r['value']!r}")
        year, year_q = parse_data_year(r["data_year"])
        date = parse_published(r["release_date"], where(raw, i, "release_date"), required=False)
        release_id = RELEASE_ALIASES.get(r["release"], r["release"])
        own = KOSTAT_OWN.match(release_id)
        rows.append(
            {
                "row_id": r["row_id"],
                "data_year": year,
                "data_year_as_printed": r["data_year"],
                "data_year_qualifier": year_q,
                "country": r["country"],
                "sex": r["sex"],
                "value": value,
                "unit": r["unit"],
                "standardisation": r["standardisation"],
                "comparable": r["standardisation"] == OECD_STANDARD,
                "release": r["release"],
                "release_id": release_id,
                "release_date": r["release_date"],
                "release_sort": "" if date is None else "{:04d}-{:02d}".format(*date[:2]),
                "kostat_own_release": bool(own) and year is not None and int(own[1]) == year,
                "rank_stated": r["rank_stated"],
                "rank": parse_rank(r["rank_stated"]),
                "source_id": r["source_id"],
                "note": r["note"],
            }
        )
    out = pd.DataFrame(rows)
    for c in ("data_year", "rank"):
        out[c] = out[c].astype("Int64")
    return out
