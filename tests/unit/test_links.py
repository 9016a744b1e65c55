"""Cross-references written as text ('Table 5', 'Section 4.8', '[12]') made links, in HTML, Markdown and LaTeX."""

from __future__ import annotations

import pytest

from analysis.core import links
from analysis.core.numbering import SECTIONS, SUPPLEMENT_TABLES, section_key


def test_html_mentions_become_links_outside_links_tooltips_headings_and_caption_labels():
    page = (
        "<p>Table S5 and Sections 4.1 and 4.4-4.6, Appendix A; Figure 3's curve; Table 5a is not one.</p>"
        '<p><a href="#x">Table 2</a> <span class="provenance" role="tooltip">Appendix B</span></p>'
        '<h3 id="h">Table 1</h3><figcaption><strong>Figure 2.</strong> As in Section 4.</figcaption>'
    )
    out = links.link_html(page)
    xref = '<a class="xref" href="#{}">{}</a>'.format
    assert xref(f"tab-{SUPPLEMENT_TABLES[4]}", "Table S5") + " and " in out
    assert (
        xref("sec-suicide_published", "Sections 4.1")
        + " and "
        + xref("sec-suicide_estimates", "4.4")
        + "-"
        + xref("sec-suicide_context", "4.6")
    ) in out
    assert xref("sec-reproducibility", "Appendix A") in out and xref("fig-suicide_estimates", "Figure 3") + "'s" in out
    assert "Table 5a" in out and '<a href="#x">Table 2</a>' in out
    assert '"tooltip">Appendix B</span>' in out and '<h3 id="h">Table 1</h3>' in out
    assert "<strong>Figure 2.</strong> As in " + xref("sec-suicide", "Section 4") in out


def test_markdown_mentions_become_links_but_not_in_links_code_headings():
    source = "See [Table 2](#tab-x), Table S5 and `Table 3`.\n### 4.5 So, Section 4\nas Section\n4.5 says."
    assert links.link_markdown(source) == (
        f"See [Table 2](#tab-x), [Table S5](#tab-{SUPPLEMENT_TABLES[4]}) and `Table 3`.\n"
        "### 4.5 So, Section 4\nas [Section\n4.5](#sec-around_double) says."
    )


def test_latex_mentions_and_citations_become_hyperrefs_but_not_labels_or_options():
    tex = r"\textbf{Table 5.} of Section 4.5 \hyperref[tab-a]{Table 1} [3, 12] [2015] [3, 99] \\[4pt] \item[{[3]}]"
    assert links.link_latex(tex, {3: "a-1", 12: "b"}) == (
        r"\textbf{Table 5.} of \hyperref[sec-around_double]{Section 4.5} \hyperref[tab-a]{Table 1} "
        r"[\hyperref[source-a-1]{3}, \hyperref[source-b]{12}] [2015] [3, 99] \\[4pt] \item[{[3]}]"
    )


def test_a_mention_of_what_the_report_does_not_have_is_an_error():
    with pytest.raises(links.UnknownMention, match="Table 99"):
        links.link_html("<p>Table 99</p>")
    with pytest.raises(links.UnknownMention, match="Section 4.12"):
        links.link_markdown("as Section 4.12 shows")


def test_numbered_headings_get_their_sections_anchor():
    assert links.label_headings('## Abstract\n### 4.5 So, "around double"?\n## Appendix A: Reproducibility') == (
        '## Abstract\n### 4.5 So, "around double"? {#sec-around_double}\n## Appendix A: Reproducibility {#sec-reproducibility}'
    )
    assert section_key("Methods: the primary estimate") is None
    with pytest.raises(KeyError, match="add its number 4.12 to SECTIONS"):
        section_key("4.12 A new section")


def test_every_section_number_is_declared_once():
    assert len(set(SECTIONS.values())) == len(SECTIONS)


def test_sections_lists_the_numbered_headings_of_the_report_notebooks_in_order():
    """SECTIONS and the headings agree, so that a heading renumbered or added fails here before a build does."""
    import re

    import nbformat

    from analysis import paths
    from analysis.build import dag

    found: dict[str, list[str]] = {"main": [], "supplement": [], "appendix": []}
    for name in dag.REPORT:
        nb = nbformat.read(paths.ROOT / dag.by_name()[name].notebook, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                for m in re.finditer(r"^#{1,6}\s+(.+)$", cell.source, re.M):
                    key = section_key(m.group(1))
                    number = SECTIONS.get(key or "", "")
                    part = "appendix" if number.isalpha() else "supplement" if number.startswith("S") else "main"
                    if key is not None and key not in found[part]:  # alternatives of one heading (show_if) once
                        found[part].append(key)
    # the report prints each notebook's supplement after the References, before the appendices (render.merge)
    assert found["main"] + found["supplement"] + found["appendix"] == list(SECTIONS)
    assert all(SECTIONS[k].startswith("S") for k in found["supplement"])


def test_notebook_prose_names_tables_figures_and_sections_through_ref():
    """A typed 'Table 5' or 'Section 4.8' in a notebook's Markdown would name the wrong thing once the report is
    renumbered (the supplement moves tables): prose names them with ref("tab:key"), which follows the numbering."""
    import re

    import nbformat

    from analysis import paths
    from analysis.build import dag
    from analysis.core.links import MENTION

    typed = []
    for step in dag.STEPS:
        nb = nbformat.read(paths.ROOT / step.notebook, as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                prose = re.sub(r"^\s{0,3}#{1,6}\s.*$|`[^`]*`", "", cell.source, flags=re.M)
                typed += [f"{step.notebook} cell {index}: {m.group(0)}" for m in MENTION.finditer(prose)]
    assert typed == []


def test_binder_link_only_for_a_declared_github_repository_at_a_commit():
    from analysis.build.citation import binder_url

    assert (
        binder_url("https://github.com/owner/nk-report", "0123456789ab+modified")
        == "https://mybinder.org/v2/gh/owner/nk-report/0123456789ab?urlpath=lab/tree/notebooks"
    )
    assert binder_url("https://github.com/owner/nk-report.git", "0123456789ab").endswith(
        "/nk-report/0123456789ab?urlpath=lab/tree/notebooks"
    )
    assert binder_url(None, "0123456789ab") is None  # CITATION.cff declares no repository: no link
    assert binder_url("https://gitlab.com/owner/r", "0123456789ab") is None
    assert binder_url("https://github.com/owner/r", "unknown (not a git checkout)") is None


def test_citations_written_as_text_link_to_their_references():
    from analysis.core.links import link_html, link_markdown

    sources = {14: "jtbc", 3: "a", 12: "b"}
    assert link_html("<p>Wi Sung-lac [14]; [3, 12]; not [999]; <a>[14]</a></p>", sources) == (
        '<p>Wi Sung-lac <span class="cite">[<a href="#source-jtbc">14</a>]</span>; '
        '<span class="cite">[<a href="#source-a">3</a>, <a href="#source-b">12</a>]</span>; not [999]; <a>[14]</a></p>'
    )
    assert link_markdown("Wi Sung-lac [14], \\[[3](#source-a)\\], $[12]$", sources) == (
        "Wi Sung-lac \\[[14](#source-jtbc)\\], \\[[3](#source-a)\\], $[12]$"
    )


def test_each_counts_series_is_named_with_its_own_source_cited():
    """The lawmaker's name and the number of the source that reported the series (the raw rows' source)."""
    import csv

    from analysis import paths
    from analysis.core import citations
    from analysis.methods import suicide as su

    with (paths.RAW / "escapee_suicide.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    numbers = citations.numbers()
    for series, (person, source) in su.SERIES_PEOPLE.items():
        assert {r["source_id"] for r in rows if r["series"] == series} == {source}, series
        assert su.SERIES_NAMES[series] == f"{person} [{numbers[source]}]"
    assert su.study_words("Amiri 2022 (systematic review and meta-analysis)") == (
        "Amiri's systematic review and meta-analysis"
    )


def test_the_registry_is_read_once_and_again_when_its_file_changes(tmp_path, monkeypatch):
    """Numbers, names and the series' cited names come from one reading of the registry, kept until the file
    changes: a second registry (``paths.RAW`` pointed elsewhere) and a rewritten one are both seen."""
    import csv

    from analysis import paths
    from analysis.core import citations
    from analysis.errors import DataError
    from analysis.methods import suicide as su
    from analysis.present import report

    with (paths.RAW / "sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    person, source = su.SERIES_PEOPLE["wi_sung_lac_2024"]
    first = citations.numbers()[source]
    reads = citations._read.cache_info().misses
    for _ in range(3):  # asked again and again, read once
        assert su.SERIES_NAMES["wi_sung_lac_2024"] == f"{person} [{first}]"
        assert citations.names()[source].number == first
    assert citations._read.cache_info().misses == reads

    def write(ordered):
        with (tmp_path / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
            out = csv.DictWriter(fh, fieldnames=list(rows[0]))
            out.writeheader()
            out.writerows(ordered)

    monkeypatch.setattr(paths, "RAW", tmp_path)
    write(sorted(rows, key=lambda r: r["source_id"] != source))  # the series' source first
    assert citations.numbers()[source] == 1
    assert su.SERIES_NAMES["wi_sung_lac_2024"] == f"{person} [1]"
    write([r for r in rows if r["source_id"] != source][:2] + [r for r in rows if r["source_id"] == source])
    reads = citations._read.cache_info().misses
    assert citations.numbers()[source] == 3
    assert su.SERIES_NAMES["wi_sung_lac_2024"] == f"{person} [3]"
    assert citations.names()[source].number == 3
    monkeypatch.setenv(paths.PROCESSED_ENV, str(tmp_path))  # the editions' reading (the processed copy)
    assert report._source_numbers()[source] == report.source_names()[source].number == 3
    assert str(report.cite(source)) == "[3]"
    assert citations._read.cache_info().misses == reads + 1  # the rewritten file read once
    write([r for r in rows if r["source_id"] != source])  # the source gone: an error, not a name without a number
    with pytest.raises(DataError, match=f"{source}: not in the source registry"):
        su.SERIES_NAMES["wi_sung_lac_2024"]
    monkeypatch.undo()
    assert su.SERIES_NAMES["wi_sung_lac_2024"] == f"{person} [{first}]"
