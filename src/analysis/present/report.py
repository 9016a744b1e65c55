"""What the notebooks (and the section modules in present/) call to present results: numbered figures and
tables, citations, references, one style.

- ``setup()`` once per notebook: figure style (colour-blind-safe Okabe-Ito palette, labelled axes).
- ``figure(fig, key, caption, alt, source, data=df)``: saves ``reports/figures/<key>.png`` (200 dpi),
  ``.pdf`` (vector) and, with ``data``, ``<key>.csv``; shows the figure with its alt text, numbered caption
  and (HTML) a "Data (CSV)" download embedded in the page. In the PDF it is a float with its caption below.
  Text that would print below 7 pt is enlarged.
- Labels on figures: ``reference_line(ax, y, label)`` (a dashed line with its label set beside it, never on
  it), ``label_points(ax, [(x, y, text, colour), ...])`` (labels at each series' own point, moved apart so
  they never overlap), ``label_ends(ax)`` (each line labelled once at its last point: instead of a legend).
- ``records_frame(records, {"Header": "attribute", ...})``: a table's frame, one row per findings record,
  each column an attribute of the record (or a function of it).
- ``table(df, key, caption, formats=..., note=..., urls=...)``: a numbered table; widths, type size,
  orientation, float or page-breaking table all follow from the content (``analysis.present.typeset``).
  A column whose header mentions "source" and holds source ids is shown as citation numbers.
- ``cite(*source_ids)``: "[3, 12]", linked to the references in the HTML; numbers follow
  ``data/raw/sources.csv``. ``bibliography(sources_df)``: the references as a numbered list (compact in the
  PDF, with full addresses in the HTML, each entry the target ``#source-<id>``).
- ``ref("fig:key")`` / ``ref("tab:key")``: "Figure 3" / "Table 2", numbered by the order in ``FIGURES`` and
  ``TABLES``, which is the order they appear in the report (declared once, in ``analysis.core.numbering``).
"""

from __future__ import annotations

import base64
import html
import io as _io
import re
from collections.abc import Callable, Iterable
from operator import attrgetter
from pathlib import Path
from typing import Any
from urllib.parse import quote

import matplotlib as mpl
import pandas as pd
from IPython.display import Markdown, display

from analysis import paths
from analysis.atomic import atomic_write_bytes
from analysis.core import citations
from analysis.core.links import link_latex
from analysis.core.numbering import FIGURES, TABLES, ref  # noqa: F401 (FIGURES, TABLES: report.FIGURES for tests)
from analysis.core.values import SourceName
from analysis.present import typeset

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
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
            "axes.prop_cycle": mpl.cycler(
                color=[PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky", "black")]
            ),
            "legend.frameon": False,
            "svg.hashsalt": "nk-escapees",
            "pdf.compression": 9,
            "pdf.fonttype": 42,  # TrueType, so the PDF's figures keep searchable, extractable text
        }
    )
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)


def md(text: str) -> None:
    display(Markdown(text))


def source(*names: str) -> None:
    """The code of the functions a section uses, shown where it uses them (the methods edition): each named by
    its dotted path ('analysis.methods.stats.smr'), shown whole with its docstring and its file."""
    import importlib
    import inspect

    for name in names:
        module, _, attr = name.rpartition(".")
        function = getattr(importlib.import_module(module), attr)
        where = paths.rel(Path(inspect.getsourcefile(function)))
        md(f"`{name}` ({where}):\n\n```python\n{inspect.getsource(function)}```")


_LATEX_SPECIAL = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}


# Hangul, CJK symbols and ideographs: typeset in the report template's \cjkfont (Nanum Myeongjo), since
# DejaVu has no Korean glyphs and xelatex would drop them silently (the build fails on that instead).
CJK_RUN = re.compile(r"[\u1100-\u11ff\u3000-\u303f\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef]+")


def escape_latex(text: str) -> str:
    """Plain text -> LaTeX (captions are plain text: no Markdown inside them), its straight quotes typographic
    by the rule the HTML's text gets (:func:`typeset.quotes`): xelatex would print every straight double quote
    as a closing one."""
    return with_cjk_font("".join(_LATEX_SPECIAL.get(ch, ch) for ch in typeset.quotes(text)))


def with_cjk_font(latex: str) -> str:
    r"""Wrap each run of Korean or Chinese characters in ``{\cjkfont ...}``."""
    return CJK_RUN.sub(lambda m: "{\\cjkfont " + m.group(0) + "}", latex)


def display_url(url: str) -> str:
    """A URL with its non-ASCII characters percent-encoded (the same address, printable in any font)."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def _png_and_pdf(fig: Any) -> tuple[bytes, bytes]:
    png, pdf = _io.BytesIO(), _io.BytesIO()
    fig.savefig(png, format="png", bbox_inches="tight", metadata={"Software": None})
    fig.savefig(
        pdf, format="pdf", bbox_inches="tight", metadata={"CreationDate": None, "Producer": None, "Creator": None}
    )
    return png.getvalue(), pdf.getvalue()


# ------------------------------------------------------------------------------------------- figures

PRINT_WIDTH_IN = typeset.TEXTWIDTH / 72.27  # the PDF's text width, inches: figures print at most this wide
PRINT_HEIGHT_IN = 0.7 * typeset.TEXTHEIGHT / 72.27
MIN_PRINT_PT = 7.0  # no text in a figure smaller than this at print size


def print_scale(fig: Any) -> float:
    """Factor by which the PDF shrinks the figure (1 when it prints at its own size)."""
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    return min(1.0, PRINT_WIDTH_IN / box.width, PRINT_HEIGHT_IN / box.height)


def legible(fig: Any, min_pt: float = MIN_PRINT_PT) -> float:
    """Enlarge any text of the figure that would print smaller than ``min_pt`` points; return the scale."""
    from matplotlib.text import Text

    scale = print_scale(fig)
    for _ in range(3):
        small = [
            t
            for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and t.get_fontsize() * scale < min_pt - 0.01
        ]
        if not small:
            break
        for t in small:
            t.set_fontsize(min_pt / scale + 0.05)
        scale = print_scale(fig)
    return scale


def reference_line(
    ax: Any,
    value: float,
    label: str,
    *,
    axis: str = "y",
    color: str = REFERENCE,
    linestyle: str = "--",
    where: str = "end",
    fontsize: float | None = None,
) -> Any:
    """A horizontal (``axis="y"``) or vertical (``axis="x"``) reference line with its label set clear of it:
    beside the line, never on it, on a white ground so that no other line strikes it through.

    ``where``: "end" (right end / top) or "start" (left end / bottom) of the line. Returns the label.
    """
    from matplotlib.transforms import blended_transform_factory

    end = where == "end"
    if axis == "y":
        ax.axhline(value, color=color, linestyle=linestyle, linewidth=1.1, zorder=1.5)
        trans = blended_transform_factory(ax.transAxes, ax.transData)
        xy, offset, ha, va = (
            (1.0 if end else 0.0, value),
            (-2 if end else 2, 2.5),
            ("right" if end else "left"),
            "bottom",
        )
    else:
        ax.axvline(value, color=color, linestyle=linestyle, linewidth=1.1, zorder=1.5)
        trans = blended_transform_factory(ax.transData, ax.transAxes)
        xy, offset, ha, va = (value, 1.0 if end else 0.0), (3, -2 if end else 2), "left", ("top" if end else "bottom")
    return ax.annotate(
        label,
        xy=xy,
        xycoords=trans,
        xytext=offset,
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=fontsize or mpl.rcParams["font.size"] * 0.9,
        color="#333333",
        zorder=6,
        bbox={"boxstyle": "square,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
    )


def label_points(
    ax: Any,
    labels: list[tuple[float, float, str, str]],
    *,
    gap: float | None = None,
    dx: float = 4.0,
    fontsize: float | None = None,
) -> list[Any]:
    """Label points ``(x, y, text, colour)`` just right of each, moved apart vertically (never overlapping).

    Give each series ONE label at its own data point (its last, or where it matters), not at another
    series' x. Call after the axes' limits are final.
    """
    if not labels:
        return []
    fontsize = fontsize or mpl.rcParams["font.size"] * 0.9
    gap = gap or fontsize * 1.25
    fig = ax.figure
    to_pt = 72.0 / fig.dpi
    ys = [ax.transData.transform((x, y))[1] * to_pt for x, y, _, _ in labels]
    order = sorted(range(len(labels)), key=lambda i: ys[i])
    placed = [ys[i] for i in order]
    for _ in range(50):  # push apart, then recentre on the points, until stable
        moved = False
        for k in range(1, len(placed)):
            if placed[k] - placed[k - 1] < gap - 1e-6:
                mid = (placed[k] + placed[k - 1]) / 2
                placed[k - 1], placed[k] = mid - gap / 2, mid + gap / 2
                moved = True
        if not moved:
            break
    texts: list[Any] = [None] * len(labels)
    for rank, i in enumerate(order):
        x, y, text, colour = labels[i]
        texts[i] = ax.annotate(
            text,
            xy=(x, y),
            xytext=(dx, placed[rank] - ys[i]),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=fontsize,
            color=colour,
            zorder=6,
            annotation_clip=False,
        )
    return texts  # in the order of ``labels``


def label_ends(ax: Any, lines: list[Any] | None = None, **kwargs: Any) -> list[Any]:
    """Label each line of the axes (its ``label``) once, at its own last finite point; see label_points."""
    import numpy as np

    items = []
    for line in lines if lines is not None else ax.get_lines():
        name = line.get_label()
        if not name or name.startswith("_"):
            continue
        x, y = np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)
        ok = np.isfinite(x) & np.isfinite(y)
        if ok.any():
            items.append((x[ok][-1], y[ok][-1], name, line.get_color()))
    return label_points(ax, items, **kwargs)


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def data_uri(data: pd.DataFrame) -> tuple[str, bytes]:
    """A DataFrame as CSV bytes and as a ``data:`` URI (a download that needs no network and no server)."""
    index = not isinstance(data.index, pd.RangeIndex)
    csv = data.to_csv(index=index, lineterminator="\n").encode("utf-8")
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(csv).decode(), csv


def data_link(data: pd.DataFrame, key: str, label: str) -> tuple[str, bytes]:
    """The HTML's "Data (CSV)" download of a figure's or table's numbers (embedded in the page), and the CSV."""
    uri, csv = data_uri(data)
    link = (
        f' <a class="data-link" download="{html.escape(key)}.csv" href="{uri}">'
        f'Data (CSV)<span class="visually-hidden"> for {html.escape(label)}</span></a>'
    )
    return link, csv


#: height over width above which a figure floats instead of being set where it stands: on the A4 page (text 16.2 by
#: 25.3 cm) such a figure takes more than half the text height
TALL_FIGURE_ASPECT = 0.8


def figure(
    fig: Any,
    key: str,
    caption: str,
    alt: str,
    source: str,
    *,
    cited: Iterable[str] = (),
    computed: str = "",
    data: pd.DataFrame | None = None,
) -> None:
    """Show a numbered figure with its alt text and caption, the caption ending in its source; save PNG, PDF
    (and CSV) files.

    ``source``: where the figures drawn come from, in words (a reader's words: no file or command), and
    ``cited``: the ids of the sources it names, cited by number after it and linked to the references;
    ``computed``: what the report computed from them, said after the citation ('shares computed here').

    ``data``: the numbers drawn, as a DataFrame (one row per point, readable column names, units in the
    names); the HTML offers it as a CSV download embedded in the page, and ``reports/figures/<key>.csv``
    is written. Text that would print below 7 pt is enlarged. In the PDF the figure is a float with its
    caption below it, never separated from it.
    """
    label = ref(f"fig:{key}").text
    citation = cite(*cited) if cited else None
    said = f"Source: {source.rstrip('.')}"
    after = f"; {computed}." if computed else "."
    said_plain = f"{said} {citation}{after}" if citation else f"{said}{after}"
    said_html = f"{html.escape(said)} {citation._html()}{html.escape(after)}" if citation else html.escape(said_plain)
    numbers = {n: s for s, n in citations.numbers().items()}  # every '[14]' of the caption links to its reference
    legible(fig)
    for text in fig.findobj(mpl.text.Text):
        text.set_text(typeset.quotes(text.get_text()))
    png, pdf = _png_and_pdf(fig)
    import matplotlib.pyplot as plt  # here: a notebook that draws nothing does not import it

    plt.close(fig)
    atomic_write_bytes(paths.figures() / f"{key}.png", png)
    atomic_write_bytes(paths.figures() / f"{key}.pdf", pdf)
    width_px, height_px = _png_size(png)
    width = 680
    height = round(width * height_px / width_px)
    link = ""
    if data is not None:
        link, csv = data_link(data, key, label)
        atomic_write_bytes(paths.figures() / f"{key}.csv", csv)
    b64 = base64.b64encode(png).decode()
    html_figure = (
        f'<figure class="report-figure" id="fig-{html.escape(key)}">'
        f'<img src="data:image/png;base64,{b64}" alt="{html.escape(label)}. {html.escape(alt)}" '
        f'width="{width}" height="{height}">'
        f"<figcaption><strong>{html.escape(label)}.</strong> {html.escape(caption)} "
        f'<span class="figure-source">{said_html}</span>{link}</figcaption></figure>'
    )
    # a figure taller than about half the text height floats (top of a page, or a page of its own): set where it
    # stands, it would leave the rest of a page empty whenever it did not fit below the text before it
    placement = "tbp" if height_px / width_px > TALL_FIGURE_ASPECT else "H"
    latex_float = (
        f"\\begin{{figure}}[{placement}]\n\\centering\n"
        "\\adjustimage{max size={\\linewidth}{0.7\\textheight}}{@@FILE@@}\\par\\smallskip\n"
        f"\\caption*{{\\phantomsection\\label{{fig-{key}}}\\textbf{{{label}.}} "
        f"{link_latex(escape_latex(f'{caption} {said_plain}'), numbers)}}}\n"
        "\\end{figure}\n"
    )
    # the PDF edition prints the vector file (nbconvert's LaTeX prefers application/pdf to image/png)
    display(
        {
            "application/pdf": base64.b64encode(pdf).decode(),
            "image/png": b64,
            "text/html": html_figure,
            "text/plain": f"{label}. {caption} {said_plain}",
        },
        raw=True,
        metadata={"image/png": {"alt": f"{label}. {alt}", "width": width, "latex_float": latex_float}},
    )


# -------------------------------------------------------------------------------------------- tables


def records_frame(records: Iterable[Any], columns: dict[str, str | Callable[[Any], Any]]) -> pd.DataFrame:
    """A frame with one row per record (a findings record) and the columns in the order given: each header
    maps to the record's attribute of that name (dotted for a nested one: ``"reported.text"``) or to a
    function of the record."""
    records = list(records)
    getters = {header: attrgetter(c) if isinstance(c, str) else c for header, c in columns.items()}
    return pd.DataFrame({header: [get(r) for r in records] for header, get in getters.items()})


def table(
    df: pd.DataFrame,
    key: str,
    caption: str,
    *,
    formats: dict[str, Any] | None = None,
    colspec: str | None = None,
    long: bool | None = None,
    note: str | None = None,
    urls: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
    landscape: bool | None = None,
    badges: tuple[str, ...] = (),
    group_by: str | None = None,
) -> None:
    """Show a numbered table: caption above, a plain HTML table for the browser, a booktabs table for the PDF.

    ``formats`` maps column -> format string ("{:,.0f}") or function; ``urls`` names columns of web
    addresses (links). Column widths, type size and orientation come from the content (see
    :mod:`analysis.present.typeset`): ``colspec`` is accepted for old callers and ignored; ``long``
    forces (True) or forbids (False) a table that breaks across pages, ``landscape`` a landscape page.
    A column whose header mentions "source" (or is named in ``sources``) and whose cells start with source
    ids is shown as citation numbers ([12]) linked to the references, with any text after the ids ("id; note")
    kept. ``note`` is plain text printed under the table. The HTML offers the table's data as a CSV download.
    ``badges`` names columns whose cells are labels (a verdict): a styled label in the HTML, bold in the PDF, the
    text the same in both. ``group_by``: a column (not shown) labelling each row's group, set as a row of its own.
    """
    label, shown = ref(f"tab:{key}").text, df.reset_index(drop=True)
    groups = _row_groups(shown.pop(group_by).tolist(), key) if group_by is not None else None
    html_cols = typeset.columns_from(shown, formats, urls, badges)
    cited = _citation_columns(html_cols, sources)
    cell_html = {}
    for c in html_cols:
        if c.name in cited:
            cell_html[c.name] = [
                (cite(*ids)._html() if ids else "–") + html.escape(rest) for ids, rest in cited[c.name]
            ]
    note_text = f"Note: {note}" if note else ""
    known = _source_numbers()
    row_ids = _source_row_ids(html_cols, known)
    tex_cols = typeset.columns_from(shown, formats, urls, badges)
    for c in tex_cols:
        if c.name in cited:
            c.cells = [(str(cite(*ids)) if ids else "–") + rest for ids, rest in cited[c.name]]
            c.numeric = not any(rest for _, rest in cited[c.name])
    lay = typeset.layout(tex_cols, long=long, landscape=landscape)
    # a table the PDF turns to landscape is printed from the HTML on a landscape page too
    html_out = typeset.html_table(
        html_cols,
        key,
        label,
        caption,
        html.escape(note_text),
        row_ids=row_ids,
        cell_html=cell_html,
        landscape=lay.landscape,
        data_link=data_link(shown, key, label)[0],
        groups=groups,
    )
    latex = typeset.latex_table(
        tex_cols,
        lay,
        label,
        escape_latex(caption),
        escape_latex,
        note_latex=escape_latex(note_text) if note_text else "",
        anchor=f"tab-{key}",
        groups=groups,
    )
    # 'Table 5', 'Section 4.8' and citations in the cells, caption and notes as links (the HTML's are made
    # when the page is finished, analysis.build.render)
    latex = link_latex(latex, {n: s for s, n in known.items()})
    display(
        {
            "text/html": html_out,
            "text/latex": latex,
            "text/plain": f"{label}. {caption}\n" + shown.to_string(index=False),
        },
        raw=True,
    )


def _row_groups(labels: list[str], key: str) -> dict[int, str]:
    """Each row that opens a group -> the group's label (the rows of a group must be together)."""
    groups = {i: g for i, g in enumerate(labels) if i == 0 or labels[i - 1] != g}
    if len(set(groups.values())) != len(groups):
        raise ValueError(f"table {key}: the rows of each group must be together")
    return groups


def _source_row_ids(columns: list[Any], known: dict[str, int]) -> list[str] | None:
    """A table listing the sources themselves (a first column of source ids) is the target of citations and
    provenance links: its rows' ids (``source-<id>``); None for any other table."""
    first = columns[0] if columns else None
    ids = first.cells if first and first.name.lower() in ("id", "source", "source_id") else []
    return [f"source-{i}" for i in ids] if ids and all(i in known for i in ids) else None


def _cited_cell(cell: str, known: dict[str, int]) -> tuple[list[str], str] | None:
    """A cell's leading source ids (separated by commas, spaces or semicolons) and the text after them
    ('; 3배 수준'); None when the cell starts with anything else."""
    segments = cell.split(";")
    ids: list[str] = []
    for i, segment in enumerate(segments):
        tokens = [t for t in re.split(r"[,\s]+", segment) if t and t not in ("–", "-")]
        if tokens and all(t in known for t in tokens):
            ids += tokens
        elif i == 0 and tokens:
            return None
        elif tokens:
            return ids, ";" + ";".join(segments[i:])
    return ids, ""


def _citation_columns(
    columns: list[typeset.Column], named: tuple[str, ...] = ()
) -> dict[str, list[tuple[list[str], str]]]:
    """Columns of source ids, shown as citation numbers: those whose header says 'source' (or is ``named``) and
    whose every cell starts with source ids or is empty; each cell as its ids and the text that follows them."""
    known = _source_numbers()
    out = {}
    for c in columns:
        if not known or ("source" not in c.name.lower() and c.name not in named):
            continue
        parsed = [_cited_cell(cell, known) for cell in c.cells]
        if None not in parsed and any(ids for ids, _ in parsed):
            out[c.name] = parsed
    return out


# -------------------------------------------------------------------------------------- references


def _sources_path() -> Any:
    processed = paths.processed() / "sources.csv"
    return processed if processed.is_file() else paths.RAW / "sources.csv"


def _source_numbers() -> dict[str, int]:
    """Source id -> its number in the bibliography (the order of data/raw/sources.csv, from 1)."""
    path = _sources_path()
    return citations.numbers(path) if path.is_file() else {}


def source_names() -> dict[str, SourceName]:
    """Source id -> its number in the bibliography and its name as a value's tooltip gives it in words:
    'Segye Ilbo (2022)', the publisher and the year of publication ('n.d.' where none is recorded)."""
    path = _sources_path()
    return citations.names(path) if path.is_file() else {}


class Citation:
    """Numbered citations of sources, '[12]', linked to their references in both editions: HTML links, and
    Markdown links for the PDF (typeset as ``\\hyperref`` to the label of the reference's entry)."""

    def __init__(self, ids: tuple[str, ...], numbers: tuple[int, ...]):
        self.ids, self.numbers = ids, numbers

    def __str__(self) -> str:
        return "[" + ", ".join(str(n) for n in self.numbers) + "]"

    def _html(self) -> str:
        links = ", ".join(
            f'<a href="#source-{html.escape(i)}" title="{html.escape(i)}">{n}</a>'
            for i, n in zip(self.ids, self.numbers, strict=False)
        )
        return f'<span class="cite">[{links}]</span>'

    def _markdown(self) -> str:
        links = ", ".join(f"[{n}](#source-{i})" for i, n in zip(self.ids, self.numbers, strict=False))
        return f"\\[{links}\\]"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": str(self), "text/html": self._html(), "text/markdown": self._markdown()}


def cite(*source_ids: str) -> Citation:
    """Cite sources by id: ``cite("segye-2022-01-13")`` -> [2] (numbers follow data/raw/sources.csv).

    In Markdown: ``{eval}`report.cite("segye-2022-01-13")```; in a table, put the ids in a column whose
    header mentions "source" and :func:`table` numbers them itself.
    """
    numbers = _source_numbers()
    unknown = [s for s in source_ids if s not in numbers]
    if unknown:
        raise KeyError(f"unknown source id(s) {', '.join(unknown)}: not in data/raw/sources.csv")
    ordered = sorted(dict.fromkeys(source_ids), key=lambda s: numbers[s])
    return Citation(tuple(ordered), tuple(numbers[s] for s in ordered))


def _short_link(url: str) -> str:
    """The address's host without 'www.' (the full address is the link's target)."""
    return typeset.host(url)


def _address_html(url: str) -> str:
    """An address as a link's text: its host, then the rest in a span that the printout leaves out (the
    printed reference shows the host, as the PDF does; on screen the whole address reads as one)."""
    m = re.match(r"(https?://[^/?#]+)(.*)", url, re.S)
    if not m or not m.group(2):
        return html.escape(url)
    return f'{html.escape(m.group(1))}<span class="address-rest">{html.escape(m.group(2))}</span>'


def bibliography(sources: Iterable[Any]) -> None:
    """The references as a numbered list: compact in the PDF (publisher, title, date, a short link), in
    full in the HTML (with the address, the id and the access date; each entry is the target
    ``#source-<id>`` of citations and of the provenance of values).

    ``sources``: the rows of data/raw/sources.csv (attributes named as its columns: source_id, publisher,
    title, url, date_published, accessed; text, empty where the file is), in that file's order.
    """
    numbers = _source_numbers()
    items_html, items_tex = [], []
    sources = list(sources)
    for row in sources:
        n = numbers.get(row.source_id)
        value = f' value="{n}"' if n else ""
        address = html.escape(row.url)
        date = f" {html.escape(row.date_published)}." if row.date_published.strip() else ""
        items_html.append(
            f'<li id="source-{html.escape(row.source_id)}"{value}>{html.escape(row.publisher)}. '
            f"<cite>{html.escape(row.title)}</cite>.{date} "
            f'<a href="{address}">{_address_html(row.url)}</a> <span class="source-id">(<span class="internal-id">id '
            f"{html.escape(row.source_id)}; </span>accessed {html.escape(row.accessed)})</span></li>"
        )
        url = display_url(row.url).replace("\\", "/").replace("%", "\\%").replace("#", "\\#")
        number = f"[{n}]" if n else ""
        parts = [escape_latex(p) for p in (row.publisher, row.title, row.date_published) if p.strip()]
        link = f"\\href{{{url}}}{{{escape_latex(_short_link(row.url))}}}" if row.url else ""
        accessed = f". Accessed {escape_latex(row.accessed)}" if row.accessed.strip() else ""
        target = f"\\phantomsection\\label{{source-{row.source_id}}}" if n else ""
        items_tex.append(f"\\item[{{{number}}}] {target}" + ". ".join(parts) + (". " + link if link else "") + accessed)
    html_out = '<ol class="bibliography">\n' + "\n".join(items_html) + "\n</ol>\n"
    latex = (
        "\\begingroup\\footnotesize\\raggedright\n\\begin{list}{}{\\setlength{\\leftmargin}{2.6em}"
        "\\setlength{\\labelwidth}{2.2em}\\setlength{\\labelsep}{0.4em}\\setlength{\\itemsep}{1pt}"
        "\\setlength{\\parsep}{0pt}\\setlength{\\topsep}{2pt}\\renewcommand{\\makelabel}[1]{\\hfill #1}}\n"
        + "\n".join(items_tex)
        + "\n\\end{list}\\endgroup\n"
    )
    display(
        {
            "text/html": html_out,
            "text/latex": latex,
            "text/plain": "\n".join(f"{numbers.get(r.source_id, '')} {r.source_id}" for r in sources),
        },
        raw=True,
    )
