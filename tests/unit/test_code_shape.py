"""The shape of the code a successor must read (issue 16): small functions, small findings records.

A function longer than a screenful, or a record with dozens of fields, is where sentences and decisions
get tangled; these limits are the issue's "done when" figures, checked on the source rather than trusted.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pydantic

import analysis

PACKAGE = Path(analysis.__file__).parent
MAX_FUNCTION_LINES = 80
MAX_RECORD_FIELDS = 40


def _functions():
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield path.relative_to(PACKAGE.parent), node


def test_the_function_walk_sees_the_package():
    names = {node.name for _, node in _functions()}
    assert {"main", "from_notebook"} <= names  # a walk that found nothing would pass the limits vacuously


def test_no_function_over_the_line_limit():
    long = [
        f"{path}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path, node in _functions()
        if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(long)


def _findings_models():
    import importlib
    import pkgutil

    import analysis.findings as findings

    for info in pkgutil.iter_modules(findings.__path__):
        module = importlib.import_module(f"analysis.findings.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, pydantic.BaseModel) and cls.__module__ == module.__name__:
                yield cls


def test_findings_models_are_found():
    assert len(list(_findings_models())) >= 10


def test_no_findings_model_over_the_field_limit():
    wide = [
        f"{cls.__module__}.{cls.__name__}: {len(cls.model_fields)} fields"
        for cls in _findings_models()
        if len(cls.model_fields) > MAX_RECORD_FIELDS
    ]
    assert not wide, f"findings records over {MAX_RECORD_FIELDS} fields:\n" + "\n".join(wide)


# A raw row id as the raw tables write them: C01, F31, E03c, O054, X001, K065, H170 (one or two capitals,
# two or three digits, an optional lower-case suffix).
ROW_ID = re.compile(r"[A-Z]{1,2}\d{2,3}[a-z]?")


def row_id_literals(source: str) -> list[tuple[int, str]]:
    """The string constants of a module that are a raw row id, with their line (docstrings are prose)."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and ROW_ID.fullmatch(node.value)
    ]


def test_the_row_id_rule_finds_a_literal():
    source = '"""Reads C10."""\nx = rows.loc["E01"]\ny = f"{z}"\nw = "C10 and more"\n'
    assert row_id_literals(source) == [(2, "E01")]


def test_findings_select_rows_only_through_the_declared_selections():
    selections = PACKAGE / "findings" / "selections.py"
    assert row_id_literals(selections.read_text(encoding="utf-8"))  # the declarations are where the ids are
    found = [
        f"{path.name}:{line} {value!r}"
        for path in sorted((PACKAGE / "findings").glob("*.py"))
        if path != selections
        for line, value in row_id_literals(path.read_text(encoding="utf-8"))
    ]
    assert not found, "row ids written outside findings/selections.py:\n" + "\n".join(found)
