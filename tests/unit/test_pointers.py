"""Pointers that stay true (issue 16 item 6): every ``src/...``, ``tests/...`` or ``notebooks/...`` path named in the
README, the docstrings and comments of the code, the notebooks and the requirements exists in the checkout."""

from __future__ import annotations

import re

from analysis import paths

POINTER = re.compile(r"(?<![\w./-])((?:src|tests|notebooks)/[\w./*-]*[\w*])")
# a pointer that names a pattern rather than a file (``notebooks/1x_clean_*.ipynb``, with ``1x`` for 10-19) is
# checked as a glob; a range in prose (``notebooks/20..60``) is not a path
# a module named from inside the package (``methods/suicide_bounds.py``), relative to src/analysis/
MODULE = re.compile(r"(?<![\w./-])((?:cleaning|methods|findings|present|build|core)/\w+\.py)\b")
TEXTS = ("README.md", "requirements.txt", "Makefile", "pyproject.toml", "CITATION.cff")


def _texts():
    for rel in TEXTS:
        yield rel, (paths.ROOT / rel).read_text(encoding="utf-8")
    for folder, pattern in (("src", "*.py"), ("notebooks", "*.ipynb"), ("tests", "*.py"), ("scripts", "*")):
        for path in sorted((paths.ROOT / folder).rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                yield str(path.relative_to(paths.ROOT)), path.read_text(encoding="utf-8", errors="replace")


def _exists(pointer: str) -> bool:
    if ".." in pointer:
        return True
    if "*" in pointer:
        return any(paths.ROOT.glob(pointer.replace("1x", "1?")))
    return (paths.ROOT / pointer).exists()


def test_the_pointer_pattern_finds_pointers():
    found = {m for _, text in _texts() for m in POINTER.findall(text)}
    assert "src/analysis/build/kernel.py" in found and len(found) > 20


def _named(text: str) -> list[str]:
    return POINTER.findall(text) + [f"src/analysis/{m}" for m in MODULE.findall(text)]


def test_every_named_path_exists():
    missing = sorted({f"{where}: {m}" for where, text in _texts() for m in _named(text) if not _exists(m)})
    assert not missing, "paths named but not in the checkout:\n" + "\n".join(missing)
