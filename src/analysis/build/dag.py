"""The pipeline as a declared graph: each notebook's parameters, inputs and outputs.

Inputs are raw files (``data/raw/...``, and ``CITATION.cff`` for the declarations) or processed files
(``data/processed/...``); a step depends on
the steps that produce its processed inputs. The build derives the execution order, the parallel
waves, and what to rerun when something changes from this table alone. ``REPORT`` is the order in which
the executed notebooks form the one report (which is not the execution order: the introduction's
abstract quotes results computed later).
"""

from __future__ import annotations

from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path

from analysis.errors import BuildError
from analysis.params import Params

ALL_PARAMS: tuple[str, ...] = tuple(Params.model_fields)


@dataclass(frozen=True)
class Step:
    name: str
    notebook: str  # relative to the project root
    params: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    code_version: bool = False  # the notebook prints the git commit: rerun it when the commit changes


def _raw(*names: str) -> tuple[str, ...]:
    return tuple(f"data/raw/{n}.csv" for n in names)


def _processed(*names: str) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        out += [f"data/processed/{n}.csv", f"data/processed/{n}.meta.json"]
    return tuple(out)


def _figures(*keys: str) -> tuple[str, ...]:
    """The files ``report.figure`` writes for each figure the notebook draws (keys as in core/numbering.py)."""
    return tuple(f"reports/figures/{k}.{ext}" for k in keys for ext in ("png", "pdf", "csv"))


def _all_raw() -> tuple[str, ...]:
    """Every raw table the data package declares (by resource name)."""
    import json

    from analysis import paths

    try:
        descriptor = json.loads((paths.RAW / "datapackage.json").read_text(encoding="utf-8"))
        return tuple(Path(r["path"]).stem for r in descriptor["resources"])
    except (OSError, ValueError, KeyError, TypeError):
        return ()  # the build's own check of the data package reports what is wrong, in one line


def _findings(*steps: str) -> tuple[str, ...]:
    return tuple(f"data/processed/findings_{s}.json" for s in steps)


STEPS: tuple[Step, ...] = (
    # Cleaning: raw source tables -> tidy processed tables (not part of the report itself).
    Step(
        "clean_arrivals",
        "notebooks/10_clean_arrivals.ipynb",
        params=("vintage",),
        inputs=_raw("arrivals", "arrivals_cumulative"),
        outputs=_processed("arrivals", "arrivals_vintages", "arrivals_cumulative"),
    ),
    Step(
        "clean_mortality",
        "notebooks/11_clean_mortality.ipynb",
        params=("vintage",),
        inputs=_raw("escapee_suicide", "kostat_deaths", "oecd_suicide"),
        outputs=_processed("escapee_suicide", "kostat", "oecd"),
    ),
    Step(
        "clean_surveys",
        "notebooks/12_clean_surveys.ipynb",
        params=("vintage",),
        inputs=_raw("survey_hana", "survey_nkdb", "facts", "article_claims", "sources"),
        outputs=_processed("surveys", "facts", "claims", "sources"),
    ),
    # Analysis: the report's sections, in execution order.
    Step(
        "arrivals",
        "notebooks/20_arrivals.ipynb",
        params=("start_year",),
        inputs=_processed("arrivals", "arrivals_cumulative", "arrivals_vintages", "claims"),
        outputs=_findings("arrivals") + _figures("arrivals_by_sex", "women_share"),
    ),
    Step(
        "suicide",
        "notebooks/30_suicide.ipynb",
        params=(
            "counts_series",
            "suicide_period_start",
            "suicide_period_end",
            "denominator",
            "confidence_level",
            "ratio_tolerance",
        ),
        inputs=_processed("escapee_suicide", "kostat", "arrivals", "oecd")
        + _raw("arrivals_age", "residents", "context_suicide", "facts"),
        outputs=_findings("suicide") + _figures("suicide_estimates", "suicide_specification", "bias_diagram"),
    ),
    Step(
        "oecd",
        "notebooks/40_oecd.ipynb",
        params=("oecd_first_year",),
        inputs=_processed("oecd", "claims", "sources"),
        outputs=_findings("oecd") + _figures("oecd_korea"),
    ),
    Step(
        "surveys",
        "notebooks/50_surveys.ipynb",
        params=("confidence_level",),
        inputs=_processed("surveys", "claims", "sources"),
        outputs=_findings("surveys") + _figures("survey_labour", "survey_wellbeing"),
    ),
    Step(
        "claim_audit",
        "notebooks/60_claim_audit.ipynb",
        params=("ratio_tolerance", "share_tolerance_pp"),
        inputs=_processed("claims", "facts", "sources")
        + _findings("arrivals", "suicide", "oecd", "surveys")
        # the search for the same number elsewhere reads every raw table
        + _raw(*_all_raw())
        + ("data/raw/datapackage.json",),
        outputs=_findings("claim_audit"),
    ),
    # Front and back matter: written last, since the abstract quotes every section's results.
    Step(
        "introduction",
        "notebooks/00_introduction.ipynb",
        params=("confidence_level",),
        inputs=_processed("claims", "sources")
        + _findings("arrivals", "suicide", "oecd", "claim_audit")
        + ("data/raw/datapackage.json",),
        outputs=_findings("introduction"),
    ),
    Step(
        "discussion",
        "notebooks/70_discussion.ipynb",
        inputs=_findings("suicide", "claim_audit"),
        outputs=_findings("discussion"),
    ),
    Step(
        "appendix",
        "notebooks/90_appendix.ipynb",
        params=ALL_PARAMS,  # the reproducibility appendix prints every parameter used
        inputs=_processed("sources") + ("data/raw/datapackage.json", "CITATION.cff"),
        outputs=_findings("appendix"),
        code_version=True,
    ),
    Step(
        "gather",
        "notebooks/91_gather.ipynb",
        inputs=_raw("gather_checklist", "search_log") + ("data/raw/datapackage.json",),
        outputs=_findings("gather"),
    ),
)

# The report: these executed notebooks, in this order, form the one report.
REPORT: tuple[str, ...] = (
    "introduction",
    "arrivals",
    "suicide",
    "oecd",
    "surveys",
    "claim_audit",
    "discussion",
    "appendix",
    "gather",
)


# The cleaning notebooks, in this order: the methods edition shows them after the report, as an appendix.
CLEANING: tuple[str, ...] = ("clean_arrivals", "clean_mortality", "clean_surveys")


def by_name() -> dict[str, Step]:
    return {s.name: s for s in STEPS}


def producers() -> dict[str, str]:
    """Output path -> name of the step that writes it (each output has exactly one producer)."""
    out: dict[str, str] = {}
    for step in STEPS:
        for path in step.outputs:
            if path in out:
                raise BuildError(f"{path} is written by both {out[path]} and {step.name}")
            out[path] = step.name
    return out


def dependencies() -> dict[str, set[str]]:
    prod = producers()
    deps: dict[str, set[str]] = {}
    for step in STEPS:
        deps[step.name] = set()
        for path in step.inputs:
            if path.startswith("data/processed/"):
                if path not in prod:
                    raise BuildError(f"step {step.name} reads {path}, which no step produces")
                deps[step.name].add(prod[path])
    return deps


def order() -> list[str]:
    """A topological order of the steps (stable: ties keep declaration order)."""
    sorter = TopologicalSorter(dependencies())
    sorter.prepare()
    rank = {s.name: i for i, s in enumerate(STEPS)}
    result: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=rank.__getitem__)
        result += ready
        sorter.done(*ready)
    return result


def downstream(names: set[str]) -> set[str]:
    """The given steps and every step that depends on them, directly or not."""
    deps = dependencies()
    result = set(names)
    changed = True
    while changed:
        changed = False
        for step, ups in deps.items():
            if step not in result and ups & result:
                result.add(step)
                changed = True
    return result


def prior_cost(name: str) -> float:
    """A step's weight before any build has timed it (a fresh clone): one for the notebook, and one for each
    figure it draws, the costliest thing a notebook does (drawing it and saving it as PNG and as PDF, fonts
    embedded). Read from the outputs the step declares; a timed build replaces it with measured seconds."""
    figures = {o.rsplit(".", 1)[0] for o in by_name()[name].outputs if o.startswith("reports/figures/")}
    return 1.0 + len(figures)


def urgency(cost: dict[str, float] | None = None) -> dict[str, tuple[float, int, int]]:
    """Which ready step a free core takes first (the largest key): the longest chain of work from the step to the
    end of the build, each step weighing its ``cost`` (its CPU seconds in the last build that ran it; where none
    is known, :func:`prior_cost`), then how many steps wait for it, then declaration order. The critical path
    starts first (list scheduling by upward rank); the order changes when steps finish, never what they compute."""
    cost = cost or {}
    deps = dependencies()
    waiting = {name: downstream({name}) - {name} for name in deps}
    chain: dict[str, float] = {}
    for name in reversed(order()):  # every step that waits on ``name`` comes after it
        after = [chain[w] for w in waiting[name] if name in deps[w]]
        chain[name] = cost.get(name, prior_cost(name)) + max(after, default=0.0)
    declared = {s.name: -i for i, s in enumerate(STEPS)}
    return {name: (chain[name], len(waiting[name]), declared[name]) for name in deps}
