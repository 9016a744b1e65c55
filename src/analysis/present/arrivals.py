"""Section 3's figures and table, drawn from its findings (no computation here beyond layout)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis.findings.arrivals import ArrivalsFindings
from analysis.params import Params
from analysis.present import report

SOURCE = "the Ministry of Unification's arrivals of North Korean defectors by year and sex, as published"


def _cited(F: ArrivalsFindings) -> list[str]:
    """The sources of the yearly arrivals drawn (the press reports that published MOU's table)."""
    return sorted({s for v in F.arrivals.values() for s in v.sources})


def figure_by_sex(F: ArrivalsFindings, P: Params) -> None:
    """Figure: arrivals per year, women and men stacked, with the article's 2,000 line."""
    years = pd.DataFrame([y.model_dump() for y in F.years]).set_index("year")
    shown = years.loc[P.start_year :]
    fig, ax = plt.subplots()
    ax.bar(shown.index, shown["female"], color=report.WOMEN, label="Women")
    ax.bar(shown.index, shown["male"], bottom=shown["female"], color=report.MEN, label="Men")
    ax.axhline(F.over.value, color="#555555", linewidth=0.8, linestyle="--")
    ax.text(shown.index.max() + 0.6, F.over.value, F.over.text, va="center", fontsize=8, color="#555555")
    ax.set_xlabel("Year of arrival")
    ax.set_ylabel("Arrivals (persons per year)")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.legend(loc="upper right")
    last = int(F.last_year.value)
    total = shown["total"]
    most, fewest = int(total.idxmax()), int(total.idxmin())
    report.figure(
        fig,
        "arrivals_by_sex",
        caption=f"North Korean escapees arriving in South Korea per year, {P.start_year}-{last}, women and "
        f"men stacked (MOU figures, {F.vintage_rule_words}). The dashed line marks {F.over.text} a year, the "
        "article's figure.",
        alt=f"Stacked bar chart of arrivals per year from {P.start_year} to {last}, women and men stacked: the most "
        f"were {total[most]:,} in {most}, the fewest {total[fewest]:,} in {fewest}, and there were {total[last]:,} in "
        f"{last}; women outnumber men in {int((shown['female'] > shown['male']).sum())} of the {len(shown)} years.",
        source=SOURCE,
        cited=_cited(F),
        data=pd.DataFrame(
            {
                "year of arrival": shown.index,
                "women (persons)": shown["female"].to_numpy(),
                "men (persons)": shown["male"].to_numpy(),
                "total (persons)": shown["total"].to_numpy(),
            }
        ),
    )


def figure_women_share(F: ArrivalsFindings, P: Params) -> None:
    """Figure: women's share of each year's arrivals and of all arrivals so far, with the article's share."""
    share = pd.Series({y: float(v.value) for y, v in F.women_share.items()})
    cumulative = pd.Series(F.cumulative_share)
    fig, ax = plt.subplots(figsize=(7.2, 3.2))
    ax.plot(
        share.loc[P.start_year :].index,
        share.loc[P.start_year :],
        marker="o",
        markersize=3,
        color=report.WOMEN,
        label="Women's share of the year's arrivals",
    )
    ax.plot(
        cumulative.loc[P.start_year :].index,
        cumulative.loc[P.start_year :],
        color=report.TOTAL,
        linestyle="--",
        label="Women's share of all arrivals so far",
    )
    article = F.article_share
    ax.axhline(article.value, color="#888888", linewidth=0.8, linestyle=":")
    ax.text(P.start_year, article.value + 1, f"{article.text}% (the article's figure)", fontsize=8, color="#555555")
    ax.set_ylim(0, 100)
    ax.set_xlabel("Year of arrival")
    ax.set_ylabel("Women (% of arrivals)")
    ax.legend(loc="lower left")
    last = int(F.last_year.value)
    shown = share.loc[P.start_year :]
    high, low = int(shown.idxmax()), int(shown.idxmin())
    report.figure(
        fig,
        "women_share",
        caption="Women's share of the arrivals of each year, and of all arrivals up to that year.",
        alt=f"Line chart of women's share of each year's arrivals from {P.start_year} to {last}: highest at "
        f"{shown[high]:.0f}% in {high}, lowest at {shown[low]:.0f}% in {low}, and {shown[last]:.0f}% in {last}; "
        f"women's share of all arrivals up to {last} is {F.cumulative_women_share}%, against the article's "
        f"{article.text}%.",
        source=SOURCE,
        computed="shares computed here",
        cited=_cited(F),
        data=pd.DataFrame(
            {
                "women's share of the year's arrivals (%)": share.loc[P.start_year :],
                "women's share of all arrivals so far (%)": cumulative.loc[P.start_year :],
            }
        )
        .round(3)
        .rename_axis("year of arrival")
        .reset_index(),
    )


def table_cumulative(F: ArrivalsFindings) -> None:
    """Table: year-end cumulative totals as reported against the running sum."""
    table = report.records_frame(
        F.checks,
        {
            "As of": "as_of_label",
            "Published": "published",
            "Reported": "reported.text",
            "Running sum": "running_sum",
            "Difference": "difference",
            "Source": "source_id",
        },
    )
    report.table(
        table,
        "arrivals_summary",
        caption="Cumulative arrivals at year-end as reported at the time, against the running sum of the adopted "
        "annual figures. No difference is computed for approximate totals or for totals whose as-of date had to be "
        "inferred. Source ids resolve to addresses in the References.",
        formats={"Running sum": "{:,.0f}", "Difference": "{:+,.0f}"},
        colspec="p{3.4cm}lrrrp{3.6cm}",
    )
