"""The records the findings select by id, each declared once here with the reason for it (issue 16).

A builder picks a record by its meaning. Where that meaning is one row of a raw table, the row's id is
declared here and imported by name; a test fails on a row-id literal anywhere else in ``findings/``.
Claims are rows of ``data/raw/article_claims.csv``, facts of ``facts.csv``, ``E`` records of
``escapee_suicide.csv``, ``O`` rows of ``oecd_suicide.csv`` and ``X`` rows of ``context_suicide.csv``.
"""

from __future__ import annotations


class Claim:
    """The article's claims, by what each says."""

    LOWEST = "C01"  # arrivals 'at their lowest in over two decades'
    DOWN_FROM_PEAK = "C02"  # 'down considerably from their peak in the 2000s and early 2010s'
    OVER_AT_PEAK = "C03"  # 'over 2,000 people were arriving most years' at that time
    HANAWON_STAY = "C04"  # housed at Hanawon for 'several months'
    PER_YEAR = "C05"  # 'around a hundred each year'
    FROM_CHINA = "C06"  # arrivals who had been living in China for some time
    WOMEN = "C07"  # 'around 70 percent' are women
    NKDB_DISCRIMINATION = "C08"  # NKDB 2023: discrimination at work
    NKDB_HABITS = "C09"  # NKDB 2023: discarding North Korean habits
    AROUND_DOUBLE = "C10"  # the suicide rate 'around double' South Korea's (Section 4)
    OECD_HIGHEST = "C11"  # South Korea's rate 'already the highest among OECD countries' (Section 5)
    NKDB_SATISFIED = "C12"  # NKDB 2023: satisfied with life
    ELECTED = "C13"  # several have run for office or been elected
    THAE_SINCE = "C14"  # what Thae Yong-ho has done since his defection
    THAE_YEAR = "C15"  # the year of his defection
    CUBA_DEFECTION = "C16"  # a diplomat in Cuba defected 'earlier this month'
    HIGHEST_RANKING = "C17"  # the highest-ranking defector since Thae Yong-ho
    HANAWON_OPENED = "C18"  # Hanawon opened because 'there were so many escapees then'
    MOVED_ON = "C19"  # some 'migrated on to other countries to escape the stigma'
    REPATRIATION = "C20"  # China 'will forcibly repatriate' North Koreans
    UNIFICATION = "C21"  # North Korea's statement of early 2024
    TRAFFICKING = "C22"  # women escapees' sexual violence or trafficking on the journey
    MEMOIRS = "C23"  # escapees' memoirs 'sold well internationally'
    PERSECUTION = "C24"  # some fled persecution or were imprisoned
    HIDING = "C25"  # some hide their origins


#: The claims the abstract quotes, in its order.
ABSTRACT_CLAIMS = (Claim.LOWEST, Claim.WOMEN, Claim.AROUND_DOUBLE, Claim.OECD_HIGHEST)

# -- facts (data/raw/facts.csv)
ARTICLE_DATE_FACT = "F31"  # when the Cuba defection became public: it dates the article ('earlier this month')
WOMEN_LATER = "F12"  # a lawmaker's later figure for the women's share (September 2024), shown beside C07
ELECTED = ("F20", "F21", "F22", "F23")  # escapees elected to the National Assembly
THAE_DEFECTION = ("F32", "F33", "F49")  # the reports that give both his post and the year he defected
#: words that place a report's Thae Yong-ho at North Korea's embassy in London ('deputy ambassador to the United
#: Kingdom' does: the embassy to the United Kingdom is in London)
THAE_POST = ("London", "United Kingdom", "Britain")
THAE_PARTS = {  # C14's three parts and the facts that document them
    "international speaking tours": "F35",
    "a best-selling memoir": "F34",
    "office in the National Assembly": "F21",
}
C06_STATEMENT = "F36"  # the statement that arrivals had lived in China for some time
CUBA_DEFECTION = "F39"  # when Ri Il Kyu defected; ARTICLE_DATE_FACT: when it became public
HIGHEST_SINCE = ("F31", "F48", "F49", "F50")  # reports of his rank; agreeing ones call him 'highest-ranking'
HANAWON_OPENED, HANAWON_REASON = "F01", "F40"  # Hanawon's opening, and the reason its sources give
REPATRIATION = {  # C20's parts: None where no record was found
    "forced repatriations of North Koreans from China": "F42",
    "every North Korean found (a stated policy of returning all)": None,
}
PERSECUTION = {  # C24's parts
    "imprisonment in North Korea (Shin Dong-hyuk, Camp 14, an account he later corrected in part)": "F51",
    "detention in China (the UN Special Rapporteur's estimate)": "F52",
}
HIDING = {  # C25's parts
    "escapees who want to hide their background (a 2012 survey)": "F53",
    "passing as Korean-Chinese or South Korean-born": None,
}
UNIFICATION = {  # C21's parts
    "a statement in early 2024 that South Korea is the principal enemy": "F43",
    "that unification is no longer possible": "F44",
    "for the first time in its history": None,
}
TRAFFICKING = {  # C22's parts
    "trafficking of North Korean women in China, in an NGO estimate": "F45",
    "a measured share among escapees in South Korea": None,
}
MEMOIRS = ("F46", "F47")  # reports of escapees' memoirs selling internationally
Q1_2024 = "F37"  # arrivals in the first quarter of 2024, published after the article

# -- escapee suicide records (data/raw/escapee_suicide.csv)
MOU_LONG, MOU_RECENT = "E01", "E02"  # MOU's published rates per 100,000: 2006-2020, and 'the past three years'
KIM_2019_SHARE = "E21"  # Kim Young-joo's 2019 share of deaths, with his stated comparator
MOIS_TOTAL = "E23"  # Wi Sung-lac's MOIS-based total of suicides, 2013-2022
UNKNOWN_LONG, UNKNOWN_LONG_SUICIDES = "E03c", "E04"  # MOU 2006-2015 (part-year): unknown-cause deaths, suicides

# -- the periods of the sensitivity grid (Section 4.7, Table 5), besides the parameters' period and every single year
# with a full-year count: the primary period, its two halves as the MOIS-based series divides them (Section 4.5),
# the three-year windows of the recent years (MOU's 'past three years' and the lawmakers' yearly counts),
# 2013-2015 (the years MOU supplied counts for) and 2017-2022 (the years of the shares of deaths).
SENSITIVITY_PERIODS = (
    (2013, 2022),
    (2013, 2019),
    (2017, 2022),
    (2013, 2015),
    (2017, 2019),
    (2018, 2020),
    (2019, 2021),
    (2020, 2022),
)

# -- OECD and WHO rows (data/raw/oecd_suicide.csv) and the published context (data/raw/context_suicide.csv)
WHITE_PAPER = "O054"  # MOHW's 2020 white paper, whose note says Lithuania exceeded Korea
CONTEXT_MORTALITY = "X001"  # the pooled odds ratio of suicide mortality among migrants (Amiri 2022)
CONTEXT_DISPLACED = ("X003", "X004", "X005")  # the displaced-people review: studies, lowest and highest rate
