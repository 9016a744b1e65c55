"""The abstract's findings: read from the sections' and the audit's findings, never recomputed."""

import re

import nbformat
import pytest
from conftest import reading_sections

from analysis import params, paths
from analysis.findings import introduction


@pytest.fixture(scope="module")
def intro(tables, sections, audited):
    A, OE, S, SU = sections
    with reading_sections(sections):  # the abstract reads the OECD section through the audit's reader
        IF = introduction.findings(params.validate({}), A=A, F=audited, tables=tables)
    return IF, audited, A, OE, SU


def test_abstract_reads_the_audit_and_the_sections(intro):
    IF, F, A, OE, SU = intro
    assert IF.around_double == F.verdict("C10") and IF.around_double.category == SU.around_double.category
    assert IF.peak_arrivals == A.peak_arrivals and IF.korea_first_since == OE.run_start
    # data/raw/article_claims.csv: 11 quantitative claims, 14 qualitative
    assert (IF.audit_quantitative.value, IF.audit_qualitative.value) == (11, 14)
    # the numbers the build test looks for in the PDF: MOU's peak 2,914 (2009), women's share, the primary
    # estimate's crude ratio and SMR, and the first year of Korea's unbroken run at the top of the OECD (2018)
    assert IF.key_numbers(SU) == [
        "2,914",
        A.cumulative_women_share.text,
        SU.primary.crude.value.text,
        SU.primary.smr.value.text,
        "2018",
    ]


def test_abstract_quotes_the_article_by_claim_id(intro):
    IF = intro[0]
    assert IF.quotes["C10"].text.startswith("The suicide rate among North Korean escapees is around double")
    assert IF.quotes["C10"].sources == ("son-2024-australian-outlook",)


def test_abstract_is_structured_and_leads_with_suicide():
    nb = nbformat.read(paths.ROOT / "notebooks" / "00_introduction.ipynb", as_version=4)
    start = next(i for i, c in enumerate(nb.cells) if c.source.startswith("**Background.**"))
    end = next(i for i, c in enumerate(nb.cells) if "key-findings" in c.metadata.get("tags", []))
    abstract = "\n\n".join(c.source for c in nb.cells[start:end])
    heads = (
        "**Background.**",
        "**Methods.**",
        "**Results.**",
        "SU.combined_bias",
        "Arrivals peaked",
        "**Conclusions.**",
    )
    order = [abstract.index(k) for k in heads]
    assert order == sorted(order)
    assert "**Arrivals**" not in abstract  # no bold pseudo-heading inside the Results (the referee)
    # at most 300 words (issue 20) as shown, with or without a primary estimate, each inserted value one word
    for available in (True, False):
        shown = [
            c.source
            for c in nb.cells[start:end]
            if c.metadata.get("show_if", "").startswith("not ") != available or "show_if" not in c.metadata
        ]
        words = re.sub(r"\{eval\}`[^`]+`", "X", "\n\n".join(shown)).split()
        assert 150 < len(words) <= 300, (available, len(words))
    assert nb.cells[end].source.startswith("**Key findings**")  # the box follows the abstract
    # the primary estimate, or (in a build whose period has no counts) the gap: one of the two is shown
    shown = {c.metadata.get("show_if") for c in nb.cells[start:end] if c.source.startswith("**Results.**")}
    assert shown == {"SU.primary.available", "not SU.primary.available"}
    assert "F.reference_date" in abstract and "F.audit_quantitative_words" in abstract
    assert "F.audit_qualitative_words" in abstract
    assert "around_double.reason" not in abstract  # the conclusion is stated once, in Section 4.5
