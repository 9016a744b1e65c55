"""Section 5's figure and table, drawn from its findings (no computation here beyond layout)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis.findings.oecd import OecdFindings
from analysis.params import Params
from analysis.present import report

ORDINAL = {1: "1st", 2: "2nd", 3: "3rd"}


def _draw_runners_up(ax, ru: pd.DataFrame) -> None:
    """The highest other member of each release, at its own data year; each country labelled once."""
    green = report.PALETTE["green"]
    sure, unsure = ru[~ru["runner_up_year_uncertain"]], ru[ru["runner_up_year_uncertain"]]
    label = "Highest other member in the same release, at its own data year"
    ax.scatter(sure["runner_up_year"], sure["runner_up_value"], marker="^", color=green, zorder=3, label=label)
    if len(unsure):
        ax.scatter(
            unsure["runner_up_year"],
            unsure["runner_up_value"],
            marker="^",
            facecolor="white",
            edgecolor=green,
            zorder=3,
            label="… its data year uncertain (“latest”, as labelled)",
        )
    for country, g in ru.groupby("runner_up"):  # each series labelled once, at its own latest point
        last = g.sort_values("runner_up_year").iloc[-1]
        xy = (last["runner_up_year"], last["runner_up_value"])
        ax.annotate(country, xy, textcoords="offset points", xytext=(0, -14), ha="center", fontsize=8, color=green)


def _draw_korea(fig, ax, s: pd.DataFrame, F: OecdFindings) -> None:
    """Korea and the OECD average (lines broken at gaps), the runners-up, the 2025 edition, Korea's rank."""
    full = s.reindex(range(int(s.index.min()), int(s.index.max()) + 1))  # gaps break the lines
    label = "Korea, each year's own KOSTAT release"
    ax.plot(full.index, full["korea"], marker="o", color=report.PALETTE["vermillion"], label=label)
    ax.plot(
        full.index, full["oecd_average"], marker="o", color=report.PALETTE["blue"], label="OECD average, same release"
    )
    ru = s.dropna(subset=["runner_up_value", "runner_up_year"])
    _draw_runners_up(ax, ru)
    if F.chart_hs2025:
        ax.scatter(
            list(F.chart_hs2025),
            list(F.chart_hs2025.values()),
            marker="s",
            facecolor="white",
            edgecolor=report.TOTAL,
            zorder=3,
            label="Korea, OECD Health Statistics 2025 (one release)",
        )
    for y, r in s[s["korea_highest"].eq(False)].iterrows():
        rank = int(r["korea_rank"]) if pd.notna(r["korea_rank"]) else None
        text = f"Korea {ORDINAL.get(rank, f'{rank}th')}" if rank else "Korea not first"
        ax.annotate(text, (y, r["korea"]), textcoords="offset points", xytext=(0, -15), ha="center", fontsize=8)
    top = max([s["korea"].max(), ru["runner_up_value"].max() if len(ru) else 0] + list(F.chart_hs2025.values()))
    ax.set_ylim(0, top * 1.2)
    fig.tight_layout(rect=(0, 0.22, 1, 1))
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=2, bbox_to_anchor=(0.5, 0.0), fontsize=7.5)


def _korea_words(s: pd.DataFrame, F: OecdFindings) -> tuple[str, str]:
    """The figure's caption and its text alternative."""
    if not F.chart_available:
        first = F.first_chart_year
        return (
            f"Korea's age-standardised suicide rate and the OECD average from data year {first}: no data year from "
            f"{first} on has a rate from its own KOSTAT release, so no points are drawn.",
            f"An empty chart: no data year from {first} on.",
        )
    ratio = s["korea"] / s["oecd_average"]
    not_first = [str(y) for y in s.index[s["korea_highest"].eq(False)]]
    gaps = " (the lines break where a year's own release gave no OECD-standardised rate)" if F.chart_gaps else ""
    caption = (
        f"Korea's age-standardised suicide rate against the OECD average and the highest other member, data years "
        f"{int(s.index.min())}-{int(s.index.max())}, each point from that data year's own KOSTAT Causes of Death "
        f"release{gaps}. Squares: the values of a single OECD edition, not joined to the line."
    )
    alt = (
        f"Line chart: Korea's rate from {s['korea'].iloc[0]:g} in {int(s.index[0])} to {s['korea'].iloc[-1]:g} in "
        f"{int(s.index[-1])}, between {ratio.min():.1f} and {ratio.max():.1f} times the OECD average "
        f"({s['oecd_average'].min():g}-{s['oecd_average'].max():g}); "
        + (
            f"the release for {', '.join(not_first)} ranks Korea below another member, whose rate is drawn at its "
            "own data year"
            if not_first
            else "each release ranks Korea first"
        )
        + (
            f"; the highest other member is not drawn where the release does not state its data year: {F.chart_unplaced}."
            if F.chart_unplaced.text
            else "."
        )
    )
    return caption, alt


def _korea_data(F: OecdFindings) -> pd.DataFrame:
    """The figure's data, one row per data year drawn (and per year only the 2025 edition gives)."""
    data = report.records_frame(
        F.chart,
        {
            "data year": "data_year",
            "release": "release_id",
            "Korea per 100,000": "korea",
            "OECD average per 100,000": "oecd_average",
            "highest other member": "runner_up",
            "its rate per 100,000": "runner_up_value",
            "its data year": "runner_up_year",
            "its data year uncertain": "runner_up_year_uncertain",
            "Korea in OECD Health Statistics 2025": lambda p: F.chart_hs2025.get(p.data_year),
        },
    )
    extra = [y for y in F.chart_hs2025 if y not in set(data["data year"])]
    only_2025 = pd.DataFrame(
        {
            "data year": extra,
            "release": "OECD Health Statistics 2025",
            "Korea in OECD Health Statistics 2025": [F.chart_hs2025[y] for y in extra],
        }
    )
    both = pd.concat([data, only_2025], ignore_index=True)
    return both.sort_values("data year", kind="stable").reset_index(drop=True)


def figure_korea(F: OecdFindings, P: Params) -> None:
    """Figure: Korea's rate and the OECD average by data year, each from that year's own KOSTAT release; the
    highest other member at its own data year, each country labelled once."""
    del P  # the first year drawn is in the findings (F.first_chart_year)
    fig, ax = plt.subplots(figsize=(7.2, 4.6))
    s = pd.DataFrame([p.model_dump() for p in F.chart])
    if F.chart_available:
        s = s.set_index("data_year")
        _draw_korea(fig, ax, s, F)
    else:
        message = f"No data year from {F.first_chart_year} on"
        ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=9, color="#444444")
        ax.set_ylim(0, 35)
    ax.set_xlabel("Data year")
    ax.set_ylabel("Suicides per 100,000\n(age-standardised, OECD standard)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    caption, alt = _korea_words(s, F)
    report.figure(
        fig,
        "oecd_korea",
        caption=caption,
        alt=alt,
        source=f"Statistics Korea's Causes of Death releases and OECD Health Statistics 2025, as reported "
        f"({report.ref('tab:oecd_ranking')} cites each release)",
        data=_korea_data(F),
    )


def table_ranking(F: OecdFindings) -> None:
    """Table: Korea's rate and rank, one row per release and data year."""
    out = report.records_frame(
        F.ranking,
        {
            "Data year": "data_year_as_printed",
            "Release": "release_id",
            "Korea": "korea",
            "OECD average": "oecd_average",
            "Highest other member (its data year)": "runner_up",
            "Korea highest?": "verdict",
            "Sources": "sources",
        },
    )
    report.table(
        out,
        "oecd_ranking",
        caption="Korea's age-standardised suicide rate (OECD standard population, per 100,000) and its rank, one row per "
        "release and data year. The highest other member is the highest-ranked OECD member other than Korea that the "
        "release lists (the leader where Korea is not first); its data year may be its latest available, as compared "
        'by the release. A data year marked "as labelled" is the source\'s label and may be off by a year. WHO-standard '
        "and rounded aggregator figures are excluded.",
        formats={"Korea": "{:.1f}", "OECD average": "{:.1f}"},
        colspec="p{1.4cm}p{3.2cm}rrp{2.3cm}p{2.0cm}p{2.2cm}",
        long=True,
    )
