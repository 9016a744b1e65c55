"""Section 6's figures and tables, drawn from its findings (no computation here beyond layout)."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd

from analysis.findings.surveys import Coincidence, Point, SurveysFindings
from analysis.methods import surveys as sv
from analysis.params import Params
from analysis.present import report

CENSUS_MARK = " (large round)"
FLAGGED_MARK = " (drawn sample)"
CONFLICT_MARK = " †"
VINTAGE_WORDS = {"latest": "the latest published value is used", "first": "the first published value is used"}


def _frame(points: list[Point]) -> pd.DataFrame:
    cols = ["year", "value", "n", "lower", "upper", "hollow", "conflict"]
    return pd.DataFrame([p.model_dump() for p in points], columns=cols).set_index("year").sort_index()


def _plot(ax, points: list[Point], color: str, label: str, marker: str = "o", linestyle: str = "-") -> None:
    """Markers joined only between consecutive survey years (a missing year breaks the line); hollow
    markers for figures whose survey year is unclear (not joined)."""
    s = _frame(points)
    if s.empty:
        return
    solid = s[~s["hollow"].astype(bool)]
    full = solid["value"].reindex(range(int(solid.index.min()), int(solid.index.max()) + 1))
    ax.plot(full.index, full.values, color=color, linestyle=linestyle, linewidth=1.2)
    has = solid.dropna(subset=["lower"])
    if len(has):
        ax.errorbar(
            has.index,
            has["value"],
            yerr=[has["value"] - has["lower"], has["upper"] - has["value"]],
            fmt="none",
            ecolor=color,
            elinewidth=1,
            capsize=2,
        )
    ax.plot(solid.index, solid["value"], marker, color=color, markersize=4, label=label, linestyle="none")
    flagged = s[s["conflict"].astype(bool)]
    if len(flagged):
        ax.plot(
            flagged.index,
            flagged["value"],
            "o",
            markersize=9,
            markerfacecolor="none",
            markeredgecolor="#555555",
            linestyle="none",
            label="Flagged as conflicting in the sources (see the text)",
        )
    hollow = s[s["hollow"].astype(bool)]
    if len(hollow):
        ax.plot(
            hollow.index,
            hollow["value"],
            marker,
            color=color,
            markerfacecolor="white",
            markersize=4,
            linestyle="none",
            label=f"{label}, survey year unclear",
        )


def _data(series: dict[str, list[Point]]) -> pd.DataFrame:
    """The numbers a figure draws, one row per point: series, survey year, percent, interval, n."""
    rows = [
        {
            "series": name,
            "survey year": p.year,
            "percent": p.value,
            "lower %": p.lower,
            "upper %": p.upper,
            "n (completed interviews or economically active)": p.n,
            "survey year unclear": p.hollow,
            "sources disagree": bool(p.conflict),
        }
        for name, points in series.items()
        for p in points
    ]
    return pd.DataFrame(rows).round({"lower %": 2, "upper %": 2, "n (completed interviews or economically active)": 1})


def _legend_below(fig, axes, bottom: float) -> None:
    handles = {}
    for ax in axes:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(lab, h)
    fig.tight_layout(rect=(0, bottom, 1, 1))
    fig.legend(handles.values(), handles.keys(), loc="lower center", ncol=2, bbox_to_anchor=(0.5, 0.0), fontsize=8)


def figure_labour(F: SurveysFindings, P: Params) -> None:
    """Figure: employment, unemployment and participation of escapees against the general population."""
    fig, axes = plt.subplots(1, 3, figsize=(7.2, 4.0), sharex=True)
    panels = (
        (F.work.employment_points, sv.EMPLOYMENT, "Employment rate\n(% of people aged 15+)", 80),
        (F.work.unemployment_points, sv.UNEMPLOYMENT, "Unemployment rate\n(% of the economically active)", 30),
        (F.work.participation_points, sv.PARTICIPATION, "Participation rate\n(% of people aged 15+)", 80),
    )
    for ax, (points, ind, title, top) in zip(axes, panels, strict=True):
        _plot(ax, points, report.PALETTE["blue"], "Escapees, Hana survey")
        _plot(
            ax,
            F.work.general[ind],
            report.PALETTE["black"],
            "General population (Statistics Korea)",
            marker="s",
            linestyle=":",
        )
        if ind == sv.UNEMPLOYMENT:
            _plot(
                ax,
                F.nkdb.unemployment,
                report.PALETTE["orange"],
                "Escapees, NKDB survey (separate)",
                marker="D",
                linestyle="--",
            )
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("Survey year", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.set_ylim(0, top)
    axes[0].set_ylabel("Percent")
    _legend_below(fig, axes, 0.14)
    report.figure(
        fig,
        "survey_labour",
        caption=f"Employment, unemployment and labour-market participation of escapees by survey year (Korea Hana "
        f"Foundation), against the general population, with {F.method.level_pct} Wilson intervals where the number of "
        f"completed interviews is known. NKDB's unemployment rates are a separate survey, drawn separately and not "
        f"joined to Hana's. Lines break where a year was not published; years for which a release stated only the "
        f"gap have no general-population point.",
        alt=_labour_alt(F),
        source=_source("NKDB's surveys, as reported in its releases and the press"),
        data=_data(
            {
                "Hana employment rate": F.work.employment_points,
                "Hana unemployment rate": F.work.unemployment_points,
                "Hana participation rate": F.work.participation_points,
                "NKDB unemployment rate": F.nkdb.unemployment,
                **{f"general population {k.replace('_', ' ')}": v for k, v in F.work.general.items()},
            }
        ),
    )


def _source(nkdb: str) -> str:
    """The survey figures' source line: Hana's releases, then where the NKDB figures beside them come from."""
    return (
        "the Korea Hana Foundation's settlement surveys, as reported in their releases and the press "
        f"({report.ref('tab:survey_summary')} gives the year each round was released); {nkdb}; intervals computed here"
    )


def _at(points: list[Point], i: int, digits: int = 0) -> str:
    """The ``i``-th point by year, in words ('61% in 2025'); 'none published' where there is none."""
    s = _frame(points)
    return f"{s['value'].iloc[i]:.{digits}f}% in {int(s.index[i])}" if len(s) else "none published"


def _labour_alt(F: SurveysFindings) -> str:
    """The labour figure's text alternative: what each panel shows, as values (no direction is claimed)."""
    w, general = F.work, F.work.general

    def full(points: list[Point]) -> list[Point]:  # the pilot round is drawn, not compared over time
        return [p for p in points if p.year not in sv.PILOT_ROUNDS]

    emp, un, part = full(w.employment_points), full(w.unemployment_points), full(w.participation_points)
    un_rates, gen_un = _frame(un)["value"], _frame(general[sv.UNEMPLOYMENT])
    return (
        f"Three line charts by survey year, escapees (Korea Hana Foundation) against the general population; the "
        f"first point, {w.pilot.year}, is the pilot survey, left out of the comparisons over time. Employment: "
        f"{_at(emp, 0)} and {_at(emp, -1)}; the general population's {_at(general[sv.EMPLOYMENT], -1)}. "
        f"Unemployment: highest at {un_rates.max():.1f}% in {int(un_rates.idxmax())}, and {_at(un, -1, 1)}; the "
        f"general population's {gen_un['value'].min():.1f}% to {gen_un['value'].max():.1f}%; NKDB's separate survey "
        f"{F.nkdb.big_nkdb.value}% in {F.nkdb.big_year} against Hana's {F.nkdb.big_hana.value}%. Participation: "
        f"{_at(part, 0)} and {_at(part, -1)}; the general population's {_at(general[sv.PARTICIPATION], -1)}."
    )


def figure_wellbeing(F: SurveysFindings, P: Params) -> None:
    """Figure: satisfaction and discrimination with intervals, and the article's NKDB figures apart."""
    fig, axes = plt.subplots(1, 2, figsize=(7.2, 4.0), sharex=True)
    _plot(axes[0], F.satisfaction.points, report.PALETTE["blue"], "Escapees, Hana survey")
    _plot(axes[1], F.discrimination.points, report.PALETTE["blue"], "Escapees, Hana survey")
    sat_cited = [c for c in F.cited.figures.values() if "satisf" in c.quote]
    dis_cited = [c for c in F.cited.figures.values() if "discrimination" in c.quote]
    for ax, cited in ((axes[0], sat_cited), (axes[1], dis_cited)):
        ax.plot(
            [2023] * len(cited),
            [float(c.claimed.value) for c in cited],
            "D",
            color="#777777",
            markerfacecolor="white",
            markersize=5,
            linestyle="none",
            label="NKDB 2023 as cited by the article (not found; another question)",
        )
    axes[0].set_title("Satisfied with life in South Korea", fontsize=9)
    axes[1].set_title("Discriminated against (Hana: past year)", fontsize=9)
    for ax in axes:
        ax.set_ylim(0, 100)
        ax.set_xlabel("Survey year", fontsize=8)
        ax.set_ylabel("Percent of respondents", fontsize=8)
        ax.tick_params(labelsize=8)
    _legend_below(fig, axes, 0.16)
    sat = _frame(F.satisfaction.points)
    report.figure(
        fig,
        "survey_wellbeing",
        caption=f"Escapees satisfied with life in South Korea, and escapees who experienced discrimination or disregard "
        f"as North Koreans in the past year, by survey year (Korea Hana Foundation), with {F.method.level_pct} Wilson "
        f"intervals where the number of completed interviews is known. Grey open diamonds: the NKDB 2023 figures the "
        f"article cites, which were not found ({report.ref('tab:survey_cited')}); NKDB's discrimination question (at "
        f"work, ever) is not Hana's.",
        alt=f"Two line charts by survey year. Satisfied with life in South Korea: between {sat['value'].min():.1f}% and "
        f"{sat['value'].max():.1f}%, and {_at(F.satisfaction.points, -1, 1)}. Discriminated against in the past "
        f"year: {_at(F.discrimination.points, 0, 1)} and {_at(F.discrimination.points, -1, 1)}. Open diamonds at 2023 mark the "
        "NKDB figures the article cites, which were not found: "
        + " and ".join(
            f"{c.claimed}% {'satisfied' if c in sat_cited else 'discriminated against at work'}"
            for c in sat_cited + dis_cited
        )
        + ".",
        source=_source("the NKDB figures as the article cites them"),
        data=_data(
            {
                "Hana satisfied with life": F.satisfaction.points,
                "Hana discriminated against": F.discrimination.points,
                **{
                    f"NKDB 2023 as cited by the article ({c.claim_id})": [
                        Point(year=2023, value=float(c.claimed.value))
                    ]
                    for c in sat_cited + dis_cited
                },
            }
        ),
    )


def _ci(points: list[Point], year: int) -> str:
    p = next((p for p in points if p.year == year), None)
    if p is None:
        return ""
    return (
        f"{p.value:.1f}"
        + (f" ({p.lower:.1f}–{p.upper:.1f})" if p.lower is not None else "")
        + (CONFLICT_MARK if p.conflict else "")
    )


def _value(points: list[Point], year: int) -> str:
    p = next((p for p in points if p.year == year), None)
    return "" if p is None else f"{p.value:.1f}" + (CONFLICT_MARK if p.conflict else "")


def _range(points: list[Point], year: int) -> str:
    p = next((p for p in points if p.year == year), None)
    return "" if p is None or p.lower is None else f"{p.lower:.1f}–{p.upper:.1f}"


def _with_general(F: SurveysFindings, points: list[Point], ind: str, year: int) -> str:
    p = next((p for p in points if p.year == year), None)
    if p is None:
        return ""
    g = next((g for g in F.work.general[ind] if g.year == year), None)
    return f"{p.value:.1f}" + (f" [{g.value:.1f}]" if g is not None else "")


def _signed(v: float, fmt: str = "{:+.1f}") -> str:
    return fmt.format(v).replace("-", "−")


def _gap_cell(F: SurveysFindings, measure: str, year: int) -> str:
    g = next(
        (
            g
            for g in F.work.gaps
            if g.measure == measure and g.year == year and (g.computed is not None or g.stated is not None)
        ),
        None,
    )
    if g is None:
        return ""
    if g.computed is not None:
        return _signed(g.computed) + (f" (stated {_signed(g.stated)})" if g.caveat and g.stated is not None else "")
    return f"{_signed(g.stated)} (stated)"


def _from_rate(F: SurveysFindings) -> str:
    """The arithmetic of each n obtained as the drawn sample times the response rate."""
    return "; ".join(
        f"{s.year}: {s.drawn:,.0f} × {s.response_rate:g}% = {s.n.text}"
        for s in F.samples.sizes
        if s.basis == sv.N_FROM_RATE
    )


#: the transcriber's mark on a figure still to be checked (data/raw keeps it as written), and how readers read it
TO_VERIFY = re.compile(r"\s*[-–]\s*verify\.?\s*$")
NOT_CHECKED = "figure not yet checked against the printed source"


def reader_note(note: str) -> str:
    """A transcriber's note as the reader's table gives it: the mark 'verify' at its end said in words."""
    return TO_VERIFY.sub(f" ({NOT_CHECKED})", note) if TO_VERIFY.search(note) else note


def _conflicts(F: SurveysFindings) -> list[tuple[str, Point]]:
    """The satisfaction and discrimination figures the sources disagree about, with their measure's name."""
    series = {"satisfaction": F.satisfaction.points, "discrimination": F.discrimination.points}
    return [(name, p) for name, points in series.items() for p in points if p.conflict]


def table_summary(F: SurveysFindings) -> None:
    """Table: the Hana survey by survey year."""
    n = {s.year: s for s in F.samples.sizes}
    wages = {w.year: w for w in F.pay.points}
    years = sorted(
        {
            p.year
            for pts in (
                F.work.employment_points,
                F.work.unemployment_points,
                F.work.participation_points,
                F.satisfaction.points,
                F.discrimination.points,
            )
            for p in pts
        }
        | set(wages)
    )

    def n_cell(y: int) -> str:
        if y not in n:
            return ""
        s = n[y]
        return s.n.text + (CENSUS_MARK if y in F.samples.census_like else "") + (FLAGGED_MARK if s.flagged else "")

    def wage_cell(y: int) -> str:
        w = wages.get(y)
        if w is None:
            return ""
        if w.computed is not None:
            return f"{w.computed:.1f}"
        return f"{w.stated:g} (stated)" if w.stated is not None else ""

    summary = pd.DataFrame(
        {
            "Survey year": years,
            "Released": [F.samples.released.get(y, "") for y in years],
            "n": [n_cell(y) for y in years],
            "Employed %": [_with_general(F, F.work.employment_points, sv.EMPLOYMENT, y) for y in years],
            "Gap (points)": [_gap_cell(F, "employment", y) for y in years],
            "Unemployed %": [_with_general(F, F.work.unemployment_points, sv.UNEMPLOYMENT, y) for y in years],
            "Participation %": [_with_general(F, F.work.participation_points, sv.PARTICIPATION, y) for y in years],
            "Wage ratio %": [wage_cell(y) for y in years],
            "Satisfied %": [_value(F.satisfaction.points, y) for y in years],
            f"Satisfied, {F.method.level_pct} CI": [_range(F.satisfaction.points, y) for y in years],
            "Discriminated %": [_value(F.discrimination.points, y) for y in years],
            f"Discriminated, {F.method.level_pct} CI": [_range(F.discrimination.points, y) for y in years],
        }
    )
    census = ", ".join(map(str, F.samples.census_like))
    documented = ", ".join(str(y) for y in sv.FULL_ENUMERATION_ROUNDS if y in F.samples.census_like)
    report.table(
        summary,
        "survey_summary",
        caption=f"Korea Hana Foundation survey by survey year: escapees' rates, with the general population's in "
        f"brackets where the release gave it, the employment gap in percentage points, escapee wage workers' average "
        f"wage as a percentage of the general population's, and life satisfaction and discrimination with "
        f"{F.method.level_pct} Wilson intervals.",
        landscape=True,  # ten columns, intervals kept on one line
        note=f"Empty cells: not published. n is the number of completed interviews: as published, or the drawn sample "
        f"times the published response rate ({_from_rate(F)}); a drawn sample standing in for it would be marked "
        f"'drawn sample'. Gap: escapees minus general population; negative means escapees lower; 'stated': as the "
        f"release stated it, without the general population's rate. Released: year(s) the figures were published. "
        f"Where a figure was revised or reported differently, {VINTAGE_WORDS[F.vintage_rule]}. Large round: more than "
        f"{F.samples.census_min_n:,} respondents ({census}); those of {documented} set out to interview every escapee and "
        f"reached part of them. Their intervals show sampling error only; the non-response that dominates such "
        f"rounds is not reflected. †: the sources disagree about this figure (as transcribed: "
        + "; ".join(f"{name} {p.year}: {reader_note(p.conflict)}" for name, p in _conflicts(F))
        + ").",
    )


def table_gaps(F: SurveysFindings) -> None:
    """Table: every gap to the general population, computed and as stated, with its caveat."""
    rows = sorted(
        F.work.gaps + F.pay.points,
        key=lambda g: (("employment", "unemployment", "participation", "wage").index(g.measure), g.year),
    )

    def num(v, fmt="{:.1f}"):
        return "" if v is None else fmt.format(v)

    table = pd.DataFrame(
        {
            "Measure": [g.measure for g in rows],
            "Survey year": [g.year for g in rows],
            "Escapees": [num(g.escapees, "{:,.0f}" if g.measure == "wage" else "{:.1f}") for g in rows],
            "General population": [num(g.general, "{:,.0f}" if g.measure == "wage" else "{:.1f}") for g in rows],
            "Computed": [
                ("" if g.computed is None else (f"{g.computed:.1f}%" if g.measure == "wage" else _signed(g.computed)))
                for g in rows
            ],
            "Stated": [
                ("" if g.stated is None else (f"{g.stated:g}%" if g.measure == "wage" else _signed(g.stated, "{:+g}")))
                for g in rows
            ],
            "Stated by": [g.stated_source for g in rows],
            "Caveat": [g.caveat for g in rows],
        }
    )
    report.table(
        table,
        "survey_gaps",
        caption="Every gap between escapees and the general population that the Korea Hana Foundation's releases "
        "published or that follows from two published rates: labour-market gaps in percentage points (escapees minus "
        "general population), wages as escapees' percentage of the general population's wage (money in won a month).",
        colspec="p{2.0cm}p{0.8cm}p{1.4cm}p{1.6cm}p{1.3cm}p{1.1cm}p{2.0cm}p{2.7cm}",
        long=True,
        sources=("Stated by",),
        note="Computed: from the two published rates or wages. Stated: as a release printed it. Where both exist and "
        "differ, both are kept and the caveat says so; the summary table and the prose use the computed value.",
    )


def table_sex(F: SurveysFindings) -> None:
    """Table: labour-market figures by sex where the sources publish them, beside the overall figure."""
    table = pd.DataFrame(
        {
            "Survey": [sv.SOURCE_NAMES[r.survey] for r in F.by_sex.rows],
            "Survey year": [r.year for r in F.by_sex.rows],
            "Measure": [r.measure for r in F.by_sex.rows],
            "Men": [r.men.text for r in F.by_sex.rows],
            "Women": [r.women.text for r in F.by_sex.rows],
            "All": [r.overall.text if r.overall is not None else "" for r in F.by_sex.rows],
            "Compared with": [r.comparator for r in F.by_sex.rows],
        }
    )
    report.table(
        table,
        "survey_sex",
        caption="Labour-market figures by sex, where a survey release published them, beside the figure for all "
        "respondents. Only the wage ratios of 2023 compare each sex with the same sex in the general population.",
        colspec="p{2.0cm}p{1.0cm}p{3.4cm}p{1.5cm}p{1.5cm}p{1.0cm}p{2.2cm}",
        note="Empty: not published. Subgroup sizes were not published, so these figures have no intervals.",
    )


def table_nkdb(F: SurveysFindings) -> None:
    """Table: NKDB by survey year beside Hana's figure for the same year."""
    years = sorted({p.year for p in F.nkdb.unemployment} | set(F.nkdb.participation))
    side = {c.year: c for c in F.nkdb.comparisons}
    hana_part = {p.year: p for p in F.work.participation_points}

    def hana_ci(y: int) -> str:
        cell = _ci(F.work.unemployment_points, y)
        p = next((p for p in F.work.unemployment_points if p.year == y), None)
        return cell + (
            CENSUS_MARK if cell and y in F.samples.census_like and p is not None and p.lower is not None else ""
        )

    def part(y: int) -> str:
        p = F.nkdb.participation.get(y)
        return "" if p is None else f"{p.value:.1f}" + (" (derived)" if y in F.nkdb.participation_derived else "")

    table = pd.DataFrame(
        {
            "Survey year": years,
            "NKDB n": [F.nkdb.n.get(y, "") for y in years],
            f"NKDB unemployed % ({F.method.level_pct} CI)": [_ci(F.nkdb.unemployment, y) for y in years],
            f"Hana unemployed % ({F.method.level_pct} CI)": [hana_ci(y) for y in years],
            "NKDB − Hana (points)": [_signed(side[y].difference_pp) if y in side else "" for y in years],
            "NKDB participation %": [part(y) for y in years],
            "Hana participation %": [f"{hana_part[y].value:.1f}" if y in hana_part else "" for y in years],
        }
    )
    census = ", ".join(map(str, F.samples.census_like))
    report.table(
        table,
        "survey_nkdb",
        caption="NKDB survey by survey year, beside the Korea Hana Foundation's figure for the same year: two separate "
        f"surveys, compared, not joined. Unemployment intervals ({F.method.level_pct}, Wilson) use the economically active as n.",
        colspec="rrp{2.6cm}p{2.6cm}p{1.6cm}p{1.6cm}p{1.6cm}",
        note="Empty: not published. An NKDB unemployment rate without an interval is one whose participation rate (and so "
        "its base) was not published. Participation marked 'derived' was not published as a rate: it is 100 minus the "
        "published share economically inactive ("
        + "; ".join(f"{y}: 100 − {v:.1f}" for y, v in F.nkdb.participation_derived.items())
        + "), and it is the rate behind that year's unemployment interval. "
        + " ".join(
            f"NKDB's {c['year']} participation rate is shown as printed ({c['value']:.1f}%); the count printed with "
            f"it, {c['count']:,.0f} of {c['n']:,} respondents, would be {c['count'] / c['n'] * 100:.1f}%, so its "
            f"base is unclear."
            for c in F.nkdb.printed_counts
        )
        + f" Large round (Hana): more than {F.samples.census_min_n:,} respondents ({census}); its interval shows sampling "
        "error only.",
    )


def coincidence_words(c: Coincidence) -> str:
    """One place where a cited number appears as another quantity, as a table cell says it."""
    if c.kind == "panel share":
        return (
            f"{c.survey} {c.year}: the {c.indicator} ({c.panel:,} of its {c.n:,} respondents), from the description of "
            "its sample; not an answer to any question"
        )
    survey = f"{c.survey} {c.year}" if c.survey else f"a survey not named, reported by {c.reported_by}"
    return f"{survey}: {c.indicator}, {c.group}"


def table_cited(F: SurveysFindings) -> None:
    """Table: the NKDB 2023 figures the article cites, and what the same number is elsewhere."""
    cited = list(F.cited.figures.values())
    table = pd.DataFrame(
        {
            "Claim": [c.claim_id for c in cited],
            "The article's words": [c.quote for c in cited],
            "Figure %": [c.claimed.text for c in cited],
            "The same number elsewhere in the survey data": [
                "; ".join(coincidence_words(x) for x in c.coincidences) or "nowhere" for c in cited
            ],
        }
    )
    report.table(
        table,
        "survey_cited",
        caption="The three NKDB 2023 survey figures the article cites, as it cites them (they enter no series), and what "
        "the same number is where it appears elsewhere in the survey data.",
        colspec="lp{6.0cm}rp{5.6cm}",
    )
