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


def test_the_preamble_leaves_out_unicode_math_and_its_math_is_ascii(built):
    """The template drops nbconvert's unicode-math (a quarter of each xelatex pass). Its math is then set in the
    Computer Modern math fonts, which have no Unicode symbols: every math span of the report is ASCII (the build
    would also fail on the missing glyph)."""
    import re

    latex, _ = render.latex(built)
    assert "\\usepackage{fontspec}" in latex and "unicode-math" not in latex
    spans = re.findall(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", latex, flags=re.S)
    assert len(spans) >= 10
    assert all(part.isascii() for span in spans for part in span), [s for s in spans if not "".join(s).isascii()]
