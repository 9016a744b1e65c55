"""Raw data: integrity checks against data/raw/datapackage.json and read-only loading.

Two checks stand before anything reads raw data:

1. ``verify_hashes``: every resource file exists and its sha256 and byte count match the descriptor
   (a changed byte stops the build, naming the file);
2. ``validate_rows``: first the size limits of the descriptor's ``x-limits`` (rows per file, characters
   per cell: a wrong file fails in a second, not after minutes), then Frictionless validates every row
   against the resource's schema and foreign keys (each ``source_id`` must exist in ``sources.csv``),
   then the plausibility rules of each schema's ``x-plausible`` list (a rate per 100,000 in a plausible
   range, a percentage within 0-100, a count never above its stated total, a share consistent with its
   count and total); the first errors are reported as ``file row N, column 'x': rule``.

Nothing here writes to data/raw/.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import paths
from analysis.errors import RawDataError
from analysis.hashing import file_sha256

if TYPE_CHECKING:
    import pandas as pd

DESCRIPTOR = paths.RAW / "datapackage.json"


@lru_cache(maxsize=1)
def package() -> dict[str, Any]:
    """The parsed datapackage.json."""
    try:
        with open(DESCRIPTOR, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise RawDataError(f"{paths.rel(DESCRIPTOR)} is missing: it describes every raw file") from None
    except json.JSONDecodeError as exc:
        raise RawDataError(f"{paths.rel(DESCRIPTOR)} is not valid JSON: {exc}") from None


def resources() -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in package()["resources"]}


def resource_path(name: str) -> Path:
    try:
        return paths.RAW / resources()[name]["path"]
    except KeyError:
        raise RawDataError(f"no raw resource named {name!r} in {paths.rel(DESCRIPTOR)}") from None


def verify_hash(name: str) -> str:
    """Check one resource's file against its recorded sha256 and size; return the hash."""
    res = resources()[name]
    path = paths.RAW / res["path"]
    if not path.is_file():
        raise RawDataError(f"{paths.rel(path)}: raw file is missing (listed in {paths.rel(DESCRIPTOR)})")
    digest = file_sha256(path)
    expected = res.get("hash", "").removeprefix("sha256:")
    if digest != expected:
        raise RawDataError(
            f"{paths.rel(path)}: sha256 {digest[:12]}… does not match {expected[:12]}… recorded in "
            f"datapackage.json; raw files are immutable: restore it (git checkout -- {paths.rel(path)}), "
            "or, for a deliberate, sourced correction, run `python -m analysis rehash` and commit both"
        )
    size = path.stat().st_size
    if "bytes" in res and size != res["bytes"]:
        raise RawDataError(f"{paths.rel(path)}: {size} bytes, expected {res['bytes']} (datapackage.json)")
    return digest


def verify_hashes() -> dict[str, str]:
    """Verify every resource; return {relative path: sha256}."""
    return {f"data/raw/{r['path']}": verify_hash(name) for name, r in resources().items()}


def _describe(error: Any, path: str) -> str:
    """A Frictionless error as 'file row N, column 'x': rule: what was expected (got 'value')'."""
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None)
    where = path
    if row:
        where += f" row {row}"
    if field:
        where += f", column {field!r}"
    note = error.note
    if error.type == "type-error":
        note = f"expected a value of type {note.removeprefix('type is ').strip(chr(34)).split('/')[0]}"
    elif error.type == "constraint-error":
        note = f"breaks the {note}".replace('"', "")
    elif error.type == "primary-key":
        note = f"duplicates an earlier row in the key columns ({note.replace('the same as in the row at position', 'row')})"
    elif error.type == "foreign-key":
        note = note.replace('for "source_id": values', "source_id").replace(
            ' in the lookup table "sources" as "source_id"', " in sources.csv"
        )
    cell = getattr(error, "cell", None)
    got = f" (got {cell!r})" if cell not in (None, "") or error.type == "constraint-error" else ""
    return f"{where}: {error.type}: {note}{got}"


def schema(name: str) -> dict[str, Any]:
    found = resources()[name]["schema"]
    if isinstance(found, str):
        with open(paths.RAW / found, encoding="utf-8") as fh:
            found = json.load(fh)
    return found


def limits() -> dict[str, int]:
    found = package().get("x-limits", {})
    return {
        "max_rows": int(found.get("max_rows", 5000)),
        "max_cell_characters": int(found.get("max_cell_characters", 4000)),
    }


def check_sizes() -> None:
    """Every raw CSV within the descriptor's limits: rows per file, characters per cell."""
    lim = limits()
    csv.field_size_limit(sys.maxsize)  # measure long cells ourselves, with the file and row named
    for _name, res in resources().items():
        rel = f"data/raw/{res['path']}"
        try:
            with open(paths.RAW / res["path"], encoding="utf-8", newline="") as fh:
                reader = csv.reader(fh)
                header = next(reader, [])
                for row in reader:
                    number = reader.line_num
                    if number - 1 > lim["max_rows"]:
                        raise RawDataError(
                            f"{rel}: more than {lim['max_rows']:,} rows, the most a raw table here can plausibly "
                            "hold (x-limits in datapackage.json); is this the right file?"
                        )
                    for column, cell in zip(header, row, strict=False):
                        if len(cell) > lim["max_cell_characters"]:
                            raise RawDataError(
                                f"{rel} row {number}, column {column!r}: a cell of {len(cell):,} characters, over "
                                f"the {lim['max_cell_characters']:,} a transcribed figure or note can plausibly "
                                "need (x-limits in datapackage.json); is a quote missing its closing quote?"
                            )
        except UnicodeDecodeError:
            continue  # check_headers names the file and byte
        except csv.Error as exc:
            raise RawDataError(f"{rel} row {reader.line_num}: not a valid CSV row ({exc})") from None


def _number(cell: str) -> list[float]:
    """The numbers a transcribed cell states ('~10' -> [10], '1,297' -> [1297], '3-5' -> [3, 5]; words: [])."""
    text = cell.strip().lstrip("~").replace(",", "")
    try:
        return [float(part) for part in text.split("-")] if text else []
    except ValueError:
        return []


def _matches(row: dict[str, str], when: dict[str, str]) -> bool:
    return all(re.search(pattern, row.get(column, "")) for column, pattern in when.items())


def check_plausibility() -> None:
    """The ``x-plausible`` rules of every schema; raise on the first violation, naming file, row, column."""
    for name, res in resources().items():
        rules = schema(name).get("x-plausible", [])
        if not rules:
            continue
        rel = f"data/raw/{res['path']}"
        with open(paths.RAW / res["path"], encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for rule in rules:
            _apply_rule(rule, rows, rel)


def _check_range(rule: dict[str, Any], rows: list[dict[str, str]], rel: str) -> None:
    column = rule["column"]
    for i, row in enumerate(rows):
        if not _matches(row, rule.get("when", {})):
            continue
        for x in _number(row.get(column, "")):
            if not rule["minimum"] <= x <= rule["maximum"]:
                raise RawDataError(
                    f"{rel} row {i + 2}, column {column!r}: {row[column]} is outside the plausible range "
                    f"{rule['minimum']} to {rule['maximum']}: {rule['why']}"
                )


def _check_not_above(rule: dict[str, Any], rows: list[dict[str, str]], rel: str) -> None:
    column = rule["column"]
    for i, row in enumerate(rows):
        part, total = _number(row.get(column, "")), _number(row.get(rule["total"], ""))
        if part and total and max(part) > max(total):
            raise RawDataError(
                f"{rel} row {i + 2}, column {column!r}: {row[column]} is above the stated "
                f"{rule['total']} {row[rule['total']]}: {rule['why']}"
            )


def _wholes(rule: dict[str, Any], rows: list[dict[str, str]], selector: str) -> dict[tuple[str, ...], list[float]]:
    """The numbers of the rows a rule's ``selector`` picks, keyed by the rule's ``match`` columns."""
    return {
        tuple(r.get(c, "") for c in rule["match"]): _number(r.get(rule["column"], ""))
        for r in rows
        if _matches(r, rule[selector])
    }


def _paired(rule: dict[str, Any], rows: list[dict[str, str]], selector: str):
    """(row number, row, whole) for each row the selector picks whose period has one positive stated total."""
    wholes = _wholes(rule, rows, "whole")
    for i, row in enumerate(rows):
        whole = wholes.get(tuple(row.get(c, "") for c in rule["match"]))
        if whole and len(whole) == 1 and whole[0] > 0 and _matches(row, rule[selector]):
            yield i + 2, row, whole[0]


def _check_part_of(rule: dict[str, Any], rows: list[dict[str, str]], rel: str) -> None:
    column = rule["column"]
    for line, row, whole in _paired(rule, rows, "part"):
        part = _number(row.get(column, ""))
        if part and max(part) > whole:
            raise RawDataError(
                f"{rel} row {line}, column {column!r}: {row[column]} is above the stated "
                f"total {whole:g} of the same period and source: {rule['why']}"
            )


def _check_share_of(rule: dict[str, Any], rows: list[dict[str, str]], rel: str) -> None:
    column = rule["column"]
    parts = _wholes(rule, rows, "part")
    for line, row, whole in _paired(rule, rows, "share"):
        share, part = _number(row.get(column, "")), parts.get(tuple(row.get(c, "") for c in rule["match"]))
        if len(share) != 1 or not part or len(part) != 1:
            continue
        implied = 100 * part[0] / whole
        if abs(share[0] - implied) > rule["tolerance_pp"]:
            raise RawDataError(
                f"{rel} row {line}, column {column!r}: {row[column]}% does not agree with the stated "
                f"count {part[0]:g} of {whole:g} ({implied:.1f}%) for the same period and source: {rule['why']}"
            )


_CHECKS = {
    "range": _check_range,
    "not_above": _check_not_above,
    "part_of": _check_part_of,
    "share_of": _check_share_of,
}


def _apply_rule(rule: dict[str, Any], rows: list[dict[str, str]], rel: str) -> None:
    check = _CHECKS.get(rule["check"])
    if check is None:
        raise RawDataError(f"{rel}: unknown plausibility check {rule['check']!r} in its schema's x-plausible list")
    check(rule, rows, rel)


def check_headers() -> None:
    """Each raw CSV's header row must list exactly the schema's fields, in order (clear message if not)."""
    for name, res in resources().items():
        path = paths.RAW / res["path"]
        expected = [f["name"] for f in schema(name)["fields"]]
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                header = next(csv.reader(fh), [])
        except UnicodeDecodeError as exc:
            raise RawDataError(
                f"data/raw/{res['path']}: not valid UTF-8 ({exc.reason} at byte {exc.start}); expected a UTF-8 CSV file"
            ) from None
        if not header:
            raise RawDataError(
                f"data/raw/{res['path']}: the file is empty; expected a header row: {', '.join(expected)}"
            )
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        if missing or extra or header != expected:
            detail = "; ".join(
                part
                for part in (
                    f"missing column(s) {', '.join(map(repr, missing))}" if missing else "",
                    f"unexpected column(s) {', '.join(map(repr, extra))}" if extra else "",
                    "columns out of order" if not (missing or extra) else "",
                )
                if part
            )
            raise RawDataError(f"data/raw/{res['path']} row 1 (header): {detail}; expected: {', '.join(expected)}")


LIMIT_ERRORS = 1000  # Frictionless stops counting a file's errors here


def validate_rows() -> None:
    """Validate every resource with Frictionless (types, constraints, keys); raise on the first errors."""
    from frictionless import Package  # imported here: ~1 s, not needed for a no-op build

    check_headers()
    check_sizes()
    report = Package(str(DESCRIPTOR)).validate(limit_errors=LIMIT_ERRORS)
    if not report.valid:
        lines = []
        for task in report.tasks:
            for error in task.errors[:3]:
                lines.append(_describe(error, f"data/raw/{Path(task.place).name}"))
        for error in report.errors[:3]:
            lines.append(f"{paths.rel(DESCRIPTOR)}: {error.type}: {error.note}")
        counted = sum(len(t.errors) for t in report.tasks) + len(report.errors)
        more = counted - len(lines)
        stopped = any(len(t.errors) >= LIMIT_ERRORS for t in report.tasks)
        tail = (
            f" (and at least {more:,} more errors: validation stopped counting at {LIMIT_ERRORS:,} per file)"
            if stopped
            else f" (and {more:,} more errors)"
            if more > 0
            else ""
        )
        raise RawDataError("; ".join(lines) + tail)
    check_plausibility()


def read(name: str) -> pd.DataFrame:
    """Read a raw table as text, exactly as transcribed (cleaning parses it), after checking its hash.

    Every column is a string; empty cells are empty strings, so nothing is silently turned into NaN.
    """
    import pandas as pd

    verify_hash(name)
    path = resource_path(name)
    paths.declared_read(f"data/raw/{path.name}")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df.attrs["source_file"] = f"data/raw/{path.name}"
    return df
