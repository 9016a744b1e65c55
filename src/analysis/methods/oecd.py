"""Is South Korea's suicide rate the highest in the OECD? Per release (publication vintage), per data year.

Rules:

- Only OECD-standard age-standardised rates for both sexes are compared (``comparable`` in the processed
  table). WHO world-standard estimates (Korea 4th worldwide in 2019) and aggregator-rounded integers use
  other methods and are excluded, with a note.
- Values from different releases are never mixed in one series: a release revises earlier years (Korea
  2012: 29.1 in OECD Health Data 2015, 30.3 in OECD Health Statistics 2025). A chart series is one
  release, or, stated as such, "each year's own KOSTAT release" (data year Y from KOSTAT's Causes of
  Death release for Y, the figure the press reported that autumn).
- A release's verdict on Korea for a data year: not highest if the release ranks Korea 2nd or lower, or
  ranks another OECD member 1st, or prints a member's rate above Korea's; highest if it ranks Korea 1st
  or prints Korea's rate above every other member's it lists; otherwise not stated. The runner-up's
  data year may be its latest available year, not Korea's (the release's own comparison).
- Across releases, a data year counts as "Korea highest" only if no release says otherwise
  (``korea_first``). ``status`` says more: "first" (every release that states a verdict ranks Korea
  highest), "not first" (none does), "contested" (releases disagree), NA (none states one).
- Lithuania joined the OECD in 2018 (``LITHUANIA_JOINED``): rankings for earlier data years depend on
  whether the release counts it.
"""

from __future__ import annotations

import pandas as pd

KOREA = "Korea"
AVERAGE = "OECD average"
# Countries listed by the sources that were not OECD members (partners or non-members): never runners-up.
NON_MEMBERS = frozenset({"Russian Federation", "South Africa", "Peru", "World"})
# Year Lithuania became an OECD member (dossier /work/shared/sources/suicide.md, section 0 item 5; data note
# on row O117: "Lithuania not yet counted as an OECD member" in a 2018 report).
LITHUANIA_JOINED = 2018
STATUSES = ("first", "not first", "contested")


def comparable(oecd: pd.DataFrame) -> pd.DataFrame:
    """OECD-standard, both-sexes rows only."""
    return oecd[oecd["comparable"].astype(bool) & (oecd["sex"] == "total")]


def excluded(oecd: pd.DataFrame) -> pd.DataFrame:
    """Rows left out of the ranking, with the reason (not OECD-standard, or one sex only)."""
    out = oecd[~oecd.index.isin(comparable(oecd).index)].copy()
    out["reason"] = [
        "one sex only" if s != "total" else f"not OECD-standard: {std}"
        for s, std in zip(out["sex"], out["standardisation"], strict=False)
    ]
    return out


def _members(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[~rows["country"].isin(NON_MEMBERS | {KOREA, AVERAGE})]


def _same_year(g: pd.DataFrame, year) -> pd.DataFrame:
    """Rows of a release for one data year, or undated ('latest') rows; all rows when year is NA."""
    if pd.isna(year):
        return g
    return g[(g["data_year"] == year) | g["data_year"].isna()]


def _verdict(release: str, g: pd.DataFrame, k: pd.Series | None) -> dict:
    """The verdict of one release on Korea for one data year (``k``: Korea's row, or None when the
    release names another country first without printing Korea's rate)."""
    year = k["data_year"] if k is not None else pd.NA
    # A release comparing Korea with other countries' latest years is one comparison; only a release that
    # prints Korea for several data years (OECD Health Statistics 2025) is split by year.
    rows = _same_year(g, year) if (g["country"] == KOREA).sum() > 1 else g
    others = _members(rows)
    first_other = others[others["rank"] == 1]
    if k is None:
        year = first_other.iloc[0]["data_year"]
    avg_rows = rows[rows["country"] == AVERAGE].dropna(subset=["value"])
    if not pd.isna(year) and (avg_rows["data_year"] == year).any():
        avg_rows = avg_rows[avg_rows["data_year"] == year]
    kval = k["value"] if k is not None else float("nan")
    above = others[others["value"] > kval] if k is not None else others.iloc[0:0]
    below = others.dropna(subset=["value"]).sort_values("value", ascending=False)
    if len(first_other):
        runner = first_other.iloc[0]
    elif len(above):
        runner = above.sort_values("value").iloc[-1]
    else:
        runner = below.iloc[0] if len(below) else None
    if k is not None and pd.notna(k["rank"]) and k["rank"] >= 2:
        verdict, basis = False, f"ranks Korea {int(k['rank'])}"
    elif len(first_other):
        verdict, basis = False, f"ranks {first_other.iloc[0]['country']} first"
    elif len(above):
        verdict, basis = False, f"{above.iloc[0]['country']} {above.iloc[0]['value']:g} > Korea {kval:g}"
    elif k is not None and pd.notna(k["rank"]) and k["rank"] == 1:
        verdict, basis = True, "ranks Korea first"
    elif k is not None and runner is not None:
        verdict, basis = True, f"Korea {kval:g} > {runner['country']} {runner['value']:g}"
    else:
        verdict, basis = pd.NA, "rank not stated"
    dated = g["release_date"].replace("", pd.NA).dropna()
    return {
        "release_id": release,
        "release_date": dated.iloc[0] if len(dated) else "",
        "release_sort": g["release_sort"].fillna("").max(),
        "data_year": year,
        "data_year_as_printed": k["data_year_as_printed"]
        if k is not None
        else first_other.iloc[0]["data_year_as_printed"],
        "korea_value": kval,
        "korea_rank": k["rank"] if k is not None else pd.NA,
        "oecd_average": avg_rows["value"].iloc[0] if len(avg_rows) == 1 else float("nan"),
        "oecd_average_values": ", ".join(f"{v:g}" for v in avg_rows["value"]),
        "runner_up": runner["country"] if runner is not None else "",
        "runner_up_value": runner["value"] if runner is not None else float("nan"),
        "runner_up_year": runner["data_year_as_printed"] if runner is not None else "",
        "korea_highest": verdict,
        "verdict_basis": basis,
        "kostat_own_release": bool(k is not None and k["kostat_own_release"]),
        "source_ids": ", ".join(sorted(set(rows["source_id"]))),
    }


def release_verdicts(oecd: pd.DataFrame) -> pd.DataFrame:
    """One row per release that states Korea's rate or who was first, with the release's verdict.

    Columns: release_id, release_date, release_sort, data_year, data_year_as_printed, korea_value,
    korea_rank, oecd_average, runner_up, runner_up_value, runner_up_year, korea_highest (True/False/NA),
    verdict_basis, kostat_own_release, source_ids.
    """
    c = comparable(oecd)
    rows = []
    for release, g in c.groupby("release_id", sort=False):
        others_all = _members(g)
        first_all = others_all[others_all["rank"] == 1]
        koreas = [k for _, k in g[g["country"] == KOREA].iterrows()] or ([None] if len(first_all) else [])
        for k in koreas:  # one verdict per Korea data year in the release (OECD HS 2025 has 2012 and 2022)
            rows.append(_verdict(release, g, k))
    out = pd.DataFrame(rows)
    out["data_year"] = out["data_year"].astype("Int64")
    out["korea_highest"] = out["korea_highest"].astype("boolean")
    return out.sort_values(["data_year", "release_sort"], na_position="first", kind="stable").reset_index(drop=True)


def by_data_year(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Per data year: was Korea highest in every release that says (``korea_first``), which releases said
    not, and the ``status``: "first" (all stated verdicts say highest), "not first" (none does),
    "contested" (they disagree), NA (no release states a verdict). ``releases_stated`` and
    ``releases_first`` count the releases with a verdict and those ranking Korea highest;
    ``as_labelled`` is True when a release's data year is printed "as labelled" (its year is uncertain)."""
    v = verdicts.dropna(subset=["data_year"])
    rows = []
    for year, g in v.groupby("data_year"):
        stated = g.dropna(subset=["korea_highest"])
        no = stated[~stated["korea_highest"].astype(bool)]
        n_first = int(stated["korea_highest"].astype(bool).sum())
        status = pd.NA if stated.empty else ("first" if no.empty else ("not first" if n_first == 0 else "contested"))
        rows.append(
            {
                "data_year": int(year),
                "korea_first": pd.NA if stated.empty else bool(no.empty),
                "status": status,
                "releases_stated": len(stated),
                "releases_first": n_first,
                "releases_first_names": "; ".join(
                    r.release_id for r in stated[stated["korea_highest"].astype(bool)].itertuples()
                ),
                "as_labelled": bool(g["data_year_as_printed"].astype(str).str.contains("as labelled").any()),
                "releases": len(g),
                "releases_not_first": "; ".join(f"{r.release_id} ({r.verdict_basis})" for r in no.itertuples()),
            }
        )
    out = pd.DataFrame(rows)
    out["korea_first"] = out["korea_first"].astype("boolean")
    return out


def kostat_own_series(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Korea's rate, the OECD average and the runner-up by data year, each from that year's own KOSTAT
    Causes of Death release (one release per point; labelled as such wherever it is shown)."""
    own = verdicts[verdicts["kostat_own_release"]]
    return own.set_index("data_year")[
        [
            "release_id",
            "korea_value",
            "korea_rank",
            "oecd_average",
            "runner_up",
            "runner_up_value",
            "runner_up_year",
            "korea_highest",
        ]
    ].sort_index()


def release_series(oecd: pd.DataFrame, release_id: str, country: str = KOREA) -> pd.Series:
    """One release's values for one country by data year (never mixed with another release)."""
    c = comparable(oecd)
    g = c[(c["release_id"] == release_id) & (c["country"] == country)].dropna(subset=["data_year", "value"])
    return g.set_index("data_year")["value"].sort_index()


def latest(verdicts: pd.DataFrame) -> pd.Series:
    """The most recently dated release that states Korea's rate."""
    v = verdicts[(verdicts["release_sort"] != "") & verdicts["korea_value"].notna()]
    return v.sort_values(["release_sort", "data_year"], kind="stable").iloc[-1]
