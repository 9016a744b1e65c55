"""End-to-end: the real pipeline (papermill, nbconvert, xelatex) on the real data, in a temporary copy."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
from conftest import ROOT, cli_env, copy_project, has_pdf_tools, run_cli, tree_hashes

from analysis.build import dag, forkserver
from analysis.present import typeset

pytestmark = pytest.mark.slow

SECTION_HEADINGS = [
    "Abstract",
    "1 Introduction",
    "2 Data and methods",
    "3 Arrivals",
    "4 Suicide",
    "5 OECD",
    "6 Integration surveys",
    "7 Claim audit",
    "8 Discussion",
    "9 Conclusion",
    "10 Limitations",
    "11 Declarations",
    "References",
    "Supplementary material",
    "Appendix A: Reproducibility",
]


def test_build_writes_every_product(built):
    reports = built / "reports"
    assert (reports / "report.html").stat().st_size > 100_000
    assert (reports / "report-methods.html").is_file()
    for step in dag.STEPS:
        assert (built / "reports" / "notebooks" / step.notebook.split("/")[-1]).is_file()
        for rel in step.outputs:
            assert (built / rel).is_file(), rel
    if has_pdf_tools():
        assert (reports / "report.pdf").read_bytes()[:5] == b"%PDF-"


def test_html_has_sections_figures_and_no_code(built):
    html = (built / "reports" / "report.html").read_text(encoding="utf-8")
    for heading in SECTION_HEADINGS:
        assert re.search(rf"<h[1-3][^>]*>{re.escape(heading)}", html), heading
    from analysis.core.numbering import numbered

    figures, tables = numbered("fig"), numbered("tab")
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) == len(figures)
    shown = re.findall(r"<strong>((?:Figure|Table) S?\d+)\.</strong>", html)
    # each figure and table once, in the order declared: the main text's, then the supplement's
    assert [s for s in shown if s.startswith("Figure")] == [f"Figure {n}" for n, _ in figures]
    assert [s for s in shown if s.startswith("Table")] == [f"Table {n}" for n, _ in tables]
    assert "No description has been provided" not in html
    assert "highlight hl-python" not in html  # reader's edition: no code (code cells are syntax-highlighted)
    methods = (built / "reports" / "report-methods.html").read_text(encoding="utf-8")
    assert "highlight hl-python" in methods
    # each report notebook's set-up cells (parameters, imports, the findings call) are folded
    setup = re.findall(r'<details class="setup-code">(.*?)</details>', methods, re.S)
    setup_code = [unescape(re.sub(r"<[^>]+>", "", s)) for s in setup]
    assert sum("params.from_notebook(globals())" in s for s in setup_code) == len(dag.REPORT) + len(dag.CLEANING)
    assert "P = params.from_notebook(globals())" in re.sub(
        r"<[^>]+>", "", methods
    )  # the code itself, once tags are stripped


def test_methods_edition_ends_with_the_cleaning_notebooks(built):
    """Appendix C of the methods edition: each cleaning notebook, its title a subsection, its code and tables."""
    import nbformat

    methods = (built / "reports" / "report-methods.html").read_text(encoding="utf-8")
    text = unescape(re.sub(r"<[^>]+>", "", methods))
    appendix = text.index("Appendix C: Data cleaning")
    titles = []
    for name in dag.CLEANING:
        nb = nbformat.read(ROOT / dag.by_name()[name].notebook, as_version=4)
        title = typeset.quotes(re.match(r"# (.+)", nb.cells[0].source)[1])  # as printed
        assert re.search(rf'<h3 id="[^"]*">{re.escape(title)}', methods), title
        titles.append(text.index(title, appendix))
        code = next(c.source for c in nb.cells if c.cell_type == "code" and "rawdata.read" in c.source)
        assert code.splitlines()[0] in text[appendix:], code  # its code, as written
    assert titles == sorted(titles)  # in the order declared
    assert "Appendix C: Data cleaning" not in (built / "reports" / "report.html").read_text(encoding="utf-8")


def test_html_loads_nothing_from_the_network(built):
    html = (built / "reports" / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=[\"']https?:", html)
    assert not re.search(r"<img[^>]+src=[\"']https?:", html)
    assert not re.search(r"@import|url\([\"']?https?:", html)


def test_executed_notebooks_carry_no_run_metadata(built):
    nb = json.loads((built / "reports" / "notebooks" / "30_suicide.ipynb").read_text())
    assert "papermill" not in nb["metadata"]
    assert all("execution" not in c["metadata"] and "papermill" not in c["metadata"] for c in nb["cells"])


def test_processed_tables_have_sidecars_with_input_hashes(built):
    for meta in (built / "data" / "processed").glob("*.meta.json"):
        info = json.loads(meta.read_text())
        assert info["inputs"] and all(len(h) == 64 for h in info["inputs"].values()), meta.name
        assert info["rows"] > 0


def test_source_ids_resolve_to_urls(built):
    import pandas as pd

    sources = pd.read_csv(built / "data" / "processed" / "sources.csv", dtype=str)
    urls = dict(zip(sources["source_id"], sources["url"], strict=False))
    assert all(u.startswith(("http://", "https://")) for u in urls.values())
    for table in ("arrivals", "escapee_suicide", "kostat", "oecd", "surveys", "claims"):
        ids = pd.read_csv(built / "data" / "processed" / f"{table}.csv", dtype=str)["source_id"]
        missing = set(ids) - set(urls)
        assert not missing, (table, missing)


def test_noop_rebuild_starts_no_kernel(built, tmp_path):
    project = copy_project(tmp_path / "p", with_outputs=built)
    before = tree_hashes(project, "reports", "data/processed")
    result = run_cli(project, "build", env={"PYTHONPROFILEIMPORTTIME": "1"})  # each import, on stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("up to date")
    assert "Kernel" not in result.stderr
    assert tree_hashes(project, "reports", "data/processed") == before
    imported = {
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time")
    }
    assert "analysis.build.citation" in imported  # the walk saw the build's imports
    for heavy in ("analysis.build.render", "nbconvert", "papermill", "pandas", "matplotlib"):
        assert heavy not in imported, heavy  # nothing to run or render: none of it is needed


def test_changed_parameter_reruns_only_downstream_and_going_back_comes_from_the_store(built, tmp_path):
    """Another start year reruns only what reads it (no store: what the change reruns is under test); back to the
    defaults, every step and the rendering come from the session's store, no kernel, and the outputs are byte
    for byte those of the cold build. The PDF of the other start year is not looked at: --no-pdf."""
    project = copy_project(tmp_path / "p", with_outputs=built)
    result = run_cli(project, "build", "-v", "--no-pdf", "-p", "start_year", "2005", store=False)
    assert result.returncode == 0, result.stderr
    ran = re.search(r"ran \d+ notebook\(s\) \(([^)]*)\)", result.stdout)[1].split(", ")
    assert sorted(ran) == ["appendix", "arrivals"]
    # -v: each step's time and CPU time, and each edition's (issue 18: where a build's time goes)
    arrivals = re.escape("notebooks/20_arrivals.ipynb")  # at whichever place its parallel wave finishes it
    took = r"in \d+\.\d s \((\d+\.\d) s CPU\)"
    ran = re.search(rf"^\[\d/\d\] ran {arrivals} {took}$", result.stderr, re.M)
    assert ran and float(ran[1]) > 0.5, result.stderr  # the kernel's CPU counted: its imports alone take more
    assert re.search(rf"reports/report\.html {took}", result.stderr), result.stderr
    # the figure changed with the parameter, and the tables it does not touch did not
    assert "2005-2025" in (project / "reports" / "report.html").read_text(encoding="utf-8")

    back = run_cli(project, "build", "-v")
    assert back.returncode == 0, back.stderr
    assert "ran 0 notebook(s)" in back.stdout and "Kernel" not in back.stderr
    assert "took notebooks/20_arrivals.ipynb from the store" in back.stderr
    assert "took the report from the store" in back.stderr
    subdirs = ("data/processed", "reports")
    assert tree_hashes(project, *subdirs) == tree_hashes(built, *subdirs)


def test_two_builds_are_byte_identical(built, tmp_path):
    """The shared build forked its kernels from the build's server (analysis.build.forkserver); this one launches
    each kernel as papermill would: the same bytes, so a fork changes nothing a notebook computes or shows."""
    project = copy_project(tmp_path / "again")
    pdf = "--require-pdf" if has_pdf_tools() else "--no-pdf"
    result = run_cli(project, "build", pdf, store=False, env={forkserver.ENV: "off"})
    assert result.returncode == 0, result.stderr[-2000:]

    def kernel_logs(root: Path) -> list[str]:  # each notebook's kernel writes its start-up lines there
        return [(root / ".build" / "logs" / f"{Path(s.notebook).stem}.log").read_text() for s in dag.STEPS]

    assert sum("kernel forked from the build's server" in log for log in kernel_logs(built)) >= len(dag.STEPS) // 2
    assert not any("kernel forked" in log for log in kernel_logs(project))
    subdirs = ("data/processed", "reports")
    first, second = tree_hashes(built, *subdirs), tree_hashes(project, *subdirs)
    assert first.keys() == second.keys()
    differing = [k for k in first if first[k] != second[k]]
    assert differing == []


@pytest.mark.skipif(not has_pdf_tools(), reason="xelatex/pandoc not installed (make system-deps)")
def test_pdf_sections_numbers_fonts_and_figures(built):
    pdf = built / "reports" / "report.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for heading in SECTION_HEADINGS:
        assert heading in flat, heading
    assert "??" not in text
    from analysis.findings.introduction import IntroductionFindings
    from analysis.findings.suicide import SuicideFindings

    processed = built / "data" / "processed"
    intro = IntroductionFindings.model_validate_json((processed / "findings_introduction.json").read_text())
    suicide = SuicideFindings.model_validate_json((processed / "findings_suicide.json").read_text())
    for number in intro.key_numbers(suicide):
        assert number in flat, number
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # 'emb' column
    from analysis.core.numbering import numbered

    # the figures are vector files (tests/e2e/test_report_quality.py: no raster image, their words as text)
    for n, _ in numbered("fig"):
        assert f"Figure {n}." in flat
    # the tables' captions in their numbers' order: a landscape table waiting for its page is set before the next
    # table (S8 once came after S9)
    captions = re.findall(r"(?m)^\s*Table (S?\d+)\. [A-Z\u2018\u201c]", text)
    assert list(dict.fromkeys(captions)) == [str(n) for n, _ in numbered("tab")]


# ---- every documented choice builds (issue 12) ----------------------------------------------------------


def _boundary(name: str, end: str):
    """A parameter's lowest or highest allowed value, from its declaration (just inside an open bound)."""
    from analysis import params

    found = params.choices(name)
    if found:
        return found[0] if end == "low" else found[-1]
    b = params.bounds(name)
    step = 1 if params.type_name(name) == "int" else 0.001
    if end == "low":
        return b["ge"] if "ge" in b else round(b["gt"] + step, 3)
    return b["le"] if "le" in b else round(b["lt"] - step, 3)


def _boundary_set(end: str) -> list[str]:
    from analysis import params

    args = []
    for name in params.NAMES:
        args += ["-p", name, str(_boundary(name, end))]
    return args


@pytest.mark.parametrize("end", ["low", "high"])
def test_boundary_values_build(built, tmp_path, end):
    """Every parameter at its lowest (or highest) allowed value at once: the build succeeds, records exactly
    those values, and the report shows them (the period, the confidence level) with no unfilled value."""

    from analysis import params
    from analysis.core.wording import percent

    project = copy_project(tmp_path / "p", with_outputs=built)
    result = run_cli(project, "build", "--no-pdf", *_boundary_set(end))
    assert result.returncode == 0, result.stderr[-2000:]
    chosen = params.validate({name: _boundary(name, end) for name in params.NAMES})
    manifest = json.loads((project / "reports" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"] == chosen.model_dump()
    suicide = json.loads((project / "data" / "processed" / "findings_suicide.json").read_text(encoding="utf-8"))
    a, b = chosen.suicide_period_start, chosen.suicide_period_end
    assert suicide["period"]["text"] == (f"{a}" if a == b else f"{a}-{b}")
    assert suicide["level"]["text"] == percent(chosen.confidence_level)
    html = (project / "reports" / "report.html").read_text(encoding="utf-8")
    prose = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))
    assert "{eval}" not in prose and not re.search(r"\bnan\b", prose)
    assert f"{percent(chosen.confidence_level)} interval" in prose


def _readme_commands() -> list[list[str]]:
    import shlex
    import sys

    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"^((?:python -m analysis build|papermill --help-notebook)[^#\n]*)", text, flags=re.M)
    # and the commands written inline: running a notebook directly, tracing a value, printing the parameters
    inline = re.findall(r"`((?:papermill --engine myst|python -m analysis (?:trace|params))[^`]*)`", text)
    found += [c for c in inline if not re.search(r"\b[A-Z]{2,}\b", c)]  # not a placeholder such as KEY
    assert len(found) >= 6 and any("--engine myst" in f for f in found), found
    commands = []
    for line in found:
        words = shlex.split(line)
        head = [sys.executable, "-m", "analysis"] if words[0] == "python" else [sys.executable, "-m", "papermill"]
        commands.append(head + words[3 if words[0] == "python" else 1 :])
    return commands


def test_readme_examples_run(built, tmp_path):
    """Every `python -m analysis build ...` and `papermill --help-notebook ...` line of the README, and its inline
    `papermill --engine myst ...`, `python -m analysis trace ...` and `python -m analysis params` commands."""
    from analysis import params

    project = copy_project(tmp_path / "p", with_outputs=built)
    (project / "my-params.yml").write_text("start_year: 2010\n", encoding="utf-8")
    for command in _readme_commands():
        if command[3:4] == ["build"]:
            command = [*command, "--no-pdf"]  # nothing here reads the PDF, which the shared build's tests check
        result = subprocess.run(command, cwd=project, env=cli_env(project), capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, (command, result.stderr[-2000:])
        if "--help-notebook" in command:
            default = params.Params.model_fields["suicide_period_start"].default  # one declaration
            assert f"suicide_period_start: int (default {default})" in result.stdout


def test_editing_cli_or_bench_reruns_no_notebook(built, tmp_path):
    project = copy_project(tmp_path / "p", with_outputs=built)
    for name in ("cli.py", "bench.py"):
        with open(project / "src/analysis/build" / name, "a", encoding="utf-8") as fh:
            fh.write("\n# an edit\n")
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("up to date")


def test_build_with_its_work_folder_on_another_filesystem(built, tmp_path):
    """.build/ a link to /dev/shm (tmpfs): the stage is beside the destinations, so no cross-device move."""
    import os
    import shutil
    import tempfile

    shm = "/dev/shm"
    if not os.path.isdir(shm) or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second filesystem to put .build/ on")
    project = copy_project(tmp_path / "p", with_outputs=built)
    elsewhere = tempfile.mkdtemp(dir=shm)
    try:
        shutil.move(str(project / ".build"), elsewhere + "/build")
        (project / ".build").symlink_to(elsewhere + "/build")
        (project / ".build" / "reads" / "arrivals.txt").unlink()  # the build writes it again, through the link
        # a real build, its kernels reading and writing through .build/ (no store), of few notebooks
        result = run_cli(project, "build", "--no-pdf", "-v", "-p", "start_year", "2010", store=False)
        assert result.returncode == 0, result.stderr[-2000:]
        ran = re.search(r"ran \d+ notebook\(s\) \(([^)]*)\)", result.stdout)[1].split(", ")
        assert sorted(ran) == ["appendix", "arrivals"]
        assert json.loads((project / "reports/manifest.json").read_text())["parameters"]["start_year"] == 2010
        assert (project / ".build" / "reads" / "arrivals.txt").is_file()
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)


def test_manifest_and_stale_pdf(built, tmp_path):
    """A build without the PDF removes the old one and says so, one without any edition removes them all; the
    manifest records what is current."""
    project = copy_project(tmp_path / "p", with_outputs=built)
    manifest = json.loads((project / "reports/manifest.json").read_text())
    assert manifest["parameters"]["start_year"] == 2002
    assert manifest["files"]["data/processed/arrivals.csv"]["step"] == "clean_arrivals"
    assert manifest["files"]["data/processed/arrivals.csv"]["parameters"] == {"vintage": "latest"}
    result = run_cli(project, "build", "--no-pdf", "-p", "start_year", "2010")
    assert result.returncode == 0, result.stderr[-2000:]
    assert not (project / "reports/report.pdf").exists()
    if has_pdf_tools():
        assert "removed the old reports/report.pdf" in result.stdout
    manifest = json.loads((project / "reports/manifest.json").read_text())
    assert manifest["editions"]["reports/report.pdf"] == "not built (--no-pdf)"
    assert manifest["editions"]["reports/report.html"] == "current"
    assert manifest["files"]["reports/notebooks/20_arrivals.ipynb"]["parameters"] == {"start_year": 2010}
    for rel, info in manifest["files"].items():
        assert info["sha256"] == hashlib.sha256((project / rel).read_bytes()).hexdigest(), rel

    # --no-render (what `diff` builds): back to the defaults, the notebooks' outputs only; the old editions, which
    # would contradict them, removed and said so; then a full build writes them again (both from the store)
    result = run_cli(project, "build", "--no-render")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "wrote no edition (--no-render)" in result.stdout
    assert "removed the old reports/report-methods.html, reports/report.html" in result.stdout
    assert not [p for p in (project / "reports").glob("report*.*")]
    manifest = json.loads((project / "reports/manifest.json").read_text())
    assert set(manifest["editions"].values()) == {"not built (--no-render)"} and len(manifest["editions"]) == 3
    assert manifest["parameters"]["start_year"] == 2002
    assert tree_hashes(project, "data/processed") == tree_hashes(built, "data/processed")
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr[-2000:]
    assert tree_hashes(project, "data/processed", "reports") == tree_hashes(built, "data/processed", "reports")


def test_every_drawn_parameter_set_gives_every_sections_findings(built, tmp_path, monkeypatch):
    """Property (Hypothesis): whole parameter sets drawn from the declared ranges; every section's
    findings function computes (no kernels) on the processed tables of the built copy."""
    import importlib
    import pkgutil

    from hypothesis import HealthCheck, given, settings

    monkeypatch.syspath_prepend(str(ROOT / "tests" / "integration"))  # also when this file runs alone
    from test_params import parameter_sets

    import analysis.findings
    from analysis import params, paths

    modules = [
        importlib.import_module(f"analysis.findings.{m.name}") for m in pkgutil.iter_modules(analysis.findings.__path__)
    ]
    import inspect

    sections = [
        m
        for m in modules
        if callable(getattr(m, "findings", None)) and next(iter(inspect.signature(m.findings).parameters), None) == "P"
    ]
    assert {m.__name__.rsplit(".", 1)[1] for m in sections} >= {"arrivals", "suicide", "oecd", "appendix"}
    project = copy_project(tmp_path / "p", with_outputs=built)  # whatever a findings function writes
    monkeypatch.setenv(paths.PROCESSED_ENV, str(project / "data" / "processed"))
    monkeypatch.setenv(paths.REPORTS_ENV, str(project / "reports"))

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # examples: the profile (conftest)
    @given(parameter_sets())
    def every_section(values):
        p = params.validate(values)
        for module in sections:
            module.findings(p)

    every_section()
