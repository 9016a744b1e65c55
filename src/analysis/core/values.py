"""Numbers that know where they came from, and the typed findings that hold them.

A :class:`Value` is what a sentence of the report shows: a number (or a short phrase) already formatted
for prose, with the processed rows and raw rows it was computed from and the ids of their sources in
``data/raw/sources.csv``. Markdown cells insert it with a MyST inline expression, ``{eval}`F.ratio```;
the kernel formats it through ``_repr_mimebundle_``: plain text for the PDF and JupyterLab, and for the
HTML a focusable span whose tooltip states the provenance and links to the sources in the references.

Row references are ``"<table>/<id>"``: the row of ``data/processed/<table>.csv`` (``rows``) or of
``data/raw/<table>.csv`` (``raw``) whose id column (its first column) holds ``<id>``; where a table
has no id column, ``<id>`` is ``column=value`` pairs joined by ``;``. ``python -m analysis trace KEY``
follows them.

Every section's findings object derives from :class:`Findings`: a frozen pydantic model, saved as
``data/processed/findings_<section>.json`` and read back, typed, by the sections that quote it. Each
Value inside gets a key (``suicide.primary.ratio``) from its place in the model.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, NamedTuple, Self

from pydantic import BaseModel, ConfigDict

from analysis import paths
from analysis.core.numbering import ref
from analysis.core.wording import join_words, plural, year_ranges
from analysis.errors import DataError

PROVENANCE_MIME = "application/vnd.nk-escapees.provenance+json"
# the methods of the three kinds of inserted text (Value.sentence, Value.listing, Value.label)
SENTENCE, LISTING, LABEL = "wording for:", "a list of", "the name of"


class Value(BaseModel):
    """A value as prose shows it, with its provenance."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float | int | str | bool | None
    text: str
    unit: str = ""
    method: str = ""  # how it was computed, in a few words ("O / E, exact Poisson interval")
    rows: tuple[str, ...] = ()
    raw: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    params: tuple[str, ...] = ()  # the build parameters it was set from (declared in analysis.params)
    key: str = ""

    # -- construction -------------------------------------------------------------------------------
    @classmethod
    def of(
        cls,
        value: float | int | str | bool | None,
        fmt: str = "",
        *,
        unit: str = "",
        method: str = "",
        rows: Iterable[str] = (),
        raw: Iterable[str] = (),
        sources: Iterable[str] = (),
        params: Iterable[str] = (),
        text: str | None = None,
        na: str = "not available",
    ) -> Value:
        """A value formatted with ``fmt`` (a format spec such as ``".2f"`` or ``",.0f"``)."""
        if text is None:
            text = na if value is None else format(value, fmt) if fmt else str(value)
        return cls(
            value=_plain(value),
            text=text,
            unit=unit,
            method=method,
            rows=_unique(rows),
            raw=_unique(raw),
            sources=_unique(sources),
            params=_unique(params),
        )

    @classmethod
    def parameter(
        cls, name: str, value: float | int | str | bool | None, fmt: str = "", *, text: str | None = None
    ) -> Value:
        """A value set by a build parameter: its provenance is the parameter's declaration (the reproducibility appendix)."""
        return cls.of(value, fmt, method=f"build parameter {name}", params=[name], text=text)

    @classmethod
    def derived(
        cls,
        value: float | int | str | bool | None,
        fmt: str,
        inputs: Iterable[Value | None],
        *,
        method: str,
        unit: str = "",
        text: str | None = None,
    ) -> Value:
        """A value computed from other values: its provenance is the union of theirs (a missing one, None,
        adds nothing)."""
        inputs = [v for v in inputs if v is not None]
        return cls.of(
            value,
            fmt,
            unit=unit,
            method=method,
            rows=[r for v in inputs for r in v.rows],
            raw=[r for v in inputs for r in v.raw],
            sources=[s for v in inputs for s in v.sources],
            params=[p for v in inputs for p in v.params],
            text=text,
        )

    # Text that prose inserts is one of three kinds, never a clause assembled in code: a whole sentence from a
    # section's wording table, a list of data items, or a name declared once. The method says which.
    @classmethod
    def sentence(
        cls, table: Mapping[Any, str], decision: Any, based_on: Iterable[Value | None] = (), **values: object
    ) -> Value:
        """The wording table's whole sentence (or, for a table's reason column, clause) for ``decision``, its
        placeholders filled with ``values`` (a Value shows its text); provenance from the values it rests on."""
        filled = table[decision].format(**{k: v.text if isinstance(v, Value) else v for k, v in values.items()})
        return cls.derived(filled, "", based_on, method=f"{SENTENCE} {decision}")

    @classmethod
    def listing(
        cls,
        items: Iterable[object],
        *,
        of: str,
        based_on: Iterable[Value | None] = (),
        empty: str = "none",
        last: str = "and",
        ranges: bool = False,
    ) -> Value:
        """A list of data items as prose lists them ('2006, 2007 and 2010'): each item one datum (a year, a name,
        a count with its category), never a clause; ``of`` says what the items are."""
        items = list(items)
        words = (year_ranges([int(i) for i in items]) if ranges else join_words([str(i) for i in items], last)) or empty
        return cls.derived(words, "", based_on, method=f"{LISTING} {of}", text=words)

    @classmethod
    def label(cls, text: str, *, of: str, based_on: Iterable[Value] = ()) -> Value:
        """The declared name of a thing the parameters or the data choose (a counts series' register, a
        denominator): a noun phrase, never a clause; ``of`` says what it names."""
        return cls.derived(text, "", based_on, method=f"{LABEL} {of}", text=text)

    # -- display ------------------------------------------------------------------------------------
    def __str__(self) -> str:
        return self.text

    def provenance(self, limit: int | None = None) -> str:
        """One line: the method, the processed and raw rows, the sources (``limit``: rows or sources listed per
        kind, then counted)."""

        def listed(items: tuple[str, ...]) -> str:
            if limit is None or len(items) <= limit:
                return ", ".join(items)
            return ", ".join(items[:limit]) + f" and {len(items) - limit} more"

        parts = []
        if self.method:
            parts.append(self.method)
        if self.rows:
            parts.append("processed rows " + listed(self.rows))
        if self.raw:
            parts.append("raw rows " + listed(self.raw))
        if self.sources:
            parts.append("sources " + listed(self.sources))
        if self.params:
            parts.append("parameters " + ", ".join(self.params) + f" ({ref('sec:reproducibility')})")
        if self.key:
            parts.append(f"trace: python -m analysis trace {self.key}")
        return "; ".join(parts)

    def has_provenance(self) -> bool:
        return bool(self.raw or self.sources or self.params)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
        """Plain text, and for JupyterLab an HTML span whose title is the provenance (shown on hover).

        The metadata carries the provenance itself, from which the report's HTML builds its focusable
        tooltip with links to the references (:func:`provenance_html`).
        """
        title = html.escape(self.provenance(limit=3), quote=True)
        data: dict[str, Any] = {
            "text/plain": self.text,
            "text/html": f'<span class="value" title="{title}">{html.escape(self.text)}</span>',
        }
        meta = {
            PROVENANCE_MIME: {
                "key": self.key,
                "method": self.method,
                "rows": list(self.rows),
                "raw": list(self.raw),
                "sources": list(self.sources),
                "params": list(self.params),
            }
        }
        return data, meta


class SourceName(NamedTuple):
    """How a reader's tooltip names a source: its number in the references and 'Publisher (year)'."""

    number: int
    name: str


READER, METHODS = "reader", "methods"  # the HTML editions (analysis.build.render)
SOURCES_NAMED, OTHERS_NUMBERED = 3, 12  # a tooltip names three sources, then counts the others and numbers 12
_QUOTED = ("as published", "as cited", "the article's")  # methods that copy a value rather than compute it
_NUMBER_WORDS = frozenset(
    ("zero", "no", "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    + ("eleven", "twelve", "once", "twice", "half", "double")
)
_CODE_FILE = re.compile(r"\s*\([^()]*\.py\)")  # "(methods/bias_mc.py)": where the code is, for the methods edition


def is_figure(text: str) -> bool:
    """A number, a date, a range or a count in words ('1.62', 'July 2024', '2013-2022', 'six'): at most three
    words, at least half of them numeric. Its tooltip sits on it, underlined. Anything else inserted (a
    sentence, a list, a name, a quotation) is not underlined: a small marker after it carries the tooltip."""
    words = text.split()
    numeric = [w for w in words if re.search(r"\d", w) or w.lower().strip(".,;:()") in _NUMBER_WORDS]
    return 0 < len(words) <= 3 and 2 * len(numeric) >= len(words)


def reader_method(method: str) -> str:
    """The method as a reader's tooltip states it: without code file names, and nothing where the method only
    names a wording table's decision or a build parameter (the tooltip says that in words itself)."""
    if method.startswith((SENTENCE, "build parameter")):
        return ""
    return _CODE_FILE.sub("", method).strip()


def provenance_words(value: Value, sources: Mapping[str, SourceName]) -> str:
    """Where a value comes from, in words, as HTML: 'Computed from Segye Ilbo (2022) [2] and Statistics Korea
    (2024) [3]: observed / expected.', each source linked to its entry in the references; a value set by a
    build parameter says so and links to the table of parameters. No row id, file name or command."""

    def link(sid: str, named: bool) -> str:
        known = sources.get(sid)
        text = (f"{known.name}\u00a0[{known.number}]" if named else str(known.number)) if known else sid
        return f'<a href="#source-{html.escape(sid)}">{html.escape(text)}</a>'

    links = [link(s, named=True) for s in value.sources[:SOURCES_NAMED]]
    others = value.sources[SOURCES_NAMED:]
    if others:  # counted, and their numbers linked too (up to OTHERS_NUMBERED of them)
        numbers = ", ".join(link(s, named=False) for s in others[:OTHERS_NUMBERED])
        more = ", \u2026" if len(others) > OTHERS_NUMBERED else ""
        links.append(f"{len(others)} other {plural(len(others), 'source')} [{numbers}{more}]")
    method = reader_method(value.method)
    quoted = method.startswith(_QUOTED)
    if quoted and method == "as published":
        method = ""
    said = f": {html.escape(method)}" if method else ""
    if links:
        verb = "Quoted from" if quoted else "Computed from" if method else "From"
        words = f"{verb} {join_words(links)}{said}."
    elif value.raw:
        words = f"From the report\u2019s data{said}."
    else:
        words = f"{html.escape(method[:1].upper() + method[1:])}." if method else ""
    if value.params:
        table = ref("tab:parameters")
        lead = "It depends on a choice of this analysis" if words else "Set by a choice of this analysis"
        words += f' {lead} (a build parameter, listed in <a href="#{table.anchor}">{table.text}</a>).'
    return words.strip()


def provenance_html(
    text: str, meta: dict[str, Any], edition: str = READER, sources: Mapping[str, SourceName] | None = None
) -> str:
    """A value for the report's HTML with its tooltip (hover, keyboard focus; dismissed with Escape), which says
    in words where it comes from (:func:`provenance_words`; ``sources``: the references' numbers and names).
    The methods edition adds the technical trace: rows, parameters and the ``trace`` command.

    A figure (:func:`is_figure`) is the focusable, underlined anchor of its tooltip; other inserted text is
    shown plain, followed by a small focusable marker that carries it."""
    value = Value(
        value=None,
        text=text,
        method=meta.get("method", ""),
        rows=tuple(meta.get("rows", ())),
        raw=tuple(meta.get("raw", ())),
        sources=tuple(meta.get("sources", ())),
        params=tuple(meta.get("params", ())),
        key=meta.get("key", ""),
    )
    shown = html.escape(text)
    if not value.has_provenance():
        return f'<span class="value">{shown}</span>'
    tip = provenance_words(value, sources or {})
    if edition == METHODS:
        tip += f' <small class="trace">Trace: {html.escape(value.provenance(limit=3))}</small>'
    tooltip = f'<span class="provenance" role="tooltip">{tip}</span>'
    key = f' data-key="{html.escape(value.key)}"' if value.key else ""
    if is_figure(text):
        return f'<span class="value has-provenance" tabindex="0"{key}>{shown}{tooltip}</span>'
    return f'<span class="value words"{key}>{shown}<span class="source-note" tabindex="0">{tooltip}</span></span>'


def _plain(value: Any) -> Any:
    """numpy scalars -> Python scalars (JSON- and pydantic-friendly)."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(i) for i in items if i))


# ------------------------------------------------------------------------------------------ findings


class Record(BaseModel):
    """A part of a findings object (a row of a table, one estimate): typed, frozen, serialisable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def from_row(cls, row: Any, **given: Any) -> Self:
        """The record of one table row (from ``DataFrame.itertuples`` or ``iterrows``): every field not ``given``
        is the row's column of the same name, so a record that copies a row names only what it computes."""
        columns = row._asdict() if hasattr(row, "_asdict") else dict(row)
        return cls(**{name: columns[name] for name in cls.model_fields if name not in given}, **given)


class Findings(BaseModel):
    """A section's results: every number, selection and decision its prose, tables and figures use."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=False)

    SECTION: ClassVar[str] = ""

    def model_post_init(self, __context: Any) -> None:
        for key, value in _walk(self, self.SECTION):
            if not value.key:
                object.__setattr__(value, "key", key)

    def values(self) -> dict[str, Value]:
        """Every Value in the findings, by key."""
        return {v.key: v for _, v in _walk(self, self.SECTION)}

    # -- persistence: how sections hand findings to each other -------------------------------------
    @classmethod
    def path(cls) -> Any:
        return paths.processed() / f"findings_{cls.SECTION}.json"

    def save(self) -> None:
        from analysis.atomic import atomic_write_text

        text = json.dumps(self.model_dump(mode="json"), indent=1, sort_keys=True, ensure_ascii=False)
        atomic_write_text(self.path(), text + "\n")

    @classmethod
    def load(cls) -> Any:
        paths.declared_read(f"data/processed/findings_{cls.SECTION}.json")
        path = cls.path()
        if not path.is_file():
            raise DataError(f"{paths.rel(path)} not found: the {cls.SECTION} notebook must run first")
        return cls.model_validate_json(path.read_text(encoding="utf-8"))


def _walk(obj: Any, prefix: str) -> Iterator[tuple[str, Value]]:
    if isinstance(obj, Value):
        yield prefix, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _walk(getattr(obj, name), f"{prefix}.{name}" if prefix else name)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk(v, f"{prefix}.{k}")
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from _walk(v, f"{prefix}[{i}]")
