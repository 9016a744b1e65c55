"""nbconvert preprocessor: put the stored results of MyST inline expressions into the Markdown.

Each ``{eval}`expr``` in a Markdown cell is replaced by the result the build stored for it in the cell's
``metadata.user_expressions`` (see :mod:`analysis.build.kernel`): the ``text/html`` representation in the
HTML editions (a number with its provenance on hover and focus), plain text, escaped for Markdown, in
the PDF. A placeholder without a stored result is an error: no ``{eval}`` reaches a rendered report.

For the PDF it also makes the cross-references links (:mod:`analysis.core.links`): each 'Table 5',
'Section 4.8' ... of the Markdown, in cells and in Markdown outputs, becomes a Markdown link that pandoc
typesets as ``\\hyperref``, and each numbered heading gets its section's anchor as its label. (The HTML
editions get theirs from :func:`analysis.build.render.finish_html`.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from nbconvert.preprocessors import Preprocessor
from traitlets import Unicode

from analysis.build.kernel import EVAL, malformed
from analysis.core import citations
from analysis.core.links import UnknownMention, label_headings, link_markdown
from analysis.core.values import PROVENANCE_MIME, READER, SourceName, provenance_html
from analysis.errors import BuildError

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>$|~])")


def markdown_text(text: str) -> str:
    """Plain text that Markdown (and pandoc) will print as is."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def rendering(
    result: dict[str, Any], target: str, edition: str = READER, sources: Mapping[str, SourceName] | None = None
) -> str:
    """One stored result as the given target ('html' or 'latex') should show it inline; a value's tooltip in
    the HTML is worded for the edition (``sources``: the references' numbers and names)."""
    data = result.get("data", {})
    if target == "html" and PROVENANCE_MIME in result.get("metadata", {}):
        meta = result["metadata"][PROVENANCE_MIME]
        return provenance_html(str(data.get("text/plain", "")), meta, edition, sources)
    if target == "html" and "text/html" in data:
        return str(data["text/html"])
    if "text/markdown" in data:
        return str(data["text/markdown"])
    text = str(data.get("text/plain", ""))
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":  # a bare str's repr: show the words
        text = text[1:-1]
    return markdown_text(text)


def substitute(
    source: str,
    stored: list[dict[str, Any]],
    target: str,
    where: str,
    edition: str = READER,
    sources: Mapping[str, SourceName] | None = None,
) -> str:
    """Replace the placeholders of one Markdown cell, in order, by their stored results."""
    bad = malformed(source)
    if bad is not None:
        raise BuildError(f"{where}: an {{eval}} placeholder without an expression ({bad!r}); write {{eval}}`expr`")
    found = EVAL.findall(source)
    if len(found) != len(stored) or any(s.get("expression") != e for s, e in zip(stored, found, strict=False)):
        missing = next((e for i, e in enumerate(found) if i >= len(stored) or stored[i].get("expression") != e), "?")
        raise BuildError(f"{where}: {{eval}}`{missing}` has no stored result; execute the notebook with the build")
    results = iter(stored)
    return EVAL.sub(lambda _m: rendering(next(results)["result"], target, edition, sources), source)


class InlineExpressionPreprocessor(Preprocessor):
    """Replace ``{eval}`...``` placeholders by their stored results (target: 'html' or 'latex'; edition:
    'reader' or 'methods', which words the tooltips), and leave out the Markdown cells whose ``show_if``
    condition the build found false (``metadata.shown``)."""

    target = Unicode("html").tag(config=True)
    edition = Unicode(READER).tag(config=True)

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        from analysis.present.report import source_names

        nb.cells = [c for c in nb.cells if not (c.cell_type == "markdown" and c.metadata.get("shown") is False)]
        self._sources = source_names() if self.target == "html" else {}
        self._cited = {n: s for s, n in citations.numbers().items()}  # citations written as text, linked
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        where = f"{cell.get('id', 'cell')} (cell {index})"
        if cell.cell_type == "markdown" and EVAL.search(cell.source):
            stored = cell.metadata.get("user_expressions", [])
            cell.source = substitute(cell.source, stored, self.target, where, self.edition, self._sources)
        if self.target == "latex":
            try:
                if cell.cell_type == "markdown":
                    cell.source = link_markdown(label_headings(cell.source), self._cited)
                for output in cell.get("outputs", []):
                    data = output.get("data", {})
                    if "text/markdown" in data and "text/latex" not in data:
                        data["text/markdown"] = link_markdown(data["text/markdown"], self._cited)
            except (UnknownMention, KeyError) as exc:
                raise BuildError(f"{where}: {exc.args[0]}") from None
        return cell, resources
