"""The numbering of the report's figures and tables, declared once: their keys in report order.

``report.figure(fig, key, ...)`` and ``report.table(df, key, ...)`` number a figure or table by its place
here; ``ref("fig:key")`` gives "Figure N" for prose, in findings as in notebooks, so a pointer follows the
report when it is renumbered. A figure or table added to the report is added here, at its place; a test of
the built report checks that each key appears exactly once, in this order.
"""

from __future__ import annotations

FIGURES: tuple[str, ...] = (
    # 3 Arrivals
    "arrivals_by_sex",
    "women_share",
    # 4 Suicide
    "suicide_estimates",
    "suicide_specification",
    "bias_diagram",
    # 5 OECD
    "oecd_korea",
    # 6 Surveys
    "survey_labour",
    "survey_wellbeing",
)
TABLES: tuple[str, ...] = (
    # 1 Introduction
    "claims_overview",
    # 3 Arrivals
    "arrivals_summary",
    # 4 Suicide
    "suicide_published",
    "suicide_change",
    "suicide_sensitivity",
    "suicide_bias_priors",
    # 5 OECD
    "oecd_ranking",
    # 6 Surveys
    "survey_summary",
    "survey_gaps",
    "survey_sex",
    "survey_nkdb",
    "survey_cited",
    # 7 Claim audit
    "claim_rules",
    "claim_audit",
    "article_sentences",
    # Appendices
    "parameters",
    "raw_files",
    "gather",
    "search_log",
)


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


def ref(label: str) -> Reference:
    """'fig:key' -> 'Figure N', 'tab:key' -> 'Table N' (numbered by report order), linked to it."""
    kind, _, key = label.partition(":")
    registry, word = (FIGURES, "Figure") if kind == "fig" else (TABLES, "Table")
    if kind not in ("fig", "tab") or key not in registry:
        raise KeyError(f"unknown reference {label!r}: add the key to FIGURES or TABLES in analysis/core/numbering.py")
    return Reference(f"{word} {registry.index(key) + 1}", f"{kind}-{key}")
