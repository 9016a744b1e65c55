"""What the notebooks call to present results: numbered figures and tables, computed prose, one style.

- ``setup()`` once per notebook: figure style (colour-blind-safe Okabe-Ito palette, labelled axes),
  deterministic figure files.
- ``md(text)``: prose with computed numbers, shown as Markdown (so no number is typed by hand).
- ``figure(fig, key, caption, alt, source)``: saves ``reports/figures/<key>.png`` (200 dpi) and ``.pdf``
  (vector) and shows the PNG, with alt text in the HTML, under a numbered caption. The PDF report embeds
  the 200-dpi PNG (sharp in print, and a real image that pdfimages can find).
- ``table(df, key, caption)``: a numbered table, as HTML and as a booktabs LaTeX table.
- ``ref("fig:key")`` / ``ref("tab:key")``: "Figure 3" / "Table 2", numbered by the order in
  ``FIGURES`` and ``TABLES`` below, which is the order they appear in the report.
"""

from __future__ import annotations

import base64
import html
import io as _io
import re
from typing import Any
from urllib.parse import quote

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from analysis import paths
from analysis.io import atomic_write_bytes
from analysis.present.values import Value


# Report order of every figure and table; a test checks each appears exactly once in the report.
FIGURES: tuple[str, ...] = (
    # 3 Arrivals
    "arrivals_by_sex",
    "women_share",
    # 4 Suicide
    "suicide_estimates",
    "suicide_specification",
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
    # 5 OECD
    "oecd_ranking",
    # 6 Surveys
    "survey_summary",
    "survey_nkdb",
    "survey_cited",
    # 7 Claim audit
    "claim_audit",
    # Appendices
    "references",
    "parameters",
    "raw_files",
)

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}
WOMEN, MEN, TOTAL, REFERENCE = PALETTE["vermillion"], PALETTE["blue"], PALETTE["black"], PALETTE["sky"]


def setup() -> None:
    """Figure style and table rendering for a report notebook."""
    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 3.3),
            "figure.dpi": 110,
            "savefig.dpi": 200,
            "font.family": "DejaVu Sans",
            "font.size": 9.5,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "axes.prop_cycle": mpl.cycler(color=[PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky", "black")]),
            "legend.frameon": False,
            "svg.hashsalt": "nk-escapees",
            "pdf.compression": 9,
        }
    )
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)


def ref(label: str) -> Value:
    """'fig:key' -> 'Figure N', 'tab:key' -> 'Table N' (numbered by report order), as a value for prose."""
    kind, _, key = label.partition(":")
    registry, word = (FIGURES, "Figure") if kind == "fig" else (TABLES, "Table")
    if kind not in ("fig", "tab") or key not in registry:
        raise KeyError(f"unknown reference {label!r}: add the key to FIGURES or TABLES in analysis/present/report.py")
    return Value.of(f"{word} {registry.index(key) + 1}")


def md(text: str) -> None:
    display(Markdown(text))


_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                  "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


# Hangul, CJK symbols and ideographs: typeset in the report template's \cjkfont (Nanum Myeongjo), since
# DejaVu has no Korean glyphs and xelatex would drop them silently (the build fails on that instead).
CJK_RUN = re.compile(r"[\u1100-\u11ff\u3000-\u303f\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef]+")


def escape_latex(text: str) -> str:
    """Plain text -> LaTeX (captions are plain text: no Markdown inside them)."""
    return with_cjk_font("".join(_LATEX_SPECIAL.get(ch, ch) for ch in text))


def with_cjk_font(latex: str) -> str:
    r"""Wrap each run of Korean or Chinese characters in ``{\cjkfont ...}``."""
    return CJK_RUN.sub(lambda m: "{\\cjkfont " + m.group(0) + "}", latex)


def display_url(url: str) -> str:
    """A URL with its non-ASCII characters percent-encoded (the same address, printable in any font)."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def _caption(label: str, caption: str) -> None:
    """A figure's caption as Markdown for HTML and as LaTeX kept on the same page as the figure above."""
    keep = "\\nopagebreak[4]"
    latex = f"{keep}\\par\\noindent\\textbf{{{label}.}} {escape_latex(caption)}\\par\\nopagebreak[4]\n"
    display({"text/markdown": f"**{label}.** {caption}", "text/latex": latex, "text/plain": f"{label}. {caption}"},
            raw=True)


def _png_and_pdf(fig: Any) -> tuple[bytes, bytes]:
    png, pdf = _io.BytesIO(), _io.BytesIO()
    fig.savefig(png, format="png", bbox_inches="tight", metadata={"Software": None})
    fig.savefig(pdf, format="pdf", bbox_inches="tight", metadata={"CreationDate": None, "Producer": None, "Creator": None})
    return png.getvalue(), pdf.getvalue()


def figure(fig: Any, key: str, caption: str, alt: str, source: str) -> None:
    """Show a numbered figure with its source line, alt text and caption; save PNG and PDF files."""
    label = ref(f"fig:{key}").text
    # the source line goes below everything already drawn (axis labels, a legend under the axes)
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    fig.text(box.x0 / fig.get_figwidth(), box.y0 / fig.get_figheight() - 0.02, f"Source: {source}", ha="left",
             va="top", fontsize=8, color="#444444", transform=fig.transFigure, wrap=True)
    png, pdf = _png_and_pdf(fig)
    plt.close(fig)
    atomic_write_bytes(paths.figures() / f"{key}.png", png)
    atomic_write_bytes(paths.figures() / f"{key}.pdf", pdf)
    display(
        {"image/png": base64.b64encode(png).decode(), "text/plain": f"{label}: {alt}"},
        raw=True,
        metadata={"image/png": {"alt": f"{label}. {alt}", "width": 680}},
    )
    _caption(label, caption)


def table(
    df: pd.DataFrame,
    key: str,
    caption: str,
    *,
    formats: dict[str, str] | None = None,
    colspec: str | None = None,
    long: bool = False,
    note: str | None = None,
    urls: tuple[str, ...] = (),
) -> None:
    """Show a numbered table: caption above, HTML for the browser, a booktabs table for the PDF.

    ``formats`` maps column -> format string ("{:,.0f}"); ``colspec`` is the LaTeX column spec, with
    ``p{4cm}`` columns for long text; ``long`` uses a longtable that can break across pages; ``urls``
    names columns of web addresses, shown as links.
    """
    label = ref(f"tab:{key}").text
    shown = df.reset_index(drop=True)
    plain = [c for c in shown.columns if c not in urls]
    # a fixed uuid and no cell ids: pandas' Styler otherwise stamps random ids into the HTML
    html_styler = shown.style.set_uuid(key).hide(axis="index").format(formats or {}, subset=plain, na_rep="–",
                                                                      escape="html")
    html_styler.cell_ids = False
    text_columns = [c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c])]
    html_styler = html_styler.set_properties(subset=text_columns, **{"text-align": "left"})
    latex_styler = shown.style.hide(axis="index").format(formats or {}, subset=plain, na_rep="–", escape="latex")
    if urls:
        html_styler = html_styler.format(lambda u: f'<a href="{html.escape(u)}">{html.escape(u)}</a>', subset=list(urls))
        latex_styler = latex_styler.format(lambda u: f"\\url{{{display_url(u)}}}", subset=list(urls))
    # \hspace{0pt} lets TeX hyphenate a header's first word, so narrow columns' headers wrap, not overflow
    latex_styler = latex_styler.format_index(lambda c: "\\hspace{0pt}" + escape_latex(str(c)), axis=1)
    latex = latex_styler.to_latex(
        hrules=True,
        column_format=colspec,
        environment="longtable" if long else None,
    )
    latex = with_cjk_font(latex)
    title = f"\\noindent\\textbf{{{label}.}} {escape_latex(caption)}\\par\\nopagebreak[4]\\smallskip\n"
    if not long:  # caption and table in one unbreakable box: they never land on different pages
        latex = ("\\par\\noindent\\begin{minipage}{\\linewidth}\n" + title
                 + "\\begin{center}\\footnotesize\n" + latex + "\\end{center}\n\\end{minipage}\\par\n")
    else:  # a long table breaks across pages; its caption is part of its first head, so never left behind
        caption_row = f"\\caption*{{\\normalsize\\textbf{{{label}.}} {escape_latex(caption)}}}\\\\\n"
        latex = "{\\footnotesize\n" + latex.replace("\\toprule", caption_row + "\\toprule", 1) + "}\n"
    heading = f"<p><strong>{label}.</strong> {html.escape(caption)}</p>\n"
    display({"text/html": heading + html_styler.to_html(), "text/latex": latex,
             "text/plain": f"{label}. {caption}\n" + shown.to_string(index=False)}, raw=True)
    if note:
        md(f"*Note:* {note}")
