"""Small rules of English that prose built from data needs: counts in words, lists joined with 'and'."""

from __future__ import annotations

from collections.abc import Sequence

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(n: int) -> str:
    """Small counts in words, as prose wants them ('two published rates'); larger ones as digits."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


def join_words(items: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 year', '3 years'."""
    return singular if n == 1 else (plural_form or singular + "s")


def percent(level: float) -> str:
    """A confidence level as prose names it: '95%', '99.9%', '99.99999%' (never rounded up to '100%')."""
    return f"{level * 100:.10g}%"


def year_ranges(years: Sequence[int]) -> str:
    """Years as runs: [2004, 2006, 2007, 2008] -> '2004 and 2006-2008'."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return join_words([str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs])


def p_value(p: float) -> str:
    """A p-value as a journal prints it, with its relation: 'p < 0.001' below 0.001, else 'p = 0.004' (three
    decimals below 0.1, so values near 0.05 keep their third digit) or 'p = 0.27' (two decimals)."""
    if not 0 <= p <= 1:
        raise ValueError(f"a p-value lies between 0 and 1, not {p}")
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}" if p < 0.1 else f"p = {p:.2f}"
