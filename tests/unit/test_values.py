"""The value type with provenance, the findings base class, and the {eval} machinery."""

import pytest

from analysis.build.kernel import expressions, malformed
from analysis.build.myst import markdown_text, substitute
from analysis.core.values import (
    METHODS,
    PROVENANCE_MIME,
    Findings,
    Record,
    SourceName,
    Value,
    is_figure,
    provenance_html,
)
from analysis.errors import BuildError


def test_value_formats_and_keeps_provenance():
    v = Value.of(2914, ",", rows=["arrivals/period=2009;sex=total"], raw=["arrivals/x"], sources=["mou-cn-2020"])
    assert str(v) == "2,914"
    assert v.has_provenance()
    data, meta = v._repr_mimebundle_()
    assert data["text/plain"] == "2,914"
    assert 'title="processed rows arrivals/period=2009;sex=total' in data["text/html"]  # JupyterLab: hover
    rich = provenance_html(data["text/plain"], meta[PROVENANCE_MIME])  # the report: hover, focus, links
    assert 'tabindex="0"' in rich and 'href="#source-mou-cn-2020"' in rich and 'role="tooltip"' in rich


NAMES = {"wi-2024": SourceName(12, "Wi Sung-lac (2024)"), "kostat": SourceName(3, "Statistics Korea (2024)")}


def _meta(value: Value) -> dict:
    return value.model_copy(update={"key": "suicide.primary.ratio"})._repr_mimebundle_()[1][PROVENANCE_MIME]


def test_reader_tooltip_says_in_words_where_a_number_comes_from():
    """Issue 20: the source's name and year, linked to the reference, and the method; no row id, file or command."""
    v = Value.of(
        1.62,
        ".2f",
        method="observed / expected (methods/bias_mc.py)",
        rows=("escapee_suicide/E01",),
        raw=("escapee_suicide/E01", "kostat_deaths/K1"),
        sources=("wi-2024", "kostat"),
    )
    rich = provenance_html(v.text, _meta(v), sources=NAMES)
    tip = rich[rich.index('role="tooltip">') :]
    said = (
        'Computed from <a href="#source-wi-2024">Wi Sung-lac (2024)\u00a0[12]</a> and '
        '<a href="#source-kostat">Statistics Korea (2024)\u00a0[3]</a>: observed / expected.'
    )
    assert said in tip
    assert not any(s in tip for s in ("E01", "escapee_suicide", ".py", "trace", "python"))
    assert rich.startswith('<span class="value has-provenance" tabindex="0" data-key="suicide.primary.ratio">1.62')
    methods = provenance_html(v.text, _meta(v), METHODS, NAMES)  # the technical trace in addition
    assert said in methods and "processed rows escapee_suicide/E01" in methods
    assert "python -m analysis trace suicide.primary.ratio" in methods


def test_reader_tooltip_counts_many_sources_and_names_a_parameter_in_words():
    many = Value.of(7, sources=[f"s{i}" for i in range(20)])
    tip = provenance_html("7", _meta(many))
    assert "From " in tip and "17 other sources [" in tip and tip.count("<a ") == 3 + 12
    param = Value.parameter("counts_series", "wi_sung_lac_2024", text="Wi Sung-lac (2024)")
    tip = provenance_html(param.text, _meta(param))
    assert "Set by a choice of this analysis (a build parameter, listed in" in tip and "counts_series" not in tip
    assert 'href="#tab-parameters"' in tip


def test_only_numbers_are_underlined_words_get_a_marker():
    assert all(is_figure(t) for t in ("1.62", "22,351", "July 2024", "2013-2022", "six", "2.05 and 2.07"))
    assert not any(
        is_figure(t)
        for t in ("Wi Sung-lac (2024)", "weak to moderate", "196 in 2023, 236 in 2024 and 223 in 2025", "", "x")
    )
    words = Value.of("s", text="five supported and nine supported with caveats", sources=("kostat",))
    rich = provenance_html(words.text, _meta(words), sources=NAMES)
    assert rich.startswith('<span class="value words" data-key="suicide.primary.ratio">five supported and nine')
    assert '<span class="source-note" tabindex="0"><span class="provenance" role="tooltip">' in rich
    assert "has-provenance" not in rich


def test_derived_value_unions_provenance_in_order_without_repeats():
    a = Value.of(1, rows=["t/1"], sources=["s1"])
    b = Value.of(2, rows=["t/2"], sources=["s1", "s2"])
    c = Value.derived(0.5, ".2f", [a, b], method="a / b")
    assert c.text == "0.50"
    assert c.rows == ("t/1", "t/2") and c.sources == ("s1", "s2")


class Part(Record):
    x: Value


class Example(Findings):
    SECTION = "example"
    top: Value
    parts: list[Part]
    by_year: dict[int, Value]


def test_findings_assign_keys_by_place_and_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_PROCESSED_DIR", str(tmp_path))
    f = Example(top=Value.of(1), parts=[Part(x=Value.of(2))], by_year={2020: Value.of(3)})
    assert set(f.values()) == {"example.top", "example.parts[0].x", "example.by_year.2020"}
    f.save()
    assert Example.load() == f


def test_expressions_are_found_in_order():
    assert expressions("A {eval}`F.a` and {eval}`F.b[1]`, again {eval}`F.a`.") == ["F.a", "F.b[1]", "F.a"]


def _stored(expr, plain, html=None):
    data = {"text/plain": plain} | ({"text/html": html} if html else {})
    return {"expression": expr, "result": {"status": "ok", "data": data, "metadata": {}}}


def test_substitute_html_and_latex_targets():
    stored = [_stored("F.a", "1.70", '<span class="value">1.70</span>'), _stored("F.w", "'a_b'")]
    src = "Ratio {eval}`F.a`, word {eval}`F.w`."
    assert substitute(src, stored, "html", "c") == 'Ratio <span class="value">1.70</span>, word a\\_b.'
    assert substitute(src, stored, "latex", "c") == "Ratio 1.70, word a\\_b."


def test_substitute_without_stored_result_is_an_error():
    with pytest.raises(BuildError, match=r"\{eval\}`F.b` has no stored result"):
        substitute("{eval}`F.a` {eval}`F.b`", [_stored("F.a", "1")], "html", "cell 3")


@pytest.mark.parametrize("source", ["Ratio {eval}``.", "Ratio {eval}`  ` and more", "Ratio {eval} 2", "{eval}"])
def test_a_placeholder_without_an_expression_is_refused_never_published(source):
    assert malformed(source) is not None
    with pytest.raises(BuildError, match=r"cell 4: an \{eval\} placeholder without an expression"):
        substitute(source, [], "html", "cell 4")


def test_well_formed_placeholders_are_not_malformed():
    assert malformed("A {eval}`F.a` and {eval}` F.b `, no placeholder: {evaluation}") is None


def test_markdown_text_escapes_what_markdown_would_interpret():
    assert markdown_text("a*b_c [d] $5") == "a\\*b\\_c \\[d\\] \\$5"


def test_a_parameter_value_traces_to_its_declaration():
    v = Value.parameter("suicide_period_start", 2013, "d")
    assert v.has_provenance() and v.params == ("suicide_period_start",)
    assert "parameters suicide_period_start (Appendix A)" in v.provenance()
    assert Value.derived(2022 - 2013, "d", [v], method="span").params == ("suicide_period_start",)


def test_cells_whose_condition_the_build_found_false_are_left_out():
    import nbformat

    from analysis.build.myst import InlineExpressionPreprocessor

    nb = nbformat.v4.new_notebook()
    shown = nbformat.v4.new_markdown_cell("The ratio is {eval}`F.a`.", metadata={"show_if": "F.ok", "shown": True})
    shown.metadata["user_expressions"] = [_stored("F.a", "1.24")]
    hidden = nbformat.v4.new_markdown_cell(
        "No estimate: {eval}`F.b`.", metadata={"show_if": "not F.ok", "shown": False}
    )
    plain = nbformat.v4.new_markdown_cell("Always.")
    nb.cells = [shown, hidden, plain]
    out, _ = InlineExpressionPreprocessor(target="latex").preprocess(nb, {})
    # the hidden cell's expression was never evaluated, and nothing asks for it
    assert [c.source for c in out.cells] == ["The ratio is 1.24.", "Always."]


def test_a_record_from_a_row_copies_the_columns_of_its_fields_and_takes_the_rest_as_given():
    import pandas as pd

    class Row(Record):
        name: str
        count: int
        shown: str

    frame = pd.DataFrame({"name": ["a", "b"], "count": [1, 2], "other": ["x", "y"]})
    by_tuple = [Row.from_row(r, shown=f"{r.name}={r.count}") for r in frame.itertuples()]
    by_series = [Row.from_row(r, shown=f"{r['name']}={r['count']}") for _, r in frame.iterrows()]
    assert by_tuple == by_series == [Row(name="a", count=1, shown="a=1"), Row(name="b", count=2, shown="b=2")]
    assert Row.from_row(frame.iloc[0], count=7, shown="").count == 7  # given wins over the column
    with pytest.raises(KeyError, match="shown"):  # a field neither given nor a column
        Row.from_row(frame.iloc[0])
