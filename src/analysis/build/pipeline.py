"""The build: validate parameters and raw data, execute the notebooks with papermill, render the report.

Incremental: each step's key hashes its notebook, its parameters, the files it reads and the package
code it imports (``codedeps``: the notebook's ``analysis`` imports, followed transitively, and the
kernel that runs it); a step whose key and outputs are unchanged is not run (no kernel starts), and a
build with nothing changed returns before anything heavy is imported. Parallel: steps run as soon as
their inputs are ready, on as many worker processes as there are cores. All or nothing: everything is
written to a stage beside the destinations and replaces ``data/processed/`` and ``reports/`` in one
journaled transaction (``transaction``), so a failed, interrupted or killed build leaves the last good
set whole. One build at a time per checkout (a lock). ``reports/manifest.json`` records, for every
output, its sha256, the parameters and the commit it was made with, and which editions are current.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import yaml

from analysis import params, paths
from analysis.build import clock, codedeps, dag, forkserver, lifetime, store, transaction
from analysis.cleaning import rawdata
from analysis.cleaning.provenance import source_date_epoch
from analysis.errors import BuildError
from analysis.hashing import file_sha256, value_sha256

STATE = transaction.STATE
FAILED = paths.BUILD / "failed"
EXECUTED = "notebooks"  # executed copies, under reports/
MANIFEST = "reports/manifest.json"
PDF = "reports/report.pdf"
NO_RENDER = "--no-render"  # the notebooks only, no edition: what `diff` needs
RENDERER = "analysis.build.render"


def code_keys() -> dict[str, str]:
    """Per step (and for the rendering, key 'render'): the hash of the package code it depends on."""
    known = codedeps.Known()  # each module found and read once for all the steps
    keys = {
        s.name: codedeps.code_key(codedeps.files_for_notebook(_real(s.notebook), known=known), known=known)
        for s in dag.STEPS
        if _real(s.notebook).is_file()
    }
    keys["render"] = codedeps.code_key(codedeps.closure({RENDERER}, known=known), known=known)
    return keys


def _real(rel: str) -> Path:
    return paths.ROOT / rel


def _staged(rel: str, stage: Path) -> Path:
    """Outputs (data/processed/, reports/) live in the stage during a build; every other input (data/raw/,
    CITATION.cff) is read where it is."""
    return stage / rel if rel.startswith(("data/processed/", "reports/")) else _real(rel)


def _hash_or_none(path: Path) -> str | None:
    return file_sha256(path) if path.is_file() else None


def step_key(step: dag.Step, p: params.Params, root: Callable[[str], Path], code: str) -> str:
    """What the step's result depends on: notebook, its parameters, its input files, the code."""
    if not _real(step.notebook).is_file():
        raise BuildError(f"{step.notebook} is missing (declared as step {step.name!r} in src/analysis/build/dag.py)")
    key = {
        "notebook": file_sha256(_real(step.notebook)),
        "params": {name: getattr(p, name) for name in step.params},
        "inputs": {rel: _hash_or_none(root(rel)) for rel in step.inputs},
        "code": code,
    }
    if step.code_version:
        from analysis.cleaning.provenance import code_version

        key["code_version"] = code_version()
    return value_sha256(key)


def executed_path(step: dag.Step) -> str:
    return f"reports/{EXECUTED}/{Path(step.notebook).name}"


def step_outputs(step: dag.Step) -> tuple[str, ...]:
    return step.outputs + (executed_path(step),)


_load_state = transaction.load_state


def _outputs_intact(recorded: dict[str, str], root: Callable[[str], Path] = _real) -> bool:
    """Every recorded output exists under ``root`` with its recorded hash (nothing recorded: not intact)."""
    return bool(recorded) and all(_hash_or_none(root(rel)) == digest for rel, digest in recorded.items())


@dataclass
class Progress:
    """One line per event on a terminal; quiet (only the summary) in CI logs or when asked."""

    total: int
    verbose: bool = field(default_factory=lambda: sys.stderr.isatty() and not os.environ.get("CI"))
    done: int = 0

    def say(self, message: str) -> None:
        if self.verbose:
            print(message, file=sys.stderr, flush=True)

    def step(self, message: str) -> None:
        self.done += 1
        self.say(f"[{self.done}/{self.total}] {message}")


# ----------------------------------------------------------------------------------------- execution


def normalise_executed(nb: Any) -> Any:
    """Remove what varies between runs (timings, papermill run metadata, the injected cell's random id)."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
        if cell.cell_type == "code":
            cell.execution_count = None
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = None
    return nb


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _cell_named(nb: Any, source: str) -> str:
    """The failed code cell as the reader finds it in the source notebook: its id and first line (papermill's
    cell index counts the injected parameters cell and the error banner it inserts, so the source is matched)."""
    cell_id = next((c.get("id") for c in nb.cells if c.cell_type == "code" and c.source == source), None)
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    first = first if len(first) <= 60 else first[:57] + "..."
    return f"code cell {cell_id} (`{first}`)" if cell_id else f"the code cell `{first}`"


MPLBACKEND = "module://matplotlib_inline.backend_inline"  # the kernels' matplotlib, unless the user chose one
KERNEL_START_TRIES = 3  # a kernel's port can be taken between its choice and its bind (jupyter_client's race)
KERNEL_START_SECONDS = 120  # papermill waits 60 s by default; four kernels starting on two busy cores can take longer


def _papermill(pm: Any, notebook: str, output: str, parameters: dict[str, Any]) -> Any:
    """papermill on one notebook; a kernel that died before it answered (its port taken by another kernel
    starting at the same moment: 'Address already in use' in the log), or did not answer within
    ``KERNEL_START_SECONDS`` (seen once with four kernels starting on two busy cores), is started again, at
    most ``KERNEL_START_TRIES`` times. Nothing of the notebook has run then, so a new start is the same run."""
    for attempt in range(1, KERNEL_START_TRIES + 1):
        try:
            return pm.execute_notebook(
                str(paths.ROOT / notebook),
                output,
                parameters=parameters,
                engine_name="myst",
                kernel_name="python3",
                cwd=str(paths.NOTEBOOKS),
                progress_bar=False,
                log_output=False,
                start_timeout=KERNEL_START_SECONDS,
            )
        except RuntimeError as exc:
            unstarted = ("Kernel died before replying to kernel_info", "Kernel didn't respond")
            if not any(m in str(exc) for m in unstarted) or attempt == KERNEL_START_TRIES:
                raise
    raise AssertionError("unreachable")


def run_notebook(notebook: str, output: str, parameters: dict[str, Any], env: dict[str, str]) -> str | None:
    """Worker: execute one notebook with papermill; return None on success or the error line."""
    import nbformat
    import papermill as pm

    os.environ.update(env)
    paths.reads_log(env.get(paths.STEP_ENV, "")).unlink(missing_ok=True)
    # The kernel inherits this process's stderr; its start-up chatter goes to a log, not the terminal.
    logs = paths.BUILD / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    fd = os.open(logs / f"{Path(notebook).stem}.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    os.close(fd)
    os.environ.setdefault("MPLBACKEND", MPLBACKEND)
    from analysis.build.kernel import ExpressionError

    try:
        nb = _papermill(pm, notebook, output, parameters)
        error = None
    except pm.PapermillExecutionError as exc:
        nb = nbformat.read(output, as_version=4)
        error = _one_line(f"{_cell_named(nb, exc.source)}: {exc.ename}: {exc.evalue}")
    except ExpressionError as exc:  # an inline expression of a Markdown cell failed
        if not Path(output).is_file():
            return str(exc)
        nb = nbformat.read(output, as_version=4)
        error = _one_line(exc)
    except OSError as exc:
        from analysis.build.transaction import describe_os_error

        return describe_os_error(exc, writing=Path(output))
    except Exception as exc:  # kernel died, cell timed out, notebook unreadable...
        log = paths.rel(logs / f"{Path(notebook).stem}.log")
        name = type(exc).__name__
        if name == "DeadKernelError":
            return f"the kernel died (out of memory, or killed); its log is {log}"
        if name == "CellTimeoutError":
            return f"a cell ran too long and was stopped ({_one_line(exc)[:160]}); its log is {log}"
        return _one_line(f"{name}: {exc}")[:500]
    try:
        nbformat.write(normalise_executed(nb), output)
    except OSError as exc:
        from analysis.build.transaction import describe_os_error

        return describe_os_error(exc, writing=Path(output))
    return error


@dataclass
class Summary:
    ran: list[str]
    skipped: list[str]
    rendered: list[str]
    seconds: float
    up_to_date: bool = False
    notes: list[str] = field(default_factory=list)  # editions not current, leftovers cleaned up...


def _render_key(p: params.Params, code: str, root: Callable[[str], Path], pdf: bool) -> str:
    from analysis.build import citation

    shown = dag.REPORT + dag.CLEANING
    inputs = {dag.by_name()[s].notebook: _hash_or_none(root(executed_path(dag.by_name()[s]))) for s in shown}
    templates = {
        str(f.relative_to(paths.ROOT)): file_sha256(f) for f in sorted(paths.TEMPLATES.rglob("*")) if f.is_file()
    }
    return value_sha256(
        {"inputs": inputs, "templates": templates, "code": code, "pdf": pdf, "meta": citation.metadata()}
    )


def _pdf_tools_missing() -> list[str]:
    return [tool for tool in ("xelatex", "pandoc") if shutil.which(tool) is None]


def build(
    overrides: dict[str, Any] | None = None,
    *,
    pdf: str = "auto",
    jobs: int | None = None,
    verbose: bool | None = None,
    render: bool = True,
) -> Summary:
    """Build everything that is out of date. ``pdf``: 'auto' (if TeX is there), 'require' or 'skip'. Without
    ``render`` only the notebooks run (tables, findings, figures, executed notebooks; what ``diff`` reads) and no
    edition is written: the old ones are removed, since they would contradict the new findings."""
    started = time.perf_counter()
    p = params.validate(overrides or {}, where="build parameters")
    with transaction.Lock():
        for note in transaction.recover():  # said at once: it holds even if this build then fails
            print(note, file=sys.stderr)
        return _build(p, pdf, jobs, verbose, started, render)


def _pdf_plan(pdf: str) -> tuple[bool, str]:
    """Whether this build writes the PDF ('auto', 'require' or 'skip'), and if not, why (for the manifest)."""
    missing = _pdf_tools_missing()
    if pdf == "require" and missing:
        raise BuildError(
            f"the PDF was required but {' and '.join(missing)} not found on PATH; install "
            "texlive-xetex texlive-fonts-recommended texlive-plain-generic pandoc "
            "(`make system-deps` does it with apt), or build without --require-pdf"
        )
    if pdf == "auto" and missing:
        print(
            f"note: {' and '.join(missing)} not found: writing the HTML report only. For the PDF install "
            "texlive-xetex texlive-fonts-recommended texlive-plain-generic pandoc (make system-deps).",
            file=sys.stderr,
        )
    make_pdf = pdf == "require" or (pdf == "auto" and not missing)
    return make_pdf, "--no-pdf" if pdf == "skip" else f"{' and '.join(missing)} not installed"


def _stale(order, state, steps, p, codes, make_pdf) -> dict[str, Any]:
    """The steps whose key or outputs changed against the real folders, and whether the render is stale."""
    stale = []
    for name in order:
        rec = state.get("steps", {}).get(name, {})
        key = step_key(steps[name], p, _real, codes.get(name, ""))
        if rec.get("key") != key or not _outputs_intact(rec.get("outputs", {})):
            stale.append(name)
    rec = state.get("render", {})
    render = (
        bool(stale)
        or rec.get("key") != _render_key(p, codes["render"], _real, make_pdf)
        or not _outputs_intact(rec.get("outputs", {}))
    )
    return {"steps": stale, "render": render}


def _render(stage, staged, new_state, p, codes, make_pdf, why_no_pdf, env, jobs, progress, notes) -> list[str]:
    """Render the editions in the stage and record them in the new state."""
    from analysis.build import render

    key = _render_key(p, codes["render"], staged, make_pdf)
    rendered = render.outputs(make_pdf)
    if store.fetch("render", key, rendered, staged, [render.XELATEX_LOG]):
        progress.step("took the report from the store (same executed notebooks, templates and code)")
    else:
        progress.say(f"[{progress.done + 1}/{progress.total}] rendering the report")
        took: dict[str, tuple[float, float]] = {}
        rendered = render.render_all(stage, make_pdf=make_pdf, env=env, jobs=jobs, timings=took)
        store.put("render", key, rendered, staged, [render.XELATEX_LOG] if make_pdf else [])
        progress.done += 1
        progress.say("    " + ", ".join(f"{rel} in {clock.took(*t)}" for rel, t in sorted(took.items())))
    if not make_pdf and staged(PDF).exists():
        staged(PDF).unlink()  # an old PDF would contradict the new HTML
        notes.append(f"removed the old {PDF}: the PDF was not built this time ({why_no_pdf})")
    new_state["render"] = {
        "key": key,
        "outputs": {rel: file_sha256(staged(rel)) for rel in rendered},
        "params": p.model_dump(),
    }
    return rendered


def _build(
    p: params.Params, pdf: str, jobs: int | None, verbose: bool | None, started: float, render: bool = True
) -> Summary:
    raw_hashes = rawdata.verify_hashes()
    codes = code_keys()
    state = _load_state()
    steps = dag.by_name()
    order = dag.order()

    make_pdf, why_no_pdf = _pdf_plan(pdf) if render else (False, NO_RENDER)
    stale = _stale(order, state, steps, p, codes, make_pdf)
    if not stale["steps"] and not (render and stale["render"]):
        return Summary([], order, [], time.perf_counter() - started, up_to_date=True)

    transaction.check_writable()  # before any notebook runs
    rows = _check_rows(state.get("raw_validated") != raw_hashes)

    to_run = dag.downstream(set(stale["steps"]))
    progress = Progress(total=len(to_run) + render)
    if verbose is not None:
        progress.verbose = verbose
    token = f"{os.getpid()}"
    stage_area = transaction.Stage(token)
    stage = stage_area.root
    env = {
        paths.PROCESSED_ENV: str(stage / "data/processed"),
        paths.REPORTS_ENV: str(stage / "reports"),
        "SOURCE_DATE_EPOCH": source_date_epoch(),
        "PYTHONHASHSEED": "0",
    }
    staged = lambda rel: _staged(rel, stage)  # noqa: E731
    new_state: dict[str, Any] = {"steps": dict(state.get("steps", {})), "raw_validated": raw_hashes}
    ran: list[str] = []
    notes: list[str] = []
    committed = False
    server = forkserver.start({"MPLBACKEND": MPLBACKEND, **os.environ, **env})  # the kernels' environment
    if server is not None:
        env[forkserver.ENV] = server[1]
    try:
        stage_area.create()
        (stage / "reports" / EXECUTED).mkdir(parents=True, exist_ok=True)
        try:
            _execute(order, to_run, steps, p, codes, staged, env, new_state, ran, progress, jobs, rows)
        except BuildError:
            rows.result()  # a bad raw row explains a failed notebook better than its own error does: said first
            raise
        rows.result()
        forkserver.stop(server)  # no kernel is left to ask for one: its memory is free for the rendering
        if render:
            rendered = _render(stage, staged, new_state, p, codes, make_pdf, why_no_pdf, env, jobs, progress, notes)
        else:
            rendered = _unrendered(staged, new_state, notes)
        _write_manifest(stage, new_state, p, make_pdf, why_no_pdf)
        stage_area.commit(new_state)
        committed = True
    finally:
        _clean_up(server, stage_area, committed, notes)
    skipped = [s for s in order if s not in ran]
    return Summary(ran, skipped, rendered, time.perf_counter() - started, notes=notes)


def _clean_up(server: Any, stage_area: transaction.Stage, committed: bool, notes: list[str]) -> None:
    """The build's end, however it ends: its kernel server and every kernel stopped, then its stage removed."""
    with lifetime.deferred(signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C waits for the clean-up
        forkserver.stop(server)  # every kernel of the build has ended: none can write into the stage now
        # (without a server, after a failure, a kernel can still finish a write for a moment)
        removed = stage_area.remove(settle=1.5 if server is None and not committed else 0.0)
    if not removed and committed:
        notes.append(f"the stage {paths.rel(stage_area.root)} could not be removed; remove it by hand")


def _check_rows(needed: bool) -> Future:
    """The raw tables' rows validated (Frictionless: types, constraints, keys) beside the first notebooks, in a
    thread (its result, or its error, read before anything is rendered); a done future if they were validated
    in an earlier build with the same hashes. Nothing a notebook computes is kept unless they pass."""
    if not needed:
        done: Future = Future()
        done.set_result(None)
        return done
    from concurrent.futures import ThreadPoolExecutor

    checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="raw-rows")
    rows = checker.submit(rawdata.validate_rows)
    checker.shutdown(wait=False)  # the thread ends with its one task
    return rows


def _unrendered(staged: Callable[[str], Path], new_state: dict[str, Any], notes: list[str]) -> list[str]:
    """A build without the editions: the old ones are removed (they would contradict the new findings)."""
    from analysis.build import render

    removed = [rel for rel in render.outputs(True) if staged(rel).exists()]
    for rel in removed:
        staged(rel).unlink()
    if removed:
        notes.append(f"removed the old {', '.join(removed)}: no edition was written this time ({NO_RENDER})")
    new_state.pop("render", None)
    return []


def made_with(record: dict[str, Any], current: str) -> str:
    """The commit a step's outputs are attributed to. A step kept from an earlier build ran the code that
    its key hashes, which is the current code; so an earlier '+modified' label (a work tree with changes
    then) gives way to the current commit: the outputs are what the current tree's code makes."""
    recorded = str(record.get("commit", current))
    return current if recorded.endswith("+modified") else recorded


def _write_manifest(stage: Path, state: dict[str, Any], p: params.Params, make_pdf: bool, why_no_pdf: str) -> None:
    """reports/manifest.json: every output's sha256, parameters and commit; which editions are current."""
    from analysis.cleaning.provenance import code_version
    from analysis.io import write_json

    commit = code_version()
    made_by: dict[str, dict[str, Any]] = {}
    for name, rec in state["steps"].items():
        if name in dag.by_name():
            for rel in rec.get("outputs", {}):
                made_by[rel] = {"step": name, "parameters": rec.get("params", {}), "commit": made_with(rec, commit)}
    rendered = state.get("render", {"outputs": {}})
    for rel in rendered["outputs"]:
        made_by[rel] = {"step": "render", "parameters": rendered["params"], "commit": commit}
    files = {}
    for sub in transaction.DESTINATIONS:
        for f in sorted((stage / sub).rglob("*")):
            rel = str(f.relative_to(stage))
            if f.is_file() and rel != MANIFEST:
                files[rel] = {"sha256": file_sha256(f), **made_by.get(rel, {})}
    editions = {rel: "current" for rel in rendered["outputs"]}
    if not rendered["outputs"]:
        from analysis.build import render

        editions = {rel: f"not built ({NO_RENDER})" for rel in render.outputs(True)}
    elif not make_pdf:
        editions[PDF] = f"not built ({why_no_pdf})"
    with open(paths.ROOT / "CITATION.cff", encoding="utf-8") as fh:
        version = str(yaml.safe_load(fh)["version"])
    manifest = {"version": version, "commit": commit, "parameters": p.model_dump(), "editions": editions}
    write_json(stage / MANIFEST, {**manifest, "files": files})


def _ready(name, step, p, codes, staged, new_state, to_run) -> str | None:
    """The step's key if it must run now; None when its recorded outputs are still good (not in ``to_run``,
    or upstream reran but produced identical inputs: early cut-off)."""
    key = step_key(step, p, staged, codes[name])
    rec = new_state["steps"].get(name, {})
    if rec.get("key") == key and (name not in to_run or _outputs_intact(rec.get("outputs", {}), staged)):
        return None
    return key


def _finished(name, step, error, staged, new_state) -> None:
    """Check a worker's result: the error as one line (the failed copy kept), or every declared output written."""
    if error:
        kept = _keep_failed(staged(executed_path(step)))
        raise BuildError(
            f"notebook {step.notebook} failed: {error}"
            + (f" (executed copy kept at {paths.rel(kept)})" if kept else "")
        )
    missing = [rel for rel in step.outputs if not staged(rel).is_file()]
    if missing:
        raise BuildError(f"notebook {step.notebook} ran but did not write {', '.join(missing)}")
    new_state["steps"][name]["outputs"] = {rel: file_sha256(staged(rel)) for rel in step_outputs(step)}


@dataclass
class _Run:
    """What starting a step needs: the build's steps, parameters, code keys, stage, environment and records."""

    steps: dict[str, dag.Step]
    p: params.Params
    codes: dict[str, str]
    staged: Callable[[str], Path]
    env: dict[str, str]
    new_state: dict[str, Any]
    progress: Progress
    to_run: set[str]
    commit: str

    def start(self, name: str, pool: ProcessPoolExecutor, full: bool) -> Future | bool:
        """Start step ``name``: True when it is done at once (its outputs are still good, or taken from the
        store), its future when submitted to the pool, False when it must run but every worker is busy."""
        step = self.steps[name]
        key = _ready(name, step, self.p, self.codes, self.staged, self.new_state, self.to_run)
        if key is None:
            self.progress.total -= name in self.to_run  # its inputs came out unchanged: nothing to run after all
            return True
        step_params = {n: getattr(self.p, n) for n in step.params}
        record = {"key": key, "params": step_params, "commit": self.commit}
        if store.fetch(name, key, step_outputs(step), self.staged, [_reads(name)]):  # built before, by any build
            self.new_state["steps"][name] = record
            _finished(name, step, None, self.staged, self.new_state)
            self.progress.step(f"took {step.notebook} from the store (same notebook, inputs, parameters, code)")
            return True
        if full:
            return False
        out = self.staged(executed_path(step))
        out.unlink(missing_ok=True)  # a failure must keep the failed copy, never the last good one
        declared = {paths.STEP_ENV: name, paths.STEP_INPUTS_ENV: json.dumps(list(step.inputs))}
        job = (run_notebook, step.notebook, str(out), step_params, {**self.env, **declared})
        self.new_state["steps"][name] = record
        return pool.submit(clock.timed, *job)  # its own time, in the worker: no queueing


def _execute(order, to_run, steps, p, codes, staged, env, new_state, ran, progress, jobs, rows: Future) -> None:
    """Run the out-of-date steps, each as soon as its dependencies are done, in parallel: of the ready steps the
    most urgent first (``dag.urgency``, weighed by each step's CPU seconds in the last build), as many as there
    are workers; a step queued in the pool could not be overtaken by a more urgent one that becomes ready later.
    A bad raw row (``rows``, checked beside the first steps) stops the build as soon as it is found."""
    from analysis.cleaning.provenance import code_version

    deps = dag.dependencies()
    known = {n: rec["cpu"] for n, rec in new_state["steps"].items() if isinstance(rec.get("cpu"), int | float)}
    urgency = dag.urgency(known)
    run = _Run(steps, p, codes, staged, env, new_state, progress, to_run, code_version())
    pending, done = list(order), set()
    workers = max(1, min(jobs or os.cpu_count() or 1, len(to_run)))
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=lifetime.worker_init,
        initargs=(os.getpid(),),
    )
    try:
        running: dict[Future, str] = {}
        while pending or running:
            for name in sorted((n for n in pending if deps[n] <= done), key=urgency.__getitem__, reverse=True):
                started = run.start(name, pool, full=len(running) >= workers)
                if started is False:
                    continue
                pending.remove(name)
                if started is True:
                    done.add(name)
                else:
                    running[started] = name
            if not running:
                continue
            finished, _ = wait({*running, *([] if rows.done() else [rows])}, return_when=FIRST_COMPLETED)
            if rows.done():
                rows.result()  # a bad raw row: nothing a notebook computes would be kept, so stop now
            for fut in finished & running.keys():
                name = running.pop(fut)
                error, seconds, cpu = fut.result()
                _finished(name, steps[name], error, staged, new_state)
                new_state["steps"][name]["cpu"] = round(cpu, 2)  # the next build's estimate of its cost
                store.put(name, new_state["steps"][name]["key"], step_outputs(steps[name]), staged, [_reads(name)])
                ran.append(name)
                done.add(name)
                progress.step(f"ran {steps[name].notebook} in {clock.took(seconds, cpu)}")
    except BaseException:
        # a failure, Ctrl-C or SIGTERM: stop every worker now (their kernels follow their parent); SIGKILL, since
        # nbclient catches SIGTERM while a notebook runs (analysis.build.lifetime)
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.kill()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _reads(step: str) -> str:
    return paths.rel(paths.reads_log(step))


def _keep_failed(executed: Path) -> Path | None:
    FAILED.mkdir(parents=True, exist_ok=True)
    kept = FAILED / executed.name
    kept.unlink(missing_ok=True)  # never leave an older copy that could be taken for this failure
    if not executed.is_file():
        return None
    shutil.copy2(executed, kept)
    return kept
