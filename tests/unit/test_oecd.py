"""OECD ranking by release on tiny inline tables (figures as published)."""

import pytest
from rawtables import oecd_row, raw_table

from analysis.cleaning import mortality as m
from analysis.methods import oecd as oe


def table(rows):
    return m.tidy_oecd(raw_table("oecd_suicide", rows))


KOSTAT_2017 = "KOSTAT 2017 Causes of Death (Sep 2018)"
KOSTAT_2023 = "KOSTAT 2023 Causes of Death (Oct 2024)"
ROWS = [
    # KOSTAT 2017 release: Korea 23.0 second after Lithuania 26.7 (2016 data)
    oecd_row("O056", "2017", "Korea", "23.0", KOSTAT_2017, "2018-09", "2", "kmib-nd"),
    oecd_row("O057", "2016", "Lithuania", "26.7", "KOSTAT 2017 release / OECD stat site 2018", "", "1", "kmib-nd"),
    oecd_row("O098", "latest (various)", "OECD average", "11.9", KOSTAT_2017, "2018-09", "", "kmib-nd"),
    # KOSTAT 2023 release: Korea 24.8 first; Lithuania 17.1 (2022)
    oecd_row("O003", "2023", "Korea", "24.8", KOSTAT_2023, "2024-10", "1", "news1-nd"),
    oecd_row("O004", "2022", "Lithuania", "17.1", KOSTAT_2023, "2024-10", "2", "news1-nd"),
    oecd_row("O005", "latest (various)", "OECD average", "10.7", KOSTAT_2023, "2024-10", "", "news1-nd"),
    # One release with two Korea data years: kept apart by year
    oecd_row("O006", "2022", "Korea", "23.2", "OECD Health Statistics 2025", "2025-07", "1", "s"),
    oecd_row("O007", "2022", "OECD average", "10.7", "OECD Health Statistics 2025", "2025", "", "s"),
    oecd_row("O008", "2012", "Korea", "30.3", "OECD Health Statistics 2025", "2025", "1", "s"),
    oecd_row("O009", "2012", "OECD average", "12.8", "OECD Health Statistics 2025", "2025", "", "s"),
    # Health at a Glance 2018: Lithuania first in 2016, no values
    oecd_row("O058", "2016", "Lithuania", "", "OECD Health at a Glance 2018", "2018", "1", "oecd-2018"),
    # KOSTAT 2016 release: Korea first (Lithuania not yet a member)
    oecd_row("O096", "2016", "Korea", "24.6", "KOSTAT 2016 Causes of Death", "", "1", "smnews-nd"),
    # a non-member above Korea is never a runner-up; rank from values when no rank is stated
    oecd_row("O200", "2019", "Korea", "24.6", "Toy release", "2020", "", "t"),
    oecd_row("O201", "2019", "Russian Federation", "25.0", "Toy release", "2020", "", "t"),
    oecd_row("O202", "2019", "Slovenia", "16.5", "Toy release", "2020", "", "t"),
    # WHO: excluded
    oecd_row(
        "O077", "2019", "Republic of Korea", "28.6", "WHO GHE 2019", "", "4", "g", "WHO world standard population"
    ),
]


@pytest.fixture()
def verdicts():
    return oe.release_verdicts(table(ROWS))


def test_release_verdicts(verdicts):
    v = verdicts.set_index(["release_id", "data_year"])
    k17 = v.loc[("KOSTAT 2017 Causes of Death (Sep 2018)", 2017)]
    assert not k17["korea_highest"] and k17["runner_up"] == "Lithuania" and k17["runner_up_value"] == 26.7
    assert k17["oecd_average"] == 11.9
    k23 = v.loc[("KOSTAT 2023 Causes of Death (Oct 2024)", 2023)]
    assert k23["korea_highest"] and (k23["runner_up"], k23["runner_up_value"], k23["oecd_average"]) == (
        "Lithuania",
        17.1,
        10.7,
    )
    hs = verdicts[verdicts["release_id"] == "OECD Health Statistics 2025"].set_index("data_year")
    assert hs["korea_value"].to_dict() == {2012: 30.3, 2022: 23.2}
    assert hs["oecd_average"].to_dict() == {2012: 12.8, 2022: 10.7}  # averages matched by year, not mixed
    toy = v.loc[("Toy release", 2019)]
    assert (
        toy["korea_highest"] and toy["runner_up"] == "Slovenia" and toy["verdict_basis"] == "Korea 24.6 > Slovenia 16.5"
    )
    glance = v.loc[("OECD Health at a Glance 2018", 2016)]
    assert not glance["korea_highest"] and glance["verdict_basis"] == "ranks Lithuania first"
    assert "WHO GHE 2019" not in set(verdicts["release_id"])


def test_by_data_year_lithuania_exception(verdicts):
    y = oe.by_data_year(verdicts).set_index("data_year")
    assert y["korea_first"].to_dict() == {2012: True, 2016: False, 2017: False, 2019: True, 2022: True, 2023: True}
    assert (
        "OECD Health at a Glance 2018" in y.at[2016, "releases_not_first"]
    )  # KOSTAT 2016 said first; one 'no' decides


def test_kostat_own_series_is_one_release_per_year(verdicts):
    own = oe.kostat_own_series(verdicts)
    assert own["korea_value"].to_dict() == {2016: 24.6, 2017: 23.0, 2023: 24.8}
    assert own["release_id"].str.startswith("KOSTAT").all()


def test_release_series_never_mixes_releases():
    s = oe.release_series(table(ROWS), "OECD Health Statistics 2025")
    assert s.to_dict() == {2012: 30.3, 2022: 23.2}


def test_latest_release(verdicts):
    last = oe.latest(verdicts)
    assert (last["release_id"], last["data_year"], last["korea_value"]) == ("OECD Health Statistics 2025", 2022, 23.2)


def test_excluded_rows_have_reasons():
    ex = oe.excluded(table(ROWS))
    assert ex["row_id"].tolist() == ["O077"] and ex["reason"].iloc[0].startswith("not OECD-standard")


def test_by_data_year_status_contested_vs_not_first(verdicts):
    y = oe.by_data_year(verdicts).set_index("data_year")
    # 2016: KOSTAT 2016 release ranks Korea first, Health at a Glance 2018 ranks Lithuania first -> contested
    assert y.at[2016, "status"] == "contested"
    assert y.at[2016, "releases_first"] >= 1 and y.at[2016, "releases_stated"] > y.at[2016, "releases_first"]
    assert y.at[2017, "status"] == "not first"  # the only release ranks Korea 2nd
    assert y.at[2023, "status"] == "first"
    assert not y["korea_first"].astype(bool)[2016]  # unchanged meaning: a single 'no' means not first


def test_kostat_own_series_keeps_korea_rank(verdicts):
    own = oe.kostat_own_series(verdicts)
    assert int(own.at[2017, "korea_rank"]) == 2
    assert oe.LITHUANIA_JOINED == 2018
