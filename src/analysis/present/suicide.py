"""Section 4's figures and tables, drawn from its findings (layout only; every number comes from them).

Figures are drawn for print at about 16 cm wide: text at 8 pt or more, the labels of the reference lines
(1 = same rate, 2 = double) set above the plotting area so no line runs through them, each series
labelled once.
"""

from __future__ import annotations

import re
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from analysis.findings.suicide import Ratio, Spec, SuicideFindings, band
from analysis.methods import suicide as su
from analysis.params import Params
from analysis.present import report


def _source() -> str:
    """The suicide figures' source, in words, pointing to the table that cites each count's source."""
    return (
        "escapee suicides as the Ministry of Unification and lawmakers published them "
        f"({report.ref('tab:suicide_published')} cites each), Statistics Korea's causes of death and the Ministry "
        "of Unification's arrivals; ratios computed here"
    )


GREY = "#8a8a8a"
FONT = 8.5


def _reference_lines(ax, top_label: bool = True, band: tuple[float, float] | None = None) -> None:
    """Vertical lines at 1 and 2 with their labels above the axes (never struck through by the line); ``band``:
    what "around double" allows, shaded behind the estimates."""
    if band is not None:
        ax.axvspan(*band, color="#e8e8e8", linewidth=0, zorder=-1)
    # the two labels sit on the outer side of their lines, so they never run into each other
    for x, label, style, ha in ((1, "same rate (1) ", "-", "right"), (2, " double (2)", "--", "left")):
        ax.axvline(x, color="#444444", linewidth=0.9, linestyle=style, zorder=0)
        if top_label:
            ax.text(
                x,
                1.005,
                label,
                transform=ax.get_xaxis_transform(),
                ha=ha,
                va="bottom",
                fontsize=FONT,
                color="#333333",
            )


def _log_axis(ax, lo: float, hi: float) -> None:
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ticks = [t for t in (0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 4) if lo <= t <= hi]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{t:g}" for t in ticks], fontsize=FONT)
    ax.minorticks_off()


SHORT = {
    "wi_sung_lac_2024": "Wi (MOIS)",
    "hong_ki_won_2024": "Hong",
    "kim_young_joo_2020": "MOU via Kim Y.",
    "kim_do_eup_2016": "MOU via Kim D.",
    "won_hye_young_2015": "MOU via Won",
}


def short_series(text: str) -> str:
    """'Kim Young-joo [11] (2017-2019) + Wi Sung-lac [14] (2020-2022)' -> 'MOU via Kim Y. 2017-19 + Wi (MOIS)'."""
    for series, short in SHORT.items():
        text = text.replace(su.SERIES_NAMES[series], short)
    return re.sub(r" \((\d{4})(?:-\d{2}(\d{2}))?\)", lambda m: f" {m[1]}" + (f"-{m[2]}" if m[2] else ""), text)


def _primary_words(F: SuicideFindings) -> str:
    """The caption's words for the primary estimate, or for its absence."""
    if not F.primary.available:
        return f"no primary estimate for {F.period} (no published count for {F.primary.gap_years})"
    return (
        f"the primary estimate ({F.period}, counts of {F.primary.series_name}, sex-adjusted, {F.level} exact interval) "
        "highlighted"
    )


def _rows(F: SuicideFindings, P: Params) -> pd.DataFrame:
    """The forest plot's rows, top to bottom: (group, label, value, lower, upper, style)."""
    rows = []

    def add(group, label, r: Ratio | None = None, value=None, lower=None, upper=None, style="count"):
        if r is not None:
            if not r.available:
                return
            value, lower, upper = r.value.value, r.lower, r.upper
        rows.append({"group": group, "label": label, "value": value, "lower": lower, "upper": upper, "style": style})

    if F.primary.available:
        add(
            "Primary estimate",
            f"{F.period}, {short_series(F.primary.series_name.text)}, sex-adjusted",
            F.primary.smr,
            style="primary",
        )
        add(
            "Primary estimate",
            f"{F.period}, {short_series(F.primary.series_name.text)}, crude",
            F.primary.crude,
            style="crude",
        )
    shown = [
        s
        for s in F.estimates.specs
        if s.denominator == P.denominator and s.adjustment == "sex" and s.period_end > s.period_start and not s.primary
    ]
    for s in sorted(shown, key=lambda s: (s.flagged, -s.period_end, s.period_start, s.series)):
        label = f"{s.period}, {short_series(s.series)}" + (" (derived)" if s.derived else "")
        add(
            "Other series and periods (sex-adjusted)",
            label,
            value=s.value,
            lower=s.lower,
            upper=s.upper,
            style="flagged" if s.flagged else "count",
        )
    for p in (F.published.mou_long, F.published.mou_recent):
        period = p.period.text if p.record_id == F.published.mou_long.record_id else "recent 3 years"
        add("MOU's published rates", f"MOU {period}, as published", value=p.ratio.value, style="published")
        add(
            "MOU's published rates",
            f"MOU {period}, sex-adjusted (range)",
            value=p.adjusted.value,
            lower=p.adjusted_lowest.value,
            upper=p.adjusted_highest.value,
            style="published_adjusted",
        )
    add(
        "Bounds and other studies",
        f"{F.misclassification.unknown_period}, unknown causes as suicides (upper bound)",
        F.misclassification.unknown_upper,
        style="bound",
    )
    add(
        "Bounds and other studies",
        f"NHIS cohort {F.nhis.period}, crude vs KOSTAT mean",
        value=F.nhis.crude_ratio.value,
        style="nhis",
    )
    add(
        "Bounds and other studies",
        f"NHIS cohort {F.nhis.period}, age-adjusted (outlier)",
        value=F.nhis.ratio.value,
        style="nhis",
    )
    for s in F.shares.rows:
        if s.ratio is not None:
            add(
                "Shares of deaths (not risk ratios)", f"share of deaths, {s.period}", value=s.ratio.value, style="share"
            )
    return pd.DataFrame(rows)


STYLES = {
    "primary": dict(color=report.PALETTE["vermillion"], marker="o", ms=8, fill=True),
    "crude": dict(color=report.PALETTE["vermillion"], marker="o", ms=6, fill=False),
    "count": dict(color=report.PALETTE["blue"], marker="o", ms=5, fill=True),
    "flagged": dict(color=GREY, marker="o", ms=5, fill=False),
    "published": dict(color=report.PALETTE["orange"], marker="D", ms=5, fill=False),
    "published_adjusted": dict(color=report.PALETTE["orange"], marker="D", ms=5, fill=True),
    "bound": dict(color=report.PALETTE["purple"], marker=">", ms=6, fill=True),
    "nhis": dict(color=report.PALETTE["green"], marker="s", ms=5, fill=False),
    "share": dict(color=GREY, marker="s", ms=5, fill=False),
}
LEGEND = {
    "primary": "primary estimate (sex-adjusted SMR)",
    "crude": "primary period, crude rate ratio",
    "count": "counts, sex-adjusted",
    "flagged": "counts from MOU, which did not record causes",
    "published": "MOU's published ratio",
    "published_adjusted": "MOU's ratio sex-adjusted (range)",
    "bound": "misclassification upper bound",
    "nhis": "NHIS cohort",
    "share": "share of deaths (not a risk ratio)",
}


def _draw_estimate(ax, r, y: int) -> None:
    """One estimate: its interval as a bar and its point, styled by kind."""
    st = STYLES[r.style]
    if pd.notna(r.lower) and pd.notna(r.upper):
        ax.plot([r.lower, r.upper], [y, y], color=st["color"], linewidth=2.2 if r.style == "primary" else 1.3)
    face = st["color"] if st["fill"] else "white"
    ax.plot(r.value, y, marker=st["marker"], color=st["color"], markersize=st["ms"], linestyle="", markerfacecolor=face)


def _forest(ax, rows: pd.DataFrame, n: int, band: tuple[float, float]) -> None:
    """The forest plot: groups top to bottom, each with its heading, the primary estimate's label in bold."""
    y, ticks, labels, heads = n, [], [], []
    for group, g in rows.groupby("group", sort=False):
        y -= 1
        heads.append((y, group))
        for r in g.itertuples():
            y -= 1
            _draw_estimate(ax, r, y)
            ticks.append(y)
            labels.append(r.label)
    values = pd.concat([rows["value"], rows["lower"].dropna(), rows["upper"].dropna()])
    lo, hi = max(0.1, float(values.min()) * 0.8), float(values.max()) * 1.25
    _log_axis(ax, lo, hi)
    _reference_lines(ax, band=band)
    for yy, group in heads:
        ax.text(lo * 1.02, yy, group, fontsize=FONT, fontweight="bold", va="center", ha="left")
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize=FONT)
    for t, r in zip(ax.get_yticklabels(), rows.itertuples(), strict=True):
        if r.style == "primary":
            t.set_fontweight("bold")
    ax.set_ylim(-0.7, n - 0.4)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Escapees ÷ South Korea (ratio, log scale)", fontsize=FONT)


def _forest_legend(ax, rows: pd.DataFrame, n: int) -> None:
    handles = [
        Line2D(
            [],
            [],
            color=STYLES[k]["color"],
            marker=STYLES[k]["marker"],
            linestyle="",
            markerfacecolor=STYLES[k]["color"] if STYLES[k]["fill"] else "white",
            label=v,
        )
        for k, v in LEGEND.items()
        if k in set(rows["style"])
    ]
    where = (0.1, -0.75 / (0.27 * n))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=where, ncol=2, fontsize=FONT, frameon=False)


def _estimates_alt(F: SuicideFindings, rows: pd.DataFrame) -> str:
    counts = rows[rows["style"].isin(["count", "flagged", "primary"])]
    primary = (
        f"The primary estimate is {F.primary.smr.value} (interval {F.primary.smr.interval}); "
        if F.primary.available
        else f"There is no primary estimate for {F.period}; "
    )
    mou = F.published
    return (
        f"Forest chart on a log scale with reference lines at 1 and 2. {primary}the count-based sex-adjusted ratios "
        f"range from {counts['value'].min():.2f} to {counts['value'].max():.2f}; MOU's published ratios are "
        f"{mou.mou_long.ratio} and {mou.mou_recent.ratio}, {mou.mou_long.adjusted} and {mou.mou_recent.adjusted} "
        f"sex-adjusted; the unknown-cause bound is {F.misclassification.unknown_upper.value}."
    )


def figure_estimates(F: SuicideFindings, P: Params) -> None:
    """Forest plot: every estimate, grouped, the primary highlighted."""
    rows = _rows(F, P)
    n = len(rows) + rows["group"].nunique()
    fig, ax = plt.subplots(figsize=(4.3, 0.27 * n + 1.9))  # the labels add about 2.6 in: ~7 in in all
    _forest(ax, rows, n, band(P.ratio_tolerance))
    _forest_legend(ax, rows, n)
    report.figure(
        fig,
        "suicide_estimates",
        caption=f"Every estimate of escapee suicide against South Korea's: {_primary_words(F)}; every other counts series "
        f"and period of two or more years that {report.ref('tab:suicide_sensitivity')} gives (sex-adjusted, "
        f"{P.denominator.replace('_', ' ')} person-years), grey where "
        f"MOU supplied the counts; MOU's published ratios as published and sex-adjusted (bars: the range over single "
        "years or candidate periods); the misclassification bound, the NHIS cohort and the shares of deaths, which "
        f"are not risk ratios. The grey band is what \u201caround double\u201d allows ({F.band}). Single years are in "
        f"{report.ref('tab:suicide_sensitivity')}; the specification curve "
        f"({report.ref('fig:suicide_specification')}) leaves them out.",
        alt=_estimates_alt(F, rows),
        source=_source(),
        data=pd.DataFrame(
            {
                "group": rows["group"],
                "estimate": rows["label"],
                "kind": rows["style"].map(LEGEND),
                "ratio (escapees / South Korea)": rows["value"].astype(float).round(4),
                "lower limit (ratio)": rows["lower"].astype(float).round(4),
                "upper limit (ratio)": rows["upper"].astype(float).round(4),
            }
        ),
    )


#: the choices of the specification curve as its lower panel names them, in declared order
CURVE_CHOICES = {
    "adjustment": ("Rates", {"crude": "crude (all ages)", "sex": "by sex"}),
    "age": ("Age", {"none": "not adjusted", "aged": "cohorts aged", "aged_exits": "aged, earliest left"}),
    "denominator": (
        "Person-years",
        {
            "cumulative": "cumulative arrivals",
            "residents_low": "residents, low bound",
            "residents_high": "residents, high bound",
        },
    ),
    "misclassification": ("Unknown cause", {"none": "none a suicide", "midpoint": "half suicides"}),
}


def _curve(top, points: list, allowed: tuple[float, float]) -> None:
    """The sorted ratios with their intervals, on a log scale with 1 and 2 marked and the band of "around double"
    (``allowed``) shaded behind them."""
    top.axhspan(*allowed, color="#e8e8e8", linewidth=0, zorder=-1)
    for primary, colour, size in ((False, report.PALETTE["blue"], 3), (True, report.PALETTE["vermillion"], 6)):
        at = [(i, p) for i, p in enumerate(points) if p.primary == primary]  # one artist for each kind of point
        if not at:
            continue
        x = [i for i, _ in at]
        top.vlines(x, [p.lower for _, p in at], [p.upper for _, p in at], color=colour, linewidth=0.8, alpha=0.6)
        top.plot(x, [p.value for _, p in at], marker="o", markersize=size, color=colour, linestyle="")
    top.set_yscale("log")
    low, high = min(p.lower for p in points), max(p.upper for p in points)
    top.set_ylim(low * 0.9, high * 1.1)
    top.axhline(1, color="#444444", linewidth=0.9)
    top.axhline(2, color="#444444", linewidth=0.9, linestyle="--")
    for yv, label in ((1, "same rate (1)"), (2, "double (2)")):
        top.text(1.005, yv, label, transform=top.get_yaxis_transform(), va="center", ha="left", fontsize=FONT)
    yt = [t for t in (0.5, 0.75, 1, 1.5, 2, 3, 4) if low * 0.9 <= t <= high * 1.1]
    top.set_yticks(yt)
    top.set_yticklabels([f"{t:g}" for t in yt], fontsize=FONT)
    top.minorticks_off()
    top.set_ylabel("Ratio (log scale)", fontsize=FONT)


def _curve_rows(points: list) -> list[tuple[str, str, str, str]]:
    """The lower panel's rows: (heading, label, field, value), counts and periods as they occur."""
    rows = [("Counts", name, "series", name) for name in dict.fromkeys(p.series for p in points)]
    rows += [("Period", period, "period", period) for period in sorted({p.period for p in points})]
    for field, (heading, labels) in CURVE_CHOICES.items():
        rows += [(heading, label, field, value) for value, label in labels.items()]
    return rows


def _choices(bottom, points: list) -> None:
    """Below the curve: the choices that produced each point."""
    rows = _curve_rows(points)
    for primary, colour in ((False, "#333333"), (True, report.PALETTE["vermillion"])):
        marks = [
            (i, -j)
            for i, p in enumerate(points)
            if p.primary == primary
            for j, (_, _, field, value) in enumerate(rows)
            if getattr(p, field) == value
        ]
        if marks:  # one artist for each colour, not one for each mark
            bottom.plot(*zip(*marks, strict=True), marker="|", markersize=6, color=colour, linestyle="")
    bottom.set_yticks([-j for j in range(len(rows))])
    bottom.set_yticklabels([f"{heading}: {label}" for heading, label, _, _ in rows], fontsize=FONT)
    bottom.set_ylim(-len(rows) + 0.5, 0.5)
    bottom.grid(axis="y", color="#e5e5e5")
    bottom.set_xlabel(f"The {len(points)} combinations, sorted by the ratio", fontsize=FONT)
    bottom.tick_params(axis="x", labelsize=FONT)


def _curve_data(points: list) -> pd.DataFrame:
    data = pd.DataFrame([p.model_dump() for p in points])
    data.insert(0, "rank", range(1, len(points) + 1))
    return data.round({"value": 4, "lower": 4, "upper": 4})


def figure_specification(F: SuicideFindings, P: Params) -> None:
    """Specification curve of defensible choices: every trusted period and counts series crossed with the
    choices that matter, sorted, with the choices that produced each point marked below."""
    C = F.curve
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 7.0), sharex=True, height_ratios=[1.2, 1.6])
    _curve(top, C.points, band(P.ratio_tolerance))
    _choices(bottom, C.points)
    fig.tight_layout()
    report.figure(
        fig,
        "suicide_specification",
        caption=f"Specification curve of defensible choices: every period of three or more years on counts the report "
        f"trusts, crossed with the crude or sex-specific rates, three age structures, three person-years denominators "
        f"and two readings of deaths of unknown cause ({C.count} points after near-duplicates are dropped, "
        f"{F.level} exact intervals scaled by each point's bias factor), sorted; below, the choices that produced each. "
        "The primary estimate, with every other choice at its conventional value, is in vermillion. The grey band is "
        f"what \u201caround double\u201d allows ({F.band}).",
        alt=f"Dot plot of {C.count} ratios from {C.low} to {C.high}, median {C.median}; {C.in_band} of them in the "
        f"band of 'around double' ({F.band}), {C.whole_in_band} of these with their whole interval, {C.above_band} "
        f"above it and {C.below_band} below.",
        source=_source(),
        data=_curve_data(C.points),
    )


def table_published(F: SuicideFindings) -> None:
    """Table: MOU's published rates (as published and sex-adjusted), the NHIS cohort, the shares of deaths."""
    rows = []
    for p in (F.published.mou_long, F.published.mou_recent):
        rows.append(
            {
                "Measure": "Rate per 100,000 (MOU)",
                "Period": p.period.text,
                "Escapees": p.escapees.text,
                "General population (as stated)": p.comparator.text,
                "Ratio of stated figures": p.ratio.text,
                "Sex-adjusted (range)": f"{p.adjusted} ({p.adjusted_lowest}-{p.adjusted_highest})",
                "Source": p.source_id,
            }
        )
    rows.append(
        {
            "Measure": f"Age-adjusted rate per 100,000 ({F.nhis.subgroup}, NHIS cohort)",
            "Period": F.nhis.period.text,
            "Escapees": f"{F.nhis.adjusted} (crude {F.nhis.crude})",
            "General population (as stated)": F.nhis.comparator.text,
            "Ratio of stated figures": F.nhis.ratio.text,
            "Sex-adjusted (range)": "–",
            "Source": F.nhis.source_id,
        }
    )
    for s in F.shares.rows:
        rows.append(
            {
                "Measure": "Share of deaths (%)",
                "Period": s.period,
                "Escapees": s.escapee_share,
                "General population (as stated)": s.stated_comparator or "–",
                "Ratio of stated figures": "–" if s.stated_basis_ratio is None else f"{s.stated_basis_ratio:.2f}",
                "Sex-adjusted (range)": (
                    f"KOSTAT {s.kostat_share:.2f}%: {s.ratio}" if s.ratio is not None else f"none: {s.why_no_ratio}"
                ),
                "Source": s.source_id + (f"; {s.wording}" if s.wording else ""),
            }
        )
    report.table(
        pd.DataFrame(rows).rename(columns={"Sex-adjusted (range)": "Sex-adjusted ratio (range) / KOSTAT share, ratio"}),
        "suicide_published",
        caption="Published comparisons of escapee suicide with the general population: MOU's rates per 100,000 with "
        "their ratio as published and sex-adjusted by the report's method (the range over single years, or over the "
        "candidate periods of 'recent three years'), the NHIS cohort's age-adjusted rates (an unresolved outlier), and "
        "the shares of deaths that were suicides with KOSTAT's share for the same full years and the ratio to it. "
        "Figures printed as approximate or as a range are shown as printed and not used. The source's wording follows "
        "its id, with its English meaning.",
        colspec="p{1.8cm}p{1.9cm}p{1.3cm}p{1.5cm}p{1.2cm}p{2.6cm}p{3.4cm}",
        long=True,
    )


def table_change(F: SuicideFindings) -> None:
    """Table: the MOIS-based series, early vs recent years, crude and sex-adjusted, and leave-one-year-out."""

    def cell(r: Ratio) -> str:
        return f"{r.value} ({r.interval})"

    rows = [
        {
            "Period": f"{F.change.early_period} (derived: {F.change.derivation})",
            "Suicides": F.change.early.observed.text,
            "Expected, crude": F.change.early_crude.expected.text,
            "Crude ratio": cell(F.change.early_crude),
            "Expected, sex-adjusted": F.change.early.expected.text,
            "Sex-adjusted SMR": cell(F.change.early),
        },
        {
            "Period": F.change.late_period.text,
            "Suicides": F.change.late.observed.text,
            "Expected, crude": F.change.late_crude.expected.text,
            "Crude ratio": cell(F.change.late_crude),
            "Expected, sex-adjusted": F.change.late.expected.text,
            "Sex-adjusted SMR": cell(F.change.late),
        },
        {
            "Period": f"{F.change.late_period} ÷ {F.change.early_period}",
            "Suicides": "–",
            "Expected, crude": "–",
            "Crude ratio": f"{cell(F.change.theta_crude)}, {F.change.p_crude}",
            "Expected, sex-adjusted": "–",
            "Sex-adjusted SMR": f"{cell(F.change.theta)}, {F.change.p}",
        },
    ]
    for x in F.change.leave_out:
        rows.append(
            {
                "Period": f"{F.change.late_period} without {x.year}",
                "Suicides": "–",
                "Expected, crude": "–",
                "Crude ratio": "–",
                "Expected, sex-adjusted": "–",
                "Sex-adjusted SMR": f"{x.ratio} ({x.interval})",
            }
        )
    for x in F.primary.leave_out:
        rows.append(
            {
                "Period": f"{F.period} without {x.year}",
                "Suicides": "–",
                "Expected, crude": "–",
                "Crude ratio": "–",
                "Expected, sex-adjusted": "–",
                "Sex-adjusted SMR": f"{x.ratio} ({x.interval})",
            }
        )
    report.table(
        pd.DataFrame(rows),
        "suicide_change",
        caption=f"Change over time within one series, the MOIS-based counts Wi Sung-lac published: "
        f"{F.change.early_period} (his published total less his yearly counts) against {F.change.late_period}, "
        f"with {F.level} exact intervals; the ratio of the two periods' ratios with an exact test conditional on the "
        "total (binomial, the expected counts as offsets); and the ratio with each recent year left out.",
        colspec="p{3.6cm}rrp{2.6cm}rp{2.8cm}",
    )


def sensitivity_rows(F: SuicideFindings) -> pd.DataFrame:
    """One row per period and counts series (gaps stated), the person-years denominators side by side: the
    crude ratio, the sex-adjusted SMR and the verdict the rule on "around double" reads on the crude ratio, under
    each denominator (the count of suicides is the same under both)."""
    crude = {(s.period, s.counts_series, s.denominator): s for s in F.estimates.specs if s.adjustment == "crude"}
    sexed = [s for s in F.estimates.specs if s.adjustment == "sex"]
    denominators = list(dict.fromkeys(s.denominator.replace("_cumulative", "") for s in sexed))
    groups: dict[tuple[str, str], list[Spec]] = {}
    for s in sexed:
        groups.setdefault((s.period, s.counts_series), []).append(s)
    crude_col = {d: f"Crude ratio, {d} ({F.level} CI)" for d in denominators}
    smr_col = {d: f"Sex-adjusted SMR, {d} ({F.level} CI)" for d in denominators}
    verdict_col = {d: f"\u201cAround double\u201d, {d}" for d in denominators}
    rows = []
    for specs in groups.values():
        if len({s.observed for s in specs}) != 1:
            raise ValueError(f"{specs[0].period}, {specs[0].series}: the count of suicides differs by denominator")
        first = specs[0]
        row: dict[str, Any] = {
            "Period": first.period + (" (derived)" if first.derived else ""),
            "Counts": first.series,
            "Suicides": first.observed,
        }
        by = {s.denominator.replace("_cumulative", ""): s for s in specs}
        for d in denominators:
            c = crude.get((first.period, first.counts_series, by[d].denominator)) if d in by else None
            row[crude_col[d]] = f"{c.value:.2f} ({c.lower:.2f}-{c.upper:.2f})" if c else "–"
        for d in denominators:
            row[smr_col[d]] = f"{by[d].value:.2f} ({by[d].lower:.2f}-{by[d].upper:.2f})" if d in by else "–"
        for d in denominators:
            c = crude.get((first.period, first.counts_series, by[d].denominator)) if d in by else None
            row[verdict_col[d]] = c.verdict.value if c else "–"
        primary = [d for d, s in by.items() if s.primary]
        row["Note"] = f"primary ({primary[0]})" if primary else ("MOU did not record causes" if first.flagged else "–")
        rows.append(row)
    for g in F.estimates.gaps:
        row = {"Period": g.period, "Counts": g.counts_series, "Suicides": None}
        row |= {col[d]: "–" for col in (crude_col, smr_col, verdict_col) for d in denominators}
        rows.append(row | {"Note": g.reason})
    return pd.DataFrame(rows)


GAP_ROWS = (  # said where the table has such rows (a period the parameters choose, a year without a count)
    "Rows with a gap could not be computed: a year in the period has no published full-year count, and none is "
    "filled in. "
)


def table_sensitivity(F: SuicideFindings) -> None:
    """Table: every combination of period, counts series and denominator, gaps stated."""
    df = sensitivity_rows(F)
    report.table(
        df,
        "suicide_sensitivity",
        caption="Sensitivity of the count-based ratios to the counts series, the person-years denominator and the "
        f"period ({F.level} exact Poisson intervals). Rows on counts MOU supplied are marked: MOU was reported "
        "not to record causes of death systematically, so they are kept out of the comparable range. "
        + (GAP_ROWS if F.estimates.gaps else "")
        + "The verdict columns apply the rule on \u201caround double\u201d to each crude ratio, so that a reader sees "
        "which choices would change it.",
        formats={"Suicides": "{:.0f}"},
        badges=tuple(c for c in df.columns if c.startswith("\u201cAround double\u201d")),
        long=True,
    )


NOT_DRAWN = {  # why the combined bias analysis has no draws, by whether the period has an estimate
    True: "no published count of residents in or next to the period bounds its denominator",
    False: "the period has no estimate",
}


def table_bias_priors(F: SuicideFindings) -> None:
    """Table: the declared distributions the combined bias analysis draws from, with their reasons and sources."""
    b = F.combined_bias
    rows = (
        [
            {
                "Bias": p.bias,
                "Drawn from": p.distribution.text,
                "Why": p.reason,
                "Sources": "; ".join(p.distribution.sources) or "–",
            }
            for p in b.priors
        ]
        if b is not None
        else [
            {
                "Bias": "–",
                "Drawn from": "–",
                "Why": f"not drawn for {F.period}: {NOT_DRAWN[F.primary.available]}",
                "Sources": "–",
            }
        ]
    )
    report.table(
        pd.DataFrame(rows),
        "suicide_bias_priors",
        caption=f"The combined bias analysis of {report.ref('sec:suicide_combined_bias')}: the distribution each bias is drawn from, {F.period}. "
        "A uniform draw is equally likely anywhere in its range; a fixed value is not drawn.",
        colspec="p{2.4cm}p{1.9cm}p{7.6cm}p{3.3cm}",  # the sources print as citation numbers, not their ids
    )


def age_assumptions(F: SuicideFindings) -> None:
    """The assumptions of the two age limits (Section S4.2), a list item each, as declared in the methods."""
    if F.age.bounds is not None:
        report.md("\n".join(f"- {a[0].upper()}{a[1:]}." for a in F.age.bounds.assumptions))


def worked_table(F: SuicideFindings) -> pd.DataFrame:
    """The expected count of the primary estimate, year by year and sex, as the methods edition shows it
    (person-years to the nearest whole, rates to the one decimal KOSTAT publishes, expected counts to two decimals), with its total."""
    rows = [
        {
            "Year": str(w.year),
            "Person-years, women": f"{w.py_female:,.0f}",
            "Person-years, men": f"{w.py_male:,.0f}",
            "KOSTAT rate, women": f"{w.rate_female:.1f}",
            "KOSTAT rate, men": f"{w.rate_male:.1f}",
            "Expected suicides": f"{w.expected:.2f}",
        }
        for w in F.primary.worked
    ]
    total = sum(w.expected for w in F.primary.worked)
    rows.append({"Year": "Total", **dict.fromkeys(list(rows[0])[1:-1], ""), "Expected suicides": f"{total:.2f}"})
    return pd.DataFrame(rows)


def worked_expected(F: SuicideFindings) -> None:
    """The worked example's table (methods edition; unnumbered, so the reader's numbering is the same)."""
    if not F.primary.worked:
        return
    df = worked_table(F)
    header = "| " + " | ".join(df.columns) + " |"
    rule = "|" + "|".join(["---"] + ["---:"] * (len(df.columns) - 1)) + "|"
    body = ["| " + " | ".join(map(str, r)) + " |" for r in df.itertuples(index=False)]
    report.md("\n".join([header, rule, *body]))
