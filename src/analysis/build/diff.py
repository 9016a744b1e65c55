"""What changed: the typed findings of two builds compared value by value (``python -m analysis diff A B``).

Each side is one of:

- a built folder: a checkout (its ``data/processed/``) or a folder holding ``findings_*.json`` directly;
- parameter overrides: a YAML file, or ``NAME=VALUE`` pairs joined by commas (``counts_series=hong_ki_won_2024``),
  applied to the current checkout;
- a git revision (``HEAD~1``, a tag, a commit), built with its own code and its own defaults.

Sides that need a build are built in a temporary copy of the project, seeded with this checkout's build cache
(``.build/``, ``data/processed/``, ``reports/``) so that steps whose inputs did not change are reused; the
checkout's own outputs are never touched. The findings are flattened to leaves keyed as the report keys its
values (``suicide.primary.ratio``; list items by their id where they have one), and compared: numbers with their
relative change, text, and the decisions and verdicts (enum fields), each changed key with both sides' rows and
sources.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from analysis import paths
from analysis.build import store
from analysis.errors import AnalysisError

#: Fields that identify an item of a list of records, in order of preference: a list item is keyed by the
#: first of these it has (``claims[C10]``) so that reordering a list is not reported as a change.
ITEM_IDS = ("claim_id", "id", "key", "name", "file", "label", "year", "period", "as_of")
#: Fields of a value that are its provenance or presentation, not its content.
PROVENANCE = ("rows", "raw", "sources", "params", "key", "method", "unit")
#: A leaf whose field name is one of these is a conclusion: a verdict or a decision.
CONCLUSIONS = ("category", "verdict", "decision", "status", "direction", "strength")

Kind = Literal["number", "text", "conclusion"]


@dataclass(frozen=True)
class Leaf:
    """One compared item: its value (a number, a string, a bool or None) and where it came from."""

    value: Any
    text: str = ""
    rows: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def kind(self) -> Kind:
        if isinstance(self.value, bool) or self.value is None:
            return "text"
        return "number" if isinstance(self.value, int | float) else "text"


@dataclass(frozen=True)
class Change:
    key: str
    kind: str  # "number", "text", "conclusion"; "added" or "removed" when one side lacks the key
    old: Any
    new: Any
    relative: float | None = None  # (new - old) / |old| for numbers
    old_rows: tuple[str, ...] = ()
    new_rows: tuple[str, ...] = ()
    old_sources: tuple[str, ...] = ()
    new_sources: tuple[str, ...] = ()


@dataclass
class Side:
    spec: str
    kind: Literal["folder", "params", "revision"]
    overrides: dict[str, Any] = field(default_factory=dict)


# ----------------------------------------------------------------------------------------- flattening


def _is_value(node: Any) -> bool:
    return isinstance(node, dict) and "value" in node and "text" in node


def _item_label(item: Any, index: int, siblings: list[Any]) -> str:
    if isinstance(item, dict):
        for name in ITEM_IDS:
            ids = [s.get(name) if isinstance(s, dict) else None for s in siblings]
            if item.get(name) is not None and not isinstance(item.get(name), dict) and ids.count(item[name]) == 1:
                return str(item[name])
    return str(index)


def _leaves(node: Any, path: str) -> Iterator[tuple[str, Leaf]]:
    if _is_value(node):
        yield (
            path,
            Leaf(node["value"], node.get("text", ""), tuple(node.get("rows", ())), tuple(node.get("sources", ()))),
        )
        return
    if isinstance(node, dict):
        for name in sorted(node):
            if name not in PROVENANCE:
                yield from _leaves(node[name], f"{path}.{name}" if path else name)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _leaves(item, f"{path}[{_item_label(item, i, node)}]")
    else:
        yield path, Leaf(node, "" if node is None else str(node))


def flatten(findings: dict[str, dict[str, Any]]) -> dict[str, Leaf]:
    """Every leaf of every section's findings, keyed ``section.path``."""
    return {key: leaf for section, data in sorted(findings.items()) for key, leaf in _leaves(data, section)}


def _is_conclusion(key: str) -> bool:
    last = key.rsplit(".", 1)[-1].split("[", 1)[0]
    return any(word in last for word in CONCLUSIONS)


def _relative(old: Any, new: Any) -> float | None:
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (old, new))
    if not numbers or old == 0 or not all(math.isfinite(v) for v in (old, new)):
        return None
    return (new - old) / abs(old)


def compare(old: dict[str, Leaf], new: dict[str, Leaf]) -> list[Change]:
    """Every key whose value differs, was added or was removed; conclusions first, then by key."""
    changes = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and a.value == b.value:
            continue
        kind = "added" if a is None else "removed" if b is None else "conclusion" if _is_conclusion(key) else a.kind
        changes.append(
            Change(
                key,
                kind,
                None if a is None else a.value,
                None if b is None else b.value,
                None if a is None or b is None else _relative(a.value, b.value),
                () if a is None else a.rows,
                () if b is None else b.rows,
                () if a is None else a.sources,
                () if b is None else b.sources,
            )
        )
    return sorted(changes, key=lambda c: (c.kind != "conclusion", c.key))


# ------------------------------------------------------------------------------------------ the sides


def parse_side(spec: str, root: Path) -> Side:
    """What ``spec`` names: an existing folder, a parameter file, NAME=VALUE pairs, or a git revision."""
    path = Path(spec)
    if path.is_dir():
        return Side(spec, "folder")
    if path.is_file():
        from analysis import params

        return Side(spec, "params", params.load_file(str(path)))
    if "=" in spec:
        return Side(spec, "params", _pairs(spec))
    probe = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"], cwd=root, capture_output=True, text=True
    )
    if probe.returncode != 0:
        raise AnalysisError(
            f"diff: {spec!r} is neither a folder, a parameter file, NAME=VALUE pairs nor a git revision of {root}"
        )
    return Side(spec, "revision")


def _pairs(spec: str) -> dict[str, Any]:
    from analysis import params

    out: dict[str, Any] = {}
    for pair in spec.split(","):
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise AnalysisError(f"diff: {pair!r} in {spec!r} is not NAME=VALUE")
        if name.strip() in out:
            raise AnalysisError(f"diff: parameter {name.strip()!r} given twice in {spec!r}")
        out[name.strip()] = params.parse_cli_value(raw.strip())
    return out


def _findings_in(folder: Path) -> dict[str, dict[str, Any]]:
    for candidate in (folder, folder / "data" / "processed"):
        files = sorted(candidate.glob("findings_*.json"))
        if files:
            return {f.stem.removeprefix("findings_"): json.loads(f.read_text(encoding="utf-8")) for f in files}
    return {}


CACHE = (".build", "data/processed", "reports")


def _seed_cache(root: Path, work: Path) -> None:
    for rel in CACHE:
        if (root / rel).is_dir():
            shutil.copytree(root / rel, work / rel, dirs_exist_ok=True, ignore=shutil.ignore_patterns("lock", "failed"))


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True)
    if done.returncode != 0:
        raise AnalysisError(f"diff: git {' '.join(args)} failed: {done.stderr.decode().strip()}")
    return done


def _copy_checkout(root: Path, work: Path, revision: str | None) -> None:
    """A git checkout of ``revision`` in ``work`` (a shared clone: the report records its commit as the original
    would), or of HEAD with the working tree's files laid over it (tracked and untracked, not ignored)."""
    _git(["clone", "--quiet", "--shared", "--no-checkout", str(root), str(work)], root)
    _git(
        ["checkout", "--quiet", "--detach", revision or _git(["rev-parse", "HEAD"], root).stdout.decode().strip()], work
    )
    if revision is not None:
        return
    listed = _git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root)
    for rel in filter(None, listed.stdout.decode().split("\0")):
        if (root / rel).is_file():
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / rel, work / rel)


def _findings_only(work: Path) -> str:
    """The build option that writes the findings without the editions a diff does not read (``--no-render``), or,
    for a revision whose build has no such option, the one that writes the fewest (``--no-pdf``)."""
    cli = work / "src/analysis/build/cli.py"
    return "--no-render" if cli.is_file() and "--no-render" in cli.read_text(encoding="utf-8") else "--no-pdf"


def _build(work: Path, overrides: dict[str, Any], label: str) -> None:
    argv = [sys.executable, "-m", "analysis", "build", _findings_only(work), "-q"]
    for name, value in overrides.items():
        argv += ["-p", name, value if isinstance(value, str) else json.dumps(value)]
    env = {k: v for k, v in os.environ.items() if k not in (paths.PROCESSED_ENV, paths.REPORTS_ENV)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(work / "src"), env.get("PYTHONPATH", "")]))
    env[store.ENV] = str(store.root() or "off")  # the checkout's store: a configuration built once is reused
    done = subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise AnalysisError(f"diff: building {label} failed: {last}")


def _has_findings(root: Path, revision: str) -> bool:
    listed = subprocess.run(
        ["git", "ls-tree", "--name-only", revision, "--", "src/analysis/findings/"], cwd=root, capture_output=True
    )
    return bool(listed.stdout.strip())


def materialise(side: Side, root: Path, scratch: Path) -> dict[str, dict[str, Any]]:
    """The typed findings of one side, building it in ``scratch`` when it is not a built folder."""
    if side.kind == "folder":
        found = _findings_in(Path(side.spec))
        if not found:
            raise AnalysisError(f"diff: {side.spec} holds no typed findings (findings_*.json); build it first")
        return found
    if side.kind == "revision" and not _has_findings(root, side.spec):
        raise AnalysisError(
            f"diff: revision {side.spec} has no typed findings (src/analysis/findings/): it predates them"
        )
    work = scratch / ("rev" if side.kind == "revision" else "params")
    scratch.mkdir(parents=True)
    _copy_checkout(root, work, side.spec if side.kind == "revision" else None)
    _seed_cache(root, work)
    _build(work, side.overrides, side.spec)
    found = _findings_in(work)
    if not found:
        raise AnalysisError(f"diff: revision {side.spec} has no typed findings (findings_*.json): it predates them")
    return found


def diff(a: str, b: str, root: Path | None = None) -> list[Change]:
    """Build (where needed) and compare the two sides."""
    root = root or paths.ROOT
    with tempfile.TemporaryDirectory(prefix="analysis-diff-") as tmp:
        sides = [parse_side(s, root) for s in (a, b)]
        found = [materialise(s, root, Path(tmp) / str(i)) for i, s in enumerate(sides)]
    return compare(flatten(found[0]), flatten(found[1]))


# ------------------------------------------------------------------------------------------- output


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return "—" if value is None else str(value)


def _rel(change: Change) -> str:
    return "" if change.relative is None else f"{change.relative * 100:+.2g}%"


def _sources(change: Change) -> str:
    old, new = ", ".join(change.old_sources), ", ".join(change.new_sources)
    return old if old == new else f"{old or '—'} → {new or '—'}"


def to_json(changes: list[Change]) -> str:
    return json.dumps([asdict(c) for c in changes], indent=2, ensure_ascii=False, default=str) + "\n"


def to_markdown(changes: list[Change], a: str, b: str) -> str:
    if not changes:
        return f"No finding differs between `{a}` and `{b}`.\n"
    conclusions = sum(c.kind == "conclusion" for c in changes)
    lines = [
        f"{len(changes)} finding(s) differ between `{a}` and `{b}`; {conclusions} of them conclusions.",
        "",
        "| key | kind | old | new | change | sources |",
        "|---|---|---|---|---|---|",
    ]
    for c in changes:
        cells = (c.key, c.kind, _show(c.old), _show(c.new), _rel(c), _sources(c))
        lines.append("| " + " | ".join(s.replace("|", "\\|") for s in cells) + " |")
    return "\n".join(lines) + "\n"


def to_table(changes: list[Change], a: str, b: str) -> str:
    if not changes:
        return f"no change: every finding is the same in {a} and {b}\n"
    rows = [("KEY", "KIND", "OLD", "NEW", "CHANGE")] + [
        (c.key, c.kind, _show(c.old)[:40], _show(c.new)[:40], _rel(c)) for c in changes
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows) + "\n"


FORMATS = {"table": to_table, "markdown": to_markdown}


def render(changes: list[Change], a: str, b: str, fmt: str) -> str:
    return to_json(changes) if fmt == "json" else FORMATS[fmt](changes, a, b)


# ------------------------------------------------------------------------------------------ robustness


def robustness(names: list[str], root: Path | None = None) -> list[tuple[str, str, list[Change]]]:
    """For each alternative value of each named choice parameter: the conclusions that differ from the defaults."""
    from analysis import params

    root = root or paths.ROOT
    defaults = params.defaults()
    out = []
    with tempfile.TemporaryDirectory(prefix="analysis-robust-") as tmp:
        base = flatten(materialise(Side("defaults", "params"), root, Path(tmp) / "defaults"))
        for name in names:
            choices = params.choices(name)
            if choices is None:
                raise AnalysisError(f"diff --robustness: {name} is not a choice parameter (it has a range)")
            for value in (c for c in choices if c != defaults[name]):
                side = Side(f"{name}={value}", "params", {name: value})
                other = flatten(materialise(side, root, Path(tmp) / f"{name}-{value}"))
                out.append((name, str(value), [c for c in compare(base, other) if c.kind == "conclusion"]))
    return out


def robustness_markdown(results: list[tuple[str, str, list[Change]]]) -> str:
    lines = ["| parameter | value | conclusions that change | which |", "|---|---|---|---|"]
    for name, value, changes in results:
        which = "; ".join(f"{c.key}: {_show(c.old)} → {_show(c.new)}" for c in changes) or "none"
        lines.append(f"| {name} | {value} | {len(changes)} | {which} |")
    return "\n".join(lines) + "\n"
