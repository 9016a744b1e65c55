"""End-to-end: the real pipeline (papermill, nbconvert, xelatex) on the real data, in a temporary copy."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from analysis.build import dag
from conftest import copy_project, has_pdf_tools, run_cli, tree_hashes

pytestmark = pytest.mark.slow

SECTION_HEADINGS = ["Abstract", "1 Introduction", "2 Data and sources", "3 Arrivals", "4 Suicide", "5 OECD",
                    "6 Integration surveys", "7 Claim audit", "8 Limitations", "References",
                    "Appendix A: Methods", "Appendix B: Reproducibility"]


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
    from analysis.present.report import FIGURES, TABLES

    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) == len(FIGURES)
    for i in range(1, len(FIGURES) + 1):
        assert f"<strong>Figure {i}.</strong>" in html
    for i in range(1, len(TABLES) + 1):
        assert f"<strong>Table {i}.</strong>" in html
    assert "No description has been provided" not in html
    assert "highlight hl-python" not in html  # reader's edition: no code (code cells are syntax-highlighted)
    methods = (built / "reports" / "report-methods.html").read_text(encoding="utf-8")
    assert "highlight hl-python" in methods
    assert "P = params.check(" in re.sub(r"<[^>]+>", "", methods)  # the code itself, once tags are stripped


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
    urls = dict(zip(sources["source_id"], sources["url"]))
    assert all(u.startswith(("http://", "https://")) for u in urls.values())
    for table in ("arrivals", "escapee_suicide", "kostat", "oecd", "surveys", "claims"):
        ids = pd.read_csv(built / "data" / "processed" / f"{table}.csv", dtype=str)["source_id"]
        missing = set(ids) - set(urls)
        assert not missing, (table, missing)


def test_noop_rebuild_starts_no_kernel(built, tmp_path):
    project = copy_project(tmp_path / "p", with_outputs=built)
    before = tree_hashes(project, "reports", "data/processed")
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("up to date")
    assert "Kernel" not in result.stderr
    assert tree_hashes(project, "reports", "data/processed") == before


def test_changed_parameter_reruns_only_downstream(built, tmp_path):
    project = copy_project(tmp_path / "p", with_outputs=built)
    result = run_cli(project, "build", "-p", "start_year", "2005")
    assert result.returncode == 0, result.stderr
    ran = re.search(r"ran \d+ notebook\(s\) \(([^)]*)\)", result.stdout)[1].split(", ")
    assert sorted(ran) == ["appendix", "arrivals"]
    # the figure changed with the parameter, and the tables it does not touch did not
    assert "2005-2025" in (project / "reports" / "report.html").read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(built, tmp_path):
    project = copy_project(tmp_path / "again")
    result = run_cli(project, "build", "--require-pdf" if has_pdf_tools() else "--no-pdf")
    assert result.returncode == 0, result.stderr[-2000:]
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
    abstract = json.loads((built / "data" / "processed" / "results_introduction.json").read_text())
    for number in abstract["key_numbers"]:
        assert number in flat, number
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # 'emb' column
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    images = [ln.split() for ln in listing.splitlines()[2:]]
    from analysis.present.report import FIGURES

    main_images = [row for row in images if row[2] == "image"]  # not the soft masks of transparent PNGs
    assert len(main_images) == len(FIGURES)
    assert all(int(row[3]) >= 1000 for row in main_images)  # width in pixels: sharp at A4 text width
    for i in range(1, len(FIGURES) + 1):
        assert f"Figure {i}." in flat
