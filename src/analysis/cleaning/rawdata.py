"""Raw data: integrity checks against data/raw/datapackage.json and read-only loading.

Two checks stand before anything reads raw data:

1. ``verify_hashes``: every resource file exists and its sha256 and byte count match the descriptor
   (a changed byte stops the build, naming the file);
2. ``validate_rows``: Frictionless validates every row against the resource's schema and foreign keys
   (each ``source_id`` must exist in ``sources.csv``); the first errors are reported as
   ``file row N, column 'x': rule``.

Nothing here writes to data/raw/.
"""

from __future__ import annotations

import json
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
        note = note.replace('for "source_id": values', "source_id").replace(' in the lookup table "sources" as "source_id"', " in sources.csv")
    cell = getattr(error, "cell", None)
    got = f" (got {cell!r})" if cell not in (None, "") or error.type == "constraint-error" else ""
    return f"{where}: {error.type}: {note}{got}"


def check_headers() -> None:
    """Each raw CSV's header row must list exactly the schema's fields, in order (clear message if not)."""
    import csv

    for name, res in resources().items():
        path = paths.RAW / res["path"]
        schema = res["schema"]
        if isinstance(schema, str):
            schema = json.loads((paths.RAW / schema).read_text(encoding="utf-8"))
        expected = [f["name"] for f in schema["fields"]]
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                header = next(csv.reader(fh), [])
        except UnicodeDecodeError as exc:
            raise RawDataError(f"data/raw/{res['path']}: not valid UTF-8 ({exc.reason} at byte {exc.start}); "
                               "expected a UTF-8 CSV file") from None
        if not header:
            raise RawDataError(f"data/raw/{res['path']}: the file is empty; expected a header row: {', '.join(expected)}")
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        if missing or extra or header != expected:
            detail = "; ".join(
                part for part in (
                    f"missing column(s) {', '.join(map(repr, missing))}" if missing else "",
                    f"unexpected column(s) {', '.join(map(repr, extra))}" if extra else "",
                    "columns out of order" if not (missing or extra) else "",
                ) if part
            )
            raise RawDataError(f"data/raw/{res['path']} row 1 (header): {detail}; expected: {', '.join(expected)}")


def validate_rows() -> None:
    """Validate every resource with Frictionless (types, constraints, keys); raise on the first errors."""
    from frictionless import Package  # imported here: ~1 s, not needed for a no-op build

    check_headers()
    report = Package(str(DESCRIPTOR)).validate()
    if report.valid:
        return
    lines = []
    for task in report.tasks:
        for error in task.errors[:3]:
            lines.append(_describe(error, f"data/raw/{Path(task.place).name}"))
    for error in report.errors[:3]:
        lines.append(f"{paths.rel(DESCRIPTOR)}: {error.type}: {error.note}")
    more = sum(len(t.errors) for t in report.tasks) + len(report.errors) - len(lines)
    raise RawDataError("; ".join(lines) + (f" (and {more} more errors)" if more > 0 else ""))


def read(name: str) -> "pd.DataFrame":
    """Read a raw table as text, exactly as transcribed (cleaning parses it), after checking its hash.

    Every column is a string; empty cells are empty strings, so nothing is silently turned into NaN.
    """
    import pandas as pd

    verify_hash(name)
    path = resource_path(name)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df.attrs["source_file"] = f"data/raw/{path.name}"
    return df
