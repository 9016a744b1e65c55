"""The package's layers: no import cycles, and the domain never imports the build machinery."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import analysis

PACKAGE = Path(analysis.__file__).parent
DOMAIN = ("cleaning", "methods", "findings", "present")


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    deps.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.startswith("analysis")}
        graph[name] = {d for d in deps if d in modules and d != name and not name.startswith(d + ".")}
    return graph


def test_no_import_cycle():
    try:
        TopologicalSorter(_imports()).prepare()
    except CycleError as exc:
        raise AssertionError(f"import cycle: {' -> '.join(exc.args[1])}") from None


def test_domain_layers_do_not_import_the_build():
    offenders = {
        (mod, dep)
        for mod, deps in _imports().items()
        if mod.split(".")[1:2] and mod.split(".")[1] in DOMAIN
        for dep in deps
        if dep.startswith("analysis.build")
    }
    assert not offenders, offenders
