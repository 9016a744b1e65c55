"""The tables the findings read (analysis.findings.tables): one reader each, of a table the project has."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.cleaning import rawdata
from analysis.cleaning.processed import PROCESSED
from analysis.findings.tables import READERS, Tables


def test_every_reader_reads_a_processed_table_or_a_raw_resource():
    raw = {name.removeprefix("raw/") for name in READERS if name.startswith("raw/")}
    processed = {name for name in READERS if not name.startswith("raw/")}
    assert raw <= set(rawdata.resources()), raw - set(rawdata.resources())
    assert processed <= set(PROCESSED), processed - set(PROCESSED)


def test_a_table_given_is_the_one_read_and_each_is_read_once(monkeypatch):
    given = pd.DataFrame({"item": ["1"]})
    calls: list[str] = []
    monkeypatch.setitem(READERS, "claims", lambda: calls.append("claims") or pd.DataFrame({"claim_id": ["C01"]}))
    tables = Tables({"raw/gather_checklist": given})
    assert tables["raw/gather_checklist"] is given
    assert tables["claims"] is tables["claims"] and calls == ["claims"]  # read when first asked for, then kept


def test_a_table_no_reader_declares_is_refused():
    with pytest.raises(KeyError, match="no table adopted in analysis.findings.tables.READERS"):
        Tables({"adopted": pd.DataFrame()})
