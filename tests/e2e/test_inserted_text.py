"""Text that prose inserts is never a clause assembled in code (issue 16).

An ``{eval}`` value of four or more words is one of three declared kinds, which its provenance names: a
whole sentence from a section's wording table (``Value.sentence``), a list of data items
(``Value.listing``) or a declared name (``Value.label``); or it is a datum transcribed as it stands in a
cell of the raw row it cites. Anything else was assembled in code; at most ``MAX_ASSEMBLED`` may remain.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest

from analysis.core.values import LABEL, LISTING, PROVENANCE_MIME, SENTENCE

MIN_WORDS = 4
MAX_ASSEMBLED = 5
KINDS = (SENTENCE, LISTING, LABEL)


def inserted(notebook: dict) -> list[tuple[str, str, dict]]:
    """Every evaluated inline expression of a notebook: (expression, plain text, provenance)."""
    out = []
    for cell in notebook["cells"]:
        for ue in cell.get("metadata", {}).get("user_expressions", []):
            result = ue.get("result", {})
            text = result.get("data", {}).get("text/plain", "").strip("'\"")
            out.append((ue["expression"], text, result.get("metadata", {}).get(PROVENANCE_MIME, {})))
    return out


@cache
def _raw_cells(raw_dir: Path, ref: str) -> frozenset[str]:
    table, _, row_id = ref.partition("/")
    path = raw_dir / f"{table}.csv"
    if not path.is_file():
        return frozenset()
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            if row and row[0] == row_id:
                return frozenset(c.strip() for c in row)
    return frozenset()


def assembled(values: list[tuple[str, str, dict]], raw_dir: Path) -> list[str]:
    """The values of MIN_WORDS or more words that are neither a declared kind nor a raw cell as it stands."""
    found = []
    for expr, text, meta in values:
        if len(text.split()) < MIN_WORDS or expr.startswith(("report.cite", "cite(", "ref(")):
            continue
        if str(meta.get("method", "")).startswith(KINDS):
            continue
        if any(text in _raw_cells(raw_dir, r) for r in meta.get("raw", ())):
            continue
        found.append(f"{expr} = {text!r}")
    return found


def test_the_rule_finds_assembled_text(tmp_path):
    (tmp_path / "t.csv").write_text("id,quote\nQ1,around double the rate\n", encoding="utf-8")
    notebook = {
        "cells": [
            {
                "metadata": {
                    "user_expressions": [
                        {"expression": "A", "result": {"data": {"text/plain": "'the rate rose by a lot'"}}},
                        {
                            "expression": "B",
                            "result": {
                                "data": {"text/plain": "'around double the rate'"},
                                "metadata": {PROVENANCE_MIME: {"raw": ["t/Q1"]}},
                            },
                        },
                        {
                            "expression": "C",
                            "result": {
                                "data": {"text/plain": "'2019, 2020 and 2021'"},
                                "metadata": {PROVENANCE_MIME: {"method": f"{LISTING} years"}},
                            },
                        },
                        {"expression": "D", "result": {"data": {"text/plain": "'1.24'"}}},
                    ]
                }
            }
        ]
    }
    assert assembled(inserted(notebook), tmp_path) == ["A = 'the rate rose by a lot'"]


@pytest.mark.slow
def test_at_most_five_inserted_texts_are_assembled_in_code(built):
    values = []
    for path in sorted((built / "reports" / "notebooks").glob("*.ipynb")):
        values += inserted(json.loads(path.read_text(encoding="utf-8")))
    assert len(values) > 500  # the walk found the report's values
    found = assembled(values, built / "data" / "raw")
    assert len(found) <= MAX_ASSEMBLED, "\n".join(found)


@pytest.mark.slow
def test_the_methods_edition_shows_the_statistics_code_where_it_is_used(built):
    """Issue 20: the SMR, its exact interval, the sex adjustment, the two-period test, the Wilson interval and the
    two-proportion test are shown as code in the methods edition, and not in the reader's."""
    from bs4 import BeautifulSoup

    def text(name: str) -> str:
        soup = BeautifulSoup((built / "reports" / name).read_text(encoding="utf-8"), "html.parser")
        return " ".join(soup.get_text("").split())

    methods, reader = text("report-methods.html"), text("report.html")
    for function in ("smr", "poisson_exact_ci", "expected_by_year", "period_contrast", "wilson_ci", "two_proportion"):
        assert f"def {function}(" in methods, function
        assert f"def {function}(" not in reader, function


@pytest.mark.slow
def test_try_this_exercises_are_boxes_with_folded_answers_in_the_methods_edition_only(built):
    from bs4 import BeautifulSoup

    def soup(name: str) -> BeautifulSoup:
        return BeautifulSoup((built / "reports" / name).read_text(encoding="utf-8"), "html.parser")

    methods, reader = soup("report-methods.html"), soup("report.html")
    boxes = methods.select(".celltag_try-this")
    assert len(boxes) == 5 and all(b.get_text().strip().startswith("Try this") for b in boxes)
    answers = methods.select(".celltag_try-this details > summary")
    assert len(answers) >= 3 and all(a.get_text() == "Answer" for a in answers)
    assert not reader.select(".celltag_try-this")
