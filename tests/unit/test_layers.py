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


# The package graph runs one way: each layer imports only layers below it (issue 16). The shared modules
# (errors, paths, hashing, params, io) sit under the domain; `core` (values with provenance, findings, words)
# is the domain's bottom; the build machinery is on top.
LAYERS = (
    "errors",
    "paths",
    "hashing",
    "atomic",
    "core",
    "params",
    "cleaning",
    "io",
    "methods",
    "findings",
    "present",
    "build",
)


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_packages_import_downward_only():
    rank = {name: i for i, name in enumerate(LAYERS)}
    upward = sorted(
        (mod, dep)
        for mod, deps in _imports().items()
        if _layer(mod) in rank
        for dep in deps
        if _layer(dep) in rank and rank[_layer(dep)] > rank[_layer(mod)]
    )
    assert not upward, "imports against the layer order " + " < ".join(LAYERS) + f": {upward}"


def test_every_module_has_a_layer():
    """A new top-level module or package must take its place in LAYERS, or the order above would not cover it."""
    unranked = {_layer(mod) for mod in _imports()} - set(LAYERS) - {"__init__", "__main__"}
    assert not unranked, f"add to LAYERS in its place: {sorted(unranked)}"
