"""The appendix's parameter table is derived from the one declaration of the parameters."""

from typing import Literal

import annotated_types as at

from analysis import params, paths
from analysis.findings import appendix
from analysis.findings.tables import Tables


def test_describe_field_from_type_and_constraints():
    assert appendix.describe_field(Literal["latest", "first"], []) == ("one of", "latest or first")
    assert appendix.describe_field(int, [at.Ge(1998), at.Le(2025)]) == ("integer", "from 1998 to 2025")
    assert appendix.describe_field(float, [at.Gt(0.5), at.Lt(1.0)]) == ("number", "above 0.5 and below 1")
    assert appendix.describe_field(float, [at.Gt(0.0), at.Le(20.0)]) == ("number", "above 0 and at most 20")
    assert appendix.describe_field(str, []) == ("text", "any")


def test_parameter_rows_follow_params():
    P = params.validate({"confidence_level": 0.99})
    rows = {r.name: r for r in appendix.parameter_rows(P)}
    assert list(rows) == list(params.Params.model_fields)  # every declared parameter, in declaration order
    c = rows["confidence_level"]
    assert (c.kind, c.allowed, c.default, c.value) == ("number", "above 0.5 and below 1", "0.95", "0.99")
    assert c.description == params.Params.model_fields["confidence_level"].description
    assert rows["vintage"].allowed == "latest or first"


def test_declarations_come_from_citation_cff_and_no_address_is_invented():
    import yaml

    from analysis import paths
    from analysis.findings import appendix

    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    d = appendix.declarations()
    assert d.version.text == str(cff["version"]) and d.licence.text == cff["license"]
    assert d.contributors.text == cff["authors"][0]["name"]
    assert (d.repository is None) == ("repository-code" not in cff)


def test_the_citation_is_the_one_citation_cff_declares():
    from analysis.findings.appendix import citation

    cff = {"authors": [{"name": "A team"}], "title": "A title", "version": "1.2", "date-released": "2026-12-04"}
    assert citation(cff) == "A team (2026). A title. Version 1.2."
    two = {**cff, "authors": [{"given-names": "Ann", "family-names": "Lee"}, {"name": "B"}]}
    assert citation(two | {"repository-code": "https://example.org/x"}) == (
        "Lee, Ann; B (2026). A title. Version 1.2. https://example.org/x"
    )
    assert citation({k: v for k, v in cff.items() if k != "date-released"}) == "A team. A title. Version 1.2."


def test_raw_files_are_named_by_what_they_hold_and_cite_their_declared_sources():
    """Issue 20's referee: the reader sees what a raw table holds and the publications it was read from (cited
    by number), not its file name, which stays for the methods edition."""
    import pandas as pd

    from analysis.present import appendix as show

    sources = pd.read_csv(paths.RAW / "sources.csv", dtype=str, keep_default_na=False)
    F = appendix.findings(params.Params(), Tables({"sources": sources}))
    by_file = {r.file: r for r in F.raw_files}
    suicide = by_file["data/raw/escapee_suicide.csv"]
    assert suicide.title.startswith("North Korean escapees in South Korea: published suicide figures")
    # the resource declares six publications by address; the registry gives their ids, in the declared order
    assert suicide.sources[:4] == [
        "segye-2022-01-13",
        "koreaherald-2026-02-25",
        "hankookilbo-2020-10-07",
        "jtbc-2024-09-27",
    ]
    assert by_file["data/raw/sources.csv"].sources == []  # the registry itself declares none
    shown = show.raw_file_names(F)
    # the same output every build: a fixed table id, and no object address in its plain-text form
    assert shown.data == show.raw_file_names(F).data and repr(shown) == repr(show.raw_file_names(F))
    assert shown.data.index("data/raw/sources.csv") < shown.data.index("data/raw/escapee_suicide.csv")
    assert all(r.title in shown.data and r.file in shown.data for r in F.raw_files)


def test_a_raw_file_citing_an_address_the_registry_lacks_is_an_error():
    import pandas as pd
    import pytest

    registry = pd.DataFrame({"source_id": ["a"], "url": ["https://a.example/"]})
    assert appendix.declared_sources("x.csv", ["https://a.example/", "https://a.example/"], registry) == ["a"]
    with pytest.raises(ValueError, match="x.csv: its declared source https://b.example/ is not in the source registry"):
        appendix.declared_sources("x.csv", ["https://b.example/"], registry)
