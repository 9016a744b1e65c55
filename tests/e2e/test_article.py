"""The report in article form (issue 20): a structured abstract of at most 300 words with a key-findings box,
a main text of at most 8,000 words, and the detail in a supplement after the References whose tables are
numbered S1, S2, ... .

Words are counted in the reader's edition as a journal counts them: the prose of paragraphs and list items,
not tables, figures, captions, formulas, code or the tooltips that say where a number comes from.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import has_pdf_tools

ABSTRACT_MAX_WORDS = 300
MAIN_TEXT_MAX_WORDS = 8000
ABSTRACT_PARTS = ("Background.", "Methods.", "Results.", "Conclusions.")


NOT_PROSE = "table, figure, pre, code, math, script, style, .provenance, .visually-hidden, .scroll-hint, .anchor-link"


def prose(html: str) -> BeautifulSoup:
    """The page without what is not prose (tables, figures, formulas, code, tooltips)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select(NOT_PROSE):
        tag.decompose()
    return soup


def prose_words(html: str, start_id: str, end_id: str) -> int:
    """Words of prose between the heading with id ``start_id`` and the heading with id ``end_id``."""
    page = str(prose(html))
    start = page.index(f'id="{start_id}"')
    end = page.index(f'id="{end_id}"', start)
    part = BeautifulSoup(page[page.rfind("<", 0, start) : page.rfind("<", 0, end)], "html.parser")
    for heading in part.find_all(re.compile(r"^h[1-6]$")):
        heading.decompose()
    return words(part)


def words(soup: BeautifulSoup) -> int:
    """Words of the paragraphs and list items (a value inserted in a sentence is part of its word)."""
    blocks = [b for b in soup.find_all(["p", "li"]) if not b.find(["p", "li"])]
    return sum(len(b.get_text().split()) for b in blocks)


def test_prose_words_counts_prose_only():
    html = (
        '<h2 id="a">A</h2><p>One two <span class="provenance">not these</span> three.</p>'
        "<figure><table><tr><td>no</td></tr></table><figcaption>no</figcaption></figure>"
        '<ul><li>four <math><mi>x</mi></math></li></ul><h2 id="b">B</h2><p>after</p>'
    )
    assert prose_words(html, "a", "b") == 4


@pytest.mark.slow
def test_abstract_is_structured_short_and_followed_by_key_findings(built):
    html = (built / "reports" / "report.html").read_text(encoding="utf-8")
    abstract = prose_words(html, "Abstract", "sec-introduction")
    soup = prose(html)
    box = soup.select_one(".celltag_key-findings")
    assert box is not None and box.get_text(" ", strip=True).startswith("Key findings")
    box_words = words(box)
    assert 20 < box_words < 120, box_words
    assert 100 < abstract - box_words <= ABSTRACT_MAX_WORDS, abstract - box_words
    text = " ".join(soup.get_text(" ").split())
    starts = [text.index(part) for part in ABSTRACT_PARTS]
    assert starts == sorted(starts) and starts[-1] < text.index("Key findings")
    assert BeautifulSoup(html, "html.parser").select_one(
        ".celltag_key-findings a[href='#sec-around_double']"
    )  # each key finding links to its section


@pytest.mark.slow
def test_main_text_is_at_most_8000_words(built):
    html = (built / "reports" / "report.html").read_text(encoding="utf-8")
    words = prose_words(html, "sec-introduction", "References")
    assert 2000 < words <= MAIN_TEXT_MAX_WORDS, words


@pytest.mark.slow
def test_supplement_follows_the_references_with_s_numbered_tables(built):
    from analysis.core.numbering import SUPPLEMENT_TABLES, TABLES, number

    html = (built / "reports" / "report.html").read_text(encoding="utf-8")
    references, supplement = html.index('id="References"'), html.index('id="Supplementary-material"')
    assert references < supplement
    for key in TABLES:
        assert html.index(f'id="tab-{key}"') < references, key
    for key in SUPPLEMENT_TABLES:
        at = html.index(f'id="tab-{key}"')
        assert at > supplement, key
        assert f"<strong>Table {number('tab', key)}.</strong>" in html[at : at + 400], key


ID_COLUMNS = ("row_id", "record_id", "claim_id", "fact_id", "entry")  # the raw tables' own row ids


@pytest.mark.slow
def test_reader_prose_names_no_internal_row_id(built):
    """No raw row id ('C10', 'H114', 'F04') in the reader's sentences: the prose names things in words (tables
    and the methods edition may show ids; the References show each source's id, which the raw rows carry)."""
    import csv

    ids: set[str] = set()
    for path in sorted((built / "data" / "raw").glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            column = next((c for c in ID_COLUMNS if c in (reader.fieldnames or [])), None)
            ids |= {row[column] for row in reader} if column else set()
    assert {"C10", "H114", "F01", "K001", "Q01"} <= ids  # the walk found the ids
    soup = prose((built / "reports" / "report.html").read_text(encoding="utf-8"))
    for refs in soup.select(".bibliography"):
        refs.decompose()
    blocks = [b.get_text() for b in soup.find_all(["p", "li"]) if not b.find(["p", "li"])]
    named = sorted({m for text in blocks for m in re.findall(r"\b[A-Z]\d{2,3}\b", text) if m in ids})
    assert named == [], named


#: what a reader's sentence never says: file paths, commands, the build's own vocabulary (the methods edition may)
TOOL_WORDS = re.compile(r"\bdata/|\.csv\b|\bsrc/|\bpython -m\b|\bbuild parameters?\b|\b[Tt]his build\b|\+modified")


def tool_words(html: str) -> list[str]:
    """Paragraphs and list items of the page (inline code included, tables, figures and the reference list not)
    that name a file path, a command or the build."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select("table, figure, pre, script, style, .provenance, .visually-hidden, .bibliography"):
        tag.decompose()
    blocks = [" ".join(b.get_text(" ").split()) for b in soup.find_all(["p", "li"]) if not b.find(["p", "li"])]
    return [b for b in blocks if TOOL_WORDS.search(b)]


def test_the_rule_finds_tool_words_in_prose():
    html = (
        "<p>The figures (<code>data/raw/</code>) are kept.</p><p>Run <code>python -m analysis diff</code>.</p>"
        "<p>A build parameter chooses.</p><p>Version 0.4, commit abc+modified.</p><p>Each figure has a source.</p>"
        "<table><tr><td>data/raw/x.csv</td></tr></table><figure><figcaption>the src/ folder</figcaption></figure>"
        '<ol class="bibliography"><li>https://example.org/data/x.csv</li></ol>'
    )
    assert len(tool_words(html)) == 4


@pytest.mark.slow
def test_reader_prose_names_no_file_command_or_build(built):
    """Issue 20's referee: no file paths, commands or build vocabulary in the reader's sentences (tables of the
    reproducibility appendix and the methods edition may show them)."""
    found = tool_words((built / "reports" / "report.html").read_text(encoding="utf-8"))
    assert found == [], found


def table_cells(page: Path) -> str:
    """The text of every table cell and header of an HTML edition."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return " ".join(td.get_text(" ") for td in soup.select("td, th"))


@pytest.mark.slow
def test_reader_tables_name_sources_not_data_files(built):
    """Issue 20's referee: the appendix's table of transcribed data names each table by what it holds and cites
    its publications in the reader's edition; the file names are in the methods edition only."""
    reader, methods = (table_cells(built / "reports" / name) for name in ("report.html", "report-methods.html"))
    assert "published suicide figures" in reader  # the raw table of escapee suicides, named by what it holds
    assert re.findall(r"\w+\.csv\b|data/raw", reader) == []
    assert "data/raw/escapee_suicide.csv" in methods


@pytest.mark.slow
@pytest.mark.skipif(not has_pdf_tools(), reason="xelatex/pandoc not installed (make system-deps)")
def test_pdf_tables_name_sources_not_data_files(built):
    pdf = built / "reports" / "report.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "published suicide figures" in " ".join(text.split())  # the table's cells wrap across lines
    assert re.findall(r"data/raw|\w+_\w+\.csv\b", text) == []


def clauses_before_values(html: str, section_id: str) -> dict[str, list[str]]:
    """Each inserted value of a section (its ``data-key``) -> the clause of prose before it, in each place it is
    printed (tooltips left out; the clause runs from the last '.', ';', ':' or '(' before the value)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select(".provenance, script, style"):
        tag.decompose()
    heading = soup.find(id=section_id)
    out: dict[str, list[str]] = {}
    for block in heading.find_all_next(["h2", "p", "li"]):
        if block.name == "h2":
            break
        if block.find(["p", "li"]):
            continue
        for value in block.select("[data-key]"):
            value.replace_with(f"\u27e6{value['data-key']}\u27e7{value.get_text()}")
        text = " ".join(block.get_text(" ").split())
        for m in re.finditer(r"\u27e6([^\u27e7]+)\u27e7", text):
            before = re.sub(r"\u27e6[^\u27e7]+\u27e7", "", text[: m.start()])
            out.setdefault(m.group(1), []).append(re.split(r"[.;:(]\s", before)[-1].strip())
    return out


@pytest.mark.slow
def test_three_ratios_that_print_alike_are_each_named(built):
    """Issue 20's referee: MOU's crude ratio, the bound on residents and the no-ageing bound all print as 1.70 at
    the defaults, a few lines apart in Section 4; each is named where it is printed."""
    html = (built / "reports" / "report.html").read_text(encoding="utf-8")
    clauses = clauses_before_values(html, "sec-suicide")
    assert all(c.endswith("a crude ratio of") for c in clauses["suicide.published.mou_recent.ratio"])
    assert all(
        c.endswith("the SMR adjusted for sex and age is")
        for c in clauses["suicide.age.bounds.no_ageing.sex_and_age_ratio"]
    )
    soup = BeautifulSoup(html, "html.parser")
    bound = soup.find(attrs={"data-key": "suicide.denominator_bound_sentence"})
    assert re.search(r"on residents the sex-adjusted SMR would be at most \d\.\d\d", bound.get_text(" "))


def author_year(text: str, authors: list[str]) -> list[str]:
    """Author-year citations ('Wi Sung-lac (2024)', 'Amiri 2022', 'Kim et al. (2020)') in ``text``: the report
    cites by number ('Wi Sung-lac [14]'), the year is in the reference."""
    names = "|".join(re.escape(a) for a in authors)
    pattern = rf"\b(?:(?:{names})|[A-Z][\w-]+ et al\.),? \(?(?:19|20)\d{{2}}\b"
    return re.findall(pattern, text)


def test_the_rule_finds_author_year_citations():
    authors = ["Wi Sung-lac", "Amiri"]
    text = "counts of Wi Sung-lac (2024); Amiri 2022 found; Kim et al. (2020); Wi Sung-lac [14]; in 2022 Amiri [211]"
    assert author_year(text, authors) == ["Wi Sung-lac (2024", "Amiri 2022", "Kim et al. (2020"]


@pytest.mark.slow
def test_reader_prose_cites_by_number_only(built):
    """Issue 20's referee: one numbered citation style; no author-year form of a series' lawmaker or a study."""
    import csv

    from analysis.methods import suicide as su

    with (built / "data" / "raw" / "context_suicide.csv").open(encoding="utf-8") as fh:
        studies = [row["study"].split(" ")[0] for row in csv.DictReader(fh)]
    authors = [person for person, _ in su.SERIES_PEOPLE.values()] + studies
    assert "Wi Sung-lac" in authors and "Amiri" in authors  # the walk found the names
    soup = prose((built / "reports" / "report.html").read_text(encoding="utf-8"))
    for refs in soup.select(".bibliography"):
        refs.decompose()
    text = " ".join(" ".join(b.get_text(" ").split()) for b in soup.find_all(["p", "li"]) if not b.find(["p", "li"]))
    assert author_year(text, authors) == []
