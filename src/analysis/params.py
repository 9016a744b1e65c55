"""The report's parameters: each declared once, here, with its type, range, default and meaning.

Everything else is derived from :class:`Params` or checked against it by a test:

- ``params/default.yml`` is :func:`defaults_yaml` (``python -m analysis params`` prints it);
- each notebook's ``parameters`` cell (what ``papermill --help-notebook`` shows) is
  :func:`parameters_cell` of the names the notebook's step declares in ``build/dag.py``;
- the appendix's parameter table is :func:`table`.

The build validates the merged parameters before any notebook runs. Every notebook validates its own
again in the cell after its ``parameters`` cell with ``P = params.from_notebook(globals())``, which also
rejects any name papermill injected that the notebook does not declare (a misspelt ``-p`` name), so a
notebook run by papermill or in JupyterLab fails just as clearly. Papermill itself checks nothing.
"""

from __future__ import annotations

import ast
import re
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from analysis.errors import ParameterError

FIRST_DATA_YEAR = 1998
LAST_DATA_YEAR = 2025
# The last data year of the OECD comparison (Korea's 2024 rate, published September 2025); a chart that
# starts later would be empty. tests/integration/test_params.py checks it against data/raw/oecd_suicide.csv.
LAST_OECD_YEAR = 2024


class Params(BaseModel):
    """Every parameter of the report. Field descriptions are the help text shown to users.

    Strict: ``start_year: true`` or ``start_year: "2010"`` is a wrong type, not 1 or 2010.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    vintage: Literal["latest", "first"] = Field(
        "latest",
        description="which published figure to adopt where a source revised it: the latest revision or "
        "the first-published (provisional) figure",
    )
    start_year: int = Field(
        2002,
        ge=FIRST_DATA_YEAR,
        le=LAST_DATA_YEAR - 1,  # a chart needs two years
        description="first year shown in the arrivals charts",
    )
    counts_series: Literal["wi_sung_lac_2024", "hong_ki_won_2024"] = Field(
        "wi_sung_lac_2024",
        description="which lawmaker's published escapee suicide counts to use for 2020-2022, where the two "
        "disagree (Wi: MOIS resident registration; Hong: source not named)",
    )
    suicide_period_start: int = Field(
        2013,
        ge=2006,
        le=LAST_DATA_YEAR,
        description="first year of the pooled period for count-based suicide rates (the primary estimate: 2013-2022)",
    )
    suicide_period_end: int = Field(
        2022, ge=2006, le=LAST_DATA_YEAR, description="last year of the pooled period for count-based suicide rates"
    )
    denominator: Literal["midyear_cumulative", "yearend_cumulative"] = Field(
        "midyear_cumulative",
        description="person-years at risk from MOU cumulative arrivals: mean of the cumulative totals at the "
        "start and end of each year, or the end-of-year total",
    )
    oecd_first_year: int = Field(
        2009,
        ge=2000,
        le=LAST_OECD_YEAR - 1,  # a chart needs two years
        description="first data year shown in the OECD comparison chart",
    )
    confidence_level: float = Field(0.95, gt=0.5, lt=1.0, description="confidence level of every interval")
    ratio_tolerance: float = Field(
        0.25,
        gt=0.0,
        lt=1.0,
        description="claim audit: relative tolerance for 'around N' (0.25: 75-125 for 100)",
    )
    share_tolerance_pp: float = Field(
        5.0, gt=0.0, le=20.0, description="claim audit: tolerance in percentage points for 'around N percent'"
    )

    @model_validator(mode="after")
    def _period_in_order(self) -> Params:
        if self.suicide_period_end < self.suicide_period_start:
            raise ValueError(
                f"suicide_period_end ({self.suicide_period_end}) is before suicide_period_start "
                f"({self.suicide_period_start}); expected end >= start"
            )
        return self


NAMES: tuple[str, ...] = tuple(Params.model_fields)


def defaults() -> dict[str, Any]:
    """Every parameter's default value, as declared in :class:`Params`."""
    return Params().model_dump()


# ------------------------------------------------------------------------------------ declared ranges


def choices(name: str) -> tuple[Any, ...] | None:
    """The allowed values of a parameter with a fixed set of choices (None for a numeric range)."""
    annotation = Params.model_fields[name].annotation
    return get_args(annotation) if getattr(annotation, "__origin__", None) is Literal else None


def bounds(name: str) -> dict[str, float]:
    """A numeric parameter's declared bounds, as {'ge'|'gt'|'le'|'lt': value}."""
    out: dict[str, float] = {}
    for item in Params.model_fields[name].metadata:
        for op in ("ge", "gt", "le", "lt"):
            if getattr(item, op, None) is not None:
                out[op] = getattr(item, op)
    return out


def type_name(name: str) -> str:
    return "str" if choices(name) else Params.model_fields[name].annotation.__name__


def allowed(name: str) -> str:
    """The allowed values in words: 'latest or first', '1998 to 2025', 'over 0.5 and under 1'."""
    found = choices(name)
    if found:
        return " or ".join(str(c) for c in found)
    b = bounds(name)
    if "ge" in b and "le" in b:
        return f"{b['ge']} to {b['le']}"
    low = f"at least {b['ge']}" if "ge" in b else f"over {b['gt']}"
    high = f"at most {b['le']}" if "le" in b else f"under {b['lt']}"
    return f"{low} and {high}"


# ------------------------------------------------------------------------- derived texts and tables


def parameters_cell(names: tuple[str, ...] | list[str]) -> str:
    """The source of a notebook's ``parameters`` cell for these parameters (what papermill shows)."""
    lines = []
    for name in names:
        field = Params.model_fields[name]
        default = f'"{field.default}"' if isinstance(field.default, str) else repr(field.default)
        lines.append(f"{name}: {type_name(name)} = {default}  # {field.description} ({allowed(name)})")
    # one line per parameter, as papermill reads them: the formatter must not wrap the long help comments
    return "\n".join(["# fmt: off", *lines, "# fmt: on"]) if lines else ""


def defaults_yaml() -> str:
    """The text of ``params/default.yml``."""
    out = [
        "# Default value of every parameter, generated from src/analysis/params.py (where each parameter's",
        "# type, range, default and meaning are declared; `python -m analysis params` prints this file).",
        "# Override one:   python -m analysis build -p vintage first",
        "# Override many:  python -m analysis build --params my-params.yml   (or: make report PARAMS=my-params.yml)",
    ]
    for name in NAMES:
        field = Params.model_fields[name]
        out.append(f"\n# {field.description} ({allowed(name)})")
        out.append(f"{name}: {yaml.safe_dump(field.default).splitlines()[0]}")
    return "\n".join(out) + "\n"


def table(p: Params) -> list[dict[str, str]]:
    """The appendix's parameter table: one row per parameter, with this build's value."""
    return [
        {
            "Parameter": name,
            "Value": str(getattr(p, name)),
            "Default": str(field.default),
            "Allowed": allowed(name),
            "Meaning": field.description or "",
        }
        for name, field in Params.model_fields.items()
    ]


# --------------------------------------------------------------------------------------- validation


def _message(err: dict[str, Any], where: str) -> str:
    loc = ".".join(str(p) for p in err.get("loc", ()))
    prefix = f"{where}: " if where else ""
    if err["type"] == "extra_forbidden":
        known = ", ".join(NAMES)
        return f"{prefix}unknown parameter {loc!r} (known parameters: {known})"
    if err["type"] == "missing":
        return f"{prefix}parameter {loc!r} is missing"
    if not loc:  # a model-level rule such as start <= end
        return f"{prefix}inconsistent parameters: {err['msg'].removeprefix('Value error, ')}"
    return f"{prefix}parameter {loc!r}: {err['msg'].removeprefix('Value error, ')} (got {err.get('input')!r})"


def validate(values: dict[str, Any], where: str = "", fill_defaults: bool = True) -> Params:
    """Validate parameter values; missing names take their defaults.

    Raises ParameterError with one line naming the first offending parameter and what was expected.
    """
    merged = {**defaults(), **values} if fill_defaults else dict(values)
    try:
        return Params.model_validate(merged)
    except ValidationError as exc:
        raise ParameterError(_message(exc.errors()[0], where)) from None


def check(**values: Any) -> Params:
    """Validate the given values (the rest take their defaults): ``params.check(start_year=2005)``."""
    return validate(values, where="notebook parameters")


INJECTED_MARK = "# Parameters"  # papermill's injected cell starts with this comment


def injected_names(history: list[str]) -> list[str]:
    """The names papermill injected, read from the kernel's input history (IPython's ``_ih``)."""
    for source in reversed(history):
        if source.lstrip().startswith(INJECTED_MARK):
            tree = ast.parse(source)
            return [
                t.id
                for node in tree.body
                if isinstance(node, ast.Assign)
                for t in node.targets
                if isinstance(t, ast.Name)
            ]
    return []


def from_notebook(namespace: dict[str, Any]) -> Params:
    """Notebook entry point, the cell after the ``parameters`` cell: ``P = params.from_notebook(globals())``.

    The notebook's parameters are the names its ``parameters`` cell annotates; a name papermill injected
    that is not one of them (``-p suicide_perod_start 2017``) is an error, not a warning.
    """
    declared = [n for n in namespace.get("__annotations__", {}) if n in Params.model_fields]
    extra = [n for n in injected_names(list(namespace.get("_ih", []))) if n not in declared]
    if extra:
        known = (
            f"unknown parameter {extra[0]!r}"
            if extra[0] not in Params.model_fields
            else f"parameter {extra[0]!r} is not used by this notebook"
        )
        raise ParameterError(f"notebook parameters: {known} (this notebook's parameters: {', '.join(declared)})")
    return validate({n: namespace[n] for n in declared}, where="notebook parameters")


# ------------------------------------------------------------------------------------------- files


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML loader that rejects a mapping with the same key twice (PyYAML keeps the last silently)."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"parameter {key!r} is given twice (line {key_node.start_mark.line + 1})",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def parse_cli_value(raw: str) -> Any:
    """Type a ``-p NAME VALUE`` string as YAML does ('1998' -> 1998, '0.9' -> 0.9, 'first' -> 'first'), except
    that a number must be written plainly: YAML would read '0x7DA' and '2_010' as 2010, which no one
    means by a year, so they stay text (and are refused as the wrong type)."""
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw
    if isinstance(value, int | float) and not isinstance(value, bool) and not _PLAIN_NUMBER.fullmatch(raw.strip()):
        return raw
    return value


def load_file(path: str) -> dict[str, Any]:
    """Read a YAML file of parameter overrides; one clear line if it cannot be read or is not a mapping."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)
    except FileNotFoundError:
        raise ParameterError(f"parameter file {path} not found") from None
    except IsADirectoryError:
        raise ParameterError(f"parameter file {path} is a folder; expected a YAML file of name: value lines") from None
    except PermissionError:
        raise ParameterError(
            f"parameter file {path} cannot be read (permission denied); check its permissions"
        ) from None
    except yaml.constructor.ConstructorError as exc:
        raise ParameterError(f"parameter file {path}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"parameter file {path} is not valid YAML: {' '.join(str(exc).split())}") from None
    except UnicodeDecodeError as exc:
        raise ParameterError(f"parameter file {path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"parameter file {path}: expected a mapping of name: value, got {type(data).__name__}")
    return data
