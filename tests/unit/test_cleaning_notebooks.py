"""The cleaning notebooks save the very tables they show, and those are the tables ``io.write_all`` makes for
the tests (``analysis.cleaning.tables``): same bytes, table by table, sidecars included."""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import pytest

from analysis import io, paths
from analysis.cleaning.tables import TABLES
from analysis.params import validate

NOTEBOOKS = ("10_clean_arrivals", "11_clean_mortality", "12_clean_surveys")


def _code(name: str) -> list[str]:
    nb = json.loads((paths.NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.fixture
def into(monkeypatch):
    def point(folder: Path) -> Path:
        folder.mkdir()
        monkeypatch.setenv(paths.PROCESSED_ENV, str(folder))
        return folder

    return point


def _run(name: str) -> None:
    namespace: dict = {"__name__": "__main__"}
    for source in _code(name):
        exec(compile(source, f"{name}.ipynb", "exec"), namespace)  # noqa: S102 (the project's own notebook)


def test_notebooks_save_what_write_all_makes(tmp_path, into):
    into(tmp_path / "notebooks")
    cwd = os.getcwd()
    os.chdir(paths.NOTEBOOKS)
    try:
        for name in NOTEBOOKS:
            _run(name)
    finally:
        os.chdir(cwd)
    into(tmp_path / "write_all")
    io.write_all(validate({}))
    made = sorted(p.name for p in (tmp_path / "notebooks").iterdir())
    assert made == sorted(f"{t}{ext}" for t in TABLES for ext in (".csv", ".meta.json"))
    for file in made:
        assert (tmp_path / "notebooks" / file).read_bytes() == (tmp_path / "write_all" / file).read_bytes(), file


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_saving_cell_saves_frames_the_notebook_made(name):
    """The last cell is one ``io.save(P, table=frame, ...)`` whose frames are names bound by earlier cells."""
    *earlier, last = _code(name)
    bound = {
        t.id
        for s in earlier
        for node in ast.walk(ast.parse(s))
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    calls = [n for n in ast.walk(ast.parse(last)) if isinstance(n, ast.Call)]
    assert [ast.unparse(c.func) for c in calls] == ["io.save"]
    frames = {kw.arg: kw.value for kw in calls[0].keywords}
    assert set(frames) <= set(TABLES)
    assert all(isinstance(v, ast.Name) and v.id in bound for v in frames.values()), ast.unparse(calls[0])


def test_save_refuses_an_undeclared_table(tmp_path, into):
    import pandas as pd

    from analysis.errors import DataError

    into(tmp_path / "p")
    with pytest.raises(DataError, match="'arrival' is not a declared processed table"):
        io.save(validate({}), arrival=pd.DataFrame({"a": [1]}))
