"""The appendices: references, the parameters of this build and the raw files, as one typed findings object.

The parameter table is derived from the single declaration of the parameters (``params.Params``): each
field's type, range, default and description, so nothing in it is typed twice.
"""

from __future__ import annotations

import typing

import annotated_types as at
import pandas as pd
from pydantic_core import PydanticUndefined

from analysis import params, paths
from analysis.cleaning import provenance
from analysis.core.values import Findings, Record, Value
from analysis.core.wording import count_word, join_words
from analysis.findings.tables import Tables, given
from analysis.params import Params

#: The reproducibility appendix's sentence on the parameters, one per case.
CHANGED = {True: "Parameters changed from their defaults: {names}.", False: "Every parameter has its default value."}


class ParameterRow(Record):
    """One parameter as declared, with the value of this build."""

    name: str
    kind: str  # 'integer', 'number', 'one of: latest, first'
    allowed: str  # '1998 to 2025', 'above 0.5 and below 1', 'latest or first'
    default: str
    value: str
    description: str


class SourceRow(Record):
    source_id: str
    publisher: str
    title: str
    url: str
    date_published: str
    accessed: str


class RawFile(Record):
    file: str  # its path, for the methods edition (the cleaning notebooks read it by this name)
    title: str  # what it holds, as its resource declares it
    sources: list[str]  # ids of the publications its resource declares it was read from (cited by number)
    rows: int
    bytes: int
    sha256: str


class Declarations(Record):
    """Section 9: who made the report, under what licence, where its code and data are (CITATION.cff)."""

    contributors: Value
    licence: Value
    version: Value
    repository: Value | None  # CITATION.cff's repository-code: None when not declared (never guessed)
    citation: Value  # how to cite the report, from CITATION.cff (authors, year released, title, version, address)


def declarations() -> Declarations:
    import yaml

    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    names = [a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip() for a in cff["authors"]]
    method = "declared in CITATION.cff"
    address = cff.get("repository-code")
    return Declarations(
        contributors=Value.listing(names, of="contributors, declared in CITATION.cff"),
        licence=Value.of(str(cff["license"]), method=method),
        version=Value.of(str(cff["version"]), method=method),
        repository=None if address is None else Value.of(str(address), method=method),
        citation=Value.label(citation(cff), of="the report's reference, declared in CITATION.cff"),
    )


def citation(cff: dict) -> str:
    """The report's reference as CITATION.cff declares it: 'Authors (year). Title. Version v. address'; the
    year is that of date-released (left out when none is declared), the address only when declared."""
    names = [
        a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}".strip(", ") for a in cff["authors"]
    ]
    released = str(cff.get("date-released", ""))[:4]
    year = f" ({released})" if released.isdigit() else ""
    address = f" {cff['repository-code']}" if cff.get("repository-code") else ""
    return f"{'; '.join(names)}{year}. {cff['title']}. Version {cff['version']}.{address}"


class AppendixFindings(Findings):
    SECTION = "appendix"

    parameters: list[ParameterRow]
    changed: Value
    code_version: Value
    packages: Value
    package_versions: dict[str, str]
    sources: list[SourceRow]
    source_count: Value
    raw_files: list[RawFile]
    declarations: Declarations


def _fmt(v: object) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def describe_field(annotation: object, metadata: list) -> tuple[str, str]:
    """(kind, allowed values) of a parameter from its type and its constraints."""
    choices = typing.get_args(annotation) if typing.get_origin(annotation) is typing.Literal else ()
    if choices:
        return "one of", join_words([str(c) for c in choices], "or")
    kind = {int: "integer", float: "number", str: "text", bool: "yes or no"}.get(annotation, str(annotation))
    lower = upper = ""
    for c in metadata:
        if isinstance(c, at.Ge):
            lower = f"from {_fmt(c.ge)}"
        elif isinstance(c, at.Gt):
            lower = f"above {_fmt(c.gt)}"
        elif isinstance(c, at.Le):
            upper = f"to {_fmt(c.le)}" if lower.startswith("from") else f"at most {_fmt(c.le)}"
        elif isinstance(c, at.Lt):
            upper = f"below {_fmt(c.lt)}"
    allowed = " ".join(
        p for p in (lower, ("and " + upper) if lower and not upper.startswith("to") and upper else upper) if p
    )
    return kind, allowed or "any"


def parameter_rows(P: Params, defaults: dict | None = None) -> list[ParameterRow]:
    """Every declared parameter: type, allowed values, default, this build's value, description."""
    defaults = params.defaults() if defaults is None else defaults
    rows = []
    for name, field in type(P).model_fields.items():
        kind, allowed = describe_field(field.annotation, list(field.metadata))
        default = field.default if field.default is not PydanticUndefined else defaults.get(name)
        rows.append(
            ParameterRow(
                name=name,
                kind=kind,
                allowed=allowed,
                default=_fmt(default),
                value=_fmt(getattr(P, name)),
                description=field.description or "",
            )
        )
    return rows


def declared_sources(file: object, urls: object, sources: pd.DataFrame) -> list[str]:
    """The registry's ids of the publications a raw file's resource declares (by their addresses), in its order;
    an address the registry does not hold is an error (the file would be cited wrongly)."""
    by_url = dict(zip(sources["url"], sources["source_id"], strict=True))
    missing = [u for u in urls if u not in by_url]  # type: ignore[attr-defined]
    if missing:
        raise ValueError(f"{file}: its declared source {missing[0]} is not in the source registry")
    return list(dict.fromkeys(by_url[u] for u in urls))  # type: ignore[attr-defined]


def findings(P: Params, tables: Tables | None = None) -> AppendixFindings:
    """The appendices' findings (``tables``: analysis.findings.tables)."""
    sources = given(tables)["sources"]
    rows = parameter_rows(P)
    changed = [r.name for r in rows if r.value != r.default]
    versions = provenance.package_versions()
    raw = provenance.raw_files()
    return AppendixFindings(
        parameters=rows,
        changed=Value.sentence(CHANGED, bool(changed), names=Value.listing(changed, of="changed parameters")),
        code_version=Value.label(provenance.built_from(provenance.code_version()), of="the git commit of the code"),
        packages=Value.listing([f"{k} {v}" for k, v in versions.items()], of="package versions"),
        package_versions=dict(versions),
        sources=[SourceRow.from_row(r) for r in sources.itertuples()],
        source_count=Value.of(
            len(sources) - 1,
            "d",
            text=count_word(len(sources) - 1),
            method="sources of the data (the article itself not counted)",
            raw=[f"sources/{i}" for i in sources["source_id"]],
            sources=list(sources["source_id"]),
        ),
        raw_files=[
            RawFile(
                file=str(r["file"]),
                title=str(r["title"]),
                sources=declared_sources(r["file"], r["source_urls"], sources),
                rows=int(r["rows"]),
                bytes=int(r["bytes"]),
                sha256=str(r["sha256"]),
            )
            for r in raw
        ],
        declarations=declarations(),
    )
