"""Command line: ``python -m analysis build|params|rehash|bench|trace``.

Expected failures (bad parameters, changed or broken raw data, a notebook that raises, missing TeX when
the PDF is required) and operating-system faults (permissions, a missing file, a full disk) print one
line ``error: ...`` naming the parameter or file and what to do, and exit 2. SIGTERM is handled like
Ctrl-C: workers stopped, stage removed, outputs left as they were, exit 130.
"""

from __future__ import annotations

import argparse
import signal
import sys
from typing import Any

from analysis.errors import AnalysisError


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    from analysis import params

    values: dict[str, Any] = {}
    if args.params:
        values.update(params.load_file(args.params))
    for name, raw in args.param or []:
        if name in values and args.param and [n for n, _ in args.param].count(name) > 1:
            raise AnalysisError(f"parameter {name} given twice with -p; give it once")
        values[name] = params.parse_cli_value(raw)
    return values


def cmd_build(args: argparse.Namespace) -> int:
    from analysis import paths
    from analysis.build import pipeline

    pdf = "require" if args.require_pdf else "skip" if args.no_pdf else "auto"
    verbose = True if args.verbose else False if args.quiet else None
    summary = pipeline.build(_overrides(args), pdf=pdf, jobs=args.jobs, verbose=verbose, render=not args.no_render)
    paths.clear_scratch()  # notebooks run outside the build worked on a copy of what this build replaced
    if summary.up_to_date:
        print(f"up to date ({summary.seconds:.2f} s): nothing to rebuild")
    else:
        print(
            f"built in {summary.seconds:.1f} s: ran {len(summary.ran)} notebook(s)"
            f"{' (' + ', '.join(summary.ran) + ')' if summary.ran else ''}, "
            f"reused {len(summary.skipped)}; wrote {', '.join(summary.rendered) or 'no edition (--no-render)'}"
        )
    for note in summary.notes:
        print(f"note: {note}")
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    """Print params/default.yml as generated from the declarations in src/analysis/params.py; with
    --write, write it and regenerate every notebook's ``parameters`` cell (that cell only)."""
    from analysis import params, paths

    if not args.write:
        sys.stdout.write(params.defaults_yaml())
        return 0
    import nbformat

    from analysis.atomic import atomic_write_text
    from analysis.build import dag

    atomic_write_text(paths.PARAMS_FILE, params.defaults_yaml())
    for step in dag.STEPS:
        path = paths.ROOT / step.notebook
        nb = nbformat.read(path, as_version=4)
        cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        if len(cells) != 1:
            raise AnalysisError(f"{step.notebook}: expected one cell tagged 'parameters', found {len(cells)}")
        if cells[0].source != params.parameters_cell(step.params):
            cells[0].source = params.parameters_cell(step.params)
            nbformat.write(nb, path)
            print(f"rewrote the parameters cell of {step.notebook}")
    print(f"wrote {paths.rel(paths.PARAMS_FILE)}")
    return 0


def cmd_rehash(args: argparse.Namespace) -> int:
    """Maintainer command: record the current sha256 and size of every raw file in datapackage.json."""
    import json

    from analysis import paths
    from analysis.atomic import atomic_write_text
    from analysis.cleaning import rawdata
    from analysis.hashing import file_sha256

    pkg = rawdata.package()
    for res in pkg["resources"]:
        path = paths.RAW / res["path"]
        if not path.is_file():
            raise AnalysisError(
                f"{paths.rel(path)} is missing (listed in {paths.rel(rawdata.DESCRIPTOR)}); "
                "restore it (git checkout -- data/raw) or remove its resource from the descriptor"
            )
        res["hash"] = f"sha256:{file_sha256(path)}"
        res["bytes"] = path.stat().st_size
    atomic_write_text(rawdata.DESCRIPTOR, json.dumps(pkg, indent=2, ensure_ascii=False) + "\n")
    print(f"updated hashes of {len(pkg['resources'])} resources in {paths.rel(rawdata.DESCRIPTOR)}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from analysis import paths
    from analysis.build import bench

    paths.use_build_outputs()
    return bench.main(runs=args.runs)


def cmd_trace(args: argparse.Namespace) -> int:
    from analysis import paths
    from analysis.build import trace

    paths.use_build_outputs()
    return trace.main(args.key)


def cmd_diff(args: argparse.Namespace) -> int:
    from analysis import paths
    from analysis.build import diff

    paths.use_build_outputs()
    if args.robustness:
        sys.stdout.write(diff.robustness_markdown(diff.robustness(args.robustness)))
        return 0
    if not args.a or not args.b:
        raise AnalysisError("diff: give two sides (A B), or --robustness NAME ...")
    sys.stdout.write(diff.render(diff.diff(args.a, args.b), args.a, args.b, args.format))
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build data/processed/ and the report (only what is out of date)")
    b.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="override one parameter (repeatable); see params/default.yml",
    )
    b.add_argument("--params", metavar="FILE", help="YAML file of parameter overrides")
    pdf = b.add_mutually_exclusive_group()
    pdf.add_argument("--no-pdf", action="store_true", help="write the HTML editions only")
    pdf.add_argument("--require-pdf", action="store_true", help="fail if the PDF cannot be built")
    pdf.add_argument(
        "--no-render",
        action="store_true",
        help="run the notebooks only (tables, findings, figures), write no edition (what diff reads)",
    )
    b.add_argument("-j", "--jobs", type=int, default=None, help="parallel notebooks (default: cores)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    b.add_argument("-v", "--verbose", action="store_true", help="progress lines even when not on a terminal")
    b.set_defaults(func=cmd_build)
    d = sub.add_parser("params", help="print every parameter's default (the text of params/default.yml)")
    d.add_argument(
        "--write",
        action="store_true",
        help="write params/default.yml and every notebook's parameters cell from src/analysis/params.py",
    )
    d.set_defaults(func=cmd_params)
    r = sub.add_parser("rehash", help="maintainers: record raw files' sha256 in data/raw/datapackage.json")
    r.set_defaults(func=cmd_rehash)
    m = sub.add_parser("bench", help="measure build times; writes reports/benchmarks/")
    m.add_argument("--runs", type=int, default=3, help="runs per measurement (median reported)")
    m.set_defaults(func=cmd_bench)
    t = sub.add_parser(
        "trace", help="follow one number of the report to its sources (KEY as in the methods edition's tooltip)"
    )
    t.add_argument("key", help="the value's key, e.g. arrivals.peak_arrivals")
    t.set_defaults(func=cmd_trace)
    f = sub.add_parser(
        "diff",
        help="which findings, verdicts and conclusions changed between two builds",
        description="Each side is a built folder, a parameter file or NAME=VALUE[,NAME=VALUE] pairs (applied to this "
        "checkout), or a git revision; sides that need a build are built in a temporary copy.",
    )
    f.add_argument("a", nargs="?", help="the old side")
    f.add_argument("b", nargs="?", help="the new side")
    f.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    f.add_argument(
        "--robustness",
        nargs="+",
        metavar="NAME",
        help="for each alternative value of these choice parameters, the conclusions that change (Markdown)",
    )
    f.set_defaults(func=cmd_diff)
    return ap


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # unwinds exactly like Ctrl-C: workers stopped, stage removed


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.func(args)
    except AnalysisError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except OSError as exc:
        from analysis.build.transaction import describe_os_error

        print(f"error: {describe_os_error(exc)} (data/processed/ and reports/ were left as they were)", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader of our output went away (`trace KEY | head`): nothing more to say
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        from analysis.build import transaction

        state = {
            "installing": "the new data/processed/ and reports/ were being installed; the next build completes the move",
            "installed": "the new data/processed/ and reports/ were installed",
        }.get(transaction.PHASE, "data/processed/ and reports/ were left as they were")
        print(f"interrupted: {state}", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
