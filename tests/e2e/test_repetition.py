"""A conclusion is stated once (issue 16): no sentence of 12 or more words appears twice in the reader's
edition's main text (paragraphs and list items; tables, captions, code and the references are not main text).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup

MIN_WORDS = 12
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"(])")


def main_text_sentences(html: str) -> list[str]:
    """The sentences of the paragraphs and list items outside tables, figures, code and the reference list."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select(
        "table, figure, figcaption, pre, code, script, style, .provenance, .visually-hidden, .bibliography"
    ):
        tag.decompose()
    sentences: list[str] = []
    for block in soup.find_all(["p", "li"]):
        if block.find(["p", "li"]):
            continue  # the innermost blocks only, so no text is counted twice by nesting
        text = " ".join(block.get_text(" ").split())
        sentences += [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    return sentences


def repeated(sentences: list[str], min_words: int = MIN_WORDS) -> dict[str, int]:
    counts = Counter(s for s in sentences if len(s.split()) >= min_words)
    return {s: n for s, n in counts.items() if n > 1}


def test_the_rule_finds_a_repeated_sentence():
    long = "The escapee rate is about twice the national rate over the ten years shown here."
    html = f"<p>{long} Short one.</p><ul><li>{long}</li></ul><table><tr><td>{long}</td></tr></table>"
    assert main_text_sentences(html).count(long) == 2
    assert repeated(main_text_sentences(html)) == {long: 2}
    assert repeated(["Eleven words only, so it may well appear twice in text."] * 2) == {}


@pytest.mark.slow
def test_no_long_sentence_is_repeated_in_the_reader_edition(built):
    sentences = main_text_sentences((built / "reports" / "report.html").read_text(encoding="utf-8"))
    assert len(sentences) > 200  # the walk found the report's prose
    twice = repeated(sentences)
    assert not twice, "\n".join(f"{n}x {s}" for s, n in twice.items())
