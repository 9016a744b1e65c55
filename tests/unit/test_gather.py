"""The GATHER checklist appendix: all 18 published items answered, pointers resolved to report numbers."""

import re

import pytest

from analysis.core import numbering
from analysis.core.values import Value
from analysis.findings import gather
from analysis.findings.tables import Tables


@pytest.fixture(scope="module")
def G():
    return gather.findings()


def test_all_18_published_items_in_order(G):
    # Stevens et al. 2016: 18 items; item 2 "List the funding sources for the work."
    assert [i.number for i in G.items] == list(range(1, 19))
    assert G.items[1].text == "List the funding sources for the work."
    assert G.n_items.value == 18 and G.n_items.sources == ("gather-2016", "gather-2016-lancet")


def test_every_pointer_names_a_registered_figure_or_table(G):
    for number, (status, template) in gather.WHERE.items():
        assert status in gather.STATUSES
        for label in re.findall(r"\{((?:fig|tab):[a-z0-9_]+)\}", template):
            kind, _, key = label.partition(":")
            assert key in dict((k, n) for n, k in numbering.numbered(kind)), f"item {number}: {label}"
    where = {i.number: i.where.text for i in G.items}
    assert "{" not in "".join(where.values())
    assert f"Table {numbering.number('tab', 'suicide_sensitivity')}" in where[12]
    assert where[6].startswith(f"Figure {numbering.number('fig', 'bias_diagram')} ")


def test_tally_lists_each_status_given():
    none = Value.of(None)
    tally = gather.tally({"reported": 15, "partly reported": 1, "not applicable": 1, "not reported": 1}, none)
    assert tally.text == "15 in full, one in part, one not applicable and one not at all"
    assert gather.tally({"reported": 1, "not reported": 2}, none).text == "one in full and two not at all"


def test_counts_add_up_to_the_items(G):
    parts = (G.n_reported, G.n_partly, G.n_not_applicable, G.n_not_reported)
    assert sum(v.value for v in parts) == 18
    # items 8, 11, 14, 15 in part: no public address for the code and data; the primary period chosen in revision
    assert (G.n_reported.value, G.n_partly.value, G.n_not_applicable.value) == (14, 4, 0)


def test_a_checklist_that_disagrees_with_the_answers_is_one_clear_line():
    import pandas as pd

    t = pd.DataFrame({"item": ["1", "2"], "heading": ["a", "a"], "text": ["x", "y"], "source_id": ["s", "s"]})
    with pytest.raises(gather.DataError, match=r"gather_checklist.csv lists items \[1, 2\]"):
        gather.findings(Tables({"raw/gather_checklist": t}))


def test_the_search_log_counts_its_queries_and_what_could_not_be_reached():
    from analysis.present.gather import query_cell

    G = gather.findings()
    s = G.search
    # data/raw/search_log.csv: 14 queries for KOSTAT's rates by sex and age, 13 for the article's further claims
    assert (s.queries.value, s.not_reached.value) == (27, 6)
    assert s.fruitless.value == 2  # Q14 (sex by age in 2014-2015), Q25 (memoir sales)
    first = s.rows[0]
    assert first.language == "ko" and query_cell(first) == (
        "suicide rate by sex and age, Statistics Korea, causes-of-death statistics, men in their 70s "
        "(translated from the Korean)"
    )
    assert query_cell(s.rows[1]) == s.rows[1].query  # an English query is printed as run
    assert next(i for i in G.items if i.number == 4).status == "reported"


def test_search_notes_read_in_a_readers_words():
    from analysis.present.gather import reader_words

    assert reader_words("any 2024 figures: in no stored page.") == "any 2024 figures: in no archived copy searched."
    assert reader_words("Statista's series: not in the stored pages; neither is used.") == (
        "Statista's series: not in the archived copies searched; neither is used."
    )
