"""The presentation helpers: numbering, LaTeX escaping, Korean runs, URLs, counts in words."""

import pytest

from analysis.core import numbering, wording
from analysis.present import report


def test_ref_numbers_by_report_order():
    assert report.ref("fig:arrivals_by_sex").text == "Figure 1"
    assert report.ref(f"tab:{report.TABLES[-1]}").text == f"Table {len(report.TABLES)}"
    assert report.ref("tab:parameters").text.startswith("Table S")  # the supplement's tables: S1, S2, ...
    assert numbering.number("tab", numbering.SUPPLEMENT_TABLES[0]) == "S1"
    assert (report.ref("sec:around_double").text, report.ref("sec:around_double").anchor) == (
        "Section 4.5",
        "sec-around_double",
    )
    assert report.ref("sec:reproducibility").text == "Appendix A"
    with pytest.raises(KeyError, match="add the key to FIGURES, TABLES"):
        report.ref("fig:no_such_figure")


def test_escape_latex_and_korean_runs():
    assert report.escape_latex("50% of a_b & $5 #1 ~x") == r"50\% of a\_b \& \$5 \#1 \textasciitilde{}x"
    assert report.escape_latex("탈북민 (escapees)") == r"{\cjkfont 탈북민} (escapees)"
    assert report.with_cjk_font("3배 수준 / 暂定") == r"3{\cjkfont 배} {\cjkfont 수준} / {\cjkfont 暂定}"


def test_display_url_percent_encodes_only_non_ascii():
    assert (
        report.display_url("https://a.kr/articles/탈북?x=1&y=%20")
        == "https://a.kr/articles/%ED%83%88%EB%B6%81?x=1&y=%20"
    )


def test_records_frame_one_row_per_record_columns_as_declared():
    from types import SimpleNamespace as NS

    records = [NS(name="a", size=NS(text="1")), NS(name="b", size=NS(text="2"))]
    frame = report.records_frame(records, {"Name": "name", "Size": "size.text", "Upper": lambda r: r.name.upper()})
    assert list(frame.columns) == ["Name", "Size", "Upper"]
    assert frame.to_dict("list") == {"Name": ["a", "b"], "Size": ["1", "2"], "Upper": ["A", "B"]}
    assert list(report.records_frame(iter([]), {"Name": "name"}).columns) == ["Name"]


def test_count_word():
    assert [wording.count_word(n) for n in (0, 2, 10, 11, 1500)] == ["no", "two", "ten", "11", "1,500"]


@pytest.mark.parametrize("declared", [None, "https://example.org/nk-escapees"])
def test_repository_address_comes_from_citation_cff_or_is_left_out(tmp_path, monkeypatch, declared):
    import yaml

    from analysis import paths
    from analysis.build import citation

    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cff.pop("repository-code", None)
    if declared:
        cff["repository-code"] = declared
    (tmp_path / "CITATION.cff").write_text(yaml.safe_dump(cff), encoding="utf-8")
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr("analysis.cleaning.provenance.code_version", lambda: "abc1234")
    meta = citation.metadata(epoch="0")
    assert meta["repository"] == declared
    assert meta["version"] == f"Version {cff['version']}"  # the commit is in Declarations and Appendix A
    monkeypatch.setattr("analysis.cleaning.provenance.code_version", lambda: "abc1234+modified")
    assert citation.metadata(epoch="0")["version"] == f"Version {cff['version']}, built from uncommitted changes"


def test_no_repository_address_is_typed_anywhere_but_citation_cff():
    """The address is declared once (CITATION.cff's repository-code) or not at all: no prose promises one."""
    import re

    from analysis import paths

    texts = [p for d in ("notebooks", "src/analysis", "templates") for p in (paths.ROOT / d).rglob("*") if p.is_file()]
    for path in texts:
        if path.suffix in (".py", ".ipynb", ".j2", ".tplx", ".css"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"github\.com/|gitlab\.com/|the project's repository", text), path


def test_each_edition_names_the_others_and_the_pdf_only_when_it_is_made():
    import nbformat

    from analysis.build import render

    def editions(current, pdf):
        nb = render.with_editions(nbformat.v4.new_notebook(), current, pdf)
        return [e["href"] for e in nb.metadata["editions"]], nb.metadata["pdf"]

    assert editions(render.HTML_READER, True) == (["report-methods.html", "report.pdf"], "report.pdf")
    assert editions(render.HTML_METHODS, False) == (["report.html"], "")
    assert editions(render.PDF_READER, True) == (["report.html", "report-methods.html"], "")


def test_a_code_version_reads_as_words():
    from analysis.cleaning.provenance import built_from

    assert built_from("78a8a703f5ae") == "commit 78a8a703f5ae"
    assert built_from("78a8a703f5ae+modified") == "commit 78a8a703f5ae with uncommitted changes"
    assert built_from("unknown (not a git checkout)") == "an unknown commit (not a git checkout)"
