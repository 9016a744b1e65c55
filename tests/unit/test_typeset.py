"""Typesetting machinery, on hand-made inputs: table layout from content, LaTeX and HTML cells, the checks
that read xelatex logs and pdftotext word boxes, figure labels clear of lines and of each other, citations
and the bibliography, the HTML finishing pass."""

from __future__ import annotations

import base64
import re

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from conftest import has_pdf_tools  # noqa: E402

from analysis.build import checks, render  # noqa: E402
from analysis.present import report, typeset  # noqa: E402

# ------------------------------------------------------------------------------------- measurements


def test_text_width_follows_the_font():
    # against the advance widths in DejaVu Serif's own metrics table (hmtx), read with fontTools
    from fontTools.ttLib import TTFont
    from matplotlib.font_manager import FontProperties, findfont

    font = TTFont(findfont(FontProperties(family="DejaVu Serif")))
    upem, cmap = font["head"].unitsPerEm, font.getBestCmap()
    for ch in "iM":
        advance = font["hmtx"][cmap[ord(ch)]][0] / upem * 10
        assert typeset.text_width(ch, 10) == pytest.approx(advance * typeset.SAFETY, abs=0.02)
    assert typeset.text_width("M", 10) > 2.5 * typeset.text_width("i", 10)
    assert typeset.text_width("MM", 9) == pytest.approx(2 * typeset.text_width("M", 9))
    assert typeset.text_width("탈북", 9) == pytest.approx(2 * 9 * typeset.SAFETY)  # full-width Korean


def test_pieces_keep_intervals_and_dates_whole_and_cut_identifiers():
    assert typeset.pieces("ratio 0.55 (0.28–0.95) in 2004-03-12") == [
        "ratio",
        "0.55\u00a0(0.28–0.95)",
        "in",
        "2004-03-12",
    ]
    assert typeset.pieces("wi_sung_lac_2024_counts", breakable=True) == ["wi_", "sung_", "lac_", "2024_", "counts"]
    assert typeset.pieces("data/raw/arrivals_cumulative.csv", breakable=True)[0] == "data/"
    assert typeset.pieces("short_id", breakable=True) == ["short_id"]  # short words are not cut
    assert typeset.pieces("https://www.example.org/abcdef", url=True) == ["example.org"]
    assert typeset.host("https://bafybeiheqonyv2pafiyvecvpdbm2d7unfin.ipfs.dweb.link/x") == "bafybeih….ipfs.dweb.link"


def test_numeric_columns_are_recognised():
    assert typeset.is_numeric_column(["1,234", "–", "0.55 (0.28–0.95)", "12.5%", "~15"])
    assert not typeset.is_numeric_column(["1,234", "about three times"])
    assert not typeset.is_numeric_column(["–", ""])


# ------------------------------------------------------------------------------------------- layout


def _columns(df: pd.DataFrame) -> list[typeset.Column]:
    return typeset.columns_from(df, None, ())


def test_narrow_table_keeps_natural_widths():
    lay = typeset.layout(_columns(pd.DataFrame({"Year": [2020, 2021], "Count": [1, 22]})))
    assert not lay.long and not lay.landscape and lay.size == 9.0
    assert all(c.fixed for c in lay.columns)
    assert sum(c.width for c in lay.columns) < 100


def test_wide_text_shares_the_text_width_and_never_goes_below_a_word():
    long_text = " ".join(["considerably"] * 60)
    df = pd.DataFrame(
        {
            "Claim": ["C01", "C02"],
            "Quote": [long_text, "short"],
            "Rule": [long_text, "x"],
            "Ratio (95% CI)": ["0.55 (0.28–0.95)", "1.62 (1.17–2.19)"],
        }
    )
    lay = typeset.layout(_columns(df))
    assert lay.fits and not lay.landscape
    total = sum(c.width for c in lay.columns)
    assert total == pytest.approx(lay.available, abs=0.5)  # uses the width, not more
    quote, _rule, ratio = lay.columns[1], lay.columns[2], lay.columns[3]
    assert not quote.fixed and quote.width >= typeset.text_width("considerably", lay.size)
    assert ratio.fixed and ratio.numeric  # the interval column keeps its one-line width
    assert ratio.width >= typeset.text_width("1.62\u00a0(1.17–2.19)", lay.size)


def test_too_many_columns_go_smaller_then_landscape():
    word = "Population"
    per_column = typeset.text_width(word, 8.0) + 1 + 2 * typeset.TABCOLSEP
    n = int((typeset.TEXTWIDTH) // per_column) + 1  # one column more than portrait holds in the smaller type
    df = pd.DataFrame({f"c{i}": [word] for i in range(n)})
    lay = typeset.layout(_columns(df))
    assert lay.landscape and lay.fits and lay.size == 9.0
    fewer = typeset.layout(_columns(df.iloc[:, : n - 2]))
    assert not fewer.landscape and fewer.fits


def test_a_very_long_cell_becomes_a_note_and_a_tall_table_a_longtable():
    long_text = " ".join(f"word{i}" for i in range(400))
    df = pd.DataFrame({"Id": ["a", "b"], "Text": [long_text, "short"], "Other": ["x", "y"]})
    cols = _columns(df)
    lay = typeset.layout(cols)
    assert [m for m, _ in lay.notes] == ["a"] and lay.notes[0][1] == long_text
    assert cols[1].cells[0].endswith("…\x00note:a")
    latex = typeset.latex_table(cols, lay, "Table 1", "Caption.", report.escape_latex)
    assert "(\\textit{a})\\,word0 word1" in latex and "\\begin{table}[H]" in latex
    tall = pd.DataFrame({"Id": [f"row{i}" for i in range(120)], "Text": ["a few words here"] * 120})
    lay = typeset.layout(_columns(tall))
    assert lay.long
    latex = typeset.latex_table(lay.columns, lay, "Table 2", "Caption.", report.escape_latex)
    assert latex.count("\\begin{longtable}") == 1 and "\\endhead" in latex and "(continued)" in latex
    # the caption row is a box of no width (as longtable's own \\caption): it cannot widen the last column, which
    # longtable would learn only on its second pass and settle on a third
    first_row = latex.split("\\begin{longtable}", 1)[1].split("\n")[1]
    assert first_row.startswith("\\multicolumn{2}{@{}l@{}}{\\hbox to 0pt{\\parbox{") and "Table 2." in first_row


def test_latex_cells_protect_intervals_and_break_identifiers():
    col = typeset.Column("x", [], numeric=False)
    assert (
        typeset.latex_cell("1.95 (1.40–2.63) adjusted", report.escape_latex, col) == "\\mbox{1.95 (1.40–2.63)} adjusted"
    )
    assert (
        typeset.latex_cell("midyear_cumulative_counts", report.escape_latex, col)
        == "midyear\\_\\allowbreak{}cumulative\\_\\allowbreak{}counts"
    )
    assert typeset.latex_cell("as of 2004-03-12", report.escape_latex, col) == "as of \\mbox{2004-03-12}"
    url = typeset.Column("Address", [], numeric=False, url=True)
    assert (
        typeset.latex_cell("https://www.a.kr/탈북#x", report.escape_latex, url)
        == "\\href{https://www.a.kr/\\%ED\\%83\\%88\\%EB\\%B6\\%81\\#x}{a.kr}"
    )  # the host, linked to the address


def test_html_table_is_plain_labelled_and_aligned():
    df = pd.DataFrame({"Name": ["alpha", "a much longer name"], "Rate": ["1.5 (1.2–1.9)", "2.0"]})
    out = typeset.html_table(_columns(df), "demo", "Table 4", "A caption & more.", "Note: n/a")
    assert "<style" not in out and "border=" not in out
    caption = '<figcaption id="tab-demo-caption"><strong>Table 4.</strong> A caption &amp; more.</figcaption>'
    region = '<div class="table-scroll" role="region" aria-labelledby="tab-demo-caption" tabindex="0">'
    # the caption comes before the scrolling region, outside it; the note after it
    assert out.index(caption) < out.index(region) < out.index("<table") < out.index('<p class="table-note">')
    assert out.startswith('<figure class="table-figure" id="tab-demo">') and out.rstrip().endswith("</figure>")
    assert '<th scope="col" class="num">Rate</th>' in out and '<th scope="col">Name</th>' in out
    assert '<td class="num"><span class="nowrap">1.5 (1.2–1.9)</span></td>' in out
    assert '<td class="nowrap">alpha</td>' in out and "<td>a much longer name</td>" in out


# ------------------------------------------------------------------------------------------- checks


LOG = r"""
Overfull \hbox (12.3pt too wide) in paragraph at lines 812--815
[]\TU/DejaVuSerif(0)/m/n/9 familycarefoundation-
Underfull \hbox (badness 10000) in paragraph at lines 900--901
Overfull \hbox (0.8pt too wide) in alignment at lines 1000--1004
[] [] []
Overfull \vbox (3.0pt too high) detected at line 1200
"""


def test_overfull_boxes_are_read_from_the_log():
    boxes = checks.overfull_boxes(LOG)
    assert [(b.kind, b.points) for b in boxes] == [("h", 12.3), ("h", 0.8), ("v", 3.0)]
    assert boxes[0].where == "in paragraph at lines 812--815" and "familycarefoundation" in boxes[0].text
    assert [b.points for b in checks.overfull_boxes(LOG, tolerance=2.0)] == [12.3, 3.0]


def _word(page: int, x0: float, y0: float, x1: float, y1: float, text: str = "w") -> checks.Word:
    return checks.Word(page, x0, y0, x1, y1, text, 595.0, 842.0)


def test_edge_words_and_overprints():
    inside = _word(1, 100, 100, 140, 110)
    near_right = _word(1, 560, 300, 570, 310)  # 25 pt from the right edge: within 1 cm
    assert checks.edge_words([inside, near_right]) == [near_right]
    neighbour = _word(1, 141, 100, 180, 110)  # same line, after a gap
    over = _word(1, 130, 102, 170, 112)  # printed across the first word
    next_line = _word(1, 100, 109.7, 140, 120)  # touches the line above by 0.3 pt: not an overprint
    assert checks.overprints([inside, neighbour, next_line]) == []
    assert checks.overprints([inside, neighbour, over]) == [(inside, over), (over, neighbour)]
    assert checks.overprints([inside, _word(2, 100, 100, 140, 110)]) == []  # other page


def test_curly_quotes_leave_verbatim_alone():
    tex = "``around double'' and `two' it's \\begin{Verbatim}``x''\\end{Verbatim}"
    assert (
        render.curly_quotes(tex)
        == "\u201caround double\u201d and \u2018two\u2019 it\u2019s \\begin{Verbatim}``x''\\end{Verbatim}"
    )


def test_a_range_of_numbers_never_breaks_at_its_hyphen_but_addresses_dates_and_ids_are_left_alone():
    tex = (
        "In 2013-2022 the ratio was 1.24 (1.01-1.51), ages 10-19; "
        "\\href{https://x.org/2016-02-15/2013-2022}{the 2020-2022 page} \\url{http://e.com/?p=2013-2022} "
        "news1-2024-10-08 on 2016-02-15 \\label{tab-2013-2022} $2(1-t)$ \\begin{verbatim}2013-2022\\end{verbatim}"
    )
    assert render.unbroken_ranges(tex) == (
        "In \\mbox{2013-2022} the ratio was 1.24 (\\mbox{1.01-1.51}), ages \\mbox{10-19}; "
        "\\href{https://x.org/2016-02-15/2013-2022}{the \\mbox{2020-2022} page} \\url{http://e.com/?p=2013-2022} "
        "news1-2024-10-08 on 2016-02-15 \\label{tab-2013-2022} $2(1-t)$ \\begin{verbatim}2013-2022\\end{verbatim}"
    )


def test_curly_quotes_open_a_quote_that_starts_a_table_cell():
    tex = "Yes & 'Rising numbers' has no count; MOU's & ('1393') \\textbf{x}'s"
    assert render.curly_quotes(tex) == (
        "Yes & \u2018Rising numbers\u2019 has no count; MOU\u2019s & (\u20181393\u2019) \\textbf{x}\u2019s"
    )


def test_typographic_quotes_in_html_text_only():
    page = (
        '<p title="it\'s">The article\'s "around double" and &#x27;Rising&#x27;</p>'
        "<code>x = 'a'</code><script>if (a < b) a = \"b\";</script><p>it's</p>"
    )
    assert typeset.quotes_html(page) == (
        '<p title="it\'s">The article\u2019s \u201caround double\u201d and \u2018Rising\u2019</p>'
        "<code>x = 'a'</code><script>if (a < b) a = \"b\";</script><p>it\u2019s</p>"
    )


def test_typographic_quotes_in_plain_text_keep_angle_brackets_and_ampersands():
    assert typeset.quotes("Women's share < 'all' & \"MOU's\"") == (
        "Women\u2019s share < \u2018all\u2019 & \u201cMOU\u2019s\u201d"
    )


def test_finish_html_builds_contents_and_moves_styles():
    page = (
        "<html><head><title>t</title></head><body><nav><!--report-toc--></nav>"
        '<h2 id="1-Intro">1 Intro<a class="anchor-link" href="#1-Intro">\u00b6</a></h2>'
        '<div><style scoped>.x{}</style><table border="1" class="dataframe"><thead><tr><th></th><th>a</th></tr>'
        '</thead></table></div><h3 id="4.5-Sub">4.5 <em>Sub</em></h3><h3 id="Methods">Methods</h3>'
        "<p>As Section 4.5 and Table 1 show</p></body></html>"
    )
    out = render.finish_html(page)
    head, body = out.split("</head>")
    assert "<style>.x{}</style>" in head and "<style" not in body
    # numbered headings are anchored by their section's key (numbering.SECTIONS), and the text links to them
    assert '<h2 id="sec-introduction">1 Intro<a class="anchor-link" href="#sec-introduction">' in body
    assert '<li class="level-2"><a href="#sec-introduction">1 Intro</a></li>' in body
    assert '<li class="level-3"><a href="#sec-around_double">4.5 Sub</a></li>' in body
    assert '<li class="level-3"><a href="#Methods">Methods</a></li>' in body
    assert '<a class="xref" href="#sec-around_double">Section 4.5</a>' in body
    assert '<a class="xref" href="#tab-claim_verdicts">Table 1</a>' in body
    assert 'border="1"' not in body and "<th></th>" not in body and "<td></td>" in body
    assert 'role="region" aria-label="Data table 1" tabindex="0"' in body


# ------------------------------------------------------------------------------------------ figures


def _label_box(fig, text):
    r = fig.canvas.get_renderer()
    return text.get_window_extent(r)


def test_reference_line_label_sits_clear_of_its_line():
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot([2000, 2020], [0, 3000])
    ax.set_ylim(0, 3200)
    label = report.reference_line(ax, 2000, "2,000 a year")
    fig.canvas.draw()
    box = _label_box(fig, label)
    line_y = ax.transData.transform((0, 2000))[1]
    assert box.y0 > line_y  # entirely above the line: never struck through
    assert box.x1 <= ax.get_window_extent().x1 + 0.5  # inside the axes, at its right end
    plt.close(fig)


def test_label_points_never_overlap_and_sit_at_their_own_data():
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.set_xlim(2000, 2025)
    ax.set_ylim(0, 40)
    points = [
        (2024, 26.2, "Korea", "#000000"),
        (2022, 26.0, "Lithuania", "#D55E00"),
        (2024, 25.9, "Slovenia", "#0072B2"),
    ]
    texts = report.label_points(ax, points)
    fig.canvas.draw()
    boxes = [_label_box(fig, t) for t in texts]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j])
    assert [t.xy for t in texts] == [(x, y) for x, y, _, _ in points]  # each label points at its own data
    assert [t.get_text() for t in texts] == ["Korea", "Lithuania", "Slovenia"]
    plt.close(fig)


def test_legible_enlarges_text_below_seven_points_at_print_size():
    fig, ax = plt.subplots(figsize=(12.8, 4))  # prints at half size
    t = ax.text(0.5, 0.5, "tiny", fontsize=8)
    scale = report.legible(fig)
    assert scale < 0.7
    assert t.get_fontsize() * scale >= report.MIN_PRINT_PT - 0.01
    plt.close(fig)


def test_figure_embeds_its_data_and_its_caption(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_REPORTS_DIR", str(tmp_path))
    shown = []
    monkeypatch.setattr(report, "display", lambda data, **kw: shown.append((data, kw)))
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    data = pd.DataFrame({"year": [2020, 2021], "arrivals": [229, 63]})
    report.figure(fig, "arrivals_by_sex", "Arrivals.", "A line.", "MOU", data=data)
    bundle, kw = shown[0]
    page = bundle["text/html"]
    uri = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', page).group(1)
    assert base64.b64decode(uri).decode() == "year,arrivals\n2020,229\n2021,63\n"
    assert 'download="arrivals_by_sex.csv"' in page and "<figcaption><strong>Figure 1.</strong> Arrivals." in page
    assert (tmp_path / "figures" / "arrivals_by_sex.csv").read_text() == "year,arrivals\n2020,229\n2021,63\n"
    meta = kw["metadata"]["image/png"]
    assert (
        meta["alt"] == "Figure 1. A line."
        and "\\caption*{\\phantomsection\\label{fig-arrivals_by_sex}\\textbf{Figure 1.} Arrivals. Source: MOU.}"
        in meta["latex_float"]
    )
    # the source closes the caption in words (no longer drawn into the image), cited by number when given
    assert '<span class="figure-source">Source: MOU.</span>' in page


# ---------------------------------------------------------------------------------------- references


def test_cite_numbers_follow_sources_csv():
    ids = pd.read_csv(report._sources_path(), dtype=str, usecols=["source_id"])["source_id"].tolist()
    assert str(report.cite(ids[0])) == "[1]"
    assert str(report.cite(ids[4], ids[1])) == "[2, 5]"
    assert f'href="#source-{ids[1]}"' in report.cite(ids[1])._repr_mimebundle_()["text/html"]
    with pytest.raises(KeyError, match="not in data/raw/sources.csv"):
        report.cite("no-such-source")


def test_bibliography_is_numbered_compact_in_latex_and_full_in_html(monkeypatch):
    shown = []
    monkeypatch.setattr(report, "display", lambda data, **kw: shown.append(data))
    sources = pd.read_csv(report._sources_path(), dtype=str, keep_default_na=False).head(3)
    report.bibliography(sources.itertuples(index=False))
    html_out, latex = shown[0]["text/html"], shown[0]["text/latex"]
    first = sources.iloc[0]
    assert html_out.count('<li id="source-') == 3 and f'<li id="source-{first.source_id}" value="1">' in html_out
    assert f'<a href="{first.url}">' in html_out  # the full address in the HTML
    # its text the whole address on screen; the printout leaves out the path and the internal id
    assert re.sub(r"<[^>]+>", "", html_out.split(f'<a href="{first.url}">')[1].split("</a>")[0]) == first.url
    assert html_out.count('<span class="internal-id">id ') == 3
    assert "\\item[{[1]}] " in latex and "\\href{" in latex and ". ." not in latex
    assert "}{" + report._short_link(first.url) + "}" in latex  # the PDF shows the host as the link's text


def test_build_fails_on_an_overfull_box_beyond_tolerance(tmp_path, monkeypatch):
    from analysis import paths
    from analysis.errors import BuildError

    monkeypatch.setattr(paths, "BUILD", tmp_path / ".build")
    monkeypatch.delenv("ANALYSIS_OVERFULL_TOLERANCE_PT", raising=False)
    (tmp_path / "report.tex").write_text("\\documentclass{article}")
    render.check_log(LOG.replace("12.3pt", "1.9pt").replace("3.0pt", "0.5pt"), tmp_path)  # within 2 pt: passes
    with pytest.raises(BuildError, match=r"2 line\(s\) or table\(s\) wider .* 12\.3pt in paragraph at lines 812--815"):
        render.check_log(LOG, tmp_path)
    assert (tmp_path / ".build" / "failed" / "report.log").read_text() == LOG
    monkeypatch.setenv("ANALYSIS_OVERFULL_TOLERANCE_PT", "20")
    render.check_log(LOG, tmp_path)
    with pytest.raises(BuildError, match="silently drop characters the fonts lack: ≥"):
        render.check_log("Missing character: There is no ≥ (U+2265) in font [lmroman10-regular]!", tmp_path)


def test_a_table_of_sources_is_the_target_of_citations_and_a_source_column_is_cited(monkeypatch):
    shown = []
    monkeypatch.setattr(report, "display", lambda data, **kw: shown.append(data))
    sources = pd.read_csv(report._sources_path(), dtype=str, keep_default_na=False).head(3)
    report.table(sources[["source_id", "publisher"]].rename(columns={"source_id": "Id"}), "raw_files", "Sources.")
    assert f'<tr id="source-{sources.source_id[1]}">' in shown[0]["text/html"]
    figures = pd.DataFrame(
        {"Year": [2020, 2021], "Source": [sources.source_id[2], f"{sources.source_id[0]}, {sources.source_id[1]}"]}
    )
    report.table(figures, "arrivals_summary", "Arrivals.")
    ids = sources.source_id
    # in the PDF the numbers link to the references' entries (bibliography labels them source-<id>)
    assert f" & [\\hyperref[source-{ids[2]}]{{3}}] \\\\" in shown[1]["text/latex"]
    assert f" & [\\hyperref[source-{ids[0]}]{{1}}, \\hyperref[source-{ids[1]}]{{2}}]" in shown[1]["text/latex"]
    assert f'<a href="#source-{sources.source_id[2]}" title="{sources.source_id[2]}">3</a>' in shown[1]["text/html"]


def test_a_cell_of_source_ids_with_a_note_is_cited_and_keeps_the_note(monkeypatch):
    shown = []
    monkeypatch.setattr(report, "display", lambda data, **kw: shown.append(data))
    ids = pd.read_csv(report._sources_path(), dtype=str, keep_default_na=False).source_id.head(3).tolist()
    known = report._source_numbers()
    assert report._cited_cell(f"{ids[0]}; {ids[1]}; about three times", known) == (ids[:2], "; about three times")
    assert report._cited_cell("Hana 2023", known) is None and report._cited_cell("–", known) == ([], "")
    figures = pd.DataFrame({"Year": [2020, 2021], "Stated by": [ids[2], f"{ids[0]}; 3배 수준"]})
    report.table(figures, "arrivals_summary", "Arrivals.", sources=("Stated by",))
    latex, page = shown[0]["text/latex"], shown[0]["text/html"]
    assert f"[\\hyperref[source-{ids[0]}]{{1}}]; 3{{\\cjkfont 배}} {{\\cjkfont 수준}}" in latex
    assert f'<a href="#source-{ids[0]}" title="{ids[0]}">1</a>]</span>; 3배 수준' in page


def test_tex_formulas_become_mathml_and_code_and_prices_stay():
    page = (
        '<p>The ratio $O/E$ costs $5 and $a &lt; b$:</p>\n<p>$$\nE = \\sum_y r_y\n$$</p><pre>x = "$a$"</pre>'
        "<script>var s = '$b$';</script>"
    )
    out = typeset.math_html(page)
    inline = re.findall(r'<math [^>]*display="inline">(.*?)</math>', out)
    assert len(inline) == 2 and "<mi>O</mi><mo>&#x0002F;</mo><mi>E</mi>" in inline[0] and "&#x0003C;" in inline[1]
    assert '<div class="math-display"><math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in out
    assert "&#x02211;" in out  # the sum sign
    assert "costs $5 and" in out and '<pre>x = "$a$"</pre>' in out and "'$b$'" in out


def test_a_label_column_is_a_styled_label_in_the_html_and_bold_in_the_pdf():
    (col,) = typeset.columns_from(pd.DataFrame({"Verdict": ["not supported", ""]}), None, (), ("Verdict",))
    assert col.badge and not col.numeric
    assert typeset.html_cell("not supported", col) == '<span class="badge badge-not-supported">not supported</span>'
    assert typeset.html_cell("", col) == ""
    assert typeset.latex_cell("supported with caveats", report.escape_latex, col) == "\\textbf{supported with caveats}"
    assert typeset.badge_class("Cannot be checked") == "badge-cannot-be-checked"


def test_upright_names_are_one_upright_identifier_in_mathml():
    out = typeset.math_html(r"<p>$\mathrm{PY}_y = C_y$ and $E_{\mathrm{sex}}$</p>")
    assert '<mi mathvariant="normal">PY</mi>' in out and '<mi mathvariant="normal">sex</mi>' in out
    assert "<mi>C</mi>" in out  # a one-letter symbol stays italic


def test_quotes_in_table_cells_and_latex_text_are_typographic_from_the_whole_cell():
    import pandas as pd

    from analysis.present import report

    cols = typeset.columns_from(
        pd.DataFrame({"Why": ['"Around double" is not supported', "the 2017-2019 'peak'"]}), None, ()
    )
    assert cols[0].cells == ["\u201cAround double\u201d is not supported", "the 2017-2019 \u2018peak\u2019"]
    # xelatex would set a straight double quote as a closing one: the LaTeX of plain text gets the same rule
    assert report.escape_latex('"as labelled" & MOU\'s') == "\u201cas labelled\u201d \\& MOU\u2019s"


def test_width_goes_to_the_column_with_more_text_not_the_one_with_one_long_cell():
    long_reason = " ".join(["considerably"] * 40)
    df = pd.DataFrame(
        {
            "At the article's date": ["supported"] * 11 + [long_reason],  # one long cell among short ones
            "Why (now)": [" ".join(["reason"] * 30)] * 12,  # every cell long
        }
    )
    lay = typeset.layout(_columns(df))
    then, why = lay.columns
    assert why.width > 1.5 * then.width


def test_an_interval_is_never_cut_even_in_a_breakable_column():
    assert typeset.pieces("1.52 (1.00-2.30), p = 0.053", breakable=True)[0] == "1.52\u00a0(1.00-2.30),"
    col = _columns(pd.DataFrame({"Crude ratio": ["1.07 (0.81-1.38)", "–"]}))[0]
    col.measure(9.0)
    assert col.minimum >= typeset.text_width("1.07\u00a0(0.81-1.38)", 9.0)  # the \mbox the PDF sets


def test_a_table_of_running_text_is_stacked_on_a_phone_and_a_wide_one_keeps_a_measure():
    why = "a reason that runs to a whole clause of text, as a verdict\u2019s reason does"
    few = _columns(pd.DataFrame({"Claim": ["a", "b"], "Why": [why, why], "Rate": ["1.5", "2.0"]}))
    out = typeset.html_table(few, "few", "Table 1", "Caption.", groups={0: "First", 1: "Second"})
    assert '<table class="report-table stack"' in out and f'<td data-label="Why">{why}</td>' in out
    assert '<td class="num" data-label="Rate">1.5</td>' in out
    assert out.count('<tr class="group-row"><th scope="rowgroup" colspan="3">') == 2 and out.count("<tbody>") == 2
    many = _columns(pd.DataFrame({f"c{i}": [why] if i == 0 else ["x"] for i in range(6)}))
    out = typeset.html_table(many, "many", "Table 2", "Caption.")
    assert '<table class="report-table"' in out and f'<td class="prose">{why}</td>' in out


def test_groups_are_set_apart_by_space_so_a_page_break_never_doubles_a_rule():
    """Issue 20's referee: a page break above a group row printed the group's rule beside the header's or the
    foot's (a longtable may break just under a booktabs rule). Groups are set apart by space, which a break drops,
    and each label is tied to its group's first row (``\\\\*``), so it never stands alone at the foot of a page
    (checked by compiling: xelatex broke a page at each of the rows 30-43 around a group, never with a double
    rule or a lone label)."""
    tall = pd.DataFrame({"Id": [f"row{i}" for i in range(120)], "Text": ["a few words"] * 120})
    lay = typeset.layout(_columns(tall))
    assert lay.long
    latex = typeset.latex_table(
        lay.columns, lay, "Table 1", "Caption.", report.escape_latex, groups={0: "First", 60: "Second"}
    )
    body = latex[latex.index("\\endlastfoot") :]
    assert "\\midrule" not in body and "\\cmidrule" not in body  # the only rules are the header's and the foot's
    lines = body.splitlines()
    at = next(i for i, line in enumerate(lines) if "\\textit{Second}" in line)
    assert lines[at - 1] == f"\\addlinespace[{typeset.GROUP_GAP}pt]" and lines[at - 2].startswith("row59 ")
    assert lines[at].endswith(" \\\\*") and lines[at + 1].startswith("row60 ")  # the label stays with its first row
    first = next(line for line in lines if "\\textit{First}" in line)
    assert first.endswith(" \\\\*") and "addlinespace" not in lines[lines.index(first) - 1]


def test_a_p_value_in_a_cell_is_never_cut():
    """Table S3's cells end with a p-value as ``wording.p_value`` prints it; the PDF broke 'p' from '= 0.055'."""
    col = typeset.Column("x", [], numeric=False)
    assert typeset.latex_cell("1.51 (0.99-2.29), p = 0.055", report.escape_latex, col).endswith("\\mbox{p = 0.055}")
    assert typeset.pieces("1.51 (0.99-2.29), p < 0.001")[-1] == "p\u00a0<\u00a00.001"
    assert typeset.html_cell("x, p = 0.27", col) == 'x, <span class="nowrap">p = 0.27</span>'


@pytest.mark.slow
@pytest.mark.skipif(not has_pdf_tools(), reason="xelatex/pandoc not installed (make system-deps)")
def test_a_long_tables_notes_never_leave_its_last_row(tmp_path):
    """Table S7's note fell to the top of the next page, alone. Compiled with xelatex: one long table with a note,
    set again and again lower on a fresh page, so that some page break falls at every row near its end. Wherever
    it breaks, the first two rows share a page, the last two rows and the note share a page, and a page the table continues on repeats its head. (Both
    earlier fixes fail this: the note in the last foot left a last row on the next page without the head, and
    booktabs' \\bottomrule let the page break under the rule.)"""
    import subprocess

    rows = 50  # a little over a page: the smallest table set as a longtable
    df = pd.DataFrame({"Id": [f"row{i}" for i in range(rows)], "Text": ["a few words"] * rows})
    lay = typeset.layout(_columns(df))
    assert lay.long
    table = typeset.latex_table(
        lay.columns, lay, "Table 1", "Caption.", report.escape_latex, note_latex="Note: the note."
    )
    last = f"row{rows - 1}"
    offsets = range(0, 540, 6)  # points of space above the table: its end moves across a page's foot
    cases = "\n".join(
        f"\\clearpage\\noindent Case {i}.\\par\\vspace*{{{pt}pt}}\n{table}" for i, pt in enumerate(offsets)
    )
    (tmp_path / "t.tex").write_text(
        "\\documentclass{article}\\usepackage{longtable,booktabs,array,placeins,hyperref}\n"
        f"\\begin{{document}}\n{cases}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    for _ in range(2):  # longtable settles its column widths on the second pass
        subprocess.run(
            ["xelatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex"],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "t.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    split = 0
    for i in range(len(offsets)):
        case = text[text.index(f"Case {i}.") :]
        case = case[: case.index(f"Case {i + 1}.")] if i + 1 < len(offsets) else case
        start, end = case.index("row0 "), re.search(rf"^\s*{last}\b", case, re.M).start()
        before_last = re.search(rf"^\s*row{rows - 2}\b", case, re.M).start()
        assert "\f" not in case[start : re.search(r"^\s*row1\b", case, re.M).start()], i  # nor the first two
        assert "\f" not in case[before_last : case.index("Note: the note.")], i  # the last two rows and the note
        for page_end in [m.start() for m in re.finditer("\f", case[start:end])]:
            split += 1
            before, after = case[start : start + page_end], case[start + page_end :]
            assert "continued on the next page" in [ln.strip() for ln in before.splitlines() if ln.strip()][-2:], i
            assert after.lstrip("\f").lstrip().startswith("Table 1 (continued)"), i
    assert split  # some offsets broke the table across two pages


def test_notes_too_long_to_move_with_the_last_rows_follow_the_table_as_a_paragraph():
    """Notes tied to the last rows move as one block, which must fit on a page: longer ones may break."""
    df = pd.DataFrame({"Id": [f"row{i}" for i in range(50)], "Text": ["a few words"] * 50})
    lay = typeset.layout(_columns(df))
    short = typeset.latex_table(lay.columns, lay, "Table 1", "C.", report.escape_latex, note_latex="Short note.")
    assert short.index("Short note.") < short.index("\\end{longtable}") and "row48 & a few words \\\\*" in short
    long_note = "word " * (typeset.TIED_NOTES_MAX_CHARS // 5 + 1)
    tall = typeset.latex_table(lay.columns, lay, "Table 1", "C.", report.escape_latex, note_latex=long_note)
    assert tall.index("\\end{longtable}") < tall.index(long_note) and "\\bottomrule\n\\endlastfoot" in tall
