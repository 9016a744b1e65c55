"""Every number can be followed to its source: sentence, value, processed rows, raw rows, address."""

from __future__ import annotations

import csv
import re

import pytest

from analysis import paths
from analysis.build import trace

pytestmark = pytest.mark.slow
EDITIONS = ("report.html", "report-methods.html")


@pytest.fixture
def in_built(built, monkeypatch):
    monkeypatch.setenv(paths.PROCESSED_ENV, str(built / "data" / "processed"))
    monkeypatch.setenv(paths.REPORTS_ENV, str(built / "reports"))
    return built


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


def test_every_key_in_the_html_tooltips_traces_to_its_sentence_rows_and_sources(in_built):
    """`trace` works for every key a reader finds in a tooltip: the sentence is found, every processed and raw
    row the value names is found, and every source it names resolves to an address."""
    html = (in_built / "reports" / "report.html").read_text(encoding="utf-8")
    keys = list(dict.fromkeys(re.findall(r'data-key="([^"]+)"', html)))
    assert len(keys) >= 100, f"only {len(keys)} keys in the tooltips"
    for key in keys:
        value = trace.find_value(key)
        lines = trace.chain(key)
        assert not [ln for ln in lines if "NOT FOUND" in ln or "NOT DECLARED" in ln], (key, lines)
        assert any(ln.startswith("sentence") for ln in lines), (key, "the sentence that shows it was not found")
        assert sum(ln.startswith("source") for ln in lines) == len(value.sources), (key, lines)
        if value.raw:
            assert any(ln.startswith("raw") for ln in lines), (key, lines)


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


ROW_REFERENCE = re.compile(r"\b[a-z][a-z_]+/[A-Za-z0-9]")  # escapee_suicide/E01, surveys/row_id=H104, data/raw/...
TECHNICAL = re.compile(r"\btrace\b|python|\.py\b|\.csv\b")


def test_reader_tooltips_speak_in_words_and_only_numbers_are_underlined(built):
    """Issue 20: in the reader's edition a tooltip names its sources in words, linked to the references, with no
    row id, file name or command; the methods edition keeps the trace. Underlined anchors are numbers only."""
    from bs4 import BeautifulSoup

    from analysis.core.values import is_figure

    pages = {e: BeautifulSoup((built / "reports" / e).read_text("utf-8"), "html.parser") for e in EDITIONS}
    reader, methods = (pages[e].select("span.provenance") for e in EDITIONS)
    technical = [t.get_text(" ") for t in reader if ROW_REFERENCE.search(t.get_text(" ")) or TECHNICAL.search(t.text)]
    assert len(reader) >= 300 and technical == [], technical[:5]
    linked = [t for t in reader if t.select('a[href^="#source-"]')]
    assert len(linked) >= 0.8 * len(reader)
    ids = {t["id"] for t in pages[EDITIONS[0]].select("[id]")}
    assert all(a["href"][1:] in ids for t in reader for a in t.select("a"))
    assert all("Trace: " in t.get_text(" ") for t in methods)  # the rows; and for a keyed value the command
    assert sum("python -m analysis trace" in t.get_text(" ") for t in methods) >= 0.8 * len(methods)
    soup = pages[EDITIONS[0]]
    numbers = [s.find(string=True, recursive=False) or "" for s in soup.select("span.value.has-provenance")]
    words = [s.find(string=True, recursive=False) or "" for s in soup.select("span.value.words")]
    assert numbers and all(is_figure(n) for n in numbers), [n for n in numbers if not is_figure(n)][:5]
    assert words and not any(is_figure(w) for w in words)
    assert all(
        s.select_one("span.source-note[tabindex='0'] > span.provenance") for s in soup.select("span.value.words")
    )
