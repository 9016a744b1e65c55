"""Every number can be followed to its source: sentence, value, processed rows, raw rows, address."""

from __future__ import annotations

import csv
import re

import nbformat
import pytest

from analysis import paths
from analysis.build import trace
from analysis.core.values import PROVENANCE_MIME

pytestmark = pytest.mark.slow


@pytest.fixture
def in_built(built, monkeypatch):
    monkeypatch.setenv(paths.PROCESSED_ENV, str(built / "data" / "processed"))
    monkeypatch.setenv(paths.REPORTS_ENV, str(built / "reports"))
    return built


def _keys(built, notebook: str) -> list[str]:
    nb = nbformat.read(built / "reports" / "notebooks" / notebook, as_version=4)
    return [
        s["result"]["metadata"][PROVENANCE_MIME]["key"]
        for c in nb.cells
        if c.cell_type == "markdown"
        for s in c.metadata.get("user_expressions", [])
        if s["result"].get("metadata", {}).get(PROVENANCE_MIME, {}).get("key")
        and (
            s["result"]["metadata"][PROVENANCE_MIME].get("raw")
            or s["result"]["metadata"][PROVENANCE_MIME].get("sources")
        )
    ]


def test_peak_arrivals_chain_ends_at_the_raw_row_and_its_address(in_built):
    lines = trace.chain("arrivals.peak_arrivals")
    value = next(ln for ln in lines if ln.startswith("value"))
    sentence = next(ln for ln in lines if ln.startswith("sentence"))
    raw = [ln for ln in lines if ln.startswith("raw")]
    source = [ln for ln in lines if ln.startswith("source")]
    with open(paths.RAW / "arrivals.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["period"] == "2009"]
    adopted = max(rows, key=lambda r: int(r["vintage_seq"]))  # the latest vintage is the default rule
    printed = int(adopted["total"].replace(",", ""))
    assert f"{printed:,}" in value and f">>{printed:,}<<" in sentence
    assert len(raw) == 1 and f"source_id={adopted['source_id']}" in raw[0] and f"total={adopted['total']}" in raw[0]
    with open(paths.RAW / "sources.csv", encoding="utf-8", newline="") as fh:
        url = next(r["url"] for r in csv.DictReader(fh) if r["source_id"] == adopted["source_id"])
    assert source and source[0].endswith(url)


@pytest.mark.parametrize("notebook", ["00_introduction.ipynb", "20_arrivals.ipynb"])
def test_every_sourced_value_of_a_section_traces_without_a_missing_row(in_built, notebook):
    keys = _keys(in_built, notebook)
    assert keys, f"no value with provenance in {notebook}"
    for key in dict.fromkeys(keys):
        lines = trace.chain(key)
        assert not [ln for ln in lines if "NOT FOUND" in ln], (key, lines)


def test_most_numbers_in_the_html_prose_carry_provenance(built):
    html = (built / "reports" / "report.html").read_text(encoding="utf-8")
    spans = re.findall(r'<span class="value( has-provenance)?"[^>]*>([^<]*)', html)
    # cross-references ("Figure 3") are numbered labels, not computed numbers
    numeric = [
        (prov, text)
        for prov, text in spans
        if re.search(r"\d", text) and not re.fullmatch(r"(Figure|Table|Appendix) [0-9A-Z]+", text)
    ]
    with_provenance = sum(1 for prov, _ in numeric if prov)
    assert len(numeric) >= 60
    assert with_provenance / len(numeric) >= 0.8, f"{with_provenance} of {len(numeric)} numbers carry provenance"
