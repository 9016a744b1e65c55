"""The claim audit: each quantitative claim of the article, the value computed from the data, and a
verdict from an explicit rule.

Verdicts, in order of strength:

- ``supported``: the data agree with the claim within the stated tolerance, on every relevant basis;
- ``supported with caveats``: the data agree on some bases or years but not all (the caveat says which);
- ``not supported``: no basis or year agrees within the tolerance;
- ``cannot be checked``: no published figure exists to compare with (a gap, reported as such).

Tolerances are parameters: ``ratio_tolerance`` (relative, for "around double", "around a hundred") and
``share_tolerance_pp`` (percentage points, for "around 70 percent").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Mapping

SUPPORTED = "supported"
CAVEATS = "supported with caveats"
NOT_SUPPORTED = "not supported"
UNCHECKABLE = "cannot be checked"
VERDICTS = (SUPPORTED, CAVEATS, NOT_SUPPORTED, UNCHECKABLE)


@dataclass(frozen=True)
class Finding:
    claim_id: str
    computed: str
    basis: str
    verdict: str
    rule: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def within_relative(value: float, claimed: float, tolerance: float) -> bool:
    """|value / claimed - 1| <= tolerance: 'around 2' with tolerance 0.25 accepts 1.5 to 2.5."""
    if claimed == 0:
        raise ValueError("claimed must be non-zero for a relative tolerance")
    return abs(value / claimed - 1) <= tolerance + 1e-12


def within_points(value_pct: float, claimed_pct: float, tolerance_pp: float) -> bool:
    """|value - claimed| <= tolerance, in percentage points."""
    return abs(value_pct - claimed_pct) <= tolerance_pp + 1e-12


def combine(checks: Iterable[bool]) -> str:
    """All true -> supported; some -> supported with caveats; none -> not supported."""
    results = list(checks)
    if not results:
        return UNCHECKABLE
    if all(results):
        return SUPPORTED
    return CAVEATS if any(results) else NOT_SUPPORTED


def lowest_in_years(lowest_since: Mapping[int, int | None], year: int, first_year: int) -> int:
    """How many years back ``year`` is the lowest: ``year - since`` or, if lower than every earlier year
    published, ``year - first_year + 1`` (at least that many)."""
    since = lowest_since[year]
    return year - since if since is not None else year - first_year + 1


def audit_lowest(claim_id: str, lowest_since: Mapping[int, int | None], first_year: int, years: Iterable[int],
                 claimed_years: float, reference_year: int) -> Finding:
    """'At their lowest in over N years', checked for the reference year (the last full year before the
    article) and for the other given years."""
    spans = {y: lowest_in_years(lowest_since, y, first_year) for y in years}
    holds = {y: s > claimed_years for y, s in spans.items()}
    text = "; ".join(
        f"{y}: lowest in {s} years" if lowest_since[y] is None or s > 1 else f"{y}: not the lowest (lower in {lowest_since[y]})"
        for y, s in spans.items()
    )
    if holds.get(reference_year):
        verdict = SUPPORTED
    else:
        verdict = CAVEATS if any(holds.values()) else NOT_SUPPORTED
    return Finding(claim_id, text, f"MOU annual arrivals; single years published back to {first_year}", verdict,
                   f"supported if {reference_year} (last full year before the article) was the lowest in more than "
                   f"{claimed_years:g} years; with caveats if only other recent years were")


def audit_count_of_years(claim_id: str, values: Mapping[int, int], threshold: float, window: range) -> Finding:
    """'Over N most years' in a window: supported if more than half the years with data are above it."""
    in_window = {y: v for y, v in values.items() if y in window}
    above = sorted(y for y, v in in_window.items() if v > threshold)
    share = len(above) / len(in_window)
    verdict = SUPPORTED if share > 0.5 else CAVEATS if above else NOT_SUPPORTED
    return Finding(claim_id, f"{len(above)} of {len(in_window)} years above {threshold:,.0f} "
                   f"({', '.join(map(str, above))})",
                   f"MOU annual arrivals, {window.start}-{window.stop - 1} (the article's 'the 2000s and early 2010s')",
                   verdict, "supported if more than half of the years; with caveats if some")


def audit_around(claim_id: str, values: Mapping[int, float], claimed: float, tolerance: float,
                 reference_year: int, basis: str, mean_of: tuple[str, float] | None = None) -> Finding:
    """'Around N' for the reference year, with the other years (and optionally a mean of recent years,
    ``mean_of = (label, value)``) as context: with caveats if one of those is within the tolerance."""
    ok = {y: within_relative(v, claimed, tolerance) for y, v in values.items()}
    mean_ok = mean_of is not None and within_relative(mean_of[1], claimed, tolerance)
    verdict = SUPPORTED if ok.get(reference_year) else CAVEATS if any(ok.values()) or mean_ok else NOT_SUPPORTED
    lo, hi = claimed * (1 - tolerance), claimed * (1 + tolerance)
    text = ", ".join(f"{y}: {v:,.0f}" for y, v in values.items())
    if mean_of is not None:
        text += f"; mean {mean_of[0]}: {mean_of[1]:,.0f}"
    return Finding(claim_id, text, basis, verdict,
                   f"supported if {reference_year} is within {lo:,.0f}-{hi:,.0f} (±{tolerance:.0%}); "
                   "with caveats if another year" + (" or the mean" if mean_of is not None else "") + " is")


def audit_share(claim_id: str, value_pct: float, claimed_pct: float, tolerance_pp: float, basis: str,
                context: str = "") -> Finding:
    verdict = SUPPORTED if within_points(value_pct, claimed_pct, tolerance_pp) else NOT_SUPPORTED
    return Finding(claim_id, f"{value_pct:.1f}%" + (f"; {context}" if context else ""), basis, verdict,
                   f"supported if within ±{tolerance_pp:g} percentage points of {claimed_pct:g}%")


def audit_ratio(claim_id: str, estimates: list[Mapping[str, object]], claimed: float, tolerance: float) -> Finding:
    """'Around double' against every rate-based estimate; shares of deaths are listed but not counted
    (a share of deaths is not a rate)."""
    rate_based = [e for e in estimates if e["is_rate"]]
    ok = [within_relative(float(e["value"]), claimed, tolerance) for e in rate_based]
    text = "; ".join(f"{e['label']}: {float(e['value']):.2f}" for e in estimates)
    lo, hi = claimed * (1 - tolerance), claimed * (1 + tolerance)
    return Finding(claim_id, text, "rates per 100,000 (published and computed from counts); shares of deaths shown "
                   "for comparison, not counted", combine(ok),
                   f"supported if every rate-based ratio is within {lo:.2f}-{hi:.2f}; with caveats if some are")


def uncheckable(claim_id: str, reason: str, basis: str) -> Finding:
    return Finding(claim_id, reason, basis, UNCHECKABLE, "no published figure to compare with")


def tally(counts: Mapping[str, int]) -> str:
    """The verdict counts as prose: 'four are supported, one is supported with caveats, no claim is not
    supported and five cannot be checked'."""
    from analysis.present.wording import count_word

    def phrase(verdict: str) -> str:
        n = counts.get(verdict, 0)
        if verdict == UNCHECKABLE:
            return "every claim can be checked" if n == 0 else f"{count_word(n)} cannot be checked"
        return f"no claim is {verdict}" if n == 0 else f"{count_word(n)} {'is' if n == 1 else 'are'} {verdict}"

    parts = [phrase(v) for v in VERDICTS]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
