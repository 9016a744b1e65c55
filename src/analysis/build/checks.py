"""Typesetting checks on the built report, with the real tools: the xelatex log, ``pdftotext -bbox``,
``pdfinfo``. The build calls :func:`overfull_boxes` on its log; the tests call the rest.

- :func:`overfull_boxes`: every "Overfull \\hbox (12.3pt too wide)" of a xelatex log, with its line;
- :func:`words`: every word of a PDF with its box, from ``pdftotext -bbox`` (points, origin top left);
- :func:`edge_words`: words within ``margin`` points of a page edge (the text block is 2.4 cm in);
- :func:`overprints`: pairs of words on one page whose boxes overlap (printed over each other);
- :func:`pages_between`: pages from the first page whose text has one heading to the page of another.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

CM = 72 / 2.54  # points per centimetre

_OVERFULL = re.compile(r"^Overfull \\([hv])box \(([\d.]+)pt too (?:wide|high)\) (.*)$", re.M)


@dataclass(frozen=True)
class Box:
    kind: str  # "h" or "v"
    points: float
    where: str  # "in paragraph at lines 812--815", "detected at line 900", ...
    text: str  # what TeX printed of the box's content (the line after the warning)


def overfull_boxes(log: str, tolerance: float = 0.0) -> list[Box]:
    """Overfull boxes of a TeX log wider than ``tolerance`` points."""
    lines = log.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = _OVERFULL.match(line)
        if m and float(m.group(2)) > tolerance:
            following = lines[i + 1].strip() if i + 1 < len(lines) else ""
            out.append(Box(m.group(1), float(m.group(2)), m.group(3).strip(), following[:120]))
    return out


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    width: float  # page width
    height: float  # page height


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words(pdf: Path) -> list[Word]:
    """Every word of the PDF, with its bounding box, from poppler's ``pdftotext -bbox``."""
    from pypdf import PdfReader

    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # pdftotext gives a rotated (landscape) page's words in the page's displayed frame, but its unrotated size
    rotated = [page.rotation % 180 == 90 for page in PdfReader(pdf).pages]
    found: list[Word] = []
    page, width, height = 0, 0.0, 0.0
    for chunk in re.split(r"(?=<page )", out):
        m = _PAGE.search(chunk)
        if not m:
            continue
        page += 1
        width, height = float(m.group(1)), float(m.group(2))
        if page <= len(rotated) and rotated[page - 1]:
            width, height = height, width
        for w in _WORD.finditer(chunk):
            x0, y0, x1, y1 = (float(w.group(i)) for i in range(1, 5))
            found.append(Word(page, x0, y0, x1, y1, html.unescape(w.group(5)), width, height))
    return found


def edge_words(all_words: list[Word], margin: float = CM) -> list[Word]:
    """Words that come within ``margin`` points of an edge of their page (or lie beyond it)."""
    return [
        w for w in all_words if w.x0 < margin or w.y0 < margin or w.x1 > w.width - margin or w.y1 > w.height - margin
    ]


def overprints(all_words: list[Word], slack: float = 0.5) -> list[tuple[Word, Word]]:
    """Pairs of words on the same page whose boxes overlap by more than ``slack`` points both ways.

    Words of one line touch at most (the space between them is a gap); boxes of consecutive lines may
    touch by a fraction of a point where ascenders meet descenders, hence the slack.
    """
    pairs = []
    by_page: dict[int, list[Word]] = {}
    for w in all_words:
        by_page.setdefault(w.page, []).append(w)
    for ws in by_page.values():
        ws = sorted(ws, key=lambda w: w.x0)
        for i, a in enumerate(ws):
            for b in ws[i + 1 :]:
                if b.x0 >= a.x1 - slack:
                    break
                dx = min(a.x1, b.x1) - max(a.x0, b.x0)
                dy = min(a.y1, b.y1) - max(a.y0, b.y0)
                if dx > slack and dy > slack:
                    pairs.append((a, b))
    return pairs


def page_texts(pdf: Path) -> list[str]:
    """The text of each page (pdftotext, reading order)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pages_between(pdf: Path, start: str, end: str | None = None) -> int:
    """Number of pages from the first page (after the contents) that shows ``start`` at the beginning of a
    line to the page before the one that shows ``end`` (or to the last page)."""
    texts = page_texts(pdf)
    line = re.compile(rf"^{re.escape(start)}", re.M)
    hits = [i for i, t in enumerate(texts) if line.search(t)]
    if not hits:
        return 0
    first = hits[-1] if len(hits) > 1 else hits[0]  # the last hit: the first may be the table of contents
    if end is None:
        return len(texts) - first
    stop = next(
        (i for i, t in enumerate(texts[first + 1 :], first + 1) if re.search(rf"^{re.escape(end)}", t, re.M)),
        len(texts),
    )
    return stop - first


def pdfinfo(pdf: Path) -> dict[str, str]:
    """The document information dictionary as pdfinfo prints it (Title, Author, Subject, Keywords, Pages...)."""
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (ln.partition(":") for ln in out.splitlines()) if k}
