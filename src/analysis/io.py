"""Processed tables: validated, written atomically, each with a sidecar of its inputs and their hashes.

``write_table`` is the only way the notebooks write to data/processed/: it validates the frame against
a pandera schema, writes the CSV to a temporary file in the same folder, then renames it into place
(``os.replace`` is atomic), so a reader never sees half a file. The sidecar ``<name>.meta.json`` states
what the table is, its columns and units, the inputs it was built from (with sha256) and the parameters.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import __version__, paths
from analysis.atomic import atomic_write_text
from analysis.errors import DataError
from analysis.hashing import file_sha256


def write_json(path: Path, value: Any) -> None:
    atomic_write_text(path, json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n")


def _input_hash(rel: str) -> str:
    path = paths.ROOT / rel if rel.startswith("data/raw/") else paths.processed() / Path(rel).name
    return file_sha256(path)


def write_table(
    df: pd.DataFrame,
    name: str,
    *,
    schema: Any,
    title: str,
    description: str,
    inputs: list[str],
    params: dict[str, Any] | None = None,
    units: dict[str, str] | None = None,
) -> None:
    """Validate ``df`` with ``schema`` (a pandera DataFrameSchema/Model) and write ``<name>.csv`` + sidecar.

    ``inputs`` are project-relative paths (``data/raw/arrivals.csv``, ``data/processed/x.csv``).
    """
    try:
        import pandera.pandas as pa

        validated = schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.head(3)
        detail = "; ".join(
            f"row {r.index}, column {r.column!r}: {r.check} (value {r.failure_case!r})" for r in cases.itertuples()
        )
        raise DataError(f"processed table {name}.csv failed its schema: {detail}") from None
    out = paths.processed() / f"{name}.csv"
    csv = validated.to_csv(index=False, lineterminator="\n")
    atomic_write_text(out, csv)
    meta = {
        "name": name,
        "title": title,
        "description": description,
        "columns": {c: (units or {}).get(c, "") for c in validated.columns},
        "rows": len(validated),
        "inputs": {rel: _input_hash(rel) for rel in sorted(inputs)},
        "parameters": params or {},
        "produced_by": f"analysis {__version__}",
        "sha256": file_sha256(out),
    }
    write_json(paths.processed() / f"{name}.meta.json", meta)


def save(P: Any, **frames: pd.DataFrame) -> None:
    """Write each frame as the processed table of its name, under its one declaration
    (``analysis.cleaning.tables.TABLES``: schema, title, description, inputs, units, parameters).

    A cleaning notebook calls this with the very frames it has shown: ``io.save(P, arrivals=adopted, ...)``.
    """
    from analysis.cleaning.tables import TABLES

    for name, frame in frames.items():
        if name not in TABLES:
            raise DataError(f"{name!r} is not a declared processed table (analysis.cleaning.tables.TABLES)")
        t = TABLES[name]
        write_table(
            frame,
            name,
            schema=t.schema,
            title=t.title,
            description=t.describe(P),
            inputs=t.inputs,
            params=t.parameters(P),
            units=t.units,
        )


def write_all(P: Any) -> None:
    """Every processed table, made and saved in-process as the three cleaning notebooks make and save them."""
    from analysis.cleaning.tables import build_all

    save(P, **build_all(P))


def _is_text(column: Any) -> bool:
    return str(column.dtype).startswith(("str", "object"))


def schema_dtypes(schema: Any) -> dict[str, Any]:
    """Column -> pandas dtype, from a pandera schema: the one declaration of a processed table's types.

    Text columns read as ``str`` with empty cells as missing; nullable integers as ``Int64``.
    """
    out: dict[str, Any] = {}
    for name, column in schema.columns.items():
        dtype = str(column.dtype)
        out[name] = str if _is_text(column) else dtype
        if dtype == "bool" and column.nullable:
            out[name] = "boolean"
    return out


def read_table(name: str, **kwargs: Any) -> pd.DataFrame:
    """Read a processed table with the column types its schema declares (clear error if not built yet).

    The types come from the table's pandera schema (``analysis.cleaning.processed.PROCESSED``), so no
    reader repeats them; ``kwargs`` go to ``pandas.read_csv``.
    """
    from analysis.cleaning.processed import PROCESSED

    paths.declared_read(f"data/processed/{name}.csv")
    path = paths.processed() / f"{name}.csv"
    if not path.is_file():
        raise DataError(f"{paths.rel(path)} not found: run `python -m analysis build` first")
    if "dtype" not in kwargs and name in PROCESSED:
        schema = PROCESSED[name]
        kwargs["dtype"] = schema_dtypes(schema)
        # an empty cell is missing only where the schema allows missing values; a required text column
        # keeps its empty strings
        kwargs["keep_default_na"] = False
        kwargs["na_values"] = {c: [""] for c, col in schema.columns.items() if col.nullable or not _is_text(col)}
    return pd.read_csv(path, **kwargs)
