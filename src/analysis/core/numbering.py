"""The numbering of the report's figures, tables and sections, declared once: their keys in report order.

``report.figure(fig, key, ...)`` and ``report.table(df, key, ...)`` number a figure or table by its place
here; ``ref("fig:key")`` gives "Figure N" for prose, in findings as in notebooks, so a pointer follows the
report when it is renumbered. A figure or table added to the report is added here, at its place; a test of
the built report checks that each key appears exactly once, in this order.

Sections are numbered in the notebooks' headings ("### 4.8 So, ..."); ``SECTIONS`` gives each numbered
heading a key, and ``ref("sec:key")`` gives "Section 4.8" (or "Appendix A") linked to that heading, whose
anchor is ``sec-<key>`` in both editions. The build fails when a numbered heading has no entry here, or an
entry no heading (:func:`section_key`), so a renumbered heading is renumbered here too.
"""

from __future__ import annotations

import re

FIGURES: tuple[str, ...] = (
    # 3 Arrivals
    "arrivals_by_sex",
    "women_share",
    # 4 Suicide
    "suicide_estimates",
    "bias_diagram",
    # 5 OECD
    "oecd_korea",
    # 6 Surveys
    "survey_labour",
    "survey_wellbeing",
)
TABLES: tuple[str, ...] = (
    # 1 Introduction: the verdict on each claim (the claim audit's table, printed early)
    "claim_verdicts",
)
#: The supplement's figures and tables, numbered S1, S2, ... in the order they appear after the References: the
#: detailed results of Sections S3-S7 (each section notebook's cells from its "S" heading on), then Appendices A-C.
SUPPLEMENT_FIGURES: tuple[str, ...] = (
    # S4 Suicide
    "suicide_specification",
)
SUPPLEMENT_TABLES: tuple[str, ...] = (
    # S3 Arrivals
    "arrivals_summary",
    # S4 Suicide
    "suicide_published",
    "suicide_change",
    "suicide_sensitivity",
    "suicide_bias_priors",
    # S5 OECD
    "oecd_ranking",
    # S6 Surveys
    "survey_gaps",
    "survey_summary",
    "survey_sex",
    "survey_nkdb",
    "survey_cited",
    # S7 Claim audit
    "claim_rules",
    "claim_audit",
    "article_sentences",
    # Appendices
    "parameters",
    "raw_files",
    "gather",
    "search_log",
)

#: Each numbered heading of the report (its number as the heading starts with it) by key, in report order.
SECTIONS: dict[str, str] = {
    "introduction": "1",
    "data": "2",
    "data_sources": "2.1",
    "methods_ratios": "2.2",
    "methods_primary": "2.3",
    "methods_surveys": "2.4",
    "arrivals": "3",
    "suicide": "4",
    "suicide_published": "4.1",
    "suicide_primary": "4.2",
    "suicide_adjusted": "4.3",
    "suicide_estimates": "4.4",
    "around_double": "4.5",
    "suicide_context": "4.6",
    "oecd": "5",
    "surveys": "6",
    "audit": "7",
    "discussion": "8",
    "discussion_main": "8.1",
    "discussion_published": "8.2",
    "discussion_timing": "8.3",
    "conclusion": "9",
    "limitations": "10",
    "declarations": "11",
    "arrivals_details": "S3",
    "suicide_details": "S4",
    "suicide_published_details": "S4.1",
    "suicide_age": "S4.2",
    "suicide_shares": "S4.3",
    "suicide_change": "S4.4",
    "suicide_misclassification": "S4.5",
    "suicide_curve": "S4.6",
    "suicide_combined_bias": "S4.7",
    "oecd_details": "S5",
    "surveys_details": "S6",
    "surveys_methods": "S6.1",
    "surveys_work": "S6.2",
    "surveys_sex": "S6.3",
    "surveys_wellbeing": "S6.4",
    "surveys_nkdb": "S6.5",
    "surveys_cited": "S6.6",
    "audit_detail": "S7",
    "audit_rules": "S7.1",
    "audit_findings": "S7.2",
    "audit_sentences": "S7.3",
    "audit_changes": "S7.4",
    "reproducibility": "A",
    "gather": "B",
    "cleaning": "C",
}
METHODS_ONLY_SECTIONS = frozenset({"cleaning"})  # headed in the methods edition only (the cleaning notebooks)


class Reference:
    """'Table 12' or 'Figure 3' in prose, linked to the table or figure in both editions: an HTML link to its id
    (``tab-<key>``, ``fig-<key>``) and, through the Markdown the PDF is typeset from, a hyperlink to the same
    target (a ``\\label`` beside its caption, which nbconvert's LaTeX links with ``\\hyperref``)."""

    def __init__(self, text: str, anchor: str):
        self.text, self.anchor = text, anchor

    def __str__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reference) and (self.text, self.anchor) == (other.text, other.anchor)

    def __hash__(self) -> int:
        return hash((self.text, self.anchor))

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {
            "text/plain": self.text,
            "text/html": f'<a class="xref" href="#{self.anchor}">{self.text}</a>',
            "text/markdown": f"[{self.text}](#{self.anchor})",
        }


def section_name(number: str) -> str:
    """'4.8' -> 'Section 4.8'; 'S4' -> 'Section S4' (the supplement); 'A' -> 'Appendix A'."""
    return f"Appendix {number}" if number.isalpha() else f"Section {number}"


def number(kind: str, key: str) -> str:
    """The number of a figure ('fig') or table ('tab') by its place in the report: '5' in the main text, 'S2' in
    the supplement (KeyError for a key declared in neither)."""
    main, supplement = (FIGURES, SUPPLEMENT_FIGURES) if kind == "fig" else (TABLES, SUPPLEMENT_TABLES)
    if key in main:
        return str(main.index(key) + 1)
    return f"S{supplement.index(key) + 1}"


def numbered(kind: str) -> list[tuple[str, str]]:
    """(number, key) of every figure ('fig') or table ('tab') in report order: the main text's, then the
    supplement's."""
    keys = (*FIGURES, *SUPPLEMENT_FIGURES) if kind == "fig" else (*TABLES, *SUPPLEMENT_TABLES)
    return [(number(kind, key), key) for key in keys]


def ref(label: str) -> Reference:
    """'fig:key' -> 'Figure N', 'tab:key' -> 'Table N' or 'Table SN' (numbered by report order), 'sec:key' ->
    'Section N.M', 'Section SN' or 'Appendix X' (as its heading is numbered), linked to it."""
    kind, _, key = label.partition(":")
    if kind == "sec" and key in SECTIONS:
        return Reference(section_name(SECTIONS[key]), f"sec-{key}")
    if kind not in ("fig", "tab") or key not in dict((k, n) for n, k in numbered(kind)):
        raise KeyError(
            f"unknown reference {label!r}: add the key to FIGURES, TABLES (or their SUPPLEMENT_ twins) or SECTIONS "
            "in analysis/core/numbering.py"
        )
    word = "Figure" if kind == "fig" else "Table"
    return Reference(f"{word} {number(kind, key)}", f"{kind}-{key}")


_NUMBERED_HEADING = re.compile(r"(S?\d+(?:\.\d+)*)\s|Appendix ([A-Z])\b")


def section_key(heading: str) -> str | None:
    """The key of a heading's section ('4.8 So, ...' -> 'around_double'), None for a heading without a number
    ('Abstract'); a numbered heading that SECTIONS does not list is an error."""
    m = _NUMBERED_HEADING.match(heading.strip())
    if not m:
        return None
    number = m.group(1) or m.group(2)
    for key, declared in SECTIONS.items():
        if declared == number:
            return key
    raise KeyError(f"heading {heading.strip()!r}: add its number {number} to SECTIONS in analysis/core/numbering.py")
