"""The value type with provenance, the findings base class, and the {eval} machinery."""

import pytest

from analysis.build.kernel import expressions, malformed
from analysis.build.myst import markdown_text, substitute
from analysis.core.values import PROVENANCE_MIME, Findings, Record, Value, provenance_html
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
    assert "parameters suicide_period_start (Appendix B)" in v.provenance()
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
