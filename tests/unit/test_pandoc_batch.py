"""The LaTeX export's batched pandoc (analysis.build.pandoc_batch): the same output as one run per cell, and a
batch refused (each cell converted alone) whenever a cell's conversion could depend on another cell."""

from __future__ import annotations

import json
import shutil

import pytest
from nbconvert.filters import convert_pandoc

from analysis.build.pandoc_batch import MARKDOWN, Batched

pytestmark = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed (make system-deps)")

CELLS = [
    "## 4 Suicide\n\nThe ratio is **1.24** ($p = 0.05$), see [the methods](#methods).",
    "- one\n- two\n\n    indented code",
    "",
    "A table:\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "```python\nprint('fenced')\n```",
    "Text with a footnote-like caret^ and a dollar \\$5.",
]


def _alone(sources: list[str], fmt: str, to: str, extra: list[str] | None) -> list[str]:
    return [convert_pandoc(s, fmt, to, extra_args=extra) for s in sources]


def test_a_batch_converts_each_cell_as_a_run_of_its_own_would():
    table = Batched()
    table.convert_many(CELLS, MARKDOWN, "json", [])
    assert table.runs == 1  # one run for all six cells
    as_json = [table(s, MARKDOWN, "json", []) for s in CELLS]
    assert table.runs == 1  # every cell answered from the table
    assert [json.loads(j)["blocks"] for j in as_json] == [
        json.loads(j)["blocks"] for j in _alone(CELLS, MARKDOWN, "json", [])
    ]
    table.convert_many(as_json, "json", "latex")
    assert table.runs == 2
    assert [table(j, "json", "latex") for j in as_json] == _alone(as_json, "json", "latex", None)
    assert table.runs == 2


CROSS_CELL = {
    "repeated heading": ["## Notes\n\nOne.", "## Notes\n\nTwo."],  # 'notes-1' in one document
    "reference": ["See [the link][x].", "[x]: https://example.org"],  # a reference defined in another cell
    "footnote": ["A note[^1].", "[^1]: The note."],  # a footnote defined in another cell
    "heading link": ["## Methods", "As [Methods] says."],  # a link to a heading by its text
    "example list": ["(@) first example", "(@) second example"],  # numbered across the document
}
OPEN = {  # cells that leave something open: the batch's markers check refuses it, or pandoc closes it alone
    "open fence": ["```\nunclosed fence", "the next cell"],
    "open div": ["<div>\nunclosed div", "the next cell"],
    "open comment": ["<!-- unclosed comment", "the next cell"],
}


@pytest.mark.parametrize("cells", CROSS_CELL.values(), ids=CROSS_CELL.keys())
def test_a_batch_that_could_reach_across_cells_is_refused(cells):
    table = Batched()
    table.convert_many(cells, MARKDOWN, "json", [])
    assert table.table == {}  # nothing taken from the batch (refused before pandoc ran, or after: at most once)
    batch_runs = table.runs
    assert batch_runs <= 1
    assert [table(s, MARKDOWN, "json", []) for s in cells] == _alone(cells, MARKDOWN, "json", [])
    assert table.runs == batch_runs + len(cells)  # each cell converted on its own


@pytest.mark.parametrize("cells", OPEN.values(), ids=OPEN.keys())
def test_a_cell_left_open_never_changes_the_next(cells):
    table = Batched()
    table.convert_many(cells, MARKDOWN, "json", [])
    got = [json.loads(table(s, MARKDOWN, "json", []))["blocks"] for s in cells]
    assert got == [json.loads(j)["blocks"] for j in _alone(cells, MARKDOWN, "json", [])]
