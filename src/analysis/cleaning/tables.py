"""The cleaning steps as functions: raw source tables -> the tidy processed tables, validated and written.

The cleaning notebooks call these (one call each, after showing the cleaning decisions); tests and the
property-based checks call them to make the processed tables without starting a kernel.
"""

from __future__ import annotations

from analysis import io
from analysis.cleaning import rawdata, schemas, schemas_mortality, schemas_surveys
from analysis.methods import arrivals, mortality
from analysis.methods import surveys as sv
from analysis.params import Params


def write_arrivals(P: Params) -> None:
    """arrivals_vintages, arrivals (adopted by the vintage rule), arrivals_cumulative."""
    vintages = arrivals.adopt(arrivals.tidy_vintages(rawdata.read("arrivals")), P.vintage)
    adopted = arrivals.adopted_table(vintages, P.vintage)
    cumulative = arrivals.tidy_cumulative(rawdata.read("arrivals_cumulative"))
    inputs = ["data/raw/arrivals.csv", "data/raw/datapackage.json"]
    io.write_table(
        vintages.drop(columns=["published_sort", "row"]),
        "arrivals_vintages",
        schema=schemas.arrivals_vintages,
        title="Arrivals by period and sex, every published vintage",
        description="One row per published figure (MOU and press reports of MOU briefings); adopted marks "
        "the figure chosen by the vintage rule.",
        inputs=inputs,
        params={"vintage": P.vintage},
        units={"arrivals": "persons"},
    )
    io.write_table(
        adopted,
        "arrivals",
        schema=schemas.arrivals,
        title="Arrivals by period and sex, adopted figures",
        description=f"One figure per period and sex, chosen by the vintage rule '{P.vintage}'.",
        inputs=inputs,
        params={"vintage": P.vintage},
        units={"arrivals": "persons"},
    )
    io.write_table(
        cumulative,
        "arrivals_cumulative",
        schema=schemas.arrivals_cumulative,
        title="Cumulative arrivals as reported by MOU",
        description="Cumulative arrivals since records began, as published at the time (not running sums).",
        inputs=["data/raw/arrivals_cumulative.csv"],
        units={"cumulative_arrivals": "persons"},
    )


def write_mortality(P: Params) -> None:
    """escapee_suicide, kostat, oecd."""
    escapee = mortality.tidy_escapee(rawdata.read("escapee_suicide"))
    kostat = mortality.tidy_kostat(rawdata.read("kostat_deaths"), P.vintage)
    oecd = mortality.tidy_oecd(rawdata.read("oecd_suicide"))
    io.write_table(
        escapee,
        "escapee_suicide",
        schema=schemas_mortality.escapee_suicide,
        title="Escapee suicide figures as published",
        description="One row per published figure (counts, rates per 100,000, shares of deaths) with period, "
        "series and source; value is empty where the source printed a qualifier (about, a range, a word).",
        inputs=["data/raw/escapee_suicide.csv", "data/raw/datapackage.json"],
        units={"value": "as in unit", "comparator": "as in unit"},
    )
    io.write_table(
        kostat,
        "kostat",
        schema=schemas_mortality.kostat,
        title="KOSTAT causes-of-death figures (suicide, all deaths)",
        description="Every published figure with its status; adopted marks the figure chosen by the vintage "
        f"rule '{P.vintage}'.",
        inputs=["data/raw/kostat_deaths.csv", "data/raw/datapackage.json"],
        params={"vintage": P.vintage},
        units={"value": "as in unit"},
    )
    io.write_table(
        oecd,
        "oecd",
        schema=schemas_mortality.oecd,
        title="Age-standardised suicide rates by country, data year and release",
        description="One row per published figure; release_id groups the figures of one release; comparable "
        "is true for OECD-standard rates for both sexes.",
        inputs=["data/raw/oecd_suicide.csv", "data/raw/datapackage.json"],
        units={"value": "deaths per 100,000 (age-standardised)"},
    )


def write_surveys(P: Params) -> None:
    """surveys, facts, claims, sources."""
    sources = sv.tidy_sources(rawdata.read("sources"))
    surveys = sv.tidy_surveys(rawdata.read("survey_hana"), rawdata.read("survey_nkdb"), sources, P.vintage)
    facts = sv.tidy_facts(rawdata.read("facts"), sources)
    claims = sv.tidy_claims(rawdata.read("article_claims"), sources)
    survey_inputs = [
        "data/raw/survey_hana.csv",
        "data/raw/survey_nkdb.csv",
        "data/raw/sources.csv",
        "data/raw/datapackage.json",
    ]
    io.write_table(
        surveys,
        "surveys",
        schema=schemas_surveys.surveys,
        title="Integration surveys of escapees: every published figure (Korea Hana Foundation and NKDB)",
        description="One row per published figure. source keeps the two surveys apart (never spliced). survey_year is "
        "the fieldwork year, publication_year the first release, published the date of the source the figure was read "
        "in. qualifier: printed with a qualifier ('more than'), kept out of arithmetic. flag: conflict / ambiguous_year "
        f"/ caution (caution: not comparable, kept out of arithmetic). adopted: chosen by the vintage rule '{P.vintage}'.",
        inputs=survey_inputs,
        params={"vintage": P.vintage},
        units={
            "value": "as in unit: percent, pp (percentage points), KRW (per month), months, hours, count",
            "sample_size": "respondents (as published; empty if not published)",
            "survey_year": "year",
            "publication_year": "year",
        },
    )
    io.write_table(
        facts,
        "facts",
        schema=schemas_surveys.facts,
        title="Facts the article is checked against",
        description="One row per published fact; value_published as printed, value as a number (empty for dates), "
        "qualifier where the statement says 'about'.",
        inputs=["data/raw/facts.csv", "data/raw/sources.csv", "data/raw/datapackage.json"],
        units={"value": "as in unit (date, year, weeks, months, persons, percent)"},
    )
    io.write_table(
        claims,
        "claims",
        schema=schemas_surveys.claims,
        title="The audited article's claims",
        description="One row per claimed quantity: the quote, the number claimed (empty where the claim has no number) "
        f"and its unit. The NKDB 2023 survey figures are '{sv.CITED_NOT_FOUND}'.",
        inputs=["data/raw/article_claims.csv", "data/raw/sources.csv", "data/raw/datapackage.json"],
        units={"claimed_value": "as in claimed_unit"},
    )
    io.write_table(
        sources,
        "sources",
        schema=schemas_surveys.sources,
        title="Source registry",
        description="One row per published source: publisher, title, URL, date published (empty when unknown), "
        "date accessed (transcribed from an archived copy).",
        inputs=["data/raw/sources.csv", "data/raw/datapackage.json"],
        units={"date_published": "YYYY, YYYY-MM or YYYY-MM-DD", "accessed": "YYYY-MM-DD"},
    )


def write_all(P: Params) -> None:
    """Every processed table (what the three cleaning notebooks write)."""
    write_arrivals(P)
    write_mortality(P)
    write_surveys(P)
