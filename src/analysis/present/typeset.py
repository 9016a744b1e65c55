"""Typesetting of tables for the two media, from the content: used by :func:`analysis.present.report.table`.

PDF (LaTeX): column widths are computed from the text itself, measured in the report's fonts (DejaVu
Serif, through matplotlib's font metrics) at the table's type size:

- every column gets at least its longest unbreakable piece of text and at most its longest cell;
  numeric columns (numbers, intervals, percentages) and short columns keep their natural width, the
  text columns share what is left in proportion to their length;
- text is set ragged right and never hyphenated; intervals ``0.55 (0.28–0.95)`` and dates are kept on
  one line; long identifiers and file paths may break after ``_ / . -``; addresses break anywhere;
- when the narrowest layout does not fit the text width, the table is set in smaller type, then on a
  landscape page; a cell that would run to many lines moves into a numbered note under the table;
- a table taller than most of a page becomes a ``longtable`` that breaks across pages, repeating its
  header; shorter tables are set where they stand (``[H]``: a float never splits a sentence or passes
  another), and a sideways table takes a page of its own.

HTML: a plain ``<table>`` with a ``<caption>``, ``<th scope="col">``, numeric columns right-aligned with
their headers, cells that must not wrap marked ``nowrap``, inside a focusable scrolling region labelled
by the caption for tables wider than the column. No ``<style>`` element, no obsolete attributes.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote

import smartypants

URL_SAFE = ":/?#[]@!$&'()*+,;=%~"  # an address with only its non-ASCII characters percent-encoded

# Page geometry of templates/report_latex (A4, 2.4 cm side margins, 2.2 cm top and bottom), in points.
TEXTWIDTH = (21.0 - 2 * 2.4) / 2.54 * 72.27
TEXTHEIGHT = (29.7 - 2 * 2.2) / 2.54 * 72.27 - 30  # less head and foot room
TABCOLSEP = 3.0  # points between a column and its rule-less neighbour, each side
SIZES = (("\\footnotesize", 9.0, 11.0), ("\\scriptsize", 8.0, 9.5))  # (command, size, baselineskip)
LONG_CELL_LINES = 10  # a cell running to more lines than this is cut short, its full text a note under the table (PDF)
LEAD_LINES = 4  # lines of such a cell kept in the table, ending "… (a)"
ROW_GAP = 3.0  # points between rows when some row runs to several lines
GROUP_GAP = 8.0  # points above a group of rows' label (the space that sets the groups apart, in place of a rule)
SAFETY = 1.04  # measured widths are slightly widened: no kerning or ligature is assumed

CJK = re.compile(r"[\u1100-\u11ff\u3000-\u303f\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef]")
# a number with its interval, "0.55 (0.28–0.95)", "25.3 [24.6–26.1]", or an interval alone: one unbreakable unit
INTERVAL = re.compile(
    r"(?:[-−–+]?\d[\d,.]*%?\s*)?[(\[]\s*[-−–+]?\d[\d,.]*%?\s*(?:[–—-]|to)\s*[-−–+]?\d[\d,.]*%?\s*[)\]]"
)
NUMERIC = re.compile(
    r"^\s*(?:[-−–+~≈<>]?\s*\d[\d,.]*\s*(?:%|pp|pt|x|×)?\s*(?:[(\[][^()\[\]]*[)\]])?\s*|[–—-]|n/a|)\s*$"
)
DATE = re.compile(r"(?<!\S)\d{4}-\d{2}(?:-\d{2})?(?!\S)")  # a date standing alone (not inside an id)
P_VALUE = re.compile(r"\bp [=<] \d[\d.]*\d")  # 'p = 0.055', 'p < 0.001' (wording.p_value): one unbreakable unit
BREAK_AFTER = re.compile(r"([_/.=&?-])(?=[^\s])")


_SCRIPT_OR_STYLE = re.compile(r"(<(?:script|style)\b.*?</(?:script|style)>)", re.S)
_QUOTES = smartypants.Attr.q | smartypants.Attr.w | smartypants.Attr.u  # quotes and &quot;, as characters


def quotes_html(page: str) -> str:
    """Straight quotes in an HTML page's text as typographic ones (the article\u2019s, \u201caround double\u201d), by
    SmartyPants, which leaves tags, attributes and code alone. Scripts and styles are cut out first: a ``<``
    in a script would end SmartyPants' skipping of it."""
    parts = _SCRIPT_OR_STYLE.split(page.replace("&#x27;", "'"))  # the apostrophe Markdown renderers escape
    return "".join(part if i % 2 else smartypants.smartypants(part, _QUOTES) for i, part in enumerate(parts))


_NOT_MATH = re.compile(r"(<(script|style|pre|code)\b.*?</\2>)", re.S)  # what may hold a dollar that is not math
_DISPLAY_MATH = re.compile(r"<p>\s*\$\$(.+?)\$\$\s*</p>|\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?=\S)([^$<>\n]+?)(?<=\S)\$(?![\w$])")


def math_html(page: str) -> str:
    """The TeX formulas the notebooks' Markdown writes (``$...$`` in a sentence, ``$$...$$`` on their own) as
    MathML, which browsers typeset with no script and no network (latex2mathml); the PDF typesets the same TeX.
    Code, scripts and styles are left alone."""
    from latex2mathml.converter import convert

    def display(m: re.Match[str]) -> str:
        tex = html.unescape(m.group(1) or m.group(2)).strip()
        return f'<div class="math-display">{_upright_names(convert(tex, display="block"))}</div>'

    def inline(m: re.Match[str]) -> str:
        return _upright_names(convert(html.unescape(m.group(1))))

    parts = _NOT_MATH.split(page)
    out = []
    for i in range(0, len(parts), 3):
        out.append(_INLINE_MATH.sub(inline, _DISPLAY_MATH.sub(display, parts[i])))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


_UPRIGHT_LETTERS = re.compile(r'<mrow>((?:<mi mathvariant="normal">[^<]</mi>){2,})</mrow>')


def _upright_names(mathml: str) -> str:
    """A multi-letter name set upright (``\\mathrm{PY}``, which latex2mathml splits into one identifier per
    letter) as one identifier, as TeX sets it: read as a name, not as a product of letters."""
    return _UPRIGHT_LETTERS.sub(
        lambda m: '<mi mathvariant="normal">' + "".join(re.findall(r">([^<])<", m.group(1))) + "</mi>", mathml
    )


def quotes(text: str) -> str:
    """Plain text (a figure's label, a reference's title) with typographic quotes."""
    return html.unescape(quotes_html(html.escape(text, quote=False)))


@cache
def _char_width(ch: str, size: float, bold: bool) -> float:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    if CJK.match(ch):
        return size  # Nanum Myeongjo: full-width glyphs
    prop = FontProperties(family="DejaVu Serif", size=size, weight="bold" if bold else "normal")
    return TextToPath().get_text_width_height_descent(ch, prop, ismath=False)[0]


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` set in DejaVu Serif at ``size`` points."""
    return SAFETY * sum(_char_width(ch, size, bold) for ch in text)


def host(url: str) -> str:
    """An address's host without 'www.': what the PDF prints for a link (the full address is its target)."""
    from urllib.parse import urlsplit

    name = urlsplit(url).netloc.lower()
    name = name[4:] if name.startswith("www.") else name
    # a content hash as a host label (IPFS gateways) is shortened: the link's target keeps it whole
    return ".".join(label if len(label) <= 20 else label[:8] + "…" for label in name.split("."))


def pieces(text: str, breakable: bool = False, url: bool = False) -> list[str]:
    """The unbreakable pieces of a cell: words, with intervals and dates kept whole; identifiers cut after
    ``_ / . -`` when ``breakable``; an address is printed as its host."""
    if url:
        text, breakable = host(text), True  # a long host may break after its dots
    protected = re.sub(f"{INTERVAL.pattern}|{P_VALUE.pattern}", lambda m: m.group(0).replace(" ", "\u00a0"), text)
    out = []
    for word in re.split(r"[ \t\n]+", protected.strip()):  # not str.split(): it splits at no-break spaces too
        if not word:
            continue
        # an interval is one unit (the PDF sets it in an \mbox): never cut, however long
        if (
            breakable
            and len(word) > 14
            and not DATE.fullmatch(word)
            and not INTERVAL.search(word.replace("\u00a0", " "))
        ):
            out.extend(p for p in BREAK_AFTER.sub(r"\1\n", word).split("\n") if p)
        else:
            out.append(word)
    return out or [""]


@dataclass
class Column:
    name: str
    cells: list[str]
    numeric: bool
    url: bool = False
    breakable: bool = True
    natural: float = 0.0
    header: float = 0.0  # the header on one line
    total: float = 0.0  # all its cells on one line each, end to end: how much text it holds
    minimum: float = 0.0
    width: float = 0.0  # chosen width (points)
    fixed: bool = False  # set at natural width, no wrapping
    badge: bool = False  # each cell a label (a verdict): bold in the PDF, a styled label in the HTML

    def measure(self, size: float) -> None:
        space = text_width(" ", size)
        heads = [text_width(p, size) for p in pieces(self.name, breakable=True)]
        naturals, minima = [], list(heads)
        for cell in self.cells:
            ps = pieces(cell, breakable=self.breakable, url=self.url)
            ws = [text_width(p, size, bold=self.badge) for p in ps]
            naturals.append(sum(ws) + space * (len(ws) - 1))
            minima.extend(ws)
        self.natural = max(naturals + [max(heads)], default=0.0) + 1
        self.total = sum(naturals) + 1
        self.header = sum(heads) + space * (len(heads) - 1) + 1
        self.minimum = min(self.natural, max(minima, default=0.0) + 1)


@dataclass
class Layout:
    columns: list[Column]
    size_cmd: str
    size: float
    skip: float
    landscape: bool
    available: float
    long: bool = False
    notes: list[tuple[str, str]] = field(default_factory=list)  # (mark, text)
    height: float = 0.0
    tall_rows: bool = False  # some row wraps: rows get a little space between them

    @property
    def fits(self) -> bool:
        return sum(c.width for c in self.columns) <= self.available + 0.01


def _distribute(columns: list[Column], available: float) -> None:
    """Widths: natural where everything fits; else short and numeric columns natural, text columns share the
    rest in proportion to the square root of how much text they hold (all their cells together: a column of
    short cells with one long one does not take the width from a column of long cells), never below their
    longest unbreakable piece (and never above their natural width: what they do not need goes to the others)."""
    roomy = [max(c.natural, c.header) for c in columns]
    if sum(roomy) <= available:  # everything fits, headers on one line
        for c, w in zip(columns, roomy, strict=False):
            c.width, c.fixed = w, True
        return
    for c in columns:
        c.width, c.fixed = c.natural, True
    if sum(c.natural for c in columns) <= available:
        return
    flexible = [c for c in columns if not c.numeric and c.natural > c.minimum + 1]
    for c in flexible:
        c.fixed = False
    while flexible:
        rest = available - sum(c.width for c in columns if c not in flexible)
        # in proportion to the square root of their text: one very long column does not starve the others
        total = sum(math.sqrt(c.total) for c in flexible)
        share = {id(c): rest * math.sqrt(c.total) / total for c in flexible}
        roomy = [c for c in flexible if share[id(c)] >= c.natural]  # needs less than its share: no wrapping
        cramped = [c for c in flexible if share[id(c)] <= c.minimum]  # its longest word sets its width
        for c in flexible:
            c.width = min(c.natural, max(c.minimum, share[id(c)]))
        for c in roomy:
            c.fixed = True
        settled = roomy or cramped
        if not settled:
            break
        flexible = [c for c in flexible if c not in settled]


def _lines(text: str, width: float, size: float, column: Column) -> int:
    """Lines a cell takes at ``width`` (greedy line breaking over its unbreakable pieces)."""
    space = text_width(" ", size)
    lines, used = 1, 0.0
    for p in pieces(text, breakable=column.breakable, url=column.url):
        w = text_width(p, size)
        if used and used + space + w > width:
            lines, used = lines + 1, w
        else:
            used += (space if used else 0) + w
    return lines


def _lead(text: str, width: float, size: float, column: Column) -> str:
    """The first words of a long cell, as many as fill LEAD_LINES lines, ending with an ellipsis."""
    words = text.split()
    lead: list[str] = []
    for w in words:
        if _lines(" ".join(lead + [w]) + " …(m)", width, size, column) > LEAD_LINES:
            break
        lead.append(w)
    return " ".join(lead) + " …"


def _set(columns: list[Column], cmd: str, size: float, skip: float, land: bool) -> Layout:
    """The columns measured and given their widths at one type size and orientation."""
    available = (TEXTHEIGHT if land else TEXTWIDTH) - 2 * TABCOLSEP * len(columns)
    for c in columns:
        c.measure(size)
    _distribute(columns, available)
    return Layout(columns, cmd, size, skip, land, available)


def _choose(columns: list[Column], options: list[tuple[str, float, float, bool]]) -> Layout:
    """The first type size and orientation at which the table fits; a table running over pages in the smaller
    type where that saves a fifth of its lines or more."""
    chosen = None
    for option in options:
        chosen = _set(columns, *option)
        if chosen.fits:
            break
    assert chosen is not None
    smaller = [o for o in options if o[3] == chosen.landscape and o[1] < chosen.size]
    page = TEXTWIDTH if chosen.landscape else TEXTHEIGHT
    current = _rows_height(columns, chosen.size, chosen.skip)
    if smaller and current > 0.8 * page:
        small = _set(columns, *smaller[0])
        if _rows_height(columns, small.size, small.skip) <= 0.8 * current:
            chosen = small
        else:  # back to the larger type's widths
            chosen = _set(columns, chosen.size_cmd, chosen.size, chosen.skip, chosen.landscape)
    return chosen


def layout(columns: list[Column], long: bool | None = None, landscape: bool | None = None) -> Layout:
    """Choose type size, orientation and column widths so that the table fits the text block."""
    options = [(cmd, size, skip, False) for cmd, size, skip in SIZES] + [
        (cmd, size, skip, True) for cmd, size, skip in SIZES
    ]
    if landscape is not None:
        options = [o for o in options if o[3] == landscape]
    chosen = _choose(columns, options)
    if os.environ.get("ANALYSIS_TYPESET_LOG"):  # how each table was laid out, for whoever tunes this
        with open(os.environ["ANALYSIS_TYPESET_LOG"], "a", encoding="utf-8") as fh:
            fh.write(
                json.dumps(
                    {
                        "size": chosen.size,
                        "landscape": chosen.landscape,
                        "available": round(chosen.available),
                        "columns": [
                            [c.name, round(c.minimum), round(c.natural), round(c.width), c.numeric] for c in columns
                        ],
                    }
                )
                + "\n"
            )
    # long cells become notes; then the height decides between a float and a longtable
    marks = iter("abcdefghijklmnopqrstuvwxyz")
    heights = []
    for i in range(len(columns[0].cells) if columns else 0):
        row = 1
        for c in columns:
            if c.fixed:
                continue
            n = _lines(c.cells[i], c.width, chosen.size, c)
            if n > LONG_CELL_LINES and not c.url and len(chosen.notes) < 26:
                mark = next(marks)
                chosen.notes.append((mark, c.cells[i]))
                c.cells[i] = _lead(c.cells[i], c.width, chosen.size, c) + f"\x00note:{mark}"
                n = LEAD_LINES
            row = max(row, n)
        heights.append(row)
    header = max((_lines(c.name, c.width, chosen.size, c) for c in columns), default=1)
    chosen.tall_rows = any(h > 1 for h in heights)
    chosen.height = (sum(heights) + header + 3) * chosen.skip + (ROW_GAP * len(heights) if chosen.tall_rows else 0)
    page = TEXTWIDTH if chosen.landscape else TEXTHEIGHT
    chosen.long = long if long is not None else chosen.height > 0.8 * page
    return chosen


def _rows_height(columns: list[Column], size: float, skip: float) -> float:
    """The height in points of a table's rows at the columns' widths (no cell moved to a note)."""
    lines = [
        max([1] + [_lines(c.cells[i], c.width, size, c) for c in columns if not c.fixed])
        for i in range(len(columns[0].cells) if columns else 0)
    ]
    return sum(lines) * skip + (ROW_GAP * len(lines) if any(n > 1 for n in lines) else 0)


# ------------------------------------------------------------------------------------------- LaTeX


def latex_cell(text: str, escape: Callable[[str], str], column: Column) -> str:
    """One cell as LaTeX: escaped, intervals and dates unbreakable, identifiers breakable, addresses as \\url."""
    if "\x00note:" in text:
        lead, mark = text.split("\x00note:")
        return latex_cell(lead, escape, column) + f"\\,(\\textit{{{mark}}})"
    if column.badge:
        return f"\\textbf{{{escape(text)}}}" if text else ""
    if column.url:
        if not text:
            return ""
        target = quote(text, safe=URL_SAFE).replace("\\", "/").replace("%", "\\%").replace("#", "\\#")
        return (
            f"\\href{{{target}}}{{{_breakable(escape(host(text)))}}}"  # a short link: the host, pointing at the address
        )
    out, last = [], 0
    for m in re.finditer(f"{INTERVAL.pattern}|{DATE.pattern}|{P_VALUE.pattern}", text):
        out.append(_breakable(escape(text[last : m.start()])))
        out.append("\\mbox{" + escape(m.group(0)) + "}")
        last = m.end()
    out.append(_breakable(escape(text[last:])))
    return "".join(out)


def _breakable(latex: str) -> str:
    r"""Let long identifiers and paths break after _ / . - (``\allowbreak``); other words are left alone."""

    def fix(m: re.Match) -> str:
        word = m.group(0)
        if len(word) <= 14 or "\\url" in word:
            return word
        return re.sub(r"(\\_|/|\.|-|=)(?=\S)", r"\1\\allowbreak{}", word)

    return re.sub(r"\S+", fix, latex)


#: Before a table set where the text puts it: a landscape table still waiting for its page is set first, so the
#: tables keep their numbers' order (placeins: nothing when no float waits)
AFTER_FLOATS = "\\FloatBarrier\n"


TIED_NOTES_MAX_CHARS = 600  # a long table's notes up to this long (about six lines) stay with its last rows


def _tied(row: str, space: str) -> str:
    """A table row that no page break may follow (``\\\\*``), its spacing after it kept."""
    body = row[: -len(space)] if space and row.endswith(space) else row
    return row if body.endswith("\\\\*") else body + "*" + row[len(body) :]


def _tie_ends(rows: list[str], space: str) -> None:
    """A long table's first and last two rows tied, so that a page break never leaves one row alone."""
    if len(rows) <= 3:
        return
    rows[-2] = _tied(rows[-2], space)
    first = next((i for i, row in enumerate(rows) if _tied(row, space) != row), None)  # past a group label
    if first is not None:
        rows[first] = _tied(rows[first], space)


def _notes_rows(notes: str, n_columns: int, width: float) -> str:
    """A long table's bottom rule and notes as its last rows, each tied to the one above, so that no page breaks
    between the table and its notes. After the table, they fell to the next page (Table S7); in the last foot,
    a last row that did not fit with them went over without the repeated head; after booktabs' \\bottomrule, a
    page could still break under the rule (its spacing is a legal break). So the rule is drawn here, as booktabs
    draws it in a longtable (leaders across every column), with no break on either side. The notes in a box of
    no width, as the caption is, so that they never widen the last column."""
    box = f"\\hbox to 0pt{{\\parbox[t]{{{width:.1f}pt}}{{{notes}}}\\hss}}"
    return (
        "\\noalign{\\nobreak\\vskip\\aboverulesep\\nointerlineskip}\n"
        f"\\multispan{{{n_columns}}}\\leaders\\hrule height\\heavyrulewidth\\hfill\\cr\n"
        "\\noalign{\\nobreak\\vskip\\belowbottomsep\\smallskip}\n"
        f"\\multicolumn{{{n_columns}}}{{@{{}}l@{{}}}}{{{box}}}\\\\\n"
    )


def latex_table(
    columns: list[Column],
    lay: Layout,
    label: str,
    caption_latex: str,
    escape: Callable[[str], str],
    note_latex: str = "",
    anchor: str = "",
    groups: dict[int, str] | None = None,
) -> str:
    """The table as LaTeX: a float or a longtable, caption above, booktabs rules, notes below (``anchor``: the
    label that cross-references in the text link to, as the HTML table's id; ``groups``: a row index -> the
    label of the group of rows it opens, set as a row of its own under a rule)."""
    spec = []
    for c in columns:
        if c.fixed:
            spec.append("r" if c.numeric else "l")
        else:
            spec.append(f">{{\\raggedright\\arraybackslash}}p{{{c.width:.1f}pt}}")
    colspec = "@{}" + "".join(spec) + "@{}"
    head = " & ".join(_header_cell(c, i, len(columns), lay, escape) for i, c in enumerate(columns)) + " \\\\"
    space = f"\\addlinespace[{ROW_GAP}pt]" if lay.tall_rows else ""
    rows = [
        " & ".join(latex_cell(c.cells[i], escape, c) for c in columns) + " \\\\" + space
        for i in range(len(columns[0].cells))
    ]
    if rows and space:
        rows[-1] = rows[-1][: -len(space)]
    # groups are set apart by space, not a rule: a longtable may break a page just after a booktabs rule (at the
    # glue under it), which printed a group's rule beside the page foot's or the continued header's (a double
    # rule); space at a break is dropped. The label is tied to its group's first row (``\\*``: no page break
    # there), so it never stands alone at the foot of a page
    for i, name in sorted((groups or {}).items(), reverse=True):
        gap = "" if i == 0 else f"\\addlinespace[{GROUP_GAP}pt]\n"
        rows.insert(
            i, f"{gap}\\multicolumn{{{len(columns)}}}{{@{{}}l@{{}}}}{{\\textit{{{escape(name)}}}}} \\\\*{space}"
        )
    target = f"\\phantomsection\\label{{{anchor}}}" if anchor else ""
    title = f"{target}\\textbf{{{label}.}} {caption_latex}"
    table_width = max(sum(c.width for c in columns) + 2 * TABCOLSEP * (len(columns) - 1), 0.6 * TEXTWIDTH)
    items = [f"(\\textit{{{m}}})\\,{escape(t)}" for m, t in lay.notes] + ([note_latex] if note_latex else [])
    notes = ("{" + lay.size_cmd + "\\raggedright " + "\\par ".join(items) + "\\par}") if items else ""
    below = "\\par\\smallskip" + notes if notes else ""  # the notes as a paragraph under the table
    setup = f"{lay.size_cmd}\\setlength{{\\tabcolsep}}{{{TABCOLSEP}pt}}\\hyphenpenalty=10000\\exhyphenpenalty=10000\\relax\n"
    if lay.long:
        lastfoot, tail = "\\bottomrule\n", ""
        if notes and sum(len(i) for i in items) <= TIED_NOTES_MAX_CHARS:  # longer: a paragraph that may break
            rows[-1] = _tied(rows[-1], space)
            lastfoot, tail, below = "", _notes_rows(notes, len(columns), table_width), ""
        _tie_ends(rows, space)
        body = (
            f"\\begin{{longtable}}{{{colspec}}}\n"
            # the caption in a box of no width, as longtable's own \\caption sets it: a row as wide as the table
            # would widen the last column, by a width longtable learns only on the second pass (a third pass)
            f"\\multicolumn{{{len(columns)}}}{{@{{}}l@{{}}}}{{\\hbox to 0pt{{\\parbox{{{table_width:.1f}pt}}"
            f"{{\\normalsize\\raggedright {title}}}\\hss}}}}"
            f"\\\\[4pt]\n\\toprule\n{head}\n\\midrule\n\\endfirsthead\n"
            f"\\multicolumn{{{len(columns)}}}{{@{{}}l}}{{\\normalsize\\textbf{{{label}}} (continued)}}\\\\\n\\toprule\n{head}\n\\midrule\n\\endhead\n"
            f"\\midrule\n\\multicolumn{{{len(columns)}}}{{r@{{}}}}{{\\emph{{continued on the next page}}}}\\\\\n\\endfoot\n"
            f"{lastfoot}\\endlastfoot\n" + "\n".join(rows) + "\n" + tail + "\\end{longtable}\n"
        )
        out = "{" + setup + body + below + "}\n"
        if lay.landscape:
            out = "\\begin{landscape}\n" + out + "\\end{landscape}\n"
        return "\\par\n" + AFTER_FLOATS + out
    env = "sidewaystable" if lay.landscape else "table"
    # the page a sideways table floats to is shown turned in a PDF viewer (pdflscape does this for landscape)
    turn = "\\special{pdf:put @thispage <</Rotate 90>>}\n" if lay.landscape else ""
    return (
        ("" if lay.landscape else AFTER_FLOATS)
        + f"\\begin{{{env}}}[{'p' if lay.landscape else 'H'}]\n{turn}\\raggedright\n\\caption*{{{title}}}\n{{{setup}"
        f"\\begin{{tabular}}{{{colspec}}}\n\\toprule\n{head}\n\\midrule\n"
        + "\n".join(rows)
        + f"\n\\bottomrule\n\\end{{tabular}}{below}}}\n\\end{{{env}}}\n"
    )


def _header_cell(column: Column, i: int, n: int, lay: Layout, escape: Callable[[str], str]) -> str:
    """A header: wrapped by its p column, or stacked in lines no wider than a fixed column."""
    if not column.fixed:
        return _breakable(escape(column.name))
    align = "r" if column.numeric else "l"
    spec = ("@{}" if i == 0 else "") + align + ("@{}" if i == n - 1 else "")
    return (
        f"\\multicolumn{{1}}{{{spec}}}{{\\begin{{tabular}}[b]{{@{{}}{align}@{{}}}}"
        f"{_head_lines(column, lay, escape)}\\end{{tabular}}}}"
    )


def _head_lines(column: Column, lay: Layout, escape: Callable[[str], str]) -> str:
    """A fixed-width column's header, broken into lines no wider than the column (a narrow numeric column
    under a long header would otherwise widen the table)."""
    words = column.name.split()
    lines, cur = [], ""
    for w in words:
        trial = f"{cur} {w}".strip()
        if cur and text_width(trial, lay.size) > column.width:
            lines.append(cur)
            cur = w
        else:
            cur = trial
    lines.append(cur)
    return " \\\\ ".join(escape(line) for line in lines)


# -------------------------------------------------------------------------------------------- HTML


def badge_class(text: str) -> str:
    """The class of a label's colour: 'badge-supported-with-caveats' for 'supported with caveats'."""
    return "badge-" + re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def html_cell(text: str, column: Column) -> str:
    if column.badge:
        return f'<span class="badge {badge_class(text)}">{html.escape(text)}</span>' if text else ""
    if column.url:
        return f'<a href="{html.escape(text)}">{html.escape(text)}</a>' if text else ""
    out, last = [], 0
    for m in re.finditer(f"{INTERVAL.pattern}|{DATE.pattern}|{P_VALUE.pattern}", text):
        out.append(html.escape(text[last : m.start()]))
        out.append(f'<span class="nowrap">{html.escape(m.group(0))}</span>')
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def scroll_hint(what: str) -> str:
    """The hint above a table or figure that is wider than the screen and scrolls sideways (the page's script
    shows it only then; screen readers have the scrolling region's name instead)."""
    return f'<p class="scroll-hint" aria-hidden="true">Scroll sideways to see the whole {what} \u2192</p>'


def html_table(
    columns: list[Column],
    key: str,
    label: str,
    caption: str,
    note: str = "",
    row_ids: list[str] | None = None,
    cell_html: dict[str, list[str]] | None = None,
    landscape: bool = False,
    data_link: str = "",
    groups: dict[int, str] | None = None,
) -> str:
    """A numbered table as a figure: its caption (and ``data_link``, its CSV download), then a labelled,
    focusable region that scrolls sideways when the table is wider than the column (the caption stays outside it, in view), then the note. ``landscape``:
    printed on a landscape page (as in the PDF); ``groups``: a row index -> the label of the group of rows it
    opens (a body of its own, headed by the label)."""
    cid = f"tab-{key}"
    num = ' class="num"'
    head = "".join(f'<th scope="col"{num if c.numeric else ""}>{html.escape(c.name)}</th>' for c in columns)
    rows = []
    n = len(columns[0].cells) if columns else 0
    # on a phone (the style sheet) a table of running text in a few columns is set row by row, each cell under
    # its column's name ("stack"); in a wider one, columns of running text keep a readable measure and it scrolls
    prose = {c.name for c in columns if not c.numeric and not c.badge and _mean_length(c.cells) >= PROSE_CHARS}
    stack = bool(prose) and len(columns) <= STACK_COLUMNS
    for i in range(n):
        cells = []
        for c in columns:
            classes = ["num"] if c.numeric else (["prose"] if c.name in prose and not stack else [])
            text = c.cells[i]
            if not c.numeric and " " not in text.strip() and len(text) <= 24:
                classes.append("nowrap")
            inner = cell_html[c.name][i] if cell_html and c.name in cell_html else html_cell(text, c)
            cls = f' class="{" ".join(classes)}"' if classes else ""
            named = f' data-label="{html.escape(c.name)}"' if stack else ""
            cells.append(f"<td{cls}{named}>{inner}</td>")
        rid = f' id="{html.escape(row_ids[i])}"' if row_ids else ""
        if groups and i in groups:  # a group of rows: a body of its own, headed by its label
            if i:
                rows.append("</tbody><tbody>")
            rows.append(
                f'<tr class="group-row"><th scope="rowgroup" colspan="{len(columns)}">{html.escape(groups[i])}</th></tr>'
            )
        rows.append(f"<tr{rid}>" + "".join(cells) + "</tr>")
    foot = f'<p class="table-note">{note}</p>' if note else ""
    return (
        f'<figure class="table-figure{" landscape" if landscape else ""}" id="{cid}"><figcaption id="{cid}-caption"><strong>{html.escape(label)}.</strong> '
        f"{html.escape(caption)}{data_link}</figcaption>\n{scroll_hint('table')}"
        f'<div class="table-scroll" role="region" aria-labelledby="{cid}-caption" tabindex="0">'
        f'<table class="report-table{" stack" if stack else ""}" aria-labelledby="{cid}-caption">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table></div>\n"
        + foot
        + "</figure>\n"
    )


PROSE_CHARS = 40  # a column whose cells hold this many characters on average is running text (HTML: class "prose")
STACK_COLUMNS = 5  # a table of running text in at most this many columns is set row by row on a phone


def _mean_length(cells: list[str]) -> float:
    return sum(len(t) for t in cells) / len(cells) if cells else 0.0


def is_numeric_column(values: list[str]) -> bool:
    filled = [v for v in values if v.strip() not in ("", "–", "-", "—")]
    return bool(filled) and all(NUMERIC.match(v) for v in filled)


def n_lines_estimate(text: str, chars_per_line: int) -> int:
    return max(1, math.ceil(len(text) / max(chars_per_line, 1)))


def columns_from(
    df: Any, formats: dict[str, str] | None, urls: tuple[str, ...], badges: tuple[str, ...] = ()
) -> list[Column]:
    """Format every cell as text (``formats`` per column, "–" for missing; quotes typographic, as in the prose)
    and classify the columns (``badges``: the columns of labels)."""
    import pandas as pd

    formats = formats or {}
    cols = []
    for name in df.columns:
        fmt = formats.get(name)
        texts = []
        for v in df[name].tolist():
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                texts.append("–")
            elif fmt:
                texts.append(fmt(v) if callable(fmt) else fmt.format(v))
            else:
                texts.append(_plain_number(v))
        if name not in urls:  # typographic quotes from the whole cell, the same in both editions
            texts = [quotes(t) for t in texts]
        numeric = name not in urls and (pd.api.types.is_numeric_dtype(df[name]) or is_numeric_column(texts))
        cols.append(Column(str(name), texts, numeric and name not in badges, url=name in urls, badge=name in badges))
    return cols


def _plain_number(v: Any) -> str:
    """A value without a format: integers as digits (no separators: years stay years), other floats with
    up to six significant digits."""
    if hasattr(v, "item") and not isinstance(v, str):
        v = v.item()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:g}"
    return str(v)
