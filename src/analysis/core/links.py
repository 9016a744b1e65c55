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


def _linked(
    mention: Callable[[str, str], str],
    number: Callable[[int, str], str],
    brackets: tuple[str, str],
    sources: Mapping[int, str] | None,
    pattern: re.Pattern,
) -> Callable[[str], str]:
    """A stretch of text with its mentions linked by ``mention(shown, anchor)`` and, with ``sources`` (citation
    number -> source id), its citations ``pattern`` finds linked number by number (``number(n, source id)``,
    the list between ``brackets``); a citation with a number that names no source is left as it is."""

    def cited(m: re.Match) -> str:
        numbers = [int(n) for n in re.split(r",\s*", m.group(1))]
        if not sources or not all(n in sources for n in numbers):
            return m.group(0)
        return brackets[0] + ", ".join(number(n, sources[n]) for n in numbers) + brackets[1]

    def text(part: str) -> str:
        part = _link_mentions(part, mention)
        return pattern.sub(cited, part) if sources else part

    return text


def link_html(page: str, sources: Mapping[int, str] | None = None) -> str:
    """The mentions in an HTML page's text as links (``<a class="xref">``), outside links, code, headings,
    tooltips and captions' labels; with ``sources`` (citation number -> source id), citations written as text
    ('Wi Sung-lac [14]') as links to their references, as :class:`~analysis.present.report.Citation` gives them."""
    return _link("html", page, sources)


# ----------------------------------------------------------------------------------------------- Markdown

# existing links, inline code, headings, HTML tags and math are left as they are
_MD_SKIP = re.compile(r"\[[^\]]*\]\([^)]*\)|(`+).*?\1|^\s{0,3}#{1,6}\s[^\n]*|<[^>]+>|\$[^$\n]+\$", re.M | re.S)


def link_markdown(markdown: str, sources: Mapping[int, str] | None = None) -> str:
    """The mentions in Markdown as Markdown links, ``[Section 4.8](#sec-around_double)``; with ``sources``,
    citations written as text ('[14]') as links to their references, ``\\[[14](#source-<id>)\\]``."""
    return _link("markdown", markdown, sources)


# -------------------------------------------------------------------------------------------------- LaTeX

_TEX_SKIP = re.compile(
    r"\\(?:hyperref\[[^\]]*\]|label|href|url|textbf)\{[^{}]*\}|\\[A-Za-z@]+\*?(?:\[[^\]]*\])?|\\.", re.S
)
_CITATION = re.compile(r"\[(\d{1,3}(?:,\s*\d{1,3})*)\]")


def link_latex(latex: str, sources: Mapping[int, str] | None = None) -> str:
    r"""The mentions in LaTeX as ``\hyperref[anchor]{Table 5}``, and with ``sources`` (citation number ->
    source id) citations '[3, 12]' as links to their references (``source-<id>``). Commands and their
    bracketed options, labels, addresses and bold text (a caption's own label) are left as they are."""
    return _link("latex", latex, sources)


#: each form's text to leave alone, how it links a mention and a cited number, its brackets, its citations
_STYLES: dict[
    str, tuple[re.Pattern, Callable[[str, str], str], Callable[[int, str], str], tuple[str, str], re.Pattern]
] = {
    "html": (
        _HTML_SKIP,
        lambda shown, a: f'<a class="xref" href="#{html.escape(a)}">{shown}</a>',
        lambda n, source: f'<a href="#source-{html.escape(source)}">{n}</a>',
        ('<span class="cite">[', "]</span>"),
        _BARE_CITATION,
    ),
    "markdown": (
        _MD_SKIP,
        lambda shown, a: f"[{shown}](#{a})",
        lambda n, source: f"[{n}](#source-{source})",
        ("\\[", "\\]"),
        _BARE_CITATION,
    ),
    "latex": (
        _TEX_SKIP,
        lambda shown, a: f"\\hyperref[{a}]{{{shown}}}",
        lambda n, source: f"\\hyperref[source-{source}]{{{n}}}",
        ("[", "]"),
        _CITATION,
    ),
}


def _link(style: str, text: str, sources: Mapping[int, str] | None) -> str:
    skip, mention, number, brackets, pattern = _STYLES[style]
    return _outside(skip, text, _linked(mention, number, brackets, sources, pattern))


_MD_HEADING = re.compile(r"^(\s{0,3}#{1,6}\s+)(.+?)\s*$", re.M)


def label_headings(markdown: str) -> str:
    """Each numbered heading of Markdown given its section's anchor as a pandoc attribute
    (``### 4.8 So, ... {#sec-around_double}``), the target of the links to it in the PDF."""

    def one(m: re.Match) -> str:
        key = section_key(m.group(2))
        return m.group(0) if key is None else f"{m.group(1)}{m.group(2)} {{#sec-{key}}}"

    return _MD_HEADING.sub(one, markdown)
