"""The processed tables: each declared once (schema, title, description, inputs, units), and the cleaning
steps that make them from the raw source tables.

``TABLES`` is the one declaration of every processed table the cleaning notebooks write; ``io.save``
writes a frame under its declaration, with its sidecar. The three step functions (``arrivals``,
``mortality``, ``surveys``) compose the cleaning rules exactly as the cleaning notebooks do, for the tests
and checks that need the processed tables without starting a kernel (``io.write_all``); the notebooks
show each table and save the very frame they show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.cleaning import arrivals as ca
from analysis.cleaning import mortality as cm
from analysis.cleaning import rawdata, schemas, schemas_mortality, schemas_surveys
from analysis.cleaning import surveys as cs
from analysis.params import Params

DATAPACKAGE = "data/raw/datapackage.json"


@dataclass(frozen=True)
class Table:
    """A processed table's declaration: what its sidecar states, and the schema it is validated with.

    ``description`` may name parameters in braces (``{vintage}``); ``params`` lists the parameters the
    table depends on (filled in, and recorded in the sidecar).
    """

    schema: Any
    title: str
    description: str
    raw: tuple[str, ...]  # the raw tables it is made from (data/raw/<name>.csv)
    units: dict[str, str] = field(default_factory=dict)
    params: tuple[str, ...] = ()

    @property
    def inputs(self) -> list[str]:
        return [f"data/raw/{name}.csv" for name in self.raw] + [DATAPACKAGE]

    def parameters(self, P: Params) -> dict[str, Any]:
        return {name: getattr(P, name) for name in self.params}

    def describe(self, P: Params) -> str:
        return self.description.format(**self.parameters(P))


TABLES: dict[str, Table] = {
    "arrivals_vintages": Table(
        schemas.arrivals_vintages,
        "Arrivals by period and sex, every published vintage",
        "One row per published figure (MOU and press reports of MOU briefings); adopted marks the figure chosen "
        "by the vintage rule.",
        raw=("arrivals",),
        units={"arrivals": "persons"},
        params=("vintage",),
    ),
    "arrivals": Table(
        schemas.arrivals,
        "Arrivals by period and sex, adopted figures",
        "One figure per period and sex, chosen by the vintage rule '{vintage}'.",
        raw=("arrivals",),
        units={"arrivals": "persons"},
        params=("vintage",),
    ),
    "arrivals_cumulative": Table(
        schemas.arrivals_cumulative,
        "Cumulative arrivals as reported by MOU",
        "Cumulative arrivals since records began, as published at the time (not running sums).",
        raw=("arrivals_cumulative",),
        units={"cumulative_arrivals": "persons"},
    ),
    "escapee_suicide": Table(
        schemas_mortality.escapee_suicide,
        "Escapee suicide figures as published",
        "One row per published figure (counts, rates per 100,000, shares of deaths) with period, series and "
        "source; value is empty where the source printed a qualifier (about, a range, a word).",
        raw=("escapee_suicide",),
        units={"value": "as in unit", "comparator": "as in unit"},
    ),
    "kostat": Table(
        schemas_mortality.kostat,
        "KOSTAT causes-of-death figures (suicide, all deaths)",
        "Every published figure with its status; adopted marks the figure chosen by the vintage rule '{vintage}'.",
        raw=("kostat_deaths",),
        units={"value": "as in unit"},
        params=("vintage",),
    ),
    "oecd": Table(
        schemas_mortality.oecd,
        "Age-standardised suicide rates by country, data year and release",
        "One row per published figure; release_id groups the figures of one release; comparable is true for "
        "OECD-standard rates for both sexes.",
        raw=("oecd_suicide",),
        units={"value": "deaths per 100,000 (age-standardised)"},
    ),
    "surveys": Table(
        schemas_surveys.surveys,
        "Integration surveys of escapees: every published figure (Korea Hana Foundation and NKDB)",
        "One row per published figure. source keeps the two surveys apart (never spliced). survey_year is the "
        "fieldwork year, publication_year the first release, published the date of the source the figure was read "
        "in. qualifier: printed with a qualifier ('more than'), kept out of arithmetic. flag: conflict / "
        "ambiguous_year / caution (caution: not comparable, kept out of arithmetic). adopted: chosen by the vintage "
        "rule '{vintage}'.",
        raw=("survey_hana", "survey_nkdb", "sources"),
        units={
            "value": "as in unit: percent, pp (percentage points), KRW (per month), months, hours, count",
            "sample_size": "respondents (as published; empty if not published)",
            "survey_year": "year",
            "publication_year": "year",
        },
        params=("vintage",),
    ),
    "facts": Table(
        schemas_surveys.facts,
        "Facts the article is checked against",
        "One row per published fact; value_published as printed, value as a number (empty for dates), qualifier "
        "where the statement says 'about'.",
        raw=("facts", "sources"),
        units={"value": "as in unit (date, year, weeks, months, persons, percent)"},
    ),
    "claims": Table(
        schemas_surveys.claims,
        "The audited article's claims",
        "One row per claimed quantity: the quote, the number claimed (empty where the claim has no number) and "
        f"its unit. The NKDB 2023 survey figures are '{cs.CITED_NOT_FOUND}'.",
        raw=("article_claims", "sources"),
        units={"claimed_value": "as in claimed_unit"},
    ),
    "sources": Table(
        schemas_surveys.sources,
        "Source registry",
        "One row per published source: publisher, title, URL, date published (empty when unknown), date accessed "
        "(transcribed from an archived copy).",
        raw=("sources",),
        units={"date_published": "YYYY, YYYY-MM or YYYY-MM-DD", "accessed": "YYYY-MM-DD"},
    ),
}


def arrivals(P: Params) -> dict[str, pd.DataFrame]:
    """What notebooks/10_clean_arrivals.ipynb saves: arrivals_vintages, arrivals, arrivals_cumulative."""
    vintages = ca.adopt(ca.tidy_vintages(rawdata.read("arrivals")), P.vintage)
    return {
        "arrivals_vintages": ca.published_vintages(vintages),
        "arrivals": ca.adopted_table(vintages, P.vintage),
        "arrivals_cumulative": ca.tidy_cumulative(rawdata.read("arrivals_cumulative")),
    }


def mortality(P: Params) -> dict[str, pd.DataFrame]:
    """What notebooks/11_clean_mortality.ipynb saves: escapee_suicide, kostat, oecd."""
    return {
        "escapee_suicide": cm.tidy_escapee(rawdata.read("escapee_suicide")),
        "kostat": cm.tidy_kostat(rawdata.read("kostat_deaths"), P.vintage),
        "oecd": cm.tidy_oecd(rawdata.read("oecd_suicide")),
    }


def surveys(P: Params) -> dict[str, pd.DataFrame]:
    """What notebooks/12_clean_surveys.ipynb saves: sources, surveys, facts, claims."""
    sources = cs.tidy_sources(rawdata.read("sources"))
    return {
        "sources": sources,
        "surveys": cs.tidy_surveys(rawdata.read("survey_hana"), rawdata.read("survey_nkdb"), sources, P.vintage),
        "facts": cs.tidy_facts(rawdata.read("facts"), sources),
        "claims": cs.tidy_claims(rawdata.read("article_claims"), sources),
    }


def build_all(P: Params) -> dict[str, pd.DataFrame]:
    """Every processed table the three cleaning notebooks save, by name."""
    return arrivals(P) | mortality(P) | surveys(P)
