"""The report's parameters: names, types, ranges and meaning, validated before any notebook runs.

Defaults live in ``params/default.yml`` (one file). The build validates the merged parameters here, and
every notebook validates its own again in the cell after its ``parameters`` cell, so a notebook run by
papermill or in JupyterLab fails just as clearly. Papermill itself never checks types.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from analysis import paths
from analysis.errors import ParameterError

FIRST_DATA_YEAR = 1998
LAST_DATA_YEAR = 2025


class Params(BaseModel):
    """Every parameter of the report. Field descriptions are the help text shown to users."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    vintage: Literal["latest", "first"] = Field(
        description="which published figure to adopt where a source revised it: the latest revision or "
        "the first-published (provisional) figure"
    )
    start_year: int = Field(
        ge=FIRST_DATA_YEAR, le=LAST_DATA_YEAR, description="first year shown in the arrivals charts"
    )
    counts_series: Literal["wi_sung_lac_2024", "hong_ki_won_2024"] = Field(
        description="which lawmaker's published escapee suicide counts to use for 2020-2022, where the two "
        "disagree (Wi: MOIS resident registration; Hong: source not named)"
    )
    suicide_period_start: int = Field(
        ge=2006, le=LAST_DATA_YEAR, description="first year of the pooled period for count-based suicide rates"
    )
    suicide_period_end: int = Field(
        ge=2006, le=LAST_DATA_YEAR, description="last year of the pooled period for count-based suicide rates"
    )
    denominator: Literal["midyear_cumulative", "yearend_cumulative"] = Field(
        description="person-years at risk from MOU cumulative arrivals: mean of the cumulative totals at the "
        "start and end of each year, or the end-of-year total"
    )
    oecd_first_year: int = Field(
        ge=2000, le=LAST_DATA_YEAR, description="first data year shown in the OECD comparison chart"
    )
    confidence_level: float = Field(gt=0.5, lt=1.0, description="confidence level of every interval")
    ratio_tolerance: float = Field(
        gt=0.0, lt=1.0, description="claim audit: relative tolerance for 'around N' (0.25: a hundred means 75-125)"
    )
    share_tolerance_pp: float = Field(
        gt=0.0, le=20.0, description="claim audit: tolerance in percentage points for 'around N percent'"
    )

    @model_validator(mode="after")
    def _period_in_order(self) -> Params:
        if self.suicide_period_end < self.suicide_period_start:
            raise ValueError(
                f"suicide_period_end ({self.suicide_period_end}) is before suicide_period_start "
                f"({self.suicide_period_start}); expected end >= start"
            )
        return self


@lru_cache(maxsize=1)
def defaults() -> dict[str, Any]:
    """The defaults from params/default.yml, validated."""
    with open(paths.PARAMS_FILE, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return validate(data, where=paths.rel(paths.PARAMS_FILE), fill_defaults=False).model_dump()


def _message(err: dict[str, Any], where: str) -> str:
    loc = ".".join(str(p) for p in err.get("loc", ()))
    prefix = f"{where}: " if where else ""
    if err["type"] == "extra_forbidden":
        known = ", ".join(Params.model_fields)
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
    """Notebook entry point: ``P = params.check(vintage=vintage, start_year=start_year)``."""
    return validate(values, where="notebook parameters")


def parse_cli_value(raw: str) -> Any:
    """Type a ``-p NAME VALUE`` string as YAML does ('1998' -> 1998, '0.9' -> 0.9, 'first' -> 'first')."""
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw


def load_file(path: str) -> dict[str, Any]:
    """Read a YAML file of parameter overrides; a clear error if it is missing or not a mapping."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except FileNotFoundError:
        raise ParameterError(f"parameter file {path} not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ParameterError(f"parameter file {path} is not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"parameter file {path}: expected a mapping of name: value, got {type(data).__name__}")
    return data
