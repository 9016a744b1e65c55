"""Which of the package's source files a notebook's result depends on (for its cache key).

A notebook depends on the modules its code cells import from ``analysis`` (``from analysis.methods
import suicide``, ``import analysis.io``), on the modules those import, transitively, found with
:mod:`ast` (nothing is imported or executed), and on ``build/kernel.py``, which executes every notebook.
So editing the command line or the benchmark reruns no notebook, and editing ``methods/suicide.py``
reruns only the notebooks that import it, directly or not.
"""

from __future__ import annotations

import ast
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis import paths
from analysis.hashing import file_sha256, value_sha256

PACKAGE = Path(__file__).resolve().parents[1]  # src/analysis
NAME = "analysis"
EXECUTOR = "analysis.build.kernel"  # runs every notebook


def module_file(module: str, root: Path = PACKAGE) -> Path | None:
    """The file of ``analysis.x.y`` under ``root`` (a module or a package's ``__init__.py``), or None."""
    parts = module.split(".")
    if parts[0] != NAME:
        return None
    base = root.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _statements(nodes: list[ast.stmt]):
    """Every statement, nested ones included (imports are statements: expressions need no walk)."""
    for node in nodes:
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from _statements(getattr(node, name, None) or [])


def imported_modules(source: str, current: str = "") -> set[str]:
    """The ``analysis`` modules a piece of Python source imports (absolute or relative imports)."""
    found: set[str] = set()
    for node in _statements(ast.parse(source).body):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == NAME}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                package = current.split(".")[: -node.level] if current else []
                module = ".".join(package + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != NAME:
                continue
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}  # `from analysis import io`: a submodule
    return found


def _module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = [NAME, *rel.parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


CACHE = paths.BUILD / "codedeps.json"  # {sha256 of a file: the modules it imports}


@lru_cache(maxsize=1)
def _cache() -> dict[str, list[str]]:
    try:
        return json.loads(CACHE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_cache() -> None:
    try:
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        tmp = CACHE.with_name(f"{CACHE.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(_cache(), sort_keys=True), encoding="utf-8")
        os.replace(tmp, CACHE)
    except OSError:
        pass  # only a cache: the next build parses again


def _imports_of_file(path: Path, digest: str) -> list[str]:
    cache = _cache()
    key = f"{digest}:{path.name}"  # the name matters for relative imports
    if key not in cache:
        root = next(p for p in path.parents if p.name == NAME)
        cache[key] = sorted(imported_modules(path.read_text(encoding="utf-8"), _module_name(path, root)))
        _save_cache()
    return cache[key]


@dataclass
class Known:
    """What one build's keys have looked up, shared by all its steps (same root, files unchanged meanwhile): each
    module's file and imports, each file's digest, so that each is found and read once, not once a notebook."""

    modules: dict[str, tuple[Path | None, list[str]]] = field(default_factory=dict)
    digests: dict[Path, str] = field(default_factory=dict)

    def digest(self, path: Path) -> str:
        if path not in self.digests:
            self.digests[path] = file_sha256(path)
        return self.digests[path]


def closure(modules: set[str], root: Path = PACKAGE, known: Known | None = None) -> set[Path]:
    """The files of these modules, of their parent packages, and of every module they import, transitively."""
    known = known or Known()
    files: set[Path] = set()
    todo = list(modules)
    while todo:
        module = todo.pop()
        parts = module.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__, a/b/__init__ too
            name = ".".join(parts[:i])
            if name not in known.modules:
                path = module_file(name, root)
                known.modules[name] = (path, _imports_of_file(path, known.digest(path)) if path else [])
            path, imports = known.modules[name]
            if path is None or path in files:
                continue
            files.add(path)
            todo += imports
    return files


def notebook_modules(notebook: Path) -> set[str]:
    """The ``analysis`` modules a notebook's code cells import (IPython magics and shell lines skipped)."""
    cache, key = _cache(), f"{file_sha256(notebook)}:{notebook.name}"
    if key not in cache:
        cache[key] = sorted(_scan_notebook(notebook))
        _save_cache()
    return set(cache[key])


def _scan_notebook(notebook: Path) -> set[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    found: set[str] = set()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        try:
            found |= imported_modules("\n".join(lines))
        except SyntaxError:  # the notebook fails when run; its imports so far still count
            continue
    return found


def files_for_notebook(notebook: Path, root: Path = PACKAGE, known: Known | None = None) -> set[Path]:
    return closure(notebook_modules(notebook) | {EXECUTOR}, root, known)


def code_key(files: set[Path], root: Path = PACKAGE, known: Known | None = None) -> str:
    """One hash of these files' contents and their paths in the package."""
    known = known or Known()
    return value_sha256({str(f.relative_to(root)): known.digest(f) for f in sorted(files)})
