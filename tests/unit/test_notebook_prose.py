"""The report notebooks read as the paper: prose in Markdown with {eval} values, code only for calls.

Static checks on the committed notebooks (no kernel): every inline expression names something a code
cell defines or imports (a linter that cannot see Markdown removed such an import once); the code cells
hold no function definitions and almost no branching; little of their code is text.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

import nbformat
import pytest

from analysis import paths
from analysis.build import dag

REPORT = [dag.by_name()[name].notebook for name in dag.REPORT]
EVAL = re.compile(r"\{eval\}`([^`]+)`")


def _cells(notebook: str):
    return nbformat.read(paths.ROOT / notebook, as_version=4).cells


def _code(notebook: str) -> list[str]:
    return [
        c.source for c in _cells(notebook) if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
    ]


def _defined(notebook: str) -> set[str]:
    names: set[str] = set()
    for cell in _cells(notebook):
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return names


@pytest.mark.parametrize("notebook", REPORT)
def test_every_inline_expression_names_something_the_code_defines(notebook):
    defined = _defined(notebook)
    for cell in _cells(notebook):
        if cell.cell_type == "markdown":
            for expr in EVAL.findall(cell.source):
                ast.parse(expr, mode="eval")  # a valid Python expression
                head = re.match(r"[A-Za-z_]\w*", expr).group(0)
                assert head in defined, f"{notebook}: {{eval}}`{expr}` uses {head!r}, which no code cell defines"


def test_report_notebooks_are_prose_with_values_not_code_that_prints_prose():
    code_lines = string_lines = defs = branches = evals = 0
    for notebook in REPORT:
        evals += sum(len(EVAL.findall(c.source)) for c in _cells(notebook) if c.cell_type == "markdown")
        for src in _code(notebook):
            lines = [ln for ln in src.splitlines() if ln.strip() and not ln.strip().startswith(("#", "%", "!"))]
            code_lines += len(lines)
            tree = ast.parse(src)
            defs += sum(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda)) for n in ast.walk(tree))
            branches += sum(isinstance(n, (ast.If, ast.IfExp)) for n in ast.walk(tree))
            rows = set()
            for tok in tokenize.generate_tokens(io.StringIO(src).readline):
                if tok.type == tokenize.STRING:
                    rows.update(range(tok.start[0], tok.end[0] + 1))
            string_lines += sum(1 for i, ln in enumerate(src.splitlines(), 1) if i in rows and ln.strip())
    assert defs == 0 and branches <= 5
    assert string_lines / code_lines < 0.20, f"{string_lines} of {code_lines} code lines are inside strings"
    assert evals >= 60


GLUED = re.compile(r"[A-Za-z0-9]\{eval\}`[^`]+`|\{eval\}`[^`]+`[A-Za-z0-9]")


def test_the_glue_rule_finds_a_value_glued_to_a_word():
    assert GLUED.search("{eval}`F.x`the standard population") and GLUED.search("a{eval}`F.x`")
    assert not GLUED.search("ratio {eval}`F.x` (interval {eval}`F.y`).")


@pytest.mark.parametrize("notebook", REPORT)
def test_no_inline_value_is_glued_to_a_word(notebook):
    """A value stands between spaces or punctuation: none begins or ends mid-word, as a clause glued to the
    notebook's text would (``{eval}`F.adjusted_below_crude`the standard population``)."""
    for cell in _cells(notebook):
        if cell.cell_type == "markdown":
            m = GLUED.search(cell.source)
            assert m is None, f"{notebook}: {m.group(0)!r}"
