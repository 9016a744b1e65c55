"""The report's LaTeX is the same with pandoc run once for all cells as with nbconvert's run per cell."""

from __future__ import annotations

import shutil

import pytest

from analysis.build import render

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed (make system-deps)"),
]


def test_batched_pandoc_writes_the_same_latex_as_one_run_per_cell(built):
    batched, batched_resources = render.latex(built)
    alone, alone_resources = render.latex(built, batched=False)
    assert batched.count("\\section") + batched.count("\\subsection") > 20  # the whole report, not an empty one
    assert batched == alone
    assert sorted(batched_resources["outputs"]) == sorted(alone_resources["outputs"])
