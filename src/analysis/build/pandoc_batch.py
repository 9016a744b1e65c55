"""nbconvert's LaTeX export with one pandoc run per conversion instead of one per cell.

nbconvert's LaTeX template converts every Markdown cell with two pandoc runs (Markdown to pandoc's JSON,
then, after resolving links between cells, JSON to LaTeX): about 200 runs for this report, three quarters of
the export's time, nearly all of it pandoc starting up. :class:`Batched` replaces the template's
``convert_pandoc`` filter with one that answers from a table, and :class:`Prefill`, the exporter's last
preprocessor, fills the table before the template runs: all cells' Markdown in one pandoc run, then all
their JSON in another, each cell's part cut out at numbered marker paragraphs.

The result is the same as one run per cell as long as no cell's conversion depends on another cell. In
pandoc's Markdown a few things reach across the document: reference-link and footnote definitions, example
lists, a metadata block, links to a heading by its text, and heading identifiers (a repeated heading gets
``-1`` in one document, not in two). A batch containing any of them, or whose markers did not come back
in order, is not used: those cells are converted one by one, as nbconvert does. A request the table does
not hold is converted on the spot. So the table changes how long the export takes, never what it says
(``tests/unit/test_pandoc_batch.py`` converts the report both ways and compares).
"""

from __future__ import annotations

import json
import re
from typing import Any

from nbconvert.filters import convert_pandoc
from nbconvert.preprocessors import Preprocessor
from nbconvert.utils.pandoc import pandoc  # what convert_pandoc runs, once per call
from traitlets import Any as AnyTrait

MARK = "NBBATCHMARK"  # a word no cell holds (checked): the marker paragraphs are MARK0, MARK1, ...
MARKDOWN = "markdown+tex_math_double_backslash"  # nbconvert's reader for Markdown cells
# what, in one Markdown document, would reach from one cell into another (see the module's docstring)
ACROSS_CELLS = re.compile(r"^ {0,3}\[[^\]]+\]:|\[\^|\(@|^---\s*$", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
NUMBERED_ID = re.compile(r"-\d+$")

Key = tuple[str, str, str, tuple[str, ...]]


def _key(source: str, fmt: str, to: str, extra_args: list[str] | None) -> Key:
    return (source, fmt, to, tuple(extra_args or ()))


def _marker(i: int) -> dict[str, Any]:
    return {"t": "Para", "c": [{"t": "Str", "c": f"{MARK}{i}"}]}


def _cut_blocks(doc: dict[str, Any], n: int) -> list[list[Any]] | None:
    """The blocks between marker paragraphs 0..n of a converted batch, or None if the markers are not all
    there, in order, at the top level (a cell left something open that swallowed one)."""
    at = [i for i, block in enumerate(doc["blocks"]) if block.get("t") == "Para" and _is_marker(block)]
    found = [doc["blocks"][i]["c"][0]["c"] for i in at]
    if found != [f"{MARK}{i}" for i in range(n + 1)] or doc.get("meta"):
        return None
    return [doc["blocks"][a + 1 : b] for a, b in zip(at, at[1:], strict=False)]


def _is_marker(block: dict[str, Any]) -> bool:
    c = block.get("c")
    return isinstance(c, list) and len(c) == 1 and c[0].get("t") == "Str" and str(c[0].get("c", "")).startswith(MARK)


def _header_ids(blocks: list[Any]) -> list[str]:
    return [b["c"][1][0] for b in blocks if b.get("t") == "Header"]


def _markdown_alone(sources: list[str]) -> bool:
    """Whether each source converts in a shared document as it does alone (nothing in the module's list)."""
    if any(MARK in s or ACROSS_CELLS.search(s) for s in sources):
        return False
    headings = {h for s in sources for h in HEADING.findall(s)}
    return not any(f"[{h}]" in s for s in sources for h in headings)


class Batched:
    """A ``convert_pandoc`` filter that answers from a table filled in batches (:meth:`convert_many`), and
    converts what the table lacks on the spot."""

    def __init__(self) -> None:
        self.table: dict[Key, str] = {}
        self.runs = 0  # pandoc runs made, batches included (for the tests)

    def __call__(self, source: str, from_format: str, to_format: str, extra_args: list[str] | None = None) -> str:
        key = _key(source, from_format, to_format, extra_args)
        if key not in self.table:
            self.runs += 1
            self.table[key] = convert_pandoc(source, from_format, to_format, extra_args=extra_args)
        return self.table[key]

    def convert_many(self, sources: list[str], fmt: str, to: str, extra_args: list[str] | None = None) -> None:
        """Convert ``sources`` (Markdown, or pandoc JSON documents) to ``to`` ('json' or 'latex') in one run."""
        todo = sorted({s for s in sources if _key(s, fmt, to, extra_args) not in self.table})
        if len(todo) < 2:
            return
        args = tuple(extra_args or ())
        parts = self._json_in(todo, to, args) if fmt == "json" else self._markdown_in(todo, fmt, to, args)
        if parts is not None:
            self.table.update({_key(s, fmt, to, extra_args): p for s, p in zip(todo, parts, strict=True)})

    def _markdown_in(self, sources: list[str], fmt: str, to: str, args: tuple[str, ...]) -> list[str] | None:
        if to != "json" or not _markdown_alone(sources):
            return None
        text = "".join(f"{MARK}{i}\n\n{s}\n\n" for i, s in enumerate(sources)) + f"{MARK}{len(sources)}\n"
        self.runs += 1
        doc = json.loads(pandoc(text, fmt, "json", list(args)))
        cells = _cut_blocks(doc, len(sources))
        if cells is None:
            return None
        ids = [i for blocks in cells for i in _header_ids(blocks)]
        if len(set(ids)) != len(ids) or any(NUMBERED_ID.search(i) for i in ids):
            return None  # a repeated heading: its identifier would differ from a conversion on its own
        version = doc["pandoc-api-version"]
        return [json.dumps({"pandoc-api-version": version, "meta": {}, "blocks": b}) for b in cells]

    def _json_in(self, sources: list[str], to: str, args: tuple[str, ...]) -> list[str] | None:
        docs = [json.loads(s) for s in sources]
        versions = {json.dumps(d.get("pandoc-api-version")) for d in docs}
        if (
            to != "latex"
            or len(versions) != 1
            or any(d.get("meta") or MARK in s for d, s in zip(docs, sources, strict=True))
        ):
            return None
        blocks: list[Any] = []
        for i, d in enumerate(docs):
            blocks += [_marker(i), *d["blocks"]]
        batch = {
            "pandoc-api-version": docs[0]["pandoc-api-version"],
            "meta": {},
            "blocks": blocks + [_marker(len(docs))],
        }
        self.runs += 1
        text = pandoc(json.dumps(batch), "json", "latex", list(args))
        pieces = re.split(rf"(?:^|\n\n){MARK}(\d+)", text)  # ['', '0', part 0, '1', part 1, ..., 'n', '']
        parts = pieces[2:-1:2]
        if pieces[1::2] != [str(i) for i in range(len(docs) + 1)] or pieces[0] or pieces[-1]:
            return None
        if any(p and not p.startswith("\n\n") for p in parts):
            return None
        return [p[2:].rstrip("\n") for p in parts]


class Prefill(Preprocessor):
    """The exporter's last preprocessor: converts every Markdown cell's source, as the LaTeX template's chain
    will ask for it, in two batch runs (:class:`Batched`)."""

    batched = AnyTrait()
    exporter = AnyTrait()

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        f = self.exporter.environment.filters
        sources = [
            f["strip_files_prefix"](f["citation2latex"](c.source)) for c in nb.cells if c.cell_type == "markdown"
        ]
        self.batched.convert_many(sources, MARKDOWN, "json", [])
        converted = [self.batched.table.get(_key(s, MARKDOWN, "json", [])) for s in sources]
        follow = [f["convert_explicitly_relative_paths"](f["resolve_references"](j)) for j in converted if j]
        self.batched.convert_many(follow, "json", "latex")
        return nb, resources
