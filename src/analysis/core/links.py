"""'Table 5', 'Figure 3', 'Section 4.8', 'Appendix A' and citations '[12]' written as text, made links to what
they name, in each form the report is written in: the HTML of the editions, the Markdown the PDF is typeset
from (pandoc, through nbconvert, turns ``[Table 5](#tab-key)`` into ``\\hyperref``) and the LaTeX of the PDF's
tables and captions.

The targets come from the registries of :mod:`analysis.core.numbering` (figures, tables, sections), and for
citations from the sources' numbers; the anchors are the ones the report gives them in both editions
(``tab-<key>``, ``fig-<key>``, ``sec-<key>``, ``source-<id>``). A mention that names nothing (Table 40,
Section 4.12) raises :class:`UnknownMention`: a pointer does not outlive what it pointed to.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from analysis.core.numbering import SECTIONS, numbered, section_key

_NUMBER = {"Table": r"S?\d+", "Figure": r"S?\d+", "Section": r"S?\d+(?:\.\d+)*", "Appendix": r"[A-Z]"}
_PLURAL = {"Tables": "Table", "Figures": "Figure", "Sections": "Section", "Appendices": "Appendix"}
_END = r"(?!\w)(?!\.\d)"  # not 'Table 5a', 'Section 4.8.1' read as 4.8, 'Appendix Apple'
_JOIN = r"(?:,\s+|,?\s+and\s+|\s*[-\u2013]\s*|\s+to\s+)"
_SINGLE = "|".join(f"(?P<{w}>{w})(?P<{w}_sep>\\s+|~)(?P<{w}_n>{n}){_END}" for w, n in _NUMBER.items())
_MULTI = "|".join(
    f"(?P<{p}>{p})(?P<{p}_sep>\\s+|~)(?P<{p}_n>{_NUMBER[w]}{_END}(?:{_JOIN}{_NUMBER[w]}{_END})*)"
    for p, w in _PLURAL.items()
)
MENTION = re.compile(rf"\b(?:{_MULTI}|{_SINGLE})")
_ONE_NUMBER = re.compile(r"S?\d+(?:\.\d+)*|[A-Z]")
# a citation written as text, '[14]' or '[3, 12]': not an escaped bracket, a link's text or a footnote mark
_BARE_CITATION = re.compile(r"(?<![\\\w^])\[(\d{1,3}(?:,\s*\d{1,3})*)\](?![(\w])")


class UnknownMention(KeyError):
    """A 'Table N', 'Figure N', 'Section N' or 'Appendix X' with no such table, figure or section."""


def anchor(word: str, number: str) -> str:
    """'Table', '5' -> 'tab-<key of Table 5>'; 'Section', '4.8' -> 'sec-around_double'."""
    if word in ("Table", "Figure"):
        kind = "tab" if word == "Table" else "fig"
        for declared, key in numbered(kind):
            if declared == number:
                return f"{kind}-{key}"
    else:
        for key, declared in SECTIONS.items():
            if declared == number:
                return f"sec-{key}"
    raise UnknownMention(f"{word} {number} names nothing in analysis/core/numbering.py")


def _link_mentions(text: str, link: Callable[[str, str], str]) -> str:
    """Each mention in plain text replaced by ``link(shown text, anchor)``; a list of numbers ('Sections 4.1
    and 4.5') links each number, the first with its word."""

    def one(m: re.Match) -> str:
        word = next(w for w in (*_PLURAL, *_NUMBER) if m.group(w))
        singular = _PLURAL.get(word, word)
        sep, numbers = m.group(f"{word}_sep"), m.group(f"{word}_n")
        out, last = [], 0
        for i, n in enumerate(_ONE_NUMBER.finditer(numbers)):
            shown = f"{word}{sep}{n.group(0)}" if i == 0 else n.group(0)
            out.append(numbers[last : n.start()] if i else "")
            out.append(link(shown, anchor(singular, n.group(0))))
            last = n.end()
        return "".join(out) + numbers[last:]

    return MENTION.sub(one, text)


# --------------------------------------------------------------------------------------------------- HTML

# what is not prose to link: elements that are links, code or headings already, tooltips, a caption's own
# label ('Table 5.'), and the tags themselves (their attributes)
_HTML_SKIP = re.compile(
    r"<(a|script|style|pre|code|h[1-6]|title|textarea)\b.*?</\1>"
    r'|<span class="provenance"[^>]*>.*?</span>'
    r"|<(?:figcaption|caption)\b[^>]*>\s*<strong>.*?</strong>"
    r"|<[^>]+>",
    re.S,
)


def _outside(pattern: re.Pattern, text: str, fn: Callable[[str], str]) -> str:
    """``fn`` applied to the stretches of ``text`` that ``pattern`` does not match; its matches as they are."""
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(fn(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(fn(text[last:]))
    return "".join(out)


def link_html(page: str, sources: Mapping[int, str] | None = None) -> str:
    """The mentions in an HTML page's text as links (``<a class="xref">``), outside links, code, headings,
    tooltips and captions' labels; with ``sources`` (citation number -> source id), citations written as text
    ('Wi Sung-lac [14]') as links to their references, as :class:`~analysis.present.report.Citation` gives them."""

    def text(part: str) -> str:
        part = _link_mentions(part, lambda shown, a: f'<a class="xref" href="#{html.escape(a)}">{shown}</a>')
        if sources:
            part = _BARE_CITATION.sub(lambda m: _cited_html(m, sources), part)
        return part

    return _outside(_HTML_SKIP, page, text)


def _cited_html(m: re.Match, sources: Mapping[int, str]) -> str:
    numbers = [int(n) for n in re.split(r",\s*", m.group(1))]
    if not all(n in sources for n in numbers):
        return m.group(0)
    links = ", ".join(f'<a href="#source-{html.escape(sources[n])}">{n}</a>' for n in numbers)
    return f'<span class="cite">[{links}]</span>'


# ----------------------------------------------------------------------------------------------- Markdown

# existing links, inline code, headings, HTML tags and math are left as they are
_MD_SKIP = re.compile(r"\[[^\]]*\]\([^)]*\)|(`+).*?\1|^\s{0,3}#{1,6}\s[^\n]*|<[^>]+>|\$[^$\n]+\$", re.M | re.S)


def link_markdown(markdown: str, sources: Mapping[int, str] | None = None) -> str:
    """The mentions in Markdown as Markdown links, ``[Section 4.8](#sec-around_double)``; with ``sources``,
    citations written as text ('[14]') as links to their references, ``\\[[14](#source-<id>)\\]``."""

    def text(part: str) -> str:
        part = _link_mentions(part, lambda shown, a: f"[{shown}](#{a})")
        if sources:
            part = _BARE_CITATION.sub(lambda m: _cited_markdown(m, sources), part)
        return part

    return _outside(_MD_SKIP, markdown, text)


def _cited_markdown(m: re.Match, sources: Mapping[int, str]) -> str:
    numbers = [int(n) for n in re.split(r",\s*", m.group(1))]
    if not all(n in sources for n in numbers):
        return m.group(0)
    return "\\[" + ", ".join(f"[{n}](#source-{sources[n]})" for n in numbers) + "\\]"


# -------------------------------------------------------------------------------------------------- LaTeX

_TEX_SKIP = re.compile(
    r"\\(?:hyperref\[[^\]]*\]|label|href|url|textbf)\{[^{}]*\}|\\[A-Za-z@]+\*?(?:\[[^\]]*\])?|\\.", re.S
)
_CITATION = re.compile(r"\[(\d{1,3}(?:,\s*\d{1,3})*)\]")


def link_latex(latex: str, sources: Mapping[int, str] | None = None) -> str:
    r"""The mentions in LaTeX as ``\hyperref[anchor]{Table 5}``, and with ``sources`` (citation number ->
    source id) citations '[3, 12]' as links to their references (``source-<id>``). Commands and their
    bracketed options, labels, addresses and bold text (a caption's own label) are left as they are."""

    def text(part: str) -> str:
        part = _link_mentions(part, lambda shown, a: f"\\hyperref[{a}]{{{shown}}}")
        if sources:
            part = _CITATION.sub(lambda m: _cited(m, sources), part)
        return part

    return _outside(_TEX_SKIP, latex, text)


def _cited(m: re.Match, sources: Mapping[int, str]) -> str:
    numbers = [int(n) for n in re.split(r",\s*", m.group(1))]
    if not all(n in sources for n in numbers):
        return m.group(0)
    return "[" + ", ".join(f"\\hyperref[source-{sources[n]}]{{{n}}}" for n in numbers) + "]"


_MD_HEADING = re.compile(r"^(\s{0,3}#{1,6}\s+)(.+?)\s*$", re.M)


def label_headings(markdown: str) -> str:
    """Each numbered heading of Markdown given its section's anchor as a pandoc attribute
    (``### 4.8 So, ... {#sec-around_double}``), the target of the links to it in the PDF."""

    def one(m: re.Match) -> str:
        key = section_key(m.group(2))
        return m.group(0) if key is None else f"{m.group(1)}{m.group(2)} {{#sec-{key}}}"

    return _MD_HEADING.sub(one, markdown)
