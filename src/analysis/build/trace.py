"""``python -m analysis trace KEY``: follow one number of the report back to its sources.

The chain printed: the sentence of the executed notebook that shows the value, the value with its
method, the processed rows it was computed from, the raw rows those came from, and the addresses of
their sources. ``KEY`` is the value's place in its section's findings (``suicide.primary.ratio``), shown
in the HTML tooltip of each number.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.core.values import PROVENANCE_MIME, Value
from analysis.errors import AnalysisError

EVAL = re.compile(r"\{eval\}`([^`]+)`")


def find_value(key: str) -> Value:
    """The Value with this key, from its section's findings file."""
    section = key.split(".", 1)[0].split("[", 1)[0]
    path = paths.processed() / f"findings_{section}.json"
    if not path.is_file():
        known = sorted(p.stem.removeprefix("findings_") for p in paths.processed().glob("findings_*.json"))
        raise AnalysisError(
            f"no findings for section {section!r} in {paths.rel(paths.processed())} "
            f"(sections: {', '.join(known) or 'none: run python -m analysis build'})"
        )
    for found in _values(json.loads(path.read_text(encoding="utf-8"))):
        if found.get("key") == key:
            return Value.model_validate(found)
    raise AnalysisError(f"no value with key {key!r} in {paths.rel(path)}")


def _values(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if {"value", "text", "key"} <= node.keys():
            yield node
        for child in node.values():
            yield from _values(child)
    elif isinstance(node, list):
        for child in node:
            yield from _values(child)


def sentences(key: str) -> list[tuple[str, str]]:
    """(notebook, sentence) for every place an executed notebook shows the value with this key."""
    found = []
    for nb_path in sorted((paths.reports() / "notebooks").glob("*.ipynb")):
        nb = _read_notebook(str(nb_path), nb_path.stat().st_mtime_ns)
        for cell in nb.cells:
            stored = cell.metadata.get("user_expressions", []) if cell.cell_type == "markdown" else []
            keys = [s.get("result", {}).get("metadata", {}).get(PROVENANCE_MIME, {}).get("key") for s in stored]
            if key not in keys:
                continue
            shown = [
                ("\u2063" if k == key else "")
                + s["result"].get("data", {}).get("text/plain", "")
                + ("\u2063" if k == key else "")
                for s, k in zip(stored, keys, strict=False)
            ]
            texts = iter(shown)
            marked = EVAL.sub(lambda _m, texts=texts: next(texts), cell.source.replace("\n", " "))
            pos = marked.find("\u2063")
            start = marked.rfind(". ", 0, pos) + 2 if marked.rfind(". ", 0, pos) >= 0 else 0
            end = marked.find(". ", marked.rfind("\u2063"))
            sentence = (
                marked[start : end + 1 if end >= 0 else None].replace("\u2063", ">>", 1).replace("\u2063", "<<", 1)
            )
            found.append((nb_path.name, sentence.replace("\u2063", "")))
    return found


@functools.lru_cache(maxsize=32)
def _read_notebook(path: str, mtime_ns: int) -> Any:
    """An executed notebook, read once per version (tracing every key of a report reads each one once)."""
    import nbformat

    return nbformat.read(path, as_version=4)


def matching_rows(table: Path, ident: str) -> list[dict[str, str]]:
    """Rows of a CSV whose first column is ``ident``, or matching every ``column=value`` in it."""
    if not table.is_file():
        return []
    with open(table, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        return []
    if "=" in ident:
        wanted = dict(part.split("=", 1) for part in ident.split(";"))
        return [r for r in rows if all(r.get(c) == v for c, v in wanted.items())]
    first = next(iter(rows[0]))
    return [r for r in rows if r[first] == ident]


def chain(key: str) -> list[str]:
    """The lines ``trace`` prints."""
    value = find_value(key)
    lines = [
        f"value     {value.text}"
        + (f" {value.unit}" if value.unit and value.unit != "%" else value.unit)
        + f"   [{key}]"
    ]
    if value.method:
        lines.append(f"method    {value.method}")
    for notebook, sentence in sentences(key):
        lines.append(f"sentence  {notebook}: {sentence}")
    for kind, refs, folder in (("processed", value.rows, paths.processed()), ("raw", value.raw, paths.RAW)):
        for ref in refs:
            table, _, ident = ref.partition("/")
            hits = matching_rows(folder / f"{table}.csv", ident)
            if not hits:
                lines.append(f"{kind:<9} {ref}: NOT FOUND in {paths.rel(folder / (table + '.csv'))}")
            for hit in hits:
                shown = ", ".join(f"{c}={v}" for c, v in hit.items() if v and c != "note")
                lines.append(f"{kind:<9} {paths.rel(folder / (table + '.csv'))}: {shown}")
    if value.params:
        from analysis.params import Params

        for name in value.params:
            field = Params.model_fields.get(name)
            lines.append(
                f"parameter {name}: {field.description if field else 'NOT DECLARED in src/analysis/params.py'}"
            )
    with open(paths.RAW / "sources.csv", encoding="utf-8", newline="") as fh:
        sources = {r["source_id"]: r for r in csv.DictReader(fh)}
    for sid in value.sources:
        src = sources.get(sid)
        lines.append(
            f"source    {sid}: "
            + (
                f"{src['publisher']}, {src['title']} ({src['date_published']}) {src['url']}"
                if src
                else "NOT FOUND in data/raw/sources.csv"
            )
        )
    return lines


def main(key: str) -> int:
    for line in chain(key):
        print(line)
    return 0
